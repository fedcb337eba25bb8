//! The dashboard's "Expired exemptions" section, beside `html.rs` (which is at its size limit).

use std::fmt::Write as _;

use super::html::esc;
use super::table::expired_exemptions;
use crate::report::Report;

/// Each expired exemption: repository, rule, the day it expired, where it was granted and why;
/// nothing when there is none.
pub(crate) fn section(h: &mut String, report: &Report) -> std::fmt::Result {
    let expired = expired_exemptions(report);
    if expired.is_empty() {
        return Ok(());
    }
    writeln!(
        h,
        "<section id=\"expired\"><h2>Expired exemptions ({})</h2><table class=\"plain\"><thead><tr><th>Repository</th><th>Rule</th><th>Expired</th><th>Granted in</th><th>Reason</th></tr></thead><tbody>",
        expired.len()
    )?;
    for e in &expired {
        writeln!(
            h,
            "<tr><td class=\"repo-name\">{}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
            esc(&e.repo.name),
            esc(e.rule),
            esc(e.until),
            esc(&e.granted_in),
            esc(e.reason)
        )?;
    }
    writeln!(h, "</tbody></table></section>")
}
