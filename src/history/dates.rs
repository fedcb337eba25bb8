//! Dates of history: plain days, cutoffs (the instant a point stands for), trend point grids
//! every week, month or quarter, and calendar quarters.

use jiff::Timestamp;
use jiff::civil::Date;

pub use crate::report::trend::Every;

/// The most points one trend may ask for; a typo like `--since 1970-01-01 --every week`
/// fails instead of running for an hour.
pub const MAX_POINTS: usize = 1000;

/// A date, period or quarter that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DateError {
    #[error(
        "`{0}` is not a date: expected YYYY-MM-DD, or a time with an offset such as 2026-03-31T18:00:00Z"
    )]
    Invalid(String),
    #[error("`{0}` is not a quarter: expected YYYYQn, such as 2026Q3")]
    Quarter(String),
    #[error("the period ends ({until}) before it starts ({since})")]
    Backwards { since: Date, until: Date },
    #[error(
        "more than {MAX_POINTS} points from {since} to {until} every {every}: choose a longer interval"
    )]
    TooMany {
        since: Date,
        until: Date,
        every: &'static str,
    },
    #[error("{0}: the date is out of range")]
    Range(String),
}

/// The instant a point stands for: commits at or before `at` count. `day` is the UTC day
/// the point is labelled with (and exemptions are judged on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cutoff {
    pub at: Timestamp,
    pub day: Date,
}

impl Cutoff {
    /// The end of `day` in UTC (its last second: commit times are whole seconds).
    pub fn end_of(day: Date) -> Result<Cutoff, DateError> {
        let at = day
            .at(23, 59, 59, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_err(|_| DateError::Range(day.to_string()))?
            .timestamp();
        Ok(Cutoff { at, day })
    }

    /// `2026-03-31` (the end of that day in UTC) or an RFC 3339 time with an offset.
    pub fn parse(s: &str) -> Result<Cutoff, DateError> {
        let s = s.trim();
        if let Ok(day) = s.parse::<Date>()
            && s.len() == 10
        {
            return Cutoff::end_of(day);
        }
        let at: Timestamp = s.parse().map_err(|_| DateError::Invalid(s.to_string()))?;
        Ok(Cutoff {
            at,
            day: utc_day(at),
        })
    }

    /// `2026-03-31T23:59:59Z`.
    pub fn as_of(&self) -> String {
        self.at.to_string()
    }
}

pub(super) fn utc_day(t: Timestamp) -> Date {
    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// A plain date (`YYYY-MM-DD`), for `--since`, `--until`, `--from`, `--to`.
pub fn parse_day(s: &str) -> Result<Date, DateError> {
    let s = s.trim();
    s.parse::<Date>()
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| DateError::Invalid(s.to_string()))
}

/// The days of a trend: `since`, then every `every` after it (counted from `since`, so month
/// ends stay month ends), then `until` if it is not already one of them.
pub fn points(since: Date, until: Date, every: Every) -> Result<Vec<Date>, DateError> {
    if until < since {
        return Err(DateError::Backwards { since, until });
    }
    let mut out = Vec::new();
    for k in 0.. {
        let d = since
            .checked_add(step(every, k))
            .map_err(|_| DateError::Range(since.to_string()))?;
        if d > until {
            break;
        }
        if out.len() >= MAX_POINTS {
            return Err(DateError::TooMany {
                since,
                until,
                every: every.as_str(),
            });
        }
        out.push(d);
    }
    if out.last() != Some(&until) {
        out.push(until);
    }
    Ok(out)
}

/// A calendar quarter, `2026Q3` (also `2026-Q3`, `2026q3`): its first and last day.
pub fn quarter(s: &str) -> Result<(Date, Date), DateError> {
    let bad = || DateError::Quarter(s.to_string());
    let t = s.trim().to_ascii_uppercase();
    let (year, q) = t.split_once('Q').ok_or_else(bad)?;
    let year: i16 = year.trim_end_matches('-').parse().map_err(|_| bad())?;
    let q: i8 = q.parse().map_err(|_| bad())?;
    if !(1..=4).contains(&q) {
        return Err(bad());
    }
    let first = Date::new(year, (q - 1) * 3 + 1, 1).map_err(|_| bad())?;
    let last = Date::new(year, q * 3, 1)
        .map_err(|_| bad())?
        .last_of_month();
    Ok((first, last))
}

fn step(every: Every, k: i64) -> jiff::Span {
    match every {
        Every::Week => jiff::Span::new().days(7 * k),
        Every::Month => jiff::Span::new().months(k),
        Every::Quarter => jiff::Span::new().months(3 * k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_cutoffs() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            (
                "2026-03-31",
                Some("2026-03-31T23:59:59Z"),
                Some("2026-03-31"),
            ),
            (
                "2026-03-31T18:00:00+02:00",
                Some("2026-03-31T16:00:00Z"),
                Some("2026-03-31"),
            ),
            (
                "2026-04-01T01:00:00+05:30",
                Some("2026-03-31T19:30:00Z"),
                Some("2026-03-31"),
            ),
            ("2026-02-30", None, None),
            ("31/03/2026", None, None),
            ("2026-03-31T18:00:00", None, None),
            ("", None, None),
        ];
        for (input, at, day) in cases {
            let got = Cutoff::parse(input);
            match (got, at, day) {
                (Ok(c), Some(at), Some(day)) => {
                    assert_eq!(c.at.to_string(), *at, "{input}");
                    assert_eq!(c.day.to_string(), *day, "{input}");
                }
                (Err(_), None, None) => {}
                (got, _, _) => panic!("{input}: {got:?}"),
            }
        }
    }

    #[test]
    fn point_grids() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let cases: &[(&str, &str, Every, &[&str])] = &[
            (
                "2026-01-31",
                "2026-05-15",
                Every::Month,
                &[
                    "2026-01-31",
                    "2026-02-28",
                    "2026-03-31",
                    "2026-04-30",
                    "2026-05-15",
                ],
            ),
            (
                "2026-01-01",
                "2026-01-15",
                Every::Week,
                &["2026-01-01", "2026-01-08", "2026-01-15"],
            ),
            (
                "2026-01-01",
                "2026-12-31",
                Every::Quarter,
                &[
                    "2026-01-01",
                    "2026-04-01",
                    "2026-07-01",
                    "2026-10-01",
                    "2026-12-31",
                ],
            ),
            ("2026-03-01", "2026-03-01", Every::Month, &["2026-03-01"]),
        ];
        for (since, until, every, want) in cases {
            let got: Vec<String> = points(d(since), d(until), *every)
                .unwrap()
                .iter()
                .map(|x| x.to_string())
                .collect();
            assert_eq!(got, *want, "{since}..{until} {every:?}");
        }
        assert!(matches!(
            points(d("2026-02-01"), d("2026-01-01"), Every::Month),
            Err(DateError::Backwards { .. })
        ));
        assert!(matches!(
            points(d("1970-01-01"), d("2026-01-01"), Every::Week),
            Err(DateError::TooMany { .. })
        ));
    }

    #[test]
    fn quarters() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("2026Q3", Some(("2026-07-01", "2026-09-30"))),
            ("2026-q1", Some(("2026-01-01", "2026-03-31"))),
            ("2024Q4", Some(("2024-10-01", "2024-12-31"))),
            ("2026Q5", None),
            ("Q3", None),
            ("2026", None),
        ];
        for (input, want) in cases {
            let got = quarter(input)
                .ok()
                .map(|(a, b)| (a.to_string(), b.to_string()));
            let want = want.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, want, "{input}");
        }
    }
}
