//! A trend rerun reuses the previous run's last-point results where the new point's inputs are
//! unchanged: a month of commits that touch no file a rule reads evaluates nothing, a commit
//! that changes a file a rule reads evaluates that rule again, exemptions (central with an
//! `until` day, and a repository's own `.paved.yml`) are honoured, every rerun says byte for
//! byte what a cold run says, and an entry of the previous format is rebuilt with a warning.

use std::path::{Path, PathBuf};

use crate::common::cached;
use paved::discover::RepoRef;
use paved::eval::ScanOptions;
use paved::history::{self, Every, TrendReport, TrendSpec};
use paved::policy::Policy;

/// `quiet` gets a June commit no rule reads; `touched` a June commit rewriting its README (the
/// `readme` rule's content) and carries its own exemption for `ci`.
const REPOS: [(&str, &str); 2] = [
    (
        "quiet",
        r##"
[[commit]]
date = 2026-01-10T12:00:00Z
[commit.files]
"README.md" = "# Quiet\n"
"LICENSE" = "MIT\n"

[[commit]]
date = 2026-06-10T12:00:00Z
[commit.files]
"src/main.rs" = "fn main() {}\n"
"##,
    ),
    (
        "touched",
        r##"
[[commit]]
date = 2026-01-10T12:00:00Z
[commit.files]
"README.md" = "# Touched\n"
".paved.yml" = "exemptions:\n  - rules: [ci]\n    until: 2026-12-31\n    reason: CI moves in December\n"

[[commit]]
date = 2026-03-10T12:00:00Z
[commit.files]
"CODEOWNERS" = "* @acme/web\n"

[[commit]]
date = 2026-06-10T12:00:00Z
[commit.files]
"README.md" = "no heading here\n"
"##,
    ),
];

/// A central exemption that ends between the last two points, and repositories' own.
const EXEMPTIONS: &str = "allow_repo_exemptions: true\nexemptions:\n  - repos: org/quiet\n    rules: [codeowners]\n    until: 2026-06-15\n    reason: owners are being named\n";

fn org(tmp: &Path) -> Vec<RepoRef> {
    let src = tmp.join("src");
    for (name, toml) in REPOS {
        let dir = src.join("org").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(paved_fixture::FIXTURE_FILE), toml).unwrap();
    }
    let dest = tmp.join("built");
    paved_fixture::build_set(&src, &dest).unwrap();
    let none = globset::GlobSetBuilder::new().build().unwrap();
    paved::discover::local::discover(&[dest], &none)
        .unwrap()
        .repos
}

fn options(config: &str) -> ScanOptions {
    let config = paved::pack::config::parse("paved.yml", config, Path::new(".")).unwrap();
    ScanOptions {
        jobs: Some(1),
        policy: Policy {
            config,
            today: jiff::civil::date(2026, 7, 15),
        },
        ..Default::default()
    }
}

fn trend(repos: &[RepoRef], opts: &ScanOptions, until: &str) -> TrendReport {
    let day = crate::history::day;
    let spec = TrendSpec::new(day("2026-01-31"), day(until), Every::Month).unwrap();
    history::trend(
        &crate::history::rules(),
        repos,
        opts,
        &spec,
        "t".into(),
        &|| {},
    )
    .unwrap()
}

/// The document and the last point's full results (messages, evidence: the dashboard's), which
/// the document does not carry but a rerun reuses too.
fn json(t: &TrendReport) -> String {
    let latest = t.latest.as_ref().map(|r| {
        let mut r = r.clone();
        r.generated_at.clear();
        r
    });
    format!(
        "{}\n{}",
        serde_json::to_string_pretty(t).unwrap(),
        serde_json::to_string_pretty(&latest).unwrap()
    )
}

fn warnings(opts: &ScanOptions) -> Vec<String> {
    opts.cache.as_ref().unwrap().store.take_warnings().0
}

/// Fills the cache up to May, then reruns to June: the rerun equals a cold run, and it
/// evaluates exactly `evaluated` results.
fn rerun(config: &str, evaluated: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let repos = org(tmp.path());
    let rules = crate::history::rules();
    let dir = tmp.path().join("cache");
    let opts = options(config);
    trend(&repos, &cached(&opts, &rules, &dir), "2026-05-31");
    let cold = trend(&repos, &opts, "2026-06-30");
    let o = cached(&opts, &rules, &dir);
    let warm = trend(&repos, &o, "2026-06-30");
    let messages = |t: &TrendReport| -> usize {
        let latest = t.latest.as_ref().expect("the last point's full results");
        latest
            .repos
            .iter()
            .flat_map(|r| &r.results)
            .filter(|r| !r.message.is_empty())
            .count()
    };
    assert!(messages(&warm) > 0);
    assert_eq!(json(&warm), json(&cold));
    assert!(warnings(&o).is_empty());
    assert_eq!(warm.stats.evaluated, evaluated, "{:?}", warm.stats);
    assert!(cold.stats.evaluated > evaluated, "{:?}", cold.stats);
    // The June point's inputs were stored in turn: a further month without commits reads them.
    let o = cached(&opts, &rules, &dir);
    let july = trend(&repos, &o, "2026-07-31");
    assert_eq!(json(&july), json(&trend(&repos, &opts, "2026-07-31")));
    assert_eq!(july.stats.evaluated, 0, "{:?}", july.stats);
}

#[test]
fn a_rerun_evaluates_only_the_rules_whose_files_changed() {
    // Only `touched`'s README changed: its `readme` rule, and nothing of `quiet`.
    rerun("{}", 1);
}

#[test]
fn a_rerun_with_exemptions_evaluates_where_a_file_or_an_exemption_changed() {
    // `touched`'s `readme`, and `quiet`'s `codeowners` whose exemption ended on June 15.
    rerun(EXEMPTIONS, 2);
}

#[test]
fn a_rerun_of_an_unchanged_history_reads_no_object() {
    let tmp = tempfile::tempdir().unwrap();
    let repos = org(tmp.path());
    let rules = crate::history::rules();
    let dir = tmp.path().join("cache");
    let opts = options(EXEMPTIONS);
    let cold = trend(&repos, &opts, "2026-06-30");
    // The team (`touched` names one in CODEOWNERS) and the subjects of the changes' commits
    // are stored with the outcomes.
    assert!(cold.repos.iter().any(|r| r.team.is_some()));
    assert!(
        cold.repos
            .iter()
            .flat_map(|r| &r.changes)
            .any(|c| c.commit.as_ref().is_some_and(|c| !c.subject.is_empty()))
    );
    trend(&repos, &cached(&opts, &rules, &dir), "2026-06-30");
    // Every object gone, the refs kept: a rerun whose HEADs have not moved reads only the
    // entries, so it still says what the cold run said.
    for r in &repos {
        let objects = r.location.join(".git/objects");
        for e in std::fs::read_dir(&objects).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name == "pack" || (name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit())) {
                std::fs::remove_dir_all(&p).unwrap();
            }
        }
        std::fs::create_dir(objects.join("pack")).unwrap();
    }
    let o = cached(&opts, &rules, &dir);
    let again = trend(&repos, &o, "2026-06-30");
    assert_eq!(json(&again), json(&cold));
    assert!(warnings(&o).is_empty());
    assert_eq!(again.stats.evaluated, 0, "{:?}", again.stats);
}

/// Every history entry file under `dir`.
fn entries(dir: &Path) -> Vec<PathBuf> {
    crate::common::entry_files(&dir.join("history"))
}

#[test]
fn an_entry_of_the_previous_format_is_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let repos = org(tmp.path());
    let rules = crate::history::rules();
    let dir = tmp.path().join("cache");
    let opts = options(EXEMPTIONS);
    let want = json(&trend(&repos, &opts, "2026-06-30"));
    type Spoil = fn(&[u8]) -> Vec<u8>;
    // A header line (JSON), then the data.
    fn split(t: &[u8]) -> (&[u8], &[u8]) {
        let at = t.iter().position(|&b| b == b'\n').unwrap();
        (&t[..at], &t[at + 1..])
    }
    let cases: [(&str, Spoil); 2] = [
        // The header of the format before the binary entry.
        ("another kind, key or format", |t| {
            let (head, data) = split(t);
            let now = format!("\"paved_cache\":{}", paved::cache::FORMAT);
            let was = format!("\"paved_cache\":{}", paved::cache::FORMAT - 1);
            let head = String::from_utf8(head.to_vec())
                .unwrap()
                .replacen(&now, &was, 1);
            [head.as_bytes(), b"\n", data].concat()
        }),
        // The data as that format wrote it: JSON.
        ("does not read", |t| {
            let (head, _) = split(t);
            let old = r#"{"rules":["a"],"outcomes":{"c":"p"},"latest":{},"inputs":[""],"line":"","line_to_root":false}"#;
            crate::common::sealed([head, b"\n", old.as_bytes()].concat())
        }),
    ];
    for (why, spoil) in cases {
        trend(&repos, &cached(&opts, &rules, &dir), "2026-06-30");
        let paths = entries(&dir);
        assert_eq!(paths.len(), 2);
        for p in &paths {
            let bytes = std::fs::read(p).unwrap();
            let spoiled = spoil(&bytes);
            assert_ne!(spoiled, bytes);
            std::fs::write(p, spoiled).unwrap();
        }
        let o = cached(&opts, &rules, &dir);
        let got = trend(&repos, &o, "2026-06-30");
        assert_eq!(json(&got), want, "{why}");
        let w = warnings(&o);
        assert_eq!(w.len(), 2, "{why}: {w:?}");
        assert!(w.iter().all(|w| w.contains(why)), "{w:?}");
        // Rebuilt: read back without a warning, nothing evaluated.
        let o = cached(&opts, &rules, &dir);
        let again = trend(&repos, &o, "2026-06-30");
        assert_eq!(json(&again), want);
        assert!(warnings(&o).is_empty(), "{why}");
        assert_eq!(again.stats.evaluated, 0, "{why}: {:?}", again.stats);
    }
}
