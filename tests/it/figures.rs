//! Every human format shows the same figures: one report rendered as table, markdown and html
//! carries the same percentage text and the same deadline status (`paved::figures`).

use paved::figures::{self, Due};
use paved::render::{self, Format, RenderOptions};
use paved::report::Report;

fn fixture() -> Report {
    serde_json::from_str(include_str!("../data/report.json")).expect("fixture deserializes")
}

fn rendered(report: &Report, format: Format, opts: &RenderOptions) -> String {
    let mut out = Vec::new();
    render::render(report, format, opts, &mut out).expect("render succeeds");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn table_markdown_and_html_agree_on_figures() {
    let report = fixture();
    // Three weeks before one deadline and after the other: one due soon, one past.
    let opts = RenderOptions {
        today: jiff::civil::date(2026, 12, 10),
        ..RenderOptions::default()
    };
    let pages: Vec<(Format, String)> = [Format::Table, Format::Markdown, Format::Html]
        .into_iter()
        .map(|f| (f, rendered(&report, f, &opts)))
        .collect();

    let mut figures_seen = vec![
        figures::pct(report.summary.adoption),
        figures::pct(report.summary.on_paved_road),
    ];
    figures_seen.extend(
        report
            .summary
            .rules
            .iter()
            .map(|r| figures::pct(r.adoption)),
    );
    for text in &figures_seen {
        assert!(text.ends_with('%'), "{text}");
        for (format, page) in &pages {
            assert!(page.contains(text.as_str()), "{format:?} lacks {text}");
        }
    }

    let mut dues = Vec::new();
    for rule in &report.rules {
        let Some(due) = rule
            .deadline
            .as_deref()
            .and_then(|d| figures::due_str(d, opts.today))
        else {
            continue;
        };
        dues.push(due);
        if !due.is_pressing() {
            continue;
        }
        let status = due.describe();
        for (format, page) in &pages {
            assert!(
                page.contains(&status),
                "{format:?} lacks `{status}` for {}",
                rule.id
            );
        }
    }
    assert!(
        dues.iter().any(|d| matches!(d, Due::Past { .. })),
        "{dues:?}"
    );
    assert!(
        dues.iter().any(|d| matches!(d, Due::Soon { .. })),
        "{dues:?}"
    );
}

#[test]
fn due_soon_is_one_window_everywhere() {
    let report = fixture();
    let day = |d: i8| RenderOptions {
        today: jiff::civil::date(2026, 12, d),
        ..RenderOptions::default()
    };
    // 2026-12-31 is 30 days after the 1st (due soon) and 31 after 30 November (later).
    let html_soon = "1 due within 30 days";
    let soon = rendered(&report, Format::Html, &day(1));
    assert!(soon.contains(html_soon), "html on 1 December");
    let table = rendered(&report, Format::Table, &day(1));
    assert!(table.contains("~ ci-workflow: due 2026-12-31 (in 30 days)"));

    let later = RenderOptions {
        today: jiff::civil::date(2026, 11, 30),
        ..RenderOptions::default()
    };
    assert!(!rendered(&report, Format::Html, &later).contains(html_soon));
    assert!(!rendered(&report, Format::Table, &later).contains("~ ci-workflow"));
}
