//! Reuse tracking: what each rule reads at a tree (the entries its globs match, with blob ids
//! where it reads the files), computed from git objects alone and cached per subtree, so a
//! rule's result is reused while those entries are unchanged.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::{Find, Kind, TreeRefIter, tree::EntryKind as GitKind};

use crate::outcome::{Outcome, RuleResult};
use crate::rules::{GlobId, GlobTable, Globs};
use crate::snapshot::{Entry, EntryKind, Git, Reach, RepoSnapshot};

/// The stages of a rule, in the order they are evaluated; an outcome depends only on the
/// stages that were evaluated to reach it.
pub(super) const STAGES: usize = 3;
/// Per rule and stage: globs whose files are read (content), and globs only checked for
/// presence (`exists`, `absent`), whose blob ids do not matter.
pub(super) const SLOTS_PER_RULE: usize = STAGES * 2;

/// A rule's globs as slots: for each stage (`when`, `paved`, `custom`), content then presence.
fn rule_slots(rule: &crate::pack::Rule) -> Vec<Vec<GlobId>> {
    let mut out = Vec::with_capacity(SLOTS_PER_RULE);
    for stage in [rule.when.as_ref(), Some(&rule.paved), rule.custom.as_ref()] {
        let (mut content, mut presence) = (Vec::new(), Vec::new());
        if let Some(c) = stage {
            c.reads(&mut content, &mut presence);
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

/// What every repository of a trend shares about what rules read: the slots, the globs each
/// slot uses, and which folders any glob reaches.
pub(super) struct Reads<'a> {
    globs: &'a GlobTable,
    /// `SLOTS_PER_RULE` glob lists per rule: per stage, content then presence.
    slots: Vec<Globs>,
    /// For each glob of the scan's table, the slots that use it (the inverse of `slots`), so a
    /// tree's entries are mapped to slots through the globs that matched, not every slot.
    glob_slots: Vec<Vec<u32>>,
    reach: Reach,
    /// Whether some glob reaches inside a folder depends on its path alone (not its tree id,
    /// not the repository), so each path is decided once per trend, by whichever worker
    /// meets it first.
    reach_seen: Mutex<HashMap<String, bool>>,
}

impl<'a> Reads<'a> {
    /// Asks each rule's conditions what they read.
    pub(super) fn new(rules: &[&crate::pack::Rule], globs: &'a GlobTable) -> Reads<'a> {
        let slot_globs: Vec<Vec<GlobId>> = rules.iter().flat_map(|r| rule_slots(r)).collect();
        let reach = Reach::new(slot_globs.iter().flatten().map(|id| globs.pattern(*id)));
        let mut glob_slots = vec![Vec::new(); globs.len()];
        for (slot, ids) in slot_globs.iter().enumerate() {
            for id in ids {
                glob_slots[id.0 as usize].push(slot as u32);
            }
        }
        Reads {
            globs,
            slots: slot_globs
                .into_iter()
                .map(|ids| Globs {
                    ids,
                    shown: Vec::new(),
                })
                .collect(),
            glob_slots,
            reach,
            reach_seen: Mutex::default(),
        }
    }

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

/// One entry a rule reads: equal deps mean equal inputs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Dep {
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
pub(super) type Deps = Arc<Vec<Vec<Dep>>>;

/// An entry some glob matched, as the tree holds it.
#[derive(Clone, Debug)]
pub(super) struct Hit {
    pub(super) path: String,
    pub(super) kind: EntryKind,
    pub(super) id: ObjectId,
    pub(super) mode: gix::objs::tree::EntryMode,
}

/// A subtree at a path: the entries under it each slot's globs match, as (slot, entry).
struct Node {
    hits: Vec<(u32, Arc<Hit>)>,
}

/// What the tracker knows of a root tree: each slot's deps, and every matched entry (once,
/// in path order), from which a pruned tree is built for evaluation.
#[derive(Clone)]
pub(super) struct Root {
    pub(super) deps: Deps,
    pub(super) kept: Arc<Vec<Arc<Hit>>>,
}

/// A tree the tracker cannot read the way a snapshot would (a symlink, a name a snapshot
/// rewrites or leaves out, an unreadable object, absurd size): the caller builds a snapshot.
pub(super) struct Unusual;

#[derive(Clone)]
pub(super) struct Child {
    name: String,
    pub(super) kind: GitKind,
    mode: gix::objs::tree::EntryMode,
    pub(super) id: ObjectId,
}

/// The deepest tree and the most entries the tracker walks before leaving it to a snapshot,
/// which has its own bounds and reports the problem.
const TRACK_DEPTH: usize = 256;
const TRACK_ENTRIES: usize = 2_000_000;

/// Computes what each rule reads at a tree from git objects alone, caching per subtree
/// (path, tree id), so a commit costs only the trees it changed.
pub(super) struct Tracker {
    trees: HashMap<ObjectId, Option<Arc<[Child]>>>,
    nodes: HashMap<(String, ObjectId), Option<Arc<Node>>>,
    roots: HashMap<ObjectId, Option<Root>>,
    budget: usize,
    buf: Vec<u8>,
}

impl Tracker {
    pub(super) fn new() -> Tracker {
        Tracker {
            trees: HashMap::new(),
            nodes: HashMap::new(),
            roots: HashMap::new(),
            budget: TRACK_ENTRIES,
            buf: Vec::new(),
        }
    }

    fn children(&mut self, repo: &Git, id: ObjectId) -> Result<Arc<[Child]>, Unusual> {
        if let Some(c) = self.trees.get(&id) {
            return c.clone().ok_or(Unusual);
        }
        let mut read = || -> Result<Arc<[Child]>, Unusual> {
            if id.is_empty_tree() {
                return Ok(Arc::from(Vec::new()));
            }
            let data = match repo.try_find(&id, &mut self.buf) {
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
        cx: &Reads<'_>,
        repo: &Git,
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
        cx: &Reads<'_>,
        repo: &Git,
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
        let matches = cx.globs.match_entries(&entries);
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
    pub(super) fn root(&mut self, cx: &Reads<'_>, repo: &Git, tree: ObjectId) -> Option<Root> {
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
    pub(super) fn lookup(
        &mut self,
        repo: &Git,
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

    pub(super) fn deps_from(
        cx: &Reads<'_>,
        snap: &RepoSnapshot,
        matches: &crate::rules::PathMatches,
    ) -> Deps {
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

/// How many stages an outcome depends on: `when` decides not-applicable and exempt, `paved`
/// decides paved; custom, missing and (conservatively) error depend on all three.
pub(super) fn stages_of(o: Outcome) -> usize {
    match o {
        Outcome::NotApplicable | Outcome::Exempt => 1,
        Outcome::Paved => 2,
        Outcome::Custom | Outcome::Missing | Outcome::Error => STAGES,
    }
}

pub(super) type ExemptionKey = Option<(Option<String>, Option<u32>, String)>;

/// A digest of what a result was computed from (its exemption and the deps of the stages that
/// decided it), kept across runs with the last point's full results so the next run reuses
/// them. SHA-256, whole: a collision would be a wrong verdict, so no short hash.
pub(super) type InputDigest = [u8; 32];

/// The [`InputDigest`] of a result decided by `deps` (the slots of its deciding stages) under
/// `exemption`. Every part is tagged or length-prefixed, so no two different inputs feed the
/// same bytes.
pub(super) fn input_digest(exemption: &ExemptionKey, deps: &[Vec<Dep>]) -> InputDigest {
    use sha2::{Digest, Sha256};
    fn feed(h: &mut Sha256, part: Option<&[u8]>) {
        match part {
            None => h.update([0]),
            Some(b) => {
                h.update([1]);
                h.update((b.len() as u64).to_le_bytes());
                h.update(b);
            }
        }
    }
    let mut h = Sha256::new();
    h.update(b"paved inputs 1");
    match exemption {
        None => h.update([0]),
        Some((path, line, note)) => {
            h.update([1]);
            feed(&mut h, path.as_deref().map(str::as_bytes));
            feed(&mut h, line.map(u32::to_le_bytes).as_ref().map(|b| &b[..]));
            feed(&mut h, Some(note.as_bytes()));
        }
    }
    h.update((deps.len() as u64).to_le_bytes());
    for slot in deps {
        h.update((slot.len() as u64).to_le_bytes());
        for d in slot {
            feed(&mut h, Some(d.path.as_bytes()));
            h.update([match d.kind {
                EntryKind::File => b'f',
                EntryKind::Dir => b'd',
                EntryKind::Submodule => b's',
            }]);
            feed(&mut h, Some(d.id.as_bytes()));
            feed(&mut h, d.symlink.as_deref().map(str::as_bytes));
        }
    }
    h.finalize().into()
}

/// A result the previous run stored for its last point, with the digest of its inputs: reused
/// at any tree whose inputs digest the same.
pub(super) struct Seed {
    pub(super) digest: InputDigest,
    pub(super) result: RuleResult,
    /// The last inputs found not to digest the same.
    pub(super) missed: Option<(ExemptionKey, Vec<Vec<Dep>>)>,
}

/// A computed result and the inputs it depended on: the slots of the stages that decided it.
pub(super) struct Cached {
    pub(super) exemption: ExemptionKey,
    pub(super) deps: Vec<Vec<Dep>>,
    pub(super) result: RuleResult,
    /// Its [`InputDigest`], once computed (for the result cache) or known (from a seed).
    pub(super) digest: Option<InputDigest>,
}
