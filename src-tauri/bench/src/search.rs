//! Member search benchmark (`qunzhu-bench` with no benchmark named): seeds N members with
//! realistic Chinese names (default 100,000) into a fresh store and times `members::list` with a
//! search by name, full pinyin, pinyin initials and phone, printing p50 / p95 / max. A plain
//! `name LIKE '%q%'` scan over the members table runs beside it as the baseline a hand-written
//! search would have. Then every member is placed in one running cohort with ten days of
//! check-ins and their points, and the members table's optional figures (状态 / 积分 / 最近互动,
//! `engagement::member_figures`) are timed over all of them.

use super::{arg, report};
use qunzhu_core::members::{self, MemberInput, MemberQuery};
use qunzhu_core::{demo, search, Store};
use std::time::Instant;

pub fn bench(args: &[String]) {
    let n: usize = arg(args, "--members").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let runs: usize = arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(200);
    let tmp;
    let dir = match arg(args, "--dir") {
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
    let sample: Vec<&MemberInput> = (0..runs).map(|_| &people[rng.usize(..people.len())]).collect();
    searches(&store, &sample);
    list_all(&store);
    baseline(&store, &sample);
    figures(&store);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Each kind of search, once for each member of the sample.
fn searches(store: &Store, sample: &[&MemberInput]) {
    type Query = Box<dyn Fn(&MemberInput) -> String>;
    let kinds: [(&str, Query); 4] = [
        ("name (王静)", Box::new(|m| m.name.clone())),
        ("full pinyin (wangjing)", Box::new(|m| search::pinyin_keys(&m.name).0)),
        ("initials (wj)", Box::new(|m| search::pinyin_keys(&m.name).1)),
        ("phone, first 7 digits", Box::new(|m| m.phone.clone().unwrap_or_default()[..7].to_string())),
    ];
    // Warm the page cache once, as a running app would be.
    let _ = members::list(store, &MemberQuery { search: Some("zz".into()), ..Default::default() });
    for (label, make) in &kinds {
        let mut times = Vec::with_capacity(sample.len());
        let mut hits = 0;
        for m in sample {
            let q = MemberQuery { search: Some(make(m)), ..Default::default() };
            let t = Instant::now();
            let rows = members::list(store, &q).unwrap_or_default();
            times.push(t.elapsed());
            hits += rows.len();
        }
        report(&format!("search {label}"), times, hits);
    }
}

/// The whole table, as the members screen loads it with no filter, and with its JSON for IPC.
fn list_all(store: &Store) {
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let rows = members::list(store, &MemberQuery::default()).unwrap_or_default();
        times.push(t.elapsed());
        hits += rows.len();
    }
    report("list all members (no filter)", times, hits);
    let t = Instant::now();
    let json = serde_json::to_vec(&members::list(store, &MemberQuery::default()).unwrap_or_default()).unwrap_or_default();
    println!("list all + JSON for IPC: {:.0} ms, {:.1} MB", t.elapsed().as_secs_f64() * 1000.0, json.len() as f64 / 1e6);
}

/// Baseline: what a naive search would do, on names only.
fn baseline(store: &Store, sample: &[&MemberInput]) {
    let conn = store.conn();
    let mut times = Vec::with_capacity(sample.len());
    let mut hits = 0;
    for m in sample {
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
}

/// The members table's optional columns over everyone: one running cohort, ten check-ins each
/// with their points (seeded in SQL: the figures are timed, not the marking).
fn figures(store: &Store) {
    use qunzhu_core::cohorts::{self, CohortInput};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).expect("a date");
    let c = cohorts::add(store, &CohortInput { name: "基准营 第1期".into(), start_date: "2026-11-01".into(), end_date: "2026-11-21".into(), ..Default::default() })
        .expect("a cohort");
    let t = Instant::now();
    let seeded = store.conn().execute_batch(&format!(
        "BEGIN;
         INSERT INTO memberships (member_id, cohort_id, joined_on) SELECT id, {c}, '2026-11-01' FROM members;
         WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 9)
         INSERT INTO marks (cohort_id, member_id, day, kind, created_at)
           SELECT {c}, m.id, date('2026-11-01', '+' || (d.n + m.id % 5) || ' days'), 'checkin', 'bench' FROM members m, d;
         INSERT INTO points_ledger (member_id, cohort_id, day, points, kind, rule, rule_id, created_at)
           SELECT k.member_id, k.cohort_id, k.day, 1, 'rule', r.key, r.id, 'bench' FROM marks k, (SELECT id, key FROM point_rules LIMIT 1) r;
         COMMIT;",
        c = c.id
    ));
    if let Err(e) = seeded {
        eprintln!("seeding the figures failed: {e}");
        return;
    }
    println!("placed everyone with 10 check-ins and their points in {:.1} s", t.elapsed().as_secs_f64());
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let rows = qunzhu_core::engagement::member_figures(store, 7, today).unwrap_or_default();
        times.push(t.elapsed());
        hits += rows.len();
    }
    report("member figures (状态/积分/最近互动)", times, hits);
    let t = Instant::now();
    let json = serde_json::to_vec(&qunzhu_core::engagement::member_figures(store, 7, today).unwrap_or_default()).unwrap_or_default();
    println!("member figures + JSON for IPC: {:.0} ms, {:.1} MB", t.elapsed().as_secs_f64() * 1000.0, json.len() as f64 / 1e6);
}
