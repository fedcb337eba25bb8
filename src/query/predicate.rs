//! Predicates on a selected value: `equals`, `one_of`, `matches`, `not_matches`, `type`.

use regex::Regex;

use super::value::{Node, ValueType};

/// The predicates of a structured condition; a value passes when every one that is
/// set holds. Regexes are compiled once, when the rule is loaded.
#[derive(Clone, Debug, Default)]
pub struct Predicates {
    pub equals: Option<Node>,
    pub one_of: Option<Vec<Node>>,
    pub matches: Option<Regex>,
    pub not_matches: Option<Regex>,
    pub types: Option<Vec<ValueType>>,
}

impl Predicates {
    /// Whether the predicates ask for particular values (`equals`, `one_of`): a value that is
    /// not one of them is not wrong in itself, it is just not the one asked for.
    pub fn names_values(&self) -> bool {
        self.equals.is_some() || self.one_of.is_some()
    }

    /// No predicate set: the condition only asks whether the query selects anything.
    pub fn is_empty(&self) -> bool {
        self.equals.is_none()
            && self.one_of.is_none()
            && self.matches.is_none()
            && self.not_matches.is_none()
            && self.types.is_none()
    }

    pub fn test(&self, v: &Node) -> bool {
        if let Some(types) = &self.types
            && !types.contains(&v.value_type())
        {
            return false;
        }
        if let Some(want) = &self.equals
            && !v.deep_eq(want)
        {
            return false;
        }
        if let Some(options) = &self.one_of
            && !options.iter().any(|o| v.deep_eq(o))
        {
            return false;
        }
        if self.matches.is_none() && self.not_matches.is_none() {
            return true;
        }
        // A mapping or sequence has no text: it never matches and always not-matches.
        let text = v.scalar_cow();
        if let Some(re) = &self.matches
            && !text.as_deref().is_some_and(|t| re.is_match(t))
        {
            return false;
        }
        if let Some(re) = &self.not_matches
            && text.as_deref().is_some_and(|t| re.is_match(t))
        {
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse_yaml;

    fn node(yaml: &str) -> Node {
        parse_yaml(yaml).unwrap().remove(0)
    }

    fn re(s: &str) -> Option<Regex> {
        Some(Regex::new(s).unwrap())
    }

    #[test]
    #[allow(clippy::too_many_lines)] // one table of cases reads best as one table
    fn predicates() {
        let paved = r"^acme/paved-ci/\.github/workflows/[^@]+@v\d+$";
        let cases: Vec<(&str, Predicates, &str, bool)> = vec![
            (
                "empty passes anything",
                Predicates::default(),
                "{a: 1}",
                true,
            ),
            (
                "matches a reusable workflow",
                Predicates {
                    matches: re(paved),
                    ..Default::default()
                },
                "acme/paved-ci/.github/workflows/rust.yml@v2",
                true,
            ),
            (
                "matches a quoted uses",
                Predicates {
                    matches: re(paved),
                    ..Default::default()
                },
                "\"acme/paved-ci/.github/workflows/rust.yml@v2\"",
                true,
            ),
            (
                "matches fails on a pinned sha",
                Predicates {
                    matches: re(paved),
                    ..Default::default()
                },
                "acme/paved-ci/.github/workflows/rust.yml@0123abc",
                false,
            ),
            (
                "matches tests a number's canonical text",
                Predicates {
                    matches: re(r"^3\.1$"),
                    ..Default::default()
                },
                "3.10",
                true,
            ),
            (
                "matches tests true's text",
                Predicates {
                    matches: re("^true$"),
                    ..Default::default()
                },
                "true",
                true,
            ),
            (
                "matches tests null's text",
                Predicates {
                    matches: re("^null$"),
                    ..Default::default()
                },
                "~",
                true,
            ),
            (
                "a mapping never matches",
                Predicates {
                    matches: re(".*"),
                    ..Default::default()
                },
                "{a: 1}",
                false,
            ),
            (
                "a sequence always not_matches",
                Predicates {
                    not_matches: re(".*"),
                    ..Default::default()
                },
                "[a]",
                true,
            ),
            (
                "not_matches on a scalar",
                Predicates {
                    not_matches: re("^ubuntu-"),
                    ..Default::default()
                },
                "ubuntu-latest",
                false,
            ),
            (
                "not_matches passes",
                Predicates {
                    not_matches: re("^ubuntu-"),
                    ..Default::default()
                },
                "windows-latest",
                true,
            ),
            (
                "equals deep, key order ignored",
                Predicates {
                    equals: Some(node("{branches: [main], types: [opened]}")),
                    ..Default::default()
                },
                "{types: [opened], branches: [main]}",
                true,
            ),
            (
                "equals sequence order matters",
                Predicates {
                    equals: Some(node("[push, pull_request]")),
                    ..Default::default()
                },
                "[pull_request, push]",
                false,
            ),
            (
                "equals 1 and 1.0",
                Predicates {
                    equals: Some(node("1")),
                    ..Default::default()
                },
                "1.0",
                true,
            ),
            (
                "equals string vs bool",
                Predicates {
                    equals: Some(node("'true'")),
                    ..Default::default()
                },
                "true",
                false,
            ),
            (
                "equals on yes stays a string",
                Predicates {
                    equals: Some(node("'yes'")),
                    ..Default::default()
                },
                "yes",
                true,
            ),
            (
                "one_of",
                Predicates {
                    one_of: Some(vec![node("push"), node("[push]")]),
                    ..Default::default()
                },
                "[push]",
                true,
            ),
            (
                "one_of none",
                Predicates {
                    one_of: Some(vec![node("push")]),
                    ..Default::default()
                },
                "pull_request",
                false,
            ),
            (
                "types any of",
                Predicates {
                    types: Some(vec![ValueType::Mapping, ValueType::Sequence]),
                    ..Default::default()
                },
                "[a]",
                true,
            ),
            (
                "types: number",
                Predicates {
                    types: Some(vec![ValueType::Number]),
                    ..Default::default()
                },
                "0x10",
                true,
            ),
            (
                "types: null for an empty value",
                Predicates {
                    types: Some(vec![ValueType::Null]),
                    ..Default::default()
                },
                "",
                true,
            ),
            (
                "types mismatch",
                Predicates {
                    types: Some(vec![ValueType::String]),
                    ..Default::default()
                },
                "12",
                false,
            ),
            (
                "all must hold",
                Predicates {
                    types: Some(vec![ValueType::String]),
                    matches: re("^actions/"),
                    not_matches: re("@main$"),
                    ..Default::default()
                },
                "actions/checkout@main",
                false,
            ),
            (
                "all hold",
                Predicates {
                    types: Some(vec![ValueType::String]),
                    matches: re("^actions/"),
                    not_matches: re("@main$"),
                    ..Default::default()
                },
                "actions/checkout@v4",
                true,
            ),
        ];
        for (name, p, value, want) in &cases {
            assert_eq!(p.test(&node(value)), *want, "{name}");
        }
        assert!(cases[0].1.is_empty());
        assert!(!cases[1].1.is_empty());
    }
}
