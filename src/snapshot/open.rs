//! Opening a repository: its object store and refs alone when its layout and configuration are
//! plain, else gix's whole isolated `Repository`; either way with the object store sized from
//! one listing of its pack folder (issue 12: the open was a quarter of a scan's work and most
//! of its system calls).

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use gix::odb::store::init::Slots;

use super::SnapshotError;
use super::git::Git;
use super::loose::Loose;

/// A repository's `config` file larger than this is left to gix (a plain one is a few lines).
const PLAIN_CONFIG_MAX: u64 = 64 << 10;

/// The `core` keys a plain configuration may set: what `git init` and `git clone` write, and
/// settings of the working tree and the index (which a reading open never reads: those modes
/// open in full). None changes how objects or refs are read.
const PLAIN_CORE_KEYS: [&str; 20] = [
    "repositoryformatversion",
    "precomposeunicode",
    "filemode",
    "bare",
    "logallrefupdates",
    "ignorecase",
    "symlinks",
    "autocrlf",
    "eol",
    "safecrlf",
    "editor",
    "pager",
    "hookspath",
    "excludesfile",
    "attributesfile",
    "sparsecheckout",
    "sparsecheckoutcone",
    "fsmonitor",
    "untrackedcache",
    "quotepath",
];

/// Opens `location` for reading objects and refs (what a scan and a trend do).
///
/// When the repository is plain, only its object store and refs are opened, as gix's own open
/// would set them up, without building gix's configuration (issue 12: that took two thirds of
/// an open's instructions, 22 environment-override sections built and removed per open, with
/// no option to turn it off). Plain means: a `.git` folder or a bare repository (no gitfile, no
/// `commondir`), an `objects/pack` folder, and a `config` file that is absent or sets nothing
/// but `PLAIN_CORE_KEYS` in its `core` section (format version 0 or 1, `bare` as the layout
/// says) and has no `extensions` (another hash, reftable) or `gitoxide` section; the other
/// sections (remotes, branches, users, ...) are not read when objects and refs are. So a
/// `core.worktree`, `core.useReplaceRefs`, `core.multiPackIndex`, `core.protectNTFS` or
/// `core.deltaBaseCacheLimit` opens in full.
///
/// What gix's open does that matters for reading is done the same way here: replacement refs
/// under `refs/replace/` are applied, the refs store gets gix's options, a repository another
/// user owns gets gix's allocation limit for reduced trust, the pack cache is gix's default.
/// Everything else (an unusual layout, an unreadable file, a configuration with more in it)
/// opens in full with [`open_repo`], so gix decides and words any error.
pub fn open_git(location: &Path) -> Result<Git, SnapshotError> {
    match open_plain(location) {
        Some(git) => Ok(git),
        None => open_full(location),
    }
}

/// [`open_git`] through gix's whole `Repository`, for what needs more than objects and refs
/// (a revision to parse, the index, the working tree).
pub fn open_full(location: &Path) -> Result<Git, SnapshotError> {
    open_repo(location).map(Git::from_repo)
}

fn open_plain(location: &Path) -> Option<Git> {
    if location.file_name().is_some_and(|n| n == ".git") {
        return None;
    }
    let dot_git = location.join(".git");
    let (git_dir, workdir) = match fs::symlink_metadata(&dot_git) {
        Ok(meta) if meta.is_dir() => (dot_git, Some(location.to_path_buf())),
        Ok(_) => return None,
        Err(e) if e.kind() == io::ErrorKind::NotFound => (location.to_path_buf(), None),
        Err(_) => return None,
    };
    let ref_options = plain_config(&git_dir.join("config"), workdir.is_none())?;
    if !matches!(fs::symlink_metadata(git_dir.join("commondir")), Err(e) if e.kind() == io::ErrorKind::NotFound)
    {
        return None;
    }
    let objects = git_dir.join("objects");
    let (slots, packs) = store_size(&objects)?;
    let hash = gix::hash::Kind::Sha1;
    let refs = gix::RefStore::at_opts(git_dir.clone(), hash, ref_options);
    let reduced = gix::sec::Trust::from_path_ownership(&git_dir).ok()? == gix::sec::Trust::Reduced;
    let options = gix::odb::store::init::Options {
        slots: Slots::Given(slots),
        alloc_limit_bytes: reduced.then_some(REDUCED_TRUST_ALLOC_LIMIT),
        ..Default::default()
    };
    let replacements = replacements(&refs);
    // A repository without packs is read object by object, by hand where plain (see
    // `super::loose`); a replaced object is gix's to swap.
    let loose = (packs == 0 && replacements.is_empty()).then(|| Loose::new(objects.clone()));
    let store = gix::odb::at_opts(objects, hash, replacements, options).ok()?;
    let mut objects = gix::OdbHandle::from(store).with_write_passthrough();
    objects.set_pack_cache(|| Box::<gix::odb::pack::cache::lru::StaticLinkedList<64>>::default());
    objects.unset_object_cache();
    Some(Git::light(objects, loose, refs, hash, workdir))
}

/// gix's allocation limit for a repository another user owns
/// (`gitoxide.objects.allocLimitIfReducedTrust`, whose default applies: nothing outside the
/// repository is read).
const REDUCED_TRUST_ALLOC_LIMIT: usize = 16 * 1024 * 1024;

/// The refs store's options when the repository's `config` at `path` is plain (see
/// [`open_git`]), as gix's open sets them: `core.precomposeUnicode` (which git writes on macOS)
/// and Windows device names refused on Windows (`core.protectNTFS`'s default there); `None`
/// when it is not plain or cannot be read.
fn plain_config(path: &Path, bare: bool) -> Option<gix::refs::store::init::Options> {
    // One open and read, bounded: `take` also keeps std from asking the size first. Not through
    // a link and not waiting on a FIFO: anything but a plain file is gix's to judge.
    let mut bytes = Vec::new();
    match super::head::open_no_follow(path) {
        Ok(file) => file
            .take(PLAIN_CONFIG_MAX + 1)
            .read_to_end(&mut bytes)
            .ok()?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Some(ref_options(false)),
        Err(_) => return None,
    };
    // Empty is not a config git writes, and also what a FIFO without a writer reads as.
    if bytes.is_empty() || bytes.len() as u64 > PLAIN_CONFIG_MAX {
        return None;
    }
    let meta = gix::config::file::Metadata::from(gix::config::Source::Local);
    let file = gix::config::File::from_bytes_no_includes(&bytes, meta, Default::default()).ok()?;
    let plain = file.sections().all(|section| {
        let header = section.header();
        let name = header.name();
        if name.eq_ignore_ascii_case(b"extensions") || name.eq_ignore_ascii_case(b"gitoxide") {
            return false;
        }
        if !name.eq_ignore_ascii_case(b"core") {
            return true;
        }
        header.subsection_name().is_none()
            && section.value_names().all(|key| {
                PLAIN_CORE_KEYS
                    .iter()
                    .any(|k| AsRef::<str>::as_ref(&key).eq_ignore_ascii_case(k))
            })
    });
    let version = file.integer("core.repositoryformatversion");
    let plain = plain
        && matches!(version, Ok(None | Some(0 | 1)))
        && matches!(file.boolean("core.bare"), Ok(b) if b.is_none_or(|b| b == bare));
    let Ok(precompose) = file.boolean("core.precomposeunicode") else {
        return None;
    };
    plain.then(|| ref_options(precompose.unwrap_or(false)))
}

fn ref_options(precompose_unicode: bool) -> gix::refs::store::init::Options {
    gix::refs::store::init::Options {
        precompose_unicode,
        prohibit_windows_device_names: cfg!(windows),
        ..Default::default()
    }
}

/// Replacement objects from the refs under `refs/replace/`, as gix's open collects them (git
/// applies them too, unless told not to); none when the refs cannot be listed.
fn replacements(refs: &gix::RefStore) -> Vec<(gix::ObjectId, gix::ObjectId)> {
    const PREFIX: &str = "refs/replace/";
    let Ok(platform) = refs.iter() else {
        return Vec::new();
    };
    let Ok(prefix) = <&gix::path::RelativePath>::try_from(PREFIX) else {
        return Vec::new();
    };
    let Ok(iter) = platform.prefixed(prefix) else {
        return Vec::new();
    };
    iter.filter_map(Result::ok)
        .filter_map(|r| {
            let target = r.target.try_id()?.to_owned();
            let name = r.name.as_bstr().strip_prefix(PREFIX.as_bytes())?;
            let source = gix::ObjectId::from_hex(name).ok()?;
            Some((source, target))
        })
        .collect()
}

/// Index slots kept free beyond the entries of `objects/pack` when they were counted: packs a
/// concurrent fetch adds before gix lists the folder itself. It is also gix's own minimum.
const SLOT_HEADROOM: usize = 32;

/// gix's bound on index slots (`PackId::max_indices`, 2^15 - 1); a folder with more entries
/// than this leaves the sizing to gix.
const MAX_SLOTS: usize = (1 << 15) - 1;

/// Opens without reading anything beyond the repository itself (no system, user or environment
/// configuration). Only objects and refs are ever read afterwards: no checkout, hooks or filters
/// run, so a hostile repository's configuration has nothing to trigger.
///
/// Caches: gix's default delta-base pack cache stays on (trees in packs are often deltas of each
/// other); the decoded-object cache stays off, because the walk reads each tree once and blobs
/// are cached here, by id, after the size and binary rules.
///
/// Object-store slots (issue 12): by default gix sizes its index slots by resolving the
/// alternates chain (a `realpath` that `lstat`s every ancestor of `objects`) and listing
/// `objects/pack` with a `stat` per file, then does all of it again at the first object read.
/// Here the slots are given: the count of every entry of `objects/pack` (an upper bound on its
/// indexes and multi-pack index, from one `getdents` without a `stat`) plus `SLOT_HEADROOM`,
/// which is what gix's first read then fills. This is safe because the count is only used when
/// it is the folder gix reads: with an `objects/info/alternates` file (more packs elsewhere),
/// with no such folder where a `.git` folder or bare repository keeps it (a gitfile, a linked
/// worktree), or when the store gix opened is in another place (a `commondir`), gix sizes the
/// store itself as before. A repository with more packs than gix's minimum of 32 gets as many
/// slots as it needs (tests/it/open_repo.rs).
///
/// What remains of this open's cost is inside gix and no `open::Options` turns it off: it
/// builds and removes 22 empty environment-override sections per open even when every
/// environment permission is denied. Reading needs none of it, hence [`open_git`].
pub fn open_repo(location: &Path) -> Result<gix::Repository, SnapshotError> {
    refuse_special_config(location)?;
    let isolated = gix::open::Options::isolated;
    if let Some((objects, slots)) = counted_slots(location) {
        let options = isolated().object_store_slots(Slots::Given(slots));
        let repo = gix::open_opts(location, options).map_err(|e| open_error(location, &e))?;
        if repo.common_dir().join("objects") == objects {
            return Ok(repo);
        }
    }
    gix::open_opts(location, isolated()).map_err(|e| open_error(location, &e))
}

/// gix reads a repository's `config` with a plain open, which waits for ever on a FIFO that no
/// one writes to: a hostile repository would stall the scan. A `config` (followed through
/// links, where a `.git` folder or a bare repository keeps it) that is not a regular file makes
/// the repository unreadable instead.
fn refuse_special_config(location: &Path) -> Result<(), SnapshotError> {
    let dot_git = location.join(".git");
    let config = if dot_git.is_dir() {
        dot_git.join("config")
    } else {
        location.join("config")
    };
    match fs::metadata(&config) {
        // A folder named `config` in a folder without `.git` is no repository's: gix says so.
        Ok(meta) if !(meta.is_file() || meta.is_dir() && config.parent() == Some(location)) => {
            Err(SnapshotError::Open {
                location: location.to_path_buf(),
                message: format!("{} is not a regular file", config.display()),
            })
        }
        _ => Ok(()),
    }
}

fn open_error(location: &Path, err: &(dyn std::error::Error + 'static)) -> SnapshotError {
    SnapshotError::Open {
        location: location.to_path_buf(),
        message: crate::diag::error_chain(err),
    }
}

/// The objects folder a `.git` folder or bare repository at `location` keeps, and the slots its
/// `objects/pack` needs; `None` when gix must size the store itself (no such folder, alternates,
/// an unreadable listing, more entries than gix allows).
fn counted_slots(location: &Path) -> Option<(PathBuf, u16)> {
    [
        location.join(".git").join("objects"),
        location.join("objects"),
    ]
    .into_iter()
    .find_map(|objects| {
        let (slots, _) = store_size(&objects)?;
        Some((objects, slots))
    })
}

/// The slots the object store at `objects` needs, from one listing of its `pack` folder, and
/// how many entries that folder holds; `None` when gix must size it (no such folder,
/// alternates, more entries than gix allows).
fn store_size(objects: &Path) -> Option<(u16, usize)> {
    let entries = pack_entries(&objects.join("pack"))?;
    let alternates = objects.join("info").join("alternates");
    if !matches!(fs::symlink_metadata(&alternates), Err(e) if e.kind() == io::ErrorKind::NotFound) {
        return None;
    }
    let slots = u16::try_from(entries.checked_add(SLOT_HEADROOM)?).ok()?;
    (usize::from(slots) <= MAX_SLOTS).then_some((slots, entries))
}

/// How many entries `pack` holds, from its listing alone (no `stat` of each); `None` when it
/// cannot be listed (missing: the repository keeps its objects elsewhere, or is no repository).
fn pack_entries(pack: &Path) -> Option<usize> {
    let mut count = 0usize;
    for entry in fs::read_dir(pack).ok()? {
        entry.ok()?;
        count += 1;
    }
    Some(count)
}
