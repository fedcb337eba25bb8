//! `scan --as-of`: each repository evaluated at the last commit of its default branch's
//! first-parent line committed at or before a cutoff.

use jiff::civil::Date;
use rayon::prelude::*;

use super::dates::Cutoff;
use super::error::HistoryError;
use super::line::default_line;
use crate::discover::RepoRef;
use crate::eval::{self, ScanOptions};
use crate::pack::RuleSet;
use crate::policy::Policy;
use crate::report::RepoReport;
use crate::snapshot::{RepoSnapshot, open_git};

/// A repository as of a cutoff: its report at the commit then, or nothing when its default
/// branch had no commit yet.
#[derive(Debug)]
pub enum AsOf {
    Report(Box<RepoReport>),
    NoHistory,
}

/// The policy judged on `day` (exemptions active then), never later than the real today.
pub(super) fn policy_on(base: &Policy, day: Date) -> Policy {
    Policy {
        config: base.config.clone(),
        today: day.min(base.today),
    }
}

pub(super) fn failed_report(repo: &RepoRef, policy: &Policy, error: String) -> RepoReport {
    let mut r = eval::failed_repo(repo, error);
    let owner = policy.team(repo, None, &mut r.notes);
    (r.team, r.team_source) = policy.team_fields(owner);
    r
}

/// Evaluates `repo` at the last commit of its default branch's first-parent line committed at
/// or before `cutoff`; exemptions are judged on the cutoff's day.
pub fn evaluate_as_of(
    rules: &RuleSet,
    repo: &RepoRef,
    opts: &ScanOptions,
    cutoff: &Cutoff,
) -> AsOf {
    let policy = policy_on(&opts.policy, cutoff.day);
    let run = || -> Result<AsOf, HistoryError> {
        let mut handle = open_git(&repo.location)?;
        let rev = opts.snapshot.rev.as_deref();
        let line = default_line(&mut handle, &repo.location, rev, Some(cutoff.at))?;
        let ix = match line.at(cutoff.at) {
            Ok(Some(ix)) => ix,
            Ok(None) => return Ok(AsOf::NoHistory),
            Err(source) => {
                return Err(HistoryError::Shallow {
                    location: repo.location.clone(),
                    source,
                });
            }
        };
        let snap = RepoSnapshot::at_commit(handle, Some(line.commits[ix].id), &opts.snapshot)?;
        Ok(AsOf::Report(Box::new(eval::evaluate_snapshot(
            rules, repo, &snap, &policy,
        ))))
    };
    crate::eval::guarded(
        repo,
        || {
            run().unwrap_or_else(|e| {
                AsOf::Report(Box::new(failed_report(repo, &policy, e.to_string())))
            })
        },
        |e| AsOf::Report(Box::new(failed_report(repo, &policy, e))),
    )
}

/// A scan as of a cutoff: the reports of repositories that had a commit by then, and the
/// names of those that did not (left out of every figure, and counted).
#[derive(Debug, Default)]
pub struct AsOfScan {
    pub repos: Vec<RepoReport>,
    pub without_history: Vec<String>,
}

/// [`evaluate_as_of`] over every repository in parallel; `progress` is called once per repo.
pub fn scan_as_of(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    cutoff: &Cutoff,
    progress: &(dyn Fn() + Sync),
) -> Result<AsOfScan, rayon::ThreadPoolBuildError> {
    let results: Vec<AsOf> = crate::eval::pool(opts.jobs)?.install(|| {
        repos
            .par_iter()
            .map(|repo| {
                let r = evaluate_as_of(rules, repo, opts, cutoff);
                progress();
                r
            })
            .collect()
    });
    let mut out = AsOfScan::default();
    for (repo, r) in repos.iter().zip(results) {
        match r {
            AsOf::Report(r) => out.repos.push(*r),
            AsOf::NoHistory => out.without_history.push(repo.name.clone()),
        }
    }
    out.without_history.sort();
    Ok(out)
}
