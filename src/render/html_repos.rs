//! The dashboard's repository table and the compact data its script renders rows from.
//!
//! At tens of thousands of repositories a row per repository in the page would be hundreds of
//! megabytes, so the page carries the data once, compactly (each rule's distinct results once,
//! each repository as one short array), and the script draws one page of rows at a time. The
//! first page is also drawn here, so the page reads without JavaScript.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Value, json};

use super::html::{Ctx, esc, glyph, legend, outcome_label, script_safe};
use crate::figures;
use crate::outcome::{Outcome, RuleResult};
use crate::report::{RepoReport, Report, RuleInfo, Severity, UNOWNED, on_paved_road};

/// Rows drawn per page (here and by the script).
pub const PAGE: usize = 100;

/// The embedded data: `rules` (the report's), `results` (per rule, its distinct results:
/// `{outcome, message, evidence}`) and `repos`, each
/// `[name, team, score, commit, committed_at, offroad (0/1), [result index per rule, -1 none], extra]`
/// where `extra` is `0` or `{path, error, notes}` (path only when it differs from the name).
pub fn script_data(
    report: &Report,
    by_id: &BTreeMap<&str, &RuleInfo>,
) -> serde_json::Result<String> {
    let column: HashMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut tables: Vec<Vec<&RuleResult>> = vec![Vec::new(); report.rules.len()];
    let mut index: HashMap<&RuleResult, i64> = HashMap::new();
    let mut repos = Vec::with_capacity(report.repos.len());
    for repo in &report.repos {
        let mut ks = vec![-1i64; report.rules.len()];
        for r in &repo.results {
            let Some(&c) = column.get(r.rule.as_str()) else {
                continue;
            };
            let t = &mut tables[c];
            ks[c] = *index.entry(&**r).or_insert_with(|| {
                t.push(r);
                t.len() as i64 - 1
            });
        }
        let mut extra = serde_json::Map::new();
        if repo.path != repo.name {
            extra.insert("path".into(), json!(repo.path));
        }
        if let Some(e) = &repo.error {
            extra.insert("error".into(), json!(e));
        }
        if !repo.notes.is_empty() {
            extra.insert("notes".into(), json!(repo.notes));
        }
        repos.push(json!([
            repo.name,
            repo.team,
            repo.score,
            repo.commit,
            repo.committed_at,
            u8::from(!on_paved_road(repo, by_id)),
            ks,
            if extra.is_empty() {
                json!(0)
            } else {
                Value::Object(extra)
            },
        ]));
    }
    #[derive(Serialize)]
    struct Shown<'a> {
        outcome: Outcome,
        message: &'a str,
        evidence: &'a [crate::outcome::Evidence],
    }
    let results: Vec<Vec<Shown>> = tables
        .iter()
        .map(|t| {
            t.iter()
                .map(|r| Shown {
                    outcome: r.outcome,
                    message: &r.message,
                    evidence: &r.evidence,
                })
                .collect()
        })
        .collect();
    let data = json!({ "rules": report.rules, "results": results, "repos": repos });
    Ok(script_safe(&serde_json::to_string(&data)?))
}
pub(super) fn repo_table(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let r = cx.report;
    writeln!(h, "<section id=\"repositories\"><h2>Repositories</h2>")?;
    writeln!(h, "<div class=\"controls\" role=\"search\">")?;
    writeln!(
        h,
        "<label>Filter <input id=\"filter-text\" type=\"search\" placeholder=\"repository or team\" autocomplete=\"off\"></label>"
    )?;
    write!(
        h,
        "<label>Team <select id=\"filter-team\"><option value=\"\">all teams</option>"
    )?;
    for t in &r.summary.teams {
        write!(h, "<option value=\"{0}\">{0}</option>", esc(&t.team))?;
    }
    writeln!(h, "</select></label>")?;
    write!(
        h,
        "<label>Showing <select id=\"filter-outcome\"><option value=\"\">every repository</option>"
    )?;
    write!(h, "<option value=\"offroad\">off the paved road</option>")?;
    for o in Outcome::ALL {
        write!(
            h,
            "<option value=\"{}\">with a {} result</option>",
            o.as_str(),
            outcome_label(o)
        )?;
    }
    writeln!(
        h,
        "<option value=\"failed\">that could not be scanned</option></select></label>"
    )?;
    writeln!(
        h,
        "<span id=\"filter-count\" class=\"muted\" aria-live=\"polite\">{} repositories</span>",
        r.repos.len()
    )?;
    writeln!(h, "</div>")?;
    legend(h, &Outcome::ALL)?;
    writeln!(
        h,
        "<p class=\"legend-note muted\"><span class=\"req-mark\">●</span> marks a required rule</p>"
    )?;

    // The script pages through `data-total` repositories before it has parsed their data.
    writeln!(
        h,
        "<div class=\"scroll\"><table id=\"repos\" class=\"grid\" data-total=\"{}\">",
        r.repos.len()
    )?;
    write!(
        h,
        "<thead><tr><th data-key=\"name\" aria-sort=\"ascending\"><button type=\"button\">Repository</button></th>\
         <th data-key=\"team\"><button type=\"button\">Team</button></th>\
         <th data-key=\"score\" class=\"num\"><button type=\"button\">Score</button></th>"
    )?;
    for (i, rule) in r.rules.iter().enumerate() {
        let sev = match rule.severity {
            Severity::Required => " req",
            _ => "",
        };
        write!(
            h,
            "<th data-key=\"rule\" data-rule=\"{i}\" class=\"rule-col{sev}\" title=\"{} ({}): {}\"><button type=\"button\"><span>{}</span></button></th>",
            esc(&rule.id),
            rule.severity.as_str(),
            esc(&rule.title),
            esc(&rule.id)
        )?;
    }
    writeln!(h, "</tr></thead>\n<tbody>")?;
    // The first page; the script draws the others from the data.
    for (ri, repo) in r.repos.iter().enumerate().take(PAGE) {
        repo_row(h, cx, ri, repo)?;
    }
    writeln!(h, "</tbody></table></div>")?;
    if r.repos.len() > PAGE {
        writeln!(
            h,
            "<p id=\"pager\" class=\"pager muted\">The first {PAGE} of {} repositories; the page's script shows the others.</p>",
            r.repos.len()
        )?;
    } else {
        writeln!(h, "<p id=\"pager\" class=\"pager muted\" hidden></p>")?;
    }
    writeln!(
        h,
        "<p class=\"hint muted\">Click a cell for its evidence, a repository for its details, a heading to sort.</p></section>"
    )
}

fn repo_row(h: &mut String, cx: &Ctx, ri: usize, repo: &RepoReport) -> std::fmt::Result {
    let team = repo.team.as_deref().unwrap_or(UNOWNED);
    let by_rule: BTreeMap<&str, &RuleResult> = repo
        .results
        .iter()
        .map(|r| (r.rule.as_str(), &**r))
        .collect();
    // The same markup as the script's rows: it filters and sorts from its data, not from these.
    let failed = repo.error.is_some();
    write!(
        h,
        "<tr data-repo=\"{ri}\"{}>",
        if failed { " class=\"failed-row\"" } else { "" }
    )?;
    write!(
        h,
        "<th scope=\"row\"><button type=\"button\" class=\"repo-link\" data-open=\"repo\">{}</button></th><td>{}</td>",
        esc(&repo.name),
        esc(team)
    )?;
    match repo.score {
        Some(s) => write!(
            h,
            "<td class=\"num score\"><span class=\"score-bar\"><span style=\"width:{:.0}%\"></span></span>{}</td>",
            s * 100.0,
            figures::pct(Some(s))
        )?,
        None => write!(h, "<td class=\"num score\">—</td>")?,
    }
    if let Some(err) = &repo.error {
        write!(
            h,
            "<td colspan=\"{}\" class=\"failed-cell\" title=\"{}\"><a href=\"#failed\">not scanned</a></td>",
            cx.report.rules.len().max(1),
            esc(err)
        )?;
    } else {
        for (i, rule) in cx.report.rules.iter().enumerate() {
            match by_rule.get(rule.id.as_str()) {
                Some(res) => write!(
                    h,
                    "<td class=\"o o-{0}\" data-outcome=\"{0}\" data-rule=\"{i}\"><button type=\"button\" data-open=\"cell\" aria-label=\"{1} · {2}: {3}\" title=\"{2}: {3}\">{4}</button></td>",
                    res.outcome.as_str(),
                    esc(&repo.name),
                    esc(&rule.id),
                    outcome_label(res.outcome),
                    glyph(res.outcome)
                )?,
                None => write!(
                    h,
                    "<td class=\"none\" data-rule=\"{i}\" title=\"not evaluated\"></td>"
                )?,
            }
        }
    }
    writeln!(h, "</tr>")
}
