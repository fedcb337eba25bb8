//! Where and how a report is written: `--format`, `--output` (atomically), `--by`.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::clock;
use super::ui::Ui;
use crate::atomic;
use crate::render::{self, Format, GroupBy, RenderOptions};
use crate::report::Report;

/// Where and how the report is written.
#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a
    /// repository's topics) or `owner` (the org or user part of its name).
    #[arg(long, value_enum)]
    pub by: Option<GroupBy>,
    /// The table's width in columns (default: the terminal's width, or 80 when stdout is not a
    /// terminal); longer cells are cut with "…".
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(40..))]
    pub width: Option<u16>,
    /// List every repository in the table's sections, not only the first few.
    #[arg(long)]
    pub all: bool,
    /// With `--format github` and many repositories, write at most N annotations (then a notice
    /// saying how many were left out).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub max_annotations: usize,
}

impl OutputArgs {
    /// The render options these flags ask for.
    pub fn render_options(&self, ui: &Ui) -> RenderOptions {
        RenderOptions {
            color: ui.color_for(self.output.is_some()),
            today: clock::today(),
            by: self.by,
            width: self.width(),
            all: self.all,
            builtin_packs: None,
            max_annotations: self.max_annotations,
        }
    }
}

/// Used when stdout is not a terminal and `--width` is not given (a pipe, a file, CI logs).
const DEFAULT_WIDTH: usize = 80;

impl OutputArgs {
    /// `--width`, else the terminal's width when stdout is one (`COLUMNS` when its size cannot
    /// be asked), else [`DEFAULT_WIDTH`].
    fn width(&self) -> usize {
        use std::io::IsTerminal;
        if let Some(w) = self.width {
            return usize::from(w);
        }
        if self.output.is_some() || !std::io::stdout().is_terminal() {
            return DEFAULT_WIDTH;
        }
        terminal_size::terminal_size()
            .map(|(w, _)| usize::from(w.0))
            .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
            .filter(|w| *w >= 20)
            .unwrap_or(DEFAULT_WIDTH)
    }
}

/// Writes the report in the chosen format to `--output` (atomically) or stdout.
pub fn write_report(report: &Report, out: &OutputArgs, ui: &Ui) -> anyhow::Result<()> {
    write_report_with(report, out, out.render_options(ui))
}

/// [`write_report`] with render options the caller completed (the scan's built-in packs).
pub fn write_report_with(
    report: &Report,
    out: &OutputArgs,
    opts: RenderOptions,
) -> anyhow::Result<()> {
    write_output(out.output.as_deref(), |w| {
        render::render(report, out.format, &opts, w)
    })?;
    if out.format == Format::Github {
        write_job_summary(report, &opts)?;
    }
    Ok(())
}

/// Appends the job summary (Markdown) to the file `$GITHUB_STEP_SUMMARY` names, as GitHub
/// Actions expects; does nothing when it is unset or empty.
pub fn write_job_summary(report: &Report, opts: &RenderOptions) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let path = PathBuf::from(path);
    let write = || -> std::io::Result<()> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        let mut w = std::io::BufWriter::new(file);
        render::github::job_summary(report, opts, &mut w)?;
        w.flush()
    };
    write().context(OutputError(format!(
        "writing the job summary to {}",
        path.display()
    )))
}

/// The output could not be written (exit 4, not bad usage): a full disk, a closed stdout other
/// than a pipe's reader leaving, a folder that cannot be written.
#[derive(Debug)]
pub struct OutputError(pub String);

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs `f` against stdout, or writes `path` through [`atomic::write_file`]: a regular file is
/// replaced atomically (a failed run never leaves half a report), a device or FIFO is written
/// in place, a symlink is followed.
pub fn write_output(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match path {
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            f(&mut lock)
                .and_then(|()| lock.flush())
                .context(OutputError("writing to stdout".into()))
        }
        Some(path) => {
            atomic::write_file(path, f).context(OutputError(format!("writing {}", path.display())))
        }
    }
}
