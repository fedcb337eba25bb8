//! The evaluating runs subcommands share, each behind a progress bar (scan, scan as of a date,
//! trend), and the exit code each kind of result maps to.

use super::UsageError;
use super::clock;
use super::ui::Ui;
use crate::discover::RepoRef;
use crate::eval::{self, ScanOptions};
use crate::exit::Exit;
use crate::history::{self, Cutoff, TrendReport, TrendSpec};
use crate::pack::RuleSet;
use crate::report::{RepoReport, Report};

/// A progress bar on stderr that appears only on a terminal (not with `--quiet`), and only once
/// a run has lasted a second, so quick runs stay quiet.
pub struct Progress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    enabled: bool,
}

impl Progress {
    /// `what` names the work: "scanning 12/40 repos".
    pub fn new(total: usize, what: &str, ui: &Ui) -> Progress {
        use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        let template =
            format!("{{spinner}} {what} {{pos}}/{{len}} repos [{{bar:30}}] {{rate}} eta {{eta}}");
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} repos/s", s.per_sec());
                },
            )
            .progress_chars("=> ");
        bar.set_style(style);
        Progress {
            bar,
            started: std::time::Instant::now(),
            enabled: ui.stderr_is_terminal && !ui.quiet,
        }
    }

    pub fn tick(&self) {
        if self.enabled
            && self.bar.is_hidden()
            && self.started.elapsed() > std::time::Duration::from_secs(1)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.inc(1);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Evaluates `repos` with a progress bar and builds the report.
pub fn scan_repos(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    ui: &Ui,
) -> anyhow::Result<Report> {
    scan_repos_and_failures(rules, repos.to_vec(), Vec::new(), opts, ui)
}

/// [`scan_repos`], plus entries for repositories that failed before they could be opened
/// (a mirror that could not be synced).
pub fn scan_repos_and_failures(
    rules: &RuleSet,
    repos: Vec<RepoRef>,
    failed: Vec<RepoReport>,
    opts: &ScanOptions,
    ui: &Ui,
) -> anyhow::Result<Report> {
    let progress = Progress::new(repos.len(), "scanning", ui);
    let mut results: Vec<RepoReport> = eval::scan(rules, &repos, opts, &|_| progress.tick())?;
    progress.finish();
    // Each report holds what it needs of its repository: the discovered list is not kept
    // while the report is built and written.
    drop(repos);
    super::select::finish_cache(opts);
    results.extend(failed);
    Ok(Report::build(rules.infos(), results, clock::now_rfc3339()))
}

/// `scan --as-of DATE`: each repository at its default branch's last commit by then; those
/// without one are left out and counted in `summary.repos_without_history`.
pub fn scan_as_of(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    date: &str,
    ui: &Ui,
) -> anyhow::Result<Report> {
    let cutoff = Cutoff::parse(date).map_err(|e| UsageError(format!("--as-of: {e}")))?;
    let progress = Progress::new(repos.len(), "scanning", ui);
    let scan = history::scan_as_of(rules, repos, opts, &cutoff, &|| progress.tick())?;
    progress.finish();
    if !scan.without_history.is_empty() {
        ui.note(format!(
            "{} had no commit by {} and {} left out",
            scan.without_history.len(),
            cutoff.as_of(),
            if scan.without_history.len() == 1 {
                "is"
            } else {
                "are"
            }
        ));
    }
    let mut report = Report::build(rules.infos(), scan.repos, clock::now_rfc3339());
    report.summary.repos_without_history = scan.without_history.len();
    report.as_of = Some(cutoff.as_of());
    Ok(report)
}

/// Runs a trend over `repos` with a progress bar.
pub fn trend_over(
    rules: &RuleSet,
    repos: &[RepoRef],
    opts: &ScanOptions,
    spec: &TrendSpec,
    ui: &Ui,
) -> anyhow::Result<TrendReport> {
    let progress = Progress::new(repos.len(), "reading history of", ui);
    let t = history::trend(rules, repos, opts, spec, clock::now_rfc3339(), &|| {
        progress.tick()
    })?;
    progress.finish();
    super::select::finish_cache(opts);
    Ok(t)
}

/// Leaves a command's report to the end of the process instead of freeing it: the command has
/// written it and returns next, and freeing its many small allocations one by one was 3% of a
/// trend rerun's CPU (`perf record`, 300 repositories).
pub fn leave_at_exit<T>(report: T) {
    std::mem::forget(report);
}

/// The exit code for a written report: 1 when a gate (`--gate`, `--fail-under`) failed, else
/// 3 when some repository could not be scanned.
pub fn report_exit(report: &Report, gate: bool, fail_under: Option<f64>, ui: &Ui) -> Exit {
    let mut failed_gate = false;
    if gate && report.summary.on_paved_road.is_some_and(|x| x < 1.0) {
        ui.note("gate failed: not every repository is on the paved road");
        failed_gate = true;
    }
    if let Some(min) = fail_under {
        let got = report.summary.adoption.unwrap_or(0.0) * 100.0;
        if got < min {
            ui.note(format!("gate failed: adoption {got:.1}% is under {min}%"));
            failed_gate = true;
        }
    }
    if failed_gate {
        Exit::GateFailed
    } else if report.summary.repos_failed > 0 {
        let n = report.summary.repos_failed;
        ui.note(format!("{n} {} could not be scanned", repositories(n)));
        Exit::ReposFailed
    } else {
        Exit::Success
    }
}

/// 3 when some repository could not be read at all; points that failed alone (a shallow
/// clone's early points, an object missing from an old commit) are noted, not fatal.
pub fn trend_exit(t: &TrendReport, ui: &Ui) -> Exit {
    let failed = t.repos.iter().filter(|r| r.error.is_some()).count();
    let partly = t
        .repos
        .iter()
        .filter(|r| r.error.is_none())
        .filter(|r| r.points.iter().flatten().any(|p| p.error.is_some()))
        .count();
    if partly > 0 {
        ui.note(format!(
            "{partly} {} could not be read at some points (see `error` in the JSON)",
            repositories(partly)
        ));
    }
    if failed > 0 {
        ui.note(format!(
            "{failed} {} could not be read",
            repositories(failed)
        ));
        return Exit::ReposFailed;
    }
    Exit::Success
}

fn repositories(n: usize) -> &'static str {
    if n == 1 { "repository" } else { "repositories" }
}
