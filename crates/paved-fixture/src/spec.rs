//! Fixture descriptions as written: `fixture.toml` (typed, unknown keys rejected), its values
//! (dates, sizes, identities, paths, globs, what to break), and the plain files and folders of a
//! fixture set.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::error::{FixtureError, invalid, io_err};

/// The file that marks a folder of a fixture set as one repository and describes what plain
/// files cannot say.
pub const FIXTURE_FILE: &str = "fixture.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct RepoSpec {
    /// Free text for people reading the fixture; the builder ignores it.
    #[serde(rename = "description")]
    _description: Option<String>,
    pub(crate) bare: Option<bool>,
    pub(crate) branch: Option<String>,
    pub(crate) checkout: Option<bool>,
    pub(crate) empty: bool,
    pub(crate) broken: Option<String>,
    pub(crate) executable: Vec<String>,
    pub(crate) files: BTreeMap<String, String>,
    pub(crate) symlinks: BTreeMap<String, String>,
    pub(crate) gitlinks: BTreeMap<String, String>,
    pub(crate) generate: Vec<GenerateSpec>,
    pub(crate) refs: BTreeMap<String, String>,
    pub(crate) commit: Vec<CommitSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct CommitSpec {
    pub(crate) id: Option<String>,
    pub(crate) branch: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) merge: Vec<String>,
    pub(crate) date: Option<toml::Value>,
    pub(crate) author: Option<String>,
    pub(crate) committer: Option<String>,
    pub(crate) committer_date: Option<toml::Value>,
    pub(crate) message: Option<String>,
    pub(crate) overlay: Option<String>,
    pub(crate) only: Vec<String>,
    pub(crate) delete: Vec<String>,
    pub(crate) files: BTreeMap<String, String>,
    pub(crate) symlinks: BTreeMap<String, String>,
    pub(crate) gitlinks: BTreeMap<String, String>,
    pub(crate) generate: Vec<GenerateSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GenerateSpec {
    pub(crate) path: String,
    pub(crate) size: toml::Value,
    #[serde(default)]
    pub(crate) kind: GenKind,
    #[serde(default)]
    pub(crate) seed: u64,
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum GenKind {
    #[default]
    Text,
    Binary,
}

/// How a repository is damaged after it is written, for the scanner's error paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Broken {
    GarbageHead,
    MissingTree,
    MissingCommit,
    MissingBlob(String),
}

/// Reads a repository's `fixture.toml`, or the empty description when the folder has none.
pub(crate) fn read_repo_spec(spec_path: &Path) -> Result<RepoSpec, FixtureError> {
    if !spec_path.is_file() {
        return Ok(RepoSpec::default());
    }
    let text = fs::read_to_string(spec_path).map_err(io_err(spec_path))?;
    toml::from_str(&text).map_err(|e| invalid(spec_path, e.to_string()))
}

pub(crate) fn validate_tree_path(file: &Path, p: &str) -> Result<(), FixtureError> {
    let bad = p.is_empty()
        || p.starts_with('/')
        || p.ends_with('/')
        || p.contains(['\n', '\0', '\\'])
        || p.split('/')
            .any(|c| c.is_empty() || c == "." || c == ".." || c.eq_ignore_ascii_case(".git"));
    if bad {
        return Err(invalid(
            file,
            format!("`{p}` is not a valid path in a git tree"),
        ));
    }
    Ok(())
}

pub(crate) fn compile_globs(file: &Path, globs: &[String]) -> Result<Vec<GlobSet>, FixtureError> {
    globs
        .iter()
        .map(|g| {
            let glob = GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|e| invalid(file, format!("bad glob `{g}`: {e}")))?;
            let mut set = GlobSetBuilder::new();
            set.add(glob);
            set.build()
                .map_err(|e| invalid(file, format!("bad glob `{g}`: {e}")))
        })
        .collect()
}

/// Parses an RFC 3339 date with an explicit offset (`2026-03-02T10:15:00+05:30`, or `Z`),
/// given as a TOML datetime or a string.
pub(crate) fn parse_date(file: &Path, v: &toml::Value) -> Result<(i64, String), FixtureError> {
    let text = match v {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(invalid(
                file,
                format!(
                    "a date must be an RFC 3339 date-time, not {}",
                    other.type_str()
                ),
            ));
        }
    };
    let bad = |why: &str| invalid(file, format!("bad date `{text}`: {why}"));
    let ts: jiff::Timestamp = text.parse().map_err(|e: jiff::Error| {
        bad(&format!("{e} (an offset such as Z or +01:00 is required)"))
    })?;
    let offset = if text.ends_with(['Z', 'z']) {
        "+0000".to_string()
    } else {
        let tail = text.get(text.len().saturating_sub(6)..).unwrap_or("");
        let b = tail.as_bytes();
        let ok = b.len() == 6
            && (b[0] == b'+' || b[0] == b'-')
            && b[3] == b':'
            && [1, 2, 4, 5].iter().all(|&i| b[i].is_ascii_digit());
        if !ok {
            return Err(bad("the offset must be Z or ±hh:mm"));
        }
        format!("{}{}", &tail[..3], &tail[4..])
    };
    let secs = ts.as_second();
    if secs < 0 {
        return Err(bad("dates before 1970 cannot be written"));
    }
    Ok((secs, offset))
}

pub(crate) fn parse_size(file: &Path, v: &toml::Value) -> Result<usize, FixtureError> {
    let bad = || {
        invalid(
            file,
            format!("bad size {v}: use bytes or e.g. \"1.5MiB\", \"512KiB\""),
        )
    };
    match v {
        toml::Value::Integer(n) => usize::try_from(*n).map_err(|_| bad()),
        toml::Value::String(s) => {
            let s = s.trim();
            let (num, mult) = [
                ("GiB", 1u64 << 30),
                ("MiB", 1 << 20),
                ("KiB", 1 << 10),
                ("B", 1),
            ]
            .iter()
            .find_map(|(suffix, m)| s.strip_suffix(suffix).map(|n| (n.trim(), *m)))
            .unwrap_or((s, 1));
            let n: f64 = num.parse().map_err(|_| bad())?;
            if !(0.0..=(4u64 << 30) as f64).contains(&n) {
                return Err(bad());
            }
            Ok((n * mult as f64).round() as usize)
        }
        _ => Err(bad()),
    }
}

pub(crate) fn check_ident(file: &Path, who: &str) -> Result<(), FixtureError> {
    let ok = who.contains(" <")
        && who.ends_with('>')
        && who.matches('<').count() == 1
        && !who.contains('\n');
    if !ok {
        return Err(invalid(
            file,
            format!("`{who}` is not of the form `Name <email>`"),
        ));
    }
    Ok(())
}

pub(crate) fn parse_broken(file: &Path, s: &str) -> Result<Broken, FixtureError> {
    Ok(match s {
        "garbage-head" => Broken::GarbageHead,
        "missing-tree" => Broken::MissingTree,
        "missing-commit" => Broken::MissingCommit,
        _ => match s.strip_prefix("missing-blob:") {
            Some(p) => {
                validate_tree_path(file, p)?;
                Broken::MissingBlob(p.to_string())
            }
            None => {
                return Err(invalid(
                    file,
                    format!(
                        "unknown broken `{s}`: use garbage-head, missing-tree, \
                         missing-commit or missing-blob:PATH"
                    ),
                ));
            }
        },
    })
}

pub(crate) struct OverlayFile {
    pub(crate) rel: String,
    pub(crate) abs: PathBuf,
}

/// Lists the regular files under `dir`, relative to it, skipping `skip` (paths relative to
/// the repository folder).
pub(crate) fn list_overlay(
    repo_dir: &Path,
    overlay: &str,
    skip: &BTreeSet<String>,
) -> Result<Vec<OverlayFile>, FixtureError> {
    let base = if overlay == "." {
        repo_dir.to_path_buf()
    } else {
        repo_dir.join(overlay)
    };
    if !base.is_dir() {
        return Err(invalid(
            &repo_dir.join(FIXTURE_FILE),
            format!("overlay `{overlay}` is not a folder of the fixture"),
        ));
    }
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel_dir) = stack.pop() {
        let dir = if rel_dir.is_empty() {
            base.clone()
        } else {
            base.join(&rel_dir)
        };
        for name in read_dir_sorted(&dir)? {
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            let from_repo = if overlay == "." {
                rel.clone()
            } else {
                format!("{overlay}/{rel}")
            };
            if skip.contains(&from_repo) {
                continue;
            }
            let abs = dir.join(&name);
            let meta = fs::symlink_metadata(&abs).map_err(io_err(&abs))?;
            if name.eq_ignore_ascii_case(".git") {
                return Err(invalid(
                    &abs,
                    "fixtures must not contain .git; build it instead",
                ));
            }
            if meta.file_type().is_symlink() {
                return Err(invalid(
                    &abs,
                    "a symlink in a fixture folder; describe it under [symlinks] in fixture.toml",
                ));
            }
            if meta.is_dir() {
                stack.push(rel);
            } else {
                out.push(OverlayFile { rel, abs });
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

pub(crate) fn find_fixture_repos(
    root: &Path,
    rel: &Path,
    found: &mut Vec<PathBuf>,
) -> Result<(), FixtureError> {
    let dir = root.join(rel);
    for entry in read_dir_sorted(&dir)? {
        let path = dir.join(&entry);
        let meta = fs::symlink_metadata(&path).map_err(io_err(&path))?;
        let child = rel.join(&entry);
        if meta.is_dir() {
            if entry == ".git" {
                return Err(invalid(&path, "fixtures must not contain a .git folder"));
            }
            if path.join(FIXTURE_FILE).is_file() {
                found.push(child);
            } else {
                find_fixture_repos(root, &child, found)?;
            }
        } else if !rel.as_os_str().is_empty() {
            return Err(invalid(
                &path,
                format!(
                    "a file in a folder that is not a repository; \
                     add a {FIXTURE_FILE} to the folder that should be one"
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn read_dir_sorted(dir: &Path) -> Result<Vec<String>, FixtureError> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let name = entry.file_name();
        let name = name
            .to_str()
            .ok_or_else(|| invalid(&entry.path(), "file names must be UTF-8"))?;
        names.push(name.to_string());
    }
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_instant_and_offset() {
        let f = Path::new("fixture.toml");
        let cases: &[(&str, Option<(i64, &str)>)] = &[
            ("2026-01-01T00:00:00Z", Some((1_767_225_600, "+0000"))),
            ("2026-01-01T05:30:00+05:30", Some((1_767_225_600, "+0530"))),
            ("2025-12-31T16:00:00-08:00", Some((1_767_225_600, "-0800"))),
            ("2026-01-01T00:00:00", None),
            ("yesterday", None),
        ];
        for (text, want) in cases {
            let got = parse_date(f, &toml::Value::String((*text).into()));
            match want {
                Some((secs, off)) => {
                    let (s, o) = got.unwrap_or_else(|e| panic!("{text}: {e}"));
                    assert_eq!((s, o.as_str()), (*secs, *off), "{text}");
                }
                None => assert!(got.is_err(), "{text} should not parse"),
            }
        }
        let doc: toml::Table = toml::from_str("d = 2026-03-02T10:15:00+01:00").expect("toml");
        let (secs, off) = parse_date(f, &doc["d"]).expect("toml datetime");
        assert_eq!((secs, off.as_str()), (1_772_442_900, "+0100"));
    }

    #[test]
    fn sizes() {
        let f = Path::new("fixture.toml");
        let cases: &[(toml::Value, Option<usize>)] = &[
            (toml::Value::Integer(10), Some(10)),
            (toml::Value::String("1.5MiB".into()), Some(1_572_864)),
            (toml::Value::String("24KiB".into()), Some(24_576)),
            (toml::Value::String("7 B".into()), Some(7)),
            (toml::Value::Integer(-1), None),
            (toml::Value::String("big".into()), None),
        ];
        for (v, want) in cases {
            assert_eq!(parse_size(f, v).ok(), *want, "{v}");
        }
    }
}
