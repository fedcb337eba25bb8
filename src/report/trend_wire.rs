//! The trend document as written and read (schema_version 2): one line per rule, point and
//! repository, and each repository's outcomes at a point as one letter per rule of the
//! document's `rules` list. Version 1 spelled out every rule id at every point of every
//! repository, about 700 bytes where version 2 writes 21 letters; it still reads.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::de::Error as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::trend::{Adoption, Change, Every, RepoPoint, RepoTrend, TrendPoint, TrendReport};
use super::wire::{last_list, line, list};
use super::{RuleInfo, Tool};
use crate::outcome::Outcome;

/// The version this paved writes.
pub const TREND_VERSION: u32 = 2;

/// The letter of a rule with no outcome at a point (a rule the repository was not judged on).
const NONE: u8 = b'.';

/// A point's outcomes on the wire: letters in `rules` order, or (version 1, or a merged
/// document whose outcomes name a rule its list lacks) a map by rule id.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Outcomes<O> {
    Letters(String),
    Map(O),
}

#[derive(Serialize)]
struct PointOut<'a> {
    commit: &'a Option<String>,
    committed_at: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: &'a Option<String>,
    outcomes: Outcomes<&'a BTreeMap<String, Outcome>>,
}

#[derive(Serialize)]
struct RepoOut<'a> {
    name: &'a str,
    team: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: &'a Option<String>,
    points: Vec<Option<PointOut<'a>>>,
    #[serde(skip_serializing_if = "<[Change]>::is_empty")]
    changes: &'a [Change],
    #[serde(skip_serializing_if = "<[Adoption]>::is_empty")]
    adoption: &'a [Adoption],
}

/// The rules' positions in id order, each id once (at its first position): a point's
/// outcomes, a map sorted by id, are laid out against it in one merge-walk.
fn id_order(rules: &[RuleInfo]) -> Vec<(&str, usize)> {
    let mut order: Vec<(&str, usize)> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // Stable: a repeated id keeps its first position first.
    order.sort_by(|a, b| a.0.cmp(b.0));
    order.dedup_by(|later, first| later.0 == first.0);
    order
}

/// `outcomes` as `width` letters in the order of the rules (`order` from [`id_order`]; a
/// repeated id's later positions stay [`NONE`]), or `None` when it names a rule not listed.
fn letters(
    outcomes: &BTreeMap<String, Outcome>,
    order: &[(&str, usize)],
    width: usize,
) -> Option<String> {
    let mut row = vec![NONE; width];
    let mut ids = order.iter();
    for (rule, o) in outcomes {
        let &(id, at) = ids.find(|(id, _)| *id >= rule.as_str())?;
        if id != rule {
            return None;
        }
        row[at] = o.letter();
    }
    // Letters are ASCII.
    String::from_utf8(row).ok()
}

/// Writes `t` as a version 2 document.
pub fn write(t: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
    let order = id_order(&t.rules);
    writeln!(out, "{{\n  \"schema_version\": {TREND_VERSION},")?;
    writeln!(out, "  \"kind\": {},", line(&t.kind)?)?;
    writeln!(out, "  \"tool\": {},", line(&t.tool)?)?;
    writeln!(out, "  \"generated_at\": {},", line(&t.generated_at)?)?;
    writeln!(out, "  \"since\": {},", line(&t.since)?)?;
    writeln!(out, "  \"until\": {},", line(&t.until)?)?;
    writeln!(out, "  \"every\": {},", line(&t.every)?)?;
    list(out, "rules", t.rules.iter().map(line))?;
    list(out, "points", t.points.iter().map(line))?;
    let repos = t.repos.iter().map(|r| {
        let points = r
            .points
            .iter()
            .map(|p| {
                p.as_ref().map(|p| PointOut {
                    commit: &p.commit,
                    committed_at: &p.committed_at,
                    error: &p.error,
                    outcomes: match letters(&p.outcomes, &order, t.rules.len()) {
                        Some(l) => Outcomes::Letters(l),
                        None => Outcomes::Map(&p.outcomes),
                    },
                })
            })
            .collect();
        line(&RepoOut {
            name: &r.name,
            team: &r.team,
            error: &r.error,
            points,
            changes: &r.changes,
            adoption: &r.adoption,
        })
    });
    last_list(out, "repos", repos)?;
    writeln!(out, "\n}}")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointIn {
    commit: Option<String>,
    committed_at: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    outcomes: Option<Outcomes<BTreeMap<String, Outcome>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepoIn {
    name: String,
    team: Option<String>,
    #[serde(default)]
    error: Option<String>,
    points: Vec<Option<PointIn>>,
    #[serde(default)]
    changes: Vec<Change>,
    #[serde(default)]
    adoption: Vec<Adoption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocIn {
    schema_version: u32,
    kind: String,
    tool: Tool,
    generated_at: String,
    since: String,
    until: String,
    every: Option<Every>,
    rules: Vec<RuleInfo>,
    points: Vec<TrendPoint>,
    repos: Vec<RepoIn>,
}

/// Reads a trend document of version 1 or 2 (the caller refuses versions it does not know).
pub fn read(text: &str) -> serde_json::Result<TrendReport> {
    let doc: DocIn = serde_json::from_str(text)?;
    let ids: Vec<&str> = doc.rules.iter().map(|r| r.id.as_str()).collect();
    let point = |repo: &str, i: usize, p: PointIn| -> serde_json::Result<RepoPoint> {
        let outcomes = match p.outcomes {
            None => BTreeMap::new(),
            Some(Outcomes::Map(m)) => m,
            Some(Outcomes::Letters(l)) => from_letters(&l, &ids).ok_or_else(|| {
                serde_json::Error::custom(format!(
                    "repository {repo}, point {}: outcomes {l:?} are not one of the letters \
                     p, c, m, n, x, e or . for each of the {} rules",
                    i + 1,
                    ids.len()
                ))
            })?,
        };
        Ok(RepoPoint {
            commit: p.commit,
            committed_at: p.committed_at,
            error: p.error,
            outcomes,
        })
    };
    let repos = doc
        .repos
        .into_iter()
        .map(|r| {
            let points = r
                .points
                .into_iter()
                .enumerate()
                .map(|(i, p)| p.map(|p| point(&r.name, i, p)).transpose())
                .collect::<serde_json::Result<_>>()?;
            Ok(RepoTrend {
                name: r.name,
                team: r.team,
                error: r.error,
                points,
                changes: r.changes,
                adoption: r.adoption,
            })
        })
        .collect::<serde_json::Result<_>>()?;
    Ok(TrendReport {
        schema_version: doc.schema_version,
        kind: doc.kind,
        tool: doc.tool,
        generated_at: doc.generated_at,
        since: doc.since,
        until: doc.until,
        every: doc.every,
        rules: doc.rules,
        points: doc.points,
        repos,
        latest: None,
        stats: Default::default(),
    })
}

fn from_letters(l: &str, ids: &[&str]) -> Option<BTreeMap<String, Outcome>> {
    if l.len() != ids.len() {
        return None;
    }
    let mut out = BTreeMap::new();
    for (c, id) in l.bytes().zip(ids) {
        if c != NONE {
            out.insert(id.to_string(), Outcome::from_letter(c)?);
        }
    }
    Some(out)
}

/// The schema of what [`write()`] writes, from the derived schema of [`TrendReport`]: the
/// version is 2 and a point's `outcomes` is a string of letters (or the version 1 map).
pub fn schema_v2(base: &mut Map<String, Value>) {
    if let Some(v) = base
        .get_mut("properties")
        .and_then(|p| p.get_mut("schema_version"))
        .and_then(Value::as_object_mut)
    {
        v.insert("const".into(), TREND_VERSION.into());
    }
    let point = base
        .get_mut("$defs")
        .and_then(|d| d.get_mut("RepoPoint"))
        .and_then(|p| p.get_mut("properties"))
        .and_then(Value::as_object_mut);
    if let Some(props) = point {
        let map = props.remove("outcomes").unwrap_or(Value::Null);
        props.insert(
            "outcomes".into(),
            serde_json::json!({
                "description": "One letter per rule of the document's `rules`, in that order: \
                    p paved, c custom, m missing, n not_applicable, x exempt, e error, \
                    . not judged. An object by rule id where a rule is not in `rules` (or in a \
                    version 1 document).",
                "anyOf": [
                    { "type": "string", "pattern": "^[pcmnxe.]*$" },
                    map
                ]
            }),
        );
    }
}
