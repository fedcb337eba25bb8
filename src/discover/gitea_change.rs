//! Campaign pull requests on Gitea and Forgejo, with no clone and no push: one commit of every
//! file change through `POST /repos/{owner}/{repo}/contents` (ChangeFilesOptions: `files[]`
//! with `operation`, base64 `content` and the blob `sha` an update or delete replaces), then the
//! pull request; and a pull request's state for `campaign status`.
//!
//! The guarantees are GitHub's (`github/change.rs`): a rerun finds its own open pull request
//! (listed, filtered by head branch) and adds a commit to its branch only when the change
//! differs; a branch whose head commit paved did not author is left alone. The API cannot
//! force-move a branch, so a rerun builds on paved's own branch instead of rewriting it.

use serde_json::{Value, json};

use super::forge::{
    AUTHOR_EMAIL, AUTHOR_NAME, ApiEvent, ChangeOutcome, ChangeRequest, ForgeError, PullInfo,
    RequestApi, authored_by_paved, decode_base64, encode_base64, encode_file_path, open_or_update,
};
use super::github::{Client, Method, check_branch, split_slug, text};

/// Pull requests per page: Gitea's default maximum (`MAX_RESPONSE_ITEMS`).
const LIMIT: u32 = 50;

fn number(pr: &Value, what: &str) -> Result<(u64, String), ForgeError> {
    let n =
        pr.get("number")
            .and_then(Value::as_u64)
            .ok_or_else(|| ForgeError::InvalidResponse {
                what: what.into(),
                message: "no numeric `number` in the answer".into(),
            })?;
    let url = pr
        .get("html_url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok((n, url.to_string()))
}

/// The head commit of `branch` and whether paved made it; `None` when there is no branch.
async fn head(
    client: &Client,
    repo: &str,
    branch: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Option<(String, bool)>, ForgeError> {
    let what = format!("reading branch {branch} of {repo}");
    let rest = format!("/repos/{repo}/branches/{}", encode_file_path(branch));
    let Some(b) = client.call(Method::Get, &rest, &what, events).await? else {
        return Ok(None);
    };
    let ours = authored_by_paved(
        b.pointer("/commit/author/name").and_then(Value::as_str),
        b.pointer("/commit/author/email").and_then(Value::as_str),
    );
    Ok(Some((text(&b, "/commit/id", &what)?, ours)))
}

/// The blob id and content of `path` at `at`, `None` when there is no such file.
async fn file_at(
    client: &Client,
    repo: &str,
    path: &str,
    at: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Option<(String, Vec<u8>)>, ForgeError> {
    let what = format!("reading {path} at {at} of {repo}");
    let rest = format!(
        "/repos/{repo}/contents/{}?ref={}",
        encode_file_path(path),
        super::forge::encode_segment(at)
    );
    let Some(f) = client.call(Method::Get, &rest, &what, events).await? else {
        return Ok(None);
    };
    if f.get("type").and_then(Value::as_str) != Some("file") {
        return Err(ForgeError::InvalidResponse {
            what,
            message: "not a file".into(),
        });
    }
    let content = decode_base64(&text(&f, "/content", &what)?).ok_or_else(|| {
        ForgeError::InvalidResponse {
            what: what.clone(),
            message: "`content` is not base64".into(),
        }
    })?;
    Ok(Some((text(&f, "/sha", &what)?, content)))
}

/// The file operations that make `at` hold `req`'s change; empty when it already does.
async fn operations(
    client: &Client,
    req: &ChangeRequest<'_>,
    at: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Vec<Value>, ForgeError> {
    let mut ops = Vec::new();
    for (path, want) in req.files {
        let now = file_at(client, req.slug, path, at, events).await?;
        ops.push(match (want, now) {
            (Some(t), Some((_, c))) if c == t.as_bytes() => continue,
            (Some(t), Some((sha, _))) => json!({
                "operation": "update", "path": path, "content": encode_base64(t), "sha": sha,
            }),
            (Some(t), None) => json!({
                "operation": "create", "path": path, "content": encode_base64(t),
            }),
            (None, Some((sha, _))) => json!({"operation": "delete", "path": path, "sha": sha}),
            (None, None) => continue,
        });
    }
    Ok(ops)
}

/// One commit by paved of `ops` on `branch`, or on a new branch `req.branch` from it.
async fn commit(
    client: &Client,
    req: &ChangeRequest<'_>,
    branch: &str,
    ops: Vec<Value>,
    events: &dyn Fn(ApiEvent),
) -> Result<(), ForgeError> {
    let who = json!({"name": AUTHOR_NAME, "email": AUTHOR_EMAIL});
    let time = req.time.to_string();
    let mut body = json!({
        "branch": branch,
        "message": req.message,
        "author": who,
        "committer": who,
        "dates": {"author": time, "committer": time},
        "files": ops,
    });
    if branch != req.branch {
        body["new_branch"] = Value::String(req.branch.to_string());
    }
    let what = format!("writing the commit of {}", req.slug);
    client
        .must(
            Method::Post(body),
            &format!("/repos/{}/contents", req.slug),
            &what,
            events,
        )
        .await?;
    Ok(())
}

/// Every pull request of `repo` in `state` (`open`, `all`) from its own branch `branch`.
async fn pulls_from(
    client: &Client,
    repo: &str,
    branch: &str,
    state: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Vec<Value>, ForgeError> {
    let what = format!("listing the pull requests of {repo}");
    let first = client.path(&format!(
        "/repos/{repo}/pulls?state={state}&limit={LIMIT}&page=1"
    ));
    let all: Vec<Value> = client.pages(&first, &what, events, Ok).await?;
    Ok(all
        .into_iter()
        .filter(|pr| {
            pr.pointer("/head/ref").and_then(Value::as_str) == Some(branch)
                // A fork's branch of the same name is someone else's.
                && pr
                    .pointer("/head/repo/full_name")
                    .and_then(Value::as_str)
                    .is_none_or(|f| f.eq_ignore_ascii_case(repo))
        })
        .collect())
}

/// Opens (or updates, or leaves as it is) the pull request carrying `req`'s change.
pub(super) fn open_pull_request(
    client: &Client,
    req: &ChangeRequest<'_>,
    events: &dyn Fn(ApiEvent),
) -> Result<ChangeOutcome, ForgeError> {
    split_slug(req.slug)?;
    check_branch(req.branch)?;
    let repo = req.slug;
    client.block_on(async {
        let what = format!("reading {repo}");
        let info = client
            .must(Method::Get, &format!("/repos/{repo}"), &what, events)
            .await?;
        let default = text(&info, "/default_branch", &what)?;
        let existing = pulls_from(client, repo, req.branch, "open", events)
            .await?
            .into_iter()
            .next();
        let what = format!("listing the pull requests of {repo}");
        let mut moved = false;
        match head(client, repo, req.branch, events).await? {
            Some((_, false)) => {
                let request = match &existing {
                    Some(pr) => Some(format!("pull request #{}", number(pr, &what)?.0)),
                    None => None,
                };
                return Ok(ChangeOutcome::not_ours(request, req.branch));
            }
            Some((_, true)) => {
                let ops = operations(client, req, req.branch, events).await?;
                if !ops.is_empty() {
                    commit(client, req, req.branch, ops, events).await?;
                    moved = true;
                }
            }
            None => {
                let ops = operations(client, req, &default, events).await?;
                commit(client, req, &default, ops, events).await?;
            }
        }
        let api = RequestApi {
            label: "pull request #",
            repo,
            path: format!("/repos/{repo}/pulls"),
            body_field: "body",
            edit: Method::Patch,
            branches: json!({"head": req.branch, "base": default}),
            number,
        };
        open_or_update(client, api, req, existing.as_ref(), moved, events).await
    })
}

/// The newest pull request from `branch` in `slug` (any state), `None` when there is none.
pub(super) fn pull_request_state(
    client: &Client,
    slug: &str,
    branch: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Option<PullInfo>, ForgeError> {
    split_slug(slug)?;
    check_branch(branch)?;
    client.block_on(async {
        let what = format!("listing the pull requests of {slug}");
        let all = pulls_from(client, slug, branch, "all", events).await?;
        let Some(pr) = all
            .iter()
            .max_by_key(|pr| pr.get("number").and_then(Value::as_u64))
        else {
            return Ok(None);
        };
        let (number, url) = number(pr, &what)?;
        let merged = pr.get("merged").and_then(Value::as_bool) == Some(true);
        let open = pr.get("state").and_then(Value::as_str) == Some("open");
        // Gitea's own verdict: it found the change conflicting with the base.
        let flagged = pr.get("mergeable").and_then(Value::as_bool) == Some(false);
        let base = if open && !flagged {
            // `merge_base` is the base commit the pull request sits on; `base.sha` is the
            // base branch's head when Gitea last looked.
            let based_on =
                text(pr, "/merge_base", &what).or_else(|_| text(pr, "/base/sha", &what))?;
            let base_ref = text(pr, "/base/ref", &what)?;
            let now = head(client, slug, &base_ref, events).await?;
            Some((based_on, now.map(|(id, _)| id)))
        } else {
            None
        };
        Ok(Some(PullInfo::decided(
            number, url, merged, open, flagged, base,
        )))
    })
}
