//! Bare mirrors of a forge's repositories with gix: clone the missing ones, fetch the others (the
//! default branch and tags only), in parallel over a bounded number of connections.
//!
//! Safety properties, each relied on by `scan --org`:
//! - The token travels only in memory, as an `Authorization` header of the HTTP transport, and
//!   only to the forge's own host; it is never in a URL, in a mirror's config, in the state file
//!   or in an error message.
//! - A clone is built in `.paved-tmp/` and renamed into place when complete; a fetch writes its
//!   pack before it moves refs, so an interrupted sync leaves every mirror usable.
//! - Nothing is deleted: a repository renamed upstream has its mirror moved to the new name, a
//!   repository no longer listed is reported and left on disk.
//!
//! Layout of a mirror folder: `<name>.git` per repository, `.paved-mirrors.json` (which
//! repository id has which name, to recognise renames), `.paved-tmp/` (clones in progress) and
//! `.paved-sync.lock` (an OS file lock, so two syncs never share a folder; it dies with its
//! process, so a killed sync never blocks the next one).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use gix::bstr::ByteSlice;
use serde::{Deserialize, Serialize};

use super::RepoRef;
use super::github::{Repo, Token, is_loopback_host, scrub, valid_name};

const STATE_FILE: &str = ".paved-mirrors.json";
const TMP_DIR: &str = ".paved-tmp";
const LOCK_FILE: &str = ".paved-sync.lock";
const STATE_VERSION: u32 = 1;

/// How a sync runs.
#[derive(Clone, Debug)]
pub struct MirrorOptions {
    /// The folder holding one owner's mirrors.
    pub dir: PathBuf,
    /// Repositories synced at once (each one HTTP connection at a time).
    pub jobs: usize,
    pub token: Option<Token>,
    /// The only host the token is sent to (the forge's); a clone URL elsewhere fails.
    pub token_host: Option<String>,
    /// Where the token comes from, named when a server asks for one and none was given.
    pub token_hint: String,
    /// Attempts per repository when a clone or fetch meets a transient fault, the first included.
    pub attempts: u32,
    /// The first pause after such a fault; doubled after each further one.
    pub backoff: Duration,
    /// Recorded in the state file, so a folder is not reused for another server.
    pub api_url: String,
}

/// What happened to one mirror.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Cloned,
    Fetched,
    Unchanged,
}

/// One repository's sync: where its mirror is and what happened, or why it failed.
#[derive(Clone, Debug)]
pub struct Synced {
    pub repo: Repo,
    pub location: PathBuf,
    pub outcome: Result<Action, RepoSyncError>,
}

impl Synced {
    /// The repository to scan: named `owner/name`, with the API's metadata.
    pub fn repo_ref(&self) -> RepoRef {
        RepoRef {
            name: self.repo.full_name.clone(),
            location: self.location.clone(),
            meta: self.repo.meta(),
        }
    }
}

/// A repository whose name changed upstream since the last sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renamed {
    pub from: String,
    pub to: String,
    /// Whether the old mirror was moved to the new name (not when the new name was taken).
    pub moved: bool,
}

/// Everything a sync did, in the order of the repositories given.
#[derive(Clone, Debug)]
pub struct SyncReport {
    pub dir: PathBuf,
    pub repos: Vec<Synced>,
    pub renamed: Vec<Renamed>,
    /// Mirror folders (`name.git`) of repositories the listing no longer has: deleted upstream,
    /// renamed before paved tracked them, or not visible with this token. Left on disk.
    pub not_listed: Vec<String>,
}

impl SyncReport {
    pub fn count(&self, action: Action) -> usize {
        self.repos
            .iter()
            .filter(|s| s.outcome.as_ref().is_ok_and(|a| *a == action))
            .count()
    }

    pub fn failed(&self) -> usize {
        self.repos.iter().filter(|s| s.outcome.is_err()).count()
    }

    /// `12 repos: 3 cloned, 2 fetched, 7 unchanged, 1 failed`.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} repos: {} cloned, {} fetched, {} unchanged",
            self.repos.len(),
            self.count(Action::Cloned),
            self.count(Action::Fetched),
            self.count(Action::Unchanged)
        );
        if self.failed() > 0 {
            s.push_str(&format!(", {} failed", self.failed()));
        }
        if !self.renamed.is_empty() {
            s.push_str(&format!(", {} renamed upstream", self.renamed.len()));
        }
        if !self.not_listed.is_empty() {
            s.push_str(&format!(", {} no longer listed", self.not_listed.len()));
        }
        s
    }
}

/// What a sync reports while it runs.
#[derive(Debug)]
pub enum MirrorEvent<'a> {
    /// A transient fault; the repository is tried again after `wait`.
    Retrying {
        repo: &'a str,
        attempt: u32,
        wait: Duration,
        error: &'a str,
    },
    /// A repository is done, well or not.
    Done(&'a Synced),
}

/// Why one repository's mirror could not be cloned or fetched; the message has the token
/// scrubbed, and the repository (`owner/name`) is kept for context.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RepoSyncError {
    #[error("{message}")]
    Failed { repo: String, message: String },
    #[error("internal error: the sync worker stopped")]
    WorkerStopped { repo: String },
}

/// Why a sync could not run at all. A single repository's failure is not one of these: it is
/// that repository's `outcome`.
#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {message}", path.display())]
    State { path: PathBuf, message: String },
    #[error("{}: another paved sync is using this mirror folder", path.display())]
    Busy { path: PathBuf },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> MirrorError + '_ {
    move |source| MirrorError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Which repository id has which mirror, so a rename upstream is recognised.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    version: u32,
    owner: String,
    api_url: String,
    repos: BTreeMap<u64, StateRepo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StateRepo {
    name: String,
    default_branch: Option<String>,
}

fn load_state(dir: &Path) -> Result<Option<State>, MirrorError> {
    let path = dir.join(STATE_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(&path)(e)),
    };
    let state: State = serde_json::from_str(&text).map_err(|e| MirrorError::State {
        path: path.clone(),
        message: format!("not a paved mirror state file: {e}"),
    })?;
    if state.version != STATE_VERSION {
        return Err(MirrorError::State {
            path,
            message: format!("state version {} is not {STATE_VERSION}", state.version),
        });
    }
    Ok(Some(state))
}

fn save_state(dir: &Path, state: &State) -> Result<(), MirrorError> {
    let path = dir.join(STATE_FILE);
    let text = serde_json::to_string_pretty(state).map_err(|e| MirrorError::State {
        path: path.clone(),
        message: e.to_string(),
    })?;
    crate::atomic::write_file(&path, |w| w.write_all((text + "\n").as_bytes())).map_err(|e| {
        MirrorError::State {
            path: path.clone(),
            message: e.to_string(),
        }
    })
}

fn mirror_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.git"))
}

/// Syncs the mirrors of `selected` (a subset of `listed`, the owner's full listing, which tells
/// a repository that is gone from one that was filtered out) into `opts.dir`.
pub fn sync(
    owner: &str,
    listed: &[Repo],
    selected: &[Repo],
    opts: &MirrorOptions,
    events: &(dyn Fn(MirrorEvent<'_>) + Sync),
) -> Result<SyncReport, MirrorError> {
    let dir = &opts.dir;
    let lock = lock_folder(dir)?;
    let tmp = dir.join(TMP_DIR);
    // Left by an interrupted run: only ever half-built clones, never a mirror.
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
    }
    fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;

    let mut state = match load_state(dir)? {
        Some(s) if !s.owner.eq_ignore_ascii_case(owner) => {
            return Err(MirrorError::State {
                path: dir.join(STATE_FILE),
                message: format!(
                    "this folder holds the mirrors of {}, not {owner}; give another --mirror",
                    s.owner
                ),
            });
        }
        Some(s) => s,
        None => State {
            version: STATE_VERSION,
            owner: owner.to_string(),
            api_url: opts.api_url.clone(),
            repos: BTreeMap::new(),
        },
    };
    state.api_url = opts.api_url.clone();

    let renamed = follow_renames(dir, listed, &state)?;
    let repos = sync_all(selected, opts, &tmp, events);
    let not_listed = remember(dir, listed, &mut state)?;
    save_state(dir, &state)?;
    let _ = fs::remove_dir(&tmp);
    drop(lock);
    Ok(SyncReport {
        dir: dir.clone(),
        repos,
        renamed,
        not_listed,
    })
}

/// Creates the mirror folder and takes its lock, held until the returned file is dropped.
fn lock_folder(dir: &Path) -> Result<fs::File, MirrorError> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let lock_path = dir.join(LOCK_FILE);
    let lock = fs::File::create(&lock_path).map_err(io_err(&lock_path))?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(fs::TryLockError::WouldBlock) => Err(MirrorError::Busy {
            path: dir.to_path_buf(),
        }),
        Err(fs::TryLockError::Error(e)) => Err(io_err(&lock_path)(e)),
    }
}

/// Syncs every selected repository on `opts.jobs` threads; the results keep `selected`'s order.
fn sync_all(
    selected: &[Repo],
    opts: &MirrorOptions,
    tmp: &Path,
    events: &(dyn Fn(MirrorEvent<'_>) + Sync),
) -> Vec<Synced> {
    let results: Vec<Mutex<Option<Synced>>> = selected.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = opts.jobs.clamp(1, selected.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(repo) = selected.get(i) else { break };
                    let synced = sync_one(repo, opts, tmp, events);
                    events(MirrorEvent::Done(&synced));
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(synced);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .zip(selected)
        .map(|(slot, repo)| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| Synced {
                repo: repo.clone(),
                location: mirror_path(&opts.dir, &repo.name),
                outcome: Err(RepoSyncError::WorkerStopped {
                    repo: repo.full_name.clone(),
                }),
            })
        })
        .collect()
}

/// Records in `state` every mirror that exists now, forgetting ids whose mirror is gone, and
/// returns the mirrors (`name.git`) of repositories no longer listed.
fn remember(dir: &Path, listed: &[Repo], state: &mut State) -> Result<Vec<String>, MirrorError> {
    let listed_ids: HashMap<u64, &Repo> = listed.iter().map(|r| (r.id, r)).collect();
    state
        .repos
        .retain(|_, r| mirror_path(dir, &r.name).is_dir());
    for r in listed {
        if mirror_path(dir, &r.name).is_dir() {
            state.repos.insert(
                r.id,
                StateRepo {
                    name: r.name.clone(),
                    default_branch: r.default_branch.clone(),
                },
            );
        }
    }
    let listed_names: BTreeSet<&str> = listed.iter().map(|r| r.name.as_str()).collect();
    let mut not_listed = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".git")) else {
            continue;
        };
        if entry.path().is_dir() && !listed_names.contains(name) {
            not_listed.push(format!("{name}.git"));
        }
    }
    not_listed.sort();
    state.repos.retain(|id, r| {
        listed_ids.contains_key(id) || not_listed.contains(&format!("{}.git", r.name))
    });
    Ok(not_listed)
}

/// Moves the mirror of each repository whose id had another name at the last sync, unless the
/// new name is already taken (then both stay, and it is reported).
fn follow_renames(dir: &Path, listed: &[Repo], state: &State) -> Result<Vec<Renamed>, MirrorError> {
    let mut out = Vec::new();
    for r in listed {
        let Some(old) = state.repos.get(&r.id) else {
            continue;
        };
        if old.name == r.name || !valid_name(&old.name) {
            continue;
        }
        let from = mirror_path(dir, &old.name);
        if !from.is_dir() {
            continue;
        }
        let to = mirror_path(dir, &r.name);
        let moved = !to.exists();
        if moved {
            fs::rename(&from, &to).map_err(io_err(&from))?;
        }
        out.push(Renamed {
            from: format!("{}/{}", r.owner, old.name),
            to: r.full_name.clone(),
            moved,
        });
    }
    Ok(out)
}

/// A failed clone or fetch: the message (token scrubbed) and whether trying again may help.
struct Failure {
    message: String,
    retryable: bool,
}

impl Failure {
    fn permanent(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            retryable: false,
        }
    }

    fn from_gix(context: &str, e: &gix::Error) -> Failure {
        Failure {
            message: format!("{context}: {}", crate::diag::error_chain(e)),
            retryable: e.can_retry_lenient(),
        }
    }
}

fn sync_one(
    repo: &Repo,
    opts: &MirrorOptions,
    tmp: &Path,
    events: &(dyn Fn(MirrorEvent<'_>) + Sync),
) -> Synced {
    let location = mirror_path(&opts.dir, &repo.name);
    let mut attempt = 0;
    let outcome = loop {
        attempt += 1;
        let auth = Auth {
            token: opts.token.as_ref(),
            hint: &opts.token_hint,
        };
        let result = check_url(repo, auth.token, opts.token_host.as_deref()).and_then(|()| {
            if location.exists() {
                fetch_existing(&location, repo, auth)
            } else {
                clone_new(&location, repo, auth, tmp)
            }
        });
        match result {
            Ok(action) => break Ok(action),
            Err(f) => {
                let message = scrub(opts.token.as_ref(), &f.message);
                if f.retryable && attempt < opts.attempts.max(1) {
                    let wait = opts
                        .backoff
                        .saturating_mul(2u32.saturating_pow(attempt - 1))
                        .min(Duration::from_secs(60));
                    events(MirrorEvent::Retrying {
                        repo: &repo.full_name,
                        attempt,
                        wait,
                        error: &message,
                    });
                    std::thread::sleep(wait);
                    continue;
                }
                break Err(RepoSyncError::Failed {
                    repo: repo.full_name.clone(),
                    message,
                });
            }
        }
    };
    Synced {
        repo: repo.clone(),
        location,
        outcome,
    }
}

/// The token, and what to say when a server wants one and there is none.
#[derive(Clone, Copy)]
struct Auth<'a> {
    token: Option<&'a Token>,
    hint: &'a str,
}

/// The clone URL must be HTTP(S) without credentials in it, and a token only goes over HTTPS,
/// or over HTTP to this machine (test servers), and only to `token_host` when one is given.
fn check_url(repo: &Repo, token: Option<&Token>, token_host: Option<&str>) -> Result<(), Failure> {
    let url = gix::url::parse(repo.clone_url.as_bytes().as_bstr())
        .map_err(|e| Failure::permanent(format!("clone_url {}: {e}", repo.clone_url)))?;
    let host = url.host().unwrap_or_default();
    match url.scheme {
        gix::url::Scheme::Https => {}
        gix::url::Scheme::Http if token.is_none() || is_loopback_host(host) => {}
        gix::url::Scheme::Http => {
            return Err(Failure::permanent(format!(
                "clone_url {}: refusing to send the token over plain http",
                repo.clone_url
            )));
        }
        _ => {
            return Err(Failure::permanent(format!(
                "clone_url {}: only https:// (or http://) clone URLs are mirrored",
                repo.clone_url
            )));
        }
    }
    if let (Some(_), Some(want)) = (token, token_host)
        && !host.eq_ignore_ascii_case(want)
    {
        return Err(Failure::permanent(format!(
            "clone_url {}: the host is not the forge's ({want}); the token is not sent there",
            repo.clone_url
        )));
    }
    if url.user().is_some() || url.password().is_some() {
        return Err(Failure::permanent(
            "clone_url carries credentials; refusing to mirror it",
        ));
    }
    Ok(())
}

/// Clones into a temporary folder next to the mirrors and renames it into place when complete.
fn clone_new(location: &Path, repo: &Repo, auth: Auth<'_>, tmp: &Path) -> Result<Action, Failure> {
    let work = tmp.join(format!("{}.git", repo.name));
    if work.exists() {
        fs::remove_dir_all(&work)
            .map_err(|e| Failure::permanent(format!("{}: {e}", work.display())))?;
    }
    let result = (|| {
        gix::init_bare(&work).map_err(|e| Failure::from_gix("creating the mirror", &e))?;
        let git = open(&work)?;
        fetch(&git, repo, auth)?;
        fs::rename(&work, location).map_err(|e| {
            Failure::permanent(format!("moving the clone to {}: {e}", location.display()))
        })
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&work);
    }
    result.map(|()| Action::Cloned)
}

fn fetch_existing(location: &Path, repo: &Repo, auth: Auth<'_>) -> Result<Action, Failure> {
    let git = open(location)?;
    if fetch(&git, repo, auth)? {
        Ok(Action::Fetched)
    } else {
        Ok(Action::Unchanged)
    }
}

fn open(path: &Path) -> Result<gix::Repository, Failure> {
    gix::open_opts(path, gix::open::Options::isolated())
        .map_err(|e| Failure::from_gix(&format!("opening the mirror {}", path.display()), &e))
}

/// Every local branch and tag with its target, and HEAD's referent: what "changed" compares.
fn ref_state(git: &gix::Repository) -> Result<BTreeMap<String, String>, Failure> {
    let fail = |e: gix::Error| Failure::from_gix("reading the mirror's refs", &e);
    let mut out = BTreeMap::new();
    let refs = git.references().map_err(fail)?;
    for r in refs.all().map_err(fail)? {
        let r = r.map_err(|e| Failure::permanent(format!("reading the mirror's refs: {e}")))?;
        let target = match r.target() {
            gix::refs::TargetRef::Object(id) => id.to_string(),
            gix::refs::TargetRef::Symbolic(name) => format!("-> {}", name.as_bstr()),
        };
        out.insert(r.name().as_bstr().to_string(), target);
    }
    let head = git.head_name().map_err(fail)?;
    out.insert(
        "HEAD".into(),
        head.map(|h| h.as_bstr().to_string()).unwrap_or_default(),
    );
    Ok(out)
}

/// Fetches the default branch and tags of `repo` into `git`, points HEAD at the default branch
/// and drops local branches and tags the remote no longer has. Returns whether any ref changed.
fn fetch(git: &gix::Repository, repo: &Repo, auth: Auth<'_>) -> Result<bool, Failure> {
    let before = ref_state(git)?;
    let branch_ref = match &repo.default_branch {
        Some(b) => {
            let full = format!("refs/heads/{b}");
            gix::refs::FullName::try_from(full.as_str()).map_err(|e| {
                Failure::permanent(format!("default branch `{b}` is not a branch name: {e}"))
            })?;
            Some(full)
        }
        None => None,
    };
    let remote_refs = receive(git, repo, auth, branch_ref.as_deref())?;
    let edits = ref_edits(git, branch_ref.as_deref(), &before, &remote_refs)?;
    if !edits.is_empty() {
        git.edit_references(edits)
            .map_err(fail("updating the mirror's refs"))?;
    }
    Ok(ref_state(git)? != before)
}

/// A gix failure with what was being done.
fn fail(what: &str) -> impl Fn(gix::Error) -> Failure + use<> {
    let what = what.to_string();
    move |e: gix::Error| Failure::from_gix(&what, &e)
}

/// Connects to `repo` with the token in a header, receives its tags and `branch_ref`, and
/// returns every ref name the remote has.
fn receive(
    git: &gix::Repository,
    repo: &Repo,
    auth: Auth<'_>,
    branch_ref: Option<&str>,
) -> Result<BTreeSet<String>, Failure> {
    use gix::remote::Direction;

    let token = auth.token;
    let mut specs = vec!["+refs/tags/*:refs/tags/*".to_string()];
    if let Some(full) = branch_ref {
        specs.push(format!("+{full}:{full}"));
    }
    let remote = git
        .remote_at(repo.clone_url.as_str())
        .map_err(fail("clone_url"))?
        .with_refspecs(specs.iter().map(String::as_str), Direction::Fetch)
        .map_err(fail("refspecs"))?
        .with_fetch_tags(gix::remote::fetch::Tags::None);

    let mut http = git
        .transport_options(repo.clone_url.as_str(), None)
        .map_err(fail("HTTP options"))?
        .and_then(|o| {
            o.downcast::<gix::protocol::transport::client::blocking_io::http::Options>()
                .ok()
        })
        .map(|o| *o)
        .unwrap_or_default();
    if let Some(t) = token {
        http.extra_headers
            .push(format!("Authorization: {}", t.git_authorization()));
    }
    http.user_agent = Some(format!("paved/{}", env!("CARGO_PKG_VERSION")));
    http.connect_timeout = Some(Duration::from_secs(30));

    // Never prompt or ask a credential helper: the token (in the header) is all there is. Being
    // asked means the server answered 401.
    let asked = std::cell::Cell::new(false);
    let connection = remote
        .connect(Direction::Fetch)
        .map_err(fail("connecting"))?
        .with_credentials(|_| {
            asked.set(true);
            Ok(None)
        })
        .with_transport_options(Box::new(http));
    let prepare = connection
        .prepare_fetch(gix::progress::Discard, Default::default())
        .map_err(|e| {
            if asked.get() {
                Failure::permanent(if token.is_some() {
                    "HTTP 401: the server rejected the token (no access to this repository?)"
                        .to_string()
                } else {
                    format!("HTTP 401: the server wants credentials; set {}", auth.hint)
                })
            } else {
                Failure::from_gix("listing the remote's refs", &e)
            }
        })?;
    let remote_refs: BTreeSet<String> = prepare
        .ref_map()
        .remote_refs
        .iter()
        .map(|r| r.unpack().0.to_string())
        .collect();
    if remote_refs.is_empty() {
        // An empty repository upstream: nothing to fetch, HEAD stays unborn.
        return Ok(remote_refs);
    }
    if let Some(b) = branch_ref
        && !remote_refs.contains(b)
    {
        return Err(Failure::permanent(format!(
            "the default branch `{}` is not on the remote",
            repo.default_branch.as_deref().unwrap_or_default()
        )));
    }
    let outcome = prepare
        .receive(gix::progress::Discard, &AtomicBool::new(false))
        .map_err(fail("fetching"))?;
    let updates = match &outcome.status {
        gix::remote::fetch::Status::NoPackReceived { update_refs, .. }
        | gix::remote::fetch::Status::Change { update_refs, .. } => &update_refs.updates,
    };
    if let Some(rejected) = updates
        .iter()
        .find(|u| u.mode.to_string().starts_with("rejected"))
    {
        return Err(Failure::permanent(format!(
            "a ref update was {}",
            rejected.mode
        )));
    }
    Ok(remote_refs)
}

/// The ref edits after a fetch: HEAD to the default branch, and away with local branches and
/// tags the remote no longer has.
fn ref_edits(
    git: &gix::Repository,
    branch_ref: Option<&str>,
    before: &BTreeMap<String, String>,
    remote_refs: &BTreeSet<String>,
) -> Result<Vec<gix::refs::transaction::RefEdit>, Failure> {
    use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

    let mut edits = Vec::new();
    if let Some(b) = branch_ref {
        let want =
            gix::refs::FullName::try_from(b).map_err(|e| Failure::permanent(e.to_string()))?;
        let head = git.head_name().map_err(fail("reading HEAD"))?;
        if head.as_ref() != Some(&want) {
            edits.push(RefEdit {
                change: Change::Update {
                    log: LogChange::default(),
                    expected: PreviousValue::Any,
                    new: gix::refs::Target::Symbolic(want),
                },
                name: "HEAD"
                    .try_into()
                    .map_err(|e: gix::validate::reference::name::Error| {
                        Failure::permanent(e.to_string())
                    })?,
                deref: false,
            });
        }
    }
    for (name, target) in before {
        let stale_tag = name.starts_with("refs/tags/") && !remote_refs.contains(name);
        let stale_branch = name.starts_with("refs/heads/") && branch_ref != Some(name.as_str());
        if (stale_tag || stale_branch) && !target.starts_with("->") {
            let full = gix::refs::FullName::try_from(name.as_str())
                .map_err(|e| Failure::permanent(e.to_string()))?;
            edits.push(RefEdit {
                change: Change::Delete {
                    expected: PreviousValue::Any,
                    log: RefLog::AndReference,
                },
                name: full,
                deref: false,
            });
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(url: &str) -> Repo {
        Repo {
            id: 1,
            owner: "acme".into(),
            name: "api".into(),
            full_name: "acme/api".into(),
            clone_url: url.into(),
            html_url: None,
            default_branch: Some("main".into()),
            topics: vec![],
            visibility: "public".into(),
            archived: false,
            fork: false,
            pushed_at: None,
            team: None,
        }
    }

    #[test]
    fn clone_urls() {
        let token = Token::new("t");
        let cases: &[(&str, bool, Result<(), &str>)] = &[
            ("https://github.com/acme/api.git", true, Ok(())),
            ("http://127.0.0.1:9/acme/api.git", true, Ok(())),
            ("http://github.com/acme/api.git", false, Ok(())),
            ("http://github.com/acme/api.git", true, Err("plain http")),
            (
                "ssh://git@github.com/acme/api.git",
                true,
                Err("only https://"),
            ),
            ("file:///etc", false, Err("only https://")),
            (
                "https://u:p@github.com/acme/api.git",
                true,
                Err("credentials"),
            ),
        ];
        for (url, with_token, want) in cases {
            let t = if *with_token { token.as_ref() } else { None };
            match (check_url(&repo(url), t, None), want) {
                (Ok(()), Ok(())) => {}
                (Err(f), Err(m)) => assert!(f.message.contains(m), "{url}: {}", f.message),
                (Ok(()), Err(m)) => panic!("{url}: expected {m}"),
                (Err(f), Ok(())) => panic!("{url}: {}", f.message),
            }
        }
    }

    #[test]
    fn the_token_goes_only_to_the_forge_host() {
        let token = Token::new("t");
        let url = "https://evil.example/acme/api.git";
        let refused = check_url(&repo(url), token.as_ref(), Some("github.com"));
        assert!(refused.is_err_and(|f| f.message.contains("not the forge's")));
        assert!(check_url(&repo(url), None, Some("github.com")).is_ok());
        let own = "https://GitHub.com/acme/api.git";
        assert!(check_url(&repo(own), token.as_ref(), Some("github.com")).is_ok());
    }

    #[test]
    fn one_sync_per_folder() {
        let t = tempfile::tempdir().unwrap();
        let opts = MirrorOptions {
            dir: t.path().to_path_buf(),
            jobs: 1,
            token: None,
            token_host: None,
            token_hint: "GITHUB_TOKEN".into(),
            attempts: 1,
            backoff: Duration::ZERO,
            api_url: "https://api.github.com".into(),
        };
        let held = fs::File::create(t.path().join(LOCK_FILE)).unwrap();
        held.lock().unwrap();
        let busy = sync("acme", &[], &[], &opts, &|_| {});
        assert!(matches!(busy, Err(MirrorError::Busy { .. })), "{busy:?}");
        drop(held);
        // Another test thread spawning a process can hold a copy of the lock's file description
        // between its fork and exec; the lock is free again a moment later.
        let settled = |owner: &str| {
            let mut r = sync(owner, &[], &[], &opts, &|_| {});
            for _ in 0..100 {
                if !matches!(r, Err(MirrorError::Busy { .. })) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
                r = sync(owner, &[], &[], &opts, &|_| {});
            }
            r
        };
        let done = settled("acme").unwrap();
        assert!(done.repos.is_empty());
        // Another owner's folder is refused.
        let other = settled("globex");
        assert!(
            other
                .unwrap_err()
                .to_string()
                .contains("holds the mirrors of acme, not globex")
        );
    }

    #[test]
    fn summaries() {
        let ok = |a| Synced {
            repo: repo("https://x"),
            location: PathBuf::new(),
            outcome: Ok(a),
        };
        let mut r = SyncReport {
            dir: PathBuf::new(),
            repos: vec![
                ok(Action::Cloned),
                ok(Action::Unchanged),
                ok(Action::Unchanged),
            ],
            renamed: vec![],
            not_listed: vec![],
        };
        assert_eq!(r.summary(), "3 repos: 1 cloned, 0 fetched, 2 unchanged");
        r.repos.push(Synced {
            outcome: Err(RepoSyncError::Failed {
                repo: "acme/x".into(),
                message: "x".into(),
            }),
            ..ok(Action::Cloned)
        });
        r.not_listed.push("gone.git".into());
        assert_eq!(
            r.summary(),
            "4 repos: 1 cloned, 0 fetched, 2 unchanged, 1 failed, 1 no longer listed"
        );
    }
}
