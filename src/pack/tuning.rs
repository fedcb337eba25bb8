//! The config's per-rule tuning (`select`, `ignore`, `severity`) applied to a loaded rule set,
//! so an org adjusts built-in packs without forking them.
//!
//! As in ruff, a name is a rule id or a pack name, and the more specific name wins: a rule id in
//! `ignore` drops that rule even when its pack is selected, and a rule id in `select` keeps it
//! even when its pack is ignored. Between a rule id named in both, `ignore` wins.

use crate::diag::Diagnostic;
use crate::pack::RuleSet;
use crate::pack::config::{Level, Named, Tuning};

/// How a list decides about one rule: by its id (more specific) or its pack.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum By {
    Nothing,
    Pack,
    Id,
}

fn named_by(list: &[Named], id: &str, pack: &str) -> By {
    if list.iter().any(|(n, _)| n == id) {
        By::Id
    } else if list.iter().any(|(n, _)| n == pack) {
        By::Pack
    } else {
        By::Nothing
    }
}

/// Every name in the tuning that is neither a loaded rule id nor a loaded pack, as a
/// diagnostic at its position; `severity` takes rule ids only.
pub fn check(tuning: &Tuning, rules: &RuleSet) -> Vec<Diagnostic> {
    let ids: Vec<&str> = rules.rules().map(|r| r.id.as_str()).collect();
    let packs: Vec<&str> = rules.packs.iter().map(|p| p.name.as_str()).collect();
    let mut out = Vec::new();
    let mut unknown = |key: &str, (name, pos): &Named, ids_only: bool| {
        let known = ids.contains(&name.as_str()) || (!ids_only && packs.contains(&name.as_str()));
        if known {
            return;
        }
        let mut candidates = ids.clone();
        if !ids_only {
            candidates.extend(&packs);
        }
        let hint = crate::diag::did_you_mean(name, &candidates)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        let what = if ids_only {
            "rule"
        } else {
            "rule or loaded pack"
        };
        out.push(Diagnostic {
            file: tuning.source.clone(),
            pos: *pos,
            message: format!("`{key}` names unknown {what} `{name}`{hint}"),
        });
    };
    for n in tuning.select.iter().flatten() {
        unknown("select", n, false);
    }
    for n in &tuning.ignore {
        unknown("ignore", n, false);
    }
    for (n, _) in &tuning.severity {
        unknown("severity", n, true);
    }
    out
}

/// Drops the rules the tuning leaves out and sets the severities it overrides.
pub fn apply(tuning: &Tuning, rules: &mut RuleSet) {
    for pack in &mut rules.packs {
        let name = pack.name.clone();
        pack.rules.retain_mut(|rule| {
            let selected = tuning
                .select
                .as_deref()
                .is_none_or(|s| named_by(s, &rule.id, &name) != By::Nothing);
            let ignored = named_by(&tuning.ignore, &rule.id, &name);
            let chosen = tuning
                .select
                .as_deref()
                .map_or(By::Nothing, |s| named_by(s, &rule.id, &name));
            let keep = selected && (ignored == By::Nothing || chosen > ignored);
            let level = tuning
                .severity
                .iter()
                .rev()
                .find(|((id, _), _)| *id == rule.id)
                .map(|(_, l)| *l);
            match level {
                Some(Level::Off) => false,
                Some(Level::Set(s)) => {
                    rule.severity = s;
                    keep
                }
                None => keep,
            }
        });
    }
}
