//! A campaign's burndown: at each trend point since the campaign started, how many of the
//! repositories it targets are not yet paved on every campaign rule, against a straight line
//! to zero at the deadline, and where the pace so far would end. Read from a trend document,
//! so it costs nothing beyond the trend the dashboard or memo already computed.

use jiff::civil::Date;

use super::Campaign;
use crate::outcome::Outcome;
use crate::report::trend::TrendReport;

/// One campaign over a trend's points.
#[derive(Clone, Debug, PartialEq)]
pub struct Burndown {
    pub campaign: String,
    pub started: Option<Date>,
    pub deadline: Option<Date>,
    /// Repositories the campaign targets that have a commit at the last point.
    pub targeted: usize,
    /// Each point on or after `started`: its day and the targeted repositories left.
    pub points: Vec<(Date, usize)>,
}

/// Whether a repository still needs the campaign at a point: some campaign rule is not paved,
/// exempt or not applicable there (an `error` needs it too).
fn left_at(t: &TrendReport, repo: usize, point: usize, rules: &[String]) -> Option<bool> {
    let r = &t.repos[repo];
    let p = r.points.get(point)?.as_ref()?;
    if p.error.is_some() {
        return Some(true);
    }
    Some(rules.iter().any(|id| {
        !matches!(
            p.outcomes.get(id),
            Some(Outcome::Paved | Outcome::Exempt | Outcome::NotApplicable)
        )
    }))
}

/// `campaign`'s burndown over `t`'s points (those before `started:` left out).
pub fn burndown(campaign: &Campaign, t: &TrendReport) -> Burndown {
    let rules = campaign.rule_ids();
    let targeted: Vec<usize> = (0..t.repos.len())
        .filter(|&i| campaign.targets(&t.repos[i].name))
        .collect();
    let mut points = Vec::new();
    for (i, p) in t.points.iter().enumerate() {
        let Ok(day) = p.date.parse::<Date>() else {
            continue;
        };
        if campaign.started.is_some_and(|s| day < s) {
            continue;
        }
        let left = targeted
            .iter()
            .filter(|&&r| left_at(t, r, i, &rules) == Some(true))
            .count();
        points.push((day, left));
    }
    let last = t.points.len().checked_sub(1);
    Burndown {
        campaign: campaign.name.clone(),
        started: campaign.started,
        deadline: campaign.deadline,
        targeted: last.map_or(0, |l| {
            targeted
                .iter()
                .filter(|&&r| left_at(t, r, l, &rules).is_some())
                .count()
        }),
        points,
    }
}

impl Burndown {
    /// Repositories left at the last point.
    pub fn left(&self) -> Option<usize> {
        self.points.last().map(|p| p.1)
    }

    /// The day the last `left` repositories would be done at the pace from the first point to
    /// the last (repositories per day); `None` when nothing moved or nothing is left.
    pub fn projected_end(&self) -> Option<Date> {
        let (&(d0, l0), &(d1, l1)) = (self.points.first()?, self.points.last()?);
        let days = d0.until(d1).ok()?.get_days();
        if l1 == 0 || l0 <= l1 || days <= 0 {
            return None;
        }
        let pace = (l0 - l1) as f64 / f64::from(days);
        let more = (l1 as f64 / pace).ceil() as i64;
        d1.checked_add(jiff::Span::new().try_days(more).ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(points: &[(&str, usize)]) -> Burndown {
        Burndown {
            campaign: "c".into(),
            started: None,
            deadline: None,
            targeted: 40,
            points: points
                .iter()
                .map(|(d, n)| (d.parse().unwrap(), *n))
                .collect(),
        }
    }

    #[test]
    fn the_pace_so_far_projects_the_end() {
        // 10 repositories in 30 days: the last 20 take 60 more.
        let moving = b(&[("2026-10-01", 30), ("2026-10-31", 20)]);
        assert_eq!(
            moving.projected_end(),
            Some(jiff::civil::date(2026, 12, 30))
        );
        for still in [
            b(&[("2026-10-01", 30), ("2026-10-31", 30)]),
            b(&[("2026-10-01", 30), ("2026-10-31", 0)]),
            b(&[("2026-10-31", 30)]),
            b(&[]),
        ] {
            assert_eq!(still.projected_end(), None, "{still:?}");
        }
    }
}
