//! A fake forge REST API on loopback (wiremock on its own runtime) shared by the campaign
//! tests of every forge: canned answers by method, path and query, and the requests received
//! with their JSON bodies, each checked to carry the token in the forge's own header.

use serde_json::Value;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The server and the runtime it runs on.
pub struct FakeApi {
    pub rt: tokio::runtime::Runtime,
    pub server: MockServer,
    /// The header the token travels in and its expected value (`authorization`, `Bearer T`).
    auth: (&'static str, String),
}

impl FakeApi {
    pub fn start(auth_header: &'static str, auth_value: String) -> FakeApi {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(MockServer::start());
        FakeApi {
            rt,
            server,
            auth: (auth_header, auth_value),
        }
    }

    /// `verb at` (with each `(name, value)` of `query`) answers `answer` with `status`.
    pub fn answer(&self, verb: &str, at: &str, query: &[(&str, &str)], status: u16, answer: Value) {
        let mut m = Mock::given(method(verb)).and(path(at));
        for (k, v) in query {
            m = m.and(query_param(*k, *v));
        }
        let m = m.respond_with(ResponseTemplate::new(status).set_body_json(answer));
        self.rt.block_on(m.mount(&self.server));
    }

    /// `verb at` answers `answer` with 200.
    pub fn ok(&self, verb: &str, at: &str, answer: Value) {
        self.answer(verb, at, &[], 200, answer);
    }

    /// `METHOD path` (the path as sent, percent-encoding kept) and JSON body of every request
    /// since the last reset, which this is; each must carry the token as the forge sends it.
    pub fn take(&self) -> Vec<(String, Value)> {
        let got = self
            .rt
            .block_on(self.server.received_requests())
            .unwrap_or_default();
        self.rt.block_on(self.server.reset());
        got.iter()
            .map(|r| {
                let sent = r
                    .headers
                    .get(self.auth.0)
                    .map(|v| v.to_str().unwrap().to_string());
                assert_eq!(sent.as_deref(), Some(self.auth.1.as_str()), "{}", r.url);
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
