//! The campaign file: which rules it moves, which repositories it targets, the branch, the pull
//! request's title and body, the deadline and the rollout size. Decoded like a pack: every
//! problem at its line and column, unknown keys rejected with a suggestion.

use crate::decode::Decoder;
use crate::diag::Diagnostic;
use crate::globs::GlobTable;
use crate::query::{Node, Pos, Value};

/// A validated campaign.
#[derive(Clone, Debug)]
pub struct Campaign {
    pub name: String,
    pub rules: Vec<(String, Pos)>,
    /// Repository name globs to target (empty: every repository).
    pub repos: globset::GlobSet,
    pub exclude: globset::GlobSet,
    pub branch: String,
    pub title: String,
    /// With `{deadline}` and `{docs}` filled in.
    pub body: String,
    pub deadline: Option<jiff::civil::Date>,
    /// When the campaign began: `status` compares adoption with the history as of this day,
    /// and the burndown counts from it.
    pub started: Option<jiff::civil::Date>,
    pub docs: Option<String>,
    /// At most this many repositories are changed per `apply` (the first ones by name).
    pub rollout: Option<usize>,
}

const KEYS: [&str; 11] = [
    "name", "rules", "repos", "exclude", "branch", "title", "body", "deadline", "started", "docs",
    "rollout",
];

impl Campaign {
    /// Whether the campaign targets the repository named `name`.
    pub fn targets(&self, name: &str) -> bool {
        (self.repos.is_empty() || self.repos.is_match(name)) && !self.exclude.is_match(name)
    }

    pub fn rule_ids(&self) -> Vec<String> {
        self.rules.iter().map(|(r, _)| r.clone()).collect()
    }
}

/// Decodes a campaign file; `Err` holds every problem.
pub fn parse(file: &str, text: &str) -> Result<Campaign, Vec<Diagnostic>> {
    let mut globs = GlobTable::default();
    let mut d = Decoder::new(file, &mut globs);
    let campaign = decode(&mut d, text);
    match campaign {
        Some(c) if d.diags.is_empty() => Ok(c),
        _ => {
            let mut diags = d.diags;
            if diags.is_empty() {
                diags.push(Diagnostic {
                    file: file.to_string(),
                    pos: Pos::new(1, 1),
                    message: "not a campaign".into(),
                });
            }
            diags.sort_by_key(|x| x.pos);
            Err(diags)
        }
    }
}

fn decode(d: &mut Decoder<'_>, text: &str) -> Option<Campaign> {
    let docs = match crate::pack::parse_lenient(text) {
        Ok(docs) => docs,
        Err(e) => {
            d.error(e.pos, format!("invalid YAML: {}", e.message));
            return None;
        }
    };
    let [doc] = docs.as_slice() else {
        d.error(Pos::new(1, 1), "a campaign is one YAML document");
        return None;
    };
    d.check_keys(doc, &KEYS, "campaign")?;
    let name = d
        .required(doc, "name", "campaign")
        .and_then(|n| d.string(n));
    let rules = d.required(doc, "rules", "campaign").and_then(|n| {
        let items = d.sequence(n, "rules")?;
        let out: Vec<(String, Pos)> = items
            .iter()
            .filter_map(|i| d.string(i).map(|s| (s, i.pos)))
            .collect();
        if out.is_empty() {
            d.error(n.pos, "`rules` names at least one rule");
        }
        Some(out)
    });
    let repos = name_globs(d, doc.get("repos"));
    let exclude = name_globs(d, doc.get("exclude"));
    let branch = d.required(doc, "branch", "campaign").and_then(|n| {
        let s = d.string(n)?;
        let ok = gix::refs::FullName::try_from(format!("refs/heads/{s}")).is_ok();
        if !ok {
            d.error(n.pos, format!("`{s}` is not a valid branch name"));
        }
        ok.then_some(s)
    });
    let title = d
        .required(doc, "title", "campaign")
        .and_then(|n| d.string(n));
    let docs_link = d.optional_string(doc, "docs");
    let deadline = date_key(d, doc, "deadline");
    let started = date_key(d, doc, "started");
    if let (Some(Some(a)), Some(Some(b)), Some(n)) = (started, deadline, doc.get("started"))
        && a >= b
    {
        d.error(
            n.pos,
            format!("`started` ({a}) must come before `deadline` ({b})"),
        );
    }
    let rollout = match doc.get("rollout") {
        None => Some(None),
        Some(Node {
            value: Value::Int(i),
            ..
        }) if *i > 0 => Some(Some(*i as usize)),
        Some(n) => {
            d.error(
                n.pos,
                format!("`rollout` must be a positive number, not `{n}`"),
            );
            None
        }
    };
    let body = match doc.get("body") {
        None => Some(String::new()),
        Some(n) => d.string(n).and_then(|b| {
            fill_body(&b, deadline.flatten(), docs_link.as_deref())
                .map_err(|e| d.error(n.pos, e))
                .ok()
        }),
    };
    Some(Campaign {
        name: name?,
        rules: rules?,
        repos: repos?,
        exclude: exclude?,
        branch: branch?,
        title: title?,
        body: body?,
        deadline: deadline?,
        started: started?,
        docs: docs_link,
        rollout: rollout?,
    })
}

/// An optional date key: `Some(None)` when absent, `None` (with a diagnostic) when not a date.
fn date_key(d: &mut Decoder<'_>, doc: &Node, key: &str) -> Option<Option<jiff::civil::Date>> {
    match doc.get(key) {
        None => Some(None),
        Some(n) => match n.scalar_text().and_then(|s| s.parse().ok()) {
            Some(date) => Some(Some(date)),
            None => {
                d.error(
                    n.pos,
                    format!("`{key}` must be a date like 2027-03-31, not `{n}`"),
                );
                None
            }
        },
    }
}

fn name_globs(d: &mut Decoder<'_>, node: Option<&Node>) -> Option<globset::GlobSet> {
    let mut b = globset::GlobSetBuilder::new();
    let Some(node) = node else {
        return Some(globset::GlobSet::empty());
    };
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    for item in items {
        let s = d.string(item)?;
        match globset::Glob::new(&s) {
            Ok(g) => {
                b.add(g);
            }
            Err(e) => {
                d.error(item.pos, format!("invalid glob `{s}`: {}", e.kind()));
                return None;
            }
        }
    }
    b.build().ok()
}

fn fill_body(
    body: &str,
    deadline: Option<jiff::civil::Date>,
    docs: Option<&str>,
) -> Result<String, String> {
    let mut out = body.to_string();
    for word in crate::fix::placeholders(body) {
        let value = match word {
            "deadline" => deadline
                .map(|d| d.to_string())
                .ok_or("`{deadline}` needs `deadline:`")?,
            "docs" => docs.map(str::to_string).ok_or("`{docs}` needs `docs:`")?,
            other => {
                return Err(format!(
                    "unknown placeholder `{{{other}}}` (known: {{deadline}}, {{docs}})"
                ));
            }
        };
        out = out.replace(&format!("{{{word}}}"), &value);
    }
    Ok(out)
}
