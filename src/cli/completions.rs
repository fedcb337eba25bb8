//! `paved completions SHELL` and `paved man`: shell completions and the man page, generated
//! from the clap definitions so they never drift from the real options (the checked-in copies
//! in completions/ and man/ are compared with these by a test).

use clap::Args;
use clap_complete::Shell;

use super::output;
use crate::exit::Exit;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`, from the command-line definition `cmd`.
pub fn script(shell: Shell, mut cmd: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "paved", &mut out);
    out
}

/// The man page (roff) for the command-line definition `cmd`.
pub fn man_page(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(out)
}

pub fn run_completions(args: &CompletionsArgs, cmd: clap::Command) -> anyhow::Result<Exit> {
    let text = script(args.shell, cmd);
    output::write_output(None, |out| out.write_all(&text))?;
    Ok(Exit::Success)
}

pub fn run_man(cmd: clap::Command) -> anyhow::Result<Exit> {
    let text = man_page(cmd)?;
    output::write_output(None, |out| out.write_all(&text))?;
    Ok(Exit::Success)
}
