//! Positions in files with `\r\n` and lone `\r` line ends: every parser and the diagnostic
//! renderer count lines the same way (`query::LineIndex`), so an editor lands on the line:col
//! paved names whichever line ends the file uses (the fuzz crashes in `fuzz/regressions/`).

use paved::diag;
use paved::pack::{self, PackSource};
use paved::query::{self, Format, Pos, Query};

const ENDS: [(&str, &str); 3] = [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")];

/// The position of the node `query` selects in `text`, its lines joined with `nl`.
fn node_pos(format: Format, lines: &[&str], nl: &str, query: &str) -> Pos {
    let text = lines.join(nl) + nl;
    let docs = query::parse(format, &text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    let hits = Query::parse(query).unwrap().select(&docs[0]);
    assert_eq!(hits.len(), 1, "{text:?} {query}");
    hits[0].pos
}

#[test]
fn crlf_and_cr_line_ends_give_exact_line_and_column() {
    // (format, lines, query, line, col); the column counts characters (`é` is one).
    let cases: &[(Format, &[&str], &str, u32, u32)] = &[
        (Format::Yaml, &["a: 1", "b: 2"], "b", 2, 4),
        (Format::Yaml, &["é: 1", "jobs:", "  x: ü"], "jobs.x", 3, 6),
        (Format::Yaml, &["a:", "  - 1", "  - z: 3"], "a.*.z", 3, 8),
        (
            Format::Json,
            &["{\"a\": 1,", "  \"é\": [1,", "    22]}"],
            "é.1",
            3,
            5,
        ),
        (Format::Toml, &["a = 1", "[t]", "\"é\" = 'x'"], "t.é", 3, 7),
    ];
    for &(format, lines, query, line, col) in cases {
        for (name, nl) in ENDS {
            // TOML allows only `\n` and `\r\n` as line ends.
            if format == Format::Toml && nl == "\r" {
                continue;
            }
            let got = node_pos(format, lines, nl, query);
            assert_eq!(got, Pos::new(line, col), "{format:?} {name} {query}");
        }
    }
}

#[test]
fn crlf_and_cr_errors_point_at_their_line_and_show_it() {
    for (name, nl) in ENDS {
        let yaml = ["a: 1", "b: 2", "a: 3"].join(nl) + nl;
        let e = query::parse(Format::Yaml, &yaml).unwrap_err();
        assert_eq!(
            (e.pos, e.message.as_str()),
            (Pos::new(3, 1), "duplicate key `a`"),
            "{name}"
        );

        let text = ["pack: p", "rules:", "  - id: r", "    titel: T"].join(nl) + nl;
        let failure = pack::load(&[PackSource {
            name: "p.yml".into(),
            text: text.clone(),
            dir: None,
        }])
        .unwrap_err();
        let d = failure
            .diagnostics
            .iter()
            .find(|d| d.message.contains("`titel`"))
            .unwrap_or_else(|| panic!("{name}: {:?}", failure.diagnostics));
        assert_eq!(d.pos, Pos::new(4, 5), "{name}");
        let mut out = Vec::new();
        diag::write_all(&mut out, std::slice::from_ref(d), &|_| Some(&text)).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.ends_with("4 |     titel: T\n  |     ^\n"),
            "{name}: the source line and caret: {out}"
        );
    }
}
