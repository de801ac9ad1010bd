//! Files the user handed to Qunzhu: the answer to a file picker or a file dropped on the window.
//!
//! The window's commands read and write only these, so a page that went wrong (a template's
//! text, a pasted name) cannot make the app read `/etc/passwd` or write a shell's rc file. The
//! shell opens the pickers and records their answers here; each command asks before it touches
//! a path. A save keeps the extension of what it writes: a name typed without it gets it.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use ts_rs::TS;

/// What a file is chosen for: it sets the picker's title and the kinds of file it lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// A member list to import (问卷星, 小鹅通, Excel).
    MemberSheet,
    /// A member's or a guest's photo.
    Photo,
    /// A poster or certificate template (SVG).
    Template,
    /// A chat export (留痕, QQ).
    Chat,
    /// A survey export for the 复盘.
    Survey,
    /// An order or sign-up sheet (小鹅通, 有赞, a 问卷星 form).
    OrderSheet,
}

/// What a file is saved as: it sets the extension the file keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Save {
    MembersCsv,
    MembersXlsx,
    Ics,
}

impl Pick {
    /// The extensions the picker lists (lower case, no dot).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Pick::MemberSheet => &["csv", "tsv", "txt", "xlsx", "xls"],
            Pick::Photo => &["png", "jpg", "jpeg", "gif", "webp"],
            Pick::Template => &["svg"],
            Pick::Chat => &["txt", "csv"],
            Pick::Survey => &["csv", "xlsx", "xls"],
            Pick::OrderSheet => &["csv", "tsv", "txt", "xlsx", "xls"],
        }
    }

    /// The picker's title and the name of its filter.
    pub fn title(self, lang: Lang) -> (&'static str, &'static str) {
        match (self, lang) {
            (Pick::MemberSheet, Lang::Zh) => ("选择要导入的成员表", "表格 (CSV / Excel)"),
            (Pick::MemberSheet, Lang::En) => ("Choose the member sheet to import", "Sheets (CSV / Excel)"),
            (Pick::Photo, Lang::Zh) => ("选择照片", "图片"),
            (Pick::Photo, Lang::En) => ("Choose a photo", "Images"),
            (Pick::Template, Lang::Zh) => ("选择海报模板", "SVG 模板"),
            (Pick::Template, Lang::En) => ("Choose a poster template", "SVG templates"),
            (Pick::Chat, Lang::Zh) => ("选择聊天记录导出文件", "聊天记录 (TXT / CSV)"),
            (Pick::Chat, Lang::En) => ("Choose a chat export", "Chat exports (TXT / CSV)"),
            (Pick::Survey, Lang::Zh) => ("选择问卷导出文件", "问卷 (CSV / Excel)"),
            (Pick::Survey, Lang::En) => ("Choose a survey export", "Surveys (CSV / Excel)"),
            (Pick::OrderSheet, Lang::Zh) => ("选择要导入的订单或报名表", "表格 (CSV / Excel)"),
            (Pick::OrderSheet, Lang::En) => ("Choose the order or sign-up sheet to import", "Sheets (CSV / Excel)"),
        }
    }
}

impl Save {
    pub fn extension(self) -> &'static str {
        match self {
            Save::MembersCsv => "csv",
            Save::MembersXlsx => "xlsx",
            Save::Ics => "ics",
        }
    }

    /// The save dialog's title and the name of its filter.
    pub fn title(self, lang: Lang) -> (&'static str, &'static str) {
        match (self, lang) {
            (Save::MembersCsv, Lang::Zh) => ("导出成员 (CSV)", "CSV 表格"),
            (Save::MembersCsv, Lang::En) => ("Export members (CSV)", "CSV sheets"),
            (Save::MembersXlsx, Lang::Zh) => ("导出成员 (Excel)", "Excel 表格"),
            (Save::MembersXlsx, Lang::En) => ("Export members (Excel)", "Excel workbooks"),
            (Save::Ics, Lang::Zh) => ("导出日历", "日历 (iCalendar)"),
            (Save::Ics, Lang::En) => ("Export a calendar", "Calendars (iCalendar)"),
        }
    }

    /// The path a save dialog's answer is written to: the name as typed when it ends in the
    /// extension (any case), else with the extension added. A name that gained its extension
    /// and so names a file the dialog never asked to overwrite is refused.
    pub fn path_for(self, answer: PathBuf) -> Result<PathBuf> {
        let ext = self.extension();
        if answer.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext)) {
            return Ok(answer);
        }
        let mut name = answer.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".");
        name.push(ext);
        let path = answer.with_file_name(name);
        if path.exists() {
            return Err(Error::SaveExists { path: path.display().to_string() });
        }
        Ok(path)
    }
}

/// The files the user handed over in this run of the app.
#[derive(Debug, Default)]
pub struct Grants {
    read: Mutex<HashSet<PathBuf>>,
    write: Mutex<HashMap<PathBuf, Save>>,
}

impl Grants {
    /// A file the user chose to open, or dropped on the window.
    pub fn allow_read(&self, path: &Path) {
        self.read.lock().unwrap_or_else(|p| p.into_inner()).insert(path.to_path_buf());
    }

    /// A file the user chose to save as `kind` (its path already through `Save::path_for`).
    pub fn allow_write(&self, path: &Path, kind: Save) {
        self.write.lock().unwrap_or_else(|p| p.into_inner()).insert(path.to_path_buf(), kind);
    }

    /// Ok when the user handed this very path over; else `not_chosen`.
    pub fn readable(&self, path: &Path) -> Result<()> {
        if self.read.lock().unwrap_or_else(|p| p.into_inner()).contains(path) {
            Ok(())
        } else {
            Err(Error::NotChosen { path: path.display().to_string() })
        }
    }

    /// Ok when the user chose this path in a save dialog for one of `kinds` (an ICS path does
    /// not take a member export, nor the other way round); else `not_chosen`.
    pub fn writable(&self, path: &Path, kinds: &[Save]) -> Result<()> {
        match self.write.lock().unwrap_or_else(|p| p.into_inner()).get(path) {
            Some(k) if kinds.contains(k) => Ok(()),
            _ => Err(Error::NotChosen { path: path.display().to_string() }),
        }
    }
}
