//! `birthdays upcoming | ics`.

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::birthdays::{self, Scope};
use qunzhu_core::{ics, members, Error, Store};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
    /// Birthdays from a date (default today) through N days later
    Upcoming {
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// YYYY-MM-DD
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        cohort: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Write birthdays as an .ics file (lunar ones as dated events for N years)
    Ics {
        out: PathBuf,
        #[arg(long, default_value_t = 5)]
        years: u32,
        #[arg(long)]
        cohort: Option<String>,
        /// YYYY-MM-DD the events start from (default today)
        #[arg(long)]
        from: Option<String>,
    },
}

#[derive(Serialize)]
struct Row {
    member_id: i64,
    name: String,
    date: String,
    kind: members::Calendar,
    #[serde(skip_serializing_if = "Option::is_none")]
    age: Option<i32>,
}

fn scope(store: &Store, cohort: Option<String>) -> Result<Scope, Error> {
    Ok(Scope { cohort_id: resolve::cohort_id(store, cohort.as_deref())?, group_id: None })
}

fn from_day(from: Option<String>) -> Result<chrono::NaiveDate, Error> {
    Ok(from.as_deref().map(resolve::date).transpose()?.unwrap_or_else(qunzhu_core::store::today))
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Upcoming { days, from, cohort, out } => {
            let from = from_day(from)?;
            let rows: Vec<Row> = birthdays::upcoming(store, &scope(store, cohort)?, from, days)?
                .into_iter()
                .map(|u| Row { member_id: u.member_id, name: u.name, date: u.date, kind: u.kind, age: u.age })
                .collect();
            print(out.json, &rows, |rows| {
                for r in rows {
                    println!("{}\t{}\t{}\t{:?}\t{}", r.date, r.member_id, r.name, r.kind, r.age.map(|a| a.to_string()).unwrap_or_default());
                }
                eprintln!("{} birthdays", rows.len());
            });
        }
        Action::Ics { out, years, cohort, from } => {
            let from = from_day(from)?;
            let events = ics::write(&out, &birthdays::ics(store, &scope(store, cohort)?, from, years)?)?;
            println!("wrote {} ({events} events)", out.display());
        }
    }
    Ok(())
}
