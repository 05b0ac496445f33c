//! Values stored into variables declared Date, Time, Currency or Timeslot (or collections of
//! them): the JSON forms a request's presets, a flow's `lit:` initial values and a bot's slots
//! give them, read as the declared type.
//!
//! Where a value comes in from outside (a bot's slot, a module's output), a text that does not
//! read as the type is stored as it is: the variable then holds a String, which a scenario's
//! expectation shows, rather than a guess. Update Data refuses it instead
//! (`arch::implicit_cast`), as `ToDate` refuses it; request presets are refused before the
//! run ([`unreadable`]).

use crate::expr::calendar::{self, Money};
use crate::expr::Value;
use std::sync::Arc;

/// The declared types this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Calendar {
    Date,
    Time,
    Currency,
    Timeslot,
}

/// `date`, `timeCollection`, `Currency` (any case) → the type, and whether it is a collection.
/// No allocation: Update Data asks for every statement it runs.
fn parse(ty: &str) -> Option<(Calendar, bool)> {
    const NAMES: [(&str, Calendar); 8] = [
        ("date", Calendar::Date),
        ("dat", Calendar::Date),
        ("time", Calendar::Time),
        ("tim", Calendar::Time),
        ("currency", Calendar::Currency),
        ("cur", Calendar::Currency),
        ("timeslot", Calendar::Timeslot),
        ("tsl", Calendar::Timeslot),
    ];
    let ty = ty.trim();
    if !matches!(ty.as_bytes().first(), Some(b'd' | b'D' | b't' | b'T' | b'c' | b'C')) {
        // Every name above starts with one of these letters.
        return None;
    }
    let split = ty.len().checked_sub(10).filter(|&at| ty.is_char_boundary(at));
    let (base, collection) = match split.map(|at| ty.split_at(at)) {
        Some((b, c)) if c.eq_ignore_ascii_case("collection") => (b.trim_end(), true),
        _ => (ty, false),
    };
    let base = base.strip_suffix("_coll").unwrap_or(base);
    let collection = collection || base.len() < ty.len() && ty.ends_with("_coll");
    NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(base)).map(|(_, k)| (*k, collection))
}

/// Whether `ty` is a Date, Time, Currency or Timeslot type, or a collection of one.
pub(super) fn is_calendar(ty: &str) -> bool {
    parse(ty).is_some()
}

/// `v` read as the declared type `ty` when it is a Date, Time, Currency or Timeslot type; any other
/// value, or type, unchanged.
pub(super) fn coerce_calendar(ty: &str, v: Value) -> Value {
    match parse(ty) {
        Some((kind, false)) => one(kind, v),
        Some((kind, true)) => match v {
            Value::List(items) if items.iter().any(|i| needs(kind, i)) => {
                Value::List(Arc::new(items.iter().map(|i| one(kind, i.clone())).collect()))
            }
            v => v,
        },
        None => v,
    }
}

/// `v` read as the declared Date, Time, Currency or Timeslot type `ty`, as [`coerce_calendar`] reads it;
/// `Err` with the value (or collection item) that does not read as the type. Converts each
/// value once: what [`one`] left as it was is what it could not read.
pub(super) fn read_calendar(ty: &str, v: Value) -> Result<Value, Value> {
    let read = coerce_calendar(ty, v);
    let Some((kind, collection)) = parse(ty) else { return Ok(read) };
    let bad = match &read {
        Value::List(items) if collection => items.iter().find(|i| needs(kind, i)).cloned(),
        v => needs(kind, v).then(|| v.clone()),
    };
    bad.map_or(Ok(read), Err)
}

/// The value (or collection item) of `v` that does not read as the declared Date, Time or
/// Currency type `ty`; `None` when every one does (or `ty` is another type).
pub(super) fn unreadable(ty: &str, v: &Value) -> Option<Value> {
    let (kind, collection) = parse(ty)?;
    let bad = |item: &Value| needs(kind, item) && needs(kind, &one(kind, item.clone()));
    match v {
        Value::List(items) if collection => items.iter().find(|i| bad(i)).cloned(),
        v => bad(v).then(|| v.clone()),
    }
}

fn needs(kind: Calendar, v: &Value) -> bool {
    !matches!(
        (kind, v),
        (_, Value::NotSet)
            | (Calendar::Date, Value::Date(_))
            | (Calendar::Time, Value::Time(_))
            | (Calendar::Currency, Value::Currency(_))
            | (Calendar::Timeslot, Value::Timeslot(..))
    )
}

fn one(kind: Calendar, v: Value) -> Value {
    let read = match (kind, &v) {
        (Calendar::Date, Value::Str(s)) => calendar::parse_date(s).map(Value::Date),
        (Calendar::Date, Value::DateTime(ms)) => calendar::date_of_datetime(*ms).map(Value::Date),
        (Calendar::Time, Value::Str(s)) => calendar::parse_time(s).map(Value::Time),
        (Calendar::Time, Value::DateTime(ms)) => Some(Value::Time(calendar::time_of_datetime(*ms))),
        (Calendar::Currency, Value::Object(_)) => {
            let amount = match v.member("amount") {
                Value::Int(i) => Some(i.into()),
                Value::Dec(d) => Some(d),
                _ => None,
            };
            let code = match v.member("code") {
                Value::Str(c) => Some(c),
                _ => None,
            };
            Money::from_members(amount, code.as_deref()).map(Value::Currency)
        }
        // `{"dateTime": "2030-06-01T14:00:00Z", "duration": "PT2H"}` (a Timeslot's JSON form)
        // or its text, the ISO 8601 interval `2030-06-01T14:00:00Z/PT2H`.
        (Calendar::Timeslot, Value::Object(_)) => {
            match (v.member("dateTime"), v.member("duration")) {
                (Value::Str(start), Value::Str(length)) => timeslot(&start, &length),
                _ => None,
            }
        }
        (Calendar::Timeslot, Value::Str(s)) => s.split_once('/').and_then(|(a, b)| timeslot(a, b)),
        _ => None,
    };
    read.unwrap_or(v)
}

fn timeslot(start: &str, length: &str) -> Option<Value> {
    let start = crate::expr::value::parse_datetime(start)?;
    let length = crate::expr::func::parse_duration(length)?;
    Some(Value::Timeslot(start, length))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[track_caller]
    fn read(ty: &str, json: &serde_json::Value) -> String {
        let v = coerce_calendar(ty, Value::from_json(json));
        format!("{} {}", v.ty(), v.to_json())
    }

    #[test]
    fn json_forms_read_as_the_declared_type() {
        assert_eq!(read("date", &json!("2024-02-29")), "Date \"2024-02-29\"");
        assert_eq!(read("Time", &json!("14:30")), "Time \"14:30:00\"");
        assert_eq!(
            read("currency", &json!({"Amount": 5, "code": "usd"})),
            "Currency {\"amount\":5.0,\"code\":\"USD\"}"
        );
        assert_eq!(
            read("dateCollection", &json!(["2024-02-29", null])),
            "Collection [\"2024-02-29\",null]"
        );
        let list = coerce_calendar("dateCollection", Value::from_json(&json!(["2024-02-29"])));
        let Value::List(items) = list else { panic!("a list") };
        assert!(matches!(items[0], Value::Date(_)));
    }

    #[test]
    fn a_timeslot_reads_from_its_json_form_or_its_interval_text() {
        let form = "Timeslot {\"dateTime\":\"2030-06-01T14:00:00.000Z\",\"duration\":\"PT2H\"}";
        let json = json!({"dateTime": "2030-06-01T14:00:00Z", "duration": "PT2H"});
        assert_eq!(read("timeslot", &json), form);
        assert_eq!(read("tsl", &json!("2030-06-01T16:00:00+02:00/PT2H")), form);
        let list = read("Timeslot Collection", &json!([json, null]));
        assert!(list.starts_with("Collection [{\"dateTime\""), "{list}");
        assert_eq!(parse("tsl_coll"), Some((Calendar::Timeslot, true)));
        assert_eq!(
            read("timeslot", &json!("2030-06-01T14:00:00Z")),
            "String \"2030-06-01T14:00:00Z\""
        );
        assert_eq!(
            read("timeslot", &json!({"dateTime": "2030-06-01T14:00:00Z"})),
            "JSON {\"dateTime\":\"2030-06-01T14:00:00Z\"}"
        );
    }

    #[test]
    fn what_does_not_read_stays_as_it_is() {
        assert_eq!(read("date", &json!("2024-02-30")), "String \"2024-02-30\"");
        assert_eq!(read("time", &json!("3pm")), "String \"3pm\"");
        assert_eq!(read("currency", &json!({"amount": 5})), "JSON {\"amount\":5}");
        assert_eq!(read("string", &json!("2024-02-29")), "String \"2024-02-29\"");
        assert_eq!(read("date", &json!(5)), "Integer 5");
        assert_eq!(parse("DateTime"), None, "a DateTime variable is no Date");
        assert_eq!(parse("dat_coll"), Some((Calendar::Date, true)));
        assert_eq!(parse("Currency Collection"), Some((Calendar::Currency, true)));
        assert_eq!(parse("décollection"), None);
    }

    #[test]
    fn a_date_time_gives_its_utc_date_or_time() {
        let ms = crate::expr::value::parse_datetime("2024-02-29T23:30:00Z").unwrap();
        assert_eq!(coerce_calendar("date", Value::DateTime(ms)).display(), "2024-02-29");
        assert_eq!(coerce_calendar("time", Value::DateTime(ms)).display(), "23:30:00");
    }
}
