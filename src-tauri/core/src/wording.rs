//! 话术 as the members read them: a template's placeholders ({营} {期} {群} {第N天} {日期} {时间}
//! {链接} {班长}) filled from a cohort, those without a value left visible and listed (never
//! silently blank); and the template editor's live preview of a 话术 for the current cohort.

use crate::cohorts;
use crate::error::Result;
use crate::sop;
use crate::store::Store;
use serde::Serialize;
use ts_rs::TS;

/// SQL, for the cohort `c` of a query: {群}, the name of its group when it has exactly one
/// (several groups: left for the operator, who knows which group a message goes to).
macro_rules! sole_group_sql {
    () => {
        "(SELECT min(g.name) FROM live_groups g WHERE g.cohort_id = c.id HAVING count(*) = 1)"
    };
}

/// SQL, for the cohort `c` of a query: {班长}, its monitors still in it, joined with 、.
macro_rules! monitors_sql {
    () => {
        "(SELECT group_concat(m.name, '、') FROM memberships ms
           JOIN live_members m ON m.id = ms.member_id
           JOIN roles r ON r.id = ms.role_id AND r.key = 'monitor'
          WHERE ms.cohort_id = c.id AND ms.left_on IS NULL)"
    };
}
pub(crate) use {monitors_sql, sole_group_sql};

/// What a 话术's placeholders are filled from.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    pub cohort: &'a str,
    pub start: &'a str,
    pub time: &'a str,
    pub day: Option<i64>,
    /// The group's name, when the cohort has exactly one.
    pub group: Option<&'a str>,
    pub link: &'a str,
    /// The cohort's 班长, joined with 、.
    pub monitors: &'a str,
}

/// Fills a 话术; returns the text and the placeholders left unfilled (never silently blank).
pub fn fill(message: &str, cx: &Context) -> (String, Vec<String>) {
    let number = cohorts::cohort_number(cx.cohort);
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mut out = message.to_string();
    for (k, v) in [
        ("{营}", Some(cohorts::camp_name(cx.cohort))),
        ("{期}", some(&number)),
        ("{日期}", some(cx.start)),
        ("{时间}", some(cx.time)),
        ("{第N天}", cx.day.filter(|d| *d >= 1).map(|d| d.to_string())),
        ("{群}", cx.group.map(String::from)),
        ("{链接}", some(cx.link)),
        ("{班长}", some(cx.monitors)),
    ] {
        if let Some(v) = v {
            out = out.replace(k, &v);
        }
    }
    let missing = sop::PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).filter(|p| out.contains(p.as_str())).collect();
    (out, missing)
}

/// A 话术 as a cohort would read it: the template editor's live preview.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FilledPreview {
    pub text: String,
    /// Placeholders this cohort has no value for (shown highlighted).
    pub missing: Vec<String>,
    /// The cohort it was filled from (the current one); none: a sample name.
    pub cohort: Option<String>,
}

/// Fills `message` for the current cohort (else a sample 21-day camp) as a task at `time` on the
/// day `anchor` falls on.
pub fn preview(store: &Store, message: &str, time: &str, anchor: sop::Anchor) -> Result<FilledPreview> {
    let day = |days: i64| match anchor {
        sop::Anchor::Start(d) => Some(d + 1),
        sop::Anchor::End(d) => Some(days + d),
    };
    let Some(c) = cohorts::current(store)? else {
        let cx = Context { cohort: "21天写作营 第3期", time, day: day(21), ..Default::default() };
        let (text, missing) = fill(message, &cx);
        return Ok(FilledPreview { text, missing, cohort: None });
    };
    let conn = store.conn();
    let (link, group, monitors): (String, Option<String>, Option<String>) = conn.query_row(
        concat!("SELECT c.link, ", sole_group_sql!(), ", ", monitors_sql!(), " FROM live_cohorts c WHERE c.id = ?1"),
        [c.id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let cx = Context { cohort: &c.name, start: &c.start_date, time, day: day(c.days), group: group.as_deref(), link: &link, monitors: monitors.as_deref().unwrap_or("") };
    let (text, missing) = fill(message, &cx);
    Ok(FilledPreview { text, missing, cohort: Some(c.name) })
}

