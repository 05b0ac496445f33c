//! What a run may spend and what it spent: the run's timeout on the virtual clock, its step
//! limit, Architect's action limit, Flow nodes' timeouts, and its budgets (`engine::budget`)
//! with the work done and the trace bytes kept or written; and their checks, at every node
//! boundary ([`Machine::boundary`]; a flow's end checks the time limits too). Nothing here
//! changes during a node but the figures spent.

use super::budget::{Limits, Which};
use super::machine::{Failure, Machine, Next};
use super::result::Status;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;

/// The machine's part that bounds its run.
#[derive(Debug)]
pub(super) struct Bounds {
    /// When the run started (virtual ms), what its timeout counts from.
    pub start: i64,
    /// The request's `timeout`, virtual ms.
    pub timeout_ms: Option<u64>,
    /// The request's step limit, clamped to `MAX_STEPS_CAP`.
    pub max_steps: u64,
    /// For Architect flows, how many actions Genesys lets the flow invocation take (10,000;
    /// 1,000 more once error handling jumps); `None` for the seeds' JSON flows.
    pub arch_action_limit: Option<u64>,
    /// The steps before the current flow invocation (a Transfer to Flow that goes on in its
    /// target starts one), which Architect's limit does not count.
    pub arch_invocation_start: u64,
    /// The run's budgets.
    pub limits: Limits,
    /// The work done so far (`expr::meter`).
    pub work_used: u64,
    /// The bytes the trace keeps, or for a run whose observer takes the trace, the bytes it
    /// wrote.
    pub trace_bytes: u64,
}

impl Bounds {
    pub fn new(start: i64, timeout_ms: Option<u64>, max_steps: u64, limits: Limits) -> Self {
        Bounds {
            start,
            timeout_ms,
            max_steps: max_steps.min(super::MAX_STEPS_CAP),
            arch_action_limit: None,
            arch_invocation_start: 0,
            limits,
            work_used: 0,
            trace_bytes: 0,
        }
    }

    /// The virtual time since the run started, in ms, at `clock`.
    #[inline]
    pub fn elapsed(&self, clock: i64) -> u64 {
        (clock - self.start).max(0) as u64
    }

    /// The run's timeout, when it passed at `clock`: the limit.
    #[inline]
    pub fn timed_out(&self, clock: i64) -> Option<u64> {
        self.timeout_ms.filter(|&limit| self.elapsed(clock) > limit)
    }

    /// The budget spent, if one is: which, the figure used, the budget. `live` is what the
    /// variables hold; `forgets`, whether the trace's bytes are bytes written.
    #[inline]
    pub fn spent(&self, live: u64, forgets: bool) -> Option<(Which, u64, u64)> {
        let l = &self.limits;
        if self.work_used > l.work {
            Some((Which::Work, self.work_used, l.work))
        } else if live > l.live_bytes {
            Some((Which::LiveBytes, live, l.live_bytes))
        } else if self.trace_bytes > l.trace_bytes {
            let which = if forgets { Which::TraceWritten } else { Which::TraceBytes };
            Some((which, self.trace_bytes, l.trace_bytes))
        } else {
            None
        }
    }

    /// Counts `bytes` more of trace.
    #[inline]
    pub fn add_trace(&mut self, bytes: u64) {
        self.trace_bytes = self.trace_bytes.saturating_add(bytes);
    }
}

impl Machine<'_, '_> {
    /// The virtual time since the run started, in ms.
    pub(super) fn elapsed(&self) -> u64 {
        self.bounds.elapsed(self.clock)
    }

    /// How much the trace's stores held before a step (see `trace_cost`).
    pub(super) fn trace_marks(&self) -> [usize; 5] {
        [
            self.rec.set_values.len(),
            self.rec.writes.len(),
            self.rec.step_data.values.len(),
            self.rec.step_data.errors.len(),
            self.rec.step_inputs.len(),
        ]
    }

    /// The bytes a step added to the trace: its 40-byte entry, the text and items of the values
    /// it recorded (as `expr::meter::touched` counts them), its error's message and what it
    /// heard.
    pub(super) fn trace_cost(&self, [sets, writes, values, errors, inputs]: [usize; 5]) -> u64 {
        let touched = crate::expr::meter::touched;
        let mut bytes = 40;
        bytes +=
            self.rec.set_values.get(sets..).unwrap_or_default().iter().map(touched).sum::<u64>();
        bytes += self
            .rec
            .writes
            .get(writes..)
            .unwrap_or_default()
            .iter()
            .map(|(name, v)| name.len() as u64 + touched(v))
            .sum::<u64>();
        bytes += self
            .rec
            .step_data
            .values
            .get(values..)
            .unwrap_or_default()
            .iter()
            .map(touched)
            .sum::<u64>();
        bytes += self
            .rec
            .step_data
            .errors
            .get(errors..)
            .unwrap_or_default()
            .iter()
            .map(|e| e.message.len() as u64)
            .sum::<u64>();
        bytes += self
            .rec
            .step_inputs
            .get(inputs..)
            .unwrap_or_default()
            .iter()
            .map(|i| {
                std::mem::size_of::<super::result::StepInput>() as u64
                    + i.digits.as_ref().map_or(0, |d| d.len() as u64)
            })
            .sum::<u64>();
        bytes
    }

    /// Limits, checked before node `n` starts: the run's timeout, the step limit, then Flow
    /// timeouts of callees.
    pub(super) fn boundary(&mut self, n: NodeIdx) -> Option<Next> {
        let flow = self.frame().flow;
        if self.live.has_timed {
            self.fire_timed();
        }
        if let Some(agent) = self.live.answered.take() {
            return Some(self.agent_answered(agent));
        }
        if let Some(limit) = self.bounds.timed_out(self.clock) {
            let message = format!(
                "the run's timeout of {limit} ms passed (virtual time {} ms) before this node started",
                self.elapsed()
            );
            return Some(Next::Stop(
                Status::Timeout,
                Some(Failure { kind: ErrorKind::Timeout, message, flow, node: n, at: n }),
            ));
        }
        if let Some(stop) = self.over_budget(n) {
            return Some(stop);
        }
        if let Some(stop) = self.action_limit(n) {
            return Some(stop);
        }
        // The whole run's limit; an Architect flow invocation's own (above) counts apart.
        let max_steps = self.bounds.max_steps;
        if self.trace.len() as u64 >= max_steps {
            let message =
                format!("the run executed its limit of {max_steps} steps before this node");
            return Some(Next::Stop(
                Status::StepLimit,
                Some(Failure { kind: ErrorKind::StepLimit, message, flow, node: n, at: n }),
            ));
        }
        self.flow_timeout()
    }

    /// Budgets (`engine::budget`), checked before node `n` starts: the work the run did, the
    /// bytes its variables hold, the bytes its trace keeps. A budget spent during the last step
    /// ends the run here, with the steps so far intact.
    pub(super) fn over_budget(&self, n: NodeIdx) -> Option<Next> {
        let (which, used, limit) = self.bounds.spent(self.vars.live, self.trace.forgets())?;
        Some(self.budget_stop(which, used, limit, n))
    }

    #[cold]
    #[inline(never)]
    pub(super) fn budget_stop(
        &self,
        which: super::budget::Which,
        used: u64,
        limit: u64,
        n: NodeIdx,
    ) -> Next {
        let flow = self.frame().flow;
        // The node that spent it: the last step's (none when a preset alone is too large).
        let (node, action) = match self.trace.last() {
            Some(step) => {
                let graph = self.reg.flow(step.flow).graph(self.version);
                graph.map_or(("?", "?"), |g| {
                    let node = g.node(step.node);
                    (&*node.id, node.action.type_name())
                })
            }
            None => ("(before the first node)", "preset variables"),
        };
        let message = which.message(limit, used, node, action);
        Next::Stop(
            Status::Budget,
            Some(Failure { kind: ErrorKind::Budget, message, flow, node: n, at: n }),
        )
    }

    /// Flow timeouts: when the virtual time passed a callee's deadline, the outermost such
    /// callee stops and its Flow node fails with `flowTimeout`.
    #[inline]
    pub(super) fn flow_timeout(&mut self) -> Option<Next> {
        if self.clock <= self.frame().earliest {
            return None;
        }
        self.flow_timed_out()
    }

    #[inline(never)]
    pub(super) fn flow_timed_out(&mut self) -> Option<Next> {
        let at = self.frames.iter().position(|f| f.deadline.is_some_and(|d| self.clock > d))?;
        let callee = self.frames[at].flow;
        let caller_flow = self.frames[at - 1].flow;
        let (call_node, _) = self.frames[at].call.expect("a callee frame has a caller");
        self.unwind_to(at);
        let message = format!(
            "flow `{}` ran past the Flow node's timeoutSeconds",
            self.reg.flow(callee).name
        );
        Some(self.pop_flow(Some(Failure {
            kind: ErrorKind::FlowTimeout,
            message,
            flow: caller_flow,
            node: call_node,
            at: call_node,
        })))
    }
}
