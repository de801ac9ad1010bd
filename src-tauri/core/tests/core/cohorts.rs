use crate::{person, temp_store};
use chrono::{Duration, Local};
use qunzhu_core::cohorts::{self, CohortInput, GroupInput, MembershipInput, SizeBand};
use qunzhu_core::{demo, members, trash, Entity, Error};

fn cohort(name: &str, start: &str, end: &str) -> CohortInput {
    CohortInput { name: name.into(), start_date: start.into(), end_date: end.into(), ..Default::default() }
}

#[test]
fn cohort_dates_and_names_are_checked() {
    let t = temp_store();
    let s = &t.store;
    let err = cohorts::add(s, &cohort("第1期", "2026-10-01", "2026-09-01")).unwrap_err();
    assert!(matches!(err, Error::EndBeforeStart { .. }));
    assert_eq!(err.code(), "end_before_start");
    assert!(matches!(cohorts::add(s, &cohort("第1期", "2026-02-30", "2026-03-01")), Err(Error::Invalid { .. })));
    assert!(matches!(cohorts::add(s, &cohort("第1期", "", "2026-03-01")), Err(Error::Empty { .. })));
    assert!(matches!(cohorts::add(s, &cohort("", "2026-03-01", "2026-03-01")), Err(Error::Empty { .. })));
    let bad_rule = CohortInput { group_name_rule: "{期}{省}群".into(), ..cohort("第1期", "2026-03-01", "2026-03-21") };
    assert!(matches!(cohorts::add(s, &bad_rule), Err(Error::UnknownPlaceholder { .. })));
    cohorts::add(s, &cohort("第1期", "2026-03-01", "2026-03-01")).unwrap();
    assert!(matches!(cohorts::add(s, &cohort("第1期", "2026-04-01", "2026-04-21")), Err(Error::Duplicate { .. })));
    assert_eq!(cohorts::list(s).unwrap().len(), 1);
}

#[test]
fn naming_rule_proposes_group_names() {
    let t = temp_store();
    let s = &t.store;
    let c = cohorts::add(s, &CohortInput { group_name_rule: "{期}期{城市}{序号}群".into(), ..cohort("21天写作营 第3期", "2026-11-01", "2026-11-21") }).unwrap();
    assert_eq!(cohorts::propose_group_name(s, c.id, "北京", "").unwrap(), "3期北京1群");
    cohorts::add_group(s, c.id, &GroupInput { name: "3期北京1群".into(), city: "北京".into(), ..Default::default() }).unwrap();
    assert_eq!(cohorts::propose_group_name(s, c.id, "北京", "").unwrap(), "3期北京2群");
    assert_eq!(cohorts::propose_group_name(s, c.id, "上海", "").unwrap(), "3期上海1群");
    let dup = cohorts::add_group(s, c.id, &GroupInput { name: "3期北京1群".into(), ..Default::default() });
    assert!(matches!(dup, Err(Error::Duplicate { .. })));
}

#[test]
fn group_size_band_and_slow_fill_warning() {
    let t = temp_store();
    let s = &t.store;
    let today = Local::now().date_naive();
    let c = cohorts::add(s, &cohort("第9期", &(today + Duration::days(3)).to_string(), &(today + Duration::days(23)).to_string())).unwrap();
    let fresh = cohorts::add_group(s, c.id, &GroupInput { name: "新群".into(), ..Default::default() }).unwrap();
    assert_eq!((fresh.size, fresh.band, fresh.slow_fill), (0, SizeBand::Under, false));
    let old = cohorts::add_group(
        s,
        c.id,
        &GroupInput { name: "老群".into(), opened_on: (today - Duration::days(30)).to_string(), ..Default::default() },
    )
    .unwrap();
    assert!(old.slow_fill, "filling for 30 days is past the four-week window");
    assert_eq!(old.fill_days, 30);

    let people = demo::synthetic_members(160, 3);
    let ids = members::add_many(s, &people).unwrap();
    for id in &ids {
        cohorts::assign(s, &MembershipInput { member_id: *id, cohort_id: c.id, group_id: Some(fresh.id), ..Default::default() }).unwrap();
    }
    let g = cohorts::get_group(s, fresh.id).unwrap();
    assert_eq!((g.size, g.band), (160, SizeBand::Healthy));
    // Someone leaves: the size counts who is still there.
    cohorts::assign(s, &MembershipInput { member_id: ids[0], cohort_id: c.id, group_id: Some(fresh.id), left_on: today.to_string(), joined_on: today.to_string(), ..Default::default() }).unwrap();
    assert_eq!(cohorts::get_group(s, fresh.id).unwrap().size, 159);
}

#[test]
fn deleting_a_cohort_hides_it_until_restored() {
    let t = temp_store();
    let s = &t.store;
    let c = cohorts::add(s, &cohort("第1期", "2026-03-01", "2026-03-21")).unwrap();
    let g = cohorts::add_group(s, c.id, &GroupInput { name: "1群".into(), ..Default::default() }).unwrap();
    let m = members::add(s, &person("张三", None, None)).unwrap();
    cohorts::assign(s, &MembershipInput { member_id: m.id, cohort_id: c.id, group_id: Some(g.id), ..Default::default() }).unwrap();
    cohorts::delete(s, c.id).unwrap();
    assert!(cohorts::list(s).unwrap().is_empty());
    assert!(members::get(s, m.id).unwrap().memberships.is_empty());
    trash::restore(s, Entity::Cohort, c.id).unwrap();
    assert_eq!(members::get(s, m.id).unwrap().memberships[0].group_name.as_deref(), Some("1群"));
    cohorts::delete_group(s, g.id).unwrap();
    assert_eq!(cohorts::get(s, c.id).unwrap().groups, 0);
    trash::restore(s, Entity::Group, g.id).unwrap();
    assert_eq!(cohorts::get(s, c.id).unwrap().groups, 1);
}

#[test]
fn demo_loads_a_realistic_community_into_an_empty_store_only() {
    let t = temp_store();
    let s = &t.store;
    let summary = demo::load(s).unwrap();
    assert!(summary.members >= 300, "a few hundred members");
    let cs = cohorts::list(s).unwrap();
    use qunzhu_core::cohorts::CohortStatus::*;
    assert_eq!(cs.iter().filter(|c| c.status == Finished).count(), 2);
    assert_eq!(cs.iter().filter(|c| c.status == Running).count(), 1);
    let running = cs.iter().find(|c| c.status == Running).unwrap();
    let groups = cohorts::list_groups(s, running.id).unwrap();
    assert!(groups.iter().any(|g| g.band == SizeBand::Healthy));
    assert!(groups.iter().any(|g| g.slow_fill));
    let monitors = qunzhu_core::roles::list(s).unwrap().into_iter().find(|r| r.key.as_deref() == Some("monitor")).unwrap();
    assert!(monitors.holders >= 6);
    // The running cohort follows the default SOP: today's tasks to do, the days before ticked done.
    let today = qunzhu_core::store::today().to_string();
    let tasks = qunzhu_core::calendar::list(s, Some(running.id), None, Some(&today)).unwrap();
    assert!(tasks.iter().any(|x| x.date == today && !x.done), "Today has work in the demo");
    assert!(tasks.iter().filter(|x| x.date < today).all(|x| x.done));
    let welcome = tasks.iter().find(|x| x.action.as_deref() == Some("welcome")).unwrap();
    assert!(welcome.message.contains("班长") && !welcome.missing.contains(&"{班长}".to_string()), "{}", welcome.message);
    let err = demo::load(s).unwrap_err();
    assert_eq!(err.code(), "not_empty");
    assert!(!qunzhu_core::app::info(s).unwrap().offer_demo);
}

#[test]
fn clearing_the_demo_keeps_what_the_operator_added() {
    let t = temp_store();
    let s = &t.store;
    assert_eq!(demo::clear(s).unwrap_err().code(), "no_demo");
    let loaded = demo::load(s).unwrap();
    assert!(qunzhu_core::app::info(s).unwrap().demo_loaded);
    let mine = members::add(s, &person("我的学员", Some("13912345678"), None)).unwrap();
    let my_cohort = cohorts::add(s, &cohort("我的第1期", "2026-12-01", "2026-12-21")).unwrap();
    let cleared = demo::clear(s).unwrap();
    assert_eq!((cleared.members, cleared.cohorts, cleared.groups), (loaded.members, loaded.cohorts, loaded.groups));
    assert_eq!(members::count(s).unwrap(), 1);
    assert_eq!(members::get(s, mine.id).unwrap().name, "我的学员");
    assert_eq!(cohorts::list(s).unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>(), [my_cohort.id]);
    assert!(qunzhu_core::tags::list(s).unwrap().is_empty(), "demo tags went with the demo");
    assert!(!qunzhu_core::app::info(s).unwrap().demo_loaded);
    // The demo is in a backup taken just before.
    assert!(qunzhu_core::backup::list(s).unwrap().iter().any(|b| b.reason == "pre-clear-demo"));
}

#[test]
fn the_current_cohort_is_the_choice_else_the_running_one_else_the_next() {
    let t = temp_store();
    let s = &t.store;
    assert!(cohorts::current(s).unwrap().is_none(), "no cohort, no current one");
    let day = |n: i64| (Local::now().date_naive() + Duration::days(n)).to_string();
    let ended = cohorts::add(s, &cohort("第1期", &day(-60), &day(-40))).unwrap();
    let later = cohorts::add(s, &cohort("第4期", &day(30), &day(50))).unwrap();
    let next = cohorts::add(s, &cohort("第3期", &day(10), &day(30))).unwrap();
    assert_eq!(cohorts::current(s).unwrap().unwrap().id, next.id, "no running cohort: the next to start");
    let running = cohorts::add(s, &cohort("第2期", &day(-5), &day(15))).unwrap();
    let c = cohorts::current(s).unwrap().unwrap();
    assert_eq!(c.id, running.id, "a running cohort comes first");
    assert_eq!((c.day, c.days), (6, 21), "day 6 of 21");
    assert_eq!((next.day, next.days), (-9, 21), "ten days before its start");
    // A choice is kept.
    assert_eq!(cohorts::set_current(s, ended.id).unwrap().id, ended.id);
    assert_eq!(cohorts::current(s).unwrap().unwrap().id, ended.id);
    assert!(matches!(cohorts::set_current(s, 999), Err(Error::NotFound { entity: Entity::Cohort, .. })));
    assert_eq!(cohorts::current(s).unwrap().unwrap().id, ended.id, "a failed choice changes nothing");
    // The chosen cohort in the trash: back to the running one.
    cohorts::delete(s, ended.id).unwrap();
    assert_eq!(cohorts::current(s).unwrap().unwrap().id, running.id);
    cohorts::delete(s, running.id).unwrap();
    cohorts::delete(s, next.id).unwrap();
    assert_eq!(cohorts::current(s).unwrap().unwrap().id, later.id);
    cohorts::delete(s, later.id).unwrap();
    assert!(cohorts::current(s).unwrap().is_none());
}

#[test]
fn the_cohort_form_previews_its_group_name_rule_and_serial_pattern() {
    use qunzhu_core::Lang;
    let p = cohorts::preview_patterns("21天写作营 第3期", "{期}期{城市}{序号}群", "XZ{期}-{年}-{序号:04}", 2026, Lang::Zh);
    assert_eq!(p.group_name, "3期北京1群");
    assert_eq!(p.serial.as_deref(), Some("XZ3-2026-0001"));
    let default = cohorts::preview_patterns("21天写作营 第3期", "{营}-{序号}群", "", 2027, Lang::Zh);
    assert_eq!(default.group_name, "21天写作营 第3期-1群");
    assert_eq!(default.serial.as_deref(), Some("QZ-2027-000001"), "an empty pattern is the default one");
    let bad = cohorts::preview_patterns("第3期", "", "XZ-{年}", 2026, Lang::Zh);
    assert_eq!(bad.serial, None);
    assert!(bad.serial_error.as_deref().unwrap_or_default().contains("{序号}"), "{:?}", bad.serial_error);
}
