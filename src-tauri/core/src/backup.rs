//! Consistent copies of the store through SQLite's online backup API: at start (at most once a
//! day), before every migration and before every restore; the newest 14 are kept.

use crate::error::{Error, Result};
use crate::store::{self, Store};
use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

pub const KEEP: usize = 14;
const PREFIX: &str = "qunzhu-";

#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupInfo {
    /// File name without `.db`: `qunzhu-20261124-081500-daily`.
    pub id: String,
    /// Local time the copy was taken, `YYYY-MM-DD HH:MM:SS`.
    pub created_at: String,
    /// Why it was taken: daily, manual, pre-migration-vN, pre-restore.
    pub reason: String,
    pub size_bytes: u64,
}

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

fn parse_id(id: &str, size_bytes: u64) -> Option<BackupInfo> {
    let rest = id.strip_prefix(PREFIX)?;
    // 20261124-081500[-n]-reason
    let (date, rest) = rest.split_once('-')?;
    let (time, reason) = rest.split_once('-')?;
    if date.len() != 8 || time.len() != 6 || !date.bytes().chain(time.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let reason = reason.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    Some(BackupInfo {
        id: id.to_string(),
        created_at: format!(
            "{}-{}-{} {}:{}:{}",
            &date[0..4], &date[4..6], &date[6..8], &time[0..2], &time[2..4], &time[4..6]
        ),
        reason: reason.to_string(),
        size_bytes,
    })
}

/// Copies the live database to a new backup file, then prunes to the newest [`KEEP`].
pub(crate) fn create_from(conn: &Connection, data_dir: &Path, reason: &str) -> Result<BackupInfo> {
    let dir = dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let mut id = format!("{PREFIX}{stamp}-{reason}");
    let mut n = 1;
    while dir.join(format!("{id}.db")).exists() {
        n += 1;
        id = format!("{PREFIX}{stamp}-{n}-{reason}");
    }
    let path = dir.join(format!("{id}.db"));
    let tmp = dir.join(format!("{id}.db.partial"));
    conn.backup(MAIN_DB, &tmp, None)?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    prune(&dir)?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    parse_id(&id, size).ok_or_else(|| Error::NotFound { entity: crate::error::Entity::Backup, id })
}

pub fn create(store: &Store, reason: &str) -> Result<BackupInfo> {
    create_from(&store.conn(), store.data_dir(), reason)
}

/// Takes the start-up backup unless one was already taken today.
pub fn daily(store: &Store) -> Result<Option<BackupInfo>> {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    if list(store)?.iter().any(|b| b.created_at.starts_with(&today)) {
        return Ok(None);
    }
    create(store, "daily").map(Some)
}

/// Backups, newest first.
pub fn list(store: &Store) -> Result<Vec<BackupInfo>> {
    list_dir(&dir(store.data_dir()))
}

fn list_dir(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut out: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".db")?;
            parse_id(id, e.metadata().map(|m| m.len()).unwrap_or(0))
        })
        .collect();
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    Ok(out)
}

fn prune(dir: &Path) -> Result<()> {
    for old in list_dir(dir)?.into_iter().skip(KEEP) {
        let path = dir.join(format!("{}.db", old.id));
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Replaces the live data with a backup, after checking the backup is whole and readable by
/// this build. The data as it was is itself backed up first (`pre-restore`).
pub fn restore(store: &Store, id: &str) -> Result<BackupInfo> {
    let bad = |reason: &str| Error::BadBackup { id: id.to_string(), reason: reason.to_string() };
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(Error::NotFound { entity: crate::error::Entity::Backup, id: id.to_string() });
    }
    let path = dir(store.data_dir()).join(format!("{id}.db"));
    if !path.is_file() {
        return Err(Error::NotFound { entity: crate::error::Entity::Backup, id: id.to_string() });
    }
    {
        let probe = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| bad(&format!("cannot open ({e})")))?;
        let check: String = probe
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| bad(&format!("not a Qunzhu database ({e})")))?;
        if check != "ok" {
            return Err(bad(&format!("integrity_check: {check}")));
        }
        let version = store::read_version(&probe)?;
        if version < 1 {
            return Err(bad("not a Qunzhu database (no schema)"));
        }
        if version > store::schema_version() {
            return Err(Error::DatabaseTooNew { found: version, supported: store::schema_version() });
        }
        probe
            .query_row("SELECT count(*) FROM members", [], |r| r.get::<_, i64>(0))
            .map_err(|_| bad("not a Qunzhu database (no members table)"))?;
    }
    let mut conn = store.conn();
    create_from(&conn, store.data_dir(), "pre-restore")?;
    conn.restore(MAIN_DB, &path, None::<fn(rusqlite::backup::Progress)>)?;
    store::configure(&conn)?;
    store::migrate(&mut conn)?;
    drop(conn);
    store.invalidate_search();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    parse_id(id, size).ok_or_else(|| bad("unrecognised file name"))
}
