//! `demo load | clear | synthetic`.

use crate::Ctx;
use clap::Subcommand;
use qunzhu_core::{demo, members, Error};

#[derive(Subcommand)]
pub enum Action {
    /// Load the demo community into an empty data folder
    Load,
    /// Remove the demo community (a backup is taken first); what you added yourself stays
    Clear,
    /// Add N synthetic members with realistic Chinese names (load and speed tests)
    Synthetic {
        #[arg(long, default_value_t = 100_000)]
        members: usize,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Load => {
            let s = demo::load(store)?;
            println!("demo loaded: {} members, {} cohorts, {} groups", s.members, s.cohorts, s.groups);
        }
        Action::Clear => {
            let s = demo::clear(store)?;
            println!("demo cleared: {} members, {} cohorts, {} groups", s.members, s.cohorts, s.groups);
        }
        Action::Synthetic { members: n } => {
            let seed = members::count(store)? as u64 + 1;
            let people = demo::synthetic_members(n, seed);
            let ids = members::add_many(store, &people).map_err(|(row, e)| {
                eprintln!("synthetic member {row} was refused");
                e
            })?;
            println!("added {} synthetic members", ids.len());
        }
    }
    Ok(())
}
