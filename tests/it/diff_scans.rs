//! `paved diff` of two scans of the sample org, before and after commits that move repositories:
//! it names exactly the repositories that moved.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn git(repo: &Path, args: &[&str]) {
    paved_fixture::git(repo, args).unwrap();
}

fn scan(org: &Path, out: &Path) {
    Command::cargo_bin("paved")
        .unwrap()
        .args([
            "scan",
            "--no-builtin",
            "--rules",
            &format!("{ROOT}/rules/basics.yml"),
            "--format",
            "json",
            "--output",
        ])
        .arg(out)
        .arg(org)
        .assert()
        .code(0);
    crate::common::assert_valid_report(&std::fs::read_to_string(out).unwrap());
}

#[test]
fn diff_names_exactly_the_repos_that_moved() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path().join("org");
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/sample-org")), &org).unwrap();
    scan(&org, &t.path().join("before.json"));

    // notebooks adopts a license; ledger drops its CODEOWNERS; storefront adopts SECURITY.md (already paved: no move).
    let nb = org.join("data/notebooks");
    std::fs::write(nb.join("LICENSE"), "MIT License\n").unwrap();
    git(&nb, &["add", "LICENSE"]);
    git(&nb, &["commit", "-qm", "Add a license"]);
    let ledger = org.join("payments/ledger");
    git(&ledger, &["rm", "-q", ".github/CODEOWNERS"]);
    git(&ledger, &["commit", "-qm", "Drop CODEOWNERS"]);
    scan(&org, &t.path().join("after.json"));

    let out = Command::cargo_bin("paved")
        .unwrap()
        .arg("diff")
        .arg(t.path().join("before.json"))
        .arg(t.path().join("after.json"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut moved = Vec::new();
    let mut regressed = Vec::new();
    for r in d["rules"].as_array().unwrap() {
        for m in r["moved_to_paved"].as_array().unwrap() {
            moved.push(format!(
                "{} {}: {} -> {}",
                m["repo"].as_str().unwrap(),
                r["rule"].as_str().unwrap(),
                m["from"].as_str().unwrap(),
                m["to"].as_str().unwrap()
            ));
        }
        for m in r["regressed"].as_array().unwrap() {
            regressed.push(format!(
                "{} {}: {} -> {}",
                m["repo"].as_str().unwrap(),
                r["rule"].as_str().unwrap(),
                m["from"].as_str().unwrap(),
                m["to"].as_str().unwrap()
            ));
        }
    }
    assert_eq!(moved, ["data/notebooks license: missing -> paved"]);
    assert_eq!(regressed, ["payments/ledger codeowners: paved -> missing"]);

    // The Markdown form names them too.
    let md = Command::cargo_bin("paved")
        .unwrap()
        .arg("diff")
        .arg(t.path().join("before.json"))
        .arg(t.path().join("after.json"))
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.contains("data/notebooks") && md.contains("payments/ledger"),
        "{md}"
    );
    assert!(!md.contains("web/storefront"), "{md}");
}
