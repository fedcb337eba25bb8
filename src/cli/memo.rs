//! `paved memo`: the quarterly impact memo in Markdown, with its chart written beside it.

use std::path::PathBuf;

use clap::Args;

use super::UsageError;
use super::clock::{self, day};
use super::output;
use super::run::{trend_exit, trend_over};
use super::select::{self, SelectArgs};
use super::setup::RuleArgs;
use super::ui::Ui;
use crate::exit::Exit;
use crate::history::{self, Every, TrendSpec};
use crate::render::trend::{self as render, ChartOptions, MemoChart};

/// The chart's file name, beside the memo.
pub const CHART_FILE: &str = "memo-trend.svg";

#[derive(Args, Debug)]
pub struct MemoArgs {
    /// Repositories (bare or with a work tree), or folders holding repositories at any depth.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The quarter, e.g. 2026Q3.
    #[arg(long, value_name = "YYYYQn", conflicts_with_all = ["from", "to"])]
    pub quarter: Option<String>,
    /// The first day of the period (with --to).
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// The last day of the period (with --from).
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// Points of the chart.
    #[arg(long, value_enum, default_value_t = Every::Week)]
    pub every: Every,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Write the memo to FILE, and its chart to memo-trend.svg beside it.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub select: SelectArgs,
    /// A campaign file (repeatable): its burndown against its deadline, inline in the memo.
    #[arg(long, value_name = "FILE")]
    pub campaign: Vec<PathBuf>,
}

pub fn run(args: MemoArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let (from, to, mut title) = match (&args.quarter, &args.from, &args.to) {
        (Some(q), _, _) => {
            let (a, b) = history::quarter(q).map_err(|e| UsageError(e.to_string()))?;
            let (year, n) = (a.year(), (a.month() - 1) / 3 + 1);
            (a, b, format!("{year} Q{n}"))
        }
        (None, Some(f), Some(t)) => {
            let (a, b) = (day("--from", f)?, day("--to", t)?);
            (a, b, format!("{a} to {b}"))
        }
        _ => {
            return Err(
                UsageError("give --quarter YYYYQn, or --from DATE and --to DATE".into()).into(),
            );
        }
    };
    let today = clock::today();
    if from > today {
        return Err(UsageError(format!("the period starts after today ({today})")).into());
    }
    let to = if to > today {
        title.push_str(&format!(" (to date, {today})"));
        today
    } else {
        to
    };
    // "Before" is the state at the start of the first day: the end of the day before it.
    let start = from
        .yesterday()
        .map_err(|_| UsageError(format!("--from {from}: out of range")))?;
    let spec = TrendSpec::new(start, to, args.every).map_err(|e| UsageError(e.to_string()))?;
    let (rules, repos, opts) = select::setup(&args.rules, &args.paths, &args.select, ui)?;
    let t = trend_over(&rules, &repos, &opts, &spec, ui)?;
    let campaigns = super::setup::burndowns(&args.campaign, &t)?;
    let Some(facts) = crate::report::memo::memo_facts(&t) else {
        return Err(UsageError("the period has no points".into()).into());
    };
    let chart = match &args.output {
        Some(out) => {
            let path = out
                .parent()
                .map(|p| p.join(CHART_FILE))
                .unwrap_or_else(|| PathBuf::from(CHART_FILE));
            let svg = render::svg(
                &t,
                &ChartOptions {
                    id: "paved-memo".into(),
                    title: Some(format!("Paved-road adoption, {title}")),
                },
            );
            output::write_output(Some(&path), |w| w.write_all(svg.as_bytes()))?;
            MemoChart::File(CHART_FILE)
        }
        None => MemoChart::Skipped,
    };
    output::write_output(args.output.as_deref(), |w| {
        render::memo(&t, &facts, &title, chart, &campaigns, w)
    })?;
    Ok(trend_exit(&t, ui))
}
