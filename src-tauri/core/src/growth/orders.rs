//! Sign-ups and orders (报名 / 订单): one live per person per cohort, each with its own channel,
//! referrer, amounts (integer fen) and status.

use super::status::OrderStatus;
use crate::error::{Entity, Error, Result};
use crate::store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A sign-up as the screens and `orders list` show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Order {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub cohort_id: i64,
    pub cohort: String,
    pub channel: Option<String>,
    pub referrer_id: Option<i64>,
    pub referrer: Option<String>,
    pub order_no: Option<String>,
    pub product: String,
    /// Paid, in yuan.
    #[serde(serialize_with = "super::money::as_yuan")]
    #[ts(type = "number")]
    pub amount: i64,
    #[serde(serialize_with = "super::money::as_yuan")]
    #[ts(type = "number")]
    pub discount: i64,
    #[serde(serialize_with = "super::money::as_yuan")]
    #[ts(type = "number")]
    pub refund: i64,
    pub status: OrderStatus,
    /// As the sheet wrote it, the operator's local time: "2026-11-02 20:15:00" or a date.
    pub paid_at: Option<String>,
    pub refunded_on: Option<String>,
    pub note: String,
}

/// What a sign-up holds, as an import row or a form writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OrderInput {
    pub channel_id: Option<i64>,
    pub referrer_id: Option<i64>,
    pub order_no: Option<String>,
    pub product: String,
    pub paid_fen: i64,
    pub discount_fen: i64,
    pub coupon: String,
    pub paid_at: Option<String>,
    pub status: Option<OrderStatus>,
    pub refund_fen: i64,
    pub refunded_on: Option<String>,
    pub note: String,
}

const SELECT: &str = "SELECT o.id, o.member_id, m.name, o.cohort_id, c.name, ch.name, o.referrer_id, rm.name, o.order_no, o.product,
        o.paid_fen, o.discount_fen, o.refund_fen, o.status, o.paid_at, o.refunded_on, o.note
     FROM live_orders o JOIN live_members m ON m.id = o.member_id JOIN cohorts c ON c.id = o.cohort_id
     LEFT JOIN channels ch ON ch.id = o.channel_id LEFT JOIN members rm ON rm.id = o.referrer_id
     WHERE true";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Order> {
    let status: String = r.get(13)?;
    Ok(Order {
        id: r.get(0)?,
        member_id: r.get(1)?,
        name: r.get(2)?,
        cohort_id: r.get(3)?,
        cohort: r.get(4)?,
        channel: r.get(5)?,
        referrer_id: r.get(6)?,
        referrer: r.get(7)?,
        order_no: r.get(8)?,
        product: r.get(9)?,
        amount: r.get(10)?,
        discount: r.get(11)?,
        refund: r.get(12)?,
        status: OrderStatus::stored(&status),
        paid_at: r.get(14)?,
        refunded_on: r.get(15)?,
        note: r.get(16)?,
    })
}

/// A cohort's sign-ups, earliest paid first.
pub fn list(store: &Store, cohort_id: i64) -> Result<Vec<Order>> {
    crate::cohorts::get(store, cohort_id)?;
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{SELECT} AND o.cohort_id = ?1 ORDER BY o.paid_at IS NULL, o.paid_at, o.id"))?;
    let rows = stmt.query_map([cohort_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A member's sign-ups, cohort by cohort (their path).
pub fn of_member(store: &Store, member_id: i64) -> Result<Vec<Order>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{SELECT} AND o.member_id = ?1 ORDER BY c.start_date, o.id"))?;
    let rows = stmt.query_map([member_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The members someone referred (推荐), with the cohort of each sign-up.
pub fn referred_by(store: &Store, member_id: i64) -> Result<Vec<Order>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{SELECT} AND o.referrer_id = ?1 ORDER BY c.start_date, m.name"))?;
    let rows = stmt.query_map([member_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live sign-up of a member in a cohort.
pub(crate) fn find_in(conn: &Connection, member_id: i64, cohort_id: i64) -> Result<Option<(i64, OrderInput)>> {
    let found = conn
        .prepare_cached(
            "SELECT id, channel_id, referrer_id, order_no, product, paid_fen, discount_fen, coupon, paid_at, status, refund_fen, refunded_on, note
             FROM live_orders WHERE member_id = ?1 AND cohort_id = ?2",
        )?
        .query_row(params![member_id, cohort_id], |r| {
            let status: String = r.get(9)?;
            Ok((
                r.get(0)?,
                OrderInput {
                    channel_id: r.get(1)?,
                    referrer_id: r.get(2)?,
                    order_no: r.get(3)?,
                    product: r.get(4)?,
                    paid_fen: r.get(5)?,
                    discount_fen: r.get(6)?,
                    coupon: r.get(7)?,
                    paid_at: r.get(8)?,
                    status: OrderStatus::from_key(&status),
                    refund_fen: r.get(10)?,
                    refunded_on: r.get(11)?,
                    note: r.get(12)?,
                },
            ))
        })
        .optional()?;
    Ok(found)
}

/// Writes a member's sign-up for a cohort (inserting or replacing the live one); returns its id.
pub(crate) fn upsert_in(conn: &Connection, member_id: i64, cohort_id: i64, o: &OrderInput, ts: &str) -> Result<i64> {
    let status = o.status.unwrap_or(if o.paid_fen > 0 { OrderStatus::Paid } else { OrderStatus::SignedUp });
    let existing = find_in(conn, member_id, cohort_id)?.map(|(id, _)| id);
    let args = params![
        member_id,
        cohort_id,
        o.channel_id,
        o.referrer_id,
        o.order_no,
        o.product,
        o.paid_fen,
        o.discount_fen,
        o.coupon,
        o.paid_at,
        status.key(),
        o.refund_fen,
        o.refunded_on,
        o.note,
        ts
    ];
    match existing {
        Some(id) => {
            conn.prepare_cached(
                "UPDATE orders SET channel_id = ?3, referrer_id = ?4, order_no = ?5, product = ?6, paid_fen = ?7, discount_fen = ?8,
                    coupon = ?9, paid_at = ?10, status = ?11, refund_fen = ?12, refunded_on = ?13, note = ?14, updated_at = ?15
                 WHERE member_id = ?1 AND cohort_id = ?2 AND deleted_at IS NULL",
            )?
            .execute(args)?;
            Ok(id)
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO orders (member_id, cohort_id, channel_id, referrer_id, order_no, product, paid_fen, discount_fen, coupon,
                    paid_at, status, refund_fen, refunded_on, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
            )?
            .execute(args)?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// Moves a sign-up to the trash.
pub fn delete(store: &Store, id: i64) -> Result<()> {
    let n = store.conn().execute("UPDATE orders SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", params![id, crate::store::now()])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Order, id: id.to_string() });
    }
    Ok(())
}

/// Would making `referrer` the referrer of `member` close a loop (A brought B, B brought A)?
/// Follows who brought whom from the referrer up, through members' first referrers and every
/// live sign-up's referrer; a cycle met on the way that does not lead back to `member` is not one.
pub(crate) fn closes_loop(conn: &Connection, member: i64, referrer: i64) -> Result<bool> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut todo = vec![referrer];
    while let Some(at) = todo.pop() {
        if at == member {
            return Ok(true);
        }
        if !seen.insert(at) || seen.len() > 100_000 {
            continue;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT referrer_id FROM members WHERE id = ?1 AND referrer_id IS NOT NULL
             UNION SELECT referrer_id FROM live_orders WHERE member_id = ?1 AND referrer_id IS NOT NULL",
        )?;
        let ups = stmt.query_map([at], |r| r.get::<_, i64>(0))?;
        for up in ups {
            todo.push(up?);
        }
    }
    Ok(false)
}
