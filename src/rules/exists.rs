//! `exists` and `absent`: whether some path of the committed tree matches a glob.
//!
//! ```yaml
//! exists: LICENSE                                   # one glob
//! exists: [".github/workflows/*.{yml,yaml}", .gitlab-ci.yml]   # or a list: any of them
//! exists: {glob: "readme*", case_insensitive: true} # any glob may carry options
//! exists: .github/ISSUE_TEMPLATE/                   # a trailing `/` matches a directory
//! absent: "**/*.pem"                                # true when nothing matches
//! ```
//!
//! `*` and `?` do not cross `/`, `**` does, `{a,b}` alternates, `[abc]` is a class.
//! Matching is case-sensitive unless `case_insensitive: true`. A glob without a trailing `/`
//! matches files, symlinks that resolve to files inside the tree, and submodule entries.
//! The evidence names the matching paths (`exists`) or what was looked for (`absent`).

use super::{Check, Condition, EvalCtx, GlobId, Globs, Kind, MAX_EVIDENCE, Tri, Verdict};
use crate::decode::Decoder;
use crate::decode::shapes::GlobsDoc;
use crate::outcome::Evidence;
use crate::query::Node;

pub const EXISTS: Kind = Kind {
    key: "exists",
    module: "exists",
    summary: "Some path of the committed tree matches one of the globs.",
    decode: |d, n| Exists::parse(d, n).map(Condition::Exists),
    schema: |g| g.subschema_for::<GlobsDoc>(),
};

pub const ABSENT: Kind = Kind {
    key: "absent",
    module: "exists",
    summary: "No path matches any of the globs.",
    decode: |d, n| Absent::parse(d, n).map(Condition::Absent),
    schema: |g| g.subschema_for::<GlobsDoc>(),
};

/// True when some path matches one of the globs.
#[derive(Debug)]
pub struct Exists {
    pub globs: Globs,
}

/// True when no path matches any of the globs.
#[derive(Debug)]
pub struct Absent(pub Exists);

impl Exists {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Exists> {
        Some(Exists {
            globs: d.globs(node)?,
        })
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let hits = cx.matches.entries(&self.globs);
        if hits.is_empty() {
            return Verdict::new(
                Tri::False,
                vec![Evidence::note(format!("no path matches {}", self.globs))],
            );
        }
        let entries = cx.snap.entries();
        let evidence = hits
            .iter()
            .take(MAX_EVIDENCE)
            .map(|&i| {
                let e = &entries[i as usize];
                let note = match &e.symlink {
                    Some(target) => format!("exists (symlink to {target})"),
                    None if e.kind == crate::snapshot::EntryKind::Submodule => {
                        "exists (submodule)".into()
                    }
                    None => "exists".into(),
                };
                Evidence::at(e.path.clone(), None, note)
            })
            .collect();
        Verdict::new(Tri::True, evidence)
    }
}

impl Absent {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Absent> {
        Exists::parse(d, node).map(Absent)
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let v = self.0.eval(cx);
        match v.value {
            Tri::True => Verdict::new(
                Tri::False,
                v.evidence
                    .into_iter()
                    .map(|e| Evidence {
                        note: "present, but must be absent".into(),
                        value: e.value.or_else(|| e.path.clone()),
                        ..e
                    })
                    .collect(),
            ),
            _ => Verdict::new(
                Tri::True,
                vec![Evidence::note(format!("no path matches {}", self.0.globs))],
            ),
        }
    }
}

impl Check for Exists {
    fn key(&self) -> &'static str {
        EXISTS.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Exists::eval(self, cx)
    }
    fn reads(&self, _content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        presence.extend(&self.globs.ids);
    }
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, &format!("exists: {}", self.globs));
    }
}

impl Check for Absent {
    fn key(&self) -> &'static str {
        ABSENT.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Absent::eval(self, cx)
    }
    fn reads(&self, _content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        presence.extend(&self.0.globs.ids);
    }
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, &format!("absent: {}", self.0.globs));
    }
}
