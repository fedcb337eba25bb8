//! The `csv` format parses back, field for field, with RFC 4180 quoting.

use paved::outcome::{Evidence, Outcome, RuleResult};
use paved::render::{self, Format, RenderOptions};
use paved::report::{RepoReport, Report, RuleInfo, Severity};

fn parse(report: &Report) -> (Vec<String>, Vec<Vec<String>>) {
    let mut out = Vec::new();
    render::render(report, Format::Csv, &RenderOptions::default(), &mut out).unwrap();
    assert!(out.ends_with(b"\r\n"), "records end with CRLF");
    let mut rd = csv::Reader::from_reader(out.as_slice());
    let header = rd.headers().unwrap().iter().map(str::to_string).collect();
    let rows = rd
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn tricky_text_round_trips() {
    let rules = vec![RuleInfo {
        id: "r".into(),
        pack: "p".into(),
        title: "t".into(),
        severity: Severity::Required,
        weight: 1.0,
        deadline: None,
        docs: None,
        fix: None,
    }];
    let notes = [
        "plain",
        "comma, here",
        "say \"hi\"",
        "two\nlines",
        "crlf\r\nline",
        "\"quoted, comma\"\nand more",
        "=cmd|' /C calc'!A0",
        "",
    ];
    let repos: Vec<RepoReport> = notes
        .iter()
        .enumerate()
        .map(|(i, note)| RepoReport {
            name: format!("org/repo-{i}"),
            path: format!("repo-{i}"),
            commit: Some(format!("{i:040}")),
            committed_at: None,
            team: (i % 2 == 0).then(|| "team, a".to_string()),
            team_source: None,
            score: None,
            error: None,
            notes: vec![],
            meta: Default::default(),
            results: vec![std::sync::Arc::new(RuleResult {
                rule: "r".into(),
                outcome: Outcome::Custom,
                evidence: vec![
                    Evidence::at("dir/a,b.txt", Some(3), *note),
                    Evidence::note("second"),
                ],
                message: format!("message: {note}"),
            })],
            template: None,
        })
        .collect();
    let report = Report::build(rules, repos, "2026-11-26T12:00:00Z".into());
    let (header, rows) = parse(&report);
    assert_eq!(
        header,
        [
            "repo", "team", "rule", "pack", "severity", "outcome", "path", "line", "note",
            "message", "commit", "evidence"
        ]
    );
    assert_eq!(rows.len(), notes.len());
    for (i, (row, note)) in rows.iter().zip(notes).enumerate() {
        let team = if i % 2 == 0 { "team, a" } else { "" };
        let evidence = format!("dir/a,b.txt:3: {note}; second");
        let evidence = if note.is_empty() {
            "dir/a,b.txt:3; second".to_string()
        } else {
            evidence
        };
        assert_eq!(
            *row,
            [
                &format!("org/repo-{i}"),
                team,
                "r",
                "p",
                "required",
                "custom",
                "dir/a,b.txt",
                "3",
                // A formula is defused (OWASP): `'=cmd...`.
                &paved::render::sanitize::csv_cell(note),
                &format!("message: {note}"),
                &format!("{i:040}"),
                &evidence,
            ],
            "row {i}"
        );
    }
    assert_eq!(rows[6][8], "'=cmd|' /C calc'!A0");
}

#[test]
fn fixture_rows_and_failed_repo() {
    let report: Report = serde_json::from_str(include_str!("../data/report.json")).unwrap();
    let (_, rows) = parse(&report);
    let results: usize = report.repos.iter().map(|r| r.results.len().max(1)).sum();
    assert_eq!(rows.len(), results);

    let failed: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "acme/old-scripts").collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0][5], "error");
    assert_eq!(
        failed[0][9],
        report
            .repos
            .iter()
            .find(|r| r.name == "acme/old-scripts")
            .unwrap()
            .error
            .clone()
            .unwrap()
    );
    assert_eq!(failed[0][2], "", "a failed repo has no rule");

    // Every (repo, rule, outcome) triple is the report's, in the report's order.
    let want: Vec<(String, String, String)> = report
        .repos
        .iter()
        .flat_map(|repo| {
            let name = repo.name.clone();
            let rows: Vec<(String, String, String)> = if repo.error.is_some() {
                vec![(name, String::new(), "error".into())]
            } else {
                repo.results
                    .iter()
                    .map(|r| (name.clone(), r.rule.clone(), r.outcome.to_string()))
                    .collect()
            };
            rows
        })
        .collect();
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[0].clone(), r[2].clone(), r[5].clone()))
        .collect();
    assert_eq!(got, want);

    let multi_line = rows
        .iter()
        .find(|r| r[0] == "acme/infra-tools" && r[2] == "ci-workflow")
        .expect("infra-tools ci row");
    assert_eq!(multi_line[7], "14");
    assert_eq!(
        multi_line[8],
        "did not parse: mapping values are not allowed in this context\nat line 14, column 12"
    );
}
