//! Entry points for the fuzz targets (`src-tauri/fuzz`) and the property tests: each takes
//! arbitrary bytes and runs one parser the way a user's file reaches it. A parser must answer
//! with a value or an error, never a panic; these functions return nothing else to check.
//! Not part of the product: hidden from the docs, used by no other module.

use crate::Store;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

/// A scratch folder for the files the parsers read, one per process.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
        let dir = base.join(format!("qunzhu-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    })
}

/// A store in the scratch folder, opened once (imports into it are dry runs).
fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let s = Store::open(scratch().join("store")).expect("scratch store");
        crate::demo::load(&s).expect("demo data to match against");
        s
    })
}

/// `bytes` as a file named `name` in the scratch folder.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    let mut f = std::fs::File::create(&path).expect("scratch file");
    f.write_all(bytes).expect("scratch file");
    path
}

/// The member sheet reader (CSV in any encoding, XLSX, XLS: the first byte picks the file's
/// extension) and the whole import as a dry run: mapping, values, matching.
pub fn member_sheet(bytes: &[u8]) {
    let ext = match bytes.first().map(|b| b % 3) {
        Some(0) => "xlsx",
        Some(1) => "xls",
        _ => "csv",
    };
    let path = file(&format!("members.{ext}"), bytes.get(1..).unwrap_or_default());
    let opts = crate::import::ImportOptions { dry_run: true, ..Default::default() };
    let _ = crate::import::run(store(), &path, &opts, &crate::jobs::Job::quiet());
}

/// The value parsers a cell goes through: phone, gender, city, dates and birthdays (solar,
/// lunar words, Excel serials), lunar conversions, and the order sheets' amounts, channels and statuses.
pub fn values(bytes: &[u8]) {
    use crate::import::values;
    let text = String::from_utf8_lossy(bytes);
    let _ = values::phone(&text);
    let _ = values::gender(&text);
    let _ = values::city(&text);
    let _ = values::solar_date(&text);
    let _ = values::birthday(&text);
    if let Ok(n) = text.trim().parse::<f64>() {
        let _ = values::excel_serial(n);
    }
    let _ = crate::sop::parse_anchor(&text);
    // Order sheets' words: an amount read is in bounds and reads back from its yuan.
    if let Ok(Some(fen)) = crate::growth::money::parse_fen(&text) {
        assert!((0..=crate::growth::money::MAX_FEN).contains(&fen), "amount in bounds");
        assert_eq!(crate::growth::money::parse_fen(&crate::growth::money::yuan(fen)), Ok(Some(fen)), "yuan round trip");
    }
    let _ = crate::growth::channels::canonical(&text);
    let _ = crate::growth::status::OrderStatus::parse(&text);
    if bytes.len() >= 7 {
        let y = i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let (m, d, leap) = (u32::from(bytes[4]), u32::from(bytes[5]), bytes[6] & 1 == 1);
        if let Ok(solar) = crate::lunar::to_solar(y, m, d, leap) {
            let back = crate::lunar::from_solar(solar).expect("a date from a lunar date converts back");
            assert_eq!((back.lunar_month, back.lunar_day), (m, d), "lunar round trip");
        }
    }
}

/// Each chat format's reader and the format detector (the first byte picks .csv or .txt).
pub fn chat_export(bytes: &[u8]) {
    let ext = if bytes.first().is_some_and(|b| b % 2 == 0) { "csv" } else { "txt" };
    let path = file(&format!("chat.{ext}"), bytes.get(1..).unwrap_or_default());
    let mut n = 0usize;
    let _ = crate::chats::parse::read(&path, |_| {
        n += 1;
        Ok(n < 100_000)
    });
    if let Some(first) = std::str::from_utf8(bytes).ok().and_then(|t| t.lines().next()) {
        let _ = crate::chats::parse::detect_line(first);
    }
}

/// The survey reader (问卷星 / 腾讯问卷 / 金数据, CSV or XLSX) and its question guessing.
pub fn survey(bytes: &[u8]) {
    let ext = if bytes.first().is_some_and(|b| b % 2 == 0) { "csv" } else { "xlsx" };
    let path = file(&format!("survey.{ext}"), bytes.get(1..).unwrap_or_default());
    let _ = crate::retro::survey::preview(&path);
}

/// The SOP TOML loader, and planning a cohort on a template it accepts.
pub fn sop(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(sop) = crate::sop::parse("fuzz.toml", &text) {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date");
        let _ = crate::sop::plan(&sop, start, start + chrono::Duration::days(20));
    }
}

/// The SVG template checker, then the filler on what it accepts.
pub fn svg_template(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let Ok(fonts) = crate::render::Fonts::shared() else { return };
    let report = crate::render::template::check("fuzz.svg", &text, None, fonts, &[]);
    if report.usable() {
        let mut values = crate::render::Values::new();
        values.insert("name".into(), "林小雨".into());
        let _ = crate::render::fill::fill(&text, &values, fonts);
    }
}

/// The certificate payload verifier.
pub fn certificate_payload(bytes: &[u8]) {
    let _ = crate::certificates::verify(store(), &String::from_utf8_lossy(bytes));
}
