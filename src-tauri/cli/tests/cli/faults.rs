//! The CLI beside another program holding the database, and beside the app writing at once.

use qunzhu_core::members::{self, MemberInput};
use qunzhu_core::{store, Store};
use std::process::Command;

#[test]
fn the_cli_waits_for_a_lock_then_names_the_program_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let db = dir.path().join(store::DB_FILE);
    // Another program holds the write lock for 30 seconds.
    let mut holder = Command::new("python3")
        .args(["-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO settings (key, value) VALUES ('x', 'y')\"); print('locked', flush=True); time.sleep(30)"])
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(holder.stdout.as_mut().unwrap()), &mut line).unwrap();
    assert_eq!(line.trim(), "locked");
    let started = std::time::Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_qunzhu-cli"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["members", "add", "--name", "张三"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let waited = started.elapsed();
    let _ = holder.kill();
    let _ = holder.wait();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("error[busy]") && err.contains(&format!("python3 (pid {})", holder.id())), "{err}");
    assert!(waited >= std::time::Duration::from_secs(4), "it waited first ({waited:?})");
    // Once the other program is gone the same command goes through.
    let out = Command::new(env!("CARGO_BIN_EXE_qunzhu-cli")).arg("--data-dir").arg(dir.path()).args(["members", "add", "--name", "张三"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_app_and_the_cli_write_at_once_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let clis: Vec<std::process::Child> = (0..3)
        .map(|k| {
            let script = format!(
                "for i in $(seq 1 15); do {cli} --data-dir '{dir}' members add --name 命令行{k}号$i >/dev/null || exit 1; done",
                cli = env!("CARGO_BIN_EXE_qunzhu-cli"),
                dir = dir.path().display()
            );
            Command::new("sh").args(["-c", &script]).spawn().unwrap()
        })
        .collect();
    for i in 0..30 {
        members::add(&s, &MemberInput { name: format!("窗口{i}"), ..Default::default() }).unwrap();
    }
    for mut c in clis {
        assert!(c.wait().unwrap().success(), "every CLI add went through");
    }
    assert_eq!(members::count(&s).unwrap(), 30 + 3 * 15);
}
