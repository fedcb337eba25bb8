//! Generated artefacts stay fresh and mean something: the report and trend JSON Schemas
//! (schema/), shell completions (completions/) and the man page (man/) are compared with what
//! the code generates now, and the schemas reject documents that drift from the types.

use std::path::Path;

use assert_cmd::Command;
use clap_complete::Shell;
use paved::cli::{completions, schema};

use crate::common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// (checked-in file, what the code generates now, the command that regenerates it)
fn generated() -> Vec<(&'static str, Vec<u8>, String)> {
    let mut out = vec![
        (
            "schema/report.schema.json",
            schema::text(schema::Document::Report).into_bytes(),
            "paved schema report".to_string(),
        ),
        (
            "schema/trend.schema.json",
            schema::text(schema::Document::Trend).into_bytes(),
            "paved schema trend".to_string(),
        ),
        (
            "man/paved.1",
            completions::man_page(paved::cli::command()).unwrap(),
            "paved man".to_string(),
        ),
    ];
    for (file, shell, name) in [
        ("completions/paved.bash", Shell::Bash, "bash"),
        ("completions/_paved", Shell::Zsh, "zsh"),
        ("completions/paved.fish", Shell::Fish, "fish"),
        ("completions/_paved.ps1", Shell::PowerShell, "powershell"),
        ("completions/paved.elv", Shell::Elvish, "elvish"),
    ] {
        let text = completions::script(shell, paved::cli::command());
        out.push((file, text, format!("paved completions {name}")));
    }
    out
}

#[test]
fn checked_in_generated_files_are_current() {
    for (file, want, cmd) in generated() {
        let on_disk = std::fs::read(Path::new(ROOT).join(file)).unwrap();
        assert!(
            on_disk == want,
            "{file} is stale: run `scripts/generate.sh` (or `cargo run -- {} > {file}`)",
            cmd.trim_start_matches("paved ")
        );
    }
}

#[test]
fn the_binary_prints_what_is_checked_in() {
    for (file, want, cmd) in generated() {
        let args: Vec<&str> = cmd.split(' ').skip(1).collect();
        let out = Command::cargo_bin("paved")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{cmd}");
        assert!(out.stdout == want, "`{cmd}` differs from {file}");
    }
    // `rules schema` stays an alias of `schema pack`.
    let pack = |args: &[&str]| {
        Command::cargo_bin("paved")
            .unwrap()
            .args(args)
            .output()
            .unwrap()
            .stdout
    };
    let via_schema = pack(&["schema", "pack"]);
    assert_eq!(via_schema, pack(&["rules", "schema"]));
    assert_eq!(
        via_schema,
        std::fs::read(Path::new(ROOT).join("schema/pack.schema.json")).unwrap()
    );
}

#[test]
fn completions_and_man_page_know_every_subcommand() {
    let bash = String::from_utf8(completions::script(Shell::Bash, paved::cli::command())).unwrap();
    let man = String::from_utf8(completions::man_page(paved::cli::command()).unwrap()).unwrap();
    for sub in paved::cli::command().get_subcommands() {
        let name = sub.get_name();
        assert!(bash.contains(name), "bash completions lack `{name}`");
        assert!(man.contains(name), "the man page lacks `{name}`");
    }
    assert!(
        bash.contains("--fail-under"),
        "scan's options are completed"
    );
}

/// A small valid report, the fixture report the renderers share (`report.json`, version 1)
/// as `--format json` writes it now (version 2).
fn fixture_report() -> serde_json::Value {
    serde_json::from_str(include_str!("../data/report-v2.json")).unwrap()
}

#[test]
fn the_fixture_report_is_valid() {
    common::assert_valid_report(include_str!("../data/report-v2.json"));
    // The same report as version 1 (which the schema no longer describes) reads back alike.
    assert_eq!(
        common::report_v1(include_str!("../data/report-v2.json")),
        serde_json::from_str::<serde_json::Value>(include_str!("../data/report.json")).unwrap()
    );
}

#[test]
fn schemas_reject_documents_that_drift_from_the_types() {
    let report = schema::text(schema::Document::Report);
    type Edit = fn(&mut serde_json::Value);
    let cases: &[(&str, Edit)] = &[
        ("an unknown top-level key", |r| r["extra"] = 1.into()),
        ("a wrong schema_version", |r| r["schema_version"] = 1.into()),
        ("a missing summary", |r| {
            r.as_object_mut().unwrap().remove("summary");
        }),
        ("an unknown outcome", |r| {
            r["results"][0]["outcome"] = "paveded".into();
        }),
        ("an unknown key in a result", |r| {
            r["results"][0]["evidense"] = serde_json::json!([]);
        }),
        ("a renamed summary count", |r| {
            let rule = &mut r["summary"]["rules"][0];
            let paved = rule.as_object_mut().unwrap().remove("paved").unwrap();
            rule["paved_count"] = paved;
        }),
        ("a string score", |r| r["repos"][0]["score"] = "high".into()),
        ("a repo without its (nullable) team", |r| {
            r["repos"][0].as_object_mut().unwrap().remove("team");
        }),
        ("a bad severity", |r| {
            r["rules"][0]["severity"] = "must".into()
        }),
    ];
    let good = fixture_report();
    assert!(common::schema_errors(&report, &good.to_string()).is_empty());
    for (what, edit) in cases {
        let mut bad = good.clone();
        edit(&mut bad);
        assert!(
            !common::schema_errors(&report, &bad.to_string()).is_empty(),
            "the report schema accepts {what}"
        );
    }
    // A scan report is not a trend document, nor the other way round.
    let trend = schema::text(schema::Document::Trend);
    assert!(!common::schema_errors(&trend, &good.to_string()).is_empty());
    let doc = serde_json::json!({
        "schema_version": 2, "kind": "trend", "tool": {"name": "paved", "version": "0"},
        "generated_at": "2026-01-01T00:00:00Z", "since": "2026-01-01", "until": "2026-02-01",
        "every": "month", "rules": [], "points": [], "repos": []
    });
    assert!(common::schema_errors(&trend, &doc.to_string()).is_empty());
    let mut bad = doc.clone();
    bad["kind"] = "report".into();
    assert!(!common::schema_errors(&trend, &bad.to_string()).is_empty());
    let mut bad = doc;
    bad["every"] = "fortnight".into();
    assert!(!common::schema_errors(&trend, &bad.to_string()).is_empty());
    assert!(!common::schema_errors(&report, &bad.to_string()).is_empty());
}
