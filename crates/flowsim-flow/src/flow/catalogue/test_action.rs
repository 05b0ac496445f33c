//! A test-only action, in the catalogue only with the cargo feature `test-action` (which only
//! the workspace's own tests turn on, through `flowsim-engine`'s feature of the same name):
//! `pickSide`, which `tests/it/add_action.rs` sees checked, run, explored, drawn, diffed and
//! mutated.
//!
//! Adding it touched exactly what adding any action of a new operation in a new family file
//! touches (the catalogue's module doc lists them):
//! - `Op::PickSide`, its operation (`catalogue/mod.rs`);
//! - this file: its entry, which states its facts (`PICK_SIDE`), and the ids its semantics
//!   read;
//! - this file's `mod` line and its list in `ACTIONS` (`catalogue/mod.rs`, as a family's);
//! - its semantics, `engine/actions/test_action.rs` (and that file's `mod` line), and its arm
//!   in `actions::dispatch` (`engine/actions/mod.rs`).
//!
//! Nothing else: no consumer and no table of facts names it.
//!
//! Its Boolean `condition` picks output `heads` (true) or `tails` (false); `label` is an
//! optional text it carries. What the commands know of it is this entry's facts: `explore`
//! varies its condition, `graph` draws it as a choice, `mutate` flips its outputs.

use super::PropKind::Expr;
use super::{action, out, p, req, ActionSpec, Facts, Family, Mutate, Op, OutputId, PropId, Varies};
use crate::expr::Ty;

/// What the commands know of `pickSide`: a choice by its condition, which `explore` varies and
/// whose answers `mutate` flips; it goes on to the next action like most.
const PICK_SIDE: Facts = Facts {
    branches: true,
    varies: Varies::Condition,
    mutate: Mutate { flips: true, ..Facts::PLAIN.mutate },
    ..Facts::PLAIN
};

pub(super) const ACTIONS: &[ActionSpec] = &[action(
    "pickSide",
    "",
    Family::Control,
    Op::PickSide,
    PICK_SIDE,
    &[req("condition", "condition", Expr).typed(Ty::BOOLEAN), p("label", "label", Expr)],
    &[out("heads", ""), out("tails", "")],
)];

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
