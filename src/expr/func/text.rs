//! Functions: text (placeholder until implemented).

use super::{Ctx, FnError, FnResult};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

pub(super) fn append(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "append: not implemented"))
}
pub(super) fn contains(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "contains: not implemented"))
}
pub(super) fn ends_with(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "ends_with: not implemented"))
}
pub(super) fn find_string(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "find_string: not implemented"))
}
pub(super) fn left(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "left: not implemented"))
}
pub(super) fn length(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "length: not implemented"))
}
pub(super) fn lower(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "lower: not implemented"))
}
pub(super) fn replace(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "replace: not implemented"))
}
pub(super) fn right(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "right: not implemented"))
}
pub(super) fn split(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "split: not implemented"))
}
pub(super) fn starts_with(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "starts_with: not implemented"))
}
pub(super) fn substring(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "substring: not implemented"))
}
pub(super) fn trim(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "trim: not implemented"))
}
pub(super) fn upper(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "upper: not implemented"))
}
