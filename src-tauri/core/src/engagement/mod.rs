//! What members do, recorded per cohort: the daily marks (打卡 check-in, 作业 homework, 优秀作业
//! excellent homework, 听课 lecture attended) in a members × days grid, names pasted from WeChat
//! matched to members, activities with their funnel, and each member's state (active, silent,
//! left) with the recall list. Every mark earns its points in the same transaction (see `points`).

use crate::cohorts::{self, parse_date, RosterMember};
use crate::error::{Entity, Error, Field, Result};
use crate::points;
use crate::store::{now, Store};
use chrono::NaiveDate;
use rusqlite::params;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod activities;
mod lifecycle;
mod record;

pub use activities::*;
pub use lifecycle::*;
pub use record::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    Checkin,
    Homework,
    Excellent,
    Lecture,
}

impl MarkKind {
    pub const ALL: [MarkKind; 4] = [MarkKind::Checkin, MarkKind::Homework, MarkKind::Excellent, MarkKind::Lecture];

    pub fn key(self) -> &'static str {
        match self {
            MarkKind::Checkin => "checkin",
            MarkKind::Homework => "homework",
            MarkKind::Excellent => "excellent",
            MarkKind::Lecture => "lecture",
        }
    }

    pub fn parse(s: &str) -> Option<MarkKind> {
        MarkKind::ALL.into_iter().find(|k| k.key() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MarkSource {
    #[default]
    Manual,
    Paste,
    Import,
}

impl MarkSource {
    fn key(self) -> &'static str {
        match self {
            MarkSource::Manual => "manual",
            MarkSource::Paste => "paste",
            MarkSource::Import => "import",
        }
    }
}

/// The cohort's days: its start date through its end date.
fn cohort_days(c: &cohorts::Cohort) -> Result<Vec<String>> {
    let start = parse_date(Field::StartDate, &c.start_date)?;
    let end = parse_date(Field::EndDate, &c.end_date)?;
    Ok(start.iter_days().take_while(|d| *d <= end).map(|d| d.to_string()).collect())
}

fn check_day(c: &cohorts::Cohort, day: &str) -> Result<NaiveDate> {
    let d = parse_date(Field::Date, day)?;
    if day < c.start_date.as_str() || day > c.end_date.as_str() {
        return Err(Error::Invalid { field: Field::Date, value: format!("{day}（{} – {}）", c.start_date, c.end_date) });
    }
    Ok(d)
}

/// Marks (or, with `on` false, unmarks) members for a day, all in one transaction. Excellent
/// homework is homework too: marking it marks both. Each new mark earns its rule's points; a
/// removed mark takes its points back. Returns how many marks changed.
pub fn mark(store: &Store, cohort_id: i64, day: &str, kind: MarkKind, member_ids: &[i64], on: bool, source: MarkSource) -> Result<usize> {
    let c = cohorts::get(store, cohort_id)?;
    check_day(&c, day)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let changed = mark_in(&tx, cohort_id, day, kind, member_ids, on, source, &now())?;
    tx.commit()?;
    Ok(changed)
}

/// `mark` inside a caller's transaction (the day already checked).
#[allow(clippy::too_many_arguments)]
pub(crate) fn mark_in(tx: &rusqlite::Connection, cohort_id: i64, day: &str, kind: MarkKind, member_ids: &[i64], on: bool, source: MarkSource, stamp: &str) -> Result<usize> {
    let kinds: &[MarkKind] = match (kind, on) {
        (MarkKind::Excellent, true) => &[MarkKind::Homework, MarkKind::Excellent],
        (MarkKind::Homework, false) => &[MarkKind::Excellent, MarkKind::Homework],
        _ => std::slice::from_ref(&kind),
    };
    let mut changed = 0;
    let mut placed = tx.prepare_cached("SELECT 1 FROM memberships ms JOIN live_members m ON m.id = ms.member_id WHERE ms.member_id = ?1 AND ms.cohort_id = ?2")?;
    let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO marks (cohort_id, member_id, day, kind, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    let mut delete = tx.prepare_cached("DELETE FROM marks WHERE cohort_id = ?1 AND member_id = ?2 AND day = ?3 AND kind = ?4")?;
    for &member_id in member_ids {
        if !placed.exists(params![member_id, cohort_id])? {
            return Err(Error::NotFound { entity: Entity::Membership, id: member_id.to_string() });
        }
        for k in kinds {
            let n = if on {
                insert.execute(params![cohort_id, member_id, day, k.key(), source.key(), stamp])?
            } else {
                delete.execute(params![cohort_id, member_id, day, k.key()])?
            };
            if n > 0 {
                changed += 1;
                let src = format!("mark:{}", k.key());
                if on {
                    points::earn_in(tx, member_id, Some(cohort_id), day, k.key(), &src, stamp)?;
                } else {
                    points::unearn_in(tx, member_id, Some(cohort_id), day, &src)?;
                }
            }
        }
    }
    Ok(changed)
}

/// Marks many members of a cohort at once (the caller knows they are placed in it), each new mark
/// earning its rule's points, as `mark_in` does one by one: for imports. Returns the marks added.
#[allow(clippy::too_many_arguments)]
pub(crate) fn mark_many_in(tx: &rusqlite::Connection, cohort_id: i64, day: &str, kind: MarkKind, member_ids: &[i64], source: MarkSource, stamp: &str) -> Result<usize> {
    let kinds: &[MarkKind] = if kind == MarkKind::Excellent { &[MarkKind::Homework, MarkKind::Excellent] } else { std::slice::from_ref(&kind) };
    let all = std::rc::Rc::new(member_ids.iter().map(|i| rusqlite::types::Value::Integer(*i)).collect::<Vec<_>>());
    let mut added = 0;
    for k in kinds {
        let have: rustc_hash::FxHashSet<i64> = {
            let mut stmt = tx.prepare_cached("SELECT member_id FROM marks WHERE cohort_id = ?1 AND day = ?2 AND kind = ?3 AND member_id IN rarray(?4)")?;
            let rows = stmt.query_map(params![cohort_id, day, k.key(), all], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let fresh: Vec<i64> = member_ids.iter().copied().filter(|m| !have.contains(m)).collect();
        if fresh.is_empty() {
            continue;
        }
        let ids = std::rc::Rc::new(fresh.iter().map(|i| rusqlite::types::Value::Integer(*i)).collect::<Vec<_>>());
        added += tx
            .prepare_cached("INSERT OR IGNORE INTO marks (cohort_id, member_id, day, kind, source, created_at) SELECT ?1, value, ?2, ?3, ?4, ?5 FROM rarray(?6)")?
            .execute(params![cohort_id, day, k.key(), source.key(), stamp, ids])?;
        points::earn_many_in(tx, &fresh, Some(cohort_id), day, k.key(), &format!("mark:{}", k.key()), stamp)?;
    }
    Ok(added)
}

/// The cohort's members × days for one kind of mark: `marked[i]` lists the day indexes member `i`
/// is marked on.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Grid {
    pub kind: MarkKind,
    pub days: Vec<String>,
    pub members: Vec<RosterMember>,
    pub marked: Vec<Vec<u16>>,
    /// Marked members per day (the column totals).
    pub per_day: Vec<u32>,
}

/// The cohort's members, ordered by group then name.
pub fn cohort_members(store: &Store, cohort_id: i64) -> Result<Vec<RosterMember>> {
    cohorts::roster(&store.conn(), cohort_id)
}

pub fn grid(store: &Store, cohort_id: i64, kind: MarkKind) -> Result<Grid> {
    let c = cohorts::get(store, cohort_id)?;
    let days = cohort_days(&c)?;
    let members = cohort_members(store, cohort_id)?;
    let row_of: FxHashMap<i64, usize> = members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let day_of: FxHashMap<&str, u16> = days.iter().enumerate().map(|(i, d)| (d.as_str(), i as u16)).collect();
    let mut marked = vec![Vec::new(); members.len()];
    let mut per_day = vec![0u32; days.len()];
    let conn = store.conn();
    let mut stmt = conn.prepare_cached("SELECT member_id, day FROM marks WHERE cohort_id = ?1 AND kind = ?2")?;
    let mut rows = stmt.query(params![cohort_id, kind.key()])?;
    while let Some(r) = rows.next()? {
        let member: i64 = r.get(0)?;
        let day = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        if let (Some(&i), Some(&d)) = (row_of.get(&member), day_of.get(day)) {
            marked[i].push(d);
            per_day[d as usize] += 1;
        }
    }
    for m in &mut marked {
        m.sort_unstable();
    }
    Ok(Grid { kind, days, members, marked, per_day })
}

/// What pasted names matched.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct NameMatch {
    /// Each matched member once, in the order pasted.
    pub matched: Vec<MatchedName>,
    /// Names no member of the cohort has.
    pub unmatched: Vec<String>,
    /// Names more than one member could be: the operator picks.
    pub ambiguous: Vec<Ambiguous>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MatchedName {
    pub text: String,
    pub member_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Ambiguous {
    pub text: String,
    pub candidates: Vec<MatchedName>,
}

/// The names in text copied from WeChat: one per line (a 接龙 list: `1. 张三 已打卡`, its numbering
/// dropped), or separated by 、，, ; or @ (a list of mentions); trailing punctuation and emoji
/// dropped.
pub fn split_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        for piece in strip_numbering(line.trim()).split(['、', ',', '，', ';', '；', '@', '\t']) {
            let name: String = piece
                .trim()
                .trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || "。！？：“”‘’（）【】".contains(c) || is_symbol(c))
                .to_string();
            if !name.is_empty() && !name.chars().all(|c| c.is_ascii_digit()) && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// `1. `, `12、`, `3) `, `①` at the start of a line.
fn strip_numbering(line: &str) -> &str {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() < line.len() {
        if let Some(r) = rest.strip_prefix(['.', '、', ')', '）', ':', '：']) {
            return r.trim_start();
        }
        return line;
    }
    line.trim_start_matches(|c: char| ('\u{2460}'..='\u{2473}').contains(&c)).trim_start()
}

/// The parts of a group nickname such as 北京-张三-宝妈 (城市-姓名-职业 and its variants), where a
/// member's name is looked for when neither the name nor the whole nickname matches.
pub(crate) fn nickname_segments(nickname: &str) -> impl Iterator<Item = &str> {
    nickname.split(['-', '_', '|', ' ', '·', '/'])
}

/// Emoji and pictographs people put in their WeChat names.
fn is_symbol(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF | 0xFE0F | 0x200D)
}

/// Matches pasted names against the cohort's members: exact name, exact group nickname, then a
/// segment of a nickname such as 北京-张三-宝妈. Nothing is dropped: every name is matched,
/// unmatched or ambiguous.
pub fn match_names(store: &Store, cohort_id: i64, text: &str) -> Result<NameMatch> {
    cohorts::get(store, cohort_id)?;
    let members = cohort_members(store, cohort_id)?;
    let fold = |s: &str| s.trim().to_lowercase();
    let mut out = NameMatch::default();
    let lookup = |t: &str| -> Vec<&RosterMember> {
        let found = |pred: &dyn Fn(&RosterMember) -> bool| -> Vec<&RosterMember> { members.iter().filter(|m| pred(m)).collect() };
        let mut hits = found(&|m| fold(&m.name) == t);
        if hits.is_empty() {
            hits = found(&|m| !m.nickname.is_empty() && fold(&m.nickname) == t);
        }
        if hits.is_empty() {
            hits = found(&|m| nickname_segments(&m.nickname).any(|seg| fold(seg) == t));
        }
        hits
    };
    for token in split_names(text) {
        let t = fold(&token);
        let mut hits = lookup(&t);
        // A 接龙 line: the name, then what they did (`张三 已打卡`).
        if hits.is_empty() {
            if let Some((first, _)) = t.split_once(char::is_whitespace) {
                hits = lookup(first);
            }
        }
        let as_match = |m: &RosterMember| MatchedName { text: token.clone(), member_id: m.id, name: m.name.clone() };
        match hits.as_slice() {
            [] => out.unmatched.push(token.clone()),
            [one] => {
                if !out.matched.iter().any(|x| x.member_id == one.id) {
                    out.matched.push(as_match(one));
                }
            }
            many => out.ambiguous.push(Ambiguous { text: token.clone(), candidates: many.iter().map(|m| as_match(m)).collect() }),
        }
    }
    Ok(out)
}

/// Marks the pasted names that matched; the match (with what did not) is returned for the
/// operator to see. Nothing is marked for unmatched or ambiguous names.
pub fn mark_pasted(store: &Store, cohort_id: i64, day: &str, kind: MarkKind, text: &str) -> Result<(NameMatch, usize)> {
    let m = match_names(store, cohort_id, text)?;
    let ids: Vec<i64> = m.matched.iter().map(|x| x.member_id).collect();
    let changed = if ids.is_empty() { 0 } else { mark(store, cohort_id, day, kind, &ids, true, MarkSource::Paste)? };
    Ok((m, changed))
}

/// Marks a whole group (everyone still in it) for a day.
pub fn mark_group(store: &Store, cohort_id: i64, group_id: i64, day: &str, kind: MarkKind, on: bool) -> Result<usize> {
    let ids: Vec<i64> = cohort_members(store, cohort_id)?.into_iter().filter(|m| m.group_id == Some(group_id) && m.left_on.is_none()).map(|m| m.id).collect();
    if ids.is_empty() {
        return Ok(0);
    }
    mark(store, cohort_id, day, kind, &ids, on, MarkSource::Manual)
}
