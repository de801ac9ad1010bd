//! `templates check | import | list`: poster and certificate templates (SVG); a check needs
//! no data folder.

use crate::print::{print, JsonFlag};
use crate::Ctx;
use clap::Subcommand;
use qunzhu_core::render::template::TemplateReport;
use qunzhu_core::{posters, render, Error};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum Action {
    /// Check an SVG template: placeholders, fonts, anything reaching outside it
    Check {
        file: PathBuf,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Import an SVG template (refused when the check refuses it)
    Import { file: PathBuf },
    /// The bundled and imported templates
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
}

fn refused(file: &Path, report: &TemplateReport) -> Error {
    Error::TemplateRefused { path: file.display().to_string(), problems: report.refused.len() + usize::from(report.syntax.is_some()) }
}

fn check(file: &Path, json: bool) -> Result<(), Error> {
    let fonts = render::Fonts::standard()?;
    let src = posters::read_template(file)?;
    let name = file.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let report = render::template::check(&name, &src, file.parent(), &fonts, &[]);
    print_report(json, &report);
    if report.usable() {
        Ok(())
    } else {
        Err(refused(file, &report))
    }
}

fn print_report(json: bool, report: &TemplateReport) {
    print(json, report, |r| {
        if let Some(s) = &r.syntax {
            println!("not readable: {s}");
            return;
        }
        println!("{} ({}), {:.0} × {:.0} mm", r.name, r.kind.as_deref().unwrap_or("no kind"), r.width_mm, r.height_mm);
        println!("placeholders: {}", r.placeholders.join(" "));
        if !r.unknown_placeholders.is_empty() {
            println!("unknown placeholders (left empty): {}", r.unknown_placeholders.join(" "));
        }
        if !r.missing_fonts.is_empty() {
            println!("fonts not installed (the bundled font is used): {}", r.missing_fonts.join(", "));
        }
        for x in &r.refused {
            println!("refused: line {}: {}", x.line, x.what);
        }
        if r.usable() {
            println!("ok");
        }
    });
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    if let Action::Check { file, out } = &action {
        return check(file, out.json);
    }
    let store = ctx.store()?;
    match action {
        Action::Check { .. } => unreachable!("checked above"),
        Action::Import { file } => {
            let fonts = render::Fonts::standard()?;
            let posters::TemplateImport { report, key } = posters::import(store, &fonts, &file)?;
            print_report(false, &report);
            match key {
                Some(k) => println!("imported as {k}"),
                None => return Err(refused(&file, &report)),
            }
        }
        Action::List { out } => {
            let all = posters::list(store)?;
            print(out.json, &all, |all| {
                for t in all {
                    println!("{}\t{}\t{:.0}×{:.0} mm\t{}", t.key, t.name, t.width_mm, t.height_mm, if t.builtin { "bundled" } else { "imported" });
                }
            });
        }
    }
    Ok(())
}
