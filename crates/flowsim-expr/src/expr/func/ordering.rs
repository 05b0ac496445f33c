//! Functions that order and search whole collections: Sort, Reverse, FindLast, and the
//! collection form of Contains (`Contains(MakeList(1, 2), 2)`).
//!
//! Items compare as `<` compares them (numbers by value, Strings by their characters'
//! code points, DateTimes, Dates, Times and Durations by time, Currencies of one code by amount, `false` before `true`). NOT_SET items sort
//! after every value. A collection whose items cannot be ordered against each other (a String
//! and a number) is `typeMismatch`, naming the two items.

use super::{list, type_error, want_list, Ctx, FnError, FnResult};
use crate::expr::decimal::Decimal;
use crate::expr::eval::values_equal;
use crate::expr::value::Value;
use crate::kind::ErrorKind;
use std::cmp::Ordering;

/// The order of two items, or `None` when they cannot be ordered against each other.
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::NotSet, Value::NotSet) => Some(Ordering::Equal),
        (Value::NotSet, _) => Some(Ordering::Greater),
        (_, Value::NotSet) => Some(Ordering::Less),
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Dec(y)) => Some(Decimal::from(*x).cmp(y)),
        (Value::Dec(x), Value::Int(y)) => Some(x.cmp(&Decimal::from(*y))),
        (Value::Dec(x), Value::Dec(y)) => Some(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Phone(x), Value::Phone(y)) => Some(x.order(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Duration(x), Value::Duration(y))
        | (Value::DateTime(x), Value::DateTime(y))
        | (Value::Date(x), Value::Date(y))
        | (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
        (Value::Currency(x), Value::Currency(y)) if x.code() == y.code() => {
            x.amount().partial_cmp(&y.amount())
        }
        _ => None,
    }
}

/// `Sort(MakeList(3, 1, 2))` is [1, 2, 3]; `Sort(list, true)` is descending. Stable: equal
/// items keep their order.
pub(super) fn sort(_: &Ctx, args: &[Value]) -> FnResult {
    const F: &str = "Sort";
    let items = want_list(F, args, 0)?;
    let descending = match args.get(1) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(type_error(F, 1, "a Boolean (true: descending)", other)),
    };
    // Check every pair the sort could meet first: a total order is needed for a stable sort.
    if let Some(first) = items.iter().find(|v| !matches!(v, Value::NotSet)) {
        if let Some(bad) = items.iter().find(|v| order(first, v).is_none()) {
            return Err(FnError::new(
                ErrorKind::TypeMismatch,
                format!(
                    "{F}: the items {} and {} cannot be ordered against each other",
                    first.ty(),
                    bad.ty()
                ),
            ));
        }
    }
    let mut sorted: Vec<Value> = items.to_vec();
    sorted.sort_by(|a, b| {
        let o = order(a, b).unwrap_or(Ordering::Equal);
        // NOT_SET stays last in either direction.
        if descending && !matches!(a, Value::NotSet) && !matches!(b, Value::NotSet) {
            o.reverse()
        } else {
            o
        }
    });
    list(sorted)
}

/// `Reverse(MakeList(1, 2, 3))` is [3, 2, 1].
pub(super) fn reverse(_: &Ctx, args: &[Value]) -> FnResult {
    if let Value::Str(s) = &args[0] {
        return super::string(s.chars().rev().collect());
    }
    let items = want_list("Reverse", args, 0)?;
    list(items.iter().rev().cloned().collect())
}

/// `FindLast(MakeList("a", "b", "a"), "a")` is 2: the index of the last equal item, -1 when
/// there is none. The value may be NOT_SET.
pub(super) fn find_last(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("FindLast", args, 0)?;
    let found = items.iter().rposition(|item| values_equal(item, &args[1]));
    Ok(Value::Int(found.map_or(-1, |i| i as i64)))
}

/// `Contains(MakeList(1, 2), 2)` is true (an item equal to the value); `Contains("abc", "b")`
/// is the text form ([`super::text`]).
pub(super) fn contains(ctx: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::List(items) => Ok(Value::Bool(items.iter().any(|i| values_equal(i, &args[1])))),
        _ => super::text::contains(ctx, args),
    }
}
