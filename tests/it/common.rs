//! Helpers shared by the end-to-end tests: small orgs built from inline files.

use std::path::Path;

/// Builds each repository (one commit of its files) at `root/org/<name>`; names may be nested.
pub fn build_org(root: &Path, repos: &[(&str, &[(&str, &str)])]) {
    for (name, files) in repos {
        let src = root.join(".src").join(name);
        paved_fixture::write_files(&src, files).unwrap();
        let dest = root.join("org").join(name);
        paved_fixture::build_repo(&src, dest.parent().unwrap()).unwrap();
    }
    let _ = std::fs::remove_dir_all(root.join(".src"));
}
