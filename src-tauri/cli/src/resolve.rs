//! What the arguments name: a cohort or group by name, a member by name or id, a date.

use qunzhu_core::cohorts::{self, Cohort};
use qunzhu_core::error::Field;
use qunzhu_core::{members, Entity, Error, Store};

pub fn cohort(store: &Store, name: &str) -> Result<Cohort, Error> {
    cohorts::find_by_name(store, name)
}

/// An optional `--cohort NAME`: the cohort's id.
pub fn cohort_id(store: &Store, name: Option<&str>) -> Result<Option<i64>, Error> {
    name.map(|n| cohort(store, n).map(|c| c.id)).transpose()
}

/// `--member` / `--referrer`: a member's id, or the one member of that name.
pub fn member_id(store: &Store, name_or_id: &str) -> Result<i64, Error> {
    match name_or_id.parse::<i64>() {
        Ok(id) => Ok(id),
        Err(_) => Ok(members::find_by_name(store, name_or_id)?.id),
    }
}

/// An optional `--group NAME` of a cohort: the group's id.
pub fn group_id(store: &Store, cohort_id: i64, group: Option<String>) -> Result<Option<i64>, Error> {
    match group {
        Some(g) => Ok(Some(cohorts::list_groups(store, cohort_id)?.into_iter().find(|x| x.name == g).ok_or(Error::NotFound { entity: Entity::Group, id: g })?.id)),
        None => Ok(None),
    }
}

/// `--role NAME`: a role by its name (班长) or key (monitor).
pub fn role_id(store: &Store, role: &str) -> Result<i64, Error> {
    qunzhu_core::roles::list(store)?
        .into_iter()
        .find(|r| r.name == role || r.key.as_deref() == Some(role))
        .map(|r| r.id)
        .ok_or(Error::NotFound { entity: Entity::Role, id: role.to_string() })
}

/// A `YYYY-MM-DD` argument.
pub fn date(s: &str) -> Result<chrono::NaiveDate, Error> {
    cohorts::parse_date(Field::Date, s)
}
