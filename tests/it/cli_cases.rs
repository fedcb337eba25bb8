//! Command-line cases kept as data files (tests/cmd/*.toml): each names its arguments, exit code
//! and expected output, so `--help` texts and usage errors are reviewed like any other output.
//! Regenerate after an intended change with `TRYCMD=overwrite cargo test --test it cli_cases`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("paved", trycmd::cargo::cargo_bin!("paved"))
        .case("tests/cmd/*.toml");
}
