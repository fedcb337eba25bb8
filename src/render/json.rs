//! The `json` format: the report exactly as the contract's schema (schema_version 1).

use std::io::{self, Write};

use super::RenderOptions;
use crate::report::Report;

/// Pretty JSON with a trailing newline; field order and sorting come from `Report` itself, so
/// two scans of the same repos diff cleanly.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
