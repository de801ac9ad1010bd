//! Referrals (裂变 / 老带新): who brought whom, and the points rule 推荐完课 credited to a
//! referrer when the member they brought completes the cohort (not on sign-up).

use crate::error::{Entity, Error, Field, Result};
use crate::store::{now, Store};
use rusqlite::{params, OptionalExtension};

/// The points rule credited per referred graduate.
pub const RULE: &str = "referral_completed";

/// Sets (or clears) who brought a member: never the member themself, never someone they brought.
pub fn set_referrer(store: &Store, member_id: i64, referrer_id: Option<i64>) -> Result<()> {
    let conn = store.conn();
    let live = |id: i64| -> Result<()> {
        conn.query_row("SELECT 1 FROM live_members WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .ok_or(Error::NotFound { entity: Entity::Member, id: id.to_string() })
    };
    live(member_id)?;
    if let Some(r) = referrer_id {
        live(r)?;
        if r == member_id || super::orders::closes_loop(&conn, member_id, r)? {
            return Err(Error::Invalid { field: Field::Referrer, value: r.to_string() });
        }
    }
    conn.execute("UPDATE members SET referrer_id = ?2 WHERE id = ?1", params![member_id, referrer_id])?;
    Ok(())
}

/// Brings the 推荐完课 points of a cohort up to date: one entry per referred graduate, on the
/// cohort's last day, explained in the ledger by the rule and its source (`referral:ORDER`);
/// an entry whose invitee no longer graduates (the rule changed, a mark was removed) is taken
/// back. Returns the entries added and removed.
pub fn credit(store: &Store, cohort_id: i64) -> Result<(usize, usize)> {
    let cohort = crate::cohorts::get(store, cohort_id)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let graduates = super::completion::graduates_in(&tx, cohort_id)?;
    let due: Vec<(i64, i64, i64)> = {
        let mut stmt = tx.prepare_cached(
            "SELECT o.id, o.member_id, o.referrer_id, o.status, o.paid_fen, o.refund_fen FROM live_orders o JOIN live_members r ON r.id = o.referrer_id
             WHERE o.cohort_id = ?1 AND o.referrer_id IS NOT NULL",
        )?;
        // A graduate who paid (not refunded in full), as the report's referrer rows count them.
        let rows = stmt.query_map([cohort_id], |r| {
            let status = super::status::OrderStatus::stored(r.get_ref(3)?.as_str().unwrap_or(""));
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, status.counts_paid(r.get(4)?, r.get(5)?)))
        })?;
        rows.collect::<rusqlite::Result<Vec<(i64, i64, i64, bool)>>>()?
            .into_iter()
            .filter(|(_, m, _, paid)| *paid && graduates.contains(m))
            .map(|(o, m, r, _)| (o, m, r))
            .collect()
    };
    let stamp = now();
    let mut added = 0;
    let mut kept: rustc_hash::FxHashSet<(String, i64)> = Default::default();
    for (order, _, referrer) in &due {
        let source = format!("referral:{order}");
        let had: bool = tx.prepare_cached("SELECT 1 FROM points_ledger WHERE source = ?1 AND member_id = ?2")?.exists(params![source, referrer])?;
        if !had {
            crate::points::earn_in(&tx, *referrer, Some(cohort_id), &cohort.end_date, RULE, &source, &stamp)?;
            added += 1;
        }
        kept.insert((source, *referrer));
    }
    let stale: Vec<i64> = {
        let mut stmt = tx.prepare_cached("SELECT id, source, member_id FROM points_ledger WHERE cohort_id = ?1 AND rule = ?2 AND source LIKE 'referral:%'")?;
        let rows = stmt.query_map(params![cohort_id, RULE], |r| Ok((r.get(0)?, (r.get::<_, String>(1)?, r.get::<_, i64>(2)?))))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?.into_iter().filter(|(_, k)| !kept.contains(k)).map(|(id, _)| id).collect()
    };
    for id in &stale {
        tx.execute("DELETE FROM points_ledger WHERE id = ?1", [id])?;
    }
    tx.commit()?;
    Ok((added, stale.len()))
}
