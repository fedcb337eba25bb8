//! The trend document as JSON.

use std::io::{self, Write};

use crate::report::trend::TrendReport;

pub fn json(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, t)?;
    writeln!(out)
}
