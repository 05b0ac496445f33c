//! Tests of the functions added to complete the catalogue: directed rounding
//! with places, sorting and searching collections, more date-time parts, display patterns and
//! the by-id lookups. Each expression is written for this test, not taken from a flow.

use crate::expr::check::{infer, BuiltinsOnly};
use crate::expr::decimal::dec;
use crate::expr::eval::tests::{fails, ok, shows};
use crate::expr::parse;
use crate::expr::value::Value;
use crate::kind::ErrorKind;

/// The static type of `text`.
#[track_caller]
fn typed(text: &str) -> String {
    let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    infer(&e, &BuiltinsOnly).unwrap_or_else(|e| panic!("{text}: {e}")).to_string()
}

/// Whether the checker refuses `text` before it runs.
#[track_caller]
fn refused(text: &str) -> bool {
    let e = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    infer(&e, &BuiltinsOnly).is_err()
}

#[test]
fn every_rounding_direction_with_and_without_places() {
    assert_eq!(ok("Truncate(2.9)"), Value::Int(2));
    assert_eq!(ok("Truncate(-2.9)"), Value::Int(-2));
    assert_eq!(ok("Truncate(5)"), Value::Int(5));
    assert_eq!(ok("Truncate(-2.129, 2)"), Value::Dec(dec("-2.12")));
    assert_eq!(ok("RoundUp(2.121, 2)"), Value::Dec(dec("2.13")));
    assert_eq!(ok("RoundUp(2.12, 2)"), Value::Dec(dec("2.12")), "already at two places");
    assert_eq!(ok("RoundUp(-2.129, 2)"), Value::Dec(dec("-2.12")));
    assert_eq!(ok("RoundDown(2.129, 2)"), Value::Dec(dec("2.12")));
    assert_eq!(ok("RoundDown(-2.121, 2)"), Value::Dec(dec("-2.13")));
    assert_eq!(ok("RoundDown(1234, -2)"), Value::Dec(dec("1200.0")));
    assert_eq!(ok("Round(2.5)"), Value::Dec(dec("3.0")), "half away from zero");
    assert_eq!(ok("Round(-2.5)"), Value::Dec(dec("-3.0")));
    assert_eq!(typed("Truncate(2.5)"), "Integer");
    // Architect's RoundUp rounds Durations; flowsim's numbers overloads are its own (it runs
    // them), and `check` refuses them as Architect does.
    assert!(refused("RoundUp(2, 1)"));
    assert_eq!(fails("Truncate(\"2\")"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Truncate(NOT_SET)"), ErrorKind::NotSet);
}

#[test]
fn collections_sort_reverse_and_search() {
    assert_eq!(shows("Sort(MakeList(3, 1, 2))"), "[1,2,3]");
    assert_eq!(shows("Sort(MakeList(3, 1.5, 2), true)"), "[3,2,1.5]");
    assert_eq!(shows("Sort(MakeList(\"b\", \"B\", \"a\"))"), r#"["B","a","b"]"#);
    assert_eq!(shows("Sort(MakeList(2, NOT_SET, 1), true)"), "[2,1,null]");
    assert_eq!(shows("Sort(MakeList(true, false))"), "[false,true]");
    assert_eq!(shows("Reverse(MakeList(1, 2, 3))"), "[3,2,1]");
    assert_eq!(ok("FindLast(MakeList(\"a\", \"b\", \"a\"), \"a\")"), Value::Int(2));
    assert_eq!(ok("FindLast(MakeList(1), 2)"), Value::Int(-1));
    assert_eq!(ok("Contains(MakeList(1, 2), 2.0)"), Value::Bool(true));
    assert_eq!(ok("Contains(Split(\"a,b\", \",\"), \"c\")"), Value::Bool(false));
    assert_eq!(ok("Contains(\"abc\", \"b\")"), Value::Bool(true), "the text form stays");
    assert_eq!(typed("Sort(MakeList(3, 1))"), "Integer Collection");
    // Architect's Contains is the text form only: `check` refuses the collection form.
    assert!(refused("Contains(MakeList(1), 1)"));
    assert_eq!(fails("Sort(MakeList(1, \"a\"))"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Sort(MakeList(1), 1)"), ErrorKind::TypeMismatch);
    assert_eq!(ok("Reverse(\"abc\")"), Value::str("cba"), "text reverses too");
}

#[test]
fn more_parts_of_a_date_time() {
    // The test clock is 2026-01-01T09:00:00Z.
    assert_eq!(ok("GetDayOfYear(AddDays(Now(), 40))"), Value::Int(41));
    assert_eq!(ok("GetMillisecond(AddMilliseconds(Now(), 1250))"), Value::Int(250));
    assert_eq!(shows("AddMilliseconds(Now(), -1)"), "2026-01-01T08:59:59.999Z");
    assert_eq!(fails("AddMilliseconds(Now(), 1.5)"), ErrorKind::TypeMismatch);
    assert_eq!(typed("GetDayOfYear(Now())"), "Integer");
}

#[test]
fn display_patterns_for_date_times_and_numbers() {
    let at = "MakeDateTime(2026, 3, 7, 14, 5, 9)";
    assert_eq!(
        shows(&format!("ToDisplayString({at}, \"yyyy-MM-dd HH:mm:ss\")")),
        "2026-03-07 14:05:09"
    );
    assert_eq!(
        shows(&format!("ToDisplayString({at}, \"dddd, MMMM d, yyyy\")")),
        "Saturday, March 7, 2026"
    );
    assert_eq!(
        shows(&format!("ToDisplayString({at}, \"EEE MMM dd yy h:mm a\")")),
        "Sat Mar 07 26 2:05 PM"
    );
    assert_eq!(shows(&format!("ToDisplayString({at}, \"hh 'o''clock' tt\")")), "02 o'clock PM");
    assert_eq!(
        shows(&format!("ToDisplayString({at}, \"yyyy-MM-dd'T'HH:mm:ss.SSSX\")")),
        "2026-03-07T14:05:09.000Z"
    );
    assert_eq!(shows("ToDisplayString(1234567.891, \"#,##0.00\")"), "1,234,567.89");
    assert_eq!(shows("ToDisplayString(2.5, \"0.###\")"), "2.5");
    assert_eq!(shows("ToDisplayString(7, \"000\")"), "007");
    assert_eq!(shows("ToDisplayString(0.125, \"0.0%\")"), "12.5%");
    assert_eq!(shows("ToDisplayString(-3.14159, \"$0.00\")"), "-$3.14");
    assert_eq!(shows("ToDisplayString(2.675, \"0.00\")"), "2.68", "as written, not as stored");
    // A format constant is NOT_SET offline: the default text.
    assert_eq!(
        shows(&format!("ToDisplayString({at}, Format.Date.shortYear)")),
        "2026-03-07T14:05:09.000Z"
    );
    assert_eq!(shows("ToDisplayString(\"abc\", \"0.00\")"), "abc", "text has no pattern");
    assert_eq!(fails(&format!("ToDisplayString({at}, \"yyyy-QQ\")")), ErrorKind::Conversion);
    assert_eq!(fails("ToDisplayString(5, \"abc\")"), ErrorKind::Conversion);
}

#[test]
fn lookups_by_id_fail_closed_without_fixtures() {
    for text in [
        "FindSkillById(\"s1\")",
        "FindLanguageSkillById(\"l1\")",
        "FindGroupById(\"g1\")",
        "FindScheduleGroupById(\"sg1\")",
        "FindEmergencyGroupById(\"e1\")",
    ] {
        assert_eq!(ok(text), Value::NotSet, "{text}");
    }
    assert_eq!(typed("FindGroupById(\"g1\")"), "Group");
    assert_eq!(ok("FindSkillById(NOT_SET)"), Value::NotSet);
}
