//! The dashboard with a trend: the `html` page of the last point's report, with the trend's
//! line chart added as its own section after the headline figures.

use std::io::{self, Write};

use super::RenderOptions;
use super::trend::{ChartOptions, svg};
use crate::history::TrendReport;
use crate::report::Report;

/// Where the trend section goes, in order of preference: before these markers of the page.
const ANCHORS: [&str; 3] = [
    "<section id=\"deadlines\">",
    "<section id=\"rules\">",
    "</main>",
];

/// Renders the dashboard for `report` with `trend`'s chart inlined (no network, no script).
pub fn render_with_trend(
    report: &Report,
    trend: &TrendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut page = Vec::new();
    super::html::render(report, opts, &mut page)?;
    let page = String::from_utf8(page).map_err(io::Error::other)?;
    let chart = svg(
        trend,
        &ChartOptions {
            id: "trend-chart".into(),
            title: None,
        },
    );
    let section = format!(
        "<section id=\"trend\"><h2>Adoption over time</h2>\
         <div class=\"scroll\" style=\"overflow-x:auto\">{chart}</div></section>\n"
    );
    let at = ANCHORS.iter().find_map(|a| page.find(a));
    match at {
        Some(i) => {
            out.write_all(&page.as_bytes()[..i])?;
            out.write_all(section.as_bytes())?;
            out.write_all(&page.as_bytes()[i..])
        }
        None => {
            out.write_all(page.as_bytes())?;
            out.write_all(section.as_bytes())
        }
    }
}
