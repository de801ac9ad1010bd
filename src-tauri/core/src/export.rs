//! Exporting the (filtered) members view to CSV (UTF-8 with BOM so Excel opens it, or GBK) and
//! XLSX, with Chinese headers. What an export writes, the import reads back unchanged.

use crate::error::{Error, Result};
use crate::import::formats::EXPORT_HEADERS;
use crate::members::{self, Calendar, Gender, MemberInput, MemberQuery};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    #[default]
    Utf8,
    /// GB18030, the superset of GBK that older Excel on Chinese Windows expects.
    Gbk,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportSummary {
    pub path: String,
    pub rows: usize,
}

/// A spreadsheet must not run what a member typed: a cell starting with = + - @ gets a leading '.
pub fn escape_formula(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// The inverse of [`escape_formula`], applied on import.
pub fn unescape_formula(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => v,
    }
}

pub fn birthday_text(m: &MemberInput) -> String {
    let Some(b) = &m.birthday else { return String::new() };
    match (b.calendar, b.year) {
        (Calendar::Solar, Some(y)) => format!("{y:04}-{:02}-{:02}", b.month, b.day),
        (Calendar::Solar, None) => format!("{}月{}日", b.month, b.day),
        (Calendar::Lunar, y) => format!(
            "农历{}{}{}月{}日",
            y.map(|y| format!("{y}年")).unwrap_or_default(),
            if b.leap_month { "闰" } else { "" },
            b.month,
            b.day
        ),
    }
}

fn row(m: &MemberInput, custom: &[String]) -> Vec<String> {
    let mut cells = vec![
        m.name.clone(),
        m.nickname.clone(),
        m.phone.clone().unwrap_or_default(),
        m.wechat.clone().unwrap_or_default(),
        match m.gender {
            Some(Gender::Male) => "男".into(),
            Some(Gender::Female) => "女".into(),
            None => String::new(),
        },
        m.city.clone(),
        m.channel.clone(),
        birthday_text(m),
        m.tags.join("、"),
        m.notes.clone(),
    ];
    cells.extend(custom.iter().map(|k| m.custom_fields.get(k).cloned().unwrap_or_default()));
    cells.into_iter().map(|c| escape_formula(&c)).collect()
}

/// Writes the members matching `query` to `path` (.csv or .xlsx).
pub fn export(store: &Store, query: &MemberQuery, path: &Path, encoding: TextEncoding) -> Result<ExportSummary> {
    let ids: Vec<i64> = members::list(store, query)?.into_iter().map(|r| r.id).collect();
    let people: Vec<MemberInput> = {
        let conn = store.conn();
        ids.iter().map(|id| members::load_input(&conn, *id)).collect::<Result<_>>()?
    };
    let mut custom: Vec<String> = Vec::new();
    for m in &people {
        for k in m.custom_fields.keys() {
            if !custom.contains(k) {
                custom.push(k.clone());
            }
        }
    }
    let mut headers: Vec<String> = EXPORT_HEADERS.iter().map(|(h, _)| h.to_string()).collect();
    // Custom field names come from imported headers: escaped like any cell.
    headers.extend(custom.iter().map(|h| escape_formula(h)));
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let bad = |reason: String| Error::BadFile { path: path.display().to_string(), reason };
    match ext.as_str() {
        "csv" => write_csv(path, &headers, people.iter().map(|m| row(m, &custom)), encoding)?,
        "xlsx" => write_xlsx(path, &headers, people.iter().map(|m| row(m, &custom))).map_err(|e| bad(e.to_string()))?,
        _ => return Err(bad("export to a .csv or .xlsx file".into())),
    }
    Ok(ExportSummary { path: path.display().to_string(), rows: people.len() })
}

fn write_csv(path: &Path, headers: &[String], rows: impl Iterator<Item = Vec<String>>, encoding: TextEncoding) -> Result<()> {
    let io = |e: std::io::Error| Error::io(path, e);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(headers).map_err(|e| io(e.into()))?;
    for r in rows {
        w.write_record(&r).map_err(|e| io(e.into()))?;
    }
    let utf8 = w.into_inner().map_err(|e| io(e.into_error()))?;
    let bytes = match encoding {
        TextEncoding::Utf8 => [b"\xEF\xBB\xBF".as_slice(), &utf8].concat(),
        TextEncoding::Gbk => encoding_rs::GB18030.encode(&String::from_utf8_lossy(&utf8)).0.into_owned(),
    };
    // Written beside the target first, so a failed export never leaves half a file behind.
    let tmp = path.with_extension("csv.partial");
    std::fs::File::create(&tmp).and_then(|mut f| f.write_all(&bytes)).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

fn write_xlsx(path: &Path, headers: &[String], rows: impl Iterator<Item = Vec<String>>) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("成员")?;
    let bold = Format::new().set_bold().set_background_color("F9E3DC");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
        ws.set_column_width(c as u16, if c == 1 || c >= 8 { 22 } else { 14 })?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, cells) in rows.enumerate() {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
    }
    wb.save(path)
}
