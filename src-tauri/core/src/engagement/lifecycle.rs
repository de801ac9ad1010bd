//! Each member's state in a cohort (active, silent, left) from their marks and messages, and the
//! recall list with its message.

use crate::cohorts::{self, parse_date};
use crate::error::{Entity, Error, Field, Result};
use crate::store::{now, Store};
use chrono::{Duration, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const SILENT_DAYS: &str = "engagement.silent_days";
pub const RECALL_MESSAGE: &str = "engagement.recall_message";
pub const DEFAULT_SILENT_DAYS: u32 = 7;
pub const DEFAULT_RECALL_MESSAGE: &str = "@{成员} 好久没在群里看到你啦～最近还好吗？今天的打卡还差你一个，有什么卡住的地方随时找我 😊";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Active,
    Silent,
    Left,
}

/// A member's state in a cohort and since when.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Lifecycle {
    pub member_id: i64,
    pub name: String,
    pub group: Option<String>,
    pub state: State,
    /// The day the state began: joined or first active; silent from the Nth day without activity;
    /// the left-group date.
    pub since: String,
    /// The last day with any mark, point or activity reply; none yet: null.
    pub last_active: Option<String>,
    /// Days since the last activity (or since joining), as of today or the cohort's last day.
    pub days_silent: i64,
    /// The last time the operator contacted them to come back, with the note.
    pub contacted_at: Option<String>,
    pub contact_note: Option<String>,
}

pub fn silent_days(store: &Store) -> Result<u32> {
    Ok(crate::settings::get(store, SILENT_DAYS)?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_SILENT_DAYS))
}

pub fn set_silent_days(store: &Store, days: u32) -> Result<()> {
    if !(1..=60).contains(&days) {
        return Err(Error::Invalid { field: Field::Days, value: days.to_string() });
    }
    crate::settings::set(store, SILENT_DAYS, &days.to_string())
}

pub fn recall_message(store: &Store) -> Result<String> {
    Ok(crate::settings::get(store, RECALL_MESSAGE)?.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| DEFAULT_RECALL_MESSAGE.to_string()))
}

pub fn set_recall_message(store: &Store, message: &str) -> Result<()> {
    crate::settings::set(store, RECALL_MESSAGE, message.trim())
}

/// The recall settings as the settings screen edits them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RecallSettings {
    pub silent_days: u32,
    pub recall_message: String,
}

pub fn recall_settings(store: &Store) -> Result<RecallSettings> {
    Ok(RecallSettings { silent_days: silent_days(store)?, recall_message: recall_message(store)? })
}

pub fn set_recall_settings(store: &Store, s: &RecallSettings) -> Result<()> {
    set_silent_days(store, s.silent_days)?;
    set_recall_message(store, &s.recall_message)
}

/// Every member's state in the cohort as of `today` (or the cohort's last day once it ended):
/// left (a left-group date), silent (no activity for `days` days), else active.
pub fn lifecycle(store: &Store, cohort_id: i64, days: u32, today: NaiveDate) -> Result<Vec<Lifecycle>> {
    let c = cohorts::get(store, cohort_id)?;
    let end = parse_date(Field::EndDate, &c.end_date)?;
    let start = parse_date(Field::StartDate, &c.start_date)?;
    let asof = today.min(end);
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, g.name, ms.joined_on, ms.left_on,
                (SELECT min(d) FROM (SELECT min(day) AS d FROM marks WHERE cohort_id = ?1 AND member_id = m.id
                                     UNION ALL SELECT min(day) FROM points_ledger WHERE cohort_id = ?1 AND member_id = m.id AND kind = 'rule'
                                     UNION ALL SELECT min(a.day) FROM activity_people ap JOIN activities a ON a.id = ap.activity_id
                                               WHERE a.cohort_id = ?1 AND ap.member_id = m.id AND ap.stage >= 2)),
                (SELECT max(d) FROM (SELECT max(day) AS d FROM marks WHERE cohort_id = ?1 AND member_id = m.id
                                     UNION ALL SELECT max(day) FROM points_ledger WHERE cohort_id = ?1 AND member_id = m.id AND kind = 'rule'
                                     UNION ALL SELECT max(a.day) FROM activity_people ap JOIN activities a ON a.id = ap.activity_id
                                               WHERE a.cohort_id = ?1 AND ap.member_id = m.id AND ap.stage >= 2)),
                (SELECT contacted_at || char(31) || note FROM recall_contacts r WHERE r.cohort_id = ?1 AND r.member_id = m.id ORDER BY contacted_at DESC, id DESC LIMIT 1)
         FROM memberships ms JOIN live_members m ON m.id = ms.member_id
         LEFT JOIN groups g ON g.id = ms.group_id
         WHERE ms.cohort_id = ?1
         ORDER BY m.name, m.id",
    )?;
    let rows = stmt.query_map([cohort_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (member_id, name, group, joined, left, first, last, contact) = row?;
        let joined_day = NaiveDate::parse_from_str(&joined, "%Y-%m-%d").unwrap_or(start).max(start);
        let base = last.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).unwrap_or(joined_day);
        let days_silent = (asof - base).num_days().max(0);
        let (contacted_at, contact_note) = match contact.as_deref().and_then(|c| c.split_once('\u{1f}')) {
            Some((at, note)) => (Some(at.to_string()), Some(note.to_string())),
            None => (None, None),
        };
        let (state, since) = if let Some(left) = left.clone() {
            (State::Left, left)
        } else if days_silent >= i64::from(days) {
            (State::Silent, (base + Duration::days(i64::from(days))).to_string())
        } else {
            (State::Active, first.clone().unwrap_or_else(|| joined_day.to_string()))
        };
        out.push(Lifecycle { member_id, name, group, state, since, last_active: last, days_silent, contacted_at, contact_note });
    }
    Ok(out)
}

/// The silent members of a cohort (longest silent first), with the recall 话术 to copy.
pub fn silent(store: &Store, cohort_id: i64, days: u32, today: NaiveDate) -> Result<Vec<Lifecycle>> {
    let mut list: Vec<Lifecycle> = lifecycle(store, cohort_id, days, today)?.into_iter().filter(|l| l.state == State::Silent).collect();
    list.sort_by(|a, b| b.days_silent.cmp(&a.days_silent).then_with(|| a.name.cmp(&b.name)));
    Ok(list)
}

/// Notes that a silent member was contacted (now), with what was said or agreed.
pub fn note_contact(store: &Store, cohort_id: i64, member_id: i64, note: &str) -> Result<()> {
    note_contacts(store, cohort_id, &[member_id], note).map(|_| ())
}

/// Notes that several members were contacted at once (one @-list sent to the group): all of
/// them or, if one is not in the cohort, none. Returns how many were noted.
pub fn note_contacts(store: &Store, cohort_id: i64, member_ids: &[i64], note: &str) -> Result<usize> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let at = now();
    for &member_id in member_ids {
        let placed: bool = tx
            .prepare_cached("SELECT 1 FROM memberships WHERE cohort_id = ?1 AND member_id = ?2")?
            .exists(params![cohort_id, member_id])?;
        if !placed {
            return Err(Error::NotFound { entity: Entity::Membership, id: member_id.to_string() });
        }
        tx.execute(
            "INSERT INTO recall_contacts (cohort_id, member_id, contacted_at, note) VALUES (?1, ?2, ?3, ?4)",
            params![cohort_id, member_id, at, note.trim()],
        )?;
    }
    tx.commit()?;
    Ok(member_ids.len())
}
