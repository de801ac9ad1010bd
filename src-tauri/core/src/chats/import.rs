//! Importing a chat export into a cohort: senders matched to members (by WeChat ID / QQ number,
//! then group nickname and name; links remembered), messages deduplicated (a file imported twice
//! adds nothing), check-ins detected from the text and marked (source: import) so they feed the
//! grid and the points. One transaction: a cancelled or failed import leaves nothing.
//!
//! One thread reads the export (`reader`) while this one finds its senders in the store
//! (`senders`) and writes each sender's day once the export has moved past it (`writer`); the
//! check-in and homework patterns and the chat settings are in `patterns`.

mod patterns;
mod reader;
mod senders;
mod writer;

pub use patterns::{
    checkin_patterns, is_checkin, set_settings, settings, ChatSettings, Patterns, CHECKIN_PATTERNS, DEFAULT_CHECKIN_PATTERNS, DEFAULT_HOMEWORK_PATTERNS,
    HOMEWORK_PATTERNS, KEEP_TEXT,
};
pub use senders::{link, unmatched, Sender};

use super::archive::{self, DayCounts};
use super::parse::{ChatFormat, MsgKind};
use crate::cohorts;
use crate::error::{Error, FileProblem, Result};
use crate::jobs::Job;
use crate::store::{now, Store};
use patterns::detector;
use reader::{Batch, NameSpans};
use rusqlite::{params, OptionalExtension};
use rustc_hash::FxHashSet;
use senders::{mark_detected, Senders};
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use ts_rs::TS;
use writer::Days;

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

/// How far an import has got, told to its job each percent of the file read.
struct Progress<'j> {
    job: &'j Job<'j, ChatProgress>,
    /// The file's size in bytes (at least 1).
    size: f64,
    /// The bytes of the file the reading thread has read.
    read_bytes: Arc<AtomicU64>,
    /// The share of the file last told, and the messages counted then.
    told: f64,
    told_messages: u64,
    messages: u64,
}

impl Progress<'_> {
    /// Counts a batch of messages, and tells the job once another percent of the file is read or
    /// another 10,000 messages are in (the reading thread can be far ahead of the writing).
    fn count(&mut self, messages: usize) {
        self.messages += messages as u64;
        // Progress by the file's bytes read (before any decoding).
        let done = (self.read_bytes.load(Ordering::Relaxed) as f64 / self.size).min(0.99);
        if done - self.told >= 0.01 || self.messages - self.told_messages >= 10_000 {
            self.told = done;
            self.told_messages = self.messages;
            self.job.report(ChatProgress { messages: self.messages, done });
        }
    }
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

/// [`import`], holding at most about `held_limit` message bytes in memory.
fn import_holding(store: &Store, path: &Path, cohort_id: i64, group_id: Option<i64>, held_limit: usize, job: &Job<ChatProgress>) -> Result<ChatImport> {
    let size = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len().max(1) as f64;
    let cohort = cohorts::get(store, cohort_id)?;
    let set = settings(store)?;
    let detector = detector(&set);
    let mut senders = Senders::of_cohort(store, cohort_id)?;
    // The commit is what the owner waits for; the copy from the WAL into the file runs after.
    store.with_checkpoint_later(|conn| {
        let tx = conn.transaction()?;
        let stamp = now();
        let mut days = Days::new(&tx, &cohort, group_id, &stamp, held_limit)?;
        let mut progress = Progress { job, size, read_bytes: Arc::new(AtomicU64::new(0)), told: -1.0, told_messages: 0, messages: 0 };
        let (format, names_seen) = read_and_write(&tx, path, detector, set.keep_text, &mut senders, &mut days, &mut progress)?;
        let found = days.finish()?;
        senders.record_names(&tx, &names_seen)?;
        let (count, matched) = senders.counts();
        let out = ChatImport {
            format: format.label().to_string(),
            messages: progress.messages,
            new_messages: found.new_messages,
            senders: count,
            matched,
            unmatched: count - matched,
            checkins_detected: found.checkins_detected,
            homework_detected: found.homework_detected,
        };
        tx.execute(
            "INSERT INTO chat_imports (cohort_id, group_id, file, format, messages, new_messages, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![cohort_id, group_id, path.display().to_string(), out.format, out.messages as i64, out.new_messages as i64, stamp],
        )?;
        tx.commit()?;
        Ok(out)
    })
}

/// Reads the export on a thread of its own: it parses, names each sender and each name with a
/// small number, detects check-ins and homework, and encodes each message for storage; this
/// thread finds the senders in the store, gathers each sender's day and writes the days the
/// export has moved past. Returns the format and the names each sender used. A cancel (checked
/// each batch) or a failure on either side stops both.
fn read_and_write(
    tx: &rusqlite::Connection,
    path: &Path,
    detector: Patterns,
    keep_text: bool,
    senders: &mut Senders,
    days: &mut Days,
    progress: &mut Progress,
) -> Result<(ChatFormat, NameSpans)> {
    let counter = progress.read_bytes.clone();
    let mut cancelled = false;
    let read = std::thread::scope(|scope| -> Result<(ChatFormat, NameSpans)> {
        let (batches, received) = std::sync::mpsc::sync_channel::<Batch>(8);
        let reader = scope.spawn(move || reader::read(path, counter, &detector, keep_text, batches));
        let mut handled: Result<()> = Ok(());
        for batch in &received {
            if let Err(e) = take(tx, &batch, senders, days) {
                handled = Err(e);
                break;
            }
            progress.count(batch.items.len());
            if progress.job.cancelled() {
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
    Ok(read)
}

/// Takes a batch from the reading thread: its new senders found in the store, its messages added
/// to their days (the days the export has moved past written out).
fn take(tx: &rusqlite::Connection, batch: &Batch, senders: &mut Senders, days: &mut Days) -> Result<()> {
    senders.find(tx, &batch.senders)?;
    for item in &batch.items {
        days.add(senders.get(item.sender), item.day, &batch.bytes[item.start as usize..item.end as usize])?;
    }
    days.bound()
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
                 JOIN live_members m ON m.id = s.member_id WHERE s.id = ?1",
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
