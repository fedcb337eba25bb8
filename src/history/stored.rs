//! A repository's history entry in the result cache: what its history cannot change. Commits
//! are immutable, so the outcomes found at a commit (points and bisection probes alike) and the
//! first-parent line below a known commit hold for every later run with the same rules; a rerun
//! walks only the commits added since and evaluates only the new points.
//!
//! The entry is read and written once per repository on every rerun, so it is compact: the rule
//! ids once, then per commit one letter per rule, and the line as one text of
//! `commit tree seconds` lines; a JSON document of a map per commit cost more to parse and
//! write than the rerun's new evaluations. Anything that does not read fails the whole entry
//! (the cache then warns and rebuilds it).
//!
//! With the last point's full results it keeps, per rule, a digest of what that result was
//! computed from ([`InputDigest`]: the exemption and the entries its deciding stages read), so
//! the next run's new point, and the bisection probes before it, reuse the result wherever those
//! inputs are unchanged instead of evaluating it again.

use std::collections::BTreeMap;
use std::ops::Range;

use gix::ObjectId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::line::LineCommit;
use super::reuse::InputDigest;
use crate::outcome::{Outcome, RuleResult};

/// A rule not evaluated at that commit.
const UNKNOWN: u8 = b'.';

/// Results by commit key (the commit id, with the day when exemptions are in play), then rule.
pub(super) type ByCommit<T> = BTreeMap<String, BTreeMap<String, T>>;

#[derive(Clone, Debug, Default)]
pub(super) struct StoredHistory {
    /// The rule ids, in the order of each row of `outcomes`.
    rules: Vec<String>,
    /// Every outcome computed, points and bisection probes (all a point or a probe needs): per
    /// commit key one letter per rule ([`code`]), [`UNKNOWN`] where none was computed.
    outcomes: BTreeMap<String, Vec<u8>>,
    /// The full results (messages, evidence) at the last point of the run that wrote this,
    /// for the dashboard; only that commit's, so the entry does not grow with every run.
    pub latest: ByCommit<RuleResult>,
    /// Per rule (in the order of `rules`), the digest of the inputs of its result in `latest`.
    inputs: Vec<Option<InputDigest>>,
    /// The first-parent line last walked, newest first.
    pub line: Vec<LineCommit>,
    /// That line ends at the root commit (nothing older exists).
    pub line_to_root: bool,
}

/// The outcome's letter ([`Outcome::letter`]), but none for an error: an error may pass on
/// another try, so it is never stored.
fn code(o: Outcome) -> Option<u8> {
    (o != Outcome::Error).then(|| o.letter())
}

fn outcome(c: u8) -> Option<Outcome> {
    Outcome::from_letter(c).filter(|o| *o != Outcome::Error)
}

impl StoredHistory {
    /// Puts the rows in the order of `rules` (the run's rule list), so rule `r` is column `r`;
    /// a rule the entry does not know is unknown everywhere. Free when the order is the same,
    /// as it is for every entry of the same fingerprint.
    pub fn align(&mut self, rules: &[&str]) {
        if self
            .rules
            .iter()
            .map(String::as_str)
            .eq(rules.iter().copied())
        {
            return;
        }
        let from: Vec<Option<usize>> = rules
            .iter()
            .map(|id| self.rules.iter().position(|r| r == id))
            .collect();
        for row in self.outcomes.values_mut() {
            *row = from
                .iter()
                .map(|f| f.and_then(|i| row.get(i).copied()).unwrap_or(UNKNOWN))
                .collect();
        }
        self.inputs = from
            .iter()
            .map(|f| f.and_then(|i| self.inputs.get(i).copied().flatten()))
            .collect();
        self.rules = rules.iter().map(|r| r.to_string()).collect();
    }

    /// The digest of the inputs of rule `r`'s result in `latest`.
    pub fn latest_input(&self, r: usize) -> Option<InputDigest> {
        self.inputs.get(r).copied().flatten()
    }

    /// Replaces `latest` with the full results at commit `key`, each rule's with the digest of
    /// its inputs.
    pub fn set_latest(
        &mut self,
        key: String,
        results: BTreeMap<String, RuleResult>,
        inputs: &[(usize, InputDigest)],
    ) {
        self.latest = BTreeMap::from([(key, results)]);
        self.inputs = vec![None; self.rules.len()];
        for &(r, d) in inputs {
            if let Some(at) = self.inputs.get_mut(r) {
                *at = Some(d);
            }
        }
    }

    /// The stored outcome of rule `r` at commit `key`.
    #[cfg(test)]
    pub fn outcome(&self, key: &str, r: usize) -> Option<Outcome> {
        outcome(*self.outcomes.get(key)?.get(r)?)
    }

    /// The stored outcomes of rules `range` at commit `key`, or `None` unless all are known:
    /// the commit is looked up once, not once per rule.
    pub fn outcomes_of(&self, key: &str, range: Range<usize>) -> Option<Vec<(usize, Outcome)>> {
        let row = self.outcomes.get(key)?;
        range.map(|r| Some((r, outcome(*row.get(r)?)?))).collect()
    }

    /// Stores rule `r`'s outcome at commit `key` (an error is not stored); true when it was new.
    pub fn set_outcome(&mut self, key: &str, r: usize, o: Outcome) -> bool {
        let Some(c) = code(o) else { return false };
        let n = self.rules.len();
        let row = match self.outcomes.get_mut(key) {
            Some(row) => row,
            None => self
                .outcomes
                .entry(key.to_string())
                .or_insert_with(|| vec![UNKNOWN; n]),
        };
        match row.get_mut(r) {
            Some(at) if *at == UNKNOWN => {
                *at = c;
                true
            }
            _ => false,
        }
    }
}

/// The entry as written.
#[derive(Serialize, Deserialize)]
struct Wire<'a> {
    #[serde(borrow)]
    rules: Vec<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    outcomes: BTreeMap<std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>>,
    latest: std::borrow::Cow<'a, ByCommit<RuleResult>>,
    /// Per rule, its input digest in unpadded base64, or empty.
    #[serde(borrow)]
    inputs: Vec<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    line: std::borrow::Cow<'a, str>,
    line_to_root: bool,
}

fn digest_text(d: &Option<InputDigest>) -> std::borrow::Cow<'static, str> {
    use base64::Engine;
    d.map_or(std::borrow::Cow::Borrowed(""), |d| {
        base64::engine::general_purpose::STANDARD_NO_PAD
            .encode(d)
            .into()
    })
}

fn parse_digest(text: &str) -> Result<Option<InputDigest>, String> {
    use base64::Engine;
    if text.is_empty() {
        return Ok(None);
    }
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(text)
        .map_err(|e| format!("input digest `{text}`: {e}"))?;
    InputDigest::try_from(bytes.as_slice())
        .map(Some)
        .map_err(|_| format!("input digest `{text}`: not 32 bytes"))
}

fn line_text(line: &[LineCommit]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(line.len() * 96);
    for c in line {
        let _ = writeln!(s, "{} {} {}", c.id, c.tree, c.time.as_second());
    }
    s
}

fn parse_line(text: &str) -> Result<Vec<LineCommit>, String> {
    text.lines()
        .map(|l| {
            let mut parts = l.split(' ');
            let mut id = || {
                let p = parts.next().unwrap_or_default();
                ObjectId::from_hex(p.as_bytes()).map_err(|e| format!("line `{l}`: {e}"))
            };
            let (id, tree) = (id()?, id()?);
            let time = parts
                .next()
                .and_then(|s| s.parse().ok())
                .and_then(|s| Timestamp::from_second(s).ok())
                .ok_or_else(|| format!("line `{l}`: no commit time"))?;
            Ok(LineCommit { id, tree, time })
        })
        .collect()
}

impl Serialize for StoredHistory {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = |row: &Vec<u8>| String::from_utf8_lossy(row).into_owned().into();
        Wire {
            rules: self.rules.iter().map(|r| r.as_str().into()).collect(),
            outcomes: self
                .outcomes
                .iter()
                .map(|(k, row)| (k.as_str().into(), text(row)))
                .collect(),
            latest: std::borrow::Cow::Borrowed(&self.latest),
            inputs: self.inputs.iter().map(digest_text).collect(),
            line: line_text(&self.line).into(),
            line_to_root: self.line_to_root,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for StoredHistory {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let w = Wire::deserialize(d)?;
        let n = w.rules.len();
        let outcomes = w
            .outcomes
            .into_iter()
            .map(|(k, row)| {
                let row = row.as_bytes();
                if row.len() != n || row.iter().any(|&c| c != UNKNOWN && outcome(c).is_none()) {
                    return Err(D::Error::custom(format!("bad outcomes at {k}")));
                }
                Ok((k.into_owned(), row.to_vec()))
            })
            .collect::<Result<_, _>>()?;
        if w.inputs.len() != n {
            return Err(D::Error::custom("input digests do not match the rules"));
        }
        let inputs = w
            .inputs
            .iter()
            .map(|t| parse_digest(t))
            .collect::<Result<_, _>>()
            .map_err(D::Error::custom)?;
        Ok(StoredHistory {
            rules: w.rules.into_iter().map(|r| r.into_owned()).collect(),
            outcomes,
            latest: w.latest.into_owned(),
            inputs,
            line: parse_line(&w.line).map_err(D::Error::custom)?,
            line_to_root: w.line_to_root,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_back_as_written_and_realigns_to_another_rule_order() {
        let mut h = StoredHistory::default();
        h.align(&["a", "b"]);
        assert!(h.set_outcome("c1", 0, Outcome::Paved));
        assert!(!h.set_outcome("c1", 0, Outcome::Missing), "kept once found");
        assert!(
            !h.set_outcome("c1", 1, Outcome::Error),
            "errors are not stored"
        );
        h.set_outcome("c2", 1, Outcome::Exempt);
        let id = ObjectId::from_hex(b"28164f998ebc8b246387fa6069fa0ad977ea0985").unwrap();
        h.line = vec![LineCommit {
            id,
            tree: id,
            time: Timestamp::from_second(1_700_000_000).unwrap(),
        }];
        let text = serde_json::to_string(&h).unwrap();
        let back: StoredHistory = serde_json::from_str(&text).unwrap();
        assert_eq!(back.line, h.line);
        assert_eq!(back.outcome("c1", 0), Some(Outcome::Paved));
        assert_eq!(back.outcome("c1", 1), None);
        h.set_latest("c1".into(), BTreeMap::new(), &[(1, [7; 32])]);
        let mut back: StoredHistory =
            serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
        assert_eq!(back.latest_input(1), Some([7; 32]));
        assert_eq!(back.latest_input(0), None);
        back.align(&["b", "new", "a"]);
        assert_eq!(
            back.latest_input(0),
            Some([7; 32]),
            "digests move with their rule"
        );
        assert_eq!(back.latest_input(2), None);
        assert_eq!(back.outcome("c1", 2), Some(Outcome::Paved));
        assert_eq!(back.outcome("c2", 0), Some(Outcome::Exempt));
        assert_eq!(back.outcome("c2", 1), None);
    }

    #[test]
    fn a_spoiled_entry_does_not_read() {
        let good = r#"{"rules":["a"],"outcomes":{"c":"p"},"latest":{},"inputs":[""],"line":"","line_to_root":false}"#;
        assert!(serde_json::from_str::<StoredHistory>(good).is_ok());
        for bad in [
            r#"{"rules":["a"],"outcomes":{"c":"pp"},"latest":{},"inputs":[""],"line":"","line_to_root":false}"#,
            r#"{"rules":["a"],"outcomes":{"c":"?"},"latest":{},"inputs":[""],"line":"","line_to_root":false}"#,
            r#"{"rules":[],"outcomes":{},"latest":{},"inputs":[],"line":"zz 00 1\n","line_to_root":false}"#,
            // The input digests: one per rule, each 32 bytes, and present (an older entry).
            r#"{"rules":["a"],"outcomes":{},"latest":{},"inputs":[],"line":"","line_to_root":false}"#,
            r#"{"rules":["a"],"outcomes":{},"latest":{},"inputs":["AAAA"],"line":"","line_to_root":false}"#,
            r#"{"rules":["a"],"outcomes":{},"latest":{},"line":"","line_to_root":false}"#,
        ] {
            assert!(serde_json::from_str::<StoredHistory>(bad).is_err(), "{bad}");
        }
    }
}
