//! Members: the people of the community. Add, edit, search, tag, trash.

use crate::error::{Entity, Error, Field, Result};
use crate::search;
use crate::store::{now, Store};
use crate::tags;
use rusqlite::{params, params_from_iter, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

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

/// Input after trimming and normalising, ready to write.
pub(crate) struct Clean {
    pub name: String,
    pub nickname: String,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub gender: Option<Gender>,
    pub city: String,
    pub channel: String,
    pub birthday: Option<Birthday>,
    pub notes: String,
    pub custom_fields: String,
    pub tags: Vec<String>,
}

/// A member checked and ready to insert, with their search keys: everything an insert needs that
/// does not touch the database, so a bulk import can work it out on another thread.
pub(crate) struct Prepared {
    pub clean: Clean,
    pub haystack: String,
}

impl Clean {
    /// Back to input, as a merge with an existing member needs it.
    pub(crate) fn into_input(self) -> MemberInput {
        MemberInput {
            name: self.name,
            nickname: self.nickname,
            phone: self.phone,
            wechat: self.wechat,
            gender: self.gender,
            city: self.city,
            channel: self.channel,
            birthday: self.birthday,
            notes: self.notes,
            custom_fields: serde_json::from_str(&self.custom_fields).unwrap_or_default(),
            tags: self.tags,
        }
    }
}

impl Prepared {
    pub(crate) fn new(input: &MemberInput) -> Result<Prepared> {
        let clean = clean(input)?;
        let haystack = search::haystack(&clean.name, &clean.nickname, clean.phone.as_deref(), clean.wechat.as_deref());
        Ok(Prepared { clean, haystack })
    }
}

pub(crate) fn check_len(field: Field, value: &str, max: usize) -> Result<()> {
    let len = value.chars().count();
    if len > max {
        return Err(Error::TooLong { field, max, len });
    }
    Ok(())
}

pub(crate) fn clean_name(field: Field, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::Empty { field });
    }
    check_len(field, v, max)?;
    if v.chars().any(char::is_control) {
        return Err(Error::Invalid { field, value: v.to_string() });
    }
    Ok(v.to_string())
}

fn clean_short(field: Field, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    check_len(field, v, max)?;
    if v.chars().any(char::is_control) {
        return Err(Error::Invalid { field, value: v.to_string() });
    }
    Ok(v.to_string())
}

/// Normalises a phone number: drops spaces, dashes, dots and brackets, and a +86 / 0086 prefix
/// before a mainland mobile number. Other international numbers keep their `+`.
pub fn normalize_phone(raw: &str) -> Result<Option<String>> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let invalid = || Error::Invalid { field: Field::Phone, value: t.to_string() };
    let mut plus = false;
    let mut digits = String::new();
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '\u{3000}' => {}
            _ => return Err(invalid()),
        }
    }
    if plus && digits.starts_with("86") && digits.len() == 13 && digits.as_bytes()[2] == b'1' {
        digits.drain(..2);
        plus = false;
    } else if !plus && digits.starts_with("0086") && digits.len() == 15 {
        digits.drain(..4);
    }
    if !(5..=20).contains(&digits.len()) {
        return Err(invalid());
    }
    Ok(Some(if plus { format!("+{digits}") } else { digits }))
}

fn clean_birthday(b: &Option<Birthday>) -> Result<Option<Birthday>> {
    let Some(b) = b else { return Ok(None) };
    let invalid = || Error::Invalid {
        field: Field::Birthday,
        value: format!("{}-{}-{}", b.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()), b.month, b.day),
    };
    if !(1..=12).contains(&b.month) || b.day < 1 {
        return Err(invalid());
    }
    if let Some(y) = b.year {
        let this_year = chrono::Datelike::year(&crate::store::today());
        if !(1900..=this_year).contains(&y) {
            return Err(invalid());
        }
    }
    match b.calendar {
        Calendar::Solar => {
            if b.leap_month {
                return Err(invalid());
            }
            // Without a year, 29 February is a valid birthday; with one, the date must exist.
            let year = b.year.unwrap_or(2000);
            if chrono::NaiveDate::from_ymd_opt(year, b.month, b.day).is_none() {
                return Err(invalid());
            }
        }
        // Day 1-30, and with a year that exact lunar date must exist (a leap month that year,
        // a 30th in a 30-day month): the error says which.
        Calendar::Lunar => crate::birthdays::validate(b)?,
    }
    Ok(Some(b.clone()))
}

pub(crate) fn clean(input: &MemberInput) -> Result<Clean> {
    let wechat = match input.wechat.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(w) => {
            check_len(Field::Wechat, w, 64)?;
            if w.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::Invalid { field: Field::Wechat, value: w.to_string() });
            }
            Some(w.to_string())
        }
    };
    let mut custom = BTreeMap::new();
    for (k, v) in &input.custom_fields {
        let k = clean_name(Field::CustomField, k, SHORT_MAX)?;
        check_len(Field::CustomField, v, 1000)?;
        custom.insert(k, v.trim().to_string());
    }
    let mut tag_names: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = clean_name(Field::Tag, t, 30)?;
        if !tag_names.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            tag_names.push(t);
        }
    }
    Ok(Clean {
        name: clean_name(Field::Name, &input.name, NAME_MAX)?,
        nickname: clean_short(Field::Nickname, &input.nickname, NAME_MAX)?,
        phone: input.phone.as_deref().map(normalize_phone).transpose()?.flatten(),
        wechat,
        gender: input.gender,
        city: clean_short(Field::City, &input.city, SHORT_MAX)?,
        channel: clean_short(Field::Channel, &input.channel, SHORT_MAX)?,
        birthday: clean_birthday(&input.birthday)?,
        notes: {
            let n = input.notes.trim();
            check_len(Field::Notes, n, NOTES_MAX)?;
            n.to_string()
        },
        custom_fields: serde_json::to_string(&custom).unwrap_or_else(|_| "{}".into()),
        tags: tag_names,
    })
}

/// Refuses a phone or WeChat ID that another live member already has, naming that member.
fn check_unique(tx: &Transaction, c: &Clean, except: Option<i64>) -> Result<()> {
    let except = except.unwrap_or(-1);
    if let Some(phone) = &c.phone {
        let owner: Option<String> = tx
            .prepare_cached("SELECT name FROM members WHERE phone = ?1 AND deleted_at IS NULL AND id <> ?2")?
            .query_row(params![phone, except], |r| r.get(0))
            .optional()?;
        if let Some(owner) = owner {
            return Err(Error::Duplicate { field: Field::Phone, value: phone.clone(), owner });
        }
    }
    if let Some(w) = &c.wechat {
        let owner: Option<String> = tx
            .prepare_cached("SELECT name FROM members WHERE wechat = ?1 COLLATE NOCASE AND deleted_at IS NULL AND id <> ?2")?
            .query_row(params![w, except], |r| r.get(0))
            .optional()?;
        if let Some(owner) = owner {
            return Err(Error::Duplicate { field: Field::Wechat, value: w.clone(), owner });
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
        .prepare_cached(&format!("SELECT {INPUT_COLUMNS} FROM members WHERE id = ?1 AND deleted_at IS NULL"))?
        .query_row([id], |r| input_from_row(r, 0))
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Member, id: id.to_string() })?;
    input.tags = tags::for_member(conn, id)?.into_iter().map(|t| t.name).collect();
    Ok(input)
}

fn ensure_live(tx: &rusqlite::Connection, id: i64) -> Result<()> {
    let live: Option<i64> = tx
        .prepare_cached("SELECT id FROM members WHERE id = ?1 AND deleted_at IS NULL")?
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
            &format!("SELECT id, created_at, updated_at, {INPUT_COLUMNS} FROM members WHERE id = ?1 AND deleted_at IS NULL"),
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
        "SELECT r.id, r.name FROM members m LEFT JOIN members r ON r.id = m.referrer_id AND r.deleted_at IS NULL WHERE m.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT ms.id, ms.cohort_id, c.name, g.id, g.name, ms.role_id, r.key, r.name, ms.joined_on, ms.left_on, ms.expires_on
         FROM memberships ms
         JOIN cohorts c ON c.id = ms.cohort_id AND c.deleted_at IS NULL
         LEFT JOIN groups g ON g.id = ms.group_id AND g.deleted_at IS NULL
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

/// The members table: live members matching every filter, each with the placement in the
/// filtered cohort (or their latest cohort).
pub fn list(store: &Store, q: &MemberQuery) -> Result<Vec<MemberRow>> {
    let conn = store.conn();
    let mut sql = String::from(
        "SELECT m.id, m.name, m.nickname, m.phone, m.wechat, m.gender, m.city, m.channel,
                (SELECT group_concat(t.name, char(31)) FROM member_tags mt JOIN tags t ON t.id = mt.tag_id
                  WHERE mt.member_id = m.id),
                c.name, g.name, r.key, r.name
         FROM members m
         LEFT JOIN memberships ms ON ms.id = (
             SELECT x.id FROM memberships x JOIN cohorts xc ON xc.id = x.cohort_id AND xc.deleted_at IS NULL
             WHERE x.member_id = m.id AND (?1 IS NULL OR x.cohort_id = ?1)
             ORDER BY xc.start_date DESC, x.id DESC LIMIT 1)
         LEFT JOIN cohorts c ON c.id = ms.cohort_id
         LEFT JOIN groups g ON g.id = ms.group_id AND g.deleted_at IS NULL
         LEFT JOIN roles r ON r.id = ms.role_id
         WHERE m.deleted_at IS NULL",
    );
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(q.cohort_id)];
    let needle = q.search.as_deref().map(search::query).filter(|s| !s.is_empty());
    if let Some(n) = needle {
        let ids = store.search_ids(&conn, &n)?;
        let ids: Vec<rusqlite::types::Value> = ids.into_iter().map(Into::into).collect();
        args.push(Box::new(std::rc::Rc::new(ids)));
        sql += &format!(" AND m.id IN rarray(?{})", args.len());
    }
    // Each filter narrows by member id; a role filter within a cohort means the role held there.
    for (value, clause) in [
        (q.cohort_id, "SELECT member_id FROM memberships WHERE cohort_id = ?"),
        (q.group_id, "SELECT member_id FROM memberships WHERE group_id = ?"),
        (q.role_id, "SELECT member_id FROM memberships WHERE (?1 IS NULL OR cohort_id = ?1) AND role_id = ?"),
        (q.tag_id, "SELECT member_id FROM member_tags WHERE tag_id = ?"),
    ] {
        if let Some(v) = value {
            args.push(Box::new(v));
            sql += &format!(" AND m.id IN ({clause}{})", args.len());
        }
    }
    if let Some(ch) = q.channel.as_ref().filter(|c| !c.trim().is_empty()) {
        args.push(Box::new(ch.trim().to_string()));
        let n = args.len();
        sql += &format!(
            " AND (m.channel = ?{n} OR m.id IN (SELECT o.member_id FROM orders o JOIN channels ch ON ch.id = o.channel_id
               WHERE o.deleted_at IS NULL AND ch.name = ?{n}))"
        );
    }
    if let Some(r) = q.referrer_id {
        args.push(Box::new(r));
        let n = args.len();
        sql += &format!(" AND (m.referrer_id = ?{n} OR m.id IN (SELECT member_id FROM orders WHERE deleted_at IS NULL AND referrer_id = ?{n}))");
    }
    sql += " ORDER BY m.id";
    if let Some(limit) = q.limit {
        sql += &format!(" LIMIT {limit}");
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(args.iter().map(|a| a.as_ref())), |r| {
            let tags: Option<String> = r.get(8)?;
            Ok(MemberRow {
                id: r.get(0)?,
                name: r.get(1)?,
                nickname: r.get(2)?,
                phone: r.get(3)?,
                wechat: r.get(4)?,
                gender: r.get::<_, Option<String>>(5)?.as_deref().and_then(Gender::parse),
                city: r.get(6)?,
                channel: r.get(7)?,
                tags: tags.map(|t| t.split('\u{1f}').map(String::from).collect()).unwrap_or_default(),
                cohort: r.get(9)?,
                group: r.get(10)?,
                role_key: r.get(11)?,
                role: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
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
    Ok(store.conn().query_row("SELECT count(*) FROM members WHERE deleted_at IS NULL", [], |r| r.get(0))?)
}

/// A live member by exact name (for the CLI); several with that name: an error asking for the id.
pub fn find_by_name(store: &Store, name: &str) -> Result<Member> {
    let ids: Vec<i64> = {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached("SELECT id FROM members WHERE name = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 2")?;
        let rows = stmt.query_map([name.trim()], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    match ids.as_slice() {
        [id] => get(store, *id),
        [] => Err(Error::NotFound { entity: Entity::Member, id: name.to_string() }),
        _ => Err(Error::Invalid { field: Field::Name, value: format!("{name} (several members have this name: use the id)") }),
    }
}
