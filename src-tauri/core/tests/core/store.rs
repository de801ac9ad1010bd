use qunzhu_core::store::{schema_version, DB_FILE};
use qunzhu_core::{Error, Store};
use rusqlite::Connection;

#[test]
fn migrates_an_empty_folder_to_the_latest_schema() {
    let t = crate::temp_store();
    let conn = t.store.conn();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, schema_version());
    let roles: Vec<String> =
        conn.prepare("SELECT key FROM roles ORDER BY sort").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(roles, ["monitor", "assistant", "koc", "promoter", "curator", "guest"]);
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn reopening_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let store = Store::open(dir.path()).unwrap();
    qunzhu_core::members::add(&store, &crate::person("再开", None, None)).unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(qunzhu_core::members::count(&store).unwrap(), 1);
}

#[test]
fn refuses_a_database_from_a_newer_qunzhu_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (42); PRAGMA user_version = 99;").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(dir.path()).err().expect("must refuse");
    assert!(matches!(err, Error::DatabaseTooNew { found: 99, .. }), "{err:?}");
    assert_eq!(err.code(), "database_too_new");
    assert!(err.message(qunzhu_core::Lang::Zh).contains("更新版本"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "file bytes changed");
    assert!(!dir.path().join("backups").exists(), "nothing written beside it either");
}

#[test]
fn a_failing_migration_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        // A stray table with a name the first migration creates: the migration must fail midway.
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE tags (stray TEXT);").unwrap();
    }
    let err = Store::open(dir.path()).err().expect("must fail");
    assert!(matches!(err, Error::Db(_) | Error::Migration(_)), "{err:?}");
    let c = Connection::open(&path).unwrap();
    let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 0);
    let tables: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('settings', 'members', 'cohorts')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0, "tables created before the failure were rolled back");
}

/// Upgrades are exercised with the shipped migrations plus a test-only next one.
const NEXT_OK: &str = "ALTER TABLE members ADD COLUMN wechat_alias TEXT;";
const NEXT_BAD: &str = "ALTER TABLE members ADD COLUMN wechat_alias TEXT; CREATE TABLE members (x);";

fn with_next(next: &'static str) -> &'static [&'static str] {
    let mut all: Vec<&'static str> = qunzhu_core::store::MIGRATION_SQL.to_vec();
    all.push(next);
    Box::leak(all.into_boxed_slice())
}

#[test]
fn an_upgrade_backs_up_first_then_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    qunzhu_core::members::add(&store, &crate::person("升级前", None, None)).unwrap();
    drop(store);
    let store = Store::open_with_migrations(dir.path(), with_next(NEXT_OK)).unwrap();
    let version: i64 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, schema_version() + 1);
    let backups = qunzhu_core::backup::list(&store).unwrap();
    let pre = backups.iter().find(|b| b.reason == format!("pre-migration-v{}", schema_version())).expect("pre-migration backup");
    // The backup holds the data as it was, at the old schema.
    let copy = Connection::open(qunzhu_core::backup::dir(dir.path()).join(format!("{}.db", pre.id))).unwrap();
    let old_version: i64 = copy.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(old_version, schema_version());
    let name: String = copy.query_row("SELECT name FROM members", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "升级前");
}

#[test]
fn a_failed_upgrade_leaves_the_old_schema_and_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    qunzhu_core::members::add(&store, &crate::person("还在", None, None)).unwrap();
    drop(store);
    assert!(Store::open_with_migrations(dir.path(), with_next(NEXT_BAD)).is_err());
    let store = Store::open(dir.path()).unwrap();
    let version: i64 = store.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, schema_version());
    let has_alias: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_table_info('members') WHERE name = 'wechat_alias'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(has_alias, 0, "the half of the migration that ran was rolled back");
    assert_eq!(qunzhu_core::members::count(&store).unwrap(), 1);
}

#[test]
fn a_write_waits_for_another_programs_write_instead_of_failing() {
    let t = crate::temp_store();
    let other = Connection::open(t.dir.path().join(DB_FILE)).unwrap();
    other.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('other.program', '1');").unwrap();
    let added = std::thread::scope(|scope| {
        let adding = scope.spawn(|| qunzhu_core::members::add(&t.store, &crate::person("张三", Some("13800000001"), None)));
        // The add has begun (and, deferred, would have read) while the other program writes.
        std::thread::sleep(std::time::Duration::from_millis(400));
        other.execute_batch("COMMIT").unwrap();
        adding.join().unwrap()
    });
    assert_eq!(added.expect("waited for the other writer, then wrote").name, "张三");
}

#[test]
fn clearing_the_demo_keeps_a_real_member_given_a_purged_demo_members_id() {
    use qunzhu_core::{demo, members, trash, Entity};
    let t = crate::temp_store();
    let s = &t.store;
    demo::load(s).unwrap();
    let last: i64 = s.conn().query_row("SELECT max(id) FROM members", [], |r| r.get(0)).unwrap();
    members::delete(s, last).unwrap();
    trash::purge(s, Entity::Member, last).unwrap();
    let real = members::add(s, &crate::person("真实学员", Some("13900000001"), None)).unwrap();
    assert_eq!(real.id, last, "SQLite hands out the purged id again");
    let real_cohort = qunzhu_core::cohorts::add(
        s,
        &qunzhu_core::cohorts::CohortInput { name: "我的第1期".into(), start_date: "2026-12-01".into(), end_date: "2026-12-21".into(), ..Default::default() },
    )
    .unwrap();
    let cleared = demo::clear(s).unwrap();
    assert_eq!(cleared.cohorts, 3);
    assert_eq!(members::get(s, real.id).unwrap().name, "真实学员");
    assert_eq!(qunzhu_core::cohorts::list(s).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [real_cohort.id]);
    assert_eq!(members::count(s).unwrap(), 1);
}

#[test]
fn a_demo_loaded_before_v12_is_marked_by_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let v11: &'static [&'static str] = Box::leak(qunzhu_core::store::MIGRATION_SQL[..11].to_vec().into_boxed_slice());
    let store = Store::open_with_migrations(dir.path(), v11).unwrap();
    {
        let c = store.conn();
        // Two demo members and a demo cohort made at load; member 3 took a purged demo id a day later.
        c.execute_batch(
            "INSERT INTO members (id, name, created_at, updated_at) VALUES
                (1, '演示一', '2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z'),
                (2, '演示二', '2026-11-01T08:00:01Z', '2026-11-01T08:00:01Z'),
                (3, '真实', '2026-11-02T09:00:00Z', '2026-11-02T09:00:00Z'),
                (4, '后来的', '2026-11-02T09:00:00Z', '2026-11-02T09:00:00Z');
             INSERT INTO cohorts (id, name, start_date, end_date, created_at) VALUES
                (1, '演示期', '2026-11-01', '2026-11-21', '2026-11-01T08:00:00Z');
             INSERT INTO settings (key, value) VALUES ('demo_loaded', '3 1');",
        )
        .unwrap();
    }
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let marked: Vec<i64> = store.conn().prepare("SELECT id FROM members WHERE demo = 1 ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(marked, [1, 2]);
    let cohorts: i64 = store.conn().query_row("SELECT count(*) FROM cohorts WHERE demo = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(cohorts, 1);
}
