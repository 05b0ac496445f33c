//! Functions on collections: Count, GetAt, MakeList, FindFirst, and the modifiers AddItem,
//! AddItemAt, RemoveDups, RemoveItem, RemoveItemAt, ReplaceItem, ReplaceItemFirst, ReplaceItemAt
//! (each gives a new collection; values are immutable).
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

/// `MakeEmptyList(ToInt(NOT_SET))`: an empty collection (the argument names its type).
pub(super) fn make_empty_list(_: &Ctx, _: &[Value]) -> FnResult {
    list(Vec::new())
}

/// `FindFirst(MakeList("a", "b"), "b")` is 1: the index of the first item equal to the value
/// (as `==` compares), -1 when there is none. The value may be NOT_SET.
pub(super) fn find_first(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("FindFirst", args, 0)?;
    let found = items.iter().position(|item| values_equal(item, &args[1]));
    Ok(Value::Int(found.map_or(-1, |i| i as i64)))
}

/// Argument `i` as a position in a collection of `len` items (`len` itself when `end` allows
/// inserting at the end), else `indexOutOfRange`.
fn position(func: &str, args: &[Value], i: usize, len: usize, end: bool) -> Result<usize, FnError> {
    let at = want_int(func, args, i)?;
    let limit = if end { len } else { len.saturating_sub(1) };
    usize::try_from(at).ok().filter(|&p| p <= limit && (end || len > 0)).ok_or_else(|| {
        FnError::new(
            ErrorKind::IndexOutOfRange,
            format!("{func}: index {at} is out of range for a collection of {len} item(s)"),
        )
    })
}

/// An item for a collection: a single value (collections do not nest).
fn item<'a>(func: &str, args: &'a [Value], i: usize) -> Result<&'a Value, FnError> {
    match &args[i] {
        v @ Value::List(_) => Err(type_error(func, i, "a single value", v)),
        v => Ok(v),
    }
}

/// `AddItem(MakeList(3, 4), 5)` is 3, 4, 5; `AddItem(a, b)` with two collections appends every
/// item of `b`.
pub(super) fn add_item(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("AddItem", args, 0)?;
    let mut out = items.to_vec();
    match &args[1] {
        Value::List(more) => out.extend(more.iter().cloned()),
        v => out.push(v.clone()),
    }
    list(out)
}

/// `AddItemAt(MakeList(3, 4), 0, 7)` is 7, 3, 4: the item inserted before index 1 (at the end
/// when the index is the count).
pub(super) fn add_item_at(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("AddItemAt", args, 0)?;
    let at = position("AddItemAt", args, 1, items.len(), true)?;
    let mut out = items.to_vec();
    out.insert(at, item("AddItemAt", args, 2)?.clone());
    list(out)
}

/// `RemoveDups(MakeList(1, 2, 1))` is 1, 2: the first of each set of equal items, in order.
pub(super) fn remove_dups(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("RemoveDups", args, 0)?;
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for v in items.iter() {
        if !out.iter().any(|seen| values_equal(seen, v)) {
            out.push(v.clone());
        }
    }
    list(out)
}

/// `RemoveItem(MakeList(1, 2, 1), 1)` is 2: every item equal to the value, removed.
pub(super) fn remove_item(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("RemoveItem", args, 0)?;
    list(items.iter().filter(|v| !values_equal(v, &args[1])).cloned().collect())
}

/// `RemoveItemAt(MakeList("a", "b"), 0)` is "b".
pub(super) fn remove_item_at(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("RemoveItemAt", args, 0)?;
    let at = position("RemoveItemAt", args, 1, items.len(), false)?;
    let mut out = items.to_vec();
    out.remove(at);
    list(out)
}

/// `ReplaceItem(MakeList(1, 2, 1), 1, 9)` is 9, 2, 9: every item equal to the second argument
/// replaced by the third.
pub(super) fn replace_item(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("ReplaceItem", args, 0)?;
    let new = item("ReplaceItem", args, 2)?;
    list(items.iter().map(|v| if values_equal(v, &args[1]) { new } else { v }).cloned().collect())
}

/// `ReplaceItemFirst(MakeList(1, 2, 1), 1, 9)` is 9, 2, 1: only the first equal item replaced.
pub(super) fn replace_item_first(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("ReplaceItemFirst", args, 0)?;
    let new = item("ReplaceItemFirst", args, 2)?;
    let mut out = items.to_vec();
    if let Some(slot) = out.iter_mut().find(|v| values_equal(v, &args[1])) {
        *slot = new.clone();
    }
    list(out)
}

/// `ReplaceItemAt(MakeList("a", "b"), 1, "c")` is "a", "c".
pub(super) fn replace_item_at(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("ReplaceItemAt", args, 0)?;
    let at = position("ReplaceItemAt", args, 1, items.len(), false)?;
    let mut out = items.to_vec();
    out[at] = item("ReplaceItemAt", args, 2)?.clone();
    list(out)
}

/// `Find(MakeList(1, 2, 1), 1)` is `[0, 2]`: the indexes of every item equal to the value
/// (empty when none is).
pub(super) fn find(_: &Ctx, args: &[Value]) -> FnResult {
    let items = want_list("Find", args, 0)?;
    let found = items
        .iter()
        .enumerate()
        .filter(|(_, item)| values_equal(item, &args[1]))
        .map(|(i, _)| Value::Int(i as i64))
        .collect();
    list(found)
}
