//! One trend document from the parts of a sharded trend (`trend --shard I/N`): repositories
//! unioned, each point's summary aggregated again over all of them, exactly as one trend over
//! every repository would.

use super::trend::{RepoTrend, ReuseStats, TrendPoint, TrendReport};
use super::{RepoOutcomes, Summary};

/// Why trend parts cannot be joined into one document.
#[derive(Debug, thiserror::Error)]
pub enum TrendMergeError {
    #[error("nothing to merge")]
    Empty,
    #[error("{part}: its {what} differ from {first}'s; merge parts of one trend")]
    Differs {
        part: String,
        first: String,
        what: &'static str,
    },
    #[error("{part}: repository `{repo}` is in two parts")]
    RepoTwice { part: String, repo: String },
    #[error("{part}: repository `{repo}` has {found} points where the trend has {expected}")]
    PointCount {
        part: String,
        repo: String,
        found: usize,
        expected: usize,
    },
}

/// Joins trend parts: their rules, period and point dates must agree; a repository in two
/// parts is an error. The merged document has no reuse statistics and no latest report (a
/// document read back never has them).
pub fn merge_trends(parts: Vec<(String, TrendReport)>) -> Result<TrendReport, TrendMergeError> {
    let mut iter = parts.into_iter();
    let Some((first_name, mut merged)) = iter.next() else {
        return Err(TrendMergeError::Empty);
    };
    let dates = |t: &TrendReport| -> Vec<(String, String)> {
        t.points
            .iter()
            .map(|p| (p.date.clone(), p.as_of.clone()))
            .collect()
    };
    let first_dates = dates(&merged);
    let mut seen: std::collections::HashSet<String> =
        merged.repos.iter().map(|r| r.name.clone()).collect();
    for (name, part) in iter {
        let differs = |what| TrendMergeError::Differs {
            part: name.clone(),
            first: first_name.clone(),
            what,
        };
        if part.rules != merged.rules {
            return Err(differs("rules"));
        }
        if (&part.since, &part.until, part.every) != (&merged.since, &merged.until, merged.every)
            || dates(&part) != first_dates
        {
            return Err(differs("points"));
        }
        for r in part.repos {
            if !seen.insert(r.name.clone()) {
                return Err(TrendMergeError::RepoTwice {
                    part: name,
                    repo: r.name,
                });
            }
            merged.repos.push(r);
        }
        merged.generated_at = merged.generated_at.max(part.generated_at);
    }
    if let Some(r) = merged
        .repos
        .iter()
        .find(|r| r.points.len() != first_dates.len())
    {
        return Err(TrendMergeError::PointCount {
            part: first_name,
            repo: r.name.clone(),
            found: r.points.len(),
            expected: first_dates.len(),
        });
    }
    merged.repos.sort_by(|a, b| a.name.cmp(&b.name));
    let summaries: Vec<Summary> = (0..merged.points.len())
        .map(|i| summary_at(&merged, i))
        .collect();
    for (p, s) in merged.points.iter_mut().zip(summaries) {
        *p = TrendPoint {
            summary: s,
            ..p.clone()
        };
    }
    merged.latest = None;
    merged.stats = ReuseStats::default();
    Ok(merged)
}

/// Point `i`'s summary over every repository, as the trend engine aggregates it.
fn summary_at(t: &TrendReport, i: usize) -> Summary {
    let mut without = 0;
    let mut repos = Vec::new();
    for r in &t.repos {
        let Some(Some(p)) = r.points.get(i) else {
            without += 1;
            continue;
        };
        repos.push(outcomes_of(r, p));
    }
    let mut summary = Summary::of_outcomes(&t.rules, repos);
    summary.repos_without_history = without;
    summary
}

fn outcomes_of<'a>(r: &'a RepoTrend, p: &'a super::trend::RepoPoint) -> RepoOutcomes<'a> {
    RepoOutcomes {
        name: &r.name,
        team: r.team.as_deref(),
        failed: p.error.is_some(),
        outcomes: p.outcomes.iter().map(|(k, o)| (k.as_str(), *o)).collect(),
    }
}
