//! Importing a chat export into a cohort: senders matched to members (by WeChat ID / QQ number,
//! then group nickname and name; links remembered), messages deduplicated (a file imported twice
//! adds nothing), check-ins detected from the text and marked (source: import) so they feed the
//! grid and the points. One transaction: a cancelled or failed import leaves nothing.

use super::parse::{self, Message, MsgKind};
use crate::cohorts;
use crate::engagement::{self, MarkKind, MarkSource};
use crate::error::{Error, FileProblem, Result};
use crate::jobs::Job;
use crate::store::{now, Store};
use super::archive::{self, DayCounts};
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use rusqlite::{params, OptionalExtension};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use ts_rs::TS;

pub const CHECKIN_PATTERNS: &str = "chats.checkin_patterns";
pub const KEEP_TEXT: &str = "chats.keep_text";
/// `*` stands for a day number (digits or 一二三…).
pub const DEFAULT_CHECKIN_PATTERNS: &str = "#打卡\n打卡第*天\n第*天打卡\nDay *";

pub const HOMEWORK_PATTERNS: &str = "chats.homework_patterns";
pub const DEFAULT_HOMEWORK_PATTERNS: &str = "#作业\n交作业\n作业第*天";
/// Messages handed from the reading thread at a time.
const BATCH: usize = 2048;
/// The most message bytes held in memory (days are written out as the export moves past them;
/// a single day bigger than this is written out in parts).
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
/// 一二三…). Letters compare without case. Several sets (check-in and homework) are looked for in
/// one pass over the text, each reported by its bit.
#[derive(Debug, Clone)]
pub struct Patterns {
    lines: Vec<String>,
    /// The text before each pattern's `*` (or the whole pattern), found together.
    finder: Option<aho_corasick::AhoCorasick>,
    /// For each pattern of the finder: the text after its `*` when it has one, and its set's bit.
    after: Vec<(Option<String>, u8)>,
    /// Patterns starting with `*`, with their set's bit: checked on their own.
    bare: Vec<(String, u8)>,
    /// Every set's bit.
    all: u8,
}

impl Patterns {
    /// One set of patterns (its bit is 1).
    pub fn new(lines: &str) -> Patterns {
        Patterns::sets(&[(lines, 1)])
    }

    /// Several sets, each with its bit.
    pub fn sets(sets: &[(&str, u8)]) -> Patterns {
        let (mut lines, mut heads, mut after, mut bare, mut all) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), 0);
        for (text, bit) in sets {
            for l in text.lines().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()) {
                // Only sets with a pattern count towards "all found".
                all |= bit;
                match l.split_once('*') {
                    Some(("", _)) => bare.push((l.clone(), *bit)),
                    Some((head, tail)) => {
                        heads.push(head.to_string());
                        after.push((Some(tail.to_string()), *bit));
                    }
                    None => {
                        heads.push(l.clone());
                        after.push((None, *bit));
                    }
                }
                lines.push(l);
            }
        }
        let finder = (!heads.is_empty()).then(|| aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(&heads).ok()).flatten();
        Patterns { lines, finder, after, bare, all }
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    pub fn matches(&self, text: &str) -> bool {
        self.bits(text) != 0
    }

    /// The bits of the sets with a pattern in `text`.
    pub fn bits(&self, text: &str) -> u8 {
        let mut found = 0;
        if let Some(finder) = &self.finder {
            for m in finder.find_overlapping_iter(text) {
                let (tail, bit) = &self.after[m.pattern().as_usize()];
                if found & bit != 0 {
                    continue;
                }
                let hit = match tail {
                    None => true,
                    Some(tail) => {
                        let rest = &text[m.end()..];
                        let digits: usize = rest.chars().take_while(|c| numeral(*c)).map(char::len_utf8).sum();
                        let rest = &rest[digits..];
                        digits > 0 && rest.len() >= tail.len() && rest.as_bytes()[..tail.len()].eq_ignore_ascii_case(tail.as_bytes())
                    }
                };
                if hit {
                    found |= bit;
                    if found == self.all {
                        return found;
                    }
                }
            }
        }
        if self.bare.iter().any(|(_, bit)| found & bit == 0) {
            let lower = text.to_lowercase();
            for (p, bit) in &self.bare {
                if found & bit == 0 && matches_pattern(&lower, p) {
                    found |= bit;
                }
            }
        }
        found
    }
}

/// The check-in and homework patterns of the settings, found in one pass: [`Patterns::bits`] gives
/// `archive::CHECKIN` and `archive::HOMEWORK`.
fn detector(set: &ChatSettings) -> Patterns {
    Patterns::sets(&[(&set.checkin_patterns, archive::CHECKIN), (&set.homework_patterns, archive::HOMEWORK)])
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

/// Saves the settings; returns them as stored (patterns tidied).
pub fn set_settings(store: &Store, s: &ChatSettings) -> Result<ChatSettings> {
    let tidy = |t: &str| t.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    crate::settings::set(store, CHECKIN_PATTERNS, &tidy(&s.checkin_patterns))?;
    crate::settings::set(store, HOMEWORK_PATTERNS, &tidy(&s.homework_patterns))?;
    crate::settings::set(store, KEEP_TEXT, if s.keep_text { "1" } else { "0" })?;
    settings(store)
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

/// Stored messages by (second, kind, text hash), with how many times each occurs.
type Multiset = FxHashMap<(u32, u8, u32), u32>;

/// (sender id or 0 for system messages, day)
type DayKey = (i64, NaiveDate);

/// Where a day already stands in the store for this cohort and group.
enum Stored {
    /// Rows from earlier imports (usually one).
    Before(Vec<i64>),
    /// Written by this import: its row, and the stored messages not yet matched by one of the
    /// file's (a message the file repeats later still finds its twin).
    Now { row: i64, left: Multiset },
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

const NO_SENDER: u32 = u32::MAX;

/// A sender seen for the first time in the file, numbered by the reading thread.
struct NewSender {
    index: u32,
    /// `id:…`, `name:…` or `self:`.
    key: String,
    sender_key: Option<String>,
    name: String,
}

/// A message ready to store: its sender's number, its day, and its encoded bytes in the batch.
struct Item {
    sender: u32,
    day: NaiveDate,
    start: u32,
    end: u32,
}

/// Messages handed over from the reading thread at once.
#[derive(Default)]
struct Batch {
    senders: Vec<NewSender>,
    items: Vec<Item>,
    bytes: Vec<u8>,
}

/// The names each sender used: (sender, name) → (first seen, last seen).
#[derive(Default)]
struct NameSpans {
    names: Vec<String>,
    spans: FxHashMap<(u32, u32), (NaiveDateTime, NaiveDateTime)>,
}

/// The reading thread's side: numbers senders and names, detects, encodes.
struct Preparer<'a> {
    detector: &'a Patterns,
    keep_text: bool,
    by_id: FxHashMap<String, u32>,
    by_name: FxHashMap<String, u32>,
    own: Option<u32>,
    name_ids: FxHashMap<String, u32>,
    spans: NameSpans,
    count: u32,
    batch: Batch,
}

impl<'a> Preparer<'a> {
    fn new(detector: &'a Patterns, keep_text: bool) -> Self {
        Preparer {
            detector,
            keep_text,
            by_id: FxHashMap::default(),
            by_name: FxHashMap::default(),
            own: None,
            name_ids: FxHashMap::default(),
            spans: NameSpans::default(),
            count: 0,
            batch: Batch::default(),
        }
    }

    fn take(&mut self) -> Batch {
        std::mem::take(&mut self.batch)
    }

    fn number(&mut self, key: String, sender_key: Option<String>, name: &str) -> u32 {
        let index = self.count;
        self.count += 1;
        self.batch.senders.push(NewSender { index, key, sender_key, name: name.to_string() });
        index
    }

    fn add(&mut self, m: Message<'_>) {
        // A nickname is a few dozen characters; a hostile export's 50 MB "name" is cut short.
        let name = clip(m.sender_name.trim(), MAX_SENDER_CHARS);
        let sender_key = m.sender_key.as_deref().map(|k| clip(k, MAX_SENDER_CHARS));
        let own_unnamed = m.from_self && sender_key.is_none() && name.is_empty();
        let sender = if m.kind == MsgKind::System || (!own_unnamed && sender_key.is_none() && name.is_empty()) {
            NO_SENDER
        } else if own_unnamed {
            match self.own {
                Some(i) => i,
                None => {
                    let i = self.number("self:".into(), None, "");
                    self.own = Some(i);
                    i
                }
            }
        } else if let Some(k) = sender_key {
            match self.by_id.get(k) {
                Some(i) => *i,
                None => {
                    let i = self.number(format!("id:{k}"), Some(k.to_string()), name);
                    self.by_id.insert(k.to_string(), i);
                    i
                }
            }
        } else {
            match self.by_name.get(name) {
                Some(i) => *i,
                None => {
                    let i = self.number(format!("name:{name}"), None, name);
                    self.by_name.insert(name.to_string(), i);
                    i
                }
            }
        };
        if sender != NO_SENDER && !name.is_empty() {
            let n = match self.name_ids.get(name) {
                Some(n) => *n,
                None => {
                    let n = self.spans.names.len() as u32;
                    self.spans.names.push(name.to_string());
                    self.name_ids.insert(name.to_string(), n);
                    n
                }
            };
            let span = self.spans.spans.entry((sender, n)).or_insert((m.at, m.at));
            span.0 = span.0.min(m.at);
            span.1 = span.1.max(m.at);
        }
        let text_kind = sender != NO_SENDER && m.kind == MsgKind::Text;
        let mut flags = if m.from_self { archive::FROM_SELF } else { 0 };
        if text_kind {
            flags |= self.detector.bits(&m.text);
        }
        let start = self.batch.bytes.len() as u32;
        let e = archive::Entry {
            sec: m.at.time().num_seconds_from_midnight(),
            kind: m.kind.code(),
            flags,
            hash: archive::text_hash(&m.text),
            text: if self.keep_text { &m.text } else { "" },
        };
        archive::push(&mut self.batch.bytes, &e);
        self.batch.items.push(Item { sender, day: m.at.date(), start, end: self.batch.bytes.len() as u32 });
    }
}

/// Writes out the held days `which` picks, in order.
#[allow(clippy::too_many_arguments)]
fn write_out(
    tx: &rusqlite::Connection,
    cohort_id: i64,
    group_id: Option<i64>,
    held: &mut FxHashMap<DayKey, Held>,
    held_bytes: &mut usize,
    which: impl Fn(&DayKey) -> bool,
    stored: &mut FxHashMap<DayKey, Stored>,
    found: &mut Found,
) -> Result<()> {
    let mut keys: Vec<DayKey> = held.keys().filter(|k| which(k)).copied().collect();
    keys.sort();
    for k in keys {
        if let Some(h) = held.remove(&k) {
            *held_bytes -= h.body.len();
            write_day(tx, cohort_id, group_id, k, h, stored, found)?;
        }
    }
    Ok(())
}

/// A stored day's messages.
fn day_body(tx: &rusqlite::Connection, day_id: i64) -> Result<Vec<u8>> {
    Ok(tx.prepare_cached("SELECT body FROM chat_day_bodies WHERE day_id = ?1")?.query_row([day_id], |r| r.get(0))?)
}

/// Writes a held day into the store, merging it with what is there as a multiset.
fn write_day(tx: &rusqlite::Connection, cohort_id: i64, group_id: Option<i64>, key: DayKey, held: Held, stored: &mut FxHashMap<DayKey, Stored>, found: &mut Found) -> Result<()> {
    let (sender, day) = key;
    // The stored body, its row, and the stored messages the file may repeat (a multiset).
    let (before, row, mut seen): (Vec<u8>, Option<i64>, Multiset) = match stored.remove(&key) {
        None => (Vec::new(), None, FxHashMap::default()),
        Some(Stored::Before(rows)) => {
            let mut body = Vec::new();
            for id in &rows {
                let b = day_body(tx, *id)?;
                body.extend_from_slice(&b);
            }
            for id in rows.iter().skip(1) {
                tx.execute("DELETE FROM chat_days WHERE id = ?1", [id])?;
            }
            let mut seen = Multiset::default();
            for e in archive::raw_entries(&body) {
                *seen.entry(e.key()).or_default() += 1;
            }
            (body, rows.first().copied(), seen)
        }
        Some(Stored::Now { row, left }) => {
            let b = day_body(tx, row)?;
            (b, Some(row), left)
        }
    };
    // One sender's one day: thousands of messages at most in a real group. A hostile export of
    // one line repeated a billion times stops here instead of growing one body without end.
    if before.len() + held.body.len() > MAX_DAY_BYTES {
        return Err(Error::ChatDayTooBig { path: String::new(), day: day.to_string() });
    }
    let mut checkin = false;
    let mut homework = false;
    let mut note = |e: &archive::Raw, found: &mut Found| {
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
    let body = if seen.is_empty() && before.is_empty() {
        // A day new to the store: the held body is written as it is.
        for e in archive::raw_entries(&held.body) {
            note(&e, found);
        }
        held.body
    } else {
        let mut body = before;
        for e in archive::raw_entries(&held.body) {
            if let Some(n) = seen.get_mut(&e.key()).filter(|n| **n > 0) {
                *n -= 1;
                continue;
            }
            archive::push_raw(&mut body, &e);
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
                "UPDATE chat_days SET messages = ?2, checkins = ?3, homework = ?4, from_self = ?5, first_at = ?6, last_at = ?7, hours = ?8 WHERE id = ?1",
            )?
            .execute(params![id, c.messages, c.checkins, c.homework, c.from_self, archive::clock(c.first), archive::clock(c.last), c.hours_blob()])?;
            tx.prepare_cached("UPDATE chat_day_bodies SET body = ?2 WHERE day_id = ?1")?.execute(params![id, body])?;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO chat_days (cohort_id, group_id, sender_id, day, messages, checkins, homework, from_self, first_at, last_at, hours)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
                c.hours_blob()
            ])?;
            let id = tx.last_insert_rowid();
            tx.prepare_cached("INSERT INTO chat_day_bodies (day_id, body) VALUES (?1, ?2)")?.execute(params![id, body])?;
            id
        }
    };
    seen.retain(|_, n| *n > 0);
    stored.insert(key, Stored::Now { row, left: seen });
    Ok(())
}

/// Marks the check-ins and homework found in the days written so far (days inside the cohort),
/// while the other thread reads on (the marks are committed with the rest).
fn mark_found(tx: &rusqlite::Connection, cohort: &cohorts::Cohort, found: &mut Found, stamp: &str) -> Result<()> {
    for (kind, days) in [(MarkKind::Checkin, &mut found.checkins), (MarkKind::Homework, &mut found.homework)] {
        for (day, mut ids) in days.drain() {
            let d = day.to_string();
            if d < cohort.start_date || d > cohort.end_date {
                continue;
            }
            ids.sort_unstable();
            ids.dedup();
            engagement::mark_many_in(tx, cohort.id, &d, kind, &ids, MarkSource::Import, stamp)?;
        }
    }
    Ok(())
}

/// Imports a chat export into a cohort (and one of its groups). The job hears the messages read
/// and the share of the file done, each percent; a cancel (checked each batch of about 2,000
/// messages) keeps nothing. Memory stays bounded: days are written out as the (chronological) export moves past them.
pub fn import(store: &Store, path: &Path, cohort_id: i64, group_id: Option<i64>, job: &Job<ChatProgress>) -> Result<ChatImport> {
    import_holding(store, path, cohort_id, group_id, HELD_BYTES, job).map_err(|e| match e {
        Error::ChatDayTooBig { day, .. } => Error::ChatDayTooBig { path: path.display().to_string(), day },
        other => other,
    })
}

fn import_holding(store: &Store, path: &Path, cohort_id: i64, group_id: Option<i64>, held_limit: usize, job: &Job<ChatProgress>) -> Result<ChatImport> {
    let mut told = -1.0;
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len().max(1) as f64;
    let cohort = cohorts::get(store, cohort_id)?;
    let set = settings(store)?;
    let detector = detector(&set);
    let members: Vec<Member> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.name, m.nickname, m.wechat FROM memberships ms JOIN members m ON m.id = ms.member_id AND m.deleted_at IS NULL WHERE ms.cohort_id = ?1",
        )?;
        let rows = stmt.query_map([cohort_id], |r| Ok(Member { id: r.get(0)?, name: r.get(1)?, nickname: r.get(2)?, wechat: r.get(3)? }))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let placed: FxHashSet<i64> = members.iter().map(|m| m.id).collect();
    // The commit is what the owner waits for; the copy from the WAL into the file runs after.
    store.with_checkpoint_later(|conn| {
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
        // The reading thread parses, names each sender and each name with a small number, detects
        // check-ins and homework, and encodes each message for storage; this thread finds the senders
        // in the store, gathers each sender's day and writes the days the export has moved past.
        let keep_text = set.keep_text;
        let mut senders: Vec<Option<(i64, Option<i64>)>> = Vec::new();
        let mut held: FxHashMap<DayKey, Held> = FxHashMap::default();
        let mut held_bytes = 0usize;
        let mut latest = NaiveDate::MIN;
        let mut found = Found::default();
        let mut cancelled = false;
        let read_bytes = std::sync::Arc::new(AtomicU64::new(0));
        let counter = read_bytes.clone();
        let (format, names_seen) = std::thread::scope(|scope| -> Result<(parse::ChatFormat, NameSpans)> {
            let (batches, received) = std::sync::mpsc::sync_channel::<Batch>(8);
            let reader = scope.spawn(move || -> Result<(parse::ChatFormat, NameSpans)> {
                let mut prep = Preparer::new(&detector, keep_text);
                let format = parse::read_counting(path, counter, |m| {
                    prep.add(m);
                    if prep.batch.items.len() == BATCH {
                        // The receiver is gone: the import stopped (cancelled or failed).
                        return Ok(batches.send(prep.take()).is_ok());
                    }
                    Ok(true)
                })?;
                if !prep.batch.items.is_empty() {
                    let _ = batches.send(prep.take());
                }
                Ok((format, prep.spans))
            });
            let mut handled: Result<()> = Ok(());
            'read: for batch in &received {
                for s in &batch.senders {
                    let v = sender(&tx, &s.key, s.sender_key.as_deref(), &s.name, &members, &placed);
                    match v {
                        Ok(v) => {
                            if senders.len() <= s.index as usize {
                                senders.resize(s.index as usize + 1, None);
                            }
                            senders[s.index as usize] = Some(v);
                        }
                        Err(e) => {
                            handled = Err(e);
                            break 'read;
                        }
                    }
                }
                for item in &batch.items {
                    let sender = (item.sender != NO_SENDER).then(|| senders[item.sender as usize]).flatten();
                    if item.day > latest {
                        // The export moved to a new day: write out the days before it.
                        if latest != NaiveDate::MIN {
                            let written = write_out(&tx, cohort_id, group_id, &mut held, &mut held_bytes, |k| k.1 < item.day, &mut stored, &mut found)
                                .and_then(|_| mark_found(&tx, &cohort, &mut found, &stamp));
                            if let Err(e) = written {
                                handled = Err(e);
                                break 'read;
                            }
                        }
                        latest = item.day;
                    }
                    let key = (sender.map_or(0, |s| s.0), item.day);
                    let h = held.entry(key).or_insert_with(|| Held { member: sender.and_then(|s| s.1), body: Vec::new() });
                    h.body.extend_from_slice(&batch.bytes[item.start as usize..item.end as usize]);
                    held_bytes += (item.end - item.start) as usize;
                }
                if held_bytes > held_limit {
                    // One day bigger than the budget: write it out as it is.
                    if let Err(e) = write_out(&tx, cohort_id, group_id, &mut held, &mut held_bytes, |_| true, &mut stored, &mut found) {
                        handled = Err(e);
                        break;
                    }
                }
                out.messages += batch.items.len() as u64;
                // Progress by the file's bytes read (before any decoding).
                let done = (read_bytes.load(Ordering::Relaxed) as f64 / size).min(0.99);
                if done - told >= 0.01 {
                    told = done;
                    job.report(ChatProgress { messages: out.messages, done });
                }
                if job.cancelled() {
                    cancelled = true;
                    break;
                }
            }
            drop(received);
            let result = reader.join().map_err(|_| Error::bad_file(path, FileProblem::ReaderStopped))?;
            handled?;
            result
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
        mark_found(&tx, &cohort, &mut found, &stamp)?;
        // Every name each sender used in this file, first and last seen.
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO chat_sender_names (sender_id, name, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (sender_id, name) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
            )?;
            let mut latest_name: FxHashMap<i64, (NaiveDateTime, &str)> = FxHashMap::default();
            for ((sender, name), (first, last)) in &names_seen.spans {
                let Some(Some((sid, _))) = senders.get(*sender as usize) else { continue };
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
        }
        out.format = format.label().to_string();
        out.new_messages = found.new_messages;
        out.checkins_detected = found.checkins_detected;
        out.homework_detected = found.homework_detected;
        out.senders = senders.iter().flatten().count() as u64;
        out.matched = senders.iter().flatten().filter(|(_, m)| m.is_some()).count() as u64;
        out.unmatched = out.senders - out.matched;
        tx.execute(
            "INSERT INTO chat_imports (cohort_id, group_id, file, format, messages, new_messages, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![cohort_id, group_id, path.display().to_string(), out.format, out.messages as i64, out.new_messages as i64, stamp],
        )?;
        tx.commit()?;
        Ok(out)
    })
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
        return Err(Error::NotFound { entity: crate::error::Entity::ChatSender, id: sender_id.to_string() });
    }
    let marked = mark_detected(&tx, &cohort, sender_id, member_id, &now())?;
    tx.commit()?;
    Ok(marked)
}

/// Rewrites every stored day of a cohort's chats (all cohorts: none) through `change`, keeping
/// the counts in step. Returns the days changed.
fn rewrite_days(tx: &rusqlite::Connection, cohort_id: Option<i64>, mut change: impl FnMut(&mut archive::Entry) -> bool) -> Result<Vec<(i64, i64)>> {
    let rows: Vec<(i64, i64, Option<i64>, Vec<u8>)> = {
        let mut stmt = tx.prepare_cached("SELECT d.id, d.cohort_id, d.sender_id, b.body FROM chat_days d JOIN chat_day_bodies b ON b.day_id = d.id WHERE ?1 IS NULL OR d.cohort_id = ?1")?;
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
        tx.prepare_cached("UPDATE chat_days SET checkins = ?2, homework = ?3 WHERE id = ?1")?.execute(params![id, c.checkins, c.homework])?;
        tx.prepare_cached("UPDATE chat_day_bodies SET body = ?2 WHERE day_id = ?1")?.execute(params![id, out])?;
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
    let detector = detector(&set);
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let changed = rewrite_days(&tx, Some(cohort_id), |e| {
        if e.text.is_empty() || MsgKind::from_code(e.kind) != MsgKind::Text {
            return false;
        }
        let flags = (e.flags & archive::FROM_SELF) | detector.bits(e.text);
        let differs = flags != e.flags;
        e.flags = flags;
        differs
    })?;
    let stamp = now();
    let mut marked = 0;
    let senders: FxHashSet<i64> = changed.into_iter().map(|(_, s)| s).collect();
    for s in senders {
        // Only a member of this cohort gets marks in its grid (a sender linked in another cohort
        // may be a guest here).
        let member: Option<i64> = tx
            .query_row(
                "SELECT s.member_id FROM chat_senders s JOIN memberships ms ON ms.member_id = s.member_id AND ms.cohort_id = ?2
                 JOIN members m ON m.id = s.member_id AND m.deleted_at IS NULL WHERE s.id = ?1",
                params![s, cohort_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(m) = member {
            marked += mark_detected(&tx, &cohort, s, m, &stamp)?;
        }
    }
    tx.commit()?;
    Ok(marked)
}

/// The most one sender's messages of one day may take, stored (hundreds of thousands of messages).
const MAX_DAY_BYTES: usize = 16 << 20;

/// The longest sender name or id kept, in characters.
const MAX_SENDER_CHARS: usize = 64;

/// `s` cut to at most `max` characters.
fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
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
        let r = import_holding(&store, &file, c.id, None, 1, &Job::quiet()).unwrap();
        assert_eq!((r.messages, r.new_messages, r.checkins_detected), (3, 3, 1));
        let r = import_holding(&store, &file, c.id, None, 1, &Job::quiet()).unwrap();
        assert_eq!(r.new_messages, 0);
        let r = import(&store, &file, c.id, None, &Job::quiet()).unwrap();
        assert_eq!(r.new_messages, 0);
        let rows: i64 = store.conn().query_row("SELECT count(*) FROM chat_days", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 2, "one row per sender and day");
        let st = super::super::stats::stats(&store, c.id, None).unwrap();
        assert_eq!((st.messages, st.members[0].messages, st.members[0].checkins), (3, 3, 1));
    }
}
