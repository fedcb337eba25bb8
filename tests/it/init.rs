//! `paved init` on the sample org: the files it writes validate and drive a scan, a second run
//! refuses and leaves them byte-identical, and the generated `paved.yml` is a snapshot.

use std::path::Path;

use assert_cmd::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn paved(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("paved").unwrap();
    c.current_dir(dir).env("SOURCE_DATE_EPOCH", "1795000000");
    c
}

#[test]
fn init_on_the_sample_org_writes_files_that_validate_and_scan() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path().join("org");
    paved_fixture::build_set(Path::new(&format!("{ROOT}/fixtures/sample-org")), &org).unwrap();
    let work = t.path().join("work");
    std::fs::create_dir(&work).unwrap();

    paved(&work).arg("init").arg(&org).assert().code(0);
    let config = std::fs::read_to_string(work.join("paved.yml")).unwrap();
    let starter = std::fs::read_to_string(work.join("rules/our-road.yml")).unwrap();
    insta::assert_snapshot!("init_paved_yml", config);
    assert!(starter.contains("title: CI uses our reusable workflow at a released tag"));

    for file in ["paved.yml", "rules/our-road.yml"] {
        paved(&work)
            .args(["rules", "validate", file])
            .assert()
            .code(0);
    }
    let out = paved(&work)
        .args(["scan", "--config", "paved.yml", "--format", "json"])
        .arg(&org)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = crate::common::report_v1(&out.stdout);
    let packs: Vec<&str> = report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pack"].as_str().unwrap())
        .collect();
    assert!(packs.contains(&"our-road"), "{packs:?}");
    assert!(!packs.contains(&"open-source"), "{packs:?}");
    assert_eq!(report["summary"]["repos"], 19);

    // A second run (here: only paved.yml is in the way) refuses, names the file and writes nothing.
    let before = (config.clone(), starter.clone());
    std::fs::remove_file(work.join("rules/our-road.yml")).unwrap();
    let out = paved(&work).arg("init").arg(&org).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("paved.yml already exists"), "{err}");
    assert!(!work.join("rules/our-road.yml").exists(), "nothing written");
    std::fs::write(work.join("rules/our-road.yml"), &before.1).unwrap();
    paved(&work).arg("init").arg(&org).assert().code(2);
    assert_eq!(
        std::fs::read_to_string(work.join("paved.yml")).unwrap(),
        before.0
    );
    assert_eq!(
        std::fs::read_to_string(work.join("rules/our-road.yml")).unwrap(),
        before.1
    );
}

/// `--dir` names where the files go; the starter pack's own folder is checked too.
#[test]
fn init_refuses_when_only_the_starter_pack_exists() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path().join("org");
    paved_fixture::build_repo(
        Path::new(&format!("{ROOT}/fixtures/sample-org/payments/ledger")),
        &org,
    )
    .unwrap();
    let out_dir = t.path().join("cfg");
    std::fs::create_dir_all(out_dir.join("rules")).unwrap();
    std::fs::write(out_dir.join("rules/our-road.yml"), "mine\n").unwrap();
    let out = paved(t.path())
        .arg("init")
        .arg(&org)
        .arg("--dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("our-road.yml already exists"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out_dir.join("paved.yml").exists());
    assert_eq!(
        std::fs::read_to_string(out_dir.join("rules/our-road.yml")).unwrap(),
        "mine\n"
    );
}
