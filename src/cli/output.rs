//! Where and how a report is written: `--format`, `--output` (atomically), `--by`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::clock;
use super::ui::Ui;
use crate::atomic;
use crate::render::{self, Format, RenderOptions};
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
    /// Group human tables by team.
    #[arg(long, value_enum)]
    pub by: Option<GroupBy>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    Team,
}

impl OutputArgs {
    /// The render options these flags ask for.
    pub fn render_options(&self, ui: &Ui) -> RenderOptions {
        RenderOptions {
            color: ui.color_for(self.output.is_some()),
            today: clock::today(),
            by_team: self.by.is_some(),
            builtin_packs: None,
        }
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
    })
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
            f(&mut lock)?;
            lock.flush()?;
            Ok(())
        }
        Some(path) => Ok(atomic::write_file(path, f)?),
    }
}
