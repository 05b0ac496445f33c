//! An expression as Architect reads it in a property of a known type (a "slot"): literal mode
//! and implicit conversion.
//!
//! Architect's editor has two modes for a property. In literal mode the text *is* the value
//! (`Sorry, I didn't hear you.` in a String property is that text, not an expression), and
//! Architect stores it as a literal of the property's type. In expression mode the text is
//! parsed, and when its type is not the property's, Architect wraps it in the conversion it
//! would apply (`Flow.phone` in a Decimal property becomes `ToDecimal(Flow.phone)`). Exports
//! record the mode (`uiMetaData.mode`: 1 literal, 0 expression).

use super::ast::{Call, Expr, ExprKind, Span};
use super::calendar;
use super::check::{infer, TypeEnv};
use super::func;
use super::parse::{parse, ParseError, ParseErrorKind};
use super::sig::fits;
use super::types::{Base, Ty};
use super::value::{parse_datetime, Value};
use std::sync::Arc;

/// How the text of a property is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The text is an expression.
    Expression,
    /// The text is the value itself.
    Literal,
}

/// The conversion Architect applies to a value of type `from` in a property of type `to`, if
/// any: `ToString` for anything in a String, `ToInt` for text, a Decimal, a Boolean or a
/// Duration in an Integer, `ToBool` for text or a number in a Boolean, ... Architect's rule: a
/// cast function (`ToInt` for an Integer) converts implicitly from the type of each of its
/// one-argument overloads. Queues, users, groups, skills, language skills and wrap-up codes
/// have none but NOT_SET's, so an expression of another type there is refused. A type that neither
/// fits ([`fits`]) nor converts is refused ("Cannot convert expression from type Duration to
/// required type of Boolean"). The Scripting SDK's editor is the source: `tools/oracle`'s
/// `slot-conversions.json` records what it does with every pair, and a test holds this to it.
pub fn conversion(from: Ty, to: Ty) -> Option<&'static str> {
    if !from.is_known() || !to.is_known() || fits(from, to) {
        return None;
    }
    // A lookup container or entry (`System.Regions.US`): no conversion function takes one.
    if matches!(from.base, Base::Lookup(_)) {
        return None;
    }
    let source = from.base;
    let name = match (to.collection, to.base) {
        (true, _) => return None,
        (false, Base::String) => "ToString",
        (false, Base::Integer)
            if matches!(source, Base::String | Base::Decimal | Base::Boolean | Base::Duration)
                && !from.collection =>
        {
            "ToInt"
        }
        (false, Base::Decimal)
            if matches!(source, Base::String | Base::Boolean | Base::Currency)
                && !from.collection =>
        {
            "ToDecimal"
        }
        (false, Base::Currency)
            if matches!(source, Base::String | Base::Decimal | Base::Integer)
                && !from.collection =>
        {
            "ToCurrency"
        }
        (false, Base::Boolean)
            if matches!(source, Base::String | Base::Integer | Base::Decimal)
                && !from.collection =>
        {
            "ToBool"
        }
        (false, Base::DateTime)
            if matches!(source, Base::String | Base::Integer) && !from.collection =>
        {
            "ToDateTime"
        }
        (false, Base::Date) if from.is(Base::String) => "ToDate",
        (false, Base::Time) if from.is(Base::String) => "ToTime",
        (false, Base::Duration)
            if matches!(source, Base::String | Base::Integer) && !from.collection =>
        {
            "ToDuration"
        }
        (false, Base::PhoneNumber) if from.is(Base::String) => "ToPhoneNumber",
        (false, Base::Communication) => "ToCommunication",
        (false, Base::Audio) if !from.collection => match source {
            Base::Duration => "ToAudioDuration",
            Base::Date => "ToAudioDate",
            Base::Time => "ToAudioTime",
            Base::Currency => "ToAudioCurrency",
            Base::String => "ToAudioTTS",
            Base::Integer | Base::Decimal => "ToAudioNumber",
            Base::Boolean => "ToAudioBool",
            Base::Prompt => "ToAudio",
            _ => return None,
        },
        _ => return None,
    };
    Some(name)
}

/// `expr` as the value of a property of type `to`: wrapped in Architect's implicit conversion
/// when its type differs and one exists, else unchanged. A type error leaves it unchanged too
/// (the checker reports it).
pub fn convert(expr: Expr, to: Ty, env: &dyn TypeEnv) -> Expr {
    let Ok(from) = infer(&expr, env) else { return expr };
    match conversion(from, to).and_then(|name| func::lookup(name).map(|id| (name, id))) {
        Some((name, id)) => {
            let span = expr.span;
            Expr {
                kind: ExprKind::Call(Call { func: id, name: name.into(), args: vec![expr] }),
                span,
            }
        }
        None => expr,
    }
}

/// A run-time value stored in a slot of type `to`, converted as Architect converts the
/// expression that gave it ([`conversion`]): `"12"` for an Integer is 12, `7 / 2` is 3, `3 + 4`
/// for a String is `"7"`. NOT_SET stays NOT_SET; collections, objects and audio are left as
/// they are. A text the conversion cannot read is its error (`ToInt("abc")` is `conversion`).
pub fn cast(v: Value, to: Ty) -> Result<Value, func::FnError> {
    if !v.is_set() || matches!(v, Value::List(_) | Value::Object(_) | Value::Media(_)) {
        return Ok(v);
    }
    let Some(id) = conversion(Ty::of_value(&v), to).and_then(func::lookup) else { return Ok(v) };
    let def = func::get(id);
    match def.imp {
        // Conversions read no clock.
        func::Imp::Eager(f) => func::call(def, f, &func::Ctx { now_ms: 0 }, &[v]),
        _ => Ok(v),
    }
}

/// The text of a property of type `ty` read in `mode`, as Architect's tree holds it.
pub fn read(text: &str, mode: Mode, ty: Ty, env: &dyn TypeEnv) -> Result<Expr, ParseError> {
    match mode {
        Mode::Expression => Ok(convert(parse(text)?, ty, env)),
        Mode::Literal => literal(text, ty),
    }
}

/// Literal-mode text as a literal of type `ty`: a String is the text as it is; a number,
/// Boolean, Duration, DateTime, Date (`2024-02-29`) or Time (`14:30`) must read as one, and a
/// JSON literal is JSON text (`{"a": 1}`), parsed as `JsonParse` parses it. Other types
/// (queues, users, ...) are named by their text.
pub fn literal(text: &str, ty: Ty) -> Result<Expr, ParseError> {
    let span = Span::new(0, text.len());
    let t = text.trim();
    let value = match (ty.collection, ty.base) {
        (false, Base::Integer) => t.parse::<i64>().ok().map(Value::Int),
        (false, Base::Decimal) => {
            super::decimal::parse(t).filter(|_| !t.contains(['e', 'E'])).map(Value::Dec)
        }
        (false, Base::Boolean) => match t.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        (false, Base::Duration) => func::parse_duration(t).map(Value::Duration),
        (false, Base::DateTime) => parse_datetime(t).map(Value::DateTime),
        (false, Base::Date) => calendar::parse_date(t).map(Value::Date),
        (false, Base::Time) => calendar::parse_time(t).map(Value::Time),
        (false, Base::Json) => match serde_json::from_str::<serde_json::Value>(t) {
            Ok(serde_json::Value::Array(items)) if items.len() > super::value::MAX_LIST_ITEMS => {
                None
            }
            Ok(json) => Some(Value::from_json(&json)),
            Err(_) => None,
        },
        _ => Some(Value::Str(Arc::from(text))),
    };
    let value = value.ok_or_else(|| ParseError {
        kind: ParseErrorKind::Syntax,
        message: if ty.base == Base::Json && !ty.collection {
            format!("`{text}` is not JSON text")
        } else {
            format!("`{text}` is not a literal {ty}")
        },
        span,
        help: Some(format!("write a {ty} value, or switch the property to expression mode")),
        fix: None,
    })?;
    Ok(Expr { kind: ExprKind::Lit(value), span })
}

/// What Architect does with an expression of type `from` put in a property of type `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The type fits as it is.
    Keep,
    /// Wrapped in this conversion function.
    Convert(&'static str),
    /// Refused: "Cannot convert expression from type ... to required type of ...".
    Refuse,
}

/// [`conversion`] and [`fits`] together; an unknown type is kept (the run decides).
pub fn verdict(from: Ty, to: Ty) -> Verdict {
    if !from.is_known() || !to.is_known() || fits(from, to) {
        return Verdict::Keep;
    }
    conversion(from, to).map_or(Verdict::Refuse, Verdict::Convert)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::check::Declarations;
    use crate::expr::decimal::dec;
    use crate::kind::ErrorKind;

    /// Every pair the Scripting SDK's editor was asked (`tools/oracle/data/slot-conversions.json`:
    /// an expression of each type put in an action's property of each type) gets its answer.
    #[test]
    fn conversions_are_the_scripting_sdks() {
        let path =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/slot-conversions.json");
        let text = std::fs::read_to_string(path).expect("slot-conversions.json reads");
        let table: serde_json::Value = serde_json::from_str(&text).expect("it is JSON");
        let mut pairs = 0;
        let mut wrong = Vec::new();
        for (to, row) in table.as_object().expect("an object") {
            let to_ty = Ty::parse(to).unwrap_or_else(|| panic!("a type: {to}"));
            for (from, said) in row.as_object().expect("an object") {
                let from_ty = Ty::parse(from).unwrap_or_else(|| panic!("a type: {from}"));
                let sdk = match said.as_str().expect("text") {
                    "keep" => Verdict::Keep,
                    "refuse" => Verdict::Refuse,
                    name => {
                        Verdict::Convert(func::get(func::lookup(name).expect("a function")).name)
                    }
                };
                let ours = verdict(from_ty, to_ty);
                pairs += 1;
                // An Integer in a Decimal and a phone number in a String fit as they are; the SDK
                // writes the conversion, which gives the same value.
                let same = ours == sdk
                    || (ours == Verdict::Keep
                        && matches!(sdk, Verdict::Convert(_))
                        && fits(from_ty, to_ty));
                if !same {
                    wrong.push(format!("{from} in a {to}: the SDK {sdk:?}, flowsim {ours:?}"));
                }
            }
        }
        assert!(pairs > 100, "{pairs} pairs");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[track_caller]
    fn sx(text: &str, mode: Mode, ty: &str, env: &Declarations) -> String {
        let ty = Ty::parse(ty).expect("a type");
        read(text, mode, ty, env).unwrap_or_else(|e| panic!("{text}: {e}")).to_sexpr()
    }

    #[test]
    fn literal_mode_text_is_the_value() {
        let env = Declarations::default();
        assert_eq!(sx("True", Mode::Literal, "str", &env), "\"True\"");
        assert_eq!(
            sx("Please enter (1 - 5).", Mode::Literal, "str", &env),
            "\"Please enter (1 - 5).\""
        );
        assert_eq!(sx("5", Mode::Literal, "int", &env), "5");
        assert_eq!(sx("0.0", Mode::Literal, "dec", &env), "0.0");
        assert_eq!(sx("true", Mode::Literal, "bln", &env), "true");
        assert!(literal("five", Ty::INTEGER).is_err());
        assert_eq!(sx("2024-02-29", Mode::Literal, "dat", &env), "2024-02-29");
        assert_eq!(sx("14:30", Mode::Literal, "Time", &env), "14:30:00");
        assert!(literal("2024-02-30", Ty::DATE).is_err());
        assert!(literal("25:00", Ty::TIME).is_err());
    }

    #[test]
    fn a_run_time_value_is_cast_as_its_expression_would_be() {
        let cast = |v: Value, ty: &str| super::cast(v, Ty::parse(ty).expect("a type"));
        assert_eq!(cast(Value::str("12"), "int"), Ok(Value::Int(12)));
        assert_eq!(cast(Value::Dec(dec("3.5")), "int"), Ok(Value::Int(3)));
        assert_eq!(cast(Value::Int(7), "str"), Ok(Value::str("7")));
        assert_eq!(cast(Value::str("true"), "bln"), Ok(Value::Bool(true)));
        assert_eq!(cast(Value::str("PT1M"), "dur"), Ok(Value::Duration(60_000)));
        assert_eq!(cast(Value::Int(1), "dec"), Ok(Value::Int(1)), "an Integer fits a Decimal");
        assert_eq!(cast(Value::NotSet, "int"), Ok(Value::NotSet));
        assert!(cast(Value::str("abc"), "int").is_err());
        // Architect's ranges (`maxInt`, `maxDurationMs`): past them the conversion overflows.
        let kind = |r: Result<Value, func::FnError>| r.map_err(|e| e.kind);
        assert_eq!(
            kind(cast(Value::str("999999999999999"), "int")),
            Ok(Value::Int(999_999_999_999_999))
        );
        assert_eq!(kind(cast(Value::str("1000000000000000"), "int")), Err(ErrorKind::Overflow));
        assert_eq!(kind(cast(Value::str("-1000000000000000"), "int")), Err(ErrorKind::Overflow));
        assert_eq!(
            kind(cast(Value::Duration(999_999_999_999_999 + 1), "int")),
            Err(ErrorKind::Overflow)
        );
        assert_eq!(kind(cast(Value::str("PT1000000000000S"), "dur")), Err(ErrorKind::Overflow));
    }

    #[test]
    fn expression_mode_converts_to_the_property_type() {
        let mut env = Declarations::default();
        env.declare("Flow.phone", Ty::STRING);
        env.declare("Flow.list", Ty::collection_of(Base::String));
        assert_eq!(sx("Flow.phone", Mode::Expression, "dec", &env), "(call todecimal flow.phone)");
        assert_eq!(sx("Flow.phone", Mode::Expression, "str", &env), "flow.phone");
        assert_eq!(sx("Flow.list", Mode::Expression, "str", &env), "(call tostring flow.list)");
        assert_eq!(sx("Now()", Mode::Expression, "str", &env), "(call tostring (call now))");
        assert_eq!(
            sx("MakeDuration(0, 0, 1, 0)", Mode::Expression, "aud", &env),
            "(call toaudioduration (call makeduration 0 0 1 0))"
        );
        assert_eq!(sx("Flow.unknown", Mode::Expression, "int", &env), "flow.unknown");
        assert_eq!(sx("1", Mode::Expression, "dec", &env), "1", "an Integer fits a Decimal");
        assert_eq!(
            sx("\"2024-02-29\"", Mode::Expression, "dat", &env),
            "(call todate \"2024-02-29\")"
        );
        assert_eq!(sx("\"14:30\"", Mode::Expression, "tim", &env), "(call totime \"14:30\")");
        assert_eq!(
            sx("MakeCurrency(5, \"USD\")", Mode::Expression, "aud", &env),
            "(call toaudiocurrency (call makecurrency 5 \"USD\"))"
        );
        assert_eq!(
            sx("ToDate(Now())", Mode::Expression, "aud", &env),
            "(call toaudiodate (call todate (call now)))"
        );
        assert_eq!(
            sx("ToDate(Now())", Mode::Expression, "str", &env),
            "(call tostring (call todate (call now)))"
        );
    }
}
