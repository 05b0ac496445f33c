//! A run's budgets (docs/budgets.md): how much work, memory and trace one run may cost,
//! whatever the flow does. Each has a default no real flow meets and a request field (and a
//! flag) to change it; a run that spends one stops with status `budget` and an error naming
//! the budget, the node it ran out in and the figure.
//!
//! - **work**: bytes the run's expressions built or read (string building, list building, JSON,
//!   text functions), counted by `expr::meter` where values are made;
//! - **live bytes**: bytes of the values the run's variables hold (each shared part once per
//!   value), kept up to date on every assignment;
//! - **trace bytes**: bytes the result's trace keeps (40 a step, plus the text and items of the
//!   values and messages steps record); for a streamed run, the bytes its trace wrote.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

/// Default work budget: 1 GiB of bytes built or read (a flow of the corpus needs under a
/// megabyte; about ten seconds of string work at the worst).
pub const DEFAULT_WORK: u64 = 1 << 30;
/// Default live-bytes budget: 256 MiB held by variables.
pub const DEFAULT_LIVE_BYTES: u64 = 256 << 20;
/// Default trace-bytes budget: 256 MiB kept by the trace.
pub const DEFAULT_TRACE_BYTES: u64 = 256 << 20;

/// Default total of steps every run of one command takes together
/// ([`limit_total_steps`]): a billion, twenty thousand scenarios that each spend an Architect
/// flow's whole step limit (50,000), minutes of work. The environment variable
/// `FLOWSIM_MAX_RUN_STEPS` sets another; the CLI arms it for every command that ends, and no
/// run starts past it (`Run::go`).
pub const MAX_TOTAL_STEPS: u64 = 1_000_000_000;

/// Steps every run took since [`limit_total_steps`], and the total allowed (`u64::MAX`: not
/// counted).
static TOTAL_STEPS: AtomicU64 = AtomicU64::new(0);
static TOTAL_STEPS_LIMIT: AtomicU64 = AtomicU64::new(u64::MAX);

/// Counts the steps of every later run against `limit` in all, from zero: what bounds a
/// command's runs as a whole (a suite, mutants, explored paths, replays), where each run's
/// step limit bounds one.
pub fn limit_total_steps(limit: u64) {
    TOTAL_STEPS_LIMIT.store(limit, Ordering::Relaxed);
    TOTAL_STEPS.store(0, Ordering::Relaxed);
}

/// Counts the armed total from zero again (a watch's next round).
pub fn restart_total_steps() {
    TOTAL_STEPS.store(0, Ordering::Relaxed);
}

/// Charges a finished run's `steps` to the armed total.
pub(crate) fn charge_steps(steps: u64) {
    if TOTAL_STEPS_LIMIT.load(Ordering::Relaxed) != u64::MAX {
        TOTAL_STEPS.fetch_add(steps, Ordering::Relaxed);
    }
}

/// The armed total of steps, when the runs so far took more: `(taken, total)`. A suite
/// starts no run once it is (`harness::run_suite`, `mutate`), so the steps past it are at
/// most those of the runs in flight, each within its own limit.
pub fn total_steps_past() -> Option<(u64, u64)> {
    let limit = TOTAL_STEPS_LIMIT.load(Ordering::Relaxed);
    let taken = TOTAL_STEPS.load(Ordering::Relaxed);
    (limit != u64::MAX && taken > limit).then_some((taken, limit))
}

/// What a request asks for; `None` takes the default. `{"budgets": {"work": 1000000}}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Budgets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_bytes: Option<u64>,
}

impl Budgets {
    pub fn is_empty(&self) -> bool {
        *self == Budgets::default()
    }

    /// The figures a run uses: each asked for, else its default.
    pub fn limits(&self) -> Limits {
        Limits {
            work: self.work.unwrap_or(DEFAULT_WORK),
            live_bytes: self.live_bytes.unwrap_or(DEFAULT_LIVE_BYTES),
            trace_bytes: self.trace_bytes.unwrap_or(DEFAULT_TRACE_BYTES),
        }
    }
}

/// A run's budgets, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub work: u64,
    pub live_bytes: u64,
    pub trace_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Budgets::default().limits()
    }
}

/// Which budget ran out, for the error: its name, its request field, its flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Work,
    LiveBytes,
    TraceBytes,
    /// The trace-bytes budget of a streamed run (`engine::Run::stream`): bytes written.
    TraceWritten,
}

impl Which {
    pub fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Which::Work => ("work", "budgets.work", "--max-work"),
            Which::LiveBytes => ("live bytes", "budgets.liveBytes", "--max-live-bytes"),
            Which::TraceBytes | Which::TraceWritten => {
                ("trace bytes", "budgets.traceBytes", "--max-trace-bytes")
            }
        }
    }

    /// `the run's work budget of 1073741824 ran out (1073741900 used) ...`.
    pub fn message(self, limit: u64, used: u64, node: &str, action: &str) -> String {
        let (name, field, flag) = self.describe();
        let unit = match self {
            Which::Work => "units of work (bytes built or read)",
            Which::LiveBytes => "bytes held by variables",
            Which::TraceBytes => "bytes kept by the trace",
            Which::TraceWritten => "bytes of trace written",
        };
        format!(
            "the run's {name} budget ran out in node `{}` ({action}): {used} {unit}, budget {limit} (raise it with `{field}` or {flag})",
            crate::util::excerpt(node, 80)
        )
    }
}
