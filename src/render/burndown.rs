//! A campaign's burndown, for the dashboard and the quarterly memo: the repositories left at
//! each point against a straight line to zero at the deadline, drawn with the trend's chart
//! code, and one sentence saying where it stands and where the pace so far would end.

use std::io::{self, Write};

use jiff::civil::Date;

use crate::campaign::burndown::Burndown;
use crate::figures::{Due, due};
use crate::render::markdown::escape;
use crate::render::trend::{LineChart, Series, line_chart};

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Days as people plan in them: weeks from two weeks on.
fn span(days: i32) -> String {
    if days >= 14 {
        count((days / 7) as usize, "week", "weeks")
    } else {
        count(days as usize, "day", "days")
    }
}

/// "12 of 40 repositories left, 9 weeks to the deadline; at this pace it ends 2027-03-01."
/// Judged at the last point, so the sentence and the chart say the same thing.
pub fn sentence(b: &Burndown) -> String {
    let Some((today, left)) = b.points.last().copied() else {
        return format!(
            "No trend point since the campaign started ({}).",
            b.started.map_or("-".into(), |d| d.to_string())
        );
    };
    if left == 0 {
        return format!(
            "All {} targeted on the paved road by {today}.",
            count(b.targeted, "repository", "repositories")
        );
    }
    let mut s = format!(
        "{left} of {} left",
        count(b.targeted, "repository", "repositories")
    );
    match b.deadline.map(|d| due(d, today)) {
        None => s.push_str(", no deadline"),
        Some(Due::Past { days, .. }) => {
            s.push_str(&format!(", the deadline passed {} ago", span(days)));
        }
        Some(Due::Soon { days, .. } | Due::Later { days, .. }) => {
            s.push_str(&format!(", {} to the deadline", span(days)));
        }
    }
    match b.projected_end() {
        Some(end) => s.push_str(&format!("; at this pace it ends {end}.")),
        None if b.points.len() > 1 => {
            s.push_str("; none done since the start, so no end in sight.")
        }
        None => s.push('.'),
    }
    s
}

/// The straight line from the first point's count to zero at the deadline, at `day`.
fn plan_at(first: (Date, usize), deadline: Date, day: Date) -> f64 {
    let total = first.0.until(deadline).map_or(0, |s| s.get_days());
    let gone = first.0.until(day).map_or(0, |s| s.get_days());
    if total <= 0 || gone >= total {
        return 0.0;
    }
    first.1 as f64 * (1.0 - f64::from(gone) / f64::from(total))
}

fn axis_label(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The burndown as a self-contained SVG; `id` keeps two charts on one page apart.
pub fn svg(b: &Burndown, id: &str) -> String {
    let mut dates: Vec<Date> = b.points.iter().map(|p| p.0).collect();
    let deadline = b
        .deadline
        .filter(|d| dates.last().is_none_or(|last| d > last));
    dates.extend(deadline);
    let top = b
        .points
        .iter()
        .map(|p| p.1)
        .chain([b.targeted, 1])
        .max()
        .unwrap_or(1)
        .div_ceil(4)
        * 4;
    // A multiple of four, so every grid line falls on a whole number of repositories.
    let top = top as f64;
    let actual: Vec<Option<(f64, String)>> = dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            b.points
                .get(i)
                .map(|&(_, n)| (n as f64 / top, format!("{d}: {n} left")))
        })
        .collect();
    let mut series = Vec::new();
    if let (Some(first), Some(dl)) = (b.points.first().copied(), b.deadline) {
        series.push(Series {
            label: format!("plan to {dl}"),
            colour: "#8c959f",
            dash: " stroke-dasharray=\"6 3\"",
            width: 2.0,
            values: dates
                .iter()
                .map(|&d| {
                    let v = plan_at(first, dl, d);
                    Some((v / top, format!("{d}: plan {}", axis_label(v.ceil()))))
                })
                .collect(),
            last: String::new(),
        });
    }
    series.push(Series {
        label: "left".into(),
        colour: "#D55E00",
        dash: "",
        width: 3.5,
        values: actual,
        last: b.left().map_or("-".into(), |n| n.to_string()),
    });
    line_chart(&LineChart {
        id: id.to_string(),
        title: format!("Campaign {}: repositories left", b.campaign),
        desc: sentence(b),
        subtitle: sentence(b),
        footnote: "Targeted repositories with a campaign rule not paved, exempt or not applicable, at the end of each day, UTC".into(),
        dates: dates.iter().map(Date::to_string).collect(),
        y_labels: [0.0, 0.25, 0.5, 0.75, 1.0].map(|k| axis_label(k * top)),
        series,
    })
}

/// The dashboard's section body: the sentence, then the chart.
pub fn html(b: &Burndown, id: &str) -> String {
    format!(
        "<p>{}</p>\n<div class=\"scroll\" style=\"overflow-x:auto\">{}</div>",
        crate::render::html::esc(&sentence(b)),
        svg(b, id)
    )
}

/// The memo's section: a heading, the sentence and the chart inline.
pub fn markdown(b: &Burndown, id: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Campaign {}", escape(&b.campaign))?;
    writeln!(out)?;
    writeln!(out, "{}", escape(&sentence(b)))?;
    writeln!(out)?;
    out.write_all(svg(b, id).as_bytes())?;
    writeln!(out)
}
