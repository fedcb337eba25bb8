//! The config's per-rule tuning: `select`, `ignore` and `severity` over rule ids and pack names,
//! and every unknown name as an error at its position.

use std::path::Path;

use paved::pack::config::parse;
use paved::pack::{self, PackSource, tuning};

const PACK_A: &str = "pack: alpha
rules:
  - {id: a-one, severity: required, paved: {exists: A1}}
  - {id: a-two, paved: {exists: A2}}
";
const PACK_B: &str = "pack: beta
rules:
  - {id: b-one, severity: info, paved: {exists: B1}}
  - {id: b-two, paved: {exists: B2}}
";

fn rules() -> pack::RuleSet {
    let src = |name: &str, text: &str| PackSource {
        name: name.into(),
        text: text.into(),
        dir: None,
    };
    pack::load(&[src("a.yml", PACK_A), src("b.yml", PACK_B)]).expect("packs load")
}

/// The rules a config keeps, each `id:severity`, in load order.
fn tuned(config: &str) -> Vec<String> {
    let c = parse("paved.yml", config, Path::new(".")).expect("config parses");
    let mut set = rules();
    assert_eq!(tuning::check(&c.tuning, &set), Vec::new(), "{config}");
    tuning::apply(&c.tuning, &mut set);
    set.rules()
        .map(|r| format!("{}:{}", r.id, r.severity.as_str()))
        .collect()
}

#[test]
fn select_ignore_and_severity() {
    let all = [
        "a-one:required",
        "a-two:recommended",
        "b-one:info",
        "b-two:recommended",
    ];
    let cases: &[(&str, &[&str])] = &[
        ("{}\n", &all),
        (
            "select: [alpha]\n",
            &["a-one:required", "a-two:recommended"],
        ),
        ("select: b-two\n", &["b-two:recommended"]),
        (
            "select: [alpha, b-one]\n",
            &["a-one:required", "a-two:recommended", "b-one:info"],
        ),
        ("ignore: [beta]\n", &["a-one:required", "a-two:recommended"]),
        (
            "ignore: [a-two, b-one]\n",
            &["a-one:required", "b-two:recommended"],
        ),
        // The more specific name wins: an id beats its pack, either way round.
        ("select: [alpha]\nignore: [a-one]\n", &["a-two:recommended"]),
        ("select: [b-one]\nignore: [beta]\n", &["b-one:info"]),
        // The same id in both: ignore wins.
        (
            "select: [a-one, a-two]\nignore: [a-one]\n",
            &["a-two:recommended"],
        ),
        (
            "severity: {a-one: recommended, b-one: required, b-two: off}\n",
            &["a-one:recommended", "a-two:recommended", "b-one:required"],
        ),
        (
            "select: [alpha]\nseverity: {a-two: info}\n",
            &["a-one:required", "a-two:info"],
        ),
    ];
    for (config, want) in cases {
        assert_eq!(tuned(config), *want, "{config}");
    }
}

#[test]
fn unknown_names_are_errors_at_their_position() {
    let cases: &[(&str, &[&str])] = &[
        (
            "select: [alpha, a-onr]\n",
            &[
                "paved.yml:1:17: `select` names unknown rule or loaded pack `a-onr`; did you mean `a-one`?",
            ],
        ),
        (
            "ignore:\n  - gamma\n  - beta\n",
            &["paved.yml:2:5: `ignore` names unknown rule or loaded pack `gamma`"],
        ),
        (
            "severity:\n  alpha: off\n  b-tow: required\n",
            &[
                "paved.yml:2:3: `severity` names unknown rule `alpha`",
                "paved.yml:3:3: `severity` names unknown rule `b-tow`; did you mean `b-two`?",
            ],
        ),
    ];
    for (config, want) in cases {
        let c = parse("paved.yml", config, Path::new(".")).expect("config parses");
        let got: Vec<String> = tuning::check(&c.tuning, &rules())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, *want, "{config}");
    }
    // Bad shapes are parse errors, also at their position.
    let bad: &[(&str, &str)] = &[
        (
            "severity: {a-one: mandatory}\n",
            "paved.yml:1:19: a severity is required, recommended, info or off, not `mandatory`",
        ),
        (
            "severity: [a-one]\n",
            "paved.yml:1:11: `severity` must be a mapping, found sequence",
        ),
        (
            "select: [{a: b}]\n",
            "paved.yml:1:10: `select` lists rule ids or pack names, as strings",
        ),
    ];
    for (config, want) in bad {
        let got: Vec<String> = parse("paved.yml", config, Path::new("."))
            .expect_err(config)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, [*want], "{config}");
    }
}

/// Through the CLI: the tuned set is what a scan evaluates, and a typo stops the run with
/// exit 2 naming file, line and column.
#[test]
fn a_scan_evaluates_the_tuned_rules_and_refuses_typos() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    crate::common::build_org(root, &[("one", &[("A1", "x\n")])]);
    std::fs::write(root.join("a.yml"), PACK_A).expect("pack");
    std::fs::write(root.join("b.yml"), PACK_B).expect("pack");
    let scan = |config: &str| {
        std::fs::write(root.join("paved.yml"), config).expect("config");
        std::process::Command::new(env!("CARGO_BIN_EXE_paved"))
            .current_dir(root)
            .args([
                "scan",
                "org",
                "--no-builtin",
                "--rules",
                "a.yml",
                "--rules",
                "b.yml",
            ])
            .args(["--format", "json"])
            .env("NO_COLOR", "1")
            .output()
            .expect("paved runs")
    };
    let out = scan("ignore: [beta]\nseverity: {a-two: off, a-one: info}\n");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json = String::from_utf8_lossy(&out.stdout);
    crate::common::assert_valid_report(&json);
    let report = crate::common::report_v1(json.as_bytes());
    let rules: Vec<(String, String)> = report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().into(),
                r["severity"].as_str().unwrap_or_default().into(),
            )
        })
        .collect();
    assert_eq!(rules, [("a-one".to_string(), "info".to_string())]);

    let out = scan("select: [alpha, bta]\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "paved.yml:1:17: `select` names unknown rule or loaded pack `bta`; did you mean `beta`?"
        ),
        "{err}"
    );
}
