//! The operator's findings of a cohort and the action items that become tasks of an SOP template.

use crate::cohorts;
use crate::error::{Entity, Error, Field, Result};
use crate::store::{now, Store};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The operator's judgement: what went well, problems and their causes, changes for next time.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct Notes {
    pub went_well: String,
    pub problems: String,
    pub changes: String,
    pub updated_at: Option<String>,
}

pub fn notes(store: &Store, cohort_id: i64) -> Result<Notes> {
    cohorts::get(store, cohort_id)?;
    Ok(store
        .conn()
        .query_row("SELECT went_well, problems, changes, updated_at FROM retro_notes WHERE cohort_id = ?1", [cohort_id], |r| {
            Ok(Notes { went_well: r.get(0)?, problems: r.get(1)?, changes: r.get(2)?, updated_at: r.get(3)? })
        })
        .optional()?
        .unwrap_or_default())
}

pub fn save_notes(store: &Store, cohort_id: i64, n: &Notes) -> Result<Notes> {
    cohorts::get(store, cohort_id)?;
    for text in [&n.went_well, &n.problems, &n.changes] {
        if text.chars().count() > 20_000 {
            return Err(Error::TooLong { field: Field::Notes, max: 20_000, len: text.chars().count() });
        }
    }
    store.conn().execute(
        "INSERT INTO retro_notes (cohort_id, went_well, problems, changes, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (cohort_id) DO UPDATE SET went_well = excluded.went_well, problems = excluded.problems, changes = excluded.changes, updated_at = excluded.updated_at",
        params![cohort_id, n.went_well.trim(), n.problems.trim(), n.changes.trim(), now()],
    )?;
    notes(store, cohort_id)
}

/// A change for next time, on its way to becoming a task of an SOP template.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Action {
    pub id: i64,
    pub cohort_id: i64,
    pub text: String,
    /// When in the next cohort: D-3, D0, D+7, E-1 …
    pub anchor: String,
    pub role: String,
    /// The template it became a task of.
    pub pushed_to: Option<String>,
}

const ACTION_COLUMNS: &str = "SELECT id, cohort_id, text, anchor, role, pushed_to FROM retro_actions";

fn action_row(r: &rusqlite::Row) -> rusqlite::Result<Action> {
    Ok(Action { id: r.get(0)?, cohort_id: r.get(1)?, text: r.get(2)?, anchor: r.get(3)?, role: r.get(4)?, pushed_to: r.get(5)? })
}

pub fn actions(store: &Store, cohort_id: i64) -> Result<Vec<Action>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(&format!("{ACTION_COLUMNS} WHERE cohort_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([cohort_id], action_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_action(store: &Store, cohort_id: i64, text: &str, anchor: &str, role: &str) -> Result<Action> {
    cohorts::get(store, cohort_id)?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Empty { field: Field::Title });
    }
    if text.chars().count() > 200 {
        return Err(Error::TooLong { field: Field::Title, max: 200, len: text.chars().count() });
    }
    let anchor = anchor.trim().to_uppercase();
    // Within a year of the start or the end: a cohort's calendar, not a typo's.
    let days = match crate::sop::parse_anchor(&anchor) {
        Some(crate::sop::Anchor::Start(d) | crate::sop::Anchor::End(d)) => d,
        None => i64::MAX,
    };
    if days.abs() > 366 {
        return Err(Error::Invalid { field: Field::Anchor, value: anchor });
    }
    if !crate::sop::ROLES.contains(&role) {
        return Err(Error::Invalid { field: Field::Role, value: role.to_string() });
    }
    let conn = store.conn();
    conn.execute(
        "INSERT INTO retro_actions (cohort_id, text, anchor, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![cohort_id, text, anchor, role, now()],
    )?;
    let id = conn.last_insert_rowid();
    drop(conn);
    action(store, id)
}

fn action(store: &Store, id: i64) -> Result<Action> {
    store
        .conn()
        .query_row(&format!("{ACTION_COLUMNS} WHERE id = ?1"), [id], action_row)
        .optional()?
        .ok_or(Error::NotFound { entity: Entity::RetroAction, id: id.to_string() })
}

pub fn delete_action(store: &Store, id: i64) -> Result<()> {
    if store.conn().execute("DELETE FROM retro_actions WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound { entity: Entity::RetroAction, id: id.to_string() });
    }
    Ok(())
}

/// Makes an action item a task of an SOP template, so the next cohort planned from it gets it
/// on its calendar. A bundled template is copied first (`<key>-improved`, named "… · 复盘改进");
/// the operator's own is extended in place. Returns the template's key.
pub fn push_action(store: &Store, action_id: i64, sop_key: &str) -> Result<String> {
    let a = action(store, action_id)?;
    let source = crate::sop::source(store, sop_key)?;
    let builtin = crate::sop::bundled_all()?.iter().any(|s| s.key == sop_key);
    let mut text = source.clone();
    let previous = if builtin {
        let key = format!("{sop_key}-improved");
        // Already copied once: add to the copy.
        match crate::sop::source(store, &key) {
            Ok(copy) => {
                text = copy;
                Some(key)
            }
            Err(_) => {
                let sop = crate::sop::parse(&format!("{sop_key}.toml"), &source)?;
                text = retitle(&source, &key, &format!("{} · 复盘改进", sop.name));
                None
            }
        }
    } else {
        Some(sop_key.to_string())
    };
    let toml_str = |s: &str| toml::Value::String(s.to_string()).to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let cohort = cohorts::get(store, a.cohort_id)?;
    text.push_str(&format!(
        "\n# 来自「{}」的复盘\n[[task]]\ntitle = {}\nanchor = {}\ntime = \"20:00\"\nrole = {}\nmessage = \"\"\n",
        cohort.name.replace('\n', " "),
        toml_str(&a.text),
        toml_str(&a.anchor),
        toml_str(&a.role)
    ));
    let sop = crate::sop::save(store, &text, previous.as_deref())?;
    store.conn().execute("UPDATE retro_actions SET pushed_to = ?2 WHERE id = ?1", params![action_id, sop.key])?;
    Ok(sop.key)
}

/// A template's source with a new key and name (the first `key =` and `name =` lines).
fn retitle(source: &str, key: &str, name: &str) -> String {
    let toml_str = |s: &str| toml::Value::String(s.to_string()).to_string();
    let (mut key_done, mut name_done) = (false, false);
    source
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if !key_done && t.starts_with("key") && t[3..].trim_start().starts_with('=') {
                key_done = true;
                format!("key = {}", toml_str(key))
            } else if !name_done && t.starts_with("name") && t[4..].trim_start().starts_with('=') {
                name_done = true;
                format!("name = {}", toml_str(name))
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
