//! Group-chat exports (WeChat through 留痕 or PyWxDump, QQ through its message manager) read
//! locally: who said what when, for activity, check-ins and the group's rhythm. Message text stays
//! on this computer; a setting keeps only the counts.

pub mod archive;
pub mod import;
pub mod parse;
pub mod stats;
