//! The command line: clap definitions and one file per subcommand (wiring, no logic).

pub mod check;
pub mod common;
pub mod diff;
pub mod memo;
pub mod merge;
pub mod rules;
pub mod scan;
pub mod sync;
pub mod trend;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::Exit;
use crate::render::Format;

#[derive(Parser, Debug)]
#[command(
    name = "paved",
    version,
    about = "Measure paved-road adoption across an org's git repositories"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// No progress bar or notes on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Discover repositories under each PATH and evaluate every loaded rule at each HEAD.
    Scan(scan::ScanArgs),
    /// Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt.
    Check(check::CheckArgs),
    /// Create or update bare mirrors of a GitHub organisation's repositories.
    Sync(sync::SyncArgs),
    /// Inspect rule packs.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// One report from the parts of a sharded scan (`scan --shard I/N`).
    Merge(merge::MergeArgs),
    /// What changed between two JSON reports: adoption per rule and team, repos that moved.
    Diff(diff::DiffArgs),
    /// Adoption over time, from each repository's first-parent history of its default branch.
    Trend(trend::TrendArgs),
    /// The quarterly impact memo: before/after adoption, movers, regressions, deadlines.
    Memo(memo::MemoArgs),
}

/// Where rules come from.
#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// A rule pack file, or a folder of `*.yml` packs (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// The config file (default: `paved.yml` in the current directory, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long, conflicts_with = "builtin")]
    pub no_builtin: bool,
    /// Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`.
    #[arg(long, value_name = "PACK", value_delimiter = ',')]
    pub builtin: Vec<String>,
}

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
}

/// Where and how the report is written.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Group human tables by team.
    #[arg(long, value_enum)]
    pub by: Option<GroupBy>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    Team,
}

/// Marks an error as bad usage, config or rules (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Parses the command line and runs it. Errors are returned for `main` to map.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let ui = common::Ui::new(cli.color, cli.quiet);
    match cli.command {
        Command::Scan(args) => scan::run(args, &ui),
        Command::Check(args) => check::run(args, &ui),
        Command::Sync(args) => sync::run(args, &ui),
        Command::Rules(cmd) => rules::run(cmd, &ui),
        Command::Merge(args) => merge::run(args, &ui),
        Command::Diff(args) => diff::run(args, &ui),
        Command::Trend(args) => trend::run(args, &ui),
        Command::Memo(args) => memo::run(args, &ui),
    }
}
