//! Writing results: a table for people, or `--json` (one flag, one spelling) for scripts.

use clap::Args;
use qunzhu_core::import::RowError;
use qunzhu_core::Error;
use serde::Serialize;
use std::sync::atomic::AtomicBool;

#[derive(Args)]
pub struct JsonFlag {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

/// `value` as pretty JSON when `json`, else as `table` writes it.
pub fn print<T: Serialize>(json: bool, value: &T, table: impl FnOnce(&T)) {
    if json {
        match serde_json::to_string_pretty(value) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("error[json]: {e}"),
        }
    } else {
        table(value)
    }
}

/// An optional cell: its text, or "-".
pub fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

/// Whether a progress line (`\r…`) was written to stderr and not ended.
pub static PROGRESS_SHOWN: AtomicBool = AtomicBool::new(false);

/// An import's bad rows under its summary line, the first twenty.
pub fn row_errors(errors: &[RowError]) {
    for e in errors.iter().take(20) {
        println!("  row {}{}: {}", e.row, e.column.as_ref().map(|c| format!(", {c}")).unwrap_or_default(), e.message);
    }
}

/// An import that wrote nothing because of bad rows (not a dry run) fails, naming the first.
pub fn refused_rows(committed: bool, dry_run: bool, error_rows: usize, errors: &[RowError]) -> Result<(), Error> {
    if !committed && !dry_run && error_rows > 0 {
        let first = errors.first().map(|e| format!("row {}: {}", e.row, e.message)).unwrap_or_default();
        return Err(Error::BadRows { count: error_rows, first });
    }
    Ok(())
}
