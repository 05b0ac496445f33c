//! Architect's typing rules as `flowsim expr check` and `flowsim check` enforce them, read from
//! the Scripting SDK's checker (docs/expressions.md, "Typing rules"): one type per call where
//! Architect asks for one (Integer and Decimal do not mix), homogeneous collections, NOT_SET
//! only where a parameter allows it, only the overloads Architect has, and the flow types an
//! overload is limited to. Each refusal names the call, the types and where it is.

use crate::cli::flowsim;
use crate::support::check_errors as errors;

/// `flowsim expr check TEXT` (with `--declare` pairs): the exit code, and the type or the
/// error's text.
#[track_caller]
fn expr_check(text: &str, declare: &[&str]) -> (i32, String) {
    let mut args = vec!["expr", "check", "--color", "never"];
    for d in declare {
        args.extend(["--declare", d]);
    }
    args.push(text);
    let o = flowsim(&args);
    (o.code, if o.code == 0 { o.stdout.trim().to_owned() } else { o.stderr })
}

/// The refusal of `text`: exit code 1 and the message, which must name `words`.
#[track_caller]
fn refused(text: &str, words: &[&str]) -> String {
    let (code, out) = expr_check(text, &["Flow.phone=phoneNumber"]);
    assert_eq!(code, 1, "{text} is refused: {out}");
    for w in words {
        assert!(out.contains(w), "{text}: the message names {w:?}:\n{out}");
    }
    out
}

#[test]
fn integers_and_decimals_do_not_mix_where_a_call_asks_one_type() {
    let out = refused("Sum(1, 2.5)", &["Sum has no overload that takes (Integer, Decimal)"]);
    assert!(out.contains("ToDecimal"), "the help says how to convert: {out}");
    refused(
        "If(true, 1, 2.5)",
        &["If: arguments 2 and 3 must be of one type, not Integer and Decimal"],
    );
    refused(
        "MakeDuration(0, 0, 0, 1.5)",
        &["MakeDuration: argument 4 must be Integer, not Decimal"],
    );
    // Where Architect has the mixed overloads, they stand.
    assert_eq!(expr_check("1 + 2.5", &[]), (0, "Decimal".to_owned()));
    assert_eq!(expr_check("Sum(1, 2)", &[]), (0, "Integer".to_owned()));
    assert_eq!(expr_check("Sum(ToDecimal(1), 2.5)", &[]), (0, "Decimal".to_owned()));
}

#[test]
fn a_collection_holds_one_type() {
    refused("MakeList(\"a\", 1.5)", &["MakeList: arguments 1 and 2 must be of one type"]);
    refused(
        "Sum(MakeList(1, 2.5))",
        &["MakeList: arguments 1 and 2 must be of one type, not Integer and Decimal"],
    );
    refused("MakeList(NOT_SET)", &["every argument is NOT_SET"]);
    assert_eq!(expr_check("MakeList(1, NOT_SET)", &[]), (0, "Integer Collection".to_owned()));
    assert_eq!(expr_check("Sum(MakeList(1.5, 2.5))", &[]), (0, "Decimal".to_owned()));
}

#[test]
fn not_set_and_argument_counts_are_architects() {
    refused("Append(NOT_SET)", &["Append has no overload that takes (NOT_SET)"]);
    refused("Append(\"a\")", &["Append has no overload that takes (String)"]);
    refused("MakeDuration(1)", &["MakeDuration has no overload that takes (Integer)"]);
    refused("NOT_SET + 1", &["`+` cannot take NOT_SET and Integer"]);
    assert_eq!(expr_check("Append(\"a\", NOT_SET)", &[]), (0, "String".to_owned()));
    assert_eq!(expr_check("MakeDuration(0, 0, 1, 30)", &[]), (0, "Duration".to_owned()));
}

#[test]
fn only_the_overloads_architect_has() {
    // Architect has ToAudioDateTime(DateTime) alone.
    refused(
        "ToAudioDateTime(GetCurrentDateTimeUtc(), Format.DateTime.shortYear)",
        &["ToAudioDateTime has no overload that takes (DateTime, Format)"],
    );
    // Four, six or seven Integers; a PhoneNumber is none of them. Before, flowsim typed
    // this "Unknown" with no error.
    refused(
        "GetDayOfWeekOccurrence(1, 2, 3, 4, Flow.phone)",
        &["GetDayOfWeekOccurrence has no overload that takes (Integer, Integer, Integer, Integer, PhoneNumber)"],
    );
    // The caret points at the call.
    let out = refused("Length(\"ab\") + Sum(1, 2.5)", &["Sum has no overload"]);
    assert!(out.contains("^^^^^^^^^^^"), "a caret under `Sum(1, 2.5)`: {out}");
    // DateTime minus DateTime is DateTimeDiff's.
    refused(
        "GetCurrentDateTimeUtc() - GetCurrentDateTimeUtc()",
        &["cannot take DateTime and DateTime"],
    );
}

#[test]
fn a_function_no_source_shows_is_checked_with_a_warning() {
    let o = flowsim(&["expr", "check", "--color", "never", "AddDays(Now(), 1)"]);
    assert_eq!((o.code, o.stdout.trim()), (0, "DateTime"), "{}", o.stderr);
    assert!(o.stderr.contains("warning[unverifiedFunction]"), "{}", o.stderr);
    assert!(o.stderr.contains("`Now` is a function no Genesys page"), "{}", o.stderr);
    let o = flowsim(&["expr", "check", "--color", "never", "AddDays(GetCurrentDateTimeUtc(), 1)"]);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
}

/// A call flow whose Update Data writes `exp` to a String.
fn flow(exp: &str) -> String {
    crate::support::archy_expression_flow(exp, [])
}

#[test]
fn check_refuses_a_flow_with_a_call_architect_refuses() {
    let found = errors(&flow("ToString(Sum(1, 2.5))"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("Sum has no overload that takes (Integer, Decimal)"), "{found:?}");
    // An overload Architect's catalogue gives only to email flows.
    let found = errors(&flow("EmailAddressLocalPart(\"a@b.c\")"));
    assert!(found.iter().any(|e| e.contains("is not for Call flows")), "{found:?}");
    assert_eq!(errors(&flow("ToString(Sum(1, 2))")), Vec::<String>::new());
}
