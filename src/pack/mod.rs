//! Rule packs: where they come from (built in, files, folders), and loading them into one
//! validated, compiled rule set for a scan.

pub mod builtin;
pub mod config;
pub mod limits;
pub mod message;
pub mod schema;
pub mod tuning;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::decode::{Decoder, Templates};
use crate::diag::Diagnostic;
use crate::query::{Node, Pos, Value};
use crate::report::{RuleInfo, Severity};
use crate::rules::{Condition, GlobTable};

/// One pack file's text and where it came from.
#[derive(Clone, Debug)]
pub struct PackSource {
    /// How diagnostics name it: the path as given, or `builtin:NAME.yml`.
    pub name: String,
    pub text: String,
    /// The folder of the pack file (templates are relative to it); `None` for built-ins.
    pub dir: Option<PathBuf>,
}

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub pack: String,
    pub title: String,
    pub severity: Severity,
    pub weight: f64,
    pub docs: Option<String>,
    pub fix: Option<String>,
    /// The declarative fix actions (`fixes:`), applied in order.
    pub fixes: Vec<crate::fix::Action>,
    pub deadline: Option<jiff::civil::Date>,
    pub when: Option<Condition>,
    pub paved: Condition,
    pub custom: Option<Condition>,
    /// The author's finding sentences per outcome (`message:`).
    pub messages: message::Messages,
    /// Where the rule is defined, for `rules list` and `explain`.
    pub source: String,
    pub pos: Pos,
}

impl Rule {
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            id: self.id.clone(),
            pack: self.pack.clone(),
            title: self.title.clone(),
            severity: self.severity,
            weight: self.weight,
            deadline: self.deadline.map(|d| d.to_string()),
            docs: self.docs.clone(),
            fix: self.fix.clone(),
        }
    }
}

#[derive(Debug)]
pub struct Pack {
    pub name: String,
    pub description: Option<String>,
    pub source: String,
    pub rules: Vec<Rule>,
}

/// Every loaded pack, with the glob table their conditions share.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub packs: Vec<Pack>,
    pub globs: GlobTable,
}

impl RuleSet {
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.packs.iter().flat_map(|p| p.rules.iter())
    }
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules().find(|r| r.id == id)
    }
    pub fn infos(&self) -> Vec<RuleInfo> {
        self.rules().map(Rule::info).collect()
    }
}

/// Packs that did not load: every problem, with each file's text to show the lines.
#[derive(Debug, Default)]
pub struct LoadFailure {
    pub diagnostics: Vec<Diagnostic>,
    pub texts: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Read(#[from] crate::input::ReadError),
    #[error("{}: not a YAML file or a folder", path.display())]
    NotAPack { path: PathBuf },
}

/// Reads pack files from paths: a file, or a folder whose `*.yml`/`*.yaml` files are packs
/// (not recursive, sorted, so the load order is stable).
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<PackSource>, SourceError> {
    let mut out = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| SourceError::Io {
            path: path.clone(),
            source,
        })?;
        let files = if meta.is_dir() {
            let rd = std::fs::read_dir(path).map_err(|source| SourceError::Io {
                path: path.clone(),
                source,
            })?;
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_yaml(p))
                .collect();
            files.sort();
            files
        } else if is_yaml(path) {
            vec![path.clone()]
        } else {
            return Err(SourceError::NotAPack { path: path.clone() });
        };
        for f in files {
            let text = crate::input::read_limited(&f, crate::input::PACK_LIMIT)?;
            out.push(PackSource {
                name: f.display().to_string(),
                text,
                dir: f.parent().map(Path::to_path_buf),
            });
        }
    }
    Ok(out)
}

fn is_yaml(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml"))
}

const PACK_KEYS: [&str; 3] = ["pack", "description", "rules"];
const RULE_KEYS: [&str; 12] = [
    "id", "title", "severity", "weight", "docs", "fix", "fixes", "message", "deadline", "when",
    "paved", "custom",
];

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Loads and validates every source; all problems in all packs are reported together.
pub fn load(sources: &[PackSource]) -> Result<RuleSet, LoadFailure> {
    let mut set = RuleSet::default();
    let mut failure = LoadFailure::default();
    let mut pack_names: BTreeMap<String, String> = BTreeMap::new();
    // rule id -> (source, line) of its first definition
    let mut rule_ids: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for src in sources {
        let mut d = Decoder::new(src.name.clone(), &mut set.globs);
        d.templates = match &src.dir {
            Some(dir) => Templates::Dir(dir.clone()),
            None => Templates::Embedded(builtin::TEMPLATES),
        };
        if let Some(pack) = load_one(&mut d, src) {
            if let Some(first) = pack_names.insert(pack.name.clone(), src.name.clone()) {
                d.error(
                    Pos::new(1, 1),
                    format!("pack `{}` is already loaded from {first}", pack.name),
                );
            }
            for r in &pack.rules {
                // Duplicates inside one pack were reported while loading it.
                match rule_ids.get(&r.id) {
                    Some((file, line)) if *file != r.source => {
                        let msg = format!(
                            "duplicate rule id `{}` (first defined at {file}:{line})",
                            r.id
                        );
                        d.error(r.pos, msg);
                    }
                    Some(_) => {}
                    None => {
                        rule_ids.insert(r.id.clone(), (r.source.clone(), r.pos.line));
                    }
                }
            }
            set.packs.push(pack);
        }
        if !d.diags.is_empty() {
            d.diags.sort_by_key(|x| x.pos);
            failure.diagnostics.append(&mut d.diags);
            failure.texts.insert(src.name.clone(), src.text.clone());
        }
    }
    if !failure.diagnostics.is_empty() {
        return Err(failure);
    }
    set.globs.compile().map_err(|e| LoadFailure {
        diagnostics: vec![Diagnostic {
            file: "(globs)".into(),
            pos: Pos::default(),
            message: e.to_string(),
        }],
        texts: BTreeMap::new(),
    })?;
    Ok(set)
}

/// Parses a pack or config file. Strict YAML forbids `: ` inside an unquoted value, yet people
/// write `fix: use `uses: org/x@v2`` (the rule-language contract itself does), so a value
/// line that fails only for that reason is re-read as if quoted. Columns stay as written.
pub fn parse_lenient(text: &str) -> Result<Vec<Node>, crate::query::ParseError> {
    let mut text = std::borrow::Cow::Borrowed(text);
    for _ in 0..64 {
        match crate::query::parse_yaml(&text) {
            Err(e) if e.message.contains("mapping values are not allowed") => {
                let Some(fixed) = quote_value_line(&text, e.pos.line) else {
                    return Err(e);
                };
                text = std::borrow::Cow::Owned(fixed);
            }
            other => return other,
        }
    }
    crate::query::parse_yaml(&text)
}

/// Rewrites `key: plain value: with colon` on `line` as `key: 'plain value: with colon'`.
fn quote_value_line(text: &str, line: u32) -> Option<String> {
    static VALUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r#"^(\s*(?:-\s+)?[A-Za-z0-9_-]+:\s+)([^'"\[\]{}&*!|>#%@`\s][^#\r]*?)(\s+#.*)?(\r?)$"#,
        )
        .expect("valid regex")
    });
    let mut out = String::with_capacity(text.len() + 2);
    let mut done = false;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let body = l.strip_suffix('\n');
        match (
            i as u32 + 1 == line,
            body.and_then(|b| VALUE.captures(b))
                .or_else(|| VALUE.captures(l)),
        ) {
            (true, Some(c)) if c[2].contains(": ") => {
                let quoted = c[2].replace('\'', "''");
                out.push_str(&format!(
                    "{}'{quoted}'{}{}",
                    &c[1],
                    c.get(3).map_or("", |m| m.as_str()),
                    &c[4]
                ));
                if body.is_some() {
                    out.push('\n');
                }
                done = true;
            }
            _ => out.push_str(l),
        }
    }
    done.then_some(out)
}

fn load_one(d: &mut Decoder<'_>, src: &PackSource) -> Option<Pack> {
    let docs = match parse_lenient(&src.text) {
        Ok(docs) => docs,
        Err(e) => {
            d.error(e.pos, format!("invalid YAML: {}", e.message));
            return None;
        }
    };
    let [doc] = docs.as_slice() else {
        d.error(
            Pos::new(1, 1),
            format!("a pack is one YAML document, found {}", docs.len()),
        );
        return None;
    };
    if matches!(doc.value, Value::Null) {
        d.error(Pos::new(1, 1), "empty pack: expected `pack:` and `rules:`");
        return None;
    }
    d.check_keys(doc, &PACK_KEYS, "pack")?;
    let name = d.required(doc, "pack", "pack").and_then(|n| {
        let s = d.string(n)?;
        if !valid_id(&s) {
            d.error(n.pos, format!("pack name `{s}` must match [a-z0-9-]+"));
        }
        Some(s)
    });
    let description = d.optional_string(doc, "description");
    let rules_node = d.required(doc, "rules", "pack");
    let mut rules = Vec::new();
    if let Some(items) = rules_node.and_then(|n| d.sequence(n, "rules")) {
        let pack_name = name.clone().unwrap_or_default();
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        for item in items {
            if let Some(rule) = load_rule(d, item, &pack_name, &src.name) {
                if let Some(line) = seen.insert(rule.id.clone(), rule.pos.line) {
                    d.error(
                        rule.pos,
                        format!(
                            "duplicate rule id `{}` (first defined at line {line})",
                            rule.id
                        ),
                    );
                }
                rules.push(rule);
            }
        }
    }
    Some(Pack {
        name: name?,
        description,
        source: src.name.clone(),
        rules,
    })
}

fn load_rule(d: &mut Decoder<'_>, node: &Node, pack: &str, source: &str) -> Option<Rule> {
    d.check_keys(node, &RULE_KEYS, "rule")?;
    let id = d.required(node, "id", "rule").and_then(|n| {
        let s = d.string(n)?;
        if !valid_id(&s) {
            d.error(n.pos, format!("rule id `{s}` must match [a-z0-9-]+"));
            return None;
        }
        Some((s, n.pos))
    });
    let title = d.optional_string(node, "title");
    let severity = match node.get("severity") {
        None => Some(Severity::Recommended),
        Some(n) => match n.as_str().and_then(Severity::parse) {
            Some(s) => Some(s),
            None => {
                d.error(
                    n.pos,
                    format!("`severity` is required, recommended or info, not `{n}`"),
                );
                None
            }
        },
    };
    let weight = match node.get("weight") {
        None => Some(1.0),
        Some(n) => match n.value {
            Value::Int(i) if i > 0 => Some(i as f64),
            Value::Float(f) if f > 0.0 && f.is_finite() => Some(f),
            _ => {
                d.error(
                    n.pos,
                    format!("`weight` must be a positive number, not `{n}`"),
                );
                None
            }
        },
    };
    let docs = d.optional_string(node, "docs");
    let fix = d.optional_string(node, "fix");
    let fixes = match node.get("fixes") {
        None => Some(Vec::new()),
        Some(n) => crate::fix::parse(d, n),
    };
    let messages = match node.get("message") {
        None => Some(message::Messages::default()),
        Some(n) => message::Messages::parse(d, n),
    };
    let deadline = match node.get("deadline") {
        None => Some(None),
        Some(n) => match n
            .scalar_text()
            .and_then(|s| s.parse::<jiff::civil::Date>().ok())
        {
            Some(date) => Some(Some(date)),
            None => {
                d.error(
                    n.pos,
                    format!("`deadline` must be a date like 2027-03-31, not `{n}`"),
                );
                None
            }
        },
    };
    let when = match node.get("when") {
        None => Some(None),
        Some(n) => Condition::parse(d, n).map(Some),
    };
    let paved = d
        .required(node, "paved", "rule")
        .and_then(|n| Condition::parse(d, n));
    let custom = match node.get("custom") {
        None => Some(None),
        Some(n) => Condition::parse(d, n).map(Some),
    };
    let (id, pos) = id?;
    Some(Rule {
        title: title.unwrap_or_else(|| id.clone()),
        id,
        pack: pack.to_string(),
        severity: severity?,
        weight: weight?,
        docs,
        fix,
        fixes: fixes?,
        deadline: deadline?,
        when: when?,
        paved: paved?,
        custom: custom?,
        messages: messages?,
        source: source.to_string(),
        pos,
    })
}
