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

/// Where a member stands, for the 状态 column of the members table: in their latest cohort
/// (by start date), or in none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MemberStanding {
    /// The latest cohort is running and they were active within the silent-days setting.
    Active,
    /// The latest cohort is running and they have been quiet for the silent days or longer.
    Silent,
    /// They left the latest cohort's group.
    Left,
    /// The latest cohort has not begun.
    Upcoming,
    /// The latest cohort has ended.
    Ended,
    /// In no cohort.
    None,
}

/// One member's figures for the members table's optional columns 状态 / 积分 / 最近互动.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberFigures {
    pub member_id: i64,
    pub standing: MemberStanding,
    /// The ledger's sum over every cohort.
    pub points: i64,
    /// The last day with a mark or points earned, YYYY-MM-DD.
    pub last_active: Option<String>,
}

/// Every live member's figures, ascending by id: one pass over the placements and one over the
/// members (their points and last days sought in the indexes), never a query a member: 100,000
/// members stay one call, made only when the table shows one of these columns.
pub fn member_figures(store: &Store, silent_days: u32, today: NaiveDate) -> Result<Vec<MemberFigures>> {
    use rustc_hash::FxHashMap;
    let conn = store.conn();
    // The latest placement of each member: rows come newest cohort first within a member.
    struct Placed { start: String, end: String, joined: String, left: bool }
    let mut latest: FxHashMap<i64, Placed> = FxHashMap::default();
    for row in conn
        .prepare_cached(
            "SELECT ms.member_id, c.start_date, c.end_date, ms.joined_on, ms.left_on IS NOT NULL FROM memberships ms JOIN live_cohorts c ON c.id = ms.cohort_id
             ORDER BY ms.member_id, c.start_date DESC, c.id DESC",
        )?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, Placed { start: r.get(1)?, end: r.get(2)?, joined: r.get(3)?, left: r.get(4)? })))?
    {
        let (id, placed) = row?;
        latest.entry(id).or_insert(placed);
    }
    let today_s = today.to_string();
    let quiet_since = (today - chrono::Duration::days(i64::from(silent_days))).to_string();
    let mut out = Vec::new();
    // Each member's sum and last days by seeking their own rows in the indexes (the max of an
    // index range is one step): faster than grouping the whole ledger and every mark.
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, (SELECT coalesce(sum(points), 0) FROM points_ledger WHERE member_id = m.id),
                (SELECT max(day) FROM marks WHERE member_id = m.id),
                (SELECT max(day) FROM points_ledger WHERE member_id = m.id AND kind = 'rule')
         FROM live_members m ORDER BY m.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, Option<String>>(3)?)))?;
    for row in rows {
        let (member_id, points, last_mark, last_rule) = row?;
        let last_active = last_mark.max(last_rule);
        let standing = match latest.get(&member_id) {
            None => MemberStanding::None,
            Some(p) if p.left => MemberStanding::Left,
            Some(p) if today_s < p.start => MemberStanding::Upcoming,
            Some(p) if today_s > p.end => MemberStanding::Ended,
            // Quiet: no activity for the silent days, counted at the earliest from the start or
            // the day they joined (as the recall list counts).
            Some(p) => {
                let base = [Some(p.start.as_str()), Some(p.joined.as_str()), last_active.as_deref()].into_iter().flatten().max().unwrap_or_default();
                if base <= quiet_since.as_str() { MemberStanding::Silent } else { MemberStanding::Active }
            }
        };
        out.push(MemberFigures { member_id, standing, points, last_active });
    }
    Ok(out)
}
