//! `backup create | list | restore`: listing and restoring need only the data folder (they
//! bring back a store that no longer opens: a failed upgrade, a damaged file).

use crate::print::{print, JsonFlag};
use crate::Ctx;
use clap::Subcommand;
use qunzhu_core::{backup, Error};

#[derive(Subcommand)]
pub enum Action {
    Create,
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    Restore { id: String },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    match action {
        Action::List { out } => {
            let rows = backup::list_in(ctx.dir())?;
            print(out.json, &rows, |rows| {
                for b in rows {
                    println!("{}\t{}\t{}\t{} bytes", b.id, b.created_at, b.reason, b.size_bytes);
                }
            });
        }
        Action::Restore { id } => {
            let b = backup::restore_in(ctx.dir(), &id)?;
            println!("restored {}", b.id);
        }
        Action::Create => {
            let b = backup::create(ctx.store()?, "manual")?;
            println!("{}", b.id);
        }
    }
    Ok(())
}
