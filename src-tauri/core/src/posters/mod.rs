//! Posters and certificates for members: which templates there are (bundled and imported), the
//! values a member's page is filled with, and batches (a cohort's certificates as one PDF, one
//! member's poster as a PNG) with a check first for characters no font can draw.

use crate::certificates::{self, Issued};
use crate::cohorts;
use crate::error::{Entity, Error, Result};
use crate::render::{self, Fonts, Values};
use crate::jobs::Job;
use crate::store::Store;
use base64::Engine as _;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

mod templates;

pub use templates::*;

/// Templates that issue a numbered certificate (and carry a verifiable QR code).
pub const CERTIFICATE_KINDS: &[&str] = &["completion_certificate", "admission_letter"];

/// 二〇二六年十一月二十四日
pub fn date_cn(d: NaiveDate) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let year: String = d.year().to_string().chars().map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize]).collect();
    format!("{year}年{}月{}日", number_cn(d.month()), number_cn(d.day()))
}

/// 1-31 in Chinese numerals: 一 … 十 十一 … 二十 二十一 … 三十一.
fn number_cn(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "〇".into(),
        1..=9 => DIGITS[n as usize].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        _ => format!("{}十{}", DIGITS[(n / 10) as usize], DIGITS[(n % 10) as usize]),
    }
}

/// A member's page values within a cohort: name, cohort, group, role, dates, issuer, custom fields.
pub fn values_for(store: &Store, member_id: i64, cohort_id: Option<i64>, today: NaiveDate) -> Result<Values> {
    let m = crate::members::get(store, member_id)?;
    let mut v = Values::new();
    for (k, val) in &m.custom_fields {
        v.insert(k.clone(), val.clone());
    }
    v.insert("name".into(), m.name.clone());
    if let Some(photo) = crate::photos::data_url(store, member_id)? {
        v.insert("photo".into(), photo);
    }
    v.insert("date".into(), today.to_string());
    v.insert("date_cn".into(), date_cn(today));
    // A certificate says the cohort's 结营日, not the day it was printed (today without a cohort).
    v.insert("end_date_cn".into(), date_cn(today));
    let placement = match cohort_id {
        Some(id) => m.memberships.iter().find(|p| p.cohort_id == id),
        None => m.memberships.first(),
    };
    let cohort_id = cohort_id.or(placement.map(|p| p.cohort_id));
    if let Some(id) = cohort_id {
        let c = cohorts::get(store, id)?;
        v.insert("issuer".into(), cohorts::camp_name(&c.name));
        if let Ok(start) = NaiveDate::parse_from_str(&c.start_date, "%Y-%m-%d") {
            v.insert("start_date_cn".into(), format!("{}月{}日", number_cn(start.month()), number_cn(start.day())));
        }
        if let Ok(end) = NaiveDate::parse_from_str(&c.end_date, "%Y-%m-%d") {
            v.insert("end_date_cn".into(), date_cn(end));
        }
        v.insert("cohort".into(), c.name);
    }
    if let Some(p) = placement {
        if let Some(g) = &p.group_name {
            v.insert("group".into(), g.clone());
        }
        if let Some(r) = &p.role_name {
            v.insert("role".into(), r.clone());
        }
    }
    Ok(v)
}

/// A character that cannot be drawn, and whose it is.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Undrawable {
    pub member_id: i64,
    pub name: String,
    pub field: String,
    pub chars: String,
}

/// Every value's characters checked against the fonts, before anything is drawn.
pub fn preflight(fonts: &Fonts, rows: &[(i64, Values)]) -> Vec<Undrawable> {
    let mut out = Vec::new();
    for (member_id, values) in rows {
        for (field, value) in values {
            if matches!(field.as_str(), "qr" | "photo") {
                continue;
            }
            let missing = fonts.undrawable(value);
            if !missing.is_empty() {
                out.push(Undrawable {
                    member_id: *member_id,
                    name: values.get("name").cloned().unwrap_or_default(),
                    field: field.clone(),
                    chars: missing.into_iter().collect(),
                });
            }
        }
    }
    out
}

/// The members a batch is for: everyone placed in the cohort, or its graduates by its 结业标准.
pub fn cohort_members(store: &Store, cohort_id: i64, graduates_only: bool) -> Result<Vec<i64>> {
    let conn = store.conn();
    // Graduates by the cohort's 结业标准 (by default: did not leave).
    let graduates = if graduates_only { Some(crate::growth::completion::graduates_in(&conn, cohort_id)?) } else { None };
    let mut roster = cohorts::roster(&conn, cohort_id)?;
    roster.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
    let ids = roster.into_iter().map(|m| m.id);
    Ok(match graduates {
        Some(g) => ids.filter(|id| g.contains(id)).collect(),
        None => ids.collect(),
    })
}

/// What a batch writes: one PDF (every page in it, for printing) or a folder of PNGs (one poster
/// per member, to send in WeChat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    #[default]
    Pdf,
    Png,
}

/// The result of a batch.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Batch {
    pub pages: usize,
    pub issued: Vec<Issued>,
    /// The PDF, or the folder the PNGs are in.
    pub path: String,
    pub format: Format,
}

/// What a batch is: a template's pages for some members (of a cohort), written to one PDF or to a
/// folder of PNGs.
#[derive(Debug, Clone, serde::Deserialize, TS)]
pub struct BatchRequest {
    /// The cohort the pages speak of; required for certificates (their serials are per cohort).
    /// Without one, each member's first cohort.
    pub cohort_id: Option<i64>,
    pub template: String,
    pub members: Vec<i64>,
    /// The PDF file, or the folder for PNGs (created if missing).
    pub out: std::path::PathBuf,
    #[serde(default)]
    pub format: Format,
    /// Render even when some characters cannot be drawn (the operator saw the list and agreed).
    pub allow_undrawable: bool,
}

/// Whether a template issues numbered certificates.
pub fn is_certificate(tpl: &PosterTemplateInfo) -> bool {
    tpl.kind.as_deref().is_some_and(|k| CERTIFICATE_KINDS.contains(&k))
}

/// A PNG's width for a template: its own pixel width, at least 1080 (WeChat's full width).
pub fn png_width(tpl: &PosterTemplateInfo) -> u32 {
    ((tpl.width_mm / 25.4 * 96.0).round() as u32).max(1080)
}

/// The pages for some members: with a certificate template each page gets its serial and signed
/// QR code, issued in the same transaction as the batch. Pages are written to a staging place
/// beside the output, the transaction commits, and only then are they moved into place: a
/// failed or cancelled batch uses no serial and leaves no signed page behind. Characters no
/// font can draw stop the batch (listed) unless allowed.
pub fn render_batch(store: &Store, fonts: &Fonts, req: &BatchRequest, job: &Job<usize>) -> Result<Batch> {
    let mut progress = |pages: usize| job.go_on(pages);
    let (tpl, src) = source(store, &req.template)?;
    let today = crate::store::today();
    let mut rows = Vec::with_capacity(req.members.len());
    for &id in &req.members {
        rows.push((id, values_for(store, id, req.cohort_id, today)?));
    }
    let bad = preflight(fonts, &rows);
    if !bad.is_empty() && !req.allow_undrawable {
        return Err(Error::Undrawable { list: bad.iter().map(|b| format!("{}（{}）", b.chars, b.name)).collect() });
    }
    let staging = crate::staging::Staging::new(&req.out, req.format == Format::Png)?;
    let write = |rows: &[(i64, Values)], progress: &mut dyn FnMut(usize) -> bool| -> Result<usize> {
        match req.format {
            Format::Pdf => {
                let pages: Vec<Values> = rows.iter().map(|(_, v)| v.clone()).collect();
                let pdf = render::pdf(fonts, &src, &pages, progress)?;
                std::fs::write(&staging.path, &pdf).map_err(|e| Error::io(&req.out, e))?;
            }
            Format::Png => write_pngs(fonts, &src, rows, &staging.path, png_width(&tpl), progress)?,
        }
        Ok(rows.len())
    };
    let (issued, pages) = if is_certificate(&tpl) {
        let cohort_id = req.cohort_id.ok_or(Error::Empty { field: crate::error::Field::Cohort })?;
        let kind = tpl.kind.as_deref().unwrap_or(&req.template);
        certificates::issue_then(store, cohort_id, &req.members, kind, |issued| {
            for (row, issued) in rows.iter_mut().zip(issued) {
                row.1.insert("serial".into(), issued.serial.clone());
                row.1.insert("qr".into(), issued.payload.clone());
            }
            write(&rows, &mut progress)
        })?
    } else {
        (Vec::new(), write(&rows, &mut progress)?)
    };
    staging.finish(&req.out)?;
    Ok(Batch { pages, issued, path: req.out.display().to_string(), format: req.format })
}

/// One PNG per row in `dir`, named after the member (`王芳.png`, a second 王芳 `王芳-2.png`).
fn write_pngs(fonts: &Fonts, src: &str, rows: &[(i64, Values)], dir: &Path, width: u32, progress: &mut dyn FnMut(usize) -> bool) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut used = std::collections::HashSet::new();
    for (i, (id, values)) in rows.iter().enumerate() {
        let png = render::png(fonts, src, values, width)?;
        let base = clean_file_name(values.get("name").map(String::as_str).unwrap_or(&id.to_string()));
        let mut name = format!("{base}.png");
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}-{n}.png");
            n += 1;
        }
        let path = dir.join(name);
        std::fs::write(&path, png).map_err(|e| Error::io(&path, e))?;
        if !progress(i + 1) {
            return Err(Error::Cancelled);
        }
    }
    Ok(())
}

/// A name safe on every system's file manager: letters, digits, spaces (a cohort's name reads
/// as written: "21天写作营 第3期") and a few marks; anything else becomes `_`.
fn clean_file_name(s: &str) -> String {
    s.trim().chars().map(|c| if c.is_alphanumeric() || " -_·（）()".contains(c) { c } else { '_' }).collect()
}

/// One member's poster (or certificate page) as a PNG; a certificate is issued (or found again).
pub fn render_poster(store: &Store, fonts: &Fonts, member_id: i64, cohort_id: Option<i64>, template_key: &str, width_px: u32) -> Result<Vec<u8>> {
    let (tpl, src) = source(store, template_key)?;
    let mut values = values_for(store, member_id, cohort_id, crate::store::today())?;
    if is_certificate(&tpl) {
        if let Some(cohort) = cohort_id.or_else(|| values.get("cohort").and_then(|n| cohorts::find_by_name(store, n).ok()).map(|c| c.id)) {
            let issued = certificates::issue(store, cohort, &[member_id], tpl.kind.as_deref().unwrap_or(template_key))?;
            values.insert("serial".into(), issued[0].serial.clone());
            values.insert("qr".into(), issued[0].payload.clone());
        }
    }
    Ok(render::png(fonts, &src, &values, width_px)?)
}

/// A month's 生日会 roster page: {{month}} (十一月), {{names}} (、-joined), {{count}}, {{cohort}}
/// (the cohort's, or the camp's name without one), {{date_cn}}.
pub fn roster_values(store: &Store, cohort_id: Option<i64>, year: i32, month: u32, today: NaiveDate) -> Result<Values> {
    let scope = crate::birthdays::Scope { cohort_id, group_id: None };
    let roster = crate::birthdays::roster(store, &scope, year, month, today)?;
    let mut names: Vec<&str> = Vec::new();
    for e in &roster.entries {
        if !names.contains(&e.name.as_str()) {
            names.push(&e.name);
        }
    }
    let mut v = Values::new();
    v.insert("month".into(), format!("{}月", number_cn(month)));
    v.insert("names".into(), names.join("、"));
    v.insert("count".into(), names.len().to_string());
    v.insert("date".into(), today.to_string());
    v.insert("date_cn".into(), date_cn(today));
    let who = match cohort_id {
        Some(id) => cohorts::get(store, id)?.name,
        // The community's own name: the camp of its newest cohort.
        None => cohorts::list(store)?.first().map(|c| cohorts::camp_name(&c.name)).unwrap_or_else(|| "社群".into()),
    };
    v.insert("cohort".into(), who);
    Ok(v)
}

/// A guest-talk poster's values from a calendar task (its cohort, date and time) and what the
/// operator typed: the guest, the topic, a short introduction and, optionally, the guest's photo.
#[derive(Debug, Clone, Default, serde::Deserialize, TS)]
pub struct GuestTalk {
    pub task_id: Option<i64>,
    pub cohort_id: Option<i64>,
    pub guest: String,
    pub topic: String,
    pub intro: String,
    /// Overrides the task's time ("11月26日 周四 20:00").
    pub time: Option<String>,
    /// An image file for {{photo}}.
    pub photo: Option<std::path::PathBuf>,
}

pub fn guest_values(store: &Store, talk: &GuestTalk, today: NaiveDate) -> Result<Values> {
    let mut v = Values::new();
    v.insert("date".into(), today.to_string());
    v.insert("date_cn".into(), date_cn(today));
    let mut cohort_id = talk.cohort_id;
    let mut time = String::new();
    if let Some(task_id) = talk.task_id {
        let task = crate::calendar::get(store, task_id)?;
        cohort_id = cohort_id.or(Some(task.cohort_id));
        if let Ok(d) = NaiveDate::parse_from_str(&task.date, "%Y-%m-%d") {
            const WEEK: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
            time = format!("{}月{}日 {} {}", d.month(), d.day(), WEEK[d.weekday().num_days_from_monday() as usize], task.time);
        }
    }
    if let Some(id) = cohort_id {
        let c = cohorts::get(store, id)?;
        v.insert("issuer".into(), cohorts::camp_name(&c.name));
        v.insert("cohort".into(), c.name);
    }
    v.insert("time".into(), talk.time.clone().filter(|t| !t.trim().is_empty()).unwrap_or(time));
    v.insert("guest".into(), talk.guest.trim().to_string());
    v.insert("name".into(), talk.guest.trim().to_string());
    v.insert("topic".into(), talk.topic.trim().to_string());
    v.insert("intro".into(), talk.intro.trim().to_string());
    if let Some(photo) = &talk.photo {
        v.insert("photo".into(), crate::photos::file_data_url(photo)?);
    }
    Ok(v)
}

/// A page from values given whole (a roster, a guest talk) as a PNG at the template's width;
/// characters no font can draw stop it (listed) unless allowed.
pub fn render_values(store: &Store, fonts: &Fonts, template_key: &str, values: &Values, allow_undrawable: bool) -> Result<Vec<u8>> {
    let (tpl, src) = source(store, template_key)?;
    let bad = preflight(fonts, &[(0, values.clone())]);
    if !bad.is_empty() && !allow_undrawable {
        return Err(Error::Undrawable { list: bad.iter().map(|b| format!("{}（{}）", b.chars, b.field)).collect() });
    }
    Ok(render::png(fonts, &src, values, png_width(&tpl))?)
}

/// A preview of a member's page: nothing is issued (the serial and the QR code are samples).
pub fn preview(store: &Store, fonts: &Fonts, member_id: i64, cohort_id: Option<i64>, template_key: &str, width_px: u32) -> Result<Vec<u8>> {
    let (_, src) = source(store, template_key)?;
    let mut values = values_for(store, member_id, cohort_id, crate::store::today())?;
    values.insert("serial".into(), "QZ-0000-000000".into());
    values.insert("qr".into(), "QZ1|preview".into());
    Ok(render::png(fonts, &src, &values, width_px)?)
}

/// Where the app writes a batch: `exports/` in the data folder, named in the user's words after
/// whom or what it is for, the template's name and the day (李老师-大咖分享海报-12月3日.png), never
/// overwriting an earlier file (a second one that day is "… (2)"); `ext` empty: a folder's name.
pub fn export_path(store: &Store, label: &str, template: &str, ext: &str) -> Result<std::path::PathBuf> {
    let dir = store.data_dir().join("exports");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let day = crate::store::today();
    let stamp = match store.lang() {
        crate::Lang::Zh => format!("{}月{}日", day.month(), day.day()),
        crate::Lang::En => day.format("%Y-%m-%d").to_string(),
    };
    let base = format!("{}-{}-{stamp}", clean_file_name(label), clean_file_name(template));
    let named = |n: u32| {
        let name = if n == 1 { base.clone() } else { format!("{base} ({n})") };
        dir.join(if ext.is_empty() { name } else { format!("{name}.{ext}") })
    };
    let n = (1..).find(|n| !named(*n).exists()).unwrap_or(1);
    Ok(named(n))
}

/// A PNG as a `data:image/png` URL, for an `<img>` in the UI.
pub fn png_data_url(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png))
}

/// `preview` as a `data:image/png` URL.
pub fn preview_data_url(store: &Store, fonts: &Fonts, member_id: i64, cohort_id: Option<i64>, template_key: &str, width_px: u32) -> Result<String> {
    Ok(png_data_url(&preview(store, fonts, member_id, cohort_id, template_key, width_px)?))
}

/// A poster whose values are not a member's: a month's birthday roster or a guest talk.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Occasion {
    Roster { cohort_id: Option<i64>, year: i32, month: u32 },
    Guest(GuestTalk),
}

impl Occasion {
    /// The file this occasion reads from the user's disk: a guest's photo.
    pub fn photo(&self) -> Option<&Path> {
        match self {
            Occasion::Guest(GuestTalk { photo: Some(p), .. }) => Some(p),
            _ => None,
        }
    }
}

/// A single poster drawn: shown in the UI, and the file it was saved to (when saved).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Poster {
    pub data_url: String,
    pub path: Option<String>,
}

/// An occasion's poster: drawn, and with `save` written to the exports folder.
pub fn occasion_poster(store: &Store, fonts: &Fonts, template_key: &str, occasion: &Occasion, save: bool, allow_undrawable: bool) -> Result<Poster> {
    let today = crate::store::today();
    let (values, label) = match occasion {
        Occasion::Roster { cohort_id, year, month } => {
            let label = match store.lang() {
                crate::Lang::Zh => format!("{year}年{month}月"),
                crate::Lang::En => format!("{year}-{month:02}"),
            };
            (roster_values(store, *cohort_id, *year, *month, today)?, label)
        }
        Occasion::Guest(talk) => {
            let v = guest_values(store, talk, today)?;
            let label = v.get("guest").cloned().unwrap_or_default();
            (v, label)
        }
    };
    let png = render_values(store, fonts, template_key, &values, allow_undrawable)?;
    let path = if save { Some(save_png(store, &label, &source(store, template_key)?.0.name, &png)?) } else { None };
    Ok(Poster { data_url: png_data_url(&png), path })
}

/// One member's poster, drawn and saved to the exports folder (a certificate is issued).
pub fn member_poster(store: &Store, fonts: &Fonts, member_id: i64, cohort_id: Option<i64>, template_key: &str) -> Result<Poster> {
    let (tpl, _) = source(store, template_key)?;
    let png = render_poster(store, fonts, member_id, cohort_id, template_key, png_width(&tpl))?;
    let name = crate::members::get(store, member_id)?.name;
    let path = save_png(store, &name, &tpl.name, &png)?;
    Ok(Poster { data_url: png_data_url(&png), path: Some(path) })
}

/// A file Qunzhu wrote, checked to be inside the data folder's exports (what the UI may open).
pub fn exported(store: &Store, path: &Path) -> Result<std::path::PathBuf> {
    let exports = store.data_dir().join("exports");
    let not_ours = || Error::NotFound { entity: Entity::Export, id: path.display().to_string() };
    let (file, dir) = (path.canonicalize().map_err(|_| not_ours())?, exports.canonicalize().map_err(|_| not_ours())?);
    if file.starts_with(&dir) { Ok(file) } else { Err(not_ours()) }
}

/// An exported PNG's pixels (RGBA, width, height), for copying the picture to the clipboard.
pub fn exported_image(store: &Store, path: &Path) -> Result<(Vec<u8>, u32, u32)> {
    let file = exported(store, path)?;
    let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
    render::decode_png(&bytes).map_err(|_| Error::BadFile { path: file.display().to_string(), problem: crate::error::FileProblem::NotImage })
}

fn save_png(store: &Store, label: &str, template: &str, png: &[u8]) -> Result<String> {
    let path = export_path(store, label, template, "png")?;
    std::fs::write(&path, png).map_err(|e| Error::io(&path, e))?;
    Ok(path.display().to_string())
}
