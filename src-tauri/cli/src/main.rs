//! `qunzhu-cli`: Qunzhu without a window, over the same data folder, for scripts and checks.
//! Errors go to stderr as `error[code]: message` with a non-zero exit code.
//!
//! One file a noun under `commands/`, each with its clap arguments and what they do; `resolve`
//! finds cohorts, groups and members by name, `print` writes a table or `--json`. The commands
//! and JSON fields are interfaces scripts rely on: add to them, rename none.

mod commands;
mod print;
mod resolve;

use clap::{Parser, Subcommand};
use commands::*;
use qunzhu_core::{Error, Lang, Store};
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "qunzhu-cli", version, about = "Qunzhu 群主 without a window: members, cohorts, backups")]
struct Cli {
    /// Data folder (default: $QUNZHU_DATA_DIR, else the OS app-data folder)
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Demo community
    Demo {
        #[command(subcommand)]
        action: demo::Action,
    },
    /// Members: add, list, delete
    Members {
        #[command(subcommand)]
        action: members::Action,
    },
    /// Cohorts (期)
    Cohorts {
        #[command(subcommand)]
        action: cohorts::Action,
    },
    /// Groups (群) of a cohort
    Groups {
        #[command(subcommand)]
        action: groups::Action,
    },
    /// The trash
    Trash {
        #[command(subcommand)]
        action: trash::Action,
    },
    /// Backups of the data
    Backup {
        #[command(subcommand)]
        action: backup::Action,
    },
    /// Lunar (农历) ⇄ solar conversions, 1901-2100
    Lunar {
        #[command(subcommand)]
        action: lunar::Action,
    },
    /// SOP templates (a cohort's ritual calendar as data)
    Sop {
        #[command(subcommand)]
        action: sop::Action,
    },
    /// A cohort's ritual calendar
    Calendar {
        #[command(subcommand)]
        action: calendar::Action,
    },
    /// Posters and certificates: PNG and PDF from SVG templates
    Render {
        #[command(subcommand)]
        action: render::Action,
    },
    /// Certificates issued: verify a scanned QR code, revoke
    Certificates {
        #[command(subcommand)]
        action: certificates::Action,
    },
    /// Poster and certificate templates (SVG)
    Templates {
        #[command(subcommand)]
        action: templates::Action,
    },
    /// Daily marks: check-in (打卡), homework (作业), excellent homework, lecture attended (听课)
    Checkins {
        #[command(subcommand)]
        action: checkins::Action,
    },
    /// Group-chat exports (留痕, PyWxDump, QQ): import into a cohort, stats
    Chats {
        #[command(subcommand)]
        action: chats::Action,
    },
    /// The post-cohort retrospective (复盘): metrics, comparison, export, surveys, findings
    Retro {
        #[command(subcommand)]
        action: retro::Action,
    },
    /// Points (积分): leaderboards, a member's ledger, rules, adjustments
    Points {
        #[command(subcommand)]
        action: points::Action,
    },
    /// Members' birthdays: upcoming, and an ICS file for a phone calendar
    Birthdays {
        #[command(subcommand)]
        action: birthdays::Action,
    },
    /// Sign-ups and orders (报名 / 订单): import a sheet into a cohort, list
    Orders {
        #[command(subcommand)]
        action: orders::Action,
    },
    /// Costs (成本) of a cohort: add, list, delete
    Costs {
        #[command(subcommand)]
        action: costs::Action,
    },
    /// The growth report: 用户规模, 付费, 入群, 活跃, 完课, 续费, revenue, costs, channels, referrers
    Growth(growth::Args),
    /// Where the data is and what it holds
    Info(info::InfoArgs),
    /// How each save reaches the disk: normal (the default: a power cut may lose the last
    /// saves, never corrupt the data) or full (every save waits for the disk; slower imports)
    Durability(info::DurabilityArgs),
}

/// What a command runs against: the data folder, and its store opened on first use (a lunar
/// conversion or a template check needs none; backups are listed and restored from the folder
/// alone, as they are how a store that no longer opens is brought back).
pub struct Ctx {
    dir: PathBuf,
    store: OnceCell<Store>,
}

impl Ctx {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn store(&self) -> Result<&Store, Error> {
        if let Some(s) = self.store.get() {
            return Ok(s);
        }
        let s = Store::open(&self.dir)?;
        Ok(self.store.get_or_init(|| s))
    }
}

fn run(command: Command, ctx: &Ctx) -> Result<(), Error> {
    match command {
        Command::Demo { action } => demo::run(ctx, action),
        Command::Members { action } => members::run(ctx, action),
        Command::Cohorts { action } => cohorts::run(ctx, action),
        Command::Groups { action } => groups::run(ctx, action),
        Command::Trash { action } => trash::run(ctx, action),
        Command::Backup { action } => backup::run(ctx, action),
        Command::Lunar { action } => lunar::run(action),
        Command::Sop { action } => sop::run(ctx, action),
        Command::Calendar { action } => calendar::run(ctx, action),
        Command::Render { action } => render::run(ctx, action),
        Command::Certificates { action } => certificates::run(ctx, action),
        Command::Templates { action } => templates::run(ctx, action),
        Command::Checkins { action } => checkins::run(ctx, action),
        Command::Chats { action } => chats::run(ctx, action),
        Command::Retro { action } => retro::run(ctx, action),
        Command::Points { action } => points::run(ctx, action),
        Command::Birthdays { action } => birthdays::run(ctx, action),
        Command::Orders { action } => orders::run(ctx, action),
        Command::Costs { action } => costs::run(ctx, action),
        Command::Growth(args) => growth::run(ctx, args),
        Command::Info(args) => info::info(ctx, args),
        Command::Durability(args) => info::durability(ctx, args),
    }
}

fn main() -> ExitCode {
    // Piped into `head` or `grep -m1`, stop quietly when the reader goes, as other Unix tools do.
    #[cfg(unix)]
    // SAFETY: restoring the default action of a signal before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let ctx = Ctx { dir: cli.data_dir.unwrap_or_else(qunzhu_core::store::default_data_dir), store: OnceCell::new() };
    match run(cli.command, &ctx) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let e = qunzhu_core::store::explain(e, &ctx.dir);
            // A progress line left open ends before the error's own line.
            if print::PROGRESS_SHOWN.load(std::sync::atomic::Ordering::Relaxed) {
                eprintln!();
            }
            eprintln!("error[{}]: {}", e.code(), e.message(Lang::from_env()));
            ExitCode::FAILURE
        }
    }
}
