//! Slot values pinned by a test script (`slots: {Guests: 4}`), checked against the slot's type
//! so that a script cannot feed a flow a value the bot would never produce.
//!
//! A JSON string is read as a reply would be, but it must be the value as a whole (`"4"`, not
//! `"4 people"`) and relative forms (`tomorrow`, `March 14` without a year) are refused: a pinned
//! value must not depend on the clock. JSON numbers are accepted where a number is expected, an
//! object `{"amount": 12.5, "code": "USD"}` for `builtin:currency`.

use super::builtin::Builtin;
use super::entity::Matcher;
use super::Entity;
use crate::expr::value::{Object, Value};
use serde_json::Value as J;
use std::sync::Arc;

pub(super) fn value(entity: &Entity, given: &J) -> Result<Value, String> {
    let refuse = |expected: &str| {
        let shown = match given {
            J::String(s) => format!("{s:?}"),
            other => other.to_string(),
        };
        Err(format!(
            "slot `{}` ({}) expects {expected}, not {shown}",
            entity.name, entity.type_name
        ))
    };
    let text = match given {
        J::String(s) => Some(s.trim().to_owned()),
        J::Number(n) => Some(n.to_string()),
        J::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match &entity.matcher {
        Matcher::List(list) => {
            if let Some(value) = text.as_deref().and_then(|t| list.lookup(t)) {
                return Ok(Value::Str(value));
            }
            let values: Vec<&str> = list.values.iter().map(|v| &**v).collect();
            refuse(&format!("one of {} (or a synonym)", super::list(&values)))
        }
        Matcher::Regex(regex) => match text {
            Some(t) if regex.matches_whole(&t) => Ok(Value::str(&t)),
            _ => {
                let patterns: Vec<String> =
                    regex.patterns.iter().map(|(p, _)| format!("`{p}`")).collect();
                let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
                refuse(&format!(
                    "text that a pattern matches as a whole ({})",
                    super::list(&patterns)
                ))
            }
        },
        Matcher::Builtin(b) => {
            builtin(*b, given, text.as_deref()).map_or_else(|| refuse(b.expected()), Ok)
        }
        // The values are the flow's at run time: any text is one of them as far as the type
        // alone can tell.
        Matcher::Dynamic => match text {
            Some(t) if !t.is_empty() => Ok(Value::str(&t)),
            _ => refuse("text (a value of the dynamic list)"),
        },
        // A timeslot is picked from the time picker its Ask for Slot shows, never said in an
        // utterance: the ask's turn gives the start.
        Matcher::Timeslot => refuse(
            "no pinned value: a timeslot is picked when its Ask for Slot shows the time picker; \
             answer that ask with the start (say:2030-06-01T14:00:00Z)",
        ),
        // What the model extracts is the test author's to say: any text.
        Matcher::Ai => match text {
            Some(t) if !t.is_empty() => Ok(Value::str(&t)),
            _ => refuse("text (the value a large language model would extract)"),
        },
    }
}

fn builtin(b: Builtin, given: &J, text: Option<&str>) -> Option<Value> {
    match (b, given) {
        (Builtin::Any, _) => text.filter(|t| !t.is_empty()).map(Value::str),
        (Builtin::Number | Builtin::Percent, J::Number(n)) => {
            crate::expr::decimal::from_json_number(n).map(Value::Dec)
        }
        (Builtin::Integer | Builtin::Ordinal, J::Number(n)) => match n.as_i64() {
            Some(i) => Some(Value::Int(i)),
            None => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| Value::Int(f as i64)),
        },
        (Builtin::Currency, J::Object(o)) => {
            let amount = match o.get("amount")? {
                J::Number(n) => crate::expr::decimal::from_json_number(n)?,
                _ => return None,
            };
            let code = o.get("code").and_then(J::as_str).filter(|c| !c.trim().is_empty())?;
            let mut object = Object::new();
            object.insert(Arc::from("amount"), Value::Dec(amount));
            object.insert(Arc::from("code"), Value::str(&code.trim().to_ascii_uppercase()));
            Some(Value::Object(Arc::new(object)))
        }
        (Builtin::DateTime, J::String(s)) => {
            let ms = crate::expr::value::parse_datetime(s).or_else(|| match whole(b, s.trim())? {
                Value::DateTime(ms) => Some(ms),
                _ => None,
            });
            ms.map(Value::DateTime)
        }
        (Builtin::Percent, J::String(s)) => {
            whole(b, s.trim()).or_else(|| whole(Builtin::Number, s.trim()))
        }
        (_, J::String(s)) => whole(b, s.trim()),
        _ => None,
    }
}

/// The value of `b` that is the whole of `text`.
fn whole(b: Builtin, text: &str) -> Option<Value> {
    b.find(text, None).into_iter().find(|h| h.start == 0 && h.end == text.len()).map(|h| h.value)
}
