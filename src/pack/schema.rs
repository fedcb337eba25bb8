//! The pack format as serde types, from which `paved rules schema` generates the JSON Schema
//! that editors use for completion. Validation itself walks spanned nodes (`validate.rs`) so
//! it can report every problem at its position; tests keep the two in step.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// A rule pack: one YAML file.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "paved rule pack")]
pub struct PackDoc {
    /// The pack's name, unique among loaded packs.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    pub pack: String,
    pub description: Option<String>,
    pub rules: Vec<RuleDoc>,
}

/// One rule: when it applies, what the paved road is, and what counts as a custom path.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// Unique among all loaded rules.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: String,
    pub title: Option<String>,
    pub severity: Option<SeverityDoc>,
    /// A positive number, default 1.
    #[schemars(range(min = 0))]
    pub weight: Option<f64>,
    /// A link to the standard's documentation.
    pub docs: Option<String>,
    /// What a repository's owners do to get on the paved road.
    pub fix: Option<String>,
    /// The date by which the org expects adoption (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub deadline: Option<String>,
    /// Applicability; absent = applies to every repository.
    pub when: Option<ConditionDoc>,
    /// The paved road.
    pub paved: ConditionDoc,
    /// The same job done another way; absent = never custom.
    pub custom: Option<ConditionDoc>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityDoc {
    Required,
    Recommended,
    Info,
}

/// A condition: a mapping with exactly one of these keys.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ConditionDoc {
    /// Some path of the committed tree matches one of the globs.
    Exists(GlobsDoc),
    /// No path matches any of the globs.
    Absent(GlobsDoc),
    /// Some matching file's text matches the regex.
    Contains(ContainsDoc),
    /// A matching YAML file passes the query.
    Yaml(StructuredDoc),
    /// A matching JSON file passes the query.
    Json(StructuredDoc),
    /// A matching TOML file passes the query.
    Toml(StructuredDoc),
    /// The repository's file matches a template shipped beside the pack.
    Template(TemplateDoc),
    /// The file's SHA-256 is an approved digest.
    Hash(HashDoc),
    /// The repository's metadata matches.
    Repo(RepoDoc),
    /// Every condition is true.
    All(Vec<ConditionDoc>),
    /// One condition is true.
    Any(Vec<ConditionDoc>),
    /// The condition is false.
    Not(Box<ConditionDoc>),
}

/// A glob, a glob with options, or a list of them.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum GlobsDoc {
    One(GlobDoc),
    Many(Vec<GlobDoc>),
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum GlobDoc {
    Plain(String),
    WithOptions(GlobOptionsDoc),
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlobOptionsDoc {
    pub glob: String,
    pub case_insensitive: Option<bool>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContainsDoc {
    pub files: GlobsDoc,
    /// A Rust regex; `(?m)` is on.
    pub pattern: String,
    pub all: Option<bool>,
}

/// A query path or a list of them.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum QueryDoc {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TypesDoc {
    One(TypeDoc),
    Many(Vec<TypeDoc>),
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TypeDoc {
    String,
    Number,
    Bool,
    Null,
    Mapping,
    Sequence,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StructuredDoc {
    pub files: GlobsDoc,
    /// Only files that pass count as matching at all.
    #[serde(rename = "where")]
    pub filter: Option<TestDoc>,
    pub query: Option<QueryDoc>,
    /// A CEL expression with `doc` and `path` bound; replaces `query` and predicates.
    pub expr: Option<String>,
    pub equals: Option<serde_json::Value>,
    pub one_of: Option<Vec<serde_json::Value>>,
    pub matches: Option<String>,
    pub not_matches: Option<String>,
    #[serde(rename = "type")]
    pub types: Option<TypesDoc>,
    pub all: Option<bool>,
    pub every_file: Option<bool>,
    pub on_parse_error: Option<bool>,
}

/// A `where` filter: a query with predicates, or an expression.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestDoc {
    pub query: Option<QueryDoc>,
    pub expr: Option<String>,
    pub equals: Option<serde_json::Value>,
    pub one_of: Option<Vec<serde_json::Value>>,
    pub matches: Option<String>,
    pub not_matches: Option<String>,
    #[serde(rename = "type")]
    pub types: Option<TypesDoc>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateDoc {
    pub file: GlobsDoc,
    /// Relative to the pack file.
    pub source: String,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_similarity: Option<f64>,
    pub ignore: Option<Vec<String>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DigestsDoc {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HashDoc {
    pub file: GlobsDoc,
    pub sha256: DigestsDoc,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoDoc {
    pub name: Option<String>,
    pub topics: Option<Vec<String>>,
    pub archived: Option<bool>,
    pub visibility: Option<String>,
}

/// The JSON Schema of packs, pretty-printed with a trailing newline.
pub fn pack_schema() -> String {
    let schema = schemars::schema_for!(PackDoc);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The top-level keys the schema allows for each object, for tests that compare them with
/// the validator's key lists.
pub fn properties(def: &str) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(&pack_schema()).unwrap_or_default();
    let obj = if def == "PackDoc" {
        &schema
    } else {
        &schema["$defs"][def]
    };
    let props: BTreeMap<String, serde_json::Value> =
        serde_json::from_value(obj["properties"].clone()).unwrap_or_default();
    props.into_keys().collect()
}
