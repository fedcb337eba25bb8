//! `paved rules`: list, explain and validate rule packs.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::common::{self, Ui};
use super::{RuleArgs, UsageError};
use crate::exit::Exit;
use crate::pack::{self, Rule};
use crate::rules::{self, Condition};

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Every loaded rule: id, pack, severity, title.
    List(ListArgs),
    /// A rule's title, docs, fix and conditions, with the documentation of each condition kind.
    Explain(ExplainArgs),
    /// Check pack files; exit 2 listing every problem.
    Validate(ValidateArgs),
    /// Print the JSON Schema of rule packs (for editors' completion and validation).
    Schema,
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

pub fn run(cmd: RulesCommand, ui: &Ui) -> anyhow::Result<Exit> {
    match cmd {
        RulesCommand::List(a) => list(&a),
        RulesCommand::Explain(a) => explain(&a),
        RulesCommand::Validate(a) => validate(&a, ui),
        RulesCommand::Schema => {
            common::write_output(None, |out| {
                out.write_all(pack::schema::pack_schema().as_bytes())
            })?;
            Ok(Exit::Success)
        }
    }
}

fn list(args: &ListArgs) -> anyhow::Result<Exit> {
    let set = common::load_rules(&args.rules)?;
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
    common::write_output(None, |out| {
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

/// The condition keys a rule uses, in order of first use.
fn kinds_used(c: &Condition, out: &mut Vec<&'static str>) {
    let key = match c {
        Condition::Exists(_) => "exists",
        Condition::Absent(_) => "absent",
        Condition::Contains(_) => "contains",
        Condition::Structured(s) => match s.format {
            crate::query::Format::Yaml => "yaml",
            crate::query::Format::Json => "json",
            crate::query::Format::Toml => "toml",
        },
        Condition::Template(_) => "template",
        Condition::Hash(_) => "hash",
        Condition::Repo(_) => "repo",
        Condition::All(a) => {
            a.0.iter().for_each(|p| kinds_used(p, out));
            "all"
        }
        Condition::Any(a) => {
            a.0.iter().for_each(|p| kinds_used(p, out));
            "any"
        }
        Condition::Not(n) => {
            kinds_used(&n.0, out);
            "not"
        }
    };
    if !out.contains(&key) {
        out.push(key);
    }
}

pub fn explain_rule(r: &Rule) -> String {
    let mut s = format!("{} — {}\n\n", r.id, r.title);
    s.push_str(&format!("pack:     {} ({})\n", r.pack, r.source));
    s.push_str(&format!(
        "severity: {}\nweight:   {}\n",
        r.severity.as_str(),
        r.weight
    ));
    if let Some(d) = r.deadline {
        s.push_str(&format!("deadline: {d}\n"));
    }
    if let Some(d) = &r.docs {
        s.push_str(&format!("docs:     {d}\n"));
    }
    if let Some(f) = &r.fix {
        s.push_str(&format!("fix:      {f}\n"));
    }
    let mut kinds = Vec::new();
    s.push_str("\nOutcome, first that holds:\n");
    if let Some(w) = &r.when {
        s.push_str("  not_applicable unless:\n");
        w.describe(2, &mut s);
        kinds_used(w, &mut kinds);
    }
    s.push_str("  paved when:\n");
    r.paved.describe(2, &mut s);
    kinds_used(&r.paved, &mut kinds);
    if let Some(c) = &r.custom {
        s.push_str("  custom when:\n");
        c.describe(2, &mut s);
        kinds_used(c, &mut kinds);
    }
    s.push_str("  missing otherwise; error when a deciding file cannot be read or parsed.\n");
    for k in kinds {
        if let Some(doc) = rules::kind_docs(k) {
            s.push_str(&format!("\n── condition `{k}` ──\n{doc}\n"));
        }
    }
    s
}

fn explain(args: &ExplainArgs) -> anyhow::Result<Exit> {
    if let Some(doc) = rules::kind_docs(&args.id) {
        common::write_output(None, |out| writeln!(out, "{doc}"))?;
        return Ok(Exit::Success);
    }
    let set = common::load_rules(&args.rules)?;
    let Some(rule) = set.rule(&args.id) else {
        let ids: Vec<&str> = set.rules().map(|r| r.id.as_str()).collect();
        let hint = crate::diag::did_you_mean(&args.id, &ids)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(UsageError(format!("no rule or condition kind `{}`{hint}", args.id)).into());
    };
    let text = explain_rule(rule);
    common::write_output(None, |out| out.write_all(text.as_bytes()))?;
    Ok(Exit::Success)
}

fn validate(args: &ValidateArgs, ui: &Ui) -> anyhow::Result<Exit> {
    let sources = pack::read_sources(&args.paths).map_err(|e| UsageError(e.to_string()))?;
    if sources.is_empty() {
        return Err(UsageError("no pack files found".into()).into());
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
        Err(failure) => Err(common::report_diagnostics(&failure, "rules").into()),
    }
}
