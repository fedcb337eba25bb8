//! paved's integration tests, one binary (ripgrep's layout): each module is one area, the
//! `common*` modules are shared support. One binary links once instead of once per file.

// A scenario test reads best top to bottom; the 120-line limit is for shipped code.
#![allow(clippy::too_many_lines)]

mod action_install;
mod architecture;
mod bounds;
mod builtin_packs;
mod cache;
mod campaign;
mod campaign_forge;
mod campaign_forges;
mod check;
mod cli;
mod cli_cases;
mod common;
mod common_report;
mod conditions;
mod contract;
mod diff_scans;
mod docs_examples;
mod figures;
mod findings;
mod fixtures_build;
mod forge_common;
mod forges;
mod fuzz_corpus;
mod generated;
mod github_common;
mod github_status;
mod github_sync;
mod guide;
mod history;
mod history_cli;
mod hostile;
mod hostile_io;
mod hostile_positions;
mod html_browser;
mod init;
mod limits;
mod open_plain;
mod open_repo;
mod owners;
mod packs;
mod policy;
mod provenance;
mod render_csv;
mod render_diff;
mod render_fixture;
mod render_github;
mod render_machine;
mod render_scale;
mod render_snapshots;
mod report_wire;
mod rule_docs;
mod sample_org;
mod schema;
mod trend_reuse;
mod tuning;
