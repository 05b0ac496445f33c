//! What a run may spend and what it spent: the run's timeout on the virtual clock, its step
//! limit, Architect's action limit, Flow nodes' timeouts, and its budgets (`engine::budget`)
//! with the work done and the trace bytes kept or written; and their checks, at every node
//! boundary (`Machine::boundary`, in `machine/bounds.rs`; a flow's end checks the time limits too). Nothing here
//! changes during a node but the figures spent.

use super::budget::{Limits, Which};

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
