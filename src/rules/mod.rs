//! Conditions: one file per kind, each with its parsing from a pack, its evaluation over a
//! repository snapshot, its schema, and its documentation (the file's `//!` comment, which
//! `paved rules explain` prints). The `kinds!` registry below is the one list of kinds.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::decode::Decoder;
use crate::discover::RepoRef;
use crate::outcome::Evidence;
use crate::query::{CelDoc, Format, Node, ParseError};
use crate::snapshot::{Content, RepoSnapshot};

pub use crate::globs::{GlobId, GlobTable, Globs, PathMatches};

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

/// The most evidence entries one condition keeps of what passed or could not be read; a
/// person reads the first few.
pub const MAX_EVIDENCE: usize = 5;

/// The most offenders (values or files that fail) one condition keeps: every one, within
/// reason, so a result can list them and count the rest ("and N more").
pub const MAX_OFFENDERS: usize = 1000;

// The condition modules, declared outside `kinds!` so rustfmt finds their files.
pub mod contains;
pub mod exists;
pub mod hash;
pub mod logic;
pub mod repo;
pub mod structured;
pub mod template;

/// Builds, from one line per condition module, the `Condition` enum (one variant per compiled
/// type) and [`REGISTRY`] (one [`Kind`] per condition key, in this order).
macro_rules! kinds {
    ($( $module:ident { $( $variant:ident($ty:ty) ),+ } [ $( $kind:ident ),+ ], )*) => {
        /// A compiled condition.
        #[derive(Debug)]
        pub enum Condition {
            $( $( $variant($ty), )+ )*
        }

        impl Condition {
            /// The kind's own code, for what every kind answers alike.
            fn check(&self) -> &dyn Check {
                match self {
                    $( $( Condition::$variant(c) => c, )+ )*
                }
            }
        }

        /// Every condition kind, in the order the docs and the schema list them.
        pub const REGISTRY: &[Kind] = &[ $( $( $module::$kind, )+ )* ];
    };
}

// One line per condition module: the compiled types it adds to `Condition` and its kinds.
kinds! {
    exists { Exists(exists::Exists), Absent(exists::Absent) } [EXISTS, ABSENT],
    contains { Contains(contains::Contains) } [KIND],
    structured { Structured(Box<structured::Structured>) } [YAML, JSON, TOML],
    template { Template(template::Template) } [KIND],
    hash { Hash(hash::Hash) } [KIND],
    repo { Repo(repo::Repo) } [KIND],
    logic { All(logic::All), Any(logic::Any), Not(logic::Not) } [ALL, ANY, NOT],
}

/// A condition key as a pack writes it, with everything the rest of paved needs to know of it.
pub struct Kind {
    /// The key in a pack (`exists`, `yaml`, ...).
    pub key: &'static str,
    /// The file in `src/rules/` whose `//!` comment documents the key.
    pub module: &'static str,
    /// One line for the JSON Schema.
    pub summary: &'static str,
    /// Parses the key's value.
    pub decode: fn(&mut Decoder<'_>, &Node) -> Option<Condition>,
    /// The JSON Schema of the key's value.
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

/// What each compiled condition type does.
pub trait Check: std::fmt::Debug {
    /// The condition key it was parsed from.
    fn key(&self) -> &'static str;
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict;
    /// Adds the globs whose matched files it opens to `content`, and those it only checks for
    /// presence to `presence`: history asks this to know when a rule's inputs are unchanged.
    fn reads(&self, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>);
    /// A readable rendering for `paved rules explain`, indented by `depth`.
    fn explain(&self, depth: usize, out: &mut String);
}

impl<T: Check> Check for Box<T> {
    fn key(&self) -> &'static str {
        (**self).key()
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        (**self).eval(cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        (**self).reads(content, presence)
    }
    fn explain(&self, depth: usize, out: &mut String) {
        (**self).explain(depth, out)
    }
}

/// One line of `explain` output at `depth`.
fn explain_line(depth: usize, out: &mut String, text: &str) {
    out.push_str(&format!("{}{text}\n", "  ".repeat(depth)));
}

/// Documentation of each condition kind, taken from its module's `//!` comment by build.rs.
pub mod docs {
    include!(concat!(env!("OUT_DIR"), "/condition_docs.rs"));
}

/// The condition keys a pack may use, and the module that documents each (from [`REGISTRY`]).
pub const KINDS: &[(&str, &str)] = &{
    let mut out = [("", ""); REGISTRY.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = (REGISTRY[i].key, REGISTRY[i].module);
        i += 1;
    }
    out
};

/// The documentation of a condition key (`exists`, `yaml`, ...).
pub fn kind_docs(key: &str) -> Option<&'static str> {
    let module = REGISTRY.iter().find(|k| k.key == key)?.module;
    docs::DOCS
        .iter()
        .find(|(m, _)| *m == module)
        .map(|(_, d)| *d)
}

impl Condition {
    /// Parses a condition: a mapping with exactly one known key.
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Condition> {
        let entries = d.mapping(node, "a condition")?;
        let keys: Vec<&str> = REGISTRY.iter().map(|k| k.key).collect();
        if entries.len() != 1 {
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
        let Some(kind) = REGISTRY.iter().find(|k| k.key == name) else {
            d.unknown_key(key, &keys, "condition kind");
            return None;
        };
        (kind.decode)(d, value)
    }

    /// The condition key it was parsed from.
    pub fn key(&self) -> &'static str {
        self.check().key()
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        self.check().eval(cx)
    }

    /// What the condition tree reads (see [`Check::reads`]).
    pub fn reads(&self, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        self.check().reads(content, presence)
    }

    /// A readable rendering for `paved rules explain`, indented by `depth`.
    pub fn describe(&self, depth: usize, out: &mut String) {
        self.check().explain(depth, out)
    }
}

/// A condition in the JSON Schema: a mapping with exactly one key, one variant per [`Kind`].
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub struct ConditionDoc(pub serde_json::Value);

impl JsonSchema for ConditionDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ConditionDoc".into()
    }

    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let one_of: Vec<serde_json::Value> = REGISTRY
            .iter()
            .map(|k| {
                let mut properties = serde_json::Map::new();
                properties.insert(k.key.to_string(), (k.schema)(g).to_value());
                serde_json::json!({
                    "description": k.summary,
                    "type": "object",
                    "properties": properties,
                    "additionalProperties": false,
                    "required": [k.key],
                })
            })
            .collect();
        schemars::json_schema!({
            "description": "A condition: a mapping with exactly one of these keys.",
            "oneOf": one_of,
        })
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
    /// Documents (blob, format, index in the file) as CEL values, shared by expressions.
    cel_docs: RefCell<HashMap<(gix::ObjectId, Format, usize), Rc<CelDoc>>>,
    /// Whether the condition being evaluated sits under an odd number of `not`s: what it finds
    /// is then what fails, so a condition lists every finding, not only the first per file.
    negated: std::cell::Cell<bool>,
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
            cel_docs: RefCell::new(HashMap::new()),
            negated: std::cell::Cell::new(false),
        }
    }

    /// Whether what the current condition finds is an offence (it sits under a `not`).
    pub fn negated(&self) -> bool {
        self.negated.get()
    }

    /// Evaluates `f` with negation flipped, restoring it afterwards even if `f` panics.
    pub fn under_not<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Restore<'c>(&'c std::cell::Cell<bool>, bool);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                self.0.set(self.1);
            }
        }
        let before = self.negated.get();
        let _restore = Restore(&self.negated, before);
        self.negated.set(!before);
        f()
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
        let deadline = self.snap.deadline();
        if deadline.passed() {
            return FileText::Unreadable(Evidence::at(path, None, deadline.message()));
        }
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
            return Rc::new(crate::query::parse_with(
                format,
                text,
                self.snap.doc_limits(),
            ));
        };
        if let Some(p) = self.parsed.borrow().get(&(id, format)) {
            return p.clone();
        }
        let p: Parsed = Rc::new(crate::query::parse_with(
            format,
            text,
            self.snap.doc_limits(),
        ));
        self.parsed.borrow_mut().insert((id, format), p.clone());
        p
    }

    /// Document `index` of the file at `path` parsed as `format` (that is, `doc`) as CEL
    /// values, converted at most once per blob.
    pub fn cel_doc(&self, path: &str, format: Format, index: usize, doc: &Node) -> Rc<CelDoc> {
        let Some(id) = self.snap.entry(path).map(|e| e.id) else {
            return Rc::new(CelDoc::new(doc));
        };
        if let Some(v) = self.cel_docs.borrow().get(&(id, format, index)) {
            return v.clone();
        }
        let v = Rc::new(CelDoc::new(doc));
        self.cel_docs
            .borrow_mut()
            .insert((id, format, index), v.clone());
        v
    }
}
