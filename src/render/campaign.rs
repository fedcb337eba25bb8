//! `campaign status` as a table, JSON or Markdown: the pull request counts, each campaign
//! rule's adoption over the targeted repositories (at the campaign's start, now, and the change
//! in percentage points), then one line per repository.

use std::io::{self, Write};

use crate::campaign::status::{CampaignStatus, StatusRow};
use crate::discover::forge::PullInfo;
use crate::figures::{pct, points};
use crate::render::markdown::{code, escape};
use crate::render::sanitize::defang;

/// The formats `campaign status` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
    Markdown,
}

pub fn status(s: &CampaignStatus, format: StatusFormat, w: &mut dyn Write) -> io::Result<()> {
    match format {
        StatusFormat::Table => table(s, w),
        StatusFormat::Json => super::pretty_json(w, s),
        StatusFormat::Markdown => markdown(s, w),
    }
}

fn pull_cell(r: &StatusRow) -> String {
    match (&r.pull, &r.error) {
        (Some(p), _) => match p.number {
            Some(n) => format!("#{n} {}", p.state.as_str()),
            None => format!("branch {}", p.state.as_str()),
        },
        (None, Some(_)) => "error".into(),
        (None, None) => "none".into(),
    }
}

/// The campaign rules that are not paved in `r` (`-` when all are).
fn off_road(r: &StatusRow) -> String {
    let off: Vec<String> = r
        .rules
        .iter()
        .filter(|(_, o)| **o != crate::outcome::Outcome::Paved)
        .map(|(rule, o)| format!("{rule}={}", o.as_str()))
        .collect();
    if off.is_empty() {
        "-".into()
    } else {
        off.join(", ")
    }
}

fn headline(s: &CampaignStatus) -> String {
    let p = &s.pulls;
    format!(
        "pull requests: {} open, {} out of date, {} merged, {} closed, {} not opened",
        p.open, p.out_of_date, p.merged, p.closed, p.none
    )
}

fn table(s: &CampaignStatus, w: &mut dyn Write) -> io::Result<()> {
    let deadline = s.deadline.as_deref().unwrap_or("none");
    let started = s.started.as_deref().unwrap_or("not given");
    writeln!(
        w,
        "campaign {} (branch {}, started {started}, deadline {deadline})",
        defang(&s.campaign),
        defang(&s.branch)
    )?;
    writeln!(w, "{}", headline(s))?;
    writeln!(w)?;
    let rule_w = s
        .rules
        .iter()
        .map(|r| r.rule.len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        w,
        "{:<rule_w$}  at start     now     change  paved  custom  missing",
        "rule"
    )?;
    for r in &s.rules {
        writeln!(
            w,
            "{:<rule_w$}  {:>8}  {:>6}  {:>9}  {:>5}  {:>6}  {:>7}",
            defang(&r.rule),
            pct(r.adoption_at_start),
            pct(r.adoption),
            points(r.change),
            r.counts.paved,
            r.counts.custom,
            r.counts.missing
        )?;
    }
    writeln!(w)?;
    let repo_w = s
        .repos
        .iter()
        .map(|r| r.repo.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let pulls: Vec<String> = s.repos.iter().map(pull_cell).collect();
    let pull_w = pulls.iter().map(String::len).max().unwrap_or(12).max(12);
    writeln!(
        w,
        "{:<repo_w$}  {:<pull_w$}  off the road",
        "repository", "pull request"
    )?;
    for (r, p) in s.repos.iter().zip(&pulls) {
        writeln!(
            w,
            "{:<repo_w$}  {p:<pull_w$}  {}",
            defang(&r.repo),
            defang(&off_road(r))
        )?;
        if let Some(e) = &r.error {
            writeln!(w, "  error: {}", defang(e))?;
        }
    }
    Ok(())
}

fn markdown(s: &CampaignStatus, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "## Campaign {}", escape(&s.campaign))?;
    writeln!(w)?;
    let deadline = s.deadline.as_deref().unwrap_or("none");
    let started = s.started.as_deref().unwrap_or("not given");
    writeln!(
        w,
        "Branch {}, started {started}, deadline {deadline}.",
        code(&s.branch)
    )?;
    writeln!(w, "{}.", headline(s))?;
    writeln!(w)?;
    writeln!(
        w,
        "| Rule | At start | Now | Change | Paved | Custom | Missing |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|---:|---:|")?;
    for r in &s.rules {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} |",
            code(&r.rule),
            pct(r.adoption_at_start),
            pct(r.adoption),
            points(r.change),
            r.counts.paved,
            r.counts.custom,
            r.counts.missing
        )?;
    }
    writeln!(w)?;
    writeln!(w, "| Repository | Pull request | Off the road |")?;
    writeln!(w, "|---|---|---|")?;
    for r in &s.repos {
        let pull = match &r.pull {
            Some(PullInfo {
                number: Some(n),
                url,
                state,
            }) if !url.is_empty() => {
                format!("[#{n}]({}) {}", url.replace(')', "%29"), state.as_str())
            }
            _ => pull_cell(r),
        };
        let off = match &r.error {
            Some(e) => format!("{} (error: {})", escape(&off_road(r)), escape(e)),
            None => escape(&off_road(r)),
        };
        writeln!(w, "| {} | {pull} | {off} |", code(&r.repo))?;
    }
    Ok(())
}
