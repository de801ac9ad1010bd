//! `orders import | list | delete`: sign-ups and orders (报名 / 订单). The JSON fields are interfaces
//! scripts rely on.

use crate::print::{print, refused_rows, row_errors, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::growth::import::{self as order_import, OrderImportOptions};
use qunzhu_core::growth::orders;
use qunzhu_core::import::RowError;
use qunzhu_core::{Error, Lang};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
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
    /// Move a sign-up to the trash (`trash restore order ID` brings it back)
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

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Import { file, cohort, skip_bad_rows, dry_run, sheet, out } => {
            let c = resolve::cohort(store, &cohort)?;
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
                row_errors(o.errors);
            });
            refused_rows(r.committed, dry_run, r.error_rows, &r.errors)?;
        }
        Action::List { cohort, out } => {
            let c = resolve::cohort(store, &cohort)?;
            #[derive(Serialize)]
            struct Row {
                id: i64,
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
                    id: o.id,
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
        Action::Delete { id } => {
            orders::delete(store, id)?;
            println!("moved sign-up {id} to the trash");
        }
    }
    Ok(())
}
