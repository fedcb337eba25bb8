//! Dotted-path queries (`jobs.*.steps.*.uses`) over the value tree.

use std::collections::HashSet;
use std::fmt;

use super::value::{Node, Value};

/// Why a query path does not parse; each names the path as written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("a query list needs at least one path")]
    EmptyList,
    #[error("unterminated quote in query `{0}`")]
    UnterminatedQuote(String),
    #[error("empty segment in query `{0}`")]
    EmptySegment(String),
    #[error("a quote must enclose a whole segment in query `{0}`")]
    PartlyQuoted(String),
    #[error("empty segment at the end of query `{0}`")]
    TrailingDot(String),
    #[error("expected `.` after a quoted segment in query `{0}`")]
    NoDotAfterQuote(String),
}

/// One or more dotted paths; selecting with it joins their selections in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    paths: Vec<Vec<Segment>>,
    source: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// A mapping key, compared with the key's canonical text.
    Key(String),
    /// Digits: that item of a sequence, or the mapping key with that text.
    Index(usize, String),
    /// `*`: every value of a mapping, every item of a sequence.
    All,
}

impl Query {
    /// Parses one dotted path. `""` (or the empty string) is the document itself.
    pub fn parse(path: &str) -> Result<Query, QueryError> {
        Ok(Query {
            paths: vec![parse_path(path)?],
            source: path.to_string(),
        })
    }

    /// Parses a list of paths whose selections are joined.
    pub fn parse_many(paths: &[&str]) -> Result<Query, QueryError> {
        if paths.is_empty() {
            return Err(QueryError::EmptyList);
        }
        let parsed = paths
            .iter()
            .map(|p| parse_path(p))
            .collect::<Result<Vec<_>, _>>()?;
        let source = if paths.len() == 1 {
            paths[0].to_string()
        } else {
            format!("[{}]", paths.join(", "))
        };
        Ok(Query {
            paths: parsed,
            source,
        })
    }

    /// The nodes the query selects, in document order per path. A node that two
    /// paths of a list both select is given once.
    pub fn select<'a>(&self, doc: &'a Node) -> Vec<&'a Node> {
        let mut out = Vec::new();
        let mut next = Vec::new();
        let mut seen: HashSet<*const Node> = HashSet::new();
        for path in &self.paths {
            let mut current = vec![doc];
            for segment in path {
                next.clear();
                for node in &current {
                    step(node, segment, &mut next);
                }
                std::mem::swap(&mut current, &mut next);
                if current.is_empty() {
                    break;
                }
            }
            if self.paths.len() > 1 {
                current.retain(|n| seen.insert(*n as *const Node));
            }
            out.append(&mut current);
        }
        out
    }
}

fn step<'a>(node: &'a Node, segment: &Segment, out: &mut Vec<&'a Node>) {
    match (&node.value, segment) {
        (Value::Map(entries), Segment::All) => out.extend(entries.iter().map(|(_, v)| v)),
        (Value::Seq(items), Segment::All) => out.extend(items.iter()),
        (Value::Seq(items), Segment::Index(i, _)) => out.extend(items.get(*i)),
        (Value::Map(entries), Segment::Key(key) | Segment::Index(_, key)) => out.extend(
            entries
                .iter()
                .filter(|(k, _)| k.text_is(key))
                .map(|(_, v)| v),
        ),
        _ => {}
    }
}

fn parse_path(path: &str) -> Result<Vec<Segment>, QueryError> {
    if path.is_empty() || path == "\"\"" {
        return Ok(Vec::new());
    }
    let mut segments = Vec::new();
    let mut rest = path;
    loop {
        let (segment, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let (key, after) = quoted_segment(quoted)
                .ok_or_else(|| QueryError::UnterminatedQuote(path.to_string()))?;
            (Segment::Key(key), after)
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            let text = &rest[..end];
            if text.is_empty() {
                return Err(QueryError::EmptySegment(path.to_string()));
            }
            if text.contains('"') {
                return Err(QueryError::PartlyQuoted(path.to_string()));
            }
            let segment = if text == "*" {
                Segment::All
            } else if text.bytes().all(|b| b.is_ascii_digit()) {
                match text.parse() {
                    Ok(i) => Segment::Index(i, text.to_string()),
                    // Too large to be an index: only a key can match.
                    Err(_) => Segment::Key(text.to_string()),
                }
            } else {
                Segment::Key(text.to_string())
            };
            (segment, &rest[end..])
        };
        segments.push(segment);
        if after.is_empty() {
            return Ok(segments);
        }
        match after.strip_prefix('.') {
            Some("") => return Err(QueryError::TrailingDot(path.to_string())),
            Some(next) => rest = next,
            None => {
                return Err(QueryError::NoDotAfterQuote(path.to_string()));
            }
        }
    }
}

/// The key of a quoted segment (its opening quote already taken) and the text
/// after the closing quote. `\"` and `\\` escape; `None` when unterminated.
fn quoted_segment(s: &str) -> Option<(String, &str)> {
    let mut key = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((key, &s[i + 1..])),
            '\\' => {
                let (_, escaped) = chars.next()?;
                key.push(escaped);
            }
            _ => key.push(c),
        }
    }
    None
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_yaml;

    const WORKFLOW: &str = r#"name: CI
on: [push, pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    permissions:
    steps:
      - uses: actions/checkout@v4
      - run: cargo clippy
  test:
    uses: "acme/paved-ci/.github/workflows/rust.yml@v2"
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache@v4
        with:
          key: "a.b"
"odd.key": 1
"0": zero
"#;

    #[test]
    fn selections() {
        let doc = parse_yaml(WORKFLOW).unwrap().remove(0);
        let cases: &[(&[&str], &[&str])] = &[
            (
                &["jobs.*.steps.*.uses"],
                &[
                    "actions/checkout@v4",
                    "actions/checkout@v4",
                    "actions/cache@v4",
                ],
            ),
            (
                &["jobs.*.uses"],
                &["acme/paved-ci/.github/workflows/rust.yml@v2"],
            ),
            (&["on.1"], &["pull_request"]),
            (&["on.2"], &[]),
            (&["on.*"], &["push", "pull_request"]),
            (&["jobs.build.steps.1.with.key"], &["a.b"]),
            (&["\"odd.key\""], &["1"]),
            (&["odd.key"], &[]),
            // A number is also a mapping key with that text.
            (&["0"], &["zero"]),
            (&["jobs.lint.permissions"], &["null"]),
            (&["jobs.lint.nope"], &[]),
            (&["name.x"], &[]),
            (&["name.*"], &[]),
            (
                &["jobs.lint.runs-on", "jobs.build.runs-on"],
                &["ubuntu-latest", "ubuntu-latest"],
            ),
            // A node two paths select is given once.
            (
                &["jobs.test.uses", "jobs.*.uses"],
                &["acme/paved-ci/.github/workflows/rust.yml@v2"],
            ),
        ];
        for (paths, want) in cases {
            let q = Query::parse_many(paths).unwrap();
            let got: Vec<String> = q.select(&doc).iter().map(|n| n.to_string()).collect();
            assert_eq!(got, *want, "{paths:?}");
        }
    }

    #[test]
    fn empty_query_is_the_document() {
        let doc = parse_yaml("a: 1").unwrap().remove(0);
        for text in ["", "\"\""] {
            let q = Query::parse(text).unwrap();
            let got = q.select(&doc);
            assert_eq!(got.len(), 1, "{text:?}");
            assert!(std::ptr::eq(got[0], &doc));
        }
        let scalar = parse_yaml("").unwrap().remove(0);
        assert_eq!(Query::parse("").unwrap().select(&scalar).len(), 1);
    }

    #[test]
    fn positions_come_through() {
        let doc = parse_yaml(WORKFLOW).unwrap().remove(0);
        let q = Query::parse("jobs.*.uses").unwrap();
        let got: Vec<(u32, u32)> = q
            .select(&doc)
            .iter()
            .map(|n| (n.pos.line, n.pos.col))
            .collect();
        assert_eq!(got, vec![(11, 11)]);
    }

    #[test]
    fn syntax() {
        let ok: &[(&str, &str)] = &[
            ("jobs.*.uses", "jobs.*.uses"),
            ("\"a.b\".c", "\"a.b\".c"),
            ("a.\"x\\\"y\"", "a.\"x\\\"y\""),
            ("a.\"\"", "a.\"\""),
        ];
        for (text, display) in ok {
            let q = Query::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(q.to_string(), *display);
        }
        let quoted = Query::parse("a.\"x\\\"y\"").unwrap();
        assert_eq!(
            quoted.paths[0],
            vec![Segment::Key("a".into()), Segment::Key("x\"y".into())]
        );
        assert_eq!(
            Query::parse("\"*\".\"0\"").unwrap().paths[0],
            vec![Segment::Key("*".into()), Segment::Key("0".into())]
        );
        let bad: &[(&str, &str)] = &[
            ("a..b", "empty segment in query `a..b`"),
            (".a", "empty segment in query `.a`"),
            ("a.", "empty segment at the end of query `a.`"),
            ("a.\"b", "unterminated quote in query `a.\"b`"),
            (
                "a.\"b\"c",
                "expected `.` after a quoted segment in query `a.\"b\"c`",
            ),
            (
                "a.b\"c\"",
                "a quote must enclose a whole segment in query `a.b\"c\"`",
            ),
        ];
        for (text, message) in bad {
            assert_eq!(
                Query::parse(text).unwrap_err().to_string(),
                *message,
                "{text:?}"
            );
        }
        assert_eq!(
            Query::parse_many(&["a", "b.c"]).unwrap().to_string(),
            "[a, b.c]"
        );
        assert!(Query::parse_many(&[]).is_err());
        assert!(Query::parse_many(&["a", "b..c"]).is_err());
    }

    #[test]
    fn query_is_send_sync() {
        fn assert_send_sync<T: Send + Sync + Clone + fmt::Debug>() {}
        assert_send_sync::<Query>();
    }
}
