//! The current cohort: the one the operator is working on, chosen once at the top of the
//! sidebar and followed by every screen that shows one cohort (calendar, engagement, retro,
//! posters, growth). A choice is kept in the settings; without one (or when it went to the
//! trash) the current cohort is the one running that started last, else the next to start,
//! else the one that ended last.

use super::{get, list, Cohort, CohortStatus};
use crate::error::Result;
use crate::settings;
use crate::store::Store;

const CURRENT: &str = "current_cohort";

/// The current cohort, or none when there is no cohort at all.
pub fn current(store: &Store) -> Result<Option<Cohort>> {
    let chosen = settings::get(store, CURRENT)?.and_then(|v| v.parse::<i64>().ok());
    if let Some(id) = chosen {
        if let Ok(c) = get(store, id) {
            return Ok(Some(c));
        }
    }
    Ok(fallback(list(store)?))
}

/// The cohort to show without a choice: newest running, else soonest upcoming, else latest ended.
fn fallback(cohorts: Vec<Cohort>) -> Option<Cohort> {
    // `list` is newest start first.
    let running = cohorts.iter().position(|c| c.status == CohortStatus::Running);
    let upcoming = cohorts.iter().rposition(|c| c.status == CohortStatus::Upcoming);
    let pick = running.or(upcoming).or(if cohorts.is_empty() { None } else { Some(0) })?;
    cohorts.into_iter().nth(pick)
}

/// Makes a cohort the current one (it must exist); returns it.
pub fn set_current(store: &Store, id: i64) -> Result<Cohort> {
    let c = get(store, id)?;
    settings::set(store, CURRENT, &id.to_string())?;
    Ok(c)
}
