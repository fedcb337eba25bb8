//! The result cache: a hit is exactly a repository whose tree (scan) or commit (trend) and rule
//! set are unchanged; a corrupt, foreign or newer entry is ignored with a warning and rebuilt;
//! the folder is bounded; and a scan killed at random points leaves a cache that gives the
//! same report as no cache at all.

use std::path::{Path, PathBuf};

use paved::cache::{Cache, Fingerprint, Kind};
use paved::discover::RepoRef;
use paved::eval::{self, ScanOptions};
use paved::history::{self, Every, TrendSpec};
use paved::pack::{self, RuleSet};
use paved::report::RepoReport;

use crate::common::build_org;
use crate::common::entry_files as entries;

const README: &str = "# x\n\nA readme long enough to count as one.\n";

fn builtin(packs: &[&str]) -> RuleSet {
    pack::load(&pack::builtin::sources_where(|p| packs.contains(&p))).unwrap()
}

fn discover(root: &Path) -> Vec<RepoRef> {
    let none = globset::GlobSetBuilder::new().build().unwrap();
    paved::discover::local::discover(&[root.to_path_buf()], &none)
        .unwrap()
        .repos
}

fn cached_opts(rules: &RuleSet, dir: &Path) -> ScanOptions {
    let opts = ScanOptions {
        jobs: Some(2),
        ..Default::default()
    };
    crate::common::cached(&opts, rules, dir)
}

fn scan(rules: &RuleSet, repos: &[RepoRef], opts: &ScanOptions) -> Vec<RepoReport> {
    eval::scan(rules, repos, opts, &|_| {}).unwrap()
}

/// Rewrites every stored scan report's first message to `marker`, keeping the entry valid: a
/// result carrying the marker can only have come from the cache.
fn mark_entries(dir: &Path, marker: &str) {
    use paved::cache::scan_entry;
    for p in entries(&dir.join("scan")) {
        let bytes = std::fs::read(&p).unwrap();
        // A header line, then the data, then its 4-byte checksum.
        let at = bytes.iter().position(|&b| b == b'\n').unwrap();
        let mut r = scan_entry::read(&bytes[at + 1..bytes.len() - 4]).unwrap();
        let mut first = (*r.results[0]).clone();
        first.message = marker.into();
        r.results[0] = std::sync::Arc::new(first);
        let mut out = bytes[..=at].to_vec();
        out.extend(scan_entry::write(&r));
        std::fs::write(&p, crate::common::sealed(out)).unwrap();
    }
}

fn marked(reports: &[RepoReport], marker: &str) -> Vec<String> {
    reports
        .iter()
        .filter(|r| r.results.first().is_some_and(|x| x.message == marker))
        .map(|r| r.name.clone())
        .collect()
}

/// Two orgs with the same repository names: `same` has the same files in both (the same tree
/// id), `changed` differs by one file.
fn two_orgs(tmp: &Path) -> (PathBuf, PathBuf) {
    let a = tmp.join("a");
    let b = tmp.join("b");
    build_org(
        &a,
        &[
            ("same", &[("README.md", README), ("LICENSE", "MIT")]),
            ("changed", &[("README.md", README)]),
        ],
    );
    build_org(
        &b,
        &[
            ("same", &[("README.md", README), ("LICENSE", "MIT")]),
            (
                "changed",
                &[("README.md", README), ("SECURITY.md", "mail us")],
            ),
        ],
    );
    (a.join("org"), b.join("org"))
}

#[test]
fn a_hit_needs_the_same_tree_and_the_same_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = two_orgs(tmp.path());
    let dir = tmp.path().join("cache");
    let rules = builtin(&["basics"]);
    let opts = cached_opts(&rules, &dir);
    let cold = scan(&rules, &discover(&a), &opts);
    let uncached = scan(&rules, &discover(&a), &ScanOptions::default());
    assert_eq!(cold, uncached, "a cold cached scan is a plain scan");
    assert_eq!(entries(&dir).len(), 2, "one entry per repository");

    mark_entries(&dir, "from the cache");
    let warm = scan(&rules, &discover(&a), &opts);
    assert_eq!(marked(&warm, "from the cache"), ["changed", "same"]);

    // Another folder, same names: the unchanged tree hits, the changed one is evaluated.
    let other = scan(&rules, &discover(&b), &opts);
    assert_eq!(marked(&other, "from the cache"), ["same"]);
    let fresh = scan(&rules, &discover(&b), &ScanOptions::default());
    let changed = |rs: &[RepoReport]| rs.iter().find(|r| r.name == "changed").unwrap().clone();
    assert_eq!(changed(&other), changed(&fresh));

    // Another rule set (one more pack) has another fingerprint: nothing hits.
    let more = builtin(&["basics", "open-source"]);
    let other_rules = scan(&more, &discover(&a), &cached_opts(&more, &dir));
    assert!(marked(&other_rules, "from the cache").is_empty());
    assert_eq!(
        other_rules,
        scan(&more, &discover(&a), &ScanOptions::default())
    );
    let (warnings, _) = opts.cache.as_ref().unwrap().store.take_warnings();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn corrupt_foreign_and_newer_entries_are_ignored_with_a_warning_and_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, _) = two_orgs(tmp.path());
    let dir = tmp.path().join("cache");
    let rules = builtin(&["basics"]);
    let repos = discover(&a);
    let want = scan(&rules, &repos, &ScanOptions::default());
    type Spoil = fn(&[u8]) -> Vec<u8>;
    // The header cases edit the header's text (the binary data after it is never reached).
    fn header(t: &[u8], from: &str, to: &str) -> Vec<u8> {
        String::from_utf8_lossy(t).replace(from, to).into_bytes()
    }
    let cases: [(&str, Spoil); 6] = [
        ("not a paved cache entry", |_| b"{\"truncat".to_vec()),
        ("not a paved cache entry", |_| b"[1, 2, 3]".to_vec()),
        ("written by a newer paved", |t| {
            let now = format!("\"paved_cache\":{}", paved::cache::FORMAT);
            header(t, &now, "\"paved_cache\":99")
        }),
        ("another kind, key or format", |t| {
            header(t, "\"kind\":\"scan\"", "\"kind\":\"history\"")
        }),
        // One byte of the data changed, or the entry cut short: whole entries but for the
        // checksum.
        ("checksum does not match", |t| {
            let mut t = t.to_vec();
            let at = t.len() - 6;
            t[at] ^= 0x20;
            t
        }),
        ("checksum does not match", |t| t[..t.len() - 1].to_vec()),
    ];
    for (why, spoil) in cases {
        let opts = cached_opts(&rules, &dir);
        scan(&rules, &repos, &opts);
        let paths = entries(&dir);
        assert_eq!(paths.len(), 2);
        for p in &paths {
            std::fs::write(p, spoil(&std::fs::read(p).unwrap())).unwrap();
        }
        let got = scan(&rules, &repos, &opts);
        assert_eq!(got, want, "{why}");
        let (warnings, _) = opts.cache.as_ref().unwrap().store.take_warnings();
        assert_eq!(warnings.len(), 2, "{why}: {warnings:?}");
        assert!(warnings.iter().all(|w| w.contains(why)), "{warnings:?}");
        // Rebuilt: the next run reads them without a warning.
        let opts = cached_opts(&rules, &dir);
        assert_eq!(scan(&rules, &repos, &opts), want);
        let (warnings, _) = opts.cache.as_ref().unwrap().store.take_warnings();
        assert!(warnings.is_empty(), "{why}: {warnings:?}");
    }
}

#[test]
fn eviction_removes_the_least_recently_used_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = builtin(&["basics"]);
    let fp = Fingerprint::new(&rules, &Default::default(), &Default::default());
    let store = Cache::new(tmp.path(), 10_000);
    let repos: Vec<RepoRef> = (0..20)
        .map(|i| RepoRef {
            name: format!("r{i}"),
            location: PathBuf::new(),
            meta: Default::default(),
        })
        .collect();
    let keys: Vec<_> = repos.iter().map(|r| fp.history_key(r)).collect();
    let filler = "x".repeat(900);
    let now = std::time::SystemTime::now();
    let secs = std::time::Duration::from_secs;
    for (i, k) in keys.iter().enumerate() {
        store.put(Kind::History, k, |w| w.write_all(filler.as_bytes()));
        // Entries 0..10 were last used an hour ago, except 3, read just now; the others a
        // second apart, in order (writes are faster than the clock's tick, so written ones
        // could share a time and leave the order among them to chance).
        let used = if i < 10 && i != 3 {
            now - secs(3600)
        } else {
            now - secs(20 - i as u64)
        };
        let p = entries(tmp.path())
            .into_iter()
            .find(|p| p.to_string_lossy().contains(k.as_str()))
            .unwrap();
        std::fs::File::open(&p).unwrap().set_modified(used).unwrap();
    }
    let removed = store.evict();
    assert!(removed >= 10, "removed {removed}");
    let total: u64 = entries(tmp.path())
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    assert!(total <= 9_000, "{total} bytes left");
    let kept = |i: usize| {
        store
            .get(Kind::History, &keys[i], |d| String::from_utf8(d.to_vec()))
            .is_some()
    };
    assert!(
        (0..10).filter(|&i| i != 3).all(|i| !kept(i)),
        "the oldest go first"
    );
    assert!(kept(19), "the newest stay");
}

#[test]
fn a_trend_rerun_reads_stored_points_and_equals_a_cold_trend() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cache");
    let rules = crate::history::rules();
    let repos = crate::history::repos();
    let mut opts = crate::history::options();
    let with_cache = |opts: &ScanOptions| crate::common::cached(opts, &rules, &dir);
    opts.jobs = Some(2);
    let day = crate::history::day;
    let trend = |spec: &TrendSpec, o: &ScanOptions| {
        history::trend(&rules, &repos, o, spec, "t".into(), &|| {}).unwrap()
    };
    let first = TrendSpec::new(day("2026-01-31"), day("2026-05-31"), Every::Month).unwrap();
    let cold = trend(&first, &with_cache(&opts));
    assert_eq!(cold.points, trend(&first, &opts).points);
    let warm = trend(&first, &with_cache(&opts));
    assert_eq!(warm.points, cold.points);
    assert_eq!(warm.repos, cold.repos);
    assert_eq!(
        warm.stats.evaluated, 0,
        "every point was stored: {:?}",
        warm.stats
    );

    // One more month: the new point is evaluated, the rest read; the same as a cold trend.
    let longer = TrendSpec::new(day("2026-01-31"), day("2026-06-30"), Every::Month).unwrap();
    let rerun = trend(&longer, &with_cache(&opts));
    let uncached = trend(&longer, &opts);
    assert_eq!(rerun.points, uncached.points);
    assert_eq!(rerun.repos, uncached.repos);
    assert!(rerun.stats.evaluated < uncached.stats.evaluated);
    // The documents, byte for byte: the rerun (new commits walked onto the stored line, old
    // points read as stored outcomes) and a run reading everything stored say what a cold run
    // says, the dashboard's full latest results included.
    let cold_json = serde_json::to_string_pretty(&uncached).unwrap();
    crate::common::assert_valid_trend(&cold_json);
    assert_eq!(serde_json::to_string_pretty(&rerun).unwrap(), cold_json);
    let again = trend(&longer, &with_cache(&opts));
    assert_eq!(again.stats.evaluated, 0, "{:?}", again.stats);
    assert_eq!(serde_json::to_string_pretty(&again).unwrap(), cold_json);
    // A shorter period after a longer one: its last point's full results were not stored
    // (only the longer run's were), so they are evaluated again, and still equal a cold run.
    let shorter = trend(&first, &with_cache(&opts));
    let shorter_cold = trend(&first, &opts);
    assert_eq!(
        serde_json::to_string_pretty(&shorter).unwrap(),
        serde_json::to_string_pretty(&shorter_cold).unwrap()
    );
}

#[test]
fn spoiled_trend_entries_are_ignored_with_a_warning_and_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cache");
    let rules = crate::history::rules();
    let repos = crate::history::repos();
    let opts = crate::history::options();
    let cached = || crate::common::cached(&opts, &rules, &dir);
    let day = crate::history::day;
    let spec = TrendSpec::new(day("2026-01-31"), day("2026-05-31"), Every::Month).unwrap();
    let trend = |o: &ScanOptions| history::trend(&rules, &repos, o, &spec, "t".into(), &|| {});
    let want = serde_json::to_string(&trend(&opts).unwrap()).unwrap();
    type Spoil = fn(&[u8]) -> Vec<u8>;
    // The header reads; the data after it does not (cut short, with bytes left over, its first
    // count past the end; the unit tests in `history::stored` spoil each part).
    let cases: [Spoil; 3] = [
        |t| t[..t.len() - 10].to_vec(),
        |t| [t, b"\0"].concat(),
        |t| {
            let at = t.iter().position(|&b| b == b'\n').unwrap() + 1;
            let mut t = t.to_vec();
            t[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            t
        },
    ];
    for (i, spoil) in cases.into_iter().enumerate() {
        let o = cached();
        trend(&o).unwrap();
        // A repository that fails at every point stores nothing.
        let paths = entries(&dir);
        assert!(paths.len() > 1, "{paths:?}");
        for p in &paths {
            // Spoiled under a checksum that matches, so the data itself is read.
            let bytes = std::fs::read(p).unwrap();
            let body = &bytes[..bytes.len() - 4];
            std::fs::write(p, crate::common::sealed(spoil(body))).unwrap();
        }
        let o = cached();
        let got = trend(&o).unwrap();
        assert_eq!(serde_json::to_string(&got).unwrap(), want, "case {i}");
        assert_eq!(
            got.stats.reused,
            trend(&opts).unwrap().stats.reused,
            "case {i}: nothing read"
        );
        let (warnings, _) = o.cache.as_ref().unwrap().store.take_warnings();
        assert_eq!(warnings.len(), paths.len(), "case {i}: {warnings:?}");
        assert!(
            warnings.iter().all(|w| w.contains("does not read")),
            "{warnings:?}"
        );
        // Rebuilt: the next run reads every point without a warning.
        let o = cached();
        let again = trend(&o).unwrap();
        assert_eq!(again.stats.evaluated, 0, "case {i}: {:?}", again.stats);
        assert_eq!(serde_json::to_string(&again).unwrap(), want);
        let (warnings, _) = o.cache.as_ref().unwrap().store.take_warnings();
        assert!(warnings.is_empty(), "case {i}: {warnings:?}");
    }
}

/// A pseudo-random delay per attempt, from the standard library's per-process random keys.
fn delay_ms(i: u64, max: u64) -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(i) % max
}

#[test]
fn a_scan_killed_at_random_points_leaves_a_cache_that_gives_the_same_report() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    paved_fixture::build_set(Path::new("fixtures/sample-org"), &org).unwrap();
    let dir = tmp.path().join("cache");
    let paved = assert_cmd::cargo::cargo_bin("paved");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(&paved)
            .args(["--quiet", "scan", "--format", "json"])
            .arg(&org)
            .args(extra)
            .env("SOURCE_DATE_EPOCH", "1784000000")
            .output()
            .unwrap();
        assert!(
            out.status.code().is_some_and(|c| c == 0 || c == 3),
            "{out:?}"
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let want = run(&["--no-cache"]);
    crate::common::assert_valid_report(&want);
    let cache = dir.to_str().unwrap();
    for i in 0..10 {
        let mut child = std::process::Command::new(&paved)
            .args([
                "--quiet", "scan", "--format", "json", "--jobs", "2", "--cache", cache,
            ])
            .arg(&org)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms(i, 400)));
        // SIGKILL: no handler runs, temporaries stay where they were.
        let _ = child.kill();
        child.wait().unwrap();
    }
    let full = std::process::Command::new(&paved)
        .args(["scan", "--format", "json", "--cache", cache])
        .arg(&org)
        .env("SOURCE_DATE_EPOCH", "1784000000")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(String::from_utf8(full.stdout).unwrap(), want);
    // And a warm run from the now complete cache says the same.
    assert_eq!(run(&["--cache", cache]), want);
    assert!(!entries(&dir).is_empty());
}

#[test]
fn temporary_files_of_killed_runs_are_removed_after_the_next_run_that_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let rules = builtin(&["basics"]);
    let fp = Fingerprint::new(&rules, &Default::default(), &Default::default());
    let store = Cache::new(tmp.path(), 1 << 30);
    let repo = |name: &str| RepoRef {
        name: name.into(),
        location: PathBuf::new(),
        meta: Default::default(),
    };
    let key = fp.history_key(&repo("r"));
    store.put(Kind::History, &key, |w| w.write_all(b"first"));
    let entry = entries(tmp.path()).pop().unwrap();
    let folder = entry.parent().unwrap().to_path_buf();
    let name = entry.file_name().unwrap().to_string_lossy().into_owned();
    // A run killed while writing (a PID that cannot be running), and one writing now (ours).
    let dead = folder.join(format!(".{name}.paved-tmp-{}-0123456789abcdef", u32::MAX));
    let live = folder.join(format!(
        ".{name}.paved-tmp-{}-fedcba9876543210",
        std::process::id()
    ));
    std::fs::write(&dead, "half an entry").unwrap();
    std::fs::write(&live, "being written").unwrap();
    // Writes no longer search the folder; the walk after the run does.
    store.put(Kind::History, &key, |w| w.write_all(b"second"));
    assert!(dead.exists());
    assert_eq!(store.evict(), 0);
    assert!(!dead.exists(), "the killed run's file is removed");
    assert!(live.exists(), "a running writer's file is left");
    // The rewrite's spare (the first entry's file, on Linux) is the run's own: removed too.
    let mut left: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    left.sort();
    assert_eq!(left, [live.clone(), entry.clone()]);
    assert_eq!(
        store.get(Kind::History, &key, |d| String::from_utf8(d.to_vec())),
        Some("second".to_string())
    );
}

#[test]
fn two_runs_writing_and_reading_the_same_entries_see_whole_entries_and_no_warning() {
    // Two caches on one folder, as two runs sharing it: each writes entries (swapping them
    // with its own spare file, which then holds an entry the other may be reading) and reads
    // the other's. Every read is an entry as one of them wrote it, or a miss before the first
    // write; none is torn, and none is reported as spoiled.
    let tmp = tempfile::tempdir().unwrap();
    let rules = builtin(&["basics"]);
    let fp = Fingerprint::new(&rules, &Default::default(), &Default::default());
    let keys: Vec<_> = (0..64)
        .map(|i| {
            fp.history_key(&RepoRef {
                name: format!("r{i}"),
                location: PathBuf::new(),
                meta: Default::default(),
            })
        })
        .collect();
    // Sizes that differ, so a mix of two entries would show.
    let payload = |who: u8, n: usize| vec![who; 100 + (n * 37) % 5_000];
    let run = |who: u8| {
        let store = Cache::new(tmp.path(), 1 << 30);
        let keys = &keys;
        move || {
            for n in 0..1_500 {
                let k = &keys[(n * 7 + usize::from(who) * 13) % keys.len()];
                store.put(Kind::History, k, |w| w.write_all(&payload(who, n)));
                let other = &keys[(n * 11 + 5) % keys.len()];
                if let Some(got) = store.get(Kind::History, other, |d| Ok::<_, String>(d.to_vec()))
                {
                    let first = got[0];
                    assert!(first == b'a' || first == b'b', "{first}");
                    assert!(got.iter().all(|&b| b == first), "a mix of two entries");
                }
            }
            store.take_warnings()
        }
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(run(b'a'));
        let b = s.spawn(run(b'b'));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_eq!(a, (Vec::new(), 0));
    assert_eq!(b, (Vec::new(), 0));
}
