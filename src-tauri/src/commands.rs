//! Thin IPC commands: each is one call into qunzhu-core, run off the UI thread by `App::run`.
//! Over 500 lines: one wrapper a command, until the restructuring (issue 19) declares the command
//! surface once, a table row each.

use crate::files::{self, Access};
use crate::App;
use qunzhu_core::grants::Save;
use qunzhu_core::app::AppInfo;
use qunzhu_core::backup::BackupInfo;
use qunzhu_core::cohorts::{Cohort, CohortInput, Group, GroupInput, MembershipInput};
use qunzhu_core::demo::DemoSummary;
use qunzhu_core::members::{Member, MemberInput, MemberQuery, MemberRow};
use qunzhu_core::roles::Role;
use qunzhu_core::tags::TagSummary;
use qunzhu_core::trash::TrashItem;
use qunzhu_core::export::{ExportSummary, TextEncoding};
use qunzhu_core::import::{ImportOptions, ImportReport};
use qunzhu_core::birthdays::{self, BirthdayPreview, BirthdaySettings, Reminder, Roster, Scope, UpcomingBirthday};
use qunzhu_core::lunar::{self, LunarDate};
use qunzhu_core::members::Birthday;
use qunzhu_core::calendar::{self, CalendarSettings, Task, TaskInput};
use qunzhu_core::sop::{self, Sop, SopInfo};
use qunzhu_core::certificates::{self, CertificateRow, Verdict};
use qunzhu_core::posters::{self, Batch, BatchRequest, Format, GuestTalk, Occasion, Poster, PosterTemplateInfo};
use qunzhu_core::render::template::TemplateReport;
use qunzhu_core::photos;
use qunzhu_core::render::Fonts;
use qunzhu_core::{app, backup, cohorts, demo, export, import, members, roles, tags, trash, Entity, ErrorReport, Lang};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tauri::ipc::Channel;
use tauri::{Runtime, State};

type Res<T> = Result<T, ErrorReport>;

pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info, set_lang, dismiss_demo, load_demo, clear_demo,
        list_members, get_member, add_member, update_member, delete_member, tag_members,
        list_cohorts, get_cohort, add_cohort, update_cohort, delete_cohort,
        list_groups, add_group, update_group, delete_group, propose_group_name,
        assign_member, remove_membership,
        list_roles, add_role, delete_role, list_tags, delete_tag,
        list_trash, restore_from_trash, purge_from_trash, empty_trash,
        list_backups, create_backup, restore_backup,
        preview_import, run_import, cancel_import, export_members,
        lunar_from_solar, lunar_to_solar, birthday_preview, upcoming_birthdays, birthday_roster,
        birthday_settings, set_birthday_settings, due_reminders, export_birthdays_ics,
        list_sops, attach_sop, check_sop, sop_source, save_sop, delete_sop, cohorts_using_sop, reapply_sop,
        list_tasks, set_task_done, snooze_task, reassign_task, add_task, delete_task,
        calendar_settings, set_calendar_settings, due_tasks, export_cohort_ics,
        list_poster_templates, preview_poster, render_certificates, cancel_render, verify_certificate,
        import_poster_template, delete_poster_template, occasion_poster, member_poster,
        list_certificates, revoke_certificate, member_photo, set_member_photo, remove_member_photo, open_export, cohort_member_ids,
        engagement_grid, mark_members, match_names, mark_pasted, mark_group,
        list_activities, add_activity, activity_people, set_activity_stage, delete_activity,
        point_rules, set_point_rule, recompute_points, leaderboard, member_ledger, adjust_points, redeem_points, award_points,
        delete_ledger_entry, koc_candidates, role_suggestions, award_suggestions, assign_role_key,
        lifecycle, silent_members, note_contact, engagement_settings, set_engagement_settings,
        import_chat, cancel_chat_import, chat_stats, chat_unmatched, link_chat_sender, chat_settings, set_chat_settings, redetect_chats, forget_chat_text,
        retro_metrics, retro_compare, retro_notes, save_retro_notes, retro_actions, add_retro_action, delete_retro_action, push_retro_action,
        preview_survey, import_survey, list_surveys, delete_survey, export_retro,
        files::choose_file, files::choose_save,
        crate::growth::growth_report, crate::growth::growth_overview, crate::growth::list_orders, crate::growth::member_orders,
        crate::growth::member_referred, crate::growth::member_renewals, crate::growth::delete_order, crate::growth::preview_orders, crate::growth::import_orders,
        crate::growth::list_costs, crate::growth::add_cost, crate::growth::update_cost, crate::growth::delete_cost,
        crate::growth::list_channels, crate::growth::merge_channels, crate::growth::completion_rule, crate::growth::set_completion_rule,
        crate::growth::member_standings, crate::growth::set_referrer, crate::growth::credit_referrals,
        crate::growth::renewals_due, crate::growth::renewal_message, crate::growth::set_renewal_message, crate::growth::set_membership_expiry,
        crate::growth::growth_settings, crate::growth::set_growth_settings,
    ]
}

#[tauri::command]
pub async fn app_info(s: State<'_, App>) -> Res<AppInfo> { App::run(s, app::info).await }
#[tauri::command]
pub async fn set_lang(s: State<'_, App>, lang: Lang) -> Res<()> { App::run(s, move |st| app::set_lang(st, lang)).await }
#[tauri::command]
pub async fn dismiss_demo(s: State<'_, App>) -> Res<()> { App::run(s, app::dismiss_demo).await }
#[tauri::command]
pub async fn load_demo(s: State<'_, App>) -> Res<DemoSummary> { App::run(s, demo::load).await }

#[tauri::command]
pub async fn clear_demo(s: State<'_, App>) -> Res<DemoSummary> { App::run(s, demo::clear).await }

#[tauri::command]
pub async fn list_members(s: State<'_, App>, query: MemberQuery) -> Res<Vec<MemberRow>> { App::run(s, move |st| members::list(st, &query)).await }
#[tauri::command]
pub async fn get_member(s: State<'_, App>, id: i64) -> Res<Member> { App::run(s, move |st| members::get(st, id)).await }
#[tauri::command]
pub async fn add_member(s: State<'_, App>, input: MemberInput) -> Res<Member> { App::run(s, move |st| members::add(st, &input)).await }
#[tauri::command]
pub async fn update_member(s: State<'_, App>, id: i64, input: MemberInput) -> Res<Member> { App::run(s, move |st| members::update(st, id, &input)).await }
#[tauri::command]
pub async fn delete_member(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| members::delete(st, id)).await }
#[tauri::command]
pub async fn tag_members(s: State<'_, App>, tag: String, ids: Vec<i64>) -> Res<usize> { App::run(s, move |st| tags::add_to_members(st, &tag, &ids)).await }

#[tauri::command]
pub async fn list_cohorts(s: State<'_, App>) -> Res<Vec<Cohort>> { App::run(s, cohorts::list).await }
#[tauri::command]
pub async fn get_cohort(s: State<'_, App>, id: i64) -> Res<Cohort> { App::run(s, move |st| cohorts::get(st, id)).await }
#[tauri::command]
pub async fn add_cohort(s: State<'_, App>, input: CohortInput, sop: Option<String>) -> Res<Cohort> {
    App::run(s, move |st| calendar::add_cohort(st, &input, sop.as_deref())).await
}
#[tauri::command]
pub async fn update_cohort(s: State<'_, App>, id: i64, input: CohortInput) -> Res<Cohort> { App::run(s, move |st| cohorts::update(st, id, &input)).await }
#[tauri::command]
pub async fn delete_cohort(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| cohorts::delete(st, id)).await }

#[tauri::command]
pub async fn list_groups(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Group>> { App::run(s, move |st| cohorts::list_groups(st, cohort_id)).await }
#[tauri::command]
pub async fn add_group(s: State<'_, App>, cohort_id: i64, input: GroupInput) -> Res<Group> { App::run(s, move |st| cohorts::add_group(st, cohort_id, &input)).await }
#[tauri::command]
pub async fn update_group(s: State<'_, App>, id: i64, input: GroupInput) -> Res<Group> { App::run(s, move |st| cohorts::update_group(st, id, &input)).await }
#[tauri::command]
pub async fn delete_group(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| cohorts::delete_group(st, id)).await }
#[tauri::command]
pub async fn propose_group_name(s: State<'_, App>, cohort_id: i64, city: String, channel: String) -> Res<String> {
    App::run(s, move |st| cohorts::propose_group_name(st, cohort_id, &city, &channel)).await
}

#[tauri::command]
pub async fn assign_member(s: State<'_, App>, input: MembershipInput) -> Res<Member> { App::run(s, move |st| cohorts::assign(st, &input)).await }
#[tauri::command]
pub async fn remove_membership(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| cohorts::remove_membership(st, id)).await }

#[tauri::command]
pub async fn list_roles(s: State<'_, App>) -> Res<Vec<Role>> { App::run(s, roles::list).await }
#[tauri::command]
pub async fn add_role(s: State<'_, App>, name: String) -> Res<Role> { App::run(s, move |st| roles::add(st, &name)).await }
#[tauri::command]
pub async fn delete_role(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| roles::delete(st, id)).await }
#[tauri::command]
pub async fn list_tags(s: State<'_, App>) -> Res<Vec<TagSummary>> { App::run(s, tags::list).await }
#[tauri::command]
pub async fn delete_tag(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| tags::delete(st, id)).await }

#[tauri::command]
pub async fn list_trash(s: State<'_, App>) -> Res<Vec<TrashItem>> { App::run(s, trash::list).await }
#[tauri::command]
pub async fn restore_from_trash(s: State<'_, App>, kind: Entity, id: i64) -> Res<()> { App::run(s, move |st| trash::restore(st, kind, id)).await }
#[tauri::command]
pub async fn purge_from_trash(s: State<'_, App>, kind: Entity, id: i64) -> Res<()> { App::run(s, move |st| trash::purge(st, kind, id)).await }
#[tauri::command]
pub async fn empty_trash(s: State<'_, App>) -> Res<usize> { App::run(s, |st| trash::empty(st, None)).await }

#[tauri::command]
pub async fn list_backups(s: State<'_, App>) -> Res<Vec<BackupInfo>> { App::run_on_folder(s, false, |dir, _| backup::list_in(dir)).await }
#[tauri::command]
pub async fn create_backup(s: State<'_, App>) -> Res<BackupInfo> { App::run(s, |st| backup::create(st, "manual")).await }
#[tauri::command]
pub async fn restore_backup(s: State<'_, App>, id: String) -> Res<BackupInfo> {
    App::run_on_folder(s, true, move |dir, store| match store {
        Some(st) => backup::restore(st, &id),
        None => backup::restore_in(dir, &id),
    })
    .await
}

#[tauri::command]
pub async fn preview_import(s: State<'_, App>, path: PathBuf, options: ImportOptions) -> Res<ImportReport> {
    App::run_on_file(s, path, Access::Read, move |st, path| import::preview(st, path, &options)).await
}
/// Imports in one transaction, reporting rows read on `on_progress`; `cancel_import` stops it.
#[tauri::command]
pub async fn run_import(s: State<'_, App>, path: PathBuf, options: ImportOptions, on_progress: Channel<usize>) -> Res<ImportReport> {
    let cancel = s.cancel_import.clone();
    cancel.store(false, Ordering::Relaxed);
    App::run_on_file(s, path, Access::Read, move |st, path| {
        let progress = |n: usize| {
            let _ = on_progress.send(n);
        };
        import::run(st, path, &options, &progress, &cancel)
    })
    .await
}
#[tauri::command]
pub async fn cancel_import(s: State<'_, App>) -> Res<()> {
    s.cancel_import.store(true, Ordering::Relaxed);
    Ok(())
}
#[tauri::command]
pub async fn export_members(s: State<'_, App>, path: PathBuf, query: MemberQuery, encoding: TextEncoding) -> Res<ExportSummary> {
    App::run_on_file(s, path, Access::Write(&[Save::MembersCsv, Save::MembersXlsx]), move |st, path| export::export(st, &query, path, encoding)).await
}

#[tauri::command]
pub async fn lunar_from_solar(s: State<'_, App>, date: String) -> Res<LunarDate> {
    App::run(s, move |_| lunar::from_solar(cohorts::parse_date(qunzhu_core::error::Field::Date, &date)?)).await
}
#[tauri::command]
pub async fn lunar_to_solar(s: State<'_, App>, year: i32, month: u32, day: u32, leap: bool) -> Res<String> {
    App::run(s, move |_| lunar::to_solar(year, month, day, leap).map(|d| d.to_string())).await
}
#[tauri::command]
pub async fn birthday_preview(s: State<'_, App>, birthday: Birthday) -> Res<BirthdayPreview> {
    App::run(s, move |st| {
        birthdays::preview(&birthday, qunzhu_core::store::today(), birthdays::get_settings(st)?.feb29, st.lang())
    })
    .await
}
#[tauri::command]
pub async fn upcoming_birthdays(s: State<'_, App>, scope: Scope, days: u32) -> Res<Vec<UpcomingBirthday>> {
    App::run(s, move |st| birthdays::upcoming(st, &scope, qunzhu_core::store::today(), days)).await
}
#[tauri::command]
pub async fn birthday_roster(s: State<'_, App>, scope: Scope, year: i32, month: u32) -> Res<Roster> {
    App::run(s, move |st| birthdays::roster(st, &scope, year, month, qunzhu_core::store::today())).await
}
#[tauri::command]
pub async fn birthday_settings(s: State<'_, App>) -> Res<BirthdaySettings> { App::run(s, birthdays::get_settings).await }
#[tauri::command]
pub async fn set_birthday_settings(s: State<'_, App>, settings: BirthdaySettings) -> Res<BirthdaySettings> {
    App::run(s, move |st| birthdays::set_settings(st, &settings)).await
}
/// Reminders due now (and those missed while the app was closed), each returned once.
#[tauri::command]
pub async fn due_reminders<R: Runtime>(s: State<'_, App>, handle: tauri::AppHandle<R>) -> Res<Vec<Reminder>> {
    App::run(s, move |st| crate::reminders::check(&handle, st)).await
}
#[tauri::command]
pub async fn export_birthdays_ics(s: State<'_, App>, path: PathBuf, scope: Scope, years: u32) -> Res<usize> {
    App::run_on_file(s, path, Access::Write(&[Save::Ics]), move |st, path| {
        let text = birthdays::ics(st, &scope, qunzhu_core::store::today(), years)?;
        std::fs::write(path, text.as_bytes()).map_err(|e| qunzhu_core::Error::io(path, e))?;
        Ok(text.matches("BEGIN:VEVENT").count())
    })
    .await
}

#[tauri::command]
pub async fn list_sops(s: State<'_, App>) -> Res<Vec<SopInfo>> { App::run(s, sop::list).await }
#[tauri::command]
pub async fn attach_sop(s: State<'_, App>, cohort_id: i64, key: String) -> Res<usize> {
    App::run(s, move |st| calendar::attach(st, cohort_id, &key)).await
}
/// Reads a template being edited: its tasks, or the error with its line.
#[tauri::command]
pub async fn check_sop(s: State<'_, App>, source: String) -> Res<Sop> { App::run(s, move |_| sop::parse("template.toml", &source)).await }
#[tauri::command]
pub async fn sop_source(s: State<'_, App>, key: String) -> Res<String> { App::run(s, move |st| sop::source(st, &key)).await }
#[tauri::command]
pub async fn save_sop(s: State<'_, App>, source: String, previous: Option<String>) -> Res<Sop> {
    App::run(s, move |st| sop::save(st, &source, previous.as_deref())).await
}
#[tauri::command]
pub async fn delete_sop(s: State<'_, App>, key: String) -> Res<()> { App::run(s, move |st| sop::delete(st, &key)).await }
#[tauri::command]
pub async fn cohorts_using_sop(s: State<'_, App>, key: String) -> Res<Vec<Cohort>> {
    App::run(s, move |st| calendar::cohorts_using(st, &key)).await
}
#[tauri::command]
pub async fn reapply_sop(s: State<'_, App>, key: String, cohort_ids: Vec<i64>) -> Res<usize> {
    App::run(s, move |st| Ok(calendar::reapply(st, &key, &cohort_ids)?.len())).await
}
#[tauri::command]
pub async fn list_tasks(s: State<'_, App>, cohort_id: Option<i64>, from: Option<String>, to: Option<String>) -> Res<Vec<Task>> {
    App::run(s, move |st| calendar::list(st, cohort_id, from.as_deref(), to.as_deref())).await
}
#[tauri::command]
pub async fn set_task_done(s: State<'_, App>, id: i64, done: bool) -> Res<()> { App::run(s, move |st| calendar::set_done(st, id, done)).await }
#[tauri::command]
pub async fn snooze_task(s: State<'_, App>, id: i64, date: String, time: String) -> Res<Task> {
    App::run(s, move |st| calendar::snooze(st, id, &date, &time)).await
}
#[tauri::command]
pub async fn reassign_task(s: State<'_, App>, id: i64, role: String) -> Res<Task> { App::run(s, move |st| calendar::reassign(st, id, &role)).await }
#[tauri::command]
pub async fn add_task(s: State<'_, App>, input: TaskInput) -> Res<Task> { App::run(s, move |st| calendar::add_task(st, &input)).await }
#[tauri::command]
pub async fn delete_task(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| calendar::delete_task(st, id)).await }
#[tauri::command]
pub async fn calendar_settings(s: State<'_, App>) -> Res<CalendarSettings> { App::run(s, calendar::get_settings).await }
#[tauri::command]
pub async fn set_calendar_settings(s: State<'_, App>, settings: CalendarSettings) -> Res<CalendarSettings> {
    App::run(s, move |st| calendar::set_settings(st, &settings)).await
}
/// Tasks that fell due since the last check (at start: those missed while Qunzhu was closed),
/// with a desktop notification.
#[tauri::command]
pub async fn due_tasks<R: Runtime>(handle: tauri::AppHandle<R>, s: State<'_, App>) -> Res<Vec<Task>> {
    App::run(s, move |st| crate::reminders::check_tasks(&handle, st)).await
}
#[tauri::command]
pub async fn export_cohort_ics(s: State<'_, App>, path: PathBuf, cohort_id: i64) -> Res<usize> {
    App::run_on_file(s, path, Access::Write(&[Save::Ics]), move |st, path| {
        let text = calendar::ics(st, cohort_id)?;
        std::fs::write(path, text.as_bytes()).map_err(|e| qunzhu_core::Error::io(path, e))?;
        Ok(text.matches("BEGIN:VEVENT").count())
    })
    .await
}

#[tauri::command]
pub async fn list_poster_templates(s: State<'_, App>) -> Res<Vec<PosterTemplateInfo>> { App::run(s, posters::list).await }
/// A member's page as a PNG data URL, nothing issued (sample serial and QR).
#[tauri::command]
pub async fn preview_poster(s: State<'_, App>, template: String, member_id: i64, cohort_id: Option<i64>, width: u32) -> Res<String> {
    App::run(s, move |st| posters::preview_data_url(st, Fonts::shared()?, member_id, cohort_id, &template, width.clamp(100, 2400))).await
}
/// Pages for members as one PDF (or a folder of PNGs) in the data folder's exports: those given,
/// else the cohort's (its graduates with `graduates`); pages done go to `on_progress`;
/// `cancel_render` stops it.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn render_certificates(
    s: State<'_, App>,
    cohort_id: Option<i64>,
    template: String,
    members: Option<Vec<i64>>,
    graduates: Option<bool>,
    format: Option<Format>,
    allow_undrawable: bool,
    on_progress: Channel<usize>,
) -> Res<Batch> {
    let cancel = s.cancel_render.clone();
    cancel.store(false, Ordering::Relaxed);
    App::run(s, move |st| {
        let members = match (members, cohort_id) {
            (Some(m), _) => m,
            (None, Some(c)) => posters::cohort_members(st, c, graduates.unwrap_or(false))?,
            (None, None) => Vec::new(),
        };
        if members.is_empty() {
            return Err(qunzhu_core::Error::Empty { field: qunzhu_core::error::Field::Members });
        }
        let label = match cohort_id {
            Some(c) => cohorts::get(st, c)?.name,
            None => String::new(),
        };
        let (info, _) = posters::source(st, &template)?;
        let format = format.unwrap_or_default();
        let out = posters::export_path(st, &label, &info.name, if format == Format::Pdf { "pdf" } else { "" })?;
        let req = BatchRequest { cohort_id, template, members, out, format, allow_undrawable };
        posters::render_batch(st, Fonts::shared()?, &req, |n| {
            let _ = on_progress.send(n);
            !cancel.load(Ordering::Relaxed)
        })
    })
    .await
}
#[tauri::command]
pub async fn cancel_render(s: State<'_, App>) -> Res<()> {
    s.cancel_render.store(true, Ordering::Relaxed);
    Ok(())
}
#[tauri::command]
pub async fn verify_certificate(s: State<'_, App>, payload: String) -> Res<Verdict> { App::run(s, move |st| certificates::verify(st, &payload)).await }

/// Imports an SVG template: the check's report, and the key it was saved under (none: refused).
#[derive(serde::Serialize)]
pub struct TemplateImport {
    report: TemplateReport,
    key: Option<String>,
}
#[tauri::command]
pub async fn import_poster_template(s: State<'_, App>, path: PathBuf) -> Res<TemplateImport> {
    App::run_on_file(s, path, Access::Read, move |st, path| posters::import(st, Fonts::shared()?, path).map(|(report, key)| TemplateImport { report, key })).await
}
#[tauri::command]
pub async fn delete_poster_template(s: State<'_, App>, key: String) -> Res<()> { App::run(s, move |st| posters::delete_template(st, &key)).await }
/// A roster's or a guest talk's poster: drawn (and saved with `save`).
#[tauri::command]
pub async fn occasion_poster(s: State<'_, App>, template: String, occasion: Occasion, save: bool, allow_undrawable: bool) -> Res<Poster> {
    let grants = s.grants.clone();
    App::run(s, move |st| {
        if let Occasion::Guest(GuestTalk { photo: Some(photo), .. }) = &occasion {
            grants.readable(photo)?;
        }
        posters::occasion_poster(st, Fonts::shared()?, &template, &occasion, save, allow_undrawable)
    })
    .await
}
/// One member's poster saved as a PNG in the exports folder.
#[tauri::command]
pub async fn member_poster(s: State<'_, App>, template: String, member_id: i64, cohort_id: Option<i64>) -> Res<Poster> {
    App::run(s, move |st| posters::member_poster(st, Fonts::shared()?, member_id, cohort_id, &template)).await
}
#[tauri::command]
pub async fn list_certificates(s: State<'_, App>, cohort_id: Option<i64>, search: String) -> Res<Vec<CertificateRow>> {
    App::run(s, move |st| certificates::list(st, cohort_id, &search)).await
}
#[tauri::command]
pub async fn revoke_certificate(s: State<'_, App>, serial: String) -> Res<()> { App::run(s, move |st| certificates::revoke(st, &serial)).await }
#[tauri::command]
pub async fn member_photo(s: State<'_, App>, member_id: i64) -> Res<Option<String>> { App::run(s, move |st| photos::data_url(st, member_id)).await }
#[tauri::command]
pub async fn set_member_photo(s: State<'_, App>, member_id: i64, path: PathBuf) -> Res<Option<String>> {
    App::run_on_file(s, path, Access::Read, move |st, path| {
        photos::set_from_file(st, member_id, path)?;
        photos::data_url(st, member_id)
    })
    .await
}
#[tauri::command]
pub async fn remove_member_photo(s: State<'_, App>, member_id: i64) -> Res<()> { App::run(s, move |st| photos::remove(st, member_id)).await }
/// Opens a file Qunzhu wrote (a PDF in the system viewer, a PNG folder in the file manager); only
/// inside the data folder's exports.
#[tauri::command]
pub async fn open_export<R: Runtime>(app: tauri::AppHandle<R>, s: State<'_, App>, path: PathBuf) -> Res<()> {
    use tauri_plugin_opener::OpenerExt;
    let file = App::run(s, move |st| posters::exported(st, &path)).await?;
    app.opener()
        .open_path(file.display().to_string(), None::<&str>)
        .map_err(|e| ErrorReport { code: "open".into(), message: e.to_string() })
}
/// A cohort's members for a batch: everyone placed in it, or its graduates (not left).
#[tauri::command]
pub async fn cohort_member_ids(s: State<'_, App>, cohort_id: i64, graduates: bool) -> Res<Vec<i64>> {
    App::run(s, move |st| posters::cohort_members(st, cohort_id, graduates)).await
}

// ---- Engagement and points -------------------------------------------------------------------

use qunzhu_core::engagement::{self, Activity, ActivityInput, ActivityPerson, Grid, Lifecycle, MarkKind, MarkSource, NameMatch};
use qunzhu_core::points::{self, Awards, Candidate, Ledger, LedgerEntry, Period, RoleSuggestion, Rule, Standing};

#[tauri::command]
pub async fn engagement_grid(s: State<'_, App>, cohort_id: i64, kind: MarkKind) -> Res<Grid> { App::run(s, move |st| engagement::grid(st, cohort_id, kind)).await }
#[tauri::command]
pub async fn mark_members(s: State<'_, App>, cohort_id: i64, day: String, kind: MarkKind, member_ids: Vec<i64>, on: bool) -> Res<usize> {
    App::run(s, move |st| engagement::mark(st, cohort_id, &day, kind, &member_ids, on, MarkSource::Manual)).await
}
#[tauri::command]
pub async fn match_names(s: State<'_, App>, cohort_id: i64, text: String) -> Res<NameMatch> { App::run(s, move |st| engagement::match_names(st, cohort_id, &text)).await }
/// Marks the pasted names that matched; returns the match (with what did not) and how many changed.
#[tauri::command]
pub async fn mark_pasted(s: State<'_, App>, cohort_id: i64, day: String, kind: MarkKind, text: String) -> Res<(NameMatch, usize)> {
    App::run(s, move |st| engagement::mark_pasted(st, cohort_id, &day, kind, &text)).await
}
#[tauri::command]
pub async fn mark_group(s: State<'_, App>, cohort_id: i64, group_id: i64, day: String, kind: MarkKind, on: bool) -> Res<usize> {
    App::run(s, move |st| engagement::mark_group(st, cohort_id, group_id, &day, kind, on)).await
}
#[tauri::command]
pub async fn list_activities(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Activity>> { App::run(s, move |st| engagement::list_activities(st, cohort_id)).await }
#[tauri::command]
pub async fn add_activity(s: State<'_, App>, input: ActivityInput) -> Res<Activity> { App::run(s, move |st| engagement::add_activity(st, &input)).await }
#[tauri::command]
pub async fn activity_people(s: State<'_, App>, id: i64) -> Res<Vec<ActivityPerson>> { App::run(s, move |st| engagement::activity_people(st, id)).await }
#[tauri::command]
pub async fn set_activity_stage(s: State<'_, App>, id: i64, member_ids: Vec<i64>, stage: u8) -> Res<Activity> {
    App::run(s, move |st| engagement::set_stage(st, id, &member_ids, stage)).await
}
#[tauri::command]
pub async fn delete_activity(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| engagement::delete_activity(st, id)).await }
#[tauri::command]
pub async fn point_rules(s: State<'_, App>) -> Res<Vec<Rule>> { App::run(s, points::rules).await }
#[tauri::command]
pub async fn set_point_rule(s: State<'_, App>, key: String, points: i64) -> Res<Rule> { App::run(s, move |st| points::set_rule(st, &key, points)).await }
#[tauri::command]
pub async fn recompute_points(s: State<'_, App>, cohort_id: i64) -> Res<usize> { App::run(s, move |st| points::recompute(st, cohort_id)).await }
#[tauri::command]
pub async fn leaderboard(s: State<'_, App>, cohort_id: i64, group_id: Option<i64>, period: Period, date: String) -> Res<Vec<Standing>> {
    App::run(s, move |st| points::leaderboard(st, cohort_id, group_id, period, cohorts::parse_date(qunzhu_core::error::Field::Date, &date)?)).await
}
#[tauri::command]
pub async fn member_ledger(s: State<'_, App>, member_id: i64, cohort_id: Option<i64>) -> Res<Ledger> { App::run(s, move |st| points::ledger(st, member_id, cohort_id)).await }
#[tauri::command]
pub async fn adjust_points(s: State<'_, App>, member_id: i64, cohort_id: Option<i64>, points: i64, reason: String) -> Res<LedgerEntry> {
    App::run(s, move |st| points::adjust(st, member_id, cohort_id, points, &reason)).await
}
#[tauri::command]
pub async fn redeem_points(s: State<'_, App>, member_id: i64, cohort_id: Option<i64>, reward: String, cost: i64) -> Res<LedgerEntry> {
    App::run(s, move |st| points::redeem(st, member_id, cohort_id, &reward, cost)).await
}
#[tauri::command]
pub async fn award_points(s: State<'_, App>, member_id: i64, cohort_id: i64, day: String, rule: String) -> Res<LedgerEntry> {
    App::run(s, move |st| points::award(st, member_id, cohort_id, &day, &rule)).await
}
#[tauri::command]
pub async fn delete_ledger_entry(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| points::delete_entry(st, id)).await }
#[tauri::command]
pub async fn koc_candidates(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Candidate>> { App::run(s, move |st| points::koc_candidates(st, cohort_id, 20)).await }
#[tauri::command]
pub async fn role_suggestions(s: State<'_, App>, cohort_id: i64) -> Res<Vec<RoleSuggestion>> { App::run(s, move |st| points::role_suggestions(st, cohort_id, 3)).await }
#[tauri::command]
pub async fn award_suggestions(s: State<'_, App>, cohort_id: i64, day: String) -> Res<Awards> {
    App::run(s, move |st| points::awards(st, cohort_id, cohorts::parse_date(qunzhu_core::error::Field::Date, &day)?, 3)).await
}
#[tauri::command]
pub async fn assign_role_key(s: State<'_, App>, cohort_id: i64, member_id: i64, role: String) -> Res<()> {
    App::run(s, move |st| points::assign_role(st, cohort_id, member_id, &role)).await
}
#[tauri::command]
pub async fn lifecycle(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Lifecycle>> {
    App::run(s, move |st| engagement::lifecycle(st, cohort_id, engagement::silent_days(st)?, qunzhu_core::store::today())).await
}
#[tauri::command]
pub async fn silent_members(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Lifecycle>> {
    App::run(s, move |st| engagement::silent(st, cohort_id, engagement::silent_days(st)?, qunzhu_core::store::today())).await
}
#[tauri::command]
pub async fn note_contact(s: State<'_, App>, cohort_id: i64, member_id: i64, note: String) -> Res<()> {
    App::run(s, move |st| engagement::note_contact(st, cohort_id, member_id, &note)).await
}
#[derive(serde::Serialize, serde::Deserialize)]
pub struct EngagementSettings {
    silent_days: u32,
    recall_message: String,
}
#[tauri::command]
pub async fn engagement_settings(s: State<'_, App>) -> Res<EngagementSettings> {
    App::run(s, |st| Ok(EngagementSettings { silent_days: engagement::silent_days(st)?, recall_message: engagement::recall_message(st)? })).await
}
#[tauri::command]
pub async fn set_engagement_settings(s: State<'_, App>, settings: EngagementSettings) -> Res<()> {
    App::run(s, move |st| {
        engagement::set_silent_days(st, settings.silent_days)?;
        engagement::set_recall_message(st, &settings.recall_message)
    })
    .await
}

// ---- Chat exports ----------------------------------------------------------------------------

use qunzhu_core::chats::{import::{self as chat_import, ChatImport, ChatProgress, ChatSettings, Sender}, stats::{self as chat_stats_mod, ChatStats}};

/// Imports a chat export into a cohort (one transaction); progress goes to `on_progress` as each
/// percent of the file is read; `cancel_chat_import` stops it with nothing kept.
#[tauri::command]
pub async fn import_chat(s: State<'_, App>, cohort_id: i64, group_id: Option<i64>, path: PathBuf, on_progress: Channel<ChatProgress>) -> Res<ChatImport> {
    let cancel = s.cancel_chat.clone();
    cancel.store(false, Ordering::Relaxed);
    App::run_on_file(s, path, Access::Read, move |st, path| {
        let mut shown = -1.0;
        chat_import::import(st, path, cohort_id, group_id, |p| {
            if p.done - shown >= 0.01 {
                shown = p.done;
                let _ = on_progress.send(p);
            }
            !cancel.load(Ordering::Relaxed)
        })
    })
    .await
}
#[tauri::command]
pub async fn cancel_chat_import(s: State<'_, App>) -> Res<()> {
    s.cancel_chat.store(true, Ordering::Relaxed);
    Ok(())
}
#[tauri::command]
pub async fn chat_stats(s: State<'_, App>, cohort_id: i64, group_id: Option<i64>) -> Res<ChatStats> { App::run(s, move |st| chat_stats_mod::stats(st, cohort_id, group_id)).await }
#[tauri::command]
pub async fn chat_unmatched(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Sender>> { App::run(s, move |st| chat_import::unmatched(st, cohort_id)).await }
/// Links a sender to a member; returns how many check-ins that marked.
#[tauri::command]
pub async fn link_chat_sender(s: State<'_, App>, cohort_id: i64, sender_id: i64, member_id: i64) -> Res<usize> {
    App::run(s, move |st| chat_import::link(st, cohort_id, sender_id, member_id)).await
}
#[tauri::command]
pub async fn chat_settings(s: State<'_, App>) -> Res<ChatSettings> { App::run(s, chat_import::settings).await }
#[tauri::command]
pub async fn set_chat_settings(s: State<'_, App>, settings: ChatSettings) -> Res<ChatSettings> {
    App::run(s, move |st| {
        chat_import::set_settings(st, &settings)?;
        chat_import::settings(st)
    })
    .await
}
/// Detects check-ins and homework again in a cohort's stored messages with the current patterns;
/// returns the marks added.
#[tauri::command]
pub async fn redetect_chats(s: State<'_, App>, cohort_id: i64) -> Res<usize> { App::run(s, move |st| chat_import::redetect(st, cohort_id)).await }
/// Drops the text of every stored chat message (counts stay); returns how many.
#[tauri::command]
pub async fn forget_chat_text(s: State<'_, App>) -> Res<u64> { App::run(s, move |st| chat_import::forget_text(st, None)).await }

// ---- Retrospective (复盘) ----------------------------------------------------------------------

use qunzhu_core::retro::{self, survey, Action, Comparison, Metrics, Notes};

#[tauri::command]
pub async fn retro_metrics(s: State<'_, App>, cohort_id: i64) -> Res<Metrics> { App::run(s, move |st| retro::metrics(st, cohort_id)).await }
#[tauri::command]
pub async fn retro_compare(s: State<'_, App>, cohort_ids: Vec<i64>) -> Res<Comparison> { App::run(s, move |st| retro::compare(st, &cohort_ids)).await }
#[tauri::command]
pub async fn retro_notes(s: State<'_, App>, cohort_id: i64) -> Res<Notes> { App::run(s, move |st| retro::notes(st, cohort_id)).await }
#[tauri::command]
pub async fn save_retro_notes(s: State<'_, App>, cohort_id: i64, notes: Notes) -> Res<Notes> { App::run(s, move |st| retro::save_notes(st, cohort_id, &notes)).await }
#[tauri::command]
pub async fn retro_actions(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Action>> { App::run(s, move |st| retro::actions(st, cohort_id)).await }
#[tauri::command]
pub async fn add_retro_action(s: State<'_, App>, cohort_id: i64, text: String, anchor: String, role: String) -> Res<Action> {
    App::run(s, move |st| retro::add_action(st, cohort_id, &text, &anchor, &role)).await
}
#[tauri::command]
pub async fn delete_retro_action(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| retro::delete_action(st, id)).await }
/// Makes an action item a task of an SOP template; returns the template's key (a bundled one is
/// copied first).
#[tauri::command]
pub async fn push_retro_action(s: State<'_, App>, id: i64, sop_key: String) -> Res<String> { App::run(s, move |st| retro::push_action(st, id, &sop_key)).await }
#[tauri::command]
pub async fn preview_survey(s: State<'_, App>, path: PathBuf) -> Res<survey::SurveyPreview> { App::run_on_file(s, path, Access::Read, |_, path| survey::preview(path)).await }
#[tauri::command]
pub async fn import_survey(s: State<'_, App>, cohort_id: i64, path: PathBuf, audience: survey::Audience, uses: Vec<(usize, survey::QuestionUse)>) -> Res<survey::SurveyImport> {
    App::run_on_file(s, path, Access::Read, move |st, path| survey::import(st, cohort_id, path, audience, &uses)).await
}
#[tauri::command]
pub async fn list_surveys(s: State<'_, App>, cohort_id: i64) -> Res<Vec<survey::SurveyInfo>> { App::run(s, move |st| survey::list(st, cohort_id)).await }
#[tauri::command]
pub async fn delete_survey(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| survey::delete(st, id)).await }
/// Writes the retrospective into the data folder's exports (`pdf` or `md`); returns the file.
#[tauri::command]
pub async fn export_retro(s: State<'_, App>, cohort_id: i64, format: String) -> Res<String> {
    App::run(s, move |st| {
        let ext = if format == "md" { "md" } else { "pdf" };
        retro::report::export_to_exports(st, cohort_id, ext).map(|p| p.display().to_string())
    })
    .await
}
