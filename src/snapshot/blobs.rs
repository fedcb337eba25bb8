//! Blob reading with the size and binary rules, shared by snapshots and the trend engine so a
//! file reads the same whichever asks.

use std::sync::Arc;

use gix::ObjectId;
use gix::objs::{Find, FindHeader, Kind};

use super::{Content, EntryKind, RepoSnapshot, SnapshotError};

/// Where to look for a NUL byte, as git does, to call a file binary.
pub const BINARY_PROBE: usize = 8 * 1024;

/// Why a blob could not be read; the message goes into [`SnapshotError::Object`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BlobError {
    #[error("the object is missing")]
    Missing,
    #[error("expected a blob, found a {0}")]
    NotABlob(Kind),
    #[error("{0}")]
    Read(String),
}

/// Reads blob `id` as a snapshot does: a blob over `max_file_size` bytes or with a NUL in
/// its first [`BINARY_PROBE`] bytes is skipped, anything else is lossy UTF-8 text.
pub fn read_blob(
    repo: &super::Git,
    id: ObjectId,
    max_file_size: u64,
    buf: &mut Vec<u8>,
) -> Result<Content, BlobError> {
    if id.is_empty_blob() {
        return Ok(Content::Text(Arc::from("")));
    }
    // The header is cheap next to inflating a large blob that would be skipped anyway.
    let header = repo
        .try_header(&id)
        .map_err(|err| BlobError::Read(crate::diag::error_chain(&err)))?
        .ok_or(BlobError::Missing)?;
    if header.kind != Kind::Blob {
        return Err(BlobError::NotABlob(header.kind));
    }
    if header.size > max_file_size {
        return Ok(Content::Skipped(format!(
            "over the {} limit ({})",
            human_size(max_file_size),
            human_size(header.size)
        )));
    }
    let data = repo
        .try_find(&id, buf)
        .map_err(|err| BlobError::Read(crate::diag::error_chain(&err)))?
        .ok_or(BlobError::Missing)?;
    Ok(classify(data.data))
}

/// A file's bytes as a snapshot reads them: binary (a NUL early on) is skipped, the rest is
/// lossy UTF-8 text. The size rule is applied before the bytes are read.
fn classify(bytes: &[u8]) -> Content {
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some() {
        return Content::Skipped("binary file".to_string());
    }
    Content::Text(Arc::from(String::from_utf8_lossy(bytes)))
}

/// Reads a working-tree file with the same size and binary rules as a blob.
fn read_file(path: &std::path::Path, max_file_size: u64) -> Result<Content, BlobError> {
    let err = |e: std::io::Error| BlobError::Read(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(err)?.len();
    if size > max_file_size {
        return Ok(Content::Skipped(format!(
            "over the {} limit ({})",
            human_size(max_file_size),
            human_size(size)
        )));
    }
    Ok(classify(&std::fs::read(path).map_err(err)?))
}

impl RepoSnapshot {
    /// The text of the file at `path`, read on first use and cached by blob id.
    pub fn content(&self, path: &str) -> Result<Content, SnapshotError> {
        let Some(entry) = self.entry(path) else {
            return Err(SnapshotError::NoSuchPath {
                location: self.location.clone(),
                path: path.to_string(),
            });
        };
        match entry.kind {
            EntryKind::Dir => Err(SnapshotError::NotAFile {
                location: self.location.clone(),
                path: path.to_string(),
            }),
            EntryKind::Submodule => Ok(Content::Skipped("submodule".to_string())),
            EntryKind::File => {
                let cached = self.blobs.borrow().get(&entry.id).cloned();
                let result = match cached {
                    Some(result) => result,
                    None => {
                        let mut buf = self.buf.borrow_mut();
                        let result = match &self.disk {
                            Some(root) => read_file(&root.join(path), self.max_file_size),
                            None => read_blob(&self.repo, entry.id, self.max_file_size, &mut buf),
                        };
                        self.blobs.borrow_mut().insert(entry.id, result.clone());
                        result
                    }
                };
                result.map_err(|err| {
                    let corrupt = !matches!(err, BlobError::Missing);
                    let error = SnapshotError::Object {
                        location: self.location.clone(),
                        what: "blob",
                        id: entry.id,
                        path: Some(path.to_string()),
                        message: err.to_string(),
                    };
                    // A missing blob is a partial clone's normal state; a corrupt one is not.
                    if corrupt {
                        self.note_unreadable(&error);
                    }
                    error
                })
            }
        }
    }

    /// Keeps the first corrupt object's error for [`RepoSnapshot::unreadable`].
    fn note_unreadable(&self, error: &SnapshotError) {
        let mut first = self.unreadable.borrow_mut();
        if first.is_none() {
            let text = error.to_string();
            // The location is the report entry's own name; the note says what and where.
            let prefix = format!("{}: ", self.location.display());
            *first = Some(text.strip_prefix(&prefix).unwrap_or(&text).to_string());
        }
    }

    /// The raw bytes of the file at `path`, whatever they hold (for digests), or `None` when
    /// the blob is larger than `max`. Not cached: only `hash` asks, once per file.
    pub fn bytes(&self, path: &str, max: u64) -> Result<Option<Vec<u8>>, SnapshotError> {
        let Some(entry) = self.entry(path).filter(|e| e.kind == EntryKind::File) else {
            return Err(SnapshotError::NoSuchPath {
                location: self.location.clone(),
                path: path.to_string(),
            });
        };
        let id = entry.id;
        if let Some(text) = self.overlay.get(&id) {
            return Ok((text.len() as u64 <= max).then(|| text.as_bytes().to_vec()));
        }
        let error = |message: String| SnapshotError::Object {
            location: self.location.clone(),
            what: "blob",
            id,
            path: Some(path.to_string()),
            message,
        };
        if let Some(root) = &self.disk {
            let file = root.join(path);
            let size = std::fs::metadata(&file)
                .map_err(|e| error(e.to_string()))?
                .len();
            if size > max {
                return Ok(None);
            }
            return std::fs::read(&file)
                .map(Some)
                .map_err(|e| error(e.to_string()));
        }
        let header = self
            .repo
            .try_header(&id)
            .map_err(|err| error(crate::diag::error_chain(&err)))?;
        let header = header.ok_or_else(|| error("the object is missing".to_string()))?;
        if header.size > max {
            return Ok(None);
        }
        let mut buf = Vec::new();
        let data = self.repo.try_find(&id, &mut buf).map_err(|err| {
            let error = error(crate::diag::error_chain(&err));
            self.note_unreadable(&error);
            error
        })?;
        Ok(Some(
            data.ok_or_else(|| error("the object is missing".to_string()))?
                .data
                .to_vec(),
        ))
    }
}

/// `1 MiB`, `2.3 MiB`, `512 B`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}
