//! Structured documents: the value tree, the YAML/JSON/TOML parsers, dotted-path
//! queries, predicates and CEL expressions evaluated over parsed files.

pub mod value;
pub mod yaml;

pub use value::{Node, ParseError, Pos, Value, ValueType};
pub use yaml::parse_yaml;
