//! Search keys: what a member can be found by. Name, group nickname, phone, WeChat ID, and the
//! full pinyin and pinyin initials of name and nickname (`zs` and `zhangsan` both find 张三),
//! from the `pinyin` crate's dictionary.

use pinyin::{ToPinyin, ToPinyinMulti};

/// Separates fields in a haystack; never part of a normalised query, so a match cannot straddle two fields.
const SEP: char = '\u{1f}';

/// Lowercase, without whitespace: how both haystacks and queries are compared.
pub fn normalize(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != SEP).flat_map(char::to_lowercase).collect()
}

/// Full pinyin without tones and the initials of `s`; characters with no pinyin are kept as they are.
pub fn pinyin_keys(s: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (c, p) in s.chars().zip(s.to_pinyin()) {
        if c.is_whitespace() {
            continue;
        }
        match p {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None => {
                full.extend(c.to_lowercase());
                initials.extend(c.to_lowercase());
            }
        }
    }
    (full, initials)
}

/// The text a member is searched in. Pinyin keys come from the name only (a nickname such as
/// 长沙-张三-设计师 would add noise); the surname's other readings are added too, so 曾 finds
/// by both zeng and ceng and 单 by shan and dan.
pub fn haystack(name: &str, nickname: &str, phone: Option<&str>, wechat: Option<&str>) -> String {
    let mut parts = vec![normalize(name), normalize(nickname), phone.unwrap_or("").to_string()];
    parts.push(wechat.map(normalize).unwrap_or_default());
    let (full, initials) = pinyin_keys(name);
    let mut chars = name.trim().chars();
    if let Some(readings) = chars.next().and_then(|c| c.to_pinyin_multi()) {
        let (rest_full, rest_ini) = pinyin_keys(chars.as_str());
        for r in readings.into_iter().filter(|r| !full.starts_with(r.plain())) {
            parts.push(format!("{}{rest_full}", r.plain()));
            parts.push(format!("{}{rest_ini}", r.first_letter()));
        }
    }
    parts.push(full);
    parts.push(initials);
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(SEP);
        }
        out.push_str(p);
    }
    out
}

/// The normalised form of a user's query; a phone typed with spaces or dashes still matches.
pub fn query(q: &str) -> String {
    let n = normalize(q);
    if n.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '+') && n.chars().any(|c| c.is_ascii_digit()) {
        n.chars().filter(|c| c.is_ascii_digit()).collect()
    } else {
        n
    }
}

/// An in-memory copy of every live member's haystack, scanned with SIMD substring search.
/// A SQLite `instr` scan over 100,000 rows takes ~15 ms; this takes a fraction of that.
/// It is rebuilt when the database changed: through this connection (`total_changes`) or
/// another one, such as `qunzhu-cli` on the same folder (`PRAGMA data_version`).
pub(crate) struct Index {
    stamp: (i64, u64),
    /// Every haystack, each followed by '\n' (never part of a haystack or a query).
    text: String,
    starts: Vec<usize>,
    ids: Vec<i64>,
}

pub(crate) fn stamp(conn: &rusqlite::Connection) -> rusqlite::Result<(i64, u64)> {
    Ok((conn.pragma_query_value(None, "data_version", |r| r.get(0))?, conn.total_changes()))
}

impl Index {
    pub(crate) fn is_current(&self, stamp: (i64, u64)) -> bool {
        self.stamp == stamp
    }

    pub(crate) fn build(conn: &rusqlite::Connection) -> rusqlite::Result<Index> {
        let stamp = stamp(conn)?;
        let mut stmt = conn.prepare(
            "SELECT s.member_id, s.haystack FROM member_search s JOIN live_members m ON m.id = s.member_id
             ORDER BY s.member_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut index = Index { stamp, text: String::new(), starts: Vec::new(), ids: Vec::new() };
        while let Some(r) = rows.next()? {
            index.ids.push(r.get(0)?);
            index.starts.push(index.text.len());
            index.text.push_str(r.get_ref(1)?.as_str()?);
            index.text.push('\n');
        }
        Ok(index)
    }

    /// Ids of members whose haystack contains `needle` (normalised), ascending.
    pub(crate) fn find(&self, needle: &str) -> Vec<i64> {
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let text = self.text.as_bytes();
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(i) = finder.find(&text[pos..]) {
            let entry = self.starts.partition_point(|&s| s <= pos + i) - 1;
            out.push(self.ids[entry]);
            pos = self.starts.get(entry + 1).copied().unwrap_or(text.len());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_and_initials() {
        assert_eq!(pinyin_keys("张三"), ("zhangsan".into(), "zs".into()));
        assert_eq!(pinyin_keys("李 Lily"), ("lilily".into(), "llily".into()));
        let h = haystack("曾三", "长沙-曾三-设计", Some("13800138000"), Some("ZS_2026"));
        assert!(h.contains("zengsan") && h.contains("cengsan") && !h.contains("zhangsha"));
        assert!(h.contains("zs") && h.contains("cs") && h.contains("zs_2026") && h.contains("138001"));
        assert_eq!(query(" 138-0013 8000 "), "13800138000");
        assert_eq!(query("Zhang San"), "zhangsan");
    }
}
