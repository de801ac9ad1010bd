//! The growth ledger from the command line: `orders import|list`, `costs add|list|delete`,
//! `growth --cohort NAME | --all`. The JSON fields are interfaces scripts rely on.

use super::{print, JsonFlag};
use clap::Subcommand;
use qunzhu_core::cohorts;
use qunzhu_core::growth::costs::{self, CostCategory, CostInput};
use qunzhu_core::growth::import::{self as order_import, OrderImportOptions};
use qunzhu_core::growth::money::yuan;
use qunzhu_core::growth::{orders, report};
use qunzhu_core::import::RowError;
use qunzhu_core::{Error, Lang, Store};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum OrderAction {
    /// Import an order or sign-up sheet (小鹅通, 有赞, a 问卷星 / 金数据 form, CSV in UTF-8 or GBK,
    /// XLSX) into a cohort; counts are of sign-ups, one per person
    Import {
        file: PathBuf,
        #[arg(long)]
        cohort: String,
        /// Import the good rows and report the bad ones as skipped
        #[arg(long)]
        skip_bad_rows: bool,
        /// Report what would happen; write nothing
        #[arg(long)]
        dry_run: bool,
        /// Spreadsheet sheet (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// A cohort's sign-ups
    List {
        #[arg(long)]
        cohort: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
pub enum CostAction {
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

#[derive(Serialize)]
struct ImportOut<'a> {
    file: &'a str,
    total_rows: usize,
    created: usize,
    updated: usize,
    unchanged: usize,
    skipped: usize,
    members_created: usize,
    committed: bool,
    errors: &'a [RowError],
}

pub fn orders_command(store: &Store, action: OrderAction) -> Result<(), Error> {
    match action {
        OrderAction::Import { file, cohort, skip_bad_rows, dry_run, sheet, out } => {
            let c = cohorts::find_by_name(store, &cohort)?;
            let opts = OrderImportOptions { cohort_id: c.id, sheet, mapping: None, skip_bad_rows, dry_run };
            let r = order_import::run(store, &file, &opts)?;
            let o = ImportOut {
                file: &r.file,
                total_rows: r.total_rows,
                created: r.created,
                updated: r.updated,
                unchanged: r.unchanged,
                skipped: r.skipped,
                members_created: r.members_created,
                committed: r.committed,
                errors: &r.errors,
            };
            print(out.json, &o, |o| {
                println!(
                    "{} ({}): {} rows: {} sign-ups created, {} updated, {} unchanged, {} skipped; {} new members{}",
                    o.file, r.encoding, o.total_rows, o.created, o.updated, o.unchanged, o.skipped, o.members_created,
                    if o.committed { "" } else { " - nothing written" }
                );
                for e in o.errors.iter().take(20) {
                    println!("  row {}{}: {}", e.row, e.column.as_ref().map(|c| format!(", {c}")).unwrap_or_default(), e.message);
                }
            });
            if !r.committed && !dry_run && r.error_rows > 0 {
                let first = r.errors.first().map(|e| format!("row {}: {}", e.row, e.message)).unwrap_or_default();
                return Err(Error::BadRows { count: r.error_rows, first });
            }
        }
        OrderAction::List { cohort, out } => {
            let c = cohorts::find_by_name(store, &cohort)?;
            #[derive(Serialize)]
            struct Row {
                member_id: i64,
                name: String,
                channel: Option<String>,
                referrer: Option<String>,
                amount: f64,
                refund: f64,
                status: qunzhu_core::growth::status::OrderStatus,
                paid_at: Option<String>,
                order_no: Option<String>,
            }
            let rows: Vec<Row> = orders::list(store, c.id)?
                .into_iter()
                .map(|o| Row {
                    member_id: o.member_id,
                    name: o.name,
                    channel: o.channel,
                    referrer: o.referrer,
                    amount: qunzhu_core::growth::money::yuan_number(o.amount),
                    refund: qunzhu_core::growth::money::yuan_number(o.refund),
                    status: o.status,
                    paid_at: o.paid_at,
                    order_no: o.order_no,
                })
                .collect();
            let lang = Lang::from_env();
            print(out.json, &rows, |rows| {
                for r in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{:.2}\t{}\t{}",
                        r.member_id,
                        r.name,
                        r.channel.as_deref().unwrap_or("-"),
                        r.referrer.as_deref().unwrap_or("-"),
                        r.amount,
                        r.status.label(lang),
                        r.paid_at.as_deref().unwrap_or("-")
                    );
                }
            });
        }
    }
    Ok(())
}

pub fn costs_command(store: &Store, action: CostAction) -> Result<(), Error> {
    match action {
        CostAction::Add { cohort, amount, category, channel, date, note, out } => {
            let c = cohorts::find_by_name(store, &cohort)?;
            let cat = CostCategory::parse(&category).ok_or(Error::Invalid { field: qunzhu_core::error::Field::Category, value: category.clone() })?;
            let cost = costs::add(store, c.id, &CostInput { amount, category: Some(cat), channel, spent_on: date, note })?;
            print(out.json, &cost, |k| println!("cost {} added: {} 元 {} {}", k.id, yuan(k.amount), k.category.label(Lang::from_env()), k.channel.as_deref().unwrap_or("")));
        }
        CostAction::List { cohort, out } => {
            let c = cohorts::find_by_name(store, &cohort)?;
            let all = costs::list(store, c.id)?;
            print(out.json, &all, |all| {
                for k in all {
                    println!("{}\t{}\t{}\t{}\t{}\t{}", k.id, k.spent_on, yuan(k.amount), k.category.label(Lang::from_env()), k.channel.as_deref().unwrap_or("-"), k.note);
                }
            });
        }
        CostAction::Delete { id } => {
            costs::delete(store, id)?;
            println!("cost {id} moved to the trash");
        }
    }
    Ok(())
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

pub fn growth_command(store: &Store, cohort: Option<String>, all: bool, json: bool) -> Result<(), Error> {
    match (cohort, all) {
        (Some(name), false) => {
            let c = cohorts::find_by_name(store, &name)?;
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

pub fn completion_command(store: &Store, cohort: &str, counts: [Option<u32>; 3], json: bool) -> Result<(), Error> {
    use qunzhu_core::growth::completion::{self, CompletionRule};
    let c = cohorts::find_by_name(store, cohort)?;
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
