//! `campaign apply` and `campaign status` against fake GitLab and Gitea APIs on loopback: the
//! commit (file actions, base64 content, branch names) and the merge/pull request a first run
//! sends, a rerun that changes nothing, a rerun that updates paved's own request (and its
//! title) without opening another, a branch a person committed to left alone, and the states
//! `status` reads.

use base64::Engine as _;
use serde_json::{Value, json};

use crate::campaign_forge::{BRANCH, org};
use crate::forge_common::{FakeApi, StateCase, check_states, email_of, posted, repo_on_disk, with};
use crate::github_common::{TOKEN, paved};

const TITLE: &str = "Add a security policy";
const BODY: &str = "See https://example.invalid/road; due 2027-03-31.";

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn unb64(v: &Value) -> String {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(v.as_str().unwrap())
        .unwrap();
    String::from_utf8(raw).unwrap()
}

/// `paved campaign ARGS… org --forge FORGE` with the forge's token variable set; the token
/// must appear nowhere in the output.
fn run(home: &std::path::Path, api: &FakeApi, forge: &str, args: &[&str]) -> (i32, String) {
    let var = if forge == "gitlab" {
        "GITLAB_TOKEN"
    } else {
        "GITEA_TOKEN"
    };
    let out = paved(home, None)
        .env(var, TOKEN)
        .arg("campaign")
        .args(args)
        .args(["campaign.yml", "org", "--forge", forge, "--api-url"])
        .arg(api.server.uri())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains(TOKEN), "the token leaked:\n{text}");
    (out.status.code().unwrap(), text)
}

// ---------------------------------------------------------------------------------------------
// GitLab

fn gitlab() -> FakeApi {
    FakeApi::start("private-token", TOKEN.to_string())
}

fn project(repo: &str) -> String {
    format!("/projects/{}", repo.replace('/', "%2F"))
}

/// `branch` of `repo` at `id`, committed by `author` on `parents`.
fn gl_branch(api: &FakeApi, repo: &str, branch: &str, id: &str, author: &str, parents: &[&str]) {
    let email = email_of(author);
    api.ok(
        "GET",
        &format!(
            "{}/repository/branches/{}",
            project(repo),
            branch.replace('/', "%2F")
        ),
        json!({"name": branch, "commit": {"id": id, "parent_ids": parents, "author_name": author, "author_email": email}}),
    );
}

/// A project whose default branch `main` is at `base`, with merge requests `open` from the
/// campaign's branch; commits and merge requests are accepted.
fn gl_project(api: &FakeApi, repo: &str, base: &str, open: Value) {
    api.ok("GET", &project(repo), json!({"default_branch": "main"}));
    gl_branch(api, repo, "main", base, "Dev", &[]);
    api.answer(
        "GET",
        &format!("{}/merge_requests", project(repo)),
        &[("source_branch", BRANCH), ("state", "opened")],
        200,
        open,
    );
    api.ok(
        "POST",
        &format!("{}/repository/commits", project(repo)),
        json!({"id": "new-commit"}),
    );
    api.ok(
        "POST",
        &format!("{}/merge_requests", project(repo)),
        json!({"iid": 5, "web_url": format!("https://gitlab.example/{repo}/-/merge_requests/5")}),
    );
    api.ok(
        "PUT",
        &format!("{}/merge_requests/5", project(repo)),
        json!({"iid": 5}),
    );
}

fn mr(repo: &str, iid: u64, extra: Value) -> Value {
    let v = json!({
        "iid": iid,
        "web_url": format!("https://gitlab.example/{repo}/-/merge_requests/{iid}"),
        "title": TITLE,
        "description": BODY,
        "state": "opened",
    });
    with(v, extra)
}

#[test]
fn gitlab_apply_commits_then_opens_merge_requests_once() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    org(home);
    let api = gitlab();

    // First run: one commit creating the file on a new branch from main, then the MR.
    for repo in ["acme/demo", "acme/other"] {
        gl_project(&api, repo, "base1", json!([]));
    }
    let reqs = apply(
        home,
        &api,
        "gitlab",
        &["opened  acme/demo#5 https://gitlab.example/acme/demo/-/merge_requests/5"],
    );
    let commits = posted(&reqs, "POST /projects/acme%2Fdemo/repository/commits");
    assert_eq!(commits.len(), 1, "{reqs:?}");
    let c = commits[0];
    let policy = unb64(&c["actions"][0]["content"]);
    assert!(policy.contains("acme/demo"), "{policy}");
    let other = posted(&reqs, "POST /projects/acme%2Fother/repository/commits");
    let policies = [
        ("acme/demo", policy.clone()),
        ("acme/other", unb64(&other[0]["actions"][0]["content"])),
    ];
    assert_eq!(
        c,
        &json!({
            "branch": "paved/sec", "start_branch": "main",
            "commit_message": format!("{TITLE}\n\n{BODY}"),
            "author_name": "paved", "author_email": "paved@users.noreply.github.com",
            "actions": [{"action": "create", "file_path": "SECURITY.md", "content": b64(&policy), "encoding": "base64"}],
        })
    );
    assert_eq!(
        posted(&reqs, "POST /projects/acme%2Fdemo/merge_requests"),
        [
            &json!({"source_branch": "paved/sec", "target_branch": "main", "title": TITLE, "description": BODY})
        ]
    );

    // A rerun finds its own open MR whose branch carries the change on main: nothing sent.
    for (repo, policy) in &policies {
        gl_project(&api, repo, "base1", json!([mr(repo, 5, json!({}))]));
        gl_branch(&api, repo, BRANCH, "new-commit", "paved", &["base1"]);
        api.answer(
            "GET",
            &format!("{}/repository/files/SECURITY.md", project(repo)),
            &[("ref", "new-commit")],
            200,
            json!({"file_path": "SECURITY.md", "encoding": "base64", "content": b64(policy)}),
        );
    }
    let reqs = apply(home, &api, "gitlab", &["unchanged acme/demo#5"]);
    assert!(reqs.iter().all(|(m, _)| m.starts_with("GET")), "{reqs:?}");

    // main moved and the MR's title was edited: the branch is rewritten onto main (force) and
    // the title put back; a branch a person committed to is left alone.
    gl_project(
        &api,
        "acme/demo",
        "base2",
        json!([mr("acme/demo", 5, json!({"title": "old"}))]),
    );
    gl_branch(&api, "acme/demo", BRANCH, "new-commit", "paved", &["base1"]);
    api.answer(
        "GET",
        "/projects/acme%2Fdemo/repository/files/SECURITY.md",
        &[("ref", "main")],
        200,
        json!({"encoding": "base64", "content": b64("old policy\n")}),
    );
    gl_project(
        &api,
        "acme/other",
        "base1",
        json!([mr("acme/other", 6, json!({}))]),
    );
    gl_branch(
        &api,
        "acme/other",
        BRANCH,
        "their-commit",
        "Dev",
        &["new-commit"],
    );
    let reqs = apply(
        home,
        &api,
        "gitlab",
        &[
            "updated acme/demo#5",
            "skipped acme/other: merge request !6 has a head commit not made by paved",
        ],
    );
    let c = posted(&reqs, "POST /projects/acme%2Fdemo/repository/commits");
    assert_eq!(c.len(), 1, "{reqs:?}");
    assert_eq!(
        (
            &c[0]["force"],
            &c[0]["start_branch"],
            &c[0]["actions"][0]["action"]
        ),
        (&json!(true), &json!("main"), &json!("update"))
    );
    assert_eq!(
        posted(&reqs, "PUT /projects/acme%2Fdemo/merge_requests/5"),
        [&json!({"title": TITLE, "description": BODY})]
    );
    assert!(posted(&reqs, "POST /projects/acme%2Fdemo/merge_requests").is_empty());
    assert!(
        !reqs
            .iter()
            .any(|(m, _)| m.contains("acme%2Fother") && !m.starts_with("GET")),
        "{reqs:?}"
    );
}

#[test]
fn gitlab_status_reads_merge_request_states() {
    // (repository, its newest MR from the branch, main's head now, the state shown)
    let merged = json!({"state": "merged"});
    let cases: &[StateCase] = &[
        ("open", Some(json!({})), "base1", json!("open")),
        ("behind", Some(json!({})), "base2", json!("out_of_date")),
        (
            "conflict",
            Some(json!({"has_conflicts": true})),
            "base1",
            json!("out_of_date"),
        ),
        ("merged", Some(merged), "base2", json!("merged")),
        (
            "closed",
            Some(json!({"state": "closed"})),
            "base1",
            json!("closed"),
        ),
        ("none", None, "base1", Value::Null),
    ];
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let api = gitlab();
    for (name, pull, now, _) in cases {
        repo_on_disk(home, name);
        let repo = format!("acme/{name}");
        let list = pull
            .as_ref()
            .map_or(json!([]), |e| json!([mr(&repo, 2, e.clone())]));
        api.answer(
            "GET",
            &format!("{}/merge_requests", project(&repo)),
            &[("source_branch", BRANCH), ("state", "all")],
            200,
            list,
        );
        api.ok(
            "GET",
            &format!("{}/merge_requests/2", project(&repo)),
            json!({"iid": 2, "target_branch": "main", "diff_refs": {"base_sha": "base1"}}),
        );
        gl_branch(&api, &repo, "main", now, "Dev", &[]);
    }
    let v = status_json(home, &api, "gitlab");
    check_states(&v, cases);
}

/// `campaign apply --yes` succeeds saying each of `says`; the requests it sent.
fn apply(
    home: &std::path::Path,
    api: &FakeApi,
    forge: &str,
    says: &[&str],
) -> Vec<(String, Value)> {
    let (code, out) = run(home, api, forge, &["apply", "--yes"]);
    assert_eq!(code, 0, "{out}");
    for want in says {
        assert!(out.contains(want), "{out}");
    }
    api.take()
}

fn status_json(home: &std::path::Path, api: &FakeApi, forge: &str) -> Value {
    std::fs::write(home.join("campaign.yml"), crate::campaign_forge::CAMPAIGN).unwrap();
    let (code, out) = run(home, api, forge, &["status", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

// ---------------------------------------------------------------------------------------------
// Gitea / Forgejo

fn gitea() -> FakeApi {
    FakeApi::start("authorization", format!("token {TOKEN}"))
}

fn gt_branch(api: &FakeApi, repo: &str, branch: &str, id: &str, author: &str) {
    let email = email_of(author);
    api.ok(
        "GET",
        &format!("/repos/{repo}/branches/{branch}"),
        json!({"name": branch, "commit": {"id": id, "author": {"name": author, "email": email}}}),
    );
}

/// A repository whose default branch is `main`, with pull requests `pulls` in `state`;
/// commits and pull requests are accepted.
fn gt_repo(api: &FakeApi, repo: &str, state: &str, pulls: Value) {
    api.ok(
        "GET",
        &format!("/repos/{repo}"),
        json!({"default_branch": "main"}),
    );
    api.answer(
        "GET",
        &format!("/repos/{repo}/pulls"),
        &[("state", state)],
        200,
        pulls,
    );
    api.ok(
        "POST",
        &format!("/repos/{repo}/contents"),
        json!({"commit": {"sha": "new-commit"}}),
    );
    api.ok(
        "POST",
        &format!("/repos/{repo}/pulls"),
        json!({"number": 3, "html_url": format!("https://gitea.example/{repo}/pulls/3")}),
    );
    api.ok(
        "PATCH",
        &format!("/repos/{repo}/pulls/3"),
        json!({"number": 3}),
    );
}

fn gt_pr(repo: &str, number: u64, extra: Value) -> Value {
    let v = json!({
        "number": number,
        "html_url": format!("https://gitea.example/{repo}/pulls/{number}"),
        "title": TITLE,
        "body": BODY,
        "state": "open",
        "merged": false,
        "mergeable": true,
        "merge_base": "base1",
        "head": {"ref": BRANCH, "repo": {"full_name": repo}},
        "base": {"ref": "main", "sha": "base1"},
    });
    with(v, extra)
}

fn gt_file(api: &FakeApi, repo: &str, at: &str, content: &str) {
    api.answer(
        "GET",
        &format!("/repos/{repo}/contents/SECURITY.md"),
        &[("ref", at)],
        200,
        json!({"type": "file", "sha": "blob-old", "encoding": "base64", "content": b64(content)}),
    );
}

#[test]
fn gitea_apply_commits_then_opens_pull_requests_once() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    org(home);
    let api = gitea();

    // First run: one commit creating the file on a new branch from main, then the PR.
    for repo in ["acme/demo", "acme/other"] {
        gt_repo(&api, repo, "open", json!([]));
    }
    let reqs = apply(
        home,
        &api,
        "gitea",
        &["opened  acme/demo#3 https://gitea.example/acme/demo/pulls/3"],
    );
    let c = posted(&reqs, "POST /repos/acme/demo/contents");
    assert_eq!(c.len(), 1, "{reqs:?}");
    let policy = unb64(&c[0]["files"][0]["content"]);
    assert!(policy.contains("acme/demo"), "{policy}");
    let other = posted(&reqs, "POST /repos/acme/other/contents");
    let policies = [
        ("acme/demo", policy.clone()),
        ("acme/other", unb64(&other[0]["files"][0]["content"])),
    ];
    let who = json!({"name": "paved", "email": "paved@users.noreply.github.com"});
    assert_eq!(
        (
            &c[0]["branch"],
            &c[0]["new_branch"],
            &c[0]["author"],
            &c[0]["committer"]
        ),
        (&json!("main"), &json!("paved/sec"), &who, &who)
    );
    assert_eq!(c[0]["message"], format!("{TITLE}\n\n{BODY}"));
    assert_eq!(
        c[0]["files"],
        json!([{"operation": "create", "path": "SECURITY.md", "content": b64(&policy)}])
    );
    assert_eq!(
        posted(&reqs, "POST /repos/acme/demo/pulls"),
        [&json!({"head": "paved/sec", "base": "main", "title": TITLE, "body": BODY})]
    );

    // A rerun finds its own open PR whose branch carries the change: nothing sent.
    for (repo, policy) in &policies {
        gt_repo(&api, repo, "open", json!([gt_pr(repo, 3, json!({}))]));
        gt_branch(&api, repo, BRANCH, "new-commit", "paved");
        gt_file(&api, repo, BRANCH, policy);
    }
    let reqs = apply(home, &api, "gitea", &["unchanged acme/demo#3"]);
    assert!(reqs.iter().all(|(m, _)| m.starts_with("GET")), "{reqs:?}");

    // The branch's file differs and the PR's title was edited: a new commit on paved's own
    // branch updates the file by its blob id, the title is put back; a branch a person
    // committed to is left alone; a fork's PR of the same branch name is not paved's.
    let fork = gt_pr(
        "acme/demo",
        9,
        json!({"head": {"ref": BRANCH, "repo": {"full_name": "eve/demo"}}}),
    );
    gt_repo(
        &api,
        "acme/demo",
        "open",
        json!([fork, gt_pr("acme/demo", 3, json!({"title": "old"}))]),
    );
    gt_branch(&api, "acme/demo", BRANCH, "new-commit", "paved");
    gt_file(&api, "acme/demo", BRANCH, "old policy\n");
    gt_repo(
        &api,
        "acme/other",
        "open",
        json!([gt_pr("acme/other", 4, json!({}))]),
    );
    gt_branch(&api, "acme/other", BRANCH, "their-commit", "Dev");
    let reqs = apply(
        home,
        &api,
        "gitea",
        &[
            "updated acme/demo#3",
            "skipped acme/other: pull request #4 has a head commit not made by paved",
        ],
    );
    let c = posted(&reqs, "POST /repos/acme/demo/contents");
    assert_eq!(c.len(), 1, "{reqs:?}");
    assert_eq!(
        (&c[0]["branch"], c[0].get("new_branch")),
        (&json!("paved/sec"), None)
    );
    assert_eq!(
        c[0]["files"],
        json!([{"operation": "update", "path": "SECURITY.md", "content": b64(&policy), "sha": "blob-old"}])
    );
    assert_eq!(
        posted(&reqs, "PATCH /repos/acme/demo/pulls/3"),
        [&json!({"title": TITLE, "body": BODY})]
    );
    assert!(posted(&reqs, "POST /repos/acme/demo/pulls").is_empty());
    assert!(
        !reqs
            .iter()
            .any(|(m, _)| m.contains("acme/other") && !m.starts_with("GET")),
        "{reqs:?}"
    );

    // A rejected token stops the run at the first repository.
    api.answer(
        "GET",
        "/repos/acme/demo",
        &[],
        401,
        json!({"message": "token is required"}),
    );
    let (code, out) = run(home, &api, "gitea", &["apply", "--yes"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("stopped at the first authentication error"),
        "{out}"
    );
    assert_eq!(api.take().len(), 1);
}

#[test]
fn gitea_status_reads_pull_request_states() {
    let cases: &[StateCase] = &[
        ("open", Some(json!({})), "base1", json!("open")),
        ("behind", Some(json!({})), "base2", json!("out_of_date")),
        (
            "conflict",
            Some(json!({"mergeable": false})),
            "base1",
            json!("out_of_date"),
        ),
        (
            "merged",
            Some(json!({"state": "closed", "merged": true})),
            "base2",
            json!("merged"),
        ),
        (
            "closed",
            Some(json!({"state": "closed"})),
            "base1",
            json!("closed"),
        ),
        ("none", None, "base1", Value::Null),
    ];
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let api = gitea();
    for (name, pull, now, _) in cases {
        repo_on_disk(home, name);
        let repo = format!("acme/{name}");
        // An older, closed PR from the same branch: the newest one decides.
        let list = pull.as_ref().map_or(json!([]), |e| {
            json!([
                gt_pr(&repo, 1, json!({"state": "closed"})),
                gt_pr(&repo, 2, e.clone())
            ])
        });
        api.answer(
            "GET",
            &format!("/repos/{repo}/pulls"),
            &[("state", "all")],
            200,
            list,
        );
        gt_branch(&api, &repo, "main", now, "Dev");
    }
    let v = status_json(home, &api, "gitea");
    check_states(&v, cases);
}
