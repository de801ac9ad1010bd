//! Activities (a 直播, a 分享, a 打卡挑战) and their funnel: reached, replied, signed up, attended.

use super::{check_day, cohort_members};
use crate::cohorts;
use crate::error::{Entity, Error, Field, Result};
use crate::points;
use crate::store::{now, Store};
use rusqlite::{params, OptionalExtension};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Talk,
    Game,
    Meetup,
    Other,
}

impl ActivityKind {
    fn key(self) -> &'static str {
        match self {
            ActivityKind::Talk => "talk",
            ActivityKind::Game => "game",
            ActivityKind::Meetup => "meetup",
            ActivityKind::Other => "other",
        }
    }
    fn parse(s: &str) -> ActivityKind {
        match s {
            "game" => ActivityKind::Game,
            "meetup" => ActivityKind::Meetup,
            "other" => ActivityKind::Other,
            _ => ActivityKind::Talk,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct ActivityInput {
    pub cohort_id: i64,
    pub title: String,
    pub kind: ActivityKind,
    pub day: String,
    /// The announcement went to the whole cohort: everyone counts as reached.
    pub reach_cohort: bool,
}

/// The funnel's stages, in order.
pub const STAGES: [&str; 4] = ["reached", "replied", "signed_up", "attended"];

#[derive(Debug, Clone, Serialize, TS)]
pub struct Activity {
    pub id: i64,
    pub cohort_id: i64,
    pub title: String,
    pub kind: ActivityKind,
    pub day: String,
    pub reach_cohort: bool,
    /// People at each stage or further: reached, replied, signed up, attended.
    pub funnel: [u32; 4],
    /// Conversion from each stage to the next (replied/reached, signed up/replied, attended/signed
    /// up), and attended/reached overall; 0 when the earlier stage is empty.
    pub rates: [f64; 4],
}

fn rate(n: u32, of: u32) -> f64 {
    if of == 0 {
        0.0
    } else {
        f64::from(n) / f64::from(of)
    }
}

fn funnel_of(conn: &rusqlite::Connection, id: i64, cohort_id: i64, reach_cohort: bool) -> Result<([u32; 4], [f64; 4])> {
    let mut f = [0u32; 4];
    let mut stmt = conn.prepare_cached("SELECT stage, count(*) FROM activity_people WHERE activity_id = ?1 GROUP BY stage")?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)))?;
    for row in rows {
        let (stage, n) = row?;
        for slot in f.iter_mut().take(stage.clamp(1, 4) as usize) {
            *slot += n;
        }
    }
    if reach_cohort {
        let everyone: u32 = conn.query_row(
            "SELECT count(*) FROM memberships ms JOIN live_members m ON m.id = ms.member_id WHERE ms.cohort_id = ?1",
            [cohort_id],
            |r| r.get(0),
        )?;
        f[0] = f[0].max(everyone);
    }
    let rates = [rate(f[1], f[0]), rate(f[2], f[1]), rate(f[3], f[2]), rate(f[3], f[0])];
    Ok((f, rates))
}

pub fn add_activity(store: &Store, input: &ActivityInput) -> Result<Activity> {
    let c = cohorts::get(store, input.cohort_id)?;
    check_day(&c, &input.day)?;
    let title = crate::members::clean_name(Field::Title, &input.title, 100)?;
    let conn = store.conn();
    conn.execute(
        "INSERT INTO activities (cohort_id, title, kind, day, reach_cohort, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![input.cohort_id, title, input.kind.key(), input.day, input.reach_cohort, now()],
    )?;
    let id = conn.last_insert_rowid();
    drop(conn);
    get_activity(store, id)
}

/// Records an activity inside a caller's transaction (the demo); returns it without its funnel.
pub(crate) fn insert_activity(tx: &rusqlite::Connection, cohort_id: i64, title: &str, kind: ActivityKind, day: &str, stamp: &str) -> Result<Activity> {
    tx.execute(
        "INSERT INTO activities (cohort_id, title, kind, day, reach_cohort, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)",
        params![cohort_id, title, kind.key(), day, stamp],
    )?;
    Ok(Activity { id: tx.last_insert_rowid(), cohort_id, title: title.to_string(), kind, day: day.to_string(), reach_cohort: true, funnel: [0; 4], rates: [0.0; 4] })
}

pub fn get_activity(store: &Store, id: i64) -> Result<Activity> {
    let conn = store.conn();
    let row: Option<(i64, String, String, String, bool)> = conn
        .query_row("SELECT cohort_id, title, kind, day, reach_cohort FROM activities WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let (cohort_id, title, kind, day, reach_cohort) = row.ok_or(Error::NotFound { entity: Entity::Activity, id: id.to_string() })?;
    let (funnel, rates) = funnel_of(&conn, id, cohort_id, reach_cohort)?;
    Ok(Activity { id, cohort_id, title, kind: ActivityKind::parse(&kind), day, reach_cohort, funnel, rates })
}

pub fn list_activities(store: &Store, cohort_id: i64) -> Result<Vec<Activity>> {
    let ids: Vec<i64> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached("SELECT id FROM activities WHERE cohort_id = ?1 ORDER BY day, id")?;
        let rows = stmt.query_map([cohort_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    ids.into_iter().map(|id| get_activity(store, id)).collect()
}

pub fn delete_activity(store: &Store, id: i64) -> Result<()> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let source = format!("activity:{id}");
    tx.execute("DELETE FROM points_ledger WHERE source = ?1", [&source])?;
    if tx.execute("DELETE FROM activities WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound { entity: Entity::Activity, id: id.to_string() });
    }
    tx.commit()?;
    Ok(())
}

/// A member's place in an activity's funnel.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ActivityPerson {
    pub member_id: i64,
    pub name: String,
    pub group: Option<String>,
    /// 0: not reached (or not recorded), 1 reached … 4 attended.
    pub stage: u8,
}

pub fn activity_people(store: &Store, activity_id: i64) -> Result<Vec<ActivityPerson>> {
    let a = get_activity(store, activity_id)?;
    let stages: FxHashMap<i64, u8> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached("SELECT member_id, stage FROM activity_people WHERE activity_id = ?1")?;
        let rows = stmt.query_map([activity_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let base = if a.reach_cohort { 1 } else { 0 };
    Ok(cohort_members(store, a.cohort_id)?
        .into_iter()
        .map(|m| ActivityPerson { stage: stages.get(&m.id).copied().unwrap_or(base), member_id: m.id, name: m.name, group: m.group })
        .collect())
}

/// Sets how far members went (0 clears them). Reaching "attended" earns the attended rule's points;
/// dropping below takes them back. One transaction.
pub fn set_stage(store: &Store, activity_id: i64, member_ids: &[i64], stage: u8) -> Result<Activity> {
    let a = get_activity(store, activity_id)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    set_stage_in(&tx, &a, member_ids, stage, &now())?;
    tx.commit()?;
    drop(conn);
    get_activity(store, activity_id)
}

/// `set_stage` inside a caller's transaction.
pub(crate) fn set_stage_in(tx: &rusqlite::Connection, a: &Activity, member_ids: &[i64], stage: u8, stamp: &str) -> Result<()> {
    let stage = stage.min(4);
    let source = format!("activity:{}", a.id);
    for &m in member_ids {
        if stage == 0 {
            tx.execute("DELETE FROM activity_people WHERE activity_id = ?1 AND member_id = ?2", params![a.id, m])?;
        } else {
            tx.execute(
                "INSERT INTO activity_people (activity_id, member_id, stage) VALUES (?1, ?2, ?3)
                 ON CONFLICT (activity_id, member_id) DO UPDATE SET stage = excluded.stage",
                params![a.id, m, stage],
            )?;
        }
        if stage == 4 {
            points::earn_in(tx, m, Some(a.cohort_id), &a.day, "attended", &source, stamp)?;
        } else {
            points::unearn_in(tx, m, Some(a.cohort_id), &a.day, &source)?;
        }
    }
    Ok(())
}

