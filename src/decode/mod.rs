//! Decoding spanned nodes (packs, config files) into typed values, collecting every problem
//! as a diagnostic at its line and column instead of stopping at the first. Sits below both
//! the conditions (`rules/`) that parse themselves with it and the packs (`pack/`) that drive it.

pub mod shapes;

use regex::Regex;

use crate::diag::{Diagnostic, did_you_mean};
use crate::globs::{GlobTable, Globs};
use crate::query::{Node, Pos, Predicates, Query, Value, ValueType};

/// Where `template` sources resolve.
#[derive(Clone, Debug)]
pub enum Templates {
    /// Files in the pack's folder, which a template may not leave.
    Dir(std::path::PathBuf),
    /// Templates embedded in the binary for built-in packs, as (name, text).
    Embedded(&'static [(&'static str, &'static str)]),
}

/// Why a `template` source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("template `{0}` must be a path inside the pack's folder")]
    OutsidePack(String),
    #[error("template `{source_name}` (in {}): {error}", dir.display())]
    Read {
        source_name: String,
        dir: std::path::PathBuf,
        error: crate::input::ReadError,
    },
    #[error("template `{0}` is not among the built-in templates")]
    NotBuiltin(String),
}

/// Walks a pack's nodes with a diagnostics sink and the scan's glob table.
pub struct Decoder<'a> {
    pub file: String,
    pub diags: Vec<Diagnostic>,
    pub globs: &'a mut GlobTable,
    /// Where `template` sources resolve: the pack file's folder, or the embedded templates
    /// of built-in packs.
    pub templates: Templates,
}

impl<'a> Decoder<'a> {
    pub fn new(file: impl Into<String>, globs: &'a mut GlobTable) -> Self {
        Decoder {
            file: file.into(),
            diags: Vec::new(),
            globs,
            templates: Templates::Embedded(&[]),
        }
    }

    /// Reads a template named relative to the pack file (or embedded, for built-in packs).
    /// A template may not leave the pack's folder.
    pub fn read_template(&self, source: &str) -> Result<String, TemplateError> {
        let rel = std::path::Path::new(source);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return Err(TemplateError::OutsidePack(source.to_string()));
        }
        match &self.templates {
            Templates::Dir(dir) => {
                crate::input::read_limited(&dir.join(rel), crate::input::TEMPLATE_LIMIT).map_err(
                    |error| TemplateError::Read {
                        source_name: source.to_string(),
                        dir: dir.clone(),
                        error,
                    },
                )
            }
            Templates::Embedded(all) => all
                .iter()
                .find(|(n, _)| *n == source)
                .map(|(_, t)| t.to_string())
                .ok_or_else(|| TemplateError::NotBuiltin(source.to_string())),
        }
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            pos,
            message: message.into(),
        });
    }

    pub fn unknown_key(&mut self, key: &Node, known: &[&str], what: &str) {
        let name = key.scalar_text().unwrap_or_default();
        let hint = did_you_mean(&name, known)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        self.error(key.pos, format!("unknown {what} `{name}`{hint}"));
    }

    pub fn mapping<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            _ => {
                self.error(
                    node.pos,
                    format!(
                        "{what} must be a mapping, found {}",
                        node.value_type().name()
                    ),
                );
                None
            }
        }
    }

    pub fn sequence<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.error(
                    node.pos,
                    format!(
                        "`{what}` must be a list, found {}",
                        node.value_type().name()
                    ),
                );
                None
            }
        }
    }

    /// Checks that `node` is a mapping whose keys are all in `known` (each unknown one is
    /// reported at its own position). `None` only when it is not a mapping at all.
    pub fn check_keys(&mut self, node: &Node, known: &[&str], what: &str) -> Option<()> {
        let entries = self.mapping(node, &format!("`{what}`"))?;
        for (k, _) in entries {
            if !k.as_str().is_some_and(|s| known.contains(&s)) {
                self.unknown_key(k, known, &format!("key in `{what}`:"));
            }
        }
        Some(())
    }

    pub fn required<'n>(&mut self, node: &'n Node, key: &str, what: &str) -> Option<&'n Node> {
        let v = node.get(key);
        if v.is_none() {
            self.error(node.pos, format!("`{what}` needs `{key}`"));
        }
        v
    }

    pub fn string(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                self.error(
                    node.pos,
                    format!("expected a string, found {}", node.value_type().name()),
                );
                None
            }
        }
    }

    pub fn optional_string(&mut self, node: &Node, key: &str) -> Option<String> {
        node.get(key).and_then(|n| self.string(n))
    }

    pub fn optional_bool(&mut self, node: &Node, key: &str) -> Option<bool> {
        let n = node.get(key)?;
        match n.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.error(n.pos, format!("`{key}` must be true or false"));
                None
            }
        }
    }

    /// A glob, `{glob, case_insensitive}`, or a list of them.
    pub fn globs(&mut self, node: &Node) -> Option<Globs> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) if items.is_empty() => {
                self.error(node.pos, "expected at least one glob");
                return None;
            }
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut out = Globs::default();
        let mut ok = true;
        for item in items {
            let (pattern, ci, pos) = match &item.value {
                Value::Str(s) => (s.clone(), false, item.pos),
                Value::Map(_) => {
                    if self
                        .check_keys(item, &["glob", "case_insensitive"], "glob")
                        .is_none()
                    {
                        ok = false;
                        continue;
                    }
                    let Some(g) = self
                        .required(item, "glob", "glob")
                        .and_then(|g| self.string(g))
                    else {
                        ok = false;
                        continue;
                    };
                    let ci = self
                        .optional_bool(item, "case_insensitive")
                        .unwrap_or(false);
                    (g, ci, item.get("glob").map_or(item.pos, |n| n.pos))
                }
                _ => {
                    self.error(
                        item.pos,
                        format!("expected a glob, found {}", item.value_type().name()),
                    );
                    ok = false;
                    continue;
                }
            };
            if pattern.is_empty() {
                self.error(pos, "empty glob");
                ok = false;
                continue;
            }
            match self.globs.add(&pattern, ci) {
                Ok(id) => {
                    out.ids.push(id);
                    out.shown.push(if ci {
                        format!("{pattern} (any case)")
                    } else {
                        pattern
                    });
                }
                Err(msg) => {
                    self.error(pos, msg.to_string());
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// A regex in Rust syntax; `multi_line` turns `(?m)` on (as `contains` does).
    pub fn regex(&mut self, node: &Node, multi_line: bool) -> Option<Regex> {
        let src = self.string(node)?;
        let full = if multi_line {
            format!("(?m){src}")
        } else {
            src
        };
        match regex::RegexBuilder::new(&full).size_limit(1 << 22).build() {
            Ok(r) => Some(r),
            Err(e) => {
                let msg = e.to_string();
                let last = msg
                    .lines()
                    .rfind(|l| !l.trim().is_empty())
                    .unwrap_or("invalid regex");
                self.error(
                    node.pos,
                    format!(
                        "invalid regex: {}",
                        last.trim().trim_start_matches("error: ")
                    ),
                );
                None
            }
        }
    }

    pub fn query(&mut self, node: &Node) -> Option<Query> {
        let res = match &node.value {
            Value::Str(s) => Query::parse(s),
            Value::Seq(items) => {
                let mut paths = Vec::new();
                for i in items {
                    paths.push(self.string(i)?);
                }
                let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
                Query::parse_many(&refs)
            }
            _ => {
                self.error(
                    node.pos,
                    format!(
                        "invalid query: `query` must be a path or a list of paths, found {}",
                        node.value_type().name()
                    ),
                );
                return None;
            }
        };
        res.map_err(|e| self.error(node.pos, format!("invalid query: {e}")))
            .ok()
    }

    /// The predicates of a query mapping; `None` if one of them is invalid.
    pub fn predicates(&mut self, node: &Node) -> Option<Predicates> {
        let mut p = Predicates::default();
        let mut ok = true;
        if let Some(n) = node.get("equals") {
            p.equals = Some(n.clone());
        }
        if let Some(n) = node.get("one_of") {
            match self.sequence(n, "one_of") {
                Some(items) => p.one_of = Some(items.to_vec()),
                None => ok = false,
            }
        }
        for (key, slot) in [
            ("matches", &mut p.matches),
            ("not_matches", &mut p.not_matches),
        ] {
            if let Some(n) = node.get(key) {
                match self.regex(n, false) {
                    Some(r) => *slot = Some(r),
                    None => ok = false,
                }
            }
        }
        if let Some(n) = node.get("type") {
            let items: Vec<&Node> = match &n.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![n],
            };
            let mut types = Vec::new();
            for i in items {
                match i.as_str().and_then(ValueType::parse) {
                    Some(t) => types.push(t),
                    None => {
                        let names: Vec<&str> = ValueType::ALL.iter().map(|t| t.name()).collect();
                        self.error(i.pos, format!("`type` is one of {}", names.join(", ")));
                        ok = false;
                    }
                }
            }
            p.types = Some(types);
        }
        ok.then_some(p)
    }
}
