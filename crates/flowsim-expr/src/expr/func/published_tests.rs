//! Tests of the functions published Architect flows call that Architect's Scripting SDK lacks
//! and no public page describes (docs/expressions.md, "Where each function comes from"): the
//! JSON functions around `GetJsonObjectProperty`, the communication builders of bot flows,
//! `Random`/`RandomInt`, and conversions of JSON values. Each is written as a flow uses it.

use crate::expr::check::{infer, Declarations};
use crate::expr::decimal::dec;
use crate::expr::eval::tests::{fails, ok, shows};
use crate::expr::parse;
use crate::expr::types::Ty;
use crate::expr::value::Value;
use crate::kind::ErrorKind;

/// The static type of `text`, with `Flow.CustomerJson` and `Flow.headers` declared JSON.
#[track_caller]
fn typed(text: &str) -> String {
    let mut decl = Declarations::default();
    decl.declare("Flow.CustomerJson", Ty::JSON);
    decl.declare("Flow.headers", Ty::JSON);
    let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    infer(&e, &decl).unwrap_or_else(|e| panic!("{text}: {e}")).to_string()
}

const CUSTOMER: &str = r#"JsonParse("{\"name\": \"Ann\", \"age\": \"42\", \"score\": 7.5, \"vip\": true, \"favoriteNumbers\": [10, 30, 30]}")"#;

#[test]
fn a_json_object_is_told_from_other_json_values() {
    assert_eq!(ok(&format!("IsJsonObject({CUSTOMER})")), Value::Bool(true));
    assert_eq!(ok("IsJsonObject(JsonParse(\"{}\"))"), Value::Bool(true));
    assert_eq!(ok("IsJsonObject(JsonParse(\"[1]\"))"), Value::Bool(false));
    assert_eq!(ok("IsJsonObject(JsonParse(\"\\\"text\\\"\"))"), Value::Bool(false));
    assert_eq!(ok("IsJsonObject(JsonParse(\"null\"))"), Value::Bool(false), "null is NOT_SET");
    assert_eq!(ok("IsJsonObject(Flow.missing)"), Value::Bool(false));
    assert_eq!(typed("IsJsonObject(Flow.CustomerJson)"), "Boolean");
}

#[test]
fn property_names_are_a_string_collection_in_order() {
    assert_eq!(
        shows(&format!("GetJsonObjectPropertyNames({CUSTOMER})")),
        r#"["name","age","score","vip","favoriteNumbers"]"#
    );
    assert_eq!(shows("GetJsonObjectPropertyNames(JsonParse(\"{}\"))"), "[]");
    // A published flow's test for a SIP header before reading it.
    let headers = r#"JsonParse("{\"x-tgx-call-control-id\": [\"v3:abc\"]}")"#;
    assert_eq!(
        ok(&format!(
            "FindFirst(GetJsonObjectPropertyNames({headers}), \"x-tgx-call-control-id\") >= 0"
        )),
        Value::Bool(true)
    );
    assert_eq!(
        typed(
            "FindFirst(GetJsonObjectPropertyNames(Flow.headers), \"x-tgx-call-control-id\") >= 0"
        ),
        "Boolean"
    );
    assert_eq!(typed("GetJsonObjectPropertyNames(Flow.headers)"), "String Collection");
    assert_eq!(fails("GetJsonObjectPropertyNames(JsonParse(\"[1]\"))"), ErrorKind::TypeMismatch);
    assert_eq!(fails("GetJsonObjectPropertyNames(Flow.missing)"), ErrorKind::NotSet);
}

#[test]
fn json_array_items_are_replaced_like_collection_items() {
    let numbers = format!("GetJsonObjectProperty({CUSTOMER}, \"favoriteNumbers\")");
    assert_eq!(shows(&format!("ReplaceJsonArrayItem({numbers}, 30, 40)")), "[10,40,40]");
    assert_eq!(shows(&format!("ReplaceJsonArrayItem({numbers}, 30.0, 40)")), "[10,40,40]");
    assert_eq!(shows(&format!("ReplaceJsonArrayItem({numbers}, 99, 40)")), "[10,30,30]");
    assert_eq!(shows("ReplaceJsonArrayItem(JsonParse(\"[1, null]\"), NOT_SET, 2)"), "[1,2]");
    // The tutorial flow's update: the array set back into the object.
    assert_eq!(
        shows(&format!(
            "GetJsonObjectProperty(SetJsonObjectProperty({CUSTOMER}, \"favoriteNumbers\", \
             ReplaceJsonArrayItem({numbers}, 30, 40)), \"favoriteNumbers\")"
        )),
        "[10,40,40]"
    );
    assert_eq!(
        typed(
            "SetJsonObjectProperty(Flow.CustomerJson, \"favoriteNumbers\", \
             ReplaceJsonArrayItem(Flow.CustomerJson.favoriteNumbers, 30, 40))"
        ),
        "JSON"
    );
    assert_eq!(fails(&format!("ReplaceJsonArrayItem({CUSTOMER}, 1, 2)")), ErrorKind::TypeMismatch);
    assert_eq!(fails("ReplaceJsonArrayItem(Flow.missing, 1, 2)"), ErrorKind::NotSet);
}

#[test]
fn json_values_convert_as_the_value_they_hold() {
    let age = format!("GetJsonObjectProperty({CUSTOMER}, \"age\")");
    assert_eq!(ok(&format!("ToInt({age})")), Value::Int(42));
    assert_eq!(
        ok(&format!("ToDecimal(GetJsonObjectProperty({CUSTOMER}, \"score\"))")),
        Value::Dec(dec("7.5"))
    );
    assert_eq!(
        ok(&format!("ToBool(GetJsonObjectProperty({CUSTOMER}, \"vip\"))")),
        Value::Bool(true)
    );
    assert_eq!(ok(&format!("ToString({age})")), Value::str("42"));
    assert_eq!(
        ok(&format!("ToInt(GetJsonObjectProperty({CUSTOMER}, \"missing\"))")),
        Value::NotSet
    );
    assert_eq!(
        fails(&format!("ToInt({CUSTOMER})")),
        ErrorKind::TypeMismatch,
        "an object is no number"
    );
    assert_eq!(
        fails(&format!("ToInt(GetJsonObjectProperty({CUSTOMER}, \"name\"))")),
        ErrorKind::Conversion
    );
    assert_eq!(typed("ToInt(Flow.CustomerJson.age)"), "Integer");
    assert_eq!(typed("ToDecimal(Flow.CustomerJson.score)"), "Decimal");
    assert_eq!(typed("ToBool(Flow.CustomerJson.vip)"), "Boolean");
    assert_eq!(typed("ToString(Flow.CustomerJson.name)"), "String");
}

#[test]
fn communications_pause_and_speak_ssml() {
    assert_eq!(
        shows("MakeCommunication(\"Hello \", ToCommunication(\"Ann\"), ToCommunicationBlank(750))"),
        "Hello Ann"
    );
    assert_eq!(shows("ToCommunicationBlank(0)"), "");
    assert_eq!(fails("ToCommunicationBlank(-1)"), ErrorKind::IndexOutOfRange);
    assert_eq!(typed("ToCommunicationBlank(750)"), "Communication");
    assert_eq!(
        shows(r#"ToCommunicationSsml("<speak>Hello <break time=\"500ms\"/>Ann &amp; Bo</speak>")"#),
        "Hello Ann & Bo"
    );
    assert_eq!(shows("ToCommunicationSsml(\"plain words\")"), "plain words");
    assert_eq!(shows("ToCommunicationSsml(Flow.missing)"), "");
    assert_eq!(fails("ToCommunicationSsml(\"<speak>Hello <break\")"), ErrorKind::Conversion);
    assert_eq!(typed("ToCommunicationSsml(\"<speak>Hi</speak>\")"), "Communication");
}

#[test]
fn random_numbers_come_from_the_seeded_generator() {
    // The test environment's generator is seeded with 0: the same text gives the same number.
    let first = ok("RandomInt(100)");
    assert_eq!(first, ok("RandomInt(100)"));
    let Value::Int(n) = first else { panic!("{first:?}") };
    assert!((0..100).contains(&n));
    assert_eq!(ok("RandomInt(1)"), Value::Int(0), "from 0 to the bound less one");
    assert_eq!(ok("Random(100)"), first, "Random draws as RandomInt does");
    let Value::Int(m) = ok("RandomInt(99) + 1") else { panic!() };
    assert!((1..=99).contains(&m));
    // Two draws in one expression are two numbers of the sequence.
    assert_eq!(ok("RandomInt(1000000) == RandomInt(1000000)"), Value::Bool(false));
    assert_eq!(fails("RandomInt(0)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("RandomInt(-5)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("RandomInt(Flow.missing)"), ErrorKind::NotSet);
    assert_eq!(fails("RandomInt(\"5\")"), ErrorKind::TypeMismatch);
    assert_eq!(typed("RandomInt(99) + 1"), "Integer");
}

#[test]
fn without_a_generator_a_random_number_is_unsupported() {
    struct NoRandom;
    impl crate::expr::Env for NoRandom {
        fn lookup(&mut self, _: &crate::expr::Path, _: crate::expr::Span) -> Value {
            Value::NotSet
        }
        fn now_ms(&self) -> i64 {
            0
        }
    }
    let e = parse("RandomInt(10)").unwrap();
    let err = crate::expr::eval(&e, &mut NoRandom).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(err.message.contains("no random numbers"), "{}", err.message);
}

/// `Count(Flow.CustomerJson.favoriteNumbers)`, as a published JSON tutorial flow writes it: a
/// JSON array counts its items; a JSON object is no collection.
#[test]
fn a_json_array_is_counted() {
    assert_eq!(ok(&format!("Count({CUSTOMER}.favoriteNumbers)")), Value::Int(3));
    assert_eq!(typed("Count(Flow.CustomerJson.favoriteNumbers)"), "Integer");
    assert_eq!(fails(&format!("Count({CUSTOMER})")), ErrorKind::TypeMismatch);
}
