//! The first-parent line of a repository's default branch (resolved as a snapshot resolves
//! HEAD), the commit in force at an instant, and commits as people read them.

use std::collections::HashSet;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::{Find, Kind};
use jiff::Timestamp;

use crate::report::trend::CommitInfo;
use crate::snapshot::{Git, SnapshotError, resolve_tip};

/// One commit of a branch's first-parent line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineCommit {
    pub id: ObjectId,
    pub tree: ObjectId,
    /// The committer time.
    pub time: Timestamp,
}

/// The first-parent line of the commit a scan would read (`rev`, else HEAD: the default
/// branch), walked as [`first_parent`] does; empty when HEAD is unborn.
pub fn default_line(
    repo: &mut Git,
    location: &Path,
    rev: Option<&str>,
    stop: Option<Timestamp>,
) -> Result<Line, SnapshotError> {
    match resolve_tip(repo, location, rev)? {
        Some(tip) => first_parent(repo, location, tip, stop),
        None => Ok(Line::default()),
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

/// A point beyond a shallow clone's boundary: the commit in force then is not in the clone.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("shallow clone: the history before {before} is not in the clone")]
pub struct Shallow {
    /// The committer time of the oldest commit in the clone.
    pub before: String,
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
    pub fn at(&self, at: Timestamp) -> Result<Option<usize>, Shallow> {
        match resolve(&self.commits, at) {
            Some(ix) => Ok(Some(ix)),
            None if self.shallow_end => Err(Shallow {
                before: self
                    .commits
                    .last()
                    .map_or_else(String::new, |c| c.time.to_string()),
            }),
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
    repo: &Git,
    location: &Path,
    tip: ObjectId,
    stop: Option<Timestamp>,
) -> Result<Line, SnapshotError> {
    first_parent_known(repo, location, tip, stop, &Known::default()).map(|(line, _)| line)
}

/// A first-parent line walked before (newest first), and whether it ends at the root commit.
#[derive(Debug, Default)]
pub struct Known {
    pub commits: Vec<LineCommit>,
    pub to_root: bool,
}

/// The part of `known` from its commit `at` on that a walk stopping at `stop` would take, if
/// `known` tells it all (it reaches `stop`, or the root).
fn known_tail(known: &Known, at: usize, stop: Option<Timestamp>) -> Option<&[LineCommit]> {
    let tail = &known.commits[at..];
    match stop.and_then(|s| tail.iter().position(|c| c.time <= s)) {
        Some(end) => Some(&tail[..=end]),
        None if known.to_root => Some(tail),
        None => None,
    }
}

/// [`first_parent`], which stops at the first commit of `known` (history below a commit never
/// changes) and takes the rest from there. Also gives the longest line now known, with whether
/// it ends at the root, for the next run.
pub fn first_parent_known(
    repo: &Git,
    location: &Path,
    tip: ObjectId,
    stop: Option<Timestamp>,
    known: &Known,
) -> Result<(Line, Known), SnapshotError> {
    let index: std::collections::HashMap<ObjectId, usize> = known
        .commits
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let hash = repo.object_hash();
    let shallow = repo.is_shallow();
    let mut buf = Vec::new();
    let mut line = Vec::new();
    let mut seen = HashSet::new();
    let mut next = Some(tip);
    let mut tags = 0;
    let mut shallow_end = false;
    while let Some(id) = next.take() {
        if let Some(&at) = index.get(&id)
            && let Some(tail) = known_tail(known, at, stop)
        {
            let mut longest = line.clone();
            longest.extend_from_slice(&known.commits[at..]);
            line.extend_from_slice(tail);
            let line = Line {
                commits: line,
                shallow_end: false,
            };
            let to_root = known.to_root;
            return Ok((
                line,
                Known {
                    commits: longest,
                    to_root,
                },
            ));
        }
        if !seen.insert(id) {
            return Err(object_error(
                location,
                "commit",
                id,
                "the history loops".into(),
            ));
        }
        let data = match repo.try_find(&id, &mut buf) {
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
    // The walk went past every point without stopping: it ended at the root (or a shallow
    // clone's boundary, which a later fetch may move).
    let to_root = !shallow_end && stop.is_none_or(|s| line.last().is_some_and(|c| c.time > s));
    let longest = Known {
        commits: line.clone(),
        to_root,
    };
    Ok((
        Line {
            commits: line,
            shallow_end,
        },
        longest,
    ))
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

/// The subject of commit `id`, or `None` when the commit cannot be read.
pub(super) fn subject(repo: &Git, id: &gix::oid) -> Option<String> {
    let mut buf = Vec::new();
    match repo.try_find(id, &mut buf) {
        Ok(Some(data)) => gix::objs::CommitRef::from_bytes(data.data, repo.object_hash())
            .map(|commit| subject_of(commit.message))
            .ok(),
        _ => None,
    }
}

/// What a change says of line commit `c`, whose subject is `subject`.
pub(super) fn commit_info(c: &LineCommit, subject: String) -> CommitInfo {
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

#[cfg(test)]
mod tests {
    use super::*;
    use gix::bstr::ByteSlice;

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
