//! Importing a chat export into a cohort: senders matched to members (by WeChat ID / QQ number,
//! then group nickname and name; links remembered), messages deduplicated (a file imported twice
//! adds nothing), check-ins detected from the text and marked (source: import) so they feed the
//! grid and the points. One transaction: a cancelled or failed import leaves nothing.

use super::parse::{self, Message, MsgKind};
use crate::cohorts;
use crate::engagement::{self, MarkKind, MarkSource};
use crate::error::{Error, Result};
use crate::store::{now, Store};
use rusqlite::{params, OptionalExtension};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::Serialize;
use std::hash::{Hash, Hasher};
use std::path::Path;
use ts_rs::TS;

pub const CHECKIN_PATTERNS: &str = "chats.checkin_patterns";
pub const KEEP_TEXT: &str = "chats.keep_text";
/// `*` stands for a day number (digits or 一二三…).
pub const DEFAULT_CHECKIN_PATTERNS: &str = "#打卡\n打卡第*天\n第*天打卡\nDay *";

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct ChatImport {
    pub format: String,
    pub messages: u64,
    pub new_messages: u64,
    pub senders: u64,
    pub matched: u64,
    pub unmatched: u64,
    pub checkins_detected: u64,
}

/// Whether a message's text is a check-in by one of the patterns (one per line).
pub fn is_checkin(text: &str, patterns: &[String]) -> bool {
    let lower = text.to_lowercase();
    patterns.iter().any(|p| matches_pattern(&lower, &p.to_lowercase()))
}

fn matches_pattern(text: &str, pattern: &str) -> bool {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return false;
    }
    let Some((before, after)) = pattern.split_once('*') else { return text.contains(pattern) };
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零〇两".contains(c);
    let mut from = 0;
    while let Some(i) = text[from..].find(before) {
        let start = from + i + before.len();
        let rest = &text[start..];
        let digits: usize = rest.chars().take_while(|c| numeral(*c)).map(char::len_utf8).sum();
        if digits > 0 && rest[digits..].starts_with(after) {
            return true;
        }
        from = start.max(from + 1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        if from >= text.len() {
            break;
        }
    }
    false
}

pub fn checkin_patterns(store: &Store) -> Result<Vec<String>> {
    let raw = crate::settings::get(store, CHECKIN_PATTERNS)?.unwrap_or_else(|| DEFAULT_CHECKIN_PATTERNS.to_string());
    Ok(raw.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect())
}

fn fingerprint(m: &Message) -> i64 {
    let mut h = FxHasher::default();
    m.sender_key.as_deref().unwrap_or(&m.sender_name).hash(&mut h);
    m.at.hash(&mut h);
    m.kind.key().hash(&mut h);
    m.text.hash(&mut h);
    h.finish() as i64
}

struct Member {
    id: i64,
    name: String,
    nickname: String,
    wechat: Option<String>,
}

/// Imports a chat export into a cohort (and one of its groups). `progress(messages read)` is
/// called every 10,000 messages; returning false cancels (nothing is kept).
pub fn import(store: &Store, path: &Path, cohort_id: i64, group_id: Option<i64>, mut progress: impl FnMut(u64) -> bool) -> Result<ChatImport> {
    let cohort = cohorts::get(store, cohort_id)?;
    let patterns = checkin_patterns(store)?;
    let keep_text = crate::settings::get(store, KEEP_TEXT)?.as_deref() != Some("0");
    let members: Vec<Member> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.name, m.nickname, m.wechat FROM memberships ms JOIN members m ON m.id = ms.member_id AND m.deleted_at IS NULL WHERE ms.cohort_id = ?1",
        )?;
        let rows = stmt.query_map([cohort_id], |r| Ok(Member { id: r.get(0)?, name: r.get(1)?, nickname: r.get(2)?, wechat: r.get(3)? }))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let placed: FxHashSet<i64> = members.iter().map(|m| m.id).collect();
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let stamp = now();
    let mut out = ChatImport::default();
    // Sender key → (sender id, member id).
    let mut senders: FxHashMap<String, (i64, Option<i64>)> = FxHashMap::default();
    let mut seen_names: FxHashSet<(i64, String)> = FxHashSet::default();
    let mut checkins: FxHashMap<String, Vec<i64>> = FxHashMap::default();
    let mut cancelled = false;
    let format = {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO chat_messages (cohort_id, group_id, sender_id, at, kind, text, from_self, checkin, fingerprint)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        parse::read(path, |m| {
            out.messages += 1;
            let sender = if m.kind == MsgKind::System || (m.sender_key.is_none() && m.sender_name.is_empty()) {
                None
            } else {
                let key = match &m.sender_key {
                    Some(k) => format!("id:{k}"),
                    None => format!("name:{}", m.sender_name),
                };
                let (sid, member) = match senders.get(&key) {
                    Some(v) => *v,
                    None => {
                        let v = sender(&tx, &key, &m, &members, &placed)?;
                        senders.insert(key.clone(), v);
                        v
                    }
                };
                if !m.sender_name.is_empty() && seen_names.insert((sid, m.sender_name.clone())) {
                    let at = m.at.format("%Y-%m-%d %H:%M:%S").to_string();
                    tx.execute(
                        "INSERT INTO chat_sender_names (sender_id, name, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3)
                         ON CONFLICT (sender_id, name) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
                        params![sid, m.sender_name, at],
                    )?;
                    tx.execute("UPDATE chat_senders SET name = ?2 WHERE id = ?1", params![sid, m.sender_name])?;
                }
                Some((sid, member))
            };
            let checkin = sender.is_some() && m.kind == MsgKind::Text && is_checkin(&m.text, &patterns);
            let at = m.at.format("%Y-%m-%d %H:%M:%S").to_string();
            let n = insert.execute(params![
                cohort_id,
                group_id,
                sender.map(|s| s.0),
                at,
                m.kind.key(),
                keep_text.then_some(m.text.as_str()),
                m.from_self,
                checkin,
                fingerprint(&m)
            ])?;
            if n > 0 {
                out.new_messages += 1;
                if checkin {
                    out.checkins_detected += 1;
                    if let Some((_, Some(member))) = sender {
                        let day = at[..10].to_string();
                        if day.as_str() >= cohort.start_date.as_str() && day.as_str() <= cohort.end_date.as_str() {
                            checkins.entry(day).or_default().push(member);
                        }
                    }
                }
            }
            if out.messages % 10_000 == 0 && !progress(out.messages) {
                cancelled = true;
                return Ok(false);
            }
            Ok(true)
        })?
    };
    if cancelled {
        return Err(Error::Cancelled);
    }
    for (day, ids) in &checkins {
        engagement::mark_in(&tx, cohort_id, day, MarkKind::Checkin, ids, true, MarkSource::Import, &stamp)?;
    }
    out.format = format.label().to_string();
    out.senders = senders.len() as u64;
    out.matched = senders.values().filter(|(_, m)| m.is_some()).count() as u64;
    out.unmatched = out.senders - out.matched;
    tx.execute(
        "INSERT INTO chat_imports (cohort_id, group_id, file, format, messages, new_messages, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![cohort_id, group_id, path.display().to_string(), out.format, out.messages as i64, out.new_messages as i64, stamp],
    )?;
    tx.commit()?;
    Ok(out)
}

/// Finds or creates a sender; a new one is linked to a member of the cohort when exactly one
/// matches: by WeChat ID, then group nickname, then name.
fn sender(tx: &rusqlite::Connection, key: &str, m: &Message, members: &[Member], placed: &FxHashSet<i64>) -> Result<(i64, Option<i64>)> {
    let known: Option<(i64, Option<i64>)> =
        tx.query_row("SELECT id, member_id FROM chat_senders WHERE key = ?1", [key], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    if let Some((id, member)) = known {
        // A link made for another cohort counts here only if that member is in this one.
        return Ok((id, member.filter(|mid| placed.contains(mid))));
    }
    let one = |pred: &dyn Fn(&Member) -> bool| -> Option<i64> {
        let mut hits = members.iter().filter(|x| pred(x));
        match (hits.next(), hits.next()) {
            (Some(x), None) => Some(x.id),
            _ => None,
        }
    };
    let name = m.sender_name.trim();
    let by_id = m.sender_key.as_deref().and_then(|k| one(&|x| x.wechat.as_deref().is_some_and(|w| w.eq_ignore_ascii_case(k))));
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
    tx.execute("INSERT INTO chat_senders (key, name, member_id, linked_by) VALUES (?1, ?2, ?3, ?4)", params![key, name, member, how])?;
    Ok((tx.last_insert_rowid(), member))
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
        "SELECT s.id, s.name, count(*), (SELECT group_concat(name, char(31)) FROM (SELECT name FROM chat_sender_names n WHERE n.sender_id = s.id ORDER BY first_seen))
         FROM chat_messages c JOIN chat_senders s ON s.id = c.sender_id
         WHERE c.cohort_id = ?1 AND c.from_self = 0 AND (s.member_id IS NULL OR s.member_id NOT IN (SELECT member_id FROM memberships WHERE cohort_id = ?1))
         GROUP BY s.id ORDER BY count(*) DESC, s.name",
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

/// Links a sender to a member (remembered for later imports), and marks the check-ins already
/// detected in their messages of this cohort.
pub fn link(store: &Store, cohort_id: i64, sender_id: i64, member_id: i64) -> Result<usize> {
    crate::members::get(store, member_id)?;
    let cohort = cohorts::get(store, cohort_id)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    if tx.execute("UPDATE chat_senders SET member_id = ?2, linked_by = 'manual' WHERE id = ?1", params![sender_id, member_id])? == 0 {
        return Err(Error::NotFound { entity: crate::error::Entity::Member, id: sender_id.to_string() });
    }
    let days: Vec<String> = {
        let mut stmt = tx.prepare_cached(
            "SELECT DISTINCT substr(at, 1, 10) FROM chat_messages WHERE cohort_id = ?1 AND sender_id = ?2 AND checkin = 1 AND substr(at, 1, 10) BETWEEN ?3 AND ?4",
        )?;
        let rows = stmt.query_map(params![cohort_id, sender_id, cohort.start_date, cohort.end_date], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let stamp = now();
    let mut marked = 0;
    for day in &days {
        marked += engagement::mark_in(&tx, cohort_id, day, MarkKind::Checkin, &[member_id], true, MarkSource::Import, &stamp)?;
    }
    tx.commit()?;
    Ok(marked)
}
