//! `paved sync`: create or update the bare mirrors of a GitHub organisation's repositories.

use std::io::Write;

use clap::Args;

use super::org::{self, OrgArgs};
use super::select::{Shard, exclude_set};
use super::ui::Ui;
use crate::exit::Exit;

#[derive(Args, Debug)]
pub struct SyncArgs {
    #[command(flatten)]
    pub github: OrgArgs,
    /// Repositories cloned or fetched at once [default: 8].
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Leave out repositories whose owner/name matches GLOB (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Mirror only shard I of N (1-based), the same repositories `scan --shard I/N` scans, so
    /// each shard of a scheduled job keeps only its share of the org on disk.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

pub fn run(args: SyncArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let exclude = exclude_set(&args.exclude)?;
    let org = args.github.require_org()?;
    let jobs = super::select::jobs(args.jobs, ui);
    let shard = args.shard;
    let keep = |name: &str| shard.is_none_or(|s| s.contains(name));
    let report = org::sync_org(&args.github, jobs, &exclude, &keep, false, ui)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "synced {org} into {}: {}",
        report.dir.display(),
        report.summary()
    )?;
    for s in &report.repos {
        if let Err(e) = &s.outcome {
            writeln!(out, "  failed      {}: {e}", s.repo.full_name)?;
        }
    }
    for r in &report.renamed {
        writeln!(
            out,
            "  renamed     {} -> {}{}",
            r.from,
            r.to,
            org::moved_note(r.moved)
        )?;
    }
    for n in &report.not_listed {
        writeln!(
            out,
            "  not listed  {n} (deleted upstream or not visible; left on disk)"
        )?;
    }
    out.flush()?;
    Ok(if report.failed() > 0 {
        Exit::ReposFailed
    } else {
        Exit::Success
    })
}
