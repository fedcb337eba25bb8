//! `paved trend`: adoption over time from each repository's first-parent history.

use std::path::PathBuf;

use clap::Args;

use super::UsageError;
use super::clock::{self, day};
use super::output;
use super::run::{trend_exit, trend_over};
use super::select::{self, SelectArgs, Shard};
use super::setup::RuleArgs;
use super::ui::Ui;
use crate::exit::Exit;
use crate::history::{Every, TrendSpec};
use crate::render::trend::{self as render, TrendFormat};

#[derive(Args, Debug)]
pub struct TrendArgs {
    /// Repositories (bare or with a work tree), or folders holding repositories at any depth.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The first point (YYYY-MM-DD: the end of that day, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: String,
    /// The last point (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// How far apart the points are.
    #[arg(long, value_enum, default_value_t = Every::Month)]
    pub every: Every,
    /// List the repositories that adopted RULE, with the commit that did it.
    #[arg(long, value_name = "RULE")]
    pub adopters: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TrendFormat::Table)]
    pub format: TrendFormat,
    /// Write to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Only shard I of N (1-based), the same repositories as `scan --shard I/N`; join the
    /// parts' JSON documents with `paved merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// A campaign file (repeatable, `--format html` only): its burndown against its deadline
    /// as a section of the dashboard.
    #[arg(long, value_name = "FILE")]
    pub campaign: Vec<PathBuf>,
}

pub fn run(args: TrendArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let since = day("--since", &args.since)?;
    let until = match &args.until {
        Some(u) => day("--until", u)?,
        None => clock::today(),
    };
    let spec = TrendSpec::new(since, until, args.every).map_err(|e| UsageError(e.to_string()))?;
    if args.adopters.is_some() && matches!(args.format, TrendFormat::Svg | TrendFormat::Html) {
        return Err(UsageError(
            "--adopters lists repositories: use table, json, csv or markdown".into(),
        )
        .into());
    }
    if !args.campaign.is_empty() && args.format != TrendFormat::Html {
        return Err(UsageError("--campaign draws a burndown: use --format html".into()).into());
    }
    let (rules, mut repos, opts) = select::setup(&args.rules, &args.paths, &args.select, ui)?;
    if let Some(shard) = args.shard {
        repos.retain(|r| shard.contains(&r.name));
    }
    if let Some(rule) = &args.adopters
        && rules.rule(rule).is_none()
    {
        return Err(UsageError(format!("--adopters: no loaded rule has the id `{rule}`")).into());
    }
    let t = trend_over(&rules, &repos, &opts, &spec, ui)?;
    let campaigns = super::setup::burndowns(&args.campaign, &t)?;
    let opts = crate::render::RenderOptions {
        color: false,
        today: clock::today(),
        ..crate::render::RenderOptions::default()
    };
    output::write_output(args.output.as_deref(), |w| match &args.adopters {
        Some(rule) => render::adopters(&t, rule, args.format, w),
        None => match (&t.latest, campaigns.is_empty()) {
            (Some(report), false) => {
                render::render_with_campaigns(report, &t, &campaigns, &opts, w)
            }
            _ => render::render(&t, args.format, &opts, w),
        },
    })?;
    let exit = trend_exit(&t, ui);
    super::run::leave_at_exit(t);
    Ok(exit)
}
