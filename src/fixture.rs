//! Fixture repositories: plain-file descriptions under `fixtures/` built into real git
//! repositories at test time (format in `fixtures/README.md`), and the synthetic org generator
//! the benchmarks scan.
//!
//! Building is split in two: a pure *plan* (trees, commits, refs) computed from the fixture
//! folder, then one `git init` and one `git fast-import` per repository to write it. Every git
//! process runs isolated from the developer's configuration (no system or global config, `HOME`
//! pointing at an empty scratch folder, no `GIT_*` variables), so commit ids are reproducible.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use serde::Deserialize;

/// The file that marks a folder of a fixture set as one repository and describes what plain
/// files cannot say.
pub const FIXTURE_FILE: &str = "fixture.toml";

/// Bumped whenever [`build_synthetic`] would produce different repositories for the same spec,
/// so cached synthetic orgs are rebuilt.
pub const SYNTHETIC_VERSION: u32 = 1;

const DEFAULT_IDENT: &str = "Paved Fixtures <fixtures@paved.invalid>";
const DEFAULT_BRANCH: &str = "main";
/// 2026-01-01T12:00:00Z; commit `i` without a date is dated this plus `i` days.
const DEFAULT_EPOCH: i64 = 1_767_268_800;
const DAY: i64 = 86_400;

/// Why a fixture could not be built. Every variant names the fixture file, folder or
/// repository concerned.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{}: `git {args}` failed ({status}): {stderr}", repo.display())]
    Git {
        repo: PathBuf,
        args: String,
        status: String,
        stderr: String,
    },
    #[error("{}: already exists; fixtures are only built into new folders", path.display())]
    Exists { path: PathBuf },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> FixtureError + '_ {
    move |source| FixtureError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn invalid(path: &Path, message: impl Into<String>) -> FixtureError {
    FixtureError::Invalid {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Public API

/// Builds every repository of a fixture set: each folder under `src` (at any depth) that holds a
/// `fixture.toml` becomes a repository at the same relative path under `dest`. Files in folders
/// that are not repositories are an error, except directly in `src` (documentation such as
/// `EXPECTED.md`). Returns the built repositories' paths, sorted.
pub fn build_set(src: &Path, dest: &Path) -> Result<Vec<PathBuf>, FixtureError> {
    let mut found = Vec::new();
    if src.join(FIXTURE_FILE).is_file() {
        found.push(PathBuf::new());
    } else {
        find_fixture_repos(src, Path::new(""), &mut found)?;
    }
    if found.is_empty() {
        return Err(invalid(
            src,
            format!("no repository found (no folder holds a {FIXTURE_FILE})"),
        ));
    }
    let plans = found
        .iter()
        .map(|rel| {
            let from = src.join(rel);
            plan_fixture(&from).map(|plan| (from, plan))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let env = GitEnv::new()?;
    let mut built = plans
        .par_iter()
        .zip(found.par_iter())
        .map(|((_, plan), rel)| {
            let to = if rel.as_os_str().is_empty() {
                dest.join(src.file_name().unwrap_or_default())
            } else {
                dest.join(rel)
            };
            execute(plan, &to, &env).map(|()| to)
        })
        .collect::<Result<Vec<_>, _>>()?;
    built.sort();
    Ok(built)
}

/// Runs `git -C repo <args>` isolated from the machine's git configuration, as the builder does,
/// with a fixed identity; for tests that change a built repository. Returns stdout.
pub fn git(repo: &Path, args: &[&str]) -> Result<String, FixtureError> {
    let env = GitEnv::new()?;
    let mut full: Vec<&std::ffi::OsStr> = vec!["-C".as_ref(), repo.as_os_str()];
    full.extend(
        [
            "-c",
            "user.name=paved-test",
            "-c",
            "user.email=test@paved.invalid",
        ]
        .map(std::ffi::OsStr::new),
    );
    full.extend(args.iter().map(std::ffi::OsStr::new));
    env.run(repo, &full)
        .map(|out| String::from_utf8_lossy(&out).into_owned())
}

/// Builds the one repository described by the folder `src` (its `fixture.toml` is optional:
/// without one, the folder's files become a single commit) at `dest/<name of src>`, and returns
/// that path. A name ending in `.git` makes a bare repository.
pub fn build_repo(src: &Path, dest: &Path) -> Result<PathBuf, FixtureError> {
    let name = src
        .file_name()
        .ok_or_else(|| invalid(src, "a fixture repository needs a folder name"))?;
    let plan = plan_fixture(src)?;
    let env = GitEnv::new()?;
    let to = dest.join(name);
    execute(&plan, &to, &env)?;
    Ok(to)
}

/// A synthetic organisation for benchmarks: `repos` repositories, everything about them
/// derived from `seed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Synthetic {
    pub repos: usize,
    pub seed: u64,
}

/// Generates the synthetic org `spec` under `dest` (in parallel) and returns the repositories'
/// paths, sorted. Repositories are `<team>/<name>` (about one in ten bare, `<name>.git`), with
/// 20 to 2,000 files each, two commits, and a realistic spread of the files the basics pack
/// looks at. Non-bare repositories are not checked out: scanners read objects only.
pub fn build_synthetic(spec: &Synthetic, dest: &Path) -> Result<Vec<PathBuf>, FixtureError> {
    let env = GitEnv::new()?;
    let mut built = (0..spec.repos)
        .into_par_iter()
        .map(|i| {
            let (rel, plan) = synthetic::plan(spec.seed, i);
            let to = dest.join(rel);
            execute(&plan, &to, &env).map(|()| to)
        })
        .collect::<Result<Vec<_>, _>>()?;
    built.sort();
    Ok(built)
}

fn find_fixture_repos(
    root: &Path,
    rel: &Path,
    found: &mut Vec<PathBuf>,
) -> Result<(), FixtureError> {
    let dir = root.join(rel);
    for entry in read_dir_sorted(&dir)? {
        let path = dir.join(&entry);
        let meta = fs::symlink_metadata(&path).map_err(io_err(&path))?;
        let child = rel.join(&entry);
        if meta.is_dir() {
            if entry == ".git" {
                return Err(invalid(&path, "fixtures must not contain a .git folder"));
            }
            if path.join(FIXTURE_FILE).is_file() {
                found.push(child);
            } else {
                find_fixture_repos(root, &child, found)?;
            }
        } else if !rel.as_os_str().is_empty() {
            return Err(invalid(
                &path,
                format!(
                    "a file in a folder that is not a repository; \
                     add a {FIXTURE_FILE} to the folder that should be one"
                ),
            ));
        }
    }
    Ok(())
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<String>, FixtureError> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let name = entry.file_name();
        let name = name
            .to_str()
            .ok_or_else(|| invalid(&entry.path(), "file names must be UTF-8"))?;
        names.push(name.to_string());
    }
    names.sort();
    Ok(names)
}

// ---------------------------------------------------------------------------------------------
// fixture.toml

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RepoSpec {
    /// Free text for people reading the fixture; the builder ignores it.
    #[serde(rename = "description")]
    _description: Option<String>,
    bare: Option<bool>,
    branch: Option<String>,
    checkout: Option<bool>,
    empty: bool,
    broken: Option<String>,
    executable: Vec<String>,
    files: BTreeMap<String, String>,
    symlinks: BTreeMap<String, String>,
    gitlinks: BTreeMap<String, String>,
    generate: Vec<GenerateSpec>,
    refs: BTreeMap<String, String>,
    commit: Vec<CommitSpec>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct CommitSpec {
    id: Option<String>,
    branch: Option<String>,
    from: Option<String>,
    merge: Vec<String>,
    date: Option<toml::Value>,
    author: Option<String>,
    committer: Option<String>,
    committer_date: Option<toml::Value>,
    message: Option<String>,
    overlay: Option<String>,
    only: Vec<String>,
    delete: Vec<String>,
    files: BTreeMap<String, String>,
    symlinks: BTreeMap<String, String>,
    gitlinks: BTreeMap<String, String>,
    generate: Vec<GenerateSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct GenerateSpec {
    path: String,
    size: toml::Value,
    #[serde(default)]
    kind: GenKind,
    #[serde(default)]
    seed: u64,
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum GenKind {
    #[default]
    Text,
    Binary,
}

// ---------------------------------------------------------------------------------------------
// The plan: what a repository will hold, independent of how it is written.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    File,
    Exec,
    Link,
    Gitlink,
}

impl Mode {
    fn octal(self) -> &'static str {
        match self {
            Mode::File => "100644",
            Mode::Exec => "100755",
            Mode::Link => "120000",
            Mode::Gitlink => "160000",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Target {
    /// Index into the plan's blobs.
    Blob(usize),
    /// A submodule's commit id (40 hex digits).
    Commit(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    mode: Mode,
    target: Target,
}

type Tree = BTreeMap<String, Entry>;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Ident {
    /// `Name <email>`.
    who: String,
    seconds: i64,
    /// `+hhmm` / `-hhmm`, as git writes it.
    offset: String,
}

#[derive(Clone, Debug)]
struct PlannedCommit {
    refname: String,
    author: Ident,
    committer: Ident,
    message: String,
    parents: Vec<usize>,
    tree: Tree,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Broken {
    GarbageHead,
    MissingTree,
    MissingCommit,
    MissingBlob(String),
}

#[derive(Debug, Default)]
struct Blobs {
    data: Vec<Vec<u8>>,
    by_hash: HashMap<u64, Vec<usize>>,
}

impl Blobs {
    /// Same content, same blob: merges compare entries, and equal entries must be equal.
    fn add(&mut self, bytes: Vec<u8>) -> usize {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        let key = h.finish();
        let slot = self.by_hash.entry(key).or_default();
        if let Some(&i) = slot.iter().find(|&&i| self.data[i] == bytes) {
            return i;
        }
        self.data.push(bytes);
        slot.push(self.data.len() - 1);
        self.data.len() - 1
    }
}

#[derive(Debug)]
struct Plan {
    bare: bool,
    branch: String,
    checkout: bool,
    broken: Option<Broken>,
    blobs: Blobs,
    commits: Vec<PlannedCommit>,
    refs: Vec<(String, usize)>,
}

impl Plan {
    fn head_has_commit(&self) -> bool {
        let head = format!("refs/heads/{}", self.branch);
        self.commits.iter().any(|c| c.refname == head)
    }
}

fn validate_tree_path(file: &Path, p: &str) -> Result<(), FixtureError> {
    let bad = p.is_empty()
        || p.starts_with('/')
        || p.ends_with('/')
        || p.contains(['\n', '\0', '\\'])
        || p.split('/')
            .any(|c| c.is_empty() || c == "." || c == ".." || c.eq_ignore_ascii_case(".git"));
    if bad {
        return Err(invalid(
            file,
            format!("`{p}` is not a valid path in a git tree"),
        ));
    }
    Ok(())
}

/// Puts `entry` at `path`, replacing what a file system would: a file where a folder was
/// (and the folder's content), or a folder where a file was.
fn insert_entry(tree: &mut Tree, path: &str, entry: Entry) {
    let mut at = 0;
    while let Some(i) = path[at..].find('/') {
        tree.remove(&path[..at + i]);
        at += i + 1;
    }
    remove_prefixed(tree, path);
    tree.insert(path.to_string(), entry);
}

/// Removes `path` and everything under it; true when something was there.
fn remove_prefixed(tree: &mut Tree, path: &str) -> bool {
    let removed = tree.remove(path).is_some();
    let prefix = format!("{path}/");
    let under: Vec<String> = tree
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, _)| k.clone())
        .collect();
    for k in &under {
        tree.remove(k);
    }
    removed || !under.is_empty()
}

fn compile_globs(file: &Path, globs: &[String]) -> Result<Vec<GlobSet>, FixtureError> {
    globs
        .iter()
        .map(|g| {
            let glob = GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|e| invalid(file, format!("bad glob `{g}`: {e}")))?;
            let mut set = GlobSetBuilder::new();
            set.add(glob);
            set.build()
                .map_err(|e| invalid(file, format!("bad glob `{g}`: {e}")))
        })
        .collect()
}

/// Parses an RFC 3339 date with an explicit offset (`2026-03-02T10:15:00+05:30`, or `Z`),
/// given as a TOML datetime or a string.
fn parse_date(file: &Path, v: &toml::Value) -> Result<(i64, String), FixtureError> {
    let text = match v {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(invalid(
                file,
                format!(
                    "a date must be an RFC 3339 date-time, not {}",
                    other.type_str()
                ),
            ));
        }
    };
    let bad = |why: &str| invalid(file, format!("bad date `{text}`: {why}"));
    let ts: jiff::Timestamp = text.parse().map_err(|e: jiff::Error| {
        bad(&format!("{e} (an offset such as Z or +01:00 is required)"))
    })?;
    let offset = if text.ends_with(['Z', 'z']) {
        "+0000".to_string()
    } else {
        let tail = text.get(text.len().saturating_sub(6)..).unwrap_or("");
        let b = tail.as_bytes();
        let ok = b.len() == 6
            && (b[0] == b'+' || b[0] == b'-')
            && b[3] == b':'
            && [1, 2, 4, 5].iter().all(|&i| b[i].is_ascii_digit());
        if !ok {
            return Err(bad("the offset must be Z or ±hh:mm"));
        }
        format!("{}{}", &tail[..3], &tail[4..])
    };
    let secs = ts.as_second();
    if secs < 0 {
        return Err(bad("dates before 1970 cannot be written"));
    }
    Ok((secs, offset))
}

fn parse_size(file: &Path, v: &toml::Value) -> Result<usize, FixtureError> {
    let bad = || {
        invalid(
            file,
            format!("bad size {v}: use bytes or e.g. \"1.5MiB\", \"512KiB\""),
        )
    };
    match v {
        toml::Value::Integer(n) => usize::try_from(*n).map_err(|_| bad()),
        toml::Value::String(s) => {
            let s = s.trim();
            let (num, mult) = [
                ("GiB", 1u64 << 30),
                ("MiB", 1 << 20),
                ("KiB", 1 << 10),
                ("B", 1),
            ]
            .iter()
            .find_map(|(suffix, m)| s.strip_suffix(suffix).map(|n| (n.trim(), *m)))
            .unwrap_or((s, 1));
            let n: f64 = num.parse().map_err(|_| bad())?;
            if !(0.0..=(4u64 << 30) as f64).contains(&n) {
                return Err(bad());
            }
            Ok((n * mult as f64).round() as usize)
        }
        _ => Err(bad()),
    }
}

fn check_ident(file: &Path, who: &str) -> Result<(), FixtureError> {
    let ok = who.contains(" <")
        && who.ends_with('>')
        && who.matches('<').count() == 1
        && !who.contains('\n');
    if !ok {
        return Err(invalid(
            file,
            format!("`{who}` is not of the form `Name <email>`"),
        ));
    }
    Ok(())
}

fn parse_broken(file: &Path, s: &str) -> Result<Broken, FixtureError> {
    Ok(match s {
        "garbage-head" => Broken::GarbageHead,
        "missing-tree" => Broken::MissingTree,
        "missing-commit" => Broken::MissingCommit,
        _ => match s.strip_prefix("missing-blob:") {
            Some(p) => {
                validate_tree_path(file, p)?;
                Broken::MissingBlob(p.to_string())
            }
            None => {
                return Err(invalid(
                    file,
                    format!(
                        "unknown broken `{s}`: use garbage-head, missing-tree, \
                         missing-commit or missing-blob:PATH"
                    ),
                ));
            }
        },
    })
}

/// Deterministic generated content: text lines, or binary bytes with a NUL up front so every
/// binary detector agrees.
fn generate_bytes(kind: GenKind, size: usize, seed: u64, path: &str) -> Vec<u8> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut h);
    let mut rng = SplitMix(seed ^ h.finish());
    let mut out = Vec::with_capacity(size);
    match kind {
        GenKind::Binary => {
            while out.len() < size {
                out.extend_from_slice(&rng.next().to_le_bytes());
            }
            out.truncate(size);
            if size > 1 {
                out[1] = 0;
            }
        }
        GenKind::Text => {
            let mut line = 1u64;
            while out.len() < size {
                let w = synthetic::WORDS;
                let text = format!(
                    "{line:07} {} {} {} {} {}\n",
                    w[rng.below(w.len())],
                    w[rng.below(w.len())],
                    w[rng.below(w.len())],
                    rng.next() % 100_000,
                    w[rng.below(w.len())]
                );
                out.extend_from_slice(text.as_bytes());
                line += 1;
            }
            out.truncate(size);
            if let Some(last) = out.last_mut() {
                *last = b'\n';
            }
        }
    }
    out
}

/// splitmix64: tiny, fast and good enough for fixture content; stable across platforms and
/// versions, unlike std's hashers' seeding.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

struct OverlayFile {
    rel: String,
    abs: PathBuf,
}

/// Lists the regular files under `dir`, relative to it, skipping `skip` (paths relative to
/// the repository folder).
fn list_overlay(
    repo_dir: &Path,
    overlay: &str,
    skip: &BTreeSet<String>,
) -> Result<Vec<OverlayFile>, FixtureError> {
    let base = if overlay == "." {
        repo_dir.to_path_buf()
    } else {
        repo_dir.join(overlay)
    };
    if !base.is_dir() {
        return Err(invalid(
            &repo_dir.join(FIXTURE_FILE),
            format!("overlay `{overlay}` is not a folder of the fixture"),
        ));
    }
    let mut out = Vec::new();
    let mut stack = vec![String::new()];
    while let Some(rel_dir) = stack.pop() {
        let dir = if rel_dir.is_empty() {
            base.clone()
        } else {
            base.join(&rel_dir)
        };
        for name in read_dir_sorted(&dir)? {
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            let from_repo = if overlay == "." {
                rel.clone()
            } else {
                format!("{overlay}/{rel}")
            };
            if skip.contains(&from_repo) {
                continue;
            }
            let abs = dir.join(&name);
            let meta = fs::symlink_metadata(&abs).map_err(io_err(&abs))?;
            if name.eq_ignore_ascii_case(".git") {
                return Err(invalid(
                    &abs,
                    "fixtures must not contain .git; build it instead",
                ));
            }
            if meta.file_type().is_symlink() {
                return Err(invalid(
                    &abs,
                    "a symlink in a fixture folder; describe it under [symlinks] in fixture.toml",
                ));
            }
            if meta.is_dir() {
                stack.push(rel);
            } else {
                out.push(OverlayFile { rel, abs });
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// The repository's own plan from its fixture folder.
fn plan_fixture(src: &Path) -> Result<Plan, FixtureError> {
    let spec_path = src.join(FIXTURE_FILE);
    let mut spec: RepoSpec = if spec_path.is_file() {
        let text = fs::read_to_string(&spec_path).map_err(io_err(&spec_path))?;
        toml::from_str(&text).map_err(|e| invalid(&spec_path, e.to_string()))?
    } else {
        RepoSpec::default()
    };
    if !src.is_dir() {
        return Err(invalid(src, "not a folder"));
    }
    let f = spec_path.as_path();
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
    let mut plan = Plan {
        bare,
        branch: branch.clone(),
        checkout: spec.checkout.unwrap_or(true) && !bare,
        broken,
        blobs: Blobs::default(),
        commits: Vec::new(),
        refs: Vec::new(),
    };

    let mut root_skip = BTreeSet::from([FIXTURE_FILE.to_string()]);
    if spec.empty {
        let stray = list_overlay(src, ".", &root_skip)?;
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
        return Ok(plan);
    }

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

    // Overlay folders are fixture machinery, not tree content of `.`.
    let mut overlays: BTreeSet<String> = BTreeSet::new();
    for c in &commits {
        if let Some(o) = &c.overlay {
            if o != "." {
                validate_tree_path(f, o)?;
            }
            overlays.insert(o.clone());
        }
    }
    let mut listings: HashMap<String, Vec<OverlayFile>> = HashMap::new();
    let mut unused: BTreeSet<String> = BTreeSet::new();
    for o in &overlays {
        if o != "." {
            root_skip.insert(o.clone());
        }
    }
    for o in &overlays {
        let files = list_overlay(src, o, &root_skip)?;
        listings.insert(o.clone(), files);
    }
    for file in list_overlay(src, ".", &BTreeSet::from([FIXTURE_FILE.to_string()]))? {
        unused.insert(file.rel);
    }
    let exec = compile_globs(f, &spec.executable)?;
    let is_exec = |p: &str| exec.iter().any(|g| g.is_match(p));

    let mut labels: HashMap<String, usize> = HashMap::new();
    let mut tips: HashMap<String, usize> = HashMap::new();
    for (i, c) in commits.iter().enumerate() {
        let at = |what: &str| format!("commit {} ({what})", i + 1);
        let on = c.branch.clone().unwrap_or_else(|| branch.clone());
        let resolve = |name: &str| -> Result<usize, FixtureError> {
            labels
                .get(name)
                .or_else(|| tips.get(name))
                .copied()
                .ok_or_else(|| {
                    invalid(
                        f,
                        format!(
                            "{}: no earlier commit id or branch `{name}`",
                            at("reference")
                        ),
                    )
                })
        };
        let mut parents = Vec::new();
        if let Some(&tip) = tips.get(&on) {
            if c.from.is_some() {
                return Err(invalid(
                    f,
                    format!(
                        "{}: `from` only starts a new branch; `{on}` exists",
                        at("from")
                    ),
                ));
            }
            parents.push(tip);
        } else if let Some(from) = &c.from {
            parents.push(resolve(from)?);
        } else if on != branch
            && let Some(&tip) = tips.get(&branch)
        {
            parents.push(tip);
        }
        let mut tree = parents
            .first()
            .map(|&p| plan.commits[p].tree.clone())
            .unwrap_or_default();
        for m in &c.merge {
            let theirs = resolve(m)?;
            if parents.contains(&theirs) {
                return Err(invalid(
                    f,
                    format!("{}: `{m}` is already a parent", at("merge")),
                ));
            }
            let base = parents
                .first()
                .and_then(|&ours| merge_base(&plan.commits, ours, theirs));
            let base_tree = base
                .map(|b| plan.commits[b].tree.clone())
                .unwrap_or_default();
            let their_tree = &plan.commits[theirs].tree;
            let paths: BTreeSet<&String> = base_tree.keys().chain(their_tree.keys()).collect();
            for p in paths {
                let (b, t) = (base_tree.get(p), their_tree.get(p));
                if b != t {
                    match t {
                        Some(e) => insert_entry(&mut tree, p, e.clone()),
                        None => {
                            tree.remove(p);
                        }
                    }
                }
            }
            parents.push(theirs);
        }
        for d in &c.delete {
            validate_tree_path(f, d)?;
            if !remove_prefixed(&mut tree, d) {
                return Err(invalid(
                    f,
                    format!("{}: nothing at `{d}` to delete", at("delete")),
                ));
            }
        }
        if let Some(o) = &c.overlay {
            let only = compile_globs(f, &c.only)?;
            let mut hit = vec![false; only.len()];
            for file in &listings[o] {
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
                let mode = if is_exec(&file.rel) {
                    Mode::Exec
                } else {
                    Mode::File
                };
                let blob = plan.blobs.add(bytes);
                insert_entry(
                    &mut tree,
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
                unused.remove(&from_repo);
            }
            if let Some(k) = hit.iter().position(|h| !h) {
                return Err(invalid(
                    f,
                    format!("{}: `{}` matches no file of `{o}`", at("only"), c.only[k]),
                ));
            }
        } else if !c.only.is_empty() {
            return Err(invalid(
                f,
                format!("{}: `only` needs an `overlay`", at("only")),
            ));
        }
        for (p, text) in &c.files {
            validate_tree_path(f, p)?;
            let mode = if is_exec(p) { Mode::Exec } else { Mode::File };
            let blob = plan.blobs.add(text.clone().into_bytes());
            insert_entry(
                &mut tree,
                p,
                Entry {
                    mode,
                    target: Target::Blob(blob),
                },
            );
        }
        for (p, target) in &c.symlinks {
            validate_tree_path(f, p)?;
            if target.is_empty() || target.contains('\0') {
                return Err(invalid(f, format!("symlink `{p}` needs a target")));
            }
            let blob = plan.blobs.add(target.clone().into_bytes());
            insert_entry(
                &mut tree,
                p,
                Entry {
                    mode: Mode::Link,
                    target: Target::Blob(blob),
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
                &mut tree,
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
            let mode = if is_exec(&g.path) {
                Mode::Exec
            } else {
                Mode::File
            };
            insert_entry(
                &mut tree,
                &g.path,
                Entry {
                    mode,
                    target: Target::Blob(blob),
                },
            );
        }

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
        plan.commits.push(PlannedCommit {
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
        });
        if let Some(id) = &c.id
            && labels.insert(id.clone(), i).is_some()
        {
            return Err(invalid(f, format!("commit id `{id}` is used twice")));
        }
        tips.insert(on, i);
    }
    if let Some(file) = unused.iter().next() {
        return Err(invalid(
            &src.join(file),
            "this file is taken by no commit (give a commit `overlay = \".\"`, or fix `only`)",
        ));
    }
    for (r, target) in &spec.refs {
        if !r.starts_with("refs/") || r.contains([' ', '~', '^', ':', '?', '*', '[', '\\']) {
            return Err(invalid(f, format!("`{r}` is not a full ref name (refs/…)")));
        }
        let at = labels
            .get(target)
            .or_else(|| tips.get(target))
            .copied()
            .ok_or_else(|| invalid(f, format!("ref `{r}`: no commit id or branch `{target}`")))?;
        plan.refs.push((r.clone(), at));
    }
    if let Some(Broken::MissingBlob(p)) = &plan.broken {
        let head = tips.get(&branch).map(|&i| &plan.commits[i].tree);
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
    if plan.broken.is_some() && plan.broken != Some(Broken::GarbageHead) && !plan.head_has_commit()
    {
        return Err(invalid(f, "broken: HEAD has no commit to damage"));
    }
    Ok(plan)
}

/// The first common ancestor found walking back from `theirs`, breadth first: the true merge
/// base for the simple histories fixtures describe.
fn merge_base(commits: &[PlannedCommit], ours: usize, theirs: usize) -> Option<usize> {
    let mut mine = BTreeSet::new();
    let mut queue = VecDeque::from([ours]);
    while let Some(c) = queue.pop_front() {
        if mine.insert(c) {
            queue.extend(commits[c].parents.iter().copied());
        }
    }
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([theirs]);
    while let Some(c) = queue.pop_front() {
        if mine.contains(&c) {
            return Some(c);
        }
        if seen.insert(c) {
            queue.extend(commits[c].parents.iter().copied());
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Writing a plan with git

/// Runs git isolated from the developer's configuration and environment.
struct GitEnv {
    home: PathBuf,
}

static SCRATCH: AtomicU64 = AtomicU64::new(0);

impl GitEnv {
    fn new() -> Result<Self, FixtureError> {
        let tmp = std::env::temp_dir();
        loop {
            let n = SCRATCH.fetch_add(1, Ordering::Relaxed);
            let home = tmp.join(format!("paved-fixture-home-{}-{n}", std::process::id()));
            match fs::create_dir(&home) {
                Ok(()) => return Ok(GitEnv { home }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(FixtureError::Io {
                        path: home,
                        source: e,
                    });
                }
            }
        }
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new("git");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GIT_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", &self.home)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            // A stable working directory: the caller's may have been deleted (a rebuild
            // replacing the folder a shell stands in), and git refuses to start there.
            .current_dir(&self.home)
            .args([
                "-c",
                "commit.gpgSign=false",
                "-c",
                "tag.gpgSign=false",
                "-c",
                "core.autocrlf=false",
                "-c",
                "core.symlinks=true",
                "-c",
                "gc.auto=0",
            ])
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `git <args>` and returns its stdout.
    fn run(&self, repo: &Path, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, FixtureError> {
        let out = self
            .command()
            .args(args)
            .output()
            .map_err(io_err(Path::new("git")))?;
        if !out.status.success() {
            return Err(git_failure(repo, args, &out.status, &out.stderr));
        }
        Ok(out.stdout)
    }
}

impl Drop for GitEnv {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.home);
    }
}

fn git_failure(
    repo: &Path,
    args: &[&std::ffi::OsStr],
    status: &std::process::ExitStatus,
    stderr: &[u8],
) -> FixtureError {
    FixtureError::Git {
        repo: repo.to_path_buf(),
        args: args
            .iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        status: status.to_string(),
        stderr: String::from_utf8_lossy(stderr).trim().to_string(),
    }
}

fn execute(plan: &Plan, repo: &Path, env: &GitEnv) -> Result<(), FixtureError> {
    // git runs in a scratch folder, so it must be given absolute paths.
    let repo = &std::path::absolute(repo).map_err(io_err(repo))?;
    if fs::symlink_metadata(repo).is_ok() {
        let empty_dir = fs::read_dir(repo).is_ok_and(|mut d| d.next().is_none());
        if !empty_dir {
            return Err(FixtureError::Exists {
                path: repo.to_path_buf(),
            });
        }
    }
    let parent = repo.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_err(parent))?;
    let git_dir = if plan.bare {
        repo.to_path_buf()
    } else {
        repo.join(".git")
    };
    let branch_arg = format!("--initial-branch={}", plan.branch);
    let mut init: Vec<&std::ffi::OsStr> =
        vec!["init".as_ref(), "--quiet".as_ref(), "--template=".as_ref()];
    if plan.bare {
        init.push("--bare".as_ref());
    }
    init.push(branch_arg.as_ref());
    init.push(repo.as_os_str());
    env.run(repo, &init)?;

    let git_dir_arg = {
        let mut s = std::ffi::OsString::from("--git-dir=");
        s.push(&git_dir);
        s
    };
    if !plan.commits.is_empty() {
        import(plan, repo, &git_dir_arg, env)?;
    }
    if plan.checkout && plan.head_has_commit() {
        let mut wt = std::ffi::OsString::from("--work-tree=");
        wt.push(repo);
        env.run(
            repo,
            &[
                git_dir_arg.as_os_str(),
                wt.as_os_str(),
                "read-tree".as_ref(),
                "--reset".as_ref(),
                "-u".as_ref(),
                "HEAD".as_ref(),
            ],
        )?;
    }
    let rev = match &plan.broken {
        None => return Ok(()),
        Some(Broken::GarbageHead) => {
            let head = git_dir.join("HEAD");
            fs::write(&head, b"\x00\x01 garbage, not a ref\n").map_err(io_err(&head))?;
            return Ok(());
        }
        Some(Broken::MissingTree) => "HEAD^{tree}".to_string(),
        Some(Broken::MissingCommit) => "HEAD".to_string(),
        Some(Broken::MissingBlob(p)) => format!("HEAD:{p}"),
    };
    let out = env.run(
        repo,
        &[
            git_dir_arg.as_os_str(),
            "rev-parse".as_ref(),
            "--verify".as_ref(),
            rev.as_ref(),
        ],
    )?;
    let id = String::from_utf8_lossy(&out).trim().to_string();
    let (dir, file) = id.split_at(2.min(id.len()));
    let object = git_dir.join("objects").join(dir).join(file);
    // fast-import ran with an unpack limit above the object count, so the object is loose and
    // removing its file loses it.
    fs::remove_file(&object).map_err(io_err(&object))?;
    Ok(())
}

fn import(
    plan: &Plan,
    repo: &Path,
    git_dir_arg: &std::ffi::OsStr,
    env: &GitEnv,
) -> Result<(), FixtureError> {
    let objects = plan.blobs.data.len() + plan.commits.len() * 8 + 16;
    let unpack = format!(
        "fastimport.unpackLimit={}",
        if plan.broken.is_some() { objects } else { 100 }
    );
    let args: Vec<&std::ffi::OsStr> = vec![
        "-c".as_ref(),
        unpack.as_ref(),
        git_dir_arg,
        "fast-import".as_ref(),
        "--quiet".as_ref(),
        "--done".as_ref(),
        "--date-format=raw".as_ref(),
    ];
    let mut child = env
        .command()
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(io_err(Path::new("git")))?;
    let written = match child.stdin.take() {
        Some(stdin) => {
            let mut w = BufWriter::with_capacity(1 << 20, stdin);
            write_stream(plan, &mut w).and_then(|()| w.flush())
        }
        None => Ok(()),
    };
    let out = child.wait_with_output().map_err(io_err(repo))?;
    if !out.status.success() {
        return Err(git_failure(repo, &args, &out.status, &out.stderr));
    }
    written.map_err(io_err(repo))
}

/// C-style quoting, which fast-import accepts for every path.
fn quote_path(p: &str) -> String {
    let mut q = String::with_capacity(p.len() + 2);
    q.push('"');
    for ch in p.chars() {
        match ch {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\t' => q.push_str("\\t"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn write_stream(plan: &Plan, w: &mut impl Write) -> io::Result<()> {
    for (i, blob) in plan.blobs.data.iter().enumerate() {
        write!(w, "blob\nmark :{}\ndata {}\n", i + 1, blob.len())?;
        w.write_all(blob)?;
        w.write_all(b"\n")?;
    }
    let commit_mark = |i: usize| plan.blobs.data.len() + i + 1;
    for (i, c) in plan.commits.iter().enumerate() {
        writeln!(w, "commit {}\nmark :{}", c.refname, commit_mark(i))?;
        let a = &c.author;
        writeln!(w, "author {} {} {}", a.who, a.seconds, a.offset)?;
        let m = &c.committer;
        writeln!(w, "committer {} {} {}", m.who, m.seconds, m.offset)?;
        writeln!(w, "data {}", c.message.len())?;
        w.write_all(c.message.as_bytes())?;
        if let Some((&first, rest)) = c.parents.split_first() {
            writeln!(w, "from :{}", commit_mark(first))?;
            for &p in rest {
                writeln!(w, "merge :{}", commit_mark(p))?;
            }
        }
        writeln!(w, "deleteall")?;
        for (path, e) in &c.tree {
            match &e.target {
                Target::Blob(b) => {
                    writeln!(w, "M {} :{} {}", e.mode.octal(), b + 1, quote_path(path))?
                }
                Target::Commit(id) => {
                    writeln!(w, "M {} {id} {}", e.mode.octal(), quote_path(path))?
                }
            }
        }
        writeln!(w)?;
    }
    for (r, c) in &plan.refs {
        writeln!(w, "reset {r}\nfrom :{}\n", commit_mark(*c))?;
    }
    writeln!(w, "done")
}

// ---------------------------------------------------------------------------------------------
// The synthetic org

mod synthetic {
    use super::*;

    pub(super) const WORDS: &[&str] = &[
        "account", "balance", "config", "deploy", "event", "handler", "invoice", "ledger",
        "metric", "order", "payment", "queue", "record", "request", "schema", "service", "session",
        "token", "update", "user", "value", "worker", "cache", "client", "error", "index", "limit",
        "merge", "parse", "retry", "shard", "stream", "table", "timeout",
    ];

    const TEAMS: &[&str] = &[
        "payments", "platform", "web", "data", "mobile", "identity", "search", "growth", "infra",
        "security", "ml", "support",
    ];
    const KINDS: &[&str] = &["svc", "lib", "app", "tool", "api", "worker"];

    #[derive(Clone, Copy)]
    enum Lang {
        Rust,
        Node,
        Python,
        Go,
    }

    impl Lang {
        fn ext(self) -> &'static str {
            match self {
                Lang::Rust => "rs",
                Lang::Node => "ts",
                Lang::Python => "py",
                Lang::Go => "go",
            }
        }
        fn src(self) -> &'static str {
            match self {
                Lang::Rust => "src",
                Lang::Node => "src",
                Lang::Python => "app",
                Lang::Go => "internal",
            }
        }
    }

    fn code(rng: &mut SplitMix, lang: Lang) -> Vec<u8> {
        let lines = 4 + rng.below(40);
        let mut s = String::new();
        for _ in 0..lines {
            let (a, b, c) = (
                WORDS[rng.below(WORDS.len())],
                WORDS[rng.below(WORDS.len())],
                WORDS[rng.below(WORDS.len())],
            );
            let n = rng.next() % 1000;
            let line = match lang {
                Lang::Rust => format!("    let {a}_{b} = {c}::new({n}).{a}()?;\n"),
                Lang::Node => format!("  const {a}{n} = await {b}.{c}({n});\n"),
                Lang::Python => format!("    {a}_{b} = self.{c}({n})\n"),
                Lang::Go => format!("\t{a}{b}, err := {c}.Get({n})\n"),
            };
            s.push_str(&line);
        }
        s.into_bytes()
    }

    /// Repository `i` of the org seeded `seed`: its path under the org folder and its plan.
    /// Each repository has its own random stream, so repositories can be built in any order.
    pub(super) fn plan(seed: u64, i: usize) -> (String, Plan) {
        let mut rng = SplitMix(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        rng.next();
        let team = TEAMS[rng.below(TEAMS.len())];
        let kind = KINDS[rng.below(KINDS.len())];
        let bare = rng.chance(0.1);
        let name = format!("{kind}-{i:05}{}", if bare { ".git" } else { "" });
        let lang = match rng.below(100) {
            0..30 => Lang::Rust,
            30..60 => Lang::Node,
            60..85 => Lang::Python,
            _ => Lang::Go,
        };
        // Log-uniform between 20 and 2,000 files: most repos are small, a few are big.
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        let target = (20f64.ln() + u * (2000f64.ln() - 20f64.ln())).exp().round() as usize;

        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let slug = format!("{team}-{kind}-{i}");
        let license_in_manifest = rng.chance(0.15);
        let lic = if license_in_manifest {
            "Apache-2.0"
        } else {
            ""
        };
        match lang {
            Lang::Rust => {
                let l = if lic.is_empty() {
                    String::new()
                } else {
                    format!("license = \"{lic}\"\n")
                };
                files.push(("Cargo.toml".into(), format!(
                    "[package]\nname = \"{slug}\"\nversion = \"0.{}.0\"\nedition = \"2021\"\n{l}\n[dependencies]\nserde = \"1\"\ntokio = {{ version = \"1\", features = [\"full\"] }}\n",
                    rng.below(20)).into_bytes()));
                files.push((
                    "Cargo.lock".into(),
                    generate_bytes(GenKind::Text, 2000 + rng.below(40_000), i as u64, "lock"),
                ));
            }
            Lang::Node => {
                let l = if lic.is_empty() {
                    String::new()
                } else {
                    format!("  \"license\": \"{lic}\",\n")
                };
                files.push(("package.json".into(), format!(
                    "{{\n  \"name\": \"@acme/{slug}\",\n  \"version\": \"1.{}.0\",\n{l}  \"scripts\": {{ \"test\": \"vitest\" }},\n  \"dependencies\": {{ \"express\": \"^4.19.0\" }}\n}}\n",
                    rng.below(20)).into_bytes()));
            }
            Lang::Python => {
                let l = if lic.is_empty() {
                    String::new()
                } else {
                    format!("license = \"{lic}\"\n")
                };
                files.push(("pyproject.toml".into(), format!(
                    "[project]\nname = \"{slug}\"\nversion = \"0.{}.0\"\n{l}dependencies = [\"httpx>=0.27\"]\n",
                    rng.below(20)).into_bytes()));
                if rng.chance(0.5) {
                    files.push((
                        "requirements.txt".into(),
                        b"httpx==0.27.0\npydantic==2.7.1\n".to_vec(),
                    ));
                }
            }
            Lang::Go => {
                files.push((
                    "go.mod".into(),
                    format!("module github.com/acme/{slug}\n\ngo 1.22\n").into_bytes(),
                ));
            }
        }
        if rng.chance(0.9) {
            let body = if rng.chance(0.85) {
                format!("# {slug}\n\nOwned by the {team} team.\n")
            } else {
                format!(
                    "{slug}\n{}\n\nOwned by the {team} team.\n",
                    "=".repeat(slug.len())
                )
            };
            files.push(("README.md".into(), body.into_bytes()));
        } else if rng.chance(0.5) {
            files.push((
                "README.rst".into(),
                format!("{slug}\n{}\n", "=".repeat(slug.len())).into_bytes(),
            ));
        }
        if !license_in_manifest && rng.chance(0.7) {
            let name = ["LICENSE", "LICENSE.md", "COPYING", "LICENSE-APACHE"][rng.below(4)];
            files.push((
                name.into(),
                generate_bytes(GenKind::Text, 1000 + rng.below(10_000), 7, "license"),
            ));
        }
        if rng.chance(0.6) {
            let catch_all = rng.chance(0.8);
            let body = if catch_all {
                format!("* @acme/{team}\n/docs/ @acme/docs\n")
            } else {
                format!("/src/ @acme/{team}\n")
            };
            let at = [
                "CODEOWNERS",
                ".github/CODEOWNERS",
                ".github/CODEOWNERS",
                "docs/CODEOWNERS",
            ][rng.below(4)];
            files.push((at.into(), body.into_bytes()));
        }
        if rng.chance(0.3) {
            files.push((
                "SECURITY.md".into(),
                b"# Security\n\nReport to security@acme.example.\n".to_vec(),
            ));
        } else if rng.chance(0.07) {
            files.push((
                ".well-known/security.txt".into(),
                b"Contact: mailto:security@acme.example\n".to_vec(),
            ));
        }
        if rng.chance(0.6) {
            for w in 0..1 + rng.below(4) {
                let name = ["ci", "release", "lint", "deploy"][w];
                let ext = if rng.chance(0.2) { "yaml" } else { "yml" };
                let body = format!(
                    "name: {name}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  {name}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make {name}\n"
                );
                files.push((format!(".github/workflows/{name}.{ext}"), body.into_bytes()));
            }
        } else if rng.chance(0.3) {
            let (at, body) = if rng.chance(0.5) {
                (".gitlab-ci.yml", "test:\n  script: make test\n")
            } else {
                (
                    "Jenkinsfile",
                    "pipeline { agent any\n stages { stage('test') { steps { sh 'make test' } } } }\n",
                )
            };
            files.push((at.into(), body.as_bytes().to_vec()));
        }
        if rng.chance(0.35) {
            let eco = match lang {
                Lang::Rust => "cargo",
                Lang::Node => "npm",
                Lang::Python => "pip",
                Lang::Go => "gomod",
            };
            files.push((".github/dependabot.yml".into(), format!(
                "version: 2\nupdates:\n  - package-ecosystem: {eco}\n    directory: /\n    schedule:\n      interval: weekly\n").into_bytes()));
        } else if rng.chance(0.25) {
            files.push((
                "renovate.json".into(),
                b"{\n  \"extends\": [\"config:recommended\"]\n}\n".to_vec(),
            ));
        }
        if rng.chance(0.3) {
            files.push((
                "Dockerfile".into(),
                b"FROM debian:bookworm-slim\nCOPY . /app\n".to_vec(),
            ));
        }
        // Fill up with source, tests and docs in nested folders of 5 to 30 files.
        let src = lang.src();
        let mut dir = String::new();
        let mut left_in_dir = 0;
        let mut n = 0;
        while files.len() < target {
            if left_in_dir == 0 {
                let depth = 1 + rng.below(3);
                let top = match rng.below(10) {
                    0 => "docs",
                    1 | 2 => "tests",
                    _ => src,
                };
                dir = top.to_string();
                for _ in 1..depth {
                    dir.push('/');
                    dir.push_str(WORDS[rng.below(WORDS.len())]);
                }
                left_in_dir = 5 + rng.below(26);
            }
            left_in_dir -= 1;
            n += 1;
            let word = WORDS[rng.below(WORDS.len())];
            let (path, body) = if dir.starts_with("docs") {
                (
                    format!("{dir}/{word}_{n}.md"),
                    format!("## {word}\n\nNotes on {word}.\n").into_bytes(),
                )
            } else {
                (
                    format!("{dir}/{word}_{n}.{}", lang.ext()),
                    code(&mut rng, lang),
                )
            };
            files.push((path, body));
        }

        let mut plan = Plan {
            bare,
            branch: DEFAULT_BRANCH.into(),
            checkout: false,
            broken: None,
            blobs: Blobs::default(),
            commits: Vec::new(),
            refs: Vec::new(),
        };
        // Two commits: most of the files first, then the rest plus a changed README.
        let first_len = files.len() * 7 / 10;
        let mut tree = Tree::new();
        let day = DEFAULT_EPOCH + rng.below(200) as i64 * DAY;
        for (k, (path, body)) in files.iter().enumerate() {
            if k == first_len {
                plan.commits.push(synthetic_commit(
                    &plan.commits,
                    tree.clone(),
                    day,
                    "Initial import",
                ));
            }
            let blob = plan.blobs.add(body.clone());
            insert_entry(
                &mut tree,
                path,
                Entry {
                    mode: Mode::File,
                    target: Target::Blob(blob),
                },
            );
        }
        if let Some(readme) = tree.get_mut("README.md") {
            let mut body = files
                .iter()
                .find(|(p, _)| p == "README.md")
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            body.extend_from_slice(b"\nSee docs/ for more.\n");
            readme.target = Target::Blob(plan.blobs.add(body));
        }
        plan.commits.push(synthetic_commit(
            &plan.commits,
            tree,
            day + 3 * DAY,
            "Add the rest",
        ));
        (format!("{team}/{name}"), plan)
    }

    fn synthetic_commit(
        done: &[PlannedCommit],
        tree: Tree,
        secs: i64,
        message: &str,
    ) -> PlannedCommit {
        let who = Ident {
            who: DEFAULT_IDENT.into(),
            seconds: secs,
            offset: "+0000".into(),
        };
        PlannedCommit {
            refname: format!("refs/heads/{DEFAULT_BRANCH}"),
            author: who.clone(),
            committer: who,
            message: format!("{message}\n"),
            parents: if done.is_empty() {
                vec![]
            } else {
                vec![done.len() - 1]
            },
            tree,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(toml: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(FIXTURE_FILE), toml).expect("write fixture.toml");
        for (path, text) in files {
            let p = dir.path().join(path);
            fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            fs::write(p, text).expect("write file");
        }
        dir
    }

    fn paths(tree: &Tree) -> Vec<(&str, Mode)> {
        tree.iter().map(|(p, e)| (p.as_str(), e.mode)).collect()
    }

    #[test]
    fn dates_keep_instant_and_offset() {
        let f = Path::new("fixture.toml");
        let cases: &[(&str, Option<(i64, &str)>)] = &[
            ("2026-01-01T00:00:00Z", Some((1_767_225_600, "+0000"))),
            ("2026-01-01T05:30:00+05:30", Some((1_767_225_600, "+0530"))),
            ("2025-12-31T16:00:00-08:00", Some((1_767_225_600, "-0800"))),
            ("2026-01-01T00:00:00", None),
            ("yesterday", None),
        ];
        for (text, want) in cases {
            let got = parse_date(f, &toml::Value::String((*text).into()));
            match want {
                Some((secs, off)) => {
                    let (s, o) = got.unwrap_or_else(|e| panic!("{text}: {e}"));
                    assert_eq!((s, o.as_str()), (*secs, *off), "{text}");
                }
                None => assert!(got.is_err(), "{text} should not parse"),
            }
        }
        let doc: toml::Table = toml::from_str("d = 2026-03-02T10:15:00+01:00").expect("toml");
        let (secs, off) = parse_date(f, &doc["d"]).expect("toml datetime");
        assert_eq!((secs, off.as_str()), (1_772_442_900, "+0100"));
    }

    #[test]
    fn sizes() {
        let f = Path::new("fixture.toml");
        let cases: &[(toml::Value, Option<usize>)] = &[
            (toml::Value::Integer(10), Some(10)),
            (toml::Value::String("1.5MiB".into()), Some(1_572_864)),
            (toml::Value::String("24KiB".into()), Some(24_576)),
            (toml::Value::String("7 B".into()), Some(7)),
            (toml::Value::Integer(-1), None),
            (toml::Value::String("big".into()), None),
        ];
        for (v, want) in cases {
            assert_eq!(parse_size(f, v).ok(), *want, "{v}");
        }
    }

    #[test]
    fn generated_content() {
        let bin = generate_bytes(GenKind::Binary, 5000, 1, "a.bin");
        assert_eq!((bin.len(), bin[1]), (5000, 0));
        assert_eq!(bin, generate_bytes(GenKind::Binary, 5000, 1, "a.bin"));
        assert_ne!(bin, generate_bytes(GenKind::Binary, 5000, 2, "a.bin"));
        let text = generate_bytes(GenKind::Text, 3000, 0, "a.csv");
        assert_eq!(text.len(), 3000);
        assert!(!text.contains(&0) && text.ends_with(b"\n"));
    }

    #[test]
    fn writing_a_path_replaces_like_a_file_system() {
        let blob = |b| Entry {
            mode: Mode::File,
            target: Target::Blob(b),
        };
        let mut tree = Tree::new();
        insert_entry(&mut tree, "a/b", blob(0));
        insert_entry(&mut tree, "a/c/d", blob(1));
        insert_entry(&mut tree, "ab", blob(2));
        insert_entry(&mut tree, "a", blob(3));
        assert_eq!(paths(&tree), [("a", Mode::File), ("ab", Mode::File)]);
        insert_entry(&mut tree, "a/x", blob(4));
        assert_eq!(paths(&tree), [("a/x", Mode::File), ("ab", Mode::File)]);
        assert!(remove_prefixed(&mut tree, "a"));
        assert!(!remove_prefixed(&mut tree, "a"));
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

    #[test]
    fn the_stream_is_fast_import_syntax() {
        let dir = fixture(
            r#"
[[commit]]
date = 2026-01-01T01:00:00+01:00
author = "A <a@x>"
message = "one"
[commit.files]
"a b" = "hi\n"
[commit.symlinks]
"l" = "a b"
"#,
            &[],
        );
        let plan = plan_fixture(dir.path()).expect("plan");
        let mut out = Vec::new();
        write_stream(&plan, &mut out).expect("write");
        let want = "blob\nmark :1\ndata 3\nhi\n\nblob\nmark :2\ndata 3\na b\n\
                    commit refs/heads/main\nmark :3\n\
                    author A <a@x> 1767225600 +0100\ncommitter A <a@x> 1767225600 +0100\n\
                    data 4\none\ndeleteall\nM 100644 :1 \"a b\"\nM 120000 :2 \"l\"\n\ndone\n";
        assert_eq!(String::from_utf8_lossy(&out), want);
    }

    #[test]
    fn synthetic_repos_are_deterministic_and_varied() {
        let n = 300;
        let mut with_workflows = 0;
        let mut bare = 0;
        let mut sizes = Vec::new();
        for i in 0..n {
            let (name, plan) = synthetic::plan(7, i);
            let head = &plan.commits.last().expect("commits").tree;
            if i < 20 {
                let (name2, plan2) = synthetic::plan(7, i);
                assert_eq!(name, name2);
                assert_eq!(head, &plan2.commits.last().expect("commits").tree);
            }
            assert_eq!(plan.commits.len(), 2);
            sizes.push(head.len());
            if head.keys().any(|p| p.starts_with(".github/workflows/")) {
                with_workflows += 1;
            }
            if plan.bare {
                bare += 1;
                assert!(name.ends_with(".git"), "{name}");
            }
        }
        assert!(sizes.iter().all(|&s| (20..=2000).contains(&s)), "{sizes:?}");
        assert!(sizes.iter().filter(|&&s| s > 500).count() > n / 10);
        assert!(sizes.iter().filter(|&&s| s < 100).count() > n / 4);
        assert!(
            (n * 50 / 100..n * 70 / 100).contains(&with_workflows),
            "{with_workflows}"
        );
        assert!((n * 5 / 100..n * 15 / 100).contains(&bare), "{bare}");
        assert_ne!(synthetic::plan(7, 0).0, synthetic::plan(8, 0).0);
    }
}
