//! A corpus of hostile files, each with its expected answer, through `qunzhu-cli` as a user's
//! file reaches it: an error in the user's language naming the file (and the line or cell
//! where there is one), exit code 1, and the store byte for byte as it was. The same corpus,
//! at full size and with time and peak memory, is printed by `scripts/hostile-files.sh`.
//! (Sizes here are the smallest that cross each limit, so the suite stays quick.)

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    name: &'static str,
    file: PathBuf,
    args: Vec<String>,
    /// A piece of the message that says what is wrong.
    says: &'static str,
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Pseudo-random bytes, the same every run.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// A zip with one stored part of `size` bytes of `fill` (written in chunks), plus what an XLSX needs.
fn xlsx_with_huge(dir: &Path, name: &str, part: &str, size: usize) -> PathBuf {
    let path = dir.join(name);
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1));
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    z.start_file(part, opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..size >> 20 {
        z.write_all(&chunk).unwrap();
    }
    z.finish().unwrap();
    path
}

fn corpus(dir: &Path) -> Vec<Case> {
    let import = |f: &Path| vec!["members".to_string(), "import".into(), f.display().to_string()];
    let mut cases = Vec::new();
    let mut add = |name, file: PathBuf, args: Vec<String>, says| cases.push(Case { name, file, args, says });

    let f = write(dir, "empty.csv", b"");
    add("an empty file", f.clone(), import(&f), "空的");
    let f = write(dir, "random.csv", &noise(100 << 10));
    add("100 KB of random bytes", f.clone(), import(&f), "不是");
    let f = write(dir, "one-line.csv", &vec![b'x'; 9 << 20]);
    add("9 MB on one line", f.clone(), import(&f), "太长");
    let mut wide = (0..10_000).map(|i| format!("列{i}")).collect::<Vec<_>>().join(",");
    wide.insert_str(0, "姓名,");
    wide.push_str("\n张三\n");
    let f = write(dir, "wide.csv", wide.as_bytes());
    add("a CSV with 10,000 columns", f.clone(), import(&f), "10001 列");
    let f = write(dir, "cell.csv", format!("姓名,备注\n张三,{}\n", "长".repeat(40_000)).as_bytes());
    add("a cell of 40,000 characters", f.clone(), import(&f), "第 2 行");
    let mut mixed = "姓名,城市\n".as_bytes().to_vec();
    for i in 0..500 {
        mixed.extend(format!("学员{i},杭州\n").as_bytes());
        if i == 250 {
            mixed.extend([0xC3, 0x28, b'\n']);
        }
    }
    let f = write(dir, "broken-utf8.csv", &mixed);
    add("invalid UTF-8 in the middle of a UTF-8 file", f.clone(), import(&f), "第 253 行");
    let whole = {
        let p = dir.join("whole.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "姓名").unwrap();
        for r in 1..2000u32 {
            ws.write_string(r, 0, format!("学员{r}")).unwrap();
        }
        wb.save(&p).unwrap();
        std::fs::read(&p).unwrap()
    };
    let f = write(dir, "truncated.xlsx", &whole[..whole.len() / 2]);
    add("a truncated XLSX", f.clone(), import(&f), "truncated.xlsx");
    let f = xlsx_with_huge(dir, "bomb.xlsx", "xl/worksheets/sheet1.xml", 600 << 20);
    add("an XLSX whose sheet inflates to 600 MB", f.clone(), import(&f), "解压后");
    let f = xlsx_with_huge(dir, "strings-bomb.xlsx", "xl/sharedStrings.xml", 520 << 20);
    add("an XLSX whose shared strings inflate to 520 MB", f.clone(), import(&f), "解压后");
    let template = |f: &Path| vec!["templates".to_string(), "check".into(), f.display().to_string()];
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"haha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>&c;</text></svg>";
    let f = write(dir, "laughs.svg", laughs.as_bytes());
    add("an SVG with entity expansion (billion laughs)", f.clone(), template(&f), "不能使用");
    for (name, body) in [
        ("passwd.svg", "<image href=\"file:///etc/passwd\" width=\"1\" height=\"1\"/>"),
        ("parent.svg", "<image href=\"../../x.png\" width=\"1\" height=\"1\"/>"),
        ("http.svg", "<image href=\"http://example.com/x.png\" width=\"1\" height=\"1\"/>"),
        ("script.svg", "<script>alert(1)</script>"),
    ] {
        let f = write(dir, name, format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\">{body}</svg>").as_bytes());
        add("an SVG reaching outside itself", f.clone(), template(&f), "不能使用");
    }
    let f = write(dir, "canvas.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"><text>x</text></svg>");
    add("an SVG of 100000 x 100000", f.clone(), template(&f), "不能使用");
    let mut sop = String::from("key = \"k\"\nname = \"n\"\n");
    for i in 0..600 {
        sop.push_str(&format!("[[task]]\ntitle = \"t{i}\"\nanchor = \"D0\"\ntime = \"07:30\"\nrole = \"助教\"\nrepeat = \"daily\"\n"));
    }
    let f = write(dir, "many.toml", sop.as_bytes());
    add("a TOML SOP with 600 repeating tasks", f.clone(), vec!["sop".into(), "check".into(), f.display().to_string()], "最多 500");
    let header = (0..10_000).map(|i| format!("Q{i}. 您对第{i}节课满意吗")).collect::<Vec<_>>().join(",");
    let f = write(dir, "survey.csv", format!("{header}\n5\n").as_bytes());
    add("a survey with 10,000 questions", f.clone(), vec!["retro".into(), "survey".into(), "--cohort".into(), "第1期".into(), f.display().to_string()], "10000 列");
    let mut chat = "消息ID,类型,发送人,时间,内容,备注,昵称,更多信息\n".as_bytes().to_vec();
    let line = "1,文本,wxid_zhangsan,2026-11-22 08:00:01,早上好大家今天也要加油打卡哦早上好大家今天也要加油打卡哦,,张三,\n";
    for _ in 0..(26 << 20) / line.len() {
        chat.extend(line.as_bytes());
    }
    let f = write(dir, "repeated.csv", &chat);
    add("a chat export of one line repeated (26 MB)", f.clone(), vec!["chats".into(), "import".into(), f.display().to_string(), "--cohort".into(), "第1期".into()], "16 MB");
    cases
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn every_hostile_file_is_refused_clearly_and_the_store_is_left_as_it_was() {
    let files = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let cli = |args: &[String]| Command::new(env!("CARGO_BIN_EXE_qunzhu-cli")).arg("--data-dir").arg(data.path()).args(args).env("LANG", "zh_CN.UTF-8").output().unwrap();
    for args in [vec!["members", "add", "--name", "林小雨", "--phone", "13800000001"], vec!["cohorts", "add", "--name", "第1期", "--start", "2026-11-01", "--end", "2026-11-21"]] {
        let args: Vec<String> = args.into_iter().map(String::from).collect();
        assert!(cli(&args).status.success());
    }
    let db = data.path().join("qunzhu.db");
    let before = sha(&db);
    for case in corpus(files.path()) {
        let out = cli(&case.args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", case.name);
        // Progress lines may come first; the error is the last line.
        let err = err.split(['\n', '\r']).rfind(|l| !l.is_empty()).unwrap_or_default().to_string();
        assert!(err.starts_with("error["), "{}: {err}", case.name);
        assert!(!err.contains("panicked"), "{}: {err}", case.name);
        let file_name = case.file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(err.contains(&file_name), "{}: names the file: {err}", case.name);
        assert!(err.contains(case.says), "{}: says what is wrong ({}): {err}", case.name, case.says);
        assert!(!data.path().join("qunzhu.db-wal").exists() || std::fs::metadata(data.path().join("qunzhu.db-wal")).unwrap().len() == 0, "{}: nothing left in the WAL", case.name);
        assert!(sha(&db) == before, "{}: the store is byte for byte as it was", case.name);
    }
}
