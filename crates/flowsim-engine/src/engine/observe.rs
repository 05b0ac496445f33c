//! Observers: what watches a run without changing it (a streamed trace, coverage, decision
//! logs; the debugger's stepper takes one too, `Stepper::observed`). The one run loop tells its
//! observer what happens (its body `Machine::run_step`, which every run and the debugger's
//! stepper go through); a new consumer of runs is one [`Observer`] implementation, never a new
//! branch in the loop.
//!
//! The events, in the order the loop reaches them:
//!
//! - [`Observer::step`]: a step ran (each step once, in trace order), with its record, the
//!   stores its indexes point into (what it wrote, played and heard) and what the machine knew
//!   as it ran ([`Ran`]: the clock, the values it read, the digits it took). A step's record is
//!   final then, except a call's (a Flow node, Call Task, Call Common Module, Call Bot Flow):
//!   its edge is [`Edge::Open`] while its callee runs. A step whose edge is `Open` is where a
//!   flow (or task) is entered; [`Step::depth`] says how deep each step ran.
//!   An observer [in order](Observer::in_order) is told of the steps handed together through
//!   [`Observer::steps_in_order`], whose default tells [`Observer::step`] of each.
//! - [`Observer::returned`]: a call's record became final: its callee returned (the flow or
//!   task was left), innermost first, before the step that runs next in the caller. At the
//!   run's end the calls still open come too, newest first, with edge `Open`.
//! - [`Observer::end`]: the run ended; its result (a run whose observer takes the trace has
//!   none in it).
//!
//! Zero cost for a run without an observer: the machine holds `None` and pays one branch per
//! step. An observer never changes the run; only an observer that fails (a sink that cannot
//! write) stops it, with status `failed`.
//!
//! [`Edge::Open`]: super::result::Edge::Open

use super::result::{Name, RunResult, Step, Stores};
use crate::expr::Value;
use std::sync::Arc;

/// What an observer says of an event: the bytes of trace it wrote (counted against the
/// trace-bytes budget when the observer [takes the trace](Observer::takes_trace)), or the error
/// that stops the run.
pub type Observed = std::io::Result<u64>;

/// What the machine knew of a step as it ran, beside its record.
#[derive(Debug, Clone, Copy)]
pub struct Ran<'a> {
    /// The virtual clock (ms since the epoch) once the step ran.
    pub clock: i64,
    /// The references the step's expressions read, with their values, in reading order: only
    /// when the observer [wants reads](Observer::wants_reads) (or the run records them,
    /// `RunOptions::record_reads`); else empty.
    pub reads: &'a [(Arc<str>, Value)],
    /// The digits the step took, when it took input (a Gather, a Collect Input, a menu):
    /// `Some(None)` when it got none (a timeout). The last input it took, if it took several.
    pub digits: Option<&'a Option<Arc<str>>>,
}

/// What watches a run: see the module's documentation for the events and their order. `'r`:
/// the registry the run borrows, whose text names the values steps wrote
/// ([`Observer::handed_writes`]).
pub trait Observer<'r> {
    /// Whether the run should record what each step reads, for [`Ran::reads`] (an allocation
    /// per read).
    fn wants_reads(&self) -> bool {
        false
    }

    /// Whether this observer stands in for the trace (a streamed trace): the run then keeps no
    /// trace, drops each step and what it recorded once observed (memory stays flat in
    /// steps), and its trace-bytes budget counts the bytes the observer wrote.
    fn takes_trace(&self) -> bool {
        false
    }

    /// Whether this observer, [taking the trace](Observer::takes_trace), wants it in the
    /// trace's order (a trace written as the result lists it, `result::json_trace`): each step
    /// through [`Observer::steps_in_order`] (by default [`Observer::step`], one by one) once
    /// its record is final and every step before it was handed
    /// (a call's step after its callee returned, before its callee's steps), never through
    /// [`Observer::returned`]; [`Ran`] is then what the machine knew of the newest step, which
    /// may be later than the one handed. The run keeps the steps from the first not handed on
    /// (all of a long call's while it runs), and its prompts (the result lists them), and
    /// counts its trace-bytes budget as a run that keeps its trace does, by what each step
    /// records: it stops where that run stops.
    fn in_order(&self) -> bool {
        false
    }

    /// For an observer [in order](Observer::in_order), after each batch of steps handed (none,
    /// one, or a call's and its callee's once it returned): the values the run recorded that
    /// those steps index (`Stores::writes` as `step` saw it, each handed step's range an index
    /// into it), which the run drops next (at its end too: a run whose observer takes the
    /// trace has none in its result). An observer that keeps them takes them
    /// (`Vec::append`, leaving `writes` empty) rather than copying each in `step`.
    fn handed_writes(&mut self, writes: &mut Vec<(Name<'r>, Value)>) {
        let _ = writes;
    }

    /// Step `index` (0-based) ran.
    fn step(
        &mut self,
        stores: &Stores<'_, '_>,
        step: &Step,
        index: usize,
        ran: &Ran<'_>,
    ) -> Observed;

    /// For an observer [in order](Observer::in_order): steps `first..first + steps.len()`,
    /// each as [`Observer::step`] is told of it, at once (the run hands them together). An
    /// observer that keeps the steps copies the slice.
    fn steps_in_order(
        &mut self,
        stores: &Stores<'_, '_>,
        steps: &[Step],
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        let mut bytes = 0;
        for (k, step) in steps.iter().enumerate() {
            bytes += self.step(stores, step, first + k, ran)?;
        }
        Ok(bytes)
    }

    /// [`Observer::steps_in_order`] of `steps[skip..]` (`skip`: steps handed before, which
    /// the run kept), when they are all the steps the run keeps and it gives them away: an
    /// observer that keeps the steps may take the vector whole, leaving one of its own in its
    /// place (emptied: the run refills it), where it would copy the slice.
    fn steps_given(
        &mut self,
        stores: &Stores<'_, '_>,
        steps: &mut Vec<Step>,
        skip: usize,
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        self.steps_in_order(stores, &steps[skip..], first, ran)
    }

    /// Call step `index`'s record became final (see the module's documentation).
    fn returned(&mut self, stores: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
        let _ = (stores, step, index);
        Ok(0)
    }

    /// The run ended.
    fn end(&mut self, result: &RunResult<'_>) {
        let _ = result;
    }
}

impl<'r, O: Observer<'r> + ?Sized> Observer<'r> for &mut O {
    fn wants_reads(&self) -> bool {
        (**self).wants_reads()
    }

    fn takes_trace(&self) -> bool {
        (**self).takes_trace()
    }

    fn in_order(&self) -> bool {
        (**self).in_order()
    }

    fn handed_writes(&mut self, writes: &mut Vec<(Name<'r>, Value)>) {
        (**self).handed_writes(writes);
    }

    fn step(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize, ran: &Ran<'_>) -> Observed {
        (**self).step(s, step, index, ran)
    }

    fn steps_in_order(
        &mut self,
        s: &Stores<'_, '_>,
        steps: &[Step],
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        (**self).steps_in_order(s, steps, first, ran)
    }

    fn steps_given(
        &mut self,
        s: &Stores<'_, '_>,
        steps: &mut Vec<Step>,
        skip: usize,
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        (**self).steps_given(s, steps, skip, first, ran)
    }

    fn returned(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
        (**self).returned(s, step, index)
    }

    fn end(&mut self, result: &RunResult<'_>) {
        (**self).end(result);
    }
}

/// Two observers of one run, each told every event, the first first.
impl<'r, A: Observer<'r>, B: Observer<'r>> Observer<'r> for (A, B) {
    fn wants_reads(&self) -> bool {
        self.0.wants_reads() || self.1.wants_reads()
    }

    fn takes_trace(&self) -> bool {
        self.0.takes_trace() || self.1.takes_trace()
    }

    fn in_order(&self) -> bool {
        self.0.in_order() || self.1.in_order()
    }

    fn handed_writes(&mut self, writes: &mut Vec<(Name<'r>, Value)>) {
        // The second sees what the first left: only one of a pair should take them.
        self.0.handed_writes(writes);
        self.1.handed_writes(writes);
    }

    fn step(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize, ran: &Ran<'_>) -> Observed {
        Ok(self.0.step(s, step, index, ran)? + self.1.step(s, step, index, ran)?)
    }

    fn steps_in_order(
        &mut self,
        s: &Stores<'_, '_>,
        steps: &[Step],
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        Ok(self.0.steps_in_order(s, steps, first, ran)?
            + self.1.steps_in_order(s, steps, first, ran)?)
    }

    fn returned(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
        Ok(self.0.returned(s, step, index)? + self.1.returned(s, step, index)?)
    }

    fn end(&mut self, result: &RunResult<'_>) {
        self.0.end(result);
        self.1.end(result);
    }
}

/// The machine's part that serves its observer: the observer, what the current step did that
/// its record does not hold, and the error that stopped the run.
pub(super) struct Observing<'o, 'r> {
    pub observer: Option<&'o mut dyn Observer<'r>>,
    /// The clock once the current step ran.
    pub clock: i64,
    /// The digits the current step took (see [`Ran::digits`]): none taken, or what an input
    /// got (no digits: a timeout).
    #[allow(clippy::option_option)]
    pub digits: Option<Option<Arc<str>>>,
    /// The error an observer failed with; the run stopped there.
    pub error: Option<std::io::Error>,
}

impl<'o, 'r> Observing<'o, 'r> {
    pub fn new(observer: Option<&'o mut dyn Observer<'r>>) -> Self {
        Observing { observer, clock: 0, digits: None, error: None }
    }

    /// Whether the run has an observer: the one branch a plain run pays per step.
    #[inline]
    pub fn on(&self) -> bool {
        self.observer.is_some()
    }
}

/// An observer that may be absent (a suite's coverage, when not asked for).
impl<'r, O: Observer<'r>> Observer<'r> for Option<O> {
    fn wants_reads(&self) -> bool {
        self.as_ref().is_some_and(Observer::wants_reads)
    }

    fn takes_trace(&self) -> bool {
        self.as_ref().is_some_and(Observer::takes_trace)
    }

    fn in_order(&self) -> bool {
        self.as_ref().is_some_and(Observer::in_order)
    }

    fn handed_writes(&mut self, writes: &mut Vec<(Name<'r>, Value)>) {
        if let Some(o) = self {
            o.handed_writes(writes);
        }
    }

    fn step(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize, ran: &Ran<'_>) -> Observed {
        self.as_mut().map_or(Ok(0), |o| o.step(s, step, index, ran))
    }

    fn steps_in_order(
        &mut self,
        s: &Stores<'_, '_>,
        steps: &[Step],
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        self.as_mut().map_or(Ok(0), |o| o.steps_in_order(s, steps, first, ran))
    }

    fn steps_given(
        &mut self,
        s: &Stores<'_, '_>,
        steps: &mut Vec<Step>,
        skip: usize,
        first: usize,
        ran: &Ran<'_>,
    ) -> Observed {
        self.as_mut().map_or(Ok(0), |o| o.steps_given(s, steps, skip, first, ran))
    }

    fn returned(&mut self, s: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
        self.as_mut().map_or(Ok(0), |o| o.returned(s, step, index))
    }

    fn end(&mut self, result: &RunResult<'_>) {
        if let Some(o) = self {
            o.end(result);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::{Observed, Observer, Ran};
    use crate::engine::result::{Edge, Step, Stores};
    use crate::engine::{self, RunOptions};
    use crate::expr::Value;
    use crate::flow::Registry;
    use std::sync::Arc;

    /// What an observer was told, in order.
    #[derive(Debug, Clone, PartialEq)]
    pub(in crate::engine) enum Event {
        Step(usize, Step, Vec<(Arc<str>, Value)>),
        Returned(usize, Step),
        End,
    }

    /// An observer that records what it was told.
    #[derive(Default)]
    pub(in crate::engine) struct Recorder(pub(in crate::engine) Vec<Event>);

    impl Observer<'_> for Recorder {
        fn wants_reads(&self) -> bool {
            true
        }

        fn step(
            &mut self,
            _: &Stores<'_, '_>,
            step: &Step,
            index: usize,
            ran: &Ran<'_>,
        ) -> Observed {
            self.0.push(Event::Step(index, step.clone(), ran.reads.to_vec()));
            Ok(0)
        }

        fn returned(&mut self, _: &Stores<'_, '_>, step: &Step, index: usize) -> Observed {
            self.0.push(Event::Returned(index, step.clone()));
            Ok(0)
        }

        fn end(&mut self, _: &engine::RunResult<'_>) {
            self.0.push(Event::End);
        }
    }

    /// Calls `each` with every bundled flow's registry, the bundled fixtures, a request for the
    /// flow with each of four input sets, and words naming the two.
    pub(crate) fn each_bundled_request(
        mut each: impl FnMut(&Registry, &crate::fixtures::FixtureStore, &engine::RunRequest, String),
    ) {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let fixtures = crate::fixtures::FixtureStore::load(
            &["contacts.json", "queues.json", "data-actions.json"]
                .map(|f| root.join("fixtures/data").join(f)),
        )
        .expect("bundled fixtures load");
        for dir in ["fixtures/flows", "fixtures/flows-bench", "fixtures/archy/flows"] {
            let Some(reg) = Registry::load_dir(&root.join(dir)).registry else { continue };
            for flow in reg.flows() {
                for inputs in [&[][..], &["1"], &["2", "123456"], &["timeout", "1"]] {
                    let request: engine::RunRequest = serde_json::from_value(serde_json::json!({
                        "flowId": &*flow.id,
                        "inputs": inputs,
                        "context": { "from": "+15551234567", "to": "+18005550100" },
                        "variables": { "Flow.iterations": 12 },
                    }))
                    .expect("a valid request");
                    each(&reg, &fixtures, &request, format!("{} {inputs:?}", flow.name));
                }
            }
        }
    }

    #[test]
    fn an_observer_is_told_every_step_once_in_order_and_each_call_once_its_callee_returned() {
        let mut calls = 0;
        each_bundled_request(|reg, fixtures, request, what| {
            let options = RunOptions { record_reads: true, ..RunOptions::default() };
            let Ok(plain) = engine::Run::new(reg, fixtures, request).options(options).result()
            else {
                return;
            };
            let mut seen = Recorder::default();
            let observed = engine::Run::new(reg, fixtures, request)
                .observer(&mut seen)
                .go()
                .expect("runs as the plain run did");
            assert!(observed.write_error.is_none());
            assert_eq!(
                serde_json::to_string(&observed.result).unwrap(),
                serde_json::to_string(&plain).unwrap(),
                "an observer changes nothing: {what}"
            );
            let events = &seen.0;
            assert_eq!(events.last(), Some(&Event::End), "{what}");
            let steps: Vec<usize> = events
                .iter()
                .filter_map(|e| if let Event::Step(i, ..) = e { Some(*i) } else { None })
                .collect();
            assert_eq!(steps, (0..plain.trace.len()).collect::<Vec<_>>(), "{what}");
            let at = |want: &dyn Fn(&Event) -> bool| events.iter().position(want);
            for (k, e) in events.iter().enumerate() {
                match e {
                    Event::Step(i, step, reads) => {
                        let read: Vec<_> = plain.reads_of(*i).cloned().collect();
                        assert_eq!(reads, &read, "{what} step {i}");
                        if step.edge != Edge::Open {
                            assert_eq!(step, &plain.trace[*i], "{what} step {i}");
                            continue;
                        }
                        // A call: its final record comes once, after its callee's
                        // steps and before the caller's next step.
                        let back = at(&|e| matches!(e, Event::Returned(j, _) if j == i))
                            .expect("every call returns or ends open");
                        let Event::Returned(_, last) = &events[back] else { unreachable!() };
                        assert_eq!(last, &plain.trace[*i], "{what} call {i}");
                        assert!(back > k);
                        let depth = step.depth;
                        let next =
                            (i + 1..plain.trace.len()).find(|&j| plain.trace[j].depth <= depth);
                        if let (Some(j), true) = (next, last.edge != Edge::Open) {
                            let stepped = at(&|e| matches!(e, Event::Step(n, ..) if *n == j));
                            assert!(stepped.is_some_and(|s| s > back), "{what} call {i}");
                            calls += 1;
                        }
                    }
                    Event::Returned(i, _) => {
                        let first = events
                            .iter()
                            .filter(|e| matches!(e, Event::Returned(j, _) if j == i))
                            .count();
                        assert_eq!(first, 1, "{what} call {i}");
                    }
                    Event::End => assert_eq!(k, events.len() - 1),
                }
            }
        });
        assert!(calls > 10, "only {calls} calls returned");
    }
}
