//! Architect's Date, Time and Currency values: their text forms, parsing and ranges.
//!
//! The forms are Architect's own, from the JSON schema it writes for a flow's inputs and
//! outputs (`archDate`, `archTime` in the corpus's exports): a Date is `"2007-04-23"` (extended
//! ISO 8601), from `1800-01-01` to `2200-12-31`; a Time is `"14:21:08"` or `"14:21:08.239"`
//! (ISO 8601 without a zone, millisecond resolution, `HH:mm` at the least). A Currency is a
//! Decimal amount with an ISO 4217 code (`MakeCurrency(5.25, "USD")`), whose members are
//! `Amount` and `Code` (Genesys's "Access properties values in expressions").
//!
//! Invariants: a [`Value::Date`](super::Value::Date) is a day count from 1970-01-01 within
//! [`MIN_DATE`]..=[`MAX_DATE`]; a [`Value::Time`](super::Value::Time) is milliseconds since
//! midnight below [`DAY_MS`]; a [`Money`] code is three ASCII capital letters. Every function
//! that makes one checks its bounds, so display never meets a value out of range.

use super::currencies::CURRENCIES;
use super::decimal::Decimal;
use super::value::{civil_from_ms, days_from_civil, write_decimal};
use std::fmt::Write as _;

/// Milliseconds in a day: a Time is below it.
pub const DAY_MS: i64 = 86_400_000;
/// 1800-01-01, the smallest Date Architect's schema admits, in days since 1970-01-01.
pub const MIN_DATE: i64 = -62_091;
/// 2200-12-31, the largest Date Architect's schema admits, in days since 1970-01-01.
pub const MAX_DATE: i64 = 84_370;

/// A Currency: a Decimal amount and its ISO 4217 code (`USD`), either of which may be NOT_SET
/// (`MakeCurrency(NOT_SET, "USD")`, `ToCurrency("5.00|")`: Architect keeps such a Currency, and
/// it is set). Sixteen bytes, align 4, so a [`Value`](super::Value) holds it without an
/// allocation: the amount's 96-bit magnitude, and one word with its scale, its sign, whether it
/// is set, and the code (its place in Architect's table of currencies).
#[derive(Clone, Copy)]
pub struct Money {
    /// The amount's magnitude, low word first (zero when NOT_SET).
    digits: [u32; 3],
    /// Bits 0-4: the amount's scale (0 to 28); bit 5: negative; bit 6: the amount is set;
    /// bits 16-31: the code's index in [`CURRENCIES`] plus one, 0 when NOT_SET.
    ///
    /// [`CURRENCIES`]: super::currencies::CURRENCIES
    meta: u32,
}

const SCALE_BITS: u32 = 0x1f;
const NEGATIVE: u32 = 1 << 5;
const AMOUNT_SET: u32 = 1 << 6;
const CODE_SHIFT: u32 = 16;

impl PartialEq for Money {
    fn eq(&self, other: &Money) -> bool {
        self.code() == other.code() && self.amount() == other.amount()
    }
}

impl std::fmt::Debug for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Money").field("amount", &self.amount()).field("code", &self.code()).finish()
    }
}

impl Money {
    /// A Currency of `amount` in `code`: three ASCII letters, any case (read as capitals).
    /// `None` for another code.
    pub fn new(amount: Decimal, code: &str) -> Option<Money> {
        Money::partial(Some(amount), Some(code))
    }

    /// A Currency whose amount or code may be NOT_SET (`None`). `None` for a code that is not
    /// three ASCII letters Architect supports.
    pub fn partial(amount: Option<Decimal>, code: Option<&str>) -> Option<Money> {
        let code = match code {
            None => 0,
            Some(c) => {
                let c: [u8; 3] = c.trim().as_bytes().try_into().ok()?;
                if !c.iter().all(u8::is_ascii_alphabetic) {
                    return None;
                }
                let c = c.map(|b| b.to_ascii_uppercase());
                let at = CURRENCIES.binary_search_by(|(k, _)| k.as_bytes().cmp(&c[..])).ok()?;
                u32::try_from(at + 1).ok()?
            }
        };
        let (digits, mut meta) = match amount {
            None => ([0; 3], 0),
            Some(a) => {
                let parts = a.unpack();
                let sign = if parts.negative && !a.is_zero() { NEGATIVE } else { 0 };
                ([parts.lo, parts.mid, parts.hi], parts.scale | sign | AMOUNT_SET)
            }
        };
        meta |= code << CODE_SHIFT;
        Some(Money { digits, meta })
    }

    /// The amount, `None` when NOT_SET.
    #[inline]
    pub fn amount(&self) -> Option<Decimal> {
        (self.meta & AMOUNT_SET != 0).then(|| {
            let [lo, mid, hi] = self.digits;
            Decimal::from_parts(lo, mid, hi, self.meta & NEGATIVE != 0, self.meta & SCALE_BITS)
        })
    }

    /// The ISO 4217 code (`USD`), `None` when NOT_SET.
    pub fn code(&self) -> Option<&'static str> {
        let at = (self.meta >> CODE_SHIFT) as usize;
        at.checked_sub(1).and_then(|i| CURRENCIES.get(i)).map(|(code, _)| *code)
    }

    /// The same code with another amount (NOT_SET stays NOT_SET).
    pub fn with_amount(&self, amount: Option<Decimal>) -> Option<Money> {
        Money::partial(amount, self.code())
    }

    /// Reads `{"amount": 5.25, "code": "USD"}` (member names in any case), the form a Currency
    /// takes in JSON (results, requests, `builtin:currency` slots).
    pub fn from_members(amount: Option<Decimal>, code: Option<&str>) -> Option<Money> {
        Money::new(amount?, code?)
    }
}

/// Whether `days` is a Date Architect can hold.
pub fn date_in_range(days: i64) -> bool {
    (MIN_DATE..=MAX_DATE).contains(&days)
}

/// The Date of year `y`, month `m`, day `d`, when it exists and is in range.
pub fn date_of(y: i64, m: i64, d: i64) -> Option<i64> {
    let date = jiff::civil::Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()?;
    let days =
        days_from_civil(i64::from(date.year()), i64::from(date.month()), i64::from(date.day()));
    date_in_range(days).then_some(days)
}

/// The UTC Date of a DateTime (`ms` since the epoch), when in range.
pub fn date_of_datetime(ms: i64) -> Option<i64> {
    Some(ms.div_euclid(DAY_MS)).filter(|d| date_in_range(*d))
}

/// The UTC time of day of a DateTime (`ms` since the epoch).
pub fn time_of_datetime(ms: i64) -> i64 {
    ms.rem_euclid(DAY_MS)
}

/// `2024-02-29`: a Date's display text and JSON form.
pub fn write_date(days: i64, out: &mut String) {
    match civil_from_ms(days.saturating_mul(DAY_MS)) {
        Some((y, m, d, ..)) => {
            let _ = write!(out, "{y:04}-{m:02}-{d:02}");
        }
        None => {
            let _ = write!(out, "{days}d");
        }
    }
}

/// `14:21:08`, or `14:21:08.239` when there are milliseconds: a Time's display text and JSON
/// form, as Architect's schema writes its examples.
pub fn write_time(ms: i64, out: &mut String) {
    let ms = ms.rem_euclid(DAY_MS);
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let _ = write!(out, "{h:02}:{m:02}:{s:02}");
    if milli > 0 {
        let _ = write!(out, ".{milli:03}");
    }
}

/// `5.25 USD`: a Currency's display text (the amount as a Decimal shows, then the code).
pub fn write_money(m: &Money, out: &mut String) {
    if let Some(a) = m.amount() {
        write_decimal(a, out);
    }
    out.push(' ');
    out.push_str(m.code().unwrap_or(""));
}

/// Reads a Date: `2024-02-29` (four-digit year, two-digit month and day), in range.
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim().as_bytes();
    if t.len() != 10 || t[4] != b'-' || t[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = &t[r];
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, b| n * 10 + i64::from(b - b'0')))
    };
    date_of(digits(0..4)?, digits(5..7)?, digits(8..10)?)
}

/// Reads a Time as Architect's schema does: `HH:mm`, `HH:mm:ss` or `HH:mm:ss.f` with one to
/// three digits of fraction (millisecond resolution); hours 00 to 23, no zone.
pub fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    let (clock, frac) = match t.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (t, None),
    };
    let two = |s: &str, max: i64| -> Option<i64> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let mut parts = clock.split(':');
    let h = two(parts.next()?, 23)?;
    let m = two(parts.next()?, 59)?;
    let s = match parts.next() {
        Some(s) => two(s, 59)?,
        None if frac.is_none() => 0,
        None => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    let milli = match frac {
        None => 0,
        Some(f) if (1..=3).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<3}").parse::<i64>().ok()?
        }
        Some(_) => return None,
    };
    Some(h * 3_600_000 + m * 60_000 + s * 1000 + milli)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(days: i64) -> String {
        let mut s = String::new();
        write_date(days, &mut s);
        s
    }

    fn time(ms: i64) -> String {
        let mut s = String::new();
        write_time(ms, &mut s);
        s
    }

    #[test]
    fn dates_read_and_write_iso_8601_within_architects_range() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2024-02-29").map(date).as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date(" 1800-01-01 "), Some(MIN_DATE));
        assert_eq!(parse_date("2200-12-31"), Some(MAX_DATE));
        assert_eq!(date(MIN_DATE), "1800-01-01");
        assert_eq!(date(MAX_DATE), "2200-12-31");
        for bad in ["1799-12-31", "2201-01-01", "2023-02-29", "2024-13-01", "24-02-29", "2024-2-9"]
        {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_date("２０２４-02-29"), None, "no panic on multi-byte text");
    }

    #[test]
    fn times_read_and_write_as_architects_schema() {
        assert_eq!(parse_time("14:21"), Some(51_660_000));
        assert_eq!(parse_time("14:21:08").map(time).as_deref(), Some("14:21:08"));
        assert_eq!(parse_time("14:21:08.239").map(time).as_deref(), Some("14:21:08.239"));
        assert_eq!(parse_time("14:21:08.5").map(time).as_deref(), Some("14:21:08.500"));
        assert_eq!(parse_time("00:00:00.000"), Some(0));
        assert_eq!(parse_time("23:59:59.999"), Some(DAY_MS - 1));
        for bad in ["24:00", "7:30", "14:60", "14:21:08.1234", "14:21.5", "14:21:08Z", "noon", ""] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn datetimes_split_into_utc_date_and_time() {
        let ms = crate::expr::value::parse_datetime("2024-02-29T23:30:00.250Z").unwrap();
        assert_eq!(date_of_datetime(ms).map(date).as_deref(), Some("2024-02-29"));
        assert_eq!(time(time_of_datetime(ms)), "23:30:00.250");
        assert_eq!(date_of_datetime(-1).map(date).as_deref(), Some("1969-12-31"));
        assert_eq!(time(time_of_datetime(-1)), "23:59:59.999");
    }

    #[test]
    fn currencies_have_an_iso_code() {
        use crate::expr::decimal::dec;
        let m = Money::new(dec("5.25"), " usd").unwrap();
        assert_eq!(m.code(), Some("USD"));
        let mut s = String::new();
        write_money(&m, &mut s);
        assert_eq!(s, "5.25 USD");
        let one = dec("1");
        assert_eq!(Money::new(one, "dollars"), None);
        assert_eq!(Money::new(one, "U$D"), None);
        assert_eq!(Money::new(one, "€€"), None, "bytes, not characters");
        assert_eq!(Money::new(one, "XYZ"), None, "three letters Architect does not support");
    }

    #[test]
    fn a_currency_keeps_its_amount_exactly_and_its_not_set_parts() {
        use crate::expr::decimal::{dec, Decimal};
        for amount in [
            "0",
            "-0.5",
            "79228162514264337593543950335",
            "-0.0000000000000000000000000001",
            "12.50",
        ] {
            let m = Money::new(dec(amount), "EUR").unwrap();
            assert_eq!(m.amount(), Some(dec(amount)));
            assert_eq!(m.amount().map(|a| a.scale()), Some(dec(amount).scale()), "{amount}");
            assert_eq!(m.code(), Some("EUR"));
        }
        let no_amount = Money::partial(None, Some("jpy")).unwrap();
        assert_eq!((no_amount.amount(), no_amount.code()), (None, Some("JPY")));
        let no_code = Money::partial(Some(Decimal::ZERO), None).unwrap();
        assert_eq!((no_code.amount(), no_code.code()), (Some(Decimal::ZERO), None));
        let neither = Money::partial(None, None).unwrap();
        assert_eq!((neither.amount(), neither.code()), (None, None));
        assert_ne!(no_code, neither);
        assert_eq!(std::mem::size_of::<Money>(), 16);
    }
}
