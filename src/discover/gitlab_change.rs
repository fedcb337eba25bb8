//! Campaign merge requests on GitLab, with no clone and no push: one commit holding every file
//! action through the Commits API (`POST /projects/:id/repository/commits`), then the merge
//! request; and a merge request's state for `campaign status`.
//!
//! The guarantees are GitHub's (`github/change.rs`): a rerun finds its own open merge request
//! (`source_branch`, `state=opened`), rewrites its branch (`force: true`, on the default
//! branch's head) only when the change or the base differs, and leaves a branch whose head
//! commit paved did not author alone.

use serde_json::{Value, json};

use super::forge::{
    AUTHOR_EMAIL, AUTHOR_NAME, ApiEvent, ChangeOutcome, ChangeRequest, ForgeError, PullInfo,
    RequestApi, authored_by_paved, decode_base64, encode_base64, encode_path, encode_segment,
    open_or_update, valid_group,
};
use super::github::{Client, Method, check_branch, text};

/// A branch's head commit, as `GET /projects/:id/repository/branches/:branch` shows it.
struct Head {
    id: String,
    parents: Vec<String>,
    ours: bool,
}

/// The merge request's number (`iid`) and page.
fn iid(mr: &Value, what: &str) -> Result<(u64, String), ForgeError> {
    let n = mr
        .get("iid")
        .and_then(Value::as_u64)
        .ok_or_else(|| ForgeError::InvalidResponse {
            what: what.into(),
            message: "no numeric `iid` in the answer".into(),
        })?;
    let url = mr
        .get("web_url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok((n, url.to_string()))
}

/// Checks `slug` (a project's full path) and returns it as the API's `:id`.
fn project_id(slug: &str) -> Result<String, ForgeError> {
    if !slug.contains('/') || !valid_group(slug) {
        return Err(ForgeError::BadName {
            what: "project (group/path)",
            name: slug.to_string(),
        });
    }
    Ok(encode_path(slug))
}

async fn head(
    client: &Client,
    id: &str,
    slug: &str,
    branch: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Option<Head>, ForgeError> {
    let what = format!("reading branch {branch} of {slug}");
    let rest = format!(
        "/projects/{id}/repository/branches/{}",
        encode_segment(branch)
    );
    let Some(b) = client.call(Method::Get, &rest, &what, events).await? else {
        return Ok(None);
    };
    let c = b.get("commit").cloned().unwrap_or(Value::Null);
    let parents = c
        .get("parent_ids")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(Head {
        id: text(&c, "/id", &what)?,
        parents,
        ours: authored_by_paved(
            c.get("author_name").and_then(Value::as_str),
            c.get("author_email").and_then(Value::as_str),
        ),
    }))
}

/// The content of `path` at `at`, `None` when there is no such file.
async fn file_at(
    client: &Client,
    id: &str,
    slug: &str,
    path: &str,
    at: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Option<Vec<u8>>, ForgeError> {
    let what = format!("reading {path} at {at} of {slug}");
    let rest = format!(
        "/projects/{id}/repository/files/{}?ref={}",
        encode_segment(path),
        encode_segment(at)
    );
    let Some(f) = client.call(Method::Get, &rest, &what, events).await? else {
        return Ok(None);
    };
    decode_base64(&text(&f, "/content", &what)?)
        .map(Some)
        .ok_or_else(|| ForgeError::InvalidResponse {
            what,
            message: "`content` is not base64".into(),
        })
}

/// Whether every file of the change is at `at` as the change wants it.
async fn carries(
    client: &Client,
    id: &str,
    req: &ChangeRequest<'_>,
    at: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<bool, ForgeError> {
    for (path, want) in req.files {
        let now = file_at(client, id, req.slug, path, at, events).await?;
        if now.as_deref() != want.as_ref().map(String::as_bytes) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The commit of `req`'s files on `base` (the default branch) as `req.branch`: created from
/// it, or (`force`) rewritten onto it.
async fn commit(
    client: &Client,
    id: &str,
    req: &ChangeRequest<'_>,
    base: &str,
    force: bool,
    events: &dyn Fn(ApiEvent),
) -> Result<(), ForgeError> {
    let mut actions = Vec::new();
    for (path, content) in req.files {
        let exists = file_at(client, id, req.slug, path, base, events)
            .await?
            .is_some();
        actions.push(match (content, exists) {
            (Some(t), exists) => json!({
                "action": if exists { "update" } else { "create" },
                "file_path": path,
                "content": encode_base64(t),
                "encoding": "base64",
            }),
            (None, true) => json!({"action": "delete", "file_path": path}),
            (None, false) => continue,
        });
    }
    let mut body = json!({
        "branch": req.branch,
        "start_branch": base,
        "commit_message": req.message,
        "author_name": AUTHOR_NAME,
        "author_email": AUTHOR_EMAIL,
        "actions": actions,
    });
    if force {
        body["force"] = Value::Bool(true);
    }
    let what = format!("writing the commit of {}", req.slug);
    client
        .must(
            Method::Post(body),
            &format!("/projects/{id}/repository/commits"),
            &what,
            events,
        )
        .await?;
    Ok(())
}

/// Opens (or updates, or leaves as it is) the merge request carrying `req`'s change.
pub(super) fn open_merge_request(
    client: &Client,
    req: &ChangeRequest<'_>,
    events: &dyn Fn(ApiEvent),
) -> Result<ChangeOutcome, ForgeError> {
    let id = project_id(req.slug)?;
    check_branch(req.branch)?;
    let slug = req.slug;
    client.block_on(async {
        let what = format!("reading {slug}");
        let project = client
            .must(Method::Get, &format!("/projects/{id}"), &what, events)
            .await?;
        let default = text(&project, "/default_branch", &what)?;
        let base = head(client, &id, slug, &default, events)
            .await?
            .ok_or_else(|| ForgeError::InvalidResponse {
                what: what.clone(),
                message: format!("the default branch `{default}` has no commit"),
            })?;
        let what = format!("listing the merge requests of {slug}");
        let open = client
            .must(
                Method::Get,
                &format!(
                    "/projects/{id}/merge_requests?source_branch={}&state=opened&per_page=10",
                    encode_segment(req.branch)
                ),
                &what,
                events,
            )
            .await?;
        let existing = open.as_array().and_then(|a| a.first()).cloned();
        let mut moved = false;
        match head(client, &id, slug, req.branch, events).await? {
            Some(h) if !h.ours => {
                let request = match &existing {
                    Some(mr) => Some(format!("merge request !{}", iid(mr, &what)?.0)),
                    None => None,
                };
                return Ok(ChangeOutcome::not_ours(request, req.branch));
            }
            Some(h) => {
                let same = h.parents == [base.id.clone()]
                    && carries(client, &id, req, &h.id, events).await?;
                if !same {
                    commit(client, &id, req, &default, true, events).await?;
                    moved = true;
                }
            }
            None => commit(client, &id, req, &default, false, events).await?,
        }
        let api = RequestApi {
            label: "merge request !",
            repo: slug,
            path: format!("/projects/{id}/merge_requests"),
            body_field: "description",
            edit: Method::Put,
            branches: json!({"source_branch": req.branch, "target_branch": default}),
            number: iid,
        };
        open_or_update(client, api, req, existing.as_ref(), moved, events).await
    })
}

/// The newest merge request from `branch` in `slug` (any state), `None` when there is none.
pub(super) fn merge_request_state(
    client: &Client,
    slug: &str,
    branch: &str,
    events: &dyn Fn(ApiEvent),
) -> Result<Option<PullInfo>, ForgeError> {
    let id = project_id(slug)?;
    check_branch(branch)?;
    client.block_on(async {
        let what = format!("listing the merge requests of {slug}");
        let list = client
            .must(
                Method::Get,
                &format!(
                    "/projects/{id}/merge_requests?source_branch={}&state=all&order_by=created_at&sort=desc&per_page=10",
                    encode_segment(branch)
                ),
                &what,
                events,
            )
            .await?;
        let Some(mr) = list.as_array().and_then(|a| a.first()) else {
            return Ok(None);
        };
        let (number, url) = iid(mr, &what)?;
        let state = mr.get("state").and_then(Value::as_str);
        let merged = state == Some("merged");
        // `locked` is a merge under way: still open.
        let open = matches!(state, Some("opened" | "locked"));
        // GitLab's own verdict: conflicts, or a rebase the project's merge method needs.
        let flagged = mr.get("has_conflicts").and_then(Value::as_bool) == Some(true)
            || matches!(
                mr.get("detailed_merge_status").and_then(Value::as_str),
                Some("conflict" | "need_rebase")
            );
        let base = if open && !flagged {
            // The list leaves out `diff_refs`: the merge request itself carries its base.
            let what = format!("reading merge request !{number} of {slug}");
            let one = client
                .must(
                    Method::Get,
                    &format!("/projects/{id}/merge_requests/{number}"),
                    &what,
                    events,
                )
                .await?;
            let target = text(&one, "/target_branch", &what)?;
            let based_on = text(&one, "/diff_refs/base_sha", &what)?;
            let now = head(client, &id, slug, &target, events).await?;
            Some((based_on, now.map(|h| h.id)))
        } else {
            None
        };
        Ok(Some(PullInfo::decided(number, url, merged, open, flagged, base)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_ids() {
        assert_eq!(project_id("acme/sub/api").unwrap(), "acme%2Fsub%2Fapi");
        for bad in ["acme", "acme/../x", "a b/c", "acme//x"] {
            assert!(project_id(bad).is_err(), "{bad}");
        }
    }
}
