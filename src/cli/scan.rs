//! `paved scan`: discover, evaluate in parallel, aggregate, render; map the result to an exit code.

use std::path::PathBuf;
use std::str::FromStr;

use clap::Args;

use super::common::{self, Ui};
use super::{OutputArgs, RuleArgs, UsageError};
use crate::discover::{self, RepoRef};
use crate::eval::{self, ScanOptions};
use crate::exit::Exit;
use crate::pack::RuleSet;
use crate::report::{RepoReport, Report};
use crate::snapshot::SnapshotOptions;

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Repositories (bare or with a work tree), or folders holding repositories at any depth.
    #[arg(default_value = ".", conflicts_with = "org")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub select: super::SelectArgs,
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
    // Last: its help heading would also cover the options after it.
    #[command(flatten)]
    pub github: super::sync::OrgArgs,
}

/// One shard of a scan split across runners: repos are assigned by a stable hash of their name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 2/4")?;
        let index: u64 = i
            .trim()
            .parse()
            .map_err(|_| format!("`{i}` is not a number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {index}/{count}: I must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// FNV-1a: stable across runs, platforms and Rust versions, unlike `DefaultHasher`.
    pub fn contains(&self, name: &str) -> bool {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h % self.count == self.index - 1
    }
}

pub fn exclude_set(globs: &[String]) -> anyhow::Result<globset::GlobSet> {
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        b.add(
            globset::Glob::new(g)
                .map_err(|e| UsageError(format!("--exclude {g}: {}", e.kind())))?,
        );
    }
    Ok(b.build()?)
}

/// Evaluates `repos` with a progress bar and builds the report.
pub fn scan_repos(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    ui: &Ui,
) -> anyhow::Result<Report> {
    scan_repos_and_failures(rules, repos, Vec::new(), opts, ui)
}

/// [`scan_repos`], plus entries for repositories that failed before they could be opened
/// (a mirror that could not be synced).
fn scan_repos_and_failures(
    rules: &RuleSet,
    repos: &[RepoRef],
    failed: Vec<RepoReport>,
    opts: &ScanOptions,
    ui: &Ui,
) -> anyhow::Result<Report> {
    let progress = common::Progress::new(repos.len(), "scanning", ui);
    let mut results: Vec<RepoReport> = eval::scan(rules, repos, opts, &|_| progress.tick())?;
    progress.finish();
    results.extend(failed);
    Ok(Report::build(rules.infos(), results, common::now_rfc3339()))
}

/// The exit code for a written report.
pub fn exit_for(report: &Report, gate: bool, fail_under: Option<f64>, ui: &Ui) -> Exit {
    let mut failed_gate = false;
    if gate && report.summary.on_paved_road.is_some_and(|x| x < 1.0) {
        ui.note("gate failed: not every repository is on the paved road");
        failed_gate = true;
    }
    if let Some(min) = fail_under {
        let got = report.summary.adoption.unwrap_or(0.0) * 100.0;
        if got < min {
            ui.note(format!("gate failed: adoption {got:.1}% is under {min}%"));
            failed_gate = true;
        }
    }
    if failed_gate {
        Exit::GateFailed
    } else if report.summary.repos_failed > 0 {
        let n = report.summary.repos_failed;
        let what = if n == 1 { "repository" } else { "repositories" };
        ui.note(format!("{n} {what} could not be scanned"));
        Exit::ReposFailed
    } else {
        Exit::Success
    }
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
    let (rules, policy) = common::load_setup(&args.rules)?;
    let exclude = exclude_set(&args.select.exclude)?;
    let (repos, failed) = if args.github.org.is_some() {
        org_repos(&args, &exclude, ui)?
    } else {
        let mut repos = discover::local::discover(&args.paths, &exclude)
            .map_err(|e| UsageError(e.to_string()))?;
        if let Some(shard) = args.shard {
            repos.retain(|r| shard.contains(&r.name));
        }
        (repos, Vec::new())
    };
    if repos.is_empty() && failed.is_empty() {
        ui.note("no repositories found");
    }
    let opts = ScanOptions {
        snapshot: SnapshotOptions {
            rev: args.select.rev.clone(),
            max_file_size: policy.config.max_file_size,
        },
        jobs: args.select.jobs,
        policy,
    };
    let failed: Vec<RepoReport> = failed
        .into_iter()
        .map(|(repo, error)| {
            let mut r = eval::failed_repo(&repo, error);
            r.team = opts.policy.team(&repo.name, None);
            r
        })
        .collect();
    let report = match &args.as_of {
        Some(date) => {
            let report = super::trend::scan_as_of(&rules, &repos, &opts, date, ui)?;
            if failed.is_empty() {
                report
            } else {
                // Repositories that could not be mirrored join the as-of report as failures.
                let Report {
                    rules: infos,
                    mut repos,
                    generated_at,
                    summary,
                    ..
                } = report;
                repos.extend(failed);
                let mut report = Report::build(infos, repos, generated_at);
                report.summary.repos_without_history = summary.repos_without_history;
                report
            }
        }
        None => scan_repos_and_failures(&rules, &repos, failed, &opts, ui)?,
    };
    common::write_report(&report, &args.out, ui)?;
    Ok(exit_for(&report, args.gate, args.fail_under, ui))
}

/// A repository that could not be made ready to scan, and why.
type FailedRepo = (RepoRef, String);

/// `scan --org`: sync the org's mirrors (only this shard's, with `--shard`), then scan them as
/// `owner/name` with the API's metadata. A repository whose sync failed is returned with its
/// error, for the report, rather than scanned from a stale or missing mirror.
fn org_repos(
    args: &ScanArgs,
    exclude: &globset::GlobSet,
    ui: &Ui,
) -> anyhow::Result<(Vec<RepoRef>, Vec<FailedRepo>)> {
    let shard = args.shard;
    let keep = |name: &str| shard.is_none_or(|s| s.contains(name));
    let synced = super::sync::sync_org(&args.github, args.select.jobs, exclude, &keep, ui)?;
    ui.note(format!(
        "synced {} into {}: {}",
        args.github.org.as_deref().unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shards_partition_names() {
        let names: Vec<String> = (0..200).map(|i| format!("acme/repo-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|i| format!("{i}/4").parse().unwrap()).collect();
        for n in &names {
            assert_eq!(shards.iter().filter(|s| s.contains(n)).count(), 1, "{n}");
        }
        for s in &shards {
            let k = names.iter().filter(|n| s.contains(n)).count();
            assert!((25..=75).contains(&k), "shard {s:?} got {k} of 200");
        }
        for bad in ["0/4", "5/4", "1/0", "x/2", "3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
