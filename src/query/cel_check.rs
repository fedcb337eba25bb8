//! Static checks of a CEL expression before and after it compiles: nesting depth (the crate's
//! parser recurses per level), names paved does not provide, and the evaluation's cost budget
//! (the `cel` crate has no limit of its own, so the cost is bounded before it runs).

use std::collections::HashSet;

use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr};

/// Brackets nested deeper than this are refused before parsing: the parser recurses per level
/// and a few thousand levels overflow a worker's stack. Real conditions nest a handful deep.
pub const MAX_NESTING: usize = 64;

/// Steps one evaluation may take, estimated as (largest list or map it can iterate) raised to
/// the nesting of comprehensions (`all`, `exists`, `map`, `filter`). Measured with the `cel`
/// crate in a release build, a step of "job names are unique" costs about 2.5 µs of CPU (the
/// interpreter's own cost per node: the document is bound once per evaluation and read by
/// reference), so this is about a second of CPU; a pair of nested loops over 632 items fits.
pub const MAX_COST: u128 = 400_000;

/// The variables paved binds for every expression.
pub const VARIABLES: [&str; 2] = ["doc", "path"];

/// Type names CEL itself resolves as identifiers (`type(x) == string`).
const TYPE_NAMES: [&str; 12] = [
    "int",
    "uint",
    "double",
    "string",
    "bytes",
    "bool",
    "list",
    "map",
    "null_type",
    "type",
    "timestamp",
    "duration",
];

/// `line:col` of the first bracket past [`MAX_NESTING`], if any; string literals are skipped.
pub fn too_deep(src: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut col) = (0usize, 1, 0);
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in src.chars() {
        col += 1;
        if c == '\n' {
            (line, col) = (line + 1, 0);
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((line, col));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Identifiers the expression reads that are neither paved's variables nor bound by an
/// enclosing comprehension (`j` in `doc.jobs.all(j, ...)`), in order of first use.
pub fn unknown_names(expr: &IdedExpr) -> Vec<String> {
    let mut found = Vec::new();
    let mut bound: Vec<String> = VARIABLES
        .iter()
        .chain(&TYPE_NAMES)
        .map(ToString::to_string)
        .collect();
    walk_names(expr, &mut bound, &mut found);
    let mut seen = HashSet::new();
    found.retain(|n| seen.insert(n.clone()));
    found
}

fn walk_names(expr: &IdedExpr, bound: &mut Vec<String>, found: &mut Vec<String>) {
    match &expr.expr {
        Expr::Ident(name) => {
            // `@`-names are the macros' own accumulators.
            if !name.starts_with('@') && !bound.iter().any(|b| b == name) {
                found.push(name.clone());
            }
        }
        Expr::Call(call) => {
            if let Some(target) = &call.target {
                walk_names(target, bound, found);
            }
            for arg in &call.args {
                walk_names(arg, bound, found);
            }
        }
        Expr::Comprehension(comp) => {
            walk_names(&comp.iter_range, bound, found);
            walk_names(&comp.accu_init, bound, found);
            let before = bound.len();
            bound.push(comp.iter_var.clone());
            bound.extend(comp.iter_var2.clone());
            bound.push(comp.accu_var.clone());
            for part in [&comp.loop_cond, &comp.loop_step, &comp.result] {
                walk_names(part, bound, found);
            }
            bound.truncate(before);
        }
        Expr::List(list) => {
            for e in &list.elements {
                walk_names(e, bound, found);
            }
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                if let EntryExpr::MapEntry(e) = &entry.expr {
                    walk_names(&e.key, bound, found);
                    walk_names(&e.value, bound, found);
                } else if let EntryExpr::StructField(f) = &entry.expr {
                    walk_names(&f.value, bound, found);
                }
            }
        }
        Expr::Struct(s) => {
            for entry in &s.entries {
                if let EntryExpr::StructField(f) = &entry.expr {
                    walk_names(&f.value, bound, found);
                }
            }
        }
        Expr::Select(select) => walk_names(&select.operand, bound, found),
        Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// The functions an expression calls by name (operators such as `_+_` left out), each once in
/// order of first use, with whether it is called as a method (`x.f()`).
pub fn called_functions(expr: &IdedExpr) -> Vec<(String, bool)> {
    fn walk(expr: &IdedExpr, out: &mut Vec<(String, bool)>) {
        let children: Vec<&IdedExpr> = match &expr.expr {
            Expr::Comprehension(comp) => vec![
                &comp.iter_range,
                &comp.accu_init,
                &comp.loop_cond,
                &comp.loop_step,
                &comp.result,
            ],
            Expr::Call(call) => {
                let named = call
                    .func_name
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic);
                let key = (call.func_name.clone(), call.target.is_some());
                if named && !out.contains(&key) {
                    out.push(key);
                }
                call.target
                    .iter()
                    .map(AsRef::as_ref)
                    .chain(&call.args)
                    .collect()
            }
            Expr::List(list) => list.elements.iter().collect(),
            Expr::Map(map) => map
                .entries
                .iter()
                .flat_map(|e| match &e.expr {
                    EntryExpr::MapEntry(e) => vec![&e.key, &e.value],
                    EntryExpr::StructField(f) => vec![&f.value],
                })
                .collect(),
            Expr::Select(select) => vec![&*select.operand],
            Expr::Struct(_) | Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => Vec::new(),
        };
        for child in children {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

/// The deepest nesting of comprehensions, and the longest list literal (a literal list can be
/// iterated as well as the document's own lists).
pub fn shape(expr: &IdedExpr) -> (u32, usize) {
    fn walk(expr: &IdedExpr, depth: u32, out: &mut (u32, usize)) {
        let children: Vec<&IdedExpr> = match &expr.expr {
            Expr::Comprehension(comp) => {
                out.0 = out.0.max(depth + 1);
                walk(&comp.iter_range, depth, out);
                for part in [
                    &comp.accu_init,
                    &comp.loop_cond,
                    &comp.loop_step,
                    &comp.result,
                ] {
                    walk(part, depth + 1, out);
                }
                return;
            }
            Expr::Call(call) => call
                .target
                .iter()
                .map(AsRef::as_ref)
                .chain(&call.args)
                .collect(),
            Expr::List(list) => {
                out.1 = out.1.max(list.elements.len());
                list.elements.iter().collect()
            }
            Expr::Map(map) => {
                out.1 = out.1.max(map.entries.len());
                map.entries
                    .iter()
                    .flat_map(|e| match &e.expr {
                        EntryExpr::MapEntry(e) => vec![&e.key, &e.value],
                        EntryExpr::StructField(f) => vec![&f.value],
                    })
                    .collect()
            }
            Expr::Select(select) => vec![&*select.operand],
            Expr::Struct(_) | Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => Vec::new(),
        };
        for child in children {
            walk(child, depth, out);
        }
    }
    let mut out = (0, 0);
    walk(expr, 0, &mut out);
    out
}

/// The estimated cost of one evaluation: `longest ^ depth` (saturating), where `longest` is the
/// longest collection the expression can iterate. Nested `map`s can build lists as long as
/// their product, which the power already covers.
pub fn cost(depth: u32, longest: usize) -> u128 {
    if depth == 0 {
        return 1;
    }
    (longest.max(1) as u128).saturating_pow(depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_found_outside_strings() {
        assert_eq!(too_deep(&"(".repeat(65)), Some((1, 65)));
        assert_eq!(
            too_deep(&format!("{}1{}", "(".repeat(64), ")".repeat(64))),
            None
        );
        assert_eq!(too_deep(&format!("'{}' == x", "(".repeat(100))), None);
        assert_eq!(
            too_deep(&format!("a &&\n{}", "[".repeat(70))),
            Some((2, 65))
        );
    }

    #[test]
    fn costs_grow_with_nesting() {
        assert_eq!(cost(0, 1_000_000), 1);
        assert_eq!(cost(1, 25_000), 25_000);
        assert_eq!(cost(2, 25_000), 625_000_000);
        assert_eq!(cost(40, 1_000), u128::MAX);
    }
}
