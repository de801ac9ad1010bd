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
    assert!(e.message(qunzhu_core::Lang::Zh).contains("{序号}"), "{}", e.message(qunzhu_core::Lang::Zh));
    let c = cohorts::add(s, &CohortInput { serial_pattern: "XZ{cohort}-{year}-{seq:04}".into(), name: "写作营 第4期".into(), ..bad }).unwrap();
    assert_eq!(c.serial_pattern, "XZ{cohort}-{year}-{seq:04}");
    let m = members::add(s, &crate::person("林小雨", Some("13800000009"), None)).unwrap();
    let issued = certificates::issue(s, c.id, &[m.id], "completion_certificate").unwrap();
    assert_eq!(issued[0].serial, "XZ4-2026-0001");
}

/// One placeholder syntax: a pattern in Chinese numbers certificates like its English spelling
/// (still read, so patterns saved before keep working); the width follows 序号.
#[test]
fn a_chinese_serial_pattern_numbers_like_its_english_alias() {
    let t = crate::temp_store();
    let s = &t.store;
    assert_eq!(certificates::DEFAULT_PATTERN, "{前缀}-{年}-{序号:06}");
    assert_eq!(qunzhu_core::serials::chinese("XZ{cohort}-{year}-{seq:04}"), "XZ{期}-{年}-{序号:04}");
    assert_eq!(certificates::validate_pattern("XZ-{年}").unwrap_err().code(), "invalid");
    let input = CohortInput { name: "写作营 第7期".into(), start_date: "2026-12-01".into(), end_date: "2026-12-21".into(), serial_pattern: "XZ{期}-{年}-{序号:03}号".into(), ..Default::default() };
    let c = cohorts::add(s, &input).unwrap();
    let m = members::add(s, &crate::person("林小雨", Some("13800000019"), None)).unwrap();
    assert_eq!(certificates::issue(s, c.id, &[m.id], "completion_certificate").unwrap()[0].serial, "XZ7-2026-001号");
}

/// The signing key as the key file holds it.
fn key_of(data_dir: &std::path::Path) -> ed25519_dalek::SigningKey {
    use base64::Engine as _;
    let text = std::fs::read_to_string(certificates::key_path(data_dir)).expect("the key file");
    let seed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text.trim()).unwrap();
    ed25519_dalek::SigningKey::from_bytes(&seed.try_into().unwrap())
}

fn issued_one(s: &qunzhu_core::Store, name: &str) -> (i64, certificates::Issued) {
    let c = cohorts::add(s, &CohortInput { name: "21天写作营 第3期".into(), start_date: "2026-11-01".into(), end_date: "2026-11-21".into(), ..Default::default() }).unwrap();
    let m = members::add(s, &crate::person(name, Some("13800000001"), None)).unwrap();
    (c.id, certificates::issue(s, c.id, &[m.id], "completion_certificate").unwrap().remove(0))
}

#[test]
fn the_signing_key_lives_outside_the_database_and_its_backups() {
    let t = crate::temp_store();
    let s = &t.store;
    let (_, cert) = issued_one(s, "林小雨");
    let in_db: i64 = s.conn().query_row("SELECT count(*) FROM settings WHERE key LIKE '%key%' OR value LIKE '%' || ?1 || '%'", [&key_seed(t.dir.path())], |r| r.get(0)).unwrap();
    assert_eq!(in_db, 0, "no key in the database");
    let b = qunzhu_core::backup::create(s, "manual").unwrap();
    let copy = std::fs::read(qunzhu_core::backup::dir(t.dir.path()).join(format!("{}.db", b.id))).unwrap();
    let seed = key_seed(t.dir.path());
    assert!(!copy.windows(seed.len()).any(|w| w == seed.as_bytes()), "nor in a backup");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = certificates::key_path(t.dir.path());
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }
    // The key in the file is the one that signed.
    assert_eq!(certificates::payload(&key_of(t.dir.path()), &cert.serial, &cert.name), cert.payload);
}

fn key_seed(data_dir: &std::path::Path) -> String {
    std::fs::read_to_string(certificates::key_path(data_dir)).unwrap().trim().to_string()
}

#[test]
fn a_key_an_earlier_version_kept_in_the_settings_moves_to_its_file() {
    let t = crate::temp_store();
    let s = &t.store;
    let seed = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    qunzhu_core::settings::set(s, "certificates.signing_key", seed).unwrap();
    let (_, cert) = issued_one(s, "林小雨");
    assert_eq!(key_seed(t.dir.path()), seed, "the same key, now in its file");
    assert_eq!(qunzhu_core::settings::get(s, "certificates.signing_key").unwrap(), None, "and gone from the database");
    assert!(matches!(certificates::verify(s, &cert.payload).unwrap(), Verdict::Valid { .. }));
}

#[test]
fn a_signature_on_a_serial_never_issued_or_on_another_name_is_not_valid() {
    let t = crate::temp_store();
    let s = &t.store;
    let (_, cert) = issued_one(s, "林小雨");
    let key = key_of(t.dir.path());
    // Whoever holds the key can sign anything: the record decides.
    let never = certificates::payload(&key, "QZ-2026-000099", "林小雨");
    assert_eq!(certificates::verify(s, &never).unwrap(), Verdict::Forged);
    let other_name = certificates::payload(&key, &cert.serial, "王芳");
    assert_eq!(certificates::verify(s, &other_name).unwrap(), Verdict::Forged);
    assert!(matches!(certificates::verify(s, &cert.payload).unwrap(), Verdict::Valid { .. }));
}

#[test]
fn a_serial_cannot_hold_the_payload_separator_so_a_revoked_certificate_stays_revoked() {
    let t = crate::temp_store();
    let s = &t.store;
    for bad in ["QZ|{seq}", "QZ-{seq}|x", "QZ\n{seq}", "QZ\u{7}{seq}"] {
        assert_eq!(certificates::validate_pattern(bad).unwrap_err().code(), "invalid", "{bad:?}");
        let input = CohortInput { name: "第9期".into(), start_date: "2026-12-01".into(), end_date: "2026-12-21".into(), serial_pattern: bad.into(), ..Default::default() };
        assert_eq!(cohorts::add(s, &input).unwrap_err().code(), "invalid", "{bad:?}");
    }
    // A pattern that reached the database another way is refused when issuing.
    let (cohort, _) = issued_one(s, "林小雨");
    s.conn().execute("UPDATE cohorts SET serial_pattern = 'QZ|{seq}' WHERE id = ?1", [cohort]).unwrap();
    let m = members::add(s, &crate::person("王芳", Some("13800000002"), None)).unwrap();
    assert_eq!(certificates::issue(s, cohort, &[m.id], "completion_certificate").unwrap_err().code(), "invalid");
}

#[test]
fn a_key_moves_to_a_new_computer_and_the_old_key_still_verifies_what_it_signed() {
    let old = crate::temp_store();
    let (_, cert) = issued_one(&old.store, "林小雨");
    let file = old.dir.path().join("key-for-new-computer.txt");
    certificates::export_key(&old.store, &file).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // The new computer has the data (a backup) and its own key so far.
    let new = tempfile::tempdir().unwrap();
    let b = qunzhu_core::backup::create(&old.store, "manual").unwrap();
    std::fs::copy(qunzhu_core::backup::dir(old.dir.path()).join(format!("{}.db", b.id)), new.path().join("qunzhu.db")).unwrap();
    let store = qunzhu_core::Store::open(new.path()).unwrap();
    assert_eq!(certificates::verify(&store, &cert.payload).unwrap(), Verdict::Forged, "another key");
    let own = certificates::issue(&store, cert_cohort(&store), &[cert.member_id], "admission_letter").unwrap().remove(0);
    certificates::import_key(&store, &file).unwrap();
    assert!(matches!(certificates::verify(&store, &cert.payload).unwrap(), Verdict::Valid { .. }), "the old computer's certificates");
    assert!(matches!(certificates::verify(&store, &own.payload).unwrap(), Verdict::Valid { .. }), "and what the new one signed before");
    assert_eq!(certificates::import_key(&store, &new.path().join("nothing")).unwrap_err().code(), "io");
}

fn cert_cohort(s: &qunzhu_core::Store) -> i64 {
    cohorts::list(s).unwrap()[0].id
}

#[test]
fn an_older_versions_key_restored_beside_a_newer_key_is_kept_and_still_verifies() {
    let t = crate::temp_store();
    let s = &t.store;
    let (cohort, first) = issued_one(s, "林小雨");
    // A database of an older version comes back (a restore) with the key it signed with in its
    // settings, while this installation already has its own key file.
    let old = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    use base64::Engine as _;
    qunzhu_core::settings::set(s, "certificates.signing_key", &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(old.to_bytes())).unwrap();
    let m = members::add(s, &crate::person("王芳", Some("13800000002"), None)).unwrap();
    let signed_by_old = certificates::issue(s, cohort, &[m.id], "completion_certificate").unwrap().remove(0);
    let forged_by_old = certificates::payload(&old, &signed_by_old.serial, &signed_by_old.name);
    assert_eq!(qunzhu_core::settings::get(s, "certificates.signing_key").unwrap(), None, "the key left the database");
    assert!(matches!(certificates::verify(s, &forged_by_old).unwrap(), Verdict::Valid { .. }), "what the old key signed verifies");
    assert!(matches!(certificates::verify(s, &first.payload).unwrap(), Verdict::Valid { .. }));
}
