//! What one rule concluded about one repository: the outcome and the evidence behind it.

use serde::{Deserialize, Serialize};

/// The outcome of one rule for one repository, in the contract's order of precedence.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Paved,
    Custom,
    Missing,
    NotApplicable,
    Exempt,
    Error,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Paved,
        Outcome::Custom,
        Outcome::Missing,
        Outcome::NotApplicable,
        Outcome::Exempt,
        Outcome::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Paved => "paved",
            Outcome::Custom => "custom",
            Outcome::Missing => "missing",
            Outcome::NotApplicable => "not_applicable",
            Outcome::Exempt => "exempt",
            Outcome::Error => "error",
        }
    }

    /// Whether the outcome counts in an adoption denominator.
    pub fn is_adoption_counted(self) -> bool {
        matches!(self, Outcome::Paved | Outcome::Custom | Outcome::Missing)
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of evidence: a path (and line) that decided an outcome, with a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Evidence {
    pub path: Option<String>,
    pub line: Option<u32>,
    pub note: String,
}

impl Evidence {
    pub fn at(path: impl Into<String>, line: Option<u32>, note: impl Into<String>) -> Self {
        Evidence {
            path: Some(path.into()),
            line,
            note: note.into(),
        }
    }
    pub fn note(note: impl Into<String>) -> Self {
        Evidence {
            path: None,
            line: None,
            note: note.into(),
        }
    }
}

/// The result of one rule on one repository.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RuleResult {
    pub rule: String,
    pub outcome: Outcome,
    pub evidence: Vec<Evidence>,
    pub message: String,
}
