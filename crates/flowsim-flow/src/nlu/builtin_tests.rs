//! Every builtin entity type: what it finds in a reply and what a pinned value may be.
//! The clock stands at Wednesday 2026-03-11 10:00 UTC.

use super::tests::nlu;
use super::*;
use crate::expr::decimal::dec;
use crate::expr::value::parse_datetime;
use serde_json::json;

fn domain() -> Nlu {
    let entities: Vec<serde_json::Value> = Builtin::ALL
        .iter()
        .map(|b| json!({"name": b.name().trim_start_matches("builtin:"), "type": b.name()}))
        .collect();
    nlu(&json!({ "entities": entities }))
}

fn now() -> i64 {
    parse_datetime("2026-03-11T10:00:00Z").expect("a date-time")
}

/// `builtin:date` values: midnight UTC.
fn at(iso: &str) -> Value {
    Value::DateTime(parse_datetime(iso).expect("a date-time"))
}

fn money(amount: &str, code: &str) -> Value {
    let mut object = crate::expr::value::Object::new();
    object.insert(Arc::from("amount"), Value::Dec(dec(amount)));
    object.insert(Arc::from("code"), Value::str(code));
    Value::Object(Arc::new(object))
}

/// The value and the matched text of `slot` in `text`.
#[track_caller]
fn find(slot: &str, text: &str) -> Option<(Value, String)> {
    domain().extract(slot, text, now()).map(|e| (e.value, e.text))
}

#[track_caller]
fn check(slot: &str, cases: &[(&str, Option<(Value, &str)>)]) {
    for (text, expected) in cases {
        let expected = expected.as_ref().map(|(v, t)| (v.clone(), (*t).to_owned()));
        assert_eq!(find(slot, text), expected, "{slot} in {text:?}");
    }
}

#[test]
fn number_reads_digits_and_english_words() {
    check(
        "number",
        &[
            ("about -2.5 kg", Some((Value::Dec(dec("-2.5")), "-2.5"))),
            ("1,200 items", Some((Value::Dec(dec("1200.0")), "1,200"))),
            ("twenty-one", Some((Value::Dec(dec("21.0")), "twenty-one"))),
            ("two hundred and five", Some((Value::Dec(dec("205.0")), "two hundred and five"))),
            ("a hundred", Some((Value::Dec(dec("100.0")), "hundred"))),
            ("zero", Some((Value::Dec(dec("0.0")), "zero"))),
            ("three or 4", Some((Value::Dec(dec("3.0")), "three"))),
            // Genesys's example: "three point five" is 3.5.
            ("three point five", Some((Value::Dec(dec("3.5")), "three point five"))),
            ("two point one four", Some((Value::Dec(dec("2.14")), "two point one four"))),
            ("three point", Some((Value::Dec(dec("3.0")), "three"))),
            ("no digits", None),
            ("1st", None),
        ],
    );
}

#[test]
fn integer_skips_fractions() {
    check(
        "integer",
        &[
            ("42", Some((Value::Int(42), "42"))),
            ("2.5 then 7", Some((Value::Int(7), "7"))),
            ("forty two", Some((Value::Int(42), "forty two"))),
        ],
    );
}

#[test]
fn percent_needs_its_sign_or_word() {
    check(
        "percent",
        &[
            ("15%", Some((Value::Dec(dec("15.0")), "15%"))),
            ("about 20 percent off", Some((Value::Dec(dec("20.0")), "20 percent"))),
            ("15", None),
        ],
    );
}

#[test]
fn currency_needs_a_symbol_code_or_word() {
    check(
        "currency",
        &[
            ("$12.50", Some((money("12.5", "USD"), "$12.50"))),
            ("12 euros", Some((money("12.0", "EUR"), "12 euros"))),
            ("£3", Some((money("3.0", "GBP"), "£3"))),
            ("usd 40", Some((money("40.0", "USD"), "usd 40"))),
            ("twenty dollars", Some((money("20.0", "USD"), "twenty dollars"))),
            ("12", None),
        ],
    );
}

#[test]
fn date_reads_absolute_and_relative_dates() {
    check(
        "date",
        &[
            ("on 2026-03-14 please", Some((at("2026-03-14"), "2026-03-14"))),
            ("3/14/2026", Some((at("2026-03-14"), "3/14/2026"))),
            ("3/14/26", Some((at("2026-03-14"), "3/14/26"))),
            ("14 March 2026", Some((at("2026-03-14"), "14 March 2026"))),
            ("the 14th of march", Some((at("2026-03-14"), "14th of march"))),
            ("March 14, 2026", Some((at("2026-03-14"), "March 14, 2026"))),
            ("Mar 14", Some((at("2026-03-14"), "Mar 14"))),
            // A date without a year is the next one on or after today.
            ("March 1", Some((at("2027-03-01"), "March 1"))),
            ("today", Some((at("2026-03-11"), "today"))),
            ("Tomorrow!", Some((at("2026-03-12"), "Tomorrow"))),
            ("yesterday", Some((at("2026-03-10"), "yesterday"))),
            ("this friday", Some((at("2026-03-13"), "friday"))),
            // A weekday is the next one after today: next week's Wednesday.
            ("wednesday", Some((at("2026-03-18"), "wednesday"))),
            ("2/30/2026", None),
            ("may I help", None),
        ],
    );
}

#[test]
fn time_reads_clock_times() {
    let t = |s: &str| Value::str(s);
    check(
        "time",
        &[
            ("at 3pm", Some((t("15:00:00"), "3pm"))),
            ("3:30 p.m.", Some((t("15:30:00"), "3:30 p.m."))),
            ("15:30", Some((t("15:30:00"), "15:30"))),
            ("12am", Some((t("00:00:00"), "12am"))),
            ("12 pm", Some((t("12:00:00"), "12 pm"))),
            ("noon", Some((t("12:00:00"), "noon"))),
            ("Midnight", Some((t("00:00:00"), "Midnight"))),
            // Genesys's example: "three-thirty p.m." is 15:30.
            ("three-thirty p.m.", Some((t("15:30:00"), "three-thirty p.m."))),
            ("two p m", Some((t("14:00:00"), "two p m"))),
            ("ten oh five am", Some((t("10:05:00"), "ten oh five am"))),
            ("eleven forty-five pm", Some((t("23:45:00"), "eleven forty-five pm"))),
            ("twelve o'clock am", Some((t("00:00:00"), "twelve o'clock am"))),
            ("three amazing things", None),
            ("3 amazing things", None),
            ("25:00", None),
        ],
    );
}

#[test]
fn datetime_needs_a_date_and_a_time_together() {
    check(
        "datetime",
        &[
            ("tomorrow at 3pm", Some((at("2026-03-12T15:00:00Z"), "tomorrow at 3pm"))),
            ("3:30 pm on Friday", Some((at("2026-03-13T15:30:00Z"), "3:30 pm on Friday"))),
            ("2026-03-14T15:30:00Z", Some((at("2026-03-14T15:30:00Z"), "2026-03-14T15:30:00Z"))),
            ("2026-03-14 09:00", Some((at("2026-03-14T09:00:00Z"), "2026-03-14 09:00"))),
            ("tomorrow", None),
            ("tomorrow, or maybe at 3pm", None),
        ],
    );
}

#[test]
fn email_duration_ordinal_and_any() {
    check(
        "email",
        &[(
            "write to Ann.Lee@example.co.uk.",
            Some((Value::str("Ann.Lee@example.co.uk"), "Ann.Lee@example.co.uk")),
        )],
    );
    check(
        "duration",
        &[
            ("5 minutes", Some((Value::Duration(300_000), "5 minutes"))),
            ("1.5 hrs", Some((Value::Duration(5_400_000), "1.5 hrs"))),
            ("an hour", Some((Value::Duration(3_600_000), "an hour"))),
            ("5", None),
        ],
    );
    check(
        "ordinal",
        &[
            ("the third one", Some((Value::Int(3), "third"))),
            ("21st", Some((Value::Int(21), "21st"))),
            ("3", None),
        ],
    );
    check(
        "any",
        &[
            ("  whatever you like ", Some((Value::str("whatever you like"), "whatever you like"))),
            ("  ", None),
        ],
    );
}

#[test]
fn builtin_any_is_never_a_placeholder_nor_a_classified_slot() {
    let nlu = nlu(&json!({
        "intents": [super::tests::intent("Feedback", &["my feedback is {Text:great}"], &["Text"])],
        "entities": [{"name": "Text", "type": "builtin:any"}]}));
    let c = nlu.classify("my feedback is fine", 0);
    assert_eq!((c.normalized.as_str(), c.slots.len()), ("my feedback is fine", 0));
    assert_eq!(c.intent.as_deref(), Some("Feedback"));
}

#[test]
fn pinned_builtin_values_are_read_like_replies_but_whole_and_absolute() {
    let d = domain();
    let pin = |slot: &str, given: serde_json::Value| d.slot_value(slot, &given);
    assert_eq!(pin("number", json!(4.5)), Ok(Value::Dec(dec("4.5"))));
    assert_eq!(pin("number", json!("twenty")), Ok(Value::Dec(dec("20.0"))));
    assert_eq!(pin("integer", json!(4.0)), Ok(Value::Int(4)));
    assert_eq!(pin("ordinal", json!("3rd")), Ok(Value::Int(3)));
    assert_eq!(pin("percent", json!("15")), Ok(Value::Dec(dec("15.0"))));
    assert_eq!(pin("date", json!("2026-03-14")), Ok(at("2026-03-14")));
    assert_eq!(pin("datetime", json!("2026-03-14T15:30:00Z")), Ok(at("2026-03-14T15:30:00Z")));
    assert_eq!(pin("time", json!("3pm")), Ok(Value::str("15:00:00")));
    assert_eq!(pin("currency", json!({"amount": 5, "code": "eur"})), Ok(money("5.0", "EUR")));
    assert_eq!(pin("currency", json!("$5")), Ok(money("5.0", "USD")));
    assert_eq!(pin("duration", json!("2 hours")), Ok(Value::Duration(7_200_000)));
    assert_eq!(pin("any", json!(7)), Ok(Value::str("7")));
    assert_eq!(
        pin("date", json!("tomorrow")),
        Err("slot `date` (builtin:date) expects a date (like 2026-03-14, 3/14/2026 or 14 March 2026), not \"tomorrow\"".into())
    );
    assert_eq!(
        pin("integer", json!(4.5)),
        Err("slot `integer` (builtin:integer) expects a whole number (like 42), not 4.5".into())
    );
    assert!(pin("email", json!("ann at example")).is_err());
    assert!(pin("number", json!("4 people")).is_err());
    assert!(pin("number", json!(true)).is_err());
}

proptest::proptest! {
    #[test]
    fn builtins_never_panic_on_any_text(text in "\\PC{0,40}|[0-9 :/.,$%a-z-]{0,40}", now in proptest::prelude::any::<i64>()) {
        let d = domain();
        for b in Builtin::ALL {
            let slot = b.name().trim_start_matches("builtin:");
            if let Some(found) = d.extract(slot, &text, now) {
                proptest::prop_assert!(text.contains(&found.text));
            }
            let _ = d.slot_value(slot, &json!(text));
        }
        let _ = d.classify(&text, now);
    }
}

/// Genesys names the money type `builtin:amountOfMoney` ("builtin:amountOfMoney | Currency",
/// Use built-in slot types): a domain that uses the name loads, and reads money as
/// `builtin:currency` does.
#[test]
fn genesys_s_amount_of_money_is_the_currency_type() {
    assert_eq!(Builtin::from_name("builtin:amountOfMoney"), Some(Builtin::Currency));
    let nlu = nlu(&json!({"entities": [{"name": "Price", "type": "builtin:amountOfMoney"}]}));
    let found = nlu.extract("Price", "$30.23", now()).map(|e| e.value);
    assert_eq!(found, Some(money("30.23", "USD")));
}
