//! `qunzhu-bench growth`: C cohorts (default 20) × N sign-ups (default 1,000) over 12 channels,
//! 2,000 referrals, placements, check-ins and costs, written straight into a fresh store; then
//! the time of one cohort's growth report and of the across-cohorts report (p50 / p95 / max),
//! beside the bare SQL GROUP BY of sign-ups per channel that a hand-made spreadsheet pivot
//! amounts to (no funnel, no completion, no renewals). `--dir DIR` keeps the data there.

use super::{arg, report};
use qunzhu_core::growth::report as growth;
use qunzhu_core::Store;
use rusqlite::params;
use std::time::Instant;

pub fn bench(args: &[String]) {
    let cohorts: i64 = arg(args, "--cohorts").and_then(|v| v.parse().ok()).unwrap_or(20);
    let per: i64 = arg(args, "--signups").and_then(|v| v.parse().ok()).unwrap_or(1_000);
    let runs: usize = arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(50);
    let keep = arg(args, "--dir");
    let dir = keep.clone().map(std::path::PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join(format!("qunzhu-bench-growth-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open(&dir).expect("store");
    let t = Instant::now();
    let (signups, marks, referrals) = seed(&store, cohorts, per);
    println!(
        "seeded {cohorts} cohorts × {per} sign-ups ({signups} sign-ups, 12 channels, {referrals} referrals, {marks} check-ins) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let mid = cohorts / 2 + 1;
    let one = growth::cohort(&store, mid).expect("report");
    println!("cohort {mid}: {} sign-ups, {} paid, {} completed, {} channels, {} referrers", one.funnel.signups, one.funnel.paid, one.funnel.completed, one.channels.len(), one.referrers.len());
    let times = (0..runs)
        .map(|i| {
            let t = Instant::now();
            growth::cohort(&store, i as i64 % cohorts + 1).expect("report");
            t.elapsed()
        })
        .collect();
    report("growth report, one cohort", times, runs);
    let times = (0..runs.min(20))
        .map(|_| {
            let t = Instant::now();
            growth::all(&store).expect("report");
            t.elapsed()
        })
        .collect();
    report("growth report, all cohorts", times, runs.min(20));
    let conn = store.conn();
    let times = (0..runs)
        .map(|i| {
            let t = Instant::now();
            let mut stmt = conn.prepare_cached("SELECT channel_id, count(*), sum(paid_fen) FROM orders WHERE cohort_id = ?1 GROUP BY channel_id").expect("sql");
            let n = stmt.query_map([i as i64 % cohorts + 1], |r| r.get::<_, i64>(1)).expect("sql").count();
            assert!(n > 0);
            t.elapsed()
        })
        .collect();
    report("baseline: SQL GROUP BY channel", times, runs);
    drop(conn);
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Writes the data; returns (sign-ups, check-ins, referrals).
fn seed(store: &Store, cohorts: i64, per: i64) -> (i64, i64, i64) {
    let mut rng = fastrand::Rng::with_seed(18);
    let mut conn = store.conn();
    let tx = conn.transaction().expect("tx");
    let people = cohorts * per * 3 / 4;
    {
        let mut m = tx.prepare("INSERT INTO members (id, name, created_at, updated_at) VALUES (?1, ?2, 'now', 'now')").expect("sql");
        for id in 1..=people {
            m.execute(params![id, format!("学员{id}")]).expect("member");
        }
    }
    let statuses = ["signed_up", "paid", "paid", "paid", "joined", "refunded", "not_joined"];
    let (mut signups, mut marks, mut referrals) = (0, 0, 0);
    let mut cohort = tx.prepare("INSERT INTO cohorts (id, name, start_date, end_date, created_at, completion) VALUES (?1, ?2, ?3, ?4, 'now', '{\"checkins\": 10}')").expect("sql");
    let mut order = tx
        .prepare("INSERT OR IGNORE INTO orders (member_id, cohort_id, channel_id, referrer_id, paid_fen, refund_fen, status, paid_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'now', 'now')")
        .expect("sql");
    let mut place = tx.prepare("INSERT OR IGNORE INTO memberships (member_id, cohort_id, joined_on) VALUES (?1, ?2, ?3)").expect("sql");
    let mut mark = tx.prepare("INSERT OR IGNORE INTO marks (cohort_id, member_id, day, kind, created_at) VALUES (?1, ?2, ?3, 'checkin', 'now')").expect("sql");
    let mut cost = tx.prepare("INSERT INTO costs (cohort_id, amount_fen, category, channel_id, spent_on, created_at) VALUES (?1, ?2, 'ads', ?3, ?4, 'now')").expect("sql");
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).expect("date");
    let referral_every = (cohorts * per / 2_000).max(1);
    for c in 1..=cohorts {
        let s = start + chrono::Duration::days((c - 1) * 35);
        let e = s + chrono::Duration::days(20);
        cohort.execute(params![c, format!("训练营{c}期"), s.to_string(), e.to_string()]).expect("cohort");
        for k in 0..per {
            let member = rng.i64(1..=people);
            let status = statuses[rng.usize(..statuses.len())];
            let paid = if status == "signed_up" { 0 } else { 19_900 };
            let refund = if status == "refunded" { paid } else { 0 };
            let referrer = ((c * per + k) % referral_every == 0).then(|| rng.i64(1..=people)).filter(|r| *r != member);
            let n = order.execute(params![member, c, rng.i64(1..=12), referrer, paid, refund, status, (s - chrono::Duration::days(3)).to_string()]).expect("order");
            signups += n as i64;
            referrals += i64::from(n == 1 && referrer.is_some());
            if n == 1 && matches!(status, "paid" | "joined") {
                place.execute(params![member, c, s.to_string()]).expect("place");
                for d in 0..21 {
                    if rng.u8(..100) < 55 {
                        marks += mark.execute(params![c, member, (s + chrono::Duration::days(d)).to_string()]).expect("mark") as i64;
                    }
                }
            }
        }
        for ch in 1..=6 {
            cost.execute(params![c, rng.i64(10_000..500_000), ch, s.to_string()]).expect("cost");
        }
    }
    drop((cohort, order, place, mark, cost));
    tx.commit().expect("commit");
    (signups, marks, referrals)
}
