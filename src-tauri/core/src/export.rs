//! Exporting the (filtered) members view to CSV (UTF-8 with BOM so Excel opens it, or GBK) and
//! XLSX, with Chinese headers. What an export writes, the import reads back unchanged.

use crate::error::{Error, FileProblem, Result};
use crate::import::formats::EXPORT_HEADERS;
use crate::members::{self, Calendar, Gender, MemberInput, MemberQuery};
use crate::store::Store;
use serde::{Deserialize, Serialize};
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

pub use qunzhu_sheets::{escape_formula, unescape_formula};

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
    let rows = people.iter().map(|m| row(m, &custom));
    match ext.as_str() {
        "csv" => qunzhu_sheets::write_csv(path, &headers, rows, encoding.into())?,
        "xlsx" => qunzhu_sheets::write_xlsx(path, &headers, rows, &MEMBERS_SHEET)?,
        _ => return Err(Error::bad_file(path, FileProblem::ExportType)),
    }
    Ok(ExportSummary { path: path.display().to_string(), rows: people.len() })
}

/// The members sheet: the name, nickname and the long columns (tags, notes, custom) wide.
const MEMBERS_SHEET: qunzhu_sheets::XlsxLayout = qunzhu_sheets::XlsxLayout {
    sheet: "成员",
    header_fill: "F9E3DC",
    width: &|c| if c == 1 || c >= 8 { 22.0 } else { 14.0 },
};

impl From<TextEncoding> for qunzhu_sheets::Encoding {
    fn from(e: TextEncoding) -> Self {
        match e {
            TextEncoding::Utf8 => qunzhu_sheets::Encoding::Utf8Bom,
            TextEncoding::Gbk => qunzhu_sheets::Encoding::Gb18030,
        }
    }
}
