//! Dates and times in English text, for `builtin:date`, `builtin:time` and `builtin:datetime`.
//!
//! Dates: `2026-03-14`, `3/14/2026` and `3/14/26` (US order: month first), `14 March 2026`,
//! `14th of March`, `March 14`, `March 14th, 2026`, `today`, `tomorrow`, `yesterday`, and weekday
//! names (`friday`: the next Friday after today, one to seven days ahead). A date without a year
//! is its next occurrence on or after today. Relative forms need a `today`; without one (pinned
//! slot values) they are not dates. Impossible dates (`2/30/2026`) are not dates.
//!
//! Times: `3pm`, `3 p.m.`, `3:30 pm`, `15:30`, `15:30:45`, `noon`, `midday`, `midnight`.
//! A date-time is an ISO date-time (`2026-03-14T15:30:00Z`, `2026-03-14 15:30`) or a date and a
//! time next to each other, in either order, with at most `at`, `on` or a comma between.
//! Everything is UTC: a date is midnight UTC of that day.

use jiff::civil::Date;
use regex::{Captures, Regex};
use std::sync::LazyLock;

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|\
                      november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("MONTHS", MONTHS)).expect("a valid built-in pattern")
}

static ISO: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:T|\b)"));
static US: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})\b"));
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b([0-9]{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(MONTHS)\b\.?(?:,?\s+([0-9]{4})\b)?")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(MONTHS)\b\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?\b(?:,?\s+([0-9]{4})\b)?")
});
static ISO_DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?",
    )
});
static CLOCK_12: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([0-9]{1,2})(?::([0-9]{2}))?\s*([ap])\.?\s?m\.?"));
static CLOCK_24: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\b"));
/// A time in words with its marker: `three p.m.`, `three-thirty p.m.`, `ten oh five am`,
/// `eleven forty-five pm`, `two o'clock pm` (Genesys's example: "three-thirty p.m." is
/// 15:30, Use built-in slot types).
static CLOCK_12_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:[\s-]+(o'?clock|oh[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?))?\s*([ap])\.?\s?m\.?",
    )
});
static CLOCK_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(noon|midday|midnight)\b"));
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(today|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    )
});

/// The UTC date of an instant.
pub fn today(now_ms: i64) -> Option<Date> {
    let ts = jiff::Timestamp::from_millisecond(now_ms).ok()?;
    Some(ts.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// Midnight UTC of `date`, in milliseconds since the epoch.
pub fn day_ms(date: Date) -> Option<i64> {
    let zoned = date.to_zoned(jiff::tz::TimeZone::UTC).ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// `HH:MM:SS` of a time of day given in milliseconds.
pub fn clock_text(ms: i64) -> String {
    format!("{:02}:{:02}:{:02}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60)
}

fn num<T: std::str::FromStr>(c: &Captures<'_>, i: usize) -> Option<T> {
    c.get(i)?.as_str().parse().ok()
}

fn month(name: &str) -> Option<i8> {
    // The full names, then the abbreviations in calendar order, skipping May.
    const ABBREVIATED: [i8; 12] = [1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12];
    let name = name.to_ascii_lowercase();
    let at = MONTHS.split('|').position(|m| m == name)?;
    Some(if at < 12 { at as i8 + 1 } else { ABBREVIATED[at - 12] })
}

/// A day and month without a year: the next such date on or after `today`.
fn next_occurrence(today: Date, month: i8, day: i8) -> Option<Date> {
    (0..8).find_map(|ahead| {
        let date = Date::new(today.year().checked_add(ahead)?, month, day).ok()?;
        (date >= today).then_some(date)
    })
}

fn dated(year: Option<i16>, month: i8, day: i8, today: Option<Date>) -> Option<Date> {
    match year {
        Some(y) => Date::new(y, month, day).ok(),
        None => next_occurrence(today?, month, day),
    }
}

/// Every date in `text`: `(start, end, date)`, leftmost first, the longest first at one place.
pub fn dates(text: &str, today: Option<Date>) -> Vec<(usize, usize, Date)> {
    let mut found = Vec::new();
    for c in ISO.captures_iter(text) {
        if let (Some(y), Some(m), Some(d), Some(day)) =
            (num(&c, 1), num(&c, 2), num(&c, 3), c.get(3))
        {
            if let Ok(date) = Date::new(y, m, d) {
                found.push((c.get(0).map_or(0, |w| w.start()), day.end(), date));
            }
        }
    }
    for c in US.captures_iter(text) {
        let year = num::<i16>(&c, 3).map(|y| if y < 100 { 2000 + y } else { y });
        if let (Some(m), Some(d), Some(whole)) = (num(&c, 1), num(&c, 2), c.get(0)) {
            if let Some(date) = year.and_then(|y| Date::new(y, m, d).ok()) {
                found.push((whole.start(), whole.end(), date));
            }
        }
    }
    let named = [(&*DAY_MONTH, 1, 2), (&*MONTH_DAY, 2, 1)];
    for (pattern, day_at, month_at) in named {
        for c in pattern.captures_iter(text) {
            let month = c.get(month_at).and_then(|m| month(m.as_str()));
            if let (Some(d), Some(m), Some(whole)) = (num(&c, day_at), month, c.get(0)) {
                if let Some(date) = dated(num(&c, 3), m, d, today) {
                    found.push((whole.start(), whole.end(), date));
                }
            }
        }
    }
    if let Some(today) = today {
        for m in RELATIVE.find_iter(text) {
            if let Some(date) = relative(&m.as_str().to_ascii_lowercase(), today) {
                found.push((m.start(), m.end(), date));
            }
        }
    }
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    found
}

fn relative(word: &str, today: Date) -> Option<Date> {
    const WEEKDAYS: [&str; 7] =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    match word {
        "today" => Some(today),
        "tomorrow" => today.tomorrow().ok(),
        "yesterday" => today.yesterday().ok(),
        _ => {
            let target = WEEKDAYS.iter().position(|w| *w == word)? as i64;
            let now = i64::from(today.weekday().to_monday_zero_offset());
            let ahead = (target - now).rem_euclid(7);
            let ahead = if ahead == 0 { 7 } else { ahead };
            today.checked_add(jiff::Span::new().days(ahead)).ok()
        }
    }
}

/// Every time of day in `text`: `(start, end, milliseconds since midnight)`.
pub fn times(text: &str) -> Vec<(usize, usize, i64)> {
    let mut found = Vec::new();
    for c in CLOCK_12.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        // `3 amazing` is not a time: the marker must end a word.
        if text.get(whole.end()..).is_some_and(|r| r.starts_with(|ch: char| ch.is_alphanumeric())) {
            continue;
        }
        let (Some(h), m) = (num::<i64>(&c, 1), num::<i64>(&c, 2).unwrap_or(0)) else { continue };
        if !(1..=12).contains(&h) || m > 59 {
            continue;
        }
        let pm = c.get(3).is_some_and(|x| x.as_str().eq_ignore_ascii_case("p"));
        let hour = h % 12 + if pm { 12 } else { 0 };
        found.push((whole.start(), whole.end(), (hour * 60 + m) * 60_000));
    }
    for c in CLOCK_24.captures_iter(text) {
        let (Some(h), Some(m), s, Some(whole)) =
            (num::<i64>(&c, 1), num::<i64>(&c, 2), num::<i64>(&c, 3).unwrap_or(0), c.get(0))
        else {
            continue;
        };
        if h <= 23 && m <= 59 && s <= 59 {
            found.push((whole.start(), whole.end(), ((h * 60 + m) * 60 + s) * 1000));
        }
    }
    for c in CLOCK_12_WORDS.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        if text.get(whole.end()..).is_some_and(|r| r.starts_with(|ch: char| ch.is_alphanumeric())) {
            continue;
        }
        // The words' numbers added up (`forty-five`, `oh five`): `oh` and `o'clock` are 0.
        let word_value = |w: &str| {
            let w = w.to_ascii_lowercase();
            let value = |part: &str| {
                let unit = super::builtin::UNITS.iter().position(|x| *x == part);
                let tens = super::builtin::TENS.iter().position(|x| *x == part);
                unit.map(|u| u as i64).or(tens.map(|t| (t as i64 + 2) * 10)).unwrap_or(0)
            };
            w.split([' ', '-']).filter(|p| !p.is_empty()).map(value).sum::<i64>()
        };
        let Some(h) = c.get(1).map(|h| word_value(h.as_str())) else { continue };
        let m = c.get(2).map_or(0, |m| word_value(m.as_str()));
        if !(1..=12).contains(&h) || m > 59 {
            continue;
        }
        let pm = c.get(3).is_some_and(|x| x.as_str().eq_ignore_ascii_case("p"));
        let hour = h % 12 + if pm { 12 } else { 0 };
        found.push((whole.start(), whole.end(), (hour * 60 + m) * 60_000));
    }
    for m in CLOCK_WORD.find_iter(text) {
        let ms = if m.as_str().eq_ignore_ascii_case("midnight") { 0 } else { 12 * 3_600_000 };
        found.push((m.start(), m.end(), ms));
    }
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    found
}

/// Every date-time in `text`: `(start, end, milliseconds since the epoch)`.
pub fn datetimes(text: &str, today: Option<Date>) -> Vec<(usize, usize, i64)> {
    let mut found: Vec<(usize, usize, i64)> = ISO_DATETIME
        .find_iter(text)
        .filter_map(|m| {
            let ms = crate::expr::value::parse_datetime(&m.as_str().replacen(' ', "T", 1))?;
            Some((m.start(), m.end(), ms))
        })
        .collect();
    let times = times(text);
    for (ds, de, date) in dates(text, today) {
        let Some(day) = day_ms(date) else { continue };
        let paired = times.iter().find(|&&(ts, te, _)| {
            let gap = if ts >= de { text.get(de..ts) } else { text.get(te..ds) };
            (ts >= de || te <= ds) && gap.is_some_and(is_joiner)
        });
        if let Some(&(ts, te, ms)) = paired {
            found.push((ds.min(ts), de.max(te), day + ms));
        }
    }
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    found.dedup_by_key(|&mut (s, e, _)| (s, e));
    found
}

/// What may stand between a date and its time: nothing, spaces, a comma, `at`, `on`, `@`.
fn is_joiner(gap: &str) -> bool {
    let gap = gap.trim_matches(|c: char| c.is_whitespace() || c == ',').to_ascii_lowercase();
    matches!(gap.as_str(), "" | "at" | "on" | "@")
}
