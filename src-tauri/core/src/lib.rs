//! Qunzhu's core: the domain and the store, with no dependency on Tauri.
//! The desktop shell and `qunzhu-cli` are thin layers over these functions.

pub mod app;
pub mod backup;
pub mod bindings;
pub mod cohorts;
pub mod commands;
pub mod completion_rule;
pub mod demo;
pub mod error;
pub mod export;
pub mod grants;
pub mod growth;
pub mod i18n;
pub mod jobs;
pub mod ics;
pub mod import;
pub mod lunar;
pub mod birthdays;
pub mod sop;
pub mod calendar;
pub mod wording;
pub mod members;
pub mod roles;
pub mod search;
pub mod serials;
pub mod settings;
pub mod store;
pub mod tags;
pub mod trash;
/// Drawing pages: the render crate, named here as the core's own floor.
pub use qunzhu_render as render;
pub mod certificates;
pub mod posters;
pub mod batches;
mod staging;
pub mod photos;
pub mod engagement;
pub mod points;
pub mod chats;
pub mod retro;
#[doc(hidden)]
pub mod fuzzing;

pub use error::{Entity, Error, ErrorReport, FileProblem, LunarProblem, Result};
pub use i18n::Lang;
pub use store::Store;
