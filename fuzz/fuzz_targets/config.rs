//! `cargo +nightly fuzz run config`: see `paved::fuzzing::config` for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| paved::fuzzing::config(data));
