//! Two records of one person made one: 「合并」 on a duplicate phone or WeChat ID.
//!
//! The kept member takes over everything that points at the other one (memberships, marks,
//! points, orders, chat senders, certificates, …: every table whose foreign key names `members`,
//! found from the schema so a table added later is included without a line here), fills their
//! empty fields from the other's, and the other record is deleted. Rows that cannot move because
//! the kept member already has the same one (both checked in on one day, both in one cohort) are
//! the kept member's; the report counts them.
//!
//! Undo is exact: the merge keeps every row it could touch as it was before and as it was
//! after (`snapshot`); undo puts the first back, and is refused, with nothing changed, when the
//! rows no longer read as the second (the kept member was edited, a mark added since).

use super::snapshot;
use crate::error::{Entity, Error, Field, Result};
use crate::i18n::Lang;
use crate::members::{load_input, update_in, MemberInput};
use crate::store::{now, Store};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// What a merge did; `merge_id` undoes it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MergeReport {
    pub merge_id: i64,
    pub kept_id: i64,
    pub kept_name: String,
    /// The name of the record merged away (or typed into the form).
    pub gone_name: String,
    /// Rows that now point at the kept member instead (memberships, marks, points, orders, …).
    pub moved: usize,
    /// Rows of the other record the kept member already had (the same mark on the same day).
    pub dropped: usize,
    /// The kept member's fields that were empty and were filled from the other.
    pub filled: Vec<Field>,
}

/// What is merged into the kept member: another member, or a form not saved yet.
pub enum Source<'a> {
    Member(i64),
    Input(&'a MemberInput),
}

/// Merges `source` into `kept_id`. All or nothing.
pub fn merge(store: &Store, kept_id: i64, source: Source) -> Result<MergeReport> {
    let lang = store.lang(); // before the connection is held: it reads a setting through it
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let mut kept = load_input(&tx, kept_id)?;
    let (other, gone_id) = match source {
        Source::Member(id) if id == kept_id => return Err(Error::Invalid { field: Field::Members, value: id.to_string() }),
        Source::Member(id) => (load_input(&tx, id)?, Some(id)),
        Source::Input(input) => (input.clone(), None),
    };
    let ids: Vec<i64> = [Some(kept_id), gone_id].into_iter().flatten().collect();
    let before = snapshot::read(&tx, &ids)?;
    let (mut moved, mut dropped) = (0, 0);
    if let Some(gone) = gone_id {
        refuse_double_orders(&tx, kept_id, gone)?;
        // One person cannot have brought themselves: such a referral ends with the merge.
        tx.execute("UPDATE orders SET referrer_id = NULL WHERE (member_id = ?1 AND referrer_id = ?2) OR (member_id = ?2 AND referrer_id = ?1)", [kept_id, gone])?;
        for (table, column) in snapshot::references(&tx)?.into_iter().filter(|(t, _)| t != "members") {
            moved += tx.execute(&format!("UPDATE OR IGNORE \"{table}\" SET \"{column}\" = ?1 WHERE \"{column}\" = ?2"), [kept_id, gone])?;
            dropped += tx.query_row(&format!("SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = ?1"), [gone], |r| r.get::<_, usize>(0))?;
        }
        // Whoever the other record referred is the kept member's; no one is their own referrer.
        tx.execute("UPDATE members SET referrer_id = CASE WHEN id = ?1 THEN NULL ELSE ?1 END WHERE referrer_id = ?2", [kept_id, gone])?;
        let referrer: Option<i64> = tx.query_row("SELECT referrer_id FROM members WHERE id = ?1", [gone], |r| r.get(0))?;
        if referrer.is_some_and(|r| r != kept_id) {
            tx.execute("UPDATE members SET referrer_id = ?2 WHERE id = ?1 AND referrer_id IS NULL", [kept_id, referrer.unwrap_or_default()])?;
        }
        // Its phone and WeChat ID must be free before the kept member takes them.
        tx.execute("DELETE FROM members WHERE id = ?1", [gone])?;
    }
    let filled = fill_empty(&mut kept, &other, lang);
    update_in(&tx, kept_id, &kept)?;
    let after = snapshot::read(&tx, &ids)?;
    tx.execute(
        "INSERT INTO member_merges (kept_id, gone_id, gone_name, merged_at, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![kept_id, gone_id, other.name, now(), json(&before), json(&after)],
    )?;
    let merge_id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(MergeReport { merge_id, kept_id, kept_name: kept.name, gone_name: other.name, moved, dropped, filled })
}

/// Undoes a merge, exactly, if none of the rows it changed was changed since; else nothing
/// changes and the error says so. A merge is undone once.
pub fn unmerge(store: &Store, merge_id: i64) -> Result<()> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let (kept_id, gone_id, before, after): (i64, Option<i64>, String, String) = tx
        .query_row("SELECT kept_id, gone_id, before, after FROM member_merges WHERE id = ?1", [merge_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::Merge, id: merge_id.to_string() })?;
    let ids: Vec<i64> = [Some(kept_id), gone_id].into_iter().flatten().collect();
    let before: Vec<snapshot::Rows> = serde_json::from_str(&before).map_err(|_| Error::NotFound { entity: Entity::Merge, id: merge_id.to_string() })?;
    if json(&snapshot::read(&tx, &ids)?) != after {
        let name: String = tx.query_row("SELECT name FROM members WHERE id = ?1", [kept_id], |r| r.get(0)).optional()?.unwrap_or_default();
        return Err(Error::MergeChanged { name });
    }
    snapshot::restore(&tx, &ids, &before)?;
    tx.execute("DELETE FROM member_merges WHERE id = ?1", [merge_id])?;
    tx.commit()?;
    Ok(())
}

fn json(rows: &[snapshot::Rows]) -> String {
    serde_json::to_string(rows).unwrap_or_default()
}

/// Two live orders in one cohort would leave one of them to be deleted with the other record:
/// money is never dropped, so the operator removes the duplicate order first.
fn refuse_double_orders(conn: &Connection, kept: i64, gone: i64) -> Result<()> {
    let cohort: Option<String> = conn
        .query_row(
            "SELECT c.name FROM live_orders a JOIN live_orders b ON b.cohort_id = a.cohort_id JOIN cohorts c ON c.id = a.cohort_id
             WHERE a.member_id = ?1 AND b.member_id = ?2 LIMIT 1",
            [kept, gone],
            |r| r.get(0),
        )
        .optional()?;
    match cohort {
        Some(cohort) => Err(Error::MergeOrders { cohort }),
        None => Ok(()),
    }
}

/// Fills what `kept` leaves empty from `other`; notes are joined, tags and custom fields united.
/// Where both have a different phone, WeChat ID, nickname, city or channel, the kept one stays
/// and the other is written into the notes, so nothing the operator typed is lost. Returns the
/// fields that changed.
pub fn fill_empty(kept: &mut MemberInput, other: &MemberInput, lang: Lang) -> Vec<Field> {
    let differing: Vec<String> = [
        (Field::Phone, kept.phone.clone().unwrap_or_default(), other.phone.clone().unwrap_or_default()),
        (Field::Wechat, kept.wechat.clone().unwrap_or_default(), other.wechat.clone().unwrap_or_default()),
        (Field::Nickname, kept.nickname.clone(), other.nickname.clone()),
        (Field::City, kept.city.clone(), other.city.clone()),
        (Field::Channel, kept.channel.clone(), other.channel.clone()),
    ]
    .into_iter()
    .filter(|(_, mine, theirs)| !mine.trim().is_empty() && !theirs.trim().is_empty() && mine.trim() != theirs.trim())
    .map(|(field, _, theirs)| format!("{} {}", field.label(lang), theirs.trim()))
    .collect();
    let mut filled = Vec::new();
    let mut text = |field: Field, mine: &mut String, theirs: &str| {
        if mine.trim().is_empty() && !theirs.trim().is_empty() {
            *mine = theirs.to_string();
            filled.push(field);
        }
    };
    text(Field::Nickname, &mut kept.nickname, &other.nickname);
    text(Field::City, &mut kept.city, &other.city);
    text(Field::Channel, &mut kept.channel, &other.channel);
    if kept.notes.trim().is_empty() || other.notes.trim().is_empty() || kept.notes.contains(other.notes.trim()) {
        text(Field::Notes, &mut kept.notes, &other.notes);
    } else {
        kept.notes = format!("{}\n{}", kept.notes.trim_end(), other.notes.trim());
        filled.push(Field::Notes);
    }
    fn option<T: Clone>(field: Field, mine: &mut Option<T>, theirs: &Option<T>, filled: &mut Vec<Field>) {
        if mine.is_none() && theirs.is_some() {
            *mine = theirs.clone();
            filled.push(field);
        }
    }
    option(Field::Phone, &mut kept.phone, &other.phone, &mut filled);
    option(Field::Wechat, &mut kept.wechat, &other.wechat, &mut filled);
    option(Field::Gender, &mut kept.gender, &other.gender, &mut filled);
    option(Field::Birthday, &mut kept.birthday, &other.birthday, &mut filled);
    if !differing.is_empty() {
        let line = match lang {
            Lang::Zh => format!("合并自另一条「{}」记录：{}", other.name, differing.join("；")),
            Lang::En => format!("Merged from another record of {}: {}", other.name, differing.join("; ")),
        };
        kept.notes = if kept.notes.trim().is_empty() { line } else { format!("{}\n{line}", kept.notes.trim_end()) };
        if !filled.contains(&Field::Notes) {
            filled.push(Field::Notes);
        }
    }
    for (k, v) in &other.custom_fields {
        if !kept.custom_fields.contains_key(k) {
            kept.custom_fields.insert(k.clone(), v.clone());
            if !filled.contains(&Field::CustomField) {
                filled.push(Field::CustomField);
            }
        }
    }
    for tag in &other.tags {
        if !kept.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            kept.tags.push(tag.clone());
            if !filled.contains(&Field::Tag) {
                filled.push(Field::Tag);
            }
        }
    }
    filled
}
