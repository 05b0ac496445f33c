//! Phone numbers in E.164 form (docs/fixtures.md), shared by `ToPhoneNumber` and contact lookup.
//!
//! The cloud matches phone numbers by their E.164 form only, so every place that compares or
//! builds one goes through [`to_e164`]: keep the digits and a leading `+`; an international
//! `00` prefix becomes `+`; a 10-digit national number gets `+` and the default country code;
//! a national number already prefixed with the country code gets `+`; anything else is not a
//! phone number.

/// The E.164 form of `raw` (`"+13175551234"`), or `None` when it cannot be one.
///
/// `to_e164("(317) 555-1234", "1")` is `Some("+13175551234")`.
///
/// - Every character other than a digit is dropped, so `"+1 (317) 555-1234"`,
///   `"317.555.1234"` and `"tel:+13175551234"` all work; a `+` counts when it comes before the
///   first digit.
/// - With a `+`: the digits as they are (at least one).
/// - Else `00` then at least one digit: `+` and the digits after `00`.
/// - Else 10 digits: `+`, the country code, the digits.
/// - Else the country code followed by 10 digits (11 digits starting with `1` when the code is
///   `1`): `+` and the digits.
/// - Anything else (no digits, 7 digits, 12 digits without a prefix): `None`.
///
/// `default_country_code` may be written with or without its `+` (`"1"`, `"+44"`); one that is
/// not all digits disables the two national rules.
pub fn to_e164(raw: &str, default_country_code: &str) -> Option<String> {
    let mut plus = false;
    let mut digits = String::with_capacity(raw.len().min(32));
    for c in raw.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c == '+' && digits.is_empty() {
            plus = true;
        }
    }
    if digits.is_empty() {
        return None;
    }
    if plus {
        return Some(format!("+{digits}"));
    }
    if let Some(rest) = digits.strip_prefix("00") {
        return (!rest.is_empty()).then(|| format!("+{rest}"));
    }
    let cc = default_country_code.trim().trim_start_matches('+');
    if cc.is_empty() || !cc.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() == 10 {
        return Some(format!("+{cc}{digits}"));
    }
    if digits.len() == cc.len() + 10 && digits.starts_with(cc) {
        return Some(format!("+{digits}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::to_e164;

    #[track_caller]
    fn us(raw: &str) -> Option<String> {
        to_e164(raw, "1")
    }

    #[allow(clippy::unnecessary_wraps)]
    fn e(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn ten_digits_get_the_country_code() {
        assert_eq!(us("3175551234"), e("+13175551234"));
        assert_eq!(us("(317) 555-1234"), e("+13175551234"));
        assert_eq!(us("317.555.1234"), e("+13175551234"));
        assert_eq!(to_e164("2071234567", "44"), e("+442071234567"));
        assert_eq!(to_e164("2071234567", "+44"), e("+442071234567"));
    }

    #[test]
    fn country_code_and_ten_digits_get_a_plus() {
        assert_eq!(us("13175551234"), e("+13175551234"));
        assert_eq!(us("1-317-555-1234"), e("+13175551234"));
        assert_eq!(us("23175551234"), None, "11 digits not starting with the code");
        assert_eq!(to_e164("442071234567", "44"), e("+442071234567"));
    }

    #[test]
    fn a_plus_keeps_its_digits() {
        assert_eq!(us("+13175551234"), e("+13175551234"));
        assert_eq!(us("+1 (317) 555-1234"), e("+13175551234"));
        assert_eq!(us("+44 20 7123 4567"), e("+442071234567"));
        assert_eq!(us("tel:+13175551234"), e("+13175551234"));
        assert_eq!(us("  +33 1 23 45 67 89 "), e("+33123456789"));
        assert_eq!(us("+"), None);
    }

    #[test]
    fn double_zero_is_international() {
        assert_eq!(us("0044 20 7123 4567"), e("+442071234567"));
        assert_eq!(us("0013175551234"), e("+13175551234"));
        assert_eq!(us("00"), None);
    }

    #[test]
    fn anything_else_is_not_a_phone_number() {
        assert_eq!(us(""), None);
        assert_eq!(us("anonymous"), None);
        assert_eq!(us("5551234"), None);
        assert_eq!(us("123456789012"), None);
        assert_eq!(to_e164("3175551234", ""), None, "no country code to add");
        assert_eq!(to_e164("3175551234", "x1"), None);
        assert_eq!(to_e164("+13175551234", ""), e("+13175551234"));
    }

    #[test]
    fn a_plus_after_a_digit_is_dropped() {
        assert_eq!(us("317+5551234+"), e("+13175551234"));
    }
}
