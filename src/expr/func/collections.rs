//! Functions on collections: Count, GetAt, MakeList, FindFirst.
//!
//! A collection holds at most 2,000 items and never holds another collection (Architect has no
//! nested collections); its items may be NOT_SET. Indexes are zero-based.

use super::{list, type_error, want_int, want_list, Ctx, FnError, FnResult};
use crate::expr::eval::values_equal;
use crate::expr::value::Value;
use crate::kind::ErrorKind;

/// `Count(MakeList(1, 2))` is 2.
pub(super) fn count(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Int(want_list("Count", args, 0)?.len() as i64))
}

/// `GetAt(MakeList("a", "b"), 1)` is "b"; an index outside the list is `indexOutOfRange`.
pub(super) fn get_at(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("GetAt", args, 0)?;
    let i = want_int("GetAt", args, 1)?;
    usize::try_from(i).ok().and_then(|i| items.get(i)).cloned().ok_or_else(|| {
        FnError::new(
            ErrorKind::IndexOutOfRange,
            format!("GetAt: index {i} is out of range for a collection of {} item(s)", items.len()),
        )
    })
}

/// `MakeList(1, NOT_SET)` is a list of two items, the second NOT_SET. A collection cannot be an
/// item (`typeMismatch`).
pub(super) fn make_list(_: &Ctx, args: &[Value]) -> FnResult {
    if let Some((i, item)) = args.iter().enumerate().find(|(_, v)| matches!(v, Value::List(_))) {
        return Err(type_error("MakeList", i, "a single value (collections do not nest)", item));
    }
    list(args.to_vec())
}

/// `FindFirst(MakeList("a", "b"), "b")` is 1: the index of the first item equal to the value
/// (as `==` compares), -1 when there is none. The value may be NOT_SET.
pub(super) fn find_first(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("FindFirst", args, 0)?;
    let found = items.iter().position(|item| values_equal(item, &args[1]));
    Ok(Value::Int(found.map_or(-1, |i| i as i64)))
}
