//! The result cache: results stored on disk by a key that names exactly what they were computed
//! from (the rule set's fingerprint and a repository's tree or commit id), so a rescan of an
//! unchanged repository, or a trend point already computed, costs a file read instead of an
//! evaluation.
//!
//! One file per entry (`DIR/scan/ab/abcdef….bin`, `DIR/history/ab/abcdef….bin`), written
//! atomically: a header line (format, kind, key) in JSON, then the data in the compact binary
//! of [`codec`] (a repository's report, `scan_entry`; a history, `history::stored`), so the
//! header is checked before the data is parsed once into its type. An entry that cannot be
//! read, that another program wrote, or that a newer paved wrote is ignored with a warning and
//! rebuilt. The folder is bounded: after
//! a run that wrote, the least recently used entries (by mtime, which a hit refreshes when it
//! is over an hour old) are removed until it is under 90% of its limit.
//!
//! Modules: `key` (the rule set's fingerprint and entry keys).

use std::cell::RefCell;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::SystemTime;

use serde::Serialize;

pub mod codec;
pub mod key;
pub mod scan_entry;

pub use key::{Fingerprint, Key};

/// The format of entries this paved writes; a larger number in an entry means a newer paved.
/// 5: a CRC-32 trailer.
pub const FORMAT: u32 = 5;
/// The bytes of an entry's trailer: the CRC-32 (little-endian) of every byte before it.
const TRAILER: usize = 4;
/// The default bound on the cache folder's size.
pub const DEFAULT_LIMIT: u64 = 1 << 30;
/// By default an entry larger than this is not read (it cannot be one paved wrote for one
/// repository); `max_cache_entry_size:` in the config changes it.
pub const ENTRY_LIMIT: u64 = 64 << 20;
/// At most this many warnings are kept; the rest are counted.
const MAX_WARNINGS: usize = 20;

/// Which results an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One repository's scan report at one tree.
    Scan,
    /// One repository's trend results, by commit.
    History,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Scan => "scan",
            Kind::History => "history",
        }
    }
}

/// An entry's first line; its data follows on the second, so the header is checked before the
/// data is parsed, once, straight into its type.
#[derive(Serialize)]
struct HeaderOut<'a> {
    paved_cache: u32,
    paved: &'static str,
    kind: &'static str,
    key: &'a str,
}

#[derive(serde::Deserialize)]
struct HeaderIn {
    paved_cache: u32,
    kind: String,
    key: String,
}

thread_local! {
    /// This thread's spare file for the cache (by id) it last wrote to: writes fill it and swap
    /// it with the entry ([`crate::atomic::write_file_unsynced`]). Per thread, so no lock.
    static SPARE: RefCell<(u64, crate::atomic::Spare)> = RefCell::default();
}

/// A hit refreshes an entry's mtime (its last use, for eviction) only when it is older than
/// this, so a warm run of an unchanged org does not write every entry's metadata.
const REFRESH_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// An open cache folder. Shared by the workers of a run; it never prints: warnings are
/// collected for the command line to show ([`Cache::take_warnings`]).
#[derive(Debug)]
pub struct Cache {
    /// Tells this cache's spare files from another's ([`SPARE`]).
    id: u64,
    dir: PathBuf,
    limit: u64,
    /// The largest entry read back ([`ENTRY_LIMIT`] unless set).
    entry_limit: u64,
    wrote: AtomicBool,
    warnings: Mutex<(Vec<String>, usize)>,
}

impl Cache {
    /// A cache in `dir` (created when first written) bounded to `limit` bytes.
    pub fn new(dir: impl Into<PathBuf>, limit: u64) -> Cache {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Cache {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            dir: dir.into(),
            limit,
            entry_limit: ENTRY_LIMIT,
            wrote: AtomicBool::new(false),
            warnings: Mutex::new((Vec::new(), 0)),
        }
    }

    /// This cache, reading back entries of at most `bytes`.
    pub fn with_entry_limit(self, bytes: u64) -> Cache {
        Cache {
            entry_limit: bytes,
            ..self
        }
    }

    /// The default folder: `paved` under the user's cache directory ([`user_cache_dir`]).
    pub fn default_dir() -> Option<PathBuf> {
        user_cache_dir().map(|d| d.join("paved"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, kind: Kind, key: &Key) -> PathBuf {
        let hex = key.as_str();
        self.dir
            .join(kind.as_str())
            .join(&hex[..2])
            .join(format!("{hex}.bin"))
    }

    fn warn(&self, message: String) {
        let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
        if w.0.len() < MAX_WARNINGS {
            w.0.push(message);
        } else {
            w.1 += 1;
        }
    }

    /// The warnings so far (an ignored entry, a write that failed), and how many more there were.
    pub fn take_warnings(&self) -> (Vec<String>, usize) {
        let mut w = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *w)
    }

    /// The entry stored under `key`, if there is a good one, its data (the bytes after the
    /// header line) read by `read`. A missing entry is a plain miss; a corrupt, foreign or
    /// newer one is a miss with a warning (and is overwritten on `put`).
    pub fn get<T, E: std::fmt::Display>(
        &self,
        kind: Kind,
        key: &Key,
        read: impl FnOnce(&[u8]) -> Result<T, E>,
    ) -> Option<T> {
        let path = self.path(kind, key);
        let ignored = |why: &str| format!("{}: {why}; ignored and rebuilt", path.display());
        // Reads left after this one that does not check out (see below).
        let mut again = 2;
        let (bytes, data) = loop {
            let (bytes, read_meta) = match read_entry(&path, self.entry_limit) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
                // Shorter than when it was opened: a spare being rewritten (below).
                Err(e) if again > 0 && e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    again -= 1;
                    continue;
                }
                Err(e) => {
                    self.warn(format!(
                        "cache entry ignored and rebuilt: {}: {e}",
                        path.display()
                    ));
                    return None;
                }
            };
            match checked_entry(kind, key, &bytes) {
                Ok(data) => break (bytes, data),
                // Another run swapped the entry while it was read, and may have reused the
                // file read as its spare: the path now names another file. Read that.
                Err(_) if again > 0 && !still_names(&path, &read_meta) => again -= 1,
                Err(why) => {
                    self.warn(ignored(&why));
                    return None;
                }
            }
        };
        match read(&bytes[data]) {
            Ok(t) => Some(t),
            Err(e) => {
                self.warn(ignored(&format!("its data does not read ({e})")));
                None
            }
        }
    }

    /// Stores an entry under `key`, its data (after the header line) written by `write`,
    /// atomically: a reader (or a run killed half-way) sees the old entry or the new one, never
    /// a mix. A failure is a warning; the run goes on uncached.
    pub fn put(
        &self,
        kind: Kind,
        key: &Key,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        let path = self.path(kind, key);
        let header = HeaderOut {
            paved_cache: FORMAT,
            paved: env!("CARGO_PKG_VERSION"),
            kind: kind.as_str(),
            key: key.as_str(),
        };
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                SPARE
                    .with_borrow_mut(|(id, spare)| {
                        if *id != self.id {
                            (*id, *spare) =
                                (self.id, crate::atomic::Spare::tagged(self.id.to_string()));
                        }
                        crate::atomic::write_file_unsynced(&path, spare, |w| {
                            let mut w = Summed {
                                inner: w,
                                crc: crc32fast::Hasher::new(),
                            };
                            serde_json::to_writer(&mut w, &header)
                                .map_err(std::io::Error::other)?;
                            w.write_all(b"\n")?;
                            write(&mut w)?;
                            let crc = w.crc.finalize();
                            w.inner.write_all(&crc.to_le_bytes())
                        })
                    })
                    .map_err(|e| e.to_string())
            });
        match written {
            Ok(()) => self.wrote.store(true, Ordering::Relaxed),
            Err(e) => self.warn(format!("cache entry {} not written: {e}", path.display())),
        }
    }

    /// After a run that wrote: removes the least recently used entries until the folder is
    /// under 90% of its limit. Returns how many entries were removed.
    pub fn evict(&self) -> usize {
        if !self.wrote.load(Ordering::Relaxed) {
            return 0;
        }
        let mut entries = Vec::new();
        for kind in [Kind::Scan, Kind::History] {
            collect(
                &self.dir.join(kind.as_str()),
                1,
                &self.id.to_string(),
                &mut entries,
            );
        }
        let total: u64 = entries.iter().map(|(_, size, _)| size).sum();
        if total <= self.limit {
            return 0;
        }
        entries.sort_by_key(|(mtime, _, _)| *mtime);
        let goal = self.limit / 10 * 9;
        let mut left = total;
        let mut removed = 0;
        for (_, size, path) in entries {
            if left <= goal {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                left -= size;
                removed += 1;
            }
        }
        removed
    }
}

/// Where an entry's data lies in its bytes, once its header names this paved's format, `kind`
/// and `key`, and its trailer is the CRC-32 of every byte before it; else why not.
fn checked_entry(kind: Kind, key: &Key, bytes: &[u8]) -> Result<Range<usize>, String> {
    let head = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let header: HeaderIn = serde_json::from_slice(&bytes[..head])
        .map_err(|e| format!("not a paved cache entry ({e})"))?;
    if header.paved_cache > FORMAT {
        return Err(format!(
            "written by a newer paved (format {}, this paved reads {FORMAT})",
            header.paved_cache
        ));
    }
    if header.kind != kind.as_str() || header.key != key.as_str() || header.paved_cache < FORMAT {
        return Err("an entry of another kind, key or format".into());
    }
    // After the header, so a newer paved's entry is named as one whatever its layout.
    let end = bytes.len().checked_sub(TRAILER).filter(|&end| end > head);
    match end {
        Some(end) if crc32fast::hash(&bytes[..end]).to_le_bytes() == bytes[end..] => {
            Ok(head + 1..end)
        }
        _ => Err("its checksum does not match (damaged, or rewritten while it was read)".into()),
    }
}

/// Whether `path` still names the file `read` describes.
#[cfg(unix)]
fn still_names(path: &Path, read: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).is_ok_and(|m| (m.dev(), m.ino()) == (read.dev(), read.ino()))
}

#[cfg(not(unix))]
fn still_names(_: &Path, _: &std::fs::Metadata) -> bool {
    // No spare is reused there: entries are always new files renamed into place.
    true
}

/// `write`, hashing what goes through for the entry's trailer.
struct Summed<'a> {
    inner: &'a mut dyn Write,
    crc: crc32fast::Hasher,
}

impl Write for Summed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The user's cache folder (results here, mirrors under `paved/mirrors`): `XDG_CACHE_HOME`,
/// else the platform's usual place (`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`).
pub fn user_cache_dir() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if let Some(x) = from("XDG_CACHE_HOME") {
        return Some(x);
    }
    if cfg!(windows) {
        return from("LOCALAPPDATA");
    }
    let home = from("HOME")?;
    Some(if cfg!(target_os = "macos") {
        home.join("Library/Caches")
    } else {
        home.join(".cache")
    })
}

/// An entry's text: one open file read whole (a regular file of at most `limit` bytes),
/// its mtime refreshed through the same handle when it is older than [`REFRESH_AFTER`].
/// Entries are paved's own files, not user input, so they skip `input.rs`'s checks.
fn read_entry(path: &Path, limit: u64) -> std::io::Result<(Vec<u8>, std::fs::Metadata)> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() > limit {
        return Err(std::io::Error::other(format!(
            "not a regular file of at most {limit} bytes (max_cache_entry_size)"
        )));
    }
    // Exactly the size fstat gave, in one read (no probe for more). A writer may reuse the file
    // once it is replaced (its spare, `atomic::write_file_unsynced`): a short read is an
    // error, a mix fails the checksum.
    let mut bytes = vec![0; meta.len() as usize];
    (&file).read_exact(&mut bytes)?;
    let now = SystemTime::now();
    if meta
        .modified()
        .is_ok_and(|m| now.duration_since(m).is_ok_and(|age| age > REFRESH_AFTER))
    {
        // Failing to mark it only makes it an earlier candidate for eviction.
        let _ = file.set_modified(now);
    }
    Ok((bytes, meta))
}

/// Every entry file (`*.json`, `*.bin`) `depth` folders below `dir`, with its mtime and size;
/// temporary files of killed runs found on the way are removed.
fn collect(dir: &Path, depth: usize, tag: &str, out: &mut Vec<(SystemTime, u64, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        // Writes leave the search for orphaned temporary files to this walk; the run's own
        // spares are done with too.
        if depth == 0
            && (crate::atomic::remove_own_spare(&path, tag)
                || crate::atomic::remove_if_orphan(&path, || e.metadata().ok()))
        {
            continue;
        }
        if depth > 0 && ft.is_dir() {
            collect(&path, depth - 1, tag, out);
        } else if depth == 0
            && ft.is_file()
            // `json` also for history entries of older formats, never read again.
            && path.extension().is_some_and(|x| x == "json" || x == "bin")
            && let Ok(m) = e.metadata()
        {
            let mtime = m.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            out.push((mtime, m.len(), path));
        }
    }
}

/// A cache folder and the fingerprint of the run using it: what a scan or trend is given.
#[derive(Debug)]
pub struct ResultCache {
    pub store: Cache,
    pub fingerprint: Fingerprint,
}
