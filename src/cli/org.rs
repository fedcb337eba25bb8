//! A forge's repositories: the `--org`, `--gitlab` and `--gitea` options, and the
//! list-then-mirror step that `sync` and `scan --org` share, through the [`Forge`] trait only.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::UsageError;
use super::select::glob_set;
use super::ui::Ui;
use crate::discover::forge::{ApiEvent, Filter, Forge, ForgeError, Repo, RetryPolicy};
use crate::discover::gitea::Gitea;
use crate::discover::github::GitHub;
use crate::discover::gitlab::GitLab;
use crate::discover::mirror::{self, Action, MirrorEvent, MirrorOptions, SyncReport};

/// Connections at once when `--jobs` is not given: enough to hide latency, few enough not to
/// trip GitHub's secondary rate limits.
const DEFAULT_CONNECTIONS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Visibility {
    Public,
    Private,
    Internal,
}

impl Visibility {
    fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Private => "private",
            Visibility::Internal => "internal",
        }
    }
}

/// Which forge's repositories, from which server, mirrored where.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Forges (GitHub, GitLab, Gitea/Forgejo)")]
pub struct OrgArgs {
    /// A GitHub organisation (or user) whose repositories are mirrored, then scanned. The token
    /// comes from GITHUB_TOKEN or GH_TOKEN; without one, only public repositories are seen.
    #[arg(long, value_name = "ORG", conflicts_with_all = ["gitlab", "gitea"])]
    pub org: Option<String>,
    /// A GitLab group (subgroups included, e.g. `acme` or `acme/platform`) whose projects are
    /// mirrored, then scanned. The token comes from GITLAB_TOKEN.
    #[arg(long, value_name = "GROUP", conflicts_with = "gitea")]
    pub gitlab: Option<String>,
    /// A Gitea or Forgejo organisation (or user), with --api-url https://HOST/api/v1. The token
    /// comes from GITEA_TOKEN or FORGEJO_TOKEN.
    #[arg(long, value_name = "ORG", requires = "api_url")]
    pub gitea: Option<String>,
    /// The mirror folder [default: CACHE_DIR/paved/mirrors/HOST/ORG].
    #[arg(long, value_name = "DIR")]
    pub mirror: Option<PathBuf>,
    /// The forge's API [default: GitHub: GITHUB_API_URL, else https://api.github.com (GitHub
    /// Enterprise Server: https://HOST/api/v3); GitLab: https://gitlab.com/api/v4; Gitea:
    /// required, https://HOST/api/v1].
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Include archived repositories (left out by default).
    #[arg(long)]
    pub include_archived: bool,
    /// Include forks (left out by default).
    #[arg(long)]
    pub include_forks: bool,
    /// Only repositories of this visibility.
    #[arg(long, value_enum)]
    pub visibility: Option<Visibility>,
    /// Only repositories with this topic (repeatable: every one must be present).
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// Only repositories whose name (or owner/name) matches GLOB (repeatable).
    #[arg(long = "repo", value_name = "GLOB")]
    pub repos: Vec<String>,
    /// Pages of one listing followed, at most (1 to 1000000); past it the listing fails
    /// [default: 10000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_pages: Option<u64>,
}

impl OrgArgs {
    /// The owner whose repositories are listed: `--org`, `--gitlab` or `--gitea`, which `sync`
    /// (and `scan` without paths) cannot do without.
    pub fn require_org(&self) -> anyhow::Result<&str> {
        self.owner().ok_or_else(|| {
            UsageError("--org ORG (or --gitlab GROUP, or --gitea ORG) is required".into()).into()
        })
    }

    /// `--org`, `--gitlab` or `--gitea`, whichever was given.
    pub fn owner(&self) -> Option<&str> {
        self.org
            .as_deref()
            .or(self.gitlab.as_deref())
            .or(self.gitea.as_deref())
    }

    /// The forge the owner lives on, for its `--api-url`.
    fn forge(&self) -> anyhow::Result<Box<dyn Forge>> {
        let url = self.api_url.as_deref();
        let mut retry = RetryPolicy::default();
        if let Some(n) = self.max_pages {
            // The range above keeps it far inside usize.
            retry.max_pages = usize::try_from(n).unwrap_or(usize::MAX);
        }
        Ok(if self.gitlab.is_some() {
            Box::new(GitLab::from_env(url, retry).map_err(api_error)?)
        } else if self.gitea.is_some() {
            let url = url.ok_or_else(|| UsageError("--gitea needs --api-url".into()))?;
            Box::new(Gitea::from_env(url, retry).map_err(api_error)?)
        } else {
            Box::new(GitHub::from_env(url, retry).map_err(api_error)?)
        })
    }

    fn filter(&self, exclude: &globset::GlobSet) -> anyhow::Result<Filter> {
        Ok(Filter {
            include_archived: self.include_archived,
            include_forks: self.include_forks,
            visibility: self.visibility.map(|v| v.as_str().to_string()),
            topics: self.topics.clone(),
            names: if self.repos.is_empty() {
                None
            } else {
                Some(glob_set(&self.repos, "--repo")?)
            },
            exclude: exclude.clone(),
        })
    }

    /// `--mirror`, else the org's folder under the user's cache.
    fn mirror_dir(&self, forge: &dyn Forge, org: &str) -> anyhow::Result<PathBuf> {
        Ok(match &self.mirror {
            Some(d) => d.clone(),
            None => crate::cache::user_cache_dir()
                .ok_or_else(|| {
                    UsageError(
                        "no cache folder (set XDG_CACHE_HOME or HOME), give --mirror DIR".into(),
                    )
                })?
                .join("paved/mirrors")
                .join(forge.host_label())
                .join(org.to_ascii_lowercase()),
        })
    }
}

/// How a rename upstream was handled on disk.
pub fn moved_note(moved: bool) -> &'static str {
    if moved {
        " (mirror moved)"
    } else {
        " (the new name already had a mirror; both kept)"
    }
}

/// A bad `--api-url` or name is the command line's fault (exit 2 as usage); anything else the
/// forge said is an ordinary failure.
pub fn api_error(e: ForgeError) -> anyhow::Error {
    match e {
        ForgeError::BadApiUrl { .. } | ForgeError::BadName { .. } => {
            UsageError(e.to_string()).into()
        }
        other => other.into(),
    }
}

/// Progress on stderr (only on a terminal, not with --quiet), and notes that do not tear it.
struct SyncProgress<'u> {
    bar: ProgressBar,
    ui: &'u Ui,
    /// Cloned, fetched, unchanged, failed.
    counts: [AtomicUsize; 4],
}

impl<'u> SyncProgress<'u> {
    fn new(ui: &'u Ui) -> Self {
        let visible = ui.stderr_is_terminal && !ui.quiet;
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        if visible {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        SyncProgress {
            bar,
            ui,
            counts: Default::default(),
        }
    }

    fn note(&self, msg: String) {
        self.bar.suspend(|| self.ui.note(msg));
    }

    fn listing(&self, e: ApiEvent, org: &str) {
        match e {
            ApiEvent::Listed { listed } => self
                .bar
                .set_message(format!("listing the repositories of {org}: {listed}")),
            ApiEvent::Waiting { what, wait, reason } => self.note(format!(
                "{what}: {reason}; waiting {}s",
                wait.as_secs_f64().ceil()
            )),
        }
    }

    fn syncing(&self, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} syncing {pos}/{len} [{bar:30}] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
    }

    fn mirrored(&self, e: MirrorEvent<'_>) {
        match e {
            MirrorEvent::Retrying {
                repo,
                attempt,
                wait,
                error,
            } => self.note(format!(
                "{repo}: attempt {attempt} failed ({error}); retrying in {}s",
                wait.as_secs()
            )),
            MirrorEvent::Done(s) => {
                let slot = match &s.outcome {
                    Ok(Action::Cloned) => 0,
                    Ok(Action::Fetched) => 1,
                    Ok(Action::Unchanged) => 2,
                    Err(_) => 3,
                };
                self.counts[slot].fetch_add(1, Ordering::Relaxed);
                let [c, f, u, x] = &self.counts;
                self.bar.set_message(format!(
                    "{} cloned, {} fetched, {} unchanged, {} failed",
                    c.load(Ordering::Relaxed),
                    f.load(Ordering::Relaxed),
                    u.load(Ordering::Relaxed),
                    x.load(Ordering::Relaxed)
                ));
                self.bar.inc(1);
            }
        }
    }
}

impl Drop for SyncProgress<'_> {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Lists the owner's repositories, keeps those the filters (and `keep`, e.g. a shard) accept,
/// and syncs their mirrors. With `teams` (`owners.sources` names `forge`), each selected
/// repository's team is asked of the forge once, here, and travels in its metadata. Renames, repositories no longer listed and failures are noted on
/// stderr; a failed repository is in the report, not an error.
pub fn sync_org(
    args: &OrgArgs,
    jobs: Option<usize>,
    exclude: &globset::GlobSet,
    keep: &dyn Fn(&str) -> bool,
    teams: bool,
    ui: &Ui,
) -> anyhow::Result<SyncReport> {
    let org = args.require_org()?;
    let forge = args.forge()?;
    let token = forge.git_token();
    if token.is_none() {
        ui.note(format!(
            "no {} set: only public repositories are listed and mirrored",
            forge.token_vars().join(" or ")
        ));
    }
    let filter = args.filter(exclude)?;
    let dir = args.mirror_dir(forge.as_ref(), org)?;

    let progress = SyncProgress::new(ui);
    progress
        .bar
        .set_message(format!("listing the repositories of {org}"));
    let listed = forge
        .list_repos(org, &|e| progress.listing(e, org))
        .map_err(api_error)?;
    let mut selected: Vec<Repo> = listed
        .iter()
        .filter(|r| filter.accepts(r) && keep(&r.full_name))
        .cloned()
        .collect();
    if selected.len() < listed.len() {
        progress.note(format!(
            "{org}: {} repositories listed, {} selected (archived and forks are left out unless asked for)",
            listed.len(),
            selected.len()
        ));
    }

    if teams {
        forge_teams(forge.as_ref(), &mut selected, &progress);
    }
    progress.syncing(selected.len());
    let opts = MirrorOptions {
        dir,
        jobs: jobs.unwrap_or(DEFAULT_CONNECTIONS).max(1),
        token,
        token_host: Some(forge.git_host()),
        token_hint: forge
            .token_vars()
            .first()
            .copied()
            .unwrap_or("a token")
            .into(),
        attempts: 3,
        backoff: Duration::from_secs(1),
        api_url: forge.api_url().to_string(),
    };
    let report = mirror::sync(org, &listed, &selected, &opts, &|e| progress.mirrored(e))?;
    drop(progress);
    note_outcomes(org, &report, ui);
    Ok(report)
}

/// Each repository's team from the forge; one that cannot be asked gets none and a note, and
/// the next team source decides.
fn forge_teams(forge: &dyn Forge, repos: &mut [Repo], progress: &SyncProgress<'_>) {
    for r in repos {
        let events = |e: ApiEvent| {
            if matches!(e, ApiEvent::Waiting { .. }) {
                progress.listing(e, &r.full_name);
            }
        };
        match forge.repo_team(r, &events) {
            Ok(team) => r.team = team,
            Err(e) => progress.note(format!(
                "{}: no team from {}: {e}",
                r.full_name,
                forge.name()
            )),
        }
    }
}

/// Failures, renames and repositories no longer listed, on stderr.
fn note_outcomes(org: &str, report: &SyncReport, ui: &Ui) {
    for s in &report.repos {
        if let Err(e) = &s.outcome {
            ui.note(format!("{}: sync failed: {e}", s.repo.full_name));
        }
    }
    for r in &report.renamed {
        ui.note(format!(
            "renamed upstream: {} -> {}{}",
            r.from,
            r.to,
            moved_note(r.moved)
        ));
    }
    for n in &report.not_listed {
        ui.note(format!(
            "{org}: {n} is no longer listed (deleted upstream, or not visible with this token); \
             its mirror is left in {}",
            report.dir.display()
        ));
    }
}
