//! Applying fix actions to a tree in memory: the snapshot's files plus the changes made so far.
//! Nothing here touches a disk or a repository; callers write the result (`check --fix`, a
//! campaign's branch) or diff it. A rule's actions apply together or not at all.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Action, ActionKind, structured, yaml_edit};
use crate::rules::{EvalCtx, Tri};
use crate::snapshot::{Content, EntryKind, RepoSnapshot};

/// What placeholders expand to for one repository.
#[derive(Clone, Debug, Default)]
pub struct Vars {
    pub repo: String,
    pub name: String,
    pub default_branch: String,
    pub team: Option<String>,
}

impl Vars {
    pub fn get(&self, key: &str) -> Option<&str> {
        match key {
            "repo" => Some(&self.repo),
            "name" => Some(&self.name),
            "default_branch" => Some(&self.default_branch),
            "team" => self.team.as_deref(),
            _ => None,
        }
    }
}

/// One file a fix changed: its text before (`None`: it did not exist) and after (`None`: removed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub before: Option<Arc<str>>,
    pub after: Option<Arc<str>>,
    /// The rules whose fixes made the change.
    pub rules: Vec<String>,
}

/// A rule whose fix was not applied (or an action left out), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    pub rule: String,
    pub path: Option<String>,
    pub reason: String,
}

/// The outcome of applying fixes to one tree.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    pub changes: Vec<FileChange>,
    pub skipped: Vec<Skip>,
}

/// The snapshot's files with the edits made so far (`None`: removed).
pub struct Tree<'a> {
    snap: &'a RepoSnapshot,
    edits: BTreeMap<String, Option<Arc<str>>>,
    owners: BTreeMap<String, Vec<String>>,
}

impl<'a> Tree<'a> {
    pub fn new(snap: &'a RepoSnapshot) -> Self {
        Tree {
            snap,
            edits: BTreeMap::new(),
            owners: BTreeMap::new(),
        }
    }

    /// The file's text; `Ok(None)` when nothing is there; `Err` says why it may not be edited.
    fn read(&self, path: &str) -> Result<Option<Arc<str>>, String> {
        if let Some(e) = self.edits.get(path) {
            return Ok(e.clone());
        }
        let Some(entry) = self.snap.entry(path) else {
            return Ok(None);
        };
        if entry.symlink.is_some() {
            return Err("a symlink: not edited".into());
        }
        if entry.kind != EntryKind::File {
            return Err("a folder or submodule is in the way".into());
        }
        match self.snap.content(path) {
            Ok(Content::Text(t)) => Ok(Some(t)),
            Ok(Content::Skipped(why)) => Err(format!("skipped: {why}")),
            Err(e) => Err(format!("could not be read: {e}")),
        }
    }

    /// Every file path of the changed tree, sorted.
    fn paths(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .snap
            .entries()
            .iter()
            .filter(|e| e.kind == EntryKind::File && !self.edits.contains_key(&e.path))
            .map(|e| e.path.clone())
            .collect();
        out.extend(
            self.edits
                .iter()
                .filter(|(_, v)| v.is_some())
                .map(|(k, _)| k.clone()),
        );
        out.sort();
        out
    }

    fn exists(&self, path: &str) -> bool {
        match self.edits.get(path) {
            Some(e) => e.is_some(),
            None => self.snap.entry(path).is_some(),
        }
    }

    /// The changes against the snapshot, by path.
    pub fn changes(&self) -> Vec<FileChange> {
        self.edits
            .iter()
            .filter_map(|(path, after)| {
                let before = self.read_original(path);
                (before != *after).then(|| FileChange {
                    path: path.clone(),
                    before,
                    after: after.clone(),
                    rules: self.owners.get(path).cloned().unwrap_or_default(),
                })
            })
            .collect()
    }

    fn read_original(&self, path: &str) -> Option<Arc<str>> {
        match self.snap.content(path) {
            Ok(Content::Text(t)) => Some(t),
            _ => None,
        }
    }
}

/// Applies each rule's actions, in order, to `cx`'s snapshot. `when` guards are evaluated on
/// the original tree. A rule's actions are all kept or all dropped (listed in `skipped`).
pub fn apply_fixes(cx: &EvalCtx<'_>, fixes: &[(&str, &[Action])], vars: &Vars) -> Applied {
    let mut tree = Tree::new(cx.snap);
    let mut skipped = Vec::new();
    for (rule, actions) in fixes {
        let saved = (tree.edits.clone(), tree.owners.clone());
        let mut notes = Vec::new();
        let mut failed = None;
        for action in *actions {
            if let Some(when) = &action.when
                && when.eval(cx).value != Tri::True
            {
                continue;
            }
            if let Err(skip) = run(&mut tree, action, vars, rule, &mut notes) {
                failed = Some(skip);
                break;
            }
        }
        match failed {
            Some(skip) => {
                (tree.edits, tree.owners) = saved;
                skipped.push(skip);
            }
            None => skipped.extend(notes),
        }
    }
    Applied {
        changes: tree.changes(),
        skipped,
    }
}

fn run(
    tree: &mut Tree<'_>,
    action: &Action,
    vars: &Vars,
    rule: &str,
    notes: &mut Vec<Skip>,
) -> Result<(), Skip> {
    let skip = |path: Option<&str>, reason: String| Skip {
        rule: rule.to_string(),
        path: path.map(str::to_string),
        reason,
    };
    match &action.kind {
        ActionKind::AddFile { path, content } => {
            if tree.exists(path) {
                notes.push(skip(Some(path), "already exists: not overwritten".into()));
                return Ok(());
            }
            let text = super::fill(content, vars).map_err(|e| skip(Some(path), e))?;
            tree.write(path, Some(text), rule);
        }
        ActionKind::RemoveFile { path } => {
            if tree.exists(path) {
                tree.read(path).map_err(|e| skip(Some(path), e))?;
                tree.write(path, None, rule);
            }
        }
        ActionKind::Set {
            files,
            values,
            keep_existing,
        } => {
            let targets: Vec<String> = tree
                .paths()
                .into_iter()
                .filter(|p| files.is_match(p))
                .collect();
            for path in targets {
                let text = tree
                    .read(&path)
                    .map_err(|e| skip(Some(&path), e))?
                    .unwrap_or_default();
                let edited = match path.rsplit('.').next() {
                    Some("yml" | "yaml") => yaml_edit::set_yaml(&text, values, *keep_existing),
                    Some("json") => structured::set_json(&text, values, *keep_existing),
                    Some("toml") => structured::set_toml(&text, values, *keep_existing),
                    _ => Err("not a .yml, .yaml, .json or .toml file".into()),
                }
                .map_err(|e| skip(Some(&path), e))?;
                if edited != *text {
                    tree.write(&path, Some(edited), rule);
                }
            }
        }
        ActionKind::Replace {
            files,
            pattern,
            with,
        } => {
            let targets: Vec<String> = tree
                .paths()
                .into_iter()
                .filter(|p| files.is_match(p))
                .collect();
            for path in targets {
                let Some(text) = tree.read(&path).map_err(|e| skip(Some(&path), e))? else {
                    continue;
                };
                let edited = pattern.replace_all(&text, with.as_str());
                if edited != *text {
                    let edited = edited.into_owned();
                    tree.write(&path, Some(edited), rule);
                }
            }
        }
    }
    Ok(())
}

impl Tree<'_> {
    fn write(&mut self, path: &str, text: Option<String>, rule: &str) {
        self.edits.insert(path.to_string(), text.map(Arc::from));
        let owners = self.owners.entry(path.to_string()).or_default();
        if !owners.iter().any(|r| r == rule) {
            owners.push(rule.to_string());
        }
    }
}
