//! The `github` format: GitHub Actions workflow commands (`::error file=…,line=…::…`) that turn
//! results into annotations on the run and the pull request, plus the job summary in Markdown.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::RenderOptions;
use super::table::{location, not_paved};
use crate::outcome::{Evidence, Outcome, RuleResult};
use crate::report::{RepoReport, Report, RuleInfo, Severity};

/// Escapes a workflow command's message (GitHub's `escapeData`).
/// Control characters from repositories are defanged first, so no escape sequence reaches
/// the runner's log.
pub fn escape_data(s: &str) -> String {
    super::sanitize::defang(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The annotation level for a rule's severity (a rule the report does not describe warns).
fn level(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Required) => "error",
        Some(Severity::Recommended) | None => "warning",
        Some(Severity::Info) => "notice",
    }
}

/// Writes one workflow command; properties with an empty value are left out.
fn command(
    out: &mut dyn Write,
    name: &str,
    props: &[(&str, String)],
    message: &str,
) -> io::Result<()> {
    let props: Vec<String> = props
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    let sep = if props.is_empty() { "" } else { " " };
    writeln!(
        out,
        "::{name}{sep}{}::{}",
        props.join(","),
        escape_data(message)
    )
}

/// The annotation's message: the result's message, the evidence given, and how to fix it.
fn message(result: &RuleResult, evidence: &[&Evidence], info: Option<&RuleInfo>) -> String {
    let mut lines = vec![result.message.clone()];
    for ev in evidence {
        let loc = location(ev);
        lines.push(if loc.is_empty() {
            ev.note.clone()
        } else {
            format!("{loc}: {}", ev.note)
        });
    }
    if let Some(fix) = info.and_then(|i| i.fix.as_deref()) {
        lines.push(format!("Fix: {fix}"));
    }
    if let Some(docs) = info.and_then(|i| i.docs.as_deref()) {
        lines.push(format!("Docs: {docs}"));
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n")
}

/// The `file` and `line` properties of an annotation at `ev`, the path prefixed with the repo's
/// name when the report has many repos.
fn at(repo: &RepoReport, ev: &Evidence, multi: bool) -> Vec<(&'static str, String)> {
    let mut props = Vec::new();
    if let Some(path) = ev.path.as_deref() {
        props.push((
            "file",
            if multi {
                format!("{}/{path}", repo.name)
            } else {
                path.to_string()
            },
        ));
        if let Some(line) = ev.line.filter(|l| *l > 0) {
            props.push(("line", line.to_string()));
        }
    }
    props
}

/// A workflow command: its level, its properties and its message.
type Annotation = (&'static str, Vec<(&'static str, String)>, String);

/// One repository's annotations. With one repository, each evidence location of a result is
/// its own annotation (so each offending line is marked); with many, a result is one annotation
/// at its first location.
fn annotations(
    repo: &RepoReport,
    rules: &BTreeMap<&str, &RuleInfo>,
    multi: bool,
) -> Vec<Annotation> {
    if let Some(error) = &repo.error {
        let title = format!("paved: {} could not be scanned", repo.name);
        return vec![("error", vec![("title", title)], error.clone())];
    }
    let mut all = Vec::new();
    for r in repo.results.iter().filter(|r| not_paved(r.outcome)) {
        let info = rules.get(r.rule.as_str()).copied();
        let level = level(info.map(|i| i.severity));
        let title = title(repo, r, info, multi);
        let located: Vec<&Evidence> = r.evidence.iter().filter(|e| e.path.is_some()).collect();
        if multi || located.len() <= 1 {
            let mut props = located.first().map_or(Vec::new(), |ev| at(repo, ev, multi));
            props.push(("title", title));
            let evidence: Vec<&Evidence> = r.evidence.iter().collect();
            all.push((level, props, message(r, &evidence, info)));
        } else {
            for ev in located {
                let mut props = at(repo, ev, multi);
                props.push(("title", title.clone()));
                all.push((level, props, message(r, &[ev], info)));
            }
        }
    }
    all
}

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let rules: BTreeMap<&str, &RuleInfo> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    // With one repo the workspace is that repo, so paths are already relative to its root; with
    // many, the repo name tells the annotations apart.
    let multi = report.repos.len() > 1;
    // GitHub shows only a handful of annotations per step, so an org scan writes a bounded number
    // and says how many it left out (the job summary and the reports hold them all).
    let cap = if multi {
        opts.max_annotations
    } else {
        usize::MAX
    };
    let (mut written, mut left_out) = (0usize, 0usize);
    for repo in &report.repos {
        for (level, props, message) in annotations(repo, &rules, multi) {
            if written < cap {
                command(out, level, &props, &message)?;
                written += 1;
            } else {
                left_out += 1;
            }
        }
    }
    if left_out > 0 {
        let note = format!(
            "paved: {left_out} more annotation{} left out (--max-annotations {cap}); the job summary and the JSON report list every result",
            if left_out == 1 { "" } else { "s" }
        );
        command(out, "notice", &[], &note)?;
    }
    Ok(())
}

fn title(repo: &RepoReport, r: &RuleResult, info: Option<&RuleInfo>, multi: bool) -> String {
    let status = match r.outcome {
        Outcome::Error => "could not be evaluated",
        Outcome::Custom => "is custom",
        Outcome::Missing => "is missing",
        _ => "is not paved",
    };
    let what = match info {
        Some(i) => format!("{} {status} — {}", r.rule, i.title),
        None => format!("{} {status}", r.rule),
    };
    if multi {
        format!("paved: {}: {what}", repo.name)
    } else {
        format!("paved: {what}")
    }
}

/// The job summary (`$GITHUB_STEP_SUMMARY`) in Markdown. For one repository (`paved check`) it
/// is that repo's rule-by-rule result; for many, the Markdown report.
pub fn job_summary(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    use super::markdown::{code, escape, evidence};
    let [repo] = report.repos.as_slice() else {
        return super::markdown::render(report, opts, out);
    };
    writeln!(out, "## paved: {}", escape(&repo.name))?;
    writeln!(out)?;
    if let Some(error) = &repo.error {
        writeln!(
            out,
            "The repository could not be scanned: {}",
            escape(error)
        )?;
        return Ok(());
    }
    let rules: BTreeMap<&str, &RuleInfo> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let on_road = crate::report::on_paved_road(repo, &rules);
    writeln!(
        out,
        "{} · score {}",
        if on_road {
            "**On the paved road**"
        } else {
            "**Not on the paved road**"
        },
        crate::figures::pct(repo.score)
    )?;
    writeln!(out)?;
    writeln!(out, "| Rule | Severity | Outcome | Evidence | Fix |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for r in &repo.results {
        let info = rules.get(r.rule.as_str());
        let mark = match r.outcome {
            Outcome::Paved => "✅ ",
            o if not_paved(o) => "❌ ",
            _ => "",
        };
        let fix = if not_paved(r.outcome) {
            info.and_then(|i| i.fix.as_deref()).map(escape)
        } else {
            None
        };
        writeln!(
            out,
            "| {}{} | {} | {mark}{} | {} | {} |",
            code(&r.rule),
            info.map_or(String::new(), |i| format!(" — {}", escape(&i.title))),
            info.map_or("", |i| i.severity.as_str()),
            r.outcome,
            evidence(r),
            fix.unwrap_or_default(),
        )?;
    }
    writeln!(out)
}
