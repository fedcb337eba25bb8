//! `campaign apply` and `campaign status` against a fake GitHub API on loopback: the blobs,
//! tree, commit, ref and pull request a first run sends (bodies checked), a rerun that changes
//! nothing, a moved base that updates paved's own branch, a person's commit left alone, a 401
//! that stops the run, the status of one merged and one open pull request, and every pull
//! request state in one table.

use std::path::Path;

use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use crate::forge_common::{FakeApi, StateCase, check_states, email_of, posted, repo_on_disk, with};
use crate::github_common::{TOKEN, paved};

pub const CAMPAIGN: &str = "name: sec\nrules: [security-policy]\nbranch: paved/sec\ntitle: Add a security policy\nbody: \"See {docs}; due {deadline}.\"\ndocs: https://example.invalid/road\ndeadline: 2027-03-31\n";
pub const BRANCH: &str = "paved/sec";

/// The fake GitHub API: [`FakeApi`] with the GitHub shapes campaigns meet.
struct Api(FakeApi);

impl std::ops::Deref for Api {
    type Target = FakeApi;
    fn deref(&self) -> &FakeApi {
        &self.0
    }
}

impl Api {
    fn start() -> Api {
        Api(FakeApi::start("authorization", format!("Bearer {TOKEN}")))
    }
    fn pulls(&self, repo: &str, state: &str, answer: Value) {
        let head = format!("acme:{BRANCH}");
        self.answer(
            "GET",
            &format!("/repos/{repo}/pulls"),
            &[("head", &head), ("state", state)],
            200,
            answer,
        );
    }
    /// A repository whose default branch `main` is at `base`, with tree `base_tree`; its blobs
    /// get `blob-<repo>`, its new tree `tree`, its new commit `commit`.
    fn repo(&self, repo: &str, base: &str, tree: &str) {
        self.ok(
            "GET",
            &format!("/repos/{repo}"),
            json!({"default_branch": "main"}),
        );
        self.ok(
            "GET",
            &format!("/repos/{repo}/git/ref/heads/main"),
            json!({"object": {"sha": base}}),
        );
        self.commit(repo, base, "Dev", "base-tree", &[]);
        self.ok(
            "POST",
            &format!("/repos/{repo}/git/blobs"),
            json!({"sha": "blob1"}),
        );
        self.ok(
            "POST",
            &format!("/repos/{repo}/git/trees"),
            json!({"sha": tree}),
        );
        self.ok(
            "POST",
            &format!("/repos/{repo}/git/commits"),
            json!({"sha": "new-commit"}),
        );
        self.ok(
            "POST",
            &format!("/repos/{repo}/git/refs"),
            json!({"ref": "x"}),
        );
        self.ok(
            "PATCH",
            &format!("/repos/{repo}/git/refs/heads/{BRANCH}"),
            json!({"ref": "x"}),
        );
        self.ok(
            "POST",
            &format!("/repos/{repo}/pulls"),
            json!({"number": 7, "html_url": format!("https://github.example/{repo}/pull/7")}),
        );
    }
    fn commit(&self, repo: &str, sha: &str, author: &str, tree: &str, parents: &[&str]) {
        let email = email_of(author);
        let parents: Vec<Value> = parents.iter().map(|p| json!({"sha": p})).collect();
        self.ok(
            "GET",
            &format!("/repos/{repo}/git/commits/{sha}"),
            json!({"sha": sha, "author": {"name": author, "email": email}, "tree": {"sha": tree}, "parents": parents}),
        );
    }
}

fn pr(repo: &str, number: u64, head: &str, extra: Value) -> Value {
    let v = json!({
        "number": number,
        "html_url": format!("https://github.example/{repo}/pull/{number}"),
        "state": "open",
        "merged_at": null,
        "head": {"sha": head},
        "base": {"ref": "main", "sha": "base1"},
    });
    with(v, extra)
}

/// Two local repositories `acme/demo` and `acme/other`, neither with a security policy.
pub fn org(home: &Path) -> std::path::PathBuf {
    let org = home.join("org");
    for name in ["demo", "other"] {
        let dir = org.join("acme").join(name);
        paved_fixture::committed_repo(&dir, &[("README.md", "# x\n"), ("LICENSE", "MIT\n")])
            .unwrap();
    }
    std::fs::write(home.join("campaign.yml"), CAMPAIGN).unwrap();
    org
}

fn run(home: &Path, api: &Api, extra: &[&str]) -> (i32, String, String) {
    let org = home.join("org");
    let out = paved(home, Some(TOKEN))
        .env("GITHUB_API_URL", api.server.uri())
        .args(["campaign", "apply", "campaign.yml"])
        .arg(&org)
        .args(extra)
        .output()
        .unwrap();
    let (o, e) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(
        !o.contains(TOKEN) && !e.contains(TOKEN),
        "the token leaked:\n{o}{e}"
    );
    (out.status.code().unwrap(), o, e)
}

#[test]
fn apply_opens_pull_requests_once_and_stops_at_a_401() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    org(home);
    let api = Api::start();

    // A dry run sends nothing.
    let (code, out, err) = run(home, &api, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("would open a pull request from paved/sec on acme/demo: 1 file(s)"),
        "{out}"
    );
    assert!(err.contains("dry run"), "{err}");
    assert!(api.take().is_empty());

    // First run: blobs, tree on the default branch's tree, commit on its head, ref, pull request.
    for repo in ["acme/demo", "acme/other"] {
        api.repo(repo, "base1", "tree1");
        api.pulls(repo, "open", json!([]));
    }
    let (code, out, err) = run(home, &api, &["--confirm", "sec"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("opened  acme/demo#7 https://github.example/acme/demo/pull/7"),
        "{out}"
    );
    assert!(out.contains("opened  acme/other#7"), "{out}");
    let reqs = api.take();
    let blobs = posted(&reqs, "POST /repos/acme/demo/git/blobs");
    assert_eq!(blobs.len(), 1, "{reqs:?}");
    assert_eq!(blobs[0]["encoding"], "utf-8");
    assert!(
        blobs[0]["content"].as_str().unwrap().contains("ecurity"),
        "{:?}",
        blobs[0]
    );
    assert_eq!(
        posted(&reqs, "POST /repos/acme/demo/git/trees"),
        [
            &json!({"base_tree": "base-tree", "tree": [{"path": "SECURITY.md", "mode": "100644", "type": "blob", "sha": "blob1"}]})
        ]
    );
    let commit = posted(&reqs, "POST /repos/acme/demo/git/commits");
    assert_eq!(commit.len(), 1);
    assert_eq!(commit[0]["tree"], "tree1");
    assert_eq!(commit[0]["parents"], json!(["base1"]));
    assert_eq!(commit[0]["author"]["name"], "paved");
    assert_eq!(
        commit[0]["message"],
        "Add a security policy\n\nSee https://example.invalid/road; due 2027-03-31."
    );
    assert_eq!(
        posted(&reqs, "POST /repos/acme/demo/git/refs"),
        [&json!({"ref": "refs/heads/paved/sec", "sha": "new-commit"})]
    );
    assert_eq!(
        posted(&reqs, "POST /repos/acme/demo/pulls"),
        [
            &json!({"title": "Add a security policy", "body": "See https://example.invalid/road; due 2027-03-31.", "head": "paved/sec", "base": "main"})
        ]
    );
    assert!(!reqs.iter().any(|(_, b)| b.to_string().contains(TOKEN)));

    // A rerun finds its own open pull request carrying the same change: no commit, no PR.
    for repo in ["acme/demo", "acme/other"] {
        api.repo(repo, "base1", "tree1");
        api.pulls(repo, "open", json!([pr(repo, 7, "new-commit", json!({}))]));
        api.commit(repo, "new-commit", "paved", "tree1", &["base1"]);
    }
    let (code, out, err) = run(home, &api, &["--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("unchanged acme/demo#7"), "{out}");
    let reqs = api.take();
    for w in ["git/commits", "git/refs", "pulls"] {
        assert!(
            !reqs
                .iter()
                .any(|(m, _)| m.starts_with("POST") && m.ends_with(w) || m.starts_with("PATCH")),
            "{w}: {reqs:?}"
        );
    }

    // The base moved: paved's own branch gets a new commit on the new head, force-moved; a
    // pull request whose head commit a person made is left alone.
    api.repo("acme/demo", "base2", "tree2");
    api.pulls(
        "acme/demo",
        "open",
        json!([pr("acme/demo", 7, "new-commit", json!({}))]),
    );
    api.commit("acme/demo", "new-commit", "paved", "tree1", &["base1"]);
    api.repo("acme/other", "base1", "tree1");
    api.pulls(
        "acme/other",
        "open",
        json!([pr("acme/other", 8, "their-commit", json!({}))]),
    );
    api.commit(
        "acme/other",
        "their-commit",
        "Dev",
        "tree1",
        &["new-commit"],
    );
    let (code, out, err) = run(home, &api, &["--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("updated acme/demo#7"), "{out}");
    assert!(
        out.contains("skipped acme/other: pull request #8 has a head commit not made by paved"),
        "{out}"
    );
    let reqs = api.take();
    assert_eq!(
        posted(&reqs, "POST /repos/acme/demo/git/commits")[0]["parents"],
        json!(["base2"])
    );
    assert_eq!(
        posted(&reqs, "PATCH /repos/acme/demo/git/refs/heads/paved/sec"),
        [&json!({"sha": "new-commit", "force": true})]
    );
    assert!(posted(&reqs, "POST /repos/acme/other/git/commits").is_empty());
    assert!(posted(&reqs, "POST /repos/acme/demo/pulls").is_empty());

    // A rejected token stops the run at the first repository.
    let m = Mock::given(method("GET")).respond_with(
        ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials"})),
    );
    api.mount(m);
    let (code, out, err) = run(home, &api, &["--yes"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("stopped at the first authentication error"),
        "{err}"
    );
    assert!(err.contains("HTTP 401: Bad credentials"), "{err}");
    let reqs = api.take();
    assert_eq!(reqs.len(), 1, "{reqs:?}");
}

#[test]
fn status_shows_merged_and_open_pull_requests_and_adoption() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let org = org(home);
    // acme/demo's change was merged and pulled: it has its policy now.
    let demo = org.join("acme/demo");
    std::fs::write(
        demo.join("SECURITY.md"),
        "# Security\n\nReport to security@example.com.\n",
    )
    .unwrap();
    paved_fixture::git(&demo, &["add", "-A"]).unwrap();
    paved_fixture::git(&demo, &["commit", "-q", "-m", "merge"]).unwrap();
    let api = Api::start();
    api.pulls(
        "acme/demo",
        "all",
        json!([pr(
            "acme/demo",
            7,
            "c1",
            json!({"state": "closed", "merged_at": "2026-11-01T00:00:00Z"})
        )]),
    );
    api.pulls(
        "acme/other",
        "all",
        json!([pr("acme/other", 8, "c2", json!({}))]),
    );
    api.ok(
        "GET",
        "/repos/acme/other/git/ref/heads/main",
        json!({"object": {"sha": "base1"}}),
    );
    for format in ["table", "json", "markdown"] {
        let out = paved(home, Some(TOKEN))
            .env("GITHUB_API_URL", api.server.uri())
            .args(["campaign", "status", "campaign.yml"])
            .arg(&org)
            .args(["--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        insta::assert_snapshot!(format!("status_{format}"), text);
    }
}

#[test]
fn status_reads_each_pull_request_state() {
    // (repository, its newest pull request from the branch, the default branch's head now,
    // the state `status` shows)
    let merged = json!({"state": "closed", "merged_at": "2026-11-01T00:00:00Z"});
    let cases: &[StateCase] = &[
        ("open", Some(json!({})), "base1", json!("open")),
        ("behind", Some(json!({})), "base2", json!("out_of_date")),
        (
            "dirty",
            Some(json!({"mergeable_state": "dirty"})),
            "base1",
            json!("out_of_date"),
        ),
        ("merged", Some(merged), "base2", json!("merged")),
        (
            "closed",
            Some(json!({"state": "closed"})),
            "base2",
            json!("closed"),
        ),
        ("none", None, "base1", Value::Null),
    ];
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let api = Api::start();
    for (name, pull, head, _) in cases {
        repo_on_disk(home, name);
        let repo = format!("acme/{name}");
        let list = match pull {
            Some(extra) => json!([pr(&repo, 3, "c1", extra.clone())]),
            None => json!([]),
        };
        api.pulls(&repo, "all", list);
        api.ok(
            "GET",
            &format!("/repos/{repo}/git/ref/heads/main"),
            json!({"object": {"sha": head}}),
        );
    }
    std::fs::write(home.join("campaign.yml"), CAMPAIGN).unwrap();
    let out = paved(home, Some(TOKEN))
        .env("GITHUB_API_URL", api.server.uri())
        .args([
            "campaign",
            "status",
            "campaign.yml",
            "org",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    check_states(&v, cases);
}
