//! What a JSON flow's node does (docs/json-flows.md), for the node types lowered to the
//! catalogue's JSON family (`flow::catalogue::json`), keyed by their [`JsonOp`].
//!
//! A JSON node keeps the step result of its own type (`Say`'s prompt...) rather than an
//! action's list of writes, so its traces read as they always have.

use super::super::machine::{expr_fail, Did, Machine};
use super::super::result::StepResult;
use crate::flow::action::Action;
use crate::flow::catalogue::json::{self, prop, JsonOp};
use crate::flow::NodeIdx;

impl<'r> Machine<'r, '_> {
    /// Runs JSON node `a` (of type `op`) at node `n`.
    pub(super) fn exec_json(&mut self, n: NodeIdx, a: &'r Action, op: JsonOp) -> Did {
        match op {
            JsonOp::Say => {
                let Some(text) = a.get(prop::SAY_TEXT).template() else {
                    unreachable!("the loader gives every Say its sayText")
                };
                match self.render(n, text) {
                    Ok(text) => {
                        let p = self.prompt(n, text);
                        self.set_result(StepResult::Say(p));
                        Did::Success
                    }
                    Err(e) => expr_fail(&e),
                }
            }
            JsonOp::End => Did::End(json::end_type(a)),
            JsonOp::Disconnect => Did::Disconnect,
        }
    }
}
