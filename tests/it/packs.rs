//! Pack validation: every problem is reported at its line and column, not only the first.

use paved::pack::{self, PackSource};

fn problems(text: &str) -> Vec<String> {
    match pack::load(&[PackSource {
        name: "bad.yml".into(),
        text: text.into(),
        dir: None,
    }]) {
        Ok(_) => Vec::new(),
        Err(f) => f.diagnostics.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn ten_mistakes_ten_diagnostics() {
    let text = r#"pack: Bad_Name
descripton: typo in a pack key
rules:
  - id: ok-rule
    title: fine
    paved: {exists: LICENSE}
  - id: ok-rule
    title: duplicate id
    paved: {exists: LICENSE}
  - id: bad-severity
    severity: mandatory
    weight: -1
    paved: {exists: "a/[b"}
  - id: bad-regex
    deadline: next year
    paved: {contains: {files: README.md, pattern: "(unclosed"}}
    custom: {exists: x, absent: y}
  - id: bad-query
    titel: misspelt
    paved: {yaml: {files: a.yml, query: "a..b", type: text}}
  - title: no id and no paved
"#;
    let got = problems(text);
    let want = [
        "bad.yml:1:7: pack name `Bad_Name` must match [a-z0-9-]+",
        "bad.yml:2:1: unknown key in `pack`: `descripton`; did you mean `description`?",
        "bad.yml:7:9: duplicate rule id `ok-rule` (first defined at line 4)",
        "bad.yml:11:15: `severity` is required, recommended or info, not `mandatory`",
        "bad.yml:12:13: `weight` must be a positive number, not `-1`",
        "bad.yml:13:21: invalid glob `a/[b`: unclosed character class",
        "bad.yml:15:15: `deadline` must be a date like 2027-03-31, not `next year`",
        "bad.yml:16:51: invalid regex: unclosed group",
        "bad.yml:17:13: a condition is a mapping with exactly one key",
        "bad.yml:19:5: unknown key in `rule`: `titel`; did you mean `title`?",
        "bad.yml:20:41: invalid query: empty segment in query `a..b`",
        "bad.yml:20:55: `type` is one of string, number, bool, null, mapping, sequence",
        "bad.yml:21:5: `rule` needs `id`",
        "bad.yml:21:5: `rule` needs `paved`",
    ];
    for w in want {
        assert!(
            got.iter().any(|g| g.starts_with(w)),
            "missing diagnostic {w:?}\n got:\n{}",
            got.join("\n")
        );
    }
    assert_eq!(got.len(), want.len(), "got:\n{}", got.join("\n"));
}

#[test]
fn valid_contract_example() {
    let text = r#"pack: github-actions                 # [a-z0-9-]+, unique among loaded packs
description: CI standards for GitHub Actions
rules:
  - id: ci-reusable-workflow         # [a-z0-9-]+, unique among all loaded rules
    title: CI runs through the org's reusable workflow
    severity: required               # required | recommended (default) | info
    weight: 3                        # positive number, default 1
    docs: https://wiki.example.com/paved-road/ci
    fix: Replace your jobs with `uses: acme/paved-ci/.github/workflows/rust.yml@v2`.
    deadline: 2027-03-31             # optional: the date by which the org expects adoption
    when:                            # applicability; absent = applies to every repo
      exists: Cargo.toml
    paved:                           # the paved road (required key)
      yaml:
        files: ".github/workflows/*.{yml,yaml}"
        query: jobs.*.uses
        matches: '^acme/paved-ci/\.github/workflows/[^@]+@v\d+$'
    custom:                          # the same job done another way; absent = never custom
      exists: ".github/workflows/*.{yml,yaml}"
"#;
    assert_eq!(problems(text), Vec::<String>::new());
}

#[test]
fn duplicate_ids_across_packs_and_pack_names() {
    let a = PackSource {
        name: "a.yml".into(),
        text: "pack: a\nrules:\n  - id: x\n    paved: {exists: a}\n".into(),
        dir: None,
    };
    let b = PackSource {
        name: "b.yml".into(),
        text: "pack: a\nrules:\n  - id: x\n    paved: {exists: a}\n".into(),
        dir: None,
    };
    let f = pack::load(&[a, b]).unwrap_err();
    let got: Vec<String> = f.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].starts_with("b.yml:1:1: pack `a` is already loaded from a.yml"),
        "{got:?}"
    );
    assert!(
        got[1].starts_with("b.yml:3:9: duplicate rule id `x` (first defined at a.yml:3)"),
        "{got:?}"
    );
}

#[test]
fn not_yaml_at_all() {
    let got = problems("pack: [unclosed\n");
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with("bad.yml:"), "{got:?}");
    assert!(got[0].contains("invalid YAML"), "{got:?}");
}

#[test]
fn plain_values_with_colon_space_are_read_as_text() {
    let text = "pack: p\nrules:\n  - id: a\n    fix: Use `uses: acme/ci@v2` here # comment\n    docs: it's: fine\n    paved: {exists: a}\n";
    let set = pack::load(&[PackSource {
        name: "p.yml".into(),
        text: text.into(),
        dir: None,
    }])
    .unwrap();
    let r = set.rule("a").unwrap();
    assert_eq!(r.fix.as_deref(), Some("Use `uses: acme/ci@v2` here"));
    assert_eq!(r.docs.as_deref(), Some("it's: fine"));
}
