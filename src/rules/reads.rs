//! What each condition reads: the globs whose matched files it opens, and those it only checks
//! for presence. History asks this to know when a rule's inputs are unchanged.

use super::{Condition, GlobId};

impl Condition {
    /// Adds the globs this condition tree uses to `content` (the matched files are read) or
    /// `presence` (only whether something matches). The match is exhaustive, so a new
    /// condition kind must say what it reads.
    pub fn reads(&self, content: &mut Vec<GlobId>, presence: &mut Vec<GlobId>) {
        match self {
            Condition::Exists(e) => presence.extend(&e.globs.ids),
            Condition::Absent(a) => presence.extend(&a.0.globs.ids),
            Condition::Contains(x) => content.extend(&x.files.ids),
            Condition::Structured(x) => content.extend(&x.files.ids),
            Condition::Template(x) => content.extend(&x.file.ids),
            Condition::Hash(x) => content.extend(&x.files.ids),
            // Metadata only, which does not change along a repository's history.
            Condition::Repo(_) => {}
            Condition::All(l) => l.0.iter().for_each(|c| c.reads(content, presence)),
            Condition::Any(l) => l.0.iter().for_each(|c| c.reads(content, presence)),
            Condition::Not(n) => n.0.reads(content, presence),
        }
    }
}
