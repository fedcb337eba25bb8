//! Template provenance: which project template, at which version, a repository was generated
//! from (copier's answers file, cruft's `.cruft.json`, Backstage's `catalog-info.yaml`). The
//! per-template roll-up of a report lives in `report::templates`.
//!
//! Detection is best effort and silent: a file that is missing, unreadable or does not parse
//! gives no provenance. Whether such a file is broken is for rules (the `templates` pack)
//! to report, with evidence.

use serde::{Deserialize, Serialize};

use crate::query::{Format, Node, Value};
use crate::rules::EvalCtx;
use crate::snapshot::{Content, EntryKind};

/// The tool that generated (and can update) a repository from its template.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum TemplateTool {
    Copier,
    Cruft,
    Backstage,
}

/// Where one repository came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TemplateRef {
    /// The template, normalised so that spellings of one template agree: a git URL becomes
    /// `host/owner/name` (`gh:acme/service-template` and
    /// `https://github.com/acme/service-template.git` are both
    /// `github.com/acme/service-template`); a Backstage template stays an entity reference
    /// (`template:default/service-template`); a local path stays as written.
    pub source: String,
    /// The template version the repository was generated or last updated from: copier's
    /// `_commit` (a tag such as `v3.1.0`, `v3.1.0-4-g1a2b3c4` past a tag, or a commit),
    /// cruft's `commit`, or for Backstage the `backstage.io/template-version` annotation
    /// when a template sets one. `None` when the file does not say.
    pub version: Option<String>,
    pub tool: TemplateTool,
}

/// Copier's default answers file names; other `.copier-answers.*.yml` files (one per
/// template, when several are applied) come after these and cruft's and Backstage's files.
const COPIER: [&str; 2] = [".copier-answers.yml", ".copier-answers.yaml"];
const CRUFT: &str = ".cruft.json";
const BACKSTAGE: [&str; 2] = ["catalog-info.yaml", "catalog-info.yml"];
const SOURCE_TEMPLATE: &str = "backstage.io/source-template";
const TEMPLATE_VERSION: &str = "backstage.io/template-version";

/// The template a repository was generated from, if one of the known files says so.
/// The first file that names a template wins: copier's default answers file, cruft's,
/// Backstage's, then any other copier answers file at the root.
pub fn detect(cx: &EvalCtx<'_>) -> Option<TemplateRef> {
    let snap = cx.snap;
    // Entries are sorted by path, so the root's `.copier-answers.*` files are one range.
    let entries = snap.entries();
    let from = entries.partition_point(|e| e.path.as_str() < ".copier-answers.");
    let extra_copier = entries[from..]
        .iter()
        .take_while(|e| e.path.starts_with(".copier-answers."))
        .filter(|e| {
            e.kind == EntryKind::File
                && !e.path.contains('/')
                && (e.path.ends_with(".yml") || e.path.ends_with(".yaml"))
                && !COPIER.contains(&e.path.as_str())
        });
    let candidates = COPIER
        .iter()
        .map(|p| (*p, TemplateTool::Copier))
        .chain(std::iter::once((CRUFT, TemplateTool::Cruft)))
        .chain(BACKSTAGE.iter().map(|p| (*p, TemplateTool::Backstage)))
        .chain(extra_copier.map(|e| (e.path.as_str(), TemplateTool::Copier)));
    for (path, tool) in candidates {
        if snap.entry(path).is_none() {
            continue;
        }
        let Ok(Content::Text(text)) = snap.content(path) else {
            continue;
        };
        let format = if tool == TemplateTool::Cruft {
            Format::Json
        } else {
            Format::Yaml
        };
        // Shared with the rules that read the same file: parsed once per blob.
        let parsed = cx.parse(path, &text, format);
        let Ok(docs) = parsed.as_ref() else {
            continue;
        };
        if let Some(found) = docs.iter().find_map(|d| from_document(d, tool)) {
            return Some(found);
        }
    }
    None
}

/// Reads one parsed document of a known file.
pub fn from_document(doc: &Node, tool: TemplateTool) -> Option<TemplateRef> {
    let (source, version) = match tool {
        TemplateTool::Copier => (text(doc.get("_src_path"))?, text(doc.get("_commit"))),
        TemplateTool::Cruft => (text(doc.get("template"))?, text(doc.get("commit"))),
        TemplateTool::Backstage => {
            let annotations = doc.get("metadata")?.get("annotations")?;
            (
                text(annotations.get(SOURCE_TEMPLATE))?,
                text(annotations.get(TEMPLATE_VERSION)),
            )
        }
    };
    Some(TemplateRef {
        source: normalize_source(&source),
        version,
        tool,
    })
}

/// A scalar's text, trimmed; `None` for a missing, empty, null or non-scalar value.
fn text(node: Option<&Node>) -> Option<String> {
    let node = node?;
    if matches!(node.value, Value::Null) {
        return None;
    }
    let t = node.scalar_text()?;
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// One template, however its users spelled it: `host/path` for git URLs (copier's `gh:` and
/// `gl:` shorthands, https, ssh and scp-like `git@host:path`), without `.git` or a trailing
/// `/`; anything else (a local path, a Backstage entity reference) as written.
pub fn normalize_source(raw: &str) -> String {
    let s = raw.trim();
    let s = s.strip_prefix("git+").unwrap_or(s);
    let hosted = if let Some(rest) = s.strip_prefix("gh:") {
        Some(("github.com".to_string(), rest))
    } else if let Some(rest) = s.strip_prefix("gl:") {
        Some(("gitlab.com".to_string(), rest))
    } else if let Some((scheme, rest)) = s.split_once("://") {
        matches!(scheme, "https" | "http" | "ssh" | "git").then(|| {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            // ssh://git@host:22/path: drop the user and the port.
            let host = authority.rsplit('@').next().unwrap_or(authority);
            let host = host.split(':').next().unwrap_or(host);
            (host.to_ascii_lowercase(), path)
        })
    } else if let Some((user_host, path)) = s.split_once(':').filter(|(uh, p)| {
        // scp-like `git@github.com:acme/x.git`; not `C:\x` and not a path with a colon.
        uh.contains('@') && !uh.contains('/') && !p.starts_with('/') && !p.is_empty()
    }) {
        let host = user_host.rsplit('@').next().unwrap_or(user_host);
        Some((host.to_ascii_lowercase(), path))
    } else {
        None
    };
    match hosted {
        Some((host, path)) => {
            let path = path.trim_matches('/');
            let path = path.strip_suffix(".git").unwrap_or(path);
            if path.is_empty() {
                host
            } else {
                format!("{host}/{path}")
            }
        }
        None => s.to_string(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_of_one_template_agree() {
        let cases: &[(&str, &str)] = &[
            (
                "gh:acme/service-template",
                "github.com/acme/service-template",
            ),
            (
                "gh:acme/service-template.git",
                "github.com/acme/service-template",
            ),
            (
                "https://github.com/acme/service-template.git",
                "github.com/acme/service-template",
            ),
            (
                "https://GitHub.com/acme/service-template/",
                "github.com/acme/service-template",
            ),
            (
                "git+https://github.com/acme/service-template",
                "github.com/acme/service-template",
            ),
            (
                "git@github.com:acme/service-template.git",
                "github.com/acme/service-template",
            ),
            (
                "ssh://git@git.acme.dev:2222/platform/service-template.git",
                "git.acme.dev/platform/service-template",
            ),
            ("gl:acme/py-template", "gitlab.com/acme/py-template"),
            (
                "template:default/service-template",
                "template:default/service-template",
            ),
            ("/srv/templates/service", "/srv/templates/service"),
            ("../templates/service", "../templates/service"),
            ("  gh:acme/x  ", "github.com/acme/x"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_source(raw), *want, "{raw}");
        }
    }

    /// (tool, format, file text, the (source, version) wanted)
    type DocCase = (
        TemplateTool,
        Format,
        &'static str,
        Option<(&'static str, Option<&'static str>)>,
    );

    #[test]
    fn documents_of_each_tool() {
        let cases: &[DocCase] = &[
            (
                TemplateTool::Copier,
                Format::Yaml,
                "# Changes here will be overwritten by Copier\n_commit: v3.1.0\n_src_path: gh:acme/service-template\nproject_name: payments\n",
                Some(("github.com/acme/service-template", Some("v3.1.0"))),
            ),
            (
                TemplateTool::Copier,
                Format::Yaml,
                "_src_path: /tmp/tpl\n",
                Some(("/tmp/tpl", None)),
            ),
            (
                TemplateTool::Copier,
                Format::Yaml,
                "_commit: v1\nproject_name: x\n",
                None,
            ),
            (
                TemplateTool::Cruft,
                Format::Json,
                r#"{"template": "https://github.com/acme/cookiecutter-lib", "commit": "8f2c1d9e0b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e", "checkout": null, "context": {}}"#,
                Some((
                    "github.com/acme/cookiecutter-lib",
                    Some("8f2c1d9e0b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e"),
                )),
            ),
            (
                TemplateTool::Backstage,
                Format::Yaml,
                "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n  annotations:\n    backstage.io/source-template: template:default/node-service\n    backstage.io/template-version: '2.0.1'\n",
                Some(("template:default/node-service", Some("2.0.1"))),
            ),
            (
                TemplateTool::Backstage,
                Format::Yaml,
                "kind: Component\nmetadata:\n  name: x\n  annotations:\n    github.com/project-slug: acme/x\n",
                None,
            ),
        ];
        for (tool, format, text, want) in cases {
            let docs = crate::query::parse(*format, text).unwrap();
            let got = docs.iter().find_map(|d| from_document(d, *tool));
            let got = got
                .as_ref()
                .map(|t| (t.source.as_str(), t.version.as_deref()));
            assert_eq!(got, *want, "{text}");
        }
    }
}
