//! Functions on numbers: Abs, Min, Max, Round, RoundUp, RoundDown, and the aggregates Sum and
//! Average.
//!
//! Integers stay Integers where the result can be one (checked: past i64 is `overflow`);
//! anything with a Decimal in it is a Decimal.

use super::{f64_to_i64, overflow, type_error, want_int, want_num, Ctx, FnError, FnResult};
use crate::expr::calendar::Money;
use crate::expr::value::Value;
use crate::kind::ErrorKind;
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
        Some(Value::Int(n)) if any_dec => Value::Dec(*n as f64),
        Some(v) => v.clone(),
    })
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Dec(y)) => (*x as f64).partial_cmp(y),
        (Value::Dec(x), Value::Int(y)) => x.partial_cmp(&(*y as f64)),
        (Value::Dec(x), Value::Dec(y)) => x.partial_cmp(y),
        _ => None,
    }
}

/// `Round(2.5)` is 3.0 (halves away from zero; a Decimal stays a Decimal, an Integer an
/// Integer); `Round(2.675, 2)` is 2.68 (rounded as written in decimal, not as stored in binary).
/// A Currency's amount is rounded the same way, its code kept.
pub(super) fn round(_: &Ctx, args: &[Value]) -> FnResult {
    let places = if args.len() > 1 { Some(want_int("Round", args, 1)?) } else { None };
    let round = |d: f64| match places {
        Some(p) => round_decimal(d, p),
        None => d.round(),
    };
    match &args[0] {
        Value::Int(n) if places.is_none() => Ok(Value::Int(*n)),
        Value::Dec(d) if d.is_nan() => {
            Err(FnError::new(ErrorKind::Conversion, "Round: NaN is not a number"))
        }
        Value::Currency(m) => currency_amount("Round", m, round),
        _ => Ok(Value::Dec(round(want_num("Round", args, 0)?))),
    }
}

/// A Currency whose amount is `f` of this one's, in the same code; a NOT_SET amount is
/// `notSet`.
fn currency_amount(func: &str, m: &Money, f: impl Fn(f64) -> f64) -> FnResult {
    let a = m.amount().ok_or_else(|| {
        FnError::new(ErrorKind::NotSet, format!("{func}: the Currency's amount is NOT_SET"))
    })?;
    m.with_amount(Some(f(a))).map(Value::Currency).ok_or_else(|| {
        FnError::new(ErrorKind::Overflow, format!("{func}: the result is out of range"))
    })
}

/// `Ceiling(2.3)` is 3.0, `Ceiling(3)` is 3, a Currency's amount rounded up in its code.
pub(super) fn ceiling(_: &Ctx, args: &[Value]) -> FnResult {
    whole("Ceiling", &args[0], f64::ceil)
}

/// `Floor(2.3)` is 2.0, `Floor(-3.2)` is -4.0, `Floor(3)` is 3, a Currency's amount rounded down.
pub(super) fn floor(_: &Ctx, args: &[Value]) -> FnResult {
    whole("Floor", &args[0], f64::floor)
}

fn whole(func: &str, v: &Value, f: fn(f64) -> f64) -> FnResult {
    match v {
        Value::Int(n) => Ok(Value::Int(*n)),
        Value::Dec(d) => Ok(Value::Dec(f(*d))),
        Value::Currency(m) => currency_amount(func, m, f),
        other => Err(type_error(func, 0, "a number or a Currency", other)),
    }
}

/// Powers of ten that are exact f64s.
const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// [`round_decimal`] without text, for `places` in 0..=22 when the answer is clear: `y = |x| *
/// 10^places` is within 2^-52 * y of the shortest text's value scaled the same way (each is
/// within half an ulp of the exact product), so when y's fraction is farther than that from
/// one half, both round to the same whole number. `None` when it is too close to call.
fn round_decimal_scaled(x: f64, places: i64) -> Option<f64> {
    let pow = *EXACT_POW10.get(usize::try_from(places).ok()?)?;
    let y = x.abs() * pow;
    // `y` may be NaN or infinite: only a finite value below 2^52 has a fraction to round.
    if y.is_nan() || y >= 4_503_599_627_370_496.0 {
        return None; // 2^52 and above (or overflow): no fraction left to round.
    }
    let fraction = y - y.floor();
    if (fraction - 0.5).abs() <= y * f64::EPSILON * 2.0 {
        return None;
    }
    // Both operands exact: one correctly rounded division, as parsing `{kept}e-{places}` gives.
    Some((y.round() / pow).copysign(x))
}

/// `x` rounded to `places` digits after the decimal point (before it when negative), halves
/// away from zero, working on the shortest decimal text of `x` so that 2.675 (stored as
/// 2.67499999...) rounds to 2.68 as its author expects. Not finite: unchanged.
pub(super) fn round_decimal(x: f64, places: i64) -> f64 {
    use std::fmt::Write as _;
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if let Some(r) = round_decimal_scaled(x, places) {
        return r;
    }
    // "2.675e0": digits 2675, the first one at the power of ten 0. The shortest text of an f64
    // has at most 17 digits and a 4-character exponent: it fits on the stack.
    let mut sci = crate::util::StackStr::<40>::default();
    if write!(sci, "{:e}", x.abs()).is_err() {
        return x;
    }
    let Some((mantissa, exp)) = sci.as_str().split_once('e') else { return x };
    let Ok(exp) = exp.parse::<i64>() else { return x };
    let mut buf = [0u8; 40];
    let mut len = 0;
    for d in mantissa.bytes().filter(u8::is_ascii_digit) {
        buf[len] = d;
        len += 1;
    }
    let digits = &buf[..len];
    // Digit k stands for 10^(exp - k); keep those down to 10^-places.
    let keep = exp.saturating_add(places).saturating_add(1);
    let Ok(keep) = usize::try_from(keep) else { return 0.0_f64.copysign(x) };
    if keep >= digits.len() {
        return x;
    }
    let mut kept: u128 = digits[..keep].iter().fold(0, |n, d| n * 10 + u128::from(d - b'0'));
    if digits[keep] >= b'5' {
        kept += 1;
    }
    // kept * 10^-places, the nearest f64. When both factors are exact f64s (kept below 2^53,
    // 10^|places| up to 10^22), one IEEE division or multiplication rounds correctly, exactly
    // as parsing the text would; otherwise parse the text.
    let pow = usize::try_from(places.unsigned_abs()).ok().and_then(|p| EXACT_POW10.get(p));
    if let (true, Some(&pow)) = (kept < 1 << 53, pow) {
        let kept = kept as f64;
        let r = if places >= 0 { kept / pow } else { kept * pow };
        return r.copysign(x);
    }
    let mut text = crate::util::StackStr::<64>::default();
    if write!(text, "{kept}e{}", places.saturating_neg()).is_err() {
        return x;
    }
    text.as_str().parse::<f64>().map_or(x, |r| r.copysign(x))
}

/// `RoundUp(2.1)` is 3, `RoundUp(-2.9)` is -2: toward positive infinity (an Integer stays);
/// `RoundUp(2.121, 2)` is the Decimal 2.13.
pub(super) fn round_up(_: &Ctx, args: &[Value]) -> FnResult {
    if matches!(args.first(), Some(Value::Duration(_))) {
        return super::datetime::round_up_duration(args);
    }
    directed("RoundUp", args, f64::ceil)
}

/// `RoundDown(2.9)` is 2, `RoundDown(-2.1)` is -3: toward negative infinity; `RoundDown(2.129,
/// 2)` is the Decimal 2.12.
pub(super) fn round_down(_: &Ctx, args: &[Value]) -> FnResult {
    directed("RoundDown", args, f64::floor)
}

/// `Truncate(2.9)` is 2, `Truncate(-2.9)` is -2: toward zero; `Truncate(-2.129, 2)` is -2.12.
pub(super) fn truncate(_: &Ctx, args: &[Value]) -> FnResult {
    directed("Truncate", args, f64::trunc)
}

/// One directed rounding: to a whole Integer, or with a count of places to a Decimal. The
/// value is scaled by a power of ten first, and a scaled value within rounding noise of a
/// whole number (2.12 stored as 2.1199999...) counts as that number.
fn directed(func: &str, args: &[Value], to_whole: fn(f64) -> f64) -> FnResult {
    if args.len() == 1 {
        return directed_whole(func, &args[0], to_whole);
    }
    let x = want_num(func, args, 0)?;
    let places = want_int(func, args, 1)?.clamp(-22, 22);
    if !x.is_finite() {
        return Err(FnError::new(ErrorKind::Conversion, format!("{func}: not a finite number")));
    }
    let pow = EXACT_POW10[places.unsigned_abs() as usize];
    let scaled = if places >= 0 { x * pow } else { x / pow };
    let near = scaled.round();
    let whole = if (scaled - near).abs() <= scaled.abs().max(1.0) * 1e-12 {
        near
    } else {
        to_whole(scaled)
    };
    let r = if places >= 0 { whole / pow } else { whole * pow };
    Ok(Value::Dec(round_decimal(r, places.max(0))))
}

fn directed_whole(func: &str, v: &Value, to_whole: fn(f64) -> f64) -> FnResult {
    match v {
        Value::Int(n) => Ok(Value::Int(*n)),
        Value::Dec(d) if d.is_nan() => {
            Err(FnError::new(ErrorKind::Conversion, format!("{func}: NaN is not a number")))
        }
        Value::Dec(d) => f64_to_i64(to_whole(*d)).map(Value::Int).ok_or_else(|| overflow(func)),
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
    Dec(f64),
    Duration(i64),
    Currency(f64, Option<Money>),
}

fn total(func: &str, values: &[&Value]) -> Result<Total, FnError> {
    let mut t = Total::Int(0);
    for (i, v) in values.iter().enumerate() {
        t = match (t, v) {
            (Total::Int(a), Value::Int(n)) => match a.checked_add(*n) {
                Some(t) => Total::Int(t),
                // An average is a Decimal anyway: no need to stay exact.
                None if func == "Average" => Total::Dec(a as f64 + *n as f64),
                None => return Err(overflow(func)),
            },
            (Total::Int(a), Value::Dec(d)) => Total::Dec(a as f64 + d),
            (Total::Dec(a), Value::Int(n)) => Total::Dec(a + *n as f64),
            (Total::Dec(a), Value::Dec(d)) => Total::Dec(a + d),
            (Total::Int(0), Value::Duration(ms)) if i == 0 => Total::Duration(*ms),
            (Total::Duration(a), Value::Duration(ms)) => {
                Total::Duration(a.checked_add(*ms).ok_or_else(|| overflow(func))?)
            }
            (Total::Int(0), Value::Currency(m)) if i == 0 => {
                Total::Currency(m.amount().unwrap_or(0.0), Some(*m))
            }
            (Total::Currency(a, Some(first)), Value::Currency(m)) if m.code() == first.code() => {
                Total::Currency(a + m.amount().unwrap_or(0.0), Some(first))
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

fn currency_of(func: &str, first: Option<Money>, amount: f64) -> FnResult {
    first
        .and_then(|m| m.with_amount(Some(amount)))
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
        Total::Currency(a, first) => return currency_of("Sum", first, a),
    })
}

/// `Average(8, 4)` is 6.0 (numbers average to a Decimal), `Average(MakeList(...))`; Durations
/// average to a Duration, Currencies of one code to a Currency. NOT_SET values are left out;
/// nothing averages to 0.0.
pub(super) fn average(_: &Ctx, args: &[Value]) -> FnResult {
    let values = aggregated(args);
    let counted =
        values.iter().filter(|v| !matches!(v, Value::Currency(m) if m.amount().is_none()));
    let n = counted.count().max(1) as f64;
    Ok(match total("Average", &values)? {
        Total::Int(t) => Value::Dec(t as f64 / n),
        Total::Dec(t) => Value::Dec(t / n),
        Total::Duration(ms) => Value::Duration((ms as f64 / n).round() as i64),
        Total::Currency(a, first) => return currency_of("Average", first, a / n),
    })
}

#[cfg(test)]
mod tests {
    /// The text-only implementation `round_decimal` replaced (kept as the oracle).
    fn round_decimal_by_text(x: f64, places: i64) -> f64 {
        if !x.is_finite() || x == 0.0 {
            return x;
        }
        let sci = format!("{:e}", x.abs());
        let Some((mantissa, exp)) = sci.split_once('e') else { return x };
        let Ok(exp) = exp.parse::<i64>() else { return x };
        let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        let keep = exp.saturating_add(places).saturating_add(1);
        let Ok(keep) = usize::try_from(keep) else { return 0.0_f64.copysign(x) };
        if keep >= digits.len() {
            return x;
        }
        let mut kept: u128 = digits[..keep].iter().fold(0, |n, d| n * 10 + u128::from(d - b'0'));
        if digits[keep] >= b'5' {
            kept += 1;
        }
        format!("{kept}e{}", places.saturating_neg()).parse::<f64>().map_or(x, |r| r.copysign(x))
    }

    #[track_caller]
    fn same(x: f64, places: i64) {
        let (fast, text) = (super::round_decimal(x, places), round_decimal_by_text(x, places));
        assert_eq!(fast.to_bits(), text.to_bits(), "Round({x:e}, {places}): {fast:e} vs {text:e}");
    }

    #[test]
    fn round_decimal_matches_the_text_implementation() {
        for x in [
            2.675,
            -2.675,
            1.005,
            0.5,
            1.5,
            -0.5,
            2.5,
            0.125,
            0.375,
            1.0005,
            1.45,
            1.55,
            8.345,
            123_456.789,
            9.999_999,
            1e-7,
            5e-324,
            4_503_599_627_370_495.5,
            0.499_999_999_999_999_94,
        ] {
            for places in -25..25 {
                same(x, places);
            }
        }
        for x in [f64::MAX, f64::MIN_POSITIVE, 0.1 + 0.2, 1.0 / 3.0, 2f64.powi(53) + 2.0, 1e22] {
            for places in -330..330 {
                same(x, places);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn round_decimal_matches_the_text_implementation_everywhere(
            x in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL,
            places in -30..30i64,
        ) {
            same(x, places);
        }

        #[test]
        fn round_decimal_matches_on_everyday_numbers(x in -1e7..1e7f64, places in -3..8i64) {
            same(x, places);
        }

        #[test]
        fn round_decimal_matches_on_short_decimals_and_halves(
            n in -10_000_000i64..10_000_000,
            scale in 0..8i32,
            places in 0..8i64,
        ) {
            // Numbers as people write them, many exactly on a half at `places`.
            same(n as f64 / 10f64.powi(scale), places);
            same((n as f64 + 0.5) / 10f64.powi(places as i32), places);
        }
    }
}
