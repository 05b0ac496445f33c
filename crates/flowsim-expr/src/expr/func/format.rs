//! Display formats: `ToDisplayString(value, "pattern")` for DateTimes (`"yyyy-MM-dd HH:mm"`)
//! and numbers (`"#,##0.00"`).
//!
//! Genesys does not publish the pattern language (Architect's Expression Help shows it in the
//! product only), so flowsim reads the letters Java's `DateTimeFormatter` and .NET's custom
//! formats share, in UTC (the virtual clock's zone; Architect has no time zone type: Genesys,
//! "DateTime values in Architect flows and Daylight Savings Time"). A letter flowsim does not
//! know is a `conversion` error rather than a guess. Format constants (`Format.Date.shortYear`)
//! are NOT_SET offline, and a value with one shows its default text.

use super::{string, FnError, FnResult};
use crate::expr::value::Value;
use crate::kind::ErrorKind;
use std::fmt::Write as _;

/// Month names, January first (also how Architect's documented examples spell dates).
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A pattern longer than this is refused (`conversion`): formats are short.
const MAX_PATTERN: usize = 256;

fn bad(message: impl std::fmt::Display) -> FnError {
    FnError::new(ErrorKind::Conversion, format!("ToDisplayString: {message}"))
}

/// `v` shown with `pattern`, or `None` when the value has no patterns (it shows as usual).
pub(super) fn with_pattern(v: &Value, pattern: &str) -> Option<FnResult> {
    if pattern.len() > MAX_PATTERN {
        return Some(Err(bad(format!("a format is at most {MAX_PATTERN} bytes"))));
    }
    match v {
        Value::DateTime(ms) => Some(date_time(*ms, pattern).and_then(string)),
        // A Date is its midnight, a Time that time on 1970-01-01 (UTC): the same letters.
        Value::Date(days) => Some(
            date_time(days.saturating_mul(crate::expr::calendar::DAY_MS), pattern).and_then(string),
        ),
        Value::Time(ms) => Some(date_time(*ms, pattern).and_then(string)),
        Value::Currency(m) => m.amount().map(|a| number(a, pattern).and_then(string)),
        Value::Int(n) => Some(number((*n).into(), pattern).and_then(string)),
        Value::Dec(d) => Some(number(*d, pattern).and_then(string)),
        _ => None,
    }
}

/// A DateTime (UTC) with a date-time pattern: runs of one letter are fields, text in single
/// quotes (`''` for a quote) and every other character is written as it is.
fn date_time(ms: i64, pattern: &str) -> Result<String, FnError> {
    let ts =
        jiff::Timestamp::from_millisecond(ms).map_err(|_| bad("the DateTime is out of range"))?;
    let dt = ts.to_zoned(jiff::tz::TimeZone::UTC).datetime();
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // Quoted text; `''` is one quote.
            let mut j = i + 1;
            if chars.get(j) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            while j < chars.len() {
                if chars[j] == '\'' {
                    if chars.get(j + 1) != Some(&'\'') {
                        break;
                    }
                    j += 1; // `''` inside quotes is one quote
                }
                out.push(chars[j]);
                j += 1;
            }
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let mut n = 1;
        while chars.get(i + n) == Some(&c) {
            n += 1;
        }
        i += n;
        let hour12 = match dt.hour() % 12 {
            0 => 12,
            h => h,
        };
        let weekday = DAYS[dt.weekday().to_monday_zero_offset() as usize];
        let month = MONTHS[(dt.month() - 1) as usize];
        let _ = match (c, n) {
            ('y' | 'Y' | 'u', 2) => write!(out, "{:02}", dt.year().rem_euclid(100)),
            ('y' | 'Y' | 'u', _) => write!(out, "{:0n$}", dt.year()),
            ('M' | 'L', 1 | 2) => write!(out, "{:0n$}", dt.month()),
            ('M' | 'L', 3) => write!(out, "{}", month.get(..3).unwrap_or(month)),
            ('M' | 'L', _) => write!(out, "{month}"),
            ('d', 1 | 2) => write!(out, "{:0n$}", dt.day()),
            ('d', 3) | ('E', 1..=3) => write!(out, "{}", weekday.get(..3).unwrap_or(weekday)),
            ('d' | 'E', _) => write!(out, "{weekday}"),
            ('D', _) => write!(out, "{:0n$}", dt.day_of_year()),
            ('H', _) => write!(out, "{:0n$}", dt.hour()),
            ('h', _) => write!(out, "{hour12:0n$}"),
            ('m', _) => write!(out, "{:0n$}", dt.minute()),
            ('s', _) => write!(out, "{:0n$}", dt.second()),
            ('f' | 'S', 1..=3) => {
                let millis = format!("{:03}", dt.millisecond());
                write!(out, "{}", millis.get(..n).unwrap_or(&millis))
            }
            ('f' | 'S', _) => write!(out, "{:03}{}", dt.millisecond(), "0".repeat(n - 3)),
            ('t', 1) => write!(out, "{}", if dt.hour() < 12 { "A" } else { "P" }),
            ('t' | 'a', _) => write!(out, "{}", if dt.hour() < 12 { "AM" } else { "PM" }),
            ('X', _) => write!(out, "Z"),
            ('Z', _) => write!(out, "+0000"),
            ('z', _) => write!(out, "UTC"),
            ('K', _) => write!(out, "Z"),
            _ => {
                return Err(bad(format!(
                    "`{}` in \"{pattern}\" is no date-time field (y M d E H h m s f S t a D z Z X K; quote text as 'text')",
                    c.to_string().repeat(n)
                )))
            }
        };
    }
    Ok(out)
}

/// A number with a numeric pattern: `0` a digit always written, `#` a digit written when
/// needed, `,` grouping by thousands, `.` the decimal point, `%` a percentage (times 100);
/// text before and after the digits is written as it is. Rounded half away from zero.
fn number(x: crate::expr::decimal::Decimal, pattern: &str) -> Result<String, FnError> {
    let is_digit = |c: char| matches!(c, '0' | '#' | ',' | '.');
    let (Some(start), Some(end)) = (pattern.find(is_digit), pattern.rfind(is_digit)) else {
        return Err(bad(format!("\"{pattern}\" has no digits (0 or #) for a number")));
    };
    // `start` and `end` are places of ASCII characters (`is_digit`) in the pattern.
    let (prefix, rest) = pattern.split_at_checked(start).unwrap_or((pattern, ""));
    let (body, suffix) = rest.split_at_checked(end + 1 - start).unwrap_or((rest, ""));
    let percent = prefix.contains('%') || suffix.contains('%');
    let x = if percent {
        x.checked_mul(100.into()).ok_or_else(|| bad("the number is too large for a percentage"))?
    } else {
        x
    };
    let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
    let min_frac = frac_part.chars().filter(|c| *c == '0').count();
    let max_frac = frac_part.chars().filter(|c| matches!(c, '0' | '#')).count();
    let min_int = int_part.chars().filter(|c| *c == '0').count();
    let grouping = int_part.contains(',');
    let mut text = crate::expr::decimal::fixed(x.abs(), max_frac);
    let rounded = x;
    if let Some(dot) = text.find('.') {
        // Drop optional zeros (`#`) at the end, keeping `min_frac` digits.
        let mut keep = text.len();
        while keep > dot + 1 + min_frac && text.as_bytes()[keep - 1] == b'0' {
            keep -= 1;
        }
        if keep == dot + 1 {
            keep = dot;
        }
        text.truncate(keep);
    }
    let (whole, frac) = text.split_once('.').map_or((text.as_str(), ""), |(w, f)| (w, f));
    let whole = if whole == "0" && min_int == 0 { "" } else { whole };
    let mut digits = "0".repeat(min_int.saturating_sub(whole.len()));
    digits.push_str(whole);
    if grouping {
        let mut grouped = String::new();
        for (k, ch) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        digits = grouped;
    }
    let negative = rounded.is_sign_negative()
        && (digits.chars().any(|c| c.is_ascii_digit() && c != '0')
            || frac.chars().any(|c| c != '0'));
    let mut out = String::from(prefix);
    if negative {
        out.insert(0, '-');
    }
    out.push_str(&digits);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out.push_str(suffix);
    Ok(out)
}
