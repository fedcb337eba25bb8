//! History: each repository's first-parent history of its default branch, evaluated as of a
//! date (`scan --as-of`) or at many points (`trend`, `memo`), with the reuse that keeps many
//! points cheap: points on the same commit or tree are evaluated once, and a rule's result is
//! reused while the entries it reads (the paths its globs match, with their object ids) and
//! the exemption that covers it are unchanged.
//!
//! How a trend stays cheap, per repository: the repository is opened once and its
//! first-parent line walked once. A tracker reads only the trees some glob can reach (`src/`
//! is never read when no glob can match inside it), caching by (path, tree id), so a commit
//! costs only the trees it changed. For each rule and stage (`when`, `paved`, `custom`) it
//! knows the matched entries: with their blob ids where the rule reads the files, without
//! where it only checks presence. A result is reused when the stages that decided it see the
//! same entries. When something must be evaluated, it is evaluated on a pruned tree holding
//! only the matched entries, built as objects that live in a per-repository object cache
//! (never in the repository); trees with symlinks, odd names or unreadable objects get a full
//! snapshot instead. Changes between points are located by bisecting the first-parent line.
//!
//! Dates: a date without a time stands for the end of that day in UTC; commit times are
//! committer times, compared as instants whatever their offset.
//!
//! Modules: `dates` (days, cutoffs, point grids), `line` (the first-parent line), `asof`
//! (`scan --as-of`), `reuse` (what each rule reads; folders no glob reaches are skipped with
//! `snapshot::Reach`), `cache` (the per-repository object cache), `stored` (a repository's entry
//! in the result cache: outcomes by commit, the first-parent line, the last point's team and
//! the changes' subjects) and `engine` (the trend itself; `engine::changes` locates the commit
//! behind each change). The documents they produce live in `report::trend` and `report::memo`.

mod asof;
mod cache;
mod dates;
mod engine;
mod error;
mod line;
mod reuse;
mod stored;

pub use crate::report::memo::{AtRisk, BeforeAfter, MemoFacts, Mover, TeamMove, memo_facts};
pub use crate::report::trend::{
    Adoption, Change, CommitInfo, RepoPoint, RepoTrend, ReuseStats, TrendPoint, TrendReport,
};
pub use asof::{AsOf, AsOfScan, evaluate_as_of, scan_as_of};
pub use dates::{Cutoff, DateError, Every, MAX_POINTS, parse_day, points, quarter};
pub use engine::{TrendSpec, trend};
pub use error::HistoryError;
pub use line::{Line, LineCommit, Shallow, default_line, first_parent, resolve};
