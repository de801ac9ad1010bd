//! `certificates verify | revoke | key-export | key-import | list`.

use crate::print::{opt, print, JsonFlag};
use crate::{resolve, Ctx};
use clap::Subcommand;
use qunzhu_core::certificates::{self, Verdict};
use qunzhu_core::Error;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
    /// Verify the text of a scanned QR code: valid / revoked / forged
    Verify { payload: String },
    /// Revoke a certificate by serial
    Revoke { serial: String },
    /// Write this installation's signing key to a file, to move Qunzhu to a new computer.
    /// Whoever holds the file can sign certificates in your name: keep it safe, delete it after.
    KeyExport { out: PathBuf },
    /// Take another installation's signing key (its key-export file); this one's own key is kept
    /// as retired, so what it signed still verifies
    KeyImport { file: PathBuf },
    /// Certificates issued, newest first, with the text of each QR code (`--json`)
    List {
        /// Only this cohort's
        #[arg(long)]
        cohort: Option<String>,
        /// A serial or a name (part of one)
        #[arg(long)]
        search: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Verify { payload } => match certificates::verify(store, &payload)? {
            Verdict::Valid { serial, name } => println!("valid\t{serial}\t{name}"),
            Verdict::Revoked { serial, name, revoked_at } => println!("revoked\t{serial}\t{name}\t{revoked_at}"),
            Verdict::Forged => println!("forged"),
        },
        Action::List { cohort, search, out } => {
            let cohort_id = resolve::cohort_id(store, cohort.as_deref())?;
            let rows = certificates::list(store, cohort_id, search.as_deref().unwrap_or(""))?;
            print(out.json, &rows, |rows| {
                for r in rows {
                    let status = r.revoked_at.as_deref().map(|at| format!("revoked {at}")).unwrap_or_else(|| "valid".into());
                    println!("{}\t{}\t{}\t{}\t{}", r.serial, r.name, opt(&r.cohort), r.template, status);
                }
                eprintln!("{} certificates", rows.len());
            });
        }
        Action::Revoke { serial } => {
            certificates::revoke(store, &serial)?;
            println!("revoked {serial}");
        }
        Action::KeyExport { out } => {
            certificates::export_key(store, &out)?;
            println!("wrote {}", out.display());
            eprintln!("warning: whoever holds this file can sign certificates in this installation's name; move it to the new computer and delete it / 警告：持有此文件者可以以本机名义签发证书，导入新电脑后请删除");
        }
        Action::KeyImport { file } => {
            certificates::import_key(store, &file)?;
            println!("imported the signing key from {}", file.display());
        }
    }
    Ok(())
}
