//! Phone numbers: Architect's PhoneNumber values ([`PhoneNumber`]), and the E.164 form
//! ([`to_e164`]) by which contacts are matched (docs/fixtures.md).
//!
//! The cloud matches phone numbers by their E.164 form only, so every place that compares or
//! builds one for a lookup goes through [`to_e164`]: keep the digits and a leading `+`; an
//! international `00` prefix becomes `+`; a 10-digit national number gets `+` and the default
//! country code; a national number already prefixed with the country code gets `+`; anything
//! else is not a phone number.

use std::sync::Arc;

/// A PhoneNumber as Architect's `ToPhoneNumber` makes one: the text as written, its URI, and
/// for a `tel` number the parts Architect's Scripting SDK documents (`e164`, `dialingCode`,
/// `subscriberNumber`, `isGlobal`). `ToPhoneNumber("tel:+13178723000")` has "the "tel"
/// scheme, a subscriber number of 3178723000, and E.164 phone number of +13178723000";
/// `ToPhoneNumber("13178723000")` the same subscriber number "and no E.164 phone number";
/// `ToPhoneNumber("sip:john.doe@example.com")` "a "sip" scheme and SIP URI of
/// sip:john.doe@example.com"; `ToString` of a phone number is its URI
/// (`"tel:+1 (317) 872-3000"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    /// The text it was made from, trimmed.
    pub raw: Arc<str>,
    /// `tel:` and the number as written, or the SIP URI as written.
    pub uri: Arc<str>,
    /// The E.164 form of a global (`+`) number: `+` and its digits.
    pub e164: Option<Arc<str>>,
    /// The country calling code of a global number, without its `+` (`"1"`, `"44"`).
    pub dialing_code: Option<Arc<str>>,
    /// The digits after the country calling code (a national number without the North
    /// American trunk prefix `1`); `None` for a SIP address.
    pub subscriber: Option<Arc<str>>,
    pub sip: bool,
}

impl PhoneNumber {
    /// Reads `text` as Architect's `ToPhoneNumber` does; `None` for text with no digits that
    /// is not a SIP address (and for blank text).
    pub fn parse(text: &str) -> Option<PhoneNumber> {
        let t = text.trim();
        let lower = t.get(..5).map(str::to_ascii_lowercase).unwrap_or_default();
        if lower.starts_with("sip:") || lower == "sips:" {
            let uri: Arc<str> = Arc::from(t.trim_end_matches('@'));
            return Some(PhoneNumber {
                raw: Arc::from(t),
                uri,
                e164: None,
                dialing_code: None,
                subscriber: None,
                sip: true,
            });
        }
        let body = if lower.starts_with("tel:") { t.get(4..).unwrap_or_default() } else { t };
        // Parameters (`;ext=22`) and an extension (`ext. 12`, `x12`) are not part of the number.
        let number = number_part(body);
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        // Only a number written with digits and the usual separators, of at most E.164's 15
        // digits, has an E.164 form: `+1 317 555 0116 garbage` is not dialled as +13175550116.
        let global = number.trim_start().starts_with('+') && dialable(number, &digits);
        let (e164, dialing_code, subscriber) = if global {
            let code = dialing_code_of(&digits);
            let (code, rest) = digits.split_at(code);
            (Some(format!("+{digits}")), Some(code.to_owned()), rest.to_owned())
        } else if digits.len() == 11 && digits.starts_with('1') {
            (None, None, digits.strip_prefix('1').unwrap_or(&digits).to_owned())
        } else {
            (None, None, digits)
        };
        Some(PhoneNumber {
            raw: Arc::from(t),
            uri: Arc::from(format!("tel:{body}")),
            e164: e164.map(Arc::from),
            dialing_code: dialing_code.map(Arc::from),
            subscriber: Some(Arc::from(subscriber)),
            sip: false,
        })
    }

    pub fn is_tel(&self) -> bool {
        !self.sip
    }

    pub fn is_global(&self) -> bool {
        self.e164.is_some()
    }

    /// `"tel"` or `"sip"` (a `sips:` address too, as Architect documents).
    pub fn scheme(&self) -> &'static str {
        if self.sip {
            "sip"
        } else {
            "tel"
        }
    }

    /// Whether two phone numbers are the same number, as Architect's `==` on PhoneNumbers
    /// decides ([Phone number data type]): SIP addresses by their URI (`sip:` and `sips:`
    /// differ); `tel` numbers by their subscriber numbers alone, so
    /// `ToPhoneNumber("+13178723000") == ToPhoneNumber("13178723000")` and
    /// `ToPhoneNumber("+13178723000") == ToPhoneNumber("+443178723000")` are both true.
    ///
    /// [Phone number data type]: https://help.mypurecloud.com/articles/about-the-phone-number-data-type/
    pub fn same_number(&self, other: &PhoneNumber) -> bool {
        match (self.sip, other.sip) {
            (true, true) => self.uri == other.uri,
            (false, false) => self.subscriber == other.subscriber,
            _ => false,
        }
    }

    /// The order of phone numbers in a sorted list: `tel` numbers by subscriber number then
    /// country calling code (none first), before SIP addresses by URI.
    pub fn order(&self, other: &PhoneNumber) -> std::cmp::Ordering {
        (self.sip, &self.subscriber, &self.dialing_code, &self.uri).cmp(&(
            other.sip,
            &other.subscriber,
            &other.dialing_code,
            &other.uri,
        ))
    }

    /// The bytes the value holds (for the run's live-bytes budget).
    pub fn heap_bytes(&self) -> usize {
        self.raw.len()
            + self.uri.len()
            + [&self.e164, &self.dialing_code, &self.subscriber]
                .iter()
                .map(|p| p.as_ref().map_or(0, |s| s.len()))
                .sum::<usize>()
    }
}

/// The number of a phone number's text, without its parameters (`;ext=12`, `;phone-context=`)
/// or a written extension (`ext. 12`, `ext 12`, `extension 12`, `x12`, `#12`: a marker after the
/// number's first digit, then only digits).
///
/// `number_part("+1 (317) 555-0116 ext. 12")` is `"+1 (317) 555-0116 "`.
pub fn number_part(text: &str) -> &str {
    let text = text.split(';').next().unwrap_or_default();
    let Some(first) = text.find(|c: char| c.is_ascii_digit()) else { return text };
    let lower = text.to_ascii_lowercase();
    for (at, _) in lower.char_indices().skip_while(|&(i, _)| i <= first) {
        let Some(rest) = lower.get(at..) else { continue };
        let Some(tail) =
            ["extension", "ext.", "ext", "x", "#"].iter().find_map(|m| rest.strip_prefix(m))
        else {
            continue;
        };
        let tail = tail.trim_start_matches([' ', '.', ':', '=', '-']);
        // `lower` is `text` with ASCII letters lowered: the same bytes at the same places.
        if let Some(number) = text.get(..at).filter(|_| !tail.is_empty()) {
            if tail.bytes().all(|b| b.is_ascii_digit()) {
                return number;
            }
        }
    }
    text
}

/// Whether `number` (its `digits`) can be dialled as written: digits, a leading `+`, spaces
/// and the separators `( ) - . /`, and at most 15 digits (ITU-T E.164's longest number).
fn dialable(number: &str, digits: &str) -> bool {
    digits.len() <= 15
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '(' | ')' | '-' | '.' | '/'))
}

/// The length of the country calling code that starts `digits` (ITU-T E.164 assignments:
/// `1` and `7` are one digit long; the two-digit codes below; every other code three).
fn dialing_code_of(digits: &str) -> usize {
    const TWO: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with(['1', '7']) {
        1
    } else if TWO.iter().any(|c| digits.starts_with(c)) {
        2
    } else {
        digits.len().min(3)
    }
}

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
/// - Anything else (no digits, 7 digits, 12 digits without a prefix, more than E.164's 15
///   digits): `None`. An extension (`ext. 12`, `;ext=12`) is not part of the number.
///
/// `default_country_code` may be written with or without its `+` (`"1"`, `"+44"`); one that is
/// not all digits disables the two national rules.
pub fn to_e164(raw: &str, default_country_code: &str) -> Option<String> {
    let raw = number_part(raw.strip_prefix("tel:").unwrap_or(raw));
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
    if digits.len() > 15 {
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
    use super::{to_e164, PhoneNumber};

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

    /// An extension is no part of the number a contact is matched by; past E.164's 15 digits
    /// there is no number (before, `ext. 12` was dialled as two more digits).
    #[test]
    fn an_extension_is_left_out_and_sixteen_digits_are_none() {
        assert_eq!(us("+1 (317) 555-1234 ext. 12"), e("+13175551234"));
        assert_eq!(us("(317) 555-1234 x12"), e("+13175551234"));
        assert_eq!(us("tel:+13175551234;ext=12"), e("+13175551234"));
        assert_eq!(us("+1 317 555 1234 extension 7"), e("+13175551234"));
        assert_eq!(us("+1317555123412345"), None, "16 digits");
        assert_eq!(super::number_part("+1 555 0100 x"), "+1 555 0100 x", "a marker without digits");
        assert_eq!(super::number_part("x12 +1 555 0100"), "x12 +1 555 0100", "before any digit");
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

    fn phone(text: &str) -> PhoneNumber {
        PhoneNumber::parse(text).expect("a phone number")
    }

    /// The Scripting SDK's `ToPhoneNumber` examples, part by part.
    #[test]
    fn phone_numbers_have_the_parts_architect_documents() {
        let p = phone("tel:+13178723000");
        assert_eq!(p.e164.as_deref(), Some("+13178723000"));
        assert_eq!(p.subscriber.as_deref(), Some("3178723000"));
        assert_eq!(p.dialing_code.as_deref(), Some("1"));
        assert_eq!((p.scheme(), p.is_tel(), p.is_global()), ("tel", true, true));
        assert_eq!(&*p.uri, "tel:+13178723000");
        let p = phone("13178723000");
        assert_eq!((p.e164.as_deref(), p.subscriber.as_deref()), (None, Some("3178723000")));
        assert!(!p.is_global());
        assert_eq!(&*phone("+1 (317) 872-3000").uri, "tel:+1 (317) 872-3000");
        let p = phone("sips:john.doe@example.com");
        assert_eq!((p.scheme(), p.is_tel(), &*p.uri), ("sip", false, "sips:john.doe@example.com"));
        assert_eq!((p.e164, p.subscriber), (None, None));
        assert_eq!(phone("+44 20 7123 4567").dialing_code.as_deref(), Some("44"));
        assert_eq!(phone("+44 20 7123 4567").subscriber.as_deref(), Some("2071234567"));
        assert_eq!(phone("+353 1 234 5678").dialing_code.as_deref(), Some("353"));
        assert_eq!(phone("tel:+13175551234;ext=22").e164.as_deref(), Some("+13175551234"));
        assert!(PhoneNumber::parse("anonymous").is_none());
        assert!(PhoneNumber::parse("  ").is_none());
    }

    #[test]
    fn phone_numbers_are_equal_as_architect_compares_them() {
        let same = |a: &str, b: &str| phone(a).same_number(&phone(b));
        assert!(same("tel:+13178723000", "+13178723000"));
        assert!(same("+13178723000", "13178723000"), "no calling code matches any");
        assert!(same("(317) 872-3000", "+1 317 872 3000"));
        assert!(same("+13178723000", "+443178723000"), "the subscriber numbers decide");
        assert!(!same("sip:john.doe@company.com", "sips:john.doe@company.com"));
        assert!(same("sips:john.doe@company.com@", "sips:john.doe@company.com"));
        assert!(!same("sip:3178723000@company.com", "3178723000"));
        assert_eq!(
            phone("+13178723000").order(&phone("13178723000")),
            std::cmp::Ordering::Greater,
            "the number without a calling code sorts first"
        );
    }

    #[test]
    fn a_plus_after_a_digit_is_dropped() {
        assert_eq!(us("317+5551234+"), e("+13175551234"));
    }
}
