use crate::{person, temp_store};
use qunzhu_core::cohorts::{self, CohortInput, GroupInput, MembershipInput};
use qunzhu_core::error::Field;
use qunzhu_core::members::{self, Birthday, Calendar, MemberInput, MemberQuery};
use qunzhu_core::{roles, tags, trash, Entity, Error, Lang, Store};

fn search(store: &Store, q: &str) -> Vec<String> {
    members::list(store, &MemberQuery { search: Some(q.into()), ..Default::default() })
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect()
}

#[test]
fn search_by_name_pinyin_initials_phone_wechat_and_nickname() {
    let t = temp_store();
    let s = &t.store;
    members::add(s, &MemberInput { nickname: "北京-张三-设计".into(), ..person("张三", Some("138 0013 8000"), Some("ZhangSan_88")) }).unwrap();
    members::add(s, &person("李四", Some("+86 139-0000-0000"), None)).unwrap();
    members::add(s, &person("曾小明", None, Some("xm2026"))).unwrap();
    members::add(s, &person("欧阳娜娜", None, None)).unwrap();

    assert_eq!(search(s, "zs"), ["张三"]);
    assert_eq!(search(s, "zhangsan"), ["张三"]);
    assert_eq!(search(s, "Zhang San"), ["张三"]);
    assert_eq!(search(s, "张"), ["张三"]);
    assert_eq!(search(s, "设计"), ["张三"], "group nickname");
    assert_eq!(search(s, "zhangsan_88"), ["张三"], "WeChat ID, any case");
    assert_eq!(search(s, "138-0013"), ["张三"], "phone typed with dashes");
    assert_eq!(search(s, "13900000000"), ["李四"], "+86 stripped on save");
    assert_eq!(search(s, "zengxiaoming"), ["曾小明"]);
    assert_eq!(search(s, "cxm"), ["曾小明"], "other reading of a polyphonic surname");
    assert_eq!(search(s, "oynn"), ["欧阳娜娜"]);
    assert!(search(s, "wangwu").is_empty());
    assert_eq!(search(s, "  ").len(), 4, "blank search lists everyone");
}

#[test]
fn editing_updates_search_keys() {
    let t = temp_store();
    let m = members::add(&t.store, &person("张三", None, None)).unwrap();
    members::update(&t.store, m.id, &person("李四", None, None)).unwrap();
    assert!(search(&t.store, "zs").is_empty());
    assert_eq!(search(&t.store, "ls"), ["李四"]);
}

#[test]
fn bad_input_gets_a_clear_error_and_writes_nothing() {
    let t = temp_store();
    let s = &t.store;
    let err = members::add(s, &person("   ", None, None)).unwrap_err();
    assert!(matches!(err, Error::Empty { field: Field::Name }));
    assert_eq!(err.message(Lang::Zh), "请填写名称。");

    let long = "长".repeat(10_000);
    let err = members::add(s, &person(&long, None, None)).unwrap_err();
    assert!(matches!(err, Error::TooLong { max: 100, len: 10_000, .. }), "{err:?}");
    assert!(err.message(Lang::Zh).len() < 300, "the message does not echo the whole input");

    let zhang = members::add(s, &person("张三", Some("13800138000"), Some("zs001"))).unwrap();
    let err = members::add(s, &person("张三丰", Some("+86 138-0013-8000"), None)).unwrap_err();
    assert!(matches!(&err, Error::Duplicate { field: Field::Phone, owner, .. } if owner == "张三"), "{err:?}");
    // The form links to the member who has the phone already.
    assert_eq!(err.member_id(), Some(zhang.id));
    assert!(err.message(Lang::Zh).contains("张三"));
    let err = members::add(s, &person("张三丰", None, Some("ZS001"))).unwrap_err();
    assert!(matches!(err, Error::Duplicate { field: Field::Wechat, .. }), "{err:?}");
    let err = members::add(s, &person("张三丰", Some("1.38E+10"), None)).unwrap_err();
    assert!(matches!(err, Error::Invalid { field: Field::Phone, .. }), "{err:?}");
    let err = members::add(s, &person("张三丰", None, Some("zs 001"))).unwrap_err();
    assert!(matches!(err, Error::Invalid { field: Field::Wechat, .. }), "{err:?}");
    let bad_day = MemberInput {
        birthday: Some(Birthday { calendar: Calendar::Solar, year: Some(2023), month: 2, day: 29, leap_month: false }),
        ..person("生日错", None, None)
    };
    assert!(matches!(members::add(s, &bad_day), Err(Error::Invalid { field: Field::Birthday, .. })));
    let feb29 = MemberInput {
        birthday: Some(Birthday { calendar: Calendar::Solar, year: None, month: 2, day: 29, leap_month: false }),
        ..person("闰日生", None, None)
    };
    members::add(s, &feb29).unwrap();
    let lunar30 = MemberInput {
        birthday: Some(Birthday { calendar: Calendar::Lunar, year: Some(1990), month: 12, day: 30, leap_month: false }),
        ..person("腊月三十", None, None)
    };
    assert_eq!(members::add(s, &lunar30).unwrap().birthday.unwrap().calendar, Calendar::Lunar);
    assert_eq!(members::count(s).unwrap(), 3, "only the valid members were written");
}

#[test]
fn sql_metacharacters_and_emoji_are_saved_as_typed() {
    let t = temp_store();
    let tricky = ["Robert'); DROP TABLE members;--", "王%_\\小明", "🌸花花🌸", "\"引号\" & <b>"];
    for name in tricky {
        let m = members::add(&t.store, &person(name, None, None)).unwrap();
        assert_eq!(members::get(&t.store, m.id).unwrap().name, name);
    }
    assert_eq!(members::count(&t.store).unwrap(), 4);
    assert_eq!(search(&t.store, "%_"), ["王%_\\小明"], "LIKE wildcards are literal");
    assert_eq!(search(&t.store, "🌸"), ["🌸花花🌸"]);
    assert_eq!(search(&t.store, "drop table"), ["Robert'); DROP TABLE members;--"]);
}

#[test]
fn filters_by_cohort_group_role_and_tag() {
    let t = temp_store();
    let s = &t.store;
    let c1 = cohorts::add(s, &CohortInput { name: "写作营 第1期".into(), start_date: "2026-01-01".into(), end_date: "2026-01-21".into(), ..Default::default() }).unwrap();
    let c2 = cohorts::add(s, &CohortInput { name: "写作营 第2期".into(), start_date: "2026-03-01".into(), end_date: "2026-03-21".into(), ..Default::default() }).unwrap();
    let g1 = cohorts::add_group(s, c1.id, &GroupInput { name: "1期1群".into(), ..Default::default() }).unwrap();
    let g2 = cohorts::add_group(s, c2.id, &GroupInput { name: "2期1群".into(), ..Default::default() }).unwrap();
    let monitor = roles::list(s).unwrap().into_iter().find(|r| r.key.as_deref() == Some("monitor")).unwrap();
    let a = members::add(s, &MemberInput { tags: vec!["宝妈".into()], ..person("甲", None, None) }).unwrap();
    let b = members::add(s, &person("乙", None, None)).unwrap();
    let assign = |m: i64, c: i64, g: i64, r: Option<i64>| {
        cohorts::assign(s, &MembershipInput { member_id: m, cohort_id: c, group_id: Some(g), role_id: r, ..Default::default() }).unwrap()
    };
    assign(a.id, c1.id, g1.id, Some(monitor.id));
    assign(a.id, c2.id, g2.id, None);
    let detail = assign(b.id, c2.id, g2.id, Some(monitor.id));
    assert_eq!(detail.memberships[0].role_name.as_deref(), Some("班长"));

    let q = |q: MemberQuery| -> Vec<String> { members::list(s, &q).unwrap().into_iter().map(|m| m.name).collect() };
    assert_eq!(q(MemberQuery { cohort_id: Some(c1.id), ..Default::default() }), ["甲"]);
    assert_eq!(q(MemberQuery { group_id: Some(g2.id), ..Default::default() }), ["甲", "乙"]);
    assert_eq!(q(MemberQuery { role_id: Some(monitor.id), ..Default::default() }), ["甲", "乙"]);
    assert_eq!(q(MemberQuery { cohort_id: Some(c2.id), role_id: Some(monitor.id), ..Default::default() }), ["乙"], "role held in that cohort");
    let tag = tags::list(s).unwrap().into_iter().find(|t| t.name == "宝妈").unwrap();
    assert_eq!(tag.members, 1);
    assert_eq!(q(MemberQuery { tag_id: Some(tag.id), ..Default::default() }), ["甲"]);
    // The row shows the placement in the filtered cohort, else the latest one.
    let rows = members::list(s, &MemberQuery { cohort_id: Some(c1.id), ..Default::default() }).unwrap();
    assert_eq!(rows[0].group.as_deref(), Some("1期1群"));
    assert_eq!(rows[0].role_key.as_deref(), Some("monitor"));
    let rows = members::list(s, &MemberQuery { search: Some("甲".into()), ..Default::default() }).unwrap();
    assert_eq!(rows[0].cohort.as_deref(), Some("写作营 第2期"));

    // A group from another cohort is refused.
    let err = cohorts::assign(s, &MembershipInput { member_id: b.id, cohort_id: c1.id, group_id: Some(g2.id), ..Default::default() }).unwrap_err();
    assert!(matches!(err, Error::NotFound { entity: Entity::Group, .. }));
    assert_eq!(tags::add_to_members(s, "活跃", &[a.id, b.id]).unwrap(), 2);
    assert!(tags::add_to_members(s, "活跃", &[a.id, 9999]).is_err());
}

#[test]
fn operator_roles_can_be_added_and_removed_but_builtins_stay() {
    let t = temp_store();
    let r = roles::add(&t.store, "读书会主持").unwrap();
    assert!(matches!(roles::add(&t.store, "班长"), Err(Error::Duplicate { .. })));
    let builtin = roles::list(&t.store).unwrap().into_iter().find(|r| r.builtin).unwrap();
    assert!(matches!(roles::delete(&t.store, builtin.id), Err(Error::BuiltinRole { .. })));
    roles::delete(&t.store, r.id).unwrap();
    assert_eq!(roles::list(&t.store).unwrap().len(), 6);
}

#[test]
fn delete_to_trash_and_restore() {
    let t = temp_store();
    let s = &t.store;
    let m = members::add(s, &MemberInput { tags: vec!["老学员".into()], ..person("张三", Some("13800138000"), None) }).unwrap();
    members::delete(s, m.id).unwrap();
    assert!(search(s, "zs").is_empty());
    assert!(matches!(members::get(s, m.id), Err(Error::NotFound { .. })));
    let items = trash::list(s).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].kind, items[0].label.as_str()), (Entity::Member, "张三"));

    // The phone is free while the member is in the trash; restoring then names the clash.
    let other = members::add(s, &person("张三新", Some("13800138000"), None)).unwrap();
    let err = trash::restore(s, Entity::Member, m.id).unwrap_err();
    assert!(matches!(&err, Error::Duplicate { owner, .. } if owner == "张三新"), "{err:?}");
    members::delete(s, other.id).unwrap();
    trash::purge(s, Entity::Member, other.id).unwrap();
    trash::restore(s, Entity::Member, m.id).unwrap();
    let back = members::get(s, m.id).unwrap();
    assert_eq!(back.tags[0].name, "老学员", "tags come back too");
    assert_eq!(search(s, "zs"), ["张三"]);
    assert!(trash::list(s).unwrap().is_empty());
}

#[test]
fn search_sees_writes_from_another_process_on_the_same_folder() {
    let t = temp_store();
    members::add(&t.store, &person("张三", None, None)).unwrap();
    assert_eq!(search(&t.store, "zs"), ["张三"]);
    // qunzhu-cli (another connection) adds and deletes while the app keeps its index.
    let other = Store::open(t.dir.path()).unwrap();
    let li = members::add(&other, &person("张思", None, None)).unwrap();
    assert_eq!(search(&t.store, "zs"), ["张三", "张思"]);
    members::delete(&other, li.id).unwrap();
    assert_eq!(search(&t.store, "zs"), ["张三"]);
}
