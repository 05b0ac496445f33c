//! The state of a flow invocation that action semantics keep between steps: what Architect
//! needs per invocation ([`FrameState`]: reusable tasks to return to, loops running, menus
//! passed, a bot's own state, the Ask being answered). Below the machine: it names none of
//! `machine`, `actions` or `arch`.

use crate::expr::Value;
use crate::flow::bot::ExitReason;
use crate::flow::NodeIdx;
use std::sync::Arc;

/// Architect's run-time state of one flow invocation.
#[derive(Debug, Clone, Default)]
pub struct FrameState {
    /// `callTask`s waiting for their task to end, innermost last.
    pub returns: Vec<Return>,
    /// Loops running, innermost last.
    pub loops: Vec<LoopState>,
    /// Menus the run came through (`menuPreviousMenu` goes back to the last).
    pub menus: Vec<u32>,
    /// The menu being played and how often it was played without a selection.
    pub menu: Option<(NodeIdx, u32)>,
    /// The flow-level error handler is running: a second unhandled error ends the run.
    pub handling: bool,
    /// A bot flow's pending input text, active intent and exit reason.
    pub bot: Option<Box<BotFrame>>,
    /// The Ask action being answered, with its retry counts.
    pub ask: Option<AskState>,
    /// In a bot flow: Set Participant Data actions run, and the attributes they set.
    pub participant_writes: (u32, Vec<Arc<str>>),
    /// In a bot flow: Get Participant Data actions run.
    pub participant_reads: u32,
    /// Successful Get SIP Headers and Get Raw SIP Headers runs.
    pub sip_reads: [u32; 2],
    /// Successful Clear Utilization Label runs.
    pub label_clears: u32,
    /// The unique keys the Find actions that count their lookups looked up (lower-cased), by
    /// the type of object (`queues`, `schedules`...).
    pub lookups: Vec<(&'static str, Box<str>)>,
    /// An in-queue flow: how often its looping task started over.
    pub restarts: u32,
}

#[derive(Debug, Clone)]
pub struct Return {
    /// The `callTask` node and its trace step.
    pub call: NodeIdx,
    pub step: usize,
    /// How many loops were running when the task was called.
    pub loops: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct LoopState {
    pub node: NodeIdx,
    /// The index of the iteration running.
    pub index: i64,
}

/// A bot flow invocation's own state.
#[derive(Debug, Clone, Default)]
pub struct BotFrame {
    /// Call Bot Flow's `inputText`, not yet heard.
    pub pending: Option<Arc<str>>,
    /// The intent the bot is working on.
    pub intent: Option<Arc<str>>,
    /// How the bot flow ended.
    pub exit: Option<ExitReason>,
}

/// The Ask action being answered, and its counts.
#[derive(Debug, Clone)]
pub struct AskState {
    pub node: NodeIdx,
    pub(super) no_inputs: u32,
    pub(super) no_matches: u32,
    pub(super) rejections: u32,
    pub(super) confirming: Option<Confirming>,
}

#[derive(Debug, Clone)]
pub(super) enum Confirming {
    Intent(Arc<str>, Vec<(Arc<str>, Value)>),
    Slot,
    Escalation,
}
