//! Structured documents: the value tree, the YAML/JSON/TOML parsers, dotted-path
//! queries, predicates and CEL expressions evaluated over parsed files.

pub mod value;

pub use value::{Node, ParseError, Pos, Value, ValueType};
