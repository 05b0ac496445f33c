//! Functions: collections (placeholder until implemented).

use super::{Ctx, FnError, FnResult};
use crate::expr::value::Value;
use crate::kind::ErrorKind;

pub(super) fn count(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "count: not implemented"))
}
pub(super) fn find_first(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "find_first: not implemented"))
}
pub(super) fn get_at(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "get_at: not implemented"))
}
pub(super) fn make_list(_: &Ctx, _: &[Value]) -> FnResult {
    Err(FnError::new(ErrorKind::TypeMismatch, "make_list: not implemented"))
}
