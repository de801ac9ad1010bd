//! The retrospective's metrics of a cohort, computed from what the store holds.

use super::survey;
use crate::cohorts;
use crate::error::{Error, Field, Result};
use crate::store::Store;
use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use ts_rs::TS;

/// The group sizes the seeds call workable: big enough to feel alive, small enough to tend.
pub const GROUP_BAND: (u64, u64) = (150, 350);

#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupMetric {
    pub name: String,
    /// Members in it who did not leave.
    pub size: u64,
    /// Within 150-350.
    pub in_band: bool,
    /// Days from its first member joining to its last.
    pub fill_days: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DayRate {
    pub day: String,
    /// Members in the cohort that day (joined, not yet left).
    pub present: u64,
    pub marked: u64,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Funnel {
    pub title: String,
    pub day: String,
    pub reached: u64,
    pub replied: u64,
    pub signed_up: u64,
    pub attended: u64,
    /// replied / reached
    pub reply_rate: Option<f64>,
    /// signed up / reached
    pub signup_rate: Option<f64>,
    /// attended / reached
    pub attend_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Bucket {
    pub from: i64,
    pub to: i64,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct PointsSpread {
    pub total: i64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub max: i64,
    /// Members by points, five equal ranges from 0 to the most.
    pub buckets: Vec<Bucket>,
}

/// Every metric of a cohort's retrospective.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Metrics {
    pub cohort_id: i64,
    pub cohort: String,
    pub start_date: String,
    pub end_date: String,
    /// Days counted: the whole cohort once it ended, up to today while it runs.
    pub days: u64,
    pub enrolled: u64,
    /// Graduated by the cohort's 结业标准 (by default: enrolled and did not leave).
    pub completed: u64,
    /// The 结业标准, in the user's words.
    pub completion_rule: String,
    /// 渠道与转化: the cohort's growth report (sign-ups, payments, channels, costs, referrers).
    pub growth: crate::growth::report::GrowthReport,
    pub completion_rate: Option<f64>,
    pub quit: u64,
    pub quit_rate: Option<f64>,
    /// Members who left, by week of the cohort: [before it started, week 1, week 2, …].
    pub quit_by_week: Vec<u64>,
    pub groups: Vec<GroupMetric>,
    pub groups_in_band: u64,
    /// Check-ins / members present, over the days counted (打卡率).
    pub checkin_rate: Option<f64>,
    pub checkin_curve: Vec<DayRate>,
    /// Lecture marks / members present, over the days that had a lecture (听课率).
    pub lecture_rate: Option<f64>,
    pub lecture_days: u64,
    /// Homework marks / members present, over the days homework was marked.
    pub homework_rate: Option<f64>,
    /// Excellent / homework.
    pub excellent_rate: Option<f64>,
    pub funnels: Vec<Funnel>,
    pub points: PointsSpread,
    pub kocs: Vec<String>,
    /// Members whose birthday (solar or lunar) fell within the cohort.
    pub birthdays_celebrated: u64,
    /// Members' mean satisfaction score over the scale's top (4.6 of 5 → 0.92).
    pub satisfaction_members: Option<f64>,
    /// The mean on the survey's own scale, and that scale's top.
    pub satisfaction_members_score: Option<f64>,
    pub satisfaction_members_scale: Option<f64>,
    pub satisfaction_staff: Option<f64>,
    pub satisfaction_staff_score: Option<f64>,
    pub satisfaction_staff_scale: Option<f64>,
    /// Net Promoter Score, -100..100: % answering 9-10 minus % answering 0-6 to the 0-10 question.
    pub nps: Option<f64>,
    pub survey_responses: u64,
    pub chat_messages: u64,
    /// The 班长's share of the chat messages (the seeds call ~5% healthy).
    pub monitor_share: Option<f64>,
}

pub(crate) fn ratio(n: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// The retrospective's metrics of a cohort.
pub fn metrics(store: &Store, cohort_id: i64) -> Result<Metrics> {
    metrics_on(store, cohort_id, chrono::Local::now().date_naive())
}

/// The metrics as of `today` (days after it are not counted while the cohort runs).
pub fn metrics_on(store: &Store, cohort_id: i64, today: NaiveDate) -> Result<Metrics> {
    let cohort = cohorts::get(store, cohort_id)?;
    let start = day(&cohort.start_date).ok_or_else(|| Error::Invalid { field: Field::StartDate, value: cohort.start_date.clone() })?;
    let end = day(&cohort.end_date).ok_or_else(|| Error::Invalid { field: Field::EndDate, value: cohort.end_date.clone() })?;
    let last = end.min(today.max(start - Duration::days(1)));
    // Read before taking the connection (each takes it too).
    let activities = crate::engagement::list_activities(store, cohort_id)?;
    let feb29 = crate::birthdays::get_settings(store)?.feb29;
    let verdicts = crate::growth::completion::verdicts_in(&store.conn(), cohort_id)?;
    let growth = crate::growth::report::cohort_on(store, cohort_id, &verdicts)?;
    let lang = store.lang();
    let conn = store.conn();

    let people = places(&conn, cohort_id)?;
    let enrolled = people.len() as u64;
    let quit = people.iter().filter(|p| p.left.is_some()).count() as u64;
    let completed = verdicts.values().filter(|v| v.completed).count() as u64;
    let groups = group_metrics(&conn, cohort_id, &people)?;
    let groups_in_band = groups.iter().filter(|g| g.in_band).count() as u64;
    let rates = MarkRates::of(&conn, cohort_id, &people, start, last)?;
    let points = spread(points_of(&conn, cohort_id, &people)?);
    let kocs = people.iter().filter(|p| p.role.as_deref() == Some("koc")).map(|p| p.name.clone()).collect();
    let birthdays_celebrated = people
        .iter()
        .filter(|p| p.birthday.as_ref().is_some_and(|b| !crate::birthdays::occurrences_between(b, start, end, feb29).is_empty()))
        .count() as u64;
    let surveys = survey::scores(&conn, cohort_id)?;
    let (chat_messages, monitor_messages) = chat_counts(&conn, cohort_id)?;

    Ok(Metrics {
        cohort_id,
        cohort: cohort.name.clone(),
        start_date: cohort.start_date.clone(),
        end_date: cohort.end_date.clone(),
        days: rates.curve.len() as u64,
        enrolled,
        completed,
        completion_rule: crate::growth::completion::rule_in(&conn, cohort_id)?.describe(lang),
        growth,
        completion_rate: ratio(completed, enrolled),
        quit,
        quit_rate: ratio(quit, enrolled),
        quit_by_week: quit_by_week(&people, start, end),
        groups,
        groups_in_band,
        checkin_rate: ratio(rates.checkins, rates.present_days),
        checkin_curve: rates.curve,
        lecture_rate: ratio(rates.lecture, rates.lecture_present),
        lecture_days: rates.lecture_days,
        homework_rate: ratio(rates.homework, rates.homework_present),
        excellent_rate: ratio(rates.excellent, rates.homework),
        funnels: activities.into_iter().map(funnel).collect(),
        points,
        kocs,
        birthdays_celebrated,
        satisfaction_members: surveys.members.map(|s| s.0 / s.1),
        satisfaction_members_score: surveys.members.map(|s| s.0),
        satisfaction_members_scale: surveys.members.map(|s| s.1),
        satisfaction_staff: surveys.staff.map(|s| s.0 / s.1),
        satisfaction_staff_score: surveys.staff.map(|s| s.0),
        satisfaction_staff_scale: surveys.staff.map(|s| s.1),
        nps: surveys.nps,
        survey_responses: surveys.responses,
        chat_messages,
        monitor_share: ratio(monitor_messages, chat_messages),
    })
}

/// A member's place in the cohort: who, in which group, when, in which role.
struct Place {
    member: i64,
    name: String,
    group: Option<String>,
    joined: Option<NaiveDate>,
    /// Counted present from: the day they joined, or their first mark when that came earlier.
    present_from: Option<NaiveDate>,
    left: Option<NaiveDate>,
    role: Option<String>,
    birthday: Option<crate::members::Birthday>,
}

/// A cohort's 打卡率 so far, as its 复盘 counts it: for the cohort cards.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CohortRate {
    pub cohort_id: i64,
    /// Check-ins / members present over the days so far; none before the first day.
    pub checkin_rate: Option<f64>,
}

/// The 打卡率 of every cohort that has begun (or of `only` that one), as of `today`: the same
/// figure as its metrics'.
pub fn checkin_rates_on(store: &Store, today: NaiveDate, only: Option<i64>) -> Result<Vec<CohortRate>> {
    let mut out = Vec::new();
    let list = match only {
        Some(id) => vec![cohorts::get(store, id)?],
        None => cohorts::list(store)?,
    };
    for c in list {
        let (Some(start), Some(end)) = (day(&c.start_date), day(&c.end_date)) else { continue };
        if start > today {
            continue;
        }
        let conn = store.conn();
        let people = places(&conn, c.id)?;
        let rates = MarkRates::of(&conn, c.id, &people, start, end.min(today))?;
        out.push(CohortRate { cohort_id: c.id, checkin_rate: ratio(rates.checkins, rates.present_days) });
    }
    Ok(out)
}

/// Who was in the cohort, and when.
fn places(conn: &Connection, cohort_id: i64) -> Result<Vec<Place>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, g.name, ms.joined_on, ms.left_on, r.key, m.birth_calendar, m.birth_year, m.birth_month, m.birth_day, m.birth_leap,
                (SELECT min(k.day) FROM marks k WHERE k.cohort_id = ms.cohort_id AND k.member_id = ms.member_id)
         FROM memberships ms JOIN live_members m ON m.id = ms.member_id
         LEFT JOIN groups g ON g.id = ms.group_id LEFT JOIN roles r ON r.id = ms.role_id
         WHERE ms.cohort_id = ?1 ORDER BY m.id",
    )?;
    let rows = stmt.query_map([cohort_id], |r| {
        Ok(Place {
            member: r.get(0)?,
            name: r.get(1)?,
            group: r.get(2)?,
            joined: r.get::<_, Option<String>>(3)?.as_deref().and_then(day),
            present_from: {
                let joined = r.get::<_, Option<String>>(3)?.as_deref().and_then(day);
                let first_mark = r.get::<_, Option<String>>(11)?.as_deref().and_then(day);
                match (joined, first_mark) {
                    (Some(j), Some(f)) => Some(j.min(f)),
                    (j, f) => j.or(f),
                }
            },
            left: r.get::<_, Option<String>>(4)?.as_deref().and_then(day),
            role: r.get(5)?,
            birthday: crate::members::row_birthday(r, 6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Members who left, by week: [before it started, week 1, week 2, …].
fn quit_by_week(people: &[Place], start: NaiveDate, end: NaiveDate) -> Vec<u64> {
    let weeks = ((end - start).num_days() / 7 + 1) as usize;
    let mut by_week = vec![0u64; weeks + 1];
    for left in people.iter().filter_map(|p| p.left) {
        let w = if left < start { 0 } else { (((left - start).num_days() / 7) as usize + 1).min(weeks) };
        by_week[w] += 1;
    }
    by_week
}

fn group_metrics(conn: &Connection, cohort_id: i64, people: &[Place]) -> Result<Vec<GroupMetric>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM groups WHERE cohort_id = ?1 ORDER BY id")?;
    let names: Vec<String> = stmt.query_map([cohort_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut groups: Vec<GroupMetric> = names
        .into_iter()
        .map(|name| {
            let inside: Vec<&Place> = people.iter().filter(|p| p.group.as_deref() == Some(name.as_str())).collect();
            let size = inside.iter().filter(|p| p.left.is_none()).count() as u64;
            let joined: Vec<NaiveDate> = inside.iter().filter_map(|p| p.joined).collect();
            let fill_days = joined.iter().min().zip(joined.iter().max()).map(|(a, b)| (*b - *a).num_days());
            GroupMetric { name, size, in_band: (GROUP_BAND.0..=GROUP_BAND.1).contains(&size), fill_days }
        })
        .collect();
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(groups)
}

/// The marks of the days counted, summed for the rates: check-ins over members present each day,
/// lectures and homework over those present on the days they were marked.
#[derive(Default)]
struct MarkRates {
    curve: Vec<DayRate>,
    checkins: u64,
    present_days: u64,
    lecture: u64,
    lecture_present: u64,
    lecture_days: u64,
    homework: u64,
    homework_present: u64,
    excellent: u64,
}

impl MarkRates {
    fn of(conn: &Connection, cohort_id: i64, people: &[Place], start: NaiveDate, last: NaiveDate) -> Result<Self> {
        let marks = marks_by_day(conn, cohort_id, people, start, last)?;
        // Present: joined (or first marked) on or before, not yet left (a member who leaves on a
        // day is gone that day). A roster placed after its marks counts from the day they checked in.
        let present = |d: NaiveDate| -> u64 { people.iter().filter(|p| p.present_from.is_none_or(|j| j <= d) && p.left.is_none_or(|l| l > d)).count() as u64 };
        let count = |kind: &str, d: NaiveDate| marks.get(&(kind.to_string(), d)).copied().unwrap_or(0);
        let mut s = MarkRates::default();
        let mut d = start;
        while d <= last {
            let here = present(d);
            let marked = count("checkin", d);
            s.curve.push(DayRate { day: d.to_string(), present: here, marked, rate: ratio(marked, here) });
            s.checkins += marked;
            s.present_days += here;
            let l = count("lecture", d);
            if l > 0 {
                s.lecture += l;
                s.lecture_present += here;
                s.lecture_days += 1;
            }
            let h = count("homework", d);
            if h > 0 {
                s.homework += h;
                s.homework_present += here;
            }
            s.excellent += count("excellent", d);
            d += Duration::days(1);
        }
        Ok(s)
    }
}

/// Marks per kind and day, of members still placed.
fn marks_by_day(conn: &Connection, cohort_id: i64, people: &[Place], start: NaiveDate, last: NaiveDate) -> Result<FxHashMap<(String, NaiveDate), u64>> {
    let placed: FxHashSet<i64> = people.iter().map(|p| p.member).collect();
    let mut marks: FxHashMap<(String, NaiveDate), u64> = FxHashMap::default();
    let mut stmt = conn.prepare_cached("SELECT kind, day, member_id FROM marks WHERE cohort_id = ?1 AND day BETWEEN ?2 AND ?3")?;
    let mut rows = stmt.query(params![cohort_id, start.to_string(), last.to_string()])?;
    while let Some(r) = rows.next()? {
        let member: i64 = r.get(2)?;
        let Some(d) = day(r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?) else { continue };
        if placed.contains(&member) {
            *marks.entry((r.get(0)?, d)).or_default() += 1;
        }
    }
    Ok(marks)
}

fn funnel(a: crate::engagement::Activity) -> Funnel {
    let [reached, replied, signed_up, attended] = a.funnel.map(u64::from);
    Funnel {
        title: a.title,
        day: a.day,
        reached,
        replied,
        signed_up,
        attended,
        reply_rate: ratio(replied, reached),
        signup_rate: ratio(signed_up, reached),
        attend_rate: ratio(attended, reached),
    }
}

/// Points of every placed member, with 0 for those who earned none.
fn points_of(conn: &Connection, cohort_id: i64, people: &[Place]) -> Result<Vec<i64>> {
    let mut by_member: FxHashMap<i64, i64> = people.iter().map(|p| (p.member, 0)).collect();
    let mut stmt = conn.prepare_cached("SELECT member_id, sum(points) FROM points_ledger WHERE cohort_id = ?1 GROUP BY member_id")?;
    let mut rows = stmt.query([cohort_id])?;
    while let Some(r) = rows.next()? {
        if let Some(v) = by_member.get_mut(&r.get::<_, i64>(0)?) {
            *v = r.get(1)?;
        }
    }
    Ok(by_member.into_values().collect())
}

/// The cohort's chat messages, and how many of them the 班长 wrote.
fn chat_counts(conn: &Connection, cohort_id: i64) -> Result<(u64, u64)> {
    let (all, monitor): (i64, i64) = conn.query_row(
        "SELECT coalesce(sum(d.messages), 0), coalesce(sum(CASE WHEN r.key = 'monitor' THEN d.messages END), 0)
         FROM chat_days d LEFT JOIN chat_senders s ON s.id = d.sender_id
         LEFT JOIN memberships ms ON ms.member_id = s.member_id AND ms.cohort_id = d.cohort_id LEFT JOIN roles r ON r.id = ms.role_id
         WHERE d.cohort_id = ?1",
        [cohort_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((all as u64, monitor as u64))
}

fn spread(mut values: Vec<i64>) -> PointsSpread {
    if values.is_empty() {
        return PointsSpread::default();
    }
    values.sort_unstable();
    let n = values.len();
    let total: i64 = values.iter().sum();
    let median = if n % 2 == 1 { values[n / 2] as f64 } else { (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0 };
    let max = *values.last().unwrap_or(&0);
    // Five ranges of equal width from 0 to the most (negative totals count in the first).
    let width = (max.max(0) + 5) / 5;
    let buckets = (0..5)
        .map(|i| {
            let count = values.iter().filter(|v| (**v).max(0) / width == i || (i == 4 && (**v).max(0) / width > 4)).count() as u64;
            Bucket { from: i * width, to: (i + 1) * width - 1, count }
        })
        .collect();
    PointsSpread { total, mean: Some(total as f64 / n as f64), median: Some(median), max, buckets }
}
