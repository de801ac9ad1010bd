//! Members: the people of the community. Add, edit, search, tag, trash.

use crate::error::{Entity, Error, Field, Result};
use crate::search;
use crate::store::{now, Store};
use crate::tags;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

mod clean;
mod list;
mod merge;
mod snapshot;

pub(crate) use clean::{check_len, clean, clean_name, Clean, Prepared};
pub use clean::normalize_phone;
pub use list::list;
pub use merge::{fill_empty, merge, unmerge, MergeReport, Source};

pub const NAME_MAX: usize = 100;
const SHORT_MAX: usize = 50;
const NOTES_MAX: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
    fn parse(s: &str) -> Option<Gender> {
        match s {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Which calendar a member celebrates their birthday in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    /// 公历
    Solar,
    /// 农历
    Lunar,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Birthday {
    pub calendar: Calendar,
    /// Optional: many members give only month and day.
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    /// Lunar only: born in the leap month (闰月).
    #[serde(default)]
    pub leap_month: bool,
}

/// What the operator types when adding or editing a member. Editing replaces every field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub nickname: String,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub gender: Option<Gender>,
    pub city: String,
    pub channel: String,
    pub birthday: Option<Birthday>,
    pub notes: String,
    pub custom_fields: BTreeMap<String, String>,
    /// Tag names; unknown ones are created.
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MembershipView {
    pub id: i64,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub role_id: Option<i64>,
    pub role_key: Option<String>,
    pub role_name: Option<String>,
    pub joined_on: String,
    pub left_on: Option<String>,
    /// When the place ends (会员群, 年卡), if it does.
    pub expires_on: Option<String>,
}

/// One member with everything known about them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub gender: Option<Gender>,
    pub city: String,
    pub channel: String,
    pub birthday: Option<Birthday>,
    pub notes: String,
    pub custom_fields: BTreeMap<String, String>,
    pub tags: Vec<tags::Tag>,
    pub memberships: Vec<MembershipView>,
    /// Who brought them (推荐人, the first to), set by an order sheet or by hand.
    pub referrer_id: Option<i64>,
    pub referrer: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A row of the members table: the member and their latest (or filtered) cohort placement.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub nickname: String,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub gender: Option<Gender>,
    pub city: String,
    pub channel: String,
    pub tags: Vec<String>,
    pub cohort: Option<String>,
    pub group: Option<String>,
    pub role_key: Option<String>,
    pub role: Option<String>,
}

/// Filters of the members table; all optional, combined with AND.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct MemberQuery {
    /// Name, nickname, phone, WeChat ID, pinyin or pinyin initials.
    pub search: Option<String>,
    pub cohort_id: Option<i64>,
    pub group_id: Option<i64>,
    pub role_id: Option<i64>,
    pub tag_id: Option<i64>,
    /// Came by this channel: their first channel, or a sign-up's.
    pub channel: Option<String>,
    /// Brought by this member: as their referrer, or a sign-up's.
    pub referrer_id: Option<i64>,
    pub limit: Option<u32>,
}

/// Refuses a phone or WeChat ID that another live member already has, naming that member.
fn check_unique(tx: &Transaction, c: &Clean, except: Option<i64>) -> Result<()> {
    let except = except.unwrap_or(-1);
    if let Some(phone) = &c.phone {
        let owner: Option<(String, i64)> = tx
            .prepare_cached("SELECT name, id FROM live_members WHERE phone = ?1 AND id <> ?2")?
            .query_row(params![phone, except], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((owner, id)) = owner {
            return Err(Error::Duplicate { field: Field::Phone, value: phone.clone(), owner, owner_id: Some(id) });
        }
    }
    if let Some(w) = &c.wechat {
        let owner: Option<(String, i64)> = tx
            .prepare_cached("SELECT name, id FROM live_members WHERE wechat = ?1 COLLATE NOCASE AND id <> ?2")?
            .query_row(params![w, except], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((owner, id)) = owner {
            return Err(Error::Duplicate { field: Field::Wechat, value: w.clone(), owner, owner_id: Some(id) });
        }
    }
    Ok(())
}

fn write_search(tx: &Transaction, id: i64, c: &Clean) -> Result<()> {
    let hay = search::haystack(&c.name, &c.nickname, c.phone.as_deref(), c.wechat.as_deref());
    tx.prepare_cached(
        "INSERT INTO member_search (member_id, haystack) VALUES (?1, ?2)
         ON CONFLICT (member_id) DO UPDATE SET haystack = excluded.haystack",
    )?
    .execute(params![id, hay])?;
    Ok(())
}

fn birthday_cols(b: &Option<Birthday>) -> (Option<&'static str>, Option<i32>, Option<u32>, Option<u32>, bool) {
    match b {
        None => (None, None, None, None, false),
        Some(b) => (
            Some(match b.calendar {
                Calendar::Solar => "solar",
                Calendar::Lunar => "lunar",
            }),
            b.year,
            Some(b.month),
            Some(b.day),
            b.leap_month,
        ),
    }
}

/// Inserts a member inside an open transaction; used by `add`, the demo and imports.
pub(crate) fn insert(tx: &Transaction, input: &MemberInput) -> Result<i64> {
    let p = Prepared::new(input)?;
    check_unique(tx, &p.clean, None)?;
    insert_prepared(tx, &p, &now(), &mut Default::default())
}

/// Inserts a prepared member (without the phone / WeChat lookups: for a caller, the import,
/// that already matched it against every live member; the unique indexes still stand guard),
/// `ts` being the creation time.
pub(crate) fn insert_prepared(tx: &Transaction, p: &Prepared, ts: &str, tag_ids: &mut tags::IdCache) -> Result<i64> {
    let c = &p.clean;
    let (cal, by, bm, bd, leap) = birthday_cols(&c.birthday);
    tx.prepare_cached(
        "INSERT INTO members (name, nickname, phone, wechat, gender, city, channel,
             birth_calendar, birth_year, birth_month, birth_day, birth_leap, notes, custom_fields, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
    )?
    .execute(params![
            c.name, c.nickname, c.phone, c.wechat, c.gender.map(Gender::as_str), c.city, c.channel,
            cal, by, bm, bd, leap, c.notes, c.custom_fields, ts
        ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO member_search (member_id, haystack) VALUES (?1, ?2)")?.execute(params![id, p.haystack])?;
    for tag in &c.tags {
        tags::add_for_member_cached(tx, id, tag, tag_ids)?;
    }
    Ok(id)
}

pub fn add(store: &Store, input: &MemberInput) -> Result<Member> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let id = insert(&tx, input)?;
    tx.commit()?;
    drop(conn);
    get(store, id)
}

/// Adds many members in one transaction: all are written, or none (the error names the row, from 1).
pub fn add_many(store: &Store, inputs: &[MemberInput]) -> Result<Vec<i64>, (usize, Error)> {
    let mut conn = store.conn();
    let tx = conn.transaction().map_err(|e| (0, e.into()))?;
    let mut ids = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        ids.push(insert(&tx, input).map_err(|e| (i + 1, e))?);
    }
    tx.commit().map_err(|e| (inputs.len(), e.into()))?;
    Ok(ids)
}

pub fn update(store: &Store, id: i64, input: &MemberInput) -> Result<Member> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    update_in(&tx, id, input)?;
    tx.commit()?;
    drop(conn);
    get(store, id)
}

/// Replaces a live member's fields and tags inside an open transaction.
pub(crate) fn update_in(tx: &Transaction, id: i64, input: &MemberInput) -> Result<()> {
    ensure_live(tx, id)?;
    let c = clean(input)?;
    check_unique(tx, &c, Some(id))?;
    let (cal, by, bm, bd, leap) = birthday_cols(&c.birthday);
    tx.prepare_cached(
        "UPDATE members SET name = ?2, nickname = ?3, phone = ?4, wechat = ?5, gender = ?6, city = ?7, channel = ?8,
             birth_calendar = ?9, birth_year = ?10, birth_month = ?11, birth_day = ?12, birth_leap = ?13,
             notes = ?14, custom_fields = ?15, updated_at = ?16
         WHERE id = ?1",
    )?
    .execute(params![
        id, c.name, c.nickname, c.phone, c.wechat, c.gender.map(Gender::as_str), c.city, c.channel,
        cal, by, bm, bd, leap, c.notes, c.custom_fields, now()
    ])?;
    write_search(tx, id, &c)?;
    tags::set_for_member(tx, id, &c.tags)?;
    Ok(())
}

/// The member columns `input_from_row` reads, in its order.
const INPUT_COLUMNS: &str = "name, nickname, phone, wechat, gender, city, channel,
    birth_calendar, birth_year, birth_month, birth_day, birth_leap, notes, custom_fields";

/// A member's fields (without tags) from `INPUT_COLUMNS` starting at column `at`.
fn input_from_row(r: &Row, at: usize) -> rusqlite::Result<MemberInput> {
    let custom: String = r.get(at + 13)?;
    Ok(MemberInput {
        name: r.get(at)?,
        nickname: r.get(at + 1)?,
        phone: r.get(at + 2)?,
        wechat: r.get(at + 3)?,
        gender: r.get::<_, Option<String>>(at + 4)?.as_deref().and_then(Gender::parse),
        city: r.get(at + 5)?,
        channel: r.get(at + 6)?,
        birthday: row_birthday(r, at + 7)?,
        notes: r.get(at + 12)?,
        custom_fields: serde_json::from_str(&custom).unwrap_or_default(),
        tags: Vec::new(),
    })
}

/// A live member as the input that would recreate them (for merging imported values).
pub(crate) fn load_input(conn: &rusqlite::Connection, id: i64) -> Result<MemberInput> {
    let mut input = conn
        .prepare_cached(&format!("SELECT {INPUT_COLUMNS} FROM live_members WHERE id = ?1"))?
        .query_row([id], |r| input_from_row(r, 0))
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Member, id: id.to_string() })?;
    input.tags = tags::for_member(conn, id)?.into_iter().map(|t| t.name).collect();
    Ok(input)
}

fn ensure_live(tx: &rusqlite::Connection, id: i64) -> Result<()> {
    let live: Option<i64> = tx
        .prepare_cached("SELECT id FROM live_members WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    live.map(|_| ()).ok_or(Error::NotFound { entity: Entity::Member, id: id.to_string() })
}

pub(crate) fn row_birthday(r: &Row, at: usize) -> rusqlite::Result<Option<Birthday>> {
    let cal: Option<String> = r.get(at)?;
    Ok(match cal.as_deref() {
        Some(c @ ("solar" | "lunar")) => Some(Birthday {
            calendar: if c == "solar" { Calendar::Solar } else { Calendar::Lunar },
            year: r.get(at + 1)?,
            month: r.get(at + 2)?,
            day: r.get(at + 3)?,
            leap_month: r.get(at + 4)?,
        }),
        _ => None,
    })
}

pub fn get(store: &Store, id: i64) -> Result<Member> {
    let conn = store.conn();
    let mut member = conn
        .query_row(
            &format!("SELECT id, created_at, updated_at, {INPUT_COLUMNS} FROM live_members WHERE id = ?1"),
            [id],
            |r| {
                let m = input_from_row(r, 3)?;
                Ok(Member {
                    id: r.get(0)?,
                    name: m.name,
                    nickname: m.nickname,
                    phone: m.phone,
                    wechat: m.wechat,
                    gender: m.gender,
                    city: m.city,
                    channel: m.channel,
                    birthday: m.birthday,
                    notes: m.notes,
                    custom_fields: m.custom_fields,
                    tags: Vec::new(),
                    memberships: Vec::new(),
                    referrer_id: None,
                    referrer: None,
                    created_at: r.get(1)?,
                    updated_at: r.get(2)?,
                })
            },
        )
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Member, id: id.to_string() })?;
    member.tags = tags::for_member(&conn, id)?;
    (member.referrer_id, member.referrer) = conn.query_row(
        "SELECT r.id, r.name FROM members m LEFT JOIN live_members r ON r.id = m.referrer_id WHERE m.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT ms.id, ms.cohort_id, c.name, g.id, g.name, ms.role_id, r.key, r.name, ms.joined_on, ms.left_on, ms.expires_on
         FROM memberships ms
         JOIN live_cohorts c ON c.id = ms.cohort_id
         LEFT JOIN live_groups g ON g.id = ms.group_id
         LEFT JOIN roles r ON r.id = ms.role_id
         WHERE ms.member_id = ?1
         ORDER BY c.start_date DESC, ms.id DESC",
    )?;
    member.memberships = stmt
        .query_map([id], |r| {
            Ok(MembershipView {
                id: r.get(0)?,
                cohort_id: r.get(1)?,
                cohort_name: r.get(2)?,
                group_id: r.get(3)?,
                group_name: r.get(4)?,
                role_id: r.get(5)?,
                role_key: r.get(6)?,
                role_name: r.get(7)?,
                joined_on: r.get(8)?,
                left_on: r.get(9)?,
                expires_on: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(member)
}

/// Moves a member to the trash; their memberships and tags stay, to come back on restore.
pub fn delete(store: &Store, id: i64) -> Result<()> {
    let conn = store.conn();
    let n = conn.execute("UPDATE members SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", params![id, now()])?;
    if n == 0 {
        return Err(Error::NotFound { entity: Entity::Member, id: id.to_string() });
    }
    Ok(())
}

pub fn count(store: &Store) -> Result<i64> {
    Ok(store.conn().query_row("SELECT count(*) FROM live_members", [], |r| r.get(0))?)
}

/// A live member by exact name (for the CLI); several with that name: an error asking for the id.
pub fn find_by_name(store: &Store, name: &str) -> Result<Member> {
    let ids: Vec<i64> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached("SELECT id FROM live_members WHERE name = ?1 ORDER BY id LIMIT 2")?;
        let rows = stmt.query_map([name.trim()], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    match ids.as_slice() {
        [id] => get(store, *id),
        [] => Err(Error::NotFound { entity: Entity::Member, id: name.to_string() }),
        _ => Err(Error::Invalid { field: Field::Name, value: format!("{name} (several members have this name: use the id)") }),
    }
}
