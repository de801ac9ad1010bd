//! A cohort's ritual calendar: the dated tasks its SOP template generates. Moving the cohort's
//! dates moves the tasks not done yet; done tasks are never touched.

use crate::cohorts;
use crate::error::{Entity, Error, Field, Result};
use crate::sop::{self, Sop};
use crate::store::{now, Store};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// Writes the plan of `sop` for a cohort: new occurrences are added, those not done yet get the
/// new dates, and those the plan no longer has (and not done) are removed.
pub(crate) fn apply(conn: &Connection, cohort_id: i64, sop: &Sop, start: NaiveDate, end: NaiveDate) -> Result<usize> {
    let plan = sop::plan(sop, start, end);
    let ts = now();
    let mut upsert = conn.prepare_cached(
        "INSERT INTO cohort_tasks (cohort_id, occurrence, due_date, due_time, day_number, title, role, message, checklist, action, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (cohort_id, occurrence) DO UPDATE SET
             due_date = excluded.due_date, due_time = excluded.due_time, day_number = excluded.day_number,
             title = excluded.title, role = excluded.role, message = excluded.message,
             checklist = excluded.checklist, action = excluded.action
         WHERE cohort_tasks.done_at IS NULL",
    )?;
    for p in &plan {
        let t = sop.tasks.iter().find(|t| t.key == p.task_key).expect("planned from this template");
        upsert.execute(params![
            cohort_id, p.occurrence, p.date.to_string(), t.time, p.day_number, t.title, t.role, t.message,
            serde_json::to_string(&t.checklist).unwrap_or_else(|_| "[]".into()), t.action, ts
        ])?;
    }
    let keep: Vec<rusqlite::types::Value> = plan.iter().map(|p| p.occurrence.clone().into()).collect();
    conn.execute(
        "DELETE FROM cohort_tasks WHERE cohort_id = ?1 AND occurrence IS NOT NULL AND done_at IS NULL
           AND occurrence NOT IN rarray(?2)",
        params![cohort_id, std::rc::Rc::new(keep)],
    )?;
    Ok(plan.len())
}

/// Gives a cohort an SOP (a bundled template's key) and generates its calendar.
pub fn attach(store: &Store, cohort_id: i64, sop_key: &str) -> Result<usize> {
    let sop = sop::bundled(sop_key)?;
    let c = cohorts::get(store, cohort_id)?;
    let (start, end) = (cohorts::parse_date(Field::StartDate, &c.start_date)?, cohorts::parse_date(Field::EndDate, &c.end_date)?);
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    tx.execute("UPDATE cohorts SET sop_key = ?2 WHERE id = ?1", params![cohort_id, sop_key])?;
    let n = apply(&tx, cohort_id, &sop, start, end)?;
    tx.commit()?;
    Ok(n)
}

/// After a cohort's dates changed: its calendar follows (tasks done stay as they were).
pub fn follow_dates(store: &Store, cohort_id: i64) -> Result<()> {
    let key: Option<String> = store
        .conn()
        .query_row("SELECT sop_key FROM cohorts WHERE id = ?1", [cohort_id], |r| r.get(0))
        .optional()?
        .flatten();
    if let Some(key) = key {
        attach(store, cohort_id, &key)?;
    }
    Ok(())
}

/// A task as the calendar shows it, its 话术 filled from the cohort.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Task {
    pub id: i64,
    pub cohort_id: i64,
    pub cohort: String,
    pub date: String,
    pub time: String,
    pub day_number: Option<i64>,
    pub title: String,
    pub role: String,
    pub done: bool,
    /// The 话术 with the placeholders Qunzhu knows filled in.
    pub message: String,
    /// Placeholders left without a value (shown highlighted, never blank), such as {链接}.
    pub missing: Vec<String>,
    pub checklist: Vec<String>,
    pub action: Option<String>,
}

/// Fills a 话术 for a cohort task; returns the text and the placeholders left unfilled.
pub fn fill(message: &str, cohort: &str, start: &str, time: &str, day: Option<i64>, group: Option<&str>) -> (String, Vec<String>) {
    let number = cohorts::cohort_number(cohort);
    let camp = cohort.split(['第', ' ']).next().unwrap_or(cohort).trim().to_string();
    let mut out = message.to_string();
    for (k, v) in [
        ("{营}", Some(if camp.is_empty() { cohort.to_string() } else { camp })),
        ("{期}", (!number.is_empty()).then_some(number)),
        ("{日期}", Some(start.to_string())),
        ("{时间}", Some(time.to_string())),
        ("{第N天}", day.filter(|d| *d >= 1).map(|d| d.to_string())),
        ("{群}", group.map(String::from)),
    ] {
        if let Some(v) = v {
            out = out.replace(k, &v);
        }
    }
    let missing = sop::PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).filter(|p| out.contains(p.as_str())).collect();
    (out, missing)
}

/// A cohort's tasks from `from` to `to` (inclusive; none: all), in date and time order.
pub fn list(store: &Store, cohort_id: Option<i64>, from: Option<&str>, to: Option<&str>) -> Result<Vec<Task>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.cohort_id, c.name, c.start_date, t.due_date, t.due_time, t.day_number, t.title, t.role,
                t.done_at IS NOT NULL, t.message, t.checklist, t.action,
                (SELECT g.name FROM groups g WHERE g.cohort_id = c.id AND g.deleted_at IS NULL ORDER BY g.id LIMIT 1),
                (SELECT count(*) FROM groups g WHERE g.cohort_id = c.id AND g.deleted_at IS NULL)
         FROM cohort_tasks t JOIN cohorts c ON c.id = t.cohort_id AND c.deleted_at IS NULL
         WHERE (?1 IS NULL OR t.cohort_id = ?1) AND (?2 IS NULL OR t.due_date >= ?2) AND (?3 IS NULL OR t.due_date <= ?3)
         ORDER BY t.due_date, t.due_time, t.id",
    )?;
    let rows = stmt.query_map(params![cohort_id, from, to], |r| {
        let (cohort, start, time, day, raw): (String, String, String, Option<i64>, String) = (r.get(2)?, r.get(3)?, r.get(5)?, r.get(6)?, r.get(10)?);
        let first_group: Option<String> = r.get(13)?;
        let groups: i64 = r.get(14)?;
        // {群}: the group's name when the cohort has exactly one; several groups: left for the operator.
        let group = if groups == 1 { first_group } else { None };
        let (message, missing) = fill(&raw, &cohort, &start, &time, day, group.as_deref());
        let checklist: String = r.get(11)?;
        Ok(Task {
            id: r.get(0)?,
            cohort_id: r.get(1)?,
            cohort,
            date: r.get(4)?,
            time,
            day_number: day,
            title: r.get(7)?,
            role: r.get(8)?,
            done: r.get(9)?,
            message,
            missing,
            checklist: serde_json::from_str(&checklist).unwrap_or_default(),
            action: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ticks a task done (or not done again).
pub fn set_done(store: &Store, task_id: i64, done: bool) -> Result<()> {
    let n = store.conn().execute(
        "UPDATE cohort_tasks SET done_at = CASE WHEN ?2 THEN coalesce(done_at, ?3) ELSE NULL END WHERE id = ?1",
        params![task_id, done, now()],
    )?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Task, id: task_id.to_string() });
    }
    Ok(())
}

/// A cohort's calendar as an iCalendar file: each task an event at its local time (floating, as
/// the operator means "20:00 wherever I am"), 30 minutes long, with a reminder 10 minutes before.
/// UIDs depend on the cohort and the task's occurrence, so a newer export updates events.
pub fn ics(store: &Store, cohort_id: i64) -> Result<String> {
    use icalendar::{Alarm, Component, Event, EventLike, Trigger};
    let cohort = cohorts::get(store, cohort_id)?;
    let tasks = list(store, Some(cohort_id), None, None)?;
    let keys: std::collections::HashMap<i64, Option<String>> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached("SELECT id, occurrence FROM cohort_tasks WHERE cohort_id = ?1")?;
        let rows = stmt.query_map([cohort_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut cal = crate::ics::calendar("Ritual calendar 1.0", &format!("群主 · {}", cohort.name));
    let stamp = chrono::Utc::now();
    for t in tasks {
        let Ok(start) = chrono::NaiveDateTime::parse_from_str(&format!("{} {}", t.date, t.time), "%Y-%m-%d %H:%M") else { continue };
        let key = keys.get(&t.id).cloned().flatten().unwrap_or_else(|| format!("one-off-{}", t.id));
        let uid = format!("qunzhu-cohort-{cohort_id}-{}@qunzhu.app", key.replace('#', "-"));
        let mut desc = t.message.clone();
        if !t.checklist.is_empty() {
            desc.push_str("\n\n");
            desc.push_str(&t.checklist.iter().map(|c| format!("□ {c}")).collect::<Vec<_>>().join("\n"));
        }
        let mut e = Event::new();
        e.uid(&uid)
            .timestamp(stamp)
            .starts(start)
            .ends(start + chrono::Duration::minutes(30))
            .summary(&format!("{}（{}）", t.title, t.role))
            .description(&desc);
        e.alarm(Alarm::display(&t.title, Trigger::before_start(chrono::Duration::minutes(10))).uid(&format!("alarm-{uid}")).done());
        cal.push(e.done());
    }
    Ok(cal.done().to_string())
}
