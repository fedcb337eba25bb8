//! End-to-end CLI cases: real repositories built from inline files, the `paved` binary, and
//! the exit codes of the contract (0 to 5; a closed pipe exits 0).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::common;
use common::build_org;

fn paved() -> Command {
    let mut c = Command::cargo_bin("paved").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1795000000")
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY");
    c
}

/// A repository that is paved on every `basics` rule (shared with the hostile-input tests).
pub(crate) const GOOD: &[(&str, &str)] = &[
    ("LICENSE", "MIT License"),
    ("README.md", "# Good\n"),
    (".github/CODEOWNERS", "* @acme/platform\n"),
    ("SECURITY.md", "mail security@acme.test"),
    (
        ".github/workflows/ci.yml",
        "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
    ),
    (
        ".github/dependabot.yml",
        "version: 2\nupdates:\n  - package-ecosystem: cargo\n    directory: /\n",
    ),
    ("Cargo.toml", "[package]\nname = \"good\"\n"),
];
const BARE: &[(&str, &str)] = &[("main.c", "int main(){}")];

/// GOOD is the model repository of the basics pack; the other built-in packs judge it too, so
/// the exit-code cases load basics alone.
const BASICS: [&str; 2] = ["--builtin", "basics"];

fn scan_json(dir: &Path, extra: &[&str]) -> (i32, Value, String) {
    let out = paved()
        .arg("scan")
        .arg(dir)
        .args(BASICS)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    if !out.stdout.is_empty() {
        common::assert_valid_report(&String::from_utf8_lossy(&out.stdout));
    }
    let json = if out.stdout.is_empty() {
        Value::Null
    } else {
        common::report_v1(&out.stdout)
    };
    (
        out.status.code().unwrap(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn good_scan_exits_0_with_every_repo() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("team-a/good", GOOD), ("team-b/bare", BARE)]);
    let (code, json, err) = scan_json(&t.path().join("org"), &[]);
    assert_eq!(code, 0, "{err}");
    let names: Vec<&str> = json["repos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["team-a/good", "team-b/bare"]);
    let good = &json["repos"][0];
    assert_eq!(good["score"], 1.0);
    assert!(
        good["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"] == "paved"),
        "{good:#}"
    );
    assert_eq!(json["summary"]["repos"], 2);
    assert_eq!(json["summary"]["on_paved_road"], 0.5);
    assert_eq!(json["generated_at"], "2026-11-18T11:06:40Z");
}

#[test]
fn bad_pack_exits_2_with_file_line_col() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("good", GOOD)]);
    let pack = t.path().join("bad.yml");
    std::fs::write(
        &pack,
        "pack: x\nrules:\n  - id: a\n    paved: {exists: \"[\"}\n    sevrity: required\n",
    )
    .unwrap();
    let out = paved()
        .arg("scan")
        .arg(t.path().join("org"))
        .arg("--rules")
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing is evaluated");
    let err = String::from_utf8_lossy(&out.stderr);
    let p = pack.display();
    assert!(
        err.contains(&format!("{p}:4:21: invalid glob `[`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{p}:5:5: unknown key in `rule`: `sevrity`; did you mean `severity`?"
        )),
        "{err}"
    );
    assert!(err.contains("2 problems in the rules"), "{err}");
}

#[test]
fn broken_repo_among_good_ones_exits_3_and_keeps_the_others() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("a-good", GOOD), ("c-bare", BARE)]);
    let broken = t.path().join("org/b-broken/.git");
    std::fs::create_dir_all(broken.join("objects")).unwrap();
    std::fs::create_dir_all(broken.join("refs")).unwrap();
    std::fs::write(broken.join("HEAD"), "garbage\n").unwrap();
    let (code, json, _) = scan_json(&t.path().join("org"), &[]);
    assert_eq!(code, 3);
    let repos = json["repos"].as_array().unwrap();
    assert_eq!(repos.len(), 3);
    assert_eq!(repos[1]["name"], "b-broken");
    assert!(
        repos[1]["error"].as_str().unwrap().contains("b-broken"),
        "{:#}",
        repos[1]
    );
    assert!(repos[1]["results"].as_array().unwrap().is_empty());
    assert_eq!(repos[0]["score"], 1.0);
    assert_eq!(repos[2]["results"].as_array().unwrap().len(), 6);
    assert_eq!(json["summary"]["repos_failed"], 1);
}

#[test]
fn readme_headings_atx_and_setext() {
    let t = tempfile::tempdir().unwrap();
    build_org(
        t.path(),
        &[
            ("atx", &[("README.md", "# Tool\n")]),
            ("setext", &[("README.md", "Tool (t)\n--------\n\nText.\n")]),
            ("setext-crlf", &[("README.md", "Tool\r\n====\r\n")]),
            ("h3-only", &[("README.md", "### deep\n")]),
        ],
    );
    let (_, json, _) = scan_json(&t.path().join("org"), &[]);
    let got: Vec<(String, String)> = json["repos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let readme = r["results"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["rule"] == "readme")
                .unwrap();
            (
                r["name"].as_str().unwrap().to_string(),
                readme["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("atx", "paved"),
        ("h3-only", "custom"),
        ("setext", "paved"),
        ("setext-crlf", "paved"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn missing_path_exits_2() {
    let out = paved()
        .args(["scan", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here"));
}

#[test]
fn closed_pipe_exits_0_quietly() {
    let t = tempfile::tempdir().unwrap();
    let many: Vec<(String, &[(&str, &str)])> =
        (0..30).map(|i| (format!("r{i:02}"), BARE)).collect();
    let many: Vec<(&str, &[(&str, &str)])> = many.iter().map(|(n, f)| (n.as_str(), *f)).collect();
    build_org(t.path(), &many);
    let bin = assert_cmd::cargo::cargo_bin("paved");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' scan '{}' --format json | head -c 10 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
            bin.display(),
            t.path().join("org").display()
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_gates_one_repo() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("good", GOOD), ("bare", BARE)]);
    paved()
        .arg("check")
        .args(BASICS)
        .arg(t.path().join("org/good"))
        .assert()
        .code(0);
    let out = paved()
        .arg("check")
        .args(BASICS)
        .arg(t.path().join("org/bare"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ci-workflow") && err.contains("codeowners") && err.contains("license"),
        "{err}"
    );
    let out = paved()
        .arg("check")
        .arg(t.path().join("org"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a folder of repos is not one repo"
    );
}

#[test]
fn scan_gates() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("good", GOOD), ("bare", BARE)]);
    let dir = t.path().join("org");
    assert_eq!(scan_json(&dir, &["--gate"]).0, 1);
    assert_eq!(scan_json(&dir, &["--fail-under", "40"]).0, 0);
    assert_eq!(scan_json(&dir, &["--fail-under", "60"]).0, 1);
    assert_eq!(scan_json(&dir, &["--fail-under", "160"]).0, 2);
    assert_eq!(scan_json(&dir.join("good"), &["--gate"]).0, 0);
}

#[test]
fn exclude_and_rev() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("keep", GOOD), ("skip-me", BARE)]);
    let (_, json, _) = scan_json(&t.path().join("org"), &["--exclude", "skip-*"]);
    assert_eq!(json["repos"].as_array().unwrap().len(), 1);
    let (code, json, _) = scan_json(&t.path().join("org/keep"), &["--rev", "no-such-rev"]);
    assert_eq!(code, 3);
    assert!(
        json["repos"][0]["error"]
            .as_str()
            .unwrap()
            .contains("no-such-rev"),
        "{json:#}"
    );
}

#[test]
fn shards_merge_into_the_full_report() {
    let t = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..12).map(|i| format!("r{i:02}")).collect();
    let repos: Vec<(&str, &[(&str, &str)])> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), if i % 2 == 0 { GOOD } else { BARE }))
        .collect();
    build_org(t.path(), &repos);
    let dir = t.path().join("org");
    let full = paved()
        .arg("scan")
        .arg(&dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let mut parts: Vec<PathBuf> = Vec::new();
    for i in 1..=3 {
        let p = t.path().join(format!("part{i}.json"));
        paved()
            .arg("scan")
            .arg(&dir)
            .args(["--format", "json", "--shard", &format!("{i}/3"), "--output"])
            .arg(&p)
            .assert()
            .code(0);
        parts.push(p);
    }
    let merged = paved()
        .arg("merge")
        .args(&parts)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(merged.status.code(), Some(0));
    for p in &parts {
        common::assert_valid_report(&std::fs::read_to_string(p).unwrap());
    }
    common::assert_valid_report(&String::from_utf8_lossy(&merged.stdout));
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&full.stdout).unwrap(),
        serde_json::from_slice(&merged.stdout).unwrap(),
    );
    assert_eq!(a, b);
}

#[test]
fn rules_list_explain_validate() {
    let out = paved().args(["rules", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.starts_with("ci-workflow")
            && l.contains("basics")
            && l.contains("required")),
        "{text}"
    );
    let out = paved()
        .args(["rules", "explain", "dependency-updates"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "dependency-updates — Dependencies are kept up to date by a bot",
        "not_applicable unless:",
        "paved when:",
        "custom when:",
        "── condition `yaml` ──",
        "Query paths:",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    paved()
        .args(["rules", "explain", "exists"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("`absent`"));
    paved()
        .args(["rules", "explain", "licence"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `license`?"));
    paved()
        .args([
            "rules",
            "validate",
            concat!(env!("CARGO_MANIFEST_DIR"), "/rules"),
        ])
        .assert()
        .code(0);
}

/// `rules validate` given a config file validates it as a config (and the packs it names),
/// instead of reporting it as a broken pack.
#[test]
fn rules_validate_given_a_config() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    std::fs::create_dir(dir.join("rules")).unwrap();
    std::fs::write(
        dir.join("rules/ours.yml"),
        "pack: ours\nrules:\n  - id: ours-readme\n    title: A README\n    paved: {exists: README.md}\n",
    )
    .unwrap();
    // (file text, exit code, what stderr says)
    let cases: &[(&str, i32, &[&str])] = &[
        (
            "rules: [rules/]\nbuiltin: [basics]\nteam_from_codeowners: true\n",
            0,
            &[
                "a paved config, not a rule pack",
                "paved scan --config",
                "ok: 1 pack, 1 rule",
            ],
        ),
        (
            "builtin: true\n",
            0,
            &[
                "a paved config, not a rule pack",
                "ok: the config names no packs",
            ],
        ),
        (
            "builtin: [basic]\nteams:\n  payments: [\"acme/pay-*\"]\n",
            2,
            &[
                "paved.yml:1:11: no built-in pack `basic`; did you mean `basics`?",
                "1 problem in the config",
            ],
        ),
        (
            "rules: [rules/]\ntemas: {}\nbuiltin: false\n",
            2,
            &["paved.yml:2:1: unknown key in `config`: `temas`; did you mean `teams`?"],
        ),
    ];
    for (text, code, want) in cases {
        std::fs::write(dir.join("paved.yml"), text).unwrap();
        let out = paved()
            .current_dir(dir)
            .args(["rules", "validate", "paved.yml"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{text}\n{err}");
        for w in *want {
            assert!(err.contains(w), "{text}: missing {w:?} in\n{err}");
        }
        assert!(!err.contains("in `pack`"), "{text}: {err}");
    }
}
