//! What changed between two reports (`paved diff BEFORE.json AFTER.json`): adoption per rule, team
//! and org, the paved-road share, the repos that moved to paved or regressed, new and removed repos.
//!
//! Pure data, like `report`: `render::diff` writes it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::outcome::Outcome;
use crate::report::{RepoReport, Report, RuleInfo, SCHEMA_VERSION, on_paved_road, round4};

/// The version of the diff's own JSON (`paved diff --format json`).
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// Why a report could not be loaded for a diff.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{} is not a paved JSON report: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{} has no schema_version; it is not a paved JSON report", path.display())]
    NoSchemaVersion { path: PathBuf },
    #[error(
        "{} has schema_version {found}, newer than this paved reads ({known}); upgrade paved to compare it",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        known: u32,
    },
    #[error(
        "{} has schema_version {found}, older than this paved reads ({known}); scan again to produce a \
         version {known} report",
        path.display()
    )]
    OlderSchema {
        path: PathBuf,
        found: u64,
        known: u32,
    },
}

/// Reads a JSON report, refusing a `schema_version` this build does not know (older or newer)
/// before trying to read the rest, so the message names the version rather than a missing field.
pub fn load_report(path: &Path) -> Result<Report, DiffError> {
    let text = crate::input::read_limited(path, crate::input::REPORT_LIMIT).map_err(|e| {
        DiffError::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    })?;
    parse_report(&text, path)
}

/// A JSON document's `kind` and `schema_version`, every other value skipped unread: what a
/// reader needs to refuse a document by its kind or version before reading the rest.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ReportHead {
    pub kind: Option<serde_json::Value>,
    pub schema_version: Option<serde_json::Value>,
}

impl ReportHead {
    /// A trend document (`paved trend --format json`), not a scan report.
    pub fn is_trend(&self) -> bool {
        self.kind.as_ref().and_then(|k| k.as_str()) == Some("trend")
    }

    /// Probes `text`; `path` names it in errors.
    pub fn read(text: &str, path: &Path) -> Result<Self, DiffError> {
        serde_json::from_str(text).map_err(|e| DiffError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }
}

/// [`load_report`] on text already read; `path` names it in errors.
pub fn parse_report(text: &str, path: &Path) -> Result<Report, DiffError> {
    parse_report_with(text, path, ReportHead::read(text, path)?)
}

/// [`parse_report`] when the caller has already probed the text's [`ReportHead`], so the
/// document is not scanned for its version a second time.
pub fn parse_report_with(text: &str, path: &Path, head: ReportHead) -> Result<Report, DiffError> {
    let parse_err = |e: serde_json::Error| DiffError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    // The version first, so a report of another version is refused by its number, not by a
    // missing field.
    let version = head
        .schema_version
        .ok_or_else(|| DiffError::NoSchemaVersion { path: path.into() })?;
    let Some(found) = version.as_u64() else {
        return Err(DiffError::Parse {
            path: path.into(),
            message: format!("schema_version is {version}, not a whole number"),
        });
    };
    let known = crate::report::wire::WRITTEN_VERSION;
    if found > u64::from(known) {
        return Err(DiffError::NewerSchema {
            path: path.into(),
            found,
            known,
        });
    }
    if found < u64::from(SCHEMA_VERSION) {
        return Err(DiffError::OlderSchema {
            path: path.into(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    if found == u64::from(SCHEMA_VERSION) {
        return serde_json::from_str(text).map_err(parse_err);
    }
    crate::report::wire::read(text).map_err(parse_err)
}

/// A figure in both reports. `delta` is `after - before` where both exist.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Change {
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub delta: Option<f64>,
}

impl Change {
    fn new(before: Option<f64>, after: Option<f64>) -> Change {
        let delta = before.zip(after).map(|(b, a)| round4(a - b));
        Change {
            before,
            after,
            delta,
        }
    }
}

/// A count in both reports (0 where the side does not have it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CountChange {
    pub before: usize,
    pub after: usize,
}

/// One side of the comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    pub generated_at: String,
    /// The report's `as_of` (`scan --as-of`), absent for a scan of each HEAD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub repos: usize,
    pub repos_failed: usize,
}

/// Whether a rule is in both reports or only one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Both,
    Added,
    Removed,
}

/// A repo whose outcome for one rule changed. A repo that could not be scanned at all counts
/// as `error` for every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    pub repo: String,
    pub from: Outcome,
    pub to: Outcome,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleDiff {
    pub rule: String,
    pub presence: Presence,
    pub adoption: Change,
    pub paved: CountChange,
    /// Repos in both reports that were not paved before and are now, by name.
    pub moved_to_paved: Vec<Move>,
    /// Repos in both reports that were paved and now are custom, missing or error, by name.
    pub regressed: Vec<Move>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamDiff {
    pub team: String,
    pub repos: CountChange,
    pub adoption: Change,
    pub on_paved_road: Change,
}

/// Everything `paved diff` reports, sorted (rules by id, teams and repos by name).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportDiff {
    pub schema_version: u32,
    pub before: Side,
    pub after: Side,
    pub adoption: Change,
    pub on_paved_road: Change,
    /// Repos in both reports that are on the paved road now and were not.
    pub joined_paved_road: Vec<String>,
    /// Repos in both reports that were on the paved road and are not now.
    pub left_paved_road: Vec<String>,
    pub new_repos: Vec<String>,
    pub removed_repos: Vec<String>,
    pub rules: Vec<RuleDiff>,
    pub teams: Vec<TeamDiff>,
}

impl ReportDiff {
    /// The moves to paved over all rules, as (rule, move).
    pub fn all_moved_to_paved(&self) -> impl Iterator<Item = (&str, &Move)> {
        self.rules
            .iter()
            .flat_map(|r| r.moved_to_paved.iter().map(move |m| (r.rule.as_str(), m)))
    }

    /// The regressions over all rules, as (rule, move).
    pub fn all_regressed(&self) -> impl Iterator<Item = (&str, &Move)> {
        self.rules
            .iter()
            .flat_map(|r| r.regressed.iter().map(move |m| (r.rule.as_str(), m)))
    }
}

fn side(r: &Report) -> Side {
    Side {
        generated_at: r.generated_at.clone(),
        as_of: r.as_of.clone(),
        repos: r.summary.repos,
        repos_failed: r.summary.repos_failed,
    }
}

/// The outcome of `rule` for `repo`: `error` for a repo that could not be scanned, `None` where
/// the rule was not evaluated.
fn outcome(repo: &RepoReport, rule: &str) -> Option<Outcome> {
    if repo.error.is_some() {
        return Some(Outcome::Error);
    }
    repo.results
        .iter()
        .find(|r| r.rule == rule)
        .map(|r| r.outcome)
}

/// A repository in both reports: its name, then its entry before and after.
type InBoth<'r> = (&'r str, &'r RepoReport, &'r RepoReport);

/// Compares two reports; `before` is the older one.
pub fn compare(before: &Report, after: &Report) -> ReportDiff {
    let repos_b: BTreeMap<&str, &RepoReport> =
        before.repos.iter().map(|r| (r.name.as_str(), r)).collect();
    let repos_a: BTreeMap<&str, &RepoReport> =
        after.repos.iter().map(|r| (r.name.as_str(), r)).collect();
    let both: Vec<InBoth> = repos_a
        .iter()
        .filter_map(|(name, a)| Some((*name, *repos_b.get(name)?, *a)))
        .collect();
    let (joined, left) = road_moves(before, after, &both);
    ReportDiff {
        schema_version: DIFF_SCHEMA_VERSION,
        before: side(before),
        after: side(after),
        adoption: Change::new(before.summary.adoption, after.summary.adoption),
        on_paved_road: Change::new(before.summary.on_paved_road, after.summary.on_paved_road),
        joined_paved_road: joined,
        left_paved_road: left,
        new_repos: repos_a
            .keys()
            .filter(|n| !repos_b.contains_key(*n))
            .map(|n| n.to_string())
            .collect(),
        removed_repos: repos_b
            .keys()
            .filter(|n| !repos_a.contains_key(*n))
            .map(|n| n.to_string())
            .collect(),
        rules: rule_diffs(before, after, &both),
        teams: team_diffs(before, after),
    }
}

/// The repos in both reports that joined the paved road, and those that left it.
fn road_moves(before: &Report, after: &Report, both: &[InBoth]) -> (Vec<String>, Vec<String>) {
    let rules_b: BTreeMap<&str, &RuleInfo> =
        before.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let rules_a: BTreeMap<&str, &RuleInfo> =
        after.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut joined = Vec::new();
    let mut left = Vec::new();
    for (name, b, a) in both {
        match (on_paved_road(b, &rules_b), on_paved_road(a, &rules_a)) {
            (false, true) => joined.push(name.to_string()),
            (true, false) => left.push(name.to_string()),
            _ => {}
        }
    }
    (joined, left)
}

/// Every rule of either report, by id.
fn rule_diffs(before: &Report, after: &Report, both: &[InBoth]) -> Vec<RuleDiff> {
    let sums_b: BTreeMap<&str, _> = before
        .summary
        .rules
        .iter()
        .map(|r| (r.rule.as_str(), r))
        .collect();
    let sums_a: BTreeMap<&str, _> = after
        .summary
        .rules
        .iter()
        .map(|r| (r.rule.as_str(), r))
        .collect();
    let rule_ids: BTreeSet<&str> = sums_b.keys().chain(sums_a.keys()).copied().collect();
    rule_ids
        .into_iter()
        .map(|id| {
            let (b, a) = (sums_b.get(id), sums_a.get(id));
            let presence = match (b, a) {
                (Some(_), None) => Presence::Removed,
                (None, Some(_)) => Presence::Added,
                _ => Presence::Both,
            };
            let (moved_to_paved, regressed) = rule_moves(id, both);
            RuleDiff {
                rule: id.to_string(),
                presence,
                adoption: Change::new(b.and_then(|r| r.adoption), a.and_then(|r| r.adoption)),
                paved: CountChange {
                    before: b.map_or(0, |r| r.counts.paved),
                    after: a.map_or(0, |r| r.counts.paved),
                },
                moved_to_paved,
                regressed,
            }
        })
        .collect()
}

/// For one rule, the repos that moved to paved and those that regressed from it.
fn rule_moves(id: &str, both: &[InBoth]) -> (Vec<Move>, Vec<Move>) {
    let mut moved_to_paved = Vec::new();
    let mut regressed = Vec::new();
    for (name, rb, ra) in both {
        let (Some(from), Some(to)) = (outcome(rb, id), outcome(ra, id)) else {
            continue;
        };
        let m = || Move {
            repo: name.to_string(),
            from,
            to,
        };
        if from != Outcome::Paved && to == Outcome::Paved {
            moved_to_paved.push(m());
        } else if from == Outcome::Paved
            && matches!(to, Outcome::Custom | Outcome::Missing | Outcome::Error)
        {
            regressed.push(m());
        }
    }
    (moved_to_paved, regressed)
}

/// Every team of either report, by name.
fn team_diffs(before: &Report, after: &Report) -> Vec<TeamDiff> {
    let teams_b: BTreeMap<&str, _> = before
        .summary
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t))
        .collect();
    let teams_a: BTreeMap<&str, _> = after
        .summary
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t))
        .collect();
    let team_names: BTreeSet<&str> = teams_b.keys().chain(teams_a.keys()).copied().collect();
    team_names
        .into_iter()
        .map(|team| {
            let (b, a) = (teams_b.get(team), teams_a.get(team));
            TeamDiff {
                team: team.to_string(),
                repos: CountChange {
                    before: b.map_or(0, |t| t.repos),
                    after: a.map_or(0, |t| t.repos),
                },
                adoption: Change::new(b.and_then(|t| t.adoption), a.and_then(|t| t.adoption)),
                on_paved_road: Change::new(
                    b.and_then(|t| t.on_paved_road),
                    a.and_then(|t| t.on_paved_road),
                ),
            }
        })
        .collect()
}
