//! `scan --gitlab`, `scan --gitea` and `check --post-status --forge gitlab|gitea` end to end on
//! loopback: fake GitLab and Gitea APIs (wiremock, response objects shaped like the forges'
//! documented ones, pagination, rate limits) and a real git server (`git http-backend`) that
//! demands the token as `oauth2`'s password. Covers subgroups, filters, metadata for the `repo`
//! condition, 401/404 repositories as error entries with the rest scanned, renames and
//! deletions upstream, and that the token never leaks into output or files.

use crate::github_common;

use std::path::Path;

use github_common::{GitServer, basic_as, head_of, paved, serve_repo};
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::forge_common::{FakeApi as Api, Run, entry, names, outcome, with};

const TOKEN: &str = "glpat-TestTokenThatMustNeverLeak0987";

const PACK: &str = r#"pack: test
rules:
  - id: readme
    title: A README
    severity: required
    paved: {exists: README.md}
  - id: service-ci
    title: Services run CI
    when: {repo: {topics: [service], visibility: internal}}
    paved: {exists: ".gitlab-ci.yml"}
"#;

const README: &[(&str, &str)] = &[("README.md", "# x\n")];
const CI: &[(&str, &str)] = &[("README.md", "# x\n"), (".gitlab-ci.yml", "test: {}\n")];

/// A project as `GET /groups/:id/projects` returns it (GitLab's documented fields, trimmed of
/// some URLs paved never reads).
pub(crate) fn gl_project(id: u64, path_ns: &str, clone_url: &str, extra: Value) -> Value {
    let (ns, name) = path_ns.rsplit_once('/').unwrap();
    let v = json!({
        "id": id,
        "description": null,
        "name": name,
        "name_with_namespace": path_ns.replace('/', " / "),
        "path": name,
        "path_with_namespace": path_ns,
        "created_at": "2026-01-01T12:00:00.000Z",
        "default_branch": "main",
        "tag_list": [],
        "topics": [],
        "ssh_url_to_repo": format!("git@gitlab.example:{path_ns}.git"),
        "http_url_to_repo": clone_url,
        "web_url": format!("https://gitlab.example/{path_ns}"),
        "readme_url": null,
        "forks_count": 0,
        "avatar_url": null,
        "star_count": 0,
        "last_activity_at": "2026-01-02T12:00:00.000Z",
        "namespace": {
            "id": 10, "name": ns, "path": ns.rsplit('/').next().unwrap(), "kind": "group",
            "full_path": ns, "parent_id": null, "avatar_url": null,
            "web_url": format!("https://gitlab.example/groups/{ns}")
        },
        "empty_repo": false,
        "archived": false,
        "visibility": "private",
        "issues_enabled": true,
        "merge_requests_enabled": true,
        "creator_id": 1,
        "open_issues_count": 0,
    });
    with(v, extra)
}

/// A repository as Gitea's `GET /orgs/{org}/repos` returns it.
pub(crate) fn gitea_repo(id: u64, owner: &str, name: &str, clone_url: &str, extra: Value) -> Value {
    let v = json!({
        "id": id,
        "owner": {"id": 3, "login": owner, "login_name": "", "full_name": "", "email": "",
                  "avatar_url": "", "username": owner},
        "name": name,
        "full_name": format!("{owner}/{name}"),
        "description": "",
        "empty": false,
        "private": false,
        "fork": false,
        "template": false,
        "parent": null,
        "mirror": false,
        "size": 25,
        "language": "",
        "html_url": format!("https://gitea.example/{owner}/{name}"),
        "ssh_url": format!("git@gitea.example:{owner}/{name}.git"),
        "clone_url": clone_url,
        "original_url": "",
        "website": "",
        "stars_count": 0,
        "forks_count": 0,
        "watchers_count": 1,
        "open_issues_count": 0,
        "default_branch": "main",
        "archived": false,
        "created_at": "2026-01-01T12:00:00Z",
        "updated_at": "2026-01-02T12:00:00Z",
        "permissions": {"admin": false, "push": false, "pull": true},
        "internal": false,
        "topics": [],
    });
    with(v, extra)
}

fn scan(home: &Path, env: (&str, &str), args: &[&str], printed: &mut String) -> (Run, Value) {
    let out = paved(home, None)
        .env(env.0, env.1)
        .arg("scan")
        .args(args)
        .arg("--mirror")
        .arg(home.join("mirror"))
        .args(["--format", "json", "--no-builtin", "--rules", "pack.yml"])
        .output()
        .unwrap();
    let r = Run::of(out, printed);
    let report = r.report();
    (r, report)
}

/// Neither the token nor git's Basic credentials for it are printed or written under `dir`.
fn assert_no_leak(printed: &str, dir: &Path) {
    crate::forge_common::assert_no_leak(printed, dir, TOKEN, basic_as("oauth2", TOKEN));
}

/// GitLab's `/groups/acme/projects`, authorised with `PRIVATE-TOKEN`, in pages that point on
/// with `x-next-page` (offset pagination), after one 429 that says when to come back.
fn gitlab_pages(api: &Api, pages: &[Vec<Value>]) {
    let p = "/api/v4/groups/acme/projects";
    api.mount(
        Mock::given(method("GET"))
            .and(path(p))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "1")
                    .insert_header("ratelimit-remaining", "0")
                    .set_body_json(json!({"message": "429 Too Many Requests"})),
            )
            .up_to_n_times(1)
            .with_priority(1),
    );
    for (i, page) in pages.iter().enumerate() {
        let mut resp = ResponseTemplate::new(200)
            .set_body_json(Value::Array(page.clone()))
            .insert_header("ratelimit-limit", "2000")
            .insert_header("ratelimit-remaining", "1990")
            .insert_header("ratelimit-reset", "4102444800")
            .insert_header("x-page", (i + 1).to_string().as_str())
            .insert_header("x-per-page", "100");
        let next = if i + 1 < pages.len() {
            (i + 2).to_string()
        } else {
            String::new()
        };
        resp = resp.insert_header("x-next-page", next.as_str());
        let mut mock = Mock::given(method("GET"))
            .and(path(p))
            .and(query_param("include_subgroups", "true"))
            .and(header("private-token", TOKEN));
        if i > 0 {
            mock = mock.and(query_param("page", (i + 1).to_string().as_str()));
        }
        api.mount(
            mock.respond_with(resp)
                .with_priority(if i > 0 { 2 } else { 5 }),
        );
    }
}

#[test]
fn gitlab_group_scan_with_subgroups_failures_renames_and_no_leaks() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    std::fs::write(home.join("pack.yml"), PACK).unwrap();
    let served = home.join("served");
    serve_repo(&served, "acme", "api", &[CI]);
    serve_repo(&served, "acme/platform", "svc", &[README]);
    serve_repo(&served, "acme", "old", &[README]);
    serve_repo(&served, "acme", "forked", &[README]);
    serve_repo(&served, "acme", "private", &[README]);
    let git = GitServer::start_as(&served, Some(TOKEN), "oauth2");
    let api = Api::plain();
    let listing = |api_path: &str| {
        vec![
            vec![
                gl_project(
                    201,
                    &format!("acme/{api_path}"),
                    &git.url("acme", api_path),
                    json!({"topics": ["service"], "tag_list": ["service"], "visibility": "internal"}),
                ),
                gl_project(
                    202,
                    "acme/platform/svc",
                    &git.url("acme/platform", "svc"),
                    json!({}),
                ),
                gl_project(
                    203,
                    "acme/old",
                    &git.url("acme", "old"),
                    json!({"archived": true}),
                ),
            ],
            vec![
                gl_project(
                    204,
                    "acme/forked",
                    &git.url("acme", "forked"),
                    json!({"forked_from_project": {"id": 1, "path_with_namespace": "up/forked"}}),
                ),
                // 401 from git: the token has no access to this one.
                gl_project(205, "acme/private", &git.url("acme", "private"), json!({})),
                // 404 from git: listed, but not there.
                gl_project(206, "acme/gone", &git.url("acme", "gone"), json!({})),
            ],
        ]
    };
    gitlab_pages(&api, &listing("api"));
    git.fail_next("acme", "private", &[401]);
    let api_url = format!("{}/api/v4", api.server.uri());
    let args = ["--gitlab", "acme", "--api-url", api_url.as_str()];
    let mut printed = String::new();

    let (r, report) = scan(home, ("GITLAB_TOKEN", TOKEN), &args, &mut printed);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(
        names(&report),
        ["acme/api", "acme/gone", "acme/platform/svc", "acme/private"]
    );
    assert!(
        r.stderr.contains("6 repositories listed, 4 selected"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("HTTP 429); waiting 1s"), "{}", r.stderr);
    for failed in ["acme/private", "acme/gone"] {
        assert!(
            entry(&report, failed)["error"].is_string(),
            "{failed}: {}",
            report
        );
    }
    assert!(
        r.stderr.contains("acme/private: sync failed: HTTP 401"),
        "{}",
        r.stderr
    );
    assert_eq!(
        entry(&report, "acme/api")["meta"],
        json!({"topics": ["service"], "archived": false, "visibility": "internal", "default_branch": "main"})
    );
    assert_eq!(outcome(&report, "acme/api", "service-ci"), "paved");
    assert_eq!(
        outcome(&report, "acme/platform/svc", "service-ci"),
        "not_applicable"
    );
    assert_eq!(outcome(&report, "acme/platform/svc", "readme"), "paved");
    assert_eq!(
        entry(&report, "acme/platform/svc")["commit"],
        head_of(&served.join("acme/platform/svc.git"))
    );
    let mirror = home.join("mirror");
    assert!(mirror.join("platform__svc.git/HEAD").is_file());
    assert!(
        git.requests()
            .iter()
            .filter(|q| q.fetch)
            .all(|q| q.authorized)
    );
    let listed = api.requests();
    assert_eq!(listed.len(), 3, "a 429, then two pages");
    assert!(
        listed
            .iter()
            .all(|q| q.url.query().unwrap_or("").contains("with_shared=false"))
    );

    // Upstream, api is renamed (same id) and svc deleted: the mirror follows, nothing is removed.
    serve_repo(&served, "acme", "api-v2", &[CI]);
    api.reset();
    let mut pages = listing("api-v2");
    pages[0].remove(1);
    gitlab_pages(&api, &pages);
    let (r, report) = scan(home, ("GITLAB_TOKEN", TOKEN), &args, &mut printed);
    assert!(
        r.stderr
            .contains("renamed upstream: acme/api -> acme/api-v2 (mirror moved)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("platform__svc.git is no longer listed"),
        "{}",
        r.stderr
    );
    assert!(mirror.join("api-v2.git/HEAD").is_file() && !mirror.join("api.git").exists());
    assert!(mirror.join("platform__svc.git/HEAD").is_file());
    assert_eq!(outcome(&report, "acme/api-v2", "readme"), "paved");
    assert_no_leak(&printed, home);
}

#[test]
fn gitea_org_scan_follows_link_pages_and_keeps_the_rest_when_one_fails() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    std::fs::write(home.join("pack.yml"), PACK).unwrap();
    let served = home.join("served");
    serve_repo(&served, "acme", "api", &[CI]);
    serve_repo(&served, "acme", "web", &[README]);
    let git = GitServer::start_as(&served, Some(TOKEN), "oauth2");
    let api = Api::plain();
    let base = api.server.uri();
    let p = "/api/v1/orgs/acme/repos";
    let auth = format!("token {TOKEN}");
    let page1 = vec![
        gitea_repo(
            1,
            "acme",
            "api",
            &git.url("acme", "api"),
            json!({"topics": ["service"], "internal": true}),
        ),
        gitea_repo(2, "acme", "web", &git.url("acme", "web"), json!({})),
    ];
    let page2 = vec![
        gitea_repo(3, "acme", "gone", &git.url("acme", "gone"), json!({})),
        gitea_repo(
            4,
            "acme",
            "fork",
            &git.url("acme", "fork"),
            json!({"fork": true}),
        ),
        gitea_repo(
            5,
            "acme",
            "old",
            &git.url("acme", "old"),
            json!({"archived": true}),
        ),
    ];
    let link = format!(
        "<{base}{p}?limit=50&page=2>; rel=\"next\", <{base}{p}?limit=50&page=2>; rel=\"last\""
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path(p))
            .and(header("authorization", auth.as_str()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(Value::Array(page1))
                    .insert_header("link", link.as_str())
                    .insert_header("x-total-count", "5"),
            )
            .with_priority(5),
    );
    api.mount(
        Mock::given(method("GET"))
            .and(path(p))
            .and(query_param("page", "2"))
            .and(header("authorization", auth.as_str()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(Value::Array(page2))
                    .insert_header("x-total-count", "5"),
            )
            .with_priority(1),
    );
    // Without the token, Gitea refuses.
    api.mount(
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(401)
                    .set_body_json(json!({"message": "token is required", "url": base})),
            )
            .with_priority(10),
    );
    let api_url = format!("{base}/api/v1");
    let mut printed = String::new();
    let (r, report) = scan(
        home,
        ("GITEA_TOKEN", TOKEN),
        &["--gitea", "acme", "--api-url", &api_url],
        &mut printed,
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(names(&report), ["acme/api", "acme/gone", "acme/web"]);
    assert!(entry(&report, "acme/gone")["error"].is_string());
    assert_eq!(entry(&report, "acme/api")["meta"]["visibility"], "internal");
    assert_eq!(outcome(&report, "acme/api", "service-ci"), "paved");
    assert_eq!(outcome(&report, "acme/web", "readme"), "paved");
    assert_eq!(api.requests().len(), 2, "two pages");
    assert!(
        api.requests()[1]
            .url
            .query()
            .unwrap_or("")
            .contains("page=2")
    );
    assert!(git.requests().iter().all(|q| q.authorized));

    // Without a token the server's 401 names the variable to set.
    let (r, _) = scan(
        home,
        ("PAVED_UNUSED", "x"),
        &["--gitea", "acme", "--api-url", &api_url],
        &mut printed,
    );
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("no GITEA_TOKEN or FORGEJO_TOKEN set"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("(set GITEA_TOKEN)"), "{}", r.stderr);
    assert_no_leak(&printed, home);
}

#[test]
fn post_status_on_gitlab_and_gitea() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    std::fs::write(home.join("pack.yml"), PACK).unwrap();
    let src = home.join("src/good");
    paved_fixture::write_files(&src, README).unwrap();
    let repo = paved_fixture::build_repo(&src, &home.join("repos")).unwrap();
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let api = Api::plain();
    /// Forge flag, token variable, API path prefix, status path, auth header, body sent.
    type Case<'a> = (&'a str, &'a str, &'a str, String, (&'a str, String), Value);
    let cases: Vec<Case> = vec![
        (
            "gitlab",
            "GITLAB_TOKEN",
            "/api/v4",
            format!("/api/v4/projects/acme%2Fplatform%2Fapi/statuses/{sha}"),
            ("private-token", TOKEN.to_string()),
            json!({"state": "success", "name": "paved",
                   "description": "all 1 required rule on the paved road"}),
        ),
        (
            "gitea",
            "GITEA_TOKEN",
            "/api/v1",
            format!("/api/v1/repos/acme/api/statuses/{sha}"),
            ("authorization", format!("token {TOKEN}")),
            json!({"state": "success", "context": "paved",
                   "description": "all 1 required rule on the paved road"}),
        ),
    ];
    for (forge, var, prefix, status_path, (h, v), body) in cases {
        api.reset();
        api.mount(
            Mock::given(method("POST"))
                .and(path(status_path.as_str()))
                .and(header(h, v.as_str()))
                .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 1}))),
        );
        let slug = if forge == "gitlab" {
            "acme/platform/api"
        } else {
            "acme/api"
        };
        let out = paved(home, None)
            .env(var, TOKEN)
            .arg("check")
            .arg(&repo)
            .args(["--no-builtin", "--rules", "pack.yml", "--format", "json"])
            .args([
                "--post-status",
                "--forge",
                forge,
                "--repo-slug",
                slug,
                "--sha",
                sha,
            ])
            .arg("--api-url")
            .arg(format!("{}{prefix}", api.server.uri()))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{forge}: {stderr}");
        assert!(!stderr.contains(TOKEN));
        let got = api.requests();
        assert_eq!(got.len(), 1, "{forge}: {got:?}");
        let sent: Value = serde_json::from_slice(&got[0].body).unwrap();
        assert_eq!(sent, body, "{forge}");
    }
}
