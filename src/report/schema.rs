//! The JSON Schemas of the scan report and the trend document, generated from their types
//! (`paved schema report|trend`, checked in under `schema/`), so tools reading the JSON can
//! validate it and the tests catch any drift between the types and the published schema.

use schemars::JsonSchema;

use super::Report;
use super::trend::TrendReport;

/// The JSON Schema of `scan --format json` reports (schema_version 2), pretty-printed with a
/// trailing newline.
pub fn report_schema() -> String {
    let mut schema = root::<Report>("paved scan report");
    if let Some(map) = schema.as_object_mut() {
        super::wire::schema_v2(map);
    }
    finish(&schema)
}

/// The JSON Schema of `trend --format json` documents (schema_version 2), pretty-printed
/// with a trailing newline.
pub fn trend_schema() -> String {
    let mut schema = root::<TrendReport>("paved trend document");
    if let Some(map) = schema.as_object_mut() {
        super::trend_wire::schema_v2(map);
    }
    finish(&schema)
}

/// Generated for what paved writes (the serialize contract): a field that is always written,
/// even as `null`, is required, so a field that goes missing is caught as well as one added.
fn root<T: JsonSchema>(title: &str) -> schemars::Schema {
    let mut schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema
}

fn finish(schema: &schemars::Schema) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}
