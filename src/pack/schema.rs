//! The pack format as serde types, from which `paved rules schema` generates the JSON Schema
//! that editors use for completion; each condition kind's schema comes from its own file
//! through the registry (`rules::ConditionDoc`). Validation itself walks spanned nodes
//! (`crate::decode`) so it can report every problem at its position; tests keep the two in step.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

pub use crate::rules::ConditionDoc;

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
    /// Actions paved can apply to a tree to put the repository on the paved road
    /// (`check --fix`, campaigns), in order.
    pub fixes: Option<Vec<FixDoc>>,
    /// The finding sentence: one string (for `missing` and `custom`) or one per outcome, with
    /// the placeholders `{path}`, `{line}`, `{value}` (the offending value) and `{repo}`.
    pub message: Option<MessageDoc>,
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

/// One fix action.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FixDoc {
    /// Creates a file unless one is already there; `content` or `template` (a file next to the
    /// pack), with the placeholders {repo}, {name}, {default_branch} and {team}.
    AddFile(AddFileDoc),
    /// Merges keys into every matching YAML, JSON or TOML file, keeping the rest as written.
    Set(SetDoc),
    /// Replaces a regex in every matching file (`$1` names a group).
    Replace(ReplaceDoc),
    /// Removes a file.
    RemoveFile(RemoveFileDoc),
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddFileDoc {
    pub path: String,
    pub content: Option<String>,
    pub template: Option<String>,
    /// Applies only where this condition holds (on the tree before the fix).
    pub when: Option<ConditionDoc>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDoc {
    pub files: GlobsDoc,
    pub values: BTreeMap<String, serde_json::Value>,
    /// Keep a key that is already there (default false: overwrite it).
    pub keep_existing: Option<bool>,
    pub when: Option<ConditionDoc>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceDoc {
    pub files: GlobsDoc,
    pub pattern: String,
    pub with: String,
    pub when: Option<ConditionDoc>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveFileDoc {
    pub path: String,
    pub when: Option<ConditionDoc>,
}

/// One glob or a list of globs.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum GlobsDoc {
    One(String),
    Many(Vec<String>),
}

/// A rule's finding sentence, for every non-paved outcome or per outcome.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum MessageDoc {
    All(SentenceDoc),
    PerOutcome(MessagesDoc),
}

/// A finding sentence per outcome.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessagesDoc {
    pub missing: Option<SentenceDoc>,
    pub custom: Option<SentenceDoc>,
    pub error: Option<SentenceDoc>,
}

/// One sentence, or alternatives tried in order: the first whose placeholders a finding has.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SentenceDoc {
    One(String),
    Alternatives(Vec<String>),
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityDoc {
    Required,
    Recommended,
    Info,
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
