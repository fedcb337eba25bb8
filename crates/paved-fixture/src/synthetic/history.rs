//! The trend bench's org: repositories with scripted histories of 40 to 120 commits spread over
//! two years (July 2024 to June 2026, so a 24-point monthly trend has a commit behind every
//! point), written as fixture folders. Most commits edit source files; some edit files the
//! built-in rules read (manifests, workflows, READMEs), and a few add or remove paved-road files,
//! as real repositories do. One in ten is bare, one in ten is created during the two years, one
//! in ten merges a feature branch.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use super::Synthetic;
use crate::error::{FixtureError, io_err};
use crate::rng::SplitMix;
use crate::spec::FIXTURE_FILE;

/// Bumped whenever [`history_fixture`] would write different repositories for the same seed.
pub const HISTORY_VERSION: u32 = 2;

const TEAMS: &[&str] = &["payments", "platform", "web", "data", "mobile", "search"];
const WORDS: &[&str] = &[
    "account", "billing", "cache", "client", "config", "core", "deploy", "events", "handler",
    "index", "ledger", "metrics", "orders", "queue", "router", "schema", "session", "store",
];
/// 2024-07-01T00:00:00Z and the two years to 2026-07-01.
const START: i64 = 1_719_792_000;
const SPAN: i64 = 730 * 86_400;
const OFFSETS: &[&str] = &["Z", "+02:00", "-07:00", "+05:30", "-03:00", "+09:00"];

const WORKFLOW: &str = "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n";

/// Writes the fixture folder (`<team>/svc-NNNN[.git]/fixture.toml`) of every repository of
/// `spec` under `src`, ready for [`crate::build_set`].
pub fn write_histories(spec: &Synthetic, src: &Path) -> Result<(), FixtureError> {
    for i in 0..spec.repos {
        let (name, text) = history_fixture(i, spec.seed);
        let folder = src.join(&name);
        fs::create_dir_all(&folder).map_err(io_err(&folder))?;
        fs::write(folder.join(FIXTURE_FILE), text).map_err(io_err(&folder))?;
    }
    Ok(())
}

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
fn date(secs: i64, rng: &mut SplitMix) -> String {
    let off = OFFSETS[rng.below(OFFSETS.len())];
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

/// Source file `k` of a repository, spread over nested folders.
fn path_of(k: usize) -> String {
    let a = WORDS[k % WORDS.len()];
    let b = WORDS[(k / WORDS.len()) % WORDS.len()];
    match k % 4 {
        0 => format!("src/{a}/mod_{k}.rs"),
        1 => format!("src/{a}/{b}/impl_{k}.rs"),
        2 => format!("src/{a}/{b}/tests/case_{k}.rs"),
        _ => format!("docs/{a}/page_{k}.md"),
    }
}

/// Repository `i` of the org seeded `seed`: its path under the org folder (`<team>/svc-NNNN`,
/// `.git` when bare) and its fixture.toml, a scripted history of 40 to 120 commits (20 to 60 a
/// year, as before the span grew to two years).
pub fn history_fixture(i: usize, seed: u64) -> (String, String) {
    let mut rng = SplitMix::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    rng.next_u64();
    let team = TEAMS[rng.below(TEAMS.len())];
    let bare = rng.chance(0.1);
    let name = format!("{team}/svc-{i:04}{}", if bare { ".git" } else { "" });
    let commits = 40 + rng.below(81);
    // Log-uniform between 20 and 1,500 source files, spread over nested folders.
    let files = (20f64.ln() + rng.unit() * (1500f64.ln() - 20f64.ln())).exp() as usize;
    let late_start = rng.chance(0.1);
    let first = if late_start {
        START + (rng.unit() * 0.7 * SPAN as f64) as i64
    } else {
        START - 30 * 86_400
    };
    let mut times: Vec<i64> = (0..commits)
        .map(|k| {
            if k == 0 {
                first
            } else {
                first + (rng.unit() * (START + SPAN - first) as f64) as i64
            }
        })
        .collect();
    times.sort();
    let kind = rng.below(3);
    let mut t = String::new();
    let _ = writeln!(t, "description = \"bench repository {i}\"");
    let lic_in_manifest = rng.chance(0.2);
    let mut repo = Repo::new(i, team, kind, lic_in_manifest, files, rng);
    let merge_at = repo
        .rng
        .chance(0.1)
        .then(|| 2 + repo.rng.below(commits - 3));
    for (k, &at) in times.iter().enumerate() {
        let c = if k == 0 {
            repo.initial(files)
        } else if merge_at == Some(k) {
            // A feature branch with two commits, merged: first-parent history skips its insides.
            Commit {
                msg: "Merge branch 'feature'".to_string(),
                merge: Some("feature".to_string()),
                ..Commit::default()
            }
        } else if merge_at.is_some_and(|m| k + 2 == m || k + 1 == m) {
            repo.feature(k)
        } else {
            repo.ordinary(k)
        };
        c.write(&mut t, at, &mut repo.rng);
    }
    (name, t)
}

/// What one commit of the script does.
#[derive(Default)]
struct Commit {
    /// Files written with this content.
    entries: Vec<(String, String)>,
    /// Files generated: (path, size, seed).
    generate: Vec<(String, u64, u64)>,
    delete: Vec<String>,
    msg: String,
    branch: Option<String>,
    merge: Option<String>,
}

impl Commit {
    /// Appends this commit's `[[commit]]` table to `t`.
    fn write(mut self, t: &mut String, at: i64, rng: &mut SplitMix) {
        let _ = writeln!(t, "\n[[commit]]");
        let _ = writeln!(t, "date = {}", date(at, rng));
        let _ = writeln!(t, "message = {}", toml_str(&self.msg));
        if let Some(b) = &self.branch {
            let _ = writeln!(t, "branch = {}", toml_str(b));
        }
        if let Some(m) = &self.merge {
            let _ = writeln!(t, "merge = [{}]", toml_str(m));
        }
        if !self.delete.is_empty() {
            let list: Vec<String> = self.delete.iter().map(|d| toml_str(d)).collect();
            let _ = writeln!(t, "delete = [{}]", list.join(", "));
        }
        // The same path may be written twice in one commit (a README update and a heading event,
        // say), and a TOML table takes each key once: the last write wins.
        self.generate.reverse();
        self.generate.sort_by(|a, b| a.0.cmp(&b.0));
        self.generate.dedup_by(|later, first| later.0 == first.0);
        let mut seen = std::collections::HashSet::new();
        self.entries.reverse();
        self.entries.retain(|(p, _)| seen.insert(p.clone()));
        self.entries.reverse();
        if !self.entries.is_empty() {
            let _ = writeln!(t, "[commit.files]");
            for (p, c) in &self.entries {
                let _ = writeln!(t, "{} = {}", toml_str(p), toml_str(c));
            }
        }
        for (p, size, s) in &self.generate {
            let _ = writeln!(
                t,
                "[[commit.generate]]\npath = {}\nsize = {size}\nseed = {s}",
                toml_str(p)
            );
        }
    }
}

/// One repository as its script runs: what it has now, changed by events.
struct Repo<'a> {
    rng: SplitMix,
    i: usize,
    team: &'a str,
    /// 0: Cargo.toml, 1: package.json, else pyproject.toml.
    kind: usize,
    lic_in_manifest: bool,
    version: u64,
    has_ci: bool,
    has_jenkins: bool,
    has_license: bool,
    has_owners: bool,
    has_bot: bool,
    has_security: bool,
    readme_heading: bool,
    files_now: usize,
}

impl<'a> Repo<'a> {
    fn new(
        i: usize,
        team: &'a str,
        kind: usize,
        lic_in_manifest: bool,
        files: usize,
        mut rng: SplitMix,
    ) -> Self {
        let has_ci = rng.chance(0.4);
        let has_jenkins = !has_ci && rng.chance(0.2);
        Repo {
            i,
            team,
            kind,
            lic_in_manifest,
            version: 1,
            has_ci,
            has_jenkins,
            has_license: rng.chance(0.4),
            has_owners: rng.chance(0.4),
            has_bot: rng.chance(0.25),
            has_security: rng.chance(0.2),
            readme_heading: rng.chance(0.75),
            files_now: files,
            rng,
        }
    }

    fn manifest(&self) -> &'static str {
        match self.kind {
            0 => "Cargo.toml",
            1 => "package.json",
            _ => "pyproject.toml",
        }
    }

    fn manifest_text(&self) -> String {
        let (i, v, lic) = (self.i, self.version, self.lic_in_manifest);
        match self.kind {
            0 => format!(
                "[package]\nname = \"svc-{i}\"\nversion = \"0.{v}.0\"\n{}",
                if lic { "license = \"MIT\"\n" } else { "" }
            ),
            1 => format!(
                "{{\"name\": \"svc-{i}\", \"version\": \"1.{v}.0\"{}}}\n",
                if lic { ", \"license\": \"MIT\"" } else { "" }
            ),
            _ => format!("[project]\nname = \"svc-{i}\"\nversion = \"0.{v}\"\n"),
        }
    }

    /// A new version of source file `f`.
    fn edit(&mut self, f: usize, size: usize) -> (String, u64, u64) {
        (
            path_of(f),
            200 + self.rng.below(size) as u64,
            self.rng.next_u64() % 1000,
        )
    }

    /// The first commit: the manifest, README, the paved-road files it starts with, `files`
    /// source files.
    fn initial(&mut self, files: usize) -> Commit {
        let (i, team) = (self.i, self.team);
        let mut c = Commit {
            msg: "Initial import".to_string(),
            ..Commit::default()
        };
        c.entries
            .push((self.manifest().into(), self.manifest_text()));
        c.entries.push((
            "README.md".into(),
            if self.readme_heading {
                format!("# svc-{i}\n\nOwned by {team}.\n")
            } else {
                format!("svc-{i}\n\nOwned by {team}.\n")
            },
        ));
        if self.has_ci {
            c.entries
                .push((".github/workflows/ci.yml".into(), WORKFLOW.into()));
        }
        if self.has_jenkins {
            c.entries
                .push(("Jenkinsfile".into(), "pipeline { agent any }\n".into()));
        }
        if self.has_license {
            c.entries.push(("LICENSE".into(), "MIT License\n".into()));
        }
        if self.has_owners {
            c.entries
                .push((".github/CODEOWNERS".into(), format!("* @acme/{team}\n")));
        }
        if self.has_bot {
            c.entries.push((
                ".github/dependabot.yml".into(),
                "version: 2\nupdates:\n  - package-ecosystem: cargo\n    directory: /\n".into(),
            ));
        }
        if self.has_security {
            c.entries.push((
                "SECURITY.md".into(),
                "Report to security@acme.example\n".into(),
            ));
        }
        for f in 0..files {
            let g = self.edit(f, 4000);
            c.generate.push(g);
        }
        c
    }

    /// One of the two commits on the feature branch.
    fn feature(&mut self, k: usize) -> Commit {
        let f = self.rng.below(self.files_now);
        let g = self.edit(f, 4000);
        Commit {
            msg: format!("Feature work {k}"),
            branch: Some("feature".to_string()),
            generate: vec![g],
            ..Commit::default()
        }
    }

    /// Ordinary work: a few source files edited, sometimes one added; now and then the files
    /// the rules read change too, or a paved-road event happens.
    fn ordinary(&mut self, k: usize) -> Commit {
        let (i, team) = (self.i, self.team);
        let mut c = Commit {
            msg: format!("Change {k}"),
            ..Commit::default()
        };
        for _ in 0..1 + self.rng.below(5) {
            let f = self.rng.below(self.files_now);
            let g = self.edit(f, 4000);
            c.generate.push(g);
        }
        if self.rng.chance(0.1) {
            let g = self.edit(self.files_now, 2000);
            c.generate.push(g);
            self.files_now += 1;
        }
        if self.rng.chance(0.1) {
            self.version += 1;
            c.entries
                .push((self.manifest().into(), self.manifest_text()));
            c.msg = format!("Release 0.{}", self.version);
        }
        if self.has_ci && self.rng.chance(0.05) {
            c.entries.push((
                ".github/workflows/ci.yml".into(),
                format!("{WORKFLOW}      - run: make lint # {k}\n"),
            ));
            c.msg = "Tweak CI".into();
        }
        if self.rng.chance(0.03) {
            let title = if self.readme_heading { "# " } else { "" };
            c.entries.push((
                "README.md".into(),
                format!("{title}svc-{i}\n\nOwned by {team}. Revision {k}.\n"),
            ));
            c.msg = "Update README".into();
        }
        if self.rng.chance(0.05) {
            self.paved_event(&mut c);
        }
        c
    }

    /// A paved-road file added (or CI moved) in `c`, if the repository is ready for the event
    /// drawn.
    fn paved_event(&mut self, c: &mut Commit) {
        let (i, team) = (self.i, self.team);
        match self.rng.below(7) {
            0 if !self.has_license => {
                self.has_license = true;
                c.entries.push(("LICENSE".into(), "MIT License\n".into()));
                c.msg = "Add LICENSE".into();
            }
            1 if !self.has_owners => {
                self.has_owners = true;
                c.entries
                    .push((".github/CODEOWNERS".into(), format!("* @acme/{team}\n")));
                c.msg = "Add CODEOWNERS".into();
            }
            2 if !self.has_ci => {
                self.has_ci = true;
                c.entries
                    .push((".github/workflows/ci.yml".into(), WORKFLOW.into()));
                if self.has_jenkins {
                    self.has_jenkins = false;
                    c.delete.push("Jenkinsfile".into());
                }
                c.msg = "Move CI to GitHub Actions".into();
            }
            3 if !self.has_bot => {
                self.has_bot = true;
                c.entries.push((
                    ".github/dependabot.yml".into(),
                    "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n".into(),
                ));
                c.msg = "Enable Dependabot".into();
            }
            4 if !self.has_security => {
                self.has_security = true;
                c.entries.push((
                    "SECURITY.md".into(),
                    "Report to security@acme.example\n".into(),
                ));
                c.msg = "Add security policy".into();
            }
            5 if !self.readme_heading => {
                self.readme_heading = true;
                c.entries.push((
                    "README.md".into(),
                    format!("# svc-{i}\n\nOwned by {team}.\n"),
                ));
                c.msg = "README heading".into();
            }
            6 if self.has_ci => {
                self.has_ci = false;
                self.has_jenkins = true;
                // A CI tweak drawn for this commit would bring the folder back.
                c.entries
                    .retain(|(p, _)| !p.starts_with(".github/workflows/"));
                c.delete.push(".github/workflows".into());
                c.entries
                    .push(("Jenkinsfile".into(), "pipeline { agent any }\n".into()));
                c.msg = "Move CI to Jenkins".into();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{RepoSpec, parse_date};

    /// Every script the benches build (seeds 1 and 7, 300 repositories) is one the fixture
    /// builder reads (a path written twice in one commit once made a duplicate TOML key), with
    /// 40 to 120 commits dated within the two years and a month before them.
    #[test]
    fn bench_scripts_parse_and_span_two_years() {
        let (mut late, mut merges) = (0, 0);
        for seed in [1, 7] {
            for i in 0..300 {
                let (name, text) = history_fixture(i, seed);
                let spec: RepoSpec =
                    toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!((40..=120).contains(&spec.commit.len()), "{name}");
                let file = Path::new(&name);
                let dates: Vec<i64> = spec
                    .commit
                    .iter()
                    .map(|c| {
                        parse_date(file, c.date.as_ref().expect("dated"))
                            .expect("date")
                            .0
                    })
                    .collect();
                assert!(
                    dates
                        .iter()
                        .all(|d| (START - 31 * 86_400..START + SPAN).contains(d))
                );
                late += usize::from(dates[0] >= START);
                merges += spec.commit.iter().filter(|c| !c.merge.is_empty()).count();
            }
        }
        // About one in ten of each, as the module says.
        assert!((30..=90).contains(&late), "{late} late starts");
        assert!((30..=90).contains(&merges), "{merges} merges");
    }
}
