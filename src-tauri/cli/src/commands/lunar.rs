//! `lunar from-solar | to-solar`: 农历 ⇄ solar, 1901-2100, with no data folder.

use crate::print::{print, JsonFlag};
use crate::resolve;
use clap::Subcommand;
use qunzhu_core::{lunar, Error};
use serde::Serialize;

#[derive(Subcommand)]
pub enum Action {
    /// The lunar date of a solar date: YYYY-MM-DD
    FromSolar {
        date: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// The solar date of a lunar date; an error if it does not exist
    ToSolar {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: u32,
        #[arg(long)]
        day: u32,
        /// The leap month (闰月)
        #[arg(long)]
        leap: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
}

pub fn run(action: Action) -> Result<(), Error> {
    match action {
        Action::FromSolar { date, out } => {
            let l = lunar::from_solar(resolve::date(&date)?)?;
            print(out.json, &l, |l| println!("{} {}", l.lunar_year, lunar::text(l.lunar_month, l.lunar_day, l.is_leap_month)));
        }
        Action::ToSolar { year, month, day, leap, out } => {
            #[derive(Serialize)]
            struct Out {
                date: String,
            }
            let d = lunar::to_solar(year, month, day, leap)?;
            print(out.json, &Out { date: d.to_string() }, |o| println!("{}", o.date));
        }
    }
    Ok(())
}
