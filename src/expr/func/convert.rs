//! Functions: convert (placeholder until implemented).

use super::{Ctx, FnError, FnResult};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

pub(super) fn to_bool(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "to_bool: not implemented"))
}
pub(super) fn to_datetime(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "to_datetime: not implemented"))
}
pub(super) fn to_decimal(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "to_decimal: not implemented"))
}
pub(super) fn to_int(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "to_int: not implemented"))
}
pub(super) fn to_phone_number(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "to_phone_number: not implemented"))
}
pub(super) fn to_string(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "to_string: not implemented"))
}
