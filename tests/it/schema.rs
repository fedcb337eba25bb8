//! The pack JSON Schema is generated from types, checked in, and agrees with the validator.

use paved::pack::{self, PackSource, schema};

fn validator() -> jsonschema::Validator {
    let s: serde_json::Value = serde_json::from_str(&schema::pack_schema()).unwrap();
    jsonschema::validator_for(&s).unwrap()
}

fn as_json(text: &str) -> serde_json::Value {
    pack::parse_lenient(text).unwrap()[0].to_json()
}

#[test]
fn checked_in_schema_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/pack.schema.json");
    let on_disk = std::fs::read_to_string(path).unwrap();
    assert!(
        on_disk == schema::pack_schema(),
        "schema/pack.schema.json is stale: run `cargo run -- rules schema > schema/pack.schema.json`"
    );
}

#[test]
fn builtin_packs_validate_against_the_schema() {
    let v = validator();
    for (name, text) in pack::builtin::FILES {
        let doc = as_json(text);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn schema_rejects_what_the_validator_rejects() {
    let v = validator();
    let bad = [
        "pack: x\nrules: [{id: a, paved: {exists: a}, sevrity: required}]\n",
        "pack: x\nrules: [{id: a, paved: {exists: a, absent: b}}]\n",
        "pack: x\nrules: [{id: a, paved: {yaml: {files: a, query: a, type: text}}}]\n",
        "pack: x\nrules: [{id: a}]\n",
        "pack: X\nrules: []\n",
        "pack: x\nrules: [{id: a, paved: {exists: a}, message: {paved: x}}]\n",
    ];
    for text in bad {
        assert!(!v.is_valid(&as_json(text)), "schema accepts {text:?}");
        let loaded = pack::load(&[PackSource {
            name: "b.yml".into(),
            text: text.into(),
            dir: None,
        }]);
        assert!(loaded.is_err(), "validator accepts {text:?}");
    }
}

#[test]
fn schema_keys_match_the_validator() {
    let mut rule = schema::properties("RuleDoc");
    rule.sort();
    let mut want = [
        "id", "title", "severity", "weight", "docs", "fix", "fixes", "message", "deadline", "when",
        "paved", "custom",
    ]
    .map(String::from)
    .to_vec();
    want.sort();
    assert_eq!(rule, want);
    let kinds: Vec<&str> = paved::rules::KINDS.iter().map(|(k, _)| *k).collect();
    let schema: serde_json::Value = serde_json::from_str(&schema::pack_schema()).unwrap();
    let variants: Vec<String> = schema["$defs"]["ConditionDoc"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| {
            v["required"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_string())
        })
        .collect();
    let mut a = kinds.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut b = variants;
    a.sort();
    b.sort();
    assert_eq!(a, b);
}
