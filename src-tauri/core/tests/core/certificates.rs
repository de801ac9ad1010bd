//! Certificate serials and offline verification.

use qunzhu_core::certificates::{self, Verdict};
use qunzhu_core::cohorts::{self, CohortInput};
use qunzhu_core::members;

#[test]
fn serials_are_issued_once_per_member_and_never_reused_and_codes_verify_offline() {
    let t = crate::temp_store();
    let s = &t.store;
    let c = cohorts::add(s, &CohortInput { name: "21天写作营 第3期".into(), start_date: "2026-11-01".into(), end_date: "2026-11-21".into(), ..Default::default() }).unwrap();
    let ids: Vec<i64> = ["林小雨", "刘䶮", "Alexandra Johnson-Smith"]
        .iter()
        .enumerate()
        .map(|(i, n)| members::add(s, &crate::person(n, Some(&format!("1380000000{i}")), None)).unwrap().id)
        .collect();
    let first = certificates::issue(s, c.id, &ids, "completion_certificate").unwrap();
    let serials: Vec<&str> = first.iter().map(|x| x.serial.as_str()).collect();
    assert_eq!(serials, ["QZ-2026-000001", "QZ-2026-000002", "QZ-2026-000003"]);
    assert!(first.iter().all(|x| !x.reissued));

    // Printing again gives the same certificates, not new numbers.
    let again = certificates::issue(s, c.id, &ids[..1], "completion_certificate").unwrap();
    assert_eq!((again[0].serial.as_str(), again[0].reissued), ("QZ-2026-000001", true));
    // Another kind of certificate for the same member: the next number.
    let letter = certificates::issue(s, c.id, &ids[..1], "admission_letter").unwrap();
    assert_eq!(letter[0].serial, "QZ-2026-000004");

    // The code verifies; altered or made up, it is forged; revoked, it says so.
    let code = &first[1].payload;
    assert_eq!(certificates::verify(s, code).unwrap(), Verdict::Valid { serial: "QZ-2026-000002".into(), name: "刘䶮".into() });
    let tampered = code.replace("刘䶮", "刘备");
    assert_eq!(certificates::verify(s, &tampered).unwrap(), Verdict::Forged);
    assert_eq!(certificates::verify(s, "QZ1|QZ-2026-000009|某人|AAAA").unwrap(), Verdict::Forged);
    assert_eq!(certificates::verify(s, "hello").unwrap(), Verdict::Forged);
    certificates::revoke(s, "QZ-2026-000002").unwrap();
    assert!(matches!(certificates::verify(s, code).unwrap(), Verdict::Revoked { .. }));
    assert_eq!(certificates::revoke(s, "QZ-0000").unwrap_err().code(), "not_found");

    // A revoked certificate printed again gets a new number; the old one is never handed out again.
    let reprint = certificates::issue(s, c.id, &ids[1..2], "completion_certificate").unwrap();
    assert_eq!(reprint[0].serial, "QZ-2026-000005");

    // Another installation's key: its codes are forged here.
    let other = crate::temp_store();
    assert_eq!(certificates::verify(&other.store, code).unwrap(), Verdict::Forged);
    // Patterns are checked.
    assert!(certificates::validate_pattern("XZ-{year}-{seq:05}").is_ok());
    assert_eq!(certificates::validate_pattern("XZ-{year}").unwrap_err().code(), "invalid");
}

#[test]
fn a_cohort_numbers_its_certificates_by_its_own_pattern() {
    let t = crate::temp_store();
    let s = &t.store;
    let bad = CohortInput { name: "第4期".into(), start_date: "2026-12-01".into(), end_date: "2026-12-21".into(), serial_pattern: "XZ-{year}".into(), ..Default::default() };
    let e = cohorts::add(s, &bad).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.message(qunzhu_core::Lang::Zh).contains("{seq}"), "{}", e.message(qunzhu_core::Lang::Zh));
    let c = cohorts::add(s, &CohortInput { serial_pattern: "XZ{cohort}-{year}-{seq:04}".into(), name: "写作营 第4期".into(), ..bad }).unwrap();
    assert_eq!(c.serial_pattern, "XZ{cohort}-{year}-{seq:04}");
    let m = members::add(s, &crate::person("林小雨", Some("13800000009"), None)).unwrap();
    let issued = certificates::issue(s, c.id, &[m.id], "completion_certificate").unwrap();
    assert_eq!(issued[0].serial, "XZ4-2026-0001");
}
