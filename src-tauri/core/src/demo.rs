//! A realistic demo community, so a newcomer never meets an empty app: a 21-day writing camp
//! with two finished cohorts and one running, a few hundred members with Chinese names,
//! cities, channels, birthdays (some lunar), tags and roles. Deterministic for a given day.

use crate::cohorts::{self, CohortInput, GroupInput, MembershipInput};
use crate::error::{Error, Result};
use crate::members::{self, Birthday, Calendar, Gender, MemberInput};
use crate::settings;
use crate::store::{today, Store};
use chrono::Duration;
use std::collections::HashSet;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡",
    "蒋", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范",
    "汪", "廖", "石", "金", "贾", "夏", "方", "邹", "熊", "白", "孟", "秦", "邱", "江", "尹", "薛", "段", "雷", "龙",
    "史", "陶", "贺", "毛", "顾", "龚", "邵", "万", "钱", "严", "欧阳", "上官", "司马",
];
const FEMALE: &[&str] = &[
    "静", "丽", "敏", "燕", "艳", "娟", "霞", "芳", "婷", "雪", "慧", "玲", "洁", "琳", "颖", "欣", "怡", "晶", "倩", "佳",
    "悦", "雨", "思", "梦", "诗", "雅", "晓", "月", "萌", "蕾", "瑶", "璐", "薇", "可", "馨", "涵", "然", "桐", "玥", "妍",
];
const MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "辉", "鹏", "华", "飞", "鑫", "宇", "浩", "凯", "博", "俊", "峰",
    "斌", "阳", "晨", "轩", "睿", "子", "文", "志", "建", "国", "一", "天", "嘉", "泽", "喆", "堃",
];
const CITIES: &[&str] = &[
    "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "长沙", "苏州", "郑州", "天津",
    "厦门", "青岛", "合肥", "昆明",
];
const CHANNELS: &[&str] = &["公众号", "朋友圈", "老学员推荐", "小红书", "视频号", "抖音", "社群裂变"];
const JOBS: &[&str] = &[
    "设计师", "宝妈", "产品经理", "老师", "程序员", "会计", "HR", "自由职业", "学生", "运营", "销售", "医生", "律师", "编辑",
];
const TAGS: &[&str] = &["宝妈", "职场新人", "写作爱好者", "高意向", "已续费"];

/// The SOP the demo's running and upcoming cohorts follow.
const DEMO_SOP: &str = "default-21day";

/// name, start offset from today (days), length (days), new members, returning members, group
/// sizes (the last group takes the rest and is still filling in the running cohort).
type CohortSpec = (&'static str, i64, i64, usize, usize, &'static [usize]);

const COHORTS: &[CohortSpec] = &[
    ("21天写作营 第1期", -150, 21, 150, 0, &[80]),
    ("21天写作营 第2期", -80, 21, 140, 50, &[100]),
    ("21天写作营 第3期", -10, 21, 230, 110, &[170, 160]),
];

/// Removes the demo community (its members, cohorts, groups and tags no one else carries),
/// after a backup, leaving whatever the operator added since. Returns what was removed.
pub fn clear(store: &Store) -> Result<DemoSummary> {
    settings::get(store, settings::DEMO_LOADED)?.ok_or(Error::NoDemo)?;
    crate::backup::create(store, "pre-clear-demo")?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let groups: usize = tx.query_row(
        "SELECT count(*) FROM groups WHERE cohort_id IN (SELECT id FROM cohorts WHERE demo = 1)",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize;
    let members = tx.execute("DELETE FROM members WHERE demo = 1", [])?;
    let cohorts = tx.execute("DELETE FROM cohorts WHERE demo = 1", [])?;
    tx.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM member_tags)", [])?;
    tx.execute("DELETE FROM settings WHERE key = ?1", [settings::DEMO_LOADED])?;
    tx.commit()?;
    Ok(DemoSummary { members, cohorts, groups })
}

#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct DemoSummary {
    pub members: usize,
    pub cohorts: usize,
    pub groups: usize,
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn person(rng: &mut fastrand::Rng, used_phones: &mut HashSet<String>, used_wechat: &mut HashSet<String>) -> MemberInput {
    let female = rng.u8(..100) < 78;
    let surname = pick(rng, SURNAMES);
    let pool = if female { FEMALE } else { MALE };
    let given: String = (0..if rng.u8(..100) < 70 { 2 } else { 1 }).map(|_| pick(rng, pool)).collect();
    let name = format!("{surname}{given}");
    let city = pick(rng, CITIES);
    let job = pick(rng, JOBS);
    let phone = loop {
        let p = format!("1{}{:09}", pick(rng, &["3", "5", "7", "8", "9"]), rng.u64(..1_000_000_000));
        if used_phones.insert(p.clone()) {
            break p;
        }
    };
    let wechat = if rng.u8(..100) < 80 {
        let (py, _) = crate::search::pinyin_keys(&name);
        let w = format!("{py}{}", rng.u32(10..9999));
        used_wechat.insert(w.to_lowercase()).then_some(w)
    } else {
        None
    };
    let birthday = (rng.u8(..100) < 85).then(|| {
        let lunar = rng.u8(..100) < 25;
        Birthday {
            calendar: if lunar { Calendar::Lunar } else { Calendar::Solar },
            year: (rng.u8(..100) < 60).then(|| rng.i32(1972..=2004)),
            month: rng.u32(1..=12),
            day: rng.u32(1..=28),
            leap_month: false,
        }
    });
    let mut tags = Vec::new();
    if female && job == "宝妈" || rng.u8(..100) < 8 {
        tags.push("宝妈".to_string());
    }
    for t in &TAGS[1..4] {
        if rng.u8(..100) < 15 {
            tags.push(t.to_string());
        }
    }
    MemberInput {
        nickname: format!("{city}-{name}-{job}"),
        name,
        phone: Some(phone),
        wechat,
        gender: Some(if female { Gender::Female } else { Gender::Male }),
        city: city.to_string(),
        channel: pick(rng, CHANNELS).to_string(),
        birthday,
        tags,
        ..Default::default()
    }
}

/// `n` synthetic members with realistic Chinese names, unique phones, cities and channels
/// (for benchmarks and load tests).
pub fn synthetic_members(n: usize, seed: u64) -> Vec<MemberInput> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut phones = HashSet::new();
    let mut wechats = HashSet::new();
    (0..n).map(|_| person(&mut rng, &mut phones, &mut wechats)).collect()
}

/// A member as placed in a demo cohort.
struct Placed {
    id: i64,
    role: bool,
    left: Option<chrono::NaiveDate>,
}

/// A finished cohort's 复盘 material: the members' and the staff's satisfaction surveys (each
/// cohort a little better than the one before: lessons learned), and for the first cohort the
/// operator's findings and action items.
/// The cohort's sign-ups as an order sheet would give them: each paid ¥199 (a few refunded) the
/// day they joined, by their channel, those who came by 老学员推荐 brought by a returning member;
/// and the cohort's costs.
fn sign_ups(tx: &rusqlite::Transaction, rng: &mut fastrand::Rng, cohort: i64, people: &[i64], returning: usize, start: chrono::NaiveDate) -> Result<()> {
    use crate::growth::{channels, orders, status::OrderStatus};
    let stamp = crate::store::now();
    for (i, member) in people.iter().enumerate() {
        let (channel, joined): (String, String) = tx.query_row(
            "SELECT m.channel, ms.joined_on FROM members m JOIN memberships ms ON ms.member_id = m.id AND ms.cohort_id = ?2 WHERE m.id = ?1",
            rusqlite::params![member, cohort],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let channel_id = channels::resolve(tx, &channel)?;
        let referrer = (i >= returning && returning > 0 && channel.contains("推荐")).then(|| people[rng.usize(..returning)]);
        let refunded = rng.u8(..100) < 3;
        let input = orders::OrderInput {
            channel_id,
            referrer_id: referrer,
            product: "21天写作营".into(),
            paid_fen: 19_900,
            paid_at: Some(format!("{joined} 20:{:02}:00", rng.u8(0..60))),
            status: Some(if refunded { OrderStatus::Refunded } else { OrderStatus::Joined }),
            refund_fen: if refunded { 19_900 } else { 0 },
            ..Default::default()
        };
        orders::upsert_in(tx, *member, cohort, &input, &stamp)?;
        if let Some(r) = referrer {
            tx.execute("UPDATE members SET referrer_id = ?2 WHERE id = ?1 AND referrer_id IS NULL", rusqlite::params![member, r])?;
        }
    }
    let xhs = channels::resolve(tx, "小红书")?;
    for (fen, category, channel) in [(150_000, "ads", xhs), (30_000, "red_packets", None), (80_000, "guests", None)] {
        tx.execute(
            "INSERT INTO costs (cohort_id, amount_fen, category, channel_id, spent_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![cohort, fen, category, channel, start.to_string(), stamp],
        )?;
    }
    Ok(())
}

fn retro(tx: &rusqlite::Connection, cohort: i64, index: usize, people: &[Placed], end: chrono::NaiveDate) -> Result<()> {
    let stamp = format!("{end}T21:00:00");
    // Its own random numbers: the other demo data stays as it was.
    let rng = &mut fastrand::Rng::with_seed(7919 + cohort as u64);
    let lift = index as u8;
    for (audience, title, who) in [("members", "结营满意度问卷", people.iter().filter(|p| !p.role).collect::<Vec<_>>()), ("staff", "运营官满意度问卷", people.iter().filter(|p| p.role).collect())] {
        let answering: Vec<&&Placed> = who.iter().filter(|_| rng.u8(..100) < 45).collect();
        tx.execute(
            "INSERT INTO surveys (cohort_id, audience, title, format, file, respondents, linked, imported_at) VALUES (?1, ?2, ?3, 'wjx', ?4, ?5, ?5, ?6)",
            rusqlite::params![cohort, audience, title, format!("{title}.xlsx"), answering.len() as i64, stamp],
        )?;
        let survey = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO survey_questions (survey_id, idx, text, use, scale_min, scale_max) VALUES (?1, 7, '您对本期的整体满意度', 'satisfaction', 1, 5), (?1, 8, '您有多大可能向朋友推荐我们', 'nps', 0, 10)",
            [survey],
        )?;
        for (row, p) in answering.iter().enumerate() {
            let sat = (3 + rng.u8(..3) + u8::from(rng.u8(..10) < 1 + lift * 4)).min(5);
            let nps = (5 + rng.u8(..5) + u8::from(rng.u8(..10) < 2 + lift * 4)).min(10);
            for (idx, v) in [(7, sat), (8, nps)] {
                tx.execute(
                    "INSERT INTO survey_answers (survey_id, row, idx, member_id, value, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![survey, row as i64 + 1, idx, p.id, f64::from(v), v.to_string()],
                )?;
            }
        }
    }
    if index == 0 {
        tx.execute(
            "INSERT INTO retro_notes (cohort_id, went_well, problems, changes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                cohort,
                "开营仪式感强，录取通知书和欢迎三件套让新人很快进入状态；三场大咖分享的参加率都在 15% 左右。",
                "第二周打卡率明显下滑：周末没有提醒，班长也在休息；群规模只有 70 多人，讨论不够热闹。",
                "周末安排一条打卡提醒；下一期招满 150 人再开新群；提前一周预热大咖分享。",
                stamp
            ],
        )?;
        for (text, anchor, role) in [("周末加一条打卡提醒", "D+5", "班长"), ("开营前一周发大咖分享预告", "D-7", "宣传官")] {
            tx.execute(
                "INSERT INTO retro_actions (cohort_id, text, anchor, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![cohort, text, anchor, role, stamp],
            )?;
        }
    }
    Ok(())
}

/// A cohort's days of activity: most check in, fewer hand in homework (some excellent), many
/// attend the lecture; role holders are the steadiest, some members fade after the first days and
/// a few never show up (the silent ones to recall). Thursday guest talks with their funnel, and
/// the odd answered question and reply to the monitor.
fn engage(tx: &rusqlite::Connection, rng: &mut fastrand::Rng, cohort: i64, people: &[Placed], start: chrono::NaiveDate, last: chrono::NaiveDate) -> Result<()> {
    use crate::engagement::{self, ActivityKind, MarkKind, MarkSource};
    use chrono::Datelike;
    let stamp = crate::store::now();
    // Each one's habit: how likely on a day, and the day they stop (if they fade).
    let habits: Vec<(f64, Option<chrono::NaiveDate>)> = people
        .iter()
        .map(|p| {
            let kind = rng.u8(..100);
            let p_day = if p.role { 0.9 + rng.f64() * 0.08 } else if kind < 8 { 0.0 } else if kind < 25 { 0.15 + rng.f64() * 0.2 } else { 0.5 + rng.f64() * 0.45 };
            let fade = (!p.role && (25..37).contains(&kind)).then(|| start + Duration::days(rng.i64(2..=6)));
            (p_day, fade)
        })
        .collect();
    let mut d = start;
    let mut talks = 0;
    while d <= last {
        let day = d.to_string();
        let present = |i: usize| people[i].left.is_none_or(|l| d < l) && habits[i].1.is_none_or(|f| d < f);
        let mut by_kind: [Vec<i64>; 4] = Default::default();
        for (i, p) in people.iter().enumerate() {
            if !present(i) || rng.f64() >= habits[i].0 {
                continue;
            }
            by_kind[0].push(p.id);
            if rng.f64() < 0.7 {
                if rng.u8(..100) < 8 { by_kind[2].push(p.id) } else { by_kind[1].push(p.id) }
            }
            if rng.f64() < 0.6 {
                by_kind[3].push(p.id);
            }
            if rng.u8(..100) < 3 {
                crate::points::award_in(tx, p.id, cohort, &day, if p.role || rng.bool() { "answered" } else { "responded" }, &stamp)?;
            }
        }
        for (kind, ids) in [MarkKind::Checkin, MarkKind::Homework, MarkKind::Excellent, MarkKind::Lecture].into_iter().zip(&by_kind) {
            engagement::mark_in(tx, cohort, &day, kind, ids, true, MarkSource::Import, &stamp)?;
        }
        if d.weekday() == chrono::Weekday::Thu {
            talks += 1;
            let a = engagement::insert_activity(tx, cohort, &format!("第{talks}场大咖分享"), ActivityKind::Talk, &day, &stamp)?;
            let active: Vec<i64> = people.iter().enumerate().filter(|(i, _)| present(*i) && habits[*i].0 > 0.3).map(|(_, p)| p.id).collect();
            for (n, stage) in [(45, 2u8), (30, 3), (22, 4)] {
                let who: Vec<i64> = active.iter().copied().take(active.len() * n / 100).collect();
                engagement::set_stage_in(tx, &a, &who, stage, &stamp)?;
            }
        }
        d += Duration::days(1);
    }
    Ok(())
}

/// Loads the demo community into an empty store, all in one transaction.
pub fn load(store: &Store) -> Result<DemoSummary> {
    let existing = members::count(store)?;
    let cohort_count: i64 = store.conn().query_row("SELECT count(*) FROM cohorts", [], |r| r.get(0))?;
    if existing > 0 || cohort_count > 0 {
        return Err(Error::NotEmpty { members: existing });
    }
    let mut rng = fastrand::Rng::with_seed(20_260_903);
    let mut phones = HashSet::new();
    let mut wechats = HashSet::new();
    let t = today();
    let role = |conn: &rusqlite::Connection, key: &str| -> Result<i64> {
        Ok(conn.query_row("SELECT id FROM roles WHERE key = ?1", [key], |r| r.get(0))?)
    };

    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let roles: Vec<i64> = ["monitor", "assistant", "koc", "promoter", "curator", "guest"]
        .iter()
        .map(|k| role(&tx, k))
        .collect::<Result<_>>()?;
    let mut all_members: Vec<i64> = Vec::new();
    let mut total_groups = 0;
    let sop = crate::sop::bundled(DEMO_SOP)?;
    for (ci, (name, offset, days, new, returning, sizes)) in COHORTS.iter().enumerate() {
        let start = t + Duration::days(*offset);
        let end = start + Duration::days(days - 1);
        let cohort = cohorts::insert(
            &tx,
            &CohortInput {
                name: name.to_string(),
                start_date: start.to_string(),
                end_date: end.to_string(),
                group_name_rule: String::new(),
                notes: "示例数据：21 天写作训练营，每天打卡 + 作业 + 晚间分享。".to_string(),
                link: "https://kdocs.cn/l/demo-checkin".to_string(),
                serial_pattern: "XZ-{year}-{seq:05}".to_string(),
            },
        )?;
        let finished = end < t;
        if !finished {
            // The default SOP's calendar, the days gone by already ticked done: Today shows today.
            tx.execute("UPDATE cohorts SET sop_key = ?2 WHERE id = ?1", rusqlite::params![cohort, DEMO_SOP])?;
            crate::calendar::apply(&tx, cohort, &sop, start, end)?;
            tx.execute(
                "UPDATE cohort_tasks SET done_at = ?3 WHERE cohort_id = ?1 AND due_date < ?2",
                rusqlite::params![cohort, t.to_string(), crate::store::now()],
            )?;
        }
        let mut groups = Vec::new();
        for gi in 0..=sizes.len() {
            let last = gi == sizes.len();
            let opened = start - Duration::days(21 + 2 * gi as i64);
            // The newest group of the running cohort is still recruiting, past four weeks.
            let filled = (finished || !last).then(|| start - Duration::days(2));
            let id = cohorts::insert_group(
                &tx,
                cohort,
                &GroupInput {
                    name: format!("{}期{}群", ci + 1, gi + 1),
                    opened_on: opened.to_string(),
                    filled_on: filled.map(|d| d.to_string()).unwrap_or_default(),
                    ..Default::default()
                },
            )?;
            groups.push(id);
        }
        total_groups += groups.len();

        // Returning members first (老学员: they make the best monitors), then new sign-ups.
        let mut people: Vec<i64> = Vec::new();
        let mut pool = all_members.clone();
        rng.shuffle(&mut pool);
        people.extend(pool.into_iter().take(*returning));
        for _ in 0..*new {
            let id = members::insert(&tx, &person(&mut rng, &mut phones, &mut wechats))?;
            all_members.push(id);
            people.push(id);
        }
        let guest = people.len() - 1;
        let mut placed: Vec<Placed> = Vec::with_capacity(people.len());
        let mut rank_in_group = 0;
        let mut g = 0;
        for (i, member) in people.iter().enumerate() {
            if g < sizes.len() && rank_in_group == sizes[g] {
                g += 1;
                rank_in_group = 0;
            }
            // Roles in each group: 班长, 助教, two KOC, 宣传官, 整理官; one guest speaker per cohort.
            let role_id = match rank_in_group {
                _ if i == guest => Some(roles[5]),
                0 => Some(roles[0]),
                1 => Some(roles[1]),
                2 | 3 => Some(roles[2]),
                4 => Some(roles[3]),
                5 => Some(roles[4]),
                _ => None,
            };
            rank_in_group += 1;
            let joined = start - Duration::days(rng.i64(1..=20));
            let elapsed = (t - start).num_days().clamp(1, *days);
            let left = (role_id.is_none() && rng.u8(..100) < if finished { 9 } else { 4 })
                .then(|| (start + Duration::days(rng.i64(0..=elapsed))).min(t));
            cohorts::upsert_membership(
                &tx,
                &MembershipInput {
                    member_id: *member,
                    cohort_id: cohort,
                    group_id: if i == guest { None } else { Some(groups[g]) },
                    role_id,
                    joined_on: joined.to_string(),
                    left_on: left.map(|d| d.to_string()).unwrap_or_default(),
                },
            )?;
            if i < *returning {
                crate::tags::add_for_member(&tx, *member, "老学员")?;
            }
            if i != guest {
                placed.push(Placed { id: *member, role: role_id.is_some(), left });
            }
        }
        // A random stream of its own: the rest of the demo stays as it was before sign-ups existed.
        sign_ups(&tx, &mut fastrand::Rng::with_seed(4_001 + cohort as u64), cohort, &people[..guest], *returning, start)?;
        // What they did, up to yesterday: Today's grid is still open.
        let last = end.min(t - Duration::days(1));
        if last >= start {
            engage(&tx, &mut rng, cohort, &placed, start, last)?;
        }
        if finished {
            retro(&tx, cohort, ci, &placed, end)?;
        }
    }
    // Marked as the demo's: clearing it removes these rows and no others.
    let mut mark = tx.prepare("UPDATE members SET demo = 1 WHERE id = ?1")?;
    for id in &all_members {
        mark.execute([id])?;
    }
    drop(mark);
    tx.execute("UPDATE cohorts SET demo = 1", [])?;
    let max_cohort: i64 = tx.query_row("SELECT max(id) FROM cohorts", [], |r| r.get(0))?;
    let max_member = all_members.iter().copied().max().unwrap_or(0);
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, '1'), (?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![settings::DEMO_OFFERED, settings::DEMO_LOADED, format!("{max_member} {max_cohort}")],
    )?;
    tx.commit()?;
    Ok(DemoSummary { members: all_members.len(), cohorts: COHORTS.len(), groups: total_groups })
}
