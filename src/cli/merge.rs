//! `paved merge`: one report from the parts of a sharded scan.

use std::path::PathBuf;

use clap::Args;

use super::output::{self, OutputArgs};
use super::ui::Ui;
use crate::exit::Exit;
use crate::report::Report;

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// JSON reports written by `paved scan --shard I/N --format json`.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Why parts cannot be joined into one report.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge")]
    Empty,
    #[error("{part}: its rules differ from {first}'s; merge parts of one scan")]
    RulesDiffer { part: String, first: String },
    #[error("{part}: repository `{repo}` is in two parts")]
    RepoTwice { part: String, repo: String },
}

/// Joins reports: repositories are unioned (a repo in two parts is an error), rules must agree.
pub fn merge(parts: Vec<(String, Report)>) -> Result<Report, MergeError> {
    let mut iter = parts.into_iter();
    let Some((first_name, first)) = iter.next() else {
        return Err(MergeError::Empty);
    };
    let rules = first.rules.clone();
    let mut repos = first.repos;
    let mut generated_at = first.generated_at;
    // Shards of one `scan --as-of` share its moment; parts that disagree have none in common.
    let mut as_of = first.as_of;
    let mut as_of_agrees = true;
    for (name, part) in iter {
        if part.rules != rules {
            return Err(MergeError::RulesDiffer {
                part: name,
                first: first_name,
            });
        }
        if let Some(r) = part
            .repos
            .iter()
            .find(|r| repos.iter().any(|x| x.name == r.name))
        {
            return Err(MergeError::RepoTwice {
                repo: r.name.clone(),
                part: name,
            });
        }
        repos.extend(part.repos);
        generated_at = generated_at.max(part.generated_at);
        as_of_agrees &= part.as_of == as_of;
    }
    if !as_of_agrees {
        as_of = None;
    }
    let mut report = Report::build(rules, repos, generated_at);
    report.as_of = as_of;
    Ok(report)
}

/// One part, read and checked to be a report this paved understands.
fn read_part(p: &std::path::Path) -> anyhow::Result<Report> {
    // The same size-limited, version-checked read as `diff`.
    Ok(crate::diff::load_report(p)?)
}

pub fn run(args: MergeArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let mut parts = Vec::new();
    for p in &args.parts {
        parts.push((p.display().to_string(), read_part(p)?));
    }
    let report = merge(parts)?;
    output::write_report(&report, &args.out, ui)?;
    Ok(if report.summary.repos_failed > 0 {
        Exit::ReposFailed
    } else {
        Exit::Success
    })
}
