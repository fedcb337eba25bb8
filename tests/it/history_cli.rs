//! `scan --as-of`, `trend` and `memo` from the command line, exemptions judged per point, and
//! shallow clones, over the history fixture org (helpers in `history`).

use paved::eval::ScanOptions;
use paved::history::{self, Cutoff, Every, TrendSpec};
use paved::outcome::Outcome;
use paved::pack::{self};
use paved::policy::Policy;
use std::path::Path;

use crate::history::{SET, day, options, org, repos, rules};

// ---------------------------------------------------------------------------------------------
// The command line

fn paved() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("paved").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1784000000") // 2026-07-14
        .env_remove("NO_COLOR")
        .arg("--quiet");
    c
}

fn common_args() -> Vec<String> {
    vec![
        "--no-builtin".into(),
        "--rules".into(),
        format!("{SET}/rules.yml"),
        "--config".into(),
        format!("{SET}/paved.yml"),
    ]
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = paved()
        .args(args)
        .arg(org())
        .args(common_args())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_scan_as_of() {
    // (as of, repos, without history)
    let cases: &[(&str, u64, Option<u64>)] = &[
        ("2026-03-31", 6, Some(2)),
        ("2026-06-30", 7, Some(1)),
        ("2025-12-31", 1, Some(7)),
    ];
    for (date, repos, without) in cases {
        let (code, out, err) = run(&["scan", "--format", "json", "--as-of", date]);
        assert_eq!(code, 0, "{date}: {err}");
        crate::common::assert_valid_report(&out);
        let json = crate::common::report_v1(&out);
        assert_eq!(json["summary"]["repos"], *repos, "{date}");
        assert_eq!(
            json["summary"]["repos_without_history"].as_u64(),
            *without,
            "{date}"
        );
    }
    let (_, out, _) = run(&["scan", "--format", "json", "--as-of", "2026-03-31"]);
    crate::common::assert_valid_report(&out);
    let json = crate::common::report_v1(&out);
    let infra = json["repos"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "platform/infra")
        .unwrap();
    assert_eq!(infra["committed_at"], "2026-01-02T12:00:00Z");
    // The report records the moment it was made as of: the end of that day, UTC.
    assert_eq!(json["as_of"], "2026-03-31T23:59:59Z");
    // Without --as-of both fields are absent, as before.
    let (_, out, _) = run(&["scan", "--format", "json"]);
    crate::common::assert_valid_report(&out);
    let json = crate::common::report_v1(&out);
    assert!(json["summary"].get("repos_without_history").is_none());
    assert!(json.get("as_of").is_none());
}

#[test]
fn cli_trend_and_memo() {
    let (code, out, err) = run(&[
        "trend",
        "--since",
        "2026-01-31",
        "--until",
        "2026-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    crate::common::assert_valid_trend(&out);
    let json = crate::common::report_v1(&out);
    assert_eq!(json["kind"], "trend");
    assert_eq!(json["points"].as_array().unwrap().len(), 6);
    assert_eq!(json["points"][2]["summary"]["adoption"], 0.4);
    assert_eq!(json["points"][2]["summary"]["repos_without_history"], 2);

    let (code, out, _) = run(&[
        "trend",
        "--since",
        "2026-01-31",
        "--until",
        "2026-06-30",
        "--adopters",
        "license",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 7, "{out}");

    let dir = tempfile::tempdir().unwrap();
    let memo = dir.path().join("q2.md");
    let (code, _, err) = run(&["memo", "--quarter", "2026Q2", "-o", memo.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&memo).unwrap();
    assert!(
        text.starts_with("# Paved-road adoption: 2026 Q2\n"),
        "{text}"
    );
    assert!(text.contains("](memo-trend.svg)"));
    let svg = std::fs::read_to_string(dir.path().join("memo-trend.svg")).unwrap();
    assert!(svg.contains("Paved-road adoption, 2026 Q2"));

    let (code, out, _) = run(&["memo", "--from", "2026-04-01", "--to", "2026-06-30"]);
    assert_eq!(code, 0);
    assert!(out.contains("40%") && out.contains("63%"), "{out}");
    assert!(out.contains("skipped for stdout"));

    let (code, out, _) = run(&[
        "trend",
        "--since",
        "2026-01-31",
        "--until",
        "2026-06-30",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("<section id=\"trend\">"));
}

#[test]
fn cli_usage_errors_exit_2() {
    let cases: &[&[&str]] = &[
        &["trend", "--since", "2026-13-01"],
        &["trend", "--since", "2026-06-01", "--until", "2026-01-01"],
        &[
            "trend",
            "--since",
            "2026-01-01",
            "--adopters",
            "no-such-rule",
        ],
        &[
            "trend",
            "--since",
            "2026-01-01",
            "--adopters",
            "ci",
            "--format",
            "svg",
        ],
        &["trend", "--since", "1970-01-01", "--every", "week"],
        &["scan", "--as-of", "last tuesday"],
        &["memo", "--quarter", "2026Q5"],
        &["memo", "--quarter", "2027Q1"],
        &["memo"],
    ];
    for args in cases {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: nothing is written");
        assert!(!err.is_empty(), "{args:?}: says why");
    }
}

/// Exemptions are judged on each point's day: exempt while active, the rule's real outcome
/// after. A change that no commit made (an exemption ended) names no commit.
#[test]
fn exemptions_are_judged_on_each_points_day() {
    let text = "teams:\n  payments: [\"payments/*\"]\n  platform: [\"platform/*\"]\n  web: [\"web/*\"]\n\
        exemptions:\n\
        \x20 - repos: web/legacy\n    rules: [ci]\n    until: 2026-04-15\n    reason: Jenkins until the migration\n\
        \x20 - repos: payments/gateway\n    rules: [readme]\n    until: 2026-02-15\n    reason: docs rewrite\n";
    let config = pack::config::parse("paved.yml", text, Path::new(SET)).unwrap();
    let opts = ScanOptions {
        policy: Policy {
            config,
            today: day("2026-07-15"),
        },
        ..options()
    };
    let spec = TrendSpec::new(day("2026-01-31"), day("2026-06-30"), Every::Month).unwrap();
    let t = history::trend(&rules(), &repos(), &opts, &spec, String::new(), &|| {}).unwrap();
    let find = |name: &str| t.repos.iter().find(|r| r.name == name).unwrap();
    let outcomes = |name: &str, rule: &str| -> Vec<Option<Outcome>> {
        (0..t.points.len())
            .map(|i| find(name).outcome(i, rule))
            .collect()
    };
    use Outcome::*;
    assert_eq!(
        outcomes("web/legacy", "ci"),
        [
            Some(Exempt),
            Some(Exempt),
            Some(Exempt),
            Some(Custom),
            Some(Custom),
            Some(Custom)
        ]
    );
    assert_eq!(
        outcomes("payments/gateway", "readme"),
        [
            Some(Exempt),
            Some(Paved),
            Some(Paved),
            Some(Paved),
            Some(Paved),
            Some(Paved)
        ]
    );
    let change = find("payments/gateway")
        .changes
        .iter()
        .find(|c| c.rule == "readme")
        .unwrap();
    assert_eq!(
        (
            change.from,
            change.to,
            change.commit.is_none(),
            change.date.as_str()
        ),
        (Some(Exempt), Paved, true, "2026-02-28")
    );
    let ci = |i: usize| {
        let r = t.points[i]
            .summary
            .rules
            .iter()
            .find(|r| r.rule == "ci")
            .unwrap();
        (
            r.counts.paved,
            r.counts.custom,
            r.counts.missing,
            r.counts.exempt,
        )
    };
    assert_eq!((ci(0), ci(3)), ((0, 1, 4, 1), (4, 2, 1, 0)));
}

/// A shallow clone cannot say what its branch held before its boundary: those points are
/// errors that say so, not "no history".
#[test]
fn shallow_clones_do_not_pretend() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let url = format!("file://{}", org().join("payments/ledger").display());
    let dest = tmp.path().join("ledger");
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet", "--depth", "3", &url])
        .arg(&dest)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", &home)
        .status()
        .unwrap();
    assert!(status.success());
    let none = globset::GlobSetBuilder::new().build().unwrap();
    let repos = paved::discover::local::discover(&[dest], &none)
        .unwrap()
        .repos;
    let spec = TrendSpec::new(day("2026-01-31"), day("2026-06-30"), Every::Month).unwrap();
    let t = history::trend(&rules(), &repos, &options(), &spec, String::new(), &|| {}).unwrap();
    let points = &t.repos[0].points;
    for p in &points[..3] {
        let e = p.as_ref().unwrap().error.as_deref().unwrap();
        assert!(e.contains("shallow clone"), "{e}");
    }
    for p in &points[3..] {
        assert!(p.as_ref().unwrap().error.is_none());
    }
    let failed: Vec<usize> = t.points.iter().map(|p| p.summary.repos_failed).collect();
    assert_eq!(failed, [1, 1, 1, 0, 0, 0]);
    let cutoff = Cutoff::parse("2026-01-31").unwrap();
    match history::evaluate_as_of(&rules(), &repos[0], &options(), &cutoff) {
        history::AsOf::Report(r) => assert!(r.error.unwrap().contains("shallow clone")),
        history::AsOf::NoHistory => panic!("a shallow clone is not a repository without history"),
    }
}

/// `trend --shard I/N` in three parts, joined by `paved merge`, is the unsharded trend.
#[test]
fn sharded_trends_merge_into_the_full_trend() {
    let period = [
        "--since",
        "2026-01-31",
        "--until",
        "2026-06-30",
        "--no-cache",
    ];
    let trend = |extra: &[&str]| {
        let mut args = vec!["trend"];
        args.extend(period);
        args.extend(["--format", "json"]);
        args.extend(extra);
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        out
    };
    let without_time = |text: &str| {
        crate::common::assert_valid_trend(text);
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        v.as_object_mut().unwrap().remove("generated_at");
        v
    };
    let whole = without_time(&trend(&[]));
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    let mut sizes = Vec::new();
    for i in 1..=3 {
        let part = dir.path().join(format!("part-{i}.json"));
        let text = trend(&["--shard", &format!("{i}/3")]);
        sizes.push(without_time(&text)["repos"].as_array().unwrap().len());
        std::fs::write(&part, text).unwrap();
        parts.push(part);
    }
    let total = whole["repos"].as_array().unwrap().len();
    assert_eq!(sizes.iter().sum::<usize>(), total, "{sizes:?}");
    assert!(sizes.iter().filter(|n| **n > 0).count() >= 2, "{sizes:?}");
    let merged = paved()
        .arg("merge")
        .args(&parts)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(merged.status.code(), Some(0), "{merged:?}");
    assert_eq!(
        without_time(&String::from_utf8_lossy(&merged.stdout)),
        whole
    );

    // Parts of different trends, or a part given twice, are refused with a usage-level error.
    let other = dir.path().join("other.json");
    let (code, text, _) = run(&[
        "trend",
        "--since",
        "2026-02-28",
        "--until",
        "2026-06-30",
        "--no-cache",
        "--format",
        "json",
        "--shard",
        "1/3",
    ]);
    assert_eq!(code, 0);
    std::fs::write(&other, text).unwrap();
    for (bad, says) in [
        (vec![&parts[0], &other], "points differ"),
        (vec![&parts[0], &parts[0]], "is in two parts"),
    ] {
        let out = paved().arg("merge").args(bad).output().unwrap();
        assert_ne!(out.status.code(), Some(0));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
    }
}
