//! `qunzhu-bench engagement`: a 1,000-member × 60-day cohort with realistic marks (most check in,
//! fewer hand in homework, some excellent, many attend lectures) and a few activities; times
//! loading the grid's data and computing the leaderboards, KOC candidates and states, each over
//! `--runs` runs. Its seeded cohort serves the retro benchmark too.

use super::{arg, report};
use qunzhu_core::{members, Store};
use std::time::Instant;

pub fn bench(args: &[String]) {
    use qunzhu_core::engagement::{self, MarkKind};
    use qunzhu_core::points::{self, Period};
    let runs: usize = arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-engagement-{}", std::process::id()));
    let store = Store::open(&dir).expect("store");
    let (c, start, days, _) = seed_cohort(&store, args);
    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::with_capacity(runs);
        let mut hits = 0;
        for _ in 0..runs {
            let t = Instant::now();
            hits += f();
            times.push(t.elapsed());
        }
        report(label, times, hits);
    };
    let mid = start + chrono::Duration::days(days / 2);
    time("grid data (check-ins)", &mut || engagement::grid(&store, c.id, MarkKind::Checkin).expect("grid").marked.iter().map(Vec::len).sum());
    time("leaderboard (cohort)", &mut || points::leaderboard(&store, c.id, None, Period::Cohort, mid).expect("board").len());
    time("leaderboard (week)", &mut || points::leaderboard(&store, c.id, None, Period::Week, mid).expect("board").len());
    time("leaderboard (all time)", &mut || points::leaderboard(&store, c.id, None, Period::All, mid).expect("board").len());
    time("KOC candidates (top 20)", &mut || points::koc_candidates(&store, c.id, 20).expect("koc").len());
    time("states (active / silent / left)", &mut || engagement::lifecycle(&store, c.id, 7, mid).expect("life").len());
    println!("goal: each ≤ 50 ms in the core (grid data and the cohort leaderboard)");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A `--members` (1,000) × `--days` (60) cohort with check-ins, homework, excellent homework and
/// lectures marked at realistic rates (points earned with them). Returns the cohort, its start, its
/// days and the members.
pub fn seed_cohort(store: &Store, args: &[String]) -> (qunzhu_core::cohorts::Cohort, chrono::NaiveDate, i64, Vec<i64>) {
    use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
    use qunzhu_core::engagement::{self, MarkKind, MarkSource};
    let n: usize = arg(args, "--members").and_then(|v| v.parse().ok()).unwrap_or(1000);
    let days: i64 = arg(args, "--days").and_then(|v| v.parse().ok()).unwrap_or(60);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let end = start + chrono::Duration::days(days - 1);
    let c = cohorts::add(store, &CohortInput { name: "基准营 第1期".into(), start_date: start.to_string(), end_date: end.to_string(), ..Default::default() }).expect("cohort");
    let t = Instant::now();
    let mut ids = Vec::with_capacity(n);
    for m in qunzhu_core::demo::synthetic_members(n, 11) {
        let id = members::add(store, &m).expect("member").id;
        cohorts::assign(store, &MembershipInput { member_id: id, cohort_id: c.id, joined_on: start.to_string(), ..Default::default() }).expect("assign");
        ids.push(id);
    }
    let mut rng = fastrand::Rng::with_seed(5);
    let mut marks = 0;
    for d in 0..days {
        let day = (start + chrono::Duration::days(d)).to_string();
        for (kind, p) in [(MarkKind::Checkin, 75), (MarkKind::Homework, 45), (MarkKind::Excellent, 5), (MarkKind::Lecture, 40)] {
            let who: Vec<i64> = ids.iter().copied().filter(|_| rng.u8(..100) < p).collect();
            marks += engagement::mark(store, c.id, &day, kind, &who, true, MarkSource::Import).expect("mark");
        }
    }
    println!("{n} members × {days} days: {marks} marks seeded in {:.1} s", t.elapsed().as_secs_f64());
    (c, start, days, ids)
}
