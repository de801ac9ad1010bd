//! Importing members from the files operators have: CSV (UTF-8, GBK), XLSX/XLS, and the exports
//! of 问卷星, 腾讯问卷 and 金数据. One pass computes every row's fate (new, update, unchanged,
//! conflict, error) inside one transaction; a dry run (the preview) rolls it back, a real run
//! commits it only when no row failed or the operator chose to skip bad rows.

pub mod formats;
pub mod values;

use crate::cohorts::{self, MembershipInput};
use crate::error::{Error, FileProblem, Field, Result};
use crate::members::{self, MemberInput};
use crate::store::Store;
use crate::{settings, Lang};
pub use formats::{SourceFormat, Target};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use crate::jobs::Job;
use ts_rs::TS;

/// Rows shown in the preview.
pub const PREVIEW_ROWS: usize = 50;
/// Row errors listed in full; beyond this only counted.
pub const ERRORS_LISTED: usize = 1000;

/// What to do when a row matches a member who already exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MergePolicy {
    /// Keep the existing member as is.
    #[default]
    Skip,
    /// Overwrite with the file's non-empty values.
    Update,
    /// Only fill what the existing member lacks.
    FillBlanks,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportOptions {
    /// Spreadsheet sheet; none: the first.
    pub sheet: Option<String>,
    /// A target per column; none: remembered for this source format, else guessed.
    pub mapping: Option<Vec<Target>>,
    pub policy: MergePolicy,
    /// Put every imported member into this cohort...
    pub cohort_id: Option<i64>,
    /// ...and this group of it,
    pub group_id: Option<i64>,
    /// ...or into the group named after this column's value (its city, channel, age band), made if missing.
    pub group_by_column: Option<usize>,
    /// Tags added to every imported member.
    pub tags: Vec<String>,
    /// Write the good rows and report the bad ones as skipped; otherwise one bad row stops all.
    pub skip_bad_rows: bool,
    /// Work everything out, write nothing: the preview.
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    New,
    Update,
    /// Matches a member and the policy (or identical values) leaves them unchanged.
    Unchanged,
    /// Matches two different members (say the phone one, the WeChat ID another).
    Conflict,
    Error,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PreviewRow {
    /// Line in the file, the header being line 1 (as Excel numbers rows).
    pub row: usize,
    pub cells: Vec<String>,
    pub status: RowStatus,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RowError {
    pub row: usize,
    /// The column's header, when one column is at fault.
    pub column: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReport {
    pub file: String,
    pub format: SourceFormat,
    pub encoding: String,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<Target>,
    pub total_rows: usize,
    pub created: usize,
    pub updated: usize,
    /// Rows not written: unchanged or kept by the policy, and bad rows when skipping them.
    pub skipped: usize,
    pub conflicts: usize,
    pub errors: Vec<RowError>,
    /// Rows with an error (the list above stops at 1,000).
    pub error_rows: usize,
    pub preview: Vec<PreviewRow>,
    /// Whether anything was written.
    pub committed: bool,
}

fn mapping_key(format: SourceFormat) -> String {
    format!("import_mapping.{}", format.key())
}

/// The mapping for these headers: remembered per source format, else guessed.
/// A column mapping chosen for this file (by the user, in the preview) must still fit it.
pub(crate) fn fitting_mapping<T: Clone>(path: &Path, mapping: &[T], headers: &[String]) -> Result<Vec<T>> {
    if mapping.len() != headers.len() {
        return Err(Error::bad_file(path, FileProblem::MappingColumns { mapping: mapping.len(), file: headers.len() }));
    }
    Ok(mapping.to_vec())
}

fn mapping_for(store: &Store, format: SourceFormat, headers: &[String]) -> Result<Vec<Target>> {
    let mut mapping = formats::default_mapping(format, headers);
    if let Some(json) = settings::get(store, &mapping_key(format))? {
        let remembered: HashMap<String, Target> = serde_json::from_str(&json).unwrap_or_default();
        for (t, h) in mapping.iter_mut().zip(headers) {
            if let Some(r) = remembered.get(h) {
                *t = r.clone();
            }
        }
    }
    Ok(mapping)
}

fn remember(tx: &Transaction, format: SourceFormat, headers: &[String], mapping: &[Target]) -> Result<()> {
    let map: BTreeMap<&String, &Target> = headers.iter().zip(mapping).collect();
    let json = serde_json::to_string(&map).unwrap_or_default();
    settings::set_in(tx, &mapping_key(format), &json)
}

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
        let mut stmt = tx.prepare("SELECT id, phone, wechat, name, city FROM members WHERE deleted_at IS NULL")?;
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

fn split_tags(v: &str) -> Vec<String> {
    v.split(['、', ',', '，', ';', '；', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

/// A row turned into member input, or the first problem with it (column, message).
fn row_input(
    cells: &[String],
    headers: &[String],
    mapping: &[Target],
    lang: Lang,
) -> std::result::Result<MemberInput, (Option<String>, String)> {
    let mut m = MemberInput::default();
    for (i, target) in mapping.iter().enumerate() {
        let raw = qunzhu_sheets::unescape_formula(cells.get(i).map(|c| c.trim()).unwrap_or(""));
        if raw.is_empty() {
            continue;
        }
        let column = || headers.get(i).cloned();
        match target {
            Target::Ignore => {}
            Target::Name => m.name = raw.to_string(),
            Target::Nickname => m.nickname = raw.to_string(),
            Target::Phone => m.phone = values::phone(raw).map_err(|e| (column(), e.message(lang)))?,
            Target::Wechat => m.wechat = Some(raw.to_string()),
            Target::Gender => m.gender = values::gender(raw),
            Target::City => m.city = values::city(raw),
            Target::Channel => m.channel = raw.to_string(),
            Target::Birthday => m.birthday = values::birthday(raw).map_err(|e| (column(), e.message(lang)))?,
            Target::Notes => {
                if !m.notes.is_empty() {
                    m.notes.push('\n');
                }
                m.notes.push_str(raw)
            }
            Target::Tags => m.tags.extend(split_tags(raw)),
            Target::Custom(name) => {
                let v = m.custom_fields.entry(name.clone()).or_default();
                if !v.is_empty() {
                    v.push('；');
                }
                v.push_str(raw);
            }
        }
    }
    if m.name.trim().is_empty() {
        let col = mapping.iter().position(|t| *t == Target::Name).and_then(|i| headers.get(i).cloned());
        let msg = match (lang, col.is_some()) {
            (Lang::Zh, true) => "姓名为空".to_string(),
            (Lang::Zh, false) => "没有哪一列对应「姓名」：请在预览中指定姓名列".to_string(),
            (Lang::En, true) => "the name is empty".to_string(),
            (Lang::En, false) => "no column is mapped to the name: pick the name column in the preview".to_string(),
        };
        return Err((col, msg));
    }
    Ok(m)
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
            "SELECT id FROM groups WHERE cohort_id = ?1 AND deleted_at IS NULL AND (name = ?2 OR city = ?2 OR channel = ?2)
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
                "SELECT count(*) FROM groups WHERE cohort_id = ?1 AND deleted_at IS NULL AND city = ?2",
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

fn field_column(err: &Error, headers: &[String], mapping: &[Target]) -> Option<String> {
    let target = match err {
        Error::Empty { field } | Error::TooLong { field, .. } | Error::Invalid { field, .. } | Error::Duplicate { field, .. } => {
            match field {
                Field::Name => Target::Name,
                Field::Nickname => Target::Nickname,
                Field::Phone => Target::Phone,
                Field::Wechat => Target::Wechat,
                Field::City => Target::City,
                Field::Channel => Target::Channel,
                Field::Birthday => Target::Birthday,
                Field::Notes => Target::Notes,
                Field::Tag => Target::Tags,
                _ => return None,
            }
        }
        Error::LunarDate(_) => Target::Birthday,
        _ => return None,
    };
    mapping.iter().position(|t| *t == target).and_then(|i| headers.get(i).cloned())
}

/// A data row worked out as far as it can be without the database.
struct Parsed {
    /// Line in the file.
    line: usize,
    /// The cells, kept for the first rows (the preview).
    cells: Option<Vec<String>>,
    /// The group-by column's value.
    group_value: String,
    /// The member, or the column at fault and why.
    outcome: std::result::Result<Ready, (Option<String>, String)>,
}

struct Ready {
    prepared: members::Prepared,
    wechat_key: Option<String>,
}

/// Columns a member sheet may have.
pub const MAX_COLUMNS: usize = 500;

/// Rows handed from the reading thread to the writing one at a time.
const BATCH: usize = 512;

/// Turns one row of cells into a member: mapping, value parsing, the checks a member must pass,
/// search keys. No database: this runs on the reading thread.
fn parse_row(cells: &[String], headers: &[String], mapping: &[Target], extra_tags: &[String], lang: Lang) -> std::result::Result<Ready, (Option<String>, String)> {
    if let Some(extra) = cells.get(headers.len()..).filter(|x| x.iter().any(|c| !c.trim().is_empty())) {
        return Err((
            None,
            match lang {
                Lang::Zh => format!("这一行比表头多出 {} 列，可能有未加引号的逗号", extra.len()),
                Lang::En => format!("this row has {} more cells than the header: an unquoted comma?", extra.len()),
            },
        ));
    }
    let mut input = row_input(cells, headers, mapping, lang)?;
    input.tags.extend(extra_tags.iter().cloned());
    let prepared = members::Prepared::new(&input).map_err(|e| (field_column(&e, headers, mapping), e.message(lang)))?;
    let wechat_key = prepared.clean.wechat.as_ref().map(|w| w.to_lowercase());
    Ok(Ready { prepared, wechat_key })
}

/// Reads the table and sends its non-empty rows, parsed, in batches; stops when the receiver is gone.
fn read_rows(
    rows: Box<dyn Iterator<Item = qunzhu_sheets::Result<Vec<String>>> + Send>,
    headers: &[String],
    mapping: &[Target],
    opts: &ImportOptions,
    extra_tags: &[String],
    lang: Lang,
    tx: std::sync::mpsc::SyncSender<Result<Vec<Parsed>>>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut kept = 0;
    // Line 1 is the header.
    for (line, cells) in (2..).zip(rows) {
        let cells = match cells {
            Ok(c) => c,
            Err(e) => {
                let _ = tx.send(Err(e.into()));
                return;
            }
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let outcome = parse_row(&cells, headers, mapping, extra_tags, lang);
        let group_value = opts.group_by_column.and_then(|c| cells.get(c)).map(|v| v.trim().to_string()).unwrap_or_default();
        let cells = (kept < PREVIEW_ROWS).then_some(cells);
        kept += 1;
        batch.push(Parsed { line, cells, group_value, outcome });
        if batch.len() == BATCH && tx.send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))).is_err() {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(Ok(batch));
    }
}

/// Reads `path` and imports it by `opts`; the job hears the rows read every 1,000 rows, and a
/// cancel stops the import with nothing written.
///
/// Two threads: one reads, decodes and checks rows (CPU work); this one matches them against
/// the members (in order, so a later row sees an earlier one) and writes them.
pub fn run(
    store: &Store,
    path: &Path,
    opts: &ImportOptions,
    job: &Job<usize>,
) -> Result<ImportReport> {
    let lang = store.lang();
    let sniffed = qunzhu_sheets::sniff(path)?;
    let table = qunzhu_sheets::open(path, &sniffed, opts.sheet.as_deref())?;
    // Headers an export escaped against formulas (custom field names come from imported headers).
    let headers: Vec<String> = table.headers.iter().map(|h| qunzhu_sheets::unescape_formula(h).to_string()).collect();
    // A member list has a few dozen columns (a form tool's export, a hundred): ten thousand
    // would make every member carry thousands of custom fields.
    if headers.len() > MAX_COLUMNS {
        return Err(Error::TooManyColumns { path: path.display().to_string(), found: headers.len(), max: MAX_COLUMNS });
    }
    let format = formats::detect(&headers);
    let mapping = match &opts.mapping {
        Some(m) => fitting_mapping(path, m, &headers)?,
        None => mapping_for(store, format, &headers)?,
    };
    let mut report = ImportReport {
        file: path.display().to_string(),
        format,
        encoding: sniffed.encoding.to_string(),
        sheet: table.sheet,
        sheets: table.sheets,
        headers: headers.clone(),
        mapping: mapping.clone(),
        total_rows: 0,
        created: 0,
        updated: 0,
        skipped: 0,
        conflicts: 0,
        errors: Vec::new(),
        error_rows: 0,
        preview: Vec::new(),
        committed: false,
    };
    let mut extra_tags: Vec<String> = Vec::new();
    for t in &opts.tags {
        extra_tags.extend(split_tags(t));
    }

    let mut conn = store.conn();
    // Immediate: no other writer (qunzhu-cli on the same folder) slips in between loading the
    // members rows are matched against and writing the rows.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut w = Writer {
        tx: &tx,
        headers: &headers,
        mapping: &mapping,
        opts,
        lang,
        index: Index::load(&tx)?,
        group_cache: HashMap::new(),
        tag_ids: Default::default(),
        ts: crate::store::now(),
    };
    let rows = table.rows;
    std::thread::scope(|scope| -> Result<()> {
        let (send, recv) = std::sync::mpsc::sync_channel(8);
        let (h, m, o, t) = (&headers, &mapping, opts, &extra_tags);
        scope.spawn(move || read_rows(rows, h, m, o, t, lang, send));
        // Returning early drops `recv`: the reading thread's next send fails and it stops.
        for batch in recv {
            for parsed in batch? {
                report.total_rows += 1;
                if report.total_rows % 1000 == 0 && !job.go_on(report.total_rows) {
                    return Err(Error::Cancelled);
                }
                let line = parsed.line;
                let outcome = match parsed.outcome {
                    Ok(ready) => w.write(ready, &parsed.group_value, line),
                    Err((column, message)) => Err((RowStatus::Error, column, message)),
                };
                let (status, message) = match outcome {
                    Ok((status, message)) => {
                        match status {
                            RowStatus::New => report.created += 1,
                            RowStatus::Update => report.updated += 1,
                            _ => report.skipped += 1,
                        }
                        (status, message)
                    }
                    Err((status, column, message)) => {
                        if status == RowStatus::Conflict {
                            report.conflicts += 1;
                        }
                        report.error_rows += 1;
                        if opts.skip_bad_rows {
                            report.skipped += 1;
                        }
                        if report.errors.len() < ERRORS_LISTED {
                            report.errors.push(RowError { row: line, column, message: message.clone() });
                        }
                        (status, Some(message))
                    }
                };
                if let Some(cells) = parsed.cells {
                    report.preview.push(PreviewRow { row: line, cells, status, message });
                }
            }
        }
        Ok(())
    })?;
    drop(w);
    job.report(report.total_rows);
    if report.total_rows == 0 {
        return Err(Error::BadFile { path: path.display().to_string(), problem: FileProblem::HeaderOnly });
    }
    let ok = report.error_rows == 0 || opts.skip_bad_rows;
    if opts.dry_run || !ok {
        // Dropping the transaction rolls back everything this pass wrote.
        drop(tx);
        return Ok(report);
    }
    remember(&tx, format, &headers, &mapping)?;
    tx.commit()?;
    report.committed = true;
    Ok(report)
}

type RowOutcome = std::result::Result<(RowStatus, Option<String>), (RowStatus, Option<String>, String)>;

/// The writing side of an import: matches rows against the members and writes them.
struct Writer<'a> {
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

impl Writer<'_> {
    fn write(&mut self, ready: Ready, group_value: &str, line: usize) -> RowOutcome {
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
                        Error::Duplicate { field: Field::Phone, value: prepared.clean.phone.clone().unwrap_or_default(), owner: String::new() },
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

/// Reads `path` and reports what an import would do, writing nothing: the preview.
pub fn preview(store: &Store, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let opts = ImportOptions { dry_run: true, ..opts.clone() };
    run(store, path, &opts, &Job::quiet())
}
