//! Architect's value ranges, held in one place: every result of arithmetic on an Integer, a
//! Duration or a DateTime (operators and functions alike) passes through here, and past its
//! type's range is `overflow`, never a value (docs/security.md, "Values stay in range").
//!
//! - Integer: ±999,999,999,999,999 (the Scripting SDK's `maxInt`);
//! - Duration: ±999,999,999,999,999 ms (`maxDurationMs`);
//! - DateTime: what the calendar can show, years -9999 to 9999 (what every date function
//!   gives `overflow` past: `AddDays`, `ToDateTime`, and now `+` and `-`);
//! - Decimal and Currency: rust_decimal's checked operations, whose `None` is the range's end
//!   (their callers map it to `overflow` too).
//!
//! `tests/it/escapes.rs` scans the expression crate for `checked_add`/`checked_sub`/
//! `checked_mul` on these types outside this module and the listed places, and
//! `range::tests` holds every operator and date function to the same ends (proptest).

use super::limits::{MAX_DURATION_MS, MAX_INT};
use super::value::Value;

/// An Integer result within Architect's range.
#[inline(always)]
#[allow(clippy::inline_always)] // measured in eval: the compiler does not inline it on its own
pub fn int(r: Option<i64>) -> Option<i64> {
    r.filter(|r| (-MAX_INT..=MAX_INT).contains(r))
}

/// A Duration result (ms) within Architect's range.
#[inline(always)]
#[allow(clippy::inline_always)]
pub fn duration(r: Option<i64>) -> Option<i64> {
    r.filter(|r| (-MAX_DURATION_MS..=MAX_DURATION_MS).contains(r))
}

/// The first instant of the calendar flowsim reads and shows: -9999-01-01T00:00:00.000Z.
pub const MIN_DATETIME_MS: i64 = -377_705_116_800_000;
/// The last: 9999-12-31T23:59:59.999Z (`ToDateTime` reads it, and every date-time shows).
pub const MAX_DATETIME_MS: i64 = 253_402_300_799_999;

/// A DateTime result (ms since 1970) the calendar can show (years -9999 to 9999, UTC).
#[inline]
pub fn datetime(r: Option<i64>) -> Option<i64> {
    r.filter(|ms| (MIN_DATETIME_MS..=MAX_DATETIME_MS).contains(ms))
}

/// The type whose range `v` is past, with its value, for the `overflow` message; `None` for
/// a value within its range (and for every other type).
#[inline]
pub fn past(v: &Value) -> Option<(&'static str, i64)> {
    match *v {
        Value::Int(n) if int(Some(n)).is_none() => Some(("Integer", n)),
        Value::Duration(ms) if duration(Some(ms)).is_none() => Some(("Duration", ms)),
        Value::DateTime(ms) if datetime(Some(ms)).is_none() => Some(("DateTime", ms)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_DATETIME_MS, MIN_DATETIME_MS};
    use crate::expr::eval::tests::eval_str;
    use crate::expr::value::Value;
    use crate::kind::ErrorKind;
    use proptest::prelude::*;

    /// `ToDateTime("9999-12-31T00:00:00Z") + MakeDuration(1000, 0, 0, 0)` was the DateTime
    /// 253488614400000 ms (the year 10002), and `ToString` of it a number; `AddDays` there is
    /// `overflow`, and so is `+` now.
    #[test]
    fn a_date_time_past_the_calendar_is_overflow_from_operators_as_from_functions() {
        let last = "ToDateTime(\"9999-12-31T00:00:00Z\")";
        for text in [
            format!("{last} + MakeDuration(1000, 0, 0, 0)"),
            format!("MakeDuration(1000, 0, 0, 0) + {last}"),
            format!("ToString({last} + MakeDuration(1000, 0, 0, 0))"),
            format!("AddDays({last}, 1000)"),
            "ToDateTime(\"0001-01-01T00:00:00Z\") - MakeDuration(4000000, 0, 0, 0)".to_owned(),
        ] {
            let e = eval_str(&text).expect_err(&text);
            assert_eq!(e.kind, ErrorKind::Overflow, "{text}: {}", e.message);
        }
        let e = eval_str(&format!("{last} + MakeDuration(1000, 0, 0, 0)")).unwrap_err();
        assert_eq!(
            e.message,
            "overflow in `+`: the result is past a DateTime's range (years -9999 to 9999)"
        );
        // The ends are the calendar's, in milliseconds, as `util::civil` counts days.
        let day = 86_400_000;
        assert_eq!(MIN_DATETIME_MS, crate::util::civil::days_from_civil(-9999, 1, 1) * day);
        assert_eq!(MAX_DATETIME_MS + 1, crate::util::civil::days_from_civil(10000, 1, 1) * day);
        assert!(matches!(
            eval_str(&format!("{last} + MakeDuration(0, 23, 59, 59, 999)")),
            Ok(Value::DateTime(_))
        ));
    }

    /// The operators and the functions over every type this module ranges give a value within
    /// its range or `overflow`, and agree: `t + d` is `AddSeconds(t, d / 1000)` or both are
    /// `overflow`; `a + b` on Integers is `Sum(a, b)`; `d * n` stays a Duration in range.
    fn in_range(v: &Value) -> bool {
        super::past(v).is_none()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn operators_and_functions_stay_in_range_or_overflow(
            t in -400_000_000_000_000i64..400_000_000_000_000,
            secs in -999_999_999_999i64..999_999_999_999,
            a in -999_999_999_999_999i64..=999_999_999_999_999,
            b in -999_999_999_999_999i64..=999_999_999_999_999,
            n in -2_000_000i64..2_000_000,
        ) {
            let start = format!("ToDateTime({t})");
            let plus = eval_str(&format!("{start} + MakeDuration(0, 0, 0, {secs})"));
            let add = eval_str(&format!("AddSeconds({start}, {secs})"));
            match (&plus, &add) {
                (Ok(x), Ok(y)) => prop_assert!(x == y && in_range(x), "{x:?} {y:?}"),
                (Err(x), Err(y)) => prop_assert_eq!(x.kind, y.kind),
                _ => prop_assert!(false, "`+` {plus:?} and AddSeconds {add:?} disagree"),
            }
            let minus = eval_str(&format!("{start} - MakeDuration(0, 0, 0, {secs})"));
            let sub = eval_str(&format!("AddSeconds({start}, {})", -secs));
            match (&minus, &sub) {
                (Ok(x), Ok(y)) => prop_assert!(x == y && in_range(x), "{x:?} {y:?}"),
                (Err(x), Err(y)) => prop_assert_eq!(x.kind, y.kind),
                _ => prop_assert!(false, "`-` {minus:?} and AddSeconds {sub:?} disagree"),
            }
            for text in [
                format!("{a} + {b}"), format!("{a} - {b}"), format!("{a} * {n}"),
                format!("Sum({a}, {b})"),
                format!("MakeDuration(0, 0, 0, 0, {a}) + MakeDuration(0, 0, 0, 0, {b})"),
                format!("MakeDuration(0, 0, 0, 0, {a}) * {n}"),
                format!("ToDecimal({a}) * {b} * {b}"),
                format!("ToCurrency(\"{a}|USD\") * {b} * {b}"),
            ] {
                match eval_str(&text) {
                    Ok(v) => prop_assert!(in_range(&v), "{text}: {v:?}"),
                    Err(e) => prop_assert_eq!(e.kind, ErrorKind::Overflow, "{}: {}", text, e.message),
                }
            }
            let sum = eval_str(&format!("{a} + {b}"));
            let f = eval_str(&format!("Sum({a}, {b})"));
            prop_assert_eq!(sum.is_ok(), f.is_ok());
        }
    }
}
