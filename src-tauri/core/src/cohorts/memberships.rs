//! Who is in which cohort and group, with what role: the memberships.

use super::{ensure_cohort, optional_date, MembershipInput};
use crate::error::{Entity, Error, Field, Result};
use crate::store::{today, Store};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// One member of a cohort's roster: who, their group, and the day they left (if they did).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RosterMember {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    pub group_id: Option<i64>,
    pub group: Option<String>,
    pub left_on: Option<String>,
}

/// The roster of a cohort: its members not in the trash, by group (those without one last),
/// then name. The one query every screen's list of a cohort's people starts from.
pub fn roster(conn: &Connection, cohort_id: i64) -> Result<Vec<RosterMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, m.nickname, ms.group_id, g.name, ms.left_on
         FROM memberships ms JOIN live_members m ON m.id = ms.member_id
         LEFT JOIN groups g ON g.id = ms.group_id
         WHERE ms.cohort_id = ?1
         ORDER BY g.name IS NULL, g.name, m.name, m.id",
    )?;
    let rows = stmt.query_map([cohort_id], |r| {
        Ok(RosterMember { id: r.get(0)?, name: r.get(1)?, nickname: r.get(2)?, group_id: r.get(3)?, group: r.get(4)?, left_on: r.get(5)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}


pub(crate) fn upsert_membership(conn: &Connection, input: &MembershipInput) -> Result<i64> {
    let member: Option<i64> = conn
        .query_row("SELECT id FROM live_members WHERE id = ?1", [input.member_id], |r| r.get(0))
        .optional()?;
    if member.is_none() {
        return Err(Error::NotFound { entity: Entity::Member, id: input.member_id.to_string() });
    }
    ensure_cohort(conn, input.cohort_id)?;
    if let Some(g) = input.group_id {
        let in_cohort: Option<i64> = conn
            .query_row(
                "SELECT id FROM live_groups WHERE id = ?1 AND cohort_id = ?2",
                params![g, input.cohort_id],
                |r| r.get(0),
            )
            .optional()?;
        if in_cohort.is_none() {
            return Err(Error::NotFound { entity: Entity::Group, id: g.to_string() });
        }
    }
    if let Some(role) = input.role_id {
        let exists: Option<i64> = conn.query_row("SELECT id FROM roles WHERE id = ?1", [role], |r| r.get(0)).optional()?;
        if exists.is_none() {
            return Err(Error::NotFound { entity: Entity::Role, id: role.to_string() });
        }
    }
    let joined = match optional_date(Field::Date, &input.joined_on)? {
        Some(d) => d,
        None => default_joined(conn, input.cohort_id)?,
    };
    let left = optional_date(Field::Date, &input.left_on)?;
    if let Some(l) = left {
        if l < joined {
            return Err(Error::EndBeforeStart { start: joined.to_string(), end: l.to_string() });
        }
    }
    conn.execute(
        "INSERT INTO memberships (member_id, cohort_id, group_id, role_id, joined_on, left_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (member_id, cohort_id) DO UPDATE SET
            group_id = excluded.group_id, role_id = excluded.role_id,
            joined_on = excluded.joined_on, left_on = excluded.left_on",
        params![
            input.member_id,
            input.cohort_id,
            input.group_id,
            input.role_id,
            joined.to_string(),
            left.map(|d| d.to_string())
        ],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM memberships WHERE member_id = ?1 AND cohort_id = ?2",
        params![input.member_id, input.cohort_id],
        |r| r.get(0),
    )?)
}

/// The day a member placed without a date joined: today while the cohort runs; its first day
/// when it has not begun, and when it has already ended (a roster imported afterwards, for the
/// 复盘: they were there from the start, not from the day of the import).
fn default_joined(conn: &Connection, cohort_id: i64) -> Result<chrono::NaiveDate> {
    let (start, end): (String, String) =
        conn.query_row("SELECT start_date, end_date FROM cohorts WHERE id = ?1", [cohort_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let start = super::parse_date(Field::StartDate, &start)?;
    let end = super::parse_date(Field::EndDate, &end)?;
    let day = today();
    Ok(if day < start || day > end { start } else { day })
}

/// Puts a member into a cohort (and group, with a role), or changes their placement there.
pub fn assign(store: &Store, input: &MembershipInput) -> Result<crate::members::Member> {
    upsert_membership(&store.conn(), input)?;
    crate::members::get(store, input.member_id)
}

/// Takes a member out of a cohort altogether (a mistaken placement). Leaving the group is `left_on`.
pub fn remove_membership(store: &Store, membership_id: i64) -> Result<()> {
    let n = store.conn().execute("DELETE FROM memberships WHERE id = ?1", [membership_id])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Membership, id: membership_id.to_string() });
    }
    Ok(())
}
