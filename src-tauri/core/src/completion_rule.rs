//! A cohort's 结业标准 as data: what an SOP template's `[completion]` says and a cohort keeps.
//! The verdicts against it are computed in `growth::completion`.

use crate::error::{Error, Field, Result};
use crate::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A cohort's 结业标准. All that are set must be met; none set is "did not leave".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CompletionRule {
    /// At least this many check-in days (打卡).
    pub checkins: Option<u32>,
    /// At least this many homework handed in (作业).
    pub homework: Option<u32>,
    /// At least this many lectures attended (听课).
    pub lectures: Option<u32>,
}

/// A count a rule may ask for: more than a cohort can hold is a typing mistake.
pub const MAX_COUNT: u32 = 1000;

impl CompletionRule {
    /// The rule in the user's words: "不退群，且打卡 ≥ 14 次、作业 ≥ 5 次".
    pub fn describe(&self, lang: Lang) -> String {
        let parts = self.parts(lang);
        match (lang, parts.is_empty()) {
            (Lang::Zh, true) => "不退群即结业".into(),
            (Lang::En, true) => "stayed in the group".into(),
            (Lang::Zh, false) => format!("不退群，且{}", parts.join("、")),
            (Lang::En, false) => format!("stayed in the group and {}", parts.join(", ")),
        }
    }

    fn parts(&self, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for (n, zh, en) in [(self.checkins, "打卡", "check-ins"), (self.homework, "作业", "homework"), (self.lectures, "听课", "lectures")] {
            if let Some(n) = n {
                out.push(match lang {
                    Lang::Zh => format!("{zh} ≥ {n} 次"),
                    Lang::En => format!("at least {n} {en}"),
                });
            }
        }
        out
    }

    pub(crate) fn check(&self) -> Result<()> {
        for n in [self.checkins, self.homework, self.lectures].into_iter().flatten() {
            if n > MAX_COUNT {
                return Err(Error::Invalid { field: Field::Completion, value: n.to_string() });
            }
        }
        Ok(())
    }
}
