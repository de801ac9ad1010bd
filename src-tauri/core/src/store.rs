//! The SQLite store: one file in the data folder, opened with deliberate pragmas, migrated
//! all-or-nothing, backed up before every migration and once a day.

use crate::backup;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

pub const DB_FILE: &str = "qunzhu.db";
/// Folder name under the OS data dir; equals the Tauri identifier so the app and the CLI agree.
pub const APP_ID: &str = "app.qunzhu";

/// Every migration, embedded in the binary, in order. Append only: never edit a shipped one.
pub const MIGRATION_SQL: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_birthday_reminders.sql"),
    include_str!("../migrations/0003_cohort_calendar.sql"),
    include_str!("../migrations/0004_calendar_edits.sql"),
    include_str!("../migrations/0005_certificates.sql"),
    include_str!("../migrations/0006_member_photos.sql"),
    include_str!("../migrations/0007_engagement.sql"),
    include_str!("../migrations/0008_chats.sql"),
    include_str!("../migrations/0009_chat_days.sql"),
    include_str!("../migrations/0010_retro.sql"),
    include_str!("../migrations/0011_chat_day_bodies.sql"),
    include_str!("../migrations/0012_demo_rows.sql"),
    include_str!("../migrations/0013_growth.sql"),
    include_str!("../migrations/0014_referral_points.sql"),
    include_str!("../migrations/0015_membership_renewals.sql"),
    include_str!("../migrations/0016_live_views.sql"),
    include_str!("../migrations/0017_member_merges.sql"),
    include_str!("../migrations/0018_ledger_activity.sql"),
];

fn migrations(sql: &'static [&'static str]) -> Migrations<'static> {
    Migrations::new(sql.iter().map(|s| M::up(s)).collect())
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

/// The data folder: `QUNZHU_DATA_DIR` if set, else the OS app-data dir (e.g. ~/.local/share/app.qunzhu).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("QUNZHU_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_ID)
}

/// The page cache, in KiB when negative (see `configure`).
const CACHE_SIZE: i64 = -65536;

pub struct Store {
    conn: Mutex<Connection>,
    data_dir: PathBuf,
    search_index: Mutex<Option<crate::search::Index>>,
    /// Threads copying the WAL into the file after big imports (see `with_checkpoint_later`).
    background: Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Drop for Store {
    /// The store closes once its background work is done (a WAL copy is not cut short).
    fn drop(&mut self) {
        self.settle();
    }
}

/// Applies the connection settings Qunzhu relies on. Called for every connection it opens.
pub(crate) fn configure(conn: &mut Connection) -> Result<()> {
    // Every transaction takes the write lock when it begins: a deferred one that read first
    // fails at once with "database is locked" when another process wrote meanwhile (the busy
    // timeout only helps a transaction that has not read yet).
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    // WAL: readers never block the writer, and a crash mid-write leaves the last commit intact.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // synchronous=NORMAL is durable against application crashes in WAL mode and only risks the
    // last transactions on power loss (never corruption); FULL fsyncs every commit. NORMAL is
    // the default; FULL is a setting (`full_durability`) for those who want it.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A 64 MiB page cache (SQLite's default is 2 MiB): a 100,000-member store and its indexes fit,
    // so a member import, which touches its index pages again and again, never spills half-written
    // pages to the WAL and reads them back. (A chat import, which appends, runs with a small
    // cache instead: see `with_checkpoint_later`.)
    // Pages are only allocated as they are used.
    conn.pragma_update(None, "cache_size", CACHE_SIZE)?;
    // The CLI and the app may touch the same file at once: wait instead of failing with SQLITE_BUSY.
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // rarray(): pass a list of ids as one parameter.
    rusqlite::vtab::array::load_module(conn)?;
    Ok(())
}

/// Owner-only permissions (`0o700` a folder, `0o600` a file): the data folder, its backups and
/// the signing key hold every member's phone number and the power to sign certificates.
#[cfg(unix)]
pub(crate) fn private(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}
#[cfg(not(unix))]
pub(crate) fn private(_path: &Path, _mode: u32) {}

/// Says what a database error means for the data folder: a full disk, a lock another program
/// holds (naming it when it can), a folder that cannot be written. Other errors pass unchanged.
/// The CLI and the app pass every error of an operation through this.
pub fn explain(err: Error, data_dir: &Path) -> Error {
    use rusqlite::ErrorCode;
    let Error::Db(rusqlite::Error::SqliteFailure(e, _)) = &err else { return err };
    let path = data_dir.display().to_string();
    match e.code {
        ErrorCode::DiskFull => Error::DiskFull { path },
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            Error::Busy { path: data_dir.join(DB_FILE).display().to_string(), holders: holders(&data_dir.join(DB_FILE)) }
        }
        ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => Error::ReadOnly { path },
        _ => err,
    }
}

/// The other programs that have a database file open, as "name (pid N)": read from /proc on
/// Linux; elsewhere nobody is named and the message says what to close in general.
pub fn holders(db: &Path) -> Vec<String> {
    let mut out = Vec::new();
    #[cfg(target_os = "linux")]
    {
        let me = std::process::id().to_string();
        let want: Vec<PathBuf> = ["", "-wal", "-shm"].iter().map(|s| PathBuf::from(format!("{}{s}", db.display()))).collect();
        let want: Vec<PathBuf> = want.iter().map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())).collect();
        let Ok(procs) = std::fs::read_dir("/proc") else { return out };
        for p in procs.flatten() {
            let pid = p.file_name().to_string_lossy().into_owned();
            if pid == me || !pid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else { continue };
            if fds.flatten().any(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| want.contains(&t))) {
                let name = std::fs::read_to_string(p.path().join("comm")).unwrap_or_default();
                out.push(format!("{} (pid {pid})", name.trim()));
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = db;
    out
}

/// The setting that makes every commit wait for the disk (`synchronous=FULL`).
const FULL_DURABILITY: &str = "store.synchronous_full";

fn durability_full(conn: &Connection) -> bool {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [FULL_DURABILITY], |r| r.get::<_, String>(0)).is_ok_and(|v| v == "1")
}

/// Whether every commit waits for the disk: a power cut then loses nothing committed.
pub fn full_durability(store: &Store) -> Result<bool> {
    Ok(durability_full(&store.conn()))
}

/// Sets full durability on or off, for this connection now and every one opened later.
pub fn set_full_durability(store: &Store, full: bool) -> Result<()> {
    let conn = store.conn();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [FULL_DURABILITY, if full { "1" } else { "0" }],
    )?;
    conn.pragma_update(None, "synchronous", if full { "FULL" } else { "NORMAL" })?;
    Ok(())
}

/// The language chosen in a data folder's settings, read without opening the store (for the
/// message of a store that could not be opened).
pub fn lang_in(data_dir: &Path) -> Option<Lang> {
    let conn = Connection::open_with_flags(data_dir.join(DB_FILE), OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    let v: String = conn.query_row("SELECT value FROM settings WHERE key = ?1", [crate::settings::LANG], |r| r.get(0)).ok()?;
    Lang::parse(&v)
}

/// Reads `user_version` of a database file without changing it.
pub(crate) fn read_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir`, refusing a newer database untouched,
    /// backing up before a migration, then migrating all-or-nothing.
    pub fn open(data_dir: impl Into<PathBuf>) -> Result<Store> {
        Store::open_with_migrations(data_dir, MIGRATION_SQL)
    }

    /// `open` with a given migration list: how tests exercise upgrades from an older schema.
    #[doc(hidden)]
    pub fn open_with_migrations(data_dir: impl Into<PathBuf>, sql: &'static [&'static str]) -> Result<Store> {
        let latest = sql.len() as i64;
        let data_dir = data_dir.into();
        std::fs::create_dir_all(&data_dir).map_err(|e| Error::io(&data_dir, e))?;
        private(&data_dir, 0o700);
        let path = data_dir.join(DB_FILE);
        let existed = path.exists();

        if existed {
            // Look before touching: a newer schema is refused before any pragma or write runs.
            let probe = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let found = read_version(&probe)?;
            drop(probe);
            if found > latest {
                return Err(Error::DatabaseTooNew { found, supported: latest });
            }
        }

        let mut conn = Connection::open(&path)?;
        configure(&mut conn)?;
        let version = read_version(&conn)?;
        if existed && version > 0 && version < latest {
            backup::create_from(&conn, &data_dir, &format!("pre-migration-v{version}"))?;
        }
        migrate_with(&mut conn, sql)?;
        if durability_full(&conn) {
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        Ok(Store { conn: Mutex::new(conn), data_dir, search_index: Mutex::new(None), background: Mutex::new(Vec::new()) })
    }

    /// The app's start-up path: opens the store, takes the daily backup if none was taken
    /// today, and purges what has waited in the trash past its time.
    pub fn open_for_app(data_dir: impl Into<PathBuf>) -> Result<Store> {
        let store = Store::open(data_dir)?;
        backup::daily(&store)?;
        crate::trash::purge_expired(&store)?;
        Ok(store)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(DB_FILE)
    }

    /// The connection, for one operation. A poisoned lock (a panic in another thread) still
    /// holds a consistent connection: SQLite rolled back whatever that thread had open.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `write` on the connection with SQLite's automatic checkpoint held back, then copies
    /// the write-ahead log into the database file on a thread of its own: for big imports, whose
    /// commit is safe in the WAL once `write` returns, so the caller need not wait for the copy.
    /// Readers are not blocked meanwhile (a PASSIVE checkpoint); had the copy not run (the
    /// program ended first), the next connection to close or commit makes it.
    pub(crate) fn with_checkpoint_later<T>(&self, write: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        /// Puts the connection's usual settings back however `write` ends (a panic included).
        struct Restore<'a>(MutexGuard<'a, Connection>);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                let _ = self.0.pragma_update(None, "cache_size", CACHE_SIZE);
                let _ = self.0.pragma_update(None, "wal_autocheckpoint", 1000);
            }
        }
        let out = {
            let mut conn = Restore(self.conn());
            conn.0.pragma_update(None, "wal_autocheckpoint", 0)?;
            // A small cache: pages the import is done with go to the WAL as it runs instead of
            // all at the commit.
            conn.0.pragma_update(None, "cache_size", -8192)?;
            write(&mut conn.0)?
        };
        let path = self.db_path();
        // No thread to be had: the copy is left to the next checkpoint (the data is committed).
        let Ok(copy) = std::thread::Builder::new().name("wal-copy".into()).spawn(move || {
            // Errors are left for the next checkpoint: the data is already committed.
            if let Ok(conn) = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX) {
                let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            }
        }) else {
            return Ok(out);
        };
        let mut pending = self.background.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|h| !h.is_finished());
        pending.push(copy);
        Ok(out)
    }

    /// Waits for the work left running in the background (the WAL copies of big imports).
    pub fn settle(&self) {
        let pending = std::mem::take(&mut *self.background.lock().unwrap_or_else(|p| p.into_inner()));
        for h in pending {
            let _ = h.join();
        }
    }

    /// Ids of live members matching a normalised search, from the in-memory index (rebuilt
    /// first if the data changed). `conn` is the caller's locked connection.
    pub(crate) fn search_ids(&self, conn: &Connection, needle: &str) -> Result<Vec<i64>> {
        let mut index = self.search_index.lock().unwrap_or_else(|p| p.into_inner());
        let stamp = crate::search::stamp(conn)?;
        if !index.as_ref().is_some_and(|i| i.is_current(stamp)) {
            *index = Some(crate::search::Index::build(conn)?);
        }
        Ok(index.as_ref().map(|i| i.find(needle)).unwrap_or_default())
    }

    /// Drops the search index; the next search rebuilds it.
    pub(crate) fn invalidate_search(&self) {
        *self.search_index.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn lang(&self) -> Lang {
        crate::settings::get(self, crate::settings::LANG)
            .ok()
            .flatten()
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_with(conn, MIGRATION_SQL)
}

fn migrate_with(conn: &mut Connection, sql: &'static [&'static str]) -> Result<()> {
    migrations(sql).to_latest(conn).map_err(|e| match e {
        // A full disk, a lock, a read-only folder stay database errors (`explain` says them);
        // anything else is the upgrade itself failing.
        rusqlite_migration::Error::RusqliteError { err, .. } => match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked | rusqlite::ErrorCode::ReadOnly) => Error::Db(err),
            _ => Error::Migration(err.to_string()),
        },
        other => Error::Migration(other.to_string()),
    })
}

/// Current UTC time as RFC 3339, the format every timestamp column holds.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
