//! Writes that cannot destroy: every file paved writes (reports, `--output` of every command,
//! the memo's chart, the mirrors' state file) goes through [`write_file`].
//!
//! - Absent target or regular file: the content goes to a temporary file in the same folder,
//!   created exclusively (`O_EXCL`) under an unpredictable name `.NAME.paved-tmp-PID-RANDOM`,
//!   is synced, and renamed over the target, so a failed run never leaves half a file.
//! - A symlink is resolved and the rule applied to what it points at; the link stays a link.
//! - A device, FIFO or socket is opened and written directly (`--output /dev/null` stays a
//!   character device).
//! - A folder is an error, and no temporary file is left.
//!
//! Temporary files are removed on every exit path: on error by a drop guard, on SIGINT and
//! SIGTERM by the handler [`install_signal_cleanup`] installs (exit 130 / 143). One orphaned by
//! SIGKILL is removed by the next write to the same folder (in the result cache, by the walk
//! after the next run that writes), when the process that made it is gone or the file was last
//! written or renamed more than an hour ago. The result cache's spare files ([`Spare`]) live
//! between writes: the cache's walk after the run removes them, and one left by a run that
//! ended early is an orphan for the next.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// The marker in every temporary file's name, so orphans are recognisable.
pub const TMP_MARKER: &str = ".paved-tmp-";

/// A temporary file older than this is an orphan even if its PID was reused.
const ORPHAN_AGE: Duration = Duration::from_secs(3600);

/// Symlink hops followed before the target counts as a loop (Linux's own limit).
const MAX_LINK_HOPS: usize = 40;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: is a folder, not a file", path.display())]
    IsFolder { path: PathBuf },
    #[error("{}: too many levels of symbolic links", path.display())]
    LinkLoop { path: PathBuf },
    #[error("writing {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Temporary files being written now, for the signal handler to remove.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a usable list; cleaning up still matters.
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes a temporary file unless it was renamed into place, whichever way the write ends.
struct TmpGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TmpGuard {
    fn drop(&mut self) {
        let mut list = pending();
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
        list.retain(|p| p != &self.path);
    }
}

/// Installs the SIGINT/SIGTERM handler that removes the temporary files of writes in
/// progress and exits 130 (SIGINT) or 143 (SIGTERM). Called once, by the binary.
pub fn install_signal_cleanup() -> io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("paved-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // Hold the lock until exit, so no new temporary file appears meanwhile.
                let list = pending();
                for p in list.iter() {
                    let _ = fs::remove_file(p);
                }
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

/// What is at a target, after following symlinks.
enum Target {
    /// Absent or a regular file: replaced atomically.
    Replace(PathBuf),
    /// A device, FIFO or socket: written in place.
    Direct(PathBuf),
}

/// Follows `path` through symlinks to what it names (which may not exist yet).
fn resolve(path: &Path) -> Result<Target, WriteError> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINK_HOPS {
        let meta = match fs::symlink_metadata(&current) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Replace(current)),
            Err(e) => return Err(io_err(&current)(e)),
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            let link = fs::read_link(&current).map_err(io_err(&current))?;
            current = match current.parent() {
                Some(parent) if link.is_relative() => parent.join(link),
                _ => link,
            };
        } else if ft.is_dir() {
            return Err(WriteError::IsFolder { path: current });
        } else if ft.is_file() {
            return Ok(Target::Replace(current));
        } else {
            return Ok(Target::Direct(current));
        }
    }
    Err(WriteError::LinkLoop {
        path: path.to_path_buf(),
    })
}

/// Writes what `f` produces to `path` without ever destroying what is there (see the module
/// documentation). `f`'s own error is returned as an [`WriteError::Io`] naming `path`.
pub fn write_file(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    match resolve(path)? {
        Target::Direct(dev) => {
            let file = OpenOptions::new()
                .write(true)
                .open(&dev)
                .map_err(io_err(&dev))?;
            let mut w = io::BufWriter::new(file);
            f(&mut w).and_then(|()| w.flush()).map_err(io_err(path))
        }
        Target::Replace(target) => replace(&target, f, Durability::Synced),
    }
}

/// [`write_file`] for a regular file that may be lost but never torn: the new content appears
/// in one atomic step, but is not flushed to disk first (no fsync). For the result cache,
/// whose entries are rebuilt when missing or unreadable, and which writes thousands per run
/// (issue 12: creating, writing and renaming entries was about a fifth of a trend rerun's CPU
/// in `perf record`), hence three more differences:
///
/// - The content goes to `spare`, the writer's own temporary file, which is then swapped with
///   the target in one `renameat2(RENAME_EXCHANGE)` (Linux): the target's old file becomes the
///   next write's spare, so rewriting an entry allocates and frees no inode (on ext4 each new
///   inode's search walked past the ones freed before it, and writing a file renamed over
///   another starts its writeback at once, `auto_da_alloc`). A spare is overwritten in place,
///   so a reader that still has the old file open may read a mix: the cache's entries carry a
///   checksum, and the cache reads an entry again when its path no longer names the file read. Where exchange is not supported, or the target is absent, the spare is
///   renamed into place (after removing the old file, for the same writeback).
/// - The folder is not searched for orphaned temporary files at each write; the caller removes
///   them with [`remove_if_orphan`] as it lists its files (the cache, after each run).
pub fn write_file_unsynced(
    path: &Path,
    spare: &mut Spare,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    match resolve(path)? {
        Target::Replace(target) if spare.unsupported => replace(&target, f, Durability::Unsynced),
        Target::Replace(target) => write_via_spare(&target, spare, f),
        Target::Direct(dev) => Err(WriteError::Io {
            path: dev,
            source: io::Error::other("not a regular file"),
        }),
    }
}

/// A writer's temporary file kept between [`write_file_unsynced`] calls, removed when dropped.
/// One per thread: it is never shared.
#[derive(Default)]
pub struct Spare {
    /// Tells the spares of one user (the cache, by its id) from another's in one process.
    tag: String,
    held: Option<TmpGuard>,
    /// Exchange is not supported here (another system, a filesystem without it).
    unsupported: bool,
}

impl Spare {
    /// A spare named for `tag` (`.spare-TAG.paved-tmp-PID-RANDOM`), which
    /// [`remove_own_spare`] recognises.
    pub fn tagged(tag: impl Into<String>) -> Spare {
        Spare {
            tag: tag.into(),
            ..Spare::default()
        }
    }

    fn name(&self) -> String {
        format!("{SPARE}-{}", self.tag)
    }
}

/// The name part of a spare's temporary file (`.spare-TAG.paved-tmp-PID-RANDOM`).
const SPARE: &str = "spare";

/// `write`, counting the bytes that went through.
struct Counted<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn write_via_spare(
    target: &Path,
    spare: &mut Spare,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let dir = folder_of(target);
    let name = spare.name();
    // Whether the spare holds an old entry, to be cut to the new length.
    let mut reused = false;
    let (file, mut guard) = match spare.held.take() {
        Some(guard) => match open_spare(&guard.path) {
            Ok(file) if sole_link(&file) => {
                reused = true;
                (file, guard)
            }
            // Another name links to the old entry's file (a copy of the cache made with hard
            // links): it is left as it is, and a new spare made.
            Ok(_) => {
                drop(guard);
                create_tmp(&dir, &name)?
            }
            // Removed meanwhile (another run's cleanup took it for an orphan).
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                drop(guard);
                create_tmp(&dir, &name)?
            }
            Err(e) => return Err(io_err(&guard.path)(e)),
        },
        None => create_tmp(&dir, &name)?,
    };
    // Overwritten from the start and cut to length, not truncated to nothing first: ext4 starts
    // writing back a file emptied and rewritten when it is closed, as after a rename over one.
    // Large enough for a trend's history entry in one write.
    let mut w = Counted {
        inner: io::BufWriter::with_capacity(64 << 10, file),
        n: 0,
    };
    f(&mut w).and_then(|()| w.flush()).map_err(io_err(target))?;
    let len = w.n;
    let file = w
        .inner
        .into_inner()
        .map_err(|e| io_err(target)(e.into_error()))?;
    if reused {
        file.set_len(len).map_err(io_err(target))?;
    }
    drop(file);
    match exchange(&guard.path, target) {
        Ok(()) => {
            spare.held = Some(guard);
            return Ok(());
        }
        // No old entry: the spare becomes the entry (unless the spare is what is missing).
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(&guard.path).is_err() {
                return Err(io_err(target)(io::Error::other(
                    "its temporary file was removed by another process while it was written",
                )));
            }
        }
        Err(e) if exchange_unsupported(&e) => {
            spare.unsupported = true;
            remove_old(target)?;
        }
        // The target's folder is on another filesystem than the spare, so no rename reaches
        // it: the content goes to a new file beside the target, and the spare goes.
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => {
            let content = fs::read(&guard.path).map_err(io_err(target))?;
            drop(guard);
            return replace(target, |w| w.write_all(&content), Durability::Unsynced);
        }
        Err(e) => return Err(io_err(target)(e)),
    }
    fs::rename(&guard.path, target).map_err(io_err(target))?;
    guard.armed = false;
    Ok(())
}

/// Whether `file` is a regular file with no other name.
fn sole_link(file: &fs::File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata().is_ok_and(|m| m.is_file() && m.nlink() == 1)
    }
    #[cfg(not(unix))]
    {
        file.metadata().is_ok_and(|m| m.is_file())
    }
}

fn remove_old(target: &Path) -> Result<(), WriteError> {
    match fs::remove_file(target) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_err(target)(e)),
        _ => Ok(()),
    }
}

/// The spare, opened for writing without following a link (it is paved's own file; anything
/// else at its name is not written through).
fn open_spare(path: &Path) -> io::Result<fs::File> {
    let mut o = OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW);
    }
    o.open(path)
}

/// Swaps the files at `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// An exchange error that will not change on the next try: the system or the filesystem
/// lacks it, or a sandbox forbids the call (seccomp answers `EPERM` or `ENOSYS`). A real
/// permission problem fails the plain rename that follows as well, and is reported then.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP | libc::EPERM)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// How [`replace`] writes: synced (a user's file), or unsynced (see [`write_file_unsynced`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Durability {
    Synced,
    Unsynced,
}

fn replace(
    target: &Path,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    sync: Durability,
) -> Result<(), WriteError> {
    let dir = folder_of(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if sync == Durability::Synced {
        clean_orphans(&dir);
    }
    let (file, mut guard) = create_tmp(&dir, &name)?;
    let mut w = io::BufWriter::new(file);
    f(&mut w).and_then(|()| w.flush()).map_err(io_err(target))?;
    let file = w.into_inner().map_err(|e| io_err(target)(e.into_error()))?;
    match sync {
        Durability::Synced => file.sync_all().map_err(io_err(target))?,
        Durability::Unsynced => match fs::remove_file(target) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_err(target)(e)),
            _ => {}
        },
    }
    drop(file);
    fs::rename(&guard.path, target).map_err(io_err(target))?;
    guard.armed = false;
    Ok(())
}

/// Creates `.NAME.paved-tmp-PID-RANDOM` exclusively, registered for the signal handler.
fn create_tmp(dir: &Path, name: &str) -> Result<(fs::File, TmpGuard), WriteError> {
    let pid = std::process::id();
    let mut last = None;
    for _ in 0..16 {
        let path = dir.join(format!(
            ".{name}{TMP_MARKER}{pid}-{:016x}",
            fastrand::u64(..)
        ));
        // Registered under the lock, so a signal cannot land between creating and registering.
        let mut list = pending();
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => {
                list.push(path.clone());
                return Ok((file, TmpGuard { path, armed: true }));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(io_err(dir)(e)),
        }
    }
    Err(io_err(dir)(last.unwrap_or_else(|| {
        io::Error::new(io::ErrorKind::AlreadyExists, "no free temporary name")
    })))
}

/// Removes temporary files in `dir` left by runs that were killed: their PID is not running,
/// or they are older than [`ORPHAN_AGE`]. Best effort: a folder that cannot be listed is left.
fn clean_orphans(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        remove_if_orphan(&entry.path(), || entry.metadata().ok());
    }
}

/// Removes `path` if it is a temporary file left by a run that was killed: its PID is not
/// running, or it is more than an hour old (`meta` is asked only for a temporary file's name).
/// Returns whether it was one, removed or not.
pub fn remove_if_orphan(path: &Path, meta: impl FnOnce() -> Option<fs::Metadata>) -> bool {
    let Some(pid) = path
        .file_name()
        .and_then(|n| orphan_pid(&n.to_string_lossy()))
    else {
        return false;
    };
    let old = meta()
        .and_then(|m| last_change(&m))
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > ORPHAN_AGE);
    if (pid != std::process::id() && !pid_alive(pid)) || old {
        let _ = fs::remove_file(path);
    }
    true
}

/// Removes `path` if it is a spare file of this process tagged `tag` ([`Spare::tagged`]): for
/// the cache's walk after a run, when no write is in progress (a later write makes a new one).
pub fn remove_own_spare(path: &Path, tag: &str) -> bool {
    let own = path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with(&format!(".{SPARE}-{tag}{TMP_MARKER}"))
            && orphan_pid(&n) == Some(std::process::id())
    });
    if own {
        let _ = fs::remove_file(path);
    }
    own
}

/// When a file was last written or renamed: a spare swapped in a moment ago holds an old
/// entry, whose modification time may be days old, but its change time is now.
fn last_change(m: &fs::Metadata) -> Option<SystemTime> {
    let modified = m.modified().ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let changed = u64::try_from(m.ctime())
            .ok()
            .map(|s| SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        Some(changed.map_or(modified, |c| c.max(modified)))
    }
    #[cfg(not(unix))]
    {
        Some(modified)
    }
}

/// The PID in a temporary file's name `.NAME.paved-tmp-PID-RANDOM`, if it is one.
fn orphan_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, tail) = name.rsplit_once(TMP_MARKER)?;
    let (pid, random) = tail.split_once('-')?;
    (random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether a process is running; without `/proc` every PID counts as alive, and only age
/// removes orphans.
pub(crate) fn pid_alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_a_file_and_leaves_nothing_else() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("r.json");
        fs::write(&p, "old").unwrap();
        write_file(&p, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(names(t.path()), ["r.json"]);
    }

    #[test]
    fn failed_writes_leave_the_old_content_and_no_temporary_file() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("r.json");
        fs::write(&p, "old").unwrap();
        let err = write_file(&p, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(names(t.path()), ["r.json"]);
        // Other tests write at the same time: only this folder's entries must be gone.
        assert!(!pending().iter().any(|p| p.starts_with(t.path())));
    }

    #[test]
    fn a_symlink_is_followed_and_kept() {
        let t = tempfile::tempdir().unwrap();
        fs::create_dir(t.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real/out.md", t.path().join("link.md")).unwrap();
        write_file(&t.path().join("link.md"), |w| w.write_all(b"x")).unwrap();
        assert!(
            fs::symlink_metadata(t.path().join("link.md"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_to_string(t.path().join("real/out.md")).unwrap(),
            "x"
        );
        assert_eq!(names(&t.path().join("real")), ["out.md"]);
    }

    #[test]
    fn a_folder_is_an_error_and_loops_end() {
        let t = tempfile::tempdir().unwrap();
        let err = write_file(t.path(), |w| w.write_all(b"x")).unwrap_err();
        assert!(matches!(err, WriteError::IsFolder { .. }), "{err}");
        std::os::unix::fs::symlink("b", t.path().join("a")).unwrap();
        std::os::unix::fs::symlink("a", t.path().join("b")).unwrap();
        let err = write_file(&t.path().join("a"), |w| w.write_all(b"x")).unwrap_err();
        assert!(matches!(err, WriteError::LinkLoop { .. }), "{err}");
        assert_eq!(names(t.path()), ["a", "b"]);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn unsynced_writes_swap_with_a_spare_that_is_reused_and_removed() {
        use std::os::unix::fs::MetadataExt;
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a.bin"), t.path().join("b.bin"));
        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        let mut spare = Spare::tagged("t");
        // A new entry: the spare is renamed into place, nothing else is left.
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"first, long")).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"first, long");
        assert_eq!(names(t.path()), ["a.bin"]);
        // Rewriting it: the old file becomes the spare, and the new content is cut to length.
        let first = ino(&a);
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"second")).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"second");
        let listed = names(t.path());
        assert_eq!(listed.len(), 2, "{listed:?}");
        assert!(listed[0].starts_with(".spare-t.paved-tmp-"), "{listed:?}");
        let held = t.path().join(&listed[0]);
        assert_eq!(ino(&held), first);
        // The next write, of another entry, goes into that same file.
        fs::write(&b, "old b").unwrap();
        let old_b = ino(&b);
        write_file_unsynced(&b, &mut spare, |w| w.write_all(b"new b")).unwrap();
        assert_eq!((ino(&b), ino(&held)), (first, old_b));
        assert_eq!(fs::read(&b).unwrap(), b"new b");
        assert_eq!(fs::read(&a).unwrap(), b"second");
        // The run's walk removes its own spare; the next write makes a new one.
        assert!(!remove_own_spare(&held, "u"), "another user's spare");
        assert!(remove_own_spare(&held, "t"));
        assert!(!remove_own_spare(&a, "t"));
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"third")).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"third");
        // A failed write leaves the entry as it was, and its torn spare is removed.
        let err = write_file_unsynced(&a, &mut spare, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
        assert_eq!(fs::read(&a).unwrap(), b"third");
        assert_eq!(names(t.path()), ["a.bin", "b.bin"]);
        // Dropped, a spare is removed.
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"fourth")).unwrap();
        assert_eq!(names(t.path()).len(), 3);
        drop(spare);
        assert_eq!(names(t.path()), ["a.bin", "b.bin"]);
        assert!(!pending().iter().any(|p| p.starts_with(t.path())));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_spare_with_another_name_or_removed_midway_is_not_written_through() {
        let t = tempfile::tempdir().unwrap();
        let a = t.path().join("a.bin");
        let mut spare = Spare::tagged("t");
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"one")).unwrap();
        // A copy of the folder made with hard links: the next write swaps the old file out as
        // the spare, which the copy still names.
        let copy = t.path().join("copy.bin");
        fs::hard_link(&a, &copy).unwrap();
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"two")).unwrap();
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"three, longer")).unwrap();
        assert_eq!(
            fs::read(&copy).unwrap(),
            b"one",
            "the copy is left as it was"
        );
        assert_eq!(fs::read(&a).unwrap(), b"three, longer");
        // Another process removes the spare while it is written: an error, the entry kept.
        let err = write_file_unsynced(&a, &mut spare, |w| {
            for n in names(t.path()).iter().filter(|n| n.starts_with(".spare-t")) {
                fs::remove_file(t.path().join(n))?;
            }
            w.write_all(b"four")
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("removed by another process"),
            "{err}"
        );
        assert_eq!(fs::read(&a).unwrap(), b"three, longer");
        write_file_unsynced(&a, &mut spare, |w| w.write_all(b"five")).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"five");
    }

    #[test]
    #[cfg(unix)]
    fn a_spare_just_swapped_in_is_not_an_orphan_for_its_old_modification_time() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join(format!(
            ".spare-t.paved-tmp-{}-00112233445566ff",
            std::process::id()
        ));
        fs::write(&p, "an old entry").unwrap();
        let day = SystemTime::now() - Duration::from_secs(86_400);
        fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(day)
            .unwrap();
        // Its change time is now (set_modified changed it, as a swap does).
        assert!(remove_if_orphan(&p, || fs::metadata(&p).ok()));
        assert!(p.exists());
    }

    #[test]
    fn orphans_of_dead_or_old_runs_are_recognised() {
        assert_eq!(
            orphan_pid(".r.json.paved-tmp-42-00112233445566ff"),
            Some(42)
        );
        for not in [
            "r.json",
            ".r.json.paved-tmp-42",
            ".r.json.paved-tmp-x-00112233445566ff",
            "r.paved-tmp-42-00112233445566ff",
        ] {
            assert_eq!(orphan_pid(not), None, "{not}");
        }
        let t = tempfile::tempdir().unwrap();
        // u32::MAX is above any PID the kernel hands out; the live one is ours.
        let dead = format!(".a.paved-tmp-{}-00112233445566ff", u32::MAX);
        let live = format!(".b.paved-tmp-{}-00112233445566ff", std::process::id());
        fs::write(t.path().join(&dead), "").unwrap();
        fs::write(t.path().join(&live), "").unwrap();
        write_file(&t.path().join("c"), |w| w.write_all(b"x")).unwrap();
        assert_eq!(names(t.path()), [live, "c".to_string()]);
    }
}
