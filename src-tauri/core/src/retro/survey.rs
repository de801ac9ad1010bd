//! Satisfaction surveys from the form tools (问卷星, 腾讯问卷, 金数据; CSV in any of their
//! encodings, or XLSX): the score questions found and mapped (satisfaction, the 0-10 NPS question,
//! other scores, text), respondents linked to members by phone, WeChat ID or name, every answer
//! kept. One transaction: a survey is imported whole or not at all.

use crate::error::{Entity, Error, FileProblem, Result};
use crate::import::formats::{self, Target};
use crate::store::{now, Store};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The members (学员).
    Members,
    /// The staff: 班长, 助教 and the other 运营官.
    Staff,
}

impl Audience {
    fn key(self) -> &'static str {
        match self {
            Audience::Members => "members",
            Audience::Staff => "staff",
        }
    }
}

/// What a question's answers count towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QuestionUse {
    /// A satisfaction score (1-5 or 0/1-10): averaged into the satisfaction metric.
    Satisfaction,
    /// "How likely are you to recommend…" 0-10: the NPS.
    Nps,
    /// Another score (or any number, such as lessons attended), kept but not counted.
    Score,
    /// Free text or a choice: kept for reading.
    Text,
}

impl QuestionUse {
    fn key(self) -> &'static str {
        match self {
            QuestionUse::Satisfaction => "satisfaction",
            QuestionUse::Nps => "nps",
            QuestionUse::Score => "score",
            QuestionUse::Text => "text",
        }
    }
}

/// A question of the file as Qunzhu reads it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Question {
    /// Its column.
    pub idx: usize,
    pub text: String,
    pub use_as: QuestionUse,
    /// Numeric answers' scale (1-5, 0-10 …), when the answers are scores.
    pub scale_min: Option<f64>,
    pub scale_max: Option<f64>,
    /// A few answers, for the operator to recognise the question.
    pub samples: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SurveyPreview {
    /// wjx, tencent, jinshuju or generic.
    pub format: String,
    pub respondents: u64,
    /// The columns that say who answered (name, phone, WeChat ID).
    pub identity: Vec<String>,
    /// The questions that are not about the submission or the respondent.
    pub questions: Vec<Question>,
}

/// A skipped answer, as the tools write it.
fn skipped(s: &str) -> bool {
    matches!(s.trim(), "" | "(跳过)" | "（跳过）" | "(空)" | "（空）" | "-" | "N/A" | "n/a" | "-3" | "-2")
}

/// A score from an answer: a number ("4", "4分", "4.5"), a leading number ("5 非常满意",
/// "5(非常满意)"), or a five-point label (非常满意 … 非常不满意).
pub fn score(s: &str) -> Option<f64> {
    let t = s.trim();
    let t = t.strip_suffix('分').unwrap_or(t).trim();
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    let label = match t {
        "非常满意" => Some(5.0),
        "满意" | "比较满意" => Some(4.0),
        "一般" | "基本满意" => Some(3.0),
        "不满意" | "不太满意" | "比较不满意" => Some(2.0),
        "非常不满意" => Some(1.0),
        _ => None,
    };
    if label.is_some() {
        return label;
    }
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = t[digits.len()..].trim_start();
    if !digits.is_empty() && digits.len() <= 2 && (rest.starts_with(['(', '（', '-', '—', ' ', '分', '.', '、']) || rest.chars().next().is_some_and(|c| !c.is_ascii())) {
        return digits.parse().ok();
    }
    None
}

/// Columns a survey sheet may have (questions and the form tool's own columns).
pub const MAX_QUESTIONS: usize = 300;
/// Answers a survey sheet may hold.
pub const MAX_RESPONDENTS: usize = 20_000;

struct Read {
    format: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn read(path: &Path) -> Result<Read> {
    let sniffed = qunzhu_sheets::sniff(path)?;
    let table = qunzhu_sheets::open(path, &sniffed, None)?;
    let headers = table.headers;
    // Bounded: a survey has dozens of questions and at most thousands of answers; the cells
    // past the header are no answer to anything.
    if headers.len() > MAX_QUESTIONS {
        return Err(Error::TooManyColumns { path: path.display().to_string(), found: headers.len(), max: MAX_QUESTIONS });
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for row in table.rows {
        let mut row = row?;
        if row.iter().any(|c| !c.trim().is_empty()) {
            row.truncate(headers.len());
            rows.push(row);
        }
        if rows.len() > MAX_RESPONDENTS {
            return Err(Error::TooManyRows { path: path.display().to_string(), max: MAX_RESPONDENTS });
        }
    }
    if rows.is_empty() {
        return Err(Error::bad_file(path, FileProblem::HeaderOnly));
    }
    Ok(Read { format: formats::detect(&headers).key().to_string(), headers, rows })
}

fn guess_questions(r: &Read) -> (Vec<Question>, Vec<(usize, Target)>) {
    let mut questions = Vec::new();
    let mut identity = Vec::new();
    for (idx, header) in r.headers.iter().enumerate() {
        let target = formats::guess(header);
        match target {
            Target::Ignore => continue,
            Target::Name | Target::Phone | Target::Wechat => {
                identity.push((idx, target));
                continue;
            }
            _ => {}
        }
        let text = formats::clean_header(header);
        let cells: Vec<&str> = r.rows.iter().filter_map(|row| row.get(idx)).map(|c| c.trim()).filter(|c| !skipped(c)).collect();
        let scores: Vec<f64> = cells.iter().filter_map(|c| score(c)).collect();
        let samples: Vec<String> = cells.iter().take(3).map(|c| c.chars().take(30).collect()).collect();
        let numeric = !cells.is_empty() && scores.len() == cells.len() && scores.iter().all(|v| (0.0..=10.0).contains(v));
        let (use_as, scale) = if numeric {
            let max = scores.iter().cloned().fold(0.0, f64::max);
            let min = scores.iter().cloned().fold(10.0, f64::min);
            let lower = text.to_lowercase();
            let recommend = text.contains("推荐") || lower.contains("recommend");
            // The scale the question states ("（1-10分）", "0~10", "满分10分"), else the answers'.
            let ten = max > 5.0 || ["-10", "～10", "~10", "—10", "–10", "到10", "至10", "10分"].iter().any(|m| text.contains(m));
            // Satisfaction only where the question says so; other numbers are kept as scores.
            let satisfied = ["满意", "评分", "打分", "评价", "satisf"].iter().any(|w| lower.contains(w));
            let use_as = if recommend && ten { QuestionUse::Nps } else if satisfied { QuestionUse::Satisfaction } else { QuestionUse::Score };
            let scale = if recommend && ten { (0.0, 10.0) } else if ten { (if min == 0.0 { 0.0 } else { 1.0 }, 10.0) } else { (1.0, 5.0) };
            (use_as, Some(scale))
        } else {
            (QuestionUse::Text, None)
        };
        questions.push(Question { idx, text, use_as, scale_min: scale.map(|s| s.0), scale_max: scale.map(|s| s.1), samples });
    }
    (questions, identity)
}

/// What a survey file holds, before importing it.
pub fn preview(path: &Path) -> Result<SurveyPreview> {
    let r = read(path)?;
    let (questions, identity) = guess_questions(&r);
    if !questions.iter().any(|q| q.scale_max.is_some()) {
        return Err(Error::bad_file(path, FileProblem::NoScores));
    }
    Ok(SurveyPreview {
        format: r.format,
        respondents: r.rows.len() as u64,
        identity: identity.iter().map(|(i, _)| formats::clean_header(&r.headers[*i])).collect(),
        questions,
    })
}

/// What an import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SurveyImport {
    pub survey_id: i64,
    pub respondents: u64,
    /// Respondents found among the cohort's members.
    pub linked: u64,
    pub questions: Vec<Question>,
}

/// Imports a survey into a cohort. `uses` overrides what questions count for (by column); a
/// question set to satisfaction or NPS must have score answers.
pub fn import(store: &Store, cohort_id: i64, path: &Path, audience: Audience, uses: &[(usize, QuestionUse)]) -> Result<SurveyImport> {
    crate::cohorts::get(store, cohort_id)?;
    let r = read(path)?;
    let (mut questions, identity) = guess_questions(&r);
    apply_uses(&mut questions, uses)?;
    if !questions.iter().any(|q| q.scale_max.is_some()) {
        return Err(Error::bad_file(path, FileProblem::NoScores));
    }
    let people = Respondents::of(store, cohort_id, identity)?;
    let mut conn = store.conn();
    let tx = conn.transaction()?;
    let title = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    tx.execute(
        "INSERT INTO surveys (cohort_id, audience, title, format, file, respondents, linked, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
        params![cohort_id, audience.key(), title, r.format, path.display().to_string(), r.rows.len() as i64, now()],
    )?;
    let survey_id = tx.last_insert_rowid();
    let linked = write_answers(&tx, survey_id, &questions, &r.rows, &people)?;
    tx.execute("UPDATE surveys SET linked = ?2 WHERE id = ?1", params![survey_id, linked as i64])?;
    tx.commit()?;
    Ok(SurveyImport { survey_id, respondents: r.rows.len() as u64, linked, questions })
}

/// The operator's choices of what questions count for. A score needs numbers; the NPS a 0-10 question.
fn apply_uses(questions: &mut [Question], uses: &[(usize, QuestionUse)]) -> Result<()> {
    for (idx, u) in uses {
        if let Some(q) = questions.iter_mut().find(|q| q.idx == *idx) {
            if matches!(u, QuestionUse::Satisfaction | QuestionUse::Nps | QuestionUse::Score) && q.scale_max.is_none()
                || *u == QuestionUse::Nps && q.scale_max != Some(10.0)
            {
                return Err(Error::Invalid { field: crate::error::Field::Kind, value: q.text.clone() });
            }
            q.use_as = *u;
            if *u == QuestionUse::Nps {
                (q.scale_min, q.scale_max) = (Some(0.0), Some(10.0));
            }
        }
    }
    Ok(())
}

struct Person {
    id: i64,
    name: String,
    phone: Option<String>,
    wechat: Option<String>,
}

/// The cohort's members, to link respondents by phone, then WeChat ID, then name (only when one
/// member matches).
struct Respondents {
    people: Vec<Person>,
    identity: Vec<(usize, Target)>,
}

impl Respondents {
    fn of(store: &Store, cohort_id: i64, identity: Vec<(usize, Target)>) -> Result<Self> {
        let conn = store.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.name, m.phone, m.wechat FROM memberships ms JOIN live_members m ON m.id = ms.member_id WHERE ms.cohort_id = ?1",
        )?;
        let rows = stmt.query_map([cohort_id], |r| Ok(Person { id: r.get(0)?, name: r.get(1)?, phone: r.get(2)?, wechat: r.get(3)? }))?;
        Ok(Respondents { people: rows.collect::<rusqlite::Result<_>>()?, identity })
    }

    fn who(&self, row: &[String]) -> Option<i64> {
        let cell = |t: &Target| self.identity.iter().find(|(_, x)| x == t).and_then(|(i, _)| row.get(*i)).map(|c| c.trim()).filter(|c| !c.is_empty());
        let one = |hits: Vec<i64>| (hits.len() == 1).then(|| hits[0]);
        let people = &self.people;
        if let Some(phone) = cell(&Target::Phone).and_then(|p| crate::import::values::phone(p).ok().flatten()) {
            if let Some(id) = one(people.iter().filter(|p| p.phone.as_deref() == Some(phone.as_str())).map(|p| p.id).collect()) {
                return Some(id);
            }
        }
        if let Some(w) = cell(&Target::Wechat) {
            if let Some(id) = one(people.iter().filter(|p| p.wechat.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(w))).map(|p| p.id).collect()) {
                return Some(id);
            }
        }
        cell(&Target::Name).and_then(|n| one(people.iter().filter(|p| p.name == n).map(|p| p.id).collect()))
    }
}

/// Writes the questions and every answer given; returns how many respondents were linked.
fn write_answers(tx: &rusqlite::Transaction, survey_id: i64, questions: &[Question], rows: &[Vec<String>], people: &Respondents) -> Result<u64> {
    for q in questions {
        tx.execute(
            "INSERT INTO survey_questions (survey_id, idx, text, use, scale_min, scale_max) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![survey_id, q.idx as i64, q.text, q.use_as.key(), q.scale_min, q.scale_max],
        )?;
    }
    let mut linked = 0u64;
    let mut insert = tx.prepare_cached("INSERT INTO survey_answers (survey_id, row, idx, member_id, value, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (n, row) in rows.iter().enumerate() {
        let member = people.who(row);
        linked += u64::from(member.is_some());
        for q in questions {
            let cell = row.get(q.idx).map(|c| c.trim()).unwrap_or("");
            if skipped(cell) {
                continue;
            }
            let value = q.scale_max.and_then(|_| score(cell));
            insert.execute(params![survey_id, n as i64 + 1, q.idx as i64, member, value, cell])?;
        }
    }
    Ok(linked)
}

/// A survey of a cohort, as listed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SurveyInfo {
    pub id: i64,
    pub audience: Audience,
    pub title: String,
    pub format: String,
    pub respondents: u64,
    pub linked: u64,
    pub imported_at: String,
}

pub fn list(store: &Store, cohort_id: i64) -> Result<Vec<SurveyInfo>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached("SELECT id, audience, title, format, respondents, linked, imported_at FROM surveys WHERE cohort_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([cohort_id], |r| {
        Ok(SurveyInfo {
            id: r.get(0)?,
            audience: if r.get::<_, String>(1)? == "staff" { Audience::Staff } else { Audience::Members },
            title: r.get(2)?,
            format: r.get(3)?,
            respondents: r.get::<_, i64>(4)? as u64,
            linked: r.get::<_, i64>(5)? as u64,
            imported_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn delete(store: &Store, survey_id: i64) -> Result<()> {
    if store.conn().execute("DELETE FROM surveys WHERE id = ?1", [survey_id])? == 0 {
        return Err(Error::NotFound { entity: Entity::Survey, id: survey_id.to_string() });
    }
    Ok(())
}

/// The survey figures of a cohort: satisfaction (mean score, scale top) of members and of staff,
/// the NPS, and how many responses there were.
pub(crate) struct Scores {
    pub members: Option<(f64, f64)>,
    pub staff: Option<(f64, f64)>,
    pub nps: Option<f64>,
    pub responses: u64,
}

pub(crate) fn scores(conn: &rusqlite::Connection, cohort_id: i64) -> Result<Scores> {
    let satisfaction = |audience: &str| -> Result<Option<(f64, f64)>> {
        let (n, rate, mean, lo, hi): (i64, Option<f64>, Option<f64>, Option<f64>, Option<f64>) = conn
            .prepare_cached(
                "SELECT count(*), avg(a.value / q.scale_max), avg(a.value), min(q.scale_max), max(q.scale_max)
                 FROM survey_answers a JOIN surveys s ON s.id = a.survey_id JOIN survey_questions q ON q.survey_id = a.survey_id AND q.idx = a.idx
                 WHERE s.cohort_id = ?1 AND s.audience = ?2 AND q.use = 'satisfaction' AND a.value IS NOT NULL AND q.scale_max > 0",
            )?
            .query_row(params![cohort_id, audience], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        Ok(match (n, rate, mean, lo, hi) {
            (0, ..) => None,
            (_, _, Some(mean), Some(lo), Some(hi)) if lo == hi => Some((mean, hi)),
            // Mixed scales: on five points.
            (_, Some(rate), ..) => Some((rate * 5.0, 5.0)),
            _ => None,
        })
    };
    let (n, promoters, detractors): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(sum(a.value >= 9), 0), coalesce(sum(a.value <= 6), 0)
             FROM survey_answers a JOIN surveys s ON s.id = a.survey_id JOIN survey_questions q ON q.survey_id = a.survey_id AND q.idx = a.idx
             WHERE s.cohort_id = ?1 AND s.audience = 'members' AND q.use = 'nps' AND a.value IS NOT NULL",
        )?
        .query_row([cohort_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let responses: i64 = conn
        .prepare_cached("SELECT count(*) FROM (SELECT DISTINCT a.survey_id, a.row FROM survey_answers a JOIN surveys s ON s.id = a.survey_id WHERE s.cohort_id = ?1)")?
        .query_row([cohort_id], |r| r.get(0))?;
    Ok(Scores {
        members: satisfaction("members")?,
        staff: satisfaction("staff")?,
        nps: (n > 0).then(|| (promoters - detractors) as f64 * 100.0 / n as f64),
        responses: responses as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::score;

    #[test]
    fn answers_read_as_scores() {
        for (s, v) in [("4", 4.0), ("4分", 4.0), ("10", 10.0), ("非常满意", 5.0), ("一般", 3.0), ("5(非常满意)", 5.0), ("5 非常满意", 5.0), ("4.5", 4.5)] {
            assert_eq!(score(s), Some(v), "{s}");
        }
        for s in ["很好", "2026年", "建议多一些直播", ""] {
            assert_eq!(score(s), None, "{s}");
        }
    }
}
