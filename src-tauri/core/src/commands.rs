//! The IPC surface, declared once. A row is a command: its kind, name, arguments, result and
//! the core call it makes. `for_each_command!(m)` hands every row to the macro `m`: the shell
//! expands them into Tauri commands and its handler list, `bindings` into the `Commands` map of
//! `ui/src/bindings.ts`. Adding a command is a row here plus its core function.
//!
//! Kinds: `[]` runs on the store; `[read]` and `[write(Save::…)]` also take `path`, a file the
//! user chose (the shell checks it; the closure gets it as `&Path`); `[job(P)]` reports progress
//! `P` on a channel and can be cancelled (`cancel_job` with the command's name); `[folder]` runs
//! on the data folder whether or not the store opened (`reopen`: open it again after);
//! `[shell]` is written by hand in the shell (dialogs, notifications, the system's opener) and
//! only declared here for the UI.
//!
//! Over 200 lines of one table on purpose: the whole surface is read in one place.

/// What the rows name, brought into scope where they expand.
pub mod prelude {
    pub use crate::chats::{import as chat_import, stats as chat_stats};
    pub use crate::error::{Entity, Field};
    pub use crate::growth::{self, channels, completion, costs, orders, referrals, renewals};
    pub use crate::grants::{self, Save};
    pub use crate::i18n::Lang;
    pub use crate::retro::{self, survey};
    pub use crate::store::{today, Store};
    pub use crate::{
        app, backup, batches, birthdays, calendar, certificates, cohorts, demo, engagement, export, ics, import, lunar,
        members, photos, points, posters, render, roles, sop, tags, trash, wording,
    };
}

#[macro_export]
macro_rules! for_each_command {
    ($m:ident) => {
        $m! {
        [] app_info() -> app::AppInfo = |st| app::info(st);
        [] set_lang(lang: Lang) -> () = |st| app::set_lang(st, lang);
        [] dismiss_demo() -> () = |st| app::dismiss_demo(st);
        [] load_demo() -> demo::DemoSummary = |st| demo::load(st);
        [] clear_demo() -> demo::DemoSummary = |st| demo::clear(st);
        [] list_members(query: members::MemberQuery) -> Vec<members::MemberRow> = |st| members::list(st, &query);
        [] get_member(id: i64) -> members::Member = |st| members::get(st, id);
        [] add_member(input: members::MemberInput) -> members::Member = |st| members::add(st, &input);
        [] update_member(id: i64, input: members::MemberInput) -> members::Member = |st| members::update(st, id, &input);
        [] delete_member(id: i64) -> () = |st| members::delete(st, id);
        [] merge_members(kept_id: i64, gone_id: i64) -> members::MergeReport = |st| members::merge(st, kept_id, members::Source::Member(gone_id));
        [] merge_into_member(kept_id: i64, input: members::MemberInput) -> members::MergeReport = |st| members::merge(st, kept_id, members::Source::Input(&input));
        [] unmerge_members(merge_id: i64) -> () = |st| members::unmerge(st, merge_id);
        [] tag_members(tag: String, ids: Vec<i64>) -> usize = |st| tags::add_to_members(st, &tag, &ids);
        [] list_cohorts() -> Vec<cohorts::Cohort> = |st| cohorts::list(st);
        [] current_cohort() -> Option<cohorts::Cohort> = |st| cohorts::current(st);
        [] set_current_cohort(id: i64) -> cohorts::Cohort = |st| cohorts::set_current(st, id);
        [] get_cohort(id: i64) -> cohorts::Cohort = |st| cohorts::get(st, id);
        [] add_cohort(input: cohorts::CohortInput, sop: Option<String>) -> cohorts::Cohort = |st| calendar::add_cohort(st, &input, sop.as_deref());
        [] update_cohort(id: i64, input: cohorts::CohortInput) -> cohorts::Cohort = |st| calendar::update_cohort(st, id, &input);
        [] delete_cohort(id: i64) -> () = |st| cohorts::delete(st, id);
        [] list_groups(cohort_id: i64) -> Vec<cohorts::Group> = |st| cohorts::list_groups(st, cohort_id);
        [] add_group(cohort_id: i64, input: cohorts::GroupInput) -> cohorts::Group = |st| cohorts::add_group(st, cohort_id, &input);
        [] update_group(id: i64, input: cohorts::GroupInput) -> cohorts::Group = |st| cohorts::update_group(st, id, &input);
        [] delete_group(id: i64) -> () = |st| cohorts::delete_group(st, id);
        [] propose_group_name(cohort_id: i64, city: String, channel: String) -> String = |st| cohorts::propose_group_name(st, cohort_id, &city, &channel);
        [] preview_cohort_patterns(name: String, rule: String, serial: String, year: i32) -> cohorts::PatternPreview = |st| Ok(cohorts::preview_patterns(&name, &rule, &serial, year, st.lang()));
        [] assign_member(input: cohorts::MembershipInput) -> members::Member = |st| cohorts::assign(st, &input);
        [] remove_membership(id: i64) -> () = |st| cohorts::remove_membership(st, id);
        [] list_roles() -> Vec<roles::Role> = |st| roles::list(st);
        [] add_role(name: String) -> roles::Role = |st| roles::add(st, &name);
        [] delete_role(id: i64) -> () = |st| roles::delete(st, id);
        [] list_tags() -> Vec<tags::TagSummary> = |st| tags::list(st);
        [] delete_tag(id: i64) -> () = |st| tags::delete(st, id);
        [] list_trash() -> Vec<trash::TrashItem> = |st| trash::list(st);
        [] restore_from_trash(kind: Entity, id: i64) -> () = |st| trash::restore(st, kind, id);
        [] purge_from_trash(kind: Entity, id: i64) -> () = |st| trash::purge(st, kind, id);
        [] empty_trash() -> usize = |st| trash::empty(st, None);
        [] create_backup() -> backup::BackupInfo = |st| backup::create(st, "manual");
        [folder] list_backups() -> Vec<backup::BackupInfo> = |dir, _st| backup::list_in(dir);
        [folder reopen] restore_backup(id: String) -> backup::BackupInfo = |dir, st| match st {
            Some(st) => backup::restore(st, &id),
            None => backup::restore_in(dir, &id),
        };
        [read] preview_import(options: import::ImportOptions) -> import::ImportReport = |st, path| import::preview(st, path, &options);
        [job(usize) read] run_import(options: import::ImportOptions) -> import::ImportReport = |st, path, job| import::run(st, path, &options, job);
        [write(Save::MembersCsv, Save::MembersXlsx)] export_members(query: members::MemberQuery, encoding: export::TextEncoding) -> export::ExportSummary =
            |st, path| export::export(st, &query, path, encoding);
        [] lunar_from_solar(date: String) -> lunar::LunarDate = |_st| lunar::from_solar(cohorts::parse_date(Field::Date, &date)?);
        [] lunar_to_solar(year: i32, month: u32, day: u32, leap: bool) -> String = |_st| lunar::to_solar(year, month, day, leap).map(|d| d.to_string());
        [] birthday_preview(birthday: members::Birthday) -> birthdays::BirthdayPreview =
            |st| birthdays::preview(&birthday, today(), birthdays::get_settings(st)?.feb29, st.lang());
        [] upcoming_birthdays(scope: birthdays::Scope, days: u32) -> Vec<birthdays::UpcomingBirthday> = |st| birthdays::upcoming(st, &scope, today(), days);
        [] birthday_roster(scope: birthdays::Scope, year: i32, month: u32) -> birthdays::Roster = |st| birthdays::roster(st, &scope, year, month, today());
        [] birthday_settings() -> birthdays::BirthdaySettings = |st| birthdays::get_settings(st);
        [] set_birthday_settings(settings: birthdays::BirthdaySettings) -> birthdays::BirthdaySettings = |st| birthdays::set_settings(st, &settings);
        [shell] due_reminders() -> Vec<birthdays::Reminder>;
        [write(Save::Ics)] export_birthdays_ics(scope: birthdays::Scope, years: u32) -> usize = |st, path| ics::write(path, &birthdays::ics(st, &scope, today(), years)?);
        [] list_sops() -> Vec<sop::SopInfo> = |st| sop::list(st);
        [] attach_sop(cohort_id: i64, key: String) -> usize = |st| calendar::attach(st, cohort_id, &key);
        [] check_sop(source: String) -> sop::Sop = |_st| sop::parse("template.toml", &source);
        [] sop_source(key: String) -> String = |st| sop::source(st, &key);
        [] save_sop(source: String, previous: Option<String>) -> sop::Sop = |st| sop::save(st, &source, previous.as_deref());
        [] write_sop(sop: sop::Sop) -> String = |_st| Ok(sop::write(&sop));
        [] sop_vocabulary() -> sop::Vocabulary = |_st| Ok(sop::vocabulary());
        [] preview_message(message: String, time: String, anchor: sop::Anchor) -> wording::FilledPreview = |st| wording::preview(st, &message, &time, anchor);
        [] delete_sop(key: String) -> () = |st| sop::delete(st, &key);
        [] cohorts_using_sop(key: String) -> Vec<cohorts::Cohort> = |st| calendar::cohorts_using(st, &key);
        [] reapply_sop(key: String, cohort_ids: Vec<i64>) -> usize = |st| Ok(calendar::reapply(st, &key, &cohort_ids)?.len());
        [] list_tasks(cohort_id: Option<i64>, from: Option<String>, to: Option<String>) -> Vec<calendar::Task> = |st| calendar::list(st, cohort_id, from.as_deref(), to.as_deref());
        [] set_task_done(id: i64, done: bool) -> () = |st| calendar::set_done(st, id, done);
        [] snooze_task(id: i64, date: String, time: String) -> calendar::Task = |st| calendar::snooze(st, id, &date, &time);
        [] reassign_task(id: i64, role: String) -> calendar::Task = |st| calendar::reassign(st, id, &role);
        [] add_task(input: calendar::TaskInput) -> calendar::Task = |st| calendar::add_task(st, &input);
        [] delete_task(id: i64) -> () = |st| calendar::delete_task(st, id);
        [] calendar_settings() -> calendar::CalendarSettings = |st| calendar::get_settings(st);
        [] set_calendar_settings(settings: calendar::CalendarSettings) -> calendar::CalendarSettings = |st| calendar::set_settings(st, &settings);
        [shell] due_tasks() -> Vec<calendar::Task>;
        [write(Save::Ics)] export_cohort_ics(cohort_id: i64) -> usize = |st, path| ics::write(path, &calendar::ics(st, cohort_id)?);
        [] list_poster_templates() -> Vec<posters::PosterTemplateInfo> = |st| posters::list(st);
        [] preview_poster(template: String, member_id: i64, cohort_id: Option<i64>, width: u32) -> String = |st| posters::preview_data_url(st, render::Fonts::shared()?, member_id, cohort_id, &template, width.clamp(100, 2400));
        [] poster_thumbnail(template: String, width: u32) -> String = |st| posters::thumbnail(st, render::Fonts::shared()?, &template, width);
        [job(usize)] render_certificates(request: batches::PagesRequest) -> posters::Batch = |st, job| batches::render_pages(st, render::Fonts::shared()?, request, job);
        [] verify_certificate(payload: String) -> certificates::Verdict = |st| certificates::verify(st, &payload);
        [read] import_poster_template() -> posters::TemplateImport = |st, path| posters::import(st, render::Fonts::shared()?, path);
        [] delete_poster_template(key: String) -> () = |st| posters::delete_template(st, &key);
        [shell] occasion_poster(template: String, occasion: posters::Occasion, save: bool, allow_undrawable: bool) -> posters::Poster;
        [] member_poster(template: String, member_id: i64, cohort_id: Option<i64>) -> posters::Poster = |st| posters::member_poster(st, render::Fonts::shared()?, member_id, cohort_id, &template);
        [] list_certificates(cohort_id: Option<i64>, search: String) -> Vec<certificates::CertificateRow> = |st| certificates::list(st, cohort_id, &search);
        [] revoke_certificate(serial: String) -> () = |st| certificates::revoke(st, &serial);
        [] member_photo(member_id: i64) -> Option<String> = |st| photos::data_url(st, member_id);
        [read] set_member_photo(member_id: i64) -> Option<String> = |st, path| photos::replace_from_file(st, member_id, path);
        [] remove_member_photo(member_id: i64) -> () = |st| photos::remove(st, member_id);
        [shell] open_export(path: String) -> ();
        [shell] reveal_export(path: String) -> ();
        [shell] copy_export_image(path: String) -> ();
        [] cohort_member_ids(cohort_id: i64, graduates: bool) -> Vec<i64> = |st| posters::cohort_members(st, cohort_id, graduates);
        [] engagement_grid(cohort_id: i64, kind: engagement::MarkKind) -> engagement::Grid = |st| engagement::grid(st, cohort_id, kind);
        [] mark_members(cohort_id: i64, day: String, kind: engagement::MarkKind, member_ids: Vec<i64>, on: bool) -> usize = |st| engagement::mark(st, cohort_id, &day, kind, &member_ids, on, engagement::MarkSource::Manual);
        [] match_names(cohort_id: i64, text: String) -> engagement::NameMatch = |st| engagement::match_names(st, cohort_id, &text);
        [] mark_pasted(cohort_id: i64, day: String, kind: engagement::MarkKind, text: String) -> (engagement::NameMatch, usize) = |st| engagement::mark_pasted(st, cohort_id, &day, kind, &text);
        [] mark_group(cohort_id: i64, group_id: i64, day: String, kind: engagement::MarkKind, on: bool) -> usize = |st| engagement::mark_group(st, cohort_id, group_id, &day, kind, on);
        [] list_activities(cohort_id: i64) -> Vec<engagement::Activity> = |st| engagement::list_activities(st, cohort_id);
        [] add_activity(input: engagement::ActivityInput) -> engagement::Activity = |st| engagement::add_activity(st, &input);
        [] activity_people(id: i64) -> Vec<engagement::ActivityPerson> = |st| engagement::activity_people(st, id);
        [] set_activity_stage(id: i64, member_ids: Vec<i64>, stage: u8) -> engagement::Activity = |st| engagement::set_stage(st, id, &member_ids, stage);
        [] delete_activity(id: i64) -> () = |st| engagement::delete_activity(st, id);
        [] point_rules() -> Vec<points::Rule> = |st| points::rules(st);
        [] set_point_rule(key: String, points: i64) -> points::Rule = |st| points::set_rule(st, &key, points);
        [] recompute_points(cohort_id: i64) -> usize = |st| points::recompute(st, cohort_id);
        [] leaderboard(cohort_id: i64, group_id: Option<i64>, period: points::Period, date: String) -> Vec<points::Standing> = |st| points::leaderboard(st, cohort_id, group_id, period, cohorts::parse_date(Field::Date, &date)?);
        [] member_ledger(member_id: i64, cohort_id: Option<i64>) -> points::Ledger = |st| points::ledger(st, member_id, cohort_id);
        [] member_record(member_id: i64) -> engagement::MemberRecord = |st| engagement::member_record(st, member_id);
        [] member_figures() -> Vec<engagement::MemberFigures> = |st| engagement::member_figures(st, engagement::silent_days(st)?, today());
        [] member_certificates(member_id: i64) -> Vec<certificates::CertificateRow> = |st| certificates::of_member(st, member_id);
        [] adjust_points(member_id: i64, cohort_id: Option<i64>, points: i64, reason: String) -> points::LedgerEntry = |st| points::adjust(st, member_id, cohort_id, points, &reason);
        [] redeem_points(member_id: i64, cohort_id: Option<i64>, reward: String, cost: i64) -> points::LedgerEntry = |st| points::redeem(st, member_id, cohort_id, &reward, cost);
        [] award_points(member_id: i64, cohort_id: i64, day: String, rule: String) -> points::LedgerEntry = |st| points::award(st, member_id, cohort_id, &day, &rule);
        [] delete_ledger_entry(id: i64) -> () = |st| points::delete_entry(st, id);
        [] koc_candidates(cohort_id: i64) -> Vec<points::Candidate> = |st| points::koc_candidates(st, cohort_id, 20);
        [] role_suggestions(cohort_id: i64) -> Vec<points::RoleSuggestion> = |st| points::role_suggestions(st, cohort_id, 3);
        [] award_suggestions(cohort_id: i64, day: String) -> points::Awards = |st| points::awards(st, cohort_id, cohorts::parse_date(Field::Date, &day)?, 3);
        [] assign_role_key(cohort_id: i64, member_id: i64, role: String) -> () = |st| points::assign_role(st, cohort_id, member_id, &role);
        [] lifecycle(cohort_id: i64) -> Vec<engagement::Lifecycle> = |st| engagement::lifecycle(st, cohort_id, engagement::silent_days(st)?, today());
        [] silent_members(cohort_id: i64) -> Vec<engagement::Lifecycle> = |st| engagement::silent(st, cohort_id, engagement::silent_days(st)?, today());
        [] note_contact(cohort_id: i64, member_id: i64, note: String) -> () = |st| engagement::note_contact(st, cohort_id, member_id, &note);
        [] note_contacts(cohort_id: i64, member_ids: Vec<i64>, note: String) -> usize = |st| engagement::note_contacts(st, cohort_id, &member_ids, &note);
        [] engagement_settings() -> engagement::RecallSettings = |st| engagement::recall_settings(st);
        [] set_engagement_settings(settings: engagement::RecallSettings) -> () = |st| engagement::set_recall_settings(st, &settings);
        [job(chat_import::ChatProgress) read] import_chat(cohort_id: i64, group_id: Option<i64>) -> chat_import::ChatImport =
            |st, path, job| chat_import::import(st, path, cohort_id, group_id, job);
        [] chat_stats(cohort_id: i64, group_id: Option<i64>) -> chat_stats::ChatStats = |st| chat_stats::stats(st, cohort_id, group_id);
        [] chat_unmatched(cohort_id: i64) -> Vec<chat_import::Sender> = |st| chat_import::unmatched(st, cohort_id);
        [] link_chat_sender(cohort_id: i64, sender_id: i64, member_id: i64) -> usize = |st| chat_import::link(st, cohort_id, sender_id, member_id);
        [] chat_settings() -> chat_import::ChatSettings = |st| chat_import::settings(st);
        [] set_chat_settings(settings: chat_import::ChatSettings) -> chat_import::ChatSettings = |st| chat_import::set_settings(st, &settings);
        [] redetect_chats(cohort_id: i64) -> usize = |st| chat_import::redetect(st, cohort_id);
        [] forget_chat_text() -> u64 = |st| chat_import::forget_text(st, None);
        [] retro_metrics(cohort_id: i64) -> retro::Metrics = |st| retro::metrics(st, cohort_id);
        [] retro_compare(cohort_ids: Vec<i64>) -> retro::Comparison = |st| retro::compare(st, &cohort_ids);
        [] retro_notes(cohort_id: i64) -> retro::Notes = |st| retro::notes(st, cohort_id);
        [] save_retro_notes(cohort_id: i64, notes: retro::Notes) -> retro::Notes = |st| retro::save_notes(st, cohort_id, &notes);
        [] retro_actions(cohort_id: i64) -> Vec<retro::Action> = |st| retro::actions(st, cohort_id);
        [] add_retro_action(cohort_id: i64, text: String, anchor: String, role: String) -> retro::Action = |st| retro::add_action(st, cohort_id, &text, &anchor, &role);
        [] delete_retro_action(id: i64) -> () = |st| retro::delete_action(st, id);
        [] cohort_checkin_rates(cohort_id: Option<i64>) -> Vec<retro::CohortRate> = |st| retro::checkin_rates_on(st, today(), cohort_id);
        [] push_retro_action(id: i64, sop_key: String) -> String = |st| retro::push_action(st, id, &sop_key);
        [read] preview_survey() -> survey::SurveyPreview = |_st, path| survey::preview(path);
        [read] import_survey(cohort_id: i64, audience: survey::Audience, uses: Vec<(usize, survey::QuestionUse)>) -> survey::SurveyImport =
            |st, path| survey::import(st, cohort_id, path, audience, &uses);
        [] list_surveys(cohort_id: i64) -> Vec<survey::SurveyInfo> = |st| survey::list(st, cohort_id);
        [] delete_survey(id: i64) -> () = |st| survey::delete(st, id);
        [] export_retro(cohort_id: i64, format: String) -> String = |st| retro::report::export_named(st, cohort_id, &format);
        [] growth_report(cohort_id: i64) -> growth::report::GrowthReport = |st| growth::report::cohort(st, cohort_id);
        [] growth_overview() -> growth::report::GrowthOverview = |st| growth::report::all(st);
        [] list_orders(cohort_id: i64) -> Vec<orders::Order> = |st| orders::list(st, cohort_id);
        [] member_orders(member_id: i64) -> Vec<orders::Order> = |st| orders::of_member(st, member_id);
        [] member_referred(member_id: i64) -> Vec<orders::Order> = |st| orders::referred_by(st, member_id);
        [] member_renewals(member_id: i64) -> Vec<renewals::Renewal> = |st| renewals::of_member(st, member_id);
        [] delete_order(id: i64) -> () = |st| orders::delete(st, id);
        [read] preview_orders(opts: growth::import::OrderImportOptions) -> growth::import::OrderImportReport = |st, path| growth::import::preview(st, path, &opts);
        [read] import_orders(opts: growth::import::OrderImportOptions) -> growth::import::OrderImportReport = |st, path| growth::import::run(st, path, &opts);
        [] list_costs(cohort_id: i64) -> Vec<costs::Cost> = |st| costs::list(st, cohort_id);
        [] add_cost(cohort_id: i64, input: costs::CostInput) -> costs::Cost = |st| costs::add(st, cohort_id, &input);
        [] update_cost(id: i64, input: costs::CostInput) -> costs::Cost = |st| costs::update(st, id, &input);
        [] delete_cost(id: i64) -> () = |st| costs::delete(st, id);
        [] list_channels() -> Vec<channels::Channel> = |st| channels::list(st);
        [] merge_channels(from: i64, into: i64) -> () = |st| channels::merge(st, from, into);
        [] completion_rule(cohort_id: i64) -> completion::CompletionRule = |st| completion::rule(st, cohort_id);
        [] set_completion_rule(cohort_id: i64, rule: completion::CompletionRule) -> completion::CompletionRule = |st| completion::set_rule(st, cohort_id, &rule);
        [] member_standings(member_id: i64) -> Vec<completion::Standing> = |st| completion::member_standings(st, member_id);
        [] set_referrer(member_id: i64, referrer_id: Option<i64>) -> () = |st| referrals::set_referrer(st, member_id, referrer_id);
        [] credit_referrals(cohort_id: i64) -> (usize, usize) = |st| referrals::credit(st, cohort_id);
        [] renewals_due(days: i64) -> Vec<renewals::RenewalDue> = |st| renewals::due(st, today(), days);
        [] renewal_message() -> String = |st| renewals::message(st);
        [] set_renewal_message(text: String) -> () = |st| renewals::set_message(st, &text);
        [] set_membership_expiry(member_id: i64, cohort_id: i64, expires_on: Option<String>) -> () = |st| renewals::set_expiry(st, member_id, cohort_id, expires_on.as_deref(), today());
        [] growth_settings() -> renewals::GrowthSettings = |st| renewals::settings(st);
        [] set_growth_settings(settings: renewals::GrowthSettings) -> renewals::GrowthSettings = |st| renewals::set_settings(st, &settings);
        [shell] choose_file(pick: grants::Pick) -> Option<String>;
        [shell] choose_save(save: grants::Save, name: String) -> Option<String>;
        [shell] cancel_job(job: String) -> ();
        }
    };
}
