//! The dashboard with a trend: the `html` page of the last point's report, with the trend's
//! line chart as an extra section after the headline figures.

use std::io::{self, Write};

use super::chart::{ChartOptions, svg};
use crate::render::RenderOptions;
use crate::render::html::{Section, render_with};
use crate::report::Report;
use crate::report::trend::TrendReport;

/// Renders the dashboard for `report` with `trend`'s chart inlined (no network, no script).
pub fn render_with_trend(
    report: &Report,
    trend: &TrendReport,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let chart = svg(
        trend,
        &ChartOptions {
            id: "trend-chart".into(),
            title: None,
        },
    );
    let section = Section {
        id: "trend".into(),
        title: "Adoption over time".into(),
        body: format!("<div class=\"scroll\" style=\"overflow-x:auto\">{chart}</div>"),
    };
    render_with(report, opts, &[section], out)
}
