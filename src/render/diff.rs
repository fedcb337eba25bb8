//! Writing a [`ReportDiff`] (`paved diff`) as a terminal table, Markdown or JSON.

use std::io::{self, Write};

use super::markdown::{code, escape};
use super::{Format, RenderOptions};
use crate::diff::{Change, Move, Presence, ReportDiff, Side};
use crate::figures::{pct, points};

/// The formats `paved diff` writes.
pub const FORMATS: [Format; 3] = [Format::Table, Format::Markdown, Format::Json];

/// Writes `diff` in `format`; other formats than [`FORMATS`] are an `Unsupported` error.
pub fn render(
    diff: &ReportDiff,
    format: Format,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table(diff, opts, out),
        Format::Markdown => markdown(diff, opts, out),
        Format::Json => json(diff, out),
        other => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("paved diff writes table, markdown or json, not {other:?}"),
        )),
    }
}

/// "60.0% → 66.1% (+6.1 pp)".
fn change(c: Change) -> String {
    format!("{} → {} ({})", pct(c.before), pct(c.after), points(c.delta))
}

/// `after - before` with its sign, "0" when equal.
fn signed(before: usize, after: usize) -> String {
    match after.cmp(&before) {
        std::cmp::Ordering::Equal => "0".to_string(),
        std::cmp::Ordering::Greater => format!("+{}", after - before),
        std::cmp::Ordering::Less => format!("-{}", before - after),
    }
}

fn moved(m: &Move) -> String {
    format!("{} → {}", m.from, m.to)
}

pub fn json(diff: &ReportDiff, out: &mut dyn Write) -> io::Result<()> {
    super::pretty_json(out, diff)
}

/// Left-aligned text columns separated by two spaces, the last unpadded.
fn columns(
    out: &mut dyn Write,
    indent: &str,
    rows: &[Vec<String>],
    right: &[bool],
) -> io::Result<()> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = indent.to_string();
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(widths[i] - c.chars().count());
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(c);
            } else {
                line.push_str(c);
                line.push_str(&pad);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn bold(opts: &RenderOptions, s: &str) -> String {
    if opts.color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// When a side describes: its as-of moment when it has one (two `scan --as-of` reports made the
/// same day differ there, not in `generated_at`), else when it was generated.
fn when(s: &Side) -> String {
    match &s.as_of {
        Some(as_of) => format!("as of {as_of} (generated {})", s.generated_at),
        None => s.generated_at.clone(),
    }
}

pub fn table(diff: &ReportDiff, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let (b, a) = (&diff.before, &diff.after);
    writeln!(
        out,
        "before {} · {} repos, {} failed",
        when(b),
        b.repos,
        b.repos_failed
    )?;
    writeln!(
        out,
        "after  {} · {} repos, {} failed",
        when(a),
        a.repos,
        a.repos_failed
    )?;
    writeln!(out)?;
    writeln!(out, "adoption           {}", change(diff.adoption))?;
    writeln!(out, "on the paved road  {}", change(diff.on_paved_road))?;
    writeln!(out)?;

    let mut rows = vec![
        [
            "rule",
            "before",
            "after",
            "change",
            "paved",
            "moved",
            "regressed",
        ]
        .map(str::to_string)
        .to_vec(),
    ];
    for r in &diff.rules {
        let rule = match r.presence {
            Presence::Both => r.rule.clone(),
            Presence::Added => format!("{} (new)", r.rule),
            Presence::Removed => format!("{} (removed)", r.rule),
        };
        rows.push(vec![
            rule,
            pct(r.adoption.before),
            pct(r.adoption.after),
            points(r.adoption.delta),
            format!("{} → {}", r.paved.before, r.paved.after),
            r.moved_to_paved.len().to_string(),
            r.regressed.len().to_string(),
        ]);
    }
    columns(
        out,
        "  ",
        &rows,
        &[false, true, true, true, true, true, true],
    )?;

    let moves: Vec<(&str, &Move)> = diff.all_moved_to_paved().collect();
    let regressions: Vec<(&str, &Move)> = diff.all_regressed().collect();
    for (title, list) in [("Moved to paved", &moves), ("Regressed", &regressions)] {
        if list.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{}", bold(opts, &format!("{title} ({}):", list.len())))?;
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|(rule, m)| vec![rule.to_string(), m.repo.clone(), moved(m)])
            .collect();
        columns(out, "  ", &rows, &[])?;
    }

    for (title, list) in [
        ("Joined the paved road", &diff.joined_paved_road),
        ("Left the paved road", &diff.left_paved_road),
        ("New repos", &diff.new_repos),
        ("Removed repos", &diff.removed_repos),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{}", bold(opts, &format!("{title} ({}):", list.len())))?;
        for name in list {
            writeln!(out, "  {name}")?;
        }
    }

    if !diff.teams.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", bold(opts, "By team:"))?;
        let mut rows = vec![
            ["team", "repos", "adoption", "change", "on road", "change"]
                .map(str::to_string)
                .to_vec(),
        ];
        for t in &diff.teams {
            rows.push(vec![
                t.team.clone(),
                format!("{} → {}", t.repos.before, t.repos.after),
                format!("{} → {}", pct(t.adoption.before), pct(t.adoption.after)),
                points(t.adoption.delta),
                format!(
                    "{} → {}",
                    pct(t.on_paved_road.before),
                    pct(t.on_paved_road.after)
                ),
                points(t.on_paved_road.delta),
            ]);
        }
        columns(out, "  ", &rows, &[false, true, true, true, true, true])?;
    }
    Ok(())
}

pub fn markdown(diff: &ReportDiff, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    markdown_overview(diff, out)?;
    markdown_rules(diff, out)?;
    markdown_moves(diff, out)?;
    markdown_lists(diff, out)?;
    markdown_teams(diff, out)
}

/// The title and the before/after figures of the whole org.
fn markdown_overview(diff: &ReportDiff, out: &mut dyn Write) -> io::Result<()> {
    let (b, a) = (&diff.before, &diff.after);
    writeln!(out, "# Paved road: what changed")?;
    writeln!(out)?;
    writeln!(out, "| | Before | After | Change |")?;
    writeln!(out, "|---|--:|--:|--:|")?;
    writeln!(
        out,
        "| Report | {} | {} | |",
        escape(&b.generated_at),
        escape(&a.generated_at)
    )?;
    if b.as_of.is_some() || a.as_of.is_some() {
        let as_of = |s: &Side| s.as_of.as_deref().map_or("HEAD".to_string(), escape);
        writeln!(out, "| As of | {} | {} | |", as_of(b), as_of(a))?;
    }
    writeln!(
        out,
        "| Repositories | {} | {} | {} |",
        b.repos,
        a.repos,
        signed(b.repos, a.repos)
    )?;
    writeln!(
        out,
        "| Could not be scanned | {} | {} | {} |",
        b.repos_failed,
        a.repos_failed,
        signed(b.repos_failed, a.repos_failed)
    )?;
    for (label, c) in [
        ("Adoption", diff.adoption),
        ("On the paved road", diff.on_paved_road),
    ] {
        writeln!(
            out,
            "| {label} | {} | {} | {} |",
            pct(c.before),
            pct(c.after),
            points(c.delta)
        )?;
    }
    writeln!(out)
}

fn markdown_rules(diff: &ReportDiff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Rules")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Rule | Before | After | Change | Paved | Moved to paved | Regressed |"
    )?;
    writeln!(out, "|---|--:|--:|--:|--:|--:|--:|")?;
    for r in &diff.rules {
        let note = match r.presence {
            Presence::Both => "",
            Presence::Added => " (new)",
            Presence::Removed => " (removed)",
        };
        writeln!(
            out,
            "| {}{note} | {} | {} | {} | {} → {} | {} | {} |",
            code(&r.rule),
            pct(r.adoption.before),
            pct(r.adoption.after),
            points(r.adoption.delta),
            r.paved.before,
            r.paved.after,
            r.moved_to_paved.len(),
            r.regressed.len(),
        )?;
    }
    writeln!(out)
}

/// Repositories that moved to paved, or regressed, rule by rule.
fn markdown_moves(diff: &ReportDiff, out: &mut dyn Write) -> io::Result<()> {
    let moves: Vec<(&str, &Move)> = diff.all_moved_to_paved().collect();
    let regressions: Vec<(&str, &Move)> = diff.all_regressed().collect();
    for (title, list) in [("Moved to paved", &moves), ("Regressed", &regressions)] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "## {title}")?;
        writeln!(out)?;
        writeln!(out, "| Rule | Repository | Change |")?;
        writeln!(out, "|---|---|---|")?;
        for (rule, m) in list {
            writeln!(
                out,
                "| {} | {} | {} |",
                code(rule),
                escape(&m.repo),
                moved(m)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Repositories that joined or left the paved road, or the scan.
fn markdown_lists(diff: &ReportDiff, out: &mut dyn Write) -> io::Result<()> {
    for (title, list) in [
        ("Joined the paved road", &diff.joined_paved_road),
        ("Left the paved road", &diff.left_paved_road),
        ("New repositories", &diff.new_repos),
        ("Removed repositories", &diff.removed_repos),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "## {title}")?;
        writeln!(out)?;
        for name in list {
            writeln!(out, "- {}", escape(name))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn markdown_teams(diff: &ReportDiff, out: &mut dyn Write) -> io::Result<()> {
    if diff.teams.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Teams")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Team | Repos | Adoption | Change | On the paved road | Change |"
    )?;
    writeln!(out, "|---|--:|--:|--:|--:|--:|")?;
    for t in &diff.teams {
        writeln!(
            out,
            "| {} | {} → {} | {} → {} | {} | {} → {} | {} |",
            escape(&t.team),
            t.repos.before,
            t.repos.after,
            pct(t.adoption.before),
            pct(t.adoption.after),
            points(t.adoption.delta),
            pct(t.on_paved_road.before),
            pct(t.on_paved_road.after),
            points(t.on_paved_road.delta),
        )?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs() {
        assert_eq!(
            [signed(3, 3), signed(2, 5), signed(5, 2)],
            ["0", "+3", "-3"]
        );
    }
}
