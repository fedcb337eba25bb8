//! The sample org (and the broken set beside it) builds into the repositories `fixtures/sample-org`
//! and `fixtures/broken` describe: checked with plain `git` (rev-parse, ls-tree, log), not with
//! paved's own reader.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use paved_fixture::{build_repo, build_set};

fn sample_org() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-org")
}

/// The repositories that cannot be scanned at all, kept out of the demo's sample org and built
/// beside it here.
fn broken_set() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken")
}

/// git, isolated from the developer's configuration like the builder's own.
fn git(home: &Path, git_dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("git");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("LC_ALL", "C")
        .arg("--git-dir")
        .arg(git_dir)
        .args(args)
        .output()
        .expect("git runs")
}

fn git_ok(home: &Path, git_dir: &Path, args: &[&str]) -> String {
    let out = git(home, git_dir, args);
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        git_dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Work,
    Bare,
    /// HEAD is unborn.
    Empty,
    /// Garbage in HEAD: git does not see a repository.
    GarbageHead,
    /// HEAD resolves, but the blob at this path is gone.
    MissingBlob(&'static str),
}

struct Case {
    repo: &'static str,
    kind: Kind,
    branch: &'static str,
    /// All commits reachable from HEAD, and those on the first-parent line.
    commits: (usize, usize),
    /// `(mode, path)` entries HEAD's tree must hold.
    entries: &'static [(&'static str, &'static str)],
    /// Paths HEAD's tree must not hold.
    absent: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        repo: "data/etl-pipelines",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[
            ("100644", "pyproject.toml"),
            ("100644", "CODEOWNERS"),
            ("100644", ".gitlab-ci.yml"),
            ("100644", ".github/renovate.json5"),
            ("100644", "data/sample/events.csv"),
        ],
        absent: &["LICENSE", ".github/workflows"],
    },
    Case {
        repo: "data/notebooks",
        kind: Kind::Work,
        branch: "main",
        commits: (2, 2),
        entries: &[
            ("100644", "README.md"),
            ("100644", "analysis/cohorts.ipynb"),
        ],
        absent: &["LICENSE", "pyproject.toml", "requirements.txt"],
    },
    Case {
        repo: "docs/adr",
        kind: Kind::Work,
        branch: "main",
        commits: (2, 2),
        entries: &[
            ("100644", "LICENCE"),
            ("100644", "docs/SECURITY.md"),
            ("100644", ".circleci/config.yml"),
        ],
        absent: &["SECURITY.md", ".github/workflows"],
    },
    Case {
        repo: "docs/handbook",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[("100644", "mkdocs.yml"), ("100644", ".github/CODEOWNERS")],
        absent: &[".github/workflows", "requirements.txt", "package.json"],
    },
    Case {
        repo: "legacy/billing-monolith.git",
        kind: Kind::Bare,
        branch: "master",
        commits: (4, 4),
        entries: &[
            ("100644", "README"),
            ("100644", "LICENSE.txt"),
            ("100644", "SECURITY.txt"),
            ("100644", "Jenkinsfile"),
            ("100644", "pom.xml"),
        ],
        absent: &["NOTES", "README.md"],
    },
    Case {
        repo: "legacy/corrupt-archive",
        kind: Kind::GarbageHead,
        branch: "main",
        commits: (2, 2),
        entries: &[],
        absent: &[],
    },
    Case {
        repo: "legacy/empty-repo",
        kind: Kind::Empty,
        branch: "main",
        commits: (0, 0),
        entries: &[],
        absent: &[],
    },
    Case {
        repo: "mobile/ios-app",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[
            ("160000", "Vendor/SharedKit"),
            ("100644", ".gitmodules"),
            ("100644", "Gemfile"),
        ],
        absent: &["LICENSE"],
    },
    Case {
        repo: "payments/checkout-api",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[
            ("100644", ".github/workflows/ci.yaml"),
            ("100644", ".well-known/security.txt"),
            ("100644", "CODEOWNERS"),
            ("100644", "renovate.json"),
        ],
        absent: &["LICENSE"],
    },
    Case {
        repo: "payments/fraud-model",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[
            ("100644", "README.rst"),
            ("100644", "Jenkinsfile"),
            ("100644", "models/baseline.lgbm"),
        ],
        absent: &["README.md", "_history"],
    },
    Case {
        repo: "payments/ledger",
        kind: Kind::Work,
        branch: "main",
        commits: (4, 3),
        entries: &[
            ("100644", "LICENSE"),
            ("100644", "SECURITY.md"),
            ("100644", ".github/workflows/ci.yml"),
            ("100644", ".github/dependabot.yml"),
            ("100644", "migrations/0001_init.sql"),
        ],
        absent: &["fixture.toml"],
    },
    Case {
        repo: "payments/payouts-worker",
        kind: Kind::Work,
        branch: "main",
        commits: (2, 2),
        entries: &[
            ("100644", "Cargo.toml"),
            ("100644", ".github/workflows/shared-env.yml"),
        ],
        absent: &["README.md", "LICENSE"],
    },
    Case {
        repo: "platform/build-images",
        kind: Kind::Work,
        branch: "main",
        commits: (2, 2),
        entries: &[
            ("100644", "Dockerfile"),
            ("100644", ".github/dependabot.yml"),
        ],
        absent: &["LICENSE"],
    },
    Case {
        repo: "platform/infra-terraform",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[("100644", "COPYING"), ("100644", "docs/CODEOWNERS")],
        absent: &["Dockerfile", ".github/workflows"],
    },
    Case {
        repo: "platform/k8s-operator",
        kind: Kind::Work,
        branch: "main",
        commits: (4, 3),
        entries: &[
            ("100644", "LICENSE-APACHE"),
            ("100644", ".github/workflows/ci.yml"),
        ],
        absent: &[],
    },
    Case {
        repo: "platform/paved-ci",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[
            ("100644", ".github/SECURITY.md"),
            ("100644", ".github/workflows/rust.yml"),
        ],
        absent: &["SECURITY.md"],
    },
    Case {
        repo: "tools/release-scripts",
        kind: Kind::MissingBlob(".github/workflows/release.yml"),
        branch: "main",
        commits: (2, 2),
        entries: &[
            ("100755", "scripts/release.sh"),
            ("100755", "scripts/changelog.sh"),
            ("100644", "docs/CODEOWNERS"),
            ("100644", ".github/workflows/release.yml"),
        ],
        absent: &[],
    },
    Case {
        repo: "web/design-system",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[
            ("100644", "readme.md"),
            ("100644", "LICENSE.md"),
            ("100644", "security.txt"),
        ],
        absent: &["README.md"],
    },
    Case {
        repo: "web/marketing-site",
        kind: Kind::Work,
        branch: "main",
        commits: (3, 3),
        entries: &[("120000", "README.md"), ("120000", "LICENSE")],
        absent: &[],
    },
    Case {
        repo: "web/storefront",
        kind: Kind::Work,
        branch: "main",
        commits: (4, 4),
        entries: &[
            ("100644", "public/logo.png"),
            ("100644", "public/videos/hero.webm"),
        ],
        absent: &["LICENSE"],
    },
];

fn git_dir(root: &Path, case: &Case) -> PathBuf {
    let repo = root.join(case.repo);
    match case.kind {
        Kind::Bare => repo,
        _ => repo.join(".git"),
    }
}

#[test]
fn sample_org_repositories_are_what_the_fixtures_describe() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = tmp.path().join("home");
    std::fs::create_dir(&home).expect("home");
    let root = tmp.path().join("org");
    let mut built = build_set(&sample_org(), &root).expect("sample org builds");
    built.extend(build_set(&broken_set(), &root).expect("broken set builds"));
    built.sort();

    let names: Vec<String> = built
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).expect("under root");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    let want: Vec<&str> = CASES.iter().map(|c| c.repo).collect();
    assert_eq!(names, want, "build_set returns every repository, sorted");

    for case in CASES {
        let dir = git_dir(&root, case);
        let name = case.repo;
        match case.kind {
            Kind::GarbageHead => {
                let out = git(&home, &dir, &["rev-parse", "HEAD"]);
                assert!(!out.status.success(), "{name}: HEAD should not resolve");
                let head = std::fs::read(dir.join("HEAD")).expect("HEAD file");
                assert!(!head.starts_with(b"ref: "), "{name}");
                continue;
            }
            Kind::Empty => {
                let out = git(&home, &dir, &["rev-parse", "--verify", "-q", "HEAD"]);
                assert!(!out.status.success(), "{name}: HEAD should be unborn");
                let head = git_ok(&home, &dir, &["symbolic-ref", "HEAD"]);
                assert_eq!(head.trim(), "refs/heads/main", "{name}");
                let refs = git_ok(&home, &dir, &["for-each-ref"]);
                assert_eq!(refs, "", "{name}: no refs at all");
                continue;
            }
            _ => {}
        }
        let bare = git_ok(&home, &dir, &["rev-parse", "--is-bare-repository"]);
        assert_eq!(bare.trim() == "true", case.kind == Kind::Bare, "{name}");
        let head = git_ok(&home, &dir, &["symbolic-ref", "HEAD"]);
        assert_eq!(head.trim(), format!("refs/heads/{}", case.branch), "{name}");

        let all = git_ok(&home, &dir, &["rev-list", "--count", "HEAD"]);
        let first = git_ok(
            &home,
            &dir,
            &["rev-list", "--first-parent", "--count", "HEAD"],
        );
        let counts = (
            all.trim().parse::<usize>().expect("count"),
            first.trim().parse::<usize>().expect("count"),
        );
        assert_eq!(counts, case.commits, "{name}: commits (all, first-parent)");

        let years = git_ok(
            &home,
            &dir,
            &["log", "--format=%ad %cd", "--date=format:%Y"],
        );
        assert!(
            years.lines().all(|l| l == "2026 2026"),
            "{name}: every date is in 2026: {years}"
        );

        let listing = git_ok(&home, &dir, &["ls-tree", "-r", "-t", "HEAD"]);
        let tree: Vec<(&str, &str)> = listing
            .lines()
            .filter_map(|l| {
                let (meta, path) = l.split_once('\t')?;
                Some((meta.split(' ').next()?, path))
            })
            .collect();
        for (mode, path) in case.entries {
            assert!(
                tree.contains(&(*mode, *path)),
                "{name}: HEAD should hold {mode} {path}; it holds {tree:?}"
            );
        }
        for path in case.absent {
            assert!(
                tree.iter().all(|(_, p)| p != path),
                "{name}: HEAD should not hold {path}"
            );
        }

        if let Kind::MissingBlob(path) = case.kind {
            let spec = format!("HEAD:{path}");
            let out = git(&home, &dir, &["cat-file", "-e", &spec]);
            assert!(!out.status.success(), "{name}: {path} should be unreadable");
        }
        if case.kind == Kind::Work {
            let work = root.join(case.repo);
            let status = git_ok(
                &home,
                &dir,
                &[
                    "--work-tree",
                    work.to_str().expect("utf-8 path"),
                    "status",
                    "--porcelain",
                ],
            );
            assert_eq!(status, "", "{name}: the work tree is checked out");
        }
    }

    let ledger = root.join("payments/ledger/.git");
    let log = git_ok(
        &home,
        &ledger,
        &[
            "log",
            "--first-parent",
            "--format=%an|%ad|%s",
            "--date=iso-strict",
        ],
    );
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        [
            "Jonas Weber|2026-03-16T16:45:00+01:00|Merge branch 'feature/security-policy'",
            "Jonas Weber|2026-02-03T14:05:00+01:00|Add CI, CODEOWNERS, dependabot and the first migration",
            "Mara Lind|2026-01-12T09:30:00+01:00|Initial ledger service skeleton",
        ]
    );
    let parents = git_ok(&home, &ledger, &["log", "-1", "--format=%P"]);
    assert_eq!(
        parents.split_whitespace().count(),
        2,
        "ledger HEAD is a merge"
    );

    let monolith = root.join("legacy/billing-monolith.git");
    let who = git_ok(
        &home,
        &monolith,
        &[
            "log",
            "--format=%an <%cn> %ad",
            "--date=iso-strict",
            "--skip=1",
            "-1",
        ],
    );
    assert_eq!(
        who.trim(),
        "Priya Nair <Greg Hall> 2026-04-17T09:30:00-07:00"
    );

    let paved_ci = root.join("platform/paved-ci/.git");
    let refs = git_ok(&home, &paved_ci, &["for-each-ref", "--format=%(refname)"]);
    assert_eq!(
        refs.lines().collect::<Vec<_>>(),
        ["refs/heads/main", "refs/heads/master", "refs/tags/v1"]
    );
    let master = git_ok(&home, &paved_ci, &["rev-parse", "master"]);
    let second = git_ok(&home, &paved_ci, &["rev-parse", "main~1"]);
    assert_eq!(master, second, "the old master stays at the second commit");

    let link = git_ok(
        &home,
        &root.join("web/marketing-site/.git"),
        &["cat-file", "-p", "HEAD:LICENSE"],
    );
    assert_eq!(link, "../LICENSE");
    let on_disk = std::fs::read_link(root.join("web/marketing-site/README.md")).expect("symlink");
    assert_eq!(on_disk, Path::new("docs/README.md"));

    let big = git_ok(
        &home,
        &root.join("web/storefront/.git"),
        &["cat-file", "-s", "HEAD:public/videos/hero.webm"],
    );
    assert_eq!(big.trim(), "1572864");
    let crlf = std::fs::read(root.join("payments/checkout-api/.github/workflows/ci.yaml"))
        .expect("ci.yaml");
    assert!(
        crlf.windows(2).any(|w| w == b"\r\n"),
        "the CRLF workflow keeps its line ends"
    );
}

#[test]
fn builds_are_reproducible() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = tmp.path().join("home");
    std::fs::create_dir(&home).expect("home");
    let src = sample_org().join("payments/ledger");
    let a = build_repo(&src, &tmp.path().join("a")).expect("first build");
    let b = build_repo(&src, &tmp.path().join("b")).expect("second build");
    assert_eq!(a, tmp.path().join("a/ledger"));
    let head = |p: &Path| git_ok(&home, &p.join(".git"), &["rev-parse", "HEAD"]);
    assert_eq!(head(&a), head(&b));
    let again = build_repo(&src, &tmp.path().join("a"));
    assert!(
        matches!(again, Err(paved_fixture::FixtureError::Exists { .. })),
        "an existing repository is never overwritten"
    );
}

/// The designed outcomes in EXPECTED.md rely on which files parse: exactly one workflow is
/// meant to be broken.
#[test]
fn sample_org_structured_files_parse_as_designed() {
    use saphyr::LoadableYamlNode;
    const BROKEN: &[&str] = &["platform/k8s-operator/.github/workflows/ci.yml"];
    let root = sample_org();
    let mut checked = 0;
    for path in paved_fixture::walk::files(&root) {
        let rel = path
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path);
        let parsed: Option<Result<(), String>> = match name.rsplit_once('.').map(|(_, e)| e) {
            Some("yml" | "yaml") => Some(
                saphyr::YamlOwned::load_from_str(&text.expect("utf-8"))
                    .map(drop)
                    .map_err(|e| e.to_string()),
            ),
            Some("json") if name != "renovate.json5" => Some(
                serde_json::from_str::<serde_json::Value>(&text.expect("utf-8"))
                    .map(drop)
                    .map_err(|e| e.to_string()),
            ),
            Some("toml") => Some(
                toml::from_str::<toml::Table>(&text.expect("utf-8"))
                    .map(drop)
                    .map_err(|e| e.to_string()),
            ),
            _ => None,
        };
        if let Some(result) = parsed {
            checked += 1;
            let broken = BROKEN.contains(&rel.as_str());
            assert_eq!(result.is_err(), broken, "{rel}: {result:?}");
        }
    }
    assert!(checked > 40, "checked {checked} files");
}

/// Each `broken` kind loses what it names, and only that.
#[test]
fn broken_kinds_lose_what_they_name() {
    // (broken, a git command that must fail, one that must still succeed)
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "missing-tree",
            &["ls-tree", "HEAD"],
            &["cat-file", "-e", "HEAD"],
        ),
        (
            "missing-commit",
            &["cat-file", "-e", "HEAD"],
            &["rev-parse", "refs/heads/main"],
        ),
        (
            "missing-blob:src/lib.rs",
            &["cat-file", "-p", "HEAD:src/lib.rs"],
            &["cat-file", "-p", "HEAD:README.md"],
        ),
        ("garbage-head", &["rev-parse", "HEAD"], &["--version"]),
    ];
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = tmp.path().join("home");
    std::fs::create_dir(&home).expect("home");
    for (i, (broken, fails, works)) in cases.iter().enumerate() {
        let src = tmp.path().join(format!("src{i}/repo"));
        std::fs::create_dir_all(src.join("src")).expect("mkdir");
        std::fs::write(src.join("README.md"), "# Repo\n").expect("write");
        std::fs::write(src.join("src/lib.rs"), "pub fn f() {}\n").expect("write");
        std::fs::write(src.join("fixture.toml"), format!("broken = \"{broken}\"\n"))
            .expect("write");
        let built = build_repo(&src, &tmp.path().join(format!("out{i}"))).expect("builds");
        let dir = built.join(".git");
        assert!(
            !git(&home, &dir, fails).status.success(),
            "{broken}: {fails:?} should fail"
        );
        let out = git(&home, &dir, works);
        assert!(
            out.status.success(),
            "{broken}: {works:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
