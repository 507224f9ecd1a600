//! iCalendar (RFC 5545) export of a calendar event: what "Download .ics"
//! serves, importable by real calendar apps.
//!
//! Everything that came from a person (title, description, names) is
//! escaped as TEXT (`\\`, `\;`, `\,`, `\n`), control characters are
//! dropped, lines end with CRLF and are folded at 75 octets without
//! splitting a UTF-8 character.

use std::fmt::Write as _;

use switchboard_protocol::{CalendarEvent, UserId};

/// Product identifier written in `PRODID`.
const PRODID: &str = "-//Switchboard//Switchboard calendar//EN";
/// Longest line, in octets, before folding (CRLF excluded).
const MAX_LINE_OCTETS: usize = 75;

/// An employee as the `.ics` names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Their id.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape_text(value: &str) -> String {
    let value = value.replace("\r\n", "\n");
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' | '\r' => escaped.push_str("\\n"),
            '\t' => escaped.push(' '),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// A parameter value (a common name): always quoted, so `:`, `;` and `,`
/// are safe; `"` and control characters cannot be represented and are dropped.
fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    format!("\"{clean}\"")
}

/// A `mailto:` URI with characters that would break the line removed.
fn mailto(email: &str) -> String {
    let clean: String = email
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && !matches!(c, '"' | ';' | ','))
        .collect();
    format!("mailto:{clean}")
}

/// Folds one content line: at most 75 octets per physical line, each
/// continuation starting with a space; each physical line ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if octets + width > MAX_LINE_OCTETS {
            folded.push_str("\r\n ");
            octets = 1;
        }
        folded.push(c);
        octets += width;
    }
    folded.push_str("\r\n");
    folded
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A UTC DATE-TIME such as `20261125T083000Z` from epoch milliseconds.
pub fn utc_date_time(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The `.ics` file of an event. `people` holds the organizer and attendees
/// with their e-mail addresses; `host` makes the UID globally unique.
pub fn calendar_file(event: &CalendarEvent, people: &[Person], host: &str, now: i64) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:calendar-event-{}@{}", event.id.0, escape_text(host)),
        format!("DTSTAMP:{}", utc_date_time(now)),
        format!("DTSTART:{}", utc_date_time(event.starts_at)),
        format!("DURATION:PT{}M", event.duration_minutes),
        format!("SUMMARY:{}", escape_text(&event.title)),
    ];
    if !event.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&event.description)));
    }
    for person in people {
        let role = if person.id == event.organizer {
            "ORGANIZER"
        } else {
            "ATTENDEE"
        };
        let mut line = format!("{role};CN={}", param_value(&person.name));
        if role == "ATTENDEE" {
            line.push_str(";ROLE=REQ-PARTICIPANT");
        }
        let _ = write!(line, ":{}", mailto(&person.email));
        lines.push(line);
    }
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|line| fold(line)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_special_characters() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
        assert_eq!(escape_text("bell\u{7}"), "bell");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(100));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn formats_utc_date_times() {
        assert_eq!(utc_date_time(0), "19700101T000000Z");
        // 2026-11-25 08:30:05 UTC.
        assert_eq!(utc_date_time(1_795_595_405_000), "20261125T083005Z");
        // 2000-02-29 (leap day).
        assert_eq!(utc_date_time(951_782_400_000), "20000229T000000Z");
    }
}
