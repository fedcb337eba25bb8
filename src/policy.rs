//! The org's policy around the rules: which exemptions apply to a repository on a given day,
//! and which team a repository belongs to: the first of the config's team sources that names
//! one (config globs, the Backstage catalog file, the forge, CODEOWNERS).

use crate::decode::Decoder;
use crate::discover::{RepoMeta, RepoRef};
use crate::outcome::Evidence;
use crate::pack::config::{self, Config, Exemption};
use crate::query::Value;
use crate::report::TeamSource;
use crate::rules::GlobTable;
use crate::snapshot::{Content, RepoSnapshot};

/// What evaluation needs of the config, fixed for one scan.
#[derive(Clone, Debug)]
pub struct Policy {
    pub config: Config,
    /// The day exemptions are judged against (UTC; `SOURCE_DATE_EPOCH` fixes it).
    pub today: jiff::civil::Date,
}

impl Default for Policy {
    /// The default config, judged today (UTC), as a scan from the command line would be.
    fn default() -> Self {
        Policy {
            config: Config::default(),
            today: jiff::Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date(),
        }
    }
}

/// An exemption that matched a repository and rule, and whether it still applies.
#[derive(Clone, Debug)]
pub struct Matched<'a> {
    pub exemption: &'a Exemption,
    pub active: bool,
}

/// How an expired exemption's evidence note starts; [`expired_note`] reads it back.
const EXPIRED: &str = "exemption expired on ";

impl Matched<'_> {
    pub fn evidence(&self) -> Evidence {
        let e = self.exemption;
        let note = if self.active {
            format!("exempt until {}: {}", e.until, e.reason)
        } else {
            format!("{EXPIRED}{}: {}", e.until, e.reason)
        };
        Evidence::at(e.source.clone(), e.pos.line(), note)
    }
}

/// The expiry day and reason of an expired exemption's evidence note (as [`Matched::evidence`]
/// writes it), so reports can list expired exemptions; `None` for any other note.
pub fn expired_note(note: &str) -> Option<(&str, &str)> {
    note.strip_prefix(EXPIRED)?.split_once(": ")
}

/// The files GitHub reads CODEOWNERS from, in its order.
pub const CODEOWNERS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// The first owner of the root `*` line of the first CODEOWNERS file GitHub would use.
/// GitHub applies the last matching line, so the last `*` line wins. `@org/team` gives
/// `team`, `@user` gives `user`.
pub fn codeowners_team(text: &str) -> Option<String> {
    let owner = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            (parts.next() == Some("*")).then(|| parts.next()).flatten()
        })
        .next_back()?;
    let owner = owner.trim_start_matches('@');
    Some(owner.rsplit('/').next().unwrap_or(owner).to_string()).filter(|s| !s.is_empty())
}

/// The files Backstage reads a repository's entities from, at its root.
pub const CATALOG_INFO: [&str; 2] = ["catalog-info.yaml", "catalog-info.yml"];

/// `spec.owner` of the first entity in a Backstage `catalog-info.yaml` that has one, without a
/// `group:` kind prefix or a `namespace/` prefix (`group:default/payments` gives `payments`).
/// `Err` says why the file gives no team when it is not what Backstage reads.
pub fn backstage_owner(text: &str) -> Result<Option<String>, String> {
    let docs = crate::query::parse_yaml(text).map_err(|e| {
        format!(
            "invalid YAML at {}:{}: {}",
            e.pos.line, e.pos.col, e.message
        )
    })?;
    for doc in &docs {
        let Some(owner) = doc.get("spec").and_then(|s| s.get("owner")) else {
            continue;
        };
        let Some(owner) = owner.as_str() else {
            return Err(format!(
                "`spec.owner` at {}:{} is not a string",
                owner.pos.line, owner.pos.col
            ));
        };
        let owner = owner.trim();
        let owner = match owner.get(..6) {
            Some(kind) if kind.eq_ignore_ascii_case("group:") => &owner[6..],
            _ => owner,
        };
        let owner = owner.rsplit('/').next().unwrap_or(owner).trim();
        return Ok(Some(owner.to_string()).filter(|o| !o.is_empty()));
    }
    Ok(None)
}

/// The owner in the first catalog file there is; a file that cannot be read or parsed gives
/// no team and a note.
fn backstage_team(
    read: &mut impl FnMut(&str) -> Option<Option<Content>>,
    notes: &mut Vec<String>,
) -> Option<String> {
    let (path, content) = CATALOG_INFO
        .into_iter()
        .find_map(|p| read(p).map(|c| (p, c)))?;
    let why = match content {
        Some(Content::Text(t)) => match backstage_owner(&t) {
            Ok(owner) => return owner,
            Err(why) => why,
        },
        Some(Content::Skipped(why)) => format!("skipped: {why}"),
        None => "could not be read".into(),
    };
    notes.push(format!("{path} gives no team: {why}"));
    None
}

/// A repository's team and the source that named it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    pub team: String,
    pub source: TeamSource,
}

impl Policy {
    /// Every path [`Self::team`] and [`Self::repo_exemptions`] may read, so a scan that skips
    /// folders no rule reaches still reads these.
    pub fn paths_read() -> impl Iterator<Item = &'static str> {
        CODEOWNERS
            .into_iter()
            .chain(CATALOG_INFO)
            .chain([".paved.yml"])
    }

    /// The team of a repository: the first of the config's team sources that names one.
    /// Why a source that is there gives no team (a malformed catalog file) goes to `notes`.
    pub fn team(
        &self,
        repo: &RepoRef,
        snap: Option<&RepoSnapshot>,
        notes: &mut Vec<String>,
    ) -> Option<Owner> {
        self.team_with(
            &repo.name,
            &repo.meta,
            |path| {
                let snap = snap?;
                snap.entry(path)?;
                Some(snap.content(path).ok())
            },
            notes,
        )
    }

    /// [`Self::team`] with the repository's files read through `read`, for callers that have
    /// no snapshot: `None` when nothing is at the path, `Some(None)` when something is but it
    /// cannot be read as a file, else its content as a snapshot reads it.
    pub fn team_with(
        &self,
        name: &str,
        meta: &RepoMeta,
        mut read: impl FnMut(&str) -> Option<Option<Content>>,
        notes: &mut Vec<String>,
    ) -> Option<Owner> {
        self.config.team_sources().find_map(|source| {
            let team = match source {
                TeamSource::Config => self
                    .config
                    .teams
                    .iter()
                    .find(|t| t.repos.iter().any(|(_, g)| g.is_match(name)))
                    .map(|t| t.name.clone()),
                TeamSource::Backstage => backstage_team(&mut read, notes),
                TeamSource::Forge => meta.forge_team.clone(),
                TeamSource::Codeowners => match CODEOWNERS.into_iter().find_map(&mut read)? {
                    Some(Content::Text(t)) => codeowners_team(&t),
                    _ => None,
                },
            };
            team.map(|team| Owner { team, source })
        })
    }

    /// The report's `team` and `team_source` for `owner`: the source is shown only when the
    /// config sets `owners.sources`, so reports under existing configs stay as they were.
    pub fn team_fields(&self, owner: Option<Owner>) -> (Option<String>, Option<TeamSource>) {
        match owner {
            Some(o) => (
                Some(o.team),
                self.config.team_sources.is_some().then_some(o.source),
            ),
            None => (None, None),
        }
    }

    /// Exemptions granted in the repository's own `.paved.yml`, when the config allows them.
    /// Problems in that file are the repository's, so they become notes, not a failed scan.
    pub fn repo_exemptions(&self, snap: &RepoSnapshot, notes: &mut Vec<String>) -> Vec<Exemption> {
        if !self.config.allow_repo_exemptions || snap.entry(".paved.yml").is_none() {
            return Vec::new();
        }
        let text = match snap.content(".paved.yml") {
            Ok(Content::Text(t)) => t,
            Ok(Content::Skipped(why)) => {
                notes.push(format!(".paved.yml skipped: {why}"));
                return Vec::new();
            }
            Err(e) => {
                notes.push(format!(".paved.yml could not be read: {e}"));
                return Vec::new();
            }
        };
        repo_exemptions_from(&text, notes)
    }

    /// The exemption that decides `rule` for the repository: an active one if any, else the
    /// latest expired one (so reports can say it expired).
    pub fn exemption<'a>(
        &self,
        name: &str,
        rule: &str,
        local: &'a [Exemption],
        central: &'a [Exemption],
    ) -> Option<Matched<'a>> {
        let applies = |e: &&Exemption| {
            e.rules.covers(rule) && e.repos.as_ref().is_none_or(|(_, g)| g.is_match(name))
        };
        let mut best: Option<Matched<'a>> = None;
        for e in central.iter().chain(local).filter(applies) {
            let active = self.today <= e.until;
            let better = match &best {
                None => true,
                Some(b) => {
                    (active && !b.active) || (active == b.active && e.until > b.exemption.until)
                }
            };
            if better {
                best = Some(Matched {
                    exemption: e,
                    active,
                });
            }
        }
        best
    }
}

/// Exemptions from the text of a repository's `.paved.yml`; each problem in it becomes an
/// `ignored: file:line:col: message` note, because the file is the repository's, not the org's.
pub fn repo_exemptions_from(text: &str, notes: &mut Vec<String>) -> Vec<Exemption> {
    let mut globs = GlobTable::default();
    let mut d = Decoder::new(".paved.yml", &mut globs);
    let mut out = Vec::new();
    match crate::query::parse_yaml(text) {
        Ok(docs) => {
            if let Some(doc) = docs.first().filter(|d| !matches!(d.value, Value::Null))
                && d.check_keys(doc, &["exemptions"], ".paved.yml").is_some()
                && let Some(n) = doc.get("exemptions")
            {
                out = config::exemptions(&mut d, n, false);
            }
        }
        Err(e) => d.error(e.pos, format!("invalid YAML: {}", e.message)),
    }
    notes.extend(d.diags.iter().map(|d| format!("ignored: {d}")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codeowners_owner() {
        let cases = [
            ("* @acme/payments @bob\n", Some("payments")),
            (
                "# all\n*       @alice # lead\n/docs @acme/docs\n",
                Some("alice"),
            ),
            ("* @acme/a\n* @acme/b\n", Some("b")),
            ("/src @acme/core\n", None),
            ("*\n", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(codeowners_team(text).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn backstage_owners() {
        let cases: &[(&str, Result<Option<&str>, &str>)] = &[
            (
                "spec: {owner: group:default/payments}\n",
                Ok(Some("payments")),
            ),
            ("spec: {owner: \"Group:platform\"}\n", Ok(Some("platform"))),
            ("spec: {owner: team-a}\n", Ok(Some("team-a"))),
            ("kind: Location\n---\nspec: {owner: web}\n", Ok(Some("web"))),
            ("metadata: {name: x}\n", Ok(None)),
            ("spec: {owner: \"group:\"}\n", Ok(None)),
            ("", Ok(None)),
            (
                "spec: {owner: [a]}\n",
                Err("`spec.owner` at 1:15 is not a string"),
            ),
            ("spec: [\n", Err("invalid YAML at")),
        ];
        for (text, want) in cases {
            let got = backstage_owner(text);
            match want {
                Ok(w) => assert_eq!(got.as_ref().map(Option::as_deref), Ok(*w), "{text:?}"),
                Err(prefix) => assert!(
                    got.as_ref().is_err_and(|e| e.starts_with(prefix)),
                    "{text:?}: {got:?}"
                ),
            }
        }
    }

    fn ex(rules: config::RuleSel, until: jiff::civil::Date) -> Exemption {
        Exemption {
            repos: Some((
                "acme/legacy-*".into(),
                globset::Glob::new("acme/legacy-*")
                    .unwrap()
                    .compile_matcher(),
            )),
            rules,
            until,
            reason: "split planned".into(),
            source: "paved.yml".into(),
            pos: crate::query::Pos::new(4, 5),
        }
    }

    #[test]
    fn exemptions_expire_after_their_day() {
        let until = jiff::civil::date(2027, 3, 31);
        let central = [ex(
            config::RuleSel::Ids(vec![("ci".into(), Default::default())]),
            until,
        )];
        for (today, want) in [
            ((2027, 3, 30), Some(true)),
            ((2027, 3, 31), Some(true)),
            ((2027, 4, 1), Some(false)),
        ] {
            let p = Policy {
                config: Config::default(),
                today: jiff::civil::date(today.0, today.1, today.2),
            };
            let got = p
                .exemption("acme/legacy-x", "ci", &[], &central)
                .map(|m| m.active);
            assert_eq!(got, want, "{today:?}");
        }
        let p = Policy {
            config: Config::default(),
            today: jiff::civil::date(2027, 1, 1),
        };
        assert!(p.exemption("acme/new", "ci", &[], &central).is_none());
        assert!(
            p.exemption("acme/legacy-x", "other", &[], &central)
                .is_none()
        );
        let all = [ex(config::RuleSel::All, until)];
        assert!(
            p.exemption("acme/legacy-x", "other", &[], &all)
                .is_some_and(|m| m.active)
        );
    }
}
