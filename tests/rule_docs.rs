//! docs/rules.md is generated from the built-in packs and the condition kinds' documentation;
//! this test fails when it is stale. Regenerate with
//! `PAVED_REGEN_DOCS=1 cargo test --test rule_docs`.

use std::fmt::Write;

use paved::pack::{self, Rule, builtin};
use paved::rules::{self, Condition};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
const REGEN: &str = "PAVED_REGEN_DOCS=1 cargo test --test rule_docs";

/// The whole page. Everything comes from the loaded packs, so the page says what the binary
/// does, conditions included.
fn render() -> String {
    let set = pack::load(&builtin::sources()).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let mut s = String::new();
    let w = &mut s;
    wl(w, "# Built-in rules");
    wl(w, "");
    wl(
        w,
        &format!(
            "<!-- Generated from rules/*.yml and src/rules/*.rs by tests/rule_docs.rs: do not edit.\n     Regenerate with `{REGEN}`. -->"
        ),
    );
    wl(w, "");
    wl(
        w,
        "These packs ship inside `paved` and are loaded by every scan unless `--no-builtin` (or \
         `builtin: false` in paved.yml) is given. `paved rules explain ID` prints one rule with \
         the same conditions; the rule language is described in the design docs, and the \
         condition kinds at the end of this page.",
    );
    wl(w, "");
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
    s
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
    wl(w, "");
    wl(w, "Outcome, the first that holds:");
    wl(w, "");
    wl(w, "```text");
    let mut text = String::new();
    if let Some(c) = &r.when {
        text.push_str("not_applicable unless:\n");
        c.describe(1, &mut text);
    }
    text.push_str("paved when:\n");
    r.paved.describe(1, &mut text);
    match &r.custom {
        Some(c) => {
            text.push_str("custom when:\n");
            c.describe(1, &mut text);
        }
        None => text.push_str("custom: never (no custom path)\n"),
    }
    text.push_str("missing otherwise; error when a deciding file cannot be read or parsed.");
    wl(w, &text);
    wl(w, "```");
    let kinds = kinds(r);
    wl(w, "");
    wl(
        w,
        &format!(
            "Condition kinds: {}.",
            kinds
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
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

/// The condition keys a rule uses, in order of first use.
fn kinds(r: &Rule) -> Vec<&'static str> {
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

#[test]
fn docs_rules_md_is_current() {
    let want = render();
    if std::env::var_os("PAVED_REGEN_DOCS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(PATH).parent().unwrap()).unwrap();
        std::fs::write(PATH, &want).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(PATH).unwrap_or_default();
    if on_disk != want {
        let first = on_disk
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "the length differs".to_string(),
                |i| format!("first difference at line {}", i + 1),
            );
        panic!("docs/rules.md is stale ({first}); regenerate it with `{REGEN}`");
    }
}

#[test]
fn every_rule_and_condition_kind_is_on_the_page() {
    let page = render();
    let set = pack::load(&builtin::sources()).unwrap();
    for r in set.rules() {
        assert!(
            page.contains(&format!("### `{}` — {}", r.id, r.title)),
            "{}",
            r.id
        );
    }
    for (k, _) in rules::KINDS {
        assert!(page.contains(&format!("`{k}`")), "{k}");
    }
}
