//! `cargo +nightly fuzz run pack`: see `paved::fuzzing::pack` for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| paved::fuzzing::pack(data));
