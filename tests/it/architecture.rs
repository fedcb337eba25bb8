//! The shape of the code, checked: no import cycles between modules, no source file over 1,000
//! lines, every module opens with a `//!` line, and nothing refers to a path outside the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` are module `a::b`; lib.rs and main.rs are the crate root.
fn module_name(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?.with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] || parts.is_empty() {
        return None;
    }
    Some(parts.join("::"))
}

/// The code of a file without its `#[cfg(test)] mod tests` (tests may use anything).
fn non_test_code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at])
}

/// Every `crate::x::y` path a file names, expanded through `use crate::a::{b, c::d}` groups.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let base = rest[..end].trim_end_matches(':').to_string();
        if rest[end..].starts_with('{') && rest[..end].ends_with("::") {
            let close = rest[end..].find('}').map_or(rest.len(), |c| end + c);
            for item in rest[end + 1..close].split(',') {
                let item = item.split_whitespace().next().unwrap_or("");
                let item = item.trim_matches(|c: char| c == '{' || c == '}');
                if !item.is_empty() && item != "self" {
                    paths.push(format!("{base}::{item}"));
                }
            }
        }
        paths.push(base);
    }
    paths
}

fn resolve(modules: &BTreeSet<String>, path: &str) -> Option<String> {
    let segs: Vec<&str> = path.split("::").collect();
    (1..=segs.len())
        .rev()
        .map(|k| segs[..k].join("::"))
        .find(|c| modules.contains(c))
}

fn related(a: &str, b: &str) -> bool {
    a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let named: Vec<(String, PathBuf)> = files
        .iter()
        .filter_map(|f| Some((module_name(&src, f)?, f.clone())))
        .collect();
    let modules: BTreeSet<String> = named.iter().map(|(m, _)| m.clone()).collect();
    let mut graph = BTreeMap::new();
    for (module, file) in &named {
        let text = std::fs::read_to_string(file).unwrap();
        let targets = crate_paths(non_test_code(&text))
            .iter()
            .filter_map(|p| resolve(&modules, p))
            .filter(|t| t != module && !related(module, t))
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// Modules that reach themselves again through imports (each reported once, as a path).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for start in graph.keys() {
        // Breadth-first from start's targets; a path back to start is a cycle.
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue: std::collections::VecDeque<String> = graph[start].iter().cloned().collect();
        for t in &graph[start] {
            prev.insert(t.clone(), start.clone());
        }
        while let Some(m) = queue.pop_front() {
            if &m == start {
                let mut path = vec![start.clone()];
                let mut at = prev[start].clone();
                while &at != start {
                    path.push(at.clone());
                    at = prev[&at].clone();
                }
                path.reverse();
                found.push(path);
                break;
            }
            for t in graph.get(&m).into_iter().flatten() {
                if !prev.contains_key(t) {
                    prev.insert(t.clone(), m.clone());
                    queue.push_back(t.clone());
                }
            }
        }
    }
    found
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let graph = import_graph();
    assert!(
        graph.len() > 20,
        "the module walk found only {} modules",
        graph.len()
    );
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles (a -> b -> ... -> a):\n{cycles:#?}"
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    graph.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    graph.insert("d".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycles(&graph).len(), 3);
    let paths = crate_paths(
        "use crate::report::{self, Report, trend::Point};\nlet x = crate::eval::run();",
    );
    assert!(
        paths.contains(&"report::trend::Point".to_string()),
        "{paths:?}"
    );
    assert!(paths.contains(&"eval::run".to_string()), "{paths:?}");
}

#[test]
fn no_source_file_over_a_thousand_lines_and_each_module_says_what_it_owns() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "crates"] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines = text.lines().count();
        if lines > 1000 {
            problems.push(format!("{}: {lines} lines", file.display()));
        }
        let in_src = file.components().any(|c| c.as_os_str() == "src");
        if in_src && !text.trim_start().starts_with("//!") {
            problems.push(format!(
                "{}: no `//!` line saying what the module owns",
                file.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn nothing_in_the_repository_names_a_path_outside_it() {
    let out = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root())
        .output()
        .expect("git ls-files");
    if !out.status.success() {
        // Not a git checkout (a packaged crate): nothing to check.
        return;
    }
    // Spelled in two parts so this file does not match itself.
    let needle = format!("../{}", "shared/");
    let mut offenders = Vec::new();
    for name in out.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name);
        let Ok(text) = std::fs::read_to_string(root().join(name.as_ref())) else {
            continue;
        };
        if text.contains(&needle) {
            offenders.push(name.into_owned());
        }
    }
    assert!(offenders.is_empty(), "files naming {needle}: {offenders:?}");
}
