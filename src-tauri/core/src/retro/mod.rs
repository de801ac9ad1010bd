//! The post-cohort retrospective (复盘): every metric computed from what the store already holds
//! (memberships, marks, activities, points, birthdays, imported surveys and chats), the
//! operator's findings, action items that become tasks of the next cohort's SOP template, a
//! side-by-side comparison of cohorts, and a printable report (see [`report`]).
//!
//! Rates are numbers between 0 and 1, or none when there is nothing to divide by (a cohort with
//! no data has empty metrics, never NaN).

pub mod report;
pub mod survey;

use crate::cohorts;
use crate::error::{Entity, Error, Field, Result};
use crate::store::{now, Store};
use chrono::{Duration, NaiveDate};
use rusqlite::{params, OptionalExtension};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
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

fn ratio(n: u64, of: u64) -> Option<f64> {
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

    // Who was in it, and when.
    struct Place {
        member: i64,
        name: String,
        group: Option<String>,
        joined: Option<NaiveDate>,
        left: Option<NaiveDate>,
        role: Option<String>,
        birthday: Option<crate::members::Birthday>,
    }
    let people: Vec<Place> = {
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.name, g.name, ms.joined_on, ms.left_on, r.key, m.birth_calendar, m.birth_year, m.birth_month, m.birth_day, m.birth_leap
             FROM memberships ms JOIN members m ON m.id = ms.member_id AND m.deleted_at IS NULL
             LEFT JOIN groups g ON g.id = ms.group_id LEFT JOIN roles r ON r.id = ms.role_id
             WHERE ms.cohort_id = ?1 ORDER BY m.id",
        )?;
        let rows = stmt.query_map([cohort_id], |r| {
            Ok(Place {
                member: r.get(0)?,
                name: r.get(1)?,
                group: r.get(2)?,
                joined: r.get::<_, Option<String>>(3)?.as_deref().and_then(day),
                left: r.get::<_, Option<String>>(4)?.as_deref().and_then(day),
                role: r.get(5)?,
                birthday: crate::members::row_birthday(r, 6)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let enrolled = people.len() as u64;
    let quit = people.iter().filter(|p| p.left.is_some()).count() as u64;
    let completed = verdicts.values().filter(|v| v.completed).count() as u64;
    let weeks = ((end - start).num_days() / 7 + 1) as usize;
    let mut quit_by_week = vec![0u64; weeks + 1];
    for left in people.iter().filter_map(|p| p.left) {
        let w = if left < start { 0 } else { (((left - start).num_days() / 7) as usize + 1).min(weeks) };
        quit_by_week[w] += 1;
    }

    // Groups.
    let mut groups: Vec<GroupMetric> = {
        let mut stmt = conn.prepare_cached("SELECT name FROM groups WHERE cohort_id = ?1 ORDER BY id")?;
        let names: Vec<String> = stmt.query_map([cohort_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        names
            .into_iter()
            .map(|name| {
                let inside: Vec<&Place> = people.iter().filter(|p| p.group.as_deref() == Some(name.as_str())).collect();
                let size = inside.iter().filter(|p| p.left.is_none()).count() as u64;
                let joined: Vec<NaiveDate> = inside.iter().filter_map(|p| p.joined).collect();
                let fill_days = joined.iter().min().zip(joined.iter().max()).map(|(a, b)| (*b - *a).num_days());
                GroupMetric { name, size, in_band: (GROUP_BAND.0..=GROUP_BAND.1).contains(&size), fill_days }
            })
            .collect()
    };
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    let groups_in_band = groups.iter().filter(|g| g.in_band).count() as u64;

    // Present per day: joined on or before, not yet left (a member who leaves on a day is gone that day).
    let present = |d: NaiveDate| -> u64 { people.iter().filter(|p| p.joined.is_none_or(|j| j <= d) && p.left.is_none_or(|l| l > d)).count() as u64 };

    // Marks per kind and day (of members still placed).
    let placed: FxHashSet<i64> = people.iter().map(|p| p.member).collect();
    let mut marks: FxHashMap<(String, NaiveDate), u64> = FxHashMap::default();
    {
        let mut stmt = conn.prepare_cached("SELECT kind, day, member_id FROM marks WHERE cohort_id = ?1 AND day BETWEEN ?2 AND ?3")?;
        let mut rows = stmt.query(params![cohort_id, start.to_string(), last.to_string()])?;
        while let Some(r) = rows.next()? {
            let member: i64 = r.get(2)?;
            let Some(d) = day(r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?) else { continue };
            if placed.contains(&member) {
                *marks.entry((r.get(0)?, d)).or_default() += 1;
            }
        }
    }
    let count = |kind: &str, d: NaiveDate| marks.get(&(kind.to_string(), d)).copied().unwrap_or(0);
    let mut checkin_curve = Vec::new();
    let (mut checkins, mut present_days) = (0u64, 0u64);
    let (mut lecture, mut lecture_present, mut lecture_days) = (0u64, 0u64, 0u64);
    let (mut homework, mut homework_present, mut excellent) = (0u64, 0u64, 0u64);
    let mut d = start;
    while d <= last {
        let here = present(d);
        let marked = count("checkin", d);
        checkin_curve.push(DayRate { day: d.to_string(), present: here, marked, rate: ratio(marked, here) });
        checkins += marked;
        present_days += here;
        let l = count("lecture", d);
        if l > 0 {
            lecture += l;
            lecture_present += here;
            lecture_days += 1;
        }
        let h = count("homework", d);
        if h > 0 {
            homework += h;
            homework_present += here;
        }
        excellent += count("excellent", d);
        d += Duration::days(1);
    }

    let funnels = activities
        .into_iter()
        .map(|a| {
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
        })
        .collect();

    // Points: every placed member, with 0 for those who earned none.
    let mut by_member: FxHashMap<i64, i64> = people.iter().map(|p| (p.member, 0)).collect();
    {
        let mut stmt = conn.prepare_cached("SELECT member_id, sum(points) FROM points_ledger WHERE cohort_id = ?1 GROUP BY member_id")?;
        let mut rows = stmt.query([cohort_id])?;
        while let Some(r) = rows.next()? {
            if let Some(v) = by_member.get_mut(&r.get::<_, i64>(0)?) {
                *v = r.get(1)?;
            }
        }
    }
    let points = spread(by_member.into_values().collect());
    let kocs = people.iter().filter(|p| p.role.as_deref() == Some("koc")).map(|p| p.name.clone()).collect();

    let birthdays_celebrated = people
        .iter()
        .filter(|p| p.birthday.as_ref().is_some_and(|b| !crate::birthdays::occurrences_between(b, start, end, feb29).is_empty()))
        .count() as u64;

    let surveys = survey::scores(&conn, cohort_id)?;
    let (chat_messages, monitor_messages): (i64, i64) = conn.query_row(
        "SELECT coalesce(sum(d.messages), 0), coalesce(sum(CASE WHEN r.key = 'monitor' THEN d.messages END), 0)
         FROM chat_days d LEFT JOIN chat_senders s ON s.id = d.sender_id
         LEFT JOIN memberships ms ON ms.member_id = s.member_id AND ms.cohort_id = d.cohort_id LEFT JOIN roles r ON r.id = ms.role_id
         WHERE d.cohort_id = ?1",
        [cohort_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;

    Ok(Metrics {
        cohort_id,
        cohort: cohort.name.clone(),
        start_date: cohort.start_date.clone(),
        end_date: cohort.end_date.clone(),
        days: checkin_curve.len() as u64,
        enrolled,
        completed,
        completion_rule: crate::growth::completion::rule_in(&conn, cohort_id)?.describe(lang),
        growth,
        completion_rate: ratio(completed, enrolled),
        quit,
        quit_rate: ratio(quit, enrolled),
        quit_by_week,
        groups,
        groups_in_band,
        checkin_rate: ratio(checkins, present_days),
        checkin_curve,
        lecture_rate: ratio(lecture, lecture_present),
        lecture_days,
        homework_rate: ratio(homework, homework_present),
        excellent_rate: ratio(excellent, homework),
        funnels,
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
        chat_messages: chat_messages as u64,
        monitor_share: ratio(monitor_messages as u64, chat_messages as u64),
    })
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

// ---- Findings and action items ----------------------------------------------------------------

/// The operator's judgement: what went well, problems and their causes, changes for next time.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct Notes {
    pub went_well: String,
    pub problems: String,
    pub changes: String,
    pub updated_at: Option<String>,
}

pub fn notes(store: &Store, cohort_id: i64) -> Result<Notes> {
    cohorts::get(store, cohort_id)?;
    Ok(store
        .conn()
        .query_row("SELECT went_well, problems, changes, updated_at FROM retro_notes WHERE cohort_id = ?1", [cohort_id], |r| {
            Ok(Notes { went_well: r.get(0)?, problems: r.get(1)?, changes: r.get(2)?, updated_at: r.get(3)? })
        })
        .optional()?
        .unwrap_or_default())
}

pub fn save_notes(store: &Store, cohort_id: i64, n: &Notes) -> Result<Notes> {
    cohorts::get(store, cohort_id)?;
    for text in [&n.went_well, &n.problems, &n.changes] {
        if text.chars().count() > 20_000 {
            return Err(Error::TooLong { field: Field::Notes, max: 20_000, len: text.chars().count() });
        }
    }
    store.conn().execute(
        "INSERT INTO retro_notes (cohort_id, went_well, problems, changes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (cohort_id) DO UPDATE SET went_well = excluded.went_well, problems = excluded.problems, changes = excluded.changes, updated_at = excluded.updated_at",
        params![cohort_id, n.went_well.trim(), n.problems.trim(), n.changes.trim(), now()],
    )?;
    notes(store, cohort_id)
}

/// A change for next time, on its way to becoming a task of an SOP template.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Action {
    pub id: i64,
    pub cohort_id: i64,
    pub text: String,
    /// When in the next cohort: D-3, D0, D+7, E-1 …
    pub anchor: String,
    pub role: String,
    /// The template it became a task of.
    pub pushed_to: Option<String>,
}

const ACTION_COLUMNS: &str = "SELECT id, cohort_id, text, anchor, role, pushed_to FROM retro_actions";

fn action_row(r: &rusqlite::Row) -> rusqlite::Result<Action> {
    Ok(Action { id: r.get(0)?, cohort_id: r.get(1)?, text: r.get(2)?, anchor: r.get(3)?, role: r.get(4)?, pushed_to: r.get(5)? })
}

pub fn actions(store: &Store, cohort_id: i64) -> Result<Vec<Action>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{ACTION_COLUMNS} WHERE cohort_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([cohort_id], action_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_action(store: &Store, cohort_id: i64, text: &str, anchor: &str, role: &str) -> Result<Action> {
    cohorts::get(store, cohort_id)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Empty { field: Field::Title });
    }
    if text.chars().count() > 200 {
        return Err(Error::TooLong { field: Field::Title, max: 200, len: text.chars().count() });
    }
    let anchor = anchor.trim().to_uppercase();
    // Within a year of the start or the end: a cohort's calendar, not a typo's.
    let days = match crate::sop::parse_anchor(&anchor) {
        Some(crate::sop::Anchor::Start(d) | crate::sop::Anchor::End(d)) => d,
        None => i64::MAX,
    };
    if days.abs() > 366 {
        return Err(Error::Invalid { field: Field::Anchor, value: anchor });
    }
    if !crate::sop::ROLES.contains(&role) {
        return Err(Error::Invalid { field: Field::Role, value: role.to_string() });
    }
    let conn = store.conn();
    conn.execute(
        "INSERT INTO retro_actions (cohort_id, text, anchor, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![cohort_id, text, anchor, role, now()],
    )?;
    let id = conn.last_insert_rowid();
    drop(conn);
    action(store, id)
}

fn action(store: &Store, id: i64) -> Result<Action> {
    store
        .conn()
        .query_row(&format!("{ACTION_COLUMNS} WHERE id = ?1"), [id], action_row)
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::RetroAction, id: id.to_string() })
}

pub fn delete_action(store: &Store, id: i64) -> Result<()> {
    if store.conn().execute("DELETE FROM retro_actions WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound { entity: Entity::RetroAction, id: id.to_string() });
    }
    Ok(())
}

/// Makes an action item a task of an SOP template, so the next cohort planned from it gets it
/// on its calendar. A bundled template is copied first (`<key>-improved`, named "… · 复盘改进");
/// the operator's own is extended in place. Returns the template's key.
pub fn push_action(store: &Store, action_id: i64, sop_key: &str) -> Result<String> {
    let a = action(store, action_id)?;
    let source = crate::sop::source(store, sop_key)?;
    let builtin = crate::sop::bundled_all()?.iter().any(|s| s.key == sop_key);
    let mut text = source.clone();
    let previous = if builtin {
        let key = format!("{sop_key}-improved");
        // Already copied once: add to the copy.
        match crate::sop::source(store, &key) {
            Ok(copy) => {
                text = copy;
                Some(key)
            }
            Err(_) => {
                let sop = crate::sop::parse(&format!("{sop_key}.toml"), &source)?;
                text = retitle(&source, &key, &format!("{} · 复盘改进", sop.name));
                None
            }
        }
    } else {
        Some(sop_key.to_string())
    };
    let toml_str = |s: &str| toml::Value::String(s.to_string()).to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let cohort = cohorts::get(store, a.cohort_id)?;
    text.push_str(&format!(
        "\n# 来自「{}」的复盘\n[[task]]\ntitle = {}\nanchor = {}\ntime = \"20:00\"\nrole = {}\nmessage = \"\"\n",
        cohort.name.replace('\n', " "),
        toml_str(&a.text),
        toml_str(&a.anchor),
        toml_str(&a.role)
    ));
    let sop = crate::sop::save(store, &text, previous.as_deref())?;
    store.conn().execute("UPDATE retro_actions SET pushed_to = ?2 WHERE id = ?1", params![action_id, sop.key])?;
    Ok(sop.key)
}

/// A template's source with a new key and name (the first `key =` and `name =` lines).
fn retitle(source: &str, key: &str, name: &str) -> String {
    let toml_str = |s: &str| toml::Value::String(s.to_string()).to_string();
    let (mut key_done, mut name_done) = (false, false);
    source
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if !key_done && t.starts_with("key") && t[3..].trim_start().starts_with('=') {
                key_done = true;
                format!("key = {}", toml_str(key))
            } else if !name_done && t.starts_with("name") && t[4..].trim_start().starts_with('=') {
                name_done = true;
                format!("name = {}", toml_str(name))
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- Comparison --------------------------------------------------------------------------------

/// One metric across cohorts.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CompareRow {
    pub key: String,
    /// A rate (0-1, shown as %) or a count.
    pub rate: bool,
    /// Whether more is better (quit rate: no).
    pub higher_is_better: bool,
    /// Whether a change is good or bad at all (the monitor's share should stay near 5%: neither).
    pub judged: bool,
    pub values: Vec<Option<f64>>,
    /// Each cohort against the first: value - first (none when either is missing).
    pub deltas: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Comparison {
    pub cohorts: Vec<Metrics>,
    pub rows: Vec<CompareRow>,
}

/// The metrics compared, in a fixed order: (key, rate, higher is better). The monitor's share is
/// shown but not judged (about 5% is healthy; more or less is not better).
pub const COMPARED: &[(&str, bool, bool)] = &[
    ("enrolled", false, true),
    ("completion_rate", true, true),
    ("quit_rate", true, false),
    ("checkin_rate", true, true),
    ("lecture_rate", true, true),
    ("homework_rate", true, true),
    ("excellent_rate", true, true),
    ("groups_in_band", false, true),
    ("points_mean", false, true),
    ("kocs", false, true),
    ("birthdays_celebrated", false, true),
    ("satisfaction_members", true, true),
    ("satisfaction_staff", true, true),
    ("nps", false, true),
    ("monitor_share", true, true),
    ("paid", false, true),
    ("renewal_rate", true, true),
    ("net_revenue", false, true),
    ("cost_per_paid", false, false),
    ("cost_per_completed", false, false),
];

fn value_of(m: &Metrics, key: &str) -> Option<f64> {
    match key {
        "enrolled" => Some(m.enrolled as f64),
        "completion_rate" => m.completion_rate,
        "quit_rate" => m.quit_rate,
        "checkin_rate" => m.checkin_rate,
        "lecture_rate" => m.lecture_rate,
        "homework_rate" => m.homework_rate,
        "excellent_rate" => m.excellent_rate,
        "groups_in_band" => Some(m.groups_in_band as f64),
        "points_mean" => m.points.mean,
        "kocs" => Some(m.kocs.len() as f64),
        "birthdays_celebrated" => Some(m.birthdays_celebrated as f64),
        "satisfaction_members" => m.satisfaction_members,
        "satisfaction_staff" => m.satisfaction_staff,
        "nps" => m.nps,
        "monitor_share" => m.monitor_share,
        "paid" => Some(m.growth.funnel.paid as f64),
        "renewal_rate" => ratio(m.growth.funnel.renewed, m.growth.funnel.paid),
        "net_revenue" => Some(m.growth.net_revenue as f64 / 100.0),
        "cost_per_paid" => m.growth.cost_per_paid.map(|f| f as f64 / 100.0),
        "cost_per_completed" => m.growth.cost_per_completed.map(|f| f as f64 / 100.0),
        _ => None,
    }
}

/// Two or more cohorts side by side, metric by metric, each against the first.
pub fn compare(store: &Store, cohort_ids: &[i64]) -> Result<Comparison> {
    if cohort_ids.len() < 2 {
        return Err(Error::Invalid { field: Field::Cohort, value: cohort_ids.len().to_string() });
    }
    let cohorts: Vec<Metrics> = cohort_ids.iter().map(|id| metrics(store, *id)).collect::<Result<_>>()?;
    let rows = COMPARED
        .iter()
        .map(|(key, rate, higher)| {
            let values: Vec<Option<f64>> = cohorts.iter().map(|m| value_of(m, key)).collect();
            let deltas = values.iter().map(|v| v.zip(values[0]).map(|(v, first)| v - first)).collect();
            CompareRow { key: key.to_string(), rate: *rate, higher_is_better: *higher, judged: *key != "monitor_share", values, deltas }
        })
        .collect();
    Ok(Comparison { cohorts, rows })
}
