//! What a cached result was computed from, hashed (SHA-256): the rule set's fingerprint (every
//! compiled rule, the config that decides verdicts, the snapshot options, this paved build) and,
//! per entry, the repository's name and metadata and its tree (scan) or history (trend).

use sha2::{Digest, Sha256};

use crate::discover::RepoRef;
use crate::pack::RuleSet;
use crate::policy::Policy;
use crate::snapshot::SnapshotOptions;

/// Everything outside a repository that its results depend on, as one digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    digest: [u8; 32],
    /// Exemptions (central or in-repo) are judged against a day, so results depend on it.
    pub day_matters: bool,
}

/// An entry's name: a SHA-256 digest in hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key(String);

impl Key {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hex(bytes: &[u8]) -> String {
    // Not `write!("{b:02x}")`: a warm scan makes a key per repository, and the formatter cost
    // more than the hash.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Length-prefixed, so no two different part lists hash alike.
fn feed(h: &mut Sha256, part: &[u8]) {
    h.update((part.len() as u64).to_le_bytes());
    h.update(part);
}

/// This build of paved: its version, and the executable's size and modification time, so a
/// rebuilt binary (whose evaluation may differ) never reads a cache an older build wrote.
fn build_identity() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{mtime}", m.len())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

impl Fingerprint {
    /// The fingerprint of a run: the compiled rules (their conditions, messages and the
    /// templates they embed), the config, the snapshot options, the build, and the day when
    /// exemptions are in play.
    pub fn new(rules: &RuleSet, policy: &Policy, snapshot: &SnapshotOptions) -> Fingerprint {
        let config = &policy.config;
        let day_matters = !config.exemptions.is_empty() || config.allow_repo_exemptions;
        let mut h = Sha256::new();
        feed(&mut h, b"paved result cache 1");
        feed(&mut h, build_identity().as_bytes());
        feed(&mut h, format!("{:?}", rules.packs).as_bytes());
        // The cache's own entry limit does not change results: setting it keeps the entries.
        let mut config = config.clone();
        config.limits.max_cache_entry_size = None;
        feed(&mut h, format!("{config:?}").as_bytes());
        feed(&mut h, format!("{snapshot:?}").as_bytes());
        if day_matters {
            feed(&mut h, policy.today.to_string().as_bytes());
        }
        Fingerprint {
            digest: h.finalize().into(),
            day_matters,
        }
    }

    fn repo_hasher(&self, what: &str, repo: &RepoRef) -> Sha256 {
        let mut h = Sha256::new();
        feed(&mut h, &self.digest);
        feed(&mut h, what.as_bytes());
        feed(&mut h, repo.name.as_bytes());
        // `repo` conditions read the metadata (topics, visibility, archived).
        feed(
            &mut h,
            serde_json::to_string(&repo.meta)
                .unwrap_or_default()
                .as_bytes(),
        );
        h
    }

    /// A repository's scan at `tree` (shallow clones carry a note, so they key apart).
    pub fn scan_key(&self, repo: &RepoRef, tree: gix::ObjectId, shallow: bool) -> Key {
        let mut h = self.repo_hasher("scan", repo);
        feed(&mut h, tree.as_bytes());
        feed(&mut h, &[u8::from(shallow)]);
        Key(hex(&h.finalize()))
    }

    /// A repository's scan at the object its HEAD names ([`crate::snapshot::head`]): known from
    /// the refs files alone, so a hit never opens the repository. The commit names its tree, so
    /// this is as exact as [`Self::scan_key`].
    pub fn head_key(&self, repo: &RepoRef, head: crate::snapshot::head::Head) -> Key {
        let mut h = self.repo_hasher("scan-head", repo);
        feed(&mut h, head.id.as_bytes());
        feed(&mut h, &[u8::from(head.shallow)]);
        Key(hex(&h.finalize()))
    }

    /// A repository's history entry, which holds results by commit.
    pub fn history_key(&self, repo: &RepoRef) -> Key {
        let h = self.repo_hasher("history", repo);
        Key(hex(&h.finalize()))
    }

    /// The fingerprint as hex, for tests and diagnostics.
    pub fn hex(&self) -> String {
        hex(&self.digest)
    }
}

#[cfg(test)]
mod tests {
    /// Entry names must not change with how hex is spelled: old caches would all miss.
    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        assert_eq!(super::hex(&[0x00, 0x0f, 0xa5, 0xff, 0x10]), "000fa5ff10");
        assert_eq!(super::hex(&[]), "");
    }
}
