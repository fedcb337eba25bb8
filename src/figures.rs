//! The figures every renderer shows the same way: percentages, adoption deltas in percentage
//! points, and where a deadline stands. Depends on neither `render` nor `report`, so any
//! renderer (and anything else that prints a figure) can use it.

use jiff::civil::Date;

/// A deadline this many days away, or closer, is "due soon".
pub const SOON_DAYS: i32 = 30;

/// A fraction as a percentage with one decimal ("46.2%"), `-` where there is no denominator.
/// It never rounds to a misleading 0.0% or 100.0%: a little is "<0.1%", nearly all "99.9%".
pub fn pct(v: Option<f64>) -> String {
    match v {
        None => "-".to_string(),
        Some(v) => {
            let tenths = (v * 1000.0).round();
            if tenths >= 1000.0 && v < 1.0 {
                "99.9%".to_string()
            } else if tenths <= 0.0 && v > 0.0 {
                "<0.1%".to_string()
            } else {
                format!("{:.1}%", v * 100.0)
            }
        }
    }
}

/// A fraction as a whole percentage ("46%"), `—` where there is none, for charts and columns
/// read at a glance; like [`pct`] it never rounds to a misleading 0% or 100%.
pub fn pct_whole(x: Option<f64>) -> String {
    match x {
        None => "—".into(),
        Some(x) => {
            let p = (x * 100.0).round();
            if p >= 100.0 && x < 1.0 {
                "99%".into()
            } else if p <= 0.0 && x > 0.0 {
                "<1%".into()
            } else {
                format!("{p:.0}%")
            }
        }
    }
}

/// A change of adoption in percentage points: "+6.1 pp", "-2.0 pp", "0.0 pp", `-` when a side
/// is missing.
pub fn points(delta: Option<f64>) -> String {
    match delta {
        None => "-".to_string(),
        Some(d) if (d * 1000.0).round() == 0.0 => "0.0 pp".to_string(),
        Some(d) => format!("{:+.1} pp", d * 100.0),
    }
}

/// A change in whole percentage points as the memo's prose says it: "+23 pp", "−1 pp", "no
/// change" (whole points: a memo reads as sentences, not as a table).
pub fn points_in_words(x: Option<f64>) -> String {
    match x {
        Some(d) if d.round() > 0.0 => format!("+{:.0} pp", d.round()),
        Some(d) if d.round() < 0.0 => format!("−{:.0} pp", -d.round()),
        Some(_) => "no change".into(),
        None => "no comparison".into(),
    }
}

/// The change between two fractions in whole percentage points for trend columns: "+23 pp",
/// "−4 pp", "0 pp"; empty when either end has no figure.
pub fn delta_pp(before: Option<f64>, after: Option<f64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) => {
            let d = ((a - b) * 100.0).round();
            if d > 0.0 {
                format!("+{d:.0} pp")
            } else if d < 0.0 {
                format!("−{:.0} pp", -d)
            } else {
                "0 pp".into()
            }
        }
        _ => String::new(),
    }
}

/// Two percentages that read differently when they differ: one decimal when whole numbers
/// would show the same figure ("38.6% to 39.4%", not "39% to 39%").
pub fn pct_apart(before: Option<f64>, after: Option<f64>) -> (String, String) {
    match (before, after) {
        (Some(b), Some(a)) if pct_whole(before) == pct_whole(after) && (a - b).abs() >= 0.0005 => {
            (format!("{:.1}%", b * 100.0), format!("{:.1}%", a * 100.0))
        }
        _ => (pct_whole(before), pct_whole(after)),
    }
}

/// Where a deadline stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// The deadline passed `days` days ago.
    Past { date: Date, days: i32 },
    /// The deadline is within [`SOON_DAYS`], in `days` days (0 = today).
    Soon { date: Date, days: i32 },
    /// Further away than [`SOON_DAYS`].
    Later { date: Date, days: i32 },
}

/// Where `deadline` stands on `today`.
pub fn due(deadline: Date, today: Date) -> Due {
    let date = deadline;
    // jiff spans any two of its dates in days; the fallback is never taken.
    let days = today.until(date).map_or(i32::MAX, |s| s.get_days());
    if days < 0 {
        Due::Past { date, days: -days }
    } else if days <= SOON_DAYS {
        Due::Soon { date, days }
    } else {
        Due::Later { date, days }
    }
}

/// [`due`] for a deadline as written in a rule or a report; `None` when it is not a date
/// (packs reject those when loaded, but an old or hand-edited report may hold one).
pub fn due_str(deadline: &str, today: Date) -> Option<Due> {
    deadline.parse().ok().map(|d| due(d, today))
}

impl Due {
    /// "past deadline 2026-09-30 (57 days ago)", "due 2026-12-31 (in 35 days)".
    pub fn describe(self) -> String {
        match self {
            Due::Past { date, days } => format!("past deadline {date} ({})", ago(days)),
            Due::Soon { date, days } | Due::Later { date, days } => {
                format!("due {date} ({})", ahead(days))
            }
        }
    }

    pub fn date(self) -> Date {
        match self {
            Due::Past { date, .. } | Due::Soon { date, .. } | Due::Later { date, .. } => date,
        }
    }

    /// Past or soon: worth flagging.
    pub fn is_pressing(self) -> bool {
        !matches!(self, Due::Later { .. })
    }
}

fn ago(days: i32) -> String {
    match days {
        1 => "yesterday".to_string(),
        d => format!("{d} days ago"),
    }
}

fn ahead(days: i32) -> String {
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        d => format!("in {d} days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        for (x, one, whole) in [
            (None, "-", "—"),
            (Some(0.0), "0.0%", "0%"),
            (Some(0.0004), "<0.1%", "<1%"),
            (Some(0.004), "0.4%", "<1%"),
            (Some(0.4615), "46.2%", "46%"),
            (Some(0.996), "99.6%", "99%"),
            (Some(0.9996), "99.9%", "99%"),
            (Some(1.0), "100.0%", "100%"),
        ] {
            assert_eq!(pct(x), one, "{x:?}");
            assert_eq!(pct_whole(x), whole, "{x:?}");
        }
    }

    #[test]
    fn points_and_signs() {
        for (d, want) in [
            (None, "-"),
            (Some(0.0), "0.0 pp"),
            (Some(-0.0004), "0.0 pp"),
            (Some(0.0053), "+0.5 pp"),
            (Some(-0.0476), "-4.8 pp"),
            (Some(1.0), "+100.0 pp"),
        ] {
            assert_eq!(points(d), want, "{d:?}");
        }
    }

    #[test]
    fn due_is_judged_against_today() {
        let today = jiff::civil::date(2026, 11, 26);
        for (deadline, want) in [
            ("2026-09-30", Some("past deadline 2026-09-30 (57 days ago)")),
            ("2026-11-25", Some("past deadline 2026-11-25 (yesterday)")),
            ("2026-11-26", Some("due 2026-11-26 (today)")),
            ("2026-11-27", Some("due 2026-11-27 (tomorrow)")),
            ("2026-12-31", Some("due 2026-12-31 (in 35 days)")),
            ("next quarter", None),
        ] {
            let got = due_str(deadline, today).map(Due::describe);
            assert_eq!(got.as_deref(), want, "{deadline}");
        }
        let d = |s: &str| due_str(s, today).unwrap();
        assert!(matches!(d("2026-09-30"), Due::Past { days: 57, .. }));
        assert!(matches!(d("2026-11-26"), Due::Soon { days: 0, .. }));
        assert!(matches!(d("2026-12-26"), Due::Soon { days: 30, .. }));
        assert!(matches!(d("2026-12-27"), Due::Later { days: 31, .. }));
    }
}
