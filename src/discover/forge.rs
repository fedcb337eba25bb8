//! One interface to the forges paved discovers repositories on (GitHub, GitLab, Gitea and
//! Forgejo): list an owner's repositories, the token git sends when mirroring them, commit
//! statuses, the team the forge says owns a repository, and campaign pull requests (GitHub's, GitLab's merge
//! requests, Gitea's). `sync`, `scan` and `check --post-status` see only [`Forge`]; another forge is one
//! file implementing it (and its command-line flag).

pub use super::github::{
    AUTHOR_EMAIL, AUTHOR_NAME, ApiEvent, ChangeOutcome, ChangeRequest, CommitStatus, Filter,
    GithubError as ForgeError, PullInfo, PullState, Repo, RetryPolicy, Token,
};
use serde_json::{Value, json};

use super::github::{Client, Method, valid_name};

/// A forge's API, for one server and token.
pub trait Forge {
    /// The forge's name in messages: `GitHub`, `GitLab`, `Gitea`.
    fn name(&self) -> &'static str;
    /// The REST client every forge talks through (auth, paging, rate limits).
    fn client(&self) -> &Client;
    /// The API URL as given (without a trailing `/`).
    fn api_url(&self) -> &str {
        self.client().api_url()
    }
    /// The server as a folder name (`github.com`, `gitlab.example_8443`), so mirrors of
    /// different servers never share a folder.
    fn host_label(&self) -> String {
        self.client().host_label()
    }
    /// The variables the token is read from, in order: named when there is none.
    fn token_vars(&self) -> &'static [&'static str];
    /// The token, for git: sent only in memory, and only to clone URLs on [`Forge::git_host`].
    fn git_token(&self) -> Option<Token> {
        self.client().token().cloned()
    }
    /// The host whose clone URLs may receive the token: the API's own host, without a leading
    /// `api.` (`api.github.com` serves `github.com`).
    fn git_host(&self) -> String {
        git_host_of(self.client().api_host())
    }
    /// Every repository of `owner` (organisation, group with its subgroups, or user), sorted by
    /// name, each once.
    fn list_repos(&self, owner: &str, events: &dyn Fn(ApiEvent)) -> Result<Vec<Repo>, ForgeError>;
    /// The team the forge says owns `repo` (one of [`Forge::list_repos`]'s), for
    /// `owners.sources: [forge]`; `None` when the forge names none.
    fn repo_team(
        &self,
        repo: &Repo,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<String>, ForgeError>;
    /// Sets a commit status on the repository `slug` (its name in the report) at `sha`.
    fn create_status(
        &self,
        slug: &str,
        sha: &str,
        status: &CommitStatus,
        events: &dyn Fn(ApiEvent),
    ) -> Result<(), ForgeError>;
    /// Opens the pull request carrying a campaign's change in one repository, without a clone
    /// or a push; a rerun updates paved's own open pull request and never duplicates it.
    fn open_change_request(
        &self,
        req: &ChangeRequest<'_>,
        events: &dyn Fn(ApiEvent),
    ) -> Result<ChangeOutcome, ForgeError> {
        let _ = (req, events);
        Err(ForgeError::Unsupported {
            forge: self.name(),
            what: "opening campaign pull requests",
        })
    }
    /// The newest pull request from `branch` in the repository `slug`, for `campaign status`.
    fn pull_state(
        &self,
        slug: &str,
        branch: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<PullInfo>, ForgeError> {
        let _ = (slug, branch, events);
        Err(ForgeError::Unsupported {
            forge: self.name(),
            what: "reading campaign pull requests",
        })
    }
}

/// The host git serves repositories from, for an API host: `api.X` is `X`, others themselves.
pub fn git_host_of(api_host: &str) -> String {
    let h = api_host.to_ascii_lowercase();
    match h.strip_prefix("api.") {
        Some(rest) if rest.contains('.') => rest.to_string(),
        _ => h,
    }
}

/// A commit id as a status is set on: 40 or 64 hex digits.
pub fn check_sha(sha: &str) -> Result<(), ForgeError> {
    if super::github::valid_commit_id(sha) {
        Ok(())
    } else {
        Err(ForgeError::BadName {
            what: "commit (40 or 64 hex digits)",
            name: sha.to_string(),
        })
    }
}

/// Whether `group` is a group path paved accepts: `acme` or `acme/platform`.
pub fn valid_group(group: &str) -> bool {
    !group.is_empty() && group.split('/').all(valid_name)
}

/// `text` with `/` percent-encoded, for a GitLab-style `:id` that is a path (`acme%2Fapi`).
/// Only for names [`super::github::valid_name`] accepted segment by segment.
pub fn encode_path(text: &str) -> String {
    text.replace('/', "%2F")
}

/// Characters a URL path segment keeps as they are: RFC 3986's unreserved ones.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` as one URL path segment or query value: `/` and everything else outside RFC 3986's
/// unreserved characters percent-encoded (GitLab's `:branch`, `:file_path`, `source_branch=`).
pub fn encode_segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, SEGMENT).to_string()
}

/// A repository path as a URL path whose `/` stay separators (Gitea's `contents/{path}`).
pub fn encode_file_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a commit's author is paved: how a rerun knows its own branch.
pub fn authored_by_paved(name: Option<&str>, email: Option<&str>) -> bool {
    name == Some(AUTHOR_NAME) && email == Some(AUTHOR_EMAIL)
}

/// A file's content as the contents APIs send it (base64, lines wrapped or not).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let compact: String = text.split_ascii_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

/// `text` in base64, as GitLab's commit actions and Gitea's file changes take content.
pub fn encode_base64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Reads a request's number and web address from the forge's answer (`what` names the call).
pub(super) type NumberOf = fn(&Value, &str) -> Result<(u64, String), ForgeError>;

/// How one forge names and routes its change requests (Gitea's pull requests, GitLab's merge
/// requests): the only parts in which their open-or-update step differs.
pub(super) struct RequestApi<'a> {
    /// "pull request #", "merge request !": the request's name before its number.
    pub label: &'a str,
    /// The repository as messages name it.
    pub repo: &'a str,
    /// The path requests are opened at; one request is at `{path}/{number}`.
    pub path: String,
    /// The field holding the request's description.
    pub body_field: &'static str,
    /// The method that edits a request's title and description.
    pub edit: fn(Value) -> Method,
    /// The branch fields of a new request.
    pub branches: Value,
    /// The request's number and web address in the forge's answer.
    pub number: NumberOf,
}

/// The last step of applying a change: puts back an edited title or description of paved's own
/// open request `existing` (updated when the branch `moved` too), or opens one.
pub(super) async fn open_or_update(
    client: &Client,
    api: RequestApi<'_>,
    req: &ChangeRequest<'_>,
    existing: Option<&Value>,
    moved: bool,
    events: &dyn Fn(ApiEvent),
) -> Result<ChangeOutcome, ForgeError> {
    let RequestApi {
        label, repo, path, ..
    } = &api;
    let noun = label.trim_end_matches(['#', '!']).trim_end();
    if let Some(found) = existing {
        let (number, url) = (api.number)(found, &format!("reading the open {noun}s of {repo}"))?;
        let edited = found.get("title").and_then(Value::as_str) != Some(req.title)
            || found.get(api.body_field).and_then(Value::as_str) != Some(req.body);
        if edited {
            let what = format!("updating {label}{number} of {repo}");
            let fields = json!({"title": req.title, api.body_field: req.body});
            client
                .must(
                    (api.edit)(fields),
                    &format!("{path}/{number}"),
                    &what,
                    events,
                )
                .await?;
        }
        return Ok(if moved || edited {
            ChangeOutcome::Updated { number, url }
        } else {
            ChangeOutcome::Unchanged { number, url }
        });
    }
    let what = format!("opening a {noun} on {repo}");
    let mut fields = api.branches.clone();
    fields["title"] = json!(req.title);
    fields[api.body_field] = json!(req.body);
    let opened = client
        .must(Method::Post(fields), path, &what, events)
        .await?;
    let (number, url) = (api.number)(&opened, &what)?;
    Ok(ChangeOutcome::Opened { number, url })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_hosts_and_shas() {
        for (api, git) in [
            ("api.github.com", "github.com"),
            ("ghe.example", "ghe.example"),
            ("API.acme.ghe.com", "acme.ghe.com"),
            ("gitlab.com", "gitlab.com"),
            ("127.0.0.1", "127.0.0.1"),
            ("api.localhost", "api.localhost"),
        ] {
            assert_eq!(git_host_of(api), git, "{api}");
        }
        assert!(check_sha(&"a".repeat(40)).is_ok());
        assert!(check_sha(&"0".repeat(64)).is_ok());
        assert!(check_sha("abc").is_err());
        assert!(check_sha(&"g".repeat(40)).is_err());
        assert_eq!(encode_path("acme/sub/api"), "acme%2Fsub%2Fapi");
        assert_eq!(encode_segment("paved/sec-1_x.y"), "paved%2Fsec-1_x.y");
        assert_eq!(encode_file_path(".github/a b.yml"), ".github/a%20b.yml");
        assert_eq!(decode_base64("aGVs\nbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(encode_base64("hello"), "aGVsbG8=");
    }
}
