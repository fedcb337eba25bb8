//! Declarative fixes (`fixes:` on a rule): the actions paved may apply to a tree to put a
//! repository on the paved road, decoded and validated with positions like every condition.
//! Applying them is `apply.rs` (on a file map, never on disk); structured edits are
//! `yaml_edit.rs` (a textual edit located by the parser's positions) and `structured.rs`.

pub mod apply;
mod structured;
mod yaml_edit;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::Regex;

use crate::decode::Decoder;
use crate::query::{Node, Pos, Value};
use crate::rules::Condition;

pub use apply::{Applied, FileChange, Skip, Tree, Vars, apply_fixes};

/// The placeholders `add_file` content may use; anything else in `{word}` form is a mistake.
pub const PLACEHOLDERS: [&str; 4] = ["repo", "name", "default_branch", "team"];

/// One fix action with its optional guard, evaluated on the tree before any action ran.
#[derive(Debug)]
pub struct Action {
    pub kind: ActionKind,
    pub when: Option<Condition>,
    pub pos: Pos,
}

/// What an action does to the tree.
#[derive(Debug)]
pub enum ActionKind {
    /// Creates `path` unless something is there already (a fix never overwrites a file it did
    /// not declare an edit for).
    AddFile { path: String, content: String },
    /// Merges `values` into every file matching `files` (YAML, JSON or TOML by extension).
    Set {
        files: FileGlobs,
        values: serde_json::Value,
        keep_existing: bool,
    },
    /// Replaces `pattern` with `with` in every file matching `files`.
    Replace {
        files: FileGlobs,
        pattern: Regex,
        with: String,
    },
    /// Removes the file at `path` when it exists.
    RemoveFile { path: String },
}

impl ActionKind {
    /// The action's name as written in a pack.
    pub fn key(&self) -> &'static str {
        match self {
            ActionKind::AddFile { .. } => "add_file",
            ActionKind::Set { .. } => "set",
            ActionKind::Replace { .. } => "replace",
            ActionKind::RemoveFile { .. } => "remove_file",
        }
    }
}

/// Globs of an action, compiled on their own: they match paths of the changed tree, which the
/// scan's glob table never saw.
#[derive(Clone, Debug)]
pub struct FileGlobs {
    pub shown: Vec<String>,
    set: GlobSet,
}

impl FileGlobs {
    pub fn is_match(&self, path: &str) -> bool {
        self.set.is_match(path)
    }
}

const ACTIONS: [&str; 4] = ["add_file", "set", "replace", "remove_file"];
const ADD_KEYS: [&str; 4] = ["path", "content", "template", "when"];
const SET_KEYS: [&str; 4] = ["files", "values", "keep_existing", "when"];
const REPLACE_KEYS: [&str; 4] = ["files", "pattern", "with", "when"];
const REMOVE_KEYS: [&str; 2] = ["path", "when"];

/// Decodes a rule's `fixes:` list; every problem is reported at its position.
pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Vec<Action>> {
    let items = d.sequence(node, "fixes")?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        match parse_action(d, item) {
            Some(a) => out.push(a),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn parse_action(d: &mut Decoder<'_>, item: &Node) -> Option<Action> {
    let entries = d.mapping(item, "a fix action")?;
    let [(key, body)] = entries else {
        d.error(
            item.pos,
            format!(
                "a fix action is one of {} with its settings",
                crate::globs::join_or(&ACTIONS)
            ),
        );
        return None;
    };
    let name = key.as_str().unwrap_or_default();
    let known: &[&str] = match name {
        "add_file" => &ADD_KEYS,
        "set" => &SET_KEYS,
        "replace" => &REPLACE_KEYS,
        "remove_file" => &REMOVE_KEYS,
        _ => {
            d.unknown_key(key, &ACTIONS, "fix action");
            return None;
        }
    };
    d.check_keys(body, known, name)?;
    let when = match body.get("when") {
        None => Some(None),
        Some(n) => Condition::parse(d, n).map(Some),
    };
    let kind = match name {
        "add_file" => parse_add(d, body),
        "set" => parse_set(d, body),
        "replace" => parse_replace(d, body),
        _ => repo_path(d, body, "remove_file").map(|path| ActionKind::RemoveFile { path }),
    };
    Some(Action {
        kind: kind?,
        when: when?,
        pos: key.pos,
    })
}

/// A plain relative path inside the repository (no globs, no `..`, not absolute).
fn repo_path(d: &mut Decoder<'_>, body: &Node, what: &str) -> Option<String> {
    let n = d.required(body, "path", what)?;
    let s = d.string(n)?;
    let bad = s.is_empty()
        || s.starts_with('/')
        || s.ends_with('/')
        || s.contains('\\')
        || s.split('/').any(|c| c.is_empty() || c == "." || c == "..")
        || s.contains(['*', '?', '[', '{']);
    if bad {
        d.error(
            n.pos,
            format!("`path` must be a plain file path inside the repository, not `{s}`"),
        );
        return None;
    }
    Some(s)
}

fn parse_add(d: &mut Decoder<'_>, body: &Node) -> Option<ActionKind> {
    let path = repo_path(d, body, "add_file");
    let content = match (body.get("content"), body.get("template")) {
        (Some(n), None) => d.string(n).map(|s| (s, n.pos)),
        (None, Some(n)) => {
            let name = d.string(n)?;
            match d.read_template(&name) {
                Ok(text) => Some((text, n.pos)),
                Err(e) => {
                    d.error(n.pos, e.to_string());
                    None
                }
            }
        }
        _ => {
            d.error(body.pos, "`add_file` needs one of `content` or `template`");
            None
        }
    };
    let (content, pos) = content?;
    for word in placeholders(&content) {
        if !PLACEHOLDERS.contains(&word) {
            let hint = crate::diag::did_you_mean(word, &PLACEHOLDERS)
                .map(|k| format!("; did you mean `{{{k}}}`?"))
                .unwrap_or_default();
            d.error(
                pos,
                format!(
                    "unknown placeholder `{{{word}}}` (known: {}){hint}",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                ),
            );
            return None;
        }
    }
    Some(ActionKind::AddFile {
        path: path?,
        content,
    })
}

fn parse_set(d: &mut Decoder<'_>, body: &Node) -> Option<ActionKind> {
    let files = d
        .required(body, "files", "set")
        .and_then(|n| file_globs(d, n));
    let values = d.required(body, "values", "set").and_then(|n| {
        d.mapping(n, "`values`")?;
        Some(n.to_json())
    });
    let keep_existing = d.optional_bool(body, "keep_existing").unwrap_or(false);
    Some(ActionKind::Set {
        files: files?,
        values: values?,
        keep_existing,
    })
}

fn parse_replace(d: &mut Decoder<'_>, body: &Node) -> Option<ActionKind> {
    let files = d
        .required(body, "files", "replace")
        .and_then(|n| file_globs(d, n));
    let pattern = d
        .required(body, "pattern", "replace")
        .and_then(|n| d.regex(n, true));
    let with = d
        .required(body, "with", "replace")
        .and_then(|n| d.string(n));
    Some(ActionKind::Replace {
        files: files?,
        pattern: pattern?,
        with: with?,
    })
}

fn file_globs(d: &mut Decoder<'_>, node: &Node) -> Option<FileGlobs> {
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let mut builder = GlobSetBuilder::new();
    let mut shown = Vec::new();
    for item in items {
        let s = d.string(item)?;
        let built = GlobBuilder::new(&s)
            .literal_separator(true)
            .backslash_escape(true)
            .empty_alternates(true)
            .build();
        match built {
            Ok(g) if !s.starts_with('/') => {
                builder.add(g);
                shown.push(s);
            }
            Ok(_) => {
                d.error(
                    item.pos,
                    format!("glob `{s}` is absolute; paths are relative to the repository root"),
                );
                return None;
            }
            Err(e) => {
                d.error(item.pos, format!("invalid glob `{s}`: {}", e.kind()));
                return None;
            }
        }
    }
    if shown.is_empty() {
        d.error(node.pos, "expected at least one glob");
        return None;
    }
    let set = builder.build().ok()?;
    Some(FileGlobs { shown, set })
}

/// The `{word}` placeholders of a text (`{{` is a literal brace; `{a: b}` is not a placeholder).
pub fn placeholders(text: &str) -> Vec<&str> {
    static WORD: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"\{\{|\{([A-Za-z_][A-Za-z0-9_]*)\}").expect("valid regex")
    });
    WORD.captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect()
}

/// `text` with its placeholders filled (`{{` becomes `{`); `None` names a value that is unknown.
pub fn fill(text: &str, vars: &Vars) -> Result<String, String> {
    static WORD: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"\{\{|\{([A-Za-z_][A-Za-z0-9_]*)\}").expect("valid regex")
    });
    let mut missing = None;
    let out = WORD.replace_all(text, |c: &regex::Captures<'_>| {
        let Some(word) = c.get(1) else {
            return "{".to_string();
        };
        match vars.get(word.as_str()) {
            Some(v) => v.to_string(),
            None => {
                missing.get_or_insert_with(|| word.as_str().to_string());
                c[0].to_string()
            }
        }
    });
    match missing {
        Some(word) => Err(format!("no value for `{{{word}}}` in this repository")),
        None => Ok(out.into_owned()),
    }
}
