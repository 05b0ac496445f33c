//! The interpreter loop (docs/json-flows.md): frames for nested Flow calls, node execution, error paths
//! and propagation, the virtual clock and the limits; after each step, the run's observer is
//! told what happened (`engine::observe`). The loop's body is one function,
//! `Machine::run_step`: a run calls it until the run ends, the debugger's stepper
//! (`engine::stepper`) once per node, so a stepped run is the run.
//!
//! The loop is iterative: a Flow call pushes a frame, a flow's end pops one, so call depth
//! never touches the Rust stack. Limits are checked at every node boundary: before a node
//! starts, and (for time limits) when a flow ends. Nothing here reads the wall clock or prints.
//!
//! The machine's own parts that need the whole machine live beside it (`bounds`: the checks of
//! what a run may spend; `flows`: how Architect flows move), so the modules that hold their
//! data (`engine::bounds`) sit below it and never name it. What a step's semantics may touch
//! is the machine's `cx` (`engine::cx`), which it hands to each step: `self.cx.exec_action`.

mod bounds;
mod flows;

use super::cx::{
    Against, Clock, Conversation, Cx, Flowing, Frame, Heard, Inputs, Recorded, StepRecord, Usage,
};
use super::request::Prepared;
use super::result::{Edge, RunError, RunResult, Status, Step, StepError, StepResult};
use super::scope::{Output, Scope, Vars, Warnings};
use crate::expr::{eval, EvalError, Value};
use crate::fixtures::FixtureStore;
use crate::flow::model::{EndType, NO_CONTAINER};
use crate::flow::{FlowIdx, Graph, NodeIdx, Registry};
use crate::kind::ErrorKind;
use std::sync::Arc;

/// A finished callee's `outcome` output, shared rather than allocated per call.
static COMPLETED: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| Value::str("completed"));

const BLANK_STEP: Step = Step::new(0, 0, 0);

/// A failure on its way out of flows: where it first happened.
pub(super) struct Failure {
    pub(super) kind: ErrorKind,
    pub(super) message: String,
    pub(super) flow: FlowIdx,
    pub(super) node: NodeIdx,
    /// Where the flow that has the failure now stands: `node` in the flow it happened in, then
    /// the Call node of each caller it leaves. Flow-level error handling plays and evaluates
    /// there.
    pub(super) at: NodeIdx,
}

/// Where the loop goes next.
pub(super) enum Next {
    Node(NodeIdx),
    EndFlow(Option<Failure>),
    Stop(Status, Option<Failure>),
}

pub(in crate::engine) use super::did::Did;

/// How a run ends.
#[derive(Default)]
pub(super) struct Ending {
    /// An error the flow's error handling took over (a jump to a task or menu): the result
    /// keeps it even when the run then ends well.
    pub(super) handled: Option<Failure>,
    /// Set when the loop stops: status, the failure that ended the run, the top flow.
    outcome: Option<(Status, Option<Failure>, FlowIdx)>,
}

/// What watches or steers a run: each `None` for most runs (one branch per step).
pub(super) struct Watch<'f, 'r> {
    /// The run's observer (`engine::observe`).
    pub(super) observe: super::observe::Observing<'f, 'r>,
    /// Path exploration's steering (`engine::steer`).
    pub(super) steer: Option<Box<super::steer::Steer>>,
}

/// A run in progress: the loop's own state beside the step's context, [`Cx`] (the state
/// action semantics may touch: `engine::cx`). Its parts:
///
/// - `cx`: what the run runs against, the variables, the frames, the clock, the conversation,
///   the step's result (see `engine::cx`);
/// - the frames' spare output vectors, for the next calls to reuse;
/// - an outbound call flow's default wrap-up code;
/// - its bounds: timeout, step and action limits, budgets and what it spent (`bounds`,
///   `engine::bounds`); how it ends (`ending`: the error its error handling took over, the
///   outcome once the loop stopped);
/// - what watches or steers it (`watch`: the observer, `engine::observe`, and exploration's
///   steering, `engine::steer`).
pub struct Machine<'r, 'f> {
    /// What action semantics may touch, handed to each step's (`exec`).
    pub(super) cx: Cx<'r, 'f>,
    /// Output vectors of finished frames, cleared, for the next calls to reuse.
    spare: Vec<Vec<Output>>,
    /// An outbound call flow's default wrap-up code, when the run started in one that names
    /// it: the call's wrap-up code when the flow ends the call without Set Wrap-up Code.
    pub(super) default_wrapup_code: Option<Value>,
    /// Its timeout, step and action limits, budgets, and what it spent (`engine::bounds`).
    pub(super) bounds: super::bounds::Bounds,
    /// How it ended, or what it will end with.
    pub(super) ending: Ending,
    /// The run's observer and exploration's steering, each `None` for most runs.
    pub(super) watch: Watch<'f, 'r>,
}

impl<'r, 'f> Machine<'r, 'f> {
    pub fn new(
        reg: &'r Registry,
        fixtures: &'f FixtureStore,
        p: Prepared,
        options: super::RunOptions,
        steer: Option<Box<super::steer::Steer>>,
        observer: Option<&'f mut dyn super::observe::Observer<'r>>,
    ) -> Self {
        let (start, flow) = (p.start, p.flow);
        Self::ready(reg, fixtures, p, options, steer, observer).run_from(start, flow)
    }

    /// A machine at the start of its run: the flow entered, no node executed yet. `new` runs
    /// it to the end; `engine::stepper` runs it one node at a time.
    pub(super) fn ready(
        reg: &'r Registry,
        fixtures: &'f FixtureStore,
        p: Prepared,
        options: super::RunOptions,
        steer: Option<Box<super::steer::Steer>>,
        observer: Option<&'f mut dyn super::observe::Observer<'r>>,
    ) -> Self {
        let mut vars = Vars::new(reg.var_table());
        for (name, value) in p.variables {
            vars.set(&crate::util::fold_case(&name), &name, value);
        }
        let graph = reg.flow(p.flow).graph(p.version).expect("prepare checked the version");
        let (wants_reads, takes_trace, in_order) = observer
            .as_deref()
            .map_or((false, false, false), |o| (o.wants_reads(), o.takes_trace(), o.in_order()));
        let top = Frame {
            flow: p.flow,
            graph,
            depth: 0,
            outputs: vec![Output::default(); graph.nodes.len()],
            call: None,
            deadline: None,
            earliest: i64::MAX,
            arch: super::cx::FrameState::default(),
            saved_vars: None,
            started: p.start_ms,
        };
        let observed = observer.is_some();
        let mut m = Machine {
            cx: Cx {
                run: Against { reg, fixtures, version: p.version },
                flowing: Flowing {
                    vars,
                    frames: vec![top],
                    random: crate::expr::random::SplitMix64::new(p.seed),
                    callees: rustc_hash::FxHashMap::default(),
                },
                clock: Clock { now: p.start_ms, started: p.start_ms },
                talk: Conversation {
                    context: p.context,
                    arch: super::result::ArchResult {
                        participant_data: fixtures
                            .participant_data()
                            .iter()
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                        workitem: p.workitem,
                        ..Default::default()
                    },
                    route: None,
                    invocation_data: Value::NotSet,
                    email_reply: p.email_reply,
                    secured_data: Vec::new(),
                    usage: Usage::default(),
                },
                input: Inputs {
                    heard: Heard {
                        inputs: p.inputs,
                        message_slots: p.message_slots,
                        ..Heard::default()
                    },
                    live: Box::new(super::events::Live::new(p.events, options.pause_for_input)),
                },
                step: StepRecord {
                    trace: if takes_trace && in_order {
                        super::stream::Trace::forgetting_in_order()
                    } else if takes_trace {
                        super::stream::Trace::forgetting()
                    } else {
                        super::stream::Trace::default()
                    },
                    rec: Recorded::default(),
                    step_prompt: u32::MAX,
                    action_start: 0,
                    stub: 0,
                    warnings: Warnings::default(),
                    reads: super::reads::ReadLog::new(options.record_reads, wants_reads),
                    observed,
                    digits: None,
                },
            },
            bounds: super::bounds::Bounds::new(p.start_ms, p.timeout_ms, p.max_steps, p.limits),
            spare: Vec::new(),
            ending: Ending::default(),
            default_wrapup_code: None,
            watch: Watch { observe: super::observe::Observing::new(observer), steer },
        };
        m.cx.step.trace.reserve(64.min(p.max_steps as usize));
        if let Some(text) = p.message {
            m.cx.heard(text, "message");
        }
        if reg.flow(p.flow).format != crate::flow::model::Format::Json {
            m.bounds.arch_action_limit = Some(super::arch::ACTION_LIMIT);
        }
        m.start_flow(p.flow, p.start);
        m
    }

    /// Runs to the end, then keeps the outcome in `self` via `finish`: the one run loop, one
    /// [`run_step`](Self::run_step) per node. The debugger's `Stepper` calls the same `settle`
    /// to start and the same `run_step`, one node at a time.
    fn run_from(mut self, start: NodeIdx, top_flow: FlowIdx) -> Self {
        let mut at = self.settle(Next::Node(start), top_flow);
        while let Some(n) = at {
            at = self.run_step(n, top_flow);
        }
        self
    }

    /// A step of the run, the loop's body and the only one: runs node `n`
    /// ([`step`](Self::step)); a step that waited for an input it was not given
    /// (`RunOptions::pause_for_input`) is undone and the run stops `waiting`; the observer is
    /// told what happened; then [`settle`](Self::settle) follows flow ends and limits to the
    /// next node that will run, or `None` once the run ended.
    #[inline]
    pub(super) fn run_step(&mut self, n: NodeIdx, top_flow: FlowIdx) -> Option<NodeIdx> {
        // `next` is read where `step` wrote it, never moved whole: a `Next` copied out of the
        // slot its fields were just written to stalled every step on store forwarding
        // (measured: some 4 ns of the bench loop's step).
        let next = self.step(n);
        if self.cx.input.live.waiting.is_some() {
            // The step waited for an input it was not given: it has not happened yet.
            self.cx.step.trace.truncate(self.cx.input.live.waiting_step);
            let (said, heard, clock) = self.cx.input.live.waiting_mark;
            self.cx.step.rec.prompts.truncate(said);
            self.cx.talk.arch.transcript.truncate(heard);
            self.cx.clock.now = clock;
            return self.settle(Next::Stop(Status::Waiting, None), top_flow);
        }
        if self.watch.observe.on() && self.cx.step.trace.observe_due() {
            if let Some(stop) = self.observe_steps(false) {
                return self.settle(stop, top_flow);
            }
        }
        if let Next::Node(m) = next {
            return match self.boundary(m) {
                None => Some(m),
                Some(stop) => self.settle(stop, top_flow),
            };
        }
        self.settle(next, top_flow)
    }

    /// Follows `next` through boundaries (limits, budgets), flow ends and returns to the next
    /// node that will run; at a stop, keeps the outcome for `finish`, tells the observer the
    /// calls still open, and gives `None`.
    #[inline]
    pub(super) fn settle(&mut self, mut next: Next, top_flow: FlowIdx) -> Option<NodeIdx> {
        loop {
            next = match next {
                Next::Node(n) => match self.boundary(n) {
                    Some(stop) => stop,
                    None => return Some(n),
                },
                Next::EndFlow(failure) => self.end_flow(failure),
                Next::Stop(status, failure) => {
                    let failure = failure.or_else(|| self.ending.handled.take());
                    self.ending.outcome = Some((status, failure, top_flow));
                    if self.watch.observe.on() {
                        self.observe_steps(true);
                    }
                    return None;
                }
            };
        }
    }

    /// Tells the observer what happened since the last time: the step that ran, the calls that
    /// returned (at the `end`, the calls still open); when it takes the trace, counts the bytes
    /// it wrote against the trace budget. An observer that fails stops the run; the error is
    /// kept for the caller.
    fn observe_steps(&mut self, end: bool) -> Option<Next> {
        if self.watch.observe.error.is_some() {
            return None;
        }
        let observer = self.watch.observe.observer.take()?;
        let mut stores = super::stream::StoresMut {
            prompts: &mut self.cx.step.rec.prompts,
            keep_prompts: self.cx.step.trace.keeps_prompts()
                || !self.cx.talk.arch.transcript.is_empty(),
            writes: &mut self.cx.step.rec.writes,
            data: &mut self.cx.step.rec.step_data,
            inputs: &mut self.cx.step.rec.step_inputs,
        };
        let ran = super::observe::Ran {
            clock: self.watch.observe.clock,
            reads: self.cx.step.reads.of_last(self.cx.step.trace.len().saturating_sub(1)),
            digits: self.watch.observe.digits.as_ref(),
        };
        let observed = self.cx.step.trace.observe(
            &mut *observer,
            &mut stores,
            self.cx.run.reg,
            self.cx.run.version,
            &ran,
            end,
        );
        self.watch.observe.observer = Some(observer);
        self.watch.observe.digits = None;
        self.cx.step.reads.observed();
        match observed {
            Ok(bytes) => {
                if self.cx.step.trace.counts_written() {
                    self.bounds.add_trace(bytes);
                }
                None
            }
            Err(e) => {
                self.watch.observe.error = Some(e);
                Some(Next::Stop(Status::Failed, None))
            }
        }
    }
}

impl<'r> Machine<'r, '_> {
    /// A frame's node outputs, all unset: a vector a finished frame left, or a new one.
    fn spare_outputs(&mut self, len: usize) -> Vec<Output> {
        let mut outputs = self.spare.pop().unwrap_or_default();
        outputs.resize(len, Output::default());
        outputs
    }

    /// Pushes a callee's frame: a Flow node's (with its `timeoutSeconds` deadline), or a
    /// common module's (with the caller's variables saved).
    pub(super) fn push_frame(
        &mut self,
        callee: FlowIdx,
        graph: &'r Graph,
        call: NodeIdx,
        step: usize,
        saved_vars: Option<Vars<'r>>,
        deadline: Option<i64>,
    ) {
        let earliest = deadline.unwrap_or(i64::MAX).min(self.cx.flowing.frame().earliest);
        let outputs = self.spare_outputs(graph.nodes.len());
        let depth = self.cx.flowing.frame().depth + 1;
        self.cx.flowing.frames.push(Frame {
            flow: callee,
            graph,
            depth,
            outputs,
            call: Some((call, step)),
            deadline,
            earliest,
            arch: super::cx::FrameState::default(),
            saved_vars,
            started: self.cx.clock.now,
        });
    }

    /// A flow's frame at the bottom of the stack (the run goes on in it after a transfer).
    pub(super) fn push_top_frame(&mut self, flow: FlowIdx, graph: &'r Graph) {
        let outputs = self.spare_outputs(graph.nodes.len());
        self.cx.flowing.frames.push(Frame {
            flow,
            graph,
            depth: 0,
            outputs,
            call: None,
            deadline: None,
            earliest: i64::MAX,
            arch: super::cx::FrameState::default(),
            saved_vars: None,
            started: self.cx.clock.now,
        });
    }

    /// Pops the frames above frame `keep`, leaving `keep` on top for `pop_flow` to end.
    pub(super) fn unwind_to(&mut self, keep: usize) {
        for f in self.cx.flowing.frames.drain(keep + 1..).rev() {
            if let Some((_, step)) = f.call {
                self.cx.step.trace[step].edge = Edge::Open;
            }
        }
    }

    /// Executes node `n` of the current frame and decides where to go.
    pub(super) fn step(&mut self, n: NodeIdx) -> Next {
        let frame = self.cx.flowing.frames.last().expect("a running machine has a frame");
        let graph = frame.graph;
        let flow = frame.flow;
        let depth = frame.depth;
        let step_index = self.cx.step.trace.len();
        // Pushed blank, then filled in place: a step built on the stack from narrow fields and
        // copied in whole stalls on store forwarding (measured).
        self.cx.step.trace.push(BLANK_STEP);
        let step = self.cx.step.trace.last_mut().expect("just pushed");
        step.depth = depth;
        step.flow = flow;
        step.node = n;
        if let Some(steer) = self.watch.steer.as_deref_mut() {
            steer.before(self.cx.input.heard.next, self.cx.clock.now);
        }
        let marks = self.trace_marks();
        crate::expr::meter::install(self.bounds.work_used, self.bounds.limits.work);
        // The action's `Did` is written where this step reads it (its semantics: `exec_action`),
        // and changed there only in place, never moved whole: see `run_step`.
        let mut did = self.cx.exec_action(n, &graph.node(n).action);
        self.cx.step.end_action();
        self.bounds.work_used = crate::expr::meter::used();
        crate::expr::meter::uninstall();
        if !self.cx.step.trace.counts_written() {
            // A run whose observer takes the trace (not in order) counts the bytes it writes
            // instead.
            self.bounds.add_trace(self.trace_cost(marks));
        }
        if let Some(steer) = self.watch.steer.as_deref_mut() {
            steer.after(step_index, flow, n, graph.node(n), &mut did);
            if steer.out.forced.last() == Some(&(step_index as u32)) {
                self.cx.eval().forced_loop(n, &did);
            }
        }
        if self.cx.step.reads.capture {
            self.cx.step.reads.after_step(step_index);
        }
        if self.watch.observe.on() {
            self.watch.observe.clock = self.cx.clock.now;
            if let Some(digits) = self.cx.step.digits.take() {
                self.watch.observe.digits = Some(digits);
            }
        }
        let node = graph.node(n);
        let (edge, target) = match did {
            Did::Success if node.container != NO_CONTAINER => {
                return self.go(step_index, Edge::Success, node.next)
            }
            Did::Success => crate::flow::edge::way_on(node),
            Did::Output(i) => {
                let target = node.exits.get(usize::from(i)).and_then(|e| e.target);
                return self.go(step_index, Edge::Output(i), target.or(node.next));
            }
            Did::Jump(i) => return self.jump(step_index, n, i),
            Did::CallTask(inputs) => return self.call_task(step_index, n, *inputs),
            Did::StartTask(c) => return self.enter_task(step_index, n, c, Vec::new()),
            Did::EndTask(path) => {
                self.cx.step.trace[step_index].edge = Edge::End;
                return self.return_from_task(path.map(|p| *p));
            }
            Did::Goto(t) => return self.go(step_index, Edge::Success, Some(t)),
            Did::After(m) => {
                let next = graph.node(m).next;
                return self.go(step_index, Edge::Success, next);
            }
            Did::Transfer(route) => {
                let route = *route;
                self.cx.step.trace[step_index].edge = Edge::End;
                self.cx.sets().reassign_workitem(&route);
                if let Some(next) = self.continue_in_flow(&route) {
                    self.cx.talk.route = Some(route);
                    return next;
                }
                self.cx.talk.route = Some(route);
                return Next::Stop(Status::Transferred, None);
            }
            Did::Stop(status) => {
                self.cx.step.trace[step_index].edge = Edge::End;
                return Next::Stop(status, None);
            }
            Did::CallModule(call) => {
                let (callee, inputs) = *call;
                return self.call_module(step_index, n, callee, inputs);
            }
            Did::CallBot(call) => {
                let (callee, inputs, text) = *call;
                return self.call_bot(step_index, n, callee, inputs, text);
            }
            Did::ExitBot(reason) => {
                self.cx.step.trace[step_index].edge = Edge::End;
                return self.exit_bot(reason);
            }
            Did::Timeout => {
                match crate::flow::edge::taken(node, crate::flow::edge::Path::Timeout) {
                    Some((edge, t)) => (edge, Some(t)),
                    None => {
                        return self.fail(
                            step_index,
                            n,
                            ErrorKind::DataActionTimeout,
                            format!(
                                "data action timed out and node `{}` has no timeout or error path",
                                node.id
                            ),
                        )
                    }
                }
            }
            // The work budget ran out inside the node: no error path may take it over.
            Did::Fail(failure) if failure.0 == ErrorKind::Budget => {
                let (_, message) = *failure;
                let step = &mut self.cx.step.trace[step_index];
                step.edge = Edge::End;
                self.cx
                    .step
                    .rec
                    .step_data
                    .set_error(step, StepError { kind: ErrorKind::Budget, message });
                let which = super::budget::Which::Work;
                return self.budget_stop(which, self.bounds.work_used, self.bounds.limits.work, n);
            }
            Did::Fail(failure) => {
                let (kind, message) = *failure;
                return self.fail(step_index, n, kind, message);
            }
            Did::Call(callee, timeout) => {
                let callee_graph = self
                    .cx
                    .run
                    .reg
                    .flow(callee)
                    .graph(self.cx.run.version)
                    .expect("exec checked the version");
                let deadline = timeout.map(|t| self.cx.clock.now.saturating_add(*t as i64));
                self.push_frame(callee, callee_graph, n, step_index, None, deadline);
                self.cx.step.trace[step_index].edge = Edge::Open;
                return Next::Node(callee_graph.start);
            }
            Did::End(EndType::Normal) => {
                self.cx.step.trace[step_index].edge = Edge::End;
                return Next::EndFlow(None);
            }
            Did::End(EndType::Error) => {
                self.cx.step.trace[step_index].edge = Edge::End;
                let message = format!(
                    "End node `{}` ended flow `{}` with an error",
                    node.id,
                    self.cx.run.reg.flow(flow).name
                );
                self.cx.step.rec.step_data.set_error(
                    &mut self.cx.step.trace[step_index],
                    StepError { kind: ErrorKind::FlowFailed, message: message.clone() },
                );
                return Next::EndFlow(Some(Failure {
                    kind: ErrorKind::FlowFailed,
                    message,
                    flow,
                    node: n,
                    at: n,
                }));
            }
            Did::End(EndType::Disconnect) | Did::Disconnect => {
                self.cx.step.trace[step_index].edge = Edge::End;
                return Next::Stop(Status::Disconnected, None);
            }
        };
        let step = &mut self.cx.step.trace[step_index];
        step.edge = edge;
        step.set_next(target);
        match target {
            Some(t) => Next::Node(t),
            None => Next::EndFlow(None),
        }
    }

    /// Node `n` failed: take its error path, or end its flow with the error.
    fn fail(&mut self, step_index: usize, n: NodeIdx, kind: ErrorKind, message: String) -> Next {
        let frame = self.cx.flowing.frame();
        let (flow, (edge, on_error)) =
            (frame.flow, crate::flow::edge::way_of_failure(frame.graph.node(n)));
        let step = &mut self.cx.step.trace[step_index];
        step.edge = edge;
        step.set_next(on_error);
        self.cx.step.rec.step_data.set_error(step, StepError { kind, message: message.clone() });
        match on_error {
            Some(t) => Next::Node(t),
            None => Next::EndFlow(Some(Failure { kind, message, flow, node: n, at: n })),
        }
    }

    /// The current flow ended (normally, or with an unhandled failure). Its end is a node
    /// boundary too: a time limit that ran out during its last node applies here, so whether a
    /// slow node times a run or a callee out does not depend on whether another node follows.
    pub(super) fn end_flow(&mut self, failure: Option<Failure>) -> Next {
        if let Some(limit) = self.bounds.timed_out(self.cx.clock.now) {
            let last = self.cx.step.trace.last().expect("a flow ends after one of its steps");
            let (flow, node) = (last.flow, last.node);
            let message = format!(
                "the run's timeout of {limit} ms passed (virtual time {} ms) during this node",
                self.cx.clock.elapsed()
            );
            let failure = Failure { kind: ErrorKind::Timeout, message, flow, node, at: node };
            return Next::Stop(Status::Timeout, Some(failure));
        }
        if let Some(next) = self.flow_timeout() {
            return next;
        }
        self.pop_flow(failure)
    }

    /// Pops the current flow and continues in its caller, or stops the run at the top.
    pub(super) fn pop_flow(&mut self, failure: Option<Failure>) -> Next {
        let mut done = self.cx.flowing.frames.pop().expect("a running machine has a frame");
        let Some((call_node, call_step)) = done.call else {
            self.cx.flowing.frames.push(done);
            return match failure {
                None => Next::Stop(Status::Completed, None),
                Some(f) => self.handle_error(f),
            };
        };
        let mut failure = failure;
        if let Some(bot) = done.arch.bot.take() {
            // An error no bot action handled exits the bot with reason `Error` (the bot's
            // error handling: "Exit the bot flow"); the caller goes on, and the result keeps
            // the error.
            // A service the fixtures do not mock is the test's gap: it stops the run (below).
            let unmocked = failure.as_ref().is_some_and(|f| {
                matches!(f.kind, ErrorKind::UnmockedService | ErrorKind::NeedsStub)
            });
            if let Some(f) = failure.take_if(|_| !unmocked) {
                if let Some(e) = &self
                    .cx
                    .run
                    .reg
                    .flow(done.flow)
                    .arch
                    .bot
                    .as_ref()
                    .and_then(|b| b.error_handover.clone())
                {
                    // The bot says its handover as the bot: in its own frame, of its own node.
                    self.cx.flowing.frames.push(done);
                    if let Ok(v) = eval(e, &mut self.cx.eval().into_scope(f.at)) {
                        let text: Arc<str> = Arc::from(v.display());
                        if !text.is_empty() {
                            self.cx.eval().prompt(f.at, text);
                        }
                    }
                    done =
                        self.cx.flowing.frames.pop().expect("the bot's frame, pushed back above");
                }
                self.ending.handled = Some(f);
                let mut bot = bot;
                bot.exit = Some(crate::flow::bot::ExitReason::Error);
                done.arch.bot = Some(bot);
            } else {
                done.arch.bot = Some(bot);
            }
        }
        let outcome = match &failure {
            None => COMPLETED.clone(),
            Some(f) => Value::str(f.kind.as_str()),
        };
        self.record_outcome(call_step, &outcome);
        done.outputs.clear();
        self.spare.push(std::mem::take(&mut done.outputs));
        if let Some(saved) = done.saved_vars.take() {
            let callee_vars = std::mem::replace(&mut self.cx.flowing.vars, saved);
            if failure.is_none() {
                self.module_outputs(call_node, call_step, &callee_vars);
            }
            if let Some(bot) = done.arch.bot.take() {
                self.bot_outputs(call_node, call_step, &bot);
            }
        }
        let caller = self.cx.flowing.frames.last_mut().expect("a callee has a caller");
        let node = caller.graph.node(call_node);
        caller.outputs[call_node as usize] = Output::of([("outcome", outcome)]);
        let step = &mut self.cx.step.trace[call_step];
        match failure {
            None if node.container != NO_CONTAINER => self.go(call_step, Edge::Success, node.next),
            None => {
                let (edge, next) = crate::flow::edge::way_on(node);
                step.edge = edge;
                step.set_next(next);
                match next {
                    Some(t) => Next::Node(t),
                    None => Next::EndFlow(None),
                }
            }
            Some(f) => {
                let (edge, on_error) = crate::flow::edge::way_of_failure(node);
                step.edge = edge;
                step.set_next(on_error);
                let message = if f.kind == ErrorKind::FlowTimeout {
                    f.message.clone()
                } else {
                    format!("flow `{}` failed: {}", self.cx.run.reg.flow(done.flow).name, f.message)
                };
                self.cx.step.rec.step_data.set_error(step, StepError { kind: f.kind, message });
                match on_error {
                    Some(t) => Next::Node(t),
                    None => Next::EndFlow(Some(Failure { at: call_node, ..f })),
                }
            }
        }
    }

    /// Evaluates `expr` at node `n` of level `level` of the call stack (`frames[level]`) for
    /// the debugger, as if the run had not been asked: with the variables that level sees (a
    /// common module's caller's are the store its frame set aside), that level's node outputs,
    /// a copy of the run's random numbers and warnings of its own, charged to what is left of
    /// the run's work budget (an expression past it fails with `budget`) without spending it.
    pub(super) fn eval_aside(
        &self,
        level: usize,
        n: NodeIdx,
        expr: &crate::expr::Expr,
    ) -> Result<Value, Box<EvalError>> {
        let level = level.min(self.cx.flowing.frames.len().saturating_sub(1));
        let frame = &self.cx.flowing.frames[level];
        // The first frame above `level` that set a store aside holds the one `level` sees.
        let saved =
            self.cx.flowing.frames.iter().skip(level + 1).find_map(|f| f.saved_vars.as_ref());
        let mut random = self.cx.flowing.random;
        let mut warnings = Warnings::default();
        let mut scope = Scope {
            vars: saved.unwrap_or(&self.cx.flowing.vars),
            context: &self.cx.talk.context,
            graph: frame.graph,
            outputs: &frame.outputs,
            warnings: &mut warnings,
            random: &mut random,
            reads: None,
            flow: frame.flow,
            node: n,
            now_ms: self.cx.clock.now,
            fixtures: self.cx.run.fixtures,
            started_ms: frame.started,
            settings: &self.cx.talk.arch.settings,
            flow_def: self.cx.run.reg.flow(frame.flow),
            interaction_def: self.cx.run.reg.flow(self.cx.flowing.frames[0].flow),
        };
        crate::expr::meter::install(self.bounds.work_used, self.bounds.limits.work);
        let value = eval(expr, &mut scope);
        crate::expr::meter::uninstall();
        value
    }

    /// The callee's outcome (`completed`, or its error's kind) into its call step's record,
    /// where the record keeps a value named `outcome` for it, NOT_SET until the callee returns
    /// (a JSON Flow node's: `Node.<id>.outcome`). Called before the caller's own writes at
    /// the return (a module's outputs) replace an Architect call's empty record.
    fn record_outcome(&mut self, call_step: usize, outcome: &Value) {
        let StepResult::Action { start, len, .. } = self.cx.step.trace[call_step].result else {
            return;
        };
        let range = start as usize..(start + len) as usize;
        let record = self.cx.step.rec.writes.get_mut(range).unwrap_or_default();
        if let Some((_, v)) = record.iter_mut().find(|(k, _)| &**k == "outcome") {
            *v = outcome.clone();
        }
    }

    /// The run's result; the observer is told it ended.
    pub fn finish(mut self) -> RunResult<'r> {
        super::budget::charge_steps(self.cx.step.trace.len() as u64);
        let (status, failure, flow) =
            self.ending.outcome.take().expect("the loop stopped (`settle`)");
        self.collect_outputs(flow);
        self.close_outcomes(status, flow);
        self.default_wrapup(status);
        let observer = self.watch.observe.observer.take();
        let result = RunResult {
            registry: self.cx.run.reg,
            version: self.cx.run.version,
            status,
            flow,
            elapsed_ms: self.bounds.elapsed(self.cx.clock.now),
            trace: self.cx.step.trace.into_steps(),
            variables: secure_hidden(self.cx.run.reg, self.cx.flowing.vars.into_list()),
            prompts: self.cx.step.rec.prompts,
            step_data: self.cx.step.rec.step_data,
            route: self.cx.talk.route,
            error: failure.map(|f| RunError {
                kind: f.kind,
                message: f.message,
                flow: f.flow,
                node: f.node,
            }),
            warnings: self.cx.step.warnings.list,
            reads: self.cx.step.reads.into_kept(),
            writes: self.cx.step.rec.writes,
            turns: self.cx.input.heard.turns,
            step_inputs: self.cx.step.rec.step_inputs,
            waiting: self.cx.input.live.waiting,
            fired: std::mem::take(&mut self.cx.input.live.fired),
            used: super::result::Used {
                data_actions: self.cx.talk.usage.data_actions.called().map(Arc::from).collect(),
                services: self.cx.talk.usage.services.called().map(Arc::from).collect(),
                stubs: std::mem::take(&mut self.cx.talk.usage.stubs),
            },
            arch: self.cx.talk.arch,
        };
        if let Some(observer) = observer {
            observer.end(&result);
        }
        result
    }
}

impl Machine<'_, '_> {
    /// An outbound call the flow ended (completed, disconnected or failed) without Set
    /// Wrap-up Code takes the flow's default wrap-up code, which every outbound flow has (About
    /// outbound flows). A transfer hands the call to whoever wraps it up next.
    fn default_wrapup(&mut self, status: Status) {
        let ended = matches!(status, Status::Completed | Status::Disconnected | Status::Failed);
        let set = self.cx.talk.arch.settings.iter().any(|(k, _)| *k == "wrapupCode");
        if let Some(code) = self.default_wrapup_code.take().filter(|_| ended && !set) {
            self.cx.talk.arch.settings.push(("wrapupCode", code));
        }
    }

    /// The interaction ended: a flow outcome initialized and never set is a failure. Genesys:
    /// "If the interaction ends without encountering a successful result, then the system
    /// considers the outcome started but incomplete. Outcomes that are incomplete automatically
    /// have a failure result" ([Initialize Flow Outcome
    /// action](https://help.mypurecloud.com/articles/initialize-flow-outcome-action/)). A call,
    /// message or workflow that completes, disconnects or fails ends it; a transfer, a bot flow
    /// or common module that returns to its caller, and a run the harness stopped do not.
    fn close_outcomes(&mut self, status: Status, flow: FlowIdx) {
        let ended = matches!(status, Status::Completed | Status::Disconnected | Status::Failed);
        let returns = matches!(
            crate::flow::model::FlowType::of(&self.cx.run.reg.flow(flow).flow_type),
            crate::flow::model::FlowType::Bot | crate::flow::model::FlowType::CommonModule
        );
        if !ended || returns {
            return;
        }
        for (_, value) in &mut self.cx.talk.arch.outcomes {
            if matches!(value, Value::Str(s) if &**s == super::arch::INITIALIZED) {
                *value = Value::str(INCOMPLETE);
            }
        }
    }
}

/// An initialized outcome's value once the interaction ended without setting it (the value
/// Genesys's analytics give a failed outcome).
const INCOMPLETE: &str = "FAILURE";

/// A run's variables with each secure one's value shown as [`super::arch::SECURE_TEXT`].
fn secure_hidden(reg: &Registry, mut vars: Vec<(Arc<str>, Value)>) -> Vec<(Arc<str>, Value)> {
    let table = reg.var_table();
    if table.has_secure() {
        for (name, value) in &mut vars {
            if table.get(&name.to_lowercase()).is_some_and(|id| table.is_secure(id)) {
                *value = Value::str(super::arch::SECURE_TEXT);
            }
        }
    }
    vars
}
