//! One module a noun of `qunzhu-cli`: its arguments (clap) and what each action does.

pub mod backup;
pub mod birthdays;
pub mod calendar;
pub mod certificates;
pub mod chats;
pub mod checkins;
pub mod cohorts;
pub mod costs;
pub mod demo;
pub mod groups;
pub mod growth;
pub mod info;
pub mod lunar;
pub mod members;
pub mod orders;
pub mod points;
pub mod render;
pub mod retro;
pub mod sop;
pub mod templates;
pub mod trash;
