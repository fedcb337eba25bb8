//! The shared fixture report (tests/data/report.json) stays a real, consistent report.
//!
//! `PAVED_REGEN_FIXTURE=1 cargo test --test render_fixture` rebuilds its summary and scores
//! with `Report::build` after the rules or repos were edited by hand.

use paved::outcome::Outcome;
use paved::report::{Report, SCHEMA_VERSION};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/report.json");

fn load() -> Report {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture is readable");
    serde_json::from_str(&text).expect("fixture deserializes into Report")
}

#[test]
fn fixture_summary_matches_report_build() {
    let report = load();
    let mut rebuilt = Report::build(
        report.rules.clone(),
        report.repos.clone(),
        report.generated_at.clone(),
    );
    // The fixture's tool version stays put when the crate's version moves on.
    rebuilt.tool = report.tool.clone();
    if std::env::var_os("PAVED_REGEN_FIXTURE").is_some() {
        let mut text = serde_json::to_string_pretty(&rebuilt).expect("report serializes");
        text.push('\n');
        std::fs::write(FIXTURE, text).expect("fixture is writable");
        return;
    }
    assert_eq!(
        report, rebuilt,
        "tests/data/report.json is stale; regenerate it (see the module doc)"
    );
}

#[test]
fn fixture_covers_what_renderers_need() {
    let report = load();
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert_eq!(report.rules.len(), 6);
    assert!(report.rules.iter().all(|r| r.pack == "basics"));
    for outcome in Outcome::ALL {
        let n = report
            .summary
            .rules
            .iter()
            .map(|r| r.counts.get(outcome))
            .sum::<usize>();
        assert!(n > 0, "no result with outcome {outcome}");
    }
    let teams: Vec<&str> = report
        .summary
        .teams
        .iter()
        .map(|t| t.team.as_str())
        .collect();
    assert_eq!(teams, ["(unowned)", "payments", "platform", "web"]);
    let failed: Vec<&str> = report
        .repos
        .iter()
        .filter(|r| r.error.is_some())
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(failed, ["acme/old-scripts"]);
    assert_eq!(report.summary.repos_failed, 1);
    let deadlines: Vec<(&str, &str)> = report
        .rules
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.deadline.as_deref()?)))
        .collect();
    assert_eq!(
        deadlines,
        [("ci-workflow", "2026-12-31"), ("license", "2026-09-30")]
    );
}
