//! Member search benchmark: seeds N members with realistic Chinese names (default 100,000) into
//! a fresh store and times `members::list` with a search by name, full pinyin, pinyin initials
//! and phone, printing p50 / p95 / max. A plain `name LIKE '%q%'` scan over the members table
//! runs beside it as the baseline a hand-written search would have.
//!
//! Usage: qunzhu-bench [--members N] [--runs R] [--dir DIR]

use qunzhu_core::members::{self, MemberQuery};
use qunzhu_core::{demo, search, Store};
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(label: &str, mut times: Vec<Duration>, hits: usize) {
    times.sort();
    println!(
        "{label:<34} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms   ({} queries, {:.0} hits/query)",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0),
        times.len(),
        hits as f64 / times.len() as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = arg(&args, "--members").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let runs: usize = arg(&args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(200);
    let tmp;
    let dir = match arg(&args, "--dir") {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            tmp = std::env::temp_dir().join(format!("qunzhu-bench-{}", std::process::id()));
            tmp.clone()
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    let store = match Store::open(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error[{}]: {e}", e.code());
            std::process::exit(1);
        }
    };
    let people = demo::synthetic_members(n, 7);
    let t = Instant::now();
    if let Err((row, e)) = members::add_many(&store, &people) {
        eprintln!("seeding failed at row {row}: {e}");
        std::process::exit(1);
    }
    println!("seeded {n} members in {:.1} s", t.elapsed().as_secs_f64());

    // Queries drawn from the data itself, the way an operator types them.
    let mut rng = fastrand::Rng::with_seed(11);
    let sample: Vec<&members::MemberInput> = (0..runs).map(|_| &people[rng.usize(..people.len())]).collect();
    let kinds: [(&str, Box<dyn Fn(&members::MemberInput) -> String>); 4] = [
        ("name (王静)", Box::new(|m| m.name.clone())),
        ("full pinyin (wangjing)", Box::new(|m| search::pinyin_keys(&m.name).0)),
        ("initials (wj)", Box::new(|m| search::pinyin_keys(&m.name).1)),
        ("phone, first 7 digits", Box::new(|m| m.phone.clone().unwrap_or_default()[..7].to_string())),
    ];
    // Warm the page cache once, as a running app would be.
    let _ = members::list(&store, &MemberQuery { search: Some("zz".into()), ..Default::default() });
    for (label, make) in &kinds {
        let mut times = Vec::with_capacity(runs);
        let mut hits = 0;
        for m in &sample {
            let q = MemberQuery { search: Some(make(m)), ..Default::default() };
            let t = Instant::now();
            let rows = members::list(&store, &q).unwrap_or_default();
            times.push(t.elapsed());
            hits += rows.len();
        }
        report(&format!("search {label}"), times, hits);
    }
    // The whole table, as the members screen loads it with no filter.
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let rows = members::list(&store, &MemberQuery::default()).unwrap_or_default();
        times.push(t.elapsed());
        hits += rows.len();
    }
    report("list all members (no filter)", times, hits);
    let t = Instant::now();
    let json = serde_json::to_vec(&members::list(&store, &MemberQuery::default()).unwrap_or_default()).unwrap_or_default();
    println!("list all + JSON for IPC: {:.0} ms, {:.1} MB", t.elapsed().as_secs_f64() * 1000.0, json.len() as f64 / 1e6);

    // Baseline: what a naive search would do, on names only.
    let conn = store.conn();
    let mut times = Vec::with_capacity(runs);
    let mut hits = 0;
    for m in &sample {
        let t = Instant::now();
        let mut stmt = conn.prepare_cached("SELECT id, name, phone FROM members WHERE name LIKE ?1").expect("prepare");
        let count = stmt
            .query_map([format!("%{}%", m.name)], |r| r.get::<_, i64>(0))
            .map(|rows| rows.count())
            .unwrap_or(0);
        times.push(t.elapsed());
        hits += count;
    }
    report("baseline: name LIKE scan (no pinyin)", times, hits);
    drop(conn);
    let _ = std::fs::remove_dir_all(&dir);
}
