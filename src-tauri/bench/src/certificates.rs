//! `qunzhu-bench certificates`: 500 (`--pages N`) A4 certificates into one PDF: Qunzhu (krilla,
//! one document, fonts subset once) against `rsvg-convert -f pdf` on the same filled SVGs; times
//! and file sizes side by side.

use super::arg;
use std::time::Instant;

pub fn bench(args: &[String]) {
    use qunzhu_core::render::{self, fill, template, Fonts, Values};
    let n: usize = arg(args, "--pages").and_then(|v| v.parse().ok()).unwrap_or(500);
    let fonts = Fonts::standard().expect("fonts");
    let (_, src) = template::BUNDLED.iter().find(|(f, _)| *f == "completion-certificate.svg").expect("template");
    let people = qunzhu_core::demo::synthetic_members(n, 7);
    let rows: Vec<Values> = people
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut v = Values::new();
            v.insert("name".into(), m.name.clone());
            v.insert("cohort".into(), "21天写作营 第3期".into());
            v.insert("date_cn".into(), "二〇二六年十一月二十四日".into());
            v.insert("issuer".into(), "小周的写作营".into());
            v.insert("serial".into(), format!("QZ-2026-{:06}", i + 1));
            v.insert("qr".into(), format!("QZ1|QZ-2026-{:06}|{}|c2lnbmF0dXJlLXBsYWNlaG9sZGVyLXNpZ25hdHVyZS1wbGFjZWhvbGRlcg", i + 1, m.name));
            v
        })
        .collect();
    let dir = tempfile_dir();
    // The same filled pages for both: Qunzhu's fill step (wrapping, QR) is not part of rsvg's time.
    let t = Instant::now();
    let filled: Vec<String> = rows.iter().map(|v| fill::fill(src, v, &fonts).expect("fill")).collect();
    let fill_time = t.elapsed();
    let mut files = Vec::new();
    for (i, svg) in filled.iter().enumerate() {
        let f = dir.join(format!("{i:04}.svg"));
        std::fs::write(&f, svg).expect("write svg");
        files.push(f);
    }
    let t = Instant::now();
    let pdf = render::pdf(&fonts, src, &rows, |_| true).expect("pdf");
    let ours = t.elapsed();
    let ours_file = dir.join("qunzhu.pdf");
    std::fs::write(&ours_file, &pdf).expect("write pdf");
    let theirs_file = dir.join("rsvg.pdf");
    let t = Instant::now();
    let status = std::process::Command::new("rsvg-convert").arg("-f").arg("pdf").arg("-o").arg(&theirs_file).args(&files).status();
    let theirs = t.elapsed();
    println!("{n} A4 certificates into one PDF (LXGW WenKai, Chinese names, vector QR)");
    println!("  fill (placeholders, fit, wrap, QR) {:>8.2} s   (Qunzhu's own step, before drawing)", fill_time.as_secs_f64());
    println!("  qunzhu (fill + krilla)             {:>8.2} s   {:>7.2} MiB", ours.as_secs_f64(), pdf.len() as f64 / 1048576.0);
    match status {
        Ok(s) if s.success() => {
            let size = std::fs::metadata(&theirs_file).map(|m| m.len()).unwrap_or(0);
            println!("  rsvg-convert -f pdf (filled SVGs)  {:>8.2} s   {:>7.2} MiB", theirs.as_secs_f64(), size as f64 / 1048576.0);
            println!("  ratio: time {:.2}× rsvg-convert's, size {:.2}×", ours.as_secs_f64() / theirs.as_secs_f64(), pdf.len() as f64 / size.max(1) as f64);
        }
        _ => println!("  rsvg-convert not available (apt install librsvg2-bin)"),
    }
    println!("  files in {}", dir.display());
}

/// The folder the filled pages and both PDFs are written to (left for a look).
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qunzhu-bench-certs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
