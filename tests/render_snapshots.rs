//! Snapshot per output format over the shared fixture report (tests/data/report.json).

use paved::render::{self, Format, RenderOptions};
use paved::report::Report;

fn fixture() -> Report {
    let text = include_str!("data/report.json");
    serde_json::from_str(text).expect("fixture deserializes into Report")
}

fn rendered(format: Format, opts: &RenderOptions) -> String {
    let mut out = Vec::new();
    render::render(&fixture(), format, opts, &mut out).expect("render succeeds");
    String::from_utf8(out).expect("output is UTF-8")
}

#[test]
fn table() {
    insta::assert_snapshot!(rendered(Format::Table, &RenderOptions::default()));
}

#[test]
fn table_by_team() {
    insta::assert_snapshot!(rendered(
        Format::Table,
        &RenderOptions {
            by_team: true,
            ..RenderOptions::default()
        }
    ));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(rendered(Format::Markdown, &RenderOptions::default()));
}

#[test]
fn markdown_by_team() {
    insta::assert_snapshot!(rendered(
        Format::Markdown,
        &RenderOptions {
            by_team: true,
            ..RenderOptions::default()
        }
    ));
}
