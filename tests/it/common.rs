//! Helpers shared by the end-to-end tests: small orgs built from inline files.

use std::path::Path;

/// Builds each repository (one commit of its files) at `root/org/<name>`; names may be nested.
pub fn build_org(root: &Path, repos: &[(&str, &[(&str, &str)])]) {
    for (name, files) in repos {
        let src = root.join(".src").join(name);
        paved_fixture::write_files(&src, files).unwrap();
        let dest = root.join("org").join(name);
        paved_fixture::build_repo(&src, dest.parent().unwrap()).unwrap();
    }
    let _ = std::fs::remove_dir_all(root.join(".src"));
}

/// Panics unless `json` is a scan report the published schema (schema/report.schema.json)
/// accepts; every test that produces a report runs it through here.
pub fn assert_valid_report(json: &str) {
    static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    assert_valid(
        json,
        V.get_or_init(|| validator(&paved::report::schema::report_schema())),
    );
}

/// Panics unless `json` is a trend document the published schema (schema/trend.schema.json)
/// accepts.
pub fn assert_valid_trend(json: &str) {
    static V: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    assert_valid(
        json,
        V.get_or_init(|| validator(&paved::report::schema::trend_schema())),
    );
}

/// The schema's problems with `json` (empty when valid), one line each.
pub fn schema_errors(schema: &str, json: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("output is JSON");
    validator(schema)
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn validator(schema: &str) -> jsonschema::Validator {
    let s: serde_json::Value = serde_json::from_str(schema).unwrap();
    jsonschema::validator_for(&s).unwrap()
}

fn assert_valid(json: &str, v: &jsonschema::Validator) {
    let doc: serde_json::Value = serde_json::from_str(json).expect("output is JSON");
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "does not match its schema: {errors:#?}");
}

/// A JSON report as `--format json` writes it (schema_version 2: a table of distinct results
/// that repositories index) in version 1's shape (each repository's result objects), which
/// is what the tests read.
pub fn report_v1(json: impl AsRef<[u8]>) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_slice(json.as_ref()).expect("output is JSON");
    // Other documents (a trend's) are returned as they are.
    if v["schema_version"] != 2 || v.get("kind").is_some() {
        return v;
    }
    let text = std::str::from_utf8(json.as_ref()).expect("output is UTF-8");
    let report = paved::diff::parse_report(text, std::path::Path::new("report.json"))
        .expect("a readable version 2 report");
    serde_json::to_value(report).expect("a report serializes")
}

/// A cache entry's bytes (header line and data) with the CRC-32 trailer every entry ends in, for
/// tests that write entries of their own.
pub fn sealed(mut body: Vec<u8>) -> Vec<u8> {
    let crc = crc32fast::hash(&body);
    body.extend(crc.to_le_bytes());
    body
}

/// `opts` with a result cache in `dir`, keyed by `rules` and `opts`' own config.
pub fn cached(
    opts: &paved::eval::ScanOptions,
    rules: &paved::pack::RuleSet,
    dir: &Path,
) -> paved::eval::ScanOptions {
    use paved::cache::{Cache, Fingerprint, ResultCache};
    let mut o = opts.clone();
    o.cache = Some(std::sync::Arc::new(ResultCache {
        store: Cache::new(dir, paved::cache::DEFAULT_LIMIT),
        fingerprint: Fingerprint::new(rules, &o.policy, &o.snapshot),
    }));
    o
}

/// Every cache entry file under `dir`, at any depth, sorted.
pub fn entry_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "json" || x == "bin") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
