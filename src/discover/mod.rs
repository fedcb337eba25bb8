//! Finding the repositories to scan: `RepoRef` and where they come from.

pub mod forge;
pub mod gitea;
mod gitea_change;
pub mod github;
pub mod gitlab;
mod gitlab_change;
pub mod local;
pub mod mirror;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A repository to scan: its report name, where its git directory is, and metadata.
#[derive(Clone, Debug)]
pub struct RepoRef {
    /// The name in the report: `owner/name` from a forge (GitLab: the full path), else the path relative to the
    /// scanned folder with `/` separators, or the folder's own name (`x.git` → `x`).
    pub name: String,
    /// The folder that was found: a work tree's root or a bare repository.
    pub location: PathBuf,
    pub meta: RepoMeta,
}

/// What is known about a repository besides its content. Local repositories carry only
/// their name; repositories listed from a forge carry the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RepoMeta {
    pub topics: Option<Vec<String>>,
    pub archived: Option<bool>,
    pub visibility: Option<String>,
    pub default_branch: Option<String>,
    /// The team the forge gives the repository (GitHub and Gitea: the team with the highest
    /// permission; GitLab: the namespace), fetched at listing when `owners.sources` names
    /// `forge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forge_team: Option<String>,
}
