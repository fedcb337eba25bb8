//! Writing a plan with git: one `git init` and one `git fast-import` per repository, with every
//! git process isolated from the developer's configuration (no system or global config, `HOME`
//! pointing at an empty scratch folder, no `GIT_*` variables), so commit ids are reproducible.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{FixtureError, io_err};
use crate::plan::{Plan, Target};
use crate::spec::Broken;

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

/// Writes `files` into `dir` and commits them as the first commit of `main`, through [`git`]:
/// the smallest repository a test of one feature needs.
pub fn committed_repo(dir: &Path, files: &[(&str, &str)]) -> Result<(), FixtureError> {
    crate::walk::write_files(dir, files)?;
    git(dir, &["init", "-q", "-b", "main"])?;
    git(dir, &["add", "-A"])?;
    git(dir, &["commit", "-q", "-m", "init"])?;
    Ok(())
}

/// Runs git isolated from the developer's configuration and environment.
pub(crate) struct GitEnv {
    home: PathBuf,
}

static SCRATCH: AtomicU64 = AtomicU64::new(0);

impl GitEnv {
    pub(crate) fn new() -> Result<Self, FixtureError> {
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

/// Writes `plan` as a new repository at `repo`: `git init`, one `git fast-import`, the work tree,
/// then the damage the plan asks for.
pub(crate) fn execute(plan: &Plan, repo: &Path, env: &GitEnv) -> Result<(), FixtureError> {
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

/// The fast-import stream of `plan`: blobs with marks, then commits, then extra refs.
pub(crate) fn write_stream(plan: &Plan, w: &mut impl Write) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::fixture_tests::fixture;
    use crate::plan::plan_fixture;

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
}
