//! `points leaderboard | ledger | rules | set-rule | referrals | adjust`.

use crate::print::{opt, print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::error::Field;
use qunzhu_core::points::{self, Period};
use qunzhu_core::Error;

#[derive(Subcommand)]
pub enum Action {
    /// A cohort's members ranked by points
    Leaderboard {
        #[arg(long)]
        cohort: String,
        /// day, week, cohort (default) or all
        #[arg(long, default_value = "cohort")]
        period: String,
        /// The day (or a day of the week) for day and week; default today
        #[arg(long)]
        date: Option<String>,
        /// Only this group (by name)
        #[arg(long)]
        group: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Every entry of a member's points, newest first, with the total
    Ledger {
        /// Member name or id
        member: String,
        #[arg(long)]
        cohort: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// The rules in force
    Rules {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Change a rule's points from now on (history keeps its points)
    SetRule { key: String, points: i64 },
    /// Credit 推荐完课 to the referrers of a cohort's graduates (and take back what no longer holds)
    Referrals {
        #[arg(long)]
        cohort: String,
    },
    /// Add or take points by hand, with the reason
    Adjust {
        /// Member name or id
        member: String,
        #[arg(long, allow_hyphen_values = true)]
        points: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        cohort: Option<String>,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Leaderboard { cohort, period, date, group, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let period = Period::parse(&period).ok_or(Error::Invalid { field: Field::Period, value: period.clone() })?;
            let date = date.map(|d| resolve::date(&d)).transpose()?.unwrap_or_else(qunzhu_core::store::today);
            let group_id = resolve::group_id(store, c.id, group)?;
            let board = points::leaderboard(store, c.id, group_id, period, date)?;
            print(out.json, &board, |b| {
                for s in b {
                    println!("{}\t{}\t{}\t{}", s.rank, s.name, s.points, opt(&s.group));
                }
            });
        }
        Action::Ledger { member, cohort, out } => {
            let l = points::ledger(store, resolve::member_id(store, &member)?, resolve::cohort_id(store, cohort.as_deref())?)?;
            print(out.json, &l, |l| {
                for e in &l.entries {
                    let what = e.rule.clone().unwrap_or_else(|| e.kind.clone());
                    println!("{}\t{:+}\t{}\t{}\t{}", e.day, e.points, what, e.reason, opt(&e.cohort));
                }
                println!("total\t{}", l.total);
            });
        }
        Action::Rules { out } => {
            let rules = points::rules(store)?;
            print(out.json, &rules, |r| {
                for x in r {
                    println!("{}\t{}\tsince {}", x.key, x.points, x.valid_from);
                }
            });
        }
        Action::SetRule { key, points: p } => {
            let r = points::set_rule(store, &key, p)?;
            println!("{} is worth {} from {}", r.key, r.points, r.valid_from);
        }
        Action::Referrals { cohort } => {
            let c = resolve::cohort(store, &cohort)?;
            let (added, removed) = qunzhu_core::growth::referrals::credit(store, c.id)?;
            println!("推荐完课: {added} credited, {removed} taken back");
        }
        Action::Adjust { member, points: p, reason, cohort } => {
            let e = points::adjust(store, resolve::member_id(store, &member)?, resolve::cohort_id(store, cohort.as_deref())?, p, &reason)?;
            println!("{:+} for member {}: {}", e.points, e.member_id, e.reason);
        }
    }
    Ok(())
}
