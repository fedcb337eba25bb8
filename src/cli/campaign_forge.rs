//! The forge side of campaigns: `campaign apply` opening pull requests through the GitHub,
//! GitLab (merge requests) or Gitea/Forgejo API, and `campaign status` reading them back beside
//! the rules' adoption.

use clap::{Args, ValueEnum};

use super::campaign::{
    ApplyArgs, CampaignArgs, Planned, commit_message, confirmed, make_plan, make_planned,
};
use super::org::api_error;
use super::ui::Ui;
use super::{clock, output};
use crate::discover::RepoRef;
use crate::discover::forge::{ApiEvent, ChangeOutcome, ChangeRequest, Forge, RetryPolicy};
use crate::discover::gitea::Gitea;
use crate::discover::github::GitHub;
use crate::discover::gitlab::GitLab;
use crate::exit::Exit;
use crate::render::campaign::StatusFormat;

/// The forges campaigns open change requests on. (Variants carry no doc comments: those would
/// switch clap's help to its long layout.)
#[derive(ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ForgeKind {
    // GitHub and GitHub Enterprise Server: pull requests.
    #[default]
    Github,
    // GitLab (gitlab.com and self-managed): merge requests.
    Gitlab,
    // Gitea and Forgejo (needs --api-url): pull requests.
    Gitea,
}

/// Where the pull requests live.
#[derive(Args, Debug, Clone, Default)]
pub struct ForgeArgs {
    /// The forge the repositories live on.
    #[arg(long, value_enum, default_value_t = ForgeKind::Github)]
    pub forge: ForgeKind,
    /// The owner of the repositories (GitHub or Gitea organisation or user, GitLab group):
    /// `ORG/NAME` for each repository named `NAME` (its last path part) [default: the
    /// repository's name, which must be `OWNER/NAME` (GitLab: `GROUP/…/NAME`)].
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// The forge's API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab:
    /// https://gitlab.com/api/v4; Gitea: none, give https://HOST/api/v1]. The token comes from
    /// GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, or GITEA_TOKEN or FORGEJO_TOKEN.
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
}

impl ForgeArgs {
    fn connect(&self) -> anyhow::Result<Box<dyn Forge>> {
        let url = self.api_url.as_deref();
        let retry = RetryPolicy::default();
        Ok(match self.forge {
            ForgeKind::Github => Box::new(GitHub::from_env(url, retry).map_err(api_error)?),
            ForgeKind::Gitlab => Box::new(GitLab::from_env(url, retry).map_err(api_error)?),
            ForgeKind::Gitea => {
                let url = url.ok_or_else(|| {
                    crate::cli::UsageError("--forge gitea needs --api-url".into())
                })?;
                Box::new(Gitea::from_env(url, retry).map_err(api_error)?)
            }
        })
    }

    /// The repository's `owner/name` (GitLab: its full path) on the forge.
    fn slug(&self, repo: &RepoRef) -> Result<String, String> {
        let last = repo.name.rsplit('/').next().unwrap_or(&repo.name);
        let slashes = repo.name.matches('/').count();
        match &self.org {
            Some(org) => Ok(format!("{org}/{last}")),
            None if slashes == 1 || (slashes > 1 && self.forge == ForgeKind::Gitlab) => {
                Ok(repo.name.clone())
            }
            None => Err(format!(
                "{}: not an OWNER/NAME; give --org ORG to name the owner",
                repo.name
            )),
        }
    }
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    #[command(flatten)]
    pub common: CampaignArgs,
    /// Read the campaign's branch in each local repository instead of pull requests: merged
    /// once HEAD contains it, out of date once HEAD moved past its base, else open.
    #[arg(long, conflicts_with_all = ["org", "api_url", "forge"])]
    pub local: bool,
    #[command(flatten)]
    pub forge: ForgeArgs,
    /// The output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
    pub format: StatusFormat,
}

fn waiting(ui: &Ui) -> impl Fn(ApiEvent) + '_ {
    move |e| {
        if let ApiEvent::Waiting { what, wait, reason } = e {
            ui.note(format!("{what}: waiting {}s ({reason})", wait.as_secs()));
        }
    }
}

/// `campaign apply` through the forge: one pull request per planned change, stopping at the
/// first rejected token.
pub fn apply(args: &ApplyArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let (campaign, plan) = make_plan(&args.common, ui)?;
    let confirmed = confirmed(args, &campaign)?;
    let forge = if confirmed {
        Some(args.forge.connect()?)
    } else {
        None
    };
    let message = commit_message(&campaign);
    let time = clock::now();
    let events = waiting(ui);
    let mut lines = Vec::new();
    let mut failed = false;
    let mut stop = None;
    for e in plan.changes(campaign.rollout) {
        let Some(p) = &e.proposal else { continue };
        let slug = match args.forge.slug(&e.repo) {
            Ok(s) => s,
            Err(m) => {
                failed = true;
                lines.push(format!("error {m}"));
                continue;
            }
        };
        let Some(forge) = &forge else {
            lines.push(format!(
                "would open a pull request from {} on {slug}: {} file(s)",
                campaign.branch,
                p.changes.len()
            ));
            continue;
        };
        let files: Vec<(String, Option<String>)> = p
            .changes
            .iter()
            .map(|c| (c.path.clone(), c.after.as_deref().map(str::to_string)))
            .collect();
        let req = ChangeRequest {
            slug: &slug,
            branch: &campaign.branch,
            title: &campaign.title,
            body: &campaign.body,
            message: &message,
            files: &files,
            time,
        };
        lines.push(match forge.open_change_request(&req, &events) {
            Ok(ChangeOutcome::Opened { number, url }) => format!("opened  {slug}#{number} {url}"),
            Ok(ChangeOutcome::Updated { number, url }) => format!("updated {slug}#{number} {url}"),
            Ok(ChangeOutcome::Unchanged { number, url }) => {
                format!("unchanged {slug}#{number} {url}")
            }
            Ok(ChangeOutcome::Skipped { reason }) => format!("skipped {slug}: {reason}"),
            Err(err) if err.is_unauthorized() => {
                stop = Some(err);
                break;
            }
            Err(err) => {
                failed = true;
                format!("error {slug}: {err}")
            }
        });
    }
    output::write_output(args.common.output.as_deref(), |w| {
        crate::render::fix::lines(&lines, w)
    })?;
    if let Some(err) = stop {
        return Err(anyhow::Error::new(err).context("stopped at the first authentication error"));
    }
    if !confirmed {
        ui.note(format!(
            "dry run: nothing sent; repeat with --yes or --confirm {}",
            campaign.name
        ));
    }
    Ok(if failed {
        Exit::ReposFailed
    } else {
        Exit::Success
    })
}

/// `campaign status`: pull request states from the forge and adoption from the scan.
pub fn status(args: &StatusArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let planned = make_planned(&args.common, ui)?;
    let baseline = baseline(&planned)?;
    let Planned { campaign, plan, .. } = planned;
    if args.local {
        let report = crate::campaign::status::status(&campaign, &plan, baseline.as_ref(), |repo| {
            let handle = crate::snapshot::open_repo(&repo.location).map_err(|e| e.to_string())?;
            let state = crate::campaign::local::branch_state(&handle, &repo.name, &campaign.branch)
                .map_err(|e| e.to_string())?;
            Ok(state.map(|state| crate::discover::forge::PullInfo {
                number: None,
                url: String::new(),
                state,
            }))
        });
        return write_status(args, &report);
    }
    let forge = args.forge.connect()?;
    let events = waiting(ui);
    let mut stop = None;
    let report = crate::campaign::status::status(&campaign, &plan, baseline.as_ref(), |repo| {
        if stop.is_some() {
            return Err("not asked: the token was rejected".into());
        }
        let slug = args.forge.slug(repo)?;
        forge
            .pull_state(&slug, &campaign.branch, &events)
            .map_err(|e| {
                let m = e.to_string();
                if e.is_unauthorized() {
                    stop = Some(e);
                }
                m
            })
    });
    if let Some(err) = stop {
        return Err(anyhow::Error::new(err).context("stopped at the first authentication error"));
    }
    write_status(args, &report)
}

fn write_status(
    args: &StatusArgs,
    report: &crate::campaign::status::CampaignStatus,
) -> anyhow::Result<Exit> {
    output::write_output(args.common.output.as_deref(), |w| {
        crate::render::campaign::status(report, args.format, w)
    })?;
    let failed = report.repos.iter().any(|r| r.error.is_some());
    Ok(if failed {
        Exit::ReposFailed
    } else {
        Exit::Success
    })
}

/// The campaign rules at the campaign's start, from history; `None` without `started:`.
fn baseline(p: &Planned) -> anyhow::Result<Option<crate::campaign::status::Baseline>> {
    let Some(day) = p.campaign.started else {
        return Ok(None);
    };
    let opts = crate::eval::ScanOptions {
        snapshot: p.snapshot.clone(),
        jobs: None,
        policy: p.policy.clone(),
        cache: None,
    };
    Ok(Some(crate::campaign::status::baseline(
        &p.rules,
        &p.campaign,
        &p.plan,
        &opts,
        day,
    )?))
}
