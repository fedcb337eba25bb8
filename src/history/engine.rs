//! The trend engine: every repository evaluated at every point of a trend, reusing results
//! while what they read is unchanged, changes located by bisection, and each point aggregated
//! into the org's summary as a scan aggregates ([`Summary::of_outcomes`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use gix::ObjectId;
use gix::objs::tree::EntryKind as GitKind;
use jiff::civil::Date;
use rayon::prelude::*;

use super::asof::{failed_report, policy_on};
use super::cache::{SharedObjects, pruned_commit};
use super::dates::{Cutoff, DateError, Every, points};
use super::error::HistoryError;
use super::line::{Known, Line, LineCommit, Shallow, first_parent_known};
use super::reuse::{
    Cached, Deps, ExemptionKey, Hit, InputDigest, Reads, SLOTS_PER_RULE, Seed, Tracker,
    input_digest, stages_of,
};
use super::stored::StoredHistory;
use crate::discover::RepoRef;
use crate::eval::{self, ScanOptions};
use crate::outcome::{Outcome, RuleResult};
use crate::pack::RuleSet;
use crate::pack::config::Exemption;
use crate::policy::{Owner, Policy};
use crate::report::trend::{Adoption, RepoPoint, RepoTrend, ReuseStats, TrendPoint, TrendReport};
use crate::report::{RepoOutcomes, RepoReport, Report, Summary, Tool};
use crate::rules::EvalCtx;
use crate::snapshot::{Git, RepoSnapshot, SnapshotError, open_git, read_blob, resolve_tip};

mod changes;

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

/// What every repository's run shares.
struct Ctx<'a> {
    rules: &'a RuleSet,
    rule_list: Vec<&'a crate::pack::Rule>,
    /// Positions in `rule_list` in the order of the rules' ids.
    by_id: Vec<usize>,
    reads: Reads<'a>,
    opts: &'a ScanOptions,
    /// The policy at each point (exemptions judged on the point's day).
    policies: Vec<Policy>,
    spec: &'a TrendSpec,
}

enum PointState {
    NoHistory,
    Failed(String),
    At { ix: usize, outcomes: Vec<Outcome> },
}

struct RepoRun<'a> {
    cx: &'a Ctx<'a>,
    repo: &'a RepoRef,
    handle: Git,
    objects: SharedObjects,
    line: Vec<LineCommit>,
    tracker: Tracker,
    /// Deps of trees the tracker could not read, from full snapshots.
    full_deps: HashMap<ObjectId, Deps>,
    /// The pruned commit made for each tree evaluated.
    pruned: HashMap<ObjectId, ObjectId>,
    /// Per rule, every result computed so far.
    cache: Vec<Vec<Cached>>,
    /// Per rule, the last point's result of the run that wrote the result cache's entry, until
    /// a tree with the same inputs is met (it then joins `cache`).
    seeds: Vec<Option<Seed>>,
    local: HashMap<ObjectId, Vec<Exemption>>,
    stats: ReuseStats,
    /// The result cache's entry (`--cache`): outcomes by commit (and day, when exemptions are
    /// in play), the last point's full results and the line; written back when `stored_new`.
    stored: StoredHistory,
    stored_new: bool,
    /// The subjects this run's changes named, by commit id (they replace the stored ones).
    subjects: BTreeMap<String, String>,
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
    ) -> Result<RepoSnapshot, HistoryError> {
        self.stats.pruned += 1;
        let commit = match self.pruned.get(&tree) {
            Some(c) => *c,
            None => {
                let c = pruned_commit(&self.objects, self.handle.object_hash(), kept).map_err(
                    |source| HistoryError::Pruned {
                        location: self.repo.location.clone(),
                        tree,
                        source,
                    },
                )?;
                self.pruned.insert(tree, c);
                c
            }
        };
        let mut handle = self.handle.clone();
        self.objects.install(&mut handle);
        Ok(RepoSnapshot::at_commit(
            handle,
            Some(commit),
            &self.cx.opts.snapshot,
        )?)
    }

    fn snapshot(&mut self, ix: usize) -> Result<RepoSnapshot, SnapshotError> {
        self.stats.snapshots += 1;
        let mut handle = self.handle.clone();
        self.objects.install(&mut handle);
        RepoSnapshot::at_commit(handle, Some(self.line[ix].id), &self.cx.opts.snapshot)
    }

    /// The repository's own exemptions at a tree, from cache when `.paved.yml` is unchanged.
    fn local_exemptions(
        &mut self,
        ix: usize,
        policy: &Policy,
        snap: &mut Option<RepoSnapshot>,
    ) -> Result<Vec<Exemption>, SnapshotError> {
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
        let s = match snap {
            Some(s) => s,
            None => snap.insert(self.snapshot(ix)?),
        };
        let ex = policy.repo_exemptions(s, &mut Vec::new());
        if let Some(b) = blob {
            self.local.insert(b, ex.clone());
        }
        Ok(ex)
    }

    /// The results-cache name of line commit `ix` judged under `policy`.
    fn stored_key(&self, ix: usize, policy: &Policy) -> Option<String> {
        let c = self.cx.opts.cache.as_ref()?;
        let id = self.line[ix].id;
        Some(if c.fingerprint.day_matters {
            format!("{id}@{}", policy.today)
        } else {
            id.to_string()
        })
    }

    /// [`Self::results_uncached`] through the result cache: a commit whose outcomes (or, with
    /// `full`, whole results) were stored by an earlier run is not read at all; new outcomes
    /// (but no error, which may be passing) are stored. Without `full`, a stored result is its
    /// outcome only (no message or evidence): all a point or a bisection probe reads.
    fn results_at(
        &mut self,
        ix: usize,
        policy: &Policy,
        which: Which,
        full: bool,
    ) -> Result<Vec<(usize, RuleResult)>, HistoryError> {
        let Some(key) = self.stored_key(ix, policy) else {
            return self.results_uncached(ix, policy, which, None);
        };
        let range = match which {
            Which::All => 0..self.cx.rule_list.len(),
            Which::One(r) => r..r + 1,
        };
        let rule_id = |r: usize| &self.cx.rule_list[r].id;
        let found: Option<Vec<(usize, RuleResult)>> = if full {
            let known = self.stored.latest.get(&key);
            range
                .clone()
                .map(|r| Some((r, known?.get(rule_id(r))?.clone())))
                .collect()
        } else {
            self.stored.outcomes_of(&key, range.clone()).map(|found| {
                found
                    .into_iter()
                    .map(|(r, o)| (r, outcome_only(rule_id(r), o)))
                    .collect()
            })
        };
        if let Some(found) = found {
            self.stats.reused += found.len();
            return Ok(found);
        }
        let mut inputs = Vec::new();
        let out = self.results_uncached(ix, policy, which, full.then_some(&mut inputs))?;
        for (r, res) in &out {
            self.stored_new |= self.stored.set_outcome(&key, *r, res.outcome);
        }
        if full && out.iter().all(|(_, r)| r.outcome != Outcome::Error) {
            let results = out
                .iter()
                .map(|(r, res)| (self.cx.rule_list[*r].id.clone(), res.clone()));
            self.stored.set_latest(key, results.collect(), &inputs);
            self.stored_new = true;
        }
        Ok(out)
    }

    /// The results of `which` rules at line commit `ix` under `policy`, reusing every result
    /// whose key was seen before; a snapshot is built only when some key is new. With `inputs`,
    /// also each result's [`InputDigest`], for the result cache.
    fn results_uncached(
        &mut self,
        ix: usize,
        policy: &Policy,
        which: Which,
        inputs: Option<&mut Vec<(usize, InputDigest)>>,
    ) -> Result<Vec<(usize, RuleResult)>, HistoryError> {
        let cx = self.cx;
        let tree = self.line[ix].tree;
        let mut snap: Option<RepoSnapshot> = None;
        let mut matches = None;
        let (deps, kept) = match self.tracker.root(&cx.reads, &self.handle, tree) {
            Some(root) => (root.deps, Some(root.kept)),
            None => match self.full_deps.get(&tree) {
                Some(d) => (d.clone(), None),
                None => {
                    let s = self.snapshot(ix)?;
                    let m = cx.rules.globs.match_entries(s.entries());
                    let d = Tracker::deps_from(&cx.reads, &s, &m);
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
        // Per result, the `self.cache[r]` entry it came from, for its digest.
        let mut sources = Vec::with_capacity(range.len());
        for r in range {
            let rule = cx.rule_list[r];
            let m = policy.exemption(&self.repo.name, &rule.id, &local, &policy.config.exemptions);
            let exemption: ExemptionKey = m.as_ref().map(|m| {
                let e = m.evidence();
                (e.path, e.line, e.note)
            });
            match self.reuse(r, &exemption, &deps) {
                Some(at) => {
                    self.stats.reused += 1;
                    out.push((r, self.cache[r][at].result.clone()));
                    sources.push((r, at));
                }
                None => pending.push((r, exemption)),
            }
        }
        if pending.is_empty() {
            self.digests_of(&sources, inputs);
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
            sources.push((r, self.cache[r].len()));
            self.cache[r].push(Cached {
                exemption,
                deps: deps[r * SLOTS_PER_RULE..r * SLOTS_PER_RULE + used].to_vec(),
                result: res.clone(),
                digest: None,
            });
            out.push((r, res));
        }
        out.sort_by_key(|(r, _)| *r);
        self.digests_of(&sources, inputs);
        Ok(out)
    }

    /// Each result's [`InputDigest`] into `inputs`, when asked, from the `self.cache` entry it
    /// came from (`sources`), computed once per entry.
    fn digests_of(
        &mut self,
        sources: &[(usize, usize)],
        inputs: Option<&mut Vec<(usize, InputDigest)>>,
    ) {
        let Some(inputs) = inputs else { return };
        for &(r, at) in sources {
            let c = &mut self.cache[r][at];
            let d = *c
                .digest
                .get_or_insert_with(|| input_digest(&c.exemption, &c.deps));
            inputs.push((r, d));
        }
        inputs.sort_by_key(|(r, _)| *r);
    }

    /// The `self.cache[r]` entry of a result of rule `r` computed from the same inputs: one of
    /// this run's, else the seed from the previous run when its inputs digest the same (it
    /// then joins this run's).
    fn reuse(&mut self, r: usize, exemption: &ExemptionKey, deps: &Deps) -> Option<usize> {
        let slots = &deps[r * SLOTS_PER_RULE..(r + 1) * SLOTS_PER_RULE];
        if let Some(at) = self.cache[r]
            .iter()
            .position(|c| &c.exemption == exemption && c.deps.as_slice() == &slots[..c.deps.len()])
        {
            return Some(at);
        }
        let seed = self.seeds[r].as_mut()?;
        let used = &slots[..stages_of(seed.result.outcome) * 2];
        // Hashing costs more than comparing: inputs that already missed are not hashed again.
        if seed
            .missed
            .as_ref()
            .is_some_and(|(e, d)| e == exemption && d.as_slice() == used)
        {
            return None;
        }
        if input_digest(exemption, used) != seed.digest {
            seed.missed = Some((exemption.clone(), used.to_vec()));
            return None;
        }
        let seed = self.seeds[r].take()?;
        self.cache[r].push(Cached {
            exemption: exemption.clone(),
            deps: used.to_vec(),
            result: seed.result,
            digest: Some(seed.digest),
        });
        Some(self.cache[r].len() - 1)
    }

    fn outcome_at(
        &mut self,
        r: usize,
        ix: usize,
        policy: &Policy,
    ) -> Result<Outcome, HistoryError> {
        let results = self.results_at(ix, policy, Which::One(r), false)?;
        // `Which::One` always gives its one result.
        Ok(results
            .first()
            .map_or(Outcome::Error, |(_, res)| res.outcome))
    }

    /// The team at line commit `ix`, from the result cache's entry when it was stored for
    /// that commit (the entry's key covers the config and the repository's metadata); a team
    /// found while some file could not be read is not stored, as an error is not.
    fn team_at(&mut self, ix: usize) -> Option<Owner> {
        let key = self.line[ix].id.to_string();
        if let Some((at, owner)) = &self.stored.owner
            && *at == key
        {
            return owner.clone();
        }
        let (owner, whole) = self.team_read(ix);
        if whole {
            self.stored.owner = Some((key, owner.clone()));
            self.stored_new = true;
        }
        owner
    }

    /// The team at line commit `ix`, as a scan decides it ([`Policy::team_with`]): the files
    /// it reads (catalog, CODEOWNERS) are looked up in the tracked tree and read as a snapshot
    /// reads them; a folder, a submodule or a symlink in the way is left to a full snapshot.
    /// Also whether every file it looked for could be read.
    fn team_read(&mut self, ix: usize) -> (Option<Owner>, bool) {
        let cx = self.cx;
        let tree = self.line[ix].tree;
        let max = cx.opts.snapshot.max_file_size;
        let mut full: Option<Option<RepoSnapshot>> = None;
        let mut buf = Vec::new();
        let repo = self.repo;
        let mut whole = true;
        // A trend point has nowhere to show why a catalog file gave no team; the scan does.
        let mut notes = Vec::new();
        let owner = cx.opts.policy.team_with(
            &repo.name,
            &repo.meta,
            |path| {
                let read = match self.tracker.lookup(&self.handle, tree, path) {
                    Ok(None) => return None,
                    Ok(Some(c)) if matches!(c.kind, GitKind::Blob | GitKind::BlobExecutable) => {
                        read_blob(&self.handle, c.id, max, &mut buf).ok()
                    }
                    _ => {
                        let snap = full.get_or_insert_with(|| self.snapshot(ix).ok());
                        match snap {
                            Some(s) => {
                                s.entry(path)?;
                                s.content(path).ok()
                            }
                            None => None,
                        }
                    }
                };
                whole &= read.is_some();
                Some(read)
            },
            &mut notes,
        );
        (owner, whole)
    }
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
            team: cx
                .opts
                .policy
                .team(repo, None, &mut Vec::new())
                .map(|o| o.team),
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

/// Each point's commit on the repository's line: `Ok(None)` before its first commit.
type PointCommits = Vec<Result<Option<usize>, Shallow>>;

fn try_run_repo(cx: &Ctx<'_>, repo: &RepoRef) -> Result<Run, SnapshotError> {
    let (mut run, at) = RepoRun::open(cx, repo)?;
    let (states, latest_results) = run.evaluate_points(&at);
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
        None => cx.opts.policy.team(repo, None, &mut Vec::new()),
    };
    let owner = team;
    let team = owner.as_ref().map(|o| o.team.clone());
    let changes = if cx.spec.changes {
        run.changes(&states)
    } else {
        Vec::new()
    };
    let mut trend = RepoTrend {
        name: repo.name.clone(),
        team: team.clone(),
        error: None,
        points: run.repo_points(&states),
        changes,
        adoption: Vec::new(),
    };
    trend.adoption = adoption_of(&trend, &cx.rule_list);
    let latest = run.latest_report(states.last(), latest_results, owner);
    if run.stored_new
        && let Some(c) = &cx.opts.cache
    {
        // A run without changes named no commit: the stored subjects stay for one with them.
        if cx.spec.changes {
            run.stored.subjects = std::mem::take(&mut run.subjects);
        }
        let key = c.fingerprint.history_key(repo);
        c.store.put(crate::cache::Kind::History, &key, |w| {
            w.write_all(&run.stored.to_bytes())
        });
    }
    Ok(Run {
        trend,
        states,
        latest,
        stats: run.stats,
    })
}

impl<'a> RepoRun<'a> {
    /// Opens the repository and walks its line back to the earliest point; also gives each
    /// point's commit.
    fn open(cx: &'a Ctx<'a>, repo: &'a RepoRef) -> Result<(Self, PointCommits), SnapshotError> {
        let mut handle = open_git(&repo.location)?;
        let stop = cx.spec.points.iter().map(|p| p.at).min();
        let rev = cx.opts.snapshot.rev.as_deref();
        let mut stored: StoredHistory = cx
            .opts
            .cache
            .as_ref()
            .and_then(|c| {
                let key = c.fingerprint.history_key(repo);
                c.store
                    .get(crate::cache::Kind::History, &key, StoredHistory::from_bytes)
            })
            .unwrap_or_default();
        let ids: Vec<&str> = cx.rule_list.iter().map(|r| r.id.as_str()).collect();
        stored.align(&ids);
        let known = Known {
            commits: std::mem::take(&mut stored.line),
            to_root: stored.line_to_root,
        };
        let mut stored_new = false;
        let tip = resolve_tip(&mut handle, &repo.location, rev)?;
        // After the tip is resolved, which may have reopened the repository in full.
        let objects = SharedObjects::default();
        objects.install(&mut handle);
        let line = match tip {
            Some(tip) => {
                let (line, longest) =
                    first_parent_known(&handle, &repo.location, tip, stop, &known)?;
                if longest.commits != known.commits || longest.to_root != known.to_root {
                    stored_new = true;
                }
                (stored.line, stored.line_to_root) = (longest.commits, longest.to_root);
                line
            }
            None => {
                stored.line = known.commits;
                Line::default()
            }
        };
        let at = cx.spec.points.iter().map(|p| line.at(p.at)).collect();
        let run = RepoRun {
            cx,
            repo,
            handle,
            objects,
            line: line.commits,
            tracker: Tracker::new(),
            full_deps: HashMap::new(),
            pruned: HashMap::new(),
            cache: (0..cx.rule_list.len()).map(|_| Vec::new()).collect(),
            seeds: seeds(&stored, &cx.rule_list),
            local: HashMap::new(),
            stats: ReuseStats::default(),
            stored,
            stored_new,
            subjects: BTreeMap::new(),
        };
        Ok((run, at))
    }

    /// Every rule at every point; also the full results at the last point.
    fn evaluate_points(&mut self, at: &PointCommits) -> (Vec<PointState>, Option<Vec<RuleResult>>) {
        let cx = self.cx;
        let n = at.len();
        let mut states = Vec::with_capacity(n);
        let mut latest_results = None;
        for (i, ix) in at.iter().enumerate() {
            let ix = match ix {
                Ok(Some(ix)) => *ix,
                Ok(None) => {
                    states.push(PointState::NoHistory);
                    continue;
                }
                Err(source) => {
                    let e = HistoryError::Shallow {
                        location: self.repo.location.clone(),
                        source: source.clone(),
                    };
                    states.push(PointState::Failed(e.to_string()));
                    continue;
                }
            };
            self.stats.points += 1;
            match self.results_at(ix, &cx.policies[i], Which::All, i + 1 == n) {
                Ok(results) => {
                    let outcomes = results.iter().map(|(_, r)| r.outcome).collect();
                    if i + 1 == n {
                        latest_results = Some(results.into_iter().map(|(_, r)| r).collect());
                    }
                    states.push(PointState::At { ix, outcomes });
                }
                Err(e) => states.push(PointState::Failed(e.to_string())),
            }
        }
        (states, latest_results)
    }

    /// The repository at each point as the trend document shows it.
    fn repo_points(&self, states: &[PointState]) -> Vec<Option<RepoPoint>> {
        states
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
                    commit: Some(self.line[*ix].id.to_string()),
                    committed_at: Some(self.line[*ix].time.to_string()),
                    error: None,
                    // In id order, so the map is built without sorting.
                    outcomes: self
                        .cx
                        .by_id
                        .iter()
                        .map(|&r| (self.cx.rule_list[r].id.clone(), outcomes[r]))
                        .collect(),
                }),
            })
            .collect()
    }

    /// The full report at the last point, for the dashboard.
    fn latest_report(
        &self,
        last: Option<&PointState>,
        results: Option<Vec<RuleResult>>,
        owner: Option<Owner>,
    ) -> Option<RepoReport> {
        let (team, team_source) = self.cx.opts.policy.team_fields(owner);
        let repo = self.repo;
        match (last, results) {
            (Some(PointState::At { ix, .. }), Some(results)) => {
                let c = &self.line[*ix];
                Some(RepoReport {
                    name: repo.name.clone(),
                    path: repo.name.clone(),
                    commit: Some(c.id.to_string()),
                    committed_at: Some(c.time.to_string()),
                    team,
                    team_source,
                    score: None,
                    error: None,
                    notes: Vec::new(),
                    meta: Box::new(repo.meta.clone()),
                    // Points are evaluated on pruned trees; template provenance is a HEAD-scan
                    // figure.
                    template: None,
                    results: results.into_iter().map(std::sync::Arc::new).collect(),
                })
            }
            (Some(PointState::Failed(e)), _) => {
                let mut r = failed_report(repo, &self.cx.opts.policy, e.clone());
                (r.team, r.team_source) = (team, team_source);
                Some(r)
            }
            _ => None,
        }
    }
}

/// The previous run's last-point results, per rule, with the digests of their inputs.
fn seeds(stored: &StoredHistory, rules: &[&crate::pack::Rule]) -> Vec<Option<Seed>> {
    let latest = stored.latest.values().next();
    rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            Some(Seed {
                digest: stored.latest_input(r)?,
                result: latest?.get(&rule.id)?.clone(),
                missed: None,
            })
        })
        .collect()
}

/// A stored result that is only its outcome: what points and bisection probes read.
fn outcome_only(rule: &str, outcome: Outcome) -> RuleResult {
    RuleResult {
        rule: rule.to_string(),
        outcome,
        evidence: Vec::new(),
        message: String::new(),
    }
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

/// Evaluates every repository at every point of `spec` and aggregates each point as a scan
/// aggregates. Repositories without a commit at a point are left out of that point and
/// counted in its `summary.repos_without_history`.
pub fn trend(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    spec: &TrendSpec,
    generated_at: String,
    progress: &(dyn Fn() + Sync),
) -> Result<TrendReport, rayon::ThreadPoolBuildError> {
    let rule_list: Vec<&crate::pack::Rule> = rules.rules().collect();
    let mut by_id: Vec<usize> = (0..rule_list.len()).collect();
    by_id.sort_by(|&a, &b| rule_list[a].id.cmp(&rule_list[b].id));
    let cx = Ctx {
        rules,
        reads: Reads::new(&rule_list, &rules.globs),
        rule_list,
        by_id,
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

/// The org's summary at point `i`: each repository with a commit then, by its outcomes.
fn summary_at(cx: &Ctx<'_>, runs: &[Run], i: usize) -> Summary {
    // Outcomes in rule id order, as the summary takes them (sorting each repository's again
    // cost as much as counting them).
    let mut by_id: Vec<usize> = (0..cx.rule_list.len()).collect();
    by_id.sort_by(|a, b| cx.rule_list[*a].id.cmp(&cx.rule_list[*b].id));
    let mut repos = Vec::new();
    let mut without = 0;
    for run in runs {
        let (failed, outcomes) = match &run.states[i] {
            PointState::NoHistory => {
                without += 1;
                continue;
            }
            PointState::Failed(_) => (true, Vec::new()),
            PointState::At { outcomes, .. } => (
                false,
                by_id
                    .iter()
                    .filter_map(|&r| Some((cx.rule_list[r].id.as_str(), *outcomes.get(r)?)))
                    .collect(),
            ),
        };
        repos.push(RepoOutcomes {
            name: &run.trend.name,
            team: run.trend.team.as_deref(),
            failed,
            outcomes,
        });
    }
    let mut infos = cx.rules.infos();
    infos.sort_by(|a, b| a.id.cmp(&b.id));
    let mut summary = Summary::of_outcomes(&infos, repos);
    summary.repos_without_history = without;
    summary
}

fn assemble(cx: &Ctx<'_>, runs: Vec<Run>, generated_at: String) -> TrendReport {
    let mut stats = ReuseStats::default();
    for r in &runs {
        stats.add(&r.stats);
    }
    let points: Vec<TrendPoint> = cx
        .spec
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| TrendPoint {
            date: p.day.to_string(),
            as_of: p.as_of(),
            summary: summary_at(cx, &runs, i),
        })
        .collect();
    let mut latest_repos = Vec::new();
    let mut repos = Vec::with_capacity(runs.len());
    for run in runs {
        latest_repos.extend(run.latest);
        repos.push(run.trend);
    }
    repos.sort_by(|a, b| a.name.cmp(&b.name));
    let infos = cx.rules.infos();
    let mut latest = Report::build(infos.clone(), latest_repos, generated_at.clone());
    if let Some(p) = points.last() {
        latest.summary.repos_without_history = p.summary.repos_without_history;
    }
    let mut rules = infos;
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    TrendReport {
        schema_version: crate::report::trend_wire::TREND_VERSION,
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
