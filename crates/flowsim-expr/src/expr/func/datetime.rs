//! Functions on time: Now / GetCurrentDateTimeUtc, AddSeconds, AddMinutes, AddHours, AddDays,
//! AddMonths, AddYears, DateTimeDiff, MakeDuration, ToDuration, MakeDateTime, and the parts of a
//! date-time (GetYear, GetMonth, GetDayOfMonth, GetDayOfWeek, GetHour, GetMinute, GetSecond, and
//! Architect's unprefixed Year, Month, Day, DayOfWeek, Hour, Minute, Second), and the rounding
//! of a Duration up to announced steps (`RoundUp(duration, step, steps)`).
//!
//! Calendar arithmetic and parts use jiff, in UTC (the virtual clock is UTC).
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
        Value::Dec(d) if fraction || d.fract().is_zero() => {
            // Whole milliseconds, rounded half away from zero.
            d.checked_mul(unit.into())
                .and_then(|ms| crate::expr::decimal::round_half_away(ms, 0))
                .and_then(crate::expr::decimal::to_i64)
                .ok_or_else(|| overflow(func))
        }
        other => Err(type_error(func, i, if fraction { "a number" } else { "an Integer" }, other)),
    }
}

/// A date-time the calendar can show (years -9999 to 9999), else `overflow`.
fn datetime(func: &str, ms: Option<i64>) -> FnResult {
    crate::expr::range::datetime(ms).map(Value::DateTime).ok_or_else(|| overflow(func))
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

/// The calendar date and time (UTC) of a DateTime argument.
fn civil(func: &str, args: &[Value], i: usize) -> Result<jiff::civil::DateTime, FnError> {
    let ms = want_datetime(func, args, i)?;
    let ts = jiff::Timestamp::from_millisecond(ms).map_err(|_| overflow(func))?;
    Ok(ts.to_zoned(jiff::tz::TimeZone::UTC).datetime())
}

/// A calendar date-time (UTC) as a DateTime value.
fn from_civil(func: &str, dt: jiff::civil::DateTime) -> FnResult {
    let ms = dt
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| overflow(func))?
        .timestamp()
        .as_millisecond();
    datetime(func, Some(ms))
}

/// `ToDuration("PT1M30S")` is 90 seconds: ISO 8601 (days are 24 hours), or Architect's literal
/// form `P0D0H1M30S0F` (days, hours, minutes, seconds, milliseconds); `ToDuration(3600000)` is
/// milliseconds. NOT_SET and blank text give NOT_SET.
pub(super) fn to_duration(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::NotSet => Ok(Value::NotSet),
        Value::Int(ms) => Ok(Value::Duration(*ms)),
        Value::Str(s) if s.trim().is_empty() => Ok(Value::NotSet),
        Value::Duration(ms) => Ok(Value::Duration(*ms)),
        Value::Str(s) => parse_duration(s).map(Value::Duration).ok_or_else(|| {
            FnError::new(
                crate::kind::ErrorKind::Conversion,
                format!("ToDuration: \"{s}\" is not a duration such as PT1M30S"),
            )
        }),
        other => Err(type_error("ToDuration", 0, "a String or a Duration", other)),
    }
}

/// Milliseconds of an ISO 8601 duration (`PT1M30S`, `-P1DT2H`) or of Architect's literal
/// form `P0D0H1M30S0F`.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(ms) = architect_duration(text) {
        return Some(ms);
    }
    let span: jiff::Span = text.parse().ok()?;
    let total =
        span.total(jiff::SpanTotal::from(jiff::Unit::Millisecond).days_are_24_hours()).ok()?;
    // Architect keeps whole milliseconds: `PT30.250567S` is 30,250 ms.
    f64_to_i64(total.trunc())
}

/// `P0D0H1M30S0F`: Architect's duration literal (every unit present, `F` milliseconds).
fn architect_duration(text: &str) -> Option<i64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let mut rest = rest.strip_prefix('P')?;
    let mut total: i64 = 0;
    for (letter, unit) in [('D', DAY), ('H', HOUR), ('M', MINUTE), ('S', SECOND), ('F', 1)] {
        let (number, after) = rest.split_once(letter)?;
        let n: i64 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        rest = after;
    }
    rest.is_empty().then_some(if negative { -total } else { total })
}

/// `MakeDateTime(2026, 1, 31, 9, 30, 0)`: that moment, UTC; hours, minutes and seconds are
/// optional (midnight). A date that does not exist (February 30) is `conversion`.
pub(super) fn make_date_time(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "MakeDateTime";
    let mut parts = [0i64; 6];
    for (i, p) in parts.iter_mut().enumerate().take(args.len()) {
        *p = super::want_int(F, args, i)?;
    }
    let small = |n: i64| i8::try_from(n).ok();
    let made = match (i16::try_from(parts[0]).ok(), small(parts[1]), small(parts[2])) {
        (Some(y), Some(m), Some(d)) => jiff::civil::Date::new(y, m, d).ok().and_then(|date| {
            let t = jiff::civil::Time::new(small(parts[3])?, small(parts[4])?, small(parts[5])?, 0);
            Some(date.to_datetime(t.ok()?))
        }),
        _ => None,
    };
    match made {
        Some(dt) => from_civil(F, dt),
        None => Err(FnError::new(
            crate::kind::ErrorKind::Conversion,
            format!(
                "{F}: {:04}-{:02}-{:02} {:02}:{:02}:{:02} is not a date and time",
                parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]
            ),
        )),
    }
}

/// Months or years later on the calendar (UTC): the day is clipped to the month's last day
/// (`AddMonths` of January 31 by 1 is February 28 or 29).
fn add_calendar(func: &str, args: &[Value], months: bool) -> FnResult {
    let dt = civil(func, args, 0)?;
    let n = super::want_int(func, args, 1)?;
    let span = if months {
        jiff::Span::new().try_months(n).map_err(|_| overflow(func))?
    } else {
        jiff::Span::new().try_years(n).map_err(|_| overflow(func))?
    };
    from_civil(func, dt.checked_add(span).map_err(|_| overflow(func))?)
}

/// `AddMonths(Now(), 1)`: a month later on the calendar.
pub(super) fn add_months(_: &Ctx, args: &[Value]) -> FnResult {
    add_calendar("AddMonths", args, true)
}

/// `AddYears(Now(), -1)`: a year earlier on the calendar.
pub(super) fn add_years(_: &Ctx, args: &[Value]) -> FnResult {
    add_calendar("AddYears", args, false)
}

/// `GetYear(Now())` is 2026 (UTC).
pub(super) fn get_year(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetYear", args, 0)?.year().into()))
}

/// `GetMonth(Now())`: 1 (January) to 12.
pub(super) fn get_month(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetMonth", args, 0)?.month().into()))
}

/// `GetDayOfMonth(Now())`: 1 to 31.
pub(super) fn get_day_of_month(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetDayOfMonth", args, 0)?.day().into()))
}

/// `GetDayOfWeek(Now())`: 1 (Sunday) to 7 (Saturday).
pub(super) fn get_day_of_week(_: &Ctx, args: &[Value]) -> FnResult {
    let day = civil("GetDayOfWeek", args, 0)?.weekday().to_sunday_zero_offset();
    Ok(Value::Int(i64::from(day) + 1))
}

/// `GetHour(Now())`: 0 to 23 (UTC).
pub(super) fn get_hour(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetHour", args, 0)?.hour().into()))
}

/// `GetMinute(Now())`: 0 to 59.
pub(super) fn get_minute(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetMinute", args, 0)?.minute().into()))
}

/// `GetSecond(Now())`: 0 to 59.
pub(super) fn get_second(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetSecond", args, 0)?.second().into()))
}

/// `GetMillisecond(Now())`: 0 to 999.
pub(super) fn get_millisecond(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetMillisecond", args, 0)?.millisecond().into()))
}

/// `GetDayOfYear(Now())`: 1 (January 1) to 366.
pub(super) fn get_day_of_year(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(civil("GetDayOfYear", args, 0)?.day_of_year().into()))
}

/// `AddMilliseconds(Now(), 250)` is a quarter of a second later.
pub(super) fn add_milliseconds(_: &Ctx, args: &[Value]) -> FnResult {
    let t = want_datetime("AddMilliseconds", args, 0)?;
    let d = want_ms("AddMilliseconds", args, 1, 1, false)?;
    datetime("AddMilliseconds", t.checked_add(d))
}

/// One calendar part (UTC) of the DateTime argument, as an Integer.
fn part(func: &str, args: &[Value], of: fn(&jiff::civil::DateTime) -> i64) -> FnResult {
    Ok(Value::Int(of(&civil(func, args, 0)?)))
}

/// `Year(GetCurrentDateTimeUtc())` is 2026 (UTC).
pub(super) fn year(_: &Ctx, args: &[Value]) -> FnResult {
    part("Year", args, |d| d.year().into())
}

/// `Month(GetCurrentDateTimeUtc())`: 1 (January) to 12. Architect's own name: a real workflow
/// writes `if(Month(GetCurrentDateTimeUtc()) == 1, ...)`.
pub(super) fn month(_: &Ctx, args: &[Value]) -> FnResult {
    part("Month", args, |d| d.month().into())
}

/// `Day(GetCurrentDateTimeUtc())`: the day of the month, 1 to 31.
pub(super) fn day(_: &Ctx, args: &[Value]) -> FnResult {
    part("Day", args, |d| d.day().into())
}

/// `DayOfWeek(GetCurrentDateTimeUtc())`: 1 (Sunday) to 7 (Saturday), as `GetDayOfWeek`.
pub(super) fn day_of_week(_: &Ctx, args: &[Value]) -> FnResult {
    part("DayOfWeek", args, |d| i64::from(d.weekday().to_sunday_zero_offset()) + 1)
}

/// `Hour(GetCurrentDateTimeUtc())`: 0 to 23 (UTC).
pub(super) fn hour(_: &Ctx, args: &[Value]) -> FnResult {
    part("Hour", args, |d| d.hour().into())
}

/// `Minute(GetCurrentDateTimeUtc())`: 0 to 59.
pub(super) fn minute(_: &Ctx, args: &[Value]) -> FnResult {
    part("Minute", args, |d| d.minute().into())
}

/// `Second(GetCurrentDateTimeUtc())`: 0 to 59.
pub(super) fn second(_: &Ctx, args: &[Value]) -> FnResult {
    part("Second", args, |d| d.second().into())
}

/// `RoundUp(Call.EstimatedWaitTime, MakeDuration(0,0,5,0,0), MakeList(MakeDuration(0,0,0,30,0),
/// MakeDuration(0,0,1,0,0), MakeDuration(0,0,2,0,0), MakeDuration(0,0,5,0,0)))`, as Architect's
/// default in-queue flow announces a wait: the shortest step of the list at least as long as
/// the duration (40 s is 1 minute); past the longest step, the duration rounded up to a whole
/// multiple of the second argument (7 minutes is 10). A step that is not positive leaves such a
/// duration as it is. Without a list, only the step counts (`RoundUp(d, MakeDuration(0, 0, 3,
/// 0))` rounds up to 3 minutes); with the duration alone, the step is 5 minutes and the list one
/// minute (`RoundUp(MakeDuration(0, 0, 0, 37))` is 1 minute, of 2:35 is 5 minutes: Architect's
/// examples).
pub(super) fn round_up_duration(args: &[Value]) -> FnResult {
    const F: &str = "RoundUp";
    let want = |i: usize| match &args[i] {
        Value::Duration(ms) => Ok(*ms),
        other => Err(type_error(F, i, "a Duration", other)),
    };
    let d = want(0)?;
    let step = if args.len() > 1 { want(1)? } else { 5 * MINUTE };
    let default_steps = [Value::Duration(MINUTE)];
    let steps: &[Value] = match args.len() {
        1 => &default_steps,
        2 => &[],
        _ => super::want_list(F, args, 2)?,
    };
    let mut shortest: Option<i64> = None;
    for (i, item) in steps.iter().enumerate() {
        let ms = match item {
            Value::Duration(ms) => *ms,
            Value::NotSet => {
                return Err(FnError::new(
                    crate::kind::ErrorKind::NotSet,
                    format!("{F}: item {i} of the steps is NOT_SET, not a Duration"),
                ))
            }
            other => {
                return Err(FnError::new(
                    crate::kind::ErrorKind::TypeMismatch,
                    format!("{F}: item {i} of the steps is {}, not a Duration", other.ty()),
                ))
            }
        };
        if ms >= d && shortest.is_none_or(|s| ms < s) {
            shortest = Some(ms);
        }
    }
    if let Some(ms) = shortest {
        return Ok(Value::Duration(ms));
    }
    if step <= 0 || d.rem_euclid(step) == 0 {
        return Ok(Value::Duration(d));
    }
    let up = d.div_euclid(step).checked_add(1).and_then(|n| n.checked_mul(step));
    up.map(Value::Duration).ok_or_else(|| overflow(F))
}

/// `WeekNum(MakeDateTime(2009, 12, 31, 3, 0, 0))` is 53: weeks start on Sunday and week 1 holds
/// January 1st (UTC).
pub(super) fn week_num(_: &Ctx, args: &[Value]) -> FnResult {
    part("WeekNum", args, |d| {
        let jan1 = jiff::civil::date(d.year(), 1, 1);
        let offset = i64::from(jan1.weekday().to_sunday_zero_offset());
        (i64::from(d.day_of_year()) - 1 + offset) / 7 + 1
    })
}

/// `AddDuration(t, MakeDuration(10, 0, 30, 0))`: `t` that much later.
pub(super) fn add_duration(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "AddDuration";
    let t = want_datetime(F, args, 0)?;
    let d = match &args[1] {
        Value::Duration(ms) => *ms,
        other => return Err(type_error(F, 1, "a Duration", other)),
    };
    datetime(F, t.checked_add(d))
}

/// `Range(MakeDuration(0, 5, 0, 0), MakeDuration(0, 2, 0, 0))` is 3 and 7 hours: the duration
/// less and more the interval.
pub(super) fn range(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "Range";
    let want = |i: usize| match &args[i] {
        Value::Duration(ms) => Ok(*ms),
        other => Err(type_error(F, i, "a Duration", other)),
    };
    let (d, i) = (want(0)?, want(1)?);
    let low = d.checked_sub(i).ok_or_else(|| overflow(F))?;
    let high = d.checked_add(i).ok_or_else(|| overflow(F))?;
    super::list(vec![Value::Duration(low), Value::Duration(high)])
}

/// `GetDayOfWeekOccurrence(1, 10, 2017)`: the tenth Sunday (1 Sunday to 7 Saturday) of 2017,
/// at midnight UTC; a negative occurrence counts from the end (-1 the last). With a month
/// (`..., 2017, 4)`) the occurrence is in that month; a time of day is hour, minute and second
/// (the six-argument form without a month, the seven-argument form with one). An occurrence
/// that does not exist (a 53rd Tuesday) is NOT_SET.
pub(super) fn get_day_of_week_occurrence(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "GetDayOfWeekOccurrence";
    let int = |i: usize| super::want_int(F, args, i);
    let (dow, nth, year) = (int(0)?, int(1)?, int(2)?);
    let (month, time_at) = match args.len() {
        4 | 7 => (Some(int(3)?), if args.len() == 7 { Some(4) } else { None }),
        6 => (None, Some(3)),
        _ => (None, None),
    };
    let (h, m, s) = match time_at {
        Some(at) => (int(at)?, int(at + 1)?, int(at + 2)?),
        None => (0, 0, 0),
    };
    let bad =
        || FnError::new(crate::kind::ErrorKind::Conversion, format!("{F}: no such date or time"));
    if !(1..=7).contains(&dow)
        || !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..60).contains(&s)
    {
        return Err(bad());
    }
    let y = i16::try_from(year).map_err(|_| bad())?;
    let (first, last) = match month {
        Some(mo) => {
            let mo = i8::try_from(mo).map_err(|_| bad())?;
            let first = jiff::civil::Date::new(y, mo, 1).map_err(|_| bad())?;
            (first, first.last_of_month())
        }
        None => (
            jiff::civil::Date::new(y, 1, 1).map_err(|_| bad())?,
            jiff::civil::Date::new(y, 12, 31).map_err(|_| bad())?,
        ),
    };
    let days: Vec<jiff::civil::Date> = std::iter::successors(Some(first), |d| d.tomorrow().ok())
        .take_while(|d| *d <= last)
        .filter(|d| i64::from(d.weekday().to_sunday_zero_offset()) + 1 == dow)
        .collect();
    let picked = match nth {
        n if n > 0 => usize::try_from(n - 1).ok().and_then(|i| days.get(i)),
        n if n < 0 => usize::try_from(-n)
            .ok()
            .and_then(|i| days.len().checked_sub(i))
            .and_then(|i| days.get(i)),
        _ => None,
    };
    let Some(date) = picked else { return Ok(Value::NotSet) };
    let time = jiff::civil::Time::new(
        i8::try_from(h).map_err(|_| bad())?,
        i8::try_from(m).map_err(|_| bad())?,
        i8::try_from(s).map_err(|_| bad())?,
        0,
    )
    .map_err(|_| bad())?;
    from_civil(F, date.to_datetime(time))
}
