//! Birthdays that land on the right day: the next solar date of a solar or lunar (农历) birthday
//! by a stated policy, upcoming birthdays, the monthly 生日会 roster, reminders that are shown
//! once each (also those that fell while Qunzhu was closed), and an ICS export.
//!
//! Policy:
//! - a leap-month birthday falls on the leap month in years that have it, else on the ordinary month;
//! - the 30th of a lunar month falls on the 29th in a 29-day month;
//! - a lunar birthday is celebrated once per lunar year: a 腊月 birthday of lunar year Y lands in
//!   January or February of solar year Y+1;
//! - 29 February falls on 28 February in common years, or 1 March (a setting).

use crate::error::{Error, Field, Result};
use crate::members::{Birthday, Calendar};
use crate::store::{now, Store};
use crate::{lunar, settings, Lang};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where 29 February falls in common years.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Feb29 {
    #[default]
    Feb28,
    Mar1,
}

/// The operator's birthday settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BirthdaySettings {
    pub feb29: Feb29,
    /// A reminder this many days before (0: only on the day).
    pub remind_days_before: u32,
    /// Desktop notifications while the app runs.
    pub notify: bool,
    /// The 生日会 message; placeholders {月} {名单} {人数}. Empty: the default in the UI language.
    pub roster_template: String,
}

impl Default for BirthdaySettings {
    fn default() -> Self {
        BirthdaySettings { feb29: Feb29::Feb28, remind_days_before: 3, notify: true, roster_template: String::new() }
    }
}

const SETTINGS_KEY: &str = "birthdays";
const CHECKED_KEY: &str = "birthdays.reminders_checked";

pub fn get_settings(store: &Store) -> Result<BirthdaySettings> {
    Ok(settings::get(store, SETTINGS_KEY)?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

pub fn set_settings(store: &Store, s: &BirthdaySettings) -> Result<BirthdaySettings> {
    if s.remind_days_before > 60 {
        return Err(Error::Invalid { field: Field::Date, value: s.remind_days_before.to_string() });
    }
    settings::set(store, SETTINGS_KEY, &serde_json::to_string(s).unwrap_or_default())?;
    get_settings(store)
}

/// One celebration of a birthday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub date: NaiveDate,
    /// Age reached, when the birth year is known.
    pub age: Option<i32>,
}

/// The birthday celebrated in solar year `year` (solar) or lunar year `year` (lunar), by the policy.
pub fn occurrence(b: &Birthday, year: i32, feb29: Feb29) -> Option<Occurrence> {
    let age = b.year.map(|y| year - y).filter(|a| *a >= 0);
    if b.year.is_some_and(|y| y > year) {
        return None;
    }
    let date = match b.calendar {
        Calendar::Solar => match NaiveDate::from_ymd_opt(year, b.month, b.day) {
            Some(d) => d,
            None if b.month == 2 && b.day == 29 => match feb29 {
                Feb29::Feb28 => NaiveDate::from_ymd_opt(year, 2, 28)?,
                Feb29::Mar1 => NaiveDate::from_ymd_opt(year, 3, 1)?,
            },
            None => return None,
        },
        Calendar::Lunar => {
            let leap = b.leap_month && lunar::leap_month(year).ok()? == Some(b.month);
            let days = lunar::month_days(year, b.month, leap).ok()?;
            lunar::to_solar(year, b.month, b.day.min(days), leap).ok()?
        }
    };
    Some(Occurrence { date, age })
}

/// Every celebration whose date is in `from..=to`, in date order.
pub fn occurrences_between(b: &Birthday, from: NaiveDate, to: NaiveDate, feb29: Feb29) -> Vec<Occurrence> {
    // A lunar year starts in January or February: its dates reach into the next solar year.
    let first = from.year() - if b.calendar == Calendar::Lunar { 1 } else { 0 };
    (first..=to.year())
        .filter_map(|y| occurrence(b, y, feb29))
        .filter(|o| o.date >= from && o.date <= to)
        .collect()
}

/// The next celebration on or after `from`.
pub fn next_after(b: &Birthday, from: NaiveDate, feb29: Feb29) -> Option<Occurrence> {
    occurrences_between(b, from, from + Duration::days(800), feb29).into_iter().next()
}

/// How a birthday reads: 3月4日, 1990年3月4日, 农历腊月初八, 农历1990年闰四月初一.
pub fn text(b: &Birthday, lang: Lang) -> String {
    match (b.calendar, lang) {
        (Calendar::Solar, Lang::Zh) => format!("{}{}月{}日", b.year.map(|y| format!("{y}年")).unwrap_or_default(), b.month, b.day),
        (Calendar::Solar, Lang::En) => match b.year {
            Some(y) => format!("{y}-{:02}-{:02}", b.month, b.day),
            None => format!("{:02}-{:02}", b.month, b.day),
        },
        (Calendar::Lunar, Lang::Zh) => {
            let t = lunar::text(b.month, b.day, b.leap_month);
            match b.year {
                Some(y) => t.replacen("农历", &format!("农历{y}年"), 1),
                None => t,
            }
        }
        (Calendar::Lunar, Lang::En) => format!(
            "lunar {}{}month {} day {}",
            b.year.map(|y| format!("{y} ")).unwrap_or_default(),
            if b.leap_month { "leap " } else { "" },
            b.month,
            b.day
        ),
    }
}

/// What the member form shows under a birthday: its next solar date, and which policy moved it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BirthdayPreview {
    pub text: String,
    /// The next celebration on or after today.
    pub next_date: Option<String>,
    pub age: Option<i32>,
    /// The policy that moved this year's date, in the user's language, if one did.
    pub note: Option<String>,
    /// For a solar birthday with a year: the lunar date of birth (to offer celebrating that instead).
    pub lunar_of_birth: Option<lunar::LunarDate>,
}

/// Checks a birthday and works out its next date from `today`.
pub fn preview(b: &Birthday, today: NaiveDate, feb29: Feb29, lang: Lang) -> Result<BirthdayPreview> {
    validate(b)?;
    let next = next_after(b, today, feb29);
    let note = next.and_then(|o| {
        let (zh, en) = match b.calendar {
            Calendar::Solar if b.month == 2 && b.day == 29 && o.date.day() != 29 => {
                ("平年没有 2 月 29 日，按设置提前到 2 月 28 日或推到 3 月 1 日过。", "Not a leap year: celebrated on 28 February or 1 March, as set.")
            }
            Calendar::Lunar => {
                let l = lunar::from_solar(o.date).ok()?;
                if b.leap_month && !l.is_leap_month {
                    ("这一年没有闰月，闰月生日按平月过。", "No leap month that year: celebrated in the ordinary month.")
                } else if l.lunar_day < b.day {
                    ("这个月只有 29 天，三十的生日提前到廿九过。", "That month has 29 days: the 30th is celebrated on the 29th.")
                } else if b.month == 12 && o.date.year() > l.lunar_year {
                    ("腊月生日落在下一个公历年的 1–2 月。", "A 12th-month birthday falls in January or February of the next solar year.")
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        Some(if lang == Lang::Zh { zh } else { en }.to_string())
    });
    let lunar_of_birth = match (b.calendar, b.year) {
        (Calendar::Solar, Some(y)) => NaiveDate::from_ymd_opt(y, b.month, b.day).and_then(|d| lunar::from_solar(d).ok()),
        _ => None,
    };
    Ok(BirthdayPreview {
        text: text(b, lang),
        next_date: next.map(|o| o.date.to_string()),
        age: next.and_then(|o| o.age),
        note,
        lunar_of_birth,
    })
}

/// A birthday that exists: lunar dates by the tables (with a year: that exact date must exist).
pub fn validate(b: &Birthday) -> Result<()> {
    let invalid = || Error::Invalid { field: Field::Birthday, value: format!("{}-{}", b.month, b.day) };
    match b.calendar {
        Calendar::Solar => {
            if b.leap_month || NaiveDate::from_ymd_opt(b.year.unwrap_or(2000), b.month, b.day).is_none() {
                return Err(invalid());
            }
        }
        Calendar::Lunar => {
            if !(1..=12).contains(&b.month) {
                return Err(Error::LunarDate(crate::LunarProblem::BadMonth { month: b.month }));
            }
            if !(1..=30).contains(&b.day) {
                return Err(Error::LunarDate(crate::LunarProblem::BadDay { day: b.day }));
            }
            if let Some(y) = b.year {
                lunar::to_solar(y, b.month, b.day, b.leap_month)?;
            }
        }
    }
    Ok(())
}

/// A member's birthday on a date.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpcomingBirthday {
    pub member_id: i64,
    pub name: String,
    pub nickname: String,
    /// The solar date it is celebrated on.
    pub date: String,
    pub kind: Calendar,
    pub age: Option<i32>,
    pub days_until: i64,
    /// How the birthday reads (农历腊月初八).
    pub birthday: String,
    pub month: u32,
    pub day: u32,
    pub leap_month: bool,
}

/// Which members: all, or those of a cohort or a group.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Scope {
    pub cohort_id: Option<i64>,
    pub group_id: Option<i64>,
}

struct Person {
    id: i64,
    name: String,
    nickname: String,
    birthday: Birthday,
}

fn people(store: &Store, scope: &Scope) -> Result<Vec<Person>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.name, m.nickname, m.birth_calendar, m.birth_year, m.birth_month, m.birth_day, m.birth_leap
         FROM live_members m
         WHERE m.birth_calendar IS NOT NULL
           AND (?1 IS NULL OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.member_id = m.id AND ms.cohort_id = ?1))
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.member_id = m.id AND ms.group_id = ?2))
         ORDER BY m.id",
    )?;
    let rows = stmt.query_map(params![scope.cohort_id, scope.group_id], |r| {
        let cal: String = r.get(3)?;
        Ok(Person {
            id: r.get(0)?,
            name: r.get(1)?,
            nickname: r.get(2)?,
            birthday: Birthday {
                calendar: if cal == "lunar" { Calendar::Lunar } else { Calendar::Solar },
                year: r.get(4)?,
                month: r.get(5)?,
                day: r.get(6)?,
                leap_month: r.get(7)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn entry(p: &Person, o: Occurrence, today: NaiveDate, lang: Lang) -> UpcomingBirthday {
    UpcomingBirthday {
        member_id: p.id,
        name: p.name.clone(),
        nickname: p.nickname.clone(),
        date: o.date.to_string(),
        kind: p.birthday.calendar,
        age: o.age,
        days_until: (o.date - today).num_days(),
        birthday: text(&p.birthday, lang),
        month: p.birthday.month,
        day: p.birthday.day,
        leap_month: p.birthday.leap_month,
    }
}

fn between(store: &Store, scope: &Scope, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Vec<UpcomingBirthday>> {
    let feb29 = get_settings(store)?.feb29;
    let lang = store.lang();
    let mut out: Vec<UpcomingBirthday> = Vec::new();
    for p in people(store, scope)? {
        for o in occurrences_between(&p.birthday, from, to, feb29) {
            out.push(entry(&p, o, today, lang));
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// Birthdays from `from` through `days` days later (0: that day only).
pub fn upcoming(store: &Store, scope: &Scope, from: NaiveDate, days: u32) -> Result<Vec<UpcomingBirthday>> {
    between(store, scope, from, from + Duration::days(i64::from(days)), from)
}

/// The monthly 生日会: everyone whose birthday falls in a solar month, and the message to paste.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Roster {
    pub year: i32,
    pub month: u32,
    pub entries: Vec<UpcomingBirthday>,
    pub message: String,
    /// The poster template the roster is drawn with.
    pub poster_template: Option<String>,
}

pub fn default_roster_template(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "【{月}生日会】\n本月有 {人数} 位小伙伴过生日：{名单}！\n感谢你们一路同行，祝生日快乐、万事顺意！今晚 8 点群里发红包，一起为寿星们送上祝福吧～",
        Lang::En => "{月} birthday party\n{人数} of us celebrate this month: {名单}!\nThank you for being here. Happy birthday! Red packets in the group tonight at 8.",
    }
}

pub fn roster(store: &Store, scope: &Scope, year: i32, month: u32, today: NaiveDate) -> Result<Roster> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or(Error::Invalid { field: Field::Date, value: format!("{year}-{month}") })?;
    let last = first.checked_add_months(chrono::Months::new(1)).map(|d| d - Duration::days(1)).unwrap_or(first);
    let entries = between(store, scope, first, last, today)?;
    let lang = store.lang();
    let s = get_settings(store)?;
    let template = if s.roster_template.trim().is_empty() { default_roster_template(lang).to_string() } else { s.roster_template };
    let names: Vec<String> = entries.iter().map(|e| format!("@{}", e.name)).collect();
    let message = template
        .replace("{月}", &match lang {
            Lang::Zh => format!("{month}月"),
            Lang::En => first.format("%B").to_string(),
        })
        .replace("{名单}", &names.join(if lang == Lang::Zh { "、" } else { ", " }))
        .replace("{人数}", &entries.len().to_string());
    Ok(Roster { year, month, entries, message, poster_template: Some("birthday_roster".into()) })
}

/// A reminder to show: a birthday today or in `days_before` days.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Reminder {
    #[serde(flatten)]
    #[ts(flatten)]
    pub birthday: UpcomingBirthday,
    pub days_before: u32,
    /// It fell due while Qunzhu was closed.
    pub missed: bool,
}

/// The longest Qunzhu looks back for reminders missed while it was closed.
const LOOK_BACK_DAYS: i64 = 366;

/// The reminders due by `today` not shown yet, marked shown: those due today, and those that fell
/// due since the last check (while the app was closed). Each is returned exactly once.
pub fn due_reminders(store: &Store, today: NaiveDate) -> Result<Vec<Reminder>> {
    let s = get_settings(store)?;
    let last = settings::get(store, CHECKED_KEY)?.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    // First run: start from today, never flood with a year of old birthdays.
    let start = match last {
        Some(l) if l < today => (l + Duration::days(1)).max(today - Duration::days(LOOK_BACK_DAYS)),
        Some(_) | None => today,
    };
    let mut offsets = vec![0u32];
    if s.remind_days_before > 0 {
        offsets.push(s.remind_days_before);
    }
    let lang = store.lang();
    let everyone = people(store, &Scope::default())?;
    let mut conn = store.conn();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut out = Vec::new();
    let shown_at = now();
    for p in &everyone {
        for &off in &offsets {
            let d = i64::from(off);
            for o in occurrences_between(&p.birthday, start + Duration::days(d), today + Duration::days(d), s.feb29) {
                let fresh = tx
                    .prepare_cached(
                        "INSERT INTO birthday_reminders (member_id, occurs_on, days_before, shown_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT DO NOTHING",
                    )?
                    .execute(params![p.id, o.date.to_string(), off, shown_at])?;
                if fresh == 1 {
                    let fire = o.date - Duration::days(d);
                    out.push(Reminder { birthday: entry(p, o, today, lang), days_before: off, missed: fire < today });
                }
            }
        }
    }
    settings::set_in(&tx, CHECKED_KEY, &today.to_string())?;
    tx.commit()?;
    out.sort_by(|a, b| a.birthday.date.cmp(&b.birthday.date).then_with(|| a.birthday.name.cmp(&b.birthday.name)));
    Ok(out)
}

/// When reminders were last checked (for tests and the UI).
pub fn reminders_checked(store: &Store) -> Result<Option<String>> {
    settings::get(store, CHECKED_KEY)
}

/// Birthdays as an iCalendar file a phone calendar imports. Solar birthdays recur yearly
/// (RRULE), except 29 February, which the policy moves; lunar ones are dated events for the
/// next `years` years, as RRULE cannot express them. UIDs depend only on the member and the
/// date, so importing a newer export updates events instead of duplicating them.
pub fn ics(store: &Store, scope: &Scope, today: NaiveDate, years: u32) -> Result<String> {
    use icalendar::{Alarm, Component, Event, EventLike, Trigger};
    let s = get_settings(store)?;
    let lang = store.lang();
    let mut cal = crate::ics::calendar("Birthdays 1.0", if lang == Lang::Zh { "群主 · 成员生日" } else { "Qunzhu · Birthdays" });
    let stamp = chrono::Utc::now();
    let until = today + Duration::days(366 * i64::from(years.max(1)));
    let summary = |p: &Person, age: Option<i32>| match lang {
        Lang::Zh => format!("🎂 {} 生日{}", p.name, age.map(|a| format!("（{a} 岁）")).unwrap_or_default()),
        Lang::En => format!("🎂 {}'s birthday{}", p.name, age.map(|a| format!(" ({a})")).unwrap_or_default()),
    };
    // icalendar gives every component a random UID; alarms get stable ones (RFC 9074) too.
    let alarms = |e: &mut Event, uid: &str| {
        let on_day = if lang == Lang::Zh { "今天过生日" } else { "Birthday today" };
        e.alarm(Alarm::display(on_day, Trigger::before_start(Duration::zero())).uid(&format!("alarm-0-{uid}")).done());
        if s.remind_days_before > 0 {
            let before = match lang {
                Lang::Zh => format!("{} 天后过生日", s.remind_days_before),
                Lang::En => format!("Birthday in {} days", s.remind_days_before),
            };
            let trigger = Trigger::before_start(Duration::days(i64::from(s.remind_days_before)));
            e.alarm(Alarm::display(&before, trigger).uid(&format!("alarm-{}-{uid}", s.remind_days_before)).done());
        }
    };
    for p in people(store, scope)? {
        let b = &p.birthday;
        let desc = text(b, lang);
        let recurring = b.calendar == Calendar::Solar && !(b.month == 2 && b.day == 29);
        if recurring {
            let Some(first) = next_after(b, today, s.feb29) else { continue };
            let uid = format!("qunzhu-member-{}-solar-{:02}{:02}@qunzhu.app", p.id, b.month, b.day);
            let mut e = Event::new();
            e.uid(&uid)
                .timestamp(stamp)
                .all_day(first.date)
                .summary(&summary(&p, None))
                .description(&desc)
                .add_property("RRULE", "FREQ=YEARLY")
                .add_property("TRANSP", "TRANSPARENT");
            alarms(&mut e, &uid);
            cal.push(e.done());
        } else {
            for o in occurrences_between(b, today, until, s.feb29) {
                let uid = format!("qunzhu-member-{}-{}@qunzhu.app", p.id, o.date.format("%Y%m%d"));
                let mut e = Event::new();
                e.uid(&uid)
                    .timestamp(stamp)
                    .all_day(o.date)
                    .summary(&summary(&p, o.age))
                    .description(&desc)
                    .add_property("TRANSP", "TRANSPARENT");
                alarms(&mut e, &uid);
                cal.push(e.done());
            }
        }
    }
    Ok(cal.done().to_string())
}
