//! A forge's token: kept out of `Debug` output and scrubbed, with the Basic credentials git
//! sends it in, from every message; and the one rule for where it may go over plain HTTP.

use std::fmt;

use base64::Engine as _;

/// The user name GitHub expects with a token over git's HTTPS Basic authentication.
const GIT_TOKEN_USER: &str = "x-access-token";

/// A forge token. It is never shown: `Debug` prints `Token(***)`, and [`Token::scrub`] removes
/// it (and the encoded forms it is sent in) from any text.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    secret: String,
    /// The user name git sends with it in Basic authentication (the forge decides which).
    git_user: &'static str,
}

impl Token {
    /// A GitHub token from text, trimmed; `None` when empty.
    pub fn new(text: &str) -> Option<Token> {
        Token::with_git_user(text, GIT_TOKEN_USER)
    }

    /// A token that git sends as the password of `git_user` (GitLab and Gitea: `oauth2`).
    pub fn with_git_user(text: &str, git_user: &'static str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty()).then(|| Token {
            secret: t.to_string(),
            git_user,
        })
    }

    /// The first of `vars` that holds a token, with the variable's name.
    pub fn from_vars(
        vars: &[&'static str],
        git_user: &'static str,
    ) -> Option<(Token, &'static str)> {
        vars.iter().find_map(|var| {
            std::env::var(var)
                .ok()
                .and_then(|v| Token::with_git_user(&v, git_user))
                .map(|t| (t, *var))
        })
    }

    /// `GITHUB_TOKEN`, else `GH_TOKEN`, with the name of the variable it came from.
    pub fn from_env() -> Option<(Token, &'static str)> {
        Token::from_vars(&["GITHUB_TOKEN", "GH_TOKEN"], GIT_TOKEN_USER)
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.secret
    }

    /// The `Authorization` header value for git over HTTPS (Basic, the forge's user name).
    pub fn git_authorization(&self) -> String {
        format!("Basic {}", self.git_basic_credentials())
    }

    fn git_basic_credentials(&self) -> String {
        base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.git_user, self.secret))
    }

    /// `text` with the token, and the Basic credentials made from it, replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        text.replace(&self.git_basic_credentials(), "***")
            .replace(&self.secret, "***")
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
