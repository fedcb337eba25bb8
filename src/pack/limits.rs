//! The config's `max_*` keys: every budget a run's repositories are held to, read once here,
//! each checked against a range (zero, and values past what a worker can hold, are errors at
//! their line and column), then passed down in `SnapshotOptions` and the cache's options.

use crate::decode::Decoder;
use crate::query::{DocLimits, Node};
use crate::snapshot::{LinkLimits, SnapshotOptions};

/// The limits a config sets; each default is the owning module's (`SnapshotOptions::default`,
/// `DocLimits::default`, the cache's entry limit when `max_cache_entry_size` is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// `max_file_size:`: content conditions skip larger blobs.
    pub max_file_size: u64,
    /// `max_tree_entries:`.
    pub max_tree_entries: usize,
    /// `max_tree_depth:`.
    pub max_tree_depth: usize,
    /// `max_symlink_hops:`, `max_symlink_nesting:`, `max_symlink_entries:`, `max_symlink_size:`.
    pub links: LinkLimits,
    /// `max_document_nodes:`, `max_document_depth:`.
    pub documents: DocLimits,
    /// `max_cache_entry_size:`; `None` keeps the cache's default.
    pub max_cache_entry_size: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        let snap = SnapshotOptions::default();
        Limits {
            max_file_size: snap.max_file_size,
            max_tree_entries: snap.max_tree_entries,
            max_tree_depth: snap.max_tree_depth,
            links: snap.links,
            documents: snap.documents,
            max_cache_entry_size: None,
        }
    }
}

impl Limits {
    /// `base` with these limits.
    pub fn apply(&self, base: SnapshotOptions) -> SnapshotOptions {
        SnapshotOptions {
            max_file_size: self.max_file_size,
            max_tree_entries: self.max_tree_entries,
            max_tree_depth: self.max_tree_depth,
            links: self.links,
            documents: self.documents,
            ..base
        }
    }
}

const KIB: u64 = 1 << 10;
const GIB: u64 = 1 << 30;

/// A key, what its value is, the range it must lie in (both ends included), and the field it
/// sets: each key carries its own setter, so no key can be left without a field.
enum Key {
    /// A whole number, and the field it sets.
    Count(&'static str, usize, usize, fn(&mut Limits, usize)),
    /// A size like `1MiB` ([`super::config::parse_size`]), and the field it sets.
    Size(&'static str, u64, u64, fn(&mut Limits, u64)),
}

/// Every limit key with its range. The upper ends are what one worker can afford, or what the
/// code can take: nesting limits stay at or below their defaults where the walk recurses on
/// a worker thread's small stack.
const KEYS: [Key; 10] = [
    Key::Size("max_file_size", 1, GIB, |l, v| l.max_file_size = v),
    Key::Count("max_tree_entries", 1, 100_000_000, |l, v| {
        l.max_tree_entries = v;
    }),
    Key::Count("max_tree_depth", 1, 65_536, |l, v| l.max_tree_depth = v),
    Key::Count("max_symlink_hops", 1, 1_000, |l, v| l.links.hops = v),
    Key::Count(
        "max_symlink_nesting",
        1,
        crate::snapshot::MAX_LINK_NESTING,
        |l, v| l.links.nesting = v,
    ),
    Key::Count("max_symlink_entries", 1, 100_000_000, |l, v| {
        l.links.exposed = v;
    }),
    Key::Size("max_symlink_size", 1, 64 * KIB, |l, v| l.links.text = v),
    Key::Count("max_document_nodes", 1, 100_000_000, |l, v| {
        l.documents.nodes = v;
    }),
    Key::Count(
        "max_document_depth",
        1,
        crate::query::yaml::MAX_DEPTH,
        |l, v| l.documents.depth = v,
    ),
    Key::Size("max_cache_entry_size", 1, 4 * GIB, |l, v| {
        l.max_cache_entry_size = Some(v);
    }),
];

/// The names of the limit keys, for the config's list of known keys.
pub fn key_names() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|k| match k {
        Key::Count(name, ..) | Key::Size(name, ..) => *name,
    })
}

/// Reads every limit key `doc` sets into `limits`; a bad value is an error at its position and
/// leaves the default.
pub fn read(d: &mut Decoder<'_>, doc: &Node, limits: &mut Limits) {
    for key in &KEYS {
        match *key {
            Key::Count(name, min, max, set) => {
                if let Some(n) = doc.get(name) {
                    let v = n.scalar_text().and_then(|s| s.trim().parse::<usize>().ok());
                    match v {
                        Some(v) if (min..=max).contains(&v) => set(limits, v),
                        _ => d.error(
                            n.pos,
                            format!(
                                "`{name}` must be a whole number from {min} to {max}, not `{n}`"
                            ),
                        ),
                    }
                }
            }
            Key::Size(name, min, max, set) => {
                if let Some(n) = doc.get(name) {
                    let v = n.scalar_text().and_then(|s| super::config::parse_size(&s));
                    match v {
                        Some(v) if (min..=max).contains(&v) => set(limits, v),
                        _ => d.error(
                            n.pos,
                            format!(
                                "`{name}` must be a size like 1MiB or 500KB, from {} to {}, not `{n}`",
                                crate::snapshot::human_size(min),
                                crate::snapshot::human_size(max)
                            ),
                        ),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each key sets its own field (a key wired to no field, or to another's, fails here),
    /// and each default lies in its key's range.
    #[test]
    fn every_key_sets_its_own_field() {
        let defaults = Limits::default();
        let mut changed = std::collections::HashSet::new();
        for key in &KEYS {
            let mut l = Limits::default();
            match *key {
                Key::Count(name, min, max, set) => {
                    assert!(min <= max, "{name}");
                    set(&mut l, min);
                }
                Key::Size(name, min, max, set) => {
                    assert!(min <= max, "{name}");
                    set(&mut l, min);
                }
            }
            assert_ne!(l, defaults);
            assert!(
                changed.insert(format!("{l:?}")),
                "two keys set the same field"
            );
        }
        assert_eq!(key_names().count(), KEYS.len());
        assert!(defaults.documents.depth <= crate::query::yaml::MAX_DEPTH);
        assert!(defaults.links.nesting <= crate::snapshot::MAX_LINK_NESTING);
        assert!(defaults.max_file_size <= GIB && defaults.links.text <= 64 * KIB);
    }
}
