//! A repository's history entry in the result cache: what its history cannot change. Commits
//! are immutable, so the outcomes found at a commit (points and bisection probes alike) and the
//! first-parent line below a known commit hold for every later run with the same rules; a rerun
//! walks only the commits added since and evaluates only the new points.

use std::collections::BTreeMap;

use gix::ObjectId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::line::LineCommit;
use crate::outcome::{Outcome, RuleResult};

/// Results by commit key (the commit id, with the day when exemptions are in play), then rule.
pub(super) type ByCommit<T> = BTreeMap<String, BTreeMap<String, T>>;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct StoredHistory {
    /// Every outcome computed, points and bisection probes: all a point or a probe needs.
    pub outcomes: ByCommit<Outcome>,
    /// The full results (messages, evidence) at the last point of the run that wrote this,
    /// for the dashboard; only that commit's, so the entry does not grow with every run.
    pub latest: ByCommit<RuleResult>,
    /// The first-parent line last walked, newest first: `(commit, tree, committer seconds)`.
    pub line: Vec<(String, String, i64)>,
    /// That line ends at the root commit (nothing older exists).
    pub line_to_root: bool,
}

impl StoredHistory {
    /// The stored line, or none at all when any of it does not read (then it is walked anew).
    pub fn known_line(&self) -> Vec<LineCommit> {
        let read = |(id, tree, secs): &(String, String, i64)| {
            Some(LineCommit {
                id: ObjectId::from_hex(id.as_bytes()).ok()?,
                tree: ObjectId::from_hex(tree.as_bytes()).ok()?,
                time: Timestamp::from_second(*secs).ok()?,
            })
        };
        self.line
            .iter()
            .map(read)
            .collect::<Option<_>>()
            .unwrap_or_default()
    }

    pub fn set_line(&mut self, line: &[LineCommit], to_root: bool) {
        self.line = line
            .iter()
            .map(|c| (c.id.to_string(), c.tree.to_string(), c.time.as_second()))
            .collect();
        self.line_to_root = to_root;
    }
}
