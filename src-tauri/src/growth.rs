//! The growth ledger's IPC commands: one call into `qunzhu_core::growth` each.

use crate::files::Access;
use crate::App;
use qunzhu_core::growth::channels::{self, Channel};
use qunzhu_core::growth::completion::{self, CompletionRule, Standing};
use qunzhu_core::growth::costs::{self, Cost, CostInput};
use qunzhu_core::growth::import::{self, OrderImportOptions, OrderImportReport};
use qunzhu_core::growth::orders::{self, Order};
use qunzhu_core::growth::report::{self, GrowthOverview, GrowthReport};
use qunzhu_core::growth::referrals;
use qunzhu_core::growth::renewals::{self, GrowthSettings, Renewal, RenewalDue};
use qunzhu_core::ErrorReport;
use std::path::PathBuf;
use tauri::State;

type Res<T> = Result<T, ErrorReport>;

#[tauri::command]
pub async fn growth_report(s: State<'_, App>, cohort_id: i64) -> Res<GrowthReport> { App::run(s, move |st| report::cohort(st, cohort_id)).await }
#[tauri::command]
pub async fn growth_overview(s: State<'_, App>) -> Res<GrowthOverview> { App::run(s, report::all).await }
#[tauri::command]
pub async fn list_orders(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Order>> { App::run(s, move |st| orders::list(st, cohort_id)).await }
#[tauri::command]
pub async fn member_orders(s: State<'_, App>, member_id: i64) -> Res<Vec<Order>> { App::run(s, move |st| orders::of_member(st, member_id)).await }
#[tauri::command]
pub async fn member_referred(s: State<'_, App>, member_id: i64) -> Res<Vec<Order>> { App::run(s, move |st| orders::referred_by(st, member_id)).await }
#[tauri::command]
pub async fn member_renewals(s: State<'_, App>, member_id: i64) -> Res<Vec<Renewal>> { App::run(s, move |st| renewals::of_member(st, member_id)).await }
#[tauri::command]
pub async fn delete_order(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| orders::delete(st, id)).await }
#[tauri::command]
pub async fn preview_orders(s: State<'_, App>, path: PathBuf, opts: OrderImportOptions) -> Res<OrderImportReport> {
    App::run_on_file(s, path, Access::Read, move |st, path| import::preview(st, path, &opts)).await
}
#[tauri::command]
pub async fn import_orders(s: State<'_, App>, path: PathBuf, opts: OrderImportOptions) -> Res<OrderImportReport> {
    App::run_on_file(s, path, Access::Read, move |st, path| import::run(st, path, &opts)).await
}
#[tauri::command]
pub async fn list_costs(s: State<'_, App>, cohort_id: i64) -> Res<Vec<Cost>> { App::run(s, move |st| costs::list(st, cohort_id)).await }
#[tauri::command]
pub async fn add_cost(s: State<'_, App>, cohort_id: i64, input: CostInput) -> Res<Cost> { App::run(s, move |st| costs::add(st, cohort_id, &input)).await }
#[tauri::command]
pub async fn update_cost(s: State<'_, App>, id: i64, input: CostInput) -> Res<Cost> { App::run(s, move |st| costs::update(st, id, &input)).await }
#[tauri::command]
pub async fn delete_cost(s: State<'_, App>, id: i64) -> Res<()> { App::run(s, move |st| costs::delete(st, id)).await }
#[tauri::command]
pub async fn list_channels(s: State<'_, App>) -> Res<Vec<Channel>> { App::run(s, channels::list).await }
#[tauri::command]
pub async fn merge_channels(s: State<'_, App>, from: i64, into: i64) -> Res<()> { App::run(s, move |st| channels::merge(st, from, into)).await }
#[tauri::command]
pub async fn completion_rule(s: State<'_, App>, cohort_id: i64) -> Res<CompletionRule> { App::run(s, move |st| completion::rule(st, cohort_id)).await }
#[tauri::command]
pub async fn set_completion_rule(s: State<'_, App>, cohort_id: i64, rule: CompletionRule) -> Res<CompletionRule> {
    App::run(s, move |st| completion::set_rule(st, cohort_id, &rule)).await
}
#[tauri::command]
pub async fn member_standings(s: State<'_, App>, member_id: i64) -> Res<Vec<Standing>> { App::run(s, move |st| completion::member_standings(st, member_id)).await }
#[tauri::command]
pub async fn set_referrer(s: State<'_, App>, member_id: i64, referrer_id: Option<i64>) -> Res<()> {
    App::run(s, move |st| referrals::set_referrer(st, member_id, referrer_id)).await
}
#[tauri::command]
pub async fn credit_referrals(s: State<'_, App>, cohort_id: i64) -> Res<(usize, usize)> { App::run(s, move |st| referrals::credit(st, cohort_id)).await }
#[tauri::command]
pub async fn renewals_due(s: State<'_, App>, days: i64) -> Res<Vec<RenewalDue>> { App::run(s, move |st| renewals::due(st, qunzhu_core::store::today(), days)).await }
#[tauri::command]
pub async fn renewal_message(s: State<'_, App>) -> Res<String> { App::run(s, renewals::message).await }
#[tauri::command]
pub async fn set_renewal_message(s: State<'_, App>, text: String) -> Res<()> { App::run(s, move |st| renewals::set_message(st, &text)).await }
#[tauri::command]
pub async fn set_membership_expiry(s: State<'_, App>, member_id: i64, cohort_id: i64, expires_on: Option<String>) -> Res<()> {
    App::run(s, move |st| renewals::set_expiry(st, member_id, cohort_id, expires_on.as_deref(), qunzhu_core::store::today())).await
}
#[tauri::command]
pub async fn growth_settings(s: State<'_, App>) -> Res<GrowthSettings> { App::run(s, renewals::settings).await }
#[tauri::command]
pub async fn set_growth_settings(s: State<'_, App>, settings: GrowthSettings) -> Res<GrowthSettings> {
    App::run(s, move |st| renewals::set_settings(st, &settings)).await
}
