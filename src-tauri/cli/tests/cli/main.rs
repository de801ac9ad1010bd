//! `qunzhu-cli` as scripts use it, run as a program over real temporary data folders: the
//! commands and JSON fields scripts rely on, the growth ledger's, hostile files, and faults.

mod basics;
mod crates;
mod faults;
mod growth;
mod hostile;

/// A fixture of the core's tests: `tests/fixtures/<area>/<name>`.
pub fn fixture(area: &str, name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures").join(area).join(name)
}
