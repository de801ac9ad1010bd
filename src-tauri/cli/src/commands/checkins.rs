//! `checkins mark`: marks for a day by the names as copied from WeChat.

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::engagement::{self, MarkKind, MarkSource};
use qunzhu_core::error::Field;
use qunzhu_core::Error;
use serde::Serialize;

#[derive(Subcommand)]
pub enum Action {
    /// Mark members for a day by name or group nickname (as copied from WeChat); names that match
    /// no one, or several people, are listed and not marked
    Mark {
        #[arg(long)]
        cohort: String,
        /// YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// checkin, homework, excellent or lecture
        #[arg(long)]
        kind: String,
        /// Remove the marks instead
        #[arg(long)]
        unmark: bool,
        #[command(flatten)]
        out: JsonFlag,
        #[arg(required = true)]
        names: Vec<String>,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    let Action::Mark { cohort, date, kind, unmark, out, names } = action;
    let c = resolve::cohort(store, &cohort)?;
    resolve::date(&date)?;
    let kind = MarkKind::parse(&kind).ok_or(Error::Invalid { field: Field::Kind, value: kind.clone() })?;
    let found = engagement::match_names(store, c.id, &names.join("\n"))?;
    let ids: Vec<i64> = found.matched.iter().map(|m| m.member_id).collect();
    let changed = if ids.is_empty() { 0 } else { engagement::mark(store, c.id, &date, kind, &ids, !unmark, MarkSource::Manual)? };
    #[derive(Serialize)]
    struct Out<'a> {
        changed: usize,
        matched: &'a [engagement::MatchedName],
        unmatched: &'a [String],
        ambiguous: &'a [engagement::Ambiguous],
    }
    let o = Out { changed, matched: &found.matched, unmatched: &found.unmatched, ambiguous: &found.ambiguous };
    print(out.json, &o, |o| {
        println!("{} {} {} marks changed ({} names matched)", date, kind.key(), o.changed, o.matched.len());
        for u in o.unmatched {
            println!("unmatched\t{u}");
        }
        for a in o.ambiguous {
            let who: Vec<String> = a.candidates.iter().map(|c| format!("{} (id {})", c.name, c.member_id)).collect();
            println!("ambiguous\t{}\t{}", a.text, who.join(", "));
        }
    });
    Ok(())
}
