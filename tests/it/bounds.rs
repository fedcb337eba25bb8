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
