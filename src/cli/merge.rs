//! `paved merge`: one report from the parts of a sharded scan, or one trend document from the
//! parts of a sharded trend.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::UsageError;
use super::clock;
use super::output::{self, OutputArgs};
use super::run::trend_exit;
use super::ui::Ui;
use crate::exit::Exit;
use crate::render::Format;
use crate::render::trend::TrendFormat;
use crate::report::Report;
use crate::report::trend::TrendReport;
use crate::report::trend_merge::merge_trends;
use crate::report::trend_wire::{self, TREND_VERSION};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// JSON reports written by `paved scan --shard I/N --format json`, or trend documents
    /// written by `paved trend --shard I/N --format json` (all parts of one kind).
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Why parts cannot be joined into one report.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge")]
    Empty,
    #[error("{part}: its rules differ from {first}'s; merge parts of one scan")]
    RulesDiffer { part: String, first: String },
    #[error("{part}: repository `{repo}` is in two parts")]
    RepoTwice { part: String, repo: String },
}

/// Joins reports: repositories are unioned (a repo in two parts is an error), rules must agree.
pub fn merge(parts: Vec<(String, Report)>) -> Result<Report, MergeError> {
    let mut iter = parts.into_iter();
    let Some((first_name, first)) = iter.next() else {
        return Err(MergeError::Empty);
    };
    let rules = first.rules.clone();
    let mut repos = first.repos;
    let mut generated_at = first.generated_at;
    // Shards of one `scan --as-of` share its moment; parts that disagree have none in common.
    let mut as_of = first.as_of;
    let mut as_of_agrees = true;
    for (name, part) in iter {
        if part.rules != rules {
            return Err(MergeError::RulesDiffer {
                part: name,
                first: first_name,
            });
        }
        if let Some(r) = part
            .repos
            .iter()
            .find(|r| repos.iter().any(|x| x.name == r.name))
        {
            return Err(MergeError::RepoTwice {
                repo: r.name.clone(),
                part: name,
            });
        }
        repos.extend(part.repos);
        generated_at = generated_at.max(part.generated_at);
        as_of_agrees &= part.as_of == as_of;
    }
    if !as_of_agrees {
        as_of = None;
    }
    let mut report = Report::build(rules, repos, generated_at);
    report.as_of = as_of;
    Ok(report)
}

/// One part, read and checked to be a report this paved understands.
fn read_part(p: &std::path::Path) -> anyhow::Result<Part> {
    let text = crate::input::read_limited(p, crate::input::REPORT_LIMIT)
        .with_context(|| format!("cannot read {}", p.display()))?;
    // The kind and version alone, read once for both kinds of document.
    let head = crate::diff::ReportHead::read(&text, p)?;
    if !head.is_trend() {
        // The same version-checked parse as `diff`.
        return Ok(Part::Scan(Box::new(crate::diff::parse_report_with(
            &text, p, head,
        )?)));
    }
    let version = head.schema_version.as_ref().and_then(|v| v.as_u64());
    if let Some(v) = version.filter(|v| *v > u64::from(TREND_VERSION)) {
        return Err(UsageError(format!(
            "{}: trend schema_version {v} is newer than this paved reads ({TREND_VERSION}); \
             upgrade paved",
            p.display(),
        ))
        .into());
    }
    let t: TrendReport = trend_wire::read(&text)
        .with_context(|| format!("{} is not a paved trend document", p.display()))?;
    Ok(Part::Trend(Box::new(t)))
}

/// A part as read: which kind of document it is.
enum Part {
    Scan(Box<Report>),
    Trend(Box<TrendReport>),
}

pub fn run(args: MergeArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let mut scans = Vec::new();
    let mut trends = Vec::new();
    for p in &args.parts {
        match read_part(p)? {
            Part::Scan(r) => scans.push((p.display().to_string(), *r)),
            Part::Trend(t) => trends.push((p.display().to_string(), *t)),
        }
    }
    if !trends.is_empty() {
        if !scans.is_empty() {
            return Err(UsageError(
                "parts mix scan reports and trend documents; merge one kind at a time".into(),
            )
            .into());
        }
        return run_trends(trends, &args.out, ui);
    }
    let report = merge(scans)?;
    output::write_report(&report, &args.out, ui)?;
    Ok(if report.summary.repos_failed > 0 {
        Exit::ReposFailed
    } else {
        Exit::Success
    })
}

/// Merged trend parts, written in the trend format matching `--format`.
fn run_trends(
    parts: Vec<(String, TrendReport)>,
    out: &OutputArgs,
    ui: &Ui,
) -> anyhow::Result<Exit> {
    let format = match out.format {
        Format::Table => TrendFormat::Table,
        Format::Json => TrendFormat::Json,
        Format::Csv => TrendFormat::Csv,
        Format::Markdown => TrendFormat::Markdown,
        other => {
            return Err(UsageError(format!(
                // The dashboard needs the last point's full results, which a trend document
                // does not carry.
                "trend documents merge to table, json, csv or markdown, not {}",
                other
                    .to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_string())
            ))
            .into());
        }
    };
    let t = merge_trends(parts)?;
    let opts = crate::render::RenderOptions {
        color: false,
        today: clock::today(),
        ..crate::render::RenderOptions::default()
    };
    output::write_output(out.output.as_deref(), |w| {
        crate::render::trend::render(&t, format, &opts, w)
    })?;
    Ok(trend_exit(&t, ui))
}
