//! The tree walk: a commit's tree read once, depth first, into the path index in byte order,
//! within bounds that stop doctored object databases.

use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::{Find, Kind, TreeRefIter, tree::EntryKind as GitKind};

use super::symlinks::{Link, LinkLimits, expose, read_link};
use super::{Entry, EntryKind, Reach, SnapshotError, SnapshotOptions};

/// Bounds on the tree walk, far above real repositories: objects are not hash-checked on read,
/// so a doctored object database could make a tree contain itself, or a small "git bomb" of
/// trees could expand to billions of paths. Past these the repository fails instead of the scan.
/// The default of `max_tree_depth:` (the walk's stack is explicit, so any depth is memory only).
pub const MAX_TREE_DEPTH: usize = 4096;
/// The default of `max_tree_entries:`. About 120 bytes an entry held: 1,000,000 entries bound a
/// worker near 120 MB, and the Linux kernel has under a tenth of that many files.
pub const MAX_TREE_ENTRIES: usize = 1_000_000;

/// What the tree walk found: real entries in path order, symlinks (path, blob) in path order.
#[derive(Default)]
struct Collected {
    entries: Vec<Entry>,
    links: Vec<(String, ObjectId)>,
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
    /// The child's position in the tree object, shared by a folder's two events.
    order: u32,
}

pub(super) struct Walk<'a> {
    repo: &'a super::Git,
    location: &'a Path,
    deadline: super::Deadline,
    max_entries: usize,
    max_depth: usize,
    links: LinkLimits,
    /// Folders no glob reaches are listed but not read; `None` reads every folder.
    reach: Option<&'a Reach>,
}

/// How many entries the walk reads between looks at the clock.
const DEADLINE_EVERY: usize = 4096;

impl<'a> Walk<'a> {
    pub(super) fn new(
        repo: &'a super::Git,
        location: &'a Path,
        deadline: super::Deadline,
        opts: &SnapshotOptions,
        reach: Option<&'a Reach>,
    ) -> Self {
        Walk {
            repo,
            location,
            deadline,
            max_entries: opts.max_tree_entries,
            max_depth: opts.max_tree_depth,
            links: opts.links,
            reach,
        }
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

    /// Reads the tree once into the sorted entry list, then adds what symlinks expose.
    pub(super) fn run(
        &self,
        root: ObjectId,
        notes: &mut Vec<String>,
    ) -> Result<Vec<Entry>, SnapshotError> {
        let mut buf = Vec::new();
        let noted = notes.len();
        let mut collected = self.collect(root, notes, self.reach)?;
        if !collected.links.is_empty() && self.reach.is_some() {
            // A symlink may expose a folder that was not read, and what it resolves to says
            // which: rare enough that the whole tree is read instead.
            notes.truncate(noted);
            collected = self.collect(root, notes, None)?;
        }
        let Collected { entries, links } = collected;
        debug_assert!(entries.windows(2).all(|w| w[0].path < w[1].path));
        debug_assert!(links.windows(2).all(|w| w[0].0 < w[1].0));
        if links.is_empty() {
            return Ok(entries);
        }
        let links: Vec<Link> = links
            .into_iter()
            .map(|link| read_link(self.repo, link, self.links.text, &mut buf))
            .collect();
        Ok(expose(entries, &links, self.links, notes))
    }

    /// Walks the tree depth first, emitting entries in byte order of their full paths, so the
    /// hot path needs no sort: within a tree, a folder's own entry sorts at `name` while its
    /// contents sort at `name/`, so each tree's children are ordered by those keys
    /// (`foo`, `foo.rs`, `foo/bar.rs`). The stack is explicit: trees may be arbitrarily deep.
    fn collect(
        &self,
        root: ObjectId,
        notes: &mut Vec<String>,
        reach: Option<&Reach>,
    ) -> Result<Collected, SnapshotError> {
        let mut out = Collected::default();
        // Frames are reused across trees at the same depth, buffers included.
        let mut frames: Vec<Frame> = Vec::new();
        let mut depth = 0;
        let mut path = String::new();
        self.load(root, &path, &mut frames, depth, notes)?;
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
                if depth >= self.max_depth {
                    let message = format!(
                        "folders nest deeper than {} levels (max_tree_depth)",
                        self.max_depth
                    );
                    return Err(self.tree_error(event.id, &path, message));
                }
                let reached = reach.is_none_or(|r| r.inside(&path));
                if reached && !event.id.is_empty_tree() {
                    self.load(event.id, &path, &mut frames, depth, notes)?;
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
            if out.entries.len() % DEADLINE_EVERY == 0 && self.deadline.passed() {
                return Err(SnapshotError::TimedOut {
                    location: self.location.to_path_buf(),
                    message: self.deadline.message(),
                });
            }
            if out.entries.len() >= self.max_entries {
                let message = format!(
                    "the tree has more than {} entries (max_tree_entries)",
                    self.max_entries
                );
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
            .try_find(&id, data)
            .map_err(|err| self.tree_error(id, path, crate::diag::error_chain(&err)))?
            .ok_or_else(|| self.tree_error(id, path, "the object is missing".into()))?;
        if found.kind != Kind::Tree {
            let message = format!("expected a tree, found a {}", found.kind);
            return Err(self.tree_error(id, path, message));
        }
        for (order, item) in
            TreeRefIter::from_bytes(found.data, self.repo.object_hash()).enumerate()
        {
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
            let (Ok(start), Ok(end), Ok(order)) = (
                u32::try_from(names.len()),
                u32::try_from(names.len() + name.len()),
                u32::try_from(order),
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
                order,
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
        drop_duplicates(events, names);
        Ok(())
    }
}

/// Keeps the first child of each name, in the tree object's order, with its contents: git
/// never writes two children of one name, but a doctored tree can (a file `a` and a folder `a`,
/// or a folder twice), and names that are not UTF-8 can become one name when read lossily.
/// Left in, they would give two entries of one path and two folders' contents under it.
/// `events` must be sorted by [`Walk::load`]'s keys, so children of one name are adjacent and
/// in tree order (the sort is stable).
fn drop_duplicates(events: &mut Vec<Event>, names: &str) {
    let name = |e: &Event| &names[e.name.0 as usize..e.name.1 as usize];
    let mut dropped: Vec<u32> = Vec::new();
    let mut kept: Option<&Event> = None;
    for e in events.iter().filter(|e| !e.contents) {
        match kept {
            Some(k) if name(k) == name(e) => dropped.push(e.order),
            _ => kept = Some(e),
        }
    }
    if !dropped.is_empty() {
        // Sorted for lookups: a hostile tree may repeat a name many thousand times.
        dropped.sort_unstable();
        events.retain(|e| dropped.binary_search(&e.order).is_err());
    }
}
