//! The quarterly memo's facts, computed from a trend document: the org and each rule before
//! and after, team moves, the repositories that adopted or regressed, deadlines at risk.

use jiff::civil::Date;

use super::trend::{Change, TrendReport};
use super::{Summary, TeamSummary};
use crate::outcome::Outcome;

/// A rule (or the org) at the start and end of the memo's period.
#[derive(Clone, Debug, PartialEq)]
pub struct BeforeAfter {
    /// The rule id; `None` for the org-wide figure.
    pub rule: Option<String>,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// paved and paved + custom + missing at the end.
    pub paved_after: usize,
    pub counted_after: usize,
}

impl BeforeAfter {
    /// The change in percentage points, when both ends have a figure.
    pub fn delta_points(&self) -> Option<f64> {
        Some((self.after? - self.before?) * 100.0)
    }
}

/// A team's change over the period.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamMove {
    pub team: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub repos: usize,
}

impl TeamMove {
    pub fn delta_points(&self) -> Option<f64> {
        Some((self.after? - self.before?) * 100.0)
    }
}

/// A repository that crossed the paved boundary for one rule over the whole period.
#[derive(Clone, Debug, PartialEq)]
pub struct Mover {
    pub repo: String,
    pub team: Option<String>,
    pub rule: String,
    /// The last change in that direction within the period.
    pub change: Option<Change>,
    /// The repository had no commit at the start.
    pub new_repo: bool,
}

/// A rule with a deadline that the org is not on course to meet.
#[derive(Clone, Debug, PartialEq)]
pub struct AtRisk {
    pub rule: String,
    pub deadline: Date,
    pub after: Option<f64>,
    /// Days from the end of the period to the deadline (negative: already past).
    pub days_left: i32,
    /// At the period's pace, the day adoption would reach 100% (`None`: no progress).
    pub projected: Option<Date>,
    /// Repositories still custom or missing at the end, by name.
    pub missing: Vec<String>,
}

/// Everything the quarterly memo says, computed from a trend whose first point is the start
/// of the period and last point its end.
#[derive(Clone, Debug, PartialEq)]
pub struct MemoFacts {
    pub from: String,
    pub to: String,
    pub org: BeforeAfter,
    pub rules: Vec<BeforeAfter>,
    /// Teams by the size of their change, largest first (teams without a figure at both
    /// ends last).
    pub teams: Vec<TeamMove>,
    pub adopted: Vec<Mover>,
    pub regressed: Vec<Mover>,
    pub at_risk: Vec<AtRisk>,
    /// Deadlines met or on course.
    pub on_track: Vec<(String, Date)>,
    pub repos_start: usize,
    pub repos_end: usize,
    /// Repositories with no commit at the start but one at the end, by name.
    pub new_repos: Vec<String>,
    /// Repositories with no commit even at the end.
    pub without_history_end: usize,
}

fn rule_adoption(s: &Summary, rule: &str) -> (Option<f64>, usize, usize) {
    s.rules
        .iter()
        .find(|r| r.rule == rule)
        .map(|r| {
            let c = &r.counts;
            (r.adoption, c.paved, c.paved + c.custom + c.missing)
        })
        .unwrap_or((None, 0, 0))
}

fn team_adoption<'a>(s: &'a Summary, team: &str) -> Option<&'a TeamSummary> {
    s.teams.iter().find(|t| t.team == team)
}

/// The memo's facts for `t` (at least one point; the first is "before", the last "after").
pub fn memo_facts(t: &TrendReport) -> Option<MemoFacts> {
    let first = t.points.first()?;
    let last = t.points.last()?;
    let (s0, s1) = (&first.summary, &last.summary);
    let (adopted, regressed) = movers(t);
    let (at_risk, on_track) = deadlines(t);
    Some(MemoFacts {
        from: first.date.clone(),
        to: last.date.clone(),
        org: org_figure(s0, s1),
        rules: t
            .rules
            .iter()
            .map(|r| {
                let (before, _, _) = rule_adoption(s0, &r.id);
                let (after, paved_after, counted_after) = rule_adoption(s1, &r.id);
                BeforeAfter {
                    rule: Some(r.id.clone()),
                    before,
                    after,
                    paved_after,
                    counted_after,
                }
            })
            .collect(),
        teams: team_moves(s0, s1),
        adopted,
        regressed,
        at_risk,
        on_track,
        repos_start: s0.repos,
        repos_end: s1.repos,
        new_repos: t
            .repos
            .iter()
            .filter(|r| r.points.first().is_some_and(Option::is_none))
            .filter(|r| r.points.last().is_some_and(Option::is_some))
            .map(|r| r.name.clone())
            .collect(),
        without_history_end: s1.repos_without_history,
    })
}

fn org_figure(s0: &Summary, s1: &Summary) -> BeforeAfter {
    BeforeAfter {
        rule: None,
        before: s0.adoption,
        after: s1.adoption,
        paved_after: s1.rules.iter().map(|r| r.counts.paved).sum(),
        counted_after: s1
            .rules
            .iter()
            .map(|r| r.counts.paved + r.counts.custom + r.counts.missing)
            .sum(),
    }
}

/// Every team at either end, by the size of its change, largest first.
fn team_moves(s0: &Summary, s1: &Summary) -> Vec<TeamMove> {
    let mut names: Vec<&str> = s0
        .teams
        .iter()
        .chain(&s1.teams)
        .map(|t| t.team.as_str())
        .collect();
    names.sort();
    names.dedup();
    let mut teams: Vec<TeamMove> = names
        .into_iter()
        .map(|name| TeamMove {
            team: name.to_string(),
            before: team_adoption(s0, name).and_then(|t| t.adoption),
            after: team_adoption(s1, name).and_then(|t| t.adoption),
            repos: team_adoption(s1, name).map_or(0, |t| t.repos),
        })
        .collect();
    teams.sort_by(|a, b| {
        let key = |m: &TeamMove| m.delta_points().map(f64::abs);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.team.cmp(&b.team))
    });
    teams
}

/// The repositories that crossed the paved boundary over the whole period: (onto it, off it).
fn movers(t: &TrendReport) -> (Vec<Mover>, Vec<Mover>) {
    let n = t.points.len();
    let mut adopted = Vec::new();
    let mut regressed = Vec::new();
    for repo in &t.repos {
        for rule in &t.rules {
            let start = repo.outcome(0, &rule.id);
            let end = repo.outcome(n - 1, &rule.id);
            let was = start == Some(Outcome::Paved);
            let now = end == Some(Outcome::Paved);
            if was == now || end.is_none() {
                continue;
            }
            let change = repo
                .changes
                .iter()
                .rfind(|c| c.rule == rule.id && c.onto_paved() == now)
                .cloned();
            let m = Mover {
                repo: repo.name.clone(),
                team: repo.team.clone(),
                rule: rule.id.clone(),
                change,
                new_repo: repo.points.first().is_some_and(Option::is_none),
            };
            if now {
                adopted.push(m);
            } else {
                regressed.push(m);
            }
        }
    }
    (adopted, regressed)
}

/// Rules with a deadline: (at risk, met or on course), each by deadline.
fn deadlines(t: &TrendReport) -> (Vec<AtRisk>, Vec<(String, Date)>) {
    let (Some(first), Some(last)) = (t.points.first(), t.points.last()) else {
        return (Vec::new(), Vec::new());
    };
    let (s0, s1) = (&first.summary, &last.summary);
    let from = first.date.parse::<Date>().ok();
    let to = last.date.parse::<Date>().ok();
    let span_days = match (from, to) {
        (Some(f), Some(e)) => f.until(e).map(|s| s.get_days()).unwrap_or(0),
        _ => 0,
    };
    let mut at_risk = Vec::new();
    let mut on_track = Vec::new();
    for rule in &t.rules {
        let Some(deadline) = rule
            .deadline
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok())
        else {
            continue;
        };
        let Some(to) = to else { continue };
        let (before, _, _) = rule_adoption(s0, &rule.id);
        let (after, _, _) = rule_adoption(s1, &rule.id);
        let days_left = to.until(deadline).map(|s| s.get_days()).unwrap_or(0);
        if after.is_none_or(|a| a >= 1.0) {
            on_track.push((rule.id.clone(), deadline));
            continue;
        }
        let projected = projection(before, after, span_days, to);
        let on_course = days_left >= 0 && projected.is_some_and(|p| p <= deadline);
        if on_course {
            on_track.push((rule.id.clone(), deadline));
            continue;
        }
        at_risk.push(AtRisk {
            rule: rule.id.clone(),
            deadline,
            after,
            days_left,
            projected,
            missing: not_paved_at_end(t, &rule.id),
        });
    }
    at_risk.sort_by(|a, b| {
        a.deadline
            .cmp(&b.deadline)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    on_track.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    (at_risk, on_track)
}

/// At the period's pace (`span_days` long, ending `to`), the day adoption reaches 100%.
fn projection(before: Option<f64>, after: Option<f64>, span_days: i32, to: Date) -> Option<Date> {
    let remaining = 1.0 - after.unwrap_or(0.0);
    let pace = match (before, after) {
        (Some(b), Some(a)) if span_days > 0 && a > b => Some((a - b) / span_days as f64),
        _ => None,
    };
    pace.and_then(|p| {
        let days = (remaining / p).ceil();
        (days < 100_000.0)
            .then(|| to.checked_add(jiff::Span::new().days(days as i64)).ok())
            .flatten()
    })
}

/// Repositories still custom or missing for `rule` at the last point, by name.
fn not_paved_at_end(t: &TrendReport, rule: &str) -> Vec<String> {
    let n = t.points.len();
    let mut missing: Vec<String> = t
        .repos
        .iter()
        .filter(|r| {
            matches!(
                r.outcome(n - 1, rule),
                Some(Outcome::Custom | Outcome::Missing)
            )
        })
        .map(|r| r.name.clone())
        .collect();
    missing.sort();
    missing
}
