//! The built-in packs on fixture repositories (`fixtures/packs/<pack>/<case>/`, built with
//! `paved_fixture` at test time): the exact outcome of every rule of a pack on every case
//! of that pack, with a piece of the evidence that decided it; that each rule shows every
//! outcome it can give; that every rule explains itself; and template provenance with its
//! summary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use paved::discover::{RepoMeta, RepoRef};
use paved::eval::evaluate_snapshot;
use paved::outcome::{Outcome, RuleResult};
use paved::pack::{self, RuleSet, builtin};
use paved::policy::Policy;
use paved::provenance::{TemplateRef, TemplateTool};
use paved::report::{RepoReport, Report};
use paved::snapshot::{RepoSnapshot, SnapshotOptions};

use Outcome::{Custom, Missing, NotApplicable as NA, Paved};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/packs");

/// One rule on one fixture repository.
struct Case {
    /// `<pack>/<case>`, the fixture folder under fixtures/packs/.
    repo: &'static str,
    rule: &'static str,
    want: Outcome,
    /// A substring of the message or of one evidence entry as "path:line note".
    evidence: &'static str,
}

const fn c(repo: &'static str, rule: &'static str, want: Outcome, evidence: &'static str) -> Case {
    Case {
        repo,
        rule,
        want,
        evidence,
    }
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    // open-source: no rule has `when`, so none is ever not_applicable.
    c("open-source/community", "contributing-guide", Paved, "CONTRIBUTING.md: exists"),
    c("open-source/community", "code-of-conduct", Paved, ".github/CODE_OF_CONDUCT.md: exists"),
    c("open-source/community", "issue-templates", Paved, ".github/ISSUE_TEMPLATE/bug_report.yml:5 `body`"),
    c("open-source/community", "pull-request-template", Paved, ".github/pull_request_template.md: exists"),
    c("open-source/community", "gitignore", Paved, ".gitignore: exists"),
    c("open-source/elsewhere", "contributing-guide", Custom, "README.md:6 matches: Contributing"),
    c("open-source/elsewhere", "code-of-conduct", Custom, "README.md:10 matches: the [Acme Code of Conduct]"),
    c("open-source/elsewhere", "issue-templates", Custom, ".github/ISSUE_TEMPLATE/config.yml:3 `contact_links`"),
    c("open-source/elsewhere", "pull-request-template", Custom, ".gitlab/merge_request_templates/Default.md: exists"),
    c("open-source/elsewhere", "gitignore", Custom, "api/.gitignore: exists"),
    c("open-source/bare", "contributing-guide", Missing, "no CONTRIBUTING.md (at the root, in .github/ or in docs/)"),
    c("open-source/bare", "code-of-conduct", Missing, "no CODE_OF_CONDUCT.md (at the root, in .github/ or in docs/)"),
    c("open-source/bare", "issue-templates", Missing, "no issue templates or forms under .github/ISSUE_TEMPLATE/"),
    c("open-source/bare", "pull-request-template", Missing, "no pull request template (.github/pull_request_template.md)"),
    c("open-source/bare", "gitignore", Missing, "no .gitignore at the root"),

    // github-actions: every rule applies only where a workflow has jobs.
    c("github-actions/hardened", "actions-pinned-by-sha", Paved, "on the paved road"),
    c("github-actions/hardened", "workflow-permissions", Paved, ".github/workflows/ci.yml:1"),
    c("github-actions/hardened", "no-pr-target-head-checkout", Paved, ".github/workflows/label.yml:1"),
    c("github-actions/hardened", "checkout-supported-version", Paved, "on the paved road"),
    c("github-actions/trusting", "actions-pinned-by-sha", Custom, ".github/workflows/ci.yml:9 `actions/checkout@v4` (.github/workflows/ci.yml:9) is pinned by tag, not to a commit SHA"),
    c("github-actions/trusting", "workflow-permissions", Missing, ".github/workflows/ci.yml:1"),
    c("github-actions/trusting", "no-pr-target-head-checkout", Custom, "preview.yml:1 .github/workflows/preview.yml checks out the pull request's code under `pull_request_target`, gated"),
    c("github-actions/trusting", "checkout-supported-version", Paved, "on the paved road"),
    c("github-actions/legacy", "actions-pinned-by-sha", Missing, ".github/workflows/ci.yml:8 `actions/checkout@v3` (.github/workflows/ci.yml:8) is not pinned to a commit SHA"),
    c("github-actions/legacy", "workflow-permissions", Missing, "ci.yml"),
    c("github-actions/legacy", "no-pr-target-head-checkout", Missing, ".github/workflows/pr-build.yml:1"),
    c("github-actions/legacy", "checkout-supported-version", Missing, ".github/workflows/ci.yml:8 `actions/checkout@v3` (.github/workflows/ci.yml:8) is older than actions/checkout v4"),
    c("github-actions/elsewhere", "actions-pinned-by-sha", NA, "`jobs` selects nothing"),
    c("github-actions/elsewhere", "workflow-permissions", NA, "does not apply"),
    c("github-actions/elsewhere", "no-pr-target-head-checkout", NA, "does not apply"),
    c("github-actions/elsewhere", "checkout-supported-version", NA, "does not apply"),

    // dependencies
    c("dependencies/covered", "dependabot-github-actions", Paved, ".github/dependabot.yml:12 `updates.*.package-ecosystem` = \"github-actions\""),
    c("dependencies/covered", "dependabot-ecosystems", Paved, "on the paved road"),
    c("dependencies/renovate", "dependabot-github-actions", Custom, "renovate.json: exists"),
    c("dependencies/renovate", "dependabot-ecosystems", NA, "does not apply"),
    c("dependencies/partial", "dependabot-github-actions", Missing, ".github/dependabot.yaml has no `updates` entry for `github-actions`"),
    c("dependencies/partial", "dependabot-ecosystems", Missing, ".github/dependabot.yaml:1: no `updates.*.package-ecosystem` value is \"bundler\""),
    c("dependencies/no-workflows", "dependabot-github-actions", NA, "does not apply"),
    c("dependencies/no-workflows", "dependabot-ecosystems", Paved, "= \"uv\""),

    // rust: rust-lockfile has no custom path.
    c("rust/service", "rust-lockfile", Paved, "Cargo.lock: exists"),
    c("rust/service", "rust-toolchain-pinned", Paved, "rust-toolchain.toml:2 `toolchain.channel` = \"1.85.0\""),
    c("rust/service", "rust-ci", Paved, ".github/workflows/ci.yml:10 `jobs.*.steps.*.run` = \"cargo fmt --check"),
    c("rust/workspace-gitlab", "rust-lockfile", Missing, "Cargo.lock is not committed, though the crate builds a binary"),
    c("rust/workspace-gitlab", "rust-toolchain-pinned", Custom, "Cargo.toml:7 `[package.rust-version, workspace.package.rust-version]` = \"1.80\""),
    c("rust/workspace-gitlab", "rust-ci", Custom, ".gitlab-ci.yml:7 matches: - cargo test --workspace"),
    c("rust/library", "rust-lockfile", NA, "does not apply"),
    c("rust/library", "rust-toolchain-pinned", Missing, "no rust-toolchain.toml pinning the toolchain"),
    c("rust/library", "rust-ci", Missing, ".github/workflows/ci.yml: no step runs `cargo test`, `build`, `check` "),
    c("rust/not-rust", "rust-lockfile", NA, "no path matches Cargo.toml"),
    c("rust/not-rust", "rust-toolchain-pinned", NA, "no path matches Cargo.toml"),
    c("rust/not-rust", "rust-ci", NA, "no path matches Cargo.toml"),

    // node
    c("node/app", "node-lockfile", Paved, "package-lock.json: exists"),
    c("node/app", "node-engines", Paved, "package.json:6 `engines.node` = \">=22.11\""),
    c("node/pinned", "node-lockfile", Custom, "every dependency is pinned to an exact version instead"),
    c("node/pinned", "node-engines", Custom, ".nvmrc: exists"),
    c("node/loose", "node-lockfile", Missing, "no lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock)"),
    c("node/loose", "node-engines", Missing, "package.json declares no `engines.node`"),
    c("node/not-node", "node-lockfile", NA, "no path matches package.json"),
    c("node/not-node", "node-engines", NA, "no path matches package.json"),

    // python
    c("python/modern", "python-build-system", Paved, "pyproject.toml:3 `build-system.build-backend` = \"hatchling.build\""),
    c("python/modern", "python-locked-dependencies", Paved, "uv.lock: exists"),
    c("python/modern", "python-version-declared", Paved, "pyproject.toml:8 `project.requires-python` = \">=3.12\""),
    c("python/pip-tools", "python-build-system", Custom, "setup.py: exists"),
    c("python/pip-tools", "python-locked-dependencies", Custom, "no lockfile; requirements files pin every dependency with `==` instead"),
    c("python/pip-tools", "python-version-declared", Custom, "setup.py:7 matches: python_requires=\">=3.10\","),
    c("python/loose", "python-build-system", Missing, "pyproject.toml has no `[build-system]` with a `build-backend`"),
    c("python/loose", "python-locked-dependencies", Missing, "no lockfile (uv.lock, poetry.lock, pdm.lock, Pipfile.lock or pylock.to"),
    c("python/loose", "python-version-declared", Missing, "pyproject.toml declares no `requires-python`"),
    c("python/not-python", "python-build-system", NA, "no path matches pyproject.toml"),
    c("python/not-python", "python-locked-dependencies", NA, "does not apply"),
    c("python/not-python", "python-version-declared", NA, "does not apply"),

    // containers
    c("containers/digest", "container-base-pinned", Paved, "Dockerfile:2 matches: FROM --platform=$BUILDPLATFORM golang:1.23-alpine@sha256:"),
    c("containers/tagged", "container-base-pinned", Custom, "Dockerfile: base images are pinned by version tag, not by digest (and "),
    c("containers/floating", "container-base-pinned", Missing, "Dockerfile:4 Dockerfile:4: `FROM ubuntu"),
    c("containers/no-dockerfile", "container-base-pinned", NA, "does not apply"),

    // templates: generated-from-template has no `when`; template-version-tagged applies to
    // copier and cruft repositories only.
    c("templates/copier-tagged", "generated-from-template", Paved, ".copier-answers.yml:3 `_src_path` = \"gh:acme/service-template\""),
    c("templates/copier-tagged", "template-version-tagged", Paved, ".copier-answers.yml:2 `_commit` = \"v3.1.0\""),
    c("templates/copier-commit", "generated-from-template", Paved, "`_src_path` = \"https://github.com/acme/service-template.git\""),
    c("templates/copier-commit", "template-version-tagged", Custom, "`v3.0.2-4-g1a2b3c4` (.copier-answers.yml:2) is a template commit, not "),
    c("templates/copier-local", "generated-from-template", Paved, "`_src_path` = \"/Users/mara/src/service-template\""),
    c("templates/copier-local", "template-version-tagged", Missing, ".copier-answers.yml records no template version"),
    c("templates/cruft", "generated-from-template", Paved, ".cruft.json:2 `template` = \"https://github.com/acme/cookiecutter-python-lib\""),
    c("templates/cruft", "template-version-tagged", Custom, "`null` (.cruft.json:4) is a template commit, not a tagged release"),
    c("templates/backstage-scaffolded", "generated-from-template", Paved, "catalog-info.yaml:8 `metadata.annotations.\"backstage.io/source-template\"` = \"template:default/node-service\""),
    c("templates/backstage-scaffolded", "template-version-tagged", NA, "does not apply"),
    c("templates/backstage-registered", "generated-from-template", Custom, "catalog-info.yaml:2 `kind` = \"System\""),
    c("templates/backstage-registered", "template-version-tagged", NA, "does not apply"),
    c("templates/handmade", "generated-from-template", Missing, "not linked to a template: no .copier-answers.yml, .cruft.json or Backs"),
    c("templates/handmade", "template-version-tagged", NA, "does not apply"),
];

/// What scanning every fixture repository gave, built once for all tests.
struct Scanned {
    reports: BTreeMap<String, RepoReport>,
}

fn builtin_set() -> RuleSet {
    pack::load(&builtin::sources()).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics))
}

fn scanned() -> &'static Scanned {
    static SCANNED: OnceLock<Scanned> = OnceLock::new();
    SCANNED.get_or_init(|| {
        // Under the target dir, not /tmp: a static is never dropped, so a TempDir would leak.
        let dest = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("builtin_packs");
        if dest.exists() {
            std::fs::remove_dir_all(&dest).unwrap();
        }
        let built = paved_fixture::build_set(Path::new(FIXTURES), &dest).unwrap();
        let set = builtin_set();
        let reports = built
            .iter()
            .map(|location| {
                let name = location
                    .strip_prefix(&dest)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let repo = RepoRef {
                    name: name.clone(),
                    location: location.clone(),
                    meta: RepoMeta::default(),
                };
                let snap = RepoSnapshot::open(&repo, &SnapshotOptions::default()).unwrap();
                let report = evaluate_snapshot(&set, &repo, &snap, &Policy::default());
                (name, report)
            })
            .collect();
        Scanned { reports }
    })
}

fn flat(r: &RuleResult) -> String {
    let mut s = r.message.clone();
    for e in &r.evidence {
        s.push_str(&format!(
            "\n{}:{} {}",
            e.path.as_deref().unwrap_or("-"),
            e.line.map(|l| l.to_string()).unwrap_or_default(),
            e.note
        ));
    }
    s
}

/// The pack a fixture repository belongs to: the first folder of its name.
fn pack_of(repo: &str) -> &str {
    repo.split('/').next().unwrap_or_default()
}

#[test]
fn every_rule_on_every_case_of_its_pack() {
    let scanned = scanned();
    let mut failures = Vec::new();
    for case in CASES {
        let Some(report) = scanned.reports.get(case.repo) else {
            failures.push(format!("{}: no such fixture repository", case.repo));
            continue;
        };
        let Some(r) = report.results.iter().find(|r| r.rule == case.rule) else {
            failures.push(format!("{} {}: no such rule", case.repo, case.rule));
            continue;
        };
        let text = flat(r);
        if r.outcome != case.want || !text.contains(case.evidence) {
            failures.push(format!(
                "{} {}: want {} with {:?}, got {}:\n  {}",
                case.repo,
                case.rule,
                case.want,
                case.evidence,
                r.outcome,
                text.replace('\n', "\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_table_covers_every_rule_of_a_pack_on_every_case_of_it() {
    let set = builtin_set();
    let scanned = scanned();
    let mut want: BTreeSet<(String, String)> = BTreeSet::new();
    for repo in scanned.reports.keys() {
        for rule in set.rules().filter(|r| r.pack == pack_of(repo)) {
            want.insert((repo.clone(), rule.id.clone()));
        }
    }
    let mut got: BTreeSet<(String, String)> = BTreeSet::new();
    for case in CASES {
        assert!(
            got.insert((case.repo.to_string(), case.rule.to_string())),
            "{} {} is in the table twice",
            case.repo,
            case.rule
        );
    }
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not in the table: {missing:#?}\nnot a rule of the case's pack: {extra:#?}"
    );
}

/// Each rule of the packs under test shows paved and missing, custom exactly when it has a
/// custom condition, and not_applicable exactly when it has `when`.
#[test]
fn each_rule_shows_every_outcome_it_can_give() {
    let set = builtin_set();
    let packs: BTreeSet<&str> = CASES.iter().map(|c| pack_of(c.repo)).collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let every_new_pack: BTreeSet<String> = set
        .packs
        .iter()
        .filter(|p| p.name != "basics")
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(
        on_disk, every_new_pack,
        "one fixture folder per built-in pack"
    );
    for rule in set.rules().filter(|r| packs.contains(r.pack.as_str())) {
        let shown: BTreeSet<String> = CASES
            .iter()
            .filter(|c| c.rule == rule.id)
            .map(|c| c.want.to_string())
            .collect();
        let mut want: BTreeSet<String> = [Paved, Missing].iter().map(|o| o.to_string()).collect();
        if rule.custom.is_some() {
            want.insert(Custom.to_string());
        }
        if rule.when.is_some() {
            want.insert(NA.to_string());
        }
        assert_eq!(shown, want, "{}", rule.id);
    }
}

/// The packs are plain YAML 1.2: they parse without the loader's leniency for unquoted
/// values containing `: `, so other YAML tools (editors, linters) read them the same way.
#[test]
fn builtin_packs_are_strict_yaml() {
    for (name, text) in builtin::FILES {
        if let Err(e) = paved::query::parse_yaml(text) {
            panic!("rules/{name}:{}:{}: {}", e.pos.line, e.pos.col, e.message);
        }
    }
}

/// Every built-in rule carries what a person needs to act on it, and explains itself.
#[test]
fn every_builtin_rule_is_documented_and_explains() {
    let set = builtin_set();
    for rule in set.rules() {
        assert_ne!(rule.title, rule.id, "{}: no title", rule.id);
        let docs = rule.docs.as_deref().unwrap_or_default();
        assert!(docs.starts_with("https://"), "{}: docs {docs:?}", rule.id);
        assert!(
            rule.fix.as_deref().is_some_and(|f| f.len() > 20),
            "{}: no fix",
            rule.id
        );
        let text = paved::cli::rules::explain_rule(rule);
        for want in [
            format!("{} — {}", rule.id, rule.title),
            format!("docs:     {docs}"),
            "paved when:".to_string(),
        ] {
            assert!(text.contains(&want), "{}: {want:?} not in\n{text}", rule.id);
        }
    }
}

#[test]
fn templates_are_detected_and_summarised() {
    let scanned = scanned();
    let service = "github.com/acme/service-template";
    let t = |source: &str, version: Option<&str>, tool| {
        Some(TemplateRef {
            source: source.into(),
            version: version.map(Into::into),
            tool,
        })
    };
    let cases: &[(&str, Option<TemplateRef>)] = &[
        (
            "templates/copier-tagged",
            t(service, Some("v3.1.0"), TemplateTool::Copier),
        ),
        (
            "templates/copier-commit",
            t(service, Some("v3.0.2-4-g1a2b3c4"), TemplateTool::Copier),
        ),
        (
            "templates/copier-local",
            t(
                "/Users/mara/src/service-template",
                None,
                TemplateTool::Copier,
            ),
        ),
        (
            "templates/cruft",
            t(
                "github.com/acme/cookiecutter-python-lib",
                Some("9c1f3b8e2d7a6c5b4e3f2a1d0c9b8a7f6e5d4c3b"),
                TemplateTool::Cruft,
            ),
        ),
        (
            "templates/backstage-scaffolded",
            t(
                "template:default/node-service",
                None,
                TemplateTool::Backstage,
            ),
        ),
        ("templates/backstage-registered", None),
        ("templates/handmade", None),
    ];
    for (repo, want) in cases {
        assert_eq!(
            scanned.reports[*repo].template.as_deref(),
            want.as_ref(),
            "{repo}"
        );
    }
    for (name, report) in &scanned.reports {
        if !name.starts_with("templates/") {
            assert_eq!(report.template, None, "{name}");
        }
    }

    let set = builtin_set();
    let report = Report::build(
        set.infos(),
        scanned.reports.values().cloned().collect(),
        "2026-11-26T12:00:00Z".into(),
    );
    let json = serde_json::to_value(&report.summary.templates).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"source": "/Users/mara/src/service-template", "repos": 1,
             "versions": [{"version": null, "repos": 1}], "latest": null, "behind": 0},
            {"source": "github.com/acme/cookiecutter-python-lib", "repos": 1,
             "versions": [{"version": "9c1f3b8e2d7a6c5b4e3f2a1d0c9b8a7f6e5d4c3b", "repos": 1}],
             "latest": "9c1f3b8e2d7a6c5b4e3f2a1d0c9b8a7f6e5d4c3b", "behind": 0},
            {"source": "github.com/acme/service-template", "repos": 2,
             "versions": [{"version": "v3.1.0", "repos": 1},
                          {"version": "v3.0.2-4-g1a2b3c4", "repos": 1}],
             "latest": "v3.1.0", "behind": 1},
            {"source": "template:default/node-service", "repos": 1,
             "versions": [{"version": null, "repos": 1}], "latest": null, "behind": 0},
        ])
    );
    let mut table = Vec::new();
    let wide = paved::render::RenderOptions {
        width: 120,
        ..Default::default()
    };
    paved::render::table::render(&report, &wide, &mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    let head: Vec<&str> = table.lines().skip(1).take(5).collect();
    assert_eq!(
        head,
        [
            "1 repo from /Users/mara/src/service-template (versions unknown)",
            "1 repo from github.com/acme/cookiecutter-python-lib (all known on 9c1f3b8e2d7a6c5b4e3f2a1d0c9b8a7f6e5d4c3b)",
            "2 repos from github.com/acme/service-template (latest v3.1.0, 1 behind)",
            "1 repo from template:default/node-service (versions unknown)",
            "",
        ],
        "{table}"
    );
    let mut md = Vec::new();
    paved::render::markdown::render(&report, &Default::default(), &mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.contains("| github.com/acme/service-template | 2 | `v3.1.0` | 1 | `v3.1.0` × 1, `v3.0.2-4-g1a2b3c4` × 1 |"),
        "{md}"
    );
    let mut html = Vec::new();
    paved::render::html::render(&report, &Default::default(), &mut html).unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains(
            "<tr><td>github.com/acme/service-template</td><td>2</td><td>v3.1.0</td><td>1</td>"
        ),
        "no templates section in the dashboard"
    );
    let repo_json = serde_json::to_value(&report.repos).unwrap();
    let copier = repo_json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "templates/copier-tagged")
        .unwrap();
    assert_eq!(
        copier["template"],
        serde_json::json!({"source": service, "version": "v3.1.0", "tool": "copier"})
    );

    // Without templates, neither key is written, so reports of other scans do not change.
    let plain: Vec<RepoReport> = scanned
        .reports
        .iter()
        .filter(|(n, _)| n.starts_with("node/"))
        .map(|(_, r)| r.clone())
        .collect();
    let report = Report::build(set.infos(), plain, "2026-11-26T12:00:00Z".into());
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["summary"].get("templates").is_none(), "{json:#}");
    assert!(
        json["repos"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("template").is_none())
    );
    // And a report written before this field existed still reads.
    let old = serde_json::to_string(&report).unwrap();
    let back: Report = serde_json::from_str(&old).unwrap();
    assert_eq!(back, report);
}
