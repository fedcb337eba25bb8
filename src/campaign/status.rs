//! `campaign status`: each targeted repository's pull request and the campaign rules' outcomes
//! there now, with the adoption of each rule over the targeted repositories, now and when the
//! campaign started. Built from a plan (which evaluated the rules), a lookup of pull requests
//! (the forge is the caller's) and the baseline: the rules evaluated on each default branch's
//! history as of the campaign's `started:` day, so no state is kept anywhere.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Idle, Plan};
use crate::discover::RepoRef;
use crate::discover::forge::{PullInfo, PullState};
use crate::eval::ScanOptions;
use crate::history::{Cutoff, DateError, scan_as_of};
use crate::outcome::Outcome;
use crate::pack::RuleSet;
use crate::report::Counts;

/// Each targeted repository's campaign-rule outcomes at the campaign's start, by repository
/// name; a repository with no commit by then is absent.
pub type Baseline = BTreeMap<String, BTreeMap<String, Outcome>>;

/// The campaign rules evaluated on every targeted, unarchived repository of `plan` as of the
/// end of `day` (UTC): the last commit of each default branch's first-parent line by then.
pub fn baseline(
    rules: &RuleSet,
    campaign: &super::Campaign,
    plan: &Plan,
    opts: &ScanOptions,
    day: jiff::civil::Date,
) -> Result<Baseline, BaselineError> {
    let cutoff = Cutoff::end_of(day)?;
    let repos: Vec<RepoRef> = plan
        .entries
        .iter()
        .filter(|e| e.idle != Some(Idle::Archived))
        .map(|e| e.repo.clone())
        .collect();
    let ids = campaign.rule_ids();
    let scan = scan_as_of(rules, &repos, opts, &cutoff, &|| {})?;
    Ok(scan
        .repos
        .into_iter()
        .map(|r| {
            let outcomes = r
                .results
                .iter()
                .filter(|x| ids.contains(&x.rule))
                .map(|x| (x.rule.clone(), x.outcome))
                .collect();
            (r.name, outcomes)
        })
        .collect())
}

/// Why the baseline could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("the campaign's start: {0}")]
    Date(#[from] DateError),
    #[error("starting the workers: {0}")]
    Pool(#[from] rayon::ThreadPoolBuildError),
}

/// One targeted repository.
#[derive(Clone, Debug, Serialize)]
pub struct StatusRow {
    pub repo: String,
    /// The newest pull request from the campaign's branch; `None` when there is none.
    pub pull: Option<PullInfo>,
    /// Why the pull request could not be read, or the repository could not be evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Each campaign rule's outcome now.
    pub rules: BTreeMap<String, Outcome>,
}

/// One campaign rule over the targeted repositories.
#[derive(Clone, Debug, Serialize)]
pub struct RuleAdoption {
    pub rule: String,
    pub counts: Counts,
    /// paved / (paved + custom + missing).
    pub adoption: Option<f64>,
    /// The counts and adoption at the campaign's start (`started:`), `None` without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_counts: Option<Counts>,
    pub adoption_at_start: Option<f64>,
    /// `adoption - adoption_at_start`, as a fraction (0.25 = +25 pp).
    pub change: Option<f64>,
}

/// How many pull requests are in each state (`none`: no pull request yet).
#[derive(Clone, Debug, Default, Serialize)]
pub struct PullCounts {
    pub open: usize,
    pub out_of_date: usize,
    pub merged: usize,
    pub closed: usize,
    pub none: usize,
}

/// A campaign's status.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignStatus {
    pub campaign: String,
    pub branch: String,
    pub deadline: Option<String>,
    pub started: Option<String>,
    pub pulls: PullCounts,
    pub rules: Vec<RuleAdoption>,
    pub repos: Vec<StatusRow>,
}

/// The status of `plan`'s repositories (archived ones left out), asking `pull` for each
/// repository's pull request; `baseline` gives the adoption at the campaign's start.
pub fn status(
    campaign: &super::Campaign,
    plan: &Plan,
    baseline: Option<&Baseline>,
    mut pull: impl FnMut(&RepoRef) -> Result<Option<PullInfo>, String>,
) -> CampaignStatus {
    let ids = campaign.rule_ids();
    let mut pulls = PullCounts::default();
    let mut counts: BTreeMap<&str, Counts> = ids
        .iter()
        .map(|r| (r.as_str(), Counts::default()))
        .collect();
    let mut repos = Vec::new();
    for e in &plan.entries {
        if e.idle == Some(Idle::Archived) {
            continue;
        }
        let mut error = match &e.idle {
            Some(Idle::Error(m)) => Some(m.clone()),
            _ => None,
        };
        let rules: BTreeMap<String, Outcome> = e
            .proposal
            .iter()
            .flat_map(|p| &p.before.results)
            .filter(|r| ids.contains(&r.rule))
            .map(|r| (r.rule.clone(), r.outcome))
            .collect();
        for (rule, o) in &rules {
            if let Some(c) = counts.get_mut(rule.as_str()) {
                c.add(*o);
            }
        }
        let found = pull(&e.repo).unwrap_or_else(|m| {
            error.get_or_insert(m);
            None
        });
        match found.as_ref().map(|p| p.state) {
            None => pulls.none += 1,
            Some(PullState::Open) => pulls.open += 1,
            Some(PullState::OutOfDate) => pulls.out_of_date += 1,
            Some(PullState::Merged) => pulls.merged += 1,
            Some(PullState::Closed) => pulls.closed += 1,
        }
        repos.push(StatusRow {
            repo: e.repo.name.clone(),
            pull: found,
            error,
            rules,
        });
    }
    CampaignStatus {
        campaign: campaign.name.clone(),
        branch: campaign.branch.clone(),
        deadline: campaign.deadline.map(|d| d.to_string()),
        started: campaign.started.map(|d| d.to_string()),
        pulls,
        rules: ids
            .iter()
            .map(|r| {
                let c = counts.remove(r.as_str()).unwrap_or_default();
                let start = baseline.map(|b| start_counts(b, r));
                let at_start = start.as_ref().and_then(Counts::adoption);
                let adoption = c.adoption();
                RuleAdoption {
                    rule: r.clone(),
                    change: at_start
                        .zip(adoption)
                        .map(|(b, a)| ((a - b) * 10_000.0).round() / 10_000.0),
                    adoption,
                    counts: c,
                    start_counts: start,
                    adoption_at_start: at_start,
                }
            })
            .collect(),
        repos,
    }
}

fn start_counts(b: &Baseline, rule: &str) -> Counts {
    let mut c = Counts::default();
    for o in b.values().filter_map(|rules| rules.get(rule)) {
        c.add(*o);
    }
    c
}
