//! Loopback servers for the GitHub tests: a git smart-HTTP server (`git http-backend` behind a
//! tiny std::net HTTP/1.1 server that checks the token) and helpers for the fake REST API
//! (wiremock) with repository objects shaped like the real API's.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use assert_cmd::cargo::CommandCargoExt;
use base64::Engine as _;
use serde_json::{Value, json};

pub const TOKEN: &str = "ghp_TestTokenThatMustNeverLeak1234567890";

/// The Basic credentials git sends for `TOKEN` (user `x-access-token`).
pub fn basic(token: &str) -> String {
    basic_as("x-access-token", token)
}

/// The Basic credentials git sends for `token` as the password of `user` (GitLab, Gitea:
/// `oauth2`).
pub fn basic_as(user: &str, token: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{token}"))
}

/// One request the git server saw.
#[derive(Clone, Debug)]
pub struct GitRequest {
    /// `/acme/api.git/info/refs`, `/acme/api.git/git-upload-pack`.
    pub path: String,
    pub authorized: bool,
    /// A pack was asked for (protocol v2 `command=fetch`, or v1 `want` lines).
    pub fetch: bool,
    pub status: u16,
}

/// `git http-backend` over HTTP on 127.0.0.1, serving bare repositories under `root`
/// (`root/<owner>/<name>.git`). With `token`, every request must carry
/// `Authorization: Basic base64(x-access-token:TOKEN)`, else 401.
pub struct GitServer {
    pub port: u16,
    log: Arc<Mutex<Vec<GitRequest>>>,
    /// Statuses to answer instead of serving, per repository path prefix (`/acme/api.git`),
    /// consumed one per request.
    faults: Arc<Mutex<HashMap<String, VecDeque<u16>>>>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl GitServer {
    pub fn start(root: &Path, token: Option<&str>) -> GitServer {
        GitServer::start_as(root, token, "x-access-token")
    }

    /// [`GitServer::start`] for a forge whose git wants the token as `user`'s password.
    pub fn start_as(root: &Path, token: Option<&str>, user: &str) -> GitServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let faults: Arc<Mutex<HashMap<String, VecDeque<u16>>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let expected = token.map(|t| format!("Basic {}", basic_as(user, t)));
        let handle = {
            let (root, log, faults, stop) = (
                root.to_path_buf(),
                log.clone(),
                faults.clone(),
                stop.clone(),
            );
            std::thread::spawn(move || {
                let mut workers = Vec::new();
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let (root, log, faults, expected) =
                        (root.clone(), log.clone(), faults.clone(), expected.clone());
                    workers.push(std::thread::spawn(move || {
                        let _ = serve(conn, &root, expected.as_deref(), &log, &faults);
                    }));
                }
                for w in workers {
                    let _ = w.join();
                }
            })
        };
        GitServer {
            port,
            log,
            faults,
            stop,
            handle: Some(handle),
        }
    }

    pub fn url(&self, owner: &str, name: &str) -> String {
        format!("http://127.0.0.1:{}/{owner}/{name}.git", self.port)
    }

    /// Answer the next `statuses.len()` requests for `owner/name` with these statuses.
    pub fn fail_next(&self, owner: &str, name: &str, statuses: &[u16]) {
        self.faults
            .lock()
            .unwrap()
            .entry(format!("/{owner}/{name}.git"))
            .or_default()
            .extend(statuses);
    }

    pub fn requests(&self) -> Vec<GitRequest> {
        self.log.lock().unwrap().clone()
    }

    pub fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }

    /// Repositories (`owner/name`) a pack was fetched from, sorted, each once.
    pub fn fetched(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .requests()
            .iter()
            .filter(|r| r.fetch)
            .map(|r| {
                r.path
                    .trim_start_matches('/')
                    .split(".git/")
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

impl Drop for GitServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn serve(
    conn: TcpStream,
    root: &Path,
    expected: Option<&str>,
    log: &Mutex<Vec<GitRequest>>,
    faults: &Mutex<HashMap<String, VecDeque<u16>>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(());
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut headers: HashMap<String, String> = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let body = read_body(&mut reader, &headers)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let authorized = match expected {
        Some(want) => headers.get("authorization").map(String::as_str) == Some(want),
        None => true,
    };
    let fetch = method == "POST"
        && (memchr(&body, b"command=fetch") || memchr(&body, b"want "))
        && path.ends_with("git-upload-pack");
    let repo_prefix = path
        .find(".git/")
        .map(|i| path[..i + 4].to_string())
        .unwrap_or_default();
    let fault = faults
        .lock()
        .unwrap()
        .get_mut(&repo_prefix)
        .and_then(VecDeque::pop_front);

    let mut out = conn;
    let status = if !authorized {
        respond(
            &mut out,
            401,
            &[("WWW-Authenticate", "Basic realm=\"test\"")],
            b"auth required",
        )?;
        401
    } else if let Some(code) = fault {
        respond(&mut out, code, &[], b"injected fault")?;
        code
    } else {
        cgi(&mut out, root, &method, path, query, &headers, &body)?
    };
    log.lock().unwrap().push(GitRequest {
        path: path.to_string(),
        authorized,
        fetch,
        status,
    });
    let _ = out.shutdown(Shutdown::Both);
    Ok(())
}

fn memchr(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn read_body(
    reader: &mut BufReader<TcpStream>,
    headers: &HashMap<String, String>,
) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .unwrap_or(0);
            if n == 0 {
                let mut end = String::new();
                reader.read_line(&mut end)?;
                break;
            }
            let mut chunk = vec![0; n];
            reader.read_exact(&mut chunk)?;
            body.extend(chunk);
            let mut crlf = [0; 2];
            reader.read_exact(&mut crlf)?;
        }
    } else if let Some(n) = headers.get("content-length").and_then(|v| v.parse().ok()) {
        body.resize(n, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(body)
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn respond(
    out: &mut TcpStream,
    code: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {code} {}\r\n", reason(code));
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

/// Runs `git http-backend` as a CGI program for one request and relays its answer.
fn cgi(
    out: &mut TcpStream,
    root: &Path,
    method: &str,
    path: &str,
    query: &str,
    headers: &HashMap<String, String>,
    body: &[u8],
) -> std::io::Result<u16> {
    let mut cmd = Command::new("git");
    cmd.arg("http-backend")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", root)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("REQUEST_METHOD", method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("REMOTE_ADDR", "127.0.0.1")
        .env("CONTENT_LENGTH", body.len().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(ct) = headers.get("content-type") {
        cmd.env("CONTENT_TYPE", ct);
    }
    if let Some(p) = headers.get("git-protocol") {
        cmd.env("GIT_PROTOCOL", p).env("HTTP_GIT_PROTOCOL", p);
    }
    if let Some(e) = headers.get("content-encoding") {
        cmd.env("HTTP_CONTENT_ENCODING", e);
    }
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take().unwrap();
    let body = body.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&body);
    });
    let output = child.wait_with_output()?;
    let _ = feeder.join();
    let raw = output.stdout;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| raw.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
    let Some((at, sep)) = split else {
        respond(out, 500, &[], b"bad CGI output")?;
        return Ok(500);
    };
    let head = String::from_utf8_lossy(&raw[..at]).to_string();
    let mut code = 200;
    let mut pass = Vec::new();
    for line in head.lines() {
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("status") {
                code = v
                    .trim()
                    .split(' ')
                    .next()
                    .unwrap_or("200")
                    .parse()
                    .unwrap_or(500);
            } else {
                pass.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    let pass: Vec<(&str, &str)> = pass.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    respond(out, code, &pass, &raw[at + sep..])?;
    Ok(code)
}

// ---------------------------------------------------------------------------------------------
// Repositories served, built with paved_fixture

/// Builds the bare repository `root/<owner>/<name>.git` from `commits` (each a list of files
/// written on top of the previous commit), at fixed dates, so the same prefix of commits
/// always gives the same ids. Replaces what was there.
pub fn serve_repo(root: &Path, owner: &str, name: &str, commits: &[&[(&str, &str)]]) {
    serve_repo_on(root, owner, name, "main", commits, &[]);
}

/// [`serve_repo`] with the commits on `branch` (HEAD's branch) and `tags` on the last commit.
pub fn serve_repo_on(
    root: &Path,
    owner: &str,
    name: &str,
    branch: &str,
    commits: &[&[(&str, &str)]],
    tags: &[&str],
) {
    let scratch = tempfile::tempdir().unwrap();
    let src = scratch.path().join(format!("{name}.git"));
    let mut toml = format!("branch = \"{branch}\"\n");
    for (i, files) in commits.iter().enumerate() {
        let overlay = format!("_c{i}");
        paved_fixture::write_files(&src.join(&overlay), files).unwrap();
        toml.push_str(&format!(
            "[[commit]]\nid = \"c{i}\"\nmessage = \"Commit {}\"\noverlay = \"{overlay}\"\n",
            i + 1
        ));
    }
    if !tags.is_empty() {
        toml.push_str("[refs]\n");
        for t in tags {
            toml.push_str(&format!("\"refs/tags/{t}\" = \"c{}\"\n", commits.len() - 1));
        }
    }
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("fixture.toml"), toml).unwrap();
    let built = scratch.path().join("built");
    let repo = paved_fixture::build_repo(&src, &built).unwrap();
    let dest = root.join(owner).join(format!("{name}.git"));
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    if dest.exists() {
        std::fs::remove_dir_all(&dest).unwrap();
    }
    std::fs::rename(repo, dest).unwrap();
}

/// An empty bare repository `root/<owner>/<name>.git` (no commits; HEAD unborn).
pub fn serve_empty(root: &Path, owner: &str, name: &str) {
    let scratch = tempfile::tempdir().unwrap();
    let src = scratch.path().join(format!("{name}.git"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("fixture.toml"), "empty = true\n").unwrap();
    let dest = root.join(owner);
    std::fs::create_dir_all(&dest).unwrap();
    paved_fixture::build_repo(&src, &dest).unwrap();
}

/// `git` with the machine's configuration left out, in the git directory `repo`; its stdout.
pub fn git_in(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .arg("--git-dir")
        .arg(repo)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The commit `refs/heads/main` points at in a bare repository, through git.
pub fn head_of(repo: &Path) -> String {
    let out = Command::new("git")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", repo)
        .arg("--git-dir")
        .arg(repo)
        .args(["rev-parse", "refs/heads/main"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// The fake API

/// A repository object as `GET /orgs/{org}/repos` returns it (the fields of the real API's
/// "minimal repository", trimmed of URLs paved never reads).
pub fn api_repo(id: u64, owner: &str, name: &str, clone_url: &str, extra: Value) -> Value {
    let mut v = json!({
        "id": id,
        "node_id": format!("R_kgDO{id:08}"),
        "name": name,
        "full_name": format!("{owner}/{name}"),
        "private": false,
        "owner": {
            "login": owner,
            "id": 4242,
            "node_id": "O_kgDOAAAQkg",
            "type": "Organization",
            "site_admin": false,
            "html_url": format!("https://github.com/{owner}"),
        },
        "html_url": format!("https://github.com/{owner}/{name}"),
        "description": null,
        "fork": false,
        "url": format!("https://api.github.com/repos/{owner}/{name}"),
        "git_url": format!("git://github.com/{owner}/{name}.git"),
        "ssh_url": format!("git@github.com:{owner}/{name}.git"),
        "clone_url": clone_url,
        "svn_url": format!("https://github.com/{owner}/{name}"),
    });
    let more = json!({
        "homepage": null,
        "size": 12,
        "stargazers_count": 0,
        "watchers_count": 0,
        "language": "Rust",
        "has_issues": true,
        "forks_count": 0,
        "archived": false,
        "disabled": false,
        "open_issues_count": 0,
        "license": null,
        "allow_forking": true,
        "is_template": false,
        "topics": [],
        "visibility": "public",
        "forks": 0,
        "open_issues": 0,
        "watchers": 0,
        "default_branch": "main",
        "created_at": "2026-01-01T12:00:00Z",
        "updated_at": "2026-01-02T12:00:00Z",
        "pushed_at": "2026-01-02T12:00:00Z",
        "permissions": {"admin": false, "maintain": false, "push": false, "triage": false, "pull": true},
    });
    if let (Some(obj), Value::Object(more)) = (v.as_object_mut(), more) {
        obj.extend(more);
    }
    if let (Some(obj), Value::Object(extra)) = (v.as_object_mut(), extra) {
        obj.extend(extra);
    }
    v
}

/// The `paved` binary with a clean environment for GitHub tests: no token unless given, no
/// inherited API URL, caches under `home`.
pub fn paved(home: &Path, token: Option<&str>) -> Command {
    let mut c = Command::cargo_bin("paved").unwrap();
    c.current_dir(home)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("GITLAB_TOKEN")
        .env_remove("GITEA_TOKEN")
        .env_remove("FORGEJO_TOKEN")
        .env_remove("CI_API_V4_URL")
        .env_remove("CI_PROJECT_PATH")
        .env_remove("CI_COMMIT_SHA")
        .env_remove("GITHUB_API_URL")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GITHUB_SHA")
        .env_remove("GITHUB_SERVER_URL")
        .env_remove("GITHUB_RUN_ID")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR");
    if let Some(t) = token {
        c.env("GITHUB_TOKEN", t);
    }
    c
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    paved_fixture::walk::files(dir)
        .into_iter()
        .filter(|p| std::fs::read(p).is_ok_and(|bytes| memchr(&bytes, needle.as_bytes())))
        .collect()
}
