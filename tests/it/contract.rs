//! The JSON report matches the contract (`docs/cli-and-report.md`) field for field:
//! every key of the contract's example is present with the same JSON type, and the only extra
//! keys are the documented extensions.

use std::path::Path;

use serde_json::Value;

use crate::common;

/// Keys paved adds to the contract's objects (absent when empty).
const EXTENSIONS: &[&str] = &["docs", "fix", "notes", "meta", "value"];

fn contract_example() -> Option<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli-and-report.md");
    let text = std::fs::read_to_string(path).ok()?;
    let start = text.find("```json\n")? + "```json\n".len();
    let end = start + text[start..].find("```")?;
    Some(serde_json::from_str(&text[start..end]).expect("the contract's example is JSON"))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Compares shapes: same keys (but extensions), same types where both are non-null.
fn same_shape(want: &Value, got: &Value, at: &str, problems: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, wv) in w {
                match g.get(k) {
                    None => problems.push(format!("{at}.{k}: missing")),
                    Some(gv) => same_shape(wv, gv, &format!("{at}.{k}"), problems),
                }
            }
            for k in g.keys() {
                if !w.contains_key(k) && !EXTENSIONS.contains(&k.as_str()) {
                    problems.push(format!("{at}.{k}: not in the contract"));
                }
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if let Some(w0) = w.first() {
                for (i, gv) in g.iter().enumerate() {
                    same_shape(w0, gv, &format!("{at}[{i}]"), problems);
                }
            }
        }
        (Value::Null, _) | (_, Value::Null) => {}
        (w, g) if kind(w) != kind(g) => problems.push(format!(
            "{at}: {} in the contract, {} here",
            kind(w),
            kind(g)
        )),
        _ => {}
    }
}

#[test]
fn json_report_has_the_contracts_fields() {
    let Some(want) = contract_example() else {
        panic!("docs/cli-and-report.md is missing");
    };
    let t = tempfile::tempdir().unwrap();
    common::build_org(
        t.path(),
        &[
            (
                "payments/ledger",
                &[
                    ("LICENSE", "MIT"),
                    (".github/CODEOWNERS", "* @acme/payments\n"),
                    (
                        ".github/workflows/ci.yml",
                        "on: push\njobs: {a: {runs-on: x}}\n",
                    ),
                ],
            ),
            ("web/site", &[("README", "x"), (".gitlab-ci.yml", "x: 1\n")]),
        ],
    );
    let out = assert_cmd::Command::cargo_bin("paved")
        .unwrap()
        .arg("scan")
        .arg(t.path().join("org"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    crate::common::assert_valid_report(&String::from_utf8_lossy(&out.stdout));
    let written: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(written["schema_version"], 2);
    let got = crate::common::report_v1(&out.stdout);
    let mut problems = Vec::new();
    same_shape(&want, &written, "$", &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Non-null where the contract's example is: every result has evidence with a path or note.
    assert_eq!(got["schema_version"], 1);
    assert_eq!(got["tool"]["name"], "paved");
    assert!(got["repos"][0]["commit"].as_str().unwrap().len() == 40);
    assert!(
        got["repos"][0]["committed_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
}
