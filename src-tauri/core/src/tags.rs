//! Tags: free labels on members (channel, age band, interest...), used to filter and sort.

use crate::error::{Entity, Error, Field, Result};
use crate::members::clean_name;
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Tag {
    pub id: i64,
    pub name: String,
    pub color: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TagSummary {
    pub id: i64,
    pub name: String,
    pub color: String,
    pub members: i64,
}

/// Returns the id of the tag named `name` (case-insensitively), creating it if needed.
pub(crate) fn ensure(conn: &Connection, name: &str) -> Result<i64> {
    conn.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?.execute([name])?;
    Ok(conn.prepare_cached("SELECT id FROM tags WHERE name = ?1")?.query_row([name], |r| r.get(0))?)
}

/// Replaces a member's tags with `names` (already cleaned).
pub(crate) fn set_for_member(conn: &Connection, member_id: i64, names: &[String]) -> Result<()> {
    conn.prepare_cached("DELETE FROM member_tags WHERE member_id = ?1")?.execute([member_id])?;
    for name in names {
        let tag = ensure(conn, name)?;
        conn.prepare_cached("INSERT OR IGNORE INTO member_tags (member_id, tag_id) VALUES (?1, ?2)")?
            .execute(params![member_id, tag])?;
    }
    Ok(())
}

/// Tag ids by lowercase name, for writing the same tags to many members.
pub(crate) type IdCache = std::collections::HashMap<String, i64>;

/// `add_for_member`, looking the tag up once per `cache`.
pub(crate) fn add_for_member_cached(conn: &Connection, member_id: i64, name: &str, cache: &mut IdCache) -> Result<()> {
    let key = name.to_lowercase();
    let tag = match cache.get(&key) {
        Some(id) => *id,
        None => {
            let id = ensure(conn, name)?;
            cache.insert(key, id);
            id
        }
    };
    conn.prepare_cached("INSERT OR IGNORE INTO member_tags (member_id, tag_id) VALUES (?1, ?2)")?
        .execute(params![member_id, tag])?;
    Ok(())
}

pub(crate) fn add_for_member(conn: &Connection, member_id: i64, name: &str) -> Result<()> {
    let tag = ensure(conn, name)?;
    conn.prepare_cached("INSERT OR IGNORE INTO member_tags (member_id, tag_id) VALUES (?1, ?2)")?
        .execute(params![member_id, tag])?;
    Ok(())
}

pub(crate) fn for_member(conn: &Connection, member_id: i64) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, t.color FROM member_tags mt JOIN tags t ON t.id = mt.tag_id
         WHERE mt.member_id = ?1 ORDER BY t.name",
    )?;
    let tags = stmt
        .query_map([member_id], |r| Ok(Tag { id: r.get(0)?, name: r.get(1)?, color: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

/// All tags with the number of live members carrying each.
pub fn list(store: &Store) -> Result<Vec<TagSummary>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, t.color,
                (SELECT count(*) FROM member_tags mt JOIN live_members m ON m.id = mt.member_id
                  WHERE mt.tag_id = t.id)
         FROM tags t ORDER BY t.name",
    )?;
    let tags = stmt
        .query_map([], |r| Ok(TagSummary { id: r.get(0)?, name: r.get(1)?, color: r.get(2)?, members: r.get(3)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

/// Adds one tag to many members at once (all or nothing). Returns how many gained it.
pub fn add_to_members(store: &Store, name: &str, member_ids: &[i64]) -> Result<usize> {
    let name = clean_name(Field::Tag, name, 30)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let tag = ensure(&tx, &name)?;
    let mut added = 0;
    for id in member_ids {
        let live: Option<i64> =
            tx.query_row("SELECT id FROM live_members WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        if live.is_none() {
            return Err(Error::NotFound { entity: Entity::Member, id: id.to_string() });
        }
        added += tx.execute("INSERT OR IGNORE INTO member_tags (member_id, tag_id) VALUES (?1, ?2)", params![id, tag])?;
    }
    tx.commit()?;
    Ok(added)
}

/// Deletes a tag everywhere. Members keep everything else.
pub fn delete(store: &Store, id: i64) -> Result<()> {
    let n = store.conn().execute("DELETE FROM tags WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Tag, id: id.to_string() });
    }
    Ok(())
}
