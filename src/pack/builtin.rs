//! The built-in packs: the YAML files of `rules/`, embedded in the binary.

use super::PackSource;

/// Every file of `rules/` (a test checks that none is left out).
pub const FILES: &[(&str, &str)] = &[
    ("basics.yml", include_str!("../../rules/basics.yml")),
    (
        "open-source.yml",
        include_str!("../../rules/open-source.yml"),
    ),
    (
        "github-actions.yml",
        include_str!("../../rules/github-actions.yml"),
    ),
    (
        "dependencies.yml",
        include_str!("../../rules/dependencies.yml"),
    ),
    ("rust.yml", include_str!("../../rules/rust.yml")),
    ("node.yml", include_str!("../../rules/node.yml")),
    ("python.yml", include_str!("../../rules/python.yml")),
    ("containers.yml", include_str!("../../rules/containers.yml")),
    ("templates.yml", include_str!("../../rules/templates.yml")),
];

/// Templates that built-in packs compare against or add (`rules/templates/`).
pub const TEMPLATES: &[(&str, &str)] = &[(
    "templates/SECURITY.md",
    include_str!("../../rules/templates/SECURITY.md"),
)];

/// Built-in packs a scan leaves out unless chosen (`--builtin`, `builtin: [...]`): community
/// files of open-source projects and template provenance are not what most internal orgs ask of
/// every repository, and a first scan should not read "0% on the paved road" because of them.
/// The language packs stay on: their rules are `not_applicable` where the language is absent.
pub const OPT_IN: &[&str] = &["open-source", "templates"];

/// Whether the built-in pack `name` is on when nothing chooses packs.
pub fn on_by_default(name: &str) -> bool {
    !OPT_IN.contains(&name)
}

/// The built-in packs that are on by default, in `FILES` order.
pub fn default_names() -> Vec<&'static str> {
    names().into_iter().filter(|n| on_by_default(n)).collect()
}

/// The built-in packs' names (each file is named after its pack).
pub fn names() -> Vec<&'static str> {
    FILES
        .iter()
        .map(|(f, _)| f.trim_end_matches(".yml"))
        .collect()
}

/// The built-in packs whose names `keep` accepts.
pub fn sources_where(keep: impl Fn(&str) -> bool) -> Vec<PackSource> {
    sources()
        .into_iter()
        .filter(|s| {
            keep(
                s.name
                    .trim_start_matches("builtin:")
                    .trim_end_matches(".yml"),
            )
        })
        .collect()
}

pub fn sources() -> Vec<PackSource> {
    FILES
        .iter()
        .map(|(name, text)| PackSource {
            name: format!("builtin:{name}"),
            text: text.to_string(),
            dir: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_of_rules_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = super::FILES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn files_are_named_after_their_packs() {
        for (file, text) in super::FILES {
            let first = text.lines().find(|l| l.starts_with("pack:")).unwrap();
            assert_eq!(
                first.trim_start_matches("pack:").trim(),
                file.trim_end_matches(".yml")
            );
        }
    }

    #[test]
    fn builtin_packs_load() {
        let set = super::super::load(&super::sources())
            .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
        assert!(set.rules().count() >= 6);
    }
}
