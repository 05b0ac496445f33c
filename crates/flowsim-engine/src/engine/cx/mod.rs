//! What action semantics may touch: the step's context, [`Cx`], below the machine (it names
//! none of `machine`, `actions` or `arch`). The machine owns one and hands it to each step's
//! semantics (`Machine::exec`: `self.cx.exec_action(n, a)`), so the semantics are functions
//! of the context, never of the machine: they cannot push or pop frames, settle a flow's end,
//! spend the run's bounds or tell its observer.
//!
//! `Cx` is six typed parts (26 loose fields before), each with its invariant on its type:
//! - [`Against`] (`run`), what the run runs against, read only: the registry (flows, variable
//!   table), the fixtures (queues, users, data action mocks, schedules...), the version;
//! - [`Flowing`] (`flowing`): the variables (`vars`, read by `read_var`, written by `Eval`'s
//!   `write_var`, `write_output`, `init_var`), the frames (the current one's flow, graph,
//!   node outputs and Architect state, [`FrameState`]; the top one's flow for the
//!   interaction's definition), the random numbers, the Flow nodes' callees resolved once;
//! - [`Clock`] (`clock`): now and when the run started; read by `Flow.StartDateTimeUtc`,
//!   schedules and functions, advanced by waits, prompts and inputs;
//! - [`Conversation`] (`talk`): the context values; what Architect actions set (`arch`:
//!   participant data, outcomes, settings, transcript...); the route; the secured and
//!   invocation data, whether an email answers its thread; how often each mock was used
//!   (`usage`);
//! - [`Inputs`] (`input`): the input script and the place in it (`heard`: turns taken, digits
//!   typed ahead, an inbound message's slots); events from outside (`live`: queue figures and
//!   data action answers an event set, the events due at an input, the pause at an input
//!   nobody gave);
//! - [`StepRecord`] (`step`): the trace, read for the step's index and written for its own
//!   entry (`set_result`), and the stores its steps index (`rec`: prompts, writes, step data,
//!   inputs heard), the prompt the action played (`step_prompt`), the warnings, what its
//!   expressions read (`reads`), and the digits an input took for the observer (`digits`).
//!
//! The semantics are methods of the narrowest view that has what they touch, and the compiler
//! holds them to it; a view is a `Cx`'s borrows split (`Cx::eval`, `Cx::sets`: free, no
//! allocation, no dynamic dispatch):
//!
//! | view | shared | mutable | its methods cannot |
//! |---|---|---|---|
//! | [`Eval`] | `Against`, `Clock`, `Conversation`, `Inputs` | `Flowing`, `StepRecord` | change the conversation, take an input, move the clock |
//! | [`Sets`] | `Against`, `Clock`, `Inputs` | `Flowing`, `Conversation`, `StepRecord` | take an input, fire an event, move the clock |
//! | [`Cx`] | | all | |
//!
//! The helpers every family uses (`scope`, `render`, `value`, `value_of`, `set_value`, `say`,
//! `prompt`, `bind_outputs`, `missed`, `queue`, `note_error`, `write_var`, `write_output`,
//! `init_var`) are `Eval`'s (a `Sets` lends its `Eval`: `Sets::eval`); `take_input` and
//! `note_turn` are `Cx`'s, `elapsed` and `advance` `Clock`'s, `frame`, `set_output` and
//! `read_var` `Flowing`'s, `set_result` `StepRecord`'s.
//!
//! Which views each file's `impl` blocks name (`tests/it/layers.rs` holds the table to the
//! code), and what in it needs all of `Cx`:
//!
//! | file | views | what needs all of `Cx` |
//! |---|---|---|
//! | `actions` | `Cx`, `Eval` | `exec_action` and `dispatch`, which split the borrows; the shared helpers are `Eval`'s |
//! | `actions/control` | `Eval`, `Sets`, `Cx` | Wait (the clock); outcomes, milestones, End Workflow, a module's data action are `Sets`' |
//! | `actions/data` | `Eval`, `Sets`, `Cx` | Call Data Action (a mock's delay); decision tables, participant, conversation and secured data are `Sets`' |
//! | `actions/json` | `Eval`, `Sets`, `Cx` | the JSON dispatch, Gather (an input), data actions (a mock's delay); Route is `Sets`' |
//! | `actions/messaging` | `Eval`, `Sets` | |
//! | `actions/prompts` | `Eval`, `Cx` | Collect Input, menus, Dial by Extension, hold music, Detect Silence (inputs, the clock) |
//! | `actions/routing` | `Eval`, `Sets` | |
//! | `actions/bots` | `Cx`, `Eval` | the asks (turns, the clock); the bot's frame and its prompts are `Eval`'s |
//! | `actions/bot_steps` | `Cx` | each hears a turn |
//! | `actions/conversation` | `Sets` | |
//! | `actions/services` | `Sets`, `Cx` | `call_service` (a turn); the replies and slots are `Sets`' |
//! | `actions/stubs` | `Sets` | |
//! | `actions/survey` | `Sets`, `Cx` | Ask Survey Question (a turn) |
//! | `actions/voicemail` | `Cx` | an input |
//! | `actions/workitem` | `Sets` | |
//! | `actions/test_action` | `Eval` | |
//! | `arch` | `Eval`, `Flowing`, `Against` | |
//! | `cx/live` | `Cx` | events fire into the input script and the variables |
//!
//! Also here: what Architect needs per flow invocation ([`FrameState`]: reusable tasks to
//! return to, loops running, menus passed, a bot's own state, the Ask being answered). What the
//! machine keeps to itself: the frames' spare output vectors, the outbound call's default
//! wrap-up code, the run's bounds and budgets, how it ends, and what watches or steers it.

mod live;

use super::did::{expr_fail, Did};
use super::request::{ContextValues, Input};
use super::result::{Name, Prompt, Route, StepData, StepResult};
use super::scope::{Output, Scope, Vars, Warnings};
use crate::expr::{eval, EvalError, Template, Value};
use crate::fixtures::{DataActionUsage, FixtureStore};
use crate::flow::bot::ExitReason;
use crate::flow::catalogue::json::SetValue;
use crate::flow::{FlowIdx, Graph, NodeIdx, Registry, Version};
use crate::kind::ErrorKind;
use crate::util::Cut;
use std::sync::Arc;

/// The deepest a Flow call may go: a Flow node at this depth fails with `callDepth`.
pub const MAX_CALL_DEPTH: u16 = 32;

/// What action semantics may touch, in six parts (see the module's documentation for which
/// family touches which). The machine owns it as one field; a family's semantics are methods
/// of the narrowest view of it that has what they touch ([`Eval`], [`Sets`], or all of it).
pub(in crate::engine) struct Cx<'r, 'f> {
    pub(in crate::engine) run: Against<'r, 'f>,
    pub(in crate::engine) flowing: Flowing<'r>,
    pub(in crate::engine) clock: Clock,
    pub(in crate::engine) talk: Conversation,
    pub(in crate::engine) input: Inputs,
    pub(in crate::engine) step: StepRecord<'r>,
}

/// What the run runs against: the registry, the fixtures and the version. Nothing in a run
/// writes it; the views lend it shared.
pub(in crate::engine) struct Against<'r, 'f> {
    pub(in crate::engine) reg: &'r Registry,
    pub(in crate::engine) fixtures: &'f FixtureStore,
    pub(in crate::engine) version: Version,
}

/// The variables and the flow invocations they are read in: what an expression's [`Scope`]
/// is built on, with the run's random numbers. The semantics write the variables and the
/// current frame only (its node outputs and its Architect state); the machine pushes and pops
/// frames.
pub(in crate::engine) struct Flowing<'r> {
    pub(in crate::engine) vars: Vars<'r>,
    /// One per flow invocation; the semantics write only the current one's.
    pub(in crate::engine) frames: Vec<Frame<'r>>,
    /// The run's random numbers (`Random`, `RandomInt`), seeded by the request.
    pub(in crate::engine) random: crate::expr::random::SplitMix64,
    /// Flow nodes' constant callees, (flow, node) → callee, resolved at the node's first call
    /// (the registry does not change during a run).
    pub(in crate::engine) callees: rustc_hash::FxHashMap<(FlowIdx, NodeIdx), FlowIdx>,
}

/// The virtual clock, the only clock in the engine: it only moves forward (`advance`), by
/// waits, prompts and inputs.
pub(in crate::engine) struct Clock {
    /// Now, virtual ms.
    pub(in crate::engine) now: i64,
    /// When the run started (virtual ms), what its timeout counts from.
    pub(in crate::engine) started: i64,
}

/// The conversation: what it brings (the context values, whether an email answers its
/// thread), what Architect actions set on it (`arch`, the route, the secured and invocation
/// data) and how often each mock answered it. It outlives every flow invocation of the run.
pub(in crate::engine) struct Conversation {
    pub(in crate::engine) context: ContextValues,
    /// What Architect actions set: participant data, outcomes, settings, transcript...
    pub(in crate::engine) arch: super::result::ArchResult,
    pub(in crate::engine) route: Option<Route>,
    /// The data a Transfer to Secure Flow hands its flow (`Flow.InvocationData`).
    pub(in crate::engine) invocation_data: Value,
    /// The inbound email answers an earlier email of its thread (the request's
    /// `newConversation: false`): its conversation had its automated reply.
    pub(in crate::engine) email_reply: bool,
    /// The conversation's secured data (Set Secured Data), kept out of the result.
    pub(in crate::engine) secured_data: Vec<(Arc<str>, Arc<str>)>,
    pub(in crate::engine) usage: Usage,
}

/// What comes to the run from outside as it goes: the input script and the place in it, and
/// the events. Only what takes an input (or fires an event) writes it; the place in the script
/// only moves forward.
pub(in crate::engine) struct Inputs {
    pub(in crate::engine) heard: Heard,
    /// Events from outside (`engine::events`); empty for most runs.
    pub(in crate::engine) live: Box<super::events::Live>,
}

/// The step's record: the trace (the semantics read it for the step's index and write only
/// its last entry, the step's own: [`StepRecord::set_result`]) and what the trace's steps
/// index, with what the step warned, read and took for the observer. Only ever appended to
/// while the run goes on.
pub(in crate::engine) struct StepRecord<'r> {
    pub(in crate::engine) trace: super::stream::Trace,
    pub(in crate::engine) rec: Recorded<'r>,
    /// The prompt the current Architect action played, `u32::MAX` for none.
    pub(in crate::engine) step_prompt: u32,
    /// Where the current action's writes start in `rec.writes`.
    pub(in crate::engine) action_start: u32,
    /// The visit (1-based) of the stub that ran instead of the current action; 0: none.
    pub(in crate::engine) stub: u16,
    pub(in crate::engine) warnings: Warnings,
    /// What steps read, when recorded (`engine::reads`).
    pub(in crate::engine) reads: super::reads::ReadLog,
    /// Whether an observer watches the run: an input's digits are then kept in `digits` for
    /// it (the machine hands them over after the step).
    pub(in crate::engine) observed: bool,
    /// The digits the step took, for the observer: none taken, or what an input got (no
    /// digits: a timeout).
    #[allow(clippy::option_option)]
    pub(in crate::engine) digits: Option<Option<Arc<str>>>,
}

pub(in crate::engine) struct Frame<'r> {
    pub(in crate::engine) flow: FlowIdx,
    pub(in crate::engine) graph: &'r Graph,
    pub(in crate::engine) depth: u16,
    pub(in crate::engine) outputs: Vec<Output>,
    /// The caller's Flow node and its trace step (none for the top flow).
    pub(in crate::engine) call: Option<(NodeIdx, usize)>,
    /// This invocation's own deadline (Flow node `timeoutSeconds`), virtual ms.
    pub(in crate::engine) deadline: Option<i64>,
    /// The earliest deadline of this frame and every caller.
    pub(in crate::engine) earliest: i64,
    /// Architect flows: reusable tasks to return to, loops running, menus (see `engine::arch`).
    pub(in crate::engine) arch: super::cx::FrameState,
    /// A common module's caller's variables, while the module runs with its own.
    pub(in crate::engine) saved_vars: Option<Vars<'r>>,
    /// When this invocation started (`Flow.StartDateTimeUtc`), virtual ms.
    pub(in crate::engine) started: i64,
}

/// What the trace's steps hold by index, in the order steps added them: the prompts played,
/// what actions wrote (see `StepResult::Action`: Architect actions' variables, JSON nodes'
/// outputs and assignments), the errors of steps (`StepData`), and what input-reading steps
/// heard (`StepInput`). The result keeps them (`RunResult::stores`);
/// a streamed run drops what no open call needs (`engine::stream`).
#[derive(Default)]
pub(in crate::engine) struct Recorded<'r> {
    pub(in crate::engine) prompts: Vec<Prompt>,
    pub(in crate::engine) step_data: StepData,
    pub(in crate::engine) writes: Vec<(Name<'r>, Value)>,
    pub(in crate::engine) step_inputs: Vec<super::result::StepInput>,
}

impl<'r> Recorded<'r> {
    /// Records `value` as written by the current step under `name`.
    #[inline]
    pub(in crate::engine) fn wrote(&mut self, name: Name<'r>, value: Value) {
        self.writes.push((name, value));
    }
}

/// The request's input script and where the run is in it.
#[derive(Default)]
pub(in crate::engine) struct Heard {
    pub(in crate::engine) inputs: Vec<Input>,
    /// The input the next input-reading step takes.
    pub(in crate::engine) next: usize,
    /// Which step took which input: (trace index, input index).
    pub(in crate::engine) turns: Vec<(u32, u32)>,
    /// Digits an Architect input action heard past what it takes (after its terminator or its
    /// count): the next input action hears them first, as Genesys passes them on.
    pub(in crate::engine) typed_ahead: Option<Arc<str>>,
    /// The AI-powered slot values scripted on the turn that became the inbound message: a bot
    /// that hears the message as its first turn takes them with it.
    pub(in crate::engine) message_slots: super::request::TurnSlots,
}

/// How often each mock response was used (a response's `times`): data actions' and external
/// services' (`services`).
#[derive(Default)]
pub(in crate::engine) struct Usage {
    pub(in crate::engine) data_actions: DataActionUsage,
    pub(in crate::engine) services: DataActionUsage,
    /// How often each of the fixtures' stubs was visited (by its position), sized on first use.
    pub(in crate::engine) stubs: Vec<u32>,
}

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

impl Clock {
    /// The virtual time since the run started, in ms.
    pub(in crate::engine) fn elapsed(&self) -> u64 {
        (self.now - self.started).max(0) as u64
    }

    pub(in crate::engine) fn advance(&mut self, ms: u64) {
        self.now = self.now.saturating_add(ms.min(i64::MAX as u64) as i64);
    }
}

impl<'r> Flowing<'r> {
    /// The current flow invocation.
    pub(in crate::engine) fn frame(&self) -> &Frame<'r> {
        self.frames.last().expect("a running machine has a frame")
    }

    pub(in crate::engine) fn set_output(&mut self, n: NodeIdx, out: Output) {
        self.frames.last_mut().expect("a running machine has a frame").outputs[n as usize] = out;
    }
}

impl StepRecord<'_> {
    /// Writes the step's own trace entry.
    pub(in crate::engine) fn set_result(&mut self, result: StepResult) {
        self.trace.last_mut().expect("the step was pushed").result = result;
    }

    /// An action starts: no prompt played, no value written, no stub yet.
    #[inline]
    pub(in crate::engine) fn begin_action(&mut self) {
        self.step_prompt = u32::MAX;
        self.action_start = self.rec.writes.len() as u32;
        self.stub = 0;
    }

    /// The action that [`StepRecord::begin_action`] began ended: what it played, wrote and
    /// ran instead become the step's own trace entry.
    #[inline]
    pub(in crate::engine) fn end_action(&mut self) {
        let start = self.action_start;
        let len = self.rec.writes.len() as u32 - start;
        self.set_result(StepResult::Action {
            start,
            len,
            prompt: self.step_prompt,
            stub: self.stub,
        });
    }
}

/// The view of a [`Cx`] that evaluates expressions and writes variables: the semantics that
/// are its methods read what the run runs against, the clock and the conversation (an
/// expression reads the context values and the settings), and write the variables, the
/// current frame and the step's record, but cannot change the conversation nor move the clock.
/// Made by splitting a `Cx`'s borrows ([`Cx::eval`]): free.
pub(in crate::engine) struct Eval<'a, 'r, 'f> {
    pub(in crate::engine) run: &'a Against<'r, 'f>,
    pub(in crate::engine) flowing: &'a mut Flowing<'r>,
    pub(in crate::engine) clock: &'a Clock,
    pub(in crate::engine) talk: &'a Conversation,
    pub(in crate::engine) input: &'a Inputs,
    pub(in crate::engine) step: &'a mut StepRecord<'r>,
}

/// The view of a [`Cx`] that changes the conversation: its methods may do what [`Eval`]'s do
/// and set what Architect sets (settings, participant data, outcomes, the route...) and count a
/// mock's use, but cannot take an input, fire an event nor move the clock. Made by splitting a
/// `Cx`'s borrows ([`Cx::sets`]): free.
pub(in crate::engine) struct Sets<'a, 'r, 'f> {
    pub(in crate::engine) run: &'a Against<'r, 'f>,
    pub(in crate::engine) flowing: &'a mut Flowing<'r>,
    pub(in crate::engine) clock: &'a Clock,
    pub(in crate::engine) talk: &'a mut Conversation,
    pub(in crate::engine) input: &'a Inputs,
    pub(in crate::engine) step: &'a mut StepRecord<'r>,
}

impl<'r, 'f> Sets<'_, 'r, 'f> {
    /// This view's [`Eval`] view.
    pub(in crate::engine) fn eval(&mut self) -> Eval<'_, 'r, 'f> {
        Eval {
            run: self.run,
            flowing: &mut *self.flowing,
            clock: self.clock,
            talk: &*self.talk,
            input: self.input,
            step: &mut *self.step,
        }
    }
}

impl<'r, 'f> Cx<'r, 'f> {
    /// This context's [`Eval`] view.
    pub(in crate::engine) fn eval(&mut self) -> Eval<'_, 'r, 'f> {
        let Cx { run, flowing, clock, talk, input, step } = self;
        Eval { run, flowing, clock, talk, input, step }
    }

    /// This context's [`Sets`] view.
    pub(in crate::engine) fn sets(&mut self) -> Sets<'_, 'r, 'f> {
        let Cx { run, flowing, clock, talk, input, step } = self;
        Sets { run, flowing, clock, talk, input, step }
    }
}

impl Cx<'_, '_> {
    /// The current step takes the next input.
    pub(in crate::engine) fn note_turn(&mut self) {
        let step = self.step.trace.len().saturating_sub(1) as u32;
        self.input.heard.turns.push((step, self.input.heard.next as u32));
        self.input.heard.next += 1;
    }

    /// The next Gather answer (docs/json-flows.md): digits, or `None` for a timeout.
    pub(in crate::engine) fn take_input(
        &mut self,
        max_digits: u8,
        timeout_ms: u64,
        terminator: Option<char>,
    ) -> Option<Arc<str>> {
        let taken = self.take_input_inner(max_digits, timeout_ms, terminator);
        if self.step.observed {
            self.step.digits = Some(taken.clone());
        }
        taken
    }

    fn take_input_inner(
        &mut self,
        max_digits: u8,
        timeout_ms: u64,
        terminator: Option<char>,
    ) -> Option<Arc<str>> {
        if self.input.live.active && self.before_input(super::events::WaitKind::Digits) {
            return None;
        }
        let input = self.input.heard.inputs.get(self.input.heard.next).cloned();
        if input.is_some() {
            self.note_turn();
        }
        let input = match input {
            // A turn typed where digits are read: its text, as the digits pressed.
            Some(Input::Text { text, delay_ms, .. }) => {
                self.heard(Arc::clone(&text), "text");
                Some(Input::Digits { digits: text, delay_ms })
            }
            Some(Input::Intent { .. } | Input::NoMatch | Input::Knowledge { .. }) => {
                Some(Input::Digits { digits: Arc::from(""), delay_ms: 0 })
            }
            other => other,
        };
        match input {
            None | Some(Input::Timeout) => {
                self.clock.advance(timeout_ms);
                None
            }
            Some(Input::Digits { delay_ms, .. }) if delay_ms > timeout_ms => {
                self.clock.advance(timeout_ms);
                None
            }
            Some(Input::Digits { digits, delay_ms }) => {
                self.clock.advance(delay_ms);
                let kept = match terminator.and_then(|t| digits.find(t)) {
                    Some(end) => digits.cut(..end),
                    None => digits.as_ref(),
                };
                let mut end = kept.len().min(max_digits as usize);
                while !kept.is_char_boundary(end) {
                    end -= 1;
                }
                let kept = kept.cut(..end);
                if kept.is_empty() {
                    None
                } else if kept.len() == digits.len() {
                    Some(digits)
                } else {
                    Some(Arc::from(kept))
                }
            }
            Some(
                Input::Text { .. }
                | Input::Intent { .. }
                | Input::NoMatch
                | Input::Knowledge { .. },
            ) => None,
        }
    }
}

impl<'a, 'r, 'f> Eval<'a, 'r, 'f> {
    /// The same view for a shorter borrow.
    pub(in crate::engine) fn reborrow(&mut self) -> Eval<'_, 'r, 'f> {
        Eval {
            run: self.run,
            flowing: &mut *self.flowing,
            clock: self.clock,
            talk: self.talk,
            input: self.input,
            step: &mut *self.step,
        }
    }

    pub(in crate::engine) fn scope(&mut self, n: NodeIdx) -> Scope<'_> {
        self.reborrow().into_scope(n)
    }

    /// The scope expressions at node `n` are evaluated in, for as long as the view.
    pub(in crate::engine) fn into_scope(self, n: NodeIdx) -> Scope<'a> {
        let Eval { run, flowing, clock, talk, step, .. } = self;
        let Flowing { vars, frames, random, .. } = flowing;
        let frames: &'a Vec<Frame<'r>> = frames;
        let frame = frames.last().expect("a running machine has a frame");
        Scope {
            vars,
            context: &talk.context,
            graph: frame.graph,
            outputs: &frame.outputs,
            warnings: &mut step.warnings,
            random,
            reads: if step.reads.capture { Some(&mut step.reads.step) } else { None },
            flow: frame.flow,
            node: n,
            now_ms: clock.now,
            fixtures: run.fixtures,
            started_ms: frame.started,
            settings: &talk.arch.settings,
            flow_def: run.reg.flow(frame.flow),
            interaction_def: run.reg.flow(frames[0].flow),
        }
    }

    pub(in crate::engine) fn render(
        &mut self,
        n: NodeIdx,
        t: &Template,
    ) -> Result<Arc<str>, Box<EvalError>> {
        if let Some(text) = t.as_literal_arc() {
            return Ok(text);
        }
        t.render(&mut self.scope(n))
    }

    pub(in crate::engine) fn prompt(&mut self, n: NodeIdx, text: Arc<str>) -> u32 {
        let flow = self.flowing.frame().flow;
        self.step.rec.prompts.push(Prompt { flow, node: n, text });
        (self.step.rec.prompts.len() - 1) as u32
    }

    pub(in crate::engine) fn queue(
        &mut self,
        n: NodeIdx,
        target: &Template,
    ) -> Result<crate::fixtures::Queue, Did> {
        let key = self.render(n, target).map_err(|e| expr_fail(&e))?;
        if let Some(q) = self.queue_by_key(&key) {
            Ok(q)
        } else {
            self.missed(n, super::missing::Miss::new(super::missing::Sought::Queue, &key), None);
            Err(Did::fail(ErrorKind::QueueNotFound, format!("no queue `{key}` in the fixtures")))
        }
    }

    /// Records a lookup into the fixtures that found nothing at node `n` (`engine::missing`):
    /// a data action's as its `unmockedDataAction` warning (`message`), any other as a
    /// `notInFixtures` warning.
    pub(in crate::engine) fn missed(
        &mut self,
        n: NodeIdx,
        miss: super::missing::Miss,
        message: Option<String>,
    ) {
        let at = (self.flowing.frame().flow, n);
        let kind = if miss.sought == super::missing::Sought::DataAction {
            ErrorKind::UnmockedDataAction.as_str()
        } else {
            super::missing::NOT_IN_FIXTURES
        };
        let text = message.unwrap_or_else(|| miss.message());
        self.step.warnings.missed(at, kind, miss, || text);
    }

    /// A queue by id or name: the figures an event set, else the fixtures'.
    pub(in crate::engine) fn queue_by_key(&self, key: &str) -> Option<crate::fixtures::Queue> {
        let found = self.run.fixtures.queue(key)?;
        Some(self.input.live.queue(found).unwrap_or_else(|| found.clone()))
    }

    /// A queue by id ignoring case (Find Queue by Id), with the figures an event set.
    pub(in crate::engine) fn queue_by_id_loosely(
        &self,
        id: &str,
    ) -> Option<crate::fixtures::Queue> {
        let found = self.run.fixtures.queue_by_id_ignoring_case(id)?;
        Some(self.input.live.queue(found).unwrap_or_else(|| found.clone()))
    }

    /// A `setVars` value, typed (docs/json-flows.md).
    pub(in crate::engine) fn set_value(
        &mut self,
        n: NodeIdx,
        value: SetValue<'_>,
    ) -> Result<Value, (ErrorKind, String)> {
        let err = |e: Box<EvalError>| (e.kind, e.message);
        match value {
            SetValue::Expression(e) => eval(e, &mut self.scope(n)).map_err(err),
            SetValue::String(t) => self.render(n, t).map(Value::Str).map_err(err),
            SetValue::Integer(t) => self.converted(n, t, "ToInt"),
            SetValue::Decimal(t) => self.converted(n, t, "ToDecimal"),
            SetValue::Boolean(t) => self.converted(n, t, "ToBool"),
        }
    }

    fn converted(
        &mut self,
        n: NodeIdx,
        t: &Template,
        func: &str,
    ) -> Result<Value, (ErrorKind, String)> {
        let text = self.render(n, t).map_err(|e| (e.kind, e.message))?;
        let ctx = crate::expr::func::Ctx { now_ms: self.clock.now };
        // Text that does not read is `conversion`; a number past Architect's range `overflow`.
        crate::expr::func::call_named(func, &ctx, &[Value::Str(text)]).map_err(|e| {
            let (kind, message) = e.into_parts();
            let kind = match kind {
                ErrorKind::Overflow => ErrorKind::Overflow,
                _ => ErrorKind::Conversion,
            };
            (kind, message)
        })
    }
}
