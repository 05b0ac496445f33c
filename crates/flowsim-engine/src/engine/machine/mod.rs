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
//! what a run may spend; `live`: events from outside), so the modules that hold their data
//! (`engine::bounds`, `engine::events`) sit below it and never name it.

use crate::util::Cut;
mod bounds;
mod flows;
mod live;

use super::request::{ContextValues, Input, Prepared};
use super::result::{
    Edge, Prompt, Route, RunError, RunResult, Status, Step, StepData, StepError, StepResult,
};
use super::scope::{Output, Scope, Vars, Warnings};
use crate::expr::{eval, EvalError, Template, Value};
use crate::fixtures::{DataActionUsage, FixtureStore};
use crate::flow::catalogue::json::SetValue;
use crate::flow::model::{EndType, NO_CONTAINER};
use crate::flow::{FlowIdx, Graph, NodeIdx, Registry, Version};
use crate::kind::ErrorKind;
use std::sync::Arc;

/// A finished callee's `outcome` output, shared rather than allocated per call.
static COMPLETED: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| Value::str("completed"));

const BLANK_STEP: Step = Step::new(0, 0, 0);

/// The deepest a Flow call may go: a Flow node at this depth fails with `callDepth`.
pub const MAX_CALL_DEPTH: u16 = 32;

pub(super) struct Frame<'r> {
    pub(super) flow: FlowIdx,
    pub(super) graph: &'r Graph,
    pub(super) depth: u16,
    pub(super) outputs: Vec<Output>,
    /// The caller's Flow node and its trace step (none for the top flow).
    pub(super) call: Option<(NodeIdx, usize)>,
    /// This invocation's own deadline (Flow node `timeoutSeconds`), virtual ms.
    pub(super) deadline: Option<i64>,
    /// The earliest deadline of this frame and every caller.
    pub(super) earliest: i64,
    /// Architect flows: reusable tasks to return to, loops running, menus (see `engine::arch`).
    pub(super) arch: super::cx::FrameState,
    /// A common module's caller's variables, while the module runs with its own.
    pub(super) saved_vars: Option<Vars<'r>>,
    /// When this invocation started (`Flow.StartDateTimeUtc`), virtual ms.
    pub(super) started: i64,
}

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

/// What the trace's steps hold by index, in the order steps added them: the prompts played,
/// what actions wrote (see `StepResult::Action`: Architect actions' variables, JSON nodes'
/// outputs and assignments), the errors of steps (`StepData`), and what input-reading steps
/// heard (`StepInput`). The result keeps them (`RunResult::stores`);
/// a streamed run drops what no open call needs (`engine::stream`).
#[derive(Default)]
pub(super) struct Recorded {
    pub(super) prompts: Vec<Prompt>,
    pub(super) step_data: StepData,
    pub(super) writes: Vec<(Arc<str>, Value)>,
    pub(super) step_inputs: Vec<super::result::StepInput>,
}

/// The request's input script and where the run is in it.
#[derive(Default)]
pub(super) struct Heard {
    pub(super) inputs: Vec<Input>,
    /// The input the next input-reading step takes.
    pub(super) next: usize,
    /// Which step took which input: (trace index, input index).
    pub(super) turns: Vec<(u32, u32)>,
    /// Digits an Architect input action heard past what it takes (after its terminator or its
    /// count): the next input action hears them first, as Genesys passes them on.
    pub(super) typed_ahead: Option<Arc<str>>,
    /// The AI-powered slot values scripted on the turn that became the inbound message: a bot
    /// that hears the message as its first turn takes them with it.
    pub(super) message_slots: super::request::TurnSlots,
}

/// How often each mock response was used (a response's `times`): data actions' and external
/// services' (`services`).
#[derive(Default)]
pub(super) struct Usage {
    pub(super) data_actions: DataActionUsage,
    pub(super) services: DataActionUsage,
    /// How often each of the fixtures' stubs was visited (by its position), sized on first use.
    pub(super) stubs: Vec<u32>,
}

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
pub(super) struct Watch<'f> {
    /// The run's observer (`engine::observe`).
    pub(super) observe: super::observe::Observing<'f>,
    /// Path exploration's steering (`engine::steer`).
    pub(super) steer: Option<Box<super::steer::Steer>>,
}

/// A run in progress. Its state, by part (each a field, read as `self.rec.writes`; the parts
/// only the loop uses have their own modules):
///
/// - what it runs against: the registry, the fixtures, the version;
/// - where it is: the frames (one per flow invocation), the variable store, the clock;
/// - the conversation: the context, the input script and the place in it (`heard`), what
///   Architect actions set (`arch`), the route, the secured and invocation data, how often
///   each mock response was used (`usage`);
/// - what it records: the trace and the stores its steps index (`rec`), the warnings, what
///   steps read (`reads`, `engine::reads`);
/// - its bounds: timeout, step and action limits, budgets and what it spent (`bounds`,
///   `engine::bounds`); how it ends (`ending`: the error its error handling took over, the
///   outcome once the loop stopped);
/// - what watches or steers it (`watch`: the observer, `engine::observe`, and exploration's
///   steering, `engine::steer`), events from outside (`live`).
pub struct Machine<'r, 'f> {
    // What the run runs against.
    pub(super) reg: &'r Registry,
    pub(super) fixtures: &'f FixtureStore,
    pub(super) version: Version,
    /// Flow nodes' constant callees, (flow, node) → callee, resolved at the node's first call
    /// (the registry does not change during a run).
    pub(super) callees: rustc_hash::FxHashMap<(FlowIdx, NodeIdx), FlowIdx>,

    // Where the run is.
    pub(super) frames: Vec<Frame<'r>>,
    /// Output vectors of finished frames, cleared, for the next calls to reuse.
    spare: Vec<Vec<Output>>,
    pub(super) vars: Vars<'r>,
    pub(super) clock: i64,
    /// The run's random numbers (`Random`, `RandomInt`), seeded by the request.
    random: crate::expr::random::SplitMix64,

    // The conversation.
    pub(super) context: ContextValues,
    pub(super) heard: Heard,
    /// What Architect actions set: participant data, outcomes, settings, transcript...
    pub(super) arch: super::result::ArchResult,
    pub(super) route: Option<Route>,
    /// The data a Transfer to Secure Flow hands its flow (`Flow.InvocationData`).
    pub(super) invocation_data: Value,
    /// An outbound call flow's default wrap-up code, when the run started in one that names
    /// it: the call's wrap-up code when the flow ends the call without Set Wrap-up Code.
    pub(super) default_wrapup_code: Option<Value>,
    /// The inbound email answers an earlier email of its thread (the request's
    /// `newConversation: false`): its conversation had its automated reply.
    pub(super) email_reply: bool,
    /// The conversation's secured data (Set Secured Data), kept out of the result.
    pub(super) secured_data: Vec<(Arc<str>, Arc<str>)>,
    pub(super) usage: Usage,

    // What the run records.
    pub(super) trace: super::stream::Trace,
    pub(super) rec: Recorded,
    /// The prompt the current Architect action played, `u32::MAX` for none.
    pub(super) step_prompt: u32,
    pub(super) warnings: Warnings,
    /// What steps read, when recorded (`engine::reads`).
    pub(super) reads: super::reads::ReadLog,

    // How the run ends, and its bounds.
    /// Its timeout, step and action limits, budgets, and what it spent (`engine::bounds`).
    pub(super) bounds: super::bounds::Bounds,
    /// How it ended, or what it will end with.
    pub(super) ending: Ending,

    // What watches or steers the run.
    /// The run's observer and exploration's steering, each `None` for most runs.
    pub(super) watch: Watch<'f>,
    /// Events from outside (`engine::events`); empty for most runs.
    pub(super) live: Box<super::events::Live>,
}

impl<'r, 'f> Machine<'r, 'f> {
    pub fn new(
        reg: &'r Registry,
        fixtures: &'f FixtureStore,
        p: Prepared,
        options: super::RunOptions,
        steer: Option<Box<super::steer::Steer>>,
        observer: Option<&'f mut dyn super::observe::Observer>,
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
        observer: Option<&'f mut dyn super::observe::Observer>,
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
        let mut m = Machine {
            reg,
            fixtures,
            version: p.version,
            callees: rustc_hash::FxHashMap::default(),
            frames: vec![top],
            vars,
            context: p.context,
            heard: Heard { inputs: p.inputs, message_slots: p.message_slots, ..Heard::default() },
            clock: p.start_ms,
            random: crate::expr::random::SplitMix64::new(p.seed),
            bounds: super::bounds::Bounds::new(p.start_ms, p.timeout_ms, p.max_steps, p.limits),
            trace: if takes_trace && in_order {
                super::stream::Trace::forgetting_in_order()
            } else if takes_trace {
                super::stream::Trace::forgetting()
            } else {
                super::stream::Trace::default()
            },
            rec: Recorded::default(),
            route: None,
            warnings: Warnings::default(),
            usage: Usage::default(),
            step_prompt: u32::MAX,
            arch: super::result::ArchResult {
                participant_data: fixtures
                    .participant_data()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                workitem: p.workitem,
                ..Default::default()
            },
            reads: super::reads::ReadLog::new(options.record_reads, wants_reads),
            spare: Vec::new(),
            ending: Ending::default(),
            invocation_data: Value::NotSet,
            default_wrapup_code: None,
            email_reply: p.email_reply,
            secured_data: Vec::new(),
            live: Box::new(super::events::Live::new(p.events, options.pause_for_input)),
            watch: Watch { observe: super::observe::Observing::new(observer), steer },
        };
        m.trace.reserve(64.min(p.max_steps as usize));
        if let Some(text) = p.message {
            m.heard(text, "message");
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
        let next = self.step(n);
        let next = if self.live.waiting.is_some() {
            // The step waited for an input it was not given: it has not happened yet.
            self.trace.truncate(self.live.waiting_step);
            let (said, heard, clock) = self.live.waiting_mark;
            self.rec.prompts.truncate(said);
            self.arch.transcript.truncate(heard);
            self.clock = clock;
            Next::Stop(Status::Waiting, None)
        } else if self.watch.observe.on() && self.trace.observe_due() {
            self.observe_steps(false).unwrap_or(next)
        } else {
            next
        };
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
            prompts: &mut self.rec.prompts,
            keep_prompts: self.trace.keeps_prompts() || !self.arch.transcript.is_empty(),
            writes: &mut self.rec.writes,
            data: &mut self.rec.step_data,
            inputs: &mut self.rec.step_inputs,
        };
        let ran = super::observe::Ran {
            clock: self.watch.observe.clock,
            reads: self.reads.of_last(self.trace.len().saturating_sub(1)),
            digits: self.watch.observe.digits.as_ref(),
        };
        let observed =
            self.trace.observe(&mut *observer, &mut stores, self.reg, self.version, &ran, end);
        self.watch.observe.observer = Some(observer);
        self.watch.observe.digits = None;
        self.reads.observed();
        match observed {
            Ok(bytes) => {
                if self.trace.counts_written() {
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
    pub(super) fn frame(&self) -> &Frame<'r> {
        self.frames.last().expect("a running machine has a frame")
    }

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
        let earliest = deadline.unwrap_or(i64::MAX).min(self.frame().earliest);
        let outputs = self.spare_outputs(graph.nodes.len());
        let depth = self.frame().depth + 1;
        self.frames.push(Frame {
            flow: callee,
            graph,
            depth,
            outputs,
            call: Some((call, step)),
            deadline,
            earliest,
            arch: super::cx::FrameState::default(),
            saved_vars,
            started: self.clock,
        });
    }

    /// A flow's frame at the bottom of the stack (the run goes on in it after a transfer).
    pub(super) fn push_top_frame(&mut self, flow: FlowIdx, graph: &'r Graph) {
        let outputs = self.spare_outputs(graph.nodes.len());
        self.frames.push(Frame {
            flow,
            graph,
            depth: 0,
            outputs,
            call: None,
            deadline: None,
            earliest: i64::MAX,
            arch: super::cx::FrameState::default(),
            saved_vars: None,
            started: self.clock,
        });
    }

    /// Pops the frames above frame `keep`, leaving `keep` on top for `pop_flow` to end.
    pub(super) fn unwind_to(&mut self, keep: usize) {
        for f in self.frames.drain(keep + 1..).rev() {
            if let Some((_, step)) = f.call {
                self.trace[step].edge = Edge::Open;
            }
        }
    }

    /// Executes node `n` of the current frame and decides where to go.
    pub(super) fn step(&mut self, n: NodeIdx) -> Next {
        let frame = self.frames.last().expect("a running machine has a frame");
        let graph = frame.graph;
        let flow = frame.flow;
        let depth = frame.depth;
        let step_index = self.trace.len();
        // Pushed blank, then filled in place: a step built on the stack from narrow fields and
        // copied in whole stalls on store forwarding (measured).
        self.trace.push(BLANK_STEP);
        let step = self.trace.last_mut().expect("just pushed");
        step.depth = depth;
        step.flow = flow;
        step.node = n;
        if let Some(steer) = self.watch.steer.as_deref_mut() {
            steer.before(self.heard.next, self.clock);
        }
        let marks = self.trace_marks();
        crate::expr::meter::install(self.bounds.work_used, self.bounds.limits.work);
        let mut did = self.exec(n);
        self.bounds.work_used = crate::expr::meter::used();
        crate::expr::meter::uninstall();
        if !self.trace.counts_written() {
            // A run whose observer takes the trace (not in order) counts the bytes it writes
            // instead.
            self.bounds.add_trace(self.trace_cost(marks));
        }
        if let Some(steer) = self.watch.steer.as_deref_mut() {
            did = steer.after(step_index, flow, n, graph.node(n), did);
            if steer.out.forced.last() == Some(&(step_index as u32)) {
                self.forced_loop(n, &did);
            }
        }
        if self.reads.capture {
            self.reads.after_step(step_index);
        }
        if self.watch.observe.on() {
            self.watch.observe.clock = self.clock;
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
            Did::CallTask(inputs) => return self.call_task(step_index, n, inputs),
            Did::StartTask(c) => return self.enter_task(step_index, n, c, Vec::new()),
            Did::EndTask(path) => {
                self.trace[step_index].edge = Edge::End;
                return self.return_from_task(path);
            }
            Did::Goto(t) => return self.go(step_index, Edge::Success, Some(t)),
            Did::After(m) => {
                let next = graph.node(m).next;
                return self.go(step_index, Edge::Success, next);
            }
            Did::Transfer(route) => {
                self.trace[step_index].edge = Edge::End;
                self.reassign_workitem(&route);
                if let Some(next) = self.continue_in_flow(&route) {
                    self.route = Some(route);
                    return next;
                }
                self.route = Some(route);
                return Next::Stop(Status::Transferred, None);
            }
            Did::Stop(status) => {
                self.trace[step_index].edge = Edge::End;
                return Next::Stop(status, None);
            }
            Did::CallModule(callee, inputs) => {
                return self.call_module(step_index, n, callee, inputs)
            }
            Did::CallBot(callee, inputs, text) => {
                return self.call_bot(step_index, n, callee, inputs, text)
            }
            Did::ExitBot(reason) => {
                self.trace[step_index].edge = Edge::End;
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
            Did::Fail(ErrorKind::Budget, message) => {
                let step = &mut self.trace[step_index];
                step.edge = Edge::End;
                self.rec.step_data.set_error(step, StepError { kind: ErrorKind::Budget, message });
                let which = super::budget::Which::Work;
                return self.budget_stop(which, self.bounds.work_used, self.bounds.limits.work, n);
            }
            Did::Fail(kind, message) => return self.fail(step_index, n, kind, message),
            Did::Call(callee, timeout) => {
                let callee_graph =
                    self.reg.flow(callee).graph(self.version).expect("exec checked the version");
                let deadline = timeout.map(|t| self.clock.saturating_add(t as i64));
                self.push_frame(callee, callee_graph, n, step_index, None, deadline);
                self.trace[step_index].edge = Edge::Open;
                return Next::Node(callee_graph.start);
            }
            Did::End(EndType::Normal) => {
                self.trace[step_index].edge = Edge::End;
                return Next::EndFlow(None);
            }
            Did::End(EndType::Error) => {
                self.trace[step_index].edge = Edge::End;
                let message = format!(
                    "End node `{}` ended flow `{}` with an error",
                    node.id,
                    self.reg.flow(flow).name
                );
                self.rec.step_data.set_error(
                    &mut self.trace[step_index],
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
                self.trace[step_index].edge = Edge::End;
                return Next::Stop(Status::Disconnected, None);
            }
        };
        let step = &mut self.trace[step_index];
        step.edge = edge;
        step.set_next(target);
        match target {
            Some(t) => Next::Node(t),
            None => Next::EndFlow(None),
        }
    }

    /// Node `n` failed: take its error path, or end its flow with the error.
    fn fail(&mut self, step_index: usize, n: NodeIdx, kind: ErrorKind, message: String) -> Next {
        let frame = self.frame();
        let (flow, (edge, on_error)) =
            (frame.flow, crate::flow::edge::way_of_failure(frame.graph.node(n)));
        let step = &mut self.trace[step_index];
        step.edge = edge;
        step.set_next(on_error);
        self.rec.step_data.set_error(step, StepError { kind, message: message.clone() });
        match on_error {
            Some(t) => Next::Node(t),
            None => Next::EndFlow(Some(Failure { kind, message, flow, node: n, at: n })),
        }
    }

    /// The current flow ended (normally, or with an unhandled failure). Its end is a node
    /// boundary too: a time limit that ran out during its last node applies here, so whether a
    /// slow node times a run or a callee out does not depend on whether another node follows.
    pub(super) fn end_flow(&mut self, failure: Option<Failure>) -> Next {
        if let Some(limit) = self.bounds.timed_out(self.clock) {
            let last = self.trace.last().expect("a flow ends after one of its steps");
            let (flow, node) = (last.flow, last.node);
            let message = format!(
                "the run's timeout of {limit} ms passed (virtual time {} ms) during this node",
                self.elapsed()
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
        let mut done = self.frames.pop().expect("a running machine has a frame");
        let Some((call_node, call_step)) = done.call else {
            self.frames.push(done);
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
                    .reg
                    .flow(done.flow)
                    .arch
                    .bot
                    .as_ref()
                    .and_then(|b| b.error_handover.clone())
                {
                    // The bot says its handover as the bot: in its own frame, of its own node.
                    self.frames.push(done);
                    if let Ok(v) = eval(e, &mut self.scope(f.at)) {
                        let text: Arc<str> = Arc::from(v.display());
                        if !text.is_empty() {
                            self.prompt(f.at, text);
                        }
                    }
                    done = self.frames.pop().expect("the bot's frame, pushed back above");
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
            let callee_vars = std::mem::replace(&mut self.vars, saved);
            if failure.is_none() {
                self.module_outputs(call_node, call_step, &callee_vars);
            }
            if let Some(bot) = done.arch.bot.take() {
                self.bot_outputs(call_node, call_step, &bot);
            }
        }
        let caller = self.frames.last_mut().expect("a callee has a caller");
        let node = caller.graph.node(call_node);
        caller.outputs[call_node as usize] = Output::of([("outcome", outcome)]);
        let step = &mut self.trace[call_step];
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
                    format!("flow `{}` failed: {}", self.reg.flow(done.flow).name, f.message)
                };
                self.rec.step_data.set_error(step, StepError { kind: f.kind, message });
                match on_error {
                    Some(t) => Next::Node(t),
                    None => Next::EndFlow(Some(Failure { at: call_node, ..f })),
                }
            }
        }
    }

    pub(super) fn scope(&mut self, n: NodeIdx) -> Scope<'_> {
        let frame = self.frames.last().expect("a running machine has a frame");
        Scope {
            vars: &self.vars,
            context: &self.context,
            graph: frame.graph,
            outputs: &frame.outputs,
            warnings: &mut self.warnings,
            random: &mut self.random,
            reads: if self.reads.capture { Some(&mut self.reads.step) } else { None },
            flow: frame.flow,
            node: n,
            now_ms: self.clock,
            fixtures: self.fixtures,
            started_ms: frame.started,
            settings: &self.arch.settings,
            flow_def: self.reg.flow(frame.flow),
            interaction_def: self.reg.flow(self.frames[0].flow),
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
        let level = level.min(self.frames.len().saturating_sub(1));
        let frame = &self.frames[level];
        // The first frame above `level` that set a store aside holds the one `level` sees.
        let saved = self.frames.iter().skip(level + 1).find_map(|f| f.saved_vars.as_ref());
        let mut random = self.random;
        let mut warnings = Warnings::default();
        let mut scope = Scope {
            vars: saved.unwrap_or(&self.vars),
            context: &self.context,
            graph: frame.graph,
            outputs: &frame.outputs,
            warnings: &mut warnings,
            random: &mut random,
            reads: None,
            flow: frame.flow,
            node: n,
            now_ms: self.clock,
            fixtures: self.fixtures,
            started_ms: frame.started,
            settings: &self.arch.settings,
            flow_def: self.reg.flow(frame.flow),
            interaction_def: self.reg.flow(self.frames[0].flow),
        };
        crate::expr::meter::install(self.bounds.work_used, self.bounds.limits.work);
        let value = eval(expr, &mut scope);
        crate::expr::meter::uninstall();
        value
    }

    pub(super) fn render(&mut self, n: NodeIdx, t: &Template) -> Result<Arc<str>, Box<EvalError>> {
        if let Some(text) = t.as_literal_arc() {
            return Ok(text);
        }
        t.render(&mut self.scope(n))
    }

    pub(super) fn set_output(&mut self, n: NodeIdx, out: Output) {
        self.frames.last_mut().expect("a running machine has a frame").outputs[n as usize] = out;
    }

    pub(super) fn set_result(&mut self, result: StepResult) {
        self.trace.last_mut().expect("the step was pushed").result = result;
    }

    pub(super) fn prompt(&mut self, n: NodeIdx, text: Arc<str>) -> u32 {
        let flow = self.frame().flow;
        self.rec.prompts.push(Prompt { flow, node: n, text });
        (self.rec.prompts.len() - 1) as u32
    }

    /// Runs one node's semantics: its action's (`engine::actions`).
    fn exec(&mut self, n: NodeIdx) -> Did {
        let graph = self.frame().graph;
        let a = &graph.node(n).action;
        self.exec_action(n, a)
    }

    pub(super) fn queue(
        &mut self,
        n: NodeIdx,
        target: &Template,
    ) -> Result<crate::fixtures::Queue, Did> {
        let key = self.render(n, target).map_err(|e| expr_fail(&e))?;
        if let Some(q) = self.queue_by_key(&key) {
            Ok(q)
        } else {
            self.missed(n, super::missing::Miss::new(super::missing::Sought::Queue, &key), None);
            Err(Did::Fail(ErrorKind::QueueNotFound, format!("no queue `{key}` in the fixtures")))
        }
    }

    /// Records a lookup into the fixtures that found nothing at node `n` (`engine::missing`):
    /// a data action's as its `unmockedDataAction` warning (`message`), any other as a
    /// `notInFixtures` warning.
    pub(super) fn missed(
        &mut self,
        n: NodeIdx,
        miss: super::missing::Miss,
        message: Option<String>,
    ) {
        let at = (self.frame().flow, n);
        let kind = if miss.sought == super::missing::Sought::DataAction {
            ErrorKind::UnmockedDataAction.as_str()
        } else {
            super::missing::NOT_IN_FIXTURES
        };
        let text = message.unwrap_or_else(|| miss.message());
        self.warnings.missed(at, kind, miss, || text);
    }

    /// A queue by id or name: the figures an event set, else the fixtures'.
    pub(super) fn queue_by_key(&self, key: &str) -> Option<crate::fixtures::Queue> {
        let found = self.fixtures.queue(key)?;
        Some(self.live.queue(found).unwrap_or_else(|| found.clone()))
    }

    /// A queue by id ignoring case (Find Queue by Id), with the figures an event set.
    pub(super) fn queue_by_id_loosely(&self, id: &str) -> Option<crate::fixtures::Queue> {
        let found = self.fixtures.queue_by_id_ignoring_case(id)?;
        Some(self.live.queue(found).unwrap_or_else(|| found.clone()))
    }

    /// The callee's outcome (`completed`, or its error's kind) into its call step's record,
    /// where the record keeps a value named `outcome` for it, NOT_SET until the callee returns
    /// (a JSON Flow node's: `Node.<id>.outcome`). Called before the caller's own writes at
    /// the return (a module's outputs) replace an Architect call's empty record.
    fn record_outcome(&mut self, call_step: usize, outcome: &Value) {
        let StepResult::Action { start, len, .. } = self.trace[call_step].result else { return };
        let range = start as usize..(start + len) as usize;
        let record = self.rec.writes.get_mut(range).unwrap_or_default();
        if let Some((_, v)) = record.iter_mut().find(|(k, _)| &**k == "outcome") {
            *v = outcome.clone();
        }
    }

    /// The current step takes the next input.
    pub(super) fn note_turn(&mut self) {
        let step = self.trace.len().saturating_sub(1) as u32;
        self.heard.turns.push((step, self.heard.next as u32));
        self.heard.next += 1;
    }

    pub(super) fn advance(&mut self, ms: u64) {
        self.clock = self.clock.saturating_add(ms.min(i64::MAX as u64) as i64);
    }

    /// The next Gather answer (docs/json-flows.md): digits, or `None` for a timeout.
    pub(super) fn take_input(
        &mut self,
        max_digits: u8,
        timeout_ms: u64,
        terminator: Option<char>,
    ) -> Option<Arc<str>> {
        let taken = self.take_input_inner(max_digits, timeout_ms, terminator);
        if self.watch.observe.on() {
            self.watch.observe.digits = Some(taken.clone());
        }
        taken
    }

    fn take_input_inner(
        &mut self,
        max_digits: u8,
        timeout_ms: u64,
        terminator: Option<char>,
    ) -> Option<Arc<str>> {
        if self.live.active && self.before_input(super::events::WaitKind::Digits) {
            return None;
        }
        let input = self.heard.inputs.get(self.heard.next).cloned();
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
                self.advance(timeout_ms);
                None
            }
            Some(Input::Digits { delay_ms, .. }) if delay_ms > timeout_ms => {
                self.advance(timeout_ms);
                None
            }
            Some(Input::Digits { digits, delay_ms }) => {
                self.advance(delay_ms);
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

    /// A `setVars` value, typed (docs/json-flows.md).
    pub(super) fn set_value(
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
        let ctx = crate::expr::func::Ctx { now_ms: self.clock };
        // Text that does not read is `conversion`; a number past Architect's range `overflow`.
        crate::expr::func::call_named(func, &ctx, &[Value::Str(text)]).map_err(|e| {
            let kind = match e.kind {
                ErrorKind::Overflow => ErrorKind::Overflow,
                _ => ErrorKind::Conversion,
            };
            (kind, e.message)
        })
    }

    /// The run's result; the observer is told it ended.
    pub fn finish(mut self) -> RunResult<'r> {
        super::budget::charge_steps(self.trace.len() as u64);
        let (status, failure, flow) =
            self.ending.outcome.take().expect("the loop stopped (`settle`)");
        self.collect_outputs(flow);
        self.close_outcomes(status, flow);
        self.default_wrapup(status);
        let observer = self.watch.observe.observer.take();
        let result = RunResult {
            registry: self.reg,
            version: self.version,
            status,
            flow,
            elapsed_ms: self.bounds.elapsed(self.clock),
            trace: self.trace.into_steps(),
            variables: secure_hidden(self.reg, self.vars.into_list()),
            prompts: self.rec.prompts,
            step_data: self.rec.step_data,
            route: self.route,
            error: failure.map(|f| RunError {
                kind: f.kind,
                message: f.message,
                flow: f.flow,
                node: f.node,
            }),
            warnings: self.warnings.list,
            reads: self.reads.into_kept(),
            writes: self.rec.writes,
            turns: self.heard.turns,
            step_inputs: self.rec.step_inputs,
            waiting: self.live.waiting,
            fired: std::mem::take(&mut self.live.fired),
            used: super::result::Used {
                data_actions: self.usage.data_actions.called().map(Arc::from).collect(),
                services: self.usage.services.called().map(Arc::from).collect(),
                stubs: std::mem::take(&mut self.usage.stubs),
            },
            arch: self.arch,
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
        let set = self.arch.settings.iter().any(|(k, _)| *k == "wrapupCode");
        if let Some(code) = self.default_wrapup_code.take().filter(|_| ended && !set) {
            self.arch.settings.push(("wrapupCode", code));
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
            crate::flow::model::FlowType::of(&self.reg.flow(flow).flow_type),
            crate::flow::model::FlowType::Bot | crate::flow::model::FlowType::CommonModule
        );
        if !ended || returns {
            return;
        }
        for (_, value) in &mut self.arch.outcomes {
            if matches!(value, Value::Str(s) if &**s == super::arch::INITIALIZED) {
                *value = Value::str(INCOMPLETE);
            }
        }
    }
}

/// An initialized outcome's value once the interaction ended without setting it (the value
/// Genesys's analytics give a failed outcome).
const INCOMPLETE: &str = "FAILURE";

pub(super) fn expr_fail(e: &EvalError) -> Did {
    Did::Fail(e.kind, e.message.clone())
}

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
