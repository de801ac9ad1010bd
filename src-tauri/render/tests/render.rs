//! Posters and certificates: every bundled template drawn with hard rows (a very long name, rare
//! characters, emoji, a Latin name, an empty optional field); the PDF's text extracted by another
//! program; the QR code decoded from the PNG; templates that reach outside themselves refused.

use qunzhu_render::{self as render, fill, template, Error, Fonts, Values};
use std::sync::OnceLock;

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::standard().expect("bundled fonts"))
}

const NAMES: &[&str] = &["阿卜杜热合曼·买买提艾力·库尔班江", "刘䶮", "王𫖮", "张喆", "李堃", "小雨🌸", "Alexandra Johnson-Smith", "林"];

fn row(name: &str, quote: &str) -> Values {
    let mut v = Values::new();
    for (k, val) in [
        ("name", name),
        ("cohort", "21天写作营 第3期"),
        ("group", "3期北京1群"),
        ("date_cn", "二〇二六年十一月二十四日"),
        ("start_date_cn", "十二月一日"),
        ("serial", "XZ-2026-000123"),
        ("issuer", "小周的写作营"),
        ("quote", quote),
        ("qr", "QZ1.XZ-2026-000123.test"),
        ("month", "十一月"),
        ("names", &NAMES.join("　")),
        ("count", "8"),
        ("guest", "李老师"),
        ("topic", "如何把日常写成好故事：从观察到表达，再到一篇能打动人的文章"),
        ("time", "12月3日（周四）20:00"),
        ("intro", "资深编辑，出版过三本散文集"),
    ] {
        v.insert(k.to_string(), val.to_string());
    }
    v
}

#[test]
fn every_bundled_template_checks_clean_and_draws_every_hard_row() {
    for (file, source) in template::BUNDLED {
        let report = template::check(file, source, None, fonts(), &[]);
        assert!(report.usable(), "{file}: {report:?}");
        assert!(report.unknown_placeholders.is_empty(), "{file}: {:?}", report.unknown_placeholders);
        assert!(report.missing_fonts.is_empty(), "{file}: {:?}", report.missing_fonts);
        assert!(report.kind.is_some(), "{file} names its kind");
        for (i, name) in NAMES.iter().enumerate() {
            let quote = if i % 2 == 0 { "" } else { "坚持打卡第 11 天，今天的作业写出了真情实感！愿你笔下有光，心中有爱，明天继续写下去。" };
            let png = render::png(fonts(), source, &row(name, quote), 540).unwrap_or_else(|e| panic!("{file} {name}: {e}"));
            let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
            assert_eq!(pixmap.width(), 540);
            // Not a blank page: more than one colour drawn.
            let first = &pixmap.data()[..4];
            assert!(pixmap.data().chunks(4).any(|p| p != first), "{file}: blank");
        }
    }
}

#[test]
fn a_long_name_shrinks_to_its_box_and_a_long_paragraph_wraps() {
    let (_, cert) = template::BUNDLED.iter().find(|(f, _)| *f == "completion-certificate.svg").unwrap();
    let short = fill::fill(cert, &row("林", ""), fonts()).unwrap();
    let long = fill::fill(cert, &row(NAMES[0], ""), fonts()).unwrap();
    let size_of = |svg: &str| -> f32 {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let t = doc.descendants().find(|n| n.tag_name().name() == "text" && n.descendants().any(|d| d.text() == Some("林") || d.text() == Some(NAMES[0]))).unwrap();
        t.attribute("font-size").unwrap().parse().unwrap()
    };
    assert_eq!(size_of(&short), 40.0, "a short name keeps the designer's size");
    assert!(size_of(&long) < 40.0, "a long name shrinks");
    // The paragraph became several lines, none wider than the box.
    let doc = roxmltree::Document::parse(&long).unwrap();
    let para = doc.descendants().find(|n| n.tag_name().name() == "text" && n.descendants().any(|d| d.text().is_some_and(|t| t.contains("特发此证")))).unwrap();
    let lines: Vec<&str> = para.children().filter_map(|t| t.text()).collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(lines.iter().all(|l| fonts().width(l, 27.0, 0.0) <= 700.0 + 0.5), "{lines:?}");
    // Line breaking keeps closing punctuation with the character before it.
    assert!(lines.iter().skip(1).all(|l| !l.starts_with(['，', '。', '」'])), "{lines:?}");
}

#[test]
fn a_character_no_font_has_is_reported_before_rendering() {
    assert!(fonts().undrawable("刘䶮 王𫖮 张喆 李堃 Alexandra").is_empty(), "the bundled font draws rare name characters");
    // Tangut: no font on the machine draws it.
    assert_eq!(fonts().undrawable("李\u{17000}华"), ['\u{17000}']);
}

#[test]
fn the_pdf_keeps_text_as_text_one_page_per_row() {
    let (_, cert) = template::BUNDLED.iter().find(|(f, _)| *f == "completion-certificate.svg").unwrap();
    let rows: Vec<Values> = NAMES.iter().map(|n| row(n, "")).collect();
    let mut seen = 0;
    let pdf = render::pdf(fonts(), cert, &rows, |n| {
        seen = n;
        true
    })
    .unwrap();
    assert_eq!(seen, NAMES.len());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("certs.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&file).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    for name in NAMES {
        let plain: String = name.chars().filter(|c| !c.is_whitespace() && *c != '🌸').collect();
        assert!(text.contains(&plain), "{name} not in the PDF's text");
    }
    assert_eq!(text.matches("结业证书").count(), NAMES.len(), "one page per row");
    let info = std::process::Command::new("pdfinfo").arg(&file).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let field = |k: &str| info.lines().find_map(|l| l.strip_prefix(k)).map(str::trim).unwrap_or_default().to_string();
    assert_eq!(field("Pages:"), NAMES.len().to_string());
    assert!(field("Page size:").starts_with("841.89 x 595.27"), "A4 landscape: {info}");
    // Cancelling stops the batch with nothing returned.
    let cancelled = render::pdf(fonts(), cert, &rows, |n| n < 2);
    assert!(matches!(cancelled.unwrap_err(), Error::Cancelled));
}

#[test]
fn the_qr_code_on_a_certificate_decodes_to_its_payload() {
    let (_, cert) = template::BUNDLED.iter().find(|(f, _)| *f == "completion-certificate.svg").unwrap();
    let png = render::png(fonts(), cert, &row("林小雨", ""), 2246).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let data = pixmap.data();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| data[(y * w + x) * 4 + 1]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, text) = grids[0].decode().unwrap();
    assert_eq!(text, "QZ1.XZ-2026-000123.test");
}

#[test]
fn a_template_that_reaches_outside_itself_is_refused_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.png"), b"\x89PNG\r\n\x1a\n a logo").unwrap();
    let src = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"100\" height=\"100\">\n\
        <image href=\"https://example.com/a.png\" width=\"10\" height=\"10\"/>\n\
        <image xlink:href=\"file:///etc/passwd\" width=\"10\" height=\"10\"/>\n\
        <image href=\"../secret.png\" width=\"10\" height=\"10\"/>\n\
        <script>alert(1)</script>\n\
        <rect onload=\"x()\" width=\"1\" height=\"1\" style=\"fill:url(http://evil/x)\"/>\n\
        <image href=\"logo.png\" width=\"10\" height=\"10\"/>\n\
        <text font-family=\"Comic Sans Nowhere\">{{name}} {{shoe_size}} {{年级}}</text>\n\
        </svg>";
    let report = template::check("bad.svg", src, Some(dir.path()), fonts(), &["年级".to_string()]);
    assert!(!report.usable());
    let lines: Vec<u32> = report.refused.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 6], "{:?}", report.refused);
    assert!(report.refused[0].what.contains("https://example.com/a.png"));
    assert!(report.refused[1].what.contains("file:///etc/passwd"));
    assert_eq!(report.missing_fonts, ["Comic Sans Nowhere"]);
    assert_eq!(report.unknown_placeholders, ["shoe_size"], "custom fields count as known");
    // Even if such a template were drawn, no file would be read.
    let png = render::png(fonts(), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><image href=\"/etc/hostname\" width=\"10\" height=\"10\"/></svg>", &Values::new(), 10);
    assert!(png.is_ok());
}

#[test]
fn a_roster_of_names_breaks_between_names_never_inside_one() {
    let names = ["欧阳娜娜", "上官婉儿", "司马相如", "诸葛孔明", "林", "阿卜杜热合曼·买买提"];
    let text = names.join("、");
    // UAX #14 alone breaks between any two ideographs: a name could be split across lines.
    let width = fonts().width("阿卜杜热合曼·买买提、林", 48.0, 0.0);
    let lines = fill::wrap_at(fonts(), &text, 48.0, 0.0, width, Some("、"));
    assert!(lines.len() >= 3, "{lines:?}");
    let mut seen = Vec::new();
    for line in &lines {
        for piece in line.split('、').filter(|p| !p.is_empty()) {
            assert!(names.contains(&piece), "{piece:?} is not a whole name: {lines:?}");
            seen.push(piece);
        }
    }
    assert_eq!(seen, names);
    // The roster template asks for it.
    let (_, roster) = template::BUNDLED.iter().find(|(f, _)| *f == "birthday-roster.svg").unwrap();
    assert!(roster.contains("data-break-after=\"、"));
}

const SVG_OPEN: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">";

#[test]
fn a_page_too_big_to_draw_is_refused_before_anything_is_allocated() {
    for (w, h) in [("1", "1e8"), ("100000", "100000"), ("3001mm", "100mm"), ("10", "500")] {
        let src = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\"><text>{{{{name}}}}</text></svg>");
        let report = template::check("huge.svg", &src, None, fonts(), &[]);
        assert!(!report.usable(), "{w} × {h}: {report:?}");
        assert_eq!(report.refused[0].line, 1);
    }
    // Drawn anyway (a template that reached the store another way): an error, not an abort.
    let tall = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1e8\"><text>x</text></svg>";
    assert!(matches!(render::png(fonts(), tall, &Values::new(), 1080).unwrap_err(), Error::Failed(_)));
    let wide = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"><text>x</text></svg>";
    assert!(matches!(render::pdf(fonts(), wide, &[Values::new()], |_| true).unwrap_err(), Error::Failed(_)));
    // A tall WeChat long image is fine.
    let long = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1080\" height=\"9000\"><text>x</text></svg>";
    assert!(template::check("long.svg", long, None, fonts(), &[]).usable());
}

#[test]
fn entity_expansion_and_external_entities_are_refused_with_their_line() {
    // A billion laughs: entities made of entities.
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"haha\">\n<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&b;</text></svg>";
    let report = template::check("laughs.svg", laughs, None, fonts(), &[]);
    assert_eq!(report.refused.iter().map(|r| r.line).collect::<Vec<_>>(), [4], "{report:?}");
    // Flat entities, but referenced so often they would expand to gigabytes.
    let big = "x".repeat(4000);
    let refs = "&e;".repeat(300_000);
    let flat = format!("<!DOCTYPE svg [<!ENTITY e \"{big}\">]><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>{refs}</text></svg>");
    let report = template::check("flat.svg", &flat, None, fonts(), &[]);
    assert!(!report.usable() && report.refused[0].what.contains("MB"), "{:?}", report.refused);
    assert!(render::png(fonts(), &flat, &Values::new(), 100).is_err(), "and not drawn either");
    // A value holding the other quote mark, or a `>`, is still read whole.
    let tricky = format!("<!DOCTYPE svg [<!ENTITY a \"'{big}\"><!ENTITY b \"x>y\">]><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>{refs}</text></svg>");
    assert!(!template::check("tricky.svg", &tricky, None, fonts(), &[]).usable());
    // An external entity (file or URL).
    let external = "<!DOCTYPE svg [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&x;</text></svg>";
    let report = template::check("xxe.svg", external, None, fonts(), &[]);
    assert_eq!(report.refused.iter().map(|r| r.line).collect::<Vec<_>>(), [2]);
    assert!(report.refused[0].what.contains("/etc/passwd"));
    // Illustrator's own few namespace entities are fine.
    let illustrator = format!("<!DOCTYPE svg [<!ENTITY ns_svg \"http://www.w3.org/2000/svg\"><!ENTITY ns_xlink \"http://www.w3.org/1999/xlink\">]>{}<text>x</text></svg>", SVG_OPEN.replace("\"http://www.w3.org/2000/svg\"", "\"&ns_svg;\""));
    assert!(template::check("ai.svg", &illustrator, None, fonts(), &[]).usable(), "{:?}", template::check("ai.svg", &illustrator, None, fonts(), &[]));
}

#[cfg(unix)]
#[test]
fn an_image_beside_a_template_must_be_a_real_image_file_not_a_link() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("logo.png")).unwrap();
    std::fs::write(dir.path().join("notes.png"), b"just text pretending").unwrap();
    let src = format!("{SVG_OPEN}\n<image href=\"logo.png\" width=\"1\" height=\"1\"/>\n<image href=\"notes.png\" width=\"1\" height=\"1\"/>\n</svg>");
    let report = template::check("t.svg", &src, Some(dir.path()), fonts(), &[]);
    assert_eq!(report.refused.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3], "{:?}", report.refused);
    assert!(report.refused[0].what.contains("link"), "{:?}", report.refused);
}

/// One placeholder syntax: a template written with the Chinese names (`{{姓名}}`, `{{期}}`,
/// `{{编号}}`) fills exactly as one written with the English ones, and checks as clean.
#[test]
fn chinese_placeholders_fill_like_their_english_names() {
    let zh = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"100\"><text x=\"10\" y=\"50\">{{姓名}}·{{期}}·{{编号}}·{{ 结营日期 }}</text></svg>";
    let en = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"100\"><text x=\"10\" y=\"50\">{{name}}·{{cohort}}·{{serial}}·{{ end_date_cn }}</text></svg>";
    let mut v = row("林小雨", "");
    v.insert("end_date_cn".into(), "十二月二十一日".into());
    let report = template::check("zh.svg", zh, None, fonts(), &[]);
    assert!(report.usable() && report.unknown_placeholders.is_empty(), "{report:?}");
    assert_eq!(report.placeholders, ["name", "cohort", "serial", "end_date_cn"]);
    assert_eq!(fill::substitute("{{姓名}}，{{期}}", &v), "林小雨，21天写作营 第3期");
    assert_eq!(fill::fill(zh, &v, fonts()).unwrap(), fill::fill(en, &v, fonts()).unwrap());
}

/// No character alone on a paragraph's last line: "一…九" / "十" becomes "一…八" / "九十"; a
/// closing mark does not count ("…" / "十。" is still a widow), and Latin text is left as it is.
#[test]
fn a_paragraph_never_ends_with_one_character_alone() {
    let f = fonts();
    let nine = f.width("一二三四五六七八九", 40.0, 0.0) + 0.5;
    assert_eq!(fill::wrap(f, "一二三四五六七八九十", 40.0, 0.0, nine), ["一二三四五六七八", "九十"]);
    assert_eq!(fill::wrap(f, "一二三四五六七八九十。", 40.0, 0.0, nine), ["一二三四五六七八", "九十。"]);
    // Two on the last line already: nothing moves; nor in a second paragraph of its own.
    assert_eq!(fill::wrap(f, "一二三四五六七八九十百", 40.0, 0.0, nine), ["一二三四五六七八九", "十百"]);
    assert_eq!(fill::wrap(f, "一二三\n四", 40.0, 0.0, nine), ["一二三", "四"]);
    let latin = f.width("abcdefghi", 40.0, 0.0) + 0.5;
    assert_eq!(fill::wrap(f, "abcdefghi j", 40.0, 0.0, latin), ["abcdefghi", "j"]);
}
