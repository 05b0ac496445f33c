//! Functions on numbers: Abs, Min, Max, Round.
//!
//! Integers stay Integers where the result can be one (checked: past i64 is `overflow`);
//! anything with a Decimal in it is a Decimal.

use super::{f64_to_i64, overflow, type_error, want_int, want_num, Ctx, FnError, FnResult};
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

/// `Round(2.5)` is the Integer 3 (halves away from zero); `Round(2.675, 2)` is the Decimal
/// 2.68 (rounded as written in decimal, not as stored in binary).
pub(super) fn round(_: &Ctx, args: &[Value]) -> FnResult {
    if args.len() == 1 {
        return match &args[0] {
            Value::Int(n) => Ok(Value::Int(*n)),
            Value::Dec(d) if d.is_nan() => {
                Err(FnError::new(ErrorKind::Conversion, "Round: NaN is not a number"))
            }
            // f64::round rounds halves away from zero.
            Value::Dec(d) => f64_to_i64(d.round()).map(Value::Int).ok_or_else(|| overflow("Round")),
            other => Err(type_error("Round", 0, "a number", other)),
        };
    }
    let places = want_int("Round", args, 1)?;
    Ok(Value::Dec(round_decimal(want_num("Round", args, 0)?, places)))
}

/// `x` rounded to `places` digits after the decimal point (before it when negative), halves
/// away from zero, working on the shortest decimal text of `x` so that 2.675 (stored as
/// 2.67499999...) rounds to 2.68 as its author expects. Not finite: unchanged.
fn round_decimal(x: f64, places: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    // "2.675e0": digits 2675, the first one at the power of ten 0.
    let sci = format!("{:e}", x.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else { return x };
    let Ok(exp) = exp.parse::<i64>() else { return x };
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
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
    // kept * 10^-places, parsed from text so that it is the nearest f64.
    format!("{kept}e{}", places.saturating_neg()).parse::<f64>().map_or(x, |r| r.copysign(x))
}
