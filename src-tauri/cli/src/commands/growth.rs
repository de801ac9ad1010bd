//! `growth --cohort NAME | --all`: the growth report. The JSON fields are interfaces scripts
//! rely on.

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use qunzhu_core::growth::money::yuan;
use qunzhu_core::growth::report;
use qunzhu_core::Error;

#[derive(clap::Args)]
pub struct Args {
    /// One cohort (by name)
    #[arg(long, conflicts_with = "all")]
    cohort: Option<String>,
    /// Every cohort, with totals and repeat buyers
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    out: JsonFlag,
}

fn money(v: Option<i64>) -> String {
    v.map(yuan).unwrap_or_else(|| "—".into())
}

fn print_report(r: &report::GrowthReport) {
    let f = &r.funnel;
    println!("{} ({} – {})", r.cohort, r.start_date, r.end_date);
    println!(
        "  reached {}  signups {}  paid {}  joined {}  active {}  completed {}  renewed {}  refunded {}",
        r.reached, f.signups, f.paid, f.joined, f.active, f.completed, f.renewed, f.refunded
    );
    println!(
        "  revenue {}  refunds {}  net {}  cost {}  per paid {}  per graduate {}",
        yuan(f.revenue), yuan(f.refunds), yuan(r.net_revenue), money(r.cost), money(r.cost_per_paid), money(r.cost_per_completed)
    );
    for c in &r.channels {
        let f = &c.funnel;
        println!(
            "  {}\t{} → {} → {} → {} → {} → {}\trevenue {}\tcost {}",
            c.channel.as_deref().unwrap_or("(未填)"), f.signups, f.paid, f.joined, f.active, f.completed, f.renewed, yuan(f.revenue), money(c.cost)
        );
    }
    for x in &r.referrers {
        println!("  referrer {} (id {}): referred {}, paid {}, completed {}", x.name, x.member_id, x.referred, x.paid, x.completed);
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<(), Error> {
    let store = ctx.store()?;
    let json = args.out.json;
    match (args.cohort, args.all) {
        (Some(name), false) => {
            let c = resolve::cohort(store, &name)?;
            let r = report::cohort(store, c.id)?;
            print(json, &r, print_report);
        }
        (None, true) => {
            let o = report::all(store)?;
            print(json, &o, |o| {
                for r in &o.cohorts {
                    print_report(r);
                }
                let t = &o.totals;
                println!(
                    "all cohorts: reached {}  signups {}  paid {}  completed {}  renewed {}  revenue {}  refunds {}  cost {}",
                    t.reached, t.funnel.signups, t.funnel.paid, t.funnel.completed, t.funnel.renewed, yuan(t.funnel.revenue), yuan(t.funnel.refunds), money(t.cost)
                );
                for b in &o.repeat_buyers {
                    println!("  repeat buyer {} (id {}): {}", b.name, b.member_id, b.cohorts.join(" → "));
                }
            });
        }
        _ => {
            return Err(Error::Invalid { field: qunzhu_core::error::Field::Cohort, value: "give --cohort NAME or --all".into() });
        }
    }
    Ok(())
}
