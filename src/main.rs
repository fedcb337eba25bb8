//! The `paved` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use paved::cli::Cli;
use paved::exit::Exit;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    // Without the handler, SIGINT/SIGTERM would leave the temporary file of a write behind.
    if let Err(e) = paved::atomic::install_signal_cleanup() {
        eprintln!("paved: cannot install the signal handler: {e}");
    }
    match paved::cli::run(cli) {
        Ok(code) => code.into(),
        // `paved scan | head`: the reader left; that is not a failure.
        Err(e) if is_broken_pipe(&e) => Exit::Success.into(),
        // `UsageError` and `ConfigError` are exit 2 by design; other failures (I/O, a report
        // that cannot be read, the forge) end with 2 as well for now, as they always have.
        Err(e) => {
            eprintln!("paved: {e:#}");
            Exit::Usage.into()
        }
    }
}
