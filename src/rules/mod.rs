//! Conditions: one file per kind, each with its parsing from a pack, its evaluation over a
//! repository snapshot, and its documentation (the file's `//!` comment, which
//! `paved rules explain` prints).

pub mod contains;
pub mod exists;
pub mod globs;
pub mod hash;
pub mod logic;
mod reads;
pub mod repo;
pub mod structured;
pub mod template;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::discover::RepoRef;
use crate::outcome::Evidence;
use crate::pack::validate::Decoder;
use crate::query::{Format, Node, ParseError};
use crate::snapshot::{Content, RepoSnapshot};

pub use globs::{GlobId, GlobTable, Globs, PathMatches};

/// Three-valued truth: a condition that needs a file it cannot read or parse is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;
    /// Unknown stays unknown.
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

/// A condition's value with the evidence that decided it.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub value: Tri,
    pub evidence: Vec<Evidence>,
}

impl Verdict {
    pub fn new(value: Tri, evidence: Vec<Evidence>) -> Self {
        Verdict { value, evidence }
    }
}

/// The most evidence entries one condition keeps; a person reads the first few.
pub const MAX_EVIDENCE: usize = 5;

/// A compiled condition.
#[derive(Debug)]
pub enum Condition {
    Exists(exists::Exists),
    Absent(exists::Absent),
    Contains(contains::Contains),
    Structured(Box<structured::Structured>),
    Template(template::Template),
    Hash(hash::Hash),
    Repo(repo::Repo),
    All(logic::All),
    Any(logic::Any),
    Not(logic::Not),
}

/// Documentation of each condition kind, taken from its module's `//!` comment by build.rs.
pub mod docs {
    include!(concat!(env!("OUT_DIR"), "/condition_docs.rs"));
}

/// The condition keys a pack may use, and the module that documents each.
pub const KINDS: &[(&str, &str)] = &[
    ("exists", "exists"),
    ("absent", "exists"),
    ("contains", "contains"),
    ("yaml", "structured"),
    ("json", "structured"),
    ("toml", "structured"),
    ("template", "template"),
    ("hash", "hash"),
    ("repo", "repo"),
    ("all", "logic"),
    ("any", "logic"),
    ("not", "logic"),
];

/// The documentation of a condition key (`exists`, `yaml`, ...).
pub fn kind_docs(key: &str) -> Option<&'static str> {
    let module = KINDS.iter().find(|(k, _)| *k == key)?.1;
    docs::DOCS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, d)| *d)
}

impl Condition {
    /// Parses a condition: a mapping with exactly one known key.
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Condition> {
        let entries = d.mapping(node, "a condition")?;
        if entries.len() != 1 {
            let keys: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
            d.error(
                node.pos,
                format!(
                    "a condition is a mapping with exactly one key, one of: {}",
                    keys.join(", ")
                ),
            );
            return None;
        }
        let (key, value) = &entries[0];
        let name = key.as_str().unwrap_or_default();
        let cond = match name {
            "exists" => Condition::Exists(exists::Exists::parse(d, value)?),
            "absent" => Condition::Absent(exists::Absent::parse(d, value)?),
            "contains" => Condition::Contains(contains::Contains::parse(d, value)?),
            "yaml" => Condition::Structured(Box::new(structured::Structured::parse(
                d,
                value,
                Format::Yaml,
            )?)),
            "json" => Condition::Structured(Box::new(structured::Structured::parse(
                d,
                value,
                Format::Json,
            )?)),
            "toml" => Condition::Structured(Box::new(structured::Structured::parse(
                d,
                value,
                Format::Toml,
            )?)),
            "template" => Condition::Template(template::Template::parse(d, value)?),
            "hash" => Condition::Hash(hash::Hash::parse(d, value)?),
            "repo" => Condition::Repo(repo::Repo::parse(d, value)?),
            "all" => Condition::All(logic::All::parse(d, value)?),
            "any" => Condition::Any(logic::Any::parse(d, value)?),
            "not" => Condition::Not(logic::Not::parse(d, value)?),
            _ => {
                let keys: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
                d.unknown_key(key, &keys, "condition kind");
                return None;
            }
        };
        Some(cond)
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        match self {
            Condition::Exists(c) => c.eval(cx),
            Condition::Absent(c) => c.eval(cx),
            Condition::Contains(c) => c.eval(cx),
            Condition::Structured(c) => c.eval(cx),
            Condition::Template(c) => c.eval(cx),
            Condition::Hash(c) => c.eval(cx),
            Condition::Repo(c) => c.eval(cx),
            Condition::All(c) => c.eval(cx),
            Condition::Any(c) => c.eval(cx),
            Condition::Not(c) => c.eval(cx),
        }
    }

    /// A readable rendering for `paved rules explain`, indented by `depth`.
    pub fn describe(&self, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        match self {
            Condition::Exists(c) => out.push_str(&format!("{pad}exists: {}\n", c.globs)),
            Condition::Absent(c) => out.push_str(&format!("{pad}absent: {}\n", c.0.globs)),
            Condition::Contains(c) => out.push_str(&format!("{pad}{}\n", c.describe())),
            Condition::Structured(c) => out.push_str(&format!("{pad}{}\n", c.describe())),
            Condition::Template(c) => out.push_str(&format!("{pad}{}\n", c.describe())),
            Condition::Hash(c) => out.push_str(&format!("{pad}{}\n", c.describe())),
            Condition::Repo(c) => out.push_str(&format!("{pad}{}\n", c.describe())),
            Condition::All(c) => logic::describe_list("all of", &c.0, depth, out),
            Condition::Any(c) => logic::describe_list("any of", &c.0, depth, out),
            Condition::Not(c) => {
                out.push_str(&format!("{pad}not:\n"));
                c.0.describe(depth + 1, out);
            }
        }
    }
}

/// A parsed file, cached per (blob, format) so every rule that reads it shares one parse.
pub type Parsed = Rc<Result<Vec<Node>, ParseError>>;

/// What conditions see of one repository at one commit.
pub struct EvalCtx<'a> {
    pub snap: &'a RepoSnapshot,
    pub matches: &'a PathMatches,
    pub repo: &'a RepoRef,
    parsed: RefCell<HashMap<(gix::ObjectId, Format), Parsed>>,
}

/// What reading one file for its content gave.
pub enum FileText {
    Text(std::sync::Arc<str>),
    /// Skipped by content conditions (binary, too large, a submodule): the note says why.
    Skipped(Evidence),
    /// Could not be read: the condition becomes unknown.
    Unreadable(Evidence),
}

impl<'a> EvalCtx<'a> {
    pub fn new(snap: &'a RepoSnapshot, matches: &'a PathMatches, repo: &'a RepoRef) -> Self {
        EvalCtx {
            snap,
            matches,
            repo,
            parsed: RefCell::new(HashMap::new()),
        }
    }

    /// The paths of files (not directories or submodules) that match any of `globs`, sorted.
    pub fn files(&self, globs: &Globs) -> Vec<&'a str> {
        let entries = self.snap.entries();
        self.matches
            .entries(globs)
            .into_iter()
            .map(|i| &entries[i as usize])
            .filter(|e| e.kind == crate::snapshot::EntryKind::File)
            .map(|e| e.path.as_str())
            .collect()
    }

    pub fn text(&self, path: &str) -> FileText {
        match self.snap.content(path) {
            Ok(Content::Text(t)) => FileText::Text(t),
            Ok(Content::Skipped(why)) => {
                FileText::Skipped(Evidence::at(path, None, format!("skipped: {why}")))
            }
            Err(e) => {
                FileText::Unreadable(Evidence::at(path, None, format!("could not be read: {e}")))
            }
        }
    }

    /// The file parsed as `format`, parsed at most once per blob.
    pub fn parse(&self, path: &str, text: &str, format: Format) -> Parsed {
        let Some(id) = self.snap.entry(path).map(|e| e.id) else {
            return Rc::new(crate::query::parse(format, text));
        };
        if let Some(p) = self.parsed.borrow().get(&(id, format)) {
            return p.clone();
        }
        let p: Parsed = Rc::new(crate::query::parse(format, text));
        self.parsed.borrow_mut().insert((id, format), p.clone());
        p
    }
}

/// "a, b or c": globs and paths in human notes.
pub fn join_or(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        _ => {
            let (last, rest) = items.split_last().unwrap_or((&items[0], &[]));
            let rest: Vec<&str> = rest.iter().map(|s| s.as_ref()).collect();
            format!("{} or {}", rest.join(", "), last.as_ref())
        }
    }
}
