//! `qunzhu-cli` as scripts use it: the exact commands and JSON fields of the issue.

use serde_json::Value;
use std::process::{Command, Output};

fn cli(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qunzhu-cli"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("run qunzhu-cli")
}

/// Runs a command that must succeed; its stdout.
fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = cli(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn ok_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = cli(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn members_cohorts_and_backups_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let added = ok_json(d, &["members", "add", "--name", "张三", "--phone", "138 0013 8000", "--wechat", "zs_001", "--city", "北京", "--json"]);
    assert_eq!(added["phone"], "13800138000");
    assert!(cli(d, &["members", "add", "--name", "李四", "--city", "上海"]).status.success());

    let list = ok_json(d, &["members", "list", "--search", "zs", "--json"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    for field in ["id", "name", "phone", "wechat", "city"] {
        assert!(rows[0].get(field).is_some(), "missing {field}");
    }
    assert_eq!(rows[0]["name"], "张三");
    assert_eq!(rows[0]["wechat"], "zs_001");
    assert_eq!(ok_json(d, &["members", "list", "--json"]).as_array().unwrap().len(), 2);

    assert!(cli(d, &["cohorts", "add", "--name", "21天写作营 第1期", "--start", "2026-09-01", "--end", "2026-09-21"]).status.success());
    let cohorts = ok_json(d, &["cohorts", "list", "--json"]);
    assert_eq!(cohorts[0]["name"], "21天写作营 第1期");
    assert_eq!(cohorts[0]["start_date"], "2026-09-01");

    let created = cli(d, &["backup", "create"]);
    assert!(created.status.success());
    let id = String::from_utf8(created.stdout).unwrap().trim().to_string();
    assert!(id.starts_with("qunzhu-"), "{id}");
    let backups = ok_json(d, &["backup", "list", "--json"]);
    assert!(backups.as_array().unwrap().iter().any(|b| b["id"] == id.as_str()));
    assert!(cli(d, &["members", "add", "--name", "王五"]).status.success());
    assert!(cli(d, &["backup", "restore", &id]).status.success());
    assert_eq!(ok_json(d, &["members", "list", "--json"]).as_array().unwrap().len(), 2, "王五 came after the backup");
}

#[test]
fn two_records_of_one_person_merged_and_the_merge_undone_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let kept = ok_json(d, &["members", "add", "--name", "张三", "--phone", "13800138000", "--json"]);
    let gone = ok_json(d, &["members", "add", "--name", "张小三", "--wechat", "zs_001", "--city", "北京", "--json"]);
    let (kept_id, gone_id) = (kept["id"].to_string(), gone["id"].to_string());
    let report = ok_json(d, &["members", "merge", &kept_id, &gone_id, "--json"]);
    for field in ["merge_id", "kept_id", "kept_name", "gone_name", "moved", "dropped", "filled"] {
        assert!(report.get(field).is_some(), "missing {field}");
    }
    let shown = ok_json(d, &["members", "show", &kept_id, "--json"]);
    assert_eq!((shown["wechat"].as_str(), shown["city"].as_str()), (Some("zs_001"), Some("北京")));
    assert_eq!(ok_json(d, &["members", "list", "--json"]).as_array().unwrap().len(), 1);
    ok(d, &["members", "unmerge", &report["merge_id"].to_string()]);
    assert_eq!(ok_json(d, &["members", "list", "--search", "zs_001", "--json"])[0]["id"].to_string(), gone_id);
    let again = cli(d, &["members", "unmerge", &report["merge_id"].to_string()]);
    assert!(!again.status.success(), "a merge is undone once");
}

#[test]
fn a_member_placed_in_a_group_with_a_role_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Long over: placed without a date, they joined on its first day.
    ok(d, &["cohorts", "add", "--name", "往期营", "--start", "2020-03-01", "--end", "2020-03-21"]);
    ok(d, &["groups", "add", "--cohort", "往期营", "--name", "往期1群"]);
    let m = ok_json(d, &["members", "add", "--name", "王芳", "--json"]);
    let placed = ok_json(d, &["members", "place", "--cohort", "往期营", "--member", "王芳", "--group", "往期1群", "--role", "班长", "--json"]);
    for field in ["cohort_id", "cohort_name", "group_name", "role_key", "role_name", "joined_on", "left_on"] {
        assert!(placed.get(field).is_some(), "missing {field}: {placed}");
    }
    assert_eq!((placed["group_name"].as_str(), placed["role_key"].as_str(), placed["joined_on"].as_str()), (Some("往期1群"), Some("monitor"), Some("2020-03-01")));
    // By id and role key, with dates: the placement changes.
    let again = ok_json(d, &["members", "place", "--cohort", "往期营", "--member", &m["id"].to_string(), "--role", "assistant", "--joined", "2020-03-02", "--left", "2020-03-09", "--json"]);
    assert_eq!((again["role_name"].as_str(), again["joined_on"].as_str(), again["left_on"].as_str()), (Some("助教"), Some("2020-03-02"), Some("2020-03-09")));
    for bad in [&["--role", "校长"][..], &["--group", "没有这个群"], &["--joined", "2020-03-10", "--left", "2020-03-01"]] {
        let out = cli(d, &[&["members", "place", "--cohort", "往期营", "--member", "王芳"][..], bad].concat());
        assert!(!out.status.success(), "{bad:?} is refused");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error["), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn errors_go_to_stderr_with_a_code_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = cli(d, &["cohorts", "add", "--name", "X", "--start", "2026-10-01", "--end", "2026-09-01"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[end_before_start]:"), "{err}");
    assert!(err.contains("结束日期 2026-09-01 早于开始日期 2026-10-01"), "{err}");

    let out = cli(d, &["members", "add", "--name", ""]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[empty]"));
    let out = cli(d, &["backup", "restore", "nope"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[not_found]"));
}

#[test]
fn demo_load_fills_an_empty_folder_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = cli(d, &["demo", "load"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let n = ok_json(d, &["members", "list", "--json"]).as_array().unwrap().len();
    assert!(n >= 300, "{n}");
    let again = cli(d, &["demo", "load"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("error[not_empty]"));
}

#[test]
fn import_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/import");
    assert!(cli(d, &["cohorts", "add", "--name", "第1期", "--start", "2026-09-01", "--end", "2026-09-21"]).status.success());
    assert!(cli(d, &["groups", "add", "--cohort", "第1期", "--name", "1期1群"]).status.success());
    let gbk = fixtures.join("excel-roster-gbk.csv");
    let gbk = gbk.to_str().unwrap();

    let dry = ok_json(d, &["members", "import", gbk, "--dry-run", "--json"]);
    assert_eq!((dry["created"].as_u64(), dry["committed"].as_bool()), (Some(5), Some(false)));
    assert_eq!(ok_json(d, &["members", "list", "--json"]).as_array().unwrap().len(), 0, "dry run wrote nothing");

    let r = ok_json(d, &["members", "import", gbk, "--cohort", "第1期", "--group", "1期1群", "--tag", "秋季报名", "--json"]);
    for field in ["created", "updated", "skipped", "errors"] {
        assert!(r.get(field).is_some(), "report lacks {field}");
    }
    assert_eq!((r["created"].as_u64(), r["updated"].as_u64(), r["skipped"].as_u64()), (Some(5), Some(0), Some(0)));
    assert_eq!(r["errors"], serde_json::json!([]));
    let groups = ok_json(d, &["groups", "list", "--cohort", "第1期", "--json"]);
    assert_eq!(groups[0]["size"], 5);

    // Bad rows: a report of {row, column, message} and a non-zero exit, nothing written.
    let sci = fixtures.join("scientific-phone.csv");
    let out = cli(d, &["members", "import", sci.to_str().unwrap(), "--json"]);
    assert!(!out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"][0]["row"], 2);
    assert_eq!(report["errors"][0]["column"], "手机号");
    assert!(report["errors"][0]["message"].as_str().unwrap().contains("科学计数法"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[bad_rows]"));
    assert_eq!(ok_json(d, &["members", "list", "--json"]).as_array().unwrap().len(), 5);

    for (file, enc) in [("out.csv", "utf-8"), ("out-gbk.csv", "gbk"), ("out.xlsx", "utf-8")] {
        let path = d.join(file);
        let out = cli(d, &["members", "export", path.to_str().unwrap(), "--encoding", enc]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(std::fs::metadata(&path).unwrap().len() > 100);
    }
    let gbk_bytes = std::fs::read(d.join("out-gbk.csv")).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&gbk_bytes);
    assert!(!bad && text.starts_with("姓名,群昵称,手机号"), "GBK export has Chinese headers");
}

#[test]
fn lunar_conversions_and_birthdays_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let l = ok_json(d, &["lunar", "from-solar", "2023-03-22", "--json"]);
    assert_eq!(l, serde_json::json!({"lunar_year": 2023, "lunar_month": 2, "lunar_day": 1, "is_leap_month": true}));
    let s = ok_json(d, &["lunar", "to-solar", "--year", "2023", "--month", "2", "--day", "1", "--leap", "--json"]);
    assert_eq!(s, serde_json::json!({"date": "2023-03-22"}));
    let bad = cli(d, &["lunar", "to-solar", "--year", "2024", "--month", "6", "--day", "1", "--leap", "--json"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("error[bad_lunar_date]") && err.contains("闰六月"), "{err}");

    let store = qunzhu_core::Store::open(d).unwrap();
    use qunzhu_core::members::{self, Birthday, Calendar, MemberInput};
    let add = |name: &str, b: Birthday| members::add(&store, &MemberInput { name: name.into(), birthday: Some(b), ..Default::default() }).unwrap().id;
    let laba = add("腊八", Birthday { calendar: Calendar::Lunar, year: Some(1990), month: 12, day: 8, leap_month: false });
    let spring = add("春生", Birthday { calendar: Calendar::Solar, year: None, month: 1, day: 20, leap_month: false });
    drop(store);
    let rows = ok_json(d, &["birthdays", "upcoming", "--days", "60", "--from", "2026-12-01", "--json"]);
    assert_eq!(
        rows,
        serde_json::json!([
            {"member_id": laba, "name": "腊八", "date": "2027-01-15", "kind": "lunar", "age": 36},
            {"member_id": spring, "name": "春生", "date": "2027-01-20", "kind": "solar"}
        ])
    );
    let ics = d.join("生日.ics");
    let out = cli(d, &["birthdays", "ics", ics.to_str().unwrap(), "--years", "2", "--from", "2026-12-01"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3, "two dated lunar events and one yearly solar one");
    assert!(text.contains("DTSTART;VALUE=DATE:20270115"));
}

#[test]
fn sop_check_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/sop/default-21day.toml");
    let out = cli(d, &["sop", "check", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: 21 天训练营"));
    let bad = d.join("我的SOP.toml");
    std::fs::write(&bad, "key = \"x\"\nname = \"我的\"\n[[task]]\ntitle = \"早安\"\nanchor = \"D0\"\ntime = \"25:00\"\nrole = \"助教\"\n").unwrap();
    let out = cli(d, &["sop", "check", bad.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[bad_template]") && err.contains("第 6 行") && err.contains("25:00"), "{err}");
}

#[test]
fn a_cohort_with_an_sop_and_its_calendar_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = cli(d, &["cohorts", "add", "--name", "21天写作营 第6期", "--start", "2027-03-01", "--end", "2027-03-21", "--sop", "default-21day"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let day1 = ok_json(d, &["calendar", "list", "--cohort", "21天写作营 第6期", "--from", "2027-03-01", "--to", "2027-03-01", "--json"]);
    let rows = day1.as_array().unwrap();
    for field in ["date", "time", "title", "role", "done", "message"] {
        assert!(rows[0].get(field).is_some(), "missing {field}");
    }
    assert!(rows.iter().any(|r| r["title"] == "开营仪式" && r["time"] == "20:00" && r["role"] == "班长" && r["done"] == false));
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "in time order");
    let bad = cli(d, &["cohorts", "add", "--name", "第7期", "--start", "2027-03-01", "--end", "2027-03-21", "--sop", "nope"]);
    assert!(!bad.status.success());
    let names: Vec<String> = ok_json(d, &["cohorts", "list", "--json"]).as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["21天写作营 第6期"], "an unknown SOP leaves no cohort behind");
}

#[test]
fn one_off_tasks_a_link_and_an_edited_template_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Dates from today, so the cohort is running whenever the test runs.
    let today = chrono::Local::now().date_naive();
    let (start, end) = ((today - chrono::Duration::days(2)).to_string(), (today + chrono::Duration::days(18)).to_string());
    let name = "21天写作营 第9期";
    let out = cli(d, &["cohorts", "add", "--name", name, "--start", &start, "--end", &end, "--sop", "default-21day", "--link", "https://kdocs.cn/l/nine"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list = |cohort: &str, from: &str| ok_json(d, &["calendar", "list", "--cohort", cohort, "--from", from, "--to", from, "--json"]).as_array().unwrap().clone();
    let day = list(name, &start);
    let checkin = day.iter().find(|r| r["title"] == "早间打卡提醒").unwrap();
    assert!(checkin["message"].as_str().unwrap().contains("https://kdocs.cn/l/nine"), "{checkin}");

    // A one-off task; a bad time names the field.
    let out = cli(d, &["calendar", "add", "--cohort", name, "--date", &start, "--time", "21:15", "--title", "寄嘉宾礼物", "--role", "助教"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bad = cli(d, &["calendar", "add", "--cohort", name, "--date", &start, "--time", "9点", "--title", "x"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("时间"), "{}", String::from_utf8_lossy(&bad.stderr));
    let day = list(name, &start);
    let gift = day.iter().find(|r| r["title"] == "寄嘉宾礼物").unwrap();
    assert_eq!((gift["time"].as_str(), gift["role"].as_str()), (Some("21:15"), Some("助教")));

    // My own copy of the template, a cohort on it, its first night greeting ticked done.
    let src = qunzhu_core::sop::BUNDLED[0].1.replace("key = \"default-21day\"", "key = \"camp\"").replace("晚安！", "晚安～");
    let file = d.join("camp.toml");
    std::fs::write(&file, &src).unwrap();
    let out = cli(d, &["sop", "save", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = ok_json(d, &["sop", "list", "--json"]);
    assert!(listed.as_array().unwrap().iter().any(|s| s["key"] == "camp" && s["builtin"] == false));
    let name = "21天写作营 第10期";
    assert!(cli(d, &["cohorts", "add", "--name", name, "--start", &start, "--end", &end, "--sop", "camp"]).status.success());
    let night = list(name, &start).into_iter().find(|r| r["title"] == "晚安问候").unwrap();
    assert!(night["message"].as_str().unwrap().starts_with("晚安～"));
    let id = night["id"].as_i64().unwrap().to_string();
    assert!(cli(d, &["calendar", "done", &id]).status.success());

    // Edit again and update the running cohorts: the done task keeps its wording, the rest change.
    std::fs::write(&file, src.replace("晚安～", "晚安啦")).unwrap();
    let out = cli(d, &["sop", "save", file.to_str().unwrap(), "--update-running"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("updated {name}")), "{}", String::from_utf8_lossy(&out.stdout));
    let all = ok_json(d, &["calendar", "list", "--cohort", name, "--json"]);
    let nights: Vec<&Value> = all.as_array().unwrap().iter().filter(|r| r["title"] == "晚安问候").collect();
    assert_eq!(nights.iter().filter(|r| r["message"].as_str().unwrap().starts_with("晚安啦")).count(), nights.len() - 1);
    let kept = nights.iter().find(|r| r["id"] == night["id"]).unwrap();
    assert_eq!((kept["done"].as_bool(), kept["message"].as_str()), (Some(true), night["message"].as_str()), "done: untouched");
    // A bundled key is refused.
    let bundled = d.join("default.toml");
    std::fs::write(&bundled, qunzhu_core::sop::BUNDLED[0].1).unwrap();
    let refused = cli(d, &["sop", "save", bundled.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("内置"), "{}", String::from_utf8_lossy(&refused.stderr));
}

#[test]
fn a_cohort_calendar_as_ics_read_by_two_other_parsers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = cli(d, &["cohorts", "add", "--name", "21天写作营 第8期", "--start", "2027-03-01", "--end", "2027-03-21", "--sop", "default-21day"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tasks = ok_json(d, &["calendar", "list", "--cohort", "21天写作营 第8期", "--json"]).as_array().unwrap().len();
    let file = d.join("第8期.ics");
    let out = cli(d, &["calendar", "ics", "--cohort", "21天写作营 第8期", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    let e2e = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e");
    let python = if std::path::Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    for (cmd, script) in [(python, "ics-check.py"), ("node", "ics-check.mjs")] {
        let out = Command::new(cmd).arg(e2e.join(script)).arg(&file).output().expect("parser");
        assert!(out.status.success(), "{script}: {}", String::from_utf8_lossy(&out.stderr));
        let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
        let events = parsed["events"].as_array().unwrap();
        assert_eq!(events.len(), tasks, "{script}");
        let opening = events.iter().find(|e| e["summary"].as_str().unwrap().starts_with("开营仪式")).unwrap();
        assert!(opening["start"].as_str().unwrap().starts_with("2027-03-01T20:00:00"), "{script}: {opening}");
        assert_eq!(opening["alarms"], serde_json::json!([-600]), "{script}");
        assert!(events.iter().all(|e| e["stamp_utc"] == true), "{script}");
    }
}

#[test]
fn certificates_for_a_cohort_as_one_pdf_then_verified_from_the_qr_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "21天写作营 第3期";
    assert!(cli(d, &["cohorts", "add", "--name", name, "--start", "2026-11-01", "--end", "2026-11-21"]).status.success());
    let csv = d.join("学员.csv");
    std::fs::write(&csv, "姓名,手机号\n刘䶮,13800000001\n王𫖮,13800000002\nAlexandra Johnson-Smith,13800000003\n").unwrap();
    let out = cli(d, &["members", "import", csv.to_str().unwrap(), "--cohort", name]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let pdf = d.join("结业证书.pdf");
    let out = cli(d, &["render", "certificates", "--cohort", name, "--template", "completion_certificate", "--out", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("3 pages written"), "{stdout}");
    for serial in ["QZ-2026-000001", "QZ-2026-000002", "QZ-2026-000003"] {
        assert!(stdout.contains(serial), "{stdout}");
    }
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext");
    let text: String = String::from_utf8_lossy(&text.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    for n in ["刘䶮", "王𫖮", "AlexandraJohnson-Smith", "QZ-2026-000002"] {
        assert!(text.contains(n), "{n} missing from the PDF text");
    }

    // One member's certificate as a PNG: its QR code (the same serial: issued before) verifies.
    let png = d.join("刘䶮.png");
    let out = cli(d, &["render", "poster", "--member", "刘䶮", "--template", "completion_certificate", "--out", png.to_str().unwrap(), "--width", "2246"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pixmap = resvg::tiny_skia::Pixmap::load_png(&png).unwrap();
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let data = pixmap.data();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| data[(y * w + x) * 4 + 1]);
    let grids = img.detect_grids();
    let (_, payload) = grids[0].decode().unwrap();
    let verdict = ok(d, &["certificates", "verify", &payload]);
    assert!(verdict.starts_with("valid\tQZ-2026-00000") && verdict.contains("刘䶮"), "{verdict}");
    let forged = ok(d, &["certificates", "verify", &payload.replace("刘䶮", "刘邦")]);
    assert_eq!(forged.trim(), "forged");
    let serial = verdict.split('\t').nth(1).unwrap().to_string();
    assert!(cli(d, &["certificates", "revoke", &serial]).status.success());
    assert!(ok(d, &["certificates", "verify", &payload]).starts_with("revoked"));
    // The list carries each certificate's QR text and its revocation.
    let list: serde_json::Value = serde_json::from_str(&ok(d, &["certificates", "list", "--search", &serial, "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!((list[0]["serial"].as_str(), list[0]["payload"].as_str()), (Some(serial.as_str()), Some(payload.as_str())));
    assert!(list[0]["revoked_at"].is_string());
    assert_eq!(serde_json::from_str::<serde_json::Value>(&ok(d, &["certificates", "list", "--cohort", name, "--json"])).unwrap().as_array().unwrap().len(), 3);

    // Template checks: a bundled one is fine; one fetching a URL is refused with its line.
    let good = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets/templates/today-star.svg");
    let out = Command::new(env!("CARGO_BIN_EXE_qunzhu-cli")).args(["templates", "check", good.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let bad = d.join("bad.svg");
    std::fs::write(&bad, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n<image href=\"http://example.com/x.png\"/>\n</svg>").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_qunzhu-cli")).args(["templates", "check", bad.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("refused: line 2: href=\"http://example.com/x.png\""), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn check_ins_points_and_silent_members_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "21天写作营 第3期";
    let today = chrono::Local::now().date_naive();
    let start = (today - chrono::Duration::days(10)).to_string();
    let end = (today + chrono::Duration::days(10)).to_string();
    ok(d, &["cohorts", "add", "--name", name, "--start", &start, "--end", &end]);
    let csv = d.join("placed.csv");
    std::fs::write(&csv, "姓名,群昵称\n林小雨,杭州-林小雨-宝妈\n王芳,\n陈静,\n").unwrap();
    ok(d, &["members", "import", csv.to_str().unwrap(), "--cohort", name]);

    // Two names and a nickname segment match; a stranger is listed, not dropped.
    let day = (today - chrono::Duration::days(1)).to_string();
    let out = ok_json(d, &["checkins", "mark", "--cohort", name, "--date", &day, "--kind", "checkin", "@林小雨", "王芳", "路人甲", "--json"]);
    assert_eq!(out["changed"], 2);
    assert_eq!(out["unmatched"], serde_json::json!(["路人甲"]));
    ok(d, &["checkins", "mark", "--cohort", name, "--date", &day, "--kind", "excellent", "宝妈"]);
    let bad = cli(d, &["checkins", "mark", "--cohort", name, "--date", &day, "--kind", "sleep", "王芳"]);
    assert!(!bad.status.success());

    // The leaderboard: 林小雨 1 + 2 + 5, 王芳 1, 陈静 0.
    let board = ok_json(d, &["points", "leaderboard", "--cohort", name, "--json"]);
    let rows: Vec<(String, i64, i64)> = board.as_array().unwrap().iter().map(|r| (r["name"].as_str().unwrap().to_string(), r["points"].as_i64().unwrap(), r["rank"].as_i64().unwrap())).collect();
    assert_eq!(rows, [("林小雨".to_string(), 8, 1), ("王芳".to_string(), 1, 2), ("陈静".to_string(), 0, 3)]);
    assert!(board[0]["member_id"].is_i64());
    let day_board = ok_json(d, &["points", "leaderboard", "--cohort", name, "--period", "day", "--date", &today.to_string(), "--json"]);
    assert!(day_board.as_array().unwrap().iter().all(|r| r["points"] == 0), "nothing today yet");

    // A rule change applies from now on; the ledger explains each point.
    ok(d, &["points", "set-rule", "checkin", "2"]);
    ok(d, &["checkins", "mark", "--cohort", name, "--date", &today.to_string(), "--kind", "checkin", "王芳"]);
    ok(d, &["points", "adjust", "王芳", "--points", "-1", "--reason", "重复打卡"]);
    let ledger = ok_json(d, &["points", "ledger", "王芳", "--json"]);
    let pts: Vec<i64> = ledger["entries"].as_array().unwrap().iter().map(|e| e["points"].as_i64().unwrap()).collect();
    assert_eq!(pts.iter().sum::<i64>(), ledger["total"].as_i64().unwrap());
    assert_eq!(ledger["total"], 2 + 1 - 1);

    // Silent for a day: 林小雨 was last seen yesterday; 王芳 checked in today; 陈静 only joined today.
    let silent = ok_json(d, &["members", "silent", "--cohort", name, "--days", "1", "--json"]);
    let names: Vec<&str> = silent.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["林小雨"]);
    assert_eq!((silent[0]["days_silent"].as_i64(), silent[0]["last_active"].as_str()), (Some(1), Some(day.as_str())));
}

#[test]
fn chat_exports_imported_and_summed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "21天写作营 第3期";
    ok(d, &["cohorts", "add", "--name", name, "--start", "2026-11-14", "--end", "2026-12-04"]);
    let csv = d.join("placed.csv");
    std::fs::write(&csv, "姓名,群昵称,微信号\n张三,北京-张三-设计,\n李四,,wxid_lisi\n").unwrap();
    ok(d, &["members", "import", csv.to_str().unwrap(), "--cohort", name]);
    let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/chats/liuhen-old.csv");
    let r = ok_json(d, &["chats", "import", file.to_str().unwrap(), "--cohort", name, "--json"]);
    assert_eq!((r["format"].as_str(), r["messages"].as_u64(), r["new_messages"].as_u64()), (Some("留痕 CSV"), Some(8), Some(8)));
    assert_eq!((r["senders"].as_u64(), r["matched"].as_u64(), r["unmatched"].as_u64(), r["checkins_detected"].as_u64()), (Some(4), Some(2), Some(2), Some(1)));
    let again = ok_json(d, &["chats", "import", file.to_str().unwrap(), "--cohort", name, "--json"]);
    assert_eq!(again["new_messages"], 0);
    let st = ok_json(d, &["chats", "stats", "--cohort", name, "--json"]);
    assert_eq!(st["by_hour"].as_array().unwrap().len(), 24);
    assert_eq!(st["by_hour"][8], 4);
    assert!(st["monitor_share_by_week"].is_array());
    let zhang = st["members"].as_array().unwrap().iter().find(|m| m["name"] == "张三").unwrap();
    assert_eq!((zhang["messages"].as_u64(), zhang["active_days"].as_u64(), zhang["checkins"].as_u64()), (Some(2), Some(1), Some(1)));
    assert!(zhang["member_id"].is_i64());
    let bad = cli(d, &["chats", "import", csv.to_str().unwrap(), "--cohort", name]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("留痕"));
}

#[test]
fn a_retro_report_is_written_as_markdown_and_a_wrong_extension_is_refused_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["cohorts", "add", "--name", "21天写作营 第1期", "--start", "2026-09-01", "--end", "2026-09-21"]);
    let md = d.join("report.md");
    ok(d, &["retro", "export", "--cohort", "21天写作营 第1期", md.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&md).unwrap().contains("21天写作营 第1期"));
    let docx = d.join("report.docx");
    let out = cli(d, &["retro", "export", "--cohort", "21天写作营 第1期", docx.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("report.docx") && err.contains(".pdf") && err.contains(".md") && err.contains("复盘报告"), "{err}");
    assert!(!docx.exists());
}
