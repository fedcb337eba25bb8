//! `paved trend --adopters RULE`: the repositories where a rule was paved at some point, in
//! each format.

use std::io::{self, Write};

use super::{TrendFormat, period, plural};
use crate::outcome::Outcome;
use crate::render::markdown::{code, escape};
use crate::report::trend::{Adoption, Change, RepoTrend, TrendReport};

/// `paved trend --adopters RULE`: the repositories where `rule` was paved at some point.
pub fn adopters(
    t: &TrendReport,
    rule: &str,
    format: TrendFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    let list = t.adopters(rule);
    match format {
        TrendFormat::Json => as_json(t, rule, &list, out),
        TrendFormat::Csv => as_csv(t, rule, &list, out),
        TrendFormat::Markdown => as_markdown(t, rule, &list, out),
        TrendFormat::Table | TrendFormat::Svg | TrendFormat::Html => as_table(t, rule, &list, out),
    }
}

/// The repositories with their adoption, as [`TrendReport::adopters`] lists them.
type Adopters<'a> = [(&'a RepoTrend, &'a Adoption)];

/// The repository's outcome for `rule` at the last point.
fn now(t: &TrendReport, rule: &str, r: &RepoTrend) -> Option<Outcome> {
    t.points
        .len()
        .checked_sub(1)
        .and_then(|i| r.outcome(i, rule))
}

fn when(t: &TrendReport, a: &Adoption) -> String {
    match &a.adopted {
        _ if a.paved_at_start => format!("before {}", t.since),
        Some(c) => c
            .commit
            .as_ref()
            .map_or(c.date.clone(), |i| i.committed_at.clone()),
        None => String::new(),
    }
}

fn regressed(a: &Adoption) -> String {
    a.regressed.as_ref().map_or(String::new(), |c| {
        c.commit
            .as_ref()
            .map_or(c.date.clone(), |i| i.committed_at.clone())
    })
}

/// The short commit and its subject.
fn info(c: Option<&Change>) -> (String, String) {
    c.and_then(|c| c.commit.as_ref())
        .map_or((String::new(), String::new()), |i| {
            (i.short.clone(), i.subject.clone())
        })
}

fn as_json(
    t: &TrendReport,
    rule: &str,
    list: &Adopters<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let items: Vec<serde_json::Value> = list
        .iter()
        .map(|(r, a)| {
            serde_json::json!({
                "repo": r.name,
                "team": r.team,
                "paved_at_start": a.paved_at_start,
                "adopted": a.adopted,
                "regressed": a.regressed,
                "now": now(t, rule, r),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "rule": rule,
        "since": t.since,
        "until": t.until,
        "adopters": items,
    });
    crate::render::pretty_json(out, &doc)
}

fn as_csv(t: &TrendReport, rule: &str, list: &Adopters<'_>, out: &mut dyn Write) -> io::Result<()> {
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
    for (r, a) in list {
        let (ac, asub) = info(a.adopted.as_ref());
        let (rc, rsub) = info(a.regressed.as_ref());
        w.write_record([
            r.name.as_str(),
            r.team.as_deref().unwrap_or(""),
            &when(t, a),
            &ac,
            &asub,
            &regressed(a),
            &rc,
            &rsub,
            now(t, rule, r).map_or("", Outcome::as_str),
        ])?;
    }
    w.flush()
}

fn as_markdown(
    t: &TrendReport,
    rule: &str,
    list: &Adopters<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
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
    for (r, a) in list {
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
            escape(&when(t, a)),
            commit(&ac, &asub),
            if reg.is_empty() {
                String::new()
            } else {
                format!("{} {}", escape(&reg), commit(&rc, &rsub))
            },
            now(t, rule, r).map_or("", Outcome::as_str)
        )?;
    }
    Ok(())
}

fn as_table(
    t: &TrendReport,
    rule: &str,
    list: &Adopters<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
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
    for (r, a) in list {
        let (ac, asub) = info(a.adopted.as_ref());
        let (rc, _) = info(a.regressed.as_ref());
        let reg = regressed(a);
        rows.push(vec![
            r.name.clone(),
            r.team.clone().unwrap_or_default(),
            when(t, a),
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
            now(t, rule, r).map_or("", Outcome::as_str).to_string(),
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
