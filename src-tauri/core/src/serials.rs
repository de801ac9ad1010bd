//! A cohort's certificate serial pattern: what it may say and how it expands. The numbers
//! themselves are taken in `certificates`, inside the transaction that issues them.

use crate::error::{Error, Field, Result};

/// The serial pattern when a cohort has none: `{前缀}-{年}-{序号:06}`.
pub const DEFAULT_PATTERN: &str = "{前缀}-{年}-{序号:06}";
/// `{前缀}` when nothing else is set: 群主 in pinyin initials.
pub const DEFAULT_PREFIX: &str = "QZ";

/// The placeholders a pattern may use, in the one Chinese spelling the app shows, each with the
/// English spelling earlier versions wrote (still read, so stored patterns keep working).
pub const PLACEHOLDERS: &[(&str, &str)] = &[("前缀", "prefix"), ("年", "year"), ("期", "cohort"), ("序号", "seq")];

/// A pattern with its English placeholders spelled in Chinese: `{seq:05}` becomes `{序号:05}`.
pub fn chinese(pattern: &str) -> String {
    PLACEHOLDERS.iter().fold(pattern.to_string(), |p, (zh, en)| p.replace(&format!("{{{en}}}"), &format!("{{{zh}}}")).replace(&format!("{{{en}:"), &format!("{{{zh}:")))
}

/// Expands a pattern for a cohort: `{前缀}`, `{年}`, `{期}` (its number), `{序号}` or `{序号:06}`
/// (zero-padded), or their English aliases. Returns the stem (everything but the sequence), the
/// width of the number and what follows it.
pub(crate) fn expand(pattern: &str, prefix: &str, year: i32, cohort_number: &str) -> Result<(String, usize, String)> {
    let p = chinese(pattern).replace("{前缀}", prefix).replace("{年}", &year.to_string()).replace("{期}", cohort_number);
    let start = p.find("{序号").ok_or_else(|| Error::Invalid { field: Field::Serial, value: pattern.to_string() })?;
    let end = start + p[start..].find('}').ok_or_else(|| Error::Invalid { field: Field::Serial, value: pattern.to_string() })?;
    let width: usize = match &p[start + "{序号".len()..end] {
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

/// The first serial a pattern gives for cohort number `cohort_number` in `year` (the cohort
/// form's preview); an empty pattern is the default one.
pub fn example(pattern: &str, cohort_number: &str, year: i32) -> Result<String> {
    let pattern = if pattern.trim().is_empty() { DEFAULT_PATTERN } else { pattern.trim() };
    let (before, width, after) = expand(pattern, DEFAULT_PREFIX, year, cohort_number)?;
    Ok(format!("{before}{:0width$}{after}", 1))
}

/// Checks a serial pattern (the cohort form does before saving it).
pub fn validate_pattern(pattern: &str) -> Result<()> {
    if pattern.trim().is_empty() {
        return Ok(());
    }
    expand(pattern, DEFAULT_PREFIX, 2026, "1").map(|_| ())
}
