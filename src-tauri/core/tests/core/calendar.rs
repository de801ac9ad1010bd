//! The ritual calendar beyond generation: snooze, reassign, one-off tasks, template edits that
//! update running cohorts, placeholders from the cohort, the join-notice hint, due notifications.

use chrono::{Duration, NaiveDate};
use qunzhu_core::calendar::{self, CalendarSettings, Task, TaskInput};
use qunzhu_core::cohorts::{self, CohortInput, GroupInput, MembershipInput};
use qunzhu_core::{members, roles, sop, store::today, Store};

fn by(title: &str, tasks: &[Task]) -> Vec<Task> {
    tasks.iter().filter(|x| x.title == title).cloned().collect()
}

/// A 21-day cohort starting `offset` days from today, on the default SOP.
fn camp(store: &Store, name: &str, offset: i64) -> (cohorts::Cohort, CohortInput) {
    let start = today() + Duration::days(offset);
    let input = CohortInput {
        name: name.into(),
        start_date: start.to_string(),
        end_date: (start + Duration::days(20)).to_string(),
        link: "https://kdocs.cn/l/abc".into(),
        ..Default::default()
    };
    let c = cohorts::add(store, &input).unwrap();
    calendar::attach(store, c.id, "default-21day").unwrap();
    (c, input)
}

#[test]
fn snoozed_and_reassigned_tasks_stay_put_when_the_cohort_moves_and_one_offs_are_never_regenerated() {
    let t = crate::temp_store();
    let (c, input) = camp(&t.store, "21天写作营第6期", 10);
    let all = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    let n = all.len();
    let opening = by("开营仪式", &all)[0].clone();
    let talk = by("大咖分享", &all)[0].clone();

    let later = (NaiveDate::parse_from_str(&opening.date, "%Y-%m-%d").unwrap() + Duration::days(1)).to_string();
    let snoozed = calendar::snooze(&t.store, opening.id, &later, "19:30").unwrap();
    assert_eq!((snoozed.date.as_str(), snoozed.time.as_str(), snoozed.snoozed), (later.as_str(), "19:30", true));
    assert_eq!(calendar::reassign(&t.store, talk.id, "宣传官").unwrap().role, "宣传官");
    let one_off = calendar::add_task(
        &t.store,
        &TaskInput { cohort_id: c.id, date: opening.date.clone(), time: "21:30".into(), title: "给嘉宾寄感谢礼物".into(), message: "{营}第{期}期感谢您！".into(), ..Default::default() },
    )
    .unwrap();
    assert!(one_off.one_off);
    assert_eq!(one_off.role, "群主", "no role given: the operator's own");
    assert_eq!(one_off.message, "21天写作营第6期感谢您！");

    // The cohort moves a week later: template tasks follow, the snoozed one and the one-off do not.
    let start = NaiveDate::parse_from_str(&input.start_date, "%Y-%m-%d").unwrap() + Duration::days(7);
    let moved = CohortInput { start_date: start.to_string(), end_date: (start + Duration::days(20)).to_string(), ..input };
    calendar::update_cohort(&t.store, c.id, &moved).unwrap();
    let after = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    assert_eq!(after.len(), n + 1);
    let o = after.iter().find(|x| x.id == opening.id).unwrap();
    assert_eq!((o.date.as_str(), o.time.as_str()), (later.as_str(), "19:30"), "snoozed: kept where the operator put it");
    let k = after.iter().find(|x| x.id == talk.id).unwrap();
    assert_eq!(k.role, "宣传官", "reassigned: kept");
    assert_ne!(k.date, talk.date, "but its date followed the cohort");
    assert_eq!(after.iter().find(|x| x.id == one_off.id).unwrap().date, one_off.date);

    // Bad input names the field; template tasks cannot be deleted, one-offs can.
    assert_eq!(calendar::snooze(&t.store, opening.id, "2026-13-01", "19:30").unwrap_err().code(), "invalid");
    assert_eq!(calendar::snooze(&t.store, opening.id, &later, "25:00").unwrap_err().code(), "invalid");
    assert_eq!(calendar::reassign(&t.store, talk.id, "校长").unwrap_err().code(), "invalid");
    let bad = TaskInput { cohort_id: c.id, date: later.clone(), time: "09:00".into(), title: "x".into(), message: "{地址}".into(), ..Default::default() };
    assert_eq!(calendar::add_task(&t.store, &bad).unwrap_err().code(), "unknown_placeholder");
    assert_eq!(calendar::delete_task(&t.store, talk.id).unwrap_err().code(), "template_task");
    calendar::delete_task(&t.store, one_off.id).unwrap();
    assert_eq!(calendar::list(&t.store, Some(c.id), None, None).unwrap().len(), n);
}

#[test]
fn editing_a_template_updates_running_cohorts_on_request_and_never_touches_done_tasks() {
    let t = crate::temp_store();
    let (c, _) = camp(&t.store, "21天写作营第7期", -3);
    let (ended, _) = camp(&t.store, "21天写作营第1期", -60);
    let before = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    let first_night = by("晚安问候", &before)[0].clone();
    calendar::set_done(&t.store, first_night.id, true).unwrap();

    // The operator's copy: 晚安问候 renamed and reworded, a task inserted at the top, 晚间小游戏 removed.
    let bundled = sop::source(&t.store, "default-21day").unwrap();
    let game = bundled.find("[[task]]\ntitle = \"晚间小游戏\"").unwrap();
    let game_end = game + bundled[game + 1..].find("[[task]]").unwrap() + 1;
    let mine = format!(
        "{}[[task]]\ntitle = \"建群\"\nanchor = \"D-5\"\ntime = \"10:00\"\nrole = \"群主\"\n\n{}{}",
        &bundled[..bundled.find("[[task]]").unwrap()],
        &bundled[bundled.find("[[task]]").unwrap()..game],
        &bundled[game_end..]
    )
    .replace("key = \"default-21day\"", "key = \"my-21day\"")
    .replace("title = \"晚安问候\"", "id = \"晚安问候\"\ntitle = \"晚安 & 明日预告\"");

    // Saving under the bundled key is refused at the key's line.
    let under_bundled = mine.replace("key = \"my-21day\"", "key = \"default-21day\"");
    let e = sop::save(&t.store, &under_bundled, None).unwrap_err();
    assert_eq!(e.code(), "bad_template");
    let key_line = under_bundled.lines().position(|l| l.starts_with("key = ")).unwrap() + 1;
    assert!(e.message(qunzhu_core::Lang::Zh).contains(&format!("第 {key_line} 行")), "{}", e.message(qunzhu_core::Lang::Zh));
    // Two tasks with the same title are refused at the second one's line.
    let twice = mine.replace("title = \"早间打卡提醒\"", "title = \"早安问候\"");
    let line = twice.lines().position(|l| l == "title = \"早安问候\"").unwrap();
    let line = line + 1 + twice.lines().skip(line + 1).position(|l| l == "title = \"早安问候\"").unwrap() + 1;
    let e = sop::save(&t.store, &twice, None).unwrap_err();
    assert!(e.message(qunzhu_core::Lang::En).contains(&format!("line {line}:")), "{} (want line {line})", e.message(qunzhu_core::Lang::En));

    let saved = sop::save(&t.store, &mine, None).unwrap();
    assert_eq!(saved.key, "my-21day");
    // Move the running cohort to the operator's template.
    calendar::attach(&t.store, c.id, "my-21day").unwrap();
    calendar::attach(&t.store, ended.id, "my-21day").unwrap();
    let using: Vec<i64> = calendar::cohorts_using(&t.store, "my-21day").unwrap().iter().map(|c| c.id).collect();
    assert_eq!(using, [c.id], "a finished cohort is not offered the update");
    let list = sop::list(&t.store).unwrap();
    let info = list.iter().find(|s| s.key == "my-21day").unwrap();
    assert_eq!((info.builtin, info.cohorts), (false, 2));

    // Edit again: reword the night greeting; the update keeps the done one exactly as it was.
    let edited = mine.replace("晚安！", "晚安～明天见！");
    assert_ne!(edited, mine, "the template has a 晚安！ to reword");
    sop::save(&t.store, &edited, Some("my-21day")).unwrap();
    calendar::reapply(&t.store, "my-21day", &using).unwrap();
    let after = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    assert!(by("晚间小游戏", &after).is_empty(), "removed from the template: gone (none were done)");
    assert_eq!(by("建群", &after).len(), 1);
    let nights = by("晚安 & 明日预告", &after);
    assert_eq!(nights.len(), 20, "renamed by id: the same tasks, day 1's done one kept under its old title");
    let kept = after.iter().find(|x| x.id == first_night.id).unwrap();
    assert_eq!((kept.title.as_str(), kept.done, kept.message.as_str()), (first_night.title.as_str(), true, first_night.message.as_str()));
    assert!(nights.iter().all(|n| n.message.contains("晚安～明天见！")));

    // Deleting the template leaves the cohorts their tasks.
    sop::delete(&t.store, "my-21day").unwrap();
    assert_eq!(cohorts::get(&t.store, c.id).unwrap().sop_key, None);
    assert_eq!(calendar::list(&t.store, Some(c.id), None, None).unwrap().len(), after.len());
}

#[test]
fn placeholders_come_from_the_cohort_its_monitor_and_link_and_a_filling_group_gets_the_batching_hint() {
    let t = crate::temp_store();
    let (c, _) = camp(&t.store, "宝妈成长营第2期", 5);
    let g = cohorts::add_group(&t.store, c.id, &GroupInput { name: "2期北京1群".into(), ..Default::default() }).unwrap();
    let m = members::add(&t.store, &crate::person("林小雨", Some("13800000001"), None)).unwrap();
    let monitor = roles::list(&t.store).unwrap().into_iter().find(|r| r.name == "班长").unwrap();
    cohorts::assign(&t.store, &MembershipInput { member_id: m.id, cohort_id: c.id, group_id: Some(g.id), role_id: Some(monitor.id), ..Default::default() }).unwrap();

    let all = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    let welcome = &by("欢迎三件套：欢迎 + 改昵称 + 群规", &all)[0];
    assert!(welcome.message.contains("加入2期北京1群") && welcome.message.contains("班长林小雨"), "{}", welcome.message);
    assert!(welcome.missing.is_empty(), "{:?}", welcome.missing);
    assert_eq!(welcome.join_batch_minutes, Some(20), "the group is still being filled");
    let checkin = &by("早间打卡提醒", &all)[0];
    assert!(checkin.message.contains("https://kdocs.cn/l/abc"), "{}", checkin.message);
    assert!(all.iter().filter(|x| x.title != welcome.title).all(|x| x.join_batch_minutes.is_none()));

    calendar::set_settings(&t.store, &CalendarSettings { join_batch_minutes: 30, notify: true }).unwrap();
    assert_eq!(calendar::get(&t.store, welcome.id).unwrap().join_batch_minutes, Some(30));
    assert_eq!(calendar::set_settings(&t.store, &CalendarSettings { join_batch_minutes: 5, notify: true }).unwrap_err().code(), "invalid");
    cohorts::update_group(&t.store, g.id, &GroupInput { name: g.name.clone(), filled_on: today().to_string(), ..Default::default() }).unwrap();
    assert_eq!(calendar::get(&t.store, welcome.id).unwrap().join_batch_minutes, None, "group full: no hint");
}

#[test]
fn due_tasks_are_returned_once_and_the_first_check_starts_now() {
    let t = crate::temp_store();
    let (c, _) = camp(&t.store, "21天写作营第8期", 0);
    let day = today();
    let at = |d: NaiveDate, hm: &str| chrono::NaiveDateTime::parse_from_str(&format!("{d} {hm}"), "%Y-%m-%d %H:%M").unwrap();
    assert!(calendar::due_tasks(&t.store, at(day, "07:00")).unwrap().is_empty(), "first check: nothing from the past");
    let morning = calendar::due_tasks(&t.store, at(day, "08:30")).unwrap();
    let titles: Vec<&str> = morning.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(titles, ["早安问候", "早间打卡提醒"]);
    assert!(calendar::due_tasks(&t.store, at(day, "08:30")).unwrap().is_empty(), "each returned once");
    // Closed from 08:30 to the next morning: what fell due meanwhile, minus what was ticked done.
    let evening = calendar::list(&t.store, Some(c.id), Some(&day.to_string()), Some(&day.to_string())).unwrap();
    let night = evening.iter().find(|x| x.title == "晚安问候").unwrap();
    calendar::set_done(&t.store, night.id, true).unwrap();
    let missed = calendar::due_tasks(&t.store, at(day + Duration::days(1), "07:00")).unwrap();
    assert!(!missed.is_empty());
    assert!(missed.iter().all(|x| x.date == day.to_string() && x.time.as_str() > "08:30" && !x.done));
    assert!(missed.iter().all(|x| x.id != night.id));
}
