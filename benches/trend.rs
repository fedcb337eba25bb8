//! The trend benchmark: what issue 12's 24-point monthly `paved trend` costs next to one `paved
//! scan` of the same org. `cargo bench --bench trend [-- --repos N --runs R --jobs J --seed S
//! --naive]`.
//!
//! The org is `paved_fixture`'s history generator (`synthetic/history.rs`): repositories with
//! scripted histories of 40 to 120 commits spread over two years (July 2024 to June 2026), written
//! as fixture folders and built with the fixture builder. It is cached under
//! `<target>/bench-trend-org-N`, keyed by the generator version.
//!
//! Both measurements run in this process over the same repositories with the built-in rules:
//! the scan evaluates HEAD; the trend evaluates the last commit at the end of each month from
//! 2024-07-31 to 2026-06-30 (24 points) and finds the commit behind every change. The scan and
//! the trend alternate, and the median of each is reported. `--naive` also times one `--as-of`
//! scan per point (24), what the trend would cost without reuse.

use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;
use common::{cached, target_dir};

use paved::discover::RepoRef;
use paved::eval::{self, ScanOptions};
use paved::history::{self, Cutoff, Every, TrendSpec};
use paved::pack::{self, RuleSet};
use paved_fixture::{HISTORY_VERSION, Synthetic};

const MARKER: &str = ".paved-bench-trend-org";
/// Issue 12's trend: one point a month over the generator's two years.
const POINTS: usize = 24;

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

/// The org for `opts`, generated unless a finished one with the same key is cached.
fn org(opts: &Opts) -> Result<PathBuf, String> {
    let base = target_dir().join(format!("bench-trend-org-{}", opts.repos));
    let dir = base.join("org");
    let key = format!(
        "generator={HISTORY_VERSION} seed={} repos={}",
        opts.seed, opts.repos
    );
    let what = format!("{} repositories with histories", opts.repos);
    cached(&base, MARKER, &key, &what, || {
        let src = base.join("src");
        let spec = Synthetic {
            repos: opts.repos,
            seed: opts.seed,
        };
        paved_fixture::write_histories(&spec, &src).map_err(|e| e.to_string())?;
        paved_fixture::build_set(&src, &dir).map_err(|e| e.to_string())?;
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
    let repos: Vec<RepoRef> = paved::discover::local::discover(&[dir], &none)
        .map_err(|e| e.to_string())?
        .repos;
    let rules: RuleSet =
        pack::load(&pack::builtin::sources()).map_err(|_| "the built-in packs do not load")?;
    let scan_opts = ScanOptions {
        jobs: Some(opts.jobs),
        ..Default::default()
    };
    let since = jiff::civil::date(2024, 7, 31);
    let until = jiff::civil::date(2026, 6, 30);
    let spec = TrendSpec::new(since, until, Every::Month).map_err(|e| e.to_string())?;
    assert_eq!(spec.points.len(), POINTS);
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
        "trend ({POINTS} points)  {:>8.1} ms   median of {}",
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
            "naive ({POINTS} as-of scans) {:>8.1} ms = {:.2}x a scan",
            n.as_secs_f64() * 1e3,
            n.as_secs_f64() / s.as_secs_f64()
        );
    }
    Ok(())
}
