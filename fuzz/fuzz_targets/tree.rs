//! `cargo +nightly fuzz run tree`: see `paved::fuzzing::tree` for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| paved::fuzzing::tree(data));
