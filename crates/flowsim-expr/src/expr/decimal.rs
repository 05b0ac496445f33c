//! Architect's Decimal: an exact decimal number, not a binary float.
//!
//! Architect's Scripting SDK documents Decimal arithmetic as exact in decimal: `42.7 / 7` is
//! 6.1, `Sum(3.0, 5.0, -8.4)` is -0.4, `37.3 % 12.8` is 11.7, `Round(3.225, 2)` is 3.23. flowsim
//! holds a Decimal as [`rust_decimal::Decimal`]: a 96-bit integer and a power of ten, 28 (at
//! times 29) significant digits, range ±79,228,162,514,264,337,593,543,950,335. Architect's own
//! limit is 40 digits (`maxPrecision`): flowsim reads literals of up to 40 digits, rounding them
//! to 28, and a result past its range is `overflow`.
//!
//! Everything here is exact except [`from_f64`], which functions computed through binary
//! floating point (`^` with a fractional exponent, transcendental functions) use to come back.

pub use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;

/// A Decimal from its text, for tests and constants: `dec("2.5")`. Panics on text that is not a
/// decimal number.
#[track_caller]
#[must_use]
pub fn dec(text: &str) -> Decimal {
    parse(text).unwrap_or_else(|| panic!("{text:?} is not a decimal number"))
}

/// Reads decimal text exactly: an optional sign, digits with an optional point (`4.5`, `.5`,
/// `5.`), an optional exponent (`1e3`, `2.5E-2`). Past 28 significant digits the text is
/// rounded (half away from zero); `None` for other text or a number past the range. A number
/// below the smallest Decimal (10^-28) is zero.
#[must_use]
pub fn parse(text: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (text, None),
    };
    let unsigned = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (whole, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + frac.len() == 0 || !digits(whole) || !digits(frac) {
        return None;
    }
    let exponent = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if unsigned.is_empty() || !digits(unsigned) {
                return None;
            }
            e.parse::<i64>().unwrap_or(if e.starts_with('-') { i64::MIN } else { i64::MAX })
        }
    };
    let d = mantissa.parse::<Decimal>().ok()?;
    // Without trailing zeros (and without the sign of a zero): `2.50` is 2.5, as it shows.
    if exponent == 0 {
        return Some(d.normalize());
    }
    scale_by_ten(d, exponent).map(|d| d.normalize())
}

/// `d` × 10^`exponent`, exactly where the result can hold it (rounded past 28 digits);
/// `None` past the range, zero below the smallest Decimal.
fn scale_by_ten(d: Decimal, exponent: i64) -> Option<Decimal> {
    if d.is_zero() {
        return Some(Decimal::ZERO);
    }
    let scale = i64::from(d.scale()) - exponent;
    if (0..=28).contains(&scale) {
        return Some(Decimal::from_i128_with_scale(d.mantissa(), scale as u32));
    }
    if scale > 28 {
        // More places than a Decimal has: round the digits past the 28th place.
        let shift = scale - 28;
        let Ok(shift) = u32::try_from(shift) else { return Some(Decimal::ZERO) };
        let m = d.mantissa();
        let Some(pow) = 10i128.checked_pow(shift) else { return Some(Decimal::ZERO) };
        let (q, r) = (m / pow, (m % pow).unsigned_abs());
        let q = if r * 2 >= pow.unsigned_abs() { q + m.signum() } else { q };
        return Some(Decimal::from_i128_with_scale(q, 28));
    }
    // A negative scale: multiply the mantissa by 10^-scale.
    let shift = u32::try_from(-scale).ok()?;
    let m = d.mantissa().checked_mul(10i128.checked_pow(shift)?)?;
    Decimal::try_from_i128_with_scale(m, 0).ok()
}

/// The Decimal nearest `x`'s shortest decimal text, to 15 significant digits (what a double
/// holds reliably: 1.1 ^ 2 computed in binary is 1.2100000000000002, here 1.21). For results
/// computed through `f64` (`^` with a fractional exponent, transcendental functions). `None`
/// when `x` is not finite or past the range.
#[must_use]
pub fn from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    let d = from_shortest(x)?;
    Some(d.round_sf_with_strategy(15, RoundingStrategy::MidpointAwayFromZero).unwrap_or(d))
}

/// The Decimal of `x`'s shortest decimal text (the text that reads back as `x`: 0.1 for the
/// double nearest 0.1), for numbers a parser already read as a double (YAML, JSON). `None`
/// when `x` is not finite or past the range; below the smallest Decimal, zero.
#[must_use]
pub fn from_shortest(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 || x.abs() < 1e-28 {
        return Some(Decimal::ZERO);
    }
    parse(ryu::Buffer::new().format_finite(x))
}

/// `a ^ b`: exact by repeated multiplication for a whole exponent (up to ±4096; rounded past 28
/// digits), through `f64` otherwise (a fractional exponent), the result brought back with
/// [`from_f64`]. `None` when the result is not a finite number within the range (`0 ^ -1`,
/// `(-8) ^ 0.5`, `10 ^ 30`).
#[must_use]
pub fn pow(a: Decimal, b: Decimal) -> Option<Decimal> {
    if let Some(n) = to_i64(b).filter(|n| n.unsigned_abs() <= 4096) {
        let mut result = Decimal::ONE;
        let mut base = a;
        let mut e = n.unsigned_abs();
        while e > 0 {
            if e & 1 == 1 {
                result = result.checked_mul(base)?;
            }
            e >>= 1;
            if e > 0 {
                base = base.checked_mul(base)?;
            }
        }
        return if n < 0 { Decimal::ONE.checked_div(result) } else { Some(result) };
    }
    // Computed in binary (a fractional exponent): 15 significant digits are kept.
    from_f64(to_f64(a).powf(to_f64(b)))
}

/// `d` as a double, the nearest one, for the few computations done in binary.
#[must_use]
pub fn to_f64(d: Decimal) -> f64 {
    // The nearest double to the decimal text (`Decimal`'s own conversion divides in binary).
    let mut text = String::new();
    write(d, &mut text);
    text.parse().unwrap_or(0.0)
}

/// `d` as an Integer when it is whole and within i64 (no rounding: pass a whole number).
#[must_use]
pub fn to_i64(d: Decimal) -> Option<i64> {
    if d.scale() == 0 {
        return i64::try_from(d.mantissa()).ok();
    }
    let whole = d.trunc();
    (whole == d).then(|| i64::try_from(whole.normalize().mantissa()).ok()).flatten()
}

/// `d` rounded to a whole number toward zero, as an Integer when within i64.
#[must_use]
pub fn trunc_to_i64(d: Decimal) -> Option<i64> {
    to_i64(d.trunc())
}

/// `d` rounded to `places` digits after the point (before it when negative) by `strategy`.
/// Rounding to more places than `d` has changes nothing.
#[must_use]
pub fn round_to(d: Decimal, places: i64, strategy: RoundingStrategy) -> Option<Decimal> {
    if places >= 0 {
        return Some(round_places(d, u32::try_from(places.min(28)).ok()?, strategy));
    }
    // Before the point: scale down by 10^k, round to a whole number, scale back up.
    let k = places.unsigned_abs();
    if k > 28 {
        // Every digit is rounded away: zero, or 10^k (past the range) when rounding goes away
        // from zero.
        let away = match strategy {
            RoundingStrategy::ToPositiveInfinity => d.is_sign_positive() && !d.is_zero(),
            RoundingStrategy::ToNegativeInfinity => d.is_sign_negative() && !d.is_zero(),
            RoundingStrategy::ToZero => false,
            RoundingStrategy::AwayFromZero => !d.is_zero(),
            // A half of 10^29 is below the largest Decimal; a half of 10^30 is not.
            _ => k == 29 && d.abs() >= Decimal::from_i128_with_scale(5 * 10i128.pow(28), 0),
        };
        return if away { None } else { Some(Decimal::ZERO) };
    }
    let shifted = scale_by_ten(d, -(k as i64))?;
    let whole = round_places(shifted, 0, strategy);
    scale_by_ten(whole, k as i64)
}

/// `d.round_dp_with_strategy(dp, strategy)`, the same bits (its sign, a zero's included, and
/// its scale), in one 128-bit division for the strategies flowsim's functions round by:
/// rust_decimal divides by ten to the nine twice over, some 500 instructions for a quotient's
/// 28 places (`Round(Flow.total / Flow.n, 2)`). Every rounding of a Decimal goes through it.
pub(crate) fn round_places(d: Decimal, dp: u32, strategy: RoundingStrategy) -> Decimal {
    let scale = d.scale();
    if scale <= dp {
        return d;
    }
    let negative = d.is_sign_negative();
    let m = d.mantissa().unsigned_abs();
    // At most 10^28: below 2^96, as is any mantissa.
    let div = 10u128.pow(scale - dp);
    let (q, r) = (m / div, m % div);
    let up = match strategy {
        RoundingStrategy::MidpointAwayFromZero => r >= div - r,
        RoundingStrategy::ToZero => false,
        RoundingStrategy::ToPositiveInfinity => r > 0 && !negative,
        RoundingStrategy::ToNegativeInfinity => r > 0 && negative,
        _ => return d.round_dp_with_strategy(dp, strategy),
    };
    // `q + 1` is at most `m`: it fits the 96 bits.
    let q = q + u128::from(up);
    Decimal::from_parts(q as u32, (q >> 32) as u32, (q >> 64) as u32, negative, dp)
}

/// `d` rounded to `places` digits after the point, halves away from zero (Architect's
/// `Round`: `Round(3.225, 2)` is 3.23, `Round(-2.5)` is -3).
#[must_use]
pub fn round_half_away(d: Decimal, places: i64) -> Option<Decimal> {
    round_to(d, places, RoundingStrategy::MidpointAwayFromZero)
}

/// `d`'s digits without trailing zeros after the point: the magnitude and the number of places.
#[inline]
fn normalized(d: Decimal) -> (u128, u32) {
    let mut scale = d.scale();
    let mut mag = d.mantissa().unsigned_abs();
    if mag == 0 {
        return (0, 0);
    }
    if let Ok(mut small) = u64::try_from(mag) {
        while scale > 0 && small % 10 == 0 {
            small /= 10;
            scale -= 1;
        }
        return (u128::from(small), scale);
    }
    while scale > 0 && mag.is_multiple_of(10) {
        mag /= 10;
        scale -= 1;
    }
    (mag, scale)
}

/// How many significant digits `d` has, trailing zeros after the point left out: 3 for
/// `12.50`, 1 for `0.001`, 0 for zero.
#[must_use]
pub fn significant_digits(d: Decimal) -> usize {
    let (mag, _) = normalized(d);
    if mag == 0 {
        0
    } else {
        itoa::Buffer::new().format(mag).len()
    }
}

/// `d`'s significant digits (trailing zeros after the point left out) and where its decimal
/// point falls, counted from the first digit: `(2, 1)` for `1.5`, `(1, -4)` for `0.00001`,
/// `(3, 5)` for `12300`, `(0, 0)` for zero.
#[must_use]
pub fn digits_and_point(d: Decimal) -> (usize, i64) {
    let (mag, scale) = normalized(d);
    if mag == 0 {
        return (0, 0);
    }
    let digits = itoa::Buffer::new().format(mag).len();
    (digits, digits as i64 - i64::from(scale))
}

/// Decimal display: every digit, no trailing zeros after the point, no exponent, and no point
/// on a whole value (`2.5`, `6`, `-0.004`, `0`). The JSON and `ToString` forms add `.0` to a
/// whole value.
pub fn write(d: Decimal, out: &mut String) {
    let (mag, scale) = normalized(d);
    if mag == 0 {
        out.push('0');
        return;
    }
    if d.is_sign_negative() {
        out.push('-');
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(mag);
    let scale = scale as usize;
    push_scaled(out, digits, scale);
}

/// `d` with exactly `places` digits after the point (rounded half away from zero; zeros added
/// past the 28 a Decimal holds): `fixed(2.5, 2)` is `2.50`, `fixed(2.675, 2)` is `2.68`.
#[must_use]
pub fn fixed(d: Decimal, places: usize) -> String {
    let r = round_places(d, places.min(28) as u32, RoundingStrategy::MidpointAwayFromZero);
    let mut out = String::new();
    if r.is_sign_negative() && !r.is_zero() {
        out.push('-');
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(r.mantissa().unsigned_abs());
    let scale = r.scale() as usize;
    push_scaled(&mut out, digits, scale);
    if places > scale {
        if scale == 0 {
            out.push('.');
        }
        for _ in scale..places {
            out.push('0');
        }
    }
    out
}

/// The JSON number of `d`: its display text with `.0` on a whole value, as serde_json reads it
/// (serde_json holds a fraction as a double: past 15 significant digits the text written is
/// the nearest double's).
#[must_use]
pub fn to_json_number(d: Decimal) -> Option<serde_json::Number> {
    let mut text = String::new();
    write(d, &mut text);
    if !text.contains('.') {
        text.push_str(".0");
    }
    text.parse::<serde_json::Number>().ok()
}

/// The Decimal of a JSON number that is no Integer: read from the number's shortest text, so
/// that `0.1` is 0.1 (not the double nearest it). `None` past the range.
#[must_use]
pub fn from_json_number(n: &serde_json::Number) -> Option<Decimal> {
    if let Some(i) = n.as_i64() {
        return Some(Decimal::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(Decimal::from(u));
    }
    from_shortest(n.as_f64()?)
}

/// Writes the unsigned integer `digits` with the point `scale` digits from its end (`"250"`, 2:
/// `2.50`; `"5"`, 3: `0.005`).
fn push_scaled(out: &mut String, digits: &str, scale: usize) {
    if scale == 0 {
        out.push_str(digits);
    } else if digits.len() > scale {
        let (whole, frac) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(frac);
    } else {
        out.push_str("0.");
        for _ in digits.len()..scale {
            out.push('0');
        }
        out.push_str(digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(d: Decimal) -> String {
        let mut s = String::new();
        write(d, &mut s);
        s
    }

    /// The strategies [`round_places`] computes, then two it leaves to the library.
    const STRATEGIES: [RoundingStrategy; 6] = [
        RoundingStrategy::MidpointAwayFromZero,
        RoundingStrategy::ToZero,
        RoundingStrategy::ToPositiveInfinity,
        RoundingStrategy::ToNegativeInfinity,
        RoundingStrategy::MidpointNearestEven,
        RoundingStrategy::AwayFromZero,
    ];

    proptest::proptest! {
        /// The one-division rounding is rust_decimal's, bit for bit (a zero's sign and every
        /// scale included).
        #[test]
        fn round_places_is_the_librarys(
            lo: u32,
            mid: u32,
            hi in proptest::prop_oneof![
                proptest::strategy::Just(0u32), 0u32..3, proptest::prelude::any::<u32>()
            ],
            negative: bool, scale in 0u32..=28, dp in 0u32..=30, which in 0usize..6,
        ) {
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            let strategy = STRATEGIES[which];
            proptest::prop_assert_eq!(
                round_places(d, dp, strategy).serialize(),
                d.round_dp_with_strategy(dp, strategy).serialize()
            );
        }
    }

    proptest::proptest! {
        /// Near the ties too: a remainder of zero, of one, of a half and either side of it, of
        /// one below the divisor.
        #[test]
        fn round_places_at_ties(
            q in 0u64..u64::MAX, negative: bool, scale in 1u32..=19, cut in 1u32..=19,
            which in 0usize..6, at in 0usize..6,
        ) {
            let k = cut.min(scale);
            let div = 10u128.pow(k);
            let r = [0, 1, div / 2 - 1, div / 2, div / 2 + 1, div - 1][at];
            let m = u128::from(q) % 10u128.pow(28 - k) * div + r;
            let m = if negative { -(m as i128) } else { m as i128 };
            let d = Decimal::from_i128_with_scale(m, scale);
            let strategy = STRATEGIES[which];
            let dp = scale - k;
            proptest::prop_assert_eq!(
                round_places(d, dp, strategy).serialize(),
                d.round_dp_with_strategy(dp, strategy).serialize()
            );
        }
    }

    #[test]
    fn round_places_at_the_edges() {
        for (text, dp) in
            [("-0.001", 2), ("0.005", 2), ("-0.005", 2), ("0.0049999", 2), ("-0.000", 1)]
        {
            for strategy in STRATEGIES {
                let d = dec(text);
                assert_eq!(
                    round_places(d, dp, strategy).serialize(),
                    d.round_dp_with_strategy(dp, strategy).serialize(),
                    "{text} to {dp} places, {strategy:?}"
                );
            }
        }
        let max = Decimal::MAX;
        assert_eq!(round_places(max, 0, RoundingStrategy::MidpointAwayFromZero), max);
        let big = Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, true, 28);
        for dp in 0..28 {
            assert_eq!(
                round_places(big, dp, RoundingStrategy::MidpointAwayFromZero).serialize(),
                big.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero).serialize()
            );
        }
    }

    #[test]
    fn text_reads_exactly() {
        assert_eq!(shown(dec("0.1") + dec("0.2")), "0.3");
        assert_eq!(shown(dec("2.50")), "2.5");
        assert_eq!(shown(dec("-0.0")), "0");
        assert_eq!(shown(dec("1e3")), "1000");
        assert_eq!(shown(dec("1.5E-3")), "0.0015");
        assert_eq!(shown(dec(".5")), "0.5");
        assert_eq!(shown(dec("+7.")), "7");
        assert_eq!(shown(dec("1234567890.123456789")), "1234567890.123456789");
        assert_eq!(shown(dec("1e-40")), "0");
        assert_eq!(
            shown(dec("0.12345678901234567890123456789012345")),
            "0.1234567890123456789012345679"
        );
        for bad in ["", "-", ".", "e5", "1e", "1_000", " 5", "inf", "NaN", "0x10", "1e30"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn display_has_every_digit_and_no_exponent() {
        assert_eq!(shown(dec("1") / dec("3")), "0.3333333333333333333333333333");
        assert_eq!(shown(dec("0.0000001")), "0.0000001");
        assert_eq!(shown(Decimal::MAX), "79228162514264337593543950335");
        assert_eq!(shown(Decimal::MIN), "-79228162514264337593543950335");
        assert_eq!(shown(dec("100.000")), "100");
        assert_eq!(shown(dec("-0.004")), "-0.004");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let r = |t: &str, p| round_half_away(dec(t), p).map(shown);
        assert_eq!(r("3.225", 2).as_deref(), Some("3.23"));
        assert_eq!(r("2.675", 2).as_deref(), Some("2.68"));
        assert_eq!(r("-2.5", 0).as_deref(), Some("-3"));
        assert_eq!(r("1250", -2).as_deref(), Some("1300"));
        assert_eq!(r("-1249.9", -2).as_deref(), Some("-1200"));
        assert_eq!(r("1.5", 40).as_deref(), Some("1.5"));
        assert_eq!(r("4", -30).as_deref(), Some("0"));
        assert_eq!(fixed(dec("2.5"), 2), "2.50");
        assert_eq!(fixed(dec("2.675"), 2), "2.68");
        assert_eq!(fixed(dec("-0.001"), 2), "0.00");
        assert_eq!(fixed(dec("7"), 0), "7");
        assert_eq!(fixed(dec("0.5"), 30), format!("0.5{}", "0".repeat(29)));
    }

    #[test]
    fn doubles_come_back_to_15_digits() {
        assert_eq!(from_f64(1.1f64 * 1.1).map(shown).as_deref(), Some("1.21"));
        assert_eq!(from_f64(0.1).map(shown).as_deref(), Some("0.1"));
        assert_eq!(from_f64(1e-7).map(shown).as_deref(), Some("0.0000001"));
        assert_eq!(from_f64(f64::NAN), None);
        assert_eq!(from_f64(1e30), None);
        assert_eq!(to_f64(dec("0.1")), 0.1);
        assert_eq!(to_i64(dec("42.000")), Some(42));
        assert_eq!(to_i64(dec("42.5")), None);
        assert_eq!(trunc_to_i64(dec("-42.9")), Some(-42));
        assert_eq!(trunc_to_i64(Decimal::MAX), None);
    }

    #[test]
    fn powers_are_exact_for_whole_exponents() {
        let p = |a: &str, b: &str| pow(dec(a), dec(b)).map(shown);
        assert_eq!(p("1.1", "2").as_deref(), Some("1.21"));
        assert_eq!(p("2", "10").as_deref(), Some("1024"));
        assert_eq!(p("2", "-2").as_deref(), Some("0.25"));
        assert_eq!(p("2", "0.5").as_deref(), Some("1.4142135623731"));
        assert_eq!(p("0", "0").as_deref(), Some("1"));
        assert_eq!(p("0", "-1"), None);
        assert_eq!(p("-8", "0.5"), None);
        assert_eq!(p("10", "30"), None);
    }

    #[test]
    fn json_numbers_read_from_their_text() {
        let n = |t: &str| t.parse::<serde_json::Number>().unwrap();
        assert_eq!(from_json_number(&n("0.1")).map(shown).as_deref(), Some("0.1"));
        assert_eq!(from_json_number(&n("1e2")).map(shown).as_deref(), Some("100"));
        assert_eq!(to_json_number(dec("6")).map(|n| n.to_string()).as_deref(), Some("6.0"));
        assert_eq!(to_json_number(dec("2.50")).map(|n| n.to_string()).as_deref(), Some("2.5"));
    }
}
