//! `paved trend`: adoption over time from each repository's first-parent history; also the
//! wiring `scan --as-of` and `memo` share (dates, discovery, progress).

use std::path::PathBuf;

use clap::Args;

use super::common::{self, Ui};
use super::{RuleArgs, UsageError};
use crate::discover::{self, RepoRef};
use crate::eval::ScanOptions;
use crate::exit::Exit;
use crate::history::{self, Cutoff, Every, TrendSpec};
use crate::pack::RuleSet;
use crate::render::trend::{self as render, TrendFormat};
use crate::report::Report;
use crate::report::trend::TrendReport;
use crate::snapshot::SnapshotOptions;

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
    pub select: super::SelectArgs,
}

/// A date option, or a usage error naming it.
pub fn day(flag: &str, s: &str) -> anyhow::Result<jiff::civil::Date> {
    history::parse_day(s).map_err(|e| UsageError(format!("{flag}: {e}")).into())
}

/// Rules, policy and repositories, as every history command loads them.
pub fn setup(
    rules: &RuleArgs,
    paths: &[PathBuf],
    exclude: &[String],
    jobs: Option<usize>,
    rev: Option<String>,
    ui: &Ui,
) -> anyhow::Result<(RuleSet, Vec<RepoRef>, ScanOptions)> {
    let (rules, policy) = common::load_setup(rules)?;
    let exclude = super::scan::exclude_set(exclude)?;
    let repos =
        discover::local::discover(paths, &exclude).map_err(|e| UsageError(e.to_string()))?;
    if repos.is_empty() {
        ui.note("no repositories found");
    }
    let opts = ScanOptions {
        snapshot: SnapshotOptions {
            rev,
            max_file_size: policy.config.max_file_size,
        },
        jobs,
        policy,
    };
    Ok((rules, repos, opts))
}

/// Runs a trend over `repos` with a progress bar.
pub fn run_trend(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    spec: &TrendSpec,
    ui: &Ui,
) -> anyhow::Result<TrendReport> {
    let progress = common::Progress::new(repos.len(), "reading history of", ui);
    let t = history::trend(rules, repos, opts, spec, common::now_rfc3339(), &|| {
        progress.tick()
    })?;
    progress.finish();
    Ok(t)
}

/// `scan --as-of DATE`: each repository at its default branch's last commit by then; those
/// without one are left out and counted in `summary.repos_without_history`.
pub fn scan_as_of(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    date: &str,
    ui: &Ui,
) -> anyhow::Result<Report> {
    let cutoff = Cutoff::parse(date).map_err(|e| UsageError(format!("--as-of: {e}")))?;
    let progress = common::Progress::new(repos.len(), "scanning", ui);
    let scan = history::scan_as_of(rules, repos, opts, &cutoff, &|| progress.tick())?;
    progress.finish();
    if !scan.without_history.is_empty() {
        ui.note(format!(
            "{} had no commit by {} and {} left out",
            scan.without_history.len(),
            cutoff.as_of(),
            if scan.without_history.len() == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    let mut report = Report::build(rules.infos(), scan.repos, common::now_rfc3339());
    report.summary.repos_without_history = scan.without_history.len();
    Ok(report)
}

pub fn run(args: TrendArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let since = day("--since", &args.since)?;
    let until = match &args.until {
        Some(u) => day("--until", u)?,
        None => common::today(),
    };
    let spec = TrendSpec::new(since, until, args.every).map_err(|e| UsageError(e.to_string()))?;
    if args.adopters.is_some() && matches!(args.format, TrendFormat::Svg | TrendFormat::Html) {
        return Err(UsageError(
            "--adopters lists repositories: use table, json, csv or markdown".into(),
        )
        .into());
    }
    let (rules, repos, opts) = setup(
        &args.rules,
        &args.paths,
        &args.select.exclude,
        args.select.jobs,
        args.select.rev.clone(),
        ui,
    )?;
    if let Some(rule) = &args.adopters
        && rules.rule(rule).is_none()
    {
        return Err(UsageError(format!("--adopters: no loaded rule has the id `{rule}`")).into());
    }
    let t = run_trend(&rules, &repos, &opts, &spec, ui)?;
    let opts = crate::render::RenderOptions {
        color: false,
        today: common::today(),
        by_team: false,
    };
    common::write_output(args.output.as_deref(), |w| match &args.adopters {
        Some(rule) => render::adopters(&t, rule, args.format, w),
        None => render::render(&t, args.format, &opts, w),
    })?;
    Ok(exit_for(&t, ui))
}

/// 3 when some repository could not be read at all; points that failed alone (a shallow
/// clone's early points, an object missing from an old commit) are noted, not fatal.
pub fn exit_for(t: &TrendReport, ui: &Ui) -> Exit {
    let failed = t.repos.iter().filter(|r| r.error.is_some()).count();
    let partly = t
        .repos
        .iter()
        .filter(|r| r.error.is_none())
        .filter(|r| r.points.iter().flatten().any(|p| p.error.is_some()))
        .count();
    if partly > 0 {
        let what = if partly == 1 {
            "repository"
        } else {
            "repositories"
        };
        ui.note(format!(
            "{partly} {what} could not be read at some points (see `error` in the JSON)"
        ));
    }
    if failed > 0 {
        let what = if failed == 1 {
            "repository"
        } else {
            "repositories"
        };
        ui.note(format!("{failed} {what} could not be read"));
        return Exit::ReposFailed;
    }
    Exit::Success
}
