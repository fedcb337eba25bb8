//! A snapshot with some files changed in memory: what a proposed fix would commit, read by the
//! same conditions as the original, without writing an object anywhere.

use std::cell::RefCell;
use std::sync::Arc;

use gix::ObjectId;
use gix::objs::Kind;

use super::{Content, Entry, EntryKind, RepoSnapshot, SnapshotError};

impl RepoSnapshot {
    /// This snapshot with `changes` applied: `(path, Some(text))` writes a file, `(path, None)`
    /// removes one. Each new text gets the id its blob would have, so every cache keyed by id
    /// stays right; the texts are served from memory.
    pub fn with_changes(
        &self,
        changes: &[(String, Option<Arc<str>>)],
    ) -> Result<RepoSnapshot, SnapshotError> {
        let mut entries = self.entries.clone();
        let mut overlay = self.overlay.clone();
        let mut blobs = self.blobs.borrow().clone();
        for (path, text) in changes {
            entries.retain(|e| e.path != *path);
            let Some(text) = text else { continue };
            let id = gix::objs::compute_hash(self.repo.object_hash(), Kind::Blob, text.as_bytes())
                .map_err(|e| SnapshotError::Object {
                    location: self.location.clone(),
                    what: "blob",
                    id: ObjectId::null(self.repo.object_hash()),
                    path: Some(path.clone()),
                    message: e.to_string(),
                })?;
            let mut dir = path.as_str();
            while let Some((parent, _)) = dir.rsplit_once('/') {
                if !entries.iter().any(|e| e.path == parent) {
                    entries.push(Entry {
                        path: parent.to_string(),
                        kind: EntryKind::Dir,
                        id: ObjectId::null(self.repo.object_hash()),
                        symlink: None,
                    });
                }
                dir = parent;
            }
            entries.push(Entry {
                path: path.clone(),
                kind: EntryKind::File,
                id,
                symlink: None,
            });
            blobs.insert(id, Ok(Content::Text(text.clone())));
            overlay.insert(id, text.clone());
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(RepoSnapshot {
            repo: self.repo.clone(),
            location: self.location.clone(),
            commit: self.commit,
            committed_at: self.committed_at,
            notes: self.notes.clone(),
            entries,
            max_file_size: self.max_file_size,
            documents: self.documents,
            deadline: self.deadline,
            disk: self.disk.clone(),
            overlay,
            blobs: RefCell::new(blobs),
            buf: RefCell::default(),
            unreadable: RefCell::new(self.unreadable()),
        })
    }
}
