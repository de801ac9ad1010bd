//! Batches of posters and certificates through the store: serials issued with the output (a
//! cancelled batch uses none), a folder of PNGs named after the members, member photos cropped
//! into the frame, the month's birthday roster and a guest talk's poster from its task.

use qunzhu_core::calendar::{self, TaskInput};
use qunzhu_core::cohorts::{self, CohortInput, MembershipInput};
use qunzhu_core::members::{self, Birthday, Calendar};
use qunzhu_core::posters::{self, BatchRequest, Format, GuestTalk};
use qunzhu_core::jobs::Job;
use qunzhu_core::render::Fonts;
use qunzhu_core::{certificates, photos};
use resvg::tiny_skia::{Color, Pixmap};

fn fonts() -> &'static Fonts {
    Fonts::shared().expect("bundled fonts")
}

fn camp(s: &qunzhu_core::Store, names: &[&str]) -> (i64, Vec<i64>) {
    camp_of(s, names.iter().map(|n| crate::person(n, None, None)).collect())
}

fn camp_of(s: &qunzhu_core::Store, people: Vec<members::MemberInput>) -> (i64, Vec<i64>) {
    let c = cohorts::add(s, &CohortInput { name: "21天写作营 第3期".into(), start_date: "2026-11-01".into(), end_date: "2026-11-21".into(), ..Default::default() }).unwrap();
    let ids = people
        .iter()
        .map(|p| {
            let id = members::add(s, p).unwrap().id;
            cohorts::assign(s, &MembershipInput { member_id: id, cohort_id: c.id, group_id: None, role_id: None, joined_on: String::new(), left_on: String::new() }).unwrap();
            id
        })
        .collect();
    (c.id, ids)
}

fn solid_png(w: u32, h: u32, color: Color) -> Vec<u8> {
    let mut p = Pixmap::new(w, h).unwrap();
    p.fill(color);
    p.encode_png().unwrap()
}

fn pixel(png: &[u8], x: u32, y: u32) -> (u8, u8, u8) {
    let p = Pixmap::decode_png(png).unwrap();
    let c = p.pixel(x, y).unwrap();
    (c.red(), c.green(), c.blue())
}

#[test]
fn a_cancelled_certificate_batch_uses_no_serial_and_a_finished_one_records_them() {
    let t = crate::temp_store();
    let s = &t.store;
    let (cohort, ids) = camp(s, &["林小雨", "王芳", "陈静"]);
    let out = t.dir.path().join("certs.pdf");
    let req = BatchRequest { cohort_id: Some(cohort), template: "completion_certificate".into(), members: ids.clone(), out: out.clone(), format: Format::Pdf, allow_undrawable: false };
    let e = posters::render_batch(s, fonts(), &req, &stop_after(2)).unwrap_err();
    assert_eq!(e.code(), "cancelled");
    assert!(!out.exists(), "nothing written when cancelled");
    // The next batch starts from the first number: the cancelled one took none.
    let batch = posters::render_batch(s, fonts(), &req, &Job::quiet()).unwrap();
    assert_eq!(batch.pages, 3);
    let serials: Vec<&str> = batch.issued.iter().map(|i| i.serial.as_str()).collect();
    assert_eq!(serials, ["QZ-2026-000001", "QZ-2026-000002", "QZ-2026-000003"]);
    assert!(std::fs::metadata(&out).unwrap().len() > 10_000);
    // They are on record: printing again gives the same numbers.
    let again = certificates::issue(s, cohort, &ids[..1], "completion_certificate").unwrap();
    assert!(again[0].reissued);
    // A certificate needs its cohort.
    let e = posters::render_batch(s, fonts(), &BatchRequest { cohort_id: None, ..req }, &Job::quiet()).unwrap_err();
    assert_eq!(e.code(), "empty");
}

#[test]
fn a_poster_batch_writes_one_png_per_member_named_after_them() {
    let t = crate::temp_store();
    let s = &t.store;
    let (cohort, ids) = camp(s, &["林小雨", "王芳", "王芳"]);
    let dir = t.dir.path().join("stars");
    let req = BatchRequest { cohort_id: Some(cohort), template: "today_star".into(), members: ids, out: dir.clone(), format: Format::Png, allow_undrawable: false };
    let batch = posters::render_batch(s, fonts(), &req, &Job::quiet()).unwrap();
    assert_eq!((batch.pages, batch.issued.len()), (3, 0), "a star poster issues no certificate");
    let mut files: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["林小雨.png", "王芳-2.png", "王芳.png"]);
    let png = std::fs::read(dir.join("林小雨.png")).unwrap();
    let p = Pixmap::decode_png(&png).unwrap();
    assert_eq!((p.width(), p.height()), (1080, 1440), "WeChat's full width, the template's 3:4");
}

#[test]
fn a_member_photo_is_downscaled_and_cropped_into_the_frame() {
    let t = crate::temp_store();
    let s = &t.store;
    let (cohort, ids) = camp(s, &["林小雨"]);
    let before = posters::render_poster(s, fonts(), ids[0], Some(cohort), "today_star", 1080).unwrap();
    // A wide phone photo: stored at most 1200 px, and the square frame shows its middle.
    let file = t.dir.path().join("me.png");
    std::fs::write(&file, solid_png(3000, 1500, Color::from_rgba8(220, 20, 30, 255))).unwrap();
    photos::set_from_file(s, ids[0], &file).unwrap();
    let url = photos::data_url(s, ids[0]).unwrap().unwrap();
    use base64::Engine as _;
    let stored = base64::engine::general_purpose::STANDARD.decode(url.split_once(',').unwrap().1).unwrap();
    let p = Pixmap::decode_png(&stored).unwrap();
    assert_eq!((p.width(), p.height()), (1200, 600));
    let after = posters::render_poster(s, fonts(), ids[0], Some(cohort), "today_star", 1080).unwrap();
    // The frame (370,390 340×340 in the template) is the photo's red now, and was not before.
    assert_eq!(pixel(&after, 540, 560), (220, 20, 30));
    assert_ne!(pixel(&before, 540, 560), (220, 20, 30));
    // The frame is round: its corner keeps the page's background.
    assert_ne!(pixel(&after, 375, 395), (220, 20, 30));

    // Not a picture: a clear error naming the file; the old photo stays.
    let text = t.dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let e = photos::set_from_file(s, ids[0], &text).unwrap_err();
    assert_eq!(e.code(), "bad_file");
    let msg = e.message(qunzhu_core::Lang::Zh);
    assert!(msg.contains("notes.txt") && msg.contains("PNG"), "{msg}");
    assert!(photos::data_url(s, ids[0]).unwrap().is_some());
    photos::remove(s, ids[0]).unwrap();
    assert!(photos::data_url(s, ids[0]).unwrap().is_none());
}

#[test]
fn the_birthday_roster_poster_lists_the_months_names() {
    let t = crate::temp_store();
    let s = &t.store;
    let people = [("林小雨", 11, 3), ("王芳", 11, 28), ("陈静", 12, 1)]
        .iter()
        .map(|&(n, month, day)| members::MemberInput {
            birthday: Some(Birthday { calendar: Calendar::Solar, year: None, month, day, leap_month: false }),
            ..crate::person(n, None, None)
        })
        .collect();
    let (cohort, _) = camp_of(s, people);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let v = posters::roster_values(s, Some(cohort), 2026, 11, today).unwrap();
    assert_eq!(v["month"], "十一月");
    assert_eq!(v["names"], "林小雨、王芳");
    assert_eq!(v["count"], "2");
    assert_eq!(v["cohort"], "21天写作营 第3期");
    let png = posters::render_values(s, fonts(), "birthday_roster", &v, false).unwrap();
    let p = Pixmap::decode_png(&png).unwrap();
    assert_eq!((p.width(), p.height()), (1080, 1920));
    // Without a cohort: everyone's, under the camp's name.
    let all = posters::roster_values(s, None, 2026, 12, today).unwrap();
    assert_eq!((all["names"].as_str(), all["cohort"].as_str()), ("陈静", "21天写作营"));
}

#[test]
fn a_guest_talk_poster_takes_its_time_from_the_task() {
    let t = crate::temp_store();
    let s = &t.store;
    let (cohort, _) = camp(s, &["林小雨"]);
    let task = calendar::add_task(s, &TaskInput { cohort_id: cohort, date: "2026-11-26".into(), time: "20:00".into(), title: "大咖分享".into(), role: String::new(), message: String::new() }).unwrap();
    let talk = GuestTalk { task_id: Some(task.id), guest: "李老师".into(), topic: "把日常写成好故事".into(), intro: "资深编辑".into(), ..Default::default() };
    let v = posters::guest_values(s, &talk, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()).unwrap();
    assert_eq!(v["time"], "11月26日 周四 20:00");
    assert_eq!(v["cohort"], "21天写作营 第3期");
    assert_eq!(v["guest"], "李老师");
    // A rare character in what was typed is caught before drawing.
    let rare = GuestTalk { guest: "李\u{17000}".into(), ..talk };
    let v = posters::guest_values(s, &rare, chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()).unwrap();
    assert_eq!(posters::render_values(s, fonts(), "guest_talk", &v, false).unwrap_err().code(), "undrawable");
    assert!(posters::render_values(s, fonts(), "guest_talk", &v, true).is_ok());
}

#[test]
fn a_cancelled_png_certificate_batch_leaves_no_signed_page_and_uses_no_serial() {
    let t = crate::temp_store();
    let s = &t.store;
    let (cohort, ids) = camp(s, &["林小雨", "王芳", "陈静"]);
    let dir = t.dir.path().join("证书");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("说明.txt"), "the operator's own file").unwrap();
    let req = BatchRequest { cohort_id: Some(cohort), template: "completion_certificate".into(), members: ids, out: dir.clone(), format: Format::Png, allow_undrawable: false };
    let e = posters::render_batch(s, fonts(), &req, &stop_after(2)).unwrap_err();
    assert_eq!(e.code(), "cancelled");
    let left: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left, ["说明.txt"], "two pages were drawn and signed, none is left");
    let batch = posters::render_batch(s, fonts(), &req, &Job::quiet()).unwrap();
    assert_eq!(batch.issued[0].serial, "QZ-2026-000001", "the cancelled batch used no number");
    let mut files: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["林小雨.png", "王芳.png", "说明.txt", "陈静.png"]);
}

/// A job cancelled once `pages` pages are done (as the window's 取消 would be).
fn stop_after(pages: usize) -> Job<'static, usize> {
    let stop: &'static std::sync::atomic::AtomicBool = Box::leak(Box::default());
    let report: &'static dyn Fn(usize) = Box::leak(Box::new(move |n: usize| {
        if n >= pages {
            stop.store(true, std::sync::atomic::Ordering::Relaxed)
        }
    }));
    Job::new(report, stop)
}

#[test]
fn a_certificate_says_the_cohorts_closing_day_whatever_day_it_is_printed() {
    let t = crate::temp_store();
    let s = &t.store;
    let (c, ids) = camp(s, &["张三"]);
    let printed = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let v = posters::values_for(s, ids[0], Some(c), printed).unwrap();
    assert_eq!(v["end_date_cn"], "二〇二六年十一月二十一日", "the 结营日 of 2026-11-21");
    assert_eq!(v["date_cn"], "二〇二七年一月十五日", "the day it is made");
    // The bundled certificate puts the closing day in its text.
    let (tpl, src) = posters::source(s, "completion_certificate").unwrap();
    assert_eq!(tpl.kind.as_deref(), Some("completion_certificate"));
    assert!(src.contains("于 {{end_date_cn}} 完成"), "{src}");
}

#[test]
fn every_template_has_a_thumbnail_drawn_with_sample_values() {
    use base64::Engine as _;
    let t = crate::temp_store();
    let list = posters::list(&t.store).unwrap();
    assert!(list.len() >= 8, "the bundled templates");
    for x in &list {
        let url = posters::thumbnail(&t.store, fonts(), &x.key, 120).unwrap();
        let png = base64::engine::general_purpose::STANDARD.decode(url.strip_prefix("data:image/png;base64,").expect("a PNG data URL")).unwrap();
        let img = Pixmap::decode_png(&png).unwrap();
        assert_eq!(img.width(), 120, "{}", x.name);
        assert!(img.height() > 40, "{}: the page's own proportions", x.name);
    }
    // The sample name is drawn: the certificate differs from the same page with nothing filled.
    let (_, src) = posters::source(&t.store, "completion_certificate").unwrap();
    let blank = qunzhu_core::render::png(fonts(), &src, &Default::default(), 120).unwrap();
    let url = posters::thumbnail(&t.store, fonts(), "completion_certificate", 120).unwrap();
    let sample = base64::engine::general_purpose::STANDARD.decode(&url["data:image/png;base64,".len()..]).unwrap();
    assert_ne!(Pixmap::decode_png(&sample).unwrap().data(), Pixmap::decode_png(&blank).unwrap().data());
    assert_eq!(posters::thumbnail(&t.store, fonts(), "no-such-template", 120).unwrap_err().code(), "not_found");
}
