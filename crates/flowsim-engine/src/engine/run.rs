//! One way to run: [`Run`], a builder for what a run takes beyond its request (options, an
//! observer, a streamed trace, exploration's steering), finished by [`Run::go`].
//!
//! Invariants: every run goes through [`Run::go`], which prepares the request (or takes the one
//! the caller prepared), checks its events, and drives one [`Machine`] to its end; a request
//! that cannot run (unknown flow or start node, bad inputs, bad events) is refused before
//! anything executes. What happens inside the run is in the result (its status, its error),
//! except an observer's failure, which stops the run with status `failed` and is handed back
//! as [`Finished::write_error`].

use super::machine::Machine;
use super::observe::Observer;
use super::request::{self, RequestError, RunRequest};
use super::result::{ndjson::Ndjson, RunResult};
use super::steer::{Force, Steer, Steered};
use super::{events, RunOptions};
use crate::fixtures::FixtureStore;
use crate::flow::Registry;

/// A run of a request against the flows of a registry, with fixtures standing in for the
/// cloud. Build it with [`Run::new`], add what it takes, then [`go`](Run::go) (the whole
/// outcome) or [`result`](Run::result) (its result alone):
///
/// ```text
/// Run::new(&registry, &fixtures, &request).go()?.result
/// Run::new(&registry, &fixtures, &request).options(options).observer(&mut log).go()?
/// Run::new(&registry, &fixtures, &request).stream(&mut sink).go()?
/// Run::new(&registry, &fixtures, &request).steer(&forces).go()?.steered
/// ```
#[must_use = "a run does nothing until `go`"]
pub struct Run<'r, 'a> {
    registry: &'r Registry,
    fixtures: &'a FixtureStore,
    request: &'a RunRequest,
    prepared: Option<request::Prepared>,
    options: RunOptions,
    observer: Option<&'a mut dyn Observer<'r>>,
    forces: Option<&'a [Force]>,
}

/// What a run gave: its result, the error its observer failed with, and what steering saw.
#[derive(Debug)]
pub struct Finished<'r> {
    /// The result: status, trace (empty when an observer took it: the steps went to it as
    /// they finished), variables, ...
    pub result: RunResult<'r>,
    /// The error the observer failed with, if any (the run stopped there, with status
    /// `failed`); `None` for a run without an observer.
    pub write_error: Option<std::io::Error>,
    /// Per step, which input and which instant it started at, and the outputs forced, for a
    /// steered run ([`Run::steer`]); empty for any other.
    pub steered: Steered,
}

impl<'r, 'a> Run<'r, 'a> {
    /// A plain run of `request` against `registry`'s flows, `fixtures` standing in for the
    /// cloud: default options, no observer, no steering.
    pub fn new(
        registry: &'r Registry,
        fixtures: &'a FixtureStore,
        request: &'a RunRequest,
    ) -> Self {
        Self {
            registry,
            fixtures,
            request,
            prepared: None,
            options: RunOptions::default(),
            observer: None,
            forces: None,
        }
    }

    /// Runs with `options` (recording reads, pausing for input). Steering records reads
    /// whatever the options say.
    pub fn options(mut self, options: RunOptions) -> Self {
        self.options = options;
        self
    }

    /// Runs the request as already prepared: `prepared` is what [`RunRequest::prepare`] gave
    /// for this request against this registry (a caller that checked the request before keeps
    /// it rather than preparing it twice). Its events are still checked here.
    pub fn prepared(mut self, prepared: request::Prepared) -> Self {
        self.prepared = Some(prepared);
        self
    }

    /// `observer` is told what happens as the run goes (`engine::observe`): each step, each
    /// call that returned, the end.
    pub fn observer(mut self, observer: &'a mut dyn Observer<'r>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Each step is written to `sink` as it finishes and then dropped, so that memory stays
    /// flat in steps: the trace-bytes budget counts the bytes written. (The sink is the run's
    /// observer.) Write the summary line with [`Ndjson::finish`].
    pub fn stream<W: std::io::Write>(self, sink: &'a mut Ndjson<W>) -> Self {
        self.observer(sink)
    }

    /// Steered for path exploration: the outputs `forces` name are taken whatever the nodes
    /// decide, reads are recorded, and [`Finished::steered`] says, per step, which input and
    /// which instant it started at (see `engine::steer`).
    pub fn steer(mut self, forces: &'a [Force]) -> Self {
        self.forces = Some(forces);
        self
    }

    /// Runs to the end. Refuses a request that cannot run before anything executes.
    ///
    /// # Errors
    /// What the request asks that cannot run: an unknown flow or start node, bad inputs, bad
    /// events ([`RequestError`]); any run once the command's runs took more steps than its
    /// total ([`RequestError::PastTotalSteps`]), so that every command that makes runs is
    /// bounded as a whole without a check of its own.
    pub fn go(self) -> Result<Finished<'r>, RequestError> {
        if let Some((_, total)) = super::budget::total_steps_past() {
            return Err(RequestError::PastTotalSteps { total });
        }
        let prepared = match self.prepared {
            Some(prepared) => prepared,
            None => self.request.prepare(self.registry)?,
        };
        let prepared = with_events(self.registry, self.fixtures, self.request, prepared)?;
        let mut options = self.options;
        let steer = self.forces.map(|forces| {
            options.record_reads = true;
            Box::new(Steer::new(forces))
        });
        let mut machine =
            Machine::new(self.registry, self.fixtures, prepared, options, steer, self.observer);
        let write_error = machine.watch.observe.error.take();
        let steered = machine.watch.steer.take().map(|s| s.out).unwrap_or_default();
        Ok(Finished { result: machine.finish(), write_error, steered })
    }

    /// [`go`](Run::go), keeping the result alone: for a run whose outcome is its result (no
    /// observer that may fail, no steering to read back).
    ///
    /// # Errors
    /// As [`go`](Run::go).
    pub fn result(self) -> Result<RunResult<'r>, RequestError> {
        self.go().map(|finished| finished.result)
    }
}

/// `request` checked and made ready to run against `registry` and `fixtures`: what every run,
/// and the debugger's [`Stepper`](super::Stepper), refuses, it refuses here.
pub(super) fn prepare(
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

#[cfg(test)]
mod tests {
    use crate::engine::observe::tests::{each_bundled_request, Event, Recorder};
    use crate::engine::{Run, RunOptions};

    /// What a run takes beyond its request changes only what it was asked to: a run steered
    /// by no force, observed, or given its request prepared takes the plain run's steps (and a prepared request's limits are
    /// the run's); the
    /// steered run records what each step read (whatever its options say) and says where each
    /// step started; only a run asked to record reads, or a steered one, keeps them.
    #[test]
    fn each_part_of_a_run_changes_only_what_it_names() {
        let mut with_reads = 0;
        each_bundled_request(|reg, fixtures, request, what| {
            let Ok(plain) = Run::new(reg, fixtures, request).result() else {
                assert!(Run::new(reg, fixtures, request).steer(&[]).go().is_err(), "{what}");
                return;
            };
            assert!(plain.reads.is_empty(), "a plain run keeps no reads: {what}");

            let steered = Run::new(reg, fixtures, request).steer(&[]).go().expect("runs");
            assert_eq!(steered.result.trace, plain.trace, "{what}");
            assert_eq!(steered.steered.input_at.len(), plain.trace.len(), "{what}");
            assert_eq!(steered.steered.clock_at.len(), plain.trace.len(), "{what}");
            assert!(steered.steered.forced.is_empty(), "{what}");
            let recorded = RunOptions { record_reads: true, ..RunOptions::default() };
            let asked = Run::new(reg, fixtures, request).options(recorded).result().expect("runs");
            assert_eq!(steered.result.reads, asked.reads, "steering records reads: {what}");
            with_reads += usize::from(!asked.reads.is_empty());

            let mut told = Recorder::default();
            let observed = Run::new(reg, fixtures, request).observer(&mut told).go().expect("runs");
            assert!(observed.write_error.is_none(), "{what}");
            assert_eq!(observed.result.trace, plain.trace, "{what}");
            let steps = told.0.iter().filter(|e| matches!(e, Event::Step(..))).count();
            assert_eq!(steps, plain.trace.len(), "the observer is told each step: {what}");

            let prepared = request.prepare(reg).expect("a request that ran prepares");
            let again = Run::new(reg, fixtures, request).prepared(prepared).result().expect("runs");
            assert_eq!(
                serde_json::to_string(&again).unwrap(),
                serde_json::to_string(&plain).unwrap(),
                "{what}"
            );
            // The run takes the request as prepared, not as the request says.
            let mut short = request.prepare(reg).expect("prepares");
            short.max_steps = 1;
            let cut = Run::new(reg, fixtures, request).prepared(short).result().expect("runs");
            assert_eq!(cut.trace.len(), plain.trace.len().min(1), "{what}");
        });
        assert!(with_reads > 20, "only {with_reads} runs read anything");
    }
}
