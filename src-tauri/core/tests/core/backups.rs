use qunzhu_core::backup;
use qunzhu_core::members::{self, MemberQuery};
use qunzhu_core::{Error, Store};

fn names(store: &Store) -> Vec<String> {
    let mut n: Vec<String> = members::list(store, &MemberQuery::default()).unwrap().into_iter().map(|m| m.name).collect();
    n.sort();
    n
}

#[test]
fn backup_and_restore_round_trip() {
    let t = crate::temp_store();
    members::add(&t.store, &crate::person("张三", Some("13800000001"), None)).unwrap();
    members::add(&t.store, &crate::person("李四", Some("13800000002"), None)).unwrap();
    let b = backup::create(&t.store, "manual").unwrap();
    assert_eq!(b.reason, "manual");
    assert!(b.size_bytes > 0);

    let zhang = members::list(&t.store, &MemberQuery { search: Some("张三".into()), ..Default::default() }).unwrap();
    members::delete(&t.store, zhang[0].id).unwrap();
    members::add(&t.store, &crate::person("王五", None, None)).unwrap();
    assert_eq!(names(&t.store), ["李四", "王五"]);

    backup::restore(&t.store, &b.id).unwrap();
    assert_eq!(names(&t.store), ["张三", "李四"]);
    // The data as it was before the restore is itself kept.
    let list = backup::list(&t.store).unwrap();
    assert!(list.iter().any(|x| x.reason == "pre-restore"), "{list:?}");
    // And the store still works after the swap: writes go through, constraints hold.
    let dup = members::add(&t.store, &crate::person("张三二号", Some("13800000001"), None));
    assert!(matches!(dup, Err(Error::Duplicate { .. })));
}

#[test]
fn restore_refuses_a_damaged_backup_and_keeps_the_data() {
    let t = crate::temp_store();
    members::add(&t.store, &crate::person("张三", None, None)).unwrap();
    let b = backup::create(&t.store, "manual").unwrap();
    let path = backup::dir(t.dir.path()).join(format!("{}.db", b.id));
    let mut bytes = std::fs::read(&path).unwrap();
    // Keep the header, wreck the pages after it.
    for byte in bytes.iter_mut().skip(4096) {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = backup::restore(&t.store, &b.id).expect_err("must refuse");
    assert_eq!(err.code(), "bad_backup", "{err:?}");
    assert_eq!(names(&t.store), ["张三"]);

    std::fs::write(backup::dir(t.dir.path()).join("qunzhu-20260101-000000-manual.db"), b"not sqlite at all").unwrap();
    assert_eq!(backup::restore(&t.store, "qunzhu-20260101-000000-manual").unwrap_err().code(), "bad_backup");
    assert_eq!(backup::restore(&t.store, "../qunzhu").unwrap_err().code(), "not_found");
    assert_eq!(backup::restore(&t.store, "qunzhu-missing").unwrap_err().code(), "not_found");
    assert_eq!(names(&t.store), ["张三"]);
}

#[test]
fn restore_refuses_a_backup_from_a_newer_qunzhu() {
    let t = crate::temp_store();
    let b = backup::create(&t.store, "manual").unwrap();
    let path = backup::dir(t.dir.path()).join(format!("{}.db", b.id));
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 77;").unwrap();
    assert!(matches!(backup::restore(&t.store, &b.id), Err(Error::DatabaseTooNew { found: 77, .. })));
}

#[test]
fn daily_backup_once_a_day_and_only_the_newest_fourteen_kept() {
    let t = crate::temp_store();
    assert!(backup::daily(&t.store).unwrap().is_some());
    assert!(backup::daily(&t.store).unwrap().is_none(), "second start the same day takes no backup");
    for _ in 0..20 {
        backup::create(&t.store, "manual").unwrap();
    }
    let list = backup::list(&t.store).unwrap();
    assert_eq!(list.len(), backup::KEEP);
    let files = std::fs::read_dir(backup::dir(t.dir.path())).unwrap().count();
    assert_eq!(files, backup::KEEP, "pruned files are gone from disk");
    // Newest first.
    assert!(list.windows(2).all(|w| w[0].created_at >= w[1].created_at));
}

#[test]
fn app_start_takes_the_daily_backup() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_for_app(dir.path()).unwrap();
    let list = backup::list(&store).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].reason, "daily");
}
