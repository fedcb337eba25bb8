//! `campaign apply --local`: the proposed change written into the repository itself as a
//! branch (blobs, tree, commit, ref with gix). No checkout, no push, no working-tree file is
//! touched; `git diff BASE..BRANCH` shows exactly the change. A branch paved did not make is
//! never moved.

use crate::fix::FileChange;

/// The author and committer of every commit paved makes; how a rerun recognises its own branch.
pub use crate::discover::forge::{AUTHOR_EMAIL, AUTHOR_NAME};

/// Why a branch could not be written.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("{repo}: {what}: {message}")]
    Git {
        repo: String,
        what: &'static str,
        message: String,
    },
    #[error("{repo}: branch `{branch}` exists and its commit was not made by paved; left alone")]
    Foreign { repo: String, branch: String },
}

/// What happened to one repository's branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    Created(String),
    Updated(String),
    Unchanged(String),
}

/// Writes `changes` on top of `base` as one commit on `refs/heads/{branch}`.
pub fn write_branch(
    repo: &gix::Repository,
    name: &str,
    base: gix::ObjectId,
    changes: &[FileChange],
    branch: &str,
    message: &str,
    time: jiff::Timestamp,
) -> Result<Written, LocalError> {
    let git = |what: &'static str| {
        move |e: gix::Error| LocalError::Git {
            repo: name.to_string(),
            what,
            message: e.to_string(),
        }
    };
    let base_tree = repo
        .find_commit(base)
        .and_then(|c| c.tree_id().map(gix::Id::detach))
        .map_err(git("reading the base commit"))?;
    let mut editor = repo
        .edit_tree(base_tree)
        .map_err(git("reading the base tree"))?;
    for c in changes {
        match &c.after {
            Some(text) => {
                let id = repo
                    .write_blob(text.as_bytes())
                    .map_err(git("writing a blob"))?
                    .detach();
                editor
                    .upsert(c.path.as_str(), gix::object::tree::EntryKind::Blob, id)
                    .map_err(git("editing the tree"))?;
            }
            None => {
                editor
                    .remove(c.path.as_str())
                    .map_err(git("editing the tree"))?;
            }
        }
    }
    let tree = editor.write().map_err(git("writing the tree"))?.detach();
    let full = format!("refs/heads/{branch}");
    let existing = repo
        .try_find_reference(full.as_str())
        .map_err(|e| LocalError::Git {
            repo: name.to_string(),
            what: "reading the branch",
            message: e.to_string(),
        })?;
    if let Some(mut r) = existing {
        let id = r.peel_to_id().map_err(|e| LocalError::Git {
            repo: name.to_string(),
            what: "reading the branch",
            message: e.to_string(),
        })?;
        let commit = repo
            .find_commit(id)
            .map_err(git("reading the branch's commit"))?;
        let ours = commit
            .author()
            .is_ok_and(|a| a.name == AUTHOR_NAME && a.email == AUTHOR_EMAIL);
        if !ours {
            return Err(LocalError::Foreign {
                repo: name.to_string(),
                branch: branch.to_string(),
            });
        }
        let same_base = commit.parent_ids().map(gix::Id::detach).eq([base]);
        if same_base && commit.tree_id().is_ok_and(|t| t == tree) {
            return Ok(Written::Unchanged(id.to_string()));
        }
    }
    let stamp = format!("{} +0000", time.as_second());
    let sig = gix::actor::SignatureRef {
        name: AUTHOR_NAME.into(),
        email: AUTHOR_EMAIL.into(),
        time: stamp.as_str(),
    };
    let commit = repo
        .new_commit_as(sig, sig, message, tree, [base])
        .map_err(git("writing the commit"))?
        .id;
    let created = repo
        .try_find_reference(full.as_str())
        .ok()
        .flatten()
        .is_none();
    use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
    let name_full = gix::refs::FullName::try_from(full.as_str()).map_err(|e| LocalError::Git {
        repo: name.to_string(),
        what: "naming the branch",
        message: e.to_string(),
    })?;
    let edit = RefEdit {
        change: Change::Update {
            log: LogChange {
                mode: RefLog::AndReference,
                force_create_reflog: false,
                message: "paved campaign".into(),
            },
            expected: PreviousValue::Any,
            new: gix::refs::Target::Object(commit),
        },
        name: name_full,
        deref: false,
    };
    // The repository is opened without user configuration, so the reflog's committer is
    // given here.
    repo.edit_references_as([edit], Some(sig))
        .map_err(git("writing the branch"))?;
    Ok(if created {
        Written::Created(commit.to_string())
    } else {
        Written::Updated(commit.to_string())
    })
}

/// Where a campaign's local branch stands against the repository's HEAD, as `campaign status
/// --local` shows it: `Merged` once HEAD contains the branch's commit, `OutOfDate` when HEAD
/// has moved past the commit the branch was made on, else `Open`; `None` without the branch.
pub fn branch_state(
    repo: &gix::Repository,
    name: &str,
    branch: &str,
) -> Result<Option<crate::discover::forge::PullState>, LocalError> {
    use crate::discover::forge::PullState;
    let err = |what: &'static str| {
        move |e: &dyn std::fmt::Display| LocalError::Git {
            repo: name.to_string(),
            what,
            message: e.to_string(),
        }
    };
    let full = format!("refs/heads/{branch}");
    let Some(mut r) = repo
        .try_find_reference(full.as_str())
        .map_err(|e| err("reading the branch")(&e))?
    else {
        return Ok(None);
    };
    let tip = r
        .peel_to_id()
        .map_err(|e| err("reading the branch")(&e))?
        .detach();
    let head = repo
        .head_id()
        .map_err(|e| err("reading HEAD")(&e))?
        .detach();
    if head == tip {
        return Ok(Some(PullState::Merged));
    }
    let base = repo
        .merge_base(tip, head)
        .map_err(|e| err("comparing the branch with HEAD")(&e))?
        .map(gix::Id::detach);
    if base == Some(tip) {
        return Ok(Some(PullState::Merged));
    }
    let parent_is_head = repo
        .find_commit(tip)
        .map_err(|e| err("reading the branch's commit")(&e))?
        .parent_ids()
        .map(gix::Id::detach)
        .eq([head]);
    Ok(Some(if parent_is_head {
        PullState::Open
    } else {
        PullState::OutOfDate
    }))
}
