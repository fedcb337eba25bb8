//! Bounds of a hostile case's child process: peak RSS read from `wait4`'s rusage of that child
//! alone (`RUSAGE_CHILDREN` would mix in every other test's children) and a wall ceiling that
//! only catches hangs (the child is killed past it). `scripts/hostile-bounds.sh` collects the
//! rows printed with `PAVED_BOUNDS_TABLE=1` for `docs/limits.md`.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Peak RSS every hostile case must stay under (issue 13).
pub const MAX_RSS: u64 = 300 * 1000 * 1000;

/// Far above what any case takes even on a loaded machine: a hang guard, not a timing test.
pub const HANG_CEILING: Duration = Duration::from_secs(120);

/// What a bounded run of the child gave.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub wall: Duration,
    /// User plus system CPU time of the child.
    pub cpu: Duration,
    pub peak_rss: u64,
}

fn tv(t: libc::timeval) -> Duration {
    Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
        + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            p.read_to_end(&mut buf).expect("reading the child's output");
        }
        buf
    })
}

// wait4 is the only way to read one child's rusage; the unsafe blocks are its calls, and it
// reaps the child, which clippy cannot see.
#[allow(unsafe_code, clippy::zombie_processes)]
/// Runs `cmd` (stdin closed) and asserts it ended within `HANG_CEILING` and `MAX_RSS`; `case`
/// names it in failures and in the table row.
pub fn run(case: &str, mut cmd: Command) -> Run {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the child starts");
    let (out, err) = (drain(child.stdout.take()), drain(child.stderr.take()));
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: rusage is plain data, filled in by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child only; `status` and `usage` outlive the call.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed for {case}");
        if started.elapsed() > HANG_CEILING {
            // SAFETY: signals our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            // SAFETY: as above.
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            panic!("{case}: still running after {HANG_CEILING:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = started.elapsed();
    let run = Run {
        status: std::os::unix::process::ExitStatusExt::from_raw(status),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        // ru_maxrss is in KiB on Linux.
        peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
    };
    if std::env::var_os("PAVED_BOUNDS_TABLE").is_some() {
        eprintln!(
            "BOUNDS| {case} | exit {} | {:.2} s | {:.2} s | {:.0} MB |",
            run.status.code().unwrap_or(-1),
            run.wall.as_secs_f64(),
            run.cpu.as_secs_f64(),
            run.peak_rss as f64 / 1e6
        );
    }
    assert!(
        run.peak_rss < MAX_RSS,
        "{case}: peak RSS {} MB is over {} MB",
        run.peak_rss / 1_000_000,
        MAX_RSS / 1_000_000
    );
    run
}

/// `paved` with the environment every hostile case shares.
pub fn paved() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paved"));
    cmd.env("SOURCE_DATE_EPOCH", "1795000000");
    cmd
}

/// A pack whose one rule parses `big.yml` (as `scripts/parse-memory.sh` does).
const PARSE_PACK: &str = "pack: mem
rules:
  - id: parse
    title: the file parses
    paved:
      yaml: {files: big.yml, query: zzz}
";

/// Peak RSS of a `--jobs 1` scan of one repository holding `big.yml`, and that repository's
/// result for the parsing rule.
fn parse_scan(t: &std::path::Path, name: &str, yaml: &str) -> (u64, serde_json::Value) {
    let root = t.join(name);
    crate::common::build_org(&root, &[("r", &[("big.yml", yaml)])]);
    let pack = t.join("pack.yml");
    std::fs::write(&pack, PARSE_PACK).unwrap();
    let mut cmd = paved();
    cmd.arg("scan")
        .arg(root.join("org"))
        .arg("--rules")
        .arg(&pack)
        .args(["--no-builtin", "--jobs", "1", "--format", "json", "-q"])
        .arg("--no-cache");
    let run = run(&format!("parse memory: {name}"), cmd);
    let report = crate::common::report_v1(&run.stdout);
    (run.peak_rss, report["repos"][0]["results"][0].clone())
}

/// A document whose root is a flow list (`[1,1,...]`, two bytes a node) just under the 1 MiB
/// `max_file_size` once cost ~200 times the file (the parser queued every token while the list
/// might still be a key); now it costs what a flow list as a value does (docs/limits.md, "Parse
/// memory"). Peak RSS, not time: the bound holds on a loaded machine.
#[test]
fn a_root_flow_list_of_one_mib_parses_in_memory_proportional_to_it() {
    let t = tempfile::tempdir().unwrap();
    let big = format!("[{}1]\n", "1,".repeat(519_990));
    let (base, small) = parse_scan(t.path(), "base", "a: 1\nb: 2\n");
    let (peak, result) = parse_scan(t.path(), "flow-seq", &big);
    // The rule's result is there and is not an error: the file was read and parsed.
    let judged = |r: &serde_json::Value| {
        r["rule"] == "parse" && r["outcome"].as_str().is_some_and(|o| o != "error")
    };
    assert!(judged(&small), "{small:#}");
    assert!(judged(&result), "the list parses: {result:#}");
    let cost = peak.saturating_sub(base);
    let bytes = big.len() as u64;
    assert!(
        cost < 40 * bytes,
        "parsing {bytes} bytes cost {} MB ({:.1} x the file)",
        cost / 1_000_000,
        cost as f64 / bytes as f64
    );
}
