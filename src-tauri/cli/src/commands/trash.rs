//! `trash list | restore KIND ID`.

use crate::print::{print, JsonFlag};
use crate::Ctx;
use clap::{Subcommand, ValueEnum};
use qunzhu_core::{trash, Entity, Error};

#[derive(Subcommand)]
pub enum Action {
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Restore an item from the trash
    Restore { kind: Kind, id: i64 },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Member,
    Cohort,
    Group,
    Cost,
    Order,
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::List { out } => {
            let rows = trash::list(store)?;
            print(out.json, &rows, |rows| {
                for t in rows {
                    println!("{:?}\t{}\t{}\t{}\t{}", t.kind, t.id, t.label, t.detail, t.deleted_at);
                }
            });
        }
        Action::Restore { kind, id } => {
            let kind = match kind {
                Kind::Member => Entity::Member,
                Kind::Cohort => Entity::Cohort,
                Kind::Group => Entity::Group,
                Kind::Cost => Entity::Cost,
                Kind::Order => Entity::Order,
            };
            trash::restore(store, kind, id)?;
            println!("restored {kind:?} {id}");
        }
    }
    Ok(())
}
