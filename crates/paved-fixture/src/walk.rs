//! Plain folders for tests: writing a handful of files into one, and listing every file under one.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{FixtureError, io_err};

/// Writes each `(path, text)` under `dir`, creating folders on the way; `dir` itself is created
/// even when `files` is empty.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) -> Result<(), FixtureError> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    for (path, text) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&p, text).map_err(io_err(&p))?;
    }
    Ok(())
}

/// Every file under `dir` at any depth (symlinked folders followed), sorted. Folders that cannot
/// be read are skipped: callers look for what is there.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_are_listed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("repo");
        write_files(&dir, &[("b/c.txt", "c"), ("a.txt", "a")]).expect("write");
        let rel: Vec<PathBuf> = files(&dir)
            .iter()
            .map(|p| p.strip_prefix(&dir).expect("under dir").to_path_buf())
            .collect();
        assert_eq!(rel, [PathBuf::from("a.txt"), PathBuf::from("b/c.txt")]);
        write_files(&tmp.path().join("empty"), &[]).expect("empty");
        assert!(tmp.path().join("empty").is_dir());
    }
}
