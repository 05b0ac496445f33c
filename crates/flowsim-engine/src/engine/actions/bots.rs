//! Bot flows: Ask for Intent, Ask for Slot, Ask for Yes/No, slots, Call Bot Flow and
//! Exit Bot Flow, with the flow's own NLU (`crate::nlu`) classifying each customer turn.
//!
//! One Ask action is one step per turn: a no-match or no-input says its reprompt and goes back
//! to the same action (like a menu played again), with the counts kept in [`AskState`] until
//! the action takes an output. The rules, with their Genesys sources, are in
//! `docs/architect.md` §3.7; in short:
//! - a turn's classification scores 0–1; below `collectionLowConfidenceThreshold` % it is a
//!   no-match, from it to `collectionHighConfidenceThreshold` % the bot asks the intent's
//!   confirmation first, above it takes the intent;
//! - no-matches and no-inputs retry up to `noMatchesMax` / `noInputsMax` times; one more takes
//!   `maxNoMatches` / `maxNoInputs` when the flow turned it on, else the bot exits with
//!   `RecognitionFailure`;
//! - Call Bot Flow's `inputText` is the first turn the first Ask action hears.

use super::super::cx::{AskState, BotFrame, Confirming};
use super::super::cx::{Cx, Eval};
use super::super::did::Did;
use super::super::request::Input;
use super::super::result::{Heard, TurnRecord, NO_INDEX};
use crate::expr::{eval, Expr, Value};
use crate::flow::action::{Action, Prop, VarRef};
use crate::flow::bot::{BotSettings, ExitReason, NO_INPUTS_TIMEOUT_MS};
use crate::flow::catalogue::bots::{out, prop};
use crate::flow::catalogue::PropId;
use crate::flow::model::{FlowType, UNBOUND};
use crate::flow::registry::{Lookup, Want};
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use crate::nlu::SlotKind;
use crate::util::Cut;
use std::sync::Arc;

/// Why an Ask asks again.
#[derive(Clone, Copy)]
enum Retry {
    NoMatch,
    NoInput,
}

/// Slot values a test script gives, by slot name, as written (checked by the request).
pub(super) type Slots = Arc<[(Arc<str>, serde_json::Value)]>;

/// What the customer did this turn.
pub(super) enum Turn {
    /// Text, with the values scripted for AI-powered slots (what a model would extract).
    Text(Arc<str>, Slots),
    Intent(Arc<str>, Slots),
    /// A knowledge article's answer, pinned by the test.
    Knowledge(Arc<str>),
    NoMatch,
    NoInput,
}

/// The built-in that holds the answer of the knowledge article that answered the last turn.
const KNOWLEDGE_ANSWER: &str = "Session.LastKnowledgeAnswer";

/// Phrases that ask for a human when the flow enables agent escalation (matched on the
/// normalized turn, whole words).
const ESCALATION: &[&str] = &[
    "agent",
    "human",
    "representative",
    "operator",
    "real person",
    "live person",
    "speak to someone",
    "talk to someone",
];

/// The most timeslots a timeslot slot type's collection may hold (Genesys: "Each timeslot
/// collection can have up to 50 DateTime values"), as `check` holds literal ones to.
use crate::flow::catalogue::bots::prop::MAX_TIMESLOTS;

/// The offered timeslot the customer picked by its start: the first with that start (Genesys:
/// "the bot chooses only the first matching DateTime value").
fn pick_timeslot(offered: Option<&[(i64, i64)]>, start: i64) -> Option<Value> {
    offered?.iter().find(|(s, _)| *s == start).map(|&(s, length)| Value::Timeslot(s, length))
}

fn slot_var(slot: &str) -> VarRef {
    VarRef::new(&format!("Slot.{slot}"))
}

fn words(text: &str) -> String {
    let lower = text.to_lowercase();
    let parts: Vec<&str> =
        lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!(" {} ", parts.join(" "))
}

impl Cx<'_, '_> {
    /// An Ask's question (the first time, unless Call Bot Flow's input text is waiting to be
    /// heard), then the customer's turn.
    pub(super) fn ask(&mut self, n: NodeIdx, a: &Action, fresh: bool) -> Result<Turn, Did> {
        if fresh && self.eval().bot_frame().pending.is_none() {
            self.eval().say_prop(n, a.first_of(&prop::QUESTION))?;
        }
        Ok(self.turn())
    }

    /// The customer's next turn: Call Bot Flow's input text first, then the request's inputs.
    pub(super) fn turn(&mut self) -> Turn {
        // Not `bot_frame()`: a turn heard outside a bot flow (a third-party bot in a call flow)
        // must not make the frame a bot's.
        let frame = self.flowing.frames.last_mut().expect("a frame");
        if let Some(text) = frame.arch.bot.as_mut().and_then(|b| b.pending.take()) {
            // Usually the inbound message itself (`Message.Message.body`): one turn, not two.
            let same =
                self.talk.arch.transcript.last().is_some_and(|t| {
                    t.kind == "message" && t.text == text && t.confidence.is_none()
                });
            if !same {
                self.heard(Arc::clone(&text), "text");
                return Turn::Text(text, Arc::from([]));
            }
            return Turn::Text(text, Arc::clone(&self.input.heard.message_slots));
        }
        if self.input.live.active && self.before_input(crate::engine::events::WaitKind::Turn) {
            return Turn::NoInput;
        }
        // The flow's `noInputsTimeout` (a call flow's third-party bot: the default).
        let timeout =
            self.eval().bot().map_or(NO_INPUTS_TIMEOUT_MS, |b| b.input.no_inputs_timeout_ms);
        let input = self.input.heard.inputs.get(self.input.heard.next).cloned();
        let entry = if input.is_some() {
            self.note_turn();
            (self.input.heard.next - 1) as u32
        } else {
            NO_INDEX
        };
        // A reply later than the timeout comes too late: the turn is a no input.
        let late = matches!(
            &input,
            Some(Input::Text { delay_ms, .. } | Input::Digits { delay_ms, .. }) if *delay_ms > timeout
        );
        match input.filter(|_| !late) {
            None | Some(Input::Timeout) => {
                self.clock.advance(timeout);
                self.heard(Arc::from(""), "noInput");
                self.eval().note_heard(entry, None, Heard::Timeout);
                Turn::NoInput
            }
            Some(Input::Text { text: t, delay_ms, slots }) => {
                self.clock.advance(delay_ms);
                self.heard(Arc::clone(&t), "text");
                self.eval().note_heard(entry, Some(Arc::clone(&t)), Heard::Text);
                Turn::Text(t, slots)
            }
            Some(Input::Digits { digits: t, delay_ms }) => {
                self.clock.advance(delay_ms);
                self.heard(Arc::clone(&t), "text");
                self.eval().note_heard(entry, Some(Arc::clone(&t)), Heard::Text);
                Turn::Text(t, Arc::from([]))
            }
            Some(Input::Intent { intent, slots }) => {
                self.heard(Arc::clone(&intent), "intent");
                self.eval().note_heard(entry, Some(Arc::clone(&intent)), Heard::Intent);
                Turn::Intent(intent, slots)
            }
            Some(Input::NoMatch) => {
                self.heard(Arc::from(""), "noMatch");
                self.eval().note_heard(entry, None, Heard::NoMatch);
                Turn::NoMatch
            }
            Some(Input::Knowledge { answer }) => {
                self.heard(Arc::clone(&answer), "knowledge");
                self.eval().note_heard(entry, Some(Arc::clone(&answer)), Heard::Knowledge);
                Turn::Knowledge(answer)
            }
        }
    }

    /// Records a customer turn for the transcript.
    pub(in crate::engine) fn heard(&mut self, text: Arc<str>, kind: &'static str) {
        let at = self.step.rec.prompts.len() as u32;
        self.talk.arch.transcript.push(TurnRecord {
            at,
            text,
            kind,
            intent: None,
            confidence: None,
        });
    }

    pub(super) fn classified(&mut self, intent: Option<Arc<str>>, confidence: f64) {
        if let Some(t) = self.talk.arch.transcript.last_mut() {
            t.intent = intent;
            t.confidence = Some((confidence * 100.0).round() / 100.0);
        }
    }

    /// A typed value written into slot `slot`.
    pub(super) fn fill_slot(&mut self, slot: &str, value: Value) {
        let var = slot_var(slot);
        let value = match self.eval().declared_type(&var) {
            Some(ty) => super::super::arch::coerce(&ty, value),
            None => value,
        };
        self.eval().write_var(&var, value.clone());
        super::control::set_pair(&mut self.talk.arch.slots, Arc::from(slot), value);
    }

    /// A slot made NOT_SET again.
    fn clear(&mut self, slot: &str) {
        self.eval().write_var(&slot_var(slot), Value::NotSet);
        super::control::set_pair(&mut self.talk.arch.slots, Arc::from(slot), Value::NotSet);
    }

    fn slot_is_set(&self, slot: &str) -> bool {
        let var = slot_var(slot);
        debug_assert_eq!(var.var, UNBOUND);
        self.flowing.read_var(&var).is_set()
    }

    /// Pinned slots, typed by the domain (the request checked them).
    pub(super) fn pinned_slots(
        bot: &BotSettings,
        slots: &[(Arc<str>, serde_json::Value)],
    ) -> Vec<(Arc<str>, Value)> {
        slots
            .iter()
            .map(|(name, v)| {
                let typed = bot
                    .nlu
                    .as_ref()
                    .and_then(|nlu| nlu.slot_value(name, v).ok())
                    .unwrap_or_else(|| Value::from_json(v));
                (Arc::clone(name), typed)
            })
            .collect()
    }

    pub(super) fn not_a_bot(a: &Action) -> Did {
        Did::fail(
            ErrorKind::Unsupported,
            format!("`{}` runs only in a bot flow (one with bot settings)", a.spec().key),
        )
    }

    /// The exit of an output by name, when the action has it turned on.
    fn enabled_exit(&self, n: NodeIdx, name: &str) -> Option<u16> {
        let node = self.flowing.frame().graph.node(n);
        node.exits
            .iter()
            .position(|e| e.enabled && e.name.eq_ignore_ascii_case(name))
            .map(|i| i as u16)
    }

    /// Ask for Intent (ArchActionAskForIntent).
    pub(super) fn ask_for_intent(&mut self, n: NodeIdx, a: &Action) -> Did {
        let Some(bot) = self.eval().bot() else { return Self::not_a_bot(a) };
        let (mut st, fresh) = self.eval().ask_state(n);
        let turn = match self.ask(n, a, fresh) {
            Ok(turn) => turn,
            Err(did) => return did,
        };
        if let Some(c) = st.confirming.take() {
            return self.confirmation_answer(n, a, &bot, st, c, turn);
        }
        match turn {
            Turn::NoInput => self.no_input(n, a, &bot, st),
            Turn::NoMatch => self.no_match(n, a, &bot, st),
            Turn::Intent(intent, slots) => {
                let slots = Self::pinned_slots(&bot, &slots);
                self.classified(Some(Arc::clone(&intent)), 1.0);
                self.take_intent(n, a, &bot, st, &intent, slots)
            }
            Turn::Knowledge(answer) => self.take_knowledge(n, a, &bot, st, answer),
            Turn::Text(text, scripted) => {
                let Some(nlu) = bot.nlu.clone() else {
                    self.classified(None, 0.0);
                    return self.no_match(n, a, &bot, st);
                };
                let c = nlu.classify(&text, self.clock.now);
                let score = c.confidence * 100.0;
                self.classified(c.intent.clone(), c.confidence);
                if bot.escalation
                    && score < bot.input.high_confidence
                    && ESCALATION.iter().any(|p| words(&text).contains(&format!(" {p} ")))
                {
                    if let Err(did) = self.eval().say_expr(n, bot.escalation_confirmation.as_ref())
                    {
                        return did;
                    }
                    st.confirming = Some(Confirming::Escalation);
                    return self.eval().keep_asking(st);
                }
                // The NLU's slots, then the AI-powered ones the turn scripts (no utterance
                // fills those).
                let mut slots: Vec<(Arc<str>, Value)> =
                    c.slots.iter().map(|(s, x)| (Arc::clone(s), x.value.clone())).collect();
                slots.extend(Self::pinned_slots(&bot, &scripted));
                match c.intent {
                    Some(intent) if score >= bot.input.high_confidence => {
                        self.take_intent(n, a, &bot, st, &intent, slots)
                    }
                    Some(intent) if score >= bot.input.low_confidence => {
                        let question = bot.confirmation(&intent).cloned();
                        let said = if let Some(q) = question {
                            self.eval().say_expr(n, Some(&q))
                        } else {
                            let text = format!("I think you want {intent}, is that correct?");
                            self.eval().say(n, Arc::from(text));
                            Ok(())
                        };
                        if let Err(did) = said {
                            return did;
                        }
                        st.confirming = Some(Confirming::Intent(intent, slots));
                        self.eval().keep_asking(st)
                    }
                    _ => {
                        if self.knowledge_on(n, a) {
                            self.warn_unanswered_by_knowledge(n, &text);
                        }
                        self.no_match(n, a, &bot, st)
                    }
                }
            }
        }
    }

    /// The intent is taken: its slots are filled and its output runs. An intent the action has
    /// no (enabled) output for is a no-match.
    fn take_intent(
        &mut self,
        n: NodeIdx,
        a: &Action,
        bot: &BotSettings,
        st: AskState,
        intent: &str,
        slots: Vec<(Arc<str>, Value)>,
    ) -> Did {
        let Some(i) = self.enabled_exit(n, intent) else { return self.no_match(n, a, bot, st) };
        for (slot, value) in slots {
            self.fill_slot(&slot, value);
        }
        let name = self.flowing.frame().graph.node(n).exits[usize::from(i)].name.clone();
        self.eval().bot_frame().intent = Some(name);
        Did::Output(i)
    }

    /// A knowledge article answered the turn: `Session.LastKnowledgeAnswer` holds its answer,
    /// and the `knowledge` output runs (Genesys: "When you enable the path, if a knowledge
    /// article matches the user input, then the flow takes this output path"). With the path
    /// off, the bot does not answer from knowledge: a no-match.
    fn take_knowledge(
        &mut self,
        n: NodeIdx,
        a: &Action,
        bot: &BotSettings,
        st: AskState,
        answer: Arc<str>,
    ) -> Did {
        if !self.knowledge_on(n, a) {
            return self.no_match(n, a, bot, st);
        }
        let name = Arc::from(KNOWLEDGE_ANSWER);
        self.flowing.vars.set(&KNOWLEDGE_ANSWER.to_ascii_lowercase(), &name, Value::Str(answer));
        Did::Output(out::KNOWLEDGE.index() as u16)
    }

    /// Whether Ask for Intent `n` has its `knowledge` output on.
    fn knowledge_on(&self, n: NodeIdx, a: &Action) -> bool {
        let exit = self.flowing.frame().graph.node(n).exits.get(out::KNOWLEDGE.index());
        a.has_output(out::KNOWLEDGE) && exit.is_some_and(|e| e.enabled)
    }

    /// A turn no intent matched, at an Ask for Intent whose `knowledge` output is on: in
    /// Genesys Cloud a knowledge article may answer it, and no knowledge base is in the
    /// fixtures. Said once per action.
    fn warn_unanswered_by_knowledge(&mut self, n: NodeIdx, text: &str) {
        let at = (self.flowing.frame().flow, n);
        let kind = crate::diag::Code::Unsupported.as_str();
        self.step.warnings.once(at, kind, "knowledge", || {
            format!(
                "no intent matched `{text}` and the action's `knowledge` output is on: in Genesys Cloud a knowledge article may answer the turn, but no knowledge base is in the fixtures, so it takes the no-match handling; pin a turn the knowledge base answers with `knowledge:ANSWER` (`{{\"knowledge\": ANSWER}}`)"
            )
        });
    }

    /// The answer to a confirmation question.
    fn confirmation_answer(
        &mut self,
        n: NodeIdx,
        a: &Action,
        bot: &BotSettings,
        mut st: AskState,
        c: Confirming,
        turn: Turn,
    ) -> Did {
        let answer = match &turn {
            Turn::Text(t, _) => crate::nlu::yes_no(t)
                .filter(|(_, conf)| conf * 100.0 >= bot.input.confirmation_low_confidence)
                .map(|(yes, _)| yes),
            Turn::Intent(i, _) if i.eq_ignore_ascii_case("yes") => Some(true),
            Turn::Intent(i, _) if i.eq_ignore_ascii_case("no") => Some(false),
            _ => None,
        };
        match (answer, turn) {
            (Some(true), _) => match c {
                Confirming::Intent(intent, slots) => {
                    self.take_intent(n, a, bot, st, &intent, slots)
                }
                Confirming::Slot => super::out(a, out::DEFAULT),
                Confirming::Escalation => {
                    if let Err(did) = self.eval().say_expr(n, bot.escalation_handover.as_ref()) {
                        return did;
                    }
                    Did::ExitBot(ExitReason::AgentRequestedByUser)
                }
            },
            (Some(false), _) => {
                if let Err(did) =
                    self.eval().say_expr(n, bot.input.no_to_confirmation_apology.as_ref())
                {
                    return did;
                }
                if let Confirming::Slot = c {
                    if let Some(slot) = a.get(prop::SLOT).text().cloned() {
                        self.clear(&slot);
                    }
                }
                st.rejections += 1;
                if st.rejections > bot.input.confirmation_rejections_max {
                    return self.recognition_failure(n, bot);
                }
                if let Err(did) = self.eval().say_prop(n, a.first_of(&prop::QUESTION)) {
                    return did;
                }
                self.eval().keep_asking(st)
            }
            (None, turn) => {
                // Neither yes nor no: the confirmation is asked again after its apology,
                // counting as a no-input or a no-match.
                let (count, max, output, apology) = if matches!(turn, Turn::NoInput) {
                    st.no_inputs += 1;
                    let i = &bot.input;
                    (st.no_inputs, i.no_inputs_max, "maxNoInputs", &i.confirmation_no_input_apology)
                } else {
                    st.no_matches += 1;
                    let i = &bot.input;
                    (
                        st.no_matches,
                        i.no_matches_max,
                        "maxNoMatches",
                        &i.confirmation_no_match_apology,
                    )
                };
                if count > max {
                    return self.give_up(n, bot, output);
                }
                if let Err(did) = self.eval().say_expr(n, apology.as_ref()) {
                    return did;
                }
                st.confirming = Some(c);
                self.eval().keep_asking(st)
            }
        }
    }

    /// A turn that matched nothing.
    pub(super) fn no_match(
        &mut self,
        n: NodeIdx,
        a: &Action,
        bot: &BotSettings,
        mut st: AskState,
    ) -> Did {
        if let Some(i) = self.enabled_exit(n, "noIntent") {
            return Did::Output(i);
        }
        st.no_matches += 1;
        let (count, max) = (st.no_matches, bot.input.no_matches_max);
        self.retry(n, a, bot, st, count, max, Retry::NoMatch)
    }

    /// A turn with no input.
    pub(super) fn no_input(
        &mut self,
        n: NodeIdx,
        a: &Action,
        bot: &BotSettings,
        mut st: AskState,
    ) -> Did {
        st.no_inputs += 1;
        let (count, max) = (st.no_inputs, bot.input.no_inputs_max);
        self.retry(n, a, bot, st, count, max, Retry::NoInput)
    }

    /// The action's own reprompts for `why`, when it customizes them (Customize No Input / No
    /// Match true): the list its `noInputReprompts` / `noMatchReprompts` collection holds (empty
    /// when NOT_SET; one communication is a list of one). `None` when it does not customize.
    fn custom_reprompts(
        &mut self,
        n: NodeIdx,
        a: &Action,
        why: Retry,
    ) -> Result<Option<Arc<Vec<Value>>>, Did> {
        let (flag, list) = match why {
            Retry::NoMatch => (&prop::CUSTOMIZE_NO_MATCH, &prop::NO_MATCH_REPROMPTS),
            Retry::NoInput => (&prop::CUSTOMIZE_NO_INPUT, &prop::NO_INPUT_REPROMPTS),
        };
        if !matches!(self.eval().value_of(n, a.first_of(flag))?, Value::Bool(true)) {
            return Ok(None);
        }
        Ok(Some(match self.eval().value_of(n, a.first_of(list))? {
            Value::List(items) => items,
            Value::NotSet => Arc::new(Vec::new()),
            one => Arc::new(vec![one]),
        }))
    }

    /// Asks again after no-match or no-input number `count`: the apology, then the action's
    /// reprompt (its question when it has none). Past `max` retries, gives up instead; an Ask
    /// Survey Question, which has no paths for it, is skipped (`survey.rs`).
    ///
    /// An action that customizes its reprompts says reprompt number `count` of its list, and
    /// the list's length is its number of retries. Genesys: "it returns the communication at
    /// the position in the No Match Reprompts collection that corresponds to the current number
    /// of No Match inputs received for that action"; "The length of the No Match Reprompt
    /// collection also overrides the maximum number of No Match retries ... An empty collection
    /// turns off No Match retries" (Ask for Intent, Wait for Input; the same for No Input).
    #[allow(clippy::too_many_arguments)]
    fn retry(
        &mut self,
        n: NodeIdx,
        a: &Action,
        bot: &BotSettings,
        st: AskState,
        count: u32,
        max: u32,
        why: Retry,
    ) -> Did {
        let (output, apology, reprompt): (_, _, &[PropId]) = match why {
            Retry::NoMatch => ("maxNoMatches", &bot.input.no_match_apology, &prop::NO_MATCH),
            Retry::NoInput => ("maxNoInputs", &bot.input.no_input_apology, &prop::NO_INPUT),
        };
        // Genesys: "No Input reprompts are not enabled for Digital Bot Flows. The bot returns
        // the configuration that you define in Settings > User Input > No Input Detected > No
        // Input Apology combined with the Question communication."
        let digital = matches!(why, Retry::NoInput)
            && self
                .run
                .reg
                .flow(self.flowing.frame().flow)
                .flow_type
                .eq_ignore_ascii_case("digitalBotFlow");
        let custom = if digital {
            None
        } else {
            match self.custom_reprompts(n, a, why) {
                Ok(custom) => custom,
                Err(did) => return did,
            }
        };
        let over = match &custom {
            Some(list) => count as usize > list.len(),
            None => count > max,
        };
        if over {
            if a.spec().op == crate::flow::catalogue::Op::AskSurveyQuestion {
                return self.sets().skip_survey_question(a);
            }
            return self.give_up(n, bot, output);
        }
        if let Err(did) = self.eval().say_expr(n, apology.as_ref()) {
            return did;
        }
        let said = match &custom {
            Some(list) => {
                let v = &list[count as usize - 1];
                let text = if v.is_set() { v.display() } else { String::new() };
                self.eval().say(n, Arc::from(text.as_str()));
                Ok(!text.is_empty())
            }
            None if digital => Ok(false),
            None => self.eval().say_prop(n, a.first_of(reprompt)),
        };
        match said {
            Ok(true) => {}
            Ok(false) => {
                if let Err(did) = self.eval().say_prop(n, a.first_of(&prop::QUESTION)) {
                    return did;
                }
            }
            Err(did) => return did,
        }
        self.eval().keep_asking(st)
    }

    /// Retries ran out: the action's `maxNoMatches` / `maxNoInputs` output when the flow turned
    /// it on, else the bot's recognition failure.
    fn give_up(&mut self, n: NodeIdx, bot: &BotSettings, output: &str) -> Did {
        match self.enabled_exit(n, output) {
            Some(i) => Did::Output(i),
            None => self.recognition_failure(n, bot),
        }
    }

    /// The bot gives up: it says its recognition failure handover, then exits the bot flow or
    /// disconnects the interaction, as `recognitionFailureEventHandling` says.
    fn recognition_failure(&mut self, n: NodeIdx, bot: &BotSettings) -> Did {
        if let Err(did) = self.eval().say_expr(n, bot.recognition_failure_handover.as_ref()) {
            return did;
        }
        if bot.recognition_failure_disconnects {
            return Did::Disconnect;
        }
        Did::ExitBot(ExitReason::RecognitionFailure)
    }

    /// The values of dynamic list slot type `type_name`, each with its synonyms, evaluated now
    /// from the flow's `settingsBotFlow.dynamicSlotTypes`. As Genesys documents: the values are
    /// a String Collection that "cannot be empty"; synonyms are optional, "must match the size
    /// of the values collection", and several synonyms of one value are "a comma-separated
    /// string". Anything else fails the action (the flow's error handling).
    fn dynamic_values(
        &mut self,
        n: NodeIdx,
        bot: &BotSettings,
        type_name: &str,
    ) -> Result<Vec<(String, Vec<String>)>, Did> {
        let Some(d) = bot.dynamic_slot_type(type_name) else {
            return Err(Did::fail(
                ErrorKind::Unsupported,
                format!(
                    "slot type `{type_name}` is a dynamic list, and the flow gives it no values \
                     (settingsBotFlow.dynamicSlotTypes)"
                ),
            ));
        };
        let texts = |v: &Value| -> Option<Vec<String>> {
            match v {
                Value::List(items) => Some(
                    items
                        .iter()
                        .map(|i| if i.is_set() { i.display() } else { String::new() })
                        .collect(),
                ),
                _ => None,
            }
        };
        let eval_list = |m: &mut Self,
                         e: &Option<Expr>,
                         what: &str|
         -> Result<Option<Vec<String>>, Did> {
            let Some(e) = e else { return Ok(None) };
            match eval(e, &mut m.eval().into_scope(n)) {
                Ok(Value::NotSet) => Ok(None),
                Ok(v) => texts(&v).map(Some).ok_or_else(|| {
                    Did::fail(
                        ErrorKind::TypeMismatch,
                        format!("the {what} of dynamic slot type `{type_name}` must be a String Collection"),
                    )
                }),
                Err(e) => Err(super::expr_fail(&e)),
            }
        };
        let values = eval_list(self, &d.values, "values")?.unwrap_or_default();
        if values.is_empty() {
            return Err(Did::fail(
                ErrorKind::NotSet,
                format!("the values of dynamic slot type `{type_name}` are empty: a values collection cannot be empty"),
            ));
        }
        let synonyms = eval_list(self, &d.synonyms, "synonyms")?;
        if let Some(s) = &synonyms {
            if s.len() != values.len() {
                return Err(Did::fail(
                    ErrorKind::IndexOutOfRange,
                    format!(
                        "dynamic slot type `{type_name}` has {} values and {} synonyms: the synonyms must match the size of the values",
                        values.len(),
                        s.len()
                    ),
                ));
            }
        }
        Ok(values
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                let syn = synonyms.as_ref().map_or_else(Vec::new, |s| {
                    s[i].split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect()
                });
                (v, syn)
            })
            .collect())
    }

    /// The timeslots a time picker offers for timeslot slot type `type_name`, evaluated now
    /// from the flow's Timeslot Collection (`dynamicTimeslotTypes`): (start, length) in the
    /// collection's order, the past ones left out. As Genesys documents, the collection "must
    /// have a minimum of one future DateTime value" and "can have up to 50 DateTime values";
    /// a collection that breaks either fails the action (the flow's error handling). NOT_SET
    /// items are not offered.
    fn offered_timeslots(
        &mut self,
        n: NodeIdx,
        bot: &BotSettings,
        type_name: &str,
    ) -> Result<Vec<(i64, i64)>, Did> {
        let Some(e) = bot.dynamic_timeslot_type(type_name).and_then(|d| d.timeslots.as_ref())
        else {
            return Err(Did::fail(
                ErrorKind::Unsupported,
                format!(
                    "slot type `{type_name}` is a timeslot type, and the flow gives it no timeslots \
                     (settingsBotFlow.dynamicTimeslotTypes)"
                ),
            ));
        };
        let items = match eval(e, &mut self.eval().into_scope(n)) {
            Ok(Value::NotSet) => Arc::default(),
            Ok(Value::List(items)) => items,
            Ok(other) => {
                return Err(Did::fail(
                    ErrorKind::TypeMismatch,
                    format!(
                        "the timeslots of slot type `{type_name}` must be a Timeslot Collection, not {}",
                        other.ty()
                    ),
                ))
            }
            Err(e) => return Err(super::expr_fail(&e)),
        };
        if items.len() > MAX_TIMESLOTS {
            return Err(Did::fail(
                ErrorKind::CollectionTooLarge,
                format!(
                    "the timeslots of slot type `{type_name}` are {} values: a timeslot collection can have up to {MAX_TIMESLOTS} DateTime values",
                    items.len()
                ),
            ));
        }
        let mut offered = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item {
                Value::NotSet => {}
                Value::Timeslot(start, length) => {
                    if *start > self.clock.now {
                        offered.push((*start, *length));
                    }
                }
                other => {
                    return Err(Did::fail(
                        ErrorKind::TypeMismatch,
                        format!(
                            "the timeslots of slot type `{type_name}` must be a Timeslot Collection: it holds a {}",
                            other.ty()
                        ),
                    ))
                }
            }
        }
        if offered.is_empty() {
            let now = Value::DateTime(self.clock.now).display();
            return Err(Did::fail(
                ErrorKind::NotSet,
                format!(
                    "the timeslots of slot type `{type_name}` have no future DateTime value (now is {now}): the collection must have a minimum of one"
                ),
            ));
        }
        Ok(offered)
    }

    /// Ask for Slot (ArchActionAskForSlot): a slot already filled (by the intent's utterance)
    /// is not asked again.
    pub(super) fn ask_for_slot(&mut self, n: NodeIdx, a: &Action) -> Did {
        /// Ask for Slot reads this many characters of a turn for its slot, and no more.
        const SLOT_CAPTURE_CHARS: usize = 500;
        let Some(bot) = self.eval().bot() else { return Self::not_a_bot(a) };
        let Some(slot) = a.get(prop::SLOT).text().cloned() else {
            return Did::fail(ErrorKind::Unsupported, "Ask for Slot names no slot".into());
        };
        let info = bot.nlu.as_ref().and_then(|nlu| nlu.slot(&slot));
        let kind = info.as_ref().map(|i| i.kind);
        let (mut st, fresh) = self.eval().ask_state(n);
        if fresh && self.slot_is_set(&slot) {
            return super::out(a, out::DEFAULT);
        }
        // A time picker offers the flow's timeslots, checked before it is shown.
        let offered = match info.as_ref().filter(|i| i.kind == SlotKind::Timeslot) {
            Some(info) => match self.offered_timeslots(n, &bot, &info.type_name) {
                Ok(offered) => Some(offered),
                Err(did) => return did,
            },
            None => None,
        };
        let turn = match self.ask(n, a, fresh) {
            Ok(turn) => turn,
            Err(did) => return did,
        };
        if let Some(c) = st.confirming.take() {
            return self.confirmation_answer(n, a, &bot, st, c, turn);
        }
        let value = match turn {
            Turn::NoInput => return self.no_input(n, a, &bot, st),
            Turn::NoMatch => None,
            // The picker's reply: the chosen timeslot's start. A pinned turn names none.
            Turn::Intent(..) if offered.is_some() => None,
            Turn::Knowledge(_) => None,
            Turn::Text(text, _) if offered.is_some() => crate::expr::value::parse_datetime(&text)
                .and_then(|ms| pick_timeslot(offered.as_deref(), ms)),
            Turn::Intent(_, slots) => {
                let pinned = Self::pinned_slots(&bot, &slots);
                pinned.into_iter().find(|(s, _)| s.eq_ignore_ascii_case(&slot)).map(|(_, v)| v)
            }
            // No model runs here: the turn must say what it would extract.
            Turn::Text(_, scripted) if kind == Some(SlotKind::Ai) => {
                let pinned = Self::pinned_slots(&bot, &scripted);
                match pinned.into_iter().find(|(s, _)| s.eq_ignore_ascii_case(&slot)) {
                    Some((_, v)) => Some(v),
                    None => return Did::fail(ErrorKind::Unsupported, SlotKind::unscripted(&slot)),
                }
            }
            Turn::Text(text, _) => {
                // "The character limit for slot capture is 500 characters" (Ask for Slot
                // action): what follows them is not read.
                let text = match text.char_indices().nth(SLOT_CAPTURE_CHARS) {
                    Some((end, _)) => text.cut(..end),
                    None => text.as_ref(),
                };
                let info = bot.nlu.as_ref().and_then(|nlu| nlu.slot(&slot));
                match info.filter(|i| i.kind == SlotKind::DynamicList) {
                    Some(info) => match self.dynamic_values(n, &bot, &info.type_name) {
                        Ok(values) => crate::nlu::Nlu::extract_from(&values, text),
                        Err(did) => return did,
                    },
                    None => {
                        bot.nlu.as_ref().and_then(|nlu| nlu.extract(&slot, text, self.clock.now))
                    }
                }
                .map(|x| x.value)
            }
        };
        let Some(value) = value else { return self.no_match(n, a, &bot, st) };
        self.fill_slot(&slot, value);
        // Genesys: "If this field evaluates to false or a NOT_SET boolean, the value is
        // invalid." Without the property, every value is valid.
        let validation = a.get(prop::SLOT_VALIDATION);
        if !validation.is_none() {
            match self.eval().value_of(n, validation) {
                Ok(Value::Bool(false) | Value::NotSet) => {
                    self.clear(&slot);
                    return self.no_match(n, a, &bot, st);
                }
                Ok(_) => {}
                Err(did) => return did,
            }
        }
        let mode = match self.eval().value(n, a, prop::SLOT_CONFIRMATION_MODE) {
            Ok(m) => m.display().to_lowercase(),
            Err(did) => return did,
        };
        if mode == "always" {
            let said = match self.eval().say_prop(n, a.get(prop::SLOT_CONFIRMATION_QUESTION)) {
                Ok(s) => s,
                Err(did) => return did,
            };
            if !said {
                let v = self.flowing.read_var(&slot_var(&slot)).display();
                self.eval().say(n, Arc::from(format!("You said {v}, is that correct?")));
            }
            st.confirming = Some(Confirming::Slot);
            return self.eval().keep_asking(st);
        }
        super::out(a, out::DEFAULT)
    }

    /// Ask for Yes/No (ArchActionAskForBoolean).
    pub(super) fn ask_for_boolean(&mut self, n: NodeIdx, a: &Action) -> Did {
        let Some(bot) = self.eval().bot() else { return Self::not_a_bot(a) };
        let (st, fresh) = self.eval().ask_state(n);
        let turn = match self.ask(n, a, fresh) {
            Ok(turn) => turn,
            Err(did) => return did,
        };
        let answer = match turn {
            Turn::NoInput => return self.no_input(n, a, &bot, st),
            Turn::NoMatch => None,
            Turn::Intent(i, _) if i.eq_ignore_ascii_case("yes") => Some(true),
            Turn::Intent(i, _) if i.eq_ignore_ascii_case("no") => Some(false),
            Turn::Intent(..) | Turn::Knowledge(_) => None,
            Turn::Text(t, _) => crate::nlu::yes_no(&t)
                .filter(|(_, conf)| conf * 100.0 >= bot.input.low_confidence)
                .map(|(yes, _)| yes),
        };
        match answer {
            Some(true) => super::out(a, out::YES),
            Some(false) => super::out(a, out::NO),
            None => self.no_match(n, a, &bot, st),
        }
    }

    /// Anything Else? Loop (ArchActionLoopAnythingElse): the body runs; when it ends, the bot
    /// asks `question` (default "Is there anything else I can help you with?"); yes runs the
    /// body again with the next `currentIndex`, no goes on after the loop. Other answers are
    /// no-matches and no-inputs, retried as every Ask's are.
    pub(super) fn loop_anything_else(&mut self, n: NodeIdx, a: &Action) -> Did {
        let Some(bot) = self.eval().bot() else { return Self::not_a_bot(a) };
        let running = matches!(self.flowing.frame().arch.loops.last(), Some(l) if l.node == n);
        if !running {
            let state = &mut self.flowing.frames.last_mut().expect("a frame").arch;
            state.loops.retain(|l| l.node != n);
            state.loops.push(super::super::cx::LoopState { node: n, index: 0 });
            if let Some(var) = a.get(prop::ANYTHING_ELSE_INDEX).var() {
                self.eval().write_var(var, Value::Int(0));
            }
            return super::out(a, out::LOOP);
        }
        let (st, fresh) = self.eval().ask_state(n);
        if fresh && self.eval().bot_frame().pending.is_none() {
            match self.eval().say_prop(n, a.first_of(&prop::QUESTION)) {
                Ok(true) => {}
                Ok(false) => {
                    self.eval().say(n, Arc::from("Is there anything else I can help you with?"));
                }
                Err(did) => return did,
            }
        }
        let answer = match self.turn() {
            Turn::NoInput => return self.no_input(n, a, &bot, st),
            Turn::NoMatch | Turn::Intent(..) | Turn::Knowledge(_) => None,
            Turn::Text(t, _) => crate::nlu::yes_no(&t)
                .filter(|(_, conf)| conf * 100.0 >= bot.input.low_confidence)
                .map(|(yes, _)| yes),
        };
        let state = &mut self.flowing.frames.last_mut().expect("a frame").arch;
        match answer {
            Some(true) => {
                let index = state.loops.last_mut().map_or(0, |l| {
                    l.index += 1;
                    l.index
                });
                if let Some(var) = a.get(prop::ANYTHING_ELSE_INDEX).var() {
                    self.eval().write_var(var, Value::Int(index));
                }
                super::out(a, out::LOOP)
            }
            Some(false) => {
                state.loops.pop();
                Did::Success
            }
            None => self.no_match(n, a, &bot, st),
        }
    }

    /// Digital Menu (ArchActionDigitalMenu): says `question`, and the customer picks a choice
    /// (in Genesys, by a quick-reply button, which sends its value): a turn picks the choice
    /// whose name, or whose button's value or label, it equals (ignoring case and
    /// punctuation), whose number it is (`2`: the second), or whose name's words it contains;
    /// anything else is a no-match. The chosen choice's name goes to `selection`.
    pub(super) fn digital_menu(&mut self, n: NodeIdx, a: &Action) -> Did {
        // The chooser's buttons, in the order of the choices: what each press sends and shows.
        let mut buttons: Vec<Vec<String>> = Vec::new();
        for record in a.get(prop::MENU_BUTTONS).list() {
            let mut texts = Vec::new();
            for id in [prop::BUTTON_VALUE, prop::BUTTON_LABEL] {
                match self.eval().value_of(n, Prop::field(record, id)) {
                    Ok(v) if v.is_set() => texts.push(v.display()),
                    Ok(_) => {}
                    Err(did) => return did,
                }
            }
            buttons.push(texts);
        }
        let bot = self.eval().bot().unwrap_or_else(|| Arc::new(BotSettings::new(None)));
        let (st, fresh) = self.eval().ask_state(n);
        let fixed = a.spec().outputs.len();
        let turn = match self.ask(n, a, fresh) {
            Ok(turn) => turn,
            Err(did) => return did,
        };
        let text = match turn {
            Turn::NoInput => return self.no_input(n, a, &bot, st),
            Turn::NoMatch | Turn::Knowledge(_) => None,
            Turn::Intent(i, _) => Some(i),
            Turn::Text(t, _) => Some(t),
        };
        let node = self.flowing.frame().graph.node(n);
        let choice = text.and_then(|t| {
            let choices: Vec<(usize, &str)> = node
                .exits
                .iter()
                .enumerate()
                .skip(fixed)
                .filter(|(_, e)| e.enabled)
                .map(|(i, e)| (i, &*e.name))
                .collect();
            // A button's exact text first (it is what a press sends), then the choices' names.
            let said = crate::nlu::text::words(&t);
            let pressed = buttons.iter().enumerate().find_map(|(j, texts)| {
                texts
                    .iter()
                    .any(|b| !said.is_empty() && crate::nlu::text::words(b) == said)
                    .then_some(fixed + j)
                    .filter(|i| node.exits.get(*i).is_some_and(|e| e.enabled))
            });
            pressed.or_else(|| pick(&choices, &t))
        });
        match choice {
            Some(i) => {
                if let Prop::Var(var) = a.get(prop::MENU_SELECTION) {
                    let name = Value::Str(node.exits[i].name.clone());
                    self.eval().write_var(var, name);
                }
                Did::Output(i as u16)
            }
            None => self.no_match(n, a, &bot, st),
        }
    }

    /// Detect Intent: the flow's NLU classifies the inbound message's body (an email's body, not
    /// its subject); an intent scoring at least `collectionLowConfidenceThreshold` % is
    /// detected: its name goes to `detectedIntent` and its path runs. Nothing detected, or an
    /// intent the action has no enabled path for: `detectedIntent` NOT_SET, `default`.
    pub(super) fn detect_intent(&mut self, n: NodeIdx, a: &Action) -> Did {
        let flow_type = self.run.reg.flow(self.flowing.frame().flow).flow_type.to_ascii_lowercase();
        let body = match flow_type.as_str() {
            "inboundemail" | "inqueueemail" => "Email.Message.body",
            "inboundshortmessage" | "inqueueshortmessage" => "Message.Message.body",
            _ => {
                return Did::fail(
                    ErrorKind::Unsupported,
                    format!(
                        "Detect Intent reads an inbound email's or message's body; Genesys does \
                         not say what it reads in a {} flow",
                        self.run.reg.flow(self.flowing.frame().flow).flow_type
                    ),
                )
            }
        };
        let Some((bot, nlu)) = self.eval().bot().and_then(|b| b.nlu.clone().map(|nlu| (b, nlu)))
        else {
            return Did::fail(
                ErrorKind::Unsupported,
                "Detect Intent needs the flow's NLU domain (settingsNaturalLanguageUnderstanding)"
                    .into(),
            );
        };
        let text = self.flowing.read_var(&VarRef::new(body));
        let text = if text.is_set() { text.display() } else { String::new() };
        let c = nlu.classify(&text, self.clock.now);
        if let Some(t) = self.talk.arch.transcript.iter_mut().find(|t| t.kind == "message") {
            if t.confidence.is_none() {
                t.intent.clone_from(&c.intent);
                t.confidence = Some((c.confidence * 100.0).round() / 100.0);
            }
        }
        let detected = c
            .intent
            .filter(|_| c.confidence * 100.0 >= bot.input.low_confidence)
            .and_then(|intent| self.enabled_exit(n, &intent).map(|i| (intent, i)));
        if let Prop::Var(v) = a.get(prop::DETECTED_INTENT) {
            let value = detected.as_ref().map_or(Value::NotSet, |(i, _)| Value::Str(Arc::clone(i)));
            self.eval().write_var(&v.clone(), value);
        }
        match detected {
            Some((_, i)) => Did::Output(i),
            None => super::out(a, out::DEFAULT),
        }
    }

    /// Clear Slot: each slot named is NOT_SET again, so Ask for Slot asks for it.
    pub(super) fn clear_slot(&mut self, a: &Action) -> Did {
        for record in a.get(prop::CLEAR_SLOTS).list() {
            if let Prop::Text(slot) = Prop::field(record, prop::CLEARED_SLOT) {
                self.clear(slot);
            }
        }
        Did::Success
    }

    pub(super) fn clear_active_intent(&mut self) -> Did {
        self.eval().bot_frame().intent = None;
        Did::Success
    }

    /// Call Bot Flow / Call Digital Bot Flow: the bot runs with its own variables, its slot
    /// inputs set, and `inputText` as its first turn.
    pub(super) fn call_bot_flow(&mut self, n: NodeIdx, a: &Action) -> Did {
        let Some(name) = a.get(prop::BOT_FLOW).text().cloned() else {
            return Did::fail(
                ErrorKind::FlowNotFound,
                "the bot flow call names no bot flow".into(),
            );
        };
        let callee = match self.run.reg.find(&name, Want::of_action(a.spec())) {
            Ok(callee) => callee,
            Err(Lookup::WrongType(other)) => {
                let flow_type = &self.run.reg.flow(other).flow_type;
                return Did::fail(
                    ErrorKind::FlowNotFound,
                    format!("`{name}` is a {flow_type} flow, not a bot flow"),
                );
            }
            Err(_) => {
                return Did::fail(
                    ErrorKind::FlowNotFound,
                    format!("bot flow `{name}` is not among the loaded flows"),
                );
            }
        };
        if FlowType::of(&self.run.reg.flow(callee).flow_type) != FlowType::Bot {
            return Did::fail(
                ErrorKind::FlowNotFound,
                format!(
                    "`{name}` is a {} flow, not a bot flow",
                    self.run.reg.flow(callee).flow_type
                ),
            );
        }
        // The slot inputs of no value are left out where the catalogue says so.
        let skips = a.spec_of(prop::BOT_INPUTS).skips_not_set;
        let mut inputs = Vec::new();
        for (key, p) in a.get(prop::BOT_INPUTS).map() {
            match self.eval().value_of(n, p) {
                Ok(v) if skips && !v.is_set() => {}
                Ok(v) => inputs.push((key.clone(), v)),
                Err(did) => return did,
            }
        }
        let text = match self.eval().value(n, a, prop::BOT_INPUT_TEXT) {
            Ok(v) if v.is_set() && !v.display().trim().is_empty() => Some(Arc::from(v.display())),
            Ok(_) => None,
            Err(did) => return did,
        };
        Did::CallBot(Box::new((callee, inputs, text)))
    }
}

// What a bot's asks share that needs neither a turn nor the conversation: the bot's frame,
// its prompts.
impl Eval<'_, '_, '_> {
    /// The current flow's bot settings.
    pub(super) fn bot(&self) -> Option<Arc<BotSettings>> {
        self.run.reg.flow(self.flowing.frame().flow).arch.bot.clone()
    }

    pub(super) fn bot_frame(&mut self) -> &mut BotFrame {
        self.flowing.frames.last_mut().expect("a frame").arch.bot.get_or_insert_with(Box::default)
    }

    /// The Ask state for node `n`: the one kept from its last turn, or a fresh one.
    pub(super) fn ask_state(&mut self, n: NodeIdx) -> (AskState, bool) {
        match self.flowing.frames.last_mut().expect("a frame").arch.ask.take() {
            Some(s) if s.node == n => (s, false),
            _ => (
                AskState { node: n, no_inputs: 0, no_matches: 0, rejections: 0, confirming: None },
                true,
            ),
        }
    }

    fn keep_asking(&mut self, st: AskState) -> Did {
        let n = st.node;
        self.flowing.frames.last_mut().expect("a frame").arch.ask = Some(st);
        Did::Goto(n)
    }

    /// Says a property's text (nothing when it is unset or empty): whether it said something.
    pub(super) fn say_prop(&mut self, n: NodeIdx, p: &Prop) -> Result<bool, Did> {
        let v = self.value_of(n, p)?;
        let said = v.is_set() && !v.display().is_empty();
        if said {
            self.say(n, Arc::from(v.display()));
        }
        Ok(said)
    }

    /// Says a communication expression (nothing when it is unset or empty).
    fn say_expr(&mut self, n: NodeIdx, e: Option<&Expr>) -> Result<(), Did> {
        let Some(e) = e else { return Ok(()) };
        let v = eval(e, &mut self.scope(n)).map_err(|e| super::super::did::expr_fail(&e))?;
        if v.is_set() {
            self.say(n, Arc::from(v.display()));
        }
        Ok(())
    }
}

/// The choice a turn picks: by its label (normalized), its number, or the label's words.
fn pick(choices: &[(usize, &str)], text: &str) -> Option<usize> {
    let said = crate::nlu::text::words(text);
    if said.is_empty() {
        return None;
    }
    let label_words = |l: &str| crate::nlu::text::words(l);
    if let Some((i, _)) = choices.iter().find(|(_, l)| label_words(l) == said) {
        return Some(*i);
    }
    if let [only] = said.as_slice() {
        if let Ok(k) = only.parse::<usize>() {
            return k.checked_sub(1).and_then(|k| choices.get(k)).map(|(i, _)| *i);
        }
    }
    let contained = |l: &str| {
        let w = label_words(l);
        !w.is_empty() && said.windows(w.len()).any(|win| win == w.as_slice())
    };
    // The longest label the turn contains wins ("next day" over "day"); then the first.
    let mut best: Option<(usize, usize)> = None;
    for (i, l) in choices.iter().filter(|(_, l)| contained(l)) {
        let len = label_words(l).len();
        if best.is_none_or(|(_, b)| len > b) {
            best = Some((*i, len));
        }
    }
    best.map(|(i, _)| i)
}
