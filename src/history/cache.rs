//! The per-repository object cache: decoded objects shared by every handle cloned from one
//! repository's handle, and the pruned trees (and their commits) that exist only here.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use gix::ObjectId;
use gix::objs::{Kind, tree::EntryKind as GitKind};

use super::reuse::Hit;
use crate::snapshot::{EntryKind, Git};

/// A pruned tree or commit that could not be written into the cache.
#[derive(Debug, thiserror::Error)]
#[error("cannot write a pruned object: {0}")]
pub struct PruneError(String);

/// A decoded-object cache shared by every handle cloned from one repository's handle (gix
/// gives each clone a fresh cache of its own), so the snapshots built at later points read
/// the trees an earlier point already inflated from memory.
#[derive(Clone, Default)]
pub(super) struct SharedObjects(Arc<Mutex<ObjectStore>>);

#[derive(Default)]
struct ObjectStore {
    map: HashMap<ObjectId, (Kind, Vec<u8>)>,
    bytes: usize,
    /// Pruned trees and their commits: they exist only here, never in the repository.
    made: HashMap<ObjectId, (Kind, Vec<u8>)>,
}

/// Per repository: objects larger than this are not kept, and the cache stops growing here.
const CACHE_OBJECT_MAX: usize = 512 << 10;
const CACHE_BYTES: usize = 96 << 20;

impl SharedObjects {
    /// Installs this cache on `repo`. Cloning a handle re-applies its configured caches (none,
    /// for an open repository), so every clone must be given it again.
    pub(super) fn install(&self, repo: &mut Git) {
        let shared = self.clone();
        repo.set_object_cache(move || Box::new(shared.clone()));
    }

    /// Adds an object that exists only in this cache; its id is the hash of its content, as
    /// git would compute it, so it can never stand for a different object.
    fn make(
        &self,
        hash: gix::hash::Kind,
        kind: Kind,
        data: Vec<u8>,
    ) -> Result<ObjectId, PruneError> {
        let id =
            gix::objs::compute_hash(hash, kind, &data).map_err(|e| PruneError(e.to_string()))?;
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        store.made.entry(id).or_insert((kind, data));
        Ok(id)
    }
}

impl gix::odb::pack::cache::Object for SharedObjects {
    fn put(&mut self, id: ObjectId, kind: Kind, data: &[u8]) {
        if data.len() > CACHE_OBJECT_MAX {
            return;
        }
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if store.bytes + data.len() > CACHE_BYTES || store.map.contains_key(&id) {
            return;
        }
        store.bytes += data.len();
        store.map.insert(id, (kind, data.to_vec()));
    }

    fn get(&mut self, id: &ObjectId, out: &mut Vec<u8>) -> Option<Kind> {
        let store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (kind, data) = store.made.get(id).or_else(|| store.map.get(id))?;
        out.clear();
        out.extend_from_slice(data);
        Some(*kind)
    }
}

/// Writes (into `objects` only) the trees holding `kept` and a commit of the root tree.
pub(super) fn pruned_commit(
    objects: &SharedObjects,
    hash: gix::hash::Kind,
    kept: &[Arc<Hit>],
) -> Result<ObjectId, PruneError> {
    #[derive(Default)]
    struct Dir {
        dirs: BTreeMap<String, Dir>,
        leaves: Vec<(String, gix::objs::tree::EntryMode, ObjectId)>,
    }
    fn write(
        dir: &Dir,
        objects: &SharedObjects,
        hash: gix::hash::Kind,
    ) -> Result<ObjectId, PruneError> {
        use gix::objs::WriteTo;
        let mut entries = Vec::with_capacity(dir.dirs.len() + dir.leaves.len());
        for (name, sub) in &dir.dirs {
            entries.push(gix::objs::tree::Entry {
                mode: GitKind::Tree.into(),
                filename: name.as_str().into(),
                oid: write(sub, objects, hash)?,
            });
        }
        for (name, mode, id) in &dir.leaves {
            entries.push(gix::objs::tree::Entry {
                mode: *mode,
                filename: name.as_str().into(),
                oid: *id,
            });
        }
        entries.sort();
        let mut buf = Vec::new();
        gix::objs::Tree { entries }
            .write_to(&mut buf)
            .map_err(|e| PruneError(e.to_string()))?;
        objects.make(hash, Kind::Tree, buf)
    }
    let mut root = Dir::default();
    for hit in kept {
        let mut parts: Vec<&str> = hit.path.split('/').collect();
        let last = if hit.kind == EntryKind::Dir {
            None
        } else {
            parts.pop()
        };
        let mut at = &mut root;
        for p in parts {
            at = at.dirs.entry(p.to_string()).or_default();
        }
        if let Some(name) = last {
            at.leaves.push((name.to_string(), hit.mode, hit.id));
        }
    }
    let tree = write(&root, objects, hash)?;
    let commit = format!(
        "tree {tree}\nauthor paved <paved@paved.invalid> 0 +0000\ncommitter paved <paved@paved.invalid> 0 +0000\n\npruned tree for evaluation\n"
    );
    objects.make(hash, Kind::Commit, commit.into_bytes())
}
