//! The `table` format: the aligned, terminal-first summary of a report (the default on a tty).
//!
//! Also home of the report queries shared by the human formats (deadline of a rule, which
//! repos are off the paved road), so that table, markdown and github agree on them; the
//! figures themselves (percentages, deadline status) come from [`crate::figures`].

use std::collections::BTreeMap;
use std::io::{self, Write};

use jiff::civil::Date;

use super::RenderOptions;
use crate::figures::{self, Due, pct};
use crate::outcome::{Evidence, Outcome, RuleResult};
use crate::report::{Counts, RepoReport, Report, RuleInfo, RuleSummary, Severity, on_paved_road};

/// Lines stay within this many columns so the table reads in a plain 100-column terminal.
const WIDTH: usize = 100;

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

/// The first evidence as one line ("path:line — note"), else the result's message.
pub(crate) fn first_evidence(result: &RuleResult) -> String {
    match result.evidence.first() {
        Some(ev) => {
            let loc = location(ev);
            match (loc.is_empty(), ev.note.is_empty()) {
                (true, _) => ev.note.clone(),
                (false, true) => loc,
                (false, false) => format!("{loc} — {}", ev.note),
            }
        }
        None => result.message.clone(),
    }
}

/// Line breaks and runs of whitespace become one space: table cells are single lines.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Terminal styling and alignment.

#[derive(Clone, Copy)]
enum Style {
    Plain,
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    Magenta,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Plain => "",
            Style::Bold => "1",
            Style::Dim => "2",
            Style::Red => "31",
            Style::Green => "32",
            Style::Yellow => "33",
            Style::Magenta => "35",
        }
    }

    fn for_adoption(v: Option<f64>) -> Style {
        match v {
            Some(v) if v >= 0.8 => Style::Green,
            Some(v) if v >= 0.5 => Style::Yellow,
            Some(_) => Style::Red,
            None => Style::Dim,
        }
    }

    fn for_outcome(o: Outcome) -> Style {
        match o {
            Outcome::Paved => Style::Green,
            Outcome::Custom => Style::Yellow,
            Outcome::Missing => Style::Red,
            Outcome::Error => Style::Magenta,
            Outcome::NotApplicable | Outcome::Exempt => Style::Dim,
        }
    }

    fn for_due(d: Option<Due>) -> Style {
        match d {
            Some(Due::Past { .. }) => Style::Red,
            Some(Due::Soon { .. }) => Style::Yellow,
            _ => Style::Plain,
        }
    }
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, style: Style, s: &str) -> String {
        if !self.color || matches!(style, Style::Plain) || s.is_empty() {
            s.to_string()
        } else {
            format!("\x1b[{}m{s}\x1b[0m", style.code())
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

struct Cell {
    text: String,
    style: Style,
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        style: Style::Plain,
    }
}

fn styled(text: impl Into<String>, style: Style) -> Cell {
    Cell {
        text: text.into(),
        style,
    }
}

/// An aligned table: widths come from the plain text, colour is applied after padding so
/// escapes never shift a column.
struct Grid {
    header: Vec<(&'static str, Align)>,
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn new(header: Vec<(&'static str, Align)>) -> Self {
        Grid {
            header,
            rows: Vec::new(),
        }
    }

    fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|(h, _)| width(h)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                w[i] = w[i].max(width(&c.text));
            }
        }
        w
    }

    fn total_width(&self, indent: usize) -> usize {
        let w = self.widths();
        indent + w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1)
    }

    /// Writes the header and rows; `prefix(i)`, two columns wide (a marker and a space, or an
    /// indent), is written before row `i` and blanks before the header; `suffix(i)` after it.
    fn write(
        &self,
        out: &mut dyn Write,
        p: &Painter,
        prefix: &dyn Fn(usize) -> String,
        suffix: &dyn Fn(usize) -> String,
    ) -> io::Result<()> {
        let w = self.widths();
        // The prefix may carry colour escapes, so its width is fixed rather than measured.
        let blank = "  ";
        let header: Vec<Cell> = self
            .header
            .iter()
            .map(|(h, _)| styled(*h, Style::Bold))
            .collect();
        let line = |pre: &str, cells: &[Cell], post: &str, out: &mut dyn Write| -> io::Result<()> {
            let mut s = pre.to_string();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let pad = " ".repeat(w[i] - width(&c.text));
                let last = i + 1 == cells.len() && post.is_empty();
                match self.header[i].1 {
                    Align::Right => {
                        s.push_str(&pad);
                        s.push_str(&p.paint(c.style, &c.text));
                    }
                    Align::Left => {
                        s.push_str(&p.paint(c.style, &c.text));
                        if !last {
                            s.push_str(&pad);
                        }
                    }
                }
            }
            s.push_str(post);
            writeln!(out, "{}", s.trim_end())
        };
        line(blank, &header, "", out)?;
        for (i, row) in self.rows.iter().enumerate() {
            line(&prefix(i), row, &suffix(i), out)?;
        }
        Ok(())
    }
}

/// Splits `text` into lines of at most `max` columns at spaces (a longer word gets its own line).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(20);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && width(&cur) + 1 + width(word) > max {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
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

fn counts_cells(counts: &Counts, adoption: Option<f64>) -> Vec<Cell> {
    let mut cells: Vec<Cell> = COUNT_COLUMNS
        .iter()
        .map(|(_, o)| cell(counts.get(*o).to_string()))
        .collect();
    cells.push(styled(pct(adoption), Style::for_adoption(adoption)));
    cells
}

fn counts_header(first: &'static str, with_severity: bool) -> Vec<(&'static str, Align)> {
    let mut h = vec![(first, Align::Left)];
    if with_severity {
        h.push(("severity", Align::Left));
    }
    h.extend(COUNT_COLUMNS.iter().map(|(name, _)| (*name, Align::Right)));
    h.push(("adoption", Align::Right));
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
    let p = Painter { color: opts.color };
    let s = &report.summary;
    let failed = if s.repos_failed > 0 {
        format!(" ({} failed)", s.repos_failed)
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} scanned{failed} · adoption {} · on the paved road {} ({} of {})",
        plural(s.repos, "repo"),
        p.paint(Style::Bold, &pct(s.adoption)),
        p.paint(Style::Bold, &pct(s.on_paved_road)),
        on_road_count(report),
        s.repos,
    )?;
    if let Some(line) = super::builtin_line(opts) {
        writeln!(out, "{line}")?;
    }
    for t in &s.templates {
        writeln!(out, "{}", t.describe())?;
    }
    writeln!(out)?;

    rules_table(report, opts, &p, out)?;
    if opts.by_team {
        teams_tables(report, &p, out)?;
    }
    off_road_section(report, &p, out)?;
    failed_section(report, &p, out)
}

fn rules_table(
    report: &Report,
    opts: &RenderOptions,
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rules = rules_by_id(report);
    let mut grid = Grid::new(counts_header("rule", true));
    let mut dues = Vec::new();
    let mut adoptions = Vec::new();
    for rs in &report.summary.rules {
        let info = rules.get(rs.rule.as_str());
        let due = info.and_then(|r| rule_due(r, opts.today));
        let severity = info.map_or("", |r| r.severity.as_str());
        let mut row = vec![cell(&rs.rule), cell(severity)];
        row.extend(counts_cells(&rs.counts, rs.adoption));
        grid.rows.push(row);
        dues.push(due);
        adoptions.push(rs.adoption);
    }

    // The marker column is two wide ("! "), the bar follows two spaces after the table.
    let room = WIDTH.saturating_sub(grid.total_width(2) + 2);
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
        writeln!(out, "{}", p.paint(Style::for_due(Some(due)), &line))?;
    }
    Ok(())
}

fn teams_tables(report: &Report, p: &Painter, out: &mut dyn Write) -> io::Result<()> {
    let teams = &report.summary.teams;
    if teams.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", p.paint(Style::Bold, "By team:"))?;
    let mut grid = Grid::new(vec![
        ("team", Align::Left),
        ("repos", Align::Right),
        ("adoption", Align::Right),
        ("on road", Align::Right),
    ]);
    for t in teams {
        grid.rows.push(vec![
            cell(&t.team),
            cell(t.repos.to_string()),
            styled(pct(t.adoption), Style::for_adoption(t.adoption)),
            styled(pct(t.on_paved_road), Style::for_adoption(t.on_paved_road)),
        ]);
    }
    grid.write(out, p, &|_| "  ".to_string(), &|_| String::new())?;

    for t in teams {
        writeln!(out)?;
        let repos = if t.repos == 1 {
            "1 repo".to_string()
        } else {
            format!("{} repos", t.repos)
        };
        writeln!(
            out,
            "{} · {repos} · adoption {} · on the paved road {}",
            p.paint(Style::Bold, &t.team),
            pct(t.adoption),
            pct(t.on_paved_road)
        )?;
        let mut grid = Grid::new(counts_header("rule", false));
        for rs in &t.rules {
            let mut row = vec![cell(&rs.rule)];
            row.extend(counts_cells(&rs.counts, rs.adoption));
            grid.rows.push(row);
        }
        grid.write(out, p, &|_| "  ".to_string(), &|_| String::new())?;
    }
    Ok(())
}

fn off_road_section(report: &Report, p: &Painter, out: &mut dyn Write) -> io::Result<()> {
    let off = off_road(report);
    let scanned = report.summary.repos - report.summary.repos_failed;
    writeln!(out)?;
    if off.is_empty() {
        if scanned > 0 {
            match scanned {
                1 => writeln!(out, "The scanned repo is on the paved road.")?,
                n => writeln!(out, "All {n} scanned repos are on the paved road.")?,
            }
        }
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        p.paint(
            Style::Bold,
            &format!(
                "Not on the paved road ({} of {scanned} scanned):",
                off.len()
            )
        )
    )?;
    let rule_w = off
        .iter()
        .flat_map(|(_, rs)| rs.iter().map(|r| width(&r.rule)))
        .max()
        .unwrap_or(0);
    let outcome_w = off
        .iter()
        .flat_map(|(_, rs)| rs.iter().map(|r| width(r.outcome.as_str())))
        .max()
        .unwrap_or(0);
    for (repo, results) in off {
        let team = repo.team.as_deref().unwrap_or(crate::report::UNOWNED);
        writeln!(
            out,
            "  {}  {}",
            p.paint(Style::Bold, &repo.name),
            p.paint(Style::Dim, &format!("{team} · score {}", pct(repo.score)))
        )?;
        for r in results {
            let lead = 4 + rule_w + 2 + outcome_w + 2;
            let text = one_line(&first_evidence(r));
            for (i, l) in wrap(&text, WIDTH.saturating_sub(lead)).iter().enumerate() {
                if i == 0 {
                    let rule = format!("{:rule_w$}", r.rule);
                    let outcome = format!("{:outcome_w$}", r.outcome.as_str());
                    let l = format!(
                        "    {rule}  {}  {l}",
                        p.paint(Style::for_outcome(r.outcome), &outcome)
                    );
                    writeln!(out, "{}", l.trim_end())?;
                } else {
                    writeln!(out, "{}{l}", " ".repeat(lead))?;
                }
            }
        }
    }
    Ok(())
}

fn failed_section(report: &Report, p: &Painter, out: &mut dyn Write) -> io::Result<()> {
    let failed: Vec<&RepoReport> = report.repos.iter().filter(|r| r.error.is_some()).collect();
    if failed.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        p.paint(
            Style::Bold,
            &format!("Could not be scanned ({}):", failed.len())
        )
    )?;
    for repo in failed {
        let error = one_line(repo.error.as_deref().unwrap_or_default());
        writeln!(out, "  {}", p.paint(Style::Bold, &repo.name))?;
        for l in wrap(&error, WIDTH - 4) {
            writeln!(out, "    {}", p.paint(Style::Magenta, &l))?;
        }
    }
    Ok(())
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
    fn wrap_keeps_words_and_width() {
        let cases: &[(&str, usize, &[&str])] = &[
            ("", 30, &[""]),
            ("short", 30, &["short"]),
            (
                "did not parse: mapping values are not allowed in this context",
                24,
                &[
                    "did not parse: mapping",
                    "values are not allowed",
                    "in this context",
                ],
            ),
            (
                "averyveryverylongwordthatcannotbreak x",
                20,
                &["averyveryverylongwordthatcannotbreak", "x"],
            ),
        ];
        for (text, max, want) in cases {
            assert_eq!(wrap(text, *max), *want, "{text:?}");
        }
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
