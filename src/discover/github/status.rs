//! Commit statuses, as `check --post-status` sets them.

use serde::Serialize;

use super::client::{Client, Method};
use super::{ApiEvent, GithubError, split_slug};

/// A commit status, as `check --post-status` sets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommitStatus {
    /// `success`, `failure`, `error` or `pending`.
    pub state: String,
    pub context: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_url: Option<String>,
}

impl Client {
    /// Sets a commit status on `slug` (`owner/name`) at `sha`.
    pub fn create_status(
        &self,
        slug: &str,
        sha: &str,
        status: &CommitStatus,
        events: &dyn Fn(ApiEvent),
    ) -> Result<(), GithubError> {
        let (owner, name) = split_slug(slug)?;
        if !super::valid_commit_id(sha) {
            return Err(GithubError::BadName {
                what: "commit (40 or 64 hex digits)",
                name: sha.to_string(),
            });
        }
        let body = serde_json::to_value(status).map_err(|e| GithubError::Client(e.to_string()))?;
        let what = format!("setting the `{}` status of {slug}@{sha}", status.context);
        let path = self.path(&format!("/repos/{owner}/{name}/statuses/{sha}"));
        self.rt.block_on(async {
            let r = self.send(Method::Post(body), &path, &what, events).await?;
            if r.status.is_success() {
                Ok(())
            } else {
                Err(self.http_error(&what, &r))
            }
        })
    }
}
