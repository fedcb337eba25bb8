//! The contract's report in memory (version 1's shape; `wire` writes it as schema_version 2)
//! and its aggregation per rule, team and org;
//! the trend document, the memo's facts and template summaries are its siblings here.
//!
//! Aggregation is pure and deterministic: repos sorted by name, results by rule id.

use std::collections::{BTreeMap, HashMap};
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
pub mod trend_wire;
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
    // Boxed, as `template`: most repositories have neither, and every repository's entry is
    // held until the report is written (a plain comment: doc comments become the schema's).
    #[serde(default, skip_serializing_if = "is_default_meta")]
    pub meta: Box<RepoMeta>,
    /// Shared: many repositories have the very same result, held once ([`Interner`](crate::outcome::Interner)).
    #[serde(default, with = "crate::outcome::shared")]
    #[schemars(with = "Vec<RuleResult>")]
    pub results: Vec<Arc<RuleResult>>,
    /// The project template the repository was generated from; absent when none is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<Box<TemplateRef>>,
}

/// `3`, not `3.0`, for the weights people write as whole numbers (as the contract shows).
fn whole_if_integral<S: serde::Serializer>(w: &f64, s: S) -> Result<S::Ok, S::Error> {
    if w.fract() == 0.0 && w.abs() < 1e15 {
        s.serialize_i64(*w as i64)
    } else {
        s.serialize_f64(*w)
    }
}

// serde hands `skip_serializing_if` the field as declared, box and all.
#[allow(clippy::borrowed_box)]
pub(crate) fn is_default_meta(m: &Box<RepoMeta>) -> bool {
    **m == RepoMeta::default()
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
        self.on_road_by(|_, rule| rules.get(rule).copied())
    }

    /// Whether every `required` rule of the repo is paved, exempt or not applicable (a failed
    /// repo is not); `info` gives the rule of the `k`-th outcome (`None`: a rule not listed,
    /// which does not count).
    fn on_road_by<'r>(&self, info: impl Fn(usize, &str) -> Option<&'r RuleInfo>) -> bool {
        !self.failed
            && self
                .outcomes
                .iter()
                .enumerate()
                .all(|(k, (rule, outcome))| {
                    info(k, rule).is_none_or(|info| info.severity != Severity::Required)
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

        // Repositories are in name order and results in rule order (sorted above): folded one
        // at a time, with no per-repository copy of the outcomes.
        let mut summary = Summary::of_sorted(&rules, repos.iter().map(RepoOutcomes::of));
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

/// The rules a summary counts, looked up by id once per outcome: a repository's outcomes come
/// in rule order, so the rule after the last one found is tried first and the map is the
/// fallback. Counting by position replaced a string-keyed map per group, which cost more than
/// everything else a trend's summaries do.
struct RuleIndex<'a> {
    rules: &'a [RuleInfo],
    /// Each id's position; a repeated id counts at its last position (as a map of them would).
    pos: HashMap<&'a str, usize>,
    /// The positions counted, in id order: the order of a summary's rule list.
    sorted: Vec<usize>,
    /// Whether each position is the one its id counts at.
    counted: Vec<bool>,
}

impl<'a> RuleIndex<'a> {
    fn new(rules: &'a [RuleInfo]) -> RuleIndex<'a> {
        let pos: HashMap<&str, usize> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut sorted: Vec<usize> = pos.values().copied().collect();
        sorted.sort_by(|a, b| rules[*a].id.cmp(&rules[*b].id));
        let mut counted = vec![false; rules.len()];
        for &i in &sorted {
            counted[i] = true;
        }
        RuleIndex {
            rules,
            pos,
            sorted,
            counted,
        }
    }

    /// Each outcome's rule position (`None` for a rule the list does not know).
    fn positions(&self, repo: &RepoOutcomes<'_>) -> Vec<Option<usize>> {
        let mut next = 0;
        repo.outcomes
            .iter()
            .map(|(rule, _)| {
                let at = match self.rules.get(next) {
                    Some(r) if self.counted[next] && r.id == *rule => Some(next),
                    _ => self.pos.get(rule).copied(),
                };
                if let Some(i) = at {
                    next = i + 1;
                }
                at
            })
            .collect()
    }

    /// [`RepoOutcomes::on_paved_road`] with the rule positions already found (`at`).
    fn on_paved_road(&self, repo: &RepoOutcomes<'_>, at: &[Option<usize>]) -> bool {
        repo.on_road_by(|k, _| at.get(k).copied().flatten().map(|i| &self.rules[i]))
    }
}

/// One group's running totals (the org, one team, one `--by` key), folded one repository at a
/// time, so aggregation holds no per-repository copy of the outcomes. Repositories must come
/// in name order with outcomes in rule order: the weighted sums are then added in one fixed
/// order and round the same whatever order the scan finished in.
struct Tally<'a> {
    repos: usize,
    on_road: usize,
    /// Per rule position of the [`RuleIndex`].
    counts: Vec<Counts>,
    /// Outcomes of rules the list does not know (a merged report's), by id.
    unknown: BTreeMap<&'a str, Counts>,
    weighted: Weighted,
}

impl<'a> Tally<'a> {
    fn new(index: &RuleIndex<'_>) -> Tally<'a> {
        Tally {
            repos: 0,
            on_road: 0,
            counts: vec![Counts::default(); index.rules.len()],
            unknown: BTreeMap::new(),
            weighted: Weighted::default(),
        }
    }

    /// Counts `repo`, whose outcomes are at rule positions `at`, which is `on_road` or not.
    fn add(
        &mut self,
        index: &RuleIndex<'_>,
        repo: &RepoOutcomes<'a>,
        at: &[Option<usize>],
        on_road: bool,
    ) {
        self.repos += 1;
        self.on_road += usize::from(on_road);
        for ((rule, outcome), i) in repo.outcomes.iter().zip(at) {
            match i {
                Some(i) => {
                    self.counts[*i].add(*outcome);
                    self.weighted.add(*outcome, index.rules[*i].weight);
                }
                None => {
                    self.unknown.entry(rule).or_default().add(*outcome);
                    self.weighted.add(*outcome, 1.0);
                }
            }
        }
    }

    fn on_paved_road(&self) -> Option<f64> {
        (self.repos > 0).then(|| round4(self.on_road as f64 / self.repos as f64))
    }

    /// Every rule's counts in id order: the listed rules and any unknown ones, interleaved.
    fn rule_summaries(&self, index: &RuleIndex<'_>) -> Vec<RuleSummary> {
        let summary = |rule: &str, counts: &Counts| RuleSummary {
            rule: rule.to_string(),
            adoption: counts.adoption(),
            counts: counts.clone(),
        };
        let mut out = Vec::with_capacity(index.sorted.len() + self.unknown.len());
        let mut unknown = self.unknown.iter().peekable();
        for &i in &index.sorted {
            let id = index.rules[i].id.as_str();
            while let Some((rule, counts)) = unknown.next_if(|(rule, _)| **rule < id) {
                out.push(summary(rule, counts));
            }
            out.push(summary(id, &self.counts[i]));
        }
        out.extend(unknown.map(|(rule, counts)| summary(rule, counts)));
        out
    }

    fn team_summary(&self, index: &RuleIndex<'_>, name: &str) -> TeamSummary {
        TeamSummary {
            team: name.to_string(),
            repos: self.repos,
            adoption: self.weighted.share(),
            on_paved_road: self.on_paved_road(),
            rules: self.rule_summaries(index),
        }
    }
}

/// Counts and adoption per group of repositories, as [`TeamSummary`]s named by the group:
/// `key` gives each repository's groups (several for topics, none leaves it out), so any
/// grouping (`--by topic`, `--by owner`) is aggregated exactly as teams are. Sorted by name.
pub fn group_summaries(
    report: &Report,
    key: impl Fn(&RepoReport) -> Vec<String>,
) -> Vec<TeamSummary> {
    let index = RuleIndex::new(&report.rules);
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    for repo in &report.repos {
        let outcomes = RepoOutcomes::of(repo);
        let at = index.positions(&outcomes);
        let on_road = index.on_paved_road(&outcomes, &at);
        for k in key(repo) {
            groups
                .entry(k)
                .or_insert_with(|| Tally::new(&index))
                .add(&index, &outcomes, &at, on_road);
        }
    }
    groups
        .iter()
        .map(|(name, t)| t.team_summary(&index, name))
        .collect()
}

/// The org's and each team's totals, fed one repository at a time ([`Summary::of_sorted`]).
struct Fold<'a> {
    index: RuleIndex<'a>,
    org: Tally<'a>,
    teams: BTreeMap<&'a str, Tally<'a>>,
    failed: usize,
}

impl<'a> Fold<'a> {
    fn new(rules: &'a [RuleInfo]) -> Fold<'a> {
        let index = RuleIndex::new(rules);
        Fold {
            org: Tally::new(&index),
            index,
            teams: BTreeMap::new(),
            failed: 0,
        }
    }

    fn add(&mut self, repo: &RepoOutcomes<'a>) {
        self.failed += usize::from(repo.failed);
        let at = self.index.positions(repo);
        let on_road = self.index.on_paved_road(repo, &at);
        self.org.add(&self.index, repo, &at, on_road);
        let index = &self.index;
        self.teams
            .entry(repo.team.unwrap_or(UNOWNED))
            .or_insert_with(|| Tally::new(index))
            .add(index, repo, &at, on_road);
    }

    fn finish(self) -> Summary {
        Summary {
            repos: self.org.repos,
            repos_failed: self.failed,
            on_paved_road: self.org.on_paved_road(),
            adoption: self.org.weighted.share(),
            rules: self.org.rule_summaries(&self.index),
            teams: self
                .teams
                .iter()
                .map(|(team, t)| t.team_summary(&self.index, team))
                .collect(),
            templates: Vec::new(),
            repos_without_history: 0,
        }
    }
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
        Summary::of_sorted(rules, repos)
    }

    /// [`Summary::of_outcomes`] of repositories already in name order with outcomes in rule
    /// order, folded as they come: a report's build passes one repository at a time.
    pub fn of_sorted<'a>(
        rules: &'a [RuleInfo],
        repos: impl IntoIterator<Item = RepoOutcomes<'a>>,
    ) -> Summary {
        let mut fold = Fold::new(rules);
        for repo in repos {
            fold.add(&repo);
        }
        fold.finish()
    }
}
