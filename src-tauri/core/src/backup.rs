//! Consistent copies of the store through SQLite's online backup API: at start (at most once a
//! day), before every migration, every restore and clearing the demo, and when the operator asks.
//!
//! Copies are kept by age and kind, never by count alone (see [`plan_prune`]): the daily ones of
//! the last 7 days and one a week for 4 weeks more; every copy taken before a migration, a
//! restore or a demo clear for 30 days, up to 10 of each kind (and the newest 3 however old); the
//! operator's own 20 newest. One kind never pushes another out.
//!
//! A restore migrates a copy of the backup first and swaps it in only when that worked, so a
//! backup this build cannot bring up to date is refused with the live data untouched. Listing
//! and restoring need only the data folder (`list_in`, `restore_in`): they work when the store
//! itself cannot be opened.

use crate::error::{Entity, Error, Result};
use crate::store::{self, private, Store};
use chrono::{Datelike, Duration, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, MAIN_DB};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

const PREFIX: &str = "qunzhu-";
/// The operator's own copies kept, newest first.
pub const KEEP_MANUAL: usize = 20;
/// Days of daily copies kept, then weeks of one copy a week.
pub const KEEP_DAILY_DAYS: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
/// Copies taken before a change (migration, restore, demo clear) are kept this many days...
pub const KEEP_SAFETY_DAYS: i64 = 30;
/// ...and the newest few of each kind are kept however old.
pub const KEEP_SAFETY_MIN: usize = 3;
/// At most this many copies of one kind within those days (a start that fails again and again,
/// a morning of restores, must not fill the disk with copies of the same file).
pub const KEEP_PER_KIND: usize = 10;

#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupInfo {
    /// File name without `.db`: `qunzhu-20261124-081500-daily`.
    pub id: String,
    /// Local time the copy was taken, `YYYY-MM-DD HH:MM:SS`.
    pub created_at: String,
    /// Why it was taken: daily, manual, pre-migration-vN, pre-restore, pre-clear-demo.
    pub reason: String,
    pub size_bytes: u64,
    /// The n of a second copy taken within the same second (`…-081500-2-manual`); 1 for the first.
    #[serde(skip)]
    #[ts(skip)]
    pub seq: u32,
}

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

fn parse_id(id: &str, size_bytes: u64) -> Option<BackupInfo> {
    let rest = id.strip_prefix(PREFIX)?;
    // 20261124-081500[-n]-reason
    let (date, rest) = rest.split_once('-')?;
    let (time, rest) = rest.split_once('-')?;
    if date.len() != 8 || time.len() != 6 || !date.bytes().chain(time.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (seq, reason) = match rest.split_once('-') {
        Some((n, reason)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (n.parse().ok()?, reason),
        _ => (1, rest),
    };
    if reason.is_empty() {
        return None;
    }
    Some(BackupInfo {
        id: id.to_string(),
        created_at: format!(
            "{}-{}-{} {}:{}:{}",
            &date[0..4], &date[4..6], &date[6..8], &time[0..2], &time[2..4], &time[4..6]
        ),
        reason: reason.to_string(),
        size_bytes,
        seq,
    })
}

/// Copies the database of `conn` to a new backup file, then prunes by [`plan_prune`].
pub(crate) fn create_from(conn: &Connection, data_dir: &Path, reason: &str) -> Result<BackupInfo> {
    let dir = dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    private(&dir, 0o700);
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let mut id = format!("{PREFIX}{stamp}-{reason}");
    let mut n = 1;
    while dir.join(format!("{id}.db")).exists() {
        n += 1;
        id = format!("{PREFIX}{stamp}-{n}-{reason}");
    }
    let path = dir.join(format!("{id}.db"));
    // Its own name while being written: two processes copying in the same second never write
    // one file.
    let tmp = dir.join(format!("{id}.db.partial-{}", unique()));
    if let Err(e) = conn.backup(MAIN_DB, &tmp, None).map_err(Error::from).and_then(|()| standalone(&tmp)) {
        remove_db_files(&tmp);
        return Err(e);
    }
    private(&tmp, 0o600);
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    prune(&dir)?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    parse_id(&id, size).ok_or_else(|| Error::NotFound { entity: Entity::Backup, id })
}

pub fn create(store: &Store, reason: &str) -> Result<BackupInfo> {
    create_from(&store.conn(), store.data_dir(), reason)
}

/// Takes the start-up backup unless one was already taken today.
pub fn daily(store: &Store) -> Result<Option<BackupInfo>> {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    if list(store)?.iter().any(|b| b.reason == "daily" && b.created_at.starts_with(&today)) {
        return Ok(None);
    }
    create(store, "daily").map(Some)
}

/// A copy made by the online backup API keeps the live file's WAL mode: opening it later would
/// make `-wal` and `-shm` files beside it. A backup is one file, in rollback-journal mode.
fn standalone(path: &Path) -> Result<()> {
    let copy = Connection::open(path)?;
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// Backups, newest first.
pub fn list(store: &Store) -> Result<Vec<BackupInfo>> {
    list_in(store.data_dir())
}

/// Backups of a data folder, newest first; needs no open store.
pub fn list_in(data_dir: &Path) -> Result<Vec<BackupInfo>> {
    list_dir(&dir(data_dir))
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
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.seq.cmp(&a.seq)).then(b.id.cmp(&a.id)));
    Ok(out)
}

/// What a copy was taken for, as far as keeping it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Daily,
    Manual,
    /// Taken before a change: a migration, a restore, clearing the demo.
    Safety,
}

fn kind(reason: &str) -> Kind {
    match reason {
        "daily" => Kind::Daily,
        "manual" => Kind::Manual,
        _ => Kind::Safety,
    }
}

/// The ids to delete from `backups` (newest first, as [`list_in`] gives them) at `now`.
pub fn plan_prune(backups: &[BackupInfo], now: NaiveDateTime) -> Vec<String> {
    let mut drop = Vec::new();
    let (mut manual, mut days, mut weeks) = (0, Vec::new(), Vec::new());
    let mut per_reason: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for b in backups {
        let Ok(at) = NaiveDateTime::parse_from_str(&b.created_at, "%Y-%m-%d %H:%M:%S") else { continue };
        let keep = match kind(&b.reason) {
            Kind::Manual => {
                manual += 1;
                manual <= KEEP_MANUAL
            }
            Kind::Daily => {
                // The newest copy of each of the last 7 days with one, then of 4 weeks more.
                let (day, week) = (at.date(), at.date().iso_week());
                if days.contains(&day) || weeks.contains(&(week.year(), week.week())) {
                    false
                } else if days.len() < KEEP_DAILY_DAYS {
                    days.push(day);
                    true
                } else if weeks.len() < KEEP_WEEKLY {
                    if !days.iter().any(|d| d.iso_week() == week) {
                        weeks.push((week.year(), week.week()));
                        true
                    } else {
                        false
                    }
                } else {
                    false
                }
            }
            Kind::Safety => {
                let seen = per_reason.entry(b.reason.as_str()).or_default();
                *seen += 1;
                *seen <= KEEP_SAFETY_MIN || (*seen <= KEEP_PER_KIND && now - at <= Duration::days(KEEP_SAFETY_DAYS))
            }
        };
        if !keep {
            drop.push(b.id.clone());
        }
    }
    drop
}

fn prune(dir: &Path) -> Result<()> {
    let now = chrono::Local::now().naive_local();
    for id in plan_prune(&list_dir(dir)?, now) {
        let path = dir.join(format!("{id}.db"));
        remove_db_files(&path);
    }
    remove_leftovers(dir);
    Ok(())
}

/// Files a copy cut short left behind (a `.partial` and its journal, when the program was
/// killed while copying) and the `-wal`/`-shm` of a backup opened by an older version: removed
/// once they are ten minutes old, so a copy another process is making right now is left alone.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let stale = std::time::Duration::from_secs(600);
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let leftover = name.contains(".db.partial") || [".db-wal", ".db-shm", ".db-journal"].iter().any(|s| name.ends_with(s));
        let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age > stale);
        if leftover && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A backup checked and migrated to this build's schema in a file of its own, ready to be
/// copied over the live data. The file is removed when this is dropped.
struct Staged {
    path: PathBuf,
    info: BackupInfo,
}

impl Drop for Staged {
    fn drop(&mut self) {
        remove_db_files(&self.path);
    }
}

/// A name part no other process or call uses at the same time: pid and a clock reading.
fn unique() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// A path as an SQLite URI's path: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    path.display().to_string().replace('%', "%25").replace('?', "%3f").replace('#', "%23")
}

/// Removes a database file and whatever SQLite keeps beside it.
fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Checks a backup (whole, a Qunzhu database, not from a newer build), copies it and migrates
/// the copy. Nothing of the live data is touched.
fn stage(data_dir: &Path, id: &str) -> Result<Staged> {
    let bad = |reason: &str| Error::BadBackup { id: id.to_string(), reason: reason.to_string() };
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(Error::NotFound { entity: Entity::Backup, id: id.to_string() });
    }
    let path = dir(data_dir).join(format!("{id}.db"));
    let info = match (path.is_file(), parse_id(id, 0)) {
        (true, Some(info)) => BackupInfo { size_bytes: std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0), ..info },
        _ => return Err(Error::NotFound { entity: Entity::Backup, id: id.to_string() }),
    };
    // Its own name: the app and the CLI restoring at once never share (or delete) one copy.
    let staged = Staged { path: data_dir.join(format!("{}.restoring-{}", store::DB_FILE, unique())), info };
    {
        // Immutable: looking at a backup writes nothing beside it (no -wal, no -shm).
        let uri = format!("file:{}?immutable=1", uri_path(&path));
        let probe = Connection::open_with_flags(&uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI)
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
        probe.backup(MAIN_DB, &staged.path, None)?;
    }
    let mut copy = Connection::open(&staged.path)?;
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    copy.pragma_update(None, "foreign_keys", "ON")?;
    store::migrate(&mut copy).map_err(|e| bad(&format!("it cannot be brought up to this version ({})", e.message(crate::Lang::En))))?;
    let check: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(bad(&format!("after migrating: {check}")));
    }
    Ok(staged)
}

/// Replaces the live data with a backup. The backup is checked and migrated in a copy first:
/// if that fails nothing changes. The data as it was is itself backed up first (`pre-restore`).
pub fn restore(store: &Store, id: &str) -> Result<BackupInfo> {
    let staged = stage(store.data_dir(), id)?;
    let mut conn = store.conn();
    swap_in(&mut conn, store.data_dir(), &staged)?;
    drop(conn);
    store.invalidate_search();
    Ok(staged.info.clone())
}

/// `restore` for a data folder whose store cannot be opened (a failed migration, a damaged
/// file): needs only the folder.
pub fn restore_in(data_dir: &Path, id: &str) -> Result<BackupInfo> {
    let staged = stage(data_dir, id)?;
    let live = data_dir.join(store::DB_FILE);
    let mut conn = Connection::open(&live)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if create_from(&conn, data_dir, "pre-restore").is_ok() {
        copy_over(&mut conn, &staged)?;
        return Ok(staged.info.clone());
    }
    // The live file is too damaged for SQLite to read (so to copy, or to copy over): it is
    // moved aside whole, with its WAL, and the staged copy takes its place.
    drop(conn);
    let aside = dir(data_dir).join(format!("damaged-{}", chrono::Local::now().format("%Y%m%d-%H%M%S")));
    std::fs::create_dir_all(&aside).map_err(|e| Error::io(&aside, e))?;
    private(&aside, 0o700);
    for suffix in ["", "-wal", "-shm"] {
        let from = data_dir.join(format!("{}{suffix}", store::DB_FILE));
        if from.exists() {
            let to = aside.join(format!("{}{suffix}", store::DB_FILE));
            std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
        }
    }
    std::fs::rename(&staged.path, &live).map_err(|e| Error::io(&live, e))?;
    Ok(staged.info.clone())
}

/// Keeps the live data as `pre-restore`, then copies the staged backup over it.
fn swap_in(conn: &mut Connection, data_dir: &Path, staged: &Staged) -> Result<()> {
    create_from(conn, data_dir, "pre-restore")?;
    copy_over(conn, staged)
}

/// Copies the staged backup over the database of `conn`, page by page in one transaction.
fn copy_over(conn: &mut Connection, staged: &Staged) -> Result<()> {
    let source = Connection::open_with_flags(&staged.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    {
        let copy = rusqlite::backup::Backup::new(&source, conn)?;
        // All pages in one step: one write transaction on the live file.
        copy.run_to_completion(i32::MAX, std::time::Duration::ZERO, None)?;
    }
    store::configure(conn)?;
    Ok(())
}
