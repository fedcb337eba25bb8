//! The html dashboard in a real browser: headless Debian chromium loads the page from disk,
//! its script runs without console errors, and the screenshot shows a drawn page.
//!
//! Chromium is required (Debian: `apt-get install chromium`, or `PAVED_CHROMIUM=/path`); without
//! it the tests fail.
//! Set `PAVED_HTML_KEEP=DIR` to keep each test's page, DOM dumps and screenshot under DIR.

use crate::common_report;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use paved::render::{Format, RenderOptions, render};

/// A bound on each browser run, so a hung browser fails the test instead of hanging CI.
const BROWSER_LIMIT: Duration = Duration::from_secs(90);

struct Run {
    stdout: String,
    stderr: String,
}

/// The browser: `PAVED_CHROMIUM` if set, else Debian's `chromium`; Chrome builds take the
/// same flags, so they are accepted where chromium is not packaged (e.g. Ubuntu CI runners).
fn chromium() -> String {
    let candidates: Vec<String> = match std::env::var("PAVED_CHROMIUM") {
        Ok(bin) => vec![bin],
        Err(_) => [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ]
        .map(String::from)
        .to_vec(),
    };
    for bin in &candidates {
        let works = Command::new(bin)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if works {
            return bin.clone();
        }
    }
    panic!(
        "chromium is required for this test and none of {candidates:?} runs: install it \
         (Debian: apt-get install chromium) or point PAVED_CHROMIUM at a Chrome/Chromium binary"
    );
}

/// Runs headless chromium with `mode` (`--dump-dom` or `--screenshot=…`) on `url`.
fn browse(profile: &Path, mode: &str, url: &str) -> Run {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1400,1800",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(mode)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "chromium could not be started ({e}): install it (Debian: apt-get install chromium)"
            )
        });

    // Drain both pipes on threads so a chatty browser cannot block on a full pipe.
    let mut out = child.stdout.take().expect("stdout piped");
    let mut err = child.stderr.take().expect("stderr piped");
    let out_t = thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_t = thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => break status,
            None if start.elapsed() > BROWSER_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium {mode} did not finish within {BROWSER_LIMIT:?}");
            }
            None => thread::sleep(Duration::from_millis(50)),
        }
    };
    let run = Run {
        stdout: out_t.join().unwrap_or_default(),
        stderr: err_t.join().unwrap_or_default(),
    };
    assert!(
        status.success(),
        "chromium {mode} failed with {status}:\n{}",
        run.stderr
    );
    run
}

/// Lines where the page's script reported a problem.
fn console_problems(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .collect()
}

struct Page {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    file: PathBuf,
}

fn rendered_page(name: &str, report: &paved::report::Report) -> Page {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = match std::env::var_os("PAVED_HTML_KEEP") {
        Some(d) => PathBuf::from(d).join(name),
        None => tmp.path().to_path_buf(),
    };
    std::fs::create_dir_all(&dir).expect("output dir");
    let file = dir.join("report.html");
    let mut out = Vec::new();
    render(report, Format::Html, &RenderOptions::default(), &mut out).expect("render html");
    std::fs::write(&file, out).expect("write html");
    Page {
        _tmp: tmp,
        dir,
        file,
    }
}

/// The page at `url` (the page's own file, or with a `#fragment`) as headless Chromium leaves its
/// DOM, kept as `NAME.html` beside the page; its script must have reported no problem.
fn dumped(page: &Page, name: &str, url: &str) -> Run {
    let dom = browse(&page.dir.join(format!("profile-{name}")), "--dump-dom", url);
    std::fs::write(page.dir.join(format!("{name}.html")), &dom.stdout).expect("keep dom");
    let problems = console_problems(&dom.stderr);
    assert!(
        problems.is_empty(),
        "console errors in {name}:\n{}",
        problems.join("\n")
    );
    dom
}

fn file_url(p: &Path) -> String {
    format!(
        "file://{}",
        p.canonicalize().expect("absolute path").display()
    )
}

#[test]
fn dashboard_runs_and_draws_in_chromium() {
    let page = rendered_page("dashboard", &common_report::shared_fixture());
    let url = file_url(&page.file);

    let dom = dumped(&page, "dom", &url);
    // (needle, expected count) in the DOM after the script ran
    let cases: &[(&str, usize)] = &[
        ("data-ready=\"true\"", 1),
        ("<svg id=\"chart-rules\"", 1),
        ("<svg id=\"chart-teams\"", 1),
        ("class=\"bar-row\"", 6),
        ("class=\"heat-row\"", 5),
        ("<tr data-repo=", 9),
        ("id=\"filter-count\"", 1),
    ];
    for &(needle, n) in cases {
        assert_eq!(
            dom.stdout.matches(needle).count(),
            n,
            "{needle} in the dumped DOM"
        );
    }
    assert!(
        dom.stdout.contains(">9 repositories<"),
        "the script wrote the filter count"
    );

    let shot = page.dir.join("shot.png");
    let run = browse(
        &page.dir.join("profile-shot"),
        &format!("--screenshot={}", shot.display()),
        &url,
    );
    let problems = console_problems(&run.stderr);
    assert!(
        problems.is_empty(),
        "console errors while drawing:\n{}",
        problems.join("\n")
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((width, height), (1400, 1800), "screenshot size");
    // A blank page compresses to a few kilobytes; charts, table and text do not.
    assert!(
        png.len() > 60_000,
        "screenshot looks empty: {} bytes",
        png.len()
    );
}

#[test]
fn evidence_panel_opens_from_a_link() {
    let page = rendered_page("link", &common_report::report());
    let url = format!(
        "{}#repo=payments%2Fledger&rule=ci-reusable-workflow",
        file_url(&page.file)
    );
    let dom = dumped(&page, "link", &url);

    let start = dom
        .stdout
        .find("<aside id=\"details\"")
        .expect("details panel in the DOM");
    let end = start + dom.stdout[start..].find("</aside>").expect("panel end");
    let panel = &dom.stdout[start..end];
    assert!(!panel.contains(" hidden"), "the panel is open: {panel}");
    let wanted = [
        ">payments/ledger</h2>",
        ">custom</span>",
        "<code>.github/workflows/ci.yml:12</code>",
        // The hostile note arrives as text, escaped by the DOM serialiser, never as markup.
        "uses &lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'quotes' ]]&gt; &lt;/script&gt;&lt;!-- here",
        "<code>.github/workflows/release.yml:3</code>",
        "href=\"https://docs.example.com/paved/ci-reusable-workflow\"",
    ];
    for w in wanted {
        assert!(panel.contains(w), "panel lacks {w:?}:\n{panel}");
    }
    assert!(
        dom.stdout.contains("class=\"o o-custom selected\""),
        "the cell is marked"
    );
}

/// Clicks through the table as a reader would, after the page's own script, and leaves what each
/// step showed as JSON in `<pre id="test-out">` for the dumped DOM.
const DRIVER: &str = r##"<script>
(function () {
  var out = {};
  function state(step) {
    var trs = document.querySelectorAll("#repos tbody tr");
    var names = Array.prototype.map.call(trs, function (tr) { return tr.querySelector("th").textContent; });
    var outcomes = Array.prototype.map.call(trs, function (tr) {
      var td = tr.querySelector('td[data-rule="0"]');
      return td ? td.getAttribute("data-outcome") : null;
    });
    var pager = document.getElementById("pager");
    out[step] = { rows: names.length, first: names[0] || null, last: names[names.length - 1] || null,
      first_license: outcomes[0], last_license: outcomes[outcomes.length - 1],
      pager: pager.hidden ? "" : pager.textContent, count: document.getElementById("filter-count").textContent };
  }
  function click(selector) { document.querySelector(selector).click(); }
  state("loaded");
  click("#page-next"); state("next");
  click("#page-next"); state("end");
  click('#repos thead th[data-key="name"] button'); state("name_descending");
  click('#repos thead th[data-rule="0"] button'); state("by_license");
  var text = document.getElementById("filter-text");
  text.value = "r24";
  text.dispatchEvent(new Event("input"));
  state("filtered");
  var pre = document.createElement("pre");
  pre.id = "test-out";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"##;

/// The rows after each step of [`DRIVER`]: paging, sorting by name and by a rule's outcome, and
/// filtering, over 250 repositories (three pages), with the data parsed only on first use.
#[test]
fn rows_page_sort_and_filter_in_chromium() {
    let page = rendered_page("paging", &common_report::many_repos_report(250));
    let html = std::fs::read_to_string(&page.file).expect("page");
    let end = html.rfind("</body>").expect("a body");
    std::fs::write(
        &page.file,
        format!("{}{DRIVER}{}", &html[..end], &html[end..]),
    )
    .expect("driven page");
    let dom = dumped(&page, "paging", &file_url(&page.file));
    let open = "<pre id=\"test-out\">";
    let start = dom.stdout.find(open).expect("the driver ran") + open.len();
    let len = dom.stdout[start..].find("</pre>").expect("its end");
    let got: serde_json::Value =
        serde_json::from_str(&dom.stdout[start..start + len]).expect("the driver's JSON");
    // (step, rows, first, last, first's license, last's license, pager says, count says)
    type Step<'a> = (
        &'a str,
        u64,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
    );
    let steps: &[Step] = &[
        (
            "loaded",
            100,
            "org/r000",
            "org/r099",
            "missing",
            "missing",
            "page 1 of 3",
            "250 repositories",
        ),
        (
            "next",
            100,
            "org/r100",
            "org/r199",
            "custom",
            "custom",
            "page 2 of 3",
            "250 repositories",
        ),
        (
            "end",
            50,
            "org/r200",
            "org/r249",
            "paved",
            "missing",
            "page 3 of 3",
            "250 repositories",
        ),
        // A sort starts again at the first page.
        (
            "name_descending",
            100,
            "org/r249",
            "org/r150",
            "missing",
            "missing",
            "page 1 of 3",
            "250 repositories",
        ),
        // Missing first, by name within an outcome: 84 missing, then custom from r001 on.
        (
            "by_license",
            100,
            "org/r000",
            "org/r046",
            "missing",
            "custom",
            "page 1 of 3",
            "250 repositories",
        ),
        // The filter keeps the sort: r240, r243, r246, r249 are missing.
        (
            "filtered",
            10,
            "org/r240",
            "org/r248",
            "missing",
            "paved",
            "",
            "showing 10 of 250",
        ),
    ];
    for &(step, rows, first, last, first_license, last_license, pager, count) in steps {
        let s = &got[step];
        assert_eq!(s["rows"], rows, "{step}: {s}");
        assert_eq!(s["first"], first, "{step}: {s}");
        assert_eq!(s["last"], last, "{step}: {s}");
        assert_eq!(s["first_license"], first_license, "{step}: {s}");
        assert_eq!(s["last_license"], last_license, "{step}: {s}");
        let shown = s["pager"].as_str().expect("pager text");
        if pager.is_empty() {
            assert_eq!(shown, "", "{step}: the pager is hidden");
        } else {
            assert!(shown.contains(pager), "{step}: {s}");
        }
        assert_eq!(s["count"], count, "{step}: {s}");
    }
}

#[test]
fn empty_report_loads_cleanly() {
    let page = rendered_page("empty", &common_report::empty_report());
    let dom = dumped(&page, "empty", &file_url(&page.file));
    assert!(
        dom.stdout.contains("data-ready=\"true\""),
        "the script ran to the end"
    );
    assert!(dom.stdout.contains(">0 repositories<"));
    assert!(dom.stdout.contains("No rules were loaded."));
}
