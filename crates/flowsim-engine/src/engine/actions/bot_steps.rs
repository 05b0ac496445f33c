//! The digital bot actions that hear one customer turn each, on the bot machinery of
//! `bots.rs` (turns, retries, the active intent): Wait for Input, Ask for String, Set Intent,
//! Send Digital Content and Send Digital Carousel, Ask for Authentication and Ask for Payment,
//! Form. What each does, and the choices made where Genesys is silent, are in
//! `docs/architect.md` §3.7 and §4.
//!
//! Invariants: every turn is the next entry of the run's input script (`Cx::turn`), so a
//! script that runs out is a no input after the flow's No Input Timeout on the virtual clock,
//! never a hang; an ask's retries are bounded as every Ask's are (`bots.rs` `retry`).

use super::super::cx::Cx;
use super::super::did::Did;
use super::bots::Turn;
use crate::expr::Value;
use crate::flow::action::{Action, Prop};
use crate::flow::bot::BotSettings;
use crate::flow::catalogue::bots::{out, prop};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use crate::util::Cut;
use std::sync::Arc;

impl Cx<'_, '_> {
    /// The flow's bot settings, or a bot's defaults in a flow that has none (a message flow).
    fn bot_or_default(&mut self) -> Arc<BotSettings> {
        self.eval().bot().unwrap_or_else(|| Arc::new(BotSettings::new(None)))
    }

    /// Wait for Input: says `question` and hears the customer's next turn; the flow's NLU
    /// classifies it. An intent at or above the low confidence threshold (or a pinned one)
    /// becomes the active intent, its slots filled; the reusable task the flow links to it
    /// (`settingsBotFlow.intentSettings[].intent.task`) then runs and the flow goes on after
    /// the action, as after a Call Task; with no linked task it goes on at once. Anything else
    /// is a no-match, and silence a no-input, retried as every Ask's are.
    pub(super) fn wait_for_input(&mut self, n: NodeIdx, a: &Action) -> Did {
        let bot = self.bot_or_default();
        let (st, fresh) = self.eval().ask_state(n);
        let turn = match self.ask(n, a, fresh) {
            Ok(turn) => turn,
            Err(did) => return did,
        };
        let (intent, slots) = match turn {
            Turn::NoInput => return self.no_input(n, a, &bot, st),
            Turn::NoMatch | Turn::Knowledge(_) => return self.no_match(n, a, &bot, st),
            Turn::Intent(intent, slots) => {
                self.classified(Some(Arc::clone(&intent)), 1.0);
                let slots = Self::pinned_slots(&bot, &slots);
                (intent, slots)
            }
            Turn::Text(text, scripted) => {
                let Some(nlu) = bot.nlu.clone() else {
                    self.classified(None, 0.0);
                    return self.no_match(n, a, &bot, st);
                };
                let c = nlu.classify(&text, self.clock.now);
                self.classified(c.intent.clone(), c.confidence);
                match c.intent {
                    Some(intent) if c.confidence * 100.0 >= bot.input.low_confidence => {
                        let mut slots: Vec<(Arc<str>, Value)> =
                            c.slots.iter().map(|(s, x)| (Arc::clone(s), x.value.clone())).collect();
                        slots.extend(Self::pinned_slots(&bot, &scripted));
                        (intent, slots)
                    }
                    _ => return self.no_match(n, a, &bot, st),
                }
            }
        };
        for (slot, value) in slots {
            self.fill_slot(&slot, value);
        }
        self.eval().bot_frame().intent = Some(Arc::clone(&intent));
        let Some(task) = bot.intent_task(&intent) else { return Did::Success };
        match self.run.reg.flow(self.flowing.frame().flow).arch.container_by_ref(task) {
            Some(c) => Did::StartTask(c),
            None => Did::fail(
                ErrorKind::TaskNotFound,
                format!(
                    "intent `{intent}` is linked to task `{task}`, which the flow does not have"
                ),
            ),
        }
    }

    /// Ask for String: says `question` and hears the customer's next turn; its text (its first
    /// `maxLength` characters, when that is set and positive) goes to `inputData`, and the
    /// flow goes on. A turn with no text (a pinned intent, `noMatch`) is a no-match, silence a
    /// no-input, retried as every Ask's are.
    pub(super) fn ask_for_string(&mut self, n: NodeIdx, a: &Action) -> Did {
        let bot = self.bot_or_default();
        let (st, fresh) = self.eval().ask_state(n);
        let turn = match self.ask(n, a, fresh) {
            Ok(turn) => turn,
            Err(did) => return did,
        };
        let text = match turn {
            Turn::NoInput => return self.no_input(n, a, &bot, st),
            Turn::NoMatch | Turn::Knowledge(_) | Turn::Intent(..) => {
                return self.no_match(n, a, &bot, st)
            }
            Turn::Text(text, _) => text,
        };
        let max = match self.eval().value(n, a, prop::STRING_MAX_LENGTH) {
            Ok(Value::Int(m)) if m > 0 => usize::try_from(m).unwrap_or(usize::MAX),
            Ok(_) => usize::MAX,
            Err(did) => return did,
        };
        let kept: Arc<str> = match text.char_indices().nth(max) {
            Some((end, _)) => Arc::from(text.cut(..end)),
            None => text,
        };
        if let Prop::Var(var) = a.get(prop::STRING_RESULT) {
            self.eval().write_output(n, &var.clone(), Value::Str(kept));
        }
        Did::Success
    }

    /// Set Intent: `intent` becomes the bot's active intent (what Call Bot Flow's `intent`
    /// output and a top-level bot's result report, and Clear Active Intent forgets); NOT_SET or
    /// empty text leaves none, as Clear Active Intent does.
    pub(super) fn set_intent(&mut self, n: NodeIdx, a: &Action) -> Did {
        let intent = match self.eval().value(n, a, prop::SET_INTENT) {
            Ok(v) if v.is_set() && !v.display().is_empty() => Some(Arc::from(v.display())),
            Ok(_) => None,
            Err(did) => return did,
        };
        self.eval().bot_frame().intent = intent;
        Did::Success
    }

    /// Send Digital Content and Send Digital Carousel: sends `content` (a line of the bot,
    /// which expectations read as they read Send Response's). With buttons (quick replies, a
    /// carousel's cards), the customer's next turn is their press: the button whose value or
    /// label the turn's words equal (ignoring case and punctuation) writes its value (its label
    /// when it has none) to `selection`; a turn that presses none, or silence after the flow's
    /// No Input Timeout, writes NOT_SET. The flow goes on either way.
    pub(super) fn send_digital_content(&mut self, n: NodeIdx, a: &Action) -> Did {
        if let Err(did) = self.eval().say_prop(n, a.get(prop::CONTENT)) {
            return did;
        }
        let mut buttons: Vec<(Option<String>, Option<String>)> = Vec::new();
        for record in a.get(prop::CONTENT_BUTTONS).list() {
            let mut texts = [None, None];
            for (slot, id) in
                texts.iter_mut().zip([prop::CONTENT_BUTTON_VALUE, prop::CONTENT_BUTTON_LABEL])
            {
                match self.eval().value_of(n, Prop::field(record, id)) {
                    Ok(v) if v.is_set() => *slot = Some(v.display()),
                    Ok(_) => {}
                    Err(did) => return did,
                }
            }
            let [value, label] = texts;
            buttons.push((value, label));
        }
        if buttons.is_empty() {
            return Did::Success;
        }
        let said = match self.turn() {
            Turn::Text(t, _) | Turn::Intent(t, _) => crate::nlu::text::words(&t),
            Turn::NoInput | Turn::NoMatch | Turn::Knowledge(_) => Vec::new(),
        };
        let pressed = buttons.into_iter().find(|(value, label)| {
            !said.is_empty()
                && [value, label].into_iter().flatten().any(|b| crate::nlu::text::words(b) == said)
        });
        let value = pressed
            .and_then(|(value, label)| value.or(label))
            .map_or(Value::NotSet, |v| Value::Str(Arc::from(v)));
        if let Prop::Var(var) = a.get(prop::CONTENT_SELECTION) {
            self.eval().write_output(n, &var.clone(), value);
        }
        Did::Success
    }

    /// Ask for Authentication and Ask for Payment: says `question`, then the customer takes
    /// the step in their messenger, and the customer's next turn is its outcome, by the
    /// output's name: `success` or `failure`. Silence (no turn within the flow's No Input
    /// Timeout) takes `noInput`; any other turn Ask for Authentication's `noMatch`, Ask for
    /// Payment's `failure`.
    pub(super) fn customer_step(&mut self, n: NodeIdx, a: &Action) -> Did {
        if let Err(did) = self.eval().say_prop(n, a.get(prop::STEP_QUESTION)) {
            return did;
        }
        let said = match self.turn() {
            Turn::NoInput => return super::out(a, out::STEP_NO_INPUT),
            Turn::Text(t, _) | Turn::Intent(t, _) => crate::nlu::text::words(&t),
            Turn::NoMatch | Turn::Knowledge(_) => Vec::new(),
        };
        match said.join(" ").as_str() {
            "success" => super::out(a, out::STEP_SUCCESS),
            "failure" => super::out(a, out::STEP_FAILURE),
            _ => {
                match self
                    .flowing
                    .frame()
                    .graph
                    .node(n)
                    .exits
                    .iter()
                    .position(|e| &*e.name == "noMatch")
                {
                    Some(i) => Did::Output(i as u16),
                    None => super::out(a, out::STEP_FAILURE),
                }
            }
        }
    }

    /// Form: says `question`, and the customer's next turn is the submitted form, its fields as
    /// a JSON object (`{"email": "ann@example.com"}`): each of the action's `fields` takes the
    /// submitted value of its name into its variable (converted to the variable's type; a
    /// field not submitted, NOT_SET). Silence takes `noInput`; a turn that is not a JSON object
    /// fails the action (`conversion`), so a mistyped script never passes for an empty form.
    pub(super) fn form(&mut self, n: NodeIdx, a: &Action) -> Did {
        if let Err(did) = self.eval().say_prop(n, a.get(prop::FORM_QUESTION)) {
            return did;
        }
        let text = match self.turn() {
            Turn::NoInput => return super::out(a, out::FORM_NO_INPUT),
            Turn::Text(t, _) | Turn::Intent(t, _) | Turn::Knowledge(t) => t,
            Turn::NoMatch => Arc::from("noMatch"),
        };
        let Ok(serde_json::Value::Object(submitted)) =
            serde_json::from_str::<serde_json::Value>(&text)
        else {
            return Did::fail(
                ErrorKind::Conversion,
                format!(
                    "a Form's turn is the submitted fields as a JSON object \
                     (`{{\"email\": \"ann@example.com\"}}`), not `{text}`"
                ),
            );
        };
        for record in a.get(prop::FORM_FIELDS).list() {
            let (Prop::Text(name), Prop::Var(var)) =
                (Prop::field(record, prop::FIELD_NAME), Prop::field(record, prop::FIELD_VARIABLE))
            else {
                continue;
            };
            let value = submitted.get(&**name).map_or(Value::NotSet, Value::from_json);
            self.eval().write_output(n, &var.clone(), value);
        }
        Did::Success
    }
}
