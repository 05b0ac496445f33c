//! Every parser of a value's text honours all of it or refuses it (docs/dates-times-currency.md,
//! "What each reader refuses"): for each accepted text, the value's own text (`ToString`) reads
//! back to the same value; each malformed text is `conversion` with a message quoting it.

use crate::expr::eval::tests::{eval_str, ok};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

/// `func("text")`, as a flow writes it.
fn call(func: &str, text: &str) -> String {
    format!("{func}(\"{text}\")")
}

#[test]
fn every_accepted_text_reads_back_from_its_own_text() {
    let accepted: &[(&str, &[&str])] = &[
        (
            "ToDateTime",
            &[
                "2024-01-02T03:04:05Z",
                "2024-01-02T03:04:05.123Z",
                "2024-01-02T03:04:05-07:30",
                "2024-01-02 03:04:05",
                "2024-01-02",
                "2024-01-02T03:04:05[Europe/Paris]",
                "2024-07-01T09:00:00+02:00[Europe/Paris]",
                "2024-01-02T03:04:05Z[Europe/Paris]",
                "9999-12-31T23:59:59Z",
            ],
        ),
        ("ToDate", &["2024-02-29", "1800-01-01", "2200-12-31"]),
        ("ToTime", &["14:21:08.239", "00:00", "23:59:59.999", "07:05"]),
        (
            "ToDuration",
            &["PT1M30S", "-P1DT2H", "PT1.5S", "P1W", "PT0.001S", "P0D0H1M30S0F", "PT1.5H"],
        ),
        ("ToDecimal", &["12.5", "-0.001", "1e3", ".5", "79228162514264337593543950335"]),
        ("ToInt", &["42", "-999999999999999", " 7 "]),
        ("ToCurrency", &["5.00|USD", "12.5|eur", "-0.01|JPY"]),
        (
            "ToPhoneNumber",
            &[
                "+1 (317) 555-0116",
                "+1 (317) 555-0116 ext. 12",
                "tel:+13175550116;ext=12",
                "3175550116",
                "sip:ann@example.com",
            ],
        ),
    ];
    for (func, texts) in accepted {
        for text in *texts {
            let first = ok(&call(func, text));
            assert!(first != Value::NotSet, "{func}({text:?}) reads");
            let Value::Str(shown) = ok(&format!("ToString({})", call(func, text))) else {
                panic!("ToString of {func}({text:?}) is a string")
            };
            let again = ok(&call(func, &shown));
            assert_eq!(again.display(), first.display(), "{func}({text:?}) shows as {shown:?}");
            if let (Value::Phone(a), Value::Phone(b)) = (&first, &again) {
                // A phone number's text is kept as written: its URI is what reads back.
                assert!(a.same_number(b) && a.e164 == b.e164 && a.uri == b.uri, "{text:?}");
            } else {
                assert!(
                    again == first,
                    "{func}({text:?}) shows as {shown:?}, which reads otherwise"
                );
            }
        }
    }
}

#[test]
fn every_malformed_text_is_refused_naming_it() {
    let refused: &[(&str, &[&str])] = &[
        (
            "ToDateTime",
            &[
                "2024-01-02T03:04:05Zgarbage",
                "2024-01-02T24:00:00Z",
                "2024-13-01",
                "2024-01-02T03:04:05+05:00[Europe/Paris]",
                "2024-01-02T03:04:05[Nowhere/Land]",
                "2024-01-02T03:04:05[Europe/Paris",
                "tomorrow",
            ],
        ),
        ("ToDate", &["2024-02-30", "2024-02-03x", "1799-12-31", "2024-2-3"]),
        ("ToTime", &["14:21:08.2391", "24:00", "14:21:08.239xyz", "7:5"]),
        ("ToDuration", &["P1Y2M", "P1M", "PT", "P", "PT1H1H", "PT1S2M", "1.02:03:04", "P1.5D"]),
        ("ToDecimal", &["12.5.3", "12.5x", "1,000", "0x10", "1_000", "--5"]),
        ("ToInt", &["12x", "1e3", "12.5", "9999999999999999999"]),
        ("ToCurrency", &["5.00|XXX", "abc|USD", "1.2.3|USD", "5|USD|EUR"]),
        ("ToPhoneNumber", &["no digits at all"]),
    ];
    for (func, texts) in refused {
        for text in *texts {
            match eval_str(&call(func, text)) {
                Ok(v) => panic!("{func}({text:?}) is refused, not read as {}", v.display()),
                Err(e) => {
                    assert!(
                        matches!(e.kind, ErrorKind::Conversion | ErrorKind::Overflow),
                        "{func}({text:?}): {:?}",
                        e.kind
                    );
                    // An overflow names the function (`ToInt: the result is out of range`).
                    let quoted = e.kind == ErrorKind::Overflow
                        || text.split('|').any(|part| e.message.contains(part));
                    assert!(quoted, "{func}({text:?}): the message names it: {}", e.message);
                }
            }
        }
    }
    for code in ["XXX", "US", "U$D"] {
        let e = eval_str(&format!("MakeCurrency(1.5, \"{code}\")")).expect_err(code);
        assert_eq!(e.kind, ErrorKind::Conversion, "{code}");
    }
}

/// A zone in brackets is a zone: the one the date-time is read in, and one the offset beside
/// it must agree with. Before, it was skipped: Paris's 03:04 read as 03:04 UTC, an offset five
/// hours off Paris's and a zone that does not exist passed.
#[test]
fn a_bracketed_zone_is_read_in_or_refused() {
    assert_eq!(
        ok(&call("ToDateTime", "2024-01-02T03:04:05[Europe/Paris]")).display(),
        "2024-01-02T02:04:05.000Z"
    );
    assert_eq!(
        ok(&call("ToDateTime", "2024-07-01T09:00:00+02:00[Europe/Paris]")).display(),
        "2024-07-01T07:00:00.000Z"
    );
    for text in ["2024-01-02T03:04:05+05:00[Europe/Paris]", "2024-01-02T03:04:05[Nowhere/Land]"] {
        let e = eval_str(&call("ToDateTime", text)).expect_err(text);
        assert_eq!(e.kind, ErrorKind::Conversion, "{text}");
    }
}

/// What is kept of a text past the value's precision, as Architect keeps it: milliseconds.
#[test]
fn digits_past_the_millisecond_are_dropped_as_architect_drops_them() {
    assert_eq!(
        ok(&call("ToDateTime", "2024-01-02T03:04:05.1239Z")).display(),
        "2024-01-02T03:04:05.123Z"
    );
    assert_eq!(ok(&call("ToDuration", "PT30.250567S")).display(), "PT30.25S");
}

/// An extension is no part of the number (`e164`, `subscriberNumber`) and stays in the text;
/// a number with words in it or more digits than E.164 allows has no E.164 form.
#[test]
fn a_phone_numbers_extension_and_garbage_are_not_dialled() {
    let member = |text: &str, m: &str| match ok(&format!("{}.{m}", call("ToPhoneNumber", text))) {
        Value::NotSet => "NOT_SET".to_owned(),
        v => v.display(),
    };
    assert_eq!(member("+1 (317) 555-0116 ext. 12", "e164"), "+13175550116");
    assert_eq!(member("+1 (317) 555-0116 x12", "subscriberNumber"), "3175550116");
    assert_eq!(member("+1 (317) 555-0116 ext. 12", "raw"), "+1 (317) 555-0116 ext. 12");
    assert_eq!(member("tel:+13175550116;ext=12", "e164"), "+13175550116");
    assert_eq!(member("+1 317 555 0116 garbage", "e164"), "NOT_SET");
    assert_eq!(member("+1 317 555 01166666666666", "e164"), "NOT_SET");
}
