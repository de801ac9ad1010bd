//! `cohorts add | list | completion`.

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::cohorts::{self, CohortInput};
use qunzhu_core::growth::completion::{self, CompletionRule};
use qunzhu_core::{Error, Lang, Store};
use serde::Serialize;

#[derive(Subcommand)]
pub enum Action {
    Add {
        #[arg(long)]
        name: String,
        /// YYYY-MM-DD
        #[arg(long)]
        start: String,
        /// YYYY-MM-DD
        #[arg(long)]
        end: String,
        /// Group naming rule, e.g. {期}期{城市}{序号}群
        #[arg(long, default_value = "")]
        rule: String,
        /// SOP template key (qunzhu-cli sop list), e.g. default-21day: generates the ritual calendar
        #[arg(long)]
        sop: Option<String>,
        /// Check-in or live-room link: fills {链接} in the calendar's 话术
        #[arg(long, default_value = "")]
        link: String,
        /// Certificate serials, e.g. XZ-{年}-{序号:05} (default {前缀}-{年}-{序号:06}; {year} {seq} … also read)
        #[arg(long, default_value = "")]
        serial_pattern: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// A cohort's completion rule (结业标准): show it, or set it with any of the counts
    /// (0 clears one; none set means "did not leave")
    Completion {
        #[arg(long)]
        cohort: String,
        /// At least N check-in days
        #[arg(long)]
        checkins: Option<u32>,
        /// At least N homework
        #[arg(long)]
        homework: Option<u32>,
        /// At least N lectures
        #[arg(long)]
        lectures: Option<u32>,
        #[command(flatten)]
        out: JsonFlag,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Add { name, start, end, rule, sop, link, serial_pattern, out } => {
            let input = CohortInput { name, start_date: start, end_date: end, group_name_rule: rule, notes: String::new(), link, serial_pattern };
            let c = qunzhu_core::calendar::add_cohort(store, &input, sop.as_deref())?;
            if let Some(key) = sop {
                let n = qunzhu_core::calendar::list(store, Some(c.id), None, None)?.len();
                eprintln!("{n} tasks on the calendar from {key}");
            }
            print(out.json, &c, |c| println!("added cohort {} {}", c.id, c.name));
        }
        Action::Completion { cohort, checkins, homework, lectures, out } => completion(store, &cohort, [checkins, homework, lectures], out.json)?,
        Action::List { out } => {
            let rows = cohorts::list(store)?;
            print(out.json, &rows, |rows| {
                for c in rows {
                    println!("{}\t{}\t{}\t{}\t{:?}\t{} groups\t{} members", c.id, c.name, c.start_date, c.end_date, c.status, c.groups, c.members);
                }
            });
        }
    }
    Ok(())
}

fn completion(store: &Store, cohort: &str, counts: [Option<u32>; 3], json: bool) -> Result<(), Error> {
    let c = resolve::cohort(store, cohort)?;
    let mut rule = completion::rule(store, c.id)?;
    if counts.iter().any(Option::is_some) {
        let [checkins, homework, lectures] = counts;
        rule = completion::set_rule(
            store,
            c.id,
            &CompletionRule { checkins: checkins.or(rule.checkins), homework: homework.or(rule.homework), lectures: lectures.or(rule.lectures) },
        )?;
    }
    #[derive(Serialize)]
    struct Out {
        #[serde(flatten)]
        rule: CompletionRule,
        describe: String,
    }
    let out = Out { rule, describe: rule.describe(Lang::from_env()) };
    print(json, &out, |o| println!("{}: {}", c.name, o.describe));
    Ok(())
}
