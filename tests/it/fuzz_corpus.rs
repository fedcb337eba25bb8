//! The fuzz targets' kept inputs as regression tests: every file of `fuzz/corpus/<target>/`
//! and every crash reproducer in `fuzz/regressions/<target>/` goes through the same harness
//! function the `cargo fuzz` target calls (`paved::fuzzing`), so a fixed crash stays fixed
//! without nightly or cargo-fuzz.

use std::path::{Path, PathBuf};

use paved::fuzzing::TARGETS;

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = read
        .map(|e| e.expect("reading a corpus folder").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs each file through `run`, naming the file that panicked.
fn replay(target: &str, run: fn(&[u8]), files: &[PathBuf]) {
    for file in files {
        let data = std::fs::read(file).expect("reading a corpus file");
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!(
                "fuzz target `{target}` fails on {} (reproduce: cd fuzz && cargo +nightly fuzz run {target} {})",
                file.display(),
                file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz"))
                    .unwrap_or(file)
                    .display()
            );
        }
    }
}

#[test]
fn every_kept_fuzz_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (target, run) in TARGETS {
        let corpus = files(&root.join("corpus").join(target));
        // An empty corpus would make this test pass without testing anything.
        assert!(
            corpus.len() >= 3,
            "fuzz/corpus/{target} holds {} inputs",
            corpus.len()
        );
        replay(target, run, &corpus);
        replay(target, run, &files(&root.join("regressions").join(target)));
    }
}

/// Every target has its fuzz target file and its corpus folder, and no stray folder is left
/// without a target.
#[test]
fn fuzz_targets_corpus_folders_and_harness_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
    for name in &names {
        assert!(
            root.join("fuzz_targets")
                .join(format!("{name}.rs"))
                .is_file(),
            "fuzz/fuzz_targets/{name}.rs is missing"
        );
    }
    for folder in ["corpus", "regressions"] {
        for dir in std::fs::read_dir(root.join(folder)).expect("the folder exists") {
            let dir = dir.expect("listing");
            if !dir.path().is_dir() {
                continue;
            }
            let dir = dir.file_name();
            let dir = dir.to_string_lossy();
            assert!(
                names.contains(&dir.as_ref()),
                "fuzz/{folder}/{dir} has no fuzz target"
            );
        }
    }
}
