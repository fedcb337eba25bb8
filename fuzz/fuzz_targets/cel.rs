//! `cargo +nightly fuzz run cel`: see `paved::fuzzing::cel` for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| paved::fuzzing::cel(data));
