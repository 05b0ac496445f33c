//! Functions on time: Now / GetCurrentDateTimeUtc, AddSeconds, AddMinutes, AddHours, AddDays,
//! DateTimeDiff, MakeDuration.
//!
//! Date-times and durations are milliseconds (UTC). The clock is the run's virtual clock, never
//! the wall clock. A result outside the representable range is `overflow`.

use super::{f64_to_i64, overflow, type_error, Ctx, FnError, FnResult};
use crate::expr::value::Value;

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// `Now()` (and `GetCurrentDateTimeUtc()`) is the virtual clock's time.
pub(super) fn now(ctx: &Ctx, _: &[Value]) -> FnResult {
    Ok(Value::DateTime(ctx.now_ms))
}

fn want_datetime(func: &str, args: &[Value], i: usize) -> Result<i64, FnError> {
    match &args[i] {
        Value::DateTime(ms) => Ok(*ms),
        other => Err(type_error(func, i, "a DateTime", other)),
    }
}

/// Argument `i`, a count of `unit` (an Integer, or a Decimal when `fraction` allows), in ms.
fn want_ms(
    func: &str,
    args: &[Value],
    i: usize,
    unit: i64,
    fraction: bool,
) -> Result<i64, FnError> {
    match &args[i] {
        Value::Int(n) => n.checked_mul(unit).ok_or_else(|| overflow(func)),
        Value::Dec(d) if fraction || d.fract() == 0.0 => {
            // Whole milliseconds, rounded half away from zero.
            f64_to_i64((d * unit as f64).round()).ok_or_else(|| overflow(func))
        }
        other => Err(type_error(func, i, if fraction { "a number" } else { "an Integer" }, other)),
    }
}

/// A date-time the calendar can show (years -9999 to 9999), else `overflow`.
fn datetime(func: &str, ms: Option<i64>) -> FnResult {
    match ms {
        Some(ms) if jiff::Timestamp::from_millisecond(ms).is_ok() => Ok(Value::DateTime(ms)),
        _ => Err(overflow(func)),
    }
}

fn add(func: &str, args: &[Value], unit: i64) -> FnResult {
    let t = want_datetime(func, args, 0)?;
    let d = want_ms(func, args, 1, unit, true)?;
    datetime(func, t.checked_add(d))
}

/// `AddSeconds(Now(), 90)` is 90 seconds later; `AddSeconds(Now(), 1.5)` adds 1500 ms.
pub(super) fn add_seconds(_: &Ctx, args: &[Value]) -> FnResult {
    add("AddSeconds", args, SECOND)
}

/// `AddMinutes(Now(), -5)` is five minutes earlier.
pub(super) fn add_minutes(_: &Ctx, args: &[Value]) -> FnResult {
    add("AddMinutes", args, MINUTE)
}

/// `AddHours(Now(), 2)` is two hours later.
pub(super) fn add_hours(_: &Ctx, args: &[Value]) -> FnResult {
    add("AddHours", args, HOUR)
}

/// `AddDays(Now(), 1)` is 24 hours later (UTC: no daylight-saving days).
pub(super) fn add_days(_: &Ctx, args: &[Value]) -> FnResult {
    add("AddDays", args, DAY)
}

/// `DateTimeDiff(AddHours(Now(), 1), Now())` is the Duration PT1H: the first minus the second.
pub(super) fn date_time_diff(_: &Ctx, args: &[Value]) -> FnResult {
    let a = want_datetime("DateTimeDiff", args, 0)?;
    let b = want_datetime("DateTimeDiff", args, 1)?;
    a.checked_sub(b).map(Value::Duration).ok_or_else(|| overflow("DateTimeDiff"))
}

/// `MakeDuration(0, 0, 1, 30)` is PT1M30S: days, then hours, minutes, seconds and
/// milliseconds, each optional after days. Integers, except that seconds may be a Decimal.
pub(super) fn make_duration(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "MakeDuration";
    const UNITS: [i64; 5] = [DAY, HOUR, MINUTE, SECOND, 1];
    let mut total: i64 = 0;
    for (i, unit) in UNITS.iter().enumerate().take(args.len()) {
        let ms = want_ms(F, args, i, *unit, *unit == SECOND)?;
        total = total.checked_add(ms).ok_or_else(|| overflow(F))?;
    }
    Ok(Value::Duration(total))
}
