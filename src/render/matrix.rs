//! The `table` format's `--by team|topic|owner` section: one line of figures per group, then
//! ONE group × rule matrix of paved shares, turned whichever way fits the width and split into
//! blocks of columns where even that is too wide.

use std::io::{self, Write};

use super::GroupBy;
use super::grid::{
    Align, Cell, Col, Grid, Painter, SHOWN, Style, cell, col, more_line, shrinking, styled,
    truncate_middle,
};
use crate::figures::{pct, pct_whole};
use crate::report::{self, RepoReport, Report, TeamSummary};

/// A matrix column header is cut to this many columns ("…" marks the cut).
const HEADER_MAX: usize = 10;
/// A matrix row label is cut to this many columns.
const LABEL_MAX: usize = 26;

/// The group names of a repository under `by`.
fn groups_of(repo: &RepoReport, by: GroupBy) -> Vec<String> {
    match by {
        GroupBy::Team => vec![repo.team.clone().unwrap_or(report::UNOWNED.into())],
        GroupBy::Topic => match repo.meta.topics.as_deref() {
            Some(t) if !t.is_empty() => t.to_vec(),
            _ => vec!["(no topic)".into()],
        },
        GroupBy::Owner => vec![match repo.name.split_once('/') {
            Some((owner, _)) => owner.to_string(),
            None => "(no owner)".into(),
        }],
    }
}

fn noun(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Team => "team",
        GroupBy::Topic => "topic",
        GroupBy::Owner => "owner",
    }
}

/// The groups' figures and their rule matrix; at most [`SHOWN`] groups (the largest) unless
/// `all`.
pub(crate) fn section(
    report: &Report,
    by: GroupBy,
    all: bool,
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut groups = match by {
        GroupBy::Team => report.summary.teams.clone(),
        _ => report::group_summaries(report, |r| groups_of(r, by)),
    };
    if groups.is_empty() {
        return Ok(());
    }
    let more = if !all && groups.len() > SHOWN {
        // The largest groups, then by name: the cut keeps the groups that weigh most.
        groups.sort_by(|a, b| b.repos.cmp(&a.repos).then_with(|| a.team.cmp(&b.team)));
        let more = groups.len() - SHOWN;
        groups.truncate(SHOWN);
        groups.sort_by(|a, b| a.team.cmp(&b.team));
        more
    } else {
        0
    };
    let noun = noun(by);
    writeln!(out)?;
    p.line(out, &p.paint(Style::Bold, &format!("By {noun}:")))?;
    let mut grid = Grid::new(vec![
        shrinking(noun, 12),
        col("repos", Align::Right),
        col("adoption", Align::Right),
        col("on road", Align::Right),
    ]);
    for g in &groups {
        grid.rows.push(vec![
            cell(&g.team),
            cell(g.repos.to_string()),
            styled(pct(g.adoption), Style::for_adoption(g.adoption)),
            styled(pct(g.on_paved_road), Style::for_adoption(g.on_paved_road)),
        ]);
    }
    grid.write(out, p, &|_| "  ".to_string(), &|_| String::new())?;
    more_line(p, out, more)?;

    writeln!(out)?;
    p.line(
        out,
        &p.paint(
            Style::Bold,
            &format!("Adoption (paved share) by {noun} and rule:"),
        ),
    )?;
    matrix(report, &groups, noun, p, out)
}

/// The matrix with the longer list as rows and the shorter as columns, the columns split into
/// blocks that each fit the width.
fn matrix(
    report: &Report,
    groups: &[TeamSummary],
    noun: &str,
    p: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rules: Vec<&str> = report.rules.iter().map(|r| r.id.as_str()).collect();
    let share = |g: &TeamSummary, rule: &str| {
        g.rules
            .iter()
            .find(|r| r.rule == rule)
            .and_then(|r| r.adoption)
    };
    let group_names: Vec<&str> = groups.iter().map(|g| g.team.as_str()).collect();
    let rules_as_rows = rules.len() >= groups.len();
    let (corner, row_names, col_names) = if rules_as_rows {
        ("rule", &rules, &group_names)
    } else {
        (noun, &group_names, &rules)
    };
    let value = |row: usize, c: usize| {
        if rules_as_rows {
            share(&groups[c], rules[row])
        } else {
            share(&groups[row], rules[c])
        }
    };
    let label_w = row_names
        .iter()
        .map(|n| n.chars().count())
        .chain([corner.len()])
        .max()
        .unwrap_or(0)
        .min(LABEL_MAX);
    let col_w = |name: &str| name.chars().count().clamp(4, HEADER_MAX);
    // Columns per block: as many as fit after the indent and the row labels.
    let mut blocks: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 2 + label_w;
    for (c, name) in col_names.iter().enumerate() {
        let need = 2 + col_w(name);
        let block = blocks.last_mut().expect("one block at least");
        if !block.is_empty() && used + need > p.width {
            blocks.push(vec![c]);
            used = 2 + label_w + need;
        } else {
            block.push(c);
            used += need;
        }
    }
    for (b, block) in blocks.iter().enumerate() {
        if b > 0 {
            writeln!(out)?;
        }
        let mut header: Vec<Col> = vec![shrinking(corner, 8)];
        header.extend(
            block
                .iter()
                .map(|&c| col(truncate_middle(col_names[c], HEADER_MAX), Align::Right)),
        );
        let mut grid = Grid::new(header);
        for (r, name) in row_names.iter().enumerate() {
            let mut row: Vec<Cell> = vec![cell(truncate_middle(name, label_w))];
            row.extend(block.iter().map(|&c| {
                let v = value(r, c);
                styled(pct_whole(v), Style::for_adoption(v))
            }));
            grid.rows.push(row);
        }
        grid.write(out, p, &|_| "  ".to_string(), &|_| String::new())?;
    }
    Ok(())
}
