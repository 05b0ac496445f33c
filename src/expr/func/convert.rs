//! Functions: ToString, ToDisplayString, ToInt, ToDecimal, ToBool, ToPhoneNumber, ToDateTime.
//!
//! A value of the wrong type is `typeMismatch`; a string that does not read as the target type
//! is `conversion`.

use super::{display_text, f64_to_i64, overflow, string, type_error, Ctx, FnError, FnResult};
use crate::expr::value::{parse_datetime, Value};
use crate::kind::ErrorKind;
use std::num::IntErrorKind;
use std::sync::Arc;

/// The default country code `ToPhoneNumber` adds to a 10-digit national number.
const DEFAULT_COUNTRY_CODE: &str = "1";

fn conversion(func: &str, text: &str, what: &str) -> FnError {
    let shown: String = text.chars().take(60).collect();
    let more = if shown.len() < text.len() { "..." } else { "" };
    FnError::new(ErrorKind::Conversion, format!("{func}: \"{shown}{more}\" is not {what}"))
}

/// `ToString(5)` is "5"; `ToString(NOT_SET)` stays NOT_SET.
pub(super) fn to_string(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Str(s) => Ok(Value::Str(s.clone())),
        Value::Int(n) => Ok(Value::str(crate::expr::value::int_str(*n, &mut itoa::Buffer::new()))),
        other => string(display_text(other)?),
    }
}

/// `ToInt("42")` is 42; `ToInt(4.9)` is 4 (truncated); `ToInt("4.5")` is `conversion`.
pub(super) fn to_int(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ToInt";
    match &args[0] {
        Value::Int(n) => Ok(Value::Int(*n)),
        Value::Dec(d) if d.is_nan() => {
            Err(FnError::new(ErrorKind::Conversion, "ToInt: NaN is not a number"))
        }
        Value::Dec(d) => f64_to_i64(d.trunc()).map(Value::Int).ok_or_else(|| overflow(F)),
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

/// `ToDecimal("4.5")` is 4.5; `ToDecimal(2)` is 2.0.
pub(super) fn to_decimal(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ToDecimal";
    match &args[0] {
        Value::Int(n) => Ok(Value::Dec(*n as f64)),
        Value::Dec(d) => Ok(Value::Dec(*d)),
        Value::Str(s) => {
            let text = s.trim();
            // Rust also reads "inf" and "NaN"; a flow author means neither.
            let numeric = text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
            match text.parse::<f64>() {
                Ok(d) if numeric && d.is_finite() => Ok(Value::Dec(d)),
                _ => Err(conversion(F, text, "a number")),
            }
        }
        other => Err(type_error(F, 0, "a number or a String", other)),
    }
}

/// `ToBool("TRUE")` is true; `ToBool(0)` is false, any other number true.
pub(super) fn to_bool(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::Int(n) => Ok(Value::Bool(*n != 0)),
        Value::Dec(d) => Ok(Value::Bool(*d != 0.0)),
        Value::Str(s) => {
            let text = s.trim();
            if text.eq_ignore_ascii_case("true") {
                Ok(Value::Bool(true))
            } else if text.eq_ignore_ascii_case("false") {
                Ok(Value::Bool(false))
            } else {
                Err(conversion("ToBool", text, "true or false"))
            }
        }
        other => Err(type_error("ToBool", 0, "a Boolean, a number or a String", other)),
    }
}

/// `ToPhoneNumber("(317) 555-1234")` is the phone number +13175551234 (SPEC §5.1).
pub(super) fn to_phone_number(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::Phone(p) => Ok(Value::Phone(p.clone())),
        Value::Str(s) => crate::phone::to_e164(s, DEFAULT_COUNTRY_CODE)
            .map(|e164| Value::Phone(Arc::from(e164)))
            .ok_or_else(|| conversion("ToPhoneNumber", s, "a phone number")),
        other => Err(type_error("ToPhoneNumber", 0, "a String", other)),
    }
}

/// `ToDateTime("2026-01-01T09:00:00Z")` is that instant; a DateTime stays as it is.
pub(super) fn to_datetime(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
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
