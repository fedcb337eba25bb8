//! The globs of one entry kind indexed by what a path's last component must be (a literal
//! name), end with (an extension) or open with (a literal prefix), so that each entry meets
//! only its few candidate globs: a glob that is a literal path is decided by comparing bytes,
//! the others by their own matcher, built when first needed. Most entries of a tree match no
//! glob: a few bit tests on their name's length and last byte say so. Keys compare in ASCII
//! lower case, the only case folding globset does (its regexes are byte-wise, `(?-u)`); a
//! case-insensitive glob with other characters is checked against every entry.

use std::collections::HashMap;
use std::sync::OnceLock;

use globset::{Candidate, Glob, GlobMatcher};

/// Globs of one kind (files or directories), in the order they were added (their slots).
pub(super) struct Index {
    globs: Vec<Glob>,
    /// Each glob's matcher, compiled when an entry first needs it: most globs of a scan are
    /// literal paths or are never a candidate, and a regex costs more to build than to run.
    matchers: Vec<OnceLock<GlobMatcher>>,
    /// Keys by the literal last component they ask for (lower case).
    names: HashMap<Box<[u8]>, Vec<Key>, foldhash::fast::RandomState>,
    /// Keys by the extension (from the last `.`) their literal suffix fixes.
    exts: HashMap<Box<[u8]>, Vec<Key>, foldhash::fast::RandomState>,
    /// The (length, last byte) of each key of `names` and of `exts`: most entries' names and
    /// extensions are no key's, which a bit says without lower-casing or hashing them.
    names_seen: Seen,
    exts_seen: Seen,
    /// Keys with a literal prefix and no extension, by the prefix's first byte (256 lists).
    by_first: Vec<Vec<Key>>,
    /// Keys that ask only for the literal the path opens with (any path, when it is empty).
    leads: Vec<Key>,
    /// The other keys no index can hold; every entry's name is checked against them.
    rest: Vec<Key>,
}

/// What one glob (or one alternative of its braces) asks of a path. A path that fits is a
/// match when the key is `literal`, otherwise a candidate for the glob's matcher.
struct Key {
    slot: u32,
    /// The literal the path opens with, lower case (for a literal key: the whole path).
    lead: Box<[u8]>,
    /// The literal the last component opens and ends with, lower case.
    prefix: Box<[u8]>,
    suffix: Box<[u8]>,
    /// How many `/` the path has, when the glob fixes it (no `**`, no `/` inside braces or
    /// after a `[`).
    slashes: Option<u32>,
    literal: Option<Literal>,
}

/// A glob without special characters matches one path (per alternative of its braces).
struct Literal {
    /// The path's exact bytes for a case-sensitive glob; `None`: ASCII case is ignored.
    exact: Option<Box<[u8]>>,
}

/// Characters that may start something other than a literal in a glob: literals stop there.
const SPECIAL: &[u8] = b"*?[]{}\\,!";

/// Scratch space reused across entries.
#[derive(Default)]
pub(super) struct Scratch {
    lower: Vec<u8>,
    candidates: Vec<u32>,
}

impl Index {
    /// Indexes `globs` (pattern, case-insensitive, compiled glob), one slot each in order.
    pub(super) fn new(globs: Vec<(&str, bool, Glob)>) -> Index {
        let mut index = Index {
            globs: Vec::with_capacity(globs.len()),
            matchers: Vec::with_capacity(globs.len()),
            names: HashMap::default(),
            exts: HashMap::default(),
            names_seen: Seen::default(),
            exts_seen: Seen::default(),
            by_first: Vec::new(),
            leads: Vec::new(),
            rest: Vec::new(),
        };
        for (slot, (pattern, ci, glob)) in globs.into_iter().enumerate() {
            index.globs.push(glob);
            index.matchers.push(OnceLock::new());
            index.add(slot as u32, pattern, ci);
        }
        index
    }

    pub(super) fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    fn add(&mut self, slot: u32, pattern: &str, ci: bool) {
        let key = |lead: &[u8]| Key {
            slot,
            lead: lead.into(),
            prefix: Box::default(),
            suffix: Box::default(),
            slashes: None,
            literal: None,
        };
        if ci && !pattern.is_ascii() {
            return self.leads.push(key(b""));
        }
        if let Some(paths) = literal_paths(pattern.as_bytes()) {
            for path in paths {
                let lower = path.to_ascii_lowercase();
                let name: Box<[u8]> = last_component(&lower).into();
                let exact = (!ci).then(|| path.into_boxed_slice());
                let k = Key {
                    literal: Some(Literal { exact }),
                    ..key(&lower)
                };
                self.names_seen.insert(&name);
                self.names.entry(name).or_default().push(k);
            }
            return;
        }
        let bytes = pattern.to_ascii_lowercase().into_bytes();
        let lead_len = bytes
            .iter()
            .position(|b| SPECIAL.contains(b))
            .unwrap_or(bytes.len());
        let lead = &bytes[..lead_len];
        if !plain_separators(&bytes) {
            return self.leads.push(key(lead));
        }
        let slashes = (!bytes.windows(2).any(|w| w == b"**"))
            .then(|| bytes.iter().filter(|&&b| b == b'/').count() as u32);
        let Some(names) = expand(last_component(&bytes)) else {
            return self.leads.push(key(lead));
        };
        for name in names {
            if name.windows(2).any(|w| w == b"**") {
                self.leads.push(key(lead));
            } else if !name.iter().any(|b| SPECIAL.contains(b)) {
                let k = Key {
                    slashes,
                    ..key(lead)
                };
                self.names_seen.insert(&name);
                self.names.entry(name.into()).or_default().push(k);
            } else {
                let p = name.iter().position(|b| SPECIAL.contains(b)).unwrap_or(0);
                let s = name
                    .iter()
                    .rposition(|b| SPECIAL.contains(b))
                    .map_or(0, |i| i + 1);
                let (prefix, suffix) = (&name[..p], &name[s..]);
                let k = Key {
                    prefix: prefix.into(),
                    suffix: suffix.into(),
                    slashes,
                    ..key(lead)
                };
                if let Some(dot) = suffix.iter().rposition(|&b| b == b'.') {
                    self.exts_seen.insert(&suffix[dot..]);
                    self.exts.entry(suffix[dot..].into()).or_default().push(k);
                } else if let Some(&first) = prefix.first() {
                    if self.by_first.is_empty() {
                        self.by_first.resize_with(256, Vec::new);
                    }
                    self.by_first[first as usize].push(k);
                } else {
                    self.rest.push(k);
                }
            }
        }
    }

    /// The slots of the globs `path` matches, sorted and unique, into `hits`.
    pub(super) fn matches_into(&self, path: &str, s: &mut Scratch, hits: &mut Vec<usize>) {
        hits.clear();
        s.candidates.clear();
        let bytes = path.as_bytes();
        for k in &self.leads {
            if starts_with_ci(bytes, &k.lead) {
                s.candidates.push(k.slot);
            }
        }
        let name = last_component(bytes);
        let dot = name.iter().rposition(|&b| b == b'.');
        let in_names = self.names_seen.contains(name);
        let in_exts = dot.is_some_and(|d| self.exts_seen.contains(&name[d..]));
        let first = name.first().map(u8::to_ascii_lowercase);
        let in_first = first
            .and_then(|b| self.by_first.get(b as usize))
            .is_some_and(|keys| !keys.is_empty());
        if in_names || in_exts || in_first || !self.rest.is_empty() {
            self.by_name(bytes, name, (in_names, in_exts, in_first), s, hits);
        }
        if !s.candidates.is_empty() {
            s.candidates.sort_unstable();
            s.candidates.dedup();
            let candidate = Candidate::new(path);
            for &slot in &s.candidates {
                if self.matcher(slot).is_match_candidate(&candidate) {
                    hits.push(slot as usize);
                }
            }
        }
        if hits.len() > 1 {
            hits.sort_unstable();
            hits.dedup();
        }
    }

    /// The keys of `name` (the last component of `bytes`): matches of literal globs into
    /// `hits`, the other globs whose keys it fits into `s.candidates`.
    fn by_name(
        &self,
        bytes: &[u8],
        name: &[u8],
        (in_names, in_exts, in_first): (bool, bool, bool),
        s: &mut Scratch,
        hits: &mut Vec<usize>,
    ) {
        s.lower.clear();
        s.lower.extend(name.iter().map(u8::to_ascii_lowercase));
        let dot = s.lower.iter().rposition(|&b| b == b'.');
        let first = s.lower.first().copied();
        let mut slashes = None;
        let mut visit = |keys: &[Key], lower: &[u8], candidates: &mut Vec<u32>| {
            for k in keys {
                if let Some(literal) = &k.literal {
                    let same = match &literal.exact {
                        Some(exact) => **exact == *bytes,
                        None => bytes.eq_ignore_ascii_case(&k.lead),
                    };
                    if same {
                        hits.push(k.slot as usize);
                    }
                    continue;
                }
                if !starts_with_ci(bytes, &k.lead) {
                    continue;
                }
                let fits = lower.len() >= k.prefix.len() + k.suffix.len()
                    && lower.starts_with(&k.prefix)
                    && lower.ends_with(&k.suffix)
                    && k.slashes
                        .is_none_or(|n| n == *slashes.get_or_insert_with(|| count_slashes(bytes)));
                if fits {
                    candidates.push(k.slot);
                }
            }
        };
        let lower = s.lower.as_slice();
        if in_names && let Some(keys) = self.names.get(lower) {
            visit(keys, lower, &mut s.candidates);
        }
        if in_exts
            && let Some(d) = dot
            && let Some(keys) = self.exts.get(&lower[d..])
        {
            visit(keys, lower, &mut s.candidates);
        }
        if in_first && let Some(keys) = first.and_then(|b| self.by_first.get(b as usize)) {
            visit(keys, lower, &mut s.candidates);
        }
        visit(&self.rest, lower, &mut s.candidates);
    }

    fn matcher(&self, slot: u32) -> &GlobMatcher {
        let slot = slot as usize;
        self.matchers[slot].get_or_init(|| self.globs[slot].compile_matcher())
    }
}

/// A bit per (length, lower-case last byte) of some texts, lengths from 63 on sharing one.
#[derive(Default)]
struct Seen(Vec<u64>);

impl Seen {
    fn bit(text: &[u8]) -> usize {
        (text.len().min(63) << 8) | text.last().map_or(0, |b| b.to_ascii_lowercase() as usize)
    }

    fn insert(&mut self, text: &[u8]) {
        if self.0.is_empty() {
            self.0.resize(64 * 256 / 64, 0);
        }
        let bit = Seen::bit(text);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    fn contains(&self, text: &[u8]) -> bool {
        let bit = Seen::bit(text);
        self.0
            .get(bit / 64)
            .is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }
}

fn count_slashes(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|&&b| b == b'/').count() as u32
}

/// The text after the last `/`.
fn last_component(bytes: &[u8]) -> &[u8] {
    match bytes.iter().rposition(|&b| b == b'/') {
        Some(at) => &bytes[at + 1..],
        None => bytes,
    }
}

/// Whether every `/` of the glob is a separator between its components: none inside braces
/// (an alternative could hold a different number) or after a `[` (a class never matches `/`,
/// and telling a class's `]` from a literal one is not worth it here).
fn plain_separators(bytes: &[u8]) -> bool {
    let mut depth = 0i32;
    let mut class = false;
    for &b in bytes {
        match b {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b'[' => class = true,
            b'/' if depth != 0 || class => return false,
            _ => {}
        }
    }
    true
}

/// The paths a glob without special characters matches (its braces expanded), or `None`.
fn literal_paths(pattern: &[u8]) -> Option<Vec<Vec<u8>>> {
    let paths = expand(pattern)?;
    let plain = |p: &Vec<u8>| !p.iter().any(|b| SPECIAL.contains(b));
    paths.iter().all(plain).then_some(paths)
}

/// Whether `text` opens with `lower` (lower case ASCII), ignoring ASCII case.
fn starts_with_ci(text: &[u8], lower: &[u8]) -> bool {
    text.len() >= lower.len() && text[..lower.len()].eq_ignore_ascii_case(lower)
}

/// A glob's (or a last component's) alternatives, its braces expanded (empty alternatives
/// allowed); `None` when it is not that simple (nested braces, escapes or classes beside
/// braces, or too many).
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
