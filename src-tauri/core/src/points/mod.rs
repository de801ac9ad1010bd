//! Points (积分): rules with defaults the operator edits, a ledger that explains every point (what,
//! when, which rule), manual adjustments with a reason, rewards that spend points, leaderboards,
//! and what the points point to: KOC candidates with the why, role suggestions and the day's
//! award suggestions. A total is always the sum of the ledger: it is never stored apart.
//!
//! Changing a rule writes a new version of it; entries already in the ledger keep the points they
//! were given, until the operator explicitly recomputes a cohort with the rules in force.

use crate::cohorts::{self, parse_date};
use crate::error::{Entity, Error, Field, Result};
use crate::store::{now, Store};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod deeds;

pub use deeds::*;

/// The rules Qunzhu knows, in the order the UI lists them.
pub const RULE_KEYS: [&str; 8] = ["checkin", "homework", "excellent", "lecture", "answered", "responded", "attended", "referral_completed"];

#[derive(Debug, Clone, Serialize, TS)]
pub struct Rule {
    pub key: String,
    pub points: i64,
    /// When this version took effect.
    pub valid_from: String,
    /// The version's id, recorded on each ledger entry it set.
    pub id: i64,
}

/// The rules in force.
pub fn rules(store: &Store) -> Result<Vec<Rule>> {
    let conn = store.conn();
    RULE_KEYS.iter().map(|k| current_rule(&conn, k)).collect()
}

fn current_rule(conn: &Connection, key: &str) -> Result<Rule> {
    conn.prepare_cached("SELECT id, points, valid_from FROM point_rules WHERE key = ?1 ORDER BY id DESC LIMIT 1")?.query_row(
        [key],
        |r| Ok(Rule { id: r.get(0)?, points: r.get(1)?, valid_from: r.get(2)?, key: key.to_string() }),
    )
    .optional()?
    .ok_or(Error::NotFound { entity: Entity::PointRule, id: key.to_string() })
}

/// Sets a rule's points from now on (a new version); the ledger keeps what it gave before.
pub fn set_rule(store: &Store, key: &str, points: i64) -> Result<Rule> {
    if !RULE_KEYS.contains(&key) {
        return Err(Error::NotFound { entity: Entity::PointRule, id: key.to_string() });
    }
    if !(-1000..=1000).contains(&points) {
        return Err(Error::Invalid { field: Field::Points, value: points.to_string() });
    }
    let conn = store.conn();
    if current_rule(&conn, key)?.points == points {
        return current_rule(&conn, key);
    }
    conn.execute("INSERT INTO point_rules (key, points, valid_from) VALUES (?1, ?2, ?3)", params![key, points, now()])?;
    current_rule(&conn, key)
}

/// Gives a rule's points for something done (`source` says what: one source earns once per day).
pub(crate) fn earn_in(conn: &Connection, member_id: i64, cohort_id: Option<i64>, day: &str, rule: &str, source: &str, stamp: &str) -> Result<()> {
    let r = current_rule(conn, rule)?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO points_ledger (member_id, cohort_id, day, points, kind, rule, rule_id, source, created_at)
         VALUES (?1, ?2, ?3, ?4, 'rule', ?5, ?6, ?7, ?8)",
    )?
    .execute(params![member_id, cohort_id, day, r.points, rule, r.id, source, stamp],
    )?;
    Ok(())
}

/// `earn_in` for many members at once (the same rule, day and source).
pub(crate) fn earn_many_in(conn: &Connection, member_ids: &[i64], cohort_id: Option<i64>, day: &str, rule: &str, source: &str, stamp: &str) -> Result<()> {
    let r = current_rule(conn, rule)?;
    let ids = std::rc::Rc::new(member_ids.iter().map(|i| rusqlite::types::Value::Integer(*i)).collect::<Vec<_>>());
    conn.prepare_cached(
        "INSERT OR IGNORE INTO points_ledger (member_id, cohort_id, day, points, kind, rule, rule_id, source, created_at)
         SELECT value, ?1, ?2, ?3, 'rule', ?4, ?5, ?6, ?7 FROM rarray(?8)",
    )?
    .execute(params![cohort_id, day, r.points, rule, r.id, source, stamp, ids])?;
    Ok(())
}

/// Takes back what a source earned (its mark was removed, the member did not attend after all).
pub(crate) fn unearn_in(conn: &Connection, member_id: i64, cohort_id: Option<i64>, day: &str, source: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM points_ledger WHERE member_id = ?1 AND cohort_id IS ?2 AND day = ?3 AND source = ?4")?
        .execute(params![member_id, cohort_id, day, source])?;
    Ok(())
}

fn placed(conn: &Connection, member_id: i64, cohort_id: Option<i64>) -> Result<()> {
    let ok = match cohort_id {
        Some(c) => conn.prepare_cached("SELECT 1 FROM memberships WHERE member_id = ?1 AND cohort_id = ?2")?.exists(params![member_id, c])?,
        None => conn.prepare_cached("SELECT 1 FROM live_members WHERE id = ?1")?.exists([member_id])?,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::NotFound { entity: if cohort_id.is_some() { Entity::Membership } else { Entity::Member }, id: member_id.to_string() })
    }
}

/// Gives a rule's points by hand (answered a question, responded to the monitor): each time counts.
pub fn award(store: &Store, member_id: i64, cohort_id: i64, day: &str, rule: &str) -> Result<LedgerEntry> {
    cohorts::get(store, cohort_id)?;
    parse_date(Field::Date, day)?;
    let conn = store.conn();
    placed(&conn, member_id, Some(cohort_id))?;
    let id = award_in(&conn, member_id, cohort_id, day, rule, &now())?;
    entry(&conn, id)
}

/// `award` inside a caller's transaction; returns the entry's id.
pub(crate) fn award_in(conn: &Connection, member_id: i64, cohort_id: i64, day: &str, rule: &str, stamp: &str) -> Result<i64> {
    let r = current_rule(conn, rule)?;
    conn.execute(
        "INSERT INTO points_ledger (member_id, cohort_id, day, points, kind, rule, rule_id, created_at) VALUES (?1, ?2, ?3, ?4, 'rule', ?5, ?6, ?7)",
        params![member_id, cohort_id, day, r.points, rule, r.id, stamp],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A manual adjustment: any number of points (not 0), with the reason (required).
pub fn adjust(store: &Store, member_id: i64, cohort_id: Option<i64>, points: i64, reason: &str) -> Result<LedgerEntry> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::Empty { field: Field::Reason });
    }
    if points == 0 || !(-10_000..=10_000).contains(&points) {
        return Err(Error::Invalid { field: Field::Points, value: points.to_string() });
    }
    let conn = store.conn();
    placed(&conn, member_id, cohort_id)?;
    conn.execute(
        "INSERT INTO points_ledger (member_id, cohort_id, day, points, kind, reason, created_at) VALUES (?1, ?2, ?3, ?4, 'adjust', ?5, ?6)",
        params![member_id, cohort_id, crate::store::today().to_string(), points, reason, now()],
    )?;
    entry(&conn, conn.last_insert_rowid())
}

/// Spends points on a reward; refused when the member's balance (all their points) is short.
pub fn redeem(store: &Store, member_id: i64, cohort_id: Option<i64>, reward: &str, cost: i64) -> Result<LedgerEntry> {
    let reward = reward.trim();
    if reward.is_empty() {
        return Err(Error::Empty { field: Field::Reason });
    }
    if cost <= 0 {
        return Err(Error::Invalid { field: Field::Points, value: cost.to_string() });
    }
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    placed(&tx, member_id, cohort_id)?;
    let balance: i64 = tx.query_row("SELECT coalesce(sum(points), 0) FROM points_ledger WHERE member_id = ?1", [member_id], |r| r.get(0))?;
    if balance < cost {
        return Err(Error::NotEnoughPoints { balance, cost });
    }
    tx.execute(
        "INSERT INTO points_ledger (member_id, cohort_id, day, points, kind, reason, created_at) VALUES (?1, ?2, ?3, ?4, 'redeem', ?5, ?6)",
        params![member_id, cohort_id, crate::store::today().to_string(), -cost, reward, now()],
    )?;
    let id = tx.last_insert_rowid();
    let e = entry(&tx, id)?;
    tx.commit()?;
    Ok(e)
}

/// One line of a member's ledger.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LedgerEntry {
    pub id: i64,
    pub member_id: i64,
    pub cohort_id: Option<i64>,
    pub cohort: Option<String>,
    pub day: String,
    pub points: i64,
    /// rule, adjust or redeem.
    pub kind: String,
    /// The rule's key (checkin …) for rule entries.
    pub rule: Option<String>,
    /// The rule version's points at the time, when they differ from today's rule (history kept).
    pub rule_points_now: Option<i64>,
    pub reason: String,
    /// What earned it: mark:checkin, activity:7 (with the activity's title in `reason`).
    pub source: Option<String>,
    pub created_at: String,
}

const ENTRY_SQL: &str = "SELECT l.id, l.member_id, l.cohort_id, c.name, l.day, l.points, l.kind, l.rule, l.reason, l.source, l.created_at,
        (SELECT points FROM point_rules p WHERE p.key = l.rule ORDER BY p.id DESC LIMIT 1),
        (SELECT title FROM activities a WHERE 'activity:' || a.id = l.source)
     FROM points_ledger l LEFT JOIN cohorts c ON c.id = l.cohort_id";

fn read_entry(r: &rusqlite::Row) -> rusqlite::Result<LedgerEntry> {
    let points: i64 = r.get(5)?;
    let now_points: Option<i64> = r.get(11)?;
    let activity: Option<String> = r.get(12)?;
    let reason: String = r.get(8)?;
    Ok(LedgerEntry {
        id: r.get(0)?,
        member_id: r.get(1)?,
        cohort_id: r.get(2)?,
        cohort: r.get(3)?,
        day: r.get(4)?,
        points,
        kind: r.get(6)?,
        rule: r.get(7)?,
        rule_points_now: now_points.filter(|p| *p != points),
        reason: activity.unwrap_or(reason),
        source: r.get(9)?,
        created_at: r.get(10)?,
    })
}

fn entry(conn: &Connection, id: i64) -> Result<LedgerEntry> {
    Ok(conn.query_row(&format!("{ENTRY_SQL} WHERE l.id = ?1"), [id], read_entry)?)
}

/// A member's ledger, newest first, and the total (the sum of every entry).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Ledger {
    pub member_id: i64,
    pub total: i64,
    pub entries: Vec<LedgerEntry>,
}

pub fn ledger(store: &Store, member_id: i64, cohort_id: Option<i64>) -> Result<Ledger> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{ENTRY_SQL} WHERE l.member_id = ?1 AND (?2 IS NULL OR l.cohort_id = ?2) ORDER BY l.day DESC, l.id DESC"))?;
    let entries: Vec<LedgerEntry> = stmt.query_map(params![member_id, cohort_id], read_entry)?.collect::<rusqlite::Result<_>>()?;
    let total = entries.iter().map(|e| e.points).sum();
    Ok(Ledger { member_id, total, entries })
}

/// Deletes a manual entry (an adjustment or a redemption made by mistake). Points that marks and
/// activities earned go when the mark does.
pub fn delete_entry(store: &Store, id: i64) -> Result<()> {
    let n = store.conn().execute("DELETE FROM points_ledger WHERE id = ?1 AND (kind <> 'rule' OR source IS NULL)", [id])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::LedgerEntry, id: id.to_string() });
    }
    Ok(())
}

/// Rewrites a cohort's rule entries with the rules in force: the one explicit way history changes.
/// Returns how many entries changed.
pub fn recompute(store: &Store, cohort_id: i64) -> Result<usize> {
    cohorts::get(store, cohort_id)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let mut changed = 0;
    for key in RULE_KEYS {
        let r = current_rule(&tx, key)?;
        changed += tx.execute(
            "UPDATE points_ledger SET points = ?1, rule_id = ?2 WHERE cohort_id = ?3 AND kind = 'rule' AND rule = ?4 AND (points <> ?1 OR rule_id <> ?2)",
            params![r.points, r.id, cohort_id, key],
        )?;
    }
    tx.commit()?;
    Ok(changed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    #[default]
    Cohort,
    All,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        match s {
            "day" => Some(Period::Day),
            "week" => Some(Period::Week),
            "cohort" => Some(Period::Cohort),
            "all" => Some(Period::All),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Standing {
    pub member_id: i64,
    pub name: String,
    pub group: Option<String>,
    pub points: i64,
    /// 1 for the most points; equal points share a rank (1, 1, 3).
    pub rank: u32,
}

/// The cohort's (or one group's) members ranked by points: of a day, of the week (Monday to
/// Sunday) holding `date`, of the cohort, or all their points ever (every cohort and adjustment).
pub fn leaderboard(store: &Store, cohort_id: i64, group_id: Option<i64>, period: Period, date: NaiveDate) -> Result<Vec<Standing>> {
    cohorts::get(store, cohort_id)?;
    let (from, to) = match period {
        Period::Day => (date.to_string(), date.to_string()),
        Period::Week => {
            let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
            (monday.to_string(), (monday + Duration::days(6)).to_string())
        }
        _ => ("0000-01-01".to_string(), "9999-12-31".to_string()),
    };
    let conn = store.conn();
    let mut totals: FxHashMap<i64, i64> = FxHashMap::default();
    {
        let sql = if period == Period::All {
            "SELECT l.member_id, sum(l.points) FROM points_ledger l
             WHERE l.member_id IN (SELECT member_id FROM memberships WHERE cohort_id = ?1) GROUP BY l.member_id"
        } else {
            "SELECT member_id, sum(points) FROM points_ledger WHERE cohort_id = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY member_id"
        };
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = if period == Period::All { stmt.query(params![cohort_id])? } else { stmt.query(params![cohort_id, from, to])? };
        while let Some(r) = rows.next()? {
            totals.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, g.name FROM memberships ms JOIN live_members m ON m.id = ms.member_id
         LEFT JOIN groups g ON g.id = ms.group_id WHERE ms.cohort_id = ?1 AND (?2 IS NULL OR ms.group_id = ?2)",
    )?;
    let mut out: Vec<Standing> = stmt
        .query_map(params![cohort_id, group_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?
        .map(|row| row.map(|(id, name, group)| Standing { points: totals.get(&id).copied().unwrap_or(0), member_id: id, name, group, rank: 0 }))
        .collect::<rusqlite::Result<_>>()?;
    out.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.name.cmp(&b.name)).then(a.member_id.cmp(&b.member_id)));
    for i in 0..out.len() {
        out[i].rank = if i > 0 && out[i].points == out[i - 1].points { out[i - 1].rank } else { i as u32 + 1 };
    }
    Ok(out)
}

