//! Globs over repository paths, compiled once per scan into two indexes (files and
//! directories, `index.rs`) and matched against each repository's entries in one pass. Sits
//! below the pack decoder and the conditions, which both register globs here.

mod index;

use std::collections::HashMap;
use std::fmt;

use globset::GlobBuilder;

use index::{Index, Scratch};

use crate::snapshot::{Entry, EntryKind};

/// "a, b or c": globs and paths in human notes.
pub fn join_or(items: &[impl AsRef<str>]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        _ => {
            let (last, rest) = items.split_last().unwrap_or((&items[0], &[]));
            let rest: Vec<&str> = rest.iter().map(|s| s.as_ref()).collect();
            format!("{} or {}", rest.join(", "), last.as_ref())
        }
    }
}

/// One glob registered in the scan's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobId(pub u32);

#[derive(Clone, Debug)]
struct Spec {
    pattern: String,
    case_insensitive: bool,
    /// A glob ending in `/` matches directories.
    dir: bool,
}

/// A condition's list of globs, with the source text kept for notes and `explain`.
#[derive(Clone, Debug, Default)]
pub struct Globs {
    pub ids: Vec<GlobId>,
    pub shown: Vec<String>,
}

impl fmt::Display for Globs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&join_or(&self.shown))
    }
}

/// Why a glob could not be registered.
#[derive(Debug, thiserror::Error)]
pub enum GlobError {
    #[error("glob `{0}` is absolute; paths are relative to the repository root")]
    Absolute(String),
    #[error("invalid glob `{pattern}`: {kind}")]
    Invalid {
        pattern: String,
        kind: globset::ErrorKind,
    },
}

/// Every glob of every loaded rule. Identical globs share one id.
#[derive(Default)]
pub struct GlobTable {
    specs: Vec<Spec>,
    index: HashMap<(String, bool), GlobId>,
    compiled: Option<Compiled>,
}

struct Compiled {
    files: Index,
    file_ids: Vec<GlobId>,
    dirs: Index,
    dir_ids: Vec<GlobId>,
}

impl fmt::Debug for GlobTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GlobTable({} globs)", self.specs.len())
    }
}

fn build(pattern: &str, case_insensitive: bool) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .case_insensitive(case_insensitive)
        .backslash_escape(true)
        .empty_alternates(true)
        .build()
}

impl GlobTable {
    /// Registers a glob, checking its syntax. `*` and `?` do not cross `/`; `**` does.
    pub fn add(&mut self, pattern: &str, case_insensitive: bool) -> Result<GlobId, GlobError> {
        let key = (pattern.to_string(), case_insensitive);
        if let Some(id) = self.index.get(&key) {
            return Ok(*id);
        }
        let dir = pattern.ends_with('/') && pattern.len() > 1;
        let body = pattern.strip_suffix('/').filter(|_| dir).unwrap_or(pattern);
        let body = body.strip_prefix("./").unwrap_or(body);
        if body.starts_with('/') {
            return Err(GlobError::Absolute(pattern.to_string()));
        }
        build(body, case_insensitive).map_err(|e| GlobError::Invalid {
            pattern: pattern.to_string(),
            kind: e.kind().clone(),
        })?;
        let id = GlobId(self.specs.len() as u32);
        self.specs.push(Spec {
            pattern: body.to_string(),
            case_insensitive,
            dir,
        });
        self.index.insert(key, id);
        self.compiled = None;
        Ok(id)
    }

    /// A registered glob as compiled (without its trailing `/` or leading `./`) and whether it is
    /// case-insensitive; history uses it to skip folders no glob can reach.
    pub fn pattern(&self, id: GlobId) -> Option<(&str, bool)> {
        self.specs
            .get(id.0 as usize)
            .map(|s| (s.pattern.as_str(), s.case_insensitive))
    }

    pub fn len(&self) -> usize {
        self.specs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }

    /// Compiles the table; call once after all packs are loaded.
    pub fn compile(&mut self) -> Result<(), globset::Error> {
        let (mut files, mut dirs) = (Vec::new(), Vec::new());
        let (mut file_ids, mut dir_ids) = (Vec::new(), Vec::new());
        for (i, s) in self.specs.iter().enumerate() {
            let g = build(&s.pattern, s.case_insensitive)?;
            let (globs, ids) = if s.dir {
                (&mut dirs, &mut dir_ids)
            } else {
                (&mut files, &mut file_ids)
            };
            globs.push((s.pattern.as_str(), s.case_insensitive, g));
            ids.push(GlobId(i as u32));
        }
        self.compiled = Some(Compiled {
            files: Index::new(files),
            file_ids,
            dirs: Index::new(dirs),
            dir_ids,
        });
        Ok(())
    }

    /// Matches every entry of a repository against every glob, once.
    pub fn match_entries(&self, entries: &[Entry]) -> PathMatches {
        let mut per_glob = vec![Vec::new(); self.specs.len()];
        let Some(c) = &self.compiled else {
            return PathMatches { per_glob };
        };
        let mut hits = Vec::new();
        let mut scratch = Scratch::default();
        for (i, e) in entries.iter().enumerate() {
            let (index, ids) = match e.kind {
                EntryKind::Dir => (&c.dirs, &c.dir_ids),
                EntryKind::File | EntryKind::Submodule => (&c.files, &c.file_ids),
            };
            if index.is_empty() {
                continue;
            }
            index.matches_into(e.path.as_str(), &mut scratch, &mut hits);
            for h in &hits {
                per_glob[ids[*h].0 as usize].push(i as u32);
            }
        }
        PathMatches { per_glob }
    }
}

/// For one repository: which entries each glob matched (indices into `entries()`, sorted).
#[derive(Debug, Default)]
pub struct PathMatches {
    per_glob: Vec<Vec<u32>>,
}

impl PathMatches {
    /// Every glob that matched something, with the entries it matched (sorted).
    pub fn nonempty(&self) -> impl Iterator<Item = (GlobId, &[u32])> {
        self.per_glob
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(i, v)| (GlobId(i as u32), v.as_slice()))
    }

    /// The sorted, deduplicated entries that any of `globs` matched.
    pub fn entries(&self, globs: &Globs) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for id in &globs.ids {
            if let Some(v) = self.per_glob.get(id.0 as usize) {
                out.extend_from_slice(v);
            }
        }
        if globs.ids.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix::ObjectId;
    use proptest::collection::vec;
    use proptest::prelude::*;

    fn glob_part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "**",
            "*",
            "?",
            "a",
            "B",
            "b*",
            "*.rs",
            "?b",
            "{a,b}",
            "{a/b,c}",
            "[ab]",
            "[a/b]",
            ".github",
            "README*",
            "a\\*",
            "{,a}",
            "*a*",
            "{a,*.RS}",
            "x{a,b}y",
            "[!a]*",
            "é",
            "{A,b}.*",
            "[_-]c",
            "*.md",
            "*.{yml,yaml}",
            "x.MD",
            "[]a]*",
            "{x,y}.md",
            "a.b{,.c}",
            "*.b.c",
            "\\{a",
            "[!/]",
            "\u{212a}",
            "A{B,c}",
            "*[.]md",
        ])
    }

    fn path_part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a",
            "b",
            "ab",
            "A",
            "c",
            "x.rs",
            "a.RS",
            ".github",
            "readme.md",
            "*",
            "{a,b}",
            "é",
            "É",
            "xay",
            "a*",
            "b.c",
            "_c",
            "\u{212a}",
            "x.md",
            "X.Md",
            "y.yml",
            "a.b",
            "a.b.c",
            "B.C",
            "]a",
            "{a",
            "ak",
            ".md",
            "cb",
        ])
    }

    /// Shapes the built-in packs use, each with paths it must and must not match: the index
    /// decides them as each glob's own matcher does.
    #[test]
    fn index_decides_builtin_shapes() {
        let cases: &[(&str, bool, &[&str], &[&str])] = &[
            (
                "Cargo.toml",
                false,
                &["Cargo.toml"],
                &["cargo.toml", "a/Cargo.toml"],
            ),
            (
                "*/Cargo.toml",
                false,
                &["a/Cargo.toml"],
                &["Cargo.toml", "a/b/Cargo.toml"],
            ),
            (
                "README.md",
                true,
                &["readme.MD", "README.md"],
                &["README.mdx", "docs/README.md"],
            ),
            (
                "LICEN[CS]E*",
                true,
                &["license", "LICENCE.txt"],
                &["LICENZE", "a/LICENSE"],
            ),
            (
                ".github/workflows/*.{yml,yaml}",
                false,
                &[".github/workflows/ci.yaml"],
                &[
                    ".github/workflows/ci.YML",
                    ".github/workflows/a/ci.yml",
                    ".github/ci.yml",
                ],
            ),
            (
                "build.gradle{,.kts}",
                false,
                &["build.gradle", "build.gradle.kts"],
                &["build.gradlekts"],
            ),
            (
                "docs/**/contributing*",
                true,
                &["docs/a/b/CONTRIBUTING.md", "docs/Contributing"],
                &["CONTRIBUTING.md", "doc/contributing"],
            ),
            (
                "{docker,build}/**/{Dockerfile,Containerfile}.*",
                false,
                &["docker/Dockerfile.prod", "build/x/y/Containerfile.a"],
                &["docker/Dockerfile", "x/docker/Dockerfile.a"],
            ),
            (
                "*.{Dockerfile,dockerfile}",
                false,
                &["app.Dockerfile", ".dockerfile"],
                &["app.DOCKERFILE"],
            ),
            // globset folds ASCII case only: the Kelvin sign is not a `k`.
            ("k", true, &["K"], &["kk", "\u{212a}"]),
            (
                ".buildkite/**",
                false,
                &[".buildkite/a/b.yml"],
                &[".buildkite", "x/.buildkite/a"],
            ),
        ];
        for (pattern, ci, yes, no) in cases {
            let mut table = GlobTable::default();
            let id = table.add(pattern, *ci).unwrap();
            table.compile().unwrap();
            let id_ = ObjectId::null(gix::hash::Kind::Sha1);
            for (path, want) in yes
                .iter()
                .map(|p| (p, true))
                .chain(no.iter().map(|p| (p, false)))
            {
                let entry = Entry {
                    path: path.to_string(),
                    kind: EntryKind::File,
                    id: id_,
                    symlink: None,
                };
                let got = !table
                    .match_entries(&[entry])
                    .entries(&Globs {
                        ids: vec![id],
                        shown: Vec::new(),
                    })
                    .is_empty();
                assert_eq!(got, want, "{pattern} (case-insensitive: {ci}) on {path}");
                let own = build(pattern, *ci)
                    .unwrap()
                    .compile_matcher()
                    .is_match(path);
                assert_eq!(own, want, "globset itself: {pattern} on {path}");
            }
        }
    }

    proptest! {
        /// The index never hides a match nor makes one up: every glob matches exactly the
        /// entries its own matcher does.
        #[test]
        fn index_hides_no_match(
            globs in vec((vec(glob_part(), 1..4), any::<bool>(), any::<bool>()), 1..4),
            paths in vec(vec(path_part(), 1..4), 1..6),
        ) {
            let mut table = GlobTable::default();
            let mut ids = Vec::new();
            for (parts, dir, ci) in &globs {
                let mut pattern = parts.join("/");
                if *dir {
                    pattern.push('/');
                }
                if let Ok(id) = table.add(&pattern, *ci) {
                    ids.push(id);
                }
            }
            table.compile().unwrap();
            let id = ObjectId::null(gix::hash::Kind::Sha1);
            let mut entries: Vec<Entry> = paths
                .iter()
                .enumerate()
                .map(|(i, p)| Entry {
                    path: p.join("/"),
                    kind: if i % 2 == 0 { EntryKind::File } else { EntryKind::Dir },
                    id,
                    symlink: None,
                })
                .collect();
            entries.sort_by(|a, b| a.path.cmp(&b.path));
            entries.dedup_by(|a, b| a.path == b.path);
            let matches = table.match_entries(&entries);
            for gid in ids {
                let spec = &table.specs[gid.0 as usize];
                let matcher = build(&spec.pattern, spec.case_insensitive).unwrap().compile_matcher();
                let want: Vec<u32> = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| (e.kind == EntryKind::Dir) == spec.dir && matcher.is_match(&e.path))
                    .map(|(i, _)| i as u32)
                    .collect();
                let got = matches.entries(&Globs { ids: vec![gid], shown: Vec::new() });
                prop_assert_eq!(got, want, "{:?} on {:?}", spec, entries.iter().map(|e| &e.path).collect::<Vec<_>>());
            }
            // The same, as a whole: each entry's matched globs are those of one plain GlobSet
            // of its kind.
            for dir in [false, true] {
                let kind: Vec<GlobId> = (0..table.specs.len() as u32)
                    .map(GlobId)
                    .filter(|g| table.specs[g.0 as usize].dir == dir)
                    .collect();
                let mut plain = globset::GlobSetBuilder::new();
                for g in &kind {
                    let spec = &table.specs[g.0 as usize];
                    plain.add(build(&spec.pattern, spec.case_insensitive).unwrap());
                }
                let plain = plain.build().unwrap();
                for (i, e) in entries.iter().enumerate() {
                    if (e.kind == EntryKind::Dir) != dir {
                        continue;
                    }
                    let want: Vec<GlobId> = plain.matches(&e.path).into_iter().map(|k| kind[k]).collect();
                    let got: Vec<GlobId> = matches
                        .nonempty()
                        .filter(|(_, v)| v.contains(&(i as u32)))
                        .map(|(g, _)| g)
                        .collect();
                    prop_assert_eq!(got, want, "{:?}", e.path);
                }
            }
        }
    }
}
