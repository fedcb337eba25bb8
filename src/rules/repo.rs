//! `repo`: whether the repository's metadata matches.
//!
//! ```yaml
//! repo: {name: "acme/legacy-*"}        # a glob over the repository's name
//! repo: {topics: [rust, service]}      # every listed topic is present
//! repo: {archived: false, visibility: public}
//! ```
//!
//! All given fields must match. Local repositories carry only their name; topics, archived
//! and visibility come with repositories listed from GitHub. A field that is not known for
//! a repository makes the condition unknown (the outcome becomes `error`, saying which field),
//! never a silent false.

use globset::{Glob, GlobMatcher};

use super::{Check, Condition, EvalCtx, GlobId, Kind, Tri, Verdict};
use crate::decode::Decoder;
use crate::outcome::Evidence;
use crate::query::{Node, Value};
use schemars::JsonSchema;
use serde::Deserialize;

pub const KIND: Kind = Kind {
    key: "repo",
    module: "repo",
    summary: "The repository's metadata matches.",
    decode: |d, n| Repo::parse(d, n).map(Condition::Repo),
    schema: |g| g.subschema_for::<RepoDoc>(),
};

#[derive(Debug)]
pub struct Repo {
    pub name: Option<(String, GlobMatcher)>,
    pub topics: Option<Vec<String>>,
    pub archived: Option<bool>,
    pub visibility: Option<String>,
}

const VISIBILITY: [&str; 3] = ["public", "private", "internal"];

impl Repo {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Repo> {
        d.check_keys(node, &["name", "topics", "archived", "visibility"], "repo")?;
        let mut ok = true;
        let name = node.get("name").and_then(|n| {
            let s = d.string(n)?;
            match Glob::new(&s) {
                Ok(g) => Some((s, g.compile_matcher())),
                Err(e) => {
                    d.error(n.pos, format!("invalid glob `{s}`: {}", e.kind()));
                    ok = false;
                    None
                }
            }
        });
        let topics = node.get("topics").and_then(|n| match &n.value {
            Value::Seq(items) => items.iter().map(|i| d.string(i)).collect(),
            Value::Str(s) => Some(vec![s.clone()]),
            _ => {
                d.error(n.pos, "`topics` is a list of topics");
                ok = false;
                None
            }
        });
        let archived = d.optional_bool(node, "archived");
        let visibility = node.get("visibility").and_then(|n| {
            let s = d.string(n)?;
            if !VISIBILITY.contains(&s.as_str()) {
                d.error(
                    n.pos,
                    format!("`visibility` is one of {}", VISIBILITY.join(", ")),
                );
                ok = false;
            }
            Some(s)
        });
        if name.is_none() && topics.is_none() && archived.is_none() && visibility.is_none() {
            d.error(
                node.pos,
                "`repo` needs at least one of name, topics, archived, visibility",
            );
            return None;
        }
        ok.then_some(Repo {
            name,
            topics,
            archived,
            visibility,
        })
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((g, _)) = &self.name {
            parts.push(format!("name matches {g}"));
        }
        if let Some(t) = &self.topics {
            parts.push(format!("topics include {}", t.join(", ")));
        }
        if let Some(a) = self.archived {
            parts.push(format!("archived is {a}"));
        }
        if let Some(v) = &self.visibility {
            parts.push(format!("visibility is {v}"));
        }
        format!("repo: {}", parts.join(" and "))
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let (name, meta) = (&cx.repo.name, &cx.repo.meta);
        let mut checks: Vec<(Tri, String)> = Vec::new();
        if let Some((g, m)) = &self.name {
            let ok = m.is_match(name);
            checks.push((
                Tri::from_bool(ok),
                format!(
                    "name `{name}` {} {g}",
                    if ok { "matches" } else { "does not match" }
                ),
            ));
        }
        if let Some(want) = &self.topics {
            checks.push(match &meta.topics {
                None => (
                    Tri::Unknown,
                    "topics are not known for this repository (only GitHub repositories have them)"
                        .into(),
                ),
                Some(have) => {
                    let missing: Vec<&str> = want
                        .iter()
                        .filter(|t| !have.contains(t))
                        .map(String::as_str)
                        .collect();
                    if missing.is_empty() {
                        (Tri::True, format!("topics include {}", want.join(", ")))
                    } else {
                        (Tri::False, format!("topics lack {}", missing.join(", ")))
                    }
                }
            });
        }
        if let Some(want) = self.archived {
            checks.push(match meta.archived {
                None => (
                    Tri::Unknown,
                    "archived is not known for this repository".into(),
                ),
                Some(a) => (Tri::from_bool(a == want), format!("archived is {a}")),
            });
        }
        if let Some(want) = &self.visibility {
            checks.push(match &meta.visibility {
                None => (
                    Tri::Unknown,
                    "visibility is not known for this repository".into(),
                ),
                Some(v) => (Tri::from_bool(v == want), format!("visibility is {v}")),
            });
        }
        let value = if checks.iter().any(|(t, _)| *t == Tri::False) {
            Tri::False
        } else if checks.iter().any(|(t, _)| *t == Tri::Unknown) {
            Tri::Unknown
        } else {
            Tri::True
        };
        let evidence = checks
            .into_iter()
            .filter(|(t, _)| *t == value)
            .map(|(_, n)| Evidence::note(n))
            .collect();
        Verdict::new(value, evidence)
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoDoc {
    pub name: Option<String>,
    pub topics: Option<Vec<String>>,
    pub archived: Option<bool>,
    pub visibility: Option<String>,
}

impl Check for Repo {
    fn key(&self) -> &'static str {
        KIND.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Repo::eval(self, cx)
    }
    /// Metadata only, which does not change along a repository's history.
    fn reads(&self, _content: &mut Vec<GlobId>, _presence: &mut Vec<GlobId>) {}
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, &Repo::describe(self));
    }
}
