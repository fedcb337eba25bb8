//! Every settable limit of `docs/limits.md`, as a table: a small value set in the config makes
//! the bounded thing trip (the repository, rule or note names the limit), the default does not,
//! and invalid values are config errors at their line and column. `--max-pages` is tried
//! against a fake GitHub API.

use std::path::Path;

use serde_json::Value;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::common::build_org;
use crate::forge_common::FakeApi;

/// A pack whose rule parses `cfg.yml` and `cfg.json`, so document limits show in its outcome.
const PACK: &str = r#"pack: limits
rules:
  - id: cfg
    title: cfg.yml and cfg.json parse
    severity: required
    paved:
      all:
        - yaml: {files: cfg.yml, query: a}
        - json: {files: cfg.json, query: a}
  - id: deep
    title: a file anywhere, so every folder is read
    severity: info
    paved: {exists: "**/f.txt"}
"#;

/// One limit: the config line that lowers it, the repository that goes past it, and the text
/// the report then holds (absent under the defaults).
struct Case {
    config: &'static str,
    files: &'static [(&'static str, &'static str)],
    says: &'static str,
    /// Whether the repository itself becomes an `error` (else a note or a rule's outcome).
    repo_error: bool,
}

const CFG_OK: (&str, &str) = ("cfg.json", "{\"a\": 1}\n");

const CASES: &[Case] = &[
    Case {
        config: "max_tree_depth: 3",
        files: &[("a/b/c/d/e/f.txt", "x\n"), ("cfg.yml", "a: 1\n"), CFG_OK],
        says: "folders nest deeper than 3 levels (max_tree_depth)",
        repo_error: true,
    },
    Case {
        config: "max_tree_entries: 3",
        files: &[
            ("a.txt", "x\n"),
            ("b.txt", "x\n"),
            ("cfg.yml", "a: 1\n"),
            CFG_OK,
        ],
        says: "the tree has more than 3 entries (max_tree_entries)",
        repo_error: true,
    },
    Case {
        config: "max_symlink_hops: 1",
        files: &[
            ("f.txt", "x\n"),
            ("cfg.yml", "a: 1\n"),
            CFG_OK,
            (
                "fixture.toml",
                "[symlinks]\n\"l1\" = \"l2\"\n\"l2\" = \"l3\"\n\"l3\" = \"f.txt\"\n",
            ),
        ],
        says: "symlink l1 -> l2 passes through more than 1 links (max_symlink_hops): left out",
        repo_error: false,
    },
    Case {
        config: "max_symlink_nesting: 1",
        files: &[
            ("d2/f.txt", "x\n"),
            ("cfg.yml", "a: 1\n"),
            CFG_OK,
            (
                "fixture.toml",
                "[symlinks]\n\"d0/l\" = \"../d1\"\n\"d1/l\" = \"../d2\"\n",
            ),
        ],
        says: "more than 1 symlinked folders deep (max_symlink_nesting): left out",
        repo_error: false,
    },
    Case {
        config: "max_symlink_entries: 2",
        files: &[
            ("d/1.txt", "x\n"),
            ("d/2.txt", "x\n"),
            ("d/3.txt", "x\n"),
            ("d/4.txt", "x\n"),
            ("cfg.yml", "a: 1\n"),
            CFG_OK,
            ("fixture.toml", "[symlinks]\n\"e\" = \"d\"\n"),
        ],
        says: "symlinked folders expose more than 2 entries and links (max_symlink_entries)",
        repo_error: false,
    },
    Case {
        config: "max_symlink_size: 4",
        files: &[
            ("docs/README.md", "x\n"),
            ("cfg.yml", "a: 1\n"),
            CFG_OK,
            (
                "fixture.toml",
                "[symlinks]\n\"README.md\" = \"docs/README.md\"\n",
            ),
        ],
        says: "its target is 14 bytes long, over the 4 of max_symlink_size",
        repo_error: false,
    },
    Case {
        config: "max_document_nodes: 5",
        files: &[("cfg.yml", "a: [1, 2, 3, 4, 5, 6]\n"), CFG_OK],
        says: "too many YAML nodes (more than 5)",
        repo_error: false,
    },
    Case {
        config: "max_document_depth: 2",
        files: &[("cfg.yml", "a: 1\n"), ("cfg.json", "{\"a\": [[1]]}\n")],
        says: "nesting deeper than 2 levels",
        repo_error: false,
    },
    Case {
        config: "max_file_size: 8B",
        files: &[("cfg.yml", "a: 1234567890\n"), CFG_OK],
        says: "over the 8 B limit",
        repo_error: false,
    },
];

/// Scans `org` with [`PACK`] and `config`; the exit code, the report and stderr.
fn scan(home: &Path, config: &str, extra: &[&str]) -> (i32, Value, String) {
    std::fs::write(home.join("paved.yml"), format!("{config}\n")).unwrap();
    std::fs::write(home.join("pack.yml"), PACK).unwrap();
    let out = crate::bounds::paved()
        .current_dir(home)
        .args(["scan", "org", "--config", "paved.yml", "--no-builtin"])
        .args(["--rules", "pack.yml", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = if stdout.starts_with('{') {
        crate::common::assert_valid_report(&stdout);
        serde_json::from_str(&stdout).unwrap()
    } else {
        Value::Null
    };
    (out.status.code().unwrap_or(-1), json, stderr)
}

#[test]
fn each_limit_key_reaches_its_limit() {
    for case in CASES {
        let t = tempfile::tempdir().unwrap();
        build_org(t.path(), &[("r", case.files)]);
        let (_, lowered, stderr) = scan(t.path(), case.config, &["--no-cache"]);
        let text = lowered.to_string();
        assert!(
            text.contains(case.says),
            "{}: the report does not say {:?}: {lowered:#} {stderr}",
            case.config,
            case.says
        );
        assert_eq!(
            lowered["summary"]["repos_failed"],
            u64::from(case.repo_error),
            "{}: {lowered:#}",
            case.config
        );
        let (_, default, _) = scan(t.path(), "", &["--no-cache"]);
        assert_eq!(default["summary"]["repos_failed"], 0, "{}", case.config);
        // What the message says before its number: the lowered number itself would never
        // show at the default, so `says` alone could not catch a default that trips.
        let stem = case.says[..case
            .says
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(case.says.len())]
            .trim();
        assert!(
            stem.len() >= 8,
            "{}: {stem:?} is too vague to look for",
            case.config
        );
        assert!(
            !default.to_string().contains(stem),
            "{}: the default trips too ({stem:?}): {default:#}",
            case.config
        );
    }
}

/// A cache entry over `max_cache_entry_size` is ignored with a warning and rebuilt.
#[test]
fn the_cache_entry_limit_is_set_in_the_config() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("r", &[("cfg.yml", "a: 1\n"), CFG_OK])]);
    let cache = t.path().join("cache");
    let args = ["--cache", cache.to_str().unwrap()];
    // The limit is left out of the cache's key: the entries the first runs wrote are read
    // back, and found too large, by the last.
    let base = "allow_repo_exemptions: false";
    let lowered = "allow_repo_exemptions: false\nmax_cache_entry_size: 16B";
    for (config, warned) in [(base, false), (base, false), (lowered, true)] {
        let (code, json, stderr) = scan(t.path(), config, &args);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(json["summary"]["repos"], 1);
        assert_eq!(
            stderr.contains("(max_cache_entry_size)"),
            warned,
            "{config:?}: {stderr}"
        );
    }
}

#[test]
fn invalid_limit_values_are_config_errors_at_their_position() {
    let t = tempfile::tempdir().unwrap();
    build_org(t.path(), &[("r", &[("cfg.yml", "a: 1\n"), CFG_OK])]);
    let cases = [
        (
            "max_tree_depth: 0",
            "paved.yml:2:17: `max_tree_depth` must be a whole number from 1 to 65536, not `0`",
        ),
        (
            "max_symlink_hops: 1001",
            "paved.yml:2:19: `max_symlink_hops` must be a whole number from 1 to 1000, not `1001`",
        ),
        (
            "max_symlink_nesting: -1",
            "paved.yml:2:22: `max_symlink_nesting` must be a whole number from 1 to 256, not `-1`",
        ),
        (
            "max_symlink_entries: lots",
            "paved.yml:2:22: `max_symlink_entries` must be a whole number from 1 to 100000000",
        ),
        (
            "max_symlink_size: 1MiB",
            "paved.yml:2:19: `max_symlink_size` must be a size like 1MiB or 500KB, from 1 B to 64 KiB, not `1MiB`",
        ),
        (
            "max_document_nodes: 0",
            "paved.yml:2:21: `max_document_nodes` must be a whole number from 1 to 100000000",
        ),
        (
            "max_document_depth: 257",
            "paved.yml:2:21: `max_document_depth` must be a whole number from 1 to 256, not `257`",
        ),
        (
            "max_cache_entry_size: 0",
            "paved.yml:2:23: `max_cache_entry_size` must be a size like 1MiB or 500KB, from 1 B to 4 GiB, not `0`",
        ),
        (
            "max_file_size: 2GiB",
            "paved.yml:2:16: `max_file_size` must be a size like 1MiB or 500KB, from 1 B to 1 GiB, not `2GiB`",
        ),
        (
            "max_tree_entries: 100000001",
            "paved.yml:2:19: `max_tree_entries` must be a whole number from 1 to 100000000",
        ),
    ];
    for (line, says) in cases {
        let (code, _, stderr) = scan(t.path(), &format!("teams: {{}}\n{line}"), &["--no-cache"]);
        assert_eq!(code, 2, "{line}: {stderr}");
        assert!(stderr.contains(says), "{line}: {stderr}");
    }
}

/// `--max-pages N` ends a listing whose `next` links go on past N pages.
#[test]
fn max_pages_stops_a_listing_that_goes_on() {
    let api = FakeApi::start("authorization", "Bearer t0ken".into());
    let next = format!(
        "<{}/orgs/acme/repos?type=all&per_page=100&page=2>; rel=\"next\"",
        api.server.uri()
    );
    // Two pages: the first names the second.
    let first = ResponseTemplate::new(200)
        .set_body_json(serde_json::json!([]))
        .insert_header("link", next.as_str());
    let second = ResponseTemplate::new(200).set_body_json(serde_json::json!([]));
    let listing = || Mock::given(method("GET")).and(path("/orgs/acme/repos"));
    api.rt.block_on(async {
        listing()
            .and(query_param("page", "2"))
            .respond_with(second)
            .with_priority(1)
            .mount(&api.server)
            .await;
        listing()
            .respond_with(first)
            .with_priority(5)
            .mount(&api.server)
            .await;
    });
    let home = tempfile::tempdir().unwrap();
    for (pages, fails) in [("1", true), ("2", false)] {
        let out = crate::github_common::paved(home.path(), Some("t0ken"))
            .args(["sync", "--org", "acme", "--api-url", &api.server.uri()])
            .args(["--max-pages", pages, "--mirror"])
            .arg(home.path().join("mirror"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(!out.status.success(), fails, "{stderr}");
        assert_eq!(
            stderr.contains(&format!("more than {pages} pages (--max-pages)")),
            fails,
            "{stderr}"
        );
    }
    let requests = api.take();
    assert_eq!(requests.len(), 1 + 2, "pages asked: {requests:?}");
    let out = crate::github_common::paved(home.path(), None)
        .args(["sync", "--org", "acme", "--max-pages", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-pages"));
}
