//! One repository's proposed change: the failing rules' fixes applied to its snapshot in
//! memory, and the rules evaluated again on the changed tree, so only changes that put a rule
//! on the paved road are kept. Shared by `check --fix` and `campaign plan`.

use std::sync::Arc;

use crate::discover::RepoRef;
use crate::eval::evaluate_snapshot;
use crate::fix::{Applied, FileChange, Skip, Vars, apply_fixes};
use crate::outcome::Outcome;
use crate::pack::RuleSet;
use crate::policy::Policy;
use crate::report::RepoReport;
use crate::rules::EvalCtx;
use crate::snapshot::{RepoSnapshot, SnapshotError};

/// What fixing one repository gives.
#[derive(Clone, Debug)]
pub struct Proposal {
    pub repo: String,
    /// The rules' outcomes before the change.
    pub before: RepoReport,
    /// The rules' outcomes on the changed tree (`None` when nothing changed).
    pub after: Option<RepoReport>,
    /// The files changed, only for rules the change puts on the paved road.
    pub changes: Vec<FileChange>,
    /// Targeted rules that end up paved.
    pub fixed: Vec<String>,
    /// Targeted rules that stay off the road, with the reason.
    pub unfixed: Vec<Skip>,
}

/// Whether a rule result is one a fix should try to change.
pub fn needs_fix(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::Missing | Outcome::Custom | Outcome::Error)
}

/// The placeholder values for a repository.
pub fn vars(repo: &RepoRef, snap: &RepoSnapshot, team: Option<String>) -> Vars {
    let default_branch = repo
        .meta
        .default_branch
        .clone()
        .or_else(|| snap.repo().head_name())
        .unwrap_or_else(|| "main".to_string());
    Vars {
        name: repo
            .name
            .rsplit('/')
            .next()
            .unwrap_or(&repo.name)
            .to_string(),
        repo: repo.name.clone(),
        default_branch,
        team,
    }
}

/// Applies the fixes of `targets` (every rule with fixes when `None`) that are not paved,
/// exempt or not applicable, then keeps only what makes them paved: a rule whose fix does not
/// put it on the road is dropped with its reason and the rest is applied again without it.
pub fn propose(
    rules: &RuleSet,
    targets: Option<&[String]>,
    repo: &RepoRef,
    snap: &RepoSnapshot,
    policy: &Policy,
) -> Result<Proposal, SnapshotError> {
    let before = evaluate_snapshot(rules, repo, snap, policy);
    let mut unfixed = Vec::new();
    let mut wanted: Vec<&crate::pack::Rule> = Vec::new();
    for r in &before.results {
        let targeted = targets.is_none_or(|t| t.contains(&r.rule));
        let Some(rule) = rules
            .rule(&r.rule)
            .filter(|_| targeted && needs_fix(r.outcome))
        else {
            continue;
        };
        if rule.fixes.is_empty() {
            if targets.is_some() {
                unfixed.push(skip(&rule.id, "the rule declares no `fixes`"));
            }
            continue;
        }
        wanted.push(rule);
    }
    let matches = rules.globs.match_entries(snap.entries());
    let cx = EvalCtx::new(snap, &matches, repo);
    let vars = vars(repo, snap, before.team.clone());
    // Each round drops the rules that did not end up paved; at most one round per rule.
    loop {
        let fixes: Vec<(&str, &[crate::fix::Action])> = wanted
            .iter()
            .map(|r| (r.id.as_str(), r.fixes.as_slice()))
            .collect();
        let Applied { changes, skipped } = apply_fixes(&cx, &fixes, &vars);
        let failed: Vec<String> = skipped
            .iter()
            .filter(|s| changes.iter().all(|c| !c.rules.contains(&s.rule)))
            .map(|s| s.rule.clone())
            .collect();
        if changes.is_empty() {
            unfixed.extend(skipped);
            for r in &wanted {
                if !failed.contains(&r.id) {
                    unfixed.push(skip(&r.id, "its fix changes nothing in this repository"));
                }
            }
            return Ok(Proposal {
                repo: repo.name.clone(),
                before,
                after: None,
                changes,
                fixed: Vec::new(),
                unfixed,
            });
        }
        let edits: Vec<(String, Option<Arc<str>>)> = changes
            .iter()
            .map(|c| (c.path.clone(), c.after.clone()))
            .collect();
        let changed = snap.with_changes(&edits)?;
        let after = evaluate_snapshot(rules, repo, &changed, policy);
        let outcome = |id: &str| {
            after
                .results
                .iter()
                .find(|x| x.rule == id)
                .map(|x| x.outcome)
        };
        let (fixed, not): (Vec<&crate::pack::Rule>, Vec<&crate::pack::Rule>) = wanted
            .iter()
            .partition(|r| outcome(&r.id) == Some(Outcome::Paved));
        if not.is_empty() {
            return Ok(Proposal {
                repo: repo.name.clone(),
                before,
                after: Some(after),
                changes,
                fixed: fixed.iter().map(|r| r.id.clone()).collect(),
                unfixed,
            });
        }
        for r in &not {
            let why = skipped
                .iter()
                .filter(|s| s.rule == r.id)
                .map(|s| match &s.path {
                    Some(p) => format!("{p}: {}", s.reason),
                    None => s.reason.clone(),
                })
                .collect::<Vec<_>>()
                .join("; ");
            let now = outcome(&r.id).map_or("unknown", Outcome::as_str);
            let touched = changes.iter().any(|c| c.rules.contains(&r.id));
            let reason = if !touched && why.is_empty() {
                "its fix changes nothing in this repository".to_string()
            } else if why.is_empty() {
                format!("still {now} after its fix")
            } else {
                format!("still {now} after its fix ({why})")
            };
            unfixed.push(skip(&r.id, &reason));
        }
        wanted.retain(|r| !not.iter().any(|n| n.id == r.id));
    }
}

fn skip(rule: &str, reason: &str) -> Skip {
    Skip {
        rule: rule.to_string(),
        path: None,
        reason: reason.to_string(),
    }
}
