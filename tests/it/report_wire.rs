//! The JSON report's two versions: version 1 (results inside each repository, the checked-in
//! `tests/data/report.json`) and version 2 (each distinct result once, as `--format json`
//! writes it) read back to the same report, by `diff`, `merge` and the baseline alike.

use std::path::Path;

use paved::cli::merge::merge;
use paved::diff::{DiffError, parse_report};
use paved::render::{Format, RenderOptions};
use paved::report::Report;

const V1: &str = include_str!("../data/report.json");

fn v1() -> Report {
    parse_report(V1, Path::new("report.json")).expect("version 1 reads")
}

fn v2_text(r: &Report) -> String {
    let mut out = Vec::new();
    paved::render::render(r, Format::Json, &RenderOptions::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn version_2_round_trips_to_the_same_report_as_version_1() {
    let before = v1();
    assert!(before.repos.iter().any(|r| !r.results.is_empty()));
    let text = v2_text(&before);
    crate::common::assert_valid_report(&text);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema_version"], 2);
    assert!(doc["repos"][0]["results"][0].is_u64(), "{text}");
    let back = parse_report(&text, Path::new("v2.json")).expect("version 2 reads");
    assert_eq!(back, before);
    // A tool that rewrote the document with sorted keys puts `repos` before `results`.
    let sorted = serde_json::to_string(&doc).unwrap();
    assert!(sorted.find("\"repos\"") < sorted.find("\"results\":[{"));
    let back = parse_report(&sorted, Path::new("sorted.json")).expect("sorted keys read");
    assert_eq!(back, before);
    // Repositories share the table's copies instead of each holding its own.
    let shared = back
        .repos
        .iter()
        .flat_map(|r| &r.results)
        .filter(|r| std::sync::Arc::strong_count(r) > 1)
        .count();
    assert!(
        shared > 0,
        "some result is shared by more than one repository"
    );
}

#[test]
fn version_2_writes_each_distinct_result_once() {
    let r = v1();
    let text = v2_text(&r);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let table = doc["results"].as_array().unwrap();
    let mut distinct: Vec<&paved::outcome::RuleResult> = r
        .repos
        .iter()
        .flat_map(|x| x.results.iter().map(|r| &**r))
        .collect();
    distinct.sort_by_key(|x| serde_json::to_string(x).unwrap());
    distinct.dedup();
    assert_eq!(table.len(), distinct.len());
    // One line per rule, result and repository: the document greps and diffs by line.
    let lines = text.lines().count();
    assert!(
        lines >= r.rules.len() + table.len() + r.repos.len(),
        "{text}"
    );
}

/// A repository's line holds exactly what serde writes for the repository, keys sorted as a
/// JSON map sorts them, nested objects too, with its results as table indexes: with every
/// optional field set, and with none.
#[test]
fn repository_lines_are_the_repository_with_sorted_keys() {
    use paved::discover::RepoMeta;
    use paved::provenance::{TemplateRef, TemplateTool};
    use paved::report::TeamSource;
    let mut r = v1();
    let full = &mut r.repos[0];
    *full.meta = RepoMeta {
        topics: Some(vec!["paved".into()]),
        archived: Some(false),
        visibility: Some("internal".into()),
        default_branch: Some("main".into()),
        forge_team: Some("payments".into()),
    };
    full.team_source = Some(TeamSource::Codeowners);
    full.template = Some(Box::new(TemplateRef {
        source: "github.com/acme/service-template".into(),
        version: Some("v3.1.0".into()),
        tool: TemplateTool::Copier,
    }));
    full.notes = vec!["a \"quoted\" note".into()];
    full.error = Some("not \u{1} scanned".into());
    full.score = Some(0.125);
    let bare = &mut r.repos[1];
    bare.commit = None;
    bare.committed_at = None;
    bare.team = None;
    bare.score = None;
    let text = v2_text(&r);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (i, repo) in r.repos.iter().enumerate() {
        let mut want = serde_json::to_value(repo).unwrap();
        want["results"] = doc["repos"][i]["results"].clone();
        let line = format!("\n    {}", serde_json::to_string(&want).unwrap());
        assert!(text.contains(&line), "{} lacks{line}", repo.name);
    }
    assert!(text.contains("\"template\":{\"source\""), "{text}");
    assert_eq!(parse_report(&text, Path::new("full.json")).unwrap(), r);
}

#[test]
fn merge_reads_a_version_1_part_beside_a_version_2_part() {
    let all = v1();
    let (a, b) = all.repos.split_at(all.repos.len() / 2);
    let part = |repos: &[paved::report::RepoReport]| {
        let mut p = all.clone();
        p.repos = repos.to_vec();
        p
    };
    let first = v2_text(&part(a));
    let second = serde_json::to_string_pretty(&part(b)).unwrap();
    let read = |t: &str, n: &str| (n.to_string(), parse_report(t, Path::new(n)).unwrap());
    let merged = merge(vec![read(&first, "a.json"), read(&second, "b.json")]).unwrap();
    let want = Report::build(
        all.rules.clone(),
        all.repos.clone(),
        all.generated_at.clone(),
    );
    assert_eq!(merged.repos, want.repos);
    assert_eq!(merged.summary, want.summary);
}

#[test]
fn unreadable_version_2_documents_are_clear_errors() {
    let good = v2_text(&v1());
    let cases = [
        (
            good.replacen("\"results\": [", "\"resultz\": [", 1),
            "`results`",
        ),
        (
            good.replace("\"results\":[0", "\"results\":[99999"),
            "not in the `results` table",
        ),
        (
            good.replace("\"schema_version\": 2", "\"schema_version\": 3"),
            "newer",
        ),
    ];
    for (text, want) in cases {
        let err = parse_report(&text, Path::new("r.json")).unwrap_err();
        assert!(matches!(
            err,
            DiffError::Parse { .. } | DiffError::NewerSchema { .. }
        ));
        assert!(err.to_string().contains(want), "{want}: {err}");
    }
}
