//! Trend outputs: `paved trend` as a table, JSON, CSV, Markdown or an SVG line chart; the
//! `--adopters RULE` listing; and the quarterly memo in Markdown.
//!
//! Percentages are whole numbers that never round to a misleading 0% or 100%; changes are in
//! percentage points ("+23 pp").

use std::io::{self, Write};

use crate::report::trend::TrendReport;
use crate::report::{Counts, RuleSummary, Summary, TeamSummary};

mod adopters;
mod chart;
mod csv;
mod dashboard;
mod json;
mod markdown;
mod memo;
mod table;

pub use self::csv::{CSV_COLUMNS, csv};
pub use adopters::adopters;
pub use chart::{ChartOptions, LineChart, Series, line_chart, svg};
pub use dashboard::{render_with_campaigns, render_with_trend};
pub use json::json;
pub use markdown::markdown;
pub use memo::{MemoChart, memo};
pub use table::table;

/// The output formats of `paved trend --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendFormat {
    Table,
    Json,
    Csv,
    Markdown,
    /// A self-contained SVG line chart: one line per rule, and org-wide.
    Svg,
    /// The dashboard of the last point, with the trend chart.
    Html,
}

/// How many changes the Markdown trend lists before it says "and N more".
pub(super) const CHANGES_LIMIT: usize = 50;
/// How many repositories a memo list names before it says "and N more".
pub(super) const MEMO_LIST_LIMIT: usize = 12;
/// How many teams the memo shows as movers.
pub(super) const MOVERS_LIMIT: usize = 5;

pub use crate::figures::delta_pp as delta;

/// The change of a figure over the trend, from the first point that has it to the last that
/// has it: a rule, team or the org with no figure at the first points (a `--since` before its
/// history) still shows how it moved since it first had one. Empty without two figures.
pub(super) fn change(t: &TrendReport, figure: impl Fn(&Summary) -> Option<f64>) -> String {
    let mut values = t.points.iter().filter_map(|p| figure(&p.summary));
    let first = values.next();
    let last = values.last().or(first);
    delta(first, last)
}

pub(super) fn counted(c: &Counts) -> usize {
    c.paved + c.custom + c.missing
}

pub(super) fn rule_at<'a>(s: &'a Summary, rule: &str) -> Option<&'a RuleSummary> {
    s.rules.iter().find(|r| r.rule == rule)
}

pub(super) fn team_at<'a>(s: &'a Summary, team: &str) -> Option<&'a TeamSummary> {
    s.teams.iter().find(|t| t.team == team)
}

/// Every team that appears at some point, sorted.
pub(super) fn teams(t: &TrendReport) -> Vec<&str> {
    let mut v: Vec<&str> = t
        .points
        .iter()
        .flat_map(|p| p.summary.teams.iter().map(|t| t.team.as_str()))
        .collect();
    v.sort();
    v.dedup();
    v
}

pub(super) fn period(t: &TrendReport) -> String {
    match t.every {
        Some(e) => format!("from {} to {}, every {}", t.since, t.until, e.as_str()),
        None => format!("from {} to {}", t.since, t.until),
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn first_last(t: &TrendReport) -> Option<(&Summary, &Summary)> {
    Some((&t.points.first()?.summary, &t.points.last()?.summary))
}

/// Writes `t` in `format`; `opts` matters to `html` (the dashboard judges deadlines on
/// `opts.today`).
pub fn render(
    t: &TrendReport,
    format: TrendFormat,
    opts: &super::RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        TrendFormat::Table => table(t, out),
        TrendFormat::Json => json(t, out),
        TrendFormat::Csv => csv(t, out),
        TrendFormat::Markdown => markdown(t, out),
        TrendFormat::Svg => out.write_all(svg(t, &ChartOptions::default()).as_bytes()),
        TrendFormat::Html => match &t.latest {
            Some(report) => render_with_trend(report, t, opts, out),
            None => Err(io::Error::other("the trend has no last point to show")),
        },
    }
}
