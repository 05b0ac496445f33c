//! Functions: ToString, ToDisplayString, ToInt, ToDecimal, ToBool, ToPhoneNumber, ToDateTime.
//! Conversions of NOT_SET (and of blank text) give NOT_SET, as Architect's do.
//!
//! A value of the wrong type is `typeMismatch`; a string that does not read as the target type
//! is `conversion`.

use super::{display_text, overflow, string, type_error, Ctx, FnError, FnResult};
use crate::expr::decimal::{self, Decimal};
use crate::expr::value::{parse_datetime, Value};
use crate::kind::ErrorKind;
use std::num::IntErrorKind;
use std::sync::Arc;

fn conversion(func: &str, text: &str, what: &str) -> FnError {
    FnError::conversion(&format!("{func}: "), text, &format!("is not {what}"))
}

/// `ToString(5)` is "5", as Architect writes values: a Decimal with a decimal point (`-1.0`), a
/// Currency as `10.00|USD`, a Duration as ISO 8601 with days (`-P9DT18H30M`), a collection
/// its items' text joined by a newline or by `separator`. `ToString(2.5, 2)` writes a Decimal
/// (or a Currency's amount) to that many places. NOT_SET stays NOT_SET; a NOT_SET item is
/// empty text.
pub(super) fn to_string(_: &Ctx, args: &[Value]) -> FnResult {
    let (separator, places) = match args {
        [_, Value::Int(_)] => (None, args.get(1)),
        [_, sep] => (Some(sep), None),
        [_, sep, p] => (Some(sep), Some(p)),
        _ => (None, None),
    };
    let places = match places {
        Some(Value::Int(p)) => Some(decimal_places(*p)?),
        Some(p) => return Err(type_error("ToString", args.len() - 1, "an Integer", p)),
        None => None,
    };
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::List(items) => {
            let sep = match separator {
                None | Some(Value::NotSet) => "\n",
                Some(Value::Str(s)) => s,
                Some(other) => return Err(type_error("ToString", 1, "a String", other)),
            };
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                out.push_str(&architect_text(item, places)?);
                if out.len() > crate::expr::value::MAX_STRING_BYTES {
                    return Err(super::too_long(out.len()));
                }
            }
            string(out)
        }
        Value::Str(s) => Ok(Value::Str(s.clone())),
        Value::Int(n) => Ok(Value::str(crate::expr::value::int_str(*n, &mut itoa::Buffer::new()))),
        other => string(architect_text(other, places)?),
    }
}

/// `ToString`'s decimal places: 1 to 28, the Scripting SDK's facets of every overload's
/// `decimalPlaces` (`tools/oracle/data/functions.json`). `flowsim check` refuses a literal
/// outside them (`expr::facets`); a value computed at run time outside them is
/// `indexOutOfRange` (as `Left`'s negative length is), in the words of Architect's check.
fn decimal_places(p: i64) -> Result<i64, FnError> {
    const MIN: i64 = 1;
    const MAX: i64 = 28;
    let (side, limit) = match p {
        MIN..=MAX => return Ok(p),
        ..MIN => ("less than the minimum", MIN),
        _ => ("greater than the maximum", MAX),
    };
    Err(FnError::new(
        ErrorKind::IndexOutOfRange,
        format!(
            "ToString: the value of {p} supplied to the decimalPlaces parameter is {side} \
             allowed of {limit} (1 to 28 places)"
        ),
    ))
}

/// A value's text as Architect's `ToString` writes it; NOT_SET is empty.
pub fn architect_text(v: &Value, places: Option<i64>) -> Result<String, FnError> {
    Ok(match v {
        Value::NotSet => String::new(),
        Value::Dec(d) => decimal_text(*d, places),
        Value::Currency(m) => {
            let amount =
                m.amount().map_or_else(String::new, |a| decimal_text(a, places.or(Some(2))));
            format!("{amount}|{}", m.code().unwrap_or(""))
        }
        Value::Duration(ms) => duration_text(*ms),
        // `2009-01-10T06:30:00Z`: milliseconds only when there are some.
        Value::DateTime(ms) => {
            let text = display_text(v)?;
            if ms.rem_euclid(1000) == 0 {
                text.replace(".000Z", "Z")
            } else {
                text
            }
        }
        other => display_text(other)?,
    })
}

/// `2000.5`, `-1.0`; to `places` places when given (halves away from zero).
fn decimal_text(d: Decimal, places: Option<i64>) -> String {
    if let Some(p) = places {
        return decimal::fixed(d, usize::try_from(p).unwrap_or(0));
    }
    let mut text = String::new();
    crate::expr::value::write_decimal(d, &mut text);
    if !text.contains('.') {
        text.push_str(".0");
    }
    text
}

/// A Duration as Architect writes it: ISO 8601 with days of 24 hours, zero parts left out
/// (`PT1H`, `-P9DT18H29M59.544S`, `PT0S`).
pub fn duration_text(ms: i64) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let total = ms.unsigned_abs();
    let (days, rest) = (total / 86_400_000, total % 86_400_000);
    let (hours, rest) = (rest / 3_600_000, rest % 3_600_000);
    let (minutes, rest) = (rest / 60_000, rest % 60_000);
    let (seconds, millis) = (rest / 1000, rest % 1000);
    out.push('P');
    if days > 0 {
        let _ = write!(out, "{days}D");
    }
    if hours + minutes + seconds + millis > 0 || days == 0 {
        out.push('T');
    }
    if hours > 0 {
        let _ = write!(out, "{hours}H");
    }
    if minutes > 0 {
        let _ = write!(out, "{minutes}M");
    }
    if millis > 0 {
        let frac = format!("{millis:03}");
        let _ = write!(out, "{seconds}.{}S", frac.trim_end_matches('0'));
    } else if seconds > 0 || (days == 0 && hours == 0 && minutes == 0) {
        let _ = write!(out, "{seconds}S");
    }
    out
}

/// Blank text (or only spaces): what Architect's conversions read as NOT_SET.
fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// `ToInt("42")` is 42; `ToInt(4.9)` is 4 (truncated); `ToInt(true)` is 1; `ToInt(duration)`
/// its milliseconds; `ToInt("4.5")` is `conversion`. NOT_SET, and blank text, give NOT_SET.
pub(super) fn to_int(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ToInt";
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Int(n) => Ok(Value::Int(*n)),
        Value::Bool(b) => Ok(Value::Int(i64::from(*b))),
        Value::Duration(ms) => Ok(Value::Int(*ms)),
        Value::Dec(d) => decimal::trunc_to_i64(*d).map(Value::Int).ok_or_else(|| overflow(F)),
        Value::Str(s) if blank(s) => Ok(Value::NotSet),
        Value::Str(s) => {
            let text = s.trim();
            text.parse::<i64>().map(Value::Int).map_err(|e| match e.kind() {
                IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => overflow(F),
                _ => conversion(F, text, "an integer"),
            })
        }
        other => Err(type_error(F, 0, "a number or a String", other)),
    }
}

/// `ToDecimal("4.5")` is 4.5; `ToDecimal(2)` is 2.0; `ToDecimal(true)` is 1.0; a Currency's
/// amount. NOT_SET, blank text and a Currency without an amount give NOT_SET.
pub(super) fn to_decimal(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ToDecimal";
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Int(n) => Ok(Value::Dec(Decimal::from(*n))),
        Value::Dec(d) => Ok(Value::Dec(*d)),
        Value::Bool(b) => Ok(Value::Dec(if *b { Decimal::ONE } else { Decimal::ZERO })),
        Value::Currency(m) => Ok(m.amount().map_or(Value::NotSet, Value::Dec)),
        Value::Str(s) if blank(s) => Ok(Value::NotSet),
        Value::Str(s) => {
            let text = s.trim();
            // Read exactly from the text: `ToDecimal("1234567890.123456789")` keeps every digit.
            match decimal::parse(text) {
                Some(d) => Ok(Value::Dec(d)),
                // A number past a Decimal's range (`1e30`).
                None if text.parse::<f64>().is_ok_and(f64::is_finite)
                    && text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) =>
                {
                    Err(overflow(F))
                }
                None => Err(conversion(F, text, "a number")),
            }
        }
        other => Err(type_error(F, 0, "a number or a String", other)),
    }
}

/// `ToBool("TRUE")`, `ToBool("T")`, `ToBool("1")` are true (`"false"`, `"F"`, `"0"` false);
/// `ToBool(0)` is false, any other number true. NOT_SET and text that is none of those (blank,
/// `"yes"`) give NOT_SET, as the Scripting SDK says (`AR_FN_BLN_TOBOOL_STR_RV`): "If the value
/// in valueToConvert is NOT_SET or doesn't match the true or false valid values, a NOT_SET
/// Boolean is returned." Architect's implicit conversions to a Boolean are this function, so
/// the same text in a Boolean slot or an Update Data Boolean statement is NOT_SET too.
pub(super) fn to_bool(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::Int(n) => Ok(Value::Bool(*n != 0)),
        Value::Dec(d) => Ok(Value::Bool(!d.is_zero())),
        Value::Str(s) => {
            let text = s.trim();
            if ["true", "t", "1"].iter().any(|t| text.eq_ignore_ascii_case(t)) {
                Ok(Value::Bool(true))
            } else if ["false", "f", "0"].iter().any(|t| text.eq_ignore_ascii_case(t)) {
                Ok(Value::Bool(false))
            } else {
                Ok(Value::NotSet)
            }
        }
        other => Err(type_error("ToBool", 0, "a Boolean, a number or a String", other)),
    }
}

/// `ToPhoneNumber("tel:+13178723000")` is a phone number with its parts
/// ([`crate::phone::PhoneNumber`]): E.164 form +13178723000, subscriber number 3178723000.
/// A number without its `+` (`"13178723000"`) has no E.164 form, and a SIP address
/// (`sip:john.doe@example.com`, `sips:...`) is a phone number too, kept as written (a trailing
/// `@` dropped), as Architect's Scripting SDK documents. NOT_SET and blank text give NOT_SET;
/// text with no digits is `conversion`.
pub(super) fn to_phone_number(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Phone(p) => Ok(Value::Phone(p.clone())),
        Value::Str(s) if blank(s) => Ok(Value::NotSet),
        Value::Str(s) => crate::phone::PhoneNumber::parse(s)
            .map(|p| Value::Phone(Arc::new(p)))
            .ok_or_else(|| conversion("ToPhoneNumber", s, "a phone number")),
        other => Err(type_error("ToPhoneNumber", 0, "a String", other)),
    }
}

/// `ToDateTime("2026-01-01T09:00:00Z")` is that instant; `ToDateTime(3600)` is seconds since
/// 1970-01-01T00:00:00Z; a DateTime stays as it is. NOT_SET and blank text give NOT_SET.
pub(super) fn to_datetime(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Str(s) if blank(s) => Ok(Value::NotSet),
        Value::Int(seconds) => {
            seconds.checked_mul(1000).map(Value::DateTime).ok_or_else(|| overflow("ToDateTime"))
        }
        Value::DateTime(ms) => Ok(Value::DateTime(*ms)),
        Value::Str(s) => parse_datetime(s)
            .map(Value::DateTime)
            .ok_or_else(|| conversion("ToDateTime", s, "an ISO 8601 date-time")),
        other => Err(type_error("ToDateTime", 0, "a String or a DateTime", other)),
    }
}

/// `ToDisplayString(5)` is "5": the text a person reads. NOT_SET is "" (so that builders can
/// test it with `IsNotSetOrEmpty`), a collection its items' display text joined by ", ". A
/// DateTime or number with a pattern (`"yyyy-MM-dd"`, `"#,##0.00"`) is shown by it
/// ([`super::format`]); a format constant (`Format.Date.shortYear`, NOT_SET offline) is ignored.
pub(super) fn to_display_string(_: &Ctx, args: &[Value]) -> FnResult {
    if let Some(Value::Str(pattern)) = args.get(1) {
        if let Some(shown) = super::format::with_pattern(&args[0], pattern) {
            return shown;
        }
    }
    match &args[0] {
        Value::NotSet => Ok(Value::str("")),
        Value::Str(s) => Ok(Value::Str(s.clone())),
        Value::List(items) => {
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&display_text(item)?);
                if out.len() > crate::expr::value::MAX_STRING_BYTES {
                    return Err(super::too_long(out.len()));
                }
            }
            string(out)
        }
        other => string(display_text(other)?),
    }
}
