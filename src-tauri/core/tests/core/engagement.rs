//! Engagement and points: marks and the points they earn, the ledger always summing to the totals
//! under random operations, rule changes that never rewrite history, names pasted from WeChat,
//! activity funnels, leaderboards, KOC candidates, awards, and who went silent.

use chrono::NaiveDate;
use qunzhu_core::cohorts::{self, CohortInput, GroupInput, MembershipInput};
use qunzhu_core::engagement::{self, ActivityInput, ActivityKind, MarkKind, MarkSource, State};
use qunzhu_core::members::{self, MemberInput};
use qunzhu_core::points::{self, Period};
use qunzhu_core::Store;
use std::collections::HashMap;

const START: &str = "2026-11-01";
const END: &str = "2026-11-21";

fn day(n: u32) -> String {
    format!("2026-11-{n:02}")
}

fn date(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, n).unwrap()
}

/// A cohort with these members (name, nickname), placed on its first day, in group 1 or 2 by turn.
fn camp(s: &Store, people: &[(&str, &str)]) -> (i64, Vec<i64>, [i64; 2]) {
    let c = cohorts::add(s, &CohortInput { name: "21天写作营 第3期".into(), start_date: START.into(), end_date: END.into(), ..Default::default() }).unwrap();
    let g = |name: &str| cohorts::add_group(s, c.id, &GroupInput { name: name.into(), opened_on: START.into(), ..Default::default() }).unwrap().id;
    let groups = [g("3期1群"), g("3期2群")];
    let ids = people
        .iter()
        .enumerate()
        .map(|(i, (name, nick))| {
            let id = members::add(s, &MemberInput { name: (*name).into(), nickname: (*nick).into(), ..Default::default() }).unwrap().id;
            cohorts::assign(s, &MembershipInput { member_id: id, cohort_id: c.id, group_id: Some(groups[i % 2]), role_id: None, joined_on: START.into(), left_on: String::new() }).unwrap();
            id
        })
        .collect();
    (c.id, ids, groups)
}

fn totals(s: &Store, cohort: i64, period: Period, at: u32) -> HashMap<i64, i64> {
    points::leaderboard(s, cohort, None, period, date(at)).unwrap().into_iter().map(|x| (x.member_id, x.points)).collect()
}

#[test]
fn marks_earn_their_points_and_a_rule_change_never_rewrites_history() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, _) = camp(s, &[("林小雨", ""), ("王芳", "")]);
    assert_eq!(engagement::mark(s, c, &day(2), MarkKind::Checkin, &ids, true, MarkSource::Manual).unwrap(), 2);
    // Marking again changes nothing and earns nothing twice.
    assert_eq!(engagement::mark(s, c, &day(2), MarkKind::Checkin, &ids, true, MarkSource::Manual).unwrap(), 0);
    // Excellent homework is homework too: 2 + 5.
    engagement::mark(s, c, &day(2), MarkKind::Excellent, &ids[..1], true, MarkSource::Manual).unwrap();
    assert_eq!(totals(s, c, Period::Cohort, 2)[&ids[0]], 1 + 2 + 5);

    // From now on a check-in is worth 3: the day-2 check-in keeps its 1 point.
    points::set_rule(s, "checkin", 3).unwrap();
    engagement::mark(s, c, &day(3), MarkKind::Checkin, &ids[..1], true, MarkSource::Manual).unwrap();
    let ledger = points::ledger(s, ids[0], Some(c)).unwrap();
    let checkins: Vec<i64> = ledger.entries.iter().filter(|e| e.rule.as_deref() == Some("checkin")).map(|e| e.points).collect();
    assert_eq!(checkins, [3, 1], "newest first: the new rule for day 3, the old one kept for day 2");
    let old = ledger.entries.iter().find(|e| e.day == day(2) && e.rule.as_deref() == Some("checkin")).unwrap();
    assert_eq!(old.rule_points_now, Some(3), "the ledger shows the rule has changed since");
    assert_eq!(ledger.total, 3 + 1 + 2 + 5);
    // Only an explicit recompute applies today's rules to the past.
    assert_eq!(points::recompute(s, c).unwrap(), 2);
    assert_eq!(totals(s, c, Period::Cohort, 3)[&ids[0]], 3 + 3 + 2 + 5);
    assert_eq!(totals(s, c, Period::Cohort, 3)[&ids[1]], 3);

    // Unmarking homework takes back the excellent mark and both their points.
    engagement::mark(s, c, &day(2), MarkKind::Homework, &ids[..1], false, MarkSource::Manual).unwrap();
    assert_eq!(totals(s, c, Period::Cohort, 3)[&ids[0]], 6);
    // Outside the cohort's dates, or for someone not in it: refused.
    assert_eq!(engagement::mark(s, c, "2026-12-01", MarkKind::Checkin, &ids, true, MarkSource::Manual).unwrap_err().code(), "invalid");
    let stranger = members::add(s, &crate::person("路人", None, None)).unwrap().id;
    assert_eq!(engagement::mark(s, c, &day(4), MarkKind::Checkin, &[ids[0], stranger], true, MarkSource::Manual).unwrap_err().code(), "not_found");
    assert!(!engagement::grid(s, c, MarkKind::Checkin).unwrap().marked[0].contains(&3), "all or nothing: the member before the stranger was not marked");
    // Adjustments need a reason; rewards cannot overspend.
    assert_eq!(points::adjust(s, ids[1], Some(c), 5, "  ").unwrap_err().code(), "empty");
    points::adjust(s, ids[1], Some(c), 5, "帮忙整理了课程笔记").unwrap();
    assert_eq!(points::redeem(s, ids[1], Some(c), "写作营周边", 50).unwrap_err().code(), "not_enough_points");
    let spent = points::redeem(s, ids[1], Some(c), "书签", 4).unwrap();
    assert_eq!((spent.points, spent.kind.as_str(), spent.reason.as_str()), (-4, "redeem", "书签"));
    assert_eq!(points::ledger(s, ids[1], None).unwrap().total, 3 + 5 - 4);
}

/// Random marks, unmarks, awards, adjustments, redemptions and rule changes: every member's total
/// on the leaderboard equals the sum of their ledger, and equals a model kept beside it.
#[test]
fn totals_equal_the_ledger_under_random_operations() {
    for seed in 1..=12u64 {
        let t = crate::temp_store();
        let s = &t.store;
        let (c, ids, _) = camp(s, &[("甲", ""), ("乙", ""), ("丙", ""), ("丁", "")]);
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut rule: HashMap<&str, i64> = [("checkin", 1), ("homework", 2), ("excellent", 5), ("lecture", 1), ("answered", 3), ("responded", 1)].into();
        // The model: each mark's points as given, plus every other entry.
        let mut marks: HashMap<(i64, u32, &str), i64> = HashMap::new();
        let mut other: HashMap<i64, i64> = HashMap::new();
        for _ in 0..150 {
            let m = ids[rng.usize(..ids.len())];
            let d = rng.u32(1..=21);
            match rng.u8(..10) {
                0..=4 => {
                    let kind = MarkKind::ALL[rng.usize(..4)];
                    let on = rng.bool();
                    engagement::mark(s, c, &day(d), kind, &[m], on, MarkSource::Manual).unwrap();
                    let keys: &[&str] = match (kind, on) {
                        (MarkKind::Excellent, true) => &["homework", "excellent"],
                        (MarkKind::Homework, false) => &["excellent", "homework"],
                        _ => &[kind.key()][..],
                    };
                    for k in keys {
                        let k: &str = k;
                        let k = *rule.keys().find(|x| **x == k).unwrap();
                        if on {
                            marks.entry((m, d, k)).or_insert(rule[k]);
                        } else {
                            marks.remove(&(m, d, k));
                        }
                    }
                }
                5 => {
                    let k = if rng.bool() { "answered" } else { "responded" };
                    points::award(s, m, c, &day(d), k).unwrap();
                    *other.entry(m).or_default() += rule[k];
                }
                6 => {
                    let p = rng.i64(-5..=8);
                    if p != 0 {
                        points::adjust(s, m, Some(c), p, "调整").unwrap();
                        *other.entry(m).or_default() += p;
                    }
                }
                7 => {
                    let cost = rng.i64(1..=6);
                    let balance = points::ledger(s, m, None).unwrap().total;
                    match points::redeem(s, m, Some(c), "奖品", cost) {
                        Ok(_) => *other.entry(m).or_default() -= cost,
                        Err(e) => assert!(balance < cost && e.code() == "not_enough_points", "seed {seed}: {e:?}"),
                    }
                }
                _ => {
                    let keys = ["checkin", "homework", "excellent", "lecture", "answered", "responded"];
                    let k = keys[rng.usize(..keys.len())];
                    let p = rng.i64(0..=6);
                    points::set_rule(s, k, p).unwrap();
                    rule.insert(k, p);
                }
            }
        }
        let board = totals(s, c, Period::All, 1);
        for &m in &ids {
            let model: i64 = marks.iter().filter(|((mm, _, _), _)| *mm == m).map(|(_, p)| p).sum::<i64>() + other.get(&m).copied().unwrap_or(0);
            let ledger = points::ledger(s, m, None).unwrap();
            assert_eq!(ledger.total, ledger.entries.iter().map(|e| e.points).sum::<i64>(), "seed {seed}");
            assert_eq!(board[&m], ledger.total, "seed {seed}: leaderboard vs ledger");
            assert_eq!(ledger.total, model, "seed {seed}: ledger vs model");
        }
    }
}

#[test]
fn names_pasted_from_wechat_are_matched_and_none_dropped_silently() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, _) = camp(s, &[("张三", "上海-张三-设计"), ("李四", ""), ("王芳", "北京-王芳-宝妈"), ("刘洋", "刘洋A"), ("刘洋", "深圳-刘洋")]);
    let pasted = "@张三 @王芳\n李四、刘洋\r\n赵六🌸\n北京-王芳-宝妈\n";
    let m = engagement::match_names(s, c, pasted).unwrap();
    let matched: Vec<&str> = m.matched.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(matched, ["张三", "王芳", "李四"], "王芳 twice (name and nickname) counts once");
    assert_eq!(m.unmatched, ["赵六"]);
    assert_eq!(m.ambiguous.len(), 1);
    assert_eq!((m.ambiguous[0].text.as_str(), m.ambiguous[0].candidates.len()), ("刘洋", 2));
    // A 接龙 list: numbered lines, the name then what they did.
    let jielong = engagement::match_names(s, c, "1. 张三 已打卡\n2、李四 ✅\n3) 查无此人 已打卡\n").unwrap();
    assert_eq!(jielong.matched.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["张三", "李四"]);
    assert_eq!(jielong.unmatched, ["查无此人 已打卡"]);
    // A nickname's segment finds its member; so does the exact nickname.
    let by_nick = engagement::match_names(s, c, "设计\n刘洋A").unwrap();
    assert_eq!(by_nick.matched.iter().map(|x| x.member_id).collect::<Vec<_>>(), [ids[0], ids[3]]);

    let (_, changed) = engagement::mark_pasted(s, c, &day(5), MarkKind::Checkin, pasted).unwrap();
    assert_eq!(changed, 3);
    let grid = engagement::grid(s, c, MarkKind::Checkin).unwrap();
    let marked: Vec<&str> = grid.members.iter().zip(&grid.marked).filter(|(_, d)| d.contains(&4)).map(|(m, _)| m.name.as_str()).collect();
    assert_eq!(marked.len(), 3);
    assert!(!marked.contains(&"刘洋"));
    assert_eq!(grid.per_day[4], 3);
    assert_eq!(grid.days.len(), 21);
}

#[test]
fn a_whole_group_is_marked_at_once_and_the_grid_shows_it() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, groups) = camp(s, &[("甲", ""), ("乙", ""), ("丙", ""), ("丁", ""), ("戊", "")]);
    assert_eq!(engagement::mark_group(s, c, groups[0], &day(1), MarkKind::Lecture, true).unwrap(), 3);
    let grid = engagement::grid(s, c, MarkKind::Lecture).unwrap();
    for (m, days) in grid.members.iter().zip(&grid.marked) {
        assert_eq!(days.contains(&0), m.group_id == Some(groups[0]), "{}", m.name);
    }
    assert!(grid.members.iter().any(|m| m.id == ids[1]));
}

#[test]
fn an_activity_funnel_counts_each_stage_and_attendance_earns_points() {
    let t = crate::temp_store();
    let s = &t.store;
    let names: Vec<String> = (0..10).map(|i| format!("学员{i}")).collect();
    let people: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();
    let (c, ids, _) = camp(s, &people);
    let a = engagement::add_activity(s, &ActivityInput { cohort_id: c, title: "周四大咖分享".into(), kind: ActivityKind::Talk, day: day(5), reach_cohort: true }).unwrap();
    assert_eq!(a.funnel, [10, 0, 0, 0]);
    assert_eq!(a.rates, [0.0, 0.0, 0.0, 0.0], "no division by zero");
    engagement::set_stage(s, a.id, &ids[..5], 2).unwrap();
    engagement::set_stage(s, a.id, &ids[..3], 3).unwrap();
    let a = engagement::set_stage(s, a.id, &ids[..2], 4).unwrap();
    assert_eq!(a.funnel, [10, 5, 3, 2]);
    assert_eq!(a.rates[0], 0.5);
    assert_eq!(a.rates[1], 0.6);
    assert!((a.rates[2] - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(a.rates[3], 0.2);
    let people = engagement::activity_people(s, a.id).unwrap();
    assert_eq!(people.iter().filter(|p| p.stage == 4).count(), 2);
    assert_eq!(people.iter().filter(|p| p.stage == 1).count(), 5, "reached by the announcement");
    // Attending earns the attended rule's point, named after the activity; going back takes it away.
    let l = points::ledger(s, ids[0], Some(c)).unwrap();
    assert_eq!((l.total, l.entries[0].reason.as_str()), (1, "周四大咖分享"));
    engagement::set_stage(s, a.id, &ids[..1], 3).unwrap();
    assert_eq!(points::ledger(s, ids[0], Some(c)).unwrap().total, 0);
    // Without reach_cohort, reached counts the people recorded.
    let b = engagement::add_activity(s, &ActivityInput { cohort_id: c, title: "线下见面会".into(), kind: ActivityKind::Meetup, day: day(6), reach_cohort: false }).unwrap();
    let b = engagement::set_stage(s, b.id, &ids[..4], 1).unwrap();
    assert_eq!(b.funnel, [4, 0, 0, 0]);
    engagement::delete_activity(s, a.id).unwrap();
    assert_eq!(points::ledger(s, ids[1], Some(c)).unwrap().total, 0, "its points go with it");
}

#[test]
fn leaderboards_by_day_week_cohort_and_all_time_share_ranks_on_ties() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, groups) = camp(s, &[("甲", ""), ("乙", ""), ("丙", "")]);
    // 2026-11-02 is a Monday: week 2..8.
    engagement::mark(s, c, &day(2), MarkKind::Checkin, &ids, true, MarkSource::Manual).unwrap();
    engagement::mark(s, c, &day(3), MarkKind::Homework, &ids[..2], true, MarkSource::Manual).unwrap();
    engagement::mark(s, c, &day(9), MarkKind::Excellent, &ids[2..], true, MarkSource::Manual).unwrap();
    points::adjust(s, ids[0], None, 10, "上一期的奖励").unwrap();
    let rank = |p: Period, at: u32| -> Vec<(String, i64, u32)> {
        points::leaderboard(s, c, None, p, date(at)).unwrap().into_iter().map(|x| (x.name, x.points, x.rank)).collect()
    };
    assert_eq!(rank(Period::Day, 2).iter().map(|x| (x.1, x.2)).collect::<Vec<_>>(), [(1, 1), (1, 1), (1, 1)]);
    let week = rank(Period::Week, 5);
    assert_eq!(week.iter().map(|x| (x.1, x.2)).collect::<Vec<_>>(), [(3, 1), (3, 1), (1, 3)]);
    assert_eq!(week[2].0, "丙");
    let cohort = rank(Period::Cohort, 21);
    assert_eq!(cohort[0], ("丙".into(), 8, 1));
    let all = rank(Period::All, 21);
    assert_eq!(all[0], ("甲".into(), 13, 1), "all time counts the adjustment outside the cohort");
    let g = points::leaderboard(s, c, Some(groups[1]), Period::Cohort, date(21)).unwrap();
    assert_eq!(g.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["乙"]);
}

#[test]
fn koc_candidates_weigh_breadth_and_the_days_awards_come_from_the_days_data() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, _) = camp(s, &[("只打卡", ""), ("样样都来", ""), ("潜水", "")]);
    // Equal points (6), one does one thing, the other many.
    for d in 1..=6 {
        engagement::mark(s, c, &day(d), MarkKind::Checkin, &ids[..1], true, MarkSource::Manual).unwrap();
    }
    engagement::mark(s, c, &day(1), MarkKind::Checkin, &ids[1..2], true, MarkSource::Manual).unwrap();
    engagement::mark(s, c, &day(2), MarkKind::Homework, &ids[1..2], true, MarkSource::Manual).unwrap();
    engagement::mark(s, c, &day(3), MarkKind::Lecture, &ids[1..2], true, MarkSource::Manual).unwrap();
    points::award(s, ids[1], c, &day(3), "responded").unwrap();
    points::award(s, ids[1], c, &day(4), "responded").unwrap();
    let cands = points::koc_candidates(s, c, 10).unwrap();
    assert_eq!(cands.iter().map(|x| x.points).collect::<Vec<_>>(), [6, 6]);
    assert_eq!(cands[0].name, "样样都来", "breadth counts, not just volume");
    assert_eq!(cands[0].breadth, 4);
    let why = cands[0].deeds.iter().find(|d| d.kind == "responded").unwrap();
    assert_eq!((why.count, why.first.as_str(), why.last.as_str()), (2, "2026-11-03", "2026-11-04"));
    assert!(cands.iter().all(|x| x.name != "潜水"), "no activity, no candidacy");
    // 班长 is suggested from responding to the monitor; one click makes someone KOC.
    let roles = points::role_suggestions(s, c, 3).unwrap();
    assert!(roles.iter().any(|r| r.role == "monitor" && r.member_id == ids[1] && r.count == 2));
    points::assign_role(s, c, ids[1], "koc").unwrap();
    assert_eq!(points::koc_candidates(s, c, 10).unwrap()[0].role.as_deref(), Some("KOC"));
    assert!(points::role_suggestions(s, c, 3).unwrap().iter().all(|r| r.member_id != ids[1]), "role holders are not suggested again");

    // Awards for day 2: excellent homework makes a homework star; the day's top points a today star.
    engagement::mark(s, c, &day(2), MarkKind::Excellent, &ids[2..], true, MarkSource::Manual).unwrap();
    let a = points::awards(s, c, date(2), 1).unwrap();
    assert_eq!(a.homework_stars.iter().map(|x| x.member_id).collect::<Vec<_>>(), [ids[2]]);
    assert_eq!(a.today_stars.iter().map(|x| x.member_id).collect::<Vec<_>>(), [ids[2]]);
}

#[test]
fn members_go_silent_after_n_days_without_activity_and_the_recall_is_noted() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, _) = camp(s, &[("常来", ""), ("消失", ""), ("从没来过", ""), ("退群", "")]);
    for d in 1..=10 {
        engagement::mark(s, c, &day(d), MarkKind::Checkin, &ids[..1], true, MarkSource::Manual).unwrap();
    }
    engagement::mark(s, c, &day(2), MarkKind::Checkin, &ids[1..2], true, MarkSource::Manual).unwrap();
    cohorts::assign(s, &MembershipInput { member_id: ids[3], cohort_id: c, group_id: None, role_id: None, joined_on: START.into(), left_on: day(4) }).unwrap();
    let life = engagement::lifecycle(s, c, 7, date(10)).unwrap();
    let state = |name: &str| life.iter().find(|l| l.name == name).unwrap().clone();
    assert_eq!((state("常来").state, state("常来").since.as_str()), (State::Active, "2026-11-01"));
    assert_eq!((state("消失").state, state("消失").since.as_str(), state("消失").days_silent), (State::Silent, "2026-11-09", 8));
    assert_eq!((state("从没来过").state, state("从没来过").since.as_str()), (State::Silent, "2026-11-08"));
    assert_eq!((state("退群").state, state("退群").since.as_str()), (State::Left, "2026-11-04"));
    // The recall list: longest silent first; a contact is noted with its note.
    let list = engagement::silent(s, c, 7, date(10)).unwrap();
    assert_eq!(list.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["从没来过", "消失"]);
    engagement::note_contact(s, c, ids[1], "私聊了，说这周出差").unwrap();
    let again = engagement::silent(s, c, 7, date(10)).unwrap();
    assert_eq!(again[1].contact_note.as_deref(), Some("私聊了，说这周出差"));
    assert!(again[1].contacted_at.is_some());
    // One @-list to both: both noted, or none when one of them is not in the cohort.
    let stranger = members::add(s, &crate::person("路人", Some("13900000077"), None)).unwrap().id;
    assert_eq!(engagement::note_contacts(s, c, &[ids[2], stranger], "群里@了").unwrap_err().code(), "not_found");
    assert!(engagement::silent(s, c, 7, date(10)).unwrap()[0].contacted_at.is_none(), "nothing half written");
    assert_eq!(engagement::note_contacts(s, c, &[ids[2], ids[1]], "群里@了").unwrap(), 2);
    let both = engagement::silent(s, c, 7, date(10)).unwrap();
    assert!(both.iter().all(|l| l.contact_note.as_deref() == Some("群里@了")), "{both:?}");
    // After the cohort ended nobody grows more silent: its last day is the reference.
    assert_eq!(engagement::lifecycle(s, c, 7, NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()).unwrap().iter().find(|l| l.name == "消失").unwrap().days_silent, 19);
    assert_eq!(engagement::set_silent_days(s, 0).unwrap_err().code(), "invalid");
}

#[test]
fn a_members_record_counts_their_check_ins_longest_run_points_and_contacts() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, _) = camp(s, &[("张三", "北京-张三"), ("李四", "上海-李四")]);
    for d in [2, 3, 4, 6] {
        engagement::mark(s, c, &day(d), MarkKind::Checkin, &[ids[0]], true, MarkSource::Manual).unwrap();
    }
    engagement::mark(s, c, &day(3), MarkKind::Homework, &[ids[0]], true, MarkSource::Manual).unwrap();
    engagement::mark(s, c, &day(9), MarkKind::Checkin, &[ids[1]], true, MarkSource::Manual).unwrap();
    engagement::note_contact(s, c, ids[0], "私聊提醒补打卡").unwrap();

    let r = engagement::member_record(s, ids[0]).unwrap();
    assert_eq!((r.checkins, r.homework), (4, 1));
    assert_eq!(r.points, points::ledger(s, ids[0], None).unwrap().total, "the ledger's sum");
    assert!(r.points >= 4 + 2, "check-ins and homework earn points: {}", r.points);
    assert_eq!(r.last_active.as_deref(), Some(day(6).as_str()), "李四's later day is not 张三's");
    assert_eq!(r.cohorts.len(), 1);
    assert_eq!(r.cohorts[0].checkin_days, [day(2), day(3), day(4), day(6)]);
    assert_eq!(r.cohorts[0].longest_run, 3, "2, 3, 4 in a row; 6 alone");
    assert_eq!(r.contacts.len(), 1);
    assert_eq!(r.contacts[0].note, "私聊提醒补打卡");
    assert_eq!(engagement::longest_run(&[]), 0);
}

#[test]
fn the_members_tables_figures_give_each_member_a_standing_points_and_last_activity() {
    use engagement::MemberStanding as Standing;
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids, _) = camp(s, &[("常来", ""), ("消失", ""), ("退群", "")]);
    for d in 1..=10 {
        engagement::mark(s, c, &day(d), MarkKind::Checkin, &ids[..1], true, MarkSource::Manual).unwrap();
    }
    engagement::mark(s, c, &day(2), MarkKind::Checkin, &ids[1..2], true, MarkSource::Manual).unwrap();
    cohorts::assign(s, &MembershipInput { member_id: ids[2], cohort_id: c, group_id: None, role_id: None, joined_on: START.into(), left_on: day(4) }).unwrap();
    let nowhere = members::add(s, &crate::person("未入期", Some("13900000078"), None)).unwrap().id;
    let figures = |on: NaiveDate| engagement::member_figures(s, 7, on).unwrap();
    let at10 = figures(date(10));
    assert_eq!(at10.iter().map(|f| f.member_id).collect::<Vec<_>>(), [ids[0], ids[1], ids[2], nowhere], "every live member, by id");
    let standing: Vec<Standing> = at10.iter().map(|f| f.standing).collect();
    assert_eq!(standing, [Standing::Active, Standing::Silent, Standing::Left, Standing::None]);
    for f in &at10 {
        assert_eq!(f.points, engagement::member_record(s, f.member_id).unwrap().points, "the same sum as the member page");
    }
    assert_eq!(at10[0].last_active.as_deref(), Some(day(10).as_str()));
    assert_eq!(at10[1].last_active.as_deref(), Some(day(2).as_str()));
    assert_eq!(at10[3].last_active, None);
    // Before the start the cohort is upcoming; after its end, ended.
    assert_eq!(figures(NaiveDate::from_ymd_opt(2026, 10, 20).unwrap())[0].standing, Standing::Upcoming);
    assert_eq!(figures(NaiveDate::from_ymd_opt(2026, 12, 20).unwrap())[1].standing, Standing::Ended);
    // A member in the trash is not a row.
    members::delete(s, nowhere).unwrap();
    assert_eq!(figures(date(10)).len(), 3);
}
