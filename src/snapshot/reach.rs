//! Folder reachability: which folders some glob could match a path inside, so neither a scan
//! nor a trend reads the trees of the others.

/// Which folders some glob could match a path inside: the tree walk and the trend's tracker
/// do not read the others.
/// Conservative: a glob it cannot take apart may match anywhere.
pub struct Reach {
    /// Some glob may match inside any folder (one it cannot take apart, or one opening with
    /// `**`): every folder is reached, and nothing needs matching.
    anywhere: bool,
    /// The globs of more than one component (one name alone matches nothing inside a folder),
    /// each once.
    globs: Vec<Vec<Component>>,
    /// The most components of any of `globs`: folder names deeper than that are never looked at.
    depth: usize,
}

enum Component {
    /// `**`: any number of folders.
    Any,
    Name(globset::GlobMatcher),
}

impl Reach {
    /// From the scan's globs (pattern, case-insensitive); an unknown one could match anywhere.
    pub fn new<'a>(globs: impl Iterator<Item = Option<(&'a str, bool)>>) -> Reach {
        let mut reach = Reach {
            anywhere: false,
            globs: Vec::new(),
            depth: 0,
        };
        // Every folder of every repository is asked about: keep only the globs that can
        // answer yes, and stop matching at all when one answers yes everywhere.
        let mut seen = std::collections::HashSet::new();
        for g in globs {
            if reach.anywhere {
                break;
            }
            if g.is_some_and(|key| !seen.insert(key)) {
                continue;
            }
            match g.and_then(|(pattern, ci)| Self::parse(pattern, ci)) {
                None => reach.anywhere = true,
                Some(c) => match c.first() {
                    Some(Component::Any) => reach.anywhere = true,
                    Some(Component::Name(_)) if c.len() > 1 => {
                        reach.depth = reach.depth.max(c.len());
                        reach.globs.push(c)
                    }
                    _ => {}
                },
            }
        }
        reach
    }

    fn parse(pattern: &str, ci: bool) -> Option<Vec<Component>> {
        let pattern = match pattern.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => pattern,
        };
        let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
        if pattern.is_empty() || pattern.contains('\\') {
            return None;
        }
        // A separator inside `{...}` or `[...]` spans components: give up.
        let mut depth = 0i32;
        for c in pattern.chars() {
            match c {
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                '/' if depth != 0 => return None,
                _ => {}
            }
        }
        pattern
            .split('/')
            .map(|part| {
                if part == "**" {
                    return Some(Component::Any);
                }
                globset::GlobBuilder::new(part)
                    .literal_separator(true)
                    .case_insensitive(ci)
                    .empty_alternates(true)
                    .build()
                    .ok()
                    .map(|g| Component::Name(g.compile_matcher()))
            })
            .collect()
    }

    /// Whether some glob may match a path strictly inside folder `dir`.
    pub fn inside(&self, dir: &str) -> bool {
        if self.anywhere {
            return true;
        }
        // One candidate per folder name, shared by every glob (building one is most of a match),
        // and none for names deeper than the longest glob reaches.
        let parts: Vec<globset::Candidate> = dir
            .split('/')
            .take(self.depth)
            .map(globset::Candidate::new)
            .collect();
        self.globs.iter().any(|g| reaches(g, &parts))
    }
}

fn reaches(components: &[Component], dir: &[globset::Candidate]) -> bool {
    match (components.first(), dir.first()) {
        (None, _) => false,
        (Some(Component::Any), _) => true,
        (Some(_), None) => true,
        (Some(Component::Name(m)), Some(d)) => {
            m.is_match_candidate(d) && reaches(&components[1..], &dir[1..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::GlobTable;
    use crate::snapshot::{Entry, EntryKind};
    use gix::ObjectId;
    use proptest::collection::vec;
    use proptest::prelude::*;

    /// Glob components people write, and some that cross components or escape.
    fn glob_part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "**", "*", "?", "a", "B", "b*", "*.rs", "?b", "{a,b}", "{a/b,c}", "[ab]", "[a/b]",
            ".github", "src", "a\\*", "{,a}", "*a*",
        ])
    }

    fn path_part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a", "b", "ab", "A", "c", "x.rs", "a.rs", ".github", "src", "*", "{a,b}",
        ])
    }

    /// A path and every folder above it, as a snapshot lists them.
    fn entries(path: &[&str]) -> Vec<Entry> {
        let id = ObjectId::null(gix::hash::Kind::Sha1);
        let mut out: Vec<Entry> = (1..=path.len())
            .map(|k| Entry {
                path: path[..k].join("/"),
                kind: if k == path.len() {
                    EntryKind::File
                } else {
                    EntryKind::Dir
                },
                id,
                symlink: None,
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    proptest! {
        /// Pruning never hides a match: every folder above a path some glob matches is one
        /// `Reach` says a glob may match inside.
        #[test]
        fn pruning_never_hides_a_match(
            parts in vec(glob_part(), 1..5),
            dir in any::<bool>(),
            dot in any::<bool>(),
            ci in any::<bool>(),
            path in vec(path_part(), 1..6),
        ) {
            let mut pattern = parts.join("/");
            if dot {
                pattern.insert_str(0, "./");
            }
            if dir {
                pattern.push('/');
            }
            let mut table = GlobTable::default();
            let Ok(id) = table.add(&pattern, ci) else {
                return Ok(());
            };
            table.compile().unwrap();
            let reach = Reach::new(std::iter::once(table.pattern(id)));
            let entries = entries(&path);
            let matches = table.match_entries(&entries);
            for (_, found) in matches.nonempty() {
                for &i in found {
                    let hit: Vec<&str> = entries[i as usize].path.split('/').collect();
                    for k in 1..hit.len() {
                        let folder = hit[..k].join("/");
                        prop_assert!(
                            reach.inside(&folder),
                            "{pattern:?} matches {} but {folder:?} is pruned",
                            entries[i as usize].path
                        );
                    }
                }
            }
        }
    }
}
