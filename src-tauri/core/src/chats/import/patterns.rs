//! The check-in and homework patterns (one pass over a message's text finds them all) and the
//! chat settings the owner changes: the patterns, and whether message text is kept.

use crate::chats::archive;
use crate::error::Result;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const CHECKIN_PATTERNS: &str = "chats.checkin_patterns";
pub const KEEP_TEXT: &str = "chats.keep_text";
/// `*` stands for a day number (digits or 一二三…).
pub const DEFAULT_CHECKIN_PATTERNS: &str = "#打卡\n打卡第*天\n第*天打卡\nDay *";

pub const HOMEWORK_PATTERNS: &str = "chats.homework_patterns";
pub const DEFAULT_HOMEWORK_PATTERNS: &str = "#作业\n交作业\n作业第*天";

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
pub(super) fn detector(set: &ChatSettings) -> Patterns {
    Patterns::sets(&[(&set.checkin_patterns, archive::CHECKIN), (&set.homework_patterns, archive::HOMEWORK)])
}

/// Whether `c` may be part of a day number: a digit or a Chinese numeral.
fn numeral(c: char) -> bool {
    c.is_ascii_digit() || "一二三四五六七八九十百零〇两".contains(c)
}

/// Whether a message's text is a check-in by one of the patterns (one per line).
pub fn is_checkin(text: &str, patterns: &[String]) -> bool {
    Patterns::new(&patterns.join("\n")).matches(text)
}

/// Whether `text` (lower case) holds `pattern`, its `*` standing for a day number.
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

/// A patterns setting as stored, or its default.
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
