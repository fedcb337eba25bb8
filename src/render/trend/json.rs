//! The trend document as JSON (schema_version 2: `report::trend_wire`).

use std::io::{self, Write};

use crate::report::trend::TrendReport;

/// One line per rule, point and repository, so two trends of the same org diff cleanly.
pub fn json(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    crate::render::buffered(out, |buf| crate::report::trend_wire::write(t, buf))
}
