//! What one rule concluded about one repository: the outcome and the evidence behind it.

use serde::{Deserialize, Serialize};

/// The outcome of one rule for one repository, in the contract's order of precedence.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Paved,
    Custom,
    Missing,
    NotApplicable,
    Exempt,
    Error,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Paved,
        Outcome::Custom,
        Outcome::Missing,
        Outcome::NotApplicable,
        Outcome::Exempt,
        Outcome::Error,
    ];

    /// The outcome as one letter, where documents and caches keep many of them in a row.
    pub fn letter(self) -> u8 {
        match self {
            Outcome::Paved => b'p',
            Outcome::Custom => b'c',
            Outcome::Missing => b'm',
            Outcome::NotApplicable => b'n',
            Outcome::Exempt => b'x',
            Outcome::Error => b'e',
        }
    }

    /// The outcome a [`Outcome::letter`] stands for.
    pub fn from_letter(c: u8) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.letter() == c)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Paved => "paved",
            Outcome::Custom => "custom",
            Outcome::Missing => "missing",
            Outcome::NotApplicable => "not_applicable",
            Outcome::Exempt => "exempt",
            Outcome::Error => "error",
        }
    }

    /// Whether the outcome counts in an adoption denominator.
    pub fn is_adoption_counted(self) -> bool {
        matches!(self, Outcome::Paved | Outcome::Custom | Outcome::Missing)
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One piece of evidence: a path (and line) that decided an outcome, with a note.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Evidence {
    pub path: Option<String>,
    pub line: Option<u32>,
    pub note: String,
    /// The offending (or found) value at that place, when there is one: what a rule's
    /// `{value}` placeholder and a SARIF fingerprint use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Evidence {
    pub fn at(path: impl Into<String>, line: Option<u32>, note: impl Into<String>) -> Self {
        Evidence {
            path: Some(path.into()),
            line,
            note: note.into(),
            value: None,
        }
    }
    pub fn note(note: impl Into<String>) -> Self {
        Evidence {
            path: None,
            line: None,
            note: note.into(),
            value: None,
        }
    }
    /// The same evidence, naming the value it is about.
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
    /// Whether two entries are about the same place and value (the same finding).
    fn same_finding(&self, other: &Evidence) -> bool {
        self.path.is_some()
            && self.line.is_some()
            && self.path == other.path
            && self.line == other.line
            && (self.value == other.value || self.value.is_none() || other.value.is_none())
    }
}

/// The most entries one result lists; the rest are counted in a last "and N more" note.
pub const MAX_LISTED: usize = 10;

/// A result's evidence as a person reads it: each finding once (the first, most specific
/// entry for a place wins), at most [`MAX_LISTED`], then "and N more".
pub fn listed(evidence: Vec<Evidence>) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::with_capacity(evidence.len().min(MAX_LISTED + 1));
    let mut more = 0usize;
    for e in evidence {
        if out.iter().any(|o| o.same_finding(&e) || *o == e) {
            continue;
        }
        if out.len() < MAX_LISTED {
            out.push(e);
        } else {
            more += 1;
        }
    }
    if more > 0 {
        out.push(Evidence::note(format!("and {more} more")));
    }
    out
}

/// How many findings a result names beyond its first: the other located entries, plus those
/// [`listed`] folded into its "and N more".
pub fn more_findings(evidence: &[Evidence]) -> usize {
    let folded = |e: &Evidence| {
        e.path.is_none().then(|| {
            e.note
                .strip_prefix("and ")
                .and_then(|r| r.strip_suffix(" more"))
                .and_then(|n| n.parse::<usize>().ok())
        })?
    };
    let mut n = 0;
    for e in evidence.iter().skip(1) {
        n += match folded(e) {
            Some(k) => k,
            None => usize::from(e.path.is_some()),
        };
    }
    n
}

/// Source text (a regex, an expression) cut to a short excerpt for a note: the full text
/// stays in `paved rules explain`, a note only hints at it.
pub fn short(source: &str) -> String {
    const MAX: usize = 40;
    let source = source.trim();
    match source.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &source[..i]),
        None => source.to_string(),
    }
}

/// The result of one rule on one repository.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RuleResult {
    pub rule: String,
    pub outcome: Outcome,
    pub evidence: Vec<Evidence>,
    pub message: String,
}

/// Holds each distinct result once. An org's repositories repeat the same results over and
/// over ("on the paved road" with `README.md` as evidence), so a scan keeps one copy of each
/// and every repository points at it; memory then grows with the distinct results, not with
/// repositories × rules. One per worker (no lock while scanning); the report's build shares
/// the workers' copies once more at the end.
#[derive(Debug, Default)]
pub struct Interner {
    seen: std::collections::HashSet<std::sync::Arc<RuleResult>, FastHash>,
}

/// The hasher of maps keyed by whole results (the interner, the report's results table): each
/// key hashes every message and evidence text, which SipHash made a tenth of a warm scan.
/// Seeded at random per map, as std's is, since the texts come from the repositories.
pub type FastHash = foldhash::quality::RandomState;

impl Interner {
    /// The one shared copy of `r`'s value.
    pub fn share(&mut self, r: &std::sync::Arc<RuleResult>) -> std::sync::Arc<RuleResult> {
        if let Some(x) = self.seen.get(r) {
            return x.clone();
        }
        self.seen.insert(r.clone());
        r.clone()
    }

    /// Every result of `results` replaced by its shared copy.
    pub fn share_all(&mut self, results: &mut [std::sync::Arc<RuleResult>]) {
        for r in results {
            *r = self.share(r);
        }
    }
}

/// Serde for a repository's shared results, written as plain result objects (serde's own
/// `Arc` support would need its `rc` feature, rebuilding every crate that uses serde). Read
/// back, an item may also be an index into the results table of a version 2 report, while
/// [`shared::with_table`] holds that table.
pub mod shared {
    use std::cell::RefCell;
    use std::fmt;
    use std::sync::Arc;

    use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::{Deserialize, Serializer};

    use super::RuleResult;

    thread_local! {
        /// The results table of the version 2 report being read on this thread, once read.
        static TABLE: RefCell<Option<Vec<Arc<RuleResult>>>> = const { RefCell::new(None) };
    }

    pub fn serialize<S: Serializer>(v: &[Arc<RuleResult>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|r| &**r))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Arc<RuleResult>>, D::Error> {
        d.deserialize_seq(Items)
    }

    /// Runs `read` with results-table lookups enabled on this thread, and clears the table
    /// afterwards whatever happened.
    pub fn with_table<T>(read: impl FnOnce() -> T) -> T {
        struct Clear;
        impl Drop for Clear {
            fn drop(&mut self) {
                TABLE.with(|t| t.borrow_mut().take());
            }
        }
        let _clear = Clear;
        read()
    }

    /// Reads a version 2 report's `results` table and holds it for the repositories' indexes.
    pub fn load_table<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let table: Vec<Arc<RuleResult>> = Vec::<RuleResult>::deserialize(d)?
            .into_iter()
            .map(Arc::new)
            .collect();
        let len = table.len();
        TABLE.with(|t| *t.borrow_mut() = Some(table));
        Ok(len)
    }

    struct Items;

    impl<'de> Visitor<'de> for Items {
        type Value = Vec<Arc<RuleResult>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of results")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(Item(r)) = seq.next_element()? {
                out.push(r);
            }
            Ok(out)
        }
    }

    /// One item: a result object, or an index into the table (shared, not copied).
    struct Item(Arc<RuleResult>);

    impl<'de> Deserialize<'de> for Item {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ItemVisitor)
        }
    }

    struct ItemVisitor;

    impl<'de> Visitor<'de> for ItemVisitor {
        type Value = Item;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a result object or an index into the `results` table")
        }
        fn visit_u64<E: de::Error>(self, i: u64) -> Result<Item, E> {
            TABLE.with(|t| match &*t.borrow() {
                Some(table) => usize::try_from(i)
                    .ok()
                    .and_then(|i| table.get(i))
                    .map(|r| Item(Arc::clone(r)))
                    .ok_or_else(|| {
                        E::custom(format!(
                            "result index {i} is not in the `results` table ({} entries)",
                            table.len()
                        ))
                    }),
                None => Err(E::custom(format!(
                    "result index {i} but no `results` table"
                ))),
            })
        }
        fn visit_i64<E: de::Error>(self, i: i64) -> Result<Item, E> {
            Err(E::custom(format!("result index {i} is negative")))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
            RuleResult::deserialize(de::value::MapAccessDeserializer::new(map))
                .map(|r| Item(Arc::new(r)))
        }
    }
}
