//! `template`: whether a repository file matches a template shipped beside the pack.
//!
//! ```yaml
//! template:
//!   file: .github/workflows/ci.yml     # the file in the repository
//!   source: templates/ci.yml           # the template, relative to the pack file
//!   min_similarity: 0.9                # share of matching lines, 0.0 to 1.0 (default 1.0)
//!   ignore: ['^\s*#', 'version:']      # lines matching any of these are left out on both sides
//! ```
//!
//! Lines are compared after normalising line endings and trailing whitespace. Similarity is
//! the share of matching lines of a line diff (2 × matching / (lines of file + lines of
//! template)), so 1.0 is identical and 0.0 shares nothing. The evidence gives the similarity
//! and the first line that differs.

use regex::RegexSet;
use similar::{ChangeTag, TextDiff};

use super::{Check, Condition, EvalCtx, FileText, GlobId, Globs, Kind, Tri, Verdict};
use crate::decode::Decoder;
use crate::decode::shapes::GlobsDoc;
use crate::outcome::Evidence;
use crate::query::{Node, Value};
use schemars::JsonSchema;
use serde::Deserialize;

pub const KIND: Kind = Kind {
    key: "template",
    module: "template",
    summary: "The repository's file matches a template shipped beside the pack.",
    decode: |d, n| Template::parse(d, n).map(Condition::Template),
    schema: |g| g.subschema_for::<TemplateDoc>(),
};

#[derive(Debug)]
pub struct Template {
    pub file: Globs,
    /// The source as written in the pack, for notes.
    pub source: String,
    /// The template's normalised lines (line number in the template, text).
    lines: Vec<String>,
    pub min_similarity: f64,
    ignore: Option<RegexSet>,
}

/// Trailing whitespace and line-end style do not count as differences.
fn normalise<'a>(text: &'a str, ignore: Option<&RegexSet>) -> Vec<(u32, &'a str)> {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.trim_end()))
        .filter(|(_, l)| !ignore.is_some_and(|set| set.is_match(l)))
        .collect()
}

impl Template {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Template> {
        d.check_keys(
            node,
            &["file", "source", "min_similarity", "ignore"],
            "template",
        )?;
        let file = d
            .required(node, "file", "template")
            .and_then(|n| d.globs(n));
        let min_similarity = match node.get("min_similarity") {
            None => Some(1.0),
            Some(n) => match n.value {
                Value::Int(i) if (0..=1).contains(&i) => Some(i as f64),
                Value::Float(f) if (0.0..=1.0).contains(&f) => Some(f),
                _ => {
                    d.error(n.pos, "`min_similarity` is a number from 0.0 to 1.0");
                    None
                }
            },
        };
        let ignore = match node.get("ignore") {
            None => Some(None),
            Some(n) => {
                let items: Vec<&Node> = match &n.value {
                    Value::Seq(items) => items.iter().collect(),
                    _ => vec![n],
                };
                let pats: Option<Vec<String>> = items
                    .into_iter()
                    .map(|i| d.regex(i, false).map(|r| r.as_str().to_string()))
                    .collect();
                pats.and_then(|p| RegexSet::new(p).ok()).map(Some)
            }
        };
        let source_node = d.required(node, "source", "template")?;
        let source = d.string(source_node)?;
        let text = match d.read_template(&source) {
            Ok(t) => t,
            Err(msg) => {
                d.error(source_node.pos, msg.to_string());
                return None;
            }
        };
        let ignore = ignore?;
        let lines = normalise(&text, ignore.as_ref())
            .into_iter()
            .map(|(_, l)| l.to_string())
            .collect();
        Some(Template {
            file: file?,
            source,
            lines,
            min_similarity: min_similarity?,
            ignore,
        })
    }

    pub fn describe(&self) -> String {
        format!(
            "template: {} matches {} with similarity ≥ {}",
            self.file, self.source, self.min_similarity
        )
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let files = cx.files(&self.file);
        if files.is_empty() {
            return Verdict::new(
                Tri::False,
                vec![Evidence::note(format!("no file matches {}", self.file))],
            );
        }
        let (mut best, mut unknown): (Option<(f64, Evidence)>, Vec<Evidence>) = (None, Vec::new());
        for path in files {
            let text = match cx.text(path) {
                FileText::Text(t) => t,
                FileText::Skipped(ev) => {
                    best.get_or_insert((0.0, ev));
                    continue;
                }
                FileText::Unreadable(ev) => {
                    unknown.push(ev);
                    continue;
                }
            };
            let (sim, ev) = self.compare(path, &text);
            if best.as_ref().is_none_or(|(b, _)| sim > *b) {
                best = Some((sim, ev));
            }
        }
        match best {
            Some((sim, ev)) if sim >= self.min_similarity => Verdict::new(Tri::True, vec![ev]),
            _ if !unknown.is_empty() => Verdict::new(Tri::Unknown, unknown),
            Some((_, ev)) => Verdict::new(Tri::False, vec![ev]),
            None => Verdict::new(Tri::False, vec![Evidence::note("no file to compare")]),
        }
    }

    fn compare(&self, path: &str, text: &str) -> (f64, Evidence) {
        let ours = normalise(text, self.ignore.as_ref());
        let theirs: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        let mine: Vec<&str> = ours.iter().map(|(_, l)| *l).collect();
        let diff = TextDiff::configure().diff_slices(&theirs, &mine);
        let sim = if theirs.is_empty() && mine.is_empty() {
            1.0
        } else {
            f64::from(diff.ratio())
        };
        let sim = (sim * 10_000.0).round() / 10_000.0;
        // The first line of the repository's file that the template does not have.
        // Walk the diff to its first difference: an extra line of the file is reported where it
        // stands; a template line the file lacks, at the file's line where it should be.
        let mut next = 0usize;
        let mut first_diff: Option<Option<u32>> = None;
        for c in diff.iter_all_changes() {
            match c.tag() {
                ChangeTag::Equal => next += 1,
                ChangeTag::Insert | ChangeTag::Delete => {
                    first_diff = Some(ours.get(next).or(ours.last()).map(|(n, _)| *n));
                    break;
                }
            }
        }
        let note = match first_diff {
            None => format!("identical to template {} (similarity {sim})", self.source),
            Some(_) => format!(
                "similarity {sim} to template {} (needs {}); first difference here",
                self.source, self.min_similarity
            ),
        };
        (sim, Evidence::at(path, first_diff.flatten(), note))
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateDoc {
    pub file: GlobsDoc,
    /// Relative to the pack file.
    pub source: String,
    #[schemars(range(min = 0.0, max = 1.0))]
    pub min_similarity: Option<f64>,
    pub ignore: Option<Vec<String>>,
}

impl Check for Template {
    fn key(&self) -> &'static str {
        KIND.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Template::eval(self, cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, _presence: &mut Vec<GlobId>) {
        content.extend(&self.file.ids);
    }
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, &Template::describe(self));
    }
}
