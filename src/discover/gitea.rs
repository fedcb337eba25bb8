//! Gitea and Forgejo behind the [`Forge`] interface: an organisation's (else a user's)
//! repositories (`/orgs/{org}/repos?page=&limit=`) and commit statuses
//! (`/repos/{owner}/{repo}/statuses/{sha}`), and campaign pull requests (`gitea_change.rs`). The token goes to the API as
//! `Authorization: token X` and to git as the password of `oauth2`, only in memory.

use serde::Deserialize;

use super::forge::{
    ApiEvent, ChangeOutcome, ChangeRequest, CommitStatus, Forge, ForgeError, PullInfo, Repo,
    RetryPolicy, Token, check_sha,
};
use super::github::{
    AuthHeader, Client, Flavor, check_owner, check_repo_name, listed_names, owner_found,
    owning_team, split_slug,
};

/// Repositories per page: Gitea's default maximum (`MAX_RESPONSE_ITEMS`).
const LIMIT: u32 = 50;

const FLAVOR: Flavor = Flavor {
    accept: "application/json",
    auth: AuthHeader::TokenPrefix,
    token_vars: "GITEA_TOKEN",
};

/// A repository as Gitea's API sends it; only the fields paved reads.
#[derive(Deserialize)]
struct ApiRepo {
    id: u64,
    name: String,
    owner: Owner,
    #[serde(default)]
    private: bool,
    /// Visible to every signed-in user (Gitea 1.12+).
    #[serde(default)]
    internal: bool,
    #[serde(default)]
    fork: bool,
    #[serde(default)]
    archived: bool,
    #[serde(default)]
    topics: Option<Vec<String>>,
    #[serde(default)]
    default_branch: Option<String>,
    #[serde(default)]
    clone_url: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

#[derive(Deserialize)]
struct Owner {
    login: String,
}

impl ApiRepo {
    fn into_repo(self, what: &str) -> Result<Repo, ForgeError> {
        let (full_name, clone_url) =
            listed_names(&self.owner.login, &self.name, self.clone_url, what)?;
        let visibility = if self.private {
            "private"
        } else if self.internal {
            "internal"
        } else {
            "public"
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
            visibility: visibility.into(),
            archived: self.archived,
            fork: self.fork,
            pushed_at: self.updated_at,
            team: None,
        })
    }
}

/// A Gitea or Forgejo server.
pub struct Gitea {
    client: Client,
}

impl Gitea {
    /// The API at `api_url` (`https://HOST/api/v1`), with the token from `GITEA_TOKEN`, else
    /// `FORGEJO_TOKEN`.
    pub fn from_env(api_url: &str, retry: RetryPolicy) -> Result<Gitea, ForgeError> {
        let token = Token::from_vars(&["GITEA_TOKEN", "FORGEJO_TOKEN"], "oauth2").map(|(t, _)| t);
        Ok(Gitea {
            client: Client::with_flavor(api_url, token, retry, FLAVOR)?,
        })
    }
}

impl Forge for Gitea {
    fn name(&self) -> &'static str {
        "Gitea"
    }

    fn client(&self) -> &Client {
        &self.client
    }

    fn token_vars(&self) -> &'static [&'static str] {
        &["GITEA_TOKEN", "FORGEJO_TOKEN"]
    }

    fn list_repos(&self, owner: &str, events: &dyn Fn(ApiEvent)) -> Result<Vec<Repo>, ForgeError> {
        check_owner(owner)?;
        let what = format!("listing the repositories of {owner}");
        let convert = |r: ApiRepo| r.into_repo(&what);
        let org = self
            .client
            .path(&format!("/orgs/{owner}/repos?limit={LIMIT}&page=1"));
        let user = self
            .client
            .path(&format!("/users/{owner}/repos?limit={LIMIT}&page=1"));
        let repos = self.client.block_on(async {
            match self.client.pages(&org, &what, events, convert).await {
                Err(ForgeError::Http { status: 404, .. }) => {
                    self.client.pages(&user, &what, events, convert).await
                }
                other => other,
            }
        });
        let repos = owner_found(repos, owner, self.client.api_url())?;
        Ok(super::github::sorted_once(repos))
    }

    /// The name of the organisation team with the highest permission on the repository
    /// (`owner` > `admin` > `write` > `read`), from `GET /repos/{owner}/{repo}/teams`.
    fn repo_team(
        &self,
        repo: &Repo,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<String>, ForgeError> {
        #[derive(Deserialize)]
        struct Team {
            name: String,
            #[serde(default)]
            permission: Option<String>,
        }
        check_repo_name(&repo.owner, &repo.name)?;
        let what = format!("listing the teams of {}", repo.full_name);
        // The endpoint takes no paging parameters: it answers every team at once.
        let first = self
            .client
            .path(&format!("/repos/{}/{}/teams", repo.owner, repo.name));
        let teams = self.client.block_on(
            self.client
                .pages(&first, &what, events, |t: Team| Ok((t.name, t.permission))),
        )?;
        Ok(owning_team(teams, &["owner", "admin", "write", "read"]))
    }

    fn create_status(
        &self,
        slug: &str,
        sha: &str,
        status: &CommitStatus,
        events: &dyn Fn(ApiEvent),
    ) -> Result<(), ForgeError> {
        let (owner, name) = split_slug(slug)?;
        check_sha(sha)?;
        // Gitea takes GitHub's status object as it is.
        let body = serde_json::to_value(status).map_err(|e| ForgeError::Client(e.to_string()))?;
        let what = format!("setting the `{}` status of {slug}@{sha}", status.context);
        let path = self
            .client
            .path(&format!("/repos/{owner}/{name}/statuses/{sha}"));
        self.client.post_json(body, &path, &what, events)
    }

    fn open_change_request(
        &self,
        req: &ChangeRequest<'_>,
        events: &dyn Fn(ApiEvent),
    ) -> Result<ChangeOutcome, ForgeError> {
        super::gitea_change::open_pull_request(&self.client, req, events)
    }

    fn pull_state(
        &self,
        slug: &str,
        branch: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<PullInfo>, ForgeError> {
        super::gitea_change::pull_request_state(&self.client, slug, branch, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repos_and_visibility() {
        let cases = [
            (serde_json::json!({}), "public"),
            (serde_json::json!({"private": true}), "private"),
            (serde_json::json!({"internal": true}), "internal"),
        ];
        for (extra, want) in cases {
            let mut v = serde_json::json!({
                "id": 3, "name": "api", "owner": {"login": "acme"},
                "clone_url": "https://codeberg.org/acme/api.git", "topics": ["x"],
                "default_branch": "main", "fork": false, "archived": false,
            });
            if let (Some(o), serde_json::Value::Object(e)) = (v.as_object_mut(), extra) {
                o.extend(e);
            }
            let r: ApiRepo = serde_json::from_value(v).unwrap();
            let r = r.into_repo("x").unwrap();
            assert_eq!(
                (r.full_name.as_str(), r.visibility.as_str()),
                ("acme/api", want)
            );
        }
    }
}
