//! `hash`: whether a file's SHA-256 is an approved digest.
//!
//! ```yaml
//! hash:
//!   file: gradle/wrapper/gradle-wrapper.jar       # a path or glob
//!   sha256: 7d3a4ac4de1c32b59bc6a4eb8ecb8e612ccd0cf1ae1e99f66902da64df296172
//! hash:
//!   file: .github/workflows/release.yml
//!   sha256: [<digest of v1>, <digest of v2>]     # or any of a list
//! ```
//!
//! The digest is of the committed bytes, as `sha256sum` prints it. True when some matching
//! file has an approved digest; the evidence gives the file and its digest. Binary files are
//! hashed too (this is how vendored binaries are pinned); files over 64 MiB are skipped.

use sha2::{Digest, Sha256};

use super::{Check, Condition, EvalCtx, GlobId, Globs, Kind, MAX_EVIDENCE, Tri, Verdict};
use crate::decode::Decoder;
use crate::decode::shapes::GlobsDoc;
use crate::outcome::Evidence;
use crate::query::{Node, Value};
use schemars::JsonSchema;
use serde::Deserialize;

pub const KIND: Kind = Kind {
    key: "hash",
    module: "hash",
    summary: "The file's SHA-256 is an approved digest.",
    decode: |d, n| Hash::parse(d, n).map(Condition::Hash),
    schema: |g| g.subschema_for::<HashDoc>(),
};

#[derive(Debug)]
pub struct Hash {
    pub files: Globs,
    pub digests: Vec<String>,
}

/// Hashing reads whole blobs; past this a file is surely not a pinned artefact.
const MAX_HASHED: u64 = 64 << 20;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Hash {
    pub fn parse(d: &mut Decoder<'_>, node: &Node) -> Option<Hash> {
        d.check_keys(node, &["file", "sha256"], "hash")?;
        let files = d.required(node, "file", "hash").and_then(|n| d.globs(n));
        let digests = d.required(node, "sha256", "hash").and_then(|n| {
            let items: Vec<&Node> = match &n.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![n],
            };
            let mut out = Vec::new();
            for i in items {
                let s = d.string(i)?.to_ascii_lowercase();
                if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
                    d.error(i.pos, "`sha256` must be 64 hex digits");
                    return None;
                }
                out.push(s);
            }
            Some(out)
        });
        Some(Hash {
            files: files?,
            digests: digests?,
        })
    }

    pub fn describe(&self) -> String {
        format!(
            "hash: the SHA-256 of {} is one of {} approved digest(s)",
            self.files,
            self.digests.len()
        )
    }

    pub fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        let files = cx.files(&self.files);
        if files.is_empty() {
            return Verdict::new(
                Tri::False,
                vec![Evidence::note(format!("no file matches {}", self.files))],
            );
        }
        let (mut misses, mut unknown) = (Vec::new(), Vec::new());
        for path in files {
            match cx.snap.bytes(path, MAX_HASHED) {
                Ok(Some(bytes)) => {
                    let digest = hex(&Sha256::digest(&bytes));
                    if self.digests.contains(&digest) {
                        return Verdict::new(
                            Tri::True,
                            vec![Evidence::at(
                                path,
                                None,
                                format!("sha256 {digest} is approved"),
                            )],
                        );
                    }
                    misses.push(Evidence::at(
                        path,
                        None,
                        format!("sha256 {digest} is not an approved digest"),
                    ));
                }
                Ok(None) => misses.push(Evidence::at(path, None, "skipped: over 64 MiB")),
                Err(e) => unknown.push(Evidence::at(path, None, format!("could not be read: {e}"))),
            }
        }
        if unknown.is_empty() {
            misses.truncate(MAX_EVIDENCE);
            Verdict::new(Tri::False, misses)
        } else {
            Verdict::new(Tri::Unknown, unknown)
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DigestsDoc {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HashDoc {
    pub file: GlobsDoc,
    pub sha256: DigestsDoc,
}

impl Check for Hash {
    fn key(&self) -> &'static str {
        KIND.key
    }
    fn eval(&self, cx: &EvalCtx<'_>) -> Verdict {
        Hash::eval(self, cx)
    }
    fn reads(&self, content: &mut Vec<GlobId>, _presence: &mut Vec<GlobId>) {
        content.extend(&self.files.ids);
    }
    fn explain(&self, depth: usize, out: &mut String) {
        super::explain_line(depth, out, &Hash::describe(self));
    }
}
