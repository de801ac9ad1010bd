//! What a cohort's imported chats say: when the group is awake (messages by weekday and hour),
//! how many people speak each day, the 班长's share of the messages week by week (the seeds call
//! about 5% healthy), and per member their messages, active days and check-ins (话痨榜 and 潜水榜).

use super::archive::DayCounts;
use crate::error::Result;
use crate::store::Store;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct WeekShare {
    /// The week's Monday.
    pub week: String,
    pub monitor: u64,
    pub total: u64,
    /// monitor / total; 0 for a week without messages.
    pub share: f64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberChat {
    pub member_id: i64,
    pub name: String,
    pub messages: u64,
    pub active_days: u64,
    pub checkins: u64,
    /// Homework posts detected (`#作业` …).
    pub homework: u64,
    pub first: Option<String>,
    pub last: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChatStats {
    pub messages: u64,
    /// Messages by hour of the day, 0-23.
    pub by_hour: Vec<u64>,
    /// Messages by weekday (Monday first) × hour: the heat map.
    pub heat: Vec<Vec<u64>>,
    /// People who spoke, per day.
    pub active_per_day: Vec<(String, u64)>,
    pub monitor_share_by_week: Vec<WeekShare>,
    /// Every member of the cohort (or group), most messages first: the talkative at the top, the
    /// lurkers (潜水) at the bottom.
    pub members: Vec<MemberChat>,
}

/// The stats of a cohort's chats, all its groups or one.
pub fn stats(store: &Store, cohort_id: i64, group_id: Option<i64>) -> Result<ChatStats> {
    crate::cohorts::get(store, cohort_id)?;
    let conn = store.conn();
    let roster = roster(&conn, cohort_id, group_id)?;
    let monitors: FxHashSet<i64> = roster.iter().filter(|r| r.2).map(|r| r.0).collect();
    let mut tally = Tally::new();
    // One row per sender and day (see chats::archive); messages of unknown senders (old exports'
    // short rows) count for the group only.
    let mut stmt = conn.prepare_cached(
        "SELECT d.day, s.member_id, d.sender_id, d.messages, d.checkins, d.homework, d.first_at, d.last_at, d.hours
         FROM chat_days d LEFT JOIN chat_senders s ON s.id = d.sender_id
         WHERE d.cohort_id = ?1 AND (?2 IS NULL OR d.group_id = ?2)",
    )?;
    let mut rows = stmt.query(params![cohort_id, group_id])?;
    while let Some(r) = rows.next()? {
        tally.add(r, &monitors)?;
    }
    let members = tally.members(&roster);
    Ok(ChatStats {
        messages: tally.total,
        by_hour: tally.by_hour,
        heat: tally.heat,
        active_per_day: tally.speakers.into_iter().map(|(d, s)| (d.to_string(), s.len() as u64)).collect(),
        monitor_share_by_week: tally
            .weeks
            .into_iter()
            .map(|(w, (m, t))| WeekShare { week: w.to_string(), monitor: m, total: t, share: if t == 0 { 0.0 } else { m as f64 / t as f64 } })
            .collect(),
        members,
    })
}

/// The members of the cohort (or group): id, name, and whether they are its 班长 (monitor).
fn roster(conn: &rusqlite::Connection, cohort_id: i64, group_id: Option<i64>) -> Result<Vec<(i64, String, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, coalesce(r.key = 'monitor', 0) FROM memberships ms JOIN live_members m ON m.id = ms.member_id
             LEFT JOIN roles r ON r.id = ms.role_id WHERE ms.cohort_id = ?1 AND (?2 IS NULL OR ms.group_id = ?2)",
    )?;
    let rows = stmt.query_map(params![cohort_id, group_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One member's messages, counted over the stored days.
struct Acc {
    messages: u64,
    days: FxHashSet<NaiveDate>,
    checkins: u64,
    homework: u64,
    first: Option<String>,
    last: Option<String>,
}

/// The counts of a cohort's stored days, as they are read.
struct Tally {
    per: FxHashMap<i64, Acc>,
    by_hour: Vec<u64>,
    heat: Vec<Vec<u64>>,
    speakers: BTreeMap<NaiveDate, FxHashSet<i64>>,
    weeks: BTreeMap<NaiveDate, (u64, u64)>,
    total: u64,
}

impl Tally {
    /// Nothing counted yet.
    fn new() -> Tally {
        Tally { per: FxHashMap::default(), by_hour: vec![0u64; 24], heat: vec![vec![0u64; 24]; 7], speakers: Default::default(), weeks: Default::default(), total: 0 }
    }

    /// Counts one sender's day (a row of the query in [`stats`]); `monitors`: the cohort's 班长.
    fn add(&mut self, r: &rusqlite::Row, monitors: &FxHashSet<i64>) -> Result<()> {
        let day_text = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let Ok(day) = NaiveDate::parse_from_str(day_text, "%Y-%m-%d") else { return Ok(()) };
        let member: Option<i64> = r.get(1)?;
        let sender: Option<i64> = r.get(2)?;
        let messages = r.get::<_, i64>(3)? as u64;
        let hours = DayCounts::hours_of(r.get_ref(8)?.as_blob().map_err(rusqlite::Error::from)?);
        let weekday = day.weekday().num_days_from_monday() as usize;
        for (h, n) in hours.iter().enumerate() {
            self.by_hour[h] += u64::from(*n);
            self.heat[weekday][h] += u64::from(*n);
        }
        self.total += messages;
        if let Some(sender) = sender.filter(|_| messages > 0) {
            self.speakers.entry(day).or_default().insert(member.unwrap_or(-sender));
        }
        let monday = day - Duration::days(weekday as i64);
        let w = self.weeks.entry(monday).or_default();
        w.1 += messages;
        if member.is_some_and(|m| monitors.contains(&m)) {
            w.0 += messages;
        }
        if let Some(m) = member {
            let a = self.per.entry(m).or_insert_with(|| Acc { messages: 0, days: Default::default(), checkins: 0, homework: 0, first: None, last: None });
            a.messages += messages;
            a.days.insert(day);
            a.checkins += r.get::<_, i64>(4)? as u64;
            a.homework += r.get::<_, i64>(5)? as u64;
            let first = format!("{day_text} {}", r.get_ref(6)?.as_str().map_err(rusqlite::Error::from)?);
            let last = format!("{day_text} {}", r.get_ref(7)?.as_str().map_err(rusqlite::Error::from)?);
            if a.first.as_deref().is_none_or(|f| first.as_str() < f) {
                a.first = Some(first);
            }
            if a.last.as_deref().is_none_or(|l| last.as_str() > l) {
                a.last = Some(last);
            }
        }
        Ok(())
    }

    /// Every member of the roster with their counts, most messages first.
    fn members(&self, roster: &[(i64, String, bool)]) -> Vec<MemberChat> {
        let mut members: Vec<MemberChat> = roster
            .iter()
            .map(|(id, name, _)| {
                let a = self.per.get(id);
                MemberChat {
                    member_id: *id,
                    name: name.clone(),
                    messages: a.map_or(0, |a| a.messages),
                    active_days: a.map_or(0, |a| a.days.len() as u64),
                    checkins: a.map_or(0, |a| a.checkins),
                    homework: a.map_or(0, |a| a.homework),
                    first: a.and_then(|a| a.first.clone()),
                    last: a.and_then(|a| a.last.clone()),
                }
            })
            .collect();
        members.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.name.cmp(&b.name)));
        members
    }
}
