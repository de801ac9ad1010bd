//! Reading a table from a file: CSV/TSV in UTF-8 (with or without BOM), UTF-16 or GBK/GB18030,
//! detected from the bytes; XLSX and XLS through calamine. CSV and XLSX are streamed row by row
//! (an XLSX sheet is read cell by cell on its own thread); XLS, at most 65,536 rows, is read whole.

use crate::{Problem, Result, SheetError};
use calamine::{Data, DataRef, Reader, Xlsx};
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

fn bad(path: &Path, problem: Problem) -> SheetError {
    SheetError::new(path, problem)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> SheetError + '_ {
    move |e| SheetError::new(path, e)
}

impl Sniffed {
    /// A text file's bytes as UTF-8: read as they are when they are UTF-8 (no decoding pass),
    /// else decoded, the BOM removed.
    pub fn decode<R: Read + Send + 'static>(&self, inner: R) -> Box<dyn Read + Send> {
        if self.enc == encoding_rs::UTF_8 {
            Box::new(inner)
        } else {
            Box::new(encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(self.enc)).bom_override(true).build(inner))
        }
    }
}

/// Looks at the first bytes of a file: spreadsheet or text, which encoding, which separator.
pub fn sniff(path: &Path) -> Result<Sniffed> {
    let mut file = File::open(path).map_err(io(path))?;
    let mut head = vec![0u8; SNIFF];
    let mut n = 0;
    while n < SNIFF {
        let got = file.read(&mut head[n..]).map_err(io(path))?;
        if got == 0 {
            break;
        }
        n += got;
    }
    head.truncate(n);
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(bad(path, Problem::Empty));
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
                return Err(bad(path, Problem::Binary));
            }
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(&head, n < SNIFF);
            // A UTF-8 file with a broken byte or two is still UTF-8 (read as GBK, every row
            // would fail); the reading then names the line with the broken byte.
            let guess = if damaged_utf8(&head) { encoding_rs::UTF_8 } else { det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow) };
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

/// Excel's longest cell, in characters.
const MAX_CELL_CHARS: usize = 32_767;
/// The longest line of a text table, in bytes (a 50 MB file on one line is no table).
const MAX_LINE_BYTES: usize = 8 << 20;

/// Fails the reading when a line runs past [`MAX_LINE_BYTES`], noting its number in `hit`, so
/// that one endless line is refused in bounded memory instead of being read whole.
struct LineLimit<R> {
    inner: R,
    since_newline: usize,
    line: u64,
    hit: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// UTF-16: a line break is the byte 0x0A at this parity of the offset (0 little-endian,
    /// 1 big-endian); a 0x0A elsewhere is half of a character such as 上 (U+4E0A).
    wide: Option<u64>,
    offset: u64,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        let start = self.offset;
        self.offset += n as u64;
        // Lines end at \n, or at \r alone (Excel for Mac's CSV); they are counted by \n.
        let breaks = memchr::memchr2_iter(b'\n', b'\r', chunk).filter(|&i| self.wide.is_none_or(|p| (start + i as u64) % 2 == p));
        let mut last = None;
        for i in breaks {
            if chunk[i] == b'\n' {
                self.line += 1;
            }
            last = Some(i);
        }
        match last {
            Some(last) => self.since_newline = n - last - 1,
            None => self.since_newline += n,
        }
        if self.since_newline > MAX_LINE_BYTES {
            self.hit.store(self.line, std::sync::atomic::Ordering::Relaxed);
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "line too long"));
        }
        Ok(n)
    }
}

/// Whether text is UTF-8 but for a few broken bytes: many well-formed multi-byte characters
/// against few bad bytes (GBK text read as UTF-8 is almost all bad sequences).
fn damaged_utf8(head: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = head;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                good += text.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                good += valid.iter().filter(|b| **b >= 0xC0).count();
                match e.error_len() {
                    // Cut off at the end of the window looked at: not a broken byte.
                    None => break,
                    Some(len) => {
                        bad += 1;
                        rest = &after[len..];
                    }
                }
            }
        }
    }
    bad > 0 && good >= 8 && good >= bad * 20
}

/// A table: its header and a stream of data rows (each cells as text).
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Box<dyn Iterator<Item = Result<Vec<String>>> + Send>,
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
}

pub fn open(path: &Path, sniffed: &Sniffed, sheet: Option<&str>) -> Result<Table> {
    match sniffed.kind {
        Kind::Csv => open_csv(path, sniffed),
        Kind::Xlsx if !has_extension(path, "ods") => open_xlsx(path, sheet),
        Kind::Xlsx | Kind::Xls => open_sheet(path, sheet),
    }
}

fn open_csv(path: &Path, s: &Sniffed) -> Result<Table> {
    let mut file = File::open(path).map_err(io(path))?;
    file.seek(SeekFrom::Start(0)).map_err(io(path))?;
    let too_long = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let wide = match s.enc.name() {
        "UTF-16LE" => Some(0),
        "UTF-16BE" => Some(1),
        _ => None,
    };
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(s.enc))
        .bom_override(true)
        .build(BufReader::with_capacity(256 * 1024, LineLimit { inner: file, since_newline: 0, line: 1, hit: too_long.clone(), wide, offset: 0 }));
    let reader = csv::ReaderBuilder::new()
        .delimiter(s.delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(decoded);
    let display = path.display().to_string();
    let encoding = s.encoding;
    // A byte the encoding cannot read decodes to U+FFFD: the file is refused naming its line,
    // never imported with the character silently replaced.
    let broken = move |rec: &csv::StringRecord| {
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() > MAX_COLUMNS as usize {
            return Some(SheetError { path: display.clone(), problem: Problem::TooManyColumns { found: rec.len(), max: MAX_COLUMNS as usize } });
        }
        if rec.iter().any(|c| c.len() > MAX_CELL_CHARS && c.chars().count() > MAX_CELL_CHARS) {
            return Some(SheetError { path: display.clone(), problem: Problem::TooLongCell { line } });
        }
        rec.iter().any(|c| c.contains('\u{FFFD}')).then(|| SheetError { path: display.clone(), problem: Problem::BrokenBytes { line, encoding } })
    };
    let display = path.display().to_string();
    let csv_error = move |e: csv::Error| match too_long.load(std::sync::atomic::Ordering::Relaxed) {
        0 => SheetError { path: display.clone(), problem: Problem::Unreadable(e.to_string()) },
        line => SheetError { path: display.clone(), problem: Problem::TooLongCell { line } },
    };
    let mut records = reader.into_records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => match broken(&r) {
            Some(e) => return Err(e),
            None => r.iter().map(|c| c.trim().to_string()).collect(),
        },
        Some(Err(e)) => return Err(csv_error(e)),
        None => return Err(bad(path, Problem::Empty)),
    };
    let rows = records.map(move |r| match r {
        Ok(rec) => match broken(&rec) {
            Some(e) => Err(e),
            // Line breaks inside a cell are \n, whichever way the file ended its lines.
            None => Ok(rec.iter().map(|c| if c.contains('\r') { c.replace("\r\n", "\n") } else { c.to_string() }).collect()),
        },
        Err(e) => Err(csv_error(e)),
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
        Data::DateTime(dt) => match crate::excel_serial(dt.as_f64()) {
            // A time of day when the cell has one (an order's 支付时间), else the date alone.
            Some(d) if dt.as_f64().fract() != 0.0 => {
                let secs = (dt.as_f64().fract() * 86_400.0).round() as u32;
                let t = chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0).unwrap_or_default();
                format!("{} {}", d.format("%Y-%m-%d"), t.format("%H:%M:%S"))
            }
            Some(d) => d.format("%Y-%m-%d").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn cell_ref_text(d: &DataRef) -> String {
    match d {
        DataRef::SharedString(s) => s.to_string(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Empty => String::new(),
        DataRef::Float(f) => cell_text(&Data::Float(*f)),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => cell_text(&Data::DateTime(*dt)),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

type SheetRows = std::sync::mpsc::SyncSender<Result<Vec<String>>>;

/// Whether a sheet has a cell with a value below its first row (a header and at least one row).
fn has_data_row(wb: &mut Xlsx<BufReader<File>>, sheet: &str) -> bool {
    // A damaged sheet can make the reader panic: then it has no rows to offer here, and the
    // reading proper reports the damage.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sheet_has_data_row(wb, sheet))).unwrap_or(false)
}

fn sheet_has_data_row(wb: &mut Xlsx<BufReader<File>>, sheet: &str) -> bool {
    let Ok(mut cells) = wb.worksheet_cells_reader(sheet) else { return false };
    let mut first = None;
    while let Ok(Some(cell)) = cells.next_cell() {
        if *cell.get_value() == DataRef::Empty {
            continue;
        }
        let row = cell.get_position().0;
        if row >= MAX_ROWS {
            return false;
        }
        match first {
            None => first = Some(row),
            Some(f) if row > f => return true,
            Some(_) => {}
        }
    }
    false
}

/// Excel's sheet size: rows and columns (XFD).
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// `A1` notation of a 0-based position.
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col as u64 + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// Sends a sheet's rows, from its first row with a cell on, each as wide as its cells reach;
/// rows with no cells between two rows are sent empty, so line numbers stay right.
fn stream_sheet(mut wb: Xlsx<BufReader<File>>, sheet: &str, display: &str, out: SheetRows) {
    let bad = |reason: String| SheetError { path: display.to_string(), problem: Problem::Unreadable(reason) };
    let mut cells = match wb.worksheet_cells_reader(sheet) {
        Ok(c) => c,
        Err(e) => {
            let _ = out.send(Err(bad(e.to_string())));
            return;
        }
    };
    let first_col = cells.dimensions().start.1;
    let mut current: Option<u32> = None;
    let mut row: Vec<String> = Vec::new();
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                let _ = out.send(Err(bad(e.to_string())));
                return;
            }
        };
        let (r, c) = cell.get_position();
        // Excel's own limits: a cell beyond them is a damaged or hostile file, and would have
        // the reader allocate a row of billions of cells or stream billions of empty rows.
        if r >= MAX_ROWS || c >= MAX_COLUMNS {
            let _ = out.send(Err(SheetError { path: display.to_string(), problem: Problem::BeyondLimits { cell: cell_name(r, c) } }));
            return;
        }
        let c = c.saturating_sub(first_col) as usize;
        match current {
            None => current = Some(r),
            Some(cur) if r > cur => {
                if out.send(Ok(std::mem::take(&mut row))).is_err() {
                    return;
                }
                for _ in cur + 1..r {
                    if out.send(Ok(Vec::new())).is_err() {
                        return;
                    }
                }
                current = Some(r);
            }
            Some(_) => {}
        }
        let text = cell_ref_text(cell.get_value());
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            let _ = out.send(Err(SheetError { path: display.to_string(), problem: Problem::TooLongCell { line: u64::from(r) + 1 } }));
            return;
        }
        if c >= row.len() {
            if text.is_empty() {
                continue;
            }
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    if current.is_some() {
        let _ = out.send(Ok(row));
    }
}

/// The most a part of a spreadsheet (a sheet, the shared strings) may inflate to, and all of
/// them together: a 1 MB file that unpacks to gigabytes is a zip bomb, refused before reading.
const MAX_PART_BYTES: u64 = 512 << 20;
const MAX_UNPACKED_BYTES: u64 = 1 << 30;

fn check_parts(path: &Path) -> Result<()> {
    let file = File::open(path).map_err(io(path))?;
    // Not a whole zip (cut short, damaged): said in the user's words, not the zip reader's.
    let damaged = |_| bad(path, Problem::Damaged);
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(damaged)?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(damaged)?;
        total = total.saturating_add(part.size());
        if part.size() > MAX_PART_BYTES || total > MAX_UNPACKED_BYTES {
            return Err(bad(path, Problem::ZipBomb { part: part.name().map(|n| n.to_string()).unwrap_or_default(), bytes: part.size().max(total) }));
        }
    }
    Ok(())
}

fn open_xlsx(path: &Path, sheet: Option<&str>) -> Result<Table> {
    check_parts(path)?;
    let mut wb: Xlsx<BufReader<File>> = calamine::open_workbook(path).map_err(|e: calamine::XlsxError| bad(path, Problem::Unreadable(e.to_string())))?;
    let sheets = wb.sheet_names().to_vec();
    let name = match sheet {
        Some(s) if sheets.iter().any(|n| n == s) => s.to_string(),
        Some(s) => return Err(bad(path, Problem::NoSheet(s.to_string()))),
        // No choice made: the first sheet with a header and at least one row (a 说明 sheet
        // in front is common), else the first sheet.
        None => {
            let first = sheets.first().cloned().ok_or_else(|| bad(path, Problem::Empty))?;
            sheets.iter().find(|n| has_data_row(&mut wb, n)).cloned().unwrap_or(first)
        }
    };
    let (send, recv) = std::sync::mpsc::sync_channel(4096);
    let (sheet_name, display) = (name.clone(), path.display().to_string());
    std::thread::Builder::new()
        .name("xlsx-reader".into())
        .spawn(move || {
            // A reader that ends abnormally must fail the import, never pass for the end of
            // the sheet (the rows read so far would be committed as if they were all).
            let last_word = send.clone();
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| stream_sheet(wb, &sheet_name, &display, send)));
            if read.is_err() {
                let _ = last_word.send(Err(SheetError { path: display.clone(), problem: Problem::Damaged }));
            }
        })
        .map_err(io(path))?;
    let mut rows = recv.into_iter();
    let headers = loop {
        match rows.next() {
            Some(Ok(h)) if h.iter().all(|c| c.trim().is_empty()) => continue,
            Some(Ok(h)) => break trim_trailing_empty(h.into_iter().map(|c| c.trim().to_string()).collect()),
            Some(Err(e)) => return Err(e),
            None => return Err(bad(path, Problem::Empty)),
        }
    };
    Ok(Table { headers, rows: Box::new(rows), sheets, sheet: Some(name) })
}

fn open_sheet(path: &Path, sheet: Option<&str>) -> Result<Table> {
    if has_extension(path, "ods") {
        check_parts(path)?;
    }
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| bad(path, Problem::Unreadable(e.to_string())))?;
    let sheets = wb.sheet_names().to_vec();
    let (name, range) = match sheet {
        Some(s) if sheets.iter().any(|n| n == s) => {
            (s.to_string(), wb.worksheet_range(s).map_err(|e| bad(path, Problem::Unreadable(e.to_string())))?)
        }
        Some(s) => return Err(bad(path, Problem::NoSheet(s.to_string()))),
        // No choice made: the first sheet with a header and at least one row (a 说明 sheet
        // in front is common), else the first sheet.
        None => {
            let mut chosen = None;
            for n in &sheets {
                let r = wb.worksheet_range(n).map_err(|e| bad(path, Problem::Unreadable(e.to_string())))?;
                if r.height() >= 2 {
                    chosen = Some((n.clone(), r));
                    break;
                }
                if chosen.is_none() {
                    chosen = Some((n.clone(), r));
                }
            }
            chosen.ok_or_else(|| bad(path, Problem::Empty))?
        }
    };
    let mut rows = range.rows().map(|r| r.iter().map(cell_text).collect::<Vec<String>>());
    let headers = match rows.next() {
        Some(h) => trim_trailing_empty(h.into_iter().map(|c| c.trim().to_string()).collect()),
        None => return Err(bad(path, Problem::Empty)),
    };
    if headers.is_empty() {
        return Err(bad(path, Problem::Empty));
    }
    let data: Vec<Vec<String>> = rows.collect();
    Ok(Table { headers, rows: Box::new(data.into_iter().map(Ok)), sheets, sheet: Some(name) })
}
