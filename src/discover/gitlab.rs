//! GitLab (gitlab.com and self-managed) behind the [`Forge`] interface: a group's projects with
//! its subgroups' (`/groups/:id/projects?include_subgroups=true`), and commit statuses
//! (`/projects/:id/statuses/:sha`), and campaign merge requests (`gitlab_change.rs`). The token goes to the API as `PRIVATE-TOKEN` and to git as
//! the password of `oauth2`, only in memory.
//!
//! A project in a subgroup is mirrored as `sub__name.git` (its path below the group, `/` made
//! `__`, which GitLab paths cannot contain) and named by its full path in the report.

use serde::{Deserialize, Serialize};

use super::forge::{
    ApiEvent, ChangeOutcome, ChangeRequest, CommitStatus, Forge, ForgeError, PullInfo, Repo,
    RetryPolicy, Token, check_sha, encode_path, valid_group,
};
use super::github::{AuthHeader, Client, Flavor, owner_found, valid_name};

/// The public GitLab API.
pub const DEFAULT_API_URL: &str = "https://gitlab.com/api/v4";

/// Projects per page: the API's maximum.
const PER_PAGE: u32 = 100;

const FLAVOR: Flavor = Flavor {
    accept: "application/json",
    auth: AuthHeader::PrivateToken,
    token_vars: "GITLAB_TOKEN",
};

/// A project as `GET /groups/:id/projects` sends it; only the fields paved reads.
#[derive(Deserialize)]
struct Project {
    id: u64,
    path_with_namespace: String,
    #[serde(default)]
    default_branch: Option<String>,
    #[serde(default)]
    visibility: Option<String>,
    #[serde(default)]
    archived: Option<bool>,
    /// GitLab 14.0 and later.
    #[serde(default)]
    topics: Option<Vec<String>>,
    /// Before 14.0 (deprecated since).
    #[serde(default)]
    tag_list: Option<Vec<String>>,
    #[serde(default)]
    http_url_to_repo: Option<String>,
    #[serde(default)]
    web_url: Option<String>,
    /// Present (an object) only on forks.
    #[serde(default)]
    forked_from_project: Option<serde_json::Value>,
    #[serde(default)]
    last_activity_at: Option<String>,
}

impl Project {
    fn into_repo(self, group: &str, what: &str) -> Result<Repo, ForgeError> {
        let invalid = |message: String| ForgeError::InvalidResponse {
            what: what.to_string(),
            message,
        };
        let below = self
            .path_with_namespace
            .get(group.len() + 1..)
            .filter(|_| {
                self.path_with_namespace
                    .get(..group.len())
                    .is_some_and(|g| g.eq_ignore_ascii_case(group))
                    && self.path_with_namespace.as_bytes().get(group.len()) == Some(&b'/')
            })
            .ok_or_else(|| {
                invalid(format!(
                    "project `{}` is not in the group {group}",
                    self.path_with_namespace
                ))
            })?;
        if !below.split('/').all(valid_name) || below.contains("__") {
            return Err(invalid(format!(
                "project `{}` has a path paved cannot use as a folder",
                self.path_with_namespace
            )));
        }
        let clone_url = self.http_url_to_repo.ok_or_else(|| {
            invalid(format!(
                "project {} has no http_url_to_repo",
                self.path_with_namespace
            ))
        })?;
        Ok(Repo {
            id: self.id,
            owner: group.to_string(),
            name: below.replace('/', "__"),
            full_name: self.path_with_namespace,
            clone_url,
            html_url: self.web_url,
            default_branch: self.default_branch.filter(|b| !b.is_empty()),
            topics: self.topics.or(self.tag_list).unwrap_or_default(),
            visibility: self
                .visibility
                .map_or_else(|| "private".into(), |v| v.to_ascii_lowercase()),
            archived: self.archived.unwrap_or(false),
            fork: self.forked_from_project.is_some_and(|f| !f.is_null()),
            pushed_at: self.last_activity_at,
            team: None,
        })
    }
}

/// A commit status as GitLab takes it.
#[derive(Serialize)]
struct Status<'a> {
    state: &'a str,
    name: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_url: Option<&'a str>,
}

/// GitLab's state for a GitHub-style one: `failure` and `error` are both `failed`.
fn gitlab_state(state: &str) -> &'static str {
    match state {
        "success" => "success",
        "pending" => "pending",
        "running" => "running",
        _ => "failed",
    }
}

/// A GitLab server.
pub struct GitLab {
    client: Client,
}

impl GitLab {
    /// `api_url` (`None`: `https://gitlab.com/api/v4`), with the token from `GITLAB_TOKEN`.
    pub fn from_env(api_url: Option<&str>, retry: RetryPolicy) -> Result<GitLab, ForgeError> {
        let token = Token::from_vars(&["GITLAB_TOKEN"], "oauth2").map(|(t, _)| t);
        Ok(GitLab {
            client: Client::with_flavor(api_url.unwrap_or(DEFAULT_API_URL), token, retry, FLAVOR)?,
        })
    }
}

impl Forge for GitLab {
    fn name(&self) -> &'static str {
        "GitLab"
    }

    fn client(&self) -> &Client {
        &self.client
    }

    fn token_vars(&self) -> &'static [&'static str] {
        &["GITLAB_TOKEN"]
    }

    fn list_repos(&self, group: &str, events: &dyn Fn(ApiEvent)) -> Result<Vec<Repo>, ForgeError> {
        if !valid_group(group) {
            return Err(ForgeError::BadName {
                what: "GitLab group",
                name: group.to_string(),
            });
        }
        let first = self.client.path(&format!(
            "/groups/{}/projects?include_subgroups=true&with_shared=false&order_by=id&sort=asc&per_page={PER_PAGE}",
            encode_path(group)
        ));
        let what = format!("listing the projects of {group}");
        let convert = |p: Project| p.into_repo(group, &what);
        let listed = self
            .client
            .block_on(self.client.pages(&first, &what, events, convert));
        let repos = owner_found(listed, group, self.client.api_url())?;
        Ok(super::github::sorted_once(repos))
    }

    /// The project's namespace full path (`acme/platform` for `acme/platform/api`), from the
    /// listing: no request.
    fn repo_team(
        &self,
        repo: &Repo,
        _events: &dyn Fn(ApiEvent),
    ) -> Result<Option<String>, ForgeError> {
        Ok(repo
            .full_name
            .rsplit_once('/')
            .map(|(ns, _)| ns.to_string()))
    }

    fn create_status(
        &self,
        slug: &str,
        sha: &str,
        status: &CommitStatus,
        events: &dyn Fn(ApiEvent),
    ) -> Result<(), ForgeError> {
        if !slug.contains('/') || !valid_group(slug) {
            return Err(ForgeError::BadName {
                what: "project (group/path)",
                name: slug.to_string(),
            });
        }
        check_sha(sha)?;
        let body = serde_json::to_value(Status {
            state: gitlab_state(&status.state),
            name: &status.context,
            description: &status.description,
            target_url: status.target_url.as_deref(),
        })
        .map_err(|e| ForgeError::Client(e.to_string()))?;
        let what = format!("setting the `{}` status of {slug}@{sha}", status.context);
        let path = self
            .client
            .path(&format!("/projects/{}/statuses/{sha}", encode_path(slug)));
        self.client.post_json(body, &path, &what, events)
    }

    fn open_change_request(
        &self,
        req: &ChangeRequest<'_>,
        events: &dyn Fn(ApiEvent),
    ) -> Result<ChangeOutcome, ForgeError> {
        super::gitlab_change::open_merge_request(&self.client, req, events)
    }

    fn pull_state(
        &self,
        slug: &str,
        branch: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<PullInfo>, ForgeError> {
        super::gitlab_change::merge_request_state(&self.client, slug, branch, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(path: &str, extra: serde_json::Value) -> Project {
        let mut v = serde_json::json!({
            "id": 7,
            "path_with_namespace": path,
            "http_url_to_repo": format!("https://gitlab.com/{path}.git"),
            "default_branch": "main",
            "visibility": "internal",
            "topics": ["rust"],
        });
        if let (Some(o), serde_json::Value::Object(e)) = (v.as_object_mut(), extra) {
            o.extend(e);
        }
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn projects_become_repos() {
        let r = project("acme/platform/api", serde_json::json!({}))
            .into_repo("acme", "x")
            .unwrap();
        assert_eq!(
            (r.name.as_str(), r.full_name.as_str(), r.fork),
            ("platform__api", "acme/platform/api", false)
        );
        assert_eq!(r.visibility, "internal");
        let f = project(
            "ACME/web",
            serde_json::json!({"forked_from_project": {"id": 1}, "topics": null, "tag_list": ["old"]}),
        )
        .into_repo("acme", "x")
        .unwrap();
        assert!(f.fork);
        assert_eq!(f.topics, ["old"]);
        for bad in ["other/api", "acmex/api", "acme/a__b", "acme/../x", "acme"] {
            assert!(
                project(bad, serde_json::json!({}))
                    .into_repo("acme", "x")
                    .is_err(),
                "{bad}"
            );
        }
        assert!(valid_group("acme/platform") && !valid_group("acme//x") && !valid_group(""));
        assert_eq!(
            ["success", "failure", "error", "pending"].map(gitlab_state),
            ["success", "failed", "failed", "pending"]
        );
    }
}
