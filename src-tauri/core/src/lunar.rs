//! The Chinese lunisolar calendar (农历), 1901-2100, through the table-based
//! `chinese-lunisolar-calendar` crate. Conversions live here and only here: the webview's `Intl`
//! Chinese calendar is wrong for some years (it puts 2027's new year on 02-07, not 02-06).

use crate::Lang;
use crate::error::{Error, LunarProblem, Result};
use chinese_lunisolar_calendar::{LunarMonth, LunisolarDate, LunisolarYear, SolarDate, SolarYear};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

/// The years the tables cover.
pub const FIRST_YEAR: i32 = 1901;
pub const LAST_YEAR: i32 = 2100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct LunarDate {
    pub lunar_year: i32,
    pub lunar_month: u32,
    pub lunar_day: u32,
    pub is_leap_month: bool,
}

fn year(y: i32) -> Result<LunisolarYear> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&y) {
        return Err(Error::LunarDate(LunarProblem::OutOfRange { year: y }));
    }
    LunisolarYear::from_solar_year(SolarYear::from_u16(y as u16)).map_err(|_| Error::LunarDate(LunarProblem::OutOfRange { year: y }))
}

/// The lunar date of a solar (Gregorian) date.
pub fn from_solar(d: NaiveDate) -> Result<LunarDate> {
    let out = || Error::LunarDate(LunarProblem::OutOfRange { year: d.year() });
    let solar = SolarDate::from_date(d).map_err(|_| out())?;
    let l = LunisolarDate::from_solar_date(solar).map_err(|_| out())?;
    Ok(LunarDate {
        lunar_year: i32::from(l.to_lunisolar_year().to_u16()),
        lunar_month: u32::from(l.to_lunar_month().to_u8()),
        lunar_day: u32::from(l.to_lunar_day().to_u8()),
        is_leap_month: l.to_lunar_month().is_leap_month(),
    })
}

/// The leap month (闰月) of a lunar year, if it has one.
pub fn leap_month(y: i32) -> Result<Option<u32>> {
    Ok(year(y)?.get_leap_lunar_month().map(|m| u32::from(m.to_u8())))
}

/// Days in a lunar month (29 or 30); an error if the year has no such month.
pub fn month_days(y: i32, month: u32, leap: bool) -> Result<u32> {
    let ly = year(y)?;
    let m = u8::try_from(month)
        .ok()
        .and_then(|m| LunarMonth::from_u8_with_leap(m, leap).ok())
        .ok_or(Error::LunarDate(LunarProblem::BadMonth { month }))?;
    ly.get_total_days_in_a_month(m)
        .map(u32::from)
        .ok_or(Error::LunarDate(LunarProblem::NoLeapMonth { year: y, month }))
}

/// The solar date of a lunar date; an error if that date does not exist.
pub fn to_solar(y: i32, month: u32, day: u32, leap: bool) -> Result<NaiveDate> {
    if !(1..=30).contains(&day) {
        return Err(Error::LunarDate(LunarProblem::BadDay { day }));
    }
    let days = month_days(y, month, leap)?;
    if day > days {
        return Err(Error::LunarDate(LunarProblem::ShortMonth { year: y, month, leap, days }));
    }
    let d = LunisolarDate::from_ymd(y as u16, month as u8, leap, day as u8)
        .map_err(|_| Error::LunarDate(LunarProblem::ShortMonth { year: y, month, leap, days }))?;
    Ok(d.to_naive_date())
}

const MONTHS: [&str; 12] = ["正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"];

/// 正月 … 腊月, 闰四月.
pub fn month_name(month: u32, leap: bool) -> String {
    let name = MONTHS.get(month.wrapping_sub(1) as usize).copied().unwrap_or("?");
    if leap {
        format!("闰{}", if month == 1 { "正月" } else { name })
    } else {
        name.to_string()
    }
}

/// 初一 … 初十, 十一 … 二十, 廿一 … 三十.
pub fn day_name(day: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match day {
        1..=9 => format!("初{}", DIGITS[day as usize]),
        10 => "初十".into(),
        11..=19 => format!("十{}", DIGITS[(day - 10) as usize]),
        20 => "二十".into(),
        21..=29 => format!("廿{}", DIGITS[(day - 20) as usize]),
        30 => "三十".into(),
        _ => day.to_string(),
    }
}

/// 农历腊月初八.
pub fn text(month: u32, day: u32, leap: bool) -> String {
    format!("农历{}{}", month_name(month, leap), day_name(day))
}

impl crate::error::LunarProblem {
    /// The problem in the user's words, with the calendar's month names.
    pub fn message(self, lang: Lang) -> String {
        let p = self;
        match (p, lang) {
            (LunarProblem::OutOfRange { year }, Lang::Zh) => format!("农历只支持 1901–2100 年，{year} 年不在范围内。"),
            (LunarProblem::OutOfRange { year }, Lang::En) => format!("Lunar dates are supported for 1901–2100; {year} is outside."),
            (LunarProblem::BadMonth { month }, Lang::Zh) => format!("农历月份应为 1–12，“{month}”不对。"),
            (LunarProblem::BadMonth { month }, Lang::En) => format!("A lunar month is 1–12, not {month}."),
            (LunarProblem::BadDay { day }, Lang::Zh) => format!("农历日期只有初一到三十，没有 {day} 日。"),
            (LunarProblem::BadDay { day }, Lang::En) => format!("A lunar month has days 1–30; there is no day {day}."),
            (LunarProblem::NoLeapMonth { year, month }, Lang::Zh) => {
                format!("农历 {year} 年没有{}。", month_name(month, true))
            }
            (LunarProblem::NoLeapMonth { year, month }, Lang::En) => format!("Lunar year {year} has no leap month {month}."),
            (LunarProblem::ShortMonth { year, month, leap, days }, Lang::Zh) => {
                format!("农历 {year} 年{}只有 {days} 天。", month_name(month, leap))
            }
            (LunarProblem::ShortMonth { year, month, leap, days }, Lang::En) => {
                format!("Lunar {}month {month} of {year} has only {days} days.", if leap { "leap " } else { "" })
            }
        }
    }
}
