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

use std::collections::BTreeMap;

use gix::ObjectId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::line::LineCommit;
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
    /// The first-parent line last walked, newest first.
    pub line: Vec<LineCommit>,
    /// That line ends at the root commit (nothing older exists).
    pub line_to_root: bool,
}

fn code(o: Outcome) -> Option<u8> {
    Some(match o {
        Outcome::Paved => b'p',
        Outcome::Custom => b'c',
        Outcome::Missing => b'm',
        Outcome::NotApplicable => b'n',
        Outcome::Exempt => b'x',
        // An error may pass on another try: never stored.
        Outcome::Error => return None,
    })
}

fn outcome(c: u8) -> Option<Outcome> {
    Some(match c {
        b'p' => Outcome::Paved,
        b'c' => Outcome::Custom,
        b'm' => Outcome::Missing,
        b'n' => Outcome::NotApplicable,
        b'x' => Outcome::Exempt,
        _ => return None,
    })
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
        self.rules = rules.iter().map(|r| r.to_string()).collect();
    }

    /// The stored outcome of rule `r` at commit `key`.
    pub fn outcome(&self, key: &str, r: usize) -> Option<Outcome> {
        outcome(*self.outcomes.get(key)?.get(r)?)
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
    #[serde(borrow)]
    line: std::borrow::Cow<'a, str>,
    line_to_root: bool,
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
        Ok(StoredHistory {
            rules: w.rules.into_iter().map(|r| r.into_owned()).collect(),
            outcomes,
            latest: w.latest.into_owned(),
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
        let mut back: StoredHistory = serde_json::from_str(&text).unwrap();
        assert_eq!(back.line, h.line);
        assert_eq!(back.outcome("c1", 0), Some(Outcome::Paved));
        assert_eq!(back.outcome("c1", 1), None);
        back.align(&["b", "new", "a"]);
        assert_eq!(back.outcome("c1", 2), Some(Outcome::Paved));
        assert_eq!(back.outcome("c2", 0), Some(Outcome::Exempt));
        assert_eq!(back.outcome("c2", 1), None);
    }

    #[test]
    fn a_spoiled_entry_does_not_read() {
        for bad in [
            r#"{"rules":["a"],"outcomes":{"c":"pp"},"latest":{},"line":"","line_to_root":false}"#,
            r#"{"rules":["a"],"outcomes":{"c":"?"},"latest":{},"line":"","line_to_root":false}"#,
            r#"{"rules":[],"outcomes":{},"latest":{},"line":"zz 00 1\n","line_to_root":false}"#,
        ] {
            assert!(serde_json::from_str::<StoredHistory>(bad).is_err(), "{bad}");
        }
    }
}
