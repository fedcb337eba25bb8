//! The trend in Markdown: adoption per rule and team at each point, and the changes.

use std::io::{self, Write};

use super::{CHANGES_LIMIT, change, counted, first_last, period, plural, rule_at, team_at, teams};
use crate::figures::pct_whole as pct;
use crate::outcome::Outcome;
use crate::render::markdown::{code, escape};
use crate::report::RuleSummary;
use crate::report::trend::{Change, RepoTrend, TrendReport};

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
pub(super) fn commit_md(c: &Change) -> String {
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
            match change(t, |s| s.adoption) {
                c if c.is_empty() => "no comparison".to_string(),
                c => c,
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
    org.push(change(t, |s| s.adoption));
    writeln!(out, "{}", md_row(&org))?;
    for rule in &t.rules {
        let mut row = vec![code(&rule.id)];
        row.extend(
            t.points
                .iter()
                .map(|p| md_cell(rule_at(&p.summary, &rule.id))),
        );
        row.push(change(t, |s| rule_at(s, &rule.id).and_then(|r| r.adoption)));
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

    by_team(t, &header, &align, out)?;
    changes(t, out)?;
    writeln!(
        out,
        "_Each point is the last commit of each repository's default branch (first-parent history) at the end of that day, UTC. Adoption = paved ÷ (paved + custom + missing)._"
    )
}

/// Adoption per team at each point.
fn by_team(
    t: &TrendReport,
    header: &[String],
    align: &[String],
    out: &mut dyn Write,
) -> io::Result<()> {
    let names = teams(t);
    if !names.is_empty() {
        writeln!(out, "## By team")?;
        writeln!(out)?;
        writeln!(out, "{}", md_row(header))?;
        writeln!(out, "{}", md_row(align))?;
        for team in names {
            let mut row = vec![escape(team)];
            row.extend(
                t.points
                    .iter()
                    .map(|p| pct(team_at(&p.summary, team).and_then(|x| x.adoption))),
            );
            row.push(change(t, |s| team_at(s, team).and_then(|x| x.adoption)));
            writeln!(out, "{}", md_row(&row))?;
        }
        writeln!(out)?;
    }

    Ok(())
}

/// Every crossing of the paved boundary, oldest first, up to [`CHANGES_LIMIT`].
fn changes(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
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
    Ok(())
}
