//! Operator, precedence and NOT_SET tests, written as the spec reads (docs/json-flows.md).

use super::*;
use crate::expr::decimal::dec;
use crate::expr::value::Value;

/// A test environment: a few variables, a fixed clock, random numbers seeded with 0.
pub struct TestEnv {
    pub vars: Vec<(&'static str, Value)>,
    pub random: crate::expr::random::SplitMix64,
}

impl Env for TestEnv {
    fn lookup(&mut self, path: &Path, _: Span) -> Value {
        for n in (1..=path.len()).rev() {
            if let Some((_, v)) =
                self.vars.iter().find(|(k, _)| k.eq_ignore_ascii_case(path.prefix(n)))
            {
                let mut v = v.clone();
                for m in path.rest(n) {
                    v = v.member(m);
                }
                return v;
            }
        }
        Value::NotSet
    }
    fn now_ms(&self) -> i64 {
        crate::expr::value::parse_datetime("2026-01-01T09:00:00Z").unwrap()
    }
    fn random(&mut self) -> Option<&mut crate::expr::random::SplitMix64> {
        Some(&mut self.random)
    }
}

#[track_caller]
pub fn eval_str(text: &str) -> EvalResult {
    // Without Architect's literal limits: these tests reach the evaluator's 64-bit guards.
    let expr = crate::expr::parse::parse_unlimited(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let mut env = TestEnv {
        vars: vec![
            ("Flow.tier", Value::str("gold")),
            ("Flow.n", Value::Int(7)),
            ("Flow.list", Value::List(std::sync::Arc::new(vec![Value::Int(1), Value::Int(2)]))),
            ("shared_module_result", Value::str("1")),
        ],
        random: crate::expr::random::SplitMix64::new(0),
    };
    eval(&expr, &mut env)
}

/// The value of `text` in the test environment (panics on an error).
#[track_caller]
pub fn ok(text: &str) -> Value {
    eval_str(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// The error kind of `text` in the test environment (panics on a value).
#[track_caller]
pub fn fails(text: &str) -> ErrorKind {
    match eval_str(text) {
        Ok(v) => panic!("{text}: expected an error, got {v:?}"),
        Err(e) => e.kind,
    }
}

/// The display text of `text`'s value.
#[track_caller]
pub fn shows(text: &str) -> String {
    ok(text).display()
}

fn b(x: bool) -> Value {
    Value::Bool(x)
}

#[test]
fn integer_division_is_decimal() {
    assert_eq!(ok("7 / 2"), Value::Dec(dec("3.5")));
    assert_eq!(ok("6 / 3"), Value::Dec(dec("2.0")));
    assert_eq!(ok("7 % 2"), Value::Int(1));
    assert_eq!(fails("1 / 0"), ErrorKind::DivisionByZero);
    assert_eq!(fails("1 % 0"), ErrorKind::DivisionByZero);
    assert_eq!(fails("1.5 / 0"), ErrorKind::DivisionByZero);
}

#[test]
fn arithmetic() {
    assert_eq!(ok("1 + 2 * 3"), Value::Int(7));
    assert_eq!(ok("(1 + 2) * 3"), Value::Int(9));
    assert_eq!(ok("1 + 2.5"), Value::Dec(dec("3.5")));
    assert_eq!(ok("10 - 2 - 3"), Value::Int(5));
    assert_eq!(ok("-Flow.n"), Value::Int(-7));
    assert_eq!(ok("'a' + \"b\""), Value::str("ab"));
    assert_eq!(fails("'a' + 1"), ErrorKind::TypeMismatch);
    assert_eq!(fails("9223372036854775807 + 1"), ErrorKind::Overflow);
    // Architect's Integer range ends at 999,999,999,999,999 (the SDK's `maxInt`).
    assert_eq!(ok("999999999999998 + 1"), Value::Int(999_999_999_999_999));
    assert_eq!(fails("999999999999999 + 1"), ErrorKind::Overflow);
    assert_eq!(fails("-999999999999999 - 1"), ErrorKind::Overflow);
    assert_eq!(fails("9223372036854775807 * 2"), ErrorKind::Overflow);
    assert_eq!(fails("-(0 - 9223372036854775807 - 1)"), ErrorKind::Overflow);
}

#[test]
fn comparisons() {
    assert_eq!(ok("1 < 2"), b(true));
    assert_eq!(ok("2 <= 2"), b(true));
    assert_eq!(ok("3 > 2.5"), b(true));
    assert_eq!(ok("2 >= 3"), b(false));
    assert_eq!(ok("'a' < 'b'"), b(true));
    assert_eq!(fails("'a' < 1"), ErrorKind::TypeMismatch);
}

#[test]
fn equality_and_not_set() {
    assert_eq!(ok("NOT_SET == NOT_SET"), b(true));
    assert_eq!(ok("NOT_SET == ''"), b(false));
    assert_eq!(ok("Flow.missing == NOT_SET"), b(true));
    assert_eq!(ok("Flow.missing != 1"), b(true));
    assert_eq!(ok("1 == 1.0"), b(true));
    assert_eq!(ok("'A' == 'a'"), b(false), "strings compare exactly");
    assert_eq!(ok("1 == '1'"), b(false), "differing types are unequal");
    assert_eq!(ok("{shared_module_result} == '1'"), b(true));
    assert_eq!(fails("NOT_SET + 1"), ErrorKind::NotSet);
    assert_eq!(fails("Flow.missing < 1"), ErrorKind::NotSet);
    assert_eq!(fails("-Flow.missing"), ErrorKind::NotSet);
    assert_eq!(fails("not Flow.missing"), ErrorKind::NotSet);
}

#[test]
fn logic_short_circuits() {
    assert_eq!(ok("true or (1 / 0 == 1)"), b(true));
    assert_eq!(ok("false and (1 / 0 == 1)"), b(false));
    assert_eq!(ok("not false and true"), b(true));
    assert_eq!(fails("true and 1"), ErrorKind::TypeMismatch);
    assert_eq!(fails("Flow.missing or true"), ErrorKind::NotSet);
    assert_eq!(ok("If(true, 1, 1 / 0)"), Value::Int(1), "If evaluates only its branch");
    assert_eq!(ok("If(false, 1 / 0, NOT_SET)"), Value::NotSet);
    assert_eq!(fails("If(NOT_SET, 1, 2)"), ErrorKind::NotSet);
}

#[test]
fn references_are_case_insensitive() {
    assert_eq!(ok("FLOW.TIER"), Value::str("gold"));
    assert_eq!(ok("flow.list[1]"), Value::Int(2));
    assert_eq!(fails("Flow.list[2]"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("Flow.list[-1]"), ErrorKind::IndexOutOfRange);
    assert_eq!(fails("Flow.tier[0]"), ErrorKind::TypeMismatch);
    assert_eq!(ok("Flow.tier.member"), Value::NotSet, "a member of a non-object is NOT_SET");
}

#[test]
fn not_set_allowed_arguments() {
    assert_eq!(ok("IsSet(Flow.missing)"), b(false));
    assert_eq!(ok("IsSet(Flow.tier)"), b(true));
    assert_eq!(ok("IsNotSetOrEmpty('')"), b(true));
    assert_eq!(ok("IsNotSetOrEmpty(' ')"), b(false));
    assert_eq!(ok("AreEqual(NOT_SET, Flow.missing)"), b(true));
}

#[test]
fn an_aggregate_of_nothing_set_is_the_zero_of_its_overload() {
    let zero = |t: &str| eval_str(t).unwrap();
    assert_eq!(zero("Sum(ToDecimal(NOT_SET), ToDecimal(NOT_SET))"), Value::Dec(dec("0.0")));
    assert_eq!(zero("Sum(MakeEmptyList(ToDuration(NOT_SET)))"), Value::Duration(0));
    let Value::Currency(m) = zero("Average(ToCurrency(NOT_SET))") else { panic!("a Currency") };
    assert_eq!((m.amount(), m.code()), (Some(dec("0")), None));
    // Set values that add up to zero keep their own type; an unknown variable keeps Integer 0.
    assert_eq!(zero("Sum(3, -3)"), Value::Int(0));
    assert_eq!(zero("Sum(Flow.nothing, Flow.nothing)"), Value::Int(0));
}

/// Architect's Decimal is a decimal (the Scripting SDK's documented examples): sums, quotients
/// and remainders are exact, and so are `==` and `<` on them.
#[test]
fn decimals_are_exact_as_the_sdk_documents() {
    for exact in [
        "0.1 + 0.2 == 0.3",
        "42.7 / 7 == 6.1",
        "37.3 % 12.8 == 11.7",
        "2.2 + 3.9 == 6.1",
        "Sum(3.0, 5.0, -8.4) == -0.4",
        "0.3 - (0.1 + 0.2) == 0.0",
        "0.1 + 0.2 <= 0.3",
        "1 / 3 * 3 < 1",
        "FindFirst(MakeList(0.3), 0.1 + 0.2) == 0",
        "MakeCurrency(0.1, \"USD\") + MakeCurrency(0.2, \"USD\") == MakeCurrency(0.3, \"USD\")",
        "ToCurrency(\"37.9|USD\") % 9.5 == MakeCurrency(9.4, \"USD\")",
    ] {
        assert_eq!(ok(exact), Value::Bool(true), "{exact}");
    }
    assert_eq!(ok("Round(3.225, 2)"), Value::Dec(dec("3.23")));
    assert_eq!(shows("42.7 / 7"), "6.1");
    assert_eq!(shows("1 / 3"), "0.3333333333333333333333333333");
    assert_eq!(shows("999999999999999 + 0.5"), "999999999999999.5");
    assert_eq!(
        ok("ToString(ToDecimal(\"1234567890.123456789\"))"),
        Value::str("1234567890.123456789"),
        "every digit kept"
    );
    assert_eq!(ok("ToString(37.3 % 12.8, 20)"), Value::str("11.70000000000000000000"));
    assert_eq!(ok("ToString(Average(8, 4))"), Value::str("6.0"));
}

/// Past a Decimal's range (±79,228,162,514,264,337,593,543,950,335) is `overflow`, as past
/// an Integer's.
#[test]
fn decimal_overflow_is_an_overflow() {
    let max = "79228162514264337593543950335.0";
    for past in [
        format!("{max} + 1"),
        format!("-{max} - 1.5"),
        format!("{max} * 2"),
        format!("{max} / 0.5"),
        format!("Sum({max}, {max})"),
        format!("MakeCurrency({max}, \"USD\") * 10"),
        "10.0 ^ 30".to_owned(),
    ] {
        assert_eq!(fails(&past), ErrorKind::Overflow, "{past}");
    }
    assert_eq!(fails("1.5 / 0"), ErrorKind::DivisionByZero);
    assert_eq!(fails("1.5 % 0.0"), ErrorKind::DivisionByZero);
}
