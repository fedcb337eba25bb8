//! Trend outputs: `paved trend` as a table, JSON, CSV, Markdown or an SVG line chart; the
//! `--adopters RULE` listing; and the quarterly memo in Markdown.
//!
//! Percentages are whole numbers that never round to a misleading 0% or 100%; changes are in
//! percentage points ("+23 pp").

use std::fmt::Write as _;
use std::io::{self, Write};

use super::html::{esc, pct};
use super::markdown::{code, escape};
use crate::history::{Adoption, Change, MemoFacts, RepoTrend, TrendReport};
use crate::outcome::Outcome;
use crate::report::{Counts, RuleSummary, Summary, TeamSummary};

/// The output formats of `paved trend --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TrendFormat {
    Table,
    Json,
    Csv,
    Markdown,
    /// A self-contained SVG line chart: one line per rule, and org-wide.
    Svg,
    /// The dashboard of the last point, with the trend chart.
    Html,
}

/// How many changes the Markdown trend lists before it says "and N more".
const CHANGES_LIMIT: usize = 50;
/// How many repositories a memo list names before it says "and N more".
const MEMO_LIST_LIMIT: usize = 12;
/// How many teams the memo shows as movers.
const MOVERS_LIMIT: usize = 5;

/// "+23 pp", "−4 pp", "0 pp"; empty when either end has no figure.
pub fn delta(before: Option<f64>, after: Option<f64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => {
            let d = ((a - b) * 100.0).round();
            if d > 0.0 {
                format!("+{d:.0} pp")
            } else if d < 0.0 {
                format!("−{:.0} pp", -d)
            } else {
                "0 pp".into()
            }
        }
        _ => String::new(),
    }
}

fn counted(c: &Counts) -> usize {
    c.paved + c.custom + c.missing
}

fn rule_at<'a>(s: &'a Summary, rule: &str) -> Option<&'a RuleSummary> {
    s.rules.iter().find(|r| r.rule == rule)
}

fn team_at<'a>(s: &'a Summary, team: &str) -> Option<&'a TeamSummary> {
    s.teams.iter().find(|t| t.team == team)
}

/// Every team that appears at some point, sorted.
fn teams(t: &TrendReport) -> Vec<&str> {
    let mut v: Vec<&str> = t
        .points
        .iter()
        .flat_map(|p| p.summary.teams.iter().map(|t| t.team.as_str()))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn period(t: &TrendReport) -> String {
    match t.every {
        Some(e) => format!("from {} to {}, every {}", t.since, t.until, e.as_str()),
        None => format!("from {} to {}", t.since, t.until),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn first_last(t: &TrendReport) -> Option<(&Summary, &Summary)> {
    Some((&t.points.first()?.summary, &t.points.last()?.summary))
}

/// Writes `t` in `format`; `opts` matters to `html` (the dashboard judges deadlines on
/// `opts.today`).
pub fn render(
    t: &TrendReport,
    format: TrendFormat,
    opts: &super::RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        TrendFormat::Table => table(t, out),
        TrendFormat::Json => json(t, out),
        TrendFormat::Csv => csv(t, out),
        TrendFormat::Markdown => markdown(t, out),
        TrendFormat::Svg => out.write_all(svg(t, &ChartOptions::default()).as_bytes()),
        TrendFormat::Html => match &t.latest {
            Some(report) => super::html_trend::render_with_trend(report, t, opts, out),
            None => Err(io::Error::other("the trend has no last point to show")),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// json, csv

pub fn json(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, t)?;
    writeln!(out)
}

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
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
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

// ---------------------------------------------------------------------------------------------
// table

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
    let ends = first_last(t);
    let mut org = vec!["org-wide".to_string()];
    org.extend(t.points.iter().map(|p| pct(p.summary.adoption)));
    org.push(ends.map_or(String::new(), |(a, b)| delta(a.adoption, b.adoption)));
    rows.push(org);
    for rule in &t.rules {
        let mut row = vec![format!("  {}", rule.id)];
        row.extend(t.points.iter().map(|p| cell(rule_at(&p.summary, &rule.id))));
        row.push(ends.map_or(String::new(), |(a, b)| {
            delta(
                rule_at(a, &rule.id).and_then(|r| r.adoption),
                rule_at(b, &rule.id).and_then(|r| r.adoption),
            )
        }));
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
            row.push(ends.map_or(String::new(), |(a, b)| {
                delta(
                    team_at(a, team).and_then(|x| x.adoption),
                    team_at(b, team).and_then(|x| x.adoption),
                )
            }));
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

// ---------------------------------------------------------------------------------------------
// markdown

fn md_cell(r: Option<&RuleSummary>) -> String {
    match r {
        Some(r) if counted(&r.counts) > 0 => format!(
            "{} ({}/{})",
            pct(r.adoption),
            r.counts.paved,
            counted(&r.counts)
        ),
        _ => "—".into(),
    }
}

fn md_row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// "`abc1234` “Add CI” (2026-03-03)", or the day an exemption made the change.
fn commit_md(c: &Change) -> String {
    match &c.commit {
        Some(info) => format!(
            "{} “{}” ({})",
            code(&info.short),
            escape(&info.subject),
            info.committed_at.get(..10).unwrap_or(&info.committed_at)
        ),
        None => format!("an exemption began or ended ({})", c.date),
    }
}

fn outcome_name(o: Option<Outcome>) -> &'static str {
    o.map_or("no commits", Outcome::as_str)
}

pub fn markdown(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Paved-road adoption over time")?;
    writeln!(out)?;
    let ends = first_last(t);
    if let Some((a, b)) = ends {
        writeln!(
            out,
            "Org-wide adoption went from **{}** to **{}** ({}) {}, across {}.",
            pct(a.adoption),
            pct(b.adoption),
            if delta(a.adoption, b.adoption).is_empty() {
                "no comparison".to_string()
            } else {
                delta(a.adoption, b.adoption)
            },
            period(t),
            plural(t.repos.len(), "repository", "repositories")
        )?;
        writeln!(out)?;
    }
    let mut header = vec![String::new()];
    header.extend(t.points.iter().map(|p| p.date.clone()));
    header.push("Change".into());
    writeln!(out, "{}", md_row(&header))?;
    let mut align = vec!["---".to_string()];
    align.extend(std::iter::repeat_n("--:".to_string(), t.points.len() + 1));
    writeln!(out, "{}", md_row(&align))?;
    let mut org = vec!["**Org-wide**".to_string()];
    org.extend(
        t.points
            .iter()
            .map(|p| format!("**{}**", pct(p.summary.adoption))),
    );
    org.push(ends.map_or(String::new(), |(a, b)| delta(a.adoption, b.adoption)));
    writeln!(out, "{}", md_row(&org))?;
    for rule in &t.rules {
        let mut row = vec![code(&rule.id)];
        row.extend(
            t.points
                .iter()
                .map(|p| md_cell(rule_at(&p.summary, &rule.id))),
        );
        row.push(ends.map_or(String::new(), |(a, b)| {
            delta(
                rule_at(a, &rule.id).and_then(|r| r.adoption),
                rule_at(b, &rule.id).and_then(|r| r.adoption),
            )
        }));
        writeln!(out, "{}", md_row(&row))?;
    }
    let mut repos = vec!["Repositories".to_string()];
    repos.extend(t.points.iter().map(|p| {
        let s = &p.summary;
        if s.repos_without_history > 0 {
            format!("{} (+{} without history)", s.repos, s.repos_without_history)
        } else {
            s.repos.to_string()
        }
    }));
    repos.push(String::new());
    writeln!(out, "{}", md_row(&repos))?;
    writeln!(out)?;

    let names = teams(t);
    if !names.is_empty() {
        writeln!(out, "## By team")?;
        writeln!(out)?;
        writeln!(out, "{}", md_row(&header))?;
        writeln!(out, "{}", md_row(&align))?;
        for team in names {
            let mut row = vec![escape(team)];
            row.extend(
                t.points
                    .iter()
                    .map(|p| pct(team_at(&p.summary, team).and_then(|x| x.adoption))),
            );
            row.push(ends.map_or(String::new(), |(a, b)| {
                delta(
                    team_at(a, team).and_then(|x| x.adoption),
                    team_at(b, team).and_then(|x| x.adoption),
                )
            }));
            writeln!(out, "{}", md_row(&row))?;
        }
        writeln!(out)?;
    }

    let mut changes: Vec<(&RepoTrend, &Change)> = t
        .repos
        .iter()
        .flat_map(|r| r.changes.iter().map(move |c| (r, c)))
        .collect();
    if !changes.is_empty() {
        changes.sort_by(|(ra, a), (rb, b)| {
            let at = |c: &Change| {
                c.commit
                    .as_ref()
                    .map_or(c.date.clone(), |i| i.committed_at.clone())
            };
            at(a)
                .cmp(&at(b))
                .then_with(|| ra.name.cmp(&rb.name))
                .then_with(|| a.rule.cmp(&b.rule))
        });
        writeln!(out, "## Changes")?;
        writeln!(out)?;
        for (repo, c) in changes.iter().take(CHANGES_LIMIT) {
            writeln!(
                out,
                "- {} {} {}: {} → {}, {}",
                if c.onto_paved() { "▲" } else { "▼" },
                code(&repo.name),
                code(&c.rule),
                outcome_name(c.from),
                c.to.as_str(),
                commit_md(c)
            )?;
        }
        if changes.len() > CHANGES_LIMIT {
            writeln!(
                out,
                "- and {} more (see `--format json`)",
                changes.len() - CHANGES_LIMIT
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "_Each point is the last commit of each repository's default branch (first-parent history) at the end of that day, UTC. Adoption = paved ÷ (paved + custom + missing)._"
    )
}

// ---------------------------------------------------------------------------------------------
// adopters

/// `paved trend --adopters RULE`: the repositories where `rule` was paved at some point.
pub fn adopters(
    t: &TrendReport,
    rule: &str,
    format: TrendFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    let list = t.adopters(rule);
    let now = |r: &RepoTrend| {
        t.points
            .len()
            .checked_sub(1)
            .and_then(|i| r.outcome(i, rule))
    };
    let when = |a: &Adoption| match &a.adopted {
        _ if a.paved_at_start => format!("before {}", t.since),
        Some(c) => c
            .commit
            .as_ref()
            .map_or(c.date.clone(), |i| i.committed_at.clone()),
        None => String::new(),
    };
    let regressed = |a: &Adoption| {
        a.regressed.as_ref().map_or(String::new(), |c| {
            c.commit
                .as_ref()
                .map_or(c.date.clone(), |i| i.committed_at.clone())
        })
    };
    let info = |c: Option<&Change>| {
        c.and_then(|c| c.commit.as_ref())
            .map_or((String::new(), String::new()), |i| {
                (i.short.clone(), i.subject.clone())
            })
    };
    match format {
        TrendFormat::Json => {
            let items: Vec<serde_json::Value> = list
                .iter()
                .map(|(r, a)| {
                    serde_json::json!({
                        "repo": r.name,
                        "team": r.team,
                        "paved_at_start": a.paved_at_start,
                        "adopted": a.adopted,
                        "regressed": a.regressed,
                        "now": now(r),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "rule": rule,
                "since": t.since,
                "until": t.until,
                "adopters": items,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        TrendFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            w.write_record([
                "repo",
                "team",
                "adopted",
                "adopted_commit",
                "adopted_subject",
                "regressed",
                "regressed_commit",
                "regressed_subject",
                "now",
            ])?;
            for (r, a) in &list {
                let (ac, asub) = info(a.adopted.as_ref());
                let (rc, rsub) = info(a.regressed.as_ref());
                w.write_record([
                    r.name.as_str(),
                    r.team.as_deref().unwrap_or(""),
                    &when(a),
                    &ac,
                    &asub,
                    &regressed(a),
                    &rc,
                    &rsub,
                    now(r).map_or("", Outcome::as_str),
                ])?;
            }
            w.flush()
        }
        TrendFormat::Markdown => {
            writeln!(out, "# Adopters of {}", code(rule))?;
            writeln!(out)?;
            writeln!(
                out,
                "{} where {} was paved at some point {}.",
                plural(list.len(), "repository", "repositories"),
                code(rule),
                period(t)
            )?;
            writeln!(out)?;
            writeln!(
                out,
                "| Repository | Team | Adopted | Commit | Regressed | Now |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|")?;
            for (r, a) in &list {
                let (ac, asub) = info(a.adopted.as_ref());
                let (rc, rsub) = info(a.regressed.as_ref());
                let commit = |c: &str, s: &str| {
                    if c.is_empty() {
                        String::new()
                    } else {
                        format!("{} {}", code(c), escape(s))
                    }
                };
                let reg = regressed(a);
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    code(&r.name),
                    escape(r.team.as_deref().unwrap_or("")),
                    escape(&when(a)),
                    commit(&ac, &asub),
                    if reg.is_empty() {
                        String::new()
                    } else {
                        format!("{} {}", escape(&reg), commit(&rc, &rsub))
                    },
                    now(r).map_or("", Outcome::as_str)
                )?;
            }
            Ok(())
        }
        TrendFormat::Table | TrendFormat::Svg | TrendFormat::Html => {
            writeln!(
                out,
                "Adopters of {rule} {} ({})",
                period(t),
                plural(list.len(), "repository", "repositories")
            )?;
            writeln!(out)?;
            let mut rows = vec![vec![
                "repo".to_string(),
                "team".into(),
                "adopted".into(),
                "commit".into(),
                "regressed".into(),
                "now".into(),
            ]];
            for (r, a) in &list {
                let (ac, asub) = info(a.adopted.as_ref());
                let (rc, _) = info(a.regressed.as_ref());
                let reg = regressed(a);
                rows.push(vec![
                    r.name.clone(),
                    r.team.clone().unwrap_or_default(),
                    when(a),
                    if ac.is_empty() {
                        String::new()
                    } else {
                        format!("{ac} {asub}")
                    },
                    if reg.is_empty() {
                        String::new()
                    } else {
                        format!("{reg} {rc}")
                    },
                    now(r).map_or("", Outcome::as_str).to_string(),
                ]);
            }
            // Left-align every column: dates and subjects read better that way.
            let widths: Vec<usize> = (0..6)
                .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
                .collect();
            for row in &rows {
                let mut line = String::new();
                for (i, c) in row.iter().enumerate() {
                    line.push_str(c);
                    line.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
                }
                writeln!(out, "{}", line.trim_end())?;
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// svg

/// How the chart is drawn.
#[derive(Clone, Debug)]
pub struct ChartOptions {
    /// Prefix of the element ids, so two charts can share a page.
    pub id: String,
    pub title: Option<String>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            id: "paved-trend".into(),
            title: None,
        }
    }
}

/// Colour-blind-safe first (Okabe–Ito, then Tol's muted); beyond them lines are dashed.
const PALETTE: [&str; 12] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#44AA99",
    "#999933", "#AA4499", "#117733", "#332288",
];

fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// The trend as a self-contained SVG line chart: one line per rule and a heavier org-wide
/// line, a 0–100% axis, dated points spaced by time, and a legend with each line's last value.
pub fn svg(t: &TrendReport, opts: &ChartOptions) -> String {
    const W: f64 = 900.0;
    const LEFT: f64 = 56.0;
    const TOP: f64 = 74.0;
    const LEGEND: f64 = 230.0;
    const ROW: f64 = 20.0;
    let series = t.rules.len() + 1;
    let plot_h = 280.0_f64.max(series as f64 * ROW);
    let bottom = TOP + plot_h;
    let h = bottom + 48.0;
    let right = W - LEGEND;
    let plot_w = right - LEFT;
    let id = esc(&opts.id);
    let title = opts
        .title
        .clone()
        .unwrap_or_else(|| format!("Paved-road adoption, {} to {}", t.since, t.until));

    let days: Vec<Option<i64>> = t
        .points
        .iter()
        .map(|p| {
            p.date.parse::<jiff::civil::Date>().ok().map(|d| {
                d.since(jiff::civil::date(1970, 1, 1))
                    .map_or(0, |s| s.get_days() as i64)
            })
        })
        .collect();
    let d0 = days.iter().flatten().min().copied().unwrap_or(0);
    let d1 = days.iter().flatten().max().copied().unwrap_or(0);
    let x_of = |i: usize| -> f64 {
        match days[i] {
            Some(d) if d1 > d0 => LEFT + (d - d0) as f64 / (d1 - d0) as f64 * plot_w,
            _ if t.points.len() > 1 => LEFT + i as f64 / (t.points.len() - 1) as f64 * plot_w,
            _ => LEFT + plot_w / 2.0,
        }
    };
    let y_of = |v: f64| bottom - v.clamp(0.0, 1.0) * plot_h;

    let mut s = String::with_capacity(16 * 1024);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" width=\"{W}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(s, "<title id=\"{id}-title\">{}</title>", esc(&title));
    let (first, last) = match first_last(t) {
        Some((a, b)) => (a.adoption, b.adoption),
        None => (None, None),
    };
    let _ = writeln!(
        s,
        "<desc id=\"{id}-desc\">Org-wide adoption {} on {}, {} on {}; one line per rule, {}.</desc>",
        pct(first),
        t.points.first().map_or("", |p| p.date.as_str()),
        pct(last),
        t.points.last().map_or("", |p| p.date.as_str()),
        plural(t.rules.len(), "rule", "rules")
    );
    let _ = writeln!(s, "<rect width=\"{W}\" height=\"{h}\" fill=\"#ffffff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"30\" font-size=\"17\" font-weight=\"600\" fill=\"#1f2328\">{}</text>",
        esc(&title)
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"52\" fill=\"#57606a\">Share of applicable repositories on the paved road · {} · org-wide {} → {}</text>",
        plural(
            t.points.last().map_or(0, |p| p.summary.repos),
            "repository",
            "repositories"
        ),
        pct(first),
        pct(last)
    );
    // Grid and y axis.
    for k in 0..=4 {
        let v = k as f64 / 4.0;
        let y = num(y_of(v));
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"1\"/>",
            if k == 0 { "#8c959f" } else { "#e6e8eb" }
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#57606a\">{}%</text>",
            num(LEFT - 8.0),
            num(y_of(v) + 4.0),
            k * 25
        );
    }
    // X labels: the first and the last, then every other one that does not collide.
    let n = t.points.len();
    let label_w = 70.0;
    let extent = |i: usize| -> (f64, f64, &'static str) {
        let x = x_of(i);
        if n == 1 {
            (x - label_w / 2.0, x + label_w / 2.0, "middle")
        } else if i == 0 {
            (x, x + label_w, "start")
        } else if i + 1 == n {
            (x - label_w, x, "end")
        } else {
            (x - label_w / 2.0, x + label_w / 2.0, "middle")
        }
    };
    let mut shown: Vec<usize> = Vec::new();
    if n > 0 {
        shown.push(0);
    }
    let last = extent(n.saturating_sub(1));
    for i in 1..n.saturating_sub(1) {
        let prev = shown.last().map_or(f64::MIN, |&p| extent(p).1);
        let (a, b, _) = extent(i);
        if prev + 8.0 <= a && b + 8.0 <= last.0 {
            shown.push(i);
        }
    }
    if n > 1 {
        shown.push(n - 1);
    }
    for &i in &shown {
        let x = x_of(i);
        let anchor = extent(i).2;
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{bottom}\" x2=\"{x}\" y2=\"{}\" stroke=\"#8c959f\"/>",
            num(bottom + 5.0),
            x = num(x)
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#57606a\">{}</text>",
            num(x),
            num(bottom + 20.0),
            esc(&t.points[i].date)
        );
    }
    // Lines: rules first, the org-wide line on top.
    let mut legend = Vec::new();
    for (k, rule) in t.rules.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let dash = if k >= PALETTE.len() {
            " stroke-dasharray=\"6 3\""
        } else {
            ""
        };
        let values: Vec<Option<(f64, String)>> = t
            .points
            .iter()
            .map(|p| {
                rule_at(&p.summary, &rule.id).and_then(|r| {
                    r.adoption.map(|a| {
                        (
                            a,
                            format!(
                                "{} · {}: {} ({} of {})",
                                rule.id,
                                p.date,
                                pct(Some(a)),
                                r.counts.paved,
                                counted(&r.counts)
                            ),
                        )
                    })
                })
            })
            .collect();
        line(&mut s, &values, &x_of, &y_of, colour, 2.0, dash);
        legend.push((
            rule.id.clone(),
            colour,
            dash,
            2.0,
            values.iter().rev().flatten().next().map(|v| v.0),
        ));
    }
    let org: Vec<Option<(f64, String)>> = t
        .points
        .iter()
        .map(|p| {
            p.summary.adoption.map(|a| {
                (
                    a,
                    format!(
                        "org-wide · {}: {} ({})",
                        p.date,
                        pct(Some(a)),
                        plural(p.summary.repos, "repository", "repositories")
                    ),
                )
            })
        })
        .collect();
    line(&mut s, &org, &x_of, &y_of, "#1f2328", 3.5, "");
    legend.insert(
        0,
        (
            "org-wide".into(),
            "#1f2328",
            "",
            3.5,
            org.iter().rev().flatten().next().map(|v| v.0),
        ),
    );
    // Legend.
    let lx = right + 24.0;
    for (i, (label, colour, dash, width, last)) in legend.iter().enumerate() {
        let y = TOP + 6.0 + i as f64 * ROW;
        let _ = writeln!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash}/>",
            num(lx),
            num(y),
            num(lx + 22.0),
            num(y)
        );
        let shown: String = if label.chars().count() > 24 {
            format!("{}…", label.chars().take(23).collect::<String>())
        } else {
            label.clone()
        };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"#1f2328\"{}>{}<tspan fill=\"#57606a\"> {}</tspan></text>",
            num(lx + 30.0),
            num(y + 4.0),
            if i == 0 { " font-weight=\"600\"" } else { "" },
            esc(&shown),
            pct(*last)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"{}\" fill=\"#8c959f\" font-size=\"11\">Last commit of each default branch (first-parent) at the end of each day, UTC · paved ÷ (paved + custom + missing)</text>",
        num(h - 10.0)
    );
    s.push_str("</svg>\n");
    s
}

/// One series: a path broken where a point has no figure, with a marker and tooltip per point.
fn line(
    s: &mut String,
    values: &[Option<(f64, String)>],
    x_of: &dyn Fn(usize) -> f64,
    y_of: &dyn Fn(f64) -> f64,
    colour: &str,
    width: f64,
    dash: &str,
) {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some((a, _)) => {
                let _ = write!(
                    d,
                    "{}{},{} ",
                    if pen_down { "L" } else { "M" },
                    num(x_of(i)),
                    num(y_of(*a))
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !d.is_empty() {
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash}/>",
            d.trim_end()
        );
    }
    for (i, v) in values.iter().enumerate() {
        if let Some((a, tip)) = v {
            let _ = writeln!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{colour}\"><title>{}</title></circle>",
                num(x_of(i)),
                num(y_of(*a)),
                num(width + 0.5),
                esc(tip)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// memo

/// Where the memo's chart is: a file beside the memo, or nowhere (written to stdout).
pub enum MemoChart<'a> {
    /// The relative link to the chart file.
    File(&'a str),
    Skipped,
}

fn pp(x: Option<f64>) -> String {
    let points = |d: f64| if d == 1.0 { "point" } else { "points" };
    match x {
        Some(d) if d.round() > 0.0 => format!("+{:.0} {}", d.round(), points(d.round())),
        Some(d) if d.round() < 0.0 => format!("−{:.0} {}", -d.round(), points(-d.round())),
        Some(_) => "no change".into(),
        None => "no comparison".into(),
    }
}

/// Two percentages that read differently when they differ: one decimal when whole numbers
/// would show the same figure ("38.6% to 39.4%", not "39% to 39%").
fn pct_apart(before: Option<f64>, after: Option<f64>) -> (String, String) {
    match (before, after) {
        (Some(b), Some(a)) if pct(before) == pct(after) && (a - b).abs() >= 0.0005 => {
            (format!("{:.1}%", b * 100.0), format!("{:.1}%", a * 100.0))
        }
        _ => (pct(before), pct(after)),
    }
}

fn verb(before: Option<f64>, after: Option<f64>) -> &'static str {
    match (before, after) {
        (Some(b), Some(a)) if (a - b) * 100.0 >= 0.5 => "rose",
        (Some(b), Some(a)) if (b - a) * 100.0 >= 0.5 => "fell",
        (Some(_), Some(_)) => "held",
        _ => "stands",
    }
}

fn repo_list(names: &[String]) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(MEMO_LIST_LIMIT)
        .map(|n| code(n))
        .collect();
    let mut s = shown.join(", ");
    if names.len() > MEMO_LIST_LIMIT {
        let _ = write!(s, " and {} more", names.len() - MEMO_LIST_LIMIT);
    }
    s
}

/// The quarterly memo: a headline sentence, before/after per rule, the chart, the teams that
/// moved most, repositories that adopted and regressed (with the commit that did it), and the
/// deadlines at risk with the repositories still missing.
pub fn memo(
    t: &TrendReport,
    facts: &MemoFacts,
    title: &str,
    chart: MemoChart<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let f = facts;
    writeln!(out, "# Paved-road adoption: {}", escape(title))?;
    writeln!(out)?;
    let adopters: std::collections::BTreeSet<&str> =
        f.adopted.iter().map(|m| m.repo.as_str()).collect();
    let regressors: std::collections::BTreeSet<&str> =
        f.regressed.iter().map(|m| m.repo.as_str()).collect();
    let mut intro = match f.org.before {
        Some(_) => format!(
            "Org-wide paved-road adoption {} from **{}** to **{}** ({}) between {} and {}, across {}.",
            verb(f.org.before, f.org.after),
            pct_apart(f.org.before, f.org.after).0,
            pct_apart(f.org.before, f.org.after).1,
            pp(f.org.delta_points()),
            f.from,
            f.to,
            plural(f.repos_end, "repository", "repositories")
        ),
        // Nothing to compare with: say where adoption stands, not "from — to 39%".
        None => format!(
            "Org-wide paved-road adoption is **{}** on {}, across {}; no repository had a commit \
             on {}, so there is no earlier figure to compare with.",
            pct(f.org.after),
            f.to,
            plural(f.repos_end, "repository", "repositories"),
            f.from
        ),
    };
    if let Some(top) = f
        .teams
        .first()
        .filter(|m| m.delta_points().is_some_and(|d| d.round() != 0.0))
    {
        let _ = write!(
            intro,
            " The {} team moved most ({}).",
            escape(&top.team),
            pp(top.delta_points())
        );
    }
    let _ = write!(
        intro,
        " {} adopted at least one standard and {} regressed on one",
        plural(adopters.len(), "repository", "repositories"),
        regressors.len()
    );
    if f.at_risk.is_empty() {
        intro.push_str("; no deadline is at risk.");
    } else {
        let _ = write!(
            intro,
            "; {} at risk.",
            plural(f.at_risk.len(), "deadline is", "deadlines are")
        );
    }
    writeln!(out, "{intro}")?;
    writeln!(out)?;

    writeln!(out, "## Before and after")?;
    writeln!(out)?;
    writeln!(
        out,
        "| | {} | {} | Change | Paved at the end |",
        f.from, f.to
    )?;
    writeln!(out, "|---|--:|--:|--:|--:|")?;
    writeln!(
        out,
        "| **Org-wide** | **{}** | **{}** | {} | {} of {} results |",
        pct(f.org.before),
        pct(f.org.after),
        match delta(f.org.before, f.org.after) {
            d if d.is_empty() => "—".to_string(),
            d => format!("**{d}**"),
        },
        f.org.paved_after,
        f.org.counted_after
    )?;
    for r in &f.rules {
        let id = r.rule.as_deref().unwrap_or("");
        let title = t.rule(id).map(|i| i.title.as_str()).unwrap_or("");
        writeln!(
            out,
            "| {} {} | {} | {} | {} | {} of {} |",
            code(id),
            escape(title),
            pct(r.before),
            pct(r.after),
            delta(r.before, r.after),
            r.paved_after,
            r.counted_after
        )?;
    }
    writeln!(out)?;
    if !f.new_repos.is_empty() || f.without_history_end > 0 {
        let mut notes = Vec::new();
        if !f.new_repos.is_empty() {
            notes.push(format!(
                "{} {} created during the period and {} left out of the {} column",
                repo_list(&f.new_repos),
                if f.new_repos.len() == 1 {
                    "was"
                } else {
                    "were"
                },
                if f.new_repos.len() == 1 { "is" } else { "are" },
                f.from
            ));
        }
        if f.without_history_end > 0 {
            notes.push(format!(
                "{} no commits at all and {} left out of both",
                plural(f.without_history_end, "repository has", "repositories have"),
                if f.without_history_end == 1 {
                    "is"
                } else {
                    "are"
                }
            ));
        }
        let text = notes.join("; ");
        let mut chars = text.chars();
        let text = match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
            None => text,
        };
        writeln!(out, "{text}.")?;
        writeln!(out)?;
    }

    writeln!(out, "## Trend")?;
    writeln!(out)?;
    match chart {
        MemoChart::File(path) => {
            writeln!(
                out,
                "![Paved-road adoption per rule and org-wide, {} to {}]({path})",
                f.from, f.to
            )?;
        }
        MemoChart::Skipped => writeln!(
            out,
            "_The chart is written beside the memo when it goes to a file (`--output memo.md`); it was skipped for stdout._"
        )?,
    }
    writeln!(out)?;

    let moved: Vec<_> = f
        .teams
        .iter()
        .filter(|m| m.delta_points().is_some_and(|d| d.round() != 0.0))
        .take(MOVERS_LIMIT)
        .collect();
    writeln!(out, "## Teams that moved most")?;
    writeln!(out)?;
    if moved.is_empty() {
        writeln!(out, "No team's adoption changed.")?;
    } else {
        writeln!(
            out,
            "| Team | {} | {} | Change | Repositories |",
            f.from, f.to
        )?;
        writeln!(out, "|---|--:|--:|--:|--:|")?;
        for m in moved {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(&m.team),
                pct(m.before),
                pct(m.after),
                delta(m.before, m.after),
                m.repos
            )?;
        }
    }
    writeln!(out)?;

    for (heading, list, none) in [
        (
            "Adopted this period",
            &f.adopted,
            "No repository adopted a standard.",
        ),
        (
            "Regressed this period",
            &f.regressed,
            "No repository slipped off the paved road.",
        ),
    ] {
        writeln!(out, "## {heading}")?;
        writeln!(out)?;
        if list.is_empty() {
            writeln!(out, "{none}")?;
            writeln!(out)?;
            continue;
        }
        let mut by_repo: std::collections::BTreeMap<&str, Vec<&crate::history::Mover>> =
            Default::default();
        for m in list.iter() {
            by_repo.entry(m.repo.as_str()).or_default().push(m);
        }
        for (repo, moves) in by_repo {
            let team = moves[0]
                .team
                .as_deref()
                .map(|t| format!(" ({})", escape(t)))
                .unwrap_or_default();
            let new = if moves[0].new_repo { ", new" } else { "" };
            // Rules changed by the same commit are named together.
            let mut groups: Vec<(Option<&Change>, Vec<String>)> = Vec::new();
            for m in &moves {
                let same = |c: Option<&Change>| {
                    c.and_then(|c| c.commit.as_ref().map(|i| &i.commit))
                        == m.change
                            .as_ref()
                            .and_then(|c| c.commit.as_ref().map(|i| &i.commit))
                        && m.change.as_ref().is_some_and(|c| c.commit.is_some())
                };
                match groups.iter_mut().find(|(c, _)| same(*c)) {
                    Some((_, rules)) => rules.push(code(&m.rule)),
                    None => groups.push((m.change.as_ref(), vec![code(&m.rule)])),
                }
            }
            let items: Vec<String> = groups
                .iter()
                .map(|(c, rules)| match c {
                    Some(c) => format!("{} in {}", rules.join(", "), commit_md(c)),
                    None => rules.join(", "),
                })
                .collect();
            writeln!(out, "- {}{team}{new}: {}", code(repo), items.join("; "))?;
        }
        writeln!(out)?;
    }

    writeln!(out, "## Deadlines at risk")?;
    writeln!(out)?;
    if f.at_risk.is_empty() {
        writeln!(out, "None.")?;
    }
    for r in &f.at_risk {
        let when = match r.days_left {
            d if d < 0 => format!(
                "missed: passed {} before the period ended",
                plural((-d) as usize, "day", "days")
            ),
            0 => "missed: due on the period's last day".to_string(),
            d => format!("{} left", plural(d as usize, "day", "days")),
        };
        let pace = match r.projected {
            Some(p) => format!("at this period's pace it reaches 100% around {p}"),
            None => "it made no progress this period".into(),
        };
        writeln!(
            out,
            "- {} — deadline {} ({when}); {} adopted, {pace}. Still custom or missing ({}): {}.",
            code(&r.rule),
            r.deadline,
            pct(r.after),
            r.missing.len(),
            repo_list(&r.missing)
        )?;
    }
    if !f.on_track.is_empty() {
        let items: Vec<String> = f
            .on_track
            .iter()
            .map(|(rule, d)| format!("{} ({d})", code(rule)))
            .collect();
        writeln!(out)?;
        writeln!(out, "On track or met: {}.", items.join(", "))?;
    }
    writeln!(out)?;
    writeln!(out, "---")?;
    writeln!(out)?;
    writeln!(
        out,
        "_Figures are from each repository's default branch (first-parent history), as of the end of each day in UTC; adoption = paved ÷ (paved + custom + missing). Generated by {} {} on {}._",
        t.tool.name,
        t.tool.version,
        t.generated_at.get(..10).unwrap_or(&t.generated_at)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_figures_read_apart() {
        let cases = [
            ((Some(0.387), Some(0.394)), ("38.7%", "39.4%")),
            ((Some(0.30), Some(0.45)), ("30%", "45%")),
            ((Some(0.40), Some(0.40)), ("40%", "40%")),
            ((None, Some(0.39)), ("—", "39%")),
        ];
        for ((b, a), (wb, wa)) in cases {
            assert_eq!(
                pct_apart(b, a),
                (wb.to_string(), wa.to_string()),
                "{b:?} {a:?}"
            );
        }
        assert_eq!(pp(Some(1.0)), "+1 point");
        assert_eq!(pp(Some(-3.2)), "−3 points");
        assert_eq!(pp(None), "no comparison");
    }
}
