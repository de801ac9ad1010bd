//! Lunar conversion against independent tables, the birthday policy, upcoming birthdays, the
//! 生日会 roster, reminders shown exactly once, and the ICS export read by two other parsers.

use crate::temp_store;
use chrono::{Duration, NaiveDate};
use qunzhu_core::birthdays::{self, BirthdaySettings, Feb29, Scope};
use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
use qunzhu_core::members::{self, Birthday, Calendar, MemberInput};
use qunzhu_core::{lunar, Lang, LunarProblem, Error};
use std::collections::HashMap;
use std::path::PathBuf;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn solar(y: Option<i32>, m: u32, day: u32) -> Birthday {
    Birthday { calendar: Calendar::Solar, year: y, month: m, day, leap_month: false }
}

fn lunar_b(y: Option<i32>, m: u32, day: u32, leap: bool) -> Birthday {
    Birthday { calendar: Calendar::Lunar, year: y, month: m, day, leap_month: leap }
}

/// Every solar day 1901-2100 with its lunar date, expanded from the month table in
/// tests/fixtures/lunar (generated with borax, independent of the crate Qunzhu uses; see its header).
fn table() -> HashMap<NaiveDate, (i32, u32, u32, bool)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lunar/months-1901-2100.csv");
    let mut out = HashMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split(',').collect();
        let (y, m, leap, start, days): (i32, u32, bool, NaiveDate, u32) =
            (f[0].parse().unwrap(), f[1].parse().unwrap(), f[2] == "1", d(f[3]), f[4].parse().unwrap());
        for i in 0..days {
            out.insert(start + Duration::days(i64::from(i)), (y, m, i + 1, leap));
        }
    }
    out
}

#[test]
fn every_day_1901_to_2100_matches_the_tables_both_ways() {
    let t = table();
    let mut day = d("1901-02-19");
    let mut checked = 0;
    let mut leap_days_2020_2035 = std::collections::BTreeSet::new();
    while day <= d("2100-12-31") {
        let (y, m, dd, leap) = *t.get(&day).unwrap_or_else(|| panic!("{day} missing from the table"));
        let l = lunar::from_solar(day).unwrap();
        assert_eq!((l.lunar_year, l.lunar_month, l.lunar_day, l.is_leap_month), (y, m, dd, leap), "{day}");
        assert_eq!(lunar::to_solar(y, m, dd, leap).unwrap(), day, "{y}-{m}-{dd} leap {leap}");
        if leap && (2020..=2035).contains(&y) {
            leap_days_2020_2035.insert((y, m));
        }
        checked += 1;
        day += Duration::days(1);
    }
    assert!(checked > 72_000);
    // Every leap month of 2020-2035 was among the days checked.
    let want: std::collections::BTreeSet<(i32, u32)> = [(2020, 4), (2023, 2), (2025, 6), (2028, 5), (2031, 3), (2033, 11)].into();
    assert_eq!(leap_days_2020_2035, want);
}

#[test]
fn hong_kong_observatory_facts_copied_by_hand() {
    // Lunar new year (正月初一) per the HKO Gregorian-Lunar conversion tables.
    for (y, date) in [
        (1954, "1954-02-03"), (1957, "1957-01-31"), (1987, "1987-01-29"), (2020, "2020-01-25"), (2021, "2021-02-12"),
        (2023, "2023-01-22"), (2024, "2024-02-10"), (2025, "2025-01-29"), (2026, "2026-02-17"), (2027, "2027-02-06"),
        (2028, "2028-01-26"), (2033, "2033-01-31"), (2035, "2035-02-08"),
    ] {
        assert_eq!(lunar::to_solar(y, 1, 1, false).unwrap(), d(date), "{y}");
    }
    // 2027: the webview's Intl says 02-07; the HKO table says 02-06.
    assert_eq!(lunar::from_solar(d("2027-02-05")).unwrap().lunar_month, 12);
    for (y, m) in [(1957, Some(8)), (1987, Some(6)), (1954, None), (2020, Some(4)), (2023, Some(2)), (2033, Some(11))] {
        assert_eq!(lunar::leap_month(y).unwrap(), m, "{y}");
    }
}

#[test]
fn members_born_in_1954_1957_and_1987_where_libraries_disagree() {
    let t = temp_store();
    // Solar birth dates turned into the lunar birthday they celebrate, then celebrated in 2027.
    for (born, (ly, lm, ld, leap)) in [
        ("1954-08-15", (1954, 7, 17, false)),
        ("1957-10-10", (1957, 8, 17, true)),
        ("1987-08-01", (1987, 6, 7, true)),
    ] {
        let l = lunar::from_solar(d(born)).unwrap();
        assert_eq!((l.lunar_year, l.lunar_month, l.lunar_day, l.is_leap_month), (ly, lm, ld, leap), "{born}");
        let b = lunar_b(Some(ly), lm, ld, leap);
        let m = members::add(&t.store, &MemberInput { name: format!("生于{born}"), birthday: Some(b.clone()), ..Default::default() }).unwrap();
        assert_eq!(m.birthday, Some(b.clone()));
        // 2027 has no leap 6th or 8th month: celebrated in the ordinary month.
        let o = birthdays::occurrence(&b, 2027, Feb29::Feb28).unwrap();
        assert_eq!(o.date, lunar::to_solar(2027, lm, ld, false).unwrap());
        assert_eq!(o.age, Some(2027 - ly));
    }
}

#[test]
fn the_policy_cases() {
    // Leap-month birthday: on the leap month when the year has it (2028 闰五月), else the ordinary one.
    let leap5 = lunar_b(None, 5, 10, true);
    assert_eq!(birthdays::occurrence(&leap5, 2028, Feb29::Feb28).unwrap().date, lunar::to_solar(2028, 5, 10, true).unwrap());
    assert_eq!(birthdays::occurrence(&leap5, 2027, Feb29::Feb28).unwrap().date, lunar::to_solar(2027, 5, 10, false).unwrap());
    // An ordinary-month birthday stays in the ordinary month in a year with that leap month.
    let plain5 = lunar_b(None, 5, 10, false);
    assert_eq!(birthdays::occurrence(&plain5, 2028, Feb29::Feb28).unwrap().date, lunar::to_solar(2028, 5, 10, false).unwrap());
    // The 30th in a 29-day month falls on the 29th.
    let (y, m) = (2025..2035)
        .flat_map(|y| (1..=12).map(move |m| (y, m)))
        .find(|&(y, m)| lunar::month_days(y, m, false).unwrap() == 29)
        .unwrap();
    let thirtieth = lunar_b(None, m, 30, false);
    assert_eq!(birthdays::occurrence(&thirtieth, y, Feb29::Feb28).unwrap().date, lunar::to_solar(y, m, 29, false).unwrap());
    // A 腊月 birthday of lunar year 2026 lands in January or February 2027.
    let laba = lunar_b(None, 12, 8, false);
    let o = birthdays::occurrence(&laba, 2026, Feb29::Feb28).unwrap();
    assert_eq!(o.date, d("2027-01-15"));
    let next = birthdays::next_after(&laba, d("2026-11-24"), Feb29::Feb28).unwrap();
    assert_eq!(next.date, d("2027-01-15"), "the next 腊八 after November 2026 is in January 2027");
    // 29 February: 28 February in common years, or 1 March by the setting; itself in leap years.
    let leapling = solar(Some(2000), 2, 29);
    assert_eq!(birthdays::occurrence(&leapling, 2027, Feb29::Feb28).unwrap().date, d("2027-02-28"));
    assert_eq!(birthdays::occurrence(&leapling, 2027, Feb29::Mar1).unwrap().date, d("2027-03-01"));
    assert_eq!(birthdays::occurrence(&leapling, 2028, Feb29::Mar1).unwrap().date, d("2028-02-29"));
    assert_eq!(birthdays::occurrence(&leapling, 2028, Feb29::Mar1).unwrap().age, Some(28));
    // The preview explains the policy where it applied.
    let p = birthdays::preview(&leap5, d("2027-01-01"), Feb29::Feb28, Lang::Zh).unwrap();
    assert_eq!(p.next_date.as_deref(), Some(lunar::to_solar(2027, 5, 10, false).unwrap().to_string().as_str()));
    assert!(p.note.unwrap().contains("闰月"));
}

#[test]
fn impossible_dates_get_a_clear_error() {
    let zh = |e: Error| (e.code(), e.message(Lang::Zh));
    let (code, msg) = zh(lunar::to_solar(2024, 5, 31, false).unwrap_err());
    assert_eq!(code, "bad_lunar_date");
    assert!(msg.contains("初一到三十"), "{msg}");
    let (_, msg) = zh(lunar::to_solar(2024, 6, 1, true).unwrap_err());
    assert!(msg.contains("2024 年没有闰六月"), "{msg}");
    assert!(matches!(lunar::to_solar(1800, 1, 1, false), Err(Error::LunarDate(LunarProblem::OutOfRange { year: 1800 }))));
    assert!(matches!(lunar::to_solar(2200, 1, 1, false), Err(Error::LunarDate(LunarProblem::OutOfRange { year: 2200 }))));
    assert!(lunar::from_solar(d("1800-01-01")).is_err());
    // Through the member form: the same errors, nothing saved.
    let t = temp_store();
    let add = |b: Birthday| members::add(&t.store, &MemberInput { name: "测试".into(), birthday: Some(b), ..Default::default() });
    assert_eq!(add(lunar_b(None, 3, 31, false)).unwrap_err().code(), "bad_lunar_date");
    assert_eq!(add(lunar_b(Some(2024), 6, 1, true)).unwrap_err().code(), "bad_lunar_date");
    assert_eq!(add(solar(Some(2001), 2, 30)).unwrap_err().code(), "invalid");
    assert_eq!(add(solar(Some(1800), 1, 1)).unwrap_err().code(), "invalid");
    assert_eq!(add(solar(Some(2200), 1, 1)).unwrap_err().code(), "invalid");
    assert_eq!(members::count(&t.store).unwrap(), 0);
}

fn seed(t: &crate::TempStore) -> (i64, Vec<i64>) {
    let c = cohorts::add(&t.store, &CohortInput { name: "21天写作营第3期".into(), start_date: "2026-11-01".into(), end_date: "2026-11-21".into(), ..Default::default() }).unwrap();
    let people = [
        ("今天生", solar(Some(1990), 11, 24)),
        ("三天后", solar(None, 11, 27)),
        ("腊八生", lunar_b(Some(1988), 12, 8, false)),
        ("下月初", solar(Some(2001), 12, 2)),
        ("营外人", solar(None, 11, 25)),
    ];
    let mut ids = Vec::new();
    for (i, (name, b)) in people.into_iter().enumerate() {
        let m = members::add(&t.store, &MemberInput { name: name.into(), birthday: Some(b), ..Default::default() }).unwrap();
        if i < 4 {
            cohorts::assign(&t.store, &MembershipInput { member_id: m.id, cohort_id: c.id, group_id: None, role_id: None, joined_on: String::new(), left_on: String::new() }).unwrap();
        }
        ids.push(m.id);
    }
    (c.id, ids)
}

#[test]
fn upcoming_birthdays_and_the_monthly_roster() {
    let t = temp_store();
    let (cohort, _) = seed(&t);
    let today = d("2026-11-24");
    let names = |v: &[birthdays::UpcomingBirthday]| v.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&birthdays::upcoming(&t.store, &Scope::default(), today, 0).unwrap()), ["今天生"]);
    let week = birthdays::upcoming(&t.store, &Scope::default(), today, 7).unwrap();
    assert_eq!(names(&week), ["今天生", "营外人", "三天后"]);
    assert_eq!(week[0].age, Some(36));
    assert_eq!(week[2].days_until, 3);
    let month = birthdays::upcoming(&t.store, &Scope { cohort_id: Some(cohort), group_id: None }, today, 30).unwrap();
    assert_eq!(names(&month), ["今天生", "三天后", "下月初"], "only the cohort's members");
    // January 2027: the 腊八 birthday of lunar 2026 (born lunar 1988: 38).
    let jan = birthdays::roster(&t.store, &Scope { cohort_id: Some(cohort), group_id: None }, 2027, 1, today).unwrap();
    assert_eq!(names(&jan.entries), ["腊八生"]);
    assert_eq!((jan.entries[0].date.as_str(), jan.entries[0].age), ("2027-01-15", Some(38)));
    assert!(jan.message.contains("@腊八生") && jan.message.contains("1月"), "{}", jan.message);
    // The operator's own template.
    birthdays::set_settings(&t.store, &BirthdaySettings { roster_template: "{月}寿星{人数}位：{名单}".into(), ..Default::default() }).unwrap();
    let nov = birthdays::roster(&t.store, &Scope::default(), 2026, 11, today).unwrap();
    assert_eq!(nov.message, "11月寿星3位：@今天生、@营外人、@三天后");
}

#[test]
fn reminders_are_shown_once_and_none_are_lost_while_closed() {
    let t = temp_store();
    seed(&t);
    birthdays::set_settings(&t.store, &BirthdaySettings { remind_days_before: 3, ..Default::default() }).unwrap();
    // First start on 11-24: today's birthday, and 3 days ahead (11-27).
    let first = birthdays::due_reminders(&t.store, d("2026-11-24")).unwrap();
    let got: Vec<(String, u32, bool)> = first.iter().map(|r| (r.birthday.name.clone(), r.days_before, r.missed)).collect();
    assert_eq!(got, [("今天生".to_string(), 0, false), ("三天后".to_string(), 3, false)]);
    assert!(birthdays::due_reminders(&t.store, d("2026-11-24")).unwrap().is_empty(), "never twice");
    // Closed until 11-30: 11-25 (day of, and was due 3 days before on 11-22? no: already past),
    // 11-27 on the day, and 12-02 three days before (11-29) fell while closed.
    let back = birthdays::due_reminders(&t.store, d("2026-11-30")).unwrap();
    let got: Vec<(String, String, u32, bool)> =
        back.iter().map(|r| (r.birthday.name.clone(), r.birthday.date.clone(), r.days_before, r.missed)).collect();
    assert_eq!(
        got,
        [
            ("营外人".to_string(), "2026-11-25".to_string(), 0, true),
            ("三天后".to_string(), "2026-11-27".to_string(), 0, true),
            ("下月初".to_string(), "2026-12-02".to_string(), 3, true),
        ]
    );
    assert!(birthdays::due_reminders(&t.store, d("2026-11-30")).unwrap().is_empty());
    assert_eq!(birthdays::reminders_checked(&t.store).unwrap().as_deref(), Some("2026-11-30"));
}

fn run(cmd: &str, args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e} (run scripts/setup.sh --test)"));
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn ics_export_is_well_formed_and_two_other_parsers_agree() {
    let t = temp_store();
    let (_, ids) = seed(&t);
    // A long name so a SUMMARY line must fold, through multi-byte characters.
    members::add(&t.store, &MemberInput { name: "欧阳".repeat(20), birthday: Some(lunar_b(None, 1, 1, false)), ..Default::default() }).unwrap();
    let today = d("2026-11-24");
    let ics = birthdays::ics(&t.store, &Scope::default(), today, 3).unwrap();
    let again = birthdays::ics(&t.store, &Scope::default(), today, 3).unwrap();

    // CRLF line endings only; no physical line over 75 octets, each one whole UTF-8.
    assert!(ics.ends_with("\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'));
    let mut folded = 0;
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        folded += usize::from(line.starts_with(' '));
    }
    assert!(folded > 0, "the long summary was folded");
    assert!(ics.contains("PRODID:-//Qunzhu//"));
    let uids = |s: &str| s.lines().filter(|l| l.starts_with("UID:")).map(String::from).collect::<Vec<_>>();
    assert_eq!(uids(&ics), uids(&again), "UIDs are stable across exports");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("birthdays.ics");
    std::fs::write(&path, &ics).unwrap();
    let e2e = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e");
    let file = path.to_str().unwrap();
    // Debian's python3-icalendar (installed by scripts/setup.sh --test) lives with the system Python.
    let python = if std::path::Path::new("/usr/bin/python3").exists() { "/usr/bin/python3" } else { "python3" };
    let py = run(python, &[e2e.join("ics-check.py").to_str().unwrap(), file]);
    let js = run("node", &[e2e.join("ics-check.mjs").to_str().unwrap(), file]);
    for (who, parsed) in [("icalendar (Python)", &py), ("ical.js", &js)] {
        assert_eq!(parsed["prodid"], "-//Qunzhu//Birthdays 1.0//ZH", "{who}");
        let events = parsed["events"].as_array().unwrap();
        let by_uid = |needle: &str| events.iter().filter(|e| e["uid"].as_str().unwrap().contains(needle)).collect::<Vec<_>>();
        // Solar, no year issue: one recurring all-day event from the next birthday.
        let today_born = by_uid(&format!("member-{}-solar", ids[0]));
        assert_eq!(today_born.len(), 1, "{who}");
        assert_eq!(today_born[0]["start"], "2026-11-24", "{who}");
        assert_eq!(today_born[0]["all_day"], true, "{who}");
        assert!(today_born[0]["rrule"].as_str().unwrap().contains("FREQ=YEARLY"), "{who}");
        // Lunar: dated events, one per year, on the right solar days.
        let laba = by_uid(&format!("member-{}-", ids[2]));
        let starts: Vec<&str> = laba.iter().map(|e| e["start"].as_str().unwrap()).collect();
        assert_eq!(starts, ["2027-01-15", "2028-01-04", "2029-01-22"], "{who}");
        assert!(laba.iter().all(|e| e["rrule"].is_null()), "{who}");
        assert!(events.iter().all(|e| e["stamp_utc"] == true), "{who}: DTSTAMP in UTC");
        // Alarms: on the day and 3 days before, relative triggers.
        let mut alarms: Vec<i64> = laba[0]["alarms"].as_array().unwrap().iter().map(|a| a.as_i64().unwrap()).collect();
        alarms.sort();
        assert_eq!(alarms, [-3 * 86_400, 0], "{who}: trigger offsets in seconds");
        assert!(events.iter().any(|e| e["summary"].as_str().unwrap().contains(&"欧阳".repeat(20))), "{who}: the folded summary unfolds whole");
    }
}
