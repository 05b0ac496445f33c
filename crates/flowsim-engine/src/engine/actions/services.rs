//! Actions that call an external service — third-party bots (Lex, Lex V2, Dialogflow,
//! Dialogflow CX, Nuance Mix, Bot Connector), guides, audio connectors, knowledge bases and
//! journey lookups — answered by the fixtures' `services` mocks (docs/fixtures.md, docs/bots.md).
//!
//! - The service's name is the action's first property (the bot, guide, integration or
//!   knowledge base it names); journey lookups are mocked under the action's own key.
//! - What the action sends is its `inputText` when set, else the customer's next turn (bots and
//!   sessions; Bot Connector in a message flow: the inbound message), or the id it looks up
//!   (lookups): a response's `when` is matched against it.
//! - An intent answer takes the output of that intent and writes the intent's slots to the
//!   variables the action assigns them; `outputs` go to the action's output variables by name;
//!   `failure` writes `errorType` and `errorMessage` and takes `failure`; `timeout` takes
//!   `timeout` (`failure` with errorType `Timeout` where the action has no such output).
//! - No mock, or a mock naming an output the action does not have: the step fails with
//!   `unmockedService`, naming the action and the fixture entry to add. Never a default path.

use super::super::cx::{Cx, Sets};
use super::super::did::Did;
use crate::expr::Value;
use crate::fixtures::{ServiceAnswer, ServiceReply};
use crate::flow::action::{Action, Prop};
use crate::flow::catalogue::bots::{out, prop};
use crate::flow::catalogue::{data, Op, Service};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

impl Sets<'_, '_, '_> {
    /// The body of the message that started a message flow (`Message.Message.body`), if any.
    fn inbound_message(&self) -> Option<String> {
        let v = self.flowing.read_var(&crate::flow::action::VarRef::new("Message.Message.body"));
        v.is_set().then(|| v.display())
    }

    /// A lookup's id: a knowledge action's document, a journey lookup's id.
    fn lookup_id(&mut self, n: NodeIdx, a: &Action) -> Result<String, Did> {
        let id = if a.spec().op == Op::Service(Service::Journey) {
            data::prop::JOURNEY_ID
        } else {
            prop::DOCUMENT_ID
        };
        match self.eval().value(n, a, id)? {
            Value::NotSet => Err(Did::fail(
                ErrorKind::NotSet,
                format!("`{}`'s `{}` is NOT_SET", a.spec().key, a.spec().props[id.index()].name),
            )),
            v => Ok(v.display()),
        }
    }

    /// The exit of an intent output (after the fixed outputs), by the intent's name.
    fn intent_exit(&self, n: NodeIdx, a: &Action, intent: &str) -> Option<u16> {
        let fixed = a.spec().outputs.len();
        let node = self.flowing.frame().graph.node(n);
        node.exits
            .iter()
            .enumerate()
            .skip(fixed)
            .find(|(_, e)| e.name.eq_ignore_ascii_case(intent))
            .map(|(i, _)| i as u16)
    }

    /// What every answer does: the service's lines, then its named outputs.
    fn reply(&mut self, n: NodeIdx, a: &Action, reply: &ServiceReply) {
        for line in &reply.says {
            self.eval().say(n, Arc::clone(line));
        }
        for p in [a.first_of(&prop::SESSION_OUTPUTS), a.first_of(&[prop::GUIDE_OUTPUTS])] {
            self.eval().bind_outputs(n, p, |k| super::data::member_path(&reply.outputs, k));
        }
        if let Prop::Var(v) = a.first_of(&[prop::DOCUMENT_RESULT, data::prop::JOURNEY_RESULT]) {
            self.eval().write_var(v, reply.outputs.clone());
        }
    }

    /// The slots (or parameters) the action assigns for `intent`, from the answer's `slots`;
    /// a slot the answer leaves out is NOT_SET.
    fn write_slots(&mut self, a: &Action, intent: &str, reply: &ServiceReply) {
        for record in a.first_of(&prop::INTENT_SLOTS).list() {
            let (Prop::Text(for_intent), Prop::Text(slot), Prop::Var(var)) = (
                Prop::field(record, prop::SLOT_INTENT),
                Prop::field(record, prop::SLOT_NAME),
                Prop::field(record, prop::SLOT_VARIABLE),
            ) else {
                continue;
            };
            if !for_intent.eq_ignore_ascii_case(intent) {
                continue;
            }
            let value = reply
                .slots
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(slot))
                .map_or(Value::NotSet, |(_, v)| v.clone());
            self.eval().write_var(var, value);
        }
    }

    /// `failureOutputs`: `errorType` and `errorMessage`, as Genesys names them.
    fn fail_outputs(&mut self, n: NodeIdx, a: &Action, error_type: &str, message: &str) {
        let (t, m) = (Value::str(error_type), Value::str(message));
        self.eval().bind_outputs(n, a.first_of(&prop::FAILURE_OUTPUTS), |k| match k {
            "errorType" => t.clone(),
            "errorMessage" => m.clone(),
            _ => Value::NotSet,
        });
    }
}

// `call_service` takes the caller's turn; what it calls takes none and lets no time pass.
impl Cx<'_, '_> {
    /// Any action of [`Op::Service`].
    pub(super) fn call_service(&mut self, n: NodeIdx, a: &Action) -> Did {
        let Op::Service(kind) = a.spec().op else { return Did::Success };
        let key = a.spec().key;
        let service: Arc<str> = if kind == Service::Journey {
            Arc::from(key)
        } else {
            let Some(t) = a.get(prop::SERVICE).text() else {
                let name = a.spec().props[prop::SERVICE.index()].name;
                return Did::fail(
                    ErrorKind::Unsupported,
                    format!("`{key}` names no service (its `{name}`)"),
                );
            };
            t.clone()
        };
        if a.has(prop::START_AUDIO) {
            if let Err(did) = self.eval().say_prop(n, a.get(prop::START_AUDIO)) {
                return did;
            }
        }
        let sent = match kind {
            Service::Bot | Service::MessageBot | Service::Session => {
                match self.eval().value_of(n, a.first_of(&prop::INPUT_TEXT)) {
                    Ok(v) if v.is_set() && !v.display().is_empty() => v.display(),
                    Ok(_) => {
                        let message =
                            self.sets().inbound_message().filter(|_| kind == Service::MessageBot);
                        message.unwrap_or_else(|| match self.turn() {
                            super::bots::Turn::Text(t, _) => t.to_string(),
                            super::bots::Turn::Intent(intent, _) => intent.to_string(),
                            super::bots::Turn::NoMatch
                            | super::bots::Turn::NoInput
                            | super::bots::Turn::Knowledge(_) => String::new(),
                        })
                    }
                    Err(did) => return did,
                }
            }
            Service::Lookup | Service::Journey => match self.sets().lookup_id(n, a) {
                Ok(id) => id,
                Err(did) => return did,
            },
        };
        let answer = self.run.fixtures.service(&service, &sent, &mut self.talk.usage.services);
        let entry = format!("services: {{{service:?}: [...]}}");
        let failure = match kind {
            Service::Bot | Service::MessageBot => out::BOT_FAILURE,
            Service::Session | Service::Lookup | Service::Journey => out::SERVICE_FAILURE,
        };
        match answer {
            ServiceAnswer::Intent { intent, reply } => {
                let Some(exit) = self.sets().intent_exit(n, a, &intent) else {
                    return Did::fail(
                        ErrorKind::UnmockedService,
                        format!(
                            "the mock of `{key}` `{service}` answers intent `{intent}`, which the \
                             action has no output for; fix the response in `{entry}`"
                        ),
                    );
                };
                self.sets().reply(n, a, &reply);
                self.sets().write_slots(a, &intent, &reply);
                Did::Output(exit)
            }
            ServiceAnswer::Output { output, .. }
                if output.is_empty() && matches!(kind, Service::Bot | Service::MessageBot) =>
            {
                Did::fail(
                    ErrorKind::UnmockedService,
                    format!(
                        "the mock of `{key}` `{service}` gives neither an intent nor a failure; \
                         a bot answers one of them: fix the response in `{entry}`"
                    ),
                )
            }
            ServiceAnswer::Output { output, reply } if output.is_empty() => {
                self.sets().reply(n, a, &reply);
                let usual =
                    a.spec().outputs.iter().position(|o| !matches!(o.name, "failure" | "timeout"));
                usual.map_or(Did::Success, |i| Did::Output(i as u16))
            }
            ServiceAnswer::Output { output, reply } => {
                let Some(i) = a.spec().output_index(&output).filter(|_| &*output != "failure")
                else {
                    let have: Vec<&str> = a
                        .spec()
                        .outputs
                        .iter()
                        .map(|o| o.name)
                        .filter(|o| *o != "failure" && *o != "timeout")
                        .collect();
                    return Did::fail(
                        ErrorKind::UnmockedService,
                        format!(
                            "the mock of `{key}` `{service}` answers output `{output}`, which the \
                             action does not have (its outputs: {}); fix the response in `{entry}`",
                            have.join(", ")
                        ),
                    );
                };
                self.sets().reply(n, a, &reply);
                Did::Output(i as u16)
            }
            ServiceAnswer::Failure { error_type, message, reply } => {
                self.sets().reply(n, a, &reply);
                self.sets().fail_outputs(n, a, &error_type, &message);
                self.eval().note_error(
                    ErrorKind::ServiceFailed,
                    format!("`{key}` `{service}` failed: {error_type}: {message}"),
                );
                super::out(a, failure)
            }
            ServiceAnswer::Timeout { reply } => {
                self.sets().reply(n, a, &reply);
                self.eval().note_error(
                    ErrorKind::ServiceFailed,
                    format!("`{key}` `{service}` did not answer in time"),
                );
                if a.has_output(out::GUIDE_TIMEOUT) {
                    super::out(a, out::GUIDE_TIMEOUT)
                } else {
                    self.sets().fail_outputs(n, a, "Timeout", "the service did not answer in time");
                    super::out(a, failure)
                }
            }
            ServiceAnswer::NoFit => Did::fail(
                ErrorKind::UnmockedService,
                format!(
                    "no response of the mock of `{key}` `{service}` fits what it sent ({sent:?}); \
                     add one (without `when`, or with a `when` that fits) to `{entry}`"
                ),
            ),
            ServiceAnswer::Unmocked => Did::fail(
                ErrorKind::UnmockedService,
                format!(
                    "`{key}` calls `{service}`, which the fixtures do not mock; add its responses \
                     to the fixtures: `{entry}` (`flowsim docs fixtures`)"
                ),
            ),
        }
    }
}
