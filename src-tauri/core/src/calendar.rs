//! A cohort's ritual calendar: the dated tasks its SOP template generates. Moving the cohort's
//! dates moves the tasks not done yet; done tasks are never touched.

use crate::cohorts;
use crate::error::{Entity, Error, Field, Result};
use crate::members::clean_name;
use crate::settings;
use crate::sop::{self, Sop};
pub use crate::wording::{fill, Context};
use crate::wording::{monitors_sql, sole_group_sql};
use crate::store::{now, Store};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Writes the plan of `sop` for a cohort: new occurrences are added, those not done yet get the
/// new dates and wording, and those the plan no longer has (and not done) are removed. A task the
/// operator snoozed keeps its time, one reassigned keeps its owner; one-off tasks are untouched.
pub(crate) fn apply(conn: &Connection, cohort_id: i64, sop: &Sop, start: NaiveDate, end: NaiveDate) -> Result<usize> {
    let plan = sop::plan(sop, start, end);
    let ts = now();
    let mut upsert = conn.prepare_cached(
        "INSERT INTO cohort_tasks (cohort_id, occurrence, due_date, due_time, day_number, title, role, message, checklist, action, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (cohort_id, occurrence) DO UPDATE SET
             due_date = CASE WHEN cohort_tasks.snoozed THEN cohort_tasks.due_date ELSE excluded.due_date END,
             due_time = CASE WHEN cohort_tasks.snoozed THEN cohort_tasks.due_time ELSE excluded.due_time END,
             day_number = excluded.day_number,
             title = excluded.title,
             role = CASE WHEN cohort_tasks.reassigned THEN cohort_tasks.role ELSE excluded.role END,
             message = excluded.message,
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

/// Gives a cohort an SOP template (bundled or the operator's own) and generates its calendar.
pub fn attach(store: &Store, cohort_id: i64, sop_key: &str) -> Result<usize> {
    let sop = sop::load(&store.conn(), sop_key)?;
    let c = cohorts::get(store, cohort_id)?;
    let (start, end) = (cohorts::parse_date(Field::StartDate, &c.start_date)?, cohorts::parse_date(Field::EndDate, &c.end_date)?);
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    tx.execute("UPDATE cohorts SET sop_key = ?2 WHERE id = ?1", params![cohort_id, sop_key])?;
    start_completion(&tx, cohort_id, &sop)?;
    let n = apply(&tx, cohort_id, &sop, start, end)?;
    tx.commit()?;
    Ok(n)
}

/// A template's 结业标准 becomes the cohort's, unless the cohort has its own already.
fn start_completion(conn: &rusqlite::Connection, cohort_id: i64, sop: &sop::Sop) -> Result<()> {
    if let Some(rule) = &sop.completion {
        let json = serde_json::to_string(rule).unwrap_or_else(|_| "{}".into());
        conn.execute("UPDATE cohorts SET completion = ?2 WHERE id = ?1 AND completion = '{}'", params![cohort_id, json])?;
    }
    Ok(())
}

/// Updates a cohort; its ritual calendar follows new dates (tasks already done stay where they
/// were).
pub fn update_cohort(store: &Store, id: i64, input: &cohorts::CohortInput) -> Result<cohorts::Cohort> {
    cohorts::update(store, id, input)?;
    follow_dates(store, id)?;
    cohorts::get(store, id)
}

/// Creates a cohort and, given a template, its calendar: all or nothing (an unknown template
/// leaves no cohort behind).
pub fn add_cohort(store: &Store, input: &cohorts::CohortInput, sop_key: Option<&str>) -> Result<cohorts::Cohort> {
    let id = {
        let mut conn = store.conn();
        let sop = sop_key.map(|k| sop::load(&conn, k)).transpose()?;
        let tx = conn.transaction()?;
        let id = cohorts::insert(&tx, input)?;
        if let (Some(sop), Some(key)) = (sop, sop_key) {
            let (start, end) = (cohorts::parse_date(Field::StartDate, &input.start_date)?, cohorts::parse_date(Field::EndDate, &input.end_date)?);
            tx.execute("UPDATE cohorts SET sop_key = ?2 WHERE id = ?1", params![id, key])?;
            start_completion(&tx, id, &sop)?;
            apply(&tx, id, &sop, start, end)?;
        }
        tx.commit()?;
        id
    };
    cohorts::get(store, id)
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

/// Cohorts whose calendar comes from `sop_key` and that have not ended: those an edit of the
/// template may update.
pub fn cohorts_using(store: &Store, sop_key: &str) -> Result<Vec<cohorts::Cohort>> {
    let today = crate::store::today().to_string();
    Ok(cohorts::list(store)?.into_iter().filter(|c| c.sop_key.as_deref() == Some(sop_key) && c.end_date >= today).collect())
}

/// After a template was edited: regenerates the calendars of the given cohorts from it. Tasks done
/// stay exactly as they were. Returns the number of tasks planned per cohort.
pub fn reapply(store: &Store, sop_key: &str, cohort_ids: &[i64]) -> Result<Vec<(i64, usize)>> {
    let mut out = Vec::new();
    for &id in cohort_ids {
        let c = cohorts::get(store, id)?;
        if c.sop_key.as_deref() != Some(sop_key) {
            continue;
        }
        out.push((id, attach(store, id, sop_key)?));
    }
    Ok(out)
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
    /// Added by hand, not from the template.
    pub one_off: bool,
    pub snoozed: bool,
    /// A welcome task while a group of the cohort is still being filled: welcome newcomers in
    /// batches, every this many minutes (the seeds' advice), rather than one by one.
    pub join_batch_minutes: Option<u32>,
}

const TASK_SELECT: &str = concat!(
    "SELECT t.id, t.cohort_id, c.name, c.start_date, t.due_date, t.due_time, t.day_number, t.title, t.role,
        t.done_at IS NOT NULL, t.message, t.checklist, t.action, ",
    sole_group_sql!(),
    ", c.link, ",
    monitors_sql!(),
    ", EXISTS (SELECT 1 FROM live_groups g WHERE g.cohort_id = c.id AND g.filled_on IS NULL),
        t.occurrence IS NULL, t.snoozed
    FROM cohort_tasks t JOIN live_cohorts c ON c.id = t.cohort_id"
);

fn task_from_row(r: &rusqlite::Row, batch_minutes: u32) -> rusqlite::Result<Task> {
    let (cohort, start, time, day, raw): (String, String, String, Option<i64>, String) = (r.get(2)?, r.get(3)?, r.get(5)?, r.get(6)?, r.get(10)?);
    let group: Option<String> = r.get(13)?;
    let link: String = r.get(14)?;
    let monitors: Option<String> = r.get(15)?;
    let filling: bool = r.get(16)?;
    let cx = Context {
        cohort: &cohort,
        start: &start,
        time: &time,
        day,
        group: group.as_deref(),
        link: &link,
        monitors: monitors.as_deref().unwrap_or(""),
    };
    let (message, missing) = fill(&raw, &cx);
    let checklist: String = r.get(11)?;
    let action: Option<String> = r.get(12)?;
    Ok(Task {
        id: r.get(0)?,
        cohort_id: r.get(1)?,
        date: r.get(4)?,
        day_number: day,
        title: r.get(7)?,
        role: r.get(8)?,
        done: r.get(9)?,
        message,
        missing,
        checklist: serde_json::from_str(&checklist).unwrap_or_default(),
        join_batch_minutes: (action.as_deref() == Some(WELCOME_ACTION) && filling).then_some(batch_minutes),
        action,
        one_off: r.get(17)?,
        snoozed: r.get(18)?,
        cohort,
        time,
    })
}

/// The action that marks a template's welcome task (the join-notice batching hint).
pub const WELCOME_ACTION: &str = "welcome";

/// A cohort's tasks from `from` to `to` (inclusive; none: all), in date and time order.
pub fn list(store: &Store, cohort_id: Option<i64>, from: Option<&str>, to: Option<&str>) -> Result<Vec<Task>> {
    let minutes = get_settings(store)?.join_batch_minutes;
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{TASK_SELECT} WHERE (?1 IS NULL OR t.cohort_id = ?1) AND (?2 IS NULL OR t.due_date >= ?2) AND (?3 IS NULL OR t.due_date <= ?3)
         ORDER BY t.due_date, t.due_time, t.id"
    ))?;
    let rows = stmt.query_map(params![cohort_id, from, to], |r| task_from_row(r, minutes))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(store: &Store, task_id: i64) -> Result<Task> {
    let minutes = get_settings(store)?.join_batch_minutes;
    store
        .conn()
        .query_row(&format!("{TASK_SELECT} WHERE t.id = ?1"), [task_id], |r| task_from_row(r, minutes))
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Task, id: task_id.to_string() })
}

fn parse_time(s: &str) -> Result<String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map(|t| t.format("%H:%M").to_string())
        .map_err(|_| Error::Invalid { field: Field::Time, value: s.to_string() })
}

fn clean_role(role: &str) -> Result<String> {
    let role = role.trim();
    if !sop::ROLES.contains(&role) {
        return Err(Error::Invalid { field: Field::Role, value: role.to_string() });
    }
    Ok(role.to_string())
}

/// Moves a task to another day and time (snooze): it stays there when the cohort's dates or
/// its template change.
pub fn snooze(store: &Store, task_id: i64, date: &str, time: &str) -> Result<Task> {
    let date = cohorts::parse_date(Field::Date, date)?;
    let time = parse_time(time)?;
    let n = store.conn().execute(
        "UPDATE cohort_tasks SET due_date = ?2, due_time = ?3, snoozed = 1 WHERE id = ?1",
        params![task_id, date.to_string(), time],
    )?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Task, id: task_id.to_string() });
    }
    get(store, task_id)
}

/// Gives a task to another role; kept when the template changes.
pub fn reassign(store: &Store, task_id: i64, role: &str) -> Result<Task> {
    let role = clean_role(role)?;
    let n = store.conn().execute("UPDATE cohort_tasks SET role = ?2, reassigned = 1 WHERE id = ?1", params![task_id, role])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Task, id: task_id.to_string() });
    }
    get(store, task_id)
}

/// A task added by hand to a cohort's calendar.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct TaskInput {
    pub cohort_id: i64,
    /// YYYY-MM-DD
    pub date: String,
    /// HH:MM
    pub time: String,
    pub title: String,
    /// 班长, 助教 … or 群主; empty: 群主.
    pub role: String,
    pub message: String,
}

/// Adds a one-off task (not from the template; never changed by it).
pub fn add_task(store: &Store, input: &TaskInput) -> Result<Task> {
    let c = cohorts::get(store, input.cohort_id)?;
    let date = cohorts::parse_date(Field::Date, &input.date)?;
    let time = parse_time(&input.time)?;
    let title = clean_name(Field::Title, &input.title, 200)?;
    let role = clean_role(if input.role.trim().is_empty() { "群主" } else { &input.role })?;
    let message = input.message.trim().to_string();
    crate::members::check_len(Field::Notes, &message, 5000)?;
    if let Some(p) = sop::unknown_placeholders(&message).into_iter().next() {
        return Err(Error::UnknownPlaceholder { rule: message, placeholder: p });
    }
    let start = cohorts::parse_date(Field::StartDate, &c.start_date)?;
    let conn = store.conn();
    conn.execute(
        "INSERT INTO cohort_tasks (cohort_id, occurrence, due_date, due_time, day_number, title, role, message, created_at)
         VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![c.id, date.to_string(), time, (date - start).num_days() + 1, title, role, message, now()],
    )?;
    let id = conn.last_insert_rowid();
    drop(conn);
    get(store, id)
}

/// Deletes a one-off task. Template tasks cannot be deleted (the next update would bring them
/// back): tick them done instead.
pub fn delete_task(store: &Store, task_id: i64) -> Result<()> {
    let task = get(store, task_id)?;
    if !task.one_off {
        return Err(Error::TemplateTask { title: task.title });
    }
    store.conn().execute("DELETE FROM cohort_tasks WHERE id = ?1", [task_id])?;
    Ok(())
}

/// Calendar settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CalendarSettings {
    /// While a group is being filled, welcome newcomers in batches every this many minutes (15-30).
    pub join_batch_minutes: u32,
    /// A desktop notification when a task falls due.
    pub notify: bool,
}

impl Default for CalendarSettings {
    fn default() -> Self {
        CalendarSettings { join_batch_minutes: 20, notify: true }
    }
}

const SETTINGS_KEY: &str = "calendar";
const CHECKED_KEY: &str = "calendar.checked";

pub fn get_settings(store: &Store) -> Result<CalendarSettings> {
    Ok(settings::get(store, SETTINGS_KEY)?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

pub fn set_settings(store: &Store, s: &CalendarSettings) -> Result<CalendarSettings> {
    if !(15..=30).contains(&s.join_batch_minutes) {
        return Err(Error::Invalid { field: Field::Time, value: s.join_batch_minutes.to_string() });
    }
    settings::set(store, SETTINGS_KEY, &serde_json::to_string(s).unwrap_or_default())?;
    get_settings(store)
}

/// Tasks not done whose time came since the last check (while the app ran, or while it was
/// closed: the first check after a start lists those missed), each returned once. The very first
/// check starts now: a new data folder is not flooded with the past.
pub fn due_tasks(store: &Store, at: NaiveDateTime) -> Result<Vec<Task>> {
    let at_text = at.format("%Y-%m-%d %H:%M").to_string();
    let since = match settings::get(store, CHECKED_KEY)? {
        Some(s) => s,
        None => {
            settings::set(store, CHECKED_KEY, &at_text)?;
            return Ok(Vec::new());
        }
    };
    if since >= at_text {
        return Ok(Vec::new());
    }
    let minutes = get_settings(store)?.join_batch_minutes;
    let due = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "{TASK_SELECT} WHERE t.done_at IS NULL AND t.due_date || ' ' || t.due_time > ?1 AND t.due_date || ' ' || t.due_time <= ?2
             ORDER BY t.due_date, t.due_time, t.id"
        ))?;
        let rows = stmt.query_map(params![since, at_text], |r| task_from_row(r, minutes))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    settings::set(store, CHECKED_KEY, &at_text)?;
    Ok(due)
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
