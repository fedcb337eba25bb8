//! HEAD's object id read straight from the refs files, without opening the repository with gix:
//! what the result cache keys a scan by, so an unchanged repository is recognised with two or
//! three small file reads. Content addressing makes the id exact: it names the commit, which
//! names its tree. Anything out of the ordinary (a `.git` file, a linked worktree, a symbolic
//! link, reftable, an unborn or odd HEAD) gives `None`, and the caller takes the full path.

use std::io::Read;
use std::path::{Path, PathBuf};

use gix::ObjectId;

/// HEAD files and loose refs are a line; anything longer is not one git wrote.
const REF_FILE_MAX: u64 = 4 << 10;
/// A `packed-refs` file larger than this is left to gix (mirrors of huge tag sets).
const PACKED_REFS_MAX: u64 = 64 << 20;
/// Symbolic refs pointing at symbolic refs: git stops at 5 levels.
const MAX_DEPTH: usize = 5;

/// A repository's tip as the refs files name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    /// The object HEAD resolves to (a commit, or a tag naming one).
    pub id: ObjectId,
    /// The repository is a shallow clone (its `shallow` file is not empty), as gix judges it.
    pub shallow: bool,
}

/// HEAD of the repository at `location` (a work tree holding a `.git` folder, or a bare
/// repository), or `None` when only a full open can tell.
pub fn read_head(location: &Path) -> Option<Head> {
    let git_dir = git_dir(location)?;
    // A linked worktree keeps its refs in the common folder: left to gix.
    if git_dir.join("commondir").symlink_metadata().is_ok() {
        return None;
    }
    let mut text = read_small(&git_dir.join("HEAD"), REF_FILE_MAX)?;
    let mut packed: Option<Vec<u8>> = None;
    for _ in 0..MAX_DEPTH {
        let line = text.strip_suffix(b"\n").unwrap_or(&text);
        let Some(name) = line.strip_prefix(b"ref: ") else {
            let id = ObjectId::from_hex(line).ok()?;
            return Some(Head {
                id,
                shallow: shallow(&git_dir),
            });
        };
        let name = std::str::from_utf8(name).ok()?;
        // A name gix would refuse (`..`, control characters, not under refs/) is its to judge.
        gix::refs::FullName::try_from(name).ok()?;
        if !name.starts_with("refs/") {
            return None;
        }
        text = match read_small(&git_dir.join(name), REF_FILE_MAX) {
            Some(t) => t,
            None => {
                if packed.is_none() {
                    packed = Some(read_small(&git_dir.join("packed-refs"), PACKED_REFS_MAX)?);
                }
                packed_ref(packed.as_deref()?, name.as_bytes())?.to_vec()
            }
        };
    }
    None
}

/// The git folder: `.git` inside a work tree, or the repository itself when bare.
fn git_dir(location: &Path) -> Option<PathBuf> {
    let dot_git = location.join(".git");
    match dot_git.symlink_metadata() {
        Ok(m) if m.is_dir() => Some(dot_git),
        // A `.git` file (submodule, worktree) or link: left to gix.
        Ok(_) => None,
        Err(_) => location
            .join("objects")
            .symlink_metadata()
            .is_ok_and(|m| m.is_dir())
            .then(|| location.to_path_buf()),
    }
}

/// A regular file's bytes, if it is one and at most `max` bytes (never a FIFO or a device,
/// which could block or never end). One open and an `fstat` of the open file: a `stat` of the
/// path first would walk it twice, and this runs for every repository of a warm scan.
fn read_small(path: &Path, max: u64) -> Option<Vec<u8>> {
    let file = open_no_follow(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    // Exactly the size fstat gave: one read, no probe for more. A file rewritten meanwhile
    // reads short (an error) or cut, and a cut id or name does not parse: the full path then.
    let mut out = vec![0; meta.len() as usize];
    (&file).read_exact(&mut out).ok()?;
    Some(out)
}

/// Opens `path` for reading without following a symbolic link at its end and without waiting
/// on a FIFO's writer (what a `stat` first guarded against).
#[cfg(unix)]
pub(super) fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
pub(super) fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    if path.symlink_metadata()?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::File::open(path)
}

/// The id `packed-refs` gives `name` (its peeled `^` lines and comments skipped).
fn packed_ref<'a>(packed: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    packed.split(|&b| b == b'\n').find_map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let (id, rest) = line.split_at(line.iter().position(|&b| b == b' ')?);
        (rest.get(1..)? == name && !id.starts_with(b"#") && !id.starts_with(b"^")).then_some(id)
    })
}

fn shallow(git_dir: &Path) -> bool {
    git_dir
        .join("shallow")
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > 0)
}

#[cfg(test)]
mod tests {
    use super::packed_ref;

    #[test]
    fn packed_refs_give_the_named_ref_only() {
        let packed = b"# pack-refs with: peeled fully-peeled sorted \n\
            1111111111111111111111111111111111111111 refs/heads/main\n\
            2222222222222222222222222222222222222222 refs/tags/v1\n\
            ^3333333333333333333333333333333333333333\n";
        let cases: [(&str, Option<&str>); 4] = [
            (
                "refs/heads/main",
                Some("1111111111111111111111111111111111111111"),
            ),
            (
                "refs/tags/v1",
                Some("2222222222222222222222222222222222222222"),
            ),
            ("refs/heads/mai", None),
            ("refs/heads/other", None),
        ];
        for (name, want) in cases {
            let got = packed_ref(packed, name.as_bytes()).map(|b| std::str::from_utf8(b).unwrap());
            assert_eq!(got, want, "{name}");
        }
    }
}
