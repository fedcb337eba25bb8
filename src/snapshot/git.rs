//! A repository as paved reads it: its object store and refs, with gix's full `Repository`
//! kept only where a caller needs more (a revision to parse, the index, the working tree).

use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::refs::Target;

use super::SnapshotError;
use super::loose::Loose;

/// How many symbolic refs HEAD may go through before its commit (git's own limit is 5).
const MAX_SYMREF_DEPTH: usize = 5;

/// An open repository: objects and refs, and where it lives. Cloning gives a handle with fresh
/// caches of its own (as cloning a `gix::Repository` does), to the same store.
#[derive(Clone)]
pub struct Git {
    /// The object store; its caches are per handle.
    objects: gix::OdbHandle,
    /// Loose objects read without gix, for a repository that keeps no packs (see
    /// [`super::loose`]); reads fall through to `objects` whatever this does not plainly find.
    loose: Option<Loose>,
    refs: gix::RefStore,
    hash: gix::hash::Kind,
    common_dir: PathBuf,
    workdir: Option<PathBuf>,
    /// gix's whole repository, when it was opened so (see [`super::open::open_git`]).
    full: Option<Box<gix::Repository>>,
}

impl std::fmt::Debug for Git {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Git")
            .field("git_dir", &self.git_dir())
            .field("full", &self.full.is_some())
            .finish_non_exhaustive()
    }
}

impl Git {
    /// A handle on what gix opened in full.
    pub fn from_repo(repo: gix::Repository) -> Git {
        let mut git = Git::parts_of(&repo);
        git.full = Some(Box::new(repo));
        git
    }

    fn parts_of(repo: &gix::Repository) -> Git {
        Git {
            objects: repo.objects.clone(),
            loose: None,
            refs: repo.refs.clone(),
            hash: repo.object_hash(),
            common_dir: repo.common_dir().to_path_buf(),
            workdir: repo.workdir().map(Path::to_path_buf),
            full: None,
        }
    }

    /// A handle on a store and refs opened without gix's `Repository` (see
    /// [`super::open::open_git`] for when that is the same thing).
    pub(super) fn light(
        objects: gix::OdbHandle,
        loose: Option<Loose>,
        refs: gix::RefStore,
        hash: gix::hash::Kind,
        workdir: Option<PathBuf>,
    ) -> Git {
        Git {
            objects,
            loose,
            common_dir: refs.git_dir().to_path_buf(),
            refs,
            hash,
            workdir,
            full: None,
        }
    }

    /// Serves every object `make` caches before reading it, through gix's object cache (the
    /// trend engine's objects shared across points, its pruned trees).
    pub fn set_object_cache(
        &mut self,
        make: impl Fn() -> Box<gix::odb::cache::ObjectCache> + Send + Sync + 'static,
    ) {
        self.loose = None;
        self.objects.set_object_cache(make);
    }

    /// gix's whole repository, when this handle was opened in full.
    pub fn full(&self) -> Option<&gix::Repository> {
        self.full.as_deref()
    }

    /// gix's whole repository, opening `location` in full first when this handle is not (the
    /// handle then reads through it too, so both agree on every object).
    pub fn full_or_open(&mut self, location: &Path) -> Result<&gix::Repository, SnapshotError> {
        match self.full {
            Some(ref repo) => Ok(repo),
            None => {
                let repo = super::open::open_repo(location)?;
                *self = Git::parts_of(&repo);
                Ok(self.full.insert(Box::new(repo)))
            }
        }
    }

    pub fn object_hash(&self) -> gix::hash::Kind {
        self.hash
    }

    /// The `.git` folder, or the bare repository.
    pub fn git_dir(&self) -> &Path {
        self.refs.git_dir()
    }

    /// The working tree's root; `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.workdir.as_deref()
    }

    /// Whether the repository is a shallow clone: a non-empty `shallow` file, as gix and git
    /// decide it.
    pub fn is_shallow(&self) -> bool {
        match &self.full {
            Some(repo) => repo.is_shallow().unwrap_or(false),
            None => std::fs::metadata(self.common_dir.join("shallow"))
                .is_ok_and(|m| m.is_file() && m.len() > 0),
        }
    }

    /// The branch HEAD names (`refs/heads/main`), whether or not it has a commit yet; `None`
    /// when HEAD is detached or unreadable.
    pub fn head_name(&self) -> Option<String> {
        match self.refs.find("HEAD").ok()?.target {
            Target::Symbolic(name) => Some(name.shorten().to_string()),
            Target::Object(_) => None,
        }
    }

    /// The commit (or tag) HEAD leads to through its symbolic refs, read from the refs alone;
    /// `None` whenever that is not plainly so (unborn, a dangling or looping chain, an
    /// unreadable ref), for gix's own resolution to decide and to word the error.
    pub(super) fn plain_head(&self) -> Option<ObjectId> {
        let mut reference = self.refs.find("HEAD").ok()?;
        for _ in 0..MAX_SYMREF_DEPTH {
            match reference.target {
                Target::Object(id) => return Some(id),
                Target::Symbolic(name) => reference = self.refs.try_find(name.as_ref()).ok()??,
            }
        }
        None
    }
}

impl gix::objs::Find for Git {
    fn try_find<'a>(
        &self,
        id: &gix::oid,
        buffer: &'a mut Vec<u8>,
    ) -> gix::Result<Option<gix::objs::Data<'a>>> {
        if let Some(loose) = &self.loose
            && let Some((kind, _)) = loose.read(id, buffer, true)
        {
            return Ok(Some(gix::objs::Data {
                kind,
                object_hash: id.kind(),
                data: buffer,
            }));
        }
        self.objects.try_find(id, buffer)
    }
}

impl gix::objs::FindHeader for Git {
    fn try_header(&self, id: &gix::oid) -> gix::Result<Option<gix::objs::Header>> {
        if let Some(loose) = &self.loose
            && let Some((kind, size)) = loose.read(id, &mut Vec::new(), false)
        {
            return Ok(Some(gix::objs::Header { kind, size }));
        }
        self.objects.try_header(id)
    }
}
