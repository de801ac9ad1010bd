//! `qunzhu-bench import [--rows N]`: writes N realistic members (default 100,000) as a GBK CSV, as
//! Excel on Chinese Windows saves it, and times Qunzhu's import of it into a fresh store (decoding,
//! validation, pinyin keys, dedupe, one transaction) beside `sqlite3 .import` of the same rows as
//! UTF-8 into a plain table of the same columns, printing both and the ratio; and the floor, the
//! same rows pre-parsed and bound with bare INSERTs into Qunzhu's schema.

use super::arg;
use qunzhu_core::members::{self, MemberInput};
use qunzhu_core::{demo, search, Store};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn bench(args: &[String]) {
    let n: usize = arg(args, "--rows").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("qunzhu-import-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let people = demo::synthetic_members(n, 42);
    let (gbk_path, utf8_path) = write_csv(&dir, &people);
    println!("{n} rows: GBK CSV {:.1} MB", std::fs::metadata(&gbk_path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6);

    let store = Store::open(dir.join("qunzhu")).expect("store");
    let t = Instant::now();
    let report = qunzhu_core::import::run(
        &store,
        &gbk_path,
        &Default::default(),
        &qunzhu_core::jobs::Job::quiet(),
    )
    .expect("import");
    let ours = t.elapsed().as_secs_f64();
    assert_eq!(report.created, n, "{:?}", report.errors.first());
    println!("qunzhu import (GBK, dedupe, pinyin, one transaction): {ours:.2} s");

    let floor_store = Store::open(dir.join("floor")).expect("store");
    let floor = floor(&floor_store, &people);
    println!("floor: same rows pre-parsed, bare INSERTs into Qunzhu's schema: {floor:.2} s");

    sqlite3(&dir, &utf8_path, ours, floor);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The members as a CSV with a Chinese header, written twice into `dir`: GBK (as Excel saves it)
/// and UTF-8. Returns both paths.
fn write_csv(dir: &Path, people: &[MemberInput]) -> (PathBuf, PathBuf) {
    use qunzhu_core::export::birthday_text;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header = ["姓名", "群昵称", "手机号", "微信号", "性别", "城市", "渠道", "生日", "备注"];
    w.write_record(header).expect("csv");
    for m in people {
        let gender = match m.gender {
            Some(members::Gender::Male) => "男",
            Some(members::Gender::Female) => "女",
            None => "",
        };
        w.write_record([
            m.name.as_str(), &m.nickname, m.phone.as_deref().unwrap_or(""), m.wechat.as_deref().unwrap_or(""), gender,
            &m.city, &m.channel, &birthday_text(m), "2026秋季报名",
        ])
        .expect("csv");
    }
    let utf8 = w.into_inner().expect("csv");
    let gbk_path = dir.join("members-gbk.csv");
    let utf8_path = dir.join("members-utf8.csv");
    std::fs::write(&gbk_path, encoding_rs::GB18030.encode(&String::from_utf8_lossy(&utf8)).0).expect("write");
    std::fs::write(&utf8_path, &utf8).expect("write");
    (gbk_path, utf8_path)
}

/// The floor under any import into Qunzhu's schema: the same rows, already parsed and checked,
/// bound into the members and search tables of `floor_store` with prepared statements, nothing
/// else. Returns its time in seconds.
fn floor(floor_store: &Store, people: &[MemberInput]) -> f64 {
    let rows: Vec<(members::MemberInput, String)> = people
        .iter()
        .map(|m| (m.clone(), search::haystack(&m.name, &m.nickname, m.phone.as_deref(), m.wechat.as_deref())))
        .collect();
    let t = Instant::now();
    {
        let mut conn = floor_store.conn();
        let tx = conn.transaction().expect("tx");
        let mut ins = tx
            .prepare(
                "INSERT INTO members (name, nickname, phone, wechat, gender, city, channel, birth_calendar, birth_year,
                     birth_month, birth_day, birth_leap, notes, custom_fields, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12, '{}', ?13, ?13)",
            )
            .expect("prepare");
        let mut hay = tx.prepare("INSERT INTO member_search (member_id, haystack) VALUES (?1, ?2)").expect("prepare");
        for (m, h) in &rows {
            let b = m.birthday.as_ref();
            ins.execute(rusqlite::params![
                m.name, m.nickname, m.phone, m.wechat, m.gender.map(|g| if g == members::Gender::Male { "male" } else { "female" }),
                m.city, m.channel, b.map(|b| if b.calendar == members::Calendar::Solar { "solar" } else { "lunar" }),
                b.and_then(|b| b.year), b.map(|b| b.month), b.map(|b| b.day), "2026秋季报名", "2026-11-24T00:00:00Z"
            ])
            .expect("insert");
            hay.execute(rusqlite::params![tx.last_insert_rowid(), h]).expect("insert");
        }
        drop((ins, hay));
        tx.commit().expect("commit");
    }
    t.elapsed().as_secs_f64()
}

/// `sqlite3 .import` of the UTF-8 file into a plain table of the same columns, printed beside
/// Qunzhu's time (`ours`) and the floor's, with the ratios.
fn sqlite3(dir: &Path, utf8_path: &Path, ours: f64, floor: f64) {
    let db = dir.join("sqlite3.db");
    let ddl = "CREATE TABLE members (姓名 TEXT, 群昵称 TEXT, 手机号 TEXT, 微信号 TEXT, 性别 TEXT, 城市 TEXT, 渠道 TEXT, 生日 TEXT, 备注 TEXT);";
    let t = Instant::now();
    let status = std::process::Command::new("sqlite3")
        .arg(&db)
        .arg(ddl)
        .arg(format!(".import --csv --skip 1 {} members", utf8_path.display()))
        .status();
    let theirs = t.elapsed().as_secs_f64();
    match status {
        Ok(s) if s.success() => {
            println!("sqlite3 .import (UTF-8, no checks):                    {theirs:.2} s");
            println!("ratio qunzhu / sqlite3: {:.2}x   (floor / sqlite3: {:.2}x)", ours / theirs, floor / theirs);
        }
        _ => println!("sqlite3 not found: install it (apt-get install sqlite3) for the side-by-side figure"),
    }
}
