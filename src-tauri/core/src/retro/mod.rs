//! The post-cohort retrospective (复盘): every metric computed from what the store already holds
//! (memberships, marks, activities, points, birthdays, imported surveys and chats), the
//! operator's findings, action items that become tasks of the next cohort's SOP template, a
//! side-by-side comparison of cohorts, and a printable report (see [`report`]).
//!
//! Rates are numbers between 0 and 1, or none when there is nothing to divide by (a cohort with
//! no data has empty metrics, never NaN).

pub mod findings;
pub mod metrics;
pub mod report;
pub mod survey;

pub use findings::*;
pub use metrics::*;

use crate::error::{Error, Field, Result};
use crate::store::Store;
use serde::Serialize;
use ts_rs::TS;

// ---- Comparison --------------------------------------------------------------------------------

/// One metric across cohorts.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CompareRow {
    pub key: String,
    /// A rate (0-1, shown as %) or a count.
    pub rate: bool,
    /// Whether more is better (quit rate: no).
    pub higher_is_better: bool,
    /// Whether a change is good or bad at all (the monitor's share should stay near 5%: neither).
    pub judged: bool,
    pub values: Vec<Option<f64>>,
    /// Each cohort against the first: value - first (none when either is missing).
    pub deltas: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Comparison {
    pub cohorts: Vec<Metrics>,
    pub rows: Vec<CompareRow>,
}

/// The metrics compared, in a fixed order: (key, rate, higher is better). The monitor's share is
/// shown but not judged (about 5% is healthy; more or less is not better).
pub const COMPARED: &[(&str, bool, bool)] = &[
    ("enrolled", false, true),
    ("completion_rate", true, true),
    ("quit_rate", true, false),
    ("checkin_rate", true, true),
    ("lecture_rate", true, true),
    ("homework_rate", true, true),
    ("excellent_rate", true, true),
    ("groups_in_band", false, true),
    ("points_mean", false, true),
    ("kocs", false, true),
    ("birthdays_celebrated", false, true),
    ("satisfaction_members", true, true),
    ("satisfaction_staff", true, true),
    ("nps", false, true),
    ("monitor_share", true, true),
    ("paid", false, true),
    ("renewal_rate", true, true),
    ("net_revenue", false, true),
    ("cost_per_paid", false, false),
    ("cost_per_completed", false, false),
];

fn value_of(m: &Metrics, key: &str) -> Option<f64> {
    match key {
        "enrolled" => Some(m.enrolled as f64),
        "completion_rate" => m.completion_rate,
        "quit_rate" => m.quit_rate,
        "checkin_rate" => m.checkin_rate,
        "lecture_rate" => m.lecture_rate,
        "homework_rate" => m.homework_rate,
        "excellent_rate" => m.excellent_rate,
        "groups_in_band" => Some(m.groups_in_band as f64),
        "points_mean" => m.points.mean,
        "kocs" => Some(m.kocs.len() as f64),
        "birthdays_celebrated" => Some(m.birthdays_celebrated as f64),
        "satisfaction_members" => m.satisfaction_members,
        "satisfaction_staff" => m.satisfaction_staff,
        "nps" => m.nps,
        "monitor_share" => m.monitor_share,
        "paid" => Some(m.growth.funnel.paid as f64),
        "renewal_rate" => ratio(m.growth.funnel.renewed, m.growth.funnel.paid),
        "net_revenue" => Some(m.growth.net_revenue as f64 / 100.0),
        "cost_per_paid" => m.growth.cost_per_paid.map(|f| f as f64 / 100.0),
        "cost_per_completed" => m.growth.cost_per_completed.map(|f| f as f64 / 100.0),
        _ => None,
    }
}

/// Two or more cohorts side by side, metric by metric, each against the first.
pub fn compare(store: &Store, cohort_ids: &[i64]) -> Result<Comparison> {
    if cohort_ids.len() < 2 {
        return Err(Error::Invalid { field: Field::Cohort, value: cohort_ids.len().to_string() });
    }
    let cohorts: Vec<Metrics> = cohort_ids.iter().map(|id| metrics(store, *id)).collect::<Result<_>>()?;
    let rows = COMPARED
        .iter()
        .map(|(key, rate, higher)| {
            let values: Vec<Option<f64>> = cohorts.iter().map(|m| value_of(m, key)).collect();
            let deltas = values.iter().map(|v| v.zip(values[0]).map(|(v, first)| v - first)).collect();
            CompareRow { key: key.to_string(), rate: *rate, higher_is_better: *higher, judged: *key != "monitor_share", values, deltas }
        })
        .collect();
    Ok(Comparison { cohorts, rows })
}
