//! paved-fixture: test support for paved, kept out of the shipped crate because it runs git.
//! Plain-file descriptions under `fixtures/` become real git repositories at test time (format
//! in `fixtures/README.md`), and synthetic orgs are generated for the benchmarks.
//!
//! Building is split in two: a pure *plan* (trees, commits, refs) computed from the fixture
//! folder (`spec` reads it, `plan` computes it), then one `git init` and one
//! `git fast-import` per repository to write it (`write`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod error;
mod plan;
pub mod rng;
mod spec;
pub mod synthetic;
pub mod walk;
mod write;

pub use error::FixtureError;
pub use spec::FIXTURE_FILE;
pub use synthetic::history::{HISTORY_VERSION, history_fixture, write_histories};
pub use synthetic::{SYNTHETIC_VERSION, Synthetic, build_synthetic};
pub use walk::write_files;
pub use write::{committed_repo, git};

use error::invalid;
use plan::plan_fixture;
use spec::find_fixture_repos;
use write::{GitEnv, execute};

/// Builds every repository of a fixture set: each folder under `src` (at any depth) that holds a
/// `fixture.toml` becomes a repository at the same relative path under `dest`. Files in folders
/// that are not repositories are an error, except directly in `src` (documentation such as
/// `EXPECTED.md`). Returns the built repositories' paths, sorted.
pub fn build_set(src: &Path, dest: &Path) -> Result<Vec<PathBuf>, FixtureError> {
    let mut found = Vec::new();
    if src.join(FIXTURE_FILE).is_file() {
        found.push(PathBuf::new());
    } else {
        find_fixture_repos(src, Path::new(""), &mut found)?;
    }
    if found.is_empty() {
        return Err(invalid(
            src,
            format!("no repository found (no folder holds a {FIXTURE_FILE})"),
        ));
    }
    let plans = found
        .iter()
        .map(|rel| {
            let from = src.join(rel);
            plan_fixture(&from).map(|plan| (from, plan))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let env = GitEnv::new()?;
    let mut built = plans
        .par_iter()
        .zip(found.par_iter())
        .map(|((_, plan), rel)| {
            let to = if rel.as_os_str().is_empty() {
                dest.join(src.file_name().unwrap_or_default())
            } else {
                dest.join(rel)
            };
            execute(plan, &to, &env).map(|()| to)
        })
        .collect::<Result<Vec<_>, _>>()?;
    built.sort();
    Ok(built)
}

/// Builds the one repository described by the folder `src` (its `fixture.toml` is optional:
/// without one, the folder's files become a single commit) at `dest/<name of src>`, and returns
/// that path. A name ending in `.git` makes a bare repository.
pub fn build_repo(src: &Path, dest: &Path) -> Result<PathBuf, FixtureError> {
    let name = src
        .file_name()
        .ok_or_else(|| invalid(src, "a fixture repository needs a folder name"))?;
    let plan = plan_fixture(src)?;
    let env = GitEnv::new()?;
    let to = dest.join(name);
    execute(&plan, &to, &env)?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::write_stream;

    /// FNV-1a, spelled out so the digests below never depend on std's hasher.
    fn fnv(h: &mut u64, bytes: &[u8]) {
        for &b in bytes {
            *h ^= u64::from(b);
            *h = h.wrapping_mul(0x100_0000_01b3);
        }
    }

    const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

    /// Cached bench orgs are keyed by the generator versions: output that changes without a
    /// version bump would be scanned stale. Update a digest only together with its version.
    #[test]
    fn generators_are_pinned_by_their_versions() {
        let mut h = FNV_START;
        for i in 0..300 {
            let (name, plan) = synthetic::plan(7, i);
            fnv(&mut h, name.as_bytes());
            let mut out = Vec::new();
            write_stream(&plan, &mut out).expect("write");
            fnv(&mut h, &out);
            fnv(
                &mut h,
                format!("{} {}", plan.bare, plan.checkout).as_bytes(),
            );
        }
        assert_eq!((SYNTHETIC_VERSION, h), (1, 0xd560_0985_7fae_05ca));
        let mut h = FNV_START;
        for i in 0..300 {
            let (name, text) = history_fixture(i, 7);
            fnv(&mut h, name.as_bytes());
            fnv(&mut h, text.as_bytes());
        }
        assert_eq!((HISTORY_VERSION, h), (2, 0x897a_65c6_4f52_0b65));
    }
}
