//! The config file `paved.yml`: extra packs, exemptions, teams and limits, validated with
//! every problem at its line and column.

use crate::report::TeamSource;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

use crate::decode::Decoder;
use crate::diag::Diagnostic;
use crate::query::{Node, Pos, Value};
use crate::rules::GlobTable;

/// `builtin: true` (the default packs), `false`, or a list of built-in pack names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// The packs `builtin::on_by_default` names.
    Default,
    None,
    Only(Vec<String>),
}

impl Builtin {
    pub fn includes(&self, pack: &str) -> bool {
        match self {
            Builtin::Default => crate::pack::builtin::on_by_default(pack),
            Builtin::None => false,
            Builtin::Only(names) => names.iter().any(|n| n == pack),
        }
    }
}

/// Which rules an exemption covers.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleSel {
    All,
    /// Rule ids, with where each is named (checked against the loaded rules).
    Ids(Vec<(String, Pos)>),
}

impl RuleSel {
    pub fn covers(&self, rule: &str) -> bool {
        match self {
            RuleSel::All => true,
            RuleSel::Ids(ids) => ids.iter().any(|(id, _)| id == rule),
        }
    }
}

/// One exemption: some repos, some rules, until a day, for a reason.
#[derive(Clone, Debug)]
pub struct Exemption {
    /// `None` in a repository's own `.paved.yml`, where it covers that repository only.
    pub repos: Option<(String, GlobMatcher)>,
    pub rules: RuleSel,
    /// The last day it applies (inclusive).
    pub until: jiff::civil::Date,
    pub reason: String,
    /// The file that grants it, and where.
    pub source: String,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct Team {
    pub name: String,
    pub repos: Vec<(String, GlobMatcher)>,
}

/// The sources consulted when the config names none: today's order.
pub const DEFAULT_TEAM_SOURCES: [TeamSource; 2] = [TeamSource::Config, TeamSource::Codeowners];

#[derive(Clone, Debug)]
pub struct Config {
    pub rules: Vec<PathBuf>,
    /// Which built-in packs to load.
    pub builtin: Builtin,
    pub exemptions: Vec<Exemption>,
    pub teams: Vec<Team>,
    pub team_from_codeowners: bool,
    /// `owners.sources`, in order; `None` when the config does not set it (then
    /// [`DEFAULT_TEAM_SOURCES`], and reports leave `team_source` out as they always did).
    pub team_sources: Option<Vec<TeamSource>>,
    /// The `max_*` keys ([`super::limits`]).
    pub limits: super::limits::Limits,
    pub allow_repo_exemptions: bool,
    /// Per-rule tuning (`select`, `ignore`, `severity`), applied to the loaded rules.
    pub tuning: Tuning,
}

/// A rule id or pack name as the config names it, with where.
pub type Named = (String, Pos);

/// What `severity:` sets a rule to: another level, or `off` (the rule is not evaluated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Set(crate::report::Severity),
    Off,
}

/// `select` (only these rules or packs), `ignore` (not these) and `severity` (per rule id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tuning {
    /// `None`: every loaded rule is selected.
    pub select: Option<Vec<Named>>,
    pub ignore: Vec<Named>,
    pub severity: Vec<(Named, Level)>,
    /// The config file that names them, for diagnostics.
    pub source: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            rules: Vec::new(),
            builtin: Builtin::Default,
            exemptions: Vec::new(),
            teams: Vec::new(),
            team_from_codeowners: true,
            team_sources: None,
            limits: super::limits::Limits::default(),
            allow_repo_exemptions: false,
            tuning: Tuning::default(),
        }
    }
}

impl Config {
    /// The team sources to consult, in order: `owners.sources`, else the default; CODEOWNERS
    /// only while `team_from_codeowners` allows it.
    pub fn team_sources(&self) -> impl Iterator<Item = TeamSource> + '_ {
        self.team_sources
            .as_deref()
            .unwrap_or(&DEFAULT_TEAM_SOURCES)
            .iter()
            .copied()
            .filter(|s| self.team_from_codeowners || *s != TeamSource::Codeowners)
    }
}

/// The keys besides the limits ([`super::limits::key_names`]).
const KEYS: [&str; 10] = [
    "rules",
    "builtin",
    "exemptions",
    "teams",
    "owners",
    "team_from_codeowners",
    "allow_repo_exemptions",
    "select",
    "ignore",
    "severity",
];

/// Every key a config may hold.
fn all_keys() -> impl Iterator<Item = &'static str> {
    KEYS.iter().copied().chain(super::limits::key_names())
}

/// A size like `1MiB`, `512KiB`, `2MB` or a number of bytes.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let num: f64 = num.parse().ok()?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "kib" | "k" => 1 << 10,
        "mb" => 1_000_000,
        "mib" | "m" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" | "g" => 1 << 30,
        _ => return None,
    };
    (num >= 0.0).then_some((num * mult as f64) as u64)
}

fn name_glob(d: &mut Decoder<'_>, node: &Node) -> Option<(String, GlobMatcher)> {
    let s = d.string(node)?;
    match Glob::new(&s) {
        Ok(g) => Some((s, g.compile_matcher())),
        Err(e) => {
            d.error(node.pos, format!("invalid glob `{s}`: {}", e.kind()));
            None
        }
    }
}

/// Parses an `exemptions` list; `with_repos` is false for a repository's `.paved.yml`.
pub fn exemptions(d: &mut Decoder<'_>, node: &Node, with_repos: bool) -> Vec<Exemption> {
    let Some(items) = d.sequence(node, "exemptions") else {
        return Vec::new();
    };
    let keys: &[&str] = if with_repos {
        &["repos", "rules", "until", "reason"]
    } else {
        &["rules", "until", "reason"]
    };
    let mut out = Vec::new();
    for item in items {
        if d.check_keys(item, keys, "exemption").is_none() {
            continue;
        }
        let repos = if with_repos {
            d.required(item, "repos", "exemption")
                .and_then(|n| name_glob(d, n))
                .map(Some)
        } else {
            Some(None)
        };
        let rules = d
            .required(item, "rules", "exemption")
            .and_then(|n| match &n.value {
                Value::Str(s) if s == "*" => Some(RuleSel::All),
                Value::Str(s) => Some(RuleSel::Ids(vec![(s.clone(), n.pos)])),
                Value::Seq(ids) => {
                    let mut v = Vec::new();
                    for i in ids {
                        match i.as_str() {
                            Some("*") => return Some(RuleSel::All),
                            Some(s) => v.push((s.to_string(), i.pos)),
                            None => d.error(i.pos, "a rule id must be a string"),
                        }
                    }
                    Some(RuleSel::Ids(v))
                }
                _ => {
                    d.error(n.pos, "`rules` is a list of rule ids, or \"*\"");
                    None
                }
            });
        let until = d.required(item, "until", "exemption").and_then(|n| {
            let parsed = n
                .scalar_text()
                .and_then(|s| s.parse::<jiff::civil::Date>().ok());
            if parsed.is_none() {
                d.error(
                    n.pos,
                    format!("`until` must be a date like 2027-03-31, not `{n}`"),
                );
            }
            parsed
        });
        let reason = d.required(item, "reason", "exemption").and_then(|n| {
            let s = d.string(n)?;
            if s.trim().is_empty() {
                d.error(n.pos, "`reason` must say why");
                return None;
            }
            Some(s)
        });
        if let (Some(repos), Some(rules), Some(until), Some(reason)) = (repos, rules, until, reason)
        {
            out.push(Exemption {
                repos,
                rules,
                until,
                reason,
                source: d.file.clone(),
                pos: item.pos,
            });
        }
    }
    out
}

/// Whether `text` reads as a config file rather than a rule pack: a mapping without `pack:`
/// that has a config-only key, or whose `rules` is a path or a list of paths instead of a list
/// of rule mappings. `rules validate` uses it to validate a config as a config.
pub fn looks_like_config(text: &str) -> bool {
    let Ok(docs) = super::parse_lenient(text) else {
        return false;
    };
    let Some(doc) = docs.first() else {
        return false;
    };
    let Value::Map(entries) = &doc.value else {
        return false;
    };
    if doc.get("pack").is_some() || entries.is_empty() {
        return false;
    }
    let config_only = all_keys()
        .filter(|k| *k != "rules")
        .any(|k| doc.get(k).is_some());
    let rules_are_paths = doc.get("rules").is_some_and(|r| match &r.value {
        Value::Seq(items) => !items.is_empty() && items.iter().all(|i| i.as_str().is_some()),
        Value::Map(_) => false,
        _ => r.as_str().is_some(),
    });
    config_only || rules_are_paths
}

/// Parses a config file's text. `dir` is its folder: pack paths are relative to it.
pub fn parse(file: &str, text: &str, dir: &Path) -> Result<Config, Vec<Diagnostic>> {
    let mut globs = GlobTable::default();
    let mut d = Decoder::new(file, &mut globs);
    let config = parse_with(&mut d, text, dir);
    d.diags.sort_by_key(|x| x.pos);
    if d.diags.is_empty() {
        Ok(config)
    } else {
        Err(d.diags)
    }
}

fn parse_with(d: &mut Decoder<'_>, text: &str, dir: &Path) -> Config {
    let mut c = Config::default();
    let docs = match super::parse_lenient(text) {
        Ok(docs) => docs,
        Err(e) => {
            d.error(e.pos, format!("invalid YAML: {}", e.message));
            return c;
        }
    };
    let Some(doc) = docs.first() else { return c };
    if matches!(doc.value, Value::Null) {
        return c;
    }
    let known: Vec<&str> = all_keys().collect();
    if d.check_keys(doc, &known, "config").is_none() {
        return c;
    }
    if let Some(n) = doc.get("rules") {
        let items: Vec<&Node> = match &n.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![n],
        };
        for i in items {
            if let Some(s) = d.string(i) {
                c.rules.push(dir.join(s));
            }
        }
    }
    if let Some(n) = doc.get("builtin") {
        c.builtin = match &n.value {
            Value::Bool(true) => Builtin::Default,
            Value::Bool(false) => Builtin::None,
            Value::Seq(items) => {
                let known = crate::pack::builtin::names();
                let mut names = Vec::new();
                for i in items {
                    match i.as_str() {
                        Some(name) if known.contains(&name) => names.push(name.to_string()),
                        _ => {
                            let hint = i
                                .as_str()
                                .and_then(|w| crate::diag::did_you_mean(w, &known))
                                .map(|k| format!("; did you mean `{k}`?"))
                                .unwrap_or_default();
                            d.error(
                                i.pos,
                                format!(
                                    "no built-in pack `{i}`{hint} (built in: {})",
                                    known.join(", ")
                                ),
                            );
                        }
                    }
                }
                Builtin::Only(names)
            }
            _ => {
                d.error(
                    n.pos,
                    "`builtin` is true, false, or a list of built-in pack names",
                );
                Builtin::Default
            }
        };
    }
    if let Some(n) = doc.get("owners") {
        c.team_sources = owners(d, n);
    }
    if let Some(b) = d.optional_bool(doc, "team_from_codeowners") {
        c.team_from_codeowners = b;
    }
    if let Some(b) = d.optional_bool(doc, "allow_repo_exemptions") {
        c.allow_repo_exemptions = b;
    }
    super::limits::read(d, doc, &mut c.limits);
    if let Some(n) = doc.get("exemptions") {
        c.exemptions = exemptions(d, n, true);
    }
    c.tuning = tuning(d, doc);
    if let Some(n) = doc.get("teams")
        && let Some(entries) = d.mapping(n, "`teams`")
    {
        for (k, v) in entries {
            let Some(name) = d.string(k) else { continue };
            let items: Vec<&Node> = match &v.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![v],
            };
            let repos = items.into_iter().filter_map(|i| name_glob(d, i)).collect();
            c.teams.push(Team { name, repos });
        }
    }
    c
}

/// A list of rule ids or pack names (a single name is a list of one).
fn names(d: &mut Decoder<'_>, node: &Node, key: &str) -> Vec<Named> {
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    items
        .into_iter()
        .filter_map(|i| match i.as_str() {
            Some(s) => Some((s.to_string(), i.pos)),
            None => {
                d.error(
                    i.pos,
                    format!("`{key}` lists rule ids or pack names, as strings"),
                );
                None
            }
        })
        .collect()
}

fn tuning(d: &mut Decoder<'_>, doc: &Node) -> Tuning {
    let mut t = Tuning {
        select: doc.get("select").map(|n| names(d, n, "select")),
        ignore: doc
            .get("ignore")
            .map(|n| names(d, n, "ignore"))
            .unwrap_or_default(),
        severity: Vec::new(),
        source: d.file.clone(),
    };
    if let Some(n) = doc.get("severity")
        && let Some(entries) = d.mapping(n, "`severity`")
    {
        for (k, v) in entries {
            let Some(id) = d.string(k) else { continue };
            let level = match v.as_str() {
                Some("off") => Level::Off,
                s => match s.and_then(crate::report::Severity::parse) {
                    Some(sev) => Level::Set(sev),
                    None => {
                        let msg =
                            format!("a severity is required, recommended, info or off, not `{v}`");
                        d.error(v.pos, msg);
                        continue;
                    }
                },
            };
            t.severity.push(((id, k.pos), level));
        }
    }
    t
}

/// `owners: {sources: [...]}`: known source names, each once, every problem at its position.
fn owners(d: &mut Decoder<'_>, node: &Node) -> Option<Vec<TeamSource>> {
    d.check_keys(node, &["sources"], "owners")?;
    let n = d.required(node, "sources", "owners")?;
    let items = d.sequence(n, "owners.sources")?;
    let names: Vec<&str> = TeamSource::ALL.iter().map(|s| s.name()).collect();
    let mut out = Vec::new();
    for i in items {
        match TeamSource::ALL
            .into_iter()
            .find(|s| i.as_str() == Some(s.name()))
        {
            Some(s) if out.contains(&s) => {
                d.error(i.pos, format!("team source `{i}` is listed twice"))
            }
            Some(s) => out.push(s),
            None => {
                let hint = i
                    .as_str()
                    .and_then(|w| crate::diag::did_you_mean(w, &names))
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                d.error(
                    i.pos,
                    format!("no team source `{i}`{hint} (sources: {})", names.join(", ")),
                );
            }
        }
    }
    Some(out)
}

/// Reports exemptions that name rules no loaded pack defines.
pub fn check_rule_ids(config: &Config, known: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &config.exemptions {
        if let RuleSel::Ids(ids) = &e.rules {
            for (id, pos) in ids {
                if !known(id) {
                    out.push(Diagnostic {
                        file: e.source.clone(),
                        pos: *pos,
                        message: format!("exemption names unknown rule `{id}`"),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT: &str = r#"rules: [rules/, ../platform/extra-rules.yml]   # packs, besides the built-in ones
builtin: true                                  # the default built-in packs (default true)
exemptions:
  - repos: "acme/legacy-*"                     # glob over repository names
    rules: [ci-reusable-workflow]              # rule ids, or "*"
    until: 2027-03-31                          # required; past it the exemption stops applying
    reason: Monolith split planned for Q1
teams:                                         # a repo belongs to the first team that matches
  payments: ["acme/pay-*", "acme/ledger"]
  platform: ["acme/infra-*"]
team_from_codeowners: true                     # (default) a repo no team matches takes the first owner
                                               # of the root `*` line of its CODEOWNERS
max_file_size: 1MiB                            # content conditions skip larger files
max_tree_entries: 1000000                      # a repository whose tree holds more is an error
"#;

    #[test]
    fn contract_example() {
        let c = parse("paved.yml", CONTRACT, Path::new("/cfg")).unwrap();
        assert_eq!(
            c.rules,
            [
                PathBuf::from("/cfg/rules/"),
                PathBuf::from("/cfg/../platform/extra-rules.yml")
            ]
        );
        assert!(
            c.builtin == Builtin::Default && c.team_from_codeowners && !c.allow_repo_exemptions
        );
        assert_eq!(c.limits.max_file_size, 1 << 20);
        assert_eq!(c.exemptions.len(), 1);
        let e = &c.exemptions[0];
        assert!(e.repos.as_ref().unwrap().1.is_match("acme/legacy-billing"));
        assert_eq!(
            e.rules,
            RuleSel::Ids(vec![("ci-reusable-workflow".into(), Pos::new(5, 13))])
        );
        assert_eq!(e.until, jiff::civil::date(2027, 3, 31));
        assert_eq!(
            c.teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["payments", "platform"]
        );
        assert!(c.teams[0].repos[1].1.is_match("acme/ledger"));
    }

    #[test]
    fn every_problem_with_position() {
        let text = "rulez: []\nexemptions:\n  - repos: a\n    until: soon\n  - rules: '*'\n    until: 2027-01-01\n    reason: ''\nmax_file_size: lots\nteams: [x]\n";
        let got: Vec<String> = parse("p.yml", text, Path::new("."))
            .unwrap_err()
            .iter()
            .map(|d| d.to_string())
            .collect();
        let want = [
            "p.yml:1:1: unknown key in `config`: `rulez`; did you mean `rules`?",
            "p.yml:3:5: `exemption` needs `rules`",
            "p.yml:3:5: `exemption` needs `reason`",
            "p.yml:4:12: `until` must be a date like 2027-03-31, not `soon`",
            "p.yml:5:5: `exemption` needs `repos`",
            "p.yml:7:13: `reason` must say why",
            "p.yml:8:16: `max_file_size` must be a size like 1MiB or 500KB, from 1 B to 1 GiB, not `lots`",
            "p.yml:9:8: `teams` must be a mapping, found sequence",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn configs_are_told_from_packs() {
        let cases: &[(&str, bool)] = &[
            ("builtin: [basics]\n", true),
            ("rules: [rules/]\nteams: {a: [\"x\"]}\n", true),
            ("rules: rules/\n", true),
            ("rules: [rules/our-road.yml]\n", true),
            ("team_from_codeowners: true\n", true),
            ("pack: p\nrules: []\n", false),
            ("pack: p\nbuiltin: true\n", false),
            ("rules:\n  - id: x\n", false),
            ("rules: []\n", false),
            ("{}\n", false),
            ("- a\n", false),
            ("[unclosed\n", false),
        ];
        for (text, want) in cases {
            assert_eq!(super::looks_like_config(text), *want, "{text}");
        }
    }

    #[test]
    fn builtin_selection() {
        let c = parse(
            "p.yml",
            "builtin: [basics, github-actions]\n",
            Path::new("."),
        )
        .unwrap();
        assert_eq!(
            c.builtin,
            Builtin::Only(vec!["basics".into(), "github-actions".into()])
        );
        assert_eq!(
            parse("p.yml", "builtin: false\n", Path::new("."))
                .unwrap()
                .builtin,
            Builtin::None
        );
        let err = parse("p.yml", "builtin: [basic]\n", Path::new(".")).unwrap_err();
        assert!(
            err[0]
                .to_string()
                .starts_with("p.yml:1:11: no built-in pack `basic`; did you mean `basics`?"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn team_sources() {
        let sources = |text: &str| {
            parse("p.yml", text, Path::new("."))
                .map(|c| c.team_sources().map(TeamSource::name).collect::<Vec<_>>())
                .map_err(|e| e.iter().map(|d| d.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(sources(""), Ok(vec!["config", "codeowners"]));
        assert_eq!(sources("team_from_codeowners: false\n"), Ok(vec!["config"]));
        assert_eq!(
            sources("owners: {sources: [forge, backstage, codeowners]}\n"),
            Ok(vec!["forge", "backstage", "codeowners"])
        );
        assert_eq!(sources("owners: {sources: []}\n"), Ok(vec![]));
        let errors = [
            (
                "owners: {sources: [forge, forge]}\n",
                "p.yml:1:27: team source `forge` is listed twice",
            ),
            (
                "owners: {sources: forge}\n",
                "p.yml:1:19: `owners.sources` must be a list, found string",
            ),
            ("owners: {}\n", "p.yml:1:9: `owners` needs `sources`"),
            (
                "owners: {source: [forge]}\n",
                "p.yml:1:10: unknown key in `owners`: `source`; did you mean `sources`?",
            ),
        ];
        for (text, want) in errors {
            let got = sources(text).unwrap_err();
            assert!(got.iter().any(|g| g.starts_with(want)), "{text}: {got:?}");
        }
    }

    #[test]
    fn sizes() {
        for (s, want) in [
            ("1MiB", Some(1 << 20)),
            ("500KB", Some(500_000)),
            ("2048", Some(2048)),
            ("1.5MiB", Some(1_572_864)),
            ("x", None),
            ("1 parsec", None),
        ] {
            assert_eq!(parse_size(s), want, "{s}");
        }
    }
}
