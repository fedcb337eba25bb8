//! `yaml`, `json` and `toml`: query parsed files with dotted paths and predicates, or CEL.
//!
//! ```yaml
//! yaml:
//!   files: ".github/workflows/*.{yml,yaml}"   # a glob or a list of globs
//!   where: {query: jobs, type: mapping}        # optional: only files that pass count at all
//!   query: jobs.*.steps.*.uses                 # a dotted path, or a list of them (joined)
//!   matches: '^actions/checkout@[0-9a-f]{40}$' # predicates: all must hold for a value
//!   all: true             # every selected value must satisfy them (and one is selected)
//!   every_file: false     # true: at least one file matches and every one passes
//!   on_parse_error: true  # false: a file that does not parse simply does not pass
//! ```
//!
//! Query paths: `*` selects every value of a mapping or item of a sequence, a number selects
//! one item, `"quoted.segment"` allows dots in a key, `""` selects the document itself. A key
//! present with a null value is selected.
//!
//! Predicates: `equals: VALUE` (deep equality), `one_of: [VALUES]`, `matches: REGEX`,
//! `not_matches: REGEX` (on a scalar's text: `true`, `false`, `null`, numbers in shortest
//! form; a mapping or sequence never matches), `type: string|number|bool|null|mapping|sequence`
//! (or a list). Without a predicate the condition asks whether the query selects anything.
//!
//! `expr: "doc.jobs.all(j, has(doc.jobs[j].permissions))"` replaces `query` and predicates
//! with a CEL expression evaluated per document, with `doc` and `path` bound; it must yield
//! `true`. A run-time error counts as false for that file, and is kept in the evidence.
//!
//! A file that does not parse makes the condition unknown (outcome `error`) with the parser's
//! message and position, unless `on_parse_error: false`. YAML is read as YAML 1.2, as GitHub
//! reads workflows (`on:` is a string key); every document of a multi-document file is
//! queried and a file passes when one document passes.

use super::contains::{decide, excerpt};
use super::{Check, Condition, EvalCtx, FileText, GlobId, Globs, Kind, Tri, Verdict};
use crate::decode::Decoder;
use crate::decode::shapes::{GlobsDoc, QueryDoc, TypesDoc};
use crate::outcome::{Evidence, short};
use crate::query::{CelProgram, Format, Node, Predicates, Query};
use schemars::JsonSchema;
use serde::Deserialize;

pub const YAML: Kind = Kind {
    key: "yaml",
    module: "structured",
    summary: "A matching YAML file passes the query.",
    decode: |d, n| decode(d, n, Format::Yaml),
    schema: |g| g.subschema_for::<StructuredDoc>(),
};

pub const JSON: Kind = Kind {
    key: "json",
    module: "structured",
    summary: "A matching JSON file passes the query.",
    decode: |d, n| decode(d, n, Format::Json),
    schema: |g| g.subschema_for::<StructuredDoc>(),
};

pub const TOML: Kind = Kind {
    key: "toml",
    module: "structured",
    summary: "A matching TOML file passes the query.",
    decode: |d, n| decode(d, n, Format::Toml),
    schema: |g| g.subschema_for::<StructuredDoc>(),
};

fn decode(d: &mut Decoder<'_>, node: &Node, format: Format) -> Option<Condition> {
    Structured::parse(d, node, format).map(|s| Condition::Structured(Box::new(s)))
}

#[derive(Debug)]
pub struct Structured {
    pub format: Format,
    pub files: Globs,
    pub filter: Option<Test>,
    pub test: Test,
    pub all: bool,
    pub every_file: bool,
    pub on_parse_error: bool,
}

/// A query with predicates, or a CEL expression.
#[derive(Debug)]
pub enum Test {
    Query { query: Query, preds: Predicates },
    Expr(CelProgram, String),
}

const PREDICATE_KEYS: [&str; 5] = ["equals", "one_of", "matches", "not_matches", "type"];

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Yaml => "yaml",
        Format::Json => "json",
        Format::Toml => "toml",
    }
}

impl Test {
    /// Parses `query` + predicates or `expr` from a mapping (a condition, or its `where`).
    fn parse(d: &mut Decoder<'_>, node: &Node, what: &str) -> Option<Test> {
        let query = node.get("query");
        let expr = node.get("expr");
        match (query, expr) {
            (Some(_), Some(e)) => {
                d.error(e.pos, format!("`{what}` takes `query` or `expr`, not both"));
                None
            }
            (None, Some(e)) => {
                for k in PREDICATE_KEYS {
                    if let Some(n) = node.get(k) {
                        d.error(
                            n.pos,
                            format!(
                                "`{k}` is a predicate of `query`; `expr` does not take predicates"
                            ),
                        );
                    }
                }
                let src = d.string(e)?;
                match CelProgram::compile(&src) {
                    Ok(p) => Some(Test::Expr(p, src)),
                    Err(msg) => {
                        d.error(e.pos, format!("invalid CEL expression: {msg}"));
                        None
                    }
                }
            }
            (Some(q), None) => {
                let query = d.query(q);
                let preds = d.predicates(node);
                Some(Test::Query {
                    query: query?,
                    preds: preds?,
                })
            }
            (None, None) => {
                d.error(node.pos, format!("`{what}` needs `query` or `expr`"));
                None
            }
        }
    }

    /// Whether one document passes; the evidence says where and why. A document that fails
    /// names every selected value that fails (each offender, never a value that passes).
    fn check(&self, doc: &Node, path: &str, all: bool, cel: CelOf<'_>) -> (bool, Vec<Evidence>) {
        let (ok, ev) = self.decide(doc, path, all, cel);
        (ok == Some(true), ev)
    }

    /// Like [`Self::check`], but `None` when the document could not be judged: a CEL expression
    /// over its budget says nothing about the repository, so it must not count as a miss.
    fn decide(
        &self,
        doc: &Node,
        path: &str,
        all: bool,
        cel: CelOf<'_>,
    ) -> (Option<bool>, Vec<Evidence>) {
        match self {
            // The expression itself is source, never a finding: `rules explain` shows it.
            Test::Expr(p, _) => {
                let (ok, note) = match p.eval_doc(doc, &cel(), path) {
                    Ok(true) => (Some(true), "satisfies the rule's expression".to_string()),
                    Ok(false) => (
                        Some(false),
                        "does not satisfy the rule's expression (`paved rules explain` shows it)"
                            .to_string(),
                    ),
                    Err(e @ crate::query::cel::CelError::Budget { .. }) => {
                        (None, format!("the rule's expression was stopped here: {e}"))
                    }
                    Err(e) => (
                        Some(false),
                        format!("the rule's expression failed here: {e}"),
                    ),
                };
                (ok, vec![Evidence::at(path, doc.pos.line(), note)])
            }
            Test::Query { query, preds } => {
                let selected = query.select(doc);
                let Some(first) = selected.first() else {
                    let note = format!("`{query}` selects nothing");
                    return (Some(false), vec![Evidence::at(path, doc.pos.line(), note)]);
                };
                // `show` of a collection writes it whole as JSON: once per value, not twice.
                let pass = |v: &Node| {
                    let shown = show(v);
                    let value = v.scalar_text().unwrap_or_else(|| shown.clone());
                    Evidence::at(path, v.pos.line(), format!("`{query}` = {shown}"))
                        .with_value(value)
                };
                if preds.is_empty() {
                    return (Some(true), vec![pass(first)]);
                }
                let passing = selected.iter().find(|v| preds.test(v));
                let failing: Vec<Evidence> = selected
                    .iter()
                    .filter(|v| !preds.test(v))
                    .map(|v| found(path, v, &describe_failure(preds)))
                    .collect();
                match (all, passing) {
                    (false, Some(v)) => (Some(true), vec![pass(v)]),
                    (true, Some(v)) if failing.is_empty() => (Some(true), vec![pass(v)]),
                    // One passing value would do: the values that fail are not offenders, the
                    // document lacking one is (and "`npm` is not \"cargo\"" would blame npm).
                    (false, None) if failing.len() > 1 || preds.names_values() => {
                        let note = format!("no `{query}` value {}", describe_wanted(preds));
                        (Some(false), vec![Evidence::at(path, doc.pos.line(), note)])
                    }
                    _ => (Some(false), failing),
                }
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            Test::Expr(_, src) => format!("expr `{src}`"),
            Test::Query { query, preds } if preds.is_empty() => {
                format!("`{query}` selects something")
            }
            Test::Query { query, preds } => format!("`{query}` {}", describe_preds(preds)),
        }
    }
}

/// A document's CEL values, converted on first asking and shared by every expression on it.
type CelOf<'a> = &'a dyn Fn() -> std::rc::Rc<crate::query::CelDoc>;

/// Evidence about one selected value: its place, the value, and what is said of it.
fn found(path: &str, v: &Node, what: &str) -> Evidence {
    let value = v
        .scalar_text()
        .unwrap_or_else(|| excerpt(&v.to_json().to_string()));
    Evidence::at(
        path,
        v.pos.line(),
        format!("`{}` {what}", short_value(&value)),
    )
    .with_value(value)
}

/// A value as a note shows it: long values cut, like source text.
fn short_value(v: &str) -> String {
    excerpt(v)
}

/// What a value that fails the predicates is not, without dumping a long regex.
fn describe_failure(p: &Predicates) -> String {
    let mut parts = Vec::new();
    if let Some(e) = &p.equals {
        parts.push(format!("is not {}", show(e)));
    }
    if let Some(vals) = &p.one_of {
        let listed = vals.iter().map(show).collect::<Vec<_>>().join(", ");
        parts.push(format!("is not one of [{}]", short(&listed)));
    }
    if let Some(r) = &p.matches {
        parts.push(format!("does not match /{}/", short(r.as_str())));
    }
    if let Some(r) = &p.not_matches {
        parts.push(format!("must not match /{}/", short(r.as_str())));
    }
    if let Some(t) = &p.types {
        let names = t.iter().map(|t| t.name()).collect::<Vec<_>>().join(" or ");
        parts.push(format!("is not of type {names}"));
    }
    parts.join(", or ")
}

/// What a passing value would be, as a note says it (long regexes cut).
fn describe_wanted(p: &Predicates) -> String {
    let mut parts = Vec::new();
    if let Some(e) = &p.equals {
        parts.push(format!("is {}", show(e)));
    }
    if let Some(vals) = &p.one_of {
        let listed = vals.iter().map(show).collect::<Vec<_>>().join(", ");
        parts.push(format!("is one of [{}]", short(&listed)));
    }
    if let Some(r) = &p.matches {
        parts.push(format!("matches /{}/", short(r.as_str())));
    }
    if let Some(r) = &p.not_matches {
        parts.push(format!("avoids /{}/", short(r.as_str())));
    }
    if let Some(t) = &p.types {
        let names = t.iter().map(|t| t.name()).collect::<Vec<_>>().join(" or ");
        parts.push(format!("is of type {names}"));
    }
    parts.join(" and ")
}

/// A value shown in a note: scalars as text, collections shortened.
fn show(v: &Node) -> String {
    match v.scalar_text() {
        Some(t) if matches!(v.value, crate::query::Value::Str(_)) => format!("\"{}\"", excerpt(&t)),
        Some(t) => t,
        None => excerpt(&v.to_json().to_string()),
    }
}

fn describe_preds(p: &Predicates) -> String {
    let mut parts = Vec::new();
    if let Some(e) = &p.equals {
        parts.push(format!("equal to {}", show(e)));
    }
    if let Some(vals) = &p.one_of {
        parts.push(format!(
            "one of [{}]",
            vals.iter().map(show).collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some(r) = &p.matches {
        parts.push(format!("matching /{}/", r.as_str()));
    }
    if let Some(r) = &p.not_matches {
        parts.push(format!("not matching /{}/", r.as_str()));
    }
    if let Some(t) = &p.types {
        parts.push(format!(
            "of type {}",
            t.iter().map(|t| t.name()).collect::<Vec<_>>().join(" or ")
        ));
    }
    parts.join(" and ")
}

impl Structured {
    pub fn parse(d: &mut Decoder<'_>, node: &Node, format: Format) -> Option<Structured> {
        let what = format_name(format);
        let mut keys = vec![
            "files",
            "where",
            "query",
            "expr",
            "all",
            "every_file",
            "on_parse_error",
        ];
        keys.extend(PREDICATE_KEYS);
        d.check_keys(node, &keys, what)?;
        let files = d.required(node, "files", what).and_then(|n| d.globs(n));
        let filter = match node.get("where") {
            Some(w) => {
                let mut wkeys = vec!["query", "expr"];
                wkeys.extend(PREDICATE_KEYS);
                d.check_keys(w, &wkeys, "where")
                    .and_then(|_| Test::parse(d, w, "where"))
                    .map(Some)
            }
            None => Some(None),
        };
        let test = Test::parse(d, node, what);
        let all = d.optional_bool(node, "all").unwrap_or(false);
        let every_file = d.optional_bool(node, "every_file").unwrap_or(false);
        let on_parse_error = d.optional_bool(node, "on_parse_error").unwrap_or(true);
        Some(Structured {
            format,
            files: files?,
            filter: filter?,
            test: test?,
            all,
            every_file,
            on_parse_error,
        })
    }

    pub fn describe(&self) -> String {
        let mut s = format!(
            "{}: {} file of {}",
            format_name(self.format),
            if self.every_file { "every" } else { "some" },
            self.files
        );
        if let Some(w) = &self.filter {
            s.push_str(&format!(" (counting only files where {})", w.describe()));
        }
        s.push_str(&format!(
            " has {}{}",
            if self.all { "every value of " } else { "" },
            self.test.describe()
        ));
        s
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let files = cx.files(&self.files);
        let matched = files.len();
        let (mut hits, mut misses, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
        let (mut considered, mut filtered_out) = (0usize, 0usize);
        for path in files {
            let text = match cx.text(path) {
                FileText::Text(t) => t,
                FileText::Skipped(ev) => {
                    misses.push(ev);
                    continue;
                }
                FileText::Unreadable(ev) => {
                    unknown.push(ev);
                    continue;
                }
            };
            let parsed = cx.parse(path, &text, self.format);
            let docs = match &*parsed {
                Ok(docs) => docs,
                Err(e) => {
                    let ev = Evidence::at(
                        path,
                        e.pos.line(),
                        format!(
                            "does not parse as {}: {}",
                            format_name(self.format).to_uppercase(),
                            e.message
                        ),
                    );
                    if self.on_parse_error {
                        unknown.push(ev)
                    } else {
                        misses.push(ev)
                    }
                    considered += 1;
                    continue;
                }
            };
            if let Some(w) = &self.filter
                && !docs.iter().enumerate().any(|(i, doc)| {
                    w.check(doc, path, false, &|| cx.cel_doc(path, self.format, i, doc))
                        .0
                })
            {
                filtered_out += 1;
                continue;
            }
            considered += 1;
            let mut file_misses = Vec::new();
            let mut passed = false;
            let mut undecided = false;
            for (i, doc) in docs.iter().enumerate() {
                let cel = || cx.cel_doc(path, self.format, i, doc);
                let (ok, ev) = self.test.decide(doc, path, self.all, &cel);
                match ok {
                    Some(true) => {
                        hits.extend(ev);
                        passed = true;
                        break;
                    }
                    Some(false) => file_misses.extend(ev),
                    None => {
                        unknown.extend(ev);
                        undecided = true;
                        break;
                    }
                }
            }
            if !passed && !undecided {
                if file_misses.is_empty() {
                    file_misses.push(Evidence::at(path, None, "empty file"));
                }
                misses.extend(file_misses);
            }
        }
        if considered == 0 && unknown.is_empty() {
            // Say why nothing was checked: no file, files `where` left out, or only skipped
            // files (whose notes are already in `misses`).
            if matched == 0 {
                misses.insert(0, Evidence::note(format!("no file matches {}", self.files)));
            } else if filtered_out > 0 {
                let note = format!(
                    "no file of {} passes `where` ({filtered_out} left out)",
                    self.files
                );
                misses.insert(0, Evidence::note(note));
            }
            misses.truncate(super::MAX_EVIDENCE);
            return Verdict::new(Tri::False, misses);
        }
        decide(self.every_file, hits, misses, unknown)
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructuredDoc {
    pub files: GlobsDoc,
    /// Only files that pass count as matching at all.
    #[serde(rename = "where")]
    pub filter: Option<TestDoc>,
    pub query: Option<QueryDoc>,
    /// A CEL expression with `doc` and `path` bound; replaces `query` and predicates.
    pub expr: Option<String>,
    pub equals: Option<serde_json::Value>,
    pub one_of: Option<Vec<serde_json::Value>>,
    pub matches: Option<String>,
    pub not_matches: Option<String>,
    #[serde(rename = "type")]
    pub types: Option<TypesDoc>,
    pub all: Option<bool>,
    pub every_file: Option<bool>,
    pub on_parse_error: Option<bool>,
}

/// A `where` filter: a query with predicates, or an expression.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestDoc {
    pub query: Option<QueryDoc>,
    pub expr: Option<String>,
    pub equals: Option<serde_json::Value>,
    pub one_of: Option<Vec<serde_json::Value>>,
    pub matches: Option<String>,
    pub not_matches: Option<String>,
    #[serde(rename = "type")]
    pub types: Option<TypesDoc>,
}

impl Check for Structured {
    fn key(&self) -> &'static str {
        self.format.name()
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Structured::eval(self, cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, _presence: &mut Vec<GlobId>) {
        content.extend(&self.files.ids);
    }
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, &Structured::describe(self));
    }
}
