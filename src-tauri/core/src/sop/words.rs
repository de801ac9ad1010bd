//! The words a template is written in: the placeholders a 话术 may use, the roles a task may
//! be owned by, the actions the app acts on; and the check that a 话术 uses known placeholders.

use serde::Serialize;
use ts_rs::TS;

/// Placeholders a 话术 may use.
pub const PLACEHOLDERS: &[&str] = &["营", "期", "群", "第N天", "日期", "时间", "链接", "成员", "班长"];
/// Roles a task may be owned by: the built-in roles and the operator (群主).
pub const ROLES: &[&str] = &["班长", "助教", "KOC", "宣传官", "整理官", "嘉宾", "群主"];
/// What a task's `action` may say and what the app does with it: the welcome hint while a group
/// fills (`calendar::WELCOME_ACTION`), a button to the posters screen, or a mark on the ceremony.
pub const ACTIONS: &[&str] = &["welcome", "admission_letter", "opening_ceremony", "today_star", "guest_poster", "completion_certificate"];

/// The words a template is written in, for the visual editor's choices.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Vocabulary {
    pub placeholders: Vec<String>,
    pub roles: Vec<String>,
    pub actions: Vec<String>,
}

pub fn vocabulary() -> Vocabulary {
    let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    Vocabulary { placeholders: own(PLACEHOLDERS), roles: own(ROLES), actions: own(ACTIONS) }
}

/// The placeholders a text uses that Qunzhu does not know.
pub fn unknown_placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                let name = &after[..j];
                if !PLACEHOLDERS.contains(&name) {
                    out.push(format!("{{{name}}}"));
                }
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

