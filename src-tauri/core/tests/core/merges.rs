//! 「合并」: two records of one person made one, everything of the second moved to the first,
//! and undone exactly while nothing changed since.

use crate::{person, temp_store};
use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
use qunzhu_core::engagement::{self, MarkKind, MarkSource};
use qunzhu_core::error::Field;
use qunzhu_core::members::{self, MemberInput, Source};
use qunzhu_core::{points, Error, Lang, Store};

fn cohort(s: &Store, name: &str, start: &str, end: &str) -> i64 {
    cohorts::add(s, &CohortInput { name: name.into(), start_date: start.into(), end_date: end.into(), ..Default::default() }).unwrap().id
}

fn place(s: &Store, member_id: i64, cohort_id: i64) {
    cohorts::assign(s, &MembershipInput { member_id, cohort_id, group_id: None, role_id: None, joined_on: "2026-11-01".into(), left_on: String::new() }).unwrap();
}

fn order(s: &Store, member_id: i64, cohort_id: i64, fen: i64, referrer: Option<i64>) {
    s.conn()
        .execute(
            "INSERT INTO orders (member_id, cohort_id, referrer_id, paid_fen, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'paid', 'now', 'now')",
            rusqlite::params![member_id, cohort_id, referrer, fen],
        )
        .unwrap();
}

/// Everything a member page shows about someone, as JSON, to compare before and after.
fn picture(s: &Store, id: i64) -> serde_json::Value {
    let member = members::get(s, id).ok().map(|m| serde_json::to_value(m).unwrap());
    let ledger = points::ledger(s, id, None).ok().map(|l| serde_json::to_value(l).unwrap());
    let orders = qunzhu_core::growth::orders::of_member(s, id).unwrap();
    let marks: i64 = s.conn().query_row("SELECT count(*) FROM marks WHERE member_id = ?1", [id], |r| r.get(0)).unwrap();
    serde_json::json!({ "member": member, "ledger": ledger, "orders": serde_json::to_value(orders).unwrap(), "marks": marks })
}

struct Pair {
    kept: i64,
    gone: i64,
    friend: i64,
    camp3: i64,
    camp4: i64,
}

/// 张三 twice: once from the 3期 import by phone, once typed by hand for 4期 with a WeChat ID.
fn pair(s: &Store) -> Pair {
    let camp3 = cohort(s, "21天写作营 第3期", "2026-11-01", "2026-11-21");
    let camp4 = cohort(s, "21天写作营 第4期", "2026-12-01", "2026-12-21");
    let kept = members::add(s, &MemberInput { city: String::new(), channel: "小红书".into(), tags: vec!["老学员".into()], ..person("张三", Some("13800138000"), None) }).unwrap().id;
    let gone = members::add(s, &MemberInput {
        nickname: "杭州-张三-设计".into(),
        notes: "宝妈，晚上有空".into(),
        channel: "视频号".into(),
        tags: vec!["宝妈".into()],
        ..person("张三", None, Some("zhangsan_88"))
    })
    .unwrap()
    .id;
    let friend = members::add(s, &person("李四", None, None)).unwrap().id;
    place(s, kept, camp3);
    place(s, gone, camp3); // the same cohort twice: the kept placement stays
    place(s, gone, camp4);
    engagement::mark(s, camp3, "2026-11-02", MarkKind::Checkin, &[kept, gone], true, MarkSource::Manual).unwrap();
    engagement::mark(s, camp3, "2026-11-03", MarkKind::Checkin, &[gone], true, MarkSource::Manual).unwrap();
    order(s, kept, camp3, 19900, None);
    order(s, gone, camp4, 29900, Some(kept)); // "brought by" the same person: no referral after the merge
    order(s, friend, camp4, 29900, Some(gone));
    qunzhu_core::growth::referrals::set_referrer(s, friend, Some(gone)).unwrap();
    Pair { kept, gone, friend, camp3, camp4 }
}

#[test]
fn merging_moves_everything_of_the_second_record_to_the_first_and_fills_the_gaps() {
    let t = temp_store();
    let s = &t.store;
    let p = pair(s);
    let report = members::merge(s, p.kept, Source::Member(p.gone)).unwrap();

    assert!(matches!(members::get(s, p.gone), Err(Error::NotFound { .. })), "the second record is gone");
    let kept = members::get(s, p.kept).unwrap();
    assert_eq!(kept.phone.as_deref(), Some("13800138000"), "the kept member's own phone stays");
    assert_eq!(kept.wechat.as_deref(), Some("zhangsan_88"), "an empty field filled from the other");
    assert_eq!(kept.nickname, "杭州-张三-设计");
    assert_eq!(kept.city, "杭州");
    assert_eq!(kept.channel, "小红书", "the kept member's own channel stays");
    assert_eq!(kept.notes, "宝妈，晚上有空\n合并自另一条「张三」记录：渠道 视频号", "the other channel kept in the notes");
    let mut tags: Vec<_> = kept.tags.iter().map(|t| t.name.clone()).collect();
    tags.sort();
    assert_eq!(tags, ["宝妈", "老学员"]);
    for f in [Field::Wechat, Field::Nickname, Field::City, Field::Notes, Field::Tag] {
        assert!(report.filled.contains(&f), "{f:?} reported as filled: {:?}", report.filled);
    }
    assert!(!report.filled.contains(&Field::Phone));

    let cohorts_of: Vec<_> = kept.memberships.iter().map(|m| m.cohort_id).collect();
    assert_eq!(cohorts_of.len(), 2);
    assert!(cohorts_of.contains(&p.camp3) && cohorts_of.contains(&p.camp4));
    let days: Vec<String> = s.conn().prepare("SELECT day FROM marks WHERE member_id = ?1 ORDER BY day").unwrap()
        .query_map([p.kept], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(days, ["2026-11-02", "2026-11-03"], "the other's check-in moved; the shared day counted once");

    let orders = qunzhu_core::growth::orders::of_member(s, p.kept).unwrap();
    assert_eq!(orders.iter().map(|o| o.amount).sum::<i64>(), 19900 + 29900, "no payment lost");
    assert!(orders.iter().all(|o| o.referrer.is_none()), "no one brought themselves");
    assert_eq!(members::get(s, p.friend).unwrap().referrer_id, Some(p.kept), "李四 was brought by the kept 张三");
    assert_eq!(qunzhu_core::growth::orders::referred_by(s, p.kept).unwrap().len(), 1);
    assert!(report.moved >= 5, "memberships, a mark, orders, tags moved: {}", report.moved);
    assert!(report.dropped >= 2, "the double placement and the double mark: {}", report.dropped);
    let found = members::list(s, &members::MemberQuery { search: Some("zhangsan_88".into()), ..Default::default() }).unwrap();
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [p.kept], "search finds the kept member by the WeChat ID it took");
}

#[test]
fn undo_puts_both_records_back_exactly() {
    let t = temp_store();
    let s = &t.store;
    let p = pair(s);
    let before = [picture(s, p.kept), picture(s, p.gone), picture(s, p.friend)];
    let report = members::merge(s, p.kept, Source::Member(p.gone)).unwrap();
    assert_ne!(picture(s, p.kept), before[0]);
    members::unmerge(s, report.merge_id).unwrap();
    assert_eq!([picture(s, p.kept), picture(s, p.gone), picture(s, p.friend)], before, "both records and 李四 as they were");
    assert!(matches!(members::unmerge(s, report.merge_id), Err(Error::NotFound { .. })), "undone once");
    // The search keys came back with the rows.
    let found = members::list(s, &members::MemberQuery { search: Some("zhangsan_88".into()), ..Default::default() }).unwrap();
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [p.gone]);
    // And the two can be merged again.
    members::merge(s, p.kept, Source::Member(p.gone)).unwrap();
}

#[test]
fn undo_is_refused_with_nothing_changed_once_the_kept_member_changed() {
    let t = temp_store();
    let s = &t.store;
    let p = pair(s);
    let report = members::merge(s, p.kept, Source::Member(p.gone)).unwrap();
    engagement::mark(s, p.camp4, "2026-12-02", MarkKind::Checkin, &[p.kept], true, MarkSource::Manual).unwrap();
    let after = picture(s, p.kept);
    let err = members::unmerge(s, report.merge_id).unwrap_err();
    assert!(matches!(err, Error::MergeChanged { .. }), "{err:?}");
    assert!(err.message(Lang::Zh).contains("合并之后「张三」的记录又有改动"), "{}", err.message(Lang::Zh));
    assert_eq!(picture(s, p.kept), after, "nothing undone");
    assert!(members::get(s, p.gone).is_err());
}

#[test]
fn two_orders_in_one_cohort_are_never_merged_into_one() {
    let t = temp_store();
    let s = &t.store;
    let p = pair(s);
    order(s, p.gone, p.camp3, 9900, None);
    let before = [picture(s, p.kept), picture(s, p.gone)];
    let err = members::merge(s, p.kept, Source::Member(p.gone)).unwrap_err();
    assert!(matches!(&err, Error::MergeOrders { cohort } if cohort == "21天写作营 第3期"), "{err:?}");
    assert_eq!([picture(s, p.kept), picture(s, p.gone)], before, "nothing half merged");
    assert!(matches!(members::merge(s, p.kept, Source::Member(p.kept)), Err(Error::Invalid { .. })), "not into themselves");
}

#[test]
fn a_form_not_saved_yet_fills_the_member_who_has_that_phone() {
    let t = temp_store();
    let s = &t.store;
    let p = pair(s);
    let typed = MemberInput { city: "上海".into(), channel: "小红书".into(), ..person("张三", Some("13800138000"), None) };
    let report = members::merge(s, p.kept, Source::Input(&typed)).unwrap();
    let kept = members::get(s, p.kept).unwrap();
    assert_eq!((kept.city.as_str(), kept.channel.as_str()), ("上海", "小红书"));
    assert!(!kept.notes.contains("合并自"), "the same channel is no difference: {}", kept.notes);
    assert_eq!(members::count(s).unwrap(), 3, "no one added");
    members::unmerge(s, report.merge_id).unwrap();
    let back = members::get(s, p.kept).unwrap();
    assert_eq!((back.city.as_str(), back.channel.as_str()), ("", "小红书"));
}
