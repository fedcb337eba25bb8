//! The JSON report as written (schema_version 2): each distinct result once, in a top-level
//! `results` table, and each repository's `results` as indexes into it; one line per rule,
//! result and repository. [`read`] reads it back; version 1 (every repository carrying its
//! result objects) still reads as the report type itself.
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

use super::{RepoReport, Report};
use crate::outcome::{FastHash, RuleResult};

/// The `schema_version` `--format json` writes.
pub const WRITTEN_VERSION: u32 = 2;

/// Writes `report` as version 2. Repositories are streamed one line at a time, so writing
/// holds no second copy of the report.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // Each distinct result gets its table index once, looked up by the shared copy's address
    // when its repository is written: no per-repository list of indexes is held.
    let mut table: Vec<&RuleResult> = Vec::new();
    let mut by_value: HashMap<&RuleResult, usize, FastHash> = HashMap::default();
    let mut by_ptr: HashMap<*const RuleResult, usize, FastHash> = HashMap::default();
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
        let results = repo
            .results
            .iter()
            .map(|r| by_ptr[&Arc::as_ptr(r)])
            .collect();
        line(&RepoLine::new(repo, results)?)
    });
    list(out, "repos", repos)?;
    let summary = serde_json::to_string_pretty(&report.summary).map_err(io::Error::other)?;
    writeln!(out, "  \"summary\": {}\n}}", summary.replace('\n', "\n  "))
}

/// A repository's line: [`RepoReport`]'s fields in the order a JSON map sorts them (the order
/// version 2 has always written), its results as indexes into the table. Written straight,
/// not through a tree of JSON values: that tree cost more than the rest of a warm scan's report.
/// The nested objects, which few repositories have, still go through one, to keep their keys
/// sorted too.
#[derive(Serialize)]
struct RepoLine<'a> {
    commit: &'a Option<String>,
    committed_at: &'a Option<String>,
    error: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Value>,
    name: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    path: &'a str,
    results: Vec<usize>,
    score: &'a Option<f64>,
    team: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team_source: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template: Option<Value>,
}

impl<'a> RepoLine<'a> {
    fn new(repo: &'a RepoReport, results: Vec<usize>) -> io::Result<Self> {
        fn sorted<T: Serialize>(v: &T) -> io::Result<Value> {
            serde_json::to_value(v).map_err(io::Error::other)
        }
        // Every field named (no `..`), so a field added to the report fails to build here
        // instead of going missing from the document.
        let RepoReport {
            name,
            path,
            commit,
            committed_at,
            team,
            team_source,
            score,
            error,
            notes,
            meta,
            results: _,
            template,
        } = repo;
        Ok(RepoLine {
            commit,
            committed_at,
            error,
            meta: (!super::is_default_meta(meta))
                .then(|| sorted(meta))
                .transpose()?,
            name,
            notes,
            path,
            results,
            score,
            team,
            team_source: team_source.as_ref().map(sorted).transpose()?,
            template: template.as_ref().map(sorted).transpose()?,
        })
    }
}

/// `"key": [` then one item a line, then `],`.
pub(super) fn list(
    out: &mut dyn Write,
    key: &str,
    items: impl Iterator<Item = io::Result<String>>,
) -> io::Result<()> {
    last_list(out, key, items)?;
    writeln!(out, ",")
}

/// `"key": [` then one item a line, then `]`: the document's last key.
pub(super) fn last_list(
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
    write!(out, "{}]", if first { "" } else { "\n  " })
}

/// A version 2 document as read: version 1's fields, whose repositories' result indexes
/// [`crate::outcome::shared`] resolves against the table [`Table`] read first (shared copies,
/// no tree of JSON values in between).
#[derive(serde::Deserialize)]
struct Doc {
    tool: super::Tool,
    generated_at: String,
    #[serde(default)]
    as_of: Option<String>,
    rules: Vec<super::RuleInfo>,
    repos: Vec<super::RepoReport>,
    summary: super::Summary,
}

/// The `results` table alone, every other value skipped unread: a first pass, since a tool
/// that rewrote the document may have put `repos` before it (sorted keys).
#[derive(serde::Deserialize)]
struct Table {
    #[serde(deserialize_with = "crate::outcome::shared::load_table")]
    #[allow(dead_code)]
    results: usize,
}

/// Reads a version 2 document (its `schema_version` already checked) into the report.
pub fn read(text: &str) -> serde_json::Result<Report> {
    let doc: Doc = crate::outcome::shared::with_table(|| {
        serde_json::from_str::<Table>(text)?;
        serde_json::from_str(text)
    })?;
    Ok(Report {
        schema_version: super::SCHEMA_VERSION,
        tool: doc.tool,
        generated_at: doc.generated_at,
        as_of: doc.as_of,
        rules: doc.rules,
        repos: doc.repos,
        summary: doc.summary,
    })
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
pub(super) fn line<T: Serialize + ?Sized>(v: &T) -> io::Result<String> {
    serde_json::to_string(v).map_err(io::Error::other)
}
