//! What findings say: every offender and only offenders, each with its file and line, in a
//! sentence without rule source (no CEL, no long regex); rule authors' `message:` templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use paved::discover::{RepoMeta, RepoRef};
use paved::eval::evaluate_snapshot;
use paved::outcome::{Outcome, RuleResult};
use paved::pack::{self, PackSource, RuleSet, builtin};
use paved::policy::Policy;
use paved::snapshot::{RepoSnapshot, SnapshotOptions};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

fn builtin_set() -> RuleSet {
    pack::load(&builtin::sources()).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics))
}

/// Every built repository under `dest` from the fixture set at `src`, evaluated with `set`.
fn scan_set(set: &RuleSet, src: &Path, dest: &Path) -> BTreeMap<String, Vec<RuleResult>> {
    let built = paved_fixture::build_set(src, dest).unwrap();
    let mut out = BTreeMap::new();
    for location in built {
        let name = location
            .strip_prefix(dest)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let repo = RepoRef {
            name: name.clone(),
            location: location.clone(),
            meta: RepoMeta::default(),
        };
        // The sample org's corrupt repository may not open: it has no findings to check.
        if let Ok(snap) = RepoSnapshot::open(&repo, &SnapshotOptions::default()) {
            out.insert(
                name,
                evaluate_snapshot(set, &repo, &snap, &Policy::default())
                    .results
                    .into_iter()
                    .map(std::sync::Arc::unwrap_or_clone)
                    .collect(),
            );
        }
    }
    out
}

fn one_repo(set: &RuleSet, files: &[(&str, &str)], rule: &str) -> RuleResult {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    paved_fixture::write_files(&src, files).unwrap();
    let location: PathBuf = paved_fixture::build_repo(&src, &tmp.path().join("built")).unwrap();
    let repo = RepoRef {
        name: "acme/app".into(),
        location,
        meta: RepoMeta::default(),
    };
    let snap = RepoSnapshot::open(&repo, &SnapshotOptions::default()).unwrap();
    let report = evaluate_snapshot(set, &repo, &snap, &Policy::default());
    let found = report.results.into_iter().find(|r| r.rule == rule).unwrap();
    std::sync::Arc::unwrap_or_clone(found)
}

/// (line, value) of every evidence entry that names a value.
fn offenders(r: &RuleResult) -> Vec<(u32, String)> {
    r.evidence
        .iter()
        .filter_map(|e| Some((e.line?, e.value.clone()?)))
        .collect()
}

#[test]
fn ios_app_names_exactly_its_unpinned_actions_with_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let set = builtin_set();
    let org = scan_set(
        &set,
        &Path::new(ROOT).join("fixtures/sample-org"),
        tmp.path(),
    );
    let r = org["mobile/ios-app"]
        .iter()
        .find(|r| r.rule == "actions-pinned-by-sha")
        .unwrap();
    assert_eq!(r.outcome, Outcome::Missing);
    // The third-party action (not even custom) first, then GitHub's own by tag; nothing else.
    assert_eq!(
        offenders(r),
        vec![
            (11, "ruby/setup-ruby@v1".to_string()),
            (8, "actions/checkout@v4".to_string()),
        ]
    );
    assert_eq!(r.evidence.len(), 2, "{:#?}", r.evidence);
    assert_eq!(
        r.message,
        "`ruby/setup-ruby@v1` (.github/workflows/ci.yml:11) is not pinned to a commit SHA (and 1 more)"
    );
}

struct Mixed {
    name: &'static str,
    workflow: &'static str,
    want: Outcome,
    /// (line, value) of each offender, in the order listed.
    offenders: &'static [(u32, &'static str)],
}

/// Workflows with pinned and unpinned actions mixed: the evidence lists each unpinned one
/// with its line, never a pinned one.
#[test]
fn mixed_workflows_list_every_offender_and_only_offenders() {
    let pinned_checkout = format!("actions/checkout@{SHA}");
    let cases = [
        Mixed {
            name: "pinned first, then two unpinned",
            workflow: "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: PINNED\n      - uses: ruby/setup-ruby@v1\n      - run: make\n      - uses: docker/login-action@v3\n",
            want: Outcome::Missing,
            offenders: &[(7, "ruby/setup-ruby@v1"), (9, "docker/login-action@v3")],
        },
        Mixed {
            name: "GitHub's own by tag only: custom, listing them",
            workflow: "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: PINNED\n      - uses: actions/setup-node@v4\n",
            want: Outcome::Custom,
            offenders: &[(7, "actions/setup-node@v4")],
        },
        Mixed {
            name: "a reusable workflow by branch and a pinned step",
            workflow: "on: push\njobs:\n  a:\n    uses: acme/ci/.github/workflows/x.yml@main\n  b:\n    runs-on: x\n    steps:\n      - uses: PINNED\n      - uses: ./local\n",
            want: Outcome::Missing,
            offenders: &[(4, "acme/ci/.github/workflows/x.yml@main")],
        },
        Mixed {
            name: "everything pinned",
            workflow: "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: PINNED\n      - uses: ./local\n",
            want: Outcome::Paved,
            offenders: &[],
        },
    ];
    let set = builtin_set();
    for case in cases {
        let workflow = case.workflow.replace("PINNED", &pinned_checkout);
        let r = one_repo(
            &set,
            &[(".github/workflows/ci.yml", &workflow)],
            "actions-pinned-by-sha",
        );
        assert_eq!(r.outcome, case.want, "{}: {:#?}", case.name, r);
        if case.want == Outcome::Paved {
            continue;
        }
        let want: Vec<(u32, String)> = case
            .offenders
            .iter()
            .map(|(l, v)| (*l, v.to_string()))
            .collect();
        assert_eq!(offenders(&r), want, "{}", case.name);
        assert!(
            !r.evidence.iter().any(|e| e.note.contains(SHA)),
            "{}: a pinned action is listed: {:#?}",
            case.name,
            r.evidence
        );
    }
}

#[test]
fn many_offenders_are_capped_with_a_count() {
    let mut workflow = String::from("on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n");
    for i in 0..13 {
        workflow.push_str(&format!("      - uses: acme/a{i}@v1\n"));
    }
    let set = builtin_set();
    let r = one_repo(
        &set,
        &[(".github/workflows/ci.yml", &workflow)],
        "actions-pinned-by-sha",
    );
    assert_eq!(offenders(&r).len(), 10);
    assert_eq!(r.evidence.last().unwrap().note, "and 3 more");
    assert!(r.message.ends_with("(and 12 more)"), "{}", r.message);
}

/// Source text in a note: a CEL operator, or a `/regex/` longer than a short excerpt.
fn shows_source(text: &str) -> Option<String> {
    for op in ["&&", "||", ".all(", ".exists(", "doc."] {
        if text.contains(op) {
            return Some(format!("contains `{op}`"));
        }
    }
    // A regex is shown as "match /…/" (also "matches", "matching"): at most 40 chars and an
    // ellipsis between the slashes.
    for word in ["match /", "matches /", "matching /"] {
        if let Some(i) = text.find(word) {
            let rest = &text[i + word.len()..];
            let regex = &rest[..rest.rfind('/').unwrap_or(rest.len())];
            if regex.chars().count() > 41 {
                return Some(format!("a long regex: /{regex}/"));
            }
        }
    }
    None
}

#[test]
fn no_builtin_finding_shows_rule_source() {
    let tmp = tempfile::tempdir().unwrap();
    let set = builtin_set();
    let mut all = scan_set(
        &set,
        &Path::new(ROOT).join("fixtures/sample-org"),
        &tmp.path().join("org"),
    );
    all.extend(scan_set(
        &set,
        &Path::new(ROOT).join("fixtures/packs"),
        &tmp.path().join("packs"),
    ));
    let mut seen = 0;
    for (repo, results) in &all {
        for r in results.iter().filter(|r| r.outcome != Outcome::Paved) {
            let decided = r.outcome != Outcome::NotApplicable;
            let texts = std::iter::once(&r.message).chain(r.evidence.iter().map(|e| &e.note));
            for t in texts {
                seen += 1;
                if let Some(why) = shows_source(t) {
                    panic!("{repo} {}: {why}: {t}", r.rule);
                }
                // Built-in rules have their own sentences: no pattern, however short.
                for source in ["match /", "matches /", "matching /", "rule's expression"] {
                    assert!(
                        !decided || !t.contains(source),
                        "{repo} {}: shows `{source}`: {t}",
                        r.rule
                    );
                }
            }
        }
    }
    assert!(seen > 200, "only {seen} notes checked");
    // The checker itself catches what it must.
    assert!(shows_source("`has(doc.permissions) && x` is false").is_some());
    assert!(
        shows_source(
            "does not match /^(\\./\\S*|\\$/\\S*|docker://[^@\\s]+@sha256:[0-9a-f]{64})$/"
        )
        .is_some()
    );
    assert!(shows_source("does not match /^(\\./\\S*|\\$/\\S*|docker://[^@…/").is_none());
}

fn load(rule_yaml: &str) -> Result<RuleSet, Vec<String>> {
    pack::load(&[PackSource {
        name: "t.yml".into(),
        text: format!("pack: t\nrules:\n{rule_yaml}"),
        dir: None,
    }])
    .map_err(|f| {
        f.diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.col, d.message))
            .collect()
    })
}

#[test]
fn message_placeholders_are_checked_at_their_position() {
    let cases: &[(&str, Result<(), &str>)] = &[
        ("message: \"`{value}` ({path}:{line}) in {repo}\"", Ok(())),
        (
            "message: {missing: \"{path} lacks it\", error: \"cannot read {path}\"}",
            Ok(()),
        ),
        (
            "message: \"`{valeu}` is wrong\"",
            Err(
                "6:16: unknown placeholder `{valeu}` (known: {path}, {line}, {value}, {repo}); did you mean `{value}`?",
            ),
        ),
        ("message: {missing: x, paved: y}", Err("6:27: unknown")),
        ("message: [\"{path} has x\", no x]", Ok(())),
        (
            "message: {missing: [x, \"{vlue}\"]}",
            Err("6:29: unknown placeholder `{vlue}`"),
        ),
        (
            "message: []",
            Err("6:14: a message list needs at least one sentence"),
        ),
        (
            "message: 5",
            Err("6:14: `message` is a string or a list of strings, or a mapping"),
        ),
    ];
    for (msg, want) in cases {
        let rule = format!(
            "  - id: r\n    paved: {{exists: README.md}}\n    custom: {{exists: x}}\n    {msg}\n"
        );
        // Lines: 1 pack, 2 rules, 3 id, 4 paved, 5 custom, 6 message.
        let got = load(&rule);
        match (want, got) {
            (Ok(()), Ok(_)) => {}
            (Err(w), Err(diags)) => {
                assert!(diags.iter().any(|d| d.starts_with(w)), "{msg}: {diags:?}")
            }
            (w, g) => panic!("{msg}: want {w:?}, got {:?}", g.map(|_| ())),
        }
    }
}

#[test]
fn a_rule_message_is_filled_in_per_finding() {
    let set = load(
        "  - id: r\n    message:\n      missing: \"{repo}: `{value}` at {path}:{line} is not allowed\"\n    paved:\n      yaml: {files: a.yml, query: 'xs.*', all: true, matches: '^ok$'}\n",
    )
    .unwrap();
    let r = one_repo(&set, &[("a.yml", "xs:\n  - ok\n  - bad\n  - worse\n")], "r");
    assert_eq!(r.outcome, Outcome::Missing);
    let notes: Vec<&str> = r.evidence.iter().map(|e| e.note.as_str()).collect();
    assert_eq!(
        notes,
        [
            "acme/app: `bad` at a.yml:3 is not allowed",
            "acme/app: `worse` at a.yml:4 is not allowed"
        ]
    );
    assert_eq!(
        r.message,
        "acme/app: `bad` at a.yml:3 is not allowed (and 1 more)"
    );
}

#[test]
fn every_builtin_rule_says_its_findings_in_its_own_words() {
    let set = builtin_set();
    assert!(set.rules().count() > 20);
    for rule in set.rules() {
        // The generated sentence names the exact ecosystem Dependabot misses ("no
        // `updates.*.package-ecosystem` value is \"cargo\""), which one sentence could not.
        if rule.id == "dependabot-ecosystems" {
            continue;
        }
        assert!(
            rule.messages.missing.is_some(),
            "{}: no `message` for missing",
            rule.id
        );
        if rule.custom.is_some() {
            assert!(
                rule.messages.custom.is_some(),
                "{}: a custom path but no `message` for custom",
                rule.id
            );
        }
    }
}

#[test]
fn a_message_list_says_each_finding_with_the_first_sentence_that_fits() {
    let yaml = r#"
  - id: base-pinned
    title: t
    message:
      missing:
        - "{path}:{line}: `{value}` has no digest"
        - "{path} has no digest"
        - "no Dockerfile"
    paved:
      all:
        - contains: {files: Dockerfile, pattern: '@sha256:'}
        - not:
            contains: {files: Dockerfile, pattern: '^FROM [^@]+$'}
"#;
    let set = load(yaml).unwrap();
    let r = one_repo(
        &set,
        &[("Dockerfile", "FROM alpine:3\nRUN true\n")],
        "base-pinned",
    );
    assert_eq!(r.outcome, Outcome::Missing);
    assert_eq!(r.message, "Dockerfile has no digest");
    let r = one_repo(&set, &[("README.md", "# x\n")], "base-pinned");
    assert_eq!(r.message, "no Dockerfile");
    assert!(
        r.evidence.iter().all(|e| e.note == "no Dockerfile"),
        "{:?}",
        r.evidence
    );
}
