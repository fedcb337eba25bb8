//! Campaigns: move repositories onto the paved road. `spec.rs` reads the campaign file,
//! `propose.rs` computes and proves one repository's change, `local.rs` writes it as a branch
//! into a local repository with gix, `status.rs` gathers pull requests and adoption for
//! `campaign status`, `burndown.rs` counts the repositories left at each trend point for the
//! dashboard and the memo. Planning never writes anything.

pub mod burndown;
pub mod local;
pub mod propose;
pub mod spec;
pub mod status;

use crate::discover::RepoRef;
use crate::pack::RuleSet;
use crate::policy::Policy;
use crate::snapshot::{RepoSnapshot, SnapshotOptions};

pub use propose::{Proposal, propose};
pub use spec::Campaign;

/// Why a repository gets no change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Idle {
    /// Archived repositories are never touched.
    Archived,
    /// Every campaign rule is paved, exempt or not applicable already.
    AlreadyPaved,
    /// No fix puts any of its rules on the paved road (the proposal lists why).
    NoFix,
    /// The repository could not be read.
    Error(String),
}

/// One targeted repository in a plan.
#[derive(Clone, Debug)]
pub struct PlanEntry {
    pub repo: RepoRef,
    /// `None` when the repository is archived or could not be read.
    pub proposal: Option<Proposal>,
    pub idle: Option<Idle>,
}

/// A campaign's plan over a set of repositories, sorted by name.
#[derive(Clone, Debug)]
pub struct Plan {
    pub campaign: String,
    pub entries: Vec<PlanEntry>,
}

impl Plan {
    /// The entries with a change to make, in name order, at most `rollout` of them.
    pub fn changes(&self, rollout: Option<usize>) -> Vec<&PlanEntry> {
        self.entries
            .iter()
            .filter(|e| e.idle.is_none())
            .take(rollout.unwrap_or(usize::MAX))
            .collect()
    }
}

/// Plans `campaign` over `repos`: every targeted repository that is not archived gets its
/// proposal, computed in memory on its snapshot.
pub fn plan(
    rules: &RuleSet,
    campaign: &Campaign,
    repos: &[RepoRef],
    snapshot: &SnapshotOptions,
    policy: &Policy,
) -> Plan {
    let targets = campaign.rule_ids();
    let mut entries: Vec<PlanEntry> = repos
        .iter()
        .filter(|r| campaign.targets(&r.name))
        .map(|repo| {
            let entry = |proposal, idle| PlanEntry {
                repo: repo.clone(),
                proposal,
                idle,
            };
            if repo.meta.archived == Some(true) {
                return entry(None, Some(Idle::Archived));
            }
            let run = || {
                let snap = RepoSnapshot::open(repo, snapshot).map_err(|e| e.to_string())?;
                propose(rules, Some(&targets), repo, &snap, policy).map_err(|e| e.to_string())
            };
            match crate::eval::guarded(repo, run, Err) {
                Err(e) => entry(None, Some(Idle::Error(e))),
                Ok(p) => {
                    let idle = if !p.changes.is_empty() {
                        None
                    } else if p.unfixed.is_empty() {
                        Some(Idle::AlreadyPaved)
                    } else {
                        Some(Idle::NoFix)
                    };
                    entry(Some(p), idle)
                }
            }
        })
        .collect();
    entries.sort_by(|a, b| a.repo.name.cmp(&b.repo.name));
    Plan {
        campaign: campaign.name.clone(),
        entries,
    }
}
