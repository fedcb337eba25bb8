//! paved: measures paved-road adoption across an organisation's git repositories.
//!
//! Data flows discover → snapshot → rules → eval → report → render; see `ARCHITECTURE.md`
//! for the picture.

pub mod atomic;
pub mod cache;
pub mod campaign;
pub mod cli;
pub mod decode;
pub mod diag;
pub mod diff;
pub mod discover;
pub mod eval;
pub mod exit;
pub mod figures;
pub mod fix;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub mod globs;
pub mod history;
pub mod init;
pub mod input;
pub mod outcome;
pub mod pack;
pub mod policy;
pub mod provenance;
pub mod query;
pub mod ratchet;
pub mod render;
pub mod report;
pub mod rules;
pub mod snapshot;
