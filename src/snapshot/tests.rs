//! Snapshots of real repositories built with git: tree walk, symlinks, content rules,
//! revisions, broken and hostile repositories.

use super::blobs::human_size;
use super::*;
use crate::discover::{RepoMeta, RepoRef};
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `git` isolated from the machine's configuration and returns its trimmed stdout.
fn git(home: &Path, dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut child = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .args(["-c", "user.name=t", "-c", "user.email=t@e"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn repo_ref(location: &Path) -> RepoRef {
    RepoRef {
        name: "test".into(),
        location: location.to_path_buf(),
        meta: RepoMeta::default(),
    }
}

/// What a fast-import commit holds at one path.
enum Item<'a> {
    File(&'a str, &'a [u8]),
    Exec(&'a str, &'a [u8]),
    Link(&'a str, &'a str),
    Gitlink(&'a str, &'a str),
}

/// A bare repository whose `main` (and HEAD) is one commit of `items`, at a fixed time.
fn import(home: &Path, name: &str, items: &[Item]) -> PathBuf {
    let path = home.join(name);
    fs::create_dir_all(&path).unwrap();
    git(home, &path, &["init", "-q", "--bare"], None);
    let mut script =
        b"commit refs/heads/main\ncommitter t <t@e> 1700000000 +0100\ndata 2\nc\n".to_vec();
    for item in items {
        let (mode, p, data) = match item {
            Item::File(p, data) => ("100644", p, *data),
            Item::Exec(p, data) => ("100755", p, *data),
            Item::Link(p, target) => ("120000", p, target.as_bytes()),
            Item::Gitlink(p, id) => {
                script.extend(format!("M 160000 {id} {p}\n").bytes());
                continue;
            }
        };
        script.extend(format!("M {mode} inline {p}\ndata {}\n", data.len()).bytes());
        script.extend(data);
        script.push(b'\n');
    }
    git(home, &path, &["fast-import", "--quiet"], Some(&script));
    path
}

const SUBMODULE: &str = "1111111111111111111111111111111111111111";

fn links_fixture(home: &Path) -> PathBuf {
    let big = vec![b'a'; 1024 * 1024 * 3 / 2];
    let mut late_nul = vec![b'a'; 9000];
    late_nul.push(0);
    import(
        home,
        "links.git",
        &[
            Item::File("README.md", b"hello\n"),
            Item::File("docs/guide.md", b"# Guide\n"),
            Item::File("docs/img/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Item::Exec("bin/run.sh", b"#!/bin/sh\n"),
            Item::File("big.txt", &big),
            Item::File("late-nul.txt", &late_nul),
            Item::File("latin1.txt", b"caf\xe9\n"),
            Item::File("bom.txt", "\u{feff}key: v\n".as_bytes()),
            Item::File("empty.txt", b""),
            Item::File("deep/a/b/c.txt", b"c\n"),
            Item::Link("link-file", "README.md"),
            Item::Link("docs/link-up", "../README.md"),
            Item::Link("link-dir", "docs"),
            Item::Link("chain", "link-dir/./guide.md"),
            Item::Link("dangling", "nope"),
            Item::Link("notdir", "README.md/x"),
            Item::Link("leaves", "../outside"),
            Item::Link("absolute", "/etc/passwd"),
            Item::Link("loop-a", "loop-b"),
            Item::Link("loop-b", "loop-a"),
            Item::Link("self", "."),
            Item::Link("docs/back", ".."),
            Item::File("x/f", b"f\n"),
            Item::File("y/g", b"g\n"),
            Item::Link("x/to-y", "../y"),
            Item::Link("y/to-x", "../x"),
            Item::Gitlink("sub", SUBMODULE),
        ],
    )
}

#[test]
fn walks_the_tree_and_resolves_symlinks_inside_it() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let location = links_fixture(home);
    let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
    use EntryKind::{Dir, File, Submodule};
    let want: &[(&str, EntryKind, Option<&str>)] = &[
        ("README.md", File, None),
        ("big.txt", File, None),
        ("bin", Dir, None),
        ("bin/run.sh", File, None),
        ("bom.txt", File, None),
        ("chain", File, Some("link-dir/./guide.md")),
        ("deep", Dir, None),
        ("deep/a", Dir, None),
        ("deep/a/b", Dir, None),
        ("deep/a/b/c.txt", File, None),
        ("docs", Dir, None),
        ("docs/guide.md", File, None),
        ("docs/img", Dir, None),
        ("docs/img/logo.png", File, None),
        ("docs/link-up", File, Some("../README.md")),
        ("empty.txt", File, None),
        ("late-nul.txt", File, None),
        ("latin1.txt", File, None),
        ("link-dir", Dir, Some("docs")),
        ("link-dir/guide.md", File, None),
        ("link-dir/img", Dir, None),
        ("link-dir/img/logo.png", File, None),
        ("link-dir/link-up", File, Some("../README.md")),
        ("link-file", File, Some("README.md")),
        ("sub", Submodule, None),
        ("x", Dir, None),
        ("x/f", File, None),
        ("x/to-y", Dir, Some("../y")),
        ("x/to-y/g", File, None),
        ("y", Dir, None),
        ("y/g", File, None),
        ("y/to-x", Dir, Some("../x")),
        ("y/to-x/f", File, None),
    ];
    let got: Vec<(&str, EntryKind, Option<&str>)> = snap
        .entries()
        .iter()
        .map(|e| (e.path.as_str(), e.kind, e.symlink.as_deref()))
        .collect();
    assert_eq!(got, want);

    let notes = [
        "symlink absolute -> /etc/passwd leaves the tree: left out",
        "symlink dangling -> nope dangles: left out",
        "symlink docs/back -> .. loops: left out",
        "symlink leaves -> ../outside leaves the tree: left out",
        "symlink loop-a -> loop-b loops: left out",
        "symlink loop-b -> loop-a loops: left out",
        "symlink notdir -> README.md/x dangles: left out",
        "symlink self -> . loops: left out",
        "symlink x/to-y/to-x -> ../x loops: left out",
        "symlink y/to-x/to-y -> ../y loops: left out",
    ];
    assert_eq!(snap.notes(), notes);

    // Symlinks carry their target's id; the same blob reads once.
    let id = |p: &str| snap.entry(p).map(|e| e.id);
    let same_ids = [
        ("link-file", "README.md"),
        ("docs/link-up", "README.md"),
        ("chain", "docs/guide.md"),
        ("link-dir", "docs"),
        ("link-dir/img/logo.png", "docs/img/logo.png"),
    ];
    for (link, real) in same_ids {
        assert_eq!(id(link), id(real), "{link}");
    }
    assert_eq!(
        id("sub"),
        Some(ObjectId::from_hex(SUBMODULE.as_bytes()).unwrap())
    );
    assert_eq!(snap.entry("absolute"), None);

    let head = git(home, &location, &["rev-parse", "HEAD"], None);
    assert_eq!(snap.commit().map(|c| c.to_string()), Some(head));
    assert_eq!(
        snap.committed_at(),
        Some(jiff::Timestamp::from_second(1_700_000_000).unwrap())
    );
}

#[test]
fn reads_content_with_size_and_binary_rules() {
    let t = tempfile::tempdir().unwrap();
    let location = links_fixture(t.path());
    let text = |s: &str| Ok(Content::Text(Arc::from(s)));
    let skipped = |s: &str| Ok(Content::Skipped(s.to_string()));
    let default = SnapshotOptions::default();
    let tiny = SnapshotOptions {
        max_file_size: 3,
        ..SnapshotOptions::default()
    };
    let late_nul = format!("{}\0", "a".repeat(9000));
    let cases: &[(&SnapshotOptions, &str, Result<Content, &str>)] = &[
        (&default, "README.md", text("hello\n")),
        (&default, "link-file", text("hello\n")),
        (&default, "link-dir/guide.md", text("# Guide\n")),
        (&default, "chain", text("# Guide\n")),
        (&default, "bin/run.sh", text("#!/bin/sh\n")),
        (
            &default,
            "big.txt",
            skipped("over the 1 MiB limit (1.5 MiB)"),
        ),
        (&default, "docs/img/logo.png", skipped("binary file")),
        (&default, "late-nul.txt", text(&late_nul)),
        (&default, "latin1.txt", text("caf\u{fffd}\n")),
        (&default, "bom.txt", text("\u{feff}key: v\n")),
        (&default, "empty.txt", text("")),
        (&default, "sub", skipped("submodule")),
        (&default, "docs", Err("is a folder, not a file")),
        (&default, "nope", Err("no such path at this commit: nope")),
        (
            &default,
            "dangling",
            Err("no such path at this commit: dangling"),
        ),
        (&tiny, "README.md", skipped("over the 3 B limit (6 B)")),
        (&tiny, "empty.txt", text("")),
    ];
    for (opts, path, want) in cases {
        let snap = RepoSnapshot::open(&repo_ref(&location), opts).unwrap();
        let got = snap.content(path);
        match (got, want) {
            (Ok(got), Ok(want)) => assert_eq!(&got, want, "{path}"),
            (Err(err), Err(want)) => {
                let msg = err.to_string();
                assert!(msg.contains(want), "{path}: {msg}");
                assert!(msg.contains(&location.display().to_string()), "{msg}");
            }
            (got, want) => panic!("{path}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn caches_each_blob_once() {
    let t = tempfile::tempdir().unwrap();
    let location = links_fixture(t.path());
    let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
    let arc = |p: &str| match snap.content(p).unwrap() {
        Content::Text(text) => text,
        other => panic!("{p}: {other:?}"),
    };
    let first = arc("README.md");
    for path in ["README.md", "link-file", "docs/link-up"] {
        assert!(Arc::ptr_eq(&first, &arc(path)), "{path}");
    }
    assert_eq!(snap.blobs.borrow().len(), 1);
}

#[test]
fn orders_paths_by_bytes_whatever_the_names() {
    let t = tempfile::tempdir().unwrap();
    // Quoted fast-import paths carry bytes that are not UTF-8 (`\351` is Latin-1 `é`).
    let location = import(
        t.path(),
        "names.git",
        &[
            Item::File("foo.rs", b"1"),
            Item::File("foo/bar.rs", b"2"),
            Item::File("foo/baz/q", b"3"),
            Item::File("foo-bar/x", b"4"),
            Item::File("foo bar", b"5"),
            Item::File("Foo", b"6"),
            Item::File("\u{e9}.txt", b"7"),
            Item::File(r#""caf\351.txt""#, b"8"),
            Item::File(r#""x\351""#, b"first"),
            Item::File(r#""x\352""#, b"second"),
        ],
    );
    let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
    let paths: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
    let want = [
        "Foo",
        "caf\u{fffd}.txt",
        "foo",
        "foo bar",
        "foo-bar",
        "foo-bar/x",
        "foo.rs",
        "foo/bar.rs",
        "foo/baz",
        "foo/baz/q",
        "x\u{fffd}",
        "\u{e9}.txt",
    ];
    assert_eq!(paths, want);
    for path in want {
        assert_eq!(snap.entry(path).map(|e| e.path.as_str()), Some(path));
    }
    // Two names that read the same: the first in tree order stays.
    assert_eq!(
        snap.content("x\u{fffd}").unwrap(),
        Content::Text(Arc::from("first"))
    );
}

/// A work tree with two commits (`a.txt`, then `b.txt`) and an annotated tag `v1` on the first.
fn history_fixture(home: &Path) -> (PathBuf, String, String) {
    let path = home.join("hist");
    fs::create_dir_all(&path).unwrap();
    git(home, &path, &["init", "-q"], None);
    fs::write(path.join("a.txt"), "a\n").unwrap();
    git(home, &path, &["add", "."], None);
    git(home, &path, &["commit", "-qm", "one"], None);
    git(home, &path, &["tag", "-a", "v1", "-m", "v1"], None);
    let first = git(home, &path, &["rev-parse", "HEAD"], None);
    fs::write(path.join("b.txt"), "b\n").unwrap();
    git(home, &path, &["add", "."], None);
    git(home, &path, &["commit", "-qm", "two"], None);
    let second = git(home, &path, &["rev-parse", "HEAD"], None);
    (path, first, second)
}

#[test]
fn resolves_head_or_the_given_revision() {
    let t = tempfile::tempdir().unwrap();
    let (location, first, second) = history_fixture(t.path());
    // The revision, then the commit and paths it must give, or a part of the error.
    type Case<'a> = (Option<&'a str>, Result<(&'a str, &'a [&'a str]), &'a str>);
    let cases: &[Case] = &[
        (None, Ok((&second, &["a.txt", "b.txt"]))),
        (Some("main"), Ok((&second, &["a.txt", "b.txt"]))),
        (Some("HEAD~1"), Ok((&first, &["a.txt"]))),
        (Some("v1"), Ok((&first, &["a.txt"]))),
        (Some(&first[..10]), Ok((&first, &["a.txt"]))),
        (Some("nope"), Err("cannot resolve nope")),
        (Some("HEAD^{tree}"), Err("HEAD^{tree} is a tree")),
        (Some("HEAD:a.txt"), Err("HEAD:a.txt is a blob")),
    ];
    for (rev, want) in cases {
        let opts = SnapshotOptions {
            rev: rev.map(str::to_string),
            ..SnapshotOptions::default()
        };
        match (RepoSnapshot::open(&repo_ref(&location), &opts), want) {
            (Ok(snap), Ok((commit, paths))) => {
                assert_eq!(snap.commit().unwrap().to_string(), *commit, "{rev:?}");
                let got: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
                assert_eq!(got, *paths, "{rev:?}");
                assert!(snap.notes().is_empty(), "{rev:?}");
            }
            (Err(err), Err(want)) => {
                let msg = err.to_string();
                assert!(msg.contains(want), "{rev:?}: {msg}");
                assert!(msg.contains(&location.display().to_string()), "{msg}");
            }
            (got, want) => panic!("{rev:?}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn unborn_shallow_and_at_commit() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let (hist, first, _) = history_fixture(home);
    let unborn = home.join("unborn");
    fs::create_dir_all(&unborn).unwrap();
    git(home, &unborn, &["init", "-q"], None);
    let url = format!("file://{}", hist.display());
    git(
        home,
        home,
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        None,
    );

    let snap = RepoSnapshot::open(&repo_ref(&unborn), &SnapshotOptions::default()).unwrap();
    assert_eq!(snap.commit(), None);
    assert_eq!(snap.committed_at(), None);
    assert!(snap.entries().is_empty());
    assert_eq!(snap.notes(), ["HEAD is unborn: scanned as an empty tree"]);

    let snap = RepoSnapshot::open(
        &repo_ref(&home.join("shallow")),
        &SnapshotOptions::default(),
    )
    .unwrap();
    let paths: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["a.txt", "b.txt"]);
    assert_eq!(
        snap.notes(),
        ["shallow clone: history before the shallow boundary is missing"]
    );

    let repo = open_git(&hist).unwrap();
    let first = ObjectId::from_hex(first.as_bytes()).unwrap();
    let cases: &[(Option<ObjectId>, &[&str])] = &[(None, &[]), (Some(first), &["a.txt"])];
    for (commit, paths) in cases {
        let snap =
            RepoSnapshot::at_commit(repo.clone(), *commit, &SnapshotOptions::default()).unwrap();
        assert_eq!(snap.commit(), *commit);
        let got: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(got, *paths);
        assert!(snap.notes().is_empty());
    }
}

/// The loose object file of `id` in the repository at `git_dir`.
fn loose(git_dir: &Path, id: &str) -> PathBuf {
    git_dir.join("objects").join(&id[..2]).join(&id[2..])
}

#[test]
fn broken_repositories_are_errors_naming_them() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let make = |name: &str| {
        let (path, _, _) = history_fixture(home);
        let target = home.join(name);
        fs::rename(path, &target).unwrap();
        target
    };
    let garbage_head = make("garbage-head");
    fs::write(garbage_head.join(".git/HEAD"), "garbage\n").unwrap();
    let missing_commit = make("missing-commit");
    fs::write(
        missing_commit.join(".git/refs/heads/main"),
        "2222222222222222222222222222222222222222\n",
    )
    .unwrap();
    let missing_tree = make("missing-tree");
    let tree = git(home, &missing_tree, &["rev-parse", "HEAD^{tree}"], None);
    fs::remove_file(loose(&missing_tree.join(".git"), &tree)).unwrap();
    let corrupt_tree = make("corrupt-tree");
    let tree = git(home, &corrupt_tree, &["rev-parse", "HEAD^{tree}"], None);
    let file = loose(&corrupt_tree.join(".git"), &tree);
    fs::remove_file(&file).unwrap();
    fs::write(&file, b"not zlib at all").unwrap();
    let gitfile = home.join("gitfile");
    fs::create_dir_all(&gitfile).unwrap();
    fs::write(gitfile.join(".git"), "garbage").unwrap();
    let plain = home.join("plain");
    fs::create_dir_all(&plain).unwrap();

    let cases = [
        (&garbage_head, "garbage-head"),
        (&missing_commit, "2222222222222222222222222222222222222222"),
        (&missing_tree, "tree"),
        (&corrupt_tree, "tree"),
        (&gitfile, "not a readable git repository"),
        (&plain, "not a readable git repository"),
    ];
    for (location, want) in cases {
        let err = RepoSnapshot::open(&repo_ref(location), &SnapshotOptions::default())
            .expect_err(&location.display().to_string());
        let msg = err.to_string();
        assert!(msg.contains(&location.display().to_string()), "{msg}");
        assert!(msg.contains(want), "{msg}");
    }
}

#[test]
fn a_missing_blob_fails_only_its_file() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let (location, _, _) = history_fixture(home);
    let blob = git(home, &location, &["rev-parse", "HEAD:b.txt"], None);
    fs::remove_file(loose(&location.join(".git"), &blob)).unwrap();
    let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
    assert_eq!(
        snap.content("a.txt").unwrap(),
        Content::Text(Arc::from("a\n"))
    );
    // Asked twice: the second answer comes from the cache, and says the same.
    for _ in 0..2 {
        let msg = snap.content("b.txt").unwrap_err().to_string();
        let want = format!(
            "{}: cannot read blob {blob} at b.txt: the object is missing",
            location.display()
        );
        assert_eq!(msg, want);
    }
}

#[test]
fn a_tree_that_contains_itself_fails_instead_of_hanging() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let (location, _, _) = history_fixture(home);
    // Loose objects are not hash-checked on read: a doctored one can name itself as a child.
    let fake = "3333333333333333333333333333333333333333";
    let mut body = b"40000 d\0".to_vec();
    body.extend(ObjectId::from_hex(fake.as_bytes()).unwrap().as_bytes());
    let mut raw = format!("tree {}\0", body.len()).into_bytes();
    raw.extend(body);
    let mut zip = gix::zlib::stream::deflate::Write::new(Vec::new(), Default::default());
    zip.write_all(&raw).unwrap();
    zip.flush().unwrap();
    let file = loose(&location.join(".git"), fake);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, zip.into_inner()).unwrap();
    let commit = format!(
        "tree {fake}\nauthor t <t@e> 1700000000 +0000\ncommitter t <t@e> 1700000000 +0000\n\nbomb\n"
    );
    let args = [
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        "--stdin",
    ];
    let commit = git(home, &location, &args, Some(commit.as_bytes()));
    git(
        home,
        &location,
        &["update-ref", "refs/heads/main", &commit],
        None,
    );

    let err = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with(&location.display().to_string()), "{msg}");
    assert!(
        msg.contains("folders nest deeper than 4096 levels"),
        "{msg}"
    );
}

#[test]
fn a_hostile_config_runs_nothing() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let (location, _, _) = history_fixture(home);
    let pwned = home.join("pwned");
    let run = format!("touch {}", pwned.display());
    let mut config = fs::read_to_string(location.join(".git/config")).unwrap();
    config.push_str(&format!(
        "[core]\n\tfsmonitor = {run}\n\tsshCommand = {run}\n\tpager = {run}\n\
         [filter \"x\"]\n\tsmudge = {run}\n\tclean = {run}\n\tprocess = {run}\n\
         [diff \"x\"]\n\ttextconv = {run}\n[include]\n\tpath = {}\n",
        home.join("missing-include").display()
    ));
    fs::write(location.join(".git/config"), config).unwrap();
    fs::write(location.join(".git/info/attributes"), "* filter=x diff=x\n").unwrap();
    let hook = location.join(".git/hooks/post-checkout");
    fs::write(&hook, format!("#!/bin/sh\n{run}\n")).unwrap();

    let snap = RepoSnapshot::open(&repo_ref(&location), &SnapshotOptions::default()).unwrap();
    assert_eq!(
        snap.content("a.txt").unwrap(),
        Content::Text(Arc::from("a\n"))
    );
    assert!(!pwned.exists());
}

#[test]
fn sizes_read_like_people_write_them() {
    let cases = [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1 KiB"),
        (1536, "1.5 KiB"),
        (1024 * 1024, "1 MiB"),
        (2_411_725, "2.3 MiB"),
        (5 * 1024 * 1024 * 1024, "5 GiB"),
    ];
    for (bytes, want) in cases {
        assert_eq!(human_size(bytes), want);
    }
}

#[test]
fn snapshot_can_move_to_a_worker_thread() {
    fn is_send<T: Send>() {}
    is_send::<RepoSnapshot>();
}

/// The fuzz find `fuzz/regressions/tree/crash-e677d4…`: a doctored tree may name two
/// children alike (a file and a folder `a`, a folder twice) or hold names that only become
/// alike when read as UTF-8. The first child of a name in the tree object stays, with its
/// contents; the paths stay strictly ordered.
#[test]
fn duplicate_names_in_a_tree_keep_the_first_child() {
    use gix::prelude::Write as _;
    let t = tempfile::tempdir().unwrap();
    let repo = gix::init_bare(t.path()).unwrap();
    let write = |kind, data: &[u8]| repo.objects.write_buf(kind, data).unwrap();
    let tree = |rows: &[(&str, &[u8], ObjectId)]| {
        let mut out = Vec::new();
        for (mode, name, id) in rows {
            out.extend_from_slice(mode.as_bytes());
            out.push(b' ');
            out.extend_from_slice(name);
            out.push(0);
            out.extend_from_slice(id.as_bytes());
        }
        write(Kind::Tree, &out)
    };
    let blob = write(Kind::Blob, b"x");
    let x = tree(&[("100644", b"x", blob)]);
    let y = tree(&[("100644", b"y", blob)]);
    let (file, dir) = ("100644", "40000");
    type Case<'a> = (
        &'a [(&'a str, &'a [u8], ObjectId)],
        &'a [(&'a str, EntryKind)],
    );
    let cases: &[Case] = &[
        // A file, then a folder of the same name: the folder and its contents go.
        (
            &[(file, b"a", blob), (file, b"a.b", blob), (dir, b"a", x)],
            &[("a", EntryKind::File), ("a.b", EntryKind::File)],
        ),
        // The folder first: the file goes.
        (
            &[(dir, b"a", x), (file, b"a.b", blob), (file, b"a", blob)],
            &[
                ("a", EntryKind::Dir),
                ("a.b", EntryKind::File),
                ("a/x", EntryKind::File),
            ],
        ),
        // One folder twice: only the first one's contents.
        (
            &[(dir, b"a", x), (dir, b"a", y), (file, b"a0", blob)],
            &[
                ("a", EntryKind::Dir),
                ("a/x", EntryKind::File),
                ("a0", EntryKind::File),
            ],
        ),
        // Two names that are not UTF-8 read as the same name.
        (
            &[(dir, b"\xfe", y), (dir, b"\xff", x), (file, b"b", blob)],
            &[
                ("b", EntryKind::File),
                ("\u{FFFD}", EntryKind::Dir),
                ("\u{FFFD}/y", EntryKind::File),
            ],
        ),
    ];
    for (rows, want) in cases {
        let root = tree(rows);
        let commit =
            format!("tree {root}\nauthor t <t@e> 0 +0000\ncommitter t <t@e> 0 +0000\n\nc\n");
        let commit = write(Kind::Commit, commit.as_bytes());
        let snap = RepoSnapshot::at_commit(
            Git::from_repo(repo.clone()),
            Some(commit),
            &SnapshotOptions::default(),
        )
        .unwrap();
        let got: Vec<(&str, EntryKind)> = snap
            .entries()
            .iter()
            .map(|e| (e.path.as_str(), e.kind))
            .collect();
        assert_eq!(got, *want, "{rows:?}");
    }
}

/// A walk given a [`Reach`] lists folders no glob reaches without reading them, and reads a
/// tree with a symlink whole (a link may expose any folder).
#[test]
fn a_reach_skips_folders_no_glob_reaches() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let plain = import(
        home,
        "plain",
        &[
            Item::File(".github/workflows/ci.yml", b"on: push"),
            Item::File("README.md", b"hi"),
            Item::File("src/a/b.rs", b"x"),
        ],
    );
    let linked = import(
        home,
        "linked",
        &[
            Item::File("README.md", b"hi"),
            Item::File("src/a/b.rs", b"x"),
            Item::Link("docs", "src"),
        ],
    );
    let reach = Reach::new([Some((".github/workflows/*.yml", false))].into_iter());
    let cases: &[(&Path, &[&str])] = &[
        (
            &plain,
            &[
                ".github",
                ".github/workflows",
                ".github/workflows/ci.yml",
                "README.md",
                "src",
            ],
        ),
        (
            &linked,
            &[
                "README.md",
                "docs",
                "docs/a",
                "docs/a/b.rs",
                "src",
                "src/a",
                "src/a/b.rs",
            ],
        ),
    ];
    for (location, want) in cases {
        let opts = SnapshotOptions::default();
        let snap = RepoSnapshot::open_within(&repo_ref(location), &opts, Some(&reach)).unwrap();
        let got: Vec<&str> = snap.entries().iter().map(|e| e.path.as_str()).collect();
        assert_eq!(got, *want, "{}", location.display());
    }
}
