//! Reading group-chat exports, streamed one message at a time: 留痕 (WeChatMsg) CSV in its old and
//! new headers and its TXT, PyWxDump's CSV, and QQ 消息管理器's TXT. The format is recognised from
//! the file's first line; the encoding from its BOM or its bytes (UTF-8 or GBK).

use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
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

/// One message as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub at: NaiveDateTime,
    /// The sender's stable id when the export has one: a wxid, a QQ number or e-mail.
    pub sender_key: Option<String>,
    /// The name shown (the remark the owner gave, else the nickname, else the id).
    pub sender_name: String,
    pub kind: MsgKind,
    pub text: String,
    /// Sent by the exporting account (the owner).
    pub from_self: bool,
}

fn not_chat(path: &Path) -> Error {
    Error::BadFile { path: path.display().to_string(), reason: "not_chat".into() }
}

fn bad_at(path: &Path, line: u64, what: &str) -> Error {
    Error::BadFile { path: path.display().to_string(), reason: format!("第 {line} 行：{what}") }
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

/// Opens a chat export: its format and a text reader (BOM removed, GBK decoded).
fn open(path: &Path) -> Result<(ChatFormat, Box<dyn BufRead>)> {
    let sniffed = crate::import::source::sniff(path)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(sniffed.enc)).bom_override(true).build(file);
    let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(256 * 1024, decoded));
    // Peek at the first non-empty line without losing it: read it, then chain it back.
    let mut first = String::new();
    loop {
        first.clear();
        if reader.read_line(&mut first).map_err(|e| Error::io(path, e))? == 0 {
            return Err(Error::BadFile { path: path.display().to_string(), reason: "empty".into() });
        }
        if !first.trim().is_empty() {
            break;
        }
    }
    let format = detect_line(&first).ok_or_else(|| not_chat(path))?;
    let rest: Box<dyn Read> = Box::new(std::io::Cursor::new(first.into_bytes()).chain(reader));
    Ok((format, Box::new(BufReader::with_capacity(256 * 1024, rest))))
}

/// Reads every message of a chat export, in file order, handing each to `each` (returning false
/// stops the reading: a cancel). Returns the format.
pub fn read(path: &Path, mut each: impl FnMut(Message) -> Result<bool>) -> Result<ChatFormat> {
    let (format, reader) = open(path)?;
    match format {
        ChatFormat::LiuhenCsv | ChatFormat::LiuhenCsvNew | ChatFormat::PyWxDump => read_csv(path, format, reader, &mut each)?,
        ChatFormat::LiuhenTxt => read_txt(path, reader, &mut each, false)?,
        ChatFormat::QqTxt => read_txt(path, reader, &mut each, true)?,
    }
    Ok(format)
}

fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
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

fn read_csv(path: &Path, format: ChatFormat, reader: Box<dyn BufRead>, each: &mut dyn FnMut(Message) -> Result<bool>) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(reader);
    let headers: Vec<String> = csv.headers().map_err(|e| bad_at(path, 1, &e.to_string()))?.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_string()).collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut record = csv::StringRecord::new();
    loop {
        let more = csv.read_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            bad_at(path, line, &e.to_string())
        })?;
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let get = |name: &str| col(name).and_then(|i| record.get(i)).map(str::trim).unwrap_or("");
        let msg = match format {
            ChatFormat::LiuhenCsv => {
                // StrTime is the clock the group saw; CreateTime (unix seconds) only when it is missing.
                let at = parse_time(get("StrTime")).or_else(|| parse_time(get("CreateTime"))).ok_or_else(|| bad_at(path, line, "时间读不出来"))?;
                let from_self = get("IsSender") == "1";
                let key = Some(get("Sender")).filter(|s| !s.is_empty()).map(String::from);
                let name = [get("Remark"), get("NickName"), get("Sender")].into_iter().find(|s| !s.is_empty()).unwrap_or("").to_string();
                Message { at, sender_key: key, sender_name: name, kind: MsgKind::from_wechat(get("Type")), text: get("StrContent").to_string(), from_self }
            }
            ChatFormat::LiuhenCsvNew => {
                let at = parse_time(get("时间")).ok_or_else(|| bad_at(path, line, "时间读不出来"))?;
                let sender = get("发送人");
                let name = [get("备注"), get("昵称"), sender].into_iter().find(|s| !s.is_empty()).unwrap_or("").to_string();
                let key = Some(sender).filter(|s| !s.is_empty() && s.is_ascii()).map(String::from);
                Message { at, sender_key: key, sender_name: name, kind: MsgKind::from_name(get("类型")), text: get("内容").to_string(), from_self: sender == "我" }
            }
            _ => {
                let at = parse_time(get("CreateTime")).ok_or_else(|| bad_at(path, line, "时间读不出来"))?;
                let talker = get("talker");
                let from_self = get("is_sender") == "1" || talker == "我";
                let key = Some(talker).filter(|s| !s.is_empty() && *s != "我").map(String::from);
                Message { at, sender_key: key, sender_name: talker.to_string(), kind: MsgKind::from_name(get("type_name")), text: get("msg").to_string(), from_self }
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

fn read_txt(path: &Path, reader: Box<dyn BufRead>, each: &mut dyn FnMut(Message) -> Result<bool>, qq: bool) -> Result<()> {
    let mut current: Option<Message> = None;
    let mut blank_before = true;
    let mut in_preamble = qq;
    let finish = |m: &mut Message| {
        while m.text.ends_with('\n') {
            m.text.pop();
        }
    };
    for (n, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
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
            if let Some(mut m) = current.take() {
                finish(&mut m);
                if !each(m)? {
                    return Ok(());
                }
            }
            let (name, key) = if qq { qq_sender(sender) } else { (sender.to_string(), None) };
            let system = key.as_deref() == Some("10000") || name == "系统消息";
            current = Some(Message { at, sender_key: key, sender_name: name, kind: if system { MsgKind::System } else { MsgKind::Text }, text: String::new(), from_self: false });
            blank_before = false;
            continue;
        }
        blank_before = line.trim().is_empty();
        match current.as_mut() {
            Some(m) => {
                if !m.text.is_empty() || !line.is_empty() {
                    m.text.push_str(line);
                    m.text.push('\n');
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
            None if !line.trim().is_empty() => return Err(bad_at(path, n as u64 + 1, "这里应是“日期 时间 发送人”")),
            None => {}
        }
    }
    if let Some(mut m) = current.take() {
        finish(&mut m);
        each(m)?;
    }
    Ok(())
}
