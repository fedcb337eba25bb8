//! Rules as text for people: one rule for `paved rules explain`, and the page of every
//! built-in rule (`paved rules docs`, checked in as docs/rules.md).

use std::fmt::Write as _;

use crate::pack::{Rule, RuleSet, builtin};
use crate::rules::{self, Condition};

/// How to regenerate docs/rules.md; the page says so at its top.
pub const REGEN: &str = "paved rules docs --output docs/rules.md";

/// The condition keys a rule uses (`when`, then `paved`, then `custom`), in order of first use.
pub fn kinds(r: &Rule) -> Vec<&'static str> {
    fn walk(c: &Condition, out: &mut Vec<&'static str>) {
        let key = match c {
            Condition::Exists(_) => "exists",
            Condition::Absent(_) => "absent",
            Condition::Contains(_) => "contains",
            Condition::Structured(s) => s.format.name(),
            Condition::Template(_) => "template",
            Condition::Hash(_) => "hash",
            Condition::Repo(_) => "repo",
            Condition::All(a) => {
                a.0.iter().for_each(|p| walk(p, out));
                "all"
            }
            Condition::Any(a) => {
                a.0.iter().for_each(|p| walk(p, out));
                "any"
            }
            Condition::Not(n) => {
                walk(&n.0, out);
                "not"
            }
        };
        if !out.contains(&key) {
            out.push(key);
        }
    }
    let mut out = Vec::new();
    for c in [r.when.as_ref(), Some(&r.paved), r.custom.as_ref()]
        .into_iter()
        .flatten()
    {
        walk(c, &mut out);
    }
    out
}

/// The outcomes of a rule, first that holds, each line indented `depth` levels (its conditions
/// one more). `no_custom` is the line written when the rule has no custom path, if any.
fn outcomes(r: &Rule, depth: usize, no_custom: Option<&str>, s: &mut String) {
    let pad = "  ".repeat(depth);
    if let Some(w) = &r.when {
        let _ = writeln!(s, "{pad}not_applicable unless:");
        w.describe(depth + 1, s);
    }
    let _ = writeln!(s, "{pad}paved when:");
    r.paved.describe(depth + 1, s);
    match (&r.custom, no_custom) {
        (Some(c), _) => {
            let _ = writeln!(s, "{pad}custom when:");
            c.describe(depth + 1, s);
        }
        (None, Some(line)) => {
            let _ = writeln!(s, "{pad}{line}");
        }
        (None, None) => {}
    }
    let _ = write!(
        s,
        "{pad}missing otherwise; error when a deciding file cannot be read or parsed."
    );
}

/// `paved rules explain ID`: the rule's facts, its outcomes and the documentation of every
/// condition kind it uses.
pub fn explain(r: &Rule) -> String {
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
    if !r.fixes.is_empty() {
        s.push_str(&format!(
            "fixes:    {} (`check --fix`, campaigns)\n",
            fix_actions(r)
        ));
    }
    s.push_str("\nOutcome, first that holds:\n");
    outcomes(r, 1, None, &mut s);
    s.push('\n');
    for k in kinds(r) {
        if let Some(doc) = rules::kind_docs(k) {
            s.push_str(&format!("\n── condition `{k}` ──\n{doc}\n"));
        }
    }
    s
}

/// docs/rules.md: every built-in pack and rule, each rule as written, and the condition kinds.
/// Everything comes from the loaded packs, so the page says what the binary does.
pub fn page(set: &RuleSet) -> String {
    let mut s = String::new();
    let w = &mut s;
    wl(w, "# Built-in rules");
    wl(w, "");
    wl(
        w,
        &format!(
            "<!-- Generated from rules/*.yml and src/rules/*.rs by `paved rules docs`: do not edit.\n     Regenerate with `{REGEN}`. -->"
        ),
    );
    wl(w, "");
    wl(
        w,
        "These packs ship inside `paved` and are loaded by every scan unless `--no-builtin` (or \
         `builtin: false` in paved.yml) is given. `paved rules explain ID` prints one rule with \
         the same conditions; the rule language is described in \
         [rule-language.md](rule-language.md), and the condition kinds at the end of this page.",
    );
    wl(w, "");
    overview(w, set);
    for p in &set.packs {
        wl(w, "");
        wl(w, &format!("<a id=\"pack-{}\"></a>", p.name));
        wl(w, "");
        wl(w, &format!("## Pack `{}`", p.name));
        if let Some(d) = &p.description {
            wl(w, "");
            wl(w, d.trim());
        }
        let file = p.source.trim_start_matches("builtin:");
        let text = builtin::FILES
            .iter()
            .find(|(n, _)| *n == file)
            .map_or("", |(_, t)| *t);
        let starts: Vec<usize> = p.rules.iter().map(|r| r.pos.line as usize).collect();
        for (i, r) in p.rules.iter().enumerate() {
            rule(w, r);
            let end = starts.get(i + 1).map_or(usize::MAX, |l| l - 1);
            source(w, file, text, starts[i], end);
        }
    }
    condition_kinds(w);
    s
}

/// The tables of packs and of rules.
fn overview(w: &mut String, set: &RuleSet) {
    wl(w, "| pack | rules | description |");
    wl(w, "|---|---|---|");
    for p in &set.packs {
        wl(
            w,
            &format!(
                "| [`{}`](#pack-{}) | {} | {} |",
                p.name,
                p.name,
                p.rules.len(),
                cell(p.description.as_deref().unwrap_or(""))
            ),
        );
    }
    wl(w, "");
    wl(w, "| rule | pack | severity | weight | title |");
    wl(w, "|---|---|---|---|---|");
    for r in set.rules() {
        wl(
            w,
            &format!(
                "| [`{}`](#{}) | {} | {} | {} | {} |",
                r.id,
                r.id,
                r.pack,
                r.severity.as_str(),
                r.weight,
                cell(&r.title)
            ),
        );
    }
}

/// Each condition kind's documentation, kinds documented together under one heading.
fn condition_kinds(w: &mut String) {
    wl(w, "");
    wl(w, "## Condition kinds");
    let mut modules: Vec<&str> = Vec::new();
    for (_, m) in rules::KINDS {
        if !modules.contains(m) {
            modules.push(m);
        }
    }
    for m in modules {
        let keys: Vec<String> = rules::KINDS
            .iter()
            .filter(|(_, km)| *km == m)
            .map(|(k, _)| format!("`{k}`"))
            .collect();
        let doc = rules::docs::DOCS
            .iter()
            .find(|(dm, _)| *dm == m)
            .map_or("", |(_, d)| *d);
        wl(w, "");
        wl(w, &format!("### {}", keys.join(", ")));
        wl(w, "");
        wl(w, doc.trim());
    }
}

fn rule(w: &mut String, r: &Rule) {
    wl(w, "");
    wl(w, &format!("<a id=\"{}\"></a>", r.id));
    wl(w, "");
    wl(w, &format!("### `{}` — {}", r.id, r.title));
    wl(w, "");
    let mut facts = format!("- **severity:** {}", r.severity.as_str());
    if r.weight != 1.0 {
        let _ = write!(facts, ", weight {}", r.weight);
    }
    wl(w, &facts);
    if let Some(d) = r.deadline {
        wl(w, &format!("- **deadline:** {d}"));
    }
    if let Some(d) = &r.docs {
        wl(w, &format!("- **docs:** <{d}>"));
    }
    if let Some(f) = &r.fix {
        wl(w, &format!("- **fix:** {}", f.trim()));
    }
    if !r.fixes.is_empty() {
        wl(
            w,
            &format!(
                "- **automatic fix** (`check --fix`, campaigns): {}",
                fix_actions(r)
            ),
        );
    }
    wl(w, "");
    wl(w, "Outcome, the first that holds:");
    wl(w, "");
    wl(w, "```text");
    let mut text = String::new();
    outcomes(r, 0, Some("custom: never (no custom path)"), &mut text);
    wl(w, &text);
    wl(w, "```");
    wl(w, "");
    let kinds: Vec<String> = kinds(r).iter().map(|k| format!("`{k}`")).collect();
    wl(w, &format!("Condition kinds: {}.", kinds.join(", ")));
}

/// The rule as written, comments included: they say why each condition is what it is.
/// Lines `first..=last` (1-based) of the pack file, without trailing blank lines.
fn source(w: &mut String, file: &str, text: &str, first: usize, last: usize) {
    let lines: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i + 1 >= first && *i < last)
        .map(|(_, l)| l)
        .collect();
    let n = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    wl(w, "");
    wl(
        w,
        &format!("<details><summary>As written in rules/{file}</summary>"),
    );
    wl(w, "");
    wl(w, "```yaml");
    for l in &lines[..n] {
        wl(w, l);
    }
    wl(w, "```");
    wl(w, "");
    wl(w, "</details>");
}

/// A table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn wl(w: &mut String, line: &str) {
    w.push_str(line);
    w.push('\n');
}

/// A rule's fix actions in one line: `add_file .github/CODEOWNERS, set .github/workflows/*.yml`.
fn fix_actions(r: &Rule) -> String {
    use crate::fix::ActionKind;
    let mut out: Vec<String> = Vec::new();
    for a in &r.fixes {
        let target = match &a.kind {
            ActionKind::AddFile { path, .. } | ActionKind::RemoveFile { path } => path.clone(),
            ActionKind::Set { files, .. } | ActionKind::Replace { files, .. } => {
                files.shown.join(", ")
            }
        };
        let item = format!("{} `{target}`", a.kind.key());
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out.join(", ")
}
