//! Opening repositories whose objects are not one pack in their own folder: more packs than gix's
//! default 32 index slots, objects borrowed through `objects/info/alternates`, and a linked
//! worktree whose `.git` is a file. `snapshot::open_repo` sizes the object store from its own
//! listing of `objects/pack` only where that is the folder gix reads (issue 12); each case must
//! read every file of HEAD's tree.

use std::fs;
use std::path::{Path, PathBuf};

use paved::discover::{RepoMeta, RepoRef};
use paved::snapshot::{Content, RepoSnapshot, SnapshotOptions};
use paved_fixture::git;

/// Packs more than gix's minimum slot count, so a store sized too small would fail to read.
const PACKS: usize = 40;

/// A work-tree repository with `PACKS` commits, each adding `f<i>.txt` and repacked into a pack
/// of its own (`git repack` without `-a` packs only the loose objects).
fn many_packs(dir: &Path) -> PathBuf {
    let repo = dir.join("many");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]).unwrap();
    for i in 0..PACKS {
        fs::write(repo.join(format!("f{i}.txt")), format!("file {i}\n")).unwrap();
        git(&repo, &["add", "-A"]).unwrap();
        git(&repo, &["commit", "-q", "-m", &format!("c{i}")]).unwrap();
        git(&repo, &["repack", "-q"]).unwrap();
    }
    repo
}

/// Every `f<i>.txt` HEAD's tree holds, with its content read through the object store.
fn files(location: &Path) -> Vec<(String, String)> {
    let repo = RepoRef {
        name: "r".into(),
        location: location.to_path_buf(),
        meta: RepoMeta::default(),
    };
    let snap = RepoSnapshot::open(&repo, &SnapshotOptions::default()).unwrap();
    let mut out = Vec::new();
    for entry in snap.entries() {
        match snap.content(&entry.path).unwrap() {
            Content::Text(text) => out.push((entry.path.clone(), text.to_string())),
            Content::Skipped(why) => panic!("{}: skipped: {why}", entry.path),
        }
    }
    assert_eq!(snap.unreadable(), None);
    out
}

fn expected(n: usize) -> Vec<(String, String)> {
    let mut all: Vec<_> = (0..n)
        .map(|i| (format!("f{i}.txt"), format!("file {i}\n")))
        .collect();
    all.sort();
    all
}

#[test]
fn more_packs_than_default_slots_are_all_read() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = many_packs(tmp.path());
    let packs = fs::read_dir(repo.join(".git/objects/pack"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("idx".as_ref()))
        .count();
    assert_eq!(packs, PACKS, "one pack per commit");
    let mut got = files(&repo);
    got.sort();
    assert_eq!(got, expected(PACKS));
}

#[test]
fn alternates_and_linked_worktrees_read_every_object() {
    let tmp = tempfile::tempdir().unwrap();
    let origin = many_packs(tmp.path());
    // `--shared` writes objects/info/alternates: the clone holds no objects of its own.
    let shared = tmp.path().join("shared.git");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--bare",
            "--shared",
            origin.to_str().unwrap(),
            shared.to_str().unwrap(),
        ],
    )
    .unwrap();
    assert!(shared.join("objects/info/alternates").is_file());
    // A linked worktree: `.git` is a file naming a folder whose `commondir` leads back.
    let linked = tmp.path().join("linked");
    git(
        &origin,
        &["worktree", "add", "-q", linked.to_str().unwrap(), "HEAD"],
    )
    .unwrap();
    assert!(linked.join(".git").is_file());
    for location in [&shared, &linked] {
        let mut got = files(location);
        got.sort();
        assert_eq!(got, expected(PACKS), "{}", location.display());
    }
}
