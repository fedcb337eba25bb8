//! `snapshot::open_git` opens a plain repository's objects and refs without gix's `Repository`
//! (issue 12), and everything else in full. Each case is a repository layout or configuration:
//! whether it opens plain, and that the plain open answers as gix's whole open does (the tip,
//! shallowness, the branch HEAD names, every file of the tip's tree).

use std::fs;
use std::path::{Path, PathBuf};

use paved::discover::{RepoMeta, RepoRef};
use paved::snapshot::{
    Content, Git, RepoSnapshot, SnapshotOptions, open_full, open_git, resolve_tip,
};
use paved_fixture::git;

/// A work-tree repository on `main` with two commits, packed.
/// [`base`] with each `(key, value)` set in its config.
fn configured(dir: &Path, settings: &[(&str, &str)]) -> PathBuf {
    let r = base(dir, "w");
    for (key, value) in settings {
        git(&r, &["config", key, value]).unwrap();
    }
    r
}

fn base(dir: &Path, name: &str) -> PathBuf {
    let repo = unpacked(dir, name);
    git(&repo, &["repack", "-adq"]).unwrap();
    repo
}

/// [`base`] with every object loose (no pack at all).
fn unpacked(dir: &Path, name: &str) -> PathBuf {
    let repo = dir.join(name);
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]).unwrap();
    for (i, text) in ["one\n", "two\n"].iter().enumerate() {
        fs::write(repo.join("a.txt"), text).unwrap();
        fs::write(repo.join(format!("f{i}.txt")), text).unwrap();
        git(&repo, &["add", "-A"]).unwrap();
        git(&repo, &["commit", "-q", "-m", &format!("c{i}")]).unwrap();
    }
    repo
}

fn bare_clone(dir: &Path, from: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    git(
        dir,
        &[
            "clone",
            "-q",
            "--bare",
            from.to_str().unwrap(),
            to.to_str().unwrap(),
        ],
    )
    .unwrap();
    to
}

/// What a reader sees of a repository: the tip, shallowness, HEAD's branch, and every file of
/// the tip's tree with its content.
#[derive(Debug, PartialEq)]
struct Seen {
    tip: Option<String>,
    shallow: bool,
    head: Option<String>,
    files: Vec<(String, String)>,
}

fn seen(mut handle: Git, location: &Path) -> Seen {
    let tip = resolve_tip(&mut handle, location, None).unwrap();
    let (shallow, head) = (handle.is_shallow(), handle.head_name());
    let snap = RepoSnapshot::at_commit(handle, tip, &SnapshotOptions::default()).unwrap();
    let files = snap
        .entries()
        .iter()
        .filter_map(|e| match snap.content(&e.path) {
            Ok(Content::Text(t)) => Some((e.path.clone(), t.to_string())),
            _ => None,
        })
        .collect();
    Seen {
        tip: tip.map(|t| t.to_string()),
        shallow,
        head,
        files,
    }
}

type Setup = fn(&Path) -> PathBuf;

/// (case, how the repository is made, whether it opens plain)
const CASES: &[(&str, Setup, bool)] = &[
    ("work tree", |d| base(d, "w"), true),
    ("loose objects only", |d| unpacked(d, "l"), true),
    (
        "bare clone: bare = true, packed refs",
        |d| {
            let from = base(d, "src");
            bare_clone(d, &from, "b.git")
        },
        true,
    ),
    (
        "bare mirror without a config file",
        |d| {
            let from = base(d, "src");
            let to = bare_clone(d, &from, "m");
            fs::remove_file(to.join("config")).unwrap();
            to
        },
        true,
    ),
    (
        "detached HEAD",
        |d| {
            let r = base(d, "w");
            git(&r, &["checkout", "-q", "--detach", "HEAD~1"]).unwrap();
            r
        },
        true,
    ),
    (
        "HEAD through a symbolic ref",
        |d| {
            let r = base(d, "w");
            git(&r, &["symbolic-ref", "refs/heads/alias", "refs/heads/main"]).unwrap();
            git(&r, &["symbolic-ref", "HEAD", "refs/heads/alias"]).unwrap();
            r
        },
        true,
    ),
    (
        "replacement object",
        |d| {
            let r = base(d, "w");
            let old = git(&r, &["rev-parse", "HEAD:a.txt"]).unwrap();
            fs::write(r.join("new.txt"), "replaced\n").unwrap();
            let new = git(&r, &["hash-object", "-w", "new.txt"]).unwrap();
            fs::remove_file(r.join("new.txt")).unwrap();
            git(&r, &["replace", old.trim(), new.trim()]).unwrap();
            r
        },
        true,
    ),
    (
        "shallow clone",
        |d| {
            let from = base(d, "src");
            let url = format!("file://{}", from.display());
            git(d, &["clone", "-q", "--depth", "1", &url, "s"]).unwrap();
            d.join("s")
        },
        true,
    ),
    (
        "a laptop's settings: line endings, editor, hooks, sparse checkout",
        |d| {
            configured(
                d,
                &[
                    ("core.autocrlf", "input"),
                    ("core.editor", "vi"),
                    ("core.hooksPath", ".githooks"),
                    ("core.sparseCheckout", "false"),
                    ("core.untrackedCache", "true"),
                ],
            )
        },
        true,
    ),
    (
        "precomposed Unicode, as git writes on macOS",
        |d| configured(d, &[("core.precomposeUnicode", "true")]),
        true,
    ),
    (
        "a pack cache limit",
        |d| configured(d, &[("core.deltaBaseCacheLimit", "1m")]),
        false,
    ),
    (
        "remote and branch sections",
        |d| {
            let r = base(d, "w");
            git(
                &r,
                &["remote", "add", "origin", "https://example.invalid/x.git"],
            )
            .unwrap();
            git(&r, &["config", "branch.main.remote", "origin"]).unwrap();
            git(&r, &["config", "user.name", "someone"]).unwrap();
            r
        },
        true,
    ),
    (
        "unborn HEAD",
        |d| {
            let r = d.join("u");
            fs::create_dir_all(&r).unwrap();
            git(&r, &["init", "-q", "-b", "main"]).unwrap();
            r
        },
        true,
    ),
    (
        "core.worktree set",
        |d| {
            let r = base(d, "w");
            git(&r, &["config", "core.worktree", r.to_str().unwrap()]).unwrap();
            r
        },
        false,
    ),
    (
        "replacement refs turned off",
        |d| configured(d, &[("core.useReplaceRefs", "false")]),
        false,
    ),
    (
        "an extensions section",
        |d| {
            configured(
                d,
                &[
                    ("core.repositoryformatversion", "1"),
                    ("extensions.worktreeConfig", "true"),
                ],
            )
        },
        false,
    ),
    (
        "bare = true in a work tree's .git",
        |d| configured(d, &[("core.bare", "true")]),
        false,
    ),
    (
        "objects borrowed through alternates",
        |d| {
            let from = base(d, "src");
            git(
                d,
                &["clone", "-q", "--shared", from.to_str().unwrap(), "alt"],
            )
            .unwrap();
            d.join("alt")
        },
        false,
    ),
    (
        "linked worktree: .git is a file",
        |d| {
            let r = base(d, "w");
            git(&r, &["worktree", "add", "-q", "../linked", "HEAD~1"]).unwrap();
            d.join("linked")
        },
        false,
    ),
];

#[test]
fn plain_repositories_open_without_gix_repository_and_read_the_same() {
    for (case, setup, plain) in CASES {
        let tmp = tempfile::tempdir().unwrap();
        let location = setup(tmp.path());
        let light = open_git(&location).unwrap();
        assert_eq!(light.full().is_none(), *plain, "{case}: opened plain?");
        let full = open_full(&location).unwrap();
        assert!(full.full().is_some(), "{case}");
        let (got, want) = (seen(light, &location), seen(full, &location));
        assert_eq!(got, want, "{case}");
        assert!(
            !want.files.is_empty() || *case == "unborn HEAD",
            "{case}: {want:?}"
        );
    }
}

#[test]
fn replacement_objects_are_read_in_place_of_the_originals() {
    let tmp = tempfile::tempdir().unwrap();
    let (case, setup, _) = CASES.iter().find(|c| c.0 == "replacement object").unwrap();
    let location = setup(tmp.path());
    let got = seen(open_git(&location).unwrap(), &location);
    let a = got.files.iter().find(|(p, _)| p == "a.txt");
    assert_eq!(a.map(|(_, t)| t.as_str()), Some("replaced\n"), "{case}");
}

#[test]
fn a_scan_of_a_plain_repository_matches_one_opened_in_full() {
    let tmp = tempfile::tempdir().unwrap();
    let location = base(tmp.path(), "w");
    let repo = RepoRef {
        name: "w".into(),
        location: location.clone(),
        meta: RepoMeta::default(),
    };
    let snap = RepoSnapshot::open(&repo, &SnapshotOptions::default()).unwrap();
    let full = seen(open_full(&location).unwrap(), &location);
    assert_eq!(snap.commit().map(|c| c.to_string()), full.tip);
    let paths: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["a.txt", "f0.txt", "f1.txt"]);
}

/// A loose object's file, by its id.
fn loose_file(repo: &Path, id: &str) -> PathBuf {
    repo.join(".git/objects").join(&id[..2]).join(&id[2..])
}

#[test]
fn a_damaged_loose_object_reads_as_gix_words_it() {
    let tmp = tempfile::tempdir().unwrap();
    let location = unpacked(tmp.path(), "l");
    let blob = git(&location, &["rev-parse", "HEAD:a.txt"]).unwrap();
    let file = loose_file(&location, blob.trim());
    let mut bytes = fs::read(&file).unwrap();
    bytes.truncate(bytes.len() / 2);
    let mut perms = fs::metadata(&file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&file, perms).unwrap();
    fs::write(&file, bytes).unwrap();
    let read = |handle: Git| {
        let mut handle = handle;
        let tip = resolve_tip(&mut handle, &location, None).unwrap();
        let snap = RepoSnapshot::at_commit(handle, tip, &SnapshotOptions::default()).unwrap();
        let got = snap.content("a.txt").map(|c| format!("{c:?}"));
        (got.map_err(|e| e.to_string()), snap.unreadable())
    };
    let light = open_git(&location).unwrap();
    assert!(light.full().is_none());
    let (got, want) = (read(light), read(open_full(&location).unwrap()));
    assert_eq!(got, want);
    assert!(want.0.is_err() || want.1.is_some(), "{want:?}");
}

/// Replaces `file` with a FIFO no one writes to: reading it would wait for ever.
fn fifo_in_place_of(file: &Path) {
    fs::remove_file(file).unwrap();
    let made = std::process::Command::new("mkfifo").arg(file).status();
    assert!(made.unwrap().success(), "mkfifo {}", file.display());
}

/// Runs `f` on another thread, failing the test if it takes a minute (a stalled open).
fn within_a_minute<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what}: still waiting after a minute"))
}

#[test]
fn fifos_in_place_of_an_object_or_the_config_do_not_stall_the_open() {
    let tmp = tempfile::tempdir().unwrap();
    let location = unpacked(tmp.path(), "l");
    let tree = git(&location, &["rev-parse", "HEAD^{tree}"]).unwrap();
    fifo_in_place_of(&loose_file(&location, tree.trim()));
    let at = location.clone();
    let error = within_a_minute("a FIFO loose object", move || {
        let mut git = open_git(&at).unwrap();
        assert!(git.full().is_none());
        let tip = resolve_tip(&mut git, &at, None).unwrap();
        RepoSnapshot::at_commit(git, tip, &SnapshotOptions::default())
            .err()
            .map(|e| e.to_string())
    });
    let error = error.expect("the tree cannot be read");
    assert!(error.contains("missing"), "{error}");

    fifo_in_place_of(&location.join(".git/config"));
    let at = location.clone();
    let opened = within_a_minute("a FIFO config", move || {
        open_git(&at).map(|_| ()).map_err(|e| e.to_string())
    });
    let error = opened.expect_err("a FIFO config makes the repository unreadable");
    assert!(error.contains("config is not a regular file"), "{error}");
}
