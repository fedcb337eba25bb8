//! Globs over repository paths, compiled once per scan into two `GlobSet`s (files and
//! directories) and matched against each repository's entries in one pass. Sits below the
//! pack decoder and the conditions, which both register globs here.

use std::collections::HashMap;
use std::fmt;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

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
    files: GlobSet,
    file_ids: Vec<GlobId>,
    dirs: GlobSet,
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
        let (mut files, mut dirs) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let (mut file_ids, mut dir_ids) = (Vec::new(), Vec::new());
        for (i, s) in self.specs.iter().enumerate() {
            let g = build(&s.pattern, s.case_insensitive)?;
            if s.dir {
                dirs.add(g);
                dir_ids.push(GlobId(i as u32));
            } else {
                files.add(g);
                file_ids.push(GlobId(i as u32));
            }
        }
        self.compiled = Some(Compiled {
            files: files.build()?,
            file_ids,
            dirs: dirs.build()?,
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
        for (i, e) in entries.iter().enumerate() {
            let (set, ids) = match e.kind {
                EntryKind::Dir => (&c.dirs, &c.dir_ids),
                EntryKind::File | EntryKind::Submodule => (&c.files, &c.file_ids),
            };
            if set.is_empty() {
                continue;
            }
            set.matches_into(e.path.as_str(), &mut hits);
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
