//! Chat exports read from faithful fixtures of each format: several senders, system messages,
//! images and quotes, multi-line messages, ragged rows, a 12-hour clock, an e-mail sender and a
//! nickname change.

use qunzhu_core::chats::parse::{self, ChatFormat, Message, MsgKind};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chats").join(name)
}

fn read(name: &str) -> (ChatFormat, Vec<Message>) {
    let mut out = Vec::new();
    let format = parse::read(&fixture(name), |m| {
        out.push(m);
        Ok(true)
    })
    .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    (format, out)
}

fn at(m: &Message) -> String {
    m.at.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[test]
fn liuhen_csv_with_ragged_rows_system_messages_and_a_nickname_change() {
    let (format, msgs) = read("liuhen-old.csv");
    assert_eq!(format, ChatFormat::LiuhenCsv);
    assert_eq!(msgs.len(), 8);
    assert_eq!((at(&msgs[0]), msgs[0].sender_key.as_deref(), msgs[0].sender_name.as_str()), ("2026-11-20 08:01:02".into(), Some("wxid_zhangsan"), "北京-张三-设计"));
    assert_eq!(msgs[0].text, "#打卡 第7天 今天写了800字");
    // The owner's remark wins over the nickname.
    assert_eq!((msgs[1].sender_name.as_str(), msgs[1].kind), ("李四备注", MsgKind::Image));
    assert!(msgs[2].from_self);
    assert_eq!(msgs[2].text.lines().count(), 3, "a multi-line message stays one message");
    assert_eq!((msgs[3].kind, msgs[3].sender_key.as_deref()), (MsgKind::System, None));
    // Same wxid, new nickname.
    assert_eq!((msgs[4].sender_key.as_deref(), msgs[4].sender_name.as_str(), msgs[4].kind), (Some("wxid_zhangsan"), "张三改名了", MsgKind::Link));
    assert_eq!(msgs[5].kind, MsgKind::Sticker);
    // Ragged rows from an older 留痕: no sender columns, still read.
    assert_eq!((at(&msgs[6]), msgs[6].text.as_str(), msgs[6].sender_key.as_deref()), ("2026-11-21 07:59:59".into(), "打卡第8天", None));
    assert_eq!(msgs[7].kind, MsgKind::Voice);
}

#[test]
fn liuhen_newer_csv_with_chinese_type_names() {
    let (format, msgs) = read("liuhen-new.csv");
    assert_eq!(format, ChatFormat::LiuhenCsvNew);
    let kinds: Vec<MsgKind> = msgs.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [MsgKind::Text, MsgKind::Image, MsgKind::System, MsgKind::Link, MsgKind::Text]);
    assert_eq!(msgs[1].sender_name, "李四备注");
    assert_eq!(msgs[3].text, "好的\n明白了");
    assert!(msgs[4].from_self);
}

#[test]
fn liuhen_txt_blocks_with_multi_line_messages() {
    let (format, msgs) = read("liuhen.txt");
    assert_eq!(format, ChatFormat::LiuhenTxt);
    assert_eq!(msgs.len(), 4);
    assert_eq!(msgs[1].sender_name, "李四");
    assert_eq!(msgs[1].text, "早！\n今天的作业有点难\n大家加油");
    assert_eq!(msgs[2].kind, MsgKind::Image);
    assert_eq!((at(&msgs[3]), msgs[3].text.as_str()), ("2026-11-23 23:59:59".into(), "打卡第10天 补卡"));
}

#[test]
fn pywxdump_csv_with_self_and_wxid_senders() {
    let (format, msgs) = read("pywxdump.csv");
    assert_eq!(format, ChatFormat::PyWxDump);
    assert_eq!(msgs.len(), 5);
    assert_eq!(msgs[0].sender_key.as_deref(), Some("wxid_zhangsan"));
    assert!(msgs[2].from_self && msgs[2].sender_key.is_none());
    assert_eq!(msgs[3].kind, MsgKind::System);
    assert_eq!(msgs[4].kind, MsgKind::Link);
}

#[test]
fn qq_txt_with_numbers_an_email_sender_and_system_messages() {
    let (format, msgs) = read("qq.txt");
    assert_eq!(format, ChatFormat::QqTxt);
    assert_eq!(msgs.len(), 4);
    assert_eq!((msgs[0].sender_name.as_str(), msgs[0].sender_key.as_deref(), at(&msgs[0])), ("张三", Some("12345678"), "2026-11-20 08:01:02".into()));
    assert_eq!((msgs[1].sender_name.as_str(), msgs[1].sender_key.as_deref()), ("小李", Some("lisi@example.com")));
    assert_eq!(msgs[1].text, "收到\n明白", "CRLF and multi-line content");
    assert_eq!(msgs[2].kind, MsgKind::System);
    assert_eq!((msgs[3].sender_name.as_str(), msgs[3].sender_key.as_deref(), msgs[3].kind), ("张三改名了", Some("12345678"), MsgKind::Image));
}

#[test]
fn qq_txt_from_english_windows_has_a_12_hour_clock() {
    let (_, msgs) = read("qq-12h.txt");
    let times: Vec<String> = msgs.iter().map(at).collect();
    assert_eq!(times, ["2026-11-20 08:01:02", "2026-11-20 12:05:10", "2026-11-20 21:30:00"]);
    assert_eq!(msgs[0].sender_name, "Zhang San");
}

#[test]
fn a_file_that_is_no_chat_export_names_the_formats_qunzhu_reads() {
    let e = parse::read(&fixture("not-a-chat.csv"), |_| Ok(true)).unwrap_err();
    assert_eq!(e.code(), "bad_file");
    let msg = e.message(qunzhu_core::Lang::Zh);
    assert!(msg.contains("not-a-chat.csv") && msg.contains("留痕") && msg.contains("PyWxDump") && msg.contains("QQ"), "{msg}");
    // Stopping early (a cancel) reads no further.
    let mut n = 0;
    parse::read(&fixture("liuhen-old.csv"), |_| {
        n += 1;
        Ok(n < 3)
    })
    .unwrap();
    assert_eq!(n, 3);
}
