//! `scripts/install-paved.sh`, the Action's installer, against a fake release host on
//! 127.0.0.1: a verified download is installed and runs, a checksum mismatch installs and runs
//! nothing, and a missing asset falls back to the (here: stubbed) source build.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = "9.8.7";
const TARGET: &str = "x86_64-unknown-linux-musl";
const MARKER: &str = "fake paved from the test release";

/// Serves files under `root` over HTTP/1.0 on 127.0.0.1 (404 for anything missing) until the
/// test process ends; returns the base URL.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Drain the headers; the request line is all the server needs.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let file = root.join(path.trim_start_matches('/'));
            let (status, body) = match std::fs::read(&file) {
                Ok(b) if !path.contains("..") => ("200 OK", b),
                _ => ("404 Not Found", b"not found\n".to_vec()),
            };
            let head = format!(
                "HTTP/1.0 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    base
}

/// A release `v{VERSION}` under `root`: the archive with an executable `paved` script that
/// prints the marker, and SHA256SUMS (with `digest` instead of the real one when given).
fn fake_release(root: &Path, digest: Option<&str>) -> String {
    let name = format!("paved-{VERSION}-{TARGET}");
    let stage = root.join("stage").join(&name);
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(stage.join("paved"), format!("#!/bin/sh\necho '{MARKER}'\n")).unwrap();
    sh(&format!("chmod 755 '{}'", stage.join("paved").display()));
    let dir = root.join(format!("v{VERSION}"));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = format!("{name}.tar.gz");
    sh(&format!(
        "tar -C '{}' -czf '{}' '{name}'",
        root.join("stage").display(),
        dir.join(&archive).display()
    ));
    let real = sh(&format!("sha256sum '{}'", dir.join(&archive).display()));
    let real = real.split_whitespace().next().unwrap().to_string();
    let sums = format!("{}  {archive}\n", digest.unwrap_or(&real));
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
    real
}

fn sh(script: &str) -> String {
    let out = Command::new("bash").args(["-c", script]).output().unwrap();
    assert!(out.status.success(), "{script}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the installer against `base`, with a fallback that records its arguments in a file.
fn install(base: &str, dest: &Path, work: &Path) -> (Output, PathBuf) {
    let called = work.join("fallback-called");
    let fallback = work.join("fallback.sh");
    std::fs::write(
        &fallback,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", called.display()),
    )
    .unwrap();
    sh(&format!("chmod 755 '{}'", fallback.display()));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-paved.sh");
    let out = Command::new("bash")
        .arg(script)
        .env_remove("GITHUB_ACTIONS")
        .env("PAVED_VERSION", format!("v{VERSION}"))
        .env("PAVED_RELEASE_BASE_URL", base)
        .env("PAVED_TARGET", TARGET)
        .env("PAVED_INSTALL_DIR", dest)
        .env("PAVED_FALLBACK_CMD", &fallback)
        .output()
        .unwrap();
    (out, called)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn verified_download_is_installed_and_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("host");
    fake_release(&root, None);
    let base = serve(root);
    let dest = tmp.path().join("dest");
    let (out, called) = install(&base, &dest, tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("verified"), "{}", stderr(&out));
    assert!(!called.exists(), "the fallback must not run");
    let run = Command::new(dest.join("bin/paved")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), MARKER);
}

#[test]
fn checksum_mismatch_installs_and_runs_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("host");
    let wrong = "0".repeat(64);
    let real = fake_release(&root, Some(&wrong));
    let base = serve(root);
    let dest = tmp.path().join("dest");
    let (out, called) = install(&base, &dest, tmp.path());
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("checksum mismatch"), "{err}");
    assert!(err.contains(&wrong) && err.contains(&real), "{err}");
    assert!(!err.contains(MARKER) && !String::from_utf8_lossy(&out.stdout).contains(MARKER));
    assert!(!dest.join("bin/paved").exists(), "nothing may be installed");
    assert!(!called.exists(), "a mismatch must not fall back to a build");
}

#[test]
fn missing_asset_falls_back_to_the_source_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("host");
    std::fs::create_dir_all(&root).unwrap();
    let base = serve(root);
    let dest = tmp.path().join("dest");
    let (out, called) = install(&base, &dest, tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("not found"), "{}", stderr(&out));
    assert!(stderr(&out).contains("building paved"), "{}", stderr(&out));
    let args = std::fs::read_to_string(&called).expect("the fallback ran");
    let src = env!("CARGO_MANIFEST_DIR");
    assert_eq!(args.trim(), format!("{src} {}", dest.display()));
    assert!(!dest.join("bin/paved").exists());
}
