//! Why a repository's history could not be read or evaluated; every message starts with the
//! repository's location, as a snapshot's do.

use std::path::PathBuf;

use gix::ObjectId;

use super::cache::PruneError;
use super::line::Shallow;
use crate::snapshot::SnapshotError;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error("{}: {source}", location.display())]
    Shallow {
        location: PathBuf,
        #[source]
        source: Shallow,
    },
    #[error("{}: tree {tree}: {source}", location.display())]
    Pruned {
        location: PathBuf,
        tree: ObjectId,
        #[source]
        source: PruneError,
    },
}
