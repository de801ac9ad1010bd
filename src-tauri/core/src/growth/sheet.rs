//! Order and sign-up sheets as the tools write them (小鹅通, 有赞, 千聊, a 问卷星 / 金数据 sign-up
//! form, the operator's own): which column holds what, and one row read into a sign-up, with no
//! database (the writing side matches people and referrers).

use super::money::{self, parse_fen};
use super::status::OrderStatus;
use crate::import::formats::{self, clean_header, SourceFormat};
use crate::import::values;
use crate::Lang;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a column of an order sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderColumn {
    Ignore,
    OrderNo,
    Product,
    Name,
    Nickname,
    Phone,
    Wechat,
    /// 实付金额
    Paid,
    /// 优惠金额
    Discount,
    /// 优惠券
    Coupon,
    /// 支付时间 / 下单时间
    Time,
    Status,
    Channel,
    Referrer,
    /// 退款金额
    Refund,
    /// 退款时间
    RefundedOn,
    /// 到期时间 / 有效期至 (a 年卡 or 会员群 membership's end)
    ExpiresOn,
    Note,
}

/// The column a header most likely holds; `format` tells a 问卷星 "来源" (how the form was
/// opened) from a sheet's own 来源 column.
pub fn guess(header: &str, format: SourceFormat) -> OrderColumn {
    use OrderColumn::*;
    let h = clean_header(header);
    let l = h.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| l.contains(w));
    let form = matches!(format, SourceFormat::Wjx | SourceFormat::Tencent | SourceFormat::Jinshuju);
    if h.is_empty() {
        Ignore
    } else if any(&["从哪里知道", "从哪知道", "从哪儿知道", "如何得知", "怎么知道", "如何知道", "了解到我们", "渠道"]) {
        Channel
    } else if form && matches!(h.as_str(), "来源" | "来源详情" | "来自IP" | "序号" | "提交答卷时间" | "所用时间" | "提交人" | "提交时间" | "编号") {
        // The form tool's own columns (提交时间 is a sign-up's time, not a payment's).
        Ignore
    } else if any(&["退款金额", "退款额", "refund amount"]) {
        Refund
    } else if any(&["退款时间", "退款日期"]) {
        RefundedOn
    } else if any(&["到期", "有效期", "过期时间", "expires"]) {
        ExpiresOn
    } else if any(&["订单号", "订单编号", "订单id", "交易单号", "交易号", "order no", "order id"]) {
        OrderNo
    } else if any(&["商品名称", "商品", "课程名称", "产品名称", "产品", "课程", "product"]) && !any(&["金额", "价", "数量"]) {
        Product
    } else if any(&["推荐人", "邀请人", "分享人", "推广员", "分销员", "介绍人", "referrer"]) {
        Referrer
    } else if any(&["优惠券"]) && !any(&["金额"]) {
        Coupon
    } else if any(&["优惠金额", "优惠", "折扣金额", "减免", "discount"]) {
        Discount
    } else if any(&["实付", "支付金额", "付款金额", "实收", "已付金额", "金额", "amount", "paid"]) && !any(&["订单金额", "原价", "商品金额", "应付"]) {
        Paid
    } else if any(&["支付时间", "付款时间", "下单时间", "创建时间", "成交时间", "交易时间", "paid at"]) {
        Time
    } else if any(&["订单状态", "支付状态", "交易状态", "状态", "status"]) {
        Status
    } else if any(&["来源渠道", "来源", "source"]) {
        Channel
    } else if any(&["用户昵称", "微信昵称", "昵称", "nickname"]) {
        Nickname
    } else if any(&["备注", "留言", "note"]) {
        Note
    } else {
        match formats::guess(header) {
            formats::Target::Name => Name,
            formats::Target::Phone => Phone,
            formats::Target::Wechat => Wechat,
            formats::Target::Nickname => Nickname,
            _ => Ignore,
        }
    }
}

/// A column for every header; no two columns fill the same field (the first wins).
pub fn default_mapping(headers: &[String]) -> Vec<OrderColumn> {
    let format = formats::detect(headers);
    let mut seen = std::collections::HashSet::new();
    headers
        .iter()
        .map(|h| guess(h, format))
        .map(|c| if c == OrderColumn::Ignore || seen.insert(c) { c } else { OrderColumn::Ignore })
        .collect()
}

/// One row read: who, and the sign-up they made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetRow {
    pub name: String,
    pub nickname: String,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub order_no: Option<String>,
    pub product: String,
    pub paid: Option<i64>,
    pub discount: Option<i64>,
    pub coupon: String,
    pub time: Option<String>,
    pub status: Option<OrderStatus>,
    pub channel: Option<String>,
    pub referrer: Option<String>,
    pub refund: Option<i64>,
    pub refunded_on: Option<String>,
    pub expires_on: Option<String>,
    pub note: String,
}

/// A row that names nobody: the name column (or the nickname's) and what to do.
pub fn no_name(headers: &[String], mapping: &[OrderColumn], lang: Lang) -> RowProblem {
    let col = mapping.iter().position(|c| *c == OrderColumn::Name).or_else(|| mapping.iter().position(|c| *c == OrderColumn::Nickname)).and_then(|i| headers.get(i).cloned());
    let msg = match (lang, col.is_some()) {
        (Lang::Zh, true) => "姓名和昵称都为空：无法知道是谁报的名".to_string(),
        (Lang::Zh, false) => "没有哪一列对应「姓名」或「用户昵称」：请在预览中指定".to_string(),
        (Lang::En, true) => "both the name and the nickname are empty: whose sign-up is it?".to_string(),
        (Lang::En, false) => "no column is mapped to the name or nickname: pick it in the preview".to_string(),
    };
    (col, msg)
}

/// A problem with a row: the column's header (when one column is at fault) and the message.
pub type RowProblem = (Option<String>, String);

/// Reads one row by the mapping.
pub fn read_row(cells: &[String], headers: &[String], mapping: &[OrderColumn], lang: Lang) -> Result<SheetRow, RowProblem> {
    use OrderColumn::*;
    let mut row = SheetRow::default();
    for (i, col) in mapping.iter().enumerate() {
        let raw = qunzhu_sheets::unescape_formula(cells.get(i).map(|c| c.trim()).unwrap_or(""));
        if raw.is_empty() {
            continue;
        }
        let at = || headers.get(i).cloned();
        let amount = |cell: &str| parse_fen(cell).map_err(|p| (at(), p.message(cell, lang)));
        let text = |cell: &str| Some(cell.chars().take(100).collect::<String>());
        match col {
            Ignore => {}
            OrderNo => row.order_no = text(raw.trim_start_matches(['\'', '`'])),
            Product => row.product = raw.to_string(),
            Name => row.name = raw.to_string(),
            Nickname => row.nickname = raw.to_string(),
            Phone => row.phone = values::phone(raw).map_err(|e| (at(), e.message(lang)))?,
            Wechat => row.wechat = Some(raw.to_string()),
            Paid => row.paid = amount(raw)?,
            Discount => row.discount = amount(raw)?,
            Refund => row.refund = amount(raw)?,
            Coupon => row.coupon = raw.to_string(),
            Time => row.time = Some(timestamp(raw).ok_or_else(|| (at(), bad_time(raw, lang)))?),
            RefundedOn => row.refunded_on = Some(timestamp(raw).ok_or_else(|| (at(), bad_time(raw, lang)))?),
            ExpiresOn => row.expires_on = Some(timestamp(raw).and_then(|t| t.get(..10).map(String::from)).ok_or_else(|| (at(), bad_time(raw, lang)))?),
            Status => row.status = Some(OrderStatus::parse(raw).ok_or_else(|| (at(), bad_status(raw, lang)))?),
            Channel => row.channel = Some(raw.to_string()),
            Referrer => row.referrer = Some(raw.to_string()),
            Note => row.note = raw.to_string(),
        }
    }
    if row.name.trim().is_empty() {
        row.name = row.nickname.clone();
    }
    // A row with a phone or WeChat ID needs no name to find its member (a 已退款 row often has
    // none); whether it may add a new one is the writer's question (`no_name`).
    if row.name.trim().is_empty() && row.phone.is_none() && row.wechat.is_none() {
        return Err(no_name(headers, mapping, lang));
    }
    if let (Some(refund), Some(paid)) = (row.refund, row.paid) {
        if refund > paid {
            let col = mapping.iter().position(|c| *c == Refund).and_then(|i| headers.get(i).cloned());
            return Err((col, refund_over_paid(refund, paid, lang)));
        }
    }
    Ok(row)
}

/// A refund larger than the payment it refunds, in the user's words.
pub fn refund_over_paid(refund: i64, paid: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("退款 {} 元大于实付 {} 元", money::yuan(refund), money::yuan(paid)),
        Lang::En => format!("the refund {} is more than the payment {}", money::yuan(refund), money::yuan(paid)),
    }
}

fn bad_time(raw: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("无法识别的时间“{raw}”：应写成 2026-11-02 20:15 或 2026/11/2"),
        Lang::En => format!("cannot read the time “{raw}”: write 2026-11-02 20:15 or 2026/11/2"),
    }
}

fn bad_status(raw: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("无法识别的订单状态“{raw}”：可用 已支付、交易成功、已退款、退款成功、未支付、已关闭、已入群、完课"),
        Lang::En => format!("unknown order status “{raw}”: use paid, refunded, unpaid, closed, joined or completed (or the tools' Chinese words)"),
    }
}

/// A time cell as "YYYY-MM-DD HH:MM:SS", or "YYYY-MM-DD" when it holds a date alone.
pub fn timestamp(raw: &str) -> Option<String> {
    let t = raw.trim().replace('T', " ");
    let t = t.trim_end_matches('Z');
    for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y.%m.%d %H:%M:%S", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, fmt) {
            return Some(d.format("%Y-%m-%d %H:%M:%S").to_string());
        }
    }
    // 2026-11-02 20:15:00.000 (a database export's milliseconds)
    if let Some((head, _)) = t.split_once('.').filter(|(h, _)| h.len() >= 16) {
        if let Ok(d) = NaiveDateTime::parse_from_str(head, "%Y-%m-%d %H:%M:%S") {
            return Some(d.format("%Y-%m-%d %H:%M:%S").to_string());
        }
    }
    match values::solar_date(t) {
        Some((Some(y), m, d)) => NaiveDate::from_ymd_opt(y, m, d).map(|d| d.to_string()),
        _ => None,
    }
}
