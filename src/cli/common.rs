//! What the subcommands share: terminal detection, colour, loading rules, writing output.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{ColorChoice, OutputArgs, RuleArgs, UsageError};
use crate::diag;
use crate::pack::config::{self, Config};
use crate::pack::{self, RuleSet};
use crate::policy::Policy;
use crate::render::{self, RenderOptions};
use crate::report::Report;

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

/// The config file: `--config FILE`, else `paved.yml` in the current directory if present.
pub fn load_config(args: &RuleArgs) -> anyhow::Result<Config> {
    let path = match &args.config {
        Some(p) => p.clone(),
        None if Path::new("paved.yml").is_file() => PathBuf::from("paved.yml"),
        None => return Ok(Config::default()),
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    let name = path.display().to_string();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    config::parse(&name, &text, &dir).map_err(|diagnostics| {
        let failure = pack::LoadFailure {
            diagnostics,
            texts: [(name.clone(), text.clone())].into(),
        };
        report_diagnostics(&failure, "config").into()
    })
}

/// The rules and policy of a scan: the config, the built-in packs (unless `--no-builtin` or
/// `builtin: false`), the config's packs and every `--rules` path. Any problem in any of
/// them is printed with its position and is a usage error (exit 2): nothing is evaluated.
pub fn load_setup(args: &RuleArgs) -> anyhow::Result<(RuleSet, Policy)> {
    let config = load_config(args)?;
    let known = pack::builtin::names();
    if let Some(bad) = args.builtin.iter().find(|b| !known.contains(&b.as_str())) {
        return Err(UsageError(format!(
            "--builtin {bad}: no such built-in pack (built in: {})",
            known.join(", ")
        ))
        .into());
    }
    let mut sources = if args.no_builtin {
        Vec::new()
    } else if !args.builtin.is_empty() {
        pack::builtin::sources_where(|p| args.builtin.iter().any(|b| b == p))
    } else {
        pack::builtin::sources_where(|p| config.builtin.includes(p))
    };
    let mut paths = config.rules.clone();
    paths.extend(args.rules.iter().cloned());
    sources.extend(pack::read_sources(&paths).map_err(|e| UsageError(e.to_string()))?);
    if sources.is_empty() {
        return Err(UsageError(
            "no rules to evaluate: give --rules PATH, or drop --no-builtin".into(),
        )
        .into());
    }
    let rules = pack::load(&sources).map_err(|failure| report_diagnostics(&failure, "rules"))?;
    let unknown = config::check_rule_ids(&config, &|id| rules.rule(id).is_some());
    if !unknown.is_empty() {
        let file = unknown[0].file.clone();
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let failure = pack::LoadFailure {
            diagnostics: unknown,
            texts: [(file, text)].into(),
        };
        return Err(report_diagnostics(&failure, "config").into());
    }
    Ok((
        rules,
        Policy {
            config,
            today: today(),
        },
    ))
}

/// The rules alone (for `rules list` and `explain`).
pub fn load_rules(args: &RuleArgs) -> anyhow::Result<RuleSet> {
    load_setup(args).map(|(rules, _)| rules)
}

/// Prints a load failure's diagnostics to stderr and makes the usage error.
pub fn report_diagnostics(failure: &pack::LoadFailure, what: &str) -> UsageError {
    let mut err = std::io::stderr().lock();
    let _ = diag::write_all(&mut err, &failure.diagnostics, &|f| {
        failure.texts.get(f).map(String::as_str)
    });
    let n = failure.diagnostics.len();
    UsageError(format!(
        "{n} problem{} in the {what}",
        if n == 1 { "" } else { "s" }
    ))
}

/// Writes the report in the chosen format to `--output` (atomically) or stdout.
pub fn write_report(report: &Report, out: &OutputArgs, ui: &Ui) -> anyhow::Result<()> {
    let opts = RenderOptions {
        color: ui.color_for(out.output.is_some()),
        today: today(),
        by_team: out.by.is_some(),
    };
    write_output(out.output.as_deref(), |w| {
        render::render(report, out.format, &opts, w)
    })
}

/// Runs `f` against stdout, or against a temporary file renamed over `path` when it
/// succeeds, so a failed run never leaves half a report behind.
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
        Some(path) => {
            let tmp = tmp_path(path);
            let res = (|| -> std::io::Result<()> {
                let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
                f(&mut w)?;
                w.flush()
            })();
            if let Err(e) = res {
                let _ = std::fs::remove_file(&tmp);
                return Err(e).with_context(|| format!("writing {}", path.display()));
            }
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
        }
    }
}

fn tmp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.paved-{}.tmp", std::process::id()))
}

/// Now, or `SOURCE_DATE_EPOCH` when set, so that reports can be reproduced byte for byte.
pub fn now() -> jiff::Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now)
}

/// `generated_at`: now in UTC, to the second (RFC 3339).
pub fn now_rfc3339() -> String {
    now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Today in UTC, against which deadlines and exemptions are judged.
pub fn today() -> jiff::civil::Date {
    now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

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
