//! `paved check`: gate one repository in its own CI.

use std::path::PathBuf;

use clap::Args;

use super::common::{self, Ui};
use super::{OutputArgs, RuleArgs, UsageError};
use crate::eval::ScanOptions;
use crate::exit::Exit;
use crate::report::{self, Severity};
use crate::snapshot::SnapshotOptions;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The repository to gate (its HEAD, or --rev).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Evaluate this revision instead of HEAD.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

pub fn run(args: CheckArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let (rules, policy) = common::load_setup(&args.rules)?;
    let repo = one_repo(&args.path)?;
    let opts = ScanOptions {
        snapshot: SnapshotOptions {
            rev: args.rev,
            max_file_size: policy.config.max_file_size,
        },
        jobs: Some(1),
        policy,
    };
    let report = super::scan::scan_repos(&rules, std::slice::from_ref(&repo), &opts, ui)?;
    common::write_report(&report, &args.out, ui)?;
    let Some(r) = report.repos.first() else {
        return Ok(Exit::ReposFailed);
    };
    if let Some(e) = &r.error {
        ui.note(format!("{}: {e}", r.name));
        return Ok(Exit::ReposFailed);
    }
    let by_id = report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    if report::on_paved_road(r, &by_id) {
        Ok(Exit::Success)
    } else {
        let failing: Vec<&str> = r
            .results
            .iter()
            .filter(|x| {
                by_id
                    .get(x.rule.as_str())
                    .is_some_and(|i| i.severity == Severity::Required)
            })
            .filter(|x| {
                !matches!(
                    x.outcome,
                    crate::outcome::Outcome::Paved
                        | crate::outcome::Outcome::Exempt
                        | crate::outcome::Outcome::NotApplicable
                )
            })
            .map(|x| x.rule.as_str())
            .collect();
        ui.note(format!(
            "gate failed: required rules not on the paved road: {}",
            failing.join(", ")
        ));
        Ok(Exit::GateFailed)
    }
}

/// The repository at `path` itself: a folder holding several repositories is not one.
fn one_repo(path: &std::path::Path) -> anyhow::Result<crate::discover::RepoRef> {
    let found = crate::discover::local::discover(&[path.to_path_buf()], &globset::GlobSet::empty())
        .map_err(|e| UsageError(e.to_string()))?;
    match <[_; 1]>::try_from(found) {
        Ok([repo]) => Ok(repo),
        Err(found) if found.is_empty() => {
            Err(UsageError(format!("{}: not a git repository", path.display())).into())
        }
        Err(found) => Err(UsageError(format!(
            "{}: holds {} repositories; `check` gates one (use `scan` for many)",
            path.display(),
            found.len()
        ))
        .into()),
    }
}
