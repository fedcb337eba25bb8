//! `check --fix` / `check --diff`: the failing rules' fixes for one repository's working tree,
//! proven on the changed tree first, then written (or shown as a patch). Only files the fix
//! changes are written, each only if it still holds what was read; symlinks are never followed.

use std::path::{Component, Path};

use anyhow::Context;

use super::output;
use super::ui::Ui;
use crate::campaign::propose;
use crate::discover::RepoRef;
use crate::exit::Exit;
use crate::fix::{FileChange, Skip};
use crate::pack::RuleSet;
use crate::policy::Policy;
use crate::snapshot::{RepoSnapshot, SnapshotOptions, Source};

/// Computes the fixes on the working tree; with `write`, applies them, else prints the patch.
pub fn run(
    rules: &RuleSet,
    policy: &Policy,
    repo: &RepoRef,
    write: bool,
    out: Option<&Path>,
    ui: &Ui,
) -> anyhow::Result<Exit> {
    let opts = SnapshotOptions {
        rev: None,
        source: Source::Worktree,
        timeout: None,
        ..super::select::snapshot_options(&policy.config)
    };
    let snap = RepoSnapshot::open(repo, &opts)?;
    let proposal = propose(rules, None, repo, &snap, policy)?;
    if !write {
        output::write_output(out, |w| crate::render::fix::patch(&proposal.changes, w))?;
        return Ok(Exit::Success);
    }
    let root = snap
        .repo()
        .workdir()
        .map(Path::to_path_buf)
        .context("a bare repository has no working tree to fix")?;
    let mut written = Vec::new();
    let mut unfixed = proposal.unfixed.clone();
    for change in &proposal.changes {
        match write_change(&root, change) {
            Ok(()) => written.push(change.clone()),
            Err(reason) => unfixed.extend(change.rules.iter().map(|r| Skip {
                rule: r.clone(),
                path: Some(change.path.clone()),
                reason: reason.clone(),
            })),
        }
    }
    let fixed: Vec<String> = proposal
        .fixed
        .iter()
        .filter(|r| !unfixed.iter().any(|s| &s.rule == *r))
        .cloned()
        .collect();
    output::write_output(out, |w| {
        crate::render::fix::applied(&written, &fixed, &unfixed, w)
    })?;
    if !unfixed.is_empty() {
        ui.note(format!(
            "{} rule(s) could not be fixed automatically",
            unfixed.len()
        ));
    }
    Ok(Exit::Success)
}

/// Writes one change under `root`, refusing symlinks anywhere on the path and a file that no
/// longer holds what the fix was computed from.
fn write_change(root: &Path, change: &FileChange) -> Result<(), String> {
    let rel = Path::new(&change.path);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err("not a plain path inside the repository".into());
    }
    let mut at = root.to_path_buf();
    for c in rel.components() {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(format!("{} is a symlink: not written", at.display()));
            }
            _ => {}
        }
    }
    let target = root.join(rel);
    let now = match std::fs::read(&target) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    if now.as_deref() != change.before.as_deref().map(str::as_bytes) {
        return Err("changed on disk since it was read: not written".into());
    }
    match &change.after {
        None => std::fs::remove_file(&target).map_err(|e| e.to_string()),
        Some(text) => {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            crate::atomic::write_file(&target, |w| w.write_all(text.as_bytes()))
                .map_err(|e| e.to_string())
        }
    }
}
