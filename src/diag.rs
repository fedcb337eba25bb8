//! Diagnostics for rule packs and config files: every problem at its file, line and column.

use std::io::{self, Write};

use crate::query::{LineIndex, Pos};

/// One problem in a user's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (`rules/ci.yml`, or `builtin:basics.yml`).
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.pos.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file,
                self.pos.line,
                self.pos.col.max(1),
                self.message
            )
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// Writes each diagnostic as `file:line:col: message`, followed by the source line and a
/// caret under the column when `text_of` knows the file's text.
pub fn write_all<'t>(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    text_of: &dyn Fn(&str) -> Option<&'t str>,
) -> io::Result<()> {
    // The line index of the last file shown: a file's diagnostics come together, and building
    // one per diagnostic would scan a large file once per problem.
    let mut index: Option<(&str, LineIndex<'t>)> = None;
    for d in diagnostics {
        writeln!(out, "{d}")?;
        let Some(text) = text_of(&d.file) else {
            continue;
        };
        if d.pos.line == 0 {
            continue;
        }
        if index.as_ref().is_none_or(|(f, _)| *f != d.file) {
            index = Some((&d.file, LineIndex::new(text)));
        }
        let lines = index.as_ref().map(|(_, l)| l);
        if let Some(line) = lines.and_then(|l| l.line(d.pos.line)) {
            let width = d.pos.line.to_string().len();
            writeln!(out, "{:width$} |", "")?;
            writeln!(out, "{} | {}", d.pos.line, line)?;
            let col = (d.pos.col.max(1) - 1) as usize;
            let pad: String = line
                .chars()
                .take(col)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(out, "{:width$} | {pad}^", "")?;
        }
    }
    Ok(())
}

/// An error with its sources, `a: b: c`, without repeating a cause its text already holds
/// (gix and reqwest errors often embed their source).
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let c = cause.to_string();
        if !s.contains(&c) {
            s.push_str(": ");
            s.push_str(&c);
        }
        source = cause.source();
    }
    s
}

/// Suggests the closest known word for a misspelt key ("did you mean `severity`?").
pub fn did_you_mean<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance; keys are short, so the quadratic form is fine.
fn strsim(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let known = ["severity", "title", "when", "paved", "custom"];
        for (word, want) in [
            ("severty", Some("severity")),
            ("titel", Some("title")),
            ("xyz", None),
            ("pavd", Some("paved")),
        ] {
            assert_eq!(did_you_mean(word, &known), want, "{word}");
        }
    }

    #[test]
    fn renders_caret_under_column() {
        let d = [Diagnostic {
            file: "p.yml".into(),
            pos: Pos::new(2, 5),
            message: "unknown key `x`".into(),
        }];
        let mut out = Vec::new();
        write_all(&mut out, &d, &|_| Some("a: 1\nb:  x: 2\n")).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "p.yml:2:5: unknown key `x`\n  |\n2 | b:  x: 2\n  |     ^\n"
        );
    }
}
