//! The machine formats (sarif, junit) and the html dashboard's structure: snapshots, schema
//! validation, and escaping of hostile text.

use crate::common_report;

use std::path::{Path, PathBuf};
use std::process::Command;

use common_report::{NASTY, empty_report, report, shared_fixture, single_repo_report};
use paved::render::{Format, RenderOptions, render};
use paved::report::Report;
use serde_json::Value;

fn rendered(report: &Report, format: Format) -> String {
    let mut out = Vec::new();
    render(report, format, &RenderOptions::default(), &mut out).expect("render");
    String::from_utf8(out).expect("utf-8 output")
}

/// The official schemas, vendored unmodified under tests/data/vendor.
fn vendored_schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/vendor")
        .join(name)
}

// ---------------------------------------------------------------- sarif

fn sarif(report: &Report) -> Value {
    serde_json::from_str(&rendered(report, Format::Sarif)).expect("sarif is JSON")
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif_multi", rendered(&report(), Format::Sarif));
    insta::assert_snapshot!(
        "sarif_single",
        rendered(&single_repo_report(), Format::Sarif)
    );
    insta::assert_snapshot!("sarif_fixture", rendered(&shared_fixture(), Format::Sarif));
}

/// Every report the tests know, for the schema checks.
fn all_reports() -> [(&'static str, Report); 4] {
    [
        ("multi", report()),
        ("single", single_repo_report()),
        ("fixture", shared_fixture()),
        ("empty", empty_report()),
    ]
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let path = vendored_schema("sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read schema"))
        .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for (name, r) in all_reports() {
        let log = sarif(&r);
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{name}: SARIF does not validate:\n{}",
            errors.join("\n")
        );
    }
    // The validator is not vacuous: a level outside the enum is rejected.
    let mut bad = sarif(&report());
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&bad), "a bad level must not validate");
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn find_result<'a>(log: &'a Value, repo: &str, rule: &str) -> Option<&'a Value> {
    results(log)
        .iter()
        .find(|r| r["properties"]["repo"] == repo && r["ruleId"] == rule)
}

#[test]
fn sarif_results_per_location() {
    let log = sarif(&report());
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "paved");

    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        [
            "ci-reusable-workflow",
            "codeowners",
            "license",
            "readme",
            "security-policy"
        ]
    );
    let levels: Vec<&str> = rules
        .iter()
        .map(|r| {
            r["defaultConfiguration"]["level"]
                .as_str()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(levels, ["error", "error", "error", "warning", "note"]);
    assert_eq!(
        rules[2]["helpUri"],
        "https://docs.example.com/paved/license"
    );
    assert_eq!(rules[2]["properties"]["deadline"], "2026-10-01");
    assert!(rules[4].get("helpUri").is_none(), "no docs, no helpUri");

    // (repo, rule, level, uri, startLine, suppressed)
    type Case<'a> = (&'a str, &'a str, &'a str, &'a str, Option<u64>, bool);
    let cases: &[Case] = &[
        (
            "payments/ledger",
            "readme",
            "warning",
            "payments/ledger/README.rst",
            None,
            false,
        ),
        (
            "payments/ledger",
            "codeowners",
            "error",
            "payments/ledger/README.md",
            None,
            false,
        ),
        (
            "payments/ledger",
            "ci-reusable-workflow",
            "error",
            "payments/ledger/.github/workflows/ci.yml",
            Some(12),
            false,
        ),
        (
            "payments/api",
            "codeowners",
            "note",
            "payments/api/.paved.yml",
            Some(4),
            true,
        ),
        (
            "platform/infra-tools",
            "license",
            "error",
            "platform/infra-tools/Cargo.toml",
            Some(5),
            false,
        ),
        (
            "platform/infra-tools",
            "ci-reusable-workflow",
            "error",
            "platform/infra-tools/.github/workflows/ci.yml",
            Some(3),
            false,
        ),
        (
            "platform/infra-tools",
            "security-policy",
            "note",
            "platform/infra-tools/README.md",
            None,
            false,
        ),
        (
            "scratch",
            "license",
            "error",
            "scratch/README.md",
            None,
            false,
        ),
    ];
    for &(repo, rule, level, uri, line, suppressed) in cases {
        let r =
            find_result(&log, repo, rule).unwrap_or_else(|| panic!("no result for {repo} {rule}"));
        assert_eq!(r["level"], level, "{repo} {rule}");
        let phys = &r["locations"][0]["physicalLocation"];
        assert_eq!(phys["artifactLocation"]["uri"], uri, "{repo} {rule}");
        assert_eq!(
            phys["artifactLocation"]["uriBaseId"], "SCANROOT",
            "{repo} {rule}"
        );
        assert_eq!(phys["region"]["startLine"].as_u64(), line, "{repo} {rule}");
        assert_eq!(r.get("suppressions").is_some(), suppressed, "{repo} {rule}");
        let idx = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], rule, "ruleIndex points at the rule");
        assert!(
            r["partialFingerprints"]["pavedFinding/v1"]
                .as_str()
                .is_some_and(|f| f.len() == 64)
        );
    }
    // paved and not_applicable are not results; the failed repo has none.
    let absent = [
        ("payments/ledger", "license"),
        ("payments/ledger", "security-policy"),
        ("payments/api", "readme"),
    ];
    for (repo, rule) in absent {
        assert!(
            find_result(&log, repo, rule).is_none(),
            "{repo} {rule} must not be a result"
        );
    }
    assert!(
        results(&log)
            .iter()
            .all(|r| r["properties"]["repo"] != "broken/repo")
    );
    // ledger's ci-reusable-workflow has two offending files: two results.
    assert_eq!(results(&log).len(), 4 + 1 + 3 + 5);
    let ci: Vec<(&str, Option<u64>)> = results(&log)
        .iter()
        .filter(|r| {
            r["properties"]["repo"] == "payments/ledger" && r["ruleId"] == "ci-reusable-workflow"
        })
        .map(|r| {
            let phys = &r["locations"][0]["physicalLocation"];
            (
                phys["artifactLocation"]["uri"].as_str().unwrap_or_default(),
                phys["region"]["startLine"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        ci,
        [
            ("payments/ledger/.github/workflows/ci.yml", Some(12)),
            ("payments/ledger/.github/workflows/release.yml", Some(3)),
        ]
    );

    let exempt = find_result(&log, "payments/api", "codeowners").expect("exempt");
    assert_eq!(exempt["suppressions"][0]["kind"], "external");
    assert_eq!(
        exempt["suppressions"][0]["justification"],
        "exempt until 2027-03-31: Monolith split planned for Q1 & \"later\""
    );
    let fallback = find_result(&log, "scratch", "license").expect("fallback");
    assert!(
        fallback["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("No file decides this result"))
    );

    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(
        note["message"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("broken/repo: could not be scanned"))
    );
}

#[test]
fn sarif_single_repo_uses_repo_relative_paths() {
    let log = sarif(&single_repo_report());
    for r in results(&log) {
        let loc = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc["uriBaseId"], "%SRCROOT%");
        let uri = loc["uri"].as_str().expect("uri");
        assert!(!uri.starts_with("payments/"), "repo-relative: {uri}");
        assert!(
            !r["message"]["text"]
                .as_str()
                .unwrap_or_default()
                .starts_with('['),
            "no repo prefix"
        );
    }
    let ci = find_result(&log, "payments/ledger", "ci-reusable-workflow").expect("ci");
    assert_eq!(
        ci["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        ".github/workflows/ci.yml"
    );
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn sarif_fingerprints_are_stable_across_runs() {
    let a = sarif(&report());
    let mut moved = report();
    // The evidence moves between runs; the alert must keep its identity.
    for repo in &mut moved.repos {
        for r in &mut repo.results {
            for e in &mut std::sync::Arc::make_mut(r).evidence {
                e.line = e.line.map(|l| l + 10);
            }
        }
    }
    let b = sarif(&moved);
    let fps = |log: &Value| -> Vec<Value> {
        results(log)
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(fps(&a), fps(&b));
    let mut unique = fps(&a);
    unique.sort_by_key(|v| v.to_string());
    unique.dedup();
    assert_eq!(
        unique.len(),
        results(&a).len(),
        "one fingerprint per finding"
    );
}

/// A rule whose evidence names offending values: one result per value, fingerprints that
/// survive unrelated edits (lines move, another offender appears) and tell apart the same value
/// found twice in a file; pathless notes are repeated in every message.
#[test]
fn sarif_results_per_offending_value_keep_their_fingerprints() {
    use paved::outcome::{Evidence, Outcome};
    let pinned = |evidence: Vec<Evidence>| {
        let mut r = single_repo_report();
        let res = &mut r.repos[0].results;
        let ci = res
            .iter_mut()
            .find(|x| x.rule == "ci-reusable-workflow")
            .expect("ci rule");
        let ci = std::sync::Arc::make_mut(ci);
        ci.outcome = Outcome::Custom;
        ci.evidence = evidence;
        sarif(&r)
    };
    let at = |line, value: &str| {
        Evidence::at(
            ".github/workflows/ci.yml",
            Some(line),
            format!("`{value}` is not pinned"),
        )
        .with_value(value)
    };
    let before = pinned(vec![
        at(14, "ruby/setup-ruby@v1"),
        at(20, "actions/cache@v3"),
        at(30, "actions/cache@v3"),
        Evidence::note("and 2 more"),
    ]);
    let after = pinned(vec![
        at(4, "docker/login@v2"),
        at(19, "ruby/setup-ruby@v1"),
        at(25, "actions/cache@v3"),
        at(35, "actions/cache@v3"),
        Evidence::note("and 2 more"),
    ]);
    let by_line = |log: &Value| -> Vec<(u64, String, String)> {
        results(log)
            .iter()
            .filter(|r| r["ruleId"] == "ci-reusable-workflow")
            .map(|r| {
                (
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap_or(0),
                    r["partialFingerprints"]["pavedFinding/v1"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    r["message"]["text"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                )
            })
            .collect()
    };
    let (b, a) = (by_line(&before), by_line(&after));
    assert_eq!(b.iter().map(|x| x.0).collect::<Vec<_>>(), [14, 20, 30]);
    assert_eq!(a.iter().map(|x| x.0).collect::<Vec<_>>(), [4, 19, 25, 35]);
    // The same three findings keep their fingerprints; the new one has its own.
    assert_eq!(b[0].1, a[1].1);
    assert_eq!(b[1].1, a[2].1);
    assert_eq!(b[2].1, a[3].1);
    assert_ne!(b[1].1, b[2].1, "the same value twice in a file: two alerts");
    assert!(b.iter().all(|x| x.1 != a[0].1));
    for (line, _, text) in &b {
        assert!(text.contains(&format!("ci.yml:{line}: `")), "{text}");
        assert!(text.contains("and 2 more"), "{text}");
        assert_eq!(text.matches("is not pinned").count(), 1, "{text}");
    }
}

#[test]
fn sarif_keeps_hostile_text_verbatim() {
    let log = sarif(&report());
    let ci = find_result(&log, "payments/ledger", "ci-reusable-workflow").expect("ci");
    let text = ci["message"]["text"].as_str().expect("text");
    assert!(
        text.contains(&format!(".github/workflows/ci.yml:12: {NASTY}")),
        "{text}"
    );
}

// ---------------------------------------------------------------- junit

/// Runs xmllint; a missing xmllint fails the test rather than skipping it.
fn xmllint(args: &[&str], file: &Path) -> std::process::Output {
    match Command::new("xmllint").args(args).arg(file).output() {
        Ok(o) => o,
        Err(e) => panic!(
            "xmllint could not be run ({e}): install it (Debian: apt-get install libxml2-utils)"
        ),
    }
}

fn junit_file(report: &Report) -> tempfile::NamedTempFile {
    let f = tempfile::Builder::new()
        .suffix(".xml")
        .tempfile()
        .expect("temp file");
    std::fs::write(f.path(), rendered(report, Format::Junit)).expect("write junit");
    f
}

fn validate_junit(file: &Path, xsd: &Path) -> Result<(), String> {
    let xsd = xsd.to_str().expect("utf-8 path");
    let out = xmllint(&["--noout", "--nonet", "--schema", xsd], file);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn xpath(file: &Path, expr: &str) -> String {
    let out = xmllint(&["--nonet", "--xpath", expr], file);
    assert!(
        out.status.success(),
        "xpath {expr}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!("junit_multi", rendered(&report(), Format::Junit));
    insta::assert_snapshot!("junit_fixture", rendered(&shared_fixture(), Format::Junit));
}

#[test]
fn junit_validates_against_the_junit_schema() {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/junit-10.xsd");
    for (name, r) in all_reports() {
        let f = junit_file(&r);
        if let Err(e) = validate_junit(f.path(), &xsd) {
            panic!(
                "{name}: junit does not validate against {}:\n{e}",
                xsd.display()
            );
        }
    }
}

/// The official schema (pytest's copy) spells the error element `errors`; everything else in our
/// output must validate against it unchanged. See tests/data/junit-10.xsd for the one difference.
#[test]
fn junit_validates_against_the_official_schema_apart_from_error_elements() {
    let xsd = vendored_schema("junit-10.xsd");
    let mut r = report();
    r.repos.retain(|repo| repo.error.is_none());
    for repo in &mut r.repos {
        repo.results
            .retain(|res| res.outcome != paved::outcome::Outcome::Error);
    }
    let f = junit_file(&r);
    if let Err(e) = validate_junit(f.path(), &xsd) {
        panic!("junit does not validate against {}:\n{e}", xsd.display());
    }
    // And the difference is real: with error outcomes, the official copy rejects `<error>`.
    let f = junit_file(&report());
    let err = validate_junit(f.path(), &xsd).expect_err("pytest's schema has no <error> element");
    assert!(err.contains("error"), "{err}");
}

#[test]
fn junit_maps_outcomes_to_junit_verdicts() {
    let f = junit_file(&report());
    let p = f.path();
    let case =
        |repo: &str, rule: &str| format!("//testsuite[@name='{repo}']/testcase[@name='{rule}']");
    // (xpath, expected)
    let cases: Vec<(String, &str)> = vec![
        ("string(/testsuites/@tests)".into(), "21"),
        ("string(/testsuites/@failures)".into(), "6"),
        ("string(/testsuites/@errors)".into(), "2"),
        ("count(//testsuite)".into(), "5"),
        (
            "string(//testsuite[@name='payments/ledger']/@tests)".into(),
            "5",
        ),
        (
            "string(//testsuite[@name='payments/ledger']/@failures)".into(),
            "2",
        ),
        (
            "string(//testsuite[@name='payments/ledger']/@skipped)".into(),
            "1",
        ),
        (
            "string(//testsuite[@name='payments/ledger']/@timestamp)".into(),
            "2026-11-26T12:00:00Z",
        ),
        (
            "string(//testsuite[@name='payments/ledger']/properties/property[@name='team']/@value)"
                .into(),
            "payments",
        ),
        // paved passes silently
        (
            format!("count({}/*)", case("payments/ledger", "license")),
            "0",
        ),
        // required custom/missing fail
        (
            format!(
                "string({}/failure/@type)",
                case("payments/ledger", "codeowners")
            ),
            "missing",
        ),
        (
            format!(
                "string({}/failure/@type)",
                case("payments/ledger", "ci-reusable-workflow")
            ),
            "custom",
        ),
        (
            format!(
                "string({}/failure/@type)",
                case("platform/infra-tools", "license")
            ),
            "custom",
        ),
        // recommended/info custom/missing pass with a note
        (
            format!("count({}/failure)", case("payments/ledger", "readme")),
            "0",
        ),
        (
            format!("count({}/system-out)", case("payments/ledger", "readme")),
            "1",
        ),
        (
            format!(
                "count({}/system-out)",
                case("platform/infra-tools", "security-policy")
            ),
            "1",
        ),
        // not_applicable and exempt are skipped
        (
            format!(
                "string({}/skipped/@message)",
                case("payments/ledger", "security-policy")
            ),
            "not_applicable: archived repository",
        ),
        (
            format!(
                "string({}/skipped/@message)",
                case("payments/api", "codeowners")
            ),
            "exempt: exempt until 2027-03-31: Monolith split planned for Q1 & \"later\"",
        ),
        // error outcome and failed repo are errors
        (
            format!(
                "string({}/error/@type)",
                case("platform/infra-tools", "ci-reusable-workflow")
            ),
            "error",
        ),
        (
            "string(//testsuite[@name='broken/repo']/@errors)".into(),
            "1",
        ),
        (
            "string(//testsuite[@name='broken/repo']/@tests)".into(),
            "1",
        ),
        (
            "string(//testsuite[@name='broken/repo']/testcase/@name)".into(),
            "scan",
        ),
        (
            "string(//testsuite[@name='broken/repo']/testcase/error/@message)".into(),
            "could not be scanned: could not open repository: object <abc> not found",
        ),
    ];
    for (expr, want) in cases {
        assert_eq!(xpath(p, &expr).trim_end_matches('\n'), want, "{expr}");
    }
}

#[test]
fn junit_keeps_hostile_text_verbatim() {
    let f = junit_file(&report());
    let body = xpath(
        f.path(),
        "string(//testsuite[@name='payments/ledger']/testcase[@name='ci-reusable-workflow']/failure)",
    );
    assert!(
        body.contains(&format!(".github/workflows/ci.yml:12: {NASTY}")),
        "{body}"
    );
    let raw = rendered(&report(), Format::Junit);
    assert!(!raw.contains("<script>"), "raw markup must be escaped");
    assert!(!raw.contains("]]>"), "no CDATA terminator survives");
}

// ---------------------------------------------------------------- html

fn html() -> String {
    rendered(&report(), Format::Html)
}

/// The JSON embedded in `<script type="application/json" id="paved-data">`.
fn embedded_json(html: &str) -> &str {
    let open = "<script type=\"application/json\" id=\"paved-data\">";
    let start = html.find(open).expect("data block") + open.len();
    let len = html[start..].find("</script>").expect("data block end");
    &html[start..start + len]
}

/// The embedded data names each repository's result for every rule as the report has it:
/// `repos[i] = [name, team, score, commit, committed_at, offroad, ks, extra]`, `ks[c]` an index
/// into `results[c]` (rule `c`'s distinct results) or -1.
fn assert_embeds(data: &str, report: &Report) {
    let d: Value = serde_json::from_str(data).expect("embedded JSON parses");
    let repos = d["repos"].as_array().expect("repos");
    assert_eq!(repos.len(), report.repos.len());
    for (got, want) in repos.iter().zip(&report.repos) {
        assert_eq!(got[0], want.name.as_str());
        assert_eq!(got[1].as_str(), want.team.as_deref());
        assert_eq!(got[2].as_f64(), want.score);
        assert_eq!(got[3].as_str(), want.commit.as_deref());
        let mut results = Vec::new();
        for (c, k) in got[6].as_array().expect("ks").iter().enumerate() {
            let Some(k) = k.as_u64() else { continue };
            let r = &d["results"][c][k as usize];
            results.push((
                d["rules"][c]["id"].as_str().unwrap().to_string(),
                r["outcome"].clone(),
                r["message"].as_str().unwrap().to_string(),
                r["evidence"].clone(),
            ));
        }
        let want_results: Vec<_> = want
            .results
            .iter()
            .map(|r| {
                (
                    r.rule.clone(),
                    serde_json::to_value(r.outcome).unwrap(),
                    r.message.clone(),
                    serde_json::to_value(&r.evidence).unwrap(),
                )
            })
            .collect();
        assert_eq!(results, want_results, "{}", want.name);
        assert_eq!(
            got[7].get("error").and_then(Value::as_str),
            want.error.as_deref()
        );
    }
}

#[test]
fn html_embeds_the_report_intact() {
    let page = html();
    let data = embedded_json(&page);
    assert!(
        !data.contains("</"),
        "`</` must be escaped inside the script block"
    );
    assert!(
        !data.contains("<!--"),
        "`<!--` must be escaped inside the script block"
    );
    assert_embeds(data, &report());
}

#[test]
fn html_is_self_contained() {
    let page = html();
    // No external resources of any kind; links to docs are fine (`href`), loads are not.
    let forbidden = [
        "<link",
        " src=",
        "@import",
        "url(http",
        "url(//",
        "<iframe",
        "<img",
        "<object",
        "<embed",
        "fetch(",
        "XMLHttpRequest",
    ];
    for f in forbidden {
        assert!(!page.contains(f), "the page must not contain {f:?}");
    }
    assert!(page.starts_with("<!DOCTYPE html>"));
}

#[test]
fn html_structure() {
    let page = html();
    // (needle, expected count)
    let cases: &[(&str, usize)] = &[
        ("<svg id=\"chart-rules\"", 1),
        ("<svg id=\"chart-teams\"", 1),
        ("<table id=\"repos\"", 1),
        ("<tr data-repo=", 5),
        ("<td class=\"o o-", 4 * 5),
        ("data-outcome=\"missing\"", 7),
        ("data-outcome=\"exempt\"", 1),
        ("class=\"bar-row\"", 5),
        ("class=\"heat-row\"", 4),
        ("id=\"failed\"", 1),
        ("id=\"details\"", 1),
        ("<input id=\"filter-text\"", 1),
        ("<select id=\"filter-team\"", 1),
        ("<select id=\"filter-outcome\"", 1),
        ("class=\"flag flag-past\"", 1),
        ("class=\"flag flag-soon\"", 1),
    ];
    for &(needle, n) in cases {
        assert_eq!(page.matches(needle).count(), n, "{needle}");
    }
}

#[test]
fn html_escapes_hostile_text() {
    let page = html();
    let outside_data = page.replace(embedded_json(&page), "");
    assert!(
        !outside_data.contains("<script>alert"),
        "raw markup from data must be escaped"
    );
    assert!(
        outside_data.contains("A security policy &amp; &lt;contact&gt;"),
        "titles are escaped"
    );
    assert_eq!(
        outside_data.matches("<script").count(),
        2,
        "only the data block and the page's own script"
    );
}

#[test]
fn html_renders_every_known_report() {
    for (name, r) in all_reports() {
        let page = rendered(&r, Format::Html);
        assert!(page.ends_with("</html>\n"), "{name}: complete page");
        assert_embeds(embedded_json(&page), &r);
        let rows = page.matches("<tr data-repo=").count();
        assert_eq!(rows, r.repos.len(), "{name}: one row per repository");
    }
}

#[test]
fn empty_report_renders_in_every_machine_format() {
    let r = empty_report();
    let log = sarif(&r);
    assert_eq!(results(&log).len(), 0);
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    let f = junit_file(&r);
    assert_eq!(
        xpath(f.path(), "string(/testsuites/@tests)").trim_end(),
        "0"
    );
    assert_eq!(xpath(f.path(), "count(//testsuite)").trim_end(), "0");
}
