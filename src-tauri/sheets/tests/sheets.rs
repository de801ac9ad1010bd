//! The sheets crate on its own: what it reads and writes, and the typed problems it reports.

use qunzhu_sheets::{escape_formula, open, sniff, unescape_formula, write_csv, write_xlsx, Encoding, Kind, Problem, XlsxLayout};
use std::path::Path;

fn rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let sniffed = sniff(path).unwrap();
    let table = open(path, &sniffed, None).unwrap();
    (table.headers, table.rows.map(|r| r.unwrap()).collect())
}

#[test]
fn a_gbk_csv_is_sniffed_and_read_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.csv");
    let text = "姓名,城市\r\n王芳,深圳\r\n李雷,杭州\r\n";
    std::fs::write(&path, encoding_rs::GBK.encode(text).0).unwrap();
    let sniffed = sniff(&path).unwrap();
    assert_eq!((sniffed.kind, sniffed.encoding), (Kind::Csv, "GBK"));
    let (headers, data) = rows(&path);
    assert_eq!(headers, ["姓名", "城市"]);
    assert_eq!(data, [["王芳", "深圳"], ["李雷", "杭州"]]);
}

#[test]
fn what_is_written_reads_back_in_both_formats_and_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let headers = vec!["姓名".to_string(), "备注".to_string()];
    let data = vec![vec!["王芳".to_string(), escape_formula("=1+1")], vec!["李雷".to_string(), String::new()]];
    for (name, enc) in [("u.csv", Encoding::Utf8Bom), ("g.csv", Encoding::Gb18030), ("x.xlsx", Encoding::Utf8Bom)] {
        let path = dir.path().join(name);
        if name.ends_with(".xlsx") {
            write_xlsx(&path, &headers, data.clone().into_iter(), &XlsxLayout { sheet: "成员", header_fill: "F9E3DC", width: &|_| 14.0 }).unwrap();
        } else {
            write_csv(&path, &headers, data.clone().into_iter(), enc).unwrap();
        }
        let (h, back) = rows(&path);
        assert_eq!(h, headers, "{name}");
        assert_eq!(back[0][1], "'=1+1", "{name}: the formula stays escaped in the file");
        assert_eq!(unescape_formula(&back[0][1]), "=1+1", "{name}");
        assert_eq!(back[1][0], "李雷", "{name}");
    }
}

#[test]
fn bad_files_name_a_typed_problem() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "  \n").unwrap();
    let e = sniff(&empty).err().unwrap();
    assert!(matches!(e.problem, Problem::Empty), "{e}");
    assert_eq!(e.path, empty.display().to_string());

    let binary = dir.path().join("photo.csv");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    assert!(matches!(sniff(&binary).err().unwrap().problem, Problem::Binary));

    let broken = dir.path().join("broken.csv");
    // UTF-8 throughout but one byte on line 12: still UTF-8, and that line is named.
    let mut bytes = "姓名,城市\n".as_bytes().to_vec();
    bytes.extend("王芳,深圳\n".repeat(10).into_bytes());
    bytes.extend(b"\xe6\x9d\x8e\xff,x\n");
    std::fs::write(&broken, bytes).unwrap();
    let sniffed = sniff(&broken).unwrap();
    let mut table = open(&broken, &sniffed, None).unwrap();
    let problem = table.rows.find_map(|r| r.err()).expect("the broken byte is refused").problem;
    assert!(matches!(problem, Problem::BrokenBytes { line: 12, encoding: "UTF-8" }), "{problem:?}");

    let xlsx = dir.path().join("one.xlsx");
    write_xlsx(&xlsx, &["a".into()], std::iter::once(vec!["1".into()]), &XlsxLayout { sheet: "S", header_fill: "FFFFFF", width: &|_| 10.0 }).unwrap();
    let e = open(&xlsx, &sniff(&xlsx).unwrap(), Some("其他")).err().unwrap();
    assert!(matches!(&e.problem, Problem::NoSheet(n) if n == "其他"), "{e}");
}

#[test]
fn only_formula_starts_are_escaped() {
    for (raw, escaped) in [("=SUM(A1)", "'=SUM(A1)"), ("+86 138", "'+86 138"), ("-", "'-"), ("@me", "'@me"), ("王芳", "王芳"), ("'quoted", "'quoted")] {
        assert_eq!(escape_formula(raw), escaped);
        assert_eq!(unescape_formula(&escape_formula(raw)), raw);
    }
}
