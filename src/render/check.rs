//! `paved check`'s terminal view of one repository: the failing required rules first, each with
//! its outcome, evidence and fix, then the recommended ones, then a one-line summary; with a
//! baseline, the regressions that fail the ratchet and the debt it tolerates.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::RenderOptions;
use super::table::{location, not_paved};
use crate::outcome::RuleResult;
use crate::ratchet::Ratchet;
use crate::report::{RepoReport, Report, RuleInfo, Severity};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One failing rule: its id, title and outcome, each piece of evidence, and the fix.
fn rule_block(
    r: &RuleResult,
    info: Option<&RuleInfo>,
    baseline: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let title = info.map_or(String::new(), |i| format!(" — {}", i.title));
    let tail = baseline.map_or(String::new(), |b| format!(" ({b})"));
    writeln!(out, "  ✗ {}{title}: {}{tail}", r.rule, r.outcome)?;
    if !r.message.is_empty() {
        writeln!(out, "      {}", r.message)?;
    }
    for ev in &r.evidence {
        let loc = location(ev);
        match (loc.is_empty(), ev.note.is_empty()) {
            (true, true) => {}
            (true, false) => writeln!(out, "      {}", ev.note)?,
            (false, true) => writeln!(out, "      {loc}")?,
            (false, false) => writeln!(out, "      {loc}: {}", ev.note)?,
        }
    }
    if let Some(fix) = info.and_then(|i| i.fix.as_deref()) {
        let mut lines = fix.trim().lines();
        if let Some(first) = lines.next() {
            writeln!(out, "      fix: {first}")?;
        }
        for line in lines {
            writeln!(out, "           {line}")?;
        }
    }
    Ok(())
}

/// What the ratchet says about a rule: regressed, already failing, or nothing (no baseline).
fn baseline_note(ratchet: Option<&Ratchet>, rule: &str) -> Option<String> {
    let ratchet = ratchet?;
    if let Some(c) = ratchet.regressions.iter().find(|c| c.rule == rule) {
        return Some(format!("regressed: {} at baseline", c.before));
    }
    if ratchet.already_failing.iter().any(|c| c.rule == rule) {
        return Some("already failing at baseline".into());
    }
    Some("new since baseline".into())
}

/// Writes the developer's view of the report's one repository (the first, if there are more).
pub fn render(
    report: &Report,
    ratchet: Option<&Ratchet>,
    _opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some(repo) = report.repos.first() else {
        return writeln!(out, "no repository was checked");
    };
    header(repo, out)?;
    if let Some(error) = &repo.error {
        return writeln!(out, "could not be scanned: {error}");
    }
    let rules: BTreeMap<&str, &RuleInfo> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let failing = |severity: Severity| -> Vec<&RuleResult> {
        repo.results
            .iter()
            .filter(|r| not_paved(r.outcome))
            .filter(|r| rules.get(r.rule.as_str()).map(|i| i.severity) == Some(severity))
            .map(|r| &**r)
            .collect()
    };
    let required = failing(Severity::Required);
    let recommended = failing(Severity::Recommended);
    for (label, list) in [("Required", &required), ("Recommended", &recommended)] {
        if list.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{label} rules that fail ({}):", list.len())?;
        for r in list.iter() {
            let note = baseline_note(ratchet, &r.rule);
            rule_block(r, rules.get(r.rule.as_str()).copied(), note.as_deref(), out)?;
        }
    }
    writeln!(out)?;
    summary(required.len(), recommended.len(), ratchet, out)
}

fn header(repo: &RepoReport, out: &mut dyn Write) -> io::Result<()> {
    let commit = repo
        .commit
        .as_deref()
        .map_or("no commit".to_string(), |c| c.chars().take(12).collect());
    let source = repo
        .notes
        .iter()
        .find(|n| n.starts_with("read from the "))
        .map_or(format!("at {commit}"), |n| n.clone());
    writeln!(out, "paved check: {} ({source})", repo.name)
}

/// The closing line: how many rules fail, and with a baseline, how many regressed.
fn summary(
    required: usize,
    recommended: usize,
    ratchet: Option<&Ratchet>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut line = if required + recommended == 0 {
        "every required and recommended rule is paved, exempt or not applicable".to_string()
    } else {
        format!(
            "{} {}; {} recommended",
            plural(required, "required rule", "required rules"),
            if required == 1 { "fails" } else { "fail" },
            recommended
        )
    };
    if let Some(r) = ratchet {
        let names: Vec<&str> = r.regressions.iter().map(|c| c.rule.as_str()).collect();
        if names.is_empty() {
            line.push_str(&format!(
                "; no regression since the baseline ({} already failing)",
                r.already_failing.len()
            ));
        } else {
            line.push_str(&format!(
                "; {} since the baseline: {}",
                plural(names.len(), "regression", "regressions"),
                names.join(", ")
            ));
        }
    }
    writeln!(out, "{line}")
}
