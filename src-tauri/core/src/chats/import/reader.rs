//! The reading thread of a chat import: it parses the export, numbers each new sender and each
//! name with a small number, detects check-ins and homework, encodes each message for storage
//! (see [`archive`]) and hands the messages on in batches.

use super::patterns::Patterns;
use crate::chats::archive;
use crate::chats::parse::{self, ChatFormat, Message, MsgKind};
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::SyncSender;
use std::sync::Arc;

/// Messages handed from the reading thread at a time.
const BATCH: usize = 2048;

/// The longest sender name or id kept, in characters.
const MAX_SENDER_CHARS: usize = 64;

/// The sender number of system messages and of messages nobody is named for.
pub(super) const NO_SENDER: u32 = u32::MAX;

/// A sender seen for the first time in the file, numbered by the reading thread.
pub(super) struct NewSender {
    pub(super) index: u32,
    /// `id:…`, `name:…` or `self:`.
    pub(super) key: String,
    pub(super) sender_key: Option<String>,
    pub(super) name: String,
}

/// A message ready to store: its sender's number, its day, and its encoded bytes in the batch.
pub(super) struct Item {
    pub(super) sender: u32,
    pub(super) day: NaiveDate,
    pub(super) start: u32,
    pub(super) end: u32,
}

/// Messages handed over from the reading thread at once.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) senders: Vec<NewSender>,
    pub(super) items: Vec<Item>,
    pub(super) bytes: Vec<u8>,
}

/// The names each sender used: (sender, name) → (first seen, last seen).
#[derive(Default)]
pub(super) struct NameSpans {
    pub(super) names: Vec<String>,
    pub(super) spans: FxHashMap<(u32, u32), (NaiveDateTime, NaiveDateTime)>,
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

    /// The batch gathered so far, a new one begun.
    fn take(&mut self) -> Batch {
        std::mem::take(&mut self.batch)
    }

    /// Gives a sender seen for the first time the next number, and tells the other side.
    fn number(&mut self, key: String, sender_key: Option<String>, name: &str) -> u32 {
        let index = self.count;
        self.count += 1;
        self.batch.senders.push(NewSender { index, key, sender_key, name: name.to_string() });
        index
    }

    /// Numbers the message's sender and name, detects and encodes it into the batch.
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

/// The reading thread's work: reads the export at `path` (its bytes read counted in `read_bytes`)
/// and sends its messages on in batches, until the file ends or the other side is gone (the
/// import stopped). Returns the format and the names each sender used.
pub(super) fn read(path: &Path, read_bytes: Arc<AtomicU64>, detector: &Patterns, keep_text: bool, batches: SyncSender<Batch>) -> Result<(ChatFormat, NameSpans)> {
    let mut prep = Preparer::new(detector, keep_text);
    let format = parse::read_counting(path, read_bytes, |m| {
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
}

/// `s` cut to at most `max` characters.
fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
