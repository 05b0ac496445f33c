//! Functions that make Dates, Times and Currencies: ToDate, ToTime, MakeCurrency.
//!
//! A text that does not read as the type, or a date outside Architect's range (1800-01-01 to
//! 2200-12-31), is `conversion`; a value of another type is `typeMismatch`. Dates and times
//! taken from a DateTime are its UTC parts (flowsim's date-times are UTC, as Architect's are).

use super::{type_error, want_num, want_str, Ctx, FnError, FnResult};
use crate::expr::calendar::{self, Money};
use crate::expr::value::{parse_datetime, Value};
use crate::kind::ErrorKind;

fn conversion(func: &str, text: &str, what: &str) -> FnError {
    let shown: String = text.chars().take(60).collect();
    let more = if shown.len() < text.len() { "..." } else { "" };
    FnError::new(ErrorKind::Conversion, format!("{func}: \"{shown}{more}\" is not {what}"))
}

fn out_of_range(func: &str) -> FnError {
    FnError::new(
        ErrorKind::Conversion,
        format!("{func}: the date is outside Architect's range, 1800-01-01 to 2200-12-31"),
    )
}

/// `ToDate("2024-02-29")` is that Date; `ToDate(Now())` the date of now (UTC); a date-time
/// text (`"2024-02-29T10:00:00Z"`) gives its UTC date; a Date stays as it is.
pub(super) fn to_date(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ToDate";
    match &args[0] {
        Value::Date(d) => Ok(Value::Date(*d)),
        Value::DateTime(ms) => {
            calendar::date_of_datetime(*ms).map(Value::Date).ok_or_else(|| out_of_range(F))
        }
        Value::Str(s) => match calendar::parse_date(s) {
            Some(d) => Ok(Value::Date(d)),
            None if s.contains(['T', 't']) => parse_datetime(s)
                .ok_or_else(|| conversion(F, s, "a date (yyyy-MM-dd)"))
                .and_then(|ms| calendar::date_of_datetime(ms).ok_or_else(|| out_of_range(F)))
                .map(Value::Date),
            None => Err(conversion(F, s, "a date from 1800-01-01 to 2200-12-31 (yyyy-MM-dd)")),
        },
        other => Err(type_error(F, 0, "a String, a DateTime or a Date", other)),
    }
}

/// `ToTime("14:30")` is that Time; `ToTime(Now())` the time of day of now (UTC); a date-time
/// text gives its UTC time of day; a Time stays as it is.
pub(super) fn to_time(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ToTime";
    match &args[0] {
        Value::Time(ms) => Ok(Value::Time(*ms)),
        Value::DateTime(ms) => Ok(Value::Time(calendar::time_of_datetime(*ms))),
        Value::Str(s) => match calendar::parse_time(s) {
            Some(ms) => Ok(Value::Time(ms)),
            None if s.contains(['T', 't']) => parse_datetime(s)
                .map(|ms| Value::Time(calendar::time_of_datetime(ms)))
                .ok_or_else(|| conversion(F, s, "a time (HH:mm:ss.fff)")),
            None => Err(conversion(F, s, "a time from 00:00 to 23:59:59.999 (HH:mm:ss.fff)")),
        },
        other => Err(type_error(F, 0, "a String, a DateTime or a Time", other)),
    }
}

/// `MakeCurrency(5.25, "USD")`: a Currency of a Decimal amount in an ISO 4217 code (three
/// letters, any case: `"usd"` is `USD`).
pub(super) fn make_currency(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "MakeCurrency";
    let amount = want_num(F, args, 0)?;
    let code = want_str(F, args, 1)?;
    Money::new(amount, code).map(Value::Currency).ok_or_else(|| {
        if amount.is_finite() {
            conversion(F, code, "an ISO 4217 currency code (three letters, like USD)")
        } else {
            FnError::new(ErrorKind::Conversion, format!("{F}: the amount {amount} is no number"))
        }
    })
}
