//! A bot flow's settings in an export: `nluMetaData.rawNlu` (the NLU domain as a JSON string,
//! the same shape Archy writes), `nluMetaData.intents.<name>.confirmation`,
//! `userInputSettings` and the bot parts of `errorHandling`.

use super::value::At;
use super::{s, Cx};
use crate::expr::{Expr, ExprKind, Value};
use crate::flow::action::Prop;
use crate::flow::bot::BotSettings;
use crate::flow::catalogue::PropKind;
use crate::nlu::Nlu;
use serde_json::{Map, Value as J};
use std::sync::Arc;

/// The longest `rawNlu` text read (a domain of 10,000 utterances fits well within).
const MAX_RAW_NLU: usize = 8 << 20;

impl Cx<'_> {
    pub(super) fn bot_settings(
        &mut self,
        doc: &Map<String, J>,
        flow_type: &str,
    ) -> Option<Arc<BotSettings>> {
        let meta = doc.get("nluMetaData");
        if !matches!(flow_type, "botFlow" | "digitalBotFlow") && meta.is_none() {
            return None;
        }
        let raw = meta.and_then(|m| s(m.get("rawNlu")));
        let nlu = match raw {
            Some(text) if text.len() > MAX_RAW_NLU => {
                let message =
                    format!("`rawNlu` is {} bytes, over the limit of {MAX_RAW_NLU}", text.len());
                self.error("valueIsTooLarge", None, "nluMetaData.rawNlu", message);
                None
            }
            Some(text) => match serde_json::from_str::<J>(text) {
                Ok(domain) => match Nlu::from_json(&domain) {
                    Ok(nlu) => Some(Arc::new(nlu)),
                    Err(errors) => {
                        for e in errors {
                            let path = format!("nluMetaData.rawNlu.{}", e.path);
                            self.error(
                                "badNlu",
                                None,
                                &path,
                                format!("the NLU domain: {}", e.message),
                            );
                        }
                        None
                    }
                },
                Err(e) => {
                    let message = format!("`rawNlu` is not JSON: {e}");
                    self.error("badNlu", None, "nluMetaData.rawNlu", message);
                    None
                }
            },
            None => None,
        };
        let mut bot = BotSettings::new(nlu);
        if let Some(u) = doc.get("userInputSettings").and_then(J::as_object) {
            const UI: &str = "userInputSettings";
            let input = &mut bot.input;
            for (key, into) in [
                ("noMatchesMax", &mut input.no_matches_max),
                ("noInputsMax", &mut input.no_inputs_max),
                ("confirmationRejectionsMax", &mut input.confirmation_rejections_max),
            ] {
                if let Some(Value::Int(i)) = self.setting(u, key, UI) {
                    *into = i.clamp(0, 100) as u32;
                }
            }
            for (key, into) in [
                ("collectionLowConfidenceThreshold", &mut input.low_confidence),
                ("collectionHighConfidenceThreshold", &mut input.high_confidence),
                ("confirmationLowConfidenceThreshold", &mut input.confirmation_low_confidence),
            ] {
                match self.setting(u, key, UI) {
                    Some(Value::Int(i)) => *into = i.clamp(0, 100) as f64,
                    Some(Value::Dec(d)) => *into = d.clamp(0.0, 100.0),
                    _ => {}
                }
            }
            input.no_match_apology = self.audio(u, "noMatchApology", UI);
            input.no_input_apology = self.audio(u, "noInputApology", UI);
            input.no_to_confirmation_apology = self.audio(u, "noToConfirmationApology", UI);
            input.confirmation_no_match_apology = self.audio(u, "confirmationNoMatchApology", UI);
            input.confirmation_no_input_apology = self.audio(u, "confirmationNoInputApology", UI);
        }
        if let Some(intents) = meta.and_then(|m| m.get("intents")).and_then(J::as_object) {
            for (name, i) in intents {
                let Some(i) = i.as_object() else { continue };
                let path = format!("nluMetaData.intents.{name}");
                if let Some(e) = self.audio(i, "confirmation", &path) {
                    bot.confirmations.push((Arc::from(name.as_str()), e));
                }
            }
        }
        if let Some(eh) = doc.get("errorHandling").and_then(J::as_object) {
            const EH: &str = "errorHandling";
            bot.escalation =
                matches!(self.setting(eh, "enableAgentEscalation", EH), Some(Value::Bool(true)));
            bot.escalation_confirmation = self.audio(eh, "agentEscalationConfirmation", EH);
            bot.escalation_handover = self.audio(eh, "agentEscalationHandover", EH);
            bot.error_handover = self.audio(eh, "errorEventHandover", EH);
            bot.recognition_failure_handover =
                self.audio(eh, "recognitionFailureEventHandover", EH);
        }
        Some(Arc::new(bot))
    }

    /// A literal setting (`{"text": "3", "type": "int"}`).
    fn setting(&mut self, o: &Map<String, J>, key: &str, owner: &str) -> Option<Value> {
        let path = format!("{owner}.{key}");
        match self.prop(o.get(key), PropKind::Expr, At { node: None, path: &path }) {
            Prop::Expr(Expr { kind: ExprKind::Lit(v), .. }) => Some(v),
            _ => None,
        }
    }

    /// A communication setting.
    fn audio(&mut self, o: &Map<String, J>, key: &str, owner: &str) -> Option<Expr> {
        let path = format!("{owner}.{key}");
        match self.prop(o.get(key), PropKind::Audio, At { node: None, path: &path }) {
            Prop::Expr(e) => Some(e),
            _ => None,
        }
    }
}
