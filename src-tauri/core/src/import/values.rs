//! Cell values as sign-up tools and spreadsheets write them: phones, dates, genders, birthdays.

use crate::members::{normalize_phone, Birthday, Calendar, Gender};
use chrono::{Datelike, NaiveDate};

/// Why a cell was refused, in the user's words (the caller adds row and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueError {
    /// Excel turned a long number into 1.38E+10: the digits are gone.
    ScientificPhone(String),
    Phone(String),
    Date(String),
}

impl ValueError {
    pub fn message(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (ValueError::ScientificPhone(v), crate::Lang::Zh) => format!(
                "“{v}”是科学计数法，Excel 已丢失了手机号的后几位。请在 Excel 中把该列设为「文本」格式后重新导出"
            ),
            (ValueError::ScientificPhone(v), crate::Lang::En) => format!(
                "“{v}” is in scientific notation: Excel dropped the last digits. Format the column as Text in Excel and export again"
            ),
            (ValueError::Phone(v), crate::Lang::Zh) => format!("手机号“{v}”格式不对：应为 5-20 位数字"),
            (ValueError::Phone(v), crate::Lang::En) => format!("the phone “{v}” is not valid: use 5-20 digits"),
            (ValueError::Date(v), crate::Lang::Zh) => format!("无法识别的日期“{v}”"),
            (ValueError::Date(v), crate::Lang::En) => format!("cannot read the date “{v}”"),
        }
    }
}

fn is_scientific(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let Some((mantissa, exp)) = lower.split_once('e') else { return false };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

pub fn phone(raw: &str) -> Result<Option<String>, ValueError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if is_scientific(t) {
        return Err(ValueError::ScientificPhone(t.to_string()));
    }
    // Spreadsheets store phones as numbers: 13800138000.0 is still the same phone.
    let t = t.strip_suffix(".0").unwrap_or(t);
    normalize_phone(t).map_err(|_| ValueError::Phone(t.to_string()))
}

pub fn gender(raw: &str) -> Option<Gender> {
    match raw.trim().to_lowercase().as_str() {
        "男" | "男性" | "男生" | "先生" | "m" | "male" | "1" => Some(Gender::Male),
        "女" | "女性" | "女生" | "女士" | "f" | "female" | "2" => Some(Gender::Female),
        _ => None,
    }
}

/// City from a 微信省市-style value: "广东 深圳" → 深圳, "上海" → 上海, "中国-浙江-杭州" → 杭州.
pub fn city(raw: &str) -> String {
    raw.split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '·' | ','))
        .rfind(|p| !p.is_empty())
        .unwrap_or("")
        .trim_end_matches('市')
        .to_string()
}

pub use qunzhu_sheets::excel_serial;

/// A solar date in the forms sign-up tools and spreadsheets write. `year` is None for 9月3日.
pub fn solar_date(raw: &str) -> Option<(Option<i32>, u32, u32)> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    // 02-Feb-2021 20:26:58 (金数据 and older exports)
    let first = t.split_whitespace().next().unwrap_or(t);
    for fmt in ["%d-%b-%Y", "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%m/%d/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(first, fmt) {
            return Some((Some(d.year()), d.month(), d.day()));
        }
    }
    // 1990年5月1日, 5月1日, 5月1号
    if t.contains('月') {
        let digits: Vec<u32> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        return match digits.as_slice() {
            [y, m, d] if t.contains('年') => valid(Some(*y as i32), *m, *d),
            [m, d] => valid(None, *m, *d),
            _ => None,
        };
    }
    // An Excel serial number that reached a CSV as text: 33000 → 1990-05-08.
    if let Ok(n) = t.parse::<f64>() {
        if (10_000.0..80_000.0).contains(&n) {
            let d = excel_serial(n)?;
            return Some((Some(d.year()), d.month(), d.day()));
        }
    }
    None
}

fn valid(year: Option<i32>, m: u32, d: u32) -> Option<(Option<i32>, u32, u32)> {
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), m, d).map(|_| (year, m, d))
}

const LUNAR_MONTHS: &[(&str, u32)] = &[
    ("正月", 1), ("一月", 1), ("二月", 2), ("三月", 3), ("四月", 4), ("五月", 5), ("六月", 6), ("七月", 7),
    ("八月", 8), ("九月", 9), ("十月", 10), ("冬月", 11), ("十一月", 11), ("腊月", 12), ("十二月", 12),
];

fn lunar_day(s: &str) -> Option<u32> {
    let digits = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let n = |c: &str| digits.iter().position(|d| *d == c).map(|i| i as u32 + 1);
    let chars: Vec<String> = s.chars().map(|c| c.to_string()).collect();
    match chars.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["初", d] => n(d),
        ["十", d] => n(d).map(|v| 10 + v),
        ["廿", d] => n(d).map(|v| 20 + v),
        ["二", "十"] => Some(20),
        ["三", "十"] => Some(30),
        ["二", "十", d] => n(d).map(|v| 20 + v),
        _ => None,
    }
}

/// A birthday cell: solar unless marked 农历/阴历 or written in lunar words (腊月初八).
pub fn birthday(raw: &str) -> Result<Option<Birthday>, ValueError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let err = || ValueError::Date(t.to_string());
    let marked = t.contains("农历") || t.contains("阴历");
    let body = t.replace("农历", "").replace("阴历", "").replace(['（', '）', '(', ')'], " ");
    let body = body.trim();
    let leap = body.contains('闰');
    let body = body.replace('闰', "");
    // Lunar words: [1990年]腊月初八
    if let Some((name, month)) = LUNAR_MONTHS.iter().rev().find(|(name, _)| body.contains(name)) {
        let (before, after) = body.split_once(name).ok_or_else(err)?;
        let year = before.trim().trim_end_matches('年').trim();
        let year = if year.is_empty() { None } else { Some(year.parse::<i32>().map_err(|_| err())?) };
        let day = lunar_day(after.trim().trim_end_matches('日')).ok_or_else(err)?;
        return Ok(Some(Birthday { calendar: Calendar::Lunar, year, month: *month, day, leap_month: leap }));
    }
    if marked {
        // 农历 1990-04-15, 农历4月15, 农历 1990年4月15日: digits read as lunar month and day.
        let digits: Vec<u32> =
            body.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
        let (year, month, day) = match digits.as_slice() {
            [y, m, d] if *y > 1000 => (Some(*y as i32), *m, *d),
            [m, d] => (None, *m, *d),
            _ => return Err(err()),
        };
        if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
            return Err(err());
        }
        return Ok(Some(Birthday { calendar: Calendar::Lunar, year, month, day, leap_month: leap }));
    }
    let (year, month, day) = solar_date(t).ok_or_else(err)?;
    Ok(Some(Birthday { calendar: Calendar::Solar, year, month, day, leap_month: false }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(phone(" +86 138-0013-8000 ").unwrap().as_deref(), Some("13800138000"));
        assert_eq!(phone("13800138000.0").unwrap().as_deref(), Some("13800138000"));
        assert!(matches!(phone("1.38E+10"), Err(ValueError::ScientificPhone(_))));
        assert!(matches!(phone("1.38001E10"), Err(ValueError::ScientificPhone(_))));
        assert!(matches!(phone("138abc"), Err(ValueError::Phone(_))));
        assert_eq!(phone("").unwrap(), None);
    }

    #[test]
    fn dates_in_the_forms_tools_write() {
        assert_eq!(solar_date("2026/09/03"), Some((Some(2026), 9, 3)));
        assert_eq!(solar_date("2026-09-03"), Some((Some(2026), 9, 3)));
        assert_eq!(solar_date("02-Feb-2021 20:26:58"), Some((Some(2021), 2, 2)));
        assert_eq!(solar_date("9月3日"), Some((None, 9, 3)));
        assert_eq!(solar_date("1990年5月1日"), Some((Some(1990), 5, 1)));
        assert_eq!(solar_date("33000"), Some((Some(1990), 5, 7)));
        assert_eq!(solar_date("2月30日"), None);
        assert_eq!(solar_date("明天"), None);
    }

    #[test]
    fn lunar_birthdays() {
        let b = birthday("腊月初八").unwrap().unwrap();
        assert_eq!((b.calendar, b.year, b.month, b.day, b.leap_month), (Calendar::Lunar, None, 12, 8, false));
        let b = birthday("农历1990年闰四月廿三").unwrap().unwrap();
        assert_eq!((b.calendar, b.year, b.month, b.day, b.leap_month), (Calendar::Lunar, Some(1990), 4, 23, true));
        let b = birthday("农历 1988-04-15").unwrap().unwrap();
        assert_eq!((b.calendar, b.year, b.month, b.day), (Calendar::Lunar, Some(1988), 4, 15));
        let b = birthday("1992/11/02").unwrap().unwrap();
        assert_eq!((b.calendar, b.year, b.month, b.day), (Calendar::Solar, Some(1992), 11, 2));
        assert_eq!(birthday("冬月三十").unwrap().unwrap().day, 30);
        assert!(birthday("农历十三月").is_err());
        assert!(birthday("随便").is_err());
    }

    #[test]
    fn genders_and_cities() {
        assert_eq!(gender("男"), Some(Gender::Male));
        assert_eq!(gender("女士"), Some(Gender::Female));
        assert_eq!(gender("保密"), None);
        assert_eq!(city("广东 深圳"), "深圳");
        assert_eq!(city("杭州市"), "杭州");
    }
}
