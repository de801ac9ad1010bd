//! The day writer of a chat import: each sender's day is held as the batches bring its messages,
//! written once the export has moved past it (merged with what the store has, as a multiset:
//! nothing stored twice), and the check-ins and homework it brought marked into the grid.

use crate::chats::archive::{self, DayCounts};
use crate::cohorts;
use crate::engagement::{self, MarkKind, MarkSource};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use rusqlite::params;
use rustc_hash::FxHashMap;

/// The most one sender's messages of one day may take, stored (hundreds of thousands of messages).
const MAX_DAY_BYTES: usize = 16 << 20;

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
pub(super) struct Found {
    pub(super) new_messages: u64,
    checkins: FxHashMap<NaiveDate, Vec<i64>>,
    homework: FxHashMap<NaiveDate, Vec<i64>>,
    pub(super) checkins_detected: u64,
    pub(super) homework_detected: u64,
}

/// The days of one import into a cohort (and one of its groups), inside its transaction: those
/// held in memory, and where each stands in the store.
pub(super) struct Days<'a> {
    tx: &'a rusqlite::Connection,
    cohort: &'a cohorts::Cohort,
    group_id: Option<i64>,
    stamp: &'a str,
    /// The most message bytes held before every held day is written out.
    held_limit: usize,
    held: FxHashMap<DayKey, Held>,
    held_bytes: usize,
    /// The latest day the export has reached.
    latest: NaiveDate,
    stored: FxHashMap<DayKey, Stored>,
    found: Found,
}

impl<'a> Days<'a> {
    /// Nothing held yet; the days earlier imports stored for the cohort and group looked up.
    pub(super) fn new(tx: &'a rusqlite::Connection, cohort: &'a cohorts::Cohort, group_id: Option<i64>, stamp: &'a str, held_limit: usize) -> Result<Self> {
        let mut stored: FxHashMap<DayKey, Stored> = FxHashMap::default();
        {
            let mut stmt = tx.prepare_cached("SELECT id, coalesce(sender_id, 0), day FROM chat_days WHERE cohort_id = ?1 AND group_id IS ?2 ORDER BY id")?;
            let mut rows = stmt.query(params![cohort.id, group_id])?;
            while let Some(r) = rows.next()? {
                let day: String = r.get(2)?;
                let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
                if let Stored::Before(ids) = stored.entry((r.get(1)?, day)).or_insert_with(|| Stored::Before(Vec::new())) {
                    ids.push(r.get(0)?);
                }
            }
        }
        Ok(Days {
            tx,
            cohort,
            group_id,
            stamp,
            held_limit,
            held: FxHashMap::default(),
            held_bytes: 0,
            latest: NaiveDate::MIN,
            stored,
            found: Found::default(),
        })
    }

    /// Adds an encoded message to its sender's day (`sender`: their id and member, if any). A
    /// message of a later day first writes out and marks the days before it.
    pub(super) fn add(&mut self, sender: Option<(i64, Option<i64>)>, day: NaiveDate, message: &[u8]) -> Result<()> {
        if day > self.latest {
            // The export moved to a new day: write out the days before it.
            if self.latest != NaiveDate::MIN {
                self.write_out(|k| k.1 < day)?;
                self.mark_found()?;
            }
            self.latest = day;
        }
        let key = (sender.map_or(0, |s| s.0), day);
        let h = self.held.entry(key).or_insert_with(|| Held { member: sender.and_then(|s| s.1), body: Vec::new() });
        h.body.extend_from_slice(message);
        self.held_bytes += message.len();
        Ok(())
    }

    /// Writes out every held day once they hold more than the budget.
    pub(super) fn bound(&mut self) -> Result<()> {
        if self.held_bytes > self.held_limit {
            // One day bigger than the budget: write it out as it is.
            self.write_out(|_| true)?;
        }
        Ok(())
    }

    /// The export has ended: writes out and marks the days still held. Returns what was found.
    pub(super) fn finish(mut self) -> Result<Found> {
        self.write_out(|_| true)?;
        self.mark_found()?;
        Ok(self.found)
    }

    /// Writes out the held days `which` picks, in order.
    fn write_out(&mut self, which: impl Fn(&DayKey) -> bool) -> Result<()> {
        let mut keys: Vec<DayKey> = self.held.keys().filter(|k| which(k)).copied().collect();
        keys.sort();
        for k in keys {
            if let Some(h) = self.held.remove(&k) {
                self.held_bytes -= h.body.len();
                self.write_day(k, h)?;
            }
        }
        Ok(())
    }

    /// Writes a held day into the store, merging it with what is there as a multiset.
    fn write_day(&mut self, key: DayKey, held: Held) -> Result<()> {
        let day = key.1;
        let (before, row, mut seen) = self.stored_day(key)?;
        // One sender's one day: thousands of messages at most in a real group. A hostile export of
        // one line repeated a billion times stops here instead of growing one body without end.
        if before.len() + held.body.len() > MAX_DAY_BYTES {
            return Err(Error::ChatDayTooBig { path: String::new(), day: day.to_string() });
        }
        let (body, checkin, homework) = merge(before, &mut seen, held.body, &mut self.found);
        if let Some(m) = held.member {
            if checkin {
                self.found.checkins.entry(day).or_default().push(m);
            }
            if homework {
                self.found.homework.entry(day).or_default().push(m);
            }
        }
        let row = store_day(self.tx, self.cohort.id, self.group_id, key, row, &body)?;
        seen.retain(|_, n| *n > 0);
        self.stored.insert(key, Stored::Now { row, left: seen });
        Ok(())
    }

    /// The stored body of a day, its row, and the stored messages the file may repeat (a
    /// multiset). Rows of earlier imports are read into one body and all but the first deleted.
    fn stored_day(&mut self, key: DayKey) -> Result<(Vec<u8>, Option<i64>, Multiset)> {
        Ok(match self.stored.remove(&key) {
            None => (Vec::new(), None, FxHashMap::default()),
            Some(Stored::Before(rows)) => {
                let mut body = Vec::new();
                for id in &rows {
                    let b = day_body(self.tx, *id)?;
                    body.extend_from_slice(&b);
                }
                for id in rows.iter().skip(1) {
                    self.tx.execute("DELETE FROM chat_days WHERE id = ?1", [id])?;
                }
                let mut seen = Multiset::default();
                for e in archive::raw_entries(&body) {
                    *seen.entry(e.key()).or_default() += 1;
                }
                (body, rows.first().copied(), seen)
            }
            Some(Stored::Now { row, left }) => {
                let b = day_body(self.tx, row)?;
                (b, Some(row), left)
            }
        })
    }

    /// Marks the check-ins and homework found in the days written so far (days inside the cohort),
    /// while the other thread reads on (the marks are committed with the rest).
    fn mark_found(&mut self) -> Result<()> {
        for (kind, days) in [(MarkKind::Checkin, &mut self.found.checkins), (MarkKind::Homework, &mut self.found.homework)] {
            for (day, mut ids) in days.drain() {
                let d = day.to_string();
                if d < self.cohort.start_date || d > self.cohort.end_date {
                    continue;
                }
                ids.sort_unstable();
                ids.dedup();
                engagement::mark_many_in(self.tx, self.cohort.id, &d, kind, &ids, MarkSource::Import, self.stamp)?;
            }
        }
        Ok(())
    }
}

/// Merges a held day's messages into the stored body: a message stored already is skipped (as
/// many times as it is stored), a new one is added and counted in `found`. Returns the body and
/// whether a new check-in and a new homework were among the messages added.
fn merge(before: Vec<u8>, seen: &mut Multiset, held: Vec<u8>, found: &mut Found) -> (Vec<u8>, bool, bool) {
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
        for e in archive::raw_entries(&held) {
            note(&e, found);
        }
        held
    } else {
        let mut body = before;
        for e in archive::raw_entries(&held) {
            if let Some(n) = seen.get_mut(&e.key()).filter(|n| **n > 0) {
                *n -= 1;
                continue;
            }
            archive::push_raw(&mut body, &e);
            note(&e, found);
        }
        body
    };
    (body, checkin, homework)
}

/// Writes a day's counts and messages into its row, or into a new row when it has none.
/// Returns the row.
fn store_day(tx: &rusqlite::Connection, cohort_id: i64, group_id: Option<i64>, (sender, day): DayKey, row: Option<i64>, body: &[u8]) -> Result<i64> {
    let c = DayCounts::of(body);
    let sender_id = (sender != 0).then_some(sender);
    Ok(match row {
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
    })
}

/// A stored day's messages.
fn day_body(tx: &rusqlite::Connection, day_id: i64) -> Result<Vec<u8>> {
    Ok(tx.prepare_cached("SELECT body FROM chat_day_bodies WHERE day_id = ?1")?.query_row([day_id], |r| r.get(0))?)
}
