//! Where teams come from, in the order `owners.sources` sets: config globs, the Backstage
//! catalog file, the forge (GitHub's highest-permission team, GitLab's namespace) and
//! CODEOWNERS; the first source that names a team wins, and the report says which one did.

use std::path::Path;

use crate::common::{self, build_org};
use crate::forge_common::FakeApi;
use crate::github_common::{GitServer, api_repo, paved, serve_repo};
use assert_cmd::Command;
use serde_json::{Value, json};

const CODEOWNERS: (&str, &str) = ("CODEOWNERS", "* @acme/core\n");
const README: (&str, &str) = ("README.md", "# x\n");

fn org(root: &Path) {
    build_org(
        root,
        &[
            (
                "cat-svc",
                &[
                    README,
                    CODEOWNERS,
                    (
                        "catalog-info.yaml",
                        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: cat-svc}\nspec:\n  type: service\n  owner: group:default/payments\n",
                    ),
                ],
            ),
            (
                "cat-yml",
                &[
                    README,
                    (
                        "catalog-info.yml",
                        "kind: Location\nspec: {targets: []}\n---\nkind: Component\nspec: {owner: web}\n",
                    ),
                ],
            ),
            ("co-only", &[README, CODEOWNERS]),
            (
                "glob-api",
                &[
                    README,
                    (
                        "catalog-info.yaml",
                        "kind: Component\nspec: {owner: \"group:data\"}\n",
                    ),
                ],
            ),
            (
                "broken-cat",
                &[
                    README,
                    CODEOWNERS,
                    ("catalog-info.yaml", "spec:\n  owner: [unclosed\n"),
                ],
            ),
            ("nobody", &[README]),
        ],
    );
}

/// Scans the org with `config`; the report's (team, team_source) per repository and its notes.
fn teams(root: &Path, config: &str) -> Vec<(String, Value, Value, Vec<String>)> {
    let cfg = root.join("paved.yml");
    std::fs::write(&cfg, config).unwrap();
    let out = Command::cargo_bin("paved")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .args(["scan", "--format", "json", "--config"])
        .arg(&cfg)
        .arg(root.join("org"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    common::assert_valid_report(&stdout);
    let report = crate::common::report_v1(stdout.as_bytes());
    report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let notes = r["notes"]
                .as_array()
                .map(|n| n.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            (
                r["name"].as_str().unwrap().to_string(),
                r["team"].clone(),
                r.get("team_source").cloned().unwrap_or(Value::Null),
                notes,
            )
        })
        .collect()
}

#[test]
fn the_first_source_that_names_a_team_wins() {
    let t = tempfile::tempdir().unwrap();
    org(t.path());
    let globs = "teams:\n  platform: [\"glob-*\"]\n";
    // (config, then per repository in name order: team and source, `-` for none).
    type Case<'a> = (&'a str, [(&'a str, &'a str); 6]);
    let cases: &[Case] = &[
        // Today's order, and no `team_source` key: reports stay as they were.
        (
            "",
            [
                ("core", "-"),
                ("core", "-"),
                ("-", "-"),
                ("core", "-"),
                ("platform", "-"),
                ("-", "-"),
            ],
        ),
        (
            "owners: {sources: [config, backstage, forge, codeowners]}\n",
            [
                ("core", "codeowners"),
                ("payments", "backstage"),
                ("web", "backstage"),
                ("core", "codeowners"),
                ("platform", "config"),
                ("-", "-"),
            ],
        ),
        (
            "owners: {sources: [backstage, config]}\n",
            [
                ("-", "-"),
                ("payments", "backstage"),
                ("web", "backstage"),
                ("-", "-"),
                ("data", "backstage"),
                ("-", "-"),
            ],
        ),
        (
            "owners: {sources: [codeowners, backstage]}\n",
            [
                ("core", "codeowners"),
                ("core", "codeowners"),
                ("web", "backstage"),
                ("core", "codeowners"),
                ("data", "backstage"),
                ("-", "-"),
            ],
        ),
        // Local repositories have no forge metadata; CODEOWNERS switched off drops that source.
        (
            "owners: {sources: [forge, codeowners]}\nteam_from_codeowners: false\n",
            [
                ("-", "-"),
                ("-", "-"),
                ("-", "-"),
                ("-", "-"),
                ("-", "-"),
                ("-", "-"),
            ],
        ),
    ];
    let names = [
        "broken-cat",
        "cat-svc",
        "cat-yml",
        "co-only",
        "glob-api",
        "nobody",
    ];
    for (extra, want) in cases {
        let got = teams(t.path(), &format!("{globs}{extra}"));
        assert_eq!(got.len(), names.len(), "{extra}");
        for ((name, team, source, _), (repo, (want_team, want_source))) in
            got.iter().zip(names.iter().zip(want))
        {
            assert_eq!(name, repo);
            let team = team.as_str().unwrap_or("-");
            let source = source.as_str().unwrap_or("-");
            assert_eq!(
                (team, source),
                (*want_team, *want_source),
                "{repo} with {extra:?}"
            );
        }
    }
}

#[test]
fn a_malformed_catalog_gives_no_team_and_a_note() {
    let t = tempfile::tempdir().unwrap();
    org(t.path());
    let got = teams(t.path(), "owners: {sources: [backstage]}\n");
    let (_, team, source, notes) = got.iter().find(|r| r.0 == "broken-cat").unwrap();
    assert!(team.is_null() && source.is_null());
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("catalog-info.yaml gives no team: invalid YAML at")),
        "{notes:?}"
    );
    // Without the Backstage source nothing reads the file, so nothing is said about it.
    let got = teams(t.path(), "");
    let (_, _, _, notes) = got.iter().find(|r| r.0 == "broken-cat").unwrap();
    assert!(
        notes.iter().all(|n| !n.contains("catalog-info")),
        "{notes:?}"
    );
}

#[test]
fn unknown_sources_are_config_errors_at_their_position() {
    let t = tempfile::tempdir().unwrap();
    org(t.path());
    let cfg = t.path().join("paved.yml");
    std::fs::write(&cfg, "owners:\n  sources: [config, codeowner]\n").unwrap();
    let out = Command::cargo_bin("paved")
        .unwrap()
        .args(["scan", "--config"])
        .arg(&cfg)
        .arg(t.path().join("org"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("paved.yml:2:21: no team source `codeowner`; did you mean `codeowners`?"),
        "{stderr}"
    );
}

/// A team as `GET /repos/{owner}/{repo}/teams` lists it (GitHub's documented team object).
fn gh_team(slug: &str, permission: &str) -> Value {
    json!({
        "id": slug.len(), "node_id": format!("T_{slug}"), "url": format!("https://api.github.com/teams/{slug}"),
        "html_url": format!("https://github.com/orgs/acme/teams/{slug}"), "name": slug.to_uppercase(),
        "slug": slug, "description": null, "privacy": "closed", "notification_setting": "notifications_enabled",
        "permission": permission,
        "permissions": {"pull": true, "triage": false, "push": permission != "pull", "maintain": false, "admin": permission == "admin"},
        "members_url": "", "repositories_url": "", "parent": null
    })
}

const README_PACK: &str = "pack: t\nrules:\n  - id: readme\n    title: A README\n    severity: required\n    paved: {exists: README.md}\n";

/// `scan FORGE_ARGS… --mirror home/mirror` in JSON with a README rule and `config` as
/// paved.yml; it must succeed. Its stderr and report.
fn forge_scan(home: &Path, forge_args: &[&str], config: &str) -> (String, Value) {
    std::fs::write(home.join("pack.yml"), README_PACK).unwrap();
    std::fs::write(home.join("paved.yml"), config).unwrap();
    let out = paved(home, None)
        .arg("scan")
        .args(forge_args)
        .arg("--mirror")
        .arg(home.join("mirror"))
        .args(["--format", "json", "--no-builtin", "--rules", "pack.yml"])
        .args(["--config", "paved.yml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    common::assert_valid_report(&stdout);
    (stderr, crate::common::report_v1(stdout.as_bytes()))
}

#[test]
fn github_teams_by_highest_permission_asked_once_per_repository() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let served = home.join("served");
    serve_repo(&served, "acme", "api", &[&[README]]);
    serve_repo(&served, "acme", "web", &[&[README, CODEOWNERS]]);
    serve_repo(&served, "acme", "lib", &[&[README, CODEOWNERS]]);
    let git = GitServer::start(&served, None);
    let api = FakeApi::plain();
    let repos: Vec<Value> = ["api", "lib", "web"]
        .iter()
        .enumerate()
        .map(|(i, n)| api_repo(i as u64 + 1, "acme", n, &git.url("acme", n), json!({})))
        .collect();
    api.ok("GET", "/orgs/acme/repos", Value::Array(repos));
    api.ok(
        "GET",
        "/repos/acme/api/teams",
        json!([
            gh_team("readers", "pull"),
            gh_team("core", "push"),
            gh_team("ops", "maintain"),
            gh_team("devs", "triage"),
        ]),
    );
    api.ok("GET", "/repos/acme/web/teams", json!([]));
    api.answer(
        "GET",
        "/repos/acme/lib/teams",
        &[],
        403,
        json!({"message": "Resource not accessible by integration"}),
    );
    let uri = api.uri();
    let scan = |config: &str| {
        let (stderr, report) = forge_scan(home, &["--org", "acme", "--api-url", &uri], config);
        let teams: Vec<(String, String)> = report["repos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["team"].as_str().unwrap_or("-").to_string(),
                    r["team_source"].as_str().unwrap_or("-").to_string(),
                )
            })
            .collect();
        (teams, stderr, report)
    };
    let team_requests = || {
        api.requests()
            .iter()
            .filter(|r| r.url.path().ends_with("/teams"))
            .count()
    };

    // Without `forge` among the sources the API is never asked for teams.
    let (got, _, _) = scan("team_from_codeowners: true\n");
    assert_eq!(team_requests(), 0);
    let codeowners = [("-", "-"), ("core", "-"), ("core", "-")];
    assert_eq!(
        got.iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect::<Vec<_>>(),
        codeowners
    );

    let (got, stderr, report) = scan("owners: {sources: [forge, codeowners]}\n");
    assert_eq!(team_requests(), 3, "one request per repository");
    assert_eq!(
        got.iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect::<Vec<_>>(),
        [
            ("ops", "forge"),
            ("core", "codeowners"),
            ("core", "codeowners")
        ]
    );
    assert_eq!(report["repos"][0]["meta"]["forge_team"], "ops");
    assert!(
        stderr.contains("acme/lib: no team from GitHub") && stderr.contains("HTTP 403"),
        "{stderr}"
    );
}

#[test]
fn gitlab_namespace_is_the_forge_team() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let served = home.join("served");
    serve_repo(&served, "acme/platform", "svc", &[&[README]]);
    serve_repo(&served, "acme", "api", &[&[README]]);
    let git = GitServer::start_as(&served, None, "oauth2");
    let api = FakeApi::plain();
    let projects = json!([
        crate::forges::gl_project(1, "acme/api", &git.url("acme", "api"), json!({})),
        crate::forges::gl_project(
            2,
            "acme/platform/svc",
            &git.url("acme/platform", "svc"),
            json!({})
        ),
    ]);
    api.ok("GET", "/api/v4/groups/acme/projects", projects);
    let api_url = format!("{}/api/v4", api.uri());
    let (_, report) = forge_scan(
        home,
        &["--gitlab", "acme", "--api-url", &api_url],
        "owners: {sources: [forge]}\n",
    );
    let got: Vec<(&str, &str, &str)> = report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap(),
                r["team"].as_str().unwrap_or("-"),
                r["team_source"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("acme/api", "acme", "forge"),
            ("acme/platform/svc", "acme/platform", "forge")
        ]
    );
    // Only the listing was asked: GitLab's namespace needs no request of its own.
    assert!(
        api.requests()
            .iter()
            .all(|r| r.url.path() == "/api/v4/groups/acme/projects")
    );
}

#[test]
fn gitea_team_by_highest_permission() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let served = home.join("served");
    serve_repo(&served, "acme", "api", &[&[README]]);
    let git = GitServer::start_as(&served, None, "oauth2");
    let api = FakeApi::plain();
    let repo = crate::forges::gitea_repo(1, "acme", "api", &git.url("acme", "api"), json!({}));
    api.ok("GET", "/api/v1/orgs/acme/repos", json!([repo]));
    // Gitea's Team objects: `permission` is none, read, write, admin or owner.
    let team = |id: u64, name: &str, permission: &str| {
        json!({"id": id, "name": name, "description": "", "organization": null,
               "includes_all_repositories": false, "permission": permission,
               "units": ["repo.code"], "can_create_org_repo": false})
    };
    api.ok(
        "GET",
        "/api/v1/repos/acme/api/teams",
        json!([
            team(1, "Readers", "read"),
            team(2, "Backend", "write"),
            team(3, "Ops", "admin"),
        ]),
    );
    let api_url = format!("{}/api/v1", api.uri());
    let (_, report) = forge_scan(
        home,
        &["--gitea", "acme", "--api-url", &api_url],
        "owners: {sources: [forge]}\n",
    );
    assert_eq!(report["repos"][0]["team"], "Ops");
    assert_eq!(report["repos"][0]["team_source"], "forge");
}
