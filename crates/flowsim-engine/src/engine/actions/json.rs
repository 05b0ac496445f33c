//! What a JSON flow's node does (docs/json-flows.md), for the node types lowered to the
//! catalogue's JSON family (`flow::catalogue::json`), keyed by their [`JsonOp`].
//!
//! A JSON node keeps the step result of its own type (`Say`'s prompt, `Gather`'s digits...)
//! rather than an action's list of writes, and its outputs (`Node.<id>.digits`) in the frame,
//! so its traces read as they always have.

use super::super::machine::MAX_CALL_DEPTH;
use super::super::machine::{expr_fail, Did, Machine};
use super::super::result::{Outcome, Route};
use super::super::result::{StepResult, NO_INDEX};
use super::super::scope::Output;
use crate::expr::{eval, Value};
use crate::flow::action::Action;
use crate::flow::catalogue::json::{self, prop, JsonOp};
use crate::flow::model::UNBOUND;
use crate::flow::{FlowIdx, NodeIdx};
use crate::kind::ErrorKind;

impl<'r> Machine<'r, '_> {
    /// Runs JSON node `a` (of type `op`) at node `n`.
    pub(super) fn exec_json(&mut self, n: NodeIdx, a: &'r Action, op: JsonOp) -> Did {
        match op {
            JsonOp::Say => match self.render(n, json::template(a, prop::SAY_TEXT)) {
                Ok(text) => {
                    let p = self.prompt(n, text);
                    self.set_result(StepResult::Say(p));
                    Did::Success
                }
                Err(e) => expr_fail(&e),
            },
            JsonOp::End => Did::End(json::end_type(a)),
            JsonOp::Disconnect => Did::Disconnect,
            JsonOp::Gather => self.gather(n, a),
            JsonOp::Set => self.set(n, a),
            JsonOp::Flow => self.call_flow(n, a),
            JsonOp::If => self.branch(n, a),
            JsonOp::Route => self.route_to_queue(n, a),
            JsonOp::QueueMetrics => self.queue_metrics(n, a),
            JsonOp::GetExternalContact => self.get_contact(n, a),
            JsonOp::DataAction => {
                let Some(action) = a.get(prop::DATA_ACTION).text() else {
                    unreachable!("the loader gives every DataAction its action")
                };
                let inputs = a.get(prop::DATA_INPUTS).map();
                self.data_action(n, action, inputs, json::number(a, prop::DATA_TIMEOUT))
            }
        }
    }

    /// `Gather`: the prompt (when it has text), then digits from the input script.
    fn gather(&mut self, n: NodeIdx, a: &Action) -> Did {
        let text = match self.render(n, json::template(a, prop::GATHER_PROMPT)) {
            Ok(t) => t,
            Err(e) => return expr_fail(&e),
        };
        let p = (!text.is_empty()).then(|| self.prompt(n, text));
        // The loader holds maxDigits to 1-40.
        let max_digits = u8::try_from(json::number(a, prop::GATHER_MAX_DIGITS)).unwrap_or(40);
        let timeout_ms = json::number(a, prop::GATHER_TIMEOUT);
        let digits = self.take_input(max_digits, timeout_ms, json::terminator(a));
        let value = digits.clone().map_or(Value::NotSet, Value::Str);
        self.set_output(n, Output::Gather { digits: value.clone() });
        let (prompt, index) = (p.unwrap_or(NO_INDEX), self.rec.step_data.value(value));
        self.set_result(StepResult::Gather { prompt, digits: index });
        match digits {
            Some(_) => Did::Success,
            None => {
                Did::Fail(ErrorKind::InputTimeout, "no input before the Gather's timeout".into())
            }
        }
    }

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
                    return Did::Fail(
                        ErrorKind::NotSet,
                        format!("condition {i} `{expr}` is NOT_SET"),
                    );
                }
                Ok(other) => {
                    return Did::Fail(
                        ErrorKind::TypeMismatch,
                        format!("condition {i} `{expr}` is {}, not Boolean", other.ty()),
                    );
                }
                Err(e) => return expr_fail(&e),
            }
        }
        match json::default_next(a) {
            Some(_) => Did::Output(count as u16),
            None => Did::Fail(
                ErrorKind::NoBranch,
                "no condition is true and there is no default".into(),
            ),
        }
    }

    /// `Set`: each value in order, stored as soon as it is made; the first that fails stops
    /// the node (the values before it stay set).
    fn set(&mut self, n: NodeIdx, a: &Action) -> Did {
        let start = self.rec.set_values.len();
        let mut failure = None;
        for (var, value) in json::set_vars(a) {
            match self.set_value(n, value) {
                Ok(v) => {
                    if var.var == UNBOUND {
                        self.vars.set(&var.lower, &var.name, v.clone());
                    } else {
                        self.vars.set_id(var.var, &var.name, v.clone());
                    }
                    self.rec.set_values.push(v);
                }
                Err((kind, message)) => {
                    failure = Some(Did::Fail(kind, format!("setting `{}`: {message}", var.name)));
                    break;
                }
            }
        }
        let len = self.rec.set_values.len() - start;
        self.set_result(StepResult::Set { start: start as u32, len: len as u32 });
        failure.unwrap_or(Did::Success)
    }

    /// `Flow`: the callee by id, else by name (resolved when the node runs: a constant name
    /// resolves to the flow the registry's check found, once a run), then its start node in a
    /// new frame.
    fn call_flow(&mut self, n: NodeIdx, a: &Action) -> Did {
        self.set_result(StepResult::Flow { callee: None, outcome: None });
        let target = json::callee(a).1;
        let name = match self.render(n, target) {
            Ok(t) => t,
            Err(e) => return expr_fail(&e),
        };
        let found = if target.as_literal().is_some() {
            self.constant_callee(n, &name)
        } else {
            self.reg.resolve(&name)
        };
        let Some(callee) = found else {
            self.set_output(n, Output::Flow { outcome: Value::str("flowNotFound") });
            self.set_result(StepResult::Flow {
                callee: None,
                outcome: Some(Outcome::Failed(ErrorKind::FlowNotFound)),
            });
            return Did::Fail(
                ErrorKind::FlowNotFound,
                format!("flow `{name}` is not in the registry"),
            );
        };
        self.set_result(StepResult::Flow { callee: Some(callee), outcome: None });
        let problem = if self.reg.flow(callee).graph(self.version).is_none() {
            Some((ErrorKind::FlowNotPublished, format!("flow `{name}` has no published version")))
        } else if self.frame().depth >= MAX_CALL_DEPTH {
            Some((ErrorKind::CallDepth, format!("calls nest deeper than {MAX_CALL_DEPTH} flows")))
        } else {
            None
        };
        if let Some((kind, message)) = problem {
            self.set_output(n, Output::Flow { outcome: Value::str(kind.as_str()) });
            self.set_result(StepResult::Flow {
                callee: Some(callee),
                outcome: Some(Outcome::Failed(kind)),
            });
            return Did::Fail(kind, message);
        }
        Did::Call(callee, json::flow_timeout(a))
    }

    /// The flow a Flow node's constant `name` names, resolved at the node's first call.
    fn constant_callee(&mut self, n: NodeIdx, name: &str) -> Option<FlowIdx> {
        let key = (self.frame().flow, n);
        if let Some(&callee) = self.callees.get(&key) {
            return Some(callee);
        }
        let callee = self.reg.resolve(name)?;
        self.callees.insert(key, callee);
        Some(callee)
    }

    /// `Route`: the queue becomes the run's route; the flow goes on.
    fn route_to_queue(&mut self, n: NodeIdx, a: &Action) -> Did {
        let q = match self.queue(n, json::queue(a).1) {
            Ok(q) => q,
            Err(did) => return did,
        };
        let (id, name) = (q.id.clone(), q.name.clone());
        self.route = Some(Route::queue(id.clone(), name.clone()));
        self.set_output(
            n,
            Output::Route {
                queue_id: Value::Str(id.clone()),
                queue_name: Value::Str(name.clone()),
            },
        );
        let q = self.rec.step_data.queue(id, name);
        self.set_result(StepResult::Route(q));
        Did::Success
    }

    /// `QueueMetrics`: the queue's figures (an event's, else the fixtures') as outputs.
    fn queue_metrics(&mut self, n: NodeIdx, a: &Action) -> Did {
        let q = match self.queue(n, json::queue(a).1) {
            Ok(q) => q,
            Err(did) => return did,
        };
        let figures = [q.available_agents, q.on_queue_agents, q.waiting];
        let occupancy = q.occupancy;
        self.set_output(n, Output::Metrics { figures, occupancy });
        let i = self.rec.step_data.metrics(figures, occupancy);
        self.set_result(StepResult::Metrics(i));
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
        let found = self.fixtures.find_contacts(by, &key);
        let contact = found.first.map_or(Value::NotSet, crate::fixtures::Contact::value);
        let count = found.count;
        self.set_output(
            n,
            Output::Contact {
                contact: contact.clone(),
                found: count > 0,
                match_count: count as i64,
            },
        );
        let contact = self.rec.step_data.value(contact);
        self.set_result(StepResult::Contact { contact, match_count: count as u32 });
        let continues = a.get(prop::ON_NOT_FOUND).text().is_some_and(|t| &**t == "continue");
        if count == 0 && !continues {
            Did::Fail(
                ErrorKind::ContactNotFound,
                format!("no external contact has {} `{key}`", by.as_str()),
            )
        } else {
            Did::Success
        }
    }
}
