//! GitHub discovery over the REST API (octocrab): listing an organisation's or a user's
//! repositories page by page, waiting out rate limits, retrying transient faults, the filters
//! `sync` and `scan --org` apply, and the commit statuses `check --post-status` sets.
//!
//! The API runs on a private single-threaded tokio runtime inside [`Client`], so callers stay
//! synchronous: the scan is rayon and the mirrors are blocking gix. Every error message is
//! scrubbed of the token before it leaves this module.
//!
//! `client.rs` holds the client, its retries and rate limits; `list.rs` the listing and
//! filters; `status.rs` commit statuses; `token.rs` the token and where it may be sent.

mod client;
mod list;
mod status;
mod token;

pub use client::{
    ApiEvent, Client, DEFAULT_API_URL, GithubError, RetryPolicy, next_link, rate_limit_wait,
};
pub use list::{Filter, Repo, valid_name};
pub use status::CommitStatus;
pub use token::{Token, is_loopback_host, scrub};

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
