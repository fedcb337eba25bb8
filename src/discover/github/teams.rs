//! The team that owns a repository on GitHub: of the teams with access to it, the one with the
//! highest permission (`owners.sources: [forge]`).

use serde::Deserialize;

use super::client::Client;
use super::{ApiEvent, GithubError, valid_name};

/// Teams per page: the API's maximum.
const PER_PAGE: u32 = 100;

/// A team as `GET /repos/{owner}/{repo}/teams` lists it; only what paved reads.
#[derive(Deserialize)]
struct ApiTeam {
    slug: String,
    #[serde(default)]
    permission: Option<String>,
}

/// The rank of a GitHub permission, highest first: `admin` > `maintain` > `push` > `triage` >
/// `pull`; anything else ranks below them all.
fn rank(permission: Option<&str>) -> usize {
    const ORDER: [&str; 5] = ["admin", "maintain", "push", "triage", "pull"];
    permission
        .and_then(|p| ORDER.iter().position(|o| o.eq_ignore_ascii_case(p)))
        .unwrap_or(ORDER.len())
}

/// The owning team among `teams`: highest permission, then the first slug by name, so the
/// answer does not depend on the API's order.
fn owning_team(teams: Vec<(String, Option<String>)>) -> Option<String> {
    teams
        .into_iter()
        .min_by(|a, b| {
            rank(a.1.as_deref())
                .cmp(&rank(b.1.as_deref()))
                .then_with(|| a.0.cmp(&b.0))
        })
        .map(|(slug, _)| slug)
}

impl Client {
    /// The slug of the team with the highest permission on `owner/name`, `None` when no team
    /// has access.
    pub fn repo_team(
        &self,
        owner: &str,
        name: &str,
        events: &dyn Fn(ApiEvent),
    ) -> Result<Option<String>, GithubError> {
        if !valid_name(owner) || !valid_name(name) {
            return Err(GithubError::BadName {
                what: "repository (owner/name)",
                name: format!("{owner}/{name}"),
            });
        }
        let what = format!("listing the teams of {owner}/{name}");
        let first = self.path(&format!("/repos/{owner}/{name}/teams?per_page={PER_PAGE}"));
        let teams = self.block_on(self.pages(&first, &what, events, |t: ApiTeam| {
            Ok((t.slug, t.permission))
        }))?;
        Ok(owning_team(teams))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_permission_wins() {
        let t = |s: &str, p: Option<&str>| (s.to_string(), p.map(str::to_string));
        let cases = [
            (
                vec![t("readers", Some("pull")), t("core", Some("push"))],
                Some("core"),
            ),
            (
                vec![t("ops", Some("maintain")), t("sec", Some("admin"))],
                Some("sec"),
            ),
            (vec![t("b", Some("push")), t("a", Some("push"))], Some("a")),
            (vec![t("x", Some("triage")), t("y", Some("odd"))], Some("x")),
            (vec![t("y", None)], Some("y")),
            (vec![], None),
        ];
        for (teams, want) in cases {
            let what = format!("{teams:?}");
            assert_eq!(owning_team(teams).as_deref(), want, "{what}");
        }
    }
}
