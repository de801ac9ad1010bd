//! Arbitrary bytes into every parser a user's file reaches (the same entry points the fuzz
//! targets use, src-tauri/fuzz): each answers with a value or an error, never a panic. Inputs
//! are random bytes and random edits of real files (a fixture with bytes flipped, cut or
//! repeated), which reach deeper than noise.

use proptest::prelude::*;
use qunzhu_core::fuzzing;

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A real file, damaged: some bytes replaced, then cut short or doubled.
fn damaged(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len().max(1);
    (prop::collection::vec((0..len, any::<u8>()), 0..12), 0..len + 1, any::<bool>()).prop_map(move |(edits, cut, twice)| {
        let mut b = base.clone();
        for (i, v) in edits {
            if i < b.len() {
                b[i] = v;
            }
        }
        b.truncate(cut);
        if twice {
            let copy = b.clone();
            b.extend(copy);
        }
        b
    })
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..2048)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn member_sheets(noise in bytes(), csv in damaged(fixture("tests/fixtures/import/excel-roster-gbk.csv")), wjx in damaged(fixture("tests/fixtures/import/wjx-utf8-bom.csv"))) {
        fuzzing::member_sheet(&noise);
        fuzzing::member_sheet(&[&[2u8][..], &csv].concat());
        fuzzing::member_sheet(&[&[2u8][..], &wjx].concat());
        fuzzing::member_sheet(&[&[0u8][..], &noise].concat());
        fuzzing::member_sheet(&[&[1u8][..], &noise].concat());
    }

    #[test]
    fn cell_values(noise in bytes(), text in "\\PC{0,40}") {
        fuzzing::values(&noise);
        fuzzing::values(text.as_bytes());
    }

    #[test]
    fn chat_exports(noise in bytes(), csv in damaged(fixture("tests/fixtures/chats/liuhen-new.csv")), txt in damaged(fixture("tests/fixtures/chats/qq.txt")), wx in damaged(fixture("tests/fixtures/chats/pywxdump.csv"))) {
        fuzzing::chat_export(&noise);
        fuzzing::chat_export(&[&[0u8][..], &csv].concat());
        fuzzing::chat_export(&[&[1u8][..], &txt].concat());
        fuzzing::chat_export(&[&[0u8][..], &wx].concat());
    }

    #[test]
    fn surveys(noise in bytes(), wjx in damaged(fixture("tests/fixtures/import/wjx-utf8-bom.csv"))) {
        fuzzing::survey(&noise);
        fuzzing::survey(&[&[0u8][..], &wjx].concat());
    }

    #[test]
    fn sop_templates(noise in bytes(), sop in damaged(fixture("../../assets/sop/default-21day.toml"))) {
        fuzzing::sop(&noise);
        fuzzing::sop(&sop);
    }

    #[test]
    fn svg_templates(noise in bytes(), svg in damaged(fixture("../../assets/templates/today-star.svg"))) {
        fuzzing::svg_template(&noise);
        fuzzing::svg_template(&svg);
    }

    #[test]
    fn certificate_payloads(noise in bytes(), text in "QZ1\\|[A-Z0-9|-]{0,20}\\|\\PC{0,10}\\|[A-Za-z0-9_-]{0,90}") {
        fuzzing::certificate_payload(&noise);
        fuzzing::certificate_payload(text.as_bytes());
    }
}
