//! A cohort's certificate serial pattern: what it may say and how it expands. The numbers
//! themselves are taken in `certificates`, inside the transaction that issues them.

use crate::error::{Error, Field, Result};

/// The serial pattern when a cohort has none: `{prefix}-{year}-{seq:06}`.
pub const DEFAULT_PATTERN: &str = "{prefix}-{year}-{seq:06}";
/// `{prefix}` when nothing else is set: 群主 in pinyin initials.
pub const DEFAULT_PREFIX: &str = "QZ";

/// Expands a pattern for a cohort: `{prefix}`, `{year}`, `{cohort}` (its number), `{seq}` or
/// `{seq:06}` (zero-padded). Returns the stem (everything but the sequence) and a function of the number.
pub(crate) fn expand(pattern: &str, prefix: &str, year: i32, cohort_number: &str) -> Result<(String, usize, String)> {
    let p = pattern.replace("{prefix}", prefix).replace("{year}", &year.to_string()).replace("{cohort}", cohort_number);
    let start = p.find("{seq").ok_or_else(|| Error::Invalid { field: Field::Serial, value: pattern.to_string() })?;
    let end = start + p[start..].find('}').ok_or_else(|| Error::Invalid { field: Field::Serial, value: pattern.to_string() })?;
    let width: usize = match &p[start + 4..end] {
        "" => 0,
        w => w.trim_start_matches(':').parse().map_err(|_| Error::Invalid { field: Field::Serial, value: pattern.to_string() })?,
    };
    let (before, after) = (p[..start].to_string(), p[end + 1..].to_string());
    // `|` separates the fields of the signed QR text: a serial holding one could pass for another.
    let unsafe_char = |c: char| c == '|' || c.is_control();
    if before.contains('{') || after.contains('{') || width > 12 || before.chars().chain(after.chars()).any(unsafe_char) {
        return Err(Error::Invalid { field: Field::Serial, value: pattern.to_string() });
    }
    Ok((before, width, after))
}

/// Checks a serial pattern (the cohort form does before saving it).
pub fn validate_pattern(pattern: &str) -> Result<()> {
    if pattern.trim().is_empty() {
        return Ok(());
    }
    expand(pattern, DEFAULT_PREFIX, 2026, "1").map(|_| ())
}
