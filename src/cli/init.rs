//! `paved init`: survey the repositories under PATH and write a commented `paved.yml` and a
//! starter pack into DIR, never overwriting a file (wiring: the survey is `crate::init`, the
//! text `render::init`).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::UsageError;
use super::select;
use super::ui::Ui;
use crate::eval::{self, ScanOptions};
use crate::exit::Exit;
use crate::pack;
use crate::render::init as text;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folders to look for repositories in (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Where to write paved.yml and rules/our-road.yml (default: the current directory).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(args: InitArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let targets = [
        args.dir.join("paved.yml"),
        args.dir.join(text::STARTER_PACK),
    ];
    refuse_existing(&targets)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    // A folder that could not be read is warned about; init surveys what it could read.
    let (repos, _unreadable) = select::discover_local(&paths, &select::exclude_set(&[])?, ui)?;
    if repos.is_empty() {
        ui.note("no repositories found: the files say so and start from the defaults");
    }
    // Every built-in pack, opt-in ones too: the survey says which apply.
    let rules = pack::load(&pack::builtin::sources())
        .map_err(|_| anyhow::anyhow!("the built-in packs do not load"))?;
    let reports = eval::scan(&rules, &repos, &ScanOptions::default(), &|_| {})?;
    let survey = crate::init::survey(&rules, &repos, &reports);
    let mut config = Vec::new();
    text::config(&survey, &mut config)?;
    let mut starter = Vec::new();
    text::starter_pack(&survey, &mut starter)?;
    // Checked again just before writing; `create_new` keeps a file that appeared meanwhile.
    refuse_existing(&targets)?;
    if let Some(parent) = targets[1].parent() {
        std::fs::create_dir_all(parent)?;
    }
    for (path, bytes) in targets.iter().zip([config, starter]) {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
        f.write_all(&bytes)?;
        ui.note(format!("wrote {}", path.display()));
    }
    Ok(Exit::Success)
}

/// Nothing is written when any target exists (exit 2, naming it).
fn refuse_existing(targets: &[PathBuf]) -> anyhow::Result<()> {
    if let Some(t) = targets.iter().find(|t| t.exists()) {
        return Err(UsageError(format!(
            "{} already exists: paved init never overwrites a file (nothing was written); \
             move it away or give another --dir",
            t.display()
        ))
        .into());
    }
    Ok(())
}
