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
    file_filter: Prefilter,
    dirs: GlobSet,
    dir_ids: Vec<GlobId>,
    dir_filter: Prefilter,
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
        let (mut file_filter, mut dir_filter) = (Prefilter::default(), Prefilter::default());
        for (i, s) in self.specs.iter().enumerate() {
            let g = build(&s.pattern, s.case_insensitive)?;
            if s.dir {
                dirs.add(g);
                dir_ids.push(GlobId(i as u32));
                dir_filter.add(&s.pattern, s.case_insensitive);
            } else {
                files.add(g);
                file_ids.push(GlobId(i as u32));
                file_filter.add(&s.pattern, s.case_insensitive);
            }
        }
        self.compiled = Some(Compiled {
            files: files.build()?,
            file_ids,
            file_filter,
            dirs: dirs.build()?,
            dir_ids,
            dir_filter,
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
        let mut lower = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let (set, ids, filter) = match e.kind {
                EntryKind::Dir => (&c.dirs, &c.dir_ids, &c.dir_filter),
                EntryKind::File | EntryKind::Submodule => (&c.files, &c.file_ids, &c.file_filter),
            };
            // Most entries of a tree match no glob: a few byte comparisons say so without
            // building globset's candidate and running its regexes over the whole path.
            if set.is_empty() || !filter.may_match(e.path.as_str(), &mut lower) {
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

/// A necessary condition for a path to match any glob of a set, from the globs' literal text:
/// the literal their path opens with, and the literal name, prefix or suffix their last
/// component asks of the path's last component. Conservative: a glob it cannot take apart
/// makes it pass everything, so it never hides a match. Compared in ASCII lower case (a
/// case-sensitive match is also one in lower case); a path or a case-insensitive glob with
/// other characters, whose case folding is Unicode's, is not filtered.
#[derive(Default)]
struct Prefilter {
    /// Some glob may match any path.
    always: bool,
    /// Last components that are a literal name.
    names: std::collections::HashSet<Box<[u8]>>,
    /// The rest, by the first byte of their name prefix (256 lists), those without a prefix
    /// in `unprefixed`.
    by_first: Vec<Vec<Key>>,
    unprefixed: Vec<Key>,
}

/// What one glob (or one alternative of its last component's braces) asks of a path.
struct Key {
    /// The literal the path opens with (before the glob's first special character).
    lead: Box<[u8]>,
    /// The literal the last component opens and ends with (both empty: any name).
    prefix: Box<[u8]>,
    suffix: Box<[u8]>,
}

/// Characters that may start something other than a literal in a glob: literals stop there.
const SPECIAL: &[u8] = b"*?[]{}\\,!";

impl Prefilter {
    fn add(&mut self, pattern: &str, ci: bool) {
        if ci && !pattern.is_ascii() {
            self.always = true;
            return;
        }
        let bytes = pattern.to_ascii_lowercase().into_bytes();
        let lead_len = bytes
            .iter()
            .position(|b| SPECIAL.contains(b))
            .unwrap_or(bytes.len());
        let lead: Box<[u8]> = bytes[..lead_len].into();
        // A separator inside braces or brackets would put the last component elsewhere.
        let mut depth = 0i32;
        for &b in &bytes {
            match b {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth -= 1,
                b'/' if depth != 0 => return self.lead_only(lead),
                _ => {}
            }
        }
        let last = match bytes.iter().rposition(|&b| b == b'/') {
            Some(at) => &bytes[at + 1..],
            None => &bytes[..],
        };
        let Some(names) = expand(last) else {
            return self.lead_only(lead);
        };
        for name in names {
            if name.windows(2).any(|w| w == b"**") {
                self.lead_only(lead.clone());
            } else if !name.iter().any(|b| SPECIAL.contains(b)) {
                self.names.insert(name.into());
            } else {
                let p = name.iter().position(|b| SPECIAL.contains(b)).unwrap_or(0);
                let s = name
                    .iter()
                    .rposition(|b| SPECIAL.contains(b))
                    .map_or(0, |i| i + 1);
                self.key(Key {
                    lead: lead.clone(),
                    prefix: name[..p].into(),
                    suffix: name[s..].into(),
                });
            }
        }
    }

    fn lead_only(&mut self, lead: Box<[u8]>) {
        if lead.is_empty() {
            self.always = true;
        }
        self.key(Key {
            lead,
            prefix: Box::default(),
            suffix: Box::default(),
        });
    }

    fn key(&mut self, key: Key) {
        if key.lead.is_empty() && key.prefix.is_empty() && key.suffix.is_empty() {
            self.always = true;
        }
        match key.prefix.first() {
            Some(&b) => {
                if self.by_first.is_empty() {
                    self.by_first.resize_with(256, Vec::new);
                }
                self.by_first[b as usize].push(key)
            }
            None => self.unprefixed.push(key),
        }
    }

    /// Whether some glob of the set may match `path` (`lower` is scratch space).
    fn may_match(&self, path: &str, lower: &mut Vec<u8>) -> bool {
        if self.always || !path.is_ascii() {
            return true;
        }
        let name = path.rsplit('/').next().unwrap_or(path).as_bytes();
        lower.clear();
        lower.extend(name.iter().map(u8::to_ascii_lowercase));
        if self.names.contains(lower.as_slice()) {
            return true;
        }
        let path = path.as_bytes();
        let fits = |k: &Key| {
            starts_with_ci(path, &k.lead)
                && lower.len() >= k.prefix.len() + k.suffix.len()
                && lower.starts_with(&k.prefix)
                && lower.ends_with(&k.suffix)
        };
        let prefixed = lower
            .first()
            .and_then(|&b| self.by_first.get(b as usize))
            .is_some_and(|keys| keys.iter().any(fits));
        prefixed || self.unprefixed.iter().any(fits)
    }
}

/// Whether `text` opens with `lower` (lower case ASCII), ignoring ASCII case.
fn starts_with_ci(text: &[u8], lower: &[u8]) -> bool {
    text.len() >= lower.len() && text[..lower.len()].eq_ignore_ascii_case(lower)
}

/// A last component's alternatives, its braces expanded (empty alternatives allowed); `None`
/// when it is not that simple (nested braces, escapes or classes beside braces, or too many).
fn expand(name: &[u8]) -> Option<Vec<Vec<u8>>> {
    let Some(open) = name.iter().position(|&b| b == b'{') else {
        return Some(vec![name.to_vec()]);
    };
    if name.iter().any(|&b| b == b'\\' || b == b'[' || b == b']') {
        return None;
    }
    let close = open + name[open..].iter().position(|&b| b == b'}')?;
    let inner = &name[open + 1..close];
    if inner.contains(&b'{') {
        return None;
    }
    let mut out = Vec::new();
    for alt in inner.split(|&b| b == b',') {
        let mut one = name[..open].to_vec();
        one.extend_from_slice(alt);
        one.extend_from_slice(&name[close + 1..]);
        out.extend(expand(&one)?);
        if out.len() > 256 {
            return None;
        }
    }
    Some(out)
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
            "**", "*", "?", "a", "B", "b*", "*.rs", "?b", "{a,b}", "{a/b,c}", "[ab]", "[a/b]",
            ".github", "README*", "a\\*", "{,a}", "*a*", "{a,*.RS}", "x{a,b}y", "[!a]*", "é",
            "{A,b}.*", "[_-]c",
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
        ])
    }

    proptest! {
        /// The prefilter never hides a match: with it, every glob matches exactly the entries
        /// its own matcher does.
        #[test]
        fn prefilter_hides_no_match(
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
        }
    }
}
