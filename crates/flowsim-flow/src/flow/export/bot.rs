//! A bot flow's settings in an export: `nluMetaData.rawNlu` (the NLU domain as a JSON string,
//! the same shape Archy writes), `nluMetaData.intents.<name>.confirmation`,
//! `userInputSettings` and the bot parts of `errorHandling`.

use super::value::At;
use super::{s, Cx};
use crate::expr::Expr;
use crate::flow::action::Prop;
use crate::flow::bot::{self, BotSettings};
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
                self.error(crate::diag::Code::ValueIsTooLarge, None, "nluMetaData.rawNlu", message);
                None
            }
            Some(text) => match serde_json::from_str::<J>(text) {
                Ok(domain) => match Nlu::from_json(&domain) {
                    Ok(nlu) => Some(Arc::new(nlu)),
                    Err(errors) => {
                        for e in errors {
                            let path = format!("nluMetaData.rawNlu.{}", e.path);
                            self.error(
                                crate::diag::Code::BadNlu,
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
                    self.error(crate::diag::Code::BadNlu, None, "nluMetaData.rawNlu", message);
                    None
                }
            },
            None => None,
        };
        let mut bot = BotSettings::new(nlu);
        if let Some(u) = doc.get("userInputSettings").and_then(J::as_object) {
            bot::read_user_input(&mut bot.input, |key, kind| {
                self.setting(u, key, kind, "userInputSettings")
            });
        }
        if let Some(intents) = meta.and_then(|m| m.get("intents")).and_then(J::as_object) {
            for (name, i) in intents {
                let Some(i) = i.as_object() else { continue };
                let path = format!("nluMetaData.intents.{name}");
                if let Some(e) = self.setting(i, "confirmation", PropKind::Audio, &path) {
                    bot.confirmations.push((Arc::from(name.as_str()), e));
                }
            }
        }
        if let Some(eh) = doc.get("errorHandling").and_then(J::as_object) {
            bot::read_escalation(&mut bot, |key, kind| {
                self.setting(eh, key, kind, "errorHandling")
            });
        }
        Some(Arc::new(bot))
    }

    /// A setting (`{"text": "3", "type": "int"}`, a communication) read as a property of
    /// `kind`.
    fn setting(
        &mut self,
        o: &Map<String, J>,
        key: &str,
        kind: PropKind,
        owner: &str,
    ) -> Option<Expr> {
        let path = format!("{owner}.{key}");
        match self.prop(o.get(key), kind, At { node: None, path: &path }) {
            Prop::Expr(e) => Some(e),
            _ => None,
        }
    }
}
