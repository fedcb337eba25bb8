//! Text from repositories made safe for machine formats read by other tools: control
//! characters (C0 but tab and line breaks, DEL, C1, so ESC sequences too) become visible
//! `\xNN` escapes, and CSV cells that a spreadsheet would run as a formula are defused.

use std::borrow::Cow;

fn is_hostile(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `s` with every control character but tab, CR and LF written as `\xNN` (`\u{NNNN}` above).
pub fn defang(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile(c) {
            let n = u32::from(c);
            if n <= 0xff {
                out.push_str(&format!("\\x{n:02x}"));
            } else {
                out.push_str(&format!("\\u{{{n:04x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A CSV cell: [`defang`]ed, and prefixed with `'` when it begins with `=`, `+`, `-`, `@`, tab
/// or CR, which spreadsheets would evaluate (OWASP's CSV injection advice).
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    let s = defang(s);
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_formulas_are_defused() {
        let cases = [
            ("plain: ok\nnext", "plain: ok\nnext", "plain: ok\nnext"),
            (
                "\u{1b}[31mred\u{7}",
                "\\x1b[31mred\\x07",
                "\\x1b[31mred\\x07",
            ),
            ("c1 \u{9b}2J", "c1 \\x9b2J", "c1 \\x9b2J"),
            (
                "=HYPERLINK(\"x\")",
                "=HYPERLINK(\"x\")",
                "'=HYPERLINK(\"x\")",
            ),
            ("+1", "+1", "'+1"),
            ("-2", "-2", "'-2"),
            ("@SUM(A1)", "@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "\tx", "'\tx"),
            ("\rx", "\rx", "'\rx"),
        ];
        for (input, defanged, cell) in cases {
            assert_eq!(defang(input), defanged, "{input:?}");
            assert_eq!(csv_cell(input), cell, "{input:?}");
        }
    }
}
