//! Moment.js-style date formats, as Obsidian's core Templates plugin fills
//! `{{date:FORMAT}}` and `{{time:FORMAT}}` (it calls moment's `format`).
//!
//! Moment prints a letter it does not know as itself, so a typo
//! (`YYYY-MM-DDTHH:mm`, `YYYY-mm-dd`) silently gives a wrong note; here an
//! unknown letter is an error naming it, and `[T]` is how a literal is
//! written, as in moment. English names only: Obsidian follows the app's
//! locale, phasebook has none to follow.

use anyhow::{Context, Result, bail};
use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::{Timestamp, ZonedDateTime};

/// The environment variable that fixes "now" (RFC 3339, e.g.
/// `2026-03-05T09:07:03+01:00`): tests and reproducible scripts.
pub(crate) const NOW_VAR: &str = "PHASEBOOK_NOW";

/// The moment a note is made: the wall-clock time where it is made, and
/// that place's offset from UTC.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Now {
    pub(crate) local: DateTime,
    pub(crate) offset: Offset,
    pub(crate) timestamp: Timestamp,
}

impl Now {
    /// `PHASEBOOK_NOW` when set, else the system clock in the system's time
    /// zone (`TZ`, `/etc/localtime`): the local date Obsidian would fill.
    pub(crate) fn current() -> Result<Now> {
        match std::env::var(NOW_VAR) {
            Ok(text) if !text.trim().is_empty() => Now::parse(text.trim())
                .with_context(|| format!("{NOW_VAR}={text} is not an RFC 3339 time")),
            _ => {
                let zoned = ZonedDateTime::now();
                Ok(Now {
                    local: zoned.datetime(),
                    offset: zoned.offset(),
                    timestamp: zoned.timestamp(),
                })
            }
        }
    }

    /// An RFC 3339 time with its offset (`Z` is UTC): the offset is kept, so
    /// the wall-clock time written is the one given.
    pub(crate) fn parse(text: &str) -> Result<Now> {
        let timestamp: Timestamp = text.parse()?;
        let offset = jiff::fmt::temporal::Pieces::parse(text)?
            .to_numeric_offset()
            .unwrap_or(Offset::UTC);
        Ok(Now {
            local: offset.to_datetime(timestamp),
            offset,
            timestamp,
        })
    }
}

/// The tokens, longest first so that `MMMM` is not read as `MM` twice.
const TOKENS: &[&str] = &[
    "YYYY", "MMMM", "DDDD", "dddd", "GGGG", "SSS", "MMM", "DDD", "ddd", "YY", "MM", "Do", "DD",
    "dd", "HH", "hh", "kk", "mm", "ss", "SS", "WW", "ZZ", "Y", "Q", "M", "D", "d", "E", "e", "H",
    "h", "k", "m", "s", "S", "A", "a", "W", "X", "x", "Z",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `now` written in moment's `format`: the tokens above, `[literal text]`,
/// `\x` for one literal character, and any other non-letter as itself.
pub(crate) fn format(format: &str, now: &Now) -> Result<String> {
    let mut out = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            let Some(end) = rest.find(']') else {
                bail!("`[` without its `]` in the date format `{format}`");
            };
            out.push_str(&rest[1..end]);
            rest = &rest[end + 1..];
        } else if c == '\\' && rest.len() > 1 {
            let next = rest[1..].chars().next().unwrap_or('\\');
            out.push(next);
            rest = &rest[1 + next.len_utf8()..];
        } else if let Some(token) = TOKENS.iter().find(|t| rest.starts_with(**t)) {
            out.push_str(&token_value(token, now));
            rest = &rest[token.len()..];
        } else if c.is_ascii_alphabetic() {
            bail!(
                "unknown token `{c}` in the date format `{format}`: write `[{c}]` for the letter \
                 itself (tokens: YYYY YY M MM MMM MMMM D DD Do d ddd dddd H HH h hh m mm s ss A \
                 a Q W E X Z)"
            );
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}

fn token_value(token: &str, now: &Now) -> String {
    let t = now.local;
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let weekday = t.weekday().to_sunday_zero_offset() as usize;
    let iso = t.date().iso_week_date();
    match token {
        "YYYY" => format!("{:04}", t.year()),
        "YY" => format!("{:02}", t.year().rem_euclid(100)),
        "Y" => t.year().to_string(),
        "GGGG" => format!("{:04}", iso.year()),
        "Q" => ((t.month() - 1) / 3 + 1).to_string(),
        "M" => t.month().to_string(),
        "MM" => format!("{:02}", t.month()),
        "MMM" => MONTHS[t.month() as usize - 1][..3].to_string(),
        "MMMM" => MONTHS[t.month() as usize - 1].to_string(),
        "D" => t.day().to_string(),
        "DD" => format!("{:02}", t.day()),
        "Do" => ordinal(t.day()),
        "DDD" => t.day_of_year().to_string(),
        "DDDD" => format!("{:03}", t.day_of_year()),
        "d" | "e" => weekday.to_string(),
        "dd" => DAYS[weekday][..2].to_string(),
        "ddd" => DAYS[weekday][..3].to_string(),
        "dddd" => DAYS[weekday].to_string(),
        "E" => t.weekday().to_monday_one_offset().to_string(),
        "W" => iso.week().to_string(),
        "WW" => format!("{:02}", iso.week()),
        "H" => t.hour().to_string(),
        "HH" => format!("{:02}", t.hour()),
        "h" => hour12.to_string(),
        "hh" => format!("{hour12:02}"),
        "k" => (if t.hour() == 0 { 24 } else { t.hour() }).to_string(),
        "kk" => format!("{:02}", if t.hour() == 0 { 24 } else { t.hour() }),
        "m" => t.minute().to_string(),
        "mm" => format!("{:02}", t.minute()),
        "s" => t.second().to_string(),
        "ss" => format!("{:02}", t.second()),
        "S" | "SS" | "SSS" => {
            let millis = format!("{:03}", t.subsec_nanosecond() / 1_000_000);
            millis[..token.len()].to_string()
        }
        "A" => (if t.hour() < 12 { "AM" } else { "PM" }).to_string(),
        "a" => (if t.hour() < 12 { "am" } else { "pm" }).to_string(),
        "X" => now.timestamp.as_second().to_string(),
        "x" => now.timestamp.as_millisecond().to_string(),
        "Z" | "ZZ" => offset(now.offset, if token == "Z" { ":" } else { "" }),
        _ => unreachable!("every token in TOKENS has a value"),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st`: moment's English ordinals.
fn ordinal(day: i8) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

/// `+01:00` (`Z`) or `+0100` (`ZZ`).
fn offset(offset: Offset, colon: &str) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{colon}{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Now {
        Now::parse(text).unwrap()
    }

    fn fmt(format_text: &str, now: &str) -> String {
        format(format_text, &at(now)).unwrap()
    }

    #[test]
    fn the_common_tokens() {
        let now = "2026-03-05T09:07:03+01:00";
        assert_eq!(fmt("YYYY-MM-DD", now), "2026-03-05");
        assert_eq!(fmt("HH:mm", now), "09:07");
        assert_eq!(fmt("YY M D H m s ss", now), "26 3 5 9 7 3 03");
        assert_eq!(fmt("ddd dddd dd d E", now), "Thu Thursday Th 4 4");
        assert_eq!(fmt("MMM MMMM Q", now), "Mar March 1");
        assert_eq!(fmt("Do DDD DDDD", now), "5th 64 064");
        assert_eq!(fmt("h:mm A a hh k", now), "9:07 AM am 09 9");
        assert_eq!(fmt("W WW GGGG", now), "10 10 2026");
        assert_eq!(fmt("Z ZZ", now), "+01:00 +0100");
        assert_eq!(fmt("X", "1970-01-01T00:01:00Z"), "60");
    }

    /// The wall clock is the one given with its offset, not UTC's.
    #[test]
    fn the_offset_is_kept() {
        assert_eq!(
            fmt("YYYY-MM-DD HH:mm", "2026-12-31T23:30:00-05:00"),
            "2026-12-31 23:30"
        );
        assert_eq!(fmt("Z", "2026-12-31T23:30:00-05:30"), "-05:30");
    }

    #[test]
    fn afternoon_midnight_and_ordinals() {
        assert_eq!(fmt("h A k HH", "2026-01-11T00:05:00Z"), "12 AM 24 00");
        assert_eq!(fmt("h A", "2026-01-11T13:05:00Z"), "1 PM");
        assert_eq!(fmt("Do", "2026-01-11T00:00:00Z"), "11th");
        assert_eq!(fmt("Do", "2026-01-22T00:00:00Z"), "22nd");
        assert_eq!(fmt("Do", "2026-01-31T00:00:00Z"), "31st");
    }

    #[test]
    fn brackets_and_backslashes_are_literal() {
        let now = "2026-03-05T09:07:03Z";
        assert_eq!(fmt("[Week] W [of] YYYY", now), "Week 10 of 2026");
        assert_eq!(fmt("YYYY-MM-DD[T]HH:mm", now), "2026-03-05T09:07");
        assert_eq!(fmt("\\Y YYYY", now), "Y 2026");
        assert_eq!(fmt("YYYY/MM/DD — é", now), "2026/03/05 — é");
    }

    #[test]
    fn an_unknown_letter_is_an_error_naming_it() {
        let now = at("2026-03-05T09:07:03Z");
        let err = format("YYYY-MM-DDTHH:mm", &now).unwrap_err().to_string();
        assert!(err.contains("unknown token `T`"), "{err}");
        assert!(err.contains("[T]"), "{err}");
        let err = format("[week W", &now).unwrap_err().to_string();
        assert!(err.contains("without its `]`"), "{err}");
    }

    #[test]
    fn a_time_without_an_offset_is_refused() {
        assert!(Now::parse("2026-03-05T09:07:03").is_err());
        assert!(Now::parse("tomorrow").is_err());
    }
}
