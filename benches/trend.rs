//! The trend benchmark: what a 12-point `paved trend` costs next to one `paved scan` of the
//! same org. `cargo bench --bench trend [-- --repos N --runs R --jobs J --seed S --naive]`.
//!
//! The org is generated here: repositories with scripted histories of 20 to 60 commits spread
//! over a year (July 2025 to June 2026), written as fixture folders and built with the fixture
//! builder. Most commits edit source files; some edit files the built-in rules read (manifests,
//! workflows, READMEs), and a few add or remove paved-road files, as real repositories do. One
//! in ten is bare, one in ten is created during the year, one in ten merges a feature branch.
//! The org is cached under `<target>/bench-trend-org-N`, keyed by the generator version.
//!
//! Both measurements run in this process over the same repositories with the built-in rules:
//! the scan evaluates HEAD; the trend evaluates the last commit at the end of each month from
//! 2025-07-31 to 2026-06-30 and finds the commit behind every change. The scan and the trend
//! alternate, and the median of each is reported. `--naive` also times twelve `--as-of` scans,
//! what the trend would cost without reuse.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;
use common::{cached, target_dir};

use paved::discover::RepoRef;
use paved::eval::{self, ScanOptions};
use paved::history::{self, Cutoff, Every, TrendSpec};
use paved::pack::{self, RuleSet};

/// Bumped whenever the generated org would change.
const GENERATOR_VERSION: u32 = 1;
const MARKER: &str = ".paved-bench-trend-org";

struct Opts {
    repos: usize,
    runs: usize,
    jobs: usize,
    seed: u64,
    naive: bool,
    /// Only run the trend, `runs` times (for a profiler).
    only_trend: bool,
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        repos: 300,
        runs: 3,
        jobs: 1,
        seed: 7,
        naive: false,
        only_trend: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match a.as_str() {
            "--repos" => o.repos = num("--repos")? as usize,
            "--runs" => o.runs = (num("--runs")? as usize).max(1),
            "--jobs" => o.jobs = (num("--jobs")? as usize).max(1),
            "--seed" => o.seed = num("--seed")?,
            "--naive" => o.naive = true,
            "--only-trend" => o.only_trend = true,
            "--bench" => {}
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

fn main() -> std::process::ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "trend bench: {e}\nusage: cargo bench --bench trend -- [--repos N] [--runs R] [--jobs J] [--seed S] [--naive]"
            );
            return std::process::ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trend bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The org

/// splitmix64, so the org is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const TEAMS: &[&str] = &["payments", "platform", "web", "data", "mobile", "search"];
const WORDS: &[&str] = &[
    "account", "billing", "cache", "client", "config", "core", "deploy", "events", "handler",
    "index", "ledger", "metrics", "orders", "queue", "router", "schema", "session", "store",
];
/// 2025-07-01T00:00:00Z and one year.
const START: i64 = 1_751_328_000;
const YEAR: i64 = 365 * 86_400;
const OFFSETS: &[&str] = &["Z", "+02:00", "-07:00", "+05:30", "-03:00", "+09:00"];

fn toml_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// An RFC 3339 date for `secs` in one of a few offsets (the instant is what counts).
fn date(secs: i64, rng: &mut Rng) -> String {
    let off = OFFSETS[rng.below(OFFSETS.len() as u64) as usize];
    let minutes: i64 = match off {
        "Z" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let h: i64 = o[1..3].parse().unwrap_or(0);
            let m: i64 = o[4..6].parse().unwrap_or(0);
            sign * (h * 60 + m)
        }
    };
    let t = jiff::Timestamp::from_second(secs).expect("in range");
    let local = t
        .checked_add(jiff::SignedDuration::from_mins(minutes))
        .expect("in range")
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .datetime();
    format!("{}{off}", local.strftime("%Y-%m-%dT%H:%M:%S"))
}

const WORKFLOW: &str = "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n";

/// One repository's fixture.toml: a scripted history of 20 to 60 commits.
fn fixture(i: usize, seed: u64) -> (String, String) {
    let mut rng = Rng(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    rng.next();
    let team = TEAMS[rng.below(TEAMS.len() as u64) as usize];
    let bare = rng.chance(0.1);
    let name = format!("{team}/svc-{i:04}{}", if bare { ".git" } else { "" });
    let commits = 20 + rng.below(41) as usize;
    // Log-uniform between 20 and 1,500 source files, spread over nested folders.
    let files = (20f64.ln() + rng.unit() * (1500f64.ln() - 20f64.ln())).exp() as usize;
    let late_start = rng.chance(0.1);
    let first = if late_start {
        START + (rng.unit() * 0.7 * YEAR as f64) as i64
    } else {
        START - 30 * 86_400
    };
    let mut times: Vec<i64> = (0..commits)
        .map(|k| {
            if k == 0 {
                first
            } else {
                first + (rng.unit() * (START + YEAR - first) as f64) as i64
            }
        })
        .collect();
    times.sort();
    let kind = rng.below(3);
    let manifest = match kind {
        0 => "Cargo.toml",
        1 => "package.json",
        _ => "pyproject.toml",
    };
    let manifest_text = |v: u64, lic: bool| match kind {
        0 => format!(
            "[package]\nname = \"svc-{i}\"\nversion = \"0.{v}.0\"\n{}",
            if lic { "license = \"MIT\"\n" } else { "" }
        ),
        1 => format!(
            "{{\"name\": \"svc-{i}\", \"version\": \"1.{v}.0\"{}}}\n",
            if lic { ", \"license\": \"MIT\"" } else { "" }
        ),
        _ => format!("[project]\nname = \"svc-{i}\"\nversion = \"0.{v}\"\n"),
    };
    let path_of = |k: usize| {
        let a = WORDS[k % WORDS.len()];
        let b = WORDS[(k / WORDS.len()) % WORDS.len()];
        match k % 4 {
            0 => format!("src/{a}/mod_{k}.rs"),
            1 => format!("src/{a}/{b}/impl_{k}.rs"),
            2 => format!("src/{a}/{b}/tests/case_{k}.rs"),
            _ => format!("docs/{a}/page_{k}.md"),
        }
    };
    let mut t = String::new();
    let _ = writeln!(t, "description = \"bench repository {i}\"");
    let mut version = 1;
    let lic_in_manifest = rng.chance(0.2);
    // What the repository has, changed by events.
    let mut has_ci = rng.chance(0.4);
    let mut has_jenkins = !has_ci && rng.chance(0.2);
    let mut has_license = rng.chance(0.4);
    let mut has_owners = rng.chance(0.4);
    let mut has_bot = rng.chance(0.25);
    let mut has_security = rng.chance(0.2);
    let mut readme_heading = rng.chance(0.75);
    let mut files_now = files;
    let merge_at = rng
        .chance(0.1)
        .then(|| 2 + rng.below(commits as u64 - 3) as usize);
    for (k, &at) in times.iter().enumerate() {
        let mut entries: Vec<(String, String)> = Vec::new();
        let mut generate: Vec<(String, u64, u64)> = Vec::new();
        let mut delete: Vec<String> = Vec::new();
        let mut msg;
        let mut branch = None;
        let mut merge = None;
        if k == 0 {
            msg = "Initial import".to_string();
            entries.push((manifest.into(), manifest_text(version, lic_in_manifest)));
            entries.push((
                "README.md".into(),
                if readme_heading {
                    format!("# svc-{i}\n\nOwned by {team}.\n")
                } else {
                    format!("svc-{i}\n\nOwned by {team}.\n")
                },
            ));
            if has_ci {
                entries.push((".github/workflows/ci.yml".into(), WORKFLOW.into()));
            }
            if has_jenkins {
                entries.push(("Jenkinsfile".into(), "pipeline { agent any }\n".into()));
            }
            if has_license {
                entries.push(("LICENSE".into(), "MIT License\n".into()));
            }
            if has_owners {
                entries.push((".github/CODEOWNERS".into(), format!("* @acme/{team}\n")));
            }
            if has_bot {
                entries.push((
                    ".github/dependabot.yml".into(),
                    "version: 2\nupdates:\n  - package-ecosystem: cargo\n    directory: /\n".into(),
                ));
            }
            if has_security {
                entries.push((
                    "SECURITY.md".into(),
                    "Report to security@acme.example\n".into(),
                ));
            }
            for f in 0..files {
                generate.push((path_of(f), 200 + rng.below(4000), rng.next() % 1000));
            }
        } else if merge_at == Some(k) {
            // A feature branch with two commits, merged: first-parent history skips its insides.
            msg = "Merge branch 'feature'".to_string();
            merge = Some("feature".to_string());
        } else if merge_at.is_some_and(|m| k + 2 == m || k + 1 == m) {
            msg = format!("Feature work {k}");
            branch = Some("feature".to_string());
            let f = rng.below(files_now as u64) as usize;
            generate.push((path_of(f), 200 + rng.below(4000), rng.next() % 1000));
        } else {
            msg = format!("Change {k}");
            // Ordinary work: edit a few source files, sometimes add one.
            for _ in 0..1 + rng.below(5) {
                let f = rng.below(files_now as u64) as usize;
                generate.push((path_of(f), 200 + rng.below(4000), rng.next() % 1000));
            }
            if rng.chance(0.1) {
                generate.push((path_of(files_now), 200 + rng.below(2000), rng.next() % 1000));
                files_now += 1;
            }
            // Files the rules read change too.
            if rng.chance(0.1) {
                version += 1;
                entries.push((manifest.into(), manifest_text(version, lic_in_manifest)));
                msg = format!("Release 0.{version}");
            }
            if has_ci && rng.chance(0.05) {
                entries.push((
                    ".github/workflows/ci.yml".into(),
                    format!("{WORKFLOW}      - run: make lint # {k}\n"),
                ));
                msg = "Tweak CI".into();
            }
            if rng.chance(0.03) {
                let title = if readme_heading { "# " } else { "" };
                entries.push((
                    "README.md".into(),
                    format!("{title}svc-{i}\n\nOwned by {team}. Revision {k}.\n"),
                ));
                msg = "Update README".into();
            }
            // Paved-road events.
            if rng.chance(0.05) {
                match rng.below(7) {
                    0 if !has_license => {
                        has_license = true;
                        entries.push(("LICENSE".into(), "MIT License\n".into()));
                        msg = "Add LICENSE".into();
                    }
                    1 if !has_owners => {
                        has_owners = true;
                        entries.push((".github/CODEOWNERS".into(), format!("* @acme/{team}\n")));
                        msg = "Add CODEOWNERS".into();
                    }
                    2 if !has_ci => {
                        has_ci = true;
                        entries.push((".github/workflows/ci.yml".into(), WORKFLOW.into()));
                        if has_jenkins {
                            has_jenkins = false;
                            delete.push("Jenkinsfile".into());
                        }
                        msg = "Move CI to GitHub Actions".into();
                    }
                    3 if !has_bot => {
                        has_bot = true;
                        entries.push((
                            ".github/dependabot.yml".into(),
                            "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n"
                                .into(),
                        ));
                        msg = "Enable Dependabot".into();
                    }
                    4 if !has_security => {
                        has_security = true;
                        entries.push((
                            "SECURITY.md".into(),
                            "Report to security@acme.example\n".into(),
                        ));
                        msg = "Add security policy".into();
                    }
                    5 if !readme_heading => {
                        readme_heading = true;
                        entries.push((
                            "README.md".into(),
                            format!("# svc-{i}\n\nOwned by {team}.\n"),
                        ));
                        msg = "README heading".into();
                    }
                    6 if has_ci => {
                        has_ci = false;
                        has_jenkins = true;
                        delete.push(".github/workflows".into());
                        entries.push(("Jenkinsfile".into(), "pipeline { agent any }\n".into()));
                        msg = "Move CI to Jenkins".into();
                    }
                    _ => {}
                }
            }
        }
        let _ = writeln!(t, "\n[[commit]]");
        let _ = writeln!(t, "date = {}", date(at, &mut rng));
        let _ = writeln!(t, "message = {}", toml_str(&msg));
        if let Some(b) = &branch {
            let _ = writeln!(t, "branch = {}", toml_str(b));
        }
        if let Some(m) = &merge {
            let _ = writeln!(t, "merge = [{}]", toml_str(m));
        }
        if !delete.is_empty() {
            let list: Vec<String> = delete.iter().map(|d| toml_str(d)).collect();
            let _ = writeln!(t, "delete = [{}]", list.join(", "));
        }
        // The same path may be written twice in one commit; the last write wins.
        generate.sort_by(|a, b| a.0.cmp(&b.0));
        generate.dedup_by(|later, first| later.0 == first.0);
        if !entries.is_empty() {
            let _ = writeln!(t, "[commit.files]");
            for (p, c) in &entries {
                let _ = writeln!(t, "{} = {}", toml_str(p), toml_str(c));
            }
        }
        for (p, size, s) in &generate {
            let _ = writeln!(
                t,
                "[[commit.generate]]\npath = {}\nsize = {size}\nseed = {s}",
                toml_str(p)
            );
        }
    }
    (name, t)
}

/// The org for `opts`, generated unless a finished one with the same key is cached.
fn org(opts: &Opts) -> Result<PathBuf, String> {
    let base = target_dir().join(format!("bench-trend-org-{}", opts.repos));
    let dir = base.join("org");
    let key = format!(
        "generator={GENERATOR_VERSION} seed={} repos={}",
        opts.seed, opts.repos
    );
    let what = format!("{} repositories with histories", opts.repos);
    cached(&base, MARKER, &key, &what, || {
        let src = base.join("src");
        for i in 0..opts.repos {
            let (name, text) = fixture(i, opts.seed);
            let folder = src.join(&name);
            std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
            std::fs::write(folder.join("fixture.toml"), text)
                .map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        paved::fixture::build_set(&src, &dir).map_err(|e| e.to_string())?;
        std::fs::remove_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))
    })?;
    Ok(dir)
}

// ---------------------------------------------------------------------------------------------
// Measuring

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn run(opts: &Opts) -> Result<(), String> {
    let dir = org(opts)?;
    let none = globset::GlobSetBuilder::new()
        .build()
        .map_err(|e| e.to_string())?;
    let repos: Vec<RepoRef> =
        paved::discover::local::discover(&[dir], &none).map_err(|e| e.to_string())?;
    let rules: RuleSet =
        pack::load(&pack::builtin::sources()).map_err(|_| "the built-in packs do not load")?;
    let scan_opts = ScanOptions {
        jobs: Some(opts.jobs),
        ..Default::default()
    };
    let since = jiff::civil::date(2025, 7, 31);
    let until = jiff::civil::date(2026, 6, 30);
    let spec = TrendSpec::new(since, until, Every::Month).map_err(|e| e.to_string())?;
    assert_eq!(spec.points.len(), 12);
    eprintln!(
        "{} repositories, {} rules, {} points, {} job(s), {} run(s) each",
        repos.len(),
        rules.rules().count(),
        spec.points.len(),
        opts.jobs,
        opts.runs
    );

    let scan = || {
        let t = Instant::now();
        let r = eval::scan(&rules, &repos, &scan_opts, &|_| {}).expect("thread pool");
        let _ = std::hint::black_box(paved::report::Report::build(
            rules.infos(),
            r,
            String::new(),
        ));
        t.elapsed()
    };
    let mut stats = Default::default();
    let mut trend = || {
        let t = Instant::now();
        let r = history::trend(&rules, &repos, &scan_opts, &spec, String::new(), &|| {})
            .expect("thread pool");
        stats = r.stats;
        std::hint::black_box(r);
        t.elapsed()
    };
    if opts.only_trend {
        for _ in 0..opts.runs {
            let t = trend();
            println!("trend {:.1} ms", t.as_secs_f64() * 1e3);
        }
        return Ok(());
    }
    // Warm the page cache for both.
    scan();
    let (mut scans, mut trends) = (Vec::new(), Vec::new());
    for _ in 0..opts.runs {
        scans.push(scan());
        trends.push(trend());
    }
    let (s, t) = (median(scans), median(trends));
    println!(
        "scan  (HEAD)       {:>8.1} ms   median of {}",
        s.as_secs_f64() * 1e3,
        opts.runs
    );
    println!(
        "trend (12 points)  {:>8.1} ms   median of {}",
        t.as_secs_f64() * 1e3,
        opts.runs
    );
    println!(
        "trend / scan       {:>8.2}x   (target: under 3x)",
        t.as_secs_f64() / s.as_secs_f64()
    );
    println!(
        "reuse: {} repo-points, {} distinct commits, {} distinct trees, {} full and {} pruned snapshots, {} rule results evaluated, {} reused, {} bisection probes",
        stats.points,
        stats.commits,
        stats.trees,
        stats.snapshots,
        stats.pruned,
        stats.evaluated,
        stats.reused,
        stats.probes
    );
    if opts.naive {
        let t0 = Instant::now();
        for p in &spec.points {
            let cutoff = Cutoff::end_of(p.day).map_err(|e| e.to_string())?;
            std::hint::black_box(
                history::scan_as_of(&rules, &repos, &scan_opts, &cutoff, &|| {})
                    .expect("thread pool"),
            );
        }
        let n = t0.elapsed();
        println!(
            "naive (12 as-of scans) {:>8.1} ms = {:.2}x a scan",
            n.as_secs_f64() * 1e3,
            n.as_secs_f64() / s.as_secs_f64()
        );
    }
    Ok(())
}
