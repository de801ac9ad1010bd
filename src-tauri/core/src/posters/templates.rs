//! Poster and certificate templates: the bundled ones and those imported (checked, their local
//! images embedded), listed, read and trashed.

use crate::error::{Entity, Error, Result};
use crate::render::{template, Fonts};
use crate::store::{now, Store};
use base64::Engine as _;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

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
/// A template file's text: at most [`MAX_TEMPLATE_BYTES`] (images beside it are embedded later).
pub fn read_template(path: &Path) -> Result<String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_TEMPLATE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(Error::TooLongCell { path: path.display().to_string(), line: 1 });
    }
    String::from_utf8(bytes).map_err(|_| Error::BrokenBytes { path: path.display().to_string(), line: 1, encoding: "UTF-8" })
}

/// The largest SVG template read: designers' files are kilobytes, with embedded pictures a few MB.
pub const MAX_TEMPLATE_BYTES: u64 = 32 << 20;

/// An imported template: the check's report, and the key it was saved under (none: refused).
#[derive(Debug, Serialize, TS)]
pub struct TemplateImport {
    pub report: template::TemplateReport,
    pub key: Option<String>,
}

pub fn import(store: &Store, fonts: &Fonts, path: &Path) -> Result<TemplateImport> {
    let src = read_template(path)?;
    let folder = path.parent();
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let report = template::check(&file, &src, folder, fonts, &custom_fields(store)?);
    if !report.usable() {
        return Ok(TemplateImport { report, key: None });
    }
    let embedded = embed_local_images(&src, folder);
    let key = path.file_stem().map(|f| f.to_string_lossy().to_string()).unwrap_or_else(|| "template".into());
    store.conn().execute(
        "INSERT INTO poster_templates (key, name, kind, source, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, kind = excluded.kind, source = excluded.source, imported_at = excluded.imported_at",
        params![key, report.name, report.kind, embedded, now()],
    )?;
    Ok(TemplateImport { report, key: Some(key) })
}

/// Deletes an imported template (a bundled one cannot be).
pub fn delete_template(store: &Store, key: &str) -> Result<()> {
    if store.conn().execute("DELETE FROM poster_templates WHERE key = ?1", [key])? == 0 {
        return Err(Error::NotFound { entity: Entity::PosterTemplate, id: key.to_string() });
    }
    Ok(())
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
                // The same rule the check applied: only a plain file name in the template's folder.
                let template::Reference::Local(file) = template::reference_kind(&value) else { continue };
                // Only what the check let through: a regular image file, read once more.
                if let Ok((mime, bytes)) = template::local_image(folder, &file) {
                    let data = format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes));
                    out.replace_range(start..start + len, &data);
                    from = start + data.len();
                }
            }
        }
    }
    out
}

fn custom_fields(store: &Store) -> Result<Vec<String>> {
    let conn = store.conn();
    let mut stmt = conn.prepare_cached("SELECT DISTINCT j.key FROM live_members m, json_each(m.custom_fields) j")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a template looks like before anyone is chosen, for the template list: its page drawn
/// small with sample values (the same every time: a thumbnail says what the template is, not
/// whose page it will be), as a `data:image/png` URL.
pub fn thumbnail(store: &Store, fonts: &Fonts, key: &str, width_px: u32) -> Result<String> {
    let (_, src) = source(store, key)?;
    let values: crate::render::Values = SAMPLE.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect();
    Ok(super::png_data_url(&crate::render::png(fonts, &src, &values, width_px.clamp(60, 600))?))
}

/// The sample values of a thumbnail: one for each built-in placeholder but the photo.
const SAMPLE: &[(&str, &str)] = &[
    ("name", "张小满"), ("cohort", "21天写作营 第3期"), ("group", "3期1群"), ("date", "2026-11-21"), ("date_cn", "2026年11月21日"),
    ("start_date_cn", "2026年11月1日"), ("end_date_cn", "2026年11月21日"), ("serial", "XZ3-2026-0001"), ("qr", "QZ1|sample"),
    ("quote", "把每天的日子，写成看得见的文字。"), ("role", "班长"), ("issuer", "21天写作营"), ("month", "十一月"),
    ("names", "张小满、李晓、王芳、陈晨、赵一鸣"), ("count", "5"), ("guest", "李老师"), ("topic", "如何坚持每天写作"),
    ("time", "12月3日 周四 20:00"), ("intro", "十年写作教练，带过三千名学员。"),
];
