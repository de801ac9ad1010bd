//! Importing an order or sign-up sheet into a cohort, through the member import's reader (CSV in
//! GBK or UTF-8, XLSX). One transaction: people are matched (phone → WeChat ID → name) or
//! added, each person's rows fold into their one sign-up (a later 已退款 row is the refund of
//! the payment before it, not a second payment), referrers are found, sign-ups written and the
//! paid placed in the cohort. A dry run rolls back; a real run commits only when no row failed
//! or bad rows are skipped explicitly. The same sheet imported twice changes nothing.

mod writer;

use super::people::People;
use super::sheet::{self, OrderColumn, SheetRow};
use crate::cohorts;
use crate::error::{Error, FileProblem, Result};
use crate::import::{fitting_mapping, PreviewRow, RowError, RowStatus, ERRORS_LISTED, PREVIEW_ROWS};
use crate::store::Store;
use crate::Lang;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;
use writer::{Column, Writer};

/// Rows an order sheet may hold (a year of a large camp's orders is a few tens of thousands).
pub const MAX_ROWS: usize = 200_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct OrderImportOptions {
    pub cohort_id: i64,
    /// Spreadsheet sheet; none: the first.
    pub sheet: Option<String>,
    /// A column kind per column; none: guessed from the headers.
    pub mapping: Option<Vec<OrderColumn>>,
    pub skip_bad_rows: bool,
    pub dry_run: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrderImportReport {
    pub file: String,
    pub encoding: String,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<OrderColumn>,
    pub total_rows: usize,
    /// Sign-ups (one per person) new, changed, and already as the sheet says.
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Bad rows left out (only when skipping them).
    pub skipped: usize,
    /// People who were not members yet (buyers, and referrers named only by the sheet).
    pub members_created: usize,
    pub errors: Vec<RowError>,
    pub error_rows: usize,
    pub preview: Vec<PreviewRow>,
    pub committed: bool,
}

/// A row read, kept until it is written.
struct Read {
    line: usize,
    cells: Option<Vec<String>>,
    row: std::result::Result<SheetRow, sheet::RowProblem>,
}

/// A row's fate: its status and a note, or the column at fault and why.
type Fate = std::result::Result<(RowStatus, Option<String>), sheet::RowProblem>;

/// What one person's sign-up came to: its status, with the positions of the rows that renewed
/// a membership and of those that refunded a renewal; or why it failed.
type SignUp = std::result::Result<(RowStatus, Vec<usize>, Vec<usize>), sheet::RowProblem>;

/// Reads `path` and imports its sign-ups into the cohort by `opts`.
pub fn run(store: &Store, path: &Path, opts: &OrderImportOptions) -> Result<OrderImportReport> {
    let lang = store.lang();
    let cohort = cohorts::get(store, opts.cohort_id)?;
    let sniffed = qunzhu_sheets::sniff(path)?;
    let table = qunzhu_sheets::open(path, &sniffed, opts.sheet.as_deref())?;
    let (headers, mapping) = headers_and_mapping(path, &table.headers, opts)?;
    let read = read_rows(path, table.rows, &headers, &mapping, lang)?;
    let mut report = OrderImportReport {
        file: path.display().to_string(),
        encoding: sniffed.encoding.to_string(),
        sheet: table.sheet,
        sheets: table.sheets,
        headers: headers.clone(),
        mapping: mapping.clone(),
        total_rows: read.len(),
        created: 0,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        members_created: 0,
        errors: Vec::new(),
        error_rows: 0,
        preview: Vec::new(),
        committed: false,
    };
    let column = |kind: OrderColumn| mapping.iter().position(|c| *c == kind).and_then(|i| headers.get(i).cloned());

    let mut conn = store.conn();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut w = Writer { tx: &tx, lang, headers: &headers, mapping: &mapping, cohort_id: cohort.id, cohort_start: cohort.start_date.clone(), people: People::load(&tx)?, ts: crate::store::now(), members_created: 0, added: Default::default(), fresh_referrers: Vec::new() };
    let (mut fate, person_rows) = find_people(&mut w, &read, &column);
    for (member_id, rows) in &person_rows {
        let sheet_rows: Vec<&SheetRow> = rows.iter().filter_map(|i| read[*i].row.as_ref().ok()).collect();
        let outcome = write_sign_up(&mut w, *member_id, &sheet_rows, &column)?;
        settle(&mut report, &mut fate, &read, rows, outcome, lang);
    }
    report.members_created = w.members_created;
    drop(w);
    finish(&mut report, read, fate, opts.skip_bad_rows);
    if opts.dry_run || (report.error_rows > 0 && !opts.skip_bad_rows) {
        drop(tx);
        return Ok(report);
    }
    tx.commit()?;
    report.committed = true;
    Ok(report)
}

/// The sheet's headers (unescaped) and the column kinds they map to: the options' mapping when
/// it fits the sheet, else guessed from the headers.
fn headers_and_mapping(path: &Path, raw: &[String], opts: &OrderImportOptions) -> Result<(Vec<String>, Vec<OrderColumn>)> {
    let headers: Vec<String> = raw.iter().map(|h| qunzhu_sheets::unescape_formula(h).to_string()).collect();
    if headers.len() > crate::import::MAX_COLUMNS {
        return Err(Error::TooManyColumns { path: path.display().to_string(), found: headers.len(), max: crate::import::MAX_COLUMNS });
    }
    let mapping = match &opts.mapping {
        Some(m) => fitting_mapping(path, m, &headers)?,
        None => sheet::default_mapping(&headers),
    };
    Ok((headers, mapping))
}

/// The sheet's non-empty rows, read (line 1 is the header); the first rows keep their cells for
/// the preview. A sheet of only a header, or of more than `MAX_ROWS` rows, is an error.
fn read_rows(
    path: &Path,
    rows: Box<dyn Iterator<Item = qunzhu_sheets::Result<Vec<String>>> + Send>,
    headers: &[String],
    mapping: &[OrderColumn],
    lang: Lang,
) -> Result<Vec<Read>> {
    let mut read = Vec::new();
    for (line, cells) in (2..).zip(rows) {
        let cells = cells?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if read.len() == MAX_ROWS {
            return Err(Error::TooManyRows { path: path.display().to_string(), max: MAX_ROWS });
        }
        let row = sheet::read_row(&cells, headers, mapping, lang);
        read.push(Read { line, cells: (read.len() < PREVIEW_ROWS).then_some(cells), row });
    }
    if read.is_empty() {
        return Err(Error::bad_file(path, FileProblem::HeaderOnly));
    }
    Ok(read)
}

/// Each row's person, found or added: the rows' fates so far (by index into `read`), and the
/// people in the order of their first row, with their rows.
fn find_people(w: &mut Writer, read: &[Read], column: &Column) -> (Vec<Fate>, Vec<(i64, Vec<usize>)>) {
    let mut fate: Vec<Fate> = Vec::with_capacity(read.len());
    let mut person_rows: Vec<(i64, Vec<usize>)> = Vec::new();
    let mut person_at: FxHashMap<i64, usize> = FxHashMap::default();
    for (i, r) in read.iter().enumerate() {
        let outcome = match &r.row {
            Err(p) => Err(p.clone()),
            Ok(row) => w.person(row, column),
        };
        match outcome {
            Ok(id) => {
                let at = *person_at.entry(id).or_insert_with(|| {
                    person_rows.push((id, Vec::new()));
                    person_rows.len() - 1
                });
                person_rows[at].1.push(i);
                fate.push(Ok((RowStatus::New, None)));
            }
            Err(p) => fate.push(Err(p)),
        }
    }
    (fate, person_rows)
}

/// Writes one person's sign-up from their rows. A sign-up that fails takes back everything it
/// wrote, and the person if this import added them.
fn write_sign_up(w: &mut Writer, member_id: i64, rows: &[&SheetRow], column: &Column) -> Result<SignUp> {
    let tx = w.tx;
    tx.execute_batch("SAVEPOINT sign_up")?;
    w.fresh_referrers.clear();
    let outcome = w.sign_up(member_id, rows, column);
    if outcome.is_err() {
        tx.execute_batch("ROLLBACK TO sign_up")?;
        for r in std::mem::take(&mut w.fresh_referrers) {
            w.people.remove(r);
            w.members_created -= 1;
        }
        // Unless a sign-up written already names them as its referrer: then they stay a member.
        let referred: bool = tx
            .prepare_cached("SELECT 1 FROM live_orders WHERE referrer_id = ?1 UNION SELECT 1 FROM members WHERE referrer_id = ?1")?
            .exists([member_id])?;
        if !referred && w.added.remove(&member_id) {
            tx.execute("DELETE FROM members WHERE id = ?1", [member_id])?;
            w.people.remove(member_id);
            w.members_created -= 1;
        }
    }
    tx.execute_batch("RELEASE sign_up")?;
    Ok(outcome)
}

/// Counts a person's sign-up in the report and gives each of their rows (`rows`, indexes into
/// `read`) its fate and note.
fn settle(report: &mut OrderImportReport, fate: &mut [Fate], read: &[Read], rows: &[usize], outcome: SignUp, lang: Lang) {
    let first_line = read[rows[0]].line;
    match outcome {
        Ok((status, renewing, refunded)) => {
            match status {
                RowStatus::New => report.created += 1,
                RowStatus::Update => report.updated += 1,
                _ => report.unchanged += 1,
            }
            for (k, i) in rows.iter().enumerate() {
                let end = read[*i].row.as_ref().ok().and_then(|r| r.expires_on.clone()).unwrap_or_default();
                let msg = if refunded.contains(&k) {
                    Some(match lang {
                        Lang::Zh => "续费订单已退款：这次续费不算，到期日退回".to_string(),
                        Lang::En => "a renewal refunded: it does not count and the end moves back".to_string(),
                    })
                } else if renewing.contains(&k) {
                    Some(match lang {
                        Lang::Zh => format!("续费：会员到期日延至 {end}"),
                        Lang::En => format!("renewal: the membership now ends on {end}"),
                    })
                } else {
                    (k > 0).then(|| match lang {
                        Lang::Zh => format!("与第 {first_line} 行是同一人，合并为一条报名"),
                        Lang::En => format!("same person as row {first_line}: one sign-up"),
                    })
                };
                fate[*i] = Ok((status, msg));
            }
        }
        Err(p) => {
            // The sign-up fails as a whole: its first row carries the reason, the others point at it.
            for (k, i) in rows.iter().enumerate() {
                fate[*i] = Err(if k == 0 {
                    p.clone()
                } else {
                    (None, match lang {
                        Lang::Zh => format!("与第 {first_line} 行是同一人，见第 {first_line} 行"),
                        Lang::En => format!("same person as row {first_line}: see that row"),
                    })
                });
            }
        }
    }
}

/// The report's rows: bad rows counted (and listed, up to `ERRORS_LISTED`), the first rows
/// previewed with their status and note.
fn finish(report: &mut OrderImportReport, read: Vec<Read>, fate: Vec<Fate>, skip_bad_rows: bool) {
    for (r, f) in read.into_iter().zip(fate) {
        let (status, message) = match f {
            Ok((s, m)) => (s, m),
            Err((column, message)) => {
                report.error_rows += 1;
                if skip_bad_rows {
                    report.skipped += 1;
                }
                if report.errors.len() < ERRORS_LISTED {
                    report.errors.push(RowError { row: r.line, column, message: message.clone() });
                }
                (RowStatus::Error, Some(message))
            }
        };
        if let Some(cells) = r.cells {
            report.preview.push(PreviewRow { row: r.line, cells, status, message });
        }
    }
}

/// What an import would do, writing nothing: the preview.
pub fn preview(store: &Store, path: &Path, opts: &OrderImportOptions) -> Result<OrderImportReport> {
    run(store, path, &OrderImportOptions { dry_run: true, ..opts.clone() })
}
