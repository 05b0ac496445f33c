//! The interpreter: run a request against a registry and a fixture store.
//!
//! ```text
//! RunRequest ──prepare──▶ Prepared ──Machine──▶ RunResult (status, trace, variables, ...)
//!                 │                    │
//!              Registry           FixtureStore
//! ```
//! The engine never prints and never reads the wall clock: the same registry, fixtures and
//! request give the same result, byte for byte once serialized.

mod actions;
mod arch;
#[cfg(test)]
mod bind_tests;
mod bounds;
pub mod budget;
mod digital;
pub mod events;
mod machine;
pub mod missing;
pub mod observe;
mod reads;
pub mod request;
pub mod result;
mod scope;
mod steer;
mod stepper;
mod stream;
mod typed;

pub use budget::Budgets;
pub use machine::MAX_CALL_DEPTH;
pub use observe::{Observed, Observer, Ran};

/// Under this prefix and a common module's name, the fixtures may hold the outputs a
/// recording saw for a module the registry does not have (replaying execution data): a call to
/// it then takes them, one answer a call, instead of failing with `flowNotFound`.
pub const RECORDED_MODULE_PREFIX: &str = "commonModule:";
pub use request::{
    InboundMessage, Input, InputEntry, RequestError, RequestView, RunContext, RunRequest,
};
pub use result::{Edge, RunResult, Status, Step, StepResult};
pub use steer::{Force, Steered};
pub use stepper::{Level, SetRefused, Stepper};

use crate::fixtures::FixtureStore;
use crate::flow::Registry;

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

/// Runs `request` against the flows of `registry`, with `fixtures` standing in for the cloud.
///
/// Refuses a request that cannot run (unknown flow or start node, bad inputs) before anything
/// executes. Anything that happens inside the run is in the result: its status, its error.
pub fn run<'r>(
    registry: &'r Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
) -> Result<RunResult<'r>, RequestError> {
    run_with(registry, fixtures, request, &RunOptions::default())
}

/// `request` checked and made ready to run against `registry` and `fixtures`: what every run,
/// and the debugger's [`Stepper`], refuses, it refuses here.
fn prepare(
    registry: &Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
) -> Result<request::Prepared, RequestError> {
    with_events(registry, fixtures, request, request.prepare(registry)?)
}

/// `prepared` (`request` prepared against `registry` by [`RunRequest::prepare`]) with the
/// request's events checked against `registry` and `fixtures`.
fn with_events(
    registry: &Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
    mut prepared: request::Prepared,
) -> Result<request::Prepared, RequestError> {
    prepared.events = events::prepare(&request.events, registry, fixtures)?;
    events::check_agent(&prepared.events, registry, prepared.flow)?;
    Ok(prepared)
}

/// [`run`], with options.
pub fn run_with<'r>(
    registry: &'r Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
    options: &RunOptions,
) -> Result<RunResult<'r>, RequestError> {
    let prepared = prepare(registry, fixtures, request)?;
    Ok(machine::Machine::new(registry, fixtures, prepared, *options, None, None).finish())
}

/// A run with an observer (and a streamed run): its result (whose `trace` is empty when the
/// observer took it: the steps went to it as they finished), and the error an observer failed
/// with, if any (the run stopped there, with status `failed`).
#[derive(Debug)]
pub struct Streamed<'r> {
    pub result: RunResult<'r>,
    pub write_error: Option<std::io::Error>,
}

/// [`run_with`], `observer` told what happens as the run goes (`engine::observe`): each step,
/// each call that returned, the end.
pub fn run_observed<'r>(
    registry: &'r Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<Streamed<'r>, RequestError> {
    run_prepared(registry, fixtures, request, request.prepare(registry)?, options, Some(observer))
}

/// [`run_observed`] (a plain run without `observer`) of a request already prepared: `prepared`
/// is what [`RunRequest::prepare`] gave for `request` against this `registry` (a caller that
/// checked the request before keeps it for the run rather than preparing it twice).
pub fn run_prepared<'r, 'f>(
    registry: &'r Registry,
    fixtures: &'f FixtureStore,
    request: &RunRequest,
    prepared: request::Prepared,
    options: &RunOptions,
    observer: Option<&'f mut dyn Observer>,
) -> Result<Streamed<'r>, RequestError> {
    let prepared = with_events(registry, fixtures, request, prepared)?;
    let mut machine = machine::Machine::new(registry, fixtures, prepared, *options, None, observer);
    let write_error = machine.observe.error.take();
    Ok(Streamed { result: machine.finish(), write_error })
}

/// [`run`], each step written to `sink` as it finishes and then dropped, so that memory stays
/// flat in steps: the trace-bytes budget counts the bytes written. Write the summary line with
/// [`result::ndjson::Ndjson::finish`].
pub fn run_streamed<'r, W: std::io::Write>(
    registry: &'r Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
    sink: &mut result::ndjson::Ndjson<W>,
) -> Result<Streamed<'r>, RequestError> {
    run_observed(registry, fixtures, request, &RunOptions::default(), sink)
}

/// [`run`] steered for path exploration (`crate::explore`): the outputs `forces` name are
/// taken whatever the nodes decide, reads are recorded (`RunOptions::record_reads`), and the
/// run says, per step, which input and which instant it started at (see `engine::steer`).
pub fn run_steered<'r>(
    registry: &'r Registry,
    fixtures: &FixtureStore,
    request: &RunRequest,
    forces: &[Force],
) -> Result<(RunResult<'r>, Steered), RequestError> {
    let prepared = prepare(registry, fixtures, request)?;
    let options = RunOptions { record_reads: true, ..RunOptions::default() };
    let steer = Some(Box::new(steer::Steer::new(forces)));
    let mut machine = machine::Machine::new(registry, fixtures, prepared, options, steer, None);
    let steered = machine.steer.take().map(|s| s.out).unwrap_or_default();
    Ok((machine.finish(), steered))
}
