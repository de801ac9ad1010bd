//! The growth ledger end to end: order sheets imported into cohorts, then the report counted by
//! hand (every KPI, every funnel step, costs, referrals, renewals across two cohorts, refunds).

use crate::temp_store;
use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
use qunzhu_core::engagement::{self, MarkKind, MarkSource};
use qunzhu_core::growth::completion::{self, CompletionRule};
use qunzhu_core::growth::costs::{self, CostCategory, CostInput};
use qunzhu_core::growth::import::{self, OrderImportOptions, OrderImportReport};
use qunzhu_core::growth::{orders, report};
use qunzhu_core::members::{self, MemberInput};
use qunzhu_core::Store;
use std::path::PathBuf;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/growth").join(name)
}

fn cohort(store: &Store, name: &str, start: &str, end: &str) -> i64 {
    cohorts::add(store, &CohortInput { name: name.into(), start_date: start.into(), end_date: end.into(), ..Default::default() }).unwrap().id
}

fn import(store: &Store, file: &str, cohort_id: i64) -> OrderImportReport {
    import::run(store, &fixture(file), &OrderImportOptions { cohort_id, ..Default::default() }).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn id(store: &Store, name: &str) -> i64 {
    members::find_by_name(store, name).unwrap().id
}

/// 7期 from the 小鹅通 sheet (GBK), 8期 from a later UTF-8 sheet, marks, a rule, costs.
pub fn seventh_and_eighth(store: &Store) -> (i64, i64) {
    // 张伟 is a member already (matched by phone); 小周老师 is placed without a sign-up.
    members::add(store, &MemberInput { name: "张伟".into(), phone: Some("13900000009".into()), ..Default::default() }).unwrap();
    let c7 = cohort(store, "写作营7期", "2026-03-01", "2026-03-28");
    let c8 = cohort(store, "写作营8期", "2026-05-01", "2026-05-28");
    let r = import(store, "xiaoe-orders-gbk.csv", c7);
    assert!(r.committed, "{:?}", r.errors);
    assert_eq!((r.created, r.updated, r.unchanged, r.skipped, r.members_created), (8, 0, 0, 0, 8), "{:?}", r.errors);
    assert_eq!(r.encoding, "GBK");
    let r = import(store, "later-cohort-utf8.csv", c8);
    assert_eq!((r.created, r.members_created), (2, 0), "the later sheet's buyers are the same people: {:?}", r.errors);
    let helper = members::add(store, &MemberInput { name: "小周老师".into(), ..Default::default() }).unwrap();
    cohorts::assign(store, &MembershipInput { member_id: helper.id, cohort_id: c7, joined_on: "2026-03-01".into(), ..Default::default() }).unwrap();

    completion::set_rule(store, c7, &CompletionRule { checkins: Some(3), ..Default::default() }).unwrap();
    let days = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"];
    for (name, n) in [("林小雨", 4), ("王杰", 3), ("陈美", 1), ("刘强", 5), ("张伟", 3)] {
        for d in &days[..n] {
            engagement::mark(store, c7, d, MarkKind::Checkin, &[id(store, name)], true, MarkSource::Manual).unwrap();
        }
    }
    // 刘强 checked in five days, then left the group: active, not a graduate.
    let liu = members::get(store, id(store, "刘强")).unwrap();
    let place = liu.memberships.iter().find(|m| m.cohort_id == c7).expect("paid, so placed");
    cohorts::assign(store, &MembershipInput { member_id: liu.id, cohort_id: c7, joined_on: place.joined_on.clone(), left_on: "2026-03-10".into(), ..Default::default() }).unwrap();

    let cost = |amount: &str, category, channel: &str| costs::add(store, c7, &CostInput { amount: amount.into(), category: Some(category), channel: channel.into(), ..Default::default() }).unwrap();
    cost("300", CostCategory::Ads, "xhs");
    cost("¥200.00", CostCategory::RedPackets, "");
    (c7, c8)
}

#[test]
fn a_cohort_counted_by_hand() {
    let t = temp_store();
    let s = &t.store;
    let (c7, _) = seventh_and_eighth(s);
    let r = report::cohort(s, c7).unwrap();
    // Nine people: eight sign-ups and the helper placed without one.
    assert_eq!(r.reached, 9);
    let f = &r.funnel;
    assert_eq!((f.signups, f.paid, f.joined, f.active, f.completed, f.renewed, f.refunded), (8, 6, 6, 4, 3, 1, 2));
    // 6 × 199 + 1,299 paid; 赵朵's 199 and 300 of 刘强's refunded.
    assert_eq!((f.revenue, f.refunds, r.net_revenue), (249_300, 49_900, 199_400));
    assert_eq!((r.cost, r.cost_unassigned), (Some(50_000), Some(20_000)));
    assert_eq!(r.cost_per_paid, Some(8_333), "500 / 6 to the fen");
    assert_eq!(r.cost_per_completed, Some(16_667), "500 / 3 to the fen");

    let ch = |name: Option<&str>| r.channels.iter().find(|c| c.channel.as_deref() == name).unwrap_or_else(|| panic!("{name:?}: {:?}", r.channels));
    let xhs = ch(Some("小红书"));
    assert_eq!((xhs.funnel.signups, xhs.funnel.paid, xhs.funnel.completed, xhs.funnel.renewed), (3, 2, 2, 1), "小红书, xhs and 红书 are one channel");
    assert_eq!((xhs.cost, xhs.cost_per_paid), (Some(30_000), Some(15_000)));
    let gzh = ch(Some("公众号"));
    assert_eq!((gzh.funnel.signups, gzh.cost), (1, None), "no cost recorded is none, not 0");
    let pyq = ch(Some("朋友圈"));
    assert_eq!((pyq.funnel.paid, pyq.funnel.active, pyq.funnel.completed, pyq.funnel.refunds), (1, 1, 0, 30_000));
    let dy = ch(Some("抖音"));
    assert_eq!((dy.funnel.signups, dy.funnel.paid, dy.funnel.refunded), (1, 0, 1), "refunded in full is not a paying member");
    assert_eq!(ch(None).funnel.signups, 1, "周宝's sign-up named no channel");
    assert_eq!(r.channels.len(), 6);

    let refs: Vec<(&str, u64, u64, u64)> = r.referrers.iter().map(|x| (x.name.as_str(), x.referred, x.paid, x.completed)).collect();
    assert_eq!(refs, [("林小雨", 2, 2, 1), ("李老师", 1, 1, 1), ("陈美", 1, 1, 0), ("王杰", 1, 0, 0)]);
}

#[test]
fn the_sheet_becomes_members_orders_and_places() {
    let t = temp_store();
    let s = &t.store;
    let (c7, c8) = seventh_and_eighth(s);
    let wang = members::get(s, id(s, "王杰")).unwrap();
    assert_eq!(wang.channel, "小红书", "the first channel is kept as written by the built-in list");
    let lin = id(s, "林小雨");
    let listed = orders::list(s, c7).unwrap();
    let liu = listed.iter().find(|o| o.name == "刘强").unwrap();
    assert_eq!((liu.amount, liu.refund, liu.paid_at.as_deref()), (129_900, 30_000, Some("2026-02-22 11:00:00")), "the refund row refunds, it does not pay again");
    let wang_order = listed.iter().find(|o| o.name == "王杰").unwrap();
    assert_eq!((wang_order.referrer_id, wang_order.referrer.as_deref()), (Some(lin), Some("林小雨")));
    let sun = listed.iter().find(|o| o.name == "孙米").unwrap();
    assert_eq!(sun.status, qunzhu_core::growth::status::OrderStatus::SignedUp);
    let placed = |name: &str, c: i64| members::get(s, id(s, name)).unwrap().memberships.iter().any(|m| m.cohort_id == c);
    assert!(placed("林小雨", c7) && placed("张伟", c7) && placed("林小雨", c8));
    assert!(!placed("孙米", c7) && !placed("赵朵", c7), "not paid, or refunded in full: not placed");
    let joined = members::get(s, lin).unwrap().memberships.into_iter().find(|m| m.cohort_id == c7).unwrap().joined_on;
    assert_eq!(joined, "2026-02-20", "placed on the day they paid");
    assert_eq!(members::get(s, id(s, "李老师")).unwrap().notes, "由订单表的推荐人一栏添加");
    let path: Vec<String> = orders::of_member(s, lin).unwrap().into_iter().map(|o| o.cohort).collect();
    assert_eq!(path, ["写作营7期", "写作营8期"]);
    assert_eq!(orders::referred_by(s, lin).unwrap().len(), 2);

    // The same sheets again change nothing.
    let before: i64 = s.conn().query_row("SELECT count(*) FROM members", [], |r| r.get(0)).unwrap();
    let again = import(s, "xiaoe-orders-gbk.csv", c7);
    assert_eq!((again.created, again.updated, again.unchanged, again.members_created), (0, 0, 8, 0), "{:?}", again.errors);
    let after: i64 = s.conn().query_row("SELECT count(*) FROM members", [], |r| r.get(0)).unwrap();
    assert_eq!(before, after);
    assert_eq!(orders::list(s, c7).unwrap(), listed);
}

#[test]
fn bad_rows_are_named_and_nothing_is_written_unless_skipped() {
    let t = temp_store();
    let s = &t.store;
    let c = cohort(s, "写作营7期", "2026-03-01", "2026-03-28");
    let r = import(s, "bad-orders.csv", c);
    assert!(!r.committed);
    let errs: Vec<(usize, Option<&str>)> = r.errors.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(errs, [(2, Some("实付金额")), (3, Some("实付金额")), (4, Some("退款金额")), (5, Some("推荐人")), (6, Some("订单状态"))], "{:#?}", r.errors);
    let msg = |row: usize| r.errors.iter().find(|e| e.row == row).unwrap().message.clone();
    assert!(msg(2).contains("负数"), "{}", msg(2));
    assert!(msg(3).contains("日期"), "{}", msg(3));
    assert!(msg(4).contains("退款 299.00 元大于实付 199.00 元"), "{}", msg(4));
    assert!(msg(5).contains("本人"), "{}", msg(5));
    assert!(msg(6).contains("待审核"), "{}", msg(6));
    let count = |sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!((count("SELECT count(*) FROM orders"), count("SELECT count(*) FROM members")), (0, 0), "all or nothing");

    let dry = import::run(s, &fixture("bad-orders.csv"), &OrderImportOptions { cohort_id: c, skip_bad_rows: true, dry_run: true, ..Default::default() }).unwrap();
    assert_eq!((dry.created, dry.skipped, dry.committed), (1, 5, false));
    assert_eq!(count("SELECT count(*) FROM orders"), 0, "a dry run writes nothing");
    let skip = import::run(s, &fixture("bad-orders.csv"), &OrderImportOptions { cohort_id: c, skip_bad_rows: true, ..Default::default() }).unwrap();
    assert_eq!((skip.created, skip.skipped, skip.committed), (1, 5, true));
    assert_eq!(orders::list(s, c).unwrap().iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["钱六"]);
    assert_eq!((count("SELECT count(*) FROM members"), skip.members_created), (1, 1), "a skipped row leaves no member behind");
}

#[test]
fn a_referral_loop_is_refused() {
    let t = temp_store();
    let s = &t.store;
    let c = cohort(s, "写作营7期", "2026-03-01", "2026-03-28");
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.csv");
    std::fs::write(&first, "姓名,手机号,实付金额,推荐人\n甲,13600000001,99,乙\n").unwrap();
    assert!(import::run(s, &first, &OrderImportOptions { cohort_id: c, ..Default::default() }).unwrap().committed);
    // 乙 was brought in by nobody; now a sheet says 甲 (whom 乙 brought) brought 乙.
    let c2 = cohort(s, "写作营8期", "2026-05-01", "2026-05-28");
    let second = dir.path().join("b.csv");
    std::fs::write(&second, "姓名,实付金额,推荐人\n乙,99,甲\n").unwrap();
    let r = import::run(s, &second, &OrderImportOptions { cohort_id: c2, ..Default::default() }).unwrap();
    assert!(!r.committed);
    assert_eq!(r.errors[0].column.as_deref(), Some("推荐人"));
    assert!(r.errors[0].message.contains("成环"), "{}", r.errors[0].message);
}

#[test]
fn completion_follows_the_rule_and_says_why() {
    let t = temp_store();
    let s = &t.store;
    let (c7, _) = seventh_and_eighth(s);
    let rule = completion::rule(s, c7).unwrap();
    assert_eq!(rule.describe(qunzhu_core::Lang::Zh), "不退群，且打卡 ≥ 3 次");
    let v = completion::verdicts_in(&s.conn(), c7).unwrap();
    let chen = &v[&id(s, "陈美")];
    assert!(!chen.completed);
    assert_eq!(chen.reason(&rule, qunzhu_core::Lang::Zh), "未结业：打卡 1/3");
    assert_eq!(v[&id(s, "刘强")].reason(&rule, qunzhu_core::Lang::Zh), "未结业：已退群、打卡 5/3");
    assert_eq!(v[&id(s, "林小雨")].reason(&rule, qunzhu_core::Lang::Zh), "已结业：打卡 4/3");
    // The certificate batch's graduates and the 复盘's 完课 follow the same rule.
    let mut grads: Vec<String> = qunzhu_core::posters::cohort_members(s, c7, true).unwrap().into_iter().map(|i| members::get(s, i).unwrap().name).collect();
    grads.sort();
    assert_eq!(grads, ["张伟", "林小雨", "王杰"]);
    let m = qunzhu_core::retro::metrics_on(s, c7, chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()).unwrap();
    assert_eq!((m.enrolled, m.completed), (7, 3));
    // Back to the default: everyone who stayed.
    completion::set_rule(s, c7, &CompletionRule::default()).unwrap();
    assert_eq!(qunzhu_core::posters::cohort_members(s, c7, true).unwrap().len(), 6);
}

#[test]
fn across_cohorts_totals_and_repeat_buyers() {
    let t = temp_store();
    let s = &t.store;
    seventh_and_eighth(s);
    let all = report::all(s).unwrap();
    assert_eq!(all.cohorts.iter().map(|c| c.cohort.as_str()).collect::<Vec<_>>(), ["写作营7期", "写作营8期"]);
    assert_eq!(all.totals.funnel.signups, 10);
    assert_eq!(all.totals.funnel.paid, 8);
    assert_eq!(all.totals.payers, 6, "林小雨 and 王杰 paid twice: six different people");
    assert_eq!(all.totals.reached, 9, "林小雨 and 王杰 counted once across cohorts");
    assert_eq!(all.totals.cost, Some(50_000));
    let repeat: Vec<(&str, usize)> = all.repeat_buyers.iter().map(|b| (b.name.as_str(), b.cohorts.len())).collect();
    assert_eq!(repeat, [("林小雨", 2), ("王杰", 2)]);
    // The renewal window is a setting: a year catches 王杰's August payment too.
    qunzhu_core::settings::set(s, report::RENEWAL_DAYS_KEY, "365").unwrap();
    assert_eq!(report::all(s).unwrap().cohorts[0].funnel.renewed, 2);
}

mod sums {
    use proptest::prelude::*;
    use qunzhu_core::growth::report;

    /// One sign-up: channel (0 = none), status, paid, refund share, placed, check-ins, left.
    fn signup() -> impl Strategy<Value = (usize, usize, i64, u8, bool, u8, bool)> {
        (0usize..5, 0usize..6, 0i64..200_000, 0u8..3, any::<bool>(), 0u8..6, any::<bool>())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        /// Whatever the sign-ups, the channel rows add up to the cohort's totals, and the costs
        /// of the channels plus the unassigned ones to the cohort's cost.
        #[test]
        fn channel_rows_add_up_to_the_cohort(rows in prop::collection::vec(signup(), 1..40), costs in prop::collection::vec((0usize..5, 1i64..100_000), 0..6), checkins in 0u32..4) {
            let t = crate::temp_store();
            let s = &t.store;
            let conn = s.conn();
            conn.execute_batch("INSERT INTO cohorts (id, name, start_date, end_date, created_at) VALUES (1, '1期', '2026-03-01', '2026-03-28', 'now'), (2, '2期', '2026-05-01', '2026-05-28', 'now');").unwrap();
            conn.execute(&format!("UPDATE cohorts SET completion = '{{\"checkins\": {checkins}}}' WHERE id = 1"), []).unwrap();
            let statuses = ["signed_up", "paid", "joined", "completed", "refunded", "not_joined"];
            for (i, (ch, st, paid, refund, placed, marks, left)) in rows.iter().enumerate() {
                let m = i as i64 + 1;
                conn.execute("INSERT INTO members (id, name, created_at, updated_at) VALUES (?1, ?2, 'now', 'now')", rusqlite::params![m, format!("m{m}")]).unwrap();
                let channel = (*ch > 0).then_some(*ch as i64);
                let refund = paid * i64::from(*refund) / 2;
                let referrer = (m > 1 && m % 3 == 0).then_some(m - 1);
                conn.execute(
                    "INSERT INTO orders (member_id, cohort_id, channel_id, referrer_id, paid_fen, refund_fen, status, created_at, updated_at) VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, 'now', 'now')",
                    rusqlite::params![m, channel, referrer, paid, refund, statuses[*st]],
                ).unwrap();
                if m % 4 == 0 {
                    conn.execute("INSERT INTO orders (member_id, cohort_id, paid_fen, status, paid_at, created_at, updated_at) VALUES (?1, 2, 100, 'paid', '2026-04-01', 'now', 'now')", [m]).unwrap();
                }
                if *placed {
                    conn.execute("INSERT INTO memberships (member_id, cohort_id, joined_on, left_on) VALUES (?1, 1, '2026-03-01', ?2)", rusqlite::params![m, left.then_some("2026-03-10")]).unwrap();
                    for d in 0..*marks {
                        conn.execute("INSERT INTO marks (cohort_id, member_id, day, kind, created_at) VALUES (1, ?1, ?2, 'checkin', 'now')", rusqlite::params![m, format!("2026-03-{:02}", d + 2)]).unwrap();
                    }
                }
            }
            for (ch, fen) in &costs {
                let channel = (*ch > 0).then_some(*ch as i64);
                conn.execute("INSERT INTO costs (cohort_id, amount_fen, category, channel_id, spent_on, created_at) VALUES (1, ?1, 'ads', ?2, '2026-03-01', 'now')", rusqlite::params![fen, channel]).unwrap();
            }
            drop(conn);
            let r = report::cohort(s, 1).unwrap();
            let mut sum = report::Funnel::default();
            let mut channel_cost = 0;
            for c in &r.channels {
                let f = &c.funnel;
                sum.signups += f.signups; sum.paid += f.paid; sum.joined += f.joined; sum.active += f.active;
                sum.completed += f.completed; sum.renewed += f.renewed; sum.refunded += f.refunded;
                sum.revenue += f.revenue; sum.refunds += f.refunds;
                channel_cost += c.cost.unwrap_or(0);
                // Each step is within the one before it.
                prop_assert!(f.paid <= f.signups && f.joined <= f.paid && f.active <= f.joined && f.completed <= f.joined && f.renewed <= f.paid);
            }
            prop_assert_eq!(&sum, &r.funnel);
            prop_assert_eq!(sum.signups as usize, rows.len());
            let total: i64 = costs.iter().map(|(_, f)| f).sum();
            prop_assert_eq!(r.cost, (!costs.is_empty()).then_some(total));
            prop_assert_eq!(channel_cost + r.cost_unassigned.unwrap_or(0), total);
            let referred: u64 = r.referrers.iter().map(|x| x.referred).sum();
            prop_assert_eq!(referred as usize, rows.iter().enumerate().filter(|(i, _)| { let m = *i as i64 + 1; m > 1 && m % 3 == 0 }).count());
        }
    }
}

#[test]
fn a_wjx_sign_up_form_then_an_xlsx_payment_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let t = temp_store();
    let s = &t.store;
    let c = cohort(s, "写作营7期", "2026-03-01", "2026-03-28");
    let dir = tempfile::tempdir().unwrap();
    // 问卷星's sign-up form: its own 来源 column says how the form was opened, the question says where they heard of us.
    let form = dir.path().join("报名表.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let head = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的姓名", "2、手机号码", "3、你从哪里知道我们？", "4、推荐人姓名（选填）"];
    for (i, h) in head.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (r, row) in [["1", "2026/2/18 20:01:02", "35秒", "手机提交", "直接访问", "1.2.3.4", "林小雨", "13800000001", "小红书", ""], ["2", "2026/2/18 21:00:00", "41秒", "微信", "N/A", "1.2.3.5", "王杰", "13800000002", "朋友推荐", "林小雨"], ["3", "2026/2/19 08:00:00", "20秒", "手机提交", "直接访问", "1.2.3.6", "陈美", "13800000003", "公众号", ""]].iter().enumerate() {
        for (i, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, i as u16, *v).unwrap();
        }
    }
    wb.save(&form).unwrap();
    let r = import::run(s, &form, &OrderImportOptions { cohort_id: c, ..Default::default() }).unwrap();
    assert!(r.committed, "{:?}", r.errors);
    assert_eq!(r.created, 3);
    let listed = orders::list(s, c).unwrap();
    let channel = |n: &str| listed.iter().find(|o| o.name == n).unwrap().channel.clone();
    assert_eq!((channel("林小雨").as_deref(), channel("王杰").as_deref(), channel("陈美").as_deref()), (Some("小红书"), Some("老学员转介绍"), Some("公众号")), "the question, not the tool's 来源");
    assert!(listed.iter().all(|o| o.status == qunzhu_core::growth::status::OrderStatus::SignedUp && o.paid_at.is_none()));
    assert_eq!(report::cohort(s, c).unwrap().funnel.paid, 0);

    // The payment export as XLSX: numbers and date-time cells as Excel stores them.
    let pay = dir.path().join("订单.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (i, h) in ["订单编号", "姓名", "手机号", "实付金额", "支付时间", "订单状态"].iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for (r, (name, phone, fen)) in [("林小雨", 13800000001u64, 199.0), ("王杰", 13800000002, 99.9)].iter().enumerate() {
        let row = r as u32 + 1;
        ws.write_string(row, 0, format!("XE00{row}")).unwrap();
        ws.write_string(row, 1, *name).unwrap();
        ws.write_number(row, 2, *phone as f64).unwrap();
        ws.write_number(row, 3, *fen).unwrap();
        ws.write_datetime_with_format(row, 4, ExcelDateTime::parse_from_str("2026-02-20 20:15:30").unwrap(), &when).unwrap();
        ws.write_string(row, 5, "交易成功").unwrap();
    }
    wb.save(&pay).unwrap();
    let r = import::run(s, &pay, &OrderImportOptions { cohort_id: c, ..Default::default() }).unwrap();
    assert_eq!((r.created, r.updated, r.members_created), (0, 2, 0), "{:?}", r.errors);
    let listed = orders::list(s, c).unwrap();
    let wang = listed.iter().find(|o| o.name == "王杰").unwrap();
    assert_eq!((wang.amount, wang.paid_at.as_deref(), wang.channel.as_deref()), (9_990, Some("2026-02-20 20:15:30"), Some("老学员转介绍")), "the form's channel stays");
    assert_eq!(report::cohort(s, c).unwrap().funnel.paid, 2);
}

#[test]
fn annual_memberships_end_and_come_up_for_renewal_with_a_message() {
    use qunzhu_core::growth::renewals;
    let t = temp_store();
    let s = &t.store;
    let c = cohort(s, "年卡会员群2026", "2025-12-01", "2026-12-31");
    let r = import(s, "annual-members-utf8.csv", c);
    assert_eq!((r.created, r.committed), (4, true), "{:?}", r.errors);
    let zhou = id(s, "周一");
    assert_eq!(renewals::expiry(s, zhou, c).unwrap().as_deref(), Some("2026-12-10"), "到期时间 sets the membership's end");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let due = renewals::due(s, today, 30).unwrap();
    let who: Vec<(&str, i64)> = due.iter().map(|d| (d.name.as_str(), d.days_left)).collect();
    assert_eq!(who, [("王四", -12), ("周一", 8), ("吴二", 26)], "soonest first, the lapsed included, 郑三 not yet");
    assert_eq!(due[1].message, "周一你好～你的「年卡会员群2026」会员将在 12月10日 到期。续费后群内的课程、答疑和活动都不中断，回复「续费」我把链接发你～");
    assert_eq!(due[0].message, "王四你好～你的「年卡会员群2026」会员已于 11月20日 到期，群内的课程、答疑和活动还给你留着位置。现在续费可以接着上次继续，回复「续费」我把链接发你～", "the lapsed hear it ended");
    renewals::set_message(s, "{姓名}，{期}{到期日}到期啦").unwrap();
    assert_eq!(renewals::due(s, today, 10).unwrap()[1].message, "周一，年卡会员群202612月10日到期啦");
    // Renewed by hand: the end moves a year on, and 周一 is no longer due.
    renewals::set_expiry(s, zhou, c, Some("2027-12-10"), today).unwrap();
    let by_hand = renewals::of_member(s, zhou).unwrap();
    assert_eq!(
        by_hand.iter().map(|r| (r.from_on.as_str(), r.to_on.as_str(), r.renewed_on.as_str(), r.amount)).collect::<Vec<_>>(),
        [("2026-12-10", "2027-12-10", "2026-12-02", 0)],
        "moving the end later by hand is a renewal on the day, with no payment"
    );
    assert_eq!(report::cohort(s, c).unwrap().funnel.renewed, 1, "a renewed membership is 续费");
    assert!(renewals::due(s, today, 30).unwrap().iter().all(|d| d.member_id != zhou));
    assert!(renewals::set_expiry(s, zhou, c, Some("2027-02-30"), today).is_err(), "an impossible date is refused");
    // The same sheet again moves no end earlier and changes nothing else.
    let again = import(s, "annual-members-utf8.csv", c);
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(renewals::expiry(s, zhou, c).unwrap().as_deref(), Some("2027-12-10"));
}

#[test]
fn a_second_annual_order_renews_the_membership_and_its_payment_counts() {
    use qunzhu_core::growth::renewals;
    let t = temp_store();
    let s = &t.store;
    let c = cohort(s, "年卡会员群2026", "2025-12-01", "2026-12-31");
    import(s, "annual-members-utf8.csv", c);
    let before = report::cohort(s, c).unwrap();
    assert_eq!((before.funnel.paid, before.funnel.renewed, before.funnel.revenue), (4, 0, 4 * 36500));
    // 周一 renews five days before the end; 王四 101 days after his end of 2026-11-20.
    let r = import(s, "annual-renewals-utf8.csv", c);
    assert_eq!((r.created, r.updated, r.unchanged, r.committed), (0, 2, 0, true), "{:?}", r.errors);
    assert_eq!(r.preview[1].message.as_deref(), Some("续费：会员到期日延至 2027-12-10"));
    let (zhou, wang) = (id(s, "周一"), id(s, "王四"));
    assert_eq!(renewals::expiry(s, zhou, c).unwrap().as_deref(), Some("2027-12-10"));
    assert_eq!(renewals::expiry(s, wang, c).unwrap().as_deref(), Some("2028-03-01"));
    let zr = renewals::of_member(s, zhou).unwrap();
    assert_eq!((zr[0].from_on.as_str(), zr[0].renewed_on.as_str(), zr[0].order_no.as_deref(), zr[0].amount), ("2026-12-10", "2026-12-05", Some("NK101"), 32850));
    let sign_up = qunzhu_core::growth::orders::of_member(s, zhou).unwrap();
    assert_eq!((sign_up.len(), sign_up[0].order_no.as_deref(), sign_up[0].amount), (1, Some("NK001"), 36500), "the sign-up keeps its own order");
    let after = report::cohort(s, c).unwrap();
    assert_eq!(after.funnel.renewed, 1, "王四 renewed past the 90-day window");
    assert_eq!(after.funnel.revenue, 4 * 36500 + 32850 + 36500, "renewal payments are revenue");
    assert_eq!(after.channels.iter().map(|ch| ch.funnel.revenue).sum::<i64>(), after.funnel.revenue);
    // The same renewals again change nothing; a renewal's order number is one member's.
    let again = import(s, "annual-renewals-utf8.csv", c);
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(report::cohort(s, c).unwrap().funnel.revenue, after.funnel.revenue);
    // 周一's renewal refunded (a refund export, by its order number): it no longer counts, the
    // end moves back, the sign-up's own payment stays.
    let dir = tempfile::tempdir().unwrap();
    let refund = dir.path().join("refund.csv");
    std::fs::write(&refund, "订单号,姓名,手机号,实付金额,支付时间,订单状态\nNK101,周一,13500000001,328.50,2026-12-06 10:00:00,已退款\n").unwrap();
    let r = import::run(s, &refund, &OrderImportOptions { cohort_id: c, ..Default::default() }).unwrap();
    assert_eq!((r.updated, r.committed), (1, true), "{:?}", r.errors);
    assert_eq!(r.preview[0].message.as_deref(), Some("续费订单已退款：这次续费不算，到期日退回"));
    assert_eq!(renewals::expiry(s, zhou, c).unwrap().as_deref(), Some("2026-12-10"));
    assert!(renewals::of_member(s, zhou).unwrap().is_empty());
    let refunded = report::cohort(s, c).unwrap();
    assert_eq!((refunded.funnel.renewed, refunded.funnel.paid, refunded.funnel.revenue), (0, 4, 4 * 36500 + 36500));
    // Corrected by hand to an earlier end: the renewal past it goes.
    renewals::set_expiry(s, wang, c, Some("2026-11-20"), chrono::NaiveDate::from_ymd_opt(2027, 3, 2).unwrap()).unwrap();
    assert!(renewals::of_member(s, wang).unwrap().is_empty());
}

#[test]
fn the_ledger_settings_change_what_counts_as_active_and_renewed() {
    use qunzhu_core::growth::renewals::{self, GrowthSettings};
    let t = temp_store();
    let s = &t.store;
    let (c7, _) = seventh_and_eighth(s);
    let defaults = renewals::settings(s).unwrap();
    assert_eq!((defaults.active_days, defaults.renewal_days), (3, 90));
    assert_eq!(report::cohort(s, c7).unwrap().funnel.active, 4);
    let five = GrowthSettings { active_days: 5, renewal_days: 365, ..defaults.clone() };
    renewals::set_settings(s, &five).unwrap();
    let r = report::cohort(s, c7).unwrap();
    assert_eq!((r.funnel.active, r.funnel.renewed), (1, 2), "only 刘强 checked in five days; a year catches 王杰's August payment");
    assert_eq!(renewals::set_settings(s, &GrowthSettings { renewal_days: -1, ..five.clone() }).unwrap_err().code(), "invalid");
    assert_eq!(renewals::settings(s).unwrap(), five, "a refused change keeps the settings as they were");
}

#[test]
fn an_sop_template_carries_its_completion_rule_to_the_cohorts_made_from_it() {
    let t = temp_store();
    let s = &t.store;
    let src = "key = \"camp-14\"\nname = \"14 天营\"\n\n[completion]\ncheckins = 10\nhomework = 3\n\n[[task]]\ntitle = \"开营\"\nanchor = \"D0\"\ntime = \"20:00\"\nrole = \"班长\"\n";
    let sop = qunzhu_core::sop::save(s, src, None).unwrap();
    assert_eq!(sop.completion, Some(CompletionRule { checkins: Some(10), homework: Some(3), lectures: None }));
    let c = qunzhu_core::calendar::add_cohort(s, &CohortInput { name: "14天营1期".into(), start_date: "2026-03-01".into(), end_date: "2026-03-14".into(), ..Default::default() }, Some("camp-14")).unwrap();
    assert_eq!(completion::rule(s, c.id).unwrap().describe(qunzhu_core::Lang::Zh), "不退群，且打卡 ≥ 10 次、作业 ≥ 3 次");
    // A count no cohort can hold is a mistake named by its line.
    let bad = src.replace("checkins = 10", "checkins = 5000");
    let e = qunzhu_core::sop::parse("camp.toml", &bad).unwrap_err();
    assert!(e.to_string().contains("camp.toml") || e.message(qunzhu_core::Lang::Zh).contains("camp.toml"), "{e}");
}

#[test]
fn the_retro_report_carries_channels_and_conversion_and_compares_the_kpis() {
    let t = temp_store();
    let s = &t.store;
    let (c7, c8) = seventh_and_eighth(s);
    let md = qunzhu_core::retro::report::markdown(s, c7).unwrap();
    assert!(md.contains("## 渠道与转化"), "{md}");
    assert!(md.contains("| 小红书 | 3 → 2 → 2 → 2 → 2 → 1 · ¥398.00 · 成本 ¥300.00 |"), "{md}");
    assert!(md.contains("| 成本 / 获客成本 / 每位结业成本 | ¥500.00 / ¥83.33 / ¥166.67 |"), "{md}");
    let cmp = qunzhu_core::retro::compare(s, &[c7, c8]).unwrap();
    let row = |k: &str| cmp.rows.iter().find(|r| r.key == k).unwrap_or_else(|| panic!("{k}")).values.clone();
    assert_eq!(row("paid"), [Some(6.0), Some(2.0)]);
    assert_eq!(row("cost_per_paid"), [Some(83.33), None], "8期 has no cost recorded");
}

#[test]
fn refunds_unpaid_orders_and_sheets_without_a_status_count_as_they_are() {
    let t = temp_store();
    let s = &t.store;
    let c = cohort(s, "写作营7期", "2026-03-01", "2026-03-28");
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let run = |p: &std::path::Path| import::run(s, p, &OrderImportOptions { cohort_id: c, ..Default::default() }).unwrap();
    // Newest first, as exports list them: the refund, then the payment it refunds.
    let newest_first = write("a.csv", "订单号,姓名,手机号,实付金额,支付时间,订单状态\nR1,甲,13600000001,199,2026-02-25 10:00,已退款\nR1,甲,13600000001,199,2026-02-20 10:00,已支付\nU1,乙,13600000002,199,2026-02-21 10:00,待支付\n");
    assert!(run(&newest_first).committed);
    let r = report::cohort(s, c).unwrap();
    assert_eq!((r.funnel.paid, r.funnel.refunded, r.funnel.joined), (0, 1, 0), "refunded in full: not paying, not placed");
    assert_eq!((r.funnel.revenue, r.funnel.refunds), (19_900, 19_900), "乙's unpaid order brings no money");
    let again = run(&newest_first);
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2), "the same sheet again changes nothing");
    // A payments sheet with no status column moves a sign-up on to paid.
    let form = write("b.csv", "姓名,手机号\n丙,13600000003\n");
    run(&form);
    let pay = write("c.csv", "姓名,手机号,实付金额,支付时间\n丙,13600000003,99,2026-02-22 09:00\n");
    assert_eq!(run(&pay).updated, 1);
    let bing = orders::list(s, c).unwrap().into_iter().find(|o| o.name == "丙").unwrap();
    assert_eq!((bing.status, bing.amount), (qunzhu_core::growth::status::OrderStatus::Paid, 9_900));
    assert_eq!(report::cohort(s, c).unwrap().funnel.paid, 1);
    // A refund export with phones but no names: each row finds its member by phone; a phone no
    // member has cannot add one without a name, and says so at the name column.
    let refunds = write("d.csv", "用户昵称,手机号,实付金额,订单状态
,13600000003,99,已退款
,13600000099,99,已退款
");
    let r = run(&refunds);
    assert_eq!((r.error_rows, r.errors[0].row, r.errors[0].column.as_deref()), (1, 3, Some("用户昵称")), "{:?}", r.errors);
    assert_eq!(r.errors[0].message, "姓名和昵称都为空：无法知道是谁报的名");
    let r = import::run(s, &refunds, &OrderImportOptions { cohort_id: c, skip_bad_rows: true, ..Default::default() }).unwrap();
    assert_eq!((r.updated, r.skipped), (1, 1));
    assert_eq!(report::cohort(s, c).unwrap().funnel.paid, 0, "丙 refunded by phone alone");
}

#[test]
fn a_skipped_row_keeps_the_member_another_sign_up_names_as_referrer() {
    let t = temp_store();
    let s = &t.store;
    let c = cohort(s, "写作营7期", "2026-03-01", "2026-03-28");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("loop.csv");
    std::fs::write(&p, "姓名,手机号,实付金额,订单状态,推荐人\n王杰,13800000002,199,已支付,林小雨\n林小雨,13800000001,199,已支付,王杰\n").unwrap();
    let r = import::run(s, &p, &OrderImportOptions { cohort_id: c, skip_bad_rows: true, ..Default::default() }).unwrap();
    assert_eq!((r.created, r.skipped), (1, 1), "{:?}", r.errors);
    assert!(r.errors[0].message.contains("成环"), "{:?}", r.errors);
    let wang = orders::list(s, c).unwrap().into_iter().find(|o| o.name == "王杰").unwrap();
    assert_eq!(wang.referrer.as_deref(), Some("林小雨"), "王杰's referrer stays although 林小雨's own row was skipped");
}

#[test]
fn a_deleted_sign_up_waits_in_the_trash_and_comes_back_unless_replaced() {
    use qunzhu_core::{trash, Entity};
    let t = temp_store();
    let s = &t.store;
    let (c7, _) = seventh_and_eighth(s);
    let before = report::cohort(s, c7).unwrap();
    let wang = orders::list(s, c7).unwrap().into_iter().find(|o| o.name == "王杰").unwrap();
    orders::delete(s, wang.id).unwrap();
    assert!(orders::list(s, c7).unwrap().iter().all(|o| o.id != wang.id), "gone from the cohort's sign-ups");
    assert_ne!(report::cohort(s, c7).unwrap().funnel.paid, before.funnel.paid, "and from its figures");
    let item = trash::list(s).unwrap().into_iter().find(|i| i.kind == Entity::Order).expect("in the trash");
    assert_eq!((item.id, item.label.as_str()), (wang.id, "王杰 · 写作营7期"));
    assert!(item.detail.starts_with('¥'), "{}", item.detail);
    trash::restore(s, Entity::Order, wang.id).unwrap();
    assert_eq!(report::cohort(s, c7).unwrap().funnel.paid, before.funnel.paid, "back in the figures");

    // Deleted again, then the same sheet imported anew: the old one cannot come back beside it.
    orders::delete(s, wang.id).unwrap();
    assert!(import(s, "xiaoe-orders-gbk.csv", c7).committed);
    let err = trash::restore(s, Entity::Order, wang.id).unwrap_err();
    assert_eq!(err.code(), "order_taken", "{err}");
    assert!(err.message(qunzhu_core::Lang::Zh).contains("王杰"), "{err}");
    trash::purge(s, Entity::Order, wang.id).unwrap();
    assert!(trash::list(s).unwrap().iter().all(|i| i.kind != Entity::Order));
}
