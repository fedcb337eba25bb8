//! Builds the sample org (`fixtures/sample-org`) into real git repositories for demos:
//! `paved-sample-org [--fixtures DIR] [DEST]`, default DEST `<target dir>/sample-org`, default
//! DIR the workspace's `fixtures/`.
//!
//! An existing DEST is replaced only when a marker file shows it is a sample org this program
//! built before, so a mistyped path can never delete someone's folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const MARKER: &str = ".paved-sample-org";
const USAGE: &str = "usage: paved-sample-org [--fixtures DIR] [DEST]";

/// The workspace root: this crate lives in `crates/paved-fixture`.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn default_dest() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("sample-org")
}

struct Args {
    fixtures: PathBuf,
    dest: PathBuf,
}

fn parse_args(args: &[String]) -> Option<Args> {
    let mut fixtures = None;
    let mut dest = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return None,
            "--fixtures" => fixtures = Some(PathBuf::from(it.next()?)),
            _ if a.starts_with('-') || dest.is_some() => return None,
            _ => dest = Some(PathBuf::from(a)),
        }
    }
    Some(Args {
        fixtures: fixtures.unwrap_or_else(|| workspace_root().join("fixtures")),
        dest: dest.unwrap_or_else(default_dest),
    })
}

/// Clears `dest` for a new build, or says why not.
fn prepare(dest: &Path) -> Result<(), String> {
    if !dest.exists() {
        return Ok(());
    }
    if !dest.is_dir() {
        return Err(format!("{} exists and is not a folder", dest.display()));
    }
    let empty = std::fs::read_dir(dest)
        .map_err(|e| format!("{}: {e}", dest.display()))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !dest.join(MARKER).is_file() {
        return Err(format!(
            "{} exists and is not a sample org built by paved-sample-org (no {MARKER}); \
             refusing to delete it. Pick another DEST or remove it yourself.",
            dest.display()
        ));
    }
    std::fs::remove_dir_all(dest).map_err(|e| format!("removing {}: {e}", dest.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(Args { fixtures, dest }) = parse_args(&args) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let src = fixtures.join("sample-org");
    if !src.is_dir() {
        eprintln!(
            "paved-sample-org: {} is not a folder (give --fixtures DIR)",
            src.display()
        );
        return ExitCode::from(2);
    }
    if let Err(e) = prepare(&dest) {
        eprintln!("paved-sample-org: {e}");
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(&dest) {
        eprintln!("paved-sample-org: {}: {e}", dest.display());
        return ExitCode::FAILURE;
    }
    // The marker goes in first, so a build that fails half-way can still be replaced.
    if let Err(e) = std::fs::write(dest.join(MARKER), "built by paved-sample-org\n") {
        eprintln!("paved-sample-org: {}: {e}", dest.display());
        return ExitCode::FAILURE;
    }
    match paved_fixture::build_set(&src, &dest) {
        Ok(repos) => {
            eprintln!("built {} repositories", repos.len());
            println!("{}", dest.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("paved-sample-org: {e}");
            ExitCode::FAILURE
        }
    }
}
