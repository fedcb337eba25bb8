//! `paved diff`: what changed between two reports.

use std::path::PathBuf;

use clap::Args;

use super::UsageError;
use super::output::{self, OutputArgs};
use super::ui::Ui;
use crate::exit::Exit;

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier JSON report.
    pub before: PathBuf,
    /// The later JSON report.
    pub after: PathBuf,
    #[command(flatten)]
    pub out: OutputArgs,
}

pub fn run(args: DiffArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let format = args.out.format;
    if !crate::render::diff::FORMATS.contains(&format) {
        let names: Vec<String> = crate::render::diff::FORMATS
            .iter()
            .map(|f| format!("{f:?}").to_lowercase())
            .collect();
        return Err(UsageError(
            format!("`diff` writes {}, not {format:?}", names.join(", ")).to_lowercase(),
        )
        .into());
    }
    let before = crate::diff::load_report(&args.before)?;
    let after = crate::diff::load_report(&args.after)?;
    let diff = crate::diff::compare(&before, &after);
    let opts = args.out.render_options(ui);
    output::write_output(args.out.output.as_deref(), |w| {
        crate::render::diff::render(&diff, format, &opts, w)
    })?;
    Ok(Exit::Success)
}
