//! `retro show | compare | export | survey | notes`: the post-cohort retrospective (复盘).

use crate::print::{print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::retro::{self, report, survey, Comparison};
use qunzhu_core::Error;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
    /// Every metric of a cohort's retrospective (rates between 0 and 1)
    Show {
        #[arg(long)]
        cohort: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Two or more cohorts side by side, each metric against the first
    Compare {
        /// Give it twice or more: --cohort A --cohort B
        #[arg(long, required = true, num_args = 1)]
        cohort: Vec<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Write the retrospective as PDF or Markdown (by the file's extension)
    Export {
        #[arg(long)]
        cohort: String,
        out: PathBuf,
    },
    /// Import a satisfaction survey (问卷星, 腾讯问卷, 金数据; CSV or XLSX)
    Survey {
        #[arg(long)]
        cohort: String,
        file: PathBuf,
        /// The survey of the staff (运营官), not the members
        #[arg(long)]
        staff: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Write the findings: what went well, problems, changes for next time
    Notes {
        #[arg(long)]
        cohort: String,
        #[arg(long)]
        went_well: Option<String>,
        #[arg(long)]
        problems: Option<String>,
        #[arg(long)]
        changes: Option<String>,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Show { cohort, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let m = retro::metrics(store, c.id)?;
            print(out.json, &m, |m| {
                println!("{} ({} – {})", m.cohort, m.start_date, m.end_date);
                for (k, v) in report::lines(m, store.lang()) {
                    println!("{k}\t{v}");
                }
            });
        }
        Action::Compare { cohort, out } => {
            let ids = cohort.iter().map(|n| resolve::cohort(store, n).map(|c| c.id)).collect::<qunzhu_core::Result<Vec<_>>>()?;
            let cmp = retro::compare(store, &ids)?;
            print(out.json, &cmp, print_comparison);
        }
        Action::Export { cohort, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let path = report::export(store, c.id, &out)?;
            println!("{}", path.display());
        }
        Action::Survey { cohort, file, staff, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let audience = if staff { survey::Audience::Staff } else { survey::Audience::Members };
            let r = survey::import(store, c.id, &file, audience, &[])?;
            print(out.json, &r, |r| {
                println!("{} respondents, {} linked to members", r.respondents, r.linked);
                for q in &r.questions {
                    println!("{}\t{:?}\t{}", q.idx, q.use_as, q.text);
                }
            });
        }
        Action::Notes { cohort, went_well, problems, changes } => {
            let c = resolve::cohort(store, &cohort)?;
            let mut n = retro::notes(store, c.id)?;
            if let Some(v) = went_well {
                n.went_well = v;
            }
            if let Some(v) = problems {
                n.problems = v;
            }
            if let Some(v) = changes {
                n.changes = v;
            }
            retro::save_notes(store, c.id, &n)?;
        }
    }
    Ok(())
}

/// A metric a row, the first cohort's value, then each other's with its difference.
fn print_comparison(cmp: &Comparison) {
    println!("metric\t{}", cmp.cohorts.iter().map(|m| m.cohort.as_str()).collect::<Vec<_>>().join("\t"));
    for r in &cmp.rows {
        let cell = |v: &Option<f64>| v.map_or("—".to_string(), |v| if r.rate { format!("{:.1}%", v * 100.0) } else { format!("{v:.1}") });
        let delta = |d: &Option<f64>| d.map_or("—".into(), |d| if r.rate { format!("{:+.1} pt", d * 100.0) } else { format!("{d:+.1}") });
        let values: Vec<String> = r.values.iter().zip(&r.deltas).enumerate().map(|(i, (v, d))| if i == 0 { cell(v) } else { format!("{} ({})", cell(v), delta(d)) }).collect();
        println!("{}\t{}", r.key, values.join("\t"));
    }
}
