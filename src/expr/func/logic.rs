//! Functions: IsSet, IsNotSetOrEmpty, AreEqual (If is lazy: see `eval`).

use super::{Ctx, FnResult};
use crate::expr::value::Value;

/// `IsSet(x*)`: false only for NOT_SET.
pub(super) fn is_set(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Bool(args[0].is_set()))
}

/// `IsNotSetOrEmpty(x*)`: true for NOT_SET and `""` (no trimming), and for an empty list.
pub(super) fn is_not_set_or_empty(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Bool(match &args[0] {
        Value::NotSet => true,
        Value::Str(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        _ => false,
    }))
}

/// `AreEqual(a*, b*)`: the `==` operator as a function.
pub(super) fn are_equal(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Bool(crate::expr::eval::values_equal(&args[0], &args[1])))
}
