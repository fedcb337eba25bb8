//! Evaluation: the outcome order for one rule on one repository, and the parallel scan
//! over repositories. A repository's failure is data (an `error`), never an early return.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use crate::discover::RepoRef;
use crate::outcome::{Evidence, Outcome, RuleResult};
use crate::pack::{Rule, RuleSet};
use crate::policy::{Matched, Policy};
use crate::report::RepoReport;
use crate::rules::{EvalCtx, Tri, Verdict};
use crate::snapshot::{RepoSnapshot, SnapshotOptions};

/// How a scan runs.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub snapshot: SnapshotOptions,
    /// Worker threads; `None` = all cores.
    pub jobs: Option<usize>,
    pub policy: Policy,
}

fn result(rule: &Rule, outcome: Outcome, evidence: Vec<Evidence>, message: String) -> RuleResult {
    RuleResult {
        rule: rule.id.clone(),
        outcome,
        evidence,
        message,
    }
}

fn first_note(v: &Verdict) -> String {
    v.evidence
        .first()
        .map_or_else(String::new, |e| match &e.path {
            Some(p) => format!("{p}: {}", e.note),
            None => e.note.clone(),
        })
}

/// One rule on one repository: the first outcome that holds, in the contract's order.
/// `exemption` is the exemption covering this repository and rule, active or expired.
pub fn evaluate_rule(rule: &Rule, cx: &EvalCtx<'_>, exemption: Option<&Matched<'_>>) -> RuleResult {
    if let Some(when) = &rule.when {
        let v = when.eval(cx);
        match v.value {
            Tri::False => {
                let msg = format!("does not apply ({})", first_note(&v));
                return result(rule, Outcome::NotApplicable, v.evidence, msg);
            }
            Tri::Unknown => {
                let msg = format!(
                    "could not decide whether the rule applies: {}",
                    first_note(&v)
                );
                return result(rule, Outcome::Error, v.evidence, msg);
            }
            Tri::True => {}
        }
    }
    if let Some(m) = exemption.filter(|m| m.active) {
        let msg = format!("exempt until {}: {}", m.exemption.until, m.exemption.reason);
        return result(rule, Outcome::Exempt, vec![m.evidence()], msg);
    }
    let mut r = evaluate_road(rule, cx);
    if let Some(m) = exemption {
        // An expired exemption no longer applies; it stays visible as evidence.
        r.evidence.push(m.evidence());
    }
    r
}

/// paved, else custom, else missing; unknown at the deciding step is an error.
fn evaluate_road(rule: &Rule, cx: &EvalCtx<'_>) -> RuleResult {
    let paved = rule.paved.eval(cx);
    match paved.value {
        Tri::True => {
            return result(
                rule,
                Outcome::Paved,
                paved.evidence,
                "on the paved road".into(),
            );
        }
        Tri::Unknown => {
            let msg = format!("could not decide: {}", first_note(&paved));
            return result(rule, Outcome::Error, paved.evidence, msg);
        }
        Tri::False => {}
    }
    let Some(custom) = &rule.custom else {
        let msg = format!("missing: {}", first_note(&paved));
        return result(rule, Outcome::Missing, paved.evidence, msg);
    };
    let c = custom.eval(cx);
    match c.value {
        Tri::True => {
            let msg = format!(
                "a custom path instead of the paved road ({})",
                first_note(&c)
            );
            let mut ev = c.evidence;
            ev.extend(paved.evidence.into_iter().take(2));
            result(rule, Outcome::Custom, ev, msg)
        }
        Tri::Unknown => {
            let msg = format!(
                "could not decide whether a custom path exists: {}",
                first_note(&c)
            );
            result(rule, Outcome::Error, c.evidence, msg)
        }
        Tri::False => {
            let msg = format!("missing: {}", first_note(&paved));
            let mut ev = paved.evidence;
            ev.extend(c.evidence.into_iter().take(2));
            result(rule, Outcome::Missing, ev, msg)
        }
    }
}

/// A report entry for a repository that could not be scanned at all.
pub fn failed_repo(repo: &RepoRef, error: String) -> RepoReport {
    RepoReport {
        name: repo.name.clone(),
        path: repo.name.clone(),
        commit: None,
        committed_at: None,
        team: None,
        score: None,
        error: Some(error),
        notes: Vec::new(),
        meta: repo.meta.clone(),
        results: Vec::new(),
        template: None,
    }
}

/// Every rule on one opened snapshot.
pub fn evaluate_snapshot(
    rules: &RuleSet,
    repo: &RepoRef,
    snap: &RepoSnapshot,
    policy: &Policy,
) -> RepoReport {
    let matches = rules.globs.match_entries(snap.entries());
    let cx = EvalCtx::new(snap, &matches, repo);
    let mut notes = snap.notes().to_vec();
    let local = policy.repo_exemptions(snap, &mut notes);
    let results = rules
        .rules()
        .map(|r| {
            let m = policy.exemption(&repo.name, &r.id, &local, &policy.config.exemptions);
            if let Some(m) = m.as_ref().filter(|m| !m.active) {
                notes.push(format!(
                    "exemption for `{}` expired on {} ({})",
                    r.id, m.exemption.until, m.exemption.source
                ));
            }
            evaluate_rule(r, &cx, m.as_ref())
        })
        .collect();
    RepoReport {
        name: repo.name.clone(),
        path: repo.name.clone(),
        commit: snap.commit().map(|c| c.to_string()),
        committed_at: snap.committed_at().map(|t| t.to_string()),
        team: policy.team(&repo.name, Some(snap)),
        score: None,
        error: None,
        notes,
        meta: repo.meta.clone(),
        results,
        template: crate::provenance::detect(&cx),
    }
}

/// Opens one repository and evaluates every rule; any failure, even a panic in a
/// condition, becomes this repository's `error` while other repositories go on.
pub fn evaluate_repo(rules: &RuleSet, repo: &RepoRef, opts: &ScanOptions) -> RepoReport {
    let run = || match RepoSnapshot::open(repo, &opts.snapshot) {
        Ok(snap) => evaluate_snapshot(rules, repo, &snap, &opts.policy),
        Err(e) => {
            let mut r = failed_repo(repo, e.to_string());
            r.team = opts.policy.team(&repo.name, None);
            r
        }
    };
    guarded(repo, run, |e| failed_repo(repo, e))
}

/// Runs `f`, turning a panic into this repository's error (via `failed`), so one repository's
/// bug never stops the scan of the others.
pub fn guarded<T>(repo: &RepoRef, f: impl FnOnce() -> T, failed: impl FnOnce(String) -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(t) => t,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            failed(format!(
                "internal error while scanning {} (please report): {what}",
                repo.name
            ))
        }
    }
}

/// The most workers a run starts: 4 per core, and never more than 256, so `--jobs 20000`
/// cannot spend its time making threads.
pub fn max_jobs() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    (4 * cores).min(256)
}

/// `--jobs N` brought between 1 and [`max_jobs`].
pub fn clamp_jobs(n: usize) -> usize {
    n.clamp(1, max_jobs())
}

/// The worker pool of a scan: `jobs` threads (clamped), or all cores.
pub fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        builder = builder.num_threads(clamp_jobs(n));
    }
    builder.build()
}

/// Evaluates every repository in parallel; `progress` is called once per finished repo.
/// Results come back in the order of `repos`.
pub fn scan(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    progress: &(dyn Fn(&RepoReport) + Sync),
) -> Result<Vec<RepoReport>, rayon::ThreadPoolBuildError> {
    Ok(pool(opts.jobs)?.install(|| {
        repos
            .par_iter()
            .map(|repo| {
                let r = evaluate_repo(rules, repo, opts);
                progress(&r);
                r
            })
            .collect()
    }))
}
