//! `campaign status`: each targeted repository's pull request and the campaign rules' outcomes
//! there now, with the adoption of each rule over the targeted repositories. Built from a plan
//! (which evaluated the rules) and a lookup of pull requests; the forge is the caller's.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Idle, Plan};
use crate::discover::RepoRef;
use crate::discover::forge::{PullInfo, PullState};
use crate::outcome::Outcome;
use crate::report::Counts;

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
    pub pulls: PullCounts,
    pub rules: Vec<RuleAdoption>,
    pub repos: Vec<StatusRow>,
}

/// The status of `plan`'s repositories (archived ones left out), asking `pull` for each
/// repository's pull request.
pub fn status(
    campaign: &super::Campaign,
    plan: &Plan,
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
        pulls,
        rules: ids
            .iter()
            .map(|r| {
                let c = counts.remove(r.as_str()).unwrap_or_default();
                RuleAdoption {
                    rule: r.clone(),
                    adoption: c.adoption(),
                    counts: c,
                }
            })
            .collect(),
        repos,
    }
}
