//! The `csv` format: one row per repo × rule for spreadsheets and BI tools (RFC 4180 quoting).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::RenderOptions;
use super::sanitize::csv_cell;
use super::table::location;
use crate::outcome::Evidence;
use crate::report::{Report, RuleInfo};

/// The header row; tools downstream select columns by these names.
pub const COLUMNS: [&str; 12] = [
    "repo", "team", "rule", "pack", "severity", "outcome", "path", "line", "note", "message",
    "commit", "evidence",
];

/// One piece of evidence as text: "path:line: note", "path: note" or "note".
fn evidence_text(ev: &Evidence) -> String {
    let loc = location(ev);
    match (loc.is_empty(), ev.note.is_empty()) {
        (true, _) => ev.note.clone(),
        (false, true) => loc,
        (false, false) => format!("{loc}: {}", ev.note),
    }
}

pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let rules: BTreeMap<&str, &RuleInfo> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    // Every cell may hold text from a repository: defanged, formulas defused.
    let cells =
        |row: &[&str]| -> Vec<String> { row.iter().map(|c| csv_cell(c).into_owned()).collect() };
    w.write_record(COLUMNS)?;
    for repo in &report.repos {
        let team = repo.team.as_deref().unwrap_or("");
        let commit = repo.commit.as_deref().unwrap_or("");
        if let Some(error) = &repo.error {
            w.write_record(cells(&[
                &repo.name, team, "", "", "", "error", "", "", "", error, commit, "",
            ]))?;
            continue;
        }
        for r in &repo.results {
            let info = rules.get(r.rule.as_str());
            let first = r.evidence.first();
            let path = first.and_then(|e| e.path.as_deref()).unwrap_or("");
            let line = first
                .and_then(|e| e.line)
                .filter(|l| *l > 0)
                .map(|l| l.to_string())
                .unwrap_or_default();
            let note = first.map_or("", |e| e.note.as_str());
            let all: Vec<String> = r.evidence.iter().map(evidence_text).collect();
            w.write_record(cells(&[
                repo.name.as_str(),
                team,
                &r.rule,
                info.map_or("", |i| i.pack.as_str()),
                info.map_or("", |i| i.severity.as_str()),
                r.outcome.as_str(),
                path,
                &line,
                note,
                &r.message,
                commit,
                &all.join("; "),
            ]))?;
        }
    }
    w.flush()
}
