//! Writing a table: CSV (UTF-8 with a BOM so Excel opens it, or GB18030 for older Excel on
//! Chinese Windows) and XLSX. The cells arrive already escaped (see [`crate::escape_formula`]).

use crate::{Problem, Result, SheetError};
use std::io::Write;
use std::path::Path;

/// The text encoding of a written CSV.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf8Bom,
    /// GB18030, the superset of GBK.
    Gb18030,
}

/// Writes a CSV whole beside `path` first, then moves it into place: a failed export never
/// leaves half a file behind.
pub fn write_csv(path: &Path, headers: &[String], rows: impl Iterator<Item = Vec<String>>, encoding: Encoding) -> Result<()> {
    let io = |e: std::io::Error| SheetError::new(path, e);
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(headers).map_err(|e| io(e.into()))?;
    for r in rows {
        w.write_record(&r).map_err(|e| io(e.into()))?;
    }
    let utf8 = w.into_inner().map_err(|e| io(e.into_error()))?;
    let bytes = match encoding {
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), &utf8].concat(),
        Encoding::Gb18030 => encoding_rs::GB18030.encode(&String::from_utf8_lossy(&utf8)).0.into_owned(),
    };
    let tmp = path.with_extension("csv.partial");
    std::fs::File::create(&tmp).and_then(|mut f| f.write_all(&bytes)).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// How an XLSX looks: its sheet's name, the header's fill, and each column's width.
pub struct XlsxLayout<'a> {
    pub sheet: &'a str,
    /// RGB hex of the header row's background, e.g. "F9E3DC".
    pub header_fill: &'a str,
    pub width: &'a dyn Fn(usize) -> f64,
}

/// Writes one sheet: a bold, frozen header row and the rows as text (empty cells left empty).
pub fn write_xlsx(path: &Path, headers: &[String], rows: impl Iterator<Item = Vec<String>>, layout: &XlsxLayout) -> Result<()> {
    fill_xlsx(path, headers, rows, layout).map_err(|e| SheetError::new(path, Problem::Unreadable(e.to_string())))
}

fn fill_xlsx(path: &Path, headers: &[String], rows: impl Iterator<Item = Vec<String>>, layout: &XlsxLayout) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(layout.sheet)?;
    let bold = Format::new().set_bold().set_background_color(layout.header_fill);
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
        ws.set_column_width(c as u16, (layout.width)(c))?;
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
