//! Local discovery: walking folders for git repositories (bare or with a work tree) and naming them.
//!
//! Naming, deduplication and disambiguation are documented on [`discover`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use super::{RepoMeta, RepoRef};

/// Why discovery could not start: a root the user named is unusable. Problems below a root
/// (an unreadable subfolder, a broken repository) are never errors here.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: not a folder", path.display())]
    NotAFolder { path: PathBuf },
    #[error("{}: a pseudo-filesystem (such as /proc, /sys or /dev) holds no repositories", path.display())]
    PseudoFs { path: PathBuf },
    #[error("{}: cannot be read: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// How a folder looks from the outside; contents are not validated, so a broken repository
/// is still found and fails later, when it is opened, as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    WorkTree,
    Bare,
}

/// What discovery found: the repositories, what it chose to skip, and what it could not read.
#[derive(Debug, Default)]
pub struct Discovery {
    pub repos: Vec<RepoRef>,
    /// Symlinks leading outside the scanned folders, pseudo-filesystems: left out on purpose.
    pub skipped: Vec<String>,
    /// Folders below a root that could not be read: repositories there may be missed.
    pub unreadable: Vec<Unreadable>,
}

/// A folder below a root that could not be read.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Its path relative to its root, with `/`, as a repository there would be named.
    pub name: String,
    pub path: PathBuf,
    pub error: String,
}

/// File system types that hold no repositories and can be endless (`/proc`, `/sys`, ...).
const PSEUDO_FS_TYPES: &[&str] = &[
    "proc",
    "sysfs",
    "devtmpfs",
    "devpts",
    "cgroup",
    "cgroup2",
    "debugfs",
    "tracefs",
    "securityfs",
    "pstore",
    "bpf",
    "configfs",
    "fusectl",
    "mqueue",
    "hugetlbfs",
    "binfmt_misc",
    "efivarfs",
    "selinuxfs",
    "nsfs",
    "autofs",
    "rpc_pipefs",
];

/// Where discovery may go: inside the canonical roots, never into a pseudo-filesystem.
struct Bounds {
    roots: Vec<PathBuf>,
    pseudo: Vec<PathBuf>,
}

impl Bounds {
    fn new(roots: &[PathBuf]) -> Bounds {
        let mut pseudo: Vec<PathBuf> = ["/proc", "/sys", "/dev"]
            .iter()
            .map(PathBuf::from)
            .collect();
        // The mount table names every mount of a pseudo type, wherever it is mounted.
        if let Ok(text) =
            crate::input::read_limited(Path::new("/proc/self/mounts"), crate::input::CONFIG_LIMIT)
        {
            for line in text.lines() {
                let mut fields = line.split_whitespace();
                if let (Some(_), Some(at), Some(kind)) =
                    (fields.next(), fields.next(), fields.next())
                    && PSEUDO_FS_TYPES.contains(&kind)
                    && at != "/"
                {
                    pseudo.push(PathBuf::from(at.replace("\\040", " ")));
                }
            }
        }
        Bounds {
            roots: roots
                .iter()
                .filter_map(|r| fs::canonicalize(r).ok())
                .collect(),
            pseudo,
        }
    }

    fn is_pseudo(&self, canonical: &Path) -> bool {
        self.pseudo.iter().any(|p| under(canonical, p))
    }

    fn inside_roots(&self, canonical: &Path) -> bool {
        self.roots.iter().any(|r| under(canonical, r))
    }
}

/// `path` is `prefix` or below it. Every folder walked is checked against every pseudo mount (a
/// container lists dozens), so a byte comparison turns most away before the component-wise one.
fn under(path: &Path, prefix: &Path) -> bool {
    path.as_os_str()
        .as_encoded_bytes()
        .starts_with(prefix.as_os_str().as_encoded_bytes())
        && path.starts_with(prefix)
}

/// A repository as found by the walk, before deduplication.
struct Found {
    name: String,
    location: PathBuf,
    canonical: PathBuf,
    /// Reached by following a symlinked folder: such paths lose to a direct path to the same repo.
    via_symlink: bool,
    root_index: usize,
}

/// Finds the repositories under `roots`.
///
/// - A root that is itself a repository (a folder with `.git`, a dir or a gitfile; or a bare
///   repository: `HEAD`, `objects/` and `refs/`) is named after its folder (`x.git` → `x` when bare;
///   a root given as `proj/.git` is named `proj`).
/// - Any other root is searched at any depth, hidden folders included, without descending into a
///   repository or into `.git`. Symlinked folders are followed after every real folder of the root
///   has been seen, and each canonical folder is walked once, so symlink loops end and a repository
///   keeps the name of its real path when it has one. Repositories found there are named by their
///   path relative to the root with `/` separators; a bare one's last `.git` is dropped
///   (`payments/ledger.git` → `payments/ledger`).
/// - A symlinked folder is followed only when its canonical target lies inside one of the
///   roots; others are listed in `skipped`. Pseudo-filesystems (`/proc`, `/sys`, `/dev` and any
///   mount of type proc, sysfs, cgroup, ...) are never entered; given as a root, they are an error.
/// - Folders below a root that cannot be read (permissions, a dangling or looping symlink) are
///   listed in `unreadable`. A root that is missing, not a folder or unreadable is an error.
/// - The same repository reached twice (overlapping roots, symlinks) is kept once: the path
///   without symlinks wins, then the earlier root, then the smaller name.
/// - Repositories whose name matches `exclude` are dropped.
/// - Different repositories that would share a name are told apart deterministically: ordered
///   by canonical location, the first keeps the name and the others get `~2`, `~3`, …
///   (skipping any suffix that is already a name), e.g. `api` and `api~2`.
///
/// The result is sorted by name. Metadata is left empty: local repositories only have a name.
pub fn discover(roots: &[PathBuf], exclude: &GlobSet) -> Result<Discovery, DiscoverError> {
    let bounds = Bounds::new(roots);
    let mut found = Vec::new();
    let mut out = Discovery::default();
    for (root_index, root) in roots.iter().enumerate() {
        let meta = fs::metadata(root).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => DiscoverError::NotFound { path: root.clone() },
            _ => DiscoverError::Unreadable {
                path: root.clone(),
                source,
            },
        })?;
        if !meta.is_dir() {
            return Err(DiscoverError::NotAFolder { path: root.clone() });
        }
        let canonical = fs::canonicalize(root).map_err(|source| DiscoverError::Unreadable {
            path: root.clone(),
            source,
        })?;
        if bounds.is_pseudo(&canonical) {
            return Err(DiscoverError::PseudoFs { path: root.clone() });
        }
        match shape(root) {
            Some(shape) => found.push(Found {
                name: root_name(root, &canonical, shape),
                location: root.clone(),
                canonical,
                via_symlink: false,
                root_index,
            }),
            None => walk(root, canonical, root_index, &bounds, &mut found, &mut out)?,
        }
    }
    out.repos = finish(found, exclude);
    Ok(out)
}

/// A folder waiting to be looked at: its path and its name relative to the root.
struct Pending {
    path: PathBuf,
    rel: String,
    via_symlink: bool,
    /// The canonical path when the walk knows it already: a real (not symlinked) folder inside
    /// a canonical parent is that parent's canonical path joined with its name, which spares a
    /// `realpath` (a `readlink` per path component) for each of thousands of folders.
    canonical: Option<PathBuf>,
}

fn walk(
    root: &Path,
    canonical_root: PathBuf,
    root_index: usize,
    bounds: &Bounds,
    found: &mut Vec<Found>,
    out: &mut Discovery,
) -> Result<(), DiscoverError> {
    let mut visited = HashSet::from([canonical_root.clone()]);
    let mut real = Vec::new();
    let mut deferred = VecDeque::new();
    let root_pending = Pending {
        path: root.to_path_buf(),
        rel: String::new(),
        via_symlink: false,
        canonical: Some(canonical_root),
    };
    // The root's own folder must be readable; below it, unreadable folders are skipped.
    push_children(&root_pending, &mut real, &mut deferred, out).map_err(|source| {
        DiscoverError::Unreadable {
            path: root.to_path_buf(),
            source,
        }
    })?;
    // Real folders first (a stack, so depth first), then symlinked ones: a repository reachable
    // both ways is then claimed by its real path.
    while let Some(mut dir) = real.pop().or_else(|| deferred.pop_front()) {
        let known = dir.canonical.take();
        let canonical = match known.map_or_else(|| fs::canonicalize(&dir.path), Ok) {
            Ok(c) => c,
            Err(e) => {
                out.unreadable.push(unreadable(&dir, &e));
                continue;
            }
        };
        if !visited.insert(canonical.clone()) {
            continue;
        }
        if !bounds.inside_roots(&canonical) {
            out.skipped.push(format!(
                "skipped symlink {} -> {}: outside the scanned folders",
                dir.path.display(),
                canonical.display()
            ));
            continue;
        }
        if bounds.is_pseudo(&canonical) {
            out.skipped.push(format!(
                "skipped {}: a pseudo-filesystem",
                dir.path.display()
            ));
            continue;
        }
        if let Some(shape) = shape(&dir.path) {
            found.push(Found {
                name: walked_name(&dir.rel, shape),
                location: dir.path,
                canonical,
                via_symlink: dir.via_symlink,
                root_index,
            });
            continue;
        }
        // Permission problems and folders vanishing mid-walk are not fatal below the root, but
        // repositories may hide there, so each is reported.
        let dir = Pending {
            canonical: Some(canonical),
            ..dir
        };
        if let Err(e) = push_children(&dir, &mut real, &mut deferred, out) {
            out.unreadable.push(unreadable(&dir, &e));
        }
    }
    Ok(())
}

fn unreadable(dir: &Pending, e: &io::Error) -> Unreadable {
    Unreadable {
        name: dir.rel.clone(),
        path: dir.path.clone(),
        error: e.to_string(),
    }
}

/// Queues the sub-folders of `dir` in name order: real ones on `real` (reversed, so the stack
/// pops them in order), symlinked ones on `deferred`.
fn push_children(
    dir: &Pending,
    real: &mut Vec<Pending>,
    deferred: &mut VecDeque<Pending>,
    out: &mut Discovery,
) -> io::Result<()> {
    let mut children = Vec::new();
    for entry in fs::read_dir(&dir.path)? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        if name == ".git" {
            continue;
        }
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let is_link = file_type.is_symlink();
        let is_dir = if is_link {
            match fs::metadata(entry.path()) {
                Ok(m) => m.is_dir(),
                // A link that leads nowhere (dangling, a loop) may have named a folder of repos.
                Err(e) => {
                    let rel = if dir.rel.is_empty() {
                        name.to_string_lossy().into_owned()
                    } else {
                        format!("{}/{}", dir.rel, name.to_string_lossy())
                    };
                    out.unreadable.push(Unreadable {
                        name: rel,
                        path: entry.path(),
                        error: e.to_string(),
                    });
                    false
                }
            }
        } else {
            file_type.is_dir()
        };
        if is_dir {
            children.push((name, entry.path(), is_link));
        }
    }
    children.sort_by(|a, b| a.0.cmp(&b.0));
    let mut real_children = Vec::new();
    for (name, path, is_link) in children {
        let canonical = match (&dir.canonical, is_link) {
            (Some(parent), false) => Some(parent.join(&name)),
            _ => None,
        };
        let name = name.to_string_lossy();
        let rel = if dir.rel.is_empty() {
            name.into_owned()
        } else {
            format!("{}/{}", dir.rel, name)
        };
        let pending = Pending {
            path,
            rel,
            via_symlink: dir.via_symlink || is_link,
            canonical,
        };
        if is_link {
            deferred.push_back(pending);
        } else {
            real_children.push(pending);
        }
    }
    real.extend(real_children.into_iter().rev());
    Ok(())
}

/// Whether `dir` looks like a repository, from names alone.
fn shape(dir: &Path) -> Option<Shape> {
    // Any `.git` counts, even a dangling symlink or a garbage gitfile: it is meant to be a repo.
    if fs::symlink_metadata(dir.join(".git")).is_ok() {
        return Some(Shape::WorkTree);
    }
    let bare =
        dir.join("HEAD").is_file() && dir.join("objects").is_dir() && dir.join("refs").is_dir();
    bare.then_some(Shape::Bare)
}

fn strip_bare_suffix(name: &str, shape: Shape) -> &str {
    match name.strip_suffix(".git") {
        Some(stem) if shape == Shape::Bare && !stem.is_empty() => stem,
        _ => name,
    }
}

fn walked_name(rel: &str, shape: Shape) -> String {
    let (parent, last) = match rel.rsplit_once('/') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, rel),
    };
    let last = strip_bare_suffix(last, shape);
    match parent {
        Some(parent) => format!("{parent}/{last}"),
        None => last.to_string(),
    }
}

/// The name of a repository given directly as a root: its folder's name.
fn root_name(root: &Path, canonical: &Path, shape: Shape) -> String {
    // `.`, `..` and `dir/..` have no usable file name of their own.
    let own = match root.components().next_back() {
        Some(std::path::Component::Normal(name)) => Some(name),
        _ => canonical.file_name(),
    };
    let name = match own {
        // `proj/.git` given directly stands for `proj`.
        Some(name) if name == ".git" => canonical.parent().and_then(Path::file_name),
        other => other,
    };
    match name {
        Some(name) => strip_bare_suffix(&name.to_string_lossy(), shape).to_string(),
        None => canonical.display().to_string(),
    }
}

/// Deduplicates, applies `exclude`, disambiguates names and sorts.
fn finish(mut found: Vec<Found>, exclude: &GlobSet) -> Vec<RepoRef> {
    found.sort_by(|a, b| {
        (&a.canonical, a.via_symlink, a.root_index, &a.name).cmp(&(
            &b.canonical,
            b.via_symlink,
            b.root_index,
            &b.name,
        ))
    });
    found.dedup_by(|later, first| later.canonical == first.canonical);
    found.retain(|f| !exclude.is_match(&f.name));

    // Sorted by canonical location, so the first of a name keeps it.
    let mut taken: HashSet<String> = found.iter().map(|f| f.name.clone()).collect();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for f in &mut found {
        let count = seen.entry(f.name.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            continue;
        }
        let mut n = *count;
        let mut candidate = format!("{}~{n}", f.name);
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("{}~{n}", f.name);
        }
        *count = n;
        taken.insert(candidate.clone());
        f.name = candidate;
    }

    let mut repos: Vec<RepoRef> = found
        .into_iter()
        .map(|f| RepoRef {
            name: f.name,
            location: f.location,
            meta: RepoMeta::default(),
        })
        .collect();
    repos.sort_by(|a, b| a.name.cmp(&b.name));
    repos
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::process::Command;

    /// Runs `git` isolated from the machine's configuration.
    fn git(home: &Path, dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home)
            .args(["-c", "user.name=t", "-c", "user.email=t@e"])
            .args([
                "-c",
                "init.defaultBranch=main",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn init(home: &Path, path: &Path, bare: bool) {
        fs::create_dir_all(path).unwrap();
        let mut args = vec!["init", "-q"];
        if bare {
            args.push("--bare");
        }
        git(home, path, &args);
    }

    fn globs(patterns: &[&str]) -> GlobSet {
        let mut b = globset::GlobSetBuilder::new();
        for p in patterns {
            b.add(
                globset::GlobBuilder::new(p)
                    .literal_separator(true)
                    .build()
                    .unwrap(),
            );
        }
        b.build().unwrap()
    }

    /// The folder layout every case scans; see the inline comments for what each part tests.
    fn fixture() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        let org = home.join("org");
        init(home, &org.join("payments/ledger.git"), true);
        init(home, &org.join("payments/api"), false);
        // Inside a repository: never found.
        init(home, &org.join("payments/api/vendor/inner"), false);
        init(home, &org.join("payments/api/sub.git"), true);
        // Deep under a hidden folder.
        init(home, &org.join(".hidden/deep/er/x"), false);
        // Broken but repo-shaped: still found.
        fs::create_dir_all(org.join("broken")).unwrap();
        fs::write(org.join("broken/.git"), "garbage").unwrap();
        fs::create_dir_all(org.join("fakebare/objects")).unwrap();
        fs::create_dir_all(org.join("fakebare/refs")).unwrap();
        fs::write(org.join("fakebare/HEAD"), "not a ref").unwrap();
        // Not repo-shaped: HEAD without refs/.
        fs::create_dir_all(org.join("notbare/objects")).unwrap();
        fs::write(org.join("notbare/HEAD"), "ref: refs/heads/main").unwrap();
        // A symlink loop between folders.
        fs::create_dir_all(org.join("loop/a")).unwrap();
        fs::create_dir_all(org.join("loop/b")).unwrap();
        symlink("../b", org.join("loop/a/to-b")).unwrap();
        symlink("../a", org.join("loop/b/to-a")).unwrap();
        symlink("..", org.join("loop/up")).unwrap();
        // A symlinked alias of a folder already walked: no duplicates.
        symlink("payments", org.join("alias")).unwrap();
        // A symlink to repositories outside the root: skipped with a note.
        init(home, &home.join("outside/tool"), false);
        symlink("../outside", org.join("ext")).unwrap();
        symlink("../nowhere", org.join("dangling")).unwrap();
        init(home, &org.join("skip/me"), false);
        // A work tree and a bare repo that would both be named `dup/foo`.
        init(home, &org.join("dup/foo"), false);
        init(home, &org.join("dup/foo.git"), true);
        // A work tree folder ending in `.git` keeps its name.
        init(home, &org.join("odd.git"), false);
        fs::write(org.join("README"), "a file, not a folder").unwrap();
        init(home, &home.join("org2/payments/api"), false);
        t
    }

    /// What a case scans, with which excludes, and the names it must find.
    type Case<'a> = (&'a str, Vec<PathBuf>, &'a [&'a str], &'a [&'a str]);

    #[test]
    fn discovers_and_names_repositories() {
        let t = fixture();
        let home = t.path();
        let org = home.join("org");
        let all = [
            ".hidden/deep/er/x",
            "broken",
            "dup/foo",
            "dup/foo~2",
            "fakebare",
            "odd.git",
            "payments/api",
            "payments/ledger",
            "skip/me",
        ];
        let cases: &[Case] = &[
            ("a folder of repos", vec![org.clone()], &[], &all),
            (
                "excludes match names",
                vec![org.clone()],
                &["skip/*", "dup/**", "*"],
                &[".hidden/deep/er/x", "payments/api", "payments/ledger"],
            ),
            (
                "overlapping roots keep the first root's name",
                vec![org.clone(), org.join("payments")],
                &[],
                &all,
            ),
            (
                "a bare repo given directly",
                vec![org.join("payments/ledger.git")],
                &[],
                &["ledger"],
            ),
            (
                "a work tree given directly",
                vec![org.join("payments/api")],
                &[],
                &["api"],
            ),
            (
                "a .git folder given directly",
                vec![org.join("payments/api/.git")],
                &[],
                &["api"],
            ),
            (
                "a repo given as `.`-relative path",
                vec![org.join("payments/api/vendor/..")],
                &[],
                &["api"],
            ),
            (
                "same names from two roots",
                vec![org.join("payments"), home.join("org2/payments")],
                &[],
                &["api", "api~2", "ledger"],
            ),
            (
                "a symlinked root",
                vec![org.join("alias")],
                &[],
                &["api", "ledger"],
            ),
            (
                "a symlink loop without repos",
                vec![org.join("loop/a")],
                &[],
                &[],
            ),
        ];
        for (what, roots, exclude, want) in cases {
            let repos = discover(roots, &globs(exclude)).unwrap().repos;
            let names: Vec<&str> = repos.iter().map(|r| r.name.as_str()).collect();
            assert_eq!(names, *want, "{what}");
        }
    }

    #[test]
    fn locations_point_at_what_was_found() {
        let t = fixture();
        let org = t.path().join("org");
        let repos = discover(std::slice::from_ref(&org), &GlobSet::empty())
            .unwrap()
            .repos;
        let location = |name: &str| {
            repos
                .iter()
                .find(|r| r.name == name)
                .map(|r| r.location.clone())
        };
        let cases = [
            ("payments/ledger", org.join("payments/ledger.git")),
            ("payments/api", org.join("payments/api")),
            ("dup/foo", org.join("dup/foo")),
            ("dup/foo~2", org.join("dup/foo.git")),
            ("broken", org.join("broken")),
        ];
        for (name, want) in cases {
            assert_eq!(location(name), Some(want), "{name}");
        }
        assert!(repos.iter().all(|r| r.meta == RepoMeta::default()));
    }

    #[test]
    fn links_stay_inside_the_roots_and_unreadable_folders_are_reported() {
        let t = fixture();
        let home = t.path();
        let org = home.join("org");
        symlink("/", org.join("escape")).unwrap();
        let found = discover(std::slice::from_ref(&org), &GlobSet::empty()).unwrap();
        let skipped = found.skipped.join("\n");
        for link in ["ext", "escape"] {
            let want = format!("skipped symlink {} -> ", org.join(link).display());
            assert!(skipped.contains(&want), "{link}: {skipped}");
        }
        assert!(skipped.contains("outside the scanned folders"), "{skipped}");
        let unreadable: Vec<&str> = found.unreadable.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(unreadable, ["dangling"]);
        // Given both, the outside folder is a root and the link into it is followed.
        let found = discover(&[org.clone(), home.join("outside")], &GlobSet::empty()).unwrap();
        assert!(found.repos.iter().any(|r| r.name == "tool"));
        assert!(
            !found.skipped.iter().any(|s| s.contains("/ext")),
            "{:?}",
            found.skipped
        );
        for pseudo in ["/proc", "/sys", "/dev"] {
            if Path::new(pseudo).is_dir() {
                let err = discover(&[PathBuf::from(pseudo)], &GlobSet::empty()).unwrap_err();
                assert!(
                    matches!(err, DiscoverError::PseudoFs { .. }),
                    "{pseudo}: {err}"
                );
            }
        }
    }

    #[test]
    fn bad_roots_are_errors_naming_them() {
        let t = fixture();
        let org = t.path().join("org");
        let cases = [
            (org.join("missing"), "no such file or folder"),
            (org.join("README"), "not a folder"),
        ];
        for (root, want) in cases {
            let err = discover(&[org.clone(), root.clone()], &GlobSet::empty()).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains(&root.display().to_string()), "{msg}");
            assert!(msg.contains(want), "{msg}");
        }
    }

    #[test]
    fn unreadable_subfolders_are_skipped() {
        use std::os::unix::fs::PermissionsExt;
        let t = tempfile::tempdir().unwrap();
        let home = t.path();
        init(home, &home.join("org/open/a"), false);
        init(home, &home.join("org/locked/b"), false);
        let locked = home.join("org/locked");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        // Privileged users read through permissions; then the folder is simply found.
        let enforced = fs::read_dir(&locked).is_err();
        let repos = discover(&[home.join("org")], &GlobSet::empty());
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        let found = repos.unwrap();
        let names: Vec<String> = found.repos.into_iter().map(|r| r.name).collect();
        let reported: Vec<&str> = found.unreadable.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(reported, if enforced { vec!["locked"] } else { vec![] });
        let want: &[&str] = if enforced {
            &["open/a"]
        } else {
            &["locked/b", "open/a"]
        };
        assert_eq!(names, want);
    }
}
