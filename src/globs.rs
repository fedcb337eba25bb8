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
    files: Matcher,
    dirs: Matcher,
}

/// Some globs and the ids they stand for, by their index in the set.
#[derive(Default)]
struct Set {
    set: GlobSet,
    ids: Vec<GlobId>,
}

impl Set {
    fn build(specs: &[(&Spec, GlobId, &str)]) -> Result<Set, globset::Error> {
        let mut b = GlobSetBuilder::new();
        for (s, _, pattern) in specs {
            b.add(build(pattern, s.case_insensitive)?);
        }
        Ok(Set {
            set: b.build()?,
            ids: specs.iter().map(|(_, id, _)| *id).collect(),
        })
    }

    fn add_matches(&self, text: &str, hits: &mut Vec<usize>, out: &mut [Vec<u32>], entry: u32) {
        if self.set.is_empty() {
            return;
        }
        self.set.matches_into(text, hits);
        for h in hits.iter() {
            out[self.ids[*h].0 as usize].push(entry);
        }
    }
}

/// The globs for one kind of entry (files or folders). Most globs name their folder literally
/// (`.github/workflows/*.yml`, `README*`): those are tried only on the entries of that folder,
/// against the name alone, so an entry in a folder no such glob names costs one lookup; the
/// others are matched on the whole path. The results are the same as one `GlobSet` of all.
#[derive(Default)]
struct Matcher {
    /// Case-sensitive globs by their literal folder (`""`: the root), as name patterns.
    exact: HashMap<String, Set>,
    /// Case-insensitive globs with an ASCII literal folder, by that folder in ASCII lower case.
    folded: HashMap<String, Set>,
    /// The `folded` globs whole: an entry whose folder is not ASCII may still match one under
    /// Unicode case folding (`K`, the Kelvin sign, is `k`), so it is matched on its whole path.
    folded_whole: Set,
    /// Every other glob, on the whole path.
    rest: Set,
}

/// A glob's literal folder and its name pattern, when the folder has no special character and
/// the name pattern can match only a name (no `**`, no class that could match `/`).
fn split_literal(pattern: &str) -> Option<(&str, &str)> {
    let (dir, name) = match pattern.rfind('/') {
        Some(i) => (&pattern[..i], &pattern[i + 1..]),
        None => ("", pattern),
    };
    let special = |c: char| matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\');
    if dir.contains(special) || name.contains("**") || name.contains(['[', '\\']) || name.is_empty()
    {
        return None;
    }
    Some((dir, name))
}

impl Matcher {
    fn build(specs: &[(&Spec, GlobId)]) -> Result<Matcher, globset::Error> {
        let mut exact: HashMap<String, Vec<(&Spec, GlobId, &str)>> = HashMap::new();
        let mut folded: HashMap<String, Vec<(&Spec, GlobId, &str)>> = HashMap::new();
        let (mut folded_whole, mut rest) = (Vec::new(), Vec::new());
        for &(s, id) in specs {
            match split_literal(&s.pattern) {
                Some((dir, name)) if !s.case_insensitive => {
                    exact
                        .entry(dir.to_string())
                        .or_default()
                        .push((s, id, name));
                }
                Some((dir, name)) if dir.is_ascii() => {
                    let key = dir.to_ascii_lowercase();
                    folded.entry(key).or_default().push((s, id, name));
                    folded_whole.push((s, id, s.pattern.as_str()));
                }
                _ => rest.push((s, id, s.pattern.as_str())),
            }
        }
        let sets = |m: HashMap<String, Vec<_>>| -> Result<HashMap<String, Set>, globset::Error> {
            m.into_iter()
                .map(|(k, v)| Ok((k, Set::build(&v)?)))
                .collect()
        };
        Ok(Matcher {
            exact: sets(exact)?,
            folded: sets(folded)?,
            folded_whole: Set::build(&folded_whole)?,
            rest: Set::build(&rest)?,
        })
    }

    fn add_matches(&self, path: &str, hits: &mut Vec<usize>, out: &mut [Vec<u32>], entry: u32) {
        let (dir, name) = match path.rfind('/') {
            Some(i) => (&path[..i], &path[i + 1..]),
            None => ("", path),
        };
        if let Some(set) = self.exact.get(dir) {
            set.add_matches(name, hits, out, entry);
        }
        if !self.folded.is_empty() {
            if !dir.is_ascii() {
                self.folded_whole.add_matches(path, hits, out, entry);
            } else if let Some(set) = self.folded.get(&dir.to_ascii_lowercase()) {
                set.add_matches(name, hits, out, entry);
            }
        }
        self.rest.add_matches(path, hits, out, entry);
    }
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
        for (i, s) in self.specs.iter().enumerate() {
            let side = if s.dir { &mut dirs } else { &mut files };
            side.push((s, GlobId(i as u32)));
        }
        self.compiled = Some(Compiled {
            files: Matcher::build(&files)?,
            dirs: Matcher::build(&dirs)?,
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
            let matcher = match e.kind {
                EntryKind::Dir => &c.dirs,
                EntryKind::File | EntryKind::Submodule => &c.files,
            };
            matcher.add_matches(e.path.as_str(), &mut hits, &mut per_glob, i as u32);
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

    /// Pattern parts people write, and ones that cross folders, escape or fold case.
    fn glob_part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "**",
            "*",
            "?",
            "a",
            "B",
            "b*",
            "*.yml",
            "{a,b}",
            "{a/b,c}",
            "[ab]",
            "[!a]",
            "a\\*",
            "{,a}",
            ".github",
            "k",
            "s",
            "",
            "{docker,build}",
        ])
    }

    fn path_part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a", "b", "A", "B", "x.yml", ".github", "K", "\u{212a}", "\u{17f}", "s", "docker", "*",
            "{a,b}", "b/c",
        ])
    }

    proptest! {
        /// Grouping globs by their literal folder finds exactly what one `GlobSet` of them all
        /// finds, for files and folders, case-sensitive or not.
        #[test]
        fn grouped_matching_equals_one_globset(
            globs in vec((vec(glob_part(), 1..4), any::<bool>(), any::<bool>()), 1..6),
            paths in vec((vec(path_part(), 1..4), any::<bool>()), 1..8),
        ) {
            let mut table = GlobTable::default();
            let mut added = Vec::new();
            for (parts, ci, dir) in &globs {
                let mut pattern = parts.join("/");
                if *dir {
                    pattern.push('/');
                }
                if let Ok(id) = table.add(&pattern, *ci) {
                    added.push(id);
                }
            }
            table.compile().unwrap();
            let id = ObjectId::null(gix::hash::Kind::Sha1);
            let entries: Vec<Entry> = paths
                .iter()
                .map(|(parts, dir)| Entry {
                    path: parts.join("/"),
                    kind: if *dir { EntryKind::Dir } else { EntryKind::File },
                    id,
                    symlink: None,
                })
                .collect();
            let matches = table.match_entries(&entries);
            for g in added {
                let spec = &table.specs[g.0 as usize];
                let one = build(&spec.pattern, spec.case_insensitive).unwrap().compile_matcher();
                let want: Vec<u32> = entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| (e.kind == EntryKind::Dir) == spec.dir && one.is_match(&e.path))
                    .map(|(i, _)| i as u32)
                    .collect();
                let globs = Globs { ids: vec![g], shown: Vec::new() };
                prop_assert_eq!(matches.entries(&globs), want, "{:?}", spec);
            }
        }
    }
}
