//! The process exit codes, documented in one place (see `cli-and-report.md`).

/// Every way `paved` can end, and the code a script sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: success (also a closed stdout pipe, as in `paved scan | head`).
    Success = 0,
    /// 1: a gate failed: `check`, or `scan --gate` / `--fail-under`.
    GateFailed = 1,
    /// 2: bad usage, bad config or bad rules; nothing was evaluated.
    Usage = 2,
    /// 3: the report was written but some repositories could not be scanned at all, or not
    /// fully (an object a rule read is corrupt: the entry's `error` names it and its path), or
    /// a folder discovery could not read (an `error` entry: repositories may be missing).
    /// (130 and 143, SIGINT and SIGTERM, are ended by `atomic`'s signal handler, not here.)
    ReposFailed = 3,
    /// 4: the forge (the GitHub API, a clone or fetch) could not be reached, or the output
    /// could not be written; the command line was fine, so retrying may help.
    Unavailable = 4,
    /// 5: `scan` found no repository to scan (an empty folder, a wrong path, an org filter
    /// that matched nothing); the empty report is still written.
    NoRepos = 5,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}
