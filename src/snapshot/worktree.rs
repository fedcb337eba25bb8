//! The developer's sources for `check --staged` and `check --worktree`: the index, or the
//! working tree (tracked files plus untracked files that are not ignored), turned into the same
//! sorted entry list a commit's tree gives, so every condition reads them alike.

use std::collections::BTreeMap;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::index::entry::Mode;

use super::{Entry, EntryKind, SnapshotError};

/// Where a snapshot's files come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The committed tree of HEAD (or `--rev`).
    #[default]
    Commit,
    /// The index (what `git commit` would record): blobs are read from the object database.
    Index,
    /// The working tree, uncommitted changes included: files are read from disk.
    Worktree,
}

fn index_error(location: &Path, message: String) -> SnapshotError {
    SnapshotError::Open {
        location: location.to_path_buf(),
        message: format!("cannot read the index: {message}"),
    }
}

/// The entries of the index (stage 0, or the first stage of a conflicted path); symlinks are
/// left out with a note, since their targets are not resolved here.
pub(super) fn index_entries(
    repo: &gix::Repository,
    location: &Path,
    notes: &mut Vec<String>,
) -> Result<Vec<Entry>, SnapshotError> {
    let index = repo
        .index_or_empty()
        .map_err(|e| index_error(location, crate::diag::error_chain(&e)))?;
    let mut files: BTreeMap<String, Entry> = BTreeMap::new();
    let mut links = 0usize;
    for e in index.entries() {
        let path = e.path(&index).to_str_lossy().into_owned();
        let kind = if e.mode == Mode::COMMIT {
            EntryKind::Submodule
        } else if e.mode == Mode::SYMLINK {
            links += 1;
            continue;
        } else {
            EntryKind::File
        };
        files.entry(path.clone()).or_insert(Entry {
            path,
            kind,
            id: e.id,
            symlink: None,
        });
    }
    if links > 0 {
        notes.push(format!("{links} symlink(s) in the index left out"));
    }
    Ok(with_dirs(files.into_values().collect(), repo.object_hash()))
}

/// The working tree's files: every tracked file still on disk, and every untracked file that
/// `.gitignore` (and `.git/info/exclude`) does not exclude. Each file's id is the hash of its
/// current content, so the blob cache and every reader that keys on ids stay correct.
pub(super) fn worktree_entries(
    repo: &gix::Repository,
    location: &Path,
    notes: &mut Vec<String>,
) -> Result<Vec<Entry>, SnapshotError> {
    let Some(root) = repo.workdir().map(Path::to_path_buf) else {
        return Err(SnapshotError::Open {
            location: location.to_path_buf(),
            message: "a bare repository has no working tree".into(),
        });
    };
    let index = repo
        .index_or_empty()
        .map_err(|e| index_error(location, crate::diag::error_chain(&e)))?;
    let mut found: BTreeMap<String, EntryKind> = BTreeMap::new();
    let mut submodules: BTreeMap<String, ObjectId> = BTreeMap::new();
    for e in index.entries() {
        let path = e.path(&index).to_str_lossy().into_owned();
        if e.mode == Mode::COMMIT {
            submodules.insert(path, e.id);
        } else if root.join(&path).is_file() {
            found.insert(path, EntryKind::File);
        }
    }
    let mut excludes = repo
        .excludes(
            &index,
            None,
            gix::worktree::stack::state::ignore::Source::WorktreeThenIdMappingIfNotSkipped,
        )
        .map_err(|e| index_error(location, crate::diag::error_chain(&e)))?;
    let mut stack = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(root.join(&dir)) else {
            notes.push(format!("cannot read folder {dir:?} of the working tree"));
            continue;
        };
        for item in read.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            if dir.is_empty() && name == ".git" {
                continue;
            }
            let path = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            // Symlinks are followed to files only: a link to a folder could loop.
            let Ok(meta) = std::fs::metadata(item.path()) else {
                continue;
            };
            let is_dir = meta.is_dir();
            if is_dir
                && (item.path().join(".git").exists()
                    || item.file_type().is_ok_and(|t| t.is_symlink()))
            {
                continue;
            }
            let mode = Some(if is_dir { Mode::DIR } else { Mode::FILE });
            let excluded = excludes
                .at_path(Path::new(&path), mode)
                .map(|p| p.is_excluded())
                .unwrap_or(false);
            if excluded {
                continue;
            }
            if is_dir {
                stack.push(path);
            } else if meta.is_file() {
                found.insert(path, EntryKind::File);
            }
        }
    }
    let hash = repo.object_hash();
    let mut entries = Vec::with_capacity(found.len() + submodules.len());
    for (path, kind) in found {
        let id = match std::fs::read(root.join(&path)) {
            Ok(bytes) => gix::objs::compute_hash(hash, gix::objs::Kind::Blob, &bytes)
                .unwrap_or_else(|_| ObjectId::null(hash)),
            Err(e) => {
                notes.push(format!("cannot read {path}: {e}"));
                continue;
            }
        };
        entries.push(Entry {
            path,
            kind,
            id,
            symlink: None,
        });
    }
    entries.extend(submodules.into_iter().map(|(path, id)| Entry {
        path,
        kind: EntryKind::Submodule,
        id,
        symlink: None,
    }));
    Ok(with_dirs(entries, hash))
}

/// Adds an entry for every folder that holds a file and sorts the list by path (byte order),
/// as the tree walk's list is. Folders have no tree object here: their id is null.
fn with_dirs(mut entries: Vec<Entry>, hash: gix::hash::Kind) -> Vec<Entry> {
    let mut dirs = std::collections::BTreeSet::new();
    for e in &entries {
        let mut p = e.path.as_str();
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            if !dirs.insert(p.to_string()) {
                break;
            }
        }
    }
    entries.extend(dirs.into_iter().map(|path| Entry {
        path,
        kind: EntryKind::Dir,
        id: ObjectId::null(hash),
        symlink: None,
    }));
    entries.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    entries
}
