//! Which repositories a run covers: paths, `--rev`, `--exclude`, `--jobs`, `--shard`.

use std::path::PathBuf;
use std::str::FromStr;

use anyhow::Context;
use clap::Args;

use super::UsageError;
use super::setup::{self, RuleArgs};
use super::ui::Ui;
use crate::discover::local::Unreadable;
use crate::discover::{self, RepoRef};
use crate::eval::ScanOptions;
use crate::pack::RuleSet;
use crate::snapshot::SnapshotOptions;

/// Which repositories, at which revision, with how many workers (scan, trend, memo).
#[derive(Args, Debug, Clone, Default)]
pub struct SelectArgs {
    /// Worker threads (default: all cores); with --org, also repositories synced at once (default: 8).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Use this revision instead of HEAD (trend and memo follow its first-parent history).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Leave out repositories whose name matches GLOB (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules
    /// are unchanged (default: `paved` under the user's cache directory).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Evaluate everything, reading and writing no result cache.
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,
}

/// One shard of a scan split across runners: repos are assigned by a stable hash of their name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 2/4")?;
        // `K+1/N`: a 0-based index (Kubernetes' JOB_COMPLETION_INDEX) made 1-based.
        let (i, plus) = match i.trim().strip_suffix("+1") {
            Some(k) => (k, 1),
            None => (i, 0),
        };
        let index: u64 = i
            .trim()
            .parse::<u64>()
            .map_err(|_| format!("`{i}` is not a number"))?
            .saturating_add(plus);
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("`{n}` is not a number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {index}/{count}: I must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// FNV-1a: stable across runs, platforms and Rust versions, unlike `DefaultHasher`.
    pub fn contains(&self, name: &str) -> bool {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h % self.count == self.index - 1
    }
}

/// The globs of a repeatable option such as `--exclude`; a bad one is a usage error naming it.
pub fn glob_set(globs: &[String], flag: &str) -> anyhow::Result<globset::GlobSet> {
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        b.add(globset::Glob::new(g).map_err(|e| UsageError(format!("{flag} {g}: {}", e.kind())))?);
    }
    Ok(b.build()?)
}

/// `--exclude GLOB...`.
pub fn exclude_set(globs: &[String]) -> anyhow::Result<globset::GlobSet> {
    glob_set(globs, "--exclude")
}

/// The repositories under `paths`, less the excluded ones, and the folders that could not be
/// read. What was skipped and what could not be read are noted on stderr. The error's text
/// already ends with its cause, so the cause is not chained a second time.
pub fn discover_local(
    paths: &[PathBuf],
    exclude: &globset::GlobSet,
    ui: &Ui,
) -> anyhow::Result<(Vec<RepoRef>, Vec<Unreadable>)> {
    let found = discover::local::discover(paths, exclude)
        .map_err(|e| anyhow::Error::msg(e.to_string()))
        .context("finding repositories")?;
    for note in &found.skipped {
        ui.note(note);
    }
    for u in &found.unreadable {
        // A warning even with --quiet: repositories may be missing from the report.
        eprintln!(
            "paved: warning: {}: could not be read: {}",
            u.path.display(),
            u.error
        );
    }
    Ok((found.repos, found.unreadable))
}

/// `--jobs`, clamped to [`crate::eval::clamp_jobs`]'s range, with a note when it was.
pub fn jobs(jobs: Option<usize>, ui: &Ui) -> Option<usize> {
    let n = jobs?;
    let clamped = crate::eval::clamp_jobs(n);
    if clamped != n {
        ui.note(format!(
            "--jobs {n}: using {clamped} (1 to 4 per core, at most 256)"
        ));
    }
    Some(clamped)
}

/// The snapshot options the config sets (its limits); the rest default. Every command that
/// takes snapshots starts from these, so a limit set in the config applies to all of them.
pub fn snapshot_options(config: &crate::pack::config::Config) -> SnapshotOptions {
    config.limits.apply(SnapshotOptions::default())
}

/// The scan options of a run over local repositories.
pub fn scan_options(select: &SelectArgs, policy: crate::policy::Policy) -> ScanOptions {
    ScanOptions {
        snapshot: SnapshotOptions {
            rev: select.rev.clone(),
            source: crate::snapshot::Source::Commit,
            ..snapshot_options(&policy.config)
        },
        jobs: select.jobs,
        policy,
        cache: None,
    }
}

/// The result cache of a run (`--cache DIR`, else the default folder; none with `--no-cache`
/// or when there is no user cache directory), fingerprinted with the run's rules and options.
pub fn result_cache(
    select: &SelectArgs,
    rules: &RuleSet,
    opts: &ScanOptions,
) -> Option<std::sync::Arc<crate::cache::ResultCache>> {
    use crate::cache::{Cache, DEFAULT_LIMIT, ENTRY_LIMIT, Fingerprint, ResultCache};
    if select.no_cache {
        return None;
    }
    let dir = select.cache.clone().or_else(Cache::default_dir)?;
    Some(std::sync::Arc::new(ResultCache {
        store: Cache::new(dir, DEFAULT_LIMIT).with_entry_limit(
            opts.policy
                .config
                .limits
                .max_cache_entry_size
                .unwrap_or(ENTRY_LIMIT),
        ),
        fingerprint: Fingerprint::new(rules, &opts.policy, &opts.snapshot),
    }))
}

/// After a run: the cache's warnings on stderr (even with --quiet: results were recomputed),
/// and its size brought under its bound.
pub fn finish_cache(opts: &ScanOptions) {
    let Some(c) = &opts.cache else { return };
    let (warnings, more) = c.store.take_warnings();
    for w in &warnings {
        eprintln!("paved: warning: {w}");
    }
    if more > 0 {
        eprintln!("paved: warning: and {more} more cache warnings");
    }
    c.store.evict();
}

/// Rules, policy and repositories, as every history command loads them.
pub fn setup(
    rules: &RuleArgs,
    paths: &[PathBuf],
    select: &SelectArgs,
    ui: &Ui,
) -> anyhow::Result<(RuleSet, Vec<RepoRef>, ScanOptions)> {
    let (rules, policy) = setup::load_setup(rules)?;
    let (repos, _unreadable) = discover_local(paths, &exclude_set(&select.exclude)?, ui)?;
    if repos.is_empty() {
        ui.note("no repositories found");
    }
    let mut opts = scan_options(select, policy);
    opts.jobs = jobs(select.jobs, ui);
    opts.cache = result_cache(select, &rules, &opts);
    Ok((rules, repos, opts))
}

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shards_partition_names() {
        let names: Vec<String> = (0..200).map(|i| format!("acme/repo-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|i| format!("{i}/4").parse().unwrap()).collect();
        for n in &names {
            assert_eq!(shards.iter().filter(|s| s.contains(n)).count(), 1, "{n}");
        }
        for s in &shards {
            let k = names.iter().filter(|n| s.contains(n)).count();
            assert!((25..=75).contains(&k), "shard {s:?} got {k} of 200");
        }
        assert_eq!("0+1/4".parse::<Shard>(), "1/4".parse::<Shard>());
        assert_eq!("3+1/4".parse::<Shard>(), "4/4".parse::<Shard>());
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", "4+1/4", "+1/4"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
