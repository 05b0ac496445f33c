//! How Architect writes a documented example's result, read into a [`Want`] that a flowsim value
//! can be compared with.
//!
//! The SDK's examples write a result either as a value (`5`, `6.0`, `"Hello"`, `true`: a
//! Decimal always has a decimal point) or as a sentence (`A Currency with an amount of 2.25 and
//! code of "USD"`, `A DateTime of June 1, 2003 at 1:01:01 AM`, `A Duration of 1 day and 3
//! hours`, `An Integer collection with 2 elements whose values are 0 and 1`, `A NOT_SET
//! String`, `This would result in an error at runtime`). Both are read here; a sentence this
//! reader does not know is `None`.

use crate::expr::decimal::{self, Decimal};
use crate::expr::func::parse_duration;
use crate::expr::value::{parse_datetime, Value};
use regex::Regex;
use std::sync::LazyLock;

/// A documented result.
#[derive(Debug, Clone, PartialEq)]
pub enum Want {
    Error,
    NotSet,
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Str(String),
    DateTime(i64),
    Duration(i64),
    /// Amount and code; `None` is a NOT_SET part.
    Currency(Option<Decimal>, Option<String>),
    List(Vec<Want>),
    /// A collection of this many items (the documentation says no more).
    Len(usize),
    /// Audio with nothing to hear.
    BlankAudio,
    /// A phone number with these parts (`phone number member`, text); each documented part is
    /// compared ("a subscriber number of 3178723000, and no E.164 phone number").
    Phone(Vec<(&'static str, Option<String>)>),
    /// An object with these members (`An EmailAddress whose id property is ...`).
    Members(Vec<(String, Want)>),
}

fn re(text: &str) -> Regex {
    Regex::new(text).expect("a valid pattern")
}

/// Reads a documented output.
pub fn read(output: &str) -> Option<Want> {
    let text = output.trim();
    if let Some(w) = literal(text) {
        return Some(w);
    }
    prose(text)
}

/// A value written as Architect writes it, optionally followed by a remark (`1 ( remember,
/// ... )`, `"Welcome" - This returns ...`).
fn literal(text: &str) -> Option<Want> {
    static INT: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+$"));
    static DEC: LazyLock<Regex> = LazyLock::new(|| re(r"^-?\d+\.\d+$"));
    if let Some(rest) = text.strip_prefix('"') {
        let end = rest.find('"')?;
        let after = rest[end + 1..].trim_start();
        if !(after.is_empty() || after.starts_with('(') || after.starts_with('-')) {
            return None;
        }
        return Some(Want::Str(rest[..end].replace("\\\\n", "\n")));
    }
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return split_items(inner)
            .iter()
            .map(|i| literal(i))
            .collect::<Option<_>>()
            .map(Want::List);
    }
    let head = text.split(" (").next().unwrap_or(text).trim();
    Some(match head {
        "true" => Want::Bool(true),
        "false" => Want::Bool(false),
        "NOT_SET" => Want::NotSet,
        h if INT.is_match(h) => Want::Int(h.parse().ok()?),
        h if DEC.is_match(h) => Want::Dec(decimal::parse(h)?),
        h if h.starts_with('P') || h.starts_with("-P") => Want::Duration(parse_duration(h)?),
        h if h.len() >= 20 && h.ends_with('Z') => Want::DateTime(parse_datetime(h)?),
        // Text written without quotes (`|USD`): one word.
        h if !h.is_empty() && !h.contains(' ') => Want::Str(h.to_owned()),
        _ => return None,
    })
}

/// `a, "b, c", d` split at the commas outside quotes.
fn split_items(text: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ',' if !quoted => out.push(std::mem::take(&mut cur).trim().to_owned()),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() || !out.is_empty() {
        out.push(cur.trim().to_owned());
    }
    out
}

use super::format::MONTHS;

fn number_word(w: &str) -> Option<f64> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .iter()
        .position(|x| x.eq_ignore_ascii_case(w))
        .map(|n| n as f64)
        .or_else(|| w.parse().ok())
}

/// A sentence describing a value.
fn prose(text: &str) -> Option<Want> {
    static NOT_SET: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:A|The) NOT_SET [A-Z]"));
    static EMPTY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^an? empty \w+ collection"));
    static VALUES: LazyLock<Regex> = LazyLock::new(|| {
        re(r"collection with (?:\d+|one|two) elements? whose values? (?:is|are) (.*?)\.?$")
    });
    static ITEMS: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)collection with (?:items|one item): (.*)$"));
    static COUNT: LazyLock<Regex> =
        LazyLock::new(|| re(r"collection with (two|\d+) [\w ]*?(?:items|date times) in it"));
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| re(r#""([^"]*)""#));
    static E164: LazyLock<Regex> = LazyLock::new(|| re(r"E\.164 phone number of (\+\d+)"));
    static SIP: LazyLock<Regex> = LazyLock::new(|| re(r"SIP URI of (\S+?)\.?$"));
    static SCHEME: LazyLock<Regex> =
        LazyLock::new(|| re(r#"PhoneNumber with (?:the|a) "(\w+)" scheme"#));
    static SUBSCRIBER: LazyLock<Regex> = LazyLock::new(|| re(r"subscriber number of (\d+)"));
    if text.starts_with("This would result in an error at runtime") {
        return Some(Want::Error);
    }
    if NOT_SET.is_match(text) {
        return Some(Want::NotSet);
    }
    if text.starts_with("Blank Audio") || text.starts_with("Blank audio") {
        return Some(Want::BlankAudio);
    }
    if EMPTY.is_match(text) {
        return Some(Want::List(Vec::new()));
    }
    if let Some(c) = VALUES.captures(text) {
        let items = c[1].replace(" and ", ", ");
        return items
            .split(", ")
            .map(|i| i.trim().parse().ok().map(Want::Int))
            .collect::<Option<_>>()
            .map(Want::List);
    }
    if let Some(c) = ITEMS.captures(text) {
        return Some(Want::List(
            QUOTED.captures_iter(&c[1]).map(|q| Want::Str(q[1].to_owned())).collect(),
        ));
    }
    if let Some(c) = COUNT.captures(text) {
        return Some(Want::Len(number_word(&c[1])? as usize));
    }
    if text.contains("collection") {
        return None;
    }
    if let Some(ms) = date_time(text) {
        return Some(Want::DateTime(ms));
    }
    if let Some(scheme) = SCHEME.captures(text) {
        let mut parts = vec![("scheme", Some(scheme[1].to_owned()))];
        if let Some(c) = SIP.captures(text) {
            parts.push(("uri", Some(c[1].to_owned())));
        }
        if let Some(c) = SUBSCRIBER.captures(text) {
            parts.push(("subscriberNumber", Some(c[1].to_owned())));
        }
        if let Some(c) = E164.captures(text) {
            parts.push(("e164", Some(c[1].to_owned())));
        } else if text.contains("no E.164 phone number") {
            parts.push(("e164", None));
        }
        return Some(Want::Phone(parts));
    }
    if text.to_ascii_lowercase().contains("currency") {
        return currency(text);
    }
    if text.to_ascii_lowercase().contains("duration") {
        return duration(text).map(Want::Duration);
    }
    None
}

/// `June 1, 2003 at 1:01:01 AM`, `March 7th, 2009 at 12:00:00PM` (UTC).
fn date_time(text: &str) -> Option<i64> {
    static AT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"([A-Z][a-z]+) (\d{1,2})(?:st|nd|rd|th)?, (\d{4}) at (\d{1,2}):(\d{2}):(\d{2}) ?(AM|PM)",
        )
    });
    let c = AT.captures(text)?;
    let month = MONTHS.iter().position(|m| *m == &c[1])? + 1;
    let mut hour: u32 = c[4].parse().ok()?;
    if hour == 12 {
        hour = 0;
    }
    if &c[7] == "PM" {
        hour += 12;
    }
    parse_datetime(&format!("{}-{month:02}-{:0>2}T{hour:02}:{}:{}Z", &c[3], &c[2], &c[5], &c[6]))
}

/// `1 day, eleven hours, 45 minutes and 30 seconds`, `A negative Duration of ...`, `A 5 minute
/// Duration`, `A duration of -2 hours`.
fn duration(text: &str) -> Option<i64> {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)(-?\d+(?:\.\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (day|hour|minute|second|millisecond)s?\b",
        )
    });
    let mut ms = 0.0;
    let mut found = false;
    for c in PART.captures_iter(text) {
        found = true;
        let n = number_word(&c[1])?;
        let unit = match c[2].to_ascii_lowercase().as_str() {
            "day" => 86_400_000.0,
            "hour" => 3_600_000.0,
            "minute" => 60_000.0,
            "second" => 1000.0,
            _ => 1.0,
        };
        ms += n * unit;
    }
    if !found {
        return None;
    }
    if text.contains("negative") {
        ms = -ms;
    }
    Some(ms.round() as i64)
}

/// `A Currency with an amount of 2.25 and code of "USD"`, `... a NOT_SET amount ...`, `... and
/// NOT_SET code`.
fn currency(text: &str) -> Option<Want> {
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| re(r"amount of (-?\d+(?:\.\d+)?)"));
    static CODE: LazyLock<Regex> = LazyLock::new(|| re(r#"(?i)code of "([A-Z]{3})""#));
    let amount = AMOUNT.captures(text).and_then(|c| decimal::parse(&c[1]));
    let code = CODE.captures(text).map(|c| c[1].to_owned());
    let amount_not_set = text.contains("NOT_SET amount");
    let code_not_set = text.contains("NOT_SET code") || text.contains("code of NOT_SET");
    if (amount.is_none() && !amount_not_set) || (code.is_none() && !code_not_set) {
        return None;
    }
    Some(Want::Currency(amount, code))
}

/// Whether a flowsim result is the documented one.
pub fn matches(want: &Want, got: &Result<Value, String>) -> bool {
    let Ok(v) = got else { return *want == Want::Error };
    match (want, v) {
        (Want::NotSet, Value::NotSet) => true,
        (Want::Bool(a), Value::Bool(b)) => a == b,
        (Want::Int(a), Value::Int(b)) => a == b,
        // Exactly: Architect's Decimal is a decimal, and so is flowsim's.
        (Want::Dec(a), Value::Dec(b)) => a == b,
        (Want::Str(a), Value::Str(b)) => a == &**b,
        (Want::DateTime(a), Value::DateTime(b)) | (Want::Duration(a), Value::Duration(b)) => a == b,
        (Want::Currency(a, c), Value::Currency(m)) => {
            let amount = match (a, m.amount()) {
                (Some(a), Some(b)) => *a == b,
                (None, None) => true,
                _ => false,
            };
            amount && c.as_deref() == m.code()
        }
        (Want::List(items), Value::List(got)) => {
            items.len() == got.len()
                && items.iter().zip(got.iter()).all(|(w, g)| matches(w, &Ok(g.clone())))
        }
        (Want::Len(n), Value::List(got)) => *n == got.len(),
        (Want::Phone(parts), v @ Value::Phone(_)) => {
            parts.iter().all(|(member, want)| match (want, v.member(member)) {
                (Some(w), Value::Str(got)) => **w == *got,
                (None, Value::NotSet) => true,
                _ => false,
            })
        }
        (Want::Members(members), v @ Value::Object(_)) => {
            members.iter().all(|(name, w)| matches(w, &Ok(v.member(name))))
        }
        (Want::BlankAudio, Value::Media(m)) => m.parts.iter().all(|p| {
            matches!(p, crate::expr::media::Part::Silence(_))
                || matches!(p, crate::expr::media::Part::Text(t) if t.is_empty())
        }),
        _ => false,
    }
}
