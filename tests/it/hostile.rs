//! Hostile repositories and packs built at test time with plain `git`: each case must end within
//! its bound with the outcome `docs/limits.md` lists, and a good repository scanned
//! alongside must keep its results.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::bounds;
use crate::cli::GOOD;
use crate::common::build_org;

/// Runs git in `dir`, isolated from the developer's configuration.
fn git(dir: &Path, args: &[&str]) {
    let mut cmd = Command::new("git");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(key);
        }
    }
    let out = cmd
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "core.symlinks=true",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository of `levels` folders, each holding `links` symlinks to the next level's folder
/// (`d0/l3 -> ../d1`), committed with plain git.
fn build_link_ladder(repo: &Path, levels: usize, links: usize) {
    std::fs::create_dir_all(repo).unwrap();
    git(repo, &["init", "-q", "-b", "main"]);
    for level in 0..levels {
        let dir = repo.join(format!("d{level}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("f.txt"), "x").unwrap();
        for link in 0..links {
            std::os::unix::fs::symlink(format!("../d{}", level + 1), dir.join(format!("l{link}")))
                .unwrap();
        }
    }
    std::fs::create_dir_all(repo.join(format!("d{levels}"))).unwrap();
    std::fs::write(repo.join(format!("d{levels}/end.txt")), "end").unwrap();
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "ladder"]);
}

/// Scans `org` with the basics pack (plus `extra`) as JSON within the bounds of
/// `bounds::run`; returns the report and its size in bytes.
fn scan(case: &str, org: &Path, extra: &[&str]) -> (Value, usize) {
    let mut cmd = bounds::paved();
    cmd.arg("scan")
        .arg(org)
        .args(["--builtin", "basics", "--format", "json"])
        .args(extra);
    let out = bounds::run(case, cmd);
    assert!(
        out.stdout.starts_with(b"{"),
        "{case}: no JSON report after {:?}: {}",
        out.wall,
        String::from_utf8_lossy(&out.stderr)
    );
    let json = crate::common::report_v1(&out.stdout);
    (json, out.stdout.len())
}

fn repo<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing from {json:#}"))
}

/// The good repository keeps every basics result paved whatever it was scanned with.
fn assert_good_intact(json: &Value) {
    let good = repo(json, "good");
    let results = good["results"].as_array().unwrap();
    assert!(!results.is_empty(), "{good:#}");
    assert!(results.iter().all(|r| r["outcome"] == "paved"), "{good:#}");
}

#[test]
fn symlinked_folder_ladders_end_quickly_with_few_notes() {
    // (levels, links per level): 10^20 and 2^30 paths if expanded as a filesystem would.
    for (levels, links) in [(20, 10), (30, 2)] {
        let t = tempfile::tempdir().unwrap();
        build_org(t.path(), &[("good", GOOD)]);
        build_link_ladder(&t.path().join("org/ladder"), levels, links);
        let case = format!("symlinked folder ladder {levels} x {links}");
        // A rule whose glob reaches every folder, so the scan reads the ladder (it skips
        // folders no rule reaches, and the basics pack reaches none of these).
        let pack = t.path().join("deep.yml");
        let rule = "pack: deep\nrules:\n  - id: deep\n    paved: {any: [{exists: \"**/end.txt\"}, {not: {exists: \"**/end.txt\"}}]}\n";
        std::fs::write(&pack, rule).unwrap();
        let pack = pack.to_str().unwrap();
        let (json, size) = scan(&case, &t.path().join("org"), &["--rules", pack]);
        assert_good_intact(&json);
        let ladder = repo(&json, "ladder");
        assert!(ladder["error"].is_null(), "{ladder:#}");
        // Every rule still judges the repository as usual.
        let rules = repo(&json, "good")["results"].as_array().unwrap().len();
        assert_eq!(
            ladder["results"].as_array().unwrap().len(),
            rules,
            "{ladder:#}"
        );
        let notes: Vec<&str> = ladder["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        // One note per link at most, and the one saying the expansion was cut short.
        assert!(notes.len() <= levels * links + 1, "{} notes", notes.len());
        assert!(
            notes.iter().any(|n| n.contains("the rest is left out")),
            "{notes:#?}"
        );
        assert!(size < 200_000, "{levels}x{links}: a {size}-byte report");
    }
}

/// A pack with one CEL rule over workflows.
fn cel_pack(dir: &Path, expr: &str) -> std::path::PathBuf {
    let pack = dir.join("cel.yml");
    let body = format!(
        "pack: cel\nrules:\n  - id: unique-jobs\n    paved:\n      yaml:\n        files: \".github/workflows/*.yml\"\n        expr: {expr:?}\n"
    );
    std::fs::write(&pack, body).unwrap();
    pack
}

#[test]
fn quadratic_cel_over_a_huge_workflow_is_an_error_not_a_hang() {
    let t = tempfile::tempdir().unwrap();
    // 25,000 jobs in about 900 KB: under the 1 MiB file limit.
    let jobs: String = (0..25_000)
        .map(|i| format!("  job{i}:\n    name: n{i}\n"))
        .collect();
    let workflow = format!("on: push\njobs:\n{jobs}");
    assert!(workflow.len() < 1024 * 1024);
    let small = "on: push\njobs:\n  a:\n    name: a\n  b:\n    name: b\n";
    build_org(
        t.path(),
        &[
            ("huge", &[(".github/workflows/ci.yml", workflow.as_str())]),
            ("small", &[(".github/workflows/ci.yml", small)]),
        ],
    );
    let pack = cel_pack(
        t.path(),
        "doc.jobs.all(a, doc.jobs.all(b, a == b || doc.jobs[a].name != doc.jobs[b].name))",
    );
    let mut cmd = bounds::paved();
    cmd.arg("scan")
        .arg(t.path().join("org"))
        .arg("--rules")
        .arg(&pack)
        // Only this pack: the built-in ones would parse the big workflow too, which is not
        // what this case measures.
        .args(["--no-builtin", "--format", "json"]);
    let out = bounds::run("quadratic CEL over 25,000 jobs", cmd);
    let json = crate::common::report_v1(&out.stdout);
    let outcome = |name: &str| {
        repo(&json, name)["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "unique-jobs")
            .cloned()
            .unwrap_or_else(|| panic!("no unique-jobs result for {name}"))
    };
    let huge = outcome("huge");
    assert_eq!(huge["outcome"], "error", "{huge:#}");
    assert!(
        huge.to_string()
            .contains("CEL expression exceeded its budget"),
        "{huge:#}"
    );
    // The same rule on a small workflow still decides.
    assert_eq!(outcome("small")["outcome"], "paved");
}

#[test]
fn rules_validate_refuses_typos_and_deep_nesting_briefly() {
    let t = tempfile::tempdir().unwrap();
    let deep = format!("{}true{}", "(".repeat(5000), ")".repeat(5000));
    let cases: &[(&str, &str)] = &[
        ("nosuchvar == 1", "undeclared name `nosuchvar`"),
        (
            "doc.on == 'push' && jobz.size() > 0",
            "1:21: undeclared name `jobz`",
        ),
        (&deep, "brackets nest deeper than 64 levels"),
        ("system('id') == ''", "1:1: unknown function `system`"),
        ("doc.jobs.sizee() > 0", "1:10: unknown function `sizee`"),
    ];
    for (expr, want) in cases {
        let pack = cel_pack(t.path(), expr);
        let mut cmd = bounds::paved();
        cmd.args(["rules", "validate"]).arg(&pack);
        let out = bounds::run(&format!("rules validate: {want}"), cmd);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(want), "{err}");
        // A short message, never the parser's internals or the whole expression twice.
        assert!(err.len() < 20_000, "{} bytes", err.len());
    }
}

/// `--repo-timeout`: a repository whose rules take longer than the budget (40 rules, each a
/// quadratic CEL check well within its own budget over a 100-job workflow, about 10 s in all
/// in a debug build) becomes an `error` "timed out after 1 s" at the next check, and the good
/// repository beside it keeps its results.
#[test]
fn a_repository_over_its_time_budget_is_an_error_and_the_scan_goes_on() {
    let t = tempfile::tempdir().unwrap();
    let jobs: String = (0..100)
        .map(|i| format!("  job{i}:\n    name: n{i}\n"))
        .collect();
    let workflow = format!("on: push\njobs:\n{jobs}");
    build_org(
        t.path(),
        &[
            ("slow", &[(".github/workflows/ci.yml", workflow.as_str())]),
            ("good", GOOD),
        ],
    );
    let expr = "doc.jobs.all(a, doc.jobs.all(b, a == b || doc.jobs[a].name != doc.jobs[b].name))";
    let rules: String = (0..40)
        .map(|i| {
            format!(
                "  - id: unique-jobs-{i}\n    paved:\n      yaml:\n        files: \".github/workflows/*.yml\"\n        expr: {expr:?}\n"
            )
        })
        .collect();
    let pack = t.path().join("slow.yml");
    std::fs::write(&pack, format!("pack: slow\nrules:\n{rules}")).unwrap();
    let (json, _) = scan(
        "40 slow rules, --repo-timeout 1",
        &t.path().join("org"),
        &[
            "--rules",
            pack.to_str().unwrap(),
            "--repo-timeout",
            "1",
            "--jobs",
            "2",
        ],
    );
    let slow = repo(&json, "slow");
    assert_eq!(
        slow["error"], "timed out after 1 s (--repo-timeout)",
        "{slow:#}"
    );
    assert_good_intact(&json);
    assert_eq!(json["summary"]["repos_failed"], 1, "{:#}", json["summary"]);
}

/// A repository like `good` committed with plain git, whose workflow blob (a loose object) is
/// then overwritten with bytes that are not zlib: every rule still runs, the repository's
/// `error` names the object and its path, and the scan exits 3.
#[test]
fn a_corrupt_blob_is_a_repository_error_and_exit_3() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("good", GOOD)]);
    let repo_dir = t.path().join("org/corrupt");
    paved_fixture::write_files(&repo_dir, GOOD).unwrap();
    let fixture_git = |args: &[&str]| paved_fixture::git(&repo_dir, args).unwrap();
    fixture_git(&["init", "-q", "-b", "main"]);
    fixture_git(&["add", "-A"]);
    fixture_git(&["commit", "-q", "-m", "good files"]);
    let id = fixture_git(&["rev-parse", "HEAD:.github/workflows/ci.yml"])
        .trim()
        .to_string();
    let object = repo_dir.join(".git/objects").join(&id[..2]).join(&id[2..]);
    // Loose objects are read-only; replace it rather than write through.
    std::fs::remove_file(&object).unwrap();
    std::fs::write(&object, b"this is not a zlib stream").unwrap();

    let mut cmd = bounds::paved();
    cmd.args(["scan", t.path().join("org").to_str().unwrap()])
        .args(["--builtin", "basics", "--format", "json"]);
    let out = bounds::run("corrupt loose blob", cmd);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    crate::common::assert_valid_report(&text);
    let json = crate::common::report_v1(&text);
    assert_good_intact(&json);
    let corrupt = repo(&json, "corrupt");
    let error = corrupt["error"].as_str().unwrap_or_default();
    assert!(
        error.contains(&id) && error.contains(".github/workflows/ci.yml"),
        "{corrupt:#}"
    );
    // The rules that never read the workflow keep their answers.
    let results = corrupt["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r["outcome"] == "paved"),
        "{corrupt:#}"
    );
    assert!(
        results.iter().any(|r| r["outcome"] == "error"),
        "{corrupt:#}"
    );
    assert_eq!(json["summary"]["repos_failed"], 1, "{:#}", json["summary"]);
}

/// `max_tree_entries:` in the config bounds the entries one repository's tree may hold: `good`
/// (a handful of files) passes at 50 and fails at 3, as an `error` naming the setting, while
/// the scan goes on.
#[test]
fn the_tree_entry_cap_is_set_in_the_config() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("good", GOOD)]);
    for (cap, failed) in [(50, 0), (3, 1)] {
        let config = t.path().join("paved.yml");
        std::fs::write(&config, format!("max_tree_entries: {cap}\n")).unwrap();
        let (json, _) = scan(
            &format!("max_tree_entries: {cap}"),
            &t.path().join("org"),
            &["--config", config.to_str().unwrap()],
        );
        assert_eq!(json["summary"]["repos_failed"], failed, "{cap}: {json:#}");
        let good = repo(&json, "good");
        if failed == 0 {
            assert_good_intact(&json);
        } else {
            let error = good["error"].as_str().unwrap_or_default();
            assert!(
                error.contains("more than 3 entries (max_tree_entries)"),
                "{good:#}"
            );
        }
    }
}
