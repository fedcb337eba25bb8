//! Writing reports: one file per output format, each `fn(&Report, &RenderOptions, &mut dyn Write)`.
//!
//! Only this module writes what users read; evaluation and aggregation return data.

pub mod burndown;
pub mod campaign;
pub mod check;
pub mod csv;
pub mod diff;
pub mod fix;
pub mod github;
mod grid;
pub mod html;
mod html_expired;
mod html_repos;
pub mod html_trend;
pub mod init;
pub mod json;
pub mod junit;
pub mod markdown;
mod matrix;
pub mod rule_docs;
pub mod sanitize;
pub mod sarif;
pub mod table;
pub mod trend;

use std::io::{self, Write};

use crate::report::Report;

/// The output formats of `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
    Sarif,
    Junit,
    Github,
}

/// How `--by` groups repositories in the human tables: by team (config or CODEOWNERS), by each
/// of a repository's topics (one with several counts in each), or by owner (the org or user
/// part of its name, `acme` in `acme/api`). The variants carry no doc comments, which would
/// turn `--help` into its long form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Team,
    Topic,
    Owner,
}

/// What a renderer needs besides the report.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Colour escapes are allowed (only for terminals; `--color`, `NO_COLOR`).
    pub color: bool,
    /// The day against which rule deadlines are judged ("past deadline", "due in 12 days").
    pub today: jiff::civil::Date,
    /// Group the human tables (`--by team|topic|owner`).
    pub by: Option<GroupBy>,
    /// The table's width in columns: no line of the `table` format is longer.
    pub width: usize,
    /// List every repository in the table's sections instead of the first few (`--all`).
    pub all: bool,
    /// The built-in packs the scan loaded, for the header of the human formats (`None`: say
    /// nothing, as for a merged or diffed report whose packs are not known here).
    pub builtin_packs: Option<Vec<String>>,
    /// At most this many annotations in `github` format for a report of many repositories.
    pub max_annotations: usize,
}

/// Writes `value` as indented JSON and a newline, through [`buffered`]: the serializer makes
/// several small writes per value.
pub(crate) fn pretty_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    buffered(out, |buf| {
        serde_json::to_writer_pretty(&mut *buf, value)?;
        buf.write_all(b"\n")
    })
}

/// Runs `write` on a buffer of its own over `out`, then flushes it: a writer of many small
/// pieces then makes plain calls, not one dynamic call through `out` per piece.
pub(crate) fn buffered(
    out: &mut dyn Write,
    write: impl FnOnce(&mut io::BufWriter<&mut dyn Write>) -> io::Result<()>,
) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(64 * 1024, out);
    write(&mut buf)?;
    buf.flush()
}

/// The header line that says which built-in packs are on and how to choose others.
pub(crate) fn builtin_line(opts: &RenderOptions) -> Option<String> {
    let packs = opts.builtin_packs.as_ref()?;
    let on = if packs.is_empty() {
        "none".to_string()
    } else {
        packs.join(", ")
    };
    Some(format!(
        "built-in packs: {on} (choose with --builtin or `builtin:` in paved.yml)"
    ))
}

/// A fixed day, so renderer tests and snapshots do not change with the calendar; the CLI always
/// sets `today`.
impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            today: jiff::civil::date(2026, 11, 26),
            by: None,
            width: 80,
            all: false,
            builtin_packs: None,
            max_annotations: 50,
        }
    }
}

/// Writes `report` in `format` to `out`.
pub fn render(
    report: &Report,
    format: Format,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, opts, out),
        Format::Json => json::render(report, opts, out),
        Format::Csv => csv::render(report, opts, out),
        Format::Markdown => markdown::render(report, opts, out),
        Format::Html => html::render(report, opts, out),
        Format::Sarif => sarif::render(report, opts, out),
        Format::Junit => junit::render(report, opts, out),
        Format::Github => github::render(report, opts, out),
    }
}
