//! The REST client every forge shares: octocrab on a private single-threaded tokio runtime,
//! waiting out rate limits and retrying transient faults, following pages, with its errors and
//! progress events. GitHub is its default [`Flavor`]; GitLab and Gitea set their own headers.

use std::cell::Cell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName};
use http::{StatusCode, Uri};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Token, is_loopback_host, scrub};

/// The public GitHub API; GitHub Enterprise Server lives at `https://HOST/api/v3`.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// How the token goes to a forge's API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthHeader {
    /// `Authorization: Bearer TOKEN` (GitHub).
    Bearer,
    /// `PRIVATE-TOKEN: TOKEN` (GitLab).
    PrivateToken,
    /// `Authorization: token TOKEN` (Gitea, Forgejo).
    TokenPrefix,
}

/// What differs between forges' REST APIs at the HTTP level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flavor {
    pub accept: &'static str,
    pub auth: AuthHeader,
    /// The variables the token is read from, named in the hint after a 401 without one.
    pub token_vars: &'static str,
}

/// GitHub's API.
pub const GITHUB: Flavor = Flavor {
    accept: "application/vnd.github+json",
    auth: AuthHeader::Bearer,
    token_vars: "GITHUB_TOKEN",
};

/// The default bound on pages followed, against a server whose `next` links never end
/// (`--max-pages`).
const MAX_PAGES: usize = 10_000;

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
    #[error("{forge}: {what} is not supported yet")]
    Unsupported {
        forge: &'static str,
        what: &'static str,
    },
}

impl GithubError {
    /// Whether the server refused the token (HTTP 401): a run stops at the first one.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, GithubError::Http { status: 401, .. })
    }
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
    /// Pages of one listing followed, at most; past it the listing fails (`--max-pages`).
    pub max_pages: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            backoff: Duration::from_secs(1),
            // The primary limit resets hourly: waiting it out beats failing a long scan.
            max_wait: Duration::from_secs(3_660),
            max_rate_limit_waits: 5,
            max_pages: MAX_PAGES,
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
// Rate limits and pagination (pure, so they are tested without a server)

pub(super) fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header_str(headers, name).and_then(|v| v.parse().ok())
}

/// The remaining requests: GitHub's `x-ratelimit-remaining`, else GitLab's `ratelimit-remaining`.
fn remaining(headers: &HeaderMap) -> Option<u64> {
    header_u64(headers, "x-ratelimit-remaining")
        .or_else(|| header_u64(headers, "ratelimit-remaining"))
}

/// When the limit resets (epoch seconds), from either family of headers.
fn reset(headers: &HeaderMap) -> Option<u64> {
    header_u64(headers, "x-ratelimit-reset").or_else(|| header_u64(headers, "ratelimit-reset"))
}

fn epoch_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// How long to wait before retrying a response, if it is a rate limit: `retry-after` when
/// given; else, with `x-ratelimit-remaining: 0` (GitLab: `ratelimit-remaining`), until
/// `x-ratelimit-reset` (`ratelimit-reset`) plus a second;
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
    if remaining(headers) == Some(0) {
        let secs = reset(headers).map_or(60, |reset| reset.saturating_sub(epoch_secs(now)) + 1);
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
    if remaining(headers) != Some(0) {
        return None;
    }
    let reset = reset(headers)?;
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
pub(crate) struct Response {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

pub(crate) enum Method {
    Get,
    Post(serde_json::Value),
    Patch(serde_json::Value),
    Put(serde_json::Value),
}

/// A forge API client for one API URL and token, with its own runtime. Not shared across
/// threads: listing is sequential by nature (pages follow links).
pub struct Client {
    flavor: Flavor,
    octo: octocrab::Octocrab,
    pub(super) rt: tokio::runtime::Runtime,
    pub(super) api: Uri,
    pub(super) api_display: String,
    pub(super) token: Option<Token>,
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
        Client::with_flavor(api_url, token, retry, GITHUB)
    }

    /// [`Client::new`] for another forge's API.
    pub fn with_flavor(
        api_url: &str,
        token: Option<Token>,
        retry: RetryPolicy,
        flavor: Flavor,
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
                .add_header(ACCEPT, flavor.accept.to_string())
                .set_connect_timeout(Some(Duration::from_secs(30)))
                .set_read_timeout(Some(Duration::from_secs(120)));
            if let Some(t) = &token {
                b = match flavor.auth {
                    AuthHeader::Bearer => b.personal_token(t.expose().to_string()),
                    AuthHeader::PrivateToken => b.add_header(
                        HeaderName::from_static("private-token"),
                        t.expose().to_string(),
                    ),
                    AuthHeader::TokenPrefix => {
                        b.add_header(AUTHORIZATION, format!("token {}", t.expose()))
                    }
                };
            }
            b.build()
                .map_err(|e| GithubError::Client(scrub(token.as_ref(), &e.to_string())))?
        };
        Ok(Client {
            flavor,
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

    /// The API's host name, without a port.
    pub fn api_host(&self) -> &str {
        self.api.host().unwrap_or_default()
    }

    /// The token the client sends, if any.
    pub fn token(&self) -> Option<&Token> {
        self.token.as_ref()
    }

    /// Runs one of the client's futures to completion on its runtime.
    pub(crate) fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
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

    pub(crate) fn path(&self, rest: &str) -> String {
        format!("{}{rest}", self.api.path().trim_end_matches('/'))
    }

    pub(crate) fn scrub(&self, text: &str) -> String {
        scrub(self.token.as_ref(), text)
    }

    pub(crate) fn http_error(&self, what: &str, r: &Response) -> GithubError {
        let mut message = api_message(&r.body);
        if r.status == StatusCode::UNAUTHORIZED {
            if self.token.is_none() {
                message.push_str(" (set ");
            }
            message.push_str(if self.token.is_some() {
                " (the token was rejected)"
            } else {
                self.flavor.token_vars
            });
            if self.token.is_none() {
                message.push(')');
            }
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
    pub(crate) async fn send(
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
                Method::Patch(body) => self.octo._patch(path, Some(body)).await,
                Method::Put(body) => self.octo._put(path, Some(body)).await,
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
                let kind = if remaining(&r.headers) == Some(0)
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

/// The path and query of the next page: the `rel="next"` of a `Link` header, else GitLab's
/// `x-next-page` (a page number) applied to the `current` path.
fn next_page(headers: &HeaderMap, current: &str) -> Option<String> {
    if let Some(link) = header_str(headers, "link").and_then(next_link) {
        return Some(link.to_string());
    }
    let page: u64 = header_str(headers, "x-next-page")?.parse().ok()?;
    let (path, query) = current.split_once('?').unwrap_or((current, ""));
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .map(str::to_string)
        .collect();
    params.push(format!("page={page}"));
    Some(format!("{path}?{}", params.join("&")))
}

impl Client {
    /// Follows the pages from `first` (`Link` headers, else `x-next-page`), turning each item
    /// of each page into a repository with `convert`.
    pub(crate) async fn pages<T: DeserializeOwned, R>(
        &self,
        first: &str,
        what: &str,
        events: &dyn Fn(ApiEvent),
        convert: impl Fn(T) -> Result<R, GithubError>,
    ) -> Result<Vec<R>, GithubError> {
        let mut out = Vec::new();
        let mut next = Some(first.to_string());
        let mut pages = 0;
        while let Some(path) = next.take() {
            pages += 1;
            if pages > self.retry.max_pages {
                return Err(GithubError::InvalidResponse {
                    what: what.into(),
                    message: format!("more than {} pages (--max-pages)", self.retry.max_pages),
                });
            }
            let r = self.send(Method::Get, &path, what, events).await?;
            if !r.status.is_success() {
                return Err(self.http_error(what, &r));
            }
            let page: Vec<T> =
                serde_json::from_str(&r.body).map_err(|e| GithubError::InvalidResponse {
                    what: what.into(),
                    message: format!("not a list of repositories: {e}"),
                })?;
            for item in page {
                out.push(convert(item)?);
            }
            events(ApiEvent::Listed { listed: out.len() });
            if let Some(link) = next_page(&r.headers, &path) {
                next = Some(self.same_origin_path(&link, what)?);
            }
        }
        Ok(out)
    }

    /// POSTs `body` to `path`; any answer but a success is an error.
    pub(crate) fn post_json(
        &self,
        body: serde_json::Value,
        path: &str,
        what: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<(), GithubError> {
        self.rt.block_on(async {
            let r = self.send(Method::Post(body), path, what, events).await?;
            if r.status.is_success() {
                Ok(())
            } else {
                Err(self.http_error(what, &r))
            }
        })
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
    fn next_pages_from_link_or_x_next_page() {
        /// Response headers, and the next page expected.
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<&'a str>);
        let cases: &[Case] = &[
            (
                &[("link", r#"<http://h/p?page=2>; rel="next""#)],
                Some("http://h/p?page=2"),
            ),
            (
                &[("x-next-page", "3")],
                Some("/g/projects?per_page=100&page=3"),
            ),
            (&[("x-next-page", "")], None),
            (&[], None),
        ];
        for (h, want) in cases {
            assert_eq!(
                next_page(&headers(h), "/g/projects?per_page=100&page=2").as_deref(),
                *want,
                "{h:?}"
            );
        }
    }

    #[test]
    fn gitlab_rate_limit_headers() {
        let now = UNIX_EPOCH + Duration::from_secs(1_000);
        let h = headers(&[("ratelimit-remaining", "0"), ("ratelimit-reset", "1010")]);
        assert_eq!(
            rate_limit_wait(429, &h, "", now),
            Some(Duration::from_secs(11))
        );
        assert_eq!(exhausted_until(&h).map(epoch_secs), Some(1011));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default();
        let got: Vec<u64> = (1..=8).map(|i| p.backoff_after(i).as_secs()).collect();
        assert_eq!(got, [1, 2, 4, 8, 16, 32, 60, 60]);
    }
}
