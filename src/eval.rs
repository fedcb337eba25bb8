//! Evaluation: the outcome order for one rule on one repository, and the parallel scan
//! over repositories. A repository's failure is data (an `error`), never an early return.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use crate::cache::{self, ResultCache};
use crate::discover::RepoRef;
use crate::outcome::{Evidence, Interner, Outcome, RuleResult, listed};
use crate::pack::{Rule, RuleSet};
use crate::policy::{Matched, Policy};
use crate::report::RepoReport;
use crate::rules::{EvalCtx, Tri, Verdict};
use crate::snapshot::{Reach, RepoSnapshot, Resolved, SnapshotOptions, Source};

/// How a scan runs.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub snapshot: SnapshotOptions,
    /// Worker threads; `None` = all cores.
    pub jobs: Option<usize>,
    pub policy: Policy,
    /// Results stored by tree id (`--cache`); `None` evaluates everything.
    pub cache: Option<std::sync::Arc<ResultCache>>,
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
    let Some(at) = location(e) else {
        return e.note.clone();
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

/// Where a finding is, as a message names it (`pyproject.toml:8`).
fn location(e: &Evidence) -> Option<String> {
    let path = e.path.as_ref()?;
    Some(match e.line {
        Some(l) => format!("{path}:{l}"),
        None => path.clone(),
    })
}

/// Whether a finding of a holding custom path only restates the rule: a file in which a `not:
/// contains` found nothing ("does not match /…/"), or a document the rule's CEL expression
/// accepts. Beside the author's sentence these say nothing about the repository.
fn restates_rule(e: &Evidence) -> bool {
    e.value.is_none()
        && (e.note.starts_with("does not match /") || e.note.contains("the rule's expression"))
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
        let msg = findings_sentence(&paved.evidence);
        let (msg, _) = say(rule, cx, Outcome::Missing, &mut paved.evidence, msg);
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
            let (mut msg, said) = say(rule, cx, Outcome::Custom, &mut paved.evidence, msg);
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
            // Beside the rule's own sentences, what the custom path found says where it is
            // ("api/.gitignore exists"); a file where a `not: contains` found nothing says only
            // the rule's pattern, so it is left out.
            let ev: Vec<Evidence> = if said {
                let found: Vec<Evidence> = found.filter(|e| !restates_rule(e)).collect();
                if let Some(at) = found
                    .iter()
                    .find_map(location)
                    .filter(|at| !msg.contains(at))
                {
                    msg = format!("{msg} (found {at})");
                }
                paved.evidence.into_iter().chain(found).collect()
            } else if by_value {
                paved.evidence.into_iter().chain(found).collect()
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
            let (msg, _) = say(rule, cx, Outcome::Error, &mut c.evidence, msg);
            result(rule, Outcome::Error, c.evidence, msg)
        }
        Tri::False => {
            // Offenders that fail the custom path too are what keeps the repository from
            // both: they come first (a tag-pinned `actions/` use is custom, an unpinned
            // third-party action is not).
            paved
                .evidence
                .sort_by_key(|e| !c.evidence.iter().any(|x| same_place(x, e)));
            let msg = findings_sentence(&paved.evidence);
            let (msg, said) = say(rule, cx, Outcome::Missing, &mut paved.evidence, msg);
            let mut ev = paved.evidence;
            if !said {
                ev.extend(c.evidence.into_iter().take(2));
            }
            result(rule, Outcome::Missing, ev, msg)
        }
    }
}

/// The rule author's sentence (`message:`) for an outcome, when there is one: each deciding
/// finding it can be filled in for says it, and so does the result, for its first finding
/// (with how many more); findings it cannot say anything of are the rule's internals ("does
/// not match /…/") and are dropped once another finding was said. Otherwise the generated
/// `message`. The flag tells whether the author's sentences were used.
fn say(
    rule: &Rule,
    cx: &EvalCtx<'_>,
    outcome: Outcome,
    deciding: &mut Vec<Evidence>,
    generated: String,
) -> (String, bool) {
    let Some(template) = rule.messages.for_outcome(outcome) else {
        return (generated, false);
    };
    let repo = cx.repo.name.as_str();
    let mut said = Vec::with_capacity(deciding.len());
    for e in deciding.iter_mut() {
        let s = crate::pack::message::render(template, e, repo);
        said.push(s.is_some());
        if let Some(s) = s {
            e.note = s;
        }
    }
    if said.iter().any(|s| *s) {
        let mut keep = said.into_iter();
        deciding.retain(|_| keep.next().unwrap_or(false));
    }
    let first = deciding
        .iter()
        .find(|e| crate::pack::message::render(template, e, repo).is_some())
        .map(|e| e.note.clone())
        .or_else(|| crate::pack::message::render(template, &Evidence::note(""), repo));
    let Some(first) = first else {
        return (generated, false);
    };
    let msg = match evidence_count(deciding).saturating_sub(1) {
        0 => first,
        n => format!("{first} (and {n} more)"),
    };
    (msg, true)
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
        meta: Box::new(repo.meta.clone()),
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
    let timed_out = |mut notes: Vec<String>| {
        // Out of time: what was decided so far is not a whole answer for the repository.
        let mut failed = failed_repo(repo, snap.deadline().message());
        (failed.team, failed.team_source) =
            policy.team_fields(policy.team(repo, Some(snap), &mut notes));
        failed.notes = notes;
        failed
    };
    let mut results = Vec::new();
    for r in rules.rules() {
        if snap.deadline().passed() {
            return timed_out(notes);
        }
        let m = policy.exemption(&repo.name, &r.id, &local, &policy.config.exemptions);
        if let Some(m) = m.as_ref().filter(|m| !m.active) {
            notes.push(format!(
                "exemption for `{}` expired on {} ({})",
                r.id, m.exemption.until, m.exemption.source
            ));
        }
        results.push(std::sync::Arc::new(evaluate_rule(r, &cx, m.as_ref())));
    }
    if snap.deadline().passed() {
        return timed_out(notes);
    }
    let (team, team_source) = policy.team_fields(policy.team(repo, Some(snap), &mut notes));
    let template = crate::provenance::detect(&cx);
    RepoReport {
        name: repo.name.clone(),
        path: repo.name.clone(),
        commit: snap.commit().map(|c| c.to_string()),
        committed_at: snap.committed_at().map(|t| t.to_string()),
        team,
        team_source,
        score: None,
        // Results stay: the rules that read the corrupt object say so; the rest are sound.
        error: snap.unreadable(),
        notes,
        meta: Box::new(repo.meta.clone()),
        results,
        template: template.map(Box::new),
    }
}

/// The folders a scan reads: those some rule's glob, or a file the policy or provenance
/// reads, may reach (provenance reads only the root's files, which are always read).
pub fn scan_reach(rules: &RuleSet) -> Reach {
    let globs = (0..rules.globs.len()).map(|i| rules.globs.pattern(crate::rules::GlobId(i as u32)));
    Reach::new(globs.chain(Policy::paths_read().map(|p| Some((p, false)))))
}

/// Opens one repository and evaluates every rule; any failure, even a panic in a
/// condition, becomes this repository's `error` while other repositories go on. `reach`
/// ([`scan_reach`] of `rules`) lets the tree walk skip folders nothing reads.
pub fn evaluate_repo(
    rules: &RuleSet,
    repo: &RepoRef,
    opts: &ScanOptions,
    reach: Option<&Reach>,
) -> RepoReport {
    let failed = |e: crate::snapshot::SnapshotError| {
        let mut r = failed_repo(repo, e.to_string());
        let owner = opts.policy.team(repo, None, &mut r.notes);
        (r.team, r.team_source) = opts.policy.team_fields(owner);
        r
    };
    let run = || match &opts.cache {
        Some(c) if opts.snapshot.source == Source::Commit => {
            // HEAD read from the refs files: an unchanged repository is a hit without an open.
            let head = opts
                .snapshot
                .rev
                .is_none()
                .then(|| crate::snapshot::head::read_head(&repo.location))
                .flatten()
                .map(|h| c.fingerprint.head_key(repo, h));
            if let Some(key) = &head
                && let Some(r) = cached_report(c, key, repo)
            {
                return r;
            }
            match Resolved::open(repo, &opts.snapshot) {
                Ok(resolved) => evaluate_cached(rules, repo, resolved, opts, c, reach, head),
                Err(e) => failed(e),
            }
        }
        _ => match RepoSnapshot::open_within(repo, &opts.snapshot, reach) {
            Ok(snap) => evaluate_snapshot(rules, repo, &snap, &opts.policy),
            Err(e) => failed(e),
        },
    };
    guarded(repo, run, |e| failed_repo(repo, e))
}

/// A stored report under `key`, as this repository's (names are part of the key, but a stored
/// report is given this run's spelling).
fn cached_report(c: &ResultCache, key: &cache::Key, repo: &RepoRef) -> Option<RepoReport> {
    let mut r = c
        .store
        .get(cache::Kind::Scan, key, cache::scan_entry::read)?;
    r.name.clone_from(&repo.name);
    r.path.clone_from(&repo.name);
    Some(r)
}

/// [`evaluate_repo`] through the result cache, once HEAD's own key (`head`, when the refs
/// files could tell it) missed; without one, the tip's tree id is all a hit reads. A miss
/// evaluates and stores the report unless something in it could not be read (an error may be
/// passing, a missing blob fetched later, so it is never kept).
fn evaluate_cached(
    rules: &RuleSet,
    repo: &RepoRef,
    resolved: Resolved,
    opts: &ScanOptions,
    c: &ResultCache,
    reach: Option<&Reach>,
    head: Option<cache::Key>,
) -> RepoReport {
    // HEAD's key was looked up already; only a tree key is still to try.
    let by_tree = head.is_none();
    let key = head.or_else(|| {
        let tree = resolved.tree()?;
        Some(c.fingerprint.scan_key(repo, tree, resolved.is_shallow()))
    });
    if by_tree
        && let Some(key) = &key
        && let Some(mut r) = cached_report(c, key, repo)
    {
        // The same tree under another commit: the results hold, the commit is this one.
        r.commit = resolved.commit().map(|c| c.to_string());
        r.committed_at = resolved.committed_at().map(|t| t.to_string());
        return r;
    }
    let r = match RepoSnapshot::from_resolved_within(resolved, &opts.snapshot, reach) {
        Ok(snap) => evaluate_snapshot(rules, repo, &snap, &opts.policy),
        Err(e) => {
            let mut r = failed_repo(repo, e.to_string());
            let owner = opts.policy.team(repo, None, &mut r.notes);
            (r.team, r.team_source) = opts.policy.team_fields(owner);
            return r;
        }
    };
    let clean = r.error.is_none() && r.results.iter().all(|x| x.outcome != Outcome::Error);
    if let Some(key) = key
        && clean
    {
        c.store.put(cache::Kind::Scan, &key, |w| {
            w.write_all(&cache::scan_entry::write(&r))
        });
    }
    r
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
    let reach = scan_reach(rules);
    Ok(pool(opts.jobs)?.install(|| {
        repos
            .par_iter()
            // Each worker shares the results it has seen (no lock); the report's build shares
            // across workers.
            .map_init(Interner::default, |seen, repo| {
                let mut r = evaluate_repo(rules, repo, opts, Some(&reach));
                seen.share_all(&mut r.results);
                progress(&r);
                r
            })
            .collect()
    }))
}
