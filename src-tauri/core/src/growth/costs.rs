//! Costs (成本) of a cohort: 投放, 红包, 奖品, 嘉宾, 工具, 其他, optionally of one channel, in fen.

use crate::error::{Entity, Error, Field, Result};
use crate::store::{now, Store};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CostCategory {
    /// 投放
    Ads,
    /// 红包
    RedPackets,
    /// 奖品
    Prizes,
    /// 嘉宾
    Guests,
    /// 工具
    Tools,
    /// 其他
    Other,
}

impl CostCategory {
    pub const ALL: [CostCategory; 6] = [CostCategory::Ads, CostCategory::RedPackets, CostCategory::Prizes, CostCategory::Guests, CostCategory::Tools, CostCategory::Other];

    pub fn key(self) -> &'static str {
        match self {
            CostCategory::Ads => "ads",
            CostCategory::RedPackets => "red_packets",
            CostCategory::Prizes => "prizes",
            CostCategory::Guests => "guests",
            CostCategory::Tools => "tools",
            CostCategory::Other => "other",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        let (zh, en) = match self {
            CostCategory::Ads => ("投放", "ads"),
            CostCategory::RedPackets => ("红包", "red packets"),
            CostCategory::Prizes => ("奖品", "prizes"),
            CostCategory::Guests => ("嘉宾", "guests"),
            CostCategory::Tools => ("工具", "tools"),
            CostCategory::Other => ("其他", "other"),
        };
        if lang == crate::Lang::Zh { zh } else { en }
    }

    /// A category as typed: the key, the Chinese or the English word.
    pub fn parse(s: &str) -> Option<CostCategory> {
        let s = s.trim().to_lowercase();
        let extra: &[(&str, CostCategory)] = &[("广告", CostCategory::Ads), ("其它", CostCategory::Other), ("礼品", CostCategory::Prizes), ("软件", CostCategory::Tools)];
        CostCategory::ALL
            .into_iter()
            .find(|c| s == c.key() || s == c.label(crate::Lang::Zh) || s == c.label(crate::Lang::En))
            .or_else(|| extra.iter().find(|(w, _)| s == *w).map(|(_, c)| *c))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Cost {
    pub id: i64,
    pub cohort_id: i64,
    #[serde(serialize_with = "super::money::as_yuan")]
    #[ts(type = "number")]
    pub amount: i64,
    pub category: CostCategory,
    pub channel_id: Option<i64>,
    pub channel: Option<String>,
    pub spent_on: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CostInput {
    /// Yuan as typed ("500", "¥1,299.50").
    pub amount: String,
    pub category: Option<CostCategory>,
    /// A channel name or spelling; empty for the cohort as a whole.
    pub channel: String,
    /// YYYY-MM-DD; empty: the cohort's first day.
    pub spent_on: String,
    pub note: String,
}

struct Checked {
    fen: i64,
    category: CostCategory,
    spent_on: String,
    note: String,
}

fn check(conn: &Connection, cohort_id: i64, input: &CostInput) -> Result<Checked> {
    let lang_free = || Error::Invalid { field: Field::Amount, value: input.amount.clone() };
    let fen = super::money::parse_fen(&input.amount).map_err(|_| lang_free())?.filter(|f| *f > 0).ok_or_else(lang_free)?;
    let category = input.category.ok_or(Error::Empty { field: Field::Category })?;
    let spent_on = if input.spent_on.trim().is_empty() {
        conn.query_row("SELECT start_date FROM cohorts WHERE id = ?1", [cohort_id], |r| r.get(0))?
    } else {
        crate::cohorts::parse_date(Field::Date, input.spent_on.trim())?.to_string()
    };
    crate::members::check_len(Field::Notes, &input.note, 500)?;
    Ok(Checked { fen, category, spent_on, note: input.note.trim().to_string() })
}

/// Records a cost of a cohort.
pub fn add(store: &Store, cohort_id: i64, input: &CostInput) -> Result<Cost> {
    crate::cohorts::get(store, cohort_id)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let c = check(&tx, cohort_id, input)?;
    let channel = super::channels::resolve(&tx, &input.channel)?;
    tx.execute(
        "INSERT INTO costs (cohort_id, amount_fen, category, channel_id, spent_on, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![cohort_id, c.fen, c.category.key(), channel, c.spent_on, c.note, now()],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    drop(conn);
    get(store, id)
}

/// Replaces a cost's fields.
pub fn update(store: &Store, id: i64, input: &CostInput) -> Result<Cost> {
    let cohort_id = get(store, id)?.cohort_id;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let c = check(&tx, cohort_id, input)?;
    let channel = super::channels::resolve(&tx, &input.channel)?;
    tx.execute(
        "UPDATE costs SET amount_fen = ?2, category = ?3, channel_id = ?4, spent_on = ?5, note = ?6 WHERE id = ?1",
        params![id, c.fen, c.category.key(), channel, c.spent_on, c.note],
    )?;
    tx.commit()?;
    drop(conn);
    get(store, id)
}

/// Moves a cost to the trash (restored from there within 30 days).
pub fn delete(store: &Store, id: i64) -> Result<()> {
    let n = store.conn().execute("UPDATE costs SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", params![id, now()])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Cost, id: id.to_string() });
    }
    Ok(())
}

const SELECT: &str = "SELECT k.id, k.cohort_id, k.amount_fen, k.category, k.channel_id, ch.name, k.spent_on, k.note
     FROM live_costs k LEFT JOIN channels ch ON ch.id = k.channel_id WHERE true";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Cost> {
    let cat: String = r.get(3)?;
    Ok(Cost {
        id: r.get(0)?,
        cohort_id: r.get(1)?,
        amount: r.get(2)?,
        category: CostCategory::ALL.into_iter().find(|c| c.key() == cat).unwrap_or(CostCategory::Other),
        channel_id: r.get(4)?,
        channel: r.get(5)?,
        spent_on: r.get(6)?,
        note: r.get(7)?,
    })
}

pub fn get(store: &Store, id: i64) -> Result<Cost> {
    store
        .conn()
        .query_row(&format!("{SELECT} AND k.id = ?1"), [id], row)
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Cost, id: id.to_string() })
}

/// A cohort's costs, by date.
pub fn list(store: &Store, cohort_id: i64) -> Result<Vec<Cost>> {
    crate::cohorts::get(store, cohort_id)?;
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{SELECT} AND k.cohort_id = ?1 ORDER BY k.spent_on, k.id"))?;
    let rows = stmt.query_map([cohort_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
