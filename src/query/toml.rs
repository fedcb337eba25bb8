//! TOML into the value tree, with the line and column of every key and value.
//! Datetimes become their TOML text.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::value::{LineIndex, Node, ParseError, Pos, Value};

/// Parses a TOML document (always a table; an empty file is an empty table).
/// A leading BOM is skipped.
pub fn parse_toml(text: &str) -> Result<Node, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineIndex::new(text);
    let table = DeTable::parse(text).map_err(|e| {
        let span = e.span();
        let mut message = e.message().trim_end().to_string();
        // Name the key, as the YAML reader does.
        if message == "duplicate key"
            && let Some(key) = span.clone().and_then(|s| text.get(s))
        {
            message = format!("duplicate key `{}`", key.trim());
        }
        ParseError {
            pos: span.map_or(Pos::new(1, 1), |s| lines.pos(s.start)),
            message,
        }
    })?;
    let mut root = table_node(table.get_ref(), &lines)?;
    // The root table starts where the file does, whatever span the parser gives it.
    root.pos = Pos::new(1, 1);
    Ok(root)
}

fn table_node(table: &DeTable<'_>, lines: &LineIndex<'_>) -> Result<Node, ParseError> {
    let mut entries = Vec::with_capacity(table.len());
    let mut offsets = Vec::with_capacity(table.len());
    for (key, value) in table {
        let key_start = key.span().start;
        let k = Node::new(Value::Str(key.get_ref().to_string()), lines.pos(key_start));
        entries.push((k, value_node(value, lines)?));
        offsets.push(key_start);
    }
    // The parser's map is sorted by key; put entries back in the order they were written.
    if offsets.windows(2).any(|w| w[0] > w[1]) {
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut slots: Vec<Option<(Node, Node)>> = entries.into_iter().map(Some).collect();
        entries = order.into_iter().filter_map(|i| slots[i].take()).collect();
    }
    let start = offsets.iter().copied().min().unwrap_or(0);
    Ok(Node::new(Value::Map(entries), lines.pos(start)))
}

fn value_node(value: &Spanned<DeValue<'_>>, lines: &LineIndex<'_>) -> Result<Node, ParseError> {
    let pos = lines.pos(value.span().start);
    let v = match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Str(d.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(_) => return Err(out_of_range(&i.to_string(), pos)),
        },
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(n) => Value::Float(n),
            Err(_) => return Err(out_of_range(f.as_str(), pos)),
        },
        DeValue::Array(items) => Value::Seq(
            items
                .into_iter()
                .map(|item| value_node(item, lines))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(t) => {
            let mut node = table_node(t, lines)?;
            // An inline table or `[header]` starts at its own span; keep that.
            node.pos = pos;
            return Ok(node);
        }
    };
    Ok(Node::new(v, pos))
}

fn out_of_range(text: &str, pos: Pos) -> ParseError {
    ParseError {
        pos,
        message: format!("number `{text}` is out of range"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let cases: &[(&str, &str)] = &[
            ("", "{}"),
            ("\u{feff}a = 1\n", r#"{"a":1}"#),
            (
                "[package]\nname = \"paved\"\nedition = \"2024\"\n",
                r#"{"package":{"edition":"2024","name":"paved"}}"#,
            ),
            (
                "a = 0x1F\nb = 1_000\nc = 1.5\nd = true\ne = [1, \"x\"]\nf = {g = 'h'}\n",
                r#"{"a":31,"b":1000,"c":1.5,"d":true,"e":[1,"x"],"f":{"g":"h"}}"#,
            ),
            (
                "when = 1979-05-27T07:32:00Z\nday = 2027-03-31\n",
                r#"{"day":"2027-03-31","when":"1979-05-27T07:32:00Z"}"#,
            ),
            (
                "[[bin]]\nname = \"a\"\n[[bin]]\nname = \"b\"\n",
                r#"{"bin":[{"name":"a"},{"name":"b"}]}"#,
            ),
            (
                "[dependencies]\nserde = { version = \"1\", features = [\"derive\"] }\r\n",
                r#"{"dependencies":{"serde":{"features":["derive"],"version":"1"}}}"#,
            ),
        ];
        for (text, want) in cases {
            let doc = parse_toml(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(doc.to_json().to_string(), *want, "{text:?}");
        }
        let inf = parse_toml("a = -inf\nb = nan\n").unwrap();
        assert!(matches!(inf.get("a").unwrap().value, Value::Float(f) if f == f64::NEG_INFINITY));
        assert!(matches!(inf.get("b").unwrap().value, Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn positions_and_document_order() {
        let text = "[package]\nname = \"paved\"\nversion = \"0.1.0\"\n\n[dependencies]\nzeta = \"1\"\nalpha = { version = \"2\" }\n";
        let doc = parse_toml(text).unwrap();
        assert_eq!(doc.pos, Pos::new(1, 1));
        let Value::Map(top) = &doc.value else {
            panic!("not a table")
        };
        let keys: Vec<(String, Pos)> = top.iter().map(|(k, _)| (k.to_string(), k.pos)).collect();
        assert_eq!(
            keys,
            vec![
                ("package".into(), Pos::new(1, 2)),
                ("dependencies".into(), Pos::new(5, 2)),
            ]
        );
        let deps = doc.get("dependencies").unwrap();
        let Value::Map(d) = &deps.value else {
            panic!("not a table")
        };
        let got: Vec<(String, Pos, Pos)> = d
            .iter()
            .map(|(k, v)| (k.to_string(), k.pos, v.pos))
            .collect();
        assert_eq!(
            got,
            vec![
                ("zeta".into(), Pos::new(6, 1), Pos::new(6, 8)),
                ("alpha".into(), Pos::new(7, 1), Pos::new(7, 9)),
            ]
        );
        let version = doc.get("package").and_then(|p| p.get("version")).unwrap();
        assert_eq!(version.pos, Pos::new(3, 11));
    }

    #[test]
    fn errors_have_positions() {
        let cases: &[(&str, Pos)] = &[
            ("a = 1\na = 2\n", Pos::new(2, 1)),
            ("[t]\nk = 1\n[t]\n", Pos::new(3, 2)),
            ("a = \n", Pos::new(1, 5)),
            ("[a\n", Pos::new(1, 3)),
            ("a = \"x\nb = 1\n", Pos::new(1, 7)),
        ];
        for (text, pos) in cases {
            let e = parse_toml(text).expect_err(text);
            assert!(!e.message.is_empty() && !e.message.contains('\n'), "{e:?}");
            assert_eq!(e.pos, *pos, "{text:?}: {}", e.message);
        }
        let dup = parse_toml("[t]\nk = 1\nk = 2\n").unwrap_err();
        assert_eq!(dup.message, "duplicate key `k`");
        let deep = format!("a = {}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse_toml(&deep).is_err());
    }
}
