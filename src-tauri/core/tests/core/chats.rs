//! Chat exports read from faithful fixtures of each format: several senders, system messages,
//! images and quotes, multi-line messages, ragged rows, a 12-hour clock, an e-mail sender and a
//! nickname change.

use qunzhu_core::chats::parse::{self, ChatFormat, Message, MsgKind};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chats").join(name)
}

fn read(name: &str) -> (ChatFormat, Vec<Message<'static>>) {
    let mut out = Vec::new();
    let format = parse::read(&fixture(name), |m| {
        out.push(m.into_owned());
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
    assert_eq!((at(&msgs[0]), msgs[0].sender_key.as_deref(), msgs[0].sender_name.as_ref()), ("2026-11-20 08:01:02".into(), Some("wxid_zhangsan"), "北京-张三-设计"));
    assert_eq!(msgs[0].text, "#打卡 第7天 今天写了800字");
    // The owner's remark wins over the nickname.
    assert_eq!((msgs[1].sender_name.as_ref(), msgs[1].kind), ("李四备注", MsgKind::Image));
    assert!(msgs[2].from_self);
    assert_eq!(msgs[2].text.lines().count(), 3, "a multi-line message stays one message");
    assert_eq!((msgs[3].kind, msgs[3].sender_key.as_deref()), (MsgKind::System, None));
    // Same wxid, new nickname.
    assert_eq!((msgs[4].sender_key.as_deref(), msgs[4].sender_name.as_ref(), msgs[4].kind), (Some("wxid_zhangsan"), "张三改名了", MsgKind::Link));
    assert_eq!(msgs[5].kind, MsgKind::Sticker);
    // Ragged rows from an older 留痕: no sender columns, still read.
    assert_eq!((at(&msgs[6]), msgs[6].text.as_ref(), msgs[6].sender_key.as_deref()), ("2026-11-21 07:59:59".into(), "打卡第8天", None));
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
    assert_eq!((at(&msgs[3]), msgs[3].text.as_ref()), ("2026-11-23 23:59:59".into(), "打卡第10天 补卡"));
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
    assert_eq!((msgs[0].sender_name.as_ref(), msgs[0].sender_key.as_deref(), at(&msgs[0])), ("张三", Some("12345678"), "2026-11-20 08:01:02".into()));
    assert_eq!((msgs[1].sender_name.as_ref(), msgs[1].sender_key.as_deref()), ("小李", Some("lisi@example.com")));
    assert_eq!(msgs[1].text, "收到\n明白", "CRLF and multi-line content");
    assert_eq!(msgs[2].kind, MsgKind::System);
    assert_eq!((msgs[3].sender_name.as_ref(), msgs[3].sender_key.as_deref(), msgs[3].kind), ("张三改名了", Some("12345678"), MsgKind::Image));
}

#[test]
fn qq_txt_from_english_windows_has_a_12_hour_clock() {
    let (_, msgs) = read("qq-12h.txt");
    let times: Vec<String> = msgs.iter().map(at).collect();
    assert_eq!(times, ["2026-11-20 08:01:02", "2026-11-20 12:05:10", "2026-11-20 21:30:00"]);
    assert_eq!(msgs[0].sender_name, "Zhang San");
}

#[test]
fn a_broken_byte_in_a_csv_field_reads_as_a_replacement_character_and_the_rest_of_the_row_stands() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.csv");
    // 留痕 writes a BOM: the file is UTF-8 whatever its bytes look like.
    let mut bytes = "\u{feff}localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n".as_bytes().to_vec();
    bytes.extend_from_slice("1,1,1,0,0,0,2,晨读完成 ".as_bytes());
    bytes.extend_from_slice(&[0xF0, 0x9F, 0x98]);
    bytes.extend_from_slice(",2026-11-20 08:00:00,,北京-张三,wxid_zhangsan\r\n".as_bytes());
    bytes.extend_from_slice("2,1,1,0,0,0,2,收到,2026-11-20 08:01:00,,李四,wxid_lisi\r\n".as_bytes());
    std::fs::write(&file, bytes).unwrap();
    let mut msgs = Vec::new();
    parse::read(&file, |m| {
        msgs.push(m.into_owned());
        Ok(true)
    })
    .unwrap();
    assert_eq!(msgs.len(), 2);
    assert_eq!(msgs[0].text, "晨读完成 \u{fffd}");
    assert_eq!((msgs[0].sender_key.as_deref(), msgs[0].sender_name.as_ref()), (Some("wxid_zhangsan"), "北京-张三"));
    assert_eq!((at(&msgs[1]), msgs[1].text.as_ref()), ("2026-11-20 08:01:00".to_string(), "收到"));
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

mod importing {
    use super::fixture;
    use qunzhu_core::chats::import::ChatProgress;
    use qunzhu_core::chats::{import, stats};
    use qunzhu_core::jobs::Job;
    use std::sync::atomic::{AtomicBool, Ordering};
    use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
    use qunzhu_core::members::{self, MemberInput};
    use qunzhu_core::points;

    fn camp(s: &qunzhu_core::Store) -> (i64, [i64; 3]) {
        let c = cohorts::add(s, &CohortInput { name: "21天写作营 第3期".into(), start_date: "2026-11-14".into(), end_date: "2026-12-04".into(), ..Default::default() }).unwrap();
        let add = |name: &str, nick: &str, wechat: Option<&str>| {
            let id = members::add(s, &MemberInput { name: name.into(), nickname: nick.into(), wechat: wechat.map(Into::into), ..Default::default() }).unwrap().id;
            cohorts::assign(s, &MembershipInput { member_id: id, cohort_id: c.id, joined_on: "2026-11-14".into(), ..Default::default() }).unwrap();
            id
        };
        (c.id, [add("张三", "北京-张三-设计", None), add("李四", "", Some("wxid_lisi")), add("王五", "", None)])
    }

    #[test]
    fn senders_are_matched_messages_counted_once_and_check_ins_marked() {
        let t = crate::temp_store();
        let s = &t.store;
        let (c, [zhang, li, wang]) = camp(s);
        let r = import::import(s, &fixture("liuhen-old.csv"), c, None, &Job::quiet()).unwrap();
        assert_eq!((r.format.as_str(), r.messages, r.new_messages), ("留痕 CSV", 8, 8));
        // 张三 by nickname, 李四 by WeChat ID, 王五 by name; the owner is not a member.
        assert_eq!((r.senders, r.matched, r.unmatched), (4, 3, 1));
        assert_eq!(r.checkins_detected, 1);
        let ledger = points::ledger(s, zhang, Some(c)).unwrap();
        assert!(ledger.entries.iter().any(|e| e.rule.as_deref() == Some("checkin") && e.day == "2026-11-20"), "the detected check-in earns its point");
        // The same file again adds nothing.
        let again = import::import(s, &fixture("liuhen-old.csv"), c, None, &Job::quiet()).unwrap();
        assert_eq!((again.messages, again.new_messages), (8, 0));

        let st = stats::stats(s, c, None).unwrap();
        assert_eq!(st.messages, 7, "system messages are not counted");
        assert_eq!(st.by_hour.iter().sum::<u64>(), 7);
        assert_eq!(st.by_hour[8], 4);
        let row = |id: i64| st.members.iter().find(|m| m.member_id == id).unwrap().clone();
        assert_eq!((row(zhang).messages, row(zhang).checkins, row(zhang).active_days), (2, 1, 1));
        assert_eq!(row(li).messages, 1);
        assert_eq!(row(wang).messages, 1);
        assert_eq!(st.members[0].member_id, zhang, "the talkative first");
        // The monitor's share: 李四 is made 班长.
        points::assign_role(s, c, li, "monitor").unwrap();
        let st = stats::stats(s, c, None).unwrap();
        let week = st.monitor_share_by_week.iter().find(|w| w.week == "2026-11-16").unwrap();
        assert_eq!((week.monitor, week.total), (1, 7));
        assert!((week.share - 1.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn an_unmatched_sender_is_linked_once_and_remembered() {
        let t = crate::temp_store();
        let s = &t.store;
        let (c, [zhang, li, _]) = camp(s);
        let r = import::import(s, &fixture("qq.txt"), c, None, &Job::quiet()).unwrap();
        // 张三(12345678) by name; 小李<lisi@example.com> is nobody yet.
        assert_eq!((r.matched, r.unmatched), (1, 1));
        let left = import::unmatched(s, c).unwrap();
        assert_eq!(left.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["小李"]);
        import::link(s, c, left[0].id, li).unwrap();
        assert!(import::unmatched(s, c).unwrap().is_empty());
        // Remembered: another export from the same group finds 小李 as 李四 at once.
        let st = stats::stats(s, c, None).unwrap();
        assert_eq!(st.members.iter().find(|m| m.member_id == li).unwrap().messages, 1);
        // A renamed sender (same QQ number) stays the same person, both names kept.
        assert_eq!(st.members.iter().find(|m| m.member_id == zhang).unwrap().messages, 2);
    }

    #[test]
    fn a_cancelled_import_keeps_nothing() {
        let t = crate::temp_store();
        let s = &t.store;
        let (c, _) = camp(s);
        let big = t.dir.path().join("big.txt");
        let mut text = String::new();
        for i in 0..25_000 {
            text.push_str(&format!("2026-11-20 {:02}:{:02}:{:02} 张三\n消息 {i}\n\n", (i / 3600) % 24, (i / 60) % 60, i % 60));
        }
        std::fs::write(&big, text).unwrap();
        let stop = AtomicBool::new(false);
        let report = |p: ChatProgress| stop.store(p.messages >= 20_000, Ordering::Relaxed);
        let e = import::import(s, &big, c, None, &Job::new(&report, &stop)).unwrap_err();
        assert_eq!(e.code(), "cancelled");
        assert_eq!(stats::stats(s, c, None).unwrap().messages, 0);
        let told = std::cell::RefCell::new(Vec::new());
        let report = |p: ChatProgress| told.borrow_mut().push((p.messages, p.done));
        let done = import::import(s, &big, c, None, &Job::new(&report, &AtomicBool::new(false))).unwrap();
        let told = told.into_inner();
        assert_eq!(done.new_messages, 25_000);
        // Progress by the bytes read: told each percent, early, never falling, near the end at the last.
        assert!(told.len() >= 2 && told[0].0 < 25_000 && told[0].1 > 0.0, "{told:?}");
        assert!(told.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1), "{told:?}");
        assert!(told.last().unwrap().1 >= 0.9, "{told:?}");
    }

    #[test]
    fn a_message_sent_twice_is_kept_twice_and_overlapping_exports_add_only_what_is_new() {
        let t = crate::temp_store();
        let s = &t.store;
        let (c, [zhang, ..]) = camp(s);
        let first = t.dir.path().join("week1.txt");
        let second = t.dir.path().join("week1-2.txt");
        let block = |at: &str, who: &str, text: &str| format!("{at} {who}\n{text}\n\n");
        let week1 = [block("2026-11-20 08:00:00", "张三", "收到"), block("2026-11-20 08:00:00", "张三", "收到"), block("2026-11-20 09:00:00", "张三", "#作业 第一篇")].concat();
        std::fs::write(&first, &week1).unwrap();
        // The later export starts where the first did and goes on a day.
        std::fs::write(&second, [week1.clone(), block("2026-11-21 10:00:00", "张三", "收到"), block("2026-11-21 10:00:00", "王五", "收到")].concat()).unwrap();
        let r = import::import(s, &first, c, None, &Job::quiet()).unwrap();
        assert_eq!((r.messages, r.new_messages, r.homework_detected), (3, 3, 1), "two identical messages in one second are two messages");
        let r = import::import(s, &second, c, None, &Job::quiet()).unwrap();
        assert_eq!((r.messages, r.new_messages, r.homework_detected), (5, 2, 0));
        let st = stats::stats(s, c, None).unwrap();
        let z = st.members.iter().find(|m| m.member_id == zhang).unwrap();
        assert_eq!((z.messages, z.active_days, z.homework), (4, 2, 1));
        assert_eq!((z.first.as_deref(), z.last.as_deref()), (Some("2026-11-20 08:00:00"), Some("2026-11-21 10:00:00")));
        assert_eq!(st.active_per_day, vec![("2026-11-20".to_string(), 1), ("2026-11-21".to_string(), 2)]);
        // The homework post is in the grid with its points.
        let ledger = points::ledger(s, zhang, Some(c)).unwrap();
        assert!(ledger.entries.iter().any(|e| e.rule.as_deref() == Some("homework") && e.day == "2026-11-20"));
    }

    #[test]
    fn new_patterns_find_check_ins_in_stored_text_and_dropped_text_stays_counted() {
        let t = crate::temp_store();
        let s = &t.store;
        let (c, [zhang, ..]) = camp(s);
        let file = t.dir.path().join("chat.txt");
        std::fs::write(&file, "2026-11-20 08:00:00 张三\n晨读完成 ✅\n\n2026-11-21 08:00:00 张三\n晨读完成 ✅\n\n").unwrap();
        assert_eq!(import::import(s, &file, c, None, &Job::quiet()).unwrap().checkins_detected, 0);
        let mut set = import::settings(s).unwrap();
        assert!(set.keep_text);
        set.checkin_patterns = format!("{}\n  晨读完成 \n", set.checkin_patterns);
        import::set_settings(s, &set).unwrap();
        assert!(import::settings(s).unwrap().checkin_patterns.ends_with("Day *\n晨读完成"), "patterns are tidied");
        assert_eq!(import::redetect(s, c).unwrap(), 2, "both days are marked");
        let st = stats::stats(s, c, None).unwrap();
        assert_eq!(st.members.iter().find(|m| m.member_id == zhang).unwrap().checkins, 2);
        assert_eq!(points::ledger(s, zhang, Some(c)).unwrap().entries.iter().filter(|e| e.rule.as_deref() == Some("checkin")).count(), 2);
        // Drop the text: the counts stay, re-importing the file adds nothing.
        assert_eq!(import::forget_text(s, None).unwrap(), 2);
        assert_eq!(import::forget_text(s, None).unwrap(), 0);
        assert_eq!(stats::stats(s, c, None).unwrap().messages, 2);
        assert_eq!(import::import(s, &file, c, None, &Job::quiet()).unwrap().new_messages, 0);
        assert_eq!(import::redetect(s, c).unwrap(), 0, "no text left to read");
    }

    #[test]
    fn a_guest_linked_in_another_cohort_and_a_broken_byte_stop_nothing() {
        let t = crate::temp_store();
        let s = &t.store;
        let (c, _) = camp(s);
        // 赵六 is a member of another cohort, linked there; here a guest.
        let other = cohorts::add(s, &CohortInput { name: "旧营".into(), start_date: "2026-10-01".into(), end_date: "2026-12-31".into(), ..Default::default() }).unwrap().id;
        let zhao = members::add(s, &MemberInput { name: "赵六".into(), ..Default::default() }).unwrap().id;
        cohorts::assign(s, &MembershipInput { member_id: zhao, cohort_id: other, joined_on: "2026-10-01".into(), ..Default::default() }).unwrap();
        let file = t.dir.path().join("chat.txt");
        // A long export (the encoding is judged from its first 64 KiB), then an emoji cut short.
        let mut bytes = "2026-11-20 08:00:00 赵六\n晨读完成\n\n".as_bytes().to_vec();
        for i in 0..3000 {
            bytes.extend_from_slice(format!("2026-11-19 {:02}:{:02}:{:02} 赵六\n收到，谢谢老师的分享\n\n", i / 3600, i / 60 % 60, i % 60).as_bytes());
        }
        bytes.extend_from_slice("2026-11-20 08:01:00 张三\n晨读完成 ".as_bytes());
        bytes.extend_from_slice(&[0xF0, 0x9F, 0x98]);
        bytes.extend_from_slice("\n\n".as_bytes());
        std::fs::write(&file, bytes).unwrap();
        assert_eq!(import::import(s, &file, other, None, &Job::quiet()).unwrap().matched, 1);
        let r = import::import(s, &file, c, None, &Job::quiet()).unwrap();
        assert_eq!((r.messages, r.matched, r.unmatched), (3002, 1, 1), "the broken byte reads as U+FFFD; 赵六 is no member here");
        let mut set = import::settings(s).unwrap();
        set.checkin_patterns.push_str("\n晨读完成");
        import::set_settings(s, &set).unwrap();
        assert_eq!(import::redetect(s, c).unwrap(), 1, "张三 is marked; 赵六 is skipped, not an error");
    }

    #[test]
    fn days_stored_before_v11_keep_their_messages_in_the_bodies_table() {
        use qunzhu_core::chats::archive;
        use qunzhu_core::store::{Store, MIGRATION_SQL};
        let dir = tempfile::tempdir().unwrap();
        let (c, zhang) = {
            // A v10 store: the day's body sits in chat_days.
            let s = Store::open_with_migrations(dir.path(), &MIGRATION_SQL[..10]).unwrap();
            // Written as v10 had them (today's member functions read columns v10 lacks).
            s.conn()
                .execute_batch(
                    "INSERT INTO cohorts (id, name, start_date, end_date, created_at) VALUES (1, '21天写作营 第3期', '2026-11-14', '2026-12-04', 'now');
                     INSERT INTO members (id, name, nickname, created_at, updated_at) VALUES (1, '张三', '北京-张三-设计', 'now', 'now');
                     INSERT INTO member_search (member_id, haystack) VALUES (1, '张三 北京-张三-设计 zhangsan zs');
                     INSERT INTO memberships (member_id, cohort_id, joined_on) VALUES (1, 1, '2026-11-14');",
                )
                .unwrap();
            let (c, zhang) = (1i64, 1i64);
            let mut body = Vec::new();
            for (sec, text) in [(8 * 3600, "晨读完成"), (9 * 3600, "收到")] {
                archive::push(&mut body, &archive::Entry { sec, kind: 0, flags: 0, hash: archive::text_hash(text), text });
            }
            let conn = s.conn();
            conn.execute("INSERT INTO chat_senders (id, key, name, member_id, linked_by) VALUES (1, 'name:张三', '张三', ?1, 'name')", [zhang]).unwrap();
            conn.execute(
                "INSERT INTO chat_days (cohort_id, sender_id, day, messages, first_at, last_at, hours, body) VALUES (?1, 1, '2026-11-20', 2, '08:00:00', '09:00:00', zeroblob(96), ?2)",
                rusqlite::params![c, body],
            )
            .unwrap();
            (c, zhang)
        };
        let s = Store::open(dir.path()).unwrap();
        let bodies: i64 = s.conn().query_row("SELECT count(*) FROM chat_day_bodies", [], |r| r.get(0)).unwrap();
        assert_eq!(bodies, 1);
        assert_eq!(stats::stats(&s, c, None).unwrap().messages, 2);
        // The moved text is still read: a new pattern finds the check-in in it.
        let mut set = import::settings(&s).unwrap();
        set.checkin_patterns.push_str("\n晨读完成");
        import::set_settings(&s, &set).unwrap();
        assert_eq!(import::redetect(&s, c).unwrap(), 1);
        assert_eq!(stats::stats(&s, c, None).unwrap().members.iter().find(|m| m.member_id == zhang).unwrap().checkins, 1);
        // Deleting the cohort takes the bodies with its days.
        s.conn().execute("DELETE FROM cohorts WHERE id = ?1", [c]).unwrap();
        let bodies: i64 = s.conn().query_row("SELECT count(*) FROM chat_day_bodies", [], |r| r.get(0)).unwrap();
        assert_eq!(bodies, 0);
    }

    #[test]
    fn check_in_patterns_accept_day_numbers_in_digits_or_chinese() {
        let p: Vec<String> = import::DEFAULT_CHECKIN_PATTERNS.lines().map(String::from).collect();
        for yes in ["#打卡 今天读完了", "打卡第8天", "打卡第十二天！", "第3天打卡", "Day 7 done", "day 12"] {
            assert!(import::is_checkin(yes, &p), "{yes}");
        }
        for no in ["今天没打卡", "打卡第天", "Day one", "第几天打卡？"] {
            assert!(!import::is_checkin(no, &p), "{no}");
        }
    }
}
