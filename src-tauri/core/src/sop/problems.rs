//! What is wrong with a template, said in the user's words (the error names the file and line).

use crate::error::TemplateProblem;
use crate::Lang;

impl TemplateProblem {
    /// The problem in the user's words, naming the roles, placeholders and limits a template has.
    pub fn message(&self, lang: Lang) -> String {
        let p = self;
        use TemplateProblem::*;
        let roles = super::ROLES.join(" ");
        let places: Vec<String> = super::PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect();
        let places = places.join(" ");
        match (p, lang) {
            (Syntax(m), Lang::Zh) => format!("格式错误（{m}）"),
            (Syntax(m), Lang::En) => format!("syntax error ({m})"),
            (Empty(f), Lang::Zh) => format!("{f} 不能为空"),
            (Empty(f), Lang::En) => format!("{f} is empty"),
            (NoTasks, Lang::Zh) => "没有任何任务（[[task]]）".into(),
            (NoTasks, Lang::En) => "no tasks ([[task]])".into(),
            (UnknownKind(k), Lang::Zh) => format!("kind “{k}” 无法识别，应为 cohort 或 ongoing"),
            (UnknownKind(k), Lang::En) => format!("unknown kind “{k}”: use cohort or ongoing"),
            (BadAnchor(a), Lang::Zh) => format!("锚点 “{a}” 无法识别，应为 D-3、D0、D+5、E-1、E0、E+2 这样的形式，且在开营或结营前后一年（{} 天）之内", super::MAX_ANCHOR_DAYS),
            (BadAnchor(a), Lang::En) => format!("unknown anchor “{a}”: use D-3, D0, D+5, E-1, E0, E+2, within a year ({} days) of the start or the end", super::MAX_ANCHOR_DAYS),
            (EndInOngoing(a), Lang::Zh) => format!("长期群没有结营日，不能用锚点 “{a}”"),
            (EndInOngoing(a), Lang::En) => format!("an ongoing group has no end: anchor “{a}” cannot be used"),
            (BadTime(t), Lang::Zh) => format!("时间 “{t}” 不对，应为 24 小时制的 HH:MM，如 08:30"),
            (BadTime(t), Lang::En) => format!("bad time “{t}”: use 24-hour HH:MM such as 08:30"),
            (BadRepeat(r), Lang::Zh) => format!("重复方式 “{r}” 无法识别，应为 once、daily 或 weekly:周一…周日"),
            (BadRepeat(r), Lang::En) => format!("unknown repeat “{r}”: use once, daily or weekly:周一 … weekly:周日"),
            (UnknownRole(r), Lang::Zh) => format!("角色 “{r}” 无法识别，可用：{roles}"),
            (UnknownRole(r), Lang::En) => format!("unknown role “{r}”; known: {roles}"),
            (UnknownPlaceholder(p), Lang::Zh) => format!("话术中的占位符 {p} 无法识别，可用：{places}"),
            (UnknownPlaceholder(p), Lang::En) => format!("unknown placeholder {p} in the message; known: {places}"),
            (DuplicateTask(k), Lang::Zh) => format!("已有一个任务叫 “{k}”：请改个标题，或给两个任务各加一个不同的 id"),
            (DuplicateTask(k), Lang::En) => format!("another task is already called “{k}”: rename one, or give each a distinct id"),
            (BundledKey(k), Lang::Zh) => format!("key “{k}” 是内置模板的，请换一个（如 {k}-我的）"),
            (BundledKey(k), Lang::En) => format!("key “{k}” belongs to a bundled template; choose another (such as {k}-mine)"),
            (TooManyTasks(n), Lang::Zh) => format!("有 {n} 个任务，一个模板最多 {} 个", super::MAX_TASKS),
            (TooManyTasks(n), Lang::En) => format!("{n} tasks: a template holds at most {}", super::MAX_TASKS),
            (TooBig(_), Lang::Zh) => format!("文件大于 {} KB，一个模板不会这么大", super::MAX_SOURCE_BYTES / 1024),
            (TooBig(_), Lang::En) => format!("the file is larger than {} KB, more than any template", super::MAX_SOURCE_BYTES / 1024),
        }
    }
}
