//! `paved merge`: one report from the parts of a sharded scan.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::common::{self, Ui};
use super::{OutputArgs, UsageError};
use crate::exit::Exit;
use crate::report::{Report, SCHEMA_VERSION};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// JSON reports written by `paved scan --shard I/N --format json`.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Joins reports: repositories are unioned (a repo in two parts is an error), rules must agree.
pub fn merge(parts: Vec<(String, Report)>) -> Result<Report, UsageError> {
    let mut iter = parts.into_iter();
    let Some((first_name, first)) = iter.next() else {
        return Err(UsageError("nothing to merge".into()));
    };
    let rules = first.rules.clone();
    let mut repos = first.repos;
    let mut generated_at = first.generated_at;
    for (name, part) in iter {
        if part.rules != rules {
            return Err(UsageError(format!(
                "{name}: its rules differ from {first_name}'s; merge parts of one scan"
            )));
        }
        for r in &part.repos {
            if repos.iter().any(|x| x.name == r.name) {
                return Err(UsageError(format!(
                    "{name}: repository `{}` is in two parts",
                    r.name
                )));
            }
        }
        repos.extend(part.repos);
        generated_at = generated_at.max(part.generated_at);
    }
    Ok(Report::build(rules, repos, generated_at))
}

pub fn run(args: MergeArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let mut parts = Vec::new();
    for p in &args.parts {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        let report: Report = serde_json::from_str(&text).map_err(|e| {
            UsageError(format!(
                "{}: not a paved JSON report (schema_version {SCHEMA_VERSION}): {e}",
                p.display()
            ))
        })?;
        if report.schema_version != SCHEMA_VERSION {
            return Err(UsageError(format!(
                "{}: schema_version {} is not supported (this paved reads {SCHEMA_VERSION})",
                p.display(),
                report.schema_version
            ))
            .into());
        }
        parts.push((p.display().to_string(), report));
    }
    let report = merge(parts)?;
    common::write_report(&report, &args.out, ui)?;
    Ok(if report.summary.repos_failed > 0 {
        Exit::ReposFailed
    } else {
        Exit::Success
    })
}
