//! `paved diff`: what changed between two reports.

use std::path::PathBuf;

use clap::Args;

use super::common::{self, Ui};
use super::{OutputArgs, UsageError};
use crate::exit::Exit;
use crate::render::RenderOptions;

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
    let load = |p: &PathBuf| crate::diff::load_report(p).map_err(|e| UsageError(e.to_string()));
    let (before, after) = (load(&args.before)?, load(&args.after)?);
    let diff = crate::diff::compare(&before, &after);
    let opts = RenderOptions {
        color: ui.color_for(args.out.output.is_some()),
        today: common::today(),
        by_team: args.out.by.is_some(),
    };
    common::write_output(args.out.output.as_deref(), |w| {
        crate::render::diff::render(&diff, format, &opts, w)
    })?;
    Ok(Exit::Success)
}
