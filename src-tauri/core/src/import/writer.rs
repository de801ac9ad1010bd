//! The writing side of the member import: the members rows are matched against, merging a
//! row into the member it matches, and placing members in the cohort (and group) asked for.

use super::rows::{field_column, Ready};
use super::{ImportOptions, MergePolicy, RowStatus, Target};
use crate::cohorts::{self, MembershipInput};
use crate::error::{Error, Field, Result};
use crate::members::{self, MemberInput};
use crate::Lang;
use rusqlite::{params, OptionalExtension, Transaction};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Existing members by the keys rows are matched on: phone, WeChat ID (lowercase), name + city.
#[derive(Default)]
struct Index {
    phone: FxHashMap<String, i64>,
    wechat: FxHashMap<String, i64>,
    name_city: FxHashMap<(String, String), i64>,
    /// Line of the file that created a member, for "same as row N".
    from_row: FxHashMap<i64, usize>,
}

impl Index {
    fn load(tx: &Transaction) -> Result<Index> {
        let mut idx = Index::default();
        let mut stmt = tx.prepare("SELECT id, phone, wechat, name, city FROM live_members")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let wechat: Option<String> = r.get(2)?;
            idx.add(r.get(0)?, r.get(1)?, wechat.map(|w| w.to_lowercase()), r.get(3)?, r.get(4)?);
        }
        Ok(idx)
    }

    fn add(&mut self, id: i64, phone: Option<String>, wechat_key: Option<String>, name: String, city: String) {
        if let Some(p) = phone {
            self.phone.insert(p, id);
        }
        if let Some(w) = wechat_key {
            self.wechat.insert(w, id);
        }
        self.name_city.insert((name, city), id);
    }

    /// The member a row matches, or the two different members it matches (a conflict).
    fn find(&self, c: &members::Clean, wechat_key: Option<&str>) -> std::result::Result<Option<i64>, (i64, i64)> {
        let by_phone = c.phone.as_ref().and_then(|p| self.phone.get(p)).copied();
        let by_wechat = wechat_key.and_then(|w| self.wechat.get(w)).copied();
        match (by_phone, by_wechat) {
            (Some(a), Some(b)) if a != b => Err((a, b)),
            (Some(a), _) | (None, Some(a)) => Ok(Some(a)),
            (None, None) => {
                // Name + city only when the row brings no phone or WeChat ID of its own.
                if c.phone.is_none() && c.wechat.is_none() && !c.city.is_empty() {
                    Ok(self.name_city.get(&(c.name.clone(), c.city.clone())).copied())
                } else {
                    Ok(None)
                }
            }
        }
    }
}

/// Merges imported values into an existing member by the policy; `None` if nothing changes.
fn merge(existing: &MemberInput, incoming: &MemberInput, policy: MergePolicy) -> Option<MemberInput> {
    let mut out = existing.clone();
    let overwrite = policy == MergePolicy::Update;
    fn put(dst: &mut String, src: &str, overwrite: bool) {
        if !src.is_empty() && (overwrite || dst.is_empty()) {
            *dst = src.to_string();
        }
    }
    fn put_opt<T: Clone>(dst: &mut Option<T>, src: &Option<T>, overwrite: bool) {
        if src.is_some() && (overwrite || dst.is_none()) {
            *dst = src.clone();
        }
    }
    if overwrite {
        put(&mut out.name, &incoming.name, true);
    }
    put(&mut out.nickname, &incoming.nickname, overwrite);
    put_opt(&mut out.phone, &incoming.phone, overwrite);
    put_opt(&mut out.wechat, &incoming.wechat, overwrite);
    put_opt(&mut out.gender, &incoming.gender, overwrite);
    put(&mut out.city, &incoming.city, overwrite);
    put(&mut out.channel, &incoming.channel, overwrite);
    put_opt(&mut out.birthday, &incoming.birthday, overwrite);
    put(&mut out.notes, &incoming.notes, overwrite);
    for (k, v) in &incoming.custom_fields {
        let slot = out.custom_fields.entry(k.clone()).or_default();
        put(slot, v, overwrite);
    }
    for t in &incoming.tags {
        if !out.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            out.tags.push(t.clone());
        }
    }
    let changed = out.name != existing.name
        || out.nickname != existing.nickname
        || out.phone != existing.phone
        || out.wechat != existing.wechat
        || out.gender != existing.gender
        || out.city != existing.city
        || out.channel != existing.channel
        || out.birthday != existing.birthday
        || out.notes != existing.notes
        || out.custom_fields != existing.custom_fields
        || out.tags.len() != existing.tags.len();
    changed.then_some(out)
}

/// The group a row goes to, by the group-by column's value: an existing group of the cohort
/// whose name or city is that value, else a new one named by the cohort's rule.
fn group_by_value(tx: &Transaction, cohort_id: i64, value: &str, cache: &mut HashMap<String, i64>) -> Result<Option<i64>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if let Some(id) = cache.get(v) {
        return Ok(Some(*id));
    }
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM live_groups WHERE cohort_id = ?1 AND (name = ?2 OR city = ?2 OR channel = ?2)
             ORDER BY id LIMIT 1",
            params![cohort_id, v],
            |r| r.get(0),
        )
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            let (rule, cname): (String, String) = tx.query_row(
                "SELECT group_name_rule, name FROM cohorts WHERE id = ?1",
                [cohort_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let n: i64 = tx.query_row(
                "SELECT count(*) FROM live_groups WHERE cohort_id = ?1 AND city = ?2",
                params![cohort_id, v],
                |r| r.get(0),
            )?;
            let name = rule
                .replace("{期}", &cohorts::cohort_number(&cname))
                .replace("{营}", &cname)
                .replace("{城市}", v)
                .replace("{渠道}", "")
                .replace("{序号}", &(n + 1).to_string());
            let name = if name.contains(v) { name } else { format!("{name}{v}") };
            cohorts::insert_group(tx, cohort_id, &cohorts::GroupInput { name, city: v.to_string(), ..Default::default() })?
        }
    };
    cache.insert(v.to_string(), id);
    Ok(Some(id))
}

pub(super) type RowOutcome = std::result::Result<(RowStatus, Option<String>), (RowStatus, Option<String>, String)>;

/// The writing side of an import: matches rows against the members and writes them.
pub(super) struct Writer<'a> {
    tx: &'a Transaction<'a>,
    headers: &'a [String],
    mapping: &'a [Target],
    opts: &'a ImportOptions,
    lang: Lang,
    index: Index,
    group_cache: HashMap<String, i64>,
    tag_ids: crate::tags::IdCache,
    /// Creation time of every member this import adds.
    ts: String,
}

impl<'a> Writer<'a> {
    /// A writer for the rows of a sheet with these headers and mapping, matching against the
    /// members live in `tx`.
    pub(super) fn new(tx: &'a Transaction<'a>, headers: &'a [String], mapping: &'a [Target], opts: &'a ImportOptions, lang: Lang) -> Result<Writer<'a>> {
        Ok(Writer {
            tx,
            headers,
            mapping,
            opts,
            lang,
            index: Index::load(tx)?,
            group_cache: HashMap::new(),
            tag_ids: Default::default(),
            ts: crate::store::now(),
        })
    }

    pub(super) fn write(&mut self, ready: Ready, group_value: &str, line: usize) -> RowOutcome {
        let (tx, lang, opts) = (self.tx, self.lang, self.opts);
        let (headers, mapping) = (self.headers, self.mapping);
        let db = |e: Error| (RowStatus::Error, field_column(&e, headers, mapping), e.message(lang));
        let Ready { prepared, wechat_key } = ready;
        let (id, status, message) = match self.index.find(&prepared.clean, wechat_key.as_deref()) {
            Err((a, b)) => {
                let name = |id: i64| -> String {
                    tx.query_row("SELECT name FROM members WHERE id = ?1", [id], |r| r.get(0)).unwrap_or_default()
                };
                let msg = match lang {
                    Lang::Zh => format!("手机号对应“{}”，微信号却对应“{}”：请核对后再导入", name(a), name(b)),
                    Lang::En => format!("the phone belongs to “{}” but the WeChat ID to “{}”: check the row", name(a), name(b)),
                };
                return Err((RowStatus::Conflict, None, msg));
            }
            Ok(None) => {
                // The index already matched this row against every live member: no lookups needed.
                let id = members::insert_prepared(tx, &prepared, &self.ts, &mut self.tag_ids).map_err(|e| match e {
                    Error::Db(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::ConstraintViolation => db(
                        Error::Duplicate { field: Field::Phone, value: prepared.clean.phone.clone().unwrap_or_default(), owner: String::new(), owner_id: None },
                    ),
                    other => db(other),
                })?;
                let c = prepared.clean;
                self.index.add(id, c.phone, wechat_key, c.name, c.city);
                self.index.from_row.insert(id, line);
                (id, RowStatus::New, None)
            }
            Ok(Some(id)) => {
                let existing = members::load_input(tx, id).map_err(db)?;
                let same_file = self.index.from_row.get(&id).map(|r| match lang {
                    Lang::Zh => format!("与第 {r} 行是同一人"),
                    Lang::En => format!("same person as row {r}"),
                });
                let merged = match opts.policy {
                    MergePolicy::Skip => None,
                    policy => merge(&existing, &prepared.clean.into_input(), policy),
                };
                match merged {
                    Some(m) => {
                        members::update_in(tx, id, &m).map_err(db)?;
                        let c = members::clean(&m).map_err(db)?;
                        let key = c.wechat.as_ref().map(|w| w.to_lowercase());
                        self.index.add(id, c.phone, key, c.name, c.city);
                        (id, RowStatus::Update, same_file.or(Some(existing.name)))
                    }
                    None => (id, RowStatus::Unchanged, same_file.or(Some(existing.name))),
                }
            }
        };
        if let Some(cohort_id) = opts.cohort_id {
            let group_id = match opts.group_by_column {
                Some(_) => group_by_value(tx, cohort_id, group_value, &mut self.group_cache).map_err(db)?,
                None => opts.group_id,
            };
            let existing: Option<(Option<i64>, Option<i64>, String)> = tx
                .prepare_cached("SELECT group_id, role_id, joined_on FROM memberships WHERE member_id = ?1 AND cohort_id = ?2")
                .and_then(|mut s| s.query_row(params![id, cohort_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional())
                .map_err(|e| db(e.into()))?;
            // A member already in the cohort keeps their group (unless one is given), role and join date.
            let (keep_group, role, joined) = existing.unwrap_or((None, None, String::new()));
            cohorts::upsert_membership(
                tx,
                &MembershipInput {
                    member_id: id,
                    cohort_id,
                    group_id: group_id.or(keep_group),
                    role_id: role,
                    joined_on: joined,
                    left_on: String::new(),
                },
            )
            .map_err(db)?;
        }
        Ok((status, message))
    }
}
