//! The retrospective: every metric against a small cohort worked out by hand, a cohort with no
//! data, surveys from the form tools, the comparison, action items into the SOP, the report.

use qunzhu_core::calendar;
use qunzhu_core::cohorts::{self, CohortInput, GroupInput, MembershipInput};
use qunzhu_core::engagement::{self, ActivityInput, ActivityKind, MarkKind, MarkSource};
use qunzhu_core::members::{self, Birthday, Calendar, MemberInput};
use qunzhu_core::points;
use qunzhu_core::retro::{self, report, survey};

const TODAY: &str = "2026-11-24";

fn today() -> chrono::NaiveDate {
    TODAY.parse().unwrap()
}

/// A week-long cohort (10-01 … 10-07) of four: 甲 and 乙 and 丙 in 一群, 丁 in 二群 (left 10-04).
struct Camp {
    cohort: i64,
    ids: [i64; 4],
}

fn camp(s: &qunzhu_core::Store) -> Camp {
    let c = cohorts::add(s, &CohortInput { name: "7天阅读营 第1期".into(), start_date: "2026-10-01".into(), end_date: "2026-10-07".into(), ..Default::default() }).unwrap();
    let g1 = cohorts::add_group(s, c.id, &GroupInput { name: "一群".into(), opened_on: "2026-09-28".into(), ..Default::default() }).unwrap().id;
    let g2 = cohorts::add_group(s, c.id, &GroupInput { name: "二群".into(), opened_on: "2026-09-28".into(), ..Default::default() }).unwrap().id;
    let solar = |m, d| Some(Birthday { calendar: Calendar::Solar, year: None, month: m, day: d, leap_month: false });
    // Lunar 八月廿一 2026 is 2026-10-01 (中秋 八月十五 is 09-25).
    let lunar = Some(Birthday { calendar: Calendar::Lunar, year: None, month: 8, day: 21, leap_month: false });
    let people = [
        ("甲", solar(10, 3), g1, "2026-09-28", ""),
        ("乙", lunar, g1, "2026-09-30", ""),
        ("丙", solar(12, 25), g1, "2026-10-01", ""),
        ("丁", None, g2, "2026-09-29", "2026-10-04"),
    ];
    let ids = people.map(|(name, birthday, group, joined, left)| {
        let id = members::add(s, &MemberInput { name: name.into(), birthday, ..Default::default() }).unwrap().id;
        cohorts::assign(s, &MembershipInput { member_id: id, cohort_id: c.id, group_id: Some(group), joined_on: joined.into(), left_on: left.into(), ..Default::default() }).unwrap();
        id
    });
    Camp { cohort: c.id, ids }
}

fn mark(s: &qunzhu_core::Store, c: i64, day: u32, kind: MarkKind, ids: &[i64]) {
    engagement::mark(s, c, &format!("2026-10-{day:02}"), kind, ids, true, MarkSource::Manual).unwrap();
}

#[test]
fn every_metric_of_a_small_cohort_matches_the_hand_count() {
    let t = crate::temp_store();
    let s = &t.store;
    let Camp { cohort: c, ids: [a, b, cc, d] } = camp(s);
    // Check-ins: 甲 every day (7), 乙 days 1-3 (3), 丁 day 1 (1): 11 of 24 member-days present
    // (4 present on days 1-3, 3 from day 4 when 丁 left).
    for day in 1..=7 {
        mark(s, c, day, MarkKind::Checkin, &[a]);
    }
    for day in 1..=3 {
        mark(s, c, day, MarkKind::Checkin, &[b]);
    }
    mark(s, c, 1, MarkKind::Checkin, &[d]);
    // One lecture day (day 2): three of four.
    mark(s, c, 2, MarkKind::Lecture, &[a, b, cc]);
    // Homework on day 3 (甲, 乙; 4 present) and day 5 (甲, excellent; 3 present): 3 of 7, 1 of 3 excellent.
    mark(s, c, 3, MarkKind::Homework, &[a, b]);
    mark(s, c, 5, MarkKind::Excellent, &[a]);
    points::assign_role(s, c, b, "koc").unwrap();
    let act = engagement::add_activity(s, &ActivityInput { cohort_id: c, title: "周三分享".into(), kind: ActivityKind::Talk, day: "2026-10-03".into(), reach_cohort: true }).unwrap();
    engagement::set_stage(s, act.id, &[b], 4).unwrap();
    engagement::set_stage(s, act.id, &[cc], 2).unwrap();

    let m = retro::metrics_on(s, c, today()).unwrap();
    assert_eq!((m.enrolled, m.completed, m.quit, m.days), (4, 3, 1, 7));
    assert_eq!((m.completion_rate, m.quit_rate), (Some(0.75), Some(0.25)));
    assert_eq!(m.quit_by_week, vec![0, 1], "丁 left in week 1");
    assert_eq!(m.groups.iter().map(|g| (g.name.as_str(), g.size, g.in_band, g.fill_days)).collect::<Vec<_>>(), [("一群", 3, false, Some(3)), ("二群", 0, false, Some(0))]);
    assert_eq!(m.checkin_rate, Some(11.0 / 24.0));
    // The cohort card's 打卡率 is this same figure.
    let card = retro::checkin_rates_on(s, today(), None).unwrap();
    assert_eq!(card.iter().find(|r| r.cohort_id == c).map(|r| r.checkin_rate), Some(Some(11.0 / 24.0)));
    let one = retro::checkin_rates_on(s, today(), Some(c)).unwrap();
    assert_eq!(one.iter().map(|r| (r.cohort_id, r.checkin_rate)).collect::<Vec<_>>(), [(c, Some(11.0 / 24.0))]);
    assert_eq!((m.checkin_curve[0].present, m.checkin_curve[0].marked, m.checkin_curve[0].rate), (4, 3, Some(0.75)), "甲 乙 丁 on day 1");
    assert_eq!((m.checkin_curve[3].present, m.checkin_curve[3].marked), (3, 1));
    assert_eq!((m.lecture_rate, m.lecture_days), (Some(0.75), 1));
    assert_eq!((m.homework_rate, m.excellent_rate), (Some(3.0 / 7.0), Some(1.0 / 3.0)));
    let f = &m.funnels[0];
    assert_eq!((f.reached, f.replied, f.signed_up, f.attended), (4, 2, 1, 1));
    assert_eq!((f.reply_rate, f.attend_rate), (Some(0.5), Some(0.25)));
    // Points by the default rules (check-in 1, lecture 1, homework 2, excellent 5, attended 1;
    // replying earns nothing): 甲 7+1+2+2+5 = 17, 乙 3+1+2+1 = 7, 丙 1, 丁 1.
    assert_eq!((m.points.total, m.points.max, m.points.median), (26, 17, Some(4.0)));
    assert_eq!(m.points.mean, Some(6.5));
    // Five ranges 4 wide: 0-3 丙 丁, 4-7 乙, 16-19 甲.
    assert_eq!(m.points.buckets.iter().map(|b| (b.from, b.to, b.count)).collect::<Vec<_>>(), [(0, 3, 2), (4, 7, 1), (8, 11, 0), (12, 15, 0), (16, 19, 1)]);
    assert_eq!(m.kocs, ["乙"]);
    assert_eq!(m.birthdays_celebrated, 2, "甲 on 10-03, 乙 on lunar 八月廿一 = 10-01");
    assert_eq!((m.satisfaction_members, m.nps, m.survey_responses, m.chat_messages, m.monitor_share), (None, None, 0, 0, None));
}

#[test]
fn a_cohort_with_no_data_has_empty_metrics_and_a_report() {
    let t = crate::temp_store();
    let s = &t.store;
    let c = cohorts::add(s, &CohortInput { name: "空营".into(), start_date: "2026-12-01".into(), end_date: "2026-12-21".into(), ..Default::default() }).unwrap();
    let m = retro::metrics_on(s, c.id, today()).unwrap();
    assert_eq!((m.enrolled, m.days, m.checkin_curve.len()), (0, 0, 0), "not started: no day counted");
    assert!(m.completion_rate.is_none() && m.checkin_rate.is_none() && m.lecture_rate.is_none() && m.points.mean.is_none());
    // Every number is a number: none is NaN or infinite (JSON would hide that as null).
    let v = serde_json::to_value(&m).unwrap();
    for (k, x) in v.as_object().unwrap() {
        if let Some(f) = x.as_f64() {
            assert!(f.is_finite(), "{k}");
        }
    }
    assert!([m.completion_rate, m.quit_rate, m.checkin_rate, m.lecture_rate, m.homework_rate, m.excellent_rate, m.nps, m.monitor_share].iter().all(Option::is_none));
    let md = report::markdown(s, c.id).unwrap();
    assert!(md.contains("| 打卡率 | — |"), "{md}");
    assert!(report::pdf(s, c.id).unwrap().starts_with(b"%PDF"));
}

fn write_survey(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("\u{feff}{text}")).unwrap();
    p
}

#[test]
fn surveys_give_satisfaction_and_nps_and_link_respondents() {
    let t = crate::temp_store();
    let s = &t.store;
    let Camp { cohort: c, ids: [a, b, ..] } = camp(s);
    // 问卷星: a skipped answer, a Likert label, the 0-10 recommend question, a stranger.
    let wjx = write_survey(
        t.dir.path(),
        "结营满意度.csv",
        "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的姓名,2、您对本期训练营的整体满意度,3、您有多大可能向朋友推荐本训练营？,4、您参加了几次直播,5、您的建议\r\n\
         1,2026/10/7 20:15:33,65秒,微信,N/A,1.1.1.1,甲,5,10,3,多一些直播\r\n\
         2,2026/10/7 20:16:00,80秒,微信,N/A,1.1.1.2,乙,满意,6,2,(跳过)\r\n\
         3,2026/10/7 20:17:00,30秒,微信,N/A,1.1.1.3,路人,(跳过),9,1,很好\r\n",
    );
    let p = survey::preview(&wjx).unwrap();
    assert_eq!((p.format.as_str(), p.respondents), ("wjx", 3));
    assert_eq!(p.identity, ["您的姓名"]);
    let uses: Vec<_> = p.questions.iter().map(|q| (q.text.as_str(), q.use_as, q.scale_max)).collect();
    assert_eq!(
        uses,
        [
            ("您对本期训练营的整体满意度", survey::QuestionUse::Satisfaction, Some(5.0)),
            ("您有多大可能向朋友推荐本训练营", survey::QuestionUse::Nps, Some(10.0)),
            ("您参加了几次直播", survey::QuestionUse::Score, Some(5.0)),
            ("您的建议", survey::QuestionUse::Text, None),
        ]
    );
    // The NPS needs a 0-10 question: a 1-5 one is refused.
    assert!(survey::import(s, c, &wjx, survey::Audience::Members, &[(7, survey::QuestionUse::Nps)]).is_err());
    let r = survey::import(s, c, &wjx, survey::Audience::Members, &[]).unwrap();
    assert_eq!((r.respondents, r.linked), (3, 2));
    // Staff: 腾讯问卷, scored out of 10 (the header says so); their recommend answer is not the members' NPS.
    let tencent = write_survey(
        t.dir.path(),
        "运营官.csv",
        "\"编号\",\"开始答题时间\",\"结束答题时间\",\"答题时长\",\"1.姓名\",\"2.这一期的工作满意度（1-10分）\",\"3.您会推荐朋友来做运营官吗（0-10分）\",\r\n\"1\",\"2026-10-08 09:00:01\",\"2026-10-08 09:02:11\",\"130\",\"丙\",\"4\",\"0\",\r\n",
    );
    survey::import(s, c, &tencent, survey::Audience::Staff, &[]).unwrap();
    let m = retro::metrics_on(s, c, today()).unwrap();
    assert_eq!((m.satisfaction_members_score, m.satisfaction_members_scale, m.satisfaction_members), (Some(4.5), Some(5.0), Some(0.9)));
    assert_eq!((m.satisfaction_staff_score, m.satisfaction_staff_scale, m.satisfaction_staff), (Some(4.0), Some(10.0), Some(0.4)), "4 of 10, not of 5");
    let nps = m.nps.unwrap();
    assert!((nps - 100.0 / 3.0).abs() < 1e-9, "promoters 2, detractors 1 of 3: {nps}");
    assert_eq!(m.survey_responses, 4);
    assert_eq!(survey::list(s, c).unwrap().len(), 2);
    let _ = (a, b);
    // A sheet with no score question says so, and writes nothing.
    let text = write_survey(t.dir.path(), "报名.csv", "姓名,建议\r\n甲,没有\r\n");
    let e = survey::import(s, c, &text, survey::Audience::Members, &[]).unwrap_err();
    assert!(e.message(qunzhu_core::i18n::Lang::Zh).contains("评分题"), "{}", e.message(qunzhu_core::i18n::Lang::Zh));
    assert_eq!(survey::list(s, c).unwrap().len(), 2);
}

#[test]
fn cohorts_compare_against_the_first_and_lessons_become_next_cohorts_tasks() {
    let t = crate::temp_store();
    let s = &t.store;
    let Camp { cohort: first, ids } = camp(s);
    mark(s, first, 1, MarkKind::Checkin, &ids);
    let second = cohorts::add(s, &CohortInput { name: "7天阅读营 第2期".into(), start_date: "2026-11-01".into(), end_date: "2026-11-07".into(), ..Default::default() }).unwrap().id;
    let cmp = retro::compare(s, &[first, second]).unwrap();
    let row = |k: &str| cmp.rows.iter().find(|r| r.key == k).unwrap().clone();
    assert_eq!(row("enrolled").values, [Some(4.0), Some(0.0)]);
    assert_eq!(row("enrolled").deltas, [Some(0.0), Some(-4.0)]);
    assert_eq!(row("checkin_rate").deltas[1], None, "no rate in the second: no delta");
    assert!(!row("quit_rate").higher_is_better);
    assert!(retro::compare(s, &[first]).is_err(), "one cohort is no comparison");

    // Findings and an action item pushed into (a copy of) the bundled SOP; the next cohort planned
    // from it gets the task.
    let mut n = retro::notes(s, first).unwrap();
    n.problems = "第 4 天打卡率掉到 25%：周末没有提醒".into();
    retro::save_notes(s, first, &n).unwrap();
    assert!(retro::add_action(s, first, "周末加一条打卡提醒", "D+5x", "班长").is_err(), "a bad anchor is refused");
    assert!(retro::add_action(s, first, "周末加一条打卡提醒", "D+99999999", "班长").is_err(), "so is one far beyond any cohort");
    let act = retro::add_action(s, first, "周末加一条打卡提醒", "d+5", "班长").unwrap();
    assert_eq!(act.anchor, "D+5");
    let key = retro::push_action(s, act.id, "default-21day").unwrap();
    assert_eq!(key, "default-21day-improved");
    assert_eq!(retro::actions(s, first).unwrap()[0].pushed_to.as_deref(), Some(key.as_str()));
    let again = retro::add_action(s, first, "开营前一天发预热海报", "D-1", "宣传官").unwrap();
    assert_eq!(retro::push_action(s, again.id, "default-21day").unwrap(), key, "the copy is extended, not copied again");
    calendar::attach(s, second, &key).unwrap();
    let tasks = calendar::list(s, Some(second), None, None).unwrap();
    let lesson = tasks.iter().find(|t| t.title == "周末加一条打卡提醒").expect("the lesson is a task");
    assert_eq!((lesson.date.as_str(), lesson.role.as_str()), ("2026-11-06", "班长"));
    assert!(tasks.iter().any(|t| t.title == "开营前一天发预热海报"));

    // The report carries the metrics, the finding and the action.
    let md = report::markdown(s, first).unwrap();
    assert!(md.contains("第 4 天打卡率掉到 25%") && md.contains("- [x] 周末加一条打卡提醒 · D+5 · 班长"), "{md}");
    let pdf = t.dir.path().join("复盘.pdf");
    report::export(s, first, &pdf).unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("第 4 天打卡率掉到 25%"), "{text}");
    assert!(text.contains("打卡率") && text.contains("报名人数"), "{text}");
}

/// The text of a PDF, by poppler's pdftotext (installed by scripts/setup.sh).
fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn a_roster_placed_after_its_cohort_ended_counts_from_the_start_and_from_early_marks() {
    let t = crate::temp_store();
    let s = &t.store;
    // Long over whatever day the test runs: a roster brought in afterwards, for its 复盘.
    let c = cohorts::add(s, &CohortInput { name: "往期营 第1期".into(), start_date: "2020-03-01".into(), end_date: "2020-03-10".into(), ..Default::default() }).unwrap().id;
    let add = |name: &str, joined: &str| {
        let id = members::add(s, &MemberInput { name: name.into(), ..Default::default() }).unwrap().id;
        cohorts::assign(s, &MembershipInput { member_id: id, cohort_id: c, joined_on: joined.into(), ..Default::default() }).unwrap();
        id
    };
    let a = add("早到", "");
    let b = add("没来过", "");
    // Typed as joining on day 6, yet checked in from day 3.
    let late = add("补录", "2020-03-06");
    let joined = |id: i64| members::get(s, id).unwrap().memberships[0].joined_on.clone();
    assert_eq!(joined(a), "2020-03-01", "an ended cohort's roster joins on its start, not on the day of the import");
    for d in 1..=10 {
        engagement::mark(s, c, &format!("2020-03-{d:02}"), MarkKind::Checkin, &[a], true, MarkSource::Manual).unwrap();
    }
    for d in 3..=10 {
        engagement::mark(s, c, &format!("2020-03-{d:02}"), MarkKind::Checkin, &[late], true, MarkSource::Manual).unwrap();
    }
    let m = retro::metrics_on(s, c, today()).unwrap();
    // Present: 早到 and 没来过 all 10 days, 补录 from day 3 (8): 28 member-days; 10 + 8 marked.
    assert_eq!(m.checkin_rate, Some(18.0 / 28.0), "counted, not —");
    assert_eq!(joined(late), "2020-03-06", "the typed date stays");
    // The one who never checked in is silent, as of the cohort's last day.
    let quiet = engagement::silent(s, c, 7, today()).unwrap();
    assert_eq!(quiet.iter().map(|l| l.member_id).collect::<Vec<_>>(), [b]);
}
