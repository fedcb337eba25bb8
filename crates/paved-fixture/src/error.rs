//! The fixture builder's one error type, always naming the fixture file, folder or repository.

use std::io;
use std::path::{Path, PathBuf};

/// Why a fixture could not be built. Every variant names the fixture file, folder or
/// repository concerned.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{}: `git {args}` failed ({status}): {stderr}", repo.display())]
    Git {
        repo: PathBuf,
        args: String,
        status: String,
        stderr: String,
    },
    #[error("{}: already exists; fixtures are only built into new folders", path.display())]
    Exists { path: PathBuf },
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(io::Error) -> FixtureError + '_ {
    move |source| FixtureError::Io {
        path: path.to_path_buf(),
        source,
    }
}

pub(crate) fn invalid(path: &Path, message: impl Into<String>) -> FixtureError {
    FixtureError::Invalid {
        path: path.to_path_buf(),
        message: message.into(),
    }
}
