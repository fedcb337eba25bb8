//! The `table` format on a large org: a 2,000-repository report built in memory (28 rules, 12
//! teams, 40 failed repositories, pseudo-random outcomes) renders as a summary that fits its
//! width, with long sections cut and `--all` showing every repository.

use paved::outcome::{Evidence, Outcome, RuleResult};
use paved::render::{self, Format, GroupBy, RenderOptions};
use paved::report::{RepoReport, Report, RuleInfo, Severity};

const REPOS: usize = 2_000;
const RULES: usize = 28;
const TEAMS: usize = 12;
const FAILED_EVERY: usize = 50;

/// A small deterministic generator (splitmix64), so the snapshot never changes between runs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn rule_id(i: usize) -> String {
    // Ids as long as the built-in ones, so cutting them is exercised.
    let stems = [
        "license",
        "codeowners-catch-all",
        "dependabot-github-actions",
        "checkout-supported-version",
        "no-pr-target-head-checkout",
        "python-locked-dependencies",
        "ci-workflow",
    ];
    format!("{}-{i:02}", stems[i % stems.len()])
}

fn big_report() -> Report {
    let mut rng = Rng(2026);
    let rules: Vec<RuleInfo> = (0..RULES)
        .map(|i| RuleInfo {
            id: rule_id(i),
            pack: "synthetic".into(),
            title: format!("rule {i}"),
            severity: if i % 3 == 0 {
                Severity::Required
            } else {
                Severity::Recommended
            },
            weight: 1.0,
            deadline: match i {
                0 => Some("2026-09-30".into()),
                3 => Some("2026-12-10".into()),
                _ => None,
            },
            docs: None,
            fix: None,
        })
        .collect();
    let outcomes = [
        Outcome::Paved,
        Outcome::Paved,
        Outcome::Paved,
        Outcome::Custom,
        Outcome::Missing,
        Outcome::NotApplicable,
        Outcome::Exempt,
        Outcome::Error,
    ];
    let repos = (0..REPOS)
        .map(|i| {
            let failed = i % FAILED_EVERY == 7;
            let results = if failed {
                Vec::new()
            } else {
                rules
                    .iter()
                    .map(|r| {
                        let outcome = outcomes[(rng.next() % outcomes.len() as u64) as usize];
                        RuleResult {
                            rule: r.id.clone(),
                            outcome,
                            evidence: vec![Evidence::at(
                                ".github/workflows/a-rather-long-workflow-name.yml",
                                Some(12),
                                "a note long enough to need wrapping in a narrow terminal window",
                            )],
                            message: String::new(),
                        }
                    })
                    .collect()
            };
            RepoReport {
                name: format!("org-{}/service-with-a-long-name-{i:04}", i % 3),
                path: format!("org-{}/service-{i:04}", i % 3),
                commit: None,
                committed_at: None,
                team: Some(format!("team-{:02}", i % TEAMS)),
                team_source: None,
                score: None,
                error: failed.then(|| {
                    "cannot open repository: HEAD points to a missing object, \
                     and the rest of this message is long"
                        .to_string()
                }),
                notes: Vec::new(),
                meta: Default::default(),
                results: results.into_iter().map(std::sync::Arc::new).collect(),
                template: None,
            }
        })
        .collect();
    Report::build(rules, repos, "2026-11-26T12:00:00Z".into())
}

fn rendered(report: &Report, opts: &RenderOptions) -> String {
    let mut out = Vec::new();
    render::render(report, Format::Table, opts, &mut out).expect("render succeeds");
    String::from_utf8(out).expect("UTF-8")
}

fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "wider than {width}: {line:?}"
        );
    }
}

#[test]
fn default_table_for_2000_repos_is_a_summary_within_80_columns() {
    let report = big_report();
    let text = rendered(&report, &RenderOptions::default());
    let lines = text.lines().count();
    assert!(lines < 100, "{lines} lines");
    assert_fits(&text, 80);
    // Both long sections are cut and say how to see the rest.
    let more: Vec<&str> = text.lines().filter(|l| l.contains("… and ")).collect();
    assert_eq!(more.len(), 2, "{more:?}");
    assert!(
        more.iter()
            .all(|l| l.ends_with("more (--all shows every one)"))
    );
    insta::assert_snapshot!(text);
}

#[test]
fn all_lists_every_repository_and_still_fits() {
    let report = big_report();
    let opts = RenderOptions {
        all: true,
        ..RenderOptions::default()
    };
    let text = rendered(&report, &opts);
    assert_fits(&text, 80);
    assert!(!text.contains("--all shows every one"));
    let rules = report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let off = report
        .repos
        .iter()
        .filter(|r| r.error.is_none() && !paved::report::on_paved_road(r, &rules))
        .count();
    let failed = report.repos.iter().filter(|r| r.error.is_some()).count();
    assert_eq!(failed, REPOS / FAILED_EVERY);
    // Each listed repository starts a line: two blanks, then its name.
    let starts: std::collections::HashSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let listed = report
        .repos
        .iter()
        .filter(|r| starts.contains(r.name.as_str()))
        .count();
    assert_eq!(
        listed,
        off + failed,
        "every off-road and failed repo is listed"
    );
}

#[test]
fn by_team_is_one_matrix_that_fits() {
    let report = big_report();
    for width in [80, 160] {
        let opts = RenderOptions {
            by: Some(GroupBy::Team),
            width,
            ..RenderOptions::default()
        };
        let text = rendered(&report, &opts);
        assert_fits(&text, width);
        assert_eq!(text.matches("by team and rule").count(), 1);
        // Rules are the longer list, so they are the rows: one line per rule per column block.
        let rule_lines = text
            .lines()
            .filter(|l| {
                let first = l.trim_start_matches(['!', '~', ' ']).split(' ').next();
                first.is_some_and(|w| w.starts_with("python") && w.ends_with("-05"))
            })
            .count();
        // 12 team columns of 9: three blocks at 80 columns, one at 160.
        let blocks = if width == 80 { 3 } else { 1 };
        assert_eq!(
            rule_lines,
            1 + blocks,
            "rules table row + matrix rows at {width}"
        );
        if width == 80 {
            insta::assert_snapshot!(text.lines().take(70).collect::<Vec<_>>().join("\n"));
        }
    }
}

#[test]
fn by_owner_groups_by_the_first_part_of_the_name() {
    let report = big_report();
    let opts = RenderOptions {
        by: Some(GroupBy::Owner),
        ..RenderOptions::default()
    };
    let text = rendered(&report, &opts);
    let section = text.split("By owner:").nth(1).expect("an owner section");
    let rows: Vec<&str> = section
        .lines()
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(rows, ["org-0", "org-1", "org-2"]);
}
