//! The dashboard with a trend: the `html` page of the last point's report, with the trend's
//! line chart as an extra section after the headline figures, and each `--campaign`'s burndown
//! after it.

use std::io::{self, Write};

use super::chart::{ChartOptions, svg};
use crate::campaign::burndown::Burndown;
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
    render_with_campaigns(report, trend, &[], opts, out)
}

/// [`render_with_trend`] with a burndown section per campaign after the trend.
pub fn render_with_campaigns(
    report: &Report,
    trend: &TrendReport,
    campaigns: &[Burndown],
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
    let mut sections = vec![section];
    for (i, b) in campaigns.iter().enumerate() {
        sections.push(Section {
            id: format!("campaign-{}", i + 1),
            title: format!("Campaign {}", b.campaign),
            body: crate::render::burndown::html(b, &format!("burndown-{}", i + 1)),
        });
    }
    render_with(report, opts, &sections, out)
}
