//! Hostile I/O: writes that cannot destroy what is at `--output`, temporary files removed on
//! every exit path, inputs read with a size limit, discovery that stays inside the scanned
//! folders and reports what it cannot read (issue 13, items 1, 4, 5 and 6).

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use assert_cmd::assert::{Assert, OutputAssertExt};

use crate::bounds;
use crate::common::build_org;

const REPO: &[(&str, &str)] = &[("README.md", "# r\n"), ("LICENSE", "MIT")];

/// `paved --quiet ARGS` run within the bounds of `bounds::run` (peak RSS, hang ceiling),
/// ready for assert_cmd's assertions; `case` names it in failures.
fn bounded(case: &str, quiet: bool, args: &[&std::ffi::OsStr]) -> Assert {
    let mut cmd: Command = bounds::paved();
    if quiet {
        cmd.arg("--quiet");
    }
    cmd.args(args);
    let run = bounds::run(case, cmd);
    Output {
        status: run.status,
        stdout: run.stdout,
        stderr: run.stderr,
    }
    .assert()
}

fn paved(case: &str, args: &[&std::ffi::OsStr]) -> Assert {
    bounded(case, true, args)
}

fn os<'a>(args: &[&'a str]) -> Vec<&'a std::ffi::OsStr> {
    args.iter().map(|a| std::ffi::OsStr::new(*a)).collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn org(t: &Path) -> std::path::PathBuf {
    build_org(t, &[("a", REPO), ("b", REPO)]);
    t.join("org")
}

fn scan_to(org: &Path, out: &Path) -> Assert {
    let mut args = os(&[
        "scan",
        "--builtin",
        "basics",
        "--format",
        "json",
        "--output",
    ]);
    args.extend([out.as_os_str(), org.as_os_str()]);
    paved(&format!("scan --output {}", out.display()), &args)
}

fn running_as_root() -> bool {
    let t = tempfile::NamedTempFile::new().unwrap();
    t.as_file().metadata().unwrap().uid() == 0
}

#[test]
fn a_device_or_fifo_target_is_written_in_place() {
    let t = tempfile::tempdir().unwrap();
    let org = org(t.path());
    if running_as_root() {
        let before = names(Path::new("/dev"));
        scan_to(&org, Path::new("/dev/null")).success();
        let meta = fs::symlink_metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
        let stray: Vec<String> = names(Path::new("/dev"))
            .into_iter()
            .filter(|n| !before.contains(n))
            .collect();
        assert!(stray.is_empty(), "left in /dev: {stray:?}");
    }
    // A FIFO, as any user can make: the reader gets the report, the FIFO stays a FIFO.
    let dir = t.path().join("out");
    fs::create_dir(&dir).unwrap();
    let fifo = dir.join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    scan_to(&org, &fifo).success();
    let got: serde_json::Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(got["repos"].as_array().unwrap().len(), 2);
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names(&dir), ["pipe"]);
}

#[test]
fn a_symlink_target_is_followed_and_a_folder_target_refused() {
    let t = tempfile::tempdir().unwrap();
    let org = org(t.path());
    let dir = t.path().join("out");
    fs::create_dir_all(dir.join("real")).unwrap();
    std::os::unix::fs::symlink("real/report.json", dir.join("link.json")).unwrap();
    scan_to(&org, &dir.join("link.json")).success();
    assert!(
        fs::symlink_metadata(dir.join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("real/report.json")).unwrap()).unwrap();
    assert_eq!(report["repos"].as_array().unwrap().len(), 2);
    assert_eq!(names(&dir), ["link.json", "real"]);
    assert_eq!(names(&dir.join("real")), ["report.json"]);

    let folder = dir.join("real");
    // Output that cannot be written is exit 4, not bad usage.
    let out = scan_to(&org, &folder).code(4);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("is a folder"), "{err}");
    assert_eq!(names(&dir), ["link.json", "real"]);
    assert_eq!(names(&folder), ["report.json"]);
}

#[test]
fn a_temporary_file_left_by_a_killed_run_is_removed_by_the_next() {
    let t = tempfile::tempdir().unwrap();
    let org = org(t.path());
    let dir = t.path().join("out");
    fs::create_dir(&dir).unwrap();
    // What a SIGKILLed run leaves: its PID (here one no process has) and a random part.
    let orphan = format!(".report.json.paved-tmp-{}-0123456789abcdef", u32::MAX);
    fs::write(dir.join(&orphan), "half a report").unwrap();
    // Not paved's: left alone.
    fs::write(dir.join(".notes.tmp"), "mine").unwrap();
    scan_to(&org, &dir.join("report.json")).success();
    assert_eq!(names(&dir), [".notes.tmp", "report.json"]);
}

/// A JSON report of `n` repositories, from a real scan of one, for a write that takes a while.
fn big_report(t: &Path, n: usize) -> std::path::PathBuf {
    let org = org(t);
    let one = t.join("one.json");
    scan_to(&org, &one).success();
    let mut report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&one).unwrap()).unwrap();
    let model = report["repos"][0].clone();
    let repos = report["repos"].as_array_mut().unwrap();
    repos.clear();
    for i in 0..n {
        let mut r = model.clone();
        r["name"] = format!("repo-{i:06}").into();
        repos.push(r);
    }
    let path = t.join("big.json");
    fs::write(&path, serde_json::to_string(&report).unwrap()).unwrap();
    path
}

#[test]
fn sigterm_during_a_write_leaves_nothing_behind() {
    let t = tempfile::tempdir().unwrap();
    let big = big_report(t.path(), 40_000);
    let dir = t.path().join("out");
    fs::create_dir(&dir).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("paved");
    let mut child = std::process::Command::new(bin)
        .args(["merge", "--format", "html", "--output"])
        .arg(dir.join("report.html"))
        .arg(&big)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the temporary file to appear, then stop the run while it is being written.
    let start = Instant::now();
    let mut seen = false;
    while start.elapsed() < Duration::from_secs(60) {
        if names(&dir).iter().any(|n| n.contains(".paved-tmp-")) {
            seen = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(seen, "the write finished before it could be signalled");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert_eq!(names(&dir), Vec::<String>::new());
}

#[test]
fn endless_inputs_end_quickly_with_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let org = org(t.path());
    let report = t.path().join("r.json");
    scan_to(&org, &report).success();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["scan", "--config", "/dev/zero", org.to_str().unwrap()],
            "/dev/zero: not a text file",
        ),
        (vec!["merge", "/dev/zero"], "/dev/zero: not a text file"),
        (
            vec!["diff", "/dev/zero", report.to_str().unwrap()],
            "/dev/zero: not a text file",
        ),
        (
            vec!["diff", report.to_str().unwrap(), "/dev/zero"],
            "/dev/zero: not a text file",
        ),
    ];
    for (args, message) in cases {
        let start = Instant::now();
        let out = paved(&args.join(" "), &os(&args)).code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{args:?} took {:?}",
            start.elapsed()
        );
    }
    // A pack or config over its limit is refused before it is read.
    let huge = t.path().join("huge.yml");
    let f = fs::File::create(&huge).unwrap();
    f.set_len(paved::input::PACK_LIMIT + 1).unwrap();
    for flag in ["--rules", "--config"] {
        let mut args = os(&["scan", flag]);
        args.extend([huge.as_os_str(), org.as_os_str()]);
        let out = paved(&format!("scan {flag} over 4 MiB"), &args).code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(err.contains("larger than the 4 MiB limit"), "{flag}: {err}");
    }
}

#[test]
fn discovery_stays_inside_the_roots_and_reports_what_it_cannot_read() {
    let t = tempfile::tempdir().unwrap();
    let org = org(t.path());
    std::os::unix::fs::symlink("/", org.join("escape")).unwrap();
    // A loop and a link to nothing: neither may hang the walk; the second cannot be read.
    std::os::unix::fs::symlink(".", org.join("loop")).unwrap();
    std::os::unix::fs::symlink("../nowhere", org.join("gone")).unwrap();
    let mut args = os(&["scan", "--builtin", "basics", "--format", "json"]);
    args.push(org.as_os_str());
    let start = Instant::now();
    let out = paved("discovery: escape, loop, dangling link", &args).code(3);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("warning:") && err.contains("gone: could not be read"),
        "{err}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let names: Vec<&str> = report["repos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b", "gone"]);
    assert!(
        report["repos"][2]["error"]
            .as_str()
            .unwrap()
            .contains("folder could not be read")
    );
    // Without --quiet the skipped link is noted.
    let out = bounded("discovery, not quiet", false, &args).code(3);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("escape -> /: outside the scanned folders"),
        "{err}"
    );

    // A pseudo-filesystem given as the root ends at once.
    let start = Instant::now();
    let out = paved("scan /proc", &os(&["scan", "/proc"])).code(2);
    assert!(start.elapsed() < Duration::from_secs(10));
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("pseudo-filesystem"), "{err}");
}

#[test]
fn jobs_are_clamped_with_a_note() {
    let t = tempfile::tempdir().unwrap();
    let org = org(t.path());
    let start = Instant::now();
    let mut args = os(&[
        "scan",
        "--builtin",
        "basics",
        "--jobs",
        "20000",
        "--format",
        "json",
    ]);
    args.push(org.as_os_str());
    let out = bounded("--jobs 20000", false, &args).success();
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let want = format!("--jobs 20000: using {}", paved::eval::max_jobs());
    assert!(err.contains(&want), "{err}");
}
