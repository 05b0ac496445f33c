//! The interpreter: run a request against a registry and a fixture store.
//!
//! ```text
//! RunRequest ──prepare──▶ Prepared ──Machine──▶ RunResult (status, trace, variables, ...)
//!                 │                    │
//!              Registry           FixtureStore
//! ```
//! Every run, whatever watches or steers it, is one [`Run`]: `Run::new(&registry, &fixtures,
//! &request)`, then what it takes beyond the request (options, an observer, a streamed trace,
//! exploration's steering), then `go`.
//!
//! The engine never prints and never reads the wall clock: the same registry, fixtures and
//! request give the same result, byte for byte once serialized.

mod actions;
mod arch;
#[cfg(test)]
mod bind_tests;
mod bounds;
pub mod budget;
mod cx;
mod did;
mod digital;
pub mod events;
mod machine;
pub mod missing;
pub mod observe;
mod reads;
pub mod request;
pub mod result;
mod run;
mod scope;
mod steer;
mod stepper;
mod stream;
mod typed;

pub use budget::Budgets;
pub use cx::MAX_CALL_DEPTH;
pub use observe::{Observed, Observer, Ran};

/// Under this prefix and a common module's name, the fixtures may hold the outputs a
/// recording saw for a module the registry does not have (replaying execution data): a call to
/// it then takes them, one answer a call, instead of failing with `flowNotFound`.
pub const RECORDED_MODULE_PREFIX: &str = "commonModule:";
pub use request::{
    InboundMessage, Input, InputEntry, RequestError, RequestView, RunContext, RunRequest,
};
pub use result::{Edge, RunResult, Status, Step, StepResult};
pub use run::{Finished, Run};
pub use steer::{Force, Steered};
pub use stepper::{Level, SetRefused, Stepper};

/// The most steps a run may take, whatever its request asks (`maxSteps`, `--max-steps`): a
/// step's trace entry and the values it wrote cost about 100 bytes, so a run stays within about
/// a gigabyte. The machine clamps a larger limit to this; a request that asks for more should be
/// refused before it runs (`engine::request`).
pub const MAX_STEPS_CAP: u64 = 10_000_000;

/// How to run, beyond the request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Record, per step, every reference its expressions read and the value they got
    /// ([`RunResult::reads_of`]). Costs an allocation per read; the harness turns it on only to
    /// explain a failure. (An observer that wants them gets them without: `Observer::wants_reads`.)
    pub record_reads: bool,
    /// Stop with status `waiting` when the run needs an input the request does not give,
    /// instead of taking it as no input (live sessions: `flowsim serve`'s sessions re-run the
    /// conversation with each input as it arrives). The step that waits is left out of the
    /// trace; `RunResult::waiting` says where it waits.
    pub pause_for_input: bool,
}
