//! The JSON report as written (schema_version 2): each distinct result once, in a top-level
//! `results` table, and each repository's `results` as indexes into it; one line per rule,
//! result and repository. Version 1 (every repository carrying its result objects) is still
//! read, by [`expand`].
//!
//! An org repeats the same results over and over (the same rule paved by the same file, the
//! same message for every repository without one): version 1 wrote them once per repository,
//! about 16 KB per repository with every built-in pack; here a repository costs its name,
//! commit and one small index per rule.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use super::Report;
use crate::outcome::RuleResult;

/// The `schema_version` `--format json` writes.
pub const WRITTEN_VERSION: u32 = 2;

/// Writes `report` as version 2. Repositories are streamed one line at a time, so writing
/// holds no second copy of the report.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // Each distinct result gets its table index once, looked up by the shared copy's address
    // when its repository is written: no per-repository list of indexes is held.
    let mut table: Vec<&RuleResult> = Vec::new();
    let mut by_value: HashMap<&RuleResult, usize> = HashMap::new();
    let mut by_ptr: HashMap<*const RuleResult, usize> = HashMap::new();
    for r in report.repos.iter().flat_map(|repo| &repo.results) {
        by_ptr.entry(Arc::as_ptr(r)).or_insert_with(|| {
            *by_value.entry(&**r).or_insert_with(|| {
                table.push(r);
                table.len() - 1
            })
        });
    }
    drop(by_value);
    writeln!(out, "{{\n  \"schema_version\": {WRITTEN_VERSION},")?;
    writeln!(out, "  \"tool\": {},", line(&report.tool)?)?;
    writeln!(out, "  \"generated_at\": {},", line(&report.generated_at)?)?;
    if let Some(as_of) = &report.as_of {
        writeln!(out, "  \"as_of\": {},", line(as_of)?)?;
    }
    list(out, "rules", report.rules.iter().map(line))?;
    list(out, "results", table.iter().map(line))?;
    let repos = report.repos.iter().map(|repo| {
        let ix: Vec<usize> = repo
            .results
            .iter()
            .map(|r| by_ptr[&Arc::as_ptr(r)])
            .collect();
        let mut v = serde_json::to_value(repo).map_err(io::Error::other)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("results".into(), Value::from(ix));
        }
        line(&v)
    });
    list(out, "repos", repos)?;
    let summary = serde_json::to_string_pretty(&report.summary).map_err(io::Error::other)?;
    writeln!(out, "  \"summary\": {}\n}}", summary.replace('\n', "\n  "))
}

/// `"key": [` then one item a line, then `],`.
fn list(
    out: &mut dyn Write,
    key: &str,
    items: impl Iterator<Item = io::Result<String>>,
) -> io::Result<()> {
    write!(out, "  \"{key}\": [")?;
    let mut first = true;
    for item in items {
        let sep = if first { "\n    " } else { ",\n    " };
        write!(out, "{sep}{}", item?)?;
        first = false;
    }
    writeln!(out, "{}],", if first { "" } else { "\n  " })
}

/// Why a version 2 document cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("`results` is missing or not a list")]
    NoTable,
    #[error(
        "repository {repo}: result index {index} is not in the `results` table ({len} entries)"
    )]
    BadIndex {
        repo: usize,
        index: String,
        len: usize,
    },
}

/// Turns a version 2 document into version 1's shape in place (each repository's indexes
/// replaced by the result objects they name, the table dropped, `schema_version` 1), so one
/// reader serves both versions. A version 1 document is left as it is.
pub fn expand(doc: &mut Value) -> Result<(), WireError> {
    if doc.get("schema_version").and_then(Value::as_u64) != Some(u64::from(WRITTEN_VERSION)) {
        return Ok(());
    }
    let Some(o) = doc.as_object_mut() else {
        return Ok(());
    };
    let Some(Value::Array(table)) = o.remove("results") else {
        return Err(WireError::NoTable);
    };
    if let Some(Value::Array(repos)) = o.get_mut("repos") {
        for (ri, repo) in repos.iter_mut().enumerate() {
            let Some(Value::Array(ix)) = repo.get_mut("results") else {
                continue;
            };
            for slot in ix.iter_mut() {
                let entry = slot
                    .as_u64()
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| table.get(i));
                let Some(entry) = entry else {
                    return Err(WireError::BadIndex {
                        repo: ri,
                        index: slot.to_string(),
                        len: table.len(),
                    });
                };
                *slot = entry.clone();
            }
        }
    }
    o.insert("schema_version".into(), Value::from(super::SCHEMA_VERSION));
    Ok(())
}

/// The version 2 schema, from version 1's (`base`, generated from the types): the top-level
/// `results` table of result objects, repositories' `results` as indexes into it.
pub fn schema_v2(base: &mut Map<String, Value>) {
    if let Some(defs) = base.get_mut("$defs").and_then(Value::as_object_mut)
        && let Some(repo) = defs.get_mut("RepoReport")
        && let Some(p) = props(repo)
    {
        p.insert(
            "results".into(),
            serde_json::json!({
                "description": "Indexes into the report's `results` table, one per rule, by rule id.",
                "type": "array",
                "items": { "type": "integer", "minimum": 0 },
                "default": []
            }),
        );
    }
    let mut root = Value::Object(std::mem::take(base));
    if let Some(p) = props(&mut root) {
        p.insert(
            "results".into(),
            serde_json::json!({
                "description": "Each distinct result once; repositories name them by index.",
                "type": "array",
                "items": { "$ref": "#/$defs/RuleResult" }
            }),
        );
        if let Some(v) = p.get_mut("schema_version").and_then(Value::as_object_mut) {
            v.insert("const".into(), Value::from(WRITTEN_VERSION));
        }
    }
    if let Some(req) = root.get_mut("required").and_then(Value::as_array_mut) {
        req.push("results".into());
    }
    if let Value::Object(m) = root {
        *base = m;
    }
}

fn props(v: &mut Value) -> Option<&mut Map<String, Value>> {
    v.get_mut("properties")?.as_object_mut()
}

/// One value as one line of JSON.
fn line<T: Serialize + ?Sized>(v: &T) -> io::Result<String> {
    serde_json::to_string(v).map_err(io::Error::other)
}
