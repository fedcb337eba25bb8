//! `paved check`: gate one repository in its own CI.

use std::path::PathBuf;

use clap::Args;

use super::UsageError;
use super::org::api_error;
use super::output::{self, OutputArgs};
use super::run::scan_repos;
use super::setup::{self, RuleArgs};
use super::ui::Ui;
use crate::discover::forge::{ApiEvent, CommitStatus, Forge, RetryPolicy};
use crate::discover::gitea::Gitea;
use crate::discover::github::GitHub;
use crate::discover::gitlab::GitLab;
use crate::eval::ScanOptions;
use crate::exit::Exit;
use crate::ratchet::Ratchet;
use crate::render::{self, Format};
use crate::report::{self, Report, Severity};
use crate::snapshot::{SnapshotOptions, Source};

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
    #[arg(long, value_name = "REV", conflicts_with_all = ["worktree", "staged"])]
    pub rev: Option<String>,
    /// Read the working tree (tracked files and untracked files that are not ignored,
    /// uncommitted changes included) instead of HEAD.
    #[arg(long, conflicts_with = "staged")]
    pub worktree: bool,
    /// Read the index (what would be committed) instead of HEAD: for a pre-commit hook.
    #[arg(long)]
    pub staged: bool,
    /// Ratchet gate: also evaluate REV and fail only when a rule that was paved or exempt there
    /// is custom, missing or error now.
    #[arg(long, value_name = "REV")]
    pub baseline: Option<String>,
    /// Apply the declared fixes (`fixes:`) of the rules that are off the paved road to the
    /// working tree, only where the changed tree makes them paved, and print what changed.
    #[arg(long, conflicts_with_all = ["rev", "staged", "baseline", "diff"])]
    pub fix: bool,
    /// Print the fixes `--fix` would apply as a unified patch, writing nothing.
    #[arg(long, conflicts_with_all = ["rev", "staged", "baseline"])]
    pub diff: bool,
    #[command(flatten)]
    pub status: StatusArgs,
}

/// The forge `--post-status` talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ForgeKind {
    Github,
    Gitlab,
    Gitea,
}

/// Where `--post-status` sets the gate's result.
#[derive(Args, Debug)]
#[command(next_help_heading = "Commit status")]
pub struct StatusArgs {
    /// Set a commit status (context `paved`) on the forge with the gate's result; needs a token
    /// with permission to write statuses (GitHub: GITHUB_TOKEN or GH_TOKEN; GitLab:
    /// GITLAB_TOKEN; Gitea: GITEA_TOKEN or FORGEJO_TOKEN).
    #[arg(long)]
    pub post_status: bool,
    /// The forge the status is set on.
    #[arg(long, value_enum, default_value = "github")]
    pub forge: ForgeKind,
    /// The forge's API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab:
    /// CI_API_V4_URL, else https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1].
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// The repository the status is set on [default: GITHUB_REPOSITORY; GitLab:
    /// CI_PROJECT_PATH].
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo_slug: Option<String>,
    /// The commit the status is set on [default: the --rev commit if given, else GITHUB_SHA
    /// (GitLab: CI_COMMIT_SHA), else HEAD].
    #[arg(long, value_name = "SHA")]
    pub sha: Option<String>,
}

impl ForgeKind {
    /// The CI variables naming the repository and the commit, on this forge's CI.
    fn ci_vars(self) -> (&'static str, &'static str) {
        match self {
            ForgeKind::Gitlab => ("CI_PROJECT_PATH", "CI_COMMIT_SHA"),
            ForgeKind::Github | ForgeKind::Gitea => ("GITHUB_REPOSITORY", "GITHUB_SHA"),
        }
    }

    fn connect(self, api_url: Option<&str>) -> anyhow::Result<Box<dyn Forge>> {
        let retry = RetryPolicy::default();
        Ok(match self {
            ForgeKind::Github => Box::new(GitHub::from_env(api_url, retry).map_err(api_error)?),
            ForgeKind::Gitlab => {
                let ci = env_nonempty("CI_API_V4_URL");
                let url = api_url.or(ci.as_deref());
                Box::new(GitLab::from_env(url, retry).map_err(api_error)?)
            }
            ForgeKind::Gitea => {
                let url =
                    api_url.ok_or_else(|| UsageError("--forge gitea needs --api-url".into()))?;
                Box::new(Gitea::from_env(url, retry).map_err(api_error)?)
            }
        })
    }
}

/// Everything `--post-status` needs, checked before the scan so a misconfigured job fails fast.
struct StatusTarget {
    forge: Box<dyn Forge>,
    slug: String,
}

fn env_nonempty(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
}

impl StatusTarget {
    fn new(args: &StatusArgs) -> anyhow::Result<StatusTarget> {
        let forge = args.forge.connect(args.api_url.as_deref())?;
        if forge.git_token().is_none() {
            return Err(UsageError(format!(
                "--post-status needs a token in {}",
                forge.token_vars().join(" or ")
            ))
            .into());
        }
        let (slug_var, _) = args.forge.ci_vars();
        let slug = args
            .repo_slug
            .clone()
            .or_else(|| env_nonempty(slug_var))
            .ok_or_else(|| {
                UsageError(format!(
                    "--post-status needs --repo-slug OWNER/NAME (or {slug_var})"
                ))
            })?;
        Ok(StatusTarget { forge, slug })
    }

    /// The commit: `--sha`, else the commit `--rev` named, else `GITHUB_SHA`, else the one
    /// evaluated (HEAD).
    fn sha(args: &CheckArgs, report: &Report) -> Option<String> {
        let evaluated = report.repos.first().and_then(|r| r.commit.clone());
        args.status
            .sha
            .clone()
            .or_else(|| {
                if args.rev.is_some() {
                    evaluated.clone()
                } else {
                    None
                }
            })
            .or_else(|| env_nonempty(args.status.forge.ci_vars().1))
            .or(evaluated)
    }

    fn post(&self, sha: &str, status: &CommitStatus, ui: &Ui) -> anyhow::Result<()> {
        let events = |e: ApiEvent| {
            if let ApiEvent::Waiting { what, wait, reason } = e {
                ui.note(format!("{what}: {reason}; waiting {}s", wait.as_secs()));
            }
        };
        self.forge.create_status(&self.slug, sha, status, &events)?;
        ui.note(format!(
            "set the `{}` status of {}@{sha}: {} ({})",
            status.context, self.slug, status.state, status.description
        ));
        Ok(())
    }
}

/// The status for a gate: its state and a description (at most 140 characters, GitHub's limit)
/// with the count of required rules off the paved road.
fn commit_status(exit: Exit, failing: &[String], required: usize) -> CommitStatus {
    let (state, description) = match exit {
        Exit::Success => (
            "success",
            format!(
                "all {required} required rule{} on the paved road",
                if required == 1 { "" } else { "s" }
            ),
        ),
        Exit::GateFailed => (
            "failure",
            format!(
                "{} required rule{} off the paved road: {}",
                failing.len(),
                if failing.len() == 1 { "" } else { "s" },
                failing.join(", ")
            ),
        ),
        Exit::Usage | Exit::ReposFailed | Exit::Unavailable | Exit::NoRepos => {
            ("error", "the repository could not be scanned".into())
        }
    };
    let description = if description.chars().count() > 140 {
        let cut: String = description.chars().take(139).collect();
        format!("{cut}…")
    } else {
        description
    };
    let target_url = match (
        env_nonempty("GITHUB_SERVER_URL"),
        env_nonempty("GITHUB_REPOSITORY"),
        env_nonempty("GITHUB_RUN_ID"),
    ) {
        (Some(server), Some(repo), Some(run)) => Some(format!(
            "{}/{repo}/actions/runs/{run}",
            server.trim_end_matches('/')
        )),
        _ => None,
    };
    CommitStatus {
        state: state.into(),
        context: "paved".into(),
        description,
        target_url,
    }
}

pub fn run(args: CheckArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let target = if args.status.post_status {
        Some(StatusTarget::new(&args.status)?)
    } else {
        None
    };
    let (rules, policy) = setup::load_setup(&args.rules)?;
    let repo = one_repo(&args.path)?;
    if args.fix || args.diff {
        return super::fixing::run(
            &rules,
            &policy,
            &repo,
            args.fix,
            args.out.output.as_deref(),
            ui,
        );
    }
    let source = if args.worktree {
        Source::Worktree
    } else if args.staged {
        Source::Index
    } else {
        Source::Commit
    };
    let mut opts = ScanOptions {
        snapshot: SnapshotOptions {
            rev: args.rev.clone(),
            source,
            ..super::select::snapshot_options(&policy.config)
        },
        jobs: Some(1),
        policy,
        cache: None,
    };
    let report = scan_repos(&rules, std::slice::from_ref(&repo), &opts, ui)?;
    let ratchet = match &args.baseline {
        Some(rev) => {
            opts.snapshot.rev = Some(rev.clone());
            opts.snapshot.source = Source::Commit;
            let before = scan_repos(&rules, std::slice::from_ref(&repo), &opts, ui)?;
            if let Some(e) = before.repos.first().and_then(|r| r.error.as_ref()) {
                return Err(UsageError(format!("--baseline {rev}: {e}")).into());
            }
            Some(Ratchet::compare_one(&before, &report))
        }
        None => None,
    };
    if args.out.format == Format::Table {
        let opts = args.out.render_options(ui);
        output::write_output(args.out.output.as_deref(), |w| {
            render::check::render(&report, ratchet.as_ref(), &opts, w)
        })?;
    } else {
        output::write_report(&report, &args.out, ui)?;
    }
    let (exit, failing) = match &ratchet {
        Some(ratchet) => ratchet_gate(&report, ratchet, ui),
        None => gate(&report, ui),
    };
    if let Some(target) = target {
        let sha = StatusTarget::sha(&args, &report).ok_or_else(|| {
            UsageError("--post-status: no commit to set the status on (give --sha)".into())
        })?;
        let required = report
            .rules
            .iter()
            .filter(|r| r.severity == Severity::Required)
            .count();
        target.post(&sha, &commit_status(exit, &failing, required), ui)?;
    }
    Ok(exit)
}

/// The gate's exit code and the required rules that are off the paved road.
fn gate(report: &Report, ui: &Ui) -> (Exit, Vec<String>) {
    let Some(r) = report.repos.first() else {
        return (Exit::ReposFailed, Vec::new());
    };
    if let Some(e) = &r.error {
        ui.note(format!("{}: {e}", r.name));
        return (Exit::ReposFailed, Vec::new());
    }
    let by_id = report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    if report::on_paved_road(r, &by_id) {
        (Exit::Success, Vec::new())
    } else {
        let failing: Vec<String> = r
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
            .map(|x| x.rule.clone())
            .collect();
        ui.note(format!(
            "gate failed: required rules not on the paved road: {}",
            failing.join(", ")
        ));
        (Exit::GateFailed, failing)
    }
}

/// The ratchet's exit code and the rules that regressed since the baseline.
fn ratchet_gate(report: &Report, ratchet: &Ratchet, ui: &Ui) -> (Exit, Vec<String>) {
    if let Some(e) = report.repos.first().and_then(|r| r.error.as_ref()) {
        ui.note(format!("{}: {e}", report.repos[0].name));
        return (Exit::ReposFailed, Vec::new());
    }
    let regressed: Vec<String> = ratchet.regressions.iter().map(|c| c.rule.clone()).collect();
    for c in &ratchet.regressions {
        ui.note(format!(
            "regression: {} was {} at the baseline and is {} now",
            c.rule, c.before, c.now
        ));
    }
    if regressed.is_empty() {
        (Exit::Success, regressed)
    } else {
        (Exit::GateFailed, regressed)
    }
}

/// The repository at `path` itself: a folder holding several repositories is not one.
fn one_repo(path: &std::path::Path) -> anyhow::Result<crate::discover::RepoRef> {
    // Only the repository itself matters here: what lies around it is not noted.
    let found = crate::discover::local::discover(&[path.to_path_buf()], &globset::GlobSet::empty())
        .map_err(|e| anyhow::Error::msg(e.to_string()))?
        .repos;
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
