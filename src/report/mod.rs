//! The contract's report in memory (version 1's shape; `wire` writes it as schema_version 2)
//! and its aggregation per rule, team and org;
//! the trend document, the memo's facts and template summaries are its siblings here.
//!
//! Aggregation is pure and deterministic: repos sorted by name, results by rule id.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::discover::RepoMeta;
use crate::outcome::{Outcome, RuleResult};
use crate::provenance::TemplateRef;

pub mod memo;
pub mod schema;
pub mod templates;
pub mod trend;
pub mod trend_merge;
pub mod wire;

pub use templates::TemplateSummary;

/// The version of the in-memory shape (version 1's: results inside each repository) and of the
/// trend document; `--format json` writes [`wire::WRITTEN_VERSION`].
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Report {
    /// Bumped only on a breaking change; readers refuse versions they do not know.
    #[schemars(extend("const" = 1))]
    pub schema_version: u32,
    pub tool: Tool,
    pub generated_at: String,
    /// `scan --as-of DATE`: the moment every repository was evaluated at (RFC 3339, UTC, the
    /// end of DATE); absent for a scan of each HEAD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub rules: Vec<RuleInfo>,
    pub repos: Vec<RepoReport>,
    pub summary: Summary,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: "paved".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Required,
    #[default]
    Recommended,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Required => "required",
            Severity::Recommended => "recommended",
            Severity::Info => "info",
        }
    }
    /// The level a pack or config names: `required`, `recommended` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Required, Severity::Recommended, Severity::Info]
            .into_iter()
            .find(|l| l.as_str() == s)
    }
}

/// Where a repository's team can come from (`owners.sources` in paved.yml), in the report's
/// `team_source` spelling.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TeamSource {
    /// The config's `teams` globs.
    Config,
    /// `spec.owner` of the repository's Backstage `catalog-info.yaml`.
    Backstage,
    /// The forge: the GitHub or Gitea team with the highest permission, the GitLab namespace.
    Forge,
    /// The catch-all owner of the repository's CODEOWNERS.
    Codeowners,
}

impl TeamSource {
    pub const ALL: [TeamSource; 4] = [
        TeamSource::Config,
        TeamSource::Backstage,
        TeamSource::Forge,
        TeamSource::Codeowners,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TeamSource::Config => "config",
            TeamSource::Backstage => "backstage",
            TeamSource::Forge => "forge",
            TeamSource::Codeowners => "codeowners",
        }
    }
}

/// A loaded rule as the report describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RuleInfo {
    pub id: String,
    pub pack: String,
    pub title: String,
    pub severity: Severity,
    #[serde(serialize_with = "whole_if_integral")]
    pub weight: f64,
    pub deadline: Option<String>,
    /// Extensions beyond the contract's example; absent when empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RepoReport {
    pub name: String,
    pub path: String,
    pub commit: Option<String>,
    pub committed_at: Option<String>,
    pub team: Option<String>,
    /// Where `team` came from; present when the config sets `owners.sources`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_source: Option<TeamSource>,
    pub score: Option<f64>,
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "is_default_meta")]
    pub meta: RepoMeta,
    /// Shared: many repositories have the very same result, held once ([`Interner`]).
    #[serde(default, with = "crate::outcome::shared")]
    #[schemars(with = "Vec<RuleResult>")]
    pub results: Vec<Arc<RuleResult>>,
    /// The project template the repository was generated from; absent when none is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<TemplateRef>,
}

/// `3`, not `3.0`, for the weights people write as whole numbers (as the contract shows).
fn whole_if_integral<S: serde::Serializer>(w: &f64, s: S) -> Result<S::Ok, S::Error> {
    if w.fract() == 0.0 && w.abs() < 1e15 {
        s.serialize_i64(*w as i64)
    } else {
        s.serialize_f64(*w)
    }
}

fn is_default_meta(m: &RepoMeta) -> bool {
    *m == RepoMeta::default()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Summary {
    pub repos: usize,
    pub repos_failed: usize,
    pub on_paved_road: Option<f64>,
    pub adoption: Option<f64>,
    pub rules: Vec<RuleSummary>,
    pub teams: Vec<TeamSummary>,
    /// Repositories per project template and version; absent when no repo names a template.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<TemplateSummary>,
    /// `scan --as-of` and trend points: repositories left out because their default branch
    /// had no commit yet at that date. Absent when zero.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub repos_without_history: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Counts {
    pub paved: usize,
    pub custom: usize,
    pub missing: usize,
    pub not_applicable: usize,
    pub exempt: usize,
    pub error: usize,
}

impl Counts {
    pub fn add(&mut self, o: Outcome) {
        *self.slot(o) += 1;
    }
    pub fn get(&self, o: Outcome) -> usize {
        match o {
            Outcome::Paved => self.paved,
            Outcome::Custom => self.custom,
            Outcome::Missing => self.missing,
            Outcome::NotApplicable => self.not_applicable,
            Outcome::Exempt => self.exempt,
            Outcome::Error => self.error,
        }
    }
    /// Adds another group's counts to these.
    pub fn absorb(&mut self, other: &Counts) {
        for o in Outcome::ALL {
            *self.slot(o) += other.get(o);
        }
    }
    fn slot(&mut self, o: Outcome) -> &mut usize {
        match o {
            Outcome::Paved => &mut self.paved,
            Outcome::Custom => &mut self.custom,
            Outcome::Missing => &mut self.missing,
            Outcome::NotApplicable => &mut self.not_applicable,
            Outcome::Exempt => &mut self.exempt,
            Outcome::Error => &mut self.error,
        }
    }
    /// paved / (paved + custom + missing), `None` when nothing counts.
    pub fn adoption(&self) -> Option<f64> {
        let denom = self.paved + self.custom + self.missing;
        (denom > 0).then(|| round4(self.paved as f64 / denom as f64))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RuleSummary {
    pub rule: String,
    #[serde(flatten)]
    pub counts: Counts,
    pub adoption: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TeamSummary {
    pub team: String,
    pub repos: usize,
    pub adoption: Option<f64>,
    pub on_paved_road: Option<f64>,
    pub rules: Vec<RuleSummary>,
}

/// The label of repositories that belong to no team.
pub const UNOWNED: &str = "(unowned)";

/// Fractions are kept to four decimals so reports diff cleanly.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A weighted accumulator for scores and adoption over many results.
#[derive(Default, Clone, Copy)]
struct Weighted {
    paved: f64,
    total: f64,
}

impl Weighted {
    fn add(&mut self, outcome: Outcome, weight: f64) {
        if outcome.is_adoption_counted() {
            self.total += weight;
            if outcome == Outcome::Paved {
                self.paved += weight;
            }
        }
    }
    fn share(&self) -> Option<f64> {
        (self.total > 0.0).then(|| round4(self.paved / self.total))
    }
}

/// Whether every `required` rule of the repo is paved or exempt (a failed repo is not).
pub fn on_paved_road(repo: &RepoReport, rules: &BTreeMap<&str, &RuleInfo>) -> bool {
    RepoOutcomes::of(repo).on_paved_road(rules)
}

/// A repository as aggregation sees it: its name, team, whether it failed, and its outcome
/// per rule id. Scans build it from their reports, trends from each point's outcomes.
#[derive(Clone, Debug, PartialEq)]
pub struct RepoOutcomes<'a> {
    pub name: &'a str,
    pub team: Option<&'a str>,
    pub failed: bool,
    pub outcomes: Vec<(&'a str, Outcome)>,
}

impl<'a> RepoOutcomes<'a> {
    pub fn of(repo: &'a RepoReport) -> RepoOutcomes<'a> {
        RepoOutcomes {
            name: &repo.name,
            team: repo.team.as_deref(),
            failed: repo.error.is_some(),
            outcomes: repo
                .results
                .iter()
                .map(|r| (r.rule.as_str(), r.outcome))
                .collect(),
        }
    }

    fn on_paved_road(&self, rules: &BTreeMap<&str, &RuleInfo>) -> bool {
        !self.failed
            && self.outcomes.iter().all(|(rule, outcome)| {
                rules
                    .get(rule)
                    .is_none_or(|info| info.severity != Severity::Required)
                    || matches!(
                        outcome,
                        Outcome::Paved | Outcome::Exempt | Outcome::NotApplicable
                    )
            })
    }
}

impl Report {
    /// Builds the report from evaluated repos: sorts everything, scores each repo, and
    /// aggregates per rule, per team and org-wide.
    pub fn build(
        mut rules: Vec<RuleInfo>,
        mut repos: Vec<RepoReport>,
        generated_at: String,
    ) -> Report {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        repos.sort_by(|a, b| a.name.cmp(&b.name));
        let by_id: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
        let weight = |id: &str| by_id.get(id).map_or(1.0, |r| r.weight);

        // One copy of each distinct result across the whole report (scan workers, merged
        // parts and read reports each had their own).
        let mut seen = crate::outcome::Interner::default();
        for repo in &mut repos {
            seen.share_all(&mut repo.results);
            repo.results.sort_by(|a, b| a.rule.cmp(&b.rule));
            let mut w = Weighted::default();
            for r in &repo.results {
                w.add(r.outcome, weight(&r.rule));
            }
            repo.score = if repo.error.is_some() {
                None
            } else {
                w.share()
            };
        }

        let mut summary =
            Summary::of_outcomes(&rules, repos.iter().map(RepoOutcomes::of).collect());
        summary.templates = templates::summarize(&repos);
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool::default(),
            generated_at,
            as_of: None,
            rules,
            repos,
            summary,
        }
    }
}

/// Counts and adoption for one group of repos (the org, or one team).
struct Group<'a, 'r> {
    repos: Vec<&'a RepoOutcomes<'r>>,
}

impl Group<'_, '_> {
    fn rule_summaries(&self, rules: &[RuleInfo]) -> Vec<RuleSummary> {
        let mut counts: BTreeMap<&str, Counts> = rules
            .iter()
            .map(|r| (r.id.as_str(), Counts::default()))
            .collect();
        for repo in &self.repos {
            for (rule, outcome) in &repo.outcomes {
                counts.entry(rule).or_default().add(*outcome);
            }
        }
        counts
            .into_iter()
            .map(|(rule, counts)| RuleSummary {
                rule: rule.to_string(),
                adoption: counts.adoption(),
                counts,
            })
            .collect()
    }

    fn adoption(&self, by_id: &BTreeMap<&str, &RuleInfo>) -> Option<f64> {
        let mut w = Weighted::default();
        for repo in &self.repos {
            for (rule, outcome) in &repo.outcomes {
                w.add(*outcome, by_id.get(rule).map_or(1.0, |i| i.weight));
            }
        }
        w.share()
    }

    fn on_paved_road(&self, by_id: &BTreeMap<&str, &RuleInfo>) -> Option<f64> {
        let n = self.repos.len();
        let on = self.repos.iter().filter(|r| r.on_paved_road(by_id)).count();
        (n > 0).then(|| round4(on as f64 / n as f64))
    }
}

/// Counts and adoption per group of repositories, as [`TeamSummary`]s named by the group:
/// `key` gives each repository's groups (several for topics, none leaves it out), so any
/// grouping (`--by topic`, `--by owner`) is aggregated exactly as teams are. Sorted by name.
pub fn group_summaries(
    report: &Report,
    key: impl Fn(&RepoReport) -> Vec<String>,
) -> Vec<TeamSummary> {
    let by_id: BTreeMap<&str, &RuleInfo> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let outcomes: Vec<(Vec<String>, RepoOutcomes)> = report
        .repos
        .iter()
        .map(|r| (key(r), RepoOutcomes::of(r)))
        .collect();
    let mut groups: BTreeMap<&str, Vec<&RepoOutcomes>> = BTreeMap::new();
    for (keys, repo) in &outcomes {
        for k in keys {
            groups.entry(k.as_str()).or_default().push(repo);
        }
    }
    groups
        .into_iter()
        .map(|(name, repos)| {
            let g = Group { repos };
            TeamSummary {
                team: name.to_string(),
                repos: g.repos.len(),
                adoption: g.adoption(&by_id),
                on_paved_road: g.on_paved_road(&by_id),
                rules: g.rule_summaries(&report.rules),
            }
        })
        .collect()
}

impl Summary {
    /// Aggregates repositories per rule, per team and org-wide. Repositories are taken in name
    /// order and outcomes in rule order, whatever order they come in, so sums (and their
    /// rounding) never depend on it. Templates and `repos_without_history` are left empty.
    pub fn of_outcomes(rules: &[RuleInfo], mut repos: Vec<RepoOutcomes<'_>>) -> Summary {
        repos.sort_by(|a, b| a.name.cmp(b.name));
        for repo in &mut repos {
            repo.outcomes.sort_by(|a, b| a.0.cmp(b.0));
        }
        let by_id: BTreeMap<&str, &RuleInfo> = rules.iter().map(|r| (r.id.as_str(), r)).collect();
        let org = Group {
            repos: repos.iter().collect(),
        };
        let mut teams: BTreeMap<&str, Vec<&RepoOutcomes>> = BTreeMap::new();
        for repo in &repos {
            teams
                .entry(repo.team.unwrap_or(UNOWNED))
                .or_default()
                .push(repo);
        }
        let teams = teams
            .into_iter()
            .map(|(team, repos)| {
                let g = Group { repos };
                TeamSummary {
                    team: team.to_string(),
                    repos: g.repos.len(),
                    adoption: g.adoption(&by_id),
                    on_paved_road: g.on_paved_road(&by_id),
                    rules: g.rule_summaries(rules),
                }
            })
            .collect();
        Summary {
            repos: repos.len(),
            repos_failed: repos.iter().filter(|r| r.failed).count(),
            on_paved_road: org.on_paved_road(&by_id),
            adoption: org.adoption(&by_id),
            rules: org.rule_summaries(rules),
            teams,
            templates: Vec::new(),
            repos_without_history: 0,
        }
    }
}
