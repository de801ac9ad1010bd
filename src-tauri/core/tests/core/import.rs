//! Import and export with fixtures in the formats operators have.

use crate::temp_store;
use qunzhu_core::cohorts::{self, CohortInput, GroupInput};
use qunzhu_core::export::{self, TextEncoding};
use qunzhu_core::import::{self, ImportOptions, MergePolicy, RowStatus, SourceFormat, Target};
use qunzhu_core::members::{self, Calendar, Gender, MemberQuery};
use qunzhu_core::jobs::Job;
use qunzhu_core::{Error, Store};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn import(store: &Store, name: &str, opts: ImportOptions) -> import::ImportReport {
    import::run(store, &fixture(name), &opts, &Job::quiet()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn find(store: &Store, q: &str) -> members::Member {
    let rows = members::list(store, &MemberQuery { search: Some(q.into()), ..Default::default() }).unwrap();
    assert_eq!(rows.len(), 1, "{q}: {rows:?}");
    members::get(store, rows[0].id).unwrap()
}

#[test]
fn excel_gbk_csv_with_lunar_and_serial_birthdays() {
    let t = temp_store();
    let r = import(&t.store, "excel-roster-gbk.csv", ImportOptions::default());
    assert_eq!((r.format, r.encoding.as_str()), (SourceFormat::Generic, "GBK"));
    assert_eq!((r.created, r.errors.len(), r.committed), (5, 0, true), "{:?}", r.errors);
    let wang = find(&t.store, "王静");
    assert_eq!((wang.phone.as_deref(), wang.gender, wang.city.as_str()), (Some("13800138001"), Some(Gender::Female), "北京"));
    assert_eq!(wang.notes, "老学员，第2期班长");
    let b = wang.birthday.unwrap();
    assert_eq!((b.calendar, b.year, b.month, b.day), (Calendar::Solar, Some(1990), 5, 1));
    let li = find(&t.store, "李娜");
    assert_eq!(li.phone.as_deref(), Some("13900138002"), "spaces dropped");
    let b = li.birthday.unwrap();
    assert_eq!((b.calendar, b.month, b.day), (Calendar::Lunar, 3, 5));
    let zhang = find(&t.store, "张伟");
    assert_eq!(zhang.phone.as_deref(), Some("13700138003"), "+86 and dashes dropped");
    assert_eq!(zhang.birthday.unwrap().month, 12, "腊月");
    assert_eq!(find(&t.store, "刘喆").birthday.unwrap().year, None, "9月3日 has no year");
    assert_eq!(find(&t.store, "陈堃").birthday.unwrap().year, Some(1990), "Excel serial 33000");
}

#[test]
fn form_tool_exports_are_recognised_and_mapped() {
    let t = temp_store();
    let r = import(&t.store, "wjx-utf8-bom.csv", ImportOptions::default());
    assert_eq!(r.format, SourceFormat::Wjx);
    assert_eq!(r.created, 3, "{:?}", r.errors);
    assert_eq!(&r.mapping[..6], &[Target::Ignore, Target::Ignore, Target::Ignore, Target::Ignore, Target::Ignore, Target::Ignore]);
    let zhao = find(&t.store, "赵敏");
    assert_eq!(zhao.wechat.as_deref(), Some("zhaomin01"));
    assert_eq!(zhao.channel, "朋友圈");
    assert_eq!(zhao.custom_fields.get("你最想解决的写作问题").map(String::as_str), Some("开头难，\n写不长"), "multi-line cell");
    let sun = find(&t.store, "孙悦").birthday.unwrap();
    assert_eq!((sun.calendar, sun.year, sun.month, sun.day, sun.leap_month), (Calendar::Lunar, Some(1993), 3, 23, true));

    let r = import(&t.store, "tencent-qq.csv", ImportOptions::default());
    assert_eq!(r.format, SourceFormat::Tencent);
    assert_eq!(r.headers.len(), 11, "the trailing comma is no column");
    assert_eq!(r.created, 2, "{:?}", r.errors);
    assert_eq!(find(&t.store, "吴芳").custom_fields.get("宝宝月龄").map(String::as_str), Some("6-12个月"));

    let r = import(&t.store, "jinshuju.csv", ImportOptions::default());
    assert_eq!(r.format, SourceFormat::Jinshuju);
    assert_eq!(r.created, 2, "{:?}", r.errors);
    let feng = find(&t.store, "冯晓雨");
    assert_eq!((feng.city.as_str(), feng.gender), ("深圳", Some(Gender::Female)));
    assert_eq!(feng.custom_fields.get("微信昵称").map(String::as_str), Some("小鱼儿"));
    let b = feng.birthday.unwrap();
    assert_eq!((b.year, b.month, b.day), (Some(1992), 3, 2), "02-Mar-1992");

    let r = import(&t.store, "semicolon-multiline.csv", ImportOptions::default());
    assert_eq!(r.created, 2, "{:?}", r.errors);
    assert_eq!(find(&t.store, "欧阳娜娜").notes, "第一行\n第二行; 还有分号");
}

#[test]
fn bad_files_get_a_clear_error_and_write_nothing() {
    let t = temp_store();
    let run = |name: &str| import::run(&t.store, &fixture(name), &ImportOptions::default(), &Job::quiet());
    for (name, needle) in [("empty.csv", "文件是空的"), ("binary.csv", "不是 CSV"), ("header-only.csv", "只有表头")] {
        let err = run(name).unwrap_err();
        assert_eq!(err.code(), "bad_file", "{name}");
        let msg = err.message(qunzhu_core::Lang::Zh);
        assert!(msg.contains(needle) && msg.contains(name), "{name}: {msg}");
    }
    let r = run("ragged.csv").unwrap();
    assert!(!r.committed);
    assert_eq!(r.error_rows, 1);
    assert_eq!(r.errors[0].row, 3, "row numbers count the header as row 1");
    assert!(r.errors[0].message.contains("多出 2 列"), "{:?}", r.errors);
    let r = run("scientific-phone.csv").unwrap();
    assert!(!r.committed);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_deref()), (2, Some("手机号")));
    assert!(r.errors[0].message.contains("科学计数法"));
    assert_eq!(members::count(&t.store).unwrap(), 0, "one bad row: nothing written");

    // Skipping bad rows explicitly: the good ones go in and the report says which were skipped.
    let r = import(&t.store, "scientific-phone.csv", ImportOptions { skip_bad_rows: true, ..Default::default() });
    assert!(r.committed);
    assert_eq!((r.created, r.skipped, r.errors.len()), (1, 1, 1));
    assert_eq!(members::count(&t.store).unwrap(), 1);
}

#[test]
fn duplicates_inside_the_file_and_against_the_store() {
    let t = temp_store();
    let r = import(&t.store, "duplicates-in-file.csv", ImportOptions::default());
    assert_eq!((r.created, r.skipped), (1, 2), "{:?}", r.preview);
    assert_eq!(r.preview[1].status, RowStatus::Unchanged);
    assert!(r.preview[1].message.as_deref().unwrap_or("").contains("第 2 行"));
    assert_eq!(members::count(&t.store).unwrap(), 1);

    // Against the store, by policy.
    let before = find(&t.store, "何雪");
    let r = import(&t.store, "duplicates-in-file.csv", ImportOptions { policy: MergePolicy::Update, ..Default::default() });
    assert_eq!(r.created, 0);
    assert!(r.updated >= 1);
    let after = members::get(&t.store, before.id).unwrap();
    assert_eq!(after.name, "何雪儿", "update takes the file's values");
    assert_eq!(members::count(&t.store).unwrap(), 1);

    // A row whose phone is one member's and WeChat ID another's is a conflict, never a guess.
    members::add(&t.store, &crate::person("甲", Some("13800000001"), None)).unwrap();
    members::add(&t.store, &crate::person("乙", None, Some("yi_wx"))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("conflict.csv");
    std::fs::write(&f, "姓名,手机号,微信号\n甲乙,13800000001,yi_wx\n").unwrap();
    let r = import::run(&t.store, &f, &ImportOptions::default(), &Job::quiet()).unwrap();
    assert_eq!((r.conflicts, r.committed), (1, false));
    assert!(r.errors[0].message.contains("“甲”") && r.errors[0].message.contains("“乙”"));
}

#[test]
fn preview_writes_nothing_and_mapping_is_remembered_per_format() {
    let t = temp_store();
    let p = import::preview(&t.store, &fixture("wjx-utf8-bom.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(p.preview.len(), 3);
    assert!(p.preview.iter().all(|r| r.status == RowStatus::New));
    assert_eq!(members::count(&t.store).unwrap(), 0);

    // The operator maps question 7 to notes instead of a custom field; next time it is remembered.
    let mut mapping = p.mapping.clone();
    mapping[12] = Target::Notes;
    import(&t.store, "wjx-utf8-bom.csv", ImportOptions { mapping: Some(mapping), ..Default::default() });
    assert_eq!(find(&t.store, "孙悦").notes, "坚持不下来");
    let again = import::preview(&t.store, &fixture("wjx-utf8-bom.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(again.mapping[12], Target::Notes);
}

#[test]
fn import_into_a_cohort_group_and_tags_or_groups_by_column() {
    let t = temp_store();
    let s = &t.store;
    let c = cohorts::add(s, &CohortInput { name: "宝妈成长营 第2期".into(), start_date: "2026-09-01".into(), end_date: "2026-09-21".into(), ..Default::default() }).unwrap();
    let g = cohorts::add_group(s, c.id, &GroupInput { name: "2期1群".into(), ..Default::default() }).unwrap();
    let r = import(s, "excel-roster-gbk.csv", ImportOptions { cohort_id: Some(c.id), group_id: Some(g.id), tags: vec!["第2期报名".into()], ..Default::default() });
    assert_eq!(r.created, 5);
    assert_eq!(cohorts::get_group(s, g.id).unwrap().size, 5);
    assert!(find(s, "王静").tags.iter().any(|t| t.name == "第2期报名"));

    // Groups by the city column: 杭州 and 南京 groups are made by the cohort's naming rule.
    let c2 = cohorts::add(s, &CohortInput { name: "宝妈成长营 第3期".into(), start_date: "2026-10-01".into(), end_date: "2026-10-21".into(), ..Default::default() }).unwrap();
    let r = import(s, "tencent-qq.csv", ImportOptions { cohort_id: Some(c2.id), group_by_column: Some(6), ..Default::default() });
    assert_eq!(r.created, 2, "{:?}", r.errors);
    let mut names: Vec<String> = cohorts::list_groups(s, c2.id).unwrap().into_iter().map(|g| g.name).collect();
    names.sort();
    assert_eq!(names, ["3期南京1群", "3期杭州1群"]);
}

#[test]
fn export_then_import_gives_back_the_same_members() {
    let t = temp_store();
    qunzhu_core::demo::load(&t.store).unwrap();
    // Tricky values: a formula, a leading dash, a multi-line note, a custom field.
    let mut tricky = crate::person("=HYPERLINK(\"x\")", Some("+1 415 555 0100"), Some("-dash"));
    tricky.notes = "第一行\n第二行".into();
    tricky.custom_fields.insert("宝宝月龄".into(), "@6个月".into());
    // A custom field's name comes from an imported header: the header row is escaped too.
    tricky.custom_fields.insert("=HYPERLINK(\"http://x\",\"点我\")".into(), "是".into());
    members::add(&t.store, &tricky).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let all = |s: &Store| {
        let conn_ids: Vec<i64> = members::list(s, &MemberQuery::default()).unwrap().into_iter().map(|r| r.id).collect();
        let mut v: Vec<String> = conn_ids
            .into_iter()
            .map(|id| {
                let m = members::get(s, id).unwrap();
                let tags: Vec<String> = m.tags.iter().map(|t| t.name.clone()).collect();
                format!("{}|{}|{:?}|{:?}|{:?}|{}|{}|{:?}|{}|{:?}|{:?}", m.name, m.nickname, m.phone, m.wechat, m.gender, m.city, m.channel, m.birthday, m.notes, m.custom_fields, tags)
            })
            .collect();
        v.sort();
        v
    };
    let original = all(&t.store);
    for (file, enc) in [("out.csv", TextEncoding::Utf8), ("out-gbk.csv", TextEncoding::Gbk), ("out.xlsx", TextEncoding::Utf8)] {
        let path = dir.path().join(file);
        let summary = export::export(&t.store, &MemberQuery::default(), &path, enc).unwrap();
        assert_eq!(summary.rows, original.len());
        let bytes = std::fs::read(&path).unwrap();
        if file == "out.csv" {
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel");
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.contains("'=HYPERLINK"), "formula escaped");
            assert!(text.contains("'-dash"));
            assert!(text.lines().next().unwrap().contains("\"'=HYPERLINK("), "the header row escaped: {}", text.lines().next().unwrap());
        }
        let fresh = temp_store();
        let r = import::run(&fresh.store, &path, &ImportOptions::default(), &Job::quiet()).unwrap();
        assert_eq!(r.format, SourceFormat::Qunzhu);
        assert_eq!((r.created, r.error_rows), (original.len(), 0), "{file}: {:?}", r.errors);
        assert_eq!(all(&fresh.store), original, "{file}: round trip");
    }
    let err = export::export(&t.store, &MemberQuery::default(), &dir.path().join("out.pdf"), TextEncoding::Utf8).unwrap_err();
    assert_eq!(err.code(), "bad_file");
}

#[test]
fn cancel_leaves_the_store_as_it_was() {
    let t = temp_store();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.csv");
    let mut text = String::from("姓名,手机号\n");
    for i in 0..3000 {
        text += &format!("学员{i},139{i:08}\n");
    }
    std::fs::write(&f, text).unwrap();
    let cancel = AtomicBool::new(false);
    let seen = std::cell::Cell::new(0);
    let report = |n| {
        seen.set(n);
        if n >= 2000 {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let err = import::run(&t.store, &f, &ImportOptions::default(), &Job::new(&report, &cancel))
    .unwrap_err();
    assert!(matches!(err, Error::Cancelled));
    assert!(seen.get() >= 2000);
    assert_eq!(members::count(&t.store).unwrap(), 0);
}

#[test]
fn xlsx_with_number_phones_date_birthdays_and_a_chosen_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报名表.xlsx");
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "本表为第3期报名，请勿修改表头").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("报名").unwrap();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (c, h) in ["姓名", "手机", "生日", "城市", "宝宝月龄"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // Phones typed as numbers (what most sheets hold), birthdays as real Excel dates.
    ws.write_string(1, 0, "谢婷").unwrap();
    ws.write_number(1, 1, 13800138091.0).unwrap();
    ws.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(1991, 8, 15).unwrap(), &date).unwrap();
    ws.write_string(1, 3, "苏州").unwrap();
    ws.write_string(1, 4, "1岁").unwrap();
    ws.write_string(2, 0, "曹丽").unwrap();
    ws.write_number(2, 1, 13800138092.0).unwrap();
    ws.write_string(2, 2, "农历八月十五").unwrap();
    ws.write_string(2, 3, "无锡").unwrap();
    wb.save(&path).unwrap();

    let t = temp_store();
    let auto = import::preview(&t.store, &path, &ImportOptions::default()).unwrap();
    assert_eq!(auto.sheet.as_deref(), Some("报名"), "the 说明 sheet in front holds no rows");
    let notes = import::preview(&t.store, &path, &ImportOptions { sheet: Some("说明".into()), ..Default::default() }).unwrap_err();
    assert_eq!(notes.code(), "bad_file");
    let r = import::run(&t.store, &path, &ImportOptions { sheet: Some("报名".into()), ..Default::default() }, &Job::quiet()).unwrap();
    assert_eq!((r.encoding.as_str(), r.sheets.clone(), r.created), ("XLSX", vec!["说明".to_string(), "报名".to_string()], 2), "{:?}", r.errors);
    let xie = find(&t.store, "谢婷");
    assert_eq!(xie.phone.as_deref(), Some("13800138091"), "a number cell is still the whole phone");
    let b = xie.birthday.unwrap();
    assert_eq!((b.calendar, b.year, b.month, b.day), (Calendar::Solar, Some(1991), 8, 15));
    assert_eq!(xie.custom_fields.get("宝宝月龄").map(String::as_str), Some("1岁"));
    assert_eq!(find(&t.store, "曹丽").birthday.unwrap().calendar, Calendar::Lunar);
}

#[test]
fn a_big_xlsx_streams_with_exact_row_numbers_and_blank_rows_kept_out() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "手机号", "城市"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // 20,000 members; sheet row 5000 (Excel line 5001) left blank; line 12001 has a phone in
    // scientific notation, the way Excel shows a number typed into a text column.
    let mut written = 0;
    for i in 1..=20_001u32 {
        if i == 5000 {
            continue;
        }
        ws.write_string(i, 0, format!("成员{i}")).unwrap();
        if i == 12_000 {
            ws.write_string(i, 1, "1.38E+10").unwrap();
        } else {
            ws.write_number(i, 1, 13_900_000_000.0 + f64::from(i)).unwrap();
        }
        ws.write_string(i, 2, "杭州").unwrap();
        written += 1;
    }
    wb.save(&path).unwrap();

    let t = temp_store();
    let strict = import::run(&t.store, &path, &ImportOptions::default(), &Job::quiet()).unwrap();
    assert!(!strict.committed);
    assert_eq!((strict.total_rows, strict.error_rows), (written, 1));
    assert_eq!(strict.errors[0].row, 12_001, "the line Excel shows for the bad row");
    assert_eq!(strict.errors[0].column.as_deref(), Some("手机号"));
    assert_eq!(members::count(&t.store).unwrap(), 0, "one bad row stops all");

    let r = import::run(&t.store, &path, &ImportOptions { skip_bad_rows: true, ..Default::default() }, &Job::quiet()).unwrap();
    assert_eq!((r.created, r.skipped), (written - 1, 1));
    assert_eq!(find(&t.store, "成员20001").phone.as_deref(), Some("13900020001"));
    assert_eq!(r.preview[0].row, 2);
    assert_eq!(r.preview[0].cells, vec!["成员1", "13900000001", "杭州"]);
}

#[test]
fn a_lunar_birthday_that_does_not_exist_is_a_row_error_naming_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报名.csv");
    std::fs::write(&path, "姓名,手机号,生日\n孙悦,13800138012,农历1993年闰四月廿三\n周杰,13800138013,农历1993年闰三月廿三\n").unwrap();
    let t = temp_store();
    let r = import::run(&t.store, &path, &ImportOptions::default(), &Job::quiet()).unwrap();
    assert!(!r.committed);
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_deref()), (2, Some("生日")));
    assert!(r.errors[0].message.contains("1993") && r.errors[0].message.contains("闰"), "{}", r.errors[0].message);
}

/// A small XLSX roster whose sheet XML is then edited by `edit`: how damaged and hostile files
/// are made (Excel never writes these; a broken tool or an attacker does).
fn doctored_xlsx(dir: &std::path::Path, edit: impl Fn(String) -> String) -> PathBuf {
    use std::io::{Read, Write};
    let plain = dir.join("plain.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [["姓名", "手机号"], ["林小雨", "13800000001"], ["王芳", "13800000002"], ["陈静", "13800000003"]].iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&plain).unwrap();
    let out = dir.join("doctored.xlsx");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&out).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut body = Vec::new();
        entry.read_to_end(&mut body).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            body = edit(String::from_utf8(body).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&body).unwrap();
    }
    zout.finish().unwrap();
    out
}

#[test]
fn an_xlsx_whose_reader_stops_midway_fails_the_import_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let t = temp_store();
    let run = |path: &PathBuf| import::run(&t.store, path, &ImportOptions::default(), &Job::quiet());
    // A cell reference past u32 (the reader's arithmetic overflows), one past Excel's 16,384
    // columns, one past its 1,048,576 rows (billions of empty rows to stream).
    for (cell, shown) in [("ZZZZZZZ4", None), ("ZZZZZZ4", Some("ZZZZZZ4")), ("A4294967000", Some("A4294967000")), ("A1048577", Some("A1048577"))] {
        let path = doctored_xlsx(dir.path(), |xml| xml.replace(r#"r="A4""#, &format!(r#"r="{cell}""#)));
        let e = run(&path).expect_err(cell);
        assert_eq!(e.code(), "bad_file", "{cell}: {e:?}");
        let msg = e.message(qunzhu_core::Lang::Zh);
        assert!(msg.contains("doctored.xlsx"), "{cell}: names the file: {msg}");
        if let Some(shown) = shown {
            assert!(msg.contains(shown), "{cell}: names the cell: {msg}");
        }
        assert_eq!(members::count(&t.store).unwrap(), 0, "{cell}: nothing of the rows before it is kept");
    }
    // The same file undamaged imports.
    let path = doctored_xlsx(dir.path(), |xml| xml);
    assert_eq!(run(&path).unwrap().created, 3);
}

#[test]
fn a_broken_byte_in_a_utf8_file_is_named_by_its_line_early_or_late() {
    let dir = tempfile::tempdir().unwrap();
    let t = temp_store();
    // 3,000 rows of Chinese names (about 100 KiB): one broken byte in line 5 (inside the first
    // 64 KiB the encoding is guessed from), then one in line 2,900 (past it).
    let roster = |bad_line: usize| {
        let mut bytes = "姓名,手机号,城市\n".as_bytes().to_vec();
        for i in 2..=3001 {
            let mut line = format!("学员{i}号林小雨,139{i:08},杭州市西湖区\n").into_bytes();
            if i == bad_line {
                line.insert(3, 0xFF);
            }
            bytes.extend(line);
        }
        let path = dir.path().join(format!("roster-{bad_line}.csv"));
        std::fs::write(&path, bytes).unwrap();
        path
    };
    for line in [5u64, 2900] {
        let e = import::run(&t.store, &roster(line as usize), &ImportOptions::default(), &Job::quiet()).unwrap_err();
        match &e {
            Error::BrokenBytes { line: at, encoding, .. } => assert_eq!((*at, *encoding), (line, "UTF-8"), "{e:?}"),
            other => panic!("line {line}: {other:?}"),
        }
        let msg = e.message(qunzhu_core::Lang::Zh);
        assert!(msg.contains(&format!("第 {line} 行")) && msg.contains(&format!("roster-{line}.csv")), "{msg}");
        assert_eq!(members::count(&t.store).unwrap(), 0);
    }
}
