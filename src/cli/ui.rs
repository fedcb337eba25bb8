//! How the CLI talks to the person at the terminal: colour, quiet notes on stderr.

use std::io::IsTerminal;

use super::ColorChoice;

/// How to talk to the person at the terminal.
pub struct Ui {
    pub color: ColorChoice,
    pub quiet: bool,
    pub stderr_is_terminal: bool,
}

impl Ui {
    pub fn new(color: ColorChoice, quiet: bool) -> Self {
        Ui {
            color,
            quiet,
            stderr_is_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Colour for stdout (or a file): `--color`, else only on a terminal without `NO_COLOR`.
    pub fn color_for(&self, to_file: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !to_file
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }

    /// A line on stderr, unless `--quiet`.
    pub fn note(&self, msg: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("paved: {}", msg.as_ref());
        }
    }
}
