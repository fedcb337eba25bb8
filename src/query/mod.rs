//! Structured documents: the value tree, the YAML/JSON/TOML parsers, dotted-path
//! queries, predicates and CEL expressions evaluated over parsed files.

pub mod json;
pub mod toml;
pub mod value;
pub mod yaml;

pub use self::toml::parse_toml;
pub use json::parse_json;
pub use value::{LineIndex, Node, ParseError, Pos, Value, ValueType};
pub use yaml::parse_yaml;
