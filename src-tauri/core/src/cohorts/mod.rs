//! Cohorts (期), their groups (群) and who is in which with what role (memberships).

use crate::error::{Entity, Error, Field, Result};
use crate::members::{check_len, clean_name};
use crate::store::{now, today, Store};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod current;
mod groups;
mod memberships;

pub use current::*;
pub use groups::*;
pub use memberships::*;

/// Healthy group size, from the seeds: below it a group feels empty, above it nobody is heard.
pub const HEALTHY_MIN: i64 = 150;
pub const HEALTHY_MAX: i64 = 350;
/// Filling a group should take at most four weeks.
pub const FILL_DAYS_MAX: i64 = 28;
pub const DEFAULT_RULE: &str = "{期}期{城市}{序号}群";
const PLACEHOLDERS: &[&str] = &["期", "营", "城市", "渠道", "序号"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CohortStatus {
    Upcoming,
    Running,
    Finished,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Cohort {
    pub id: i64,
    pub name: String,
    pub start_date: String,
    pub end_date: String,
    pub group_name_rule: String,
    pub notes: String,
    /// The check-in or live-room link {链接} stands for in 话术.
    pub link: String,
    /// The SOP template its calendar comes from, if any.
    pub sop_key: Option<String>,
    /// Certificate serials: empty means `{前缀}-{年}-{序号:06}`.
    pub serial_pattern: String,
    pub status: CohortStatus,
    /// Today's day of the cohort: 1 on its start date, 0 or less before it, over `days` after it.
    pub day: i64,
    /// Its length in days, start and end included.
    pub days: i64,
    pub groups: i64,
    pub members: i64,
}

/// Dates are text here so a wrong one gets Qunzhu's own error, not a decoder's.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CohortInput {
    pub name: String,
    /// YYYY-MM-DD
    pub start_date: String,
    /// YYYY-MM-DD, on or after the start
    pub end_date: String,
    /// Empty: the default `{期}期{城市}{序号}群`.
    pub group_name_rule: String,
    pub notes: String,
    /// The check-in or live-room link ({链接} in 话术); empty: none.
    pub link: String,
    /// Certificate serial pattern, e.g. `XZ-{年}-{序号:05}`; empty: `{前缀}-{年}-{序号:06}`.
    pub serial_pattern: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SizeBand {
    Under,
    Healthy,
    Over,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Group {
    pub id: i64,
    pub cohort_id: i64,
    pub name: String,
    pub city: String,
    pub channel: String,
    pub opened_on: String,
    pub filled_on: Option<String>,
    /// Members in the group who have not left.
    pub size: i64,
    pub band: SizeBand,
    /// Days recruitment has run: until it was marked full, or until today.
    pub fill_days: i64,
    /// Still filling (or filled) after more than four weeks.
    pub slow_fill: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct GroupInput {
    pub name: String,
    pub city: String,
    pub channel: String,
    /// YYYY-MM-DD; empty means today.
    pub opened_on: String,
    /// YYYY-MM-DD when the operator marks the group full; empty while still filling.
    pub filled_on: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MembershipInput {
    pub member_id: i64,
    pub cohort_id: i64,
    pub group_id: Option<i64>,
    pub role_id: Option<i64>,
    /// YYYY-MM-DD; empty means today.
    pub joined_on: String,
    /// YYYY-MM-DD when the member left the group; empty while they stay.
    pub left_on: String,
}

/// A YYYY-MM-DD date the user typed; the error names the field.
pub fn parse_date(field: Field, s: &str) -> Result<NaiveDate> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::Empty { field });
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Error::Invalid { field, value: t.to_string() })
}

fn optional_date(field: Field, s: &str) -> Result<Option<NaiveDate>> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, s).map(Some)
    }
}

/// Checks a group naming rule: every `{...}` must be a known placeholder.
pub fn validate_rule(rule: &str) -> Result<()> {
    let mut rest = rule;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(Error::Invalid { field: Field::GroupNameRule, value: rule.to_string() });
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(Error::UnknownPlaceholder { rule: rule.to_string(), placeholder: format!("{{{name}}}") });
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err(Error::Invalid { field: Field::GroupNameRule, value: rule.to_string() });
    }
    Ok(())
}

/// The camp a cohort belongs to, for `{营}` and a certificate's issuer: "21天写作营" from
/// "21天写作营 第3期"; a name with nothing before 第 or a space is its own camp.
pub fn camp_name(name: &str) -> String {
    let camp = name.split(['第', ' ']).next().unwrap_or(name).trim();
    if camp.is_empty() { name.to_string() } else { camp.to_string() }
}

/// The short number of a cohort for `{期}`: `3` from "21天写作营 第3期" or "写作营3期"; else the name.
pub fn cohort_number(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if let Some(qi) = chars.iter().rposition(|c| *c == '期') {
        let start = chars[..qi].iter().rposition(|c| !c.is_ascii_digit() && !is_cn_numeral(*c)).map_or(0, |p| p + 1);
        if start < qi {
            return chars[start..qi].iter().collect();
        }
    }
    let digits: String = chars.iter().rev().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return digits.chars().rev().collect();
    }
    name.to_string()
}

fn is_cn_numeral(c: char) -> bool {
    "零一二三四五六七八九十百".contains(c)
}

struct CleanCohort {
    name: String,
    start: NaiveDate,
    end: NaiveDate,
    rule: String,
    notes: String,
    link: String,
    serial_pattern: String,
}

/// The longest a cohort may run, in days: three years.
pub const MAX_COHORT_DAYS: i64 = 3 * 366;

fn clean_cohort(input: &CohortInput) -> Result<CleanCohort> {
    let name = clean_name(Field::Name, &input.name, 100)?;
    let start = parse_date(Field::StartDate, &input.start_date)?;
    let end = parse_date(Field::EndDate, &input.end_date)?;
    if end < start {
        return Err(Error::EndBeforeStart { start: start.to_string(), end: end.to_string() });
    }
    // A cohort is weeks or months long; a year card a year. An end in 9999 is a typo, and its
    // calendar would take minutes to plan.
    if (end - start).num_days() > MAX_COHORT_DAYS {
        return Err(Error::TooLongCohort { start: start.to_string(), end: end.to_string(), max_days: MAX_COHORT_DAYS });
    }
    let rule = match input.group_name_rule.trim() {
        "" => DEFAULT_RULE.to_string(),
        r => r.to_string(),
    };
    check_len(Field::GroupNameRule, &rule, 100)?;
    validate_rule(&rule)?;
    let notes = input.notes.trim().to_string();
    check_len(Field::Notes, &notes, 5000)?;
    let link = input.link.trim().to_string();
    check_len(Field::Link, &link, 500)?;
    if link.chars().any(char::is_whitespace) {
        return Err(Error::Invalid { field: Field::Link, value: link });
    }
    let serial_pattern = input.serial_pattern.trim().to_string();
    check_len(Field::Serial, &serial_pattern, 60)?;
    crate::serials::validate_pattern(&serial_pattern)?;
    Ok(CleanCohort { name, start, end, rule, notes, link, serial_pattern })
}

fn check_cohort_name(conn: &Connection, name: &str, except: i64) -> Result<()> {
    let taken: Option<i64> = conn
        .query_row(
            "SELECT id FROM live_cohorts WHERE name = ?1 AND id <> ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(Error::Duplicate { field: Field::Name, value: name.to_string(), owner: name.to_string(), owner_id: None });
    }
    Ok(())
}

pub(crate) fn insert(conn: &Connection, input: &CohortInput) -> Result<i64> {
    let c = clean_cohort(input)?;
    check_cohort_name(conn, &c.name, -1)?;
    conn.execute(
        "INSERT INTO cohorts (name, start_date, end_date, group_name_rule, notes, link, serial_pattern, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![c.name, c.start.to_string(), c.end.to_string(), c.rule, c.notes, c.link, c.serial_pattern, now()],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn add(store: &Store, input: &CohortInput) -> Result<Cohort> {
    let id = insert(&store.conn(), input)?;
    get(store, id)
}

/// Writes the cohort's fields; `calendar::update_cohort` also moves its calendar with new dates.
pub fn update(store: &Store, id: i64, input: &CohortInput) -> Result<Cohort> {
    let c = clean_cohort(input)?;
    {
        let conn = store.conn();
        ensure_cohort(&conn, id)?;
        check_cohort_name(&conn, &c.name, id)?;
        conn.execute(
            "UPDATE cohorts SET name = ?2, start_date = ?3, end_date = ?4, group_name_rule = ?5, notes = ?6, link = ?7,
                    serial_pattern = ?8 WHERE id = ?1",
            params![id, c.name, c.start.to_string(), c.end.to_string(), c.rule, c.notes, c.link, c.serial_pattern],
        )?;
    }
    get(store, id)
}

fn ensure_cohort(conn: &Connection, id: i64) -> Result<()> {
    let live: Option<i64> =
        conn.query_row("SELECT id FROM live_cohorts WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    live.map(|_| ()).ok_or(Error::NotFound { entity: Entity::Cohort, id: id.to_string() })
}

/// Today's day of a cohort starting on `start` (1 on the start date), and its length in days.
fn day_and_days(start: &str, end: &str) -> (i64, i64) {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (parse(start), parse(end)) {
        (Some(s), Some(e)) => ((today() - s).num_days() + 1, (e - s).num_days() + 1),
        _ => (0, 0),
    }
}

fn status(start: &str, end: &str) -> CohortStatus {
    let t = today().to_string();
    if t.as_str() < start {
        CohortStatus::Upcoming
    } else if t.as_str() > end {
        CohortStatus::Finished
    } else {
        CohortStatus::Running
    }
}

const COHORT_SELECT: &str = "SELECT c.id, c.name, c.start_date, c.end_date, c.group_name_rule, c.notes, c.link, c.sop_key, c.serial_pattern,
        (SELECT count(*) FROM live_groups g WHERE g.cohort_id = c.id),
        (SELECT count(*) FROM memberships ms JOIN live_members m ON m.id = ms.member_id
          WHERE ms.cohort_id = c.id)
    FROM live_cohorts c WHERE true";

fn cohort_from_row(r: &rusqlite::Row) -> rusqlite::Result<Cohort> {
    let start: String = r.get(2)?;
    let end: String = r.get(3)?;
    let (day, days) = day_and_days(&start, &end);
    Ok(Cohort {
        id: r.get(0)?,
        name: r.get(1)?,
        status: status(&start, &end),
        day,
        days,
        start_date: start,
        end_date: end,
        group_name_rule: r.get(4)?,
        notes: r.get(5)?,
        link: r.get(6)?,
        sop_key: r.get(7)?,
        serial_pattern: r.get(8)?,
        groups: r.get(9)?,
        members: r.get(10)?,
    })
}

pub fn get(store: &Store, id: i64) -> Result<Cohort> {
    store
        .conn()
        .query_row(&format!("{COHORT_SELECT} AND c.id = ?1"), [id], cohort_from_row)
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Cohort, id: id.to_string() })
}

/// Live cohorts, newest start first.
pub fn list(store: &Store) -> Result<Vec<Cohort>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{COHORT_SELECT} ORDER BY c.start_date DESC, c.id DESC"))?;
    let rows = stmt.query_map([], cohort_from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Finds a live cohort by exact name (for the CLI).
pub fn find_by_name(store: &Store, name: &str) -> Result<Cohort> {
    let id: Option<i64> = store
        .conn()
        .query_row("SELECT id FROM live_cohorts WHERE name = ?1", [name.trim()], |r| r.get(0))
        .optional()?;
    match id {
        Some(id) => get(store, id),
        None => Err(Error::NotFound { entity: Entity::Cohort, id: name.to_string() }),
    }
}

/// Moves a cohort (with its groups and memberships) to the trash.
pub fn delete(store: &Store, id: i64) -> Result<()> {
    let n = store
        .conn()
        .execute("UPDATE cohorts SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", params![id, now()])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Cohort, id: id.to_string() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_rules() {
        assert_eq!(cohort_number("21天写作营 第3期"), "3");
        assert_eq!(cohort_number("写作营十二期"), "十二");
        assert_eq!(cohort_number("Camp 7"), "7");
        assert!(validate_rule("{期}{城市}{序号}群").is_ok());
        assert!(matches!(validate_rule("{期}{省份}群"), Err(Error::UnknownPlaceholder { .. })));
        assert!(matches!(validate_rule("{期群"), Err(Error::Invalid { .. })));
    }
}
