//! History end to end: the scripted fixture org under `fixtures/history/` (commits at fixed
//! dates in several offsets, a merge, a renamed branch, a rewritten branch, a repository
//! created mid-period, an empty one) gives exactly the designed adoption at each point, as of
//! each date, with the right commits behind each change; the renderers are snapshot-tested.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use paved::discover::RepoRef;
use paved::eval::ScanOptions;
use paved::history::{self, Cutoff, Every, TrendReport, TrendSpec};
use paved::outcome::Outcome;
use paved::pack::{self, RuleSet};
use paved::policy::Policy;
use paved::report::RepoReport;

pub(crate) const SET: &str = "fixtures/history";

/// The fixture org, built once per test binary.
pub(crate) fn org() -> &'static Path {
    static ORG: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &ORG.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("org");
        paved_fixture::build_set(Path::new(SET), &dest).unwrap();
        (tmp, dest)
    })
    .1
}

pub(crate) fn repos() -> Vec<RepoRef> {
    let none = globset::GlobSetBuilder::new().build().unwrap();
    paved::discover::local::discover(&[org().to_path_buf()], &none)
        .unwrap()
        .repos
}

pub(crate) fn rules() -> RuleSet {
    let sources = pack::read_sources(&[PathBuf::from(SET).join("rules.yml")]).unwrap();
    pack::load(&sources).unwrap()
}

pub(crate) fn options() -> ScanOptions {
    let path = Path::new(SET).join("paved.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let config = pack::config::parse("paved.yml", &text, Path::new(SET)).unwrap();
    ScanOptions {
        snapshot: Default::default(),
        jobs: Some(2),
        policy: Policy {
            config,
            today: jiff::civil::date(2026, 7, 15),
        },
        cache: None,
    }
}

pub(crate) fn day(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

pub(crate) fn half_year() -> &'static TrendReport {
    static T: OnceLock<TrendReport> = OnceLock::new();
    T.get_or_init(|| {
        let spec = TrendSpec::new(day("2026-01-31"), day("2026-06-30"), Every::Month).unwrap();
        history::trend(
            &rules(),
            &repos(),
            &options(),
            &spec,
            "2026-07-15T00:00:00Z".into(),
            &|| {},
        )
        .unwrap()
    })
}

#[test]
fn names_of_the_fixture_org() {
    let names: Vec<String> = repos().into_iter().map(|r| r.name).collect();
    assert_eq!(
        names,
        [
            "payments/gateway",
            "payments/ledger",
            "platform/infra",
            "platform/tools",
            "web/empty",
            "web/legacy",
            "web/new-site",
            "web/storefront"
        ]
    );
}

/// (date, repos, without history, org adoption, per rule (paved, custom, missing)) in the
/// order license, ci, codeowners, readme. Worked out by hand in `fixtures/history/EXPECTED.md`.
type Row = (&'static str, usize, usize, f64, [(usize, usize, usize); 4]);

const EXPECTED: &[Row] = &[
    (
        "2026-01-31",
        6,
        2,
        0.1667,
        [(0, 1, 5), (0, 2, 4), (0, 1, 5), (5, 1, 0)],
    ),
    (
        "2026-02-28",
        6,
        2,
        0.2,
        [(1, 1, 4), (0, 3, 3), (0, 1, 5), (5, 1, 0)],
    ),
    (
        "2026-03-31",
        6,
        2,
        0.4,
        [(3, 1, 2), (2, 3, 1), (0, 1, 5), (5, 1, 0)],
    ),
    (
        "2026-04-30",
        7,
        1,
        0.6286,
        [(6, 0, 1), (4, 2, 1), (2, 1, 4), (6, 1, 0)],
    ),
    (
        "2026-05-31",
        7,
        1,
        0.6286,
        [(6, 0, 1), (4, 2, 1), (2, 1, 4), (6, 1, 0)],
    ),
    (
        "2026-06-30",
        7,
        1,
        0.6286,
        [(6, 0, 1), (4, 2, 1), (3, 1, 3), (5, 2, 0)],
    ),
];

#[test]
fn adoption_at_each_point_is_exact() {
    let t = half_year();
    let dates: Vec<&str> = t.points.iter().map(|p| p.date.as_str()).collect();
    let want: Vec<&str> = EXPECTED.iter().map(|r| r.0).collect();
    assert_eq!(dates, want);
    for (p, (date, repos, without, org, per_rule)) in t.points.iter().zip(EXPECTED) {
        let s = &p.summary;
        assert_eq!(s.repos, *repos, "{date}: repos");
        assert_eq!(s.repos_without_history, *without, "{date}: without history");
        assert_eq!(s.repos_failed, 0, "{date}");
        assert_eq!(s.adoption, Some(*org), "{date}: org adoption");
        for (id, (paved, custom, missing)) in ["license", "ci", "codeowners", "readme"]
            .iter()
            .zip(per_rule)
        {
            let r = s.rules.iter().find(|r| r.rule == *id).unwrap();
            assert_eq!(
                (r.counts.paved, r.counts.custom, r.counts.missing),
                (*paved, *custom, *missing),
                "{date}: {id}"
            );
        }
    }
}

/// The reuse must never change an answer: every point of the trend equals a plain `--as-of`
/// scan at that point, outcome for outcome.
#[test]
fn every_point_equals_an_as_of_scan() {
    let t = half_year();
    let (rules, repos, opts) = (rules(), repos(), options());
    for (i, p) in t.points.iter().enumerate() {
        let cutoff = Cutoff::parse(&p.date).unwrap();
        let scan = history::scan_as_of(&rules, &repos, &opts, &cutoff, &|| {}).unwrap();
        assert_eq!(
            scan.without_history.len(),
            p.summary.repos_without_history,
            "{}",
            p.date
        );
        for r in &scan.repos {
            let trend = t.repos.iter().find(|x| x.name == r.name).unwrap();
            let point = trend.points[i].as_ref().unwrap();
            assert_eq!(point.commit, r.commit, "{} {}", p.date, r.name);
            for res in &r.results {
                assert_eq!(
                    point.outcomes.get(&res.rule),
                    Some(&res.outcome),
                    "{} {} {}",
                    p.date,
                    r.name,
                    res.rule
                );
            }
        }
    }
}

fn by_name(reports: &[RepoReport]) -> std::collections::BTreeMap<&str, &RepoReport> {
    reports.iter().map(|r| (r.name.as_str(), r)).collect()
}

/// The last point of a trend that ends after every commit is HEAD: its results (evidence and
/// messages included) equal a plain scan's, on the sample org (symlinks, submodules, bare and
/// broken repositories, the built-in rules) and on a synthetic org.
#[test]
fn the_last_point_equals_a_scan_of_head() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = tmp.path().join("sample");
    paved_fixture::build_set(Path::new("fixtures/sample-org"), &sample).unwrap();
    let synthetic = tmp.path().join("synthetic");
    paved_fixture::build_synthetic(&paved_fixture::Synthetic { repos: 40, seed: 3 }, &synthetic)
        .unwrap();
    let rules = pack::load(&pack::builtin::sources()).unwrap();
    let none = globset::GlobSetBuilder::new().build().unwrap();
    for root in [sample, synthetic] {
        let repos = paved::discover::local::discover(std::slice::from_ref(&root), &none)
            .unwrap()
            .repos;
        let opts = ScanOptions {
            jobs: Some(2),
            ..Default::default()
        };
        let scan = paved::eval::scan(&rules, &repos, &opts, &|_| {}).unwrap();
        let spec = TrendSpec::new(day("2025-01-01"), day("2030-01-01"), Every::Quarter).unwrap();
        let t = history::trend(&rules, &repos, &opts, &spec, String::new(), &|| {}).unwrap();
        let latest = t.latest.as_ref().unwrap();
        let (want, got) = (by_name(&scan), by_name(&latest.repos));
        let mut compared = 0;
        for (name, w) in &want {
            if w.error.is_some() || w.commit.is_none() {
                // Broken and empty repositories: no results to compare.
                continue;
            }
            let g = got.get(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(g.commit, w.commit, "{name}");
            let mut wr = w.results.clone();
            wr.sort_by(|a, b| a.rule.cmp(&b.rule));
            assert_eq!(g.results, wr, "{name}");
            compared += 1;
        }
        assert!(compared >= 10, "{}: compared {compared}", root.display());
        assert!(t.stats.pruned > 0);
    }
}

/// Every crossing of the paved boundary, with the first-parent commit that made it:
/// (repo, rule, from, to, commit subject, committed at, UTC).
#[test]
fn changes_name_the_commit_that_made_them() {
    use Outcome::*;
    type Case = (
        &'static str,
        &'static str,
        Option<Outcome>,
        Outcome,
        &'static str,
        &'static str,
    );
    let cases: &[Case] = &[
        // The merge brings CI in March, though its branch commit is dated February.
        (
            "payments/gateway",
            "ci",
            Some(Missing),
            Paved,
            "Merge branch 'feature/ci'",
            "2026-03-05T10:00:00Z",
        ),
        (
            "payments/gateway",
            "license",
            Some(Custom),
            Paved,
            "Add LICENSE file",
            "2026-04-20T10:00:00Z",
        ),
        (
            "payments/ledger",
            "license",
            Some(Missing),
            Paved,
            "Add MIT license",
            "2026-02-05T09:00:00Z",
        ),
        (
            "payments/ledger",
            "ci",
            Some(Missing),
            Paved,
            "Add CI workflow",
            "2026-03-03T20:30:00Z",
        ),
        (
            "payments/ledger",
            "codeowners",
            Some(Missing),
            Paved,
            "Add CODEOWNERS",
            "2026-04-15T08:00:00Z",
        ),
        (
            "payments/ledger",
            "ci",
            Some(Paved),
            Custom,
            "Move CI to Jenkins",
            "2026-05-10T14:00:00Z",
        ),
        (
            "payments/ledger",
            "readme",
            Some(Paved),
            Custom,
            "Setext README heading",
            "2026-06-02T09:00:00Z",
        ),
        // Offsets: March 31 in -08:00 is April 1 in UTC; May 1 in +05:30 is April 30.
        (
            "platform/infra",
            "license",
            Some(Missing),
            Paved,
            "License the modules",
            "2026-04-30T20:30:00Z",
        ),
        (
            "platform/infra",
            "ci",
            Some(Custom),
            Paved,
            "Move CI to GitHub Actions",
            "2026-04-01T04:00:00Z",
        ),
        // Committer time, not author time.
        (
            "platform/infra",
            "codeowners",
            Some(Missing),
            Paved,
            "Add CODEOWNERS",
            "2026-06-01T10:00:00Z",
        ),
        // The stale master's CODEOWNERS commit never counts.
        (
            "platform/tools",
            "license",
            Some(Missing),
            Paved,
            "Add license",
            "2026-03-15T10:00:00Z",
        ),
        (
            "platform/tools",
            "ci",
            Some(Custom),
            Paved,
            "GitHub Actions",
            "2026-05-05T10:00:00Z",
        ),
        // Created mid-period: every rule goes from "no commits" to paved in its first commit.
        (
            "web/new-site",
            "license",
            None,
            Paved,
            "New site from the paved template",
            "2026-04-10T10:00:00Z",
        ),
        (
            "web/new-site",
            "ci",
            None,
            Paved,
            "New site from the paved template",
            "2026-04-10T10:00:00Z",
        ),
        (
            "web/new-site",
            "codeowners",
            None,
            Paved,
            "New site from the paved template",
            "2026-04-10T10:00:00Z",
        ),
        (
            "web/new-site",
            "readme",
            None,
            Paved,
            "New site from the paved template",
            "2026-04-10T10:00:00Z",
        ),
        // The rewritten branch: the dropped CI commit never counts, only the license does.
        (
            "web/storefront",
            "license",
            Some(Missing),
            Paved,
            "Add LICENSE",
            "2026-03-10T10:00:00Z",
        ),
    ];
    let t = half_year();
    type Got = (String, String, Option<Outcome>, Outcome, String, String);
    let mut got: Vec<Got> = t
        .repos
        .iter()
        .flat_map(|r| {
            r.changes.iter().map(|c| {
                let info = c.commit.as_ref().unwrap();
                (
                    r.name.clone(),
                    c.rule.clone(),
                    c.from,
                    c.to,
                    info.subject.clone(),
                    info.committed_at.clone(),
                )
            })
        })
        .collect();
    let mut want: Vec<_> = cases
        .iter()
        .map(|(repo, rule, from, to, subject, at)| {
            (
                repo.to_string(),
                rule.to_string(),
                *from,
                *to,
                subject.to_string(),
                at.to_string(),
            )
        })
        .collect();
    got.sort_by(|a, b| (&a.0, &a.5, &a.1).cmp(&(&b.0, &b.5, &b.1)));
    want.sort_by(|a, b| (&a.0, &a.5, &a.1).cmp(&(&b.0, &b.5, &b.1)));
    assert_eq!(got, want);
}

/// First adoption per repository and rule, and the regression after it.
#[test]
fn first_adoption_and_regression() {
    let t = half_year();
    // (repo, rule, paved at start, adopted on, regressed on, paved at end)
    type Case = (
        &'static str,
        &'static str,
        bool,
        Option<&'static str>,
        Option<&'static str>,
        bool,
    );
    let cases: &[Case] = &[
        (
            "payments/ledger",
            "ci",
            false,
            Some("2026-03-03"),
            Some("2026-05-10"),
            false,
        ),
        (
            "payments/ledger",
            "readme",
            true,
            None,
            Some("2026-06-02"),
            false,
        ),
        (
            "payments/ledger",
            "license",
            false,
            Some("2026-02-05"),
            None,
            true,
        ),
        ("payments/gateway", "readme", true, None, None, true),
        (
            "platform/infra",
            "codeowners",
            false,
            Some("2026-06-01"),
            None,
            true,
        ),
        (
            "web/new-site",
            "readme",
            false,
            Some("2026-04-10"),
            None,
            true,
        ),
    ];
    for (repo, rule, start, adopted, regressed, end) in cases {
        let r = t.repos.iter().find(|r| r.name == *repo).unwrap();
        let a = r.adoption.iter().find(|a| a.rule == *rule).unwrap();
        assert_eq!(a.paved_at_start, *start, "{repo} {rule}");
        assert_eq!(
            a.adopted.as_ref().map(|c| c.date.as_str()),
            *adopted,
            "{repo} {rule}"
        );
        assert_eq!(
            a.regressed.as_ref().map(|c| c.date.as_str()),
            *regressed,
            "{repo} {rule}"
        );
        assert_eq!(a.paved_at_end, *end, "{repo} {rule}");
    }
    // Never paved: no entry at all.
    let legacy = t.repos.iter().find(|r| r.name == "web/legacy").unwrap();
    assert!(legacy.adoption.is_empty());
    let adopters: Vec<&str> = t
        .adopters("ci")
        .iter()
        .map(|(r, _)| r.name.as_str())
        .collect();
    assert_eq!(
        adopters,
        [
            "payments/ledger",
            "payments/gateway",
            "platform/infra",
            "web/new-site",
            "platform/tools"
        ]
    );
}

/// `--as-of` picks the last first-parent commit at or before the cutoff, comparing instants
/// in UTC; repositories without a commit by then are left out and counted.
#[test]
fn as_of_resolves_commits_in_utc() {
    let (rules, repos, opts) = (rules(), repos(), options());
    // (cutoff, repo, the subject of the commit it resolves to; None = no history)
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("2026-03-31", "platform/infra", Some("Terraform modules")),
        (
            "2026-03-31T20:00:00-08:00",
            "platform/infra",
            Some("Move CI to GitHub Actions"),
        ),
        (
            "2026-04-01T03:59:59Z",
            "platform/infra",
            Some("Terraform modules"),
        ),
        ("2026-04-30", "platform/infra", Some("License the modules")),
        ("2026-05-31", "platform/infra", Some("License the modules")),
        ("2026-06-01", "platform/infra", Some("Add CODEOWNERS")),
        ("2026-02-28", "payments/gateway", Some("Routing")),
        (
            "2026-03-05",
            "payments/gateway",
            Some("Merge branch 'feature/ci'"),
        ),
        ("2026-04-30", "platform/tools", Some("Add license")),
        ("2026-02-15", "web/storefront", Some("Storefront")),
        ("2026-04-09", "web/new-site", None),
        (
            "2026-04-10",
            "web/new-site",
            Some("New site from the paved template"),
        ),
        ("2026-12-31", "web/empty", None),
        ("2025-12-31", "payments/ledger", None),
    ];
    for (date, name, want) in cases {
        let cutoff = Cutoff::parse(date).unwrap();
        let repo = repos.iter().find(|r| r.name == *name).unwrap();
        let got = match history::evaluate_as_of(&rules, repo, &opts, &cutoff) {
            history::AsOf::NoHistory => None,
            history::AsOf::Report(r) => {
                assert!(r.error.is_none(), "{date} {name}: {:?}", r.error);
                let handle = paved::snapshot::open_repo(&repo.location).unwrap();
                let id: gix::ObjectId = r.commit.as_deref().unwrap().parse().unwrap();
                let commit = handle.find_commit(id).unwrap();
                Some(commit.message().unwrap().summary().to_string())
            }
        };
        assert_eq!(got.as_deref(), *want, "{date} {name}");
    }
    let scan = history::scan_as_of(
        &rules,
        &repos,
        &opts,
        &Cutoff::parse("2026-03-31").unwrap(),
        &|| {},
    )
    .unwrap();
    assert_eq!(scan.without_history, ["web/empty", "web/new-site"]);
    assert_eq!(scan.repos.len(), 6);
}

/// Points on the same commit or tree are evaluated once; rules whose inputs did not change
/// are reused; only entries rules match are ever evaluated. Stated as invariants, not counts,
/// so a better reuse does not break it.
#[test]
fn reuse_is_counted() {
    let t = half_year();
    let s = t.stats;
    assert_eq!(s.points, 39);
    assert_eq!((s.commits, s.trees), (21, 21));
    // Never a full snapshot: there are no symlinks here. At most one pruned snapshot per tree.
    assert_eq!(s.snapshots, 0);
    assert!(s.pruned > 0 && s.pruned <= s.trees, "{s:?}");
    // Results are reused, and together with those computed answer every rule at every point
    // (and the bisection's questions besides).
    let n_rules = t.rules.len();
    assert!(s.reused > 0, "{s:?}");
    assert!(s.evaluated > 0 && s.evaluated < s.points * n_rules, "{s:?}");
    assert!(s.evaluated + s.reused >= s.points * n_rules, "{s:?}");

    // Without changes to locate, every result asked for is one rule at one point.
    let mut spec = TrendSpec::new(day("2026-01-31"), day("2026-06-30"), Every::Month).unwrap();
    spec.changes = false;
    let plain =
        history::trend(&rules(), &repos(), &options(), &spec, String::new(), &|| {}).unwrap();
    let p = plain.stats;
    assert_eq!(p.evaluated + p.reused, p.points * n_rules, "{p:?}");
    assert!(p.reused > 0, "{p:?}");
    // The reuse never changes an answer: the same outcomes as the trend whose points are
    // checked against fresh as-of scans (`every_point_equals_an_as_of_scan`).
    assert_eq!(plain.points, t.points);
    for (a, b) in plain.repos.iter().zip(&t.repos) {
        assert_eq!((&a.name, &a.points), (&b.name, &b.points));
    }
}

fn quarter_two() -> &'static TrendReport {
    static T: OnceLock<TrendReport> = OnceLock::new();
    T.get_or_init(|| {
        // As the memo asks: from the end of the day before the quarter, every week, to its end.
        let spec = TrendSpec::new(day("2026-03-31"), day("2026-06-30"), Every::Week).unwrap();
        history::trend(
            &rules(),
            &repos(),
            &options(),
            &spec,
            "2026-07-15T00:00:00Z".into(),
            &|| {},
        )
        .unwrap()
    })
}

/// The memo for 2026 Q2 names the right movers.
#[test]
fn memo_names_the_movers() {
    let f = history::memo_facts(quarter_two()).unwrap();
    assert_eq!(
        (f.from.as_str(), f.to.as_str()),
        ("2026-03-31", "2026-06-30")
    );
    assert_eq!((f.org.before, f.org.after), (Some(0.4), Some(0.6286)));
    let teams: Vec<(&str, Option<f64>, Option<f64>)> = f
        .teams
        .iter()
        .map(|t| (t.team.as_str(), t.before, t.after))
        .collect();
    assert_eq!(
        teams,
        [
            ("platform", Some(0.3), Some(0.9)),
            ("web", Some(0.2), Some(0.4667)),
            ("payments", Some(0.7), Some(0.6)),
        ]
    );
    let moved = |list: &[history::Mover]| -> Vec<(String, String, String)> {
        list.iter()
            .map(|m| {
                let c = m.change.as_ref().and_then(|c| c.commit.as_ref()).unwrap();
                (m.repo.clone(), m.rule.clone(), c.subject.clone())
            })
            .collect()
    };
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        moved(&f.adopted),
        [
            s("payments/gateway", "license", "Add LICENSE file"),
            s("payments/ledger", "codeowners", "Add CODEOWNERS"),
            s("platform/infra", "ci", "Move CI to GitHub Actions"),
            s("platform/infra", "codeowners", "Add CODEOWNERS"),
            s("platform/infra", "license", "License the modules"),
            s("platform/tools", "ci", "GitHub Actions"),
            s("web/new-site", "ci", "New site from the paved template"),
            s(
                "web/new-site",
                "codeowners",
                "New site from the paved template"
            ),
            s(
                "web/new-site",
                "license",
                "New site from the paved template"
            ),
            s("web/new-site", "readme", "New site from the paved template"),
        ]
    );
    assert_eq!(
        moved(&f.regressed),
        [
            s("payments/ledger", "ci", "Move CI to Jenkins"),
            s("payments/ledger", "readme", "Setext README heading"),
        ]
    );
    assert_eq!(f.new_repos, ["web/new-site"]);
    assert_eq!(f.without_history_end, 1);
    let risks: Vec<(&str, Vec<&str>)> = f
        .at_risk
        .iter()
        .map(|r| {
            (
                r.rule.as_str(),
                r.missing.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        risks,
        [
            ("license", vec!["web/legacy"]),
            (
                "ci",
                vec!["payments/ledger", "web/legacy", "web/storefront"]
            ),
            ("readme", vec!["payments/ledger", "web/legacy"]),
        ]
    );
    assert_eq!(f.on_track, [("codeowners".to_string(), day("2027-06-30"))]);
}

// ---------------------------------------------------------------------------------------------
// Renderers: insta snapshots of every trend format, the adopters listing and the memo.

fn render(f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn trend_renderers() {
    use paved::render::trend::{self as r, TrendFormat};
    let t = half_year();
    for (name, format) in [
        ("trend_table", TrendFormat::Table),
        ("trend_markdown", TrendFormat::Markdown),
        ("trend_csv", TrendFormat::Csv),
        ("trend_svg", TrendFormat::Svg),
    ] {
        insta::assert_snapshot!(
            name,
            render(|w| r::render(t, format, &Default::default(), w))
        );
    }
    // The JSON in full is long: its shape, on the first and last points and one repository.
    let json = render(|w| r::render(t, TrendFormat::Json, &Default::default(), w));
    crate::common::assert_valid_trend(&json);
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let points = v["points"].as_array_mut().unwrap();
    points.drain(1..points.len() - 1);
    v["repos"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["name"] == "payments/ledger" || r["name"] == "web/new-site");
    insta::assert_snapshot!("trend_json", serde_json::to_string_pretty(&v).unwrap());
    for (name, format) in [
        ("adopters_table", TrendFormat::Table),
        ("adopters_markdown", TrendFormat::Markdown),
        ("adopters_csv", TrendFormat::Csv),
    ] {
        insta::assert_snapshot!(name, render(|w| r::adopters(t, "ci", format, w)));
    }
}

/// A `--since` before the org's history: points before any commit have no figure, and the
/// change column still reads from each row's first figure to its last.
#[test]
fn change_column_starts_at_each_rows_first_figure() {
    use paved::render::trend::{self as r, TrendFormat};
    let t = half_year();
    let mut early = t.clone();
    let mut empty = early.points[0].clone();
    empty.date = "2025-12-31".into();
    empty.summary = paved::report::Summary {
        repos_without_history: empty.summary.repos + empty.summary.repos_without_history,
        ..Default::default()
    };
    early.points.insert(0, empty);
    let change = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.contains('%'))
            .map(|l| l.rsplit("  ").next().unwrap_or("").trim().to_string())
            .collect()
    };
    let before = render(|w| r::render(t, TrendFormat::Table, &Default::default(), w));
    let after = render(|w| r::render(&early, TrendFormat::Table, &Default::default(), w));
    assert!(after.contains("2025-12-31"), "{after}");
    let want = change(&before);
    assert!(want.iter().all(|c| c.ends_with(" pp")), "{want:?}");
    assert_eq!(change(&after), want, "{after}");
}

#[test]
fn memo_renderer() {
    use paved::render::trend::{self as r, MemoChart};
    let t = quarter_two();
    let f = history::memo_facts(t).unwrap();
    insta::assert_snapshot!(
        "memo",
        render(|w| r::memo(t, &f, "2026 Q2", MemoChart::File("memo-trend.svg"), &[], w))
    );
    let stdout = render(|w| r::memo(t, &f, "2026 Q2", MemoChart::Skipped, &[], w));
    assert!(stdout.contains("it was skipped for stdout"), "{stdout}");
    assert!(!stdout.contains("!["));
}

/// The trend document writes outcomes as letters (version 2) and reads version 1's maps; a
/// point naming a rule the list lacks keeps its map; bad letters are an error that names the
/// repository and the point.
#[test]
fn trend_documents_of_both_versions_read_back() {
    use paved::report::trend_wire::read;
    let t = half_year();
    let v2 = render(|w| paved::render::trend::json(t, w));
    assert!(v2.contains("\"outcomes\":\""), "{v2}");
    // Version 1 is the derived shape: every outcome by rule id.
    let mut v1: serde_json::Value = serde_json::to_value(t).unwrap();
    v1["schema_version"] = 1.into();
    assert!(
        v1["repos"][0]["points"]
            .to_string()
            .contains("\"outcomes\":{")
    );
    for text in [v2.clone(), v1.to_string()] {
        let back = read(&text).unwrap();
        assert_eq!((&back.points, &back.repos), (&t.points, &t.repos));
    }
    let mut odd = t.clone();
    let point = odd.repos[0].points.iter_mut().flatten().next().unwrap();
    point.outcomes.insert("not-listed".into(), Outcome::Paved);
    let text = render(|w| paved::render::trend::json(&odd, w));
    assert!(text.contains("\"not-listed\":\"paved\""), "{text}");
    assert_eq!(read(&text).unwrap().repos, odd.repos);
    let name = &t.repos[0].name;
    let first = t.repos[0].points.iter().position(Option::is_some).unwrap();
    let letters = |v: &str| {
        let mut doc: serde_json::Value = serde_json::from_str(&v2).unwrap();
        doc["repos"][0]["points"][first]["outcomes"] = v.into();
        doc.to_string()
    };
    let width = t.rules.len();
    for bad in ["q".repeat(width), "p".repeat(width + 1), String::new()] {
        let err = read(&letters(&bad)).unwrap_err().to_string();
        assert!(
            err.contains(&format!("repository {name}, point {}", first + 1)),
            "{bad:?}: {err}"
        );
    }
    assert!(read(&letters(&".".repeat(width))).is_ok());
}

#[test]
fn json_and_csv_read_back() {
    let t = half_year();
    let json = render(|w| paved::render::trend::json(t, w));
    crate::common::assert_valid_trend(&json);
    let back: TrendReport = paved::report::trend_wire::read(&json).unwrap();
    assert_eq!(back.points, t.points);
    assert_eq!(back.repos, t.repos);
    let csv = render(|w| paved::render::trend::csv(t, w));
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, paved::render::trend::CSV_COLUMNS);
    let license_at_april: Vec<csv::StringRecord> = rows
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "2026-04-30" && &r[2] == "rule" && &r[4] == "license")
        .collect();
    assert_eq!(license_at_april.len(), 1);
    let r = &license_at_april[0];
    assert_eq!((&r[9], &r[10], &r[11], &r[12]), ("0.8571", "6", "0", "1"));
}

#[test]
fn svg_is_one_self_contained_chart() {
    let t = half_year();
    let svg = paved::render::trend::svg(t, &Default::default());
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    // One line per rule and org-wide; a marker per point with a figure.
    assert_eq!(svg.matches("<path ").count(), t.rules.len() + 1);
    assert!(!svg.contains("http://") || svg.matches("http://").count() == 1);
    assert!(!svg.contains("<script"));
    for d in ["2026-01-31", "2026-06-30"] {
        assert!(svg.contains(d), "{d}");
    }
    let html = render(|w| {
        paved::render::html_trend::render_with_trend(
            t.latest.as_ref().unwrap(),
            t,
            &Default::default(),
            w,
        )
    });
    let trend_at = html.find("<section id=\"trend\">").unwrap();
    assert!(trend_at < html.find("<section id=\"rules\">").unwrap());
    assert!(html[trend_at..].contains("<svg"));
}
