//! A test-only action, in the catalogue only with the cargo feature `test-action` (which only
//! the workspace's own tests turn on, through `flowsim-engine`'s feature of the same name):
//! `pickSide`, added through this entry and its semantics (`engine::actions::test_action`)
//! and nothing else, which `tests/it/add_action.rs` sees checked, run, explored, drawn,
//! diffed and mutated.
//!
//! Its Boolean `condition` picks output `heads` (true) or `tails` (false); `label` is an
//! optional text it carries. What the commands know of it is this entry's facts: `explore`
//! varies its condition, `graph` draws it as a choice, `mutate` flips its outputs.

use super::PropKind::Expr;
use super::{action, out, p, req, ActionSpec, Family, Op, OutputId, PropId, Varies};
use crate::expr::Ty;

pub(super) const ACTIONS: &[ActionSpec] = &[{
    let mut a = action(
        "pickSide",
        "",
        Family::Control,
        Op::PickSide,
        &[req("condition", "condition", Expr).typed(Ty::BOOLEAN), p("label", "label", Expr)],
        &[out("heads", ""), out("tails", "")],
    );
    a.facts.varies = Varies::Condition;
    a.facts.branches = true;
    a.facts.mutate.flips = true;
    a
}];

/// The typed properties the engine reads.
pub mod prop {
    use super::{PropId, ACTIONS};

    /// True for `heads`.
    pub const CONDITION: PropId = PropId::of(ACTIONS, &["pickSide"], "condition");
}

/// The outputs the engine takes.
pub mod out {
    use super::{OutputId, ACTIONS};

    pub const HEADS: OutputId = OutputId::of(ACTIONS, &["pickSide"], "heads");
    pub const TAILS: OutputId = OutputId::of(ACTIONS, &["pickSide"], "tails");
}
