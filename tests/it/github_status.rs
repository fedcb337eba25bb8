//! `check --post-status` against a fake GitHub API on loopback: the commit status it sets
//! (state, description, target URL, context), which commit and repository it picks, and
//! the usage errors when something it needs is missing.

use crate::github_common;

use std::path::Path;

use github_common::{TOKEN, paved};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PACK: &str = r#"pack: test
rules:
  - id: readme
    title: A README
    severity: required
    paved: {exists: README.md}
  - id: license
    title: A license
    severity: required
    paved: {exists: LICENSE}
  - id: changelog
    title: A changelog
    paved: {exists: CHANGELOG.md}
"#;

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

fn build(home: &Path, name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let src = home.join("src").join(name);
    paved_fixture::write_files(&src, files).unwrap();
    paved_fixture::build_repo(&src, &home.join("repos")).unwrap()
}

fn head(repo: &Path) -> String {
    let out = std::process::Command::new("git")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .arg("-C")
        .arg(repo)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

struct Case {
    name: &'static str,
    repo: &'static str,
    token: bool,
    env: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    /// The status answer the fake API gives.
    answer: u16,
    code: i32,
    /// The status posted (`None`: nothing may be posted); `sha: "HEAD"` stands for the repo's HEAD.
    posted: Option<(&'static str, &'static str, Value)>,
    stderr: &'static str,
}

#[test]
fn commit_statuses() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    std::fs::write(home.join("pack.yml"), PACK).unwrap();
    let good = build(
        home,
        "good",
        &[("README.md", "# g\n"), ("LICENSE", "MIT\n")],
    );
    let bad = build(home, "bad", &[("README.md", "# b\n")]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(MockServer::start());

    let cases = [
        Case {
            name: "a passing gate is a success on HEAD",
            repo: "good",
            token: true,
            env: &[],
            args: &["--repo-slug", "acme/api"],
            answer: 201,
            code: 0,
            posted: Some((
                "acme/api",
                "HEAD",
                json!({"state": "success", "context": "paved",
                       "description": "all 2 required rules on the paved road"}),
            )),
            stderr: "set the `paved` status of acme/api@",
        },
        Case {
            name: "a failing gate is a failure with the count, and the Actions run as target",
            repo: "bad",
            token: true,
            env: &[
                ("GITHUB_REPOSITORY", "acme/web"),
                ("GITHUB_SHA", SHA),
                ("GITHUB_SERVER_URL", "https://github.test/"),
                ("GITHUB_RUN_ID", "77"),
            ],
            args: &[],
            answer: 201,
            code: 1,
            posted: Some((
                "acme/web",
                SHA,
                json!({"state": "failure", "context": "paved",
                       "description": "1 required rule off the paved road: license",
                       "target_url": "https://github.test/acme/web/actions/runs/77"}),
            )),
            stderr: "gate failed",
        },
        Case {
            name: "--sha wins over GITHUB_SHA",
            repo: "good",
            token: true,
            env: &[("GITHUB_SHA", "ffffffffffffffffffffffffffffffffffffffff")],
            args: &["--repo-slug", "acme/api", "--sha", SHA],
            answer: 201,
            code: 0,
            posted: Some((
                "acme/api",
                SHA,
                json!({"state": "success", "context": "paved",
                       "description": "all 2 required rules on the paved road"}),
            )),
            stderr: "",
        },
        Case {
            name: "no token",
            repo: "good",
            token: false,
            env: &[],
            args: &["--repo-slug", "acme/api"],
            answer: 201,
            code: 2,
            posted: None,
            stderr: "--post-status needs a token in GITHUB_TOKEN or GH_TOKEN",
        },
        Case {
            name: "no repository",
            repo: "good",
            token: true,
            env: &[],
            args: &[],
            answer: 201,
            code: 2,
            posted: None,
            stderr: "--post-status needs --repo-slug OWNER/NAME (or GITHUB_REPOSITORY)",
        },
        Case {
            name: "the API refuses",
            repo: "good",
            token: true,
            env: &[],
            args: &["--repo-slug", "acme/api"],
            answer: 422,
            code: 2,
            posted: Some((
                "acme/api",
                "HEAD",
                json!({"state": "success", "context": "paved",
                       "description": "all 2 required rules on the paved road"}),
            )),
            stderr: "HTTP 422: Validation Failed",
        },
    ];

    for case in &cases {
        rt.block_on(server.reset());
        rt.block_on(
            Mock::given(method("POST"))
                .and(path_regex(r"^/repos/[^/]+/[^/]+/statuses/[0-9a-f]{40}$"))
                .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
                .respond_with(if case.answer == 201 {
                    ResponseTemplate::new(201)
                        .set_body_json(json!({"id": 1, "state": "success", "context": "paved"}))
                } else {
                    ResponseTemplate::new(case.answer)
                        .set_body_json(json!({"message": "Validation Failed", "errors": []}))
                })
                .mount(&server),
        );
        let repo = if case.repo == "good" { &good } else { &bad };
        let mut cmd = paved(home, case.token.then_some(TOKEN));
        cmd.arg("check")
            .arg(repo)
            .args(["--no-builtin", "--rules", "pack.yml", "--format", "json"])
            .args(["--post-status", "--api-url", &server.uri()])
            .args(case.args);
        for (k, v) in case.env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(case.code),
            "{}: {stderr}",
            case.name
        );
        assert!(stderr.contains(case.stderr), "{}: {stderr}", case.name);
        assert!(!stderr.contains(TOKEN), "{}: the token leaked", case.name);
        if !out.stdout.is_empty() {
            crate::common::assert_valid_report(&String::from_utf8_lossy(&out.stdout));
        }
        let received = rt.block_on(server.received_requests()).unwrap_or_default();
        match &case.posted {
            None => assert!(received.is_empty(), "{}: posted {received:?}", case.name),
            Some((slug, sha, body)) => {
                assert_eq!(received.len(), 1, "{}", case.name);
                let sha = if *sha == "HEAD" {
                    head(repo)
                } else {
                    sha.to_string()
                };
                assert_eq!(
                    received[0].url.path(),
                    format!("/repos/{slug}/statuses/{sha}"),
                    "{}",
                    case.name
                );
                let got: Value = serde_json::from_slice(&received[0].body).unwrap();
                assert_eq!(&got, body, "{}", case.name);
            }
        }
    }
}
