//! Snapshot per output format over the shared fixture report (tests/data/report.json).

use paved::render::{self, Format, GroupBy, RenderOptions};
use paved::report::Report;

fn fixture() -> Report {
    let text = include_str!("../data/report.json");
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
            by: Some(GroupBy::Team),
            ..RenderOptions::default()
        }
    ));
}

#[test]
fn table_wide() {
    insta::assert_snapshot!(rendered(
        Format::Table,
        &RenderOptions {
            width: 120,
            ..RenderOptions::default()
        }
    ));
}

/// A repository with several topics counts in each; one with none is "(no topic)".
#[test]
fn table_by_topic() {
    let mut report = fixture();
    let topics: &[(&str, &[&str])] = &[
        ("acme/design-system", &["frontend", "library"]),
        ("acme/infra-terraform", &["infra"]),
        ("acme/infra-tools", &["infra", "library"]),
        ("acme/marketing-site", &["frontend"]),
    ];
    for (name, t) in topics {
        let repo = report.repos.iter_mut().find(|r| r.name == *name).unwrap();
        repo.meta.topics = Some(t.iter().map(|s| s.to_string()).collect());
    }
    let opts = RenderOptions {
        by: Some(GroupBy::Topic),
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    render::render(&report, Format::Table, &opts, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn table_by_owner_narrow() {
    insta::assert_snapshot!(rendered(
        Format::Table,
        &RenderOptions {
            by: Some(GroupBy::Owner),
            width: 60,
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
            by: Some(GroupBy::Team),
            ..RenderOptions::default()
        }
    ));
}

#[test]
fn csv() {
    insta::assert_snapshot!(rendered(Format::Csv, &RenderOptions::default()));
}

#[test]
fn github() {
    insta::assert_snapshot!(rendered(Format::Github, &RenderOptions::default()));
}

/// The fixture narrowed to one repository, as `paved check` reports it.
fn single(name: &str) -> Report {
    let report = fixture();
    let repos = report
        .repos
        .into_iter()
        .filter(|r| r.name == name)
        .collect();
    Report::build(report.rules, repos, report.generated_at)
}

#[test]
fn github_single_repo() {
    let mut out = Vec::new();
    let opts = RenderOptions::default();
    render::render(&single("acme/infra-tools"), Format::Github, &opts, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn github_job_summary_single_repo() {
    let mut out = Vec::new();
    let opts = RenderOptions::default();
    render::github::job_summary(&single("acme/legacy-billing"), &opts, &mut out).unwrap();
    insta::assert_snapshot!(String::from_utf8(out).unwrap());
}

#[test]
fn github_job_summary_many_repos_is_the_markdown_report() {
    let opts = RenderOptions::default();
    let mut out = Vec::new();
    render::github::job_summary(&fixture(), &opts, &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        rendered(Format::Markdown, &opts)
    );
}

/// Removes ANSI SGR escapes (`ESC [ ... m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn table_fits_its_width_and_colour_only_adds_escapes() {
    let bys = [
        None,
        Some(GroupBy::Team),
        Some(GroupBy::Topic),
        Some(GroupBy::Owner),
    ];
    for (by, width) in bys.into_iter().flat_map(|b| [40, 80, 100].map(|w| (b, w))) {
        let plain = rendered(
            Format::Table,
            &RenderOptions {
                by,
                width,
                ..RenderOptions::default()
            },
        );
        let colored = rendered(
            Format::Table,
            &RenderOptions {
                by,
                width,
                color: true,
                ..RenderOptions::default()
            },
        );
        assert!(!plain.contains('\x1b'), "no escapes without colour");
        assert!(
            colored.contains("\x1b[31m! license: past deadline"),
            "past deadline is red"
        );
        assert_eq!(strip_ansi(&colored), plain);
        for line in plain.lines() {
            assert!(
                line.chars().count() <= width,
                "wider than {width}: {line:?}"
            );
            assert_eq!(line, line.trim_end(), "trailing blanks: {line:?}");
        }
    }
}

#[test]
fn json_is_the_report_itself() {
    let text = rendered(Format::Json, &RenderOptions::default());
    assert!(text.ends_with("}\n"));
    crate::common::assert_valid_report(&text);
    let back = paved::diff::parse_report(&text, std::path::Path::new("report.json")).unwrap();
    assert_eq!(back, fixture());
    assert_eq!(
        text,
        include_str!("../data/report-v2.json"),
        "the fixture was written by the json format (report.json is the same as version 1)"
    );
}

#[test]
fn empty_report_renders_in_every_format() {
    let empty = Report::build(vec![], vec![], "2026-11-26T12:00:00Z".into());
    let opts = RenderOptions {
        by: Some(GroupBy::Team),
        ..RenderOptions::default()
    };
    // (format, first line)
    let cases: &[(Format, &str)] = &[
        (
            Format::Table,
            "0 repos scanned · adoption - · on the paved road - (0 of 0)",
        ),
        (Format::Json, "{"),
        (
            Format::Csv,
            "repo,team,rule,pack,severity,outcome,path,line,note,message,commit,evidence",
        ),
        (Format::Markdown, "# Paved road report"),
    ];
    for (format, first) in cases {
        let mut out = Vec::new();
        render::render(&empty, *format, &opts, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().next(), Some(*first), "{format:?}");
    }
    let mut out = Vec::new();
    render::render(&empty, Format::Github, &opts, &mut out).unwrap();
    assert!(out.is_empty(), "nothing to annotate");
}
