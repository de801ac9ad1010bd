//! `groups add | list` of a cohort.

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::cohorts::{self, GroupInput};
use qunzhu_core::Error;

#[derive(Subcommand)]
pub enum Action {
    Add {
        #[arg(long)]
        cohort: String,
        /// Group name; omitted: proposed by the cohort's naming rule
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value = "")]
        city: String,
        #[arg(long, default_value = "")]
        channel: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    List {
        #[arg(long)]
        cohort: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Add { cohort, name, city, channel, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let name = match name {
                Some(n) => n,
                None => cohorts::propose_group_name(store, c.id, &city, &channel)?,
            };
            let g = cohorts::add_group(store, c.id, &GroupInput { name, city, channel, ..Default::default() })?;
            print(out.json, &g, |g| println!("added group {} {}", g.id, g.name));
        }
        Action::List { cohort, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let rows = cohorts::list_groups(store, c.id)?;
            print(out.json, &rows, |rows| {
                for g in rows {
                    println!("{}\t{}\t{} members\t{:?}\t{} days{}", g.id, g.name, g.size, g.band, g.fill_days, if g.slow_fill { "\tSLOW FILL" } else { "" });
                }
            });
        }
    }
    Ok(())
}
