//! Functions: datetime (placeholder until implemented).

use super::{Ctx, FnError, FnResult};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

pub(super) fn add_days(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "add_days: not implemented"))
}
pub(super) fn add_hours(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "add_hours: not implemented"))
}
pub(super) fn add_minutes(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "add_minutes: not implemented"))
}
pub(super) fn add_seconds(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "add_seconds: not implemented"))
}
pub(super) fn date_time_diff(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "date_time_diff: not implemented"))
}
pub(super) fn make_duration(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "make_duration: not implemented"))
}
pub(super) fn now(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "now: not implemented"))
}
