//! The `sarif` format: SARIF 2.1.0 for GitHub code scanning, one result per offending location
//! of each repo × rule that is off the paved road.
//!
//! Choices a reader of the output should know:
//! - `custom`, `missing` and `error` outcomes are results at the rule's level (required → error,
//!   recommended → warning, info → note). `paved` and `not_applicable` are not results.
//! - `exempt` outcomes are kept as results, so the upload records who is exempt and why: each
//!   carries an external, accepted suppression whose justification is the exemption's message,
//!   and has level `note`, so a consumer that ignores suppressions still never shows an
//!   exemption as an error.
//! - A repository that could not be scanned at all has no results; it is a tool execution
//!   notification of level error and makes the invocation unsuccessful.
//! - Each evidence entry that names a file is one result at that file and line, so code scanning
//!   shows an alert on every offending line. Code scanning needs a location for every result:
//!   when no file decides a result (a file that is missing decides nothing), it is one result
//!   placed at the repository's `README.md` and its message says so. Evidence without a file
//!   (context, "and N more") is repeated in each of the result's messages.
//! - A single-repo report uses repo-relative paths under `%SRCROOT%`, as code scanning expects;
//!   a multi-repo report prefixes each path with the repo's path under `SCANROOT`.
//! - `partialFingerprints` hash repo, rule, path and the offending value (the note when there is
//!   no value), never the line, so an alert keeps its identity when unrelated edits move it; a
//!   value found twice in one file gets its occurrence number as well.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::RenderOptions;
use crate::outcome::{Evidence, Outcome, RuleResult};
use crate::report::{RepoReport, Report, RuleInfo, Severity};

pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const SARIF_VERSION: &str = "2.1.0";

/// Where results of a repo-level finding point when no file decides it.
pub const FALLBACK_FILE: &str = "README.md";

/// The `partialFingerprints` key; bump the suffix if what is hashed ever changes.
pub const FINGERPRINT_KEY: &str = "pavedFinding/v1";

const SINGLE_ROOT: &str = "%SRCROOT%";
const MULTI_ROOT: &str = "SCANROOT";

pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let log = to_sarif(report);
    super::pretty_json(out, &log)
}

/// The SARIF log of `report` as a JSON value.
pub fn to_sarif(report: &Report) -> Value {
    let single = report.repos.len() == 1;
    let rule_index: BTreeMap<&str, (usize, &RuleInfo)> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), (i, r)))
        .collect();

    let mut results = Vec::new();
    for repo in &report.repos {
        for r in &repo.results {
            if matches!(r.outcome, Outcome::Paved | Outcome::NotApplicable) {
                continue;
            }
            results.extend(rule_results(
                repo,
                r,
                rule_index.get(r.rule.as_str()).copied(),
                single,
            ));
        }
    }

    let notifications: Vec<Value> = report
        .repos
        .iter()
        .filter_map(|repo| {
            let err = repo.error.as_deref()?;
            Some(json!({
                "level": "error",
                "message": {"text": format!("{}: could not be scanned: {err}", repo.name)},
                "locations": [location(repo, FALLBACK_FILE, None, single)],
            }))
        })
        .collect();
    let mut invocation = json!({
        "executionSuccessful": notifications.is_empty(),
        "endTimeUtc": report.generated_at,
    });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }

    let (root, root_text) = if single {
        (SINGLE_ROOT, "The root of the scanned repository.")
    } else {
        (
            MULTI_ROOT,
            "The folder that was scanned; each path starts with its repository's path.",
        )
    };

    let mut driver = json!({
        "name": report.tool.name,
        "version": report.tool.version,
        "semanticVersion": report.tool.version,
        "rules": report.rules.iter().map(descriptor).collect::<Vec<_>>(),
    });
    if let Some(uri) = information_uri() {
        driver["informationUri"] = json!(uri);
    }

    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "automationDetails": {"id": "paved/"},
            "originalUriBaseIds": {root: {"description": {"text": root_text}}},
            "invocations": [invocation],
            "results": results,
            "properties": {
                "generatedAt": report.generated_at,
                "repos": report.summary.repos,
                "reposFailed": report.summary.repos_failed,
                "adoption": report.summary.adoption,
                "onPavedRoad": report.summary.on_paved_road,
            },
        }],
    })
}

/// The crate's repository or homepage, when Cargo.toml names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|u| is_web_uri(u))
}

fn is_web_uri(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && !s.contains(char::is_whitespace)
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Required => "error",
        Severity::Recommended => "warning",
        Severity::Info => "note",
    }
}

/// `ci-reusable-workflow` → `CiReusableWorkflow`: SARIF wants `name` to read as an identifier.
fn pascal_name(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn descriptor(rule: &RuleInfo) -> Value {
    let fix = rule.fix.as_deref().filter(|f| !f.trim().is_empty());
    let docs = rule.docs.as_deref().filter(|d| !d.trim().is_empty());
    let stop = if rule.title.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    let full = fix.map_or_else(
        || rule.title.clone(),
        |f| format!("{}{stop} {f}", rule.title),
    );
    let mut help_text = fix
        .unwrap_or("No fix is described for this rule.")
        .to_string();
    let mut help_md = help_text.clone();
    if let Some(d) = docs {
        help_text.push_str(&format!("\n\nDocs: {d}"));
        help_md.push_str(&format!("\n\n[Documentation]({d})"));
    }
    let mut d = json!({
        "id": rule.id,
        "name": pascal_name(&rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "pack": rule.pack,
            "severity": rule.severity.as_str(),
            "weight": rule.weight,
            "deadline": rule.deadline,
            "tags": ["paved-road", rule.pack],
        },
    });
    if let Some(uri) = docs.filter(|d| is_web_uri(d)) {
        d["helpUri"] = json!(uri);
    }
    d
}

fn evidence_text(e: &Evidence) -> String {
    match (&e.path, e.line) {
        (Some(p), Some(l)) if l > 0 => format!("{p}:{l}: {}", e.note),
        (Some(p), _) => format!("{p}: {}", e.note),
        (None, _) => e.note.clone(),
    }
}

fn location(repo: &RepoReport, path: &str, line: Option<u32>, single: bool) -> Value {
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let (uri, base) = if single {
        (path.to_string(), SINGLE_ROOT)
    } else {
        let prefix = repo.path.trim_end_matches('/');
        let uri = if prefix.is_empty() || prefix == "." {
            path.to_string()
        } else {
            format!("{prefix}/{path}")
        };
        (uri, MULTI_ROOT)
    };
    let mut phys = json!({"artifactLocation": {"uri": uri_escape(&uri), "uriBaseId": base}});
    if let Some(l) = line.filter(|l| *l > 0) {
        phys["region"] = json!({"startLine": l});
    }
    json!({"physicalLocation": phys})
}

/// Percent-encodes what may not appear raw in a relative URI reference; `/` stays a separator.
fn uri_escape(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

/// The fingerprint of one finding: what it is about, never where it currently sits.
/// `occurrence` tells apart the same value found more than once in one file.
pub fn fingerprint(repo: &str, rule: &str, path: &str, what: &str, occurrence: usize) -> String {
    let digest = Sha256::digest(format!("{repo}\0{rule}\0{path}\0{what}\0{occurrence}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The evidence entries that name a file: each is one result.
fn located(e: &Evidence) -> Option<&str> {
    e.path.as_deref().filter(|p| !p.trim().is_empty())
}

/// One SARIF result per offending location of `r`, or one at the fallback file when no
/// evidence names a file.
fn rule_results(
    repo: &RepoReport,
    r: &RuleResult,
    rule: Option<(usize, &RuleInfo)>,
    single: bool,
) -> Vec<Value> {
    let severity = rule.map_or(Severity::Recommended, |(_, info)| info.severity);
    let level = if r.outcome == Outcome::Exempt {
        "note"
    } else {
        level(severity)
    };
    let mut head = String::new();
    if !single {
        head.push_str(&format!("[{}] ", repo.name));
    }
    head.push_str(&format!("{} ({}): ", r.rule, r.outcome));
    head.push_str(if r.message.is_empty() {
        "no message"
    } else {
        &r.message
    });
    if !head.ends_with(['.', '!', '?']) {
        head.push('.');
    }
    let context: String = r
        .evidence
        .iter()
        .filter(|e| located(e).is_none())
        .map(|e| format!("\n- {}", evidence_text(e)))
        .collect();

    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut out: Vec<Value> = Vec::new();
    for e in &r.evidence {
        let Some(path) = located(e) else { continue };
        let what = e.value.clone().unwrap_or_else(|| e.note.clone());
        let n = seen.entry((path.to_string(), what.clone())).or_default();
        *n += 1;
        let text = format!("{head}\n- {}{context}", evidence_text(e));
        let fp = fingerprint(&repo.name, &r.rule, path, &what, *n);
        let loc = location(repo, path, e.line, single);
        out.push(one_result(repo, r, rule, level, text, loc, fp, false));
    }
    if out.is_empty() {
        let text = format!(
            "{head}{context}\n(No file decides this result; it is shown at the repository's {FALLBACK_FILE}.)"
        );
        let fp = fingerprint(&repo.name, &r.rule, "", "", 1);
        let loc = location(repo, FALLBACK_FILE, None, single);
        out.push(one_result(repo, r, rule, level, text, loc, fp, true));
    }
    out
}

#[allow(clippy::too_many_arguments)] // the parts of one result, each computed by the caller
fn one_result(
    repo: &RepoReport,
    r: &RuleResult,
    rule: Option<(usize, &RuleInfo)>,
    level: &str,
    text: String,
    loc: Value,
    fingerprint: String,
    fallback: bool,
) -> Value {
    let mut res = json!({
        "ruleId": r.rule,
        "level": level,
        "message": {"text": text},
        "locations": [loc],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        "properties": {
            "repo": repo.name,
            "outcome": r.outcome.as_str(),
            "team": repo.team,
            "commit": repo.commit,
            "locatedAtFallback": fallback,
        },
    });
    if let Some((i, _)) = rule {
        res["ruleIndex"] = json!(i);
    }
    if r.outcome == Outcome::Exempt {
        let why = if r.message.is_empty() {
            "exempt"
        } else {
            r.message.as_str()
        };
        res["suppressions"] =
            json!([{"kind": "external", "status": "accepted", "justification": why}]);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_names() {
        let cases = [
            ("ci-reusable-workflow", "CiReusableWorkflow"),
            ("license", "License"),
            ("a_b.c", "ABC"),
        ];
        for (id, want) in cases {
            assert_eq!(pascal_name(id), want, "{id}");
        }
    }

    #[test]
    fn uri_escaping() {
        let cases = [
            (".github/workflows/ci.yml", ".github/workflows/ci.yml"),
            ("docs/my file.md", "docs/my%20file.md"),
            ("a#b?c%d", "a%23b%3Fc%25d"),
            ("naïve", "na%C3%AFve"),
        ];
        for (path, want) in cases {
            assert_eq!(uri_escape(path), want, "{path}");
        }
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let fp = |repo, rule, path, what, n| fingerprint(repo, rule, path, what, n);
        assert_eq!(
            fp("a/b", "license", "x", "v", 1),
            fp("a/b", "license", "x", "v", 1)
        );
        assert_ne!(
            fp("a/b", "license", "x", "v", 1),
            fp("a/bl", "icense", "x", "v", 1)
        );
        assert_ne!(fp("a/b", "r", "x", "v", 1), fp("a/b", "r", "x", "v", 2));
        assert_ne!(fp("a/b", "r", "x/y", "v", 1), fp("a/b", "r", "x", "y/v", 1));
        assert_eq!(fp("a/b", "license", "x", "v", 1).len(), 64);
    }
}
