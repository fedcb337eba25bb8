//! Template summaries of a report: per template source, how many repositories use each
//! version, which is the latest and how many are behind it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::RepoReport;

/// The repositories generated from one template, by version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TemplateSummary {
    pub source: String,
    pub repos: usize,
    /// Newest first when every version reads as a release (`v1.2.3`), else the most used
    /// first; repositories whose files name no version come last, as `null`.
    pub versions: Vec<VersionCount>,
    /// The newest version seen (by release order when every version reads as one, else the
    /// most used; ties go to the greater string). `None` when no repository names a version.
    pub latest: Option<String>,
    /// Repositories on a known version other than `latest` (older than it, by release order).
    pub behind: usize,
}

impl TemplateSummary {
    /// One line for people: "41 repos from github.com/acme/service-template (latest v3.2.0,
    /// 12 behind)".
    pub fn describe(&self) -> String {
        let repos = if self.repos == 1 { "repo" } else { "repos" };
        let mut s = format!("{} {repos} from {}", self.repos, self.source);
        match (&self.latest, self.behind) {
            (Some(latest), 0) => s.push_str(&format!(" (all known on {latest})")),
            (Some(latest), n) => s.push_str(&format!(" (latest {latest}, {n} behind)")),
            (None, _) => s.push_str(" (versions unknown)"),
        }
        s
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct VersionCount {
    pub version: Option<String>,
    pub repos: usize,
}

/// A template version read as a release: `v3`, `3.1`, `v3.1.0`, a pre-release
/// (`v3.1.0-rc.1`, before `v3.1.0`) or git-describe output (`v3.1.0-4-g1a2b3c4`, four
/// commits after `v3.1.0`). Build metadata (`+...`) is ignored.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Release {
    numbers: [u64; 3],
    suffix: Suffix,
}

/// Declared in release order: a pre-release, the release, commits after it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Suffix {
    Pre(String),
    Release,
    After(u64),
}

impl Release {
    pub fn parse(version: &str) -> Option<Release> {
        let v = version.trim();
        let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
        let v = v.split_once('+').map_or(v, |(core, _build)| core);
        let (core, suffix) = match v.split_once('-') {
            Some((core, rest)) => (core, Some(rest)),
            None => (v, None),
        };
        let mut numbers = [0u64; 3];
        let parts: Vec<&str> = core.split('.').collect();
        if parts.is_empty() || parts.len() > 3 {
            return None;
        }
        for (slot, part) in numbers.iter_mut().zip(&parts) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *slot = part.parse().ok()?;
        }
        let suffix = match suffix {
            None => Suffix::Release,
            Some(rest) => match describe_after(rest) {
                Some(n) => Suffix::After(n),
                None if !rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') =>
                {
                    Suffix::Pre(rest.to_string())
                }
                None => return None,
            },
        };
        Some(Release { numbers, suffix })
    }
}

/// `4-g1a2b3c4` (git describe: commits after the tag, then the abbreviated commit) → 4.
fn describe_after(rest: &str) -> Option<u64> {
    let (n, hash) = rest.split_once("-g")?;
    let n: u64 = n.parse().ok()?;
    (hash.len() >= 4 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(n)
}

/// Per template (sorted by source), how many repositories use each version, which version
/// is the latest and how many are behind it.
pub fn summarize(repos: &[RepoReport]) -> Vec<TemplateSummary> {
    let mut by_source: BTreeMap<&str, BTreeMap<Option<&str>, usize>> = BTreeMap::new();
    for t in repos.iter().filter_map(|r| r.template.as_ref()) {
        *by_source
            .entry(t.source.as_str())
            .or_default()
            .entry(t.version.as_deref())
            .or_default() += 1;
    }
    by_source
        .into_iter()
        .map(|(source, counts)| summarize_one(source, counts))
        .collect()
}

fn summarize_one(source: &str, counts: BTreeMap<Option<&str>, usize>) -> TemplateSummary {
    let repos = counts.values().sum();
    let unknown = counts.get(&None).copied().unwrap_or(0);
    let known: Vec<(&str, usize)> = counts
        .iter()
        .filter_map(|(v, n)| v.map(|v| (v, *n)))
        .collect();
    let releases: Option<Vec<Release>> = known.iter().map(|(v, _)| Release::parse(v)).collect();
    let mut order: Vec<(&str, usize, Option<Release>)> = match releases {
        Some(rs) if !rs.is_empty() => known
            .iter()
            .zip(rs)
            .map(|(&(v, n), r)| (v, n, Some(r)))
            .collect(),
        _ => known.iter().map(|&(v, n)| (v, n, None)).collect(),
    };
    // Newest release first; without release order, most used first, ties to the greater
    // string, so the order (and `latest`) never depends on input order.
    order.sort_by(|a, b| match (&a.2, &b.2) {
        (Some(ra), Some(rb)) => rb.cmp(ra).then_with(|| b.0.cmp(a.0)),
        _ => b.1.cmp(&a.1).then_with(|| b.0.cmp(a.0)),
    });
    let latest = order.first().map(|(v, _, r)| (v.to_string(), r.clone()));
    let behind = match &latest {
        None => 0,
        Some((_, Some(lr))) => order
            .iter()
            .filter(|(_, _, r)| r.as_ref().is_some_and(|r| r < lr))
            .map(|(_, n, _)| n)
            .sum(),
        Some((lv, None)) => order
            .iter()
            .filter(|(v, _, _)| v != lv)
            .map(|(_, n, _)| n)
            .sum(),
    };
    let mut versions: Vec<VersionCount> = order
        .iter()
        .map(|(v, n, _)| VersionCount {
            version: Some(v.to_string()),
            repos: *n,
        })
        .collect();
    if unknown > 0 {
        versions.push(VersionCount {
            version: None,
            repos: unknown,
        });
    }
    TemplateSummary {
        source: source.to_string(),
        repos,
        versions,
        latest: latest.map(|(v, _)| v),
        behind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provenance::{TemplateRef, TemplateTool};

    #[test]
    fn versions_read_as_releases() {
        // (a, b, a < b)
        let cases: &[(&str, &str, bool)] = &[
            ("v1.2.3", "v1.10.0", true),
            ("v2", "v1.9.9", false),
            ("3.1", "v3.1.0", false), // equal: not less
            ("v3.1.0-rc.1", "v3.1.0", true),
            ("v3.1.0", "v3.1.0-4-g1a2b3c4", true),
            ("v3.1.0-4-g1a2b3c4", "v3.1.0-12-gdeadbee", true),
            ("v3.1.0-12-gdeadbee", "v3.1.1", true),
            ("v1.0.0+build.5", "v1.0.1", true),
        ];
        for (a, b, less) in cases {
            let (ra, rb) = (Release::parse(a).unwrap(), Release::parse(b).unwrap());
            assert_eq!(ra < rb, *less, "{a} < {b}");
        }
        for not_a_release in [
            "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
            "main",
            "v1.2.3.4",
            "v1..2",
            "",
            "v1.2.3-",
            "v1.2.3-rc 1",
        ] {
            assert_eq!(Release::parse(not_a_release), None, "{not_a_release:?}");
        }
    }

    fn repo(name: &str, source: &str, version: Option<&str>) -> RepoReport {
        RepoReport {
            name: name.into(),
            path: name.into(),
            commit: None,
            committed_at: None,
            team: None,
            team_source: None,
            score: None,
            error: None,
            notes: vec![],
            meta: Default::default(),
            results: vec![],
            template: Some(Box::new(TemplateRef {
                source: source.into(),
                version: version.map(Into::into),
                tool: TemplateTool::Copier,
            })),
        }
    }

    /// (source, repos, versions, latest, behind)
    type Want = (
        &'static str,
        usize,
        &'static [(Option<&'static str>, usize)],
        Option<&'static str>,
        usize,
    );

    /// (name, repos as (source, version), the summaries wanted)
    type SummaryCase = (
        &'static str,
        &'static [(&'static str, Option<&'static str>)],
        &'static [Want],
    );

    #[test]
    fn summaries_find_latest_and_behind() {
        let cases: &[SummaryCase] = &[
            (
                "releases: newest wins even when fewer use it; unknown versions are not behind",
                &[
                    ("svc", Some("v3.0.0")),
                    ("svc", Some("v2.4.1")),
                    ("svc", Some("v2.4.1")),
                    ("svc", Some("v2.10.0")),
                    ("svc", None),
                ],
                &[(
                    "svc",
                    5,
                    &[
                        (Some("v3.0.0"), 1),
                        (Some("v2.10.0"), 1),
                        (Some("v2.4.1"), 2),
                        (None, 1),
                    ],
                    Some("v3.0.0"),
                    3,
                )],
            ),
            (
                "describe output past the newest tag is the latest",
                &[("svc", Some("v3.1.0")), ("svc", Some("v3.1.0-2-gabc1234"))],
                &[(
                    "svc",
                    2,
                    &[(Some("v3.1.0-2-gabc1234"), 1), (Some("v3.1.0"), 1)],
                    Some("v3.1.0-2-gabc1234"),
                    1,
                )],
            ),
            (
                "commits: the most used is the latest, ties to the greater string",
                &[
                    ("py", Some("aaaa111")),
                    ("py", Some("bbbb222")),
                    ("py", Some("bbbb222")),
                    ("py", Some("cccc333")),
                ],
                &[(
                    "py",
                    4,
                    &[
                        (Some("bbbb222"), 2),
                        (Some("cccc333"), 1),
                        (Some("aaaa111"), 1),
                    ],
                    Some("bbbb222"),
                    2,
                )],
            ),
            (
                "a mix of tags and commits is ordered by use",
                &[
                    ("m", Some("v1.0.0")),
                    ("m", Some("deadbeef")),
                    ("m", Some("v1.0.0")),
                ],
                &[(
                    "m",
                    3,
                    &[(Some("v1.0.0"), 2), (Some("deadbeef"), 1)],
                    Some("v1.0.0"),
                    1,
                )],
            ),
            (
                "no versions at all",
                &[("n", None), ("n", None)],
                &[("n", 2, &[(None, 2)], None, 0)],
            ),
            (
                "templates are sorted by source",
                &[("b", Some("v1")), ("a", Some("v1"))],
                &[
                    ("a", 1, &[(Some("v1"), 1)], Some("v1"), 0),
                    ("b", 1, &[(Some("v1"), 1)], Some("v1"), 0),
                ],
            ),
        ];
        for (name, input, want) in cases {
            let repos: Vec<RepoReport> = input
                .iter()
                .enumerate()
                .map(|(i, (s, v))| repo(&format!("r{i}"), s, *v))
                .collect();
            let got = summarize(&repos);
            assert_eq!(got.len(), want.len(), "{name}");
            for (t, (source, n, versions, latest, behind)) in got.iter().zip(want.iter()) {
                let got_versions: Vec<(Option<&str>, usize)> = t
                    .versions
                    .iter()
                    .map(|v| (v.version.as_deref(), v.repos))
                    .collect();
                assert_eq!(
                    (
                        t.source.as_str(),
                        t.repos,
                        got_versions.as_slice(),
                        t.latest.as_deref(),
                        t.behind
                    ),
                    (*source, *n, *versions, *latest, *behind),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn summaries_read_as_one_line() {
        let cases: &[(usize, Option<&str>, usize, &str)] = &[
            (
                41,
                Some("v3.2.0"),
                12,
                "41 repos from svc (latest v3.2.0, 12 behind)",
            ),
            (2, Some("v1"), 0, "2 repos from svc (all known on v1)"),
            (1, None, 0, "1 repo from svc (versions unknown)"),
        ];
        for (repos, latest, behind, want) in cases {
            let t = TemplateSummary {
                source: "svc".into(),
                repos: *repos,
                versions: vec![],
                latest: latest.map(Into::into),
                behind: *behind,
            };
            assert_eq!(t.describe(), *want);
        }
    }
}
