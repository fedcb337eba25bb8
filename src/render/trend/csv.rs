//! The trend as CSV: one row per point and scope (org, team, rule).

use std::io::{self, Write};

use crate::report::Counts;
use crate::report::trend::TrendReport;

/// The CSV header: one row per point and scope (`org`, `rule`, `team`, `team_rule`).
pub const CSV_COLUMNS: [&str; 17] = [
    "date",
    "as_of",
    "scope",
    "team",
    "rule",
    "repos",
    "repos_failed",
    "repos_without_history",
    "on_paved_road",
    "adoption",
    "paved",
    "custom",
    "missing",
    "not_applicable",
    "exempt",
    "error",
    "weight",
];

fn fraction(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

pub fn csv(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let weight = |rule: &str| {
        t.rule(rule)
            .map(|r| format!("{}", r.weight))
            .unwrap_or_default()
    };
    let counts = |c: &Counts| {
        [
            c.paved.to_string(),
            c.custom.to_string(),
            c.missing.to_string(),
            c.not_applicable.to_string(),
            c.exempt.to_string(),
            c.error.to_string(),
        ]
    };
    for p in &t.points {
        let s = &p.summary;
        let mut total = Counts::default();
        for r in &s.rules {
            total.absorb(&r.counts);
        }
        let head = |scope: &str, team: &str, rule: &str| {
            vec![
                p.date.clone(),
                p.as_of.clone(),
                scope.to_string(),
                team.to_string(),
                rule.to_string(),
            ]
        };
        // A rule's row, org-wide or within a team: no repo figures, its adoption and counts.
        let rule_row = |scope: &str, team: &str, r: &crate::report::RuleSummary| {
            let mut row = head(scope, team, &r.rule);
            row.extend(std::iter::repeat_n(String::new(), 4));
            row.push(fraction(r.adoption));
            row.extend(counts(&r.counts));
            row.push(weight(&r.rule));
            row
        };
        let mut row = head("org", "", "");
        row.extend([
            s.repos.to_string(),
            s.repos_failed.to_string(),
            s.repos_without_history.to_string(),
            fraction(s.on_paved_road),
            fraction(s.adoption),
        ]);
        row.extend(counts(&total));
        row.push(String::new());
        w.write_record(&row)?;
        for r in &s.rules {
            w.write_record(rule_row("rule", "", r))?;
        }
        for team in &s.teams {
            let mut row = head("team", &team.team, "");
            row.extend([
                team.repos.to_string(),
                String::new(),
                String::new(),
                fraction(team.on_paved_road),
                fraction(team.adoption),
            ]);
            row.extend(std::iter::repeat_n(String::new(), 7));
            w.write_record(&row)?;
            for r in &team.rules {
                w.write_record(rule_row("team_rule", &team.team, r))?;
            }
        }
    }
    w.flush()
}
