//! TypeScript declarations of every type that crosses IPC, written to ui/src/bindings.ts.
//! A core test fails when the checked-in file differs from what these types generate.

use ts_rs::{Config, TS};

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
        crate::error::ErrorReport,
        crate::members::Gender,
        crate::members::Calendar,
        crate::members::Birthday,
        crate::members::MemberInput,
        crate::members::MembershipView,
        crate::members::Member,
        crate::members::MemberRow,
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
        crate::lunar::LunarDate,
        crate::birthdays::Feb29,
        crate::birthdays::BirthdaySettings,
        crate::birthdays::BirthdayPreview,
        crate::birthdays::UpcomingBirthday,
        crate::birthdays::Scope,
        crate::birthdays::Roster,
        crate::birthdays::Reminder,
        crate::calendar::Task,
        crate::calendar::TaskInput,
        crate::calendar::CalendarSettings,
        crate::sop::SopInfo,
        crate::sop::Sop,
        crate::sop::SopTask,
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
        crate::engagement::GridMember,
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
        crate::certificates::Issued,
        crate::certificates::Verdict,
        crate::render::template::TemplateReport,
        crate::render::template::Refusal,
    );
    out
}
