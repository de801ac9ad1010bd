//! Channels (渠道): where people come from. A built-in list the operator's sheets spell many ways
//! ("小红书", "xhs", "红书", "XHS笔记"), each spelling read to one channel; a spelling not known
//! stays as written (the operator maps or merges it later).

use crate::error::{Entity, Error, Result};
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// The built-in channels, each with the spellings read as it (compared without case, spaces or
/// punctuation). The first spelling is the channel's name.
pub const BUILTIN: &[&[&str]] = &[
    &["公众号", "微信公众号", "公号", "gzh", "服务号", "订阅号", "推文"],
    &["朋友圈", "微信朋友圈", "pyq"],
    &["视频号", "微信视频号", "sph", "视频号直播"],
    &["小红书", "红书", "xhs", "xiaohongshu", "小红薯", "rednote"],
    &["抖音", "dy", "douyin", "抖音直播", "tiktok"],
    &["社群", "微信群", "群", "社群分享", "群分享"],
    &["老学员转介绍", "转介绍", "老带新", "老学员推荐", "朋友推荐", "推荐", "邀请", "学员推荐", "朋友介绍"],
    &["投放", "广告", "付费投放", "广告投放", "信息流"],
    &["B站", "b站", "bilibili", "哔哩哔哩"],
    &["知乎", "zhihu"],
    &["微博", "weibo"],
    &["线下", "线下活动", "地推"],
];

/// The channel a spelling names: a built-in one's name, else the spelling tidied (trimmed, inner
/// spaces collapsed); None for an empty cell.
pub fn canonical(raw: &str) -> Option<String> {
    let tidy = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if tidy.is_empty() {
        return None;
    }
    let key = fold(&tidy);
    for spellings in BUILTIN {
        if spellings.iter().any(|s| fold(s) == key) {
            return Some(spellings[0].to_string());
        }
    }
    // A longer spelling that begins with a built-in name or alias of three or more letters:
    // "小红书笔记", "xhs-11月", "公众号推文".
    for spellings in BUILTIN {
        if spellings.iter().any(|s| fold(s).chars().count() >= 3 && key.starts_with(&fold(s))) {
            return Some(spellings[0].to_string());
        }
    }
    Some(tidy)
}

/// A spelling compared: lower case, no spaces or punctuation.
fn fold(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(|c| c.to_lowercase()).collect()
}


/// A channel of the operator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Channel {
    pub id: i64,
    pub name: String,
    pub builtin: bool,
    /// Merged into that channel: its sign-ups and costs are counted there.
    pub merged_into: Option<i64>,
}

/// The channels, in the list's order (built-in first), merged ones included.
pub fn list(store: &Store) -> Result<Vec<Channel>> {
    let conn = store.conn();
    let mut stmt = conn.prepare("SELECT id, name, builtin, merged_into FROM channels ORDER BY sort, name")?;
    let rows = stmt.query_map([], |r| Ok(Channel { id: r.get(0)?, name: r.get(1)?, builtin: r.get(2)?, merged_into: r.get(3)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The channel a spelling names in this store: a spelling the operator mapped, else the built-in
/// reading (`canonical`), followed to the channel it was merged into; a new name is added to the
/// list. None for an empty cell.
pub(crate) fn resolve(conn: &Connection, raw: &str) -> Result<Option<i64>> {
    let Some(name) = canonical(raw) else { return Ok(None) };
    let mapped: Option<i64> = conn
        .prepare_cached("SELECT channel_id FROM channel_aliases WHERE alias = ?1")?
        .query_row([raw.trim()], |r| r.get(0))
        .optional()?;
    let id = match mapped {
        Some(id) => id,
        None => {
            let name: String = name.chars().take(40).collect();
            conn.prepare_cached("INSERT INTO channels (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING")?
                .execute(params![name, crate::store::now()])?;
            conn.prepare_cached("SELECT id FROM channels WHERE name = ?1")?.query_row([name], |r| r.get(0))?
        }
    };
    followed(conn, id).map(Some)
}

/// A channel followed through its merges (a chain is bounded by the list's length).
fn followed(conn: &Connection, mut id: i64) -> Result<i64> {
    for _ in 0..1000 {
        match conn.prepare_cached("SELECT merged_into FROM channels WHERE id = ?1")?.query_row([id], |r| r.get::<_, Option<i64>>(0))? {
            Some(next) => id = next,
            None => return Ok(id),
        }
    }
    Ok(id)
}

/// Merges channel `from` into `into` ("xhs" into 小红书): its sign-ups and costs move there, its
/// name becomes a spelling of `into`, its row stays marked as merged.
pub fn merge(store: &Store, from: i64, into: i64) -> Result<()> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let name = |id: i64| -> Result<String> {
        tx.query_row("SELECT name FROM channels WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or(Error::NotFound { entity: Entity::Channel, id: id.to_string() })
    };
    let from_name = name(from)?;
    name(into)?;
    let target = followed(&tx, into)?;
    if target == from {
        return Err(Error::Invalid { field: crate::error::Field::Channel, value: from_name });
    }
    tx.execute("UPDATE orders SET channel_id = ?2 WHERE channel_id = ?1", params![from, target])?;
    tx.execute("UPDATE costs SET channel_id = ?2 WHERE channel_id = ?1", params![from, target])?;
    tx.execute("UPDATE channel_aliases SET channel_id = ?2 WHERE channel_id = ?1", params![from, target])?;
    tx.execute("INSERT INTO channel_aliases (alias, channel_id) VALUES (?1, ?2) ON CONFLICT (alias) DO UPDATE SET channel_id = ?2", params![from_name, target])?;
    tx.execute("UPDATE channels SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1", params![from, target])?;
    tx.commit()?;
    Ok(())
}

/// For tests and the import: `resolve` in its own transaction.
pub fn resolve_in(store: &Store, raw: &str) -> Result<Option<i64>> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let id = resolve(&tx, raw)?;
    tx.commit()?;
    Ok(id)
}
