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
    // Nothing but the copies themselves in the folder: no -wal/-shm beside a backup looked at.
    let stray: Vec<String> = std::fs::read_dir(backup::dir(t.dir.path())).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| !n.ends_with(".db")).collect();
    assert!(stray.is_empty(), "{stray:?}");
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
fn daily_backup_once_a_day_and_manual_copies_never_push_out_the_others() {
    let t = crate::temp_store();
    assert!(backup::daily(&t.store).unwrap().is_some());
    assert!(backup::daily(&t.store).unwrap().is_none(), "second start the same day takes no backup");
    backup::create(&t.store, "pre-restore").unwrap();
    for _ in 0..30 {
        backup::create(&t.store, "manual").unwrap();
    }
    let list = backup::list(&t.store).unwrap();
    // Thirty manual copies (taken within a few seconds: `-10-` after `-9-`) keep their newest
    // twenty, and the daily and pre-restore copies are still there.
    assert_eq!(list.iter().filter(|b| b.reason == "manual").count(), backup::KEEP_MANUAL);
    assert_eq!(list.iter().filter(|b| b.reason == "daily").count(), 1, "{list:?}");
    assert_eq!(list.iter().filter(|b| b.reason == "pre-restore").count(), 1, "{list:?}");
    let files = std::fs::read_dir(backup::dir(t.dir.path())).unwrap().count();
    assert_eq!(files, backup::KEEP_MANUAL + 2, "pruned files are gone from disk");
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

fn info(id: &str) -> backup::BackupInfo {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(backup::dir(dir.path())).unwrap();
    std::fs::write(backup::dir(dir.path()).join(format!("{id}.db")), b"x").unwrap();
    backup::list_in(dir.path()).unwrap().remove(0)
}

#[test]
fn copies_taken_within_one_second_list_in_the_order_they_were_taken() {
    let dir = tempfile::tempdir().unwrap();
    let b = backup::dir(dir.path());
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(b.join("qunzhu-20261201-090000-manual.db"), b"x").unwrap();
    for n in 2..=11 {
        std::fs::write(b.join(format!("qunzhu-20261201-090000-{n}-manual.db")), b"x").unwrap();
    }
    let ids: Vec<String> = backup::list_in(dir.path()).unwrap().into_iter().map(|b| b.id).collect();
    assert_eq!(ids[0], "qunzhu-20261201-090000-11-manual");
    assert_eq!(ids[1], "qunzhu-20261201-090000-10-manual");
    assert_eq!(ids[2], "qunzhu-20261201-090000-9-manual");
    assert_eq!(ids[10], "qunzhu-20261201-090000-manual");
    assert!(backup::list_in(dir.path()).unwrap().iter().all(|b| b.reason == "manual"));
}

#[test]
fn copies_are_kept_by_age_and_kind() {
    use chrono::{Duration, NaiveDate};
    let now = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap().and_hms_opt(12, 0, 0).unwrap();
    let at = |days: i64, reason: &str| {
        let t = now - Duration::days(days);
        info(&format!("qunzhu-{}-{reason}", t.format("%Y%m%d-%H%M%S")))
    };
    // Newest first, as the folder lists them: a daily copy each of the last 60 days, two
    // pre-restore copies (5 and 40 days old), 12 failed starts' pre-migration copies today
    // and one 90 days old, 25 manual copies a day apart.
    let mut all: Vec<backup::BackupInfo> = Vec::new();
    for d in 0..60 {
        all.push(at(d, "daily"));
    }
    all.push(at(5, "pre-restore"));
    all.push(at(40, "pre-restore"));
    for n in 0..12 {
        let mut b = at(0, "pre-migration-v11");
        b.id = format!("{}-{n}", b.id);
        all.push(b);
    }
    all.push(at(90, "pre-migration-v10"));
    for d in 0..25 {
        all.push(at(d, "manual"));
    }
    all.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    let dropped = backup::plan_prune(&all, now);
    let kept: Vec<&backup::BackupInfo> = all.iter().filter(|b| !dropped.contains(&b.id)).collect();
    let days_of = |reason: &str| -> Vec<i64> {
        kept.iter().filter(|b| b.reason == reason).map(|b| (now.date() - b.created_at[..10].parse::<NaiveDate>().unwrap()).num_days()).collect()
    };
    let daily = days_of("daily");
    assert_eq!(&daily[..7], &[0, 1, 2, 3, 4, 5, 6], "the last 7 days");
    assert_eq!(daily.len(), 7 + 4, "and one a week for 4 weeks more: {daily:?}");
    assert!(daily[7..].windows(2).all(|w| w[1] - w[0] == 7), "a week apart: {daily:?}");
    // The old pre-restore copy is the only one of its kind beyond the newest: kept (newest 3).
    assert_eq!(days_of("pre-restore"), [5, 40]);
    assert_eq!(days_of("pre-migration-v11").len(), backup::KEEP_PER_KIND, "repeated failed starts are capped");
    assert_eq!(days_of("pre-migration-v10"), [90], "the newest of its kind, however old");
    assert_eq!(days_of("manual").len(), backup::KEEP_MANUAL);
}

/// A database that says v11 but already has the column v12 adds: migrating it fails.
fn unmigratable(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch("PRAGMA user_version = 11;").unwrap();
}

#[test]
fn a_backup_that_cannot_be_brought_up_to_date_is_refused_and_the_data_stays() {
    let t = crate::temp_store();
    members::add(&t.store, &crate::person("张三", None, None)).unwrap();
    let b = backup::create(&t.store, "manual").unwrap();
    unmigratable(&backup::dir(t.dir.path()).join(format!("{}.db", b.id)));
    members::add(&t.store, &crate::person("李四", None, None)).unwrap();

    let err = backup::restore(&t.store, &b.id).expect_err("a backup that cannot migrate is refused");
    assert_eq!(err.code(), "bad_backup", "{err:?}");
    assert_eq!(names(&t.store), ["张三", "李四"], "the live data as it was");
    members::add(&t.store, &crate::person("王五", None, None)).unwrap();
    drop(t.store);
    let again = Store::open(t.dir.path()).expect("the store still opens");
    assert_eq!(names(&again), ["张三", "李四", "王五"]);
    assert!(!t.dir.path().join("qunzhu.db.restoring").exists(), "the staged copy is gone");
}

#[test]
fn a_store_that_cannot_open_still_lists_and_restores_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    members::add(&store, &crate::person("张三", None, None)).unwrap();
    let good = backup::create(&store, "manual").unwrap();
    drop(store);
    // The live file now fails its upgrade at every start.
    unmigratable(&dir.path().join("qunzhu.db"));
    for _ in 0..16 {
        assert!(Store::open(dir.path()).is_err());
    }
    let list = backup::list_in(dir.path()).unwrap();
    assert!(list.iter().any(|b| b.id == good.id), "the good copy survives sixteen failed starts: {list:?}");
    assert!(list.iter().filter(|b| b.reason.starts_with("pre-migration")).count() <= backup::KEEP_PER_KIND);

    backup::restore_in(dir.path(), &good.id).unwrap();
    let store = Store::open(dir.path()).expect("restored, it opens");
    assert_eq!(names(&store), ["张三"]);
    assert!(backup::list(&store).unwrap().iter().any(|b| b.reason == "pre-restore"), "the broken file kept too");
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_its_backups_are_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let t = crate::temp_store();
    let b = backup::create(&t.store, "manual").unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(t.dir.path()), 0o700);
    assert_eq!(mode(&backup::dir(t.dir.path())), 0o700);
    assert_eq!(mode(&backup::dir(t.dir.path()).join(format!("{}.db", b.id))), 0o600);
}

#[test]
fn a_copy_cut_short_by_a_kill_is_cleaned_up_later() {
    let t = crate::temp_store();
    let dir = backup::dir(t.dir.path());
    backup::create(&t.store, "manual").unwrap();
    let old = dir.join("qunzhu-20261201-090000-pre-restore.db.partial");
    let fresh = dir.join("qunzhu-20261202-090000-manual.db.partial");
    for f in [&old, &fresh] {
        std::fs::write(f, b"half a copy").unwrap();
    }
    std::fs::write(dir.join("qunzhu-20261201-090000-pre-restore.db.partial-journal"), b"j").unwrap();
    for f in ["qunzhu-20261201-090000-pre-restore.db.partial", "qunzhu-20261201-090000-pre-restore.db.partial-journal"] {
        assert!(std::process::Command::new("touch").args(["-d", "20 minutes ago"]).arg(dir.join(f)).status().unwrap().success());
    }
    backup::create(&t.store, "manual").unwrap();
    assert!(!old.exists(), "an old leftover goes");
    assert!(!dir.join("qunzhu-20261201-090000-pre-restore.db.partial-journal").exists());
    assert!(fresh.exists(), "a copy another process may be making now stays");
}

#[test]
fn a_live_file_damaged_beyond_reading_is_moved_aside_and_the_backup_takes_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let good = {
        let store = Store::open(dir.path()).unwrap();
        members::add(&store, &crate::person("张三", None, None)).unwrap();
        backup::create(&store, "manual").unwrap()
    };
    // Its first page overwritten: SQLite can neither read nor copy over it.
    let live = dir.path().join("qunzhu.db");
    let mut bytes = std::fs::read(&live).unwrap();
    bytes[..4096].fill(0x5A);
    std::fs::write(&live, &bytes).unwrap();
    assert!(Store::open(dir.path()).is_err());
    backup::restore_in(dir.path(), &good.id).unwrap();
    let store = Store::open(dir.path()).expect("restored");
    assert_eq!(names(&store), ["张三"]);
    let aside: Vec<std::path::PathBuf> = std::fs::read_dir(backup::dir(dir.path())).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept in a folder of its own");
    assert_eq!(std::fs::read(aside[0].join("qunzhu.db")).unwrap(), bytes, "byte for byte");
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().contains("restoring")), "no staged copy left");
}
