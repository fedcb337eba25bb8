//! Evaluation: the outcome order for one rule on one repository, and the parallel scan
//! over repositories. A repository's failure is data (an `error`), never an early return.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use crate::discover::RepoRef;
use crate::outcome::{Evidence, Outcome, RuleResult, listed};
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
        evidence: listed(evidence),
        message,
    }
}

fn first_note(v: &Verdict) -> String {
    v.evidence.first().map_or_else(String::new, sentence)
}

/// One finding as a sentence: the value, where it is, and what is wrong with it
/// ("`ruby/setup-ruby@v1` (.github/workflows/ci.yml:11) does not match /…/").
pub fn sentence(e: &Evidence) -> String {
    let Some(path) = &e.path else {
        return e.note.clone();
    };
    let at = match e.line {
        Some(l) => format!("{path}:{l}"),
        None => path.clone(),
    };
    if let Some(v) = &e.value {
        let shown = format!("`{}` ", crate::rules::contains::excerpt(v));
        if let Some(rest) = e.note.strip_prefix(&shown) {
            return format!("{}({at}) {rest}", shown);
        }
    }
    format!("{at}: {}", e.note)
}

/// The sentence of the first finding, with how many others there are.
fn findings_sentence(evidence: &[Evidence]) -> String {
    let listed = listed(evidence.to_vec());
    let Some(first) = listed.iter().find(|e| e.path.is_some()).or(listed.first()) else {
        return String::new();
    };
    let others = evidence_count(evidence).saturating_sub(1);
    match others {
        0 => sentence(first),
        n => format!("{} (and {n} more)", sentence(first)),
    }
}

/// Whether two entries name the same value at the same place.
fn same_place(a: &Evidence, b: &Evidence) -> bool {
    a.path.is_some() && a.path == b.path && a.line == b.line && a.value == b.value
}

/// How many distinct located findings there are.
fn evidence_count(evidence: &[Evidence]) -> usize {
    let mut seen: Vec<(&Option<String>, Option<u32>, &Option<String>)> = Vec::new();
    for e in evidence.iter().filter(|e| e.path.is_some()) {
        let key = (&e.path, e.line, &e.value);
        if !seen.contains(&key) {
            seen.push(key);
        }
    }
    seen.len().max(1)
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
    let mut paved = paved;
    let Some(custom) = &rule.custom else {
        let msg = format!("missing: {}", findings_sentence(&paved.evidence));
        let msg = say(rule, cx, Outcome::Missing, &mut paved.evidence, msg);
        return result(rule, Outcome::Missing, paved.evidence, msg);
    };
    let mut c = custom.eval(cx);
    match c.value {
        Tri::True => {
            // Offending values (a tag-pinned action) are what keeps the repository off the
            // road and come first; otherwise what the custom path found says most.
            let by_value = paved.evidence.iter().any(|e| e.value.is_some());
            let msg = if by_value {
                let s = findings_sentence(&paved.evidence);
                format!("a custom path instead of the paved road: {s}")
            } else {
                format!(
                    "a custom path instead of the paved road ({})",
                    first_note(&c)
                )
            };
            let msg = say(rule, cx, Outcome::Custom, &mut paved.evidence, msg);
            // What the custom path found in a file that has offenders is a value that passes
            // (a pinned action beside tag-pinned ones), not a finding: it is left out.
            let offending: Vec<Option<String>> = paved
                .evidence
                .iter()
                .filter(|e| e.value.is_some())
                .map(|e| e.path.clone())
                .collect();
            let found = c
                .evidence
                .into_iter()
                .filter(|e| e.value.is_none() || !offending.contains(&e.path))
                .take(2);
            // Offending values, or the rule's own sentence, first; else what the custom path
            // found ("Jenkinsfile exists") says most.
            let ev: Vec<Evidence> = if by_value {
                paved.evidence.into_iter().chain(found).collect()
            } else if rule.messages.custom.is_some() {
                paved.evidence.into_iter().take(2).chain(found).collect()
            } else {
                found.chain(paved.evidence.into_iter().take(2)).collect()
            };
            result(rule, Outcome::Custom, ev, msg)
        }
        Tri::Unknown => {
            let msg = format!(
                "could not decide whether a custom path exists: {}",
                first_note(&c)
            );
            let msg = say(rule, cx, Outcome::Error, &mut c.evidence, msg);
            result(rule, Outcome::Error, c.evidence, msg)
        }
        Tri::False => {
            // Offenders that fail the custom path too are what keeps the repository from
            // both: they come first (a tag-pinned `actions/` use is custom, an unpinned
            // third-party action is not).
            paved
                .evidence
                .sort_by_key(|e| !c.evidence.iter().any(|x| same_place(x, e)));
            let msg = format!("missing: {}", findings_sentence(&paved.evidence));
            let msg = say(rule, cx, Outcome::Missing, &mut paved.evidence, msg);
            let mut ev = paved.evidence;
            ev.extend(c.evidence.into_iter().take(2));
            result(rule, Outcome::Missing, ev, msg)
        }
    }
}

/// The rule author's sentence (`message:`) for an outcome, when there is one: each deciding
/// finding it can be filled in for says it, and so does the result, for its first finding
/// (with how many more). Otherwise the generated `message`.
fn say(
    rule: &Rule,
    cx: &EvalCtx<'_>,
    outcome: Outcome,
    deciding: &mut [Evidence],
    generated: String,
) -> String {
    let Some(template) = rule.messages.for_outcome(outcome) else {
        return generated;
    };
    let repo = cx.repo.name.as_str();
    let mut first = None;
    for e in deciding.iter_mut() {
        if let Some(s) = crate::pack::message::render(template, e, repo) {
            e.note = s.clone();
            first.get_or_insert(s);
        }
    }
    let Some(first) =
        first.or_else(|| crate::pack::message::render(template, &Evidence::note(""), repo))
    else {
        return generated;
    };
    match evidence_count(deciding).saturating_sub(1) {
        0 => first,
        n => format!("{first} (and {n} more)"),
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
        team_source: None,
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
    let (team, team_source) = policy.team_fields(policy.team(repo, Some(snap), &mut notes));
    RepoReport {
        name: repo.name.clone(),
        path: repo.name.clone(),
        commit: snap.commit().map(|c| c.to_string()),
        committed_at: snap.committed_at().map(|t| t.to_string()),
        team,
        team_source,
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
            let owner = opts.policy.team(repo, None, &mut r.notes);
            (r.team, r.team_source) = opts.policy.team_fields(owner);
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
