//! The `github` format: workflow-command escaping and which results become which annotations.

use paved::outcome::{Evidence, Outcome, RuleResult};
use paved::render::RenderOptions;
use paved::render::github::{escape_data, escape_property, render};
use paved::report::{RepoReport, Report, RuleInfo, Severity};

#[test]
fn escaping_follows_github_rules() {
    // (input, data, property)
    let cases: &[(&str, &str, &str)] = &[
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("%0A literal", "%250A literal", "%250A literal"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("paved: rule", "paved: rule", "paved%3A rule"),
        ("a,b", "a,b", "a%2Cb"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
        ("50%, now: 3\n", "50%25, now: 3%0A", "50%25%2C now%3A 3%0A"),
    ];
    for (input, data, property) in cases {
        assert_eq!(escape_data(input), *data, "data {input:?}");
        assert_eq!(escape_property(input), *property, "property {input:?}");
    }
}

fn rule(id: &str, severity: Severity) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        pack: "test".into(),
        title: format!("{id}, titled"),
        severity,
        weight: 1.0,
        deadline: None,
        docs: None,
        fix: None,
    }
}

fn result(rule: &str, outcome: Outcome, evidence: Vec<Evidence>) -> RuleResult {
    RuleResult {
        rule: rule.into(),
        outcome,
        evidence,
        message: format!("{rule} says {outcome}"),
    }
}

fn repo(name: &str, results: Vec<RuleResult>) -> RepoReport {
    RepoReport {
        name: name.into(),
        path: name.into(),
        commit: Some("0".repeat(40)),
        committed_at: None,
        team: None,
        team_source: None,
        score: None,
        error: None,
        notes: vec![],
        meta: Default::default(),
        results: results.into_iter().map(std::sync::Arc::new).collect(),
        template: None,
    }
}

fn rendered(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    render(report, &RenderOptions::default(), &mut out).unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn levels_follow_severity_and_only_unpaved_results_annotate() {
    let rules = vec![
        rule("req", Severity::Required),
        rule("rec", Severity::Recommended),
        rule("inf", Severity::Info),
        rule("ok", Severity::Required),
    ];
    let results = vec![
        result(
            "req",
            Outcome::Missing,
            vec![Evidence::note("nothing, here")],
        ),
        result(
            "rec",
            Outcome::Custom,
            vec![Evidence::at("a,b.yml", Some(7), "50% done")],
        ),
        result(
            "inf",
            Outcome::Error,
            vec![
                Evidence::note("x"),
                Evidence::at("c.toml", None, "bad\nfile"),
            ],
        ),
        result(
            "ok",
            Outcome::Paved,
            vec![Evidence::at("ok.txt", Some(1), "fine")],
        ),
        result("unknown", Outcome::Missing, vec![]),
    ];
    let report = Report::build(
        rules,
        vec![repo("solo", results)],
        "2026-11-26T12:00:00Z".into(),
    );
    assert_eq!(
        rendered(&report),
        [
            "::notice file=c.toml,title=paved%3A inf could not be evaluated — inf%2C titled::inf says error%0Ax%0Ac.toml: bad%0Afile",
            "::warning file=a%2Cb.yml,line=7,title=paved%3A rec is custom — rec%2C titled::rec says custom%0Aa,b.yml:7: 50%25 done",
            "::error title=paved%3A req is missing — req%2C titled::req says missing%0Anothing, here",
            "::warning title=paved%3A unknown is missing::unknown says missing",
        ]
    );
}

#[test]
fn many_repos_prefix_paths_with_the_repo_name() {
    let rules = vec![rule("req", Severity::Required)];
    let ev = || vec![Evidence::at("src/x.rs", Some(3), "here")];
    let mut failed = repo("org/broken", vec![]);
    failed.error = Some("cannot open: gone".into());
    failed.commit = None;
    let repos = vec![
        repo("org/one", vec![result("req", Outcome::Custom, ev())]),
        failed,
    ];
    let report = Report::build(rules, repos, "2026-11-26T12:00:00Z".into());
    assert_eq!(
        rendered(&report),
        [
            "::error title=paved%3A org/broken could not be scanned::cannot open: gone",
            "::error file=org/one/src/x.rs,line=3,title=paved%3A org/one%3A req is custom — req%2C titled::req says custom%0Asrc/x.rs:3: here",
        ]
    );
}
