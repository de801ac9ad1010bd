//! Order statuses (订单状态) as the tools operators use write them, and the steps of a sign-up.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a sign-up stands: 报名 → 已付款 → 已入群 → 完课, or 已退款, or 未入群.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// 报名: signed up, not paid (also a closed or cancelled order).
    SignedUp,
    /// 已付款.
    Paid,
    /// 已入群: paid and in the group.
    Joined,
    /// 完课: completed the cohort.
    Completed,
    /// 已退款 (all or part of the payment).
    Refunded,
    /// 未入群: paid but never joined the group.
    NotJoined,
}

impl OrderStatus {
    /// Reads a status cell; None when the word is not one of the tools' (the import names it).
    pub fn parse(cell: &str) -> Option<OrderStatus> {
        let w: String = cell.chars().filter(|c| !c.is_whitespace()).flat_map(|c| c.to_lowercase()).collect();
        use OrderStatus::*;
        let status = match w.as_str() {
            "报名" | "已报名" | "待支付" | "未支付" | "待付款" | "未付款" | "已关闭" | "交易关闭" | "已取消" | "订单关闭" | "signedup" | "unpaid" | "cancelled" | "closed" => SignedUp,
            "已支付" | "已付款" | "支付成功" | "交易成功" | "已完成" | "付款成功" | "待发货" | "已发货" | "paid" | "success" => Paid,
            "入群" | "已入群" | "已进群" | "joined" => Joined,
            "完课" | "已完课" | "结业" | "已结业" | "毕业" | "completed" => Completed,
            "已退款" | "退款成功" | "全额退款" | "已全额退款" | "部分退款" | "已部分退款" | "退款完成" | "refunded" => Refunded,
            "未入群" | "未进群" | "notjoined" => NotJoined,
            _ => return None,
        };
        Some(status)
    }

    /// The stored word.
    pub fn key(self) -> &'static str {
        use OrderStatus::*;
        match self {
            SignedUp => "signed_up",
            Paid => "paid",
            Joined => "joined",
            Completed => "completed",
            Refunded => "refunded",
            NotJoined => "not_joined",
        }
    }

    /// A status read back from the store (its CHECK allows only the six words; anything else reads as 报名).
    pub fn stored(key: &str) -> OrderStatus {
        OrderStatus::from_key(key).unwrap_or(OrderStatus::SignedUp)
    }

    pub fn from_key(key: &str) -> Option<OrderStatus> {
        use OrderStatus::*;
        [SignedUp, Paid, Joined, Completed, Refunded, NotJoined].into_iter().find(|s| s.key() == key)
    }

    /// Whether the sign-up was paid for (a refund was paid first).
    pub fn paid(self) -> bool {
        !matches!(self, OrderStatus::SignedUp)
    }

    /// Whether a sign-up counts as paid: a paid status, and not refunded in full (whatever the
    /// status word: a sheet may say 交易成功 beside a refund of all of it).
    pub fn counts_paid(self, paid_fen: i64, refund_fen: i64) -> bool {
        self.paid() && !(refund_fen > 0 && refund_fen >= paid_fen)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        use OrderStatus::*;
        match (self, lang) {
            (SignedUp, Zh) => "报名",
            (Paid, Zh) => "已付款",
            (Joined, Zh) => "已入群",
            (Completed, Zh) => "完课",
            (Refunded, Zh) => "已退款",
            (NotJoined, Zh) => "未入群",
            (SignedUp, En) => "signed up",
            (Paid, En) => "paid",
            (Joined, En) => "joined",
            (Completed, En) => "completed",
            (Refunded, En) => "refunded",
            (NotJoined, En) => "not joined",
        }
    }
}
