//! `qunzhu-bench retro`: every retrospective metric of a seeded cohort (plus activities with
//! funnels, people who left, KOCs and a 300-answer survey), over `--runs` runs.

use super::engagement::seed_cohort;
use super::{arg, report};
use qunzhu_core::Store;
use std::time::Instant;

pub fn bench(args: &[String]) {
    use qunzhu_core::cohorts::{self, MembershipInput};
    use qunzhu_core::engagement::{self, ActivityInput, ActivityKind};
    let runs: usize = arg(args, "--runs").and_then(|v| v.parse().ok()).unwrap_or(30);
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-retro-{}", std::process::id()));
    let store = Store::open(&dir).expect("store");
    let (c, start, days, ids) = seed_cohort(&store, args);
    let mut rng = fastrand::Rng::with_seed(8);
    for w in 0..(days / 7) {
        let day = (start + chrono::Duration::days(w * 7 + 3)).to_string();
        let a = engagement::add_activity(&store, &ActivityInput { cohort_id: c.id, title: format!("第{}场分享", w + 1), kind: ActivityKind::Talk, day, reach_cohort: true }).expect("activity");
        for stage in 2..=4u8 {
            let who: Vec<i64> = ids.iter().copied().filter(|_| rng.u8(..100) < 30 / stage).collect();
            engagement::set_stage(&store, a.id, &who, stage).expect("stage");
        }
    }
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 20 == 0) {
        let left = start + chrono::Duration::days((i as i64 * 7) % days);
        cohorts::assign(&store, &MembershipInput { member_id: *id, cohort_id: c.id, joined_on: start.to_string(), left_on: left.to_string(), ..Default::default() }).expect("leave");
    }
    for id in ids.iter().take(10) {
        qunzhu_core::points::assign_role(&store, c.id, *id, "koc").expect("koc");
    }
    let survey = dir.join("survey.csv");
    let mut text = String::from("序号,提交答卷时间,所用时间,1、姓名,2、整体满意度,3、您有多大可能推荐给朋友？\n");
    for i in 0..300 {
        text.push_str(&format!("{},2026/10/30 20:00:00,60秒,学员{i},{},{}\n", i + 1, 3 + rng.u8(..3), rng.u8(..11)));
    }
    std::fs::write(&survey, text).expect("survey");
    qunzhu_core::retro::survey::import(&store, c.id, &survey, qunzhu_core::retro::survey::Audience::Members, &[]).expect("survey import");
    let today = start + chrono::Duration::days(days + 10);
    let mut times = Vec::with_capacity(runs);
    let mut m = None;
    for _ in 0..runs {
        let t = Instant::now();
        m = Some(qunzhu_core::retro::metrics_on(&store, c.id, today).expect("metrics"));
        times.push(t.elapsed());
    }
    let m = m.expect("ran");
    report("retro metrics (all)", times, m.checkin_curve.len() * runs);
    println!(
        "  enrolled {} · completion {:.1}% · check-in {:.1}% · lectures {:.1}% · homework {:.1}% · {} funnels · points mean {:.1} · satisfaction {:.2} · NPS {:+.0}",
        m.enrolled,
        m.completion_rate.unwrap_or(0.0) * 100.0,
        m.checkin_rate.unwrap_or(0.0) * 100.0,
        m.lecture_rate.unwrap_or(0.0) * 100.0,
        m.homework_rate.unwrap_or(0.0) * 100.0,
        m.funnels.len(),
        m.points.mean.unwrap_or(0.0),
        m.satisfaction_members.unwrap_or(0.0),
        m.nps.unwrap_or(0.0)
    );
    println!("goal: ≤ 100 ms in the core");
    let _ = std::fs::remove_dir_all(&dir);
}
