//! A small report for the renderer tests: every outcome, every severity, teams and no team, a
//! repository that failed, deadlines past and coming, and text that needs escaping.

use paved::outcome::{Evidence, Outcome, RuleResult};
use paved::report::{RepoReport, Report, RuleInfo, Severity};

pub const GENERATED_AT: &str = "2026-11-26T12:00:00Z";

/// A note that breaks naive HTML, XML and CDATA writers.
pub const NASTY: &str = "uses <script>alert(\"x\")</script> & 'quotes' ]]> </script><!-- here";

fn rule(id: &str, pack: &str, severity: Severity, weight: f64, deadline: Option<&str>) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        pack: pack.into(),
        title: format!("Title of {id}"),
        severity,
        weight,
        deadline: deadline.map(Into::into),
        docs: Some(format!("https://docs.example.com/paved/{id}")),
        fix: Some(format!("Fix {id} the paved way.")),
    }
}

fn res(rule: &str, outcome: Outcome, message: &str, evidence: Vec<Evidence>) -> RuleResult {
    RuleResult {
        rule: rule.into(),
        outcome,
        evidence,
        message: message.into(),
    }
}

fn repo(name: &str, team: Option<&str>, results: Vec<RuleResult>) -> RepoReport {
    RepoReport {
        name: name.into(),
        path: name.into(),
        commit: Some(format!("{:0>40}", name.len())),
        committed_at: Some("2026-11-20T09:14:03Z".into()),
        team: team.map(Into::into),
        team_source: None,
        score: None,
        error: None,
        notes: vec![],
        meta: Default::default(),
        results: results.into_iter().map(std::sync::Arc::new).collect(),
        template: None,
    }
}

pub fn rules() -> Vec<RuleInfo> {
    let mut security = rule("security-policy", "basics", Severity::Info, 1.0, None);
    security.docs = None;
    security.fix = None;
    security.title = "A security policy & <contact>".into();
    vec![
        rule(
            "license",
            "basics",
            Severity::Required,
            2.0,
            Some("2026-10-01"),
        ),
        rule("readme", "basics", Severity::Recommended, 1.0, None),
        rule(
            "codeowners",
            "basics",
            Severity::Required,
            1.0,
            Some("2026-12-15"),
        ),
        rule(
            "ci-reusable-workflow",
            "github-actions",
            Severity::Required,
            3.0,
            Some("2027-03-31"),
        ),
        security,
    ]
}

pub fn repos() -> Vec<RepoReport> {
    use Outcome::*;
    let mut broken = repo("broken/repo", Some("platform"), vec![]);
    broken.error = Some("could not open repository: object <abc> not found".into());
    broken.commit = None;
    broken.committed_at = None;
    vec![
        repo(
            "payments/ledger",
            Some("payments"),
            vec![
                res(
                    "license",
                    Paved,
                    "LICENSE found",
                    vec![Evidence::at("LICENSE", Some(1), "MIT License")],
                ),
                res(
                    "readme",
                    Custom,
                    "README is not Markdown",
                    vec![Evidence::at("README.rst", None, "reStructuredText")],
                ),
                res(
                    "codeowners",
                    Missing,
                    "no CODEOWNERS file",
                    vec![Evidence::note("looked in .github/, root and docs/")],
                ),
                res(
                    "ci-reusable-workflow",
                    Custom,
                    "CI exists but does not use the paved workflow",
                    vec![
                        Evidence::at(".github/workflows/ci.yml", Some(12), NASTY),
                        Evidence::at(
                            ".github/workflows/release.yml",
                            Some(3),
                            "no reusable workflow",
                        ),
                    ],
                ),
                res(
                    "security-policy",
                    NotApplicable,
                    "archived repository",
                    vec![],
                ),
            ],
        ),
        repo(
            "payments/api",
            Some("payments"),
            vec![
                res(
                    "license",
                    Paved,
                    "LICENSE found",
                    vec![Evidence::at("LICENSE", Some(1), "Apache-2.0")],
                ),
                res(
                    "readme",
                    Paved,
                    "README.md has a heading",
                    vec![Evidence::at("README.md", Some(1), "# Payments API")],
                ),
                res(
                    "codeowners",
                    Exempt,
                    "exempt until 2027-03-31: Monolith split planned for Q1 & \"later\"",
                    vec![Evidence::at(".paved.yml", Some(4), "exemption")],
                ),
                res(
                    "ci-reusable-workflow",
                    Paved,
                    "uses the paved workflow",
                    vec![Evidence::at(
                        ".github/workflows/ci.yml",
                        Some(8),
                        "uses acme/workflows/.github/workflows/ci.yml@v2",
                    )],
                ),
                res(
                    "security-policy",
                    Paved,
                    "SECURITY.md found",
                    vec![Evidence::at("SECURITY.md", None, "present")],
                ),
            ],
        ),
        repo(
            "platform/infra-tools",
            Some("platform"),
            vec![
                res(
                    "license",
                    Custom,
                    "license declared only in a manifest",
                    vec![Evidence::at("Cargo.toml", Some(5), "license = \"MIT\"")],
                ),
                res(
                    "readme",
                    Paved,
                    "README.md has a heading",
                    vec![Evidence::at("README.md", Some(1), "# Infra tools")],
                ),
                res(
                    "codeowners",
                    Paved,
                    "catch-all owner",
                    vec![Evidence::at(
                        ".github/CODEOWNERS",
                        Some(2),
                        "* @acme/platform",
                    )],
                ),
                res(
                    "ci-reusable-workflow",
                    Error,
                    "could not parse a workflow",
                    vec![Evidence::at(
                        ".github/workflows/ci.yml",
                        Some(3),
                        "mapping values are not allowed here",
                    )],
                ),
                res("security-policy", Missing, "no security policy", vec![]),
            ],
        ),
        repo(
            "scratch",
            None,
            vec![
                res("license", Missing, "no license file", vec![]),
                res("readme", Missing, "no README", vec![]),
                res("codeowners", Missing, "no CODEOWNERS file", vec![]),
                res(
                    "ci-reusable-workflow",
                    Missing,
                    "no CI configuration",
                    vec![],
                ),
                res("security-policy", Missing, "no security policy", vec![]),
            ],
        ),
        broken,
    ]
}

/// The multi-repo fixture report.
pub fn report() -> Report {
    Report::build(rules(), repos(), GENERATED_AT.into())
}

/// A report of one repository, as `paved check` makes.
pub fn single_repo_report() -> Report {
    let one = repos()
        .into_iter()
        .filter(|r| r.name == "payments/ledger")
        .collect();
    Report::build(rules(), one, GENERATED_AT.into())
}

/// The shared fixture report of the render tests (tests/data/report.json, owned by the other
/// renderers' tests): a realistic org of nine repositories.
pub fn shared_fixture() -> Report {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/report.json");
    let text = std::fs::read_to_string(path).expect("tests/data/report.json is readable");
    serde_json::from_str(&text).expect("tests/data/report.json is a report")
}

/// `n` repositories `org/r000`, `org/r001`, … in two teams, more than a page of the dashboard's
/// rows: `license` (rule 0) is missing, custom and paved in turn (`i % 3`), `readme` paved.
pub fn many_repos_report(n: usize) -> Report {
    use Outcome::*;
    let repos = (0..n)
        .map(|i| {
            let license = [Missing, Custom, Paved][i % 3];
            let team = ["team-a", "team-b"][i % 2];
            repo(
                &format!("org/r{i:03}"),
                Some(team),
                vec![
                    res("license", license, "license", vec![]),
                    res("readme", Paved, "README.md found", vec![]),
                ],
            )
        })
        .collect();
    let rules = rules()
        .into_iter()
        .filter(|r| r.id == "license" || r.id == "readme")
        .collect();
    Report::build(rules, repos, GENERATED_AT.into())
}

/// A scan that found nothing: no rules, no repositories.
pub fn empty_report() -> Report {
    Report::build(vec![], vec![], GENERATED_AT.into())
}
