//! The trend as a terminal table: adoption per rule and team at each point.

use std::io::{self, Write};

use super::{change, counted, period, plural, rule_at, team_at, teams};
use crate::figures::pct_whole as pct;
use crate::report::RuleSummary;
use crate::report::trend::TrendReport;

/// Lays out rows of cells: the first column left-aligned, the rest right-aligned.
fn grid(rows: &[Vec<String>], out: &mut dyn Write) -> io::Result<()> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn cell(r: Option<&RuleSummary>) -> String {
    match r {
        Some(r) if counted(&r.counts) > 0 => {
            format!(
                "{} {}/{}",
                pct(r.adoption),
                r.counts.paved,
                counted(&r.counts)
            )
        }
        _ => "—".into(),
    }
}

pub fn table(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    let repos = t.repos.len();
    writeln!(
        out,
        "Paved-road adoption {} ({})",
        period(t),
        plural(repos, "repository", "repositories")
    )?;
    writeln!(out)?;
    let mut header = vec![String::new()];
    header.extend(t.points.iter().map(|p| p.date.clone()));
    header.push("change".into());
    let mut rows = vec![header];
    let mut org = vec!["org-wide".to_string()];
    org.extend(t.points.iter().map(|p| pct(p.summary.adoption)));
    org.push(change(t, |s| s.adoption));
    rows.push(org);
    for rule in &t.rules {
        let mut row = vec![format!("  {}", rule.id)];
        row.extend(t.points.iter().map(|p| cell(rule_at(&p.summary, &rule.id))));
        row.push(change(t, |s| rule_at(s, &rule.id).and_then(|r| r.adoption)));
        rows.push(row);
    }
    let names = teams(t);
    if !names.is_empty() {
        rows.push(vec!["by team".into()]);
        for team in names {
            let mut row = vec![format!("  {team}")];
            row.extend(
                t.points
                    .iter()
                    .map(|p| pct(team_at(&p.summary, team).and_then(|x| x.adoption))),
            );
            row.push(change(t, |s| team_at(s, team).and_then(|x| x.adoption)));
            rows.push(row);
        }
    }
    let mut scanned = vec!["repositories".to_string()];
    scanned.extend(t.points.iter().map(|p| p.summary.repos.to_string()));
    rows.push(scanned);
    let mut without = vec!["  no history yet".to_string()];
    without.extend(
        t.points
            .iter()
            .map(|p| p.summary.repos_without_history.to_string()),
    );
    rows.push(without);
    if t.points.iter().any(|p| p.summary.repos_failed > 0) {
        let mut failed = vec!["  could not be read".to_string()];
        failed.extend(t.points.iter().map(|p| p.summary.repos_failed.to_string()));
        rows.push(failed);
    }
    grid(&rows, out)?;
    writeln!(out)?;
    writeln!(
        out,
        "Each point is the last commit of each repository's default branch (first-parent) at the end of that day, UTC. Cells: adoption, paved/(paved+custom+missing)."
    )
}
