//! A rule's own finding sentences (`message:` in a pack): parsed and checked once, rendered
//! per finding with `{path}`, `{line}`, `{value}` and `{repo}`, the first alternative that a
//! finding can fill in winning.

use crate::decode::Decoder;
use crate::outcome::{Evidence, Outcome};
use crate::query::{Node, Pos, Value};

/// The placeholders a message may use.
pub const PLACEHOLDERS: [&str; 4] = ["path", "line", "value", "repo"];

/// The outcomes a message may be given for.
const OUTCOMES: [&str; 3] = ["missing", "custom", "error"];

/// A rule's messages per outcome; a single string (or list) in the pack is the message of
/// `missing` and `custom` (an `error` is about a file that could not be read, which the
/// author's sentence about an offender would misdescribe).
#[derive(Clone, Debug, Default)]
pub struct Messages {
    pub missing: Option<Template>,
    pub custom: Option<Template>,
    pub error: Option<Template>,
}

/// One outcome's sentences, tried in order for each finding: the first whose placeholders
/// the finding has is its sentence, so a rule can say one thing of an offending line and
/// another of a file with none ("`{value}` ({path}:{line}) is not pinned", then "{path}
/// pins nothing", then "no Dockerfile").
#[derive(Clone, Debug)]
pub struct Template(Vec<String>);

impl Template {
    /// Whether some alternative names no placeholder, so every finding gets a sentence.
    pub fn always_fills(&self) -> bool {
        self.0.iter().any(|t| placeholders(t).is_empty())
    }
}

impl Messages {
    /// Parses `message:` (a string, or a mapping of outcome to string), checking every
    /// placeholder.
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Messages> {
        if matches!(node.value, Value::Str(_) | Value::Seq(_)) {
            let t = template(d, node)?;
            return Some(Messages {
                missing: Some(t.clone()),
                custom: Some(t),
                error: None,
            });
        }
        if !matches!(node.value, Value::Map(_)) {
            d.error(
                node.pos,
                "`message` is a string or a list of strings, or a mapping of outcome (missing, \
                 custom, error) to those",
            );
            return None;
        }
        d.check_keys(node, &OUTCOMES, "message")?;
        let mut out = Messages::default();
        let mut ok = true;
        for (key, slot) in [
            ("missing", &mut out.missing),
            ("custom", &mut out.custom),
            ("error", &mut out.error),
        ] {
            if let Some(n) = node.get(key) {
                *slot = template(d, n);
                ok &= slot.is_some();
            }
        }
        ok.then_some(out)
    }

    /// The template for an outcome, if the rule gives one.
    pub fn for_outcome(&self, outcome: Outcome) -> Option<&Template> {
        match outcome {
            Outcome::Missing => self.missing.as_ref(),
            Outcome::Custom => self.custom.as_ref(),
            Outcome::Error => self.error.as_ref(),
            _ => None,
        }
    }
}

/// One outcome's message: a string, or a non-empty list of alternatives.
fn template(d: &mut Decoder<'_>, node: &Node) -> Option<Template> {
    let Value::Seq(items) = &node.value else {
        return checked(d, node).map(|s| Template(vec![s]));
    };
    if items.is_empty() {
        d.error(node.pos, "a message list needs at least one sentence");
        return None;
    }
    let all: Vec<Option<String>> = items.iter().map(|n| checked(d, n)).collect();
    all.into_iter().collect::<Option<Vec<_>>>().map(Template)
}

/// A message string whose placeholders are all known; each unknown one is an error at its
/// position (its column, when the string is on one line as written).
fn checked(d: &mut Decoder<'_>, node: &Node) -> Option<String> {
    let s = d.string(node)?;
    let mut ok = true;
    for (offset, name) in placeholders(&s) {
        if !PLACEHOLDERS.contains(&name) {
            let pos = if s.contains('\n') {
                node.pos
            } else {
                // Plain and quoted scalars: the text starts at the node, after a quote if any.
                Pos::new(node.pos.line, node.pos.col + offset as u32 + 1)
            };
            let hint = crate::diag::did_you_mean(name, &PLACEHOLDERS)
                .map(|s| format!("; did you mean `{{{s}}}`?"))
                .unwrap_or_default();
            d.error(
                pos,
                format!(
                    "unknown placeholder `{{{name}}}` (known: {}){hint}",
                    PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                ),
            );
            ok = false;
        }
    }
    ok.then_some(s)
}

/// Every `{name}` in a template, with the byte offset of its `{`.
fn placeholders(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut base = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push((base + open, &rest[open + 1..open + close]));
        base += open + close + 1;
        rest = &rest[open + close + 1..];
    }
    out
}

/// The first alternative of a template that one finding can fill in, or `None` when it lacks
/// something each names (a `{value}` for a missing file, say).
pub fn render(template: &Template, e: &Evidence, repo: &str) -> Option<String> {
    template.0.iter().find_map(|t| fill(t, e, repo))
}

/// One sentence filled in, or `None` when the finding lacks something it names.
fn fill(template: &str, e: &Evidence, repo: &str) -> Option<String> {
    let mut out = template.to_string();
    for (_, name) in placeholders(template) {
        let with = match name {
            "path" => e.path.clone()?,
            "line" => e.line?.to_string(),
            "value" => e.value.clone()?,
            "repo" => repo.to_string(),
            _ => return None,
        };
        out = out.replace(&format!("{{{name}}}"), &with);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_only_what_a_finding_has() {
        let e = Evidence::at(".github/workflows/ci.yml", Some(14), "x").with_value("a/b@v1");
        assert_eq!(
            fill(
                "`{value}` ({path}:{line}) in {repo} is not pinned",
                &e,
                "acme/x"
            )
            .as_deref(),
            Some("`a/b@v1` (.github/workflows/ci.yml:14) in acme/x is not pinned")
        );
        assert_eq!(fill("`{value}` is bad", &Evidence::note("n"), "r"), None);
        let t = Template(vec![
            "`{value}` is bad".into(),
            "{path} is bad".into(),
            "none".into(),
        ]);
        let file = Evidence::at("Dockerfile", None, "x");
        assert_eq!(render(&t, &e, "r").as_deref(), Some("`a/b@v1` is bad"));
        assert_eq!(render(&t, &file, "r").as_deref(), Some("Dockerfile is bad"));
        assert_eq!(
            render(&t, &Evidence::note("n"), "r").as_deref(),
            Some("none")
        );
        assert!(t.always_fills());
        assert_eq!(placeholders("{a} and {bb}"), vec![(0, "a"), (8, "bb")]);
    }
}
