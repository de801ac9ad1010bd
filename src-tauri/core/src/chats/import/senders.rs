//! The senders of a chat export: found in the store or added, and matched to the cohort's
//! members (by WeChat ID / QQ number, then group nickname and name; links remembered), with the
//! names they used; the senders left unmatched, and linking one by hand.

use super::reader::{NameSpans, NewSender, NO_SENDER};
use crate::cohorts;
use crate::engagement::{self, MarkKind, MarkSource};
use crate::error::{Error, Result};
use crate::store::{now, Store};
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use ts_rs::TS;

/// A member of the cohort, as senders are matched to them.
struct Member {
    id: i64,
    name: String,
    nickname: String,
    wechat: Option<String>,
}

/// The senders of one import, numbered as the reading thread numbers them: each one's id and the
/// member of the cohort matched, if any.
pub(super) struct Senders {
    members: Vec<Member>,
    /// The members of the cohort.
    placed: FxHashSet<i64>,
    found: Vec<Option<(i64, Option<i64>)>>,
}

impl Senders {
    /// None yet; the cohort's members read, to match senders to.
    pub(super) fn of_cohort(store: &Store, cohort_id: i64) -> Result<Senders> {
        let members: Vec<Member> = {
            let conn = store.conn();
            let mut stmt = conn.prepare_cached(
                "SELECT m.id, m.name, m.nickname, m.wechat FROM memberships ms JOIN live_members m ON m.id = ms.member_id WHERE ms.cohort_id = ?1",
            )?;
            let rows = stmt.query_map([cohort_id], |r| Ok(Member { id: r.get(0)?, name: r.get(1)?, nickname: r.get(2)?, wechat: r.get(3)? }))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let placed: FxHashSet<i64> = members.iter().map(|m| m.id).collect();
        Ok(Senders { members, placed, found: Vec::new() })
    }

    /// Finds (or adds) the senders new in a batch and matches them to members.
    pub(super) fn find(&mut self, tx: &rusqlite::Connection, new: &[NewSender]) -> Result<()> {
        for s in new {
            let v = sender(tx, &s.key, s.sender_key.as_deref(), &s.name, &self.members, &self.placed)?;
            if self.found.len() <= s.index as usize {
                self.found.resize(s.index as usize + 1, None);
            }
            self.found[s.index as usize] = Some(v);
        }
        Ok(())
    }

    /// The id and member of the sender the reading thread numbered `index` (none for system
    /// messages).
    pub(super) fn get(&self, index: u32) -> Option<(i64, Option<i64>)> {
        (index != NO_SENDER).then(|| self.found[index as usize]).flatten()
    }

    /// How many senders the file had, and how many of them were matched to a member.
    pub(super) fn counts(&self) -> (u64, u64) {
        let senders = self.found.iter().flatten().count() as u64;
        let matched = self.found.iter().flatten().filter(|(_, m)| m.is_some()).count() as u64;
        (senders, matched)
    }

    /// Records every name each sender used in this file, first and last seen; a sender is named
    /// by the name they used last.
    pub(super) fn record_names(&self, tx: &rusqlite::Connection, names_seen: &NameSpans) -> Result<()> {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO chat_sender_names (sender_id, name, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sender_id, name) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
        )?;
        let mut latest_name: FxHashMap<i64, (NaiveDateTime, &str)> = FxHashMap::default();
        for ((sender, name), (first, last)) in &names_seen.spans {
            let Some(Some((sid, _))) = self.found.get(*sender as usize) else { continue };
            let name = names_seen.names[*name as usize].as_str();
            upsert.execute(params![sid, name, first.format("%Y-%m-%d %H:%M:%S").to_string(), last.format("%Y-%m-%d %H:%M:%S").to_string()])?;
            let e = latest_name.entry(*sid).or_insert((*last, name));
            if *last > e.0 {
                *e = (*last, name);
            }
        }
        let mut rename = tx.prepare_cached("UPDATE chat_senders SET name = ?2 WHERE id = ?1")?;
        for (sid, (_, name)) in latest_name {
            rename.execute(params![sid, name])?;
        }
        Ok(())
    }
}

/// Finds or creates a sender. One linked to a member of this cohort stays so; otherwise it is
/// linked to a member of the cohort when exactly one matches: by WeChat ID, then group nickname,
/// then name.
fn sender(tx: &rusqlite::Connection, key: &str, sender_key: Option<&str>, name: &str, members: &[Member], placed: &FxHashSet<i64>) -> Result<(i64, Option<i64>)> {
    let known: Option<(i64, Option<i64>)> =
        tx.query_row("SELECT id, member_id FROM chat_senders WHERE key = ?1", [key], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    if let Some((_, Some(member))) = known.filter(|(_, m)| m.is_some_and(|m| placed.contains(&m))) {
        return Ok((known.map_or(0, |k| k.0), Some(member)));
    }
    let one = |pred: &dyn Fn(&Member) -> bool| -> Option<i64> {
        let mut hits = members.iter().filter(|x| pred(x));
        match (hits.next(), hits.next()) {
            (Some(x), None) => Some(x.id),
            _ => None,
        }
    };
    let name = name.trim();
    let by_id = sender_key.and_then(|k| one(&|x| x.wechat.as_deref().is_some_and(|w| w.eq_ignore_ascii_case(k))));
    let by_nick = || (!name.is_empty()).then(|| one(&|x| !x.nickname.is_empty() && x.nickname == name)).flatten();
    let by_name = || {
        (!name.is_empty())
            .then(|| one(&|x| x.name == name).or_else(|| one(&|x| engagement::nickname_segments(name).any(|seg| seg == x.name))))
            .flatten()
    };
    let (member, how) = match by_id {
        Some(id) => (Some(id), Some("id")),
        None => match by_nick() {
            Some(id) => (Some(id), Some("nickname")),
            None => match by_name() {
                Some(id) => (Some(id), Some("name")),
                None => (None, None),
            },
        },
    };
    match known {
        // Known, and no one yet: the match found now is remembered.
        Some((id, None)) => {
            if member.is_some() {
                tx.execute("UPDATE chat_senders SET member_id = ?2, linked_by = ?3 WHERE id = ?1", params![id, member, how])?;
            }
            Ok((id, member))
        }
        // Linked to someone of another cohort (a guest here, or a namesake): this cohort's match
        // counts for this import; the remembered link stays.
        Some((id, Some(_))) => Ok((id, member)),
        None => {
            tx.execute("INSERT INTO chat_senders (key, name, member_id, linked_by) VALUES (?1, ?2, ?3, ?4)", params![key, name, member, how])?;
            Ok((tx.last_insert_rowid(), member))
        }
    }
}

/// A sender no member was found for.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Sender {
    pub id: i64,
    pub name: String,
    /// Every name they used, oldest first.
    pub names: Vec<String>,
    pub messages: u64,
    pub member_id: Option<i64>,
}

/// The senders of a cohort's chats not linked to a member, most messages first.
pub fn unmatched(store: &Store, cohort_id: i64) -> Result<Vec<Sender>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, sum(d.messages), (SELECT group_concat(name, char(31)) FROM (SELECT name FROM chat_sender_names n WHERE n.sender_id = s.id ORDER BY first_seen))
         FROM chat_days d JOIN chat_senders s ON s.id = d.sender_id
         WHERE d.cohort_id = ?1 AND d.from_self = 0 AND (s.member_id IS NULL OR s.member_id NOT IN (SELECT member_id FROM memberships WHERE cohort_id = ?1))
         GROUP BY s.id ORDER BY sum(d.messages) DESC, s.name",
    )?;
    let rows = stmt.query_map([cohort_id], |r| {
        let names: Option<String> = r.get(3)?;
        Ok(Sender {
            id: r.get(0)?,
            name: r.get(1)?,
            messages: r.get::<_, i64>(2)? as u64,
            names: names.map(|n| n.split('\u{1f}').map(String::from).collect()).unwrap_or_default(),
            member_id: None,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks into the grid the check-ins and homework detected in a sender's messages of a cohort
/// (within its dates). Returns how many marks were added.
pub(super) fn mark_detected(tx: &rusqlite::Connection, cohort: &cohorts::Cohort, sender_id: i64, member_id: i64, stamp: &str) -> Result<usize> {
    let mut marked = 0;
    for (kind, column) in [(MarkKind::Checkin, "checkins"), (MarkKind::Homework, "homework")] {
        let days: Vec<String> = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT DISTINCT day FROM chat_days WHERE cohort_id = ?1 AND sender_id = ?2 AND {column} > 0 AND day BETWEEN ?3 AND ?4"
            ))?;
            let rows = stmt.query_map(params![cohort.id, sender_id, cohort.start_date, cohort.end_date], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for day in &days {
            marked += engagement::mark_in(tx, cohort.id, day, kind, &[member_id], true, MarkSource::Import, stamp)?;
        }
    }
    Ok(marked)
}

/// Links a sender to a member (remembered for later imports), and marks the check-ins and
/// homework already detected in their messages of this cohort.
pub fn link(store: &Store, cohort_id: i64, sender_id: i64, member_id: i64) -> Result<usize> {
    crate::members::get(store, member_id)?;
    let cohort = cohorts::get(store, cohort_id)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    if tx.execute("UPDATE chat_senders SET member_id = ?2, linked_by = 'manual' WHERE id = ?1", params![sender_id, member_id])? == 0 {
        return Err(Error::NotFound { entity: crate::error::Entity::ChatSender, id: sender_id.to_string() });
    }
    let marked = mark_detected(&tx, &cohort, sender_id, member_id, &now())?;
    tx.commit()?;
    Ok(marked)
}
