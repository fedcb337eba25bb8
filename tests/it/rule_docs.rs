//! docs/rules.md is `paved rules docs`, generated from the built-in packs and the condition
//! kinds' documentation; this test fails when the checked-in page is stale. Regenerate with
//! `paved rules docs --output docs/rules.md` (or `PAVED_REGEN_DOCS=1 cargo test --test rule_docs`).

use paved::pack::{self, builtin};
use paved::render::rule_docs;
use paved::rules;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");

fn render() -> String {
    let set = pack::load(&builtin::sources()).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    rule_docs::page(&set)
}

#[test]
fn docs_rules_md_is_current() {
    let want = render();
    if std::env::var_os("PAVED_REGEN_DOCS").is_some() {
        std::fs::write(PATH, &want).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(PATH).unwrap_or_default();
    if on_disk != want {
        let first = on_disk
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "the length differs".to_string(),
                |i| format!("first difference at line {}", i + 1),
            );
        panic!(
            "docs/rules.md is stale ({first}); regenerate it with `{}`",
            rule_docs::REGEN
        );
    }
}

#[test]
fn every_rule_and_condition_kind_is_on_the_page() {
    let page = render();
    let set = pack::load(&builtin::sources()).unwrap();
    for r in set.rules() {
        assert!(
            page.contains(&format!("### `{}` — {}", r.id, r.title)),
            "{}",
            r.id
        );
    }
    for (k, _) in rules::KINDS {
        assert!(page.contains(&format!("`{k}`")), "{k}");
    }
}

#[test]
fn paved_rules_docs_prints_the_page() {
    let out = assert_cmd::Command::cargo_bin("paved")
        .unwrap()
        .args(["rules", "docs"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), render());
}
