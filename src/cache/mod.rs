//! The result cache: results stored on disk by a key that names exactly what they were computed
//! from (the rule set's fingerprint and a repository's tree or commit id), so a rescan of an
//! unchanged repository, or a trend point already computed, costs a file read instead of an
//! evaluation.
//!
//! One file per entry (`DIR/KIND/ab/abcdef….json`), written atomically; an entry that cannot be
//! read, that another program wrote, or that a newer paved wrote is ignored with a warning and
//! rebuilt. The folder is bounded: after a run that wrote, the least recently used entries
//! (by mtime, which a hit refreshes) are removed until it is under 90% of its limit.
//!
//! Modules: `key` (the rule set's fingerprint and entry keys).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub mod key;

pub use key::{Fingerprint, Key};

/// The format of entries this paved writes; a larger number in an entry means a newer paved.
pub const FORMAT: u32 = 1;
/// The default bound on the cache folder's size.
pub const DEFAULT_LIMIT: u64 = 1 << 30;
/// An entry larger than this is not read (it cannot be one paved wrote for one repository).
const ENTRY_LIMIT: u64 = 64 << 20;
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

#[derive(Serialize)]
struct EnvelopeOut<'a, T> {
    paved_cache: u32,
    paved: &'static str,
    kind: &'static str,
    key: &'a str,
    data: &'a T,
}

#[derive(serde::Deserialize)]
struct EnvelopeIn {
    paved_cache: u32,
    kind: String,
    key: String,
    data: serde_json::Value,
}

/// An open cache folder. Shared by the workers of a run; it never prints: warnings are
/// collected for the command line to show ([`Cache::take_warnings`]).
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    limit: u64,
    wrote: AtomicBool,
    warnings: Mutex<(Vec<String>, usize)>,
}

impl Cache {
    /// A cache in `dir` (created when first written) bounded to `limit` bytes.
    pub fn new(dir: impl Into<PathBuf>, limit: u64) -> Cache {
        Cache {
            dir: dir.into(),
            limit,
            wrote: AtomicBool::new(false),
            warnings: Mutex::new((Vec::new(), 0)),
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
            .join(format!("{hex}.json"))
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

    /// The entry stored under `key`, if there is a good one. A missing entry is a plain miss;
    /// a corrupt, foreign or newer one is a miss with a warning (and is overwritten on `put`).
    pub fn get<T: DeserializeOwned>(&self, kind: Kind, key: &Key) -> Option<T> {
        let path = self.path(kind, key);
        let text = match crate::input::read_limited(&path, ENTRY_LIMIT) {
            Ok(t) => t,
            Err(crate::input::ReadError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                return None;
            }
            Err(e) => {
                self.warn(format!("cache entry ignored and rebuilt: {e}"));
                return None;
            }
        };
        let ignored = |why: &str| format!("{}: {why}; ignored and rebuilt", path.display());
        let env: EnvelopeIn = match serde_json::from_str(&text) {
            Ok(e) => e,
            Err(e) => {
                self.warn(ignored(&format!("not a paved cache entry ({e})")));
                return None;
            }
        };
        if env.paved_cache > FORMAT {
            self.warn(ignored(&format!(
                "written by a newer paved (format {}, this paved reads {FORMAT})",
                env.paved_cache
            )));
            return None;
        }
        if env.kind != kind.as_str() || env.key != key.as_str() || env.paved_cache < FORMAT {
            self.warn(ignored("an entry of another kind, key or format"));
            return None;
        }
        match serde_json::from_value(env.data) {
            Ok(t) => {
                // A hit makes the entry recently used, for eviction; failing to mark it only
                // makes it an earlier candidate.
                if let Ok(f) = std::fs::File::open(&path) {
                    let _ = f.set_modified(SystemTime::now());
                }
                Some(t)
            }
            Err(e) => {
                self.warn(ignored(&format!("its data does not read ({e})")));
                None
            }
        }
    }

    /// Stores `data` under `key`, atomically: a reader (or a run killed half-way) sees the old
    /// entry or the new one, never a mix. A failure is a warning; the run goes on uncached.
    pub fn put<T: Serialize>(&self, kind: Kind, key: &Key, data: &T) {
        let path = self.path(kind, key);
        let env = EnvelopeOut {
            paved_cache: FORMAT,
            paved: env!("CARGO_PKG_VERSION"),
            kind: kind.as_str(),
            key: key.as_str(),
            data,
        };
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                crate::atomic::write_file_unsynced(&path, |w| {
                    serde_json::to_writer(&mut *w, &env).map_err(std::io::Error::other)
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
            collect(&self.dir.join(kind.as_str()), 1, &mut entries);
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

/// Every `*.json` file `depth` folders below `dir`, with its mtime and size.
fn collect(dir: &Path, depth: usize, out: &mut Vec<(SystemTime, u64, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if depth > 0 && ft.is_dir() {
            collect(&path, depth - 1, out);
        } else if depth == 0
            && ft.is_file()
            && path.extension().is_some_and(|x| x == "json")
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
