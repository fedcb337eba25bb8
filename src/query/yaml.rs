//! YAML 1.2 into the value tree, read the way GitHub reads workflows: core-schema
//! scalars (`on`, `yes`, `off` stay strings), anchors, aliases and merge keys resolved,
//! duplicate keys rejected, and every node (keys included) keeps its line and column.

use std::borrow::Cow;
use std::collections::HashSet;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};

use super::DocLimits;
use super::value::{LineIndex, Node, ParseError, Pos, Value};

/// Cap on nodes built, aliases expanded included, so an alias bomb fails fast
/// instead of eating memory: the default of `max_document_nodes:`.
pub const MAX_NODES: usize = 1_000_000;

/// Cap on nesting: the value tree is walked recursively (drop, equality, CEL), and the
/// scan runs on rayon threads with small stacks: the default of `max_document_depth:`, and the
/// most it may be set to.
pub const MAX_DEPTH: usize = 256;

/// Parses every document of a YAML stream. An empty stream is one `null` document.
pub fn parse_yaml(text: &str) -> Result<Vec<Node>, ParseError> {
    parse_yaml_with(text, DocLimits::default())
}

/// [`parse_yaml`] within `limits`.
pub(super) fn parse_yaml_with(text: &str, limits: DocLimits) -> Result<Vec<Node>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let mut builder = Builder::new(&lines, limits);
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| scan_error(&lines, e))?;
        builder.event(event, span)?;
    }
    if builder.docs.is_empty() {
        builder.docs.push(Node::new(Value::Null, Pos::new(1, 1)));
    }
    Ok(builder.docs)
}

/// Positions come from the parser's character index through `LineIndex`, never from its own
/// line count, so YAML, JSON, TOML and diagnostics agree on where a line ends.
fn scan_error(lines: &LineIndex<'_>, e: ScanError) -> ParseError {
    ParseError {
        pos: lines.pos_of_char(e.marker().index()),
        message: e.info().to_string(),
    }
}

fn error(pos: Pos, message: impl Into<String>) -> ParseError {
    ParseError {
        pos,
        message: message.into(),
    }
}

/// A collection being built.
struct Frame {
    pos: Pos,
    anchor: usize,
    /// `Builder::count` when the collection started, to size it for aliases.
    count_at_start: usize,
    kind: FrameKind,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Node, Node)>,
        /// A key waiting for its value; `true` when it is the merge key `<<`.
        key: Option<(Node, bool)>,
        /// `<<` keys and their values, with the number of explicit entries before them.
        merges: Vec<(usize, Node, Node)>,
    },
}

struct Builder<'l> {
    lines: &'l LineIndex<'l>,
    docs: Vec<Node>,
    stack: Vec<Frame>,
    /// Anchored nodes by anchor id, with their size in nodes.
    anchors: Vec<Option<(Node, usize)>>,
    count: usize,
    /// Of `count`, the nodes that came from expanding aliases.
    aliased: usize,
    in_doc: bool,
    root: Option<Node>,
    limits: DocLimits,
}

impl<'l> Builder<'l> {
    fn new(lines: &'l LineIndex<'l>, limits: DocLimits) -> Self {
        Builder {
            limits,
            lines,
            docs: Vec::new(),
            stack: Vec::new(),
            anchors: Vec::new(),
            count: 0,
            aliased: 0,
            in_doc: false,
            root: None,
        }
    }

    fn pos_of(&self, span: &Span) -> Pos {
        self.lines.pos_of_char(span.start.index())
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), ParseError> {
        match event {
            Event::Nothing | Event::StreamStart => {}
            Event::DocumentStart(_) => {
                self.in_doc = true;
                self.root = None;
            }
            // A stream that stops inside a document still yields it.
            Event::DocumentEnd | Event::StreamEnd => {
                if self.in_doc {
                    let root = self
                        .root
                        .take()
                        .unwrap_or_else(|| Node::new(Value::Null, self.pos_of(&span)));
                    self.docs.push(root);
                    self.in_doc = false;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let pos = self.pos_of(&span);
                let text_is_merge = text == "<<";
                let value = resolve_scalar(text, style, tag.as_deref(), pos)?;
                self.grow(1, pos)?;
                // Only a plain `<<` is the merge key; `"<<"` is an ordinary string.
                let merge = style == ScalarStyle::Plain && tag.is_none() && text_is_merge;
                let node = Node::new(value, pos);
                self.remember(anchor, &node, 1);
                self.complete(node, merge);
            }
            Event::Alias(id) => {
                let pos = self.pos_of(&span);
                let (node, size) = match self.anchors.get(id) {
                    Some(Some((node, size))) => (node, *size),
                    _ => return Err(error(pos, "alias refers to an anchor that is not complete")),
                };
                if self.count.saturating_add(size) > self.limits.nodes {
                    return Err(too_big(pos, self.aliased.saturating_add(size), self.limits));
                }
                self.count += size;
                self.aliased += size;
                let node = node.clone();
                self.complete(node, false);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(span, anchor, FrameKind::Seq(Vec::new()))?
            }
            Event::MappingStart(anchor, _) => self.open(
                span,
                anchor,
                FrameKind::Map {
                    entries: Vec::new(),
                    key: None,
                    merges: Vec::new(),
                },
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(error(self.pos_of(&span), "unbalanced collection end"));
                };
                let size = self.count - frame.count_at_start;
                // The tree outlives the parse (cached per blob): give back what doubling left.
                let value = match frame.kind {
                    FrameKind::Seq(mut items) => {
                        items.shrink_to_fit();
                        Value::Seq(items)
                    }
                    FrameKind::Map {
                        entries, merges, ..
                    } => {
                        let mut entries = finish_map(entries, merges)?;
                        entries.shrink_to_fit();
                        Value::Map(entries)
                    }
                };
                let node = Node::new(value, frame.pos);
                self.remember(frame.anchor, &node, size);
                self.complete(node, false);
            }
        }
        Ok(())
    }

    fn grow(&mut self, n: usize, pos: Pos) -> Result<(), ParseError> {
        self.count += n;
        if self.count > self.limits.nodes {
            return Err(too_big(pos, self.aliased, self.limits));
        }
        Ok(())
    }

    fn open(&mut self, span: Span, anchor: usize, kind: FrameKind) -> Result<(), ParseError> {
        let pos = self.pos_of(&span);
        if self.stack.len() >= self.limits.depth {
            let depth = self.limits.depth;
            return Err(error(pos, format!("nesting deeper than {depth} levels")));
        }
        self.grow(1, pos)?;
        self.stack.push(Frame {
            pos,
            anchor,
            count_at_start: self.count - 1,
            kind,
        });
        Ok(())
    }

    /// Keeps a copy of an anchored node for later aliases. Anchors are rare, so the
    /// clone only happens where a document asks for one.
    fn remember(&mut self, anchor: usize, node: &Node, size: usize) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize_with(anchor + 1, || None);
        }
        self.anchors[anchor] = Some((node.clone(), size));
    }

    /// Hands a finished node to its parent, or makes it the document's root.
    fn complete(&mut self, node: Node, merge: bool) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut frame.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map {
                entries,
                key,
                merges,
            } => match key.take() {
                None => *key = Some((node, merge)),
                Some((k, true)) => merges.push((entries.len(), k, node)),
                Some((k, false)) => entries.push((k, node)),
            },
        }
    }
}

/// Too many nodes: blamed on aliases only when expanding them made most of the nodes (a large
/// plain file is just large).
fn too_big(pos: Pos, aliased: usize, limits: DocLimits) -> ParseError {
    let max = limits.nodes;
    let msg = if aliased > max / 2 {
        format!("aliases expand the document to more than {max} nodes (alias bomb?)")
    } else {
        format!("too many YAML nodes (more than {max})")
    };
    error(pos, msg)
}

/// Rejects duplicate keys, then folds in the entries of `<<` merge keys: explicit keys
/// win over merged ones, and an earlier merged mapping wins over a later one.
fn finish_map(
    entries: Vec<(Node, Node)>,
    merges: Vec<(usize, Node, Node)>,
) -> Result<Vec<(Node, Node)>, ParseError> {
    let mut seen = KeySet::default();
    for (k, _) in &entries {
        if !seen.insert(k) {
            return Err(error(k.pos, format!("duplicate key `{k}`")));
        }
    }
    if merges.is_empty() {
        return Ok(entries);
    }
    let mut merged: Vec<(usize, Node, Node)> = Vec::new();
    for (at, key, value) in merges {
        match value.value {
            Value::Map(es) => merged.extend(es.into_iter().map(|(k, v)| (at, k, v))),
            Value::Seq(items) => {
                for item in items {
                    match item.value {
                        Value::Map(es) => merged.extend(es.into_iter().map(|(k, v)| (at, k, v))),
                        _ => return Err(bad_merge(item.pos)),
                    }
                }
            }
            _ => return Err(bad_merge(key.pos)),
        }
    }
    let keep: Vec<bool> = merged.iter().map(|(_, k, _)| seen.insert(k)).collect();
    drop(seen);
    let mut out = Vec::with_capacity(entries.len() + merged.len());
    let mut merged = merged.into_iter().zip(keep).peekable();
    for (i, entry) in entries.into_iter().enumerate() {
        while let Some(((_, k, v), keep)) = merged.next_if(|((at, _, _), _)| *at <= i) {
            if keep {
                out.push((k, v));
            }
        }
        out.push(entry);
    }
    out.extend(
        merged
            .filter(|(_, keep)| *keep)
            .map(|((_, k, v), _)| (k, v)),
    );
    Ok(out)
}

/// Drops all but the last of equal keys, for formats where the last one wins.
pub(super) fn dedupe_last_wins(entries: &mut Vec<(Node, Node)>) {
    if entries.len() < 2 {
        return;
    }
    let mut seen = KeySet::default();
    if entries.iter().all(|(k, _)| seen.insert(k)) {
        return;
    }
    let mut seen = KeySet::default();
    let keep_rev: Vec<bool> = entries.iter().rev().map(|(k, _)| seen.insert(k)).collect();
    drop(seen);
    let last = keep_rev.len() - 1;
    let mut i = 0;
    entries.retain(|_| {
        let keep = keep_rev[last - i];
        i += 1;
        keep
    });
}

fn bad_merge(pos: Pos) -> ParseError {
    error(pos, "merge key `<<` needs a mapping or a list of mappings")
}

/// Keys seen in one mapping, equal as `Node::deep_eq` sees them. Small mappings are
/// scanned; past a handful of keys the scalar ones are hashed, so a large generated
/// file does not cost quadratic time.
#[derive(Default)]
struct KeySet<'a> {
    keys: Vec<&'a Node>,
    hashed: Option<HashSet<KeyFp<'a>>>,
}

#[derive(PartialEq, Eq, Hash)]
enum KeyFp<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(&'a str),
}

const LINEAR_KEYS: usize = 16;

impl<'a> KeySet<'a> {
    /// `false` when an equal key was already there.
    fn insert(&mut self, key: &'a Node) -> bool {
        if self.hashed.is_none() && self.keys.len() >= LINEAR_KEYS {
            let mut set = HashSet::with_capacity(self.keys.len() * 2);
            let mut complex = Vec::new();
            for k in self.keys.drain(..) {
                match fingerprint(k) {
                    Some(fp) => {
                        set.insert(fp);
                    }
                    None => complex.push(k),
                }
            }
            self.keys = complex;
            self.hashed = Some(set);
        }
        match (&mut self.hashed, fingerprint(key)) {
            (Some(set), Some(fp)) => set.insert(fp),
            _ => {
                if self.keys.iter().any(|k| k.deep_eq(key)) {
                    return false;
                }
                self.keys.push(key);
                true
            }
        }
    }
}

/// A hashable stand-in for a scalar key, normalised so that `1` and `1.0` agree as in
/// `deep_eq`. `None` for collections and NaN, which are compared one by one.
fn fingerprint(n: &Node) -> Option<KeyFp<'_>> {
    Some(match &n.value {
        Value::Null => KeyFp::Null,
        Value::Bool(b) => KeyFp::Bool(*b),
        Value::Int(i) => KeyFp::Int(*i),
        Value::Float(f) if f.is_nan() => return None,
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => KeyFp::Int(*f as i64),
        Value::Float(f) => KeyFp::Float(f.to_bits()),
        Value::Str(s) => KeyFp::Str(s),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

/// Resolves a scalar by the YAML 1.2 core schema. Quoted and block scalars are strings;
/// an explicit core tag (`!!str`, `!!int`, ...) decides; other tags (`!Ref`) keep the text.
fn resolve_scalar(
    text: Cow<'_, str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
    pos: Pos,
) -> Result<Value, ParseError> {
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema() {
            return Ok(Value::Str(owned(text)));
        }
        let want = |ok: bool| {
            if ok {
                Ok(())
            } else {
                Err(error(
                    pos,
                    format!("`{text}` is not a valid !!{}", tag.suffix),
                ))
            }
        };
        return match tag.suffix.as_str() {
            "null" => {
                want(matches!(resolve_plain(&text), Value::Null))?;
                Ok(Value::Null)
            }
            "bool" => match resolve_plain(&text) {
                Value::Bool(b) => Ok(Value::Bool(b)),
                _ => want(false).map(|()| Value::Null),
            },
            "int" => match resolve_plain(&text) {
                Value::Int(i) => Ok(Value::Int(i)),
                _ => want(false).map(|()| Value::Null),
            },
            "float" => match resolve_plain(&text) {
                Value::Int(i) => Ok(Value::Float(i as f64)),
                Value::Float(f) => Ok(Value::Float(f)),
                _ => want(false).map(|()| Value::Null),
            },
            _ => Ok(Value::Str(owned(text))),
        };
    }
    Ok(match style {
        ScalarStyle::Plain => match resolve_plain(&text) {
            Value::Str(_) => Value::Str(owned(text)),
            other => other,
        },
        _ => Value::Str(owned(text)),
    })
}

/// The scanner builds a plain scalar in a `String` with room for a whole input buffer reserved
/// (about 100 bytes for `k1`); kept as it is, that slack was most of a parsed tree's memory.
fn owned(text: Cow<'_, str>) -> String {
    let mut s = text.into_owned();
    s.shrink_to_fit();
    s
}

/// The core schema for plain scalars. Returns `Value::Str(String::new())` as a marker
/// for "a string" so the caller can reuse the text it already owns.
fn resolve_plain(s: &str) -> Value {
    let string = || Value::Str(String::new());
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let bytes = s.as_bytes();
    // Cheap exit for the common case: keys, names, `uses:` references.
    if !matches!(bytes[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
        return string();
    }
    let (neg, body) = match bytes[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return Value::Float(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if body.len() == s.len() {
        if let Some(oct) = s.strip_prefix("0o") {
            return radix(oct, 8).unwrap_or_else(string);
        }
        if let Some(hex) = s.strip_prefix("0x") {
            return radix(hex, 16).unwrap_or_else(string);
        }
    }
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<i64>() {
            Ok(i) => Value::Int(i),
            // Past i64 the number is still a number, as in JSON.
            Err(_) => s.parse::<f64>().map_or_else(|_| string(), Value::Float),
        };
    }
    if is_core_float(body.as_bytes()) {
        return s.parse::<f64>().map_or_else(|_| string(), Value::Float);
    }
    string()
}

fn radix(digits: &str, radix: u32) -> Option<Value> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    i64::from_str_radix(digits, radix).ok().map(Value::Int)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, sign already taken off.
fn is_core_float(b: &[u8]) -> bool {
    let digits = |b: &[u8], mut i: usize| {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        (i, i - start)
    };
    let (mut i, int_digits) = digits(b, 0);
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        (i, frac_digits) = digits(b, i + 1);
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_digits;
        (i, exp_digits) = digits(b, i);
        if exp_digits == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut docs = parse_yaml(text).unwrap_or_else(|e| panic!("{text:?}: {e} at {:?}", e.pos));
        assert_eq!(docs.len(), 1, "{text:?}");
        docs.remove(0)
    }

    /// The document as compact JSON, for readable expectations.
    fn json(text: &str) -> String {
        one(text).to_json().to_string()
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let cases: &[(&str, &str)] = &[
            ("on: push", r#"{"on":"push"}"#),
            ("a: yes", r#"{"a":"yes"}"#),
            ("a: no", r#"{"a":"no"}"#),
            ("a: off", r#"{"a":"off"}"#),
            ("a: On", r#"{"a":"On"}"#),
            ("a: y", r#"{"a":"y"}"#),
            ("a: n", r#"{"a":"n"}"#),
            ("a: true", r#"{"a":true}"#),
            ("a: False", r#"{"a":false}"#),
            ("a: TRUE", r#"{"a":true}"#),
            ("a: null", r#"{"a":null}"#),
            ("a: ~", r#"{"a":null}"#),
            ("a:", r#"{"a":null}"#),
            ("a: 42", r#"{"a":42}"#),
            ("a: -7", r#"{"a":-7}"#),
            ("a: +7", r#"{"a":7}"#),
            ("a: 0x1F", r#"{"a":31}"#),
            ("a: 0o17", r#"{"a":15}"#),
            ("a: 017", r#"{"a":17}"#),
            ("a: 3.10", r#"{"a":3.1}"#),
            ("a: 1e3", r#"{"a":1000.0}"#),
            ("a: .5", r#"{"a":0.5}"#),
            ("a: 0x", r#"{"a":"0x"}"#),
            ("a: 0xZZ", r#"{"a":"0xZZ"}"#),
            ("a: 1.2.3", r#"{"a":"1.2.3"}"#),
            ("a: 1e", r#"{"a":"1e"}"#),
            ("a: -x", r#"{"a":"-x"}"#),
            ("a: inf", r#"{"a":"inf"}"#),
            ("a: nan", r#"{"a":"nan"}"#),
            ("a: 99999999999999999999", r#"{"a":1e+20}"#),
            ("a: '42'", r#"{"a":"42"}"#),
            ("a: \"true\"", r#"{"a":"true"}"#),
            ("a: ''", r#"{"a":""}"#),
            ("a: !!str 42", r#"{"a":"42"}"#),
            ("a: !!int '42'", r#"{"a":42}"#),
            ("a: !!float 1", r#"{"a":1.0}"#),
            ("a: !Ref bucket", r#"{"a":"bucket"}"#),
            ("a: |\n  x\n  y\n", r#"{"a":"x\ny\n"}"#),
            ("a: >\n  x\n  y\n", r#"{"a":"x y\n"}"#),
            ("1: a", r#"{"1":"a"}"#),
        ];
        for (text, want) in cases {
            assert_eq!(json(text), *want, "{text:?}");
        }
    }

    #[test]
    fn special_floats() {
        let cases: &[(&str, f64)] = &[
            ("a: .inf", f64::INFINITY),
            ("a: -.Inf", f64::NEG_INFINITY),
            ("a: +.INF", f64::INFINITY),
        ];
        for (text, want) in cases {
            match one(text).get("a").map(|n| &n.value) {
                Some(Value::Float(f)) => assert_eq!(f, want, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        assert!(
            matches!(one("a: .NaN").get("a").map(|n| &n.value), Some(Value::Float(f)) if f.is_nan())
        );
    }

    #[test]
    fn github_workflow_triggers() {
        let cases: &[(&str, &str)] = &[
            ("on: push\n", r#"{"on":"push"}"#),
            (
                "on: [push, pull_request]\n",
                r#"{"on":["push","pull_request"]}"#,
            ),
            (
                "on:\n  pull_request:\n    branches: [main]\n",
                r#"{"on":{"pull_request":{"branches":["main"]}}}"#,
            ),
            (
                "on: {pull_request: {branches: [main]}}\n",
                r#"{"on":{"pull_request":{"branches":["main"]}}}"#,
            ),
            (
                "on:\n  push:\n  workflow_dispatch:\n",
                r#"{"on":{"push":null,"workflow_dispatch":null}}"#,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(json(text), *want, "{text:?}");
            let doc = one(text);
            let Value::Map(entries) = &doc.value else {
                panic!("{text:?}: not a mapping");
            };
            assert_eq!(entries[0].0.value_type(), crate::query::ValueType::String);
        }
    }

    #[test]
    fn positions_of_keys_and_values() {
        let text = "name: CI\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: \"acme/paved-ci@v2\"\n";
        let doc = one(text);
        let Value::Map(top) = &doc.value else {
            panic!()
        };
        let cases: &[(&Node, Pos)] = &[
            (&doc, Pos::new(1, 1)),
            (&top[0].0, Pos::new(1, 1)),
            (&top[0].1, Pos::new(1, 7)),
            (&top[1].0, Pos::new(2, 1)),
            (&top[2].0, Pos::new(3, 1)),
        ];
        for (node, want) in cases {
            assert_eq!(node.pos, *want, "{node}");
        }
        let build = doc.get("jobs").and_then(|j| j.get("build")).unwrap();
        assert_eq!(build.pos, Pos::new(5, 5));
        let Value::Map(b) = &build.value else {
            panic!()
        };
        assert_eq!(b[0].0.pos, Pos::new(5, 5));
        assert_eq!(b[0].1.pos, Pos::new(5, 14));
        let Value::Seq(steps) = &build.get("steps").unwrap().value else {
            panic!()
        };
        let uses: Vec<(String, Pos)> = steps
            .iter()
            .map(|s| {
                let u = s.get("uses").unwrap();
                (u.to_string(), u.pos)
            })
            .collect();
        assert_eq!(
            uses,
            vec![
                ("actions/checkout@v4".to_string(), Pos::new(7, 15)),
                ("acme/paved-ci@v2".to_string(), Pos::new(8, 15)),
            ]
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let cases: &[(&str, &str)] = &[
            (
                "defaults: &d {runs-on: ubuntu-latest}\njob: *d\n",
                r#"{"defaults":{"runs-on":"ubuntu-latest"},"job":{"runs-on":"ubuntu-latest"}}"#,
            ),
            ("x: &v 3\ny: [*v, *v]\n", r#"{"x":3,"y":[3,3]}"#),
            (
                "base: &b\n  runs-on: ubuntu-latest\n  timeout-minutes: 10\njobs:\n  test:\n    <<: *b\n    timeout-minutes: 30\n",
                r#"{"base":{"runs-on":"ubuntu-latest","timeout-minutes":10},"jobs":{"test":{"runs-on":"ubuntu-latest","timeout-minutes":30}}}"#,
            ),
            // Explicit keys win even when they come before the merge.
            (
                "a: &a {k: 1, m: 2}\nb:\n  k: 9\n  <<: *a\n",
                r#"{"a":{"k":1,"m":2},"b":{"k":9,"m":2}}"#,
            ),
            // In a list of merged mappings, the earlier one wins.
            (
                "a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n",
                r#"{"a":{"k":1},"b":{"j":3,"k":2},"c":{"j":3,"k":1}}"#,
            ),
            ("c:\n  <<: {k: 1}\n  z: 0\n", r#"{"c":{"k":1,"z":0}}"#),
            // A quoted `<<` is an ordinary key.
            ("c: {\"<<\": {k: 1}}\n", r#"{"c":{"<<":{"k":1}}}"#),
        ];
        for (text, want) in cases {
            assert_eq!(json(text), *want, "{text:?}");
        }
    }

    #[test]
    fn merged_and_aliased_nodes_keep_their_source_position() {
        let doc = one("base: &b\n  runs-on: x\njob:\n  <<: *b\n  name: y\n");
        let job = doc.get("job").unwrap();
        let Value::Map(entries) = &job.value else {
            panic!()
        };
        assert_eq!(entries[0].0.to_string(), "runs-on");
        assert_eq!(entries[0].0.pos, Pos::new(2, 3));
        assert_eq!(entries[1].0.pos, Pos::new(5, 3));
    }

    #[test]
    fn bom_crlf_multi_doc_and_empty() {
        let cases: &[(&str, &[&str])] = &[
            ("\u{feff}on: push\n", &[r#"{"on":"push"}"#]),
            (
                "on: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n",
                &[r#"{"jobs":{"a":{"runs-on":"x"}},"on":"push"}"#],
            ),
            ("a: |\r\n  x\r\n  y\r\n", &[r#"{"a":"x\ny\n"}"#]),
            ("", &["null"]),
            ("# only a comment\n", &["null"]),
            ("---\n", &["null"]),
            ("a: 1\n---\nb: 2\n", &[r#"{"a":1}"#, r#"{"b":2}"#]),
            (
                "---\na: 1\n---\n---\nb: 2\n...\n",
                &[r#"{"a":1}"#, "null", r#"{"b":2}"#],
            ),
        ];
        for (text, want) in cases {
            let docs = parse_yaml(text).unwrap();
            let got: Vec<String> = docs.iter().map(|d| d.to_json().to_string()).collect();
            assert_eq!(got, *want, "{text:?}");
        }
        let crlf = one("a: 1\r\nb: 2\r\n");
        let Value::Map(e) = &crlf.value else { panic!() };
        assert_eq!(e[1].0.pos, Pos::new(2, 1));
        let bom = one("\u{feff}a: 1\n");
        let Value::Map(e) = &bom.value else { panic!() };
        assert_eq!(e[0].0.pos, Pos::new(1, 1));
    }

    #[test]
    fn errors_are_short_and_placed() {
        let cases: &[(&str, &str, Pos)] = &[
            (
                "jobs:\n  build:\n    runs-on: a\n    steps: []\n    runs-on: b\n",
                "duplicate key `runs-on`",
                Pos::new(5, 5),
            ),
            ("a: 1\na: 2\n", "duplicate key `a`", Pos::new(2, 1)),
            ("{a: 1, 'a': 2}", "duplicate key `a`", Pos::new(1, 8)),
            (
                "a: *nope\n",
                "while parsing node, found unknown anchor",
                Pos::new(1, 4),
            ),
            (
                "c:\n  <<: 3\n",
                "merge key `<<` needs a mapping or a list of mappings",
                Pos::new(2, 3),
            ),
            (
                "c:\n  <<: [{a: 1}, 2]\n",
                "merge key `<<` needs a mapping or a list of mappings",
                Pos::new(2, 16),
            ),
            ("a: !!int x\n", "`x` is not a valid !!int", Pos::new(1, 4)),
        ];
        for (text, message, pos) in cases {
            let e = parse_yaml(text).expect_err(text);
            assert_eq!((e.message.as_str(), e.pos), (*message, *pos), "{text:?}");
        }
        let e = parse_yaml("a: [1, 2\n").expect_err("unclosed flow");
        assert!(e.pos.line >= 1 && !e.message.is_empty(), "{e:?}");
    }

    #[test]
    fn many_keys_still_catch_duplicates() {
        let mut text: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        assert!(parse_yaml(&text).is_ok());
        text.push_str("k42: again\n");
        let e = parse_yaml(&text).unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.pos),
            ("duplicate key `k42`", Pos::new(101, 1))
        );
        // 1 and 1.0 are the same key, as deep equality says.
        let mut text: String = (0..40).map(|i| format!("{i}: x\n")).collect();
        text.push_str("1.0: y\n");
        assert_eq!(parse_yaml(&text).unwrap_err().message, "duplicate key `1`");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let e = parse_yaml(&bomb).unwrap_err();
        assert!(e.message.contains("more than 1000000 nodes"), "{e:?}");
        let deep = format!("{}x", "- ".repeat(MAX_DEPTH + 1));
        let e = parse_yaml(&deep).unwrap_err();
        assert_eq!(e.message, "nesting deeper than 256 levels");
        let ok = format!("{}x", "- ".repeat(MAX_DEPTH));
        assert!(parse_yaml(&ok).is_ok());
        // Flow nesting has the parser's own limit.
        assert!(parse_yaml(&"[".repeat(10_000)).is_err());
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn too_many_nodes_blames_aliases_only_when_they_made_them() {
        let plain = "[".to_string() + &"1,".repeat(MAX_NODES + 1) + "1]";
        let e = parse_yaml(&plain).unwrap_err();
        assert!(
            e.message.starts_with("too many YAML nodes"),
            "{}",
            e.message
        );
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, prev) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            let refs = format!("*{prev}, ").repeat(10);
            bomb.push_str(&format!("{i}: &{i} [{}]\n", refs.trim_end_matches(", ")));
        }
        let e = parse_yaml(&bomb).unwrap_err();
        assert!(e.message.contains("alias bomb?"), "{}", e.message);
    }

    /// The vendored parser (vendor/saphyr-parser/PAVED-PATCH.md) retires a possible implicit key
    /// after 1,024 characters in flow context too; long values and long collections must parse
    /// as before, and only a key longer than that is refused, as YAML 1.2 requires.
    #[test]
    fn the_implicit_key_limit_holds_in_flow_context_and_spares_long_values() {
        let long = "v".repeat(3000);
        let json = |text: &str| parse_yaml(text).unwrap().remove(0).to_json();
        let value = json(&format!("{{a: {long}, b: [1, 2]}}"));
        assert_eq!(value["a"].as_str(), Some(long.as_str()));
        assert_eq!(value["b"], serde_json::json!([1, 2]));
        let quoted = json(&format!("[{{k: \"{long}\"}}, {{\"k2\": x}}]"));
        assert_eq!(quoted[0]["k"].as_str(), Some(long.as_str()));
        assert_eq!(quoted[1]["k2"], "x");
        // A root flow list far longer than 1,024 characters is a list, not a pending key.
        let list = json(&format!("[{}1]", "1,".repeat(5000)));
        assert_eq!(list.as_array().map(Vec::len), Some(5001));
        // A key of 1,000 characters is still a key, in flow and block context alike.
        let k = "k".repeat(1000);
        assert_eq!(json(&format!("{{{k}: 1}}"))[&k], 1);
        assert_eq!(json(&format!("{k}: 1"))[&k], 1);
        // Over 1,024 characters it is an error at its line and column, in both contexts.
        let e = parse_yaml(&format!("x: 1\ny: {{{long}: 1}}\n")).unwrap_err();
        assert_eq!((e.pos.line, e.pos.col > 1024), (2, true), "{e:?}");
        let e = parse_yaml(&format!("[{long}: 1]")).unwrap_err();
        assert_eq!(e.pos.line, 1, "{e:?}");
        assert!(parse_yaml(&format!("{long}: 1")).is_err());
    }
}
