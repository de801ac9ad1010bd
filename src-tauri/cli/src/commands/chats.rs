//! `chats import | stats`: group-chat exports (留痕, PyWxDump, QQ) of a cohort.

use crate::print::{print, JsonFlag, PROGRESS_SHOWN};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::chats::{import, stats};
use qunzhu_core::jobs::Job;
use qunzhu_core::Error;
use std::sync::atomic::AtomicBool;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
    /// Import a chat export into a cohort (a file imported twice adds nothing)
    Import {
        file: PathBuf,
        #[arg(long)]
        cohort: String,
        /// The group the chat is of (by name)
        #[arg(long)]
        group: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Messages by hour, the monitor's weekly share, and per member messages, active days and check-ins
    Stats {
        #[arg(long)]
        cohort: String,
        #[arg(long)]
        group: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Import { file, cohort, group, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let group_id = resolve::group_id(store, c.id, group)?;
            let report = |p: import::ChatProgress| {
                eprint!("\r{} messages read ({:.0}%)", p.messages, p.done * 100.0);
                PROGRESS_SHOWN.store(true, std::sync::atomic::Ordering::Relaxed);
            };
            let r = import::import(store, &file, c.id, group_id, &Job::new(&report, &AtomicBool::new(false)))?;
            print(out.json, &r, |r| {
                println!(
                    "{}: {} messages ({} new), {} senders: {} matched, {} unmatched; {} check-ins, {} homework posts detected",
                    r.format, r.messages, r.new_messages, r.senders, r.matched, r.unmatched, r.checkins_detected, r.homework_detected
                );
            });
        }
        Action::Stats { cohort, group, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let group_id = resolve::group_id(store, c.id, group)?;
            let st = stats::stats(store, c.id, group_id)?;
            print(out.json, &st, |st| {
                println!("{} messages", st.messages);
                println!("by hour: {:?}", st.by_hour);
                for w in &st.monitor_share_by_week {
                    println!("week of {}: monitor {} of {} ({:.1}%)", w.week, w.monitor, w.total, w.share * 100.0);
                }
                for m in &st.members {
                    println!("{}\t{}\t{} messages\t{} days\t{} check-ins\t{} homework", m.member_id, m.name, m.messages, m.active_days, m.checkins, m.homework);
                }
            });
        }
    }
    Ok(())
}
