//! The `paved` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use paved::cli::Cli;
use paved::exit::Exit;

// Memory freed after each repository goes back to be reused across threads, so peak RSS
// follows what the report keeps rather than what every worker once held (Cargo.toml: why).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn is_unavailable(e: &anyhow::Error) -> bool {
    e.downcast_ref::<paved::cli::output::OutputError>()
        .is_some()
        || e.chain().any(|c| {
            // Unreachable, not a wrong answer: a missing org or a refused status stays 2.
            matches!(
                c.downcast_ref::<paved::discover::github::GithubError>(),
                Some(
                    paved::discover::github::GithubError::Transport { .. }
                        | paved::discover::github::GithubError::RateLimited { .. }
                )
            )
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
        // The forge out of reach or output that cannot be written is not the user's mistake.
        Err(e) if is_unavailable(&e) => {
            eprintln!("paved: {e:#}");
            Exit::Unavailable.into()
        }
        // `UsageError` and `ConfigError` are exit 2 by design, and so is any other failure
        // before a report is written (a report that cannot be read, a bad revision).
        Err(e) => {
            eprintln!("paved: {e:#}");
            Exit::Usage.into()
        }
    }
}
