//! Reading group-chat exports, streamed one message at a time: 留痕 (WeChatMsg) CSV in its old and
//! new headers and its TXT, PyWxDump's CSV, and QQ 消息管理器's TXT. The format is recognised from
//! the file's first line; the encoding from its BOM or its bytes (UTF-8 or GBK).

use crate::error::{Error, FileProblem, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChatFormat {
    /// 留痕 CSV: `localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender`.
    LiuhenCsv,
    /// 留痕 CSV, newer: `消息ID,类型,发送人,时间,内容,备注,昵称,更多信息`.
    LiuhenCsvNew,
    /// 留痕 TXT: `YYYY-MM-DD HH:MM:SS name`, content lines, a blank line.
    LiuhenTxt,
    /// PyWxDump CSV: `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime`.
    PyWxDump,
    /// QQ 消息管理器 TXT.
    QqTxt,
}

impl ChatFormat {
    pub fn label(self) -> &'static str {
        match self {
            ChatFormat::LiuhenCsv => "留痕 CSV",
            ChatFormat::LiuhenCsvNew => "留痕 CSV（新版）",
            ChatFormat::LiuhenTxt => "留痕 TXT",
            ChatFormat::PyWxDump => "PyWxDump CSV",
            ChatFormat::QqTxt => "QQ 消息管理器 TXT",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MsgKind {
    Text,
    Image,
    Voice,
    Video,
    Sticker,
    /// A link, a file, an app message or a quoted reply.
    Link,
    System,
    Other,
}

impl MsgKind {
    pub fn key(self) -> &'static str {
        match self {
            MsgKind::Text => "text",
            MsgKind::Image => "image",
            MsgKind::Voice => "voice",
            MsgKind::Video => "video",
            MsgKind::Sticker => "sticker",
            MsgKind::Link => "link",
            MsgKind::System => "system",
            MsgKind::Other => "other",
        }
    }

    const ALL: [MsgKind; 8] =
        [MsgKind::Text, MsgKind::Image, MsgKind::Voice, MsgKind::Video, MsgKind::Sticker, MsgKind::Link, MsgKind::System, MsgKind::Other];

    /// A byte for storage.
    pub fn code(self) -> u8 {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(7) as u8
    }

    pub fn from_code(code: u8) -> MsgKind {
        Self::ALL.get(usize::from(code)).copied().unwrap_or(MsgKind::Other)
    }

    /// WeChat's numeric message types.
    fn from_wechat(t: &str) -> MsgKind {
        match t.trim() {
            "1" => MsgKind::Text,
            "3" => MsgKind::Image,
            "34" => MsgKind::Voice,
            "43" => MsgKind::Video,
            "47" => MsgKind::Sticker,
            "49" => MsgKind::Link,
            "10000" | "10002" => MsgKind::System,
            _ => MsgKind::Other,
        }
    }

    /// The Chinese type names 留痕 and PyWxDump write.
    fn from_name(t: &str) -> MsgKind {
        let t = t.trim();
        if t == "文本" || t == "text" {
            MsgKind::Text
        } else if t.contains("图片") {
            MsgKind::Image
        } else if t.contains("语音") {
            MsgKind::Voice
        } else if t.contains("视频") && !t.contains("通话") {
            MsgKind::Video
        } else if t.contains("表情") {
            MsgKind::Sticker
        } else if t.contains("系统") || t.contains("撤回") || t.contains("拍一拍") {
            MsgKind::System
        } else if ["链接", "文件", "引用", "卡片", "转发", "小程序", "分享", "音乐"].iter().any(|k| t.contains(k)) {
            MsgKind::Link
        } else {
            MsgKind::Other
        }
    }
}

/// One message as read from the file; its text borrows from the reader's buffer where it can
/// (`into_owned` to keep it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    pub at: NaiveDateTime,
    /// The sender's stable id when the export has one: a wxid, a QQ number or e-mail.
    pub sender_key: Option<Cow<'a, str>>,
    /// The name shown (the remark the owner gave, else the nickname, else the id).
    pub sender_name: Cow<'a, str>,
    pub kind: MsgKind,
    pub text: Cow<'a, str>,
    /// Sent by the exporting account (the owner).
    pub from_self: bool,
}

impl Message<'_> {
    pub fn into_owned(self) -> Message<'static> {
        Message {
            at: self.at,
            sender_key: self.sender_key.map(|k| Cow::Owned(k.into_owned())),
            sender_name: Cow::Owned(self.sender_name.into_owned()),
            kind: self.kind,
            text: Cow::Owned(self.text.into_owned()),
            from_self: self.from_self,
        }
    }
}

fn not_chat(path: &Path) -> Error {
    Error::bad_file(path, FileProblem::NotChat)
}

fn bad_at(path: &Path, line: u64, what: &str) -> Error {
    Error::bad_file(path, FileProblem::ChatLine { line, what: what.to_string() })
}

/// Recognises a chat export from its first non-empty line.
pub fn detect_line(first: &str) -> Option<ChatFormat> {
    let l = first.trim_start_matches('\u{feff}').trim();
    if l.starts_with("localId,TalkerId,Type") {
        Some(ChatFormat::LiuhenCsv)
    } else if l.starts_with("消息ID,类型,发送人") {
        Some(ChatFormat::LiuhenCsvNew)
    } else if l.starts_with("id,MsgSvrID,type_name") {
        Some(ChatFormat::PyWxDump)
    } else if l.starts_with("消息记录（此消息记录为文本格式") || l.starts_with("消息记录(此消息记录为文本格式") {
        Some(ChatFormat::QqTxt)
    } else if header_line(l).is_some() {
        Some(ChatFormat::LiuhenTxt)
    } else {
        None
    }
}

/// Opens a chat export: its format and a text reader (BOM removed, GBK decoded; UTF-8 is read as
/// it is, without a decoding pass).
fn open(path: &Path, read_bytes: Arc<AtomicU64>) -> Result<(ChatFormat, Box<dyn Read + Send>)> {
    let sniffed = qunzhu_sheets::sniff(path)?;
    let file = Counted { inner: std::fs::File::open(path).map_err(|e| Error::io(path, e))?, read_bytes };
    let mut reader = BufReader::with_capacity(BUFFER, sniffed.decode(file));
    // Peek at the first non-empty line without losing it: read it, then chain it back.
    let mut first = Vec::new();
    loop {
        first.clear();
        if reader.read_until(b'\n', &mut first).map_err(|e| Error::io(path, e))? == 0 {
            return Err(Error::bad_file(path, FileProblem::Empty));
        }
        if first.starts_with("\u{feff}".as_bytes()) {
            first.drain(..3);
        }
        if !first.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    let format = detect_line(&String::from_utf8_lossy(&first)).ok_or_else(|| not_chat(path))?;
    // The readers that follow buffer it (reads as big as this buffer go past it, not through it).
    Ok((format, Box::new(std::io::Cursor::new(first).chain(reader))))
}

/// A file that counts the bytes read from it (before any decoding): for progress.
struct Counted {
    inner: std::fs::File,
    read_bytes: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read_bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// How much of the file is read at a time.
const BUFFER: usize = 256 * 1024;

/// Reads every message of a chat export, in file order, handing each to `each` (returning false
/// stops the reading: a cancel). Returns the format.
pub fn read(path: &Path, each: impl FnMut(Message<'_>) -> Result<bool>) -> Result<ChatFormat> {
    read_counting(path, Arc::default(), each)
}

/// `read`, adding the bytes read from the file to `read_bytes` as it goes (for progress).
pub fn read_counting(path: &Path, read_bytes: Arc<AtomicU64>, mut each: impl FnMut(Message<'_>) -> Result<bool>) -> Result<ChatFormat> {
    let (format, reader) = open(path, read_bytes)?;
    match format {
        ChatFormat::LiuhenCsv | ChatFormat::LiuhenCsvNew | ChatFormat::PyWxDump => read_csv(path, format, reader, &mut each)?,
        ChatFormat::LiuhenTxt => read_txt(path, reader, &mut each, false)?,
        ChatFormat::QqTxt => read_txt(path, reader, &mut each, true)?,
    }
    Ok(format)
}

/// `YYYY-MM-DD HH:MM:SS`, the common case, without a format parser.
fn fast_time(s: &[u8]) -> Option<NaiveDateTime> {
    if s.len() != 19 || s[4] != b'-' || s[7] != b'-' || s[10] != b' ' || s[13] != b':' || s[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        s[from..to].iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
    };
    NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?.and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)
}

fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Some(t) = fast_time(s.as_bytes()) {
        return Some(t);
    }
    if let Ok(secs) = s.parse::<i64>() {
        // Unix seconds, shown in the computer's local time as the exporters do.
        let utc = DateTime::from_timestamp(secs, 0)?;
        return Some(utc.with_timezone(&chrono::Local).naive_local());
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    None
}

fn read_csv(path: &Path, format: ChatFormat, reader: Box<dyn Read + Send>, each: &mut dyn FnMut(Message<'_>) -> Result<bool>) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).has_headers(true).buffer_capacity(BUFFER).from_reader(reader);
    let headers: Vec<String> = csv
        .byte_headers()
        .map_err(|e| bad_at(path, 1, &e.to_string()))?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    // The columns each format reads, looked up once.
    let names: &[&str] = match format {
        ChatFormat::LiuhenCsv => &["StrTime", "CreateTime", "IsSender", "Sender", "Remark", "NickName", "Type", "StrContent"],
        ChatFormat::LiuhenCsvNew => &["时间", "发送人", "备注", "昵称", "类型", "内容"],
        _ => &["CreateTime", "talker", "is_sender", "type_name", "msg"],
    };
    let cols: Vec<Option<usize>> = names.iter().map(|n| col(n)).collect();
    let mut record = csv::ByteRecord::new();
    loop {
        let more = csv.read_byte_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            bad_at(path, line, &e.to_string())
        })?;
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        // The record checked as UTF-8 at once (fields are cut from it where they start and end
        // on whole characters).
        let whole = simdutf8::basic::from_utf8(record.as_slice()).ok();
        let get = |i: usize| -> Cow<'_, str> {
            let Some(c) = cols[i] else { return Cow::Borrowed("") };
            if let Some(s) = whole.zip(record.range(c)).and_then(|(w, r)| w.get(r)) {
                return Cow::Borrowed(s.trim());
            }
            match record.get(c) {
                // A broken byte reads as U+FFFD rather than stopping the import.
                Some(b) => Cow::Owned(String::from_utf8_lossy(b).trim().to_string()),
                None => Cow::Borrowed(""),
            }
        };
        let msg = match format {
            ChatFormat::LiuhenCsv => {
                // StrTime is the clock the group saw; CreateTime (unix seconds) only when it is missing.
                let at = parse_time(&get(0)).or_else(|| parse_time(&get(1))).ok_or_else(|| bad_at(path, line, "时间读不出来"))?;
                let from_self = get(2) == "1";
                let sender = get(3);
                let key = Some(sender.clone()).filter(|s| !s.is_empty());
                let name = [get(4), get(5), sender].into_iter().find(|s| !s.is_empty()).unwrap_or_default();
                Message { at, sender_key: key, sender_name: name, kind: MsgKind::from_wechat(&get(6)), text: get(7), from_self }
            }
            ChatFormat::LiuhenCsvNew => {
                let at = parse_time(&get(0)).ok_or_else(|| bad_at(path, line, "时间读不出来"))?;
                let sender = get(1);
                let from_self = sender == "我";
                let key = Some(sender.clone()).filter(|s| !s.is_empty() && s.is_ascii());
                let name = [get(2), get(3), sender].into_iter().find(|s| !s.is_empty()).unwrap_or_default();
                Message { at, sender_key: key, sender_name: name, kind: MsgKind::from_name(&get(4)), text: get(5), from_self }
            }
            _ => {
                let at = parse_time(&get(0)).ok_or_else(|| bad_at(path, line, "时间读不出来"))?;
                let talker = get(1);
                let from_self = get(2) == "1" || talker == "我";
                let key = Some(talker.clone()).filter(|s| !s.is_empty() && *s != "我");
                Message { at, sender_key: key, sender_name: talker, kind: MsgKind::from_name(&get(3)), text: get(4), from_self }
            }
        };
        if !each(msg)? {
            break;
        }
    }
    Ok(())
}

/// `2026-11-20 08:01:02 张三` (留痕) or `2026-11-20 8:01:02 张三(12345678)` / `… PM 张三<a@b.c>` (QQ):
/// the time, and the rest of the line (the sender).
fn header_line(line: &str) -> Option<(NaiveDateTime, &str)> {
    let (date, rest) = line.split_once(' ')?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let (time, rest) = rest.split_once(' ')?;
    let mut time = NaiveTime::parse_from_str(time, "%H:%M:%S").ok()?;
    let mut rest = rest;
    for (marker, pm) in [("AM ", false), ("PM ", true), ("上午 ", false), ("下午 ", true)] {
        if let Some(r) = rest.strip_prefix(marker) {
            use chrono::Timelike;
            let h = time.hour() % 12 + if pm { 12 } else { 0 };
            time = time.with_hour(h)?;
            rest = r;
            break;
        }
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some((date.and_time(time), rest))
}

/// A QQ sender: `昵称(12345678)` or `昵称<someone@example.com>` → (name, key).
fn qq_sender(s: &str) -> (String, Option<String>) {
    if let Some(open) = s.rfind('(') {
        if s.ends_with(')') && s[open + 1..s.len() - 1].chars().all(|c| c.is_ascii_digit()) && open + 1 < s.len() - 1 {
            return (s[..open].trim().to_string(), Some(s[open + 1..s.len() - 1].to_string()));
        }
    }
    if let Some(open) = s.rfind('<') {
        if s.ends_with('>') && s[open..].contains('@') {
            return (s[..open].trim().to_string(), Some(s[open + 1..s.len() - 1].to_string()));
        }
    }
    (s.trim().to_string(), None)
}

fn read_txt(path: &Path, reader: Box<dyn Read + Send>, each: &mut dyn FnMut(Message<'_>) -> Result<bool>, qq: bool) -> Result<()> {
    // The message being read, and its text so far.
    let mut current: Option<(Message<'static>, String)> = None;
    let mut blank_before = true;
    let mut in_preamble = qq;
    let finish = |(mut m, mut text): (Message<'static>, String)| {
        while text.ends_with('\n') {
            text.pop();
        }
        m.text = Cow::Owned(text);
        m
    };
    let mut reader = BufReader::with_capacity(BUFFER, reader);
    let mut raw = Vec::new();
    let mut n = 0usize;
    loop {
        raw.clear();
        if reader.read_until(b'\n', &mut raw).map_err(|e| Error::io(path, e))? == 0 {
            break;
        }
        n += 1;
        // A broken byte (a cut emoji) reads as U+FFFD rather than stopping the import.
        let owned = String::from_utf8_lossy(&raw);
        let line = owned.strip_suffix('\n').unwrap_or(&owned);
        let line = line.trim_end_matches('\r');
        if in_preamble {
            // The QQ header: the notice, 消息分组/消息对象 lines and their ===== rules.
            if header_line(line).is_none() {
                continue;
            }
            in_preamble = false;
        }
        let header = if blank_before || current.is_none() { header_line(line) } else { None };
        if let Some((at, sender)) = header {
            if let Some(m) = current.take() {
                if !each(finish(m))? {
                    return Ok(());
                }
            }
            let (name, key) = if qq { qq_sender(sender) } else { (sender.to_string(), None) };
            let system = key.as_deref() == Some("10000") || name == "系统消息";
            let kind = if system { MsgKind::System } else { MsgKind::Text };
            current = Some((Message { at, sender_key: key.map(Cow::Owned), sender_name: Cow::Owned(name), kind, text: Cow::Borrowed(""), from_self: false }, String::new()));
            blank_before = false;
            continue;
        }
        blank_before = line.trim().is_empty();
        match current.as_mut() {
            Some((m, text)) => {
                if !text.is_empty() || !line.is_empty() {
                    text.push_str(line);
                    text.push('\n');
                }
                if m.kind == MsgKind::Text {
                    let t = line.trim();
                    if t == "[图片]" || t == "[Image]" {
                        m.kind = MsgKind::Image;
                    } else if t == "[表情]" || t == "[动画表情]" {
                        m.kind = MsgKind::Sticker;
                    } else if t == "[语音]" {
                        m.kind = MsgKind::Voice;
                    } else if t == "[视频]" {
                        m.kind = MsgKind::Video;
                    }
                }
            }
            None if !line.trim().is_empty() => return Err(bad_at(path, n as u64, "这里应是“日期 时间 发送人”")),
            None => {}
        }
    }
    if let Some(m) = current.take() {
        each(finish(m))?;
    }
    Ok(())
}
