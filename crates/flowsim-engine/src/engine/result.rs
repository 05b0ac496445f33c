//! The run result (docs/results.md): status, trace, variables, prompts, route, error, warnings.
//!
//! Trace steps are compact (indexes into the registry, no copied names; 40 bytes, with what is
//! large or rare in [`StepData`]) so a ten-million-step run stays small; names are looked up when
//! the result is written. Writing streams, in two forms with the same bytes: the serde form
//! (`ser.rs`: `json-pretty`, and the reference) and a hand-written writer of the compact form
//! (`compact.rs`: `--format json`). A large trace is never built as an in-memory JSON tree.
//!
//! Output is bounded whatever the flow did: a value whose JSON would pass [`MAX_VALUE_OUTPUT`]
//! (a string) or [`MAX_CONTAINER_OUTPUT`] (a list or object) is
//! written as `{"valueIsTooLarge": true, "bytes": N}` (as the cloud's execution data marks values
//! it does not keep), and once the values of one result have taken [`MAX_RESULT_VALUES_OUTPUT`],
//! every further value larger than [`ALWAYS_WRITTEN`] bytes is written so too. The rest of a step
//! is a few hundred bytes, and steps are bounded by [`crate::engine::MAX_STEPS_CAP`].

use crate::expr::Value;
pub use crate::flow::edge::Edge;
use crate::flow::{FlowIdx, NodeIdx, Registry, Version};
use crate::kind::ErrorKind;
use serde::Serialize;
use std::cell::Cell;
use std::sync::Arc;

mod compact;
pub mod json_trace;
pub mod ndjson;
pub mod segments;
mod ser;
mod steps;

pub use steps::Steps;

/// Step numbers as the trace writers write them, counted up in place: formatting a number
/// afresh costs as much as the rest of a short step. A number that follows the last one has
/// only its changed digits written, the carry over its trailing nines in place.
#[derive(Default)]
pub struct StepNumbers {
    /// The decimal digits of `value` (none before the first number) in their first `len`
    /// bytes: a block [`StepNumbers::push`] copies whole.
    digits: [u8; NUMBER_BLOCK],
    len: usize,
    value: usize,
}

/// The bytes a step number's block holds: the digits of any `usize`, and room.
const NUMBER_BLOCK: usize = 24;

impl StepNumbers {
    /// `n`'s decimal digits.
    #[inline]
    pub fn number(&mut self, n: usize) -> &[u8] {
        if n == self.value.wrapping_add(1) && self.len > 0 {
            self.count_up();
        } else {
            let mut text = itoa::Buffer::new();
            let digits = text.format(n).as_bytes();
            self.digits[..digits.len()].copy_from_slice(digits);
            self.len = digits.len();
        }
        self.value = n;
        &self.digits[..self.len]
    }

    /// Appends `n`'s digits to `out`, their block copied whole ([`push_block`]).
    #[inline]
    pub fn push(&mut self, n: usize, out: &mut Vec<u8>) {
        let len = self.number(n).len();
        push_block(out, &self.digits, len);
    }

    /// The digits plus one: trailing nines become zeros, the digit before them goes up, and a
    /// number of nines only grows a leading one.
    #[inline]
    fn count_up(&mut self) {
        for d in self.digits[..self.len].iter_mut().rev() {
            if *d == b'9' {
                *d = b'0';
            } else {
                *d += 1;
                return;
            }
        }
        self.digits.copy_within(..self.len, 1);
        self.digits[0] = b'1';
        self.len += 1;
    }
}

/// Appends the first `len` bytes of `block` to `out`: the block copied whole (a copy of a
/// fixed size, which the compiler makes in place) and `out` cut back, sooner than a copy of
/// `len` bytes (a call to `memcpy` for a few bytes).
#[inline]
fn push_block<const N: usize>(out: &mut Vec<u8>, block: &[u8; N], len: usize) {
    let end = out.len() + len;
    out.extend_from_slice(block);
    out.truncate(end);
}

/// What a trace writer makes once for each node its steps reach (a node's head, its names as
/// JSON, ...): a table by flow and node index, filled as the steps reach each node, so it holds
/// at most the flows' nodes whatever the run's length.
pub struct PerNode<T>(Vec<Vec<Option<T>>>);

impl<T> Default for PerNode<T> {
    fn default() -> Self {
        PerNode(Vec::new())
    }
}

impl<T> PerNode<T> {
    /// The node's entry, made by `make` the first time the node is asked for.
    #[inline]
    pub fn get_or_make(
        &mut self,
        flow: FlowIdx,
        node: NodeIdx,
        make: impl FnOnce() -> T,
    ) -> &mut T {
        let (f, n) = (flow as usize, node as usize);
        if matches!(self.0.get(f).and_then(|nodes| nodes.get(n)), Some(Some(_))) {
            return self.0[f][n].as_mut().expect("just seen");
        }
        self.add(f, n, make)
    }

    #[cold]
    #[inline(never)]
    fn add(&mut self, f: usize, n: usize, make: impl FnOnce() -> T) -> &mut T {
        if self.0.len() <= f {
            self.0.resize_with(f + 1, Vec::new);
        }
        let nodes = &mut self.0[f];
        if nodes.len() <= n {
            nodes.resize_with(n + 1, || None);
        }
        nodes[n].get_or_insert_with(make)
    }
}

/// A value whose JSON text would be larger than this is written as the `valueIsTooLarge` marker:
/// a little more than the longest string (`expr::value::MAX_STRING_BYTES`), so that any string a
/// run can build is written whole once (what [`MAX_RESULT_VALUES_OUTPUT`] bounds is repetition).
pub const MAX_VALUE_OUTPUT: usize = crate::expr::value::MAX_STRING_BYTES + 64 * 1024;
/// A list or object whose compact JSON text would be larger than this is written as the
/// `valueIsTooLarge` marker.
pub const MAX_CONTAINER_OUTPUT: usize = 64 * 1024;
/// What the values of one serialized result may take in total, before larger values are
/// written as markers.
pub const MAX_RESULT_VALUES_OUTPUT: usize = 64 * 1024 * 1024;
/// Values this small are always written in full, budget or not.
pub const ALWAYS_WRITTEN: usize = 256;

/// What one result's values may still take when written (see the module doc). Not `Sync`: one
/// per serialization (or, for a long trace written on two threads, one per segment:
/// `segments.rs`).
#[derive(Debug)]
pub struct OutputBudget {
    left: Cell<usize>,
    /// Whether a value was admitted or refused by what was left (one larger than
    /// [`ALWAYS_WRITTEN`] and at most [`MAX_VALUE_OUTPUT`]): what was written then depended on
    /// the budget, not only on the values.
    weighed: Cell<bool>,
}

impl Default for OutputBudget {
    fn default() -> Self {
        OutputBudget::with_left(MAX_RESULT_VALUES_OUTPUT)
    }
}

impl OutputBudget {
    /// A budget with `left` bytes left.
    pub const fn with_left(left: usize) -> Self {
        OutputBudget { left: Cell::new(left), weighed: Cell::new(false) }
    }

    /// The budget as [`OutputBudget::with_left`] makes it.
    pub fn reset(&self, left: usize) {
        self.left.set(left);
        self.weighed.set(false);
    }

    /// The bytes left.
    pub fn left(&self) -> usize {
        self.left.get()
    }

    /// Whether any value's fate depended on what was left (see [`OutputBudget::weighed`]).
    pub fn weighed(&self) -> bool {
        self.weighed.get()
    }

    /// `Ok` when `v` may be written in full (and charges it), else `Err` with its estimated size.
    pub fn admit(&self, v: &Value) -> Result<(), usize> {
        match v {
            Value::Str(s) => self.admit_size(s.len() + 2),
            Value::Phone(p) => self.admit_size(p.uri.len() + 2),
            // Pretty-printed, a nested value's text grows with its depth (indentation): hence a
            // lower bound for lists and objects.
            Value::List(_) | Value::Object(_) => match v.json_size() {
                size if size > MAX_CONTAINER_OUTPUT => Err(size),
                size => self.admit_size(size),
            },
            // Scalars, dates, media: a few dozen bytes at most.
            _ => Ok(()),
        }
    }

    /// [`OutputBudget::admit`] for something of `size` bytes (a prompt's text).
    pub fn admit_size(&self, size: usize) -> Result<(), usize> {
        let left = self.left.get();
        if size <= ALWAYS_WRITTEN {
            self.left.set(left.saturating_sub(size));
            return Ok(());
        }
        if size > MAX_VALUE_OUTPUT {
            return Err(size);
        }
        self.weighed.set(true);
        if size <= left {
            self.left.set(left - size);
            Ok(())
        } else {
            Err(size)
        }
    }
}

/// How a run ended (docs/json-flows.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    Completed,
    Failed,
    Disconnected,
    Timeout,
    StepLimit,
    /// The run spent one of its budgets (docs/budgets.md): its error names which.
    Budget,
    /// An Architect transfer (ACD, user, group, number, voicemail, flow) ended the flow; the
    /// result's `route` says where.
    Transferred,
    /// A live run stopped where it waits for an input it was not given
    /// (`RunOptions::pause_for_input`); `RunResult::waiting` says where.
    Waiting,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Disconnected => "disconnected",
            Status::Timeout => "timeout",
            Status::StepLimit => "stepLimit",
            Status::Budget => "budget",
            Status::Transferred => "transferred",
            Status::Waiting => "waiting",
        }
    }

    /// The run error a run ending with this status always has: `timeout`, `stepLimit` and
    /// `budget` are errors as much as statuses, so a scenario that expects the status expects
    /// the error (docs/scenarios.md).
    pub fn error_kind(self) -> Option<ErrorKind> {
        match self {
            Status::Timeout => Some(ErrorKind::Timeout),
            Status::StepLimit => Some(ErrorKind::StepLimit),
            Status::Budget => Some(ErrorKind::Budget),
            Status::Completed
            | Status::Failed
            | Status::Disconnected
            | Status::Transferred
            | Status::Waiting => None,
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [
            Status::Completed,
            Status::Failed,
            Status::Disconnected,
            Status::Timeout,
            Status::StepLimit,
            Status::Budget,
            Status::Transferred,
            Status::Waiting,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(text))
    }
}

/// What a step recorded. Sixteen bytes: what is larger (values, errors) sits in the run's
/// stores and the step holds its indexes.
///
/// Every action records the same things, Architect's and the JSON format's nodes alike: the
/// prompt it played and the values it wrote, each under its name. What a trace makes of them
/// (an Architect action's `variables`, a JSON `Gather`'s `digits`) is its entry's
/// `Facts::record`, read by the writers (`ser.rs`, `compact.rs`, the CLI's text).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepResult {
    /// Nothing yet: the step has not finished.
    None,
    /// The values it wrote (`RunResult::writes[start..start + len]`: an Architect action's
    /// variables, a JSON node's outputs or assignments) and the prompt or message it played
    /// or sent (an index into `prompts`, [`NO_INDEX`] for none); `stub`: 0, or the visit
    /// (1-based) of the stub that ran instead of the action (docs/scenarios.md, stubs).
    Action { start: u32, len: u32, prompt: u32, stub: u16 },
}

/// No prompt, no next node, no error: the `u32` fields of steps use it rather than an `Option`
/// (which would take eight bytes).
pub const NO_INDEX: u32 = u32::MAX;

/// An error in a step, or the run's error.
#[derive(Debug, Clone, PartialEq)]
pub struct StepError {
    pub kind: ErrorKind,
    pub message: String,
}

/// One executed node: 40 bytes (asserted), so that a ten-million-step trace takes 400 MB.
/// Indexes only: names are looked up when the result is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub flow: FlowIdx,
    pub node: NodeIdx,
    /// The node the step went on to ([`NO_INDEX`]: none): see [`Step::next`].
    next: NodeIdx,
    /// An index into [`StepData::errors`] ([`NO_INDEX`]: none): see [`RunResult::step_error`].
    error: u32,
    pub result: StepResult,
    pub edge: Edge,
    pub depth: u16,
}

const _: () = assert!(std::mem::size_of::<Step>() <= 40);
const _: () = assert!(std::mem::size_of::<StepResult>() <= 16);

impl Step {
    /// A step of `node` of `flow`, at call depth `depth`, that has not finished yet.
    pub const fn new(flow: FlowIdx, node: NodeIdx, depth: u16) -> Step {
        Step {
            flow,
            node,
            next: NO_INDEX,
            error: NO_INDEX,
            result: StepResult::None,
            edge: Edge::Success,
            depth,
        }
    }

    /// The node the step went on to, if any.
    pub fn next(&self) -> Option<NodeIdx> {
        (self.next != NO_INDEX).then_some(self.next)
    }

    pub fn set_next(&mut self, next: Option<NodeIdx>) {
        self.next = next.unwrap_or(NO_INDEX);
    }

    pub fn has_error(&self) -> bool {
        self.error != NO_INDEX
    }
}

/// What steps produced that is too rare to sit in each [`Step`]; steps hold indexes into it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepData {
    /// Steps' errors.
    pub errors: Vec<StepError>,
}

impl StepData {
    /// Records `error` as `step`'s (replacing any it had).
    pub fn set_error(&mut self, step: &mut Step, error: StepError) {
        if step.error == NO_INDEX {
            self.errors.push(error);
            step.error = (self.errors.len() - 1) as u32;
        } else {
            self.errors[step.error as usize] = error;
        }
    }

    /// `step`'s error, if it failed.
    pub fn error(&self, step: &Step) -> Option<&StepError> {
        self.errors.get(step.error as usize)
    }
}

/// One prompt played: an action's audio or message, a JSON Say's text or Gather's prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub flow: FlowIdx,
    pub node: NodeIdx,
    pub text: Arc<str>,
}

/// Where the conversation was routed (the last Route wins), or transferred.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub queue_id: Arc<str>,
    pub queue_name: Arc<str>,
    /// Empty for a §2 Route node; an Architect transfer's kind: `acd`, `user`, `group`,
    /// `number`, `voicemail`, `flow`, `secureFlow`.
    pub kind: &'static str,
    /// What a non-ACD transfer went to: the user's, group's or flow's name, the number.
    pub target: Arc<str>,
    /// The language skill a Transfer to ACD requires of the agent: the action's, else the
    /// flow's default for the conversation's language.
    pub language_skill: Option<Arc<str>>,
}

impl Route {
    /// An Architect transfer of `kind` (`user`, `group`, `number`, `flow`...) to `target`, no
    /// queue's.
    pub fn to(kind: &'static str, target: Arc<str>) -> Route {
        Route {
            queue_id: Arc::from(""),
            queue_name: Arc::from(""),
            kind,
            target,
            language_skill: None,
        }
    }

    /// A §2 Route node's queue.
    pub fn queue(queue_id: Arc<str>, queue_name: Arc<str>) -> Route {
        Route { queue_id, queue_name, kind: "", target: Arc::from(""), language_skill: None }
    }
}

/// The error that ended a failed (or limited) run: where it first happened.
#[derive(Debug, Clone, PartialEq)]
pub struct RunError {
    pub kind: ErrorKind,
    pub message: String,
    pub flow: FlowIdx,
    pub node: NodeIdx,
}

/// A warning (`unsetRead`, `orgMissing`, `unmockedDataAction`, `notInFixtures`...).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub kind: &'static str,
    pub message: String,
    pub flow: FlowIdx,
    pub node: NodeIdx,
    /// The lookup into the fixtures that found nothing, when the warning is about one
    /// (`engine::missing`).
    pub missing: Option<super::missing::Miss>,
}

/// The name a step wrote a value under (`RunResult::writes`): borrowed, text that outlives the
/// run (the registry's, as the node spells it: a Set's variable, a workitem's attribute; or the
/// engine's own: a JSON node's `outcome`), or one the run made and shares (a participant data
/// key, an Architect variable). Borrowed, a name costs a step nothing to record or drop: no
/// count is kept, as an `Arc`'s is on every write, by every core that drops it (measured: the
/// bench loop's 1,000,000 steps, run with nothing written, 142 ms -> 131 ms; `BENCHMARKS.md`
/// §1, session 59).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name<'r> {
    Borrowed(&'r str),
    Made(Arc<str>),
}

impl std::ops::Deref for Name<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Name::Borrowed(s) => s,
            Name::Made(s) => s,
        }
    }
}

impl std::fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for Name<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl From<String> for Name<'_> {
    fn from(s: String) -> Self {
        Name::Made(s.into())
    }
}

/// Everything a run produced. Borrows the registry for names.
#[derive(Debug, Clone)]
pub struct RunResult<'r> {
    pub registry: &'r Registry,
    pub version: Version,
    pub status: Status,
    pub flow: FlowIdx,
    pub trace: Steps,
    /// In order of first assignment, with the spelling of the first assignment.
    pub variables: Vec<(Arc<str>, Value)>,
    pub prompts: Vec<Prompt>,
    /// What steps hold by index: their errors.
    pub step_data: StepData,
    pub route: Option<Route>,
    pub error: Option<RunError>,
    pub warnings: Vec<Warning>,
    pub elapsed_ms: u64,
    /// With `RunOptions::record_reads`: per step index, the references read and their values.
    pub reads: Vec<(u32, Reads)>,
    /// What steps wrote, in step order (see [`StepResult::Action`], [`RunResult::written`]).
    pub writes: Vec<(Name<'r>, Value)>,
    /// Which step took which of the request's inputs: (trace index, input index), in order.
    pub turns: Vec<(u32, u32)>,
    /// What input-reading steps heard, in step order (see [`RunResult::inputs_of`]).
    pub step_inputs: Vec<StepInput>,
    /// With `RunOptions::pause_for_input`: where the run waits (flow and node), when it does.
    pub waiting: Option<WaitPoint>,
    /// Events that fired, in order: (index in the request's `events`, trace length then).
    pub fired: Vec<(u32, u32)>,
    /// What of the fixtures' mocks and stubs the run used (a scenario's unused ones are
    /// warned of: docs/scenarios.md).
    pub used: Used,
    /// Architect flows only (written when the top flow is one):
    pub arch: ArchResult,
}

/// What of the fixtures' mocks and stubs a run used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Used {
    /// The mocked data actions it called (whether a response answered or not), lower-cased,
    /// ordered.
    pub data_actions: Vec<Arc<str>>,
    /// The mocked services it called, lower-cased, ordered.
    pub services: Vec<Arc<str>>,
    /// How often each of the fixtures' stubs ran, by its place in `FixtureStore::stubs`
    /// (shorter than the stubs when the last ones never ran).
    pub stubs: Vec<u32>,
}

/// What an Architect flow's run adds to the result (docs/architect.md).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArchResult {
    /// The top flow's output variables (`isOutput`), in declaration order.
    pub outputs: Vec<(Arc<str>, Value)>,
    /// Participant data as the run left it (presets, then what the flow set), in order of
    /// first setting.
    pub participant_data: Vec<(Arc<str>, Arc<str>)>,
    /// A workflow's `endWorkflow` exit reason.
    pub exit_reason: Option<Value>,
    /// Flow outcomes set (`setFlowOutcome`): name and value, in order.
    pub outcomes: Vec<(Arc<str>, Value)>,
    /// Milestones added (`addFlowMilestone`), in order.
    pub milestones: Vec<Arc<str>>,
    /// Conversation settings the run made: `language`, `wrapupCode`, `screenPop`, ...
    pub settings: Vec<(&'static str, Value)>,
    /// What the customer said (the inbound message, bot turns), each placed among the prompts.
    pub transcript: Vec<TurnRecord>,
    /// A top-level bot flow's intent when it exited.
    pub intent: Option<Arc<str>>,
    /// The slots bot flows filled (or cleared: NOT_SET), by name, as the run left them.
    pub slots: Vec<(Arc<str>, Value)>,
    /// The run's workitem as the run left it (a workitem flow's `Workitem.Workitem`).
    pub workitem: Option<Value>,
    /// How a survey invite flow ended: `completed` (Complete Survey Invite) or `aborted`
    /// (Abort Survey Invite).
    pub survey: Option<&'static str>,
}

/// One customer turn: where it fell among the prompts, what it was, and what the bot flow's
/// NLU made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnRecord {
    /// How many prompts came before it.
    pub at: u32,
    /// The text (empty for no input or no match), or the pinned intent's name.
    pub text: Arc<str>,
    /// `message`, `text`, `intent`, `noInput`, `noMatch`.
    pub kind: &'static str,
    pub intent: Option<Arc<str>>,
    pub confidence: Option<f64>,
}

/// What a step that reads input (a menu, Collect Input, Dial by Extension, a bot's question,
/// Process Voicemail Input) heard, and what it made of it: the step's `inputs` in the trace
/// (docs/results.md). Kept for every run, one per input read (a step may read several: Dial by
/// Extension's retries).
#[derive(Debug, Clone, PartialEq)]
pub struct StepInput {
    /// The trace index of the step.
    pub step: u32,
    /// The request's input entry the digits came from (zero-based); [`NO_INDEX`] when they were
    /// typed ahead into an earlier entry, or when no entry was left.
    pub entry: u32,
    /// The keys pressed or the words said (a pinned intent's name); `None` when nothing came
    /// before the timeout, or for a turn that matches nothing.
    pub digits: Option<Arc<str>>,
    pub heard: Heard,
}

const _: () = assert!(std::mem::size_of::<StepInput>() <= 32);

/// What an input-reading step made of what it heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// A menu digit that one of its choices has.
    Choice,
    /// A menu digit no choice has: the menu plays again (or takes its default).
    NoChoice,
    /// Collect Input's digits that fit it; an extension a user has.
    Accepted,
    /// Collect Input's digits that do not fit it (too few, not digits); an extension no user has.
    Rejected,
    /// Nothing before the timeout.
    Timeout,
    /// A customer's turn, heard by a bot or as a voicemail.
    Text,
    /// A turn whose classification the request pins: `digits` is the intent's name.
    Intent,
    /// A turn that matches nothing.
    NoMatch,
    /// A turn a knowledge article answers, pinned by the request: `digits` is the answer.
    Knowledge,
}

impl Heard {
    pub fn as_str(self) -> &'static str {
        match self {
            Heard::Choice => "choice",
            Heard::NoChoice => "noChoice",
            Heard::Accepted => "accepted",
            Heard::Rejected => "rejected",
            Heard::Timeout => "timeout",
            Heard::Text => "text",
            Heard::Intent => "intent",
            Heard::NoMatch => "noMatch",
            Heard::Knowledge => "knowledge",
        }
    }
}

/// The references one step read and the values they had.
pub type Reads = Box<[(Arc<str>, Value)]>;

impl<'r> RunResult<'r> {
    pub fn flow_name(&self, flow: FlowIdx) -> &str {
        self.stores().flow_name(flow)
    }

    /// The node a step ran.
    pub fn node(&self, flow: FlowIdx, node: NodeIdx) -> &crate::flow::Node {
        self.stores().node(flow, node)
    }

    /// What the step at `index` (zero-based) read, when reads were recorded.
    pub fn reads_of(&self, index: usize) -> impl Iterator<Item = &(Arc<str>, Value)> {
        let found = self.reads.binary_search_by_key(&(index as u32), |(i, _)| *i).ok();
        found.into_iter().flat_map(|i| self.reads[i].1.iter())
    }

    /// What a step wrote, in order, each value under its name (see [`Stores::written`]).
    pub fn written(&self, step: &Step) -> &[(Name<'r>, Value)] {
        self.stores().written(step)
    }

    /// What the step at `index` (zero-based) heard: empty unless it reads input.
    pub fn inputs_of(&self, index: usize) -> &[StepInput] {
        self.stores().inputs_of(index)
    }

    /// A step's error, if it failed.
    pub fn step_error(&self, step: &Step) -> Option<&StepError> {
        self.stores().step_error(step)
    }

    /// The value of a variable by name (case-insensitive).
    pub fn variable(&self, name: &str) -> Option<&Value> {
        self.variables.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }

    /// The node ids of the trace, in order.
    pub fn path(&self) -> Vec<&str> {
        self.trace.iter().map(|s| &*self.node(s.flow, s.node).id).collect()
    }

    /// What the trace's steps hold by index, for writing them.
    pub fn stores(&self) -> Stores<'_, 'r> {
        Stores {
            registry: self.registry,
            version: self.version,
            prompts: &self.prompts,
            writes: &self.writes,
            data: &self.step_data,
            inputs: &self.step_inputs,
        }
    }

    /// The JSON text of docs/results.md, pretty-printed, with a final newline.
    pub fn to_json_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("results always serialize");
        s.push('\n');
        s
    }

    /// The JSON text of docs/results.md on one line, with a final newline: the bytes of
    /// `serde_json::to_writer` on the result, written faster (see `compact.rs`) and in large
    /// chunks, never built whole in memory.
    pub fn write_json(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        compact::write(self, w)
    }
}

/// What a step's indexes point into, borrowed: a finished result's stores, or a running
/// machine's while it streams its trace (`ndjson.rs`). Writing a step reads only these.
#[derive(Clone, Copy)]
pub struct Stores<'a, 'r> {
    pub registry: &'r Registry,
    pub version: Version,
    pub prompts: &'a [Prompt],
    pub writes: &'a [(Name<'r>, Value)],
    pub data: &'a StepData,
    pub inputs: &'a [StepInput],
}

impl<'a, 'r> Stores<'a, 'r> {
    pub fn flow_name(self, flow: FlowIdx) -> &'r str {
        &self.registry.flow(flow).name
    }

    /// The node a step ran.
    pub fn node(self, flow: FlowIdx, node: NodeIdx) -> &'r crate::flow::Node {
        let graph = self
            .registry
            .flow(flow)
            .graph(self.version)
            .expect("a run only enters flows with this version");
        graph.node(node)
    }

    /// What a step wrote, in order, each value under its name: an Architect action's
    /// variables, a JSON node's outputs or assignments; empty for a step that wrote nothing.
    pub fn written(self, step: &Step) -> &'a [(Name<'r>, Value)] {
        match step.result {
            StepResult::Action { start, len, .. } => {
                &self.writes[start as usize..(start + len) as usize]
            }
            StepResult::None => &[],
        }
    }

    /// The value a step wrote under `name`, if it wrote one.
    pub fn written_value(self, step: &Step, name: &str) -> Option<&'a Value> {
        self.written(step).iter().find(|(k, _)| &**k == name).map(|(_, v)| v)
    }

    /// The prompt a step played, if it played one.
    pub fn played(self, step: &Step) -> Option<&'a Prompt> {
        match step.result {
            StepResult::Action { prompt, .. } => self.prompts.get(prompt as usize),
            StepResult::None => None,
        }
    }

    /// What the step at trace index `index` heard (see [`RunResult::inputs_of`]).
    pub fn inputs_of(self, index: usize) -> &'a [StepInput] {
        self.inputs_in(index..index + 1)
    }

    /// What the steps at trace indexes `steps` heard, in order.
    pub fn inputs_in(self, steps: std::ops::Range<usize>) -> &'a [StepInput] {
        let from = self.inputs.partition_point(|i| (i.step as usize) < steps.start);
        let to = from + self.inputs[from..].partition_point(|i| (i.step as usize) < steps.end);
        &self.inputs[from..to]
    }

    pub fn step_error(self, step: &Step) -> Option<&'a StepError> {
        self.data.error(step)
    }
}

/// How far a step's indexes reach into each store, lowest first: prompts, writes, errors
/// ([`NO_INDEX`] where it holds none). A streamed run drops what no step still to be written
/// needs, then moves the indexes of those steps down ([`Step::rebase`]).
pub type StoreMarks = [u32; 3];

impl Step {
    pub fn marks(&self) -> StoreMarks {
        let mut m = [NO_INDEX; 3];
        m[2] = self.error;
        if let StepResult::Action { start, len, prompt, .. } = self.result {
            m[0] = prompt;
            // An empty range marks nothing: a call's step sets its range when it returns.
            if len > 0 {
                m[1] = start;
            }
        }
        m
    }

    /// The step's indexes after `dropped[i]` items left the front of each store (none of them
    /// its own: see [`Step::marks`]).
    pub fn rebase(&mut self, dropped: &StoreMarks) {
        let at = |i: u32, d: u32| if i == NO_INDEX { i } else { i.saturating_sub(d) };
        self.error = at(self.error, dropped[2]);
        if let StepResult::Action { start, prompt, .. } = &mut self.result {
            *prompt = at(*prompt, dropped[0]);
            *start = at(*start, dropped[1]);
        }
    }

    /// Moves what the step wrote to `writes[to..]`, from where it is (further on: what comes
    /// before it in `writes` is dropped or belongs to steps before it), and points the step
    /// there; where the next step's record may go.
    pub fn move_record<T>(&mut self, writes: &mut [T], to: usize) -> usize {
        let StepResult::Action { start, len, .. } = &mut self.result else { return to };
        let from = *start as usize;
        for i in 0..*len as usize {
            writes.swap(to + i, from + i);
        }
        *start = to as u32;
        to + *len as usize
    }

    /// Only what says where the step ran: what a written step keeps while it is the last.
    pub fn place_only(&self) -> Step {
        Step::new(self.flow, self.node, self.depth)
    }
}

/// What a waiting run waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitKind {
    /// Keypad digits (Collect Input, menus, the seeds' Gather); a spoken answer too.
    Digits,
    /// A customer turn: a bot's question, a digital menu, a message.
    Turn,
}

impl WaitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WaitKind::Digits => "digits",
            WaitKind::Turn => "turn",
        }
    }
}

/// Where a paused run waits: the action, its container, and what it waits for.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitPoint {
    pub flow: crate::flow::FlowIdx,
    pub node: crate::flow::NodeIdx,
    pub id: Arc<str>,
    pub name: Arc<str>,
    /// The menu, task, state or bot container (`None` for the seeds' JSON).
    pub container: Option<Arc<str>>,
    pub kind: WaitKind,
    /// Which input it waits for (0-based: the number of inputs taken before).
    pub input: usize,
}

#[cfg(test)]
mod step_number_tests {
    use super::StepNumbers;

    #[test]
    fn counted_up_in_place_as_itoa_writes_them() {
        let mut numbers = StepNumbers::default();
        for n in (1..=10_001).chain([5, 99, 100, 999_999, 1_000_000, 1_000_001, 7]) {
            assert_eq!(numbers.number(n), n.to_string().as_bytes(), "{n}");
            let mut out = b"x".to_vec();
            numbers.push(n, &mut out);
            assert_eq!(out, format!("x{n}").as_bytes(), "{n}");
        }
    }
}
