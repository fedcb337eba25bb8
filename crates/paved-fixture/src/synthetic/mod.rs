//! Synthetic orgs for benchmarks: many repositories with a realistic spread of the files the
//! built-in packs read, everything derived from a seed. `history` makes the trend bench's
//! repositories with dated histories.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::FixtureError;
use crate::plan::{
    Blobs, DAY, DEFAULT_BRANCH, DEFAULT_EPOCH, DEFAULT_IDENT, Entry, Ident, Mode, Plan,
    PlannedCommit, Target, Tree, WORDS, generate_bytes, insert_entry,
};
use crate::rng::SplitMix;
use crate::spec::GenKind;
use crate::write::{GitEnv, execute};

pub mod history;

/// Bumped whenever [`build_synthetic`] would produce different repositories for the same spec,
/// so cached synthetic orgs are rebuilt.
pub const SYNTHETIC_VERSION: u32 = 1;

/// A synthetic organisation for benchmarks: `repos` repositories, everything about them
/// derived from `seed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Synthetic {
    pub repos: usize,
    pub seed: u64,
}

/// Generates the synthetic org `spec` under `dest` (in parallel) and returns the repositories'
/// paths, sorted. Repositories are `<team>/<name>` (about one in ten bare, `<name>.git`), with
/// 20 to 2,000 files each, two commits, and a realistic spread of the files the basics pack
/// looks at. Non-bare repositories are not checked out: scanners read objects only.
pub fn build_synthetic(spec: &Synthetic, dest: &Path) -> Result<Vec<PathBuf>, FixtureError> {
    let env = GitEnv::new()?;
    let mut built = (0..spec.repos)
        .into_par_iter()
        .map(|i| {
            let (rel, plan) = plan(spec.seed, i);
            let to = dest.join(rel);
            execute(&plan, &to, &env).map(|()| to)
        })
        .collect::<Result<Vec<_>, _>>()?;
    built.sort();
    Ok(built)
}

const TEAMS: &[&str] = &[
    "payments", "platform", "web", "data", "mobile", "identity", "search", "growth", "infra",
    "security", "ml", "support",
];
const KINDS: &[&str] = &["svc", "lib", "app", "tool", "api", "worker"];

#[derive(Clone, Copy)]
enum Lang {
    Rust,
    Node,
    Python,
    Go,
}

impl Lang {
    fn ext(self) -> &'static str {
        match self {
            Lang::Rust => "rs",
            Lang::Node => "ts",
            Lang::Python => "py",
            Lang::Go => "go",
        }
    }
    fn src(self) -> &'static str {
        match self {
            Lang::Rust => "src",
            Lang::Node => "src",
            Lang::Python => "app",
            Lang::Go => "internal",
        }
    }
}

fn code(rng: &mut SplitMix, lang: Lang) -> Vec<u8> {
    let lines = 4 + rng.below(40);
    let mut s = String::new();
    for _ in 0..lines {
        let (a, b, c) = (
            WORDS[rng.below(WORDS.len())],
            WORDS[rng.below(WORDS.len())],
            WORDS[rng.below(WORDS.len())],
        );
        let n = rng.next_u64() % 1000;
        let line = match lang {
            Lang::Rust => format!("    let {a}_{b} = {c}::new({n}).{a}()?;\n"),
            Lang::Node => format!("  const {a}{n} = await {b}.{c}({n});\n"),
            Lang::Python => format!("    {a}_{b} = self.{c}({n})\n"),
            Lang::Go => format!("\t{a}{b}, err := {c}.Get({n})\n"),
        };
        s.push_str(&line);
    }
    s.into_bytes()
}

/// Repository `i` of the org seeded `seed`: its path under the org folder and its plan.
/// Each repository has its own random stream, so repositories can be built in any order.
pub(crate) fn plan(seed: u64, i: usize) -> (String, Plan) {
    let mut rng = SplitMix::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    rng.next_u64();
    let team = TEAMS[rng.below(TEAMS.len())];
    let kind = KINDS[rng.below(KINDS.len())];
    let bare = rng.chance(0.1);
    let name = format!("{kind}-{i:05}{}", if bare { ".git" } else { "" });
    let lang = match rng.below(100) {
        0..30 => Lang::Rust,
        30..60 => Lang::Node,
        60..85 => Lang::Python,
        _ => Lang::Go,
    };
    // Log-uniform between 20 and 2,000 files: most repos are small, a few are big.
    let u = rng.unit();
    let target = (20f64.ln() + u * (2000f64.ln() - 20f64.ln())).exp().round() as usize;
    let mut repo = Repo {
        slug: format!("{team}-{kind}-{i}"),
        team,
        lang,
        license_in_manifest: rng.chance(0.15),
        rng,
        files: Vec::new(),
    };
    repo.manifest(i);
    repo.docs();
    repo.automation();
    repo.fill(target);
    (format!("{team}/{name}"), repo.into_plan(bare))
}

/// One synthetic repository's files as they are drawn, in order, from its random stream.
struct Repo<'a> {
    rng: SplitMix,
    files: Vec<(String, Vec<u8>)>,
    slug: String,
    team: &'a str,
    lang: Lang,
    license_in_manifest: bool,
}

impl Repo<'_> {
    /// The language's manifest (sometimes declaring the license) and lock file.
    fn manifest(&mut self, i: usize) {
        let (rng, slug) = (&mut self.rng, &self.slug);
        let lic = if self.license_in_manifest {
            "Apache-2.0"
        } else {
            ""
        };
        match self.lang {
            Lang::Rust => {
                let l = if lic.is_empty() {
                    String::new()
                } else {
                    format!("license = \"{lic}\"\n")
                };
                self.files.push(("Cargo.toml".into(), format!(
                    "[package]\nname = \"{slug}\"\nversion = \"0.{}.0\"\nedition = \"2021\"\n{l}\n[dependencies]\nserde = \"1\"\ntokio = {{ version = \"1\", features = [\"full\"] }}\n",
                    rng.below(20)).into_bytes()));
                self.files.push((
                    "Cargo.lock".into(),
                    generate_bytes(GenKind::Text, 2000 + rng.below(40_000), i as u64, "lock"),
                ));
            }
            Lang::Node => {
                let l = if lic.is_empty() {
                    String::new()
                } else {
                    format!("  \"license\": \"{lic}\",\n")
                };
                self.files.push(("package.json".into(), format!(
                    "{{\n  \"name\": \"@acme/{slug}\",\n  \"version\": \"1.{}.0\",\n{l}  \"scripts\": {{ \"test\": \"vitest\" }},\n  \"dependencies\": {{ \"express\": \"^4.19.0\" }}\n}}\n",
                    rng.below(20)).into_bytes()));
            }
            Lang::Python => {
                let l = if lic.is_empty() {
                    String::new()
                } else {
                    format!("license = \"{lic}\"\n")
                };
                self.files.push(("pyproject.toml".into(), format!(
                    "[project]\nname = \"{slug}\"\nversion = \"0.{}.0\"\n{l}dependencies = [\"httpx>=0.27\"]\n",
                    rng.below(20)).into_bytes()));
                if rng.chance(0.5) {
                    self.files.push((
                        "requirements.txt".into(),
                        b"httpx==0.27.0\npydantic==2.7.1\n".to_vec(),
                    ));
                }
            }
            Lang::Go => {
                self.files.push((
                    "go.mod".into(),
                    format!("module github.com/acme/{slug}\n\ngo 1.22\n").into_bytes(),
                ));
            }
        }
    }

    /// README, LICENSE, CODEOWNERS and security policy, each in one of its usual places or none.
    fn docs(&mut self) {
        let (rng, slug, team) = (&mut self.rng, &self.slug, self.team);
        if rng.chance(0.9) {
            let body = if rng.chance(0.85) {
                format!("# {slug}\n\nOwned by the {team} team.\n")
            } else {
                format!(
                    "{slug}\n{}\n\nOwned by the {team} team.\n",
                    "=".repeat(slug.len())
                )
            };
            self.files.push(("README.md".into(), body.into_bytes()));
        } else if rng.chance(0.5) {
            self.files.push((
                "README.rst".into(),
                format!("{slug}\n{}\n", "=".repeat(slug.len())).into_bytes(),
            ));
        }
        if !self.license_in_manifest && rng.chance(0.7) {
            let name = ["LICENSE", "LICENSE.md", "COPYING", "LICENSE-APACHE"][rng.below(4)];
            self.files.push((
                name.into(),
                generate_bytes(GenKind::Text, 1000 + rng.below(10_000), 7, "license"),
            ));
        }
        if rng.chance(0.6) {
            let catch_all = rng.chance(0.8);
            let body = if catch_all {
                format!("* @acme/{team}\n/docs/ @acme/docs\n")
            } else {
                format!("/src/ @acme/{team}\n")
            };
            let at = [
                "CODEOWNERS",
                ".github/CODEOWNERS",
                ".github/CODEOWNERS",
                "docs/CODEOWNERS",
            ][rng.below(4)];
            self.files.push((at.into(), body.into_bytes()));
        }
        if rng.chance(0.3) {
            self.files.push((
                "SECURITY.md".into(),
                b"# Security\n\nReport to security@acme.example.\n".to_vec(),
            ));
        } else if rng.chance(0.07) {
            self.files.push((
                ".well-known/security.txt".into(),
                b"Contact: mailto:security@acme.example\n".to_vec(),
            ));
        }
    }

    /// CI (GitHub workflows, GitLab or Jenkins), dependency bots and a Dockerfile.
    fn automation(&mut self) {
        let rng = &mut self.rng;
        if rng.chance(0.6) {
            for w in 0..1 + rng.below(4) {
                let name = ["ci", "release", "lint", "deploy"][w];
                let ext = if rng.chance(0.2) { "yaml" } else { "yml" };
                let body = format!(
                    "name: {name}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  {name}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make {name}\n"
                );
                self.files
                    .push((format!(".github/workflows/{name}.{ext}"), body.into_bytes()));
            }
        } else if rng.chance(0.3) {
            let (at, body) = if rng.chance(0.5) {
                (".gitlab-ci.yml", "test:\n  script: make test\n")
            } else {
                (
                    "Jenkinsfile",
                    "pipeline { agent any\n stages { stage('test') { steps { sh 'make test' } } } }\n",
                )
            };
            self.files.push((at.into(), body.as_bytes().to_vec()));
        }
        if rng.chance(0.35) {
            let eco = match self.lang {
                Lang::Rust => "cargo",
                Lang::Node => "npm",
                Lang::Python => "pip",
                Lang::Go => "gomod",
            };
            self.files.push((".github/dependabot.yml".into(), format!(
                "version: 2\nupdates:\n  - package-ecosystem: {eco}\n    directory: /\n    schedule:\n      interval: weekly\n").into_bytes()));
        } else if rng.chance(0.25) {
            self.files.push((
                "renovate.json".into(),
                b"{\n  \"extends\": [\"config:recommended\"]\n}\n".to_vec(),
            ));
        }
        if rng.chance(0.3) {
            self.files.push((
                "Dockerfile".into(),
                b"FROM debian:bookworm-slim\nCOPY . /app\n".to_vec(),
            ));
        }
    }

    /// Fills up to `target` files with source, tests and docs in nested folders of 5 to 30 files.
    fn fill(&mut self, target: usize) {
        let (rng, lang) = (&mut self.rng, self.lang);
        let src = lang.src();
        let mut dir = String::new();
        let mut left_in_dir = 0;
        let mut n = 0;
        while self.files.len() < target {
            if left_in_dir == 0 {
                let depth = 1 + rng.below(3);
                let top = match rng.below(10) {
                    0 => "docs",
                    1 | 2 => "tests",
                    _ => src,
                };
                dir = top.to_string();
                for _ in 1..depth {
                    dir.push('/');
                    dir.push_str(WORDS[rng.below(WORDS.len())]);
                }
                left_in_dir = 5 + rng.below(26);
            }
            left_in_dir -= 1;
            n += 1;
            let word = WORDS[rng.below(WORDS.len())];
            let (path, body) = if dir.starts_with("docs") {
                (
                    format!("{dir}/{word}_{n}.md"),
                    format!("## {word}\n\nNotes on {word}.\n").into_bytes(),
                )
            } else {
                (format!("{dir}/{word}_{n}.{}", lang.ext()), code(rng, lang))
            };
            self.files.push((path, body));
        }
    }

    /// Two commits: most of the files first, then the rest plus a changed README.
    fn into_plan(mut self, bare: bool) -> Plan {
        let mut plan = Plan {
            bare,
            branch: DEFAULT_BRANCH.into(),
            checkout: false,
            broken: None,
            blobs: Blobs::default(),
            commits: Vec::new(),
            refs: Vec::new(),
        };
        let files = &self.files;
        let first_len = files.len() * 7 / 10;
        let mut tree = Tree::new();
        let day = DEFAULT_EPOCH + self.rng.below(200) as i64 * DAY;
        for (k, (path, body)) in files.iter().enumerate() {
            if k == first_len {
                plan.commits.push(synthetic_commit(
                    &plan.commits,
                    tree.clone(),
                    day,
                    "Initial import",
                ));
            }
            let blob = plan.blobs.add(body.clone());
            insert_entry(
                &mut tree,
                path,
                Entry {
                    mode: Mode::File,
                    target: Target::Blob(blob),
                },
            );
        }
        if let Some(readme) = tree.get_mut("README.md") {
            let mut body = files
                .iter()
                .find(|(p, _)| p == "README.md")
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            body.extend_from_slice(b"\nSee docs/ for more.\n");
            readme.target = Target::Blob(plan.blobs.add(body));
        }
        plan.commits.push(synthetic_commit(
            &plan.commits,
            tree,
            day + 3 * DAY,
            "Add the rest",
        ));
        plan
    }
}

fn synthetic_commit(done: &[PlannedCommit], tree: Tree, secs: i64, message: &str) -> PlannedCommit {
    let who = Ident {
        who: DEFAULT_IDENT.into(),
        seconds: secs,
        offset: "+0000".into(),
    };
    PlannedCommit {
        refname: format!("refs/heads/{DEFAULT_BRANCH}"),
        author: who.clone(),
        committer: who,
        message: format!("{message}\n"),
        parents: if done.is_empty() {
            vec![]
        } else {
            vec![done.len() - 1]
        },
        tree,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_repos_are_deterministic_and_varied() {
        let n = 300;
        let mut with_workflows = 0;
        let mut bare = 0;
        let mut sizes = Vec::new();
        for i in 0..n {
            let (name, plan) = super::plan(7, i);
            let head = &plan.commits.last().expect("commits").tree;
            if i < 20 {
                let (name2, plan2) = super::plan(7, i);
                assert_eq!(name, name2);
                assert_eq!(head, &plan2.commits.last().expect("commits").tree);
            }
            assert_eq!(plan.commits.len(), 2);
            sizes.push(head.len());
            if head.keys().any(|p| p.starts_with(".github/workflows/")) {
                with_workflows += 1;
            }
            if plan.bare {
                bare += 1;
                assert!(name.ends_with(".git"), "{name}");
            }
        }
        assert!(sizes.iter().all(|&s| (20..=2000).contains(&s)), "{sizes:?}");
        assert!(sizes.iter().filter(|&&s| s > 500).count() > n / 10);
        assert!(sizes.iter().filter(|&&s| s < 100).count() > n / 4);
        assert!(
            (n * 50 / 100..n * 70 / 100).contains(&with_workflows),
            "{with_workflows}"
        );
        assert!((n * 5 / 100..n * 15 / 100).contains(&bare), "{bare}");
        assert_ne!(super::plan(7, 0).0, super::plan(8, 0).0);
    }
}
