//! The integration tests: one binary, one module per concern.

mod answering;
mod browser;
mod catalog;
mod cli;
mod diagnostics;
mod docs;
mod evidence;
mod extends;
mod many;
mod reports;
mod scan;
mod scoring;

use std::path::PathBuf;

/// The `salvaguarda` binary, run from the repository root.
pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("salvaguarda"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// `tests/fixtures/...`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}
