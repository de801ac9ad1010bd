//! The compact body of a sender's day of messages: for each message its second of the day, its
//! kind, its flags (sent by the owner, a check-in, a homework post), a hash of its text and the
//! text itself (empty when the owner keeps counts only). Messages are compared by (second, kind,
//! text hash), so a day merges as a multiset: an overlapping export adds nothing, a message really
//! sent twice in one second is kept twice.

use rustc_hash::FxHasher;
use std::hash::Hasher;

pub const FROM_SELF: u8 = 1;
pub const CHECKIN: u8 = 2;
pub const HOMEWORK: u8 = 4;

/// One message as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    pub sec: u32,
    pub kind: u8,
    pub flags: u8,
    pub hash: u32,
    pub text: &'a str,
}

impl Entry<'_> {
    /// What makes two messages the same one.
    pub fn key(&self) -> (u32, u8, u32) {
        (self.sec, self.kind, self.hash)
    }
}

pub fn text_hash(text: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    let v = h.finish();
    (v ^ (v >> 32)) as u32
}

/// Appends a message to a body.
pub fn push(body: &mut Vec<u8>, e: &Entry) {
    push_raw(body, &Raw { sec: e.sec, kind: e.kind, flags: e.flags, hash: e.hash, text: e.text.as_bytes() });
}

/// One message as stored, its text not yet checked to be UTF-8 (counting and merging need
/// only the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raw<'a> {
    pub sec: u32,
    pub kind: u8,
    pub flags: u8,
    pub hash: u32,
    pub text: &'a [u8],
}

impl Raw<'_> {
    pub fn key(&self) -> (u32, u8, u32) {
        (self.sec, self.kind, self.hash)
    }
}

/// The messages of a body as stored. A damaged body ends early.
pub fn raw_entries(body: &[u8]) -> impl Iterator<Item = Raw<'_>> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let head = body.get(at..at + 10)?;
        let sec = u32::from_le_bytes(head[0..4].try_into().ok()?);
        let (kind, flags) = (head[4], head[5]);
        let hash = u32::from_le_bytes(head[6..10].try_into().ok()?);
        at += 10;
        let mut len = 0usize;
        let mut shift = 0;
        loop {
            let b = *body.get(at)?;
            at += 1;
            len |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 || shift > 28 {
                break;
            }
        }
        let text = body.get(at..at + len)?;
        at += len;
        Some(Raw { sec, kind, flags, hash, text })
    })
}

/// Appends a stored message to a body as it is: 10 bytes of head, the text's length (LEB128),
/// the text.
pub fn push_raw(body: &mut Vec<u8>, e: &Raw) {
    body.extend_from_slice(&e.sec.to_le_bytes());
    body.push(e.kind);
    body.push(e.flags);
    body.extend_from_slice(&e.hash.to_le_bytes());
    let mut len = e.text.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            body.push(byte);
            break;
        }
        body.push(byte | 0x80);
    }
    body.extend_from_slice(e.text);
}

/// The messages of a body, in the order they were stored; text that is not UTF-8 (a damaged
/// body) reads as empty.
pub fn entries(body: &[u8]) -> impl Iterator<Item = Entry<'_>> {
    raw_entries(body).map(|r| Entry { sec: r.sec, kind: r.kind, flags: r.flags, hash: r.hash, text: std::str::from_utf8(r.text).unwrap_or("") })
}

/// A day's counts, from its messages (system messages left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCounts {
    pub messages: u32,
    pub checkins: u32,
    pub homework: u32,
    pub from_self: bool,
    pub first: u32,
    pub last: u32,
    pub hours: [u32; 24],
}

impl DayCounts {
    pub fn of(body: &[u8]) -> DayCounts {
        let mut c = DayCounts { first: u32::MAX, ..Default::default() };
        let system = super::parse::MsgKind::System.code();
        for e in raw_entries(body) {
            if e.kind == system {
                // Kept, not counted: "X joined the group" is nobody's message.
                continue;
            }
            c.messages += 1;
            c.checkins += u32::from(e.flags & CHECKIN != 0);
            c.homework += u32::from(e.flags & HOMEWORK != 0);
            c.from_self |= e.flags & FROM_SELF != 0;
            c.first = c.first.min(e.sec);
            c.last = c.last.max(e.sec);
            c.hours[(e.sec / 3600).min(23) as usize] += 1;
        }
        if c.messages == 0 {
            c.first = 0;
        }
        c
    }

    pub fn hours_blob(&self) -> Vec<u8> {
        self.hours.iter().flat_map(|h| h.to_le_bytes()).collect()
    }

    pub fn hours_of(blob: &[u8]) -> [u32; 24] {
        let mut h = [0u32; 24];
        for (i, c) in blob.chunks_exact(4).take(24).enumerate() {
            h[i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        h
    }
}

/// `HH:MM:SS` of a second of the day.
pub fn clock(sec: u32) -> String {
    format!("{:02}:{:02}:{:02}", sec / 3600, sec / 60 % 60, sec % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_back_what_was_written() {
        let long = "长".repeat(100);
        let msgs = [
            Entry { sec: 0, kind: 0, flags: CHECKIN, hash: text_hash("#打卡"), text: "#打卡" },
            Entry { sec: 86_399, kind: 1, flags: FROM_SELF, hash: 7, text: "" },
            Entry { sec: 3600, kind: 0, flags: 0, hash: text_hash(&long), text: &long },
        ];
        let mut body = Vec::new();
        for m in &msgs {
            push(&mut body, m);
        }
        assert_eq!(entries(&body).collect::<Vec<_>>(), msgs);
        let mut copy = Vec::new();
        for r in raw_entries(&body) {
            push_raw(&mut copy, &r);
        }
        assert_eq!(copy, body, "raw entries copy byte for byte");
        let c = DayCounts::of(&body);
        assert_eq!((c.messages, c.checkins, c.from_self, c.first, c.last), (3, 1, true, 0, 86_399));
        assert_eq!((c.hours[0], c.hours[1], c.hours[23]), (1, 1, 1));
        assert_eq!(DayCounts::hours_of(&c.hours_blob()), c.hours);
        assert_eq!(clock(86_399), "23:59:59");
    }
}
