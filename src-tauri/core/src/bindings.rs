//! TypeScript declarations of every type that crosses IPC, written to ui/src/bindings.ts.
//! A core test fails when the checked-in file differs from what these types generate.

use ts_rs::{Config, TS};

/// Over 80 lines on purpose: the body is the list of exported types, one line a type, in the
/// order bindings.ts declares them; splitting it would only scatter the list.
pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust types of qunzhu-core: do not edit by hand.\n\
         // Regenerate with `UPDATE_BINDINGS=1 cargo test -p qunzhu-core --test core bindings`.\n",
    );
    macro_rules! declare {
        ($($t:ty),* $(,)?) => {$(
            out.push_str("\nexport ");
            out.push_str(&<$t as TS>::decl(&cfg));
            out.push('\n');
        )*};
    }
    declare!(
        crate::i18n::Lang,
        crate::error::Entity,
        crate::error::Field,
        crate::error::ErrorReport,
        crate::members::Gender,
        crate::members::Calendar,
        crate::members::Birthday,
        crate::members::MemberInput,
        crate::members::MembershipView,
        crate::members::Member,
        crate::members::MemberRow,
        crate::members::MergeReport,
        crate::cohorts::PatternPreview,
        crate::engagement::MemberRecord,
        crate::engagement::MemberFigures,
        crate::engagement::MemberStanding,
        crate::engagement::CohortMarks,
        crate::engagement::Contact,
        crate::members::MemberQuery,
        crate::tags::Tag,
        crate::tags::TagSummary,
        crate::roles::Role,
        crate::cohorts::CohortStatus,
        crate::cohorts::Cohort,
        crate::cohorts::CohortInput,
        crate::cohorts::SizeBand,
        crate::cohorts::Group,
        crate::cohorts::GroupInput,
        crate::cohorts::MembershipInput,
        crate::trash::TrashItem,
        crate::backup::BackupInfo,
        crate::app::AppInfo,
        crate::demo::DemoSummary,
        crate::import::SourceFormat,
        crate::import::Target,
        crate::import::MergePolicy,
        crate::import::ImportOptions,
        crate::import::RowStatus,
        crate::import::PreviewRow,
        crate::import::RowError,
        crate::import::ImportReport,
        crate::export::TextEncoding,
        crate::export::ExportSummary,
        crate::grants::Pick,
        crate::grants::Save,
        crate::lunar::LunarDate,
        crate::birthdays::Feb29,
        crate::birthdays::BirthdaySettings,
        crate::birthdays::BirthdayPreview,
        crate::birthdays::UpcomingBirthday,
        crate::birthdays::Scope,
        crate::birthdays::Roster,
        crate::birthdays::Reminder,
        crate::calendar::Task,
        crate::wording::FilledPreview,
        crate::calendar::TaskInput,
        crate::calendar::CalendarSettings,
        crate::sop::SopInfo,
        crate::sop::Sop,
        crate::sop::SopTask,
        crate::sop::Vocabulary,
        crate::sop::SopKind,
        crate::sop::Anchor,
        crate::sop::Repeat,
        crate::posters::PosterTemplateInfo,
        crate::posters::Undrawable,
        crate::posters::Batch,
        crate::posters::BatchRequest,
        crate::posters::Format,
        crate::posters::GuestTalk,
        crate::posters::Occasion,
        crate::posters::Poster,
        crate::certificates::CertificateRow,
        crate::engagement::MarkKind,
        crate::engagement::MarkSource,
        crate::cohorts::RosterMember,
        crate::engagement::Grid,
        crate::engagement::NameMatch,
        crate::engagement::MatchedName,
        crate::engagement::Ambiguous,
        crate::engagement::ActivityKind,
        crate::engagement::ActivityInput,
        crate::engagement::Activity,
        crate::engagement::ActivityPerson,
        crate::engagement::State,
        crate::engagement::Lifecycle,
        crate::points::Rule,
        crate::points::LedgerEntry,
        crate::points::Ledger,
        crate::points::Period,
        crate::points::Standing,
        crate::points::Deed,
        crate::points::Candidate,
        crate::points::RoleSuggestion,
        crate::points::Awards,
        crate::chats::parse::ChatFormat,
        crate::chats::parse::MsgKind,
        crate::chats::import::ChatImport,
        crate::chats::import::Sender,
        crate::chats::import::ChatProgress,
        crate::chats::import::ChatSettings,
        crate::chats::stats::WeekShare,
        crate::chats::stats::MemberChat,
        crate::chats::stats::ChatStats,
        crate::retro::CohortRate,
        crate::retro::GroupMetric,
        crate::retro::DayRate,
        crate::retro::Funnel,
        crate::retro::Bucket,
        crate::retro::PointsSpread,
        crate::retro::Metrics,
        crate::retro::Notes,
        crate::retro::Action,
        crate::retro::CompareRow,
        crate::retro::Comparison,
        crate::retro::survey::Audience,
        crate::retro::survey::QuestionUse,
        crate::retro::survey::Question,
        crate::retro::survey::SurveyPreview,
        crate::retro::survey::SurveyImport,
        crate::retro::survey::SurveyInfo,
        crate::certificates::Issued,
        crate::certificates::Verdict,
        crate::render::template::TemplateReport,
        crate::render::template::Refusal,
        crate::growth::status::OrderStatus,
        crate::growth::sheet::OrderColumn,
        crate::growth::orders::Order,
        crate::growth::import::OrderImportOptions,
        crate::growth::import::OrderImportReport,
        crate::growth::costs::CostCategory,
        crate::growth::costs::Cost,
        crate::growth::costs::CostInput,
        crate::growth::channels::Channel,
        crate::growth::completion::CompletionRule,
        crate::growth::completion::Standing,
        crate::growth::report::Funnel,
        crate::growth::report::ChannelRow,
        crate::growth::report::ReferrerRow,
        crate::growth::report::GrowthReport,
        crate::growth::report::RepeatBuyer,
        crate::growth::report::Totals,
        crate::growth::report::GrowthOverview,
        crate::growth::renewals::RenewalDue,
        crate::growth::renewals::Renewal,
        crate::growth::renewals::GrowthSettings,
        crate::engagement::RecallSettings,
        crate::posters::TemplateImport,
        crate::batches::PagesRequest,
    );
    out.push_str(&commands(&cfg));
    out
}

/// `Commands`: every command of `crate::commands` with its arguments (as the window names them:
/// camelCase), its result, and for a job the progress it reports.
fn commands(cfg: &Config) -> String {
    use crate::commands::prelude::*;
    struct Row {
        name: &'static str,
        args: Vec<(&'static str, String)>,
        result: String,
        file: bool,
        progress: Option<String>,
    }
    macro_rules! kind {
        ([job($p:ty) read]) => { (true, Some(<$p as TS>::name(cfg))) };
        ([job($p:ty)]) => { (false, Some(<$p as TS>::name(cfg))) };
        ([read]) => { (true, None) };
        ([write($($save:expr),+)]) => { (true, None) };
        ([$($other:tt)*]) => { (false, None) };
    }
    macro_rules! ts_commands {
        ($( [$($kind:tt)*] $name:ident ($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $(= |$($p:ident),*| $body:expr)? ; )*) => {
            vec![$({
                let (file, progress) = kind!([$($kind)*]);
                let result = if stringify!($ret) == "()" { "void".to_string() } else { <$ret as TS>::name(cfg) };
                Row { name: stringify!($name), args: vec![$((stringify!($arg), <$ty as TS>::name(cfg))),*], result, file, progress }
            }),*]
        };
    }
    let rows: Vec<Row> = crate::for_each_command!(ts_commands);
    let mut out = String::from("\n/** Every command: its arguments, result and (a job) progress. */\nexport type Commands = {\n");
    for r in rows {
        let mut args: Vec<String> = r.args.iter().map(|(n, t)| format!("{}: {t}", camel(n))).collect();
        if r.file {
            args.insert(0, "path: string".into());
        }
        let progress = r.progress.map(|p| format!(", progress: {p}")).unwrap_or_default();
        let args = if args.is_empty() { "{}".to_string() } else { format!("{{ {} }}", args.join(", ")) };
        out.push_str(&format!("  {}: {{ args: {args}, result: {}{progress} }},\n", r.name, r.result));
    }
    out.push_str("}\n");
    out
}

/// `cohort_id` → `cohortId`, as Tauri names a command's arguments.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}
