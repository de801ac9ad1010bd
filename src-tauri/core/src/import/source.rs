//! Reading a table from a file: CSV/TSV in UTF-8 (with or without BOM), UTF-16 or GBK/GB18030,
//! detected from the bytes; XLSX and XLS through calamine. CSV is streamed row by row.

use crate::error::{Error, Result};
use calamine::{Data, Reader};
use encoding_rs::Encoding;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// How many bytes are looked at to guess the encoding and the separator.
const SNIFF: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
    Xls,
}

pub struct Sniffed {
    pub kind: Kind,
    /// Encoding name for text files ("UTF-8", "GBK", "UTF-16LE"); "XLSX"/"XLS" otherwise.
    pub encoding: &'static str,
    enc: &'static Encoding,
    delimiter: u8,
}

fn bad(path: &Path, reason: &str) -> Error {
    Error::BadFile { path: path.display().to_string(), reason: reason.to_string() }
}

/// Looks at the first bytes of a file: spreadsheet or text, which encoding, which separator.
pub fn sniff(path: &Path) -> Result<Sniffed> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = vec![0u8; SNIFF];
    let mut n = 0;
    while n < SNIFF {
        let got = file.read(&mut head[n..]).map_err(|e| Error::io(path, e))?;
        if got == 0 {
            break;
        }
        n += got;
    }
    head.truncate(n);
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(bad(path, "empty"));
    }
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Sniffed { kind: Kind::Xlsx, encoding: "XLSX", enc: encoding_rs::UTF_8, delimiter: b',' });
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(Sniffed { kind: Kind::Xls, encoding: "XLS", enc: encoding_rs::UTF_8, delimiter: b',' });
    }
    let (enc, bom) = match Encoding::for_bom(&head) {
        Some((enc, len)) => (enc, len),
        None => {
            if head.contains(&0) {
                return Err(bad(path, "binary"));
            }
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(&head, n < SNIFF);
            let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
            // GB18030 decodes everything GBK and GB2312 do: use it for the whole family.
            let enc = if guess == encoding_rs::GBK { encoding_rs::GB18030 } else { guess };
            (enc, 0)
        }
    };
    let (text, _, _) = enc.decode(&head[bom..]);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d as char).count())
        .unwrap_or(b',');
    let encoding = match enc.name() {
        "gb18030" => "GBK",
        other => other,
    };
    Ok(Sniffed { kind: Kind::Csv, encoding, enc, delimiter })
}

/// A table: its header and a stream of data rows (each cells as text).
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Box<dyn Iterator<Item = Result<Vec<String>>>>,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
}

pub fn open(path: &Path, sniffed: &Sniffed, sheet: Option<&str>) -> Result<Table> {
    match sniffed.kind {
        Kind::Csv => open_csv(path, sniffed),
        Kind::Xlsx | Kind::Xls => open_sheet(path, sheet),
    }
}

fn open_csv(path: &Path, s: &Sniffed) -> Result<Table> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    file.seek(SeekFrom::Start(0)).map_err(|e| Error::io(path, e))?;
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(s.enc))
        .bom_override(true)
        .build(BufReader::with_capacity(256 * 1024, file));
    let reader = csv::ReaderBuilder::new()
        .delimiter(s.delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(decoded);
    let display = path.display().to_string();
    let mut records = reader.into_records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(|c| c.trim().to_string()).collect(),
        Some(Err(e)) => return Err(bad(path, &e.to_string())),
        None => return Err(bad(path, "empty")),
    };
    let rows = records.map(move |r| {
        // Line breaks inside a cell are \n, whichever way the file ended its lines.
        r.map(|rec| rec.iter().map(|c| if c.contains('\r') { c.replace("\r\n", "\n") } else { c.to_string() }).collect())
            .map_err(|e| Error::BadFile { path: display.clone(), reason: e.to_string() })
    });
    Ok(Table { headers: trim_trailing_empty(headers), rows: Box::new(rows), sheets: Vec::new(), sheet: None })
}

/// 腾讯问卷 ends every line with a comma: the empty last header is no column.
fn trim_trailing_empty(mut headers: Vec<String>) -> Vec<String> {
    while headers.last().is_some_and(|h| h.is_empty()) {
        headers.pop();
    }
    headers
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match super::values::excel_serial(dt.as_f64()) {
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn open_sheet(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| bad(path, &e.to_string()))?;
    let sheets = wb.sheet_names().to_vec();
    let (name, range) = match sheet {
        Some(s) if sheets.iter().any(|n| n == s) => {
            (s.to_string(), wb.worksheet_range(s).map_err(|e| bad(path, &e.to_string()))?)
        }
        Some(s) => return Err(bad(path, &format!("no sheet named {s}"))),
        // No choice made: the first sheet with a header and at least one row (a 说明 sheet
        // in front is common), else the first sheet.
        None => {
            let mut chosen = None;
            for n in &sheets {
                let r = wb.worksheet_range(n).map_err(|e| bad(path, &e.to_string()))?;
                if r.height() >= 2 {
                    chosen = Some((n.clone(), r));
                    break;
                }
                if chosen.is_none() {
                    chosen = Some((n.clone(), r));
                }
            }
            chosen.ok_or_else(|| bad(path, "empty"))?
        }
    };
    let mut rows = range.rows().map(|r| r.iter().map(cell_text).collect::<Vec<String>>());
    let headers = match rows.next() {
        Some(h) => trim_trailing_empty(h.into_iter().map(|c| c.trim().to_string()).collect()),
        None => return Err(bad(path, "empty")),
    };
    if headers.is_empty() {
        return Err(bad(path, "empty"));
    }
    let data: Vec<Vec<String>> = rows.collect();
    Ok(Table { headers, rows: Box::new(data.into_iter().map(Ok)), sheets, sheet: Some(name) })
}
