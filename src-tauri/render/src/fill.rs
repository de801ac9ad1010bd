//! Fills a template for one row: placeholders replaced (XML-escaped), a long name shrunk to its
//! `data-fit-width`, paragraphs wrapped to `data-wrap-width` by Qunzhu's own line breaking (usvg
//! does not wrap), the `data-placeholder="qr"` box drawn as a vector QR code, `{{photo}}` images
//! given the member's photo, and optional parts without a value left out.

use super::fonts::Fonts;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The values of one page: placeholder name → text. `qr` holds the text the QR code carries;
/// `photo` a `data:` URL.
pub type Values = BTreeMap<String, String>;

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// Replaces every `{{name}}` (or its Chinese alias, `{{姓名}}`) with its value (missing: empty).
pub fn substitute(text: &str, values: &Values) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) => {
                if let Some(v) = values.get(super::template::canonical(after[..j].trim())) {
                    out.push_str(v);
                }
                rest = &after[j + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn num(node: roxmltree::Node, name: &str) -> Option<f32> {
    node.attribute(name).and_then(|v| v.trim().trim_end_matches("px").parse().ok())
}

/// Font size of a text element (its own attribute or style, else the nearest ancestor's, else 16).
fn font_size(node: roxmltree::Node) -> f32 {
    for n in node.ancestors() {
        if let Some(v) = num(n, "font-size") {
            return v;
        }
        if let Some(style) = n.attribute("style") {
            for decl in style.split(';') {
                if let Some(v) = decl.trim().strip_prefix("font-size:") {
                    if let Ok(v) = v.trim().trim_end_matches("px").parse() {
                        return v;
                    }
                }
            }
        }
    }
    16.0
}

/// Breaks `text` into lines no wider than `width` (UAX #14 break opportunities: between CJK
/// characters, never before 。，、 or after an opening bracket); a word longer than a line is cut.
pub fn wrap(fonts: &Fonts, text: &str, size: f32, spacing: f32, width: f32) -> Vec<String> {
    wrap_at(fonts, text, size, spacing, width, None)
}

/// Break opportunities in a paragraph: after one of `after`'s characters only (a list of names
/// joined by 、 never splits a name), else UAX #14's.
fn breaks(paragraph: &str, after: Option<&str>) -> Vec<(usize, unicode_linebreak::BreakOpportunity)> {
    use unicode_linebreak::BreakOpportunity::{Allowed, Mandatory};
    match after {
        Some(seps) => {
            let mut out: Vec<_> = paragraph.char_indices().filter(|(_, c)| seps.contains(*c)).map(|(i, c)| (i + c.len_utf8(), Allowed)).collect();
            if out.last().is_none_or(|(i, _)| *i < paragraph.len()) {
                out.push((paragraph.len(), Mandatory));
            }
            out
        }
        None => unicode_linebreak::linebreaks(paragraph).collect(),
    }
}

/// `wrap`, breaking only after one of `break_after`'s characters when given.
pub fn wrap_at(fonts: &Fonts, text: &str, size: f32, spacing: f32, width: f32, break_after: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let first = lines.len();
        let mut line = String::new();
        let mut start = 0;
        for (pos, opportunity) in breaks(paragraph, break_after) {
            let piece = &paragraph[start..pos];
            start = pos;
            let candidate = format!("{line}{piece}");
            if fonts.width(candidate.trim_end(), size, spacing) <= width || line.is_empty() {
                line = candidate;
            } else {
                lines.push(line.trim_end().to_string());
                line = piece.to_string();
            }
            // A piece wider than the line by itself: cut it by characters.
            while fonts.width(line.trim_end(), size, spacing) > width && line.chars().count() > 1 {
                let mut cut = String::new();
                for c in line.chars() {
                    if !cut.is_empty() && fonts.width(&format!("{cut}{c}"), size, spacing) > width {
                        break;
                    }
                    cut.push(c);
                }
                let rest = line[cut.len()..].to_string();
                lines.push(cut);
                line = rest;
            }
            if opportunity == unicode_linebreak::BreakOpportunity::Mandatory && pos < paragraph.len() {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
        }
        lines.push(line.trim_end().to_string());
        if lines.len() - first >= 2 {
            mend_widow(&mut lines, fonts, size, spacing, width, break_after);
        }
    }
    while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Chinese punctuation a line may end with; it does not count as a character of a widow.
const CLOSING: &str = "，。、！？；：”’）》」』…—";

/// A paragraph's last line holding one character alone (a widow: "…写成好故" / "事"): the line
/// before hands it its last piece between break opportunities ("…写成好" / "故事"), when the
/// new last line still fits. Only for CJK text, where no space is lost between the two lines.
fn mend_widow(lines: &mut [String], fonts: &Fonts, size: f32, spacing: f32, width: f32, break_after: Option<&str>) {
    let n = lines.len();
    let (prev, last) = (&lines[n - 2], &lines[n - 1]);
    let letters = last.chars().filter(|c| !CLOSING.contains(*c)).count();
    if letters != 1 || last.chars().any(|c| c.is_ascii()) || prev.ends_with(|c: char| c.is_ascii()) {
        return;
    }
    let joined = format!("{prev}{last}");
    let Some(cut) = breaks(&joined, break_after).into_iter().map(|(p, _)| p).rfind(|p| *p > 0 && *p < prev.len()) else { return };
    let (head, tail) = joined.split_at(cut);
    if !head.trim().is_empty() && fonts.width(tail, size, spacing) <= width {
        let (head, tail) = (head.to_string(), tail.to_string());
        lines[n - 2] = head;
        lines[n - 1] = tail;
    }
}

/// The filled SVG source of one page.
pub fn fill(source: &str, values: &Values, fonts: &Fonts) -> Result<String, String> {
    // A template that reached the store another way than its import is held to the same rule.
    if let Some(r) = super::template::dtd_refusals(source).first() {
        return Err(format!("line {}: {}", r.line, r.what));
    }
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(source, opts).map_err(|e| e.to_string())?;
    let mut out = String::with_capacity(source.len() + 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_node(doc.root_element(), values, fonts, &mut out, true);
    Ok(out)
}

fn qname(node: roxmltree::Node, ns: Option<&str>, local: &str) -> String {
    match ns.and_then(|uri| node.lookup_prefix(uri)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{local}"),
        _ => local.to_string(),
    }
}

fn open_tag(node: roxmltree::Node, values: &Values, out: &mut String, root: bool, skip: &[&str], extra: &[(&str, String)]) {
    let name = qname(node, node.tag_name().namespace(), node.tag_name().name());
    out.push('<');
    out.push_str(&name);
    if root {
        for ns in node.namespaces() {
            match ns.name() {
                Some(prefix) if prefix != "xml" => {
                    let _ = write!(out, " xmlns:{prefix}=\"");
                    escape(ns.uri(), out);
                    out.push('"');
                }
                None => {
                    out.push_str(" xmlns=\"");
                    escape(ns.uri(), out);
                    out.push('"');
                }
                _ => {}
            }
        }
    }
    for a in node.attributes() {
        if skip.contains(&a.name()) || extra.iter().any(|(k, _)| *k == a.name()) {
            continue;
        }
        let _ = write!(out, " {}=\"", qname(node, a.namespace(), a.name()));
        escape(&substitute(a.value(), values), out);
        out.push('"');
    }
    for (k, v) in extra {
        let _ = write!(out, " {k}=\"");
        escape(v, out);
        out.push('"');
    }
}

fn close_tag(node: roxmltree::Node, out: &mut String) {
    let _ = write!(out, "</{}>", qname(node, node.tag_name().namespace(), node.tag_name().name()));
}

/// An element whose placeholders all came out empty and that says it is optional: left out.
fn empty_optional(node: roxmltree::Node, values: &Values) -> bool {
    if node.attribute("data-optional") != Some("true") {
        return false;
    }
    let mut used = Vec::new();
    for n in node.descendants() {
        for a in n.attributes() {
            used.extend(super::template::placeholders_in(a.value()));
        }
        if let Some(t) = n.text().filter(|_| n.is_text()) {
            used.extend(super::template::placeholders_in(t));
        }
    }
    !used.is_empty() && used.iter().all(|p| values.get(p).is_none_or(|v| v.trim().is_empty()))
}

fn write_node(node: roxmltree::Node, values: &Values, fonts: &Fonts, out: &mut String, root: bool) {
    if node.is_text() {
        escape(&substitute(node.text().unwrap_or(""), values), out);
        return;
    }
    if !node.is_element() || empty_optional(node, values) {
        return;
    }
    if node.attribute("data-placeholder") == Some("qr") {
        write_qr(node, values, out);
        return;
    }
    if node.tag_name().name() == "text" {
        if let Some(width) = num(node, "data-wrap-width") {
            write_wrapped(node, values, fonts, width, out);
            return;
        }
        if let Some(width) = num(node, "data-fit-width") {
            write_fitted(node, values, fonts, width, out);
            return;
        }
    }
    open_tag(node, values, out, root, &[], &[]);
    if !node.has_children() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in node.children() {
        write_node(child, values, fonts, out, false);
    }
    close_tag(node, out);
}

/// The text of a text element with its tspans, each with its font size, after substitution.
fn runs(node: roxmltree::Node, values: &Values) -> Vec<(String, f32)> {
    node.descendants()
        .filter(|n| n.is_text())
        .map(|t| (substitute(t.text().unwrap_or(""), values), font_size(t.parent().unwrap_or(node))))
        .collect()
}

/// A one-line text: shrunk (font sizes scaled together) when wider than `data-fit-width`.
fn write_fitted(node: roxmltree::Node, values: &Values, fonts: &Fonts, width: f32, out: &mut String) {
    let spacing = num(node, "letter-spacing").unwrap_or(0.0);
    let parts = runs(node, values);
    // Whitespace between tspans of a pretty-printed template is not drawn content: trim the ends.
    let measured: f32 = parts.iter().map(|(t, size)| fonts.width(t.trim_matches(['\n', '\r', '\t']), *size, spacing)).sum();
    let scale = if measured > width && measured > 0.0 { width / measured } else { 1.0 };
    write_scaled(node, values, scale, out);
}

fn write_scaled(node: roxmltree::Node, values: &Values, scale: f32, out: &mut String) {
    if node.is_text() {
        escape(&substitute(node.text().unwrap_or(""), values), out);
        return;
    }
    if !node.is_element() {
        return;
    }
    let mut extra = Vec::new();
    if scale < 1.0 && (node.attribute("font-size").is_some() || node.tag_name().name() == "text") {
        extra.push(("font-size", format!("{:.2}", font_size(node) * scale)));
    }
    open_tag(node, values, out, false, &["data-fit-width"], &extra);
    out.push('>');
    for child in node.children() {
        write_scaled(child, values, scale, out);
    }
    close_tag(node, out);
}

/// A paragraph wrapped into lines (tspans) of at most `width`; more lines than `data-max-lines`:
/// the font shrinks (with `data-shrink-to-lines`) or the last line ends with "…".
fn write_wrapped(node: roxmltree::Node, values: &Values, fonts: &Fonts, width: f32, out: &mut String) {
    let text: String = runs(node, values).into_iter().map(|(t, _)| t).collect::<String>().trim().to_string();
    let spacing = num(node, "letter-spacing").unwrap_or(0.0);
    let line_height = num(node, "data-line-height").unwrap_or(1.5);
    let max_lines = num(node, "data-max-lines").map(|n| n.max(1.0) as usize).unwrap_or(usize::MAX);
    let shrink = node.attribute("data-shrink-to-lines") == Some("true");
    let after = node.attribute("data-break-after");
    let mut size = font_size(node);
    let mut lines = wrap_at(fonts, &text, size, spacing, width, after);
    if lines.len() > max_lines && shrink {
        let floor = size * 0.4;
        while lines.len() > max_lines && size > floor {
            size *= 0.92;
            lines = wrap_at(fonts, &text, size, spacing, width, after);
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && fonts.width(&format!("{last}…"), size, spacing) > width {
                last.pop();
            }
            last.push('…');
        }
    }
    let x = node.attribute("x").unwrap_or("0").to_string();
    let extra = [("font-size", format!("{size:.2}"))];
    open_tag(node, values, out, false, &["data-wrap-width", "data-line-height", "data-max-lines", "data-shrink-to-lines", "data-break-after"], &extra);
    out.push('>');
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { size * line_height };
        let _ = write!(out, "<tspan x=\"{x}\" dy=\"{dy:.2}\">");
        escape(line, out);
        out.push_str("</tspan>");
    }
    close_tag(node, out);
}

/// The QR code's box: a white square with the code's dark modules as one vector path.
fn write_qr(node: roxmltree::Node, values: &Values, out: &mut String) {
    let (x, y) = (num(node, "x").unwrap_or(0.0), num(node, "y").unwrap_or(0.0));
    let side = num(node, "width").unwrap_or(100.0).min(num(node, "height").unwrap_or(100.0));
    let Some(payload) = values.get("qr").filter(|p| !p.is_empty()) else { return };
    let Ok(code) = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M) else { return };
    let n = code.width();
    // One module of quiet zone each side keeps the code readable on a coloured page.
    let module = side / (n as f32 + 2.0);
    let _ = write!(out, "<g data-qr=\"1\"><rect x=\"{x}\" y=\"{y}\" width=\"{side}\" height=\"{side}\" fill=\"#ffffff\"/><path fill=\"#1a1a1a\" d=\"");
    for row in 0..n {
        for col in 0..n {
            if code[(col, row)] == qrcode::Color::Dark {
                let px = x + (col as f32 + 1.0) * module;
                let py = y + (row as f32 + 1.0) * module;
                let _ = write!(out, "M{px:.3} {py:.3}h{module:.3}v{module:.3}h-{module:.3}z");
            }
        }
    }
    out.push_str("\"/></g>");
}
