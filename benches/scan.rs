//! The scan benchmark: `paved scan` against the gix floor (the least work any scanner must do)
//! over a synthetic org. `cargo bench --bench scan [-- --repos N --runs R --seed S --no-paved]`.
//!
//! Every measured run is a child process, so its peak RSS is its own: the floor re-executes this
//! binary with a hidden flag, paved runs as the release binary. The org is generated once and
//! cached under `<target>/bench-org-N`, keyed by the generator version and seed.

#[cfg(not(unix))]
fn main() {
    eprintln!("the scan benchmark measures children with wait4 and runs on Unix only");
}

#[cfg(unix)]
mod common;

#[cfg(unix)]
fn main() -> std::process::ExitCode {
    bench::main()
}

#[cfg(unix)]
mod bench {
    use std::io::Read;
    use std::path::{Path, PathBuf};
    use std::process::{Command, ExitCode, Stdio};
    use std::time::{Duration, Instant};

    use super::common::{cached, target_dir};
    use paved_fixture::{SYNTHETIC_VERSION, Synthetic, build_synthetic};
    use rayon::prelude::*;

    /// Re-executes this binary as the floor: `scan --floor-child DIR`.
    const FLOOR_FLAG: &str = "--floor-child";
    const MARKER: &str = ".paved-bench-org";

    struct Opts {
        repos: usize,
        runs: usize,
        seed: u64,
        paved: bool,
    }

    fn parse_args(args: &[String]) -> Result<Opts, String> {
        let mut o = Opts {
            repos: 2000,
            runs: 3,
            seed: 1,
            paved: true,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut num = |name: &str| -> Result<u64, String> {
                it.next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("{name} needs a number"))
            };
            match a.as_str() {
                "--repos" => o.repos = num("--repos")? as usize,
                "--runs" => o.runs = (num("--runs")? as usize).max(1),
                "--seed" => o.seed = num("--seed")?,
                "--no-paved" => o.paved = false,
                // cargo bench passes --bench to every bench binary.
                "--bench" => {}
                other => return Err(format!("unknown argument {other}")),
            }
        }
        Ok(o)
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.first().map(String::as_str) == Some(FLOOR_FLAG) {
            return match args.get(1) {
                Some(dir) => floor::run(Path::new(dir)),
                None => ExitCode::from(2),
            };
        }
        let opts = match parse_args(&args) {
            Ok(o) => o,
            Err(e) => {
                eprintln!(
                    "scan bench: {e}\nusage: cargo bench --bench scan -- [--repos N] [--runs R] [--seed S] [--no-paved]"
                );
                return ExitCode::from(2);
            }
        };
        match run(&opts) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("scan bench: {e}");
                ExitCode::FAILURE
            }
        }
    }

    /// The org for `opts`, generated unless a finished one with the same key is cached.
    fn synthetic_org(opts: &Opts) -> Result<PathBuf, String> {
        let dir = target_dir().join(format!("bench-org-{}", opts.repos));
        let key = format!(
            "generator={SYNTHETIC_VERSION} seed={} repos={}",
            opts.seed, opts.repos
        );
        let what = format!("{} repositories (seed {})", opts.repos, opts.seed);
        cached(&dir, MARKER, &key, &what, || {
            let spec = Synthetic {
                repos: opts.repos,
                seed: opts.seed,
            };
            build_synthetic(&spec, &dir)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })?;
        Ok(dir)
    }

    struct Run {
        wall: Duration,
        /// Peak resident set size, bytes.
        max_rss: u64,
        stdout: String,
    }

    /// Runs `cmd` to the end, returning its wall time and peak RSS from `wait4`.
    // Peak RSS needs wait4(), which std does not wrap.
    #[allow(unsafe_code)]
    fn measure(cmd: &mut Command) -> Result<Run, String> {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let start = Instant::now();
        let mut child = cmd.spawn().map_err(|e| format!("spawn {cmd:?}: {e}"))?;
        let mut out = child.stdout.take().ok_or("no stdout")?;
        let mut err = child.stderr.take().ok_or("no stderr")?;
        let err_reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        let mut stdout = String::new();
        let _ = out.read_to_string(&mut stdout);
        let pid = child.id() as libc::pid_t;
        let mut status: libc::c_int = 0;
        // SAFETY: rusage is plain old data, and all-zero is a valid value of it.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: `pid` is our own child, not yet reaped (std's Child is never waited).
            let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            if r == pid {
                break;
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(format!("wait4: {e}"));
            }
        }
        let wall = start.elapsed();
        let stderr = err_reader.join().unwrap_or_default();
        if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
            return Err(format!(
                "{cmd:?} failed (wait status {status}):\n{}",
                stderr.trim()
            ));
        }
        // Linux reports KiB; macOS reports bytes.
        let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
        Ok(Run {
            wall,
            max_rss: usage.ru_maxrss as u64 * unit,
            stdout,
        })
    }

    /// One warm-up run (to settle the page cache), then `runs` measured ones; the median.
    fn median_of(runs: usize, mut make: impl FnMut() -> Command) -> Result<Run, String> {
        measure(&mut make())?;
        let mut all = (0..runs)
            .map(|_| measure(&mut make()))
            .collect::<Result<Vec<_>, _>>()?;
        all.sort_by_key(|r| r.wall);
        Ok(all.swap_remove(all.len() / 2))
    }

    /// Builds the release binary and returns its path, or why paved cannot be measured.
    fn paved_binary() -> Result<PathBuf, String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--release", "--bin", "paved", "--manifest-path"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .status()
            .map_err(|e| format!("cargo build --release: {e}"))?;
        if !status.success() {
            return Err("`cargo build --release --bin paved` failed".into());
        }
        let bin = target_dir().join("release/paved");
        if !bin.is_file() {
            return Err(format!("no release binary at {}", bin.display()));
        }
        Ok(bin)
    }

    /// Checks that `paved scan` exists and writes a JSON report, on one repository.
    fn paved_scan_works(bin: &Path, one_repo: &Path) -> Result<(), String> {
        let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let report = tmp.path().join("report.json");
        let out = Command::new(bin)
            .arg("scan")
            .arg(one_repo)
            .args(["--format", "json", "--output"])
            .arg(&report)
            .output()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let text = std::fs::read_to_string(&report).unwrap_or_default();
        let json: Option<serde_json::Value> = serde_json::from_str(&text).ok();
        if json
            .as_ref()
            .and_then(|j| j.get("schema_version"))
            .is_none()
        {
            return Err(format!(
                "`paved scan {} --format json --output FILE` wrote no JSON report \
                 ({}, stderr: {:?}); is the scan command implemented yet?",
                one_repo.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(())
    }

    fn mib(bytes: u64) -> f64 {
        bytes as f64 / (1u64 << 20) as f64
    }

    fn run(opts: &Opts) -> Result<(), String> {
        let org = synthetic_org(opts)?;
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let floor_run = median_of(opts.runs, || {
            let mut c = Command::new(&exe);
            c.arg(FLOOR_FLAG).arg(&org);
            c
        })?;
        let stats = floor_run.stdout.trim().to_string();
        let n = opts.repos as f64;
        println!();
        println!(
            "synthetic org: {} repos (seed {}, generator v{SYNTHETIC_VERSION}) at {}",
            opts.repos,
            opts.seed,
            org.display()
        );
        println!("floor read: {stats}");
        println!(
            "median of {} runs after one warm-up, {} threads",
            opts.runs,
            rayon::current_num_threads()
        );
        println!();
        println!(
            "{:<12} {:>10} {:>10} {:>12}",
            "", "wall", "repos/s", "peak RSS"
        );
        let line = |name: &str, r: &Run| {
            println!(
                "{name:<12} {:>8.3} s {:>10.0} {:>8.1} MiB",
                r.wall.as_secs_f64(),
                n / r.wall.as_secs_f64(),
                mib(r.max_rss)
            );
        };
        line("gix floor", &floor_run);
        if !opts.paved {
            return Ok(());
        }
        let bin = match paved_binary().and_then(|bin| {
            let first = first_repo(&org).ok_or("the org has no repositories")?;
            paved_scan_works(&bin, &first)?;
            Ok(bin)
        }) {
            Ok(bin) => bin,
            Err(e) => {
                println!("paved scan   not measured: {e}");
                return Ok(());
            }
        };
        // Like for like with the floor (which reads the basics pack's blobs), then every pack.
        for (name, extra) in [
            ("paved basics", &["--builtin", "basics"][..]),
            ("paved all", &[][..]),
        ] {
            let run = median_of(opts.runs, || {
                let mut c = Command::new(&bin);
                c.arg("scan").arg(&org).args(extra).args([
                    "--format",
                    "json",
                    "--output",
                    "/dev/null",
                ]);
                c
            });
            match run {
                Ok(p) => {
                    line(name, &p);
                    println!(
                        "{:<12} wall {:.2}x, peak RSS {:.2}x the floor",
                        "",
                        p.wall.as_secs_f64() / floor_run.wall.as_secs_f64(),
                        p.max_rss as f64 / floor_run.max_rss.max(1) as f64
                    );
                }
                Err(e) => println!("{name:<12} not measured: {e}"),
            }
        }
        Ok(())
    }

    fn first_repo(org: &Path) -> Option<PathBuf> {
        floor::find_repos(org).into_iter().next()
    }

    /// The floor: discover, open, read HEAD's whole tree and the blobs the basics pack needs,
    /// in parallel over repositories. Nothing else: no rules, no report.
    mod floor {
        use super::*;

        pub fn run(dir: &Path) -> ExitCode {
            let repos = find_repos(dir);
            let results: Vec<Result<(usize, usize, usize), String>> =
                repos.par_iter().map(|r| scan_one(r)).collect();
            let (mut entries, mut blobs, mut bytes, mut failed) = (0, 0, 0, 0);
            for r in &results {
                match r {
                    Ok((e, b, y)) => {
                        entries += e;
                        blobs += b;
                        bytes += y;
                    }
                    Err(_) => failed += 1,
                }
            }
            if let Some(Err(e)) = results.iter().find(|r| r.is_err()) {
                eprintln!("first failure: {e}");
            }
            println!(
                "{} repos ({failed} failed), {entries} tree entries, {blobs} blobs read, {:.1} MiB",
                repos.len(),
                mib(bytes as u64)
            );
            ExitCode::SUCCESS
        }

        /// Work trees (`.git` inside) and bare repositories, not descending into either.
        pub fn find_repos(dir: &Path) -> Vec<PathBuf> {
            let mut out = Vec::new();
            let mut stack = vec![dir.to_path_buf()];
            while let Some(d) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&d) else {
                    continue;
                };
                for e in entries.flatten() {
                    let p = e.path();
                    if !e.file_type().is_ok_and(|t| t.is_dir()) {
                        continue;
                    }
                    if p.join(".git").exists()
                        || (p.join("HEAD").is_file() && p.join("objects").is_dir())
                    {
                        out.push(p);
                    } else {
                        stack.push(p);
                    }
                }
            }
            out.sort();
            out
        }

        /// The paths whose content the basics pack reads.
        fn wanted(path: &[u8]) -> bool {
            let lower = |p: &[u8], prefix: &str| {
                p.len() >= prefix.len() && p[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
            };
            match path.iter().rposition(|&b| b == b'/') {
                None => {
                    lower(path, "license")
                        || lower(path, "licence")
                        || lower(path, "copying")
                        || lower(path, "readme")
                        || matches!(
                            path,
                            b"CODEOWNERS"
                                | b"SECURITY.md"
                                | b"renovate.json"
                                | b"Cargo.toml"
                                | b"package.json"
                                | b"pyproject.toml"
                        )
                }
                Some(slash) => {
                    let (dir, name) = (&path[..slash], &path[slash + 1..]);
                    matches!(
                        path,
                        b".github/CODEOWNERS" | b"docs/CODEOWNERS" | b".github/dependabot.yml"
                    ) || (dir == b".github/workflows"
                        && (name.ends_with(b".yml") || name.ends_with(b".yaml")))
                }
            }
        }

        fn scan_one(path: &Path) -> Result<(usize, usize, usize), String> {
            let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
            let repo =
                gix::open_opts(path, gix::open::Options::isolated()).map_err(|e| fail(&e))?;
            let tree = repo.head_tree().map_err(|e| fail(&e))?;
            let mut recorder = gix::traverse::tree::Recorder::default();
            tree.traverse()
                .breadthfirst(&mut recorder)
                .map_err(|e| fail(&e))?;
            let (mut blobs, mut bytes) = (0, 0);
            for entry in &recorder.records {
                if entry.mode.is_blob_or_symlink() && wanted(&entry.filepath) {
                    let object = repo.find_object(entry.oid).map_err(|e| fail(&e))?;
                    blobs += 1;
                    bytes += object.data.len();
                }
            }
            Ok((recorder.records.len(), blobs, bytes))
        }
    }
}
