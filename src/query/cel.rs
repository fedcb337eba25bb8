//! CEL expressions (`expr:`) over a parsed document, with `doc` and `path` bound.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::objects::{Key, Map};
use cel::{Context, Env, Program, Value as Cel};

use super::cel_check::{self, MAX_COST, MAX_NESTING};
use super::value::{Node, Value};

/// The standard environment, built once: building it registers every stdlib function.
static ENV: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

/// Why a CEL expression did not compile or did not yield a bool.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CelError {
    /// Syntax errors as `line:column: message`, joined by `; `.
    #[error("{0}")]
    Syntax(String),
    #[error("the expression gave {0}, not a bool")]
    NotBool(String),
    /// An error at run time: a missing key without `has()`, a type mismatch.
    #[error("{0}")]
    Runtime(String),
    /// The estimated cost of evaluating it on this document is over [`MAX_COST`] steps.
    #[error(
        "CEL expression exceeded its budget: {depth} nested comprehensions over up to {longest} items \
         (about {cost} steps, the budget is {MAX_COST})"
    )]
    Budget {
        depth: u32,
        longest: usize,
        cost: u128,
    },
}

/// `line:col` of the first use of `name` as a whole word in `src` (1:1 when not found).
fn position_of(src: &str, name: &str) -> (usize, usize) {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let found = src.match_indices(name).find(|&(at, _)| {
        let before = src[..at].chars().next_back();
        let after = src[at + name.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    });
    let Some((at, _)) = found else { return (1, 1) };
    let pos = super::LineIndex::new(src).pos(at);
    (pos.line as usize, pos.col as usize)
}

/// Whether the environment paved evaluates in (the `cel` crate's standard functions and any
/// paved registers) has a function `name`: asked of the environment itself, by calling it with
/// no arguments, so the answer is the crate's own and never a list that can go stale. A known
/// function answers "no such overload" (or runs); an unknown one "undeclared reference".
fn is_provided(name: &str, member: bool) -> bool {
    let probe = if member {
        format!("null.{name}()")
    } else {
        format!("{name}()")
    };
    let Ok(program) = ENV.compile(&probe) else {
        return true; // not something a call can name; the real expression compiled
    };
    let context = Context::with_env(Arc::clone(&ENV));
    !matches!(
        program.execute(&context),
        Err(cel::ExecutionError::UndeclaredReference(r)) if r.as_str() == name
    )
}

/// A compiled CEL expression. It holds only the parsed AST, so one compiled program
/// is shared by every rayon thread of a scan.
pub struct CelProgram {
    program: Program,
    source: String,
    /// Nesting of comprehensions and the longest list literal, for the cost budget.
    shape: (u32, usize),
}

impl CelProgram {
    /// Compiles `src`; syntax errors come back as `line:column: message`.
    pub fn compile(src: &str) -> Result<CelProgram, CelError> {
        // Checked before parsing: the parser recurses once per level and would overflow.
        if let Some((line, col)) = cel_check::too_deep(src) {
            return Err(CelError::Syntax(format!(
                "{line}:{col}: brackets nest deeper than {MAX_NESTING} levels"
            )));
        }
        let program = ENV.compile(src).map_err(|errors| {
            CelError::Syntax(
                errors
                    .errors
                    .iter()
                    .map(|e| format!("{}:{}: {}", e.pos.0, e.pos.1, e.msg))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        // A name paved does not bind would make the rule fail on every repository: a typo.
        let unknown = cel_check::unknown_names(program.expression());
        if !unknown.is_empty() {
            let errors: Vec<String> = unknown
                .iter()
                .map(|name| {
                    let (line, col) = position_of(src, name);
                    format!(
                        "{line}:{col}: undeclared name `{name}` (expressions can read {})",
                        cel_check::VARIABLES.join(" and ")
                    )
                })
                .collect();
            return Err(CelError::Syntax(errors.join("; ")));
        }
        // So is a function no one provides (`system()`, `sizee()`).
        let unknown: Vec<String> = cel_check::called_functions(program.expression())
            .into_iter()
            .filter(|(name, member)| !is_provided(name, *member))
            .map(|(name, _)| {
                let (line, col) = position_of(src, &name);
                format!("{line}:{col}: unknown function `{name}`")
            })
            .collect();
        if !unknown.is_empty() {
            return Err(CelError::Syntax(unknown.join("; ")));
        }
        let shape = cel_check::shape(program.expression());
        Ok(CelProgram {
            program,
            source: src.to_string(),
            shape,
        })
    }

    /// Evaluates the expression for one document. A result that is not a bool, or an
    /// error at run time (a missing key without `has()`, a type mismatch), is `Err`.
    pub fn eval(&self, doc: &Node, path: &str) -> Result<bool, CelError> {
        self.eval_doc(doc, &CelDoc::new(doc), path)
    }

    /// Like [`Self::eval`], with the document already converted (`value` is `doc`'s).
    pub fn eval_doc(&self, doc: &Node, value: &CelDoc, path: &str) -> Result<bool, CelError> {
        let (depth, literal) = self.shape;
        if depth > 0 {
            let longest = literal.max(longest_collection(doc));
            let cost = cel_check::cost(depth, longest);
            if cost > MAX_COST {
                return Err(CelError::Budget {
                    depth,
                    longest,
                    cost,
                });
            }
        }
        if let Err(e) = &value.0 {
            return Err(CelError::Runtime(e.clone()));
        }
        let mut context = Context::with_env(Arc::clone(&ENV));
        context.set_variable_resolver(value);
        context.add_variable_from_value("path", path);
        match self.program.execute(&context) {
            Ok(Cel::Bool(b)) => Ok(b),
            Ok(other) => Err(CelError::NotBool(other.type_of().to_string())),
            Err(e) => Err(CelError::Runtime(e.to_string())),
        }
    }

    /// The expression's source text.
    pub fn source(&self) -> &str {
        &self.source
    }
}

impl fmt::Debug for CelProgram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CelProgram").field(&self.source).finish()
    }
}

impl fmt::Display for CelProgram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// A document as CEL's runtime values, converted once and bound as `doc` by every expression
/// that reads it (converting is a deep copy, dearer than most expressions).
pub struct CelDoc(Result<Box<dyn Val>, String>);

impl CelDoc {
    pub fn new(doc: &Node) -> CelDoc {
        CelDoc(Box::<dyn Val>::try_from(to_cel(doc)).map_err(|e| e.to_string()))
    }
}

impl fmt::Debug for CelDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CelDoc")
    }
}

impl VariableResolver for CelDoc {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match &self.0 {
            Ok(value) if variable == "doc" => Some(CowVal::Borrowed(value.as_ref())),
            _ => None,
        }
    }
}

/// The longest list or map anywhere in the document: what a comprehension may iterate.
fn longest_collection(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .map(longest_collection)
            .fold(items.len(), usize::max),
        Value::Map(entries) => entries
            .iter()
            .map(|(_, v)| longest_collection(v))
            .fold(entries.len(), usize::max),
        _ => 0,
    }
}

/// The document as a CEL value. Mapping keys become their canonical text, so
/// `doc.jobs[j]` works whatever the key's YAML type.
fn to_cel(node: &Node) -> Cel {
    match &node.value {
        Value::Null => Cel::Null,
        Value::Bool(b) => Cel::Bool(*b),
        Value::Int(i) => Cel::Int(*i),
        Value::Float(f) => Cel::Float(*f),
        Value::Str(s) => Cel::String(Arc::new(s.clone())),
        Value::Seq(items) => Cel::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::Map(entries) => {
            let mut map = HashMap::with_capacity(entries.len());
            for (k, v) in entries {
                let key = k.scalar_text().unwrap_or_else(|| k.to_string());
                map.insert(Key::String(Arc::new(key)), to_cel(v));
            }
            Cel::Map(Map { map: Arc::new(map) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{parse_json, parse_yaml};

    const EVERY_JOB: &str = "doc.jobs.all(j, has(doc.jobs[j].permissions))";

    #[test]
    fn contract_example_and_friends() {
        let all_set = "on: push\njobs:\n  a:\n    permissions: {contents: read}\n  b:\n    permissions: read-all\n";
        let one_missing =
            "on: push\njobs:\n  a:\n    permissions: {contents: read}\n  b:\n    runs-on: x\n";
        let null_perm = "jobs:\n  a:\n    permissions:\n";
        let cases: &[(&str, &str, &str, Result<bool, &str>)] = &[
            (EVERY_JOB, all_set, "", Ok(true)),
            (EVERY_JOB, one_missing, "", Ok(false)),
            // Present with a null value still counts as set.
            (EVERY_JOB, null_perm, "", Ok(true)),
            ("doc.on == 'push'", all_set, "", Ok(true)),
            ("has(doc.on)", "on: push", "", Ok(true)),
            ("doc.jobs.size() == 2", all_set, "", Ok(true)),
            (
                "doc.jobs.exists(j, doc.jobs[j].permissions == 'read-all')",
                all_set,
                "",
                Ok(true),
            ),
            (
                "path.endsWith('.yml') && path.startsWith('.github/workflows/')",
                "a: 1",
                ".github/workflows/ci.yml",
                Ok(true),
            ),
            ("doc.a + 1 == 3", "a: 2", "", Ok(true)),
            ("doc.a == 2.5", "a: 2.5", "", Ok(true)),
            ("doc.a == null", "a:", "", Ok(true)),
            ("doc.a == 'yes'", "a: yes", "", Ok(true)),
            ("doc['1'] == 'x'", "1: x", "", Ok(true)),
            ("doc == null", "", "", Ok(true)),
            (
                "size(doc.on) == 2",
                "on: [push, pull_request]",
                "",
                Ok(true),
            ),
            ("doc.matches('^a')", "abc", "", Ok(true)),
        ];
        for (expr, yaml, path, want) in cases {
            let program = CelProgram::compile(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
            let doc = parse_yaml(yaml).unwrap().remove(0);
            let got = program.eval(&doc, path);
            match want {
                Ok(b) => assert_eq!(got, Ok(*b), "{expr} on {yaml:?}"),
                Err(fragment) => {
                    let e = got.expect_err(expr).to_string();
                    assert!(e.contains(fragment), "{expr}: {e}");
                }
            }
        }
    }

    #[test]
    fn runtime_errors_are_err() {
        let cases: &[(&str, &str, &str)] = &[
            // A missing key without has().
            (
                "doc.jobs.all(j, doc.jobs[j].permissions != null)",
                "jobs: {a: {}}",
                "permissions",
            ),
            ("doc.nope == 1", "a: 1", "nope"),
            // A type mismatch.
            ("doc.a + 1 == 2", "a: x", ""),
            // Not a bool.
            ("doc.a", "a: 1", "not a bool"),
            ("doc.a", "a: x", "not a bool"),
        ];
        for (expr, yaml, fragment) in cases {
            let program = CelProgram::compile(expr).unwrap();
            let doc = parse_yaml(yaml).unwrap().remove(0);
            let e = program.eval(&doc, "f.yml").expect_err(expr).to_string();
            assert!(!e.is_empty() && e.contains(fragment), "{expr}: {e}");
        }
    }

    #[test]
    fn syntax_errors_at_compile() {
        let cases: &[(&str, &str)] = &[
            ("doc.jobs.all(j, ", "1:17: "),
            ("doc.(", "1:5: "),
            ("a b", "1:3: "),
        ];
        for (expr, prefix) in cases {
            let e = CelProgram::compile(expr).expect_err(expr).to_string();
            assert!(e.starts_with(prefix), "{expr}: {e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn undeclared_names_and_deep_nesting_are_refused_at_their_position() {
        let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        let cases: &[(&str, &str)] = &[
            ("nosuchvar == 1", "1:1: undeclared name `nosuchvar`"),
            (
                "doc.a == 1 &&\n  jobz.size() > 0",
                "2:3: undeclared name `jobz`",
            ),
            ("doc.jobs.all(j, k == j)", "1:17: undeclared name `k`"),
            (&deep, "1:65: brackets nest deeper than 64 levels"),
            ("system('rm -rf /')", "1:1: unknown function `system`"),
            ("doc.name.sizee() > 0", "1:10: unknown function `sizee`"),
            (
                "doc.a == 1 &&\n  doc.b.startsWth('x')",
                "2:9: unknown function `startsWth`",
            ),
        ];
        for (expr, want) in cases {
            let e = CelProgram::compile(expr).expect_err(expr).to_string();
            assert!(e.starts_with(want), "{e}");
            assert!(e.len() < 200, "{e}");
        }
        // The crate's own functions, globals and methods, are known.
        for expr in [
            "size(doc.a) > 0 && doc.a.size() > 0",
            "doc.name.startsWith('a') && doc.name.endsWith('b') && doc.name.contains('c')",
            "doc.name.matches('^a') && string(1) == '1' && int('1') == 1",
            "type(doc.a) == list && has(doc.b) && double(1) > 0.5",
        ] {
            CelProgram::compile(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        }
        // Bound names, nested ones included, are fine.
        CelProgram::compile("doc.jobs.all(j, doc.jobs.all(k, j == k || k != j)) && path != ''")
            .unwrap();
    }

    #[test]
    fn costly_evaluations_are_refused_quickly() {
        let thousand = format!("[{}]", vec!["1"; 1000].join(","));
        let doc = parse_yaml(&format!("l: {thousand}")).unwrap().remove(0);
        let jobs: String = (0..25_000)
            .map(|i| format!("  j{i}: {{name: n{i}}}\n"))
            .collect();
        let workflow = parse_yaml(&format!("jobs:\n{jobs}")).unwrap().remove(0);
        let cases: &[(&str, &Node)] = &[
            (
                "doc.l.all(a, doc.l.all(b, doc.l.all(c, a + b + c > 0)))",
                &doc,
            ),
            (
                "doc.l.map(a, doc.l.map(b, doc.l.map(c, c))).size() > 0",
                &doc,
            ),
            (
                "doc.jobs.all(a, doc.jobs.all(b, a == b || doc.jobs[a].name != doc.jobs[b].name))",
                &workflow,
            ),
            // Two loops over 1,000 items: 1,000,000 steps, about 2.5 s of CPU in release.
            ("doc.l.all(a, doc.l.all(b, a + b > 0))", &doc),
        ];
        for (expr, doc) in cases {
            let started = std::time::Instant::now();
            let program = CelProgram::compile(expr).unwrap();
            let e = program.eval(doc, "x.yml").expect_err(expr).to_string();
            assert!(e.starts_with("CEL expression exceeded its budget"), "{e}");
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
        }
        // One level over the same lists stays well within the budget.
        let program = CelProgram::compile("doc.l.all(a, a == 1)").unwrap();
        assert_eq!(program.eval(&doc, "x.yml"), Ok(true));
    }

    #[test]
    fn shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<CelProgram>();
        let program = CelProgram::compile(EVERY_JOB).unwrap();
        let docs: Vec<Node> = (0..8)
            .map(|i| {
                let job = if i % 2 == 0 {
                    r#"{"permissions": "read-all"}"#
                } else {
                    "{}"
                };
                parse_json(&format!(r#"{{"jobs": {{"a": {job}}}}}"#)).unwrap()
            })
            .collect();
        let results: Vec<Result<bool, CelError>> = std::thread::scope(|s| {
            let handles: Vec<_> = docs
                .iter()
                .map(|d| s.spawn(|| program.eval(d, "x.json")))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let want: Vec<Result<bool, CelError>> = (0..8).map(|i| Ok(i % 2 == 0)).collect();
        assert_eq!(results, want);
    }
}
