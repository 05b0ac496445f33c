//! Built-in function tests, written as docs/json-flows.md reads: each function's examples, its NOT_SET
//! rule and its error kinds; then properties that random values must keep.

use super::{Ctx, Imp, FUNCTIONS};
use crate::expr::eval::tests::{eval_str, fails, ok, shows};
use crate::expr::value::{parse_datetime, Value, MAX_LIST_ITEMS, MAX_STRING_BYTES};
use crate::kind::ErrorKind;
use std::sync::Arc;

fn s(text: &str) -> Value {
    Value::str(text)
}

fn int(n: i64) -> Value {
    Value::Int(n)
}

fn dec(text: &str) -> Value {
    Value::Dec(crate::expr::decimal::dec(text))
}

fn b(x: bool) -> Value {
    Value::Bool(x)
}

fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items))
}

fn strs(items: &[&str]) -> Value {
    list(items.iter().map(|t| s(t)).collect())
}

fn phone(text: &str) -> Value {
    Value::Phone(Arc::new(crate::phone::PhoneNumber::parse(text).expect("a phone number")))
}

/// The test environment's clock: `2026-01-01T09:00:00Z`.
fn now() -> i64 {
    parse_datetime("2026-01-01T09:00:00Z").unwrap()
}

/// The largest Decimal as a literal (the grammar has no exponents): far past every Integer,
/// Duration and DateTime.
fn huge() -> String {
    "79228162514264337593543950335.0".to_owned()
}

const SECOND: i64 = 1_000;
const HOUR: i64 = 3_600_000;

// ---- the table ------------------------------------------------------------------------------

#[test]
fn every_required_function_is_in_the_table() {
    let required = [
        "If",
        "IsSet",
        "IsNotSetOrEmpty",
        "ToString",
        "ToInt",
        "ToDecimal",
        "ToBool",
        "Append",
        "Length",
        "Lower",
        "Upper",
        "Trim",
        "Contains",
        "StartsWith",
        "EndsWith",
        "Substring",
        "Left",
        "Right",
        "Replace",
        "FindString",
        "Split",
        "Count",
        "GetAt",
        "MakeList",
        "FindFirst",
        "AreEqual",
        "Abs",
        "Min",
        "Max",
        "Round",
        "Now",
        "GetCurrentDateTimeUtc",
        "AddSeconds",
        "AddMinutes",
        "AddHours",
        "AddDays",
        "DateTimeDiff",
        "MakeDuration",
        "ToDateTime",
        "ToPhoneNumber",
    ];
    for name in required {
        assert!(super::lookup(name).is_some(), "{name} is missing");
        assert!(super::lookup(&name.to_lowercase()).is_some(), "{name} in lower case");
    }
}

#[test]
fn names_are_case_insensitive() {
    assert_eq!(ok("substring(\"hello\", 1, 3)"), s("ell"));
    assert_eq!(ok("SUBSTRING(\"hello\", 1, 3)"), s("ell"));
    assert_eq!(ok("contains(lower(\"ANONYMOUS caller\"), \"anonymous\")"), b(true));
}

// ---- conversion -----------------------------------------------------------------------------

#[test]
fn to_string_writes_display_text() {
    assert_eq!(ok("ToString(5)"), s("5"));
    assert_eq!(ok("ToString(-5)"), s("-5"));
    assert_eq!(ok("ToString(2.50)"), s("2.5"));
    assert_eq!(ok("ToString(1.0)"), s("1.0"), "a Decimal keeps its point");
    assert_eq!(ok("ToString(true)"), s("true"));
    assert_eq!(ok("ToString('x')"), s("x"));
    assert_eq!(ok("ToString(Now())"), s("2026-01-01T09:00:00Z"));
    assert_eq!(ok("ToString(MakeDuration(0, 0, 1, 30))"), s("PT1M30S"));
    assert_eq!(ok("ToString(ToPhoneNumber('3175551234'))"), s("tel:3175551234"), "its URI");
    assert_eq!(ok("ToString(ToPhoneNumber('+1 317 555 1234'))"), s("tel:+1 317 555 1234"));
    assert_eq!(ok("ToString(MakeList(1, 'a', NOT_SET))"), s("1\na\n"), "one item a line");
}

#[test]
fn to_string_keeps_not_set() {
    assert_eq!(ok("ToString(NOT_SET)"), Value::NotSet);
    assert_eq!(ok("ToString(Flow.missing)"), Value::NotSet);
    assert_eq!(ok("ToString(NOT_SET) == \"\""), b(false));
    assert_eq!(ok("IsSet(ToString(Flow.missing))"), b(false));
}

#[test]
fn to_int_reads_integers_and_truncates_decimals() {
    assert_eq!(ok("ToInt(42)"), int(42));
    assert_eq!(ok("ToInt('42')"), int(42));
    assert_eq!(ok("ToInt('  -7 ')"), int(-7));
    assert_eq!(ok("ToInt('+7')"), int(7));
    assert_eq!(ok("ToInt(4.9)"), int(4));
    assert_eq!(ok("ToInt(-4.9)"), int(-4));
    assert_eq!(ok("ToInt(7 / 2)"), int(3));
    assert_eq!(ok("ToInt('-999999999999999')"), int(-999_999_999_999_999));
    assert_eq!(ok("ToInt('999999999999999')"), int(999_999_999_999_999));
}

#[test]
fn to_int_errors() {
    assert_eq!(fails("ToInt('4.5')"), ErrorKind::Conversion);
    assert_eq!(fails("ToInt('4.0')"), ErrorKind::Conversion);
    assert_eq!(fails("ToInt('abc')"), ErrorKind::Conversion);
    assert_eq!(ok("ToInt('')"), Value::NotSet, "blank text is NOT_SET");
    assert_eq!(fails("ToInt('1 2')"), ErrorKind::Conversion);
    assert_eq!(fails("ToInt('9223372036854775808')"), ErrorKind::Overflow);
    assert_eq!(fails("ToInt('9223372036854775807')"), ErrorKind::Overflow, "past Architect's");
    assert_eq!(fails("ToInt('-9223372036854775809')"), ErrorKind::Overflow);
    assert_eq!(fails("ToInt(10000000000000000000.0)"), ErrorKind::Overflow);
    assert_eq!(ok("ToInt(true)"), int(1));
    assert_eq!(fails("ToInt(Now())"), ErrorKind::TypeMismatch);
    assert_eq!(ok("ToInt(NOT_SET)"), Value::NotSet);
    assert_eq!(ok("ToInt(Flow.missing)"), Value::NotSet);
}

#[test]
fn to_decimal_reads_numbers_and_strings() {
    assert_eq!(ok("ToDecimal(2)"), dec("2.0"));
    assert_eq!(ok("ToDecimal(2.5)"), dec("2.5"));
    assert_eq!(ok("ToDecimal('4.5')"), dec("4.5"));
    assert_eq!(ok("ToDecimal(' -0.25 ')"), dec("-0.25"));
    assert_eq!(ok("ToDecimal('7')"), dec("7.0"));
    assert_eq!(ok("ToDecimal('1e3')"), dec("1000.0"));
    assert_eq!(fails("ToDecimal('abc')"), ErrorKind::Conversion);
    assert_eq!(ok("ToDecimal('')"), Value::NotSet, "blank text is NOT_SET");
    assert_eq!(fails("ToDecimal('NaN')"), ErrorKind::Conversion);
    assert_eq!(fails("ToDecimal('inf')"), ErrorKind::Conversion);
    assert_eq!(fails("ToDecimal('1e400')"), ErrorKind::Conversion);
    assert_eq!(ok("ToDecimal(true)"), dec("1.0"));
    assert_eq!(fails("ToDecimal(Now())"), ErrorKind::TypeMismatch);
    assert_eq!(ok("ToDecimal(NOT_SET)"), Value::NotSet);
}

#[test]
fn to_bool_takes_words_in_any_case_and_numbers() {
    assert_eq!(ok("ToBool('true')"), b(true));
    assert_eq!(ok("ToBool('TRUE')"), b(true));
    assert_eq!(ok("ToBool(' False ')"), b(false));
    assert_eq!(ok("ToBool(true)"), b(true));
    assert_eq!(ok("ToBool(0)"), b(false));
    assert_eq!(ok("ToBool(2)"), b(true));
    assert_eq!(ok("ToBool(-1)"), b(true));
    assert_eq!(ok("ToBool(0.0)"), b(false));
    assert_eq!(ok("ToBool(0.5)"), b(true));
    assert_eq!(ok("ToBool('1')"), Value::Bool(true));
    assert_eq!(ok("ToBool('t')"), b(true));
    assert_eq!(ok("ToBool('F')"), b(false));
    assert_eq!(ok("ToBool('0')"), b(false));
    assert_eq!(fails("ToBool(Now())"), ErrorKind::TypeMismatch);
    assert_eq!(ok("ToBool(NOT_SET)"), Value::NotSet, "a conversion of NOT_SET is NOT_SET");
}

/// Architect's Integer and Duration ranges (the Scripting SDK's constants `maxInt`/`minInt`,
/// `maxDurationMs`/`minDurationMs`: ±999,999,999,999,999) hold for every Integer and Duration a
/// function or conversion returns, as for `+`, `-` and `*`: past them is `overflow`.
#[test]
fn function_results_past_architects_integer_and_duration_ranges_overflow() {
    for text in [
        "Sum(999999999999999, 1)",
        "Sum(-999999999999999, -1)",
        "Sum(MakeList(999999999999999, 1))",
        "ToInt('1000000000000000')",
        "ToInt(' -1000000000000000 ')",
        "ToInt(ToDecimal('1000000000000000.5'))",
        "ToInt(JsonParse('{\"n\": 1000000000000000}').n)",
        "MakeDuration(99999999, 0, 0, 0)",
        "ToInt(MakeDuration(99999999, 0, 0, 0))",
        "MakeDuration(0, 0, 0, 1, 999999999999999)",
        "ToDuration('PT1000000000000S')",
        "Sum(MakeDuration(0, 0, 0, 0, 999999999999999), MakeDuration(0, 0, 0, 0, 1))",
    ] {
        assert_eq!(fails(text), ErrorKind::Overflow, "{text}");
    }
    let message = eval_str("Sum(999999999999999, 1)").unwrap_err().message;
    assert_eq!(
        message,
        "Sum: the result 1000000000000000 is past Architect's Integer range (±999,999,999,999,999)"
    );
    // At the ends of the ranges, and back within them before the end: no error.
    assert_eq!(ok("Sum(999999999999999, 0)"), int(999_999_999_999_999));
    assert_eq!(ok("Sum(999999999999999, 1, -1)"), int(999_999_999_999_999));
    assert_eq!(ok("ToInt('-999999999999999')"), int(-999_999_999_999_999));
    assert_eq!(ok("ToInt(MakeDuration(0, 0, 0, 0, 999999999999999))"), int(999_999_999_999_999));
    assert_eq!(ok("MakeDuration(0, 0, 0, 0, 999999999999999) == MakeDuration(0, 0, 0, 0, 999999999999999)"), b(true));
    // JSON keeps its numbers: they are Integers only once converted.
    assert_eq!(
        ok("GetJsonObjectProperty(JsonParse('{\"n\": 1000000000000000}'), 'n')"),
        int(1_000_000_000_000_000)
    );
}

/// The Scripting SDK (`AR_FN_BLN_TOBOOL_STR_RV`): "If the value in valueToConvert is NOT_SET or
/// doesn't match the true or false valid values, a NOT_SET Boolean is returned."
#[test]
fn to_bool_of_text_that_is_not_true_or_false_is_a_not_set_boolean() {
    for text in ["yes", "no", "Y", "N", "2", "truee", "on", "-1", "1.0", "   "] {
        assert_eq!(ok(&format!("ToBool('{text}')")), Value::NotSet, "{text:?}");
    }
    assert_eq!(ok("IsSet(ToBool('yes'))"), b(false));
    assert_eq!(ok("IsNotSetOrEmpty(ToBool('maybe'))"), b(true));
    // A Boolean operator still needs a set Boolean: NOT_SET there is `notSet`.
    assert_eq!(fails("ToBool('yes') and true"), ErrorKind::NotSet);
    assert_eq!(fails("If(ToBool('yes'), 1, 2)"), ErrorKind::NotSet);
}

#[test]
fn to_phone_number_gives_the_parts_architect_documents() {
    let member = |text: &str, m: &str| ok(&format!("ToPhoneNumber('{text}').{m}"));
    assert_eq!(member("+1 (317) 555-1234", "e164"), s("+13175551234"));
    assert_eq!(member("+1 (317) 555-1234", "dialingCode"), s("1"));
    assert_eq!(member("+1 (317) 555-1234", "subscriberNumber"), s("3175551234"));
    assert_eq!(member("+1 (317) 555-1234", "uri"), s("tel:+1 (317) 555-1234"));
    assert_eq!(member("13175551234", "subscriberNumber"), s("3175551234"));
    assert_eq!(member("13175551234", "e164"), Value::NotSet, "a national number has none");
    assert_eq!(member("13175551234", "isGlobal"), b(false));
    assert_eq!(member("+44 20 7123 4567", "dialingCode"), s("44"));
    assert_eq!(member("sip:ann@example.com", "isSip"), b(true));
    assert_eq!(member("sip:ann@example.com", "scheme"), s("sip"));
    assert_eq!(member("tel:+13175551234", "isTel"), b(true));
    assert_eq!(ok("ToPhoneNumber('(317) 555-1234') == ToPhoneNumber('+13175551234')"), b(true));
    assert_eq!(
        ok("ToPhoneNumber('+13175551234') == ToPhoneNumber('+443175551234')"),
        b(true),
        "the subscriber numbers decide (Phone number data type)"
    );
    assert_eq!(ok("ToPhoneNumber(ToPhoneNumber('3175551234'))"), phone("3175551234"));
    assert_eq!(shows("ToPhoneNumber('317 555 1234')"), "tel:317 555 1234");
    assert_eq!(fails("ToPhoneNumber('anonymous')"), ErrorKind::Conversion);
    assert_eq!(ok("ToPhoneNumber('')"), Value::NotSet, "as ToPhoneNumber(ToString(NOT_SET))");
    assert_eq!(fails("ToPhoneNumber(3175551234)"), ErrorKind::TypeMismatch);
    assert_eq!(ok("ToPhoneNumber(NOT_SET)"), Value::NotSet);
}

#[test]
fn to_datetime_parses_iso_8601() {
    assert_eq!(ok("ToDateTime('2026-01-01T09:00:00Z')"), Value::DateTime(now()));
    assert_eq!(ok("ToDateTime('2026-01-01T10:00:00+01:00') == Now()"), b(true));
    assert_eq!(ok("ToDateTime('2026-01-01T09:00:00')"), Value::DateTime(now()));
    assert_eq!(ok("ToDateTime(' 2026-01-01 ')"), Value::DateTime(now() - 9 * HOUR));
    assert_eq!(ok("ToDateTime(Now())"), Value::DateTime(now()));
    assert_eq!(fails("ToDateTime('yesterday')"), ErrorKind::Conversion);
    assert_eq!(ok("ToDateTime('')"), Value::NotSet, "blank text is NOT_SET");
    assert_eq!(ok("ToDateTime(5)"), Value::DateTime(5000), "seconds since 1970");
    assert_eq!(fails("ToDateTime(true)"), ErrorKind::TypeMismatch);
    assert_eq!(ok("ToDateTime(NOT_SET)"), Value::NotSet);
}

// ---- text -----------------------------------------------------------------------------------

#[test]
fn append_joins_display_text_and_reads_not_set_as_empty() {
    assert_eq!(ok("Append('a', 1, NOT_SET, true)"), s("a1true"));
    assert_eq!(ok("Append('Hello ', Flow.tier)"), s("Hello gold"));
    assert_eq!(ok("Append(Flow.missing)"), s(""));
    assert_eq!(ok("Append('x', 2.50, ' ', MakeDuration(0, 0, 0, 5))"), s("x2.5 PT5S"));
    assert_eq!(ok("Append(Flow.list)"), s("[1,2]"));
    assert_eq!(ok("Append('at ', Now())"), s("at 2026-01-01T09:00:00.000Z"));
    assert_eq!(ok("Append('', '')"), s(""));
}

#[test]
fn length_counts_characters() {
    assert_eq!(ok("Length('hello')"), int(5));
    assert_eq!(ok("Length('héllo')"), int(5));
    assert_eq!(ok("Length('日本語')"), int(3));
    assert_eq!(ok("Length('')"), int(0));
    assert_eq!(ok("Length(MakeList(1, NOT_SET))"), int(2));
    assert_eq!(ok("Length(ToPhoneNumber('+13175551234'))"), int(16), "the length of its URI");
    assert_eq!(fails("Length(5)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Length(NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn lower_upper_trim() {
    assert_eq!(ok("Lower('AbC')"), s("abc"));
    assert_eq!(ok("Lower('ÀÉ')"), s("àé"));
    assert_eq!(ok("Upper('AbC')"), s("ABC"));
    assert_eq!(ok("Upper('straße')"), s("STRASSE"));
    assert_eq!(ok("Trim('  a b  ')"), s("a b"));
    assert_eq!(ok("Trim(' \\t\\nx\\n')"), s("x"));
    assert_eq!(ok("Trim('   ')"), s(""));
    assert_eq!(fails("Lower(1)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Upper(true)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Trim(MakeList('a'))"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Lower(NOT_SET)"), ErrorKind::NotSet);
    assert_eq!(fails("Upper(Flow.missing)"), ErrorKind::NotSet);
    assert_eq!(fails("Trim(NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn contains_starts_with_ends_with_are_case_sensitive() {
    assert_eq!(ok("Contains('hello', 'ell')"), b(true));
    assert_eq!(ok("Contains('Hello', 'hello')"), b(false));
    assert_eq!(ok("Contains('hello', '')"), b(true));
    assert_eq!(ok("Contains('', 'a')"), b(false));
    assert_eq!(ok("StartsWith('hello', 'he')"), b(true));
    assert_eq!(ok("StartsWith('hello', 'He')"), b(false));
    assert_eq!(ok("StartsWith('he', 'hello')"), b(false));
    assert_eq!(ok("EndsWith('hello', 'lo')"), b(true));
    assert_eq!(ok("EndsWith('hello', 'LO')"), b(false));
    assert_eq!(ok("EndsWith('hello', '')"), b(true));
    assert_eq!(fails("Contains(1, '1')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("StartsWith('1', 1)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("EndsWith(Flow.list, 'x')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Contains(Flow.missing, 'x')"), ErrorKind::NotSet);
    assert_eq!(fails("StartsWith('x', NOT_SET)"), ErrorKind::NotSet);
    assert_eq!(fails("EndsWith(NOT_SET, 'x')"), ErrorKind::NotSet);
}

#[test]
fn substring_counts_characters_and_clips_the_length() {
    assert_eq!(ok("Substring('hello', 1, 3)"), s("ell"));
    assert_eq!(ok("Substring('hello', 0, 5)"), s("hello"));
    assert_eq!(ok("Substring('hello', 3, 10)"), s("lo"));
    assert_eq!(ok("Substring('hello', 0, 9223372036854775807)"), s("hello"));
    assert_eq!(ok("Substring('hello', 2, 0)"), s(""));
    assert_eq!(ok("Substring('hello', 5, 1)"), s(""), "a start at the end is allowed");
    assert_eq!(ok("Substring('', 0, 1)"), s(""));
    assert_eq!(ok("Substring('héllo wörld', 7, 3)"), s("örl"));
    assert_eq!(ok("Substring('hello', 1.0, 2)"), s("el"), "a whole Decimal is an Integer");
    assert_eq!(ok("Substring('+13175551234', 2, 3)"), s("317"));
}

#[test]
fn substring_errors() {
    assert_eq!(ok("Substring('hello', 6, 0)"), s(""), "past the end: empty");
    assert_eq!(ok("Substring('héllo', 6, 0)"), s(""));
    assert_eq!(fails("Substring('hello', -1, 2)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("Substring('hello', 1, -1)"), ErrorKind::IndexOutOfRange);
    assert_eq!(ok("Substring('hello', 9223372036854775807, 1)"), s(""));
    assert_eq!(fails("Substring('hello', 1.5, 2)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Substring('hello', '1', 2)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Substring(12345, 1, 2)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Substring(NOT_SET, 0, 1)"), ErrorKind::NotSet);
    assert_eq!(fails("Substring('x', Flow.missing, 1)"), ErrorKind::NotSet);
    assert_eq!(fails("Substring('x', 0, NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn left_and_right() {
    assert_eq!(ok("Left('hello', 2)"), s("he"));
    assert_eq!(ok("Left('hello', 0)"), s(""));
    assert_eq!(ok("Left('hello', 10)"), s("hello"));
    assert_eq!(ok("Left('日本語', 2)"), s("日本"));
    assert_eq!(ok("Right('hello', 2)"), s("lo"));
    assert_eq!(ok("Right('hello', 0)"), s(""));
    assert_eq!(ok("Right('hello', 10)"), s("hello"));
    assert_eq!(ok("Right('日本語', 1)"), s("語"));
    assert_eq!(ok("Right('', 9223372036854775807)"), s(""));
    assert_eq!(fails("Left('hello', -1)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("Right('hello', -1)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("Left(1, 1)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Right('x', 'y')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Left(NOT_SET, 1)"), ErrorKind::NotSet);
    assert_eq!(fails("Right('x', NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn replace_replaces_every_occurrence() {
    assert_eq!(ok("Replace('a-b-c', '-', '+')"), s("a+b+c"));
    assert_eq!(ok("Replace('aaa', 'aa', 'b')"), s("ba"), "left to right, no overlaps");
    assert_eq!(ok("Replace('tel:+13175551234', 'tel:', '')"), s("+13175551234"));
    assert_eq!(ok("Replace('Abc', 'a', 'x')"), s("Abc"), "case-sensitive");
    assert_eq!(ok("Replace('abc', '', 'x')"), s("abc"), "an empty search text changes nothing");
    assert_eq!(ok("Replace('héhé', 'é', 'e')"), s("hehe"));
    assert_eq!(ok("Replace('', 'a', 'b')"), s(""));
    assert_eq!(fails("Replace('abc', 'a', 1)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Replace(NOT_SET, 'a', 'b')"), ErrorKind::NotSet);
    assert_eq!(fails("Replace('a', NOT_SET, 'b')"), ErrorKind::NotSet);
    assert_eq!(ok("Replace('a', 'a', NOT_SET)"), s(""), "a NOT_SET replacement is empty");
}

#[test]
fn find_string_gives_a_character_position() {
    assert_eq!(ok("FindString('hello', 'l')"), int(2));
    assert_eq!(ok("FindString('hello', 'lo')"), int(3));
    assert_eq!(ok("FindString('hello', 'z')"), int(-1));
    assert_eq!(ok("FindString('Hello', 'h')"), int(-1), "case-sensitive");
    assert_eq!(ok("FindString('héllo', 'l')"), int(2), "characters, not bytes");
    assert_eq!(ok("FindString('abc', '')"), int(0));
    assert_eq!(ok("FindString('', 'a')"), int(-1));
    // The corpus's duration parsing: the hours of "PT1H2M3S".
    assert_eq!(
        ok("Substring('PT1H2M3S', FindString('PT1H2M3S', 'T') + 1, \
            FindString('PT1H2M3S', 'H') - FindString('PT1H2M3S', 'T') - 1)"),
        s("1")
    );
    assert_eq!(fails("FindString(1, '1')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("FindString('x', NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn split_on_the_whole_separator() {
    assert_eq!(ok("Split('a,b,,c', ',')"), strs(&["a", "b", "", "c"]));
    assert_eq!(ok("Split('a--b-c', '--')"), strs(&["a", "b-c"]));
    assert_eq!(ok("Split('abc', 'x')"), strs(&["abc"]));
    assert_eq!(ok("Split(',a,', ',')"), strs(&["", "a", ""]));
    assert_eq!(ok("Split('', ',')"), strs(&[""]));
    assert_eq!(ok("Split('héy', '')"), strs(&["h", "é", "y"]));
    assert_eq!(ok("Split('', '')"), strs(&[]));
    assert_eq!(ok("GetAt(Split('John Smith', ' '), 1)"), s("Smith"));
    assert_eq!(fails("Split('a', 1)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Split(NOT_SET, ',')"), ErrorKind::NotSet);
    assert_eq!(fails("Split('a', Flow.missing)"), ErrorKind::NotSet);
}

#[test]
fn split_stops_at_the_collection_limit() {
    let at_limit = format!("Count(Split('{}', ''))", "x".repeat(MAX_LIST_ITEMS));
    assert_eq!(ok(&at_limit), int(MAX_LIST_ITEMS as i64));
    let past = format!("Split('{}', '')", "x".repeat(MAX_LIST_ITEMS + 1));
    assert_eq!(fails(&past), ErrorKind::CollectionTooLarge);
    let past = format!("Split('{}', ',')", ",".repeat(MAX_LIST_ITEMS));
    assert_eq!(fails(&past), ErrorKind::CollectionTooLarge);
}

// ---- collections ----------------------------------------------------------------------------

#[test]
fn count_and_get_at() {
    assert_eq!(ok("Count(MakeList(1, 2))"), int(2));
    assert_eq!(ok("Count(Flow.list)"), int(2));
    assert_eq!(ok("Count(Split('', ''))"), int(0));
    assert_eq!(ok("GetAt(MakeList('a', 'b'), 1)"), s("b"));
    assert_eq!(ok("GetAt(Flow.list, 0)"), int(1));
    assert_eq!(ok("GetAt(MakeList(1, NOT_SET), 1)"), Value::NotSet);
    assert_eq!(fails("GetAt(MakeList('a', 'b'), 2)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("GetAt(MakeList('a', 'b'), -1)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("GetAt(Flow.list, -9223372036854775807)"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("GetAt(Flow.list, '0')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("GetAt('ab', 0)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Count('abc')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Count(NOT_SET)"), ErrorKind::NotSet);
    assert_eq!(fails("GetAt(Flow.missing, 0)"), ErrorKind::NotSet);
    assert_eq!(fails("GetAt(Flow.list, NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn make_list_keeps_not_set_items() {
    assert_eq!(ok("MakeList(1, NOT_SET)"), list(vec![int(1), Value::NotSet]));
    assert_eq!(ok("MakeList(NOT_SET)"), list(vec![Value::NotSet]));
    assert_eq!(ok("MakeList(1, 'a', 2.5)"), list(vec![int(1), s("a"), dec("2.5")]));
    assert_eq!(ok("Count(MakeList(Flow.missing, Flow.missing))"), int(2));
    assert_eq!(fails("MakeList(Flow.list)"), ErrorKind::TypeMismatch, "no nested collections");
    assert_eq!(fails("MakeList(1, MakeList(2))"), ErrorKind::TypeMismatch);
}

#[test]
fn make_list_refuses_more_than_the_limit() {
    let ctx = Ctx { now_ms: 0 };
    let at_limit = vec![int(1); MAX_LIST_ITEMS];
    assert!(super::collections::make_list(&ctx, &at_limit).is_ok());
    let past = vec![int(1); MAX_LIST_ITEMS + 1];
    let err = super::collections::make_list(&ctx, &past).unwrap_err();
    assert_eq!(err.kind, ErrorKind::CollectionTooLarge);
}

#[test]
fn find_first_compares_like_equals() {
    assert_eq!(ok("FindFirst(MakeList('a', 'b', 'a'), 'a')"), int(0));
    assert_eq!(ok("FindFirst(MakeList('a', 'b', 'a'), 'b')"), int(1));
    assert_eq!(ok("FindFirst(MakeList('a', 'b'), 'z')"), int(-1));
    assert_eq!(ok("FindFirst(MakeList('A'), 'a')"), int(-1), "case-sensitive");
    assert_eq!(ok("FindFirst(MakeList(1, 2), 2.0)"), int(1), "numbers compare numerically");
    assert_eq!(ok("FindFirst(MakeList(1, 2), '2')"), int(-1), "other types are unequal");
    assert_eq!(ok("FindFirst(MakeList(1, NOT_SET), NOT_SET)"), int(1));
    assert_eq!(ok("FindFirst(Flow.list, Flow.missing)"), int(-1));
    assert_eq!(ok("FindFirst(Split('', ''), 'a')"), int(-1));
    assert_eq!(fails("FindFirst('abc', 'a')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("FindFirst(NOT_SET, 1)"), ErrorKind::NotSet);
}

// ---- math -----------------------------------------------------------------------------------

#[test]
fn abs_keeps_the_type() {
    assert_eq!(ok("Abs(-3)"), int(3));
    assert_eq!(ok("Abs(3)"), int(3));
    assert_eq!(ok("Abs(-2.5)"), dec("2.5"));
    assert_eq!(ok("Abs(0)"), int(0));
    assert_eq!(fails("Abs(-9223372036854775807 - 1)"), ErrorKind::Overflow);
    assert_eq!(fails("Abs('1')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Abs(NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn min_and_max_of_numbers() {
    assert_eq!(ok("Min(3, 1, 2)"), int(1));
    assert_eq!(ok("Max(3, 1, 2)"), int(3));
    assert_eq!(ok("Min(5)"), int(5));
    assert_eq!(ok("Min(3, 1.5, 2)"), dec("1.5"));
    assert_eq!(ok("Max(3, 1.5, 2)"), dec("3.0"), "a Decimal argument makes a Decimal");
    assert_eq!(ok("Max(-1, -2)"), int(-1));
    assert_eq!(ok("Min(999999999999999, -999999999999999)"), int(-999_999_999_999_999));
    // An Integer past Architect's range (only a literal flowsim's evaluator reads unchecked
    // gives one) is `overflow` out of any function, as out of `+`.
    assert_eq!(fails("Max(9223372036854775807, 1)"), ErrorKind::Overflow);
}

#[test]
fn min_and_max_of_a_collection() {
    assert_eq!(ok("Min(Flow.list)"), int(1));
    assert_eq!(ok("Max(Flow.list)"), int(2));
    assert_eq!(ok("Min(MakeList(2, 0.5))"), dec("0.5"));
    assert_eq!(ok("Max(Split('', ''))"), Value::NotSet, "an empty collection has none");
    assert_eq!(fails("Min(MakeList(1, NOT_SET))"), ErrorKind::NotSet);
    assert_eq!(fails("Max(MakeList(1, 'a'))"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Min(Flow.list, 3)"), ErrorKind::TypeMismatch, "one collection, alone");
}

#[test]
fn min_and_max_errors() {
    assert_eq!(fails("Min(1, 'a')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Max(true)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Min(1, NOT_SET)"), ErrorKind::NotSet);
    assert_eq!(fails("Max(Flow.missing)"), ErrorKind::NotSet);
}

#[test]
fn round_to_an_integer_halves_away_from_zero() {
    assert_eq!(ok("Round(2.5)"), dec("3.0"), "a Decimal stays a Decimal");
    assert_eq!(ok("Round(-2.5)"), dec("-3.0"));
    assert_eq!(ok("Round(2.4)"), dec("2.0"));
    assert_eq!(ok("Round(0.5)"), dec("1.0"));
    assert_eq!(ok("Round(-0.4)"), dec("-0.0"));
    assert_eq!(ok("Round(7)"), int(7));
    assert_eq!(ok("Round(7 / 2)"), dec("4.0"));
    assert_eq!(ok("Round(10000000000000000000.0)"), dec("1e19"));
    assert_eq!(fails("Round('1')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Round(NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn round_to_places_gives_a_decimal() {
    assert_eq!(ok("Round(2.675, 2)"), dec("2.68"), "as written, not as stored");
    assert_eq!(ok("Round(1.005, 2)"), dec("1.01"));
    assert_eq!(ok("Round(-1.005, 2)"), dec("-1.01"));
    assert_eq!(ok("Round(1.23456, 3)"), dec("1.235"));
    assert_eq!(ok("Round(1234.5678, 0)"), dec("1235.0"));
    assert_eq!(ok("Round(0.0004, 2)"), dec("0.0"));
    assert_eq!(ok("Round(0.005, 2)"), dec("0.01"));
    assert_eq!(ok("Round(0.05, 0)"), dec("0.0"));
    assert_eq!(ok("Round(1.5, 20)"), dec("1.5"));
    assert_eq!(ok("Round(7, 2)"), dec("7.0"), "an Integer in, a Decimal out");
    assert_eq!(ok("Round(1250, -2)"), dec("1300.0"), "negative places round before the point");
    assert_eq!(ok("Round(1.5, -9223372036854775807)"), dec("0.0"));
    assert_eq!(ok("Round(1.5, 9223372036854775807)"), dec("1.5"));
    assert_eq!(shows("Round(2 / 3, 2)"), "0.67");
    assert_eq!(fails("Round(1.5, 1.5)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Round(1.5, NOT_SET)"), ErrorKind::NotSet);
}

// ---- date and time --------------------------------------------------------------------------

#[test]
fn now_is_the_virtual_clock() {
    assert_eq!(ok("Now()"), Value::DateTime(now()));
    assert_eq!(ok("GetCurrentDateTimeUtc()"), Value::DateTime(now()));
    assert_eq!(ok("getcurrentdatetimeutc() == now()"), b(true));
    assert_eq!(shows("Now()"), "2026-01-01T09:00:00.000Z");
}

#[test]
fn add_to_a_datetime() {
    assert_eq!(shows("AddSeconds(Now(), 90)"), "2026-01-01T09:01:30.000Z");
    assert_eq!(ok("AddSeconds(Now(), 1.5)"), Value::DateTime(now() + 1_500));
    assert_eq!(ok("AddSeconds(Now(), 0.0004)"), Value::DateTime(now()), "whole milliseconds");
    assert_eq!(shows("AddMinutes(Now(), -5)"), "2026-01-01T08:55:00.000Z");
    assert_eq!(shows("AddHours(Now(), 15)"), "2026-01-02T00:00:00.000Z");
    assert_eq!(shows("AddDays(Now(), 31)"), "2026-02-01T09:00:00.000Z");
    assert_eq!(shows("AddDays(Now(), 0.5)"), "2026-01-01T21:00:00.000Z");
    assert_eq!(ok("AddHours(Now(), 24) == AddDays(Now(), 1)"), b(true));
    assert_eq!(ok("AddDays(Now(), -1) < Now()"), b(true));
}

#[test]
fn add_errors() {
    assert_eq!(fails("AddDays(Now(), 9223372036854775807)"), ErrorKind::Overflow);
    assert_eq!(fails("AddDays(Now(), 10000000)"), ErrorKind::Overflow, "past the year 9999");
    assert_eq!(fails(&format!("AddSeconds(Now(), {})", huge())), ErrorKind::Overflow);
    assert_eq!(fails(&format!("AddMinutes(Now(), -{})", huge())), ErrorKind::Overflow);
    assert_eq!(fails("AddSeconds('2026-01-01T09:00:00Z', 1)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("AddSeconds(Now(), '1')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("AddHours(MakeDuration(1), 1)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("AddSeconds(Now(), NOT_SET)"), ErrorKind::NotSet);
    assert_eq!(fails("AddDays(Flow.missing, 1)"), ErrorKind::NotSet);
}

#[test]
fn date_time_diff_is_the_first_minus_the_second() {
    assert_eq!(ok("DateTimeDiff(AddHours(Now(), 1), Now())"), Value::Duration(HOUR));
    assert_eq!(ok("DateTimeDiff(Now(), AddHours(Now(), 1))"), Value::Duration(-HOUR));
    assert_eq!(shows("DateTimeDiff(AddSeconds(Now(), 90), Now())"), "PT1M30S");
    assert_eq!(ok("DateTimeDiff(Now(), Now())"), Value::Duration(0));
    assert_eq!(
        ok("DateTimeDiff(Now(), ToDateTime('2026-01-01T08:00:00Z')) >= MakeDuration(0, 0, 30)"),
        b(true)
    );
    assert_eq!(fails("DateTimeDiff(Now(), '2026-01-01')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("DateTimeDiff(NOT_SET, Now())"), ErrorKind::NotSet);
}

#[test]
fn make_duration_from_days_hours_minutes_seconds() {
    assert_eq!(ok("MakeDuration(0, 0, 1, 30)"), Value::Duration(90 * SECOND));
    assert_eq!(ok("MakeDuration(1)"), Value::Duration(24 * HOUR));
    assert_eq!(ok("MakeDuration(0, 2)"), Value::Duration(2 * HOUR));
    assert_eq!(ok("MakeDuration(0, 0, 0, 1.5)"), Value::Duration(1_500));
    assert_eq!(ok("MakeDuration(0, 0, 0, 0, 250)"), Value::Duration(250));
    assert_eq!(ok("MakeDuration(0, 0, 0, 90, 0)"), Value::Duration(90 * SECOND));
    assert_eq!(ok("MakeDuration(-1, 0, 0, 0)"), Value::Duration(-24 * HOUR));
    assert_eq!(ok("MakeDuration(0, 0, 1.0)"), Value::Duration(60 * SECOND));
    assert_eq!(shows("MakeDuration(0, 1, 2, 3.25)"), "PT1H2M3.25S");
}

#[test]
fn make_duration_errors() {
    assert_eq!(
        fails("MakeDuration(0, 1.5)"),
        ErrorKind::TypeMismatch,
        "only seconds may be Decimal"
    );
    assert_eq!(fails("MakeDuration(0, 0, 0, '1')"), ErrorKind::TypeMismatch);
    assert_eq!(fails("MakeDuration(0, 0, 0, 0, 1.5)"), ErrorKind::TypeMismatch);
    assert_eq!(fails("MakeDuration(9223372036854775807)"), ErrorKind::Overflow);
    assert_eq!(fails(&format!("MakeDuration(0, 0, 0, {})", huge())), ErrorKind::Overflow);
    assert_eq!(
        fails("MakeDuration(0, 0, 0, 9223372036854775, 9223372036854775807)"),
        ErrorKind::Overflow
    );
    assert_eq!(fails("MakeDuration(NOT_SET)"), ErrorKind::NotSet);
    assert_eq!(fails("MakeDuration(0, 0, 0, Flow.missing)"), ErrorKind::NotSet);
    assert!(crate::expr::parse("MakeDuration(0, 0, 0, 0, 0, 0)").is_err(), "at most five");
    assert!(crate::expr::parse("MakeDuration()").is_err(), "at least one");
}

// ---- limits ---------------------------------------------------------------------------------

#[test]
fn string_results_stay_within_the_limit() {
    let ctx = Ctx { now_ms: 0 };
    let half = Value::Str(Arc::from("x".repeat(MAX_STRING_BYTES / 2 + 1)));
    let err = super::text::append(&ctx, &[half.clone(), half.clone()]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::StringTooLong);
    let err = super::text::replace(&ctx, &[half.clone(), s("x"), s("xx")]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::StringTooLong);
    let many = list(vec![half.clone(), half]);
    let err = super::convert::to_string(&ctx, &[many]).unwrap_err();
    assert_eq!(err.kind, ErrorKind::StringTooLong);
}

// ---- properties -----------------------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::NotSet),
            any::<bool>().prop_map(Value::Bool),
            prop_oneof![
                any::<i64>(),
                -3..30i64,
                Just(i64::MIN),
                Just(i64::MAX),
                Just(i64::MAX / 1000),
            ]
            .prop_map(Value::Int),
            prop_oneof![
                (any::<i64>(), 0..=28u32)
                    .prop_map(|(n, p)| crate::expr::decimal::Decimal::new(n, p)),
                (-1_000_000i64..1_000_000, 0..=3u32)
                    .prop_map(|(n, p)| crate::expr::decimal::Decimal::new(n, p)),
                Just(crate::expr::decimal::Decimal::MAX),
                Just(crate::expr::decimal::Decimal::MIN),
                Just(crate::expr::decimal::dec("-0.0")),
                Just(crate::expr::decimal::dec("1e19")),
            ]
            .prop_map(Value::Dec),
            "\\PC{0,12}".prop_map(|t| Value::str(&t)),
            "[0-9 +()-]{0,16}".prop_map(|t| Value::str(&t)),
            any::<i64>().prop_map(Value::Duration),
            prop_oneof![any::<i64>(), -1_000_000_000_000..1_000_000_000_000i64]
                .prop_map(Value::DateTime),
            "\\+[0-9]{1,15}".prop_map(|t| phone(&t)),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            4 => scalar(),
            1 => prop::collection::vec(scalar(), 0..6).prop_map(|v| Value::List(Arc::new(v))),
        ]
    }

    fn chars(t: &str) -> Vec<char> {
        t.chars().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// No function panics on any value, a collection never nests (a JSON array may: a
        /// function whose result is JSON is held only to the limit) or passes the limit, and
        /// nothing is left unimplemented.
        #[test]
        fn no_function_panics(
            which in 0..FUNCTIONS.len(),
            args in prop::collection::vec(value(), 0..7),
            now_ms in any::<i64>(),
        ) {
            let def = &FUNCTIONS[which];
            let Imp::Eager(f) = def.imp else { return Ok(()) };
            let n = args.len().clamp(usize::from(def.min_args), usize::from(def.max_args));
            let mut args = args;
            args.resize(n, Value::Int(1));
            match f(&Ctx { now_ms }, &args) {
                Ok(Value::List(items)) => {
                    prop_assert!(items.len() <= MAX_LIST_ITEMS);
                    let json = def.sig.trim_end().ends_with("-> jsn");
                    prop_assert!(json || !items.iter().any(|v| matches!(v, Value::List(_))));
                }
                Ok(Value::Str(t)) => prop_assert!(t.len() <= MAX_STRING_BYTES),
                Ok(_) => {}
                Err(e) => prop_assert!(!e.message.contains("not implemented"), "{}", e.message),
            }
        }

        /// ToInt reads back what ToString writes.
        #[test]
        fn to_int_round_trips(n in any::<i64>()) {
            let text = eval_str(&format!("ToString({n})"));
            if let Ok(Value::Str(t)) = text {
                let back = super::super::convert::to_int(&Ctx { now_ms: 0 }, &[Value::Str(t)]);
                prop_assert_eq!(back, Ok(Value::Int(n)));
            }
        }

        /// Substring, Left and Right agree with slicing a vector of characters.
        #[test]
        fn slicing_counts_characters(t in "\\PC{0,10}", start in -2..14i64, len in -2..14i64) {
            let ctx = Ctx { now_ms: 0 };
            let cs = chars(&t);
            let sub = super::super::text::substring(&ctx, &[s(&t), int(start), int(len)]);
            if start < 0 || len < 0 {
                prop_assert_eq!(sub.unwrap_err().kind, ErrorKind::IndexOutOfRange);
            } else if start as usize > cs.len() {
                prop_assert_eq!(sub, Ok(s("")));
            } else {
                let from = start as usize;
                let to = (from + len as usize).min(cs.len());
                let want: String = cs[from..to].iter().collect();
                prop_assert_eq!(sub, Ok(s(&want)));
            }
            let left = super::super::text::left(&ctx, &[s(&t), int(len)]);
            let right = super::super::text::right(&ctx, &[s(&t), int(len)]);
            if len < 0 {
                prop_assert_eq!(left.unwrap_err().kind, ErrorKind::IndexOutOfRange);
                prop_assert_eq!(right.unwrap_err().kind, ErrorKind::IndexOutOfRange);
            } else {
                let k = (len as usize).min(cs.len());
                prop_assert_eq!(left, Ok(s(&cs[..k].iter().collect::<String>())));
                prop_assert_eq!(right, Ok(s(&cs[cs.len() - k..].iter().collect::<String>())));
            }
        }

        /// FindString's position finds the text again with Substring.
        #[test]
        fn find_string_agrees_with_substring(t in "[abé]{0,8}", find in "[abé]{1,2}") {
            let ctx = Ctx { now_ms: 0 };
            let found = super::super::text::find_string(&ctx, &[s(&t), s(&find)]).unwrap();
            let Value::Int(at) = found else { panic!("{found:?}") };
            if at < 0 {
                prop_assert!(!t.contains(&find));
            } else {
                let len = int(chars(&find).len() as i64);
                let sub = super::super::text::substring(&ctx, &[s(&t), int(at), len]);
                prop_assert_eq!(sub, Ok(s(&find)));
            }
        }

        /// The E.164 form of an E.164 form is itself.
        #[test]
        fn e164_is_idempotent(raw in "[0-9 +()-]{0,18}") {
            if let Some(e) = crate::phone::to_e164(&raw, "1") {
                prop_assert!(e.starts_with('+'));
                prop_assert_eq!(crate::phone::to_e164(&e, "1"), Some(e.clone()));
            }
        }

        /// Round(x, n) is within half a unit of the last place of x.
        #[test]
        fn round_to_places_is_close(n in -1_000_000_000_000_000i64..1_000_000_000_000_000, scale in 0..=9u32, places in 0..6i64) {
            use crate::expr::decimal::Decimal;
            let x = Decimal::new(n, scale);
            let r = super::super::math::round(&Ctx { now_ms: 0 }, &[Value::Dec(x), int(places)]);
            let Ok(Value::Dec(r)) = r else { panic!("{r:?}") };
            let half_unit = Decimal::new(5, places as u32 + 1);
            prop_assert!((r - x).abs() <= half_unit, "{x} {places} {r}");
            prop_assert!(r.normalize().scale() <= places as u32, "{x} {places} {r}");
        }
    }
}

/// `ToString(x, places)`: the Scripting SDK's facets give every overload's `decimalPlaces` 1 to
/// 28 (`tools/oracle/data/functions.json`); `flowsim check` refuses a literal outside them, and
/// a value outside them at run time is `indexOutOfRange`, in the words of Architect's check.
#[test]
fn to_string_decimal_places_are_1_to_28() {
    assert_eq!(ok("ToString(1.5, 1)"), s("1.5"));
    assert_eq!(ok("ToString(1.5, 28)"), s(&format!("1.5{}", "0".repeat(27))));
    assert_eq!(ok("ToString(MakeCurrency(1.5, 'USD'), 3)"), s("1.500|USD"));
    for text in [
        "ToString(1.5, ToInt('0'))",
        "ToString(1.5, ToInt('29'))",
        "ToString(1.5, ToInt('-1'))",
        "ToString(1.5, ToInt('40'))",
        "ToString(MakeCurrency(1.5, 'USD'), ToInt('0'))",
        "ToString(MakeList(1.5, 2.5), ToInt('29'))",
        "ToString(MakeList(1.5, 2.5), '|', ToInt('0'))",
    ] {
        assert_eq!(fails(text), ErrorKind::IndexOutOfRange, "{text}");
    }
    assert_eq!(
        eval_str("ToString(1.5, ToInt('-1'))").unwrap_err().message,
        "ToString: the value of -1 supplied to the decimalPlaces parameter is less than the \
         minimum allowed of 1 (1 to 28 places)"
    );
    assert_eq!(
        eval_str("ToString(1.5, ToInt('29'))").unwrap_err().message,
        "ToString: the value of 29 supplied to the decimalPlaces parameter is greater than the \
         maximum allowed of 28 (1 to 28 places)"
    );
    // Places that are no Integer are the wrong type still.
    assert_eq!(fails("ToString(MakeList(1.5), '|', '2')"), ErrorKind::TypeMismatch);
}
