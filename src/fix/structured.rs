//! `set` on JSON (jsonc-parser's CST) and TOML (toml_edit): both edit the document in place, so
//! key order, formatting and (TOML) comments outside the merged keys stay as they were.

use jsonc_parser::cst::{CstInputValue, CstObject, CstRootNode};
use serde_json::Value as Json;

/// Merges `values` (a JSON object) into a JSON document.
pub(super) fn set_json(text: &str, values: &Json, keep_existing: bool) -> Result<String, String> {
    let root = CstRootNode::parse(text, &jsonc_parser::ParseOptions::default())
        .map_err(|e| format!("not valid JSON: {e}"))?;
    if root.value().is_some() && root.object_value().is_none() {
        return Err("the document is not a JSON object".into());
    }
    let obj = root.object_value_or_set();
    merge_json(&obj, values, keep_existing);
    Ok(root.to_string())
}

fn merge_json(obj: &CstObject, values: &Json, keep_existing: bool) {
    let Json::Object(map) = values else { return };
    for (key, want) in map {
        match obj.get(key) {
            None => {
                obj.append(key, input(want));
            }
            Some(prop) => {
                let inner = prop.value().and_then(|v| v.as_object());
                match (inner, want) {
                    (Some(inner), Json::Object(_)) => merge_json(&inner, want, keep_existing),
                    _ if keep_existing => {}
                    _ => prop.set_value(input(want)),
                }
            }
        }
    }
}

fn input(v: &Json) -> CstInputValue {
    match v {
        Json::Null => CstInputValue::Null,
        Json::Bool(b) => CstInputValue::Bool(*b),
        Json::Number(n) => CstInputValue::Number(n.to_string()),
        Json::String(s) => CstInputValue::String(s.clone()),
        Json::Array(items) => CstInputValue::Array(items.iter().map(input).collect()),
        Json::Object(map) => {
            CstInputValue::Object(map.iter().map(|(k, v)| (k.clone(), input(v))).collect())
        }
    }
}

/// Merges `values` into a TOML document (tables for objects).
pub(super) fn set_toml(text: &str, values: &Json, keep_existing: bool) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("not valid TOML: {}", e.message()))?;
    merge_toml(doc.as_table_mut(), values, keep_existing)?;
    Ok(doc.to_string())
}

fn merge_toml(
    table: &mut toml_edit::Table,
    values: &Json,
    keep_existing: bool,
) -> Result<(), String> {
    let Json::Object(map) = values else {
        return Ok(());
    };
    for (key, want) in map {
        let existing = table.get_mut(key);
        match (existing, want) {
            (Some(item), Json::Object(_)) if item.is_table() => {
                let inner = item.as_table_mut().ok_or("not a table")?;
                merge_toml(inner, want, keep_existing)?;
            }
            (Some(_), _) if keep_existing => {}
            (_, Json::Object(_)) => {
                let mut inner = toml_edit::Table::new();
                merge_toml(&mut inner, want, keep_existing)?;
                table.insert(key, toml_edit::Item::Table(inner));
            }
            (_, scalar) => {
                table.insert(key, toml_edit::value(toml_value(scalar)?));
            }
        }
    }
    Ok(())
}

fn toml_value(v: &Json) -> Result<toml_edit::Value, String> {
    Ok(match v {
        Json::Null => return Err("TOML has no null".into()),
        Json::Bool(b) => (*b).into(),
        Json::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64().unwrap_or_default().into(),
        },
        Json::String(s) => s.as_str().into(),
        Json::Array(items) => {
            let mut a = toml_edit::Array::new();
            for i in items {
                a.push(toml_value(i)?);
            }
            a.into()
        }
        Json::Object(map) => {
            let mut t = toml_edit::InlineTable::new();
            for (k, v) in map {
                t.insert(k, toml_value(v)?);
            }
            t.into()
        }
    })
}
