//! The plan of one fixture folder: its `fixture.toml` and plain files turned into commits, trees
//! and refs, with every mistake reported against the fixture.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use globset::GlobSet;

use super::{
    Blobs, DAY, DEFAULT_BRANCH, DEFAULT_EPOCH, DEFAULT_IDENT, Entry, Ident, Mode, Plan,
    PlannedCommit, Target, Tree, generate_bytes, insert_entry, merge_base, remove_prefixed,
};
use crate::error::{FixtureError, invalid, io_err};
use crate::spec::{
    Broken, CommitSpec, FIXTURE_FILE, OverlayFile, RepoSpec, check_ident, compile_globs,
    list_overlay, parse_broken, parse_date, parse_size, read_repo_spec, validate_tree_path,
};

/// The repository's own plan from its fixture folder.
pub(crate) fn plan_fixture(src: &Path) -> Result<Plan, FixtureError> {
    let spec_path = src.join(FIXTURE_FILE);
    let mut spec = read_repo_spec(&spec_path)?;
    if !src.is_dir() {
        return Err(invalid(src, "not a folder"));
    }
    let f = spec_path.as_path();
    let mut plan = empty_plan(src, f, &mut spec)?;
    if spec.empty {
        check_empty(src, f, &spec, &plan)?;
        return Ok(plan);
    }
    let commits = commit_specs(&mut spec);
    let overlays = Overlays::list(src, f, &commits)?;
    let mut b = Builder {
        f,
        branch: plan.branch.clone(),
        exec: compile_globs(f, &spec.executable)?,
        labels: HashMap::new(),
        tips: HashMap::new(),
        overlays,
    };
    for (i, c) in commits.iter().enumerate() {
        b.commit(&mut plan, i, c)?;
    }
    b.finish(src, &spec, &mut plan)?;
    Ok(plan)
}

/// The plan's settings (branch, bareness, checkout, what to break), with no commits yet.
fn empty_plan(src: &Path, f: &Path, spec: &mut RepoSpec) -> Result<Plan, FixtureError> {
    let name = src.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let branch = spec.branch.take().unwrap_or_else(|| DEFAULT_BRANCH.into());
    if branch.is_empty() || branch.contains([' ', '~', '^', ':', '?', '*', '[', '\\']) {
        return Err(invalid(f, format!("`{branch}` is not a branch name")));
    }
    let bare = spec.bare.unwrap_or(name.ends_with(".git"));
    let broken = spec
        .broken
        .as_deref()
        .map(|b| parse_broken(f, b))
        .transpose()?;
    Ok(Plan {
        bare,
        branch,
        checkout: spec.checkout.unwrap_or(true) && !bare,
        broken,
        blobs: Blobs::default(),
        commits: Vec::new(),
        refs: Vec::new(),
    })
}

/// An `empty` repository describes nothing else, and can only lose its HEAD.
fn check_empty(src: &Path, f: &Path, spec: &RepoSpec, plan: &Plan) -> Result<(), FixtureError> {
    let stray = list_overlay(src, ".", &BTreeSet::from([FIXTURE_FILE.to_string()]))?;
    let has_content = !spec.commit.is_empty()
        || !spec.files.is_empty()
        || !spec.symlinks.is_empty()
        || !spec.gitlinks.is_empty()
        || !spec.generate.is_empty()
        || !spec.refs.is_empty()
        || !stray.is_empty();
    if has_content {
        return Err(invalid(
            f,
            "an `empty` repository has no commits, files or refs",
        ));
    }
    if plan
        .broken
        .as_ref()
        .is_some_and(|b| *b != Broken::GarbageHead)
    {
        return Err(invalid(f, "an empty repository has no objects to lose"));
    }
    Ok(())
}

/// The commits to make: those described, or one of the folder's files; entries given at the top
/// level belong to the last.
fn commit_specs(spec: &mut RepoSpec) -> Vec<CommitSpec> {
    let mut commits = std::mem::take(&mut spec.commit);
    if commits.is_empty() {
        commits.push(CommitSpec {
            overlay: Some(".".into()),
            message: Some("Initial commit".into()),
            ..CommitSpec::default()
        });
    }
    if let Some(last) = commits.last_mut() {
        last.files.append(&mut spec.files);
        last.symlinks.append(&mut spec.symlinks);
        last.gitlinks.append(&mut spec.gitlinks);
        last.generate.append(&mut spec.generate);
    }
    commits
}

/// The files of every overlay the commits name, and the folder's files no commit took yet.
struct Overlays {
    listings: HashMap<String, Vec<OverlayFile>>,
    unused: BTreeSet<String>,
}

impl Overlays {
    fn list(src: &Path, f: &Path, commits: &[CommitSpec]) -> Result<Self, FixtureError> {
        // Overlay folders are fixture machinery, not tree content of `.`.
        let mut overlays: BTreeSet<String> = BTreeSet::new();
        for c in commits {
            if let Some(o) = &c.overlay {
                if o != "." {
                    validate_tree_path(f, o)?;
                }
                overlays.insert(o.clone());
            }
        }
        let mut root_skip = BTreeSet::from([FIXTURE_FILE.to_string()]);
        for o in &overlays {
            if o != "." {
                root_skip.insert(o.clone());
            }
        }
        let mut listings = HashMap::new();
        for o in &overlays {
            listings.insert(o.clone(), list_overlay(src, o, &root_skip)?);
        }
        let unused = list_overlay(src, ".", &BTreeSet::from([FIXTURE_FILE.to_string()]))?
            .into_iter()
            .map(|file| file.rel)
            .collect();
        Ok(Overlays { listings, unused })
    }
}

/// "commit 3 (merge)": where in the fixture a mistake is.
fn at(i: usize, what: &str) -> String {
    format!("commit {} ({what})", i + 1)
}

/// The state of planning one fixture's commits, in order.
struct Builder<'a> {
    /// The fixture file mistakes are reported against.
    f: &'a Path,
    branch: String,
    exec: Vec<GlobSet>,
    /// Commit `id`s given so far.
    labels: HashMap<String, usize>,
    /// The last commit of each branch so far.
    tips: HashMap<String, usize>,
    overlays: Overlays,
}

impl Builder<'_> {
    fn lookup(&self, name: &str) -> Option<usize> {
        self.labels
            .get(name)
            .or_else(|| self.tips.get(name))
            .copied()
    }

    fn resolve(&self, i: usize, name: &str) -> Result<usize, FixtureError> {
        self.lookup(name).ok_or_else(|| {
            invalid(
                self.f,
                format!(
                    "{}: no earlier commit id or branch `{name}`",
                    at(i, "reference")
                ),
            )
        })
    }

    fn mode(&self, p: &str) -> Mode {
        if self.exec.iter().any(|g| g.is_match(p)) {
            Mode::Exec
        } else {
            Mode::File
        }
    }

    /// Plans commit `i` on top of what came before.
    fn commit(&mut self, plan: &mut Plan, i: usize, c: &CommitSpec) -> Result<(), FixtureError> {
        let on = c.branch.clone().unwrap_or_else(|| self.branch.clone());
        let mut parents = self.first_parent(i, c, &on)?;
        let mut tree = parents
            .first()
            .map(|&p| plan.commits[p].tree.clone())
            .unwrap_or_default();
        for m in &c.merge {
            let theirs = self.resolve(i, m)?;
            if parents.contains(&theirs) {
                return Err(invalid(
                    self.f,
                    format!("{}: `{m}` is already a parent", at(i, "merge")),
                ));
            }
            merge_into(&mut tree, plan, parents.first().copied(), theirs);
            parents.push(theirs);
        }
        for d in &c.delete {
            validate_tree_path(self.f, d)?;
            if !remove_prefixed(&mut tree, d) {
                return Err(invalid(
                    self.f,
                    format!("{}: nothing at `{d}` to delete", at(i, "delete")),
                ));
            }
        }
        self.overlay(plan, &mut tree, i, c)?;
        self.entries(plan, &mut tree, c)?;
        let planned = self.planned(i, c, on.clone(), parents, tree)?;
        plan.commits.push(planned);
        if let Some(id) = &c.id
            && self.labels.insert(id.clone(), i).is_some()
        {
            return Err(invalid(self.f, format!("commit id `{id}` is used twice")));
        }
        self.tips.insert(on, i);
        Ok(())
    }

    /// The branch's tip; for a new branch its `from`, else the default branch's tip.
    fn first_parent(&self, i: usize, c: &CommitSpec, on: &str) -> Result<Vec<usize>, FixtureError> {
        let mut parents = Vec::new();
        if let Some(&tip) = self.tips.get(on) {
            if c.from.is_some() {
                return Err(invalid(
                    self.f,
                    format!(
                        "{}: `from` only starts a new branch; `{on}` exists",
                        at(i, "from")
                    ),
                ));
            }
            parents.push(tip);
        } else if let Some(from) = &c.from {
            parents.push(self.resolve(i, from)?);
        } else if on != self.branch
            && let Some(&tip) = self.tips.get(&self.branch)
        {
            parents.push(tip);
        }
        Ok(parents)
    }

    /// Takes the files of the commit's overlay (those matching `only`, if given).
    fn overlay(
        &mut self,
        plan: &mut Plan,
        tree: &mut Tree,
        i: usize,
        c: &CommitSpec,
    ) -> Result<(), FixtureError> {
        let f = self.f;
        let Some(o) = &c.overlay else {
            if !c.only.is_empty() {
                return Err(invalid(
                    f,
                    format!("{}: `only` needs an `overlay`", at(i, "only")),
                ));
            }
            return Ok(());
        };
        let only = compile_globs(f, &c.only)?;
        let mut hit = vec![false; only.len()];
        for file in &self.overlays.listings[o] {
            let take = only.is_empty()
                || only.iter().enumerate().fold(false, |any, (k, g)| {
                    let m = g.is_match(&file.rel);
                    hit[k] |= m;
                    any || m
                });
            if !take {
                continue;
            }
            validate_tree_path(f, &file.rel)?;
            let bytes = fs::read(&file.abs).map_err(io_err(&file.abs))?;
            let mode = self.mode(&file.rel);
            let blob = plan.blobs.add(bytes);
            insert_entry(
                tree,
                &file.rel,
                Entry {
                    mode,
                    target: Target::Blob(blob),
                },
            );
            let from_repo = if o == "." {
                file.rel.clone()
            } else {
                format!("{o}/{}", file.rel)
            };
            self.overlays.unused.remove(&from_repo);
        }
        if let Some(k) = hit.iter().position(|h| !h) {
            return Err(invalid(
                f,
                format!(
                    "{}: `{}` matches no file of `{o}`",
                    at(i, "only"),
                    c.only[k]
                ),
            ));
        }
        Ok(())
    }

    /// The commit's `files`, `symlinks`, `gitlinks` and `generate` entries, in that order.
    fn entries(
        &self,
        plan: &mut Plan,
        tree: &mut Tree,
        c: &CommitSpec,
    ) -> Result<(), FixtureError> {
        let f = self.f;
        for (p, text) in &c.files {
            validate_tree_path(f, p)?;
            let mode = self.mode(p);
            let blob = plan.blobs.add(text.clone().into_bytes());
            let target = Target::Blob(blob);
            insert_entry(tree, p, Entry { mode, target });
        }
        for (p, target) in &c.symlinks {
            validate_tree_path(f, p)?;
            if target.is_empty() || target.contains('\0') {
                return Err(invalid(f, format!("symlink `{p}` needs a target")));
            }
            let blob = plan.blobs.add(target.clone().into_bytes());
            let target = Target::Blob(blob);
            insert_entry(
                tree,
                p,
                Entry {
                    mode: Mode::Link,
                    target,
                },
            );
        }
        for (p, id) in &c.gitlinks {
            validate_tree_path(f, p)?;
            if id.len() != 40 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(invalid(
                    f,
                    format!("gitlink `{p}`: `{id}` is not a 40-hex commit id"),
                ));
            }
            let target = Target::Commit(id.to_ascii_lowercase());
            insert_entry(
                tree,
                p,
                Entry {
                    mode: Mode::Gitlink,
                    target,
                },
            );
        }
        for g in &c.generate {
            validate_tree_path(f, &g.path)?;
            let size = parse_size(f, &g.size)?;
            let blob = plan
                .blobs
                .add(generate_bytes(g.kind, size, g.seed, &g.path));
            let mode = self.mode(&g.path);
            let target = Target::Blob(blob);
            insert_entry(tree, &g.path, Entry { mode, target });
        }
        Ok(())
    }

    /// The commit itself: dates, identities and message, defaulted where not given.
    fn planned(
        &self,
        i: usize,
        c: &CommitSpec,
        on: String,
        parents: Vec<usize>,
        tree: Tree,
    ) -> Result<PlannedCommit, FixtureError> {
        let f = self.f;
        let (secs, offset) = match &c.date {
            Some(v) => parse_date(f, v)?,
            None => (DEFAULT_EPOCH + i as i64 * DAY, "+0000".into()),
        };
        let author_who = c.author.clone().unwrap_or_else(|| DEFAULT_IDENT.into());
        check_ident(f, &author_who)?;
        let committer_who = c.committer.clone().unwrap_or_else(|| author_who.clone());
        check_ident(f, &committer_who)?;
        let (csecs, coffset) = match &c.committer_date {
            Some(v) => parse_date(f, v)?,
            None => (secs, offset.clone()),
        };
        let mut message = c
            .message
            .clone()
            .unwrap_or_else(|| format!("Commit {}", i + 1));
        if !message.ends_with('\n') {
            message.push('\n');
        }
        Ok(PlannedCommit {
            refname: format!("refs/heads/{on}"),
            author: Ident {
                who: author_who,
                seconds: secs,
                offset,
            },
            committer: Ident {
                who: committer_who,
                seconds: csecs,
                offset: coffset,
            },
            message,
            parents,
            tree,
        })
    }

    /// After the last commit: every file taken, the refs, and something there to break.
    fn finish(self, src: &Path, spec: &RepoSpec, plan: &mut Plan) -> Result<(), FixtureError> {
        let f = self.f;
        if let Some(file) = self.overlays.unused.iter().next() {
            return Err(invalid(
                &src.join(file),
                "this file is taken by no commit (give a commit `overlay = \".\"`, or fix `only`)",
            ));
        }
        for (r, target) in &spec.refs {
            if !r.starts_with("refs/") || r.contains([' ', '~', '^', ':', '?', '*', '[', '\\']) {
                return Err(invalid(f, format!("`{r}` is not a full ref name (refs/…)")));
            }
            let at = self.lookup(target).ok_or_else(|| {
                invalid(f, format!("ref `{r}`: no commit id or branch `{target}`"))
            })?;
            plan.refs.push((r.clone(), at));
        }
        if let Some(Broken::MissingBlob(p)) = &plan.broken {
            let head = self.tips.get(&self.branch).map(|&i| &plan.commits[i].tree);
            let is_blob = head
                .and_then(|t| t.get(p))
                .is_some_and(|e| matches!(e.target, Target::Blob(_)));
            if !is_blob {
                return Err(invalid(
                    f,
                    format!("broken: HEAD has no file `{p}` to lose"),
                ));
            }
        }
        if plan.broken.is_some()
            && plan.broken != Some(Broken::GarbageHead)
            && !plan.head_has_commit()
        {
            return Err(invalid(f, "broken: HEAD has no commit to damage"));
        }
        Ok(())
    }
}

/// Applies what `theirs` changed since the merge base with `ours` to `tree`: the merged
/// branch's changes win.
fn merge_into(tree: &mut Tree, plan: &Plan, ours: Option<usize>, theirs: usize) {
    let base = ours.and_then(|ours| merge_base(&plan.commits, ours, theirs));
    let base_tree = base
        .map(|b| plan.commits[b].tree.clone())
        .unwrap_or_default();
    let their_tree = &plan.commits[theirs].tree;
    let paths: BTreeSet<&String> = base_tree.keys().chain(their_tree.keys()).collect();
    for p in paths {
        let (b, t) = (base_tree.get(p), their_tree.get(p));
        if b != t {
            match t {
                Some(e) => insert_entry(tree, p, e.clone()),
                None => {
                    tree.remove(p);
                }
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::tests::paths;

    /// A fixture folder holding `toml` as its fixture.toml, and `files`.
    pub(crate) fn fixture(toml: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(FIXTURE_FILE), toml).expect("write fixture.toml");
        crate::walk::write_files(dir.path(), files).expect("write files");
        dir
    }

    #[test]
    fn overlays_only_and_special_entries() {
        let dir = fixture(
            r#"
executable = ["bin/*"]
[[commit]]
overlay = "_old"
[[commit]]
overlay = "."
only = ["src/**"]
[[commit]]
overlay = "."
delete = ["NOTES"]
[commit.symlinks]
"docs/README.md" = "../README.md"
[commit.gitlinks]
"vendor/lib" = "0123456789ABCDEF0123456789abcdef01234567"
"#,
            &[
                ("_old/README.md", "old\n"),
                ("_old/NOTES", "notes\n"),
                ("README.md", "# New\n"),
                ("src/main.rs", "fn main() {}\n"),
                ("bin/run", "#!/bin/sh\n"),
            ],
        );
        let plan = plan_fixture(dir.path()).expect("plan");
        let trees: Vec<Vec<(&str, Mode)>> = plan.commits.iter().map(|c| paths(&c.tree)).collect();
        assert_eq!(
            trees,
            [
                vec![("NOTES", Mode::File), ("README.md", Mode::File)],
                vec![
                    ("NOTES", Mode::File),
                    ("README.md", Mode::File),
                    ("src/main.rs", Mode::File)
                ],
                vec![
                    ("README.md", Mode::File),
                    ("bin/run", Mode::Exec),
                    ("docs/README.md", Mode::Link),
                    ("src/main.rs", Mode::File),
                    ("vendor/lib", Mode::Gitlink),
                ],
            ]
        );
        let head = &plan.commits[2].tree;
        let readme = |t: &Tree| t["README.md"].target.clone();
        assert_ne!(readme(&plan.commits[0].tree), readme(head));
        assert_eq!(
            head["vendor/lib"].target,
            Target::Commit("0123456789abcdef0123456789abcdef01234567".into())
        );
        let parents: Vec<&[usize]> = plan.commits.iter().map(|c| &c.parents[..]).collect();
        assert_eq!(parents, [&[][..], &[0], &[1]]);
        let dates: Vec<i64> = plan.commits.iter().map(|c| c.author.seconds).collect();
        assert_eq!(
            dates,
            [DEFAULT_EPOCH, DEFAULT_EPOCH + DAY, DEFAULT_EPOCH + 2 * DAY]
        );
    }

    #[test]
    fn merges_take_the_merged_branch_changes() {
        let dir = fixture(
            r#"
[[commit]]
id = "base"
[commit.files]
"a" = "1\n"
"b" = "1\n"
"gone" = "x\n"
[[commit]]
branch = "topic"
delete = ["gone"]
[commit.files]
"b" = "topic\n"
[[commit]]
[commit.files]
"a" = "main\n"
[[commit]]
merge = ["topic"]
[[commit]]
branch = "old"
from = "base"
[refs]
"refs/tags/v1" = "base"
"refs/heads/stale" = "topic"
"#,
            &[],
        );
        let plan = plan_fixture(dir.path()).expect("plan");
        let text = |c: usize, p: &str| match &plan.commits[c].tree[p].target {
            Target::Blob(b) => String::from_utf8_lossy(&plan.blobs.data[*b]).into_owned(),
            Target::Commit(id) => id.clone(),
        };
        let merge = &plan.commits[3];
        assert_eq!(merge.parents, [2, 1]);
        assert_eq!(merge.refname, "refs/heads/main");
        assert_eq!(
            (text(3, "a"), text(3, "b")),
            ("main\n".into(), "topic\n".into())
        );
        assert!(!merge.tree.contains_key("gone"));
        assert_eq!(plan.commits[4].parents, [0]);
        assert_eq!(plan.commits[4].refname, "refs/heads/old");
        assert_eq!(
            plan.refs,
            [
                ("refs/heads/stale".to_string(), 1),
                ("refs/tags/v1".to_string(), 0)
            ]
        );
    }

    #[test]
    fn mistakes_are_reported_with_the_fixture() {
        type Files = &'static [(&'static str, &'static str)];
        let cases: &[(&str, Files, &str)] = &[
            ("", &[], ""),
            ("colour = 1", &[], "unknown field `colour`"),
            (
                "[[commit]]\noverlay = \"_a\"",
                &[("_a/x", ""), ("y", "")],
                "taken by no commit",
            ),
            (
                "[[commit]]\noverlay = \".\"\nonly = [\"*.rs\"]",
                &[("x", "")],
                "matches no file",
            ),
            ("[[commit]]\ndelete = [\"nope\"]", &[], "nothing at `nope`"),
            ("[[commit]]\nauthor = \"nobody\"", &[], "Name <email>"),
            (
                "[[commit]]\nmerge = [\"ghost\"]",
                &[],
                "no earlier commit id or branch `ghost`",
            ),
            (
                "[[commit]]\n[[commit]]\nfrom = \"main\"",
                &[],
                "`from` only starts a new branch",
            ),
            ("[gitlinks]\n\"v\" = \"abc\"", &[], "not a 40-hex commit id"),
            ("[files]\n\"a/../b\" = \"\"", &[], "not a valid path"),
            ("[files]\n\".git/config\" = \"\"", &[], "not a valid path"),
            (
                "empty = true\n[files]\n\"a\" = \"\"",
                &[],
                "`empty` repository",
            ),
            (
                "broken = \"missing-blob:nope\"",
                &[("x", "")],
                "no file `nope`",
            ),
            ("broken = \"sad\"", &[], "unknown broken"),
            (
                "[refs]\n\"main\" = \"main\"",
                &[("x", "")],
                "not a full ref name",
            ),
            ("[[commit]]\ndate = \"2026-01-01\"", &[], "bad date"),
        ];
        for (toml, files, want) in cases {
            let dir = fixture(toml, files);
            let got = plan_fixture(dir.path());
            match (want.is_empty(), got) {
                (true, Ok(_)) => {}
                (true, Err(e)) => panic!("{toml:?}: unexpected error {e}"),
                (false, Ok(_)) => panic!("{toml:?}: expected an error with {want:?}"),
                (false, Err(e)) => {
                    let msg = e.to_string();
                    assert!(msg.contains(want), "{toml:?}: {msg:?} lacks {want:?}");
                    assert!(msg.contains(&dir.path().display().to_string()), "{msg}");
                }
            }
        }
    }
}
