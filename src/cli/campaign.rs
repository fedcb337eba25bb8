//! `paved campaign plan|apply|status`: a campaign file over local repositories; the forge
//! side of `apply` and `status` is in `campaign_forge.rs`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};

use super::output;
use super::select;
use super::setup::{self, RuleArgs, load_campaign};
use super::ui::Ui;
use super::{UsageError, clock};
use crate::campaign::{self, Campaign, Plan};
use crate::exit::Exit;
use crate::snapshot::SnapshotOptions;

#[derive(Subcommand, Debug)]
pub enum CampaignCommand {
    /// For every targeted repository off the paved road, the change that puts the campaign's
    /// rules on it, proven by evaluating the rules on the changed tree; nothing is written.
    Plan(PlanArgs),
    /// Open one pull request per planned change through the GitHub API (blobs, tree, commit,
    /// branch, pull request; no clone, no push), or with --local write each change as the
    /// campaign's branch into its local repository. Dry run unless --yes or --confirm NAME.
    Apply(ApplyArgs),
    /// Each targeted repository's pull request state (open, out of date, merged, closed) and
    /// the campaign rules' adoption now.
    Status(super::campaign_forge::StatusArgs),
}

#[derive(Args, Debug)]
pub struct CampaignArgs {
    /// The campaign file (YAML).
    pub campaign: PathBuf,
    /// Folders to find repositories in (default `.`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Write the plan here instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct PlanArgs {
    #[command(flatten)]
    pub common: CampaignArgs,
    /// Also write one `REPO.patch` per changed repository into DIR (`/` in names becomes `__`).
    #[arg(long, value_name = "DIR")]
    pub patches: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub common: CampaignArgs,
    /// Write the branches into the local repositories instead of opening pull requests.
    #[arg(long, conflicts_with_all = ["org", "api_url"])]
    pub local: bool,
    #[command(flatten)]
    pub forge: super::campaign_forge::ForgeArgs,
    /// Apply without repeating the campaign's name.
    #[arg(long)]
    pub yes: bool,
    /// Apply: the campaign's name, repeated as a confirmation.
    #[arg(long, value_name = "NAME")]
    pub confirm: Option<String>,
}

pub fn run(cmd: CampaignCommand, ui: &Ui) -> anyhow::Result<Exit> {
    match cmd {
        CampaignCommand::Plan(args) => {
            let (campaign, plan) = make_plan(&args.common, ui)?;
            output::write_output(args.common.output.as_deref(), |w| {
                crate::render::fix::plan(&plan, campaign.rollout, w)
            })?;
            if let Some(dir) = &args.patches {
                write_patches(&plan, dir)?;
            }
            Ok(Exit::Success)
        }
        CampaignCommand::Apply(args) if args.local => apply_local(&args, ui),
        CampaignCommand::Apply(args) => super::campaign_forge::apply(&args, ui),
        CampaignCommand::Status(args) => super::campaign_forge::status(&args, ui),
    }
}

/// A plan with what made it, so `status` can evaluate the same rules at the campaign's start.
pub(super) struct Planned {
    pub campaign: Campaign,
    pub plan: Plan,
    pub rules: crate::pack::RuleSet,
    pub policy: crate::policy::Policy,
    pub snapshot: SnapshotOptions,
}

pub(super) fn make_plan(args: &CampaignArgs, ui: &Ui) -> anyhow::Result<(Campaign, Plan)> {
    let p = make_planned(args, ui)?;
    Ok((p.campaign, p.plan))
}

pub(super) fn make_planned(args: &CampaignArgs, ui: &Ui) -> anyhow::Result<Planned> {
    let campaign = load_campaign(&args.campaign)?;
    let (rules, policy) = setup::load_setup(&args.rules)?;
    let unknown: Vec<crate::diag::Diagnostic> = campaign
        .rules
        .iter()
        .filter(|(id, _)| rules.rule(id).is_none())
        .map(|(id, pos)| crate::diag::Diagnostic {
            file: args.campaign.display().to_string(),
            pos: *pos,
            message: format!("no loaded rule has the id `{id}`"),
        })
        .collect();
    if !unknown.is_empty() {
        let text = std::fs::read_to_string(&args.campaign).unwrap_or_default();
        let failure = crate::pack::LoadFailure {
            texts: [(args.campaign.display().to_string(), text)].into(),
            diagnostics: unknown,
        };
        return Err(setup::report_diagnostics(&failure, "campaign").into());
    }
    let (repos, _) = select::discover_local(&args.paths, &globset::GlobSet::empty(), ui)?;
    let opts = SnapshotOptions {
        rev: None,
        ..select::snapshot_options(&policy.config)
    };
    let plan = campaign::plan(&rules, &campaign, &repos, &opts, &policy);
    Ok(Planned {
        campaign,
        plan,
        rules,
        policy,
        snapshot: opts,
    })
}

fn write_patches(plan: &Plan, dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for e in plan.changes(None) {
        let Some(p) = &e.proposal else { continue };
        let file = dir.join(format!("{}.patch", e.repo.name.replace('/', "__")));
        output::write_output(Some(&file), |w| crate::render::fix::patch(&p.changes, w))?;
    }
    Ok(())
}

/// Whether `apply` acts (`--yes`, or `--confirm` with the campaign's name); a wrong name is
/// a usage error.
pub(super) fn confirmed(args: &ApplyArgs, campaign: &Campaign) -> anyhow::Result<bool> {
    if let Some(other) = args.confirm.as_deref().filter(|c| *c != campaign.name) {
        return Err(UsageError(format!(
            "--confirm {other}: the campaign is named `{}`",
            campaign.name
        ))
        .into());
    }
    Ok(args.yes || args.confirm.is_some())
}

/// The commit message of every change: the title, then the body.
pub(super) fn commit_message(campaign: &Campaign) -> String {
    if campaign.body.is_empty() {
        campaign.title.clone()
    } else {
        format!("{}\n\n{}", campaign.title, campaign.body)
    }
}

fn apply_local(args: &ApplyArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let (campaign, plan) = make_plan(&args.common, ui)?;
    let confirmed = confirmed(args, &campaign)?;
    let message = commit_message(&campaign);
    let time = clock::now();
    let mut lines = Vec::new();
    let mut failed = false;
    for e in plan.changes(campaign.rollout) {
        let (Some(p), Some(base)) = (
            &e.proposal,
            e.proposal.as_ref().and_then(|p| p.before.commit.clone()),
        ) else {
            continue;
        };
        if !confirmed {
            lines.push(format!(
                "would write {} on {}: {} file(s)",
                campaign.branch,
                e.repo.name,
                p.changes.len()
            ));
            continue;
        }
        let result = crate::snapshot::open_repo(&e.repo.location)
            .map_err(|err| err.to_string())
            .and_then(|repo| {
                let base =
                    gix::ObjectId::from_hex(base.as_bytes()).map_err(|err| err.to_string())?;
                campaign::local::write_branch(
                    &repo,
                    &e.repo.name,
                    base,
                    &p.changes,
                    &campaign.branch,
                    &message,
                    time,
                )
                .map_err(|err| err.to_string())
            });
        lines.push(match result {
            Ok(campaign::local::Written::Created(c)) => {
                format!("created {} on {} at {c}", campaign.branch, e.repo.name)
            }
            Ok(campaign::local::Written::Updated(c)) => {
                format!("updated {} on {} to {c}", campaign.branch, e.repo.name)
            }
            Ok(campaign::local::Written::Unchanged(c)) => {
                format!("unchanged {} on {} at {c}", campaign.branch, e.repo.name)
            }
            Err(err) => {
                failed = true;
                format!("error {err}")
            }
        });
    }
    output::write_output(args.common.output.as_deref(), |w| {
        crate::render::fix::lines(&lines, w)
    })?;
    if !confirmed {
        ui.note(format!(
            "dry run: nothing written; repeat with --yes or --confirm {}",
            campaign.name
        ));
    }
    Ok(if failed {
        Exit::ReposFailed
    } else {
        Exit::Success
    })
}
