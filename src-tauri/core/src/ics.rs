//! What every iCalendar file Qunzhu writes shares: the calendar's header. The icalendar crate
//! writes CRLF lines folded at 75 octets on character boundaries.

use icalendar::Calendar;

/// An empty calendar with Qunzhu's PRODID (`-//Qunzhu//{product}//ZH`) and a display name.
pub(crate) fn calendar(product: &str, name: &str) -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", format!("-//Qunzhu//{product}//ZH").as_str()));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    cal.append_property(("X-WR-CALNAME", name));
    cal
}

/// Writes a calendar's text to `path`; returns how many events it holds.
pub fn write(path: &std::path::Path, text: &str) -> crate::Result<usize> {
    std::fs::write(path, text.as_bytes()).map_err(|e| crate::Error::io(path, e))?;
    Ok(text.matches("BEGIN:VEVENT").count())
}
