//! A realistic demo community, so a newcomer never meets an empty app: a 21-day writing camp
//! with two finished cohorts and one running, a few hundred members with Chinese names,
//! cities, channels, birthdays (some lunar), tags and roles. Deterministic for a given day.

mod people;

use crate::cohorts::{self, CohortInput, GroupInput, MembershipInput};
use crate::error::{Error, Result};
use crate::members;
use crate::settings;
use crate::store::{today, Store};
use chrono::{Duration, NaiveDate};
use people::person;
pub use people::synthetic_members;
use std::collections::HashSet;

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

/// A member as placed in a demo cohort.
struct Placed {
    id: i64,
    role: bool,
    left: Option<chrono::NaiveDate>,
}

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

/// A finished cohort's 复盘 material: the members' and the staff's satisfaction surveys (each
/// cohort a little better than the one before: lessons learned), and for the first cohort the
/// operator's findings and action items.
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
    let t = today();
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let mut l = Loader::new(&tx, t)?;
    for (ci, spec) in COHORTS.iter().enumerate() {
        l.cohort(ci, spec)?;
    }
    l.mark()?;
    let summary = DemoSummary { members: l.all_members.len(), cohorts: COHORTS.len(), groups: l.total_groups };
    drop(l);
    tx.commit()?;
    Ok(summary)
}

/// A demo cohort being loaded: its spec's numbers and its dates.
struct Cohort {
    id: i64,
    /// Its place in `COHORTS`.
    index: usize,
    start: NaiveDate,
    end: NaiveDate,
    days: i64,
    new: usize,
    returning: usize,
    sizes: &'static [usize],
    /// Over before today.
    finished: bool,
}

/// What loading the demo carries from cohort to cohort: the random stream, the phones and
/// WeChat IDs given out, the members so far.
struct Loader<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    rng: fastrand::Rng,
    phones: HashSet<String>,
    wechats: HashSet<String>,
    today: NaiveDate,
    /// 班长, 助教, KOC, 宣传官, 整理官, guest speaker.
    roles: Vec<i64>,
    sop: crate::sop::Sop,
    all_members: Vec<i64>,
    total_groups: usize,
}

impl<'a> Loader<'a> {
    fn new(tx: &'a rusqlite::Transaction<'a>, today: NaiveDate) -> Result<Loader<'a>> {
        let role = |key: &str| -> Result<i64> { Ok(tx.query_row("SELECT id FROM roles WHERE key = ?1", [key], |r| r.get(0))?) };
        let roles: Vec<i64> = ["monitor", "assistant", "koc", "promoter", "curator", "guest"].iter().map(|k| role(k)).collect::<Result<_>>()?;
        Ok(Loader {
            tx,
            rng: fastrand::Rng::with_seed(20_260_903),
            phones: HashSet::new(),
            wechats: HashSet::new(),
            today,
            roles,
            sop: crate::sop::bundled(DEMO_SOP)?,
            all_members: Vec::new(),
            total_groups: 0,
        })
    }

    /// One cohort of `COHORTS`: the cohort (with its calendar), its groups, its people placed,
    /// their sign-ups, what they did, and for a finished one its 复盘.
    fn cohort(&mut self, index: usize, &(name, offset, days, new, returning, sizes): &CohortSpec) -> Result<()> {
        let start = self.today + Duration::days(offset);
        let end = start + Duration::days(days - 1);
        let id = self.insert_cohort(name, start, end)?;
        let c = Cohort { id, index, start, end, days, new, returning, sizes, finished: end < self.today };
        let groups = self.groups(&c)?;
        self.total_groups += groups.len();
        let people = self.members(&c)?;
        let guest = people.len() - 1;
        let placed = self.place(&c, &groups, &people)?;
        // A random stream of its own: the rest of the demo stays as it was before sign-ups existed.
        sign_ups(self.tx, &mut fastrand::Rng::with_seed(4_001 + c.id as u64), c.id, &people[..guest], c.returning, c.start)?;
        // What they did, up to yesterday: Today's grid is still open.
        let last = c.end.min(self.today - Duration::days(1));
        if last >= c.start {
            engage(self.tx, &mut self.rng, c.id, &placed, c.start, last)?;
        }
        if c.finished {
            retro(self.tx, c.id, c.index, &placed, c.end)?;
        }
        Ok(())
    }

    /// The cohort; one not over yet follows the default SOP.
    fn insert_cohort(&self, name: &str, start: NaiveDate, end: NaiveDate) -> Result<i64> {
        let tx = self.tx;
        let cohort = cohorts::insert(
            tx,
            &CohortInput {
                name: name.to_string(),
                start_date: start.to_string(),
                end_date: end.to_string(),
                group_name_rule: String::new(),
                notes: "示例数据：21 天写作训练营，每天打卡 + 作业 + 晚间分享。".to_string(),
                link: "https://kdocs.cn/l/demo-checkin".to_string(),
                serial_pattern: "XZ-{年}-{序号:05}".to_string(),
            },
        )?;
        if end >= self.today {
            // The default SOP's calendar, the days gone by already ticked done: Today shows today.
            tx.execute("UPDATE cohorts SET sop_key = ?2 WHERE id = ?1", rusqlite::params![cohort, DEMO_SOP])?;
            crate::calendar::apply(tx, cohort, &self.sop, start, end)?;
            tx.execute(
                "UPDATE cohort_tasks SET done_at = ?3 WHERE cohort_id = ?1 AND due_date < ?2",
                rusqlite::params![cohort, self.today.to_string(), crate::store::now()],
            )?;
        }
        Ok(cohort)
    }

    /// The cohort's groups, one a size and one more for the rest, opened weeks before the start.
    fn groups(&self, c: &Cohort) -> Result<Vec<i64>> {
        let mut groups = Vec::new();
        for gi in 0..=c.sizes.len() {
            let last = gi == c.sizes.len();
            let opened = c.start - Duration::days(21 + 2 * gi as i64);
            // The newest group of the running cohort is still recruiting, past four weeks.
            let filled = (c.finished || !last).then(|| c.start - Duration::days(2));
            let id = cohorts::insert_group(
                self.tx,
                c.id,
                &GroupInput {
                    name: format!("{}期{}群", c.index + 1, gi + 1),
                    opened_on: opened.to_string(),
                    filled_on: filled.map(|d| d.to_string()).unwrap_or_default(),
                    ..Default::default()
                },
            )?;
            groups.push(id);
        }
        Ok(groups)
    }

    /// The cohort's people: returning members first (老学员: they make the best monitors), then
    /// new sign-ups, added as members.
    fn members(&mut self, c: &Cohort) -> Result<Vec<i64>> {
        let mut people: Vec<i64> = Vec::new();
        let mut pool = self.all_members.clone();
        self.rng.shuffle(&mut pool);
        people.extend(pool.into_iter().take(c.returning));
        for _ in 0..c.new {
            let id = members::insert(self.tx, &person(&mut self.rng, &mut self.phones, &mut self.wechats))?;
            self.all_members.push(id);
            people.push(id);
        }
        Ok(people)
    }

    /// Places the cohort's people in its groups, filling one group after another, with roles;
    /// the last of them is the cohort's guest speaker, in no group. A few without a role left
    /// early. The placed, the guest left out.
    fn place(&mut self, c: &Cohort, groups: &[i64], people: &[i64]) -> Result<Vec<Placed>> {
        let (tx, roles, t) = (self.tx, &self.roles, self.today);
        let rng = &mut self.rng;
        let guest = people.len() - 1;
        let mut placed: Vec<Placed> = Vec::with_capacity(people.len());
        let mut rank_in_group = 0;
        let mut g = 0;
        for (i, member) in people.iter().enumerate() {
            if g < c.sizes.len() && rank_in_group == c.sizes[g] {
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
            let joined = c.start - Duration::days(rng.i64(1..=20));
            let elapsed = (t - c.start).num_days().clamp(1, c.days);
            let left = (role_id.is_none() && rng.u8(..100) < if c.finished { 9 } else { 4 })
                .then(|| (c.start + Duration::days(rng.i64(0..=elapsed))).min(t));
            cohorts::upsert_membership(
                tx,
                &MembershipInput {
                    member_id: *member,
                    cohort_id: c.id,
                    group_id: if i == guest { None } else { Some(groups[g]) },
                    role_id,
                    joined_on: joined.to_string(),
                    left_on: left.map(|d| d.to_string()).unwrap_or_default(),
                },
            )?;
            if i < c.returning {
                crate::tags::add_for_member(tx, *member, "老学员")?;
            }
            if i != guest {
                placed.push(Placed { id: *member, role: role_id.is_some(), left });
            }
        }
        Ok(placed)
    }

    /// Marks the members and cohorts as the demo's (clearing it removes these rows and no
    /// others) and records that the demo was offered and loaded.
    fn mark(&self) -> Result<()> {
        let tx = self.tx;
        let mut mark = tx.prepare("UPDATE members SET demo = 1 WHERE id = ?1")?;
        for id in &self.all_members {
            mark.execute([id])?;
        }
        drop(mark);
        tx.execute("UPDATE cohorts SET demo = 1", [])?;
        let max_cohort: i64 = tx.query_row("SELECT max(id) FROM cohorts", [], |r| r.get(0))?;
        let max_member = self.all_members.iter().copied().max().unwrap_or(0);
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, '1'), (?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            rusqlite::params![settings::DEMO_OFFERED, settings::DEMO_LOADED, format!("{max_member} {max_cohort}")],
        )?;
        Ok(())
    }
}
