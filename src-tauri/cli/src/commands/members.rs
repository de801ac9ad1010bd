//! `members add | list | show | merge | unmerge | delete | place | silent | import | export`.

use crate::print::{opt, print, refused_rows, row_errors, JsonFlag};
use crate::{resolve, Ctx};
use clap::{Subcommand, ValueEnum};
use qunzhu_core::cohorts;
use qunzhu_core::export::{self, TextEncoding};
use qunzhu_core::import::{self, ImportOptions, MergePolicy};
use qunzhu_core::members::{self, Birthday, Calendar, MemberInput, MemberQuery};
use qunzhu_core::{Error, Store};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Action {
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
    /// One member with their placements, as the member page shows them
    Show {
        /// A member's name or id
        member: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Merge two records of one person: everything of GONE moves to KEPT, GONE is deleted
    Merge {
        /// The member who stays (name or id)
        kept: String,
        /// The record merged away (name or id)
        gone: String,
        #[command(flatten)]
        out: JsonFlag,
    },
    /// Undo a merge (the merge_id it printed), while nothing changed since
    Unmerge { merge_id: i64 },
    /// Move a member to the trash
    Delete { id: i64 },
    /// Place a member in a cohort (and a group, with a role there), or change the placement
    Place {
        #[arg(long)]
        cohort: String,
        /// A member's name or id
        #[arg(long)]
        member: String,
        #[arg(long)]
        group: Option<String>,
        /// A role's name (班长, 助教 …) or key (monitor, assistant …)
        #[arg(long)]
        role: Option<String>,
        /// The day they joined (default: today while the cohort runs, else its first day)
        #[arg(long)]
        joined: Option<String>,
        /// The day they left the group
        #[arg(long)]
        left: Option<String>,
        #[command(flatten)]
        out: JsonFlag,
    },
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
pub enum Policy {
    Skip,
    Update,
    FillBlanks,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    Gbk,
}

pub fn run(ctx: &Ctx, action: Action) -> Result<(), Error> {
    let store = ctx.store()?;
    match action {
        Action::Add { name, phone, wechat, city, nickname, channel, referrer, tags, birthday, lunar, out } => {
            let birthday = birthday.map(|b| parse_birthday(&b, lunar)).transpose()?;
            // Found first: a referrer who does not exist adds nobody.
            let referrer_id = referrer.map(|r| resolve::member_id(store, &r)).transpose()?;
            let mut m = members::add(store, &MemberInput { name, phone, wechat, city, nickname, channel, tags, birthday, ..Default::default() })?;
            if let Some(r) = referrer_id {
                qunzhu_core::growth::referrals::set_referrer(store, m.id, Some(r))?;
                m = members::get(store, m.id)?;
            }
            print(out.json, &m, |m| println!("added member {} {}", m.id, m.name));
        }
        Action::Silent { cohort, days, out } => {
            use qunzhu_core::engagement;
            let c = resolve::cohort(store, &cohort)?;
            let days = match days {
                Some(d) => d,
                None => engagement::silent_days(store)?,
            };
            let list = engagement::silent(store, c.id, days, qunzhu_core::store::today())?;
            print(out.json, &list, |list| {
                for l in list {
                    println!("{}\t{}\t{} days\tlast active {}\t{}", l.member_id, l.name, l.days_silent, opt(&l.last_active), opt(&l.group));
                }
                eprintln!("{} silent for {days} days or more", list.len());
            });
        }
        Action::List { search, cohort, channel, referrer, out } => {
            let cohort_id = resolve::cohort_id(store, cohort.as_deref())?;
            let referrer_id = referrer.map(|r| resolve::member_id(store, &r)).transpose()?;
            let rows = members::list(store, &MemberQuery { search, cohort_id, channel, referrer_id, ..Default::default() })?;
            print(out.json, &rows, |rows| {
                for m in rows {
                    println!("{}\t{}\t{}\t{}\t{}\t{}", m.id, m.name, opt(&m.phone), opt(&m.wechat), m.city, opt(&m.group));
                }
                eprintln!("{} members", rows.len());
            });
        }
        Action::Import { file, cohort, group, group_by, tags, policy, skip_bad_rows, sheet, dry_run, out } => {
            let cohort_id = resolve::cohort_id(store, cohort.as_deref())?;
            let group_id = match cohort_id {
                Some(c) => resolve::group_id(store, c, group)?,
                None => None,
            };
            let group_by_column = group_by.map(|h| group_column(store, &file, &h)).transpose()?;
            let policy = match policy {
                Policy::Skip => MergePolicy::Skip,
                Policy::Update => MergePolicy::Update,
                Policy::FillBlanks => MergePolicy::FillBlanks,
            };
            let opts = ImportOptions { sheet, mapping: None, policy, cohort_id, group_id, group_by_column, tags, skip_bad_rows, dry_run };
            let report = import::run(store, &file, &opts, &qunzhu_core::jobs::Job::quiet())?;
            print(out.json, &report, |r| {
                println!(
                    "{} ({:?}, {}): {} rows: {} created, {} updated, {} skipped, {} with errors{}",
                    r.file, r.format, r.encoding, r.total_rows, r.created, r.updated, r.skipped, r.error_rows,
                    if r.committed { "" } else { " - nothing written" }
                );
                row_errors(&r.errors);
            });
            refused_rows(report.committed, dry_run, report.error_rows, &report.errors)?;
        }
        Action::Export { out, encoding, search, cohort } => {
            let cohort_id = resolve::cohort_id(store, cohort.as_deref())?;
            let encoding = match encoding {
                Encoding::Utf8 => TextEncoding::Utf8,
                Encoding::Gbk => TextEncoding::Gbk,
            };
            let summary = export::export(store, &MemberQuery { search, cohort_id, ..Default::default() }, &out, encoding)?;
            println!("exported {} members to {}", summary.rows, summary.path);
        }
        Action::Show { member, out } => {
            let m = members::get(store, resolve::member_id(store, &member)?)?;
            print(out.json, &m, |m| {
                println!("{}\t{}\t{}\t{}\t{}", m.id, m.name, opt(&m.phone), opt(&m.wechat), m.city);
                for p in &m.memberships {
                    println!("  {}\t{}\tjoined {}", p.cohort_name, opt(&p.group_name), p.joined_on);
                }
            });
        }
        Action::Merge { kept, gone, out } => {
            let (kept, gone) = (resolve::member_id(store, &kept)?, resolve::member_id(store, &gone)?);
            let r = members::merge(store, kept, members::Source::Member(gone))?;
            print(out.json, &r, |r| {
                println!("merged {} into {} {}: {} rows moved, {} already there (merge {})", r.gone_name, r.kept_id, r.kept_name, r.moved, r.dropped, r.merge_id)
            });
        }
        Action::Unmerge { merge_id } => {
            members::unmerge(store, merge_id)?;
            println!("merge {merge_id} undone");
        }
        Action::Delete { id } => {
            members::delete(store, id)?;
            println!("member {id} moved to the trash");
        }
        Action::Place { cohort, member, group, role, joined, left, out } => {
            let c = resolve::cohort(store, &cohort)?;
            let member_id = resolve::member_id(store, &member)?;
            let role_id = role.map(|r| resolve::role_id(store, &r)).transpose()?;
            let input = cohorts::MembershipInput {
                member_id,
                cohort_id: c.id,
                group_id: resolve::group_id(store, c.id, group)?,
                role_id,
                joined_on: joined.unwrap_or_default(),
                left_on: left.unwrap_or_default(),
            };
            let m = cohorts::assign(store, &input)?;
            let placed = m.memberships.iter().find(|p| p.cohort_id == c.id).cloned();
            print(out.json, &placed, |p| {
                if let Some(p) = p {
                    println!("{}	{}	{}	{}	joined {}", m.name, p.cohort_name, opt(&p.group_name), opt(&p.role_name), p.joined_on);
                }
            });
        }
    }
    Ok(())
}

/// `--group-by HEADER`: the column of the file with that header (as written or tidied).
fn group_column(store: &Store, file: &std::path::Path, header: &str) -> Result<usize, Error> {
    let headers = import::preview(store, file, &ImportOptions::default())?.headers;
    headers
        .iter()
        .position(|x| *x == header || import::formats::clean_header(x) == header)
        .ok_or_else(|| Error::bad_file(file, qunzhu_core::FileProblem::NoColumn(header.to_string())))
}

/// `MM-DD` or `YYYY-MM-DD`, solar unless `lunar`.
fn parse_birthday(text: &str, lunar: bool) -> Result<Birthday, Error> {
    let bad = || Error::Invalid { field: qunzhu_core::error::Field::Birthday, value: text.to_string() };
    let parts: Vec<&str> = text.trim().split('-').collect();
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (year, month, day) = match parts.as_slice() {
        [m, d] => (None, num(m)?, num(d)?),
        [y, m, d] => (Some(y.parse::<i32>().map_err(|_| bad())?), num(m)?, num(d)?),
        _ => return Err(bad()),
    };
    let calendar = if lunar { Calendar::Lunar } else { Calendar::Solar };
    Ok(Birthday { calendar, year, month, day, leap_month: false })
}
