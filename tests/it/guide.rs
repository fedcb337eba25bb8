//! docs/guide.md, run: every ```sh block not preceded by a `<!-- no-test -->` line runs in a
//! temporary folder holding the sample org at `mirrors/`, in order (later blocks build on the
//! files earlier ones wrote), with `paved` meaning the built binary. Each `paved` command must
//! exit with a code the guide allows: 0, or the codes of an `<!-- exit: 1 -->` line before the
//! block.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

struct Block {
    line: usize,
    script: String,
    allowed: Vec<i32>,
}

/// The guide's runnable blocks, with the exit codes each allows.
fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "```sh" {
            i += 1;
            continue;
        }
        let marker = i.checked_sub(1).map_or("", |p| lines[p].trim());
        let start = i + 1;
        let mut end = start;
        while lines[end].trim() != "```" {
            end += 1;
        }
        if marker != "<!-- no-test -->" {
            let allowed = marker
                .strip_prefix("<!-- exit:")
                .and_then(|m| m.strip_suffix("-->"))
                .map_or(vec![0], |codes| {
                    codes
                        .split(',')
                        .map(|c| c.trim().parse().expect("an exit code"))
                        .collect()
                });
            out.push(Block {
                // 1-based, the fence's line.
                line: i + 1,
                script: lines[start..end].join("\n"),
                allowed,
            });
        }
        i = end + 1;
    }
    out
}

#[test]
fn the_guides_blocks_are_found_with_their_exit_codes() {
    let text = "<!-- no-test -->\n```sh\nskip\n```\n```sh\na\nb\n```\n<!-- exit: 1, 3 -->\n```sh\nc\n```\n";
    let got: Vec<(usize, String, Vec<i32>)> = blocks(text)
        .into_iter()
        .map(|b| (b.line, b.script, b.allowed))
        .collect();
    assert_eq!(
        got,
        vec![
            (5, "a\nb".to_string(), vec![0]),
            (10, "c".to_string(), vec![1, 3])
        ]
    );
}

#[test]
fn every_command_of_the_guide_runs() {
    let text = std::fs::read_to_string(format!("{ROOT}/docs/guide.md")).unwrap();
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    paved_fixture::build_set(
        Path::new(&format!("{ROOT}/fixtures/sample-org")),
        &dir.join("mirrors"),
    )
    .unwrap();
    let codes = dir.join(".paved-exit-codes");
    let blocks = blocks(&text);
    assert!(
        blocks.len() >= 8,
        "the guide's runnable blocks: {}",
        blocks.len()
    );
    for block in blocks {
        std::fs::write(&codes, "").unwrap();
        // `paved` is the built binary; each run's exit code is recorded and the block goes on,
        // so every command is checked; anything else that fails stops the block (`set -e`).
        let script = format!(
            "set -e\npaved() {{ rc=0; \"$PAVED_BIN\" \"$@\" || rc=$?; echo \"$rc $*\" >> \"$PAVED_CODES\"; }}\n{}\n",
            block.script
        );
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .current_dir(dir)
            .env("PAVED_BIN", env!("CARGO_BIN_EXE_paved"))
            .env("PAVED_CODES", &codes)
            .env("SOURCE_DATE_EPOCH", "1795000000")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_TOKEN")
            .env_remove("GH_TOKEN")
            .output()
            .unwrap();
        let at = format!("docs/guide.md:{}", block.line);
        assert!(
            out.status.success(),
            "{at}: the block failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ran = std::fs::read_to_string(&codes).unwrap();
        assert!(!ran.is_empty(), "{at}: no paved command ran");
        for line in ran.lines() {
            let (code, cmd) = line.split_once(' ').unwrap();
            let code: i32 = code.parse().unwrap();
            assert!(
                block.allowed.contains(&code),
                "{at}: `paved {cmd}` exited {code}, the guide allows {:?}\n{}",
                block.allowed,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
