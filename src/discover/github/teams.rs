//! The team that owns a repository on GitHub (and Gitea): of the teams with access to it, the
//! one with the highest permission (`owners.sources: [forge]`).

use serde::Deserialize;

use super::client::Client;
use super::{ApiEvent, GithubError, check_repo_name};

/// Teams per page: the API's maximum.
const PER_PAGE: u32 = 100;

/// A team as `GET /repos/{owner}/{repo}/teams` lists it; only what paved reads.
#[derive(Deserialize)]
struct ApiTeam {
    slug: String,
    #[serde(default)]
    permission: Option<String>,
}

/// GitHub's permissions, highest first.
const GITHUB_ORDER: [&str; 5] = ["admin", "maintain", "push", "triage", "pull"];

/// The owning team among `teams` (name, permission): the highest permission in `order`
/// (highest first; anything else ranks below them all), then the first name, so the answer
/// does not depend on the API's order.
pub fn owning_team(teams: Vec<(String, Option<String>)>, order: &[&str]) -> Option<String> {
    let rank = |p: Option<&str>| {
        p.and_then(|p| order.iter().position(|o| o.eq_ignore_ascii_case(p)))
            .unwrap_or(order.len())
    };
    teams
        .into_iter()
        .min_by(|a, b| {
            rank(a.1.as_deref())
                .cmp(&rank(b.1.as_deref()))
                .then_with(|| a.0.cmp(&b.0))
        })
        .map(|(name, _)| name)
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
        check_repo_name(owner, name)?;
        let what = format!("listing the teams of {owner}/{name}");
        let first = self.path(&format!("/repos/{owner}/{name}/teams?per_page={PER_PAGE}"));
        let teams = self.block_on(self.pages(&first, &what, events, |t: ApiTeam| {
            Ok((t.slug, t.permission))
        }))?;
        Ok(owning_team(teams, &GITHUB_ORDER))
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
            assert_eq!(owning_team(teams, &GITHUB_ORDER).as_deref(), want, "{what}");
        }
    }
}
