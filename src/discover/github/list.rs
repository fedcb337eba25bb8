//! Listing an organisation's or a user's repositories page by page, and the filters `sync`
//! and `scan --org` apply to them.

use globset::GlobSet;
use serde::{Deserialize, Serialize};

use super::client::{Client, Method};
use super::{ApiEvent, GithubError};
use crate::discover::RepoMeta;

/// Repositories per page: the API's maximum, so a large org takes few requests.
const PER_PAGE: u32 = 100;

/// One repository as the API lists it: what the mirrors need and what the report's `meta` carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repo {
    pub id: u64,
    pub owner: String,
    pub name: String,
    /// `owner/name`: the repository's name in the report.
    pub full_name: String,
    pub clone_url: String,
    pub html_url: Option<String>,
    /// `None` for an empty repository on some servers.
    pub default_branch: Option<String>,
    pub topics: Vec<String>,
    /// `public`, `private` or `internal`.
    pub visibility: String,
    pub archived: bool,
    pub fork: bool,
    pub pushed_at: Option<String>,
    /// The forge's team for the repository, when asked for ([`crate::discover::forge::Forge::repo_team`]).
    #[serde(default)]
    pub team: Option<String>,
}

impl Repo {
    /// The metadata the `repo` condition reads.
    pub fn meta(&self) -> RepoMeta {
        RepoMeta {
            topics: Some(self.topics.clone()),
            archived: Some(self.archived),
            visibility: Some(self.visibility.clone()),
            default_branch: self.default_branch.clone(),
            forge_team: self.team.clone(),
        }
    }
}

/// A repository object as the API sends it; only the fields paved reads, most optional because
/// older GitHub Enterprise servers leave some out.
#[derive(Deserialize)]
struct ApiRepo {
    id: u64,
    name: String,
    owner: ApiOwner,
    #[serde(default)]
    private: Option<bool>,
    #[serde(default)]
    visibility: Option<String>,
    #[serde(default)]
    archived: Option<bool>,
    #[serde(default)]
    fork: Option<bool>,
    #[serde(default)]
    topics: Option<Vec<String>>,
    #[serde(default)]
    default_branch: Option<String>,
    #[serde(default)]
    clone_url: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
    #[serde(default)]
    pushed_at: Option<String>,
}

#[derive(Deserialize)]
struct ApiOwner {
    login: String,
}

/// Whether `sha` is a commit id as a status is set on: 40 or 64 hex digits. It becomes a URL
/// path, like a name.
pub fn valid_commit_id(sha: &str) -> bool {
    (sha.len() == 40 || sha.len() == 64) && sha.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `name` is a safe owner or repository name: it becomes a folder and a URL path.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name.len() <= 100
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `owner/name` as two safe names (see [`valid_name`]), else a `BadName` naming the pair.
pub(crate) fn check_repo_name(owner: &str, name: &str) -> Result<(), GithubError> {
    if valid_name(owner) && valid_name(name) {
        Ok(())
    } else {
        Err(GithubError::BadName {
            what: "repository (owner/name)",
            name: format!("{owner}/{name}"),
        })
    }
}

/// An organisation's or user's name paved lists, else a `BadName`.
pub(crate) fn check_owner(owner: &str) -> Result<(), GithubError> {
    if valid_name(owner) {
        Ok(())
    } else {
        Err(GithubError::BadName {
            what: "organisation or user",
            name: owner.to_string(),
        })
    }
}

/// A listing's 404 as the forge knowing no such owner (organisation, group or user) at `api`.
pub(crate) fn owner_found<T>(
    listed: Result<T, GithubError>,
    owner: &str,
    api: &str,
) -> Result<T, GithubError> {
    match listed {
        Err(GithubError::Http { status: 404, .. }) => Err(GithubError::OwnerNotFound {
            owner: owner.to_string(),
            api: api.to_string(),
        }),
        other => other,
    }
}

/// The full name and clone URL of a listed `owner/name` (GitHub's and Gitea's listings alike),
/// checked for names paved can use as folders; `what` is the listing, for the error.
pub(crate) fn listed_names(
    owner: &str,
    name: &str,
    clone_url: Option<String>,
    what: &str,
) -> Result<(String, String), GithubError> {
    let invalid = |message: String| GithubError::InvalidResponse {
        what: what.to_string(),
        message,
    };
    if !valid_name(owner) || !valid_name(name) {
        return Err(invalid(format!(
            "repository `{owner}/{name}` has a name paved cannot use as a folder"
        )));
    }
    let full_name = format!("{owner}/{name}");
    let clone_url =
        clone_url.ok_or_else(|| invalid(format!("repository {full_name} has no clone_url")))?;
    Ok((full_name, clone_url))
}

impl ApiRepo {
    fn into_repo(self, what: &str) -> Result<Repo, GithubError> {
        let (full_name, clone_url) =
            listed_names(&self.owner.login, &self.name, self.clone_url, what)?;
        let visibility = match self.visibility {
            Some(v) => v.to_ascii_lowercase(),
            None if self.private == Some(true) => "private".into(),
            None => "public".into(),
        };
        Ok(Repo {
            id: self.id,
            owner: self.owner.login,
            name: self.name,
            full_name,
            clone_url,
            html_url: self.html_url,
            default_branch: self.default_branch.filter(|b| !b.is_empty()),
            topics: self.topics.unwrap_or_default(),
            visibility,
            archived: self.archived.unwrap_or(false),
            fork: self.fork.unwrap_or(false),
            pushed_at: self.pushed_at,
            team: None,
        })
    }
}

/// Which listed repositories are synced and scanned. Archived repositories and forks are left
/// out unless asked for.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub include_archived: bool,
    pub include_forks: bool,
    /// Only this visibility (`public`, `private`, `internal`); `None` = any.
    pub visibility: Option<String>,
    /// Only repositories carrying every one of these topics.
    pub topics: Vec<String>,
    /// Only repositories whose `name` or `owner/name` matches; `None` = all.
    pub names: Option<GlobSet>,
    /// Leave out repositories whose `owner/name` matches.
    pub exclude: GlobSet,
}

impl Filter {
    pub fn accepts(&self, r: &Repo) -> bool {
        (self.include_archived || !r.archived)
            && (self.include_forks || !r.fork)
            && self
                .visibility
                .as_ref()
                .is_none_or(|v| v.eq_ignore_ascii_case(&r.visibility))
            && self
                .topics
                .iter()
                .all(|t| r.topics.iter().any(|have| have.eq_ignore_ascii_case(t)))
            && self
                .names
                .as_ref()
                .is_none_or(|g| g.is_match(&r.name) || g.is_match(&r.full_name))
            && !self.exclude.is_match(&r.full_name)
    }
}

impl Client {
    /// Every repository of `owner`: an organisation's (all types), else a user's (with private
    /// ones when the token is that user's). Sorted by name, each once.
    pub fn list_repos(
        &self,
        owner: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Vec<Repo>, GithubError> {
        check_owner(owner)?;
        self.rt.block_on(self.list_repos_async(owner, events))
    }

    async fn list_repos_async(
        &self,
        owner: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Vec<Repo>, GithubError> {
        let org_first = self.path(&format!("/orgs/{owner}/repos?type=all&per_page={PER_PAGE}"));
        let what = format!("listing the repositories of {owner}");
        let convert = |r: ApiRepo| r.into_repo(&what);
        let repos = match self.pages(&org_first, &what, events, convert).await {
            Err(GithubError::Http { status: 404, .. }) => {
                let first = match self.authenticated_login(events).await? {
                    Some(login) if login.eq_ignore_ascii_case(owner) => self.path(&format!(
                        "/user/repos?affiliation=owner&per_page={PER_PAGE}"
                    )),
                    _ => self.path(&format!(
                        "/users/{owner}/repos?type=owner&per_page={PER_PAGE}"
                    )),
                };
                let listed = self.pages(&first, &what, events, convert).await;
                owner_found(listed, owner, &self.api_display)?
            }
            other => other?,
        };
        Ok(sorted_once(repos))
    }

    /// The login the token belongs to, `None` without a token.
    async fn authenticated_login(
        &self,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<String>, GithubError> {
        #[derive(Deserialize)]
        struct User {
            login: String,
        }
        if self.token.is_none() {
            return Ok(None);
        }
        let what = "finding the token's user";
        let r = self
            .send(Method::Get, &self.path("/user"), what, events)
            .await?;
        if !r.status.is_success() {
            // A token without user scope (an app installation's) still lists what it can see.
            return Ok(None);
        }
        let user: User =
            serde_json::from_str(&r.body).map_err(|e| GithubError::InvalidResponse {
                what: what.into(),
                message: e.to_string(),
            })?;
        Ok(Some(user.login))
    }
}

/// A listing sorted by name, each repository once: pages shift when repositories are created
/// mid-listing, so one can come twice. Every forge's listing ends here.
pub fn sorted_once(mut repos: Vec<Repo>) -> Vec<Repo> {
    repos.sort_by(|a, b| a.full_name.cmp(&b.full_name).then(a.id.cmp(&b.id)));
    let mut seen = std::collections::HashSet::new();
    repos.retain(|r| seen.insert(r.id));
    repos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(name: &str, archived: bool, fork: bool, vis: &str, topics: &[&str]) -> Repo {
        Repo {
            id: 1,
            owner: "acme".into(),
            name: name.into(),
            full_name: format!("acme/{name}"),
            clone_url: format!("https://github.com/acme/{name}.git"),
            html_url: None,
            default_branch: Some("main".into()),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            visibility: vis.into(),
            archived,
            fork,
            pushed_at: None,
            team: None,
        }
    }

    fn globs(p: &[&str]) -> GlobSet {
        let mut b = globset::GlobSetBuilder::new();
        for g in p {
            b.add(globset::Glob::new(g).unwrap());
        }
        b.build().unwrap()
    }

    #[test]
    fn filters() {
        let api = repo("api", false, false, "private", &["rust", "service"]);
        let old = repo("old", true, false, "public", &[]);
        let fork = repo("fork", false, true, "public", &["rust"]);
        let all = Filter {
            include_archived: true,
            include_forks: true,
            ..Filter::default()
        };
        let cases: Vec<(&str, Filter, &[&str])> = vec![
            ("defaults", Filter::default(), &["api"]),
            ("everything", all.clone(), &["api", "old", "fork"]),
            (
                "archived",
                Filter {
                    include_archived: true,
                    ..Filter::default()
                },
                &["api", "old"],
            ),
            (
                "visibility",
                Filter {
                    visibility: Some("PUBLIC".into()),
                    ..all.clone()
                },
                &["old", "fork"],
            ),
            (
                "every topic",
                Filter {
                    topics: vec!["rust".into(), "Service".into()],
                    ..all.clone()
                },
                &["api"],
            ),
            (
                "names",
                Filter {
                    names: Some(globs(&["f*", "acme/old"])),
                    ..all.clone()
                },
                &["old", "fork"],
            ),
            (
                "exclude",
                Filter {
                    exclude: globs(&["acme/a*"]),
                    ..all.clone()
                },
                &["old", "fork"],
            ),
        ];
        for (what, f, want) in cases {
            let got: Vec<&str> = [&api, &old, &fork]
                .into_iter()
                .filter(|r| f.accepts(r))
                .map(|r| r.name.as_str())
                .collect();
            assert_eq!(got, want, "{what}");
        }
    }
}
