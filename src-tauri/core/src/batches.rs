//! A batch asked for from the window: whose pages (those chosen, or a cohort's members or
//! graduates), in which file of the exports folder, then `posters::render_batch`.

use crate::error::{Error, Field, Result};
use crate::jobs::Job;
use crate::posters::{self, Batch, BatchRequest, Format};
use crate::render::Fonts;
use crate::store::Store;
use crate::cohorts;
use serde::Deserialize;
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PagesRequest {
    pub cohort_id: Option<i64>,
    pub template: String,
    /// These members; none: the cohort's (its graduates with `graduates`).
    #[serde(default)]
    pub members: Option<Vec<i64>>,
    #[serde(default)]
    pub graduates: bool,
    #[serde(default)]
    pub format: Format,
    #[serde(default)]
    pub allow_undrawable: bool,
}

/// One PDF (or a folder of PNGs) in the exports folder, named after the cohort and template.
pub fn render_pages(store: &Store, fonts: &Fonts, req: PagesRequest, job: &Job<usize>) -> Result<Batch> {
    let members = match (req.members, req.cohort_id) {
        (Some(m), _) => m,
        (None, Some(c)) => posters::cohort_members(store, c, req.graduates)?,
        (None, None) => Vec::new(),
    };
    if members.is_empty() {
        return Err(Error::Empty { field: Field::Members });
    }
    let label = match req.cohort_id {
        Some(c) => cohorts::get(store, c)?.name,
        None => String::new(),
    };
    let (info, _) = posters::source(store, &req.template)?;
    let ext = if req.format == Format::Pdf { "pdf" } else { "" };
    let out = posters::export_path(store, &label, &info.name, ext)?;
    let batch = BatchRequest { cohort_id: req.cohort_id, template: req.template, members, out, format: req.format, allow_undrawable: req.allow_undrawable };
    posters::render_batch(store, fonts, &batch, job)
}
