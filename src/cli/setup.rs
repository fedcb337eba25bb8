//! Where rules come from: `--rules`, `--config`, the built-in packs; loading them (and the
//! policy) once for every subcommand that evaluates.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use super::{ConfigError, UsageError, clock};
use crate::diag;
use crate::pack::config::{self, Config};
use crate::pack::{self, RuleSet};
use crate::policy::Policy;

/// Where rules come from.
#[derive(Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// A rule pack file, or a folder of `*.yml` packs (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// The config file (default: `paved.yml` in the current directory, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long, conflicts_with = "builtin")]
    pub no_builtin: bool,
    /// Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`.
    #[arg(long, value_name = "PACK", value_delimiter = ',')]
    pub builtin: Vec<String>,
}

/// The config file: `--config FILE`, else `paved.yml` in the current directory if present.
pub fn load_config(args: &RuleArgs) -> anyhow::Result<Config> {
    let path = match &args.config {
        Some(p) => p.clone(),
        None if Path::new("paved.yml").is_file() => PathBuf::from("paved.yml"),
        None => return Ok(Config::default()),
    };
    let text = crate::input::read_limited(&path, crate::input::CONFIG_LIMIT)
        .map_err(|e| UsageError(format!("reading the config: {e}")))?;
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

/// The built-in packs a run loads: none with `--no-builtin`, those of `--builtin`, else the
/// config's `builtin:` (whose default is `builtin::on_by_default`).
pub fn builtin_packs(args: &RuleArgs, config: &Config) -> Vec<String> {
    pack::builtin::names()
        .into_iter()
        .filter(|p| {
            if args.no_builtin {
                false
            } else if !args.builtin.is_empty() {
                args.builtin.iter().any(|b| b == p)
            } else {
                config.builtin.includes(p)
            }
        })
        .map(str::to_string)
        .collect()
}

/// The rules and policy of a scan: the config, the built-in packs (unless `--no-builtin` or
/// `builtin: false`), the config's packs and every `--rules` path. Any problem in any of
/// them is printed with its position and ends the run (exit 2): nothing is evaluated.
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
    let chosen = builtin_packs(args, &config);
    let mut sources = pack::builtin::sources_where(|p| chosen.iter().any(|c| c == p));
    let mut paths = config.rules.clone();
    paths.extend(args.rules.iter().cloned());
    sources.extend(read_sources(&paths)?);
    if sources.is_empty() {
        return Err(UsageError(
            "no rules to evaluate: give --rules PATH, or drop --no-builtin".into(),
        )
        .into());
    }
    let mut rules =
        pack::load(&sources).map_err(|failure| report_diagnostics(&failure, "rules"))?;
    let mut unknown = config::check_rule_ids(&config, &|id| rules.rule(id).is_some());
    unknown.extend(pack::tuning::check(&config.tuning, &rules));
    unknown.sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
    if !unknown.is_empty() {
        let file = unknown[0].file.clone();
        let text = crate::input::read_limited(Path::new(&file), crate::input::CONFIG_LIMIT)
            .unwrap_or_default();
        let failure = pack::LoadFailure {
            diagnostics: unknown,
            texts: [(file, text)].into(),
        };
        return Err(report_diagnostics(&failure, "config").into());
    }
    pack::tuning::apply(&config.tuning, &mut rules);
    if rules.rules().next().is_none() {
        return Err(ConfigError(
            "the config's `select`, `ignore` and `severity` leave no rule to evaluate".into(),
        )
        .into());
    }
    Ok((
        rules,
        Policy {
            config,
            today: clock::today(),
        },
    ))
}

/// The pack files at `paths`. The error's text already ends with its cause, so the cause is
/// not chained a second time.
pub fn read_sources(paths: &[PathBuf]) -> anyhow::Result<Vec<pack::PackSource>> {
    pack::read_sources(paths)
        .map_err(|e| anyhow::Error::msg(e.to_string()))
        .context("reading rule packs")
}

/// The rules alone (for `rules list` and `explain`).
pub fn load_rules(args: &RuleArgs) -> anyhow::Result<RuleSet> {
    load_setup(args).map(|(rules, _)| rules)
}

/// Prints a load failure's diagnostics to stderr and makes the error that ends the run.
pub fn report_diagnostics(failure: &pack::LoadFailure, what: &str) -> ConfigError {
    let mut err = std::io::stderr().lock();
    let _ = diag::write_all(&mut err, &failure.diagnostics, &|f| {
        failure.texts.get(f).map(String::as_str)
    });
    let n = failure.diagnostics.len();
    ConfigError(format!(
        "{n} problem{} in the {what}",
        if n == 1 { "" } else { "s" }
    ))
}

/// A campaign file, read and validated (`campaign`, and `--campaign` of `trend` and `memo`).
pub fn load_campaign(path: &Path) -> anyhow::Result<crate::campaign::Campaign> {
    let text = crate::input::read_limited(path, crate::input::CONFIG_LIMIT)
        .map_err(|e| UsageError(format!("reading the campaign: {e}")))?;
    let name = path.display().to_string();
    crate::campaign::spec::parse(&name, &text).map_err(|diagnostics| {
        let failure = crate::pack::LoadFailure {
            diagnostics,
            texts: [(name.clone(), text.clone())].into(),
        };
        report_diagnostics(&failure, "campaign").into()
    })
}

/// The burndown of each `--campaign FILE` over the trend `t`; a campaign naming a rule the
/// trend did not evaluate is a usage error.
pub fn burndowns(
    files: &[std::path::PathBuf],
    t: &crate::report::trend::TrendReport,
) -> anyhow::Result<Vec<crate::campaign::burndown::Burndown>> {
    let mut out = Vec::new();
    for file in files {
        let c = load_campaign(file)?;
        if let Some((id, _)) = c.rules.iter().find(|(id, _)| t.rule(id).is_none()) {
            return Err(UsageError(format!(
                "--campaign {}: no loaded rule has the id `{id}`",
                file.display()
            ))
            .into());
        }
        out.push(crate::campaign::burndown::burndown(&c, t));
    }
    Ok(out)
}
