//! What the points point to: KOC candidates with the why, role suggestions from what members did,
//! and the day's award suggestions.

use super::{leaderboard, Period, Standing};
use crate::cohorts::{self, parse_date};
use crate::error::{Entity, Error, Field, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashMap;
use serde::Serialize;
use ts_rs::TS;

// ---------------------------------------------------------------------------------------------

/// One kind of thing a member did, for the "why" card.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Deed {
    /// checkin, homework, excellent, lecture, answered, responded, attended, replied (activities).
    pub kind: String,
    pub count: u32,
    pub first: String,
    pub last: String,
}

/// A KOC candidate: ranked by a score that weighs breadth (how many kinds of things they do) and
/// steadiness (on how many days) as much as volume (points).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Candidate {
    pub member_id: i64,
    pub name: String,
    pub group: Option<String>,
    /// Their role in the cohort now, if any.
    pub role: Option<String>,
    pub score: f64,
    pub points: i64,
    pub breadth: u32,
    pub active_days: u32,
    pub deeds: Vec<Deed>,
}

struct Activity {
    deeds: FxHashMap<&'static str, Deed>,
    days: rustc_hash::FxHashSet<u32>,
}

const DEEDS: [&str; 8] = ["checkin", "homework", "excellent", "lecture", "answered", "responded", "replied", "attended"];

/// `YYYY-MM-DD` as the number YYYYMMDD (cheap to hash and compare).
fn day_number(day: &str) -> u32 {
    day.bytes().filter(u8::is_ascii_digit).fold(0u32, |n, b| n.wrapping_mul(10).wrapping_add(u32::from(b - b'0')))
}

/// Everything each member of the cohort did: per kind of deed its count and first and last day
/// (marks, points by the answered/responded rules, activity replies and attendance), and on which
/// days. One pass over the rows, no allocation per row.
fn activity(conn: &Connection, cohort_id: i64) -> Result<FxHashMap<i64, Activity>> {
    const DEEDS_SQL: &str = "
        SELECT member_id, kind, day FROM marks WHERE cohort_id = ?1
        UNION ALL SELECT member_id, rule, day FROM points_ledger WHERE cohort_id = ?1 AND kind = 'rule' AND rule IN ('answered', 'responded')
        UNION ALL SELECT ap.member_id, CASE WHEN ap.stage >= 4 THEN 'attended' ELSE 'replied' END, a.day
                  FROM activity_people ap JOIN activities a ON a.id = ap.activity_id WHERE a.cohort_id = ?1 AND ap.stage >= 2";
    let mut out: FxHashMap<i64, Activity> = FxHashMap::default();
    let mut stmt = conn.prepare_cached(DEEDS_SQL)?;
    let mut rows = stmt.query([cohort_id])?;
    while let Some(r) = rows.next()? {
        let member: i64 = r.get(0)?;
        let kind = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let Some(kind) = DEEDS.iter().copied().find(|k| *k == kind) else { continue };
        let day = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let a = out.entry(member).or_insert_with(|| Activity { deeds: FxHashMap::default(), days: Default::default() });
        a.days.insert(day_number(day));
        match a.deeds.get_mut(kind) {
            Some(d) => {
                d.count += 1;
                if day < d.first.as_str() {
                    d.first = day.to_string();
                }
                if day > d.last.as_str() {
                    d.last = day.to_string();
                }
            }
            None => {
                a.deeds.insert(kind, Deed { kind: kind.to_string(), count: 1, first: day.to_string(), last: day.to_string() });
            }
        }
    }
    Ok(out)
}

/// KOC candidates, best first (at most `limit`), each with what they did and when.
pub fn koc_candidates(store: &Store, cohort_id: i64, limit: usize) -> Result<Vec<Candidate>> {
    let c = cohorts::get(store, cohort_id)?;
    let standings = leaderboard(store, cohort_id, None, Period::Cohort, crate::store::today())?;
    let conn = store.conn();
    let acts = activity(&conn, cohort_id)?;
    let roles: FxHashMap<i64, String> = {
        let mut stmt = conn.prepare_cached("SELECT ms.member_id, r.name FROM memberships ms JOIN roles r ON r.id = ms.role_id WHERE ms.cohort_id = ?1")?;
        let rows = stmt.query_map([cohort_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let start = parse_date(Field::StartDate, &c.start_date)?;
    let end = parse_date(Field::EndDate, &c.end_date)?;
    let span = ((crate::store::today().min(end) - start).num_days() + 1).max(1) as f64;
    let max_points = standings.iter().map(|s| s.points).max().unwrap_or(0).max(1) as f64;
    let mut out: Vec<Candidate> = standings
        .into_iter()
        .filter_map(|s| {
            let a = acts.get(&s.member_id)?;
            let mut deeds: Vec<Deed> = a.deeds.values().cloned().collect();
            deeds.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.kind.cmp(&y.kind)));
            let breadth = deeds.len() as u32;
            let active_days = a.days.len() as u32;
            let score = 0.4 * (s.points.max(0) as f64 / max_points) + 0.35 * (f64::from(breadth) / 8.0) + 0.25 * (f64::from(active_days) / span).min(1.0);
            Some(Candidate {
                role: roles.get(&s.member_id).cloned(),
                member_id: s.member_id,
                name: s.name,
                group: s.group,
                score: (score * 1000.0).round() / 1000.0,
                points: s.points,
                breadth,
                active_days,
                deeds,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| b.points.cmp(&a.points)).then_with(|| a.name.cmp(&b.name)));
    out.truncate(limit);
    Ok(out)
}

/// A role suggested for someone from what they already do.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RoleSuggestion {
    /// The built-in role's key: monitor, assistant, promoter, curator.
    pub role: String,
    pub member_id: i64,
    pub name: String,
    /// The deed it rests on (responded, answered, replied, excellent) and how often.
    pub because: String,
    pub count: u32,
}

/// For 班长 the one who answers the monitor's calls most, for 助教 who answers others' questions,
/// for 宣传官 who joins activities most, for 整理官 whose homework is most often excellent; each
/// the top few who do not hold a role yet.
pub fn role_suggestions(store: &Store, cohort_id: i64, per_role: usize) -> Result<Vec<RoleSuggestion>> {
    cohorts::get(store, cohort_id)?;
    let conn = store.conn();
    let acts = activity(&conn, cohort_id)?;
    let holders: rustc_hash::FxHashSet<i64> = {
        let mut stmt = conn.prepare_cached("SELECT member_id FROM memberships WHERE cohort_id = ?1 AND role_id IS NOT NULL")?;
        let rows = stmt.query_map([cohort_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let names: FxHashMap<i64, String> = {
        let mut stmt = conn.prepare_cached("SELECT m.id, m.name FROM memberships ms JOIN live_members m ON m.id = ms.member_id WHERE ms.cohort_id = ?1 AND ms.left_on IS NULL")?;
        let rows = stmt.query_map([cohort_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for (role, deeds) in [("monitor", &["responded"][..]), ("assistant", &["answered"][..]), ("promoter", &["replied", "attended"][..]), ("curator", &["excellent"][..])] {
        let mut ranked: Vec<(i64, u32)> = acts
            .iter()
            .filter(|(id, _)| !holders.contains(id) && names.contains_key(id))
            .map(|(id, a)| (*id, deeds.iter().filter_map(|d| a.deeds.get(*d)).map(|d| d.count).sum::<u32>()))
            .filter(|(_, n)| *n > 0)
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| names[&a.0].cmp(&names[&b.0])));
        for (id, count) in ranked.into_iter().take(per_role) {
            out.push(RoleSuggestion { role: role.into(), member_id: id, name: names[&id].clone(), because: deeds[0].into(), count });
        }
    }
    Ok(out)
}

/// Award suggestions for a day: 作业之星 (excellent homework that day) and 今日之星 (the most points
/// that day, ties included, at most `top`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Awards {
    pub day: String,
    pub homework_stars: Vec<Standing>,
    pub today_stars: Vec<Standing>,
}

pub fn awards(store: &Store, cohort_id: i64, day: NaiveDate, top: usize) -> Result<Awards> {
    let board = leaderboard(store, cohort_id, None, Period::Day, day)?;
    let excellent: rustc_hash::FxHashSet<i64> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached("SELECT member_id FROM marks WHERE cohort_id = ?1 AND kind = 'excellent' AND day = ?2")?;
        let rows = stmt.query_map(params![cohort_id, day.to_string()], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let homework_stars = board.iter().filter(|s| excellent.contains(&s.member_id)).cloned().collect();
    let cut = board.get(top.saturating_sub(1)).map(|s| s.points).unwrap_or(0).max(1);
    let today_stars = board.into_iter().filter(|s| s.points >= cut).collect();
    Ok(Awards { day: day.to_string(), homework_stars, today_stars })
}

/// Assigns a built-in role (koc, monitor …) in the cohort, keeping the member's group.
pub fn assign_role(store: &Store, cohort_id: i64, member_id: i64, role_key: &str) -> Result<()> {
    let conn = store.conn();
    let role_id: i64 = conn
        .query_row("SELECT id FROM roles WHERE key = ?1", [role_key], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Role, id: role_key.to_string() })?;
    let n = conn.execute("UPDATE memberships SET role_id = ?1 WHERE cohort_id = ?2 AND member_id = ?3", params![role_id, cohort_id, member_id])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Membership, id: member_id.to_string() });
    }
    Ok(())
}
