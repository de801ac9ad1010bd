//! A member's input checked and tidied before it is written: lengths, names, phone numbers,
//! birthdays; and the search keys an insert needs, worked out off the database.

use super::{Birthday, Calendar, Gender, MemberInput, NAME_MAX, NOTES_MAX, SHORT_MAX};
use std::collections::BTreeMap;
use crate::error::{Error, Field, Result};
use crate::search;

/// Input after trimming and normalising, ready to write.
pub(crate) struct Clean {
    pub name: String,
    pub nickname: String,
    pub phone: Option<String>,
    pub wechat: Option<String>,
    pub gender: Option<Gender>,
    pub city: String,
    pub channel: String,
    pub birthday: Option<Birthday>,
    pub notes: String,
    pub custom_fields: String,
    pub tags: Vec<String>,
}

/// A member checked and ready to insert, with their search keys: everything an insert needs that
/// does not touch the database, so a bulk import can work it out on another thread.
pub(crate) struct Prepared {
    pub clean: Clean,
    pub haystack: String,
}

impl Clean {
    /// Back to input, as a merge with an existing member needs it.
    pub(crate) fn into_input(self) -> MemberInput {
        MemberInput {
            name: self.name,
            nickname: self.nickname,
            phone: self.phone,
            wechat: self.wechat,
            gender: self.gender,
            city: self.city,
            channel: self.channel,
            birthday: self.birthday,
            notes: self.notes,
            custom_fields: serde_json::from_str(&self.custom_fields).unwrap_or_default(),
            tags: self.tags,
        }
    }
}

impl Prepared {
    pub(crate) fn new(input: &MemberInput) -> Result<Prepared> {
        let clean = clean(input)?;
        let haystack = search::haystack(&clean.name, &clean.nickname, clean.phone.as_deref(), clean.wechat.as_deref());
        Ok(Prepared { clean, haystack })
    }
}

pub(crate) fn check_len(field: Field, value: &str, max: usize) -> Result<()> {
    let len = value.chars().count();
    if len > max {
        return Err(Error::TooLong { field, max, len });
    }
    Ok(())
}

pub(crate) fn clean_name(field: Field, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::Empty { field });
    }
    check_len(field, v, max)?;
    if v.chars().any(char::is_control) {
        return Err(Error::Invalid { field, value: v.to_string() });
    }
    Ok(v.to_string())
}

fn clean_short(field: Field, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    check_len(field, v, max)?;
    if v.chars().any(char::is_control) {
        return Err(Error::Invalid { field, value: v.to_string() });
    }
    Ok(v.to_string())
}

/// Normalises a phone number: drops spaces, dashes, dots and brackets, and a +86 / 0086 prefix
/// before a mainland mobile number. Other international numbers keep their `+`.
pub fn normalize_phone(raw: &str) -> Result<Option<String>> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let invalid = || Error::Invalid { field: Field::Phone, value: t.to_string() };
    let mut plus = false;
    let mut digits = String::new();
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '\u{3000}' => {}
            _ => return Err(invalid()),
        }
    }
    if plus && digits.starts_with("86") && digits.len() == 13 && digits.as_bytes()[2] == b'1' {
        digits.drain(..2);
        plus = false;
    } else if !plus && digits.starts_with("0086") && digits.len() == 15 {
        digits.drain(..4);
    }
    if !(5..=20).contains(&digits.len()) {
        return Err(invalid());
    }
    Ok(Some(if plus { format!("+{digits}") } else { digits }))
}

fn clean_birthday(b: &Option<Birthday>) -> Result<Option<Birthday>> {
    let Some(b) = b else { return Ok(None) };
    let invalid = || Error::Invalid {
        field: Field::Birthday,
        value: format!("{}-{}-{}", b.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()), b.month, b.day),
    };
    if !(1..=12).contains(&b.month) || b.day < 1 {
        return Err(invalid());
    }
    if let Some(y) = b.year {
        let this_year = chrono::Datelike::year(&crate::store::today());
        if !(1900..=this_year).contains(&y) {
            return Err(invalid());
        }
    }
    match b.calendar {
        Calendar::Solar => {
            if b.leap_month {
                return Err(invalid());
            }
            // Without a year, 29 February is a valid birthday; with one, the date must exist.
            let year = b.year.unwrap_or(2000);
            if chrono::NaiveDate::from_ymd_opt(year, b.month, b.day).is_none() {
                return Err(invalid());
            }
        }
        // Day 1-30, and with a year that exact lunar date must exist (a leap month that year,
        // a 30th in a 30-day month): the error says which.
        Calendar::Lunar => crate::birthdays::validate(b)?,
    }
    Ok(Some(b.clone()))
}

pub(crate) fn clean(input: &MemberInput) -> Result<Clean> {
    let wechat = match input.wechat.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(w) => {
            check_len(Field::Wechat, w, 64)?;
            if w.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::Invalid { field: Field::Wechat, value: w.to_string() });
            }
            Some(w.to_string())
        }
    };
    let mut custom = BTreeMap::new();
    for (k, v) in &input.custom_fields {
        let k = clean_name(Field::CustomField, k, SHORT_MAX)?;
        check_len(Field::CustomField, v, 1000)?;
        custom.insert(k, v.trim().to_string());
    }
    let mut tag_names: Vec<String> = Vec::new();
    for t in &input.tags {
        let t = clean_name(Field::Tag, t, 30)?;
        if !tag_names.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            tag_names.push(t);
        }
    }
    Ok(Clean {
        name: clean_name(Field::Name, &input.name, NAME_MAX)?,
        nickname: clean_short(Field::Nickname, &input.nickname, NAME_MAX)?,
        phone: input.phone.as_deref().map(normalize_phone).transpose()?.flatten(),
        wechat,
        gender: input.gender,
        city: clean_short(Field::City, &input.city, SHORT_MAX)?,
        channel: clean_short(Field::Channel, &input.channel, SHORT_MAX)?,
        birthday: clean_birthday(&input.birthday)?,
        notes: {
            let n = input.notes.trim();
            check_len(Field::Notes, n, NOTES_MAX)?;
            n.to_string()
        },
        custom_fields: serde_json::to_string(&custom).unwrap_or_else(|_| "{}".into()),
        tags: tag_names,
    })
}

