//! The command line: clap definitions and one file per subcommand (wiring, no logic).
//!
//! Subcommand modules (`campaign`, `check`, `completions`, `diff`, `init`, `memo`, `merge`, `rules`,
//! `scan`, `schema`, `sync`, `trend`)
//! never import one another; what several share lives in `clock`, `fixing`, `org`, `output`, `run`,
//! `select`, `setup` and `ui`.

// clap turns these doc comments into `--help` text (and the man page), where a URL is plain text:
// rustdoc's `<...>` link form would show there.
#![allow(rustdoc::bare_urls)]

pub mod campaign;
pub mod campaign_forge;
pub mod check;
pub mod clock;
pub mod completions;
pub mod diff;
pub mod fixing;
pub mod init;
pub mod memo;
pub mod merge;
pub mod org;
pub mod output;
pub mod rules;
pub mod run;
pub mod scan;
pub mod schema;
pub mod select;
pub mod setup;
pub mod sync;
pub mod trend;
pub mod ui;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::exit::Exit;

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
    Scan(Box<scan::ScanArgs>),
    /// Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt.
    Check(check::CheckArgs),
    /// Campaigns: plan, apply and follow the changes that move repositories onto the paved road.
    #[command(subcommand)]
    Campaign(campaign::CampaignCommand),
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
    /// Print the JSON Schema of the scan report, the trend document or a rule pack.
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff): `paved man > paved.1`.
    Man,
    /// Write a commented paved.yml and a starter pack shaped by the repositories under PATH.
    Init(init::InitArgs),
}

/// The whole command-line definition, for generating completions and the man page.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Command-line misuse: a bad flag combination or a bad value (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The config file or a rule pack is invalid; its diagnostics are already on stderr (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// Parses the command line and runs it. Errors are returned for `main` to map.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let ui = ui::Ui::new(cli.color, cli.quiet);
    match cli.command {
        Command::Scan(args) => scan::run(*args, &ui),
        Command::Check(args) => check::run(args, &ui),
        Command::Sync(args) => sync::run(args, &ui),
        Command::Campaign(cmd) => campaign::run(cmd, &ui),
        Command::Rules(cmd) => rules::run(cmd, &ui),
        Command::Merge(args) => merge::run(args, &ui),
        Command::Diff(args) => diff::run(args, &ui),
        Command::Trend(args) => trend::run(args, &ui),
        Command::Memo(args) => memo::run(args, &ui),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run_completions(&args, command()),
        Command::Man => completions::run_man(command()),
        Command::Init(args) => init::run(args, &ui),
    }
}
