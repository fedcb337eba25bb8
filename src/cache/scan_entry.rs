//! A scan entry's data: one repository's report (without its name and path, which a hit takes
//! from the run) in the binary of [`super::codec`]. A warm scan reads one per repository; as
//! JSON, parsing them was two fifths of its work.

use super::codec::{In, Out, Spoiled, spoiled};
use crate::report::RepoReport;

/// The report's fields in a fixed order. The nested objects few repositories have (forge
/// metadata, team source, template) are kept as their JSON text.
pub fn write(r: &RepoReport) -> Vec<u8> {
    // Every field named (no `..`), so a field added to the report fails to build here instead
    // of going missing from the cache.
    let RepoReport {
        name: _,
        path: _,
        commit,
        committed_at,
        team,
        team_source,
        score,
        error,
        notes,
        meta,
        results,
        template,
    } = r;
    let mut o = Out(Vec::with_capacity(256 + results.len() * 128));
    o.opt_text(commit.as_deref());
    o.opt_text(committed_at.as_deref());
    o.opt_text(team.as_deref());
    o.opt_text(json(team_source.as_ref()).as_deref());
    match score {
        None => o.0.push(0),
        Some(s) => {
            o.0.push(1);
            o.0.extend_from_slice(&s.to_bits().to_le_bytes());
        }
    }
    o.opt_text(error.as_deref());
    o.u32(notes.len());
    for n in notes {
        o.text(n);
    }
    // Skipped as the JSON report skips it.
    let meta = (!crate::report::is_default_meta(meta)).then_some(&**meta);
    o.opt_text(json(meta).as_deref());
    o.u32(results.len());
    for x in results {
        o.result(x);
    }
    o.opt_text(json(template.as_deref()).as_deref());
    o.0
}

/// Reads what [`write()`] wrote, with an empty name and path; anything else fails whole.
pub fn read(data: &[u8]) -> Result<RepoReport, Spoiled> {
    let mut i = In(data);
    let commit = i.opt_text()?;
    let committed_at = i.opt_text()?;
    let team = i.opt_text()?;
    let team_source = parsed(i.opt_text()?)?;
    let score = if i.flag()? {
        let b = i.bytes(8)?;
        Some(f64::from_bits(u64::from_le_bytes(
            b.try_into().map_err(|_| spoiled("score"))?,
        )))
    } else {
        None
    };
    let error = i.opt_text()?;
    let notes = (0..i.count(4)?)
        .map(|_| i.text().map(str::to_string))
        .collect::<Result<_, _>>()?;
    let meta: Option<_> = parsed(i.opt_text()?)?;
    let results = (0..i.count(10)?)
        .map(|_| i.result().map(std::sync::Arc::new))
        .collect::<Result<_, _>>()?;
    let template: Option<_> = parsed(i.opt_text()?)?;
    if !i.0.is_empty() {
        return Err(spoiled(format!("{} bytes left over", i.0.len())));
    }
    Ok(RepoReport {
        name: String::new(),
        path: String::new(),
        commit,
        committed_at,
        team,
        team_source,
        score,
        error,
        notes,
        meta: Box::new(meta.unwrap_or_default()),
        results,
        template: template.map(Box::new),
    })
}

fn json<T: serde::Serialize>(v: Option<&T>) -> Option<String> {
    // These types always serialise: plain strings, options and enums.
    v.and_then(|v| serde_json::to_string(v).ok())
}

fn parsed<T: serde::de::DeserializeOwned>(text: Option<String>) -> Result<Option<T>, Spoiled> {
    text.map(|t| serde_json::from_str(&t).map_err(|e| spoiled(e.to_string())))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::RepoMeta;
    use crate::outcome::{Evidence, Outcome, RuleResult};
    use crate::provenance::{TemplateRef, TemplateTool};
    use crate::report::TeamSource;

    fn full() -> RepoReport {
        let result = |rule: &str, outcome| {
            std::sync::Arc::new(RuleResult {
                rule: rule.into(),
                outcome,
                evidence: vec![
                    Evidence::at("a/ü.yml", Some(7), "note").with_value("v"),
                    Evidence::note("only a note"),
                ],
                message: "found".into(),
            })
        };
        RepoReport {
            name: String::new(),
            path: String::new(),
            commit: Some("28164f998ebc8b246387fa6069fa0ad977ea0985".into()),
            committed_at: Some("2026-11-20T09:14:03Z".into()),
            team: Some("payments".into()),
            team_source: Some(TeamSource::Codeowners),
            score: Some(0.1 + 0.2),
            error: None,
            notes: vec!["a note".into(), String::new()],
            meta: Box::new(RepoMeta {
                topics: Some(vec!["paved".into()]),
                archived: Some(true),
                visibility: None,
                default_branch: Some("main".into()),
                forge_team: None,
            }),
            results: vec![
                result("license", Outcome::Paved),
                result("readme", Outcome::Missing),
            ],
            template: Some(Box::new(TemplateRef {
                source: "github.com/acme/t".into(),
                version: None,
                tool: TemplateTool::Cruft,
            })),
        }
    }

    #[test]
    fn a_report_reads_back_as_written() {
        let bare = RepoReport {
            commit: None,
            committed_at: None,
            team: None,
            team_source: None,
            score: None,
            notes: vec![],
            meta: Box::default(),
            results: vec![],
            template: None,
            ..full()
        };
        for r in [full(), bare] {
            assert_eq!(read(&write(&r)).unwrap(), r);
        }
    }

    #[test]
    fn a_spoiled_entry_does_not_read() {
        let data = write(&full());
        assert!(read(&data[..data.len() - 1]).is_err(), "cut short");
        let mut longer = data.clone();
        longer.push(0);
        assert!(read(&longer).is_err(), "bytes left over");
        let mut bad_flag = data.clone();
        bad_flag[0] = 7;
        assert!(read(&bad_flag).is_err(), "a flag neither 0 nor 1");
        assert!(read(&[]).is_err(), "empty");
    }
}
