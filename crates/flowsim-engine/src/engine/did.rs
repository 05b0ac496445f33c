//! What a node did ([`Did`]): how an action's semantics tell the machine where the run goes
//! on. Below the machine, so that what steers a run (`steer`) names it without the machine.

use super::result::{Route, Status};
use crate::expr::Value;
use crate::flow::model::EndType;
use crate::flow::{FlowIdx, NodeIdx};
use crate::kind::ErrorKind;
use std::sync::Arc;

/// What a node did.
pub(super) enum Did {
    /// Go on: the action's `success` exit when its entry has paths, else its `next`.
    Success,
    /// A failure of its kind, with its message, to the flow's error handling. Boxed, as the
    /// other large parts: a `Did` of 16 bytes comes back from the semantics in two
    /// registers, where 32 went through memory, written piecemeal and read back whole (a
    /// store-forwarding stall every step: `BENCHMARKS.md` §1, session 59).
    Fail(Box<(ErrorKind, String)>),
    Timeout,
    /// A JSON Flow node's call: the callee and its timeout (ms), when it has one.
    Call(FlowIdx, Option<Box<u64>>),
    End(EndType),
    Disconnect,
    /// Architect: take output `i` of the node's exits (its actions, else the node's `next`).
    Output(u16),
    /// Architect: take exit `i`, a jump: enter the target's container (`jumpToTask`, menus).
    Jump(u16),
    /// Architect: `callTask`: remember where to return, then enter exit 0's container with
    /// the task's inputs (evaluated in the caller) set.
    #[allow(clippy::box_collection)] // boxed to keep a `Did` at 16 bytes (see `Fail`)
    CallTask(Box<Vec<(Arc<str>, Value)>>),
    /// Architect: a reusable task a setting links (Wait for Input's matched intent's task):
    /// run container `c` as `callTask` runs its task, then go on after the action.
    StartTask(u32),
    /// Architect: `endTask`: return from a reusable task along the named output path.
    EndTask(Option<Box<Arc<str>>>),
    /// Architect: go to a node of this flow (a loop's next iteration, a menu replayed).
    Goto(NodeIdx),
    /// Architect: continue where node `m` would have continued (after a loop).
    After(NodeIdx),
    /// Architect: a transfer ended the flow (boxed: a route takes 80 bytes).
    Transfer(Box<Route>),
    /// Architect: the run ends with this status (`endWorkflow`: completed).
    Stop(Status),
    /// Architect: `callCommonModule`, with the inputs evaluated in the caller.
    CallModule(Box<ModuleCall>),
    /// Architect: `callBotFlow`: the callee, its slot inputs, its first turn.
    CallBot(Box<BotCall>),
    /// Architect: the bot flow ends (`exitBotFlow`, a recognition failure, an escalation).
    ExitBot(crate::flow::bot::ExitReason),
}

const _: () = assert!(std::mem::size_of::<Did>() <= 16);

impl Did {
    /// [`Did::Fail`] of `kind`, with `message`.
    pub(super) fn fail(kind: ErrorKind, message: String) -> Did {
        Did::Fail(Box::new((kind, message)))
    }
}

/// A common module's call: the callee, its inputs.
pub(super) type ModuleCall = (FlowIdx, Vec<(Arc<str>, Value)>);

/// A bot flow's call: the callee, its slot inputs, its first turn.
pub(super) type BotCall = (FlowIdx, Vec<(Arc<str>, Value)>, Option<Arc<str>>);

/// An expression's error as what the node did: a failure of its kind, to the flow's error
/// handling.
pub(in crate::engine) fn expr_fail(e: &crate::expr::EvalError) -> Did {
    Did::fail(e.kind, e.message.clone())
}
