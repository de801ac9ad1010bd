//! Core tests on real temporary SQLite stores. One test binary, modules by area.

mod backups;
mod birthdays;
mod calendar;
mod certificates;
mod posters;
mod engagement;
mod faults;
mod floors;
mod growth;
mod ledger;
mod chats;
mod retro;
mod sop;
mod bindings;
mod cohorts;
mod import;
mod members;
mod merges;
mod parsers;
mod store;

use qunzhu_core::members::MemberInput;
use qunzhu_core::Store;

pub struct TempStore {
    pub store: Store,
    pub dir: tempfile::TempDir,
}

pub fn temp_store() -> TempStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("open store");
    TempStore { store, dir }
}

pub fn person(name: &str, phone: Option<&str>, wechat: Option<&str>) -> MemberInput {
    MemberInput {
        name: name.into(),
        phone: phone.map(Into::into),
        wechat: wechat.map(Into::into),
        city: "杭州".into(),
        ..Default::default()
    }
}
