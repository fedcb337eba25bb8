//! GitHub discovery over the REST API (octocrab): listing an organisation's or a user's
//! repositories page by page, waiting out rate limits, retrying transient faults, the filters
//! `sync` and `scan --org` apply, and the commit statuses `check --post-status` sets.
//!
//! The API runs on a private single-threaded tokio runtime inside [`Client`], so callers stay
//! synchronous: the scan is rayon and the mirrors are blocking gix. Every error message is
//! scrubbed of the token before it leaves this module.
//!
//! `client.rs` holds the client, its retries, rate limits and pages (GitLab and Gitea use it
//! too, with their own headers); `list.rs` the listing and filters; `status.rs` commit statuses; `change.rs` campaign pull requests;
//! `token.rs` the token and where it may be sent. [`GitHub`] is the [`Forge`] over them.

mod change;
mod client;
mod list;
mod status;
mod teams;
mod token;

pub use change::{AUTHOR_EMAIL, AUTHOR_NAME, ChangeOutcome, ChangeRequest, PullInfo, PullState};
pub(crate) use change::{check_branch, split_slug, text};
pub(crate) use client::Method;
pub use client::{
    ApiEvent, AuthHeader, Client, DEFAULT_API_URL, Flavor, GithubError, RetryPolicy, next_link,
    rate_limit_wait,
};
pub use list::{Filter, Repo, sorted_once, valid_commit_id, valid_name};
pub(crate) use list::{check_owner, check_repo_name, listed_names, owner_found};
pub use status::CommitStatus;
pub use teams::owning_team;
pub use token::{Token, is_loopback_host, scrub};

use super::forge::Forge;

/// GitHub and GitHub Enterprise Server behind the [`Forge`] interface.
pub struct GitHub {
    client: Client,
}

impl GitHub {
    /// `api_url` (`None`: `GITHUB_API_URL`, else the public API), with the token from
    /// `GITHUB_TOKEN` or `GH_TOKEN`.
    pub fn from_env(api_url: Option<&str>, retry: RetryPolicy) -> Result<GitHub, GithubError> {
        let env_url = std::env::var("GITHUB_API_URL")
            .ok()
            .filter(|u| !u.trim().is_empty());
        let url = api_url
            .map(str::to_string)
            .or(env_url)
            .unwrap_or_else(|| DEFAULT_API_URL.to_string());
        let token = Token::from_env().map(|(t, _)| t);
        Ok(GitHub {
            client: Client::new(&url, token, retry)?,
        })
    }
}

impl Forge for GitHub {
    fn name(&self) -> &'static str {
        "GitHub"
    }

    fn client(&self) -> &Client {
        &self.client
    }

    fn token_vars(&self) -> &'static [&'static str] {
        &["GITHUB_TOKEN", "GH_TOKEN"]
    }

    fn list_repos(&self, owner: &str, events: &dyn Fn(ApiEvent)) -> Result<Vec<Repo>, GithubError> {
        self.client.list_repos(owner, events)
    }

    fn repo_team(
        &self,
        repo: &Repo,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<String>, GithubError> {
        self.client.repo_team(&repo.owner, &repo.name, events)
    }

    fn create_status(
        &self,
        slug: &str,
        sha: &str,
        status: &CommitStatus,
        events: &dyn Fn(ApiEvent),
    ) -> Result<(), GithubError> {
        self.client.create_status(slug, sha, status, events)
    }

    fn open_change_request(
        &self,
        req: &ChangeRequest<'_>,
        events: &dyn Fn(ApiEvent),
    ) -> Result<ChangeOutcome, GithubError> {
        self.client.open_change_request(req, events)
    }

    fn pull_state(
        &self,
        slug: &str,
        branch: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<PullInfo>, GithubError> {
        self.client.pull_state(slug, branch, events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_hosts() {
        for (name, ok) in [
            ("acme", true),
            ("my.repo-1_x", true),
            ("..", false),
            (".", false),
            ("a/b", false),
            ("", false),
            ("a b", false),
        ] {
            assert_eq!(valid_name(name), ok, "{name}");
        }
        for (host, ok) in [
            ("127.0.0.1", true),
            ("localhost", true),
            ("[::1]", true),
            ("127.1.2.3", true),
            ("10.0.0.1", false),
            ("github.com", false),
        ] {
            assert_eq!(is_loopback_host(host), ok, "{host}");
        }
    }
}
