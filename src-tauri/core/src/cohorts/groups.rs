//! A cohort's groups (群): names proposed from the cohort's rule, checked, added, edited, trashed.

use super::{cohort_number, ensure_cohort, get, optional_date, Group, GroupInput, SizeBand, FILL_DAYS_MAX, HEALTHY_MAX, HEALTHY_MIN};
use crate::error::{Entity, Error, Field, Result};
use crate::members::{check_len, clean_name};
use crate::store::{now, today, Store};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};


/// Proposes a name for the next group of a cohort from its naming rule.
pub fn propose_group_name(store: &Store, cohort_id: i64, city: &str, channel: &str) -> Result<String> {
    let cohort = get(store, cohort_id)?;
    let next = {
        let conn = store.conn();
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM live_groups WHERE cohort_id = ?1 AND city = ?2 AND channel = ?3",
            params![cohort_id, city.trim(), channel.trim()],
            |r| r.get(0),
        )?;
        n + 1
    };
    Ok(group_name(&cohort.group_name_rule, &cohort.name, city, channel, next))
}

/// A group name by a cohort's rule: `{期}期{城市}{序号}群` for 第3期, 北京, the first → 3期北京1群.
pub fn group_name(rule: &str, cohort_name: &str, city: &str, channel: &str, seq: i64) -> String {
    rule.replace("{期}", &cohort_number(cohort_name))
        .replace("{营}", cohort_name)
        .replace("{城市}", city.trim())
        .replace("{渠道}", channel.trim())
        .replace("{序号}", &seq.to_string())
}

fn clean_group(input: &GroupInput) -> Result<(String, String, String, NaiveDate, Option<NaiveDate>)> {
    let name = clean_name(Field::Name, &input.name, 100)?;
    let city = input.city.trim().to_string();
    check_len(Field::City, &city, 50)?;
    let channel = input.channel.trim().to_string();
    check_len(Field::Channel, &channel, 50)?;
    let opened = optional_date(Field::Date, &input.opened_on)?.unwrap_or_else(today);
    let filled = optional_date(Field::Date, &input.filled_on)?;
    if let Some(f) = filled {
        if f < opened {
            return Err(Error::EndBeforeStart { start: opened.to_string(), end: f.to_string() });
        }
    }
    Ok((name, city, channel, opened, filled))
}

fn check_group_name(conn: &Connection, cohort_id: i64, name: &str, except: i64) -> Result<()> {
    let taken: Option<i64> = conn
        .query_row(
            "SELECT id FROM live_groups WHERE cohort_id = ?1 AND name = ?2 AND id <> ?3",
            params![cohort_id, name, except],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(Error::Duplicate { field: Field::Name, value: name.to_string(), owner: name.to_string(), owner_id: None });
    }
    Ok(())
}

pub(crate) fn insert_group(conn: &Connection, cohort_id: i64, input: &GroupInput) -> Result<i64> {
    ensure_cohort(conn, cohort_id)?;
    let (name, city, channel, opened, filled) = clean_group(input)?;
    check_group_name(conn, cohort_id, &name, -1)?;
    conn.execute(
        "INSERT INTO groups (cohort_id, name, city, channel, opened_on, filled_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![cohort_id, name, city, channel, opened.to_string(), filled.map(|d| d.to_string()), now()],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn add_group(store: &Store, cohort_id: i64, input: &GroupInput) -> Result<Group> {
    let id = insert_group(&store.conn(), cohort_id, input)?;
    get_group(store, id)
}

pub fn update_group(store: &Store, id: i64, input: &GroupInput) -> Result<Group> {
    let (name, city, channel, opened, filled) = clean_group(input)?;
    {
        let conn = store.conn();
        let cohort_id: i64 = conn
            .query_row("SELECT cohort_id FROM live_groups WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { entity: Entity::Group, id: id.to_string() })?;
        check_group_name(&conn, cohort_id, &name, id)?;
        conn.execute(
            "UPDATE groups SET name = ?2, city = ?3, channel = ?4, opened_on = ?5, filled_on = ?6 WHERE id = ?1",
            params![id, name, city, channel, opened.to_string(), filled.map(|d| d.to_string())],
        )?;
    }
    get_group(store, id)
}

const GROUP_SELECT: &str = "SELECT g.id, g.cohort_id, g.name, g.city, g.channel, g.opened_on, g.filled_on,
        (SELECT count(*) FROM memberships ms JOIN live_members m ON m.id = ms.member_id
          WHERE ms.group_id = g.id AND ms.left_on IS NULL),
        c.end_date
    FROM live_groups g JOIN live_cohorts c ON c.id = g.cohort_id
    WHERE true";

fn group_from_row(r: &rusqlite::Row) -> rusqlite::Result<Group> {
    let opened: String = r.get(5)?;
    let filled: Option<String> = r.get(6)?;
    let size: i64 = r.get(7)?;
    let cohort_end: String = r.get(8)?;
    let band = if size < HEALTHY_MIN {
        SizeBand::Under
    } else if size > HEALTHY_MAX {
        SizeBand::Over
    } else {
        SizeBand::Healthy
    };
    let open_date = NaiveDate::parse_from_str(&opened, "%Y-%m-%d").unwrap_or_else(|_| today());
    // Recruitment stops when the group is marked full, reaches the healthy band, or the cohort ends.
    let stop = filled
        .as_deref()
        .and_then(|f| NaiveDate::parse_from_str(f, "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::parse_from_str(&cohort_end, "%Y-%m-%d").ok().filter(|e| *e < today()))
        .unwrap_or_else(today);
    let fill_days = (stop - open_date).num_days().max(0);
    let still_filling = filled.is_none() && band == SizeBand::Under && stop == today();
    Ok(Group {
        id: r.get(0)?,
        cohort_id: r.get(1)?,
        name: r.get(2)?,
        city: r.get(3)?,
        channel: r.get(4)?,
        opened_on: opened,
        filled_on: filled.clone(),
        size,
        band,
        fill_days,
        slow_fill: fill_days > FILL_DAYS_MAX && (still_filling || filled.is_some()),
    })
}

pub fn get_group(store: &Store, id: i64) -> Result<Group> {
    store
        .conn()
        .query_row(&format!("{GROUP_SELECT} AND g.id = ?1"), [id], group_from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Group, id: id.to_string() })
}

pub fn list_groups(store: &Store, cohort_id: i64) -> Result<Vec<Group>> {
    let conn = store.conn();
    ensure_cohort(&conn, cohort_id)?;
    let mut stmt = conn.prepare_cached(&format!("{GROUP_SELECT} AND g.cohort_id = ?1 ORDER BY g.id"))?;
    let rows = stmt.query_map([cohort_id], group_from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Moves a group to the trash; its members stay in the cohort, without a group.
pub fn delete_group(store: &Store, id: i64) -> Result<()> {
    let n = store
        .conn()
        .execute("UPDATE groups SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", params![id, now()])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Group, id: id.to_string() });
    }
    Ok(())
}

/// What the cohort form shows under its two patterns as they are typed: the first group's name
/// (for the first city the operator is likely to use) and the first certificate serial, or why
/// the serial pattern cannot be used.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct PatternPreview {
    pub group_name: String,
    pub serial: Option<String>,
    pub serial_error: Option<String>,
}

pub fn preview_patterns(cohort_name: &str, rule: &str, serial: &str, year: i32, lang: crate::i18n::Lang) -> PatternPreview {
    let (serial, serial_error) = match crate::serials::example(serial, &cohort_number(cohort_name), year) {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(e.message(lang))),
    };
    PatternPreview { group_name: group_name(rule, cohort_name, "北京", "", 1), serial, serial_error }
}
