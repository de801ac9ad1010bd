//! What a cohort's imported chats say: when the group is awake (messages by weekday and hour),
//! how many people speak each day, the 班长's share of the messages week by week (the seeds call
//! about 5% healthy), and per member their messages, active days and check-ins (话痨榜 and 潜水榜).

use crate::error::Result;
use crate::store::Store;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
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
    let roster: Vec<(i64, String, bool)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.name, coalesce(r.key = 'monitor', 0) FROM memberships ms JOIN members m ON m.id = ms.member_id AND m.deleted_at IS NULL
             LEFT JOIN roles r ON r.id = ms.role_id WHERE ms.cohort_id = ?1 AND (?2 IS NULL OR ms.group_id = ?2)",
        )?;
        let rows = stmt.query_map(params![cohort_id, group_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let monitors: FxHashSet<i64> = roster.iter().filter(|r| r.2).map(|r| r.0).collect();
    struct Acc {
        messages: u64,
        days: FxHashSet<u32>,
        checkins: u64,
        first: Option<String>,
        last: Option<String>,
    }
    let mut per: FxHashMap<i64, Acc> = FxHashMap::default();
    let mut by_hour = vec![0u64; 24];
    let mut heat = vec![vec![0u64; 24]; 7];
    let mut speakers: std::collections::BTreeMap<String, FxHashSet<i64>> = Default::default();
    let mut weeks: std::collections::BTreeMap<NaiveDate, (u64, u64)> = Default::default();
    let mut total = 0u64;
    let mut stmt = conn.prepare_cached(
        "SELECT c.at, s.member_id, c.checkin, c.sender_id FROM chat_messages c LEFT JOIN chat_senders s ON s.id = c.sender_id
         WHERE c.cohort_id = ?1 AND (?2 IS NULL OR c.group_id = ?2) AND c.kind <> 'system'",
    )?;
    let mut rows = stmt.query(params![cohort_id, group_id])?;
    while let Some(r) = rows.next()? {
        let at = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let (Ok(day), Some(hour)) = (NaiveDate::parse_from_str(&at[..10.min(at.len())], "%Y-%m-%d"), at.get(11..13).and_then(|h| h.parse::<usize>().ok())) else {
            continue;
        };
        let member: Option<i64> = r.get(1)?;
        let sender: Option<i64> = r.get(3)?;
        total += 1;
        by_hour[hour.min(23)] += 1;
        heat[day.weekday().num_days_from_monday() as usize][hour.min(23)] += 1;
        speakers.entry(day.to_string()).or_default().insert(member.unwrap_or(-sender.unwrap_or(0) - 1));
        let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
        let w = weeks.entry(monday).or_default();
        w.1 += 1;
        if member.is_some_and(|m| monitors.contains(&m)) {
            w.0 += 1;
        }
        if let Some(m) = member {
            let a = per.entry(m).or_insert_with(|| Acc { messages: 0, days: Default::default(), checkins: 0, first: None, last: None });
            a.messages += 1;
            a.days.insert(day.num_days_from_ce() as u32);
            if r.get::<_, bool>(2)? {
                a.checkins += 1;
            }
            if a.first.as_deref().is_none_or(|f| at < f) {
                a.first = Some(at.to_string());
            }
            if a.last.as_deref().is_none_or(|l| at > l) {
                a.last = Some(at.to_string());
            }
        }
    }
    let mut members: Vec<MemberChat> = roster
        .iter()
        .map(|(id, name, _)| {
            let a = per.get(id);
            MemberChat {
                member_id: *id,
                name: name.clone(),
                messages: a.map_or(0, |a| a.messages),
                active_days: a.map_or(0, |a| a.days.len() as u64),
                checkins: a.map_or(0, |a| a.checkins),
                first: a.and_then(|a| a.first.clone()),
                last: a.and_then(|a| a.last.clone()),
            }
        })
        .collect();
    members.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.name.cmp(&b.name)));
    Ok(ChatStats {
        messages: total,
        by_hour,
        heat,
        active_per_day: speakers.into_iter().map(|(d, s)| (d, s.len() as u64)).collect(),
        monitor_share_by_week: weeks
            .into_iter()
            .map(|(w, (m, t))| WeekShare { week: w.to_string(), monitor: m, total: t, share: if t == 0 { 0.0 } else { m as f64 / t as f64 } })
            .collect(),
        members,
    })
}
