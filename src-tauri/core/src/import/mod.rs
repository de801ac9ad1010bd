//! Importing members from the files operators have: CSV (UTF-8, GBK), XLSX/XLS, and the exports
//! of 问卷星, 腾讯问卷 and 金数据. One pass computes every row's fate (new, update, unchanged,
//! conflict, error) inside one transaction; a dry run (the preview) rolls it back, a real run
//! commits it only when no row failed or the operator chose to skip bad rows.

pub mod formats;
mod rows;
pub mod values;
mod writer;

use crate::error::{Error, FileProblem, Result};
use crate::store::Store;
use crate::settings;
pub use formats::{SourceFormat, Target};
use rows::{read_rows, split_tags};
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use crate::jobs::Job;
use ts_rs::TS;
use writer::{RowOutcome, Writer};

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

/// A column mapping chosen for this file (by the user, in the preview) must still fit it.
pub(crate) fn fitting_mapping<T: Clone>(path: &Path, mapping: &[T], headers: &[String]) -> Result<Vec<T>> {
    if mapping.len() != headers.len() {
        return Err(Error::bad_file(path, FileProblem::MappingColumns { mapping: mapping.len(), file: headers.len() }));
    }
    Ok(mapping.to_vec())
}

/// The mapping for these headers: remembered per source format, else guessed.
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

/// Columns a member sheet may have.
pub const MAX_COLUMNS: usize = 500;

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
    let (headers, format, mapping) = headers_and_mapping(store, path, &table.headers, opts)?;
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
    let mut w = Writer::new(&tx, &headers, &mapping, opts, lang)?;
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
                let outcome = match parsed.outcome {
                    Ok(ready) => w.write(ready, &parsed.group_value, parsed.line),
                    Err((column, message)) => Err((RowStatus::Error, column, message)),
                };
                count(&mut report, parsed.line, parsed.cells, outcome, opts.skip_bad_rows);
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

/// The sheet's headers (unescaped), the source format they show, and the targets they map to:
/// the options' mapping when it fits the sheet, else the remembered or guessed one.
fn headers_and_mapping(store: &Store, path: &Path, raw: &[String], opts: &ImportOptions) -> Result<(Vec<String>, SourceFormat, Vec<Target>)> {
    // Headers an export escaped against formulas (custom field names come from imported headers).
    let headers: Vec<String> = raw.iter().map(|h| qunzhu_sheets::unescape_formula(h).to_string()).collect();
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
    Ok((headers, format, mapping))
}

/// Counts one row's outcome in the report: written, left, or bad (listed up to
/// `ERRORS_LISTED`); the first rows go to the preview with their status and note.
fn count(report: &mut ImportReport, line: usize, cells: Option<Vec<String>>, outcome: RowOutcome, skip_bad_rows: bool) {
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
            if skip_bad_rows {
                report.skipped += 1;
            }
            if report.errors.len() < ERRORS_LISTED {
                report.errors.push(RowError { row: line, column, message: message.clone() });
            }
            (status, Some(message))
        }
    };
    if let Some(cells) = cells {
        report.preview.push(PreviewRow { row: line, cells, status, message });
    }
}

/// Reads `path` and reports what an import would do, writing nothing: the preview.
pub fn preview(store: &Store, path: &Path, opts: &ImportOptions) -> Result<ImportReport> {
    let opts = ImportOptions { dry_run: true, ..opts.clone() };
    run(store, path, &opts, &Job::quiet())
}
