//! `paved init`'s survey: what the repositories it is pointed at already use (which built-in
//! packs apply, CI systems, reusable workflows, templates, CODEOWNERS), so the config and starter
//! pack it writes start from the org as it is. Rendering the files is `render::init`'s job.

use std::collections::BTreeMap;

use crate::discover::RepoRef;
use crate::outcome::Outcome;
use crate::pack::{RuleSet, builtin};
use crate::query::Value;
use crate::report::RepoReport;
use crate::snapshot::{Content, RepoSnapshot, SnapshotOptions};

/// How many repositories use one thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub name: String,
    pub repos: usize,
}

/// A built-in pack and the repositories where any of its rules applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackUse {
    pub name: String,
    pub applies: usize,
    pub on_by_default: bool,
}

/// What `paved init` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Survey {
    /// Repositories found, and those that could be scanned.
    pub repos: usize,
    pub scanned: usize,
    /// Every built-in pack, in `builtin::FILES` order.
    pub packs: Vec<PackUse>,
    /// CI systems by number of repositories, most used first.
    pub ci: Vec<Count>,
    /// Jobs' `uses:` references (without `@ref`), most used first.
    pub reusable: Vec<Count>,
    /// Templates (`tool source`), most used first.
    pub templates: Vec<Count>,
    /// Repositories whose CODEOWNERS has a catch-all owner (a team for `team_from_codeowners`).
    pub codeowners_teams: usize,
}

/// Whether a tree path is one of a CI system's files.
type IsCiFile = fn(&str) -> bool;

/// The CI systems paved can tell apart by their files.
const CI_SYSTEMS: [(&str, IsCiFile); 4] = [
    ("GitHub Actions", is_workflow),
    ("GitLab CI", |p| p == ".gitlab-ci.yml"),
    ("Jenkins", |p| p == "Jenkinsfile"),
    ("CircleCI", |p| p == ".circleci/config.yml"),
];

fn is_workflow(path: &str) -> bool {
    path.strip_prefix(".github/workflows/")
        .is_some_and(|f| !f.contains('/') && (f.ends_with(".yml") || f.ends_with(".yaml")))
}

/// Surveys `repos` from a scan of them with every built-in pack (`rules`, `reports`) and a
/// look at each one's CI files.
pub fn survey(rules: &RuleSet, repos: &[RepoRef], reports: &[RepoReport]) -> Survey {
    let scanned: Vec<&RepoReport> = reports.iter().filter(|r| r.error.is_none()).collect();
    let packs = builtin::names()
        .into_iter()
        .map(|name| PackUse {
            name: name.to_string(),
            applies: scanned
                .iter()
                .filter(|r| {
                    r.results.iter().any(|res| {
                        res.outcome != Outcome::NotApplicable
                            && rules.rule(&res.rule).is_some_and(|rule| rule.pack == name)
                    })
                })
                .count(),
            on_by_default: builtin::on_by_default(name),
        })
        .collect();
    let mut ci = BTreeMap::new();
    let mut reusable = BTreeMap::new();
    for repo in repos {
        let Ok(snap) = RepoSnapshot::open(repo, &SnapshotOptions::default()) else {
            continue;
        };
        for (system, is) in CI_SYSTEMS {
            if snap.entries().iter().any(|e| is(&e.path)) {
                *ci.entry(system.to_string()).or_insert(0) += 1;
            }
        }
        let mut uses: Vec<String> = snap
            .entries()
            .iter()
            .filter(|e| is_workflow(&e.path))
            .flat_map(|e| job_uses(&snap, &e.path))
            .collect();
        uses.sort();
        uses.dedup();
        for u in uses {
            *reusable.entry(u).or_insert(0) += 1;
        }
    }
    let mut templates = BTreeMap::new();
    for t in scanned.iter().filter_map(|r| r.template.as_ref()) {
        let tool = serde_json::to_value(t.tool)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *templates.entry(format!("{tool} {}", t.source)).or_insert(0) += 1;
    }
    Survey {
        repos: reports.len(),
        scanned: scanned.len(),
        packs,
        ci: ranked(ci),
        reusable: ranked(reusable),
        templates: ranked(templates),
        codeowners_teams: scanned.iter().filter(|r| r.team.is_some()).count(),
    }
}

/// The `uses:` of the jobs of one workflow file (a reusable workflow called by a job), without
/// the `@ref`; local references (`./...`) are the repository's own and say nothing of the org.
fn job_uses(snap: &RepoSnapshot, path: &str) -> Vec<String> {
    let Ok(Content::Text(text)) = snap.content(path) else {
        return Vec::new();
    };
    let Ok(docs) = crate::query::yaml::parse_yaml(&text) else {
        return Vec::new();
    };
    let Some(Value::Map(jobs)) = docs.first().and_then(|d| d.get("jobs")).map(|j| &j.value) else {
        return Vec::new();
    };
    jobs.iter()
        .filter_map(|(_, job)| job.get("uses")?.as_str())
        .filter(|u| !u.starts_with("./"))
        .map(|u| u.split_once('@').map_or(u, |(r, _)| r).to_string())
        .collect()
}

/// Most used first, then by name, so the output is the same on every run.
fn ranked(counts: BTreeMap<String, usize>) -> Vec<Count> {
    let mut v: Vec<Count> = counts
        .into_iter()
        .map(|(name, repos)| Count { name, repos })
        .collect();
    v.sort_by(|a, b| b.repos.cmp(&a.repos).then_with(|| a.name.cmp(&b.name)));
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn workflows_are_direct_yaml_children() {
        let cases = [
            (".github/workflows/ci.yml", true),
            (".github/workflows/ci.yaml", true),
            (".github/workflows/sub/ci.yml", false),
            (".github/workflows/README.md", false),
            (".github/ci.yml", false),
        ];
        for (path, want) in cases {
            assert_eq!(super::is_workflow(path), want, "{path}");
        }
    }
}
