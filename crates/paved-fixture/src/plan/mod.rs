//! The plan: what a repository will hold (blobs, trees, commits, refs, what to break),
//! independent of how it is written, and the tree edits that build it. `fixture` makes the plan
//! of a fixture folder; the synthetic generators make theirs directly.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::hash::{Hash, Hasher};

use crate::rng::SplitMix;
use crate::spec::{Broken, GenKind};

mod fixture;

pub(crate) use fixture::plan_fixture;
#[cfg(test)]
pub(crate) use fixture::tests as fixture_tests;

pub(crate) const DEFAULT_IDENT: &str = "Paved Fixtures <fixtures@paved.invalid>";
pub(crate) const DEFAULT_BRANCH: &str = "main";
/// 2026-01-01T12:00:00Z; commit `i` without a date is dated this plus `i` days.
pub(crate) const DEFAULT_EPOCH: i64 = 1_767_268_800;
pub(crate) const DAY: i64 = 86_400;

/// The words generated text and synthetic source files are made of.
pub(crate) const WORDS: &[&str] = &[
    "account", "balance", "config", "deploy", "event", "handler", "invoice", "ledger", "metric",
    "order", "payment", "queue", "record", "request", "schema", "service", "session", "token",
    "update", "user", "value", "worker", "cache", "client", "error", "index", "limit", "merge",
    "parse", "retry", "shard", "stream", "table", "timeout",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    File,
    Exec,
    Link,
    Gitlink,
}

impl Mode {
    pub(crate) fn octal(self) -> &'static str {
        match self {
            Mode::File => "100644",
            Mode::Exec => "100755",
            Mode::Link => "120000",
            Mode::Gitlink => "160000",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Index into the plan's blobs.
    Blob(usize),
    /// A submodule's commit id (40 hex digits).
    Commit(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) mode: Mode,
    pub(crate) target: Target,
}

pub(crate) type Tree = BTreeMap<String, Entry>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ident {
    /// `Name <email>`.
    pub(crate) who: String,
    pub(crate) seconds: i64,
    /// `+hhmm` / `-hhmm`, as git writes it.
    pub(crate) offset: String,
}

#[derive(Clone, Debug)]
pub(crate) struct PlannedCommit {
    pub(crate) refname: String,
    pub(crate) author: Ident,
    pub(crate) committer: Ident,
    pub(crate) message: String,
    pub(crate) parents: Vec<usize>,
    pub(crate) tree: Tree,
}

#[derive(Debug, Default)]
pub(crate) struct Blobs {
    pub(crate) data: Vec<Vec<u8>>,
    pub(crate) by_hash: HashMap<u64, Vec<usize>>,
}

impl Blobs {
    /// Same content, same blob: merges compare entries, and equal entries must be equal.
    pub(crate) fn add(&mut self, bytes: Vec<u8>) -> usize {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        let key = h.finish();
        let slot = self.by_hash.entry(key).or_default();
        if let Some(&i) = slot.iter().find(|&&i| self.data[i] == bytes) {
            return i;
        }
        self.data.push(bytes);
        slot.push(self.data.len() - 1);
        self.data.len() - 1
    }
}

#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) bare: bool,
    pub(crate) branch: String,
    pub(crate) checkout: bool,
    pub(crate) broken: Option<Broken>,
    pub(crate) blobs: Blobs,
    pub(crate) commits: Vec<PlannedCommit>,
    pub(crate) refs: Vec<(String, usize)>,
}

impl Plan {
    pub(crate) fn head_has_commit(&self) -> bool {
        let head = format!("refs/heads/{}", self.branch);
        self.commits.iter().any(|c| c.refname == head)
    }
}

/// Puts `entry` at `path`, replacing what a file system would: a file where a folder was
/// (and the folder's content), or a folder where a file was.
pub(crate) fn insert_entry(tree: &mut Tree, path: &str, entry: Entry) {
    let mut at = 0;
    while let Some(i) = path[at..].find('/') {
        tree.remove(&path[..at + i]);
        at += i + 1;
    }
    remove_prefixed(tree, path);
    tree.insert(path.to_string(), entry);
}

/// Removes `path` and everything under it; true when something was there.
pub(crate) fn remove_prefixed(tree: &mut Tree, path: &str) -> bool {
    let removed = tree.remove(path).is_some();
    let prefix = format!("{path}/");
    let under: Vec<String> = tree
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, _)| k.clone())
        .collect();
    for k in &under {
        tree.remove(k);
    }
    removed || !under.is_empty()
}

/// Deterministic generated content: text lines, or binary bytes with a NUL up front so every
/// binary detector agrees.
pub(crate) fn generate_bytes(kind: GenKind, size: usize, seed: u64, path: &str) -> Vec<u8> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    let mut rng = SplitMix::new(seed ^ h.finish());
    let mut out = Vec::with_capacity(size);
    match kind {
        GenKind::Binary => {
            while out.len() < size {
                out.extend_from_slice(&rng.next_u64().to_le_bytes());
            }
            out.truncate(size);
            if size > 1 {
                out[1] = 0;
            }
        }
        GenKind::Text => {
            let mut line = 1u64;
            while out.len() < size {
                let w = WORDS;
                let text = format!(
                    "{line:07} {} {} {} {} {}\n",
                    w[rng.below(w.len())],
                    w[rng.below(w.len())],
                    w[rng.below(w.len())],
                    rng.next_u64() % 100_000,
                    w[rng.below(w.len())]
                );
                out.extend_from_slice(text.as_bytes());
                line += 1;
            }
            out.truncate(size);
            if let Some(last) = out.last_mut() {
                *last = b'\n';
            }
        }
    }
    out
}

/// The first common ancestor found walking back from `theirs`, breadth first: the true merge
/// base for the simple histories fixtures describe.
pub(crate) fn merge_base(commits: &[PlannedCommit], ours: usize, theirs: usize) -> Option<usize> {
    let mut mine = BTreeSet::new();
    let mut queue = VecDeque::from([ours]);
    while let Some(c) = queue.pop_front() {
        if mine.insert(c) {
            queue.extend(commits[c].parents.iter().copied());
        }
    }
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([theirs]);
    while let Some(c) = queue.pop_front() {
        if mine.contains(&c) {
            return Some(c);
        }
        if seen.insert(c) {
            queue.extend(commits[c].parents.iter().copied());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn paths(tree: &Tree) -> Vec<(&str, Mode)> {
        tree.iter().map(|(p, e)| (p.as_str(), e.mode)).collect()
    }

    #[test]
    fn generated_content() {
        let bin = generate_bytes(GenKind::Binary, 5000, 1, "a.bin");
        assert_eq!((bin.len(), bin[1]), (5000, 0));
        assert_eq!(bin, generate_bytes(GenKind::Binary, 5000, 1, "a.bin"));
        assert_ne!(bin, generate_bytes(GenKind::Binary, 5000, 2, "a.bin"));
        let text = generate_bytes(GenKind::Text, 3000, 0, "a.csv");
        assert_eq!(text.len(), 3000);
        assert!(!text.contains(&0) && text.ends_with(b"\n"));
    }

    #[test]
    fn writing_a_path_replaces_like_a_file_system() {
        let blob = |b| Entry {
            mode: Mode::File,
            target: Target::Blob(b),
        };
        let mut tree = Tree::new();
        insert_entry(&mut tree, "a/b", blob(0));
        insert_entry(&mut tree, "a/c/d", blob(1));
        insert_entry(&mut tree, "ab", blob(2));
        insert_entry(&mut tree, "a", blob(3));
        assert_eq!(paths(&tree), [("a", Mode::File), ("ab", Mode::File)]);
        insert_entry(&mut tree, "a/x", blob(4));
        assert_eq!(paths(&tree), [("a/x", Mode::File), ("ab", Mode::File)]);
        assert!(remove_prefixed(&mut tree, "a"));
        assert!(!remove_prefixed(&mut tree, "a"));
    }
}
