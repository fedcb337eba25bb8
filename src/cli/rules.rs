//! `paved rules`: list, explain and validate rule packs.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::UsageError;
use super::output;
use super::setup::{self, RuleArgs};
use super::ui::Ui;
use crate::exit::Exit;
use crate::pack;
use crate::render::rule_docs;
use crate::rules;

/// `rules explain ID`'s text, which the built-in packs' tests read too.
pub use crate::render::rule_docs::explain as explain_rule;

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Every loaded rule: id, pack, severity, title.
    List(ListArgs),
    /// A rule's title, docs, fix and conditions, with the documentation of each condition kind.
    Explain(ExplainArgs),
    /// Check pack files; exit 2 listing every problem.
    Validate(ValidateArgs),
    /// Print the JSON Schema of rule packs (for editors' completion and validation); the same as
    /// `paved schema pack`.
    Schema,
    /// Print the reference page of every built-in rule (docs/rules.md) in Markdown.
    Docs(DocsArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The rule id, or a condition kind (`exists`, `yaml`, ...).
    pub id: String,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Pack files, or folders of `*.yml` packs.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DocsArgs {
    /// Write the page to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(cmd: RulesCommand, ui: &Ui) -> anyhow::Result<Exit> {
    match cmd {
        RulesCommand::List(a) => list(&a),
        RulesCommand::Explain(a) => explain(&a),
        RulesCommand::Validate(a) => validate(&a, ui),
        RulesCommand::Schema => {
            output::write_output(None, |out| {
                out.write_all(pack::schema::pack_schema().as_bytes())
            })?;
            Ok(Exit::Success)
        }
        RulesCommand::Docs(a) => docs(&a),
    }
}

/// The page is about the built-in packs alone, whatever `--rules` or paved.yml would add.
fn docs(args: &DocsArgs) -> anyhow::Result<Exit> {
    let set = pack::load(&pack::builtin::sources())
        .map_err(|failure| setup::report_diagnostics(&failure, "built-in rules"))?;
    let page = rule_docs::page(&set);
    output::write_output(args.output.as_deref(), |out| out.write_all(page.as_bytes()))?;
    Ok(Exit::Success)
}

fn list(args: &ListArgs) -> anyhow::Result<Exit> {
    let set = setup::load_rules(&args.rules)?;
    let rows: Vec<[String; 4]> = set
        .rules()
        .map(|r| {
            [
                r.id.clone(),
                r.pack.clone(),
                r.severity.as_str().to_string(),
                r.title.clone(),
            ]
        })
        .collect();
    let w: Vec<usize> = (0..3)
        .map(|i| rows.iter().map(|r| r[i].len()).max().unwrap_or(0).max(8))
        .collect();
    output::write_output(None, |out| {
        writeln!(
            out,
            "{:w0$}  {:w1$}  {:w2$}  TITLE",
            "ID",
            "PACK",
            "SEVERITY",
            w0 = w[0],
            w1 = w[1],
            w2 = w[2]
        )?;
        for r in &rows {
            writeln!(
                out,
                "{:w0$}  {:w1$}  {:w2$}  {}",
                r[0],
                r[1],
                r[2],
                r[3],
                w0 = w[0],
                w1 = w[1],
                w2 = w[2]
            )?;
        }
        Ok(())
    })?;
    Ok(Exit::Success)
}

fn explain(args: &ExplainArgs) -> anyhow::Result<Exit> {
    if let Some(doc) = rules::kind_docs(&args.id) {
        output::write_output(None, |out| writeln!(out, "{doc}"))?;
        return Ok(Exit::Success);
    }
    let set = setup::load_rules(&args.rules)?;
    let Some(rule) = set.rule(&args.id) else {
        let ids: Vec<&str> = set.rules().map(|r| r.id.as_str()).collect();
        let hint = crate::diag::did_you_mean(&args.id, &ids)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(UsageError(format!("no rule or condition kind `{}`{hint}", args.id)).into());
    };
    let text = rule_docs::explain(rule);
    output::write_output(None, |out| out.write_all(text.as_bytes()))?;
    Ok(Exit::Success)
}

fn validate(args: &ValidateArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let (configs, mut sources): (Vec<_>, Vec<_>) = setup::read_sources(&args.paths)?
        .into_iter()
        .partition(|s| pack::config::looks_like_config(&s.text));
    if configs.is_empty() && sources.is_empty() {
        return Err(UsageError("no pack files found".into()).into());
    }
    // A config is validated as a config (problems at their positions), and the packs it names
    // are validated with the others.
    for c in &configs {
        let dir = c.dir.clone().unwrap_or_default();
        let config = pack::config::parse(&c.name, &c.text, &dir).map_err(|diagnostics| {
            let failure = pack::LoadFailure {
                diagnostics,
                texts: [(c.name.clone(), c.text.clone())].into(),
            };
            setup::report_diagnostics(&failure, "config")
        })?;
        ui.note(format!(
            "{}: a paved config, not a rule pack: validated as a config (use it with \
             `paved scan --config {}`)",
            c.name, c.name
        ));
        sources.extend(setup::read_sources(&config.rules)?);
    }
    if sources.is_empty() {
        ui.note("ok: the config names no packs");
        return Ok(Exit::Success);
    }
    match pack::load(&sources) {
        Ok(set) => {
            let (p, r) = (set.packs.len(), set.rules().count());
            ui.note(format!(
                "ok: {p} pack{}, {r} rule{}",
                if p == 1 { "" } else { "s" },
                if r == 1 { "" } else { "s" }
            ));
            Ok(Exit::Success)
        }
        Err(failure) => Err(setup::report_diagnostics(&failure, "rules").into()),
    }
}
