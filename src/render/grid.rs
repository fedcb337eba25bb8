//! Terminal text that fits a width: styles, aligned grids whose long cells are cut with "…",
//! word wrapping, and a last-resort clip so no line the `table` format writes is too wide.

use std::io::{self, Write};

use crate::figures::Due;
use crate::outcome::Outcome;

/// A section lists at most this many repositories unless `--all` is given; then it says how
/// many more there are. A long list belongs to `--all`, `--format csv` or the HTML dashboard.
pub(crate) const SHOWN: usize = 25;

#[derive(Clone, Copy)]
pub(crate) enum Style {
    Plain,
    Bold,
    Dim,
    Red,
    Green,
    Yellow,
    Magenta,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Plain => "",
            Style::Bold => "1",
            Style::Dim => "2",
            Style::Red => "31",
            Style::Green => "32",
            Style::Yellow => "33",
            Style::Magenta => "35",
        }
    }

    pub(crate) fn for_adoption(v: Option<f64>) -> Style {
        match v {
            Some(v) if v >= 0.8 => Style::Green,
            Some(v) if v >= 0.5 => Style::Yellow,
            Some(_) => Style::Red,
            None => Style::Dim,
        }
    }

    pub(crate) fn for_outcome(o: Outcome) -> Style {
        match o {
            Outcome::Paved => Style::Green,
            Outcome::Custom => Style::Yellow,
            Outcome::Missing => Style::Red,
            Outcome::Error => Style::Magenta,
            Outcome::NotApplicable | Outcome::Exempt => Style::Dim,
        }
    }

    pub(crate) fn for_due(d: Option<Due>) -> Style {
        match d {
            Some(Due::Past { .. }) => Style::Red,
            Some(Due::Soon { .. }) => Style::Yellow,
            _ => Style::Plain,
        }
    }
}

/// Colours text when allowed, and writes lines no wider than `width`.
pub(crate) struct Painter {
    pub color: bool,
    pub width: usize,
}

impl Painter {
    pub(crate) fn paint(&self, style: Style, s: &str) -> String {
        if !self.color || matches!(style, Style::Plain) || s.is_empty() {
            s.to_string()
        } else {
            format!("\x1b[{}m{s}\x1b[0m", style.code())
        }
    }

    /// Writes `line` (which may hold colour escapes) without trailing blanks, cut with "…" where
    /// it would be wider than the width: the guarantee behind every line of the table.
    pub(crate) fn line(&self, out: &mut dyn Write, line: &str) -> io::Result<()> {
        writeln!(out, "{}", clip(line.trim_end(), self.width))
    }
}

/// "  … and 12 more (--all shows every one)" after a list cut at [`SHOWN`].
pub(crate) fn more_line(p: &Painter, out: &mut dyn Write, more: usize) -> io::Result<()> {
    if more == 0 {
        return Ok(());
    }
    p.line(
        out,
        &format!(
            "  {}",
            p.paint(
                Style::Dim,
                &format!("… and {more} more (--all shows every one)")
            )
        ),
    )
}

/// The visible width of plain text.
pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to at most `max` columns, its last one "…" when anything was cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    if max > 0 {
        t.push('…');
    }
    t
}

/// `s` cut to at most `max` columns in its middle ("checkout-s…rsion-03"): names and ids
/// often share a prefix and differ at the end, so both ends stay.
pub(crate) fn truncate_middle(s: &str, max: usize) -> String {
    let n = width(s);
    if n <= max || max < 5 {
        return truncate(s, max);
    }
    let tail = (max - 1) / 2;
    let head = max - 1 - tail;
    let chars: Vec<char> = s.chars().collect();
    let mut t: String = chars[..head].iter().collect();
    t.push('…');
    t.extend(&chars[n - tail..]);
    t
}

/// Parts joined with " · ", starting a new line where the next part would pass `max`.
pub(crate) fn join_fitting(parts: &[String], max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in parts {
        match lines.last_mut() {
            Some(l) if width(l) + 3 + width(part) <= max => {
                l.push_str(" · ");
                l.push_str(part);
            }
            _ => lines.push(part.clone()),
        }
    }
    lines
}

/// Like [`truncate`] for a line that may hold SGR escapes (`ESC [ … m`), which take no columns;
/// a cut line ends by resetting the style.
fn clip(line: &str, max: usize) -> String {
    let visible = {
        let mut n = 0;
        let mut esc = false;
        for c in line.chars() {
            match (esc, c) {
                (false, '\x1b') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                (false, _) => n += 1,
            }
        }
        n
    };
    if visible <= max {
        return line.to_string();
    }
    let (mut out, mut n, mut esc, mut styled) = (String::new(), 0, false, false);
    for c in line.chars() {
        match (esc, c) {
            (false, '\x1b') => {
                esc = true;
                styled = true;
                out.push(c);
            }
            (true, 'm') => {
                esc = false;
                out.push(c);
            }
            (true, _) => out.push(c),
            (false, _) if n + 1 < max => {
                n += 1;
                out.push(c);
            }
            (false, _) => break,
        }
    }
    out.push('…');
    if styled {
        out.push_str("\x1b[0m");
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    Right,
}

pub(crate) struct Cell {
    pub text: String,
    pub style: Style,
}

pub(crate) fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        style: Style::Plain,
    }
}

pub(crate) fn styled(text: impl Into<String>, style: Style) -> Cell {
    Cell {
        text: text.into(),
        style,
    }
}

/// A grid column: its header, alignment, and the narrowest it may be cut to (its full width
/// when it must never be cut).
pub(crate) struct Col {
    pub name: String,
    pub align: Align,
    pub min: Option<usize>,
}

pub(crate) fn col(name: impl Into<String>, align: Align) -> Col {
    Col {
        name: name.into(),
        align,
        min: None,
    }
}

/// A column that may be cut down to `min` columns to fit the width.
pub(crate) fn shrinking(name: impl Into<String>, min: usize) -> Col {
    Col {
        name: name.into(),
        align: Align::Left,
        min: Some(min),
    }
}

/// An aligned table: widths come from the plain text, colour is applied after padding so
/// escapes never shift a column; columns that may shrink are cut with "…" to fit the width.
pub(crate) struct Grid {
    pub header: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub(crate) fn new(header: Vec<Col>) -> Self {
        Grid {
            header,
            rows: Vec::new(),
        }
    }

    fn natural_widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|c| width(&c.name)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                w[i] = w[i].max(width(&c.text));
            }
        }
        w
    }

    /// Column widths within `max` columns after a two-column prefix: shrinkable columns give
    /// up room, widest first, down to their minimum.
    fn widths(&self, max: usize) -> Vec<usize> {
        let mut w = self.natural_widths();
        let total = |w: &[usize]| 2 + w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        while total(&w) > max {
            let widest = (0..w.len())
                .filter(|&i| self.header[i].min.is_some_and(|m| w[i] > m))
                .max_by_key(|&i| (w[i], std::cmp::Reverse(i)));
            match widest {
                Some(i) => w[i] -= 1,
                None => break,
            }
        }
        w
    }

    /// The width the grid takes (prefix included) when fitted to `max`.
    pub(crate) fn total_width(&self, max: usize) -> usize {
        let w = self.widths(max);
        2 + w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1)
    }

    /// Writes the header and rows; `prefix(i)`, two columns wide (a marker and a space, or an
    /// indent), is written before row `i` and blanks before the header; `suffix(i)` after it.
    pub(crate) fn write(
        &self,
        out: &mut dyn Write,
        p: &Painter,
        prefix: &dyn Fn(usize) -> String,
        suffix: &dyn Fn(usize) -> String,
    ) -> io::Result<()> {
        let w = self.widths(p.width);
        let header: Vec<Cell> = self
            .header
            .iter()
            .map(|c| styled(c.name.clone(), Style::Bold))
            .collect();
        let line = |pre: &str, cells: &[Cell], post: &str, out: &mut dyn Write| -> io::Result<()> {
            let mut s = pre.to_string();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                // Shrinking columns hold names and ids: cut in the middle to keep both ends.
                let text = if self.header[i].min.is_some() {
                    truncate_middle(&c.text, w[i])
                } else {
                    truncate(&c.text, w[i])
                };
                let pad = " ".repeat(w[i] - width(&text));
                let last = i + 1 == cells.len() && post.is_empty();
                match self.header[i].align {
                    Align::Right => {
                        s.push_str(&pad);
                        s.push_str(&p.paint(c.style, &text));
                    }
                    Align::Left => {
                        s.push_str(&p.paint(c.style, &text));
                        if !last {
                            s.push_str(&pad);
                        }
                    }
                }
            }
            s.push_str(post);
            p.line(out, &s)
        };
        line("  ", &header, "", out)?;
        for (i, row) in self.rows.iter().enumerate() {
            line(&prefix(i), row, &suffix(i), out)?;
        }
        Ok(())
    }
}

/// Splits `text` into lines of at most `max` columns at spaces (a longer word gets its own line).
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(20);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && width(&cur) + 1 + width(word) > max {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_width() {
        let cases: &[(&str, usize, &[&str])] = &[
            ("", 30, &[""]),
            ("short", 30, &["short"]),
            (
                "did not parse: mapping values are not allowed in this context",
                24,
                &[
                    "did not parse: mapping",
                    "values are not allowed",
                    "in this context",
                ],
            ),
            (
                "averyveryverylongwordthatcannotbreak x",
                20,
                &["averyveryverylongwordthatcannotbreak", "x"],
            ),
        ];
        for (text, max, want) in cases {
            assert_eq!(wrap(text, *max), *want, "{text:?}");
        }
    }

    #[test]
    fn truncate_and_clip_cut_with_an_ellipsis() {
        let cases: &[(&str, usize, &str)] = &[
            ("codeowners", 10, "codeowners"),
            ("codeowners", 9, "codeowne…"),
            ("codeowners", 1, "…"),
            ("", 3, ""),
        ];
        for (s, max, want) in cases {
            assert_eq!(truncate(s, *max), *want, "{s:?} to {max}");
            assert_eq!(clip(s, *max), *want, "{s:?} to {max}");
        }
        let middle: &[(&str, usize, &str)] = &[
            ("checkout-supported-version-03", 18, "checkout-…rsion-03"),
            (
                "checkout-supported-version-03",
                29,
                "checkout-supported-version-03",
            ),
            ("abcdefgh", 4, "abc…"),
        ];
        for (s, max, want) in middle {
            assert_eq!(truncate_middle(s, *max), *want, "{s:?} to {max}");
            assert!(width(&truncate_middle(s, *max)) <= *max);
        }
        let parts = [
            "9 repos scanned",
            "adoption 66.1%",
            "on the paved road 33.3%",
        ]
        .map(String::from);
        assert_eq!(
            join_fitting(&parts, 40),
            [
                "9 repos scanned · adoption 66.1%",
                "on the paved road 33.3%"
            ]
        );
        // Escapes take no columns; a cut coloured line resets its style.
        assert_eq!(clip("\x1b[31mabc\x1b[0m", 3), "\x1b[31mabc\x1b[0m");
        assert_eq!(clip("\x1b[31mabcdef\x1b[0m", 4), "\x1b[31mabc…\x1b[0m");
    }
}
