//! `contains`: whether a file's text matches a regular expression.
//!
//! ```yaml
//! contains:
//!   files: [.github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS]   # a glob or a list of globs
//!   pattern: '^\*\s+@\S+'                                       # Rust regex syntax, (?m) on
//!   all: false          # default; true: every matching file must match, and there is one
//! ```
//!
//! True when some matching file's text matches. The evidence gives the file and the line of
//! the first match; under `not` (where a match is what fails) it gives every matching line of
//! every file, and the result lists the first ones and "and N more". Files over the size limit
//! and binary files are skipped, with a note; a file that cannot be read makes the condition
//! unknown.

use regex::Regex;

use super::{
    Check, Condition, EvalCtx, FileText, GlobId, Globs, Kind, MAX_EVIDENCE, MAX_OFFENDERS, Tri,
    Verdict,
};
use crate::decode::Decoder;
use crate::decode::shapes::GlobsDoc;
use crate::outcome::{Evidence, short};
use crate::query::Node;
use crate::query::value::LineIndex;
use schemars::JsonSchema;
use serde::Deserialize;

pub const KIND: Kind = Kind {
    key: "contains",
    module: "contains",
    summary: "Some matching file's text matches the regex.",
    decode: |d, n| Contains::parse(d, n).map(Condition::Contains),
    schema: |g| g.subschema_for::<ContainsDoc>(),
};

#[derive(Debug)]
pub struct Contains {
    pub files: Globs,
    pub pattern: Regex,
    pub all: bool,
}

/// A line of text shortened for a note.
pub fn excerpt(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(100) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

impl Contains {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Contains> {
        d.check_keys(node, &["files", "pattern", "all"], "contains")?;
        let files = d
            .required(node, "files", "contains")
            .and_then(|n| d.globs(n));
        let pattern = d
            .required(node, "pattern", "contains")
            .and_then(|n| d.regex(n, true));
        let all = d.optional_bool(node, "all").unwrap_or(false);
        Some(Contains {
            files: files?,
            pattern: pattern?,
            all,
        })
    }

    pub fn describe(&self) -> String {
        format!(
            "contains: {} file of {} matches /{}/",
            if self.all { "every" } else { "some" },
            self.files,
            self.pattern.as_str().trim_start_matches("(?m)")
        )
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let files = cx.files(&self.files);
        if files.is_empty() {
            return Verdict::new(
                Tri::False,
                vec![Evidence::note(format!("no file matches {}", self.files))],
            );
        }
        let every = cx.negated();
        let (mut hits, mut misses, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
        for path in files {
            match cx.text(path) {
                FileText::Text(text) => match self.pattern.find(&text) {
                    Some(_) if every => {
                        let room = MAX_OFFENDERS.saturating_sub(hits.len());
                        hits.extend(self.matching_lines(path, &text, room));
                    }
                    Some(m) => hits.push(match_at(path, &text, m.start())),
                    None => misses.push(Evidence::at(
                        path,
                        None,
                        format!("does not match /{}/", short(self.display_pattern())),
                    )),
                },
                FileText::Skipped(ev) => misses.push(ev),
                FileText::Unreadable(ev) => unknown.push(ev),
            }
        }
        if every && !self.all && !hits.is_empty() {
            // Every match is an offender of the enclosing `not`: keep them all.
            return Verdict::new(Tri::True, hits);
        }
        decide(self.all, hits, misses, unknown)
    }

    /// One evidence entry per line of `text` holding a match, at most `room` of them; one line
    /// index per file and a binary search per match keep a file full of matches near-linear.
    fn matching_lines(&self, path: &str, text: &str, room: usize) -> Vec<Evidence> {
        let mut out: Vec<Evidence> = Vec::new();
        // Built at the first match only: most files searched hold none.
        let mut index: Option<LineIndex> = None;
        let mut last_line = 0;
        for m in self.pattern.find_iter(text) {
            let index = index.get_or_insert_with(|| LineIndex::new(text));
            let line = index.pos(m.start()).line;
            if line == last_line {
                continue; // another match on a line already listed
            }
            if out.len() >= room {
                break;
            }
            last_line = line;
            out.push(line_evidence(path, index, line));
        }
        out
    }

    fn display_pattern(&self) -> &str {
        self.pattern.as_str().trim_start_matches("(?m)")
    }
}

/// The evidence of a match at byte `offset` of `path`'s text: its line, shown and as the value.
fn match_at(path: &str, text: &str, offset: usize) -> Evidence {
    let index = LineIndex::new(text);
    line_evidence(path, &index, index.pos(offset).line)
}

/// A matching line as evidence; lines end at `\n`, `\r\n` or a lone `\r`, as in every other
/// position paved reports (`LineIndex`).
fn line_evidence(path: &str, index: &LineIndex, line: u32) -> Evidence {
    let whole = index.line(line).unwrap_or_default();
    Evidence::at(path, Some(line), format!("matches: {}", excerpt(whole))).with_value(whole.trim())
}

/// Combines per-file results under `some` (any file passes) or `all` (every file passes)
/// with three-valued logic: a pass wins over unknown for `some`, a miss wins for `all`.
pub fn decide(
    all: bool,
    hits: Vec<Evidence>,
    mut misses: Vec<Evidence>,
    mut unknown: Vec<Evidence>,
) -> Verdict {
    let cap = |mut v: Vec<Evidence>| {
        v.truncate(MAX_EVIDENCE);
        v
    };
    if all {
        if !misses.is_empty() {
            // Every file that fails is an offender.
            misses.truncate(MAX_OFFENDERS);
            return Verdict::new(Tri::False, misses);
        }
        if !unknown.is_empty() {
            return Verdict::new(Tri::Unknown, cap(unknown));
        }
        if hits.is_empty() {
            return Verdict::new(Tri::False, vec![Evidence::note("no file to check")]);
        }
        Verdict::new(Tri::True, cap(hits))
    } else {
        if !hits.is_empty() {
            return Verdict::new(Tri::True, cap(hits));
        }
        if !unknown.is_empty() {
            unknown.append(&mut misses);
            return Verdict::new(Tri::Unknown, cap(unknown));
        }
        // Nothing passed: every miss is an offender.
        misses.truncate(MAX_OFFENDERS);
        Verdict::new(Tri::False, misses)
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContainsDoc {
    pub files: GlobsDoc,
    /// A Rust regex; `(?m)` is on.
    pub pattern: String,
    pub all: Option<bool>,
}

impl Check for Contains {
    fn key(&self) -> &'static str {
        KIND.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Contains::eval(self, cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, _presence: &mut Vec<GlobId>) {
        content.extend(&self.files.ids);
    }
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, &Contains::describe(self));
    }
}
