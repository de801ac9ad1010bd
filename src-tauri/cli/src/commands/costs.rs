//! `costs add | list | delete`: what a cohort cost (成本).

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::growth::costs::{self, CostCategory, CostInput};
use qunzhu_core::growth::money::yuan;
use qunzhu_core::{Error, Lang};

#[derive(Subcommand)]
pub enum Action {
    /// Record a cost of a cohort: --amount in yuan, --category 投放/红包/奖品/嘉宾/工具/其他
    Add {
        #[arg(long)]
        cohort: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        category: String,
        /// The channel it was spent on (小红书, 投放, …)
        #[arg(long, default_value = "")]
        channel: String,
        /// YYYY-MM-DD (default: the cohort's first day)
        #[arg(long, default_value = "")]
        date: String,
        #[arg(long, default_value = "")]
        note: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// A cohort's costs
    List {
        #[arg(long)]
        cohort: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Move a cost to the trash
    Delete { id: i64 },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Add { cohort, amount, category, channel, date, note, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let cat = CostCategory::parse(&category).ok_or(Error::Invalid { field: qunzhu_core::error::Field::Category, value: category.clone() })?;
            let cost = costs::add(store, c.id, &CostInput { amount, category: Some(cat), channel, spent_on: date, note })?;
            print(out.json, &cost, |k| println!("cost {} added: {} 元 {} {}", k.id, yuan(k.amount), k.category.label(Lang::from_env()), k.channel.as_deref().unwrap_or("")));
        }
        Action::List { cohort, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let all = costs::list(store, c.id)?;
            print(out.json, &all, |all| {
                for k in all {
                    println!("{}\t{}\t{}\t{}\t{}\t{}", k.id, k.spent_on, yuan(k.amount), k.category.label(Lang::from_env()), k.channel.as_deref().unwrap_or("-"), k.note);
                }
            });
        }
        Action::Delete { id } => {
            costs::delete(store, id)?;
            println!("cost {id} moved to the trash");
        }
    }
    Ok(())
}
