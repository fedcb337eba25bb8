//! Strict JSON into the value tree, with the line and column of every node.

use jsonc_parser::ast::{ObjectPropName, Value as Ast};
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions, parse_to_ast};

use super::value::{LineIndex, Node, ParseError, Pos, Value};
use super::yaml::{MAX_DEPTH, dedupe_last_wins};

/// Parses one JSON document. Only RFC 8259 JSON is accepted (no comments, trailing
/// commas or JSON5); a leading BOM is skipped. Text with nothing but whitespace is `null`,
/// as an empty YAML file is. A repeated object key keeps its last value, as
/// `JSON.parse` does.
pub fn parse_json(text: &str) -> Result<Node, ParseError> {
    parse_json_with(text, MAX_DEPTH)
}

/// [`parse_json`] with nesting bounded to `max_depth` levels.
pub(super) fn parse_json_with(text: &str, max_depth: usize) -> Result<Node, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let ast = parse_to_ast(text, &COLLECT, &strict()).map_err(|e| ParseError {
        pos: Pos::new(
            u32::try_from(e.line_display()).unwrap_or(u32::MAX),
            u32::try_from(e.column_display()).unwrap_or(u32::MAX),
        ),
        message: e.kind().to_string(),
    })?;
    match ast.value {
        None => Ok(Node::new(Value::Null, Pos::new(1, 1))),
        Some(value) => convert(value, &lines, 0, max_depth),
    }
}

const COLLECT: CollectOptions = CollectOptions {
    comments: CommentCollectionStrategy::Off,
    tokens: false,
};

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

fn convert(
    value: Ast<'_>,
    lines: &LineIndex<'_>,
    depth: usize,
    max: usize,
) -> Result<Node, ParseError> {
    Ok(match value {
        Ast::NullKeyword(n) => Node::new(Value::Null, lines.pos(n.range.start)),
        Ast::BooleanLit(b) => Node::new(Value::Bool(b.value), lines.pos(b.range.start)),
        Ast::StringLit(s) => Node::new(Value::Str(s.value.into_owned()), lines.pos(s.range.start)),
        Ast::NumberLit(n) => {
            let pos = lines.pos(n.range.start);
            Node::new(
                number(n.value).ok_or_else(|| bad_number(n.value, pos))?,
                pos,
            )
        }
        Ast::Array(a) => {
            let pos = lines.pos(a.range.start);
            check_depth(depth, max, pos)?;
            let items = a
                .elements
                .into_iter()
                .map(|v| convert(v, lines, depth + 1, max))
                .collect::<Result<Vec<_>, _>>()?;
            Node::new(Value::Seq(items), pos)
        }
        Ast::Object(o) => {
            let pos = lines.pos(o.range.start);
            check_depth(depth, max, pos)?;
            let mut entries = Vec::with_capacity(o.properties.len());
            for prop in o.properties {
                let key = match prop.name {
                    ObjectPropName::String(s) => {
                        Node::new(Value::Str(s.value.into_owned()), lines.pos(s.range.start))
                    }
                    ObjectPropName::Word(w) => {
                        Node::new(Value::Str(w.value.to_owned()), lines.pos(w.range.start))
                    }
                };
                entries.push((key, convert(prop.value, lines, depth + 1, max)?));
            }
            dedupe_last_wins(&mut entries);
            Node::new(Value::Map(entries), pos)
        }
    })
}

fn check_depth(depth: usize, max: usize, pos: Pos) -> Result<(), ParseError> {
    if depth >= max {
        return Err(ParseError {
            pos,
            message: format!("nesting deeper than {max} levels"),
        });
    }
    Ok(())
}

/// A JSON number: an integer when it has no fraction or exponent and fits in i64,
/// otherwise a float.
fn number(text: &str) -> Option<Value> {
    if !text.contains(['.', 'e', 'E'])
        && let Ok(i) = text.parse::<i64>()
    {
        return Some(Value::Int(i));
    }
    text.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Value::Float)
}

fn bad_number(text: &str, pos: Pos) -> ParseError {
    ParseError {
        pos,
        message: format!("number `{text}` is out of range"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_values() {
        let cases: &[(&str, &str)] = &[
            (r#"{"a": 1}"#, r#"{"a":1}"#),
            ("\u{feff}{\"a\": true}", r#"{"a":true}"#),
            (
                "[1, 2.5, -3, 1e3, null, \"x\"]",
                r#"[1,2.5,-3,1000.0,null,"x"]"#,
            ),
            ("\"\\u00e9\\n\"", r#""é\n""#),
            ("12345678901234567890", "1.2345678901234567e+19"),
            ("", "null"),
            ("  \r\n", "null"),
            // The last of repeated keys wins, as in JSON.parse.
            (r#"{"a": 1, "b": 2, "a": 3}"#, r#"{"a":3,"b":2}"#),
            (
                "{\r\n  \"scripts\": {\"test\": \"jest\"}\r\n}\r\n",
                r#"{"scripts":{"test":"jest"}}"#,
            ),
        ];
        for (text, want) in cases {
            let doc = parse_json(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(doc.to_json().to_string(), *want, "{text:?}");
        }
    }

    #[test]
    fn positions() {
        let text = "{\n  \"name\": \"app\",\n  \"engines\": {\"node\": \">=20\"},\n  \"list\": [\n    1,\n    \"é\", 2\n  ]\n}\n";
        let doc = parse_json(text).unwrap();
        assert_eq!(doc.pos, Pos::new(1, 1));
        let Value::Map(entries) = &doc.value else {
            panic!("not a map")
        };
        let got: Vec<(String, Pos, Pos)> = entries
            .iter()
            .map(|(k, v)| (k.to_string(), k.pos, v.pos))
            .collect();
        assert_eq!(
            got,
            vec![
                ("name".into(), Pos::new(2, 3), Pos::new(2, 11)),
                ("engines".into(), Pos::new(3, 3), Pos::new(3, 14)),
                ("list".into(), Pos::new(4, 3), Pos::new(4, 11)),
            ]
        );
        let node = doc.get("engines").and_then(|e| e.get("node")).unwrap();
        assert_eq!(node.pos, Pos::new(3, 23));
        let Value::Seq(items) = &doc.get("list").unwrap().value else {
            panic!("not a list")
        };
        let pos: Vec<Pos> = items.iter().map(|n| n.pos).collect();
        // Columns count characters, not bytes.
        assert_eq!(pos, vec![Pos::new(5, 5), Pos::new(6, 5), Pos::new(6, 10)]);
        let bom = parse_json("\u{feff}{\"a\": 1}").unwrap();
        assert_eq!(bom.get("a").unwrap().pos, Pos::new(1, 7));
    }

    #[test]
    fn errors_have_positions() {
        let cases: &[(&str, Pos)] = &[
            ("{\"a\": 1,}", Pos::new(1, 8)),
            ("{\n  \"a\": 1\n  \"b\": 2\n}", Pos::new(2, 9)),
            ("// c\n{}", Pos::new(1, 1)),
            ("{a: 1}", Pos::new(1, 2)),
            ("[1, 2", Pos::new(1, 1)),
            ("{} {}", Pos::new(1, 4)),
            ("'x'", Pos::new(1, 1)),
            ("1e999", Pos::new(1, 1)),
            ("NaN", Pos::new(1, 1)),
        ];
        for (text, pos) in cases {
            let e = parse_json(text).expect_err(text);
            assert!(!e.message.is_empty());
            assert_eq!(e.pos, *pos, "{text:?}: {}", e.message);
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse_json(&deep).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse_json(&deep).is_err());
    }
}
