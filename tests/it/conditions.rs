//! A case table over small repositories: each case builds a real git repository from inline
//! files, loads one rule, and checks the outcome and the evidence that decided it.

use paved::discover::{RepoMeta, RepoRef};
use paved::eval::evaluate_snapshot;
use paved::outcome::{Outcome, RuleResult};
use paved::pack::{self, PackSource};
use paved::policy::Policy;
use paved::snapshot::{RepoSnapshot, SnapshotOptions};

struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    rule: &'static str,
    want: Outcome,
    /// A substring of "path:line note" of some evidence entry, or of the message.
    evidence: &'static str,
}

/// Builds a repository holding `files` (one commit) and evaluates `rule` on it.
fn run(files: &[(&str, &str)], rule: &str) -> RuleResult {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("repo");
    paved_fixture::write_files(&src, files).unwrap();
    let repo_dir = paved_fixture::build_repo(&src, &tmp.path().join("built")).unwrap();
    let text = format!("pack: t\nrules:\n  - id: r\n{}", indent(rule));
    // The pack lives in a folder with a template beside it, for the `template` cases.
    let pack_dir = tmp.path().join("pack");
    std::fs::create_dir_all(pack_dir.join("templates")).unwrap();
    std::fs::write(pack_dir.join("templates/ci.yml"), TEMPLATE).unwrap();
    let set = pack::load(&[PackSource {
        name: "t.yml".into(),
        text,
        dir: Some(pack_dir),
    }])
    .unwrap_or_else(|f| panic!("rule does not load: {:#?}", f.diagnostics));
    let repo = RepoRef {
        name: "r".into(),
        location: repo_dir,
        meta: RepoMeta::default(),
    };
    let snap = RepoSnapshot::open(&repo, &SnapshotOptions::default()).unwrap();
    let mut report = evaluate_snapshot(&set, &repo, &snap, &Policy::default());
    std::sync::Arc::unwrap_or_clone(report.results.remove(0))
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
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

const WORKFLOW: &str = "name: ci\non:\n  pull_request:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test\n  lint:\n    uses: acme/paved-ci/.github/workflows/rust.yml@v2\n";

/// The template the `template` cases compare against (6 lines).
const TEMPLATE: &str = "name: ci\non: [push]\n# pinned\njobs:\n  test:\n    uses: acme/ci/.github/workflows/rust.yml@v2\n";

const CASES: &[Case] = &[
    Case {
        name: "yaml: where leaves every file out",
        files: &[(".github/workflows/a.yml", "name: not a workflow\n")],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', where: {query: jobs, type: mapping}, query: jobs}}",
        want: Outcome::Missing,
        evidence: "no file of .github/workflows/*.yml passes `where` (1 left out)",
    },
    Case {
        name: "yaml: a binary file is skipped, not absent",
        files: &[("a.yml", "k: 1\n\0")],
        rule: "paved: {yaml: {files: a.yml, query: k}}",
        want: Outcome::Missing,
        evidence: "a.yml: skipped: binary file",
    },
    Case {
        name: "template: identical after line ends and trailing space",
        files: &[(
            "ci.yml",
            "name: ci  \r\non: [push]\r\n# pinned\r\njobs:\r\n  test:\r\n    uses: acme/ci/.github/workflows/rust.yml@v2\r\n",
        )],
        rule: "paved: {template: {file: ci.yml, source: templates/ci.yml}}",
        want: Outcome::Paved,
        evidence: "ci.yml: identical to template templates/ci.yml (similarity 1)",
    },
    Case {
        name: "template: one line changed is below the default 1.0",
        files: &[(
            "ci.yml",
            "name: ci\non: [push]\n# pinned\njobs:\n  test:\n    uses: acme/ci/.github/workflows/rust.yml@v3\n",
        )],
        rule: "paved: {template: {file: ci.yml, source: templates/ci.yml}}",
        want: Outcome::Missing,
        evidence: "ci.yml:6 similarity 0.8333 to template templates/ci.yml (needs 1)",
    },
    Case {
        name: "template: min_similarity",
        files: &[(
            "ci.yml",
            "name: ci\non: [push]\n# pinned\njobs:\n  test:\n    uses: acme/ci/.github/workflows/rust.yml@v3\n",
        )],
        rule: "paved: {template: {file: ci.yml, source: templates/ci.yml, min_similarity: 0.8}}",
        want: Outcome::Paved,
        evidence: "ci.yml:6 similarity 0.8333",
    },
    Case {
        name: "template: ignored lines leave both sides",
        files: &[(
            "ci.yml",
            "name: ci\non: [push]\n# pinned\njobs:\n  test:\n    uses: acme/ci/.github/workflows/rust.yml@v3\n",
        )],
        rule: "paved: {template: {file: ci.yml, source: templates/ci.yml, ignore: ['@v\\d+$']}}",
        want: Outcome::Paved,
        evidence: "identical to template",
    },
    Case {
        name: "template: a missing line is shown where it belongs",
        files: &[(
            "ci.yml",
            "name: ci\non: [push]\njobs:\n  test:\n    uses: acme/ci/.github/workflows/rust.yml@v2\n",
        )],
        rule: "paved: {template: {file: ci.yml, source: templates/ci.yml}}",
        want: Outcome::Missing,
        evidence: "ci.yml:3 similarity 0.9091",
    },
    Case {
        name: "template: no file",
        files: &[("x", "x")],
        rule: "paved: {template: {file: ci.yml, source: templates/ci.yml}}",
        want: Outcome::Missing,
        evidence: "no file matches ci.yml",
    },
    Case {
        name: "hash: approved digest",
        files: &[("tool.sh", "hello\n")],
        rule: "paved: {hash: {file: tool.sh, sha256: 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03}}",
        want: Outcome::Paved,
        evidence: "tool.sh: sha256 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 is approved",
    },
    Case {
        name: "hash: other digest",
        files: &[("tool.sh", "hello!\n")],
        rule: "paved: {hash: {file: tool.sh, sha256: 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03}}",
        want: Outcome::Missing,
        evidence: "is not an approved digest",
    },
    Case {
        name: "hash: a binary file, one of a list",
        files: &[("wrapper.jar", "\0bin\u{1}")],
        rule: "paved: {hash: {file: '*.jar', sha256: [5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03, 2c49afce4bbb6e4249296f4df10777e55c9c6ce5b2b1b13c2ff4636c057e0c5c]}}",
        want: Outcome::Paved,
        evidence: "wrapper.jar: sha256 2c49afce",
    },
    Case {
        name: "repo: name glob",
        files: &[("x", "x")],
        rule: "paved: {repo: {name: 'r*'}}",
        want: Outcome::Paved,
        evidence: "name `r` matches r*",
    },
    Case {
        name: "repo: name glob misses",
        files: &[("x", "x")],
        rule: "paved: {repo: {name: 'legacy-*'}}",
        want: Outcome::Missing,
        evidence: "name `r` does not match legacy-*",
    },
    Case {
        name: "repo: topics unknown for a local repository",
        files: &[("x", "x")],
        rule: "paved: {repo: {topics: [service]}}",
        want: Outcome::Error,
        evidence: "topics are not known for this repository",
    },
    Case {
        name: "exists: plain",
        files: &[("LICENSE", "MIT")],
        rule: "paved: {exists: LICENSE}",
        want: Outcome::Paved,
        evidence: "LICENSE: exists",
    },
    Case {
        name: "exists: none",
        files: &[("README", "x")],
        rule: "paved: {exists: LICENSE}",
        want: Outcome::Missing,
        evidence: "no path matches LICENSE",
    },
    Case {
        name: "exists: case-sensitive by default",
        files: &[("license", "MIT")],
        rule: "paved: {exists: LICENSE}",
        want: Outcome::Missing,
        evidence: "no path matches",
    },
    Case {
        name: "exists: case_insensitive",
        files: &[("license.txt", "MIT")],
        rule: "paved: {exists: {glob: 'LICENSE*', case_insensitive: true}}",
        want: Outcome::Paved,
        evidence: "license.txt",
    },
    Case {
        name: "exists: * does not cross /",
        files: &[("a/b/c.yml", "x")],
        rule: "paved: {exists: 'a/*.yml'}",
        want: Outcome::Missing,
        evidence: "no path matches",
    },
    Case {
        name: "exists: ** crosses /",
        files: &[("a/b/c.yml", "x")],
        rule: "paved: {exists: 'a/**/*.yml'}",
        want: Outcome::Paved,
        evidence: "a/b/c.yml",
    },
    Case {
        name: "exists: alternation",
        files: &[(".github/workflows/ci.yaml", "x")],
        rule: "paved: {exists: '.github/workflows/*.{yml,yaml}'}",
        want: Outcome::Paved,
        evidence: "ci.yaml",
    },
    Case {
        name: "exists: trailing / matches a directory",
        files: &[(".github/ISSUE_TEMPLATE/bug.md", "x")],
        rule: "paved: {exists: .github/ISSUE_TEMPLATE/}",
        want: Outcome::Paved,
        evidence: ".github/ISSUE_TEMPLATE",
    },
    Case {
        name: "exists: a directory is not a file",
        files: &[("docs/a.md", "x")],
        rule: "paved: {exists: docs}",
        want: Outcome::Missing,
        evidence: "no path matches docs",
    },
    Case {
        name: "absent: true",
        files: &[("a.txt", "x")],
        rule: "paved: {absent: '**/*.pem'}",
        want: Outcome::Paved,
        evidence: "no path matches",
    },
    Case {
        name: "absent: false",
        files: &[("k/key.pem", "x")],
        rule: "paved: {absent: '**/*.pem'}",
        want: Outcome::Missing,
        evidence: "k/key.pem:",
    },
    Case {
        name: "contains: line of the match",
        files: &[("CODEOWNERS", "# owners\n\n* @acme/payments\n")],
        rule: "paved: {contains: {files: CODEOWNERS, pattern: '^\\*\\s+@\\S+'}}",
        want: Outcome::Paved,
        evidence: "CODEOWNERS:3 matches: * @acme/payments",
    },
    Case {
        name: "contains: no match, custom",
        files: &[("CODEOWNERS", "/src @bob\n")],
        rule: "paved: {contains: {files: CODEOWNERS, pattern: '^\\*\\s'}}\ncustom: {exists: CODEOWNERS}",
        want: Outcome::Custom,
        evidence: "CODEOWNERS: exists",
    },
    Case {
        name: "contains: all needs every file",
        files: &[("a.md", "ok"), ("b.md", "no")],
        rule: "paved: {contains: {files: '*.md', pattern: ok, all: true}}",
        want: Outcome::Missing,
        evidence: "b.md: does not match",
    },
    Case {
        name: "contains: all with one file each matching",
        files: &[("a.md", "ok"), ("b.md", "ok too")],
        rule: "paved: {contains: {files: '*.md', pattern: ok, all: true}}",
        want: Outcome::Paved,
        evidence: "a.md:1",
    },
    Case {
        name: "yaml: on is a string key",
        files: &[(".github/workflows/ci.yml", WORKFLOW)],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', query: on.pull_request.branches.0, equals: main}}",
        want: Outcome::Paved,
        evidence: "ci.yml:4",
    },
    Case {
        name: "yaml: reusable workflow via jobs.*.uses",
        files: &[(".github/workflows/ci.yml", WORKFLOW)],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', query: jobs.*.uses, matches: '^acme/paved-ci/\\.github/workflows/[^@]+@v\\d+$'}}",
        want: Outcome::Paved,
        evidence: "ci.yml:12",
    },
    Case {
        name: "yaml: all values must satisfy",
        files: &[(".github/workflows/ci.yml", WORKFLOW)],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', query: jobs.*.steps.*.uses, matches: '@[0-9a-f]{40}$', all: true}}",
        want: Outcome::Missing,
        evidence: "ci.yml:9 `actions/checkout@v4` does not match /@[0-9a-f]{40}$/",
    },
    Case {
        name: "yaml: no predicate asks for a selection",
        files: &[(".github/workflows/ci.yml", WORKFLOW)],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', query: jobs.build.permissions}}",
        want: Outcome::Missing,
        evidence: "selects nothing",
    },
    Case {
        name: "yaml: null-valued key is selected",
        files: &[("a.yml", "k: ~\n")],
        rule: "paved: {yaml: {files: a.yml, query: k, type: 'null'}}",
        want: Outcome::Paved,
        evidence: "a.yml:1",
    },
    Case {
        name: "yaml: parse error is an error with its line",
        files: &[("a.yml", "a: 1\nb: [\n")],
        rule: "paved: {yaml: {files: a.yml, query: a}}",
        want: Outcome::Error,
        evidence: "a.yml:",
    },
    Case {
        name: "yaml: on_parse_error false",
        files: &[("a.yml", "a: 1\nb: [\n")],
        rule: "paved: {yaml: {files: a.yml, query: a, on_parse_error: false}}",
        want: Outcome::Missing,
        evidence: "does not parse as YAML",
    },
    Case {
        name: "yaml: duplicate key does not parse",
        files: &[("a.yml", "a: 1\na: 2\n")],
        rule: "paved: {yaml: {files: a.yml, query: a}}",
        want: Outcome::Error,
        evidence: "a.yml:2",
    },
    Case {
        name: "yaml: where narrows files",
        files: &[
            (".github/workflows/a.yml", "name: not a workflow\n"),
            (".github/workflows/b.yml", WORKFLOW),
        ],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', where: {query: jobs, type: mapping}, query: jobs.*.runs-on, every_file: true}}",
        want: Outcome::Paved,
        evidence: "b.yml:7",
    },
    Case {
        name: "yaml: every_file fails on one file",
        files: &[
            (".github/workflows/a.yml", "jobs: {x: {runs-on: a}}\n"),
            (".github/workflows/b.yml", "jobs: {y: {uses: b}}\n"),
        ],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', query: jobs.*.runs-on, every_file: true}}",
        want: Outcome::Missing,
        evidence: "b.yml:1 `jobs.*.runs-on` selects nothing",
    },
    Case {
        name: "yaml: anchors, aliases and merge keys",
        files: &[(
            "a.yml",
            "base: &b {image: alpine@sha256:abc}\njob:\n  <<: *b\n  name: x\n",
        )],
        rule: "paved: {yaml: {files: a.yml, query: job.image, matches: '@sha256:'}}",
        want: Outcome::Paved,
        evidence: "a.yml:",
    },
    Case {
        name: "yaml: CRLF and BOM",
        files: &[("a.yml", "\u{feff}on:\r\n  push: {}\r\n")],
        rule: "paved: {yaml: {files: a.yml, query: on.push, type: mapping}}",
        want: Outcome::Paved,
        evidence: "a.yml:2",
    },
    Case {
        name: "yaml: multi-document, one passes",
        files: &[("a.yml", "kind: A\n---\nkind: B\n")],
        rule: "paved: {yaml: {files: a.yml, query: kind, equals: B}}",
        want: Outcome::Paved,
        evidence: "a.yml:3",
    },
    Case {
        name: "yaml: yes/no/off are strings",
        files: &[("a.yml", "flag: off\n")],
        rule: "paved: {yaml: {files: a.yml, query: flag, equals: 'off', type: string}}",
        want: Outcome::Paved,
        evidence: "a.yml:1",
    },
    Case {
        name: "yaml: CEL expr true",
        files: &[(
            ".github/workflows/ci.yml",
            "jobs:\n  a: {permissions: {}}\n  b: {permissions: read-all}\n",
        )],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', expr: 'doc.jobs.all(j, has(doc.jobs[j].permissions))'}}",
        want: Outcome::Paved,
        evidence: "satisfies the rule's expression",
    },
    Case {
        name: "yaml: CEL expr false",
        files: &[(".github/workflows/ci.yml", WORKFLOW)],
        rule: "paved: {yaml: {files: '.github/workflows/*.yml', expr: 'doc.jobs.all(j, has(doc.jobs[j].permissions))'}}",
        want: Outcome::Missing,
        evidence: "ci.yml:1 does not satisfy the rule's expression",
    },
    Case {
        name: "yaml: CEL runtime error counts as false",
        files: &[("a.yml", "x: 1\n")],
        rule: "paved: {yaml: {files: a.yml, expr: 'doc.missing.key == 1'}}",
        want: Outcome::Missing,
        evidence: "expression failed here: No such key",
    },
    Case {
        name: "json: query and one_of",
        files: &[(
            "package.json",
            "{\n  \"name\": \"x\",\n  \"license\": \"MIT\"\n}\n",
        )],
        rule: "paved: {json: {files: package.json, query: license, one_of: [MIT, Apache-2.0]}}",
        want: Outcome::Paved,
        evidence: "package.json:3",
    },
    Case {
        name: "json: quoted segment with dots",
        files: &[("a.json", "{\"a.b\": {\"c\": true}}")],
        rule: "paved: {json: {files: a.json, query: '\"a.b\".c', equals: true}}",
        want: Outcome::Paved,
        evidence: "a.json:1",
    },
    Case {
        name: "json: parse error",
        files: &[("a.json", "{\"a\": }")],
        rule: "paved: {json: {files: a.json, query: a}}",
        want: Outcome::Error,
        evidence: "does not parse as JSON",
    },
    Case {
        name: "toml: nested query",
        files: &[("Cargo.toml", "[package]\nname = \"x\"\nlicense = \"MIT\"\n")],
        rule: "paved: {toml: {files: Cargo.toml, query: package.license, type: string}}",
        want: Outcome::Paved,
        evidence: "Cargo.toml:3",
    },
    Case {
        name: "toml: deep equality of a table",
        files: &[("a.toml", "[t]\na = 1\nb = [1, 2]\n")],
        rule: "paved: {toml: {files: a.toml, query: t, equals: {b: [1, 2], a: 1}}}",
        want: Outcome::Paved,
        evidence: "a.toml",
    },
    Case {
        name: "any: true wins over unknown",
        files: &[("a.yml", "a: [\n"), ("LICENSE", "x")],
        rule: "paved: {any: [{yaml: {files: a.yml, query: a}}, {exists: LICENSE}]}",
        want: Outcome::Paved,
        evidence: "LICENSE",
    },
    Case {
        name: "any: unknown without a true part",
        files: &[("a.yml", "a: [\n")],
        rule: "paved: {any: [{yaml: {files: a.yml, query: a}}, {exists: LICENSE}]}",
        want: Outcome::Error,
        evidence: "a.yml",
    },
    Case {
        name: "all: false wins over unknown",
        files: &[("a.yml", "a: [\n")],
        rule: "paved: {all: [{yaml: {files: a.yml, query: a}}, {exists: LICENSE}]}",
        want: Outcome::Missing,
        evidence: "no path matches LICENSE",
    },
    Case {
        name: "not: keeps unknown",
        files: &[("a.yml", "a: [\n")],
        rule: "paved: {not: {yaml: {files: a.yml, query: a}}}",
        want: Outcome::Error,
        evidence: "a.yml",
    },
    Case {
        name: "not: flips",
        files: &[("a", "x")],
        rule: "paved: {not: {exists: .travis.yml}}",
        want: Outcome::Paved,
        evidence: "no path matches .travis.yml",
    },
    Case {
        name: "when false: not applicable",
        files: &[("README.md", "# x")],
        rule: "when: {exists: Cargo.toml}\npaved: {exists: rust-toolchain.toml}",
        want: Outcome::NotApplicable,
        evidence: "no path matches Cargo.toml",
    },
    Case {
        name: "when true: evaluated",
        files: &[("Cargo.toml", "[package]"), ("rust-toolchain.toml", "")],
        rule: "when: {exists: Cargo.toml}\npaved: {exists: rust-toolchain.toml}",
        want: Outcome::Paved,
        evidence: "rust-toolchain.toml",
    },
    Case {
        name: "custom found",
        files: &[(".gitlab-ci.yml", "x")],
        rule: "paved: {exists: '.github/workflows/*.yml'}\ncustom: {exists: .gitlab-ci.yml}",
        want: Outcome::Custom,
        evidence: ".gitlab-ci.yml: exists",
    },
    Case {
        name: "neither paved nor custom",
        files: &[("x", "x")],
        rule: "paved: {exists: '.github/workflows/*.yml'}\ncustom: {exists: .gitlab-ci.yml}",
        want: Outcome::Missing,
        evidence: "no path matches .gitlab-ci.yml",
    },
];

#[test]
fn condition_cases() {
    let mut failures = Vec::new();
    for case in CASES {
        let r = run(case.files, case.rule);
        let got = flat(&r);
        if r.outcome != case.want || !got.contains(case.evidence) {
            failures.push(format!(
                "{}: want {} with {:?}\n     got {} with\n{}",
                case.name, case.want, case.evidence, r.outcome, got
            ));
        }
        assert!(!r.evidence.is_empty(), "{}: no evidence", case.name);
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// `not: {contains: …}` lists every matching line of every file (each once, however many
/// matches it holds), capped as other evidence is; a plain `contains` still names the first
/// match per file; `not: {not: …}` is positive again.
#[test]
fn negated_contains_lists_every_matching_line() {
    let many: String = (1..=25).map(|i| format!("TODO item {i}\nfine\n")).collect();
    type Case<'a> = (
        &'a str,
        Vec<(&'a str, &'a str)>,
        &'a str,
        Outcome,
        &'a [&'a str],
    );
    let cases: Vec<Case> = vec![
        (
            "every line of every file, each line once",
            vec![
                ("a.txt", "ok\nTODO one TODO two\nok\nTODO three\n"),
                ("b.txt", "TODO four\n"),
            ],
            "paved: {not: {contains: {files: '*.txt', pattern: TODO}}}",
            Outcome::Missing,
            &[
                "a.txt:2 matches: TODO one TODO two",
                "a.txt:4 matches: TODO three",
                "b.txt:1 matches: TODO four",
            ],
        ),
        (
            "plain contains: the first match per file",
            vec![("a.txt", "ok\nTODO one\nTODO two\n")],
            "paved: {contains: {files: a.txt, pattern: TODO}}",
            Outcome::Paved,
            &["a.txt:2 matches: TODO one"],
        ),
        (
            "double negation: the first match per file",
            vec![("a.txt", "ok\nTODO one\nTODO two\n")],
            "paved: {not: {not: {contains: {files: a.txt, pattern: TODO}}}}",
            Outcome::Paved,
            &["a.txt:2 matches: TODO one"],
        ),
    ];
    for (name, files, rule, want, evidence) in cases {
        let r = run(&files, rule);
        let got: Vec<String> = flat(&r).lines().skip(1).map(str::to_string).collect();
        assert_eq!(r.outcome, want, "{name}: {got:#?}");
        assert_eq!(got, evidence, "{name}");
    }
    // Capped as other evidence is: the first ten lines, then "and N more".
    let r = run(
        &[("a.txt", many.as_str())],
        "paved: {not: {contains: {files: a.txt, pattern: '^TODO'}}}",
    );
    let mut want: Vec<String> = (1..=10)
        .map(|i| format!("a.txt:{} matches: TODO item {i}", 2 * i - 1))
        .collect();
    want.push("-: and 15 more".into());
    assert_eq!(flat(&r).lines().skip(1).collect::<Vec<_>>(), want);
    // The offending line is each entry's value, for messages and SARIF fingerprints.
    let r = run(
        &[("a.txt", "x\n  TODO: fix  \n")],
        "paved: {not: {contains: {files: a.txt, pattern: TODO}}}",
    );
    assert_eq!(r.evidence[0].value.as_deref(), Some("TODO: fix"));
}
