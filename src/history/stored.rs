//! A repository's history entry in the result cache: what its history cannot change. Commits
//! are immutable, so the outcomes found at a commit (points and bisection probes alike) and the
//! first-parent line below a known commit hold for every later run with the same rules; a rerun
//! walks only the commits added since and evaluates only the new points.
//!
//! With them it keeps the team at the last point's commit and the subjects of the commits the
//! last run's changes named, so a rerun of a repository whose HEAD has not moved reads no git
//! object at all (its packs are not even opened).
//!
//! The entry is read and written once per repository on every rerun, so it is binary and
//! compact ([`StoredHistory::to_bytes`]): counts and lengths as little-endian `u32`, texts as
//! a length and UTF-8; the rule ids once, then per commit key one letter per rule; the last
//! point's results field by field; per rule a flag and its 32-byte input digest; the line as
//! raw object ids (commit, tree) and `i64` seconds; the owner (commit, team, source as its place
//! in `TeamSource::ALL`) and the subjects. As JSON (maps of hex texts, a line of
//! `commit tree seconds` text) reading and writing it cost about a quarter of a rerun. Anything
//! that does not read (a foreign letter, a count past the end, bytes left over) fails the whole
//! entry (the cache then warns and rebuilds it).
//!
//! With the last point's full results it keeps, per rule, a digest of what that result was
//! computed from ([`InputDigest`]: the exemption and the entries its deciding stages read), so
//! the next run's new point, and the bisection probes before it, reuse the result wherever those
//! inputs are unchanged instead of evaluating it again.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::Timestamp;

use super::line::LineCommit;
use super::reuse::InputDigest;
use crate::cache::codec::{In, Out, Spoiled, spoiled};
use crate::outcome::{Outcome, RuleResult};
use crate::policy::Owner;
use crate::report::TeamSource;

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
    /// The team at the last point's commit (by commit id), so a run whose last point has not
    /// moved does not read the ownership files again.
    pub owner: Option<(String, Option<Owner>)>,
    /// The subjects of the commits the last run named in its changes, by commit id: with the
    /// owner, all a rerun of an unchanged repository would read objects for.
    pub subjects: BTreeMap<String, String>,
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

impl StoredHistory {
    /// The entry's data as stored: the rules, the outcome rows, the last point's results, the
    /// input digests, the line.
    pub fn to_bytes(&self) -> Vec<u8> {
        let n = self.rules.len();
        let mut o = Out(Vec::with_capacity(
            64 + self.outcomes.len() * (48 + n) + self.line.len() * 48 + 4096,
        ));
        o.u32(n);
        for r in &self.rules {
            o.text(r);
        }
        o.u32(self.outcomes.len());
        for (key, row) in &self.outcomes {
            o.text(key);
            o.0.extend_from_slice(row);
        }
        o.u32(self.latest.len());
        for (key, results) in &self.latest {
            o.text(key);
            o.u32(results.len());
            for (rule, r) in results {
                o.text(rule);
                o.result(r);
            }
        }
        for d in &self.inputs {
            match d {
                None => o.0.push(0),
                Some(d) => {
                    o.0.push(1);
                    o.0.extend_from_slice(d);
                }
            }
        }
        let id_len = self.line.first().map_or(0, |c| c.id.as_bytes().len());
        o.u32(self.line.len());
        o.0.push(id_len as u8);
        for c in &self.line {
            o.0.extend_from_slice(c.id.as_bytes());
            o.0.extend_from_slice(c.tree.as_bytes());
            o.0.extend_from_slice(&c.time.as_second().to_le_bytes());
        }
        o.0.push(u8::from(self.line_to_root));
        match &self.owner {
            None => o.0.push(0),
            Some((key, owner)) => {
                o.0.push(1);
                o.text(key);
                o.opt_text(owner.as_ref().map(|w| w.team.as_str()));
                if let Some(w) = owner {
                    o.0.push(source_code(w.source));
                }
            }
        }
        o.u32(self.subjects.len());
        for (key, subject) in &self.subjects {
            o.text(key);
            o.text(subject);
        }
        o.0
    }

    /// Reads what [`StoredHistory::to_bytes`] wrote; anything else fails whole.
    pub fn from_bytes(data: &[u8]) -> Result<StoredHistory, Spoiled> {
        let mut i = In(data);
        let n = i.count(4)?;
        let rules: Vec<String> = (0..n)
            .map(|_| i.text().map(str::to_string))
            .collect::<Result<_, _>>()?;
        let mut outcomes = BTreeMap::new();
        for _ in 0..i.count(4 + n)? {
            let key = i.text()?.to_string();
            let row = i.bytes(n)?;
            if row.iter().any(|&c| c != UNKNOWN && outcome(c).is_none()) {
                return Err(spoiled(format!("bad outcomes at {key}")));
            }
            outcomes.insert(key, row.to_vec());
        }
        let mut latest = BTreeMap::new();
        for _ in 0..i.count(8)? {
            let key = i.text()?.to_string();
            let mut results = BTreeMap::new();
            for _ in 0..i.count(8)? {
                let rule = i.text()?.to_string();
                results.insert(rule, i.result()?);
            }
            latest.insert(key, results);
        }
        let inputs = (0..n)
            .map(|_| {
                Ok(if i.flag()? {
                    let d = i.bytes(32)?;
                    Some(InputDigest::try_from(d).map_err(|_| spoiled("input digest"))?)
                } else {
                    None
                })
            })
            .collect::<Result<_, Spoiled>>()?;
        let len = i.u32()? as usize;
        let id_len = i.byte()? as usize;
        if len > 0 && !matches!(id_len, 20 | 32) {
            return Err(spoiled(format!("object ids of {id_len} bytes")));
        }
        if len.saturating_mul(2 * id_len + 8) > i.0.len() {
            return Err(spoiled("line cut short"));
        }
        let mut line = Vec::with_capacity(len);
        for _ in 0..len {
            let (id, tree) = (i.id(id_len)?, i.id(id_len)?);
            let b = i.bytes(8)?;
            let secs = i64::from_le_bytes(b.try_into().map_err(|_| spoiled("time"))?);
            let time = Timestamp::from_second(secs).map_err(|e| spoiled(e.to_string()))?;
            line.push(LineCommit { id, tree, time });
        }
        let line_to_root = i.flag()?;
        let owner = if i.flag()? {
            let key = i.text()?.to_string();
            let owner = match i.opt_text()? {
                Some(team) => {
                    let source = TeamSource::ALL
                        .get(usize::from(i.byte()?))
                        .copied()
                        .ok_or_else(|| spoiled("team source"))?;
                    Some(Owner { team, source })
                }
                None => None,
            };
            Some((key, owner))
        } else {
            None
        };
        let mut subjects = BTreeMap::new();
        for _ in 0..i.count(8)? {
            let key = i.text()?.to_string();
            subjects.insert(key, i.text()?.to_string());
        }
        if !i.0.is_empty() {
            return Err(spoiled(format!("{} bytes left over", i.0.len())));
        }
        Ok(StoredHistory {
            rules,
            outcomes,
            latest,
            inputs,
            line,
            line_to_root,
            owner,
            subjects,
        })
    }
}

/// A team source as one byte: its place in [`TeamSource::ALL`].
fn source_code(source: TeamSource) -> u8 {
    TeamSource::ALL
        .iter()
        .position(|s| *s == source)
        .map_or(u8::MAX, |i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Evidence;
    use gix::ObjectId;

    /// A first-parent line of one commit (its id standing for its tree too).
    fn one_commit_line() -> Vec<LineCommit> {
        let id = ObjectId::from_hex(b"28164f998ebc8b246387fa6069fa0ad977ea0985").unwrap();
        vec![LineCommit {
            id,
            tree: id,
            time: Timestamp::from_second(1_700_000_000).unwrap(),
        }]
    }

    fn back(h: &StoredHistory) -> StoredHistory {
        StoredHistory::from_bytes(&h.to_bytes()).unwrap()
    }

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
        h.line = one_commit_line();
        h.line_to_root = true;
        h.owner = Some((
            "c2".into(),
            Some(Owner {
                team: "web".into(),
                source: TeamSource::Codeowners,
            }),
        ));
        h.subjects = BTreeMap::from([("c1".into(), "Add CI".into()), ("c2".into(), "".into())]);
        let b = back(&h);
        assert_eq!(b.line, h.line);
        assert!(b.line_to_root);
        assert_eq!((&b.owner, &b.subjects), (&h.owner, &h.subjects));
        let owners = TeamSource::ALL
            .map(|source| {
                Some(Owner {
                    team: "t".into(),
                    source,
                })
            })
            .into_iter()
            .chain([None]);
        for owner in owners {
            let o = StoredHistory {
                owner: Some(("c".into(), owner)),
                ..Default::default()
            };
            assert_eq!(back(&o).owner, o.owner);
        }
        assert_eq!(b.outcome("c1", 0), Some(Outcome::Paved));
        assert_eq!(b.outcome("c1", 1), None);
        let result = RuleResult {
            rule: "b".into(),
            outcome: Outcome::Custom,
            evidence: vec![
                Evidence::at("a/ü.yml", Some(7), "note").with_value("v"),
                Evidence::note("only a note"),
            ],
            message: "a message".into(),
        };
        h.set_latest(
            "c1".into(),
            BTreeMap::from([("b".to_string(), result)]),
            &[(1, [7; 32])],
        );
        let mut b = back(&h);
        assert_eq!(b.latest, h.latest, "the full results, evidence and all");
        assert_eq!(b.latest_input(1), Some([7; 32]));
        assert_eq!(b.latest_input(0), None);
        b.align(&["b", "new", "a"]);
        assert_eq!(
            b.latest_input(0),
            Some([7; 32]),
            "digests move with their rule"
        );
        assert_eq!(b.latest_input(2), None);
        assert_eq!(b.outcome("c1", 2), Some(Outcome::Paved));
        assert_eq!(b.outcome("c2", 0), Some(Outcome::Exempt));
        assert_eq!(b.outcome("c2", 1), None);
    }

    #[test]
    fn a_spoiled_entry_does_not_read() {
        let mut h = StoredHistory::default();
        h.align(&["a"]);
        h.set_outcome("c", 0, Outcome::Paved);
        h.line = one_commit_line();
        let good = h.to_bytes();
        assert!(StoredHistory::from_bytes(&good).is_ok());
        // The row of commit `c`: after the rule count, the rule, the row count and the key.
        let row = 4 + 5 + 4 + 5;
        assert_eq!(good[row], b'p');
        let with = |at: usize, b: u8| {
            let mut s = good.clone();
            s[at] = b;
            s
        };
        let mut longer = good.clone();
        longer.push(0);
        // The line's end: its flag, then no owner (a flag) and no subjects (a count).
        let to_root = good.len() - 1 - 1 - 4;
        let cases = [
            ("a foreign outcome letter", with(row, b'?')),
            ("a count past the end", with(0, 200)),
            ("a flag that is neither 0 nor 1", with(to_root, 2)),
            (
                "an owner flag that is neither 0 nor 1",
                with(to_root + 1, 2),
            ),
            ("a subject count past the end", with(good.len() - 4, 1)),
            ("cut short", good[..good.len() - 3].to_vec()),
            ("bytes left over", longer),
            ("nothing", Vec::new()),
        ];
        for (why, bad) in cases {
            assert!(StoredHistory::from_bytes(&bad).is_err(), "{why}");
        }
        // Object ids of a length no hash has.
        let ids = to_root - 48 - 1;
        assert_eq!(good[ids], 20);
        assert!(StoredHistory::from_bytes(&with(ids, 19)).is_err());
    }
}
