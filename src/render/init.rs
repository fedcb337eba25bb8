//! The files `paved init` writes: a commented `paved.yml` and the starter pack
//! `rules/our-road.yml`, from the survey of the org's repositories (`crate::init`).

use std::io::{self, Write};

use crate::init::{Count, Survey};

/// Where the starter pack goes, relative to the config; `paved.yml`'s `rules:` names its folder.
pub const STARTER_PACK: &str = "rules/our-road.yml";

fn of(n: usize, s: &Survey) -> String {
    format!("{n} of {} repos", s.scanned)
}

/// One comment line per entry.
fn counts(list: &[Count], s: &Survey) -> String {
    list.iter()
        .map(|c| format!("\n#   {}: {}", c.name, of(c.repos, s)))
        .collect()
}

/// The built-in packs `paved.yml` turns on: the default ones that apply to some repository,
/// plus `templates` when some repository came from a template.
pub fn chosen_packs(s: &Survey) -> Vec<&str> {
    s.packs
        .iter()
        .filter(|p| {
            (p.on_by_default && p.applies > 0) || (p.name == "templates" && !s.templates.is_empty())
        })
        .map(|p| p.name.as_str())
        .collect()
}

/// The commented `paved.yml`.
pub fn config(s: &Survey, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "# paved.yml, written by `paved init` from {} repositories ({} scanned).",
        s.repos, s.scanned
    )?;
    writeln!(
        out,
        "# Every decision below says what it was based on; edit freely. Check it with"
    )?;
    writeln!(
        out,
        "# `paved rules validate paved.yml` and use it with `paved scan --config paved.yml`."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "# The org's own road: every pack in rules/ ({STARTER_PACK} is a starter)."
    )?;
    writeln!(out, "rules: [rules/]")?;
    writeln!(out)?;
    writeln!(
        out,
        "# Built-in packs, on where any of their rules applies to a repository:"
    )?;
    for p in &s.packs {
        let why = match (p.on_by_default, p.applies) {
            (true, 0) => "applies to none: left out".to_string(),
            (true, n) => format!("applies to {}", of(n, s)),
            (false, _) if p.name == "templates" && !s.templates.is_empty() => format!(
                "opt-in; on: {} came from a template",
                of(s.templates.iter().map(|t| t.repos).sum(), s)
            ),
            (false, _) => "opt-in: left out (add it to the list to score it)".to_string(),
        };
        writeln!(out, "#   {}: {why}", p.name)?;
    }
    writeln!(out, "builtin: [{}]", chosen_packs(s).join(", "))?;
    writeln!(out)?;
    if s.ci.is_empty() {
        writeln!(out, "# CI systems in use: none found.")?;
    } else {
        writeln!(out, "# CI systems in use:{}", counts(&s.ci, s))?;
    }
    if !s.templates.is_empty() {
        writeln!(out, "# Templates in use:{}", counts(&s.templates, s))?;
    }
    writeln!(out)?;
    let has = s.codeowners_teams;
    writeln!(
        out,
        "# {} have CODEOWNERS with a catch-all owner, which names their team;",
        of(has, s)
    )?;
    writeln!(
        out,
        "# name the others' teams under `teams:` (a team: [repo name globs])."
    )?;
    writeln!(out, "team_from_codeowners: {}", has > 0)?;
    writeln!(out, "# teams:")?;
    writeln!(out, "#   payments: [\"payments/*\"]")?;
    writeln!(out)?;
    writeln!(
        out,
        "# Exemptions: some repos, some rules, until a day, for a reason."
    )?;
    writeln!(out, "# exemptions:")?;
    writeln!(out, "#   - repos: \"legacy/*\"")?;
    writeln!(out, "#     rules: [ci-reusable-workflow]")?;
    writeln!(out, "#     until: 2027-03-31")?;
    writeln!(out, "#     reason: Retired next quarter")
}

/// `text` as a YAML single-quoted scalar.
fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The starter pack: "CI uses our reusable workflow at a released tag", with the most used
/// reusable workflow's reference, or a placeholder to fill in when none was found.
pub fn starter_pack(s: &Survey, out: &mut dyn Write) -> io::Result<()> {
    let (reference, why) = match s.reusable.first() {
        Some(c) => (
            c.name.clone(),
            format!(
                "# {} call {} from a job (the most used `uses:`).",
                of(c.repos, s),
                c.name
            ),
        ),
        None => (
            "your-org/ci/.github/workflows/ci.yml".to_string(),
            "# No job calls a reusable workflow yet: put yours in the pattern.".to_string(),
        ),
    };
    let pattern = format!("^{}@v\\d+(\\.\\d+)*$", regex::escape(&reference));
    writeln!(
        out,
        "# The org's own road, written by `paved init`: grow it rule by rule and check it with"
    )?;
    writeln!(
        out,
        "# `paved rules validate {STARTER_PACK}` (docs/rule-language.md is the reference)."
    )?;
    writeln!(out, "pack: our-road")?;
    writeln!(out, "rules:")?;
    writeln!(out, "  - id: ci-reusable-workflow")?;
    writeln!(
        out,
        "    title: CI uses our reusable workflow at a released tag"
    )?;
    writeln!(out, "    severity: recommended")?;
    writeln!(out, "    docs: >-")?;
    writeln!(
        out,
        "      A job calls the org's reusable workflow at a release tag (vN or vN.N.N), so CI"
    )?;
    writeln!(out, "      changes roll out from one place.")?;
    writeln!(
        out,
        "    fix: Call {reference} from a job at its latest release tag."
    )?;
    writeln!(out, "    {why}")?;
    writeln!(out, "    paved:")?;
    writeln!(out, "      yaml:")?;
    writeln!(out, "        files: \".github/workflows/*.{{yml,yaml}}\"")?;
    writeln!(out, "        query: jobs.*.uses")?;
    writeln!(out, "        matches: {}", single_quoted(&pattern))?;
    writeln!(out, "    # Any other CI is a custom road.")?;
    writeln!(out, "    custom:")?;
    writeln!(out, "      any:")?;
    writeln!(
        out,
        "        - exists: \".github/workflows/*.{{yml,yaml}}\""
    )?;
    writeln!(out, "        - exists: .gitlab-ci.yml")?;
    writeln!(out, "        - exists: Jenkinsfile")?;
    writeln!(out, "        - exists: .circleci/config.yml")
}
