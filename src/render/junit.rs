//! The `junit` format: a `<testsuite>` per repository and a `<testcase>` per rule, so CI test
//! reporters show paved-road gates next to the build's own tests.
//!
//! The mapping follows the gate of `paved check`, so a CI page is red exactly when the gate is:
//! - `paved` passes;
//! - `custom` / `missing` fail (`<failure>`) for `required` rules only; for `recommended` and
//!   `info` rules they pass and say what was found in `<system-out>`, because they never fail a
//!   gate and a red test that does not block would teach people to ignore red;
//! - `not_applicable` and `exempt` are `<skipped>`, with the reason;
//! - `error` (the rule could not be evaluated) is `<error>`, whatever the severity: the check did
//!   not run, which JUnit keeps apart from a check that ran and failed;
//! - a repository that could not be scanned at all is a suite holding one `scan` testcase with an
//!   `<error>` (the schema allows no `<error>` directly under `<testsuite>`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::RenderOptions;
use crate::outcome::{Evidence, Outcome, RuleResult};
use crate::report::{RepoReport, Report, RuleInfo, Severity};

/// The testcase name of a repository that could not be scanned.
pub const SCAN_CASE: &str = "scan";

enum Verdict {
    Pass {
        out: Option<String>,
    },
    Failure {
        kind: &'static str,
        message: String,
        text: String,
    },
    Error {
        kind: &'static str,
        message: String,
        text: String,
    },
    Skipped {
        message: String,
    },
}

struct Case {
    classname: String,
    name: String,
    verdict: Verdict,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Tally {
    fn add(&mut self, v: &Verdict) {
        self.tests += 1;
        match v {
            Verdict::Pass { .. } => {}
            Verdict::Failure { .. } => self.failures += 1,
            Verdict::Error { .. } => self.errors += 1,
            Verdict::Skipped { .. } => self.skipped += 1,
        }
    }
    fn plus(self, o: Tally) -> Tally {
        Tally {
            tests: self.tests + o.tests,
            failures: self.failures + o.failures,
            errors: self.errors + o.errors,
            skipped: self.skipped + o.skipped,
        }
    }
}

pub fn render(report: &Report, _opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(to_junit(report).as_bytes())
}

/// The JUnit XML document of `report`.
pub fn to_junit(report: &Report) -> String {
    let rules: BTreeMap<&str, &RuleInfo> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let suites: Vec<(&RepoReport, Vec<Case>, Tally)> = report
        .repos
        .iter()
        .map(|repo| {
            let cases = cases(repo, &rules);
            let mut t = Tally::default();
            cases.iter().for_each(|c| t.add(&c.verdict));
            (repo, cases, t)
        })
        .collect();
    let total = suites.iter().fold(Tally::default(), |acc, s| acc.plus(s.2));

    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0\">",
        attr(&report.tool.name),
        total.tests,
        total.failures,
        total.errors
    );
    for (repo, cases, t) in &suites {
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\" timestamp=\"{}\">",
            attr(&repo.name),
            t.tests,
            t.failures,
            t.errors,
            t.skipped,
            attr(&report.generated_at)
        );
        write_properties(&mut x, repo);
        for c in cases {
            write_case(&mut x, c);
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

fn write_properties(x: &mut String, repo: &RepoReport) {
    let score = repo.score.map(|s| format!("{s}"));
    let props = [
        ("path", Some(repo.path.as_str())),
        ("team", repo.team.as_deref()),
        ("commit", repo.commit.as_deref()),
        ("committed_at", repo.committed_at.as_deref()),
        ("score", score.as_deref()),
    ];
    let present: Vec<_> = props
        .iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    if present.is_empty() {
        return;
    }
    x.push_str("    <properties>\n");
    for (k, v) in present {
        let _ = writeln!(
            x,
            "      <property name=\"{}\" value=\"{}\"/>",
            attr(k),
            attr(v)
        );
    }
    x.push_str("    </properties>\n");
}

fn write_case(x: &mut String, c: &Case) {
    let _ = write!(
        x,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
        attr(&c.classname),
        attr(&c.name)
    );
    let body = match &c.verdict {
        Verdict::Pass { out: None } => {
            x.push_str("/>\n");
            return;
        }
        Verdict::Pass { out: Some(o) } => format!("<system-out>{}</system-out>", text(o)),
        Verdict::Failure {
            kind,
            message,
            text: t,
        } => {
            format!(
                "<failure type=\"{kind}\" message=\"{}\">{}</failure>",
                attr(message),
                text(t)
            )
        }
        Verdict::Error {
            kind,
            message,
            text: t,
        } => {
            format!(
                "<error type=\"{kind}\" message=\"{}\">{}</error>",
                attr(message),
                text(t)
            )
        }
        Verdict::Skipped { message } => format!("<skipped message=\"{}\"/>", attr(message)),
    };
    let _ = writeln!(x, ">\n      {body}\n    </testcase>");
}

fn cases(repo: &RepoReport, rules: &BTreeMap<&str, &RuleInfo>) -> Vec<Case> {
    if let Some(err) = &repo.error {
        return vec![Case {
            classname: repo.name.clone(),
            name: SCAN_CASE.into(),
            verdict: Verdict::Error {
                kind: "repo_error",
                message: format!("could not be scanned: {err}"),
                text: format!(
                    "{} could not be scanned, so no rule was evaluated:\n{err}",
                    repo.name
                ),
            },
        }];
    }
    repo.results
        .iter()
        .map(|r| Case {
            classname: repo.name.clone(),
            name: r.rule.clone(),
            verdict: verdict(r, rules.get(r.rule.as_str()).copied()),
        })
        .collect()
}

fn verdict(r: &RuleResult, rule: Option<&RuleInfo>) -> Verdict {
    let severity = rule.map_or(Severity::Recommended, |i| i.severity);
    let message = if r.message.is_empty() {
        r.outcome.as_str().to_string()
    } else {
        format!("{}: {}", r.outcome, r.message)
    };
    match r.outcome {
        Outcome::Paved => Verdict::Pass { out: None },
        Outcome::Custom | Outcome::Missing if severity == Severity::Required => Verdict::Failure {
            kind: r.outcome.as_str(),
            text: details(r, rule, severity),
            message,
        },
        Outcome::Custom | Outcome::Missing => Verdict::Pass {
            out: Some(details(r, rule, severity)),
        },
        Outcome::NotApplicable | Outcome::Exempt => Verdict::Skipped { message },
        Outcome::Error => Verdict::Error {
            kind: "error",
            text: details(r, rule, severity),
            message,
        },
    }
}

fn evidence_line(e: &Evidence) -> String {
    match (&e.path, e.line) {
        (Some(p), Some(l)) if l > 0 => format!("{p}:{l}: {}", e.note),
        (Some(p), _) => format!("{p}: {}", e.note),
        (None, _) => e.note.clone(),
    }
}

/// The readable body of a failure, error or note: what was found, where, and how to fix it.
fn details(r: &RuleResult, rule: Option<&RuleInfo>, severity: Severity) -> String {
    let gating = if severity == Severity::Required {
        "gating"
    } else {
        "not gating"
    };
    let mut s = format!("{} ({}, {gating})", r.outcome, severity.as_str());
    if !r.message.is_empty() {
        let _ = write!(s, ": {}", r.message);
    }
    if !r.evidence.is_empty() {
        s.push_str("\nEvidence:");
        for e in &r.evidence {
            let _ = write!(s, "\n  {}", evidence_line(e));
        }
    }
    if let Some(info) = rule {
        let _ = write!(s, "\nRule: {} ({})", info.title, info.pack);
        if let Some(d) = &info.deadline {
            let _ = write!(s, "\nDeadline: {d}");
        }
        if let Some(f) = info.fix.as_deref().filter(|f| !f.is_empty()) {
            let _ = write!(s, "\nFix: {f}");
        }
        if let Some(d) = info.docs.as_deref().filter(|d| !d.is_empty()) {
            let _ = write!(s, "\nDocs: {d}");
        }
    }
    s
}

/// XML 1.0 cannot carry most C0 controls even escaped; they become U+FFFD.
fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
        c => c,
    }
}

/// Escapes character data. `>` is escaped too, so `]]>` cannot end anything.
pub fn text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\r' => o.push_str("&#13;"),
            c => o.push(c),
        }
    }
    o
}

/// Escapes an attribute value; whitespace is kept as references, since parsers normalise raw
/// newlines and tabs in attributes to spaces.
pub fn attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars().map(xml_char) {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' => o.push_str("&#10;"),
            '\r' => o.push_str("&#13;"),
            '\t' => o.push_str("&#9;"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        let cases = [
            ("a<b>&c", "a&lt;b&gt;&amp;c", "a&lt;b&gt;&amp;c"),
            (
                "say \"hi\" 'x'",
                "say \"hi\" 'x'",
                "say &quot;hi&quot; &apos;x&apos;",
            ),
            ("x]]>y", "x]]&gt;y", "x]]&gt;y"),
            ("l1\nl2\tt", "l1\nl2\tt", "l1&#10;l2&#9;t"),
            ("bell\u{7}", "bell\u{FFFD}", "bell\u{FFFD}"),
        ];
        for (input, want_text, want_attr) in cases {
            assert_eq!(text(input), want_text, "text {input:?}");
            assert_eq!(attr(input), want_attr, "attr {input:?}");
        }
    }
}
