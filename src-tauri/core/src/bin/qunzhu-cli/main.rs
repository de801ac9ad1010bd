//! `qunzhu-cli`: Qunzhu without a window, over the same data folder, for scripts and checks.
//! Errors go to stderr as `error[code]: message` with a non-zero exit code.

use clap::{Args, Parser, Subcommand, ValueEnum};

mod growth;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use qunzhu_core::cohorts::{self, CohortInput, GroupInput};
use qunzhu_core::members::{self, MemberInput, MemberQuery};
use qunzhu_core::export::{self, TextEncoding};
use qunzhu_core::import::{self, ImportOptions, MergePolicy};
use qunzhu_core::{backup, demo, trash, Entity, Error, Lang, Store};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
        action: DemoAction,
    },
    /// Members: add, list, delete
    Members {
        #[command(subcommand)]
        action: MemberAction,
    },
    /// Cohorts (期)
    Cohorts {
        #[command(subcommand)]
        action: CohortAction,
    },
    /// Groups (群) of a cohort
    Groups {
        #[command(subcommand)]
        action: GroupAction,
    },
    /// The trash
    Trash {
        #[command(subcommand)]
        action: TrashAction,
    },
    /// Backups of the data
    Backup {
        #[command(subcommand)]
        action: BackupAction,
    },
    /// Lunar (农历) ⇄ solar conversions, 1901-2100
    Lunar {
        #[command(subcommand)]
        action: LunarAction,
    },
    /// SOP templates (a cohort's ritual calendar as data)
    Sop {
        #[command(subcommand)]
        action: SopAction,
    },
    /// A cohort's ritual calendar
    Calendar {
        #[command(subcommand)]
        action: CalendarAction,
    },
    /// Posters and certificates: PNG and PDF from SVG templates
    Render {
        #[command(subcommand)]
        action: RenderAction,
    },
    /// Certificates issued: verify a scanned QR code, revoke
    Certificates {
        #[command(subcommand)]
        action: CertificateAction,
    },
    /// Poster and certificate templates (SVG)
    Templates {
        #[command(subcommand)]
        action: TemplateAction,
    },
    /// Daily marks: check-in (打卡), homework (作业), excellent homework, lecture attended (听课)
    Checkins {
        #[command(subcommand)]
        action: CheckinAction,
    },
    /// Group-chat exports (留痕, PyWxDump, QQ): import into a cohort, stats
    Chats {
        #[command(subcommand)]
        action: ChatAction,
    },
    /// The post-cohort retrospective (复盘): metrics, comparison, export, surveys, findings
    Retro {
        #[command(subcommand)]
        action: RetroAction,
    },
    /// Points (积分): leaderboards, a member's ledger, rules, adjustments
    Points {
        #[command(subcommand)]
        action: PointsAction,
    },
    /// Members' birthdays: upcoming, and an ICS file for a phone calendar
    Birthdays {
        #[command(subcommand)]
        action: BirthdayAction,
    },
    /// Sign-ups and orders (报名 / 订单): import a sheet into a cohort, list
    Orders {
        #[command(subcommand)]
        action: growth::OrderAction,
    },
    /// Costs (成本) of a cohort: add, list, delete
    Costs {
        #[command(subcommand)]
        action: growth::CostAction,
    },
    /// The growth report: 用户规模, 付费, 入群, 活跃, 完课, 续费, revenue, costs, channels, referrers
    Growth {
        /// One cohort (by name)
        #[arg(long, conflicts_with = "all")]
        cohort: Option<String>,
        /// Every cohort, with totals and repeat buyers
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Where the data is and what it holds
    Info {
        #[arg(long)]
        json: bool,
    },
    /// How each save reaches the disk: normal (the default: a power cut may lose the last
    /// saves, never corrupt the data) or full (every save waits for the disk; slower imports)
    Durability {
        #[arg(value_parser = ["normal", "full"])]
        level: Option<String>,
    },
}

#[derive(Subcommand)]
enum DemoAction {
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

#[derive(Args)]
struct JsonFlag {
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum MemberAction {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        wechat: Option<String>,
        #[arg(long, default_value = "")]
        city: String,
        #[arg(long, default_value = "")]
        nickname: String,
        #[arg(long, default_value = "")]
        channel: String,
        /// Who brought them (推荐人): a member's name or id
        #[arg(long, value_name = "NAME-OR-ID")]
        referrer: Option<String>,
        /// A tag (repeat for several)
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Solar birthday: MM-DD or YYYY-MM-DD
        #[arg(long)]
        birthday: Option<String>,
        /// The birthday is lunar (农历): month and day of the lunar calendar
        #[arg(long)]
        lunar: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    List {
        /// Name, nickname, phone, WeChat ID, pinyin or initials
        #[arg(long)]
        search: Option<String>,
        /// Only members of this cohort (by name)
        #[arg(long)]
        cohort: Option<String>,
        /// Only members who came by this channel (first channel or a sign-up's)
        #[arg(long)]
        channel: Option<String>,
        /// Only members brought by this member (name or id)
        #[arg(long, value_name = "NAME-OR-ID")]
        referrer: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Move a member to the trash
    Delete { id: i64 },
    /// Members of a cohort with no activity for N days (longest silent first)
    Silent {
        #[arg(long)]
        cohort: String,
        /// Days without a mark, a point or an activity reply (default: the setting, else 7)
        #[arg(long)]
        days: Option<u32>,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Import members from CSV (UTF-8 or GBK), XLSX/XLS, or a 问卷星 / 腾讯问卷 / 金数据 export
    Import {
        file: PathBuf,
        /// Put everyone into this cohort (by name)
        #[arg(long)]
        cohort: Option<String>,
        /// ...and this group of it (by name)
        #[arg(long)]
        group: Option<String>,
        /// ...or into the group named by this column's value (header text), e.g. 城市
        #[arg(long, value_name = "HEADER")]
        group_by: Option<String>,
        /// Tag everyone (repeat for several)
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Members who already exist: keep them (skip), overwrite (update) or fill what they lack
        #[arg(long, value_enum, default_value = "skip")]
        policy: Policy,
        /// Import the good rows and report the bad ones as skipped
        #[arg(long)]
        skip_bad_rows: bool,
        /// Spreadsheet sheet (default: the first)
        #[arg(long)]
        sheet: Option<String>,
        /// Report what would happen; write nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Export members to OUT.csv or OUT.xlsx
    Export {
        out: PathBuf,
        #[arg(long, value_enum, default_value = "utf-8")]
        encoding: Encoding,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        cohort: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Policy {
    Skip,
    Update,
    FillBlanks,
}

#[derive(Clone, Copy, ValueEnum)]
enum Encoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    Gbk,
}

#[derive(Subcommand)]
enum CohortAction {
    Add {
        #[arg(long)]
        name: String,
        /// YYYY-MM-DD
        #[arg(long)]
        start: String,
        /// YYYY-MM-DD
        #[arg(long)]
        end: String,
        /// Group naming rule, e.g. {期}期{城市}{序号}群
        #[arg(long, default_value = "")]
        rule: String,
        /// SOP template key (qunzhu-cli sop list), e.g. default-21day: generates the ritual calendar
        #[arg(long)]
        sop: Option<String>,
        /// Check-in or live-room link: fills {链接} in the calendar's 话术
        #[arg(long, default_value = "")]
        link: String,
        /// Certificate serials, e.g. XZ-{year}-{seq:05} (default {prefix}-{year}-{seq:06})
        #[arg(long, default_value = "")]
        serial_pattern: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// A cohort's completion rule (结业标准): show it, or set it with any of the counts
    /// (0 clears one; none set means "did not leave")
    Completion {
        #[arg(long)]
        cohort: String,
        /// At least N check-in days
        #[arg(long)]
        checkins: Option<u32>,
        /// At least N homework
        #[arg(long)]
        homework: Option<u32>,
        /// At least N lectures
        #[arg(long)]
        lectures: Option<u32>,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
enum GroupAction {
    Add {
        #[arg(long)]
        cohort: String,
        /// Group name; omitted: proposed by the cohort's naming rule
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value = "")]
        city: String,
        #[arg(long, default_value = "")]
        channel: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    List {
        #[arg(long)]
        cohort: String,
        #[command(flatten)]
        out: JsonFlag,
    },
}

#[derive(Subcommand)]
enum TrashAction {
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Restore an item from the trash
    Restore { kind: Kind, id: i64 },
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Member,
    Cohort,
    Group,
}

#[derive(Subcommand)]
enum LunarAction {
    /// The lunar date of a solar date: YYYY-MM-DD
    FromSolar {
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// The solar date of a lunar date; an error if it does not exist
    ToSolar {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: u32,
        #[arg(long)]
        day: u32,
        /// The leap month (闰月)
        #[arg(long)]
        leap: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CheckinAction {
    /// Mark members for a day by name or group nickname (as copied from WeChat); names that match
    /// no one, or several people, are listed and not marked
    Mark {
        #[arg(long)]
        cohort: String,
        /// YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// checkin, homework, excellent or lecture
        #[arg(long)]
        kind: String,
        /// Remove the marks instead
        #[arg(long)]
        unmark: bool,
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        names: Vec<String>,
    },
}

#[derive(Subcommand)]
enum ChatAction {
    /// Import a chat export into a cohort (a file imported twice adds nothing)
    Import {
        file: PathBuf,
        #[arg(long)]
        cohort: String,
        /// The group the chat is of (by name)
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Messages by hour, the monitor's weekly share, and per member messages, active days and check-ins
    Stats {
        #[arg(long)]
        cohort: String,
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum RetroAction {
    /// Every metric of a cohort's retrospective (rates between 0 and 1)
    Show {
        #[arg(long)]
        cohort: String,
        #[arg(long)]
        json: bool,
    },
    /// Two or more cohorts side by side, each metric against the first
    Compare {
        /// Give it twice or more: --cohort A --cohort B
        #[arg(long, required = true, num_args = 1)]
        cohort: Vec<String>,
        #[arg(long)]
        json: bool,
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
        #[arg(long)]
        json: bool,
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

#[derive(Subcommand)]
enum PointsAction {
    /// A cohort's members ranked by points
    Leaderboard {
        #[arg(long)]
        cohort: String,
        /// day, week, cohort (default) or all
        #[arg(long, default_value = "cohort")]
        period: String,
        /// The day (or a day of the week) for day and week; default today
        #[arg(long)]
        date: Option<String>,
        /// Only this group (by name)
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every entry of a member's points, newest first, with the total
    Ledger {
        /// Member name or id
        member: String,
        #[arg(long)]
        cohort: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The rules in force
    Rules {
        #[arg(long)]
        json: bool,
    },
    /// Change a rule's points from now on (history keeps its points)
    SetRule { key: String, points: i64 },
    /// Credit 推荐完课 to the referrers of a cohort's graduates (and take back what no longer holds)
    Referrals {
        #[arg(long)]
        cohort: String,
    },
    /// Add or take points by hand, with the reason
    Adjust {
        /// Member name or id
        member: String,
        #[arg(long, allow_hyphen_values = true)]
        points: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        cohort: Option<String>,
    },
}

#[derive(Subcommand)]
enum CalendarAction {
    /// Write the cohort's calendar as an .ics file
    Ics {
        #[arg(long)]
        cohort: String,
        out: PathBuf,
    },
    /// The cohort's tasks, from and to a date (YYYY-MM-DD)
    List {
        #[arg(long)]
        cohort: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a one-off task to a cohort's calendar
    Add {
        #[arg(long)]
        cohort: String,
        /// YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// HH:MM
        #[arg(long)]
        time: String,
        #[arg(long)]
        title: String,
        /// 班长, 助教, KOC, 宣传官, 整理官, 嘉宾 or 群主
        #[arg(long, default_value = "群主")]
        role: String,
        /// 话术, placeholders allowed
        #[arg(long, default_value = "")]
        message: String,
    },
    /// Tick a task done (ids from calendar list --json)
    Done { id: i64 },
}

#[derive(Subcommand)]
enum RenderAction {
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum MemberSet {
    All,
    Graduates,
}

#[derive(Subcommand)]
enum CertificateAction {
    /// Verify the text of a scanned QR code: valid / revoked / forged
    Verify { payload: String },
    /// Revoke a certificate by serial
    Revoke { serial: String },
    /// Write this installation's signing key to a file, to move Qunzhu to a new computer.
    /// Whoever holds the file can sign certificates in your name: keep it safe, delete it after.
    KeyExport { out: std::path::PathBuf },
    /// Take another installation's signing key (its key-export file); this one's own key is kept
    /// as retired, so what it signed still verifies
    KeyImport { file: std::path::PathBuf },
    /// Certificates issued, newest first, with the text of each QR code (`--json`)
    List {
        /// Only this cohort's
        #[arg(long)]
        cohort: Option<String>,
        /// A serial or a name (part of one)
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TemplateAction {
    /// Check an SVG template: placeholders, fonts, anything reaching outside it
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import an SVG template (refused when the check refuses it)
    Import { file: PathBuf },
    /// The bundled and imported templates
    List {
        #[arg(long)]
        json: bool,
    },
}

fn template_check(file: &Path, json: bool) -> Result<(), Error> {
    let fonts = qunzhu_core::render::Fonts::standard()?;
    let src = qunzhu_core::posters::read_template(file)?;
    let name = file.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let report = qunzhu_core::render::template::check(&name, &src, file.parent(), &fonts, &[]);
    print_report(json, &report);
    if report.usable() {
        Ok(())
    } else {
        Err(Error::TemplateRefused { path: file.display().to_string(), problems: report.refused.len() + usize::from(report.syntax.is_some()) })
    }
}

fn print_report(json: bool, report: &qunzhu_core::render::template::TemplateReport) {
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

#[derive(Subcommand)]
enum SopAction {
    /// Check a template file: prints ok, or the error with its line
    Check { file: PathBuf },
    /// The bundled templates and the operator's own
    List {
        #[arg(long)]
        json: bool,
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

fn sop_check(file: &Path) -> Result<(), Error> {
    let src = qunzhu_core::sop::read_file(file)?;
    let s = qunzhu_core::sop::parse(&file.display().to_string(), &src)?;
    println!("ok: {} ({}), {} tasks", s.name, s.key, s.tasks.len());
    Ok(())
}

fn sop_command(store: &Store, action: SopAction) -> Result<(), Error> {
    use qunzhu_core::{calendar, sop};
    match action {
        SopAction::Check { file } => sop_check(&file)?,
        SopAction::List { json } => {
            let all = sop::list(store)?;
            print(json, &all, |all| {
                for s in all {
                    println!("{}\t{}\t{} tasks\t{}", s.key, s.name, s.tasks, if s.builtin { "bundled" } else { "own" });
                }
            });
        }
        SopAction::Show { key } => print!("{}", sop::source(store, &key)?),
        SopAction::Save { file, update_running } => {
            let src = qunzhu_core::sop::read_file(&file)?;
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

#[derive(Subcommand)]
enum BirthdayAction {
    /// Birthdays from a date (default today) through N days later
    Upcoming {
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// YYYY-MM-DD
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        cohort: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write birthdays as an .ics file (lunar ones as dated events for N years)
    Ics {
        out: PathBuf,
        #[arg(long, default_value_t = 5)]
        years: u32,
        #[arg(long)]
        cohort: Option<String>,
        /// YYYY-MM-DD the events start from (default today)
        #[arg(long)]
        from: Option<String>,
    },
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, Error> {
    cohorts::parse_date(qunzhu_core::error::Field::Date, s)
}

fn lunar_command(action: LunarAction) -> Result<(), Error> {
    use qunzhu_core::lunar;
    match action {
        LunarAction::FromSolar { date, json } => {
            let l = lunar::from_solar(parse_date(&date)?)?;
            print(json, &l, |l| {
                println!("{} {}", l.lunar_year, lunar::text(l.lunar_month, l.lunar_day, l.is_leap_month))
            });
        }
        LunarAction::ToSolar { year, month, day, leap, json } => {
            #[derive(Serialize)]
            struct Out {
                date: String,
            }
            let d = lunar::to_solar(year, month, day, leap)?;
            print(json, &Out { date: d.to_string() }, |o| println!("{}", o.date));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
enum BackupAction {
    Create,
    List {
        #[command(flatten)]
        out: JsonFlag,
    },
    Restore { id: String },
}

fn print<T: Serialize>(json: bool, value: &T, table: impl FnOnce(&T)) {
    if json {
        match serde_json::to_string_pretty(value) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("error[json]: {e}"),
        }
    } else {
        table(value)
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("-")
}

fn run(cli: Cli) -> Result<(), Error> {
    let command = match cli.command {
        Command::Lunar { action } => return lunar_command(action),
        Command::Sop { action: SopAction::Check { file } } => return sop_check(&file),
        Command::Templates { action: TemplateAction::Check { file, json } } => return template_check(&file, json),
        other => other,
    };
    let dir = cli.data_dir.unwrap_or_else(qunzhu_core::store::default_data_dir);
    // Backups are listed and restored from the folder alone: they are how a store that no
    // longer opens (a failed upgrade, a damaged file) is brought back.
    let command = match command {
        Command::Backup { action: BackupAction::List { out } } => {
            let rows = backup::list_in(&dir)?;
            print(out.json, &rows, |rows| {
                for b in rows {
                    println!("{}\t{}\t{}\t{} bytes", b.id, b.created_at, b.reason, b.size_bytes);
                }
            });
            return Ok(());
        }
        Command::Backup { action: BackupAction::Restore { id } } => {
            let b = backup::restore_in(&dir, &id)?;
            println!("restored {}", b.id);
            return Ok(());
        }
        other => other,
    };
    let store = Store::open(&dir)?;
    match command {
        Command::Lunar { .. } => unreachable!("handled above"),
        Command::Sop { action } => sop_command(&store, action)?,
        Command::Templates { action } => match action {
            TemplateAction::Check { .. } => unreachable!("handled above"),
            TemplateAction::Import { file } => {
                let fonts = qunzhu_core::render::Fonts::standard()?;
                let (report, key) = qunzhu_core::posters::import(&store, &fonts, &file)?;
                print_report(false, &report);
                match key {
                    Some(k) => println!("imported as {k}"),
                    None => return Err(Error::TemplateRefused { path: file.display().to_string(), problems: report.refused.len() + usize::from(report.syntax.is_some()) }),
                }
            }
            TemplateAction::List { json } => {
                let all = qunzhu_core::posters::list(&store)?;
                print(json, &all, |all| {
                    for t in all {
                        println!("{}\t{}\t{:.0}×{:.0} mm\t{}", t.key, t.name, t.width_mm, t.height_mm, if t.builtin { "bundled" } else { "imported" });
                    }
                });
            }
        },
        Command::Render { action } => {
            let fonts = qunzhu_core::render::Fonts::standard()?;
            match action {
                RenderAction::Certificates { cohort, template, out, members, allow_missing_glyphs } => {
                    let c = cohorts::find_by_name(&store, &cohort)?;
                    let ids = qunzhu_core::posters::cohort_members(&store, c.id, matches!(members, MemberSet::Graduates))?;
                    let req = qunzhu_core::posters::BatchRequest {
                        cohort_id: Some(c.id),
                        template,
                        members: ids,
                        out,
                        format: qunzhu_core::posters::Format::Pdf,
                        allow_undrawable: allow_missing_glyphs,
                    };
                    let batch = qunzhu_core::posters::render_batch(&store, &fonts, &req, |_| true)?;
                    println!("{} pages written to {}", batch.pages, batch.path);
                    for i in &batch.issued {
                        println!("{}\t{}{}", i.serial, i.name, if i.reissued { "\t(issued before)" } else { "" });
                    }
                }
                RenderAction::Poster { member, template, out, cohort, width } => {
                    let id = match member.parse::<i64>() {
                        Ok(id) => id,
                        Err(_) => members::find_by_name(&store, &member)?.id,
                    };
                    let cohort_id = cohort.map(|n| cohorts::find_by_name(&store, &n).map(|c| c.id)).transpose()?;
                    let png = qunzhu_core::posters::render_poster(&store, &fonts, id, cohort_id, &template, width)?;
                    std::fs::write(&out, &png).map_err(|e| Error::io(&out, e))?;
                    println!("wrote {}", out.display());
                }
            }
        }
        Command::Checkins { action: CheckinAction::Mark { cohort, date, kind, unmark, json, names } } => {
            use qunzhu_core::engagement::{self, MarkKind, MarkSource};
            let c = cohorts::find_by_name(&store, &cohort)?;
            parse_date(&date)?;
            let kind = MarkKind::parse(&kind).ok_or(Error::Invalid { field: qunzhu_core::error::Field::Kind, value: kind.clone() })?;
            let found = engagement::match_names(&store, c.id, &names.join("\n"))?;
            let ids: Vec<i64> = found.matched.iter().map(|m| m.member_id).collect();
            let changed = if ids.is_empty() { 0 } else { engagement::mark(&store, c.id, &date, kind, &ids, !unmark, MarkSource::Manual)? };
            #[derive(Serialize)]
            struct Out<'a> {
                changed: usize,
                matched: &'a [engagement::MatchedName],
                unmatched: &'a [String],
                ambiguous: &'a [engagement::Ambiguous],
            }
            let out = Out { changed, matched: &found.matched, unmatched: &found.unmatched, ambiguous: &found.ambiguous };
            print(json, &out, |o| {
                println!("{} {} {} marks changed ({} names matched)", date, kind.key(), o.changed, o.matched.len());
                for u in o.unmatched {
                    println!("unmatched\t{u}");
                }
                for a in o.ambiguous {
                    let who: Vec<String> = a.candidates.iter().map(|c| format!("{} (id {})", c.name, c.member_id)).collect();
                    println!("ambiguous\t{}\t{}", a.text, who.join(", "));
                }
            });
        }
        Command::Points { action } => points_command(&store, action)?,
        Command::Orders { action } => growth::orders_command(&store, action)?,
        Command::Costs { action } => growth::costs_command(&store, action)?,
        Command::Growth { cohort, all, json } => growth::growth_command(&store, cohort, all, json)?,
        Command::Retro { action } => {
            use qunzhu_core::retro::{self, report, survey};
            match action {
                RetroAction::Show { cohort, json } => {
                    let c = cohorts::find_by_name(&store, &cohort)?;
                    let m = retro::metrics(&store, c.id)?;
                    print(json, &m, |m| {
                        println!("{} ({} – {})", m.cohort, m.start_date, m.end_date);
                        for (k, v) in report::lines(m, store.lang()) {
                            println!("{k}\t{v}");
                        }
                    });
                }
                RetroAction::Compare { cohort, json } => {
                    let ids = cohort.iter().map(|n| cohorts::find_by_name(&store, n).map(|c| c.id)).collect::<qunzhu_core::Result<Vec<_>>>()?;
                    let cmp = retro::compare(&store, &ids)?;
                    print(json, &cmp, |cmp| {
                        println!("metric\t{}", cmp.cohorts.iter().map(|m| m.cohort.as_str()).collect::<Vec<_>>().join("\t"));
                        for r in &cmp.rows {
                            let cell = |v: &Option<f64>| v.map_or("—".to_string(), |v| if r.rate { format!("{:.1}%", v * 100.0) } else { format!("{v:.1}") });
                            let values: Vec<String> = r.values.iter().zip(&r.deltas).enumerate().map(|(i, (v, d))| {
                                if i == 0 { cell(v) } else { format!("{} ({})", cell(v), d.map_or("—".into(), |d| if r.rate { format!("{:+.1} pt", d * 100.0) } else { format!("{d:+.1}") })) }
                            }).collect();
                            println!("{}\t{}", r.key, values.join("\t"));
                        }
                    });
                }
                RetroAction::Export { cohort, out } => {
                    let c = cohorts::find_by_name(&store, &cohort)?;
                    let path = report::export(&store, c.id, &out)?;
                    println!("{}", path.display());
                }
                RetroAction::Survey { cohort, file, staff, json } => {
                    let c = cohorts::find_by_name(&store, &cohort)?;
                    let audience = if staff { survey::Audience::Staff } else { survey::Audience::Members };
                    let r = survey::import(&store, c.id, &file, audience, &[])?;
                    print(json, &r, |r| {
                        println!("{} respondents, {} linked to members", r.respondents, r.linked);
                        for q in &r.questions {
                            println!("{}\t{:?}\t{}", q.idx, q.use_as, q.text);
                        }
                    });
                }
                RetroAction::Notes { cohort, went_well, problems, changes } => {
                    let c = cohorts::find_by_name(&store, &cohort)?;
                    let mut n = retro::notes(&store, c.id)?;
                    if let Some(v) = went_well { n.went_well = v; }
                    if let Some(v) = problems { n.problems = v; }
                    if let Some(v) = changes { n.changes = v; }
                    retro::save_notes(&store, c.id, &n)?;
                }
            }
        }
        Command::Chats { action } => {
            use qunzhu_core::chats::{import, stats};
            let (cohort, group, json) = match &action {
                ChatAction::Import { cohort, group, json, .. } | ChatAction::Stats { cohort, group, json } => (cohort.clone(), group.clone(), *json),
            };
            let c = cohorts::find_by_name(&store, &cohort)?;
            let group_id = group_id(&store, c.id, group)?;
            match action {
                ChatAction::Import { file, .. } => {
                    let r = import::import(&store, &file, c.id, group_id, |p| {
                        eprint!("\r{} messages read ({:.0}%)", p.messages, p.done * 100.0);
                        PROGRESS_SHOWN.store(true, std::sync::atomic::Ordering::Relaxed);
                        true
                    })?;
                    print(json, &r, |r| {
                        println!("{}: {} messages ({} new), {} senders: {} matched, {} unmatched; {} check-ins, {} homework posts detected", r.format, r.messages, r.new_messages, r.senders, r.matched, r.unmatched, r.checkins_detected, r.homework_detected);
                    });
                }
                ChatAction::Stats { .. } => {
                    let st = stats::stats(&store, c.id, group_id)?;
                    print(json, &st, |st| {
                        println!("{} messages", st.messages);
                        println!("by hour: {:?}", st.by_hour);
                        for w in &st.monitor_share_by_week {
                            println!("week of {}: monitor {} of {} ({:.1}%)", w.week, w.monitor, w.total, w.share * 100.0);
                        }
                        for m in &st.members {
                            println!("{}\t{}\t{} messages\t{} days\t{} check-ins\t{} homework", m.member_id, m.name, m.messages, m.active_days, m.checkins, m.homework);
                        }
                    });
                }
            }
        }
        Command::Certificates { action } => match action {
            CertificateAction::Verify { payload } => {
                use qunzhu_core::certificates::Verdict;
                match qunzhu_core::certificates::verify(&store, &payload)? {
                    Verdict::Valid { serial, name } => println!("valid\t{serial}\t{name}"),
                    Verdict::Revoked { serial, name, revoked_at } => println!("revoked\t{serial}\t{name}\t{revoked_at}"),
                    Verdict::Forged => println!("forged"),
                }
            }
            CertificateAction::List { cohort, search, json } => {
                let cohort_id = cohort.map(|n| cohorts::find_by_name(&store, &n).map(|c| c.id)).transpose()?;
                let rows = qunzhu_core::certificates::list(&store, cohort_id, search.as_deref().unwrap_or(""))?;
                print(json, &rows, |rows| {
                    for r in rows {
                        let status = r.revoked_at.as_deref().map(|at| format!("revoked {at}")).unwrap_or_else(|| "valid".into());
                        println!("{}\t{}\t{}\t{}\t{}", r.serial, r.name, opt(&r.cohort), r.template, status);
                    }
                    eprintln!("{} certificates", rows.len());
                });
            }
            CertificateAction::Revoke { serial } => {
                qunzhu_core::certificates::revoke(&store, &serial)?;
                println!("revoked {serial}");
            }
            CertificateAction::KeyExport { out } => {
                qunzhu_core::certificates::export_key(&store, &out)?;
                println!("wrote {}", out.display());
                eprintln!("warning: whoever holds this file can sign certificates in this installation's name; move it to the new computer and delete it / 警告：持有此文件者可以以本机名义签发证书，导入新电脑后请删除");
            }
            CertificateAction::KeyImport { file } => {
                qunzhu_core::certificates::import_key(&store, &file)?;
                println!("imported the signing key from {}", file.display());
            }
        },
        Command::Calendar { action: CalendarAction::Add { cohort, date, time, title, role, message } } => {
            let c = cohorts::find_by_name(&store, &cohort)?;
            let input = qunzhu_core::calendar::TaskInput { cohort_id: c.id, date, time, title, role, message };
            let t = qunzhu_core::calendar::add_task(&store, &input)?;
            println!("added task {} on {} {}: {}", t.id, t.date, t.time, t.title);
        }
        Command::Calendar { action: CalendarAction::Done { id } } => {
            qunzhu_core::calendar::set_done(&store, id, true)?;
            println!("task {id} done");
        }
        Command::Calendar { action: CalendarAction::Ics { cohort, out } } => {
            let c = cohorts::find_by_name(&store, &cohort)?;
            let text = qunzhu_core::calendar::ics(&store, c.id)?;
            std::fs::write(&out, text.as_bytes()).map_err(|e| Error::io(&out, e))?;
            println!("wrote {} ({} events)", out.display(), text.matches("BEGIN:VEVENT").count());
        }
        Command::Calendar { action: CalendarAction::List { cohort, from, to, json } } => {
            #[derive(Serialize)]
            struct Row {
                id: i64,
                date: String,
                time: String,
                title: String,
                role: String,
                done: bool,
                message: String,
            }
            let c = cohorts::find_by_name(&store, &cohort)?;
            for d in [&from, &to].into_iter().flatten() {
                parse_date(d)?;
            }
            let rows: Vec<Row> = qunzhu_core::calendar::list(&store, Some(c.id), from.as_deref(), to.as_deref())?
                .into_iter()
                .map(|t| Row { id: t.id, date: t.date, time: t.time, title: t.title, role: t.role, done: t.done, message: t.message })
                .collect();
            print(json, &rows, |rows| {
                for r in rows {
                    println!("{} {}	{}	{}	{}", r.date, r.time, if r.done { "✓" } else { " " }, r.role, r.title);
                }
                eprintln!("{} tasks", rows.len());
            });
        }
        Command::Birthdays { action } => {
            use qunzhu_core::birthdays::{self, Scope};
            let scope_of = |cohort: Option<String>| -> Result<Scope, Error> {
                Ok(Scope { cohort_id: cohort.map(|c| cohorts::find_by_name(&store, &c).map(|c| c.id)).transpose()?, group_id: None })
            };
            let today = qunzhu_core::store::today();
            match action {
                BirthdayAction::Upcoming { days, from, cohort, json } => {
                    #[derive(Serialize)]
                    struct Row {
                        member_id: i64,
                        name: String,
                        date: String,
                        kind: members::Calendar,
                        #[serde(skip_serializing_if = "Option::is_none")]
                        age: Option<i32>,
                    }
                    let from = from.as_deref().map(parse_date).transpose()?.unwrap_or(today);
                    let rows: Vec<Row> = birthdays::upcoming(&store, &scope_of(cohort)?, from, days)?
                        .into_iter()
                        .map(|u| Row { member_id: u.member_id, name: u.name, date: u.date, kind: u.kind, age: u.age })
                        .collect();
                    print(json, &rows, |rows| {
                        for r in rows {
                            println!("{}	{}	{}	{:?}	{}", r.date, r.member_id, r.name, r.kind, r.age.map(|a| a.to_string()).unwrap_or_default());
                        }
                        eprintln!("{} birthdays", rows.len());
                    });
                }
                BirthdayAction::Ics { out, years, cohort, from } => {
                    let from = from.as_deref().map(parse_date).transpose()?.unwrap_or(today);
                    let text = birthdays::ics(&store, &scope_of(cohort)?, from, years)?;
                    std::fs::write(&out, text.as_bytes()).map_err(|e| Error::io(&out, e))?;
                    println!("wrote {}", out.display());
                }
            }
        }
        Command::Demo { action: DemoAction::Load } => {
            let s = demo::load(&store)?;
            println!("demo loaded: {} members, {} cohorts, {} groups", s.members, s.cohorts, s.groups);
        }
        Command::Demo { action: DemoAction::Clear } => {
            let s = demo::clear(&store)?;
            println!("demo cleared: {} members, {} cohorts, {} groups", s.members, s.cohorts, s.groups);
        }
        Command::Demo { action: DemoAction::Synthetic { members: n } } => {
            let seed = members::count(&store)? as u64 + 1;
            let people = demo::synthetic_members(n, seed);
            let ids = members::add_many(&store, &people).map_err(|(row, e)| {
                eprintln!("synthetic member {row} was refused");
                e
            })?;
            println!("added {} synthetic members", ids.len());
        }
        Command::Members { action } => match action {
            MemberAction::Add { name, phone, wechat, city, nickname, channel, referrer, tags, birthday, lunar, out } => {
                let birthday = birthday.map(|b| parse_birthday(&b, lunar)).transpose()?;
                // Found first: a referrer who does not exist adds nobody.
                let referrer_id = referrer.map(|r| member_id(&store, &r)).transpose()?;
                let mut m = members::add(
                    &store,
                    &MemberInput { name, phone, wechat, city, nickname, channel, tags, birthday, ..Default::default() },
                )?;
                if let Some(r) = referrer_id {
                    qunzhu_core::growth::referrals::set_referrer(&store, m.id, Some(r))?;
                    m = members::get(&store, m.id)?;
                }
                print(out.json, &m, |m| println!("added member {} {}", m.id, m.name));
            }
            MemberAction::Silent { cohort, days, out } => {
                use qunzhu_core::engagement;
                let c = cohorts::find_by_name(&store, &cohort)?;
                let days = match days {
                    Some(d) => d,
                    None => engagement::silent_days(&store)?,
                };
                let list = engagement::silent(&store, c.id, days, qunzhu_core::store::today())?;
                print(out.json, &list, |list| {
                    for l in list {
                        println!("{}\t{}\t{} days\tlast active {}\t{}", l.member_id, l.name, l.days_silent, opt(&l.last_active), opt(&l.group));
                    }
                    eprintln!("{} silent for {days} days or more", list.len());
                });
            }
            MemberAction::List { search, cohort, channel, referrer, out } => {
                let cohort_id = cohort.map(|c| cohorts::find_by_name(&store, &c).map(|c| c.id)).transpose()?;
                let referrer_id = referrer.map(|r| member_id(&store, &r)).transpose()?;
                let rows = members::list(&store, &MemberQuery { search, cohort_id, channel, referrer_id, ..Default::default() })?;
                print(out.json, &rows, |rows| {
                    for m in rows {
                        println!("{}\t{}\t{}\t{}\t{}\t{}", m.id, m.name, opt(&m.phone), opt(&m.wechat), m.city, opt(&m.group));
                    }
                    eprintln!("{} members", rows.len());
                });
            }
            MemberAction::Import { file, cohort, group, group_by, tags, policy, skip_bad_rows, sheet, dry_run, out } => {
                let cohort = cohort.map(|c| cohorts::find_by_name(&store, &c)).transpose()?;
                let group_id = match (&cohort, group) {
                    (Some(c), Some(g)) => Some(
                        cohorts::list_groups(&store, c.id)?
                            .into_iter()
                            .find(|x| x.name == g)
                            .ok_or(Error::NotFound { entity: Entity::Group, id: g })?
                            .id,
                    ),
                    _ => None,
                };
                let sniffed_headers = if group_by.is_some() { import::preview(&store, &file, &ImportOptions::default())?.headers } else { Vec::new() };
                let group_by_column = match group_by {
                    Some(h) => Some(
                        sniffed_headers
                            .iter()
                            .position(|x| *x == h || import::formats::clean_header(x) == h)
                            .ok_or(Error::BadFile { path: file.display().to_string(), reason: format!("no column named {h}") })?,
                    ),
                    None => None,
                };
                let opts = ImportOptions {
                    sheet,
                    mapping: None,
                    policy: match policy {
                        Policy::Skip => MergePolicy::Skip,
                        Policy::Update => MergePolicy::Update,
                        Policy::FillBlanks => MergePolicy::FillBlanks,
                    },
                    cohort_id: cohort.map(|c| c.id),
                    group_id,
                    group_by_column,
                    tags,
                    skip_bad_rows,
                    dry_run,
                };
                let report = import::run(&store, &file, &opts, &|_| {}, &std::sync::atomic::AtomicBool::new(false))?;
                print(out.json, &report, |r| {
                    println!(
                        "{} ({:?}, {}): {} rows: {} created, {} updated, {} skipped, {} with errors{}",
                        r.file, r.format, r.encoding, r.total_rows, r.created, r.updated, r.skipped, r.error_rows,
                        if r.committed { "" } else { " - nothing written" }
                    );
                    for e in r.errors.iter().take(20) {
                        println!("  row {}{}: {}", e.row, e.column.as_ref().map(|c| format!(", {c}")).unwrap_or_default(), e.message);
                    }
                });
                if !report.committed && !dry_run && report.error_rows > 0 {
                    let first = report.errors.first().map(|e| format!("row {}: {}", e.row, e.message)).unwrap_or_default();
                    return Err(Error::BadRows { count: report.error_rows, first });
                }
            }
            MemberAction::Export { out, encoding, search, cohort } => {
                let cohort_id = cohort.map(|c| cohorts::find_by_name(&store, &c).map(|c| c.id)).transpose()?;
                let summary = export::export(
                    &store,
                    &MemberQuery { search, cohort_id, ..Default::default() },
                    &out,
                    match encoding {
                        Encoding::Utf8 => TextEncoding::Utf8,
                        Encoding::Gbk => TextEncoding::Gbk,
                    },
                )?;
                println!("exported {} members to {}", summary.rows, summary.path);
            }
            MemberAction::Delete { id } => {
                members::delete(&store, id)?;
                println!("member {id} moved to the trash");
            }
        },
        Command::Cohorts { action } => match action {
            CohortAction::Add { name, start, end, rule, sop, link, serial_pattern, out } => {
                let input = CohortInput { name, start_date: start, end_date: end, group_name_rule: rule, notes: String::new(), link, serial_pattern };
                let c = qunzhu_core::calendar::add_cohort(&store, &input, sop.as_deref())?;
                if let Some(key) = sop {
                    let n = qunzhu_core::calendar::list(&store, Some(c.id), None, None)?.len();
                    eprintln!("{n} tasks on the calendar from {key}");
                }
                print(out.json, &c, |c| println!("added cohort {} {}", c.id, c.name));
            }
            CohortAction::Completion { cohort, checkins, homework, lectures, out } => {
                growth::completion_command(&store, &cohort, [checkins, homework, lectures], out.json)?
            }
            CohortAction::List { out } => {
                let rows = cohorts::list(&store)?;
                print(out.json, &rows, |rows| {
                    for c in rows {
                        println!("{}\t{}\t{}\t{}\t{:?}\t{} groups\t{} members", c.id, c.name, c.start_date, c.end_date, c.status, c.groups, c.members);
                    }
                });
            }
        },
        Command::Groups { action } => match action {
            GroupAction::Add { cohort, name, city, channel, out } => {
                let c = cohorts::find_by_name(&store, &cohort)?;
                let name = match name {
                    Some(n) => n,
                    None => cohorts::propose_group_name(&store, c.id, &city, &channel)?,
                };
                let g = cohorts::add_group(&store, c.id, &GroupInput { name, city, channel, ..Default::default() })?;
                print(out.json, &g, |g| println!("added group {} {}", g.id, g.name));
            }
            GroupAction::List { cohort, out } => {
                let c = cohorts::find_by_name(&store, &cohort)?;
                let rows = cohorts::list_groups(&store, c.id)?;
                print(out.json, &rows, |rows| {
                    for g in rows {
                        println!("{}\t{}\t{} members\t{:?}\t{} days{}", g.id, g.name, g.size, g.band, g.fill_days, if g.slow_fill { "\tSLOW FILL" } else { "" });
                    }
                });
            }
        },
        Command::Trash { action } => match action {
            TrashAction::List { out } => {
                let rows = trash::list(&store)?;
                print(out.json, &rows, |rows| {
                    for t in rows {
                        println!("{:?}\t{}\t{}\t{}\t{}", t.kind, t.id, t.label, t.detail, t.deleted_at);
                    }
                });
            }
            TrashAction::Restore { kind, id } => {
                let kind = match kind {
                    Kind::Member => Entity::Member,
                    Kind::Cohort => Entity::Cohort,
                    Kind::Group => Entity::Group,
                };
                trash::restore(&store, kind, id)?;
                println!("restored {kind:?} {id}");
            }
        },
        Command::Backup { action } => match action {
            BackupAction::Create => {
                let b = backup::create(&store, "manual")?;
                println!("{}", b.id);
            }
            BackupAction::List { .. } | BackupAction::Restore { .. } => unreachable!("handled above"),
        },
        Command::Durability { level } => {
            if let Some(level) = level {
                qunzhu_core::store::set_full_durability(&store, level == "full")?;
            }
            println!("{}", if qunzhu_core::store::full_durability(&store)? { "full" } else { "normal" });
        }
        Command::Info { json } => {
            let info = qunzhu_core::app::info(&store)?;
            print(json, &info, |i| {
                println!("data folder: {}\ndatabase: {}\nschema: v{}\nmembers: {}", i.data_dir, i.db_path, i.schema_version, i.members);
            });
        }
    }
    Ok(())
}

fn member_id(store: &Store, name_or_id: &str) -> Result<i64, Error> {
    match name_or_id.parse::<i64>() {
        Ok(id) => Ok(id),
        Err(_) => Ok(members::find_by_name(store, name_or_id)?.id),
    }
}

fn group_id(store: &Store, cohort_id: i64, group: Option<String>) -> Result<Option<i64>, Error> {
    match group {
        Some(g) => Ok(Some(
            cohorts::list_groups(store, cohort_id)?.into_iter().find(|x| x.name == g).ok_or(Error::NotFound { entity: qunzhu_core::Entity::Group, id: g })?.id,
        )),
        None => Ok(None),
    }
}

fn points_command(store: &Store, action: PointsAction) -> Result<(), Error> {
    use qunzhu_core::points::{self, Period};
    let cohort_id = |name: Option<String>| name.map(|n| cohorts::find_by_name(store, &n).map(|c| c.id)).transpose();
    match action {
        PointsAction::Leaderboard { cohort, period, date, group, json } => {
            let c = cohorts::find_by_name(store, &cohort)?;
            let period = Period::parse(&period).ok_or(Error::Invalid { field: qunzhu_core::error::Field::Period, value: period.clone() })?;
            let date = date.map(|d| parse_date(&d)).transpose()?.unwrap_or_else(qunzhu_core::store::today);
            let group_id = group_id(store, c.id, group)?;
            let board = points::leaderboard(store, c.id, group_id, period, date)?;
            print(json, &board, |b| {
                for s in b {
                    println!("{}\t{}\t{}\t{}", s.rank, s.name, s.points, opt(&s.group));
                }
            });
        }
        PointsAction::Ledger { member, cohort, json } => {
            let l = points::ledger(store, member_id(store, &member)?, cohort_id(cohort)?)?;
            print(json, &l, |l| {
                for e in &l.entries {
                    let what = e.rule.clone().unwrap_or_else(|| e.kind.clone());
                    println!("{}\t{:+}\t{}\t{}\t{}", e.day, e.points, what, e.reason, opt(&e.cohort));
                }
                println!("total\t{}", l.total);
            });
        }
        PointsAction::Rules { json } => {
            let rules = points::rules(store)?;
            print(json, &rules, |r| {
                for x in r {
                    println!("{}\t{}\tsince {}", x.key, x.points, x.valid_from);
                }
            });
        }
        PointsAction::SetRule { key, points: p } => {
            let r = points::set_rule(store, &key, p)?;
            println!("{} is worth {} from {}", r.key, r.points, r.valid_from);
        }
        PointsAction::Referrals { cohort } => {
            let c = cohorts::find_by_name(store, &cohort)?;
            let (added, removed) = qunzhu_core::growth::referrals::credit(store, c.id)?;
            println!("推荐完课: {added} credited, {removed} taken back");
        }
        PointsAction::Adjust { member, points: p, reason, cohort } => {
            let e = points::adjust(store, member_id(store, &member)?, cohort_id(cohort)?, p, &reason)?;
            println!("{:+} for member {}: {}", e.points, e.member_id, e.reason);
        }
    }
    Ok(())
}

/// `MM-DD` or `YYYY-MM-DD`, solar unless `lunar`.
fn parse_birthday(text: &str, lunar: bool) -> Result<qunzhu_core::members::Birthday, Error> {
    let bad = || Error::Invalid { field: qunzhu_core::error::Field::Birthday, value: text.to_string() };
    let parts: Vec<&str> = text.trim().split('-').collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (year, month, day) = match parts.as_slice() {
        [m, d] => (None, num(m)?, num(d)?),
        [y, m, d] => (Some(y.parse::<i32>().map_err(|_| bad())?), num(m)?, num(d)?),
        _ => return Err(bad()),
    };
    let calendar = if lunar { qunzhu_core::members::Calendar::Lunar } else { qunzhu_core::members::Calendar::Solar };
    Ok(qunzhu_core::members::Birthday { calendar, year, month, day, leap_month: false })
}

/// Whether a progress line (`\r…`) was written to stderr and not ended.
static PROGRESS_SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn main() -> ExitCode {
    // Piped into `head` or `grep -m1`, stop quietly when the reader goes, as other Unix tools do.
    #[cfg(unix)]
    // SAFETY: restoring the default action of a signal before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let dir = cli.data_dir.clone().unwrap_or_else(qunzhu_core::store::default_data_dir);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let e = qunzhu_core::store::explain(e, &dir);
            // A progress line left open ends before the error's own line.
            if PROGRESS_SHOWN.load(std::sync::atomic::Ordering::Relaxed) {
                eprintln!();
            }
            eprintln!("error[{}]: {}", e.code(), e.message(Lang::from_env()));
            ExitCode::FAILURE
        }
    }
}
