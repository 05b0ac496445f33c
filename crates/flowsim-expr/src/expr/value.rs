//! Run-time values of the expression language (docs/json-flows.md) and their display text (§3.5).
//!
//! Invariants: a `Value` is 24 bytes; lists and objects sit behind `Arc`, so cloning a value is
//! cheap and values are `Send + Sync`; a list never holds more than [`MAX_LIST_ITEMS`] items;
//! lists and objects nest at most [`MAX_VALUE_DEPTH`] levels. That last bound is what keeps every
//! recursive walk over a value (display, JSON, comparison, and `Drop` of nested `Arc`s) within
//! any thread's stack: the functions that build nested values refuse to go deeper.

use super::calendar::{self, Money};
use super::decimal::Decimal;
use super::media::{Media, MediaKind};
use indexmap::IndexMap;
use std::fmt::{self, Write as _};
use std::sync::Arc;

/// Architect's collection limit: a list holds at most 2,000 items (`collectionTooLarge`).
pub const MAX_LIST_ITEMS: usize = 2_000;
/// flowsim's string limit (Architect documents none): longer is `stringTooLong`.
/// It keeps `Set x = Append(x, x)` in a loop from eating the machine.
pub const MAX_STRING_BYTES: usize = 32 * 1024 * 1024;

/// How deeply lists and objects may nest: serde_json's own parsing limit, so that any JSON a
/// request, fixture or `JsonParse` can hold fits. `SetJsonObjectProperty` and `MakeList` refuse to
/// build deeper (`collectionTooLarge`); [`Value::from_json`] cuts deeper JSON off.
pub const MAX_VALUE_DEPTH: usize = 128;

/// An object value: JSON-like members in document order.
pub type Object = IndexMap<Arc<str>, Value>;

/// A value. `NotSet` is Architect's NOT_SET; durations are milliseconds; date-times are
/// milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, PartialEq, Default)]
// A whole-word tag: with a one-byte tag, a value written piecemeal (tag byte, then payload) and
// copied at once right after (every evaluation result is) stalls the CPU on store forwarding.
// Measured: +25% node steps/s on the bench flow. The size stays 24 bytes, and `Option<Value>`
// and `Result<Value, Box<_>>` still use the tag's spare values (asserted below).
#[repr(u64)]
pub enum Value {
    /// `NOT_SET`, or a read of something that does not exist.
    #[default]
    NotSet,
    /// `true`
    Bool(bool),
    /// `42`
    Int(i64),
    /// `4.5`: an exact decimal (28 significant digits), see [`super::decimal`].
    Dec(Decimal),
    /// `"text"`
    Str(Arc<str>),
    /// `MakeDuration(0, 0, 1, 30)`, in milliseconds.
    Duration(i64),
    /// `Now()`, milliseconds since 1970-01-01T00:00:00Z.
    DateTime(i64),
    /// `ToDate("2024-02-29")`: days since 1970-01-01, from 1800-01-01 to 2200-12-31.
    Date(i64),
    /// `ToTime("14:30")`: milliseconds since midnight, below a day.
    Time(i64),
    /// `MakeCurrency(5.25, "USD")`: an amount and its ISO 4217 code, held inline.
    Currency(Money),
    /// `MakeTimeslot(ToDateTime("2030-06-01T14:00:00Z"), MakeDuration(0, 2, 0, 0))`: a start
    /// (milliseconds since the Unix epoch, UTC) and a length in milliseconds, what a digital
    /// bot's time picker offers.
    Timeslot(i64, i64),
    /// `ToPhoneNumber("+1 555 123 4567")`: a phone number with its parts; its text is its URI.
    Phone(Arc<crate::phone::PhoneNumber>),
    /// `MakeList(1, 2)`
    List(Arc<Vec<Value>>),
    /// A JSON object: a contact, a data action's outputs.
    Object(Arc<Object>),
    /// `MakeCommunication("Hi")`, `ToAudioTTS("Hi")`, `PromptSystem.x`: what a Say plays.
    Media(Arc<Media>),
}

const _: () = assert!(std::mem::size_of::<Value>() == 24);
const _: () = assert!(std::mem::size_of::<Option<Value>>() == 24);
const _: () = assert!(std::mem::size_of::<Result<Value, Box<str>>>() == 24);

/// The type names used in messages and `flowsim expr eval` output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    NotSet,
    Boolean,
    Integer,
    Decimal,
    String,
    Duration,
    DateTime,
    Date,
    Time,
    Currency,
    Timeslot,
    PhoneNumber,
    List,
    Object,
    Communication,
    Audio,
    Prompt,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::NotSet => "NOT_SET",
            Type::Boolean => "Boolean",
            Type::Integer => "Integer",
            Type::Decimal => "Decimal",
            Type::String => "String",
            Type::Duration => "Duration",
            Type::DateTime => "DateTime",
            Type::Date => "Date",
            Type::Time => "Time",
            Type::Currency => "Currency",
            Type::Timeslot => "Timeslot",
            Type::PhoneNumber => "PhoneNumber",
            Type::List => "Collection",
            Type::Object => "JSON",
            Type::Communication => "Communication",
            Type::Audio => "Audio",
            Type::Prompt => "Prompt",
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(Arc::from(s))
    }

    pub fn ty(&self) -> Type {
        match self {
            Value::NotSet => Type::NotSet,
            Value::Bool(_) => Type::Boolean,
            Value::Int(_) => Type::Integer,
            Value::Dec(_) => Type::Decimal,
            Value::Str(_) => Type::String,
            Value::Duration(_) => Type::Duration,
            Value::DateTime(_) => Type::DateTime,
            Value::Date(_) => Type::Date,
            Value::Time(_) => Type::Time,
            Value::Currency(_) => Type::Currency,
            Value::Timeslot(..) => Type::Timeslot,
            Value::Phone(_) => Type::PhoneNumber,
            Value::List(_) => Type::List,
            Value::Object(_) => Type::Object,
            Value::Media(m) => match m.kind {
                MediaKind::Communication => Type::Communication,
                MediaKind::Audio => Type::Audio,
                MediaKind::Prompt => Type::Prompt,
            },
        }
    }

    /// Whether `v` holds no heap bytes of its own worth counting (no text, list or object).
    #[inline]
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Value::Str(_) | Value::Phone(_) | Value::List(_) | Value::Object(_))
    }

    pub fn is_set(&self) -> bool {
        !matches!(self, Value::NotSet)
    }

    /// An Integer or Decimal zero.
    pub fn is_zero_number(&self) -> bool {
        matches!(self, Value::Int(0)) || matches!(self, Value::Dec(d) if d.is_zero())
    }

    /// A member, read case-insensitively when no exact match exists (identifiers are
    /// case-insensitive; JSON keys usually keep the author's case). Missing is NOT_SET.
    pub fn member(&self, name: &str) -> Value {
        match self {
            Value::Object(obj) => match obj.get(name) {
                Some(v) => v.clone(),
                // Member names compare case-insensitively, in Unicode (paths are folded).
                None => obj
                    .iter()
                    .find(|(k, _)| {
                        k.eq_ignore_ascii_case(name) || crate::util::fold_case(k) == name
                    })
                    .map_or(Value::NotSet, |(_, v)| v.clone()),
            },
            Value::Phone(p) => phone_member(p, name),
            // Architect's Currency members: `Flow.price.Amount`, `Flow.price.Code`.
            Value::Currency(m) if name.eq_ignore_ascii_case("amount") => {
                m.amount().map_or(Value::NotSet, Value::Dec)
            }
            Value::Currency(m) if name.eq_ignore_ascii_case("code") => {
                m.code().map_or(Value::NotSet, Value::str)
            }
            // A Timeslot's members, as the Scripting SDK names its parts (`ArchValueTimeslot`:
            // `dateTime`, `duration`).
            Value::Timeslot(start, _) if name.eq_ignore_ascii_case("datetime") => {
                Value::DateTime(*start)
            }
            Value::Timeslot(_, length) if name.eq_ignore_ascii_case("duration") => {
                Value::Duration(*length)
            }
            Value::List(items) if name.eq_ignore_ascii_case("count") => {
                Value::Int(items.len() as i64)
            }
            _ => Value::NotSet,
        }
    }

    /// A member of a JSON value, matched exactly as written ([`Keys::Exact`]): an object's
    /// member whose name differs in case is NOT_SET. Other values' members ignore case.
    ///
    /// [`Keys::Exact`]: super::ast::Keys::Exact
    pub fn member_exact(&self, name: &str) -> Value {
        match self {
            Value::Object(obj) => obj.get(name).cloned().unwrap_or(Value::NotSet),
            other => other.member(&crate::util::fold_case(name)),
        }
    }

    /// Display text (docs/json-flows.md), appended to `out`. NOT_SET writes nothing.
    pub fn write_display(&self, out: &mut String) {
        match self {
            Value::NotSet => {}
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(int_str(*i, &mut itoa::Buffer::new())),
            Value::Dec(d) => write_decimal(*d, out),
            Value::Str(s) => out.push_str(s),
            Value::Phone(p) => out.push_str(&p.uri),
            Value::Duration(ms) => write_duration(*ms, out),
            Value::DateTime(ms) => write_datetime(*ms, out),
            Value::Date(days) => calendar::write_date(*days, out),
            Value::Time(ms) => calendar::write_time(*ms, out),
            Value::Currency(m) => calendar::write_money(m, out),
            // An ISO 8601 interval, start and duration: `2030-06-01T14:00:00.000Z/PT2H`.
            Value::Timeslot(start, length) => {
                write_datetime(*start, out);
                out.push('/');
                write_duration(*length, out);
            }
            Value::List(_) | Value::Object(_) => {
                // Measured first: a value built by doubling shared parts has a text far larger
                // than memory (what `display_text` refuses as `stringTooLong`).
                let size = self.json_size();
                if size > MAX_STRING_BYTES {
                    write_too_large(size, out);
                } else {
                    out.push_str(&self.to_json().to_string());
                }
            }
            Value::Media(m) => m.write_display(out),
        }
    }

    /// Display text as a new string.
    pub fn display(&self) -> String {
        let mut s = String::new();
        self.write_display(&mut s);
        s
    }

    /// The JSON form used in results: NOT_SET is `null`, date-times, dates, times and durations
    /// are their display text (Architect's own forms for dates and times), a Currency is
    /// `{"amount": 5.25, "code": "USD"}` (its members; the amount always a Decimal), a Timeslot
    /// `{"dateTime": "2030-06-01T14:00:00.000Z", "duration": "PT2H"}` (its members).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::NotSet => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            // Through the display text, so that JSON shows what templates show, with a decimal
            // point on whole values: types survive JSON (docs/results.md).
            Value::Dec(d) => super::decimal::to_json_number(*d).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.to_string()),
            Value::Phone(p) => J::String(p.uri.to_string()),
            Value::Duration(_)
            | Value::DateTime(_)
            | Value::Date(_)
            | Value::Time(_)
            | Value::Media(_) => J::String(self.display()),
            Value::Currency(m) => {
                let mut obj = serde_json::Map::new();
                obj.insert(
                    "amount".into(),
                    m.amount().map_or(J::Null, |a| Value::Dec(a).to_json()),
                );
                obj.insert("code".into(), m.code().map_or(J::Null, |c| J::String(c.to_owned())));
                J::Object(obj)
            }
            Value::Timeslot(start, length) => {
                let mut obj = serde_json::Map::new();
                obj.insert("dateTime".into(), J::String(Value::DateTime(*start).display()));
                obj.insert("duration".into(), J::String(Value::Duration(*length).display()));
                J::Object(obj)
            }
            Value::List(items) => J::Array(items.iter().map(Value::to_json).collect()),
            Value::Object(obj) => {
                J::Object(obj.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect())
            }
        }
    }

    /// Reads JSON from a request, a fixture or a mock: `null` is NOT_SET, whole numbers that fit
    /// i64 are Integers, other numbers Decimals. Parsed JSON never nests deeper than
    /// [`MAX_VALUE_DEPTH`] (serde_json's limit); JSON built otherwise is cut off there: deeper
    /// lists and objects read as NOT_SET.
    pub fn from_json(json: &serde_json::Value) -> Value {
        from_json_at(json, 0)
    }

    /// How many levels of lists and objects `self` has: 0 for a scalar, 1 for `{"a": 1}`, 2 for
    /// `[{"a": 1}]`. Each shared part is measured once, so a value built by doubling
    /// (`SetJsonObjectProperty(x, "b", x)` in a loop) costs only its distinct parts.
    pub fn depth(&self) -> usize {
        match self {
            Value::List(_) | Value::Object(_) => {
                depth_of(self, &mut rustc_hash::FxHashMap::default())
            }
            _ => 0,
        }
    }

    /// The size of `self`'s compact JSON text, estimated (string escapes and number digits are
    /// not counted: a lower bound), saturating. Shared parts are measured once, so a value whose text would be exponential
    /// is measured in the time its distinct parts take.
    pub fn json_size(&self) -> usize {
        match self {
            Value::NotSet | Value::Bool(_) => 4,
            Value::Int(_) | Value::Dec(_) => 1,
            Value::Str(s) => s.len() + 2,
            Value::Phone(p) => p.uri.len() + 2,
            Value::List(_) | Value::Object(_) => {
                size_of_json(self, &mut rustc_hash::FxHashMap::default())
            }
            _ => 32,
        }
    }
}

/// The marker written in place of a value too large to write (as the cloud's execution data
/// writes `valueIsTooLarge`): `{"valueIsTooLarge":true,"bytes":N}`, N the estimated size of the
/// value's JSON text.
pub fn write_too_large(bytes: usize, out: &mut String) {
    out.push_str("{\"valueIsTooLarge\":true,\"bytes\":");
    out.push_str(itoa::Buffer::new().format(bytes));
    out.push('}');
}

/// The identity of a list's or object's allocation, for memoizing walks over shared parts.
fn container_key(v: &Value) -> Option<usize> {
    match v {
        Value::List(items) => Some(Arc::as_ptr(items).cast::<()>() as usize),
        Value::Object(obj) => Some(Arc::as_ptr(obj).cast::<()>() as usize),
        _ => None,
    }
}

// Recursion is bounded: every value nests at most `MAX_VALUE_DEPTH` levels.
fn depth_of(v: &Value, memo: &mut rustc_hash::FxHashMap<usize, usize>) -> usize {
    let Some(key) = container_key(v) else { return 0 };
    if let Some(&d) = memo.get(&key) {
        return d;
    }
    let deepest = match v {
        Value::List(items) => items.iter().map(|c| depth_of(c, memo)).max(),
        Value::Object(obj) => obj.values().map(|c| depth_of(c, memo)).max(),
        _ => None,
    };
    let d = 1 + deepest.unwrap_or(0);
    memo.insert(key, d);
    d
}

fn size_of_json(v: &Value, memo: &mut rustc_hash::FxHashMap<usize, usize>) -> usize {
    let Some(key) = container_key(v) else { return v.json_size() };
    if let Some(&n) = memo.get(&key) {
        return n;
    }
    let n = match v {
        Value::List(items) => {
            items.iter().fold(items.len() + 2, |n, c| n.saturating_add(size_of_json(c, memo)))
        }
        Value::Object(obj) => obj.iter().fold(obj.len() * 4 + 1, |n, (k, c)| {
            n.saturating_add(k.len()).saturating_add(size_of_json(c, memo))
        }),
        _ => 0,
    };
    memo.insert(key, n);
    n
}

fn from_json_at(json: &serde_json::Value, depth: usize) -> Value {
    use serde_json::Value as J;
    match json {
        J::Null => Value::NotSet,
        J::Bool(b) => Value::Bool(*b),
        // A fraction is read from the number's shortest text (`0.1` is 0.1 exactly); one past
        // a Decimal's range is NOT_SET.
        J::Number(n) => n.as_i64().map_or_else(
            || super::decimal::from_json_number(n).map_or(Value::NotSet, Value::Dec),
            Value::Int,
        ),
        J::String(s) => Value::str(s),
        J::Array(_) | J::Object(_) if depth >= MAX_VALUE_DEPTH => Value::NotSet,
        J::Array(items) => {
            Value::List(Arc::new(items.iter().map(|v| from_json_at(v, depth + 1)).collect()))
        }
        J::Object(map) => Value::Object(Arc::new(
            map.iter().map(|(k, v)| (Arc::from(k.as_str()), from_json_at(v, depth + 1))).collect(),
        )),
    }
}

thread_local! {
    static SCRATCH: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// The most capacity [`build_str`] keeps for the next call: a 32 MiB string built once must not
/// stay allocated.
const SCRATCH_KEEP: usize = 64 * 1024;

/// Builds text with `f` in a buffer reused from call to call (one per thread), then copies it
/// into the single allocation of its `Arc<str>`. Building into a fresh `String` and converting
/// would allocate twice. Nesting is safe: a build inside `f` gets a buffer of its own.
pub fn build_str<E>(f: impl FnOnce(&mut String) -> Result<(), E>) -> Result<Arc<str>, E> {
    let mut buf = SCRATCH.take();
    buf.clear();
    let built = f(&mut buf).map(|()| Arc::from(buf.as_str()));
    if buf.capacity() <= SCRATCH_KEEP {
        SCRATCH.set(buf);
    }
    built
}

/// An Integer's display text, written into `buf`: the text of `{i}`, without the formatting
/// machinery.
pub fn int_str(i: i64, buf: &mut itoa::Buffer) -> &str {
    buf.format(i)
}

/// Decimal display: every digit, no trailing zeros after the point, no exponent, no point on a
/// whole value (`2.5`, `6`, `0`); see [`super::decimal::write`].
#[inline]
pub fn write_decimal(d: Decimal, out: &mut String) {
    super::decimal::write(d, out);
}

/// ISO 8601 duration: `PT1M30S`, `PT0.5S`, `-PT2H`, `PT0S`.
pub fn write_duration(ms: i64, out: &mut String) {
    if ms < 0 {
        out.push('-');
    }
    let ms = ms.unsigned_abs();
    let (hours, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (minutes, rest) = (rest / 60_000, rest % 60_000);
    let (seconds, millis) = (rest / 1000, rest % 1000);
    out.push_str("PT");
    if hours > 0 {
        let _ = write!(out, "{hours}H");
    }
    if minutes > 0 {
        let _ = write!(out, "{minutes}M");
    }
    if millis > 0 {
        let frac = format!("{millis:03}");
        let _ = write!(out, "{seconds}.{}S", frac.trim_end_matches('0'));
    } else if seconds > 0 || (hours == 0 && minutes == 0) {
        let _ = write!(out, "{seconds}S");
    }
}

/// ISO 8601 UTC with milliseconds: `2026-01-01T09:00:00.000Z`.
pub fn write_datetime(ms: i64, out: &mut String) {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(ts) => {
            let _ = write!(out, "{}", ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ"));
        }
        // jiff's timestamps stop a day short of year 9999's end; the civil calendar does not.
        Err(_) => match civil_from_ms(ms) {
            Some((y, mo, d, h, mi, sec, milli)) => {
                let _ = write!(out, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}.{milli:03}Z");
            }
            None => {
                let _ = write!(out, "{ms}ms");
            }
        },
    }
}

pub use crate::util::civil::days_from_civil;

/// The UTC calendar fields of `ms`, for years 0 to 9999 (`None` outside).
pub fn civil_from_ms(ms: i64) -> Option<(i64, i64, i64, i64, i64, i64, i64)> {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = crate::util::civil::civil_from_days(days);
    (0..=9999).contains(&y).then_some((
        y,
        m,
        d,
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    ))
}

/// An ISO 8601 date-time past jiff's timestamp range (`9999-12-31T23:59:59Z`): the civil
/// date-time and its offset, computed on the calendar.
fn parse_datetime_wide(text: &str) -> Option<i64> {
    let (civil, offset_ms) = if let Some(c) = text.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else {
        let at = text.len().checked_sub(6)?;
        let (c, off) = (text.get(..at)?, text.get(at..)?);
        let sign = match off.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let (h, m) = off.get(1..)?.split_once(':')?;
        (c, sign * (h.parse::<i64>().ok()? * 3_600_000 + m.parse::<i64>().ok()? * 60_000))
    };
    let dt = civil.parse::<jiff::civil::DateTime>().ok()?;
    let days = days_from_civil(i64::from(dt.year()), i64::from(dt.month()), i64::from(dt.day()));
    let time = i64::from(dt.hour()) * 3_600_000
        + i64::from(dt.minute()) * 60_000
        + i64::from(dt.second()) * 1000
        + i64::from(dt.millisecond());
    Some(days * 86_400_000 + time - offset_ms)
}

/// Parses an ISO 8601 date-time (with offset or `Z`; a bare date-time is UTC) into
/// milliseconds since the epoch. A zone in brackets (RFC 9557: `2024-07-01T09:00[Europe/Paris]`,
/// `...+02:00[Europe/Paris]`) is honoured: it must be a zone of the time-zone database, an
/// offset beside it must be the zone's at that time, and a date-time without an offset is read
/// in it (jiff's timestamp and civil readers would skip it, reading Paris's 09:00 as 09:00 UTC).
/// Digits past the millisecond are dropped, as Architect keeps milliseconds.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.contains('[') {
        return text.parse::<jiff::Zoned>().ok().map(|z| z.timestamp().as_millisecond());
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Some(ts.as_millisecond());
    }
    if let Some(ms) = parse_datetime_wide(text) {
        return Some(ms);
    }
    if let Ok(dt) = text.parse::<jiff::civil::DateTime>() {
        return dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_millisecond());
    }
    if let Ok(d) = text.parse::<jiff::civil::Date>() {
        return d
            .to_datetime(jiff::civil::Time::midnight())
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_millisecond());
    }
    None
}

/// A PhoneNumber's member, by the names Architect's Scripting SDK gives its properties
/// (`e164`, `dialingCode`, `subscriberNumber`, `isGlobal`, `isSip`, `isTel`, `raw`, `scheme`,
/// `uri`); a part the number lacks (a SIP address's E.164 form) is NOT_SET.
fn phone_member(p: &crate::phone::PhoneNumber, name: &str) -> Value {
    let text = |t: &Option<Arc<str>>| t.clone().map_or(Value::NotSet, Value::Str);
    match name.to_ascii_lowercase().as_str() {
        "e164" => text(&p.e164),
        "dialingcode" => text(&p.dialing_code),
        "subscribernumber" => text(&p.subscriber),
        "isglobal" => Value::Bool(p.is_global()),
        "issip" => Value::Bool(!p.is_tel()),
        "istel" => Value::Bool(p.is_tel()),
        "raw" => Value::Str(p.raw.clone()),
        "scheme" => Value::str(p.scheme()),
        "uri" => Value::Str(p.uri.clone()),
        _ => Value::NotSet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::expr::decimal::dec;

    #[track_caller]
    fn shown(text: &str) -> String {
        Value::Dec(dec(text)).display()
    }

    #[test]
    fn no_input_file_holds_a_string_past_the_limit() {
        assert_eq!(crate::util::files::MAX_INPUT_BYTES, MAX_STRING_BYTES as u64);
    }

    #[test]
    fn the_last_instant_of_year_9999_parses_and_displays() {
        let ms = parse_datetime("9999-12-31T23:59:59Z").expect("a valid date-time");
        let mut text = String::new();
        write_datetime(ms, &mut text);
        assert_eq!(text, "9999-12-31T23:59:59.000Z");
        assert_eq!(parse_datetime("9999-12-31T23:59:59+01:00"), Some(ms - 3_600_000));
        assert_eq!(parse_datetime("ééééé-+01:00"), None, "no panic off a char boundary");
        assert_eq!(parse_datetime("é+01:00"), None);
        // The calendar arithmetic agrees with jiff where both apply.
        for t in ["1970-01-01T00:00:00Z", "2026-03-08T07:30:00.250Z", "2000-02-29T12:00:00Z"] {
            let jiff = t.parse::<jiff::Timestamp>().unwrap().as_millisecond();
            assert_eq!(parse_datetime_wide(t), Some(jiff), "{t}");
            assert_eq!(civil_from_ms(jiff).map(|c| c.0), t[..4].parse().ok());
        }
    }

    #[test]
    fn decimals_display_without_trailing_zeros() {
        assert_eq!(shown("2.50"), "2.5");
        assert_eq!(shown("1.0"), "1");
        assert_eq!(shown("3.5"), "3.5");
        assert_eq!(Value::Dec(dec("0.1") + dec("0.2")).display(), "0.3");
        assert_eq!(shown("-0.0"), "0");
        assert_eq!(Value::Dec(dec("1") / dec("3")).display(), "0.3333333333333333333333333333");
        assert_eq!(shown("123456789.125"), "123456789.125");
        // Every digit: a double kept 15 of these.
        assert_eq!(shown("1234567890.123456789"), "1234567890.123456789");
        assert_eq!(shown("0.0000001"), "0.0000001");
    }

    proptest::proptest! {
        #[test]
        fn decimal_display_reads_back_as_the_same_decimal(
            n in proptest::num::i64::ANY,
            scale in 0..=28u32,
        ) {
            let d = Decimal::new(n, scale);
            let text = Value::Dec(d).display();
            proptest::prop_assert_eq!(crate::expr::decimal::parse(&text), Some(d));
            proptest::prop_assert!(!text.contains('e'));
            proptest::prop_assert!(!text.contains('.') || !text.ends_with('0'));
        }
    }

    #[test]
    fn integers_display_as_rust_prints_them() {
        for i in [0, 1, -1, 9, 10, -10, 99, 100, 12_345, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(Value::Int(i).display(), format!("{i}"));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_integer_displays_as_rust_prints_it(i in proptest::num::i64::ANY) {
            proptest::prop_assert_eq!(Value::Int(i).display(), format!("{i}"));
        }
    }

    #[test]
    fn durations_display_as_iso() {
        let d = |ms| Value::Duration(ms).display();
        assert_eq!(d(90_000), "PT1M30S");
        assert_eq!(d(0), "PT0S");
        assert_eq!(d(500), "PT0.5S");
        assert_eq!(d(-7_200_000), "-PT2H");
        assert_eq!(d(3_723_250), "PT1H2M3.25S");
    }

    #[test]
    fn datetimes_display_with_millis() {
        let ms = parse_datetime("2026-01-01T09:00:00Z").unwrap();
        assert_eq!(Value::DateTime(ms).display(), "2026-01-01T09:00:00.000Z");
        assert_eq!(parse_datetime("2026-01-01T10:00:00+01:00"), Some(ms));
        assert_eq!(parse_datetime("2026-01-01T09:00:00"), Some(ms));
        assert_eq!(parse_datetime("yesterday"), None);
    }

    #[test]
    fn json_round_trip_keeps_types() {
        let json: serde_json::Value =
            serde_json::from_str(r#"{"a": 1, "b": 2.5, "c": [true, null], "d": "x"}"#).unwrap();
        let v = Value::from_json(&json);
        assert_eq!(v.member("A"), Value::Int(1));
        assert_eq!(v.member("b"), Value::Dec(dec("2.5")));
        assert_eq!(v.member("zzz"), Value::NotSet);
        assert_eq!(v.to_json(), json);
    }
}
