//! `cargo +nightly fuzz run codeowners`: see `paved::fuzzing::codeowners` for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| paved::fuzzing::codeowners(data));
