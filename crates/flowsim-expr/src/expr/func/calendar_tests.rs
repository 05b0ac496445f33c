//! Dates, Times and Currencies in expressions: the functions that make them, their display
//! text, comparisons, implicit conversions and audio.

use crate::expr::calendar::Money;
use crate::expr::decimal::dec;
use crate::expr::eval::tests::{eval_str, fails, ok, shows};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

fn b(x: bool) -> Value {
    Value::Bool(x)
}

#[test]
fn to_date_reads_a_date_a_date_time_or_a_date() {
    assert_eq!(shows("ToDate(\"2024-02-29\")"), "2024-02-29");
    assert_eq!(ok("ToDate(\"1970-01-02\")"), Value::Date(1));
    assert_eq!(shows("ToDate(Now())"), "2026-01-01", "the UTC date of the virtual clock");
    assert_eq!(shows("ToDate(\"2024-02-29T23:30:00-02:00\")"), "2024-03-01", "in UTC");
    assert_eq!(shows("ToDate(ToDate(\"2024-02-29\"))"), "2024-02-29");
    assert_eq!(fails("ToDate(\"2023-02-29\")"), ErrorKind::Conversion);
    assert_eq!(fails("ToDate(\"1799-12-31\")"), ErrorKind::Conversion, "before Architect's range");
    assert_eq!(fails("ToDate(\"2201-01-01\")"), ErrorKind::Conversion, "after it");
    assert_eq!(fails("ToDate(\"tomorrow\")"), ErrorKind::Conversion);
    assert_eq!(fails("ToDate(5)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("ToDate(NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn to_time_reads_a_clock_time_or_the_time_of_a_date_time() {
    assert_eq!(shows("ToTime(\"14:30\")"), "14:30:00");
    assert_eq!(shows("ToTime(\"14:30:05.25\")"), "14:30:05.250");
    assert_eq!(ok("ToTime(\"00:00:01\")"), Value::Time(1000));
    assert_eq!(shows("ToTime(Now())"), "09:00:00");
    assert_eq!(shows("ToTime(\"2024-02-29T23:30:00-02:00\")"), "01:30:00");
    assert_eq!(fails("ToTime(\"24:00\")"), ErrorKind::Conversion);
    assert_eq!(fails("ToTime(\"3pm\")"), ErrorKind::Conversion);
    assert_eq!(fails("ToTime(Now() - Now())"), ErrorKind::TypeMismatch, "a Duration is no Time");
}

#[test]
fn make_currency_keeps_a_decimal_amount_and_an_iso_code() {
    assert_eq!(
        ok("MakeCurrency(5.25, \"usd\")"),
        Value::Currency(Money::new(dec("5.25"), "USD").unwrap())
    );
    assert_eq!(shows("MakeCurrency(5.25, \"USD\")"), "5.25 USD");
    assert_eq!(
        ok("MakeCurrency(5, \"EUR\").Amount"),
        Value::Dec(dec("5.0")),
        "an Integer is a Decimal"
    );
    assert_eq!(ok("MakeCurrency(5, \"EUR\").code"), Value::str("EUR"));
    assert_eq!(ok("MakeCurrency(5, \"EUR\").cents"), Value::NotSet, "no such member");
    assert_eq!(fails("MakeCurrency(5, \"euros\")"), ErrorKind::Conversion);
    assert_eq!(fails("MakeCurrency(\"5\", \"EUR\")"), ErrorKind::TypeMismatch);
    assert_eq!(shows("MakeCurrency(NOT_SET, \"EUR\")"), " EUR", "a NOT_SET amount is kept");
}

#[test]
fn equality_and_order_within_a_type_only() {
    assert_eq!(ok("ToDate(\"2024-02-29\") == ToDate(\"2024-02-29T10:00:00Z\")"), b(true));
    assert_eq!(ok("ToDate(\"2024-02-28\") < ToDate(\"2024-02-29\")"), b(true));
    assert_eq!(ok("ToTime(\"09:00\") >= ToTime(Now())"), b(true));
    assert_eq!(ok("ToTime(\"09:00\") > ToTime(\"08:59:59.999\")"), b(true));
    assert_eq!(ok("MakeCurrency(5, \"USD\") == MakeCurrency(5.0, \"usd\")"), b(true));
    assert_eq!(ok("MakeCurrency(5, \"USD\") == MakeCurrency(5, \"EUR\")"), b(false));
    assert_eq!(ok("MakeCurrency(5, \"USD\") < MakeCurrency(6, \"USD\")"), b(true));
    // A Date and a DateTime are different types (docs/json-flows.md): never equal, not ordered.
    assert_eq!(ok("ToDate(\"2026-01-01\") == ToDateTime(\"2026-01-01T00:00:00Z\")"), b(false));
    assert_eq!(ok("ToDate(\"2026-01-01\") == \"2026-01-01\""), b(false), "nor a String");
    assert_eq!(fails("ToDate(\"2026-01-01\") < Now()"), ErrorKind::TypeMismatch);
    assert_eq!(
        fails("MakeCurrency(5, \"USD\") < MakeCurrency(6, \"EUR\")"),
        ErrorKind::TypeMismatch
    );
    assert_eq!(ok("ToDate(\"2026-01-01\") == NOT_SET"), b(false));
    assert_eq!(
        shows("Sort(MakeList(ToTime(\"10:00\"), ToTime(\"09:30\")))"),
        "[\"09:30:00\",\"10:00:00\"]"
    );
}

#[test]
fn text_of_the_new_types() {
    assert_eq!(ok("ToString(ToDate(\"2024-02-29\"))"), Value::str("2024-02-29"));
    assert_eq!(ok("ToString(ToTime(\"07:05\"))"), Value::str("07:05:00"));
    assert_eq!(ok("ToString(MakeCurrency(1234.5, \"GBP\"))"), Value::str("1234.50|GBP"));
    assert_eq!(ok("Append(\"on \", ToDate(\"2024-02-29\"))"), Value::str("on 2024-02-29"));
    assert_eq!(
        ok("ToDisplayString(ToDate(\"2024-02-29\"), \"dd/MM/yyyy\")"),
        Value::str("29/02/2024")
    );
    assert_eq!(ok("ToDisplayString(ToTime(\"14:05\"), \"h:mm tt\")"), Value::str("2:05 PM"));
    assert_eq!(
        ok("ToDisplayString(MakeCurrency(1234.5, \"USD\"), \"$#,##0.00\")"),
        Value::str("$1,234.50")
    );
    assert_eq!(ok("ToDisplayString(ToDate(\"2024-02-29\"))"), Value::str("2024-02-29"));
}

#[test]
fn audio_of_the_new_types_is_their_display_text() {
    assert_eq!(shows("ToAudioDate(ToDate(\"2024-02-29\"))"), "2024-02-29");
    assert_eq!(shows("ToAudioDate(ToDate(\"2024-02-29\"), NOT_SET)"), "2024-02-29");
    assert_eq!(shows("ToAudioTime(ToTime(\"14:30\"))"), "14:30:00");
    assert_eq!(shows("ToAudioCurrency(MakeCurrency(5.25, \"USD\"))"), "5.25 USD");
    assert_eq!(fails("ToAudioDate(5)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("ToAudioCurrency(5)"), ErrorKind::TypeMismatch);
}

#[test]
fn json_forms_keep_the_types_apart() {
    use serde_json::json;
    assert_eq!(ok("ToDate(\"2024-02-29\")").to_json(), json!("2024-02-29"));
    assert_eq!(ok("ToTime(\"14:30:00.5\")").to_json(), json!("14:30:00.500"));
    let money = ok("MakeCurrency(5, \"USD\")").to_json();
    assert_eq!(money, json!({"amount": 5.0, "code": "USD"}));
    assert_eq!(money.to_string(), r#"{"amount":5.0,"code":"USD"}"#, "the amount a Decimal");
}

/// The Scripting SDK (`AR_FN_CUR_COLL_MAKELISTCURRENCY_DEC_COLL_STR_COLL_DSC`): "The input
/// collections have to have the same number of items for the currency list to be created."
#[test]
fn make_list_currency_of_collections_of_different_lengths_fails() {
    for text in [
        "MakeListCurrency(MakeList(1.0, 2.0), MakeList('USD'))",
        "MakeListCurrency(MakeList(1.0), MakeList('USD', 'EUR'))",
        "MakeListCurrency(MakeList(1.0, 2.0, 3.0), MakeList('USD', 'EUR'))",
    ] {
        assert_eq!(fails(text), ErrorKind::IndexOutOfRange, "{text}");
    }
    let message =
        eval_str("MakeListCurrency(MakeList(1.0, 2.0), MakeList('USD'))").unwrap_err().message;
    assert_eq!(
        message,
        "MakeListCurrency: 2 amounts and 1 codes; the collections must have the same number of items"
    );
    // The same lengths, or one code for every amount: a list.
    assert_eq!(shows("Count(MakeListCurrency(MakeList(1.0, 2.0), MakeList('USD', 'EUR')))"), "2");
    assert_eq!(shows("Count(MakeListCurrency(MakeList(1.0, 2.0), 'USD'))"), "2");
}
