//! The `json` format: the report as the contract's schema_version 2 (`report::wire`).

use std::io::{self, Write};

use super::RenderOptions;
use crate::report::Report;

/// Field order and sorting come from `Report` itself, so two scans of the same repos diff
/// cleanly; one line per rule, distinct result and repository.
pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    crate::report::wire::write(report, out)
}
