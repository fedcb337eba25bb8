//! Generates a synthetic org for measuring paved outside `cargo bench` (scripts/bench-lib.sh):
//! `paved-synthetic-org scan|history N SEED DEST`. `scan`: the scan bench's org (20 to 2,000
//! files, two commits each); `history`: the trend bench's (40 to 120 commits over two years,
//! July 2024 to June 2026).
//! DEST must not exist: nothing is ever overwritten. `paved-synthetic-org version scan|history`
//! prints that generator's version, which names the folders the bench scripts keep its orgs in.

use std::path::PathBuf;
use std::process::ExitCode;

use paved_fixture::{
    HISTORY_VERSION, SYNTHETIC_VERSION, Synthetic, build_set, build_synthetic, write_histories,
};

const USAGE: &str = "usage: paved-synthetic-org scan|history N SEED DEST\n       paved-synthetic-org version scan|history";

fn run(args: &[String]) -> Result<(), String> {
    if let [version, kind] = args
        && version == "version"
    {
        let v = match kind.as_str() {
            "scan" => SYNTHETIC_VERSION,
            "history" => HISTORY_VERSION,
            _ => return Err(USAGE.into()),
        };
        println!("{v}");
        return Ok(());
    }
    let [kind, n, seed, dest] = args else {
        return Err(USAGE.into());
    };
    let spec = Synthetic {
        repos: n
            .parse()
            .map_err(|_| format!("{n}: not a number\n{USAGE}"))?,
        seed: seed
            .parse()
            .map_err(|_| format!("{seed}: not a number\n{USAGE}"))?,
    };
    let dest = PathBuf::from(dest);
    if dest.exists() {
        return Err(format!("{}: exists; give a new folder", dest.display()));
    }
    match kind.as_str() {
        "scan" => build_synthetic(&spec, &dest).map(|_| ()),
        "history" => {
            let src = dest.join(".src");
            write_histories(&spec, &src)
                .and_then(|()| build_set(&src, &dest.join("org")))
                .map(|_| ())
        }
        _ => return Err(USAGE.into()),
    }
    .map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("paved-synthetic-org: {e}");
            ExitCode::from(2)
        }
    }
}
