//! The `html` format: one self-contained dashboard page (inline CSS, SVG and JS, no network).
//!
//! The figures, charts and the first page of repositories are rendered server-side, so the page
//! reads and prints without JavaScript; the script in `assets/dashboard.js` draws the other
//! pages of repositories (`html_repos.rs`: the data is embedded once, compactly) and adds
//! sorting, filtering and the evidence panel.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use jiff::civil::Date;

use super::RenderOptions;
use crate::figures::{self, Due, SOON_DAYS};
use crate::outcome::Outcome;
use crate::report::{
    Counts, RepoReport, Report, RuleInfo, RuleSummary, TeamSummary, UNOWNED, on_paved_road,
};

const CSS: &str = include_str!("assets/dashboard.css");
const JS: &str = include_str!("assets/dashboard.js");

pub fn render(report: &Report, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    render_with(report, opts, &[], out)
}

/// A section another renderer adds to the dashboard (the trend's chart); `body` is HTML.
#[derive(Clone, Debug)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub body: String,
}

/// [`render`] with `extra` sections after the headline figures.
pub fn render_with(
    report: &Report,
    opts: &RenderOptions,
    extra: &[Section],
    out: &mut dyn Write,
) -> io::Result<()> {
    let page =
        page(report, opts, extra).map_err(|e| io::Error::other(format!("rendering html: {e}")))?;
    out.write_all(page.as_bytes())
}

/// Escapes text for HTML content and attribute values alike.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// JSON text made safe inside `<script>`: `</` cannot close the element, `<!--` cannot open a
/// comment state, and U+2028/9 stay escaped for older parsers. All remain valid JSON.
pub fn script_safe(json: &str) -> String {
    json.replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// How the dashboard flags a rule's deadline: met once every applicable repository is paved,
/// whatever the date; else where it stands; unreadable when it is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flag {
    Met,
    At(Due),
    Unreadable,
}

fn flag(deadline: &str, today: Date, adoption: Option<f64>) -> Flag {
    let Some(due) = figures::due_str(deadline, today) else {
        return Flag::Unreadable;
    };
    if adoption.is_some_and(|a| a >= 1.0) {
        Flag::Met
    } else {
        Flag::At(due)
    }
}

impl Flag {
    fn class(self) -> &'static str {
        match self {
            Flag::Met => "met",
            Flag::At(Due::Past { .. }) => "past",
            Flag::At(Due::Soon { .. }) => "soon",
            Flag::At(Due::Later { .. }) | Flag::Unreadable => "later",
        }
    }
    /// The deadlines table's label: the same words as the other formats.
    fn label(self, deadline: &str) -> String {
        match self {
            Flag::Met => format!("met · {deadline}"),
            Flag::At(due) => due.describe(),
            Flag::Unreadable => format!("due {deadline}"),
        }
    }
    /// The chart's narrower label; the deadlines table carries the full one.
    fn short(self, deadline: &str) -> String {
        match self {
            Flag::Met => "deadline met".into(),
            Flag::At(Due::Past { days: 1, .. }) => "⚑ 1 day past deadline".into(),
            Flag::At(Due::Past { days, .. }) => format!("⚑ {days} days past deadline"),
            Flag::At(Due::Soon { days: 0, .. }) => "⚑ due today".into(),
            Flag::At(Due::Soon { days: 1, .. }) => "⚑ due tomorrow".into(),
            Flag::At(Due::Soon { days, .. }) => format!("⚑ due in {days} days"),
            Flag::At(Due::Later { .. }) | Flag::Unreadable => format!("due {deadline}"),
        }
    }
}

/// The outcome's cell glyph: the table must read without colour.
pub(super) fn glyph(o: Outcome) -> &'static str {
    match o {
        Outcome::Paved => "✓",
        Outcome::Custom => "◐",
        Outcome::Missing => "✗",
        Outcome::NotApplicable => "–",
        Outcome::Exempt => "E",
        Outcome::Error => "!",
    }
}

pub(super) fn outcome_label(o: Outcome) -> &'static str {
    match o {
        Outcome::NotApplicable => "not applicable",
        o => o.as_str(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

pub(super) struct Ctx<'a> {
    pub(super) report: &'a Report,
    today: Date,
    pub(super) by_id: BTreeMap<&'a str, &'a RuleInfo>,
    org_rules: BTreeMap<&'a str, &'a RuleSummary>,
}

impl Ctx<'_> {
    fn adoption(&self, rule: &str) -> Option<f64> {
        self.org_rules.get(rule).and_then(|s| s.adoption)
    }
    fn flag(&self, rule: &RuleInfo) -> Option<Flag> {
        rule.deadline
            .as_deref()
            .map(|d| flag(d, self.today, self.adoption(&rule.id)))
    }
}

fn page(
    report: &Report,
    opts: &RenderOptions,
    extra: &[Section],
) -> Result<String, std::fmt::Error> {
    let cx = Ctx {
        report,
        today: opts.today,
        by_id: report.rules.iter().map(|r| (r.id.as_str(), r)).collect(),
        org_rules: report
            .summary
            .rules
            .iter()
            .map(|r| (r.rule.as_str(), r))
            .collect(),
    };
    let data = super::html_repos::script_data(report, &cx.by_id).map_err(|_| std::fmt::Error)?;

    let mut h = String::with_capacity(64 * 1024);
    writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        h,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        h,
        "<meta name=\"generator\" content=\"{} {}\">",
        esc(&report.tool.name),
        esc(&report.tool.version)
    )?;
    writeln!(
        h,
        "<title>Paved-road adoption · {}</title>",
        esc(&report.generated_at)
    )?;
    writeln!(h, "<style>\n{CSS}</style>\n</head>\n<body>")?;
    header(&mut h, &cx)?;
    writeln!(h, "<main>")?;
    kpis(&mut h, &cx)?;
    for x in extra {
        let (id, title) = (esc(&x.id), esc(&x.title));
        writeln!(
            h,
            "<section id=\"{id}\"><h2>{title}</h2>{}</section>",
            x.body
        )?;
    }
    deadlines(&mut h, &cx)?;
    rule_chart(&mut h, &cx)?;
    team_heatmap(&mut h, &cx)?;
    templates(&mut h, &cx)?;
    super::html_repos::repo_table(&mut h, &cx)?;
    super::html_expired::section(&mut h, report)?;
    failed(&mut h, &cx)?;
    writeln!(h, "</main>")?;
    details_panel(&mut h)?;
    writeln!(
        h,
        "<footer><p>Rule adoption = paved ÷ (paved + custom + missing). Not applicable, exempt and \
         error results are shown but never counted. Repository score = weighted share of its \
         applicable rules that are paved. On the paved road = every required rule paved or exempt.</p></footer>"
    )?;
    writeln!(
        h,
        "<script type=\"application/json\" id=\"paved-data\">{data}</script>"
    )?;
    writeln!(h, "<script>\n{JS}</script>\n</body>\n</html>")?;
    Ok(h)
}

fn header(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let r = cx.report;
    writeln!(
        h,
        "<header class=\"top\"><h1>Paved-road adoption</h1><p class=\"meta\">Generated {} by {} {} · \
         {} repositories · {} rules · deadlines judged on {}</p></header>",
        esc(&r.generated_at),
        esc(&r.tool.name),
        esc(&r.tool.version),
        r.summary.repos,
        r.rules.len(),
        cx.today
    )
}

fn kpis(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let s = &cx.report.summary;
    let on = cx
        .report
        .repos
        .iter()
        .filter(|r| on_paved_road(r, &cx.by_id))
        .count();
    let flags: Vec<Flag> = cx.report.rules.iter().filter_map(|r| cx.flag(r)).collect();
    let past = flags
        .iter()
        .filter(|f| matches!(f, Flag::At(Due::Past { .. })))
        .count();
    let soon = flags
        .iter()
        .filter(|f| matches!(f, Flag::At(Due::Soon { .. })))
        .count();
    let failed = if s.repos_failed > 0 {
        format!(
            "<a href=\"#failed\">{} could not be scanned</a>",
            s.repos_failed
        )
    } else {
        "all scanned".into()
    };
    writeln!(
        h,
        "<section class=\"kpis\" aria-label=\"Headline figures\">"
    )?;
    // Each card's last line is markup: escaped text, or the link built above.
    let cards = [
        (
            "Adoption",
            figures::pct(s.adoption),
            esc("weighted share of applicable rules that are paved"),
            "",
        ),
        (
            "On the paved road",
            figures::pct(s.on_paved_road),
            esc(&format!(
                "{on} of {} repositories pass every required rule",
                s.repos
            )),
            "",
        ),
        (
            "Repositories",
            s.repos.to_string(),
            failed,
            if s.repos_failed > 0 { " warn" } else { "" },
        ),
        (
            "Past deadline",
            past.to_string(),
            esc(&format!(
                "rules past their deadline · {soon} due within {SOON_DAYS} days"
            )),
            if past > 0 { " alert" } else { "" },
        ),
    ];
    for (label, value, sub, class) in cards {
        writeln!(
            h,
            "<div class=\"kpi{class}\"><div class=\"kpi-label\">{}</div><div class=\"kpi-value\">{}</div><div class=\"kpi-sub\">{sub}</div></div>",
            esc(label),
            esc(&value)
        )?;
    }
    writeln!(h, "</section>")
}

fn deadlines(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let mut rows: Vec<(&RuleInfo, Flag)> = cx
        .report
        .rules
        .iter()
        .filter_map(|r| cx.flag(r).map(|d| (r, d)))
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    rows.sort_by(|a, b| a.0.deadline.cmp(&b.0.deadline).then(a.0.id.cmp(&b.0.id)));
    writeln!(
        h,
        "<section id=\"deadlines\"><h2>Deadlines</h2><table class=\"plain\"><thead><tr><th>Rule</th><th>Severity</th><th>Deadline</th><th>Adoption</th><th>Not yet paved</th></tr></thead><tbody>"
    )?;
    for (rule, d) in rows {
        let counts = cx
            .org_rules
            .get(rule.id.as_str())
            .map(|s| s.counts.custom + s.counts.missing)
            .unwrap_or(0);
        let deadline = rule.deadline.as_deref().unwrap_or_default();
        writeln!(
            h,
            "<tr><td><span class=\"rule-id\">{}</span> <span class=\"muted\">{}</span></td><td>{}</td><td><span class=\"flag flag-{}\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{counts}</td></tr>",
            esc(&rule.id),
            esc(&rule.title),
            rule.severity.as_str(),
            d.class(),
            esc(&d.label(deadline)),
            figures::pct(cx.adoption(&rule.id)),
        )?;
    }
    writeln!(h, "</tbody></table></section>")
}

pub(super) fn legend(h: &mut String, outcomes: &[Outcome]) -> std::fmt::Result {
    write!(h, "<ul class=\"legend\">")?;
    for &o in outcomes {
        write!(
            h,
            "<li><span class=\"swatch o-{}\">{}</span>{}</li>",
            o.as_str(),
            glyph(o),
            outcome_label(o)
        )?;
    }
    writeln!(h, "</ul>")
}

const BAR_W: f64 = 1000.0;
const BAR_LABEL: f64 = 330.0;
const BAR_AREA: f64 = 430.0;
const BAR_ROW: f64 = 48.0;

fn rule_chart(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let rules = &cx.report.rules;
    writeln!(h, "<section id=\"rules\"><h2>Adoption per rule</h2>")?;
    legend(h, &[Outcome::Paved, Outcome::Custom, Outcome::Missing])?;
    let height = BAR_ROW * rules.len().max(1) as f64 + 8.0;
    writeln!(
        h,
        "<svg id=\"chart-rules\" class=\"chart\" viewBox=\"0 0 {BAR_W} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"chart-rules-title\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-rules-title\">Repositories per rule: paved, custom and missing</title>"
    )?;
    if rules.is_empty() {
        writeln!(
            h,
            "<text x=\"0\" y=\"20\" class=\"muted\">No rules were loaded.</text>"
        )?;
    }
    for (i, rule) in rules.iter().enumerate() {
        let y = i as f64 * BAR_ROW;
        let c = cx
            .org_rules
            .get(rule.id.as_str())
            .map(|s| s.counts.clone())
            .unwrap_or_default();
        writeln!(
            h,
            "<g class=\"bar-row\" data-rule=\"{}\" transform=\"translate(0,{y})\">",
            esc(&rule.id)
        )?;
        let subtitle = format!("{} · {}", rule.severity.as_str(), rule.title);
        writeln!(
            h,
            "<text x=\"0\" y=\"18\" class=\"bar-id\">{}<title>{}</title></text><text x=\"0\" y=\"36\" class=\"bar-title\">{}<title>{}</title></text>",
            esc(&truncate(&rule.id, 38)),
            esc(&rule.id),
            // About 46 characters of 12px text fit left of the bars.
            esc(&truncate(&subtitle, 46)),
            esc(&subtitle),
        )?;
        bar(h, &rule.id, &c)?;
        let x = BAR_LABEL + BAR_AREA + 14.0;
        let mut extra = vec![];
        for (o, n) in [
            (Outcome::NotApplicable, c.not_applicable),
            (Outcome::Exempt, c.exempt),
            (Outcome::Error, c.error),
        ] {
            if n > 0 {
                extra.push(format!("{} {n}", outcome_label(o)));
            }
        }
        writeln!(
            h,
            "<text x=\"{x}\" y=\"22\" class=\"bar-pct\">{}</text><text x=\"{}\" y=\"22\" class=\"bar-extra\">{}</text>",
            figures::pct(c.adoption()),
            x + 52.0,
            esc(&extra.join(" · "))
        )?;
        if let Some(d) = cx.flag(rule) {
            let deadline = rule.deadline.as_deref().unwrap_or_default();
            writeln!(
                h,
                "<text x=\"{x}\" y=\"38\" class=\"due due-{}\">{}<title>{}</title></text>",
                d.class(),
                esc(&d.short(deadline)),
                esc(&d.label(deadline))
            )?;
        }
        writeln!(h, "</g>")?;
    }
    writeln!(h, "</svg></section>")
}

fn bar(h: &mut String, rule: &str, c: &Counts) -> std::fmt::Result {
    let total = c.paved + c.custom + c.missing;
    let (y, bh) = (8.0, 26.0);
    if total == 0 {
        return writeln!(
            h,
            "<rect x=\"{BAR_LABEL}\" y=\"{y}\" width=\"{BAR_AREA}\" height=\"{bh}\" class=\"seg-none\"/>\
             <text x=\"{}\" y=\"{}\" class=\"seg-label dark\">no repository this rule applies to</text>",
            BAR_LABEL + 8.0,
            y + 17.0
        );
    }
    let mut x = BAR_LABEL;
    for (o, n) in [
        (Outcome::Paved, c.paved),
        (Outcome::Custom, c.custom),
        (Outcome::Missing, c.missing),
    ] {
        if n == 0 {
            continue;
        }
        let w = BAR_AREA * n as f64 / total as f64;
        writeln!(
            h,
            "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bh}\" class=\"seg o-{}\"><title>{}: {n} {} of {total}</title></rect>",
            o.as_str(),
            esc(rule),
            o.as_str()
        )?;
        if w >= 26.0 {
            let tone = if o == Outcome::Custom {
                "dark"
            } else {
                "light"
            };
            writeln!(
                h,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"seg-label {tone}\">{n}</text>",
                x + w / 2.0,
                y + 17.5
            )?;
        }
        x += w;
    }
    Ok(())
}

/// ColorBrewer YlGnBu, light (low adoption) to dark (high): sequential and colour-blind safe.
const HEAT: [(f64, [u8; 3]); 5] = [
    (0.0, [0xff, 0xff, 0xd9]),
    (0.25, [0xc7, 0xe9, 0xb4]),
    (0.5, [0x41, 0xb6, 0xc4]),
    (0.75, [0x22, 0x5e, 0xa8]),
    (1.0, [0x0c, 0x2c, 0x84]),
];

pub fn heat_colour(t: f64) -> String {
    let t = t.clamp(0.0, 1.0);
    let mut lo = HEAT[0];
    let mut hi = HEAT[HEAT.len() - 1];
    for w in HEAT.windows(2) {
        if t >= w[0].0 && t <= w[1].0 {
            lo = w[0];
            hi = w[1];
            break;
        }
    }
    let f = if hi.0 > lo.0 {
        (t - lo.0) / (hi.0 - lo.0)
    } else {
        0.0
    };
    let ch = |i: usize| (lo.1[i] as f64 + (hi.1[i] as f64 - lo.1[i] as f64) * f).round() as u8;
    format!("#{:02x}{:02x}{:02x}", ch(0), ch(1), ch(2))
}

const HEAT_LABEL: f64 = 230.0;
const HEAT_CELL_W: f64 = 76.0;
const HEAT_CELL_H: f64 = 34.0;
const HEAT_HEAD: f64 = 120.0;

fn heat_cell(h: &mut String, x: f64, adoption: Option<f64>, tip: &str) -> std::fmt::Result {
    let (fill, tone) = match adoption {
        Some(a) => (heat_colour(a), if a > 0.55 { "light" } else { "dark" }),
        None => ("url(#heat-none)".to_string(), "dark"),
    };
    writeln!(
        h,
        "<rect x=\"{x}\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{fill}\" class=\"heat-cell\"><title>{}</title></rect>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"heat-label {tone}\">{}</text>",
        HEAT_CELL_W - 2.0,
        HEAT_CELL_H - 2.0,
        esc(tip),
        x + (HEAT_CELL_W - 2.0) / 2.0,
        HEAT_CELL_H / 2.0 + 4.0,
        esc(&figures::pct(adoption))
    )
}

fn counts_tip(who: &str, what: &str, c: &Counts) -> String {
    format!(
        "{who} × {what}: {} paved, {} custom, {} missing, {} not applicable, {} exempt, {} error — adoption {}",
        c.paved,
        c.custom,
        c.missing,
        c.not_applicable,
        c.exempt,
        c.error,
        figures::pct(c.adoption())
    )
}

fn team_heatmap(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let rules = &cx.report.rules;
    let s = &cx.report.summary;
    let cols = rules.len() + 1;
    // The rotated heads lean right past the last column; the legend needs 430 wide.
    let width = (HEAT_LABEL + HEAT_CELL_W * cols as f64 + 120.0).max(HEAT_LABEL + 430.0);
    let rows = s.teams.len() + 1;
    let legend_y = HEAT_HEAD + HEAT_CELL_H * rows as f64 + 16.0;
    let height = legend_y + 40.0;
    writeln!(
        h,
        "<section id=\"teams\"><h2>Adoption by team</h2><div class=\"scroll\">"
    )?;
    writeln!(
        h,
        "<svg id=\"chart-teams\" class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-teams-title\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"chart-teams-title\">Adoption per team and rule</title>\
         <defs><pattern id=\"heat-none\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#f3f4f6\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d1d5db\" stroke-width=\"2\"/></pattern>\
         <linearGradient id=\"heat-scale\">"
    )?;
    for (t, _) in HEAT {
        writeln!(
            h,
            "<stop offset=\"{}%\" stop-color=\"{}\"/>",
            t * 100.0,
            heat_colour(t)
        )?;
    }
    writeln!(h, "</linearGradient></defs>")?;

    // Column heads, rotated so long rule ids fit over narrow cells.
    let heads = std::iter::once((
        "All rules".to_string(),
        "Weighted adoption over every rule".to_string(),
    ))
    .chain(rules.iter().map(|r| (r.id.clone(), r.title.clone())));
    for (i, (id, title)) in heads.enumerate() {
        let x = HEAT_LABEL + HEAT_CELL_W * i as f64 + HEAT_CELL_W / 2.0;
        let class = if i == 0 { "heat-head all" } else { "heat-head" };
        writeln!(
            h,
            "<text transform=\"translate({x},{}) rotate(-40)\" class=\"{class}\">{}<title>{}</title></text>",
            HEAT_HEAD - 8.0,
            esc(&truncate(&id, 22)),
            esc(&title)
        )?;
    }

    let org_rules: Vec<(&str, Option<&Counts>)> = rules
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                cx.org_rules.get(r.id.as_str()).map(|s| &s.counts),
            )
        })
        .collect();
    let mut y = HEAT_HEAD;
    let all_label = format!("All teams ({})", s.repos);
    heat_row(h, y, "", &all_label, s.adoption, &org_rules, "all teams")?;
    // Named teams first, the unowned remainder last.
    let mut teams: Vec<&TeamSummary> = s.teams.iter().collect();
    teams.sort_by_key(|t| t.team == UNOWNED);
    for team in teams {
        y += HEAT_CELL_H;
        let by_rule: BTreeMap<&str, &Counts> = team
            .rules
            .iter()
            .map(|r| (r.rule.as_str(), &r.counts))
            .collect();
        let cells: Vec<(&str, Option<&Counts>)> = rules
            .iter()
            .map(|r| (r.id.as_str(), by_rule.get(r.id.as_str()).copied()))
            .collect();
        let label = format!("{} ({})", team.team, team.repos);
        heat_row(h, y, &team.team, &label, team.adoption, &cells, &team.team)?;
    }

    let lx = HEAT_LABEL;
    writeln!(
        h,
        "<g transform=\"translate(0,{legend_y})\" class=\"heat-legend\"><text x=\"{}\" y=\"14\" text-anchor=\"end\" class=\"muted\">adoption</text>\
         <text x=\"{}\" y=\"14\" text-anchor=\"end\">0%</text><rect x=\"{lx}\" y=\"2\" width=\"200\" height=\"16\" fill=\"url(#heat-scale)\"/>\
         <text x=\"{}\" y=\"14\">100%</text><rect x=\"{}\" y=\"2\" width=\"16\" height=\"16\" fill=\"url(#heat-none)\"/><text x=\"{}\" y=\"14\">no applicable repository</text></g>",
        lx - 40.0,
        lx - 6.0,
        lx + 206.0,
        lx + 260.0,
        lx + 282.0
    )?;
    writeln!(h, "</svg></div></section>")
}

fn heat_row(
    h: &mut String,
    y: f64,
    team: &str,
    label: &str,
    overall: Option<f64>,
    cells: &[(&str, Option<&Counts>)],
    who: &str,
) -> std::fmt::Result {
    writeln!(
        h,
        "<g class=\"heat-row\" data-team=\"{}\" transform=\"translate(0,{y})\">",
        esc(team)
    )?;
    writeln!(
        h,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"heat-team\">{}<title>{}</title></text>",
        HEAT_LABEL - 10.0,
        HEAT_CELL_H / 2.0 + 4.0,
        esc(&truncate(label, 30)),
        esc(label)
    )?;
    heat_cell(
        h,
        HEAT_LABEL,
        overall,
        &format!("{who}: weighted adoption {}", figures::pct(overall)),
    )?;
    for (i, (rule, c)) in cells.iter().enumerate() {
        let c = c.cloned().unwrap_or_default();
        heat_cell(
            h,
            HEAT_LABEL + HEAT_CELL_W * (i + 1) as f64,
            c.adoption(),
            &counts_tip(who, rule, &c),
        )?;
    }
    writeln!(h, "</g>")
}

/// Which templates repositories came from, by version, and how many are behind the latest.
fn templates(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let templates = &cx.report.summary.templates;
    if templates.is_empty() {
        return Ok(());
    }
    writeln!(
        h,
        "<section id=\"templates\"><h2>Templates</h2><table class=\"plain\"><thead><tr><th>Template</th><th>Repositories</th><th>Latest</th><th>Behind</th><th>Versions</th></tr></thead><tbody>"
    )?;
    for t in templates {
        let versions: Vec<String> = t
            .versions
            .iter()
            .map(|v| {
                format!(
                    "{} × {}",
                    esc(v.version.as_deref().unwrap_or("unknown")),
                    v.repos
                )
            })
            .collect();
        writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&t.source),
            t.repos,
            esc(t.latest.as_deref().unwrap_or("–")),
            t.behind,
            versions.join(", ")
        )?;
    }
    writeln!(h, "</tbody></table></section>")
}

fn failed(h: &mut String, cx: &Ctx) -> std::fmt::Result {
    let failed: Vec<&RepoReport> = cx
        .report
        .repos
        .iter()
        .filter(|r| r.error.is_some())
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    writeln!(
        h,
        "<section id=\"failed\"><h2>Repositories that could not be scanned ({})</h2><ul class=\"failed\">",
        failed.len()
    )?;
    for r in failed {
        writeln!(
            h,
            "<li><span class=\"repo-name\">{}</span> <span class=\"muted\">{}</span></li>",
            esc(&r.name),
            esc(r.error.as_deref().unwrap_or_default())
        )?;
    }
    writeln!(h, "</ul></section>")
}

fn details_panel(h: &mut String) -> std::fmt::Result {
    writeln!(
        h,
        "<aside id=\"details\" class=\"details\" hidden aria-labelledby=\"details-title\" tabindex=\"-1\">\
         <button type=\"button\" id=\"details-close\" class=\"close\" aria-label=\"Close details\">×</button>\
         <h2 id=\"details-title\">Details</h2><div id=\"details-body\"></div></aside>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines() {
        let today = jiff::civil::date(2026, 11, 26);
        let date = jiff::civil::date;
        let cases = [
            (
                "2026-10-01",
                Some(0.5),
                Flag::At(Due::Past {
                    date: date(2026, 10, 1),
                    days: 56,
                }),
            ),
            (
                "2026-11-26",
                Some(0.5),
                Flag::At(Due::Soon {
                    date: date(2026, 11, 26),
                    days: 0,
                }),
            ),
            (
                "2026-12-15",
                None,
                Flag::At(Due::Soon {
                    date: date(2026, 12, 15),
                    days: 19,
                }),
            ),
            (
                "2027-03-31",
                Some(0.5),
                Flag::At(Due::Later {
                    date: date(2027, 3, 31),
                    days: 125,
                }),
            ),
            ("2026-10-01", Some(1.0), Flag::Met),
            ("next quarter", Some(0.5), Flag::Unreadable),
        ];
        for (d, a, want) in cases {
            assert_eq!(flag(d, today, a), want, "{d}");
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn heat_scale_ends() {
        assert_eq!(heat_colour(0.0), "#ffffd9");
        assert_eq!(heat_colour(1.0), "#0c2c84");
        assert_eq!(heat_colour(0.5), "#41b6c4");
        assert_eq!(heat_colour(2.0), "#0c2c84");
    }
}
