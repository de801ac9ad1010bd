//! Amounts as order exports write them ("¥199.00", "￥1,299.00", "199元", Excel's 199.99000000000001)
//! read into integer fen, and fen written back as yuan.

use serde::Serialize;

/// Why a cell is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AmountProblem {
    /// A minus sign or parentheses: an order pays, a refund is its own column.
    Negative,
    /// A date in an amount column (a shifted column, or Excel's date format).
    LooksLikeDate,
    /// Not a number at all.
    NotANumber,
    /// Finer than a fen (0.001 yuan).
    FinerThanFen,
    /// Beyond what one order pays (over 100 million yuan).
    TooLarge,
}

/// The largest amount one order may carry: 100,000,000 yuan.
pub const MAX_FEN: i64 = 10_000_000_000;

/// Reads an amount in yuan into fen; an empty cell (or "-", "—") is no amount.
pub fn parse_fen(cell: &str) -> Result<Option<i64>, AmountProblem> {
    let folded: String = cell.trim().chars().map(fold_width).filter(|c| !c.is_whitespace()).collect();
    if folded.is_empty() || matches!(folded.as_str(), "-" | "—" | "--") {
        return Ok(None);
    }
    if looks_like_date(&folded) {
        return Err(AmountProblem::LooksLikeDate);
    }
    let mut s = folded.as_str();
    for prefix in ["¥", "RMB", "CNY", "rmb", "cny", "$"] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    for suffix in ["元", "圆", "RMB", "CNY", "rmb", "cny"] {
        s = s.strip_suffix(suffix).unwrap_or(s);
    }
    if s.starts_with('-') || s.starts_with('(') || s.ends_with('-') {
        return Err(AmountProblem::Negative);
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int = strip_thousands(int).ok_or(AmountProblem::NotANumber)?;
    if int.is_empty() && frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountProblem::NotANumber);
    }
    if int.len() > 12 {
        return Err(AmountProblem::TooLarge);
    }
    let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| AmountProblem::NotANumber)? };
    let fen = yuan * 100 + fraction_fen(frac)?;
    if fen > MAX_FEN {
        return Err(AmountProblem::TooLarge);
    }
    Ok(Some(fen))
}

/// The fen of a fraction's digits: "5" is 50, "05" is 5; further digits must be a float's noise
/// (Excel's 199.99000000000001 or 29.899999999999999), else the amount is finer than a fen.
fn fraction_fen(frac: &str) -> Result<i64, AmountProblem> {
    let digits: Vec<i64> = frac.bytes().map(|b| i64::from(b - b'0')).collect();
    let fen = digits.first().copied().unwrap_or(0) * 10 + digits.get(1).copied().unwrap_or(0);
    let rest = &frac[frac.len().min(2)..];
    if rest.bytes().all(|b| b == b'0') {
        return Ok(fen);
    }
    // Noise is a long run of 0s or 9s after the fen digit.
    if rest.len() >= 6 && rest[..5].bytes().all(|b| b == b'0') {
        return Ok(fen);
    }
    if rest.len() >= 6 && rest[..5].bytes().all(|b| b == b'9') {
        return Ok(fen + 1);
    }
    Err(AmountProblem::FinerThanFen)
}

/// "1,299" or "12,345,678" to its digits; a comma anywhere else is not a thousands separator.
fn strip_thousands(int: &str) -> Option<String> {
    if !int.contains(',') {
        return int.chars().all(|c| c.is_ascii_digit()).then(|| int.to_string());
    }
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok && digits).then(|| groups.concat())
}

fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['-', '/', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
    let has_sep = s.contains(['/', '年', '月']) || s.chars().skip(1).any(|c| c == '-');
    has_sep && parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit() || c == ':' || c == ' '))
}

/// Full-width digits and punctuation (as some exports write them) to ASCII.
fn fold_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        '（' => '(',
        '）' => ')',
        '￥' => '¥',
        _ => c,
    }
}

/// Fen as yuan with two decimals: 129900 → "1299.00".
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.unsigned_abs() / 100, fen.unsigned_abs() % 100)
}

impl AmountProblem {
    /// The problem in the user's words, naming the cell as written.
    pub fn message(&self, cell: &str, lang: crate::Lang) -> String {
        use crate::Lang::*;
        let cell = cell.trim();
        match (self, lang) {
            (AmountProblem::Negative, Zh) => format!("金额“{cell}”是负数：退款请写在「退款金额」列或把订单状态写为“已退款”"),
            (AmountProblem::Negative, En) => format!("the amount “{cell}” is negative: put refunds in a refund column or mark the order refunded"),
            (AmountProblem::LooksLikeDate, Zh) => format!("金额列里是日期“{cell}”：可能列错位了，请检查这一列的表头"),
            (AmountProblem::LooksLikeDate, En) => format!("the amount column holds a date “{cell}”: are the columns shifted?"),
            (AmountProblem::NotANumber, Zh) => format!("“{cell}”不是金额：应写成 199、199.00、¥199 或 1,299.00"),
            (AmountProblem::NotANumber, En) => format!("“{cell}” is not an amount: write 199, 199.00, ¥199 or 1,299.00"),
            (AmountProblem::FinerThanFen, Zh) => format!("金额“{cell}”精确到了分以下"),
            (AmountProblem::FinerThanFen, En) => format!("the amount “{cell}” is finer than a fen"),
            (AmountProblem::TooLarge, Zh) => format!("金额“{cell}”超过一亿元，请核对"),
            (AmountProblem::TooLarge, En) => format!("the amount “{cell}” is over 100 million yuan: check it"),
        }
    }
}

/// Fen as a JSON number of yuan (19900 → 199, 129999 → 1299.99): exact to the fen, since every
/// fen count below 2^53 has a shortest decimal form with at most two decimals.
pub fn yuan_number(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// Serializes fen as yuan (for `#[serde(serialize_with)]`).
pub fn as_yuan<S: serde::Serializer>(fen: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(yuan_number(*fen))
}

/// Serializes optional fen as yuan or null.
pub fn as_yuan_opt<S: serde::Serializer>(fen: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match fen {
        Some(f) => s.serialize_f64(yuan_number(*f)),
        None => s.serialize_none(),
    }
}
