//! A template written back as TOML: what the visual editor saves. The text reads like the
//! bundled templates (a header saying what the fields mean, one `[[task]]` a task) and parses
//! back to the same template, so the TOML stays the one stored form and 高级 can still edit it.

use super::{Anchor, Repeat, Sop, SopKind, SopTask, WEEKDAYS};
use serde::Serialize;

/// What a written template starts with: the words of its fields, for whoever opens 高级.
const HEADER: &str = "# 由 Qunzhu 的 SOP 编辑器保存。锚点：D-3 = 开营前 3 天，D0 = 开营日，D+n = 开营后第 n 天，
# E-1 = 结营前 1 天，E0 = 结营日，E+2 = 结营后 2 天。repeat：once（默认）/ daily / weekly:周X。
# 任务以 id（没有时以标题）区分：改标题不会丢掉已完成的记录。
";

#[derive(Serialize)]
struct Out<'a> {
    key: &'a str,
    name: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    completion: Option<&'a crate::completion_rule::CompletionRule>,
    task: Vec<OutTask<'a>>,
}

#[derive(Serialize)]
struct OutTask<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    title: &'a str,
    anchor: String,
    time: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    repeat: Option<String>,
    role: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    checklist: &'a [String],
}

/// "D-3", "D0", "D+5", "E-1", "E0", "E+2": the anchor as a template spells it.
pub fn anchor_text(a: Anchor) -> String {
    let (letter, days) = match a {
        Anchor::Start(d) => ('D', d),
        Anchor::End(d) => ('E', d),
    };
    match days {
        0 => format!("{letter}0"),
        d if d > 0 => format!("{letter}+{d}"),
        d => format!("{letter}{d}"),
    }
}

fn repeat_text(r: Repeat) -> Option<String> {
    match r {
        Repeat::Once => None,
        Repeat::Daily => Some("daily".into()),
        Repeat::Weekly(wd) => Some(format!("weekly:{}", WEEKDAYS[(wd.clamp(1, 7) - 1) as usize])),
    }
}

fn task(t: &SopTask) -> OutTask<'_> {
    let title = t.title.trim();
    let key = t.key.trim();
    OutTask {
        // The id only where it differs from the title: a renamed task keeps its identity.
        id: (!key.is_empty() && key != title).then_some(key),
        title,
        anchor: anchor_text(t.anchor),
        time: t.time.trim(),
        repeat: repeat_text(t.repeat),
        role: t.role.trim(),
        action: t.action.as_deref().filter(|a| !a.is_empty()),
        message: &t.message,
        checklist: &t.checklist,
    }
}

/// The template as TOML. Whatever it holds is written; `parse` then checks it, so a mistake made
/// in the editor (an empty title, two tasks of one name) is reported at its line like any other.
pub fn write(sop: &Sop) -> String {
    let out = Out {
        key: sop.key.trim(),
        name: sop.name.trim(),
        kind: match sop.kind {
            SopKind::Cohort => "cohort",
            SopKind::Ongoing => "ongoing",
        },
        completion: sop.completion.as_ref().filter(|c| **c != Default::default()),
        task: sop.tasks.iter().map(task).collect(),
    };
    // Every field here is a string, a list of strings or a small number: always serialisable.
    let body = toml::to_string_pretty(&out).expect("a template is plain strings and numbers");
    format!("{HEADER}{body}")
}
