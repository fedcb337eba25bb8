//! `paved scan`: discover, evaluate in parallel, aggregate, render; map the result to an exit code.

use std::path::PathBuf;

use clap::Args;

use super::UsageError;
use super::org::{self, OrgArgs};
use super::output::{self, OutputArgs};
use super::run::{report_exit, scan_as_of, scan_repos_and_failures};
use super::select::{self, SelectArgs, Shard};
use super::setup::{self, RuleArgs};
use super::ui::Ui;
use crate::discover::RepoRef;
use crate::eval;
use crate::exit::Exit;
use crate::ratchet::Ratchet;
use crate::report::TeamSource;
use crate::report::{RepoReport, Report};

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Repositories (bare or with a work tree), or folders holding repositories at any depth.
    #[arg(default_value = ".", conflicts_with_all = ["org", "gitlab", "gitea"])]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Exit 1 unless every repository is on the paved road (all required rules paved or exempt).
    #[arg(long)]
    pub gate: bool,
    /// Exit 1 if org-wide adoption is below PERCENT (0-100).
    #[arg(long, value_name = "PERCENT")]
    pub fail_under: Option<f64>,
    /// Scan only shard I of N (1-based), e.g. `--shard 2/4`; join the parts with `paved merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Evaluate each repository at the last commit of its default branch (first-parent) at or
    /// before DATE (YYYY-MM-DD = the end of that day, UTC, or an RFC 3339 time).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Ratchet gate: exit 1 if any repository regressed against this earlier JSON report (a
    /// rule paved or exempt there is custom, missing or error now); each regression is listed.
    #[arg(long, value_name = "BEFORE.json")]
    pub baseline: Option<PathBuf>,
    /// Give up on a repository after SECS seconds of wall-clock time (default: 300; fractions
    /// allowed): it becomes an `error` result "timed out after SECS s" and the scan goes on.
    #[arg(long, value_name = "SECS")]
    pub repo_timeout: Option<f64>,
    // Last: its help heading would also cover the options after it.
    #[command(flatten)]
    pub github: OrgArgs,
}

pub fn run(args: ScanArgs, ui: &Ui) -> anyhow::Result<Exit> {
    if let Some(p) = args.fail_under
        && !(0.0..=100.0).contains(&p)
    {
        return Err(UsageError(format!(
            "--fail-under {p}: expected a percentage from 0 to 100"
        ))
        .into());
    }
    let timeout = match args.repo_timeout {
        None => crate::snapshot::DEFAULT_REPO_TIMEOUT,
        Some(s) => std::time::Duration::try_from_secs_f64(s)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                UsageError(format!(
                    "--repo-timeout {s}: expected a positive number of seconds"
                ))
            })?,
    };
    let (rules, policy) = setup::load_setup(&args.rules)?;
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let exclude = select::exclude_set(&args.select.exclude)?;
    let (repos, failed) = if args.github.owner().is_some() {
        let teams = policy.config.team_sources().any(|s| s == TeamSource::Forge);
        org_repos(&args, &exclude, teams, ui)?
    } else {
        let (mut repos, unreadable) = select::discover_local(&args.paths, &exclude, ui)?;
        // A folder that could not be read may hide repositories: it is an `error` entry, so
        // the report says so and the scan exits 3.
        let mut failed: Vec<FailedRepo> = unreadable
            .into_iter()
            .map(|u| {
                let repo = RepoRef {
                    name: u.name,
                    location: u.path,
                    meta: Default::default(),
                };
                (repo, format!("folder could not be read: {}", u.error))
            })
            .collect();
        if let Some(shard) = args.shard {
            repos.retain(|r| shard.contains(&r.name));
            failed.retain(|(r, _)| shard.contains(&r.name));
        }
        (repos, failed)
    };
    let none_found = repos.is_empty() && failed.is_empty();
    if none_found {
        ui.note("no repositories found");
    }
    let builtin = setup::builtin_packs(&args.rules, &policy.config);
    let mut opts = select::scan_options(&args.select, policy);
    opts.jobs = select::jobs(args.select.jobs, ui);
    opts.snapshot.timeout = Some(timeout);
    opts.cache = select::result_cache(&args.select, &rules, &opts);
    let failed: Vec<RepoReport> = failed
        .into_iter()
        .map(|(repo, error)| {
            let mut r = eval::failed_repo(&repo, error);
            let owner = opts.policy.team(&repo, None, &mut r.notes);
            (r.team, r.team_source) = opts.policy.team_fields(owner);
            r
        })
        .collect();
    let report = match &args.as_of {
        Some(date) => {
            let report = scan_as_of(&rules, &repos, &opts, date, ui)?;
            if failed.is_empty() {
                report
            } else {
                // Repositories that could not be mirrored join the as-of report as failures.
                let Report {
                    rules: infos,
                    mut repos,
                    generated_at,
                    as_of,
                    summary,
                    ..
                } = report;
                repos.extend(failed);
                let mut report = Report::build(infos, repos, generated_at);
                report.summary.repos_without_history = summary.repos_without_history;
                report.as_of = as_of;
                report
            }
        }
        None => scan_repos_and_failures(&rules, repos, failed, &opts, ui)?,
    };
    let mut render = args.out.render_options(ui);
    render.builtin_packs = Some(builtin);
    output::write_report_with(&report, &args.out, render)?;
    let exit = if none_found {
        Exit::NoRepos
    } else {
        report_exit(&report, args.gate, args.fail_under, ui)
    };
    let exit = match baseline {
        Some(before) if !ratchet_holds(&before, &report, ui) => Exit::GateFailed,
        _ => exit,
    };
    super::run::leave_at_exit(report);
    Ok(exit)
}

/// The `--baseline` report, checked to be one this paved reads (exit 2 otherwise).
fn read_baseline(path: &std::path::Path) -> anyhow::Result<Report> {
    // The same size-limited, version-checked read as `diff` and `merge`.
    crate::diff::load_report(path).map_err(|e| UsageError(format!("--baseline: {e}")).into())
}

/// Lists every regression against the baseline on stderr; true when there is none.
fn ratchet_holds(before: &Report, now: &Report, ui: &Ui) -> bool {
    let ratchet = Ratchet::compare(before, now);
    for c in &ratchet.regressions {
        ui.note(format!(
            "regression: {}: {} was {} at the baseline and is {} now",
            c.repo, c.rule, c.before, c.now
        ));
    }
    if ratchet.passes() {
        ui.note(format!(
            "no regression against the baseline ({} results already failing there)",
            ratchet.already_failing.len()
        ));
        true
    } else {
        let repos: std::collections::BTreeSet<&str> = ratchet
            .regressions
            .iter()
            .map(|c| c.repo.as_str())
            .collect();
        ui.note(format!(
            "gate failed: {} regression(s) in {} repositories against the baseline",
            ratchet.regressions.len(),
            repos.len()
        ));
        false
    }
}

/// A repository that could not be made ready to scan, and why.
type FailedRepo = (RepoRef, String);

/// `scan --org`: sync the org's mirrors (only this shard's, with `--shard`), then scan them as
/// `owner/name` with the API's metadata. A repository whose sync failed is returned with its
/// error, for the report, rather than scanned from a stale or missing mirror.
fn org_repos(
    args: &ScanArgs,
    exclude: &globset::GlobSet,
    teams: bool,
    ui: &Ui,
) -> anyhow::Result<(Vec<RepoRef>, Vec<FailedRepo>)> {
    let shard = args.shard;
    let keep = |name: &str| shard.is_none_or(|s| s.contains(name));
    let jobs = args.select.jobs.map(crate::eval::clamp_jobs);
    let synced = org::sync_org(&args.github, jobs, exclude, &keep, teams, ui)?;
    ui.note(format!(
        "synced {} into {}: {}",
        args.github.owner().unwrap_or_default(),
        synced.dir.display(),
        synced.summary()
    ));
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for s in &synced.repos {
        match &s.outcome {
            Ok(_) => ok.push(s.repo_ref()),
            Err(e) => failed.push((s.repo_ref(), format!("could not be mirrored: {e}"))),
        }
    }
    Ok((ok, failed))
}
