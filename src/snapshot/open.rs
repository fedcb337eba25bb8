//! Opening a repository with gix, isolated from every configuration but its own and with the
//! object store sized from one plain listing of its pack folder (issue 12: the open is a quarter
//! of a scan's work and most of its system calls).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use gix::odb::store::init::Slots;

use super::SnapshotError;

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
/// indexes and multi-pack index, from one `getdents` without a `stat`) plus [`SLOT_HEADROOM`],
/// which is what gix's first read then fills. This is safe because the count is only used when
/// it is the folder gix reads: with an `objects/info/alternates` file (more packs elsewhere),
/// with no such folder where a `.git` folder or bare repository keeps it (a gitfile, a linked
/// worktree), or when the store gix opened is in another place (a `commondir`), gix sizes the
/// store itself as before. A repository with more packs than gix's minimum of 32 gets as many
/// slots as it needs (tests/it/open_repo.rs).
///
/// Why nothing cheaper (measured, issue 12): `isolated()` already skips every configuration file
/// but the repository's own, `includeIf` and the environment. What remains of an open's cost is
/// inside gix and no `open::Options` turns it off: it builds and removes 22 empty
/// environment-override sections per open even when every environment permission is denied
/// (12% of a release scan's instructions). A given trust level would spare two `stat`s, but
/// gix's own check also follows a gitfile and `commondir` to the directories it trusts, and
/// repeating that here would cost what it saves; it is left to gix so that a foreign
/// repository's configuration stays out.
pub fn open_repo(location: &Path) -> Result<gix::Repository, SnapshotError> {
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
    [location.join(".git").join("objects"), location.join("objects")]
        .into_iter()
        .find_map(|objects| {
            let entries = pack_entries(&objects.join("pack"))?;
            let alternates = objects.join("info").join("alternates");
            if !matches!(fs::symlink_metadata(&alternates), Err(e) if e.kind() == io::ErrorKind::NotFound)
            {
                return None;
            }
            let slots = u16::try_from(entries.checked_add(SLOT_HEADROOM)?).ok()?;
            (usize::from(slots) <= MAX_SLOTS).then_some((objects, slots))
        })
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
