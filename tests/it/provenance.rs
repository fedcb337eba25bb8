//! Template provenance from a scan: a copier answers file with its own name (one per
//! sub-template) is found among the root's other dot-files.

use serde_json::Value;

use crate::common;

#[test]
fn named_copier_answers_file() {
    let t = tempfile::tempdir().unwrap();
    common::build_org(
        t.path(),
        &[
            (
                "svc",
                &[
                    (".aaa", "x"),
                    (".copier-answers.notes.txt", "_src_path: gh:acme/wrong\n"),
                    (
                        ".copier-answers.backend.yml",
                        "_commit: v1.2.0\n_src_path: gh:acme/backend-template\n",
                    ),
                    (".github/x", "x"),
                    ("src/main.rs", "fn main() {}"),
                ],
            ),
            ("plain", &[("README.md", "# plain\n")]),
        ],
    );
    let out = assert_cmd::Command::cargo_bin("paved")
        .unwrap()
        .arg("scan")
        .arg(t.path().join("org"))
        .args(["--builtin", "templates", "--format", "json"])
        .output()
        .unwrap();
    crate::common::assert_valid_report(&String::from_utf8_lossy(&out.stdout));
    let r = crate::common::report_v1(&out.stdout);
    let repo = |n: &str| {
        r["repos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(
        repo("svc")["template"],
        serde_json::json!({"source": "github.com/acme/backend-template", "version": "v1.2.0", "tool": "copier"})
    );
    assert!(repo("plain").get("template").is_none_or(Value::is_null));
    assert_eq!(
        r["summary"]["templates"][0]["source"],
        "github.com/acme/backend-template"
    );
}
