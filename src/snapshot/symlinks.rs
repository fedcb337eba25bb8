//! Symlinks inside the tree: each link followed as a filesystem would, within bounds, and the
//! entries it exposes added to the path index; links that dangle, loop or leave the tree are
//! left out with a note.

use std::collections::HashSet;

use gix::ObjectId;
use gix::objs::{Find, FindHeader, Kind};

use super::{Entry, EntryKind};

/// Symlink resolution bounds (the config's `max_symlink_*` keys): hops through links for one
/// path (Linux allows 40), nesting of symlinked folders inside symlinked folders, the work
/// symlinked folders may cost (every entry they expose and every expansion of a link inside one
/// counts), and the length of a link's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkLimits {
    /// `max_symlink_hops:`.
    pub hops: usize,
    /// `max_symlink_nesting:`; `emit` recurses once per level.
    pub nesting: usize,
    /// `max_symlink_entries:`.
    pub exposed: usize,
    /// `max_symlink_size:`, in bytes.
    pub text: u64,
}

/// The most `max_symlink_nesting:` may be: exposing a symlinked folder recurses once per
/// level on a worker thread's stack.
pub const MAX_LINK_NESTING: usize = 256;

impl Default for LinkLimits {
    fn default() -> Self {
        LinkLimits {
            hops: 40,
            nesting: 16,
            exposed: 100_000,
            text: 4096,
        }
    }
}

/// A symlink found in the tree, with its text (`None`: unreadable, the reason in `unreadable`).
pub(super) struct Link {
    pub(super) path: String,
    text: Option<String>,
    unreadable: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkProblem {
    Dangles,
    Loops,
    /// Resolving it passes through more links than `max_symlink_hops` without looping.
    TooManyHops,
    LeavesTree,
    Unreadable,
}

/// Reads a symlink's text (at most `max_text` bytes); an unreadable link says why.
pub(super) fn read_link(
    repo: &super::Git,
    (path, id): (String, ObjectId),
    max_text: u64,
    buf: &mut Vec<u8>,
) -> Link {
    let unreadable = |why: String| Link {
        path: path.clone(),
        text: None,
        unreadable: Some(why),
    };
    match repo.try_header(&id) {
        Ok(Some(h)) if h.size > max_text => {
            return unreadable(format!(
                "its target is {} bytes long, over the {max_text} of max_symlink_size",
                h.size
            ));
        }
        Ok(Some(_)) => {}
        Ok(None) => return unreadable(format!("its blob {id} is missing")),
        Err(err) => return unreadable(crate::diag::error_chain(&err)),
    }
    match repo.try_find(&id, buf) {
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

/// `entries` (the real tree, sorted) with what `links` expose added, sorted and deduplicated.
pub(super) fn expose(
    mut entries: Vec<Entry>,
    links: &[Link],
    limits: LinkLimits,
    notes: &mut Vec<String>,
) -> Vec<Entry> {
    let mut expose = Expose {
        limits,
        entries: &entries,
        links,
        resolved: Vec::new(),
        extra: Vec::new(),
        notes,
        noted: HashSet::new(),
        budget: limits.exposed,
        truncated: false,
    };
    expose.resolved = (0..links.len()).map(|i| expose.resolve(i)).collect();
    let mut chain = Vec::new();
    for (i, link) in links.iter().enumerate() {
        expose.emit(i, &link.path, &mut chain);
    }
    if expose.truncated {
        expose.notes.push(format!(
            "symlinked folders expose more than {} entries and links (max_symlink_entries): the rest is left out",
            limits.exposed
        ));
    }
    let extra = expose.extra;
    entries.extend(extra);
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries.dedup_by(|later, first| later.path == first.path);
    entries
}

/// Resolves symlinks against the real tree and collects the entries they expose.
struct Expose<'a> {
    limits: LinkLimits,
    /// Real entries, sorted; no symlinks among them.
    entries: &'a [Entry],
    /// Symlinks at their real paths, sorted.
    links: &'a [Link],
    /// For each link, the index in `entries` of what it finally points at.
    resolved: Vec<Result<usize, LinkProblem>>,
    extra: Vec<Entry>,
    notes: &'a mut Vec<String>,
    /// Links already noted, by index: one note per link (at the first path it was seen at),
    /// however many symlinked folders show it again, so notes stay as few as the links.
    noted: HashSet<usize>,
    /// Work left: entries exposed plus links expanded inside symlinked folders.
    budget: usize,
    truncated: bool,
}

/// How many different links `seen` holds.
fn seen_unique(seen: &[usize]) -> usize {
    let mut sorted = seen.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.len()
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
        let mut seen = vec![index];
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
                // A link met twice may still resolve (`d/../d/f`): only past the hop limit
                // does it say whether the path went round in a circle.
                seen.push(next);
                hops += 1;
                if hops > self.limits.hops {
                    return Err(if seen_unique(&seen) < seen.len() {
                        LinkProblem::Loops
                    } else {
                        LinkProblem::TooManyHops
                    });
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
        if !self.noted.insert(index) {
            return;
        }
        let link = &self.links[index];
        let text = link.text.as_deref().unwrap_or("?");
        let why = match problem {
            LinkProblem::Dangles => "dangles".to_string(),
            LinkProblem::Loops => "loops".to_string(),
            LinkProblem::TooManyHops => format!(
                "passes through more than {} links (max_symlink_hops)",
                self.limits.hops
            ),
            LinkProblem::LeavesTree => "leaves the tree".to_string(),
            LinkProblem::Unreadable => format!(
                "cannot be read ({})",
                link.unreadable.as_deref().unwrap_or("unknown")
            ),
        };
        self.notes
            .push(format!("symlink {view} -> {text} {why}: left out"));
    }

    /// Adds what link `index` exposes at `view` (its real path, or a path inside a symlinked
    /// folder). `chain` holds the links whose folders are being exposed around this one.
    fn emit(&mut self, index: usize, view: &str, chain: &mut Vec<usize>) {
        // Every visit inside a symlinked folder is work, whatever it yields: links that loop or
        // nest too deep cost nothing to add, but a tree of them can be visited exponentially often.
        if !(chain.is_empty() || self.take_budget()) {
            return;
        }
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
        if chain.len() >= self.limits.nesting {
            if self.noted.insert(index) {
                self.notes.push(format!(
                    "symlink {view}: more than {} symlinked folders deep (max_symlink_nesting): left out",
                    self.limits.nesting
                ));
            }
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
