//! Functions that make Dates, Times and Currencies: ToDate, ToTime, MakeCurrency, ToCurrency,
//! GetCurrencySymbol, ConvertCurrency, MakeListCurrency.
//!
//! A text that does not read as the type, or a date outside Architect's range (1800-01-01 to
//! 2200-12-31), is `conversion`; a value of another type is `typeMismatch`. Dates and times
//! taken from a DateTime are its UTC parts (flowsim's date-times are UTC, as Architect's are).

use super::{type_error, want_num, want_str, Ctx, FnError, FnResult};
use crate::expr::calendar::{self, Money};
use crate::expr::decimal::Decimal;
use crate::expr::value::{parse_datetime, Value};
use crate::kind::ErrorKind;

fn conversion(func: &str, text: &str, what: &str) -> FnError {
    FnError::conversion(&format!("{func}: "), text, &format!("is not {what}"))
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
/// letters, any case: `"usd"` is `USD`). Either may be NOT_SET: the Currency keeps it so.
pub(super) fn make_currency(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "MakeCurrency";
    let amount = match &args[0] {
        Value::NotSet => None,
        _ => Some(want_num(F, args, 0)?),
    };
    let code = match &args[1] {
        Value::NotSet => None,
        _ => Some(want_str(F, args, 1)?),
    };
    money(F, amount, code)
}

fn money(func: &str, amount: Option<Decimal>, code: Option<&str>) -> FnResult {
    Money::partial(amount, code).map(Value::Currency).ok_or_else(|| {
        conversion(
            func,
            code.unwrap_or(""),
            "an ISO 4217 currency code Architect supports (like USD)",
        )
    })
}

/// `MakeTimeslot(ToDateTime("2030-06-01T14:00:00Z"), MakeDuration(0, 2, 0, 0))`: a Timeslot
/// of that start and length. Neither may be NOT_SET (the table's rule: the call fails).
pub(super) fn make_timeslot(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "MakeTimeslot";
    match (&args[0], &args[1]) {
        (Value::DateTime(start), Value::Duration(length)) => Ok(Value::Timeslot(*start, *length)),
        (Value::DateTime(_), other) => Err(type_error(F, 1, "a Duration", other)),
        (other, _) => Err(type_error(F, 0, "a DateTime", other)),
    }
}

/// `ToCurrency("5.00|USD")`; `"|EUR"` has a NOT_SET amount, `"5.00|"` and `"5.00"` a NOT_SET
/// code; a number is an amount without a code; NOT_SET stays NOT_SET.
pub(super) fn to_currency(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ToCurrency";
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Currency(m) => Ok(Value::Currency(*m)),
        Value::Int(n) => money(F, Some(Decimal::from(*n)), None),
        Value::Dec(d) => money(F, Some(*d), None),
        Value::Str(s) => {
            let (amount, code) = s.split_once('|').unwrap_or((s, ""));
            let amount = match amount.trim() {
                "" => None,
                a => Some(
                    crate::expr::decimal::parse(a)
                        .ok_or_else(|| conversion(F, s, "a currency (5.00|USD)"))?,
                ),
            };
            let code = Some(code.trim()).filter(|c| !c.is_empty());
            money(F, amount, code)
        }
        other => Err(super::type_error(F, 0, "a String, a number or a Currency", other)),
    }
}

/// `GetCurrencySymbol("USD")` is "$"; of a Currency, its code's symbol (Architect's table,
/// `expr::currencies`). A code Architect does not support is a `conversion` error.
pub(super) fn get_currency_symbol(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "GetCurrencySymbol";
    let code = match &args[0] {
        Value::NotSet => return Ok(Value::NotSet),
        Value::Currency(m) => match m.code() {
            Some(c) => c.to_owned(),
            None => return Ok(Value::NotSet),
        },
        _ => want_str(F, args, 0)?.to_owned(),
    };
    crate::expr::currencies::symbol(&code).map(Value::str).ok_or_else(|| {
        conversion(F, &code, "an ISO 4217 currency code Architect supports (like USD)")
    })
}

/// `ConvertCurrency(MakeCurrency(5.00, "USD"), "EUR", 0.6937)`: the amount times the rate, in
/// the new code. Without a rate, the amount is kept (as Architect documents). NOT_SET stays.
pub(super) fn convert_currency(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "ConvertCurrency";
    let Value::Currency(m) = &args[0] else {
        return match &args[0] {
            Value::NotSet => Ok(Value::NotSet),
            other => Err(super::type_error(F, 0, "a Currency", other)),
        };
    };
    let code = match &args[1] {
        Value::NotSet => None,
        _ => Some(want_str(F, args, 1)?),
    };
    let rate = if args.len() > 2 { want_num(F, args, 2)? } else { Decimal::ONE };
    let amount = match m.amount() {
        Some(a) => Some(a.checked_mul(rate).ok_or_else(|| super::overflow(F))?),
        None => None,
    };
    money(F, amount, code)
}

/// `MakeListCurrency(MakeList(10.50, 2.50), "USD")`: one Currency per amount, in one code or
/// in the code at the same place of a second list. Two collections of different lengths fail
/// (`indexOutOfRange`, as `MakeListAgentScorePair`'s do): the Scripting SDK
/// (`AR_FN_CUR_COLL_MAKELISTCURRENCY_DEC_COLL_STR_COLL_DSC`), "The input collections have to
/// have the same number of items for the currency list to be created."
pub(super) fn make_list_currency(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "MakeListCurrency";
    let amounts = super::want_list(F, args, 0)?;
    if let Value::List(codes) = &args[1] {
        if codes.len() != amounts.len() {
            return Err(FnError::new(
                ErrorKind::IndexOutOfRange,
                format!(
                    "{F}: {} amounts and {} codes; the collections must have the same number of \
                     items",
                    amounts.len(),
                    codes.len()
                ),
            ));
        }
    }
    let mut out = Vec::with_capacity(amounts.len());
    for (i, a) in amounts.iter().enumerate() {
        let code = match &args[1] {
            Value::List(codes) => codes.get(i).cloned().unwrap_or(Value::NotSet),
            other => other.clone(),
        };
        let amount = match a {
            Value::NotSet => None,
            Value::Int(n) => Some(Decimal::from(*n)),
            Value::Dec(d) => Some(*d),
            other => return Err(super::type_error(F, 0, "a Decimal collection", other)),
        };
        let code = match &code {
            Value::NotSet => None,
            Value::Str(s) => Some(&**s),
            other => return Err(super::type_error(F, 1, "a String", other)),
        };
        out.push(money(F, amount, code)?);
    }
    super::list(out)
}
