//! Campaign pull requests through the Git Data and Pulls APIs, with no clone and no push:
//! blobs, a tree on the default branch's tree, a commit by paved, the branch ref, then the
//! pull request; and the state of a campaign's pull request for `campaign status`.
//!
//! A rerun finds its own open pull request (head `owner:branch`) and moves its branch only when
//! the change differs; a branch or pull request whose head commit paved did not author is left
//! alone.

use serde_json::{Value, json};

use super::client::{Client, Method};
use super::{ApiEvent, GithubError, check_repo_name};

/// The author and committer of every commit paved makes: how a rerun knows its own branch.
pub const AUTHOR_NAME: &str = "paved";
pub const AUTHOR_EMAIL: &str = "paved@users.noreply.github.com";

/// One repository's change, as a pull request.
#[derive(Clone, Debug)]
pub struct ChangeRequest<'a> {
    /// `owner/name` on the forge.
    pub slug: &'a str,
    pub branch: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// The commit message.
    pub message: &'a str,
    /// Each changed file: its new text, or `None` to remove it.
    pub files: &'a [(String, Option<String>)],
    /// The commit's author and committer date.
    pub time: jiff::Timestamp,
}

/// What happened to one repository's pull request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeOutcome {
    Opened {
        number: u64,
        url: String,
    },
    /// paved's own open pull request, its branch moved to the new change.
    Updated {
        number: u64,
        url: String,
    },
    /// paved's own open pull request already carries exactly this change.
    Unchanged {
        number: u64,
        url: String,
    },
    /// Left alone, with the reason (someone else's commit on the branch).
    Skipped {
        reason: String,
    },
}

impl ChangeOutcome {
    /// The branch, or the open request named `request` ("pull request #3", "merge request
    /// !3"), carries a commit paved did not make: every forge leaves it alone in these words.
    pub fn not_ours(request: Option<String>, branch: &str) -> ChangeOutcome {
        let reason = match request {
            Some(r) => format!("{r} has a head commit not made by paved; left alone"),
            None => {
                format!("branch `{branch}` exists and its commit was not made by paved; left alone")
            }
        };
        ChangeOutcome::Skipped { reason }
    }
}

/// A campaign pull request's state, as `campaign status` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PullState {
    Open,
    /// Open, but its base branch has moved since the pull request's base commit (or GitHub
    /// says it is `behind` or `dirty`: its change no longer applies cleanly).
    OutOfDate,
    Merged,
    Closed,
}

impl PullState {
    /// The one rule every forge's `campaign status` follows: merged, else closed, else out of
    /// date when the forge flags the request (behind or conflicting) or when its base branch's
    /// head now (`base_now`) is not the commit it was `based_on`, else open.
    pub fn decide(
        merged: bool,
        open: bool,
        flagged: bool,
        based_on: Option<&str>,
        base_now: Option<&str>,
    ) -> PullState {
        let moved = matches!((based_on, base_now), (Some(b), Some(n)) if b != n);
        match (merged, open) {
            (true, _) => PullState::Merged,
            (false, false) => PullState::Closed,
            (false, true) if flagged || moved => PullState::OutOfDate,
            (false, true) => PullState::Open,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PullState::Open => "open",
            PullState::OutOfDate => "out of date",
            PullState::Merged => "merged",
            PullState::Closed => "closed",
        }
    }
}

/// The newest pull request from a campaign's branch.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PullInfo {
    /// `None` for a local branch (`campaign status --local`), which has no number or page.
    pub number: Option<u64>,
    pub url: String,
    pub state: PullState,
}

impl PullInfo {
    /// A forge's pull request `number` at `url`, in the state [`PullState::decide`] gives it;
    /// `base` is the commit it was based on and its base branch's head now, when looked up.
    pub(crate) fn decided(
        number: u64,
        url: String,
        merged: bool,
        open: bool,
        flagged: bool,
        base: Option<(String, Option<String>)>,
    ) -> PullInfo {
        let (based_on, now) = base.map_or((None, None), |(b, n)| (Some(b), n));
        PullInfo {
            number: Some(number),
            url,
            state: PullState::decide(merged, open, flagged, based_on.as_deref(), now.as_deref()),
        }
    }
}

/// `owner/name` split in two, each a safe name (see [`check_repo_name`]).
pub(crate) fn split_slug(slug: &str) -> Result<(&str, &str), GithubError> {
    let (o, n) = slug.split_once('/').ok_or_else(|| GithubError::BadName {
        what: "repository (owner/name)",
        name: slug.to_string(),
    })?;
    check_repo_name(o, n)?;
    Ok((o, n))
}

/// A branch name paved sends: letters, digits, `/-_.`, no `..`.
pub(crate) fn check_branch(branch: &str) -> Result<(), GithubError> {
    let ok = !branch.is_empty()
        && branch
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
        && !branch.contains("..");
    if ok {
        Ok(())
    } else {
        Err(GithubError::BadName {
            what: "branch",
            name: branch.to_string(),
        })
    }
}

pub(crate) fn field<'v>(v: &'v Value, pointer: &str, what: &str) -> Result<&'v Value, GithubError> {
    v.pointer(pointer)
        .filter(|x| !x.is_null())
        .ok_or_else(|| GithubError::InvalidResponse {
            what: what.into(),
            message: format!("no `{}` in the answer", pointer.trim_start_matches('/')),
        })
}

pub(crate) fn text(v: &Value, pointer: &str, what: &str) -> Result<String, GithubError> {
    field(v, pointer, what)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| GithubError::InvalidResponse {
            what: what.into(),
            message: format!("`{}` is not text", pointer.trim_start_matches('/')),
        })
}

fn number(v: &Value, what: &str) -> Result<(u64, String), GithubError> {
    let n = field(v, "/number", what)?
        .as_u64()
        .ok_or_else(|| GithubError::InvalidResponse {
            what: what.into(),
            message: "`number` is not a number".into(),
        })?;
    let url = v
        .get("html_url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok((n, url.to_string()))
}

/// A commit as the Git Data API shows it: author, tree and parents.
struct CommitInfo {
    ours: bool,
    tree: String,
    parents: Vec<String>,
}

impl Client {
    /// One request; `None` for a 404, an error for any other answer but a success.
    pub(crate) async fn call(
        &self,
        method: Method,
        rest: &str,
        what: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<Value>, GithubError> {
        let r = self.send(method, &self.path(rest), what, events).await?;
        if r.status.as_u16() == 404 {
            return Ok(None);
        }
        if !r.status.is_success() {
            return Err(self.http_error(what, &r));
        }
        serde_json::from_str(&r.body)
            .map(Some)
            .map_err(|e| GithubError::InvalidResponse {
                what: what.into(),
                message: format!("not JSON: {e}"),
            })
    }

    /// [`Client::call`] where a 404 is an error too.
    pub(crate) async fn must(
        &self,
        method: Method,
        rest: &str,
        what: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Value, GithubError> {
        self.call(method, rest, what, events)
            .await?
            .ok_or_else(|| GithubError::Http {
                what: what.into(),
                status: 404,
                message: "Not Found".into(),
            })
    }

    async fn commit_info(
        &self,
        repo: &str,
        sha: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<CommitInfo, GithubError> {
        let what = format!("reading commit {sha} of {repo}");
        let c = self
            .must(
                Method::Get,
                &format!("/repos/{repo}/git/commits/{sha}"),
                &what,
                events,
            )
            .await?;
        let ours = c.pointer("/author/name").and_then(Value::as_str) == Some(AUTHOR_NAME)
            && c.pointer("/author/email").and_then(Value::as_str) == Some(AUTHOR_EMAIL);
        let parents = c
            .get("parents")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter()
                    .filter_map(|p| p.get("sha").and_then(Value::as_str).map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Ok(CommitInfo {
            ours,
            tree: text(&c, "/tree/sha", &what)?,
            parents,
        })
    }

    /// The head commit of `branch` in `repo`, `None` when there is no such branch.
    async fn branch_head(
        &self,
        repo: &str,
        branch: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<String>, GithubError> {
        let what = format!("reading branch {branch} of {repo}");
        match self
            .call(
                Method::Get,
                &format!("/repos/{repo}/git/ref/heads/{branch}"),
                &what,
                events,
            )
            .await?
        {
            None => Ok(None),
            Some(r) => text(&r, "/object/sha", &what).map(Some),
        }
    }

    /// Opens (or updates, or leaves as it is) the pull request carrying `req`'s change.
    pub fn open_change_request(
        &self,
        req: &ChangeRequest<'_>,
        events: &dyn Fn(ApiEvent),
    ) -> Result<ChangeOutcome, GithubError> {
        let (owner, _) = split_slug(req.slug)?;
        check_branch(req.branch)?;
        let repo = req.slug;
        self.rt.block_on(async {
            let what = format!("reading {repo}");
            let info = self
                .must(Method::Get, &format!("/repos/{repo}"), &what, events)
                .await?;
            let default = text(&info, "/default_branch", &what)?;
            let base = self
                .branch_head(repo, &default, events)
                .await?
                .ok_or_else(|| GithubError::InvalidResponse {
                    what: what.clone(),
                    message: format!("the default branch `{default}` has no commit"),
                })?;
            let base_tree = self.commit_info(repo, &base, events).await?.tree;
            let tree = self.write_tree(req, &base_tree, events).await?;

            let what = format!("listing the pull requests of {repo}");
            let open = self
                .must(
                    Method::Get,
                    &format!(
                        "/repos/{repo}/pulls?head={owner}:{}&state=open&per_page=10",
                        req.branch
                    ),
                    &what,
                    events,
                )
                .await?;
            let existing = open.as_array().and_then(|a| a.first()).cloned();
            let current = match &existing {
                Some(pr) => Some(text(pr, "/head/sha", &what)?),
                None => self.branch_head(repo, req.branch, events).await?,
            };
            if let Some(sha) = &current {
                let c = self.commit_info(repo, sha, events).await?;
                if !c.ours {
                    let request = match &existing {
                        Some(pr) => Some(format!("pull request #{}", number(pr, &what)?.0)),
                        None => None,
                    };
                    return Ok(ChangeOutcome::not_ours(request, req.branch));
                }
                let same = c.tree == tree && c.parents == [base.clone()];
                if let (true, Some(pr)) = (same, &existing) {
                    let (number, url) = number(pr, &what)?;
                    return Ok(ChangeOutcome::Unchanged { number, url });
                }
                if !same {
                    let commit = self.write_commit(req, &tree, &base, events).await?;
                    let what = format!("moving branch {} of {repo}", req.branch);
                    self.must(
                        Method::Patch(json!({"sha": commit, "force": true})),
                        &format!("/repos/{repo}/git/refs/heads/{}", req.branch),
                        &what,
                        events,
                    )
                    .await?;
                }
                if let Some(pr) = &existing {
                    let (number, url) = number(pr, &what)?;
                    return Ok(ChangeOutcome::Updated { number, url });
                }
            } else {
                let commit = self.write_commit(req, &tree, &base, events).await?;
                let what = format!("creating branch {} of {repo}", req.branch);
                self.must(
                    Method::Post(
                        json!({"ref": format!("refs/heads/{}", req.branch), "sha": commit}),
                    ),
                    &format!("/repos/{repo}/git/refs"),
                    &what,
                    events,
                )
                .await?;
            }
            let what = format!("opening a pull request on {repo}");
            let pr = self
                .must(
                    Method::Post(json!({
                        "title": req.title,
                        "body": req.body,
                        "head": req.branch,
                        "base": default,
                    })),
                    &format!("/repos/{repo}/pulls"),
                    &what,
                    events,
                )
                .await?;
            let (number, url) = number(&pr, &what)?;
            Ok(ChangeOutcome::Opened { number, url })
        })
    }

    /// The blobs of the changed files and the tree on `base_tree` holding them.
    async fn write_tree(
        &self,
        req: &ChangeRequest<'_>,
        base_tree: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<String, GithubError> {
        let repo = req.slug;
        let mut entries = Vec::new();
        for (path, content) in req.files {
            let sha = match content {
                Some(t) => {
                    let what = format!("writing {path} of {repo}");
                    let blob = self
                        .must(
                            Method::Post(json!({"content": t, "encoding": "utf-8"})),
                            &format!("/repos/{repo}/git/blobs"),
                            &what,
                            events,
                        )
                        .await?;
                    Value::String(text(&blob, "/sha", &what)?)
                }
                None => Value::Null,
            };
            entries.push(json!({"path": path, "mode": "100644", "type": "blob", "sha": sha}));
        }
        let what = format!("writing the tree of {repo}");
        let tree = self
            .must(
                Method::Post(json!({"base_tree": base_tree, "tree": entries})),
                &format!("/repos/{repo}/git/trees"),
                &what,
                events,
            )
            .await?;
        text(&tree, "/sha", &what)
    }

    async fn write_commit(
        &self,
        req: &ChangeRequest<'_>,
        tree: &str,
        parent: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<String, GithubError> {
        let repo = req.slug;
        let who = json!({"name": AUTHOR_NAME, "email": AUTHOR_EMAIL, "date": req.time.to_string()});
        let what = format!("writing the commit of {repo}");
        let c = self
            .must(
                Method::Post(json!({
                    "message": req.message,
                    "tree": tree,
                    "parents": [parent],
                    "author": who,
                    "committer": who,
                })),
                &format!("/repos/{repo}/git/commits"),
                &what,
                events,
            )
            .await?;
        text(&c, "/sha", &what)
    }

    /// The newest pull request from `branch` in `slug` (any state), `None` when there is none.
    pub fn pull_state(
        &self,
        slug: &str,
        branch: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<PullInfo>, GithubError> {
        let (owner, _) = split_slug(slug)?;
        check_branch(branch)?;
        self.rt.block_on(async {
            let what = format!("listing the pull requests of {slug}");
            let list = self
                .must(
                    Method::Get,
                    &format!(
                        "/repos/{slug}/pulls?head={owner}:{branch}&state=all&sort=created&direction=desc&per_page=10"
                    ),
                    &what,
                    events,
                )
                .await?;
            let Some(pr) = list.as_array().and_then(|a| a.first()) else {
                return Ok(None);
            };
            let (number, url) = number(pr, &what)?;
            let merged = pr.get("merged_at").is_some_and(|m| !m.is_null());
            let open = pr.get("state").and_then(Value::as_str) == Some("open");
            // GitHub's own verdict, when the answer carries it: behind the base, or
            // conflicting with it.
            let flagged = matches!(
                pr.get("mergeable_state").and_then(Value::as_str),
                Some("behind" | "dirty")
            );
            let base = if open && !merged && !flagged {
                let base_ref = text(pr, "/base/ref", &what)?;
                let base_sha = text(pr, "/base/sha", &what)?;
                Some((base_sha, self.branch_head(slug, &base_ref, events).await?))
            } else {
                None
            };
            Ok(Some(PullInfo::decided(number, url, merged, open, flagged, base)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_branches() {
        assert!(split_slug("acme/api").is_ok());
        for bad in ["acme", "acme/../x", "a b/c", "/x"] {
            assert!(split_slug(bad).is_err(), "{bad}");
        }
        assert!(check_branch("paved/security-basics").is_ok());
        for bad in ["", "a..b", "a b", "a?b", "a&head=x"] {
            assert!(check_branch(bad).is_err(), "{bad}");
        }
    }
}
