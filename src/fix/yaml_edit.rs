//! `set` on YAML as a minimal textual edit: the document is parsed (saphyr, with positions),
//! the first difference from the wanted values is found, and only the lines it needs are
//! inserted or the one scalar replaced; then it is parsed again until nothing differs. Every
//! other byte, comments included, stays as it was. Flow mappings and multi-line scalars in the
//! way are refused with a reason rather than re-serialised.

use serde_json::Value as Json;

use crate::query::{Node, Value, parse_yaml};

/// One edit: replace the bytes `start..end` with `text`.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// Merges `values` (a JSON object) into the YAML document `text`.
pub(super) fn set_yaml(text: &str, values: &Json, keep_existing: bool) -> Result<String, String> {
    let mut text = text.to_string();
    // Each round makes one edit; a document needs at most one per wanted key.
    for _ in 0..256 {
        let docs = parse_yaml(&text)
            .map_err(|e| format!("not valid YAML (line {}): {}", e.pos.line, e.message))?;
        let edit = match docs.as_slice() {
            [] => Some(append_at_end(&text, values)),
            [doc] if matches!(doc.value, Value::Null) => Some(append_at_end(&text, values)),
            [doc] => next_edit(&text, doc, values, keep_existing)?,
            _ => return Err("a YAML file with several documents is not edited".into()),
        };
        let Some(edit) = edit else {
            return Ok(text);
        };
        text.replace_range(edit.start..edit.end, &edit.text);
    }
    Err("too many edits for one YAML file".into())
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

fn append_at_end(text: &str, values: &Json) -> Edit {
    let nl = newline(text);
    let mut out = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        out.push_str(nl);
    }
    if let Json::Object(map) = values {
        for (k, v) in map {
            render_entry(&mut out, 0, k, v, nl);
        }
    }
    Edit {
        start: text.len(),
        end: text.len(),
        text: out,
    }
}

/// The first edit that brings `node` (a mapping) closer to `values`, if any.
fn next_edit(
    text: &str,
    node: &Node,
    values: &Json,
    keep_existing: bool,
) -> Result<Option<Edit>, String> {
    let Json::Object(want) = values else {
        return Ok(None);
    };
    let Value::Map(entries) = &node.value else {
        return Err("the document is not a mapping".into());
    };
    if let Some((k, _)) = entries.first()
        && is_flow(text, node, k)
    {
        return Err(format!(
            "line {}: a flow mapping (`{{...}}`) is not edited",
            node.pos.line
        ));
    }
    for (key, wanted) in want {
        let found = entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key.as_str()));
        let Some((k, v)) = found else {
            return insert_entry(text, entries, key, wanted).map(Some);
        };
        match (&v.value, wanted) {
            (Value::Map(_), Json::Object(_)) => {
                if let Some(edit) = next_edit(text, v, wanted, keep_existing)? {
                    return Ok(Some(edit));
                }
            }
            _ if keep_existing || v.to_json() == *wanted => {}
            _ => return replace_value(text, k, v, key, wanted).map(Some),
        }
    }
    Ok(None)
}

fn offset(text: &str, line: u32, col: u32) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u32 + 1 == line {
            return off
                + l.char_indices()
                    .nth(col.saturating_sub(1) as usize)
                    .map_or(l.len(), |(b, _)| b);
        }
        off += l.len();
    }
    text.len()
}

fn is_flow(text: &str, map: &Node, first_key: &Node) -> bool {
    let start = offset(text, map.pos.line, map.pos.col);
    let key = offset(text, first_key.pos.line, first_key.pos.col);
    text[start.min(key)..key].contains('{')
}

/// Inserts `key: value` after the mapping's last entry, at its keys' indentation.
fn insert_entry(
    text: &str,
    entries: &[(Node, Node)],
    key: &str,
    wanted: &Json,
) -> Result<Edit, String> {
    let nl = newline(text);
    let Some((first, _)) = entries.first() else {
        return Err("an empty mapping is not edited".into());
    };
    let indent = first.pos.col.saturating_sub(1) as usize;
    let last_line = entries.last().map_or(first.pos.line, |(k, _)| k.pos.line);
    // The entry ends before the first later line with content at the mapping's indentation or
    // less; blank and comment lines just before that belong to what follows.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut end = last_line as usize; // index of the line after the last key's line
    let mut insert_at = end;
    while end < lines.len() {
        let l = lines[end].trim_end_matches(['\n', '\r']);
        let body = l.trim_start();
        let depth = l.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            end += 1;
            continue;
        }
        if depth <= indent && !body.starts_with("- ") || depth < indent {
            break;
        }
        end += 1;
        insert_at = end;
    }
    let mut out = String::new();
    render_entry(&mut out, indent, key, wanted, nl);
    let start: usize = lines[..insert_at].iter().map(|l| l.len()).sum();
    let needs_nl = start > 0 && !text[..start].ends_with('\n');
    Ok(Edit {
        start,
        end: start,
        text: if needs_nl { format!("{nl}{out}") } else { out },
    })
}

/// Replaces a single-line scalar value with `wanted`.
fn replace_value(text: &str, k: &Node, v: &Node, key: &str, wanted: &Json) -> Result<Edit, String> {
    let multi = matches!(v.value, Value::Map(_) | Value::Seq(_)) || v.pos.line != k.pos.line;
    if multi {
        return Err(format!(
            "line {}: `{key}` holds a block value; replacing it is left to a person",
            k.pos.line
        ));
    }
    let start = offset(text, v.pos.line, v.pos.col);
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let rest = &text[start..line_end];
    // A plain scalar ends at ` #` (a comment) or the line's end; keep the comment.
    let end = rest
        .find(" #")
        .map_or(line_end, |i| start + rest[..i].trim_end().len());
    let indent = k.pos.col.saturating_sub(1) as usize;
    let nl = newline(text);
    let text = match wanted {
        Json::Object(map) => {
            let mut out = String::new();
            for (kk, vv) in map {
                out.push_str(nl);
                let mut entry = String::new();
                render_entry(&mut entry, indent + 2, kk, vv, nl);
                out.push_str(entry.trim_end_matches(['\n', '\r']));
            }
            // Keep the space after the colon out of the block form.
            return Ok(Edit {
                start: start - usize::from(text[..start].ends_with(' ')),
                end,
                text: out,
            });
        }
        other => scalar(other),
    };
    Ok(Edit { start, end, text })
}

fn render_entry(out: &mut String, indent: usize, key: &str, v: &Json, nl: &str) {
    let pad = " ".repeat(indent);
    match v {
        Json::Object(map) if !map.is_empty() => {
            out.push_str(&format!("{pad}{}:{nl}", scalar(&Json::String(key.into()))));
            for (k, vv) in map {
                render_entry(out, indent + 2, k, vv, nl);
            }
        }
        other => out.push_str(&format!(
            "{pad}{}: {}{nl}",
            scalar(&Json::String(key.into())),
            scalar(other)
        )),
    }
}

/// A value in YAML: plain when it reads back as the same string, else JSON (a YAML subset).
fn scalar(v: &Json) -> String {
    static PLAIN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^[A-Za-z_./@][A-Za-z0-9_./@-]*( [A-Za-z0-9_./@-]+)*$")
            .expect("valid regex")
    });
    const WORDS: [&str; 12] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "True", "False", "Null",
    ];
    match v {
        Json::String(s) if PLAIN.is_match(s) && !WORDS.contains(&s.as_str()) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::set_yaml;
    use serde_json::json;

    #[test]
    fn edits_are_minimal() {
        let cases: &[(&str, serde_json::Value, bool, &str)] = &[
            (
                "# ci\nname: CI # the name\non: push\njobs:\n  build:\n    runs-on: x\n\n# end\n",
                json!({"permissions": {"contents": "read"}}),
                true,
                "# ci\nname: CI # the name\non: push\njobs:\n  build:\n    runs-on: x\npermissions:\n  contents: read\n\n# end\n",
            ),
            (
                "a:\n  b: 1 # keep\n  c: 2\nd: 3\n",
                json!({"a": {"b": 5, "e": "x y"}}),
                false,
                "a:\n  b: 5 # keep\n  c: 2\n  e: x y\nd: 3\n",
            ),
            (
                "permissions: write-all\n",
                json!({"permissions": {"contents": "read"}}),
                true,
                "permissions: write-all\n",
            ),
            (
                "permissions: write-all\n",
                json!({"permissions": {"contents": "read"}}),
                false,
                "permissions:\n  contents: read\n",
            ),
            ("", json!({"version": 2}), false, "version: 2\n"),
            (
                "list:\n  - a: 1\n    b: 2\nz: 1",
                json!({"k": "on"}),
                false,
                "list:\n  - a: 1\n    b: 2\nz: 1\nk: \"on\"\n",
            ),
        ];
        for (text, values, keep, want) in cases {
            assert_eq!(
                set_yaml(text, values, *keep).as_deref(),
                Ok(*want),
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_flow_mappings_and_bad_yaml() {
        let v = json!({"a": {"c": 1}});
        let err = set_yaml("a: {b: 1}\n", &v, false).expect_err("flow");
        assert!(err.contains("flow mapping"), "{err}");
        let err = set_yaml("a: [\n", &v, false).expect_err("bad yaml");
        assert!(err.contains("not valid YAML"), "{err}");
    }
}
