//! GitHub discovery over the REST API (octocrab): listing an organisation's or a user's
//! repositories page by page, waiting out rate limits, retrying transient faults, the filters
//! `sync` and `scan --org` apply, and the commit statuses `check --post-status` sets.
//!
//! The API runs on a private single-threaded tokio runtime inside [`Client`], so callers stay
//! synchronous: the scan is rayon and the mirrors are blocking gix. Every error message is
//! scrubbed of the token before it leaves this module.

use std::cell::Cell;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use globset::GlobSet;
use http::header::{ACCEPT, HeaderMap};
use http::{StatusCode, Uri};
use serde::{Deserialize, Serialize};

use super::RepoMeta;

/// The public GitHub API; GitHub Enterprise Server lives at `https://HOST/api/v3`.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// The user name GitHub expects with a token over git's HTTPS Basic authentication.
const GIT_TOKEN_USER: &str = "x-access-token";

/// Repositories per page: the API's maximum, so a large org takes few requests.
const PER_PAGE: u32 = 100;

/// A bound on pages followed, against a server whose `next` links never end.
const MAX_PAGES: usize = 10_000;

// ---------------------------------------------------------------------------------------------
// The token

/// A GitHub token. It is never shown: `Debug` prints `Token(***)`, and [`Token::scrub`] removes
/// it (and the encoded forms it is sent in) from any text.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// A token from text, trimmed; `None` when empty.
    pub fn new(text: &str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty()).then(|| Token(t.to_string()))
    }

    /// `GITHUB_TOKEN`, else `GH_TOKEN`, with the name of the variable it came from.
    pub fn from_env() -> Option<(Token, &'static str)> {
        ["GITHUB_TOKEN", "GH_TOKEN"].into_iter().find_map(|var| {
            std::env::var(var)
                .ok()
                .and_then(|v| Token::new(&v))
                .map(|t| (t, var))
        })
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value for git over HTTPS (Basic, user `x-access-token`).
    pub fn git_authorization(&self) -> String {
        format!("Basic {}", self.git_basic_credentials())
    }

    fn git_basic_credentials(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(format!("{GIT_TOKEN_USER}:{}", self.0))
    }

    /// `text` with the token, and the Basic credentials made from it, replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        text.replace(&self.git_basic_credentials(), "***")
            .replace(&self.0, "***")
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// `text` scrubbed of `token`, if there is one.
pub fn scrub(token: Option<&Token>, text: &str) -> String {
    match token {
        Some(t) => t.scrub(text),
        None => text.to_string(),
    }
}

/// Whether `host` (from a URL, brackets allowed) is this machine: the only place a token may go
/// over plain `http`, for test servers.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

// ---------------------------------------------------------------------------------------------
// Errors and events

/// Why talking to the GitHub API failed. Messages never contain the token.
#[derive(Debug, thiserror::Error)]
pub enum GithubError {
    #[error("--api-url {url}: {message}")]
    BadApiUrl { url: String, message: String },
    #[error("`{name}` is not a valid {what} name")]
    BadName { what: &'static str, name: String },
    #[error("{owner}: no such organisation or user at {api}")]
    OwnerNotFound { owner: String, api: String },
    #[error("{what}: HTTP {status}: {message}")]
    Http {
        what: String,
        status: u16,
        message: String,
    },
    #[error("{what}: {message}")]
    Transport { what: String, message: String },
    #[error(
        "{what}: rate limited, and the limit resets in {}s, longer than paved waits ({}s)",
        wait.as_secs(),
        max.as_secs()
    )]
    RateLimited {
        what: String,
        wait: Duration,
        max: Duration,
    },
    #[error("{what}: unexpected response: {message}")]
    InvalidResponse { what: String, message: String },
    #[error("starting the HTTP client: {0}")]
    Client(String),
}

/// What the client reports while it works, for progress and notes on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiEvent {
    /// Another page of repositories arrived; `listed` so far.
    Listed { listed: usize },
    /// Waiting before trying again: a rate limit, or a transient fault.
    Waiting {
        what: String,
        wait: Duration,
        reason: String,
    },
}

/// How hard the client tries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts for a request that meets a 5xx or a network error, the first included.
    pub attempts: u32,
    /// The first pause after such a fault; doubled after each further one.
    pub backoff: Duration,
    /// The longest single rate-limit wait; a longer one fails the request instead.
    pub max_wait: Duration,
    /// Rate-limit waits for one request, at most.
    pub max_rate_limit_waits: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            backoff: Duration::from_secs(1),
            // The primary limit resets hourly: waiting it out beats failing a long scan.
            max_wait: Duration::from_secs(3_660),
            max_rate_limit_waits: 5,
        }
    }
}

impl RetryPolicy {
    /// The pause after the `failures`-th consecutive fault (1-based), capped at a minute.
    pub fn backoff_after(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1));
        self.backoff
            .saturating_mul(factor)
            .min(Duration::from_secs(60))
    }
}

// ---------------------------------------------------------------------------------------------
// Repositories and filters

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
}

impl Repo {
    /// The metadata the `repo` condition reads.
    pub fn meta(&self) -> RepoMeta {
        RepoMeta {
            topics: Some(self.topics.clone()),
            archived: Some(self.archived),
            visibility: Some(self.visibility.clone()),
            default_branch: self.default_branch.clone(),
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

impl ApiRepo {
    fn into_repo(self, what: &str) -> Result<Repo, GithubError> {
        let invalid = |message: String| GithubError::InvalidResponse {
            what: what.to_string(),
            message,
        };
        if !valid_name(&self.owner.login) || !valid_name(&self.name) {
            return Err(invalid(format!(
                "repository `{}/{}` has a name paved cannot use as a folder",
                self.owner.login, self.name
            )));
        }
        let full_name = format!("{}/{}", self.owner.login, self.name);
        let clone_url = self
            .clone_url
            .ok_or_else(|| invalid(format!("repository {full_name} has no clone_url")))?;
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

// ---------------------------------------------------------------------------------------------
// Rate limits and pagination (pure, so they are tested without a server)

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header_str(headers, name).and_then(|v| v.parse().ok())
}

fn epoch_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// How long to wait before retrying a response, if it is a rate limit: `retry-after` when
/// given; else, with `x-ratelimit-remaining: 0`, until `x-ratelimit-reset` (plus a second);
/// else a minute for a 429 or a 403 that says it is a secondary rate limit. `None` for any
/// other response, including a 403 that is a real refusal.
pub fn rate_limit_wait(
    status: u16,
    headers: &HeaderMap,
    body: &str,
    now: SystemTime,
) -> Option<Duration> {
    if status != 403 && status != 429 {
        return None;
    }
    if let Some(secs) = header_u64(headers, "retry-after") {
        return Some(Duration::from_secs(secs.max(1)));
    }
    if header_u64(headers, "x-ratelimit-remaining") == Some(0) {
        let secs = header_u64(headers, "x-ratelimit-reset")
            .map_or(60, |reset| reset.saturating_sub(epoch_secs(now)) + 1);
        return Some(Duration::from_secs(secs.max(1)));
    }
    let body = body.to_ascii_lowercase();
    if status == 429 || body.contains("secondary rate limit") || body.contains("abuse detection") {
        return Some(Duration::from_secs(60));
    }
    None
}

/// When a successful response used up the primary limit, the moment it resets.
fn exhausted_until(headers: &HeaderMap) -> Option<SystemTime> {
    if header_u64(headers, "x-ratelimit-remaining") != Some(0) {
        return None;
    }
    let reset = header_u64(headers, "x-ratelimit-reset")?;
    Some(UNIX_EPOCH + Duration::from_secs(reset + 1))
}

/// The `rel="next"` target of an RFC 8288 `Link` header.
pub fn next_link(link: &str) -> Option<&str> {
    link.split(',').find_map(|part| {
        let (target, params) = part.trim().split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        params
            .split(';')
            .any(|p| {
                let p = p.trim().replace(' ', "");
                p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
            })
            .then_some(target)
    })
}

/// The API's own explanation in an error body (`{"message": ...}`), else the body's start.
fn api_message(body: &str) -> String {
    #[derive(Deserialize)]
    struct Message {
        message: String,
    }
    match serde_json::from_str::<Message>(body) {
        Ok(m) => m.message,
        Err(_) => {
            let t = body.trim();
            let cut: String = t.chars().take(200).collect();
            if cut.is_empty() {
                "(empty body)".into()
            } else {
                cut
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The client

/// A response that came back: status, headers and body text.
struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

enum Method {
    Get,
    Post(serde_json::Value),
}

/// A GitHub API client for one API URL and token, with its own runtime. Not shared across
/// threads: listing is sequential by nature (pages follow links).
pub struct Client {
    octo: octocrab::Octocrab,
    rt: tokio::runtime::Runtime,
    api: Uri,
    api_display: String,
    token: Option<Token>,
    retry: RetryPolicy,
    /// Set when a response used up the primary limit: the next request waits for the reset.
    exhausted_until: Cell<Option<SystemTime>>,
}

impl Client {
    /// A client for `api_url` (e.g. `https://api.github.com`, `https://ghe.example/api/v3`).
    /// A token is only ever sent over HTTPS, or over HTTP to this machine (test servers).
    pub fn new(
        api_url: &str,
        token: Option<Token>,
        retry: RetryPolicy,
    ) -> Result<Client, GithubError> {
        let bad = |message: &str| GithubError::BadApiUrl {
            url: api_url.to_string(),
            message: message.to_string(),
        };
        let trimmed = api_url.trim().trim_end_matches('/');
        let api: Uri = trimmed
            .parse()
            .map_err(|_| bad("not a URL (expected e.g. https://api.github.com)"))?;
        let host = api.host().ok_or_else(|| bad("the URL has no host"))?;
        match api.scheme_str() {
            Some("https") => {}
            Some("http") if token.is_none() || is_loopback_host(host) => {}
            Some("http") => {
                return Err(bad(
                    "refusing to send the token over plain http to another machine; use https",
                ));
            }
            _ => return Err(bad("the URL must start with https:// (or http://)")),
        }
        if api.query().is_some() {
            return Err(bad("the URL must not have a query"));
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| GithubError::Client(e.to_string()))?;
        let octo = {
            let _guard = rt.enter();
            let mut b = octocrab::Octocrab::builder()
                .base_uri(api.clone())
                .map_err(|e| bad(&e.to_string()))?
                .add_header(ACCEPT, "application/vnd.github+json".to_string())
                .set_connect_timeout(Some(Duration::from_secs(30)))
                .set_read_timeout(Some(Duration::from_secs(120)));
            if let Some(t) = &token {
                b = b.personal_token(t.expose().to_string());
            }
            b.build()
                .map_err(|e| GithubError::Client(scrub(token.as_ref(), &e.to_string())))?
        };
        Ok(Client {
            octo,
            rt,
            api,
            api_display: trimmed.to_string(),
            token,
            retry,
            exhausted_until: Cell::new(None),
        })
    }

    /// The API URL as given (without a trailing `/`).
    pub fn api_url(&self) -> &str {
        &self.api_display
    }

    /// The host the API serves repositories of: `api.github.com` is `github.com`; a GitHub
    /// Enterprise server (`ghe.example/api/v3`) is itself. A port is kept (`127.0.0.1_8080`),
    /// with `_` so the result is a folder name everywhere.
    pub fn host_label(&self) -> String {
        let host = self.api.host().unwrap_or("github");
        let host = if host.eq_ignore_ascii_case("api.github.com") {
            "github.com"
        } else {
            host
        };
        let label = match self.api.port_u16() {
            Some(p) => format!("{host}_{p}"),
            None => host.to_string(),
        };
        label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    }

    fn path(&self, rest: &str) -> String {
        format!("{}{rest}", self.api.path().trim_end_matches('/'))
    }

    /// Every repository of `owner`: an organisation's (all types), else a user's (with private
    /// ones when the token is that user's). Sorted by name, each once.
    pub fn list_repos(
        &self,
        owner: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Vec<Repo>, GithubError> {
        if !valid_name(owner) {
            return Err(GithubError::BadName {
                what: "organisation or user",
                name: owner.to_string(),
            });
        }
        self.rt.block_on(self.list_repos_async(owner, events))
    }

    async fn list_repos_async(
        &self,
        owner: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Vec<Repo>, GithubError> {
        let org_first = self.path(&format!("/orgs/{owner}/repos?type=all&per_page={PER_PAGE}"));
        let what = format!("listing the repositories of {owner}");
        let mut repos = match self.pages(&org_first, &what, events).await {
            Err(GithubError::Http { status: 404, .. }) => {
                let first = match self.authenticated_login(events).await? {
                    Some(login) if login.eq_ignore_ascii_case(owner) => self.path(&format!(
                        "/user/repos?affiliation=owner&per_page={PER_PAGE}"
                    )),
                    _ => self.path(&format!(
                        "/users/{owner}/repos?type=owner&per_page={PER_PAGE}"
                    )),
                };
                match self.pages(&first, &what, events).await {
                    Err(GithubError::Http { status: 404, .. }) => {
                        return Err(GithubError::OwnerNotFound {
                            owner: owner.to_string(),
                            api: self.api_display.clone(),
                        });
                    }
                    other => other?,
                }
            }
            other => other?,
        };
        repos.sort_by(|a, b| a.full_name.cmp(&b.full_name).then(a.id.cmp(&b.id)));
        // Pages shift when repositories are created mid-listing: keep each once.
        let mut seen = std::collections::HashSet::new();
        repos.retain(|r| seen.insert(r.id));
        Ok(repos)
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

    /// Follows `next` links from `first`, collecting repositories.
    async fn pages(
        &self,
        first: &str,
        what: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Vec<Repo>, GithubError> {
        let mut out = Vec::new();
        let mut next = Some(first.to_string());
        let mut pages = 0;
        while let Some(path) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(GithubError::InvalidResponse {
                    what: what.into(),
                    message: format!("more than {MAX_PAGES} pages"),
                });
            }
            let r = self.send(Method::Get, &path, what, events).await?;
            if !r.status.is_success() {
                return Err(self.http_error(what, &r));
            }
            let page: Vec<ApiRepo> =
                serde_json::from_str(&r.body).map_err(|e| GithubError::InvalidResponse {
                    what: what.into(),
                    message: format!("not a list of repositories: {e}"),
                })?;
            for repo in page {
                out.push(repo.into_repo(what)?);
            }
            events(ApiEvent::Listed { listed: out.len() });
            if let Some(link) = header_str(&r.headers, "link").and_then(next_link) {
                next = Some(self.same_origin_path(link, what)?);
            }
        }
        Ok(out)
    }

    /// The path and query of a `next` link, which must point back at the API: the token is
    /// never sent elsewhere.
    fn same_origin_path(&self, link: &str, what: &str) -> Result<String, GithubError> {
        let uri: Uri = link.parse().map_err(|_| GithubError::InvalidResponse {
            what: what.into(),
            message: format!("a `next` link that is not a URL: {}", self.scrub(link)),
        })?;
        let same = match (uri.scheme_str(), uri.authority()) {
            (None, None) => true,
            (Some(s), Some(a)) => {
                Some(s) == self.api.scheme_str()
                    && Some(a.as_str()) == self.api.authority().map(|a| a.as_str())
            }
            _ => false,
        };
        if !same {
            return Err(GithubError::InvalidResponse {
                what: what.into(),
                message: format!(
                    "a `next` link to another server ({}); not followed",
                    self.scrub(link)
                ),
            });
        }
        Ok(uri
            .path_and_query()
            .map_or_else(|| "/".to_string(), |p| p.as_str().to_string()))
    }

    /// Sets a commit status on `slug` (`owner/name`) at `sha`.
    pub fn create_status(
        &self,
        slug: &str,
        sha: &str,
        status: &CommitStatus,
        events: &dyn Fn(ApiEvent),
    ) -> Result<(), GithubError> {
        let Some((owner, name)) = slug.split_once('/') else {
            return Err(GithubError::BadName {
                what: "repository (owner/name)",
                name: slug.to_string(),
            });
        };
        if !valid_name(owner) || !valid_name(name) {
            return Err(GithubError::BadName {
                what: "repository (owner/name)",
                name: slug.to_string(),
            });
        }
        if !(sha.len() == 40 || sha.len() == 64) || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
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

    fn scrub(&self, text: &str) -> String {
        scrub(self.token.as_ref(), text)
    }

    fn http_error(&self, what: &str, r: &Response) -> GithubError {
        let mut message = api_message(&r.body);
        if r.status == StatusCode::UNAUTHORIZED {
            message.push_str(if self.token.is_some() {
                " (the token was rejected)"
            } else {
                " (set GITHUB_TOKEN)"
            });
        }
        GithubError::Http {
            what: what.into(),
            status: r.status.as_u16(),
            message: self.scrub(&message),
        }
    }

    async fn sleep(&self, what: &str, wait: Duration, reason: String, events: &dyn Fn(ApiEvent)) {
        events(ApiEvent::Waiting {
            what: what.into(),
            wait,
            reason,
        });
        tokio::time::sleep(wait).await;
    }

    /// One request with the retry policy: rate limits are waited out, 5xx and network errors
    /// retried with backoff. Any other status is returned for the caller to judge.
    async fn send(
        &self,
        method: Method,
        path: &str,
        what: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Response, GithubError> {
        let mut failures = 0u32;
        let mut waits = 0u32;
        loop {
            if let Some(until) = self.exhausted_until.take() {
                let wait = until
                    .duration_since(SystemTime::now())
                    .unwrap_or(Duration::ZERO);
                if wait > self.retry.max_wait {
                    return Err(GithubError::RateLimited {
                        what: what.into(),
                        wait,
                        max: self.retry.max_wait,
                    });
                }
                if !wait.is_zero() {
                    self.sleep(what, wait, "the API rate limit is used up".into(), events)
                        .await;
                }
            }
            let sent = match &method {
                Method::Get => self.octo._get(path).await,
                Method::Post(body) => self.octo._post(path, Some(body)).await,
            };
            let fault = match sent {
                Ok(resp) => {
                    let status = resp.status();
                    let headers = resp.headers().clone();
                    match self.octo.body_to_string(resp).await {
                        Ok(body) => Ok(Response {
                            status,
                            headers,
                            body,
                        }),
                        Err(e) => Err(crate::diag::error_chain(&e)),
                    }
                }
                Err(e) => Err(crate::diag::error_chain(&e)),
            };
            let r = match fault {
                Ok(r) => r,
                Err(message) => {
                    failures += 1;
                    let message = self.scrub(&message);
                    if failures >= self.retry.attempts {
                        return Err(GithubError::Transport {
                            what: what.into(),
                            message,
                        });
                    }
                    let wait = self.retry.backoff_after(failures);
                    self.sleep(what, wait, format!("network error: {message}"), events)
                        .await;
                    continue;
                }
            };
            if let Some(wait) =
                rate_limit_wait(r.status.as_u16(), &r.headers, &r.body, SystemTime::now())
            {
                waits += 1;
                if wait > self.retry.max_wait || waits > self.retry.max_rate_limit_waits {
                    return Err(GithubError::RateLimited {
                        what: what.into(),
                        wait,
                        max: self.retry.max_wait,
                    });
                }
                let kind = if header_u64(&r.headers, "x-ratelimit-remaining") == Some(0)
                    && header_u64(&r.headers, "retry-after").is_none()
                {
                    "primary"
                } else {
                    "secondary"
                };
                self.sleep(
                    what,
                    wait,
                    format!("{kind} rate limit (HTTP {})", r.status.as_u16()),
                    events,
                )
                .await;
                continue;
            }
            if r.status.is_server_error() {
                failures += 1;
                if failures >= self.retry.attempts {
                    return Err(self.http_error(what, &r));
                }
                let wait = header_u64(&r.headers, "retry-after")
                    .map(Duration::from_secs)
                    .filter(|w| *w <= self.retry.max_wait)
                    .unwrap_or_else(|| self.retry.backoff_after(failures));
                self.sleep(
                    what,
                    wait,
                    format!("server error (HTTP {})", r.status.as_u16()),
                    events,
                )
                .await;
                continue;
            }
            if r.status.is_success() {
                self.exhausted_until.set(exhausted_until(&r.headers));
            }
            return Ok(r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                http::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn rate_limit_waits() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        let secs = |s: u64| Some(Duration::from_secs(s));
        /// Status, headers, body, and the wait expected.
        type Case<'a> = (u16, &'a [(&'a str, &'a str)], &'a str, Option<Duration>);
        let cases: &[Case] = &[
            (200, &[("retry-after", "5")], "", None),
            (403, &[("retry-after", "5")], "", secs(5)),
            (429, &[("retry-after", "0")], "", secs(1)),
            (
                403,
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1030"),
                ],
                "",
                secs(31),
            ),
            // A reset in the past still waits a second.
            (
                403,
                &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "900")],
                "",
                secs(1),
            ),
            (403, &[("x-ratelimit-remaining", "0")], "", secs(60)),
            (429, &[], "", secs(60)),
            (
                403,
                &[("x-ratelimit-remaining", "4999")],
                r#"{"message":"You have exceeded a secondary rate limit."}"#,
                secs(60),
            ),
            // A plain refusal is not waited out.
            (
                403,
                &[("x-ratelimit-remaining", "4999")],
                r#"{"message":"Resource not accessible by integration"}"#,
                None,
            ),
            (404, &[("x-ratelimit-remaining", "0")], "", None),
            (502, &[], "", None),
        ];
        for (status, h, body, want) in cases {
            assert_eq!(
                rate_limit_wait(*status, &headers(h), body, now),
                *want,
                "{status} {h:?} {body}"
            );
        }
    }

    #[test]
    fn a_used_up_limit_waits_for_its_reset() {
        /// Response headers, and the reset (epoch seconds) to wait for.
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<u64>);
        let cases: &[Case] = &[
            (
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1000"),
                ],
                Some(1001),
            ),
            (
                &[
                    ("x-ratelimit-remaining", "1"),
                    ("x-ratelimit-reset", "1000"),
                ],
                None,
            ),
            (&[("x-ratelimit-remaining", "0")], None),
            (&[], None),
        ];
        for (h, want) in cases {
            let got = exhausted_until(&headers(h)).map(epoch_secs);
            assert_eq!(got, *want, "{h:?}");
        }
    }

    #[test]
    fn next_links() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                r#"<https://api.github.com/orgs/a/repos?page=2>; rel="next", <https://api.github.com/orgs/a/repos?page=5>; rel="last""#,
                Some("https://api.github.com/orgs/a/repos?page=2"),
            ),
            (
                r#"<https://x/?page=1>; rel="prev", <https://x/?page=3>; rel="next""#,
                Some("https://x/?page=3"),
            ),
            (r#"<https://x/?page=1>; rel="first""#, None),
            (
                r#"<https://x/?page=2>; rel=next"#,
                Some("https://x/?page=2"),
            ),
            ("", None),
            ("garbage", None),
        ];
        for (link, want) in cases {
            assert_eq!(next_link(link), *want, "{link}");
        }
    }

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

    #[test]
    fn tokens_are_scrubbed_and_never_shown() {
        let t = Token::new(" ghp_secret123 \n").unwrap();
        assert_eq!(format!("{t:?}"), "Token(***)");
        // base64("x-access-token:ghp_secret123")
        let basic = t.git_authorization();
        assert_eq!(basic, "Basic eC1hY2Nlc3MtdG9rZW46Z2hwX3NlY3JldDEyMw==");
        let cases = [
            ("token ghp_secret123 here", "token *** here"),
            (
                "Authorization: Basic eC1hY2Nlc3MtdG9rZW46Z2hwX3NlY3JldDEyMw==",
                "Authorization: Basic ***",
            ),
            (
                "https://ghp_secret123@github.com/x",
                "https://***@github.com/x",
            ),
            ("nothing", "nothing"),
        ];
        for (text, want) in cases {
            assert_eq!(t.scrub(text), want);
        }
        assert!(Token::new("  ").is_none());
    }

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

    #[test]
    fn api_urls_and_host_labels() {
        let tok = || Token::new("t");
        let cases: &[(&str, bool, Result<&str, &str>)] = &[
            ("https://api.github.com", true, Ok("github.com")),
            ("https://ghe.example/api/v3/", true, Ok("ghe.example")),
            ("http://127.0.0.1:8080", true, Ok("127.0.0.1_8080")),
            ("http://ghe.example/api/v3", false, Ok("ghe.example")),
            ("http://ghe.example/api/v3", true, Err("plain http")),
            ("ftp://x", false, Err("must start with https://")),
            ("not a url", false, Err("not a URL")),
        ];
        for (url, with_token, want) in cases {
            let token = if *with_token { tok() } else { None };
            match (Client::new(url, token, RetryPolicy::default()), want) {
                (Ok(c), Ok(label)) => assert_eq!(c.host_label(), *label, "{url}"),
                (Err(e), Err(msg)) => assert!(e.to_string().contains(msg), "{url}: {e}"),
                (Ok(_), Err(msg)) => panic!("{url}: expected an error with {msg}"),
                (Err(e), Ok(_)) => panic!("{url}: {e}"),
            }
        }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default();
        let got: Vec<u64> = (1..=8).map(|i| p.backoff_after(i).as_secs()).collect();
        assert_eq!(got, [1, 2, 4, 8, 16, 32, 60, 60]);
    }
}
