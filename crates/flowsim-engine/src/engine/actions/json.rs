//! What a JSON flow's node does (docs/json-flows.md), for the node types lowered to the
//! catalogue's JSON family (`flow::catalogue::json`), keyed by their [`JsonOp`].
//!
//! A JSON node's step records what every action's does (`StepResult::Action`): the prompt it
//! played, and the values it wrote under their names: a `Set`'s variables, the other nodes'
//! outputs (`digits`, `queueId`...; a `Flow`'s callee as `flowName`), which it also keeps in
//! the frame for `Node.<id>.<output>`. The trace writers shape them as the node type's result
//! by its entry's `Facts::record`, so JSON traces read as they always have.

use super::super::cx::MAX_CALL_DEPTH;
use super::super::cx::{Cx, Eval, Sets};
use super::super::did::{expr_fail, Did};
use super::super::missing::{Miss, Sought};
use super::super::result::Route;
use super::super::scope::Output;
use crate::engine::result::Name;
use crate::expr::{eval, Value};
use crate::fixtures::DataActionAnswer;
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::json::{self, prop, JsonOp};
use crate::flow::model::UNBOUND;
use crate::flow::{FlowIdx, NodeIdx};
use crate::kind::ErrorKind;
use std::sync::Arc;

impl<'r> Eval<'_, 'r, '_> {
    /// `If`: the first condition that is true; NOT_SET or a value of another type is an
    /// error; none true takes the default, or is `noBranch` without one. Its exits are its
    /// conditions in order, then its default ([`json::exits`]).
    fn branch(&mut self, n: NodeIdx, a: &Action) -> Did {
        let conditions = json::conditions(a);
        let count = conditions.len();
        for (i, (expr, _)) in conditions.enumerate() {
            match eval(expr, &mut self.scope(n)) {
                Ok(Value::Bool(true)) => return Did::Output(i as u16),
                Ok(Value::Bool(false)) => {}
                Ok(Value::NotSet) => {
                    return Did::fail(
                        ErrorKind::NotSet,
                        format!("condition {i} `{expr}` is NOT_SET"),
                    );
                }
                Ok(other) => {
                    return Did::fail(
                        ErrorKind::TypeMismatch,
                        format!("condition {i} `{expr}` is {}, not Boolean", other.ty()),
                    );
                }
                Err(e) => return expr_fail(&e),
            }
        }
        match json::default_next(a) {
            Some(_) => Did::Output(count as u16),
            None => Did::fail(
                ErrorKind::NoBranch,
                "no condition is true and there is no default".into(),
            ),
        }
    }

    /// `Set`: each value in order, stored as soon as it is made; the first that fails stops
    /// the node (the values before it stay set).
    fn set(&mut self, n: NodeIdx, a: &'r Action) -> Did {
        let mut failure = None;
        for (var, value) in json::set_vars(a) {
            match self.set_value(n, value) {
                Ok(v) => {
                    if var.var == UNBOUND {
                        self.flowing.vars.set(&var.lower, &var.name, v.clone());
                    } else {
                        self.flowing.vars.set_id_clone(var.var, &var.name, &v);
                    }
                    self.step.rec.wrote(Name::Borrowed(&var.name), v);
                }
                Err((kind, message)) => {
                    failure = Some(Did::fail(kind, format!("setting `{}`: {message}", var.name)));
                    break;
                }
            }
        }
        failure.unwrap_or(Did::Success)
    }

    /// `Flow`: the callee by id, else by name (resolved when the node runs: a constant name
    /// resolves to the flow the registry's check found, once a run), then its start node in a
    /// new frame. Its record is the callee's name and the `outcome`, which the machine gives
    /// it when the callee returns.
    fn call_flow(&mut self, n: NodeIdx, a: &Action) -> Did {
        let target = json::callee(a).1;
        let name = match self.render(n, target) {
            Ok(t) => t,
            Err(e) => {
                self.wrote("outcome", Value::NotSet);
                return expr_fail(&e);
            }
        };
        let found = if target.as_literal().is_some() {
            self.constant_callee(n, &name)
        } else {
            self.run.reg.resolve(&name)
        };
        let Some(callee) = found else {
            let outcome = Value::str(ErrorKind::FlowNotFound.as_str());
            self.flowing.set_output(n, Output::of([("outcome", outcome.clone())]));
            self.wrote("outcome", outcome);
            return Did::fail(
                ErrorKind::FlowNotFound,
                format!("flow `{name}` is not in the registry"),
            );
        };
        self.wrote("flowName", Value::Str(self.run.reg.flow(callee).name.clone()));
        let problem = if self.run.reg.flow(callee).graph(self.run.version).is_none() {
            Some((ErrorKind::FlowNotPublished, format!("flow `{name}` has no published version")))
        } else if self.flowing.frame().depth >= MAX_CALL_DEPTH {
            Some((ErrorKind::CallDepth, format!("calls nest deeper than {MAX_CALL_DEPTH} flows")))
        } else {
            None
        };
        if let Some((kind, message)) = problem {
            let outcome = Value::str(kind.as_str());
            self.flowing.set_output(n, Output::of([("outcome", outcome.clone())]));
            self.wrote("outcome", outcome);
            return Did::fail(kind, message);
        }
        self.wrote("outcome", Value::NotSet);
        Did::Call(callee, json::flow_timeout(a).map(Box::new))
    }

    /// The flow a Flow node's constant `name` names, resolved at the node's first call.
    fn constant_callee(&mut self, n: NodeIdx, name: &str) -> Option<FlowIdx> {
        let key = (self.flowing.frame().flow, n);
        if let Some(&callee) = self.flowing.callees.get(&key) {
            return Some(callee);
        }
        let callee = self.run.reg.resolve(name)?;
        self.flowing.callees.insert(key, callee);
        Some(callee)
    }

    /// `QueueMetrics`: the queue's figures (an event's, else the fixtures') as outputs.
    fn queue_metrics(&mut self, n: NodeIdx, a: &Action) -> Did {
        let q = match self.queue(n, json::queue(a).1) {
            Ok(q) => q,
            Err(did) => return did,
        };
        // The occupancy a Decimal of 15 digits.
        let occupancy =
            crate::expr::decimal::from_f64(q.occupancy).map_or(Value::NotSet, Value::Dec);
        let outputs = [
            ("availableAgents", Value::Int(q.available_agents)),
            ("onQueueAgents", Value::Int(q.on_queue_agents)),
            ("waiting", Value::Int(q.waiting)),
            ("occupancy", occupancy),
        ];
        for (name, value) in &outputs {
            self.wrote(name, value.clone());
        }
        self.flowing.set_output(n, Output::of(outputs));
        Did::Success
    }

    /// `GetExternalContactAction`: the first contact of the fixtures that matches; none is an
    /// error unless `onNotFound` is `continue`.
    fn get_contact(&mut self, n: NodeIdx, a: &Action) -> Did {
        let key = match self.render(n, json::template(a, prop::LOOKUP_VALUE)) {
            Ok(t) => t,
            Err(e) => return expr_fail(&e),
        };
        let by = json::lookup_by(a);
        let found = self.run.fixtures.find_contacts(by, &key);
        let contact = found.first.map_or(Value::NotSet, crate::fixtures::Contact::value);
        let count = found.count;
        self.flowing.set_output(
            n,
            Output::of([
                ("contact", contact.clone()),
                ("found", Value::Bool(count > 0)),
                ("matchCount", Value::Int(count as i64)),
            ]),
        );
        self.wrote("contact", contact);
        self.wrote("matchCount", Value::Int(count as i64));
        let continues = a.get(prop::ON_NOT_FOUND).text().is_some_and(|t| &**t == "continue");
        if count == 0 && !continues {
            Did::fail(
                ErrorKind::ContactNotFound,
                format!("no external contact has {} `{key}`", by.as_str()),
            )
        } else {
            Did::Success
        }
    }

    /// Records `value` as written by the current step under `name`.
    fn wrote(&mut self, name: &'r str, value: Value) {
        self.step.rec.wrote(Name::Borrowed(name), value);
    }
}

// Route sets the conversation's route.
impl Sets<'_, '_, '_> {
    /// `Route`: the queue becomes the run's route; the flow goes on.
    fn route_to_queue(&mut self, n: NodeIdx, a: &Action) -> Did {
        let q = match self.eval().queue(n, json::queue(a).1) {
            Ok(q) => q,
            Err(did) => return did,
        };
        let (id, name) = (q.id.clone(), q.name.clone());
        self.talk.route = Some(Route::queue(id.clone(), name.clone()));
        let (queue_id, queue_name) = (Value::Str(id.clone()), Value::Str(name.clone()));
        self.flowing.set_output(n, Output::of([("queueId", queue_id), ("queueName", queue_name)]));
        self.eval().wrote("queueId", Value::Str(id));
        self.eval().wrote("queueName", Value::Str(name));
        Did::Success
    }
}

// The JSON dispatch, and the nodes that take an input or let a mock's delay pass.
impl<'r> Cx<'r, '_> {
    /// `DataAction`: the mock's answer to the action and its rendered inputs (an event's
    /// first), within the node's timeout.
    fn data_action(
        &mut self,
        n: NodeIdx,
        action: &str,
        inputs: &[(Arc<str>, Prop)],
        timeout_ms: u64,
    ) -> Did {
        let mut rendered: Vec<(&str, Arc<str>)> = Vec::with_capacity(inputs.len());
        for (name, t) in inputs {
            let Some(t) = t.template() else { continue };
            match self.eval().render(n, t) {
                Ok(v) => rendered.push((name, v)),
                Err(e) => return expr_fail(&e),
            }
        }
        let pairs: Vec<(&str, &str)> = rendered.iter().map(|(k, v)| (*k, &**v)).collect();
        let answer = match self.input.live.data_action(action) {
            Some(a) => a,
            None => {
                self.run.fixtures.data_action(action, &pairs, &mut self.talk.usage.data_actions)
            }
        };
        let (status, outputs, did) = match answer {
            DataActionAnswer::Outputs { outputs, delay_ms } if delay_ms <= timeout_ms => {
                self.clock.advance(delay_ms);
                ("success", outputs, Did::Success)
            }
            DataActionAnswer::Failed { message, delay_ms, .. } if delay_ms <= timeout_ms => {
                self.clock.advance(delay_ms);
                (
                    "failed",
                    Value::NotSet,
                    Did::fail(
                        ErrorKind::DataActionFailed,
                        format!("data action `{action}` failed: {message}"),
                    ),
                )
            }
            DataActionAnswer::Unmocked => {
                let shown: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v:?}")).collect();
                let message = format!(
                    "no mock response fits data action `{action}` with inputs {{{}}}",
                    shown.join(", ")
                );
                let miss = Miss::new(Sought::DataAction, action);
                self.eval().missed(n, miss, Some(message.clone()));
                ("failed", Value::NotSet, Did::fail(ErrorKind::UnmockedDataAction, message))
            }
            // A timeout answer, or an answer slower than the node's timeout.
            _ => {
                self.clock.advance(timeout_ms);
                ("timeout", Value::NotSet, Did::Timeout)
            }
        };
        self.flowing.set_output(
            n,
            Output::of([("outputs", outputs.clone()), ("status", Value::str(status))]),
        );
        self.eval().wrote("status", Value::str(status));
        self.eval().wrote("outputs", outputs);
        did
    }

    /// `Gather`: the prompt (when it has text), then digits from the input script.
    fn gather(&mut self, n: NodeIdx, a: &Action) -> Did {
        let text = match self.eval().render(n, json::template(a, prop::GATHER_PROMPT)) {
            Ok(t) => t,
            Err(e) => return expr_fail(&e),
        };
        if !text.is_empty() {
            self.step.step_prompt = self.eval().prompt(n, text);
        }
        // The loader holds maxDigits to 1-40.
        let max_digits = u8::try_from(json::number(a, prop::GATHER_MAX_DIGITS)).unwrap_or(40);
        let timeout_ms = json::number(a, prop::GATHER_TIMEOUT);
        let digits = self.take_input(max_digits, timeout_ms, json::terminator(a));
        let value = digits.clone().map_or(Value::NotSet, Value::Str);
        self.flowing.set_output(n, Output::of([("digits", value.clone())]));
        self.eval().wrote("digits", value);
        match digits {
            Some(_) => Did::Success,
            None => {
                Did::fail(ErrorKind::InputTimeout, "no input before the Gather's timeout".into())
            }
        }
    }

    /// Runs JSON node `a` (of type `op`) at node `n`.
    pub(super) fn exec_json(&mut self, n: NodeIdx, a: &'r Action, op: JsonOp) -> Did {
        match op {
            JsonOp::Say => match self.eval().render(n, json::template(a, prop::SAY_TEXT)) {
                Ok(text) => {
                    self.step.step_prompt = self.eval().prompt(n, text);
                    Did::Success
                }
                Err(e) => expr_fail(&e),
            },
            JsonOp::End => Did::End(json::end_type(a)),
            JsonOp::Disconnect => Did::Disconnect,
            JsonOp::Gather => self.gather(n, a),
            JsonOp::Set => self.eval().set(n, a),
            JsonOp::Flow => self.eval().call_flow(n, a),
            JsonOp::If => self.eval().branch(n, a),
            JsonOp::Route => self.sets().route_to_queue(n, a),
            JsonOp::QueueMetrics => self.eval().queue_metrics(n, a),
            JsonOp::GetExternalContact => self.eval().get_contact(n, a),
            JsonOp::DataAction => {
                let Some(action) = a.get(prop::DATA_ACTION).text() else {
                    unreachable!("the loader gives every DataAction its action")
                };
                let inputs = a.get(prop::DATA_INPUTS).map();
                self.data_action(n, action, inputs, json::number(a, prop::DATA_TIMEOUT))
            }
        }
    }
}
