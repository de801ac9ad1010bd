//! Facts about this installation for the Settings screen.

use crate::error::Result;
use crate::i18n::Lang;
use crate::store::{schema_version, Store};
use crate::{members, settings};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub db_path: String,
    pub schema_version: i64,
    pub members: i64,
    pub lang: Lang,
    /// Whether the first-launch demo offer should be shown: an empty store never asked before.
    pub offer_demo: bool,
    /// Demo data is loaded and can be cleared.
    pub demo_loaded: bool,
}

pub fn info(store: &Store) -> Result<AppInfo> {
    let members = members::count(store)?;
    let cohorts: i64 = store.conn().query_row("SELECT count(*) FROM cohorts", [], |r| r.get(0))?;
    let offered = settings::get(store, settings::DEMO_OFFERED)?.is_some();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: store.data_dir().display().to_string(),
        db_path: store.db_path().display().to_string(),
        schema_version: schema_version(),
        members,
        lang: store.lang(),
        offer_demo: !offered && members == 0 && cohorts == 0,
        demo_loaded: settings::get(store, settings::DEMO_LOADED)?.is_some(),
    })
}

pub fn set_lang(store: &Store, lang: Lang) -> Result<()> {
    settings::set(store, settings::LANG, lang.as_str())
}

/// Records the answer to the first-launch demo offer, so it is asked once.
pub fn dismiss_demo(store: &Store) -> Result<()> {
    settings::set(store, settings::DEMO_OFFERED, "1")
}
