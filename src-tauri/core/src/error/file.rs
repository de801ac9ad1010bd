//! Why a file cannot be read (code `bad_file`), typed, and worded for the user; and how the
//! sheets and render crates' errors become the core's.

use super::Error;
use crate::i18n::Lang::{self, En, Zh};
use qunzhu_sheets::{Problem, SheetError};

#[derive(Debug)]
pub enum FileProblem {
    /// No header and no rows.
    Empty,
    /// Neither a text table nor a spreadsheet.
    Binary,
    /// A header but no rows.
    HeaderOnly,
    /// Not a photo a poster can hold.
    NotImage,
    /// A retrospective report saved under a name that is neither .pdf nor .md.
    ReportType,
    /// An export saved under a name that is neither .csv nor .xlsx.
    ExportType,
    /// A survey export with no score question.
    NoScores,
    /// Not a chat export of a format Qunzhu reads.
    NotChat,
    /// A line of a chat export that breaks its format.
    ChatLine { line: u64, what: String },
    /// A sheet named that the workbook does not have.
    NoSheet(String),
    /// A column asked for by its header that the file does not have.
    NoColumn(String),
    /// A saved column mapping that no longer fits the file.
    MappingColumns { mapping: usize, file: usize },
    /// A key file that holds no Qunzhu signing key.
    NotSigningKey,
    /// A fonts folder with no font in it.
    NoFonts,
    /// The reading thread ended before the file did.
    ReaderStopped,
    /// The words of the library that refused the file.
    Unreadable(String),
}

impl FileProblem {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FileProblem::Empty, Zh) => "文件是空的，没有表头和数据。".into(),
            (FileProblem::Empty, En) => "the file is empty, with no header and no rows.".into(),
            (FileProblem::Binary, Zh) => "这不是 CSV 文本表格，也不是 Excel 文件。群主可读取 CSV（UTF-8 或 GBK）、XLSX 和 XLS。".into(),
            (FileProblem::Binary, En) => "this is neither a CSV text table nor an Excel file. Qunzhu reads CSV (UTF-8 or GBK), XLSX and XLS.".into(),
            (FileProblem::HeaderOnly, Zh) => "只有表头，没有数据行。".into(),
            (FileProblem::HeaderOnly, En) => "it has a header but no rows.".into(),
            (FileProblem::NotImage, Zh) => "这不是可用的照片。请选 PNG、JPEG、GIF 或 WebP 图片。".into(),
            (FileProblem::NotImage, En) => "this is not a usable photo. Pick a PNG, JPEG, GIF or WebP image.".into(),
            (FileProblem::ReportType, Zh) => "复盘报告只能存成 .pdf 或 .md，请把文件名改成以 .pdf 或 .md 结尾。".into(),
            (FileProblem::ReportType, En) => "a retrospective report is saved as .pdf or .md: end the file name with .pdf or .md.".into(),
            (FileProblem::ExportType, Zh) => "只能导出为 .csv 或 .xlsx，请把文件名改成以 .csv 或 .xlsx 结尾。".into(),
            (FileProblem::ExportType, En) => "export to a .csv or .xlsx file: end the file name with .csv or .xlsx.".into(),
            (FileProblem::NoScores, Zh) => "没有找到评分题。满意度问卷应有 1–5 分或 0–10 分的题目（选项可以是数字或“非常满意…非常不满意”）。".into(),
            (FileProblem::NoScores, En) => "no score question found. A satisfaction survey needs questions scored 1-5 or 0-10 (numbers, or 非常满意 … 非常不满意).".into(),
            (FileProblem::NotChat, Zh) => "这不是群主能读的聊天记录。群主能读：留痕（WeChatMsg）导出的 CSV 和 TXT、PyWxDump 导出的 CSV、QQ 消息管理器导出的 TXT。".into(),
            (FileProblem::NotChat, En) => "this is not a chat export Qunzhu reads. It reads 留痕 (WeChatMsg) CSV and TXT, PyWxDump CSV, and QQ message manager TXT exports.".into(),
            (FileProblem::ChatLine { line, what }, Zh) => format!("第 {line} 行：{what}"),
            (FileProblem::ChatLine { line, what }, En) => format!("line {line}: {what}"),
            (FileProblem::NoSheet(name), Zh) => format!("没有名为“{name}”的工作表。"),
            (FileProblem::NoSheet(name), En) => format!("it has no sheet named “{name}”."),
            (FileProblem::NoColumn(header), Zh) => format!("没有表头为“{header}”的列。"),
            (FileProblem::NoColumn(header), En) => format!("it has no column headed “{header}”."),
            (FileProblem::MappingColumns { mapping, file }, Zh) => format!("列的对应有 {mapping} 列，文件有 {file} 列，请重新选择各列的含义。"),
            (FileProblem::MappingColumns { mapping, file }, En) => format!("the mapping has {mapping} columns, the file {file}: map the columns again."),
            (FileProblem::NotSigningKey, Zh) => "这不是群主的签名密钥文件。".into(),
            (FileProblem::NotSigningKey, En) => "this is not a Qunzhu signing key.".into(),
            (FileProblem::NoFonts, Zh) => "文件夹里没有可用的字体。".into(),
            (FileProblem::NoFonts, En) => "the folder holds no usable font.".into(),
            (FileProblem::ReaderStopped, Zh) => "读取意外中断，没有导入任何内容。".into(),
            (FileProblem::ReaderStopped, En) => "the reading stopped unexpectedly; nothing was imported.".into(),
            (FileProblem::Unreadable(words), _) => words.clone(),
        }
    }
}

impl Error {
    /// A file that cannot be read, and why.
    pub fn bad_file(path: &std::path::Path, problem: FileProblem) -> Self {
        Error::BadFile { path: path.display().to_string(), problem }
    }
}

impl From<SheetError> for Error {
    fn from(e: SheetError) -> Self {
        let path = e.path;
        let bad = |problem| Error::BadFile { path: path.clone(), problem };
        match e.problem {
            Problem::Empty => bad(FileProblem::Empty),
            Problem::Binary => bad(FileProblem::Binary),
            Problem::Unreadable(words) => bad(FileProblem::Unreadable(words)),
            Problem::NoSheet(name) => bad(FileProblem::NoSheet(name)),
            Problem::WriteType => bad(FileProblem::ExportType),
            Problem::BeyondLimits { cell } => Error::BeyondSheetLimits { path, cell },
            Problem::BrokenBytes { line, encoding } => Error::BrokenBytes { path, line, encoding },
            Problem::TooManyColumns { found, max } => Error::TooManyColumns { path, found, max },
            Problem::TooLongCell { line } => Error::TooLongCell { path, line },
            Problem::ZipBomb { part, bytes } => Error::ZipBomb { path, part, bytes },
            Problem::Damaged => Error::Damaged { path },
            Problem::Io(source) => Error::io(std::path::Path::new(&path), source),
        }
    }
}

impl From<qunzhu_render::Error> for Error {
    fn from(e: qunzhu_render::Error) -> Self {
        match e {
            qunzhu_render::Error::Failed(reason) => Error::Render { reason },
            qunzhu_render::Error::Cancelled => Error::Cancelled,
            qunzhu_render::Error::Io { path, source } => Error::io(&path, source),
            qunzhu_render::Error::NoFonts(dir) => Error::bad_file(&dir, FileProblem::NoFonts),
        }
    }
}
