//! Qunzhu's tables in and out, with no domain words and no store: reading CSV/TSV (UTF-8 with or
//! without BOM, UTF-16, GBK/GB18030, sniffed from the bytes), XLSX, XLS and ODS as a header and a
//! stream of text rows ([`read`]); writing CSV (UTF-8 with BOM, or GBK) and XLSX ([`write`]); and
//! the formula escaping that keeps a spreadsheet from running what a member typed.
//!
//! Every failure is a [`SheetError`]: the file and a typed [`Problem`]. The core turns it into
//! its own error, in the user's language.

pub mod read;
pub mod write;

pub use read::{open, sniff, Kind, Sniffed, Table};
pub use write::{write_csv, write_xlsx, Encoding, XlsxLayout};

/// What is wrong with a file, typed: the core words each for the user.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// No header and no rows (or only white space).
    #[error("empty")]
    Empty,
    /// Neither a text table nor a spreadsheet.
    #[error("binary")]
    Binary,
    /// The reader of the format refused it; its own words.
    #[error("{0}")]
    Unreadable(String),
    /// A sheet asked for by name that the workbook does not have.
    #[error("no sheet named {0}")]
    NoSheet(String),
    /// A cell beyond Excel's 1,048,576 rows × 16,384 columns.
    #[error("cell {cell} beyond Excel's limits")]
    BeyondLimits { cell: String },
    /// A byte the file's encoding cannot read, on a line of a text table.
    #[error("line {line}: a byte {encoding} cannot read")]
    BrokenBytes { line: u64, encoding: &'static str },
    /// More columns than a sheet may have.
    #[error("{found} columns, at most {max}")]
    TooManyColumns { found: usize, max: usize },
    /// A cell longer than Excel's 32,767 characters, or a line longer than a table's may be.
    #[error("line {line}: a cell or line too long")]
    TooLongCell { line: u64 },
    /// Parts that inflate past what a sheet may be: a zip bomb.
    #[error("{part} inflates to {bytes} bytes")]
    ZipBomb { part: String, bytes: u64 },
    /// The reader stopped before the end of the file.
    #[error("damaged")]
    Damaged,
    /// Written only as .csv or .xlsx.
    #[error("not a .csv or .xlsx name")]
    WriteType,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A file and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct SheetError {
    pub path: String,
    pub problem: Problem,
}

impl SheetError {
    pub fn new(path: &std::path::Path, problem: impl Into<Problem>) -> Self {
        SheetError { path: path.display().to_string(), problem: problem.into() }
    }
}

pub type Result<T> = std::result::Result<T, SheetError>;

/// Cells a spreadsheet would run as a formula start with one of these.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A spreadsheet must not run what a member typed: a cell starting with = + - @ gets a leading '.
pub fn escape_formula(v: &str) -> String {
    if v.starts_with(FORMULA_START) {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// The inverse of [`escape_formula`], applied on import.
pub fn unescape_formula(v: &str) -> &str {
    match v.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => v,
    }
}

/// Excel's serial day number (1900 date system) to a date.
pub fn excel_serial(n: f64) -> Option<chrono::NaiveDate> {
    if !(1.0..2_958_466.0).contains(&n) {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(n.trunc() as i64))
}
