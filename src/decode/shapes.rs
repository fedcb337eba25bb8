//! The JSON Schema of the value shapes the decoder reads for every condition kind (globs,
//! query paths, value types), so each kind's schema names the same definitions.

use schemars::JsonSchema;
use serde::Deserialize;

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
