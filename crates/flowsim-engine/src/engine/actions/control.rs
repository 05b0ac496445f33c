//! Decisions, switches, loops, menus' own choices, tasks, states, modules, outcomes, waits.

use super::super::cx::LoopState;
use super::super::cx::{Cx, Eval, Sets};
use super::super::did::Did;
use crate::expr::{Ty, Value};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::control::{out, prop};
use crate::flow::registry::Want;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

impl Eval<'_, '_, '_> {
    /// The Boolean a condition gives, converted as Architect converts it (`ToBool` of a number
    /// or text); NOT_SET is error `notSet`, a type Architect refuses (a Duration) `typeMismatch`.
    fn condition(&mut self, n: NodeIdx, p: &Prop, what: &str) -> Result<bool, Did> {
        match super::converted(self.value_of(n, p)?, Ty::BOOLEAN, &what)? {
            Value::Bool(b) => Ok(b),
            Value::NotSet => Err(Did::fail(ErrorKind::NotSet, format!("{what} is NOT_SET"))),
            other => Err(Did::fail(
                ErrorKind::TypeMismatch,
                format!("{what} is {}, not Boolean", other.ty()),
            )),
        }
    }

    pub(super) fn decision(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.condition(n, a.get(prop::DECISION_CONDITION), "the decision's condition") {
            Ok(true) => super::out(a, out::YES),
            Ok(false) => super::out(a, out::NO),
            Err(did) => did,
        }
    }

    /// `switch`: exits are `default`, then a case each. With an `expression` (first match) the
    /// first case whose value equals it (as `==` compares: NOT_SET equals only NOT_SET), else
    /// the first case whose value is true (first true).
    pub(super) fn switch(&mut self, n: NodeIdx, a: &Action) -> Did {
        // The loaders leave the cases unread for an evaluation style flowsim does not run.
        if a.get(prop::SWITCH_CASES).is_none() {
            return Did::fail(
                ErrorKind::Unsupported,
                "this switch's evaluation style is not one flowsim runs (first true or first match)".into(),
            );
        }
        let expression = a.get(prop::SWITCH_EXPRESSION);
        if !expression.is_none() {
            let wanted = match self.value_of(n, expression) {
                Ok(v) => v,
                Err(did) => return did,
            };
            for (i, case) in a.get(prop::SWITCH_CASES).list().iter().enumerate() {
                match self.value_of(n, Prop::field(case, prop::CASE_VALUE)) {
                    Ok(v) if crate::expr::eval::values_equal(&wanted, &v) => {
                        return Did::Output(i as u16 + 1)
                    }
                    Ok(_) => {}
                    Err(did) => return did,
                }
            }
            return super::out(a, out::SWITCH_DEFAULT);
        }
        for (i, case) in a.get(prop::SWITCH_CASES).list().iter().enumerate() {
            let value = Prop::field(case, prop::CASE_VALUE);
            match self.condition(n, value, &format!("case {}", i + 1)) {
                Ok(true) => return Did::Output(i as u16 + 1),
                Ok(false) => {}
                Err(did) => return did,
            }
        }
        super::out(a, out::SWITCH_DEFAULT)
    }

    /// `loop`: the first visit starts at index 0; the body's end and `loopNext` come back here
    /// for the next index; past `loopCount` the run goes on after the loop.
    pub(super) fn run_loop(&mut self, n: NodeIdx, a: &Action) -> Did {
        // An Integer, or what Architect converts to one (`ToInt`).
        let count = match self.value(n, a, prop::LOOP_COUNT) {
            Ok(Value::Int(c)) => c,
            Ok(Value::NotSet) => {
                return Did::fail(ErrorKind::NotSet, "the loop's loopCount is NOT_SET".into())
            }
            Ok(other) => {
                return Did::fail(
                    ErrorKind::TypeMismatch,
                    format!("the loop's loopCount is {}, not Integer", other.ty()),
                )
            }
            Err(did) => return did,
        };
        let state = &mut self.flowing.frames.last_mut().expect("a frame").arch;
        let index = match state.loops.last_mut() {
            Some(l) if l.node == n => {
                l.index += 1;
                l.index
            }
            _ => {
                state.loops.retain(|l| l.node != n);
                state.loops.push(LoopState { node: n, index: 0 });
                0
            }
        };
        if index >= count {
            state.loops.pop();
            return Did::Success;
        }
        if let Some(var) = a.get(prop::LOOP_INDEX).var() {
            self.write_var(var, Value::Int(index));
        }
        super::out(a, out::LOOP)
    }

    /// `loopUntil`: at each arrival (the first, and each time the body ends or a Next Loop
    /// comes back), the until cases are evaluated in order and the first that holds ends the
    /// loop along its own output; else the next pass runs (its index, 0-based, written to
    /// `currentIndex`), unless `maxLoopCount` passes have run: then the run goes on after the
    /// action, as a Loop's does at its count. So a case is checked before the first pass and
    /// after every pass, the last one included (docs/architect.md §4).
    pub(super) fn loop_until(&mut self, n: NodeIdx, a: &Action) -> Did {
        let max = match self.value(n, a, prop::UNTIL_MAX) {
            Ok(Value::Int(c)) => c.min(crate::flow::catalogue::control::MAX_LOOP_UNTIL),
            Ok(Value::NotSet) => {
                return Did::fail(
                    ErrorKind::NotSet,
                    "the Loop Until's maxLoopCount is NOT_SET".into(),
                )
            }
            Ok(other) => {
                return Did::fail(
                    ErrorKind::TypeMismatch,
                    format!("the Loop Until's maxLoopCount is {}, not Integer", other.ty()),
                )
            }
            Err(did) => return did,
        };
        let done = match self.flowing.frame().arch.loops.last() {
            Some(l) if l.node == n => Some(l.index),
            _ => None,
        };
        for (i, case) in a.get(prop::UNTIL_CASES).list().iter().enumerate() {
            let value = Prop::field(case, prop::UNTIL_VALUE);
            match self.condition(n, value, &format!("until case {}", i + 1)) {
                Ok(true) => {
                    self.end_loop(n);
                    return Did::Output(out::UNTIL_LOOP.index() as u16 + 1 + i as u16);
                }
                Ok(false) => {}
                Err(did) => return did,
            }
        }
        let index = done.map_or(0, |d| d + 1);
        if index >= max {
            self.end_loop(n);
            return Did::Success;
        }
        let state = &mut self.flowing.frames.last_mut().expect("a frame").arch;
        match state.loops.last_mut() {
            Some(l) if l.node == n => l.index = index,
            _ => {
                state.loops.retain(|l| l.node != n);
                state.loops.push(LoopState { node: n, index });
            }
        }
        if let Some(var) = a.get(prop::UNTIL_INDEX).var() {
            self.write_var(var, Value::Int(index));
        }
        super::out(a, out::UNTIL_LOOP)
    }

    /// Loop `n` ends: its state goes (when it ran a pass).
    fn end_loop(&mut self, n: NodeIdx) {
        let loops = &mut self.flowing.frames.last_mut().expect("a frame").arch.loops;
        if loops.last().is_some_and(|l| l.node == n) {
            loops.pop();
        }
    }

    /// A loop whose way out `flowsim explore` forced (`engine::steer`): into the body where the
    /// loop had ended, the body runs as the loop's last iteration (Next Loop and Exit Loop in it
    /// find the loop; the loop ends when the body does); out where it had another iteration
    /// (after it, or a Loop Until's case), the loop is left as Exit Loop leaves it.
    pub(in super::super) fn forced_loop(&mut self, n: NodeIdx, did: &Did) {
        let op = self.flowing.frame().graph.node(n).action.spec().op;
        if !matches!(op, crate::flow::catalogue::Op::Loop | crate::flow::catalogue::Op::LoopUntil) {
            return;
        }
        let loops = &mut self.flowing.frames.last_mut().expect("a frame").arch.loops;
        let here = loops.last().is_some_and(|l| l.node == n);
        match did {
            // Output 0 is the body (a Loop's only output; a Loop Until's cases follow it).
            Did::Output(0) if !here => loops.push(LoopState { node: n, index: i64::MAX - 1 }),
            Did::Success | Did::Output(1..) if here => {
                loops.pop();
            }
            _ => {}
        }
    }

    pub(super) fn loop_next(&mut self, n: NodeIdx) -> Did {
        match self.flowing.frame().arch.loops.last() {
            Some(l) => Did::Goto(l.node),
            None => Did::fail(
                ErrorKind::Unsupported,
                format!(
                    "`{}` (Next Loop) runs outside a loop",
                    self.flowing.frame().graph.node(n).id
                ),
            ),
        }
    }

    pub(super) fn loop_exit(&mut self, n: NodeIdx) -> Did {
        let state = &mut self.flowing.frames.last_mut().expect("a frame").arch;
        match state.loops.pop() {
            Some(l) => Did::After(l.node),
            None => Did::fail(
                ErrorKind::Unsupported,
                format!(
                    "`{}` (Exit Loop) runs outside a loop",
                    self.flowing.frame().graph.node(n).id
                ),
            ),
        }
    }

    /// `menuRepeat`: the menu plays again.
    pub(super) fn repeat_menu(&mut self, n: NodeIdx) -> Did {
        let graph = self.flowing.frame().graph;
        let c = graph.node(n).container;
        let flow = self.run.reg.flow(self.flowing.frame().flow);
        match flow.arch.containers.get(c as usize).and_then(|c| c.start) {
            Some(start) => Did::Goto(start),
            None => Did::Success,
        }
    }

    /// `menuPreviousMenu`: back to the menu this one was entered from.
    pub(super) fn previous_menu(&mut self, n: NodeIdx) -> Did {
        let previous = self.flowing.frames.last_mut().expect("a frame").arch.menus.pop();
        let flow = self.run.reg.flow(self.flowing.frame().flow);
        match previous.and_then(|m| flow.arch.containers.get(m as usize)).and_then(|c| c.start) {
            Some(start) => Did::Goto(start),
            None => self.repeat_menu(n),
        }
    }

    /// `callTask`: the values of the called task's input variables, evaluated here, in the
    /// caller (see `engine::arch::call_task`).
    pub(super) fn call_task_inputs(&mut self, n: NodeIdx, a: &Action) -> Did {
        let mut inputs = Vec::new();
        for (name, p) in a.get(prop::CALL_TASK_INPUTS).map() {
            match self.value_of(n, p) {
                Ok(v) => inputs.push((name.clone(), v)),
                Err(did) => return did,
            }
        }
        Did::CallTask(Box::new(inputs))
    }
}

// What sets the conversation: the flow's outcomes and milestones, how a workflow ends, a
// common module's data action (its mock's use counted).
impl Sets<'_, '_, '_> {
    pub(super) fn end_workflow(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.eval().value(n, a, prop::EXIT_REASON) {
            Ok(reason) => {
                self.talk.arch.exit_reason = Some(reason);
                Did::Stop(super::super::result::Status::Completed)
            }
            Err(did) => did,
        }
    }

    /// `callCommonModule`: resolved by name in the registry; inputs evaluated here, in the
    /// caller (see `engine::arch::call_module`).
    pub(super) fn call_common_module(&mut self, n: NodeIdx, a: &Action) -> Did {
        let Some(name) = a.get(prop::MODULE_NAME).text().cloned() else {
            return Did::fail(ErrorKind::FlowNotFound, "the module call names no module".into());
        };
        let Ok(callee) = self.run.reg.find(&name, Want::of_action(a.spec())) else {
            // Replaying execution data: a module the user does not have gives the outputs the
            // recording saw (a fixtures overlay under `commonModule:NAME`, one answer a call).
            let key = format!("{}{name}", crate::engine::RECORDED_MODULE_PREFIX);
            if let crate::fixtures::DataActionAnswer::Outputs { outputs, .. } =
                self.run.fixtures.data_action(&key, &[], &mut self.talk.usage.data_actions)
            {
                let outputs_to = a.get(prop::MODULE_OUTPUTS);
                self.eval().bind_outputs(n, outputs_to, |k| super::data::member_path(&outputs, k));
                return Did::Success;
            }
            return Did::fail(
                ErrorKind::FlowNotFound,
                format!("common module `{name}` is not among the loaded flows"),
            );
        };
        let mut inputs = Vec::new();
        for (key, p) in a.get(prop::MODULE_INPUTS).map() {
            match self.eval().value_of(n, p) {
                Ok(v) => inputs.push((key.clone(), v)),
                Err(did) => return did,
            }
        }
        Did::CallModule(Box::new((callee, inputs)))
    }

    pub(super) fn set_flow_outcome(&mut self, n: NodeIdx, a: &Action) -> Did {
        let name = match self.eval().value(n, a, prop::FLOW_OUTCOME) {
            Ok(v) => Arc::<str>::from(v.display()),
            Err(did) => return did,
        };
        // "The string values in ArchEnums#FLOW_OUTCOMES are the valid values" (the Scripting
        // SDK's `setFlowOutcomeValue`): `SUCCESS` and `FAILURE`, which `check` reads in any
        // case; the outcome records them as Architect writes them.
        let value = match self.eval().value(n, a, prop::FLOW_OUTCOME_VALUE) {
            Ok(Value::Str(s)) if s.eq_ignore_ascii_case("success") => Value::str("SUCCESS"),
            Ok(Value::Str(s)) if s.eq_ignore_ascii_case("failure") => Value::str("FAILURE"),
            Ok(v) => v,
            Err(did) => return did,
        };
        set_pair(&mut self.talk.arch.outcomes, name, value);
        Did::Success
    }

    pub(super) fn initialize_flow_outcome(&mut self, n: NodeIdx, a: &Action) -> Did {
        let name = match self.eval().value(n, a, prop::FLOW_OUTCOME) {
            Ok(v) => Arc::<str>::from(v.display()),
            Err(did) => return did,
        };
        set_pair(&mut self.talk.arch.outcomes, name, Value::str(super::super::arch::INITIALIZED));
        Did::Success
    }

    pub(super) fn add_flow_milestone(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.eval().value(n, a, prop::MILESTONE) {
            Ok(v) => {
                self.talk.arch.milestones.push(Arc::from(v.display()));
                Did::Success
            }
            Err(did) => did,
        }
    }
}

// Wait lets time pass.
impl Cx<'_, '_> {
    /// `wait`: the virtual clock moves on by the duration.
    /// Wait: the virtual clock moves by `duration`. In the flow types whose running time
    /// Genesys caps (72 hours; one hour for a survey invite), a wait that would end past the
    /// cap ends there in error handling (`maxRunningTime`), unless
    /// `trimDurationNearMaxRunningTime` is true: then it ends one second before the cap and the
    /// flow goes on ("Wait action").
    pub(super) fn wait(&mut self, n: NodeIdx, a: &Action) -> Did {
        let ms = match self.eval().value(n, a, prop::WAIT_DURATION) {
            Ok(v) => match super::duration_ms(&v, 0) {
                Ok(ms) => ms,
                Err(did) => return did,
            },
            Err(did) => return did,
        };
        let top = self.flowing.frames.first().map_or(self.flowing.frame().flow, |f| f.flow);
        let Some((cap, cap_text)) = max_running_time(&self.run.reg.flow(top).flow_type) else {
            self.clock.advance(ms);
            return Did::Success;
        };
        let left = cap.saturating_sub(self.clock.elapsed());
        if ms <= left {
            self.clock.advance(ms);
            return Did::Success;
        }
        let trim = match self.eval().value(n, a, prop::WAIT_TRIM) {
            Ok(v) => matches!(v, Value::Bool(true)),
            Err(did) => return did,
        };
        if trim {
            self.clock.advance(left.saturating_sub(1_000));
            return Did::Success;
        }
        self.clock.advance(left);
        Did::fail(
            ErrorKind::MaxRunningTime,
            format!(
                "the wait would end past the flow's maximum running time of {cap_text} \
                 (trimDurationNearMaxRunningTime is not true)"
            ),
        )
    }
}

/// Sets `name` in an ordered list of pairs (names compare case-insensitively).
pub(super) fn set_pair<V>(list: &mut Vec<(Arc<str>, V)>, name: Arc<str>, value: V) {
    match list.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(&name)) {
        Some(slot) => slot.1 = value,
        None => list.push((name, value)),
    }
}

/// The longest a flow of Archy type `flow_type` may run, in ms and in words, where Genesys
/// documents one ("Wait action": "this action disconnects after 72 hours and then enters error
/// handling. For survey invite flows, the action disconnects after one hour").
fn max_running_time(flow_type: &str) -> Option<(u64, &'static str)> {
    const HOUR: u64 = 3_600_000;
    match flow_type.to_ascii_lowercase().as_str() {
        "inboundemail"
        | "inboundshortmessage"
        | "inboundchat"
        | "workflow"
        | "inqueueemail"
        | "inqueueshortmessage" => Some((72 * HOUR, "72 hours")),
        "surveyinvite" => Some((HOUR, "one hour")),
        _ => None,
    }
}
