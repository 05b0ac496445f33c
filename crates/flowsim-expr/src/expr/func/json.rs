//! JSON functions: JsonParse, ToJson, ToJsonCollection, GetJsonObjectProperty,
//! SetJsonObjectProperty, GetJsonObjectPropertyNames, IsJsonObject, ReplaceJsonArrayItem.
//!
//! A JSON value is held as the value it reads as (docs/json-flows.md): an object is an `Object`, an
//! array a list, a string a String, `null` NOT_SET. Genesys documents that JSON property names
//! are looked up case-sensitively, so these functions do (a reference's `.member` chain stays
//! case-insensitive, as every name in an expression).

use super::{list, too_deep, type_error, want_str, Ctx, FnError, FnResult};
use crate::expr::eval::values_equal;
use crate::expr::value::{Object, Value, MAX_VALUE_DEPTH};
use crate::kind::ErrorKind;
use std::sync::Arc;

/// `JsonParse("{\"a\": 1}")` is the object `{"a": 1}`; text that is not JSON is `conversion`.
pub(super) fn json_parse(_: &Ctx, args: &[Value]) -> FnResult {
    let text = want_str("JsonParse", args, 0)?;
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        FnError::new(ErrorKind::Conversion, format!("JsonParse: the text is not JSON: {e}"))
    })?;
    if let serde_json::Value::Array(items) = &json {
        // The collection limit holds for parsed arrays too.
        list(items.iter().map(Value::from_json).collect())
    } else {
        Ok(Value::from_json(&json))
    }
}

/// `ToJson(Flow.list)`: a value as JSON. Objects, lists and scalars are JSON already; a
/// Duration or DateTime becomes its ISO 8601 text, NOT_SET stays NOT_SET (JSON `null`).
pub(super) fn to_json(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(match &args[0] {
        v @ (Value::Duration(_) | Value::DateTime(_) | Value::Media(_) | Value::Phone(_)) => {
            Value::str(&v.display())
        }
        other => other.clone(),
    })
}

/// `ToJsonCollection(JsonParse("[1, 2]"))`: a JSON array as a collection of JSON values. A
/// JSON value that is not an array is `typeMismatch`.
pub(super) fn to_json_collection(_: &Ctx, args: &[Value]) -> FnResult {
    match &args[0] {
        Value::List(items) => Ok(Value::List(items.clone())),
        other => Err(type_error("ToJsonCollection", 0, "a JSON array", other)),
    }
}

fn want_object<'a>(func: &str, args: &'a [Value]) -> Result<&'a Arc<Object>, FnError> {
    match &args[0] {
        Value::Object(o) => Ok(o),
        other => Err(type_error(func, 0, "a JSON object", other)),
    }
}

/// `GetJsonObjectProperty(Flow.json, "name")`: the property, by its exact (case-sensitive)
/// name; NOT_SET when there is none.
pub(super) fn get_property(_: &Ctx, args: &[Value]) -> FnResult {
    let obj = want_object("GetJsonObjectProperty", args)?;
    let name = want_str("GetJsonObjectProperty", args, 1)?;
    Ok(obj.get(name).cloned().unwrap_or_default())
}

/// `SetJsonObjectProperty(Flow.json, "name", "Ann")`: a copy of the object with the property
/// set (added at the end when new). NOT_SET sets JSON `null`. A result nesting deeper than
/// [`MAX_VALUE_DEPTH`] is `collectionTooLarge`.
pub(super) fn set_property(_: &Ctx, args: &[Value]) -> FnResult {
    let obj = want_object("SetJsonObjectProperty", args)?;
    let name = want_str("SetJsonObjectProperty", args, 1)?;
    let depth = 1 + args[2].depth();
    if depth > MAX_VALUE_DEPTH {
        return Err(too_deep(depth));
    }
    let mut copy = (**obj).clone();
    copy.insert(Arc::from(name), args[2].clone());
    Ok(Value::Object(Arc::new(copy)))
}

/// `GetJsonObjectPropertyNames(JsonParse("{\"b\": 1, \"a\": 2}"))` is "b", "a": the object's
/// property names as a String Collection, in the object's order. A JSON value that is not an
/// object is `typeMismatch`.
pub(super) fn property_names(_: &Ctx, args: &[Value]) -> FnResult {
    let obj = want_object("GetJsonObjectPropertyNames", args)?;
    list(obj.keys().map(|k| Value::Str(k.clone())).collect())
}

/// `IsJsonObject(Flow.json)`: whether the JSON value is an object (`{...}`); an array, a
/// string, a number, a Boolean or NOT_SET (JSON `null`) is not.
pub(super) fn is_object(_: &Ctx, args: &[Value]) -> FnResult {
    Ok(Value::Bool(matches!(args[0], Value::Object(_))))
}

/// `ReplaceJsonArrayItem(JsonParse("[10, 30, 30]"), 30, 40)` is `[10, 40, 40]`: a copy of the
/// JSON array with every item equal to the second argument (as `==` compares, so `30` equals
/// `30.0`) replaced by the third, as `ReplaceItem` does for a collection. NOT_SET stands for
/// JSON `null` either side. A JSON value that is not an array is `typeMismatch`; a result
/// nesting deeper than [`MAX_VALUE_DEPTH`] is `collectionTooLarge`.
pub(super) fn replace_array_item(_: &Ctx, args: &[Value]) -> FnResult {
    let Value::List(items) = &args[0] else {
        return Err(type_error("ReplaceJsonArrayItem", 0, "a JSON array", &args[0]));
    };
    let (old, new) = (&args[1], &args[2]);
    let depth = 1 + new.depth();
    if depth > MAX_VALUE_DEPTH && items.iter().any(|v| values_equal(v, old)) {
        return Err(too_deep(depth));
    }
    list(items.iter().map(|v| if values_equal(v, old) { new } else { v }).cloned().collect())
}
