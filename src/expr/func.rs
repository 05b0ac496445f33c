//! The function table: every built-in function with its arity, NOT_SET rule and implementation.
//!
//! Names are case-insensitive (`contains` is `Contains`). The parser binds a call to a
//! [`FuncId`] and checks its argument count, so an unknown function or a wrong count is a load
//! error, never a run-time surprise. The evaluator checks NOT_SET arguments against
//! [`FuncDef::notset_ok`] before calling the implementation, so implementations only see NOT_SET
//! where their definition allows it.

use super::value::{Value, MAX_LIST_ITEMS, MAX_STRING_BYTES};
use crate::kind::ErrorKind;
use std::sync::Arc;

mod collections;
mod convert;
// Every implementation has the table's signature, also those that cannot fail.
#[allow(clippy::unnecessary_wraps)]
mod datetime;
#[allow(clippy::unnecessary_wraps)]
mod logic;
mod math;
mod text;

#[cfg(test)]
mod tests;

/// Index into [`FUNCTIONS`].
pub type FuncId = u16;

/// What an implementation may use besides its arguments.
pub struct Ctx {
    /// The virtual clock, ms since the epoch (`Now()`).
    pub now_ms: i64,
}

/// A function's failure; the evaluator adds the call's span.
#[derive(Debug, Clone, PartialEq)]
pub struct FnError {
    pub kind: ErrorKind,
    pub message: String,
}

impl FnError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> FnError {
        FnError { kind, message: message.into() }
    }
}

pub type FnResult = Result<Value, FnError>;

/// How a function is run.
#[derive(Clone, Copy)]
pub enum Imp {
    /// Evaluated by the evaluator itself because it must not evaluate every argument (`If`).
    Lazy,
    /// Called with every argument evaluated.
    Eager(fn(&Ctx, &[Value]) -> FnResult),
}

/// One built-in function.
#[derive(Clone, Copy)]
pub struct FuncDef {
    /// Canonical spelling, as Genesys documents it: `IsNotSetOrEmpty`.
    pub name: &'static str,
    pub min_args: u8,
    /// `u8::MAX`: variadic.
    pub max_args: u8,
    /// Bit `i` set: argument `i` may be NOT_SET. Bit 31 set: so may every argument past 30.
    pub notset_ok: u32,
    pub imp: Imp,
}

impl FuncDef {
    pub fn allows_notset(&self, arg: usize) -> bool {
        let bit = arg.min(31);
        self.notset_ok & (1 << bit) != 0
    }

    /// `"2"`, `"1 to 3"`, `"at least 1"`.
    pub fn arity_text(&self) -> String {
        match (self.min_args, self.max_args) {
            (a, b) if a == b => format!("{a}"),
            (a, u8::MAX) => format!("at least {a}"),
            (a, b) => format!("{a} to {b}"),
        }
    }
}

/// Every argument may be NOT_SET.
pub const ALL: u32 = u32::MAX;
/// No argument may be NOT_SET.
pub const NONE: u32 = 0;

const fn def(
    name: &'static str,
    min: u8,
    max: u8,
    notset_ok: u32,
    f: fn(&Ctx, &[Value]) -> FnResult,
) -> FuncDef {
    FuncDef { name, min_args: min, max_args: max, notset_ok, imp: Imp::Eager(f) }
}

const V: u8 = u8::MAX;

/// The table. Order is irrelevant except that ids are indexes; keep related functions together.
pub static FUNCTIONS: &[FuncDef] = &[
    // logic
    FuncDef { name: "If", min_args: 3, max_args: 3, notset_ok: 0b110, imp: Imp::Lazy },
    def("IsSet", 1, 1, ALL, logic::is_set),
    def("IsNotSetOrEmpty", 1, 1, ALL, logic::is_not_set_or_empty),
    def("AreEqual", 2, 2, ALL, logic::are_equal),
    // conversion
    def("ToString", 1, 1, ALL, convert::to_string),
    def("ToInt", 1, 1, NONE, convert::to_int),
    def("ToDecimal", 1, 1, NONE, convert::to_decimal),
    def("ToBool", 1, 1, NONE, convert::to_bool),
    def("ToPhoneNumber", 1, 1, NONE, convert::to_phone_number),
    def("ToDateTime", 1, 1, NONE, convert::to_datetime),
    // text
    def("Append", 1, V, ALL, text::append),
    def("Length", 1, 1, NONE, text::length),
    def("Lower", 1, 1, NONE, text::lower),
    def("Upper", 1, 1, NONE, text::upper),
    def("Trim", 1, 1, NONE, text::trim),
    def("Contains", 2, 2, NONE, text::contains),
    def("StartsWith", 2, 2, NONE, text::starts_with),
    def("EndsWith", 2, 2, NONE, text::ends_with),
    def("Substring", 3, 3, NONE, text::substring),
    def("Left", 2, 2, NONE, text::left),
    def("Right", 2, 2, NONE, text::right),
    def("Replace", 3, 3, NONE, text::replace),
    def("FindString", 2, 2, NONE, text::find_string),
    def("Split", 2, 2, NONE, text::split),
    // collections
    def("Count", 1, 1, NONE, collections::count),
    def("GetAt", 2, 2, NONE, collections::get_at),
    def("MakeList", 1, V, ALL, collections::make_list),
    def("FindFirst", 2, 2, 0b10, collections::find_first),
    // math
    def("Abs", 1, 1, NONE, math::abs),
    def("Min", 1, V, NONE, math::min),
    def("Max", 1, V, NONE, math::max),
    def("Round", 1, 2, NONE, math::round),
    // date and time
    def("Now", 0, 0, NONE, datetime::now),
    def("GetCurrentDateTimeUtc", 0, 0, NONE, datetime::now),
    def("AddSeconds", 2, 2, NONE, datetime::add_seconds),
    def("AddMinutes", 2, 2, NONE, datetime::add_minutes),
    def("AddHours", 2, 2, NONE, datetime::add_hours),
    def("AddDays", 2, 2, NONE, datetime::add_days),
    def("DateTimeDiff", 2, 2, NONE, datetime::date_time_diff),
    // MakeDuration(days, hours, minutes, seconds, milliseconds): the corpus uses all five.
    def("MakeDuration", 1, 5, NONE, datetime::make_duration),
];

/// The id of the function named `name`, case-insensitively.
pub fn lookup(name: &str) -> Option<FuncId> {
    FUNCTIONS.iter().position(|f| f.name.eq_ignore_ascii_case(name)).map(|i| i as FuncId)
}

pub fn get(id: FuncId) -> &'static FuncDef {
    &FUNCTIONS[id as usize]
}

/// The id of `If`, which the evaluator runs lazily.
pub const IF: FuncId = 0;

/// The known function closest to `name`, for "did you mean" help.
pub fn nearest(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    FUNCTIONS
        .iter()
        .map(|f| (crate::util::edit_distance(&lower, &f.name.to_ascii_lowercase()), f.name))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

// ---- helpers shared by the implementations ------------------------------------------------

pub(crate) fn type_error(func: &str, arg: usize, want: &str, got: &Value) -> FnError {
    FnError::new(
        ErrorKind::TypeMismatch,
        format!("{func}: argument {} must be {want}, got {}", arg + 1, got.ty()),
    )
}

pub(crate) fn want_str<'a>(func: &str, args: &'a [Value], i: usize) -> Result<&'a str, FnError> {
    match &args[i] {
        Value::Str(s) | Value::Phone(s) => Ok(s),
        other => Err(type_error(func, i, "a String", other)),
    }
}

pub(crate) fn want_int(func: &str, args: &[Value], i: usize) -> Result<i64, FnError> {
    match &args[i] {
        Value::Int(n) => Ok(*n),
        Value::Dec(d) if d.fract() == 0.0 && d.abs() < 9.0e18 => Ok(*d as i64),
        other => Err(type_error(func, i, "an Integer", other)),
    }
}

pub(crate) fn want_num(func: &str, args: &[Value], i: usize) -> Result<f64, FnError> {
    match &args[i] {
        Value::Int(n) => Ok(*n as f64),
        Value::Dec(d) => Ok(*d),
        other => Err(type_error(func, i, "a number", other)),
    }
}

pub(crate) fn want_list<'a>(
    func: &str,
    args: &'a [Value],
    i: usize,
) -> Result<&'a Arc<Vec<Value>>, FnError> {
    match &args[i] {
        Value::List(l) => Ok(l),
        other => Err(type_error(func, i, "a Collection", other)),
    }
}

/// A string result, within [`MAX_STRING_BYTES`].
pub(crate) fn string(s: String) -> FnResult {
    if s.len() > MAX_STRING_BYTES {
        return Err(too_long(s.len()));
    }
    Ok(Value::Str(Arc::from(s)))
}

/// A list result, within [`MAX_LIST_ITEMS`].
pub(crate) fn list(items: Vec<Value>) -> FnResult {
    if items.len() > MAX_LIST_ITEMS {
        return Err(FnError::new(
            ErrorKind::CollectionTooLarge,
            format!("a collection holds at most {MAX_LIST_ITEMS} items, this one {}", items.len()),
        ));
    }
    Ok(Value::List(Arc::new(items)))
}

/// The display text of `v` (SPEC §3.5) as a string result, within [`MAX_STRING_BYTES`].
///
/// A collection or object is measured before its JSON text is built, so that the text of a
/// huge value is refused instead of allocated.
pub(crate) fn display_text(v: &Value) -> Result<String, FnError> {
    let at_least = display_len_floor(v);
    if at_least > MAX_STRING_BYTES {
        return Err(too_long(at_least));
    }
    let text = v.display();
    if text.len() > MAX_STRING_BYTES {
        return Err(too_long(text.len()));
    }
    Ok(text)
}

/// A lower bound of the length of `v`'s display text (JSON escaping only adds to it).
fn display_len_floor(v: &Value) -> usize {
    match v {
        Value::Str(s) | Value::Phone(s) => s.len(),
        Value::List(items) => items.iter().fold(items.len().saturating_add(1), |n, item| {
            n.saturating_add(display_len_floor(item))
        }),
        Value::Object(obj) => obj.iter().fold(obj.len().saturating_add(1), |n, (k, item)| {
            n.saturating_add(k.len()).saturating_add(display_len_floor(item))
        }),
        _ => 1,
    }
}

pub(crate) fn too_long(len: usize) -> FnError {
    FnError::new(
        ErrorKind::StringTooLong,
        format!("string of {len} bytes is longer than the limit of {MAX_STRING_BYTES}"),
    )
}

/// `d` as an i64 when it is finite and in range (no rounding: pass a whole number).
pub(crate) fn f64_to_i64(d: f64) -> Option<i64> {
    // 2^63 is exact in f64; i64::MAX is not, so compare against 2^63 exclusively.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (-LIMIT..LIMIT).contains(&d).then_some(d as i64)
}

/// An integer overflow in `func`.
pub(crate) fn overflow(func: &str) -> FnError {
    FnError::new(ErrorKind::Overflow, format!("{func}: the result is out of range"))
}

/// Calls the function named `name` (canonical spelling) with evaluated arguments: the engine's
/// typed `setVars` conversions reuse `ToInt`, `ToDecimal` and `ToBool` this way.
pub fn call_named(name: &str, ctx: &Ctx, args: &[Value]) -> FnResult {
    let def = lookup(name).map(get).filter(|d| matches!(d.imp, Imp::Eager(_)));
    match def.map(|d| d.imp) {
        Some(Imp::Eager(f)) => f(ctx, args),
        _ => Err(FnError::new(ErrorKind::TypeMismatch, format!("no eager function `{name}`"))),
    }
}
