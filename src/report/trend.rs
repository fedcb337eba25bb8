//! The trend document (`paved trend --format json`): the org's summary at each point, each
//! repository's outcomes, the changes between points and when each rule was adopted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Report, RuleInfo, Summary, Tool};
use crate::outcome::Outcome;

/// How far apart trend points are.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
    Default,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Week,
    #[default]
    Month,
    Quarter,
}

impl Every {
    pub fn as_str(self) -> &'static str {
        match self {
            Every::Week => "week",
            Every::Month => "month",
            Every::Quarter => "quarter",
        }
    }
}

/// A commit as people read it in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CommitInfo {
    pub commit: String,
    pub short: String,
    /// Committer time, UTC, RFC 3339.
    pub committed_at: String,
    /// The first line of the message.
    pub subject: String,
}

/// How much work a trend did, and how much it saved; summed over repositories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReuseStats {
    /// Repository × point pairs with a commit.
    pub points: usize,
    /// Distinct commits and trees among them.
    pub commits: usize,
    pub trees: usize,
    /// Full snapshots built (each walks a whole tree).
    pub snapshots: usize,
    /// Pruned snapshots built (only the entries rules match).
    pub pruned: usize,
    /// Rule results computed, and taken from an earlier point instead.
    pub evaluated: usize,
    pub reused: usize,
    /// Commits looked at between points to find the one that changed an outcome.
    pub probes: usize,
}

impl ReuseStats {
    pub fn add(&mut self, o: &ReuseStats) {
        self.points += o.points;
        self.commits += o.commits;
        self.trees += o.trees;
        self.snapshots += o.snapshots;
        self.pruned += o.pruned;
        self.evaluated += o.evaluated;
        self.reused += o.reused;
        self.probes += o.probes;
    }
}

/// One point of a trend: the org's summary as of its cutoff (`summary.repos_without_history`
/// counts the repositories left out because they had no commit yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrendPoint {
    pub date: String,
    pub as_of: String,
    pub summary: Summary,
}

/// One repository at one point: `null` in JSON when it had no commit yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RepoPoint {
    pub commit: Option<String>,
    pub committed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Outcome per rule id.
    #[serde(default)]
    pub outcomes: BTreeMap<String, Outcome>,
}

/// An outcome crossing the paved boundary (onto the paved road, or off it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Change {
    pub rule: String,
    /// `None`: the repository had no commit before.
    pub from: Option<Outcome>,
    pub to: Outcome,
    /// The first-parent commit that made the change; `None` when no commit did (an
    /// exemption began or ended), then `date` is the point's day.
    pub commit: Option<CommitInfo>,
    pub date: String,
}

impl Change {
    pub fn onto_paved(&self) -> bool {
        self.to == Outcome::Paved
    }
}

/// When a rule first became paved in a repository, and whether it regressed afterwards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Adoption {
    pub rule: String,
    /// Already paved at the first point (adopted before the period).
    pub paved_at_start: bool,
    /// The first change onto the paved road in the period.
    pub adopted: Option<Change>,
    /// The first change off it after that (or after the start, when paved at the start).
    pub regressed: Option<Change>,
    pub paved_at_end: bool,
}

/// One repository over the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RepoTrend {
    pub name: String,
    /// The team at its latest point (used at every point, so a team's line follows the same
    /// repositories).
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// One entry per trend point.
    pub points: Vec<Option<RepoPoint>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adoption: Vec<Adoption>,
}

impl RepoTrend {
    pub fn outcome(&self, point: usize, rule: &str) -> Option<Outcome> {
        self.points
            .get(point)?
            .as_ref()?
            .outcomes
            .get(rule)
            .copied()
    }
}

/// The trend document (`paved trend --format json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrendReport {
    /// Bumped only on a breaking change; readers refuse versions they do not know (paved
    /// writes 2 and reads 1 and 2).
    // The document is written and read by `trend_wire` (outcomes as letters); the derived
    // serialization is this type's own shape, which the schema is generated from.
    #[schemars(extend("const" = 2))]
    pub schema_version: u32,
    /// Always `trend`, so a reader can tell the document from a scan report.
    #[schemars(extend("const" = "trend"))]
    pub kind: String,
    pub tool: Tool,
    pub generated_at: String,
    pub since: String,
    pub until: String,
    pub every: Option<Every>,
    pub rules: Vec<RuleInfo>,
    pub points: Vec<TrendPoint>,
    pub repos: Vec<RepoTrend>,
    /// The full report at the last point (for the dashboard); not serialised.
    #[serde(skip)]
    pub latest: Option<Report>,
    #[serde(skip)]
    pub stats: ReuseStats,
}

impl TrendReport {
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Repositories whose `rule` was paved at some point, with when it was adopted.
    pub fn adopters(&self, rule: &str) -> Vec<(&RepoTrend, &Adoption)> {
        let mut out: Vec<(&RepoTrend, &Adoption)> = self
            .repos
            .iter()
            .filter_map(|r| r.adoption.iter().find(|a| a.rule == rule).map(|a| (r, a)))
            .collect();
        // Adopted before the period first, then by the adopting commit's time.
        out.sort_by(|(ra, a), (rb, b)| {
            let key = |a: &Adoption| {
                (
                    !a.paved_at_start,
                    a.adopted.as_ref().map(|c| {
                        c.commit
                            .as_ref()
                            .map_or(c.date.clone(), |i| i.committed_at.clone())
                    }),
                )
            };
            key(a).cmp(&key(b)).then_with(|| ra.name.cmp(&rb.name))
        });
        out
    }
}
