//! Collects each condition kind's documentation (the `//!` comment of `src/rules/<kind>.rs`)
//! so `paved rules explain` prints the same text as the code's docs.

use std::fmt::Write;

fn main() {
    let dir = std::path::Path::new("src/rules");
    println!("cargo:rerun-if-changed=src/rules");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/rules")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut out = String::from(
        "/// (module, documentation) for every condition module.\npub const DOCS: &[(&str, &str)] = &[\n",
    );
    for path in entries {
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().and_then(|e| e.to_str()) != Some("rs") || stem == "mod" {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("read rule module");
        let doc: Vec<&str> = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .or_else(|| l.strip_prefix("//!"))
                    .unwrap_or("")
            })
            .collect();
        writeln!(out, "    ({stem:?}, {:?}),", doc.join("\n")).unwrap();
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("condition_docs.rs");
    std::fs::write(dest, out).unwrap();
}
