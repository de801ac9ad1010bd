//! Poster and certificate templates: SVG files a designer draws (Inkscape, Figma, Illustrator) with
//! {{placeholders}} in text and attributes. Before a template is used it is checked: placeholders
//! Qunzhu does not know, fonts that are not installed, and anything that would reach outside the
//! template (scripts, external or file URLs, files outside its folder) are reported; the last kind
//! is refused. Images in the template's own folder are embedded when it is imported.

use super::fonts::{Fonts, DEFAULT_FAMILY};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// Placeholders every template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "name", "cohort", "group", "date", "date_cn", "start_date_cn", "end_date_cn", "serial", "qr", "photo", "quote", "role", "issuer",
    "month", "names", "count", "guest", "topic", "time", "intro",
];

/// The Chinese spelling of each built-in placeholder (`{{姓名}}` is `{{name}}`): one placeholder
/// syntax with the 话术 and the serial patterns. Either spelling fills the same value.
pub const ALIASES: &[(&str, &str)] = &[
    ("姓名", "name"), ("期", "cohort"), ("群", "group"), ("日期", "date_cn"), ("开营日期", "start_date_cn"), ("结营日期", "end_date_cn"),
    ("编号", "serial"), ("二维码", "qr"), ("照片", "photo"), ("金句", "quote"), ("角色", "role"), ("主办", "issuer"),
    ("月份", "month"), ("名单", "names"), ("人数", "count"), ("嘉宾", "guest"), ("主题", "topic"), ("时间", "time"), ("简介", "intro"),
];

/// A placeholder's name as the values know it: a Chinese alias becomes its built-in name; any
/// other name (a custom field, an unknown one) stays as written.
pub fn canonical(name: &str) -> &str {
    ALIASES.iter().find(|(zh, _)| *zh == name).map_or(name, |(_, en)| en)
}

/// The bundled templates (assets/templates).
pub const BUNDLED: &[(&str, &str)] = &[
    ("admission-letter.svg", include_str!("../../../assets/templates/admission-letter.svg")),
    ("completion-certificate.svg", include_str!("../../../assets/templates/completion-certificate.svg")),
    ("today-star.svg", include_str!("../../../assets/templates/today-star.svg")),
    ("homework-star.svg", include_str!("../../../assets/templates/homework-star.svg")),
    ("aesthetics-star.svg", include_str!("../../../assets/templates/aesthetics-star.svg")),
    ("birthday.svg", include_str!("../../../assets/templates/birthday.svg")),
    ("birthday-roster.svg", include_str!("../../../assets/templates/birthday-roster.svg")),
    ("guest-talk.svg", include_str!("../../../assets/templates/guest-talk.svg")),
];

/// The largest page a template may have, each side: a 3-metre roll-up banner.
pub const MAX_SIDE_MM: f32 = 3000.0;
/// The longest side at most this many times the shortest (a WeChat long image is about 1:10).
pub const MAX_ASPECT: f32 = 40.0;
/// Entities a DTD may declare (Illustrator declares a handful of namespace URIs)...
const MAX_ENTITIES: usize = 64;
/// ...and the most text their references may expand to, all together.
const MAX_EXPANSION: usize = 1 << 20;
/// An image beside a template, embedded at import: at most this big.
pub const MAX_IMAGE_BYTES: u64 = 20 << 20;

/// Why a DTD is refused, with the line: entities that refer to other entities or to files,
/// too many, or references that would expand beyond [`MAX_EXPANSION`] (a "billion laughs").
pub fn dtd_refusals(source: &str) -> Vec<Refusal> {
    let line_of = |at: usize| source[..at].matches('\n').count() as u32 + 1;
    let mut out = Vec::new();
    let mut entities: Vec<(&str, usize)> = Vec::new();
    let mut from = 0;
    while let Some(i) = source[from..].find("<!ENTITY") {
        let at = from + i;
        match entity_decl(&source[at..]) {
            // An internal entity: `<!ENTITY name "value">` (its value read to its own closing quote).
            Some((name, value, len)) if !value.contains(['&', '%']) => {
                entities.push((name, value.len()));
                from = at + len;
            }
            // A parameter or external entity, one made of other entities, or one not read.
            other => {
                let len = other.map(|(_, _, len)| len).unwrap_or(source.len() - at);
                out.push(Refusal { line: line_of(at), what: clip_decl(&source[at..at + len]) });
                from = at + len.max(1);
            }
        }
    }
    if entities.len() > MAX_ENTITIES {
        out.push(Refusal { line: 1, what: format!("<!ENTITY> × {}", entities.len()) });
    }
    let expansion: usize = entities.iter().map(|(name, len)| source.matches(&format!("&{name};")).count().saturating_mul(*len)).sum();
    if expansion > MAX_EXPANSION {
        out.push(Refusal { line: 1, what: format!("<!ENTITY> references expanding to {} MB", expansion >> 20) });
    }
    out
}

/// `<!ENTITY name "value">` at the start of `decl`: its name, value and length in bytes; None
/// for anything else (a parameter entity `%`, `SYSTEM`/`PUBLIC`, no closing quote or `>`).
fn entity_decl(decl: &str) -> Option<(&str, &str, usize)> {
    let rest = decl.strip_prefix("<!ENTITY")?;
    let body = rest.trim_start();
    let name_len = body.find(|c: char| c.is_whitespace())?;
    let name = &body[..name_len];
    if name.is_empty() || name.starts_with('%') {
        return None;
    }
    let after = body[name_len..].trim_start();
    let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let close = after[1..].find(quote)? + 1;
    let value = &after[1..close];
    let tail = &after[close + 1..];
    let end = tail.find('>')?;
    if !tail[..end].trim().is_empty() {
        return None;
    }
    let consumed = decl.len() - tail.len() + end + 1;
    Some((name, value, consumed))
}

fn clip_decl(decl: &str) -> String {
    let mut s: String = decl.chars().take(80).collect();
    if s.len() < decl.len() {
        s.push('…');
    }
    s
}

/// Why a page size is refused: a side beyond [`MAX_SIDE_MM`] or a shape beyond [`MAX_ASPECT`]
/// (`width="1" height="1e8"` would have the renderer allocate terabytes).
fn page_refusal(w: f32, h: f32) -> Option<String> {
    let fine = w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 && w <= MAX_SIDE_MM && h <= MAX_SIDE_MM && w.max(h) / w.min(h) <= MAX_ASPECT;
    (!fine).then(|| format!("width × height = {w} mm × {h} mm"))
}

/// An image file beside a template, read to be embedded: a regular file (not a link to
/// somewhere else), of an image type by its bytes, at most [`MAX_IMAGE_BYTES`].
pub fn local_image(folder: &Path, file: &str) -> std::result::Result<(&'static str, Vec<u8>), String> {
    let path = folder.join(file);
    let meta = std::fs::symlink_metadata(&path).map_err(|_| format!("{file}: not found beside the template"))?;
    if meta.file_type().is_symlink() {
        return Err(format!("{file}: a link to another file"));
    }
    if !meta.is_file() || meta.len() > MAX_IMAGE_BYTES {
        return Err(format!("{file}: not an image file of at most 20 MB"));
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("{file}: {e}"))?;
    let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        "image/gif"
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else {
        return Err(format!("{file}: not a PNG, JPEG, GIF or WebP image"));
    };
    Ok((mime, bytes))
}

/// Something in a template that reaches outside it: refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Refusal {
    pub line: u32,
    /// What it is, as written: `<script>`, `href="https://…"`, `onload`.
    pub what: String,
}

/// What checking a template found.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct TemplateReport {
    /// `data-qunzhu-template` on the root: the template's kind (completion_certificate, today_star …).
    pub kind: Option<String>,
    /// `data-name` on the root, else the file name.
    pub name: String,
    /// Page size in millimetres (from width/height, or the viewBox at 96 dpi).
    pub width_mm: f32,
    pub height_mm: f32,
    /// Placeholders it uses, in order of first use.
    pub placeholders: Vec<String>,
    /// Placeholders that are neither built in nor a custom field: they stay empty.
    pub unknown_placeholders: Vec<String>,
    /// Font families it names that are not installed (the bundled font is drawn instead).
    pub missing_fonts: Vec<String>,
    /// Refused: the template cannot be used until these are removed.
    pub refused: Vec<Refusal>,
    /// The XML could not be read at all: the parser's message with its line.
    pub syntax: Option<String>,
}

impl TemplateReport {
    pub fn usable(&self) -> bool {
        self.syntax.is_none() && self.refused.is_empty()
    }
}

/// A template's display name, kind and page size in mm, read from its root element without a
/// full check (for lists).
pub fn check_shape(source: &str) -> (String, Option<String>, f32, f32) {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let Ok(doc) = roxmltree::Document::parse_with_options(source, opts) else { return (String::new(), None, 210.0, 297.0) };
    let root = doc.root_element();
    let kind = root.attribute("data-qunzhu-template").map(String::from);
    let name = root.attribute("data-name").map(String::from).or_else(|| kind.clone()).unwrap_or_default();
    let (w, h) = page_mm(root);
    (name, kind, w, h)
}

/// The page size in mm: width/height with units, else the viewBox at 96 dpi, else A4 portrait.
fn page_mm(root: roxmltree::Node) -> (f32, f32) {
    let view: Vec<f32> = root.attribute("viewBox").unwrap_or("").split([' ', ',']).filter_map(|x| x.parse().ok()).collect();
    let px = |i: usize| view.get(i).map(|v| v * 25.4 / 96.0);
    let w = root.attribute("width").and_then(length_mm).or(px(2)).unwrap_or(210.0);
    let h = root.attribute("height").and_then(length_mm).or(px(3)).unwrap_or(297.0);
    (w, h)
}

/// All `{{…}}` placeholder names in a text (Chinese aliases as their built-in names).
pub fn placeholders_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else { break };
        let name = canonical(after[..j].trim()).to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = &after[j + 2..];
    }
    out
}

/// A length in millimetres: `297mm`, `21cm`, `842pt`, `8.5in`, `1080px` or `1080` (px at 96 dpi).
pub fn length_mm(s: &str) -> Option<f32> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic() || c == '%').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f32 = num.trim().parse().ok()?;
    let mm = match unit.trim() {
        "mm" => n,
        "cm" => n * 10.0,
        "in" => n * 25.4,
        "pt" => n * 25.4 / 72.0,
        "pc" => n * 25.4 / 6.0,
        "" | "px" => n * 25.4 / 96.0,
        _ => return None,
    };
    (mm > 0.0).then_some(mm)
}

fn is_placeholder_only(value: &str) -> bool {
    let v = value.trim();
    v.starts_with("{{") && v.ends_with("}}") && placeholders_in(v).len() == 1
}

/// Whether a reference stays inside the template: `#id`, an embedded `data:` image, a placeholder
/// the renderer fills (`{{photo}}`), or a plain file name in the template's own folder.
pub fn reference_kind(value: &str) -> Reference {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if v.is_empty() || v.starts_with('#') || lower.starts_with("data:") || is_placeholder_only(v) {
        Reference::Inside
    } else if lower.contains(':') || v.starts_with('/') || v.starts_with('\\') || v.contains("..") || v.starts_with("//") {
        Reference::Outside
    } else {
        Reference::Local(v.to_string())
    }
}

pub enum Reference {
    Inside,
    Local(String),
    Outside,
}

/// `url(…)` references in a style or presentation attribute that do not point inside the document.
fn outside_urls(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(i) = rest.find("url(") {
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].trim().trim_matches(['"', '\'']);
        if !target.starts_with('#') && !target.to_ascii_lowercase().starts_with("data:") {
            out.push(format!("url({target})"));
        }
        rest = &after[end..];
    }
    if value.contains("@import") {
        out.push("@import".into());
    }
    out
}

/// Checks a template's source. `folder`: where it was imported from (local images are allowed
/// there); `custom_fields`: the custom field names members have, which count as known placeholders.
pub fn check(file_name: &str, source: &str, folder: Option<&Path>, fonts: &Fonts, custom_fields: &[String]) -> TemplateReport {
    let mut report = TemplateReport { name: file_name.to_string(), ..Default::default() };
    // Entities are looked at before the parser expands them.
    report.refused = dtd_refusals(source);
    if !report.refused.is_empty() {
        return report;
    }
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = match roxmltree::Document::parse_with_options(source, opts) {
        Ok(d) => d,
        Err(e) => {
            report.syntax = Some(e.to_string());
            return report;
        }
    };
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        report.syntax = Some(format!("the root element is <{}>, not <svg>", root.tag_name().name()));
        return report;
    }
    report.kind = root.attribute("data-qunzhu-template").map(String::from);
    if let Some(n) = root.attribute("data-name") {
        report.name = n.to_string();
    }
    (report.width_mm, report.height_mm) = page_mm(root);
    if let Some(what) = page_refusal(report.width_mm, report.height_mm) {
        report.refused.push(Refusal { line: doc.text_pos_at(root.range().start).row, what });
    }

    let fonts_named = walk(&doc, folder, &mut report);
    for f in fonts_named {
        if !fonts.has_family(&f) && f != DEFAULT_FAMILY && !report.missing_fonts.contains(&f) {
            report.missing_fonts.push(f);
        }
    }
    report.unknown_placeholders =
        report.placeholders.iter().filter(|p| !PLACEHOLDERS.contains(&p.as_str()) && !custom_fields.contains(p)).cloned().collect();
    report
}

/// Goes through every node of a template: the placeholders it uses go into `report`, and what
/// reaches outside it is refused there. Returns the font families it names.
fn walk(doc: &roxmltree::Document, folder: Option<&Path>, report: &mut TemplateReport) -> Vec<String> {
    let line = |node: roxmltree::Node| doc.text_pos_at(node.range().start).row;
    let refuse = |report: &mut TemplateReport, node: roxmltree::Node, what: String| {
        report.refused.push(Refusal { line: line(node), what });
    };
    let mut fonts_named: Vec<String> = Vec::new();
    for node in doc.descendants() {
        if let Some(text) = node.text().filter(|_| node.is_text()) {
            add_placeholders(&mut report.placeholders, text);
            if node.parent().is_some_and(|p| p.tag_name().name() == "style") {
                for u in outside_urls(text) {
                    refuse(report, node, u);
                }
            }
            continue;
        }
        if !node.is_element() {
            continue;
        }
        let tag = node.tag_name().name();
        if matches!(tag, "script" | "foreignObject" | "iframe" | "embed" | "object" | "audio" | "video") {
            refuse(report, node, format!("<{tag}>"));
        }
        for a in node.attributes() {
            for what in attribute(a, folder, &mut report.placeholders, &mut fonts_named) {
                refuse(report, node, what);
            }
        }
    }
    fonts_named
}

/// What an element's attribute reaches outside the template (an event handler, an outside
/// reference or `url(…)`); its placeholders and the font families it names are added.
fn attribute(a: roxmltree::Attribute, folder: Option<&Path>, placeholders: &mut Vec<String>, fonts_named: &mut Vec<String>) -> Vec<String> {
    let name = a.name();
    add_placeholders(placeholders, a.value());
    let mut refused = Vec::new();
    if name.to_ascii_lowercase().starts_with("on") {
        refused.push(name.to_string());
    } else if name == "href" || name == "src" {
        match reference_kind(a.value()) {
            Reference::Inside => {}
            Reference::Outside => refused.push(format!("{name}=\"{}\"", a.value())),
            Reference::Local(file) => match folder.map(|f| local_image(f, &file)) {
                Some(Ok(_)) => {}
                Some(Err(why)) => refused.push(format!("{name}=\"{file}\" ({why})")),
                None => refused.push(format!("{name}=\"{file}\"")),
            },
        }
    } else {
        refused.extend(outside_urls(a.value()));
    }
    if name == "font-family" {
        fonts_named.extend(families(a.value()));
    }
    if name == "style" {
        for decl in a.value().split(';') {
            if let Some(v) = decl.trim().strip_prefix("font-family:") {
                fonts_named.extend(families(v));
            }
        }
    }
    refused
}

/// Adds the placeholders of `text` that `placeholders` does not have yet, in order.
fn add_placeholders(placeholders: &mut Vec<String>, text: &str) {
    for p in placeholders_in(text) {
        if !placeholders.contains(&p) {
            placeholders.push(p);
        }
    }
}

/// The families a font-family list names, quotes removed.
fn families(list: &str) -> Vec<String> {
    list.split(',').map(|f| f.trim().trim_matches(['"', '\'']).to_string()).filter(|f| !f.is_empty()).collect()
}
