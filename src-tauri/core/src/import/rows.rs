//! Reading a member sheet's rows: each row's cells mapped to a member, parsed and checked
//! (no database), on the reading thread, and handed in batches to the writing one.

use super::{ImportOptions, Target, PREVIEW_ROWS};
use super::values;
use crate::error::{Error, Field, Result};
use crate::members::{self, MemberInput};
use crate::Lang;

pub(super) fn split_tags(v: &str) -> Vec<String> {
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

pub(super) fn field_column(err: &Error, headers: &[String], mapping: &[Target]) -> Option<String> {
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
pub(super) struct Parsed {
    /// Line in the file.
    pub(super) line: usize,
    /// The cells, kept for the first rows (the preview).
    pub(super) cells: Option<Vec<String>>,
    /// The group-by column's value.
    pub(super) group_value: String,
    /// The member, or the column at fault and why.
    pub(super) outcome: std::result::Result<Ready, (Option<String>, String)>,
}

/// A row's member, ready to be matched and written: checked, with its search keys.
pub(super) struct Ready {
    pub(super) prepared: members::Prepared,
    pub(super) wechat_key: Option<String>,
}

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
pub(super) fn read_rows(
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
