//! Posters and certificates for members: which templates there are (bundled and imported), the
//! values a member's page is filled with, and batches (a cohort's certificates as one PDF, one
//! member's poster as a PNG) with a check first for characters no font can draw.

use crate::certificates::{self, Issued};
use crate::cohorts;
use crate::error::{Entity, Error, Result};
use crate::render::{self, template, Fonts, Values};
use crate::store::{now, Store};
use base64::Engine as _;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// Templates that issue a numbered certificate (and carry a verifiable QR code).
pub const CERTIFICATE_KINDS: &[&str] = &["completion_certificate", "admission_letter"];

#[derive(Debug, Clone, Serialize, TS)]
pub struct PosterTemplateInfo {
    /// Bundled: its kind (completion_certificate …); imported: the key it was saved under.
    pub key: String,
    pub name: String,
    pub kind: Option<String>,
    pub builtin: bool,
    pub width_mm: f32,
    pub height_mm: f32,
}

fn info(key: Option<String>, source: &str, builtin: bool) -> PosterTemplateInfo {
    let (name, kind, width_mm, height_mm) = template::check_shape(source);
    // A bundled template is known by its kind; an imported one by the key it was saved under.
    let key = key.or_else(|| kind.clone()).unwrap_or_default();
    PosterTemplateInfo { key, name, kind, builtin, width_mm, height_mm }
}

/// Every template: bundled ones, then the operator's imported ones.
pub fn list(store: &Store) -> Result<Vec<PosterTemplateInfo>> {
    let mut out: Vec<PosterTemplateInfo> = template::BUNDLED.iter().map(|(_, src)| info(None, src, true)).collect();
    let conn = store.conn();
    let mut stmt = conn.prepare_cached("SELECT key, source FROM poster_templates ORDER BY imported_at, key")?;
    let own = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in own {
        let (key, src) = row?;
        out.push(info(Some(key), &src, false));
    }
    Ok(out)
}

/// A template's source by key: an imported one, a bundled one by kind, file name or display name.
pub fn source(store: &Store, key: &str) -> Result<(PosterTemplateInfo, String)> {
    let own: Option<String> =
        store.conn().query_row("SELECT source FROM poster_templates WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    if let Some(src) = own {
        return Ok((info(Some(key.to_string()), &src, false), src));
    }
    for (file, src) in template::BUNDLED {
        let found = info(None, src, true);
        if found.key == key || file.trim_end_matches(".svg") == key || found.name == key {
            return Ok((found, src.to_string()));
        }
    }
    Err(Error::NotFound { entity: Entity::PosterTemplate, id: key.to_string() })
}

/// Imports an SVG: checked first (refused if it reaches outside its folder); images in its folder
/// are embedded so the stored template needs nothing else. Returns the report and, when usable,
/// the key it was saved under (its file name).
pub fn import(store: &Store, fonts: &Fonts, path: &Path) -> Result<(template::TemplateReport, Option<String>)> {
    let src = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let folder = path.parent();
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let report = template::check(&file, &src, folder, fonts, &custom_fields(store)?);
    if !report.usable() {
        return Ok((report, None));
    }
    let embedded = embed_local_images(&src, folder);
    let key = path.file_stem().map(|f| f.to_string_lossy().to_string()).unwrap_or_else(|| "template".into());
    store.conn().execute(
        "INSERT INTO poster_templates (key, name, kind, source, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, kind = excluded.kind, source = excluded.source, imported_at = excluded.imported_at",
        params![key, report.name, report.kind, embedded, now()],
    )?;
    Ok((report, Some(key)))
}

/// `href="logo.png"` (a file beside the template) → `href="data:image/png;base64,…"`.
fn embed_local_images(src: &str, folder: Option<&Path>) -> String {
    let Some(folder) = folder else { return src.to_string() };
    let mut out = src.to_string();
    for quote in ['"', '\''] {
        for attr in ["href=", "xlink:href="] {
            let needle = format!("{attr}{quote}");
            let mut from = 0;
            while let Some(i) = out[from..].find(&needle) {
                let start = from + i + needle.len();
                let Some(len) = out[start..].find(quote) else { break };
                let value = out[start..start + len].to_string();
                from = start + len;
                let path = folder.join(&value);
                let plain = !value.contains(':') && !value.starts_with('#') && !value.contains("..") && !value.starts_with('{');
                if plain && path.is_file() {
                    let mime = match path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
                        Some("png") => "image/png",
                        Some("jpg") | Some("jpeg") => "image/jpeg",
                        Some("gif") => "image/gif",
                        Some("webp") => "image/webp",
                        Some("svg") => "image/svg+xml",
                        _ => continue,
                    };
                    if let Ok(bytes) = std::fs::read(&path) {
                        let data = format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes));
                        out.replace_range(start..start + len, &data);
                        from = start + data.len();
                    }
                }
            }
        }
    }
    out
}

fn custom_fields(store: &Store) -> Result<Vec<String>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached("SELECT DISTINCT j.key FROM members m, json_each(m.custom_fields) j WHERE m.deleted_at IS NULL")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

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
    v.insert("date".into(), today.to_string());
    v.insert("date_cn".into(), date_cn(today));
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

/// The members a batch is for: everyone placed in the cohort, or its graduates (still in it: not left).
pub fn cohort_members(store: &Store, cohort_id: i64, graduates_only: bool) -> Result<Vec<i64>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT m.id FROM memberships ms JOIN members m ON m.id = ms.member_id AND m.deleted_at IS NULL
         WHERE ms.cohort_id = ?1 AND (NOT ?2 OR ms.left_on IS NULL) ORDER BY m.name, m.id",
    )?;
    let rows = stmt.query_map(params![cohort_id, graduates_only], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The result of a certificate batch.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Batch {
    pub pages: usize,
    pub issued: Vec<Issued>,
    pub path: String,
}

/// What a batch is: a template's pages for some members of a cohort, written to one PDF.
#[derive(Debug, Clone, serde::Deserialize, TS)]
pub struct BatchRequest {
    pub cohort_id: i64,
    pub template: String,
    pub members: Vec<i64>,
    pub out: std::path::PathBuf,
    /// Render even when some characters cannot be drawn (the operator saw the list and agreed).
    pub allow_undrawable: bool,
}

/// A cohort's certificates (or any template's pages) for the members as one PDF. With a
/// certificate template each page gets its serial and signed QR code. Characters no font can draw
/// stop the batch (listed) unless allowed.
pub fn render_batch(store: &Store, fonts: &Fonts, req: &BatchRequest, progress: impl FnMut(usize) -> bool) -> Result<Batch> {
    let (cohort_id, template_key, members, out, allow_undrawable) = (req.cohort_id, req.template.as_str(), &req.members, req.out.as_path(), req.allow_undrawable);
    let (tpl, src) = source(store, template_key)?;
    let today = crate::store::today();
    let mut rows = Vec::with_capacity(members.len());
    for &id in members {
        rows.push((id, values_for(store, id, Some(cohort_id), today)?));
    }
    let bad = preflight(fonts, &rows);
    if !bad.is_empty() && !allow_undrawable {
        return Err(Error::Undrawable { list: bad.iter().map(|b| format!("{}（{}）", b.chars, b.name)).collect() });
    }
    let certificate = tpl.kind.as_deref().is_some_and(|k| CERTIFICATE_KINDS.contains(&k));
    let issued = if certificate { certificates::issue(store, cohort_id, members, tpl.kind.as_deref().unwrap_or(template_key))? } else { Vec::new() };
    for (i, issued) in issued.iter().enumerate() {
        rows[i].1.insert("serial".into(), issued.serial.clone());
        rows[i].1.insert("qr".into(), issued.payload.clone());
    }
    let pages: Vec<Values> = rows.into_iter().map(|(_, v)| v).collect();
    let pdf = render::pdf(fonts, &src, &pages, progress)?;
    std::fs::write(out, &pdf).map_err(|e| Error::io(out, e))?;
    Ok(Batch { pages: pages.len(), issued, path: out.display().to_string() })
}

/// One member's poster (or certificate page) as a PNG.
pub fn render_poster(store: &Store, fonts: &Fonts, member_id: i64, cohort_id: Option<i64>, template_key: &str, width_px: u32) -> Result<Vec<u8>> {
    let (tpl, src) = source(store, template_key)?;
    let mut values = values_for(store, member_id, cohort_id, crate::store::today())?;
    if tpl.kind.as_deref().is_some_and(|k| CERTIFICATE_KINDS.contains(&k)) {
        if let Some(cohort) = cohort_id.or_else(|| values.get("cohort").and_then(|n| cohorts::find_by_name(store, n).ok()).map(|c| c.id)) {
            let issued = certificates::issue(store, cohort, &[member_id], tpl.kind.as_deref().unwrap_or(template_key))?;
            values.insert("serial".into(), issued[0].serial.clone());
            values.insert("qr".into(), issued[0].payload.clone());
        }
    }
    render::png(fonts, &src, &values, width_px)
}

/// A preview of a member's page: nothing is issued (the serial and the QR code are samples).
pub fn preview(store: &Store, fonts: &Fonts, member_id: i64, cohort_id: Option<i64>, template_key: &str, width_px: u32) -> Result<Vec<u8>> {
    let (_, src) = source(store, template_key)?;
    let mut values = values_for(store, member_id, cohort_id, crate::store::today())?;
    values.insert("serial".into(), "QZ-0000-000000".into());
    values.insert("qr".into(), "QZ1|preview".into());
    render::png(fonts, &src, &values, width_px)
}

/// Where the app writes a batch: `exports/` in the data folder, named after the cohort, the
/// template and the time (never overwriting an earlier batch).
pub fn export_path(store: &Store, cohort: &str, template: &str, ext: &str) -> Result<std::path::PathBuf> {
    let dir = store.data_dir().join("exports");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let clean = |s: &str| s.chars().map(|c| if c.is_alphanumeric() || "-_·（）()".contains(c) { c } else { '_' }).collect::<String>();
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    Ok(dir.join(format!("{}-{}-{stamp}.{ext}", clean(cohort), clean(template))))
}

/// `preview` as a `data:image/png` URL, for an `<img>` in the UI.
pub fn preview_data_url(store: &Store, fonts: &Fonts, member_id: i64, cohort_id: Option<i64>, template_key: &str, width_px: u32) -> Result<String> {
    let png = preview(store, fonts, member_id, cohort_id, template_key, width_px)?;
    Ok(format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png)))
}
