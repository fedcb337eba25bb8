//! Structured documents: the value tree, the YAML/JSON/TOML parsers, dotted-path
//! queries, predicates and CEL expressions evaluated over parsed files.

pub mod cel;
pub mod cel_check;
pub mod json;
pub mod path;
pub mod predicate;
pub mod toml;
pub mod value;
pub mod yaml;

pub use self::cel::{CelDoc, CelError, CelProgram};
pub use self::toml::parse_toml;
pub use json::parse_json;
pub use path::{Query, QueryError};
pub use predicate::Predicates;
pub use value::{LineIndex, Node, ParseError, Pos, Value, ValueType};
pub use yaml::parse_yaml;

/// The formats of the structured conditions (`yaml:`, `json:`, `toml:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Json,
    Toml,
}

impl Format {
    /// The condition key that names the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Toml => "toml",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        [Format::Yaml, Format::Json, Format::Toml]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

/// Bounds on one parsed document (`max_document_nodes:`, `max_document_depth:` in the config):
/// nodes built, aliases expanded included (YAML), and nesting (YAML and JSON; TOML's own
/// parser bounds its nesting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocLimits {
    pub nodes: usize,
    pub depth: usize,
}

impl Default for DocLimits {
    fn default() -> Self {
        DocLimits {
            nodes: yaml::MAX_NODES,
            depth: yaml::MAX_DEPTH,
        }
    }
}

/// Parses a file's text into its documents: YAML may hold several, JSON and TOML
/// hold one.
pub fn parse(format: Format, text: &str) -> Result<Vec<Node>, ParseError> {
    parse_with(format, text, DocLimits::default())
}

/// [`parse`] within `limits`.
pub fn parse_with(format: Format, text: &str, limits: DocLimits) -> Result<Vec<Node>, ParseError> {
    match format {
        Format::Yaml => yaml::parse_yaml_with(text, limits),
        Format::Json => json::parse_json_with(text, limits.depth).map(|d| vec![d]),
        Format::Toml => parse_toml(text).map(|d| vec![d]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_dispatches_by_format() {
        let cases: &[(Format, &str, &[&str])] = &[
            (
                Format::Yaml,
                "a: 1\n---\nb: 2\n",
                &[r#"{"a":1}"#, r#"{"b":2}"#],
            ),
            (Format::Json, r#"{"a": [1]}"#, &[r#"{"a":[1]}"#]),
            (Format::Toml, "a = [1]\n", &[r#"{"a":[1]}"#]),
            (Format::Yaml, "", &["null"]),
            (Format::Json, "", &["null"]),
            (Format::Toml, "", &["{}"]),
        ];
        for (format, text, want) in cases {
            let docs = parse(*format, text).unwrap();
            let got: Vec<String> = docs.iter().map(|d| d.to_json().to_string()).collect();
            assert_eq!(got, *want, "{format:?} {text:?}");
        }
        for f in [Format::Yaml, Format::Json, Format::Toml] {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("xml"), None);
    }

    #[test]
    fn end_to_end_workflow_check() {
        let workflow = "on:\n  pull_request:\n    branches: [main]\njobs:\n  ci:\n    uses: acme/paved-ci/.github/workflows/rust.yml@v2\n";
        let doc = parse(Format::Yaml, workflow).unwrap().remove(0);
        let query = Query::parse("jobs.*.uses").unwrap();
        let preds = Predicates {
            matches: Some(
                regex::Regex::new(r"^acme/paved-ci/\.github/workflows/[^@]+@v\d+$").unwrap(),
            ),
            ..Default::default()
        };
        let hits: Vec<(String, Pos)> = query
            .select(&doc)
            .into_iter()
            .filter(|n| preds.test(n))
            .map(|n| (n.to_string(), n.pos))
            .collect();
        assert_eq!(
            hits,
            vec![(
                "acme/paved-ci/.github/workflows/rust.yml@v2".to_string(),
                Pos::new(6, 11)
            )]
        );
        let branches = Query::parse("on.pull_request.branches").unwrap();
        let want = parse_yaml("[main]").unwrap().remove(0);
        assert!(branches.select(&doc)[0].deep_eq(&want));
    }
}
