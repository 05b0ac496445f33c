//! Functions: math (placeholder until implemented).

use super::{Ctx, FnError, FnResult};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

pub(super) fn abs(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "abs: not implemented"))
}
pub(super) fn max(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "max: not implemented"))
}
pub(super) fn min(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "min: not implemented"))
}
pub(super) fn round(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "round: not implemented"))
}
