//! `sop check | list | show | save`: SOP templates (a cohort's ritual calendar as data); a
//! check needs no data folder.

use crate::print::{print, JsonFlag};
use crate::Ctx;
use clap::Subcommand;
use qunzhu_core::{calendar, sop, Error};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum Action {
    /// Check a template file: prints ok, or the error with its line
    Check { file: PathBuf },
    /// The bundled templates and the operator's own
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// A template's TOML source (bundled or the operator's own)
    Show { key: String },
    /// Save a template file as one of the operator's own (replacing the one with its key)
    Save {
        file: PathBuf,
        /// Also regenerate the calendars of the cohorts using it that have not ended (tasks done are kept)
        #[arg(long)]
        update_running: bool,
    },
}

fn check(file: &Path) -> Result<(), Error> {
    let src = sop::read_file(file)?;
    let s = sop::parse(&file.display().to_string(), &src)?;
    println!("ok: {} ({}), {} tasks", s.name, s.key, s.tasks.len());
    Ok(())
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    if let Action::Check { file } = &action {
        return check(file);
    }
    let store = ctx.store()?;
    match action {
        Action::Check { .. } => unreachable!("checked above"),
        Action::List { out } => {
            let all = sop::list(store)?;
            print(out.json, &all, |all| {
                for s in all {
                    println!("{}\t{}\t{} tasks\t{}", s.key, s.name, s.tasks, if s.builtin { "bundled" } else { "own" });
                }
            });
        }
        Action::Show { key } => print!("{}", sop::source(store, &key)?),
        Action::Save { file, update_running } => {
            let src = sop::read_file(&file)?;
            let s = sop::save(store, &src, None)?;
            println!("saved {} ({}), {} tasks", s.name, s.key, s.tasks.len());
            let running = calendar::cohorts_using(store, &s.key)?;
            if update_running {
                let ids: Vec<i64> = running.iter().map(|c| c.id).collect();
                for (id, n) in calendar::reapply(store, &s.key, &ids)? {
                    let name = running.iter().find(|c| c.id == id).map(|c| c.name.as_str()).unwrap_or("");
                    println!("updated {name}: {n} tasks planned (tasks done kept)");
                }
            } else if !running.is_empty() {
                let names: Vec<&str> = running.iter().map(|c| c.name.as_str()).collect();
                println!("cohorts using it: {} (run again with --update-running to update their calendars)", names.join(", "));
            }
        }
    }
    Ok(())
}
