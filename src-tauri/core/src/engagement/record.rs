//! One member's record across cohorts, for the head and the tabs of their page: points,
//! check-ins cohort by cohort with the longest run, when they were last active, and the
//! contacts noted about them.

use crate::error::Result;
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberRecord {
    pub member_id: i64,
    /// The ledger's sum over every cohort.
    pub points: i64,
    pub checkins: i64,
    pub homework: i64,
    /// The last day with a mark or points earned, YYYY-MM-DD.
    pub last_active: Option<String>,
    /// Newest cohort first.
    pub cohorts: Vec<CohortMarks>,
    /// Newest first.
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CohortMarks {
    pub cohort_id: i64,
    pub cohort: String,
    pub start_date: String,
    pub end_date: String,
    /// The days checked in, ascending.
    pub checkin_days: Vec<String>,
    pub homework: i64,
    pub excellent: i64,
    pub lectures: i64,
    /// The most days checked in one after another.
    pub longest_run: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Contact {
    pub cohort: String,
    /// RFC 3339 UTC.
    pub contacted_at: String,
    pub note: String,
}

pub fn member_record(store: &Store, member_id: i64) -> Result<MemberRecord> {
    let conn = store.conn();
    let points: i64 = conn.query_row("SELECT coalesce(sum(points), 0) FROM points_ledger WHERE member_id = ?1", [member_id], |r| r.get(0))?;
    let last_active: Option<String> = conn.query_row(
        "SELECT max(day) FROM (SELECT max(day) AS day FROM marks WHERE member_id = ?1
                               UNION ALL SELECT max(day) FROM points_ledger WHERE member_id = ?1 AND kind = 'rule')",
        [member_id],
        |r| r.get(0),
    )?;
    let mut cohorts: Vec<CohortMarks> = conn
        .prepare_cached(
            "SELECT c.id, c.name, c.start_date, c.end_date FROM memberships ms JOIN cohorts c ON c.id = ms.cohort_id
             WHERE ms.member_id = ?1 AND c.deleted_at IS NULL ORDER BY c.start_date DESC, c.id DESC",
        )?
        .query_map([member_id], |r| {
            Ok(CohortMarks {
                cohort_id: r.get(0)?, cohort: r.get(1)?, start_date: r.get(2)?, end_date: r.get(3)?,
                checkin_days: Vec::new(), homework: 0, excellent: 0, lectures: 0, longest_run: 0,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut marks = conn.prepare_cached("SELECT kind, day FROM marks WHERE member_id = ?1 AND cohort_id = ?2 ORDER BY day")?;
    for c in &mut cohorts {
        for row in marks.query_map(params![member_id, c.cohort_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (kind, day) = row?;
            match kind.as_str() {
                "checkin" => c.checkin_days.push(day),
                "homework" => c.homework += 1,
                "excellent" => c.excellent += 1,
                _ => c.lectures += 1,
            }
        }
        c.longest_run = longest_run(&c.checkin_days);
    }
    let contacts = conn
        .prepare_cached(
            "SELECT c.name, rc.contacted_at, rc.note FROM recall_contacts rc JOIN cohorts c ON c.id = rc.cohort_id
             WHERE rc.member_id = ?1 ORDER BY rc.contacted_at DESC, rc.id DESC LIMIT 500",
        )?
        .query_map([member_id], |r| Ok(Contact { cohort: r.get(0)?, contacted_at: r.get(1)?, note: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let checkins = cohorts.iter().map(|c| c.checkin_days.len() as i64).sum();
    let homework = cohorts.iter().map(|c| c.homework).sum();
    Ok(MemberRecord { member_id, points, checkins, homework, last_active, cohorts, contacts })
}

/// The most consecutive calendar days among `days` (ascending YYYY-MM-DD).
pub fn longest_run(days: &[String]) -> u32 {
    let dates: Vec<NaiveDate> = days.iter().filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).collect();
    let (mut best, mut run) = (0, 0);
    for (i, d) in dates.iter().enumerate() {
        run = if i > 0 && dates[i - 1].succ_opt() == Some(*d) { run + 1 } else { 1 };
        best = best.max(run);
    }
    best
}
