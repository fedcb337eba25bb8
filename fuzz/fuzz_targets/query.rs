//! `cargo +nightly fuzz run query`: see `paved::fuzzing::query` for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| paved::fuzzing::query(data));
