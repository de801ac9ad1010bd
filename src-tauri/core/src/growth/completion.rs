//! Completion is a rule (结业标准), not "did not leave": a cohort may ask for at least N
//! check-ins, N homework, N lectures, any combination, on top of staying in the group. The
//! certificate batch's graduates, the 复盘's 完课率, the growth funnel and the member page all
//! read the verdicts computed here.

use crate::error::Result;
use crate::store::Store;
use crate::Lang;
use rusqlite::Connection;
use rustc_hash::FxHashMap;
use serde::Serialize;
use ts_rs::TS;

pub use crate::completion_rule::{CompletionRule, MAX_COUNT};

/// One member's standing against the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "CompletionVerdict")]
pub struct Verdict {
    pub member_id: i64,
    pub completed: bool,
    pub left: bool,
    pub checkins: u32,
    pub homework: u32,
    pub lectures: u32,
}

impl Verdict {
    /// Why: "已结业：打卡 15/14、作业 5/5" or "未结业：打卡 3/14".
    pub fn reason(&self, rule: &CompletionRule, lang: Lang) -> String {
        let mut parts = Vec::new();
        for (have, need, zh, en) in [
            (self.checkins, rule.checkins, "打卡", "check-ins"),
            (self.homework, rule.homework, "作业", "homework"),
            (self.lectures, rule.lectures, "听课", "lectures"),
        ] {
            if let Some(need) = need {
                parts.push(match lang {
                    Lang::Zh => format!("{zh} {have}/{need}"),
                    Lang::En => format!("{en} {have}/{need}"),
                });
            }
        }
        let sep = if lang == Lang::Zh { "、" } else { ", " };
        let (done, left) = match lang {
            Lang::Zh => (if self.completed { "已结业" } else { "未结业" }, "已退群"),
            Lang::En => (if self.completed { "graduated" } else { "not graduated" }, "left the group"),
        };
        if self.left {
            parts.insert(0, left.to_string());
        }
        if parts.is_empty() {
            parts.push(match lang {
                Lang::Zh => "未退群".into(),
                Lang::En => "stayed in the group".into(),
            });
        }
        format!("{done}{}{}", if lang == Lang::Zh { "：" } else { ": " }, parts.join(sep))
    }
}

/// A cohort's rule (a missing cohort reads as the default).
pub fn rule_in(conn: &Connection, cohort_id: i64) -> Result<CompletionRule> {
    let json: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row("SELECT completion FROM cohorts WHERE id = ?1", [cohort_id], |r| r.get(0)))?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

pub fn rule(store: &Store, cohort_id: i64) -> Result<CompletionRule> {
    crate::cohorts::get(store, cohort_id)?;
    rule_in(&store.conn(), cohort_id)
}

/// Sets a cohort's rule; a count of 0 is the same as not asking for it.
pub fn set_rule(store: &Store, cohort_id: i64, rule: &CompletionRule) -> Result<CompletionRule> {
    crate::cohorts::get(store, cohort_id)?;
    rule.check()?;
    let keep = |n: Option<u32>| n.filter(|n| *n > 0);
    let rule = CompletionRule { checkins: keep(rule.checkins), homework: keep(rule.homework), lectures: keep(rule.lectures) };
    let json = serde_json::to_string(&rule).unwrap_or_else(|_| "{}".into());
    store.conn().execute("UPDATE cohorts SET completion = ?2 WHERE id = ?1", rusqlite::params![cohort_id, json])?;
    Ok(rule)
}

/// Every placed member's verdict, by member id.
pub fn verdicts_in(conn: &Connection, cohort_id: i64) -> Result<FxHashMap<i64, Verdict>> {
    let rule = rule_in(conn, cohort_id)?;
    let mut out: FxHashMap<i64, Verdict> = FxHashMap::default();
    let mut stmt = conn.prepare_cached(
        "SELECT ms.member_id, ms.left_on IS NOT NULL FROM memberships ms JOIN live_members m ON m.id = ms.member_id
         WHERE ms.cohort_id = ?1",
    )?;
    let mut rows = stmt.query([cohort_id])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        out.insert(id, Verdict { member_id: id, completed: false, left: r.get(1)?, checkins: 0, homework: 0, lectures: 0 });
    }
    // Counted here rather than by GROUP BY: the marks' key (cohort, kind, day, member) hands the
    // rows over in key order, and a hash count of 100,000 rows beats SQLite's sort of them.
    let mut stmt = conn.prepare_cached("SELECT kind, member_id FROM marks WHERE cohort_id = ?1 AND kind IN ('checkin', 'homework', 'lecture')")?;
    let mut rows = stmt.query([cohort_id])?;
    while let Some(r) = rows.next()? {
        let Some(v) = out.get_mut(&r.get::<_, i64>(1)?) else { continue };
        match r.get_ref(0)?.as_str().unwrap_or("") {
            "checkin" => v.checkins += 1,
            "homework" => v.homework += 1,
            _ => v.lectures += 1,
        }
    }
    for v in out.values_mut() {
        v.completed = !v.left
            && rule.checkins.is_none_or(|n| v.checkins >= n)
            && rule.homework.is_none_or(|n| v.homework >= n)
            && rule.lectures.is_none_or(|n| v.lectures >= n);
    }
    Ok(out)
}

/// The members who graduated, by id.
pub fn graduates_in(conn: &Connection, cohort_id: i64) -> Result<rustc_hash::FxHashSet<i64>> {
    Ok(verdicts_in(conn, cohort_id)?.into_values().filter(|v| v.completed).map(|v| v.member_id).collect())
}

/// Whether and why a member graduated, cohort by cohort (the member page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "CompletionStanding")]
pub struct Standing {
    pub cohort_id: i64,
    pub cohort: String,
    pub completed: bool,
    /// "已结业：打卡 15/14" in the user's language.
    pub reason: String,
}

pub fn member_standings(store: &Store, member_id: i64) -> Result<Vec<Standing>> {
    let lang = store.lang();
    let conn = store.conn();
    let cohorts: Vec<(i64, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT c.id, c.name FROM memberships ms JOIN live_cohorts c ON c.id = ms.cohort_id
             WHERE ms.member_id = ?1 ORDER BY c.start_date, c.id",
        )?;
        let rows = stmt.query_map([member_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for (id, name) in cohorts {
        let rule = rule_in(&conn, id)?;
        if let Some(v) = verdicts_in(&conn, id)?.remove(&member_id) {
            out.push(Standing { cohort_id: id, cohort: name, completed: v.completed, reason: v.reason(&rule, lang) });
        }
    }
    Ok(out)
}
