//! Small key/value settings kept in the store.

use crate::error::Result;
use crate::store::Store;
use rusqlite::OptionalExtension;

pub const LANG: &str = "lang";
/// Set once the first-launch demo offer was answered (either way).
pub const DEMO_OFFERED: &str = "demo_offered";
/// Set while demo data is loaded: the highest member and cohort ids the demo wrote.
pub const DEMO_LOADED: &str = "demo_loaded";

pub fn get(store: &Store, key: &str) -> Result<Option<String>> {
    Ok(store.conn().query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub fn set(store: &Store, key: &str, value: &str) -> Result<()> {
    set_in(&store.conn(), key, value)
}

/// `set` on a given connection, such as inside a caller's transaction.
pub(crate) fn set_in(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}
