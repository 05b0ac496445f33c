//! A bot flow's settings in Archy: `settingsNaturalLanguageUnderstanding` (the NLU domain,
//! compiled by [`crate::nlu`]), `settingsUserInput`, `settingsBotFlow.intentSettings` and the
//! bot parts of `settingsErrorHandling`.

use super::props::At;
use super::yaml::Y;
use super::Cx;
use crate::expr::Expr;
use crate::flow::action::Prop;
use crate::flow::bot::{self, BotSettings};
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
                        .diag(crate::diag::Code::BadNlu, format!("the NLU domain: {}", e.message), d.pos)
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
        if let Some(eh) = body.get("settingsErrorHandling") {
            bot::read_escalation(&mut bot, |key, kind| {
                self.setting(eh, key, kind, "settingsErrorHandling")
            });
        }
        Some(Arc::new(bot))
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
