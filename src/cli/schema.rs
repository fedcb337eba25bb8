//! `paved schema report|trend|pack`: print a JSON Schema generated from paved's own types.

use clap::{Args, ValueEnum};

use super::output;
use crate::exit::Exit;
use crate::pack;
use crate::report::schema as report_schema;

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Which document: the scan report, the trend document or a rule pack.
    #[arg(value_enum)]
    pub document: Document,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Document {
    /// `paved scan --format json` (checked in as schema/report.schema.json).
    Report,
    /// `paved trend --format json` (checked in as schema/trend.schema.json).
    Trend,
    /// A rule pack file (checked in as schema/pack.schema.json; also `paved rules schema`).
    Pack,
}

/// The schema's text, pretty-printed with a trailing newline.
pub fn text(document: Document) -> String {
    match document {
        Document::Report => report_schema::report_schema(),
        Document::Trend => report_schema::trend_schema(),
        Document::Pack => pack::schema::pack_schema(),
    }
}

pub fn run(args: &SchemaArgs) -> anyhow::Result<Exit> {
    let s = text(args.document);
    output::write_output(None, |out| out.write_all(s.as_bytes()))?;
    Ok(Exit::Success)
}
