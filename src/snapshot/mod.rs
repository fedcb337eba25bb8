//! One repository at one commit, read from git objects with gix: the commit, the path index of
//! its tree (symlinks resolved inside the tree), and blobs read lazily, once, with the size and
//! binary rules applied.
//!
//! Modules: `git` (the open repository: objects and refs), `open` (opening it), `loose` (loose
//! objects read rather than mapped), `tree` (the tree walk into the path index), `reach` (which
//! folders a walk may skip), `symlinks` (links resolved inside the tree), `blobs` (blob reading
//! with the size and binary rules), `worktree` (the index or working tree), `head` (HEAD's id
//! from the refs files alone).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gix::ObjectId;
use gix::objs::{Find, Kind};

mod blobs;
mod git;
pub mod head;
mod loose;
mod open;
mod overlay;
mod reach;
mod symlinks;
#[cfg(test)]
mod tests;
mod tree;
mod worktree;

pub use blobs::{BINARY_PROBE, BlobError, human_size, read_blob};
pub use git::Git;
pub use open::{open_full, open_git, open_repo};
pub use reach::Reach;
pub use symlinks::{LinkLimits, MAX_LINK_NESTING};
pub use tree::MAX_TREE_ENTRIES;
use tree::Walk;
pub use worktree::Source;

/// How to take a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotOptions {
    /// The revision to read (anything `git rev-parse` understands); `None` is HEAD.
    pub rev: Option<String>,
    /// Content conditions skip blobs larger than this many bytes.
    pub max_file_size: u64,
    /// Read the commit (default), the index or the working tree.
    pub source: Source,
    /// The wall-clock budget of one repository (`--repo-timeout`); `None`: unbounded.
    pub timeout: Option<Duration>,
    /// Entries one repository's tree may hold (`max_tree_entries:` in the config).
    pub max_tree_entries: usize,
    /// Folders nested in one repository's tree, at most (`max_tree_depth:`).
    pub max_tree_depth: usize,
    /// Bounds on following symlinks inside the tree (`max_symlink_*:`).
    pub links: LinkLimits,
    /// Bounds on each file parsed as YAML, JSON or TOML (`max_document_*:`).
    pub documents: crate::query::DocLimits,
}

/// The default `--repo-timeout`: far above what any real repository takes.
pub const DEFAULT_REPO_TIMEOUT: Duration = Duration::from_secs(300);

/// One repository's wall-clock budget, checked cooperatively where work accumulates (the tree
/// walk, blob reads, between rules) rather than by stopping a thread: a worker is never killed,
/// it gives up at the next check and the repository becomes an `error`.
#[derive(Clone, Copy, Debug)]
pub struct Deadline {
    at: Option<Instant>,
    after: Duration,
}

impl Deadline {
    /// A deadline `timeout` from now; `None` never passes.
    pub fn start(timeout: Option<Duration>) -> Deadline {
        Deadline {
            at: timeout.and_then(|t| Instant::now().checked_add(t)),
            after: timeout.unwrap_or_default(),
        }
    }
    pub fn passed(&self) -> bool {
        self.at.is_some_and(|at| Instant::now() >= at)
    }
    /// What a repository that ran out of time is told: "timed out after 300 s".
    pub fn message(&self) -> String {
        let secs = self.after.as_secs_f64();
        let shown = if secs.fract() == 0.0 {
            format!("{secs:.0}")
        } else {
            format!("{secs}")
        };
        format!("timed out after {shown} s (--repo-timeout)")
    }
}

impl Default for SnapshotOptions {
    fn default() -> Self {
        SnapshotOptions {
            rev: None,
            max_file_size: 1024 * 1024,
            source: Source::Commit,
            timeout: Some(DEFAULT_REPO_TIMEOUT),
            max_tree_entries: tree::MAX_TREE_ENTRIES,
            max_tree_depth: tree::MAX_TREE_DEPTH,
            links: LinkLimits::default(),
            documents: crate::query::DocLimits::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    File,
    Dir,
    Submodule,
}

/// One path of the committed tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the repository root, `/`-separated, without a trailing `/`.
    pub path: String,
    pub kind: EntryKind,
    /// The blob of a file (a symlink's resolved target), the tree of a dir, or a submodule's commit.
    pub id: ObjectId,
    /// The link's own text when this entry is a symlink (followed inside the tree).
    pub symlink: Option<String>,
}

/// A file's text, or why it was not read; the note goes into evidence as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Lossy UTF-8; a BOM is kept.
    Text(Arc<str>),
    /// `"over the 1 MiB limit (2.3 MiB)"`, `"binary file"` or `"submodule"`.
    Skipped(String),
}

/// Why a snapshot or a file could not be read. Every message starts with the repository's location.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{}: not a readable git repository: {message}", location.display())]
    Open { location: PathBuf, message: String },
    #[error("{}: cannot resolve {rev}: {message}", location.display())]
    Resolve {
        location: PathBuf,
        rev: String,
        message: String,
    },
    #[error("{}: {rev} is a {kind} ({id}), not a commit", location.display())]
    NotACommit {
        location: PathBuf,
        rev: String,
        kind: Kind,
        id: ObjectId,
    },
    #[error("{}: cannot read {what} {id}{}: {message}", location.display(), at_path(path))]
    Object {
        location: PathBuf,
        what: &'static str,
        id: ObjectId,
        path: Option<String>,
        message: String,
    },
    #[error("{}: {message}", location.display())]
    TimedOut { location: PathBuf, message: String },
    #[error("{}: no such path at this commit: {path}", location.display())]
    NoSuchPath { location: PathBuf, path: String },
    #[error("{}: {path} is a folder, not a file", location.display())]
    NotAFile { location: PathBuf, path: String },
}

fn at_path(path: &Option<String>) -> String {
    match path {
        Some(path) if path.is_empty() => " (the root tree)".to_string(),
        Some(path) => format!(" at {path}"),
        None => String::new(),
    }
}

/// One repository at one commit. Created and used on one thread (it is `Send`, not `Sync`).
pub struct RepoSnapshot {
    repo: Git,
    location: PathBuf,
    commit: Option<ObjectId>,
    committed_at: Option<jiff::Timestamp>,
    notes: Vec<String>,
    entries: Vec<Entry>,
    max_file_size: u64,
    documents: crate::query::DocLimits,
    /// The working tree's root when files are read from disk (`Source::Worktree`).
    disk: Option<PathBuf>,
    /// Read results by blob id; a failure is kept as its message, so an unreadable blob (say,
    /// missing from a partial clone) is not looked for again by every rule that asks.
    blobs: RefCell<gix::hashtable::HashMap<ObjectId, Result<Content, BlobError>>>,
    /// Texts of files changed in memory (`with_changes`), by the id their blob would have.
    overlay: gix::hashtable::HashMap<ObjectId, Arc<str>>,
    buf: RefCell<Vec<u8>>,
    deadline: Deadline,
    /// The first object that exists but could not be decoded (corrupt zlib, a tree where a blob
    /// should be), with its path: the repository was not fully scanned, whatever the rules say.
    unreadable: RefCell<Option<String>>,
}

impl std::fmt::Debug for RepoSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RepoSnapshot")
            .field("location", &self.location)
            .field("commit", &self.commit)
            .field("entries", &self.entries.len())
            .field("notes", &self.notes)
            .finish_non_exhaustive()
    }
}

/// A repository opened and its tip resolved to a commit and tree, before the tree is read:
/// enough to know the tree id (what a result cache is keyed by) at the cost of one object.
pub struct Resolved {
    handle: Git,
    location: PathBuf,
    peeled: Option<Peeled>,
    note: Option<String>,
}

impl Resolved {
    /// Opens `repo` and resolves HEAD, or `opts.rev`, peeling tags to the commit. Only what
    /// needs gix's whole repository opens it: a revision to parse, the index, the working tree.
    pub fn open(
        repo: &crate::discover::RepoRef,
        opts: &SnapshotOptions,
    ) -> Result<Resolved, SnapshotError> {
        let location = repo.location.clone();
        let mut handle = if opts.rev.is_some() || opts.source != Source::Commit {
            open_full(&location)?
        } else {
            open_git(&location)?
        };
        let commit = resolve_tip(&mut handle, &location, opts.rev.as_deref())?;
        let note = (commit.is_none() && opts.rev.is_none())
            .then(|| "HEAD is unborn: scanned as an empty tree".to_string());
        let rev = opts.rev.as_deref().unwrap_or("HEAD");
        let peeled = match commit {
            None => None,
            Some(id) => Some(peel_to_commit(&handle, &location, id, rev)?),
        };
        Ok(Resolved {
            handle,
            location,
            peeled,
            note,
        })
    }

    /// The commit's root tree; `None` for an unborn HEAD.
    pub fn tree(&self) -> Option<ObjectId> {
        self.peeled.as_ref().map(|p| p.tree)
    }

    /// The commit; `None` for an unborn HEAD.
    pub fn commit(&self) -> Option<ObjectId> {
        self.peeled.as_ref().map(|p| p.commit)
    }

    /// The commit's committer time, in UTC.
    pub fn committed_at(&self) -> Option<jiff::Timestamp> {
        self.peeled.as_ref().and_then(|p| p.time)
    }

    /// Whether the repository is a shallow clone (a snapshot notes it).
    pub fn is_shallow(&self) -> bool {
        self.handle.is_shallow()
    }
}

impl RepoSnapshot {
    /// Opens `repo` and snapshots HEAD, or `opts.rev`. An unborn HEAD is an empty snapshot with a
    /// note; everything else that cannot be read is an error.
    pub fn open(
        repo: &crate::discover::RepoRef,
        opts: &SnapshotOptions,
    ) -> Result<RepoSnapshot, SnapshotError> {
        Self::from_resolved(Resolved::open(repo, opts)?, opts)
    }

    /// [`Self::open`] reading only the folders `reach` says some glob reaches: the others are
    /// listed as entries but their contents are not (see [`Self::from_resolved_within`]).
    pub fn open_within(
        repo: &crate::discover::RepoRef,
        opts: &SnapshotOptions,
        reach: Option<&Reach>,
    ) -> Result<RepoSnapshot, SnapshotError> {
        Self::from_resolved_within(Resolved::open(repo, opts)?, opts, reach)
    }

    /// Walks the tree of a [`Resolved`] tip: the rest of [`Self::open`].
    pub fn from_resolved(
        resolved: Resolved,
        opts: &SnapshotOptions,
    ) -> Result<RepoSnapshot, SnapshotError> {
        Self::from_resolved_within(resolved, opts, None)
    }

    /// [`Self::from_resolved`] reading only folders `reach` reaches (all with `None`). A
    /// snapshot so taken answers only for paths inside those folders: a scan passes the reach
    /// of every glob it evaluates and every path it looks up. A tree with a symlink is read
    /// whole, since a link can expose any folder.
    pub fn from_resolved_within(
        resolved: Resolved,
        opts: &SnapshotOptions,
        reach: Option<&Reach>,
    ) -> Result<RepoSnapshot, SnapshotError> {
        let Resolved {
            handle,
            location,
            peeled,
            note,
        } = resolved;
        let mut snapshot = Self::build_peeled(handle, location, peeled, opts, reach)?;
        snapshot.notes.splice(0..0, note);
        match opts.source {
            Source::Commit => {}
            Source::Index => {
                let repo = snapshot.repo.full_or_open(&snapshot.location)?;
                snapshot.entries =
                    worktree::index_entries(repo, &snapshot.location, &mut snapshot.notes)?;
                snapshot
                    .notes
                    .push("read from the index: staged changes".into());
            }
            Source::Worktree => {
                let repo = snapshot.repo.full_or_open(&snapshot.location)?;
                snapshot.entries =
                    worktree::worktree_entries(repo, &snapshot.location, &mut snapshot.notes)?;
                snapshot.disk = snapshot.repo.workdir().map(Path::to_path_buf);
                snapshot
                    .notes
                    .push("read from the working tree, uncommitted changes included".into());
            }
        }
        Ok(snapshot)
    }

    /// A snapshot of `commit` (`None`: the empty tree) from an already open repository, best
    /// opened with [`open_git`]. Tags are peeled; `notes` only says whether the repo is shallow.
    pub fn at_commit(
        repo: Git,
        commit: Option<ObjectId>,
        opts: &SnapshotOptions,
    ) -> Result<RepoSnapshot, SnapshotError> {
        let location = repo
            .workdir()
            .unwrap_or_else(|| repo.git_dir())
            .to_path_buf();
        let rev = commit.map(|id| id.to_string()).unwrap_or_default();
        Self::build(repo, location, commit, &rev, opts)
    }

    /// The commit this is a snapshot of; `None` for an empty tree (unborn HEAD).
    pub fn commit(&self) -> Option<ObjectId> {
        self.commit
    }

    /// The committer time of [`Self::commit`], in UTC.
    pub fn committed_at(&self) -> Option<jiff::Timestamp> {
        self.committed_at
    }

    /// Repository-level notes: unborn HEAD, shallow history, symlinks left out and why.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Every file, folder and submodule of the tree, recursively, sorted by path (byte order).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry at exactly `path` (no leading `./`, no trailing `/`).
    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| e.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The open repository, for what a snapshot does not cover (history, metadata).
    pub fn repo(&self) -> &Git {
        &self.repo
    }

    fn build(
        repo: Git,
        location: PathBuf,
        commit: Option<ObjectId>,
        rev: &str,
        opts: &SnapshotOptions,
    ) -> Result<RepoSnapshot, SnapshotError> {
        let peeled = match commit {
            None => None,
            Some(id) => Some(peel_to_commit(&repo, &location, id, rev)?),
        };
        Self::build_peeled(repo, location, peeled, opts, None)
    }

    fn build_peeled(
        repo: Git,
        location: PathBuf,
        peeled: Option<Peeled>,
        opts: &SnapshotOptions,
        reach: Option<&Reach>,
    ) -> Result<RepoSnapshot, SnapshotError> {
        let deadline = Deadline::start(opts.timeout);
        let mut notes = Vec::new();
        // A missing or unreadable `shallow` file only loses this note.
        if repo.is_shallow() {
            notes.push("shallow clone: history before the shallow boundary is missing".to_string());
        }
        let (commit, committed_at, entries) = match peeled {
            None => (None, None, Vec::new()),
            Some(peeled) => {
                let walk = Walk::new(&repo, &location, deadline, opts, reach);
                let entries = walk.run(peeled.tree, &mut notes)?;
                (Some(peeled.commit), peeled.time, entries)
            }
        };
        Ok(RepoSnapshot {
            repo,
            location,
            commit,
            committed_at,
            notes,
            entries,
            max_file_size: opts.max_file_size,
            documents: opts.documents,
            disk: None,
            overlay: Default::default(),
            blobs: RefCell::default(),
            buf: RefCell::default(),
            deadline,
            unreadable: RefCell::default(),
        })
    }

    /// The bounds on each file of this repository parsed as YAML, JSON or TOML.
    pub fn doc_limits(&self) -> crate::query::DocLimits {
        self.documents
    }

    /// This repository's wall-clock budget.
    pub fn deadline(&self) -> &Deadline {
        &self.deadline
    }

    /// The first object read so far that is present but corrupt, as `cannot read blob ID at
    /// PATH: why`; such a repository counts as not fully scanned (exit 3).
    pub fn unreadable(&self) -> Option<String> {
        self.unreadable.borrow().clone()
    }
}

/// The commit a scan or a history starts from: `rev` when given (anything `git rev-parse`
/// understands), else what HEAD points at (the default branch of a clone or a bare mirror).
/// `None` when HEAD is unborn. Scans and trends resolve it here, so they agree.
///
/// HEAD is read from the refs alone when it plainly leads to a commit; anything else (a
/// revision, an unborn or broken HEAD) is gix's to resolve and word, with the repository opened
/// in full.
pub fn resolve_tip(
    git: &mut Git,
    location: &Path,
    rev: Option<&str>,
) -> Result<Option<ObjectId>, SnapshotError> {
    if rev.is_none()
        && let Some(id) = git.plain_head()
    {
        return Ok(Some(id));
    }
    let repo = git.full_or_open(location)?;
    let error = |rev: &str, message: String| SnapshotError::Resolve {
        location: location.to_path_buf(),
        rev: rev.to_string(),
        message,
    };
    if let Some(rev) = rev {
        return repo
            .rev_parse_single(rev)
            .map(|id| Some(id.detach()))
            .map_err(|err| error(rev, crate::diag::error_chain(&err)));
    }
    let head = repo
        .head()
        .map_err(|err| error("HEAD", crate::diag::error_chain(&err)))?;
    if head.is_unborn() {
        return Ok(None);
    }
    match head.id() {
        Some(id) => Ok(Some(id.detach())),
        // A symbolic ref pointing at another symbolic ref: let gix follow the chain.
        None => head
            .into_peeled_id()
            .map(|id| Some(id.detach()))
            .map_err(|err| error("HEAD", crate::diag::error_chain(&err))),
    }
}

struct Peeled {
    commit: ObjectId,
    tree: ObjectId,
    time: Option<jiff::Timestamp>,
}

/// Follows tags to a commit, parsing fallibly (gix's own peeling expects well-formed objects).
fn peel_to_commit(
    repo: &Git,
    location: &Path,
    mut id: ObjectId,
    rev: &str,
) -> Result<Peeled, SnapshotError> {
    let hash = repo.object_hash();
    let mut buf = Vec::new();
    let error = |id: ObjectId, what: &'static str, message: String| SnapshotError::Object {
        location: location.to_path_buf(),
        what,
        id,
        path: None,
        message,
    };
    // Tag chains are short; the bound only stops a crafted cycle of tags.
    for _ in 0..32 {
        let data = repo
            .try_find(&id, &mut buf)
            .map_err(|err| error(id, "object", crate::diag::error_chain(&err)))?
            .ok_or_else(|| {
                error(
                    id,
                    "object",
                    format!("{rev} points at it, but it is missing"),
                )
            })?;
        match data.kind {
            Kind::Commit => {
                let iter = || gix::objs::CommitRefIter::from_bytes(data.data, hash);
                let tree = iter()
                    .tree_id()
                    .map_err(|err| error(id, "commit", crate::diag::error_chain(&err)))?;
                let time = iter().committer().ok().and_then(|sig| {
                    let seconds = sig
                        .time()
                        .map(|t| t.seconds)
                        .unwrap_or_else(|_| sig.seconds());
                    jiff::Timestamp::from_second(seconds).ok()
                });
                return Ok(Peeled {
                    commit: id,
                    tree,
                    time,
                });
            }
            Kind::Tag => {
                id = gix::objs::TagRefIter::from_bytes(data.data, hash)
                    .target_id()
                    .map_err(|err| error(id, "tag", crate::diag::error_chain(&err)))?;
            }
            kind @ (Kind::Tree | Kind::Blob) => {
                return Err(SnapshotError::NotACommit {
                    location: location.to_path_buf(),
                    rev: rev.to_string(),
                    kind,
                    id,
                });
            }
        }
    }
    Err(error(id, "tag", "too many nested tags".to_string()))
}
