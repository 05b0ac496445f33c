//! What Architect's checker asks of a function's literal arguments, before anything runs: a
//! range (`MakeDateTime`'s month is 1 to 12), not zero (`GetDayOfWeekOccurrence`'s
//! occurrence), a literal at all (`ToAudioBlank`'s length), or a currency code Architect
//! supports (`MakeCurrency`'s code, [`crate::expr::currencies`]). A literal outside them is an
//! `argumentValue` error in `flowsim check` and `flowsim expr check`, in Architect's words.
//!
//! The table is the Scripting SDK's parameter facets (`tools/oracle/data/functions.json`),
//! kept where every overload of a function with that many arguments agrees (a test holds it
//! to the file). A range is asked only of an integer literal, so where overloads differ only
//! the ones taking an Integer there decide: `ToString(x, 2)` has decimal places (1 to 28) in
//! every overload with an Integer second argument (a Decimal's or a Currency's, or their
//! collections'), and none in `ToString(list, separator)`.

use super::ast::{Expr, ExprKind, UnOp};
use super::check::{TypeError, TypeErrorKind};
use super::value::Value;

/// One parameter's facet: the function (Architect's spelling), how many arguments the call
/// has, the parameter's position and name, its range, whether zero or a non-literal is
/// refused, and whether a text literal must be a currency code Architect supports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facet {
    pub function: &'static str,
    pub arity: usize,
    pub index: usize,
    pub name: &'static str,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub nonzero: bool,
    pub literal: bool,
    pub currency: bool,
}

const fn range(
    function: &'static str,
    arity: usize,
    index: usize,
    name: &'static str,
    min: Option<i64>,
    max: Option<i64>,
) -> Facet {
    Facet {
        function,
        arity,
        index,
        name,
        min,
        max,
        nonzero: false,
        literal: false,
        currency: false,
    }
}

/// A text parameter whose literal must be an ISO 4217 code Architect supports (the SDK's
/// `ISO4217` literal validator).
const fn currency(function: &'static str, arity: usize, index: usize, name: &'static str) -> Facet {
    let mut f = range(function, arity, index, name, None, None);
    f.currency = true;
    f
}

const fn nonzero(mut f: Facet) -> Facet {
    f.nonzero = true;
    f
}

const fn literal(mut f: Facet) -> Facet {
    f.literal = true;
    f
}

const DOW: &str = "GetDayOfWeekOccurrence";
const MDT: &str = "MakeDateTime";

/// Every facet, as the SDK states it.
pub const FACETS: &[Facet] = &[
    literal(range("AudioPlaybackOptions", 2, 1, "bargeIn", None, None)),
    currency("ConvertCurrency", 2, 1, "destinationCurrencyCode"),
    currency("ConvertCurrency", 3, 1, "destinationCurrencyCode"),
    range("FindString", 3, 2, "occurrenceNumber", Some(1), None),
    range("FindString", 4, 2, "occurrenceNumber", Some(1), None),
    range("GetAt", 2, 1, "index", Some(0), None),
    currency("GetCurrencySymbol", 1, 0, "currencyCode"),
    range(DOW, 3, 0, "dayOfWeek", Some(1), Some(7)),
    nonzero(range(DOW, 3, 1, "occurrence", Some(-53), Some(53))),
    range(DOW, 3, 2, "year", Some(1800), Some(2200)),
    range(DOW, 4, 0, "dayOfWeek", Some(1), Some(7)),
    nonzero(range(DOW, 4, 1, "occurrence", Some(-5), Some(5))),
    range(DOW, 4, 2, "year", Some(1800), Some(2200)),
    range(DOW, 4, 3, "month", Some(1), Some(12)),
    range(DOW, 6, 0, "dayOfWeek", Some(1), Some(7)),
    nonzero(range(DOW, 6, 1, "occurrence", Some(-53), Some(53))),
    range(DOW, 6, 2, "year", Some(1800), Some(2200)),
    range(DOW, 6, 3, "hour", Some(0), Some(23)),
    range(DOW, 6, 4, "minute", Some(0), Some(59)),
    range(DOW, 6, 5, "second", Some(0), Some(59)),
    range(DOW, 7, 0, "dayOfWeek", Some(1), Some(7)),
    nonzero(range(DOW, 7, 1, "occurrence", Some(-5), Some(5))),
    range(DOW, 7, 2, "year", Some(1800), Some(2200)),
    range(DOW, 7, 3, "month", Some(1), Some(12)),
    range(DOW, 7, 4, "hour", Some(0), Some(23)),
    range(DOW, 7, 5, "minute", Some(0), Some(59)),
    range(DOW, 7, 6, "second", Some(0), Some(59)),
    range("Left", 2, 1, "length", Some(0), None),
    currency("MakeCurrency", 2, 1, "currencyCode"),
    range(MDT, 3, 0, "year", Some(1800), Some(2200)),
    range(MDT, 3, 1, "month", Some(1), Some(12)),
    range(MDT, 3, 2, "day", Some(1), Some(31)),
    range(MDT, 6, 0, "year", Some(1800), Some(2200)),
    range(MDT, 6, 1, "month", Some(1), Some(12)),
    range(MDT, 6, 2, "day", Some(1), Some(31)),
    range(MDT, 6, 3, "hour", Some(0), Some(23)),
    range(MDT, 6, 4, "minute", Some(0), Some(59)),
    range(MDT, 6, 5, "second", Some(0), Some(59)),
    currency("MakeListCurrency", 2, 1, "currencyCode"),
    range("Right", 2, 1, "length", Some(0), None),
    range("Round", 2, 1, "digits", Some(0), Some(28)),
    range("Substring", 3, 1, "start", Some(0), None),
    range("Substring", 3, 2, "length", Some(0), None),
    literal(range("ToAudioBlank", 1, 0, "lengthMs", Some(0), Some(10_000))),
    range("ToString", 2, 1, "decimalPlaces", Some(1), Some(28)),
    range("ToString", 3, 2, "decimalPlaces", Some(1), Some(28)),
];

/// An integer literal's value (`-3` is one).
fn integer(e: &Expr) -> Option<i64> {
    match &e.kind {
        ExprKind::Lit(Value::Int(i)) => Some(*i),
        ExprKind::Unary(UnOp::Neg, x) => integer(x).map(i64::wrapping_neg),
        _ => None,
    }
}

fn is_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) => true,
        ExprKind::Unary(UnOp::Neg, x) => is_literal(x),
        _ => false,
    }
}

/// The first literal argument of a call of `function` with `args` that Architect refuses.
pub fn check(function: &str, args: &[Expr]) -> Result<(), TypeError> {
    let refuse = |e: &Expr, message: String| {
        Err(TypeError { kind: TypeErrorKind::ArgumentValue, message, span: e.span, help: None })
    };
    for f in FACETS {
        if f.arity != args.len() || !f.function.eq_ignore_ascii_case(function) {
            continue;
        }
        let arg = &args[f.index];
        if f.currency {
            if let ExprKind::Lit(Value::Str(code)) = &arg.kind {
                if !crate::expr::currencies::is_supported(code) {
                    return refuse(arg, format!("{function}: the literal \"{code}\" supplied to the {} parameter is not a supported ISO 4217 currency code", f.name));
                }
            }
            continue;
        }
        if f.literal && !is_literal(arg) {
            return refuse(
                arg,
                format!("{function}: the {} parameter must be a literal value", f.name),
            );
        }
        let Some(v) = integer(arg) else { continue };
        if let Some(min) = f.min.filter(|m| v < *m) {
            return refuse(arg, format!("{function}: the value of {v} supplied to the {} parameter is less than the minimum allowed of {min}", f.name));
        }
        if let Some(max) = f.max.filter(|m| v > *m) {
            return refuse(arg, format!("{function}: the value of {v} supplied to the {} parameter is greater than the maximum allowed of {max}", f.name));
        }
        if f.nonzero && v == 0 {
            return refuse(
                arg,
                format!(
                    "{function}: the {} parameter value of 0 is not allowed because it is zero",
                    f.name
                ),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value as J;
    use std::collections::BTreeMap;

    /// The facets functions.json states where every overload of a function with that many
    /// (non-repeatable) parameters agrees: the table above, exactly.
    #[test]
    fn the_table_is_the_sdks_facets() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/functions.json");
        let all: J = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut groups: BTreeMap<(String, usize), Vec<Vec<J>>> = BTreeMap::new();
        for f in all.as_array().unwrap() {
            let Some(name) = f["name"].as_str() else { continue };
            if f["kind"] != "function" {
                continue;
            }
            for o in f["overloads"].as_array().unwrap() {
                let params = o["params"].as_array().unwrap().clone();
                if params.iter().any(|p| p["repeatable"] == true) {
                    continue;
                }
                groups.entry((name.to_owned(), params.len())).or_default().push(params);
            }
        }
        let facet = |p: &J| {
            (
                p["min"].as_i64(),
                p["max"].as_i64(),
                p["disallowZero"] == true,
                p["mustBeLiteral"] == true,
                p["literalValidator"] == "ISO4217",
            )
        };
        let mut want = Vec::new();
        for ((name, n), overloads) in &groups {
            for i in 0..*n {
                // A currency code is a text literal: only the overloads that take one there
                // decide (`GetCurrencySymbol` also takes a Currency, `MakeListCurrency` a
                // collection of codes). A range is asked of an integer literal: only the
                // overloads that take an Integer there decide (`ToString(x, 2)`'s decimal
                // places, which `ToString(list, separator)` does not have).
                let takes = |ty: &str| {
                    let of_type: Vec<&Vec<J>> = overloads
                        .iter()
                        .filter(|o| o[i]["type"] == ty && o[i]["isArray"] != true)
                        .collect();
                    of_type
                };
                let overloads: Vec<&Vec<J>> =
                    if overloads.iter().any(|o| o[i]["literalValidator"] == "ISO4217") {
                        takes("str")
                    } else if overloads.iter().any(|o| o[i]["min"].is_i64() || o[i]["max"].is_i64())
                    {
                        takes("int")
                    } else {
                        overloads.iter().collect()
                    };
                if overloads.is_empty() {
                    continue;
                }
                let first = facet(&overloads[0][i]);
                if first == (None, None, false, false, false)
                    || overloads.iter().any(|o| facet(&o[i]) != first)
                {
                    continue;
                }
                want.push(format!("{name}/{n}/{i} {} {first:?}", overloads[0][i]["name"]));
            }
        }
        let have: Vec<String> = FACETS
            .iter()
            .map(|f| {
                format!(
                    "{}/{}/{} {:?} {:?}",
                    f.function,
                    f.arity,
                    f.index,
                    f.name,
                    (f.min, f.max, f.nonzero, f.literal, f.currency)
                )
            })
            .collect();
        assert_eq!(have, want);
    }

    #[track_caller]
    fn refused(text: &str) -> String {
        let e = crate::expr::parse(text).unwrap();
        let ExprKind::Call(c) = &e.kind else { panic!("a call") };
        check(crate::expr::func::get(c.func).name, &c.args).unwrap_err().message
    }

    #[test]
    fn literals_outside_the_facets_are_refused() {
        assert_eq!(
            refused("MakeDateTime(2024, 13, 1)"),
            "MakeDateTime: the value of 13 supplied to the month parameter is greater than the maximum allowed of 12"
        );
        assert_eq!(
            refused("Left(\"abc\", -1)"),
            "Left: the value of -1 supplied to the length parameter is less than the minimum allowed of 0"
        );
        assert_eq!(
            refused("GetDayOfWeekOccurrence(2, 0, 2024)"),
            "GetDayOfWeekOccurrence: the occurrence parameter value of 0 is not allowed because it is zero"
        );
        assert_eq!(
            refused("ToAudioBlank(Flow.ms)"),
            "ToAudioBlank: the lengthMs parameter must be a literal value"
        );
        assert_eq!(
            refused("MakeCurrency(5.25, \"USD123\")"),
            "MakeCurrency: the literal \"USD123\" supplied to the currencyCode parameter is not a supported ISO 4217 currency code"
        );
        assert_eq!(
            refused("ConvertCurrency(MakeCurrency(5, \"usd\"), \"ABC\")"),
            "ConvertCurrency: the literal \"ABC\" supplied to the destinationCurrencyCode parameter is not a supported ISO 4217 currency code"
        );
        // `ToString`'s decimal places, 1 to 28, with two arguments as with three.
        for (text, message) in [
            ("ToString(1.5, 0)", "the value of 0 supplied to the decimalPlaces parameter is less than the minimum allowed of 1"),
            ("ToString(1.5, -1)", "the value of -1 supplied to the decimalPlaces parameter is less than the minimum allowed of 1"),
            ("ToString(1.5, 29)", "the value of 29 supplied to the decimalPlaces parameter is greater than the maximum allowed of 28"),
            ("ToString(MakeCurrency(1.5, \"USD\"), 0)", "the value of 0 supplied to the decimalPlaces parameter is less than the minimum allowed of 1"),
            ("ToString(MakeList(1.5), 29)", "the value of 29 supplied to the decimalPlaces parameter is greater than the maximum allowed of 28"),
            ("ToString(MakeList(1.5), \"|\", 0)", "the value of 0 supplied to the decimalPlaces parameter is less than the minimum allowed of 1"),
        ] {
            assert_eq!(refused(text), format!("ToString: {message}"), "{text}");
        }
        // `FindString(text, part, occurrence)`: the three-argument overload with an Integer
        // has the occurrence (1 or more) too.
        assert_eq!(
            refused("FindString(\"abc\", \"b\", 0)"),
            "FindString: the value of 0 supplied to the occurrenceNumber parameter is less than the minimum allowed of 1"
        );
        for text in ["ToString(1.5, 1)", "ToString(1.5, 28)", "ToString(MakeList(1.5), \"0\")"] {
            let fine = crate::expr::parse(text).unwrap();
            let ExprKind::Call(c) = &fine.kind else { panic!("a call") };
            assert!(check("ToString", &c.args).is_ok(), "{text}");
        }
        let fine = crate::expr::parse("MakeCurrency(5, \"eur\")").unwrap();
        let ExprKind::Call(c) = &fine.kind else { panic!("a call") };
        assert!(check("MakeCurrency", &c.args).is_ok(), "a supported code in any case");
        let fine = crate::expr::parse("MakeDateTime(2024, Flow.m, 31)").unwrap();
        let ExprKind::Call(c) = &fine.kind else { panic!("a call") };
        assert!(check("MakeDateTime", &c.args).is_ok(), "a variable is the run's concern");
    }
}
