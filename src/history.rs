//! History: each repository's first-parent history of its default branch, evaluated as of a
//! date (`scan --as-of`) or at many points (`trend`, `memo`), with the reuse that keeps many
//! points cheap: points on the same commit or tree are evaluated once, and a rule's result is
//! reused while the entries it reads (the paths its globs match, with their object ids) and
//! the exemption that covers it are unchanged.
//!
//! How a trend stays cheap, per repository: the repository is opened once and its
//! first-parent line walked once. A tracker reads only the trees some glob can reach (`src/`
//! is never read when no glob can match inside it), caching by (path, tree id), so a commit
//! costs only the trees it changed. For each rule and stage (`when`, `paved`, `custom`) it
//! knows the matched entries: with their blob ids where the rule reads the files, without
//! where it only checks presence. A result is reused when the stages that decided it see the
//! same entries. When something must be evaluated, it is evaluated on a pruned tree holding
//! only the matched entries, built as objects that live in a per-repository object cache
//! (never in the repository); trees with symlinks, odd names or unreadable objects get a full
//! snapshot instead. Changes between points are located by bisecting the first-parent line.
//!
//! Dates: a date without a time stands for the end of that day in UTC; commit times are
//! committer times, compared as instants whatever their offset.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::{Find, Kind, TreeRefIter, tree::EntryKind as GitKind};
use jiff::Timestamp;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::discover::RepoRef;
use crate::eval::{self, ScanOptions};
use crate::outcome::{Outcome, RuleResult};
use crate::pack::RuleSet;
use crate::pack::config::Exemption;
use crate::policy::{self, Policy};
use crate::report::{RepoReport, Report, RuleInfo, Summary, TeamSummary, Tool};
use crate::rules::{Condition, EvalCtx, GlobId, Globs};
use crate::snapshot::{Entry, EntryKind, RepoSnapshot, SnapshotError, open_repo};

// ---------------------------------------------------------------------------------------------
// Dates and points

/// How far apart trend points are.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Week,
    #[default]
    Month,
    Quarter,
}

impl Every {
    fn step(self, k: i64) -> jiff::Span {
        match self {
            Every::Week => jiff::Span::new().days(7 * k),
            Every::Month => jiff::Span::new().months(k),
            Every::Quarter => jiff::Span::new().months(3 * k),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Every::Week => "week",
            Every::Month => "month",
            Every::Quarter => "quarter",
        }
    }
}

/// The most points one trend may ask for; a typo like `--since 1970-01-01 --every week`
/// fails instead of running for an hour.
pub const MAX_POINTS: usize = 1000;

/// A date, period or quarter that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DateError {
    #[error(
        "`{0}` is not a date: expected YYYY-MM-DD, or a time with an offset such as 2026-03-31T18:00:00Z"
    )]
    Invalid(String),
    #[error("`{0}` is not a quarter: expected YYYYQn, such as 2026Q3")]
    Quarter(String),
    #[error("the period ends ({until}) before it starts ({since})")]
    Backwards { since: Date, until: Date },
    #[error(
        "more than {MAX_POINTS} points from {since} to {until} every {every}: choose a longer interval"
    )]
    TooMany {
        since: Date,
        until: Date,
        every: &'static str,
    },
    #[error("{0}: the date is out of range")]
    Range(String),
}

/// The instant a point stands for: commits at or before `at` count. `day` is the UTC day
/// the point is labelled with (and exemptions are judged on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cutoff {
    pub at: Timestamp,
    pub day: Date,
}

impl Cutoff {
    /// The end of `day` in UTC (its last second: commit times are whole seconds).
    pub fn end_of(day: Date) -> Result<Cutoff, DateError> {
        let at = day
            .at(23, 59, 59, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_err(|_| DateError::Range(day.to_string()))?
            .timestamp();
        Ok(Cutoff { at, day })
    }

    /// `2026-03-31` (the end of that day in UTC) or an RFC 3339 time with an offset.
    pub fn parse(s: &str) -> Result<Cutoff, DateError> {
        let s = s.trim();
        if let Ok(day) = s.parse::<Date>()
            && s.len() == 10
        {
            return Cutoff::end_of(day);
        }
        let at: Timestamp = s.parse().map_err(|_| DateError::Invalid(s.to_string()))?;
        Ok(Cutoff {
            at,
            day: utc_day(at),
        })
    }

    /// `2026-03-31T23:59:59Z`.
    pub fn as_of(&self) -> String {
        self.at.to_string()
    }
}

fn utc_day(t: Timestamp) -> Date {
    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// A plain date (`YYYY-MM-DD`), for `--since`, `--until`, `--from`, `--to`.
pub fn parse_day(s: &str) -> Result<Date, DateError> {
    let s = s.trim();
    s.parse::<Date>()
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| DateError::Invalid(s.to_string()))
}

/// The days of a trend: `since`, then every `every` after it (counted from `since`, so month
/// ends stay month ends), then `until` if it is not already one of them.
pub fn points(since: Date, until: Date, every: Every) -> Result<Vec<Date>, DateError> {
    if until < since {
        return Err(DateError::Backwards { since, until });
    }
    let mut out = Vec::new();
    for k in 0.. {
        let d = since
            .checked_add(every.step(k))
            .map_err(|_| DateError::Range(since.to_string()))?;
        if d > until {
            break;
        }
        if out.len() >= MAX_POINTS {
            return Err(DateError::TooMany {
                since,
                until,
                every: every.as_str(),
            });
        }
        out.push(d);
    }
    if out.last() != Some(&until) {
        out.push(until);
    }
    Ok(out)
}

/// A calendar quarter, `2026Q3` (also `2026-Q3`, `2026q3`): its first and last day.
pub fn quarter(s: &str) -> Result<(Date, Date), DateError> {
    let bad = || DateError::Quarter(s.to_string());
    let t = s.trim().to_ascii_uppercase();
    let (year, q) = t.split_once('Q').ok_or_else(bad)?;
    let year: i16 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
    let q: i8 = q.parse().map_err(|_| bad())?;
    if !(1..=4).contains(&q) {
        return Err(bad());
    }
    let first = Date::new(year, (q - 1) * 3 + 1, 1).map_err(|_| bad())?;
    let last = Date::new(year, q * 3, 1)
        .map_err(|_| bad())?
        .last_of_month();
    Ok((first, last))
}

// ---------------------------------------------------------------------------------------------
// First-parent history

/// One commit of a branch's first-parent line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineCommit {
    pub id: ObjectId,
    pub tree: ObjectId,
    /// The committer time.
    pub time: Timestamp,
}

/// The commit whose first-parent line counts: `rev` when given, else HEAD (the default
/// branch of a clone or a bare mirror). `None` when HEAD is unborn.
pub fn default_tip(
    repo: &gix::Repository,
    location: &Path,
    rev: Option<&str>,
) -> Result<Option<ObjectId>, SnapshotError> {
    let resolve = |rev: &str, message: String| SnapshotError::Resolve {
        location: location.to_path_buf(),
        rev: rev.to_string(),
        message,
    };
    if let Some(rev) = rev {
        return repo
            .rev_parse_single(rev)
            .map(|id| Some(id.detach()))
            .map_err(|e| resolve(rev, e.to_string()));
    }
    let head = repo.head().map_err(|e| resolve("HEAD", e.to_string()))?;
    if head.is_unborn() {
        return Ok(None);
    }
    match head.id() {
        Some(id) => Ok(Some(id.detach())),
        None => head
            .into_peeled_id()
            .map(|id| Some(id.detach()))
            .map_err(|e| resolve("HEAD", e.to_string())),
    }
}

fn object_error(
    location: &Path,
    what: &'static str,
    id: ObjectId,
    message: String,
) -> SnapshotError {
    SnapshotError::Object {
        location: location.to_path_buf(),
        what,
        id,
        path: None,
        message,
    }
}

/// A branch's first-parent line, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub commits: Vec<LineCommit>,
    /// The line ends at a shallow clone's boundary, not at the root: older points are unknown.
    pub shallow_end: bool,
}

impl Line {
    /// The newest commit committed at or before `at`, `Ok(None)` when the branch had no commit
    /// yet, `Err` when the answer lies beyond a shallow clone's boundary.
    pub fn at(&self, at: Timestamp) -> Result<Option<usize>, String> {
        match resolve(&self.commits, at) {
            Some(ix) => Ok(Some(ix)),
            None if self.shallow_end => Err(format!(
                "shallow clone: the history before {} is not in the clone",
                self.commits
                    .last()
                    .map_or_else(String::new, |c| c.time.to_string())
            )),
            None => Ok(None),
        }
    }
}

/// Walks the first-parent line from `tip` (tags peeled), newest first, and stops after the
/// first commit committed at or before `stop` (every later cutoff resolves before it), or at
/// the root. Merged branches are never entered. A parent missing from a shallow clone ends
/// the line (and says so); in a full clone it is an error.
///
/// The walk is by hand rather than with gix's `rev_walk().first_parent_only()` because each
/// step needs the tree and committer time anyway, must stop early, and must fail softly on
/// doctored objects (a cycle, a tag loop) instead of trusting them.
pub fn first_parent(
    repo: &gix::Repository,
    location: &Path,
    tip: ObjectId,
    stop: Option<Timestamp>,
) -> Result<Line, SnapshotError> {
    let hash = repo.object_hash();
    let shallow = repo.is_shallow().unwrap_or(false);
    let mut buf = Vec::new();
    let mut line = Vec::new();
    let mut seen = HashSet::new();
    let mut next = Some(tip);
    let mut tags = 0;
    let mut shallow_end = false;
    while let Some(id) = next.take() {
        if !seen.insert(id) {
            return Err(object_error(
                location,
                "commit",
                id,
                "the history loops".into(),
            ));
        }
        let data = match repo.objects.try_find(&id, &mut buf) {
            Ok(Some(data)) => data,
            Ok(None) if shallow && !line.is_empty() => {
                shallow_end = true;
                break;
            }
            Ok(None) => {
                return Err(object_error(
                    location,
                    "commit",
                    id,
                    "the object is missing".into(),
                ));
            }
            Err(e) => return Err(object_error(location, "commit", id, e.to_string())),
        };
        match data.kind {
            Kind::Tag if line.is_empty() && tags < 32 => {
                tags += 1;
                let target = gix::objs::TagRefIter::from_bytes(data.data, hash)
                    .target_id()
                    .map_err(|e| object_error(location, "tag", id, e.to_string()))?;
                seen.remove(&id);
                next = Some(target);
                continue;
            }
            Kind::Commit => {}
            kind => {
                return Err(object_error(
                    location,
                    "commit",
                    id,
                    format!("expected a commit, found a {kind}"),
                ));
            }
        }
        let commit = gix::objs::CommitRef::from_bytes(data.data, hash)
            .map_err(|e| object_error(location, "commit", id, e.to_string()))?;
        let time = committer_time(&commit)
            .ok_or_else(|| object_error(location, "commit", id, "no committer time".into()))?;
        line.push(LineCommit {
            id,
            tree: commit.tree(),
            time,
        });
        if stop.is_some_and(|s| time <= s) {
            break;
        }
        next = commit.parents().next();
    }
    Ok(Line {
        commits: line,
        shallow_end,
    })
}

fn committer_time(commit: &gix::objs::CommitRef<'_>) -> Option<Timestamp> {
    let sig = commit.committer().ok()?;
    let seconds = sig
        .time()
        .map(|t| t.seconds)
        .unwrap_or_else(|_| sig.seconds());
    Timestamp::from_second(seconds).ok()
}

/// The newest commit of `line` committed at or before `at`.
pub fn resolve(line: &[LineCommit], at: Timestamp) -> Option<usize> {
    line.iter().position(|c| c.time <= at)
}

/// A commit as people read it in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    pub commit: String,
    pub short: String,
    /// Committer time, UTC, RFC 3339.
    pub committed_at: String,
    /// The first line of the message.
    pub subject: String,
}

fn commit_info(repo: &gix::Repository, c: &LineCommit) -> CommitInfo {
    let mut buf = Vec::new();
    let subject = match repo.objects.try_find(&c.id, &mut buf) {
        Ok(Some(data)) => gix::objs::CommitRef::from_bytes(data.data, repo.object_hash())
            .map(|commit| subject_of(commit.message))
            .unwrap_or_default(),
        _ => String::new(),
    };
    let commit = c.id.to_string();
    CommitInfo {
        short: commit[..7.min(commit.len())].to_string(),
        commit,
        committed_at: c.time.to_string(),
        subject,
    }
}

/// The first non-empty line, at most 120 characters.
fn subject_of(message: &gix::bstr::BStr) -> String {
    let text = message.to_str_lossy();
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    let line = line.unwrap_or_default();
    match line.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// `scan --as-of`

/// A repository as of a cutoff: its report at the commit then, or nothing when its default
/// branch had no commit yet.
#[derive(Debug)]
pub enum AsOf {
    Report(Box<RepoReport>),
    NoHistory,
}

/// The policy judged on `day` (exemptions active then), never later than the real today.
fn policy_on(base: &Policy, day: Date) -> Policy {
    Policy {
        config: base.config.clone(),
        today: day.min(base.today),
    }
}

fn failed_report(repo: &RepoRef, policy: &Policy, error: String) -> RepoReport {
    let mut r = eval::failed_repo(repo, error);
    r.team = policy.team(&repo.name, None);
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
    let run = || -> Result<AsOf, SnapshotError> {
        let handle = open_repo(&repo.location)?;
        let Some(tip) = default_tip(&handle, &repo.location, opts.snapshot.rev.as_deref())? else {
            return Ok(AsOf::NoHistory);
        };
        let line = first_parent(&handle, &repo.location, tip, Some(cutoff.at))?;
        let ix = match line.at(cutoff.at) {
            Ok(Some(ix)) => ix,
            Ok(None) => return Ok(AsOf::NoHistory),
            Err(e) => {
                return Ok(AsOf::Report(Box::new(failed_report(
                    repo,
                    &policy,
                    format!("{}: {e}", repo.location.display()),
                ))));
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

// ---------------------------------------------------------------------------------------------
// Reuse: what each rule reads, tracked over trees without building snapshots

/// The stages of a rule, in the order they are evaluated; an outcome depends only on the
/// stages that were evaluated to reach it.
const STAGES: usize = 3;
/// Per rule and stage: globs whose files are read (content), and globs only checked for
/// presence (`exists`, `absent`), whose blob ids do not matter.
const SLOTS_PER_RULE: usize = STAGES * 2;

/// The globs a condition tree uses, split by whether it reads the matched files. The match is
/// exhaustive, so a new condition kind must say what it reads.
fn condition_globs(c: &Condition, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
    let pairs = |g: &Globs| g.ids.clone();
    match c {
        Condition::Exists(e) => presence.extend(pairs(&e.globs)),
        Condition::Absent(a) => presence.extend(pairs(&a.0.globs)),
        Condition::Contains(x) => content.extend(pairs(&x.files)),
        Condition::Structured(x) => content.extend(pairs(&x.files)),
        Condition::Template(x) => content.extend(pairs(&x.file)),
        Condition::Hash(x) => content.extend(pairs(&x.files)),
        // Metadata only, which does not change along a repository's history.
        Condition::Repo(_) => {}
        Condition::All(l) => {
            l.0.iter()
                .for_each(|c| condition_globs(c, content, presence))
        }
        Condition::Any(l) => {
            l.0.iter()
                .for_each(|c| condition_globs(c, content, presence))
        }
        Condition::Not(n) => condition_globs(&n.0, content, presence),
    }
}

/// A rule's globs as slots: for each stage (`when`, `paved`, `custom`), content then presence.
fn rule_slots(rule: &crate::pack::Rule) -> Vec<Vec<GlobId>> {
    let mut out = Vec::with_capacity(SLOTS_PER_RULE);
    for stage in [rule.when.as_ref(), Some(&rule.paved), rule.custom.as_ref()] {
        let (mut content, mut presence) = (Vec::new(), Vec::new());
        if let Some(c) = stage {
            condition_globs(c, &mut content, &mut presence);
        }
        content.sort();
        content.dedup();
        presence.sort();
        presence.dedup();
        presence.retain(|id| !content.contains(id));
        out.push(content);
        out.push(presence);
    }
    out
}

/// Which folders some glob could match a path inside: the tracker does not read the others.
/// Conservative: a glob it cannot take apart may match anywhere.
struct Reach {
    globs: Vec<Option<Vec<Component>>>,
}

enum Component {
    /// `**`: any number of folders.
    Any,
    Name(globset::GlobMatcher),
}

impl Reach {
    /// From the scan's globs (pattern, case-insensitive); an unknown one could match anywhere.
    fn new<'a>(globs: impl Iterator<Item = Option<(&'a str, bool)>>) -> Reach {
        Reach {
            globs: globs
                .map(|g| g.and_then(|(pattern, ci)| Self::parse(pattern, ci)))
                .collect(),
        }
    }

    fn parse(pattern: &str, ci: bool) -> Option<Vec<Component>> {
        let pattern = match pattern.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => pattern,
        };
        let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
        if pattern.is_empty() || pattern.contains('\\') {
            return None;
        }
        // A separator inside `{...}` or `[...]` spans components: give up.
        let mut depth = 0i32;
        for c in pattern.chars() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                '/' if depth != 0 => return None,
                _ => {}
            }
        }
        pattern
            .split('/')
            .map(|part| {
                if part == "**" {
                    return Some(Component::Any);
                }
                globset::GlobBuilder::new(part)
                    .literal_separator(true)
                    .case_insensitive(ci)
                    .empty_alternates(true)
                    .build()
                    .ok()
                    .map(|g| Component::Name(g.compile_matcher()))
            })
            .collect()
    }

    /// Whether some glob may match a path strictly inside folder `dir`.
    fn inside(&self, dir: &str) -> bool {
        let parts: Vec<&str> = dir.split('/').collect();
        self.globs.iter().any(|g| match g {
            None => true,
            Some(components) => reaches(components, &parts),
        })
    }
}

fn reaches(components: &[Component], dir: &[&str]) -> bool {
    match (components.first(), dir.first()) {
        (None, _) => false,
        (Some(Component::Any), _) => true,
        (Some(_), None) => true,
        (Some(Component::Name(m)), Some(d)) => {
            m.is_match(d) && reaches(&components[1..], &dir[1..])
        }
    }
}

/// One entry a rule reads: equal deps mean equal inputs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Dep {
    path: String,
    kind: EntryKind,
    id: ObjectId,
    symlink: Option<String>,
}

impl Dep {
    fn of(e: &Entry) -> Dep {
        Dep {
            path: e.path.clone(),
            kind: e.kind,
            id: e.id,
            symlink: e.symlink.clone(),
        }
    }
}

/// Per slot (rule × stage × content or presence), the entries matched at one tree, in path
/// order.
type Deps = Arc<Vec<Vec<Dep>>>;

/// An entry some glob matched, as the tree holds it.
#[derive(Clone, Debug)]
struct Hit {
    path: String,
    kind: EntryKind,
    id: ObjectId,
    mode: gix::objs::tree::EntryMode,
}

/// A subtree at a path: the entries under it each slot's globs match, as (slot, entry).
struct Node {
    hits: Vec<(u32, Arc<Hit>)>,
}

/// What the tracker knows of a root tree: each slot's deps, and every matched entry (once,
/// in path order), from which a pruned tree is built for evaluation.
#[derive(Clone)]
struct Root {
    deps: Deps,
    kept: Arc<Vec<Arc<Hit>>>,
}

/// A tree the tracker cannot read the way a snapshot would (a symlink, a name a snapshot
/// rewrites or leaves out, an unreadable object, absurd size): the caller builds a snapshot.
struct Unusual;

#[derive(Clone)]
struct Child {
    name: String,
    kind: GitKind,
    mode: gix::objs::tree::EntryMode,
    id: ObjectId,
}

/// The deepest tree and the most entries the tracker walks before leaving it to a snapshot,
/// which has its own bounds and reports the problem.
const TRACK_DEPTH: usize = 256;
const TRACK_ENTRIES: usize = 2_000_000;

/// Computes what each rule reads at a tree from git objects alone, caching per subtree
/// (path, tree id), so a commit costs only the trees it changed.
struct Tracker {
    trees: HashMap<ObjectId, Option<Arc<[Child]>>>,
    nodes: HashMap<(String, ObjectId), Option<Arc<Node>>>,
    roots: HashMap<ObjectId, Option<Root>>,
    budget: usize,
    buf: Vec<u8>,
}

impl Tracker {
    fn new() -> Tracker {
        Tracker {
            trees: HashMap::new(),
            nodes: HashMap::new(),
            roots: HashMap::new(),
            budget: TRACK_ENTRIES,
            buf: Vec::new(),
        }
    }

    fn children(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<Arc<[Child]>, Unusual> {
        if let Some(c) = self.trees.get(&id) {
            return c.clone().ok_or(Unusual);
        }
        let mut read = || -> Result<Arc<[Child]>, Unusual> {
            if id.is_empty_tree() {
                return Ok(Arc::from(Vec::new()));
            }
            let data = match repo.objects.try_find(&id, &mut self.buf) {
                Ok(Some(d)) if d.kind == Kind::Tree => d,
                _ => return Err(Unusual),
            };
            let mut out = Vec::new();
            for item in TreeRefIter::from_bytes(data.data, repo.object_hash()) {
                let item = item.map_err(|_| Unusual)?;
                let name = item.filename.to_str().map_err(|_| Unusual)?;
                let kind = item.mode.kind();
                if name.is_empty()
                    || name == "."
                    || name == ".."
                    || name.contains('/')
                    || kind == GitKind::Link
                {
                    return Err(Unusual);
                }
                out.push(Child {
                    name: name.to_string(),
                    kind,
                    mode: item.mode,
                    id: item.oid.to_owned(),
                });
            }
            Ok(Arc::from(out))
        };
        let got = read();
        self.trees.insert(id, got.as_ref().ok().cloned());
        got
    }

    fn node(
        &mut self,
        cx: &Ctx<'_>,
        repo: &gix::Repository,
        path: &str,
        id: ObjectId,
        depth: usize,
    ) -> Result<Arc<Node>, Unusual> {
        let key = (path.to_string(), id);
        if let Some(n) = self.nodes.get(&key) {
            return n.clone().ok_or(Unusual);
        }
        let got = self.compute(cx, repo, path, id, depth);
        self.nodes.insert(key, got.as_ref().ok().cloned());
        got
    }

    fn compute(
        &mut self,
        cx: &Ctx<'_>,
        repo: &gix::Repository,
        path: &str,
        id: ObjectId,
        depth: usize,
    ) -> Result<Arc<Node>, Unusual> {
        if depth > TRACK_DEPTH {
            return Err(Unusual);
        }
        let children = self.children(repo, id)?;
        self.budget = self.budget.checked_sub(children.len()).ok_or(Unusual)?;
        let entries: Vec<Entry> = children
            .iter()
            .map(|c| Entry {
                path: if path.is_empty() {
                    c.name.clone()
                } else {
                    format!("{path}/{}", c.name)
                },
                kind: match c.kind {
                    GitKind::Tree => EntryKind::Dir,
                    GitKind::Commit => EntryKind::Submodule,
                    _ => EntryKind::File,
                },
                id: c.id,
                symlink: None,
            })
            .collect();
        let matches = cx.rules.globs.match_entries(&entries);
        // (slot, entry) pairs through the globs that matched; sorted and deduplicated, this is
        // each slot's matched entries in path order, as `PathMatches::entries` would give.
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for (glob, found) in matches.nonempty() {
            for &slot in &cx.glob_slots[glob.0 as usize] {
                pairs.extend(found.iter().map(|&i| (slot, i)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut hits = Vec::with_capacity(pairs.len());
        let mut shared: HashMap<u32, Arc<Hit>> = HashMap::new();
        for (slot, i) in pairs {
            let hit = shared.entry(i).or_insert_with(|| {
                let (e, c) = (&entries[i as usize], &children[i as usize]);
                Arc::new(Hit {
                    path: e.path.clone(),
                    kind: e.kind,
                    id: e.id,
                    mode: c.mode,
                })
            });
            hits.push((slot, hit.clone()));
        }
        for (c, e) in children.iter().zip(&entries) {
            if c.kind == GitKind::Tree && cx.reaches_inside(&e.path) {
                let sub = self.node(cx, repo, &e.path, c.id, depth + 1)?;
                hits.extend(sub.hits.iter().cloned());
            }
        }
        Ok(Arc::new(Node { hits }))
    }

    /// What each rule reads at root tree `tree`, or `None` when only a snapshot can tell.
    fn root(&mut self, cx: &Ctx<'_>, repo: &gix::Repository, tree: ObjectId) -> Option<Root> {
        if let Some(d) = self.roots.get(&tree) {
            return d.clone();
        }
        let root = self.node(cx, repo, "", tree, 0).ok().map(|node| {
            let mut per_slot = vec![Vec::new(); cx.slots.len()];
            let mut kept: Vec<Arc<Hit>> = Vec::new();
            for (slot, hit) in &node.hits {
                per_slot[*slot as usize].push(cx.dep(*slot as usize, hit));
                kept.push(hit.clone());
            }
            for v in &mut per_slot {
                v.sort_by(|a, b| a.path.cmp(&b.path));
            }
            kept.sort_by(|a, b| a.path.cmp(&b.path));
            kept.dedup_by(|a, b| a.path == b.path);
            Root {
                deps: Arc::new(per_slot),
                kept: Arc::new(kept),
            }
        });
        self.roots.insert(tree, root.clone());
        root
    }

    /// The entry at `path` of root tree `tree`: `Ok(None)` when absent, `Err` when a
    /// symlink or an unreadable tree is in the way.
    fn lookup(
        &mut self,
        repo: &gix::Repository,
        tree: ObjectId,
        path: &str,
    ) -> Result<Option<Child>, Unusual> {
        let mut at = tree;
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            let children = self.children(repo, at)?;
            let Some(c) = children.iter().find(|c| c.name == part) else {
                return Ok(None);
            };
            if parts.peek().is_none() {
                return Ok(Some(c.clone()));
            }
            if c.kind != GitKind::Tree {
                return Ok(None);
            }
            at = c.id;
        }
        Ok(None)
    }

    fn deps_from(cx: &Ctx<'_>, snap: &RepoSnapshot, matches: &crate::rules::PathMatches) -> Deps {
        let entries = snap.entries();
        Arc::new(
            cx.slots
                .iter()
                .enumerate()
                .map(|(slot, g)| {
                    matches
                        .entries(g)
                        .into_iter()
                        .map(|i| cx.dep_of_entry(slot, &entries[i as usize]))
                        .collect()
                })
                .collect(),
        )
    }
}

/// A decoded-object cache shared by every handle cloned from one repository's handle (gix
/// gives each clone a fresh cache of its own), so the snapshots built at later points read
/// the trees an earlier point already inflated from memory.
#[derive(Clone, Default)]
struct SharedObjects(Arc<Mutex<ObjectStore>>);

#[derive(Default)]
struct ObjectStore {
    map: HashMap<ObjectId, (Kind, Vec<u8>)>,
    bytes: usize,
    /// Pruned trees and their commits: they exist only here, never in the repository.
    made: HashMap<ObjectId, (Kind, Vec<u8>)>,
}

/// Per repository: objects larger than this are not kept, and the cache stops growing here.
const CACHE_OBJECT_MAX: usize = 512 << 10;
const CACHE_BYTES: usize = 96 << 20;

impl SharedObjects {
    /// Installs this cache on `repo`. Cloning a `gix::Repository` re-applies its configured
    /// caches (none, for the isolated open), so every clone must be given it again.
    fn install(&self, repo: &mut gix::Repository) {
        let shared = self.clone();
        repo.objects
            .set_object_cache(move || Box::new(shared.clone()));
    }

    /// Adds an object that exists only in this cache; its id is the hash of its content, as
    /// git would compute it, so it can never stand for a different object.
    fn make(&self, hash: gix::hash::Kind, kind: Kind, data: Vec<u8>) -> Result<ObjectId, String> {
        let id = gix::objs::compute_hash(hash, kind, &data).map_err(|e| e.to_string())?;
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        store.made.entry(id).or_insert((kind, data));
        Ok(id)
    }
}

impl gix::odb::pack::cache::Object for SharedObjects {
    fn put(&mut self, id: ObjectId, kind: Kind, data: &[u8]) {
        if data.len() > CACHE_OBJECT_MAX {
            return;
        }
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if store.bytes + data.len() > CACHE_BYTES || store.map.contains_key(&id) {
            return;
        }
        store.bytes += data.len();
        store.map.insert(id, (kind, data.to_vec()));
    }

    fn get(&mut self, id: &ObjectId, out: &mut Vec<u8>) -> Option<Kind> {
        let store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (kind, data) = store.made.get(id).or_else(|| store.map.get(id))?;
        out.clear();
        out.extend_from_slice(data);
        Some(*kind)
    }
}

// ---------------------------------------------------------------------------------------------
// Trend: many points per repository

/// How much work a trend did, and how much it saved; summed over repositories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReuseStats {
    /// Repository × point pairs with a commit.
    pub points: usize,
    /// Distinct commits and trees among them.
    pub commits: usize,
    pub trees: usize,
    /// Full snapshots built (each walks a whole tree).
    pub snapshots: usize,
    /// Pruned snapshots built (only the entries rules match).
    pub pruned: usize,
    /// Rule results computed, and taken from an earlier point instead.
    pub evaluated: usize,
    pub reused: usize,
    /// Commits looked at between points to find the one that changed an outcome.
    pub probes: usize,
}

impl ReuseStats {
    fn add(&mut self, o: &ReuseStats) {
        self.points += o.points;
        self.commits += o.commits;
        self.trees += o.trees;
        self.snapshots += o.snapshots;
        self.pruned += o.pruned;
        self.evaluated += o.evaluated;
        self.reused += o.reused;
        self.probes += o.probes;
    }
}

/// What a trend is asked for.
#[derive(Clone, Debug)]
pub struct TrendSpec {
    pub since: Date,
    pub until: Date,
    /// `None` when the points were given one by one.
    pub every: Option<Every>,
    /// The points, oldest first.
    pub points: Vec<Cutoff>,
    /// Find the commit behind each change between points (bisecting the first-parent line).
    pub changes: bool,
}

impl TrendSpec {
    /// Points from `since` to `until` every `every`, each at the end of its day in UTC.
    pub fn new(since: Date, until: Date, every: Every) -> Result<TrendSpec, DateError> {
        let points = points(since, until, every)?
            .into_iter()
            .map(Cutoff::end_of)
            .collect::<Result<_, _>>()?;
        Ok(TrendSpec {
            since,
            until,
            every: Some(every),
            points,
            changes: true,
        })
    }
}

/// One point of a trend: the org's summary as of its cutoff (`summary.repos_without_history`
/// counts the repositories left out because they had no commit yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub date: String,
    pub as_of: String,
    pub summary: Summary,
}

/// One repository at one point: `null` in JSON when it had no commit yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepoPoint {
    pub commit: Option<String>,
    pub committed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Outcome per rule id.
    #[serde(default)]
    pub outcomes: BTreeMap<String, Outcome>,
}

/// An outcome crossing the paved boundary (onto the paved road, or off it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub rule: String,
    /// `None`: the repository had no commit before.
    pub from: Option<Outcome>,
    pub to: Outcome,
    /// The first-parent commit that made the change; `None` when no commit did (an
    /// exemption began or ended), then `date` is the point's day.
    pub commit: Option<CommitInfo>,
    pub date: String,
}

impl Change {
    pub fn onto_paved(&self) -> bool {
        self.to == Outcome::Paved
    }
}

/// When a rule first became paved in a repository, and whether it regressed afterwards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Adoption {
    pub rule: String,
    /// Already paved at the first point (adopted before the period).
    pub paved_at_start: bool,
    /// The first change onto the paved road in the period.
    pub adopted: Option<Change>,
    /// The first change off it after that (or after the start, when paved at the start).
    pub regressed: Option<Change>,
    pub paved_at_end: bool,
}

/// One repository over the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepoTrend {
    pub name: String,
    /// The team at its latest point (used at every point, so a team's line follows the same
    /// repositories).
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// One entry per trend point.
    pub points: Vec<Option<RepoPoint>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adoption: Vec<Adoption>,
}

impl RepoTrend {
    pub fn outcome(&self, point: usize, rule: &str) -> Option<Outcome> {
        self.points
            .get(point)?
            .as_ref()?
            .outcomes
            .get(rule)
            .copied()
    }
}

/// The trend document (`paved trend --format json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendReport {
    pub schema_version: u32,
    pub kind: String,
    pub tool: Tool,
    pub generated_at: String,
    pub since: String,
    pub until: String,
    pub every: Option<Every>,
    pub rules: Vec<RuleInfo>,
    pub points: Vec<TrendPoint>,
    pub repos: Vec<RepoTrend>,
    /// The full report at the last point (for the dashboard); not serialised.
    #[serde(skip)]
    pub latest: Option<Report>,
    #[serde(skip)]
    pub stats: ReuseStats,
}

impl TrendReport {
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Repositories whose `rule` was paved at some point, with when it was adopted.
    pub fn adopters(&self, rule: &str) -> Vec<(&RepoTrend, &Adoption)> {
        let mut out: Vec<(&RepoTrend, &Adoption)> = self
            .repos
            .iter()
            .filter_map(|r| r.adoption.iter().find(|a| a.rule == rule).map(|a| (r, a)))
            .collect();
        // Adopted before the period first, then by the adopting commit's time.
        out.sort_by(|(ra, a), (rb, b)| {
            let key = |a: &Adoption| {
                (
                    !a.paved_at_start,
                    a.adopted.as_ref().map(|c| {
                        c.commit
                            .as_ref()
                            .map_or(c.date.clone(), |i| i.committed_at.clone())
                    }),
                )
            };
            key(a).cmp(&key(b)).then_with(|| ra.name.cmp(&rb.name))
        });
        out
    }
}

/// What every repository's run shares.
struct Ctx<'a> {
    rules: &'a RuleSet,
    rule_list: Vec<&'a crate::pack::Rule>,
    /// `SLOTS_PER_RULE` glob lists per rule: per stage, content then presence.
    slots: Vec<Globs>,
    /// For each glob of the scan's table, the slots that use it (the inverse of `slots`), so a
    /// tree's entries are mapped to slots through the globs that matched, not every slot.
    glob_slots: Vec<Vec<u32>>,
    reach: Reach,
    /// Whether some glob reaches inside a folder depends on its path alone (not its tree id,
    /// not the repository), so each path is decided once per trend, by whichever worker
    /// meets it first.
    reach_seen: std::sync::Mutex<HashMap<String, bool>>,
    opts: &'a ScanOptions,
    /// The policy at each point (exemptions judged on the point's day).
    policies: Vec<Policy>,
    spec: &'a TrendSpec,
}

impl Ctx<'_> {
    fn reaches_inside(&self, dir: &str) -> bool {
        if let Some(r) = self
            .reach_seen
            .lock()
            .ok()
            .and_then(|m| m.get(dir).copied())
        {
            return r;
        }
        let r = self.reach.inside(dir);
        if let Ok(mut m) = self.reach_seen.lock() {
            m.insert(dir.to_string(), r);
        }
        r
    }

    /// A snapshot's entry as slot `slot` depends on it: presence slots ignore the object id.
    fn dep_of_entry(&self, slot: usize, e: &Entry) -> Dep {
        let mut d = Dep::of(e);
        if slot % 2 == 1 {
            d.id = ObjectId::null(d.id.kind());
        }
        d
    }

    /// A tracked entry as slot `slot` depends on it (a tracked tree holds no symlinks).
    fn dep(&self, slot: usize, h: &Hit) -> Dep {
        Dep {
            path: h.path.clone(),
            kind: h.kind,
            id: if slot % 2 == 1 {
                ObjectId::null(h.id.kind())
            } else {
                h.id
            },
            symlink: None,
        }
    }
}

/// How many stages an outcome depends on: `when` decides not-applicable and exempt, `paved`
/// decides paved; custom, missing and (conservatively) error depend on all three.
fn stages_of(o: Outcome) -> usize {
    match o {
        Outcome::NotApplicable | Outcome::Exempt => 1,
        Outcome::Paved => 2,
        Outcome::Custom | Outcome::Missing | Outcome::Error => STAGES,
    }
}

type ExemptionKey = Option<(Option<String>, Option<u32>, String)>;

/// A computed result and the inputs it depended on: the slots of the stages that decided it.
struct Cached {
    exemption: ExemptionKey,
    deps: Vec<Vec<Dep>>,
    result: RuleResult,
}

enum PointState {
    NoHistory,
    Failed(String),
    At { ix: usize, outcomes: Vec<Outcome> },
}

struct RepoRun<'a> {
    cx: &'a Ctx<'a>,
    repo: &'a RepoRef,
    handle: gix::Repository,
    objects: SharedObjects,
    line: Vec<LineCommit>,
    tracker: Tracker,
    /// Deps of trees the tracker could not read, from full snapshots.
    full_deps: HashMap<ObjectId, Deps>,
    /// The pruned commit made for each tree evaluated.
    pruned: HashMap<ObjectId, ObjectId>,
    /// Per rule, every result computed so far.
    cache: Vec<Vec<Cached>>,
    local: HashMap<ObjectId, Vec<Exemption>>,
    stats: ReuseStats,
}

/// Which rules to evaluate at a commit.
#[derive(Clone, Copy)]
enum Which {
    All,
    One(usize),
}

impl<'a> RepoRun<'a> {
    /// A snapshot of a tree holding only `kept` (every entry some rule's glob matches) and the
    /// folders above them, built from objects that exist only in the shared cache.
    fn pruned_snapshot(
        &mut self,
        tree: ObjectId,
        kept: &[Arc<Hit>],
    ) -> Result<RepoSnapshot, String> {
        self.stats.pruned += 1;
        let commit = match self.pruned.get(&tree) {
            Some(c) => *c,
            None => {
                let c = pruned_commit(&self.objects, self.handle.object_hash(), kept)?;
                self.pruned.insert(tree, c);
                c
            }
        };
        let mut handle = self.handle.clone();
        self.objects.install(&mut handle);
        RepoSnapshot::at_commit(handle, Some(commit), &self.cx.opts.snapshot)
            .map_err(|e| e.to_string())
    }

    fn snapshot(&mut self, ix: usize) -> Result<RepoSnapshot, String> {
        self.stats.snapshots += 1;
        let mut handle = self.handle.clone();
        self.objects.install(&mut handle);
        RepoSnapshot::at_commit(handle, Some(self.line[ix].id), &self.cx.opts.snapshot)
            .map_err(|e| e.to_string())
    }

    /// The repository's own exemptions at a tree, from cache when `.paved.yml` is unchanged.
    fn local_exemptions(
        &mut self,
        ix: usize,
        policy: &Policy,
        snap: &mut Option<RepoSnapshot>,
    ) -> Result<Vec<Exemption>, String> {
        if !policy.config.allow_repo_exemptions {
            return Ok(Vec::new());
        }
        let tree = self.line[ix].tree;
        let found = self.tracker.lookup(&self.handle, tree, ".paved.yml");
        let blob = match found {
            Ok(None) => return Ok(Vec::new()),
            Ok(Some(c)) if matches!(c.kind, GitKind::Blob | GitKind::BlobExecutable) => Some(c.id),
            _ => None,
        };
        if let Some(ex) = blob.and_then(|b| self.local.get(&b)) {
            return Ok(ex.clone());
        }
        if snap.is_none() {
            *snap = Some(self.snapshot(ix)?);
        }
        let s = snap.as_ref().ok_or("no snapshot")?;
        let ex = policy.repo_exemptions(s, &mut Vec::new());
        if let Some(b) = blob {
            self.local.insert(b, ex.clone());
        }
        Ok(ex)
    }

    /// The results of `which` rules at line commit `ix` under `policy`, reusing every result
    /// whose key was seen before; a snapshot is built only when some key is new.
    fn results_at(
        &mut self,
        ix: usize,
        policy: &Policy,
        which: Which,
    ) -> Result<Vec<(usize, RuleResult)>, String> {
        let cx = self.cx;
        let tree = self.line[ix].tree;
        let mut snap: Option<RepoSnapshot> = None;
        let mut matches = None;
        let (deps, kept) = match self.tracker.root(cx, &self.handle, tree) {
            Some(root) => (root.deps, Some(root.kept)),
            None => match self.full_deps.get(&tree) {
                Some(d) => (d.clone(), None),
                None => {
                    let s = self.snapshot(ix)?;
                    let m = cx.rules.globs.match_entries(s.entries());
                    let d = Tracker::deps_from(cx, &s, &m);
                    self.full_deps.insert(tree, d.clone());
                    snap = Some(s);
                    matches = Some(m);
                    (d, None)
                }
            },
        };
        let local = self.local_exemptions(ix, policy, &mut snap)?;
        let range = match which {
            Which::All => 0..cx.rule_list.len(),
            Which::One(r) => r..r + 1,
        };
        let mut out = Vec::with_capacity(range.len());
        let mut pending = Vec::new();
        for r in range {
            let rule = cx.rule_list[r];
            let m = policy.exemption(&self.repo.name, &rule.id, &local, &policy.config.exemptions);
            let exemption: ExemptionKey = m.as_ref().map(|m| {
                let e = m.evidence();
                (e.path, e.line, e.note)
            });
            let slots = &deps[r * SLOTS_PER_RULE..(r + 1) * SLOTS_PER_RULE];
            let hit = self.cache[r]
                .iter()
                .find(|c| c.exemption == exemption && c.deps.as_slice() == &slots[..c.deps.len()]);
            match hit {
                Some(c) => {
                    self.stats.reused += 1;
                    out.push((r, c.result.clone()));
                }
                None => pending.push((r, exemption)),
            }
        }
        if pending.is_empty() {
            return Ok(out);
        }
        // Rules read only what their globs match: a tree of just those entries evaluates
        // exactly as the whole tree does, at a fraction of the cost.
        let snap = match (snap, kept) {
            (Some(s), _) => s,
            (None, Some(kept)) => self.pruned_snapshot(tree, &kept)?,
            (None, None) => self.snapshot(ix)?,
        };
        let matches = matches.unwrap_or_else(|| cx.rules.globs.match_entries(snap.entries()));
        let ecx = EvalCtx::new(&snap, &matches, self.repo);
        for (r, exemption) in pending {
            let rule = cx.rule_list[r];
            let m = policy.exemption(&self.repo.name, &rule.id, &local, &policy.config.exemptions);
            let res = eval::evaluate_rule(rule, &ecx, m.as_ref());
            self.stats.evaluated += 1;
            let used = stages_of(res.outcome) * 2;
            self.cache[r].push(Cached {
                exemption,
                deps: deps[r * SLOTS_PER_RULE..r * SLOTS_PER_RULE + used].to_vec(),
                result: res.clone(),
            });
            out.push((r, res));
        }
        out.sort_by_key(|(r, _)| *r);
        Ok(out)
    }

    fn outcome_at(&mut self, r: usize, ix: usize, policy: &Policy) -> Result<Outcome, String> {
        self.results_at(ix, policy, Which::One(r))?
            .into_iter()
            .next()
            .map(|(_, res)| res.outcome)
            .ok_or_else(|| "no result".to_string())
    }

    /// The team at line commit `ix`: the config's, else the CODEOWNERS catch-all owner.
    fn team_at(&mut self, ix: usize) -> Option<String> {
        let policy = &self.cx.opts.policy;
        if let Some(t) = policy.team(&self.repo.name, None) {
            return Some(t);
        }
        if !policy.config.team_from_codeowners {
            return None;
        }
        let tree = self.line[ix].tree;
        let mut plain = true;
        for path in policy::CODEOWNERS {
            match self.tracker.lookup(&self.handle, tree, path) {
                Ok(None) => continue,
                Ok(Some(c)) if matches!(c.kind, GitKind::Blob | GitKind::BlobExecutable) => {
                    let mut buf = Vec::new();
                    let max = self.cx.opts.snapshot.max_file_size;
                    return match self.handle.objects.try_find(&c.id, &mut buf) {
                        // As a snapshot reads it: within the size limit, no NUL in the first 8 KiB.
                        Ok(Some(d))
                            if d.data.len() as u64 <= max
                                && !d.data[..d.data.len().min(8192)].contains(&0) =>
                        {
                            policy::codeowners_team(&String::from_utf8_lossy(d.data))
                        }
                        _ => None,
                    };
                }
                // A folder, a submodule, a symlink: as the snapshot sees it.
                _ => {
                    plain = false;
                    break;
                }
            }
        }
        if plain {
            return None;
        }
        let snap = self.snapshot(ix).ok()?;
        policy.team(&self.repo.name, Some(&snap))
    }

    /// The commit between two points at which rule `r` crossed the paved boundary:
    /// a bisection of the first-parent line between them, judged under the later point's
    /// policy so only commits can make the difference.
    fn change_between(
        &mut self,
        r: usize,
        lo: Option<(usize, Outcome)>,
        hi: usize,
        hi_point: usize,
    ) -> Result<Change, String> {
        let policy = self.cx.policies[hi_point].clone();
        let rule = self.cx.rule_list[r].id.clone();
        let target = self.outcome_at(r, hi, &policy)? == Outcome::Paved;
        let date = self.cx.spec.points[hi_point].day.to_string();
        let end = self.line.len();
        let mut lo_i = lo.map_or(end, |(ix, _)| ix);
        if lo_i < end && (self.outcome_at(r, lo_i, &policy)? == Outcome::Paved) == target {
            // The same content is judged differently: an exemption began or ended.
            return Ok(Change {
                rule,
                from: lo.map(|(_, o)| o),
                to: self.outcome_at(r, hi, &policy)?,
                commit: None,
                date,
            });
        }
        let mut hi_i = hi;
        while lo_i > hi_i + 1 {
            let mid = hi_i + (lo_i - hi_i) / 2;
            self.stats.probes += 1;
            if (self.outcome_at(r, mid, &policy)? == Outcome::Paved) == target {
                hi_i = mid;
            } else {
                lo_i = mid;
            }
        }
        let from = if lo_i < end {
            Some(self.outcome_at(r, lo_i, &policy)?)
        } else {
            None
        };
        let to = self.outcome_at(r, hi_i, &policy)?;
        let commit = &self.line[hi_i];
        Ok(Change {
            rule,
            from,
            to,
            date: utc_day(commit.time).to_string(),
            commit: Some(commit_info(&self.handle, commit)),
        })
    }
}

/// Writes (into `objects` only) the trees holding `kept` and a commit of the root tree.
fn pruned_commit(
    objects: &SharedObjects,
    hash: gix::hash::Kind,
    kept: &[Arc<Hit>],
) -> Result<ObjectId, String> {
    #[derive(Default)]
    struct Dir {
        dirs: BTreeMap<String, Dir>,
        leaves: Vec<(String, gix::objs::tree::EntryMode, ObjectId)>,
    }
    fn write(
        dir: &Dir,
        objects: &SharedObjects,
        hash: gix::hash::Kind,
    ) -> Result<ObjectId, String> {
        use gix::objs::WriteTo;
        let mut entries = Vec::with_capacity(dir.dirs.len() + dir.leaves.len());
        for (name, sub) in &dir.dirs {
            entries.push(gix::objs::tree::Entry {
                mode: GitKind::Tree.into(),
                filename: name.as_str().into(),
                oid: write(sub, objects, hash)?,
            });
        }
        for (name, mode, id) in &dir.leaves {
            entries.push(gix::objs::tree::Entry {
                mode: *mode,
                filename: name.as_str().into(),
                oid: *id,
            });
        }
        entries.sort();
        let mut buf = Vec::new();
        gix::objs::Tree { entries }
            .write_to(&mut buf)
            .map_err(|e| e.to_string())?;
        objects.make(hash, Kind::Tree, buf)
    }
    let mut root = Dir::default();
    for hit in kept {
        let mut parts: Vec<&str> = hit.path.split('/').collect();
        let last = if hit.kind == EntryKind::Dir {
            None
        } else {
            parts.pop()
        };
        let mut at = &mut root;
        for p in parts {
            at = at.dirs.entry(p.to_string()).or_default();
        }
        if let Some(name) = last {
            at.leaves.push((name.to_string(), hit.mode, hit.id));
        }
    }
    let tree = write(&root, objects, hash)?;
    let commit = format!(
        "tree {tree}\nauthor paved <paved@paved.invalid> 0 +0000\ncommitter paved <paved@paved.invalid> 0 +0000\n\npruned tree for evaluation\n"
    );
    objects.make(hash, Kind::Commit, commit.into_bytes())
}

/// The outcome of one repository over the period, before aggregation.
struct Run {
    trend: RepoTrend,
    states: Vec<PointState>,
    /// Full results at the last point, for the dashboard.
    latest: Option<RepoReport>,
    stats: ReuseStats,
}

fn run_repo(cx: &Ctx<'_>, repo: &RepoRef) -> Run {
    let n = cx.spec.points.len();
    let failed = |error: String| Run {
        trend: RepoTrend {
            name: repo.name.clone(),
            team: cx.opts.policy.team(&repo.name, None),
            error: Some(error.clone()),
            points: vec![
                Some(RepoPoint {
                    commit: None,
                    committed_at: None,
                    error: Some(error.clone()),
                    outcomes: BTreeMap::new(),
                });
                n
            ],
            changes: Vec::new(),
            adoption: Vec::new(),
        },
        states: (0..n).map(|_| PointState::Failed(error.clone())).collect(),
        latest: Some(failed_report(repo, &cx.opts.policy, error.clone())),
        stats: ReuseStats::default(),
    };
    crate::eval::guarded(
        repo,
        || match try_run_repo(cx, repo) {
            Ok(run) => run,
            Err(e) => failed(e.to_string()),
        },
        failed,
    )
}

fn try_run_repo(cx: &Ctx<'_>, repo: &RepoRef) -> Result<Run, SnapshotError> {
    let n = cx.spec.points.len();
    let mut handle = open_repo(&repo.location)?;
    let objects = SharedObjects::default();
    objects.install(&mut handle);
    let tip = default_tip(&handle, &repo.location, cx.opts.snapshot.rev.as_deref())?;
    let stop = cx.spec.points.iter().map(|p| p.at).min();
    let line = match tip {
        Some(tip) => first_parent(&handle, &repo.location, tip, stop)?,
        None => Line::default(),
    };
    let at: Vec<Result<Option<usize>, String>> =
        cx.spec.points.iter().map(|p| line.at(p.at)).collect();
    let line = line.commits;
    let mut run = RepoRun {
        cx,
        repo,
        handle,
        objects,
        line,
        tracker: Tracker::new(),
        full_deps: HashMap::new(),
        pruned: HashMap::new(),
        cache: (0..cx.rule_list.len()).map(|_| Vec::new()).collect(),
        local: HashMap::new(),
        stats: ReuseStats::default(),
    };
    let mut states = Vec::with_capacity(n);
    let mut latest_results = None;
    for (i, ix) in at.iter().enumerate() {
        let ix = match ix {
            Ok(Some(ix)) => *ix,
            Ok(None) => {
                states.push(PointState::NoHistory);
                continue;
            }
            Err(e) => {
                states.push(PointState::Failed(format!(
                    "{}: {e}",
                    repo.location.display()
                )));
                continue;
            }
        };
        run.stats.points += 1;
        match run.results_at(ix, &cx.policies[i], Which::All) {
            Ok(results) => {
                let outcomes = results.iter().map(|(_, r)| r.outcome).collect();
                if i + 1 == n {
                    latest_results = Some(results.into_iter().map(|(_, r)| r).collect());
                }
                states.push(PointState::At { ix, outcomes });
            }
            Err(e) => states.push(PointState::Failed(e)),
        }
    }
    let used: Vec<usize> = at.iter().flatten().flatten().copied().collect();
    run.stats.commits = used.iter().collect::<HashSet<_>>().len();
    run.stats.trees = used
        .iter()
        .map(|&ix| run.line[ix].tree)
        .collect::<HashSet<_>>()
        .len();

    let last_ix = at.iter().rev().flatten().flatten().next().copied();
    let team = match last_ix {
        Some(ix) => run.team_at(ix),
        None => cx.opts.policy.team(&repo.name, None),
    };

    let mut changes = Vec::new();
    if cx.spec.changes {
        for i in 1..n {
            let (lo, hi_ix, hi_out) = match (&states[i - 1], &states[i]) {
                (PointState::NoHistory, PointState::At { ix, outcomes }) => (None, *ix, outcomes),
                (
                    PointState::At {
                        ix: a,
                        outcomes: oa,
                    },
                    PointState::At { ix, outcomes },
                ) => (Some((*a, oa)), *ix, outcomes),
                _ => continue,
            };
            for r in 0..cx.rule_list.len() {
                let was = lo.is_some_and(|(_, o)| o[r] == Outcome::Paved);
                let now = hi_out[r] == Outcome::Paved;
                // Unchanged, or a new repository that is not paved: nothing crossed.
                if was == now {
                    continue;
                }
                match run.change_between(r, lo.map(|(ix, o)| (ix, o[r])), hi_ix, i) {
                    Ok(c) => changes.push(c),
                    Err(_) => continue,
                }
            }
        }
    }

    let points: Vec<Option<RepoPoint>> = states
        .iter()
        .map(|s| match s {
            PointState::NoHistory => None,
            PointState::Failed(e) => Some(RepoPoint {
                commit: None,
                committed_at: None,
                error: Some(e.clone()),
                outcomes: BTreeMap::new(),
            }),
            PointState::At { ix, outcomes } => Some(RepoPoint {
                commit: Some(run.line[*ix].id.to_string()),
                committed_at: Some(run.line[*ix].time.to_string()),
                error: None,
                outcomes: cx
                    .rule_list
                    .iter()
                    .zip(outcomes)
                    .map(|(r, o)| (r.id.clone(), *o))
                    .collect(),
            }),
        })
        .collect();

    changes.sort_by(|a: &Change, b: &Change| {
        let at = |c: &Change| {
            c.commit
                .as_ref()
                .map_or(c.date.clone(), |i| i.committed_at.clone())
        };
        at(a).cmp(&at(b)).then_with(|| a.rule.cmp(&b.rule))
    });
    let mut trend = RepoTrend {
        name: repo.name.clone(),
        team: team.clone(),
        error: None,
        points,
        changes,
        adoption: Vec::new(),
    };
    trend.adoption = adoption_of(&trend, &cx.rule_list);

    let latest = match (states.last(), latest_results) {
        (Some(PointState::At { ix, .. }), Some(results)) => {
            let c = &run.line[*ix];
            Some(RepoReport {
                name: repo.name.clone(),
                path: repo.name.clone(),
                commit: Some(c.id.to_string()),
                committed_at: Some(c.time.to_string()),
                team,
                score: None,
                error: None,
                notes: Vec::new(),
                meta: repo.meta.clone(),
                // Points are evaluated on pruned trees; template provenance is a HEAD-scan figure.
                template: None,
                results,
            })
        }
        (Some(PointState::Failed(e)), _) => {
            let mut r = failed_report(repo, &cx.opts.policy, e.clone());
            r.team = team;
            Some(r)
        }
        _ => None,
    };
    Ok(Run {
        trend,
        states,
        latest,
        stats: run.stats,
    })
}

fn adoption_of(t: &RepoTrend, rules: &[&crate::pack::Rule]) -> Vec<Adoption> {
    let n = t.points.len();
    let mut out = Vec::new();
    let mut rules = rules.to_vec();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    for rule in rules {
        let id = rule.id.as_str();
        let paved = |i: usize| t.outcome(i, id) == Some(Outcome::Paved);
        let ever = (0..n).any(paved) || t.changes.iter().any(|c| c.rule == id && c.onto_paved());
        if !ever {
            continue;
        }
        let paved_at_start = n > 0 && paved(0);
        let mut changes = t.changes.iter().filter(|c| c.rule == id);
        let adopted = if paved_at_start {
            None
        } else {
            changes.by_ref().find(|c| c.onto_paved()).cloned()
        };
        let regressed = if paved_at_start || adopted.is_some() {
            changes.find(|c| !c.onto_paved()).cloned()
        } else {
            None
        };
        out.push(Adoption {
            rule: id.to_string(),
            paved_at_start,
            adopted,
            regressed,
            paved_at_end: n > 0 && paved(n - 1),
        });
    }
    out
}

/// Evaluates every repository at every point of `spec` and aggregates each point with
/// [`Report::build`]. Repositories without a commit at a point are left out of that point
/// and counted in its `summary.repos_without_history`.
pub fn trend(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    spec: &TrendSpec,
    generated_at: String,
    progress: &(dyn Fn() + Sync),
) -> Result<TrendReport, rayon::ThreadPoolBuildError> {
    let rule_list: Vec<&crate::pack::Rule> = rules.rules().collect();
    let slot_globs: Vec<Vec<GlobId>> = rule_list.iter().flat_map(|r| rule_slots(r)).collect();
    let reach = Reach::new(
        slot_globs
            .iter()
            .flatten()
            .map(|id| rules.globs.pattern(*id)),
    );
    let mut glob_slots = vec![Vec::new(); rules.globs.len()];
    for (slot, ids) in slot_globs.iter().enumerate() {
        for id in ids {
            glob_slots[id.0 as usize].push(slot as u32);
        }
    }
    let cx = Ctx {
        rules,
        slots: slot_globs
            .iter()
            .map(|g| Globs {
                ids: g.clone(),
                shown: Vec::new(),
            })
            .collect(),
        glob_slots,
        reach,
        reach_seen: Default::default(),
        rule_list,
        opts,
        policies: spec
            .points
            .iter()
            .map(|p| policy_on(&opts.policy, p.day))
            .collect(),
        spec,
    };
    let runs: Vec<Run> = crate::eval::pool(opts.jobs)?.install(|| {
        repos
            .par_iter()
            .map(|repo| {
                let r = run_repo(&cx, repo);
                progress();
                r
            })
            .collect()
    });
    Ok(assemble(&cx, runs, generated_at))
}

fn assemble(cx: &Ctx<'_>, runs: Vec<Run>, generated_at: String) -> TrendReport {
    let infos = cx.rules.infos();
    let n = cx.spec.points.len();
    let mut stats = ReuseStats::default();
    for r in &runs {
        stats.add(&r.stats);
    }
    let mut points = Vec::with_capacity(n);
    for (i, p) in cx.spec.points.iter().enumerate() {
        let mut reports = Vec::new();
        let mut without = 0;
        for run in &runs {
            match &run.states[i] {
                PointState::NoHistory => without += 1,
                PointState::Failed(e) => {
                    let mut r = eval::failed_repo(
                        &RepoRef {
                            name: run.trend.name.clone(),
                            location: Default::default(),
                            meta: Default::default(),
                        },
                        e.clone(),
                    );
                    r.team = run.trend.team.clone();
                    reports.push(r);
                }
                PointState::At { outcomes, .. } => reports.push(RepoReport {
                    name: run.trend.name.clone(),
                    path: run.trend.name.clone(),
                    commit: None,
                    committed_at: None,
                    team: run.trend.team.clone(),
                    score: None,
                    error: None,
                    notes: Vec::new(),
                    meta: Default::default(),
                    template: None,
                    results: cx
                        .rule_list
                        .iter()
                        .zip(outcomes)
                        .map(|(r, o)| RuleResult {
                            rule: r.id.clone(),
                            outcome: *o,
                            evidence: Vec::new(),
                            message: String::new(),
                        })
                        .collect(),
                }),
            }
        }
        let mut summary = Report::build(infos.clone(), reports, String::new()).summary;
        summary.repos_without_history = without;
        points.push(TrendPoint {
            date: p.day.to_string(),
            as_of: p.as_of(),
            summary,
        });
    }
    let mut latest_repos = Vec::new();
    let mut repos = Vec::with_capacity(runs.len());
    for run in runs {
        latest_repos.extend(run.latest);
        repos.push(run.trend);
    }
    repos.sort_by(|a, b| a.name.cmp(&b.name));
    let mut latest = Report::build(infos.clone(), latest_repos, generated_at.clone());
    if let Some(p) = points.last() {
        latest.summary.repos_without_history = p.summary.repos_without_history;
    }
    let mut rules = infos;
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    TrendReport {
        schema_version: crate::report::SCHEMA_VERSION,
        kind: "trend".into(),
        tool: Tool::default(),
        generated_at,
        since: cx.spec.since.to_string(),
        until: cx.spec.until.to_string(),
        every: cx.spec.every,
        rules,
        points,
        repos,
        latest: Some(latest),
        stats,
    }
}

// ---------------------------------------------------------------------------------------------
// The memo's facts

/// A rule (or the org) at the start and end of the memo's period.
#[derive(Clone, Debug, PartialEq)]
pub struct BeforeAfter {
    /// The rule id; `None` for the org-wide figure.
    pub rule: Option<String>,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// paved and paved + custom + missing at the end.
    pub paved_after: usize,
    pub counted_after: usize,
}

impl BeforeAfter {
    /// The change in percentage points, when both ends have a figure.
    pub fn delta_points(&self) -> Option<f64> {
        Some((self.after? - self.before?) * 100.0)
    }
}

/// A team's change over the period.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamMove {
    pub team: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub repos: usize,
}

impl TeamMove {
    pub fn delta_points(&self) -> Option<f64> {
        Some((self.after? - self.before?) * 100.0)
    }
}

/// A repository that crossed the paved boundary for one rule over the whole period.
#[derive(Clone, Debug, PartialEq)]
pub struct Mover {
    pub repo: String,
    pub team: Option<String>,
    pub rule: String,
    /// The last change in that direction within the period.
    pub change: Option<Change>,
    /// The repository had no commit at the start.
    pub new_repo: bool,
}

/// A rule with a deadline that the org is not on course to meet.
#[derive(Clone, Debug, PartialEq)]
pub struct AtRisk {
    pub rule: String,
    pub deadline: Date,
    pub after: Option<f64>,
    /// Days from the end of the period to the deadline (negative: already past).
    pub days_left: i32,
    /// At the period's pace, the day adoption would reach 100% (`None`: no progress).
    pub projected: Option<Date>,
    /// Repositories still custom or missing at the end, by name.
    pub missing: Vec<String>,
}

/// Everything the quarterly memo says, computed from a trend whose first point is the start
/// of the period and last point its end.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoFacts {
    pub from: String,
    pub to: String,
    pub org: BeforeAfter,
    pub rules: Vec<BeforeAfter>,
    /// Teams by the size of their change, largest first (teams without a figure at both
    /// ends last).
    pub teams: Vec<TeamMove>,
    pub adopted: Vec<Mover>,
    pub regressed: Vec<Mover>,
    pub at_risk: Vec<AtRisk>,
    /// Deadlines met or on course.
    pub on_track: Vec<(String, Date)>,
    pub repos_start: usize,
    pub repos_end: usize,
    /// Repositories with no commit at the start but one at the end, by name.
    pub new_repos: Vec<String>,
    /// Repositories with no commit even at the end.
    pub without_history_end: usize,
}

fn rule_adoption(s: &Summary, rule: &str) -> (Option<f64>, usize, usize) {
    s.rules
        .iter()
        .find(|r| r.rule == rule)
        .map(|r| {
            let c = &r.counts;
            (r.adoption, c.paved, c.paved + c.custom + c.missing)
        })
        .unwrap_or((None, 0, 0))
}

fn team_adoption<'a>(s: &'a Summary, team: &str) -> Option<&'a TeamSummary> {
    s.teams.iter().find(|t| t.team == team)
}

/// The memo's facts for `t` (at least one point; the first is "before", the last "after").
pub fn memo_facts(t: &TrendReport) -> Option<MemoFacts> {
    let first = t.points.first()?;
    let last = t.points.last()?;
    let n = t.points.len();
    let (s0, s1) = (&first.summary, &last.summary);
    let org = BeforeAfter {
        rule: None,
        before: s0.adoption,
        after: s1.adoption,
        paved_after: s1.rules.iter().map(|r| r.counts.paved).sum(),
        counted_after: s1
            .rules
            .iter()
            .map(|r| r.counts.paved + r.counts.custom + r.counts.missing)
            .sum(),
    };
    let rules = t
        .rules
        .iter()
        .map(|r| {
            let (before, _, _) = rule_adoption(s0, &r.id);
            let (after, paved_after, counted_after) = rule_adoption(s1, &r.id);
            BeforeAfter {
                rule: Some(r.id.clone()),
                before,
                after,
                paved_after,
                counted_after,
            }
        })
        .collect();
    let mut names: Vec<&str> = s0
        .teams
        .iter()
        .chain(&s1.teams)
        .map(|t| t.team.as_str())
        .collect();
    names.sort();
    names.dedup();
    let mut teams: Vec<TeamMove> = names
        .into_iter()
        .map(|name| TeamMove {
            team: name.to_string(),
            before: team_adoption(s0, name).and_then(|t| t.adoption),
            after: team_adoption(s1, name).and_then(|t| t.adoption),
            repos: team_adoption(s1, name).map_or(0, |t| t.repos),
        })
        .collect();
    teams.sort_by(|a, b| {
        let key = |m: &TeamMove| m.delta_points().map(f64::abs);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.team.cmp(&b.team))
    });

    let mut adopted = Vec::new();
    let mut regressed = Vec::new();
    for repo in &t.repos {
        for rule in &t.rules {
            let start = repo.outcome(0, &rule.id);
            let end = repo.outcome(n - 1, &rule.id);
            let was = start == Some(Outcome::Paved);
            let now = end == Some(Outcome::Paved);
            if was == now || end.is_none() {
                continue;
            }
            let change = repo
                .changes
                .iter()
                .rfind(|c| c.rule == rule.id && c.onto_paved() == now)
                .cloned();
            let m = Mover {
                repo: repo.name.clone(),
                team: repo.team.clone(),
                rule: rule.id.clone(),
                change,
                new_repo: repo.points.first().is_some_and(Option::is_none),
            };
            if now {
                adopted.push(m);
            } else {
                regressed.push(m);
            }
        }
    }

    let from = first.date.parse::<Date>().ok();
    let to = last.date.parse::<Date>().ok();
    let span_days = match (from, to) {
        (Some(f), Some(e)) => f.until(e).map(|s| s.get_days()).unwrap_or(0),
        _ => 0,
    };
    let mut at_risk = Vec::new();
    let mut on_track = Vec::new();
    for rule in &t.rules {
        let Some(deadline) = rule
            .deadline
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok())
        else {
            continue;
        };
        let Some(to) = to else { continue };
        let (before, _, _) = rule_adoption(s0, &rule.id);
        let (after, _, _) = rule_adoption(s1, &rule.id);
        let days_left = to.until(deadline).map(|s| s.get_days()).unwrap_or(0);
        if after.is_none_or(|a| a >= 1.0) {
            on_track.push((rule.id.clone(), deadline));
            continue;
        }
        let remaining = 1.0 - after.unwrap_or(0.0);
        let pace = match (before, after) {
            (Some(b), Some(a)) if span_days > 0 && a > b => Some((a - b) / span_days as f64),
            _ => None,
        };
        let projected = pace.and_then(|p| {
            let days = (remaining / p).ceil();
            (days < 100_000.0)
                .then(|| to.checked_add(jiff::Span::new().days(days as i64)).ok())
                .flatten()
        });
        let on_course = days_left >= 0 && projected.is_some_and(|p| p <= deadline);
        if on_course {
            on_track.push((rule.id.clone(), deadline));
            continue;
        }
        let mut missing: Vec<String> = t
            .repos
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome(n - 1, &rule.id),
                    Some(Outcome::Custom | Outcome::Missing)
                )
            })
            .map(|r| r.name.clone())
            .collect();
        missing.sort();
        at_risk.push(AtRisk {
            rule: rule.id.clone(),
            deadline,
            after,
            days_left,
            projected,
            missing,
        });
    }
    at_risk.sort_by(|a, b| {
        a.deadline
            .cmp(&b.deadline)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    on_track.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));

    Some(MemoFacts {
        from: first.date.clone(),
        to: last.date.clone(),
        org,
        rules,
        teams,
        adopted,
        regressed,
        at_risk,
        on_track,
        repos_start: s0.repos,
        repos_end: s1.repos,
        new_repos: t
            .repos
            .iter()
            .filter(|r| r.points.first().is_some_and(Option::is_none))
            .filter(|r| r.points.last().is_some_and(Option::is_some))
            .map(|r| r.name.clone())
            .collect(),
        without_history_end: s1.repos_without_history,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_cutoffs() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            (
                "2026-03-31",
                Some("2026-03-31T23:59:59Z"),
                Some("2026-03-31"),
            ),
            (
                "2026-03-31T18:00:00+02:00",
                Some("2026-03-31T16:00:00Z"),
                Some("2026-03-31"),
            ),
            (
                "2026-04-01T01:00:00+05:30",
                Some("2026-03-31T19:30:00Z"),
                Some("2026-03-31"),
            ),
            ("2026-02-30", None, None),
            ("31/03/2026", None, None),
            ("2026-03-31T18:00:00", None, None),
            ("", None, None),
        ];
        for (input, at, day) in cases {
            let got = Cutoff::parse(input);
            match (got, at, day) {
                (Ok(c), Some(at), Some(day)) => {
                    assert_eq!(c.at.to_string(), *at, "{input}");
                    assert_eq!(c.day.to_string(), *day, "{input}");
                }
                (Err(_), None, None) => {}
                (got, _, _) => panic!("{input}: {got:?}"),
            }
        }
    }

    #[test]
    fn point_grids() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let cases: &[(&str, &str, Every, &[&str])] = &[
            (
                "2026-01-31",
                "2026-05-15",
                Every::Month,
                &[
                    "2026-01-31",
                    "2026-02-28",
                    "2026-03-31",
                    "2026-04-30",
                    "2026-05-15",
                ],
            ),
            (
                "2026-01-01",
                "2026-01-15",
                Every::Week,
                &["2026-01-01", "2026-01-08", "2026-01-15"],
            ),
            (
                "2026-01-01",
                "2026-12-31",
                Every::Quarter,
                &[
                    "2026-01-01",
                    "2026-04-01",
                    "2026-07-01",
                    "2026-10-01",
                    "2026-12-31",
                ],
            ),
            ("2026-03-01", "2026-03-01", Every::Month, &["2026-03-01"]),
        ];
        for (since, until, every, want) in cases {
            let got: Vec<String> = points(d(since), d(until), *every)
                .unwrap()
                .iter()
                .map(|x| x.to_string())
                .collect();
            assert_eq!(got, *want, "{since}..{until} {every:?}");
        }
        assert!(matches!(
            points(d("2026-02-01"), d("2026-01-01"), Every::Month),
            Err(DateError::Backwards { .. })
        ));
        assert!(matches!(
            points(d("1970-01-01"), d("2026-01-01"), Every::Week),
            Err(DateError::TooMany { .. })
        ));
    }

    #[test]
    fn quarters() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("2026Q3", Some(("2026-07-01", "2026-09-30"))),
            ("2026-q1", Some(("2026-01-01", "2026-03-31"))),
            ("2024Q4", Some(("2024-10-01", "2024-12-31"))),
            ("2026Q5", None),
            ("Q3", None),
            ("2026", None),
        ];
        for (input, want) in cases {
            let got = quarter(input)
                .ok()
                .map(|(a, b)| (a.to_string(), b.to_string()));
            let want = want.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn subjects() {
        let cases = [
            ("Add CI\n\nLong body", "Add CI"),
            ("\n\n  Fix README  \n", "Fix README"),
            ("", ""),
        ];
        for (msg, want) in cases {
            assert_eq!(subject_of(msg.as_bytes().as_bstr()), want);
        }
        let long = "x".repeat(200);
        assert_eq!(subject_of(long.as_bytes().as_bstr()).chars().count(), 121);
    }
}
