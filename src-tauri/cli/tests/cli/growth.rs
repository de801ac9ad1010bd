//! `qunzhu-cli orders|costs|growth` as scripts use them: the exact commands and JSON fields of
//! the growth ledger's issue.

use serde_json::Value;
use std::process::{Command, Output};

fn cli(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qunzhu-cli")).arg("--data-dir").arg(dir).args(args).env("LANG", "zh_CN.UTF-8").output().expect("run qunzhu-cli")
}

fn ok_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = cli(dir, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn orders_costs_and_the_growth_report_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sheet = crate::fixture("growth", "xiaoe-orders-gbk.csv");
    let sheet = sheet.to_str().unwrap();
    assert!(cli(d, &["cohorts", "add", "--name", "写作营7期", "--start", "2026-03-01", "--end", "2026-03-28"]).status.success());

    // An unknown cohort is an error naming it; nothing is read.
    let out = cli(d, &["orders", "import", sheet, "--cohort", "写作营9期"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("写作营9期"));

    let dry = ok_json(d, &["orders", "import", sheet, "--cohort", "写作营7期", "--dry-run", "--json"]);
    assert_eq!((dry["created"].as_u64(), dry["committed"].as_bool()), (Some(8), Some(false)));
    let r = ok_json(d, &["orders", "import", sheet, "--cohort", "写作营7期", "--json"]);
    for (field, want) in [("created", 8), ("updated", 0), ("unchanged", 0), ("skipped", 0)] {
        assert_eq!(r[field].as_u64(), Some(want), "{field}: {r}");
    }
    assert_eq!(r["errors"].as_array().map(Vec::len), Some(0));
    let again = ok_json(d, &["orders", "import", sheet, "--cohort", "写作营7期", "--json"]);
    assert_eq!((again["created"].as_u64(), again["unchanged"].as_u64()), (Some(0), Some(8)), "importing twice changes nothing");

    let list = ok_json(d, &["orders", "list", "--cohort", "写作营7期", "--json"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 8);
    let wang = rows.iter().find(|r| r["name"] == "王杰").expect("王杰");
    for field in ["member_id", "name", "channel", "referrer", "amount", "status", "paid_at"] {
        assert!(wang.get(field).is_some(), "orders list lacks {field}");
    }
    assert_eq!((wang["channel"].as_str(), wang["referrer"].as_str(), wang["amount"].as_f64()), (Some("小红书"), Some("林小雨"), Some(199.0)));
    assert_eq!(wang["paid_at"], "2026-02-21 09:00:00");
    let liu = rows.iter().find(|r| r["name"] == "刘强").unwrap();
    assert_eq!((liu["amount"].as_f64(), liu["status"].as_str()), (Some(1299.0), Some("refunded")));

    // Bad rows: exit 1, each named by row and column, nothing written.
    let bad = crate::fixture("growth", "bad-orders.csv");
    let out = cli(d, &["orders", "import", bad.to_str().unwrap(), "--cohort", "写作营7期", "--json"]);
    assert!(!out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"][0]["row"], 2);
    assert_eq!(report["errors"][0]["column"], "实付金额");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error[bad_rows]"), "{}", String::from_utf8_lossy(&out.stderr));

    let cost = ok_json(d, &["costs", "add", "--cohort", "写作营7期", "--amount", "300", "--category", "投放", "--channel", "小红书", "--json"]);
    assert_eq!((cost["amount"].as_f64(), cost["category"].as_str(), cost["spent_on"].as_str()), (Some(300.0), Some("ads"), Some("2026-03-01")));
    ok_json(d, &["costs", "add", "--cohort", "写作营7期", "--amount", "200.50", "--category", "红包", "--date", "2026-03-08", "--note", "开营红包", "--json"]);
    let out = cli(d, &["costs", "add", "--cohort", "写作营7期", "--amount", "-5", "--category", "投放"]);
    assert!(!out.status.success(), "a negative cost is refused");
    let out = cli(d, &["costs", "add", "--cohort", "写作营7期", "--amount", "5", "--category", "饭钱"]);
    assert!(!out.status.success(), "an unknown category is refused");

    let g = ok_json(d, &["growth", "--cohort", "写作营7期", "--json"]);
    for field in ["cohort", "reached", "signups", "paid", "joined", "active", "completed", "renewed", "refunded", "revenue", "refunds", "cost", "cost_per_paid", "cost_per_completed", "channels", "referrers"] {
        assert!(g.get(field).is_some(), "growth lacks {field}: {g}");
    }
    assert_eq!((g["signups"].as_u64(), g["paid"].as_u64(), g["refunded"].as_u64()), (Some(8), Some(6), Some(2)));
    assert_eq!((g["revenue"].as_f64(), g["refunds"].as_f64(), g["cost"].as_f64()), (Some(2493.0), Some(499.0), Some(500.5)));
    assert_eq!(g["cost_per_paid"].as_f64(), Some(83.42), "500.50 / 6 to the fen");
    assert_eq!((g["completed"].as_u64(), g["cost_per_completed"].as_f64()), (Some(6), Some(83.42)), "by default everyone placed who stayed graduates");
    let xhs = g["channels"].as_array().unwrap().iter().find(|c| c["channel"] == "小红书").unwrap();
    for field in ["channel", "signups", "paid", "joined", "active", "completed", "renewed", "revenue", "cost"] {
        assert!(xhs.get(field).is_some(), "channel row lacks {field}");
    }
    assert_eq!((xhs["signups"].as_u64(), xhs["cost"].as_f64()), (Some(3), Some(300.0)));
    let gzh = g["channels"].as_array().unwrap().iter().find(|c| c["channel"] == "公众号").unwrap();
    assert_eq!(gzh["cost"], Value::Null, "a channel with no cost recorded is null, never 0");
    let top = &g["referrers"][0];
    for field in ["member_id", "name", "referred", "paid", "completed"] {
        assert!(top.get(field).is_some(), "referrer row lacks {field}");
    }
    assert_eq!((top["name"].as_str(), top["referred"].as_u64()), (Some("林小雨"), Some(2)));

    let all = ok_json(d, &["growth", "--all", "--json"]);
    assert_eq!(all["cohorts"].as_array().map(Vec::len), Some(1));
    assert_eq!(all["totals"]["signups"].as_u64(), Some(8));

    // members add --referrer, and the list filtered by referrer and by channel.
    let lin = rows.iter().find(|r| r["name"] == "林小雨").unwrap()["member_id"].as_i64().unwrap();
    let added = ok_json(d, &["members", "add", "--name", "新同学", "--referrer", "林小雨", "--channel", "朋友圈", "--json"]);
    assert_eq!(added["referrer_id"].as_i64(), Some(lin));
    let brought = ok_json(d, &["members", "list", "--referrer", &lin.to_string(), "--json"]);
    let mut names: Vec<&str> = brought.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["新同学", "王杰", "陈美"]);
    let by_xhs = ok_json(d, &["members", "list", "--channel", "小红书", "--json"]);
    assert_eq!(by_xhs.as_array().unwrap().len(), 3);
    assert!(!cli(d, &["members", "add", "--name", "无名", "--referrer", "不存在的人"]).status.success());
    assert!(!String::from_utf8_lossy(&cli(d, &["members", "list", "--json"]).stdout).contains("无名"), "an unknown referrer adds nobody");

    // The completion rule, and 推荐完课 credited only to referrers of graduates.
    let rule = ok_json(d, &["cohorts", "completion", "--cohort", "写作营7期", "--checkins", "2", "--json"]);
    assert_eq!((rule["checkins"].as_u64(), rule["describe"].as_str()), (Some(2), Some("不退群，且打卡 ≥ 2 次")));
    for day in ["2026-03-02", "2026-03-03"] {
        assert!(cli(d, &["checkins", "mark", "--cohort", "写作营7期", "--date", day, "--kind", "checkin", "王杰"]).status.success());
    }
    let out = cli(d, &["points", "referrals", "--cohort", "写作营7期"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 credited"), "{}", String::from_utf8_lossy(&out.stdout));
    let ledger = ok_json(d, &["points", "ledger", &lin.to_string(), "--json"]);
    assert_eq!(ledger["total"].as_i64(), Some(10), "{ledger}");
    let g = ok_json(d, &["growth", "--cohort", "写作营7期", "--json"]);
    assert_eq!(g["completed"].as_u64(), Some(1));
    assert_eq!(g["cost_per_completed"].as_f64(), Some(500.5));
}

#[test]
fn a_sign_up_deleted_from_the_command_line_waits_in_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sheet = crate::fixture("growth", "xiaoe-orders-gbk.csv");
    assert!(cli(d, &["cohorts", "add", "--name", "写作营7期", "--start", "2026-03-01", "--end", "2026-03-28"]).status.success());
    ok_json(d, &["orders", "import", sheet.to_str().unwrap(), "--cohort", "写作营7期", "--json"]);
    let list = ok_json(d, &["orders", "list", "--cohort", "写作营7期", "--json"]);
    let wang = list.as_array().unwrap().iter().find(|r| r["name"] == "王杰").unwrap()["id"].as_i64().expect("orders list has id");
    assert!(cli(d, &["orders", "delete", &wang.to_string()]).status.success());
    assert_eq!(ok_json(d, &["growth", "--cohort", "写作营7期", "--json"])["signups"].as_u64(), Some(7));
    let trash = ok_json(d, &["trash", "list", "--json"]);
    let item = trash.as_array().unwrap().iter().find(|t| t["kind"] == "order").expect("the sign-up is in the trash");
    assert_eq!((item["id"].as_i64(), item["label"].as_str()), (Some(wang), Some("王杰 · 写作营7期")));
    assert!(cli(d, &["trash", "restore", "order", &wang.to_string()]).status.success());
    assert_eq!(ok_json(d, &["growth", "--cohort", "写作营7期", "--json"])["signups"].as_u64(), Some(8));
    assert!(!cli(d, &["orders", "delete", "999999"]).status.success(), "an unknown sign-up is an error");
}
