//! Functions on numbers: Abs, Min, Max, Round, RoundUp, RoundDown, and the aggregates Sum and
//! Average.
//!
//! Integers stay Integers where the result can be one (checked: past i64 is `overflow`);
//! anything with a Decimal in it is a Decimal, computed exactly in decimal (`Sum(3.0, 5.0,
//! -8.4)` is -0.4; past a Decimal's range is `overflow`).

use super::{overflow, type_error, want_int, want_num, Ctx, FnError, FnResult};
use crate::expr::calendar::Money;
use crate::expr::decimal::{self, Decimal};
use crate::expr::value::Value;
use crate::kind::ErrorKind;
use rust_decimal::RoundingStrategy;
use std::cmp::Ordering;

/// `Abs(-3)` is 3; `Abs(i64::MIN)` is `overflow`.
pub(super) fn abs(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::Int(n) => n.checked_abs().map(Value::Int).ok_or_else(|| overflow("Abs")),
        Value::Dec(d) => Ok(Value::Dec(d.abs())),
        other => Err(type_error("Abs", 0, "a number", other)),
    }
}

/// `Min(3, 1.5, 2)` is 1.5; `Min(2, 1)` is the Integer 1; `Min(list)` reads a collection.
pub(super) fn min(_: &Ctx, args: &[Value]) -> FnResult {
    extreme("Min", args, Ordering::Less)
}

/// `Max(3, 1.5, 2)` is 3.0 (a Decimal: one argument is); `Max(1, 2)` is the Integer 2.
pub(super) fn max(_: &Ctx, args: &[Value]) -> FnResult {
    extreme("Max", args, Ordering::Greater)
}

/// The smallest (`want` Less) or largest (Greater) of the numbers in `args`, or of the items of
/// a single collection argument. An empty collection gives NOT_SET.
fn extreme(func: &str, args: &[Value], want: Ordering) -> FnResult {
    let (values, from_list): (&[Value], bool) = match args {
        [Value::List(items)] => (items, true),
        _ => (args, false),
    };
    let mut best: Option<&Value> = None;
    let mut any_dec = false;
    for (i, v) in values.iter().enumerate() {
        let bad = |want: &str| {
            if from_list {
                let what = if v.is_set() { v.ty().name() } else { "NOT_SET" };
                let kind = if v.is_set() { ErrorKind::TypeMismatch } else { ErrorKind::NotSet };
                FnError::new(
                    kind,
                    format!("{func}: item {i} of the collection is {what}, not {want}"),
                )
            } else {
                type_error(func, i, want, v)
            }
        };
        match v {
            Value::Int(_) => {}
            Value::Dec(_) => any_dec = true,
            _ => return Err(bad("a number")),
        }
        best = match best {
            Some(b) if compare(v, b) != Some(want) => Some(b),
            _ => Some(v),
        };
    }
    Ok(match best {
        None => Value::NotSet,
        Some(Value::Int(n)) if any_dec => Value::Dec(Decimal::from(*n)),
        Some(v) => v.clone(),
    })
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Dec(y)) => Some(Decimal::from(*x).cmp(y)),
        (Value::Dec(x), Value::Int(y)) => Some(x.cmp(&Decimal::from(*y))),
        (Value::Dec(x), Value::Dec(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// `Round(2.5)` is 3.0 (halves away from zero; a Decimal stays a Decimal, an Integer an
/// Integer); `Round(2.675, 2)` is 2.68, `Round(3.225, 2)` 3.23 (exact decimals). Negative
/// places round before the point (`Round(1250, -2)` is 1300.0). A Currency's amount is
/// rounded the same way, its code kept.
pub(super) fn round(_: &Ctx, args: &[Value]) -> FnResult {
    let places = if args.len() > 1 { Some(want_int("Round", args, 1)?) } else { None };
    let round = |d: Decimal| decimal::round_half_away(d, places.unwrap_or(0));
    match &args[0] {
        Value::Int(n) if places.is_none() => Ok(Value::Int(*n)),
        Value::Currency(m) => currency_amount("Round", m, round),
        _ => round(want_num("Round", args, 0)?).map(Value::Dec).ok_or_else(|| overflow("Round")),
    }
}

/// A Currency whose amount is `f` of this one's, in the same code; a NOT_SET amount is
/// `notSet`.
fn currency_amount(func: &str, m: &Money, f: impl Fn(Decimal) -> Option<Decimal>) -> FnResult {
    let a = m.amount().ok_or_else(|| {
        FnError::new(ErrorKind::NotSet, format!("{func}: the Currency's amount is NOT_SET"))
    })?;
    f(a).and_then(|r| m.with_amount(Some(r))).map(Value::Currency).ok_or_else(|| {
        FnError::new(ErrorKind::Overflow, format!("{func}: the result is out of range"))
    })
}

/// `Ceiling(2.3)` is 3.0, `Ceiling(3)` is 3, a Currency's amount rounded up in its code.
pub(super) fn ceiling(_: &Ctx, args: &[Value]) -> FnResult {
    whole("Ceiling", &args[0], Decimal::ceil)
}

/// `Floor(2.3)` is 2.0, `Floor(-3.2)` is -4.0, `Floor(3)` is 3, a Currency's amount rounded down.
pub(super) fn floor(_: &Ctx, args: &[Value]) -> FnResult {
    whole("Floor", &args[0], Decimal::floor)
}

fn whole(func: &str, v: &Value, f: fn(&Decimal) -> Decimal) -> FnResult {
    match v {
        Value::Int(n) => Ok(Value::Int(*n)),
        Value::Dec(d) => Ok(Value::Dec(f(d))),
        Value::Currency(m) => currency_amount(func, m, |a| Some(f(&a))),
        other => Err(type_error(func, 0, "a number or a Currency", other)),
    }
}

/// `RoundUp(2.1)` is 3, `RoundUp(-2.9)` is -2: toward positive infinity (an Integer stays);
/// `RoundUp(2.121, 2)` is the Decimal 2.13.
pub(super) fn round_up(_: &Ctx, args: &[Value]) -> FnResult {
    if matches!(args.first(), Some(Value::Duration(_))) {
        return super::datetime::round_up_duration(args);
    }
    directed("RoundUp", args, RoundingStrategy::ToPositiveInfinity)
}

/// `RoundDown(2.9)` is 2, `RoundDown(-2.1)` is -3: toward negative infinity; `RoundDown(2.129,
/// 2)` is the Decimal 2.12.
pub(super) fn round_down(_: &Ctx, args: &[Value]) -> FnResult {
    directed("RoundDown", args, RoundingStrategy::ToNegativeInfinity)
}

/// `Truncate(2.9)` is 2, `Truncate(-2.9)` is -2: toward zero; `Truncate(-2.129, 2)` is -2.12.
pub(super) fn truncate(_: &Ctx, args: &[Value]) -> FnResult {
    directed("Truncate", args, RoundingStrategy::ToZero)
}

/// One directed rounding: to a whole Integer, or with a count of places (before the point when
/// negative) to a Decimal.
fn directed(func: &str, args: &[Value], strategy: RoundingStrategy) -> FnResult {
    if args.len() == 1 {
        return directed_whole(func, &args[0], strategy);
    }
    let x = want_num(func, args, 0)?;
    let places = want_int(func, args, 1)?;
    decimal::round_to(x, places, strategy).map(Value::Dec).ok_or_else(|| overflow(func))
}

fn directed_whole(func: &str, v: &Value, strategy: RoundingStrategy) -> FnResult {
    match v {
        Value::Int(n) => Ok(Value::Int(*n)),
        Value::Dec(d) => decimal::to_i64(decimal::round_places(*d, 0, strategy))
            .map(Value::Int)
            .ok_or_else(|| overflow(func)),
        other => Err(type_error(func, 0, "a number", other)),
    }
}

/// The values an aggregate reads: the items of a single collection argument, or the
/// arguments themselves (`Sum(Count(list), -1)`); NOT_SET ones are left out, as Architect's
/// `Sum` and `Average` leave them out (a Currency without an amount adds nothing, and does not
/// count towards an average).
fn aggregated(args: &[Value]) -> Vec<&Value> {
    let values: &[Value] = match args {
        [Value::List(items)] => items,
        _ => args,
    };
    values.iter().filter(|v| v.is_set()).collect()
}

/// What an aggregate adds up: Integers (`Int`), numbers with a Decimal among them, Durations
/// (milliseconds) or Currencies of one code.
enum Total {
    Int(i64),
    Dec(Decimal),
    Duration(i64),
    Currency(Decimal, Option<Money>),
}

fn total(func: &str, values: &[&Value]) -> Result<Total, FnError> {
    let mut t = Total::Int(0);
    let add = |a: Decimal, b: Decimal| a.checked_add(b).ok_or_else(|| overflow(func));
    for (i, v) in values.iter().enumerate() {
        t = match (t, v) {
            (Total::Int(a), Value::Int(n)) => match a.checked_add(*n) {
                Some(t) => Total::Int(t),
                // An average is a Decimal anyway: it goes on as one.
                None if func == "Average" => Total::Dec(add(Decimal::from(a), Decimal::from(*n))?),
                None => return Err(overflow(func)),
            },
            (Total::Int(a), Value::Dec(d)) => Total::Dec(add(Decimal::from(a), *d)?),
            (Total::Dec(a), Value::Int(n)) => Total::Dec(add(a, Decimal::from(*n))?),
            (Total::Dec(a), Value::Dec(d)) => Total::Dec(add(a, *d)?),
            (Total::Int(0), Value::Duration(ms)) if i == 0 => Total::Duration(*ms),
            (Total::Duration(a), Value::Duration(ms)) => {
                Total::Duration(a.checked_add(*ms).ok_or_else(|| overflow(func))?)
            }
            (Total::Int(0), Value::Currency(m)) if i == 0 => {
                Total::Currency(m.amount().unwrap_or(Decimal::ZERO), Some(*m))
            }
            (Total::Currency(a, Some(first)), Value::Currency(m)) if m.code() == first.code() => {
                Total::Currency(add(a, m.amount().unwrap_or(Decimal::ZERO))?, Some(first))
            }
            (_, v) => {
                return Err(FnError::new(
                    ErrorKind::TypeMismatch,
                    format!(
                        "{func}: {} cannot be added to the values before it (numbers, \
                         Durations, or Currencies of one code)",
                        v.ty().name()
                    ),
                ))
            }
        };
    }
    Ok(t)
}

fn currency_of(func: &str, first: Option<Money>, amount: Option<Decimal>) -> FnResult {
    first
        .and_then(|m| m.with_amount(Some(amount?)))
        .map(Value::Currency)
        .ok_or_else(|| overflow(func))
}

/// `Sum(1, 2)`, `Sum(MakeList(1, 2, 3))`: Integers sum to an Integer, with a Decimal to a
/// Decimal; Durations to a Duration; Currencies of one code to a Currency in it. NOT_SET values
/// are left out, and nothing sums to 0 (past i64 is `overflow`).
pub(super) fn sum(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(match total("Sum", &aggregated(args))? {
        Total::Int(n) => Value::Int(n),
        Total::Dec(d) => Value::Dec(d),
        Total::Duration(ms) => Value::Duration(ms),
        Total::Currency(a, first) => return currency_of("Sum", first, Some(a)),
    })
}

/// `Average(8, 4)` is 6.0 (numbers average to a Decimal), `Average(MakeList(...))`; Durations
/// average to a Duration, Currencies of one code to a Currency. NOT_SET values are left out;
/// nothing averages to 0.0.
pub(super) fn average(_: &Ctx, args: &[Value]) -> FnResult {
    let values = aggregated(args);
    let counted =
        values.iter().filter(|v| !matches!(v, Value::Currency(m) if m.amount().is_none()));
    let count = counted.count().max(1);
    let n = Decimal::from(count);
    let quotient = |t: Decimal| t.checked_div(n).ok_or_else(|| overflow("Average"));
    Ok(match total("Average", &values)? {
        Total::Int(t) => Value::Dec(quotient(Decimal::from(t))?),
        Total::Dec(t) => Value::Dec(quotient(t)?),
        Total::Duration(ms) => Value::Duration((ms as f64 / count as f64).round() as i64),
        Total::Currency(a, first) => return currency_of("Average", first, a.checked_div(n)),
    })
}

#[cfg(test)]
mod tests {
    use crate::expr::decimal::dec;
    use crate::expr::value::Value;

    fn call(f: fn(&super::Ctx, &[Value]) -> super::FnResult, args: &[Value]) -> String {
        f(&super::Ctx { now_ms: 0 }, args).map_or_else(|e| format!("{:?}", e.kind), |v| v.display())
    }

    #[test]
    fn rounding_is_exact_in_decimal() {
        let d = |t: &str| Value::Dec(dec(t));
        assert_eq!(call(super::round, &[d("3.225"), Value::Int(2)]), "3.23");
        assert_eq!(call(super::round, &[d("2.675"), Value::Int(2)]), "2.68");
        assert_eq!(call(super::round, &[d("1.005"), Value::Int(2)]), "1.01");
        assert_eq!(call(super::round, &[d("-2.5")]), "-3");
        assert_eq!(call(super::round, &[Value::Int(1250), Value::Int(-2)]), "1300");
        assert_eq!(call(super::round_up, &[d("2.121"), Value::Int(2)]), "2.13");
        assert_eq!(call(super::round_down, &[d("2.129"), Value::Int(2)]), "2.12");
        assert_eq!(call(super::round_down, &[d("2.12"), Value::Int(2)]), "2.12");
        assert_eq!(call(super::truncate, &[d("-2.129"), Value::Int(2)]), "-2.12");
        assert_eq!(call(super::round_up, &[d("-2.9")]), "-2");
        assert_eq!(call(super::round_down, &[d("-2.1")]), "-3");
        assert_eq!(call(super::truncate, &[d("99999999999999999999.5")]), "Overflow");
    }

    #[test]
    fn aggregates_are_exact_in_decimal() {
        let d = |t: &str| Value::Dec(dec(t));
        assert_eq!(call(super::sum, &[d("3.0"), d("5.0"), d("-8.4")]), "-0.4");
        assert_eq!(call(super::sum, &[d("0.1"), d("0.2")]), "0.3");
        assert_eq!(call(super::average, &[Value::Int(8), Value::Int(4)]), "6");
        assert_eq!(call(super::average, &[d("0.1"), d("0.2"), d("0.3")]), "0.2");
        assert_eq!(
            call(super::sum, &[d("79228162514264337593543950335"), Value::Int(1)]),
            "Overflow"
        );
        assert_eq!(
            call(super::average, &[Value::Int(i64::MAX), Value::Int(i64::MAX)]),
            "9223372036854775807"
        );
    }
}
