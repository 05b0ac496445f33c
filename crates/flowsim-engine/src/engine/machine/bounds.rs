//! The machine's checks of what its run may spend (`engine::bounds` holds the figures): the
//! time limits, step and action limits and budgets at every node boundary, and what a step
//! costs of the trace. Nothing here changes during a node but the figures spent.

use super::{Failure, Machine, Next};
use crate::engine::budget::Which;
use crate::engine::result::Status;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;

impl Machine<'_, '_> {
    /// How much the trace's stores held before a step (see `trace_cost`).
    pub(in crate::engine) fn trace_marks(&self) -> [usize; 3] {
        [
            self.cx.step.rec.writes.len(),
            self.cx.step.rec.step_data.errors.len(),
            self.cx.step.rec.step_inputs.len(),
        ]
    }

    /// The bytes a step added to the trace: its 40-byte entry, the names and the text and
    /// items of the values it recorded (as `expr::meter::touched` counts them), its error's
    /// message and what it heard.
    pub(in crate::engine) fn trace_cost(&self, [writes, errors, inputs]: [usize; 3]) -> u64 {
        let touched = crate::expr::meter::touched;
        let mut bytes = 40;
        bytes += self
            .cx
            .step
            .rec
            .writes
            .get(writes..)
            .unwrap_or_default()
            .iter()
            .map(|(name, v)| name.len() as u64 + touched(v))
            .sum::<u64>();
        bytes += self
            .cx
            .step
            .rec
            .step_data
            .errors
            .get(errors..)
            .unwrap_or_default()
            .iter()
            .map(|e| e.message.len() as u64)
            .sum::<u64>();
        bytes += self
            .cx
            .step
            .rec
            .step_inputs
            .get(inputs..)
            .unwrap_or_default()
            .iter()
            .map(|i| {
                std::mem::size_of::<crate::engine::result::StepInput>() as u64
                    + i.digits.as_ref().map_or(0, |d| d.len() as u64)
            })
            .sum::<u64>();
        bytes
    }

    /// Limits, checked before node `n` starts: the run's timeout, the step limit, then Flow
    /// timeouts of callees.
    pub(in crate::engine) fn boundary(&mut self, n: NodeIdx) -> Option<Next> {
        let flow = self.cx.flowing.frame().flow;
        if self.cx.input.live.has_timed {
            self.cx.fire_timed();
        }
        if let Some(agent) = self.cx.input.live.answered.take() {
            return Some(self.agent_answered(agent));
        }
        if let Some(limit) = self.bounds.timed_out(self.cx.clock.now) {
            let message = format!(
                "the run's timeout of {limit} ms passed (virtual time {} ms) before this node started",
                self.cx.clock.elapsed()
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
        if self.cx.step.trace.len() as u64 >= max_steps {
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
    pub(in crate::engine) fn over_budget(&self, n: NodeIdx) -> Option<Next> {
        let (which, used, limit) =
            self.bounds.spent(self.cx.flowing.vars.live, self.cx.step.trace.counts_written())?;
        Some(self.budget_stop(which, used, limit, n))
    }

    #[cold]
    #[inline(never)]
    pub(in crate::engine) fn budget_stop(
        &self,
        which: Which,
        used: u64,
        limit: u64,
        n: NodeIdx,
    ) -> Next {
        let flow = self.cx.flowing.frame().flow;
        // The node that spent it: the last step's (none when a preset alone is too large).
        let (node, action) = match self.cx.step.trace.last() {
            Some(step) => {
                let graph = self.cx.run.reg.flow(step.flow).graph(self.cx.run.version);
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
    pub(in crate::engine) fn flow_timeout(&mut self) -> Option<Next> {
        if self.cx.clock.now <= self.cx.flowing.frame().earliest {
            return None;
        }
        self.flow_timed_out()
    }

    #[inline(never)]
    pub(in crate::engine) fn flow_timed_out(&mut self) -> Option<Next> {
        let at = self
            .cx
            .flowing
            .frames
            .iter()
            .position(|f| f.deadline.is_some_and(|d| self.cx.clock.now > d))?;
        let callee = self.cx.flowing.frames[at].flow;
        let caller_flow = self.cx.flowing.frames[at - 1].flow;
        let (call_node, _) = self.cx.flowing.frames[at].call.expect("a callee frame has a caller");
        self.unwind_to(at);
        let message = format!(
            "flow `{}` ran past the Flow node's timeoutSeconds",
            self.cx.run.reg.flow(callee).name
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
