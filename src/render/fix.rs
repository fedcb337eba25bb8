//! What fixing produced, as people read it: the files a fix changed (`check --fix`), the
//! unified patch (`check --diff`, `campaign plan --patches`) and a campaign plan's summary.

use std::io::{self, Write};

use crate::campaign::{Idle, Plan};
use crate::fix::{FileChange, Skip};

/// The unified diff of `changes` (`a/PATH` → `b/PATH`, `/dev/null` for added or removed files),
/// as `git apply` takes it.
pub fn patch(changes: &[FileChange], w: &mut dyn Write) -> io::Result<()> {
    for c in changes {
        let before = c.before.as_deref().unwrap_or("");
        let after = c.after.as_deref().unwrap_or("");
        let old = if c.before.is_some() {
            format!("a/{}", c.path)
        } else {
            "/dev/null".into()
        };
        let new = if c.after.is_some() {
            format!("b/{}", c.path)
        } else {
            "/dev/null".into()
        };
        writeln!(w, "diff --git a/{0} b/{0}", c.path)?;
        match (&c.before, &c.after) {
            (None, Some(_)) => writeln!(w, "new file mode 100644")?,
            (Some(_), None) => writeln!(w, "deleted file mode 100644")?,
            _ => {}
        }
        let diff = similar::TextDiff::from_lines(before, after);
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&old, &new)
            .to_string();
        w.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            writeln!(w)?;
        }
    }
    Ok(())
}

fn verb(c: &FileChange) -> &'static str {
    match (&c.before, &c.after) {
        (None, _) => "added",
        (_, None) => "removed",
        _ => "edited",
    }
}

/// `check --fix`'s account: each file written and the rules it serves, then what was left.
pub fn applied(
    changes: &[FileChange],
    fixed: &[String],
    unfixed: &[Skip],
    w: &mut dyn Write,
) -> io::Result<()> {
    if changes.is_empty() {
        writeln!(w, "nothing to fix")?;
    }
    for c in changes {
        writeln!(w, "{:<7} {}  ({})", verb(c), c.path, c.rules.join(", "))?;
    }
    if !fixed.is_empty() {
        writeln!(w, "now paved: {}", fixed.join(", "))?;
    }
    for s in unfixed {
        writeln!(w, "not fixed: {}: {}", s.rule, describe(s))?;
    }
    Ok(())
}

fn describe(s: &Skip) -> String {
    match &s.path {
        Some(p) => format!("{p}: {}", s.reason),
        None => s.reason.clone(),
    }
}

/// A campaign plan: one line per targeted repository, then the totals.
pub fn plan(plan: &Plan, rollout: Option<usize>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "campaign {}", plan.campaign)?;
    let chosen: Vec<&str> = plan
        .changes(rollout)
        .iter()
        .map(|e| e.repo.name.as_str())
        .collect();
    let mut counts = [0usize; 4];
    for e in &plan.entries {
        let name = &e.repo.name;
        match (&e.idle, &e.proposal) {
            (None, Some(p)) => {
                counts[0] += 1;
                let files: Vec<&str> = p.changes.iter().map(|c| c.path.as_str()).collect();
                let later = if chosen.contains(&name.as_str()) {
                    ""
                } else {
                    " (after this rollout)"
                };
                writeln!(
                    w,
                    "  change   {name}: {} → paved; {}{later}",
                    p.fixed.join(", "),
                    files.join(", ")
                )?;
            }
            (Some(Idle::AlreadyPaved), _) => {
                counts[1] += 1;
                writeln!(w, "  paved    {name}")?;
            }
            (Some(Idle::Archived), _) => {
                counts[2] += 1;
                writeln!(w, "  skipped  {name}: archived, never touched")?;
            }
            (Some(Idle::Error(e)), _) => {
                counts[3] += 1;
                writeln!(w, "  error    {name}: {e}")?;
            }
            (Some(Idle::NoFix), _) | (None, None) => {}
        }
        if let Some(p) = &e.proposal {
            for s in &p.unfixed {
                writeln!(w, "  no fix   {name}: {}: {}", s.rule, describe(s))?;
            }
        }
    }
    writeln!(
        w,
        "{} repositories targeted: {} to change ({} in this rollout), {} already paved, {} archived, {} could not be read",
        plan.entries.len(),
        counts[0],
        chosen.len(),
        counts[1],
        counts[2],
        counts[3]
    )
}

/// `campaign apply`'s account, one line per repository.
pub fn lines(lines: &[String], w: &mut dyn Write) -> io::Result<()> {
    for l in lines {
        writeln!(w, "{l}")?;
    }
    Ok(())
}
