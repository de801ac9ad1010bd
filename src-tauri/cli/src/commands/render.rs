//! `render certificates | poster`: PDF and PNG from SVG templates.

use crate::{resolve, Ctx};
use clap::{Subcommand, ValueEnum};
use qunzhu_core::{posters, render, Error};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
    /// A cohort's certificates (or any template's pages) as one PDF; prints the count and serials
    Certificates {
        #[arg(long)]
        cohort: String,
        /// Template: completion_certificate, admission_letter, today_star … or an imported one's key
        #[arg(long)]
        template: String,
        #[arg(long)]
        out: PathBuf,
        /// all: everyone placed in the cohort; graduates: those who have not left it
        #[arg(long, default_value = "all")]
        members: MemberSet,
        /// Render even when a name has characters no font can draw (they would be missing)
        #[arg(long)]
        allow_missing_glyphs: bool,
    },
    /// One member's poster as a PNG
    Poster {
        /// Member name or id
        #[arg(long)]
        member: String,
        #[arg(long)]
        template: String,
        #[arg(long)]
        out: PathBuf,
        /// The cohort the poster is for (default: the member's first)
        #[arg(long)]
        cohort: Option<String>,
        /// Width in pixels (default 1080)
        #[arg(long, default_value_t = 1080)]
        width: u32,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum MemberSet {
    All,
    Graduates,
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    let fonts = render::Fonts::standard()?;
    match action {
        Action::Certificates { cohort, template, out, members, allow_missing_glyphs } => {
            let c = resolve::cohort(store, &cohort)?;
            let ids = posters::cohort_members(store, c.id, matches!(members, MemberSet::Graduates))?;
            let req = posters::BatchRequest { cohort_id: Some(c.id), template, members: ids, out, format: posters::Format::Pdf, allow_undrawable: allow_missing_glyphs };
            let batch = posters::render_batch(store, &fonts, &req, &qunzhu_core::jobs::Job::quiet())?;
            println!("{} pages written to {}", batch.pages, batch.path);
            for i in &batch.issued {
                println!("{}\t{}{}", i.serial, i.name, if i.reissued { "\t(issued before)" } else { "" });
            }
        }
        Action::Poster { member, template, out, cohort, width } => {
            let id = resolve::member_id(store, &member)?;
            let cohort_id = resolve::cohort_id(store, cohort.as_deref())?;
            let png = posters::render_poster(store, &fonts, id, cohort_id, &template, width)?;
            std::fs::write(&out, &png).map_err(|e| Error::io(&out, e))?;
            println!("wrote {}", out.display());
        }
    }
    Ok(())
}
