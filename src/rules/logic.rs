//! `all`, `any` and `not`: combining conditions with three-valued logic.
//!
//! ```yaml
//! all: [{exists: Cargo.toml}, {not: {exists: Cargo.lock}}]
//! any:
//!   - exists: renovate.json
//!   - exists: .github/renovate.json
//! not: {exists: .travis.yml}
//! ```
//!
//! Conditions are true, false or unknown (a file could not be read or parsed).
//! `any` is true if one part is true even when others are unknown; `all` is false if one
//! part is false even when others are unknown; `not` keeps unknown. The evidence is that of
//! the parts that decided the value.

use super::{
    Check, Condition, ConditionDoc, EvalCtx, GlobId, Kind, MAX_EVIDENCE, MAX_OFFENDERS, Tri,
    Verdict,
};
use crate::decode::Decoder;
use crate::query::Node;

pub const ALL: Kind = Kind {
    key: "all",
    module: "logic",
    summary: "Every condition is true.",
    decode: |d, n| All::parse(d, n).map(Condition::All),
    schema: |g| g.subschema_for::<Vec<ConditionDoc>>(),
};

pub const ANY: Kind = Kind {
    key: "any",
    module: "logic",
    summary: "One condition is true.",
    decode: |d, n| Any::parse(d, n).map(Condition::Any),
    schema: |g| g.subschema_for::<Vec<ConditionDoc>>(),
};

pub const NOT: Kind = Kind {
    key: "not",
    module: "logic",
    summary: "The condition is false.",
    decode: |d, n| Not::parse(d, n).map(Condition::Not),
    schema: |g| g.subschema_for::<Box<ConditionDoc>>(),
};

#[derive(Debug)]
pub struct All(pub Vec<Condition>);
#[derive(Debug)]
pub struct Any(pub Vec<Condition>);
#[derive(Debug)]
pub struct Not(pub Box<Condition>);

fn parse_list(d: &mut Decoder<'_>, node: &Node, key: &str) -> Option<Vec<Condition>> {
    let items = d.sequence(node, key)?;
    if items.is_empty() {
        d.error(node.pos, format!("`{key}` needs at least one condition"));
        return None;
    }
    // Parse every item, so every problem in the list is reported.
    let parsed: Vec<Option<Condition>> = items.iter().map(|n| Condition::parse(d, n)).collect();
    parsed.into_iter().collect()
}

impl All {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<All> {
        parse_list(d, node, "all").map(All)
    }
    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        combine(&self.0, cx, Tri::False)
    }
}

impl Any {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Any> {
        parse_list(d, node, "any").map(Any)
    }
    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        combine(&self.0, cx, Tri::True)
    }
}

impl Not {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Not> {
        Condition::parse(d, node).map(|c| Not(Box::new(c)))
    }
    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let v = cx.under_not(|| self.0.eval(cx));
        Verdict::new(!v.value, v.evidence)
    }
}

/// `all` (dominant = False) and `any` (dominant = True): the first dominant part decides;
/// otherwise unknown if any part is unknown; otherwise the other value, with all evidence.
///
/// A false `any` shows why its positive parts failed, and a `not` (or `absent`) part's evidence
/// only when no positive part says anything: `any: [A, not: B]` is the idiom "A, or there is
/// no B to check", and what B found (say the first `uses:` of a workflow, which may well be pinned)
/// is the precondition of A, not an offender.
fn combine(parts: &[Condition], cx: &EvalCtx<'_>, dominant: Tri) -> Verdict {
    let mut unknown = Vec::new();
    let mut rest = Vec::new();
    let mut negated = Vec::new();
    for c in parts {
        let v = c.eval(cx);
        match v.value {
            x if x == dominant => return v,
            Tri::Unknown => unknown.extend(v.evidence),
            _ if dominant == Tri::True && matches!(c, Condition::Not(_) | Condition::Absent(_)) => {
                negated.extend(v.evidence)
            }
            _ => rest.extend(v.evidence),
        }
    }
    if !unknown.is_empty() {
        unknown.truncate(MAX_EVIDENCE);
        return Verdict::new(Tri::Unknown, unknown);
    }
    if rest.is_empty() {
        rest = negated;
    }
    rest.truncate(MAX_OFFENDERS);
    Verdict::new(!dominant, rest)
}

pub fn describe_list(label: &str, parts: &[Condition], depth: usize, out: &mut String) {
    out.push_str(&format!("{}{label}:\n", "  ".repeat(depth)));
    for p in parts {
        p.describe(depth + 1, out);
    }
}

impl Check for All {
    fn key(&self) -> &'static str {
        ALL.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        All::eval(self, cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        self.0.iter().for_each(|c| c.reads(content, presence));
    }
    fn explain(&self, depth: usize, out: &mut String) {
        describe_list("all of", &self.0, depth, out);
    }
}

impl Check for Any {
    fn key(&self) -> &'static str {
        ANY.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Any::eval(self, cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        self.0.iter().for_each(|c| c.reads(content, presence));
    }
    fn explain(&self, depth: usize, out: &mut String) {
        describe_list("any of", &self.0, depth, out);
    }
}

impl Check for Not {
    fn key(&self) -> &'static str {
        NOT.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Not::eval(self, cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        self.0.reads(content, presence);
    }
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, "not:");
        self.0.describe(depth + 1, out);
    }
}
