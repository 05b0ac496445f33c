//! What Architect's variables are given: the implicit conversions a typed variable makes
//! ([`coerce`], [`implicit_cast`]), how a literal naming an org object reached its variable
//! ([`OrgLiteral`]), the value Initialize Flow Outcome gives an outcome, and Architect's action
//! limits per flow invocation. How Architect flows move (containers, tasks, loops, menus,
//! modules, transfers, error handling) is the machine's (`machine/flows.rs`); what a flow
//! invocation keeps between steps is `engine::cx`'s `FrameState`.

use crate::expr::Value;

pub use super::scope::SECURE_TEXT;

/// How a literal naming an object of the org reached its variable, for the warning when the
/// fixtures lack the object (`org_object`).
#[derive(Debug, Clone, Copy)]
pub(super) enum OrgLiteral {
    /// The variable's initial value.
    Initial,
    /// An Update Data statement's value.
    Assigned,
}

/// A value stored into a variable of Architect type `ty` (`string`, `decimal`, ...), with the
/// implicit conversions a typed slot makes ([`implicit_cast`]); a value the conversion cannot
/// read is stored as it is.
pub(super) fn coerce(ty: &str, v: Value) -> Value {
    let keep = v.clone();
    implicit_cast(ty, v).unwrap_or(keep)
}

/// A value for a variable of Architect type `ty`, converted as Genesys's "Implicit casting in
/// expressions" converts an expression of another type (`expr::slot::cast`): a value for a
/// String variable is its `ToString` text (`3+4` is `"7"`, a YAML scalar `lit: 123` is
/// `"123"`), text for an Integer is `ToInt` of it, an Integer given to a Decimal variable is a
/// Decimal. Text that does not read as the type is the conversion's error.
///
/// A Date, Time, Currency or Timeslot variable (or a collection of them) reads its value's
/// JSON form, as a request's preset, a `lit:` initial value or a bot's slot gives it:
/// `"2024-02-29"`, `"14:30"`, `{"amount": 5.25, "code": "USD"}`,
/// `{"dateTime": "2030-06-01T14:00:00Z", "duration": "PT2H"}`; a DateTime gives its UTC date
/// or time of day.
/// A value that reads as none of these is the conversion's error, as `ToDate("hello")` is.
pub(super) fn implicit_cast(ty: &str, v: Value) -> Result<Value, crate::expr::func::FnError> {
    match (ty, v) {
        (_, Value::NotSet) => Ok(Value::NotSet),
        // The common case first: the value already has the variable's type.
        ("string", v @ Value::Str(_))
        | ("integer", v @ Value::Int(_))
        | ("decimal", v @ Value::Dec(_))
        | ("boolean", v @ Value::Bool(_)) => Ok(v),
        ("decimal", Value::Int(i)) => Ok(Value::Dec(i.into())),
        (_, v) if super::typed::is_calendar(ty) => {
            super::typed::read_calendar(ty, v).map_err(|bad| {
                crate::expr::func::FnError::conversion(
                    "",
                    &bad.display(),
                    &format!("does not read as a {ty}"),
                )
            })
        }
        (_, v) => match crate::expr::types::Ty::parse(ty) {
            Some(to) => crate::expr::slot::cast(v, to),
            None => Ok(v),
        },
    }
}

/// Genesys: "The maximum number of actions Architect runs per flow invocation is 10,000."
pub const ACTION_LIMIT: u64 = 10_000;
/// Genesys: a handler that jumps to a menu or reusable task gets "an additional 1,000 actions".
pub const ACTION_EXTRA: u64 = 1_000;

/// The value Initialize Flow Outcome gives an outcome.
pub(super) const INITIALIZED: &str = "initialized";
