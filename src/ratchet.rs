//! The ratchet gate: a rule that was paved or exempt at the baseline must still be, so an org
//! can gate every repository from day one without first paying its whole debt.

use std::collections::BTreeMap;

use crate::outcome::Outcome;
use crate::report::Report;

/// One rule of one repository, before (the baseline) and now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub repo: String,
    pub rule: String,
    pub before: Outcome,
    pub now: Outcome,
}

/// The comparison of the current state with a baseline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ratchet {
    /// Paved or exempt at the baseline, custom, missing or error now: these fail the gate.
    pub regressions: Vec<Change>,
    /// Custom, missing or error at the baseline and still not paved or exempt: debt the gate
    /// tolerates.
    pub already_failing: Vec<Change>,
}

/// Holds the road: paved, or exempt by a decision someone made.
fn holds(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Paved | Outcome::Exempt)
}

/// Off the road in a way that counts: a rule that stopped applying (`not_applicable`) is not a
/// regression, since the thing it checks is gone.
fn fails(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Custom | Outcome::Missing | Outcome::Error)
}

impl Ratchet {
    /// Compares every repository of `now` with the same-named one of `baseline`, rule by rule.
    /// Repositories or rules the baseline does not know are new and cannot regress; a
    /// repository that failed in either report has no results to compare.
    pub fn compare(baseline: &Report, now: &Report) -> Ratchet {
        let before: BTreeMap<(&str, &str), Outcome> = baseline
            .repos
            .iter()
            .flat_map(|repo| {
                repo.results
                    .iter()
                    .map(move |r| ((repo.name.as_str(), r.rule.as_str()), r.outcome))
            })
            .collect();
        let mut ratchet = Ratchet::default();
        for repo in &now.repos {
            for r in &repo.results {
                let Some(&was) = before.get(&(repo.name.as_str(), r.rule.as_str())) else {
                    continue;
                };
                let change = Change {
                    repo: repo.name.clone(),
                    rule: r.rule.clone(),
                    before: was,
                    now: r.outcome,
                };
                if holds(was) && fails(r.outcome) {
                    ratchet.regressions.push(change);
                } else if fails(was) && !holds(r.outcome) && r.outcome != Outcome::NotApplicable {
                    ratchet.already_failing.push(change);
                }
            }
        }
        ratchet
    }

    /// Compares one repository's two reports by rule, whatever each names the repository
    /// (`check --baseline` evaluates the same repository twice).
    pub fn compare_one(baseline: &Report, now: &Report) -> Ratchet {
        let mut baseline = baseline.clone();
        if let (Some(b), Some(n)) = (baseline.repos.first_mut(), now.repos.first()) {
            b.name = n.name.clone();
        }
        Ratchet::compare(&baseline, now)
    }

    /// Regressions, as the gate judges them.
    pub fn passes(&self) -> bool {
        self.regressions.is_empty()
    }
}
