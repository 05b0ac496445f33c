//! A bot flow's settings in Archy: `settingsNaturalLanguageUnderstanding` (the NLU domain,
//! compiled by [`crate::nlu`]), `settingsUserInput`, `settingsBotFlow.intentSettings` and the
//! bot parts of `settingsErrorHandling`; a voice survey flow's form (`surveyForm`,
//! `settingsVoiceSurvey.surveyQuestions`), whose questions its Ask Survey Question actions ask
//! with the same user-input settings.

use super::props::At;
use super::yaml::Y;
use super::Cx;
use crate::expr::Expr;
use crate::flow::action::Prop;
use crate::flow::bot::{self, BotSettings};
use crate::flow::catalogue::PropKind;
use crate::flow::survey::{AnswerOption, SurveyForm, SurveyQuestion};
use crate::nlu::Nlu;
use std::sync::Arc;

const NODE: &str = crate::flow::model::SETTINGS_NODE;
/// Where `check` places a diagnostic about a bot flow's intents.
pub(crate) const INTENTS_PROPERTY: &str =
    "settingsNaturalLanguageUnderstanding.nluDomainVersion.intents";

impl Cx<'_> {
    /// The flow's bot settings, when it is a bot flow or declares an NLU domain.
    pub(super) fn bot_settings(&mut self, flow_type: &str, body: &Y) -> Option<Arc<BotSettings>> {
        let nlu_y = body.get("settingsNaturalLanguageUnderstanding");
        // A voice survey asks as a bot does (Ask Survey Question), with or without a domain.
        let is_bot = matches!(flow_type, "botFlow" | "digitalBotFlow" | "voiceSurvey");
        if !is_bot && nlu_y.is_none() {
            return None;
        }
        let domain = nlu_y.map(|n| n.get("nluDomainVersion").unwrap_or(n));
        // Where the intents are written, for `check`'s diagnostics about them.
        if let Some(intents) = domain.and_then(|d| d.get("intents")) {
            let prop = INTENTS_PROPERTY;
            self.note_source(intents, At { node: NODE, prop }, "", true);
        }
        let nlu = domain.and_then(|d| match Nlu::from_json(&d.to_json()) {
            Ok(nlu) => Some(Arc::new(nlu)),
            Err(errors) => {
                for e in errors {
                    let d = self
                        .diag(crate::diag::Code::BadNlu, format!("the NLU domain: {}", e.message), d.pos)
                        .property(format!(
                            "settingsNaturalLanguageUnderstanding.nluDomainVersion.{}",
                            e.path
                        ))
                        .help("fix the intent, slot or slot type it names; `flowsim docs nlu` says what flowsim reads");
                    self.diags.push(d);
                }
                None
            }
        });
        let mut bot = BotSettings::new(nlu);
        if let Some(u) = body.get("settingsUserInput") {
            bot::read_user_input(&mut bot.input, |key, kind| {
                self.setting(u, key, kind, "settingsUserInput")
            });
        }
        let intents = body.get("settingsBotFlow").and_then(|b| b.get("intentSettings"));
        for item in intents.and_then(Y::seq).unwrap_or_default() {
            let i = item.get("intent").unwrap_or(item);
            let Some(name) = i.get("name").and_then(Y::text) else { continue };
            let owner = "settingsBotFlow.intentSettings";
            if let Some(e) = self.setting(i, "confirmation", PropKind::Audio, owner) {
                bot.confirmations.push((Arc::from(name.as_ref()), e));
            }
            if let Some(task) = i.get("task").and_then(|t| t.get("name")).and_then(Y::text) {
                bot.intent_tasks.push((Arc::from(name.as_ref()), Arc::from(task.as_ref())));
            }
        }
        let dynamic = body.get("settingsBotFlow").and_then(|b| b.get("dynamicSlotTypes"));
        for item in dynamic.and_then(Y::seq).unwrap_or_default() {
            let d = item.get("dynamicSlotType").unwrap_or(item);
            let Some(name) = d.get("name").and_then(Y::text) else { continue };
            let owner = "settingsBotFlow.dynamicSlotTypes";
            let values = self.setting(d, "values", PropKind::Expr, owner);
            let synonyms = self.setting(d, "synonyms", PropKind::Expr, owner);
            bot.dynamic_slot_types.push(bot::DynamicSlotType {
                name: Arc::from(name.as_ref()),
                values,
                synonyms,
            });
        }
        let timeslots = body.get("settingsBotFlow").and_then(|b| b.get("dynamicTimeslotTypes"));
        for (i, item) in timeslots.and_then(Y::seq).unwrap_or_default().iter().enumerate() {
            let d = item.get("dynamicTimeslotType").unwrap_or(item);
            let Some(name) = d.get("name").and_then(Y::text) else { continue };
            let owner = format!("settingsBotFlow.dynamicTimeslotTypes[{i}]");
            let timeslots = self.setting(d, "timeslots", PropKind::Expr, &owner);
            bot.dynamic_timeslot_types.push(bot::DynamicTimeslotType {
                name: Arc::from(name.as_ref()),
                timeslots,
                at: format!("{owner}.timeslots").into(),
            });
        }
        if let Some(eh) = body.get("settingsErrorHandling") {
            bot::read_escalation(&mut bot, |key, kind| {
                self.setting(eh, key, kind, "settingsErrorHandling")
            });
            // "Exit the bot flow" or "Disconnect the interaction" (Set default error handling
            // behavior); a jump to a reusable task is not run offline.
            let handling = eh.get("recognitionFailureEventHandling");
            match handling.and_then(Y::single) {
                None => {}
                Some((how, _)) if how.as_ref() == "exit" => {}
                Some((how, _)) if how.as_ref() == "disconnect" => {
                    bot.recognition_failure_disconnects = true;
                }
                Some((how, y)) => {
                    let d = self
                        .diag(
                            crate::diag::Code::Unsupported,
                            format!("recognition failure handling `{how}` is not supported: flowsim runs `exit` and `disconnect`; the bot exits"),
                            y.pos,
                        )
                        .property("settingsErrorHandling.recognitionFailureEventHandling");
                    self.diags.push(d);
                }
            }
        }
        Some(Arc::new(bot))
    }

    /// A voice survey flow's form: `surveyForm: {name}` and `settingsVoiceSurvey:
    /// {surveyQuestions: [- surveyQuestion: {text, answerOptions: {lit: [- lit: {dtmf: {lit:
    /// "1"}, text: {lit: Yes}}]}}]}`. `None` when the flow has neither.
    pub(super) fn survey_form(&mut self, body: &Y) -> Option<Arc<SurveyForm>> {
        fn lit(y: &Y) -> &Y {
            y.get("lit").unwrap_or(y)
        }
        let form = body.get("surveyForm");
        let listed = body.get("settingsVoiceSurvey").and_then(|s| s.get("surveyQuestions"));
        if form.is_none() && listed.is_none() {
            return None;
        }
        let name = form.and_then(|f| f.get("name").or(Some(f))).and_then(Y::text);
        let mut out = SurveyForm {
            name: Arc::from(name.as_deref().unwrap_or_default()),
            questions: Vec::new(),
        };
        for (i, item) in listed.and_then(Y::seq).unwrap_or_default().iter().enumerate() {
            let q = item.get("surveyQuestion").unwrap_or(item);
            let place = format!("settingsVoiceSurvey.surveyQuestions[{i}]");
            let Some(text) = q.get("text").map(lit).and_then(Y::text) else {
                let d = self
                    .diag(crate::diag::Code::MissingProperty, format!("`{place}.text` is required here: the question's text, as the form has it"), q.pos)
                    .property(place);
                self.diags.push(d);
                continue;
            };
            let mut options = Vec::new();
            let listed = q.get("answerOptions").map(lit).and_then(Y::seq).unwrap_or_default();
            for (j, o) in listed.iter().enumerate() {
                let o = lit(o);
                let read = |key| o.get(key).map(lit).and_then(Y::text).map(|t| Arc::from(t.trim()));
                let Some(answer) = read("text").filter(|t: &Arc<str>| !t.is_empty()) else {
                    let d = self
                        .diag(crate::diag::Code::MissingProperty, format!("`{place}.answerOptions[{j}].text` is required here: the answer a caller gives"), o.pos)
                        .property(format!("{place}.answerOptions"));
                    self.diags.push(d);
                    continue;
                };
                options.push(AnswerOption {
                    dtmf: read("dtmf").unwrap_or_else(|| Arc::from("")),
                    text: answer,
                });
            }
            out.questions.push(SurveyQuestion { text: Arc::from(&*text), options });
        }
        Some(Arc::new(out))
    }

    /// A setting (`lit:`, `exp:`, `tts:`) read as a property of `kind`.
    fn setting(&mut self, y: &Y, key: &str, kind: PropKind, owner: &str) -> Option<Expr> {
        let prop = format!("{owner}.{key}");
        match self.value(y.get(key)?, kind, At { node: NODE, prop: &prop }) {
            Prop::Expr(e) => Some(e),
            _ => None,
        }
    }
}
