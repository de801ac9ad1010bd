//! IPC tests of the shell on Tauri's mock runtime: the real commands, the real core and a real
//! SQLite store in a temp folder; only the window system is mocked.

use qunzhu_app::{build_app, App};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

struct Harness {
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

fn harness_in(dir: tempfile::TempDir) -> Harness {
    let app = build_app(mock_builder(), App::open(dir.path().to_path_buf()).with_chooser(dir.path().join("chooser")))
        .build(mock_context(noop_assets()))
        .expect("build mock app");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    Harness { _app: app, window, dir }
}

fn harness() -> Harness {
    harness_in(tempfile::tempdir().unwrap())
}

impl Harness {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // tauri://localhost: http://tauri.localhost counts as a remote origin on Linux.
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("json response"))
    }

    /// Answers the next file picker with `path` and opens it, as the user would; returns the path.
    fn choose(&self, path: impl AsRef<std::path::Path>) -> std::path::PathBuf {
        std::fs::write(self.dir.path().join("chooser"), path.as_ref().display().to_string()).unwrap();
        let chosen = self.ok("choose_file", json!({ "pick": "member_sheet" }));
        std::path::PathBuf::from(chosen.as_str().expect("a path"))
    }

    /// Answers the next save dialog with `path`; returns the path the file will be written to.
    fn choose_save(&self, save: &str, path: impl AsRef<std::path::Path>) -> std::path::PathBuf {
        std::fs::write(self.dir.path().join("chooser"), path.as_ref().display().to_string()).unwrap();
        let chosen = self.ok("choose_save", json!({ "save": save, "name": "x" }));
        std::path::PathBuf::from(chosen.as_str().expect("a path"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd}({args}) failed: {e}"))
    }
}

fn member(name: &str, phone: Option<&str>) -> Value {
    json!({ "input": { "name": name, "phone": phone, "city": "成都", "tags": ["宝妈"] } })
}

#[test]
fn members_round_trip_through_ipc() {
    let h = harness();
    let info = h.ok("app_info", json!({}));
    assert_eq!(info["offer_demo"], true);
    assert_eq!(info["lang"], "zh-CN");
    assert_eq!(info["data_dir"], h.dir.path().display().to_string());

    let added = h.ok("add_member", member("张三", Some("138-0013-8000")));
    assert_eq!(added["phone"], "13800138000");
    assert_eq!(added["tags"][0]["name"], "宝妈");
    h.ok("add_member", member("李四", None));
    let found = h.ok("list_members", json!({ "query": { "search": "zs" } }));
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["name"], "张三");

    let id = added["id"].as_i64().unwrap();
    h.ok("delete_member", json!({ "id": id }));
    assert_eq!(h.ok("list_members", json!({ "query": { "search": "zs" } })), json!([]));
    let trash = h.ok("list_trash", json!({}));
    assert_eq!(trash[0]["kind"], "member");
    h.ok("restore_from_trash", json!({ "kind": "member", "id": id }));
    assert_eq!(h.ok("get_member", json!({ "id": id }))["name"], "张三");
}

#[test]
fn an_error_crosses_as_code_message_and_field_in_the_chosen_language() {
    let h = harness();
    let zhang = h.ok("add_member", member("张三", Some("13800138000")));
    let err = h.invoke("add_member", member("张三丰", Some("+86 13800138000"))).unwrap_err();
    assert_eq!(err["code"], "duplicate");
    assert!(err["message"].as_str().unwrap().contains("已被“张三”使用"), "{err}");
    assert_eq!(err["field"], "phone", "the form marks the phone: {err}");
    assert_eq!(err["member_id"], zhang["id"], "the form links to 张三: {err}");
    assert_eq!(err.as_object().unwrap().len(), 4, "exactly {{code, message, field, member_id}}: {err}");

    h.ok("set_lang", json!({ "lang": "en" }));
    let err = h
        .invoke("add_cohort", json!({ "input": { "name": "第1期", "start_date": "2026-10-01", "end_date": "2026-09-01" } }))
        .unwrap_err();
    assert_eq!(err["code"], "end_before_start");
    assert_eq!(err["message"], "The end date 2026-09-01 is before the start date 2026-10-01. Please fix the dates.");
    assert_eq!(err["field"], "end_date");

    let err = h.invoke("get_member", json!({ "id": 424242 })).unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(err.get("field").is_none(), "no field for an error about no field: {err}");
    // Arguments of the wrong shape are refused by the IPC layer, not a crash.
    assert!(h.invoke("get_member", json!({ "id": "abc" })).is_err());
}

#[test]
fn cohorts_groups_and_roles_through_ipc() {
    let h = harness();
    let c = h.ok("add_cohort", json!({ "input": { "name": "21天写作营 第3期", "start_date": "2026-11-01", "end_date": "2026-11-21" } }));
    let cid = c["id"].as_i64().unwrap();
    let name = h.ok("propose_group_name", json!({ "cohortId": cid, "city": "北京", "channel": "" }));
    assert_eq!(name, "3期北京1群");
    let g = h.ok("add_group", json!({ "cohortId": cid, "input": { "name": name, "city": "北京" } }));
    let m = h.ok("add_member", member("王静", None));
    let roles = h.ok("list_roles", json!({}));
    let monitor = roles.as_array().unwrap().iter().find(|r| r["key"] == "monitor").unwrap();
    let placed = h.ok(
        "assign_member",
        json!({ "input": { "member_id": m["id"], "cohort_id": cid, "group_id": g["id"], "role_id": monitor["id"] } }),
    );
    assert_eq!(placed["memberships"][0]["role_key"], "monitor");
    assert_eq!(placed["memberships"][0]["group_name"], "3期北京1群");
    let groups = h.ok("list_groups", json!({ "cohortId": cid }));
    assert_eq!(groups[0]["size"], 1);
    assert_eq!(groups[0]["band"], "under");
}

#[test]
fn demo_and_backups_through_ipc() {
    let h = harness();
    let summary = h.ok("load_demo", json!({}));
    assert!(summary["members"].as_i64().unwrap() >= 300);
    assert_eq!(h.ok("app_info", json!({}))["offer_demo"], false);
    let before = h.ok("list_backups", json!({})).as_array().unwrap().len();
    assert_eq!(before, 1, "the start-up backup");
    let b = h.ok("create_backup", json!({}));
    let first = h.ok("list_members", json!({ "query": {} }))[0]["id"].clone();
    h.ok("delete_member", json!({ "id": first }));
    h.ok("restore_backup", json!({ "id": b["id"] }));
    assert_eq!(h.ok("get_member", json!({ "id": first }))["id"], first);
    let err = h.invoke("restore_backup", json!({ "id": "../../etc/passwd" })).unwrap_err();
    assert_eq!(err["code"], "not_found");
}

#[test]
fn a_database_from_a_newer_qunzhu_is_reported_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    rusqlite::Connection::open(dir.path().join(qunzhu_core::store::DB_FILE))
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let h = harness_in(dir);
    let err = h.invoke("app_info", json!({})).unwrap_err();
    assert_eq!(err["code"], "database_too_new");
    assert!(h.invoke("list_members", json!({ "query": {} })).is_err());
}

#[test]
fn import_preview_run_and_export_through_ipc() {
    let h = harness();
    let fixture = h.choose(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/core/tests/fixtures/import/wjx-utf8-bom.csv"));
    let preview = h.ok("preview_import", json!({ "path": fixture, "options": {} }));
    assert_eq!(preview["format"], "wjx");
    assert_eq!(preview["preview"][0]["status"], "new");
    assert_eq!(preview["mapping"][6], json!({ "kind": "name" }));
    assert_eq!(h.ok("app_info", json!({}))["members"], 0, "a preview writes nothing");
    let report = h.ok("run_import", json!({ "path": fixture, "options": { "tags": ["问卷星报名"] }, "onProgress": "__CHANNEL__:7" }));
    assert_eq!((report["created"].as_u64(), report["committed"].as_bool()), (Some(3), Some(true)));
    let out = h.choose_save("members_xlsx", h.dir.path().join("members.xlsx"));
    let summary = h.ok("export_members", json!({ "path": out, "query": {}, "encoding": "utf8" }));
    assert_eq!(summary["rows"], 3);
    assert!(out.exists());
    let err = h.invoke("preview_import", json!({ "path": h.choose(h.dir.path().join("missing.csv")), "options": {} })).unwrap_err();
    assert_eq!(err["code"], "io");
}

#[test]
fn birthdays_through_ipc_preview_roster_and_reminders_once() {
    let h = harness();
    let lunar = json!({ "calendar": "lunar", "year": null, "month": 12, "day": 8, "leap_month": false });
    let p = h.ok("birthday_preview", json!({ "birthday": lunar }));
    assert!(p["next_date"].as_str().unwrap().len() == 10, "{p}");
    let bad = h.invoke("birthday_preview", json!({ "birthday": { "calendar": "lunar", "year": 2024, "month": 6, "day": 1, "leap_month": true } })).unwrap_err();
    assert_eq!(bad["code"], "bad_lunar_date");
    let today = h.ok("lunar_from_solar", json!({ "date": "2027-02-06" }));
    assert_eq!((today["lunar_month"].as_u64(), today["lunar_day"].as_u64()), (Some(1), Some(1)));

    // A member whose solar birthday is today: in today's reminders once, never again.
    let now = chrono::Local::now().date_naive();
    use chrono::Datelike;
    let b = json!({ "calendar": "solar", "year": null, "month": now.month(), "day": now.day(), "leap_month": false });
    h.ok("add_member", json!({ "input": { "name": "寿星", "birthday": b } }));
    let due = h.ok("due_reminders", json!({}));
    assert_eq!(due.as_array().unwrap().iter().filter(|r| r["name"] == "寿星" && r["days_before"] == 0).count(), 1, "{due}");
    assert_eq!(h.ok("due_reminders", json!({})), json!([]));
    let roster = h.ok("birthday_roster", json!({ "scope": {}, "year": now.year(), "month": now.month() }));
    assert!(roster["message"].as_str().unwrap().contains("@寿星"), "{roster}");
}

#[test]
fn the_ritual_calendar_through_ipc() {
    let h = harness();
    let today = chrono::Local::now().date_naive();
    let (start, end) = ((today - chrono::Duration::days(1)).to_string(), (today + chrono::Duration::days(19)).to_string());
    // An unknown template: refused, and no cohort written.
    let bad = h.invoke("add_cohort", json!({ "input": { "name": "第1期", "start_date": start, "end_date": end }, "sop": "nope" })).unwrap_err();
    assert_eq!(bad["code"], "not_found");
    assert_eq!(h.ok("list_cohorts", json!({})).as_array().unwrap().len(), 0);
    let c = h.ok("add_cohort", json!({ "input": { "name": "第1期", "start_date": start, "end_date": end, "link": "https://kdocs.cn/l/x" }, "sop": "default-21day" }));
    assert_eq!(c["sop_key"], "default-21day");
    let day = h.ok("list_tasks", json!({ "cohortId": c["id"], "from": today.to_string(), "to": today.to_string() }));
    let first = &day.as_array().unwrap()[0];
    let moved = h.ok("snooze_task", json!({ "id": first["id"], "date": end, "time": "09:05" }));
    assert_eq!((moved["date"].as_str(), moved["time"].as_str(), moved["snoozed"].as_bool()), (Some(end.as_str()), Some("09:05"), Some(true)));
    let given = h.ok("reassign_task", json!({ "id": first["id"], "role": "整理官" }));
    assert_eq!(given["role"], "整理官");
    let added = h.ok("add_task", json!({ "input": { "cohort_id": c["id"], "date": today.to_string(), "time": "10:00", "title": "连麦彩排" } }));
    assert_eq!((added["one_off"].as_bool(), added["role"].as_str()), (Some(true), Some("群主")));
    assert_eq!(h.invoke("delete_task", json!({ "id": first["id"] })).unwrap_err()["code"], "template_task");
    h.ok("delete_task", json!({ "id": added["id"] }));

    // The template editor's checks: an error with its line, in the user's language.
    let err = h.invoke("check_sop", json!({ "source": "key = \"k\"\nname = \"n\"\n\n[[task]]\ntitle = \"t\"\nanchor = \"D+x\"\ntime = \"08:00\"\nrole = \"助教\"\n" })).unwrap_err();
    assert_eq!(err["code"], "bad_template");
    assert!(err["message"].as_str().unwrap().contains("第 6 行"), "{err}");
    let settings = h.ok("calendar_settings", json!({}));
    assert_eq!(settings["join_batch_minutes"], 20);
    assert_eq!(h.invoke("set_calendar_settings", json!({ "settings": { "join_batch_minutes": 45, "notify": true } })).unwrap_err()["code"], "invalid");
    // The first check of due tasks starts now: nothing from the past floods in.
    assert_eq!(h.ok("due_tasks", json!({})).as_array().unwrap().len(), 0);

    // The visual editor: a template as the board sends it (a new task without key or anchor
    // text) is written back as TOML that checks; a 话术 previews filled from the current cohort.
    let mut sop = h.ok("check_sop", json!({ "source": h.ok("sop_source", json!({ "key": "default-21day" })) }));
    sop["tasks"].as_array_mut().unwrap().push(json!({ "title": "第三天小复盘", "anchor": { "from": "start", "days": 3 }, "time": "21:00", "repeat": { "every": "once" }, "role": "班长", "message": "{营}加油", "checklist": [], "action": null }));
    let toml = h.ok("write_sop", json!({ "sop": sop }));
    let back = h.ok("check_sop", json!({ "source": toml }));
    let added = back["tasks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((added["key"].as_str(), added["anchor_text"].as_str()), (Some("第三天小复盘"), Some("D+3")));
    let filled = h.ok("preview_message", json!({ "message": "{营}第{期}期 第{第N天}天 {链接} {群}", "time": "21:00", "anchor": { "from": "start", "days": 3 } }));
    assert_eq!(filled["cohort"], "第1期");
    assert_eq!(filled["text"], "第1期第1期 第4天 https://kdocs.cn/l/x {群}");
    assert_eq!(filled["missing"], json!(["{群}"]));
    let vocabulary = h.ok("sop_vocabulary", json!({}));
    assert!(vocabulary["placeholders"].as_array().unwrap().contains(&json!("第N天")));
    let rates = h.ok("cohort_checkin_rates", json!({}));
    assert_eq!(rates[0]["cohort_id"], c["id"]);
}

#[test]
fn posters_and_certificates_through_ipc() {
    let h = harness();
    let templates = h.ok("list_poster_templates", json!({}));
    let kinds: Vec<&str> = templates.as_array().unwrap().iter().map(|t| t["key"].as_str().unwrap()).collect();
    for k in ["admission_letter", "completion_certificate", "today_star", "homework_star", "aesthetics_star", "birthday", "birthday_roster", "guest_talk"] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    let c = h.ok("add_cohort", json!({ "input": { "name": "21天写作营 第3期", "start_date": "2026-11-01", "end_date": "2026-11-21" } }));
    let m = h.ok("add_member", member("刘䶮", Some("13800000001")));
    h.ok("assign_member", json!({ "input": { "member_id": m["id"], "cohort_id": c["id"] } }));
    let url = h.ok("preview_poster", json!({ "template": "completion_certificate", "memberId": m["id"], "cohortId": c["id"], "width": 600 }));
    assert!(url.as_str().unwrap().starts_with("data:image/png;base64,"));
    let batch = h.ok("render_certificates", json!({ "request": { "cohort_id": c["id"], "template": "completion_certificate", "members": null }, "onProgress": "__CHANNEL__:9" }));
    assert_eq!(batch["pages"], 1);
    assert_eq!(batch["issued"][0]["serial"], "QZ-2026-000001");
    let path = std::path::PathBuf::from(batch["path"].as_str().unwrap());
    assert!(path.starts_with(h.dir.path().join("exports")) && path.extension().unwrap() == "pdf");
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
    let payload = batch["issued"][0]["payload"].as_str().unwrap().to_string();
    assert_eq!(h.ok("verify_certificate", json!({ "payload": payload }))["status"], "valid");
    assert_eq!(h.ok("verify_certificate", json!({ "payload": payload.replace("刘䶮", "刘") }))["status"], "forged");

    // The certificate is on record; revoked, it verifies as revoked.
    let certs = h.ok("list_certificates", json!({ "cohortId": c["id"], "search": "䶮" }));
    assert_eq!(certs[0]["serial"], "QZ-2026-000001");
    h.ok("revoke_certificate", json!({ "serial": "QZ-2026-000001" }));
    assert_eq!(h.ok("verify_certificate", json!({ "payload": payload }))["status"], "revoked");
    assert!(h.ok("list_certificates", json!({ "cohortId": null, "search": "" }))[0]["revoked_at"].is_string());

    // Star posters for hand-picked members: a folder of PNGs; the graduates list is the cohort's.
    assert_eq!(h.ok("cohort_member_ids", json!({ "cohortId": c["id"], "graduates": true })), json!([m["id"]]));
    let pngs = h.ok("render_certificates", json!({ "request": { "cohort_id": c["id"], "template": "today_star", "members": [m["id"]], "format": "png" }, "onProgress": "__CHANNEL__:9" }));
    assert_eq!((pngs["format"].as_str(), pngs["issued"].as_array().unwrap().len()), (Some("png"), 0));
    assert!(std::path::Path::new(pngs["path"].as_str().unwrap()).join("刘䶮.png").is_file());

    // A photo from a file; a text file is refused with the file named.
    let photo = h.choose(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icons/32x32.png"));
    assert!(h.ok("set_member_photo", json!({ "memberId": m["id"], "path": photo })).as_str().unwrap().starts_with("data:image/png"));
    let err = h.invoke("set_member_photo", json!({ "memberId": m["id"], "path": h.choose(h.dir.path().join("qunzhu.db")) })).unwrap_err();
    assert_eq!(err["code"], "bad_file");

    // The roster's poster, saved to the exports; only files there can be opened.
    let poster = h.ok("occasion_poster", json!({ "template": "birthday_roster", "occasion": { "kind": "roster", "cohort_id": null, "year": 2026, "month": 11 }, "save": true, "allowUndrawable": false }));
    assert!(poster["path"].as_str().unwrap().ends_with(".png"));
    let guest = h.ok("occasion_poster", json!({ "template": "guest_talk", "occasion": { "kind": "guest", "task_id": null, "cohort_id": c["id"], "guest": "李老师", "topic": "写作", "intro": "", "time": "12月3日 20:00", "photo": null }, "save": false, "allowUndrawable": false }));
    assert!(guest["path"].is_null() && guest["data_url"].as_str().unwrap().starts_with("data:image/png"));
    // Saved files are named in the user's words: whom for, the template's name, the day; a second
    // one that day does not replace the first.
    let file = |p: &serde_json::Value| std::path::Path::new(p["path"].as_str().unwrap()).file_name().unwrap().to_string_lossy().to_string();
    assert!(file(&poster).starts_with("2026年11月-"), "{}", file(&poster));
    let saved = |_: ()| h.ok("occasion_poster", json!({ "template": "guest_talk", "occasion": { "kind": "guest", "task_id": null, "cohort_id": c["id"], "guest": "李老师", "topic": "写作", "intro": "", "time": "12月3日 20:00", "photo": null }, "save": true, "allowUndrawable": false }));
    let (first, second) = (file(&saved(())), file(&saved(())));
    assert!(first.starts_with("李老师-") && first.ends_with("日.png") && !first.contains("guest_talk"), "{first}");
    assert_eq!(second, first.replace(".png", " (2).png"));
    assert_eq!(h.invoke("open_export", json!({ "path": h.dir.path().join("qunzhu.db") })).unwrap_err()["code"], "not_found");
}

#[test]
fn engagement_and_points_through_ipc() {
    let h = harness();
    let today = chrono::Local::now().date_naive();
    let c = h.ok("add_cohort", json!({ "input": { "name": "21天写作营 第4期", "start_date": (today - chrono::Duration::days(3)).to_string(), "end_date": (today + chrono::Duration::days(17)).to_string() } }));
    let a = h.ok("add_member", member("张三", Some("13800000011")));
    let b = h.ok("add_member", member("李四", Some("13800000012")));
    for m in [&a, &b] {
        h.ok("assign_member", json!({ "input": { "member_id": m["id"], "cohort_id": c["id"] } }));
    }
    let day = today.to_string();
    assert_eq!(h.ok("mark_members", json!({ "cohortId": c["id"], "day": day, "kind": "excellent", "memberIds": [a["id"]], "on": true })), 2);
    let (matched, changed) = serde_json::from_value::<(serde_json::Value, usize)>(h.ok("mark_pasted", json!({ "cohortId": c["id"], "day": day, "kind": "checkin", "text": "1. 张三 已打卡\n2. 王五" }))).unwrap();
    assert_eq!((changed, matched["unmatched"][0].as_str()), (1, Some("王五")));
    let grid = h.ok("engagement_grid", json!({ "cohortId": c["id"], "kind": "homework" }));
    assert_eq!(grid["days"].as_array().unwrap().len(), 21);
    let board = h.ok("leaderboard", json!({ "cohortId": c["id"], "groupId": null, "period": "day", "date": day }));
    assert_eq!((board[0]["name"].as_str(), board[0]["points"].as_i64()), (Some("张三"), Some(1 + 2 + 5)));
    let err = h.invoke("adjust_points", json!({ "memberId": b["id"], "cohortId": c["id"], "points": 3, "reason": "" })).unwrap_err();
    assert_eq!(err["code"], "empty");
    assert!(err["message"].as_str().unwrap().contains("原因"), "{err}");
    let err = h.invoke("redeem_points", json!({ "memberId": b["id"], "cohortId": c["id"], "reward": "书签", "cost": 5 })).unwrap_err();
    assert_eq!(err["code"], "not_enough_points");
    let ledger = h.ok("member_ledger", json!({ "memberId": a["id"], "cohortId": null }));
    assert_eq!(ledger["total"], 8);
    let act = h.ok("add_activity", json!({ "input": { "cohort_id": c["id"], "title": "周四分享", "kind": "talk", "day": day, "reach_cohort": true } }));
    let act = h.ok("set_activity_stage", json!({ "id": act["id"], "memberIds": [b["id"]], "stage": 4 }));
    assert_eq!(act["funnel"], json!([2, 1, 1, 1]));
    assert_eq!(h.ok("koc_candidates", json!({ "cohortId": c["id"] }))[0]["name"], "张三");
    h.ok("assign_role_key", json!({ "cohortId": c["id"], "memberId": b["id"], "role": "koc" }));
    let settings = h.ok("engagement_settings", json!({}));
    assert_eq!(settings["silent_days"], 7);
    assert_eq!(h.invoke("set_engagement_settings", json!({ "settings": { "silent_days": 0, "recall_message": "" } })).unwrap_err()["code"], "invalid");
    h.ok("note_contact", json!({ "cohortId": c["id"], "memberId": b["id"], "note": "私聊了" }));
    assert_eq!(h.ok("lifecycle", json!({ "cohortId": c["id"] })).as_array().unwrap().len(), 2);
}

#[test]
fn chats_through_ipc_import_link_settings_and_privacy() {
    let h = harness();
    let c = h.ok("add_cohort", json!({ "input": { "name": "21天写作营 第3期", "start_date": "2026-11-14", "end_date": "2026-12-04" } }));
    let zhang = h.ok("add_member", member("张三", Some("13800000021")));
    let li = h.ok("add_member", member("李四", Some("13800000022")));
    for m in [&zhang, &li] {
        h.ok("assign_member", json!({ "input": { "member_id": m["id"], "cohort_id": c["id"] } }));
    }
    let fixture = h.choose(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/core/tests/fixtures/chats/qq.txt"));
    let r = h.ok("import_chat", json!({ "cohortId": c["id"], "groupId": null, "path": fixture, "onProgress": "__CHANNEL__:9" }));
    assert_eq!((r["format"].as_str(), r["matched"].as_u64(), r["unmatched"].as_u64()), (Some("QQ 消息管理器 TXT"), Some(1), Some(1)));
    let left = h.ok("chat_unmatched", json!({ "cohortId": c["id"] }));
    assert_eq!(left[0]["name"], "小李");
    h.ok("link_chat_sender", json!({ "cohortId": c["id"], "senderId": left[0]["id"], "memberId": li["id"] }));
    assert_eq!(h.ok("chat_unmatched", json!({ "cohortId": c["id"] })), json!([]));
    let st = h.ok("chat_stats", json!({ "cohortId": c["id"], "groupId": null }));
    assert_eq!(st["by_hour"].as_array().unwrap().len(), 24);
    let li_row = st["members"].as_array().unwrap().iter().find(|m| m["member_id"] == li["id"]).unwrap().clone();
    assert_eq!(li_row["messages"], 1);
    // Settings: a bad file names itself; patterns saved tidy; dropping text keeps the counts.
    let mut set = h.ok("chat_settings", json!({}));
    assert_eq!(set["keep_text"], true);
    set["homework_patterns"] = json!(" #作业 \n\n交作业");
    assert_eq!(h.ok("set_chat_settings", json!({ "settings": set }))["homework_patterns"], "#作业\n交作业");
    h.ok("redetect_chats", json!({ "cohortId": c["id"] }));
    assert!(h.ok("forget_chat_text", json!({})).as_u64().unwrap() > 0);
    assert_eq!(h.ok("chat_stats", json!({ "cohortId": c["id"], "groupId": null }))["messages"], st["messages"]);
    let bad = h.choose(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/core/tests/fixtures/chats/not-a-chat.csv"));
    let err = h.invoke("import_chat", json!({ "cohortId": c["id"], "groupId": null, "path": bad, "onProgress": "__CHANNEL__:9" })).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("not-a-chat.csv"), "{err}");
}

#[test]
fn retrospective_through_ipc_metrics_notes_actions_survey_compare_export() {
    let h = harness();
    h.ok("load_demo", json!({}));
    let cohorts = h.ok("list_cohorts", json!({}));
    let id = |name: &str| cohorts.as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["id"].clone();
    let (first, second) = (id("21天写作营 第1期"), id("21天写作营 第2期"));
    let m = h.ok("retro_metrics", json!({ "cohortId": second }));
    assert_eq!(m["enrolled"], 190);
    let rate = m["checkin_rate"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&rate), "{rate}");
    let notes = h.ok("save_retro_notes", json!({ "cohortId": second, "notes": { "went_well": "大咖分享参加率稳定", "problems": "", "changes": "", "updated_at": null } }));
    assert_eq!(notes["went_well"], "大咖分享参加率稳定");
    let err = h.invoke("add_retro_action", json!({ "cohortId": second, "text": "提前一周预热", "anchor": "明天", "role": "班长" })).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("时间点"), "{err}");
    let act = h.ok("add_retro_action", json!({ "cohortId": second, "text": "提前一周预热", "anchor": "D-7", "role": "宣传官" }));
    assert_eq!(h.ok("push_retro_action", json!({ "id": act["id"], "sopKey": "default-21day" })), "default-21day-improved");
    assert_eq!(h.ok("retro_actions", json!({ "cohortId": second }))[0]["pushed_to"], "default-21day-improved");
    let fixture = h.choose(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/core/tests/fixtures/import/wjx-utf8-bom.csv"));
    let err = h.invoke("preview_survey", json!({ "path": fixture })).unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("评分题"), "a sign-up form is no satisfaction survey: {err}");
    let cmp = h.ok("retro_compare", json!({ "cohortIds": [first, second] }));
    assert_eq!(cmp["rows"][0]["key"], "enrolled");
    assert_eq!(cmp["rows"][0]["deltas"][1], 40.0);
    let file = h.ok("export_retro", json!({ "cohortId": second, "format": "md" }));
    let text = std::fs::read_to_string(file.as_str().unwrap()).unwrap();
    assert!(text.contains("大咖分享参加率稳定") && text.contains("提前一周预热"), "{text}");
    let pdf = h.ok("export_retro", json!({ "cohortId": second, "format": "pdf" }));
    assert!(std::fs::read(pdf.as_str().unwrap()).unwrap().starts_with(b"%PDF"));
}

#[test]
fn a_store_that_does_not_open_lists_and_restores_its_backups_then_works() {
    let dir = tempfile::tempdir().unwrap();
    let good = {
        let store = qunzhu_core::Store::open(dir.path()).unwrap();
        qunzhu_core::members::add(&store, &qunzhu_core::members::MemberInput { name: "张三".into(), ..Default::default() }).unwrap();
        qunzhu_core::backup::create(&store, "manual").unwrap()
    };
    // The live file says v11 but holds v12's columns: its upgrade fails at every start.
    rusqlite::Connection::open(dir.path().join("qunzhu.db")).unwrap().execute_batch("PRAGMA user_version = 11;").unwrap();
    let h = harness_in(dir);
    assert!(h.invoke("app_info", json!({})).is_err(), "the store did not open");
    let backups = h.ok("list_backups", json!({}));
    assert!(backups.as_array().unwrap().iter().any(|b| b["id"] == good.id.as_str()), "{backups}");
    h.ok("restore_backup", json!({ "id": good.id }));
    let found = h.ok("list_members", json!({ "query": {} }));
    assert_eq!(found[0]["name"], "张三", "restored and opened again without a restart");
}

#[test]
fn file_commands_touch_only_files_the_user_chose() {
    let h = harness();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sheet = root.join("src-tauri/core/tests/fixtures/import/wjx-utf8-bom.csv");
    let photo = root.join("assets/icons/32x32.png");
    let m = h.ok("add_member", member("张三", None));
    let c = h.ok("add_cohort", json!({ "input": { "name": "21天写作营 第3期", "start_date": "2026-11-14", "end_date": "2026-12-04" } }));
    let not_chosen = |cmd: &str, args: Value| {
        let err = h.invoke(cmd, args.clone()).expect_err(cmd);
        assert_eq!(err["code"], "not_chosen", "{cmd}({args}): {err}");
        assert!(err["message"].as_str().unwrap().contains("选择文件"), "{err}");
    };
    // Reads: a path the window names but the user never chose, even a real file.
    not_chosen("preview_import", json!({ "path": "/etc/passwd", "options": {} }));
    not_chosen("preview_import", json!({ "path": sheet, "options": {} }));
    not_chosen("run_import", json!({ "path": sheet, "options": {}, "onProgress": "__CHANNEL__:7" }));
    not_chosen("set_member_photo", json!({ "memberId": m["id"], "path": photo }));
    not_chosen("import_poster_template", json!({ "path": root.join("assets/templates/guest-talk.svg") }));
    not_chosen("import_chat", json!({ "cohortId": c["id"], "groupId": null, "path": sheet, "onProgress": "__CHANNEL__:9" }));
    not_chosen("preview_survey", json!({ "path": sheet }));
    not_chosen("import_survey", json!({ "cohortId": c["id"], "path": sheet, "audience": "members", "uses": [] }));
    let guest = |photo: &std::path::Path| json!({ "template": "guest_talk", "occasion": { "kind": "guest", "task_id": null, "cohort_id": c["id"], "guest": "李老师", "topic": "写作", "intro": "", "time": "12月3日 20:00", "photo": photo }, "save": false, "allowUndrawable": false });
    not_chosen("occasion_poster", guest(&photo));
    // Writes: any path not chosen in a save dialog, and a path chosen for another kind of file.
    let rc = h.dir.path().join(".bashrc");
    not_chosen("export_cohort_ics", json!({ "path": rc, "cohortId": c["id"] }));
    not_chosen("export_birthdays_ics", json!({ "path": rc, "scope": {}, "years": 1 }));
    not_chosen("export_members", json!({ "path": h.dir.path().join("m.csv"), "query": {}, "encoding": "utf8" }));
    assert!(!rc.exists(), "nothing written");
    let ics = h.choose_save("ics", h.dir.path().join("第3期.ics"));
    not_chosen("export_members", json!({ "path": ics, "query": {}, "encoding": "utf8" }));

    // Once chosen, the same commands work.
    assert_eq!(h.ok("preview_import", json!({ "path": h.choose(&sheet), "options": {} }))["format"], "wjx");
    assert!(h.ok("occasion_poster", guest(&h.choose(&photo)))["data_url"].as_str().unwrap().starts_with("data:image/png"));
    h.ok("export_cohort_ics", json!({ "path": ics, "cohortId": c["id"] }));
    assert!(std::fs::read_to_string(&ics).unwrap().starts_with("BEGIN:VCALENDAR"));

    // A save keeps its extension: a name typed without it gets it; one that would then replace
    // a file the dialog never asked about is refused.
    let typed = h.choose_save("ics", h.dir.path().join(".bashrc"));
    assert_eq!(typed, h.dir.path().join(".bashrc.ics"));
    h.ok("export_cohort_ics", json!({ "path": typed, "cohortId": c["id"] }));
    assert!(!rc.exists() && typed.exists());
    std::fs::write(h.dir.path().join("名单.csv"), "keep").unwrap();
    std::fs::write(h.dir.path().join("chooser"), h.dir.path().join("名单").display().to_string()).unwrap();
    let err = h.invoke("choose_save", json!({ "save": "members_csv", "name": "x" })).unwrap_err();
    assert_eq!(err["code"], "save_exists", "{err}");
    assert_eq!(std::fs::read_to_string(h.dir.path().join("名单.csv")).unwrap(), "keep");

    // A cancelled picker grants nothing.
    std::fs::write(h.dir.path().join("chooser"), "").unwrap();
    assert_eq!(h.ok("choose_file", json!({ "pick": "photo" })), Value::Null);
}

#[test]
fn the_growth_ledger_through_ipc() {
    let h = harness();
    let c = h.ok("add_cohort", json!({ "input": { "name": "写作营7期", "start_date": "2026-03-01", "end_date": "2026-03-28" } }));
    let cohort_id = c["id"].as_i64().unwrap();
    let sheet = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/core/tests/fixtures/growth/xiaoe-orders-gbk.csv");
    let opts = json!({ "cohort_id": cohort_id, "sheet": null, "mapping": null, "skip_bad_rows": false, "dry_run": false });
    // Not chosen: refused.
    let refused = h.invoke("preview_orders", json!({ "path": sheet, "opts": opts })).unwrap_err();
    assert_eq!(refused["code"], "not_chosen");
    std::fs::write(h.dir.path().join("chooser"), sheet.display().to_string()).unwrap();
    let path = h.ok("choose_file", json!({ "pick": "order_sheet" }));
    let preview = h.ok("preview_orders", json!({ "path": path, "opts": opts }));
    assert_eq!((preview["created"].as_u64(), preview["committed"].as_bool()), (Some(8), Some(false)));
    assert_eq!(preview["mapping"][5], "paid", "实付金额(元) is read as the amount paid");
    let done = h.ok("import_orders", json!({ "path": path, "opts": opts }));
    assert_eq!((done["created"].as_u64(), done["committed"].as_bool()), (Some(8), Some(true)));

    let cost = h.ok("add_cost", json!({ "cohortId": cohort_id, "input": { "amount": "300", "category": "ads", "channel": "xhs", "spent_on": "", "note": "" } }));
    assert_eq!((cost["amount"].as_f64(), cost["channel"].as_str()), (Some(300.0), Some("小红书")));
    let bad = h.invoke("add_cost", json!({ "cohortId": cohort_id, "input": { "amount": "abc", "category": "ads" } })).unwrap_err();
    assert_eq!(bad["code"], "invalid");
    let report = h.ok("growth_report", json!({ "cohortId": cohort_id }));
    assert_eq!((report["paid"].as_u64(), report["cost_per_paid"].as_f64()), (Some(6), Some(50.0)));
    assert_eq!(report["referrers"][0]["name"], "林小雨");

    h.ok("delete_cost", json!({ "id": cost["id"] }));
    let trash = h.ok("list_trash", json!({}));
    assert_eq!(trash[0]["kind"], "cost");
    assert_eq!(h.ok("growth_report", json!({ "cohortId": cohort_id }))["cost"], Value::Null);
    h.ok("restore_from_trash", json!({ "kind": "cost", "id": cost["id"] }));
    assert_eq!(h.ok("growth_report", json!({ "cohortId": cohort_id }))["cost"].as_f64(), Some(300.0));

    let rule = h.ok("set_completion_rule", json!({ "cohortId": cohort_id, "rule": { "checkins": 2, "homework": null, "lectures": null } }));
    assert_eq!(rule["checkins"], 2);
    let lin = h.ok("list_orders", json!({ "cohortId": cohort_id })).as_array().unwrap().iter().find(|o| o["name"] == "林小雨").unwrap()["member_id"].clone();
    let standings = h.ok("member_standings", json!({ "memberId": lin }));
    assert_eq!(standings[0]["reason"], "未结业：打卡 0/2");
    assert_eq!(h.ok("member_referred", json!({ "memberId": lin })).as_array().unwrap().len(), 2);
    assert_eq!(h.ok("get_member", json!({ "id": lin }))["channel"], "小红书");
    let overview = h.ok("growth_overview", json!({}));
    assert_eq!(overview["totals"]["signups"].as_u64(), Some(8));

    // A spelling a cost brought in, merged into 小红书: its cost counts there.
    h.ok("add_cost", json!({ "cohortId": cohort_id, "input": { "amount": "50", "category": "ads", "channel": "小绿书", "spent_on": "", "note": "" } }));
    let channels = h.ok("list_channels", json!({}));
    let id_of = |n: &str| channels.as_array().unwrap().iter().find(|c| c["name"] == n).unwrap()["id"].clone();
    h.ok("merge_channels", json!({ "from": id_of("小绿书"), "into": id_of("小红书") }));
    let report = h.ok("growth_report", json!({ "cohortId": cohort_id }));
    let xhs = report["channels"].as_array().unwrap().iter().find(|c| c["channel"] == "小红书").unwrap().clone();
    assert_eq!(xhs["cost"].as_f64(), Some(350.0));
    let settings = h.ok("growth_settings", json!({}));
    assert_eq!(settings["renewal_days"], 90);

    // A membership's end moved later is a renewal the member page lists.
    h.ok("set_membership_expiry", json!({ "memberId": lin, "cohortId": cohort_id, "expiresOn": "2026-12-31" }));
    assert!(h.ok("member_renewals", json!({ "memberId": lin })).as_array().unwrap().is_empty(), "a first end is no renewal");
    h.ok("set_membership_expiry", json!({ "memberId": lin, "cohortId": cohort_id, "expiresOn": "2027-12-31" }));
    let renewed = h.ok("member_renewals", json!({ "memberId": lin }));
    assert_eq!((renewed[0]["from_on"].as_str(), renewed[0]["to_on"].as_str(), renewed[0]["amount"].as_f64()), (Some("2026-12-31"), Some("2027-12-31"), Some(0.0)));
}
