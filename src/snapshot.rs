//! One repository at one commit, read from git objects with gix: the commit, the path index of
//! its tree (symlinks resolved inside the tree), and blobs read lazily, once, with the size and
//! binary rules applied.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::{Find, FindHeader};
use gix::objs::{Kind, TreeRefIter, tree::EntryKind as GitKind};

/// How to take a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotOptions {
    /// The revision to read (anything `git rev-parse` understands); `None` is HEAD.
    pub rev: Option<String>,
    /// Content conditions skip blobs larger than this many bytes.
    pub max_file_size: u64,
}

impl Default for SnapshotOptions {
    fn default() -> Self {
        SnapshotOptions {
            rev: None,
            max_file_size: 1024 * 1024,
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

/// Symlink resolution bounds: hops through links for one path (Linux allows 40), nesting of
/// symlinked folders inside symlinked folders, entries exposed through symlinked folders, and the
/// length of a link's text.
const MAX_LINK_HOPS: usize = 40;
const MAX_LINK_NESTING: usize = 16;
const MAX_LINKED_ENTRIES: usize = 100_000;
const MAX_LINK_TEXT: u64 = 4096;
/// Bounds on the tree walk, far above real repositories: objects are not hash-checked on read,
/// so a doctored object database could make a tree contain itself, or a small "git bomb" of
/// trees could expand to billions of paths. Past these the repository fails instead of the scan.
const MAX_TREE_DEPTH: usize = 4096;
const MAX_TREE_ENTRIES: usize = 5_000_000;
/// Where to look for a NUL byte, as git does, to call a file binary.
const BINARY_PROBE: usize = 8 * 1024;

/// One repository at one commit. Created and used on one thread (it is `Send`, not `Sync`).
pub struct RepoSnapshot {
    repo: gix::Repository,
    location: PathBuf,
    commit: Option<ObjectId>,
    committed_at: Option<jiff::Timestamp>,
    notes: Vec<String>,
    entries: Vec<Entry>,
    max_file_size: u64,
    /// Read results by blob id; a failure is kept as its message, so an unreadable blob (say,
    /// missing from a partial clone) is not looked for again by every rule that asks.
    blobs: RefCell<gix::hashtable::HashMap<ObjectId, Result<Content, String>>>,
    buf: RefCell<Vec<u8>>,
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

impl RepoSnapshot {
    /// Opens `repo` and snapshots HEAD, or `opts.rev`. An unborn HEAD is an empty snapshot with a
    /// note; everything else that cannot be read is an error.
    pub fn open(
        repo: &crate::discover::RepoRef,
        opts: &SnapshotOptions,
    ) -> Result<RepoSnapshot, SnapshotError> {
        let location = repo.location.clone();
        let handle = open_repo(&location)?;
        let (commit, note) = match &opts.rev {
            Some(rev) => {
                let id = handle.rev_parse_single(rev.as_str()).map_err(|err| {
                    SnapshotError::Resolve {
                        location: location.clone(),
                        rev: rev.clone(),
                        message: crate::diag::error_chain(&err),
                    }
                })?;
                (Some(id.detach()), None)
            }
            None => match head_target(&handle, &location)? {
                Some(id) => (Some(id), None),
                None => (
                    None,
                    Some("HEAD is unborn: scanned as an empty tree".to_string()),
                ),
            },
        };
        let rev = opts.rev.as_deref().unwrap_or("HEAD");
        let mut snapshot = Self::build(handle, location, commit, rev, opts)?;
        snapshot.notes.splice(0..0, note);
        Ok(snapshot)
    }

    /// A snapshot of `commit` (`None`: the empty tree) from an already open repository, best
    /// opened with [`open_repo`]. Tags are peeled; `notes` only says whether the repo is shallow.
    pub fn at_commit(
        repo: gix::Repository,
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

    /// The text of the file at `path`, read on first use and cached by blob id.
    pub fn content(&self, path: &str) -> Result<Content, SnapshotError> {
        let Some(entry) = self.entry(path) else {
            return Err(SnapshotError::NoSuchPath {
                location: self.location.clone(),
                path: path.to_string(),
            });
        };
        match entry.kind {
            EntryKind::Dir => Err(SnapshotError::NotAFile {
                location: self.location.clone(),
                path: path.to_string(),
            }),
            EntryKind::Submodule => Ok(Content::Skipped("submodule".to_string())),
            EntryKind::File => {
                let cached = self.blobs.borrow().get(&entry.id).cloned();
                let result = match cached {
                    Some(result) => result,
                    None => {
                        let result = self.read_blob(entry.id);
                        self.blobs.borrow_mut().insert(entry.id, result.clone());
                        result
                    }
                };
                result.map_err(|message| SnapshotError::Object {
                    location: self.location.clone(),
                    what: "blob",
                    id: entry.id,
                    path: Some(path.to_string()),
                    message,
                })
            }
        }
    }

    /// The raw bytes of the file at `path`, whatever they hold (for digests), or `None` when
    /// the blob is larger than `max`. Not cached: only `hash` asks, once per file.
    pub fn bytes(&self, path: &str, max: u64) -> Result<Option<Vec<u8>>, SnapshotError> {
        let Some(entry) = self.entry(path).filter(|e| e.kind == EntryKind::File) else {
            return Err(SnapshotError::NoSuchPath {
                location: self.location.clone(),
                path: path.to_string(),
            });
        };
        let id = entry.id;
        let error = |message: String| SnapshotError::Object {
            location: self.location.clone(),
            what: "blob",
            id,
            path: Some(path.to_string()),
            message,
        };
        let header = self
            .repo
            .objects
            .try_header(&id)
            .map_err(|err| error(crate::diag::error_chain(&err)))?;
        let header = header.ok_or_else(|| error("the object is missing".to_string()))?;
        if header.size > max {
            return Ok(None);
        }
        let mut buf = Vec::new();
        let data = self
            .repo
            .objects
            .try_find(&id, &mut buf)
            .map_err(|err| error(crate::diag::error_chain(&err)))?;
        Ok(Some(
            data.ok_or_else(|| error("the object is missing".to_string()))?
                .data
                .to_vec(),
        ))
    }

    /// The open repository, for what a snapshot does not cover (history, metadata).
    pub fn repo(&self) -> &gix::Repository {
        &self.repo
    }

    fn build(
        repo: gix::Repository,
        location: PathBuf,
        commit: Option<ObjectId>,
        rev: &str,
        opts: &SnapshotOptions,
    ) -> Result<RepoSnapshot, SnapshotError> {
        let mut notes = Vec::new();
        // A missing or unreadable `shallow` file only loses this note.
        if repo.is_shallow().unwrap_or(false) {
            notes.push("shallow clone: history before the shallow boundary is missing".to_string());
        }
        let (commit, committed_at, entries) = match commit {
            None => (None, None, Vec::new()),
            Some(id) => {
                let peeled = peel_to_commit(&repo, &location, id, rev)?;
                let walk = Walk::new(&repo, &location);
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
            blobs: RefCell::default(),
            buf: RefCell::default(),
        })
    }

    /// Reads blob `id`; the error is the message for [`SnapshotError::Object`].
    fn read_blob(&self, id: ObjectId) -> Result<Content, String> {
        if id.is_empty_blob() {
            return Ok(Content::Text(Arc::from("")));
        }
        let missing = || "the object is missing".to_string();
        // The header is cheap next to inflating a large blob that would be skipped anyway.
        let header = self
            .repo
            .objects
            .try_header(&id)
            .map_err(|err| crate::diag::error_chain(&err))?
            .ok_or_else(missing)?;
        if header.kind != Kind::Blob {
            return Err(format!("expected a blob, found a {}", header.kind));
        }
        if header.size > self.max_file_size {
            return Ok(Content::Skipped(format!(
                "over the {} limit ({})",
                human_size(self.max_file_size),
                human_size(header.size)
            )));
        }
        let mut buf = self.buf.borrow_mut();
        let data = self
            .repo
            .objects
            .try_find(&id, &mut buf)
            .map_err(|err| crate::diag::error_chain(&err))?
            .ok_or_else(missing)?;
        let bytes = data.data;
        if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some() {
            return Ok(Content::Skipped("binary file".to_string()));
        }
        Ok(Content::Text(Arc::from(String::from_utf8_lossy(bytes))))
    }
}

/// Opens without reading anything beyond the repository itself (no system, user or environment
/// configuration). Only objects and refs are ever read afterwards: no checkout, hooks or filters
/// run, so a hostile repository's configuration has nothing to trigger.
///
/// Caches: gix's default delta-base pack cache stays on (trees in packs are often deltas of each
/// other); the decoded-object cache stays off, because the walk reads each tree once and blobs
/// are cached here, by id, after the size and binary rules.
pub fn open_repo(location: &Path) -> Result<gix::Repository, SnapshotError> {
    gix::open_opts(location, gix::open::Options::isolated()).map_err(|err| SnapshotError::Open {
        location: location.to_path_buf(),
        message: crate::diag::error_chain(&err),
    })
}

/// The object HEAD points at, `None` when it is unborn.
fn head_target(repo: &gix::Repository, location: &Path) -> Result<Option<ObjectId>, SnapshotError> {
    let error = |err: gix::Error| SnapshotError::Resolve {
        location: location.to_path_buf(),
        rev: "HEAD".to_string(),
        message: crate::diag::error_chain(&err),
    };
    let head = repo.head().map_err(error)?;
    if head.is_unborn() {
        return Ok(None);
    }
    match head.id() {
        Some(id) => Ok(Some(id.detach())),
        // A symbolic ref pointing at another symbolic ref: let gix follow the chain.
        None => head
            .into_peeled_id()
            .map(|id| Some(id.detach()))
            .map_err(error),
    }
}

struct Peeled {
    commit: ObjectId,
    tree: ObjectId,
    time: Option<jiff::Timestamp>,
}

/// Follows tags to a commit, parsing fallibly (gix's own peeling expects well-formed objects).
fn peel_to_commit(
    repo: &gix::Repository,
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
            .objects
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

/// A symlink found in the tree, with its text (`None`: unreadable, the reason in `unreadable`).
struct Link {
    path: String,
    text: Option<String>,
    unreadable: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkProblem {
    Dangles,
    Loops,
    LeavesTree,
    Unreadable,
}

/// What the tree walk found: real entries in path order, symlinks (path, blob) in path order.
#[derive(Default)]
struct Collected {
    entries: Vec<Entry>,
    links: Vec<(String, ObjectId)>,
    /// Some name was not UTF-8: the order must be checked by sorting.
    lossy: bool,
}

/// One tree being walked: its object data, its children's names and the walk order over them.
#[derive(Default)]
struct Frame {
    data: Vec<u8>,
    names: String,
    events: Vec<Event>,
    next: usize,
    prefix_len: usize,
}

/// A tree child as an entry of its own (`contents: false`) or, for a folder, as the place
/// where its contents are walked (`contents: true`).
#[derive(Clone, Copy)]
struct Event {
    name: (u32, u32),
    kind: GitKind,
    id: ObjectId,
    contents: bool,
}

struct Walk<'a> {
    repo: &'a gix::Repository,
    location: &'a Path,
}

impl<'a> Walk<'a> {
    fn new(repo: &'a gix::Repository, location: &'a Path) -> Self {
        Walk { repo, location }
    }

    fn tree_error(&self, id: ObjectId, path: &str, message: String) -> SnapshotError {
        SnapshotError::Object {
            location: self.location.to_path_buf(),
            what: "tree",
            id,
            path: Some(path.to_string()),
            message,
        }
    }

    /// Reads the whole tree once into the sorted entry list, then adds what symlinks expose.
    fn run(&self, root: ObjectId, notes: &mut Vec<String>) -> Result<Vec<Entry>, SnapshotError> {
        let mut buf = Vec::new();
        let Collected {
            mut entries,
            mut links,
            lossy,
        } = self.collect(root, notes)?;
        if lossy {
            // Names that were not UTF-8 may now sort differently, or collide: the first in
            // tree order stays (the sort is stable).
            entries.sort_by(|a, b| a.path.cmp(&b.path));
            entries.dedup_by(|later, first| later.path == first.path);
        }
        debug_assert!(entries.windows(2).all(|w| w[0].path < w[1].path));
        if links.is_empty() {
            return Ok(entries);
        }
        if lossy {
            links.sort_by(|a, b| a.0.cmp(&b.0));
            links.dedup_by(|later, first| later.0 == first.0);
        }
        let links: Vec<Link> = links
            .into_iter()
            .map(|(path, id)| self.read_link(path, id, &mut buf))
            .collect();
        let mut expose = Expose {
            entries: &entries,
            links: &links,
            resolved: Vec::new(),
            extra: Vec::new(),
            notes,
            budget: MAX_LINKED_ENTRIES,
            truncated: false,
        };
        expose.resolved = (0..links.len()).map(|i| expose.resolve(i)).collect();
        let mut chain = Vec::new();
        for (i, link) in links.iter().enumerate() {
            expose.emit(i, &link.path, &mut chain);
        }
        if expose.truncated {
            expose.notes.push(format!(
                "symlinked folders expose more than {MAX_LINKED_ENTRIES} entries: the rest is left out"
            ));
        }
        let extra = expose.extra;
        entries.extend(extra);
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|later, first| later.path == first.path);
        Ok(entries)
    }

    /// Walks the tree depth first, emitting entries in byte order of their full paths, so the
    /// hot path needs no sort: within a tree, a folder's own entry sorts at `name` while its
    /// contents sort at `name/`, so each tree's children are ordered by those keys
    /// (`foo`, `foo.rs`, `foo/bar.rs`). The stack is explicit: trees may be arbitrarily deep.
    fn collect(&self, root: ObjectId, notes: &mut Vec<String>) -> Result<Collected, SnapshotError> {
        let mut out = Collected::default();
        // Frames are reused across trees at the same depth, buffers included.
        let mut frames: Vec<Frame> = Vec::new();
        let mut depth = 0;
        let mut path = String::new();
        self.load(root, &path, &mut frames, depth, &mut out.lossy, notes)?;
        depth += 1;
        while depth > 0 {
            let frame = &mut frames[depth - 1];
            let Some(event) = frame.events.get(frame.next).copied() else {
                depth -= 1;
                continue;
            };
            frame.next += 1;
            path.truncate(frame.prefix_len);
            if frame.prefix_len > 0 {
                path.push('/');
            }
            path.push_str(&frame.names[event.name.0 as usize..event.name.1 as usize]);
            if event.contents {
                if depth >= MAX_TREE_DEPTH {
                    let message = format!("folders nest deeper than {MAX_TREE_DEPTH} levels");
                    return Err(self.tree_error(event.id, &path, message));
                }
                if !event.id.is_empty_tree() {
                    self.load(event.id, &path, &mut frames, depth, &mut out.lossy, notes)?;
                    depth += 1;
                }
                continue;
            }
            let kind = match event.kind {
                GitKind::Tree => EntryKind::Dir,
                GitKind::Blob | GitKind::BlobExecutable => EntryKind::File,
                GitKind::Commit => EntryKind::Submodule,
                GitKind::Link => {
                    out.links.push((path.clone(), event.id));
                    continue;
                }
            };
            if out.entries.len() >= MAX_TREE_ENTRIES {
                let message = format!("the tree has more than {MAX_TREE_ENTRIES} entries");
                return Err(self.tree_error(root, "", message));
            }
            out.entries.push(Entry {
                path: path.clone(),
                kind,
                id: event.id,
                symlink: None,
            });
        }
        Ok(out)
    }

    /// Reads tree `id` (at `path`) into `frames[depth]`, its children ordered as [`Self::collect`] needs.
    fn load(
        &self,
        id: ObjectId,
        path: &str,
        frames: &mut Vec<Frame>,
        depth: usize,
        lossy: &mut bool,
        notes: &mut Vec<String>,
    ) -> Result<(), SnapshotError> {
        if frames.len() == depth {
            frames.push(Frame::default());
        }
        let Frame {
            data,
            names,
            events,
            next,
            prefix_len,
        } = &mut frames[depth];
        names.clear();
        events.clear();
        *next = 0;
        *prefix_len = path.len();
        if id.is_empty_tree() {
            return Ok(());
        }
        let found = self
            .repo
            .objects
            .try_find(&id, data)
            .map_err(|err| self.tree_error(id, path, crate::diag::error_chain(&err)))?
            .ok_or_else(|| self.tree_error(id, path, "the object is missing".into()))?;
        if found.kind != Kind::Tree {
            let message = format!("expected a tree, found a {}", found.kind);
            return Err(self.tree_error(id, path, message));
        }
        for item in TreeRefIter::from_bytes(found.data, self.repo.object_hash()) {
            let item =
                item.map_err(|err| self.tree_error(id, path, crate::diag::error_chain(&err)))?;
            let name = item.filename.to_str_lossy();
            if name.is_empty() || name == "." || name == ".." || name.contains('/') {
                let at = if path.is_empty() { "the root" } else { path };
                notes.push(format!(
                    "tree entry with the invalid name {name:?} in {at}: left out"
                ));
                continue;
            }
            *lossy |= matches!(name, std::borrow::Cow::Owned(_));
            let (Ok(start), Ok(end)) = (
                u32::try_from(names.len()),
                u32::try_from(names.len() + name.len()),
            ) else {
                return Err(self.tree_error(id, path, "the tree is too large".into()));
            };
            names.push_str(&name);
            let kind = item.mode.kind();
            let event = Event {
                name: (start, end),
                kind,
                id: item.oid.to_owned(),
                contents: false,
            };
            events.push(event);
            if kind == GitKind::Tree {
                events.push(Event {
                    contents: true,
                    ..event
                });
            }
        }
        // Git's own order is already by these keys except for a folder's own entry, which moves
        // ahead of siblings like `foo.rs`: nearly sorted, so the stable sort is close to linear.
        let key = |e: &Event| {
            let name = names.as_bytes()[e.name.0 as usize..e.name.1 as usize].iter();
            name.chain(e.contents.then_some(&b'/'))
        };
        events.sort_by(|a, b| key(a).cmp(key(b)));
        Ok(())
    }

    fn read_link(&self, path: String, id: ObjectId, buf: &mut Vec<u8>) -> Link {
        let unreadable = |why: String| Link {
            path: path.clone(),
            text: None,
            unreadable: Some(why),
        };
        match self.repo.objects.try_header(&id) {
            Ok(Some(h)) if h.size > MAX_LINK_TEXT => {
                return unreadable(format!("its target is {} bytes long", h.size));
            }
            Ok(Some(_)) => {}
            Ok(None) => return unreadable(format!("its blob {id} is missing")),
            Err(err) => return unreadable(crate::diag::error_chain(&err)),
        }
        match self.repo.objects.try_find(&id, buf) {
            Ok(Some(data)) if data.kind == Kind::Blob => Link {
                text: Some(String::from_utf8_lossy(data.data).into_owned()),
                path,
                unreadable: None,
            },
            Ok(Some(data)) => unreadable(format!("its object {id} is a {}", data.kind)),
            Ok(None) => unreadable(format!("its blob {id} is missing")),
            Err(err) => unreadable(crate::diag::error_chain(&err)),
        }
    }
}

/// Resolves symlinks against the real tree and collects the entries they expose.
struct Expose<'a> {
    /// Real entries, sorted; no symlinks among them.
    entries: &'a [Entry],
    /// Symlinks at their real paths, sorted.
    links: &'a [Link],
    /// For each link, the index in `entries` of what it finally points at.
    resolved: Vec<Result<usize, LinkProblem>>,
    extra: Vec<Entry>,
    notes: &'a mut Vec<String>,
    budget: usize,
    truncated: bool,
}

fn components(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split('/').filter(|c| !c.is_empty() && *c != ".")
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

impl Expose<'_> {
    fn find_link(&self, path: &str) -> Option<usize> {
        self.links
            .binary_search_by(|l| l.path.as_str().cmp(path))
            .ok()
    }

    fn find_entry(&self, path: &str) -> Option<usize> {
        self.entries
            .binary_search_by(|e| e.path.as_str().cmp(path))
            .ok()
    }

    /// Follows link `index` component by component, as a filesystem would (`..` is physical),
    /// through other links, to a real entry.
    fn resolve(&self, index: usize) -> Result<usize, LinkProblem> {
        let link = &self.links[index];
        let text = link.text.as_deref().ok_or(LinkProblem::Unreadable)?;
        if text.starts_with('/') {
            return Err(LinkProblem::LeavesTree);
        }
        let mut todo: Vec<&str> = components(text).rev().collect();
        let mut current = parent(&link.path).to_string();
        let mut hops = 0;
        while let Some(component) = todo.pop() {
            if component == ".." {
                if current.is_empty() {
                    return Err(LinkProblem::LeavesTree);
                }
                current.truncate(parent(&current).len());
                continue;
            }
            let base = current.len();
            if !current.is_empty() {
                current.push('/');
            }
            current.push_str(component);
            if let Some(next) = self.find_link(&current) {
                hops += 1;
                if hops > MAX_LINK_HOPS {
                    return Err(LinkProblem::Loops);
                }
                let text = self.links[next]
                    .text
                    .as_deref()
                    .ok_or(LinkProblem::Unreadable)?;
                if text.starts_with('/') {
                    return Err(LinkProblem::LeavesTree);
                }
                // The link's text continues from the link's own folder.
                current.truncate(base);
                todo.extend(components(text).rev());
                continue;
            }
            match self.find_entry(&current) {
                Some(i) if self.entries[i].kind == EntryKind::Dir || todo.is_empty() => {}
                // Missing, or a file used as a folder.
                _ => return Err(LinkProblem::Dangles),
            }
        }
        if current.is_empty() {
            // The root folder holds the link itself.
            return Err(LinkProblem::Loops);
        }
        self.find_entry(&current).ok_or(LinkProblem::Dangles)
    }

    fn take_budget(&mut self) -> bool {
        if self.budget == 0 {
            self.truncated = true;
            return false;
        }
        self.budget -= 1;
        true
    }

    fn note(&mut self, view: &str, index: usize, problem: LinkProblem) {
        let link = &self.links[index];
        let text = link.text.as_deref().unwrap_or("?");
        let why = match problem {
            LinkProblem::Dangles => "dangles".to_string(),
            LinkProblem::Loops => "loops".to_string(),
            LinkProblem::LeavesTree => "leaves the tree".to_string(),
            LinkProblem::Unreadable => format!(
                "cannot be read ({})",
                link.unreadable.as_deref().unwrap_or("unknown")
            ),
        };
        let note = format!("symlink {view} -> {text} {why}: left out");
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Adds what link `index` exposes at `view` (its real path, or a path inside a symlinked
    /// folder). `chain` holds the links whose folders are being exposed around this one.
    fn emit(&mut self, index: usize, view: &str, chain: &mut Vec<usize>) {
        let target = match self.resolved[index] {
            Ok(target) => target,
            Err(problem) => {
                // Inside a symlinked folder, the same link was already noted at its real path.
                if chain.is_empty() {
                    self.note(view, index, problem);
                }
                return;
            }
        };
        let (entries, links) = (self.entries, self.links);
        let found = &entries[target];
        let text = links[index].text.clone();
        // Links at their real paths always count; only what symlinked folders expose is capped.
        if found.kind != EntryKind::Dir {
            if chain.is_empty() || self.take_budget() {
                self.extra.push(Entry {
                    path: view.to_string(),
                    kind: found.kind,
                    id: found.id,
                    symlink: text,
                });
            }
            return;
        }
        // A folder that holds this link, or one of the links that led here, would expose itself.
        let real = found.path.as_str();
        let holds = |link: usize| {
            links[link]
                .path
                .strip_prefix(real)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        if chain.contains(&index) || holds(index) || chain.iter().any(|&l| holds(l)) {
            self.note(view, index, LinkProblem::Loops);
            return;
        }
        if chain.len() >= MAX_LINK_NESTING {
            let note = format!(
                "symlink {view}: more than {MAX_LINK_NESTING} symlinked folders deep: left out"
            );
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
            return;
        }
        if !(chain.is_empty() || self.take_budget()) {
            return;
        }
        self.extra.push(Entry {
            path: view.to_string(),
            kind: EntryKind::Dir,
            id: found.id,
            symlink: text,
        });
        let prefix = format!("{real}/");
        let first = entries.partition_point(|e| e.path.as_str() < prefix.as_str());
        for e in entries[first..]
            .iter()
            .take_while(|e| e.path.starts_with(&prefix))
        {
            if !self.take_budget() {
                return;
            }
            self.extra.push(Entry {
                path: format!("{view}/{}", &e.path[prefix.len()..]),
                kind: e.kind,
                id: e.id,
                symlink: None,
            });
        }
        chain.push(index);
        let first = links.partition_point(|l| l.path.as_str() < prefix.as_str());
        for l in (first..links.len()).take_while(|&l| links[l].path.starts_with(&prefix)) {
            let inner_view = format!("{view}/{}", &links[l].path[prefix.len()..]);
            self.emit(l, &inner_view, chain);
        }
        chain.pop();
    }
}

/// `1 MiB`, `2.3 MiB`, `512 B`.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::{RepoMeta, RepoRef};
    use std::fs;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// Runs `git` isolated from the machine's configuration and returns its trimmed stdout.
    fn git(home: &Path, dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> String {
        let mut child = Command::new("git")
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home)
            .args(["-c", "user.name=t", "-c", "user.email=t@e"])
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("git runs");
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or_default()).unwrap();
        drop(input);
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn repo_ref(location: &Path) -> RepoRef {
        RepoRef {
            name: "test".into(),
            location: location.to_path_buf(),
            meta: RepoMeta::default(),
        }
    }

    /// What a fast-import commit holds at one path.
    enum Item<'a> {
        File(&'a str, &'a [u8]),
        Exec(&'a str, &'a [u8]),
        Link(&'a str, &'a str),
        Gitlink(&'a str, &'a str),
    }

    /// A bare repository whose `main` (and HEAD) is one commit of `items`, at a fixed time.
    fn import(home: &Path, name: &str, items: &[Item]) -> PathBuf {
        let path = home.join(name);
        fs::create_dir_all(&path).unwrap();
        git(home, &path, &["init", "-q", "--bare"], None);
        let mut script =
            b"commit refs/heads/main\ncommitter t <t@e> 1700000000 +0100\ndata 2\nc\n".to_vec();
        for item in items {
            let (mode, p, data) = match item {
                Item::File(p, data) => ("100644", p, *data),
                Item::Exec(p, data) => ("100755", p, *data),
                Item::Link(p, target) => ("120000", p, target.as_bytes()),
                Item::Gitlink(p, id) => {
                    script.extend(format!("M 160000 {id} {p}\n").bytes());
                    continue;
                }
            };
            script.extend(format!("M {mode} inline {p}\ndata {}\n", data.len()).bytes());
            script.extend(data);
            script.push(b'\n');
        }
        git(home, &path, &["fast-import", "--quiet"], Some(&script));
        path
    }

    const SUBMODULE: &str = "1111111111111111111111111111111111111111";

    fn links_fixture(home: &Path) -> PathBuf {
        let big = vec![b'a'; 1024 * 1024 * 3 / 2];
        let mut late_nul = vec![b'a'; 9000];
        late_nul.push(0);
        import(
            home,
            "links.git",
            &[
                Item::File("README.md", b"hello\n"),
                Item::File("docs/guide.md", b"# Guide\n"),
                Item::File("docs/img/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
                Item::Exec("bin/run.sh", b"#!/bin/sh\n"),
                Item::File("big.txt", &big),
                Item::File("late-nul.txt", &late_nul),
                Item::File("latin1.txt", b"caf\xe9\n"),
                Item::File("bom.txt", "\u{feff}key: v\n".as_bytes()),
                Item::File("empty.txt", b""),
                Item::File("deep/a/b/c.txt", b"c\n"),
                Item::Link("link-file", "README.md"),
                Item::Link("docs/link-up", "../README.md"),
                Item::Link("link-dir", "docs"),
                Item::Link("chain", "link-dir/./guide.md"),
                Item::Link("dangling", "nope"),
                Item::Link("notdir", "README.md/x"),
                Item::Link("leaves", "../outside"),
                Item::Link("absolute", "/etc/passwd"),
                Item::Link("loop-a", "loop-b"),
                Item::Link("loop-b", "loop-a"),
                Item::Link("self", "."),
                Item::Link("docs/back", ".."),
                Item::File("x/f", b"f\n"),
                Item::File("y/g", b"g\n"),
                Item::Link("x/to-y", "../y"),
                Item::Link("y/to-x", "../x"),
                Item::Gitlink("sub", SUBMODULE),
            ],
        )
    }

    #[test]
    fn walks_the_tree_and_resolves_symlinks_inside_it() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        let location = links_fixture(home);
        let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
        use EntryKind::{Dir, File, Submodule};
        let want: &[(&str, EntryKind, Option<&str>)] = &[
            ("README.md", File, None),
            ("big.txt", File, None),
            ("bin", Dir, None),
            ("bin/run.sh", File, None),
            ("bom.txt", File, None),
            ("chain", File, Some("link-dir/./guide.md")),
            ("deep", Dir, None),
            ("deep/a", Dir, None),
            ("deep/a/b", Dir, None),
            ("deep/a/b/c.txt", File, None),
            ("docs", Dir, None),
            ("docs/guide.md", File, None),
            ("docs/img", Dir, None),
            ("docs/img/logo.png", File, None),
            ("docs/link-up", File, Some("../README.md")),
            ("empty.txt", File, None),
            ("late-nul.txt", File, None),
            ("latin1.txt", File, None),
            ("link-dir", Dir, Some("docs")),
            ("link-dir/guide.md", File, None),
            ("link-dir/img", Dir, None),
            ("link-dir/img/logo.png", File, None),
            ("link-dir/link-up", File, Some("../README.md")),
            ("link-file", File, Some("README.md")),
            ("sub", Submodule, None),
            ("x", Dir, None),
            ("x/f", File, None),
            ("x/to-y", Dir, Some("../y")),
            ("x/to-y/g", File, None),
            ("y", Dir, None),
            ("y/g", File, None),
            ("y/to-x", Dir, Some("../x")),
            ("y/to-x/f", File, None),
        ];
        let got: Vec<(&str, EntryKind, Option<&str>)> = snap
            .entries()
            .iter()
            .map(|e| (e.path.as_str(), e.kind, e.symlink.as_deref()))
            .collect();
        assert_eq!(got, want);

        let notes = [
            "symlink absolute -> /etc/passwd leaves the tree: left out",
            "symlink dangling -> nope dangles: left out",
            "symlink docs/back -> .. loops: left out",
            "symlink leaves -> ../outside leaves the tree: left out",
            "symlink loop-a -> loop-b loops: left out",
            "symlink loop-b -> loop-a loops: left out",
            "symlink notdir -> README.md/x dangles: left out",
            "symlink self -> . loops: left out",
            "symlink x/to-y/to-x -> ../x loops: left out",
            "symlink y/to-x/to-y -> ../y loops: left out",
        ];
        assert_eq!(snap.notes(), notes);

        // Symlinks carry their target's id; the same blob reads once.
        let id = |p: &str| snap.entry(p).map(|e| e.id);
        let same_ids = [
            ("link-file", "README.md"),
            ("docs/link-up", "README.md"),
            ("chain", "docs/guide.md"),
            ("link-dir", "docs"),
            ("link-dir/img/logo.png", "docs/img/logo.png"),
        ];
        for (link, real) in same_ids {
            assert_eq!(id(link), id(real), "{link}");
        }
        assert_eq!(
            id("sub"),
            Some(ObjectId::from_hex(SUBMODULE.as_bytes()).unwrap())
        );
        assert_eq!(snap.entry("absolute"), None);

        let head = git(home, &location, &["rev-parse", "HEAD"], None);
        assert_eq!(snap.commit().map(|c| c.to_string()), Some(head));
        assert_eq!(
            snap.committed_at(),
            Some(jiff::Timestamp::from_second(1_700_000_000).unwrap())
        );
    }

    #[test]
    fn reads_content_with_size_and_binary_rules() {
        let t = tempfile::tempdir().unwrap();
        let location = links_fixture(t.path());
        let text = |s: &str| Ok(Content::Text(Arc::from(s)));
        let skipped = |s: &str| Ok(Content::Skipped(s.to_string()));
        let default = SnapshotOptions::default();
        let tiny = SnapshotOptions {
            max_file_size: 3,
            ..SnapshotOptions::default()
        };
        let late_nul = format!("{}\0", "a".repeat(9000));
        let cases: &[(&SnapshotOptions, &str, Result<Content, &str>)] = &[
            (&default, "README.md", text("hello\n")),
            (&default, "link-file", text("hello\n")),
            (&default, "link-dir/guide.md", text("# Guide\n")),
            (&default, "chain", text("# Guide\n")),
            (&default, "bin/run.sh", text("#!/bin/sh\n")),
            (
                &default,
                "big.txt",
                skipped("over the 1 MiB limit (1.5 MiB)"),
            ),
            (&default, "docs/img/logo.png", skipped("binary file")),
            (&default, "late-nul.txt", text(&late_nul)),
            (&default, "latin1.txt", text("caf\u{fffd}\n")),
            (&default, "bom.txt", text("\u{feff}key: v\n")),
            (&default, "empty.txt", text("")),
            (&default, "sub", skipped("submodule")),
            (&default, "docs", Err("is a folder, not a file")),
            (&default, "nope", Err("no such path at this commit: nope")),
            (
                &default,
                "dangling",
                Err("no such path at this commit: dangling"),
            ),
            (&tiny, "README.md", skipped("over the 3 B limit (6 B)")),
            (&tiny, "empty.txt", text("")),
        ];
        for (opts, path, want) in cases {
            let snap = RepoSnapshot::open(&repo_ref(&location), opts).unwrap();
            let got = snap.content(path);
            match (got, want) {
                (Ok(got), Ok(want)) => assert_eq!(&got, want, "{path}"),
                (Err(err), Err(want)) => {
                    let msg = err.to_string();
                    assert!(msg.contains(want), "{path}: {msg}");
                    assert!(msg.contains(&location.display().to_string()), "{msg}");
                }
                (got, want) => panic!("{path}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn caches_each_blob_once() {
        let t = tempfile::tempdir().unwrap();
        let location = links_fixture(t.path());
        let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
        let arc = |p: &str| match snap.content(p).unwrap() {
            Content::Text(text) => text,
            other => panic!("{p}: {other:?}"),
        };
        let first = arc("README.md");
        for path in ["README.md", "link-file", "docs/link-up"] {
            assert!(Arc::ptr_eq(&first, &arc(path)), "{path}");
        }
        assert_eq!(snap.blobs.borrow().len(), 1);
    }

    #[test]
    fn orders_paths_by_bytes_whatever_the_names() {
        let t = tempfile::tempdir().unwrap();
        // Quoted fast-import paths carry bytes that are not UTF-8 (`\351` is Latin-1 `é`).
        let location = import(
            t.path(),
            "names.git",
            &[
                Item::File("foo.rs", b"1"),
                Item::File("foo/bar.rs", b"2"),
                Item::File("foo/baz/q", b"3"),
                Item::File("foo-bar/x", b"4"),
                Item::File("foo bar", b"5"),
                Item::File("Foo", b"6"),
                Item::File("\u{e9}.txt", b"7"),
                Item::File(r#""caf\351.txt""#, b"8"),
                Item::File(r#""x\351""#, b"first"),
                Item::File(r#""x\352""#, b"second"),
            ],
        );
        let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
        let paths: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
        let want = [
            "Foo",
            "caf\u{fffd}.txt",
            "foo",
            "foo bar",
            "foo-bar",
            "foo-bar/x",
            "foo.rs",
            "foo/bar.rs",
            "foo/baz",
            "foo/baz/q",
            "x\u{fffd}",
            "\u{e9}.txt",
        ];
        assert_eq!(paths, want);
        for path in want {
            assert_eq!(snap.entry(path).map(|e| e.path.as_str()), Some(path));
        }
        // Two names that read the same: the first in tree order stays.
        assert_eq!(
            snap.content("x\u{fffd}").unwrap(),
            Content::Text(Arc::from("first"))
        );
    }

    /// A work tree with two commits (`a.txt`, then `b.txt`) and an annotated tag `v1` on the first.
    fn history_fixture(home: &Path) -> (PathBuf, String, String) {
        let path = home.join("hist");
        fs::create_dir_all(&path).unwrap();
        git(home, &path, &["init", "-q"], None);
        fs::write(path.join("a.txt"), "a\n").unwrap();
        git(home, &path, &["add", "."], None);
        git(home, &path, &["commit", "-qm", "one"], None);
        git(home, &path, &["tag", "-a", "v1", "-m", "v1"], None);
        let first = git(home, &path, &["rev-parse", "HEAD"], None);
        fs::write(path.join("b.txt"), "b\n").unwrap();
        git(home, &path, &["add", "."], None);
        git(home, &path, &["commit", "-qm", "two"], None);
        let second = git(home, &path, &["rev-parse", "HEAD"], None);
        (path, first, second)
    }

    #[test]
    fn resolves_head_or_the_given_revision() {
        let t = tempfile::tempdir().unwrap();
        let (location, first, second) = history_fixture(t.path());
        // The revision, then the commit and paths it must give, or a part of the error.
        type Case<'a> = (Option<&'a str>, Result<(&'a str, &'a [&'a str]), &'a str>);
        let cases: &[Case] = &[
            (None, Ok((&second, &["a.txt", "b.txt"]))),
            (Some("main"), Ok((&second, &["a.txt", "b.txt"]))),
            (Some("HEAD~1"), Ok((&first, &["a.txt"]))),
            (Some("v1"), Ok((&first, &["a.txt"]))),
            (Some(&first[..10]), Ok((&first, &["a.txt"]))),
            (Some("nope"), Err("cannot resolve nope")),
            (Some("HEAD^{tree}"), Err("HEAD^{tree} is a tree")),
            (Some("HEAD:a.txt"), Err("HEAD:a.txt is a blob")),
        ];
        for (rev, want) in cases {
            let opts = SnapshotOptions {
                rev: rev.map(str::to_string),
                ..SnapshotOptions::default()
            };
            match (RepoSnapshot::open(&repo_ref(&location), &opts), want) {
                (Ok(snap), Ok((commit, paths))) => {
                    assert_eq!(snap.commit().unwrap().to_string(), *commit, "{rev:?}");
                    let got: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
                    assert_eq!(got, *paths, "{rev:?}");
                    assert!(snap.notes().is_empty(), "{rev:?}");
                }
                (Err(err), Err(want)) => {
                    let msg = err.to_string();
                    assert!(msg.contains(want), "{rev:?}: {msg}");
                    assert!(msg.contains(&location.display().to_string()), "{msg}");
                }
                (got, want) => panic!("{rev:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn unborn_shallow_and_at_commit() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        let (hist, first, _) = history_fixture(home);
        let unborn = home.join("unborn");
        fs::create_dir_all(&unborn).unwrap();
        git(home, &unborn, &["init", "-q"], None);
        let url = format!("file://{}", hist.display());
        git(
            home,
            home,
            &["clone", "-q", "--depth", "1", &url, "shallow"],
            None,
        );

        let snap = RepoSnapshot::open(&repo_ref(&unborn), &SnapshotOptions::default()).unwrap();
        assert_eq!(snap.commit(), None);
        assert_eq!(snap.committed_at(), None);
        assert!(snap.entries().is_empty());
        assert_eq!(snap.notes(), ["HEAD is unborn: scanned as an empty tree"]);

        let snap = RepoSnapshot::open(
            &repo_ref(&home.join("shallow")),
            &SnapshotOptions::default(),
        )
        .unwrap();
        let paths: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.txt"]);
        assert_eq!(
            snap.notes(),
            ["shallow clone: history before the shallow boundary is missing"]
        );

        let repo = open_repo(&hist).unwrap();
        let first = ObjectId::from_hex(first.as_bytes()).unwrap();
        let cases: &[(Option<ObjectId>, &[&str])] = &[(None, &[]), (Some(first), &["a.txt"])];
        for (commit, paths) in cases {
            let snap = RepoSnapshot::at_commit(repo.clone(), *commit, &SnapshotOptions::default())
                .unwrap();
            assert_eq!(snap.commit(), *commit);
            let got: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
            assert_eq!(got, *paths);
            assert!(snap.notes().is_empty());
        }
    }

    /// The loose object file of `id` in the repository at `git_dir`.
    fn loose(git_dir: &Path, id: &str) -> PathBuf {
        git_dir.join("objects").join(&id[..2]).join(&id[2..])
    }

    #[test]
    fn broken_repositories_are_errors_naming_them() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        let make = |name: &str| {
            let (path, _, _) = history_fixture(home);
            let target = home.join(name);
            fs::rename(path, &target).unwrap();
            target
        };
        let garbage_head = make("garbage-head");
        fs::write(garbage_head.join(".git/HEAD"), "garbage\n").unwrap();
        let missing_commit = make("missing-commit");
        fs::write(
            missing_commit.join(".git/refs/heads/main"),
            "2222222222222222222222222222222222222222\n",
        )
        .unwrap();
        let missing_tree = make("missing-tree");
        let tree = git(home, &missing_tree, &["rev-parse", "HEAD^{tree}"], None);
        fs::remove_file(loose(&missing_tree.join(".git"), &tree)).unwrap();
        let corrupt_tree = make("corrupt-tree");
        let tree = git(home, &corrupt_tree, &["rev-parse", "HEAD^{tree}"], None);
        let file = loose(&corrupt_tree.join(".git"), &tree);
        fs::remove_file(&file).unwrap();
        fs::write(&file, b"not zlib at all").unwrap();
        let gitfile = home.join("gitfile");
        fs::create_dir_all(&gitfile).unwrap();
        fs::write(gitfile.join(".git"), "garbage").unwrap();
        let plain = home.join("plain");
        fs::create_dir_all(&plain).unwrap();

        let cases = [
            (&garbage_head, "garbage-head"),
            (&missing_commit, "2222222222222222222222222222222222222222"),
            (&missing_tree, "tree"),
            (&corrupt_tree, "tree"),
            (&gitfile, "not a readable git repository"),
            (&plain, "not a readable git repository"),
        ];
        for (location, want) in cases {
            let err = RepoSnapshot::open(&repo_ref(location), &SnapshotOptions::default())
                .expect_err(&location.display().to_string());
            let msg = err.to_string();
            assert!(msg.contains(&location.display().to_string()), "{msg}");
            assert!(msg.contains(want), "{msg}");
        }
    }

    #[test]
    fn a_missing_blob_fails_only_its_file() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        let (location, _, _) = history_fixture(home);
        let blob = git(home, &location, &["rev-parse", "HEAD:b.txt"], None);
        fs::remove_file(loose(&location.join(".git"), &blob)).unwrap();
        let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
        assert_eq!(
            snap.content("a.txt").unwrap(),
            Content::Text(Arc::from("a\n"))
        );
        // Asked twice: the second answer comes from the cache, and says the same.
        for _ in 0..2 {
            let msg = snap.content("b.txt").unwrap_err().to_string();
            let want = format!(
                "{}: cannot read blob {blob} at b.txt: the object is missing",
                location.display()
            );
            assert_eq!(msg, want);
        }
    }

    #[test]
    fn a_tree_that_contains_itself_fails_instead_of_hanging() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        let (location, _, _) = history_fixture(home);
        // Loose objects are not hash-checked on read: a doctored one can name itself as a child.
        let fake = "3333333333333333333333333333333333333333";
        let mut body = b"40000 d\0".to_vec();
        body.extend(ObjectId::from_hex(fake.as_bytes()).unwrap().as_bytes());
        let mut raw = format!("tree {}\0", body.len()).into_bytes();
        raw.extend(body);
        let mut zip = gix::zlib::stream::deflate::Write::new(Vec::new(), Default::default());
        zip.write_all(&raw).unwrap();
        zip.flush().unwrap();
        let file = loose(&location.join(".git"), fake);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, zip.into_inner()).unwrap();
        let commit = format!(
            "tree {fake}\nauthor t <t@e> 1700000000 +0000\ncommitter t <t@e> 1700000000 +0000\n\nbomb\n"
        );
        let args = [
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            "--stdin",
        ];
        let commit = git(home, &location, &args, Some(commit.as_bytes()));
        git(
            home,
            &location,
            &["update-ref", "refs/heads/main", &commit],
            None,
        );

        let err =
            RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(&location.display().to_string()), "{msg}");
        assert!(
            msg.contains("folders nest deeper than 4096 levels"),
            "{msg}"
        );
    }

    #[test]
    fn a_hostile_config_runs_nothing() {
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        let (location, _, _) = history_fixture(home);
        let pwned = home.join("pwned");
        let run = format!("touch {}", pwned.display());
        let mut config = fs::read_to_string(location.join(".git/config")).unwrap();
        config.push_str(&format!(
            "[core]\n\tfsmonitor = {run}\n\tsshCommand = {run}\n\tpager = {run}\n\
             [filter \"x\"]\n\tsmudge = {run}\n\tclean = {run}\n\tprocess = {run}\n\
             [diff \"x\"]\n\ttextconv = {run}\n[include]\n\tpath = {}\n",
            home.join("missing-include").display()
        ));
        fs::write(location.join(".git/config"), config).unwrap();
        fs::write(location.join(".git/info/attributes"), "* filter=x diff=x\n").unwrap();
        let hook = location.join(".git/hooks/post-checkout");
        fs::write(&hook, format!("#!/bin/sh\n{run}\n")).unwrap();

        let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
        assert_eq!(
            snap.content("a.txt").unwrap(),
            Content::Text(Arc::from("a\n"))
        );
        assert!(!pwned.exists());
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        let cases = [
            (0, "0 B"),
            (1023, "1023 B"),
            (1024, "1 KiB"),
            (1536, "1.5 KiB"),
            (1024 * 1024, "1 MiB"),
            (2_411_725, "2.3 MiB"),
            (5 * 1024 * 1024 * 1024, "5 GiB"),
        ];
        for (bytes, want) in cases {
            assert_eq!(human_size(bytes), want);
        }
    }

    #[test]
    fn snapshot_can_move_to_a_worker_thread() {
        fn is_send<T: Send>() {}
        is_send::<RepoSnapshot>();
    }
}
