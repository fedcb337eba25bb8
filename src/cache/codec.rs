//! The compact binary of cache entries' data (a history entry, a scan entry): counts and
//! lengths as little-endian `u32`, texts as a length and UTF-8, flags as one byte, object ids
//! as their raw bytes. JSON cost more to read and write than what a warm run does besides.

use gix::ObjectId;

use crate::outcome::{Evidence, Outcome, RuleResult};

/// Why an entry's data does not read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Spoiled(String);

pub fn spoiled(what: impl Into<String>) -> Spoiled {
    Spoiled(what.into())
}

/// The entry's bytes as written: lengths and counts as little-endian `u32`, texts as a length
/// and UTF-8, object ids as their raw bytes, times as `i64` seconds.
pub struct Out(pub Vec<u8>);

impl Out {
    pub fn u32(&mut self, n: usize) {
        // Every count is of things held in memory, far below 4 Gi; saturating keeps a
        // (never met) larger one from wrapping into a valid-looking entry.
        self.0
            .extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    }
    pub fn text(&mut self, s: &str) {
        self.u32(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    pub fn opt_text(&mut self, s: Option<&str>) {
        match s {
            None => self.0.push(0),
            Some(s) => {
                self.0.push(1);
                self.text(s);
            }
        }
    }
    pub fn result(&mut self, r: &RuleResult) {
        self.text(&r.rule);
        self.0.push(r.outcome.letter());
        self.u32(r.evidence.len());
        for e in &r.evidence {
            self.opt_text(e.path.as_deref());
            match e.line {
                None => self.0.push(0),
                Some(l) => {
                    self.0.push(1);
                    self.0.extend_from_slice(&l.to_le_bytes());
                }
            }
            self.text(&e.note);
            self.opt_text(e.value.as_deref());
        }
        self.text(&r.message);
    }
}

/// Reads what [`Out`] wrote; anything short, left over or out of range fails.
pub struct In<'a>(pub &'a [u8]);

impl<'a> In<'a> {
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], Spoiled> {
        if n > self.0.len() {
            return Err(spoiled("cut short"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    pub fn byte(&mut self) -> Result<u8, Spoiled> {
        Ok(self.bytes(1)?[0])
    }
    pub fn flag(&mut self) -> Result<bool, Spoiled> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(spoiled(format!("flag {b}"))),
        }
    }
    pub fn u32(&mut self) -> Result<u32, Spoiled> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    /// A count of things each at least `min` bytes long: one the rest cannot hold fails
    /// before anything is allocated for it.
    pub fn count(&mut self, min: usize) -> Result<usize, Spoiled> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min) > self.0.len() {
            return Err(spoiled(format!("{n} items in {} bytes", self.0.len())));
        }
        Ok(n)
    }
    pub fn text(&mut self) -> Result<&'a str, Spoiled> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.bytes(n)?).map_err(|e| spoiled(e.to_string()))
    }
    pub fn opt_text(&mut self) -> Result<Option<String>, Spoiled> {
        Ok(if self.flag()? {
            Some(self.text()?.to_string())
        } else {
            None
        })
    }
    pub fn id(&mut self, len: usize) -> Result<ObjectId, Spoiled> {
        ObjectId::try_from(self.bytes(len)?).map_err(|e| spoiled(e.to_string()))
    }
    pub fn result(&mut self) -> Result<RuleResult, Spoiled> {
        let rule = self.text()?.to_string();
        let letter = self.byte()?;
        let outcome = Outcome::from_letter(letter)
            .ok_or_else(|| spoiled(format!("outcome `{}`", letter.escape_ascii())))?;
        let n = self.count(7)?;
        let mut evidence = Vec::with_capacity(n);
        for _ in 0..n {
            let path = self.opt_text()?;
            let line = if self.flag()? {
                Some(self.u32()?)
            } else {
                None
            };
            let note = self.text()?.to_string();
            let value = self.opt_text()?;
            evidence.push(Evidence {
                path,
                line,
                note,
                value,
            });
        }
        let message = self.text()?.to_string();
        Ok(RuleResult {
            rule,
            outcome,
            evidence,
            message,
        })
    }
}
