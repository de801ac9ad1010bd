//! SOP templates: the bundled ones parse and plan the cohort the seeds describe; a template with
//! a mistake is refused with the file, the line and the reason.

use chrono::{Datelike, NaiveDate};
use qunzhu_core::sop::{self, Anchor, Repeat};
use qunzhu_core::{Error, Lang};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_default_21_day_sop_plans_the_whole_cohort() {
    let s = sop::bundled("default-21day").unwrap();
    let (start, end) = (d("2026-12-01"), d("2026-12-21"));
    let plan = sop::plan(&s, start, end);
    let title = |key: &str| s.tasks.iter().find(|t| t.key == key).unwrap().title.clone();
    let count = |needle: &str| plan.iter().filter(|p| title(&p.task_key).contains(needle)).count();
    assert_eq!(count("开营仪式"), 1);
    assert_eq!(count("结营仪式"), 1);
    assert_eq!(count("录取通知书"), 1);
    // Daily greetings and three check-in/lecture reminders on every one of the 21 days.
    assert_eq!(count("早安问候"), 21);
    assert_eq!(count("晚安问候"), 21);
    assert_eq!(count("早间打卡提醒") + count("午间打卡提醒") + count("晚间听课提醒"), 63);
    // A guest talk every Thursday within the cohort after the opening day: 3, 10 and 17 December 2026.
    let talks: Vec<NaiveDate> = plan.iter().filter(|p| title(&p.task_key) == "大咖分享").map(|p| p.date).collect();
    assert_eq!(talks, [d("2026-12-03"), d("2026-12-10"), d("2026-12-17")]);
    assert!(talks.iter().all(|t| t.weekday() == chrono::Weekday::Thu));
    let letter = plan.iter().find(|p| title(&p.task_key) == "发送录取通知书").unwrap();
    assert_eq!((letter.date, letter.day_number), (d("2026-11-28"), -2));
    let retro = plan.iter().find(|p| title(&p.task_key) == "复盘会").unwrap();
    assert_eq!(retro.date, d("2026-12-23"));
    // Occurrence keys are unique: regenerating after a date move can tell tasks apart.
    let mut keys: Vec<&str> = plan.iter().map(|p| p.occurrence.as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), plan.len());
    let guest = s.tasks.iter().find(|t| t.title == "大咖分享").unwrap();
    assert_eq!(guest.checklist.len(), 10, "the guest-talk checklist from the seeds");
    assert_eq!((guest.anchor, guest.repeat), (Anchor::Start(1), Repeat::Weekly(4)));
}

#[test]
fn the_ongoing_membership_sop_runs_weekly_without_an_end() {
    let s = sop::bundled("membership-weekly").unwrap();
    let plan = sop::plan(&s, d("2026-12-01"), d("2026-12-01"));
    let mondays = plan.iter().filter(|p| p.date.weekday() == chrono::Weekday::Mon).count();
    assert_eq!(mondays, 12, "twelve weeks ahead");
    assert!(plan.iter().all(|p| p.date >= d("2026-12-01")));
}

fn problem(src: &str) -> (usize, String) {
    match sop::parse("mine.toml", src).unwrap_err() {
        e @ Error::BadTemplate { line, .. } => (line, e.message(Lang::Zh)),
        other => panic!("{other}"),
    }
}

#[test]
fn template_errors_name_the_file_line_and_reason() {
    let ok = "key = \"k\"\nname = \"n\"\n\n[[task]]\ntitle = \"早安\"\nanchor = \"D0\"\ntime = \"07:30\"\nrole = \"助教\"\nmessage = \"第 {第N天} 天\"\n";
    assert!(sop::parse("mine.toml", ok).is_ok());
    let (line, msg) = problem(&ok.replace("anchor = \"D0\"", "anchor = \"X+1\""));
    assert_eq!(line, 6);
    assert!(msg.contains("mine.toml") && msg.contains("第 6 行") && msg.contains("X+1"), "{msg}");
    let (line, msg) = problem(&ok.replace("07:30", "7点半"));
    assert_eq!(line, 7);
    assert!(msg.contains("HH:MM"), "{msg}");
    let (line, msg) = problem(&ok.replace("助教", "校长"));
    assert_eq!(line, 8);
    assert!(msg.contains("校长"), "{msg}");
    let (line, msg) = problem(&ok.replace("{第N天}", "{第几天}"));
    assert_eq!(line, 9);
    assert!(msg.contains("{第几天}"), "{msg}");
    let (line, msg) = problem(&ok.replace("[[task]]", "[[task]"));
    assert_eq!(line, 4);
    assert!(msg.contains("格式错误"), "{msg}");
    assert_eq!(sop::parse("mine.toml", "key = \"k\"\nname = \"n\"\n").unwrap_err().code(), "bad_template");
}

#[test]
fn a_cohort_with_the_default_sop_gets_its_calendar_and_it_follows_date_moves() {
    use qunzhu_core::calendar;
    use qunzhu_core::cohorts::{self, CohortInput};
    let t = crate::temp_store();
    let input = CohortInput { name: "21天写作营第5期".into(), start_date: "2026-12-01".into(), end_date: "2026-12-21".into(), ..Default::default() };
    let c = cohorts::add(&t.store, &input).unwrap();
    let n = calendar::attach(&t.store, c.id, "default-21day").unwrap();
    let all = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    assert_eq!(all.len(), n);
    let by = |title: &str, tasks: &[calendar::Task]| tasks.iter().filter(|x| x.title == title).cloned().collect::<Vec<_>>();
    assert_eq!(by("开营仪式", &all).len(), 1);
    assert_eq!(by("早安问候", &all).len(), 21);
    // 话术 filled from the cohort; what Qunzhu cannot know stays visible as a placeholder.
    let letter = &by("发送录取通知书", &all)[0];
    assert_eq!(letter.date, "2026-11-28");
    assert!(letter.message.contains("21天写作营第5期录取") && letter.message.contains("2026-12-01"), "{}", letter.message);
    assert_eq!(letter.missing, ["{群}"], "several or no groups: the operator fills the group");
    let morning = &by("早安问候", &all)[4];
    assert!(morning.message.contains("第 5 天"), "{}", morning.message);

    // Tick the opening ceremony and the first morning greeting done, then move the cohort a week later.
    let opening = by("开营仪式", &all)[0].clone();
    let first_morning = by("早安问候", &all)[0].clone();
    calendar::set_done(&t.store, opening.id, true).unwrap();
    calendar::set_done(&t.store, first_morning.id, true).unwrap();
    calendar::update_cohort(&t.store, c.id, &CohortInput { start_date: "2026-12-08".into(), end_date: "2026-12-28".into(), ..input.clone() }).unwrap();
    let moved = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    assert_eq!(moved.len(), n, "same tasks, none duplicated");
    let o = moved.iter().find(|x| x.id == opening.id).unwrap();
    assert_eq!((o.date.as_str(), o.done), ("2026-12-01", true), "a done task is never moved");
    let closing = &by("结营仪式与结业证书", &moved)[0];
    assert_eq!(closing.date, "2026-12-28", "tasks not done follow the new dates");
    let mornings = by("早安问候", &moved);
    assert_eq!(mornings.iter().filter(|m| m.done).count(), 1);
    assert_eq!(mornings.iter().filter(|m| !m.done).map(|m| m.date.as_str()).min(), Some("2026-12-09"));

    // A shorter cohort: the days it no longer has lose their undone tasks.
    calendar::update_cohort(&t.store, c.id, &CohortInput { start_date: "2026-12-08".into(), end_date: "2026-12-14".into(), ..input }).unwrap();
    let short = calendar::list(&t.store, Some(c.id), None, None).unwrap();
    // Occurrences are counted per task (day 1's greeting, day 2's …): day 1's was done before the
    // moves and stays done on its old date, so seven greetings remain, six of them to do.
    let greetings = by("早安问候", &short);
    assert_eq!((greetings.len(), greetings.iter().filter(|g| !g.done).count()), (7, 6));
    assert!(calendar::set_done(&t.store, 999_999, true).is_err());
}

#[test]
fn anchors_task_counts_and_cohort_lengths_are_bounded() {
    let ok = "key = \"k\"\nname = \"n\"\n\n[[task]]\ntitle = \"早安\"\nanchor = \"D0\"\ntime = \"07:30\"\nrole = \"助教\"\nrepeat = \"daily\"\n";
    for anchor in ["D+99999999999999", "D+3000000", "E-367", "D+9223372036854775807", "D-9223372036854775808"] {
        let (line, msg) = problem(&ok.replace("D0", anchor));
        assert_eq!(line, 6, "{anchor}");
        assert!(msg.contains(anchor), "{msg}");
    }
    assert!(sop::parse("mine.toml", &ok.replace("D0", "D+366")).is_ok(), "a year ahead is fine");
    // A million tasks: refused before parsing them all.
    let mut many = String::from("key = \"k\"\nname = \"n\"\n");
    for i in 0..(sop::MAX_TASKS + 1) {
        many.push_str(&format!("[[task]]\ntitle = \"t{i}\"\nanchor = \"D0\"\ntime = \"07:30\"\nrole = \"助教\"\n"));
    }
    let (_, msg) = problem(&many);
    assert!(msg.contains("501"), "{msg}");
    let huge = format!("{ok}# {}\n", "x".repeat(sop::MAX_SOURCE_BYTES));
    assert_eq!(sop::parse("mine.toml", &huge).unwrap_err().code(), "bad_template");
    // A file is read no further than that, and a GBK file is refused naming its line.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("huge.toml"), &huge).unwrap();
    assert_eq!(sop::read_file(&dir.path().join("huge.toml")).unwrap_err().code(), "bad_template");
    let gbk = encoding_rs::GBK.encode(&ok.replace("早安", "早上好")).0.into_owned();
    std::fs::write(dir.path().join("gbk.toml"), gbk).unwrap();
    match sop::read_file(&dir.path().join("gbk.toml")).unwrap_err() {
        Error::BrokenBytes { line, .. } => assert_eq!(line, 5),
        other => panic!("{other:?}"),
    }
    // A cohort ending in 9999 is refused (its calendar would take minutes).
    let t = crate::temp_store();
    let input = qunzhu_core::cohorts::CohortInput { name: "第1期".into(), start_date: "2026-12-01".into(), end_date: "9999-12-31".into(), ..Default::default() };
    let e = qunzhu_core::cohorts::add(&t.store, &input).unwrap_err();
    assert_eq!(e.code(), "too_long_cohort");
    assert!(e.message(Lang::Zh).contains("9999-12-31"));
}

/// What the visual editor saves: the template written as TOML reads back as the same template,
/// for both bundled ones (every field: anchors before and after the end, weekly and daily
/// repeats, actions, checklists, multi-line 话术, the 结业标准).
#[test]
fn a_written_template_reads_back_as_the_same_template() {
    for s in sop::bundled_all().unwrap() {
        let text = sop::write(&s);
        let back = sop::parse("written.toml", &text).unwrap_or_else(|e| panic!("{}: {e:?}\n{text}", s.key));
        assert_eq!(back, s, "{} changed on its way through TOML", s.key);
    }
    let mut s = sop::bundled("default-21day").unwrap();
    s.tasks[0].message = "第一行\n第二行 \"引号\" {营}".into();
    let back = sop::parse("written.toml", &sop::write(&s)).unwrap();
    assert_eq!(back.tasks[0].message, "第一行\n第二行 \"引号\" {营}");
}

/// The editor's moves: a task dragged to another day and renamed keeps its identity (so the
/// calendar's done marks stay); a new task is known by its title; the anchor is spelled back.
#[test]
fn a_moved_and_renamed_task_keeps_its_identity_and_a_new_one_takes_its_title() {
    let mut s = sop::bundled("default-21day").unwrap();
    let first = s.tasks[0].clone();
    s.tasks[0].anchor = Anchor::Start(3);
    s.tasks[0].title = "发送录取通知书（改）".into();
    let mut new = first.clone();
    new.key = String::new();
    new.anchor_text = String::new();
    new.title = "第二天的新任务".into();
    new.anchor = Anchor::Start(1);
    new.repeat = Repeat::Weekly(4);
    new.action = None;
    s.tasks.push(new);
    let back = sop::parse("written.toml", &sop::write(&s)).unwrap();
    assert_eq!(back.tasks[0].key, first.key);
    assert_eq!(back.tasks[0].title, "发送录取通知书（改）");
    assert_eq!((back.tasks[0].anchor, back.tasks[0].anchor_text.as_str()), (Anchor::Start(3), "D+3"));
    let added = back.tasks.last().unwrap();
    assert_eq!((added.key.as_str(), added.anchor_text.as_str(), added.repeat), ("第二天的新任务", "D+1", Repeat::Weekly(4)));
    assert_eq!(sop::anchor_text(Anchor::End(-1)), "E-1");
    assert_eq!(sop::anchor_text(Anchor::Start(0)), "D0");
    // Two tasks of one title are still refused, at the line of the second.
    s.tasks.last_mut().unwrap().title = "发布日程表与学员手册".into();
    let text = sop::write(&s);
    match sop::parse("written.toml", &text).unwrap_err() {
        Error::BadTemplate { line, .. } => {
            let lines: Vec<&str> = text.lines().collect();
            let last = lines.iter().rposition(|l| l.contains("发布日程表与学员手册")).unwrap() + 1;
            assert_eq!(line, last);
        }
        e => panic!("{e:?}"),
    }
}
