//! The GitHub token: kept out of `Debug` output and scrubbed, with the Basic credentials git
//! sends it in, from every message; and the one rule for where it may go over plain HTTP.

use std::fmt;

use base64::Engine as _;

/// The user name GitHub expects with a token over git's HTTPS Basic authentication.
const GIT_TOKEN_USER: &str = "x-access-token";

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
