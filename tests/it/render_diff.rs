//! `paved diff`: comparing two reports, loading them, and writing the comparison.

use paved::diff::{DiffError, Move, Presence, ReportDiff, compare, load_report};
use paved::outcome::{Evidence, Outcome, RuleResult};
use paved::render::{self, Format, RenderOptions};
use paved::report::{RepoReport, Report, RuleInfo, Severity};

fn fixture() -> Report {
    serde_json::from_str(include_str!("../data/report.json")).expect("fixture deserializes")
}

fn set(repo: &mut RepoReport, rule: &str, outcome: Outcome) {
    let r = repo
        .results
        .iter_mut()
        .find(|r| r.rule == rule)
        .expect("rule result present");
    let r = std::sync::Arc::make_mut(r);
    r.outcome = outcome;
    r.evidence = vec![Evidence::note(format!("{outcome} before"))];
}

/// The fixture as it was a quarter earlier: ledger had no CODEOWNERS, infra-tools' CI was still
/// paved, pay-gateway did not exist yet and retired-tool still did.
fn before() -> Report {
    let after = fixture();
    let mut repos: Vec<RepoReport> = after
        .repos
        .into_iter()
        .filter(|r| r.name != "acme/pay-gateway")
        .collect();
    for repo in &mut repos {
        match repo.name.as_str() {
            "acme/ledger" => set(repo, "codeowners", Outcome::Missing),
            "acme/infra-tools" => set(repo, "ci-workflow", Outcome::Paved),
            _ => {}
        }
    }
    let mut retired = repos
        .iter()
        .find(|r| r.name == "acme/checkout-web")
        .unwrap()
        .clone();
    retired.name = "acme/retired-tool".into();
    retired.path = "acme/retired-tool".into();
    repos.push(retired);
    Report::build(after.rules, repos, "2026-08-26T12:00:00Z".into())
}

fn moves(diff: &ReportDiff, moved: bool) -> Vec<(String, String, Outcome, Outcome)> {
    let it: Vec<(&str, &Move)> = if moved {
        diff.all_moved_to_paved().collect()
    } else {
        diff.all_regressed().collect()
    };
    it.into_iter()
        .map(|(rule, m)| (rule.to_string(), m.repo.clone(), m.from, m.to))
        .collect()
}

#[test]
fn movers_regressions_new_and_removed_repos() {
    let (before, after) = (before(), fixture());
    let diff = compare(&before, &after);
    assert_eq!(
        moves(&diff, true),
        [(
            "codeowners".to_string(),
            "acme/ledger".to_string(),
            Outcome::Missing,
            Outcome::Paved
        )]
    );
    assert_eq!(
        moves(&diff, false),
        [(
            "ci-workflow".to_string(),
            "acme/infra-tools".to_string(),
            Outcome::Paved,
            Outcome::Error
        )]
    );
    assert_eq!(diff.new_repos, ["acme/pay-gateway"]);
    assert_eq!(diff.removed_repos, ["acme/retired-tool"]);
    assert_eq!(diff.joined_paved_road, ["acme/ledger"]);
    assert_eq!(diff.left_paved_road, ["acme/infra-tools"]);

    assert_eq!(diff.before.repos, 9);
    assert_eq!(diff.after.repos, 9);
    assert_eq!(diff.adoption.before, before.summary.adoption);
    assert_eq!(diff.adoption.after, after.summary.adoption);
    assert_eq!(diff.on_paved_road.before, Some(0.3333));
    assert_eq!(diff.on_paved_road.after, Some(0.3333));
    assert_eq!(diff.on_paved_road.delta, Some(0.0));

    let ids: Vec<(&str, Presence)> = diff
        .rules
        .iter()
        .map(|r| (r.rule.as_str(), r.presence))
        .collect();
    assert_eq!(
        ids,
        [
            ("ci-workflow", Presence::Both),
            ("codeowners", Presence::Both),
            ("dependency-updates", Presence::Both),
            ("license", Presence::Both),
            ("readme", Presence::Both),
            ("security-policy", Presence::Both),
        ]
    );
    let co = diff.rules.iter().find(|r| r.rule == "codeowners").unwrap();
    // Before: retired-tool paved, ledger missing; after: ledger and pay-gateway paved, retired-tool gone.
    assert_eq!((co.paved.before, co.paved.after), (4, 5));
    assert_eq!(co.adoption.before, Some(0.5));
    assert_eq!(co.adoption.after, Some(0.625));
    assert_eq!(co.adoption.delta, Some(0.125));

    let teams: Vec<(&str, usize, usize)> = diff
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.repos.before, t.repos.after))
        .collect();
    assert_eq!(
        teams,
        [
            ("(unowned)", 2, 2),
            ("payments", 2, 3),
            ("platform", 2, 2),
            ("web", 3, 2)
        ]
    );
}

fn rule(id: &str) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        pack: "p".into(),
        title: id.into(),
        severity: Severity::Required,
        weight: 1.0,
        deadline: None,
        docs: None,
        fix: None,
    }
}

/// One repo with one result for rule `r`, or failed (`None`).
fn one(outcome: Option<Outcome>, generated_at: &str) -> Report {
    let results = outcome
        .map(|o| {
            vec![RuleResult {
                rule: "r".into(),
                outcome: o,
                evidence: vec![],
                message: String::new(),
            }]
        })
        .unwrap_or_default();
    let repo = RepoReport {
        name: "org/x".into(),
        path: "x".into(),
        commit: outcome.map(|_| "0".repeat(40)),
        committed_at: None,
        team: None,
        team_source: None,
        score: None,
        error: outcome.is_none().then(|| "cannot open".to_string()),
        notes: vec![],
        meta: Default::default(),
        results: results.into_iter().map(std::sync::Arc::new).collect(),
        template: None,
    };
    Report::build(vec![rule("r")], vec![repo], generated_at.into())
}

#[test]
fn which_transitions_move_or_regress() {
    use Outcome::*;
    // (before, after, moved to paved, regressed); None = the repo could not be scanned.
    let cases: &[(Option<Outcome>, Option<Outcome>, bool, bool)] = &[
        (Some(Missing), Some(Paved), true, false),
        (Some(Custom), Some(Paved), true, false),
        (Some(Exempt), Some(Paved), true, false),
        (Some(NotApplicable), Some(Paved), true, false),
        (Some(Error), Some(Paved), true, false),
        (None, Some(Paved), true, false),
        (Some(Paved), Some(Custom), false, true),
        (Some(Paved), Some(Missing), false, true),
        (Some(Paved), Some(Error), false, true),
        (Some(Paved), None, false, true),
        (Some(Paved), Some(Exempt), false, false),
        (Some(Paved), Some(NotApplicable), false, false),
        (Some(Paved), Some(Paved), false, false),
        (Some(Custom), Some(Missing), false, false),
        (None, None, false, false),
    ];
    for (b, a, moved, regressed) in cases {
        let diff = compare(&one(*b, "t0"), &one(*a, "t1"));
        let r = &diff.rules[0];
        assert_eq!(!r.moved_to_paved.is_empty(), *moved, "{b:?} -> {a:?} moved");
        assert_eq!(
            !r.regressed.is_empty(),
            *regressed,
            "{b:?} -> {a:?} regressed"
        );
        let m = r.moved_to_paved.first().or(r.regressed.first());
        if let Some(m) = m {
            assert_eq!(m.repo, "org/x");
            assert_eq!(
                (Some(m.from), Some(m.to)),
                (b.or(Some(Error)), a.or(Some(Error)))
            );
        }
    }
}

#[test]
fn rules_only_on_one_side() {
    let mut b = one(Some(Outcome::Paved), "t0");
    b.rules.push(rule("gone"));
    let b = Report::build(b.rules, b.repos, b.generated_at);
    let mut a = one(Some(Outcome::Paved), "t1");
    a.rules[0].id = "new".into();
    std::sync::Arc::make_mut(&mut a.repos[0].results[0]).rule = "new".into();
    let a = Report::build(a.rules, a.repos, a.generated_at);
    let diff = compare(&b, &a);
    let got: Vec<(&str, Presence, usize)> = diff
        .rules
        .iter()
        .map(|r| (r.rule.as_str(), r.presence, r.moved_to_paved.len()))
        .collect();
    assert_eq!(
        got,
        [
            ("gone", Presence::Removed, 0),
            ("new", Presence::Added, 0),
            ("r", Presence::Removed, 0)
        ]
    );
}

#[test]
fn load_report_checks_the_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let good = write("good.json", include_str!("../data/report.json"));
    assert_eq!(load_report(&good).unwrap(), fixture());
    let good = write("good-v2.json", include_str!("../data/report-v2.json"));
    assert_eq!(
        load_report(&good).unwrap(),
        fixture(),
        "version 2 reads alike"
    );

    let with_version =
        |v: &str| include_str!("../data/report.json").replacen("\"schema_version\": 1", v, 1);
    // (file, content, expected message)
    let cases: Vec<(&str, String, String)> = vec![
        (
            "newer.json",
            with_version("\"schema_version\": 3"),
            "newer.json has schema_version 3, newer than this paved reads (2); upgrade paved to compare it".into(),
        ),
        (
            "no-table.json",
            with_version("\"schema_version\": 2"),
            // serde reports a missing field where the document ends: its last line.
            format!(
                "no-table.json is not a paved JSON report: missing field `results` at line {} column 1",
                include_str!("../data/report.json").lines().count()
            ),
        ),
        (
            "older.json",
            with_version("\"schema_version\": 0"),
            "older.json has schema_version 0, older than this paved reads (1); scan again to produce a version 1 report"
                .into(),
        ),
        (
            "none.json",
            "{\"repos\": []}".into(),
            "none.json has no schema_version; it is not a paved JSON report".into(),
        ),
        (
            "text.json",
            "not json".into(),
            "text.json is not a paved JSON report: expected ident at line 1 column 2".into(),
        ),
        (
            "partial.json",
            "{\"schema_version\": 1, \"tool\": {\"name\": \"paved\", \"version\": \"0.1.0\"}}".into(),
            "partial.json is not a paved JSON report: missing field `generated_at` at line 1 column 68".into(),
        ),
    ];
    for (name, text, want) in cases {
        let path = write(name, &text);
        let err = load_report(&path).unwrap_err().to_string();
        assert_eq!(err, format!("{}/{want}", dir.path().display()), "{name}");
    }
    let missing = dir.path().join("missing.json");
    let err = load_report(&missing).unwrap_err();
    assert!(
        matches!(err, DiffError::Read { ref path, .. } if path == &missing),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with(&format!("cannot read {}: ", missing.display()))
    );
}

fn render_diff(format: Format) -> String {
    let diff = compare(&before(), &fixture());
    let mut out = Vec::new();
    render::diff::render(&diff, format, &RenderOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn diff_table() {
    insta::assert_snapshot!(render_diff(Format::Table));
}

#[test]
fn diff_markdown() {
    insta::assert_snapshot!(render_diff(Format::Markdown));
}

#[test]
fn diff_json() {
    insta::assert_snapshot!(render_diff(Format::Json));
}

/// Two `scan --as-of` reports made the same minute: the diff tells them apart by their as-of
/// moments, in the table, the Markdown and the JSON.
#[test]
fn diff_shows_both_as_of_dates() {
    let mut b = before();
    let mut a = fixture();
    b.as_of = Some("2026-03-31T23:59:59Z".into());
    a.as_of = Some("2026-06-30T23:59:59Z".into());
    let diff = compare(&b, &a);
    let render = |format| {
        let mut out = Vec::new();
        render::diff::render(&diff, format, &RenderOptions::default(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let table = render(Format::Table);
    let heads: Vec<&str> = table.lines().take(2).collect();
    assert!(
        heads[0].starts_with("before as of 2026-03-31T23:59:59Z (generated "),
        "{table}"
    );
    assert!(
        heads[1].starts_with("after  as of 2026-06-30T23:59:59Z (generated "),
        "{table}"
    );
    let md = render(Format::Markdown);
    assert!(
        md.contains("| As of | 2026-03-31T23:59:59Z | 2026-06-30T23:59:59Z | |"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
    assert_eq!(json["before"]["as_of"], "2026-03-31T23:59:59Z");
    assert_eq!(json["after"]["as_of"], "2026-06-30T23:59:59Z");
}

#[test]
fn diff_rejects_other_formats() {
    let diff = compare(&before(), &fixture());
    let err = render::diff::render(
        &diff,
        Format::Csv,
        &RenderOptions::default(),
        &mut Vec::new(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::Unsupported);
}
