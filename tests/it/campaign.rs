//! Declarative fixes and campaigns end to end: `check --fix`/`--diff` on a repository changed
//! with git, `campaign plan` on the sample org proven by re-scanning the branches
//! `campaign apply --local` writes, which plain `git diff` shows as exactly the planned files.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use paved_fixture::git;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn paved() -> Command {
    let mut c = Command::cargo_bin("paved").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1795000000")
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY");
    c
}

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = paved().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The outcome of each rule in a one-repository JSON report.
fn outcomes(json: &str) -> std::collections::BTreeMap<String, String> {
    common_report_valid(json);
    let v = crate::common::report_v1(json);
    v["repos"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn common_report_valid(json: &str) {
    crate::common::assert_valid_report(json);
}

const WORKFLOW: &str = "# CI for the demo\nname: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest # pinned image\n    steps: [{run: make}]\n";

fn demo_repo(dir: &Path) {
    paved_fixture::committed_repo(
        dir,
        &[
            ("LICENSE", "MIT License"),
            ("README.md", "# Demo\n"),
            ("Cargo.toml", "[package]\nname = \"demo\"\n"),
            (".github/workflows/ci.yml", WORKFLOW),
            ("paved.yml", "teams:\n  acme/demo-team: [\"*\"]\n"),
        ],
    )
    .unwrap();
}

#[test]
fn check_diff_writes_nothing_and_fix_puts_the_rules_on_the_road() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo_repo(dir);
    let base = ["check", ".", "--builtin", "basics,github-actions"];

    let (code, patch, err) = run(&[&base[..], &["--diff"]].concat(), dir);
    assert_eq!(code, 0, "{err}");
    for want in [
        "+++ b/SECURITY.md",
        "+++ b/.github/CODEOWNERS",
        "+* @acme/demo-team",
        "+  - package-ecosystem: cargo",
        "+  - package-ecosystem: github-actions",
        "+permissions:\n+  contents: read",
    ] {
        assert!(patch.contains(want), "missing {want:?} in\n{patch}");
    }
    assert_eq!(
        git(dir, &["status", "--porcelain"]).unwrap(),
        "",
        "--diff wrote something"
    );

    let before = outcomes(
        &run(
            &[&base[..], &["--worktree", "--format", "json"]].concat(),
            dir,
        )
        .1,
    );
    let (code, out, err) = run(&[&base[..], &["--fix"]].concat(), dir);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("added   SECURITY.md  (security-policy)"),
        "{out}"
    );
    assert!(
        out.contains("edited  .github/workflows/ci.yml  (workflow-permissions)"),
        "{out}"
    );
    // The workflow keeps every line and comment; the key is added after the last entry.
    let ci = std::fs::read_to_string(dir.join(".github/workflows/ci.yml")).unwrap();
    assert_eq!(ci, format!("{WORKFLOW}permissions:\n  contents: read\n"));
    let after = outcomes(
        &run(
            &[&base[..], &["--worktree", "--format", "json"]].concat(),
            dir,
        )
        .1,
    );
    for rule in [
        "codeowners",
        "security-policy",
        "dependency-updates",
        "workflow-permissions",
    ] {
        assert_ne!(before[rule], "paved", "{rule} was paved before");
        assert_eq!(after[rule], "paved", "{rule} after --fix: {out}");
    }
    // A second run finds nothing left to fix and writes nothing.
    let (_, again, _) = run(&[&base[..], &["--fix"]].concat(), dir);
    assert!(again.starts_with("nothing to fix"), "{again}");
}

#[test]
fn check_fix_leaves_a_file_changed_on_disk_and_symlinked_workflows_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    demo_repo(dir);
    std::fs::remove_file(dir.join(".github/workflows/ci.yml")).unwrap();
    std::fs::write(dir.join("ci-real.yml"), WORKFLOW).unwrap();
    std::os::unix::fs::symlink("../../ci-real.yml", dir.join(".github/workflows/ci.yml")).unwrap();
    git(dir, &["add", "-A"]).unwrap();
    git(dir, &["commit", "-q", "-m", "link"]).unwrap();
    let (code, out, err) = run(
        &["check", ".", "--builtin", "basics,github-actions", "--fix"],
        dir,
    );
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("ci.yml  (workflow-permissions)"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.join("ci-real.yml")).unwrap(),
        WORKFLOW
    );
}

const CAMPAIGN: &str = "name: security-basics\nrules: [security-policy, workflow-permissions, dependency-updates]\nexclude: [\"legacy/*\"]\nbranch: paved/security-basics\ntitle: Adopt the security basics\nbody: \"See {docs}; due {deadline}.\"\ndocs: https://example.invalid/road\ndeadline: 2027-03-31\n";

/// `REPO: rules → paved; FILES` lines of a plan.
fn planned(plan: &str) -> Vec<(String, Vec<String>, BTreeSet<String>)> {
    plan.lines()
        .filter_map(|l| l.trim_start().strip_prefix("change   "))
        .map(|l| {
            let (repo, rest) = l.split_once(": ").unwrap();
            let (rules, files) = rest.split_once(" → paved; ").unwrap();
            (
                repo.to_string(),
                rules.split(", ").map(str::to_string).collect(),
                files.split(", ").map(str::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn campaign_plan_apply_local_on_the_sample_org() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/sample-org")), &org).unwrap();
    let file = tmp.path().join("campaign.yml");
    std::fs::write(&file, CAMPAIGN).unwrap();
    let file = file.to_str().unwrap();
    let org_s = org.to_str().unwrap();

    let patches = tmp.path().join("patches");
    let (code, plan, err) = run(
        &[
            "campaign",
            "plan",
            file,
            org_s,
            "--patches",
            patches.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let changes = planned(&plan);
    assert!(changes.len() >= 10, "{plan}");
    assert!(
        !plan.contains("legacy/"),
        "excluded repositories are planned:\n{plan}"
    );
    // Rules whose fix would not make them paved are listed with the reason.
    assert!(
        plan.contains("no fix   platform/k8s-operator: workflow-permissions: still error"),
        "{plan}"
    );
    let rules_moved: BTreeSet<&str> = changes
        .iter()
        .flat_map(|c| c.1.iter().map(String::as_str))
        .collect();
    assert_eq!(
        rules_moved,
        [
            "dependency-updates",
            "security-policy",
            "workflow-permissions"
        ]
        .into()
    );

    // Dry run by default: no branch anywhere.
    let (code, dry, err) = run(&["campaign", "apply", "--local", file, org_s], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        dry.contains("would write") && err.contains("dry run"),
        "{dry}{err}"
    );
    let first = org.join(&changes[0].0);
    assert!(
        git(&first, &["branch", "--list", "paved/*"])
            .unwrap()
            .is_empty()
    );

    // A branch of the same name that a person made is never moved.
    let foreign = org.join("payments/ledger");
    git(&foreign, &["branch", "paved/security-basics"]).unwrap();
    let foreign_tip = git(&foreign, &["rev-parse", "paved/security-basics"]).unwrap();

    let (code, applied, err) = run(
        &[
            "campaign",
            "apply",
            "--local",
            file,
            org_s,
            "--confirm",
            "security-basics",
        ],
        tmp.path(),
    );
    assert_eq!(
        code, 3,
        "the foreign branch is an error for that repository: {applied}{err}"
    );
    assert!(applied.contains("payments/ledger: branch `paved/security-basics` exists and its commit was not made by paved"), "{applied}");
    assert_eq!(
        git(&foreign, &["rev-parse", "paved/security-basics"]).unwrap(),
        foreign_tip
    );

    for (repo, rules, files) in changes.iter().filter(|c| c.0 != "payments/ledger") {
        let dir = org.join(repo);
        let diffed: BTreeSet<String> = git(
            &dir,
            &["diff", "--name-only", "HEAD..paved/security-basics"],
        )
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
        assert_eq!(&diffed, files, "{repo}: git diff shows other files");
        // Only the new commit, on top of HEAD; the working tree is untouched.
        let log = git(
            &dir,
            &["log", "--format=%an|%s", "HEAD..paved/security-basics"],
        )
        .unwrap();
        assert_eq!(log.trim(), "paved|Adopt the security basics", "{repo}");
        assert_eq!(git(&dir, &["status", "--porcelain"]).unwrap(), "", "{repo}");
        // Re-scanning the branch: every rule the plan moved is paved there.
        let (_, json, err) = run(
            &[
                "check",
                dir.to_str().unwrap(),
                "--rev",
                "paved/security-basics",
                "--format",
                "json",
            ],
            tmp.path(),
        );
        let after = outcomes(&json);
        for rule in rules {
            assert_eq!(after[rule], "paved", "{repo} {rule}: {err}");
        }
        // The patch written by the plan is the same change.
        let patch =
            std::fs::read_to_string(patches.join(format!("{}.patch", repo.replace('/', "__"))))
                .unwrap();
        for f in files {
            assert!(
                patch.contains(&format!("b/{f}")),
                "{repo}: {f} not in the patch"
            );
        }
    }

    // A rerun changes nothing: every branch is already the planned change.
    let (_, again, _) = run(
        &["campaign", "apply", "--local", file, org_s, "--yes"],
        tmp.path(),
    );
    let kinds: BTreeSet<&str> = again
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(kinds, ["error", "unchanged"].into(), "{again}");
}

#[test]
fn campaign_and_fix_mistakes_are_reported_at_their_positions() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "campaign.yml",
            "name: x\nrules: [security-policy, no-such-rule]\nbranch: \"a..b\"\ntitle: t\nbody: \"{when}\"\ndeadline: soon\nrolout: 3\n",
            &[
                "campaign.yml:7:1: unknown key in `campaign`: `rolout`; did you mean `rollout`?",
                "campaign.yml:3:9: `a..b` is not a valid branch name",
                "campaign.yml:6:11: `deadline` must be a date",
                "campaign.yml:5:7: unknown placeholder `{when}`",
            ],
        ),
        (
            "campaign-dates.yml",
            "name: x\nrules: [security-policy]\nbranch: b\ntitle: t\ndeadline: 2027-03-31\nstarted: 2027-04-01\n",
            &[
                "campaign-dates.yml:6:10: `started` (2027-04-01) must come before `deadline` (2027-03-31)",
            ],
        ),
        (
            "campaign-rules.yml",
            "name: x\nrules: [security-policy, no-such-rule]\nbranch: b\ntitle: t\n",
            &["campaign-rules.yml:2:26: no loaded rule has the id `no-such-rule`"],
        ),
        (
            "pack.yml",
            "pack: p\nrules:\n  - id: r\n    paved: {exists: A}\n    fixes:\n      - add_file: {path: A, content: \"{teem}\"}\n      - replace: {files: \"*.md\", pattern: \"(\", with: x}\n      - add_fil: {path: B}\n      - remove_file: {path: ../x}\n      - set: {files: a.yml, values: 3, keep: true}\n",
            &[
                "pack.yml:6:38: unknown placeholder `{teem}`",
                "did you mean `{team}`?",
                "pack.yml:7:43: invalid regex: unclosed group",
                "pack.yml:8:9: unknown fix action `add_fil`; did you mean `add_file`?",
                "pack.yml:9:29: `path` must be a plain file path inside the repository",
                "pack.yml:10:37: `values` must be a mapping, found number",
                "pack.yml:10:40: unknown key in `set`: `keep`",
            ],
        ),
    ];
    for (name, text, wants) in cases {
        std::fs::write(tmp.path().join(name), text).unwrap();
        let args: Vec<&str> = if name.starts_with("campaign") {
            vec!["campaign", "plan", name, "."]
        } else {
            vec!["rules", "validate", name]
        };
        let (code, out, err) = run(&args, tmp.path());
        assert_eq!(code, 2, "{name}: {out}{err}");
        for want in *wants {
            assert!(err.contains(want), "{name}: missing {want:?} in\n{err}");
        }
    }
}

/// The adoption of `rule` in a `campaign status --format json` document: (at start, now, change).
fn adoption(status: &serde_json::Value, rule: &str) -> (f64, f64, f64) {
    let r = status["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .unwrap();
    (
        r["adoption_at_start"].as_f64().unwrap(),
        r["adoption"].as_f64().unwrap(),
        r["change"].as_f64().unwrap(),
    )
}

#[test]
fn campaign_status_local_shows_a_merged_branch_and_the_adoption_change() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/sample-org")), &org).unwrap();
    let file = tmp.path().join("campaign.yml");
    // Started after the sample org's last commit (2026-11-03) and before paved's own commits
    // (SOURCE_DATE_EPOCH, 2026-11-18).
    std::fs::write(&file, format!("{CAMPAIGN}started: 2026-11-10\n")).unwrap();
    let (file, org_s) = (file.to_str().unwrap(), org.to_str().unwrap());
    let (code, applied, err) = run(
        &["campaign", "apply", "--local", file, org_s, "--yes"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{applied}{err}");
    let status = |format: &str| {
        let (code, out, err) = run(
            &[
                "campaign", "status", "--local", file, org_s, "--format", format,
            ],
            tmp.path(),
        );
        assert_eq!(code, 0, "{out}{err}");
        out
    };
    let before: serde_json::Value = serde_json::from_str(&status("json")).unwrap();
    let (start, now, change) = adoption(&before, "workflow-permissions");
    assert_eq!((start, change), (now, 0.0), "nothing merged yet");
    assert_eq!(before["pulls"]["merged"], 0);
    assert!(before["pulls"]["open"].as_u64().unwrap() >= 10, "{before}");

    // web/storefront's branch is merged into its default branch (a fast-forward, as a merge
    // button with "rebase" would leave it); its rules are paved now.
    let repo = org.join("web/storefront");
    git(
        &repo,
        &["merge", "-q", "--ff-only", "paved/security-basics"],
    )
    .unwrap();
    let after: serde_json::Value = serde_json::from_str(&status("json")).unwrap();
    let row = after["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["repo"] == "web/storefront")
        .unwrap();
    assert_eq!(row["pull"]["state"], "merged", "{row}");
    assert_eq!(row["rules"]["workflow-permissions"], "paved", "{row}");
    assert_eq!(after["pulls"]["merged"], 1);
    let (start2, now2, change2) = adoption(&after, "workflow-permissions");
    assert_eq!(
        start2, start,
        "the baseline comes from history as of the start"
    );
    assert!(
        now2 > start2 && (change2 - (now2 - start2)).abs() < 1e-9,
        "{after}"
    );
    let table = status("table");
    assert!(
        table.contains("web/storefront") && table.contains("branch merged"),
        "{table}"
    );
    insta::assert_snapshot!("status_local_markdown", status("markdown"));
}

/// The text from `start` up to (not including) `end` in `text`.
fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
    let a = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in\n{text}"));
    let rest = &text[a..];
    let b = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |b| b + start.len());
    &rest[..b]
}

#[test]
fn burndown_in_the_dashboard_and_the_memo() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/sample-org")), &org).unwrap();
    let file = tmp.path().join("campaign.yml");
    std::fs::write(&file, format!("{CAMPAIGN}started: 2026-10-25\n")).unwrap();
    let (file, org_s) = (file.to_str().unwrap(), org.to_str().unwrap());
    let (code, out, err) = run(
        &["campaign", "apply", "--local", file, org_s, "--yes"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{out}{err}");
    // Two branches merged (paved's commits are dated 2026-11-18, SOURCE_DATE_EPOCH's day).
    for repo in ["web/storefront", "payments/payouts-worker"] {
        git(
            &org.join(repo),
            &["merge", "-q", "--ff-only", "paved/security-basics"],
        )
        .unwrap();
    }
    let trend = [
        "trend",
        org_s,
        "--since",
        "2026-10-04",
        "--until",
        "2026-11-18",
        "--every",
        "week",
        "--builtin",
        "basics,github-actions",
        "--campaign",
        file,
    ];
    let (code, html, err) = run(&[&trend[..], &["--format", "html"]].concat(), tmp.path());
    assert_eq!(code, 0, "{err}");
    let section = between(&html, "<section id=\"campaign-1\">", "</section>");
    assert!(section.contains("<svg"), "{section}");
    insta::assert_snapshot!("burndown_html", section);

    // Not html: a usage error, nothing drawn.
    let (code, _, err) = run(&[&trend[..], &["--format", "json"]].concat(), tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--campaign draws a burndown"), "{err}");

    let (code, memo, err) = run(
        &[
            "memo",
            org_s,
            "--from",
            "2026-10-01",
            "--to",
            "2026-11-18",
            "--builtin",
            "basics,github-actions",
            "--campaign",
            file,
        ],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let part = between(&memo, "## Campaigns", "\n## ");
    assert!(
        part.contains("repositories left") || part.contains("left,"),
        "{part}"
    );
    insta::assert_snapshot!("burndown_memo", part);
}
