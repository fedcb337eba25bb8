//! `paved check` as a developer runs it: the one-repository view, `--staged` (the index),
//! `--worktree` (uncommitted and untracked files, ignored ones left out) and the `--baseline`
//! ratchet, each against a real repository changed with git.

use std::path::Path;

use assert_cmd::Command;
use paved_fixture::git;

fn paved() -> Command {
    let mut c = Command::cargo_bin("paved").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1795000000")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    c
}

/// A repository whose HEAD has everything the basics pack requires except CODEOWNERS.
fn repo_without_codeowners(dir: &Path) {
    paved_fixture::committed_repo(
        dir,
        &[
            ("LICENSE", "MIT License"),
            ("README.md", "# Demo\n"),
            (
                ".github/workflows/ci.yml",
                "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
            ),
            (".gitignore", "build/\n"),
        ],
    )
    .unwrap();
}

/// Runs `paved check DIR --builtin basics ARGS` and returns (exit code, stdout, stderr).
fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = paved()
        .arg("check")
        .arg(dir)
        .args(["--builtin", "basics"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn codeowners_outcome(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (_, stdout, stderr) = check(dir, &all);
    assert!(!stdout.is_empty(), "{stderr}");
    let json = crate::common::report_v1(&stdout);
    json["repos"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "codeowners")
        .unwrap()["outcome"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_view_lists_failing_required_rules_with_evidence_fix_and_a_summary() {
    let t = tempfile::tempdir().unwrap();
    repo_without_codeowners(t.path());
    let (code, stdout, _) = check(t.path(), &[]);
    assert_eq!(code, 1, "{stdout}");
    let required = stdout.find("Required rules that fail (1):").expect(&stdout);
    let recommended = stdout.find("Recommended rules that fail (").expect(&stdout);
    assert!(required < recommended, "{stdout}");
    assert!(stdout.contains("✗ codeowners"), "{stdout}");
    assert!(stdout.contains("fix: "), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .ends_with("1 required rule fails; 2 recommended"),
        "{stdout}"
    );
    // No org table: the repository count and adoption columns are not there.
    assert!(
        !stdout.contains("repos scanned") && !stdout.contains("adoption"),
        "{stdout}"
    );
}

#[test]
fn staged_reads_the_index_and_head_does_not() {
    let t = tempfile::tempdir().unwrap();
    repo_without_codeowners(t.path());
    std::fs::write(t.path().join("CODEOWNERS"), "* @acme/platform\n").unwrap();
    // Written but not staged: neither HEAD nor the index has it.
    assert_eq!(codeowners_outcome(t.path(), &["--staged"]), "missing");
    git(t.path(), &["add", "CODEOWNERS"]).unwrap();
    assert_eq!(codeowners_outcome(t.path(), &["--staged"]), "paved");
    assert_eq!(codeowners_outcome(t.path(), &[]), "missing");
    let (code, _, _) = check(t.path(), &["--staged"]);
    assert_eq!(code, 0);
}

#[test]
fn worktree_reads_untracked_files_but_not_ignored_ones() {
    let t = tempfile::tempdir().unwrap();
    repo_without_codeowners(t.path());
    std::fs::create_dir_all(t.path().join("build")).unwrap();
    std::fs::write(t.path().join("build/CODEOWNERS"), "* @acme/x\n").unwrap();
    std::fs::create_dir_all(t.path().join("docs")).unwrap();
    assert_eq!(codeowners_outcome(t.path(), &["--worktree"]), "missing");
    std::fs::write(t.path().join("docs/CODEOWNERS"), "* @acme/platform\n").unwrap();
    assert_eq!(codeowners_outcome(t.path(), &["--worktree"]), "paved");
    assert_eq!(codeowners_outcome(t.path(), &["--staged"]), "missing");
    // An uncommitted deletion of a tracked file counts too.
    std::fs::remove_file(t.path().join("LICENSE")).unwrap();
    let (code, stdout, _) = check(t.path(), &["--worktree"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("✗ license"), "{stdout}");
    assert!(stdout.contains("read from the working tree"), "{stdout}");
}

#[test]
fn baseline_fails_only_on_regressions() {
    let t = tempfile::tempdir().unwrap();
    repo_without_codeowners(t.path());
    let base = git(t.path(), &["rev-parse", "HEAD"]).unwrap();
    let base = base.trim();
    // Debt the baseline already had: the gate passes and says so.
    let (code, stdout, stderr) = check(t.path(), &["--baseline", base]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("codeowners — ") && stdout.contains("(already failing at baseline)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no regression since the baseline (3 already failing)"),
        "{stdout}"
    );
    // A rule paved at the baseline that is missing now fails the gate and is named.
    git(t.path(), &["rm", "-q", "LICENSE"]).unwrap();
    git(t.path(), &["commit", "-q", "-m", "drop license"]).unwrap();
    let (code, stdout, stderr) = check(t.path(), &["--baseline", base]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("1 regression since the baseline: license"),
        "{stdout}"
    );
    assert!(
        stderr.contains("regression: license was paved at the baseline and is missing now"),
        "{stderr}"
    );
    // Against the working tree: restoring the file (uncommitted) clears the regression.
    std::fs::write(t.path().join("LICENSE"), "MIT License").unwrap();
    let (code, _, stderr) = check(t.path(), &["--worktree", "--baseline", base]);
    assert_eq!(code, 0, "{stderr}");
    // A baseline that does not resolve is bad usage.
    let (code, _, _) = check(t.path(), &["--baseline", "no-such-rev"]);
    assert_eq!(code, 2);
}

#[test]
fn scan_baseline_fails_when_any_repository_regressed() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path().join("org");
    let (a, b) = (org.join("a"), org.join("b"));
    repo_without_codeowners(&a);
    repo_without_codeowners(&b);
    let before = t.path().join("before.json");
    let scan = |extra: &[&str]| {
        let out = paved()
            .arg("scan")
            .arg(&org)
            .args(["--builtin", "basics", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, _) = scan(&["--output", before.to_str().unwrap()]);
    assert_eq!(code, 0);
    let baseline = ["--baseline", before.to_str().unwrap()];
    // Nothing changed: the debt both repositories carry does not fail the gate.
    let (code, _, stderr) = scan(&baseline);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("no regression against the baseline"),
        "{stderr}"
    );
    // b drops its license (paved before): b is named, a is not, the gate fails.
    git(&b, &["rm", "-q", "LICENSE"]).unwrap();
    git(&b, &["commit", "-q", "-m", "drop license"]).unwrap();
    let (code, stdout, stderr) = scan(&baseline);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("regression: b: license was paved at the baseline and is missing now"),
        "{stderr}"
    );
    assert!(!stderr.contains("regression: a:"), "{stderr}");
    assert!(stdout.contains("\"repos\""), "the report is still written");
    // A file that is not a report is bad usage.
    std::fs::write(&before, "not json").unwrap();
    assert_eq!(scan(&baseline).0, 2);
}

const WORKFLOW: &str = "on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ruby/setup-ruby@v1\n";

#[test]
fn github_format_annotates_each_location_and_writes_the_job_summary() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path().join("repo");
    repo_without_codeowners(&repo);
    std::fs::write(repo.join(".github/workflows/ci.yml"), WORKFLOW).unwrap();
    std::fs::write(repo.join(".github/workflows/b.yml"), WORKFLOW).unwrap();
    git(&repo, &["add", "-A"]).unwrap();
    git(&repo, &["commit", "-q", "-m", "workflows"]).unwrap();
    let summary = t.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = paved()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", "--builtin", "github-actions", "--format", "github"])
        .arg(&repo)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Each offending line of each workflow is its own annotation.
    let pinned: std::collections::BTreeSet<&str> = stdout
        .lines()
        .filter(|l| l.contains("actions-pinned-by-sha"))
        .filter_map(|l| l.strip_prefix("::error file="))
        .filter_map(|l| l.split(",title=").next())
        .collect();
    for at in [
        ".github/workflows/ci.yml,line=7",
        ".github/workflows/b.yml,line=7",
    ] {
        assert!(pinned.contains(at), "{at} not annotated: {stdout}");
    }
    // The summary is appended, not overwritten.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n## paved: repo"), "{md}");
    assert!(md.contains("| Rule | Severity | Outcome |"), "{md}");
}

#[test]
fn an_org_scan_caps_annotations_and_says_how_many_were_left_out() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path().join("org");
    for name in ["a", "b", "c"] {
        repo_without_codeowners(&org.join(name));
    }
    let summary = t.path().join("summary.md");
    let run = |extra: &[&str]| {
        let out = paved()
            .env("GITHUB_STEP_SUMMARY", &summary)
            .arg("scan")
            .arg(&org)
            .args(["--builtin", "basics", "--format", "github"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Each of the 3 repos has 3 results off the road: 9 annotations in all.
    let all = run(&[]);
    assert_eq!(
        all.lines()
            .filter(|l| l.starts_with("::error") || l.starts_with("::warning"))
            .count(),
        9,
        "{all}"
    );
    assert!(!all.contains("::notice::"), "{all}");
    let capped = run(&["--max-annotations", "2"]);
    let lines: Vec<&str> = capped.lines().collect();
    assert_eq!(lines.len(), 3, "{capped}");
    assert!(
        lines[2].starts_with("::notice::paved: 7 more annotations left out"),
        "{capped}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("a") && md.contains("| "),
        "the org summary is the Markdown report: {md}"
    );
}

#[test]
fn exit_codes_for_no_repository_and_unwritable_output() {
    let t = tempfile::tempdir().unwrap();
    let empty = t.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = paved().arg("scan").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no repositories found"));
    // Output that cannot be written is not bad usage.
    let repo = t.path().join("repo");
    repo_without_codeowners(&repo);
    let out = paved()
        .arg("scan")
        .arg(&repo)
        .args(["--builtin", "basics", "--output"])
        .arg(t.path().join("no-such-dir/report.json"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
