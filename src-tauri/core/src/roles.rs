//! Roles a person holds in a cohort: the built-in 班长, 助教, KOC, 宣传官, 整理官, 嘉宾 and the
//! operator's own.

use crate::error::{Entity, Error, Field, Result};
use crate::members::clean_name;
use crate::store::Store;
use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct Role {
    pub id: i64,
    /// Set for built-in roles (monitor, assistant, koc, promoter, curator, guest): the UI translates it.
    pub key: Option<String>,
    pub name: String,
    pub builtin: bool,
    /// People holding the role in live cohorts.
    pub holders: i64,
}

pub fn list(store: &Store) -> Result<Vec<Role>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.key, r.name, r.builtin,
                (SELECT count(*) FROM memberships ms
                   JOIN live_members m ON m.id = ms.member_id
                   JOIN live_cohorts c ON c.id = ms.cohort_id
                  WHERE ms.role_id = r.id)
         FROM roles r ORDER BY r.sort, r.id",
    )?;
    let roles = stmt
        .query_map([], |r| {
            Ok(Role { id: r.get(0)?, key: r.get(1)?, name: r.get(2)?, builtin: r.get(3)?, holders: r.get(4)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(roles)
}

pub fn add(store: &Store, name: &str) -> Result<Role> {
    let name = clean_name(Field::Name, name, 30)?;
    let conn = store.conn();
    let existing: Option<String> =
        conn.query_row("SELECT name FROM roles WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
    if let Some(owner) = existing {
        return Err(Error::Duplicate { field: Field::Name, value: name, owner, owner_id: None });
    }
    conn.execute("INSERT INTO roles (name) VALUES (?1)", [&name])?;
    Ok(Role { id: conn.last_insert_rowid(), key: None, name, builtin: false, holders: 0 })
}

/// Deletes an operator-made role; whoever held it keeps their place without a role.
pub fn delete(store: &Store, id: i64) -> Result<()> {
    let conn = store.conn();
    let role: Option<(String, bool)> =
        conn.query_row("SELECT name, builtin FROM roles WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    match role {
        None => Err(Error::NotFound { entity: Entity::Role, id: id.to_string() }),
        Some((name, true)) => Err(Error::BuiltinRole { name }),
        Some(_) => {
            conn.execute("DELETE FROM roles WHERE id = ?1", [id])?;
            Ok(())
        }
    }
}
