//! Changes between points: each crossing of the paved boundary, located by bisecting the
//! first-parent line between the two points, with the commit that made it.

use super::{PointState, RepoRun};
use crate::history::dates::utc_day;
use crate::history::error::HistoryError;
use crate::history::line::{commit_info, subject};
use crate::outcome::Outcome;
use crate::report::trend::{Change, CommitInfo};

impl RepoRun<'_> {
    /// Every crossing of the paved boundary between consecutive points, with the commit that
    /// made it, oldest first.
    pub(super) fn changes(&mut self, states: &[PointState]) -> Vec<Change> {
        let mut changes = Vec::new();
        for i in 1..states.len() {
            let (lo, hi_ix, hi_out) = match (&states[i - 1], &states[i]) {
                (PointState::NoHistory, PointState::At { ix, outcomes }) => (None, *ix, outcomes),
                (
                    PointState::At {
                        ix: a,
                        outcomes: oa,
                    },
                    PointState::At { ix, outcomes },
                ) => (Some((*a, oa)), *ix, outcomes),
                _ => continue,
            };
            for r in 0..self.cx.rule_list.len() {
                let was = lo.is_some_and(|(_, o)| o[r] == Outcome::Paved);
                let now = hi_out[r] == Outcome::Paved;
                // Unchanged, or a new repository that is not paved: nothing crossed.
                if was == now {
                    continue;
                }
                if let Ok(c) = self.change_between(r, lo.map(|(ix, o)| (ix, o[r])), hi_ix, i) {
                    changes.push(c);
                }
            }
        }
        changes.sort_by(|a: &Change, b: &Change| {
            let at = |c: &Change| {
                c.commit
                    .as_ref()
                    .map_or(c.date.clone(), |i| i.committed_at.clone())
            };
            at(a).cmp(&at(b)).then_with(|| a.rule.cmp(&b.rule))
        });
        changes
    }

    /// The commit between two points at which rule `r` crossed the paved boundary:
    /// a bisection of the first-parent line between them, judged under the later point's
    /// policy so only commits can make the difference.
    fn change_between(
        &mut self,
        r: usize,
        lo: Option<(usize, Outcome)>,
        hi: usize,
        hi_point: usize,
    ) -> Result<Change, HistoryError> {
        let policy = self.cx.policies[hi_point].clone();
        let rule = self.cx.rule_list[r].id.clone();
        let target = self.outcome_at(r, hi, &policy)? == Outcome::Paved;
        let date = self.cx.spec.points[hi_point].day.to_string();
        let end = self.line.len();
        let mut lo_i = lo.map_or(end, |(ix, _)| ix);
        if lo_i < end && (self.outcome_at(r, lo_i, &policy)? == Outcome::Paved) == target {
            // The same content is judged differently: an exemption began or ended.
            return Ok(Change {
                rule,
                from: lo.map(|(_, o)| o),
                to: self.outcome_at(r, hi, &policy)?,
                commit: None,
                date,
            });
        }
        let mut hi_i = hi;
        while lo_i > hi_i + 1 {
            let mid = hi_i + (lo_i - hi_i) / 2;
            self.stats.probes += 1;
            if (self.outcome_at(r, mid, &policy)? == Outcome::Paved) == target {
                hi_i = mid;
            } else {
                lo_i = mid;
            }
        }
        let from = if lo_i < end {
            Some(self.outcome_at(r, lo_i, &policy)?)
        } else {
            None
        };
        let to = self.outcome_at(r, hi_i, &policy)?;
        Ok(Change {
            rule,
            from,
            to,
            date: utc_day(self.line[hi_i].time).to_string(),
            commit: Some(self.commit_info(hi_i)),
        })
    }

    /// What a change says of line commit `ix`: its subject from the result cache's entry when
    /// stored there, else read from the commit (and stored, unless it could not be read).
    fn commit_info(&mut self, ix: usize) -> CommitInfo {
        let c = &self.line[ix];
        let key = c.id.to_string();
        let text = match self.stored.subjects.get(&key) {
            Some(t) => Some(t.clone()),
            None => {
                let read = subject(&self.handle, &c.id);
                self.stored_new |= read.is_some();
                read
            }
        };
        if let Some(t) = &text {
            self.subjects.insert(key, t.clone());
        }
        commit_info(c, text.unwrap_or_default())
    }
}
