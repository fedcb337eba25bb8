//! The `table` format: the aligned, terminal-first summary of a report (the default on a tty).
//!
//! Also home of the report queries shared by the human formats (deadline of a rule, which
//! repos are off the paved road), so that table, markdown and github agree on them; the
//! figures themselves (percentages, deadline status) come from [`crate::figures`].

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io::{self, Write};

use jiff::civil::Date;

use super::RenderOptions;
use super::grid::{
    Align, Cell, Col, Grid, Painter, SHOWN, Style, cell, col, join_fitting, more_line, shrinking,
    styled, truncate, truncate_middle, width, wrap,
};
use crate::figures::{self, Due, pct};
use crate::outcome::{Evidence, Outcome, RuleResult};
use crate::report::{Counts, RepoReport, Report, RuleInfo, RuleSummary, Severity, on_paved_road};

// ---------------------------------------------------------------------------------------------
// Report queries shared by the human formats.

/// Where a rule stands against its deadline on `today`; `None` without a readable deadline.
pub(crate) fn rule_due(rule: &RuleInfo, today: Date) -> Option<Due> {
    figures::due_str(rule.deadline.as_deref()?, today)
}

/// The table's deadline column: `!` past, `~` due soon.
fn marker(due: Due) -> &'static str {
    match due {
        Due::Past { .. } => "!",
        Due::Soon { .. } => "~",
        Due::Later { .. } => " ",
    }
}

/// A result that keeps a repo off the paved road: a required rule neither paved, exempt nor
/// not applicable.
pub(crate) fn blocks_road(result: &RuleResult, rules: &BTreeMap<&str, &RuleInfo>) -> bool {
    rules
        .get(result.rule.as_str())
        .is_some_and(|r| r.severity == Severity::Required)
        && !matches!(
            result.outcome,
            Outcome::Paved | Outcome::Exempt | Outcome::NotApplicable
        )
}

/// A result that is not (yet) paved: custom, missing or error.
pub(crate) fn not_paved(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Custom | Outcome::Missing | Outcome::Error)
}

pub(crate) fn rules_by_id(report: &Report) -> BTreeMap<&str, &RuleInfo> {
    report.rules.iter().map(|r| (r.id.as_str(), r)).collect()
}

/// Scanned repos that are not on the paved road, each with the results that keep it off, in
/// report order (by name). Failed repos are left to their own section.
pub(crate) fn off_road(report: &Report) -> Vec<(&RepoReport, Vec<&RuleResult>)> {
    let rules = rules_by_id(report);
    report
        .repos
        .iter()
        .filter(|repo| repo.error.is_none() && !on_paved_road(repo, &rules))
        .map(|repo| {
            (
                repo,
                repo.results
                    .iter()
                    .filter(|r| blocks_road(r, &rules))
                    .map(|r| &**r)
                    .collect(),
            )
        })
        .collect()
}

/// How many repos (failed ones included) are on the paved road.
pub(crate) fn on_road_count(report: &Report) -> usize {
    let rules = rules_by_id(report);
    report
        .repos
        .iter()
        .filter(|r| on_paved_road(r, &rules))
        .count()
}

/// The repos whose result for `rule` is not paved (custom, missing, error), with the outcome.
pub(crate) fn not_paved_for<'a>(report: &'a Report, rule: &str) -> Vec<(&'a RepoReport, Outcome)> {
    report
        .repos
        .iter()
        .filter_map(|repo| {
            let r = repo.results.iter().find(|r| r.rule == rule)?;
            not_paved(r.outcome).then_some((repo, r.outcome))
        })
        .collect()
}

/// "path:line", "path", or "" for evidence without a path.
pub(crate) fn location(ev: &Evidence) -> String {
    match (&ev.path, ev.line) {
        (Some(p), Some(l)) if l > 0 => format!("{p}:{l}"),
        (Some(p), _) => p.clone(),
        (None, _) => String::new(),
    }
}

/// What a result says in one line: its message, the finding sentence (with how many more
/// findings there are); for an exemption, what covers it. Not-applicable results say why with
/// their first evidence ("path:line — note", the place left out when the note names it).
pub(crate) fn first_evidence(result: &RuleResult) -> String {
    if result.outcome != crate::outcome::Outcome::NotApplicable && !result.message.is_empty() {
        return result.message.clone();
    }
    let Some(ev) = result.evidence.first() else {
        return result.message.clone();
    };
    let loc = location(ev);
    let path = ev.path.as_deref().unwrap_or_default();
    let line = match (loc.is_empty(), ev.note.is_empty()) {
        (true, _) => ev.note.clone(),
        (false, true) => loc,
        (false, false) if ev.note.contains(path) => ev.note.clone(),
        (false, false) => format!("{loc} — {}", ev.note),
    };
    match crate::outcome::more_findings(&result.evidence) {
        0 => line,
        n => format!("{line} (and {n} more)"),
    }
}

/// An exemption that expired: the rule is judged again, and the report keeps the exemption as
/// the result's evidence.
pub(crate) struct Expired<'a> {
    pub repo: &'a RepoReport,
    pub rule: &'a str,
    pub until: &'a str,
    /// Where it was granted ("paved.yml:12", or the repository's own ".paved.yml:3").
    pub granted_in: String,
    pub reason: &'a str,
}

/// Every expired exemption in the report, by repository and rule.
pub(crate) fn expired_exemptions(report: &Report) -> Vec<Expired<'_>> {
    report
        .repos
        .iter()
        .flat_map(|repo| {
            repo.results.iter().flat_map(move |r| {
                r.evidence.iter().filter_map(move |ev| {
                    let (until, reason) = crate::policy::expired_note(&ev.note)?;
                    Some(Expired {
                        repo,
                        rule: &r.rule,
                        until,
                        granted_in: location(ev),
                        reason,
                    })
                })
            })
        })
        .collect()
}

/// Line breaks and runs of whitespace become one space: table cells are single lines.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// The table itself.

const COUNT_COLUMNS: [(&str, Outcome); 6] = [
    ("paved", Outcome::Paved),
    ("custom", Outcome::Custom),
    ("missing", Outcome::Missing),
    ("n.a.", Outcome::NotApplicable),
    ("exempt", Outcome::Exempt),
    ("error", Outcome::Error),
];

/// How much the rules table gives up to fit: nothing, the severity's full word, then the
/// columns of results that do not count towards adoption (n.a., exempt, error).
#[derive(Clone, Copy, PartialEq)]
enum Narrow {
    Full,
    ShortSeverity,
    AdoptionCounts,
}

/// The columns of `COUNT_COLUMNS` shown at `narrow`.
fn count_columns(narrow: Narrow) -> &'static [(&'static str, Outcome)] {
    if narrow == Narrow::AdoptionCounts {
        &COUNT_COLUMNS[..3]
    } else {
        &COUNT_COLUMNS
    }
}

fn counts_cells(counts: &Counts, adoption: Option<f64>, narrow: Narrow) -> Vec<Cell> {
    let mut cells: Vec<Cell> = count_columns(narrow)
        .iter()
        .map(|(_, o)| cell(counts.get(*o).to_string()))
        .collect();
    cells.push(styled(pct(adoption), Style::for_adoption(adoption)));
    cells
}

fn counts_header(narrow: Narrow) -> Vec<Col> {
    let severity = if narrow == Narrow::Full {
        "severity"
    } else {
        "sev"
    };
    let mut h = vec![shrinking("rule", 12), col(severity, Align::Left)];
    h.extend(
        count_columns(narrow)
            .iter()
            .map(|(name, _)| col(*name, Align::Right)),
    );
    h.push(col("adoption", Align::Right));
    h
}

fn bar(adoption: Option<f64>, len: usize) -> (String, String) {
    let Some(a) = adoption else {
        return (String::new(), String::new());
    };
    let filled = ((a * len as f64).round() as usize).min(len);
    ("█".repeat(filled), "░".repeat(len - filled))
}

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let p = Painter {
        color: opts.color,
        width: opts.width,
    };
    let s = &report.summary;
    let failed = if s.repos_failed > 0 {
        format!(" ({} failed)", s.repos_failed)
    } else {
        String::new()
    };
    let parts = [
        format!("{} scanned{failed}", plural(s.repos, "repo")),
        format!("adoption {}", pct(s.adoption)),
        format!(
            "on the paved road {} ({} of {})",
            pct(s.on_paved_road),
            on_road_count(report),
            s.repos
        ),
    ];
    for line in join_fitting(&parts, p.width) {
        p.line(out, &line)?;
    }
    if let Some(as_of) = &report.as_of {
        p.line(out, &format!("as of {as_of}"))?;
    }
    if let Some(line) = super::builtin_line(opts) {
        p.line(out, &line)?;
    }
    for t in &s.templates {
        for (i, l) in wrap(&t.describe(), p.width.saturating_sub(2))
            .iter()
            .enumerate()
        {
            let indent = if i == 0 { "" } else { "  " };
            p.line(out, &format!("{indent}{l}"))?;
        }
    }
    writeln!(out)?;

    rules_table(report, opts, &p, out)?;
    if let Some(by) = opts.by {
        super::matrix::section(report, by, opts.all, &p, out)?;
    }
    off_road_section(report, opts.all, &p, out)?;
    expired_section(report, opts.all, &p, out)?;
    failed_section(report, opts.all, &p, out)
}

/// The rules table at the first [`Narrow`] level that fits `max` columns (rule ids cut with
/// "…" down to 12 columns before the next level).
fn rules_grid(report: &Report, max: usize) -> Grid {
    let rules = rules_by_id(report);
    let build = |narrow: Narrow| {
        let mut grid = Grid::new(counts_header(narrow));
        for rs in &report.summary.rules {
            let severity = rules.get(rs.rule.as_str()).map_or("", |r| {
                if narrow == Narrow::Full {
                    r.severity.as_str()
                } else {
                    &r.severity.as_str()[..3]
                }
            });
            let mut row = vec![cell(&rs.rule), cell(severity)];
            row.extend(counts_cells(&rs.counts, rs.adoption, narrow));
            grid.rows.push(row);
        }
        grid
    };
    let full = build(Narrow::Full);
    if full.total_width(usize::MAX) <= max {
        return full;
    }
    let short = build(Narrow::ShortSeverity);
    if short.total_width(max) <= max {
        return short;
    }
    build(Narrow::AdoptionCounts)
}

fn rules_table(
    report: &Report,
    opts: &RenderOptions,
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rules = rules_by_id(report);
    let grid = rules_grid(report, p.width);
    let dues: Vec<Option<Due>> = report
        .summary
        .rules
        .iter()
        .map(|rs| {
            rules
                .get(rs.rule.as_str())
                .and_then(|r| rule_due(r, opts.today))
        })
        .collect();
    let adoptions: Vec<Option<f64>> = report.summary.rules.iter().map(|r| r.adoption).collect();

    // The bar follows two spaces after the table, where at least five cells fit.
    let room = p.width.saturating_sub(grid.total_width(p.width) + 2);
    let bar_len = room.min(10);
    let show_bar = bar_len >= 5;
    grid.write(
        out,
        p,
        &|i| {
            format!(
                "{} ",
                p.paint(Style::for_due(dues[i]), dues[i].map_or(" ", marker))
            )
        },
        &|i| {
            if !show_bar {
                return String::new();
            }
            let (full, empty) = bar(adoptions[i], bar_len);
            format!(
                "  {}{}",
                p.paint(Style::for_adoption(adoptions[i]), &full),
                p.paint(Style::Dim, &empty)
            )
        },
    )?;

    // Deadlines that need attention, most urgent first.
    let mut notes: Vec<(&RuleSummary, Due)> = report
        .summary
        .rules
        .iter()
        .zip(&dues)
        .filter_map(|(rs, d)| d.filter(|d| d.is_pressing()).map(|d| (rs, d)))
        .collect();
    notes.sort_by_key(|(rs, d)| (d.date(), rs.rule.clone()));
    if !notes.is_empty() {
        writeln!(out)?;
    }
    for (rs, due) in notes {
        let open = rs.counts.custom + rs.counts.missing + rs.counts.error;
        let what = match open {
            0 => "every applicable repo is paved".to_string(),
            1 => "1 repo not paved".to_string(),
            n => format!("{n} repos not paved"),
        };
        let line = format!("{} {}: {}, {what}", marker(due), rs.rule, due.describe());
        let line = truncate(&line, p.width);
        p.line(out, &p.paint(Style::for_due(Some(due)), &line))?;
    }
    Ok(())
}

fn off_road_section(
    report: &Report,
    all: bool,
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut off = off_road(report);
    let scanned = report.summary.repos - report.summary.repos_failed;
    writeln!(out)?;
    if off.is_empty() {
        if scanned > 0 {
            match scanned {
                1 => p.line(out, "The scanned repo is on the paved road.")?,
                n => p.line(
                    out,
                    &format!("All {n} scanned repos are on the paved road."),
                )?,
            }
        }
        return Ok(());
    }
    let cut = !all && off.len() > SHOWN;
    let title = if cut {
        format!(
            "Not on the paved road ({} of {scanned} scanned; lowest scores first):",
            off.len()
        )
    } else {
        format!(
            "Not on the paved road ({} of {scanned} scanned):",
            off.len()
        )
    };
    p.line(out, &p.paint(Style::Bold, &truncate(&title, p.width)))?;
    if cut {
        // A long list is one line per repository, the lowest scores first: the rules that keep
        // it off the road, each with its evidence a click away in `--all`, csv or html.
        off.sort_by(|a, b| a.0.score.partial_cmp(&b.0.score).unwrap_or(Ordering::Equal));
        let name_w = off[..SHOWN]
            .iter()
            .map(|(r, _)| width(&r.name))
            .max()
            .unwrap_or(0)
            .min(p.width / 3);
        for (repo, results) in &off[..SHOWN] {
            let team = repo.team.as_deref().unwrap_or(crate::report::UNOWNED);
            let rules: Vec<&str> = results.iter().map(|r| r.rule.as_str()).collect();
            let rules = match rules.len() {
                0 | 1 => rules.join(""),
                n => format!("{n} rules: {}", rules.join(", ")),
            };
            let name = format!("{:name_w$}", truncate_middle(&repo.name, name_w));
            p.line(
                out,
                &format!(
                    "  {}  {}  {}",
                    p.paint(Style::Bold, &name),
                    p.paint(Style::Dim, &format!("{team} · {}", pct(repo.score))),
                    rules
                ),
            )?;
        }
        return more_line(p, out, off.len() - SHOWN);
    }
    off_road_detail(&off, p, out)
}

/// Every off-road repository with each result that keeps it off and its evidence, wrapped.
fn off_road_detail(
    off: &[(&RepoReport, Vec<&RuleResult>)],
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rule_w = off
        .iter()
        .flat_map(|(_, rs)| rs.iter().map(|r| width(&r.rule)))
        .max()
        .unwrap_or(0)
        .min(p.width / 3);
    let outcome_w = off
        .iter()
        .flat_map(|(_, rs)| rs.iter().map(|r| width(r.outcome.as_str())))
        .max()
        .unwrap_or(0);
    let lead = 4 + rule_w + 2 + outcome_w + 2;
    for (repo, results) in off {
        let team = repo.team.as_deref().unwrap_or(crate::report::UNOWNED);
        p.line(
            out,
            &format!(
                "  {}  {}",
                p.paint(Style::Bold, &repo.name),
                p.paint(Style::Dim, &format!("{team} · score {}", pct(repo.score)))
            ),
        )?;
        for r in results {
            let text = one_line(&first_evidence(r));
            for (i, l) in wrap(&text, p.width.saturating_sub(lead)).iter().enumerate() {
                if i == 0 {
                    let rule = format!("{:rule_w$}", truncate_middle(&r.rule, rule_w));
                    let outcome = format!("{:outcome_w$}", r.outcome.as_str());
                    let l = format!(
                        "    {rule}  {}  {l}",
                        p.paint(Style::for_outcome(r.outcome), &outcome)
                    );
                    p.line(out, &l)?;
                } else {
                    p.line(out, &format!("{}{l}", " ".repeat(lead)))?;
                }
            }
        }
    }
    Ok(())
}

/// Exemptions that expired (the rule is judged again; the report keeps them as evidence): repo,
/// rule, the day it expired, where it was granted and why.
fn expired_section(report: &Report, all: bool, p: &Painter, out: &mut dyn Write) -> io::Result<()> {
    let expired = expired_exemptions(report);
    if expired.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    p.line(
        out,
        &p.paint(
            Style::Bold,
            &format!("Expired exemptions ({}):", expired.len()),
        ),
    )?;
    let shown = if all {
        expired.len()
    } else {
        SHOWN.min(expired.len())
    };
    for e in &expired[..shown] {
        p.line(
            out,
            &format!(
                "  {}  {}  {}",
                p.paint(Style::Bold, &e.repo.name),
                e.rule,
                p.paint(Style::Red, &format!("expired {}", e.until))
            ),
        )?;
        let granted = format!("granted in {}: {}", e.granted_in, one_line(e.reason));
        for l in wrap(&granted, p.width.saturating_sub(4)) {
            p.line(out, &format!("    {}", p.paint(Style::Dim, &l)))?;
        }
    }
    more_line(p, out, expired.len() - shown)
}

fn failed_section(report: &Report, all: bool, p: &Painter, out: &mut dyn Write) -> io::Result<()> {
    let failed: Vec<&RepoReport> = report.repos.iter().filter(|r| r.error.is_some()).collect();
    if failed.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    p.line(
        out,
        &p.paint(
            Style::Bold,
            &format!("Could not be scanned ({}):", failed.len()),
        ),
    )?;
    let cut = !all && failed.len() > SHOWN;
    let shown = if cut { SHOWN } else { failed.len() };
    for repo in &failed[..shown] {
        let error = one_line(repo.error.as_deref().unwrap_or_default());
        if cut {
            // One line each: the start of the error, the rest in `--all`.
            p.line(
                out,
                &format!(
                    "  {}  {}",
                    p.paint(Style::Bold, &repo.name),
                    p.paint(Style::Magenta, &error)
                ),
            )?;
            continue;
        }
        p.line(out, &format!("  {}", p.paint(Style::Bold, &repo.name)))?;
        for l in wrap(&error, p.width.saturating_sub(4)) {
            p.line(out, &format!("    {}", p.paint(Style::Magenta, &l)))?;
        }
    }
    more_line(p, out, failed.len() - shown)
}

/// "1 repo", "3 repos".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_is_judged_against_today() {
        let today = jiff::civil::date(2026, 11, 26);
        let rule = |deadline: Option<&str>| RuleInfo {
            id: "r".into(),
            pack: "p".into(),
            title: "t".into(),
            severity: Severity::Required,
            weight: 1.0,
            deadline: deadline.map(str::to_string),
            docs: None,
            fix: None,
        };
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (None, None),
            (Some("not a date"), None),
            (
                Some("2026-09-30"),
                Some("past deadline 2026-09-30 (57 days ago)"),
            ),
            (
                Some("2026-11-25"),
                Some("past deadline 2026-11-25 (yesterday)"),
            ),
            (Some("2026-11-26"), Some("due 2026-11-26 (today)")),
            (Some("2026-11-27"), Some("due 2026-11-27 (tomorrow)")),
            (Some("2026-12-31"), Some("due 2026-12-31 (in 35 days)")),
            (Some("2027-03-31"), Some("due 2027-03-31 (in 125 days)")),
        ];
        for (deadline, want) in cases {
            let got = rule_due(&rule(*deadline), today).map(Due::describe);
            assert_eq!(got.as_deref(), *want, "deadline {deadline:?}");
        }
        // Due soon is within figures::SOON_DAYS (30): the 15th of December, not the 31st.
        let markers: Vec<&str> = ["2026-09-30", "2026-12-15", "2026-12-31", "2027-03-31"]
            .iter()
            .map(|d| rule_due(&rule(Some(d)), today).map_or("?", marker))
            .collect();
        assert_eq!(markers, ["!", "~", " ", " "]);
    }

    #[test]
    fn bar_rounds_to_cells() {
        let cases: &[(Option<f64>, &str)] = &[
            (None, ""),
            (Some(0.0), "░░░░░"),
            (Some(0.5), "███░░"),
            (Some(0.6667), "███░░"),
            (Some(1.0), "█████"),
        ];
        for (a, want) in cases {
            let (full, empty) = bar(*a, 5);
            assert_eq!(format!("{full}{empty}"), *want, "{a:?}");
        }
    }
}
