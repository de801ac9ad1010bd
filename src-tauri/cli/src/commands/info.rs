//! `info` (where the data is and what it holds) and `durability [normal|full]`.

use crate::print::{print, JsonFlag};
use crate::Ctx;
use qunzhu_core::Error;

#[derive(clap::Args)]
pub struct InfoArgs {
    #[command(flatten)]
    out: JsonFlag,
}

#[derive(clap::Args)]
pub struct DurabilityArgs {
    #[arg(value_parser = ["normal", "full"])]
    level: Option<String>,
}

pub fn info(ctx: &Ctx, args: InfoArgs) -> Result<(), Error> {
    let info = qunzhu_core::app::info(ctx.store()?)?;
    print(args.out.json, &info, |i| {
        println!("data folder: {}\ndatabase: {}\nschema: v{}\nmembers: {}", i.data_dir, i.db_path, i.schema_version, i.members);
    });
    Ok(())
}

pub fn durability(ctx: &Ctx, args: DurabilityArgs) -> Result<(), Error> {
    let store = ctx.store()?;
    if let Some(level) = args.level {
        qunzhu_core::store::set_full_durability(store, level == "full")?;
    }
    println!("{}", if qunzhu_core::store::full_durability(store)? { "full" } else { "normal" });
    Ok(())
}
