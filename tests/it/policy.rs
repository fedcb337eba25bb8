//! Org policy end to end: exemptions (central and in-repo) that expire on the right day, config
//! errors at their position, teams from globs and CODEOWNERS whose figures add up to the org's.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common;
use common::build_org;

/// Scans `org` as of the given UTC day (through SOURCE_DATE_EPOCH) with `config`.
fn scan(root: &Path, config: &str, day: &str, extra: &[&str]) -> (i32, Value, String) {
    let cfg = root.join("paved.yml");
    std::fs::write(&cfg, config).unwrap();
    let date: jiff::civil::Date = day.parse().unwrap();
    let noon = date
        .at(12, 0, 0, 0)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_second();
    let out = Command::cargo_bin("paved")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", noon.to_string())
        .args(["scan", "--format", "json", "--config"])
        .arg(&cfg)
        .arg(root.join("org"))
        .args(extra)
        .output()
        .unwrap();
    if !out.stdout.is_empty() {
        common::assert_valid_report(&String::from_utf8_lossy(&out.stdout));
    }
    let json = if out.stdout.starts_with(b"{") {
        crate::common::report_v1(&out.stdout)
    } else {
        Value::Null
    };
    (
        out.status.code().unwrap(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn outcome(report: &Value, repo: &str, rule: &str) -> String {
    let r = report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == repo)
        .unwrap();
    let res = r["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == rule)
        .unwrap();
    res["outcome"].as_str().unwrap().to_string()
}

const BARE: &[(&str, &str)] = &[("main.c", "int main(){}\n")];
const LOCAL_EXEMPT: &[(&str, &str)] = &[
    ("main.c", "int main(){}\n"),
    (
        ".paved.yml",
        "exemptions:\n  - rules: [codeowners]\n    until: 2027-01-31\n    reason: Owners being decided\n",
    ),
];

#[test]
fn exemptions_expire_after_their_day() {
    let t = tempfile::tempdir().unwrap();
    build_org(
        t.path(),
        &[
            ("legacy-billing", BARE),
            ("legacy-api", LOCAL_EXEMPT),
            ("new-svc", BARE),
        ],
    );
    let config = "exemptions:\n  - repos: \"legacy-*\"\n    rules: [license, ci-workflow]\n    until: 2027-03-31\n    reason: Monolith split planned for Q1\nallow_repo_exemptions: true\n";
    let cases = [
        ("2027-03-31", "exempt", "exempt"),
        ("2027-04-01", "missing", "missing"),
        ("2026-12-01", "exempt", "exempt"),
    ];
    for (day, license, ci) in cases {
        let (_, r, err) = scan(t.path(), config, day, &[]);
        assert_eq!(
            outcome(&r, "legacy-billing", "license"),
            license,
            "{day} {err}"
        );
        assert_eq!(outcome(&r, "legacy-billing", "ci-workflow"), ci, "{day}");
        assert_eq!(outcome(&r, "new-svc", "license"), "missing", "{day}");
        assert_eq!(
            outcome(&r, "legacy-billing", "readme"),
            "missing",
            "{day}: other rules are not covered"
        );
    }
    // Expired: no longer applies, kept as evidence and as a note.
    let (_, r, _) = scan(t.path(), config, "2027-04-01", &[]);
    let repo = r["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "legacy-billing")
        .unwrap();
    let lic = repo["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "license")
        .unwrap();
    assert!(
        lic["evidence"]
            .to_string()
            .contains("exemption expired on 2027-03-31: Monolith split planned for Q1"),
        "{lic}"
    );
    assert!(
        repo["notes"]
            .to_string()
            .contains("exemption for `license` expired on 2027-03-31"),
        "{repo}"
    );
    expired_exemptions_are_listed(&r);
    // Exempt results are counted apart and never folded into adoption.
    let (_, r, _) = scan(t.path(), config, "2027-03-01", &[]);
    let lic = r["summary"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "license")
        .unwrap();
    assert_eq!(
        (
            lic["exempt"].as_u64(),
            lic["missing"].as_u64(),
            lic["adoption"].as_f64()
        ),
        (Some(2), Some(1), Some(0.0))
    );
}

#[test]
fn repo_exemptions_only_where_allowed() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("legacy-api", LOCAL_EXEMPT)]);
    let (_, r, _) = scan(t.path(), "allow_repo_exemptions: true\n", "2027-01-31", &[]);
    assert_eq!(outcome(&r, "legacy-api", "codeowners"), "exempt");
    let (_, r, _) = scan(t.path(), "allow_repo_exemptions: true\n", "2027-02-01", &[]);
    assert_eq!(outcome(&r, "legacy-api", "codeowners"), "missing");
    let (_, r, _) = scan(
        t.path(),
        "allow_repo_exemptions: false\n",
        "2027-01-01",
        &[],
    );
    assert_eq!(outcome(&r, "legacy-api", "codeowners"), "missing");
}

#[test]
fn config_errors_at_their_position() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("a", BARE)]);
    let config = "exemptions:\n  - repos: \"*\"\n    rules: [licence]\n    until: 2027-03-31\n    reason: typo\nteamz: {}\n";
    let (code, _, err) = scan(t.path(), config, "2027-01-01", &[]);
    assert_eq!(code, 2);
    let cfg = t.path().join("paved.yml").display().to_string();
    assert!(
        err.contains(&format!(
            "{cfg}:6:1: unknown key in `config`: `teamz`; did you mean `teams`?"
        )),
        "{err}"
    );
    // Unknown rule ids are checked once the packs are loaded.
    let config = "exemptions:\n  - repos: \"*\"\n    rules: [licence]\n    until: 2027-03-31\n    reason: typo\n";
    let (code, _, err) = scan(t.path(), config, "2027-01-01", &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "{cfg}:3:13: exemption names unknown rule `licence`"
        )),
        "{err}"
    );
}

#[test]
fn teams_from_globs_then_codeowners_add_up() {
    let t = tempfile::tempdir().unwrap();
    let owned: &[(&str, &str)] = &[
        (".github/CODEOWNERS", "# owners\n* @acme/web @alice\n"),
        ("README.md", "# x\n"),
    ];
    let root_owned: &[(&str, &str)] = &[("CODEOWNERS", "* @acme/data\n"), ("LICENSE", "MIT")];
    build_org(
        t.path(),
        &[
            ("pay-api", BARE),
            ("ledger", owned),
            ("site", owned),
            ("etl", root_owned),
            ("misc", BARE),
        ],
    );
    let config = "teams:\n  payments: [\"pay-*\", ledger]\n";
    let (_, r, _) = scan(t.path(), config, "2027-01-01", &[]);
    let team = |name: &str| {
        r["repos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap()["team"]
            .clone()
    };
    assert_eq!(team("pay-api"), "payments");
    assert_eq!(
        team("ledger"),
        "payments",
        "config globs win over CODEOWNERS"
    );
    assert_eq!(team("site"), "web");
    assert_eq!(team("etl"), "data");
    assert_eq!(team("misc"), Value::Null);
    let teams: Vec<&str> = r["summary"]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team"].as_str().unwrap())
        .collect();
    assert_eq!(teams, ["(unowned)", "data", "payments", "web"]);
    // Team figures add up to the org's, rule by rule and outcome by outcome.
    for rule in r["summary"]["rules"].as_array().unwrap() {
        for k in [
            "paved",
            "custom",
            "missing",
            "not_applicable",
            "exempt",
            "error",
        ] {
            let sum: u64 = r["summary"]["teams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    t["rules"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["rule"] == rule["rule"])
                        .unwrap()[k]
                        .as_u64()
                        .unwrap()
                })
                .sum();
            assert_eq!(sum, rule[k].as_u64().unwrap(), "{} {k}", rule["rule"]);
        }
    }
    let repos: u64 = r["summary"]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["repos"].as_u64().unwrap())
        .sum();
    assert_eq!(repos, 5);
    // No CODEOWNERS fallback when the config turns it off.
    let (_, r, _) = scan(t.path(), "team_from_codeowners: false\n", "2027-01-01", &[]);
    assert!(
        r["repos"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["team"].is_null())
    );
}

/// The expired exemptions of a real scan (legacy-billing and legacy-api, license and
/// ci-workflow) in the table, Markdown and HTML: repository, rule, expiry and where granted.
fn expired_exemptions_are_listed(json: &Value) {
    use paved::render::{self, Format, RenderOptions};
    let report: paved::report::Report = serde_json::from_value(json.clone()).unwrap();
    let text = |format| {
        let mut out = Vec::new();
        render::render(&report, format, &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let table = text(Format::Table);
    let section = table
        .split("Expired exemptions (")
        .nth(1)
        .unwrap_or_else(|| panic!("{table}"));
    for repo in ["legacy-billing", "legacy-api"] {
        assert!(section.contains(&format!("  {repo}  ")), "{section}");
    }
    assert!(section.contains("license  expired 2027-03-31"), "{section}");
    assert!(
        section.contains("paved.yml:2: Monolith split planned for Q1"),
        "{section}"
    );
    // An in-repository exemption says so: granted in the repository's own .paved.yml.
    assert!(section.contains("granted in .paved.yml:2: "), "{section}");
    let md = text(Format::Markdown);
    assert!(md.contains("## Expired exemptions"), "{md}");
    let expired = md.split("## Expired exemptions").nth(1).unwrap_or_default();
    let row = expired
        .lines()
        .find(|l| l.starts_with("| legacy-billing | `license` |"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        row.contains("2027") && row.contains("paved.yml:2`"),
        "{row}"
    );
    let html = text(Format::Html);
    assert!(
        html.contains("<h2>Expired exemptions ("),
        "expired section in html"
    );
    assert!(html.contains("<td>2027-03-31</td>"));
}

#[test]
fn by_team_table() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("pay-api", BARE), ("site", BARE)]);
    std::fs::write(
        t.path().join("paved.yml"),
        "teams:\n  payments: [\"pay-*\"]\n  web: [site]\n",
    )
    .unwrap();
    let out = Command::cargo_bin("paved")
        .unwrap()
        .current_dir(t.path())
        .args(["scan", "org", "--by", "team"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("payments") && text.contains("web"), "{text}");
}

#[test]
fn gate_counts_exempt_as_on_the_road() {
    let t = tempfile::tempdir().unwrap();
    let good: &[(&str, &str)] = &[
        ("README.md", "# x\n"),
        (".github/CODEOWNERS", "* @acme/x\n"),
        (
            ".github/workflows/ci.yml",
            "on: push\njobs: {t: {runs-on: x, steps: [{run: make}]}}\n",
        ),
    ];
    build_org(t.path(), &[("svc", good)]);
    let config = "builtin: [basics]\nexemptions:\n  - repos: svc\n    rules: [license]\n    until: 2027-03-31\n    reason: Legal review\n";
    assert_eq!(scan(t.path(), config, "2027-03-31", &["--gate"]).0, 0);
    assert_eq!(scan(t.path(), config, "2027-04-01", &["--gate"]).0, 1);
}
