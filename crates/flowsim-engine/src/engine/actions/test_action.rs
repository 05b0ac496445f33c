//! What the test-only `pickSide` does (cargo feature `test-action`; its entry is
//! `flow::catalogue::test_action`): its condition, true or false, takes `heads` or `tails`;
//! NOT_SET or another type is an error.

use super::super::cx::Eval;
use super::super::did::Did;
use crate::expr::Value;
use crate::flow::action::Action;
use crate::flow::catalogue::test_action::{out, prop};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;

impl Eval<'_, '_, '_> {
    pub(super) fn pick_side(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.value_of(n, a.get(prop::CONDITION)) {
            Ok(Value::Bool(true)) => super::out(a, out::HEADS),
            Ok(Value::Bool(false)) => super::out(a, out::TAILS),
            Ok(other) => Did::fail(
                ErrorKind::TypeMismatch,
                format!("the side's condition is {}, not Boolean", other.ty()),
            ),
            Err(did) => did,
        }
    }
}
