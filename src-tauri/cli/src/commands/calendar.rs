//! `calendar ics | list | add | done`: a cohort's ritual calendar.

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::calendar::{self, TaskInput};
use qunzhu_core::{ics, Error};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
    /// Write the cohort's calendar as an .ics file
    Ics {
        #[arg(long)]
        cohort: String,
        out: PathBuf,
    },
    /// The cohort's tasks, from and to a date (YYYY-MM-DD)
    List {
        #[arg(long)]
        cohort: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Add a one-off task to a cohort's calendar
    Add {
        #[arg(long)]
        cohort: String,
        /// YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// HH:MM
        #[arg(long)]
        time: String,
        #[arg(long)]
        title: String,
        /// 班长, 助教, KOC, 宣传官, 整理官, 嘉宾 or 群主
        #[arg(long, default_value = "群主")]
        role: String,
        /// 话术, placeholders allowed
        #[arg(long, default_value = "")]
        message: String,
    },
    /// Tick a task done (ids from calendar list --json)
    Done { id: i64 },
}

#[derive(Serialize)]
struct Row {
    id: i64,
    date: String,
    time: String,
    title: String,
    role: String,
    done: bool,
    message: String,
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Add { cohort, date, time, title, role, message } => {
            let c = resolve::cohort(store, &cohort)?;
            let t = calendar::add_task(store, &TaskInput { cohort_id: c.id, date, time, title, role, message })?;
            println!("added task {} on {} {}: {}", t.id, t.date, t.time, t.title);
        }
        Action::Done { id } => {
            calendar::set_done(store, id, true)?;
            println!("task {id} done");
        }
        Action::Ics { cohort, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let events = ics::write(&out, &calendar::ics(store, c.id)?)?;
            println!("wrote {} ({events} events)", out.display());
        }
        Action::List { cohort, from, to, out } => {
            let c = resolve::cohort(store, &cohort)?;
            for d in [&from, &to].into_iter().flatten() {
                resolve::date(d)?;
            }
            let rows: Vec<Row> = calendar::list(store, Some(c.id), from.as_deref(), to.as_deref())?
                .into_iter()
                .map(|t| Row { id: t.id, date: t.date, time: t.time, title: t.title, role: t.role, done: t.done, message: t.message })
                .collect();
            print(out.json, &rows, |rows| {
                for r in rows {
                    println!("{} {}\t{}\t{}\t{}", r.date, r.time, if r.done { "✓" } else { " " }, r.role, r.title);
                }
                eprintln!("{} tasks", rows.len());
            });
        }
    }
    Ok(())
}
