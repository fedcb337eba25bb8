//! A fake forge REST API on loopback (wiremock on its own runtime) shared by the tests of every
//! forge: canned answers by method, path and query, and the requests received with their JSON
//! bodies, each checked to carry the token in the forge's own header; and what those tests
//! read back alike (a run's output, the report's entries, leaks, campaign pull states).

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The server and the runtime it runs on.
pub struct FakeApi {
    pub rt: tokio::runtime::Runtime,
    pub server: MockServer,
    /// The header the token travels in and its expected value (`authorization`, `Bearer T`),
    /// checked by [`FakeApi::take`]; `None` for tests that mount their own header matchers.
    auth: Option<(&'static str, String)>,
}

impl FakeApi {
    pub fn start(auth_header: &'static str, auth_value: String) -> FakeApi {
        FakeApi::with_auth(Some((auth_header, auth_value)))
    }

    /// A server whose requests are not checked for a token (the mocks match headers).
    pub fn plain() -> FakeApi {
        FakeApi::with_auth(None)
    }

    fn with_auth(auth: Option<(&'static str, String)>) -> FakeApi {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(MockServer::start());
        FakeApi { rt, server, auth }
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn mount(&self, mock: Mock) {
        self.rt.block_on(mock.mount(&self.server));
    }

    /// Every request since the last reset.
    pub fn requests(&self) -> Vec<wiremock::Request> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
    }

    /// How many requests went to path `p`.
    pub fn requests_to(&self, p: &str) -> usize {
        self.requests().iter().filter(|r| r.url.path() == p).count()
    }

    pub fn reset(&self) {
        self.rt.block_on(self.server.reset());
    }

    /// `verb at` (with each `(name, value)` of `query`) answers `answer` with `status`.
    pub fn answer(&self, verb: &str, at: &str, query: &[(&str, &str)], status: u16, answer: Value) {
        let mut m = Mock::given(method(verb)).and(path(at));
        for (k, v) in query {
            m = m.and(query_param(*k, *v));
        }
        self.mount(m.respond_with(ResponseTemplate::new(status).set_body_json(answer)));
    }

    /// `verb at` answers `answer` with 200.
    pub fn ok(&self, verb: &str, at: &str, answer: Value) {
        self.answer(verb, at, &[], 200, answer);
    }

    /// `METHOD path` (the path as sent, percent-encoding kept) and JSON body of every request
    /// since the last reset, which this is; each must carry the token as the forge sends it.
    pub fn take(&self) -> Vec<(String, Value)> {
        let got = self.requests();
        self.reset();
        got.iter()
            .map(|r| {
                if let Some((h, want)) = &self.auth {
                    let sent = r.headers.get(*h).map(|v| v.to_str().unwrap().to_string());
                    assert_eq!(sent.as_deref(), Some(want.as_str()), "{}", r.url);
                }
                (
                    format!("{} {}", r.method, r.url.path()),
                    serde_json::from_slice(&r.body).unwrap_or(Value::Null),
                )
            })
            .collect()
    }
}

/// The bodies of the requests `what` (`POST /path`) among `reqs`.
pub fn posted<'r>(reqs: &'r [(String, Value)], what: &str) -> Vec<&'r Value> {
    reqs.iter()
        .filter(|(w, _)| w == what)
        .map(|(_, b)| b)
        .collect()
}

/// `v` (an object) with the fields of `extra` (an object) set over its own.
pub fn with(mut v: Value, extra: Value) -> Value {
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    v
}

/// `paved@…` for paved's own commits, `dev@example.com` for a person's.
pub fn email_of(author: &str) -> &'static str {
    if author == "paved" {
        "paved@users.noreply.github.com"
    } else {
        "dev@example.com"
    }
}

// ---------------------------------------------------------------------------------------------
// A run and its report

/// The output of one run; everything it printed is also added to the text kept for the leak
/// check.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(out: Output, printed: &mut String) -> Run {
        let r = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        printed.push_str(&r.stdout);
        printed.push_str(&r.stderr);
        r
    }

    /// The JSON report on stdout (checked against the schema), or null when there is none.
    pub fn report(&self) -> Value {
        if !self.stdout.is_empty() {
            crate::common::assert_valid_report(&self.stdout);
        }
        if self.stdout.trim_start().starts_with('{') {
            crate::common::report_v1(&self.stdout)
        } else {
            Value::Null
        }
    }
}

pub fn names(report: &Value) -> Vec<&str> {
    report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

pub fn entry<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in {report}"))
}

pub fn outcome(report: &Value, name: &str, rule: &str) -> String {
    entry(report, name)["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .map(|r| r["outcome"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

/// Neither `token` nor git's Basic credentials for it (`basic`) appear in `printed` or under
/// `dir`, and no extra header was written to a git config there.
pub fn assert_no_leak(printed: &str, dir: &Path, token: &str, basic: String) {
    for secret in [token.to_string(), basic] {
        assert!(
            !printed.contains(&secret),
            "the token leaked into output:\n{printed}"
        );
        let hits = crate::github_common::files_containing(dir, &secret);
        assert!(hits.is_empty(), "the token leaked into {hits:?}");
    }
    let configs = crate::github_common::files_containing(dir, "extraheader");
    assert!(
        configs.is_empty(),
        "an extra header was written to {configs:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Campaign status

/// One repository of a status table: its name, its newest pull request from the branch (the
/// fields that differ from an open one), the default branch's head now, the state shown.
pub type StateCase<'a> = (&'a str, Option<Value>, &'a str, Value);

/// `home/org/acme/<name>`: one commit of a README.
pub fn repo_on_disk(home: &Path, name: &str) {
    let dir = home.join("org/acme").join(name);
    paved_fixture::committed_repo(&dir, &[("README.md", "# x\n")]).unwrap();
}

/// Each case's row of `status --format json` shows its state, and the totals are one open,
/// two out of date, one merged, one closed and one without a pull request.
pub fn check_states(v: &Value, cases: &[StateCase]) {
    for (name, _, _, want) in cases {
        let row = v["repos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["repo"] == format!("acme/{name}"))
            .unwrap_or_else(|| panic!("{name} missing in {v}"));
        assert_eq!(&row["pull"]["state"], want, "{name}: {row}");
    }
    assert_eq!(
        v["pulls"],
        json!({"open": 1, "out_of_date": 2, "merged": 1, "closed": 1, "none": 1})
    );
}
