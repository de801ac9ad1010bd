//! The trash: deleted members, cohorts, groups, costs and sign-ups wait here to be restored or
//! purged.
//! Items older than [`KEEP_DAYS`] are purged when the app starts.

use crate::error::{Entity, Error, Field, Result};
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

pub const KEEP_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize, TS)]
pub struct TrashItem {
    pub kind: Entity,
    pub id: i64,
    pub label: String,
    /// Context: a member's phone or city, a group's cohort, a cohort's dates.
    pub detail: String,
    pub deleted_at: String,
}

pub fn list(store: &Store) -> Result<Vec<TrashItem>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT 'member', id, name, trim(coalesce(phone, '') || ' ' || city), deleted_at FROM members WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'cohort', id, name, start_date || ' – ' || end_date, deleted_at FROM cohorts WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'group', g.id, g.name, c.name, g.deleted_at FROM groups g JOIN cohorts c ON c.id = g.cohort_id
          WHERE g.deleted_at IS NOT NULL
         UNION ALL
         SELECT 'cost', k.id, '¥' || printf('%d.%02d', k.amount_fen / 100, k.amount_fen % 100) || CASE WHEN k.note <> '' THEN ' · ' || k.note ELSE '' END, c.name || ' ' || k.spent_on, k.deleted_at
          FROM costs k JOIN cohorts c ON c.id = k.cohort_id WHERE k.deleted_at IS NOT NULL
         UNION ALL
         SELECT 'order', o.id, m.name || ' · ' || c.name,
                '¥' || printf('%d.%02d', o.paid_fen / 100, o.paid_fen % 100) || CASE WHEN o.order_no IS NOT NULL THEN ' · ' || o.order_no ELSE '' END, o.deleted_at
          FROM orders o JOIN members m ON m.id = o.member_id JOIN cohorts c ON c.id = o.cohort_id WHERE o.deleted_at IS NOT NULL
         ORDER BY 5 DESC",
    )?;
    let items = stmt
        .query_map([], |r| {
            let kind: String = r.get(0)?;
            Ok(TrashItem {
                kind: match kind.as_str() {
                    "member" => Entity::Member,
                    "cohort" => Entity::Cohort,
                    "cost" => Entity::Cost,
                    "order" => Entity::Order,
                    _ => Entity::Group,
                },
                id: r.get(1)?,
                label: r.get(2)?,
                detail: r.get(3)?,
                deleted_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

fn table(kind: Entity) -> Result<&'static str> {
    match kind {
        Entity::Member => Ok("members"),
        Entity::Cohort => Ok("cohorts"),
        Entity::Group => Ok("groups"),
        Entity::Cost => Ok("costs"),
        Entity::Order => Ok("orders"),
        other => Err(Error::NotFound { entity: other, id: String::new() }),
    }
}

/// Brings an item back. Refused, naming the clash, if its phone, WeChat ID or name was
/// taken by another record meanwhile.
pub fn restore(store: &Store, kind: Entity, id: i64) -> Result<()> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let table = table(kind)?;
    let in_trash: Option<i64> = tx
        .query_row(&format!("SELECT id FROM {table} WHERE id = ?1 AND deleted_at IS NOT NULL"), [id], |r| r.get(0))
        .optional()?;
    if in_trash.is_none() {
        return Err(Error::NotFound { entity: kind, id: id.to_string() });
    }
    match kind {
        Entity::Member => check_member_clash(&tx, id)?,
        Entity::Cohort => check_name_clash(&tx, "cohorts", "1 = 1", id)?,
        // A cost comes back with its cohort.
        Entity::Cost => {
            let cohort: i64 = tx.query_row("SELECT cohort_id FROM costs WHERE id = ?1", [id], |r| r.get(0))?;
            let cohort_in_trash: bool = tx.prepare("SELECT 1 FROM cohorts WHERE id = ?1 AND deleted_at IS NOT NULL")?.exists([cohort])?;
            if cohort_in_trash {
                check_name_clash(&tx, "cohorts", "1 = 1", cohort)?;
                tx.execute("UPDATE cohorts SET deleted_at = NULL WHERE id = ?1", [cohort])?;
            }
        }
        // A sign-up comes back unless the person has another one in that cohort meanwhile (a
        // re-import), or its order number went to another.
        Entity::Order => check_order_clash(&tx, id)?,
        _ => {
            check_name_clash(&tx, "groups", "cohort_id = (SELECT cohort_id FROM groups WHERE id = ?1)", id)?;
            // A group comes back with its cohort.
            tx.execute(
                "UPDATE cohorts SET deleted_at = NULL WHERE id = (SELECT cohort_id FROM groups WHERE id = ?1)",
                [id],
            )?;
        }
    }
    tx.execute(&format!("UPDATE {table} SET deleted_at = NULL WHERE id = ?1"), [id])?;
    tx.commit()?;
    Ok(())
}

fn check_member_clash(conn: &Connection, id: i64) -> Result<()> {
    let clash: Option<(String, String, String, i64)> = conn
        .query_row(
            "SELECT CASE WHEN o.phone = m.phone THEN 'phone' ELSE 'wechat' END,
                    CASE WHEN o.phone = m.phone THEN m.phone ELSE m.wechat END, o.name, o.id
             FROM members m JOIN live_members o ON o.id <> m.id
                  AND (o.phone = m.phone OR o.wechat = m.wechat COLLATE NOCASE)
             WHERE m.id = ?1 LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    if let Some((field, value, owner, owner_id)) = clash {
        let field = if field == "phone" { Field::Phone } else { Field::Wechat };
        return Err(Error::Duplicate { field, value, owner, owner_id: Some(owner_id) });
    }
    Ok(())
}

fn check_order_clash(conn: &Connection, id: i64) -> Result<()> {
    let clash: Option<(bool, Option<String>, String, String)> = conn
        .query_row(
            "SELECT o.member_id = d.member_id AND o.cohort_id = d.cohort_id, d.order_no, m.name, c.name
             FROM orders d JOIN live_orders o ON o.id <> d.id
                  AND ((o.member_id = d.member_id AND o.cohort_id = d.cohort_id) OR o.order_no = d.order_no)
             JOIN members m ON m.id = o.member_id JOIN cohorts c ON c.id = o.cohort_id
             WHERE d.id = ?1 ORDER BY 1 DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match clash {
        None => Ok(()),
        Some((true, _, name, cohort)) => Err(Error::OrderTaken { name, cohort }),
        Some((false, no, name, cohort)) => {
            Err(Error::Duplicate { field: Field::OrderNo, value: no.unwrap_or_default(), owner: format!("{name} · {cohort}"), owner_id: None })
        }
    }
}

fn check_name_clash(conn: &Connection, table: &str, scope: &str, id: i64) -> Result<()> {
    let clash: Option<String> = conn
        .query_row(
            &format!(
                "SELECT o.name FROM live_{table} o WHERE o.id <> ?1 AND {scope}
                   AND o.name = (SELECT name FROM {table} WHERE id = ?1)"
            ),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(name) = clash {
        return Err(Error::Duplicate { field: Field::Name, value: name.clone(), owner: name, owner_id: None });
    }
    Ok(())
}

/// Deletes an item from the trash for good.
pub fn purge(store: &Store, kind: Entity, id: i64) -> Result<()> {
    let table = table(kind)?;
    let n = store.conn().execute(&format!("DELETE FROM {table} WHERE id = ?1 AND deleted_at IS NOT NULL"), [id])?;
    if n == 0 {
        return Err(Error::NotFound { entity: kind, id: id.to_string() });
    }
    Ok(())
}

/// Purges everything deleted before `cutoff` (RFC 3339); `None` empties the whole trash.
pub fn empty(store: &Store, cutoff: Option<&str>) -> Result<usize> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let cutoff = cutoff.unwrap_or("9999");
    let mut n = 0;
    for table in ["members", "orders", "costs", "groups", "cohorts"] {
        n += tx.execute(&format!("DELETE FROM {table} WHERE deleted_at IS NOT NULL AND deleted_at < ?1"), params![cutoff])?;
    }
    tx.commit()?;
    Ok(n)
}

/// Purges what has waited in the trash longer than [`KEEP_DAYS`].
pub fn purge_expired(store: &Store) -> Result<usize> {
    let cutoff = (chrono::Utc::now() - chrono::Duration::days(KEEP_DAYS))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    empty(store, Some(&cutoff))
}
