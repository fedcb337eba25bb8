//! The sample org end to end: built into real repositories, scanned by the `paved` binary with
//! the `basics` pack, and checked against the outcomes designed in `fixtures/sample-org/EXPECTED.md`;
//! the JSON and table outputs are snapshots. The demo's org scans with exit 0; the repositories
//! that cannot be scanned at all live in `fixtures/broken/` and are scanned alongside it here.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// repo -> rule -> outcome, from the first table of EXPECTED.md.
fn expected() -> BTreeMap<String, BTreeMap<String, String>> {
    let text = std::fs::read_to_string(format!("{ROOT}/fixtures/sample-org/EXPECTED.md")).unwrap();
    let mut lines = text.lines().skip_while(|l| !l.starts_with("| repo |"));
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split('|')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let mut out = BTreeMap::new();
    for line in lines.skip(1).take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line
            .split('|')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let rules = header[1..]
            .iter()
            .cloned()
            .zip(cells[1..].iter().map(|c| c.to_string()))
            .collect();
        out.insert(cells[0].to_string(), rules);
    }
    out
}

/// Outcomes per repo, `-` for every rule of a repository that could not be scanned.
fn outcomes(report: &Value) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut got = BTreeMap::new();
    for repo in report["repos"].as_array().unwrap() {
        let name = repo["name"].as_str().unwrap().to_string();
        let results = repo["results"].as_array().unwrap();
        let row = if repo["error"].is_null() {
            results
                .iter()
                .map(|r| {
                    (
                        r["rule"].as_str().unwrap().to_string(),
                        r["outcome"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        } else {
            assert!(results.is_empty());
            [
                "license",
                "readme",
                "codeowners",
                "security-policy",
                "ci-workflow",
                "dependency-updates",
            ]
            .iter()
            .map(|r| (r.to_string(), "-".to_string()))
            .collect()
        };
        got.insert(name, row);
    }
    got
}

fn scan(dir: &Path, format: &str) -> (i32, String) {
    let out = Command::cargo_bin("paved")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .args([
            "scan",
            "--no-builtin",
            "--rules",
            &format!("{ROOT}/rules/basics.yml"),
            "--format",
            format,
        ])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn sample_org_matches_its_design() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/sample-org")), &org).unwrap();
    let (code, json) = scan(&org, "json");
    assert_eq!(
        code, 0,
        "the demo org scans cleanly: rule errors do not fail a scan"
    );
    crate::common::assert_valid_report(&json);
    let report = crate::common::report_v1(&json);
    let got = outcomes(&report);
    let want = expected();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let mut wrong = Vec::new();
    for (repo, rules) in &want {
        for (rule, outcome) in rules {
            let g = &got[repo][rule];
            if g != outcome {
                wrong.push(format!("{repo} {rule}: want {outcome}, got {g}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    // Every result carries evidence; the unborn repository says why it is empty.
    for repo in report["repos"].as_array().unwrap() {
        for r in repo["results"].as_array().unwrap() {
            assert!(
                !r["evidence"].as_array().unwrap().is_empty(),
                "{} {}",
                repo["name"],
                r["rule"]
            );
        }
    }
    let empty = report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "legacy/empty-repo")
        .unwrap();
    assert_eq!(
        empty["notes"][0],
        "HEAD is unborn: scanned as an empty tree"
    );
    assert_eq!(report["summary"]["repos_failed"], 0);

    // Snapshots, with the temporary folder's path made stable.
    let stable = |s: String| s.replace(&org.display().to_string(), "[ORG]");
    insta::assert_snapshot!("sample_org_json", stable(json));
    let (_, table) = scan(&org, "table");
    insta::assert_snapshot!("sample_org_table", stable(table));
}

/// The broken set scanned alongside the sample org: the corrupt repository is an `error` entry
/// with no results, it alone makes the exit code 3, and every other repository keeps the outcome
/// it has without it.
#[test]
fn broken_repositories_beside_the_sample_org_fail_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/sample-org")), &org).unwrap();
    let (code, json) = scan(&org, "json");
    assert_eq!(code, 0);
    let alone = outcomes(&crate::common::report_v1(&*json));
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/broken")), &org).unwrap();
    let (code, json) = scan(&org, "json");
    assert_eq!(code, 3, "one repository is corrupt");
    let report = crate::common::report_v1(&json);
    assert_eq!(report["summary"]["repos_failed"], 1);
    let mut got = outcomes(&report);
    let corrupt = got
        .remove("legacy/corrupt-archive")
        .expect("corrupt repo listed");
    assert!(corrupt.values().all(|o| o == "-"), "{corrupt:?}");
    let entry = report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "legacy/corrupt-archive")
        .unwrap();
    assert!(
        entry["error"].as_str().unwrap().contains("corrupt-archive"),
        "{entry:#}"
    );
    assert_eq!(got, alone);
}
