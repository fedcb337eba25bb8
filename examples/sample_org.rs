//! Builds the sample org (`fixtures/sample-org`) into real git repositories for demos:
//! `cargo run --example sample_org -- [DEST]`, default `<target dir>/sample-org`.
//!
//! An existing DEST is replaced only when a marker file shows it is a sample org this example
//! built before, so a mistyped path can never delete someone's folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use paved::fixture;

const MARKER: &str = ".paved-sample-org";

fn default_dest() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("sample-org")
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
            "{} exists and is not a sample org built by this example (no {MARKER}); \
             refusing to delete it. Pick another DEST or remove it yourself.",
            dest.display()
        ));
    }
    std::fs::remove_dir_all(dest).map_err(|e| format!("removing {}: {e}", dest.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() > 1 || args.first().is_some_and(|a| a == "-h" || a == "--help") {
        eprintln!("usage: cargo run --example sample_org -- [DEST]");
        return ExitCode::from(2);
    }
    let dest = args.first().map(PathBuf::from).unwrap_or_else(default_dest);
    if let Err(e) = prepare(&dest) {
        eprintln!("sample_org: {e}");
        return ExitCode::from(2);
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-org");
    if let Err(e) = std::fs::create_dir_all(&dest) {
        eprintln!("sample_org: {}: {e}", dest.display());
        return ExitCode::FAILURE;
    }
    // The marker goes in first, so a build that fails half-way can still be replaced.
    if let Err(e) = std::fs::write(
        dest.join(MARKER),
        "built by `cargo run --example sample_org`\n",
    ) {
        eprintln!("sample_org: {}: {e}", dest.display());
        return ExitCode::FAILURE;
    }
    match fixture::build_set(&src, &dest) {
        Ok(repos) => {
            eprintln!("built {} repositories", repos.len());
            println!("{}", dest.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sample_org: {e}");
            ExitCode::FAILURE
        }
    }
}
