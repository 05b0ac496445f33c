//! Functions: IsSet, IsNotSetOrEmpty, AreEqual (If is lazy: see `eval`).

use super::{Ctx, FnResult};
use crate::expr::value::Value;

/// `IsSet(x*)`: false only for NOT_SET.
pub(super) fn is_set(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Bool(args[0].is_set()))
}

/// `IsNotSetOrEmpty(x*)`: true for NOT_SET and `""` (no trimming), for an empty list and for a
/// Currency without an amount.
pub(super) fn is_not_set_or_empty(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Bool(match &args[0] {
        Value::NotSet => true,
        Value::Str(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Currency(m) => m.amount().is_none(),
        _ => false,
    }))
}

/// `AreEqual(a*, b*, ...)`: whether every value equals the first, as `==` compares.
/// `AreEqual(true, "Hello", "hello")`: with a Boolean first and text (or text collections, or
/// NOT_SET) after it, the Boolean says whether to ignore case.
pub(super) fn are_equal(_: &Ctx, args: &[Value]) -> FnResult {
    use crate::expr::eval::values_equal;
    if let [Value::Bool(ignore), rest @ ..] = args {
        if rest.len() >= 2 && !rest.iter().any(|v| matches!(v, Value::Bool(_))) {
            let key = |v: &Value| if *ignore { folded(v) } else { v.clone() };
            let first = key(&rest[0]);
            return Ok(Value::Bool(rest[1..].iter().all(|v| values_equal(&first, &key(v)))));
        }
    }
    Ok(Value::Bool(args[1..].iter().all(|v| values_equal(&args[0], v))))
}

/// Text (or each text of a collection) in lower case.
fn folded(v: &Value) -> Value {
    match v {
        Value::Str(s) => Value::str(&s.to_lowercase()),
        Value::List(items) => Value::List(std::sync::Arc::new(items.iter().map(folded).collect())),
        other => other.clone(),
    }
}
