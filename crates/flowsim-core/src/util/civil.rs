//! Proleptic Gregorian calendar arithmetic, the project's one copy: day numbers (Howard
//! Hinnant's `days_from_civil` and its inverse), weekdays and month lengths, for
//! the two places that count days past what `jiff` spans or faster than it: Architect's wide
//! date-times (`expr::value`) and RRULE stepping (`fixtures::rrule`).

/// Days since 1970-01-01 of the date `y`-`m`-`d` (month 1–12).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of day number `z` (days since 1970-01-01): year, month 1–12, day 1–31.
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The weekday of day number `z`, Monday = 0 (1970-01-01 was a Thursday).
pub fn weekday_of(z: i64) -> u8 {
    (z + 3).rem_euclid(7) as u8
}

/// Whether `y` is a Gregorian leap year.
pub fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// The days of month `m` (1–12) of year `y`.
pub fn days_in_month(y: i64, m: i64) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::{civil_from_days, days_from_civil};

    #[test]
    fn day_numbers_round_trip_and_agree_with_jiff() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            let date = jiff::civil::Date::new(
                i16::try_from(y).expect("a year"),
                i8::try_from(m).expect("a month"),
                i8::try_from(d).expect("a day"),
            )
            .expect("a date");
            let epoch = jiff::civil::date(1970, 1, 1);
            assert_eq!(i64::from((date - epoch).get_days()), z, "{date}");
        }
    }
}
