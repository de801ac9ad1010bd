//! Importing a chat export into a cohort: senders matched to members (by WeChat ID / QQ number,
//! then group nickname and name; links remembered), messages deduplicated (a file imported twice
//! adds nothing), check-ins detected from the text and marked (source: import) so they feed the
//! grid and the points. One transaction: a cancelled or failed import leaves nothing.

use super::parse::{self, Message, MsgKind};
use crate::cohorts;
use crate::engagement::{self, MarkKind, MarkSource};
use crate::error::{Error, Result};
use crate::store::{now, Store};
use super::archive::{self, DayCounts};
use chrono::{NaiveDate, Timelike};
use rusqlite::{params, OptionalExtension};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

pub const CHECKIN_PATTERNS: &str = "chats.checkin_patterns";
pub const KEEP_TEXT: &str = "chats.keep_text";
/// `*` stands for a day number (digits or 一二三…).
pub const DEFAULT_CHECKIN_PATTERNS: &str = "#打卡\n打卡第*天\n第*天打卡\nDay *";

pub const HOMEWORK_PATTERNS: &str = "chats.homework_patterns";
pub const DEFAULT_HOMEWORK_PATTERNS: &str = "#作业\n交作业\n作业第*天";
/// Messages handed from the reading thread at a time.
const BATCH: usize = 2048;
/// Messages held in memory before the older days are written out (bounded memory).
const HELD_BYTES: usize = 32 << 20;

/// How far an import has got.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct ChatProgress {
    pub messages: u64,
    /// 0-1, by the bytes of the file read.
    pub done: f64,
}

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
    pub homework_detected: u64,
}

/// Check-in or homework patterns, one per line; `*` stands for a day number (digits or
/// 一二三…). Letters compare without case. All patterns are looked for in one pass.
#[derive(Debug, Clone)]
pub struct Patterns {
    lines: Vec<String>,
    /// The text before each pattern's `*` (or the whole pattern), found together.
    finder: Option<aho_corasick::AhoCorasick>,
    /// For each pattern: the text after its `*`, when it has one.
    after: Vec<Option<String>>,
    /// Patterns starting with `*`: checked on their own.
    bare: Vec<String>,
}

impl Patterns {
    pub fn new(lines: &str) -> Patterns {
        let lines: Vec<String> = lines.lines().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).collect();
        let (mut heads, mut after, mut bare) = (Vec::new(), Vec::new(), Vec::new());
        for l in &lines {
            match l.split_once('*') {
                Some(("", _)) => bare.push(l.clone()),
                Some((head, tail)) => {
                    heads.push(head.to_string());
                    after.push(Some(tail.to_string()));
                }
                None => {
                    heads.push(l.clone());
                    after.push(None);
                }
            }
        }
        let finder = (!heads.is_empty()).then(|| aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(&heads).ok()).flatten();
        Patterns { lines, finder, after, bare }
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn matches(&self, text: &str) -> bool {
        if let Some(finder) = &self.finder {
            for m in finder.find_overlapping_iter(text) {
                let Some(tail) = &self.after[m.pattern().as_usize()] else { return true };
                let rest = &text[m.end()..];
                let digits: usize = rest.chars().take_while(|c| numeral(*c)).map(char::len_utf8).sum();
                let rest = &rest[digits..];
                if digits > 0 && rest.len() >= tail.len() && rest.as_bytes()[..tail.len()].eq_ignore_ascii_case(tail.as_bytes()) {
                    return true;
                }
            }
        }
        if self.bare.is_empty() {
            return false;
        }
        let lower = text.to_lowercase();
        self.bare.iter().any(|p| matches_pattern(&lower, p))
    }
}

fn numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十百零〇两".contains(c)
}

/// Whether a message's text is a check-in by one of the patterns (one per line).
pub fn is_checkin(text: &str, patterns: &[String]) -> bool {
    Patterns::new(&patterns.join("\n")).matches(text)
}

fn matches_pattern(text: &str, pattern: &str) -> bool {
    let Some((before, after)) = pattern.split_once('*') else { return text.contains(pattern) };
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

fn patterns_setting(store: &Store, key: &str, default: &str) -> Result<String> {
    Ok(crate::settings::get(store, key)?.unwrap_or_else(|| default.to_string()))
}

pub fn checkin_patterns(store: &Store) -> Result<Vec<String>> {
    Ok(Patterns::new(&patterns_setting(store, CHECKIN_PATTERNS, DEFAULT_CHECKIN_PATTERNS)?).lines)
}

/// The chat settings the owner can change.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ChatSettings {
    /// One pattern a line; `*` is a day number.
    pub checkin_patterns: String,
    pub homework_patterns: String,
    /// False: only counts are kept, message text is dropped after analysis.
    pub keep_text: bool,
}

pub fn settings(store: &Store) -> Result<ChatSettings> {
    Ok(ChatSettings {
        checkin_patterns: patterns_setting(store, CHECKIN_PATTERNS, DEFAULT_CHECKIN_PATTERNS)?,
        homework_patterns: patterns_setting(store, HOMEWORK_PATTERNS, DEFAULT_HOMEWORK_PATTERNS)?,
        keep_text: crate::settings::get(store, KEEP_TEXT)?.as_deref() != Some("0"),
    })
}

pub fn set_settings(store: &Store, s: &ChatSettings) -> Result<()> {
    let tidy = |t: &str| t.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    crate::settings::set(store, CHECKIN_PATTERNS, &tidy(&s.checkin_patterns))?;
    crate::settings::set(store, HOMEWORK_PATTERNS, &tidy(&s.homework_patterns))?;
    crate::settings::set(store, KEEP_TEXT, if s.keep_text { "1" } else { "0" })
}

struct Member {
    id: i64,
    name: String,
    nickname: String,
    wechat: Option<String>,
}

/// A sender's day of messages being read: the body so far (see [`archive`]).
struct Held {
    member: Option<i64>,
    body: Vec<u8>,
}

/// (sender id or 0 for system messages, day)
type DayKey = (i64, NaiveDate);

/// Where a day already stands in the store for this cohort and group.
enum Stored {
    /// Rows from earlier imports (usually one).
    Before(Vec<i64>),
    /// Written by this import: its row, and how many of its messages were there before.
    Now { row: i64, before: usize },
}

/// What the days written so far found new, for the grid.
#[derive(Default)]
struct Found {
    new_messages: u64,
    checkins: FxHashMap<NaiveDate, Vec<i64>>,
    homework: FxHashMap<NaiveDate, Vec<i64>>,
    checkins_detected: u64,
    homework_detected: u64,
}

/// Writes a held day into the store, merging it with what is there as a multiset.
fn write_day(tx: &rusqlite::Connection, cohort_id: i64, group_id: Option<i64>, key: DayKey, held: Held, stored: &mut FxHashMap<DayKey, Stored>, found: &mut Found) -> Result<()> {
    let (sender, day) = key;
    // The stored body, its row, and how many of its messages were there before this import.
    let (before, row, before_count): (Vec<u8>, Option<i64>, usize) = match stored.get(&key) {
        None => (Vec::new(), None, 0),
        Some(Stored::Before(rows)) => {
            let mut body = Vec::new();
            for id in rows {
                let b: Vec<u8> = tx.query_row("SELECT body FROM chat_days WHERE id = ?1", [id], |r| r.get(0))?;
                body.extend_from_slice(&b);
            }
            for id in rows.iter().skip(1) {
                tx.execute("DELETE FROM chat_days WHERE id = ?1", [id])?;
            }
            let n = archive::entries(&body).count();
            (body, rows.first().copied(), n)
        }
        Some(Stored::Now { row, before }) => {
            let b: Vec<u8> = tx.query_row("SELECT body FROM chat_days WHERE id = ?1", [row], |r| r.get(0))?;
            (b, Some(*row), *before)
        }
    };
    let mut seen: FxHashMap<(u32, u8, u32), u32> = FxHashMap::default();
    for e in archive::entries(&before).take(before_count) {
        *seen.entry(e.key()).or_default() += 1;
    }
    let mut checkin = false;
    let mut homework = false;
    let mut note = |e: &archive::Entry, found: &mut Found| {
        found.new_messages += 1;
        if e.flags & archive::CHECKIN != 0 {
            found.checkins_detected += 1;
            checkin = true;
        }
        if e.flags & archive::HOMEWORK != 0 {
            found.homework_detected += 1;
            homework = true;
        }
    };
    let body = if before_count == 0 && before.is_empty() {
        // A day new to the store: the held body is written as it is.
        for e in archive::entries(&held.body) {
            note(&e, found);
        }
        held.body
    } else {
        let mut body = before;
        for e in archive::entries(&held.body) {
            if let Some(n) = seen.get_mut(&e.key()).filter(|n| **n > 0) {
                *n -= 1;
                continue;
            }
            archive::push(&mut body, &e);
            note(&e, found);
        }
        body
    };
    if let Some(m) = held.member {
        if checkin {
            found.checkins.entry(day).or_default().push(m);
        }
        if homework {
            found.homework.entry(day).or_default().push(m);
        }
    }
    let c = DayCounts::of(&body);
    let sender_id = (sender != 0).then_some(sender);
    let row = match row {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE chat_days SET messages = ?2, checkins = ?3, homework = ?4, from_self = ?5, first_at = ?6, last_at = ?7, hours = ?8, body = ?9 WHERE id = ?1",
            )?
            .execute(params![id, c.messages, c.checkins, c.homework, c.from_self, archive::clock(c.first), archive::clock(c.last), c.hours_blob(), body])?;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO chat_days (cohort_id, group_id, sender_id, day, messages, checkins, homework, from_self, first_at, last_at, hours, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                cohort_id,
                group_id,
                sender_id,
                day.to_string(),
                c.messages,
                c.checkins,
                c.homework,
                c.from_self,
                archive::clock(c.first),
                archive::clock(c.last),
                c.hours_blob(),
                body
            ])?;
            tx.last_insert_rowid()
        }
    };
    stored.insert(key, Stored::Now { row, before: before_count });
    Ok(())
}

/// Imports a chat export into a cohort (and one of its groups). `progress` is called every 10,000
/// messages; returning false cancels (nothing is kept). Memory stays bounded:
/// days are written out as the (chronological) export moves past them.
pub fn import(store: &Store, path: &Path, cohort_id: i64, group_id: Option<i64>, progress: impl FnMut(ChatProgress) -> bool) -> Result<ChatImport> {
    import_holding(store, path, cohort_id, group_id, HELD_BYTES, progress)
}

fn import_holding(store: &Store, path: &Path, cohort_id: i64, group_id: Option<i64>, held_limit: usize, mut progress: impl FnMut(ChatProgress) -> bool) -> Result<ChatImport> {
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len().max(1) as f64;
    let cohort = cohorts::get(store, cohort_id)?;
    let set = settings(store)?;
    let (checkin_p, homework_p) = (Patterns::new(&set.checkin_patterns), Patterns::new(&set.homework_patterns));
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
    let mut stored: FxHashMap<DayKey, Stored> = FxHashMap::default();
    {
        let mut stmt = tx.prepare_cached("SELECT id, coalesce(sender_id, 0), day FROM chat_days WHERE cohort_id = ?1 AND group_id IS ?2 ORDER BY id")?;
        let mut rows = stmt.query(params![cohort_id, group_id])?;
        while let Some(r) = rows.next()? {
            let day: String = r.get(2)?;
            let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
            if let Stored::Before(ids) = stored.entry((r.get(1)?, day)).or_insert_with(|| Stored::Before(Vec::new())) {
                ids.push(r.get(0)?);
            }
        }
    }
    // Sender key (`id:…`, `name:…`, `self:`) → (sender id, member id); looked up without
    // building the key, by the message's id or name.
    let mut senders: FxHashMap<String, (i64, Option<i64>)> = FxHashMap::default();
    let mut by_id: FxHashMap<String, (i64, Option<i64>)> = FxHashMap::default();
    let mut by_name: FxHashMap<String, (i64, Option<i64>)> = FxHashMap::default();
    let mut seen_names: FxHashMap<i64, FxHashSet<String>> = FxHashMap::default();
    let mut held: FxHashMap<DayKey, Held> = FxHashMap::default();
    let mut held_bytes = 0usize;
    let mut latest = NaiveDate::MIN;
    let mut found = Found::default();
    let mut cancelled = false;
    let mut handle = |m: Message| -> Result<bool> {
        out.messages += 1;
        let m_offset = m.offset;
        let self_unnamed = m.from_self && m.sender_key.is_none() && m.sender_name.trim().is_empty();
        let sender = if m.kind == MsgKind::System || (!self_unnamed && m.sender_key.is_none() && m.sender_name.trim().is_empty()) {
            None
        } else {
            let name = m.sender_name.trim();
            let known = match (&m.sender_key, self_unnamed) {
                (_, true) => senders.get("self:"),
                (Some(k), _) => by_id.get(k.as_str()),
                (None, _) => by_name.get(name),
            };
            let (sid, member) = match known {
                Some(v) => *v,
                None => {
                    let key = match (&m.sender_key, self_unnamed) {
                        (_, true) => "self:".to_string(),
                        (Some(k), _) => format!("id:{k}"),
                        (None, _) => format!("name:{name}"),
                    };
                    let v = sender(&tx, &key, &m, &members, &placed)?;
                    match (&m.sender_key, self_unnamed) {
                        (_, true) => {}
                        (Some(k), _) => {
                            by_id.insert(k.clone(), v);
                        }
                        (None, _) => {
                            by_name.insert(name.to_string(), v);
                        }
                    }
                    senders.insert(key, v);
                    v
                }
            };
            if !name.is_empty() && !seen_names.get(&sid).is_some_and(|s| s.contains(name)) {
                seen_names.entry(sid).or_default().insert(name.to_string());
                let at = m.at.format("%Y-%m-%d %H:%M:%S").to_string();
                tx.execute(
                    "INSERT INTO chat_sender_names (sender_id, name, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3)
                     ON CONFLICT (sender_id, name) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
                    params![sid, name, at],
                )?;
                tx.execute("UPDATE chat_senders SET name = ?2 WHERE id = ?1", params![sid, name])?;
            }
            Some((sid, member))
        };
        let text_kind = sender.is_some() && m.kind == MsgKind::Text;
        let mut flags = if m.from_self { archive::FROM_SELF } else { 0 };
        if text_kind && checkin_p.matches(&m.text) {
            flags |= archive::CHECKIN;
        }
        if text_kind && homework_p.matches(&m.text) {
            flags |= archive::HOMEWORK;
        }
        let day = m.at.date();
        let sec = m.at.time().num_seconds_from_midnight();
        let key = (sender.map_or(0, |s| s.0), day);
        let h = held.entry(key).or_insert_with(|| Held { member: sender.and_then(|s| s.1), body: Vec::new() });
        let before = h.body.len();
        let e = archive::Entry { sec, kind: m.kind.code(), flags, hash: archive::text_hash(&m.text), text: if set.keep_text { &m.text } else { "" } };
        archive::push(&mut h.body, &e);
        held_bytes += h.body.len() - before;
        latest = latest.max(day);
        if held_bytes > held_limit {
            // Write out the days the export has moved past; all of them if one day is that big.
            let mut keys: Vec<DayKey> = held.keys().filter(|k| k.1 < latest).copied().collect();
            if keys.is_empty() {
                keys = held.keys().copied().collect();
            }
            keys.sort();
            for k in keys {
                if let Some(h) = held.remove(&k) {
                    held_bytes -= h.body.len();
                    write_day(&tx, cohort_id, group_id, k, h, &mut stored, &mut found)?;
                }
            }
        }
        if out.messages % 10_000 == 0 && !progress(ChatProgress { messages: out.messages, done: (m_offset as f64 / size).min(0.99) }) {
            cancelled = true;
            return Ok(false);
        }
        Ok(true)
    };
    // The file is read on a second thread, in batches, while this one matches and stores.
    let format = std::thread::scope(|scope| -> Result<parse::ChatFormat> {
        let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Message>>(8);
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let format = parse::read(path, |m| {
                batch.push(m);
                if batch.len() == BATCH {
                    // The receiver is gone: the import stopped (cancelled or failed).
                    return Ok(batches.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_ok());
                }
                Ok(true)
            })?;
            if !batch.is_empty() {
                let _ = batches.send(batch);
            }
            Ok(format)
        });
        let mut handled: Result<()> = Ok(());
        'read: for batch in &received {
            for m in batch {
                match handle(m) {
                    Ok(true) => {}
                    Ok(false) => break 'read,
                    Err(e) => {
                        handled = Err(e);
                        break 'read;
                    }
                }
            }
        }
        drop(received);
        let format = reader.join().map_err(|_| Error::BadFile { path: path.display().to_string(), reason: "reader stopped".into() })?;
        handled?;
        format
    })?;
    if cancelled {
        return Err(Error::Cancelled);
    }
    let mut keys: Vec<DayKey> = held.keys().copied().collect();
    keys.sort();
    for k in keys {
        if let Some(h) = held.remove(&k) {
            write_day(&tx, cohort_id, group_id, k, h, &mut stored, &mut found)?;
        }
    }
    let in_cohort = |day: &NaiveDate| {
        let d = day.to_string();
        d.as_str() >= cohort.start_date.as_str() && d.as_str() <= cohort.end_date.as_str()
    };
    for (kind, days) in [(MarkKind::Checkin, &found.checkins), (MarkKind::Homework, &found.homework)] {
        for (day, ids) in days.iter().filter(|(d, _)| in_cohort(d)) {
            engagement::mark_in(&tx, cohort_id, &day.to_string(), kind, ids, true, MarkSource::Import, &stamp)?;
        }
    }
    out.format = format.label().to_string();
    out.new_messages = found.new_messages;
    out.checkins_detected = found.checkins_detected;
    out.homework_detected = found.homework_detected;
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
fn mark_detected(tx: &rusqlite::Connection, cohort: &cohorts::Cohort, sender_id: i64, member_id: i64, stamp: &str) -> Result<usize> {
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
        return Err(Error::NotFound { entity: crate::error::Entity::Member, id: sender_id.to_string() });
    }
    let marked = mark_detected(&tx, &cohort, sender_id, member_id, &now())?;
    tx.commit()?;
    Ok(marked)
}

/// Rewrites every stored day of a cohort's chats (all cohorts: none) through `change`, keeping
/// the counts in step. Returns the days changed.
fn rewrite_days(tx: &rusqlite::Connection, cohort_id: Option<i64>, mut change: impl FnMut(&mut archive::Entry) -> bool) -> Result<Vec<(i64, i64)>> {
    let rows: Vec<(i64, i64, Option<i64>, Vec<u8>)> = {
        let mut stmt = tx.prepare_cached("SELECT id, cohort_id, sender_id, body FROM chat_days WHERE ?1 IS NULL OR cohort_id = ?1")?;
        let rows = stmt.query_map([cohort_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut changed = Vec::new();
    for (id, cohort, sender, body) in rows {
        let mut out = Vec::with_capacity(body.len());
        let mut any = false;
        for mut e in archive::entries(&body) {
            any |= change(&mut e);
            archive::push(&mut out, &e);
        }
        if !any {
            continue;
        }
        let c = DayCounts::of(&out);
        tx.prepare_cached("UPDATE chat_days SET checkins = ?2, homework = ?3, body = ?4 WHERE id = ?1")?.execute(params![id, c.checkins, c.homework, out])?;
        if let Some(s) = sender {
            changed.push((cohort, s));
        }
    }
    Ok(changed)
}

/// Drops the text of every stored message (of one cohort, or all), keeping the counts: for an
/// owner who wants only the analysis kept. Returns the messages whose text was dropped.
pub fn forget_text(store: &Store, cohort_id: Option<i64>) -> Result<u64> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let mut dropped = 0u64;
    rewrite_days(&tx, cohort_id, |e| {
        let had = !e.text.is_empty();
        e.text = "";
        dropped += u64::from(had);
        had
    })?;
    tx.commit()?;
    Ok(dropped)
}

/// Detects check-ins and homework again in a cohort's stored messages with the current patterns
/// (after the owner changed them), and marks the new ones of linked members into the grid.
/// Marks made before stay. Returns the marks added. Messages kept as counts only are not re-read.
pub fn redetect(store: &Store, cohort_id: i64) -> Result<usize> {
    let cohort = cohorts::get(store, cohort_id)?;
    let set = settings(store)?;
    let (checkin_p, homework_p) = (Patterns::new(&set.checkin_patterns), Patterns::new(&set.homework_patterns));
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let changed = rewrite_days(&tx, Some(cohort_id), |e| {
        if e.text.is_empty() || MsgKind::from_code(e.kind) != MsgKind::Text {
            return false;
        }
        let mut flags = e.flags & archive::FROM_SELF;
        if checkin_p.matches(e.text) {
            flags |= archive::CHECKIN;
        }
        if homework_p.matches(e.text) {
            flags |= archive::HOMEWORK;
        }
        let differs = flags != e.flags;
        e.flags = flags;
        differs
    })?;
    let stamp = now();
    let mut marked = 0;
    let senders: FxHashSet<i64> = changed.into_iter().map(|(_, s)| s).collect();
    for s in senders {
        let member: Option<i64> = tx.query_row("SELECT member_id FROM chat_senders WHERE id = ?1", [s], |r| r.get(0))?;
        if let Some(m) = member {
            marked += mark_detected(&tx, &cohort, s, m, &stamp)?;
        }
    }
    tx.commit()?;
    Ok(marked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohorts::{CohortInput, MembershipInput};
    use crate::members::MemberInput;

    #[test]
    fn days_written_out_early_and_met_again_merge_without_losing_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("data")).unwrap();
        let c = cohorts::add(&store, &CohortInput { name: "营".into(), start_date: "2026-11-01".into(), end_date: "2026-11-30".into(), ..Default::default() }).unwrap();
        let id = crate::members::add(&store, &MemberInput { name: "张三".into(), ..Default::default() }).unwrap().id;
        cohorts::assign(&store, &MembershipInput { member_id: id, cohort_id: c.id, joined_on: "2026-11-01".into(), ..Default::default() }).unwrap();
        // Out of order: the 20th, the 21st, then the 20th again with the same words at the same second.
        let file = dir.path().join("chat.txt");
        std::fs::write(&file, "2026-11-20 08:00:00 张三\n收到\n\n2026-11-21 08:00:00 张三\n#打卡\n\n2026-11-20 08:00:00 张三\n收到\n\n").unwrap();
        // Holding one byte: every message is written out at once.
        let r = import_holding(&store, &file, c.id, None, 1, |_| true).unwrap();
        assert_eq!((r.messages, r.new_messages, r.checkins_detected), (3, 3, 1));
        let r = import_holding(&store, &file, c.id, None, 1, |_| true).unwrap();
        assert_eq!(r.new_messages, 0);
        let r = import(&store, &file, c.id, None, |_| true).unwrap();
        assert_eq!(r.new_messages, 0);
        let rows: i64 = store.conn().query_row("SELECT count(*) FROM chat_days", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 2, "one row per sender and day");
        let st = super::super::stats::stats(&store, c.id, None).unwrap();
        assert_eq!((st.messages, st.members[0].messages, st.members[0].checkins), (3, 3, 1));
    }
}
