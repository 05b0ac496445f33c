//! The JSON flow format's node types (docs/json-flows.md) as catalogue entries of their own
//! family: `flow::json` lowers each node it reads to one of these actions, so the engine, the
//! trace and the checks see actions only.
//!
//! An entry's key is the node type as flow files spell it (`Say`), which is also what traces
//! show. These entries are not Architect's: `by_key` and `by_export` never find them (an Archy
//! flow cannot write `Say:`); `by_type` does, for the JSON front-end. JSON nodes have no named
//! outputs: they go on by `onComplete`, `onError` and `onTimeout` (the node's `next`,
//! `on_error`, `on_timeout`).

use super::{p, req, ActionSpec, Family, Op, PropKind, NONE};

/// What the engine does for a JSON node: one arm each in `engine::actions::json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonOp {
    /// `Say`: renders `sayText` and plays it.
    Say,
    /// `End`: ends the flow normally, with an error, or by disconnecting (`endType`).
    End,
    /// `Disconnect`: ends the run, disconnected.
    Disconnect,
}

impl JsonOp {
    /// Whether the node never goes on to another node (it has no `onComplete` to take).
    pub fn ends(self) -> bool {
        matches!(self, JsonOp::End | JsonOp::Disconnect)
    }

    /// The outputs a node of this type leaves for later nodes (`Node.<id>.<output>`).
    pub fn outputs(self) -> &'static [&'static str] {
        match self {
            JsonOp::Say | JsonOp::End | JsonOp::Disconnect => &[],
        }
    }
}

const fn json(key: &'static str, op: JsonOp, props: &'static [super::PropSpec]) -> ActionSpec {
    ActionSpec {
        key,
        export: "",
        family: Family::Json,
        op: Op::Json(op),
        props,
        outputs: NONE,
        dynamic: super::Dynamic::None,
    }
}

#[rustfmt::skip]
pub const ACTIONS: &[ActionSpec] = &[
    json("Say", JsonOp::Say, &[req("sayText", "", PropKind::Template)]),
    json("End", JsonOp::End, &[p("endType", "", PropKind::Text)]),
    json("Disconnect", JsonOp::Disconnect, &[]),
];

/// The typed properties the engine reads.
pub mod prop {
    use super::super::PropId;
    use super::ACTIONS;

    pub const SAY_TEXT: PropId = PropId::of(ACTIONS, &["Say"], "sayText");
    /// `normal`, `error` or `disconnect` (see [`super::end_type`]).
    pub const END_TYPE: PropId = PropId::of(ACTIONS, &["End"], "endType");

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[SAY_TEXT, END_TYPE];
}

/// The values of an `End` node's `endType`, as the loader normalizes them.
pub const END_TYPES: [&str; 3] = ["normal", "error", "disconnect"];

/// How an `End` action ends its flow (its `endType`; `normal` when absent).
pub fn end_type(a: &crate::flow::action::Action) -> crate::flow::model::EndType {
    use crate::flow::model::EndType;
    match a.get(prop::END_TYPE).text().map(|t| &**t) {
        Some("error") => EndType::Error,
        Some("disconnect") => EndType::Disconnect,
        _ => EndType::Normal,
    }
}

/// An entry by the node type as a JSON flow spells it (`Say`).
pub fn by_type(ty: &str) -> Option<u16> {
    let i = super::ACTIONS.iter().position(|a| a.family == Family::Json && a.key == ty)?;
    Some(i as u16)
}
