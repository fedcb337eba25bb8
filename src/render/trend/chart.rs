//! The trend as a self-contained SVG line chart.

use std::fmt::Write as _;

use super::{counted, first_last, plural, rule_at};
use crate::figures::pct_whole as pct;
use crate::render::html::esc;
use crate::report::trend::TrendReport;

/// How the chart is drawn.
#[derive(Clone, Debug)]
pub struct ChartOptions {
    /// Prefix of the element ids, so two charts can share a page.
    pub id: String,
    pub title: Option<String>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            id: "paved-trend".into(),
            title: None,
        }
    }
}

/// Colour-blind-safe first (Okabe–Ito, then Tol's muted); beyond them lines are dashed.
const PALETTE: [&str; 12] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#882255", "#44AA99",
    "#999933", "#AA4499", "#117733", "#332288",
];

fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// Sizes of the chart, in SVG units.
const W: f64 = 900.0;
const LEFT: f64 = 56.0;
const TOP: f64 = 74.0;
const LEGEND: f64 = 230.0;
const ROW: f64 = 20.0;

/// Where things fall on the chart: points are spaced by their dates, values from 0 to 100%.
struct Frame {
    /// Each point's day, counted from 1970-01-01.
    days: Vec<Option<i64>>,
    d0: i64,
    d1: i64,
    plot_h: f64,
    plot_w: f64,
    bottom: f64,
    right: f64,
    h: f64,
}

impl Frame {
    fn new(dates: &[String], series: usize) -> Frame {
        let plot_h = 280.0_f64.max(series as f64 * ROW);
        let bottom = TOP + plot_h;
        let right = W - LEGEND;
        let days: Vec<Option<i64>> = dates
            .iter()
            .map(|p| {
                p.parse::<jiff::civil::Date>().ok().map(|d| {
                    d.since(jiff::civil::date(1970, 1, 1))
                        .map_or(0, |s| s.get_days() as i64)
                })
            })
            .collect();
        Frame {
            d0: days.iter().flatten().min().copied().unwrap_or(0),
            d1: days.iter().flatten().max().copied().unwrap_or(0),
            days,
            plot_h,
            plot_w: right - LEFT,
            bottom,
            right,
            h: bottom + 48.0,
        }
    }

    fn x(&self, i: usize) -> f64 {
        let (d0, d1, n) = (self.d0, self.d1, self.days.len());
        match self.days[i] {
            Some(d) if d1 > d0 => LEFT + (d - d0) as f64 / (d1 - d0) as f64 * self.plot_w,
            _ if n > 1 => LEFT + i as f64 / (n - 1) as f64 * self.plot_w,
            _ => LEFT + self.plot_w / 2.0,
        }
    }

    fn y(&self, v: f64) -> f64 {
        self.bottom - v.clamp(0.0, 1.0) * self.plot_h
    }
}

/// A legend entry: label, colour, dash, line width and the last value as shown.
type LegendRow = (String, &'static str, &'static str, f64, String);

/// One line of a [`LineChart`]: each point's value on the 0–1 scale and its tooltip, `None`
/// where it has none (the line breaks there).
pub struct Series {
    pub label: String,
    pub colour: &'static str,
    pub dash: &'static str,
    pub width: f64,
    pub values: Vec<Option<(f64, String)>>,
    /// What the legend shows beside the label.
    pub last: String,
}

/// A dated line chart on a 0–1 scale: the trend and the campaign burndowns draw through it.
pub struct LineChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// The line under the title.
    pub subtitle: String,
    pub footnote: String,
    /// Each point's date (`YYYY-MM-DD`), spacing the points by time.
    pub dates: Vec<String>,
    /// The label of each horizontal grid line, from the 0 line up to the 1 line (five).
    pub y_labels: [String; 5],
    /// Drawn in order, the last on top; the legend lists the last first, then the others.
    pub series: Vec<Series>,
}

/// A [`LineChart`] as a self-contained SVG.
pub fn line_chart(c: &LineChart) -> String {
    let fr = Frame::new(&c.dates, c.series.len());
    let mut s = String::with_capacity(16 * 1024);
    let h = fr.h;
    let id = esc(&c.id);
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" width=\"{W}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(s, "<title id=\"{id}-title\">{}</title>", esc(&c.title));
    let _ = writeln!(s, "<desc id=\"{id}-desc\">{}</desc>", esc(&c.desc));
    let _ = writeln!(s, "<rect width=\"{W}\" height=\"{h}\" fill=\"#ffffff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"30\" font-size=\"17\" font-weight=\"600\" fill=\"#1f2328\">{}</text>",
        esc(&c.title)
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"52\" fill=\"#57606a\">{}</text>",
        esc(&c.subtitle)
    );
    grid(&mut s, &fr, &c.y_labels);
    x_labels(&mut s, &c.dates, &fr);
    let mut legend = Vec::new();
    for x in &c.series {
        line(
            &mut s,
            &x.values,
            &|i| fr.x(i),
            &|v| fr.y(v),
            x.colour,
            x.width,
            x.dash,
        );
        legend.push((x.label.clone(), x.colour, x.dash, x.width, x.last.clone()));
    }
    // The last line drawn is the heaviest, on top; the legend names it first.
    legend.rotate_right(1);
    draw_legend(&mut s, &fr, &legend);
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"{}\" fill=\"#8c959f\" font-size=\"11\">{}</text>",
        num(h - 10.0),
        esc(&c.footnote)
    );
    s.push_str("</svg>\n");
    s
}

/// The trend as a self-contained SVG line chart: one line per rule and a heavier org-wide
/// line, a 0–100% axis, dated points spaced by time, and a legend with each line's last value.
pub fn svg(t: &TrendReport, opts: &ChartOptions) -> String {
    let title = opts
        .title
        .clone()
        .unwrap_or_else(|| format!("Paved-road adoption, {} to {}", t.since, t.until));
    let (first, last) = match first_last(t) {
        Some((a, b)) => (a.adoption, b.adoption),
        None => (None, None),
    };
    let desc = format!(
        "Org-wide adoption {} on {}, {} on {}; one line per rule, {}.",
        pct(first),
        t.points.first().map_or("", |p| p.date.as_str()),
        pct(last),
        t.points.last().map_or("", |p| p.date.as_str()),
        plural(t.rules.len(), "rule", "rules")
    );
    let subtitle = format!(
        "Adoption = paved ÷ (paved + custom + missing) per rule · {} · org-wide {} → {}",
        plural(
            t.points.last().map_or(0, |p| p.summary.repos),
            "repository",
            "repositories"
        ),
        pct(first),
        pct(last)
    );
    line_chart(&LineChart {
        id: opts.id.clone(),
        title,
        desc,
        subtitle,
        footnote: "Last commit of each default branch (first-parent) at the end of each day, UTC · paved ÷ (paved + custom + missing)".into(),
        dates: t.points.iter().map(|p| p.date.clone()).collect(),
        y_labels: ["0%", "25%", "50%", "75%", "100%"].map(str::to_string),
        series: series(t),
    })
}

/// The grid and the y axis.
fn grid(s: &mut String, fr: &Frame, labels: &[String; 5]) {
    let right = fr.right;
    for (k, label) in labels.iter().enumerate() {
        let v = k as f64 / 4.0;
        let y = num(fr.y(v));
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"1\"/>",
            if k == 0 { "#8c959f" } else { "#e6e8eb" }
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#57606a\">{}</text>",
            num(LEFT - 8.0),
            num(fr.y(v) + 4.0),
            esc(label)
        );
    }
}

/// X labels: the first and the last, then every other one that does not collide.
fn x_labels(s: &mut String, dates: &[String], fr: &Frame) {
    let bottom = fr.bottom;
    let n = dates.len();
    let label_w = 70.0;
    let extent = |i: usize| -> (f64, f64, &'static str) {
        let x = fr.x(i);
        if n == 1 {
            (x - label_w / 2.0, x + label_w / 2.0, "middle")
        } else if i == 0 {
            (x, x + label_w, "start")
        } else if i + 1 == n {
            (x - label_w, x, "end")
        } else {
            (x - label_w / 2.0, x + label_w / 2.0, "middle")
        }
    };
    let mut shown: Vec<usize> = Vec::new();
    if n > 0 {
        shown.push(0);
    }
    let last = extent(n.saturating_sub(1));
    for i in 1..n.saturating_sub(1) {
        let prev = shown.last().map_or(f64::MIN, |&p| extent(p).1);
        let (a, b, _) = extent(i);
        if prev + 8.0 <= a && b + 8.0 <= last.0 {
            shown.push(i);
        }
    }
    if n > 1 {
        shown.push(n - 1);
    }
    for &i in &shown {
        let x = fr.x(i);
        let anchor = extent(i).2;
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{bottom}\" x2=\"{x}\" y2=\"{}\" stroke=\"#8c959f\"/>",
            num(bottom + 5.0),
            x = num(x)
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"#57606a\">{}</text>",
            num(x),
            num(bottom + 20.0),
            esc(&dates[i])
        );
    }
}

/// The lines, rules first and the org-wide line on top (the legend lists it first).
fn series(t: &TrendReport) -> Vec<Series> {
    let mut out = Vec::new();
    for (k, rule) in t.rules.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let dash = if k >= PALETTE.len() {
            " stroke-dasharray=\"6 3\""
        } else {
            ""
        };
        let values: Vec<Option<(f64, String)>> = t
            .points
            .iter()
            .map(|p| {
                rule_at(&p.summary, &rule.id).and_then(|r| {
                    r.adoption.map(|a| {
                        (
                            a,
                            format!(
                                "{} · {}: {} ({} of {})",
                                rule.id,
                                p.date,
                                pct(Some(a)),
                                r.counts.paved,
                                counted(&r.counts)
                            ),
                        )
                    })
                })
            })
            .collect();
        out.push(Series {
            label: rule.id.clone(),
            colour,
            dash,
            width: 2.0,
            last: pct(values.iter().rev().flatten().next().map(|v| v.0)),
            values,
        });
    }
    let org: Vec<Option<(f64, String)>> = t
        .points
        .iter()
        .map(|p| {
            p.summary.adoption.map(|a| {
                (
                    a,
                    format!(
                        "org-wide · {}: {} ({})",
                        p.date,
                        pct(Some(a)),
                        plural(p.summary.repos, "repository", "repositories")
                    ),
                )
            })
        })
        .collect();
    out.push(Series {
        label: "org-wide".into(),
        colour: "#1f2328",
        dash: "",
        width: 3.5,
        last: pct(org.iter().rev().flatten().next().map(|v| v.0)),
        values: org,
    });
    out
}

fn draw_legend(s: &mut String, fr: &Frame, legend: &[LegendRow]) {
    let right = fr.right;
    let lx = right + 24.0;
    for (i, (label, colour, dash, width, last)) in legend.iter().enumerate() {
        let y = TOP + 6.0 + i as f64 * ROW;
        let _ = writeln!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"{width}\"{dash}/>",
            num(lx),
            num(y),
            num(lx + 22.0),
            num(y)
        );
        let shown: String = if label.chars().count() > 24 {
            format!("{}…", label.chars().take(23).collect::<String>())
        } else {
            label.clone()
        };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"#1f2328\"{}>{}<tspan fill=\"#57606a\"> {}</tspan></text>",
            num(lx + 30.0),
            num(y + 4.0),
            if i == 0 { " font-weight=\"600\"" } else { "" },
            esc(&shown),
            esc(last)
        );
    }
}

/// One series: a path broken where a point has no figure, with a marker and tooltip per point.
fn line(
    s: &mut String,
    values: &[Option<(f64, String)>],
    x_of: &dyn Fn(usize) -> f64,
    y_of: &dyn Fn(f64) -> f64,
    colour: &str,
    width: f64,
    dash: &str,
) {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some((a, _)) => {
                let _ = write!(
                    d,
                    "{}{},{} ",
                    if pen_down { "L" } else { "M" },
                    num(x_of(i)),
                    num(y_of(*a))
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !d.is_empty() {
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash}/>",
            d.trim_end()
        );
    }
    for (i, v) in values.iter().enumerate() {
        if let Some((a, tip)) = v {
            let _ = writeln!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{colour}\"><title>{}</title></circle>",
                num(x_of(i)),
                num(y_of(*a)),
                num(width + 0.5),
                esc(tip)
            );
        }
    }
}
