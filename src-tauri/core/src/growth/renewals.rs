//! Memberships with an end date (会员群, 年卡): when each ends, who is due to renew within N
//! days (and who lapsed lately), with a 续费话术 filled in for each to copy into WeChat.

use crate::error::{Entity, Error, Field, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// The 续费话术 setting, with {姓名}, {期} and {到期日}.
pub const MESSAGE_KEY: &str = "growth.renewal_message";
pub const MESSAGE: &str = "{姓名}你好～你的「{期}」会员将在 {到期日} 到期。续费后群内的课程、答疑和活动都不中断，回复「续费」我把链接发你～";
/// The default 话术 for a membership ended already (an edited 话术 serves both).
pub const LAPSED_MESSAGE: &str = "{姓名}你好～你的「{期}」会员已于 {到期日} 到期，群内的课程、答疑和活动还给你留着位置。现在续费可以接着上次继续，回复「续费」我把链接发你～";
/// Days after the end a lapsed membership is still shown (then it is history).
pub const LAPSED_DAYS: i64 = 14;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RenewalDue {
    pub member_id: i64,
    pub name: String,
    pub cohort_id: i64,
    pub cohort: String,
    pub expires_on: String,
    /// Days until the end (negative: lapsed that many days ago).
    pub days_left: i64,
    /// The 续费话术, filled in.
    pub message: String,
}

/// One renewal of a membership: its end moved from `from_on` to `to_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Renewal {
    pub cohort_id: i64,
    pub cohort: String,
    pub from_on: String,
    pub to_on: String,
    /// The day it was paid, or set by hand.
    pub renewed_on: String,
    pub order_no: Option<String>,
    /// Paid, in yuan (0 when the end was moved by hand).
    #[serde(serialize_with = "super::money::as_yuan")]
    #[ts(type = "number")]
    pub amount: i64,
}

/// A renewal's payment, when an order sheet brought it.
#[derive(Debug, Clone, Default)]
pub struct Payment<'a> {
    pub order_no: Option<&'a str>,
    pub paid_fen: i64,
}

/// Moves a membership's end to `to_on` if that is later. The first end a membership gets is when
/// it ends, not a renewal; a later one is a renewal on `renewed_on`, recorded once (the same
/// sheet again records nothing). Whether the end moved.
pub fn extend_in(conn: &Connection, member_id: i64, cohort_id: i64, to_on: &str, renewed_on: &str, pay: &Payment, ts: &str) -> Result<bool> {
    let before: Option<Option<String>> = conn
        .query_row("SELECT expires_on FROM memberships WHERE member_id = ?1 AND cohort_id = ?2", params![member_id, cohort_id], |r| r.get(0))
        .optional()?;
    let Some(before) = before else { return Ok(false) };
    if before.as_deref().is_some_and(|b| b >= to_on) {
        return Ok(false);
    }
    conn.execute("UPDATE memberships SET expires_on = ?3 WHERE member_id = ?1 AND cohort_id = ?2", params![member_id, cohort_id, to_on])?;
    if let Some(from_on) = before {
        conn.execute(
            "INSERT OR IGNORE INTO membership_renewals (member_id, cohort_id, from_on, to_on, renewed_on, order_no, paid_fen, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![member_id, cohort_id, from_on, to_on, renewed_on, pay.order_no, pay.paid_fen, ts],
        )?;
    }
    Ok(true)
}

/// The order numbers of a membership's recorded renewals.
pub fn order_numbers_in(conn: &Connection, member_id: i64, cohort_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT order_no FROM membership_renewals WHERE member_id = ?1 AND cohort_id = ?2 AND order_no IS NOT NULL")?;
    let rows = stmt.query_map(params![member_id, cohort_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A renewal refunded: it goes, and the membership's end moves back to the one before it when
/// it was the latest. Whether anything changed.
pub fn take_back_in(conn: &Connection, member_id: i64, cohort_id: i64, order_no: &str) -> Result<bool> {
    let found: Option<(String, String)> = conn
        .query_row(
            "SELECT from_on, to_on FROM membership_renewals WHERE member_id = ?1 AND cohort_id = ?2 AND order_no = ?3",
            params![member_id, cohort_id, order_no],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((from_on, to_on)) = found else { return Ok(false) };
    conn.execute("DELETE FROM membership_renewals WHERE member_id = ?1 AND cohort_id = ?2 AND order_no = ?3", params![member_id, cohort_id, order_no])?;
    conn.execute("UPDATE memberships SET expires_on = ?4 WHERE member_id = ?1 AND cohort_id = ?2 AND expires_on = ?3", params![member_id, cohort_id, to_on, from_on])?;
    Ok(true)
}

/// Sets (or clears) when a member's place in an ongoing group ends. Moving the end later is a
/// renewal on `today`; moving it earlier corrects it, and the renewals past the new end go;
/// clearing it makes the place open-ended, with no renewals.
pub fn set_expiry(store: &Store, member_id: i64, cohort_id: i64, expires_on: Option<&str>, today: NaiveDate) -> Result<()> {
    let day = expires_on.filter(|d| !d.trim().is_empty()).map(|d| crate::cohorts::parse_date(Field::Date, d.trim())).transpose()?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let before: Option<Option<String>> = tx
        .query_row("SELECT expires_on FROM memberships WHERE member_id = ?1 AND cohort_id = ?2", params![member_id, cohort_id], |r| r.get(0))
        .optional()?;
    let Some(before) = before else {
        return Err(Error::NotFound { entity: Entity::Membership, id: format!("{member_id}/{cohort_id}") });
    };
    match day.map(|d| d.to_string()) {
        None => {
            tx.execute("UPDATE memberships SET expires_on = NULL WHERE member_id = ?1 AND cohort_id = ?2", params![member_id, cohort_id])?;
            tx.execute("DELETE FROM membership_renewals WHERE member_id = ?1 AND cohort_id = ?2", params![member_id, cohort_id])?;
        }
        Some(end) if before.as_deref().is_some_and(|b| b > end.as_str()) => {
            tx.execute("UPDATE memberships SET expires_on = ?3 WHERE member_id = ?1 AND cohort_id = ?2", params![member_id, cohort_id, end])?;
            tx.execute("DELETE FROM membership_renewals WHERE member_id = ?1 AND cohort_id = ?2 AND to_on > ?3", params![member_id, cohort_id, end])?;
        }
        Some(end) => {
            extend_in(&tx, member_id, cohort_id, &end, &today.to_string(), &Payment::default(), &crate::store::now())?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// A member's renewals, latest first.
pub fn of_member(store: &Store, member_id: i64) -> Result<Vec<Renewal>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT r.cohort_id, c.name, r.from_on, r.to_on, r.renewed_on, r.order_no, r.paid_fen FROM membership_renewals r
         JOIN live_cohorts c ON c.id = r.cohort_id WHERE r.member_id = ?1 ORDER BY r.renewed_on DESC, r.to_on DESC",
    )?;
    let rows = stmt.query_map([member_id], |r| {
        Ok(Renewal { cohort_id: r.get(0)?, cohort: r.get(1)?, from_on: r.get(2)?, to_on: r.get(3)?, renewed_on: r.get(4)?, order_no: r.get(5)?, amount: r.get(6)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn message(store: &Store) -> Result<String> {
    Ok(crate::settings::get(store, MESSAGE_KEY)?.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| MESSAGE.to_string()))
}

pub fn set_message(store: &Store, text: &str) -> Result<()> {
    crate::members::check_len(Field::Notes, text, 1000)?;
    crate::settings::set(store, MESSAGE_KEY, text.trim())
}

/// Memberships ending within `days` of `today` (or ended in the last two weeks), soonest first;
/// a member who left the group is not asked to renew.
pub fn due(store: &Store, today: NaiveDate, days: i64) -> Result<Vec<RenewalDue>> {
    let template = message(store)?;
    let lapsed = if template == MESSAGE { LAPSED_MESSAGE.to_string() } else { template.clone() };
    let conn = store.conn();
    let from = today - chrono::Duration::days(LAPSED_DAYS);
    let until = today + chrono::Duration::days(days.clamp(0, 366));
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, c.id, c.name, ms.expires_on FROM memberships ms
         JOIN live_members m ON m.id = ms.member_id JOIN live_cohorts c ON c.id = ms.cohort_id
         WHERE ms.expires_on BETWEEN ?1 AND ?2 AND ms.left_on IS NULL ORDER BY ms.expires_on, m.name",
    )?;
    let rows = stmt.query_map(params![from.to_string(), until.to_string()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (member_id, name, cohort_id, cohort, expires_on) = row?;
        let Ok(end) = NaiveDate::parse_from_str(&expires_on, "%Y-%m-%d") else { continue };
        let days_left = (end - today).num_days();
        let message = if days_left < 0 { &lapsed } else { &template }.replace("{姓名}", &name).replace("{期}", &cohort).replace("{到期日}", &format!("{}月{}日", chrono::Datelike::month(&end), chrono::Datelike::day(&end)));
        out.push(RenewalDue { member_id, name, cohort_id, cohort, expires_on, days_left, message });
    }
    Ok(out)
}

/// The end date a member's place has, if any.
pub fn expiry(store: &Store, member_id: i64, cohort_id: i64) -> Result<Option<String>> {
    Ok(store
        .conn()
        .query_row("SELECT expires_on FROM memberships WHERE member_id = ?1 AND cohort_id = ?2", params![member_id, cohort_id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// The ledger's settings, as the settings screen edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct GrowthSettings {
    /// Check-in days that make a member 活跃.
    pub active_days: u32,
    /// Days after a cohort's end a later payment still counts as 续费.
    pub renewal_days: i64,
    /// The 续费话术, with {姓名}, {期} and {到期日}.
    pub renewal_message: String,
}

pub fn settings(store: &Store) -> Result<GrowthSettings> {
    let (active_days, renewal_days) = super::report::counting_settings(&store.conn())?;
    Ok(GrowthSettings { active_days, renewal_days, renewal_message: message(store)? })
}

pub fn set_settings(store: &Store, s: &GrowthSettings) -> Result<GrowthSettings> {
    use super::report::{ACTIVE_DAYS_KEY, RENEWAL_DAYS_KEY};
    if s.active_days > 366 {
        return Err(Error::Invalid { field: Field::Days, value: s.active_days.to_string() });
    }
    if !(0..=3650).contains(&s.renewal_days) {
        return Err(Error::Invalid { field: Field::Days, value: s.renewal_days.to_string() });
    }
    set_message(store, &s.renewal_message)?;
    crate::settings::set(store, ACTIVE_DAYS_KEY, &s.active_days.to_string())?;
    crate::settings::set(store, RENEWAL_DAYS_KEY, &s.renewal_days.to_string())?;
    settings(store)
}
