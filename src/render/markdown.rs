//! The `markdown` format: GitHub-flavoured Markdown that pastes cleanly into a memo or a PR comment.
//!
//! Everything that comes from repositories or rules is escaped, so a `|` in a note cannot break
//! a table and an `@team` in a CODEOWNERS line does not notify anyone.

use std::io::{self, Write};

use super::RenderOptions;
use super::table::{
    expired_exemptions, location, not_paved_for, off_road, on_road_count, one_line, rule_due,
    rules_by_id,
};
use crate::figures::{Due, pct};
use crate::outcome::RuleResult;
use crate::report::{Report, UNOWNED};

/// How many repos a list names before it says "and N more".
const LIST_LIMIT: usize = 20;
/// How many repos "furthest from the paved road" shows.
const FURTHEST_LIMIT: usize = 10;

/// Escapes text for a Markdown table cell or list item: ASCII punctuation that Markdown or GFM
/// would act on gets a backslash, line breaks become `<br>`, and `@name` is split with a
/// zero-width space (as Dependabot and Renovate do) so that pasting a report mentions nobody.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `$` would start GitHub's math mode; the rest are Markdown's and GFM's own.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '@' if chars.peek().is_some_and(|n| n.is_alphanumeric()) => out.push_str("@&#8203;"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Inline code for identifiers and paths: a code span cannot hold a pipe in a GFM table unless
/// it is escaped, and backticks inside need a longer fence.
pub fn code(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ").replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The first evidence as "`path:line` — note" on one line, else the result's message.
pub(crate) fn evidence(result: &RuleResult) -> String {
    let Some(ev) = result.evidence.first() else {
        return escape(&one_line(&result.message));
    };
    let loc = location(ev);
    let note = escape(&one_line(&ev.note));
    match (loc.is_empty(), note.is_empty()) {
        (true, _) => note,
        (false, true) => code(&loc),
        (false, false) => format!("{} — {note}", code(&loc)),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Paved road report")?;
    writeln!(out)?;
    writeln!(
        out,
        "Generated {} by {} {}.",
        escape(&report.generated_at),
        escape(&report.tool.name),
        escape(&report.tool.version)
    )?;
    writeln!(out)?;
    if let Some(packs) = &opts.builtin_packs {
        // Pack names are the binary's own identifiers: nothing to escape.
        let on = if packs.is_empty() {
            "none".to_string()
        } else {
            packs.join(", ")
        };
        writeln!(
            out,
            "Built-in packs: {on} (choose with `--builtin` or `builtin:` in paved.yml)."
        )?;
        writeln!(out)?;
    }
    headline(report, out)?;
    rules_section(report, opts, out)?;
    teams_section(report, opts, out)?;
    furthest_section(report, out)?;
    deadlines_section(report, opts, out)?;
    templates_section(report, out)?;
    expired_section(report, out)?;
    failed_section(report, out)
}

/// The figures a reader wants first, as a two-column table.
pub(crate) fn headline(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out, "| | |")?;
    writeln!(out, "|---|--:|")?;
    writeln!(out, "| Repositories scanned | {} |", s.repos)?;
    writeln!(out, "| Could not be scanned | {} |", s.repos_failed)?;
    writeln!(out, "| Adoption | {} |", pct(s.adoption))?;
    writeln!(
        out,
        "| On the paved road | {} ({} of {}) |",
        pct(s.on_paved_road),
        on_road_count(report),
        s.repos
    )?;
    writeln!(out)
}

pub(crate) fn rules_section(
    report: &Report,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rules = rules_by_id(report);
    writeln!(out, "## Rules")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Rule | Severity | Paved | Custom | Missing | Exempt | N/A | Error | Adoption | Deadline |"
    )?;
    writeln!(out, "|---|---|--:|--:|--:|--:|--:|--:|--:|---|")?;
    for rs in &report.summary.rules {
        let info = rules.get(rs.rule.as_str());
        let title = info.map_or(String::new(), |r| format!(" — {}", escape(&r.title)));
        let severity = info.map_or("", |r| r.severity.as_str());
        let deadline =
            info.and_then(|r| rule_due(r, opts.today))
                .map_or(String::new(), |d| match d {
                    Due::Past { .. } => format!("**{}**", d.describe()),
                    _ => d.describe(),
                });
        let c = &rs.counts;
        writeln!(
            out,
            "| {}{title} | {severity} | {} | {} | {} | {} | {} | {} | {} | {deadline} |",
            code(&rs.rule),
            c.paved,
            c.custom,
            c.missing,
            c.exempt,
            c.not_applicable,
            c.error,
            pct(rs.adoption),
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Adoption = paved / (paved + custom + missing); exempt, not applicable and error are counted, \
         never folded into it."
    )?;
    writeln!(out)
}

fn teams_section(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let teams = &report.summary.teams;
    if teams.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Teams")?;
    writeln!(out)?;
    writeln!(out, "| Team | Repos | Adoption | On the paved road |")?;
    writeln!(out, "|---|--:|--:|--:|")?;
    for t in teams {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape(&t.team),
            t.repos,
            pct(t.adoption),
            pct(t.on_paved_road)
        )?;
    }
    writeln!(out)?;
    if opts.by != Some(super::GroupBy::Team) {
        return Ok(());
    }
    // Adoption per team and rule, one column per rule: the matrix a platform team reads first.
    let ids: Vec<&str> = report
        .summary
        .rules
        .iter()
        .map(|r| r.rule.as_str())
        .collect();
    writeln!(out, "### Adoption by team and rule")?;
    writeln!(out)?;
    let head: Vec<String> = ids.iter().map(|id| code(id)).collect();
    writeln!(out, "| Team | {} |", head.join(" | "))?;
    writeln!(out, "|---|{}", "--:|".repeat(ids.len()))?;
    for t in teams {
        let cells: Vec<String> = ids
            .iter()
            .map(|id| {
                t.rules
                    .iter()
                    .find(|r| r.rule == *id)
                    .map_or("-".to_string(), |r| {
                        let c = &r.counts;
                        format!(
                            "{} ({}/{})",
                            pct(r.adoption),
                            c.paved,
                            c.paved + c.custom + c.missing
                        )
                    })
            })
            .collect();
        writeln!(out, "| {} | {} |", escape(&t.team), cells.join(" | "))?;
    }
    writeln!(out)
}

fn furthest_section(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut off = off_road(report);
    if off.is_empty() {
        return Ok(());
    }
    // Lowest score first; a repo without a score (nothing counted) sorts last, then by name.
    off.sort_by(|(a, _), (b, _)| {
        let key = |s: Option<f64>| s.unwrap_or(f64::INFINITY);
        key(a.score)
            .total_cmp(&key(b.score))
            .then_with(|| a.name.cmp(&b.name))
    });
    writeln!(out, "## Furthest from the paved road")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Repository | Team | Score | Required rules not paved |"
    )?;
    writeln!(out, "|---|---|--:|---|")?;
    let total = off.len();
    for (repo, results) in off.iter().take(FURTHEST_LIMIT) {
        let rules: Vec<String> = results
            .iter()
            .map(|r| format!("{} ({}): {}", code(&r.rule), r.outcome, evidence(r)))
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape(&repo.name),
            escape(repo.team.as_deref().unwrap_or(UNOWNED)),
            pct(repo.score),
            rules.join("<br>")
        )?;
    }
    if total > FURTHEST_LIMIT {
        writeln!(out)?;
        writeln!(
            out,
            "…and {} more not on the paved road.",
            total - FURTHEST_LIMIT
        )?;
    }
    writeln!(out)
}

fn deadlines_section(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut at_risk: Vec<(Due, &str)> = report
        .rules
        .iter()
        .filter_map(|r| Some((rule_due(r, opts.today)?, r.id.as_str())))
        .filter(|(_, id)| !not_paved_for(report, id).is_empty())
        .collect();
    if at_risk.is_empty() {
        return Ok(());
    }
    at_risk.sort_by_key(|(d, id)| (d.date(), *id));
    writeln!(out, "## Deadlines at risk")?;
    writeln!(out)?;
    writeln!(out, "| Rule | Deadline | Repos not paved |")?;
    writeln!(out, "|---|---|---|")?;
    for (due, id) in at_risk {
        let repos = not_paved_for(report, id);
        let mut names: Vec<String> = repos
            .iter()
            .take(LIST_LIMIT)
            .map(|(r, o)| format!("{} ({o})", escape(&r.name)))
            .collect();
        if repos.len() > LIST_LIMIT {
            names.push(format!("and {} more", repos.len() - LIST_LIMIT));
        }
        let when = match due {
            Due::Past { .. } => format!("**{}**", due.describe()),
            _ => due.describe(),
        };
        writeln!(
            out,
            "| {} | {when} | {}: {} |",
            code(id),
            plural(repos.len(), "repo", "repos"),
            names.join(", ")
        )?;
    }
    writeln!(out)
}

/// Which templates repositories were generated from, and how many are behind the latest.
fn templates_section(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let templates = &report.summary.templates;
    if templates.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Templates")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Template | Repositories | Latest | Behind | Versions |"
    )?;
    writeln!(out, "|---|--:|---|--:|---|")?;
    for t in templates {
        let versions: Vec<String> = t
            .versions
            .iter()
            .map(|v| {
                format!(
                    "{} × {}",
                    v.version.as_deref().map_or("unknown".into(), code),
                    v.repos
                )
            })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&t.source),
            t.repos,
            t.latest.as_deref().map_or("-".into(), code),
            t.behind,
            versions.join(", ")
        )?;
    }
    writeln!(out)
}

/// Exemptions past their `until` day: the rule is judged again, and someone should renew or
/// retire each one.
fn expired_section(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let expired = expired_exemptions(report);
    if expired.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Expired exemptions")?;
    writeln!(out)?;
    writeln!(out, "| Repository | Rule | Expired | Granted in | Reason |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for e in &expired {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            escape(&e.repo.name),
            code(e.rule),
            escape(e.until),
            code(&e.granted_in),
            escape(e.reason)
        )?;
    }
    writeln!(out)
}

fn failed_section(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let failed: Vec<_> = report
        .repos
        .iter()
        .filter_map(|r| Some((r, r.error.as_deref()?)))
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Could not be scanned")?;
    writeln!(out)?;
    writeln!(out, "| Repository | Error |")?;
    writeln!(out, "|---|---|")?;
    for (repo, error) in failed {
        writeln!(out, "| {} | {} |", escape(&repo.name), escape(error))?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markdown() {
        let cases: &[(&str, &str)] = &[
            ("plain text, 12.5%! {ok}", "plain text, 12.5%! {ok}"),
            ("costs $5 and $HOME", "costs \\$5 and \\$HOME"),
            ("a | b", "a \\| b"),
            ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
            ("[link](x) <b>", "\\[link\\](x) \\<b\\>"),
            ("# heading", "\\# heading"),
            ("* @acme/web", "\\* @&#8203;acme/web"),
            ("mail me@ or @", "mail me@ or @"),
            (
                "line one\nline two\r\nthree",
                "line one<br>line two<br>three",
            ),
            ("back\\slash", "back\\\\slash"),
        ];
        for (text, want) in cases {
            assert_eq!(escape(text), *want, "{text:?}");
        }
    }

    #[test]
    fn code_spans_hold_pipes_and_backticks() {
        let cases: &[(&str, &str)] = &[
            ("ci-workflow", "`ci-workflow`"),
            ("a|b", "`a\\|b`"),
            ("a`b", "``a`b``"),
            ("`x`", "`` `x` ``"),
            ("two\nlines", "`two lines`"),
        ];
        for (text, want) in cases {
            assert_eq!(code(text), *want, "{text:?}");
        }
    }
}
