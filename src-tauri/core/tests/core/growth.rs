//! The growth ledger: the words of order sheets (amounts, channels, statuses).

use proptest::prelude::*;
use qunzhu_core::growth::channels::canonical;
use qunzhu_core::growth::money::{parse_fen, yuan, AmountProblem};
use qunzhu_core::growth::status::OrderStatus;

#[test]
fn amounts_as_order_exports_write_them_read_into_fen() {
    for (cell, fen) in [
        ("¥199.00", 19900),
        ("￥199.00", 19900),
        ("199元", 19900),
        ("1,299.00", 129900),
        ("12,345,678.9", 1234567890),
        ("  29.9 ", 2990),
        ("0.01", 1),
        (".5", 50),
        ("RMB 88", 8800),
        ("１９９．００", 19900),
        // Excel's floating-point noise in a numeric cell.
        ("199.99000000000001", 19999),
        ("29.899999999999999", 2990),
        ("0", 0),
    ] {
        assert_eq!(parse_fen(cell), Ok(Some(fen)), "{cell}");
    }
    for empty in ["", "  ", "-", "—"] {
        assert_eq!(parse_fen(empty), Ok(None), "{empty:?}");
    }
}

#[test]
fn what_is_not_an_amount_says_why() {
    for (cell, why) in [
        ("-199", AmountProblem::Negative),
        ("￥-5.00", AmountProblem::Negative),
        ("(199.00)", AmountProblem::Negative),
        ("2026-11-03", AmountProblem::LooksLikeDate),
        ("2026/11/3", AmountProblem::LooksLikeDate),
        ("11月3日", AmountProblem::LooksLikeDate),
        ("免费", AmountProblem::NotANumber),
        ("1,29,9", AmountProblem::NotANumber),
        ("199.5.1", AmountProblem::NotANumber),
        ("19.999", AmountProblem::FinerThanFen),
        ("1e5", AmountProblem::NotANumber),
        ("100000001", AmountProblem::TooLarge),
        ("99999999999999999999", AmountProblem::TooLarge),
    ] {
        assert_eq!(parse_fen(cell), Err(why.clone()), "{cell}");
    }
}

proptest! {
    /// Any fen written as yuan (with or without a currency sign and thousands separators) reads back.
    #[test]
    fn fen_written_as_yuan_reads_back(fen in 0i64..=10_000_000_000, sign in 0usize..3, grouped: bool) {
        let mut text = yuan(fen);
        if grouped {
            let (int, frac) = text.split_once('.').unwrap();
            let digits: Vec<char> = int.chars().collect();
            let mut out = String::new();
            for (i, c) in digits.iter().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 { out.push(','); }
                out.push(*c);
            }
            text = format!("{out}.{frac}");
        }
        let cell = match sign { 0 => text, 1 => format!("¥{text}"), _ => format!("{text}元") };
        prop_assert_eq!(parse_fen(&cell), Ok(Some(fen)));
    }

    /// Whatever the cell, reading it never panics and a value it returns is within bounds.
    #[test]
    fn any_cell_reads_without_panic(cell in "\\PC{0,24}") {
        if let Ok(Some(fen)) = parse_fen(&cell) {
            prop_assert!((0..=10_000_000_000).contains(&fen));
        }
    }
}

#[test]
fn fen_shown_as_yuan() {
    assert_eq!(yuan(129900), "1299.00");
    assert_eq!(yuan(5), "0.05");
    assert_eq!(yuan(-2990), "-29.90");
}

#[test]
fn channel_spellings_read_as_one_channel() {
    for (raw, channel) in [
        ("小红书", "小红书"),
        ("xhs", "小红书"),
        ("XHS", "小红书"),
        ("红书", "小红书"),
        ("小红书笔记", "小红书"),
        ("微信公众号", "公众号"),
        (" 公众号推文 ", "公众号"),
        ("朋友圈", "朋友圈"),
        ("老带新", "老学员转介绍"),
        ("朋友推荐", "老学员转介绍"),
        ("抖音直播", "抖音"),
        ("Bilibili", "B站"),
    ] {
        assert_eq!(canonical(raw).as_deref(), Some(channel), "{raw}");
    }
    // A spelling not known stays as written, tidied; an empty cell names no channel.
    assert_eq!(canonical("  樊登 读书会 ").as_deref(), Some("樊登 读书会"));
    assert_eq!(canonical("dy"), Some("抖音".to_string()));
    assert_eq!(canonical("   "), None);
}

#[test]
fn order_statuses_of_the_tools_read_as_steps() {
    for (word, status) in [
        ("已支付", OrderStatus::Paid),
        ("交易成功", OrderStatus::Paid),
        ("已退款", OrderStatus::Refunded),
        ("退款成功", OrderStatus::Refunded),
        ("部分退款", OrderStatus::Refunded),
        ("待支付", OrderStatus::SignedUp),
        ("已关闭", OrderStatus::SignedUp),
        ("已入群", OrderStatus::Joined),
        ("完课", OrderStatus::Completed),
        ("未入群", OrderStatus::NotJoined),
        (" Paid ", OrderStatus::Paid),
    ] {
        assert_eq!(OrderStatus::parse(word), Some(status), "{word}");
    }
    assert_eq!(OrderStatus::parse("处理中"), None, "a word not known is the import's to name");
    assert!(OrderStatus::Refunded.paid() && !OrderStatus::SignedUp.paid());
}

/// Schema v13 holds the ledger's records with the money rules in the table itself: the store
/// refuses a refund larger than its payment, a negative amount, a member who referred themself,
/// and a second live sign-up of one person for one cohort.
#[test]
fn the_ledger_schema_keeps_money_and_referrals_sound() {
    let t = crate::temp_store();
    let conn = t.store.conn();
    let seeded: Vec<String> = conn.prepare("SELECT name FROM channels WHERE builtin = 1 ORDER BY sort").unwrap()
        .query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    let builtin: Vec<String> = qunzhu_core::growth::channels::BUILTIN.iter().map(|s| s[0].to_string()).collect();
    assert_eq!(seeded, builtin, "the seeded channels are the ones spellings are read as");
    conn.execute_batch(
        "INSERT INTO members (id, name, created_at, updated_at) VALUES (1, '张三', 'now', 'now'), (2, '李四', 'now', 'now');
         INSERT INTO cohorts (id, name, start_date, end_date, created_at) VALUES (1, '第3期', '2026-11-01', '2026-11-21', 'now');",
    ).unwrap();
    let order = |sql: &str| conn.execute_batch(&format!(
        "INSERT INTO orders (member_id, cohort_id, referrer_id, paid_fen, refund_fen, status, created_at, updated_at) VALUES {sql}"
    ));
    order("(1, 1, 2, 19900, 19900, 'refunded', 'now', 'now')").expect("a whole refund");
    for bad in [
        "(2, 1, NULL, 19900, 19901, 'refunded', 'now', 'now')",
        "(2, 1, NULL, -1, 0, 'paid', 'now', 'now')",
        "(2, 1, 2, 19900, 0, 'paid', 'now', 'now')",
        "(1, 1, NULL, 19900, 0, 'paid', 'now', 'now')",
        "(2, 1, NULL, 19900, 0, 'unknown', 'now', 'now')",
    ] {
        assert!(order(bad).is_err(), "refused: {bad}");
    }
    let cost = conn.execute_batch("INSERT INTO costs (cohort_id, amount_fen, category, spent_on, created_at) VALUES (1, 0, 'ads', '2026-11-01', 'now')");
    assert!(cost.is_err(), "a cost of nothing is no cost");
    let completion: String = conn.query_row("SELECT completion FROM cohorts WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(completion, "{}", "a cohort's completion rule starts as 'did not leave'");
}

#[test]
fn spellings_resolve_to_one_channel_and_merging_moves_what_was_counted() {
    use qunzhu_core::growth::channels::{list, merge, resolve_in};
    let t = crate::temp_store();
    let xhs = resolve_in(&t.store, "xhs").unwrap().unwrap();
    assert_eq!(resolve_in(&t.store, "红书").unwrap(), Some(xhs), "built-in spellings meet in one channel");
    assert_eq!(resolve_in(&t.store, "  ").unwrap(), None);
    // A spelling the list does not know is added as written; merged into 小红书, it and its
    // sign-ups count there from then on.
    let odd = resolve_in(&t.store, "小绿书").unwrap().unwrap();
    assert_ne!(odd, xhs);
    {
        let conn = t.store.conn();
        conn.execute_batch(&format!(
            "INSERT INTO members (id, name, created_at, updated_at) VALUES (1, '张三', 'now', 'now');
             INSERT INTO cohorts (id, name, start_date, end_date, created_at) VALUES (1, '第3期', '2026-11-01', '2026-11-21', 'now');
             INSERT INTO orders (member_id, cohort_id, channel_id, created_at, updated_at) VALUES (1, 1, {odd}, 'now', 'now');"
        )).unwrap();
    }
    merge(&t.store, odd, xhs).unwrap();
    assert_eq!(resolve_in(&t.store, "小绿书").unwrap(), Some(xhs), "the merged spelling now reads as 小红书");
    let moved: i64 = t.store.conn().query_row("SELECT channel_id FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(moved, xhs);
    let merged = list(&t.store).unwrap().into_iter().find(|c| c.id == odd).unwrap();
    assert_eq!(merged.merged_into, Some(xhs));
    // Merging a channel into itself (or into one merged into it) is refused.
    assert!(merge(&t.store, xhs, odd).is_err());
    assert_eq!(merge(&t.store, xhs, 9999).unwrap_err().code(), "not_found");
}
