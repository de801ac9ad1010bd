//! SOP templates: a cohort's routine as data. A template is a TOML file (bundled ones in
//! assets/sop, or the operator's own) with tasks anchored to the cohort's start (D-3, D0, D+n)
//! or end (E-1, E0, E+2), a time, a repetition, an owner role, a 话术 with placeholders and a
//! checklist. A template with a mistake is refused with the file, the line and the reason.

mod problems;
mod words;
mod write;

pub use words::*;
pub use write::{anchor_text, write};

use crate::error::{Error, Result, TemplateProblem};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Weeks of tasks generated for an ongoing group (no end date).
pub const ONGOING_WEEKS: i64 = 12;

/// The templates that ship with Qunzhu.
pub const BUNDLED: &[(&str, &str)] = &[
    ("default-21day.toml", include_str!("../../../../assets/sop/default-21day.toml")),
    ("membership-weekly.toml", include_str!("../../../../assets/sop/membership-weekly.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SopKind {
    /// A cohort with a start and an end.
    Cohort,
    /// A group that runs on (weekly rhythm, no end).
    Ongoing,
}

/// Day a task is anchored to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "from", content = "days", rename_all = "snake_case")]
pub enum Anchor {
    Start(i64),
    End(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "every", content = "weekday")]
pub enum Repeat {
    Once,
    /// Every day from the anchor to the cohort's end.
    Daily,
    /// Every week on this weekday (1 = Monday … 7 = Sunday), from the anchor on.
    Weekly(u32),
}

/// A task of a template. The visual editor sends it back to be written: a new task has an empty
/// key (its title becomes its identity) and needs no `anchor_text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SopTask {
    /// The task's identity across edits of the template: its `id`, else its title.
    #[serde(default)]
    pub key: String,
    pub title: String,
    pub anchor: Anchor,
    #[serde(default)]
    pub anchor_text: String,
    pub time: String,
    pub repeat: Repeat,
    pub role: String,
    pub message: String,
    pub checklist: Vec<String>,
    pub action: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Sop {
    pub key: String,
    pub name: String,
    pub kind: SopKind,
    /// The 结业标准 a cohort made from the template starts with (none: did not leave).
    pub completion: Option<crate::completion_rule::CompletionRule>,
    pub tasks: Vec<SopTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSop {
    key: toml::Spanned<String>,
    name: toml::Spanned<String>,
    #[serde(default = "default_kind")]
    kind: toml::Spanned<String>,
    #[serde(default)]
    completion: Option<toml::Spanned<RawCompletion>>,
    #[serde(default)]
    task: Vec<toml::Spanned<RawTask>>,
}

/// `[completion]`: checkins, homework, lectures, each at least N.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompletion {
    checkins: Option<u32>,
    homework: Option<u32>,
    lectures: Option<u32>,
}

fn default_kind() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, "cohort".into())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    /// Keeps a task's identity when its title is edited; defaults to the title.
    #[serde(default)]
    id: Option<toml::Spanned<String>>,
    title: toml::Spanned<String>,
    anchor: toml::Spanned<String>,
    time: toml::Spanned<String>,
    #[serde(default)]
    repeat: Option<toml::Spanned<String>>,
    role: toml::Spanned<String>,
    #[serde(default)]
    message: Option<toml::Spanned<String>>,
    #[serde(default)]
    checklist: Vec<String>,
    #[serde(default)]
    action: Option<String>,
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}

/// How far from the start or the end a task may be anchored, in days.
pub const MAX_ANCHOR_DAYS: i64 = 366;
/// Tasks a template may hold (the bundled 21-day camp has about 25).
pub const MAX_TASKS: usize = 500;
/// The size of a template's source.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// D-3, D0, D+5, E-1, E0, E+2.
pub fn parse_anchor(s: &str) -> Option<Anchor> {
    let s = s.trim();
    let (kind, rest) = s.split_at(s.char_indices().nth(1).map(|(i, _)| i).unwrap_or(s.len()));
    let days: i64 = match rest {
        "" => return None,
        "0" => 0,
        r if r.starts_with('+') || r.starts_with('-') => r.parse().ok()?,
        _ => return None,
    };
    // Within a year of the start or the end (D+99999999999999 would overflow the calendar).
    if days.unsigned_abs() > MAX_ANCHOR_DAYS as u64 {
        return None;
    }
    match kind {
        "D" | "d" => Some(Anchor::Start(days)),
        "E" | "e" => Some(Anchor::End(days)),
        _ => None,
    }
}

const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

fn parse_repeat(s: &str) -> Option<Repeat> {
    match s.trim() {
        "once" | "" => Some(Repeat::Once),
        "daily" => Some(Repeat::Daily),
        w => {
            let day = w.strip_prefix("weekly:")?.trim();
            let n = WEEKDAYS.iter().position(|d| *d == day).or_else(|| {
                ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().position(|d| day.eq_ignore_ascii_case(d))
            })?;
            Some(Repeat::Weekly(n as u32 + 1))
        }
    }
}

/// A template file's text, read no further than a template may be long (what is past that is
/// reported by `parse` as too big).
pub fn read_file(path: &std::path::Path) -> Result<String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_SOURCE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(Error::BadTemplate { file: path.display().to_string(), line: 1, problem: TemplateProblem::TooBig(bytes.len()) });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let line = e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            Err(Error::BrokenBytes { path: path.display().to_string(), line, encoding: "UTF-8" })
        }
    }
}

/// Reads a template; `file` names it in errors.
pub fn parse(file: &str, src: &str) -> Result<Sop> {
    let err = |offset: usize, problem: TemplateProblem| Error::BadTemplate { file: file.to_string(), line: line_of(src, offset), problem };
    // Bounded before parsing: a template is a few kilobytes, its tasks a few dozen.
    if src.len() > MAX_SOURCE_BYTES {
        return Err(err(0, TemplateProblem::TooBig(src.len())));
    }
    let declared = src.matches("[[task]]").count();
    if declared > MAX_TASKS {
        return Err(err(0, TemplateProblem::TooManyTasks(declared)));
    }
    let raw: RawSop = toml::from_str(src).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        err(at, TemplateProblem::Syntax(e.message().to_string()))
    })?;
    let kind = head(&raw, &err)?;
    let mut tasks: Vec<SopTask> = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for t in raw.task.iter() {
        let (task, at) = task(t.get_ref(), kind, &err)?;
        if !keys.insert(task.key.clone()) {
            return Err(err(at, TemplateProblem::DuplicateTask(task.key)));
        }
        tasks.push(task);
    }
    let completion = completion(raw.completion.as_ref(), &err)?;
    Ok(Sop { key: raw.key.get_ref().trim().to_string(), name: raw.name.get_ref().trim().to_string(), kind, completion, tasks })
}

/// A template's problem at a byte offset of its source.
type At<'a> = &'a dyn Fn(usize, TemplateProblem) -> Error;

/// The template's kind, after checking its key, name and number of tasks.
fn head(raw: &RawSop, err: At) -> Result<SopKind> {
    let kind = match raw.kind.get_ref().as_str() {
        "cohort" => SopKind::Cohort,
        "ongoing" => SopKind::Ongoing,
        other => return Err(err(raw.kind.span().start, TemplateProblem::UnknownKind(other.to_string()))),
    };
    if raw.key.get_ref().trim().is_empty() {
        return Err(err(raw.key.span().start, TemplateProblem::Empty("key")));
    }
    if raw.name.get_ref().trim().is_empty() {
        return Err(err(raw.name.span().start, TemplateProblem::Empty("name")));
    }
    if raw.task.is_empty() {
        return Err(err(0, TemplateProblem::NoTasks));
    }
    if raw.task.len() > MAX_TASKS {
        return Err(err(0, TemplateProblem::TooManyTasks(raw.task.len())));
    }
    Ok(kind)
}

/// One task, checked, with the offset of what identifies it (for a duplicate's error).
fn task(t: &RawTask, kind: SopKind, err: At) -> Result<(SopTask, usize)> {
    if t.title.get_ref().trim().is_empty() {
        return Err(err(t.title.span().start, TemplateProblem::Empty("title")));
    }
    let anchor = parse_anchor(t.anchor.get_ref()).ok_or_else(|| err(t.anchor.span().start, TemplateProblem::BadAnchor(t.anchor.get_ref().clone())))?;
    if kind == SopKind::Ongoing && matches!(anchor, Anchor::End(_)) {
        return Err(err(t.anchor.span().start, TemplateProblem::EndInOngoing(t.anchor.get_ref().clone())));
    }
    let time = NaiveTime::parse_from_str(t.time.get_ref().trim(), "%H:%M")
        .map_err(|_| err(t.time.span().start, TemplateProblem::BadTime(t.time.get_ref().clone())))?;
    let repeat = match &t.repeat {
        None => Repeat::Once,
        Some(r) => parse_repeat(r.get_ref()).ok_or_else(|| err(r.span().start, TemplateProblem::BadRepeat(r.get_ref().clone())))?,
    };
    if !ROLES.contains(&t.role.get_ref().trim()) {
        return Err(err(t.role.span().start, TemplateProblem::UnknownRole(t.role.get_ref().clone())));
    }
    let message = match &t.message {
        Some(m) => {
            if let Some(p) = unknown_placeholders(m.get_ref()).into_iter().next() {
                return Err(err(m.span().start, TemplateProblem::UnknownPlaceholder(p)));
            }
            m.get_ref().clone()
        }
        None => String::new(),
    };
    // A task's identity across edits of the template: its id, else its title. The calendar
    // keys each dated task on it, so reordering or inserting tasks keeps the tasks done.
    let (key, at) = match &t.id {
        Some(id) if !id.get_ref().trim().is_empty() => (id.get_ref().trim().to_string(), id.span().start),
        _ => (t.title.get_ref().trim().to_string(), t.title.span().start),
    };
    let task = SopTask {
        key,
        title: t.title.get_ref().trim().to_string(),
        anchor,
        anchor_text: t.anchor.get_ref().trim().to_string(),
        time: time.format("%H:%M").to_string(),
        repeat,
        role: t.role.get_ref().trim().to_string(),
        message,
        checklist: t.checklist.clone(),
        action: t.action.clone(),
    };
    Ok((task, at))
}

/// The template's 结业标准, if it sets one.
fn completion(c: Option<&toml::Spanned<RawCompletion>>, err: At) -> Result<Option<crate::completion_rule::CompletionRule>> {
    let Some(c) = c else { return Ok(None) };
    let r = c.get_ref();
    if [r.checkins, r.homework, r.lectures].into_iter().flatten().any(|n| n > crate::completion_rule::MAX_COUNT) {
        return Err(err(c.span().start, TemplateProblem::Syntax(format!("completion counts are at most {}", crate::completion_rule::MAX_COUNT))));
    }
    Ok(Some(crate::completion_rule::CompletionRule { checkins: r.checkins, homework: r.homework, lectures: r.lectures }))
}

/// A bundled template by key.
pub fn bundled(key: &str) -> Result<Sop> {
    for (file, src) in BUNDLED {
        let sop = parse(file, src)?;
        if sop.key == key {
            return Ok(sop);
        }
    }
    Err(Error::NotFound { entity: crate::Entity::Sop, id: key.to_string() })
}

pub fn bundled_all() -> Result<Vec<Sop>> {
    BUNDLED.iter().map(|(file, src)| parse(file, src)).collect()
}

fn bundled_source(key: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(file, src)| parse(file, src).is_ok_and(|s| s.key == key)).map(|(_, src)| *src)
}

/// A template as the template screen lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SopInfo {
    pub key: String,
    pub name: String,
    pub kind: SopKind,
    /// Ships with Qunzhu (read-only: save a copy to change it).
    pub builtin: bool,
    pub tasks: usize,
    /// Cohorts whose calendar comes from it.
    pub cohorts: i64,
}

/// A template by key: the operator's own, else a bundled one.
pub fn load(conn: &rusqlite::Connection, key: &str) -> Result<Sop> {
    let own: Option<String> = conn
        .query_row("SELECT source FROM sop_templates WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    match own {
        Some(src) => parse(&format!("{key}.toml"), &src),
        None => bundled(key),
    }
}

/// A template's TOML source, for the editor.
pub fn source(store: &crate::Store, key: &str) -> Result<String> {
    let own: Option<String> = store
        .conn()
        .query_row("SELECT source FROM sop_templates WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    own.or_else(|| bundled_source(key).map(String::from))
        .ok_or(Error::NotFound { entity: crate::Entity::Sop, id: key.to_string() })
}

/// Every template: bundled first, then the operator's own by key.
pub fn list(store: &crate::Store) -> Result<Vec<SopInfo>> {
    let conn = store.conn();
    let used = |key: &str| -> Result<i64> {
        Ok(conn.query_row("SELECT count(*) FROM live_cohorts WHERE sop_key = ?1", [key], |r| r.get(0))?)
    };
    let mut out = Vec::new();
    for s in bundled_all()? {
        out.push(SopInfo { cohorts: used(&s.key)?, key: s.key, name: s.name, kind: s.kind, builtin: true, tasks: s.tasks.len() });
    }
    let own: Vec<(String, String)> = {
        let mut stmt = conn.prepare_cached("SELECT key, source FROM sop_templates ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (key, src) in own {
        // A stored template always parsed when it was saved; a newer Qunzhu may read it differently.
        let (name, kind, tasks) = match parse(&format!("{key}.toml"), &src) {
            Ok(s) => (s.name, s.kind, s.tasks.len()),
            Err(_) => (key.clone(), SopKind::Cohort, 0),
        };
        out.push(SopInfo { cohorts: used(&key)?, key, name, kind, builtin: false, tasks });
    }
    Ok(out)
}

/// Saves one of the operator's templates (new, or replacing their own with the same key).
/// `previous`: the key it had when the editor opened it, so a renamed key replaces it. The text
/// must parse; a bundled key is refused at its line.
pub fn save(store: &crate::Store, source: &str, previous: Option<&str>) -> Result<Sop> {
    let sop = parse("template.toml", source)?;
    if bundled_source(&sop.key).is_some() {
        let file = format!("{}.toml", sop.key);
        let line = source.lines().position(|l| l.trim_start().starts_with("key")).map_or(1, |i| i + 1);
        return Err(Error::BadTemplate { file, line, problem: TemplateProblem::BundledKey(sop.key) });
    }
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    if let Some(prev) = previous.filter(|p| *p != sop.key) {
        tx.execute("DELETE FROM sop_templates WHERE key = ?1", [prev])?;
        tx.execute("UPDATE cohorts SET sop_key = ?2 WHERE sop_key = ?1", [prev, &sop.key])?;
    }
    tx.execute(
        "INSERT INTO sop_templates (key, source, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at",
        rusqlite::params![sop.key, source, crate::store::now()],
    )?;
    tx.commit()?;
    Ok(sop)
}

/// Deletes one of the operator's templates; cohorts using it keep their tasks (and no template).
pub fn delete(store: &crate::Store, key: &str) -> Result<()> {
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    if tx.execute("DELETE FROM sop_templates WHERE key = ?1", [key])? == 0 {
        return Err(Error::NotFound { entity: crate::Entity::Sop, id: key.to_string() });
    }
    tx.execute("UPDATE cohorts SET sop_key = NULL WHERE sop_key = ?1", [key])?;
    tx.commit()?;
    Ok(())
}

/// One dated task of a cohort, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The template task and which occurrence of it: stable across regenerations.
    pub occurrence: String,
    pub task_key: String,
    pub date: NaiveDate,
    /// Day of the cohort (1 = the start day); 0 or less before it.
    pub day_number: i64,
}

/// The dates a template's tasks fall on for a cohort from `start` to `end` (an ongoing group:
/// `end` is ignored and `ONGOING_WEEKS` weeks are planned).
pub fn plan(sop: &Sop, start: NaiveDate, end: NaiveDate) -> Vec<Planned> {
    let last = match sop.kind {
        SopKind::Cohort => end,
        SopKind::Ongoing => start + Duration::weeks(ONGOING_WEEKS) - Duration::days(1),
    };
    let mut out = Vec::new();
    for t in &sop.tasks {
        let first = match t.anchor {
            Anchor::Start(d) => start + Duration::days(d),
            Anchor::End(d) => end + Duration::days(d),
        };
        let dates: Vec<NaiveDate> = match t.repeat {
            Repeat::Once => vec![first],
            Repeat::Daily => first.iter_days().take_while(|d| *d <= last).collect(),
            Repeat::Weekly(wd) => first
                .iter_days()
                .take_while(|d| *d <= last)
                .filter(|d| d.weekday().number_from_monday() == wd)
                .collect(),
        };
        for (n, date) in dates.into_iter().enumerate() {
            out.push(Planned {
                occurrence: format!("{}#{}", t.key, n + 1),
                task_key: t.key.clone(),
                date,
                day_number: (date - start).num_days() + 1,
            });
        }
    }
    out.sort_by_key(|p| p.date);
    out
}
