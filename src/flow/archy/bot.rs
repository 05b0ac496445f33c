//! A bot flow's settings in Archy: `settingsNaturalLanguageUnderstanding` (the NLU domain,
//! compiled by [`crate::nlu`]), `settingsUserInput`, `settingsBotFlow.intentSettings` and the
//! bot parts of `settingsErrorHandling`.

use super::props::At;
use super::yaml::Y;
use super::Cx;
use crate::expr::{Expr, ExprKind, Value};
use crate::flow::action::Prop;
use crate::flow::bot::BotSettings;
use crate::flow::catalogue::PropKind;
use crate::nlu::Nlu;
use std::sync::Arc;

const NODE: &str = "settings";

impl Cx<'_> {
    /// The flow's bot settings, when it is a bot flow or declares an NLU domain.
    pub(super) fn bot_settings(&mut self, flow_type: &str, body: &Y) -> Option<Arc<BotSettings>> {
        let nlu_y = body.get("settingsNaturalLanguageUnderstanding");
        let is_bot = matches!(flow_type, "botFlow" | "digitalBotFlow");
        if !is_bot && nlu_y.is_none() {
            return None;
        }
        let domain = nlu_y.map(|n| n.get("nluDomainVersion").unwrap_or(n));
        let nlu = domain.and_then(|d| match Nlu::from_json(&d.to_json()) {
            Ok(nlu) => Some(Arc::new(nlu)),
            Err(errors) => {
                for e in errors {
                    let d = self
                        .diag("badNlu", format!("the NLU domain: {}", e.message), d.pos)
                        .property(format!(
                            "settingsNaturalLanguageUnderstanding.nluDomainVersion.{}",
                            e.path
                        ))
                        .help("fix the intent, slot or slot type it names; docs/nlu.md says what flowsim reads");
                    self.diags.push(d);
                }
                None
            }
        });
        let mut bot = BotSettings::new(nlu);
        if let Some(u) = body.get("settingsUserInput") {
            let input = &mut bot.input;
            let count = |cx: &mut Self, key: &str, into: &mut u32| {
                if let Some(Value::Int(i)) = cx.literal(u, key, "settingsUserInput") {
                    *into = i.clamp(0, 100) as u32;
                }
            };
            count(self, "noMatchesMax", &mut input.no_matches_max);
            count(self, "noInputsMax", &mut input.no_inputs_max);
            count(self, "confirmationRejectionsMax", &mut input.confirmation_rejections_max);
            let percent = |cx: &mut Self, key: &str, into: &mut f64| match cx.literal(
                u,
                key,
                "settingsUserInput",
            ) {
                Some(Value::Int(i)) => *into = i.clamp(0, 100) as f64,
                Some(Value::Dec(d)) => *into = d.clamp(0.0, 100.0),
                _ => {}
            };
            percent(self, "collectionLowConfidenceThreshold", &mut input.low_confidence);
            percent(self, "collectionHighConfidenceThreshold", &mut input.high_confidence);
            percent(
                self,
                "confirmationLowConfidenceThreshold",
                &mut input.confirmation_low_confidence,
            );
            input.no_match_apology = self.audio(u, "noMatchApology", "settingsUserInput");
            input.no_input_apology = self.audio(u, "noInputApology", "settingsUserInput");
            input.no_to_confirmation_apology =
                self.audio(u, "noToConfirmationApology", "settingsUserInput");
            input.confirmation_no_match_apology =
                self.audio(u, "confirmationNoMatchApology", "settingsUserInput");
            input.confirmation_no_input_apology =
                self.audio(u, "confirmationNoInputApology", "settingsUserInput");
        }
        let intents = body.get("settingsBotFlow").and_then(|b| b.get("intentSettings"));
        for item in intents.and_then(Y::seq).unwrap_or_default() {
            let i = item.get("intent").unwrap_or(item);
            let Some(name) = i.get("name").and_then(Y::text) else { continue };
            if let Some(e) = self.audio(i, "confirmation", "settingsBotFlow.intentSettings") {
                bot.confirmations.push((Arc::from(name.as_ref()), e));
            }
        }
        if let Some(eh) = body.get("settingsErrorHandling") {
            const EH: &str = "settingsErrorHandling";
            bot.escalation =
                matches!(self.literal(eh, "enableAgentEscalation", EH), Some(Value::Bool(true)));
            bot.escalation_confirmation = self.audio(eh, "agentEscalationConfirmation", EH);
            bot.escalation_handover = self.audio(eh, "agentEscalationHandover", EH);
            bot.error_handover = self.audio(eh, "errorEventHandover", EH);
            bot.recognition_failure_handover =
                self.audio(eh, "recognitionFailureEventHandover", EH);
        }
        Some(Arc::new(bot))
    }

    /// A `lit:` setting's value.
    fn literal(&mut self, y: &Y, key: &str, owner: &str) -> Option<Value> {
        let prop = format!("{owner}.{key}");
        match self.value(y.get(key)?, PropKind::Expr, At { node: NODE, prop: &prop }) {
            Prop::Expr(Expr { kind: ExprKind::Lit(v), .. }) => Some(v),
            _ => None,
        }
    }

    /// A communication setting (`exp: MakeCommunication(...)`, `tts:`).
    fn audio(&mut self, y: &Y, key: &str, owner: &str) -> Option<Expr> {
        let prop = format!("{owner}.{key}");
        match self.value(y.get(key)?, PropKind::Audio, At { node: NODE, prop: &prop }) {
            Prop::Expr(e) => Some(e),
            _ => None,
        }
    }
}
