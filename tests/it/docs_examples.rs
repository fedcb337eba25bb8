//! The documentation's rule packs are real: every ```yaml block that starts with `pack:` in
//! docs/rule-language.md and docs/rules-guide.md loads and validates, and each example of the
//! rules guide yields, on the repository the guide shows, the outcomes it promises
//! (`<!-- expect: RULE OUTCOME -->`).

use std::path::{Path, PathBuf};

use paved::discover::{RepoMeta, RepoRef};
use paved::outcome::RuleResult;
use paved::pack::{self, PackSource, RuleSet};
use paved::policy::Policy;
use paved::snapshot::{RepoSnapshot, SnapshotOptions};

/// Builds a one-commit git repository from the files under `src` into `dest`; the one line
/// that knows where the fixture builder lives.
fn build_repo(src: &Path, dest: &Path) -> PathBuf {
    paved_fixture::build_repo(src, dest).expect("fixture repository builds")
}

/// Loads one pack; the templates it names are looked up in `dir`.
fn load(name: &str, text: &str, dir: &Path) -> Result<RuleSet, String> {
    let source = PackSource {
        name: name.to_string(),
        text: text.to_string(),
        dir: Some(dir.to_path_buf()),
    };
    pack::load(&[source]).map_err(|f| {
        f.diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Evaluates every rule of `set` on the repository at `location`, named `name`.
fn evaluate(set: &RuleSet, location: PathBuf, name: &str) -> Vec<RuleResult> {
    let repo = RepoRef {
        name: name.to_string(),
        location,
        meta: RepoMeta::default(),
    };
    let snap = RepoSnapshot::open(&repo, &SnapshotOptions::default()).expect("repository opens");
    paved::eval::evaluate_snapshot(set, &repo, &snap, &Policy::default())
        .results
        .into_iter()
        .map(std::sync::Arc::unwrap_or_clone)
        .collect()
}

/// One fenced block of a Markdown file.
struct Block {
    /// The info string: language, then `file=PATH` or `template=PATH`.
    info: String,
    body: String,
    line: usize,
}

/// What the Markdown says, in order: fenced blocks and `<!-- key: value -->` comments.
enum Item {
    Block(Block),
    Comment(String, String),
}

fn read_doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn items(text: &str) -> Vec<Item> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(block) = open.as_mut() {
            if line.trim_end() == "```" {
                out.push(Item::Block(open.take().expect("open block")));
            } else {
                block.body.push_str(line);
                block.body.push('\n');
            }
        } else if let Some(info) = line.strip_prefix("```") {
            open = Some(Block {
                info: info.trim().to_string(),
                body: String::new(),
                line: i + 1,
            });
        } else if let Some(c) = line
            .trim()
            .strip_prefix("<!--")
            .and_then(|c| c.strip_suffix("-->"))
            && let Some((key, value)) = c.split_once(':')
        {
            out.push(Item::Comment(
                key.trim().to_string(),
                value.trim().to_string(),
            ));
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    out
}

fn is_pack(b: &Block) -> bool {
    b.info.split_whitespace().next() == Some("yaml") && b.body.starts_with("pack:")
}

/// The value of `key=` in a block's info string.
fn attr<'a>(b: &'a Block, key: &str) -> Option<&'a str> {
    b.info
        .split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
}

#[test]
fn every_pack_in_the_reference_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut packs = 0;
    for item in items(&read_doc("rule-language.md")) {
        if let Item::Block(b) = item
            && is_pack(&b)
        {
            let name = format!("docs/rule-language.md:{}", b.line);
            if let Err(e) = load(&name, &b.body, tmp.path()) {
                panic!("{name} does not load:\n{e}");
            }
            packs += 1;
        }
    }
    assert!(packs >= 1, "the reference shows a complete pack");
}

/// One example of the rules guide: its pack, its repository and the promised outcomes.
#[derive(Default)]
struct Example {
    line: usize,
    pack: String,
    files: Vec<(String, String)>,
    templates: Vec<(String, String)>,
    repo_name: Option<String>,
    expect: Vec<(String, String)>,
}

fn guide_examples() -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    for item in items(&read_doc("rules-guide.md")) {
        match item {
            Item::Block(b) if is_pack(&b) => out.push(Example {
                line: b.line,
                pack: b.body,
                ..Example::default()
            }),
            Item::Block(b) => {
                let Some(ex) = out.last_mut() else { continue };
                if let Some(path) = attr(&b, "file") {
                    ex.files.push((path.to_string(), b.body.clone()));
                } else if let Some(path) = attr(&b, "template") {
                    ex.templates.push((path.to_string(), b.body.clone()));
                }
            }
            Item::Comment(key, value) => {
                let Some(ex) = out.last_mut() else { continue };
                match key.as_str() {
                    "expect" => {
                        let (rule, outcome) = value.split_once(' ').expect("RULE OUTCOME");
                        ex.expect
                            .push((rule.to_string(), outcome.trim().to_string()));
                    }
                    "repo-name" => ex.repo_name = Some(value),
                    _ => {}
                }
            }
        }
    }
    out
}

fn write_all(root: &Path, files: &[(String, String)]) {
    std::fs::create_dir_all(root).unwrap();
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

#[test]
fn every_guide_example_yields_what_the_guide_says() {
    let examples = guide_examples();
    assert!(examples.len() >= 11, "one example per condition kind");
    let mut failures = Vec::new();
    for ex in &examples {
        let name = format!("docs/rules-guide.md:{}", ex.line);
        assert!(!ex.expect.is_empty(), "{name}: no <!-- expect: ... -->");
        assert!(!ex.files.is_empty(), "{name}: no file=PATH blocks");
        let tmp = tempfile::tempdir().unwrap();
        let pack_dir = tmp.path().join("pack");
        write_all(&pack_dir, &ex.templates);
        let set = load(&name, &ex.pack, &pack_dir)
            .unwrap_or_else(|e| panic!("{name} does not load:\n{e}"));
        let repo_name = ex.repo_name.as_deref().unwrap_or("example");
        let src = tmp.path().join(repo_name);
        write_all(&src, &ex.files);
        let repo = build_repo(&src, &tmp.path().join("built"));
        let results = evaluate(&set, repo, repo_name);
        assert_eq!(
            results.len(),
            ex.expect.len(),
            "{name}: expect one outcome per rule"
        );
        for (rule, want) in &ex.expect {
            let got = results
                .iter()
                .find(|r| &r.rule == rule)
                .unwrap_or_else(|| panic!("{name}: no rule `{rule}`"));
            if got.outcome.as_str() != want {
                failures.push(format!(
                    "{name}: `{rule}` is {}, the guide says {want}: {} {:?}",
                    got.outcome, got.message, got.evidence
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
