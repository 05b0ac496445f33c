//! Running a flow one node at a time, for the debugger (`flowsim debug`, docs/debug.md).
//!
//! A [`Stepper`] is the same machine [`super::Run`] drives, paused between nodes: before each
//! node it can say where the run is ([`Stepper::at`], [`Stepper::stack`]), evaluate an
//! expression in that node's scope, and write a variable ([`Stepper::set_variable`]). It never
//! goes back: runs are deterministic, so the debugger returns to an earlier step by starting a
//! new stepper with the same request and doing the same things at the same steps.
//!
//! A stepped run is the run: the request is prepared as every run's is, the run starts with
//! the loop's `Machine::settle` and each [`Stepper::step`] is one `Machine::run_step`, the run
//! loop's body (the node, the observer told, a wait for input, flow ends, limits), so a
//! stepper left to step to the end takes the steps [`super::Run`] takes with the same
//! options, and its observer (if any) is told what a run's is. Zero cost for every other run:
//! the loop has no branch for the stepper. It runs with `RunOptions::pause_for_input` (live
//! sessions' option, `engine::events`), so a step that wants an input the request does not
//! have stops the run, undone ([`Stepper::waits`]).

use super::machine::{Machine, Next};
use super::request::RequestError;
use super::result::{RunResult, Status};
use super::{Finished, Observer, RunOptions, RunRequest};
use crate::expr::{EvalError, Expr, Value};
use crate::fixtures::FixtureStore;
use crate::flow::{FlowIdx, NodeIdx, Registry};

/// A value [`Stepper::set_declared`] cannot convert to the variable's declared type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("a {got}{} value cannot be stored in a variable declared `{declared}`", if *collection { " collection" } else { "" })]
pub struct SetRefused {
    /// The declared type, as the flow spells it.
    pub declared: Arc<str>,
    /// The value's type name (`String`, `Integer`).
    pub got: &'static str,
    pub collection: bool,
}
use std::sync::Arc;

/// A run paused between nodes.
pub struct Stepper<'r, 'f> {
    machine: Machine<'r, 'f>,
    /// The node about to run; `None` once the run ended.
    next: Option<NodeIdx>,
    top: FlowIdx,
}

/// One level of the run's call stack, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// The flow (or common module, or bot flow) running at this level.
    pub flow: FlowIdx,
    /// The caller's node that called it (`None` for the top flow).
    pub called_from: Option<NodeIdx>,
    /// Reusable tasks called (`callTask`) and not yet returned, in this flow.
    pub tasks: usize,
}

impl<'r, 'f> Stepper<'r, 'f> {
    /// A run of `request` paused before its first node. Refuses what [`super::Run::go`] refuses.
    pub fn new(
        registry: &'r Registry,
        fixtures: &'f FixtureStore,
        request: &RunRequest,
    ) -> Result<Self, RequestError> {
        Self::start(registry, fixtures, request, None)
    }

    /// [`new`](Self::new), `observer` told what happens as the run goes, as
    /// a [`super::Run`]'s is (`engine::observe`): each step, each call that returned,
    /// the end (at [`into_finished`](Self::into_finished)).
    pub fn observed(
        registry: &'r Registry,
        fixtures: &'f FixtureStore,
        request: &RunRequest,
        observer: &'f mut dyn Observer<'r>,
    ) -> Result<Self, RequestError> {
        Self::start(registry, fixtures, request, Some(observer))
    }

    fn start(
        registry: &'r Registry,
        fixtures: &'f FixtureStore,
        request: &RunRequest,
        observer: Option<&'f mut dyn Observer<'r>>,
    ) -> Result<Self, RequestError> {
        let prepared = super::run::prepare(registry, fixtures, request)?;
        let (start, top) = (prepared.start, prepared.flow);
        let options = RunOptions { pause_for_input: true, ..RunOptions::default() };
        let mut machine = Machine::ready(registry, fixtures, prepared, options, None, observer);
        let next = machine.settle(Next::Node(start), top);
        Ok(Stepper { machine, next, top })
    }

    /// The flow and node about to run, or `None` when the run ended.
    pub fn at(&self) -> Option<(FlowIdx, NodeIdx)> {
        self.next.map(|n| (self.machine.cx.flowing.frame().flow, n))
    }

    /// Runs the node [`at`](Self::at) names, and whatever ends after it (flows, tasks), up to
    /// the next node or the run's end: one turn of the run loop (`Machine::run_step`). Nothing
    /// when the run ended.
    pub fn step(&mut self) {
        if let Some(n) = self.next.take() {
            self.next = self.machine.run_step(n, self.top);
        }
    }

    /// The version of the flows the run runs (draft or published).
    pub fn version(&self) -> crate::flow::Version {
        self.machine.cx.run.version
    }

    /// The steps taken so far.
    pub fn steps(&self) -> usize {
        self.machine.cx.step.trace.len()
    }

    /// The step just taken (its node, and the way it left it), `None` before the first: the
    /// debugger stops after a step that took its failure path.
    pub fn last(&self) -> Option<&super::result::Step> {
        self.machine.cx.step.trace.last()
    }

    /// How many of the request's inputs the run took so far.
    pub fn inputs_taken(&self) -> usize {
        self.machine.cx.input.heard.next
    }

    /// Whether the last step wanted an input the request did not have. As in every run with
    /// `RunOptions::pause_for_input`, that step is undone (left out of the trace, its prompts
    /// unsaid, the clock back) and the run ended with status `waiting`: the debugger starts
    /// over to before that step and asks for the input.
    pub fn waits(&self) -> bool {
        self.machine.cx.input.live.waiting.is_some()
    }

    /// The call stack, outermost first: flows called, common modules, bot flows, each with the
    /// reusable tasks it is inside.
    pub fn stack(&self) -> Vec<Level> {
        self.machine
            .cx
            .flowing
            .frames
            .iter()
            .map(|f| Level {
                flow: f.flow,
                called_from: f.call.map(|(node, _)| node),
                tasks: f.arch.returns.len(),
            })
            .collect()
    }

    /// The `callTask` actions of level `level` of [`stack`](Self::stack) whose reusable tasks
    /// have not returned yet, outermost first (empty for a level there is not).
    pub fn task_calls(&self, level: usize) -> Vec<NodeIdx> {
        self.machine
            .cx
            .flowing
            .frames
            .get(level)
            .map(|f| f.arch.returns.iter().map(|r| r.call).collect())
            .unwrap_or_default()
    }

    /// How deep the run is: flows called plus reusable tasks called, over every level. A step
    /// "over" a call ends when the depth comes back to where it was.
    pub fn depth(&self) -> usize {
        self.machine.cx.flowing.frames.iter().map(|f| 1 + f.arch.returns.len()).sum()
    }

    /// Evaluates `expr` in the scope of the node about to run (variables, node outputs, the
    /// context, the virtual clock), or of the last node once the run ended. The run goes on as
    /// if it had not been asked: what it reads is no step's read (the observer is not told of
    /// it), `Random` gives the run's next number without taking it, and the work it does is
    /// bounded by what is left of the run's work budget without spending it.
    pub fn eval(&self, expr: &Expr) -> Result<Value, Box<EvalError>> {
        let node =
            self.next.or_else(|| self.machine.cx.step.trace.last().map(|s| s.node)).unwrap_or(0);
        self.machine.eval_aside(self.machine.cx.flowing.frames.len().saturating_sub(1), node, expr)
    }

    /// [`eval`](Self::eval) at node `node` of level `level` of [`stack`](Self::stack) (a
    /// caller's `callTask`, or the action that called a flow or module): with the variables
    /// [`variables_at`](Self::variables_at) gives for that level and its flow's node outputs.
    /// The innermost level when `level` is past it.
    pub fn eval_at(
        &self,
        level: usize,
        node: NodeIdx,
        expr: &Expr,
    ) -> Result<Value, Box<EvalError>> {
        self.machine.eval_aside(level, node, expr)
    }

    /// Whether a flow of the registry reads or writes the variable `name`, or the run has
    /// assigned it (a request's preset).
    pub fn knows_variable(&self, name: &str) -> bool {
        let lower = crate::util::fold_case(name);
        self.machine.cx.run.reg.var_table().get(&lower).is_some()
            || self.machine.cx.flowing.vars.get(&lower).is_some()
    }

    /// The variable names the registry's flows use (lower-cased), for suggestions.
    pub fn variable_names(&self) -> Vec<Arc<str>> {
        let table = self.machine.cx.run.reg.var_table();
        (0..table.len()).map(|id| table.name(id as crate::expr::VarId).clone()).collect()
    }

    /// Assigns variable `name` in the current scope's store (a common module has its own), as
    /// a Set would at this point of the run.
    pub fn set_variable(&mut self, name: &str, value: Value) {
        let lower = crate::util::fold_case(name);
        self.machine.cx.flowing.vars.set(&lower, &Arc::from(name), value);
    }

    /// The Architect type the flow being run declares for variable `name` (`decimal`,
    /// `stringCollection`, ...), or, when it declares none, the first flow of the registry
    /// that does; `None` for an undeclared variable (the seeds' JSON flows declare none).
    pub fn declared_type(&self, name: &str) -> Option<Arc<str>> {
        let lower = crate::util::fold_case(name);
        let reg = self.machine.cx.run.reg;
        let current = self.machine.cx.flowing.frame().flow;
        let find = |f: FlowIdx| {
            reg.flow(f).arch.variables.iter().find(|d| *d.var.lower == *lower).map(|d| d.ty.clone())
        };
        find(current).or_else(|| (0..reg.len()).find_map(|i| find(i as FlowIdx)))
    }

    /// `value` as Update Data would write it into variable `name`: converted to the declared
    /// type (an Integer into a Decimal variable is a Decimal, a number into a String variable
    /// its text), or refused when it cannot be, with the value's type and the declared one.
    /// NOT_SET fits any type; an undeclared variable takes any value.
    pub fn convert_for(&self, name: &str, value: Value) -> Result<Value, SetRefused> {
        Ok(match self.declared_type(name) {
            None => value,
            Some(ty) => {
                let value = super::arch::coerce(&ty.to_ascii_lowercase(), value);
                let want = crate::expr::types::Ty::parse(&ty);
                let got = crate::expr::types::Ty::of_value(&value);
                let fits = match want {
                    None => true,
                    Some(w) => {
                        !got.is_known()
                            || w.is_unknown()
                            || (w.collection == got.collection
                                && (w.base == got.base
                                    || got.base == crate::expr::types::Base::Unknown))
                    }
                };
                if !fits {
                    let declared = want.map_or(ty, |w| {
                        let base = w.base.name();
                        Arc::from(if w.collection {
                            format!("{base} Collection")
                        } else {
                            base.to_owned()
                        })
                    });
                    return Err(SetRefused {
                        declared,
                        got: got.base.name(),
                        collection: got.collection,
                    });
                }
                value
            }
        })
    }

    /// The variables of the current scope's store, in order of first assignment.
    pub fn variables(&self) -> Vec<(Arc<str>, Value)> {
        self.machine.cx.flowing.vars.list()
    }

    /// The variables level `level` of [`stack`](Self::stack) sees, in order of first
    /// assignment: the current store for the innermost level and every level that shares it;
    /// for a level below a common module, the caller's store the module's frame set aside
    /// (a module runs with variables of its own). Empty for a level there is not.
    pub fn variables_at(&self, level: usize) -> Vec<(Arc<str>, Value)> {
        if level >= self.machine.cx.flowing.frames.len() {
            return Vec::new();
        }
        // The first frame above `level` that set a store aside holds the one `level` sees.
        let saved = self
            .machine
            .cx
            .flowing
            .frames
            .iter()
            .skip(level + 1)
            .find_map(|f| f.saved_vars.as_ref());
        saved.map_or_else(|| self.machine.cx.flowing.vars.list(), super::scope::Vars::list)
    }

    /// The result so far: the trace up to here, prompts, variables. A run that has not ended
    /// stops here, with status `stepLimit` (it stopped where the debugger paused it).
    pub fn into_result(self) -> RunResult<'r> {
        self.into_finished().result
    }

    /// [`into_result`](Self::into_result), with the error the observer failed with, if any
    /// (the run stopped there, with status `failed`); the observer is told the run ended.
    pub fn into_finished(mut self) -> Finished<'r> {
        if self.next.take().is_some() {
            self.machine.settle(Next::Stop(Status::StepLimit, None), self.top);
        }
        let write_error = self.machine.watch.observe.error.take();
        Finished { result: self.machine.finish(), write_error, steered: super::Steered::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::Stepper;
    use crate::engine::observe::tests::{each_bundled_request, Recorder};
    use crate::engine::{self, RunOptions};
    use crate::flow::Registry;

    /// A stepped run is the run: every bundled flow, stepped to its end one node at a time as
    /// the debugger steps it, takes the steps a run of the same request takes (the same trace,
    /// byte for byte the same result), and its observer is told what a run's is.
    #[test]
    fn a_stepped_run_takes_the_steps_a_run_takes_and_its_observer_is_told_the_same() {
        let (mut runs, mut waits) = (0, 0);
        each_bundled_request(|reg, fixtures, request, what| {
            // The debugger's runs wait for an input the request lacks.
            let options = RunOptions { pause_for_input: true, ..RunOptions::default() };
            let Ok(run) = engine::Run::new(reg, fixtures, request).options(options).result() else {
                assert!(Stepper::new(reg, fixtures, request).is_err(), "{what}");
                return;
            };
            let mut stepper = Stepper::new(reg, fixtures, request).expect("starts");
            while stepper.at().is_some() {
                stepper.step();
            }
            assert_eq!(stepper.waits(), run.waiting.is_some(), "{what}");
            let stepped = stepper.into_result();
            assert_eq!(stepped.trace, run.trace, "the same steps: {what}");
            assert_eq!(
                serde_json::to_string(&stepped).unwrap(),
                serde_json::to_string(&run).unwrap(),
                "the same result: {what}"
            );
            if run.waiting.is_none() {
                // Waiting for nothing, it is the plain run.
                let plain = engine::Run::new(reg, fixtures, request).result().expect("runs");
                assert_eq!(stepped.trace, plain.trace, "{what}");
            } else {
                waits += 1;
            }

            let mut told = Recorder::default();
            engine::Run::new(reg, fixtures, request)
                .options(options)
                .observer(&mut told)
                .go()
                .expect("runs");
            let mut seen = Recorder::default();
            let mut stepper = Stepper::observed(reg, fixtures, request, &mut seen).expect("starts");
            // The debugger evaluates between steps (a breakpoint's condition): no
            // step read that.
            let probe = crate::expr::parse("Call.Ani").expect("parses");
            while stepper.at().is_some() {
                let _ = stepper.eval(&probe);
                stepper.step();
            }
            let observed = stepper.into_finished();
            assert!(observed.write_error.is_none());
            assert_eq!(seen.0, told.0, "the observer is told the same: {what}");
            runs += 1;
        });
        assert!(runs > 40 && waits > 10, "only {runs} runs, {waits} waiting");
    }

    /// A stepper stopped before the run's end ends there: its result, and what its observer is
    /// told, are those of a run whose step limit is the steps taken, but for the limit's error
    /// (the debugger paused it; nothing went wrong).
    #[test]
    fn a_stepper_stopped_early_is_a_run_that_hit_its_step_limit_there() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let reg = Registry::load_dir(&root.join("fixtures/archy/flows")).registry.expect("loads");
        let fixtures =
            crate::fixtures::FixtureStore::load(&[root.join("fixtures/archy/data/acme.yaml")])
                .expect("fixtures load");
        let request = |max: Option<u64>| -> engine::RunRequest {
            serde_json::from_value(serde_json::json!({
                "flowName": "Acme Main IVR",
                "context": { "startTime": "2026-01-06T15:00:00Z" },
                "inputs": ["1", "123456"],
                "maxSteps": max,
            }))
            .expect("a valid request")
        };
        for at in [1, 5, 9] {
            let mut seen = Recorder::default();
            let mut stepper =
                Stepper::observed(&reg, &fixtures, &request(None), &mut seen).expect("starts");
            for _ in 0..at {
                stepper.step();
            }
            let stepped = stepper.into_finished().result;
            let mut told = Recorder::default();
            let options = RunOptions { pause_for_input: true, ..RunOptions::default() };
            let mut run = engine::Run::new(&reg, &fixtures, &request(Some(at)))
                .options(options)
                .observer(&mut told)
                .go()
                .expect("runs")
                .result;
            assert_eq!(run.error.take().map(|e| e.kind), Some(crate::kind::ErrorKind::StepLimit));
            assert_eq!(stepped.status, engine::Status::StepLimit, "{at}");
            assert_eq!(stepped.trace.len(), at as usize);
            assert_eq!(
                serde_json::to_string(&stepped).unwrap(),
                serde_json::to_string(&run).unwrap(),
                "{at}"
            );
            assert_eq!(seen.0, told.0, "{at}");
        }
    }

    /// The debugger's evaluations leave the run as it was and are bounded as a run is: an
    /// expression past what is left of the run's work budget fails with `budget` (it is not
    /// unbounded because no step is running), `Random` gives the run's next number without
    /// taking it, and a stepped run asked things between its steps ends with the result of one
    /// that was not.
    #[test]
    fn an_evaluation_is_bounded_by_the_work_budget_and_leaves_the_run_as_it_was() {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let reg = Registry::load_dir(&root.join("fixtures/archy/flows")).registry.expect("loads");
        let fixtures =
            crate::fixtures::FixtureStore::load(&[root.join("fixtures/archy/data/acme.yaml")])
                .expect("fixtures load");
        let request: engine::RunRequest = serde_json::from_value(serde_json::json!({
            "flowName": "Acme Main IVR",
            "context": { "startTime": "2026-01-06T15:00:00Z" },
            "inputs": ["1", "123456"],
            "budgets": { "work": 5000 },
        }))
        .expect("a valid request");
        let expr = |text: &str| crate::expr::parse(text).expect("parses");
        // 10 × 10 × 10 × 10 = 10,000 characters, past the 5,000 units the run has.
        let grow = expr(
            r#"Replace(Replace(Replace("aaaaaaaaaa", "a", "aaaaaaaaaa"), "a", "aaaaaaaaaa"), "a", "aaaaaaaaaa")"#,
        );
        let random = expr("Random(1000000)");

        let mut asked = Stepper::new(&reg, &fixtures, &request).expect("starts");
        while asked.at().is_some() {
            let err = asked.eval(&grow).expect_err("past the work budget");
            assert_eq!(err.kind, crate::kind::ErrorKind::Budget, "{err:?}");
            let first = asked.eval(&random).expect("evaluates");
            assert_eq!(asked.eval(&random).expect("evaluates"), first, "not taken");
            assert!(asked.eval(&expr("Length(\"short\")")).is_ok(), "within the budget");
            asked.step();
        }
        let asked = asked.into_result();
        let mut plain = Stepper::new(&reg, &fixtures, &request).expect("starts");
        while plain.at().is_some() {
            plain.step();
        }
        assert_eq!(
            serde_json::to_string(&asked).unwrap(),
            serde_json::to_string(&plain.into_result()).unwrap(),
            "the same run"
        );
    }
}
