//! The fuzz harness: one function per `cargo fuzz` target (`fuzz/fuzz_targets/`), each feeding
//! bytes to a parser or evaluator and panicking when an invariant breaks. The fuzz targets and
//! the corpus regression test (`tests/it/fuzz_corpus.rs`) call the same functions.
//!
//! Compiled only with the `fuzzing` feature; nothing here is part of paved's interface.

use std::path::Path;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use gix::ObjectId;
use gix::objs::{Kind, Write as _};

use crate::diag::Diagnostic;
use crate::pack::{self, PackSource};
use crate::query::{self, CelError, CelProgram, Format, LineIndex, Node, Pos, Query, Value};
use crate::snapshot::{EntryKind, RepoSnapshot, SnapshotOptions};

/// Documents a target parses are cut to this size: bigger inputs find nothing new, only slow
/// each execution down.
const MAX_DOC: usize = 16 * 1024;

/// One target's harness: panics when an invariant breaks.
pub type Harness = fn(&[u8]);

/// The targets, by the name of their fuzz target and corpus folder.
pub const TARGETS: [(&str, Harness); 6] = [
    ("pack", pack),
    ("query", query),
    ("config", config),
    ("codeowners", codeowners),
    ("cel", cel),
    ("tree", tree),
];

/// Text as paved reads it from a user's file (`src/input.rs`): UTF-8 without NUL.
fn text(data: &[u8]) -> Option<&str> {
    let t = std::str::from_utf8(data).ok()?;
    (!t.contains('\0') && t.len() <= MAX_DOC).then_some(t)
}

/// Lines in `text` as positions count them (`LineIndex`: `\n`, `\r\n` or a lone `\r`), the
/// empty one after a final line end included.
fn line_count(text: &str) -> u32 {
    u32::try_from(LineIndex::new(text).line_count()).unwrap_or(u32::MAX)
}

/// A position inside `text`, known (`line >= 1`) when `known` is true.
fn assert_pos(pos: Pos, text: &str, known: bool, what: &str) {
    assert!(
        pos.line <= line_count(text),
        "{what}: line {} is past the end ({} lines)",
        pos.line,
        line_count(text)
    );
    if known {
        assert!(
            pos.line >= 1 && pos.col >= 1,
            "{what}: no position ({pos:?})"
        );
    }
}

/// Every diagnostic of a user's file names a line of it and renders with its source line.
fn assert_diagnostics(diags: &[Diagnostic], file: &str, text: &str) {
    for d in diags {
        if d.file == file {
            assert_pos(d.pos, text, true, &d.message);
        }
        assert!(!d.message.is_empty(), "a diagnostic without a message");
    }
    let mut out = Vec::new();
    crate::diag::write_all(&mut out, diags, &|f| (f == file).then_some(text))
        .expect("writing to a Vec");
}

/// Every node of a parsed document lies inside the text.
fn assert_nodes(node: &Node, text: &str) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        assert_pos(n.pos, text, false, "node");
        match &n.value {
            Value::Seq(items) => stack.extend(items),
            Value::Map(entries) => stack.extend(entries.iter().flat_map(|(k, v)| [k, v])),
            _ => {}
        }
    }
}

/// Pack parser and validator: the bytes as a pack file, loaded as `--rules` would load it.
pub fn pack(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let source = PackSource {
        name: "fuzz.yml".into(),
        text: text.to_string(),
        dir: None,
    };
    match pack::load(std::slice::from_ref(&source)) {
        Ok(set) => {
            for rule in set.rules() {
                assert!(!rule.id.is_empty(), "a loaded rule without an id");
            }
        }
        Err(failure) => {
            assert!(!failure.diagnostics.is_empty(), "a failed load says why");
            assert_diagnostics(&failure.diagnostics, "fuzz.yml", text);
        }
    }
}

/// Query engine: the first byte picks the format, the first line is a query path and the rest is
/// the document.
pub fn query(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Some(text) = text(rest) else { return };
    let format = [Format::Yaml, Format::Json, Format::Toml][usize::from(selector % 3)];
    let (path, doc) = text.split_once('\n').unwrap_or((text, ""));
    let docs = match query::parse(format, doc) {
        Ok(docs) => docs,
        Err(e) => {
            assert!(!e.message.is_empty(), "a parse error without a message");
            return assert_pos(e.pos, doc, true, &e.message);
        }
    };
    let query = Query::parse(path).ok();
    for d in &docs {
        assert_nodes(d, doc);
        if let Some(q) = &query {
            for hit in q.select(d) {
                assert_pos(hit.pos, doc, false, "selected node");
            }
        }
    }
}

/// Config and exemption parser: the bytes as `paved.yml`, and as a repository's `.paved.yml`.
pub fn config(data: &[u8]) {
    let Some(text) = text(data) else { return };
    if let Err(diags) = pack::config::parse("paved.yml", text, Path::new("/fuzz")) {
        assert!(!diags.is_empty(), "a failed parse says why");
        assert_diagnostics(&diags, "paved.yml", text);
    }
    let _ = pack::config::looks_like_config(text);
    let mut notes = Vec::new();
    let exemptions = crate::policy::repo_exemptions_from(text, &mut notes);
    for e in &exemptions {
        assert!(e.repos.is_none(), "a repository exempts only itself");
        assert!(!e.reason.trim().is_empty(), "an exemption says why");
        assert_pos(e.pos, text, true, "exemption");
    }
    for n in &notes {
        assert!(
            n.starts_with("ignored: .paved.yml:"),
            "note without position: {n}"
        );
    }
}

/// CODEOWNERS parser: the team, when there is one, is a word of the file.
pub fn codeowners(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Some(team) = crate::policy::codeowners_team(&text) {
        assert!(!team.is_empty(), "an empty team");
        assert!(
            !team.contains(char::is_whitespace),
            "team `{team}` has spaces"
        );
        assert!(text.contains(&team), "team `{team}` is not in the file");
    }
}

/// Whether `message` starts with `line:col: ` (every piece of a joined syntax error does).
fn has_position(message: &str) -> bool {
    let mut parts = message.splitn(3, ':');
    let number =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    number(parts.next()) && number(parts.next())
}

/// CEL under the budget: an expression, then a NUL and a small YAML document. Compile errors
/// carry positions; evaluation ends (a costly one is refused by the budget, not run).
pub fn cel(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (expr, doc) = input.split_once('\0').unwrap_or((input, "{}"));
    if expr.len() > MAX_DOC || doc.len() > MAX_DOC {
        return;
    }
    let program = match CelProgram::compile(expr) {
        Ok(p) => p,
        Err(CelError::Syntax(message)) => {
            return assert!(
                has_position(&message),
                "syntax error without a position: {message}"
            );
        }
        Err(e) => panic!("compiling gave a non-syntax error: {e}"),
    };
    let Ok(docs) = query::parse_yaml(doc) else {
        return;
    };
    let empty = Node::new(Value::Null, Pos::default());
    let doc = docs.first().unwrap_or(&empty);
    match program.eval(doc, ".github/workflows/ci.yml") {
        Ok(_) | Err(CelError::NotBool(_) | CelError::Runtime(_) | CelError::Budget { .. }) => {}
        Err(CelError::Syntax(s)) => panic!("evaluation gave a syntax error: {s}"),
    }
}

/// One object of a generated repository; entries name earlier objects by index.
#[derive(Arbitrary, Debug)]
enum Object {
    Blob(Vec<u8>),
    Tree {
        sorted: bool,
        entries: Vec<TreeEntry>,
    },
}

#[derive(Arbitrary, Debug)]
struct TreeEntry {
    name: Name,
    mode: Mode,
    /// An earlier object; past the end, an object that is not in the repository.
    target: u8,
}

/// Names that interact (dots, prefixes of each other, folders of the built-in rules), and any
/// bytes git itself would refuse.
#[derive(Arbitrary, Debug)]
enum Name {
    Known(u8),
    Raw(Vec<u8>),
}

const NAMES: [&str; 12] = [
    "a",
    "a.b",
    "a-",
    "b",
    ".github",
    "workflows",
    "ci.yml",
    "CODEOWNERS",
    ".paved.yml",
    "..",
    ".",
    "a/b",
];

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Mode {
    File,
    Executable,
    Link,
    Tree,
    Commit,
    Other(u32),
}

impl Mode {
    fn octal(self) -> String {
        match self {
            Mode::File => "100644".into(),
            Mode::Executable => "100755".into(),
            Mode::Link => "120000".into(),
            Mode::Tree => "40000".into(),
            Mode::Commit => "160000".into(),
            Mode::Other(m) => format!("{:o}", m & 0o777_777),
        }
    }
}

/// Scratch repositories are named after the process that made them.
const SCRATCH_PREFIX: &str = "paved-fuzz-";

/// A bare repository to hold generated objects in memory, made once per process. A static is
/// never dropped and libFuzzer ends with `exit`, so the folder cannot go with its process;
/// instead each process first removes those whose process is gone, leaving at most one per
/// running process.
fn scratch_repo() -> &'static gix::ThreadSafeRepository {
    static REPO: OnceLock<gix::ThreadSafeRepository> = OnceLock::new();
    REPO.get_or_init(|| {
        let tmp = std::env::temp_dir();
        remove_orphaned_scratch(&tmp);
        let dir = tmp.join(format!("{SCRATCH_PREFIX}{}", std::process::id()));
        let repo = gix::init_bare(&dir)
            .or_else(|_| gix::open(&dir))
            .expect("a scratch repository in the temp folder");
        repo.into_sync()
    })
}

/// Removes the scratch repositories of processes that have ended.
fn remove_orphaned_scratch(tmp: &Path) {
    let Ok(read) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in read.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix(SCRATCH_PREFIX))
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && !crate::atomic::pid_alive(p)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The raw bytes of a git tree holding `entries` (resolved against the ids written so far).
fn tree_bytes(entries: &[TreeEntry], sorted: bool, ids: &[ObjectId]) -> Vec<u8> {
    let mut rows: Vec<(Vec<u8>, String, ObjectId)> = entries
        .iter()
        .map(|e| {
            let name = match &e.name {
                Name::Known(i) => NAMES[usize::from(*i) % NAMES.len()].as_bytes().to_vec(),
                Name::Raw(bytes) => bytes.clone(),
            };
            let id = ids
                .get(usize::from(e.target))
                .copied()
                .unwrap_or_else(|| ObjectId::from_bytes_or_panic(&[e.target; 20]));
            (name, e.mode.octal(), id)
        })
        .collect();
    if sorted {
        rows.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let mut out = Vec::new();
    for (name, mode, id) in rows {
        out.extend_from_slice(mode.as_bytes());
        out.push(b' ');
        out.extend_from_slice(&name);
        out.push(0);
        out.extend_from_slice(id.as_bytes());
    }
    out
}

/// The snapshot's tree walk over a generated repository: objects written in memory, the last
/// tree committed, the commit snapshotted. The walk either fails with an error or gives
/// entries in strict path order with well-formed paths; every file it lists can be read.
pub fn tree(data: &[u8]) {
    let Ok(objects) = Vec::<Object>::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let repo = scratch_repo().to_thread_local().with_object_memory();
    let mut ids = Vec::new();
    let mut root = None;
    for object in objects.iter().take(64) {
        let id = match object {
            Object::Blob(bytes) => repo.objects.write_buf(Kind::Blob, bytes),
            Object::Tree { sorted, entries } => {
                let bytes = tree_bytes(entries, *sorted, &ids);
                let id = repo.objects.write_buf(Kind::Tree, &bytes);
                root = id.as_ref().ok().copied().or(root);
                id
            }
        }
        .expect("writing to memory");
        ids.push(id);
    }
    let root = root.unwrap_or_else(|| ObjectId::empty_tree(gix::hash::Kind::Sha1));
    let commit =
        format!("tree {root}\nauthor f <f@x> 0 +0000\ncommitter f <f@x> 0 +0000\n\nfuzz\n");
    let commit = repo
        .objects
        .write_buf(Kind::Commit, commit.as_bytes())
        .expect("writing to memory");
    let Ok(snap) = RepoSnapshot::at_commit(
        crate::snapshot::Git::from_repo(repo),
        Some(commit),
        &SnapshotOptions::default(),
    ) else {
        return;
    };
    let entries = snap.entries();
    for w in entries.windows(2) {
        assert!(
            w[0].path < w[1].path,
            "out of order: {:?} {:?}",
            w[0].path,
            w[1].path
        );
    }
    for e in entries {
        let p = &e.path;
        assert!(
            !p.is_empty() && !p.starts_with('/') && !p.ends_with('/') && !p.contains("//"),
            "malformed path {p:?}"
        );
        if e.kind == EntryKind::File {
            let _ = snap.content(p);
        }
    }
}
