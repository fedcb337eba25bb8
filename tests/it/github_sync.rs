//! `scan --org` and `sync` end to end on loopback: a fake GitHub API (wiremock, real repository
//! objects, pagination, rate limits, faults) and a real git server (`git http-backend`) that
//! demands the token. Covers first clone, incremental fetch, failures as report entries,
//! rate-limit waits, renames and deletions upstream, and that the token never leaks.

use crate::github_common;

use std::path::Path;
use std::process::Output;

use github_common::{
    GitServer, TOKEN, api_repo, basic, git_in, head_of, paved, serve_empty, serve_repo,
    serve_repo_on,
};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::forge_common::{FakeApi, Run, entry as repo, names, outcome};

const PACK: &str = r#"pack: test
rules:
  - id: readme
    title: A README
    severity: required
    paved: {exists: README.md}
  - id: service-ci
    title: Services run CI
    when: {repo: {topics: [service]}}
    paved: {exists: ".github/workflows/*.yml"}
"#;

const API_V1: &[(&str, &str)] = &[("README.md", "# api\n"), ("src/main.rs", "fn main() {}\n")];
const API_V2: &[(&str, &str)] = &[(".github/workflows/ci.yml", "on: [push]\n")];
const WEB_V1: &[(&str, &str)] = &[("index.html", "<h1>web</h1>\n")];

/// `GET /orgs/acme/repos`, authorised with the token, answering `pages` with `Link` headers.
fn org_pages(api: &FakeApi, pages: &[Vec<Value>]) {
    for (i, page) in pages.iter().enumerate() {
        let mut resp = ResponseTemplate::new(200)
            .set_body_json(Value::Array(page.clone()))
            .insert_header("x-ratelimit-limit", "5000")
            .insert_header("x-ratelimit-remaining", "4990")
            .insert_header("x-ratelimit-reset", "4102444800");
        let n = pages.len();
        let link_for = |p: usize| {
            format!(
                "{}/orgs/acme/repos?type=all&per_page=100&page={p}",
                api.uri()
            )
        };
        let mut links = Vec::new();
        if i + 1 < n {
            links.push(format!("<{}>; rel=\"next\"", link_for(i + 2)));
            links.push(format!("<{}>; rel=\"last\"", link_for(n)));
        }
        if i > 0 {
            links.push(format!("<{}>; rel=\"prev\"", link_for(i)));
            links.push(format!("<{}>; rel=\"first\"", link_for(1)));
        }
        if !links.is_empty() {
            resp = resp.insert_header("link", links.join(", "));
        }
        let mut mock = Mock::given(method("GET"))
            .and(path("/orgs/acme/repos"))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()));
        if i > 0 {
            mock = mock.and(query_param("page", (i + 1).to_string().as_str()));
        }
        // Later pages are more specific: they must win over the first page's mock.
        api.mount(
            mock.respond_with(resp)
                .with_priority(if i > 0 { 1 } else { 5 }),
        );
    }
}

fn setup(home: &Path) {
    std::fs::write(home.join("pack.yml"), PACK).unwrap();
}

/// A home with the pack, and a git server that demands the token serving `acme/api`.
fn serving_api() -> (tempfile::TempDir, GitServer) {
    let t = tempfile::tempdir().unwrap();
    setup(t.path());
    let served = t.path().join("served");
    serve_repo(&served, "acme", "api", &[API_V1]);
    let git = GitServer::start(&served, Some(TOKEN));
    (t, git)
}

fn run(out: Output, printed: &mut String) -> Run {
    Run::of(out, printed)
}

fn scan_org(
    home: &Path,
    api: &str,
    token: Option<&str>,
    extra: &[&str],
    printed: &mut String,
) -> (Run, Value) {
    let out = paved(home, token)
        .args(["scan", "--org", "acme", "--api-url", api, "--mirror"])
        .arg(home.join("mirror"))
        .args(["--format", "json", "--no-builtin", "--rules", "pack.yml"])
        .args(extra)
        .output()
        .unwrap();
    let r = run(out, printed);
    let json = r.report();
    (r, json)
}

/// Neither the token nor the Basic credentials made from it appear in `text` or under `dir`.
fn assert_no_leak(text: &str, dir: &Path) {
    crate::forge_common::assert_no_leak(text, dir, TOKEN, basic(TOKEN));
}

#[test]
fn org_scan_mirrors_then_fetches_only_what_changed() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    setup(home);
    let served = home.join("served");
    serve_repo(&served, "acme", "api", &[API_V1]);
    serve_repo(&served, "acme", "web", &[WEB_V1]);
    serve_repo(&served, "acme", "old", &[WEB_V1]);
    serve_repo(&served, "acme", "forked", &[WEB_V1]);
    serve_empty(&served, "acme", "empty");
    let git = GitServer::start(&served, Some(TOKEN));
    let api = FakeApi::plain();
    org_pages(
        &api,
        &[
            vec![
                api_repo(
                    101,
                    "acme",
                    "api",
                    &git.url("acme", "api"),
                    json!({"topics": ["service", "rust"], "visibility": "internal", "private": true}),
                ),
                api_repo(
                    102,
                    "acme",
                    "old",
                    &git.url("acme", "old"),
                    json!({"archived": true}),
                ),
            ],
            vec![
                api_repo(103, "acme", "web", &git.url("acme", "web"), json!({})),
                api_repo(
                    104,
                    "acme",
                    "forked",
                    &git.url("acme", "forked"),
                    json!({"fork": true}),
                ),
                api_repo(
                    105,
                    "acme",
                    "empty",
                    &git.url("acme", "empty"),
                    json!({"size": 0}),
                ),
            ],
        ],
    );
    let mut printed = String::new();

    // First run: everything is cloned; archived repositories and forks are left out.
    let (r, report) = scan_org(home, &api.uri(), Some(TOKEN), &[], &mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(names(&report), ["acme/api", "acme/empty", "acme/web"]);
    assert!(
        r.stderr
            .contains("3 repos: 3 cloned, 0 fetched, 0 unchanged"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("5 repositories listed, 3 selected"),
        "{}",
        r.stderr
    );
    // An empty repository is mirrored and scanned as an empty tree.
    let empty = repo(&report, "acme/empty");
    assert_eq!(empty["commit"], Value::Null);
    assert_eq!(
        empty["notes"],
        json!(["HEAD is unborn: scanned as an empty tree"])
    );
    assert_eq!(outcome(&report, "acme/empty", "readme"), "missing");
    let api_entry = repo(&report, "acme/api");
    assert_eq!(
        api_entry["meta"],
        json!({"topics": ["service", "rust"], "archived": false, "visibility": "internal", "default_branch": "main"})
    );
    assert_eq!(api_entry["path"], "acme/api");
    assert_eq!(api_entry["commit"], head_of(&served.join("acme/api.git")));
    assert_eq!(outcome(&report, "acme/api", "readme"), "paved");
    assert_eq!(outcome(&report, "acme/api", "service-ci"), "missing");
    assert_eq!(outcome(&report, "acme/web", "readme"), "missing");
    assert_eq!(outcome(&report, "acme/web", "service-ci"), "not_applicable");
    assert_eq!(git.fetched(), ["acme/api", "acme/web"]);
    assert!(
        git.requests().iter().all(|r| r.authorized),
        "{:?}",
        git.requests()
    );
    assert_eq!(api.requests_to("/orgs/acme/repos"), 2, "two pages");
    let mirror = home.join("mirror");
    assert!(mirror.join("api.git/HEAD").is_file());
    assert!(!mirror.join("old.git").exists() && !mirror.join(".paved-tmp").exists());

    // Second run, nothing changed upstream: no pack is fetched.
    git.clear_log();
    let (r, report) = scan_org(home, &api.uri(), Some(TOKEN), &[], &mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("3 repos: 0 cloned, 0 fetched, 3 unchanged"),
        "{}",
        r.stderr
    );
    assert_eq!(git.fetched(), Vec::<String>::new());
    assert_eq!(names(&report), ["acme/api", "acme/empty", "acme/web"]);

    // A new commit on api: only api is fetched, and the scan sees it.
    serve_repo(&served, "acme", "api", &[API_V1, API_V2]);
    git.clear_log();
    let (r, report) = scan_org(home, &api.uri(), Some(TOKEN), &[], &mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("3 repos: 0 cloned, 1 fetched, 2 unchanged"),
        "{}",
        r.stderr
    );
    assert_eq!(git.fetched(), ["acme/api"]);
    assert_eq!(
        repo(&report, "acme/api")["commit"],
        head_of(&served.join("acme/api.git"))
    );
    assert_eq!(outcome(&report, "acme/api", "service-ci"), "paved");

    // Filters: only the fork, with --include-forks and --repo.
    let (r, report) = scan_org(
        home,
        &api.uri(),
        Some(TOKEN),
        &["--include-forks", "--repo", "fork*"],
        &mut printed,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(names(&report), ["acme/forked"]);

    // The default format prints the table report on stdout, the sync summary on stderr.
    let out = paved(home, Some(TOKEN))
        .args(["scan", "--org", "acme", "--api-url", &api.uri(), "--mirror"])
        .arg(&mirror)
        .args(["--no-builtin", "--rules", "pack.yml"])
        .output()
        .unwrap();
    let r = run(out, &mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // api is on the paved road; the table lists the two that are not.
    for line in ["3 repos scanned", "acme/empty", "acme/web"] {
        assert!(r.stdout.contains(line), "{line} not in\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("cloned"), "{}", r.stdout);

    assert_no_leak(&printed, &mirror);
}

#[test]
fn a_repository_that_cannot_be_cloned_is_an_error_entry() {
    let (t, git) = serving_api();
    let home = t.path();
    // A second server that wants another token: the clone is refused (401).
    let other = home.join("other");
    serve_repo(&other, "acme", "locked", &[API_V1]);
    let strict = GitServer::start(&other, Some("some-other-token"));
    let api = FakeApi::plain();
    // A clone a killed run left half done: cleared, never taken for a mirror.
    let stale = home.join("mirror/.paved-tmp/ghost.git");
    std::fs::create_dir_all(stale.join("objects")).unwrap();
    std::fs::write(stale.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    org_pages(
        &api,
        &[vec![
            api_repo(1, "acme", "api", &git.url("acme", "api"), json!({})),
            api_repo(2, "acme", "ghost", &git.url("acme", "ghost"), json!({})),
            api_repo(
                3,
                "acme",
                "locked",
                &strict.url("acme", "locked"),
                json!({}),
            ),
            api_repo(
                4,
                "acme",
                "plain",
                "http://192.0.2.1/acme/plain.git",
                json!({}),
            ),
        ]],
    );
    let mut printed = String::new();
    let (r, report) = scan_org(home, &api.uri(), Some(TOKEN), &[], &mut printed);
    assert_eq!(r.code, 3, "some repositories failed: {}", r.stderr);
    assert_eq!(
        names(&report),
        ["acme/api", "acme/ghost", "acme/locked", "acme/plain"]
    );
    assert_eq!(outcome(&report, "acme/api", "readme"), "paved");
    let cases = [
        ("acme/ghost", "404"),
        ("acme/locked", "401"),
        ("acme/plain", "refusing to send the token over plain http"),
    ];
    for (name, why) in cases {
        let entry = repo(&report, name);
        let error = entry["error"].as_str().unwrap_or_default();
        assert!(
            error.starts_with("could not be mirrored: "),
            "{name}: {error}"
        );
        assert!(error.contains(why), "{name}: {error}");
        assert_eq!(entry["results"], json!([]), "{name}");
        assert_eq!(entry["meta"]["default_branch"], "main", "{name}");
    }
    assert_eq!(report["summary"]["repos_failed"], 3);
    assert!(r.stderr.contains("acme/ghost: sync failed"), "{}", r.stderr);
    let mirror = home.join("mirror");
    for name in ["ghost.git", "locked.git", "plain.git", ".paved-tmp"] {
        assert!(!mirror.join(name).exists(), "{name} was left behind");
    }
    // A 404 is not retried; the token was sent to the strict server and rejected there.
    let ghost_tries = git
        .requests()
        .iter()
        .filter(|q| q.path.starts_with("/acme/ghost.git"))
        .count();
    assert_eq!(ghost_tries, 1);
    assert!(
        strict
            .requests()
            .iter()
            .all(|q| !q.authorized && q.status == 401)
    );
    assert_no_leak(&printed, &mirror);
}

#[test]
fn rate_limits_and_transient_faults_are_waited_out() {
    let (t, git) = serving_api();
    let home = t.path();
    git.fail_next("acme", "api", &[502]);
    let api = FakeApi::plain();
    let auth = format!("Bearer {TOKEN}");
    // One answer each, in this order (a lower priority number wins while it lasts): a secondary
    // rate limit, a 429, a used-up primary limit, a bad gateway, then the listing.
    let faults: Vec<ResponseTemplate> = vec![
        ResponseTemplate::new(403)
            .insert_header("retry-after", "1")
            .set_body_json(json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"})),
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(403)
            .insert_header("x-ratelimit-limit", "60")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", "0")
            .set_body_json(json!({"message": "API rate limit exceeded for 127.0.0.1."})),
        ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"),
    ];
    for (i, resp) in faults.into_iter().enumerate() {
        api.mount(
            Mock::given(method("GET"))
                .and(path("/orgs/acme/repos"))
                .and(header("authorization", auth.as_str()))
                .respond_with(resp)
                .up_to_n_times(1)
                .with_priority(1 + i as u8),
        );
    }
    org_pages(
        &api,
        &[vec![api_repo(
            1,
            "acme",
            "api",
            &git.url("acme", "api"),
            json!({}),
        )]],
    );

    let mut printed = String::new();
    let out = paved(home, Some(TOKEN))
        .args(["sync", "--org", "acme", "--api-url", &api.uri(), "--mirror"])
        .arg(home.join("mirror"))
        .output()
        .unwrap();
    let r = run(out, &mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(api.requests_to("/orgs/acme/repos"), 5);
    for note in [
        "secondary rate limit (HTTP 403); waiting 1s",
        "secondary rate limit (HTTP 429); waiting 1s",
        "primary rate limit (HTTP 403); waiting 1s",
        "server error (HTTP 502)",
        "acme/api: attempt 1 failed",
    ] {
        assert!(
            r.stderr.contains(note),
            "missing `{note}` in:\n{}",
            r.stderr
        );
    }
    assert!(
        r.stdout
            .contains("1 repos: 1 cloned, 0 fetched, 0 unchanged"),
        "{}",
        r.stdout
    );
    let statuses: Vec<u16> = git.requests().iter().map(|q| q.status).collect();
    assert_eq!(statuses.first(), Some(&502));
    assert_no_leak(&printed, &home.join("mirror"));
}

#[test]
fn renamed_and_deleted_repositories_are_reported_and_kept() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    setup(home);
    let served = home.join("served");
    for name in ["api", "web", "gone"] {
        serve_repo(&served, "acme", name, &[API_V1]);
    }
    let git = GitServer::start(&served, Some(TOKEN));
    let api = FakeApi::plain();
    org_pages(
        &api,
        &[vec![
            api_repo(1, "acme", "api", &git.url("acme", "api"), json!({})),
            api_repo(2, "acme", "web", &git.url("acme", "web"), json!({})),
            api_repo(3, "acme", "gone", &git.url("acme", "gone"), json!({})),
        ]],
    );
    let mut printed = String::new();
    let sync = |printed: &mut String| {
        let out = paved(home, Some(TOKEN))
            .args(["sync", "--org", "acme", "--api-url", &api.uri(), "--mirror"])
            .arg(home.join("mirror"))
            .output()
            .unwrap();
        run(out, printed)
    };
    let r = sync(&mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("3 repos: 3 cloned"), "{}", r.stdout);

    // Upstream, web becomes site (same id) and gone is deleted.
    std::fs::rename(served.join("acme/web.git"), served.join("acme/site.git")).unwrap();
    api.reset();
    org_pages(
        &api,
        &[vec![
            api_repo(1, "acme", "api", &git.url("acme", "api"), json!({})),
            api_repo(2, "acme", "site", &git.url("acme", "site"), json!({})),
        ]],
    );
    git.clear_log();
    let r = sync(&mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "2 repos: 0 cloned, 0 fetched, 2 unchanged, 1 renamed upstream, 1 no longer listed"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("renamed     acme/web -> acme/site (mirror moved)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("not listed  gone.git"), "{}", r.stdout);
    assert!(
        r.stderr.contains("renamed upstream: acme/web -> acme/site"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("gone.git is no longer listed"),
        "{}",
        r.stderr
    );
    let mirror = home.join("mirror");
    assert!(mirror.join("site.git/HEAD").is_file());
    assert!(!mirror.join("web.git").exists());
    assert!(mirror.join("gone.git/HEAD").is_file(), "never deleted");
    assert_eq!(
        git.fetched(),
        Vec::<String>::new(),
        "the moved mirror was up to date"
    );

    // The default branch is renamed upstream (main -> trunk, same commits) and a tag appears:
    // HEAD follows the branch and the old branch is dropped from the mirror.
    serve_repo_on(&served, "acme", "api", "trunk", &[API_V1], &["v1.0"]);
    api.reset();
    org_pages(
        &api,
        &[vec![
            api_repo(
                1,
                "acme",
                "api",
                &git.url("acme", "api"),
                json!({"default_branch": "trunk"}),
            ),
            api_repo(2, "acme", "site", &git.url("acme", "site"), json!({})),
        ]],
    );
    let refs = |prefix: &str| {
        git_in(
            &mirror.join("api.git"),
            &["for-each-ref", "--format=%(refname)", prefix],
        )
    };
    let r = sync(&mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("2 repos: 0 cloned, 1 fetched, 1 unchanged"),
        "{}",
        r.stdout
    );
    assert_eq!(
        git_in(&mirror.join("api.git"), &["symbolic-ref", "HEAD"]),
        "refs/heads/trunk"
    );
    assert_eq!(refs("refs/heads"), "refs/heads/trunk");
    assert_eq!(refs("refs/tags"), "refs/tags/v1.0");

    // A tag deleted upstream is dropped from the mirror.
    serve_repo_on(&served, "acme", "api", "trunk", &[API_V1], &[]);
    let r = sync(&mut printed);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("2 repos: 0 cloned, 1 fetched, 1 unchanged"),
        "{}",
        r.stdout
    );
    assert_eq!(refs("refs/tags"), "");
    assert_eq!(refs("refs/heads"), "refs/heads/trunk");

    assert_no_leak(&printed, &mirror);
}

#[test]
fn without_a_token_only_public_repositories_are_seen() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    setup(home);
    let served = home.join("served");
    serve_repo(&served, "octo", "hello", &[API_V1]);
    let git = GitServer::start(&served, None);
    let api = FakeApi::plain();
    // Not an org: the user's public repositories.
    api.mount(
        Mock::given(method("GET"))
            .and(path("/orgs/octo/repos"))
            .respond_with(
                ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
            ),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path("/users/octo/repos"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([api_repo(
                7,
                "octo",
                "hello",
                &git.url("octo", "hello"),
                json!({"owner": {"login": "octo", "id": 1, "type": "User"}})
            )]))),
    );
    let out = paved(home, None)
        .args([
            "scan",
            "--org",
            "octo",
            "--api-url",
            &api.uri(),
            "--format",
            "json",
            "--no-builtin",
            "--rules",
            "pack.yml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("no GITHUB_TOKEN or GH_TOKEN set"),
        "{stderr}"
    );
    let report = crate::common::report_v1(&out.stdout);
    assert_eq!(names(&report), ["octo/hello"]);
    // The default mirror folder: the cache, by host (and port) and owner.
    let port = api.uri().rsplit(':').next().unwrap().to_string();
    let default = home.join(format!(
        "cache/paved/mirrors/127.0.0.1_{port}/octo/hello.git"
    ));
    assert!(default.join("HEAD").is_file(), "{}", default.display());

    // An owner that does not exist is a clear error.
    let out = paved(home, None)
        .args([
            "sync",
            "--org",
            "nobody",
            "--api-url",
            &api.uri(),
            "--mirror",
            "m",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("nobody: no such organisation or user"),
        "{stderr}"
    );
}
